//! Entry points shared by the fuzz targets (`fuzz/fuzz_targets/`, through this crate's library)
//! and the corpus replay test (`tests/fuzz_corpus.rs`, which includes this file), so that CI
//! exercises every input ever found with the same code. It uses jpki-core's public API only and
//! is not part of the library.
//! Each function must return (not panic) for any input; the
//! checks inside are properties that hold for every input the parser accepts.

use jpki_core::{BasicFourInfo, Certificate};

/// Parses `data` as a certificate (DER, and PEM if it looks like text) and reads every
/// accessor, so that lazily decoded parts are exercised too.
pub fn certificate(data: &[u8]) {
    if let Ok(cert) = Certificate::from_der(data) {
        exercise(&cert);
        // What parsed once parses again to the same thing.
        assert_eq!(Certificate::from_der(cert.der()).as_ref(), Ok(&cert));
    }
    if let Ok(certs) = Certificate::from_pem(data) {
        certs.iter().for_each(exercise);
    }
}

fn exercise(cert: &Certificate) {
    let _ = cert.serial().to_decimal();
    let _ = cert.issuer().to_rfc4514();
    let _ = cert.subject().attributes();
    let _ = cert.validity();
    let _ = cert.key_algorithm();
    let _ = cert.extensions().count();
    let _ = cert.authority_key_id();
    let _ = cert.subject_key_id();
    let _ = cert.environment();
    let kind = cert.kind();
    let four = cert.basic_four();
    if kind == Ok(jpki_core::CertificateKind::Signing) {
        assert!(
            four.is_ok(),
            "a signing certificate always has basic four items"
        );
    }
}

/// Decodes `data` as a subjectAltName value; whatever decodes must re-encode and decode back
/// to the same items.
pub fn basic_four(data: &[u8]) {
    if let Ok(info) = BasicFourInfo::from_subject_alt_name_der(data) {
        let again = BasicFourInfo::from_subject_alt_name_der(&info.to_subject_alt_name_der());
        assert_eq!(
            again.as_ref(),
            Ok(&info),
            "basic four items did not round-trip"
        );
    }
}

/// Parses `data` as a leaf and verifies it against a fixed test anchor (the test CA's roots,
/// seed 1), for every usage and both profiles. A verified certificate must fit its usage.
pub fn verify(data: &[u8]) {
    use jpki_core::{Profile, UnixTime, Usage, Verifier};
    use std::sync::OnceLock;

    static VERIFIERS: OnceLock<Option<[Verifier; 2]>> = OnceLock::new();
    let verifiers = VERIFIERS.get_or_init(|| {
        // Today's RSA roots and the next-generation P-384 roots, under one name per purpose.
        let ca = jpki_core::testkit::TestCa::builder(1)
            .next_generation()
            .build();
        let anchors: Vec<Certificate> = ca
            .signing_roots()
            .into_iter()
            .chain(ca.user_authentication_roots())
            .map(|r| r.certificate())
            .collect();
        let v = Verifier::new(anchors).ok()?;
        Some([v.clone(), v.with_profile(Profile::Rfc5280)])
    });
    let (Some(verifiers), Ok(leaf)) = (verifiers, Certificate::from_der(data)) else {
        return;
    };
    // 2027-01-01 (RSA generation) and 2030-01-01 (both generations).
    for at in [1_798_761_600, 1_893_456_000].map(UnixTime::from_unix_seconds) {
        for v in verifiers {
            for usage in [Usage::Any, Usage::Signing, Usage::UserAuthentication] {
                if let Ok(ok) = v.verify(&leaf, usage, at) {
                    assert!(ok.path_len() >= 2);
                    if v.profile() == Profile::Jpki {
                        let kind = ok.kind();
                        match usage {
                            Usage::Signing => {
                                assert_eq!(kind, Some(jpki_core::CertificateKind::Signing))
                            }
                            Usage::UserAuthentication => {
                                assert_eq!(
                                    kind,
                                    Some(jpki_core::CertificateKind::UserAuthentication)
                                )
                            }
                            _ => assert!(kind.is_some()),
                        }
                    }
                }
            }
        }
    }
}

/// Parses `data` as a CRL, decodes every entry, and checks it against the test CA's signing
/// root (seed 1) through an index; whatever indexes must answer consistently with its entries.
pub fn crl(data: &[u8]) {
    use jpki_core::{Crl, RevocationIndex};
    use std::sync::OnceLock;
    static ROOT: OnceLock<Certificate> = OnceLock::new();
    let root = ROOT.get_or_init(|| {
        jpki_core::testkit::TestCa::new(1)
            .signing_root()
            .certificate()
    });
    let Ok(crl) = Crl::from_der(data) else {
        return;
    };
    let _ = (
        crl.this_update(),
        crl.next_update(),
        crl.crl_number(),
        crl.partition(),
    );
    let entries: Vec<_> = crl.entries().take(100_000).collect();
    if let Ok(mut index) = RevocationIndex::new(root.clone())
        && index.insert(crl).is_ok()
    {
        let decoded = entries.iter().filter(|e| e.is_ok()).count();
        assert!(
            index.len() <= decoded,
            "the index holds more entries than the CRL"
        );
    }
}

/// Parses `data` as an OCSP response and asks it about a fixed certificate under the test CA
/// (seed 1): any answer or error, never a panic.
pub fn ocsp_response(data: &[u8]) {
    use jpki_core::{OcspResponse, UnixTime};
    use std::sync::OnceLock;
    static PAIR: OnceLock<(Certificate, Certificate)> = OnceLock::new();
    let (leaf, root) = PAIR.get_or_init(|| {
        let ca = jpki_core::testkit::TestCa::new(1);
        let leaf = ca
            .issue_signing(&jpki_core::testkit::HolderSpec::example())
            .certificate();
        (leaf, ca.signing_root().certificate())
    });
    if let Ok(r) = OcspResponse::from_der(data) {
        let _ = r.produced_at();
        let _ = r.status(leaf, root, UnixTime::from_unix_seconds(1_798_761_600));
    }
}

/// Reads `data` as PEM text: certificates, CRLs and raw blocks. Whatever decodes must encode
/// back to PEM that decodes to the same DER.
pub fn pem(data: &[u8]) {
    if let Ok(blocks) = jpki_core::pem::decode_all(data, "CERTIFICATE") {
        for der in &blocks {
            let text = jpki_core::pem::encode("CERTIFICATE", der);
            let again = jpki_core::pem::decode_all(text.as_bytes(), "CERTIFICATE");
            assert_eq!(
                again.as_deref(),
                Ok(&[der.clone()][..]),
                "PEM did not round-trip"
            );
        }
    }
    if let Ok(certs) = Certificate::from_pem(data) {
        certs.iter().for_each(exercise);
    }
    let _ = Certificate::from_der_or_pem(data);
    if let Ok(der) = jpki_core::Crl::pem_to_der(data) {
        let _ = jpki_core::Crl::from_der(&der).map(|c| c.this_update());
    }
}

/// Parses `data` as an OCSP request; whatever parses must encode back to the same bytes.
pub fn ocsp_request(data: &[u8]) {
    if let Ok(req) = jpki_core::OcspRequest::from_der(data) {
        let _ = (req.serial(), req.nonce());
        assert_eq!(
            req.to_der().as_deref(),
            Ok(data),
            "OCSP request did not round-trip"
        );
    }
}

/// Parses `data` as a CMS SignedData (DER, or PEM if it looks like text), reads every part, and
/// verifies it — attached, and detached over a fixed content — against a fixed test anchor
/// (the test CA's signing roots, seed 1). A valid report has at least one signer and every
/// signer valid; present signed attributes are a DER SET.
pub fn signed_data(data: &[u8]) {
    use jpki_core::{
        ContentDigests, SignedData, SignedDataReport, SignedDataVerifier, UnixTime, Verifier,
    };
    use std::sync::OnceLock;

    static VERIFIER: OnceLock<Option<SignedDataVerifier>> = OnceLock::new();
    let verifier = VERIFIER.get_or_init(|| {
        let ca = jpki_core::testkit::TestCa::builder(1)
            .next_generation()
            .build();
        let roots: Vec<Certificate> = ca.signing_roots().iter().map(|r| r.certificate()).collect();
        Verifier::new(roots).ok().map(SignedDataVerifier::new)
    });
    let Ok(signed) = SignedData::from_der_or_pem(data) else {
        return;
    };
    let _ = (
        signed.version(),
        signed.content_type(),
        signed.digest_algorithms(),
    );
    let _ = (
        signed.certificates().len(),
        signed.crls().len(),
        signed.ocsp_responses().len(),
    );
    for signer in signed.signers() {
        let _ = (
            signer.identifier(),
            signer.digest_algorithm(),
            signer.signature_algorithm(),
        );
        let _ = (
            signer.signed_attributes().len(),
            signer.unsigned_attributes().len(),
        );
        if let Some(der) = signer.signed_attributes_der() {
            assert_eq!(der.first(), Some(&0x31), "signed attributes are a SET");
        }
    }
    let Some(verifier) = verifier else { return };
    let check = |report: SignedDataReport| {
        if report.is_valid() {
            assert!(!report.signers().is_empty(), "valid without a signer");
            assert!(report.signers().iter().all(|s| s.result().is_ok()));
            assert!(report.into_verified().is_ok());
        }
    };
    let at = UnixTime::from_unix_seconds(1_798_761_600);
    check(verifier.verify(&signed, at));
    check(verifier.verify_digests(&signed, &ContentDigests::of(&signed, b"fuzz content"), at));
}

/// The time-stamp targets' fixed request (RFC 3161 TimeStampReq, DER): SHA-256 of
/// `b"fuzz content"`, reqPolicy `testkit::TEST_TSA_POLICY`, nonce sixteen 0x42 octets, certReq
/// TRUE. Fixed so that the seeds (the test TSA's answers to it, `tests/fuzz_corpus.rs`) pass
/// the check, and mutations of them reach the verifier.
pub const FIXED_TIMESTAMP_REQUEST: &[u8] = &[
    0x30, 0x58, 0x02, 0x01, 0x01, 0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65,
    0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20, 0x56, 0xd6, 0xb3, 0xa5, 0x3e, 0x77, 0x3c, 0x2b,
    0xfd, 0xe1, 0x50, 0x40, 0xdb, 0x68, 0xb5, 0x48, 0xc3, 0x6e, 0x6f, 0x74, 0x74, 0x91, 0xd7, 0xf6,
    0x5e, 0x86, 0xee, 0x9a, 0x35, 0xa7, 0x12, 0xb4, 0x06, 0x0b, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x86,
    0x8d, 0x1f, 0x98, 0x59, 0x01, 0x02, 0x10, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42,
    0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x01, 0x01, 0xff,
];

/// The time-stamp targets' fixed verifier: trusts the test TSA of seed 1 (`TestTsa::new(1)`).
fn tsa_verifier() -> Option<&'static jpki_core::TimestampVerifier> {
    use std::sync::OnceLock;
    static VERIFIER: OnceLock<Option<jpki_core::TimestampVerifier>> = OnceLock::new();
    VERIFIER
        .get_or_init(|| {
            let tsa = jpki_core::testkit::TestTsa::new(1);
            jpki_core::Verifier::new([tsa.root().certificate()])
                .ok()
                .map(jpki_core::TimestampVerifier::new)
        })
        .as_ref()
}

/// 2027-03-01T09:00:00Z: inside the test TSA's validity, the seeds' genTime.
const TSA_AT: u64 = 1_803_891_600;

/// Parses `data` as a TSTInfo and as a TimeStampToken, reads every field, and verifies a token
/// against the test TSA of seed 1. A parsed TSTInfo keeps the parser's rules.
pub fn tst_info(data: &[u8]) {
    use jpki_core::{TimestampToken, TstInfo, UnixTime};
    if let Ok(tst) = TstInfo::from_der(data) {
        assert_eq!(
            tst.hashed_message().len(),
            tst.hash_algorithm().output_len(),
            "imprint length"
        );
        assert!(tst.gen_time_nanos() < 1_000_000_000);
        if let Some(a) = tst.accuracy() {
            assert!(a.millis <= 999 && a.micros <= 999);
        }
        let _ = (tst.policy(), tst.serial(), tst.ordering(), tst.nonce());
        let _ = tst.tsa_name_der();
    }
    if let Ok(token) = TimestampToken::from_der(data) {
        assert_eq!(token.signed_data().signers().len(), 1, "one signer");
        let tst = token.tst_info();
        if let Some(verifier) = tsa_verifier() {
            let at = UnixTime::from_unix_seconds(TSA_AT);
            if let Ok(stamp) = verifier.verify(&token, at) {
                assert_eq!(stamp.gen_time(), tst.gen_time());
            }
            let _ = verifier.verify_digest(&token, tst.hashed_message(), at);
        }
    }
}

/// Parses `data` as a TimeStampResp (and as a TimeStampReq, which must encode back to `data`),
/// checks it against [`FIXED_TIMESTAMP_REQUEST`] and verifies what passes against the test TSA
/// of seed 1. A token is present exactly when the status grants; what passes the check has the
/// request's nonce and imprint.
pub fn timestamp_resp(data: &[u8]) {
    use jpki_core::{TimestampRequest, TimestampResponse, UnixTime};
    use std::sync::OnceLock;
    if let Ok(request) = TimestampRequest::from_der(data) {
        assert_eq!(
            request.to_der().as_deref(),
            Ok(data),
            "time-stamp request did not round-trip"
        );
    }
    let Ok(response) = TimestampResponse::from_der(data) else {
        return;
    };
    let _ = (response.status_strings().len(), response.fail_info());
    assert_eq!(response.token().is_some(), response.status().is_granted());
    static REQUEST: OnceLock<Option<TimestampRequest>> = OnceLock::new();
    let Some(request) = REQUEST
        .get_or_init(|| TimestampRequest::from_der(FIXED_TIMESTAMP_REQUEST).ok())
        .as_ref()
    else {
        return;
    };
    if let Ok(token) = response.check(request) {
        assert!(response.status().is_granted());
        let tst = token.tst_info();
        assert_eq!(tst.nonce(), request.nonce());
        assert_eq!(tst.hashed_message(), request.hashed_message());
        assert_eq!(Some(tst.policy()), request.policy());
        if let Some(verifier) = tsa_verifier() {
            let at = UnixTime::from_unix_seconds(TSA_AT);
            let _ = verifier.verify_digest(&token, request.hashed_message(), at);
        }
    }
}

/// Reads `data` as a PDF and verifies every signature against a fixed test anchor (the test
/// CA's signing root, seed 1), in the strict mode and under the Legal Affairs Bureau profile.
/// A valid report has a signature and every one valid and unmodified; the profile lists every
/// rule for every signature, and never accepts what the strict mode refuses.
pub fn pdf(data: &[u8]) {
    use jpki_core::{
        MAX_PDF_SIGNATURES, MojRule, PdfProfile, PdfVerifier, SignedDataVerifier, UnixTime,
        Verifier,
    };
    use std::sync::OnceLock;

    static VERIFIER: OnceLock<Option<PdfVerifier>> = OnceLock::new();
    let verifier = VERIFIER.get_or_init(|| {
        let ca = jpki_core::testkit::TestCa::new(1);
        Verifier::new([ca.signing_root().certificate()])
            .ok()
            .map(|v| PdfVerifier::new(SignedDataVerifier::new(v)))
    });
    let Some(strict) = verifier else { return };
    let at = UnixTime::from_unix_seconds(1_798_761_600);
    let Ok(report) = strict.verify(data, at) else {
        // What the strict reader refuses, the profile refuses too (the same reader).
        assert!(
            strict
                .clone()
                .with_profile(PdfProfile::Moj)
                .verify(data, at)
                .is_err()
        );
        return;
    };
    assert!(report.signatures().len() <= MAX_PDF_SIGNATURES);
    let _ = report.revisions();
    for sig in report.signatures() {
        let _ = (
            sig.field(),
            sig.sub_filter(),
            sig.byte_range(),
            sig.claimed_time(),
        );
        let _ = (sig.later_revisions(), sig.cms().map(|c| c.signers().len()));
        assert!(sig.rules().is_empty(), "the strict mode lists no rules");
        if sig.is_valid() {
            assert!(!sig.modified_after_signing(), "valid but modified");
            assert!(
                sig.cms().is_some_and(|c| c.is_valid()),
                "valid without a valid CMS"
            );
        }
    }
    if report.is_valid() {
        assert!(!report.signatures().is_empty(), "valid without a signature");
    }
    let moj = strict.clone().with_profile(PdfProfile::Moj);
    let Ok(profiled) = moj.verify(data, at) else {
        panic!("the profile refused a structure the strict mode read");
    };
    assert_eq!(profiled.signatures().len(), report.signatures().len());
    for (p, s) in profiled.signatures().iter().zip(report.signatures()) {
        let ids: Vec<MojRule> = p.rules().iter().map(|r| r.id()).collect();
        assert_eq!(ids, MojRule::EVERY, "every rule listed once, in order");
        assert!(
            s.is_valid() || !p.is_valid(),
            "the profile accepted a strict refusal"
        );
    }
}

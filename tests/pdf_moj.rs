//! The Legal Affairs Bureau profile (`PdfProfile::Moj`): the testkit's signature passes every
//! rule, and each rule has a file that breaks it — a fail-level rule refuses the signature with
//! `Error::MojRule`, a warn-level rule is only reported.

use jpki_core::testkit::{
    HolderSpec, ID_CONTENT_TYPE, ID_MESSAGE_DIGEST, IssuedCert, KeyType, SignedAttrs,
    SignedPdfBuilder, TestCa,
};
use jpki_core::{
    AttributeRule, DigestAlgorithm, Error, MojRule, PdfProfile, PdfReport, PdfVerifier, RuleLevel,
    SignedDataVerifier, UnixTime, Verifier,
};

fn setup() -> (TestCa, IssuedCert, PdfVerifier) {
    let ca = TestCa::new(20);
    let holder = ca.issue_signing(&HolderSpec::example());
    let verifier = PdfVerifier::new(SignedDataVerifier::new(
        Verifier::new([ca.signing_root().certificate()]).expect("anchor"),
    ))
    .with_profile(PdfProfile::Moj);
    (ca, holder, verifier)
}

fn at() -> UnixTime {
    UnixTime::parse_rfc3339("2027-01-01T00:00:00Z").expect("time")
}

fn verify(verifier: &PdfVerifier, pdf: &[u8]) -> PdfReport {
    verifier.verify(pdf, at()).expect("the structure parses")
}

/// The rules the first signature breaks.
fn broken(report: &PdfReport) -> Vec<MojRule> {
    report.signatures()[0]
        .rules()
        .iter()
        .filter(|r| !r.ok())
        .map(|r| r.id())
        .collect()
}

#[test]
fn the_testkit_signature_keeps_every_rule() {
    let (_, holder, verifier) = setup();
    for builder in [
        SignedPdfBuilder::new(),
        SignedPdfBuilder::new().xref_streams(),
    ] {
        let report = verify(&verifier, &builder.sign(&holder).build());
        assert!(report.is_valid(), "{:?}", report.error());
        let rules = report.signatures()[0].rules();
        let ids: Vec<MojRule> = rules.iter().map(|r| r.id()).collect();
        assert_eq!(ids, MojRule::EVERY);
        assert!(rules.iter().all(|r| r.ok()), "{rules:?}");
        for r in rules {
            assert_eq!(r.level(), r.id().level());
        }
    }
}

#[test]
fn the_strict_profile_lists_no_rules() {
    let (_, holder, verifier) = setup();
    let strict = verifier.with_profile(PdfProfile::Strict);
    let report = verify(&strict, &SignedPdfBuilder::new().sign(&holder).build());
    assert!(report.is_valid());
    assert!(report.signatures()[0].rules().is_empty());
}

/// `pdf` is valid in the strict mode and refused by the profile for `rule` alone.
fn refused_only_by(verifier: &PdfVerifier, pdf: &[u8], rule: MojRule) {
    let strict = verifier.clone().with_profile(PdfProfile::Strict);
    let report = verify(&strict, pdf);
    assert!(report.is_valid(), "strict: {:?}", report.error());
    let report = verify(verifier, pdf);
    assert_eq!(report.error(), Some(&Error::MojRule(rule)));
    assert_eq!(broken(&report), [rule]);
    assert_eq!(rule.level(), RuleLevel::Fail);
}

#[test]
fn type_sig_is_required() {
    let (_, holder, verifier) = setup();
    let pdf = SignedPdfBuilder::new().sign(&holder).without_type().build();
    refused_only_by(&verifier, &pdf, MojRule::TypeSig);
}

#[test]
fn the_subfilter_must_be_pkcs7_detached() {
    let (_, holder, verifier) = setup();
    // A valid CAdES signature (which writes no /M, as CAdES asks), under the profile refused
    // for its /SubFilter first.
    let pdf = SignedPdfBuilder::new()
        .sign_cades(&holder)
        .claimed_time(Some("D:20270101090000+09'00'"))
        .build();
    // /M and signingTime together are refused by the strict CAdES rules: keep /M, drop
    // signingTime (CAdES signs without it here already).
    refused_only_by(&verifier, &pdf, MojRule::SubFilterPkcs7Detached);
}

#[test]
fn name_must_be_present_and_not_empty() {
    let (_, holder, verifier) = setup();
    for name in [None, Some("")] {
        let pdf = SignedPdfBuilder::new()
            .sign(&holder)
            .signer_name(name)
            .build();
        refused_only_by(&verifier, &pdf, MojRule::NamePresent);
    }
}

#[test]
fn m_must_be_a_full_date_with_a_zone() {
    let (_, holder, verifier) = setup();
    for m in [
        None,
        Some("D:2027"),
        Some("D:20270101090000"),
        Some("D:202701010900+09'00'"),
        Some("D:20270101090000+0900"),
        Some("D:20270231090000Z"),
    ] {
        let pdf = SignedPdfBuilder::new()
            .sign(&holder)
            .claimed_time(m)
            .build();
        refused_only_by(&verifier, &pdf, MojRule::MFullDate);
    }
    for m in [
        "D:20270101000000Z",
        "D:20270101090000+09'00",
        "D:20261231190000-05'00'",
    ] {
        let pdf = SignedPdfBuilder::new()
            .sign(&holder)
            .claimed_time(Some(m))
            .build();
        let report = verify(&verifier, &pdf);
        assert!(report.is_valid(), "{m}: {:?}", report.error());
    }
}

#[test]
fn nothing_may_follow_the_newest_signature() {
    let (_, holder, verifier) = setup();
    // A /DSS revision is fine in the strict mode, not here.
    let pdf = SignedPdfBuilder::new().sign(&holder).add_dss().build();
    refused_only_by(&verifier, &pdf, MojRule::NothingAfterNewest);
    // Two signatures: the newest ends the file, so the rule holds for both; the first is
    // refused as modified (a signature field was added after it), as in the strict mode.
    let pdf = SignedPdfBuilder::new().sign(&holder).sign(&holder).build();
    let report = verify(&verifier, &pdf);
    assert_eq!(report.error(), Some(&Error::ModifiedAfterSigning));
    for sig in report.signatures() {
        assert!(sig.rules().iter().all(|r| r.ok()), "{:?}", sig.rules());
    }
    assert!(report.signatures()[1].is_valid());
}

#[test]
fn the_signer_certificate_must_be_embedded() {
    let (ca, holder, _) = setup();
    // Verifiable in the strict mode because the caller supplies the certificate.
    let verifier = PdfVerifier::new(SignedDataVerifier::new(
        Verifier::new([ca.signing_root().certificate()])
            .expect("anchor")
            .with_intermediates([holder.certificate()]),
    ))
    .with_profile(PdfProfile::Moj);
    let pdf = SignedPdfBuilder::new()
        .sign(&holder)
        .cms_without_certificates()
        .build();
    refused_only_by(&verifier, &pdf, MojRule::SignerCertEmbedded);
}

#[test]
fn signed_attributes_need_content_type_and_message_digest_and_a_direct_signature_is_allowed() {
    let (_, holder, verifier) = setup();
    let no_content_type = SignedPdfBuilder::new()
        .sign(&holder)
        .cms_signer(|s| {
            s.attributes = SignedAttrs::Edited(|a| a.retain(|x| x.oid != ID_CONTENT_TYPE))
        })
        .build();
    let report = verify(&verifier, &no_content_type);
    // The CMS rules (RFC 5652 §5.3) refuse it first; the profile's rule says the same.
    assert_eq!(
        report.error(),
        Some(&Error::AttributeRule(AttributeRule::MissingContentType))
    );
    assert!(broken(&report).contains(&MojRule::ContentTypeAndMessageDigest));
    let no_digest = SignedPdfBuilder::new()
        .sign(&holder)
        .cms_signer(|s| {
            s.attributes = SignedAttrs::Edited(|a| a.retain(|x| x.oid != ID_MESSAGE_DIGEST))
        })
        .build();
    let report = verify(&verifier, &no_digest);
    assert!(!report.is_valid());
    assert!(broken(&report).contains(&MojRule::ContentTypeAndMessageDigest));
    // Without signed attributes the signature is over the bytes themselves: allowed.
    let direct = SignedPdfBuilder::new()
        .sign(&holder)
        .cms_signer(|s| s.attributes = SignedAttrs::None)
        .build();
    let report = verify(&verifier, &direct);
    assert!(report.is_valid(), "{:?}", report.error());
    assert!(broken(&report).is_empty());
}

#[test]
fn a_digest_other_than_sha256_is_a_warning() {
    let (_, holder, verifier) = setup();
    let pdf = SignedPdfBuilder::new()
        .sign(&holder)
        .cms_signer(|s| s.digest = DigestAlgorithm::Sha384)
        .build();
    let report = verify(&verifier, &pdf);
    assert!(report.is_valid(), "{:?}", report.error());
    // SHA-384 digest, and with it sha384WithRSAEncryption: both warnings, no refusal.
    assert_eq!(
        broken(&report),
        [MojRule::MessageDigestSha256, MojRule::AlgorithmRsaSha256]
    );
    assert!(
        report.signatures()[0]
            .rules()
            .iter()
            .filter(|r| !r.ok())
            .all(|r| r.level() == RuleLevel::Warn)
    );
}

#[test]
fn a_message_digest_of_other_bytes_breaks_the_digest_rule() {
    let (_, holder, verifier) = setup();
    let pdf = SignedPdfBuilder::new()
        .sign(&holder)
        .cms_signer(|s| s.message_digest_of = Some(b"other bytes".to_vec()))
        .build();
    let report = verify(&verifier, &pdf);
    assert_eq!(report.error(), Some(&Error::ContentMismatch));
    assert_eq!(broken(&report), [MojRule::MessageDigestSha256]);
}

#[test]
fn an_ecdsa_signer_is_a_warning() {
    let (ca, _, verifier) = setup();
    let holder = ca.issue_signing(&HolderSpec::example().with_key_type(KeyType::EcdsaP256));
    let pdf = SignedPdfBuilder::new().sign(&holder).build();
    let report = verify(&verifier, &pdf);
    assert!(report.is_valid(), "{:?}", report.error());
    assert_eq!(broken(&report), [MojRule::AlgorithmRsaSha256]);
}

#[test]
fn an_earlier_refusal_stays_the_reason_and_every_rule_is_still_listed() {
    let (_, holder, verifier) = setup();
    // Refused by the strict ByteRange rule; the profile still lists all nine outcomes.
    let pdf = SignedPdfBuilder::new()
        .sign(&holder)
        .byte_range(|[_, b, c, d]| [1, b, c, d])
        .without_type()
        .build();
    let report = verify(&verifier, &pdf);
    assert!(matches!(report.error(), Some(Error::PdfSignature(_))));
    let rules = report.signatures()[0].rules();
    assert_eq!(rules.len(), MojRule::EVERY.len());
    assert!(!rules[0].ok());
    // The coverage was never established, so no signature is known to end the file.
    assert!(broken(&report).contains(&MojRule::NothingAfterNewest));
    assert!(!broken(&report).contains(&MojRule::NamePresent));
}

//! CMS SignedData made by the test CA: every shape verifies, and every rule of RFC 5652
//! §5.3 to §5.6 the verifier enforces has a document that breaks it and is refused with that
//! rule's error.

use jpki_core::testkit::{
    CmsBuilder, CrlSpec, HolderSpec, ID_CONTENT_TYPE, ID_COUNTERSIGNATURE, ID_MESSAGE_DIGEST,
    ID_SIGNING_TIME, IssuedCert, KeyType, OcspSpec, OcspStatusSpec, SignedAttrs, SignerId,
    TestAttribute, TestCa,
};
use jpki_core::{
    AttributeRule, ContentDigests, ContentHasher, ContentSource, CrlReason, DigestAlgorithm, Error,
    LegacySha1, Limited, Oid, RevocationIndex, SignedData, SignedDataProblem, SignedDataReport,
    SignedDataVerifier, SignerIdentifier, UnixTime, Usage, Verifier,
};

fn at() -> UnixTime {
    UnixTime::parse_rfc3339("2027-01-01T00:00:00Z").unwrap()
}

struct Fixture {
    ca: TestCa,
    holder: IssuedCert,
}

fn fixture() -> Fixture {
    let ca = TestCa::new(16);
    let holder = ca.issue_signing(&HolderSpec::example());
    Fixture { ca, holder }
}

impl Fixture {
    fn verifier(&self) -> SignedDataVerifier {
        SignedDataVerifier::new(Verifier::new([self.ca.signing_root().certificate()]).unwrap())
    }

    fn verify(&self, der: &[u8]) -> SignedDataReport {
        self.verifier()
            .verify(&SignedData::from_der(der).unwrap(), at())
    }

    fn error(&self, der: &[u8]) -> Error {
        self.verify(der).error().cloned().expect("refused")
    }
}

fn content() -> Vec<u8> {
    b"resident record change notification".to_vec()
}

#[test]
fn attached_rsa_with_each_sha2_digest_verifies() {
    let f = fixture();
    for digest in [
        DigestAlgorithm::Sha256,
        DigestAlgorithm::Sha384,
        DigestAlgorithm::Sha512,
    ] {
        for rsa_encryption_oid in [false, true] {
            let der = CmsBuilder::new(content())
                .signer_with(&f.holder, |s| {
                    s.digest = digest;
                    s.rsa_encryption_oid = rsa_encryption_oid;
                })
                .build();
            let verified = f.verify(&der).into_verified().unwrap();
            assert_eq!(verified.content(), Some(content().as_slice()));
            assert_eq!(verified.signers()[0].digest_algorithm(), digest);
            assert_eq!(
                verified.signers()[0].certificate().serial(),
                f.holder.serial
            );
        }
    }
}

#[test]
fn ecdsa_p384_signer_of_a_next_generation_card_verifies() {
    let ca = TestCa::builder(16).next_generation().build();
    let holder = ca.issue_signing(&HolderSpec::next_generation_example());
    assert_eq!(holder.private_key.key_type(), KeyType::EcdsaP384);
    let der = CmsBuilder::new(content())
        .signer_with(&holder, |s| s.digest = DigestAlgorithm::Sha384)
        .build();
    let verifier =
        SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()]).unwrap());
    let in_2030 = UnixTime::parse_rfc3339("2030-01-01T00:00:00Z").unwrap();
    let report = verifier.verify(&SignedData::from_der(&der).unwrap(), in_2030);
    assert!(report.is_valid(), "{:?}", report.error());
    // The curve's hash is SHA-384: a SHA-256 digestAlgorithm does not match ecdsa-with-SHA384.
    let der = CmsBuilder::new(content()).signer(&holder).build();
    let report = verifier.verify(&SignedData::from_der(&der).unwrap(), in_2030);
    assert_eq!(
        report.error(),
        Some(&Error::BadSignedData(
            SignedDataProblem::SignatureDigestMismatch
        ))
    );
}

#[test]
fn detached_content_streams_from_a_reader_and_must_match() {
    let f = fixture();
    let file = vec![7u8; 3 * 65_536 + 11];
    let der = CmsBuilder::new(file.clone())
        .detached()
        .signer(&f.holder)
        .build();
    let signed = SignedData::from_der(&der).unwrap();
    let report = f
        .verifier()
        .verify_detached(&signed, &file[..], at())
        .unwrap();
    assert_eq!(report.content_source(), ContentSource::Detached);
    assert!(report.is_valid(), "{:?}", report.error());
    let mut altered = file.clone();
    altered[65_536] ^= 1;
    let report = f
        .verifier()
        .verify_detached(&signed, &altered[..], at())
        .unwrap();
    assert_eq!(report.error(), Some(&Error::ContentMismatch));
    // Detached, and no content given.
    let report = f.verifier().verify(&signed, at());
    assert_eq!(
        report.error(),
        Some(&Error::BadSignedData(SignedDataProblem::ContentAbsent))
    );
    // Attached, and content given as well: refused rather than choosing one.
    let attached =
        SignedData::from_der(&CmsBuilder::new(file.clone()).signer(&f.holder).build()).unwrap();
    let report = f
        .verifier()
        .verify_detached(&attached, &file[..], at())
        .unwrap();
    assert_eq!(
        report.error(),
        Some(&Error::BadSignedData(SignedDataProblem::ContentGivenTwice))
    );
}

#[test]
fn without_signed_attributes_the_signature_is_over_the_content() {
    let f = fixture();
    for detached in [false, true] {
        let mut b = CmsBuilder::new(content());
        if detached {
            b = b.detached();
        }
        let der = b
            .signer_with(&f.holder, |s| s.attributes = SignedAttrs::None)
            .build();
        let signed = SignedData::from_der(&der).unwrap();
        assert!(!signed.signers()[0].has_signed_attributes());
        let report = if detached {
            f.verifier()
                .verify_detached(&signed, &content()[..], at())
                .unwrap()
        } else {
            f.verifier().verify(&signed, at())
        };
        assert!(report.is_valid(), "{:?}", report.error());
        let other =
            f.verifier()
                .verify_digests(&signed, &ContentDigests::of(&signed, b"other"), at());
        if detached {
            assert_eq!(other.error(), Some(&Error::BadSignature));
        }
    }
}

#[test]
fn without_signed_attributes_the_content_is_verified_from_its_digest() {
    let f = fixture();
    let file: Vec<u8> = (0..200_000u32).map(|i| (i % 253) as u8).collect();
    for digest in [
        DigestAlgorithm::Sha256,
        DigestAlgorithm::Sha384,
        DigestAlgorithm::Sha512,
    ] {
        let der = CmsBuilder::new(file.clone())
            .detached()
            .signer_with(&f.holder, |s| {
                s.attributes = SignedAttrs::None;
                s.digest = digest;
            })
            .build();
        let signed = SignedData::from_der(&der).unwrap();
        // Fed in uneven pieces, as a PDF's byte ranges: one digest, one verdict.
        let mut hasher = ContentHasher::new(&signed);
        for piece in file.chunks(7_919) {
            hasher.update(piece);
        }
        let report = f.verifier().verify_digests(&signed, &hasher.finish(), at());
        assert!(report.is_valid(), "{digest}: {:?}", report.error());
        // One byte short: the signature is not over that.
        let short = ContentDigests::of(&signed, &file[..file.len() - 1]);
        let report = f.verifier().verify_digests(&signed, &short, at());
        assert_eq!(report.error(), Some(&Error::BadSignature), "{digest}");
    }
    // Digests made for another document, whose signer used another digest algorithm: the
    // content's SHA-256 is not there, and nothing is guessed.
    let direct = SignedData::from_der(
        &CmsBuilder::new(file.clone())
            .detached()
            .signer_with(&f.holder, |s| s.attributes = SignedAttrs::None)
            .build(),
    )
    .unwrap();
    let sha384 = SignedData::from_der(
        &CmsBuilder::new(file.clone())
            .detached()
            .signer_with(&f.holder, |s| s.digest = DigestAlgorithm::Sha384)
            .build(),
    )
    .unwrap();
    let report = f
        .verifier()
        .verify_digests(&direct, &ContentDigests::of(&sha384, &file), at());
    assert_eq!(
        report.error(),
        Some(&Error::BadSignedData(SignedDataProblem::ContentAbsent))
    );
}

/// Every backend this build has, as verifiers trusting `ca`'s signing root (with its name).
fn verifiers_on_every_backend(ca: &TestCa) -> Vec<(&'static str, SignedDataVerifier)> {
    // Pushed to only with the aws-lc-rs feature.
    #[allow(unused_mut)]
    let mut backends: Vec<&'static dyn jpki_core::crypto::CryptoBackend> =
        vec![&jpki_core::crypto::RustCrypto];
    #[cfg(feature = "aws-lc-rs")]
    backends.push(&jpki_core::crypto::AwsLcRs);
    backends
        .into_iter()
        .map(|b| {
            let verifier = Verifier::new([ca.signing_root().certificate()])
                .unwrap()
                .with_backend(b)
                .unwrap();
            (b.name(), SignedDataVerifier::new(verifier))
        })
        .collect()
}

#[test]
fn sha1_signers_are_refused_unless_the_legacy_policy_allows_them() {
    let f = fixture();
    let id_sha1 = DigestAlgorithm::Sha1.oid();
    let cutoff = UnixTime::parse_rfc3339("2028-01-01T00:00:00Z").unwrap();
    for (backend, verifier) in verifiers_on_every_backend(&f.ca) {
        for attributes in [true, false] {
            for rsa_encryption_oid in [false, true] {
                let der = CmsBuilder::new(content())
                    .detached()
                    .signer_with(&f.holder, |s| {
                        s.digest = DigestAlgorithm::Sha1;
                        s.rsa_encryption_oid = rsa_encryption_oid;
                        if !attributes {
                            s.attributes = SignedAttrs::None;
                        }
                    })
                    .build();
                let signed = SignedData::from_der(&der).unwrap();
                assert_eq!(
                    signed.signers()[0].signature_algorithm(),
                    jpki_core::SignatureAlgorithm::RsaPkcs1Sha1
                );
                let case = format!(
                    "{backend}, attributes {attributes}, rsaEncryption {rsa_encryption_oid}"
                );
                let verify = |v: &SignedDataVerifier, data: &[u8], at: UnixTime| {
                    v.verify_detached(&signed, data, at).unwrap()
                };
                // Off by default: id-sha1 is unsupported.
                let report = verify(&verifier, &content(), at());
                assert_eq!(
                    report.error(),
                    Some(&Error::UnsupportedAlgorithm(id_sha1)),
                    "{case}"
                );
                // Allowed, before the cut-off: valid, and reported as SHA-1.
                let legacy = verifier
                    .clone()
                    .with_legacy_sha1(LegacySha1::AllowBefore(cutoff));
                let report = verify(&legacy, &content(), at());
                let verified = report
                    .into_verified()
                    .unwrap_or_else(|e| panic!("{case}: {e}"));
                assert_eq!(
                    verified.signers()[0].digest_algorithm(),
                    DigestAlgorithm::Sha1
                );
                // At or after the cut-off: refused as by default.
                let report = verify(&legacy, &content(), cutoff);
                assert_eq!(
                    report.error(),
                    Some(&Error::UnsupportedAlgorithm(id_sha1)),
                    "{case}"
                );
                // Allowed, but over other content: the signature (or messageDigest) says no.
                let report = verify(&legacy, b"altered", at());
                let expected = if attributes {
                    Error::ContentMismatch
                } else {
                    Error::BadSignature
                };
                assert_eq!(report.error(), Some(&expected), "{case}");
                let report = verify(
                    &verifier.clone().with_legacy_sha1(LegacySha1::Allow),
                    &content(),
                    cutoff,
                );
                assert!(report.is_valid(), "{case}: {:?}", report.error());
            }
        }
        // Allowed, but the signature tampered with: bad.
        let tampered = CmsBuilder::new(content())
            .signer_with(&f.holder, |s| {
                s.digest = DigestAlgorithm::Sha1;
                s.corrupt_signature = true;
            })
            .build();
        let report = verifier
            .clone()
            .with_legacy_sha1(LegacySha1::Allow)
            .verify(&SignedData::from_der(&tampered).unwrap(), at());
        assert_eq!(report.error(), Some(&Error::BadSignature), "{backend}");
    }
}

#[test]
fn sha1_is_never_mixed_with_another_hash_nor_used_with_ecdsa() {
    let f = fixture();
    let allow = |v: SignedDataVerifier| v.with_legacy_sha1(LegacySha1::Allow);
    // sha1WithRSAEncryption under a SHA-256 digestAlgorithm (and the reverse): a mismatch, not
    // a SHA-1 signature.
    let der = CmsBuilder::new(content())
        .signer_with(&f.holder, |s| s.digest = DigestAlgorithm::Sha1)
        .build();
    let sha1_with_rsa = [
        0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x05,
    ];
    let sha256_with_rsa = [
        0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b,
    ];
    let pos = der
        .windows(sha1_with_rsa.len())
        .rposition(|w| w == sha1_with_rsa)
        .unwrap();
    let mut mixed = der.clone();
    mixed[pos..pos + sha256_with_rsa.len()].copy_from_slice(&sha256_with_rsa);
    let report = allow(f.verifier()).verify(&SignedData::from_der(&mixed).unwrap(), at());
    assert_eq!(
        report.error(),
        Some(&Error::BadSignedData(
            SignedDataProblem::SignatureDigestMismatch
        ))
    );
    let der = CmsBuilder::new(content()).signer(&f.holder).build();
    let pos = der
        .windows(sha256_with_rsa.len())
        .rposition(|w| w == sha256_with_rsa)
        .unwrap();
    let mut mixed = der.clone();
    mixed[pos..pos + sha1_with_rsa.len()].copy_from_slice(&sha1_with_rsa);
    let report = allow(f.verifier()).verify(&SignedData::from_der(&mixed).unwrap(), at());
    assert_eq!(
        report.error(),
        Some(&Error::BadSignedData(
            SignedDataProblem::SignatureDigestMismatch
        ))
    );
    // ECDSA signs with its curve's hash: a SHA-1 digestAlgorithm beside it is a mismatch.
    let ca = TestCa::builder(16).next_generation().build();
    let holder = ca.issue_signing(&HolderSpec::next_generation_example());
    let der = CmsBuilder::new(content())
        .signer_with(&holder, |s| s.digest = DigestAlgorithm::Sha1)
        .build();
    let verifier = allow(SignedDataVerifier::new(
        Verifier::new([ca.signing_root().certificate()]).unwrap(),
    ));
    let in_2030 = UnixTime::parse_rfc3339("2030-01-01T00:00:00Z").unwrap();
    let report = verifier.verify(&SignedData::from_der(&der).unwrap(), in_2030);
    assert_eq!(
        report.error(),
        Some(&Error::BadSignedData(
            SignedDataProblem::SignatureDigestMismatch
        ))
    );
}

#[test]
fn subject_key_identifier_signer_is_found() {
    let f = fixture();
    let der = CmsBuilder::new(content())
        .signer_with(&f.holder, |s| s.id = SignerId::SubjectKeyIdentifier)
        .build();
    let signed = SignedData::from_der(&der).unwrap();
    assert_eq!(signed.version(), 3);
    assert!(matches!(
        signed.signers()[0].identifier(),
        SignerIdentifier::SubjectKeyIdentifier(k) if Some(k.as_slice()) == f.holder.certificate().subject_key_id()
    ));
    assert!(f.verify(&der).is_valid());
}

#[test]
fn every_signer_is_verified_and_reported() {
    let f = fixture();
    let second = f.ca.issue_signing(&HolderSpec::example());
    let der = CmsBuilder::new(content())
        .signer(&f.holder)
        .signer_with(&second, |s| s.corrupt_signature = true)
        .build();
    let report = f.verify(&der);
    assert_eq!(report.signers().len(), 2);
    // SignerInfos are a SET OF in DER order: one valid, one refused, whichever comes first.
    let refused: Vec<_> = report
        .signers()
        .iter()
        .filter_map(|s| s.result().err())
        .collect();
    assert_eq!(refused, [&Error::BadSignature]);
    assert!(!report.is_valid());
    assert_eq!(report.into_verified().err(), Some(Error::BadSignature));
    // Both good: valid.
    let der = CmsBuilder::new(content())
        .signer(&f.holder)
        .signer(&second)
        .build();
    assert_eq!(f.verify(&der).into_verified().unwrap().signers().len(), 2);
}

#[test]
fn no_signer_is_refused() {
    let f = fixture();
    assert_eq!(
        f.error(&CmsBuilder::new(content()).build()),
        Error::NoSigner
    );
}

#[test]
fn signer_not_found_without_its_certificate_unless_the_caller_has_it() {
    let f = fixture();
    let der = CmsBuilder::new(content())
        .signer(&f.holder)
        .without_certificates()
        .build();
    assert_eq!(f.error(&der), Error::SignerNotFound);
    let verifier = SignedDataVerifier::new(
        Verifier::new([f.ca.signing_root().certificate()])
            .unwrap()
            .with_intermediates([f.holder.certificate()]),
    );
    assert!(
        verifier
            .verify(&SignedData::from_der(&der).unwrap(), at())
            .is_valid()
    );
}

#[test]
fn signing_time_is_reported_and_never_used_as_the_validation_time() {
    let f = fixture();
    // Claimed inside the certificate's validity, verified at a time after it: still expired.
    let claimed = UnixTime::parse_rfc3339("2027-06-01T00:00:00Z").unwrap();
    let der = CmsBuilder::new(content())
        .signer_with(&f.holder, |s| {
            s.attributes = SignedAttrs::Default {
                signing_time: Some(claimed),
            }
        })
        .build();
    let late = UnixTime::parse_rfc3339("2045-01-01T00:00:00Z").unwrap();
    let report = f
        .verifier()
        .verify(&SignedData::from_der(&der).unwrap(), late);
    assert!(matches!(report.error(), Some(Error::Expired { at, .. }) if *at == late));
    assert_eq!(report.signers()[0].signing_time(), Some(claimed));
    // A claimed time far after the certificate's validity does not make it expired either.
    let far = UnixTime::parse_rfc3339("2060-01-01T00:00:00Z").unwrap();
    let der = CmsBuilder::new(content())
        .signer_with(&f.holder, |s| {
            s.attributes = SignedAttrs::Default {
                signing_time: Some(far),
            }
        })
        .build();
    let verified = f.verify(&der).into_verified().unwrap();
    assert_eq!(verified.signers()[0].signing_time(), Some(far));
}

#[test]
fn wrong_usage_and_user_authentication_on_request() {
    let f = fixture();
    let auth = f.ca.issue_user_authentication(&HolderSpec::example());
    let der = CmsBuilder::new(content()).signer(&auth).build();
    let verifier = SignedDataVerifier::new(
        Verifier::new([
            f.ca.signing_root().certificate(),
            f.ca.user_authentication_root().certificate(),
        ])
        .unwrap(),
    );
    let signed = SignedData::from_der(&der).unwrap();
    assert!(matches!(
        verifier.verify(&signed, at()).error(),
        Some(Error::WrongCertificateKind { .. })
    ));
    assert!(
        verifier
            .clone()
            .with_usage(Usage::UserAuthentication)
            .verify(&signed, at())
            .is_valid()
    );
}

// ---- revocation: embedded CRLs and OCSP responses, plus the caller's sources ----

#[test]
fn an_embedded_crl_that_revokes_the_signer_refuses_it() {
    let f = fixture();
    let revoked_at = UnixTime::parse_rfc3339("2026-12-01T00:00:00Z").unwrap();
    let crl = f.ca.issue_crl(&CrlSpec::signing(at()).revoke(
        f.holder.serial,
        revoked_at,
        Some(CrlReason::AffiliationChanged),
    ));
    let der = CmsBuilder::new(content())
        .signer(&f.holder)
        .crl(crl)
        .build();
    assert!(matches!(f.error(&der), Error::Revoked { .. }));
    // A CRL that does not list it: good.
    let der = CmsBuilder::new(content())
        .signer(&f.holder)
        .crl(f.ca.issue_crl(&CrlSpec::signing(at())))
        .build();
    let verified = f.verify(&der).into_verified().unwrap();
    assert_eq!(
        verified.signers()[0]
            .certificate()
            .revocation()
            .map(|s| s.as_str()),
        Some("good")
    );
}

#[test]
fn revoked_wins_over_an_embedded_good_crl() {
    let f = fixture();
    let embedded_good = f.ca.issue_crl(&CrlSpec::signing(at()));
    let der = CmsBuilder::new(content())
        .signer(&f.holder)
        .crl(embedded_good)
        .build();
    let mut index = RevocationIndex::new(f.ca.signing_root().certificate()).unwrap();
    index
        .insert_der(&f.ca.issue_crl(&CrlSpec::signing(at()).number(2).revoke(
            f.holder.serial,
            at().minus_seconds(60),
            None,
        )))
        .unwrap();
    let verifier = SignedDataVerifier::new(
        Verifier::new([f.ca.signing_root().certificate()])
            .unwrap()
            .with_revocation(index),
    );
    let report = verifier.verify(&SignedData::from_der(&der).unwrap(), at());
    assert!(matches!(report.error(), Some(Error::Revoked { .. })));
}

#[test]
fn embedded_ocsp_responses_speak_for_the_signer() {
    let f = fixture();
    let revoked =
        f.ca.issue_ocsp_response(&OcspSpec::good(f.holder.serial, at()).with_status(
            OcspStatusSpec::Revoked(at().minus_seconds(3600), Some(CrlReason::KeyCompromise)),
        ));
    let der = CmsBuilder::new(content())
        .signer(&f.holder)
        .ocsp_response(revoked)
        .build();
    assert_eq!(SignedData::from_der(&der).unwrap().version(), 5);
    assert!(matches!(f.error(&der), Error::Revoked { .. }));
    let good =
        f.ca.issue_ocsp_response(&OcspSpec::good(f.holder.serial, at()));
    let der = CmsBuilder::new(content())
        .signer(&f.holder)
        .ocsp_response(good)
        .build();
    assert!(f.verify(&der).is_valid());
}

#[test]
fn stale_embedded_data_fails_closed() {
    let f = fixture();
    let old = UnixTime::parse_rfc3339("2026-01-01T00:00:00Z").unwrap();
    let der = CmsBuilder::new(content())
        .signer(&f.holder)
        .crl(f.ca.issue_crl(&CrlSpec::signing(old)))
        .build();
    assert!(matches!(f.error(&der), Error::RevocationUnknown(_)));
}

// ---- the attribute rules, one document each ----

fn attribute_error(edit: fn(&mut Vec<TestAttribute>)) -> Error {
    let f = fixture();
    let der = CmsBuilder::new(content())
        .signer_with(&f.holder, |s| s.attributes = SignedAttrs::Edited(edit))
        .build();
    f.error(&der)
}

#[test]
fn content_type_and_message_digest_are_mandatory() {
    assert_eq!(
        attribute_error(|a| a.retain(|x| x.oid != ID_CONTENT_TYPE)),
        Error::AttributeRule(AttributeRule::MissingContentType)
    );
    assert_eq!(
        attribute_error(|a| a.retain(|x| x.oid != ID_MESSAGE_DIGEST)),
        Error::AttributeRule(AttributeRule::MissingMessageDigest)
    );
}

#[test]
fn content_type_must_match_e_content_type() {
    assert_eq!(
        attribute_error(|a| {
            for x in a.iter_mut().filter(|x| x.oid == ID_CONTENT_TYPE) {
                // id-signedData instead of id-data.
                x.values = vec![vec![
                    0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02,
                ]];
            }
        }),
        Error::AttributeRule(AttributeRule::ContentTypeMismatch)
    );
    assert_eq!(
        attribute_error(|a| {
            for x in a.iter_mut().filter(|x| x.oid == ID_CONTENT_TYPE) {
                x.values = vec![vec![0x05, 0x00]];
            }
        }),
        Error::AttributeRule(AttributeRule::BadContentType)
    );
}

#[test]
fn message_digest_must_be_an_octet_string_of_the_content() {
    assert_eq!(
        attribute_error(|a| {
            for x in a.iter_mut().filter(|x| x.oid == ID_MESSAGE_DIGEST) {
                x.values = vec![vec![0x05, 0x00]];
            }
        }),
        Error::AttributeRule(AttributeRule::BadMessageDigest)
    );
    let f = fixture();
    let der = CmsBuilder::new(content())
        .signer_with(&f.holder, |s| {
            s.message_digest_of = Some(b"another document".to_vec())
        })
        .build();
    assert_eq!(f.error(&der), Error::ContentMismatch);
}

#[test]
fn single_valued_attributes_appear_once_with_one_value() {
    assert_eq!(
        attribute_error(|a| {
            let dup = a
                .iter()
                .find(|x| x.oid == ID_SIGNING_TIME)
                .cloned()
                .unwrap();
            let mut later = dup.clone();
            later.values = vec![vec![
                0x17, 0x0d, b'2', b'6', b'0', b'7', b'0', b'1', b'0', b'0', b'0', b'0', b'0', b'0',
                b'Z',
            ]];
            a.push(later);
        }),
        Error::AttributeRule(AttributeRule::Repeated)
    );
    assert_eq!(
        attribute_error(|a| {
            for x in a.iter_mut().filter(|x| x.oid == ID_SIGNING_TIME) {
                let mut second = x.values[0].clone();
                second[3] = b'7';
                x.values.push(second);
            }
        }),
        Error::AttributeRule(AttributeRule::NotSingleValued)
    );
    assert_eq!(
        attribute_error(|a| {
            for x in a.iter_mut().filter(|x| x.oid == ID_MESSAGE_DIGEST) {
                x.values.clear();
            }
        }),
        Error::AttributeRule(AttributeRule::NotSingleValued)
    );
}

#[test]
fn signing_time_must_be_a_der_time_utc_before_2050() {
    assert_eq!(
        attribute_error(|a| {
            for x in a.iter_mut().filter(|x| x.oid == ID_SIGNING_TIME) {
                // GeneralizedTime for 2026: RFC 5652 §11.3 requires UTCTime.
                x.values = vec![b"\x18\x0f20260601000000Z".to_vec()];
            }
        }),
        Error::AttributeRule(AttributeRule::BadSigningTime)
    );
    assert_eq!(
        attribute_error(|a| {
            for x in a.iter_mut().filter(|x| x.oid == ID_SIGNING_TIME) {
                x.values = vec![b"\x17\x0b2606010000Z".to_vec()]; // no seconds: not DER
            }
        }),
        Error::AttributeRule(AttributeRule::BadSigningTime)
    );
}

#[test]
fn countersignature_is_never_signed_and_signed_only_attributes_never_unsigned() {
    assert_eq!(
        attribute_error(|a| a.push(TestAttribute::new(
            ID_COUNTERSIGNATURE,
            vec![vec![0x30, 0x00]]
        ))),
        Error::AttributeRule(AttributeRule::CountersignatureSigned)
    );
    let f = fixture();
    for oid in [ID_CONTENT_TYPE, ID_MESSAGE_DIGEST, ID_SIGNING_TIME] {
        let der = CmsBuilder::new(content())
            .signer_with(&f.holder, |s| {
                s.unsigned_attributes = vec![TestAttribute::new(oid, vec![vec![0x05, 0x00]])]
            })
            .build();
        assert_eq!(
            f.error(&der),
            Error::AttributeRule(AttributeRule::SignedOnlyAttributeUnsigned)
        );
    }
    // An unrelated unsigned attribute is kept and does not refuse the signer.
    let der = CmsBuilder::new(content())
        .signer_with(&f.holder, |s| {
            s.unsigned_attributes = vec![TestAttribute::new(
                "1.2.3.4".parse::<Oid>().unwrap(),
                vec![vec![0x05, 0x00]],
            )]
        })
        .build();
    let signed = SignedData::from_der(&der).unwrap();
    assert_eq!(signed.signers()[0].unsigned_attributes().len(), 1);
    assert!(f.verify(&der).is_valid());
}

#[test]
fn empty_attribute_sets_are_refused() {
    assert_eq!(
        attribute_error(|a| a.clear()),
        Error::AttributeRule(AttributeRule::EmptySigned)
    );
    let f = fixture();
    let der = CmsBuilder::new(content())
        .signer_with(&f.holder, |s| s.empty_unsigned_attributes = true)
        .build();
    assert_eq!(
        f.error(&der),
        Error::AttributeRule(AttributeRule::EmptyUnsigned)
    );
}

#[test]
fn signed_attributes_not_in_der_order_are_refused_even_when_the_signature_verifies() {
    let f = fixture();
    let der = CmsBuilder::new(content())
        .signer_with(&f.holder, |s| s.unsorted_attributes = true)
        .build();
    // The signature is over exactly the bytes received: a lenient verifier would accept it.
    assert_eq!(
        f.error(&der),
        Error::AttributeRule(AttributeRule::NotDerOrder)
    );
}

#[test]
fn content_other_than_data_needs_signed_attributes() {
    let f = fixture();
    let tst_info: Oid = "1.2.840.113549.1.9.16.1.4".parse().unwrap();
    let der = CmsBuilder::new(content())
        .content_type(tst_info)
        .signer_with(&f.holder, |s| s.attributes = SignedAttrs::None)
        .build();
    assert_eq!(
        f.error(&der),
        Error::AttributeRule(AttributeRule::SignedAttributesRequired)
    );
    let der = CmsBuilder::new(content())
        .content_type(tst_info)
        .signer(&f.holder)
        .build();
    assert!(f.verify(&der).is_valid());
}

// ---- structure ----

#[test]
fn version_rules_are_enforced() {
    let f = fixture();
    for wrong in [0, 2, 3, 4, 5] {
        let der = CmsBuilder::new(content())
            .signer(&f.holder)
            .version(wrong)
            .build();
        assert_eq!(
            SignedData::from_der(&der).err(),
            Some(Error::BadSignedData(SignedDataProblem::Version)),
            "version {wrong}"
        );
    }
    let der = CmsBuilder::new(content())
        .signer_with(&f.holder, |s| s.version = Some(3))
        .build();
    assert_eq!(
        SignedData::from_der(&der).err(),
        Some(Error::BadSignedData(SignedDataProblem::SignerInfoVersion))
    );
}

#[test]
fn digests_other_than_sha2_are_unsupported() {
    let f = fixture();
    let der = CmsBuilder::new(content()).signer(&f.holder).build();
    // Replace id-sha256 in the SignerInfo's digestAlgorithm by another OID: a structural edit, so
    // the signature no longer matters — the algorithm is refused first.
    let sha256 = [
        0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01,
    ];
    let pos = der
        .windows(sha256.len())
        .rposition(|w| w == sha256)
        .unwrap();
    let mut sha1 = der.clone();
    // id-sha1 1.3.14.3.2.26 is 5 octets; keep the length by using an unknown 9-octet OID.
    sha1[pos + 10] = 0x09; // 2.16.840.1.101.3.4.2.9: not a digest the crate verifies
    let report = f.verify(&sha1);
    assert!(matches!(
        report.error(),
        Some(Error::UnsupportedAlgorithm(_))
    ));
    assert!(matches!(
        report.signers()[0].digest_algorithm(),
        DigestAlgorithm::Unsupported(_)
    ));
}

#[test]
fn pem_with_cms_and_pkcs7_labels() {
    let f = fixture();
    let der = CmsBuilder::new(content()).signer(&f.holder).build();
    for label in ["CMS", "PKCS7"] {
        let text = jpki_core::pem::encode(label, &der);
        assert!(
            f.verifier()
                .verify(&SignedData::from_der_or_pem(text.as_bytes()).unwrap(), at())
                .is_valid()
        );
    }
    let two = format!(
        "{}{}",
        jpki_core::pem::encode("CMS", &der),
        jpki_core::pem::encode("PKCS7", &der)
    );
    assert!(matches!(
        SignedData::from_pem(two.as_bytes()),
        Err(Error::BadPem(_))
    ));
}

#[test]
fn strict_der_and_limits() {
    let f = fixture();
    let der = CmsBuilder::new(content()).signer(&f.holder).build();
    let mut trailing = der.clone();
    trailing.push(0);
    assert!(matches!(
        SignedData::from_der(&trailing),
        Err(Error::BadDer { .. })
    ));
    for cut in [1, der.len() / 2, der.len() - 1] {
        assert!(SignedData::from_der(&der[..cut]).is_err());
    }
    let mut b = CmsBuilder::new(content());
    for _ in 0..=jpki_core::MAX_SIGNERS {
        b = b.signer(&f.holder);
    }
    assert!(matches!(
        SignedData::from_der(&b.build()),
        Err(Error::TooLarge {
            what: Limited::Signers | Limited::DigestAlgorithms,
            ..
        })
    ));
}

#[test]
fn look_alike_certificates_with_the_signers_identifiers_are_passed_over() {
    use jpki_core::testkit::{KeyType, PrivateKey};
    let f = fixture();
    let real = f.holder.certificate();
    // Certificates with the holder's issuer, serial and key identifier but another key, signed
    // by that other key (so no chain either), put before the real one.
    let mut b = CmsBuilder::new(content());
    for n in 0..20u64 {
        let key = PrivateKey::generate(KeyType::EcdsaP256, n, "look-alike");
        let mut template = f.ca.signing_template(&HolderSpec::example());
        template.serial = real.serial().to_der_integer_content();
        template.spki = key.public_key_der();
        template
            .extensions
            .retain(|e| e.oid != jpki_core::oids::SUBJECT_KEY_IDENTIFIER);
        template
            .extensions
            .push(jpki_core::testkit::ext::subject_key_id(
                real.subject_key_id().unwrap(),
            ));
        b = b.certificate(template.sign(&key));
    }
    for id in [
        SignerId::IssuerAndSerialNumber,
        SignerId::SubjectKeyIdentifier,
    ] {
        let der = b.clone().signer_with(&f.holder, |s| s.id = id).build();
        let signed = SignedData::from_der(&der).unwrap();
        assert_eq!(signed.certificates().len(), 21);
        let report = f.verifier().verify(&signed, at());
        assert!(report.is_valid(), "{id:?}: {:?}", report.error());
        assert_eq!(report.signers()[0].certificate(), Some(&real));
    }
    // Without the real certificate: every look-alike fails the signature check (their P-256
    // keys cannot verify an RSA signature: refused, never chain-validated).
    let der = b.clone().without_certificates().signer(&f.holder).build();
    assert!(matches!(f.error(&der), Error::UnsupportedAlgorithm(_)));
    // An RSA look-alike among them: a key of the right type that did not sign is a bad
    // signature.
    let other = PrivateKey::generate(KeyType::Rsa2048, 16, "look-alike-rsa");
    let mut template = f.ca.signing_template(&HolderSpec::example());
    template.spki = other.public_key_der();
    let der = b
        .without_certificates()
        .certificate(template.sign(&other))
        .signer(&f.holder)
        .build();
    assert_eq!(f.error(&der), Error::BadSignature);
}

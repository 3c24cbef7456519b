//! Every check of the verifier, positive and negative, on RSA and on P-256 chains.
//! (Compiled only under `#[cfg(test)]`, declared in the parent module.)

use super::*;
use crate::testkit::{
    CertificateTemplate, HolderSpec, IssuedCert, KeyType, PrivateKey, StringType,
    TemplateExtension, TestCa, encode_name, ext, key_id,
};
use crate::{CertificateKind, Error, KeyUsage, Validity, oids};

pub(super) fn at(s: &str) -> UnixTime {
    UnixTime::parse_rfc3339(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

/// Inside the example holder's validity.
pub(super) fn now() -> UnixTime {
    at("2027-01-01T00:00:00Z")
}

pub(super) fn ca(key: KeyType) -> TestCa {
    TestCa::builder(40).key_type(key).build()
}

pub(super) fn spec(key: KeyType) -> HolderSpec {
    HolderSpec::example().with_key_type(key)
}

pub(super) fn verifier(anchors: &[&IssuedCert]) -> Verifier {
    Verifier::new(anchors.iter().map(|a| a.certificate())).expect("anchors")
}

pub(super) fn cn_name(cn: &str) -> Vec<u8> {
    encode_name(&[
        (oids::AT_COUNTRY, StringType::Printable, "JP"),
        (
            oids::AT_ORGANIZATION,
            StringType::Printable,
            "jpki-core test",
        ),
        (oids::AT_COMMON_NAME, StringType::Utf8, cn),
    ])
}

/// Issues a certificate under `issuer` with the given subject and extensions (AKI and SKI
/// added unless `key_ids` is false).
pub(super) fn issue(
    issuer: &IssuedCert,
    subject: Vec<u8>,
    key_type: KeyType,
    mut extensions: Vec<TemplateExtension>,
    validity: Validity,
    serial: u64,
    key_ids: bool,
) -> IssuedCert {
    let key = PrivateKey::generate(key_type, 40, &format!("node-{serial}"));
    let spki = key.public_key_der();
    let issuer_cert = issuer.certificate();
    if key_ids {
        if let Some(id) = issuer_cert.subject_key_id() {
            extensions.push(ext::authority_key_id(id));
        }
        extensions.push(ext::subject_key_id(&key_id(&spki)));
    }
    let serial_no = crate::SerialNumber::from_u64(serial).expect("serial");
    let template = CertificateTemplate {
        version: 3,
        serial: serial_no.to_der_integer_content(),
        issuer: issuer_cert.subject().as_der().to_vec(),
        subject,
        not_before: validity.not_before,
        not_after: validity.not_after,
        spki,
        extensions,
    };
    IssuedCert {
        der: template.sign(&issuer.private_key),
        serial: serial_no,
        private_key: key,
    }
}

pub(super) fn wide() -> Validity {
    Validity {
        not_before: at("2020-01-01T00:00:00Z"),
        not_after: at("2040-01-01T00:00:00Z"),
    }
}

pub(super) fn ca_exts(path_len: Option<u8>) -> Vec<TemplateExtension> {
    vec![
        ext::basic_constraints(true, path_len),
        ext::key_usage(KeyUsage::KEY_CERT_SIGN | KeyUsage::CRL_SIGN),
    ]
}

pub(super) fn ee_exts() -> Vec<TemplateExtension> {
    vec![ext::key_usage(KeyUsage::DIGITAL_SIGNATURE)]
}

pub(super) fn both() -> [KeyType; 2] {
    [KeyType::Rsa2048, KeyType::EcdsaP256]
}

#[test]
fn valid_chains_and_signatures() {
    for key in both() {
        let ca = ca(key);
        let pair = ca.issue_pair(&spec(key));
        let v = verifier(&[ca.signing_root(), ca.user_authentication_root()]);
        let signing = v
            .verify(&pair.signing.certificate(), Usage::Signing, now())
            .expect("signing verifies");
        assert_eq!(signing.kind(), Some(CertificateKind::Signing));
        assert_eq!(signing.serial(), pair.signing.serial);
        assert_eq!(signing.path_len(), 2);
        assert_eq!(
            signing.issuers().cloned().collect::<Vec<_>>(),
            [ca.signing_root().certificate()]
        );
        assert!(signing.basic_four().is_ok());
        let doc = b"resident record request";
        signing
            .verify_signature(doc, &pair.signing.private_key.sign(doc))
            .expect("document");
        assert_eq!(
            signing.verify_signature(b"other", &pair.signing.private_key.sign(doc)),
            Err(Error::BadSignature)
        );

        let auth = v
            .verify(
                &pair.user_authentication.certificate(),
                Usage::UserAuthentication,
                now(),
            )
            .expect("auth verifies");
        assert_eq!(auth.kind(), Some(CertificateKind::UserAuthentication));
        assert_eq!(auth.basic_four(), Err(Error::NoBasicFourInfo));
        let challenge = [7u8; 32];
        auth.verify_signature(
            &challenge,
            &pair.user_authentication.private_key.sign(&challenge),
        )
        .expect("challenge");
        // Usage::Any accepts either kind.
        assert!(
            v.verify(&pair.signing.certificate(), Usage::Any, now())
                .is_ok()
        );
    }
}

#[test]
fn usage_mix_ups_fail_both_ways() {
    for key in both() {
        let ca = ca(key);
        let pair = ca.issue_pair(&spec(key));
        let v = verifier(&[ca.signing_root(), ca.user_authentication_root()]);
        assert_eq!(
            v.verify(
                &pair.user_authentication.certificate(),
                Usage::Signing,
                now()
            )
            .map(|_| ()),
            Err(Error::WrongCertificateKind {
                required: Usage::Signing,
                found: CertificateKind::UserAuthentication
            })
        );
        assert_eq!(
            v.verify(
                &pair.signing.certificate(),
                Usage::UserAuthentication,
                now()
            )
            .map(|_| ()),
            Err(Error::WrongCertificateKind {
                required: Usage::UserAuthentication,
                found: CertificateKind::Signing
            })
        );
        // A CA is never an end entity.
        assert!(matches!(
            v.verify(&ca.signing_root().certificate(), Usage::Any, now()),
            Err(Error::WrongCertificateKind {
                found: CertificateKind::Ca,
                ..
            })
        ));
    }
}

#[test]
fn validity_is_checked_at_the_given_time() {
    for key in both() {
        let ca = ca(key);
        let leaf = ca.issue_signing(&spec(key)).certificate();
        let v = verifier(&[ca.signing_root()]);
        let Validity {
            not_before,
            not_after,
        } = leaf.validity();
        assert!(v.verify(&leaf, Usage::Signing, not_before).is_ok());
        assert!(v.verify(&leaf, Usage::Signing, not_after).is_ok());
        assert_eq!(
            v.verify(&leaf, Usage::Signing, not_after.plus_seconds(1))
                .map(|_| ()),
            Err(Error::Expired {
                at: not_after.plus_seconds(1),
                not_after
            })
        );
        assert_eq!(
            v.verify(&leaf, Usage::Signing, not_before.minus_seconds(1))
                .map(|_| ()),
            Err(Error::NotYetValid {
                at: not_before.minus_seconds(1),
                not_before
            })
        );
    }
}

#[test]
fn wrong_anchor_is_unknown_issuer() {
    for key in both() {
        let ca = ca(key);
        let other = TestCa::builder(41).key_type(key).build();
        let leaf = ca.issue_signing(&spec(key)).certificate();
        // Same DN, other key: the key identifier filters it out, so no path at all.
        assert_eq!(
            verifier(&[other.signing_root()])
                .verify(&leaf, Usage::Signing, now())
                .map(|_| ()),
            Err(Error::UnknownIssuer)
        );
        // The other purpose's root: a different DN.
        assert_eq!(
            verifier(&[ca.user_authentication_root()])
                .verify(&leaf, Usage::Signing, now())
                .map(|_| ()),
            Err(Error::UnknownIssuer)
        );
    }
}

#[test]
fn tampered_tbs_and_signature_are_bad_signatures() {
    for key in both() {
        let ca = ca(key);
        let issued = ca.issue_signing(&spec(key));
        let v = verifier(&[ca.signing_root()]);
        // Flip one letter of the opaque subject CN inside the TBS (stays valid DER).
        let cert = issued.certificate();
        let cn = cert.subject().common_name().expect("CN");
        let mut der = issued.der.clone();
        let pos = der
            .windows(cn.len())
            .position(|w| w == cn.as_bytes())
            .expect("CN bytes");
        if let Some(b) = der.get_mut(pos) {
            *b = if *b == b'A' { b'B' } else { b'A' };
        }
        let tampered = Certificate::from_der(&der).expect("still well-formed");
        assert_eq!(
            v.verify(&tampered, Usage::Signing, now()).map(|_| ()),
            Err(Error::BadSignature)
        );
        // Flip the last signature byte.
        let mut der = issued.der.clone();
        if let Some(b) = der.last_mut() {
            *b ^= 0x01;
        }
        match Certificate::from_der(&der) {
            Ok(c) => assert_eq!(
                v.verify(&c, Usage::Signing, now()).map(|_| ()),
                Err(Error::BadSignature)
            ),
            Err(e) => assert_eq!(e.check_name(), "malformed"), // an ECDSA DER signature can break
        }
    }
}

#[test]
fn wrong_key_usage_on_the_leaf() {
    for key in both() {
        let ca = ca(key);
        let mut t = ca.signing_template(&spec(key));
        t.extensions.retain(|e| e.oid != oids::KEY_USAGE);
        t.extensions
            .push(ext::key_usage(KeyUsage::DIGITAL_SIGNATURE));
        let leaf = Certificate::from_der(&ca.sign_template(&t)).expect("parses");
        let err = verifier(&[ca.signing_root()])
            .verify(&leaf, Usage::Signing, now())
            .map(|_| ());
        assert!(matches!(err, Err(Error::InconsistentKind(_))), "{err:?}");
        assert_eq!(err.map_err(|e| e.check_name()), Err("wrong_usage"));
        // Missing policy: classified by the issuer OU, but the verifier needs the policy.
        let mut t = ca.signing_template(&spec(key));
        t.extensions.retain(|e| e.oid != oids::CERTIFICATE_POLICIES);
        let leaf = Certificate::from_der(&ca.sign_template(&t)).expect("parses");
        assert!(matches!(
            verifier(&[ca.signing_root()]).verify(&leaf, Usage::Signing, now()),
            Err(Error::UsageNotAllowed(_))
        ));
    }
}

#[cfg(feature = "rayon")]
#[test]
fn batch_verification_equals_one_by_one() {
    let ca = TestCa::new(21);
    let other = TestCa::new(22);
    let mut leaves = Vec::new();
    for i in 0..24 {
        let issuer = if i % 5 == 0 { &other } else { &ca };
        let pair = issuer.issue_pair(&HolderSpec::example());
        leaves.push(if i % 3 == 0 {
            pair.user_authentication.certificate()
        } else {
            pair.signing.certificate()
        });
    }
    let v = Verifier::new([ca.signing_root().certificate()]).expect("verifier");
    let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z").expect("time");
    let batch = v.verify_batch(&leaves, Usage::Signing, at);
    assert_eq!(batch.len(), leaves.len());
    let mut ok = 0;
    for (leaf, got) in leaves.iter().zip(&batch) {
        let one = v.verify(leaf, Usage::Signing, at);
        assert_eq!(
            got.as_ref().map(|r| r.serial()),
            one.as_ref().map(|r| r.serial())
        );
        ok += usize::from(got.is_ok());
    }
    // i % 5 != 0 and i % 3 != 0: the signing certificates of the trusted CA.
    assert_eq!(ok, (0..24).filter(|i| i % 5 != 0 && i % 3 != 0).count());
}

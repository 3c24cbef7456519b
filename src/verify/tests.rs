//! Every check of the verifier, positive and negative, on RSA and on P-256 chains.

use super::*;
use crate::testkit::{
    CertificateTemplate, HolderSpec, IssuedCert, KeyType, PrivateKey, StringType,
    TemplateExtension, TestCa, encode_name, ext, key_id,
};
use crate::{Error, Validity, oids};

fn at(s: &str) -> UnixTime {
    UnixTime::parse_rfc3339(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

/// Inside the example holder's validity.
fn now() -> UnixTime {
    at("2027-01-01T00:00:00Z")
}

fn ca(key: KeyType) -> TestCa {
    TestCa::builder(40).key_type(key).build()
}

fn spec(key: KeyType) -> HolderSpec {
    HolderSpec::example().with_key_type(key)
}

fn verifier(anchors: &[&IssuedCert]) -> Verifier {
    Verifier::new(anchors.iter().map(|a| a.certificate())).expect("anchors")
}

fn cn_name(cn: &str) -> Vec<u8> {
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
fn issue(
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

fn wide() -> Validity {
    Validity {
        not_before: at("2020-01-01T00:00:00Z"),
        not_after: at("2040-01-01T00:00:00Z"),
    }
}

fn ca_exts(path_len: Option<u8>) -> Vec<TemplateExtension> {
    vec![
        ext::basic_constraints(true, path_len),
        ext::key_usage(KeyUsage::KEY_CERT_SIGN | KeyUsage::CRL_SIGN),
    ]
}

fn ee_exts() -> Vec<TemplateExtension> {
    vec![ext::key_usage(KeyUsage::DIGITAL_SIGNATURE)]
}

fn both() -> [KeyType; 2] {
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
        assert_eq!(signing.issuers(), &[ca.signing_root().certificate()]);
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
            Err(Error::Expired)
        );
        assert_eq!(
            v.verify(&leaf, Usage::Signing, not_before.minus_seconds(1))
                .map(|_| ()),
            Err(Error::NotYetValid)
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

/// root -> intermediate(s) -> leaf, generic (RFC 5280 profile).
#[test]
fn generic_chain_with_intermediates() {
    for key in both() {
        let ca = ca(key);
        let root = ca.signing_root();
        let int = issue(root, cn_name("int"), key, ca_exts(None), wide(), 100, true);
        let leaf = issue(&int, cn_name("leaf"), key, ee_exts(), wide(), 101, true);
        let v = verifier(&[root])
            .with_intermediates([int.certificate()])
            .with_profile(Profile::Rfc5280);
        let ok = v
            .verify(&leaf.certificate(), Usage::UserAuthentication, now())
            .expect("verifies");
        assert_eq!(ok.path_len(), 3);
        assert_eq!(ok.kind(), None);
        // Without the intermediate: unknown issuer.
        let bare = verifier(&[root]).with_profile(Profile::Rfc5280);
        assert_eq!(
            bare.verify(&leaf.certificate(), Usage::Any, now())
                .map(|_| ()),
            Err(Error::UnknownIssuer)
        );
        // RFC 5280 keyUsage check of the leaf.
        assert!(matches!(
            v.verify(&int.certificate(), Usage::Signing, now()),
            Err(Error::UsageNotAllowed(_))
        ));
    }
}

#[test]
fn ca_false_intermediate_and_missing_key_cert_sign() {
    for key in both() {
        let ca = ca(key);
        let root = ca.signing_root();
        for (exts, serial) in [
            (
                vec![
                    ext::basic_constraints(false, None),
                    ext::key_usage(KeyUsage::KEY_CERT_SIGN),
                ],
                110,
            ),
            (vec![ext::key_usage(KeyUsage::KEY_CERT_SIGN)], 111),
            (
                vec![
                    ext::basic_constraints(true, None),
                    ext::key_usage(KeyUsage::DIGITAL_SIGNATURE),
                ],
                112,
            ),
        ] {
            let int = issue(root, cn_name("bad-int"), key, exts, wide(), serial, true);
            let leaf = issue(
                &int,
                cn_name("leaf"),
                key,
                ee_exts(),
                wide(),
                serial + 100,
                true,
            );
            let v = verifier(&[root])
                .with_intermediates([int.certificate()])
                .with_profile(Profile::Rfc5280);
            let r = v.verify(&leaf.certificate(), Usage::Any, now()).map(|_| ());
            assert!(
                matches!(r, Err(Error::CaConstraints(_))),
                "serial {serial}: {r:?}"
            );
        }
    }
}

#[test]
fn path_len_constraint_and_maximum() {
    for key in both() {
        let ca = ca(key);
        let root = ca.signing_root();
        let a = issue(root, cn_name("a"), key, ca_exts(Some(0)), wide(), 120, true);
        let b = issue(&a, cn_name("b"), key, ca_exts(None), wide(), 121, true);
        let leaf = issue(&b, cn_name("leaf"), key, ee_exts(), wide(), 122, true);
        let v = verifier(&[root])
            .with_intermediates([a.certificate(), b.certificate()])
            .with_profile(Profile::Rfc5280);
        assert!(matches!(
            v.verify(&leaf.certificate(), Usage::Any, now()),
            Err(Error::PathTooLong(_))
        ));
        // pathLen 0 still allows a leaf directly under `a`.
        let direct = issue(&a, cn_name("leaf2"), key, ee_exts(), wide(), 123, true);
        assert!(v.verify(&direct.certificate(), Usage::Any, now()).is_ok());
        // The verifier's own maximum.
        let c = issue(root, cn_name("c"), key, ca_exts(None), wide(), 124, true);
        let d = issue(&c, cn_name("d"), key, ca_exts(None), wide(), 125, true);
        let leaf = issue(&d, cn_name("leaf3"), key, ee_exts(), wide(), 126, true);
        let v = verifier(&[root])
            .with_intermediates([c.certificate(), d.certificate()])
            .with_profile(Profile::Rfc5280);
        assert!(v.verify(&leaf.certificate(), Usage::Any, now()).is_ok());
        let v = v.with_max_intermediates(1);
        assert!(matches!(
            v.verify(&leaf.certificate(), Usage::Any, now()),
            Err(Error::PathTooLong(_))
        ));
    }
}

#[test]
fn expired_intermediate() {
    let ca = ca(KeyType::Rsa2048);
    let root = ca.signing_root();
    let old = Validity {
        not_before: at("2020-01-01T00:00:00Z"),
        not_after: at("2025-01-01T00:00:00Z"),
    };
    let int = issue(
        root,
        cn_name("old"),
        KeyType::Rsa2048,
        ca_exts(None),
        old,
        130,
        true,
    );
    let leaf = issue(
        &int,
        cn_name("leaf"),
        KeyType::Rsa2048,
        ee_exts(),
        wide(),
        131,
        true,
    );
    let v = verifier(&[root])
        .with_intermediates([int.certificate()])
        .with_profile(Profile::Rfc5280);
    assert_eq!(
        v.verify(&leaf.certificate(), Usage::Any, now()).map(|_| ()),
        Err(Error::Expired)
    );
}

#[test]
fn issuer_cycle_terminates() {
    let key = KeyType::EcdsaP256;
    let ca = ca(key);
    let root = ca.signing_root();
    // x and y issue each other; neither chains to the anchor.
    let stranger = TestCa::builder(42).key_type(key).build();
    let x0 = issue(
        stranger.signing_root(),
        cn_name("x"),
        key,
        ca_exts(None),
        wide(),
        140,
        false,
    );
    let y = issue(&x0, cn_name("y"), key, ca_exts(None), wide(), 141, false);
    let x = issue(&y, cn_name("x"), key, ca_exts(None), wide(), 140, false);
    let leaf = issue(&x, cn_name("leaf"), key, ee_exts(), wide(), 142, false);
    let v = verifier(&[root])
        .with_intermediates([x.certificate(), y.certificate(), x0.certificate()])
        .with_profile(Profile::Rfc5280);
    let r = v.verify(&leaf.certificate(), Usage::Any, now()).map(|_| ());
    assert!(
        matches!(r, Err(Error::UnknownIssuer | Error::BadSignature)),
        "{r:?}"
    );
}

#[test]
fn a_thousand_same_name_candidates_is_bounded_work() {
    let key = KeyType::EcdsaP256;
    let ca = ca(key);
    let root = ca.signing_root();
    let real = issue(
        root,
        cn_name("busy"),
        key,
        ca_exts(None),
        wide(),
        150,
        false,
    );
    let leaf = issue(&real, cn_name("leaf"), key, ee_exts(), wide(), 151, false);
    // 1000 decoys with the same subject and no key identifiers, signed by the root.
    let decoy_key = PrivateKey::generate(key, 40, "decoy");
    let decoys: Vec<Certificate> = (0..1000u64)
        .map(|i| {
            let t = CertificateTemplate {
                version: 3,
                serial: crate::SerialNumber::from_u64(10_000 + i)
                    .expect("serial")
                    .to_der_integer_content(),
                issuer: root.certificate().subject().as_der().to_vec(),
                subject: cn_name("busy"),
                not_before: wide().not_before,
                not_after: wide().not_after,
                spki: decoy_key.public_key_der(),
                extensions: ca_exts(None),
            };
            Certificate::from_der(&t.sign(&root.private_key)).expect("decoy")
        })
        .collect();
    let mut all = decoys;
    all.push(real.certificate());
    let v = verifier(&[root])
        .with_intermediates(all)
        .with_profile(Profile::Rfc5280);
    let started = std::time::Instant::now();
    let r = v.verify(&leaf.certificate(), Usage::Any, now()).map(|_| ());
    assert_eq!(r, Err(Error::BudgetExceeded(DEFAULT_SIGNATURE_BUDGET)));
    let _ = started; // timing is measured in benches, not asserted here
}

#[test]
fn root_generations_sharing_one_dn() {
    for key in both() {
        let ca = TestCa::builder(43).key_type(key).generations(3).build();
        let anchors: Vec<&IssuedCert> = ca.signing_roots();
        let v = verifier(&anchors);
        assert_eq!(anchors.len(), 3);
        for (generation, anchor) in anchors.iter().enumerate() {
            let mut s = spec(key);
            s.generation = Some(generation);
            let leaf = ca.issue_signing(&s).certificate();
            let ok = v
                .verify(&leaf, Usage::Signing, now())
                .expect("right generation found");
            assert_eq!(ok.issuers(), &[anchor.certificate()]);
            // Without key identifiers the verifier tries each same-name root in turn.
            let mut t = ca.signing_template(&s);
            t.extensions
                .retain(|e| e.oid != oids::AUTHORITY_KEY_IDENTIFIER);
            let bare = Certificate::from_der(&t.sign(&anchor.private_key)).expect("parses");
            assert!(bare.authority_key_id().is_none());
            let ok = v
                .verify(&bare, Usage::Signing, now())
                .expect("found by trying signatures");
            assert_eq!(ok.issuers(), &[anchor.certificate()]);
        }
    }
}

#[test]
fn rsa_key_policy() {
    // A P-256 anchor is fine; an anchor with an unsupported key is refused up front.
    let ca = ca(KeyType::EcdsaP256);
    assert!(Verifier::new([ca.signing_root().certificate()]).is_ok());
    assert_eq!(
        Error::UnsupportedKey("x").check_name(),
        "unsupported_algorithm"
    );
}

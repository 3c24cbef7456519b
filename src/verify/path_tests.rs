//! Path building: intermediates, CA constraints, path length, cycles, budgets, root generations.
//! (Compiled only under `#[cfg(test)]`, declared in the parent module.)

use super::tests::{at, both, ca, ca_exts, cn_name, ee_exts, issue, now, spec, verifier, wide};
use super::*;
use crate::testkit::{CertificateTemplate, IssuedCert, KeyType, PrivateKey, TestCa, ext};
use crate::{CaConstraint, Certificate, Error, KeyRefusal, KeyUsage, Validity, oids};

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
    assert!(matches!(
        v.verify(&leaf.certificate(), Usage::Any, now()).map(|_| ()),
        Err(Error::Expired { .. })
    ));
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
        true,
    );
    let y = issue(&x0, cn_name("y"), key, ca_exts(None), wide(), 141, true);
    let x = issue(&y, cn_name("x"), key, ca_exts(None), wide(), 140, true);
    let leaf = issue(&x, cn_name("leaf"), key, ee_exts(), wide(), 142, true);
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
            assert_eq!(
                ok.issuers().cloned().collect::<Vec<_>>(),
                [anchor.certificate()]
            );
            // Without authorityKeyIdentifier the certificate breaks RFC 5280 §4.2.1.1 and is
            // refused (the signature checks against same-name roots still happen, in order).
            let mut t = ca.signing_template(&s);
            t.extensions
                .retain(|e| e.oid != oids::AUTHORITY_KEY_IDENTIFIER);
            let bare = Certificate::from_der(&t.sign(&anchor.private_key)).expect("parses");
            assert!(bare.authority_key_id().is_none());
            assert!(matches!(
                v.verify(&bare, Usage::Signing, now()).map(drop),
                Err(Error::CaConstraints(CaConstraint::AkiMissing))
            ));
        }
    }
}

/// An RSA SubjectPublicKeyInfo with any modulus and exponent (the certificate parser only
/// checks the encoding; the key policy is the verifier's to apply).
fn rsa_spki(n: &[u8], e: &[u8]) -> Vec<u8> {
    use der::Encode;
    let body = [
        der::asn1::UintRef::new(n)
            .and_then(|i| i.to_der())
            .expect("n"),
        der::asn1::UintRef::new(e)
            .and_then(|i| i.to_der())
            .expect("e"),
    ]
    .concat();
    let mut rsapk = der::Header::new(
        der::Tag::Sequence,
        der::Length::try_from(body.len()).expect("length"),
    )
    .to_der()
    .expect("header");
    rsapk.extend_from_slice(&body);
    spki::SubjectPublicKeyInfo {
        algorithm: spki::AlgorithmIdentifier::<der::Any> {
            oid: oids::RSA_ENCRYPTION.0,
            parameters: Some(der::Any::null()),
        },
        subject_public_key: der::asn1::BitString::from_bytes(&rsapk).expect("bits"),
    }
    .to_der()
    .expect("spki")
}

/// The modulus and exponent of an RSA SubjectPublicKeyInfo.
fn rsa_parts(spki_der: &[u8]) -> (Vec<u8>, Vec<u8>) {
    match crate::crypto::check_spki(spki_der) {
        Ok(crate::crypto::CheckedKey::Rsa { n, e, .. }) => (n.to_vec(), e.to_vec()),
        _ => panic!("an RSA key"),
    }
}

#[test]
fn rsa_key_policy() {
    // A P-256 anchor and an RSA-2048 anchor are fine.
    for key in both() {
        let ca = ca(key);
        assert!(Verifier::new([ca.signing_root().certificate()]).is_ok());
    }
    // An anchor with an unsupported key is refused up front, by `Verifier::new`, with the key
    // policy's reason: each anchor is a root-shaped certificate whose only fault is its key.
    let ca = ca(KeyType::Rsa2048);
    let root = ca.signing_root();
    let (n, _) = rsa_parts(root.certificate().spki_der());
    let mut even_n = n.clone();
    if let Some(last) = even_n.last_mut() {
        *last &= 0xfe;
    }
    let n_4097 = [&[0x01][..], &[0x11; 512]].concat();
    // A P-256 key whose point (0x04 || X || Y, the last 65 octets of the SPKI) is replaced by
    // X = Y = 1: the right shape, not a point on the curve.
    let mut p256_off_curve = super::tests::ca(KeyType::EcdsaP256)
        .signing_root()
        .certificate()
        .spki_der()
        .to_vec();
    let point_at = p256_off_curve.len() - 64;
    p256_off_curve.truncate(point_at);
    p256_off_curve.extend_from_slice(&[&[0; 31][..], &[1], &[0; 31], &[1]].concat());
    let cases: [(&str, Vec<u8>, KeyRefusal); 7] = [
        (
            "RSA-1024",
            rsa_spki(n.get(..128).expect("1024 bits"), &[1, 0, 1]),
            KeyRefusal::RsaTooSmall,
        ),
        (
            "RSA-4097",
            rsa_spki(&n_4097, &[1, 0, 1]),
            KeyRefusal::RsaTooLarge,
        ),
        (
            "even modulus",
            rsa_spki(&even_n, &[1, 0, 1]),
            KeyRefusal::RsaEvenModulus,
        ),
        (
            "even exponent",
            rsa_spki(&n, &[1, 0, 0]),
            KeyRefusal::RsaExponentNotOddAboveOne,
        ),
        (
            "exponent 1",
            rsa_spki(&n, &[1]),
            KeyRefusal::RsaExponentNotOddAboveOne,
        ),
        (
            "exponent of 72 bits",
            rsa_spki(&n, &[1; 9]),
            KeyRefusal::RsaExponentTooLarge,
        ),
        (
            "P-256 point off the curve",
            p256_off_curve,
            KeyRefusal::P256NotOnCurve,
        ),
    ];
    let good = root.certificate();
    for (name, spki, why) in cases {
        let anchor = Certificate::from_der(
            &CertificateTemplate {
                version: 3,
                serial: vec![0x42],
                issuer: good.subject().as_der().to_vec(),
                subject: good.subject().as_der().to_vec(),
                not_before: good.validity().not_before,
                not_after: good.validity().not_after,
                spki,
                extensions: ca_exts(None),
            }
            .sign(&root.private_key),
        )
        .unwrap_or_else(|e| panic!("{name}: the anchor parses: {e}"));
        // Alone, and after a good anchor: one bad anchor refuses the whole set.
        assert_eq!(
            Verifier::new([anchor.clone()]).map(drop),
            Err(Error::UnsupportedKey(why)),
            "{name}"
        );
        assert_eq!(
            Verifier::new([good.clone(), anchor]).map(drop),
            Err(Error::UnsupportedKey(why)),
            "{name}"
        );
    }
}

//! Next-generation My Number cards (ECDSA P-384 with SHA-384, 10-year certificates under
//! 20-year roots) beside today's RSA-2048 cards, under roots that share their names.

mod common;

use jpki_core::testkit::{
    CrlSpec, HolderSpec, KeyType, OcspSpec, OcspStatusSpec, PrivateKey, TestCa, assemble,
};
use jpki_core::{
    CertIdHash, Certificate, CertificateKind, CrlReason, Error, KeyAlgorithm, OcspResponse,
    RevocationIndex, RevocationStatus, SignatureAlgorithm, UnixTime, Usage, Verifier, oids,
};

fn t(s: &str) -> UnixTime {
    UnixTime::parse_rfc3339(s).expect("time")
}

/// A CA in transition: one RSA generation (2015-2035) and a P-384 one (2028-2048), one name.
fn mixed() -> TestCa {
    TestCa::builder(150).next_generation().build()
}

/// Today's card: RSA keys, issued by the RSA generation.
fn rsa_holder() -> HolderSpec {
    let mut spec = HolderSpec::example();
    spec.generation = Some(0);
    spec
}

#[test]
fn a_next_generation_pair_parses_classifies_and_verifies() {
    let ca = mixed();
    let spec = HolderSpec::next_generation_example();
    let pair = ca.issue_pair(&spec);
    let signing = pair.signing.certificate();
    let auth = pair.user_authentication.certificate();
    for cert in [&signing, &auth] {
        assert_eq!(cert.key_algorithm(), KeyAlgorithm::EcdsaP384);
        assert_eq!(cert.signature_algorithm(), SignatureAlgorithm::EcdsaSha384);
        assert_eq!(cert.key_algorithm().to_string(), "ecdsa-p384");
    }
    assert_eq!(signing.kind(), Ok(CertificateKind::Signing));
    assert_eq!(auth.kind(), Ok(CertificateKind::UserAuthentication));
    assert_eq!(signing.basic_four().expect("items"), spec.basic_four);
    // Ten years, through the birthday.
    assert_eq!(signing.validity().not_after, t("2038-07-15T23:59:59+09:00"));

    let verifier = Verifier::new(
        ca.signing_roots()
            .iter()
            .chain(ca.user_authentication_roots().iter())
            .map(|r| r.certificate()),
    )
    .expect("verifier");
    let at = t("2030-01-01T00:00:00Z");
    let verified = verifier
        .verify(&signing, Usage::Signing, at)
        .expect("signing");
    // The document signature is ECDSA with SHA-384.
    let document = "転入届 (moving-in notification)".as_bytes();
    let signature = pair.signing.private_key.sign(document);
    verified
        .verify_signature(document, &signature)
        .expect("document");
    assert_eq!(
        verified.verify_signature(b"altered", &signature),
        Err(Error::BadSignature)
    );
    // With SHA-256 the pairing policy refuses before any arithmetic.
    assert_eq!(
        verified.verify_signature_with(SignatureAlgorithm::EcdsaSha256, document, &signature),
        Err(Error::UnsupportedAlgorithm(oids::ECDSA_WITH_SHA256))
    );
    // A login challenge with the user-authentication certificate.
    let login = verifier
        .verify(&auth, Usage::UserAuthentication, at)
        .expect("auth");
    let challenge = [7u8; 32];
    login
        .verify_signature(
            &challenge,
            &pair.user_authentication.private_key.sign(&challenge),
        )
        .expect("challenge");
    // And never the other way round.
    assert!(matches!(
        verifier.verify(&auth, Usage::Signing, at),
        Err(Error::WrongCertificateKind { .. })
    ));
}

#[test]
fn one_trust_store_for_both_generations() {
    let ca = mixed();
    let roots: Vec<Certificate> = ca.signing_roots().iter().map(|r| r.certificate()).collect();
    assert!(roots[0].subject().matches(&roots[1].subject()));
    let old = ca.issue_signing(&rsa_holder()).certificate();
    let new = ca
        .issue_signing(&HolderSpec::next_generation_example())
        .certificate();
    assert_eq!(old.key_algorithm(), KeyAlgorithm::Rsa { bits: 2048 });
    assert_eq!(
        old.signature_algorithm(),
        SignatureAlgorithm::RsaPkcs1Sha256
    );
    // The key identifier picks the root: one signature check each, whatever the anchor order.
    for order in [roots.clone(), roots.iter().rev().cloned().collect()] {
        let verifier = Verifier::new(order)
            .expect("verifier")
            .with_signature_budget(1);
        let at = t("2030-01-01T00:00:00Z");
        assert_eq!(
            verifier
                .verify(&old, Usage::Signing, at)
                .map(|v| v.anchor().cloned()),
            Ok(Some(roots[0].clone()))
        );
        assert_eq!(
            verifier
                .verify(&new, Usage::Signing, at)
                .map(|v| v.anchor().cloned()),
            Ok(Some(roots[1].clone()))
        );
    }
    // After today's RSA roots have expired, the 10-year next-generation certificate still
    // verifies under its 20-year root.
    let verifier = Verifier::new(roots.clone()).expect("verifier");
    let late = t("2036-06-01T00:00:00Z");
    assert!(late > roots[0].validity().not_after);
    assert!(verifier.verify(&new, Usage::Signing, late).is_ok());
    assert!(matches!(
        verifier.verify(&old, Usage::Signing, late).map(drop),
        Err(Error::Expired { at, .. }) if at == late
    ));
    // Batch verification of a mixed population.
    #[cfg(feature = "rayon")]
    {
        let at = t("2030-01-01T00:00:00Z");
        let results = verifier.verify_batch(&[old.clone(), new.clone()], Usage::Signing, at);
        assert!(results.iter().all(Result::is_ok));
    }
}

#[test]
fn a_minor_gets_five_years() {
    let mut spec = HolderSpec::example();
    spec.basic_four = jpki_core::BasicFourInfo::new(
        "山田\u{3000}太郎",
        jpki_core::DateOfBirth::new(jpki_core::Era::Heisei, 2013, 9, 1).expect("dob"),
        jpki_core::Sex::Male,
        "大阪府大阪市北区中之島一丁目３番２０号",
    )
    .expect("items");
    // 15 at issue (signing certificates start at 15): five years, through the birthday.
    let spec = spec.with_next_generation_card(2029, 4, 1);
    let cert = mixed().issue_signing(&spec).certificate();
    assert_eq!(cert.validity().not_after, t("2034-09-01T23:59:59+09:00"));
}

#[test]
fn crls_and_ocsp_responses_signed_with_p384() {
    let ca = TestCa::builder(151).key_type(KeyType::EcdsaP384).build();
    let root = ca.signing_root().certificate();
    assert_eq!(root.key_algorithm(), KeyAlgorithm::EcdsaP384);
    let leaf = ca.issue_signing(&HolderSpec::next_generation_example());
    let cert = leaf.certificate();
    let d = t("2031-03-01T00:00:00Z");
    let moved = d.minus_seconds(86_400);
    let crl = ca.issue_crl(&CrlSpec::signing(d).revoke(
        leaf.serial,
        moved,
        Some(CrlReason::AffiliationChanged),
    ));
    let parsed = jpki_core::Crl::from_der(&crl).expect("crl");
    assert_eq!(
        parsed.signature_algorithm(),
        SignatureAlgorithm::EcdsaSha384
    );
    let mut index = RevocationIndex::new(root.clone()).expect("index");
    index.insert_der(&crl).expect("insert");
    assert!(matches!(
        index.status(&cert, d),
        RevocationStatus::Revoked { .. }
    ));
    assert_eq!(
        index.status(&cert, moved.minus_seconds(1)),
        RevocationStatus::Good
    );
    for hash in [CertIdHash::Sha1, CertIdHash::Sha256] {
        let mut spec = OcspSpec::good(leaf.serial, d).with_status(OcspStatusSpec::Revoked(
            moved,
            Some(CrlReason::AffiliationChanged),
        ));
        spec.hash = hash;
        let response = OcspResponse::from_der(&ca.issue_ocsp_response(&spec)).expect("ocsp");
        assert!(matches!(
            response.status(&cert, &root, d),
            Ok(RevocationStatus::Revoked { .. })
        ));
    }
    let verifier = Verifier::new([root])
        .expect("verifier")
        .with_revocation(index);
    assert!(matches!(
        verifier.verify(&cert, Usage::Signing, d),
        Err(Error::Revoked { .. })
    ));
}

#[test]
fn a_p384_root_refuses_another_hash_and_bad_points() {
    let ca = TestCa::builder(152).key_type(KeyType::EcdsaP384).build();
    let root = ca.signing_root();
    let template = ca.signing_template(&HolderSpec::next_generation_example());
    // The TBS claims ecdsa-with-SHA256 (a P-256 key's algorithm); the P-384 root signs it.
    let p256 = PrivateKey::generate(KeyType::EcdsaP256, 1, "alg-mismatch");
    let tbs = template.tbs_der(&p256);
    let alg = [
        0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02,
    ];
    let cert =
        Certificate::from_der(&assemble(&tbs, &alg, &root.private_key.sign(&tbs))).expect("parses");
    assert_eq!(cert.signature_algorithm(), SignatureAlgorithm::EcdsaSha256);
    let verifier = Verifier::new([root.certificate()]).expect("verifier");
    assert_eq!(
        verifier
            .verify(&cert, Usage::Signing, t("2030-01-01T00:00:00Z"))
            .map(drop),
        Err(Error::UnsupportedAlgorithm(oids::ECDSA_WITH_SHA256))
    );
    // A P-384 SubjectPublicKeyInfo whose point is off the curve, or of the wrong length.
    let spki = root.certificate().spki_der().to_vec();
    let mut off_curve = spki.clone();
    if let Some(last) = off_curve.last_mut() {
        *last ^= 1;
    }
    assert!(matches!(
        jpki_core::PublicKey::from_spki_der(&off_curve),
        Err(Error::UnsupportedKey(_))
    ));
    let mut template = ca.signing_template(&HolderSpec::next_generation_example());
    template.spki = off_curve;
    assert!(
        Certificate::from_der(&ca.sign_template(&template))
            .and_then(|c| verifier.verify(&c, Usage::Signing, t("2030-01-01T00:00:00Z")))
            .is_err()
    );
}

#[test]
fn inspect_names_the_p384_key() {
    let cert = mixed().issue_signing(&HolderSpec::next_generation_example());
    let file = common::file("next-generation", "p384.der", &cert.der);
    let out = common::example("inspect")
        .arg("--json")
        .arg(&file)
        .output()
        .expect("run inspect");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["key"], "ecdsa-p384", "{v}");
    assert_eq!(v["kind"], "signing", "{v}");
}

//! Anchors know what they are for; classification compares names as chaining does; the AKI
//! exemption is for self-signed certificates only; unusable intermediates are skipped; and
//! intermediates need a known revocation status. Each certificate here is made by hand from a
//! template (outside the testkit's happy path) and each test fails if its rule is removed.
//! (Compiled only under `#[cfg(test)]`, declared in the parent module.)

use super::*;
use crate::error::AnchorMismatch;
use crate::testkit::{
    CertificateTemplate, HolderSpec, IssuedCert, KeyType, PrivateKey, StringType,
    TemplateExtension, TestCa, encode_name, ext, key_id,
};
use crate::{
    CertificateKind, Environment, KeyUsage, KnownStatus, RevocationPolicy, RevocationStatus,
    UnknownReason, oids,
};

fn at() -> UnixTime {
    UnixTime::parse_rfc3339("2027-01-01T00:00:00Z").unwrap_or_else(|e| panic!("{e}"))
}

fn cert(der: &[u8]) -> Certificate {
    Certificate::from_der(der).unwrap_or_else(|e| panic!("{e}"))
}

/// `t` with the extension `e` in place of any of its OID.
fn replace(t: &mut CertificateTemplate, e: TemplateExtension) {
    t.extensions.retain(|x| x.oid != e.oid);
    t.extensions.push(e);
}

/// A signing-shaped leaf issued by the user-authentication root, whose issuer name is that
/// root's with the purpose OU written in another case (it still chains: RFC 5280 §7.1).
fn signing_shaped_leaf_under_auth_root(ca: &TestCa) -> Certificate {
    let root = ca.user_authentication_root();
    let root_cert = root.certificate();
    let mut t = ca.signing_template(&HolderSpec::example());
    let ous = root_cert.subject().organizational_units();
    let o = root_cert.subject().organization().unwrap_or_default();
    let shouting = ous.first().map(|s| s.to_uppercase()).unwrap_or_default();
    let mut attrs = vec![
        (oids::AT_COUNTRY, StringType::Printable, "JP"),
        (oids::AT_ORGANIZATION, StringType::Printable, o.as_str()),
        (
            oids::AT_ORGANIZATIONAL_UNIT,
            StringType::Printable,
            shouting.as_str(),
        ),
    ];
    for ou in ous.iter().skip(1) {
        attrs.push((oids::AT_ORGANIZATIONAL_UNIT, StringType::Printable, ou));
    }
    t.issuer = encode_name(&attrs);
    replace(&mut t, ext::authority_key_id(&key_id(root_cert.spki_der())));
    cert(&t.sign(&root.private_key))
}

#[test]
fn nothing_under_the_user_authentication_root_passes_for_signing() {
    let ca = TestCa::new(70);
    let leaf = signing_shaped_leaf_under_auth_root(&ca);
    let auth_root = ca.user_authentication_root().certificate();
    // The name chains to the user-authentication root (case folded) ...
    assert!(auth_root.subject().matches(&leaf.issuer()));
    // ... so classification reads the same OU: the policy says signing, the issuer says user
    // authentication, and the certificate is refused as inconsistent.
    assert!(matches!(leaf.kind(), Err(Error::InconsistentKind(_))));
    let verifier = Verifier::new([auth_root]).expect("verifier");
    for usage in [Usage::Signing, Usage::Any, Usage::UserAuthentication] {
        assert!(
            verifier.verify(&leaf, usage, at()).is_err(),
            "{usage} must be refused"
        );
    }
    // The generic profile has no JPKI kinds: the chain itself is sound there.
    let generic = Verifier::new([ca.user_authentication_root().certificate()])
        .expect("verifier")
        .with_profile(Profile::Rfc5280);
    assert!(generic.verify(&leaf, Usage::Any, at()).is_ok());
}

#[test]
fn anchors_are_labelled_from_their_names() {
    let ca = TestCa::new(70);
    let signing = TrustAnchor::new(ca.signing_root().certificate());
    let auth = TrustAnchor::new(ca.user_authentication_root().certificate());
    assert_eq!(signing.purpose(), AnchorPurpose::Signing);
    assert_eq!(auth.purpose(), AnchorPurpose::UserAuthentication);
    assert_eq!(signing.environment(), Some(Environment::Test));
    let prod = TestCa::builder(70)
        .environment(Environment::Production)
        .build();
    let prod_anchor = TrustAnchor::new(prod.signing_root().certificate());
    assert_eq!(prod_anchor.environment(), Some(Environment::Production));
    let other = TrustAnchor::new(ca.issue_intermediate("x", None).certificate());
    assert_eq!(other.purpose(), AnchorPurpose::Other);
}

#[test]
fn a_leaf_needs_an_anchor_of_its_purpose() {
    let ca = TestCa::new(70);
    let pair = ca.issue_pair(&HolderSpec::example());
    let signing_root = TrustAnchor::new(ca.signing_root().certificate());
    let auth_root = TrustAnchor::new(ca.user_authentication_root().certificate());
    // The right labels verify.
    let both = Verifier::from_anchors([signing_root.clone(), auth_root.clone()]).expect("v");
    assert!(
        both.verify(&pair.signing.certificate(), Usage::Signing, at())
            .is_ok()
    );
    assert!(
        both.verify(
            &pair.user_authentication.certificate(),
            Usage::UserAuthentication,
            at()
        )
        .is_ok()
    );
    // Swapped labels: each leaf meets an anchor of the other purpose.
    let swapped = Verifier::from_anchors([
        signing_root.with_purpose(AnchorPurpose::UserAuthentication),
        auth_root.with_purpose(AnchorPurpose::Other),
    ])
    .expect("v");
    assert_eq!(
        swapped
            .verify(&pair.signing.certificate(), Usage::Signing, at())
            .map(drop),
        Err(Error::AnchorMismatch(AnchorMismatch::Purpose {
            anchor: AnchorPurpose::UserAuthentication,
            leaf: CertificateKind::Signing,
        }))
    );
    assert_eq!(
        swapped
            .verify(
                &pair.user_authentication.certificate(),
                Usage::UserAuthentication,
                at()
            )
            .map(drop),
        Err(Error::AnchorMismatch(AnchorMismatch::Purpose {
            anchor: AnchorPurpose::Other,
            leaf: CertificateKind::UserAuthentication,
        }))
    );
    assert_eq!(
        Error::AnchorMismatch(AnchorMismatch::Purpose {
            anchor: AnchorPurpose::Other,
            leaf: CertificateKind::Signing,
        })
        .check_name(),
        "wrong_anchor"
    );
}

#[test]
fn a_leaf_needs_an_anchor_of_its_environment() {
    let prod = TestCa::builder(71)
        .environment(Environment::Production)
        .build();
    let test = TestCa::new(71);
    // A production root and a leaf carrying the test-card signing policy.
    let mut t = prod.signing_template(&HolderSpec::example());
    replace(&mut t, ext::certificate_policies(oids::POLICY_SIGNING_TEST));
    let leaf = cert(&prod.sign_template(&t));
    let v = Verifier::new([prod.signing_root().certificate()]).expect("v");
    assert_eq!(
        v.verify(&leaf, Usage::Signing, at()).map(drop),
        Err(Error::AnchorMismatch(AnchorMismatch::Environment {
            anchor: Some(Environment::Production),
            leaf: Environment::Test,
        }))
    );
    // The reverse: a test root and the production policy.
    let mut t = test.signing_template(&HolderSpec::example());
    replace(&mut t, ext::certificate_policies(oids::POLICY_SIGNING));
    let leaf = cert(&test.sign_template(&t));
    let v = Verifier::new([test.signing_root().certificate()]).expect("v");
    assert_eq!(
        v.verify(&leaf, Usage::Signing, at()).map(drop),
        Err(Error::AnchorMismatch(AnchorMismatch::Environment {
            anchor: Some(Environment::Test),
            leaf: Environment::Production,
        }))
    );
    // An anchor the caller labelled for another environment than its name: refused too.
    let pair = test.issue_pair(&HolderSpec::example());
    let relabelled = TrustAnchor::new(test.user_authentication_root().certificate())
        .with_environment(Environment::Production);
    let v = Verifier::from_anchors([relabelled]).expect("v");
    assert!(matches!(
        v.verify(
            &pair.user_authentication.certificate(),
            Usage::UserAuthentication,
            at()
        ),
        Err(Error::AnchorMismatch(AnchorMismatch::Environment { .. }))
    ));
    // The generic profile does not read JPKI labels.
    let generic = Verifier::new([prod.signing_root().certificate()])
        .expect("v")
        .with_profile(Profile::Rfc5280);
    let mut t = prod.signing_template(&HolderSpec::example());
    replace(&mut t, ext::certificate_policies(oids::POLICY_SIGNING_TEST));
    assert!(
        generic
            .verify(&cert(&prod.sign_template(&t)), Usage::Any, at())
            .is_ok()
    );
}

#[test]
fn a_self_issued_leaf_that_is_not_self_signed_needs_an_aki() {
    let ca = TestCa::new(72);
    let root = ca.signing_root();
    let mut t = ca.signing_template(&HolderSpec::example());
    // Subject = issuer's name: self-issued; but signed by the root's key, not its own.
    t.subject = root.certificate().subject().as_der().to_vec();
    t.extensions
        .retain(|e| e.oid != oids::AUTHORITY_KEY_IDENTIFIER);
    let leaf = cert(&ca.sign_template(&t));
    assert!(leaf.is_self_issued());
    let v = Verifier::new([root.certificate()])
        .expect("v")
        .with_profile(Profile::Rfc5280);
    assert!(matches!(
        v.verify(&leaf, Usage::Any, at()),
        Err(Error::CaConstraints(crate::CaConstraint::AkiMissing))
    ));
    // With the AKI it verifies: the rule is the only thing refusing it.
    replace(
        &mut t,
        ext::authority_key_id(&key_id(root.certificate().spki_der())),
    );
    assert!(
        v.verify(&cert(&ca.sign_template(&t)), Usage::Any, at())
            .is_ok()
    );
}

/// A generic leaf issued by `mid` (JPKI has no intermediates: an RFC 5280 chain).
fn leaf_under(mid: &IssuedCert) -> Certificate {
    let key = PrivateKey::generate(KeyType::Rsa2048, 1, "anchor-tests-leaf");
    let spki = key.public_key_der();
    let template = CertificateTemplate {
        version: 3,
        serial: vec![0x10, 0x01],
        issuer: mid.certificate().subject().as_der().to_vec(),
        subject: encode_name(&[(oids::AT_COMMON_NAME, StringType::Utf8, "leaf")]),
        not_before: UnixTime::parse_rfc3339("2026-01-01T00:00:00Z").expect("time"),
        not_after: UnixTime::parse_rfc3339("2030-01-01T00:00:00Z").expect("time"),
        spki: spki.clone(),
        extensions: vec![
            ext::key_usage(KeyUsage::DIGITAL_SIGNATURE),
            ext::authority_key_id(&key_id(mid.certificate().spki_der())),
            ext::subject_key_id(&key_id(&spki)),
        ],
    };
    cert(&template.sign(&mid.private_key))
}

#[test]
fn unusable_intermediates_are_skipped_not_fatal() {
    let ca = TestCa::new(73);
    let mid = ca.issue_intermediate("municipal", None);
    let leaf = leaf_under(&mid);
    // An unrelated intermediate with an unknown critical extension (it does not parse), and
    // garbage, before the usable one.
    let mut odd = CertificateTemplate {
        serial: vec![0x33],
        ..ca.signing_template(&HolderSpec::example())
    };
    odd.extensions.push(TemplateExtension {
        oid: "1.3.6.1.4.1.99999.7".parse().expect("oid"),
        critical: true,
        value: vec![0x05, 0x00],
    });
    let odd = ca.sign_template(&odd);
    assert!(matches!(
        Certificate::from_der(&odd),
        Err(Error::UnknownCriticalExtension(_))
    ));
    let garbage: &[u8] = &[0x30, 0x03, 0x02, 0x01];
    let v = Verifier::new([ca.signing_root().certificate()])
        .expect("v")
        .with_profile(Profile::Rfc5280)
        .with_intermediates_der([odd.as_slice(), garbage, &mid.der]);
    let skipped: Vec<usize> = v.skipped_intermediates().iter().map(|(i, _)| *i).collect();
    assert_eq!(skipped, vec![0, 1]);
    assert!(matches!(
        v.skipped_intermediates().first(),
        Some((0, Error::UnknownCriticalExtension(_)))
    ));
    assert_eq!(
        v.verify(&leaf, Usage::Any, at()).map(|c| c.path_len()),
        Ok(3)
    );
}

#[test]
fn intermediates_need_a_known_status_unless_leaf_only() {
    let ca = TestCa::new(74);
    let mid = ca.issue_intermediate("municipal", None);
    let leaf = leaf_under(&mid);
    let mut known = KnownStatus::new(mid.certificate());
    known.insert(leaf.serial(), RevocationStatus::Good);
    let v = Verifier::new([ca.signing_root().certificate()])
        .expect("v")
        .with_profile(Profile::Rfc5280)
        .with_intermediates([mid.certificate()])
        .with_revocation(known);
    // Nothing answers for the intermediate: unknown, refused (RFC 5280 §6.1.3(a)(3)).
    assert_eq!(
        v.verify(&leaf, Usage::Any, at()).map(drop),
        Err(Error::RevocationUnknown(UnknownReason::NoDataForIssuer))
    );
    // The caller opts into leaf-only checking explicitly.
    let leaf_only = v
        .clone()
        .with_revocation_policy(RevocationPolicy::LEAF_ONLY);
    assert_eq!(
        leaf_only
            .verify(&leaf, Usage::Any, at())
            .map(|c| c.revocation()),
        Ok(Some(RevocationStatus::Good))
    );
    // With a source for the intermediate's issuer too, it verifies under the default policy.
    let mut roots = KnownStatus::new(ca.signing_root().certificate());
    roots.insert(mid.serial, RevocationStatus::Good);
    assert!(
        v.with_revocation(roots)
            .verify(&leaf, Usage::Any, at())
            .is_ok()
    );
}

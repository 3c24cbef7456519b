//! The bundled production roots: each file pinned to its SHA-256 fingerprint, each a production
//! JPKI CA of its purpose that verifies its own signature, the generations of a purpose sharing
//! one name and told apart by key, and the time windows of `production_*_at`.

use jpki_core::roots::{self, PRODUCTION};
use jpki_core::{
    AnchorPurpose, CertificateKind, Environment, KeyAlgorithm, PublicKey, UnixTime, Usage, Verifier,
};
use sha2::{Digest, Sha256};

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02X}")).collect()
}

fn t(s: &str) -> UnixTime {
    UnixTime::parse_rfc3339(s).expect("time")
}

#[test]
fn every_root_is_pinned_and_self_signed() {
    assert_eq!(PRODUCTION.len(), 6);
    for root in PRODUCTION {
        assert_eq!(hex(&Sha256::digest(root.der)), root.sha256, "{}", root.name);
        // The same bytes as the vectors the crate was given.
        let shared = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/vectors/jpki-real")
            .join(format!("jpki-prod-{}-{}.der", root.name, root.generation));
        let given = std::fs::read(&shared).unwrap_or_else(|e| panic!("{}: {e}", shared.display()));
        assert_eq!(given, root.der, "{}", root.name);

        let cert = root.certificate().expect("parses");
        assert_eq!(cert.kind(), Ok(CertificateKind::Ca), "{}", root.name);
        assert_eq!(cert.key_algorithm(), KeyAlgorithm::Rsa { bits: 2048 });
        assert!(cert.is_self_issued());
        let key = PublicKey::from_spki_der(cert.spki_der()).expect("key");
        key.verify(
            cert.signature_algorithm(),
            cert.tbs_der(),
            cert.signature_value(),
        )
        .unwrap_or_else(|e| panic!("{} does not verify its own signature: {e}", root.name));
        let anchor = root.trust_anchor().expect("anchor");
        assert_eq!(anchor.environment(), Some(Environment::Production));
        assert_eq!(anchor.generation(), Some(root.generation));
        assert_eq!(anchor.purpose(), root.purpose);
        // The label read from the name agrees with the table.
        assert_eq!(
            jpki_core::TrustAnchor::new(cert.clone()).purpose(),
            root.purpose,
            "{}",
            root.name
        );
        // The validity starts in the generation's year.
        assert!(
            anchor
                .validity()
                .not_before
                .to_rfc3339()
                .starts_with(&root.generation.to_string()),
            "{}",
            root.name
        );
    }
}

#[test]
fn generations_share_a_name_and_differ_by_key() {
    for purpose in [AnchorPurpose::Signing, AnchorPurpose::UserAuthentication] {
        let certs: Vec<_> = PRODUCTION
            .iter()
            .filter(|r| r.purpose == purpose)
            .map(|r| r.certificate().expect("parses"))
            .collect();
        assert_eq!(certs.len(), 3);
        for c in &certs {
            assert!(c.subject().matches(&certs[0].subject()));
        }
        let mut ids: Vec<_> = certs.iter().map(|c| c.subject_key_id()).collect();
        ids.dedup();
        assert_eq!(ids.len(), 3, "{purpose}: distinct key identifiers");
    }
}

#[test]
fn the_default_sets_are_the_generations_valid_now() {
    let now = UnixTime::now();
    for (anchors, purpose) in [
        (roots::production_signing(), AnchorPurpose::Signing),
        (
            roots::production_user_authentication(),
            AnchorPurpose::UserAuthentication,
        ),
    ] {
        assert!(!anchors.is_empty(), "{purpose}: no root valid now");
        for a in &anchors {
            assert_eq!(a.purpose(), purpose);
            assert!(a.validity().not_before <= now && now <= a.validity().not_after);
            assert_ne!(
                a.generation(),
                Some(2015),
                "the 2015 generation expired in 2025"
            );
        }
    }
    let generations = |at: &str| -> Vec<u16> {
        roots::production_signing_at(t(at))
            .iter()
            .filter_map(|a| a.generation())
            .collect()
    };
    assert_eq!(generations("2016-01-01T00:00:00Z"), [2015]);
    assert_eq!(generations("2024-01-01T00:00:00Z"), [2015, 2019, 2023]);
    assert_eq!(generations("2026-12-01T00:00:00Z"), [2019, 2023]);
    assert_eq!(generations("2031-01-01T00:00:00Z"), [2023]);
    assert!(generations("2034-01-01T00:00:00Z").is_empty());
}

#[test]
fn production_roots_refuse_a_same_named_test_ca() {
    // No real end-entity certificate is shipped (they hold personal data); what can be shown is
    // that the production anchors build a verifier, and refuse test-CA certificates.
    let verifier = Verifier::from_anchors(roots::production_signing()).expect("verifier");
    let ca = jpki_core::testkit::TestCa::builder(1)
        .environment(Environment::Production)
        .build();
    let leaf = ca
        .issue_signing(&jpki_core::testkit::HolderSpec::example())
        .certificate();
    // Same names as the production roots, other keys: no path.
    assert!(matches!(
        verifier.verify(&leaf, Usage::Signing, t("2027-01-01T00:00:00Z")),
        Err(jpki_core::Error::UnknownIssuer)
    ));
}

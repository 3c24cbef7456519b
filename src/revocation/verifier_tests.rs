//! The verifier's use of revocation sources: fail closed, soft-fail on request, point in time,
//! (Compiled only under `#[cfg(test)]`, declared in the parent module.)
//! intermediates.

use super::tests::{DAY, ca, serial, t};
use super::*;
use crate::testkit::{CrlSpec, HolderSpec};
use crate::{Certificate, Error, RevocationPolicy, Usage, Verifier};

#[test]
fn verifier_fails_closed_and_soft_fail_is_opt_in() {
    let ca = ca();
    let pair = ca.issue_pair(&HolderSpec::example());
    let leaf = pair.signing.certificate();
    let d = t("2027-01-01T00:00:00Z");
    let revoked_at = d.minus_seconds(DAY);
    let mut index = RevocationIndex::new(ca.signing_root().certificate()).expect("index");
    index
        .insert_der(&ca.issue_crl(&CrlSpec::signing(d).revoke(
            leaf.serial(),
            revoked_at,
            Some(CrlReason::Superseded),
        )))
        .expect("insert");
    let base = Verifier::new([ca.signing_root().certificate()]).expect("verifier");
    let v = base.clone().with_revocation(index);
    assert_eq!(
        v.verify(&leaf, Usage::Signing, d).map(drop),
        Err(Error::Revoked {
            revoked_at,
            reason: Some(CrlReason::Superseded),
            invalid_since: None,
        })
    );
    // Point in time: signed before the revocation, the signature was made with a good certificate.
    let ok = v
        .verify(&leaf, Usage::Signing, revoked_at.minus_seconds(1))
        .expect("good then");
    assert_eq!(ok.revocation(), Some(RevocationStatus::Good));
    // No data for this issuer: unknown is a failure ...
    let empty = KnownStatus::new(ca.user_authentication_root().certificate());
    let v = base.clone().with_revocation(empty);
    assert_eq!(
        v.verify(&leaf, Usage::Signing, d).map(drop),
        Err(Error::RevocationUnknown(UnknownReason::NoDataForIssuer))
    );
    // ... unless the caller opts into soft-fail.
    let ok = v
        .with_revocation_policy(RevocationPolicy::SOFT_FAIL)
        .verify(&leaf, Usage::Signing, d)
        .expect("soft-fail");
    assert_eq!(
        ok.revocation(),
        Some(RevocationStatus::Unknown(UnknownReason::NoDataForIssuer))
    );
    // A status obtained elsewhere.
    let mut known = KnownStatus::new(ca.signing_root().certificate());
    known.insert(leaf.serial(), RevocationStatus::Good);
    assert!(
        base.clone()
            .with_revocation(known)
            .verify(&leaf, Usage::Signing, d)
            .is_ok()
    );
    // Without any source, no revocation check happens (and none is claimed).
    assert_eq!(
        base.verify(&leaf, Usage::Signing, d)
            .map(|v| v.revocation()),
        Ok(None)
    );
    assert_eq!(
        Error::Revoked {
            revoked_at,
            reason: None,
            invalid_since: None,
        }
        .check_name(),
        "revoked"
    );
    assert_eq!(
        Error::RevocationUnknown(UnknownReason::Stale).check_name(),
        "revocation_unknown"
    );
}

/// Intermediates are checked where a source knows their issuer.
#[test]
fn revoked_intermediate_fails_the_chain() {
    use crate::testkit::{CertificateTemplate, PrivateKey, ext, key_id};
    use crate::{KeyUsage, Profile};
    let ca = ca();
    let int = ca.issue_intermediate("municipal", None);
    let int_cert = int.certificate();
    let key = PrivateKey::generate(crate::testkit::KeyType::Rsa2048, 60, "leaf-under-int");
    let spki = key.public_key_der();
    let template = CertificateTemplate {
        version: 3,
        serial: serial(4242).to_der_integer_content(),
        issuer: int_cert.subject().as_der().to_vec(),
        subject: crate::testkit::encode_name(&[(
            crate::oids::AT_COMMON_NAME,
            crate::testkit::StringType::Utf8,
            "leaf",
        )]),
        not_before: t("2026-01-01T00:00:00Z"),
        not_after: t("2030-01-01T00:00:00Z"),
        spki: spki.clone(),
        extensions: vec![
            ext::key_usage(KeyUsage::DIGITAL_SIGNATURE),
            ext::authority_key_id(int_cert.subject_key_id().unwrap_or_default()),
            ext::subject_key_id(&key_id(&spki)),
        ],
    };
    let leaf = Certificate::from_der(&template.sign(&int.private_key)).expect("leaf");
    let d = t("2027-01-01T00:00:00Z");
    let mut leaf_status = KnownStatus::new(int_cert.clone());
    leaf_status.insert(leaf.serial(), RevocationStatus::Good);
    let verifier = || {
        Verifier::new([ca.signing_root().certificate()])
            .expect("verifier")
            .with_intermediates([int_cert.clone()])
            .with_profile(Profile::Rfc5280)
            .with_revocation(leaf_status.clone())
    };
    let mut clean = RevocationIndex::new(ca.signing_root().certificate()).expect("index");
    clean
        .insert_der(&ca.issue_crl(&CrlSpec::signing(d)))
        .expect("insert");
    assert!(
        verifier()
            .with_revocation(clean)
            .verify(&leaf, Usage::Any, d)
            .is_ok()
    );
    let mut revoking = RevocationIndex::new(ca.signing_root().certificate()).expect("index");
    revoking
        .insert_der(&ca.issue_crl(&CrlSpec::signing(d).revoke(
            int.serial,
            d.minus_seconds(60),
            Some(CrlReason::CaCompromise),
        )))
        .expect("insert");
    assert!(matches!(
        verifier()
            .with_revocation(revoking)
            .verify(&leaf, Usage::Any, d),
        Err(Error::Revoked {
            reason: Some(CrlReason::CaCompromise),
            ..
        })
    ));
}

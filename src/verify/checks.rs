//! The checks of one verification that are not path building: the leaf against the profile
//! and usage, validity periods, and revocation along the path.

use super::{Profile, Usage, Verifier};
use crate::oid::oids;
use crate::revocation::source::combine;
use crate::{
    CaConstraint, Certificate, CertificateKind, Error, KeyUsage, RevocationStatus, UnixTime,
    UsageRefusal,
};

impl Verifier {
    /// The leaf's status, then each intermediate's (RFC 5280 §6.1.3(a)(3)): once a source is
    /// configured every certificate of the path below the anchor must have a known status,
    /// unless the policy is leaf-only, when intermediates no source knows about are skipped.
    pub(super) fn check_revocation<'c>(
        &self,
        leaf: &'c Certificate,
        chain: impl Iterator<Item = &'c Certificate> + Clone,
        at: UnixTime,
    ) -> Result<Option<RevocationStatus>, Error> {
        if self.revocation.is_empty() {
            return Ok(None);
        }
        let mut leaf_status = None;
        let subjects = core::iter::once(leaf).chain(chain.clone());
        for (i, (cert, issuer)) in subjects.zip(chain).enumerate() {
            let mut answers = self
                .revocation
                .iter()
                .filter_map(|s| s.status(cert, issuer, at))
                .peekable();
            if i > 0 && self.revocation_policy.leaf_only && answers.peek().is_none() {
                continue;
            }
            let status = combine(answers);
            match status {
                RevocationStatus::Revoked {
                    revoked_at,
                    reason,
                    invalid_since,
                } => {
                    return Err(Error::Revoked {
                        revoked_at,
                        reason,
                        invalid_since,
                    });
                }
                RevocationStatus::Unknown(why) if !self.revocation_policy.soft_fail => {
                    return Err(Error::RevocationUnknown(why));
                }
                _ => {}
            }
            if i == 0 {
                leaf_status = Some(status);
            }
        }
        Ok(leaf_status)
    }

    pub(super) fn check_leaf(
        &self,
        leaf: &Certificate,
        usage: Usage,
    ) -> Result<Option<CertificateKind>, Error> {
        match self.profile {
            Profile::Jpki => {
                let kind = leaf.kind()?;
                let fits = match (usage, kind) {
                    (_, CertificateKind::Ca) => false,
                    (Usage::Any, _) => true,
                    (Usage::Signing, k) => k == CertificateKind::Signing,
                    (Usage::UserAuthentication, k) => k == CertificateKind::UserAuthentication,
                };
                if !fits {
                    return Err(Error::WrongCertificateKind {
                        required: usage,
                        found: kind,
                    });
                }
                let policies = leaf.policies().unwrap_or_default();
                let has_policy = match kind {
                    CertificateKind::Signing => policies
                        .iter()
                        .any(|p| *p == oids::POLICY_SIGNING || *p == oids::POLICY_SIGNING_TEST),
                    _ => policies.contains(&oids::POLICY_USER_AUTHENTICATION),
                };
                if !has_policy {
                    return Err(Error::UsageNotAllowed(UsageRefusal::NoJpkiPolicy));
                }
                Ok(Some(kind))
            }
            Profile::Rfc5280 => {
                let ku = leaf.key_usage();
                let allowed = match usage {
                    Usage::Any => true,
                    Usage::Signing => ku.is_none_or(|k| {
                        k.contains(KeyUsage::DIGITAL_SIGNATURE)
                            || k.contains(KeyUsage::NON_REPUDIATION)
                    }),
                    Usage::UserAuthentication => {
                        ku.is_none_or(|k| k.contains(KeyUsage::DIGITAL_SIGNATURE))
                    }
                };
                if !allowed {
                    return Err(Error::UsageNotAllowed(UsageRefusal::KeyUsage));
                }
                // RFC 5280 §4.2.1.9: keyCertSign only with cA.
                if ku.is_some_and(|k| k.contains(KeyUsage::KEY_CERT_SIGN)) && !leaf.is_ca() {
                    return Err(Error::CaConstraints(CaConstraint::KeyCertSignWithoutCa));
                }
                Ok(leaf.kind().ok())
            }
        }
    }
}

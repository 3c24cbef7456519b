//! Where revocation status comes from, and how the verifier combines the answers.

use std::collections::HashMap;
use std::fmt;

use super::{RevocationIndex, RevocationStatus, UnknownReason};
use crate::{Certificate, SerialNumber, UnixTime};

/// A source of revocation status: a CRL index, OCSP responses, or answers the caller got
/// elsewhere (e.g. a platform operator's API). Implement it for your own sources.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{Certificate, RevocationSource, RevocationStatus, UnixTime, Usage, Verifier};
/// use jpki_core::testkit::{HolderSpec, TestCa};
/// /// A source answering from the service's own database (here: everything is good).
/// #[derive(Debug)]
/// struct AllGood;
/// impl RevocationSource for AllGood {
///     fn status(&self, _cert: &Certificate, _issuer: &Certificate, _at: UnixTime) -> Option<RevocationStatus> {
///         Some(RevocationStatus::Good)
///     }
/// }
/// let ca = TestCa::new(1);
/// let leaf = ca.issue_signing(&HolderSpec::example()).certificate();
/// let verifier = Verifier::new([ca.signing_root().certificate()])?.with_revocation(AllGood);
/// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
/// assert_eq!(verifier.verify(&leaf, Usage::Signing, at)?.revocation(), Some(RevocationStatus::Good));
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
pub trait RevocationSource: fmt::Debug + Send + Sync {
    /// The status of `cert` (issued by `issuer`) at time `at`, or `None` when this source holds
    /// nothing about `issuer` at all.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{KnownStatus, RevocationSource, RevocationStatus, UnixTime};
    /// use jpki_core::testkit::{HolderSpec, TestCa};
    /// let ca = TestCa::new(1);
    /// let pair = ca.issue_pair(&HolderSpec::example());
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let mut known = KnownStatus::new(ca.signing_root().certificate());
    /// known.insert(pair.signing.serial, RevocationStatus::Good);
    /// let signing_root = ca.signing_root().certificate();
    /// assert_eq!(known.status(&pair.signing.certificate(), &signing_root, at), Some(RevocationStatus::Good));
    /// // Nothing to say about another issuer's certificates.
    /// let auth_root = ca.user_authentication_root().certificate();
    /// assert_eq!(known.status(&pair.user_authentication.certificate(), &auth_root, at), None);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    fn status(
        &self,
        cert: &Certificate,
        issuer: &Certificate,
        at: UnixTime,
    ) -> Option<RevocationStatus>;
}

/// How the verifier treats revocation answers.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{RevocationPolicy, KnownStatus, Usage, UnixTime, Verifier, testkit::{HolderSpec, TestCa}};
/// let ca = TestCa::new(1);
/// let leaf = ca.issue_signing(&HolderSpec::example()).certificate();
/// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
/// // A source that knows nothing about this issuer: unknown status.
/// let nothing = KnownStatus::new(TestCa::new(2).signing_root().certificate());
/// let strict = Verifier::new([ca.signing_root().certificate()])?.with_revocation(nothing.clone());
/// assert!(strict.verify(&leaf, Usage::Signing, at).is_err()); // fail closed (default)
/// let lenient = strict.with_revocation_policy(RevocationPolicy::SOFT_FAIL);
/// assert!(lenient.verify(&leaf, Usage::Signing, at).is_ok());
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct RevocationPolicy {
    /// Accept a certificate whose status is `Unknown` (explicit opt-in; default `false`:
    /// unknown is a failure).
    pub soft_fail: bool,
    /// Check only the leaf: intermediates that no source knows about are skipped (explicit
    /// opt-in; default `false`: every certificate of the path below the anchor needs a known
    /// status, RFC 5280 §6.1.3(a)(3)). A source that does answer for an intermediate is always
    /// heeded.
    pub leaf_only: bool,
}

impl RevocationPolicy {
    /// Unknown status fails verification (the default).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Error, KnownStatus, RevocationPolicy, RevocationStatus, UnknownReason, Usage, UnixTime, Verifier, testkit::{HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let root = ca.signing_root().certificate();
    /// let leaf = ca.issue_signing(&HolderSpec::example()).certificate();
    /// let mut known = KnownStatus::new(root.clone());
    /// known.insert(leaf.serial(), RevocationStatus::Unknown(UnknownReason::SourceUnknown));
    /// let verifier = Verifier::new([root])?
    ///     .with_revocation(known)
    ///     .with_revocation_policy(RevocationPolicy::FAIL_CLOSED);
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// assert!(matches!(verifier.verify(&leaf, Usage::Signing, at), Err(Error::RevocationUnknown(_))));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub const FAIL_CLOSED: Self = Self {
        soft_fail: false,
        leaf_only: false,
    };
    /// Unknown status is accepted; a revoked certificate still fails.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{KnownStatus, RevocationPolicy, RevocationStatus, UnknownReason, Usage, UnixTime, Verifier, testkit::{HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let root = ca.signing_root().certificate();
    /// let leaf = ca.issue_signing(&HolderSpec::example()).certificate();
    /// let unknown = RevocationStatus::Unknown(UnknownReason::SourceUnknown);
    /// let mut known = KnownStatus::new(root.clone());
    /// known.insert(leaf.serial(), unknown);
    /// let verifier = Verifier::new([root])?
    ///     .with_revocation(known)
    ///     .with_revocation_policy(RevocationPolicy::SOFT_FAIL);
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// // Accepted, and the result says the status was unknown.
    /// assert_eq!(verifier.verify(&leaf, Usage::Signing, at)?.revocation(), Some(unknown));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub const SOFT_FAIL: Self = Self {
        soft_fail: true,
        leaf_only: false,
    };
    /// Fail closed for the leaf; intermediates that no source knows about are not checked
    /// (for callers who have CRLs for the end-entity CA only). JPKI paths have no
    /// intermediates, so this changes nothing for them.
    ///
    /// ```
    /// use jpki_core::RevocationPolicy;
    /// let p = RevocationPolicy::LEAF_ONLY;
    /// // Still fail closed for the leaf; only unknown intermediates are let through.
    /// assert!(p.leaf_only && !p.soft_fail);
    /// assert!(!RevocationPolicy::default().leaf_only);
    /// ```
    pub const LEAF_ONLY: Self = Self {
        soft_fail: false,
        leaf_only: true,
    };
}

impl RevocationSource for RevocationIndex {
    fn status(
        &self,
        cert: &Certificate,
        issuer: &Certificate,
        at: UnixTime,
    ) -> Option<RevocationStatus> {
        (issuer.der() == self.issuer().der()).then(|| RevocationIndex::status(self, cert, at))
    }
}

/// Statuses the caller obtained elsewhere (a platform operator's API, a J-LIS service), for
/// certificates of one issuer.
///
/// ```
/// use jpki_core::{KnownStatus, RevocationSource, RevocationStatus, SerialNumber, UnixTime};
/// # #[cfg(feature = "testkit")] {
/// # use jpki_core::testkit::{HolderSpec, TestCa};
/// # let ca = TestCa::new(1);
/// # let issuer = ca.signing_root().certificate();
/// # let cert = ca.issue_signing(&HolderSpec::example().with_serials(42, 43)).certificate();
/// let mut known = KnownStatus::new(issuer.clone());
/// known.insert(SerialNumber::from_u64(42)?, RevocationStatus::Good);
/// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
/// assert_eq!(known.status(&cert, &issuer, at), Some(RevocationStatus::Good));
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct KnownStatus {
    issuer: Certificate,
    statuses: HashMap<SerialNumber, RevocationStatus>,
}

impl KnownStatus {
    /// An empty set of statuses for certificates issued by `issuer`.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{KnownStatus, RevocationStatus, Usage, UnixTime, Verifier, testkit::{HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let root = ca.signing_root().certificate();
    /// let leaf = ca.issue_signing(&HolderSpec::example()).certificate();
    /// let mut known = KnownStatus::new(root.clone());
    /// known.insert(leaf.serial(), RevocationStatus::Good);
    /// let verifier = Verifier::new([root])?.with_revocation(known);
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// assert_eq!(verifier.verify(&leaf, Usage::Signing, at)?.revocation(), Some(RevocationStatus::Good));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn new(issuer: Certificate) -> Self {
        Self {
            issuer,
            statuses: HashMap::new(),
        }
    }

    /// Records the status of `serial`. A `Revoked` status applies from its `revoked_at` on.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Error, KnownStatus, RevocationStatus, Usage, UnixTime, Verifier, testkit::{HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let root = ca.signing_root().certificate();
    /// let leaf = ca.issue_signing(&HolderSpec::example()).certificate();
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let mut known = KnownStatus::new(root.clone());
    /// known.insert(leaf.serial(), RevocationStatus::Revoked { revoked_at: at.minus_seconds(60), reason: None, invalid_since: None });
    /// let verifier = Verifier::new([root])?.with_revocation(known);
    /// assert!(matches!(verifier.verify(&leaf, Usage::Signing, at), Err(Error::Revoked { .. })));
    /// // Before the revocation time the certificate was good.
    /// assert!(verifier.verify(&leaf, Usage::Signing, at.minus_seconds(120)).is_ok());
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn insert(&mut self, serial: SerialNumber, status: RevocationStatus) {
        self.statuses.insert(serial, status);
    }
}

impl RevocationSource for KnownStatus {
    fn status(
        &self,
        cert: &Certificate,
        issuer: &Certificate,
        at: UnixTime,
    ) -> Option<RevocationStatus> {
        if issuer.der() != self.issuer.der() {
            return None;
        }
        Some(match self.statuses.get(&cert.serial()) {
            Some(s @ RevocationStatus::Revoked { .. }) if s.effective_since() > Some(at) => {
                RevocationStatus::Good
            }
            Some(s) => *s,
            None => RevocationStatus::Unknown(UnknownReason::SourceUnknown),
        })
    }
}

/// Combines the answers of several sources: any `Revoked` wins, then any `Good`, then the
/// first `Unknown`; no answer at all is `Unknown(NoDataForIssuer)`.
pub(crate) fn combine(answers: impl Iterator<Item = RevocationStatus>) -> RevocationStatus {
    let mut best: Option<RevocationStatus> = None;
    for a in answers {
        best = Some(match (best, a) {
            (_, r @ RevocationStatus::Revoked { .. }) => return r,
            (Some(RevocationStatus::Good), _) | (_, RevocationStatus::Good) => {
                RevocationStatus::Good
            }
            (Some(u), _) => u,
            (None, u) => u,
        });
    }
    best.unwrap_or(RevocationStatus::Unknown(UnknownReason::NoDataForIssuer))
}

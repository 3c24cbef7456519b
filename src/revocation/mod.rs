//! Revocation: CRLs, a compact index over millions of revoked serials, OCSP, and the answer to
//! "is this certificate still good?" — never optimistic.
//!
//! JPKI revokes a signing certificate whenever the basic four items change (moving house,
//! marriage), on renewal, loss or death; CRLs are partitioned per municipality and regenerated
//! daily. Relying parties that are not registered with J-LIS get status through a platform
//! operator, so every source is accepted: CRL bytes ([`RevocationIndex`]), OCSP responses
//! ([`OcspResponse`]), or a status the caller obtained elsewhere ([`KnownStatus`]).

mod build;
pub(crate) mod crl;
pub(crate) mod index;
pub(crate) mod ocsp;
pub(crate) mod source;
mod table;

pub use crl::{Crl, CrlEntry, MAX_CRL_SIZE, VerifiedCrl};
pub use index::{DEFAULT_MAX_CRL_ENTRIES, RevocationIndex, RevokedSerials};
pub use ocsp::{
    CertIdHash, MAX_OCSP_REQUEST_SIZE, MAX_OCSP_RESPONSE_SIZE, OcspRequest, OcspResponse,
};
pub use source::{KnownStatus, RevocationPolicy, RevocationSource};

use crate::UnixTime;
pub use crate::vocab::{CrlReason, UnknownReason};

/// The answer to "was this certificate revoked at that time?".
///
/// ```
/// use jpki_core::{CrlReason, RevocationStatus, UnknownReason, UnixTime};
/// let revoked = RevocationStatus::Revoked {
///     revoked_at: UnixTime::from_unix_seconds(1_800_000_000),
///     reason: Some(CrlReason::Superseded),
///     invalid_since: None,
/// };
/// assert_eq!(revoked.as_str(), "revoked");
/// assert_eq!(RevocationStatus::Good.as_str(), "good");
/// assert_ne!(RevocationStatus::Unknown(UnknownReason::Stale), RevocationStatus::Good);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RevocationStatus {
    /// Not revoked at the time asked about, according to fresh, authoritative data.
    Good,
    /// Revoked at `revoked_at` — or, when the CRL entry gave an earlier invalidityDate, from
    /// `invalid_since` on — which is at or before the time asked about.
    Revoked {
        /// revocationDate.
        revoked_at: UnixTime,
        /// reasonCode, if the CRL or response gave one.
        reason: Option<CrlReason>,
        /// invalidityDate, only when it is earlier than `revoked_at` (RFC 5280 §5.3.2: the key
        /// is suspected compromised from then on): the certificate counts as revoked from it.
        invalid_since: Option<UnixTime>,
    },
    /// Not decidable; treated as a failure unless the caller opted into soft-fail.
    Unknown(UnknownReason),
}

impl RevocationStatus {
    /// `good`, `revoked` or `unknown`.
    ///
    /// ```
    /// use jpki_core::{RevocationStatus, UnknownReason};
    /// assert_eq!(RevocationStatus::Good.as_str(), "good");
    /// assert_eq!(RevocationStatus::Unknown(UnknownReason::Stale).as_str(), "unknown");
    /// ```
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Good => "good",
            Self::Revoked { .. } => "revoked",
            Self::Unknown(_) => "unknown",
        }
    }

    /// The time a `Revoked` status takes effect: the earlier of revocationDate and
    /// invalidityDate. `None` for `Good` and `Unknown`.
    ///
    /// ```
    /// use jpki_core::{RevocationStatus, UnixTime};
    /// let revoked_at = UnixTime::from_unix_seconds(1_800_000_000);
    /// let invalid_since = Some(revoked_at.minus_seconds(86_400));
    /// let s = RevocationStatus::Revoked { revoked_at, reason: None, invalid_since };
    /// assert_eq!(s.effective_since(), invalid_since);
    /// assert_eq!(RevocationStatus::Good.effective_since(), None);
    /// ```
    pub fn effective_since(&self) -> Option<UnixTime> {
        match self {
            Self::Revoked {
                revoked_at,
                invalid_since,
                ..
            } => Some(invalid_since.map_or(*revoked_at, |i| i.min(*revoked_at))),
            _ => None,
        }
    }
}

#[cfg(test)]
mod evidence_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod verifier_tests;

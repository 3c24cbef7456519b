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

use core::fmt;

pub use crl::{Crl, CrlEntry, MAX_CRL_SIZE, VerifiedCrl};
pub use index::{DEFAULT_MAX_CRL_ENTRIES, RevocationIndex, RevokedSerials};
pub use ocsp::{
    CertIdHash, MAX_OCSP_REQUEST_SIZE, MAX_OCSP_RESPONSE_SIZE, OcspRequest, OcspResponse,
};
pub use source::{KnownStatus, RevocationPolicy, RevocationSource};

use crate::UnixTime;

/// The reason a certificate was revoked (RFC 5280 §5.3.1 CRLReason).
///
/// JPKI uses them as follows (jpki-profile.md): `AffiliationChanged` for a change of the basic
/// four items, `Superseded` for renewal, `CessationOfOperation` when no longer needed,
/// `KeyCompromise` for loss, `Unspecified` for a card destroyed before delivery.
///
/// ```
/// use jpki_core::CrlReason;
/// // An address change revokes the signing certificate with affiliationChanged (code 3).
/// assert_eq!(CrlReason::from_code(3), Some(CrlReason::AffiliationChanged));
/// assert_eq!(CrlReason::Superseded.code(), 4);
/// assert_eq!(CrlReason::from_code(7), None); // 7 is unassigned
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CrlReason {
    /// 0.
    Unspecified,
    /// 1.
    KeyCompromise,
    /// 2.
    CaCompromise,
    /// 3: for JPKI, a change of the basic four items.
    AffiliationChanged,
    /// 4: for JPKI, renewal.
    Superseded,
    /// 5.
    CessationOfOperation,
    /// 6.
    CertificateHold,
    /// 8 (delta CRLs only).
    RemoveFromCrl,
    /// 9.
    PrivilegeWithdrawn,
    /// 10.
    AaCompromise,
}

impl CrlReason {
    /// The ENUMERATED code.
    ///
    /// ```
    /// use jpki_core::CrlReason;
    /// assert_eq!(CrlReason::AffiliationChanged.code(), 3);
    /// assert_eq!(CrlReason::RemoveFromCrl.code(), 8);
    /// ```
    pub fn code(self) -> u8 {
        match self {
            Self::Unspecified => 0,
            Self::KeyCompromise => 1,
            Self::CaCompromise => 2,
            Self::AffiliationChanged => 3,
            Self::Superseded => 4,
            Self::CessationOfOperation => 5,
            Self::CertificateHold => 6,
            Self::RemoveFromCrl => 8,
            Self::PrivilegeWithdrawn => 9,
            Self::AaCompromise => 10,
        }
    }

    /// The reason for a code (7 and codes above 10 are not defined).
    ///
    /// ```
    /// use jpki_core::CrlReason;
    /// assert_eq!(CrlReason::from_code(1), Some(CrlReason::KeyCompromise));
    /// assert_eq!(CrlReason::from_code(7), None);
    /// assert_eq!(CrlReason::from_code(11), None);
    /// ```
    pub fn from_code(code: u8) -> Option<Self> {
        Some(match code {
            0 => Self::Unspecified,
            1 => Self::KeyCompromise,
            2 => Self::CaCompromise,
            3 => Self::AffiliationChanged,
            4 => Self::Superseded,
            5 => Self::CessationOfOperation,
            6 => Self::CertificateHold,
            8 => Self::RemoveFromCrl,
            9 => Self::PrivilegeWithdrawn,
            10 => Self::AaCompromise,
            _ => return None,
        })
    }

    /// The RFC 5280 name in camelCase, e.g. `affiliationChanged`.
    ///
    /// ```
    /// use jpki_core::CrlReason;
    /// assert_eq!(CrlReason::AffiliationChanged.as_str(), "affiliationChanged");
    /// assert_eq!(CrlReason::CaCompromise.to_string(), "cACompromise");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unspecified => "unspecified",
            Self::KeyCompromise => "keyCompromise",
            Self::CaCompromise => "cACompromise",
            Self::AffiliationChanged => "affiliationChanged",
            Self::Superseded => "superseded",
            Self::CessationOfOperation => "cessationOfOperation",
            Self::CertificateHold => "certificateHold",
            Self::RemoveFromCrl => "removeFromCRL",
            Self::PrivilegeWithdrawn => "privilegeWithdrawn",
            Self::AaCompromise => "aACompromise",
        }
    }
}

impl fmt::Display for CrlReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a status could not be decided. Never to be read as "good".
///
/// ```
/// use jpki_core::{RevocationStatus, UnknownReason};
/// // Unknown is never "good": a verifier fails closed on it unless told otherwise.
/// let status = RevocationStatus::Unknown(UnknownReason::NoDataForIssuer);
/// assert!(matches!(status, RevocationStatus::Unknown(UnknownReason::NoDataForIssuer)));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum UnknownReason {
    /// No revocation data at all for the certificate's issuer.
    NoDataForIssuer,
    /// CRLs for the issuer are loaded, but none covers this certificate's partition
    /// (cRLDistributionPoints) and there is no full CRL.
    NotCovered,
    /// The covering CRL or OCSP response is past its nextUpdate (plus the allowed grace).
    Stale,
    /// The OCSP responder answered `unknown`.
    ResponderUnknown,
    /// The caller's source said it does not know.
    SourceUnknown,
    /// An OCSP response about the certificate failed its checks (signature, responder, nonce).
    InvalidResponse,
}

impl fmt::Display for UnknownReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NoDataForIssuer => "no revocation data for the issuer",
            Self::NotCovered => "no CRL covers the certificate's distribution point",
            Self::Stale => "revocation data is past its nextUpdate",
            Self::ResponderUnknown => "the OCSP responder does not know the certificate",
            Self::SourceUnknown => "the revocation source does not know the certificate",
            Self::InvalidResponse => "the OCSP response about the certificate failed its checks",
        })
    }
}

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

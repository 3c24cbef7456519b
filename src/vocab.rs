//! The vocabulary every layer shares: what a certificate is for and what it is, why it was
//! revoked or why its status is unknown, and what a trust anchor vouches for. Plain enums with
//! no dependency on the rest of the crate, so that the errors (one layer up) can name them
//! without importing the layers that use them. The two value types the errors carry, [`Oid`]
//! and [`UnixTime`], are declared here too; their methods live in `oid` and `time`.

use core::fmt;

use der::asn1::ObjectIdentifier;

/// What the verified certificate is going to be used for.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{Usage, UnixTime, Verifier, testkit::{HolderSpec, TestCa}};
/// let ca = TestCa::new(1);
/// let pair = ca.issue_pair(&HolderSpec::example());
/// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
/// let v = Verifier::new([ca.signing_root().certificate(), ca.user_authentication_root().certificate()])?;
/// assert!(v.verify(&pair.signing.certificate(), Usage::Signing, at).is_ok());
/// assert!(v.verify(&pair.signing.certificate(), Usage::UserAuthentication, at).is_err());
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Usage {
    /// Verifying signed documents: requires a signing certificate (署名用電子証明書).
    Signing,
    /// Logging in (a signed challenge): requires a user-authentication certificate
    /// (利用者証明用電子証明書).
    UserAuthentication,
    /// Any end-entity certificate the profile accepts (for inspection tools; a service should
    /// always ask for the usage it needs).
    Any,
}

impl fmt::Display for Usage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Signing => "signing",
            Self::UserAuthentication => "user authentication",
            Self::Any => "any usage",
        })
    }
}

/// The three kinds of certificate in the JPKI hierarchy.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::testkit::{HolderSpec, TestCa};
/// let ca = TestCa::new(1);
/// let cert = ca.issue_signing(&HolderSpec::example()).certificate();
/// use jpki_core::CertificateKind;
/// assert_eq!(cert.kind()?, CertificateKind::Signing);
/// assert_eq!(ca.signing_root().certificate().kind()?, CertificateKind::Ca);
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CertificateKind {
    /// 署名用電子証明書: signs documents; carries the basic four items.
    Signing,
    /// 利用者証明用電子証明書: logs in; carries no personal data.
    UserAuthentication,
    /// A certification authority (basicConstraints cA, keyCertSign).
    Ca,
}

impl CertificateKind {
    /// `signing`, `user_authentication` or `ca`.
    ///
    /// ```
    /// use jpki_core::CertificateKind;
    /// assert_eq!(CertificateKind::UserAuthentication.as_str(), "user_authentication");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Signing => "signing",
            Self::UserAuthentication => "user_authentication",
            Self::Ca => "ca",
        }
    }
}

impl fmt::Display for CertificateKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Production or test JPKI, from the issuer's organisation.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::testkit::{HolderSpec, TestCa};
/// let ca = TestCa::new(1);
/// let cert = ca.issue_signing(&HolderSpec::example()).certificate();
/// use jpki_core::Environment;
/// // The test CA issues with the test policy unless asked for the production one.
/// assert!(matches!(cert.environment(), Some(Environment::Test | Environment::Production)));
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Environment {
    /// Issuer `O=JPKI`.
    Production,
    /// Issuer `O=JPKI-TEST` (test cards).
    Test,
}

impl Environment {
    /// `production` or `test`.
    ///
    /// ```
    /// use jpki_core::Environment;
    /// assert_eq!(Environment::Production.as_str(), "production");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Production => "production",
            Self::Test => "test",
        }
    }
}

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

/// What a trust anchor vouches for.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{AnchorPurpose, TrustAnchor, testkit::TestCa};
/// let ca = TestCa::new(1);
/// // Read from the root's OU ("JPKI for digital signature").
/// let anchor = TrustAnchor::new(ca.signing_root().certificate());
/// assert_eq!(anchor.purpose(), AnchorPurpose::Signing);
/// assert_eq!(AnchorPurpose::UserAuthentication.to_string(), "user_authentication");
/// # }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AnchorPurpose {
    /// A signing root (署名用認証局): issues signing certificates.
    Signing,
    /// A user-authentication root (利用者証明用認証局): issues user-authentication certificates.
    UserAuthentication,
    /// Neither: under [`Profile::Jpki`](crate::Profile::Jpki) it validates no leaf.
    Other,
}

impl AnchorPurpose {
    /// `signing`, `user_authentication` or `other`.
    ///
    /// ```
    /// use jpki_core::AnchorPurpose;
    /// assert_eq!(AnchorPurpose::Signing.as_str(), "signing");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Signing => "signing",
            Self::UserAuthentication => "user_authentication",
            Self::Other => "other",
        }
    }
}

impl fmt::Display for AnchorPurpose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An ASN.1 object identifier, such as `1.2.392.200149.8.5.5.1`.
///
/// A thin wrapper so that the public API does not expose the version of the `const-oid` crate
/// in use. It displays in dotted-decimal form and parses from it.
///
/// ```
/// use jpki_core::Oid;
/// let oid: Oid = "1.2.392.200149.8.5.5.1".parse()?;
/// assert_eq!(oid.to_string(), "1.2.392.200149.8.5.5.1");
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Oid(pub(crate) ObjectIdentifier);

/// A point in time, in whole seconds since the Unix epoch (UTC).
///
/// Verification never reads the clock by itself: the caller supplies the time, so that a document
/// can be checked "as of" its signing time and tests are reproducible.
///
/// ```
/// use jpki_core::UnixTime;
/// let t = UnixTime::parse_rfc3339("2026-04-01T00:00:00+09:00")?;
/// assert_eq!(t.to_rfc3339(), "2026-03-31T15:00:00Z");
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnixTime(pub(crate) u64);

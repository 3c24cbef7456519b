//! What a private ID is linked to: certificates named by issuer and serial (a serial number
//! identifies a certificate only within its issuer), each with its own status.

use core::fmt;

use jpki_core::{
    Certificate, CertificateKind, CrlReason, SerialNumber, UnixTime, VerifiedCertificate,
};
use sha2::{Digest, Sha256};

use crate::Error;

/// The issuing CA of a certificate: SHA-256 over the CA's subject name and public key (both
/// DER, each preceded by its length). Two CA generations under the same name, the test and
/// production environments, and the signing and user-authentication CAs all differ here.
///
/// ```
/// use jpki_core::testkit::TestCa;
/// use jpki_linkage::IssuerKey;
/// let ca = TestCa::new(1);
/// let signing = IssuerKey::of(&ca.signing_root().certificate());
/// let auth = IssuerKey::of(&ca.user_authentication_root().certificate());
/// assert_ne!(signing, auth);
/// assert_eq!(IssuerKey::from_bytes(signing.to_bytes()), signing);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IssuerKey([u8; 32]);

impl IssuerKey {
    /// The key of the CA certificate `ca` (the issuer of the certificates it signs).
    ///
    /// ```
    /// use jpki_core::testkit::TestCa;
    /// use jpki_linkage::IssuerKey;
    /// // The same CA in two test worlds with different keys: different issuers.
    /// let (a, b) = (TestCa::new(1), TestCa::new(2));
    /// assert_ne!(IssuerKey::of(&a.signing_root().certificate()), IssuerKey::of(&b.signing_root().certificate()));
    /// ```
    pub fn of(ca: &Certificate) -> Self {
        let mut h = Sha256::new();
        for part in [ca.subject().as_der(), ca.spki_der()] {
            h.update((part.len() as u64).to_be_bytes());
            h.update(part);
        }
        Self(h.finalize().into())
    }

    /// From the 32 stored octets.
    ///
    /// ```
    /// use jpki_linkage::IssuerKey;
    /// assert_eq!(IssuerKey::from_bytes([1; 32]).to_bytes(), [1; 32]);
    /// ```
    pub fn from_bytes(b: [u8; 32]) -> Self {
        Self(b)
    }

    /// The 32 octets.
    ///
    /// ```
    /// use jpki_linkage::IssuerKey;
    /// assert_eq!(IssuerKey::from_bytes([2; 32]).to_bytes()[0], 2);
    /// ```
    pub fn to_bytes(self) -> [u8; 32] {
        self.0
    }
}

impl fmt::Debug for IssuerKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Eight octets are enough to tell issuers apart in a log line.
        f.write_str("IssuerKey(")?;
        self.0
            .iter()
            .take(8)
            .try_for_each(|b| write!(f, "{b:02x}"))?;
        f.write_str("…)")
    }
}

/// A certificate's linkage key: its issuer and its serial number.
///
/// ```
/// use jpki_core::{SerialNumber, testkit::TestCa};
/// use jpki_linkage::{CertificateKey, IssuerKey};
/// let ca = TestCa::new(1);
/// let serial = SerialNumber::from_u64(42)?;
/// let signing = CertificateKey::new(IssuerKey::of(&ca.signing_root().certificate()), serial);
/// let auth = CertificateKey::new(IssuerKey::of(&ca.user_authentication_root().certificate()), serial);
/// // The same serial under two CAs names two certificates.
/// assert_ne!(signing, auth);
/// # Ok::<(), jpki_linkage::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CertificateKey {
    /// The issuing CA.
    pub issuer: IssuerKey,
    /// The serial number within that CA.
    pub serial: SerialNumber,
}

impl CertificateKey {
    /// The key of a certificate issued by `issuer` with `serial`.
    ///
    /// ```
    /// use jpki_core::SerialNumber;
    /// use jpki_linkage::{CertificateKey, IssuerKey};
    /// let key = CertificateKey::new(IssuerKey::from_bytes([1; 32]), SerialNumber::from_u64(7)?);
    /// assert_eq!(key.serial, SerialNumber::from_u64(7)?);
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    pub fn new(issuer: IssuerKey, serial: SerialNumber) -> Self {
        Self { issuer, serial }
    }

    /// The key of a verified certificate: its serial under the CA that issued it (the first
    /// certificate of its verified path).
    ///
    /// ```
    /// use jpki_core::{UnixTime, Usage, Verifier, testkit::{HolderSpec, TestCa}};
    /// use jpki_linkage::{CertificateKey, IssuerKey};
    /// let ca = TestCa::new(1);
    /// let leaf = ca.issue_signing(&HolderSpec::example());
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let v = Verifier::new([ca.signing_root().certificate()])?;
    /// let key = CertificateKey::of(&v.verify(&leaf.certificate(), Usage::Signing, at)?)?;
    /// assert_eq!(key, CertificateKey::new(IssuerKey::of(&ca.signing_root().certificate()), leaf.serial));
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    pub fn of(cert: &VerifiedCertificate) -> Result<Self, Error> {
        let issuer = cert.issuers().next().ok_or(Error::IssuerUnknown)?;
        Ok(Self::new(IssuerKey::of(issuer), cert.serial()))
    }
}

impl fmt::Display for CertificateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (issuer ", self.serial)?;
        self.issuer
            .0
            .iter()
            .take(4)
            .try_for_each(|b| write!(f, "{b:02x}"))?;
        f.write_str(")")
    }
}

/// Where one linked certificate stands.
///
/// ```
/// use jpki_linkage::CertificateStatus;
/// assert_eq!(CertificateStatus::Active.as_str(), "active");
/// assert_eq!(CertificateStatus::Unlinked.as_str(), "unlinked");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CertificateStatus {
    /// Usable: logs in (user authentication) or keeps the ID proofed (signing).
    Active,
    /// The sweep found it revoked.
    Revoked {
        /// revocationDate.
        revoked_at: UnixTime,
        /// reasonCode.
        reason: Option<CrlReason>,
    },
    /// Replaced by another certificate through a supersession link.
    Superseded,
    /// Unlinked by the service (a phone sold or replaced): kept for the audit trail, refused
    /// at login, and never linked to another ID.
    Unlinked,
}

impl CertificateStatus {
    /// `active`, `revoked`, `superseded` or `unlinked`.
    ///
    /// ```
    /// use jpki_core::UnixTime;
    /// use jpki_linkage::CertificateStatus;
    /// let revoked = CertificateStatus::Revoked { revoked_at: UnixTime::from_unix_seconds(0), reason: None };
    /// assert_eq!(revoked.as_str(), "revoked");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Revoked { .. } => "revoked",
            Self::Superseded => "superseded",
            Self::Unlinked => "unlinked",
        }
    }
}

/// One certificate linked to a private ID.
///
/// ```
/// use jpki_core::{CertificateKind, UnixTime, Usage, Verifier, testkit::{HolderSpec, TestCa}};
/// use jpki_linkage::{CertificateStatus, Lifecycle, MemoryStore};
/// let ca = TestCa::new(1);
/// let pair = ca.issue_pair(&HolderSpec::example());
/// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
/// let v = Verifier::new([ca.signing_root().certificate(), ca.user_authentication_root().certificate()])?;
/// let signing = v.verify(&pair.signing.certificate(), Usage::Signing, at)?;
/// let auth = v.verify(&pair.user_authentication.certificate(), Usage::UserAuthentication, at)?;
/// let life = Lifecycle::new(MemoryStore::new(), [7; 32]);
/// let id = life.enroll(&signing, Some(&auth), at)?;
/// let linked = life.certificates(id)?;
/// assert_eq!(linked.len(), 2);
/// assert_eq!(linked[1].kind, CertificateKind::UserAuthentication);
/// assert_eq!(linked[1].status, CertificateStatus::Active);
/// # Ok::<(), jpki_linkage::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LinkedCertificate {
    /// Issuer and serial.
    pub key: CertificateKey,
    /// Signing or user authentication.
    pub kind: CertificateKind,
    /// Its own status.
    pub status: CertificateStatus,
    /// When it was linked.
    pub linked_at: UnixTime,
}

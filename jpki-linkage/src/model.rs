//! The linkage model: private IDs, what they are linked to, their status, and the audit trail.

use core::fmt;

use jpki_core::{BasicFourInfo, BasicFourItem, CertificateKind, CrlReason, UnixTime};

use crate::Error;
use crate::certificate::{CertificateKey, CertificateStatus, LinkedCertificate};

/// A private ID: 128 random bits from the operating system's generator, never derived from time
/// or from personal data (a timestamp-based request ID once gave a person someone else's
/// certificate when two requests fell in the same second).
///
/// ```
/// use jpki_linkage::PrivateId;
/// let id = PrivateId::random();
/// // 128 random bits, written as hex: no personal data, no time.
/// assert_eq!(PrivateId::parse(&id.to_string())?, id);
/// assert_eq!(PrivateId::from_bytes(id.to_bytes()), id);
/// # Ok::<(), jpki_linkage::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PrivateId([u8; 16]);

impl PrivateId {
    /// A fresh random ID.
    ///
    /// ```
    /// use jpki_linkage::PrivateId;
    /// assert_ne!(PrivateId::random(), PrivateId::random());
    /// ```
    pub fn random() -> Self {
        let mut b = [0u8; 16];
        rand::fill(&mut b);
        Self(b)
    }

    /// The 16 octets.
    ///
    /// ```
    /// use jpki_linkage::PrivateId;
    /// let id = PrivateId::parse("000102030405060708090a0b0c0d0e0f")?;
    /// assert_eq!(id.to_bytes(), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    pub fn to_bytes(self) -> [u8; 16] {
        self.0
    }

    /// From 16 octets (e.g. read back from storage).
    ///
    /// ```
    /// use jpki_linkage::PrivateId;
    /// let id = PrivateId::from_bytes([0xab; 16]);
    /// assert_eq!(id.to_string(), "ab".repeat(16));
    /// ```
    pub fn from_bytes(b: [u8; 16]) -> Self {
        Self(b)
    }

    /// Parses the 32-digit lowercase hexadecimal form.
    ///
    /// ```
    /// use jpki_linkage::PrivateId;
    /// let id = PrivateId::parse("ffeeddccbbaa99887766554433221100")?;
    /// assert_eq!(id.to_string(), "ffeeddccbbaa99887766554433221100");
    /// assert!(PrivateId::parse("ffee").is_err()); // too short
    /// assert!(PrivateId::parse("zzeeddccbbaa99887766554433221100").is_err());
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    pub fn parse(s: &str) -> Result<Self, Error> {
        let bad = || Error::BadPrivateId;
        if s.len() != 32 {
            return Err(bad());
        }
        let mut b = [0u8; 16];
        for (i, slot) in b.iter_mut().enumerate() {
            let pair = s.get(2 * i..2 * i + 2).ok_or_else(bad)?;
            *slot = u8::from_str_radix(pair, 16).map_err(|_| bad())?;
        }
        Ok(Self(b))
    }
}

impl fmt::Display for PrivateId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

impl fmt::Debug for PrivateId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PrivateId({self})")
    }
}

/// Where a private ID stands.
///
/// ```
/// use jpki_core::{UnixTime, Usage, Verifier};
/// use jpki_linkage::{Lifecycle, MemoryStore};
/// use jpki_core::testkit::{HolderSpec, TestCa};
/// let ca = TestCa::new(5);
/// let pair = ca.issue_pair(&HolderSpec::example());
/// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
/// let v = Verifier::new([ca.signing_root().certificate(), ca.user_authentication_root().certificate()])?;
/// let signing = v.verify(&pair.signing.certificate(), Usage::Signing, at)?;
/// let life = Lifecycle::new(MemoryStore::new(), [7; 32]);
/// let id = life.enroll(&signing, None, at)?;
/// use jpki_linkage::IdStatus;
/// assert_eq!(life.record(id)?.map(|r| r.status), Some(IdStatus::Active));
/// life.retire(id, at)?;
/// assert_eq!(life.record(id)?.map(|r| r.status), Some(IdStatus::Retired));
/// # Ok::<(), jpki_linkage::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum IdStatus {
    /// Proofed with a signing certificate that is not known to be revoked.
    Active,
    /// The sweep found the signing certificates revoked (under the default
    /// [`crate::SweepPolicy`], every active one; a smartphone's valid signing certificate keeps
    /// the ID active): the holder must re-proof (or the service obtains the latest basic four
    /// items with consent).
    NeedsReproofing,
    /// Closed; logins are refused and personal data may be deleted.
    Retired,
}

impl IdStatus {
    /// `active`, `needs_reproofing` or `retired`.
    ///
    /// ```
    /// use jpki_linkage::IdStatus;
    /// assert_eq!(IdStatus::NeedsReproofing.as_str(), "needs_reproofing");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::NeedsReproofing => "needs_reproofing",
            Self::Retired => "retired",
        }
    }
}

/// The basic four items as kept at proofing: the items themselves only if the service opted to
/// keep them, otherwise a keyed digest (enough to tell "same person" without storing them).
///
/// ```
/// use jpki_core::{UnixTime, Usage, Verifier};
/// use jpki_linkage::{Lifecycle, MemoryStore};
/// use jpki_core::testkit::{HolderSpec, TestCa};
/// let ca = TestCa::new(5);
/// let pair = ca.issue_pair(&HolderSpec::example());
/// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
/// let v = Verifier::new([ca.signing_root().certificate(), ca.user_authentication_root().certificate()])?;
/// let signing = v.verify(&pair.signing.certificate(), Usage::Signing, at)?;
/// let life = Lifecycle::new(MemoryStore::new(), [7; 32]);
/// let id = life.enroll(&signing, None, at)?;
/// use jpki_linkage::ProofedIdentity;
/// // By default only a keyed digest of the basic four items is kept.
/// assert!(matches!(life.record(id)?.map(|r| r.identity), Some(ProofedIdentity::Digest(_))));
/// life.retire(id, at)?; // only a retired ID's personal data can be deleted
/// life.delete_personal_data(id, at)?;
/// assert!(matches!(life.record(id)?.map(|r| r.identity), Some(ProofedIdentity::Deleted)));
/// # Ok::<(), jpki_linkage::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProofedIdentity {
    /// The items, kept by choice.
    Kept(Box<BasicFourInfo>),
    /// HMAC-SHA-256 over name, name flags, date of birth and sex, keyed by the key given to
    /// [`crate::Lifecycle::new`].
    Digest([u8; 32]),
    /// Deleted after retirement (the audit trail remains).
    Deleted,
}

impl fmt::Debug for ProofedIdentity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Kept(_) => "Kept(..)",
            Self::Digest(_) => "Digest(..)",
            Self::Deleted => "Deleted",
        })
    }
}

/// Everything linked to one private ID.
///
/// ```
/// use jpki_core::{UnixTime, Usage, Verifier};
/// use jpki_linkage::{CertificateKey, Lifecycle, MemoryStore};
/// use jpki_core::testkit::{HolderSpec, TestCa};
/// let ca = TestCa::new(5);
/// let pair = ca.issue_pair(&HolderSpec::example());
/// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
/// let v = Verifier::new([ca.signing_root().certificate(), ca.user_authentication_root().certificate()])?;
/// let signing = v.verify(&pair.signing.certificate(), Usage::Signing, at)?;
/// let life = Lifecycle::new(MemoryStore::new(), [7; 32]);
/// let id = life.enroll(&signing, None, at)?;
/// let record = life.record(id)?.ok_or(jpki_linkage::Error::UnknownPrivateId)?;
/// assert_eq!(record.certificates.len(), 1);
/// assert_eq!(record.certificates[0].key, CertificateKey::of(&signing)?);
/// # Ok::<(), jpki_linkage::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkRecord {
    /// The ID.
    pub id: PrivateId,
    /// Status.
    pub status: IdStatus,
    /// Every certificate ever linked to the ID, in the order they were linked, each with its
    /// status: the card's and the smartphones' signing and user-authentication certificates,
    /// current and past (revoked, superseded, unlinked). A certificate is linked to at most
    /// one ID, for ever.
    pub certificates: Vec<LinkedCertificate>,
    /// The basic four items at the latest proofing (or their digest).
    pub identity: ProofedIdentity,
    /// When the record last changed.
    pub updated_at: UnixTime,
}

impl LinkRecord {
    /// The linked certificate with this key.
    ///
    /// ```
    /// use jpki_core::{UnixTime, Usage, Verifier, testkit::{HolderSpec, TestCa}};
    /// use jpki_linkage::{CertificateKey, CertificateStatus, Lifecycle, MemoryStore};
    /// let ca = TestCa::new(1);
    /// let pair = ca.issue_pair(&HolderSpec::example());
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let v = Verifier::new([ca.signing_root().certificate()])?;
    /// let signing = v.verify(&pair.signing.certificate(), Usage::Signing, at)?;
    /// let life = Lifecycle::new(MemoryStore::new(), [7; 32]);
    /// let id = life.enroll(&signing, None, at)?;
    /// let record = life.record(id)?.ok_or(jpki_linkage::Error::UnknownPrivateId)?;
    /// let key = CertificateKey::of(&signing)?;
    /// assert_eq!(record.certificate(&key).map(|c| c.status), Some(CertificateStatus::Active));
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    pub fn certificate(&self, key: &CertificateKey) -> Option<&LinkedCertificate> {
        self.certificates.iter().find(|c| c.key == *key)
    }

    /// The active certificates of `kind`.
    ///
    /// ```
    /// use jpki_core::{CertificateKind, UnixTime, Usage, Verifier, testkit::{HolderSpec, TestCa}};
    /// use jpki_linkage::{Lifecycle, MemoryStore};
    /// let ca = TestCa::new(1);
    /// let pair = ca.issue_pair(&HolderSpec::example());
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let v = Verifier::new([ca.signing_root().certificate()])?;
    /// let signing = v.verify(&pair.signing.certificate(), Usage::Signing, at)?;
    /// let life = Lifecycle::new(MemoryStore::new(), [7; 32]);
    /// let id = life.enroll(&signing, None, at)?;
    /// let record = life.record(id)?.ok_or(jpki_linkage::Error::UnknownPrivateId)?;
    /// assert_eq!(record.active(CertificateKind::Signing).count(), 1);
    /// assert_eq!(record.active(CertificateKind::UserAuthentication).count(), 0);
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    pub fn active(&self, kind: CertificateKind) -> impl Iterator<Item = &LinkedCertificate> {
        self.certificates
            .iter()
            .filter(move |c| c.kind == kind && c.status == CertificateStatus::Active)
    }
}

/// What happened, for the audit trail.
///
/// ```
/// use jpki_core::{UnixTime, Usage, Verifier};
/// use jpki_linkage::{Lifecycle, MemoryStore};
/// use jpki_core::testkit::{HolderSpec, TestCa};
/// let ca = TestCa::new(5);
/// let pair = ca.issue_pair(&HolderSpec::example());
/// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
/// let v = Verifier::new([ca.signing_root().certificate(), ca.user_authentication_root().certificate()])?;
/// let signing = v.verify(&pair.signing.certificate(), Usage::Signing, at)?;
/// let life = Lifecycle::new(MemoryStore::new(), [7; 32]);
/// let id = life.enroll(&signing, None, at)?;
/// use jpki_linkage::AuditKind;
/// assert!(matches!(life.audit_trail(id)?.first().map(|e| &e.kind), Some(AuditKind::Enrolled)));
/// # Ok::<(), jpki_linkage::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuditKind {
    /// Proofed with a signing certificate.
    Enrolled,
    /// Logged in with a user-authentication certificate.
    LoggedIn,
    /// The sweep found the certificate revoked.
    RevocationFound {
        /// revocationDate.
        revoked_at: UnixTime,
        /// reasonCode.
        reason: Option<CrlReason>,
    },
    /// Re-proofed with a new signing certificate; lists the basic four items that changed.
    Reproofed {
        /// Items that differ from the previous proofing (empty when only digests are kept and
        /// they match).
        changed: Vec<BasicFourItem>,
    },
    /// Moved to a new certificate through a supersession link supplied by the caller (J-LIS).
    Superseded,
    /// The basic four items were updated from an information service, with consent.
    BasicFourUpdated {
        /// The service that supplied them (e.g. a platform operator).
        source: String,
        /// The holder's consent reference.
        consent: String,
        /// Items that changed.
        changed: Vec<BasicFourItem>,
    },
    /// Retired.
    Retired,
    /// Personal data deleted.
    Deleted,
    /// An additional certificate was linked (a smartphone's, or the card's user-authentication
    /// certificate at enrolment).
    Linked,
    /// A certificate was unlinked by the service.
    Unlinked,
}

/// One entry of the append-only audit log.
///
/// ```
/// use jpki_core::{UnixTime, Usage, Verifier};
/// use jpki_linkage::{Lifecycle, MemoryStore};
/// use jpki_core::testkit::{HolderSpec, TestCa};
/// let ca = TestCa::new(5);
/// let pair = ca.issue_pair(&HolderSpec::example());
/// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
/// let v = Verifier::new([ca.signing_root().certificate(), ca.user_authentication_root().certificate()])?;
/// let signing = v.verify(&pair.signing.certificate(), Usage::Signing, at)?;
/// let life = Lifecycle::new(MemoryStore::new(), [7; 32]);
/// let id = life.enroll(&signing, None, at)?;
/// let trail = life.audit_trail(id)?;
/// assert_eq!(trail.first().map(|e| e.id), Some(id));
/// # Ok::<(), jpki_linkage::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEvent {
    /// When.
    pub at: UnixTime,
    /// Which ID.
    pub id: PrivateId,
    /// The certificate concerned, if any (the new one for re-proofing and supersession).
    pub certificate: Option<CertificateKey>,
    /// What happened.
    pub kind: AuditKind,
}

//! What a sweep asks (is this certificate revoked?) and what it reports.

use super::PrivateId;
use crate::IdStatus;
use crate::certificate::{CertificateKey, IssuerKey};
use jpki_core::{CertificateKind, CrlReason, RevocationIndex, RevokedSerials, UnixTime};

/// Who is revoked, for [`super::Lifecycle::sweep`]: a CRL index, a list of them (one per CA),
/// or statuses from elsewhere. Questions name the certificate by issuer and serial.
///
/// ```
/// use std::collections::HashMap;
/// use jpki_core::{CrlReason, SerialNumber, UnixTime};
/// use jpki_linkage::{CertificateKey, IssuerKey, SweepSource};
/// // Any map of revoked certificates is a source; so is a RevocationIndex.
/// let key = CertificateKey::new(IssuerKey::from_bytes([1; 32]), SerialNumber::from_u64(42)?);
/// let t = UnixTime::from_unix_seconds(1_800_000_000);
/// let revoked = HashMap::from([(key, (t, Some(CrlReason::AffiliationChanged)))]);
/// assert_eq!(revoked.revoked(&key, t.plus_seconds(1)).map(|r| r.0), Some(t));
/// assert_eq!(revoked.revoked(&key, t.minus_seconds(1)), None);
/// # Ok::<(), jpki_linkage::Error>(())
/// ```
pub trait SweepSource: Sync {
    /// The revocation of `cert` at or before `at`, if any.
    ///
    /// ```
    /// use jpki_core::{CrlReason, RevocationIndex, SerialNumber, UnixTime};
    /// use jpki_linkage::{CertificateKey, IssuerKey, SweepSource};
    /// use jpki_core::testkit::{CrlSpec, TestCa};
    /// let ca = TestCa::new(1);
    /// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let serial = SerialNumber::from_u64(42)?;
    /// let mut index = RevocationIndex::new(ca.signing_root().certificate())?;
    /// index.insert_der(&ca.issue_crl(&CrlSpec::signing(d).revoke(serial, d, Some(CrlReason::Superseded))))?;
    /// let key = CertificateKey::new(IssuerKey::of(&ca.signing_root().certificate()), serial);
    /// assert_eq!(index.revoked(&key, d), Some((d, Some(CrlReason::Superseded))));
    /// assert_eq!(index.revoked(&key, d.minus_seconds(1)), None);
    /// // The same serial under another CA is another certificate.
    /// let other = CertificateKey::new(IssuerKey::of(&ca.user_authentication_root().certificate()), serial);
    /// assert_eq!(index.revoked(&other, d), None);
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    fn revoked(&self, cert: &CertificateKey, at: UnixTime)
    -> Option<(UnixTime, Option<CrlReason>)>;

    /// A faster form of this source for asking about very many certificates in arbitrary
    /// order, built once per sweep (`None`: ask this source directly).
    ///
    /// ```
    /// use std::collections::HashMap;
    /// use jpki_core::{CrlReason, RevocationIndex, SerialNumber, UnixTime};
    /// use jpki_linkage::{CertificateKey, IssuerKey, SweepSource};
    /// use jpki_core::testkit::{CrlSpec, TestCa};
    /// let ca = TestCa::new(1);
    /// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let serial = SerialNumber::from_u64(42)?;
    /// let mut index = RevocationIndex::new(ca.signing_root().certificate())?;
    /// index.insert_der(&ca.issue_crl(&CrlSpec::signing(d).revoke(serial, d, None)))?;
    /// let key = CertificateKey::new(IssuerKey::of(&ca.signing_root().certificate()), serial);
    /// // An index offers a hash table for the sweep; the answers are the same.
    /// let fast = index.for_sweep().ok_or(jpki_linkage::Error::UnknownCertificate)?;
    /// assert_eq!(fast.revoked(&key, d), index.revoked(&key, d));
    /// // A plain map is already fast to probe.
    /// let map: HashMap<CertificateKey, (UnixTime, Option<CrlReason>)> = HashMap::new();
    /// assert!(map.for_sweep().is_none());
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    fn for_sweep(&self) -> Option<Box<dyn SweepSource + '_>> {
        None
    }
}

impl SweepSource for RevocationIndex {
    /// Answers for the certificates of the index's CA only.
    fn revoked(
        &self,
        cert: &CertificateKey,
        at: UnixTime,
    ) -> Option<(UnixTime, Option<CrlReason>)> {
        (cert.issuer == IssuerKey::of(self.issuer()))
            .then(|| self.revocation_of(cert.serial, at))
            .flatten()
    }

    /// A hash table of the revoked serials and the issuer's key computed once: one probe per
    /// certificate instead of a binary search at a random place of the index.
    fn for_sweep(&self) -> Option<Box<dyn SweepSource + '_>> {
        Some(Box::new(IssuerRevocations {
            issuer: IssuerKey::of(self.issuer()),
            serials: self.revoked_serials(),
        }))
    }
}

/// One CA's revoked serials, prepared for a sweep.
struct IssuerRevocations {
    issuer: IssuerKey,
    serials: RevokedSerials,
}

impl SweepSource for IssuerRevocations {
    fn revoked(
        &self,
        cert: &CertificateKey,
        at: UnixTime,
    ) -> Option<(UnixTime, Option<CrlReason>)> {
        (cert.issuer == self.issuer)
            .then(|| self.serials.revocation_of(cert.serial, at))
            .flatten()
    }
}

impl SweepSource for std::collections::HashMap<CertificateKey, (UnixTime, Option<CrlReason>)> {
    fn revoked(
        &self,
        cert: &CertificateKey,
        at: UnixTime,
    ) -> Option<(UnixTime, Option<CrlReason>)> {
        self.get(cert).copied().filter(|(when, _)| *when <= at)
    }
}

/// Several sources (one index per CA): the first that knows the certificate revoked answers.
impl<T: SweepSource> SweepSource for [T] {
    fn revoked(
        &self,
        cert: &CertificateKey,
        at: UnixTime,
    ) -> Option<(UnixTime, Option<CrlReason>)> {
        self.iter().find_map(|s| s.revoked(cert, at))
    }

    /// Each source's faster form.
    fn for_sweep(&self) -> Option<Box<dyn SweepSource + '_>> {
        let parts: Vec<Box<dyn SweepSource + '_>> = self
            .iter()
            .map(|s| s.for_sweep().unwrap_or_else(|| Box::new(s)))
            .collect();
        Some(Box::new(parts))
    }
}

/// Several sources, as a slice.
impl<T: SweepSource> SweepSource for Vec<T> {
    fn revoked(
        &self,
        cert: &CertificateKey,
        at: UnixTime,
    ) -> Option<(UnixTime, Option<CrlReason>)> {
        self.as_slice().revoked(cert, at)
    }

    fn for_sweep(&self) -> Option<Box<dyn SweepSource + '_>> {
        self.as_slice().for_sweep()
    }
}

/// Several sources, as a slice.
impl<T: SweepSource, const N: usize> SweepSource for [T; N] {
    fn revoked(
        &self,
        cert: &CertificateKey,
        at: UnixTime,
    ) -> Option<(UnixTime, Option<CrlReason>)> {
        self.as_slice().revoked(cert, at)
    }

    fn for_sweep(&self) -> Option<Box<dyn SweepSource + '_>> {
        self.as_slice().for_sweep()
    }
}

impl<T: SweepSource + ?Sized> SweepSource for &T {
    fn revoked(
        &self,
        cert: &CertificateKey,
        at: UnixTime,
    ) -> Option<(UnixTime, Option<CrlReason>)> {
        (**self).revoked(cert, at)
    }

    fn for_sweep(&self) -> Option<Box<dyn SweepSource + '_>> {
        (**self).for_sweep()
    }
}

impl<T: SweepSource + ?Sized> SweepSource for Box<T> {
    fn revoked(
        &self,
        cert: &CertificateKey,
        at: UnixTime,
    ) -> Option<(UnixTime, Option<CrlReason>)> {
        (**self).revoked(cert, at)
    }

    fn for_sweep(&self) -> Option<Box<dyn SweepSource + '_>> {
        (**self).for_sweep()
    }
}

/// One certificate the sweep found revoked.
///
/// ```
/// use jpki_core::{UnixTime, Usage, Verifier};
/// use jpki_linkage::{CertificateKey, IdStatus, Lifecycle, MemoryStore};
/// use jpki_core::testkit::{HolderSpec, TestCa};
/// let ca = TestCa::new(5);
/// let pair = ca.issue_pair(&HolderSpec::example());
/// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
/// let v = Verifier::new([ca.signing_root().certificate(), ca.user_authentication_root().certificate()])?;
/// let signing = v.verify(&pair.signing.certificate(), Usage::Signing, at)?;
/// let life = Lifecycle::new(MemoryStore::new(), [7; 32]);
/// let id = life.enroll(&signing, None, at)?;
/// use std::collections::HashMap;
/// use jpki_core::CrlReason;
/// let revoked = HashMap::from([(CertificateKey::of(&signing)?, (at, Some(CrlReason::AffiliationChanged)))]);
/// let affected = life.sweep(&revoked, at.plus_seconds(1))?;
/// assert_eq!(affected.first().map(|a| a.private_id), Some(id));
/// assert_eq!(affected.first().map(|a| a.status), Some(IdStatus::NeedsReproofing));
/// # Ok::<(), jpki_linkage::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Affected {
    /// The ID the certificate is linked to.
    pub private_id: PrivateId,
    /// The revoked certificate.
    pub certificate: CertificateKey,
    /// Its kind (signing or user authentication).
    pub kind: CertificateKind,
    /// reasonCode.
    pub reason: Option<CrlReason>,
    /// revocationDate.
    pub revoked_at: UnixTime,
    /// The certificate the ID moved to through a supersession link, if any.
    pub moved_to: Option<CertificateKey>,
    /// The ID's status after the sweep ([`IdStatus::NeedsReproofing`] when the
    /// [`crate::SweepPolicy`] says so).
    pub status: IdStatus,
}

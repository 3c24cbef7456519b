//! What a sweep asks (is this signing serial revoked?) and what it reports.

use super::PrivateId;
use jpki_core::{CrlReason, RevocationIndex, SerialNumber, UnixTime};

/// Who is revoked, for [`super::Lifecycle::sweep`]: a CRL index, or statuses from elsewhere.
///
/// ```
/// use std::collections::HashMap;
/// use jpki_core::{CrlReason, SerialNumber, UnixTime};
/// use jpki_linkage::{SweepSource};
/// // Any map of revoked serials is a source; so is a RevocationIndex.
/// let mut revoked = HashMap::new();
/// let s = SerialNumber::from_u64(42)?;
/// let t = UnixTime::from_unix_seconds(1_800_000_000);
/// revoked.insert(s, (t, Some(CrlReason::AffiliationChanged)));
/// assert_eq!(revoked.revoked(s, t.plus_seconds(1)).map(|r| r.0), Some(t));
/// assert_eq!(revoked.revoked(s, t.minus_seconds(1)), None);
/// # Ok::<(), jpki_linkage::Error>(())
/// ```
pub trait SweepSource: Sync {
    /// The revocation of `serial` at or before `at`, if any.
    ///
    /// ```
    /// use jpki_core::{CrlReason, RevocationIndex, SerialNumber, UnixTime};
    /// use jpki_linkage::{SweepSource};
    /// use jpki_core::testkit::{CrlSpec, TestCa};
    /// let ca = TestCa::new(1);
    /// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let serial = SerialNumber::from_u64(42)?;
    /// let mut index = RevocationIndex::new(ca.signing_root().certificate())?;
    /// index.insert_der(&ca.issue_crl(&CrlSpec::signing(d).revoke(serial, d, Some(CrlReason::Superseded))))?;
    /// assert_eq!(index.revoked(serial, d), Some((d, Some(CrlReason::Superseded))));
    /// assert_eq!(index.revoked(serial, d.minus_seconds(1)), None);
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    fn revoked(&self, serial: SerialNumber, at: UnixTime) -> Option<(UnixTime, Option<CrlReason>)>;

    /// A faster form of this source for asking about very many serials in arbitrary order,
    /// built once per sweep (`None`: ask this source directly).
    ///
    /// ```
    /// use std::collections::HashMap;
    /// use jpki_core::{RevocationIndex, SerialNumber, UnixTime};
    /// use jpki_linkage::{SweepSource};
    /// use jpki_core::testkit::{CrlSpec, TestCa};
    /// let ca = TestCa::new(1);
    /// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let serial = SerialNumber::from_u64(42)?;
    /// let mut index = RevocationIndex::new(ca.signing_root().certificate())?;
    /// index.insert_der(&ca.issue_crl(&CrlSpec::signing(d).revoke(serial, d, None)))?;
    /// // An index offers a hash table for the sweep; the answers are the same.
    /// let fast = index.for_sweep().ok_or(jpki_linkage::Error::UnknownCertificate)?;
    /// assert_eq!(fast.revoked(serial, d), index.revoked(serial, d));
    /// // A plain map is already fast to probe.
    /// let map: HashMap<SerialNumber, (UnixTime, Option<jpki_core::CrlReason>)> = HashMap::new();
    /// assert!(map.for_sweep().is_none());
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    fn for_sweep(&self) -> Option<Box<dyn SweepSource + '_>> {
        None
    }
}

impl SweepSource for RevocationIndex {
    fn revoked(&self, serial: SerialNumber, at: UnixTime) -> Option<(UnixTime, Option<CrlReason>)> {
        self.revocation_of(serial, at)
    }

    /// A hash table of the revoked serials: one probe per record instead of a binary search
    /// at a random place of the index.
    fn for_sweep(&self) -> Option<Box<dyn SweepSource + '_>> {
        Some(Box::new(self.revoked_serials()))
    }
}

impl SweepSource for jpki_core::RevokedSerials {
    fn revoked(&self, serial: SerialNumber, at: UnixTime) -> Option<(UnixTime, Option<CrlReason>)> {
        self.revocation_of(serial, at)
    }
}

impl SweepSource for std::collections::HashMap<SerialNumber, (UnixTime, Option<CrlReason>)> {
    fn revoked(&self, serial: SerialNumber, at: UnixTime) -> Option<(UnixTime, Option<CrlReason>)> {
        self.get(&serial).copied().filter(|(when, _)| *when <= at)
    }
}

impl<T: SweepSource> SweepSource for [T] {
    fn revoked(&self, serial: SerialNumber, at: UnixTime) -> Option<(UnixTime, Option<CrlReason>)> {
        self.iter().find_map(|s| s.revoked(serial, at))
    }
}

/// One ID the sweep found revoked.
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
/// use std::collections::HashMap;
/// use jpki_core::CrlReason;
/// let revoked = HashMap::from([(pair.signing.serial, (at, Some(CrlReason::AffiliationChanged)))]);
/// let affected = life.sweep(&revoked, at.plus_seconds(1))?;
/// assert_eq!(affected.first().map(|a| a.private_id), Some(id));
/// # Ok::<(), jpki_linkage::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Affected {
    /// The ID, now [`super::IdStatus::NeedsReproofing`] (or moved on, if a supersession link existed).
    pub private_id: PrivateId,
    /// The revoked signing serial.
    pub serial: SerialNumber,
    /// reasonCode.
    pub reason: Option<CrlReason>,
    /// revocationDate.
    pub revoked_at: UnixTime,
    /// The certificate the ID moved to through a supersession link, if any.
    pub moved_to: Option<SerialNumber>,
}

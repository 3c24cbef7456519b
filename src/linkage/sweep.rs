//! What a sweep asks (is this signing serial revoked?) and what it reports.

use super::PrivateId;
use crate::{CrlReason, RevocationIndex, SerialNumber, UnixTime};

/// Who is revoked, for [`super::Lifecycle::sweep`]: a CRL index, or statuses from elsewhere.
pub trait SweepSource: Sync {
    /// The revocation of `serial` at or before `at`, if any.
    fn revoked(&self, serial: SerialNumber, at: UnixTime) -> Option<(UnixTime, Option<CrlReason>)>;

    /// A faster form of this source for asking about very many serials in arbitrary order,
    /// built once per sweep (`None`: ask this source directly).
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

impl SweepSource for crate::revocation::RevokedSerials {
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

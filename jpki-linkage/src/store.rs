//! Where linkage lives: the [`LinkageStore`] trait and the in-memory store.
//!
//! A store runs each lifecycle operation as one transaction: all its reads and writes happen
//! under the store's exclusive write lock and take effect together or not at all, so concurrent
//! enrolments never produce two IDs for one certificate and no update is lost.

use std::collections::HashMap;
use std::sync::Mutex;

use super::SweepSource;
use super::model::{AuditEvent, IdStatus, LinkRecord, PrivateId};
use crate::{Error, StoreFailure};
use jpki_core::{CrlReason, SerialNumber, UnixTime};

/// An active record whose signing certificate a sweep source lists as revoked.
pub type RevokedRecord = (LinkRecord, UnixTime, Option<CrlReason>);

/// The reads and writes available inside a transaction.
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
/// use jpki_linkage::LinkageStore;
/// let mut count = 0;
/// life.store().transaction(|txn| txn.for_each_record(&mut |_| count += 1))?;
/// assert_eq!(count, 1);
/// # Ok::<(), jpki_linkage::Error>(())
/// ```
pub trait LinkageTxn {
    /// The record of `id`.
    ///
    /// ```
    /// use jpki_core::{UnixTime, Usage, Verifier, testkit::{HolderSpec, TestCa}};
    /// use jpki_linkage::{Lifecycle, MemoryStore};
    /// let ca = TestCa::new(1);
    /// let pair = ca.issue_pair(&HolderSpec::example());
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let v = Verifier::new([ca.signing_root().certificate(), ca.user_authentication_root().certificate()])?;
    /// let signing = v.verify(&pair.signing.certificate(), Usage::Signing, at)?;
    /// let auth = v.verify(&pair.user_authentication.certificate(), Usage::UserAuthentication, at)?;
    /// use jpki_linkage::{IdStatus, LinkageStore};
    /// let life = Lifecycle::new(MemoryStore::new(), [7; 32]);
    /// let id = life.enroll(&signing, Some(&auth), at)?;
    /// let record = life.store().transaction(|txn| txn.record(id))?;
    /// assert_eq!(record.map(|r| r.status), Some(IdStatus::Active));
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    fn record(&mut self, id: PrivateId) -> Result<Option<LinkRecord>, Error>;
    /// The ID linked to a signing serial (current or past).
    ///
    /// ```
    /// use jpki_core::{UnixTime, Usage, Verifier, testkit::{HolderSpec, TestCa}};
    /// use jpki_linkage::{Lifecycle, MemoryStore};
    /// let ca = TestCa::new(1);
    /// let pair = ca.issue_pair(&HolderSpec::example());
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let v = Verifier::new([ca.signing_root().certificate(), ca.user_authentication_root().certificate()])?;
    /// let signing = v.verify(&pair.signing.certificate(), Usage::Signing, at)?;
    /// let auth = v.verify(&pair.user_authentication.certificate(), Usage::UserAuthentication, at)?;
    /// use jpki_linkage::LinkageStore;
    /// let life = Lifecycle::new(MemoryStore::new(), [7; 32]);
    /// let id = life.enroll(&signing, None, at)?;
    /// let found = life.store().transaction(|txn| txn.id_by_signing(pair.signing.serial))?;
    /// assert_eq!(found, Some(id));
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    fn id_by_signing(&mut self, serial: SerialNumber) -> Result<Option<PrivateId>, Error>;
    /// The ID linked to a user-authentication serial.
    ///
    /// ```
    /// use jpki_core::{UnixTime, Usage, Verifier, testkit::{HolderSpec, TestCa}};
    /// use jpki_linkage::{Lifecycle, MemoryStore};
    /// let ca = TestCa::new(1);
    /// let pair = ca.issue_pair(&HolderSpec::example());
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let v = Verifier::new([ca.signing_root().certificate(), ca.user_authentication_root().certificate()])?;
    /// let signing = v.verify(&pair.signing.certificate(), Usage::Signing, at)?;
    /// let auth = v.verify(&pair.user_authentication.certificate(), Usage::UserAuthentication, at)?;
    /// use jpki_linkage::LinkageStore;
    /// let life = Lifecycle::new(MemoryStore::new(), [7; 32]);
    /// let id = life.enroll(&signing, Some(&auth), at)?;
    /// let found = life.store().transaction(|txn| txn.id_by_auth(pair.user_authentication.serial))?;
    /// assert_eq!(found, Some(id));
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    fn id_by_auth(&mut self, serial: SerialNumber) -> Result<Option<PrivateId>, Error>;
    /// The certificate that superseded `old` (a link the caller supplied).
    ///
    /// ```
    /// use jpki_core::{UnixTime, Usage, Verifier, testkit::{HolderSpec, TestCa}};
    /// use jpki_linkage::{Lifecycle, MemoryStore};
    /// let ca = TestCa::new(1);
    /// let pair = ca.issue_pair(&HolderSpec::example());
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let v = Verifier::new([ca.signing_root().certificate(), ca.user_authentication_root().certificate()])?;
    /// let signing = v.verify(&pair.signing.certificate(), Usage::Signing, at)?;
    /// let auth = v.verify(&pair.user_authentication.certificate(), Usage::UserAuthentication, at)?;
    /// use jpki_core::{SerialNumber};
    /// use jpki_linkage::{LinkageStore};
    /// let life = Lifecycle::new(MemoryStore::new(), [7; 32]);
    /// let new = SerialNumber::from_u64(30_000_001)?;
    /// life.supersede(pair.signing.serial, new, at)?;
    /// let found = life.store().transaction(|txn| txn.superseded_by(pair.signing.serial))?;
    /// assert_eq!(found, Some(new));
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    fn superseded_by(&mut self, old: SerialNumber) -> Result<Option<SerialNumber>, Error>;
    /// Writes a record and links its current signing and user-authentication serials to it.
    ///
    /// ```
    /// use jpki_core::{UnixTime, Usage, Verifier, testkit::{HolderSpec, TestCa}};
    /// use jpki_linkage::{Lifecycle, MemoryStore};
    /// let ca = TestCa::new(1);
    /// let pair = ca.issue_pair(&HolderSpec::example());
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let v = Verifier::new([ca.signing_root().certificate(), ca.user_authentication_root().certificate()])?;
    /// let signing = v.verify(&pair.signing.certificate(), Usage::Signing, at)?;
    /// let auth = v.verify(&pair.user_authentication.certificate(), Usage::UserAuthentication, at)?;
    /// use jpki_linkage::{IdStatus, LinkageStore};
    /// let life = Lifecycle::new(MemoryStore::new(), [7; 32]);
    /// let id = life.enroll(&signing, None, at)?;
    /// // A migration tool rewriting a record directly (the lifecycle does this for you).
    /// life.store().transaction(|txn| {
    ///     let mut record = txn.record(id)?.ok_or(jpki_linkage::Error::UnknownPrivateId)?;
    ///     record.status = IdStatus::NeedsReproofing;
    ///     txn.put(&record)
    /// })?;
    /// assert_eq!(life.record(id)?.map(|r| r.status), Some(IdStatus::NeedsReproofing));
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    fn put(&mut self, record: &LinkRecord) -> Result<(), Error>;
    /// Records that `new` supersedes `old`.
    ///
    /// ```
    /// use jpki_core::{SerialNumber};
    /// use jpki_linkage::{LinkageStore, MemoryStore};
    /// let store = MemoryStore::new();
    /// let (old, new) = (SerialNumber::from_u64(1)?, SerialNumber::from_u64(2)?);
    /// store.transaction(|txn| txn.put_supersession(old, new))?;
    /// assert_eq!(store.transaction(|txn| txn.superseded_by(old))?, Some(new));
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    fn put_supersession(&mut self, old: SerialNumber, new: SerialNumber) -> Result<(), Error>;
    /// Appends to the audit log.
    ///
    /// ```
    /// use jpki_core::{UnixTime};
    /// use jpki_linkage::{AuditEvent, AuditKind, LinkageStore, MemoryStore, PrivateId};
    /// let store = MemoryStore::new();
    /// let id = PrivateId::random();
    /// let event = AuditEvent {
    ///     at: UnixTime::from_unix_seconds(1_800_000_000),
    ///     id,
    ///     signing_serial: None,
    ///     auth_serial: None,
    ///     kind: AuditKind::Retired,
    /// };
    /// store.transaction(|txn| txn.audit(&event))?;
    /// assert_eq!(store.audit_trail(id)?, [event]);
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    fn audit(&mut self, event: &AuditEvent) -> Result<(), Error>;
    /// Calls `f` for every record (for the revocation sweep).
    ///
    /// ```
    /// use jpki_core::{UnixTime, Usage, Verifier, testkit::{HolderSpec, TestCa}};
    /// use jpki_linkage::{Lifecycle, MemoryStore};
    /// let ca = TestCa::new(1);
    /// let pair = ca.issue_pair(&HolderSpec::example());
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let v = Verifier::new([ca.signing_root().certificate(), ca.user_authentication_root().certificate()])?;
    /// let signing = v.verify(&pair.signing.certificate(), Usage::Signing, at)?;
    /// let auth = v.verify(&pair.user_authentication.certificate(), Usage::UserAuthentication, at)?;
    /// use jpki_linkage::LinkageStore;
    /// let life = Lifecycle::new(MemoryStore::new(), [7; 32]);
    /// life.enroll(&signing, Some(&auth), at)?;
    /// let mut serials = Vec::new();
    /// life.store().transaction(|txn| txn.for_each_record(&mut |r| serials.push(r.signing_serial)))?;
    /// assert_eq!(serials, [pair.signing.serial]);
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    fn for_each_record(&mut self, f: &mut dyn FnMut(&LinkRecord)) -> Result<(), Error>;

    /// Active records whose signing certificate `source` lists as revoked at or before `at`.
    /// Stores may override this to scan in parallel.
    ///
    /// ```
    /// use jpki_core::{UnixTime, Usage, Verifier, testkit::{HolderSpec, TestCa}};
    /// use jpki_linkage::{Lifecycle, MemoryStore};
    /// let ca = TestCa::new(1);
    /// let pair = ca.issue_pair(&HolderSpec::example());
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let v = Verifier::new([ca.signing_root().certificate(), ca.user_authentication_root().certificate()])?;
    /// let signing = v.verify(&pair.signing.certificate(), Usage::Signing, at)?;
    /// let auth = v.verify(&pair.user_authentication.certificate(), Usage::UserAuthentication, at)?;
    /// use std::collections::HashMap;
    /// use jpki_core::{CrlReason};
    /// use jpki_linkage::{LinkageStore};
    /// let life = Lifecycle::new(MemoryStore::new(), [7; 32]);
    /// let id = life.enroll(&signing, None, at)?;
    /// let revoked = HashMap::from([(pair.signing.serial, (at, Some(CrlReason::AffiliationChanged)))]);
    /// let hits = life.store().transaction(|txn| txn.revoked_records(&revoked, at))?;
    /// assert_eq!(hits.len(), 1);
    /// assert_eq!(hits[0].0.id, id);
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    fn revoked_records(
        &mut self,
        source: &dyn SweepSource,
        at: UnixTime,
    ) -> Result<Vec<RevokedRecord>, Error> {
        let mut hits = Vec::new();
        self.for_each_record(&mut |rec| {
            if rec.status == IdStatus::Active
                && let Some((when, reason)) = source.revoked(rec.signing_serial, at)
            {
                hits.push((rec.clone(), when, reason));
            }
        })?;
        Ok(hits)
    }
}

/// Storage for linkage records and the audit log.
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
/// use jpki_linkage::LinkageStore;
/// // A batch of reads in one transaction, straight on the store.
/// let found = life.store().transaction(|txn| txn.id_by_signing(pair.signing.serial))?;
/// assert_eq!(found, Some(id));
/// # Ok::<(), jpki_linkage::Error>(())
/// ```
pub trait LinkageStore: Send + Sync {
    /// Runs `f` as one atomic transaction (exclusive; all or nothing).
    ///
    /// ```
    /// use jpki_core::{UnixTime, Usage, Verifier, testkit::{HolderSpec, TestCa}};
    /// use jpki_linkage::{Lifecycle, MemoryStore};
    /// let ca = TestCa::new(1);
    /// let pair = ca.issue_pair(&HolderSpec::example());
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let v = Verifier::new([ca.signing_root().certificate(), ca.user_authentication_root().certificate()])?;
    /// let signing = v.verify(&pair.signing.certificate(), Usage::Signing, at)?;
    /// let auth = v.verify(&pair.user_authentication.certificate(), Usage::UserAuthentication, at)?;
    /// use jpki_linkage::{Error, LinkageStore};
    /// let life = Lifecycle::new(MemoryStore::new(), [7; 32]);
    /// let id = life.enroll(&signing, None, at)?;
    /// // All or nothing: a transaction that fails writes nothing.
    /// let failed: Result<(), Error> = life.store().transaction(|txn| {
    ///     let mut record = txn.record(id)?.ok_or(Error::UnknownPrivateId)?;
    ///     record.history.push(record.signing_serial);
    ///     txn.put(&record)?;
    ///     Err(Error::Store(jpki_linkage::StoreFailure::Backend("simulated".into())))
    /// });
    /// assert!(failed.is_err());
    /// assert_eq!(life.record(id)?.map(|r| r.history.len()), Some(0));
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    fn transaction<R>(
        &self,
        f: impl FnOnce(&mut dyn LinkageTxn) -> Result<R, Error>,
    ) -> Result<R, Error>;
    /// The audit trail of `id`, oldest first.
    ///
    /// ```
    /// use jpki_core::{UnixTime, Usage, Verifier, testkit::{HolderSpec, TestCa}};
    /// use jpki_linkage::{Lifecycle, MemoryStore};
    /// let ca = TestCa::new(1);
    /// let pair = ca.issue_pair(&HolderSpec::example());
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let v = Verifier::new([ca.signing_root().certificate(), ca.user_authentication_root().certificate()])?;
    /// let signing = v.verify(&pair.signing.certificate(), Usage::Signing, at)?;
    /// let auth = v.verify(&pair.user_authentication.certificate(), Usage::UserAuthentication, at)?;
    /// use jpki_linkage::{AuditKind, LinkageStore};
    /// let life = Lifecycle::new(MemoryStore::new(), [7; 32]);
    /// let id = life.enroll(&signing, None, at)?;
    /// let trail = life.store().audit_trail(id)?;
    /// assert!(matches!(trail[0].kind, AuditKind::Enrolled));
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    fn audit_trail(&self, id: PrivateId) -> Result<Vec<AuditEvent>, Error>;
}

#[derive(Default)]
struct MemState {
    records: HashMap<PrivateId, LinkRecord>,
    by_signing: HashMap<SerialNumber, PrivateId>,
    by_auth: HashMap<SerialNumber, PrivateId>,
    supersession: HashMap<SerialNumber, SerialNumber>,
    audit: Vec<AuditEvent>,
}

/// Undo entries of a transaction in progress.
enum Undo {
    Record(PrivateId, Option<LinkRecord>),
    Signing(SerialNumber, Option<PrivateId>),
    Auth(SerialNumber, Option<PrivateId>),
    Supersession(SerialNumber, Option<SerialNumber>),
    Audit,
}

struct MemTxn<'a> {
    state: &'a mut MemState,
    undo: Vec<Undo>,
}

impl LinkageTxn for MemTxn<'_> {
    fn record(&mut self, id: PrivateId) -> Result<Option<LinkRecord>, Error> {
        Ok(self.state.records.get(&id).cloned())
    }

    fn id_by_signing(&mut self, serial: SerialNumber) -> Result<Option<PrivateId>, Error> {
        Ok(self.state.by_signing.get(&serial).copied())
    }

    fn id_by_auth(&mut self, serial: SerialNumber) -> Result<Option<PrivateId>, Error> {
        Ok(self.state.by_auth.get(&serial).copied())
    }

    fn superseded_by(&mut self, old: SerialNumber) -> Result<Option<SerialNumber>, Error> {
        Ok(self.state.supersession.get(&old).copied())
    }

    fn put(&mut self, record: &LinkRecord) -> Result<(), Error> {
        let prev = self.state.records.insert(record.id, record.clone());
        self.undo.push(Undo::Record(record.id, prev));
        let prev = self
            .state
            .by_signing
            .insert(record.signing_serial, record.id);
        self.undo.push(Undo::Signing(record.signing_serial, prev));
        if let Some(auth) = record.auth_serial {
            let prev = self.state.by_auth.insert(auth, record.id);
            self.undo.push(Undo::Auth(auth, prev));
        }
        Ok(())
    }

    fn put_supersession(&mut self, old: SerialNumber, new: SerialNumber) -> Result<(), Error> {
        let prev = self.state.supersession.insert(old, new);
        self.undo.push(Undo::Supersession(old, prev));
        Ok(())
    }

    fn audit(&mut self, event: &AuditEvent) -> Result<(), Error> {
        self.state.audit.push(event.clone());
        self.undo.push(Undo::Audit);
        Ok(())
    }

    fn for_each_record(&mut self, f: &mut dyn FnMut(&LinkRecord)) -> Result<(), Error> {
        self.state.records.values().for_each(f);
        Ok(())
    }

    /// Scans on every core: each thread probes every `threads`-th record (every thread walks the
    /// table, which is cheap; the probes are what cost).
    fn revoked_records(
        &mut self,
        source: &dyn SweepSource,
        at: UnixTime,
    ) -> Result<Vec<RevokedRecord>, Error> {
        let records = &self.state.records;
        let threads = if records.len() < 100_000 {
            1 // small stores: one thread, which then takes every share
        } else {
            std::thread::available_parallelism()
                .map_or(1, |n| n.get())
                .clamp(1, 8)
        };
        let scan = |k: usize| -> Vec<RevokedRecord> {
            // Every thread walks the same (unchanging) table in the same order and takes every
            // `threads`-th entry: balanced whatever the IDs look like.
            records
                .values()
                .enumerate()
                .filter(|(i, rec)| i % threads == k && rec.status == IdStatus::Active)
                .filter_map(|(_, rec)| {
                    source
                        .revoked(rec.signing_serial, at)
                        .map(|(w, r)| (rec.clone(), w, r))
                })
                .collect()
        };
        if threads == 1 {
            return Ok(scan(0));
        }
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads).map(|k| s.spawn(move || scan(k))).collect();
            // A lost share would hide revocations: a failed thread fails the sweep.
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .map_err(|_| Error::Store(StoreFailure::WorkerFailed))
                })
                .collect::<Result<Vec<_>, Error>>()
        })
        .map(|shares| shares.into_iter().flatten().collect())
    }
}

fn restore<K: std::hash::Hash + Eq, V>(map: &mut HashMap<K, V>, key: K, prev: Option<V>) {
    match prev {
        Some(v) => {
            map.insert(key, v);
        }
        None => {
            map.remove(&key);
        }
    }
}

impl MemTxn<'_> {
    fn rollback(self) {
        let MemTxn { state, undo } = self;
        for u in undo.into_iter().rev() {
            match u {
                Undo::Record(id, prev) => restore(&mut state.records, id, prev),
                Undo::Signing(s, prev) => restore(&mut state.by_signing, s, prev),
                Undo::Auth(s, prev) => restore(&mut state.by_auth, s, prev),
                Undo::Supersession(s, prev) => restore(&mut state.supersession, s, prev),
                Undo::Audit => {
                    state.audit.pop();
                }
            }
        }
    }
}

/// An in-memory store (tests, caches, services that persist elsewhere). Data is lost when it is
/// dropped; see [`crate::RedbStore`] (feature `redb`) for the persistent one.
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
/// assert_eq!(life.store().len(), 1);
/// # Ok::<(), jpki_linkage::Error>(())
/// ```
#[derive(Default)]
pub struct MemoryStore {
    state: Mutex<MemState>,
}

impl MemoryStore {
    /// An empty store.
    ///
    /// ```
    /// use jpki_linkage::{Lifecycle, MemoryStore};
    /// // For tests and single-process services; RedbStore persists.
    /// let life = Lifecycle::new(MemoryStore::new(), [7; 32]);
    /// assert!(life.store().is_empty());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// How many private IDs are stored.
    ///
    /// ```
    /// use jpki_core::{UnixTime, Usage, Verifier, testkit::{HolderSpec, TestCa}};
    /// use jpki_linkage::{Lifecycle, MemoryStore};
    /// let ca = TestCa::new(1);
    /// let pair = ca.issue_pair(&HolderSpec::example());
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let v = Verifier::new([ca.signing_root().certificate(), ca.user_authentication_root().certificate()])?;
    /// let signing = v.verify(&pair.signing.certificate(), Usage::Signing, at)?;
    /// let auth = v.verify(&pair.user_authentication.certificate(), Usage::UserAuthentication, at)?;
    /// let life = Lifecycle::new(MemoryStore::new(), [7; 32]);
    /// life.enroll(&signing, None, at)?;
    /// life.enroll(&signing, None, at)?; // the same person: still one ID
    /// assert_eq!(life.store().len(), 1);
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.state.lock().map_or(0, |s| s.records.len())
    }

    /// Whether no ID is stored.
    ///
    /// ```
    /// use jpki_linkage::MemoryStore;
    /// assert!(MemoryStore::new().is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl LinkageStore for MemoryStore {
    fn transaction<R>(
        &self,
        f: impl FnOnce(&mut dyn LinkageTxn) -> Result<R, Error>,
    ) -> Result<R, Error> {
        let mut guard = self
            .state
            .lock()
            .map_err(|_| Error::Store(StoreFailure::Poisoned))?;
        let mut txn = MemTxn {
            state: &mut guard,
            undo: Vec::new(),
        };
        match f(&mut txn) {
            Ok(r) => Ok(r),
            Err(e) => {
                txn.rollback();
                Err(e)
            }
        }
    }

    fn audit_trail(&self, id: PrivateId) -> Result<Vec<AuditEvent>, Error> {
        let guard = self
            .state
            .lock()
            .map_err(|_| Error::Store(StoreFailure::Poisoned))?;
        Ok(guard.audit.iter().filter(|e| e.id == id).cloned().collect())
    }
}

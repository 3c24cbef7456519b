//! Where linkage lives: the [`LinkageStore`] trait and the in-memory store.
//!
//! A store runs each lifecycle operation as one transaction: all its reads and writes take
//! effect together or not at all, and concurrent transactions behave as if run one after the
//! other (the embedded stores hold an exclusive write lock; the PostgreSQL store runs them
//! SERIALIZABLE and retries), so concurrent enrolments never produce two IDs for one
//! certificate and no update is lost.

use std::collections::HashMap;
use std::sync::Mutex;

use super::SweepSource;
use super::model::{AuditEvent, IdStatus, LinkRecord, PrivateId};
use crate::certificate::{CertificateKey, CertificateStatus};
use crate::{Error, StoreFailure};
use jpki_core::{CrlReason, UnixTime};

/// A certificate a sweep source lists as revoked: its key, revocationDate and reasonCode.
pub type RevokedCertificate = (CertificateKey, UnixTime, Option<CrlReason>);

/// A record that is not retired with the active certificates a sweep source lists as revoked.
pub type RevokedRecord = (LinkRecord, Vec<RevokedCertificate>);

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
/// let count = life.store().transaction(|txn| {
///     // The closure may run more than once: count inside it, return the count.
///     let mut count = 0;
///     txn.for_each_record(&mut |_| count += 1)?;
///     Ok(count)
/// })?;
/// assert_eq!(count, 1);
/// # Ok::<(), jpki_linkage::Error>(())
/// ```
pub trait LinkageTxn {
    /// The record of `id`.
    ///
    /// ```
    /// use jpki_core::{UnixTime, Usage, Verifier, testkit::{HolderSpec, TestCa}};
    /// use jpki_linkage::{CertificateKey, Lifecycle, MemoryStore};
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
    /// The ID a certificate is linked to (whatever the certificate's status: a certificate
    /// belongs to one ID for ever).
    ///
    /// ```
    /// use jpki_core::{UnixTime, Usage, Verifier, testkit::{HolderSpec, TestCa}};
    /// use jpki_linkage::{CertificateKey, Lifecycle, MemoryStore};
    /// let ca = TestCa::new(1);
    /// let pair = ca.issue_pair(&HolderSpec::example());
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let v = Verifier::new([ca.signing_root().certificate(), ca.user_authentication_root().certificate()])?;
    /// let signing = v.verify(&pair.signing.certificate(), Usage::Signing, at)?;
    /// let auth = v.verify(&pair.user_authentication.certificate(), Usage::UserAuthentication, at)?;
    /// use jpki_linkage::LinkageStore;
    /// let life = Lifecycle::new(MemoryStore::new(), [7; 32]);
    /// let id = life.enroll(&signing, Some(&auth), at)?;
    /// let key = CertificateKey::of(&auth)?;
    /// assert_eq!(life.store().transaction(|txn| txn.id_by_certificate(&key))?, Some(id));
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    fn id_by_certificate(&mut self, key: &CertificateKey) -> Result<Option<PrivateId>, Error>;
    /// The certificate that superseded `old` (a link the caller supplied).
    ///
    /// ```
    /// use jpki_core::SerialNumber;
    /// use jpki_linkage::{CertificateKey, IssuerKey, LinkageStore, MemoryStore};
    /// let store = MemoryStore::new();
    /// let issuer = IssuerKey::from_bytes([1; 32]);
    /// let (old, new) = (CertificateKey::new(issuer, SerialNumber::from_u64(1)?), CertificateKey::new(issuer, SerialNumber::from_u64(2)?));
    /// store.transaction(|txn| txn.put_supersession(&old, &new))?;
    /// assert_eq!(store.transaction(|txn| txn.superseded_by(&old))?, Some(new));
    /// assert_eq!(store.transaction(|txn| txn.superseded_by(&new))?, None);
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    fn superseded_by(&mut self, old: &CertificateKey) -> Result<Option<CertificateKey>, Error>;
    /// Writes a record and links every certificate it lists to it (a certificate it no longer
    /// lists is no longer linked). A certificate linked to another ID is refused with
    /// [`Error::CertificateLinkedElsewhere`]: the store's own last line of defence (the
    /// lifecycle checks first). A store on a database server may report that refusal when the
    /// transaction commits rather than here, for a certificate the transaction has not read
    /// (the transaction fails either way).
    ///
    /// ```
    /// use jpki_core::{UnixTime, Usage, Verifier, testkit::{HolderSpec, TestCa}};
    /// use jpki_linkage::{CertificateKey, Lifecycle, MemoryStore};
    /// let ca = TestCa::new(1);
    /// let pair = ca.issue_pair(&HolderSpec::example());
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let v = Verifier::new([ca.signing_root().certificate(), ca.user_authentication_root().certificate()])?;
    /// let signing = v.verify(&pair.signing.certificate(), Usage::Signing, at)?;
    /// let auth = v.verify(&pair.user_authentication.certificate(), Usage::UserAuthentication, at)?;
    /// use jpki_linkage::{Error, IdStatus, LinkageStore, PrivateId};
    /// let life = Lifecycle::new(MemoryStore::new(), [7; 32]);
    /// let id = life.enroll(&signing, None, at)?;
    /// // A migration tool rewriting a record directly (the lifecycle does this for you).
    /// life.store().transaction(|txn| {
    ///     let mut record = txn.record(id)?.ok_or(Error::UnknownPrivateId)?;
    ///     record.status = IdStatus::NeedsReproofing;
    ///     txn.put(&record)
    /// })?;
    /// assert_eq!(life.record(id)?.map(|r| r.status), Some(IdStatus::NeedsReproofing));
    /// // Another ID cannot take the same certificate.
    /// let stolen = life.store().transaction(|txn| {
    ///     let mut record = txn.record(id)?.ok_or(Error::UnknownPrivateId)?;
    ///     record.id = PrivateId::random();
    ///     txn.put(&record)
    /// });
    /// assert_eq!(stolen, Err(Error::CertificateLinkedElsewhere));
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    fn put(&mut self, record: &LinkRecord) -> Result<(), Error>;
    /// Records that `new` supersedes `old`.
    ///
    /// ```
    /// use jpki_core::SerialNumber;
    /// use jpki_linkage::{CertificateKey, IssuerKey, LinkageStore, MemoryStore};
    /// let store = MemoryStore::new();
    /// let issuer = IssuerKey::from_bytes([1; 32]);
    /// let old = CertificateKey::new(issuer, SerialNumber::from_u64(1)?);
    /// let new = CertificateKey::new(issuer, SerialNumber::from_u64(2)?);
    /// store.transaction(|txn| txn.put_supersession(&old, &new))?;
    /// assert_eq!(store.transaction(|txn| txn.superseded_by(&old))?, Some(new));
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    fn put_supersession(&mut self, old: &CertificateKey, new: &CertificateKey)
    -> Result<(), Error>;
    /// Appends to the audit log.
    ///
    /// ```
    /// use jpki_core::UnixTime;
    /// use jpki_linkage::{AuditEvent, AuditKind, LinkageStore, MemoryStore, PrivateId};
    /// let store = MemoryStore::new();
    /// let id = PrivateId::random();
    /// let event = AuditEvent {
    ///     at: UnixTime::from_unix_seconds(1_800_000_000),
    ///     id,
    ///     certificate: None,
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
    /// use jpki_linkage::{CertificateKey, Lifecycle, MemoryStore};
    /// let ca = TestCa::new(1);
    /// let pair = ca.issue_pair(&HolderSpec::example());
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let v = Verifier::new([ca.signing_root().certificate(), ca.user_authentication_root().certificate()])?;
    /// let signing = v.verify(&pair.signing.certificate(), Usage::Signing, at)?;
    /// let auth = v.verify(&pair.user_authentication.certificate(), Usage::UserAuthentication, at)?;
    /// use jpki_linkage::LinkageStore;
    /// let life = Lifecycle::new(MemoryStore::new(), [7; 32]);
    /// life.enroll(&signing, Some(&auth), at)?;
    /// let linked = life.store().transaction(|txn| {
    ///     let mut linked = 0;
    ///     txn.for_each_record(&mut |r| linked += r.certificates.len())?;
    ///     Ok(linked)
    /// })?;
    /// assert_eq!(linked, 2);
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    fn for_each_record(&mut self, f: &mut dyn FnMut(&LinkRecord)) -> Result<(), Error>;

    /// The records that are not retired and have active certificates `source` lists as
    /// revoked at or before `at`, with those certificates. Stores may override this to scan
    /// in parallel or on the server.
    ///
    /// ```
    /// use jpki_core::{UnixTime, Usage, Verifier, testkit::{HolderSpec, TestCa}};
    /// use jpki_linkage::{CertificateKey, Lifecycle, MemoryStore};
    /// let ca = TestCa::new(1);
    /// let pair = ca.issue_pair(&HolderSpec::example());
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let v = Verifier::new([ca.signing_root().certificate(), ca.user_authentication_root().certificate()])?;
    /// let signing = v.verify(&pair.signing.certificate(), Usage::Signing, at)?;
    /// let auth = v.verify(&pair.user_authentication.certificate(), Usage::UserAuthentication, at)?;
    /// use std::collections::HashMap;
    /// use jpki_core::CrlReason;
    /// use jpki_linkage::LinkageStore;
    /// let life = Lifecycle::new(MemoryStore::new(), [7; 32]);
    /// let id = life.enroll(&signing, Some(&auth), at)?;
    /// let key = CertificateKey::of(&signing)?;
    /// let revoked = HashMap::from([(key, (at, Some(CrlReason::AffiliationChanged)))]);
    /// let hits = life.store().transaction(|txn| txn.revoked_records(&revoked, at))?;
    /// assert_eq!(hits.len(), 1);
    /// assert_eq!((hits[0].0.id, hits[0].1[0].0), (id, key));
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    fn revoked_records(
        &mut self,
        source: &dyn SweepSource,
        at: UnixTime,
    ) -> Result<Vec<RevokedRecord>, Error> {
        let mut hits = Vec::new();
        self.for_each_record(&mut |rec| {
            if let Some(hit) = revoked_in(rec, source, at) {
                hits.push(hit);
            }
        })?;
        Ok(hits)
    }
}

/// `rec` with its active certificates that `source` lists as revoked, if it is not retired and
/// has any.
pub(crate) fn revoked_in(
    rec: &LinkRecord,
    source: &dyn SweepSource,
    at: UnixTime,
) -> Option<RevokedRecord> {
    if rec.status == IdStatus::Retired {
        return None;
    }
    let revoked: Vec<RevokedCertificate> = rec
        .certificates
        .iter()
        .filter(|c| c.status == CertificateStatus::Active)
        .filter_map(|c| source.revoked(&c.key, at).map(|(w, r)| (c.key, w, r)))
        .collect();
    (!revoked.is_empty()).then(|| (rec.clone(), revoked))
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
/// use jpki_linkage::{CertificateKey, LinkageStore};
/// // A batch of reads in one transaction, straight on the store.
/// let key = CertificateKey::of(&signing)?;
/// let found = life.store().transaction(|txn| txn.id_by_certificate(&key))?;
/// assert_eq!(found, Some(id));
/// # Ok::<(), jpki_linkage::Error>(())
/// ```
pub trait LinkageStore: Send + Sync {
    /// Runs `f` as one atomic transaction: all or nothing, and as if no other transaction ran
    /// at the same time.
    ///
    /// **`f` may run more than once**: a store on a database server runs it again from the
    /// start when the server aborts the transaction for a conflict with a concurrent one
    /// (serialization failure, deadlock). Only the last run's writes are kept; `f` must have
    /// no effect outside the transaction other than its result.
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
    ///     record.certificates.clear();
    ///     txn.put(&record)?;
    ///     Err(Error::ReproofMismatch) // any error: the transaction is rolled back
    /// });
    /// assert!(failed.is_err());
    /// assert_eq!(life.record(id)?.map(|r| r.certificates.len()), Some(1));
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    fn transaction<R>(
        &self,
        f: impl FnMut(&mut dyn LinkageTxn) -> Result<R, Error>,
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
    by_certificate: HashMap<CertificateKey, PrivateId>,
    supersession: HashMap<CertificateKey, CertificateKey>,
    audit: Vec<AuditEvent>,
}

/// Undo entries of a transaction in progress.
enum Undo {
    Record(PrivateId, Option<LinkRecord>),
    Certificate(CertificateKey, Option<PrivateId>),
    Supersession(CertificateKey, Option<CertificateKey>),
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

    fn id_by_certificate(&mut self, key: &CertificateKey) -> Result<Option<PrivateId>, Error> {
        Ok(self.state.by_certificate.get(key).copied())
    }

    fn superseded_by(&mut self, old: &CertificateKey) -> Result<Option<CertificateKey>, Error> {
        Ok(self.state.supersession.get(old).copied())
    }

    fn put(&mut self, record: &LinkRecord) -> Result<(), Error> {
        if record.certificates.iter().any(|c| {
            self.state
                .by_certificate
                .get(&c.key)
                .is_some_and(|other| *other != record.id)
        }) {
            return Err(Error::CertificateLinkedElsewhere);
        }
        let prev = self.state.records.insert(record.id, record.clone());
        for dropped in prev
            .iter()
            .flat_map(|p| &p.certificates)
            .filter(|c| record.certificate(&c.key).is_none())
        {
            let was = self.state.by_certificate.remove(&dropped.key);
            self.undo.push(Undo::Certificate(dropped.key, was));
        }
        self.undo.push(Undo::Record(record.id, prev));
        for c in &record.certificates {
            let was = self.state.by_certificate.insert(c.key, record.id);
            self.undo.push(Undo::Certificate(c.key, was));
        }
        Ok(())
    }

    fn put_supersession(
        &mut self,
        old: &CertificateKey,
        new: &CertificateKey,
    ) -> Result<(), Error> {
        let prev = self.state.supersession.insert(*old, *new);
        self.undo.push(Undo::Supersession(*old, prev));
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
                .filter(|(i, _)| i % threads == k)
                .filter_map(|(_, rec)| revoked_in(rec, source, at))
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
                Undo::Certificate(k, prev) => restore(&mut state.by_certificate, k, prev),
                Undo::Supersession(k, prev) => restore(&mut state.supersession, k, prev),
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
        mut f: impl FnMut(&mut dyn LinkageTxn) -> Result<R, Error>,
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

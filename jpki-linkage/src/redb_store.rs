//! The persistent linkage store on `redb` (feature `redb`): a pure-Rust embedded database with
//! ACID write transactions, so a crash mid-operation leaves every operation whole or absent.

use std::path::Path;

use redb::{Database, MultimapTableDefinition, ReadableDatabase, ReadableTable, TableDefinition};

use super::codec;
use super::model::{AuditEvent, LinkRecord, PrivateId};
use super::store::{LinkageStore, LinkageTxn};
use crate::{Error, StoreFailure};
use jpki_core::SerialNumber;

const RECORDS: TableDefinition<&[u8], &[u8]> = TableDefinition::new("records");
const BY_SIGNING: TableDefinition<&[u8], &[u8]> = TableDefinition::new("by_signing");
const BY_AUTH: TableDefinition<&[u8], &[u8]> = TableDefinition::new("by_auth");
const SUPERSESSION: TableDefinition<&[u8], &[u8]> = TableDefinition::new("supersession");
const AUDIT: TableDefinition<u64, &[u8]> = TableDefinition::new("audit");
const AUDIT_BY_ID: MultimapTableDefinition<&[u8], u64> =
    MultimapTableDefinition::new("audit_by_id");
const META: TableDefinition<&str, u64> = TableDefinition::new("meta");

fn fail(e: impl std::fmt::Display) -> Error {
    Error::Store(StoreFailure::Backend(e.to_string()))
}

/// Linkage records and the audit log in a `redb` file. Data survives restarts; each lifecycle
/// operation is one write transaction (serialised: no lost updates, no duplicate IDs).
///
/// ```
/// use jpki_linkage::{Lifecycle, RedbStore};
/// let path = std::env::temp_dir().join(format!("jpki-doc-{}.redb", std::process::id()));
/// let store = RedbStore::open(&path)?;
/// assert!(store.is_empty()?);
/// let life = Lifecycle::new(store, [7; 32]);
/// # drop(life);
/// # let _ = std::fs::remove_file(&path);
/// # Ok::<(), jpki_linkage::Error>(())
/// ```
pub struct RedbStore {
    db: Database,
}

impl RedbStore {
    /// Opens (or creates) the store at `path`.
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
    /// use jpki_linkage::{IdStatus, RedbStore};
    /// let path = std::env::temp_dir().join(format!("jpki-doc-open-{}.redb", std::process::id()));
    /// let id = Lifecycle::new(RedbStore::open(&path)?, [7; 32]).enroll(&signing, Some(&auth), at)?;
    /// // Reopened, the store still knows the holder.
    /// let life = Lifecycle::new(RedbStore::open(&path)?, [7; 32]);
    /// assert_eq!(life.login(&auth, at)?, (id, IdStatus::Active));
    /// # drop(life);
    /// # let _ = std::fs::remove_file(&path);
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    pub fn open(path: impl AsRef<Path>) -> Result<Self, Error> {
        let db = Database::create(path).map_err(fail)?;
        let txn = db.begin_write().map_err(fail)?;
        {
            txn.open_table(RECORDS).map_err(fail)?;
            txn.open_table(BY_SIGNING).map_err(fail)?;
            txn.open_table(BY_AUTH).map_err(fail)?;
            txn.open_table(SUPERSESSION).map_err(fail)?;
            txn.open_table(AUDIT).map_err(fail)?;
            txn.open_multimap_table(AUDIT_BY_ID).map_err(fail)?;
            txn.open_table(META).map_err(fail)?;
        }
        txn.commit().map_err(fail)?;
        Ok(Self { db })
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
    /// use jpki_linkage::RedbStore;
    /// let path = std::env::temp_dir().join(format!("jpki-doc-len-{}.redb", std::process::id()));
    /// let life = Lifecycle::new(RedbStore::open(&path)?, [7; 32]);
    /// life.enroll(&signing, None, at)?;
    /// assert_eq!(life.store().len()?, 1);
    /// # drop(life);
    /// # let _ = std::fs::remove_file(&path);
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    pub fn len(&self) -> Result<u64, Error> {
        let txn = self.db.begin_read().map_err(fail)?;
        let t = txn.open_table(RECORDS).map_err(fail)?;
        redb::ReadableTableMetadata::len(&t).map_err(fail)
    }

    /// Whether no private ID is stored.
    ///
    /// ```
    /// use jpki_linkage::RedbStore;
    /// let path = std::env::temp_dir().join(format!("jpki-doc-empty-{}.redb", std::process::id()));
    /// let store = RedbStore::open(&path)?;
    /// assert!(store.is_empty()?);
    /// # drop(store);
    /// # let _ = std::fs::remove_file(&path);
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    pub fn is_empty(&self) -> Result<bool, Error> {
        Ok(self.len()? == 0)
    }
}

struct RedbTxn<'t> {
    records: redb::Table<'t, &'static [u8], &'static [u8]>,
    by_signing: redb::Table<'t, &'static [u8], &'static [u8]>,
    by_auth: redb::Table<'t, &'static [u8], &'static [u8]>,
    supersession: redb::Table<'t, &'static [u8], &'static [u8]>,
    audit: redb::Table<'t, u64, &'static [u8]>,
    audit_by_id: redb::MultimapTable<'t, &'static [u8], u64>,
    meta: redb::Table<'t, &'static str, u64>,
}

fn id_from(bytes: &[u8]) -> Result<PrivateId, Error> {
    let b: [u8; 16] = bytes
        .try_into()
        .map_err(|_| Error::Store(StoreFailure::CorruptId))?;
    Ok(PrivateId::from_bytes(b))
}

impl LinkageTxn for RedbTxn<'_> {
    fn record(&mut self, id: PrivateId) -> Result<Option<LinkRecord>, Error> {
        let key = id.to_bytes();
        match self.records.get(&key[..]).map_err(fail)? {
            Some(v) => codec::decode_record(v.value()).map(Some),
            None => Ok(None),
        }
    }

    fn id_by_signing(&mut self, serial: SerialNumber) -> Result<Option<PrivateId>, Error> {
        self.by_signing
            .get(serial.as_bytes())
            .map_err(fail)?
            .map(|v| id_from(v.value()))
            .transpose()
    }

    fn id_by_auth(&mut self, serial: SerialNumber) -> Result<Option<PrivateId>, Error> {
        self.by_auth
            .get(serial.as_bytes())
            .map_err(fail)?
            .map(|v| id_from(v.value()))
            .transpose()
    }

    fn superseded_by(&mut self, old: SerialNumber) -> Result<Option<SerialNumber>, Error> {
        self.supersession
            .get(old.as_bytes())
            .map_err(fail)?
            .map(|v| SerialNumber::from_be_bytes(v.value()))
            .transpose()
            .map_err(|_| Error::Store(StoreFailure::CorruptRecord))
    }

    fn put(&mut self, record: &LinkRecord) -> Result<(), Error> {
        let key = record.id.to_bytes();
        let value = codec::encode_record(record)?;
        self.records.insert(&key[..], &value[..]).map_err(fail)?;
        self.by_signing
            .insert(record.signing_serial.as_bytes(), &key[..])
            .map_err(fail)?;
        if let Some(auth) = record.auth_serial {
            self.by_auth
                .insert(auth.as_bytes(), &key[..])
                .map_err(fail)?;
        }
        Ok(())
    }

    fn put_supersession(&mut self, old: SerialNumber, new: SerialNumber) -> Result<(), Error> {
        self.supersession
            .insert(old.as_bytes(), new.as_bytes())
            .map_err(fail)?;
        Ok(())
    }

    fn audit(&mut self, event: &AuditEvent) -> Result<(), Error> {
        let seq = self
            .meta
            .get("next_audit")
            .map_err(fail)?
            .map_or(0, |v| v.value());
        let value = codec::encode_event(event)?;
        self.audit.insert(seq, &value[..]).map_err(fail)?;
        let id = event.id.to_bytes();
        self.audit_by_id.insert(&id[..], seq).map_err(fail)?;
        self.meta.insert("next_audit", seq + 1).map_err(fail)?;
        Ok(())
    }

    fn for_each_record(&mut self, f: &mut dyn FnMut(&LinkRecord)) -> Result<(), Error> {
        for item in self.records.iter().map_err(fail)? {
            let (_, v) = item.map_err(fail)?;
            f(&codec::decode_record(v.value())?);
        }
        Ok(())
    }
}

impl LinkageStore for RedbStore {
    fn transaction<R>(
        &self,
        f: impl FnOnce(&mut dyn LinkageTxn) -> Result<R, Error>,
    ) -> Result<R, Error> {
        let txn = self.db.begin_write().map_err(fail)?;
        let result = {
            let mut t = RedbTxn {
                records: txn.open_table(RECORDS).map_err(fail)?,
                by_signing: txn.open_table(BY_SIGNING).map_err(fail)?,
                by_auth: txn.open_table(BY_AUTH).map_err(fail)?,
                supersession: txn.open_table(SUPERSESSION).map_err(fail)?,
                audit: txn.open_table(AUDIT).map_err(fail)?,
                audit_by_id: txn.open_multimap_table(AUDIT_BY_ID).map_err(fail)?,
                meta: txn.open_table(META).map_err(fail)?,
            };
            f(&mut t)
        };
        match result {
            Ok(r) => {
                txn.commit().map_err(fail)?;
                Ok(r)
            }
            Err(e) => {
                txn.abort().map_err(fail)?;
                Err(e)
            }
        }
    }

    fn audit_trail(&self, id: PrivateId) -> Result<Vec<AuditEvent>, Error> {
        let txn = self.db.begin_read().map_err(fail)?;
        let by_id = txn.open_multimap_table(AUDIT_BY_ID).map_err(fail)?;
        let audit = txn.open_table(AUDIT).map_err(fail)?;
        let key = id.to_bytes();
        let mut out = Vec::new();
        for seq in redb::ReadableMultimapTable::get(&by_id, &key[..]).map_err(fail)? {
            let seq = seq.map_err(fail)?.value();
            if let Some(v) = audit.get(seq).map_err(fail)? {
                out.push(codec::decode_event(v.value())?);
            }
        }
        Ok(out)
    }
}

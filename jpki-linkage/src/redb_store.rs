//! The persistent linkage store on `redb` (feature `redb`): a pure-Rust embedded database with
//! ACID write transactions, so a crash mid-operation leaves every operation whole or absent.
//!
//! The file carries its schema version in the `meta` table (`schema_version`): version 2 keys
//! certificates by issuer and serial. A file of another version is refused with
//! [`StoreFailure::SchemaVersion`] rather than misread. A version-1 file (bare serials, from
//! before issue 18; it has no `schema_version` and a `by_signing` table) is converted once by
//! [`RedbStore::convert_v1`], told which CAs issued its serials (bare serials do not say).

use std::path::Path;

use redb::{
    Database, MultimapTableDefinition, ReadableDatabase, ReadableTable, TableDefinition,
    TableHandle,
};

use super::codec;
use super::model::{AuditEvent, LinkRecord, PrivateId};
use super::store::{LinkageStore, LinkageTxn};
use crate::certificate::{CertificateKey, IssuerKey};
use crate::{Error, StoreFailure};
use jpki_core::SerialNumber;

const RECORDS: TableDefinition<&[u8], &[u8]> = TableDefinition::new("records");
const BY_CERTIFICATE: TableDefinition<&[u8], &[u8]> = TableDefinition::new("by_certificate");
const SUPERSESSION: TableDefinition<&[u8], &[u8]> = TableDefinition::new("supersession");
const AUDIT: TableDefinition<u64, &[u8]> = TableDefinition::new("audit");
const AUDIT_BY_ID: MultimapTableDefinition<&[u8], u64> =
    MultimapTableDefinition::new("audit_by_id");
const META: TableDefinition<&str, u64> = TableDefinition::new("meta");
/// A table only version 1 files have.
const V1_MARKER: &str = "by_signing";
/// The schema this release reads and writes.
pub(crate) const SCHEMA_VERSION: u64 = 2;

/// The typed failure of a redb error.
fn fail(e: impl Into<redb::Error>) -> Error {
    use redb::Error as E;
    Error::Store(match e.into() {
        E::DatabaseAlreadyOpen | E::LockProtocolMismatch => StoreFailure::AlreadyOpen,
        E::Corrupted(_)
        | E::RepairAborted
        | E::TableTypeMismatch { .. }
        | E::TableIsMultimap(_)
        | E::TableIsNotMultimap(_)
        | E::TypeDefinitionChanged { .. } => StoreFailure::CorruptDatabase,
        E::ValueTooLarge(_) => StoreFailure::ValueTooLarge,
        E::Io(io) => StoreFailure::Io(io.kind()),
        E::PreviousIo | E::UpgradeRequired(_) => StoreFailure::Io(std::io::ErrorKind::Other),
        E::DatabaseClosed => StoreFailure::Unavailable,
        E::LockPoisoned(_) => StoreFailure::Poisoned,
        _ => StoreFailure::Protocol,
    })
}

/// A certificate's key in the tables: the issuer's 32 octets, then the serial's.
fn key_bytes(k: &CertificateKey) -> Vec<u8> {
    let mut v = k.issuer.to_bytes().to_vec();
    v.extend_from_slice(k.serial.as_bytes());
    v
}

fn key_from(bytes: &[u8]) -> Result<CertificateKey, Error> {
    let corrupt = || Error::Store(StoreFailure::CorruptRecord);
    let (issuer, serial) = bytes.split_at_checked(32).ok_or_else(corrupt)?;
    let issuer: [u8; 32] = issuer.try_into().map_err(|_| corrupt())?;
    let serial = SerialNumber::from_be_bytes(serial).map_err(|_| corrupt())?;
    Ok(CertificateKey::new(IssuerKey::from_bytes(issuer), serial))
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
            let legacy = txn
                .list_tables()
                .map_err(fail)?
                .any(|t| t.name() == V1_MARKER);
            let mut meta = txn.open_table(META).map_err(fail)?;
            let found = meta.get("schema_version").map_err(fail)?.map(|v| v.value());
            match (found, legacy) {
                (Some(SCHEMA_VERSION), _) => {}
                (None, false) => {
                    meta.insert("schema_version", SCHEMA_VERSION)
                        .map_err(fail)?;
                }
                (found, _) => {
                    return Err(Error::Store(StoreFailure::SchemaVersion {
                        found: found.unwrap_or(1),
                        supported: SCHEMA_VERSION,
                    }));
                }
            }
            txn.open_table(RECORDS).map_err(fail)?;
            txn.open_table(BY_CERTIFICATE).map_err(fail)?;
            txn.open_table(SUPERSESSION).map_err(fail)?;
            txn.open_table(AUDIT).map_err(fail)?;
            txn.open_multimap_table(AUDIT_BY_ID).map_err(fail)?;
        }
        txn.commit().map_err(fail)?;
        Ok(Self { db })
    }

    /// Converts a version-1 file (written before linkage keys named the issuer) in place, in
    /// one transaction, and returns how many records it converted: its signing serials become
    /// certificates of `signing` (the earlier ones superseded, the current one revoked if the
    /// ID needed re-proofing), its user-authentication serials certificates of
    /// `user_authentication`, and its audit events and supersession links follow. A file that
    /// is already current is left alone (0).
    ///
    /// ```
    /// use jpki_core::testkit::TestCa;
    /// use jpki_linkage::{IssuerKey, RedbStore};
    /// let ca = TestCa::new(1);
    /// let path = std::env::temp_dir().join(format!("jpki-doc-convert-{}.redb", std::process::id()));
    /// drop(RedbStore::open(&path)?); // a current file
    /// let (signing, auth) = (
    ///     IssuerKey::of(&ca.signing_root().certificate()),
    ///     IssuerKey::of(&ca.user_authentication_root().certificate()),
    /// );
    /// assert_eq!(RedbStore::convert_v1(&path, signing, auth)?, 0);
    /// # let _ = std::fs::remove_file(&path);
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    pub fn convert_v1(
        path: impl AsRef<Path>,
        signing: IssuerKey,
        user_authentication: IssuerKey,
    ) -> Result<u64, Error> {
        const V1_BY_AUTH: &str = "by_auth";
        let issuers = codec::V1Issuers {
            signing,
            user_authentication,
        };
        let db = Database::create(path).map_err(fail)?;
        let txn = db.begin_write().map_err(fail)?;
        let converted = {
            let legacy = txn
                .list_tables()
                .map_err(fail)?
                .any(|t| t.name() == V1_MARKER);
            let mut meta = txn.open_table(META).map_err(fail)?;
            match (
                meta.get("schema_version").map_err(fail)?.map(|v| v.value()),
                legacy,
            ) {
                (Some(SCHEMA_VERSION), _) | (None, false) => return Ok(0),
                (None, true) => {}
                (Some(found), _) => {
                    return Err(Error::Store(StoreFailure::SchemaVersion {
                        found,
                        supported: SCHEMA_VERSION,
                    }));
                }
            }
            let mut records = txn.open_table(RECORDS).map_err(fail)?;
            let old: Vec<(Vec<u8>, Vec<u8>)> = records
                .iter()
                .map_err(fail)?
                .map(|item| item.map(|(k, v)| (k.value().to_vec(), v.value().to_vec())))
                .collect::<Result<_, _>>()
                .map_err(fail)?;
            let mut by_certificate = txn.open_table(BY_CERTIFICATE).map_err(fail)?;
            for (key, value) in &old {
                let record = codec::upgrade_record_v1(value, issuers)?;
                records
                    .insert(&key[..], &codec::encode_record(&record)?[..])
                    .map_err(fail)?;
                for c in &record.certificates {
                    // Two version-1 records claiming one certificate: a damaged file.
                    if let Some(other) = by_certificate
                        .insert(&key_bytes(&c.key)[..], &key[..])
                        .map_err(fail)?
                        && other.value() != &key[..]
                    {
                        return Err(Error::Store(StoreFailure::CorruptRecord));
                    }
                }
            }
            let mut audit = txn.open_table(AUDIT).map_err(fail)?;
            let events: Vec<(u64, Vec<u8>)> = audit
                .iter()
                .map_err(fail)?
                .map(|item| item.map(|(k, v)| (k.value(), v.value().to_vec())))
                .collect::<Result<_, _>>()
                .map_err(fail)?;
            for (seq, value) in events {
                audit
                    .insert(seq, &codec::upgrade_event_v1(&value, issuers)?[..])
                    .map_err(fail)?;
            }
            let mut links = txn.open_table(SUPERSESSION).map_err(fail)?;
            let old_links: Vec<(Vec<u8>, Vec<u8>)> = links
                .iter()
                .map_err(fail)?
                .map(|item| item.map(|(k, v)| (k.value().to_vec(), v.value().to_vec())))
                .collect::<Result<_, _>>()
                .map_err(fail)?;
            let serial = |b: &[u8]| {
                SerialNumber::from_be_bytes(b)
                    .map(|s| key_bytes(&CertificateKey::new(signing, s)))
                    .map_err(|_| Error::Store(StoreFailure::CorruptRecord))
            };
            links.retain(|_, _| false).map_err(fail)?;
            for (old, new) in &old_links {
                links
                    .insert(&serial(old)?[..], &serial(new)?[..])
                    .map_err(fail)?;
            }
            meta.insert("schema_version", SCHEMA_VERSION)
                .map_err(fail)?;
            old.len() as u64
        };
        for legacy in [V1_MARKER, V1_BY_AUTH] {
            txn.delete_table(TableDefinition::<&[u8], &[u8]>::new(legacy))
                .map_err(fail)?;
        }
        txn.commit().map_err(fail)?;
        Ok(converted)
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
    by_certificate: redb::Table<'t, &'static [u8], &'static [u8]>,
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

    fn id_by_certificate(&mut self, key: &CertificateKey) -> Result<Option<PrivateId>, Error> {
        self.by_certificate
            .get(&key_bytes(key)[..])
            .map_err(fail)?
            .map(|v| id_from(v.value()))
            .transpose()
    }

    fn superseded_by(&mut self, old: &CertificateKey) -> Result<Option<CertificateKey>, Error> {
        self.supersession
            .get(&key_bytes(old)[..])
            .map_err(fail)?
            .map(|v| key_from(v.value()))
            .transpose()
    }

    fn put(&mut self, record: &LinkRecord) -> Result<(), Error> {
        let key = record.id.to_bytes();
        let keys: Vec<Vec<u8>> = record
            .certificates
            .iter()
            .map(|c| key_bytes(&c.key))
            .collect();
        for k in &keys {
            if let Some(other) = self.by_certificate.get(&k[..]).map_err(fail)?
                && other.value() != &key[..]
            {
                return Err(Error::CertificateLinkedElsewhere);
            }
        }
        let prev = self
            .records
            .get(&key[..])
            .map_err(fail)?
            .map(|v| codec::decode_record(v.value()))
            .transpose()?;
        for dropped in prev
            .iter()
            .flat_map(|p| &p.certificates)
            .filter(|c| record.certificate(&c.key).is_none())
        {
            self.by_certificate
                .remove(&key_bytes(&dropped.key)[..])
                .map_err(fail)?;
        }
        let value = codec::encode_record(record)?;
        self.records.insert(&key[..], &value[..]).map_err(fail)?;
        for k in &keys {
            self.by_certificate.insert(&k[..], &key[..]).map_err(fail)?;
        }
        Ok(())
    }

    fn put_supersession(
        &mut self,
        old: &CertificateKey,
        new: &CertificateKey,
    ) -> Result<(), Error> {
        self.supersession
            .insert(&key_bytes(old)[..], &key_bytes(new)[..])
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
        mut f: impl FnMut(&mut dyn LinkageTxn) -> Result<R, Error>,
    ) -> Result<R, Error> {
        let txn = self.db.begin_write().map_err(fail)?;
        let result = {
            let mut t = RedbTxn {
                records: txn.open_table(RECORDS).map_err(fail)?,
                by_certificate: txn.open_table(BY_CERTIFICATE).map_err(fail)?,
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

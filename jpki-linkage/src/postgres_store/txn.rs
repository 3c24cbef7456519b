//! One transaction on PostgreSQL. Reads go to the server (and are remembered for the rest of
//! the transaction); writes are buffered and flushed at commit as one set-based statement per
//! table (arrays through `unnest`), so a sweep that rewrites 100,000 records costs a handful of
//! round trips, not 300,000. Reads see the transaction's own buffered writes.

use std::collections::HashMap;

use postgres::Transaction;
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::{FromSql, ToSql, Type};

use super::failure::{self, Phase};
use crate::certificate::{CertificateKey, IssuerKey, LinkedCertificate};
use crate::codec;
use crate::store::{LinkageTxn, RevokedRecord, revoked_in};
use crate::{AuditEvent, ConflictKind, Error, LinkRecord, PrivateId, StoreFailure, SweepSource};
use jpki_core::{CrlReason, SerialNumber, UnixTime};

pub(super) struct PgTxn<'c> {
    pub(super) tx: Transaction<'c>,
    /// The first conflict met: the whole closure runs again.
    pub(super) conflict: Option<ConflictKind>,
    /// The first other database failure (the server has aborted the transaction).
    pub(super) failed: Option<StoreFailure>,
    records: HashMap<PrivateId, LinkRecord>,
    order: Vec<PrivateId>,
    /// Owners of the buffered records' certificates.
    buffered_owner: HashMap<CertificateKey, PrivateId>,
    superseded: HashMap<CertificateKey, CertificateKey>,
    /// Supersession links in the database as read in this transaction (`None`: none).
    links: HashMap<CertificateKey, Option<CertificateKey>>,
    audit: Vec<AuditEvent>,
    /// Owners in the database as read in this transaction.
    owners: HashMap<CertificateKey, Option<PrivateId>>,
    /// The database's certificates of the IDs read in this transaction (`None`: no such ID).
    stored: HashMap<PrivateId, Option<Vec<CertificateKey>>>,
}

fn corrupt(what: StoreFailure) -> Error {
    Error::Store(what)
}

fn col<'r, T: FromSql<'r>>(row: &'r postgres::Row, i: usize) -> Result<T, Error> {
    row.try_get(i).map_err(|_| corrupt(StoreFailure::Protocol))
}

fn id_of(b: &[u8]) -> Result<PrivateId, Error> {
    let b: [u8; 16] = b.try_into().map_err(|_| corrupt(StoreFailure::CorruptId))?;
    Ok(PrivateId::from_bytes(b))
}

fn key_of(issuer: &[u8], serial: &[u8]) -> Result<CertificateKey, Error> {
    let bad = || corrupt(StoreFailure::CorruptRecord);
    let issuer: [u8; 32] = issuer.try_into().map_err(|_| bad())?;
    let serial = SerialNumber::from_be_bytes(serial).map_err(|_| bad())?;
    Ok(CertificateKey::new(IssuerKey::from_bytes(issuer), serial))
}

fn small(n: u8) -> i16 {
    i16::from(n)
}

fn unsmall(n: i16) -> Result<u8, Error> {
    u8::try_from(n).map_err(|_| corrupt(StoreFailure::CorruptRecord))
}

pub(super) fn seconds(t: UnixTime) -> Result<i64, Error> {
    i64::try_from(t.as_unix_seconds()).map_err(|_| corrupt(StoreFailure::Encoding))
}

fn time(n: i64) -> Result<UnixTime, Error> {
    u64::try_from(n)
        .map(UnixTime::from_unix_seconds)
        .map_err(|_| corrupt(StoreFailure::CorruptRecord))
}

const RECORD_COLUMNS: &str = "id, status, identity_kind, identity, updated_at";
const CERT_COLUMNS: &str = "id, issuer, serial, kind, status, revoked_at, reason, linked_at";

fn certificate_of(row: &postgres::Row) -> Result<(PrivateId, LinkedCertificate), Error> {
    let bad = || corrupt(StoreFailure::CorruptRecord);
    let revoked_at: Option<i64> = col(row, 5)?;
    let reason: Option<i16> = col(row, 6)?;
    let status = codec::status_of(
        unsmall(col(row, 4)?)?,
        revoked_at
            .map(u64::try_from)
            .transpose()
            .map_err(|_| bad())?,
        reason.map(unsmall).transpose()?,
    )
    .ok_or_else(bad)?;
    Ok((
        id_of(col(row, 0)?)?,
        LinkedCertificate {
            key: key_of(col(row, 1)?, col(row, 2)?)?,
            kind: codec::kind_of(unsmall(col(row, 3)?)?).ok_or_else(bad)?,
            status,
            linked_at: time(col(row, 7)?)?,
        },
    ))
}

/// Records from rows of `private_ids` and of `certificates` (ordered by ID and position).
fn assemble(ids: &[postgres::Row], certs: &[postgres::Row]) -> Result<Vec<LinkRecord>, Error> {
    let mut by_id: HashMap<PrivateId, Vec<LinkedCertificate>> = HashMap::new();
    for row in certs {
        let (id, c) = certificate_of(row)?;
        by_id.entry(id).or_default().push(c);
    }
    ids.iter()
        .map(|row| {
            let id = id_of(col(row, 0)?)?;
            let identity: Option<&[u8]> = col(row, 3)?;
            Ok(LinkRecord {
                id,
                status: codec::id_status_of(unsmall(col(row, 1)?)?)
                    .ok_or_else(|| corrupt(StoreFailure::CorruptRecord))?,
                certificates: by_id.remove(&id).unwrap_or_default(),
                identity: codec::identity_of(unsmall(col(row, 2)?)?, identity.unwrap_or_default())?,
                updated_at: time(col(row, 4)?)?,
            })
        })
        .collect()
}

/// `r`, noting a conflict or another failure in `conflict` or `failed` (a free function: the
/// result may borrow the transaction).
fn noted<T>(
    conflict: &mut Option<ConflictKind>,
    failed: &mut Option<StoreFailure>,
    r: Result<T, postgres::Error>,
) -> Result<T, Error> {
    r.map_err(|e| {
        let f = failure::failure(&e, Phase::Statement);
        match &f {
            StoreFailure::Conflict(k) => {
                conflict.get_or_insert(*k);
            }
            other => {
                failed.get_or_insert(other.clone());
            }
        }
        Error::Store(f)
    })
}

impl<'c> PgTxn<'c> {
    pub(super) fn new(tx: Transaction<'c>) -> Self {
        Self {
            tx,
            conflict: None,
            failed: None,
            records: HashMap::new(),
            order: Vec::new(),
            buffered_owner: HashMap::new(),
            superseded: HashMap::new(),
            links: HashMap::new(),
            audit: Vec::new(),
            owners: HashMap::new(),
            stored: HashMap::new(),
        }
    }

    /// The result of a statement, noting a conflict or failure for the transaction.
    fn db<T>(&mut self, r: Result<T, postgres::Error>) -> Result<T, Error> {
        noted(&mut self.conflict, &mut self.failed, r)
    }

    /// Loads the records of `ids` from the database (and remembers their certificates).
    fn load(&mut self, ids: &[Vec<u8>]) -> Result<Vec<LinkRecord>, Error> {
        let q = format!("SELECT {RECORD_COLUMNS} FROM private_ids WHERE id = ANY($1)");
        let rows = self.tx.query(&q, &[&ids]);
        let rows = self.db(rows)?;
        let q = format!(
            "SELECT {CERT_COLUMNS} FROM certificates WHERE id = ANY($1) ORDER BY id, position"
        );
        let certs = self.tx.query(&q, &[&ids]);
        let certs = self.db(certs)?;
        let records = assemble(&rows, &certs)?;
        for r in &records {
            for c in &r.certificates {
                self.owners.insert(c.key, Some(r.id));
            }
            self.stored
                .insert(r.id, Some(r.certificates.iter().map(|c| c.key).collect()));
        }
        Ok(records)
    }

    /// Looks up the database owners of the keys not yet known.
    fn learn_owners(&mut self, keys: &[CertificateKey]) -> Result<(), Error> {
        let unknown: Vec<CertificateKey> = keys
            .iter()
            .filter(|k| !self.buffered_owner.contains_key(k) && !self.owners.contains_key(k))
            .copied()
            .collect();
        if unknown.is_empty() {
            return Ok(());
        }
        let issuers: Vec<Vec<u8>> = unknown
            .iter()
            .map(|k| k.issuer.to_bytes().to_vec())
            .collect();
        let serials: Vec<&[u8]> = unknown.iter().map(|k| k.serial.as_bytes()).collect();
        // One key (the common case): a plain primary-key lookup, whose predicate lock is the
        // one index entry, so concurrent enrolments of other cards do not conflict with it.
        let rows = if let ([issuer], [serial]) = (&issuers[..], &serials[..]) {
            self.tx.query(
                "SELECT issuer, serial, id FROM certificates WHERE issuer = $1 AND serial = $2",
                &[issuer, serial],
            )
        } else {
            self.tx.query(
                "SELECT c.issuer, c.serial, c.id FROM certificates c \
                 JOIN unnest($1::bytea[], $2::bytea[]) AS k(issuer, serial) \
                 ON k.issuer = c.issuer AND k.serial = c.serial",
                &[&issuers, &serials],
            )
        };
        let rows = self.db(rows)?;
        for k in &unknown {
            self.owners.insert(*k, None);
        }
        for row in &rows {
            let key = key_of(col(row, 0)?, col(row, 1)?)?;
            self.owners.insert(key, Some(id_of(col(row, 2)?)?));
        }
        Ok(())
    }

    /// Writes the buffered records, supersession links and audit events: one statement per
    /// table.
    pub(super) fn flush(&mut self) -> Result<(), Error> {
        if !self.order.is_empty() {
            self.flush_records()?;
        }
        if !self.superseded.is_empty() {
            let (mut oi, mut os, mut ni, mut ns) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
            for (old, new) in &self.superseded {
                oi.push(old.issuer.to_bytes().to_vec());
                os.push(old.serial.as_bytes().to_vec());
                ni.push(new.issuer.to_bytes().to_vec());
                ns.push(new.serial.as_bytes().to_vec());
            }
            let r = self.tx.execute(
                "INSERT INTO supersessions (old_issuer, old_serial, new_issuer, new_serial) \
                 SELECT * FROM unnest($1::bytea[], $2::bytea[], $3::bytea[], $4::bytea[]) \
                 ON CONFLICT (old_issuer, old_serial) DO UPDATE \
                 SET new_issuer = EXCLUDED.new_issuer, new_serial = EXCLUDED.new_serial",
                &[&oi, &os, &ni, &ns],
            );
            self.db(r)?;
        }
        if !self.audit.is_empty() {
            let mut ids = Vec::with_capacity(self.audit.len());
            let mut ats = Vec::with_capacity(self.audit.len());
            let mut events = Vec::with_capacity(self.audit.len());
            for e in &self.audit {
                ids.push(e.id.to_bytes().to_vec());
                ats.push(seconds(e.at)?);
                events.push(codec::encode_event(e)?);
            }
            // WITH ORDINALITY … ORDER BY: the sequence numbers follow the order of the events.
            let r = self.tx.execute(
                "INSERT INTO audit_events (id, at, event) \
                 SELECT id, at, event FROM unnest($1::bytea[], $2::int8[], $3::bytea[]) \
                 WITH ORDINALITY AS u(id, at, event, n) ORDER BY n",
                &[&ids, &ats, &events],
            );
            self.db(r)?;
        }
        Ok(())
    }

    fn flush_records(&mut self) -> Result<(), Error> {
        let n = self.order.len();
        let (mut ids, mut status, mut kinds, mut identities, mut updated) = (
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
            Vec::with_capacity(n),
        );
        let mut c_issuer = Vec::new();
        let mut c_serial = Vec::new();
        let mut c_id = Vec::new();
        let mut c_pos: Vec<i32> = Vec::new();
        let mut c_kind = Vec::new();
        let mut c_status = Vec::new();
        let mut c_revoked: Vec<Option<i64>> = Vec::new();
        let mut c_reason: Vec<Option<i16>> = Vec::new();
        let mut c_linked = Vec::new();
        let mut dropped: Vec<CertificateKey> = Vec::new();
        let mut unknown: Vec<Vec<u8>> = Vec::new();
        for id in &self.order {
            let Some(r) = self.records.get(id) else {
                continue;
            };
            let (kind, identity) = codec::identity_code(&r.identity);
            ids.push(r.id.to_bytes().to_vec());
            status.push(small(codec::id_status_code(r.status)));
            kinds.push(small(kind));
            // A deleted identity leaves no bytes on the server: NULL.
            identities.push((r.identity != crate::ProofedIdentity::Deleted).then_some(identity));
            updated.push(seconds(r.updated_at)?);
            for (i, c) in r.certificates.iter().enumerate() {
                let (s, at, reason) = codec::status_code(c.status);
                c_issuer.push(c.key.issuer.to_bytes().to_vec());
                c_serial.push(c.key.serial.as_bytes().to_vec());
                c_id.push(r.id.to_bytes().to_vec());
                c_pos.push(i32::try_from(i).map_err(|_| corrupt(StoreFailure::Encoding))?);
                c_kind.push(small(codec::kind_code(c.kind)?));
                c_status.push(small(s));
                c_revoked.push(
                    at.map(i64::try_from)
                        .transpose()
                        .map_err(|_| corrupt(StoreFailure::Encoding))?,
                );
                c_reason.push(reason.map(small));
                c_linked.push(seconds(c.linked_at)?);
            }
            match self.stored.get(id) {
                Some(Some(old)) => {
                    dropped.extend(old.iter().filter(|k| r.certificate(k).is_none()).copied())
                }
                Some(None) => {}
                None => unknown.push(r.id.to_bytes().to_vec()),
            }
        }
        let r = self.tx.execute(
            "INSERT INTO private_ids (id, status, identity_kind, identity, updated_at) \
             SELECT * FROM unnest($1::bytea[], $2::int2[], $3::int2[], $4::bytea[], $5::int8[]) \
             ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, \
             identity_kind = EXCLUDED.identity_kind, identity = EXCLUDED.identity, \
             updated_at = EXCLUDED.updated_at",
            &[&ids, &status, &kinds, &identities, &updated],
        );
        self.db(r)?;
        if !dropped.is_empty() {
            let issuers: Vec<Vec<u8>> = dropped
                .iter()
                .map(|k| k.issuer.to_bytes().to_vec())
                .collect();
            let serials: Vec<&[u8]> = dropped.iter().map(|k| k.serial.as_bytes()).collect();
            let r = self.tx.execute(
                "DELETE FROM certificates c USING unnest($1::bytea[], $2::bytea[]) AS d(issuer, serial) \
                 WHERE c.issuer = d.issuer AND c.serial = d.serial",
                &[&issuers, &serials],
            );
            self.db(r)?;
        }
        if !unknown.is_empty() {
            let r = self.tx.execute(
                "DELETE FROM certificates c WHERE c.id = ANY($1) AND (c.issuer, c.serial) NOT IN \
                 (SELECT * FROM unnest($2::bytea[], $3::bytea[]))",
                &[&unknown, &c_issuer, &c_serial],
            );
            self.db(r)?;
        }
        if !c_issuer.is_empty() {
            // A certificate already linked to another ID is not taken over (the WHERE): fewer
            // rows than sent means the unique key refused the write.
            let r = self.tx.execute(
                "INSERT INTO certificates \
                 (issuer, serial, id, position, kind, status, revoked_at, reason, linked_at) \
                 SELECT * FROM unnest($1::bytea[], $2::bytea[], $3::bytea[], $4::int4[], \
                 $5::int2[], $6::int2[], $7::int8[], $8::int2[], $9::int8[]) \
                 ON CONFLICT (issuer, serial) DO UPDATE SET position = EXCLUDED.position, \
                 kind = EXCLUDED.kind, status = EXCLUDED.status, revoked_at = EXCLUDED.revoked_at, \
                 reason = EXCLUDED.reason, linked_at = EXCLUDED.linked_at \
                 WHERE certificates.id = EXCLUDED.id",
                &[
                    &c_issuer, &c_serial, &c_id, &c_pos, &c_kind, &c_status, &c_revoked, &c_reason,
                    &c_linked,
                ],
            );
            let written = self.db(r)?;
            if usize::try_from(written).ok() != Some(c_issuer.len()) {
                return Err(Error::CertificateLinkedElsewhere);
            }
        }
        Ok(())
    }
}

impl LinkageTxn for PgTxn<'_> {
    fn record(&mut self, id: PrivateId) -> Result<Option<LinkRecord>, Error> {
        if let Some(r) = self.records.get(&id) {
            return Ok(Some(r.clone()));
        }
        let found = self.load(&[id.to_bytes().to_vec()])?.pop();
        if found.is_none() {
            self.stored.insert(id, None);
        }
        Ok(found)
    }

    fn id_by_certificate(&mut self, key: &CertificateKey) -> Result<Option<PrivateId>, Error> {
        if let Some(id) = self.buffered_owner.get(key) {
            return Ok(Some(*id));
        }
        self.learn_owners(std::slice::from_ref(key))?;
        Ok(match self.owners.get(key).copied().flatten() {
            // Rewritten in this transaction without this certificate.
            Some(id) if self.records.contains_key(&id) => None,
            other => other,
        })
    }

    fn superseded_by(&mut self, old: &CertificateKey) -> Result<Option<CertificateKey>, Error> {
        if let Some(new) = self.superseded.get(old) {
            return Ok(Some(*new));
        }
        if let Some(known) = self.links.get(old) {
            return Ok(*known);
        }
        let issuer = old.issuer.to_bytes().to_vec();
        let rows = self.tx.query(
            "SELECT new_issuer, new_serial FROM supersessions WHERE old_issuer = $1 AND old_serial = $2",
            &[&issuer, &old.serial.as_bytes()],
        );
        let rows = self.db(rows)?;
        let found = rows
            .first()
            .map(|row| key_of(col(row, 0)?, col(row, 1)?))
            .transpose()?;
        self.links.insert(*old, found);
        Ok(found)
    }

    /// Refuses at once a certificate this transaction knows to be linked elsewhere; one it
    /// has not read is checked at commit by the unique key (a bulk load pays no query per
    /// record).
    fn put(&mut self, record: &LinkRecord) -> Result<(), Error> {
        let keys: Vec<CertificateKey> = record.certificates.iter().map(|c| c.key).collect();
        for k in &keys {
            let owner = match self.buffered_owner.get(k) {
                Some(id) => Some(*id),
                None => match self.owners.get(k).copied().flatten() {
                    Some(id) if self.records.contains_key(&id) => None,
                    other => other,
                },
            };
            if owner.is_some_and(|o| o != record.id) {
                return Err(Error::CertificateLinkedElsewhere);
            }
        }
        if let Some(prev) = self.records.get(&record.id) {
            for c in &prev.certificates {
                self.buffered_owner.remove(&c.key);
            }
        } else {
            self.order.push(record.id);
        }
        for k in keys {
            self.buffered_owner.insert(k, record.id);
        }
        self.records.insert(record.id, record.clone());
        Ok(())
    }

    fn put_supersession(
        &mut self,
        old: &CertificateKey,
        new: &CertificateKey,
    ) -> Result<(), Error> {
        self.superseded.insert(*old, *new);
        Ok(())
    }

    fn audit(&mut self, event: &AuditEvent) -> Result<(), Error> {
        self.audit.push(event.clone());
        Ok(())
    }

    fn for_each_record(&mut self, f: &mut dyn FnMut(&LinkRecord)) -> Result<(), Error> {
        let q = format!("SELECT {RECORD_COLUMNS} FROM private_ids ORDER BY id");
        let rows = self.tx.query(&q, &[]);
        let rows = self.db(rows)?;
        let q = format!("SELECT {CERT_COLUMNS} FROM certificates ORDER BY id, position");
        let certs = self.tx.query(&q, &[]);
        let certs = self.db(certs)?;
        for r in assemble(&rows, &certs)? {
            if !self.records.contains_key(&r.id) {
                f(&r);
            }
        }
        for id in &self.order {
            if let Some(r) = self.records.get(id) {
                f(r);
            }
        }
        Ok(())
    }

    /// On the server: the active certificates of IDs that are not retired are streamed once
    /// and probed against `source`; the revoked ones are loaded with COPY into a temporary
    /// table, and the records they belong to are read with one join.
    fn revoked_records(
        &mut self,
        source: &dyn SweepSource,
        at: UnixTime,
    ) -> Result<Vec<RevokedRecord>, Error> {
        if !self.records.is_empty() {
            // Writes earlier in this transaction: the general path sees them.
            let mut hits = Vec::new();
            self.for_each_record(&mut |r| hits.extend(revoked_in(r, source, at)))?;
            return Ok(hits);
        }
        let mut revoked: HashMap<CertificateKey, (UnixTime, Option<CrlReason>)> = HashMap::new();
        {
            let none: [&(dyn ToSql + Sync); 0] = [];
            let rows = self.tx.query_raw(
                "SELECT c.issuer, c.serial FROM certificates c JOIN private_ids p ON p.id = c.id \
                 WHERE c.status = 1 AND p.status <> 3",
                none,
            );
            let mut rows = noted(&mut self.conflict, &mut self.failed, rows)?;
            loop {
                let next = rows.next();
                let Some(row) = noted(&mut self.conflict, &mut self.failed, next)? else {
                    break;
                };
                let key = key_of(col(&row, 0)?, col(&row, 1)?)?;
                if let Some(hit) = source.revoked(&key, at) {
                    revoked.insert(key, hit);
                }
            }
        }
        if revoked.is_empty() {
            return Ok(Vec::new());
        }
        let r = self.tx.batch_execute(
            "CREATE TEMPORARY TABLE jpki_sweep_hits (issuer bytea NOT NULL, serial bytea NOT NULL) \
             ON COMMIT DROP",
        );
        self.db(r)?;
        let sink = self
            .tx
            .copy_in("COPY jpki_sweep_hits (issuer, serial) FROM STDIN (FORMAT binary)");
        let sink = noted(&mut self.conflict, &mut self.failed, sink)?;
        let mut writer = BinaryCopyInWriter::new(sink, &[Type::BYTEA, Type::BYTEA]);
        let mut copied = Ok(());
        for key in revoked.keys() {
            let issuer = key.issuer.to_bytes();
            copied = writer.write(&[&&issuer[..], &key.serial.as_bytes()]);
            if copied.is_err() {
                break;
            }
        }
        let finished = copied.and_then(|()| writer.finish().map(drop));
        noted(&mut self.conflict, &mut self.failed, finished)?;
        let ids = self.tx.query(
            "SELECT DISTINCT c.id FROM certificates c JOIN jpki_sweep_hits h \
             ON h.issuer = c.issuer AND h.serial = c.serial",
            &[],
        );
        let ids: Vec<Vec<u8>> = self
            .db(ids)?
            .iter()
            .map(|row| col(row, 0))
            .collect::<Result<_, _>>()?;
        let records = self.load(&ids)?;
        // The supersession links of the revoked certificates, read now in one join rather than
        // one query each when the lifecycle asks.
        let links = self.tx.query(
            "SELECT s.old_issuer, s.old_serial, s.new_issuer, s.new_serial FROM supersessions s \
             JOIN jpki_sweep_hits h ON h.issuer = s.old_issuer AND h.serial = s.old_serial",
            &[],
        );
        for key in revoked.keys() {
            self.links.insert(*key, None);
        }
        for row in &self.db(links)? {
            let old = key_of(col(row, 0)?, col(row, 1)?)?;
            self.links
                .insert(old, Some(key_of(col(row, 2)?, col(row, 3)?)?));
        }
        Ok(records
            .iter()
            .filter_map(|r| revoked_in(r, &revoked, at))
            .collect())
    }
}

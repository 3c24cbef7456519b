//! The stores: equal to a simple model under random operations, atomic, concurrent-safe,
//! (Compiled only under `#[cfg(test)]`, declared in the parent module.)
//! persistent, and crash-safe (redb).

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU32, Ordering};

use proptest::prelude::*;

use super::tests::{t, world};
use super::*;
use jpki_core::{RevocationIndex, SerialNumber};

static FILES: AtomicU32 = AtomicU32::new(0);

pub(super) fn temp_db(tag: &str) -> std::path::PathBuf {
    let n = FILES.fetch_add(1, Ordering::Relaxed);
    let p = std::env::temp_dir().join(format!("jpki-core-{tag}-{}-{n}.redb", std::process::id()));
    let _ = std::fs::remove_file(&p);
    p
}

fn serial(n: u64) -> SerialNumber {
    SerialNumber::from_u64(n).expect("serial")
}

/// A certificate key under one of two issuers (the same serials under both).
pub(super) fn cert_key(issuer: u8, n: u64) -> CertificateKey {
    CertificateKey::new(IssuerKey::from_bytes([issuer; 32]), serial(n))
}

fn linked_cert(key: CertificateKey, i: usize) -> LinkedCertificate {
    LinkedCertificate {
        key,
        kind: if i.is_multiple_of(2) {
            jpki_core::CertificateKind::Signing
        } else {
            jpki_core::CertificateKind::UserAuthentication
        },
        status: match i % 3 {
            0 => CertificateStatus::Active,
            1 => CertificateStatus::Revoked {
                revoked_at: UnixTime::from_unix_seconds(5),
                reason: Some(jpki_core::CrlReason::KeyCompromise),
            },
            _ => CertificateStatus::Unlinked,
        },
        linked_at: UnixTime::from_unix_seconds(i as u64),
    }
}

pub(super) fn record(id: u8, certs: &[CertificateKey]) -> LinkRecord {
    LinkRecord {
        id: PrivateId::from_bytes([id; 16]),
        status: IdStatus::Active,
        certificates: certs
            .iter()
            .enumerate()
            .map(|(i, k)| linked_cert(*k, i))
            .collect(),
        identity: ProofedIdentity::Digest([id; 32]),
        updated_at: UnixTime::from_unix_seconds(u64::from(id)),
    }
}

/// The simplest store that could work.
#[derive(Default, Clone, PartialEq, Debug)]
pub(super) struct Model {
    records: BTreeMap<PrivateId, LinkRecord>,
    by_certificate: BTreeMap<CertificateKey, PrivateId>,
    supersession: BTreeMap<CertificateKey, CertificateKey>,
    audit: Vec<AuditEvent>,
}

impl Model {
    /// What `put` does, or the error it gives (then nothing changes).
    fn put(&mut self, r: &LinkRecord) -> Result<(), Error> {
        if r.certificates
            .iter()
            .any(|c| self.by_certificate.get(&c.key).is_some_and(|o| *o != r.id))
        {
            return Err(Error::CertificateLinkedElsewhere);
        }
        if let Some(prev) = self.records.get(&r.id) {
            for c in &prev.certificates {
                self.by_certificate.remove(&c.key);
            }
        }
        for c in &r.certificates {
            self.by_certificate.insert(c.key, r.id);
        }
        self.records.insert(r.id, r.clone());
        Ok(())
    }
}

#[derive(Clone, Debug)]
pub(super) enum Op {
    Put(u8, Vec<CertificateKey>),
    Supersede(CertificateKey, CertificateKey),
    Audit(u8, Option<CertificateKey>),
    /// A transaction that writes and then fails: must leave no trace.
    FailAfterPut(u8, CertificateKey),
    /// An audit event, then a write that may be refused (a certificate linked elsewhere):
    /// when it is, the event must be gone too.
    AuditThenPut(u8, Vec<CertificateKey>),
}

fn key_strategy() -> impl Strategy<Value = CertificateKey> {
    (1u8..3, 1u64..8).prop_map(|(i, n)| cert_key(i, n))
}

fn keys_strategy() -> impl Strategy<Value = Vec<CertificateKey>> {
    proptest::collection::btree_set(key_strategy(), 0..4).prop_map(|s| s.into_iter().collect())
}

pub(super) fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0u8..6, keys_strategy()).prop_map(|(i, k)| Op::Put(i, k)),
        1 => (key_strategy(), key_strategy()).prop_map(|(a, b)| Op::Supersede(a, b)),
        1 => (0u8..6, proptest::option::of(key_strategy())).prop_map(|(i, k)| Op::Audit(i, k)),
        1 => (0u8..6, key_strategy()).prop_map(|(i, k)| Op::FailAfterPut(i, k)),
        1 => (0u8..6, keys_strategy()).prop_map(|(i, k)| Op::AuditThenPut(i, k)),
    ]
}

pub(super) fn event(id: u8, certificate: Option<CertificateKey>) -> AuditEvent {
    AuditEvent {
        at: UnixTime::from_unix_seconds(7),
        id: PrivateId::from_bytes([id; 16]),
        certificate,
        kind: AuditKind::LoggedIn,
    }
}

pub(super) fn apply<S: LinkageStore>(store: &S, model: &mut Model, op: &Op) {
    match op {
        Op::Put(i, keys) => {
            let r = record(*i, keys);
            let expected = model.clone().put(&r);
            assert_eq!(store.transaction(|tx| tx.put(&r)), expected, "{op:?}");
            if expected.is_ok() {
                model.put(&r).expect("checked");
            }
        }
        Op::Supersede(a, b) => {
            store
                .transaction(|tx| tx.put_supersession(a, b))
                .expect("supersede");
            model.supersession.insert(*a, *b);
        }
        Op::Audit(i, k) => {
            store
                .transaction(|tx| tx.audit(&event(*i, *k)))
                .expect("audit");
            model.audit.push(event(*i, *k));
        }
        Op::FailAfterPut(i, k) => {
            let r = record(*i, &[*k]);
            let out: Result<(), Error> = store.transaction(|tx| {
                tx.audit(&event(*i, Some(*k)))?;
                tx.put_supersession(k, &cert_key(9, 99))?;
                match tx.put(&r) {
                    Ok(()) | Err(Error::CertificateLinkedElsewhere) => {}
                    Err(e) => return Err(e),
                }
                Err(Error::ReproofMismatch)
            });
            assert_eq!(out, Err(Error::ReproofMismatch));
        }
        Op::AuditThenPut(i, keys) => {
            let r = record(*i, keys);
            let expected = model.clone().put(&r);
            let out = store.transaction(|tx| {
                tx.audit(&event(*i, None))?;
                tx.put(&r)
            });
            assert_eq!(out, expected, "{op:?}");
            if expected.is_ok() {
                model.put(&r).expect("checked");
                model.audit.push(event(*i, None));
            }
        }
    }
}

pub(super) fn check<S: LinkageStore>(store: &S, model: &Model) {
    store
        .transaction(|tx| {
            for id in (0u8..6).map(|i| PrivateId::from_bytes([i; 16])) {
                assert_eq!(tx.record(id)?, model.records.get(&id).cloned());
            }
            for k in (1u8..3).flat_map(|i| (1..9u64).map(move |n| cert_key(i, n))) {
                assert_eq!(
                    tx.id_by_certificate(&k)?,
                    model.by_certificate.get(&k).copied(),
                    "{k}"
                );
                assert_eq!(
                    tx.superseded_by(&k)?,
                    model.supersession.get(&k).copied(),
                    "supersession {k}"
                );
            }
            let mut all = Vec::new();
            tx.for_each_record(&mut |r| all.push(r.clone()))?;
            all.sort_by_key(|r| r.id);
            assert_eq!(all, model.records.values().cloned().collect::<Vec<_>>());
            Ok(())
        })
        .expect("read");
    for id in (0u8..6).map(|i| PrivateId::from_bytes([i; 16])) {
        let expected: Vec<_> = model.audit.iter().filter(|e| e.id == id).cloned().collect();
        assert_eq!(store.audit_trail(id).expect("audit"), expected);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn stores_equal_the_model(ops in proptest::collection::vec(op(), 0..40)) {
        let mem = MemoryStore::new();
        let path = temp_db("model");
        let disk = RedbStore::open(&path).expect("open");
        let (mut m1, mut m2) = (Model::default(), Model::default());
        for o in &ops {
            apply(&mem, &mut m1, o);
            apply(&disk, &mut m2, o);
        }
        check(&mem, &m1);
        check(&disk, &m2);
        drop(disk);
        // And what the disk store holds survives reopening.
        let reopened = RedbStore::open(&path).expect("reopen");
        check(&reopened, &m2);
        let _ = std::fs::remove_file(&path);
    }

    /// The lifecycle on the memory store and on redb: every operation answers the same and
    /// leaves the same records and audit trails.
    #[test]
    fn lifecycle_is_the_same_on_every_store(ops in proptest::collection::vec(super::equivalence::op(), 1..30)) {
        let path = temp_db("equivalence");
        let mem = super::equivalence::run(MemoryStore::new(), &ops);
        let disk = super::equivalence::run(RedbStore::open(&path).expect("open"), &ops);
        prop_assert_eq!(mem, disk);
        let _ = std::fs::remove_file(&path);
    }
}

/// N threads enrolling at once — some the same certificates — never get two IDs for one
/// certificate, and no enrolment is lost. Several rounds, each on a fresh store from `store`:
/// a race is likely, not certain, in one.
pub(super) fn concurrent<S: LinkageStore + 'static>(store: impl Fn() -> S) {
    let w = world();
    let holders: Vec<_> = (0..12u64).map(|n| w.holder(5_000 + 2 * n)).collect();
    for _ in 0..8 {
        enrol_at_once(&w, &holders, Lifecycle::new(store(), [3; 32]));
    }
}

type Holder = (
    jpki_core::testkit::HolderSpec,
    VerifiedCertificate,
    VerifiedCertificate,
);

fn enrol_at_once<S: LinkageStore + 'static>(
    w: &super::tests::World,
    holders: &[Holder],
    life: Lifecycle<S>,
) {
    // Without it the first thread could be done before the last one starts: every thread
    // waits here before each enrolment, so the enrolments of one round run at the same time.
    let threads = 6;
    let barrier = std::sync::Barrier::new(threads);
    // The threads do not panic (that would leave the others waiting at the barrier for
    // ever): each round's outcome is collected and checked after the join.
    type Round = (
        SerialNumber,
        Result<PrivateId, Error>,
        Result<PrivateId, Error>,
    );
    let results: Vec<Vec<Round>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|k| {
                let life = &life;
                let barrier = &barrier;
                let at = w.at;
                scope.spawn(move || {
                    // Every thread enrols every holder and logs in; threads go in pairs, the
                    // two of a pair on the same holder in the same round (a race for one
                    // certificate), the pairs on different holders (races between them).
                    (0..holders.len())
                        .map(|i| {
                            barrier.wait();
                            let (_, s, a) = &holders[(i + (k / 2) * 5) % holders.len()];
                            let id = life.enroll(s, Some(a), at);
                            let login = life.login(a, at).map(|x| x.0);
                            (s.serial(), id, login)
                        })
                        .collect()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("thread"))
            .collect()
    });
    let mut by_serial: HashMap<SerialNumber, PrivateId> = HashMap::new();
    for (serial, id, login) in results.into_iter().flatten() {
        let id = id.expect("enroll");
        assert_eq!(
            login,
            Ok(id),
            "the login finds another ID than the enrolment gave"
        );
        assert_eq!(
            *by_serial.entry(serial).or_insert(id),
            id,
            "two IDs for one certificate"
        );
    }
    assert_eq!(by_serial.len(), holders.len());
    let distinct: std::collections::HashSet<_> = by_serial.values().collect();
    assert_eq!(
        distinct.len(),
        holders.len(),
        "two certificates share an ID"
    );
    for (_, s, _) in holders {
        let id = by_serial.get(&s.serial()).copied().expect("enrolled");
        let trail = life.audit_trail(id).expect("audit");
        assert_eq!(
            trail
                .iter()
                .filter(|e| e.kind == AuditKind::Enrolled)
                .count(),
            1
        );
        assert_eq!(
            trail
                .iter()
                .filter(|e| e.kind == AuditKind::LoggedIn)
                .count(),
            6,
            "a login was lost"
        );
    }
}

#[test]
fn concurrent_enrolment_memory() {
    concurrent(MemoryStore::new);
}

#[test]
fn concurrent_enrolment_redb() {
    let paths = std::cell::RefCell::new(Vec::new());
    concurrent(|| {
        let path = temp_db("concurrent");
        paths.borrow_mut().push(path.clone());
        RedbStore::open(&path).expect("open")
    });
    for path in paths.into_inner() {
        let _ = std::fs::remove_file(&path);
    }
}

#[test]
fn lifecycle_survives_restart() {
    let w = world();
    let path = temp_db("restart");
    let (_, s, a) = w.holder(6_000);
    let id = {
        let life = Lifecycle::new(RedbStore::open(&path).expect("open"), [4; 32]);
        life.enroll(&s, Some(&a), w.at).expect("enroll")
    };
    let life = Lifecycle::new(RedbStore::open(&path).expect("reopen"), [4; 32]);
    assert_eq!(
        life.login(&a, t("2027-01-02T00:00:00Z")),
        Ok((id, IdStatus::Active))
    );
    // Enrolled, Linked (the user-authentication certificate), LoggedIn.
    assert_eq!(life.audit_trail(id).expect("audit").len(), 3);
    let _ = std::fs::remove_file(&path);
}

/// A file of another schema version is refused, not misread: a newer one, and one from
/// before issuer-qualified keys (version 1: no version number, a `by_signing` table).
#[test]
fn redb_files_carry_their_schema_version() {
    let path = temp_db("schema");
    drop(RedbStore::open(&path).expect("create"));
    drop(RedbStore::open(&path).expect("reopen the current version"));
    let bump = |version: u64| {
        let db = redb::Database::create(&path).expect("raw open");
        let txn = db.begin_write().expect("write");
        txn.open_table(redb::TableDefinition::<&str, u64>::new("meta"))
            .expect("meta")
            .insert("schema_version", version)
            .expect("insert");
        txn.commit().expect("commit");
    };
    bump(3);
    assert_eq!(
        RedbStore::open(&path).err(),
        Some(Error::Store(StoreFailure::SchemaVersion {
            found: 3,
            supported: 2
        }))
    );
    let _ = std::fs::remove_file(&path);
    {
        let db = redb::Database::create(&path).expect("raw create");
        let txn = db.begin_write().expect("write");
        txn.open_table(redb::TableDefinition::<&[u8], &[u8]>::new("by_signing"))
            .expect("v1 table")
            .insert(&[1u8][..], &[0u8; 16][..])
            .expect("insert");
        txn.commit().expect("commit");
    }
    assert_eq!(
        RedbStore::open(&path).err(),
        Some(Error::Store(StoreFailure::SchemaVersion {
            found: 1,
            supported: 2
        }))
    );
    let _ = std::fs::remove_file(&path);
}

const CRASH_ENV: &str = "JPKI_CORE_CRASH_CHILD_DB";
const BATCH: u8 = 50;

/// The child side of a crash test: commits batch after batch (each one transaction of `BATCH`
/// records), announcing each commit on stdout, until it is killed.
pub(super) fn commit_batches_until_killed<S: LinkageStore>(store: &S) {
    for batch in 0u64.. {
        store
            .transaction(|tx| {
                for i in 0..BATCH {
                    let n = batch * 1_000 + u64::from(i) + 1;
                    let mut id = [0u8; 16];
                    id[..8].copy_from_slice(&batch.to_be_bytes());
                    id[15] = i;
                    let r = LinkRecord {
                        id: PrivateId::from_bytes(id),
                        ..record(0, &[cert_key(1, n), cert_key(2, n + 500)])
                    };
                    tx.put(&r)?;
                    tx.audit(&event(0, Some(cert_key(1, n))))?;
                }
                Ok(())
            })
            .expect("commit");
        println!("committed {batch}");
        use std::io::Write;
        let _ = std::io::stdout().flush();
    }
}

/// The child side of the redb crash test. Ignored: it is no test by itself (it never returns);
/// `crash_in_the_middle_of_a_batch` runs it explicitly.
#[test]
#[ignore = "the child process of crash_in_the_middle_of_a_batch, which runs it"]
fn crash_child() {
    let path = std::env::var(CRASH_ENV).expect("run by crash_in_the_middle_of_a_batch");
    commit_batches_until_killed(&RedbStore::open(&path).expect("open"));
}

/// Runs `child` (this test binary running one ignored test, with its environment set), lets it
/// commit a few batches, kills it with SIGKILL at a random moment, and returns the last batch
/// it announced (`u64::MAX`: none).
#[cfg(unix)]
pub(super) fn kill_mid_batch(mut command: std::process::Command, round: usize) -> u64 {
    use std::io::{BufRead, BufReader};
    use std::os::unix::process::ExitStatusExt;
    use std::sync::atomic::AtomicU64;
    let mut child = command
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn child");
    let stdout = child.stdout.take().expect("stdout");
    // The reader keeps the pipe open until the child is dead (a closed pipe would let the
    // child die of EPIPE between two transactions instead), and reads every announcement
    // written before the kill. u64::MAX: none yet.
    let announced = std::sync::Arc::new(AtomicU64::new(u64::MAX));
    let reader = {
        let announced = announced.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let line = line.expect("line");
                if let Some(n) = line.strip_prefix("committed ") {
                    let n = n.trim().parse::<u64>().expect("batch number");
                    announced.store(n, Ordering::SeqCst);
                }
            }
        })
    };
    // A few commits first, then a random delay: the kill lands anywhere in a batch.
    let started = std::time::Instant::now();
    while announced.load(Ordering::SeqCst).wrapping_add(1) < 3 {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "the child committed nothing"
        );
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    std::thread::sleep(std::time::Duration::from_micros(rand::random_range(
        0..20_000,
    )));
    child.kill().expect("kill");
    let status = child.wait().expect("wait");
    assert_eq!(
        status.signal(),
        Some(9),
        "round {round}: the child did not die of the SIGKILL: {status}"
    );
    reader.join().expect("reader");
    announced.load(Ordering::SeqCst)
}

/// After a crash: every batch announced is whole, any other batch whole or absent, records and
/// audit events alike.
pub(super) fn check_batches<S: LinkageStore>(store: &S, announced: u64, round: usize) {
    let records = || {
        let mut per_batch: BTreeMap<u64, u8> = BTreeMap::new();
        store
            .transaction(|tx| {
                per_batch.clear();
                tx.for_each_record(&mut |r| {
                    let b = r.id.to_bytes();
                    let batch = u64::from_be_bytes(b[..8].try_into().unwrap_or_default());
                    *per_batch.entry(batch).or_default() += 1;
                })
            })
            .expect("read");
        per_batch
    };
    let events = || {
        store
            .audit_trail(PrivateId::from_bytes([0; 16]))
            .expect("audit")
            .len()
    };
    // A server may still commit the killed client's last COMMIT (it was sent before the kill)
    // a moment after the child is gone. Records and events are read in two calls, so they are
    // compared only from a moment when the records did not change around the events' read:
    // that transaction is atomic, and a commit between the reads shows as a change.
    let (per_batch, event_count) = (0..100)
        .find_map(|_| {
            let before = records();
            let n = events();
            let after = records();
            if before == after {
                Some((after, n))
            } else {
                std::thread::sleep(std::time::Duration::from_millis(50));
                None
            }
        })
        .expect("the store settles after the crash");
    for batch in 0..=announced {
        if announced == u64::MAX {
            break;
        }
        assert_eq!(
            per_batch.get(&batch),
            Some(&BATCH),
            "round {round}: announced batch {batch} incomplete"
        );
    }
    for (batch, n) in &per_batch {
        assert_eq!(
            *n, BATCH,
            "round {round}: batch {batch} is partial: {n} of {BATCH}"
        );
    }
    // The audit events were written by the same transactions.
    assert_eq!(
        event_count,
        per_batch.len() * usize::from(BATCH),
        "round {round}: audit events and records disagree"
    );
}

/// Kills a child with SIGKILL in the middle of its work, several times at random delays (so
/// that one kill inside a commit is near certain); after reopening, every batch it announced
/// is whole and any other batch is whole or absent.
#[cfg(unix)]
#[test]
fn crash_in_the_middle_of_a_batch() {
    for round in 0..6 {
        let path = temp_db("crash");
        let mut command = std::process::Command::new(std::env::current_exe().expect("test binary"));
        command
            .args([
                "--ignored",
                "--exact",
                "store_tests::crash_child",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CRASH_ENV, &path);
        let announced = kill_mid_batch(command, round);
        let store = RedbStore::open(&path).expect("reopen after the crash");
        check_batches(&store, announced, round);
        drop(store);
        let _ = std::fs::remove_file(&path);
    }
}

/// Large enough for the memory store's parallel scan: the sweep finds exactly the revoked ones.
#[test]
fn parallel_sweep_finds_every_revoked_record() {
    use jpki_core::testkit::CrlSpec;
    let w = world();
    let store = MemoryStore::new();
    let n = 120_000u64;
    let signing_key = |w: &super::tests::World, n: u64| {
        CertificateKey::new(IssuerKey::of(&w.ca.signing_root().certificate()), serial(n))
    };
    store
        .transaction(|tx| {
            (0..n).try_for_each(|i| {
                let mut id = [0u8; 16];
                id[8..].copy_from_slice(&i.to_be_bytes());
                id[0] = (i % 251) as u8;
                tx.put(&LinkRecord {
                    id: PrivateId::from_bytes(id),
                    ..record(0, &[signing_key(&w, 10_000 + i)])
                })
            })
        })
        .expect("load");
    let d = t("2027-01-01T00:00:00Z");
    let mut spec = CrlSpec::signing(d);
    spec.entries = (0..n)
        .step_by(7)
        .map(|i| (serial(10_000 + i), d.minus_seconds(60), None))
        .collect();
    let mut index = RevocationIndex::new(w.ca.signing_root().certificate()).expect("index");
    index.insert_der(&w.ca.issue_crl(&spec)).expect("insert");
    let life = Lifecycle::new(store, [5; 32]);
    let mut hit: Vec<u64> = life
        .sweep(&index, d)
        .expect("sweep")
        .iter()
        .map(|a| u64::from_be_bytes(a.private_id.to_bytes()[8..].try_into().unwrap_or_default()))
        .collect();
    hit.sort_unstable();
    assert_eq!(hit, (0..n).step_by(7).collect::<Vec<_>>());
    assert_eq!(life.sweep(&index, d).expect("again").len(), 0);
}

/// Small stores scan on one thread and must still see every record, whatever its ID (a
/// sharding bug once hid half of them).
#[test]
fn small_sweep_sees_every_id() {
    let mut revoked = HashMap::new();
    let store = MemoryStore::new();
    store
        .transaction(|tx| {
            (0u8..16).try_for_each(|i| {
                let k = cert_key(1, 100 + u64::from(i));
                revoked.insert(k, (t("2026-01-01T00:00:00Z"), None));
                tx.put(&record(i, &[k]))
            })
        })
        .expect("load");
    let life = Lifecycle::new(store, [6; 32]);
    assert_eq!(
        life.sweep(&revoked, t("2027-01-01T00:00:00Z"))
            .expect("sweep")
            .len(),
        16
    );
}

/// A version-1 file (bare serials) converted once, told its CAs: the holder logs in with the
/// same certificates, the earlier signing certificate is listed as superseded, the audit trail
/// and the supersession links name certificates by issuer and serial; a second conversion does
/// nothing.
#[test]
fn version_1_files_convert_once() {
    let w = world();
    let (spec, s, a) = w.holder(7_000);
    let old = w.moved(&spec, 7_010); // the signing certificate before the current one
    let id = PrivateId::from_bytes([5; 16]);
    let path = temp_db("v1");
    {
        let db = redb::Database::create(&path).expect("raw create");
        let txn = db.begin_write().expect("write");
        {
            fn bytes(t: &str) -> redb::TableDefinition<'_, &'static [u8], &'static [u8]> {
                redb::TableDefinition::new(t)
            }
            let id_bytes = id.to_bytes();
            txn.open_table(bytes("records"))
                .expect("records")
                .insert(
                    &id_bytes[..],
                    &codec::encode_record_v1(
                        id,
                        IdStatus::Active,
                        s.serial(),
                        Some(a.serial()),
                        &[old.serial()],
                    )[..],
                )
                .expect("record");
            let mut by_signing = txn.open_table(bytes("by_signing")).expect("by_signing");
            for serial in [s.serial(), old.serial()] {
                by_signing
                    .insert(serial.as_bytes(), &id_bytes[..])
                    .expect("index");
            }
            txn.open_table(bytes("by_auth"))
                .expect("by_auth")
                .insert(a.serial().as_bytes(), &id_bytes[..])
                .expect("index");
            txn.open_table(bytes("supersession"))
                .expect("supersession")
                .insert(old.serial().as_bytes(), s.serial().as_bytes())
                .expect("link");
            txn.open_table(redb::TableDefinition::<u64, &[u8]>::new("audit"))
                .expect("audit")
                .insert(0, &codec::encode_event_v1(id, s.serial(), a.serial())[..])
                .expect("event");
            txn.open_multimap_table(redb::MultimapTableDefinition::<&[u8], u64>::new(
                "audit_by_id",
            ))
            .expect("audit_by_id")
            .insert(&id_bytes[..], 0)
            .expect("event index");
            txn.open_table(redb::TableDefinition::<&str, u64>::new("meta"))
                .expect("meta")
                .insert("next_audit", 1)
                .expect("meta");
        }
        txn.commit().expect("commit");
    }
    assert!(matches!(
        RedbStore::open(&path),
        Err(Error::Store(StoreFailure::SchemaVersion { found: 1, .. }))
    ));
    let signing_ca = IssuerKey::of(&w.ca.signing_root().certificate());
    let auth_ca = IssuerKey::of(&w.ca.user_authentication_root().certificate());
    assert_eq!(RedbStore::convert_v1(&path, signing_ca, auth_ca), Ok(1));
    assert_eq!(RedbStore::convert_v1(&path, signing_ca, auth_ca), Ok(0));
    let life = Lifecycle::new(RedbStore::open(&path).expect("open converted"), [4; 32]);
    assert_eq!(life.login(&a, w.at), Ok((id, IdStatus::Active)));
    let statuses: Vec<_> = life
        .certificates(id)
        .expect("list")
        .into_iter()
        .map(|c| (c.key, c.kind, c.status))
        .collect();
    assert_eq!(
        statuses,
        vec![
            (
                super::tests::key(&old),
                jpki_core::CertificateKind::Signing,
                CertificateStatus::Superseded
            ),
            (
                super::tests::key(&s),
                jpki_core::CertificateKind::Signing,
                CertificateStatus::Active
            ),
            (
                super::tests::key(&a),
                jpki_core::CertificateKind::UserAuthentication,
                CertificateStatus::Active
            ),
        ]
    );
    let trail = life.audit_trail(id).expect("audit");
    assert_eq!(
        trail.first().map(|e| (e.certificate, &e.kind)),
        Some((Some(super::tests::key(&s)), &AuditKind::LoggedIn))
    );
    assert_eq!(
        life.store()
            .transaction(|tx| tx.superseded_by(&super::tests::key(&old))),
        Ok(Some(super::tests::key(&s)))
    );
    // The enrolment of the same card finds the converted ID.
    assert_eq!(life.enroll(&s, Some(&a), w.at), Ok(id));
    let _ = std::fs::remove_file(&path);
}

//! The PostgreSQL store against the same suites as the embedded stores (the transaction model,
//! the lifecycle equivalence, concurrent enrolment), plus what only a server has: several
//! processes at once, migrations raced by several openers, a client killed mid-transaction,
//! timeouts. Needs a server: `JPKI_TEST_POSTGRES_URL` (see the README's "Linkage on
//! PostgreSQL"); without it the tests print why and pass, except under CI (env `CI`), where they
//! fail. (Compiled only under `#[cfg(test)]` with the features `postgres` and `redb`.)

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};

use proptest::prelude::*;

use super::store_tests::{self, Model, cert_key, check, check_batches, kill_mid_batch};
use super::tests::{key, world};
use super::*;
use jpki_core::SerialNumber;

/// The server's address; `None` (after saying so) when there is none and CI is not set.
pub(super) fn server() -> Option<String> {
    match std::env::var("JPKI_TEST_POSTGRES_URL") {
        Ok(url) => Some(url),
        Err(_) if std::env::var_os("CI").is_some() => {
            panic!("CI is set but JPKI_TEST_POSTGRES_URL is not: the PostgreSQL tests must run")
        }
        Err(_) => {
            eprintln!(
                "skipped: no PostgreSQL server (set JPKI_TEST_POSTGRES_URL; see the README's \
                 \"Linkage on PostgreSQL\")"
            );
            None
        }
    }
}

static SCHEMAS: AtomicU32 = AtomicU32::new(0);

/// A schema name of its own for one test store.
fn schema(tag: &str) -> String {
    let n = SCHEMAS.fetch_add(1, Ordering::Relaxed);
    format!("t_{tag}_{}_{n}", std::process::id())
}

fn settings(schema: &str) -> PostgresSettings {
    PostgresSettings {
        schema: Some(schema.to_owned()),
        pool_size: 8,
        ..PostgresSettings::default()
    }
}

/// A store in a fresh schema, dropped with the value.
pub(super) struct Fresh(PostgresStore);

impl Fresh {
    pub(super) fn new(url: &str, tag: &str) -> Self {
        Self(PostgresStore::open_with(url, settings(&schema(tag))).expect("open"))
    }
}

impl Drop for Fresh {
    fn drop(&mut self) {
        let _ = self.0.drop_schema();
    }
}

impl LinkageStore for Fresh {
    fn transaction<R>(
        &self,
        f: impl FnMut(&mut dyn LinkageTxn) -> Result<R, Error>,
    ) -> Result<R, Error> {
        self.0.transaction(f)
    }

    fn audit_trail(&self, id: PrivateId) -> Result<Vec<AuditEvent>, Error> {
        self.0.audit_trail(id)
    }
}

/// A raw client on the tests' server, in `schema`.
fn raw(url: &str, schema: &str) -> postgres::Client {
    let mut c = url
        .parse::<postgres::Config>()
        .expect("url")
        .connect(postgres::NoTls)
        .expect("connect");
    c.batch_execute(&format!("SET search_path TO \"{schema}\""))
        .expect("search path");
    c
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn postgres_equals_the_model(ops in proptest::collection::vec(store_tests::op(), 0..40)) {
        let Some(url) = server() else { return Ok(()) };
        let store = Fresh::new(&url, "model");
        let mut model = Model::default();
        for o in &ops {
            store_tests::apply(&store, &mut model, o);
        }
        check(&store, &model);
    }

    /// The lifecycle on PostgreSQL answers every operation as on the memory store and leaves
    /// the same records and audit trails.
    #[test]
    fn lifecycle_is_the_same_on_postgres(ops in proptest::collection::vec(super::equivalence::op(), 1..30)) {
        let Some(url) = server() else { return Ok(()) };
        let mem = super::equivalence::run(MemoryStore::new(), &ops);
        let pg = super::equivalence::run(Fresh::new(&url, "equivalence"), &ops);
        prop_assert_eq!(mem, pg);
    }
}

#[test]
fn concurrent_enrolment_postgres() {
    let Some(url) = server() else { return };
    store_tests::concurrent(|| Fresh::new(&url, "concurrent"));
}

const PROCESS_ENV: &str = "JPKI_LINKAGE_PG_ENROL_CHILD";

/// The child side of `processes_enrolling_one_card_get_one_id`: enrols the shared holder at
/// the agreed moment and prints the ID. Ignored: the parent runs it.
#[test]
#[ignore = "the child process of processes_enrolling_one_card_get_one_id"]
fn enrol_child() {
    let spec = std::env::var(PROCESS_ENV).expect("run by the parent test");
    let (schema, start) = spec.split_once(' ').expect("schema and start");
    let url = std::env::var("JPKI_TEST_POSTGRES_URL").expect("url");
    let w = world();
    let (_, s, a) = w.holder(88_000);
    let life = Lifecycle::new(
        PostgresStore::open_with(&url, settings(schema)).expect("open"),
        [3; 32],
    );
    // Everyone starts at the same instant (milliseconds since the epoch), after the costly
    // set-up above.
    let start: u128 = start.parse().expect("start");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_millis();
    if start > now {
        std::thread::sleep(std::time::Duration::from_millis(
            u64::try_from(start - now).unwrap_or(0),
        ));
    }
    let id = life.enroll(&s, Some(&a), w.at).expect("enroll");
    // A line of its own: the test harness has already written "test … " without a newline.
    println!("\nid {id}");
}

/// Separate processes (separate pools, as separate application servers would have) enrol the
/// same card at the same instant: exactly one private ID, one enrolment in the audit trail.
#[test]
fn processes_enrolling_one_card_get_one_id() {
    let Some(url) = server() else { return };
    for round in 0..3 {
        let store = Fresh::new(&url, "processes");
        let schema = store_schema(&store);
        let start = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("clock")
            .as_millis()
            + 4_000;
        let children: Vec<_> = (0..6)
            .map(|_| {
                std::process::Command::new(std::env::current_exe().expect("test binary"))
                    .args([
                        "--ignored",
                        "--exact",
                        "postgres_tests::enrol_child",
                        "--nocapture",
                        "--test-threads=1",
                    ])
                    .env(PROCESS_ENV, format!("{schema} {start}"))
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::null())
                    .spawn()
                    .expect("spawn")
            })
            .collect();
        let ids: Vec<String> = children
            .into_iter()
            .map(|c| {
                let out = c.wait_with_output().expect("child");
                assert!(out.status.success(), "round {round}: a child failed");
                String::from_utf8_lossy(&out.stdout)
                    .lines()
                    .find_map(|l| l.strip_prefix("id ").map(str::to_owned))
                    .expect("an id")
            })
            .collect();
        assert!(
            ids.iter().all(|id| *id == ids[0]),
            "round {round}: two IDs for one card: {ids:?}"
        );
        let id = PrivateId::parse(&ids[0]).expect("id");
        let records = store
            .transaction(|tx| {
                let mut n = 0;
                tx.for_each_record(&mut |_| n += 1)?;
                Ok(n)
            })
            .expect("count");
        assert_eq!(records, 1, "round {round}");
        let enrolled = store
            .audit_trail(id)
            .expect("audit")
            .iter()
            .filter(|e| e.kind == AuditKind::Enrolled)
            .count();
        assert_eq!(enrolled, 1, "round {round}");
    }
}

fn store_schema(store: &Fresh) -> String {
    // The name given at creation; the store keeps it private, the test re-derives it.
    store.0.schema_for_tests().to_owned()
}

/// Logins on many holders while two sweeps run at once: every login is audited once, every
/// revoked certificate is found once (by one of the sweeps), nothing is lost.
#[test]
fn concurrent_sweeps_and_logins_lose_nothing() {
    let Some(url) = server() else { return };
    let w = world();
    let holders: Vec<_> = (0..10u64).map(|n| w.holder(89_000 + 2 * n)).collect();
    let life = Lifecycle::new(Fresh::new(&url, "sweeps"), [3; 32]);
    let ids: Vec<PrivateId> = holders
        .iter()
        .map(|(_, s, a)| life.enroll(s, Some(a), w.at).expect("enroll"))
        .collect();
    let revoked: HashMap<CertificateKey, (UnixTime, Option<jpki_core::CrlReason>)> = holders
        .iter()
        .step_by(2)
        .map(|(_, s, _)| (key(s), (w.at, None)))
        .collect();
    let logins_per_thread = 10;
    let found: Vec<usize> = std::thread::scope(|scope| {
        let sweeps: Vec<_> = (0..2)
            .map(|_| {
                let (life, revoked) = (&life, &revoked);
                scope.spawn(move || life.sweep(revoked, w.at).expect("sweep").len())
            })
            .collect();
        let logins: Vec<_> = holders
            .iter()
            .map(|(_, _, a)| {
                let life = &life;
                scope.spawn(move || {
                    for _ in 0..logins_per_thread {
                        life.login(a, w.at).expect("login");
                    }
                })
            })
            .collect();
        for l in logins {
            l.join().expect("logins");
        }
        sweeps
            .into_iter()
            .map(|s| s.join().expect("sweep"))
            .collect()
    });
    assert_eq!(found.iter().sum::<usize>(), revoked.len(), "{found:?}");
    for id in ids {
        let trail = life.audit_trail(id).expect("audit");
        let count = |k: fn(&AuditKind) -> bool| trail.iter().filter(|e| k(&e.kind)).count();
        assert_eq!(count(|k| *k == AuditKind::LoggedIn), logins_per_thread);
        assert!(count(|k| matches!(k, AuditKind::RevocationFound { .. })) <= 1);
    }
}

/// Eight servers opening a new database at once: the migrations run once, all open.
#[test]
fn migrations_run_once_when_opened_at_once() {
    let Some(url) = server() else { return };
    let name = schema("migrate");
    let opened: Vec<Result<(), Error>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..8)
            .map(|_| {
                let (url, name) = (&url, &name);
                scope.spawn(move || PostgresStore::open_with(url, settings(name)).map(drop))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("open"))
            .collect()
    });
    assert!(opened.iter().all(Result::is_ok), "{opened:?}");
    let mut c = raw(&url, &name);
    let versions: Vec<i32> = c
        .query("SELECT version FROM jpki_linkage_schema", &[])
        .expect("versions")
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(versions, vec![1]);
    // A database written by a newer release is refused, not misused.
    c.execute("INSERT INTO jpki_linkage_schema (version) VALUES (99)", &[])
        .expect("bump");
    assert_eq!(
        PostgresStore::open_with(&url, settings(&name)).err(),
        Some(Error::Store(StoreFailure::SchemaVersion {
            found: 99,
            supported: 1
        }))
    );
    c.batch_execute(&format!("DROP SCHEMA \"{name}\" CASCADE"))
        .expect("drop");
}

/// Deleting personal data clears the column on the server, not just in the record.
#[test]
fn deleted_personal_data_leaves_the_server() {
    let Some(url) = server() else { return };
    let w = world();
    let store = Fresh::new(&url, "delete");
    let name = store_schema(&store);
    let life = Lifecycle::new(store, [3; 32]).keep_basic_four(true);
    let (_, s, _) = w.holder(89_500);
    let id = life.enroll(&s, None, w.at).expect("enroll");
    let mut c = raw(&url, &name);
    let stored = |c: &mut postgres::Client| -> Option<Vec<u8>> {
        c.query_one(
            "SELECT identity FROM private_ids WHERE id = $1",
            &[&id.to_bytes().to_vec()],
        )
        .expect("row")
        .get(0)
    };
    assert!(stored(&mut c).is_some_and(|b| !b.is_empty()));
    life.retire(id, w.at).expect("retire");
    life.delete_personal_data(id, w.at).expect("delete");
    assert_eq!(stored(&mut c), None);
    assert_eq!(
        life.record(id).expect("read").map(|r| r.identity),
        Some(ProofedIdentity::Deleted)
    );
}

/// A statement blocked longer than the statement timeout is a typed, retryable timeout.
#[test]
fn a_blocked_statement_times_out() {
    let Some(url) = server() else { return };
    let name = schema("timeout");
    let store = PostgresStore::open_with(
        &url,
        PostgresSettings {
            statement_timeout: std::time::Duration::from_millis(300),
            ..settings(&name)
        },
    )
    .expect("open");
    let mut c = raw(&url, &name);
    let mut locker = c.transaction().expect("begin");
    locker
        .batch_execute("LOCK TABLE private_ids IN ACCESS EXCLUSIVE MODE")
        .expect("lock");
    let out = store.transaction(|tx| tx.record(PrivateId::from_bytes([1; 16])));
    assert_eq!(
        out,
        Err(Error::Store(StoreFailure::Timeout(TimeoutKind::Statement)))
    );
    assert!(out.is_err_and(|e| e.is_retryable()));
    locker.rollback().expect("rollback");
    assert_eq!(
        store.transaction(|tx| tx.record(PrivateId::from_bytes([1; 16]))),
        Ok(None)
    );
    store.drop_schema().expect("drop");
}

/// The sweep's server-side path (COPY into a temporary table) finds exactly the revoked
/// certificates among many, of the index's CA only.
#[test]
fn server_side_sweep_finds_every_revoked_certificate() {
    use jpki_core::RevocationIndex;
    use jpki_core::testkit::CrlSpec;
    let Some(url) = server() else { return };
    let w = world();
    let store = Fresh::new(&url, "sweep");
    let issuer = IssuerKey::of(&w.ca.signing_root().certificate());
    let n = 20_000u64;
    store
        .transaction(|tx| {
            (0..n).try_for_each(|i| {
                let mut id = [0u8; 16];
                id[8..].copy_from_slice(&i.to_be_bytes());
                tx.put(&LinkRecord {
                    id: PrivateId::from_bytes(id),
                    ..store_tests::record(
                        0,
                        &[
                            CertificateKey::new(
                                issuer,
                                SerialNumber::from_u64(10_000 + i).expect("serial"),
                            ),
                            // The same serial under another CA: never swept by this index.
                            cert_key(3, 10_000 + i),
                        ],
                    )
                })
            })
        })
        .expect("load");
    let d = w.at;
    let mut spec = CrlSpec::signing(d);
    spec.entries = (0..n)
        .step_by(7)
        .map(|i| {
            (
                SerialNumber::from_u64(10_000 + i).expect("serial"),
                d.minus_seconds(60),
                None,
            )
        })
        .collect();
    let mut index = RevocationIndex::new(w.ca.signing_root().certificate()).expect("index");
    index.insert_der(&w.ca.issue_crl(&spec)).expect("insert");
    let life = Lifecycle::new(store, [5; 32]);
    let mut hit: Vec<u64> = life
        .sweep(&index, d)
        .expect("sweep")
        .iter()
        .map(|a| {
            assert_eq!(a.certificate.issuer, issuer);
            u64::from_be_bytes(a.private_id.to_bytes()[8..].try_into().unwrap_or_default())
        })
        .collect();
    hit.sort_unstable();
    assert_eq!(hit, (0..n).step_by(7).collect::<Vec<_>>());
    assert_eq!(life.sweep(&index, d).expect("again").len(), 0);
}

const CRASH_ENV: &str = "JPKI_LINKAGE_PG_CRASH_CHILD";

/// The child side of `killed_client_leaves_nothing_half_written`. Ignored: the parent runs it.
#[test]
#[ignore = "the child process of killed_client_leaves_nothing_half_written"]
fn pg_crash_child() {
    let name = std::env::var(CRASH_ENV).expect("run by the parent test");
    let url = std::env::var("JPKI_TEST_POSTGRES_URL").expect("url");
    store_tests::commit_batches_until_killed(
        &PostgresStore::open_with(&url, settings(&name)).expect("open"),
    );
}

/// A client process killed with SIGKILL in the middle of its transactions: on the server every
/// batch it announced is whole, any other whole or absent.
#[cfg(unix)]
#[test]
fn killed_client_leaves_nothing_half_written() {
    let Some(url) = server() else { return };
    for round in 0..4 {
        let store = Fresh::new(&url, "crash");
        let mut command = std::process::Command::new(std::env::current_exe().expect("test binary"));
        command
            .args([
                "--ignored",
                "--exact",
                "postgres_tests::pg_crash_child",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CRASH_ENV, store_schema(&store));
        let announced = kill_mid_batch(command, round);
        check_batches(&store, announced, round);
    }
}

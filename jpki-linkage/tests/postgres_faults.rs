//! The PostgreSQL server stopped with `pg_ctl stop -m immediate` (as a crash would) in the
//! middle of a run and started again: no committed record is lost, no batch is half written,
//! and the client sees typed, retryable errors while the server is down — no panic, no hang.
//!
//! Needs the tests' throwaway cluster (`jpki-linkage/scripts/pg-cluster.sh` exports
//! `JPKI_TEST_POSTGRES_URL`, `JPKI_TEST_POSTGRES_PGCTL`, `JPKI_TEST_POSTGRES_PGDATA` and, as
//! root, `JPKI_TEST_POSTGRES_RUN_AS`). Alone in its test binary: it stops the server.
#![cfg(feature = "postgres")]

use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use jpki_core::{CertificateKind, SerialNumber, UnixTime};
use jpki_linkage::{
    CertificateKey, CertificateStatus, Error, IdStatus, IssuerKey, LinkRecord, LinkageStore,
    LinkedCertificate, PostgresSettings, PostgresStore, PrivateId, ProofedIdentity,
};

const BATCH: u64 = 20;

struct Server {
    url: String,
    pg_ctl: String,
    data: String,
    run_as: Option<String>,
}

fn server() -> Option<Server> {
    let var = |n: &str| std::env::var(n).ok();
    match (
        var("JPKI_TEST_POSTGRES_URL"),
        var("JPKI_TEST_POSTGRES_PGCTL"),
        var("JPKI_TEST_POSTGRES_PGDATA"),
    ) {
        (Some(url), Some(pg_ctl), Some(data)) => Some(Server {
            url,
            pg_ctl,
            data,
            run_as: var("JPKI_TEST_POSTGRES_RUN_AS"),
        }),
        _ if std::env::var_os("CI").is_some() => panic!(
            "CI is set but the PostgreSQL test cluster is not (JPKI_TEST_POSTGRES_URL, _PGCTL, _PGDATA)"
        ),
        _ => {
            eprintln!(
                "skipped: no throwaway PostgreSQL cluster (jpki-linkage/scripts/pg-cluster.sh)"
            );
            None
        }
    }
}

impl Server {
    /// Runs pg_ctl with every inherited descriptor above stderr closed first: the server it
    /// starts is a daemon that would otherwise keep them (a build lock held by the test
    /// runner's parent, cargo's jobserver pipe) open for as long as it runs.
    fn pg_ctl(&self, args: &[&str]) {
        let log = format!("{}/../restart.log", self.data);
        let mut c = Command::new("bash");
        c.args([
            "-c",
            r#"for fd in $(ls /proc/$$/fd); do [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done; exec "$@""#,
            "bash",
        ]);
        if let Some(user) = &self.run_as {
            c.args(["runuser", "-u", user, "--"]);
        }
        let status = c
            .arg(&self.pg_ctl)
            .args(["-D", &self.data, "-l", &log])
            .args(args)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .status()
            .expect("pg_ctl");
        assert!(status.success(), "pg_ctl {args:?}: {status}");
    }
}

fn record(batch: u64, i: u64) -> LinkRecord {
    let mut id = [0u8; 16];
    id[..8].copy_from_slice(&batch.to_be_bytes());
    id[8..].copy_from_slice(&i.to_be_bytes());
    let serial = SerialNumber::from_u64(1 + batch * 1_000 + i).expect("serial");
    LinkRecord {
        id: PrivateId::from_bytes(id),
        status: IdStatus::Active,
        certificates: vec![LinkedCertificate {
            key: CertificateKey::new(IssuerKey::from_bytes([7; 32]), serial),
            kind: CertificateKind::Signing,
            status: CertificateStatus::Active,
            linked_at: UnixTime::from_unix_seconds(1_800_000_000),
        }],
        identity: ProofedIdentity::Digest([1; 32]),
        updated_at: UnixTime::from_unix_seconds(1_800_000_000),
    }
}

fn wait_for(what: &str, limit: Duration, done: impl Fn() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < limit, "waited {limit:?} for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn immediate_stop_and_restart_lose_nothing_committed() {
    let Some(server) = server() else { return };
    let settings = PostgresSettings {
        schema: Some(format!("faults_{}", std::process::id())),
        connect_timeout: Duration::from_secs(2),
        pool_timeout: Duration::from_secs(5),
        statement_timeout: Duration::from_secs(5),
        pool_size: 2,
        ..PostgresSettings::default()
    };
    let store = PostgresStore::open_with(&server.url, settings.clone()).expect("open");
    let committed = Arc::new(Mutex::new(Vec::<u64>::new()));
    let errors = Arc::new(Mutex::new(Vec::<Error>::new()));
    let (stop, commits) = (
        Arc::new(AtomicBool::new(false)),
        Arc::new(AtomicU64::new(0)),
    );
    let writer = {
        let (store, committed, errors, stop, commits) = (
            store.clone(),
            committed.clone(),
            errors.clone(),
            stop.clone(),
            commits.clone(),
        );
        std::thread::spawn(move || {
            let mut batch = 0;
            while !stop.load(Ordering::SeqCst) {
                let out =
                    store.transaction(|tx| (0..BATCH).try_for_each(|i| tx.put(&record(batch, i))));
                match out {
                    Ok(()) => {
                        committed.lock().expect("lock").push(batch);
                        commits.fetch_add(1, Ordering::SeqCst);
                        batch += 1;
                    }
                    // The same batch again: its outcome may be unknown (the commit's answer
                    // lost), and writing it twice is harmless.
                    Err(e) => {
                        errors.lock().expect("lock").push(e);
                        std::thread::sleep(Duration::from_millis(50));
                    }
                }
            }
        })
    };
    wait_for("the first commits", Duration::from_secs(30), || {
        commits.load(Ordering::SeqCst) >= 5
    });
    server.pg_ctl(&["-m", "immediate", "stop"]);
    wait_for(
        "a typed error while the server is down (a hang?)",
        Duration::from_secs(30),
        || !errors.lock().expect("lock").is_empty(),
    );
    server.pg_ctl(&["-w", "start"]);
    let before = commits.load(Ordering::SeqCst);
    wait_for("commits after the restart", Duration::from_secs(60), || {
        commits.load(Ordering::SeqCst) >= before + 5
    });
    stop.store(true, Ordering::SeqCst);
    writer.join().expect("the writer panicked");
    let errors = errors.lock().expect("lock").clone();
    assert!(
        errors.iter().all(Error::is_retryable),
        "an error that is not typed as retryable: {errors:?}"
    );
    // Every batch the client saw committed is there, whole; no batch is partial.
    let reopened = PostgresStore::open_with(&server.url, settings).expect("reopen");
    let mut per_batch = std::collections::BTreeMap::<u64, u64>::new();
    reopened
        .transaction(|tx| {
            per_batch.clear();
            tx.for_each_record(&mut |r| {
                let b = u64::from_be_bytes(r.id.to_bytes()[..8].try_into().unwrap_or_default());
                *per_batch.entry(b).or_default() += 1;
            })
        })
        .expect("read");
    for b in committed.lock().expect("lock").iter() {
        assert_eq!(
            per_batch.get(b),
            Some(&BATCH),
            "committed batch {b} lost or partial"
        );
    }
    assert!(per_batch.values().all(|n| *n == BATCH), "{per_batch:?}");
    reopened.drop_schema().expect("drop");
}

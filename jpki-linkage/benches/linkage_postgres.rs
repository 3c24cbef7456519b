//! The linkage stores side by side in one run, redb and PostgreSQL: the revocation sweep of 1M
//! linked IDs against a 1M-entry CRL index (nothing newly revoked, then one in ten revoked),
//! and enrolment throughput with 1, 4 and 16 concurrent clients.
//!
//! ```text
//! source jpki-linkage/scripts/pg-cluster.sh && pg_cluster_start
//! cargo bench -p jpki-linkage --features postgres --bench linkage_postgres
//! JPKI_BENCH_LINKED=200000 cargo bench …   # fewer linked IDs (default 1,000,000)
//! ```
//!
//! Wall-clock timings of single runs (a sweep of a million is seconds, not microseconds), each
//! printed with what it measured; figures in BENCHMARKS.md.

use std::time::{Duration, Instant};

use jpki_core::testkit::{CrlSpec, HolderSpec, TestCa};
use jpki_core::{
    CertificateKind, CrlReason, RevocationIndex, SerialNumber, UnixTime, Usage,
    VerifiedCertificate, Verifier,
};
use jpki_linkage::{
    CertificateKey, CertificateStatus, IdStatus, IssuerKey, Lifecycle, LinkRecord, LinkageStore,
    LinkedCertificate, PostgresSettings, PostgresStore, PrivateId, ProofedIdentity, RedbStore,
};

const REVOKED: u64 = 1_000_000;
const HOLDERS: u64 = 480;

fn serial(n: u64) -> SerialNumber {
    SerialNumber::from_u64(20_150_000_000_000 + n).expect("serial")
}

fn record(issuer: IssuerKey, n: u64) -> LinkRecord {
    let mut id = [0u8; 16];
    id[8..].copy_from_slice(&n.to_be_bytes());
    LinkRecord {
        id: PrivateId::from_bytes(id),
        status: IdStatus::Active,
        certificates: vec![LinkedCertificate {
            key: CertificateKey::new(issuer, serial(n)),
            kind: CertificateKind::Signing,
            status: CertificateStatus::Active,
            linked_at: UnixTime::from_unix_seconds(0),
        }],
        identity: ProofedIdentity::Digest([0; 32]),
        updated_at: UnixTime::from_unix_seconds(0),
    }
}

/// Loads `n` records in transactions of 100,000.
fn load<S: LinkageStore>(store: &S, issuer: IssuerKey, n: u64) -> Duration {
    let started = Instant::now();
    let mut start = 0;
    while start < n {
        let end = (start + 100_000).min(n);
        store
            .transaction(|tx| (start..end).try_for_each(|i| tx.put(&record(issuer, i))))
            .expect("load");
        start = end;
    }
    started.elapsed()
}

/// Enrols `holders` split between `clients` threads; enrolments per second.
fn enrol<S: LinkageStore>(
    life: &Lifecycle<S>,
    holders: &[VerifiedCertificate],
    at: UnixTime,
    clients: usize,
) -> f64 {
    let started = Instant::now();
    std::thread::scope(|s| {
        for share in holders.chunks(holders.len().div_ceil(clients)) {
            s.spawn(move || {
                for h in share {
                    life.enroll(h, None, at).expect("enroll");
                }
            });
        }
    });
    holders.len() as f64 / started.elapsed().as_secs_f64()
}

/// What every store is measured with.
struct Setup {
    issuer: IssuerKey,
    linked: u64,
    index: RevocationIndex,
    /// Three groups of holders, for 1, 4 and 16 clients.
    holders: Vec<Vec<VerifiedCertificate>>,
    before: UnixTime,
    this: UnixTime,
}

fn measure<S: LinkageStore>(name: &str, life: &Lifecycle<S>, setup: &Setup) {
    let Setup {
        issuer,
        linked,
        index,
        holders,
        before,
        this,
    } = setup;
    let (issuer, linked, before, this) = (*issuer, *linked, *before, *this);
    let took = load(life.store(), issuer, linked);
    println!("{name}: bulk load of {linked} linked IDs (100k per transaction): {took:.2?}");
    let started = Instant::now();
    let hits = life.sweep(index, before).expect("sweep").len();
    println!(
        "{name}: sweep of {linked} linked IDs against the {REVOKED}-entry index, {hits} newly revoked: {:.2?}",
        started.elapsed()
    );
    let started = Instant::now();
    let hits = life.sweep(index, this).expect("sweep").len();
    println!(
        "{name}: first real sweep of {linked} linked IDs, marking {hits} IDs and auditing each: {:.2?}",
        started.elapsed()
    );
    for (clients, group) in [1, 4, 16].into_iter().zip(holders) {
        let rate = enrol(life, group, this, clients);
        println!(
            "{name}: enrolment, {clients} concurrent client(s), {} IDs present: {rate:.0}/s",
            linked
        );
    }
}

fn main() {
    let Ok(url) = std::env::var("JPKI_TEST_POSTGRES_URL") else {
        eprintln!(
            "linkage_postgres: set JPKI_TEST_POSTGRES_URL (jpki-linkage/scripts/pg-cluster.sh)"
        );
        return;
    };
    // `cargo bench` passes `--bench`; nothing to parse.
    let linked: u64 = std::env::var("JPKI_BENCH_LINKED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let ca = TestCa::new(1);
    let this = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z").expect("time");
    let before = this.minus_seconds(7_200);
    let mut spec = CrlSpec::signing(this);
    // One linked certificate in ten is revoked; the other 900k entries are not linked here.
    spec.entries = (0..REVOKED)
        .map(|i| {
            (
                serial(i * 10),
                this.minus_seconds(3_600),
                Some(CrlReason::AffiliationChanged),
            )
        })
        .collect();
    let mut index = RevocationIndex::new(ca.signing_root().certificate()).expect("index");
    index.insert_der(&ca.issue_crl(&spec)).expect("insert");
    let issuer = IssuerKey::of(&ca.signing_root().certificate());
    let verifier = Verifier::new([ca.signing_root().certificate()]).expect("verifier");
    let holders: Vec<VerifiedCertificate> = (0..HOLDERS)
        .map(|i| {
            let c = ca.issue_signing(
                &HolderSpec::example().with_serials(90_000_000 + 2 * i, 90_000_001 + 2 * i),
            );
            verifier
                .verify(&c.certificate(), Usage::Signing, this)
                .expect("verify")
        })
        .collect();
    // Each run enrols a third of the holders (new IDs each time).
    let thirds: Vec<Vec<VerifiedCertificate>> = holders
        .chunks(holders.len() / 3)
        .map(<[_]>::to_vec)
        .collect();

    let path = std::env::temp_dir().join(format!("jpki-linkage-bench-{}.redb", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let redb = Lifecycle::new(RedbStore::open(&path).expect("open"), [1; 32]);
    let setup = Setup {
        issuer,
        linked,
        index,
        holders: thirds,
        before,
        this,
    };
    measure("redb", &redb, &setup);
    drop(redb);
    let _ = std::fs::remove_file(&path);

    let settings = PostgresSettings {
        schema: Some(format!("bench_{}", std::process::id())),
        pool_size: 16,
        statement_timeout: Duration::from_secs(600),
        ..PostgresSettings::default()
    };
    let store = PostgresStore::open_with(&url, settings).expect("open");
    let pg = Lifecycle::new(store.clone(), [1; 32]);
    measure("postgres", &pg, &setup);
    store.drop_schema().expect("drop");
}

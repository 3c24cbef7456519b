//! Linkage at scale: the revocation sweep over 10M linked records against a 1M-entry index (in
//! memory), and the persistent store's enrolment throughput and sweep at 1M records.
//!
//! `cargo bench --bench linkage`

use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use jpki_core::testkit::{CrlSpec, HolderSpec, TestCa};
use jpki_core::{
    CertificateKind, CrlReason, RevocationIndex, SerialNumber, UnixTime, Usage, Verifier,
};
use jpki_linkage::{
    CertificateKey, CertificateStatus, IdStatus, IssuerKey, Lifecycle, LinkRecord, LinkageStore,
    LinkedCertificate, MemoryStore, PrivateId, ProofedIdentity, RedbStore,
};

const RECORDS: u64 = 10_000_000;
const REVOKED: u64 = 1_000_000;
const DISK_RECORDS: u64 = 1_000_000;

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
fn load<S: LinkageStore>(store: &S, issuer: IssuerKey, n: u64) {
    let mut start = 0;
    while start < n {
        let end = (start + 100_000).min(n);
        store
            .transaction(|tx| (start..end).try_for_each(|i| tx.put(&record(issuer, i))))
            .expect("load");
        start = end;
    }
}

fn linkage(c: &mut Criterion) {
    let ca = TestCa::new(1);
    let this = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z").expect("time");
    let mut spec = CrlSpec::signing(this);
    // Every tenth linked certificate is revoked.
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
    let before = this.minus_seconds(7_200);
    let issuer = IssuerKey::of(&ca.signing_root().certificate());

    let started = Instant::now();
    let mem = Lifecycle::new(MemoryStore::new(), [1; 32]);
    load(mem.store(), issuer, RECORDS);
    eprintln!(
        "linkage: {RECORDS} records loaded in memory in {:?}",
        started.elapsed()
    );

    let mut g = c.benchmark_group("linkage");
    g.sample_size(10);
    g.bench_function(
        "sweep scan: 10M records against a 1M-entry index, nothing revoked yet",
        |b| b.iter(|| mem.sweep(black_box(&index), before).expect("sweep").len()),
    );
    g.finish();
    let started = Instant::now();
    let hits = mem.sweep(&index, this).expect("sweep").len();
    eprintln!(
        "linkage: first real sweep of {RECORDS} records marked {hits} IDs in {:?}",
        started.elapsed()
    );
    drop(mem);

    // The persistent store.
    let path = std::env::temp_dir().join(format!("jpki-core-bench-{}.redb", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let disk = Lifecycle::new(RedbStore::open(&path).expect("open"), [1; 32]);
    let started = Instant::now();
    load(disk.store(), issuer, DISK_RECORDS);
    eprintln!(
        "linkage: {DISK_RECORDS} records bulk-loaded into redb (100k per transaction) in {:?}",
        started.elapsed()
    );
    let verifier = Verifier::new([ca.signing_root().certificate()]).expect("verifier");
    let holders: Vec<_> = (0..200u64)
        .map(|i| {
            let pair = ca.issue_signing(
                &HolderSpec::example().with_serials(90_000_000 + 2 * i, 90_000_001 + 2 * i),
            );
            verifier
                .verify(&pair.certificate(), Usage::Signing, this)
                .expect("verify")
        })
        .collect();
    let started = Instant::now();
    for h in &holders {
        disk.enroll(h, None, this).expect("enroll");
    }
    let per = started.elapsed() / holders.len() as u32;
    eprintln!(
        "linkage: redb enrolment, one durable transaction each: {per:?} per enrolment ({:.0}/s) with {DISK_RECORDS} records present",
        1.0 / per.as_secs_f64()
    );
    let mut g = c.benchmark_group("linkage");
    g.sample_size(10);
    g.bench_function(
        "redb sweep scan: 1M records against a 1M-entry index, nothing revoked yet",
        |b| b.iter(|| disk.sweep(black_box(&index), before).expect("sweep").len()),
    );
    g.finish();
    let started = Instant::now();
    let hits = disk.sweep(&index, this).expect("sweep").len();
    eprintln!(
        "linkage: first real redb sweep of {DISK_RECORDS} records marked {hits} IDs in {:?}",
        started.elapsed()
    );
    drop(disk);
    let _ = std::fs::remove_file(&path);
}

criterion_group!(benches, linkage);
criterion_main!(benches);

//! Revocation at national scale: loading a 1M-entry CRL (parse + signature + index), looking a
//! serial up, and a full verification with the index — beside OpenSSL 3 and rustls-webpki on
//! the same CRL, in the same run. Resident bytes per entry are printed once per implementation.
//!
//! `cargo bench --bench revocation` (set `JPKI_BENCH_10M=1` to also load ten 1M-entry
//! partitions into one index and report the time and memory).

use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use jpki_core::testkit::{CrlSpec, HolderSpec, TestCa};
use jpki_core::{Certificate, CrlReason, RevocationIndex, SerialNumber, UnixTime, Usage, Verifier};

const ENTRIES: u64 = 1_000_000;

/// Resident set size of this process, in bytes (Linux).
fn rss() -> usize {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| {
            s.split_whitespace()
                .nth(1)
                .and_then(|p| p.parse::<usize>().ok())
        })
        .map_or(0, |pages| pages * 4096)
}

struct Fixture {
    ca: TestCa,
    crl: Vec<u8>,
    leaf: Vec<u8>,
    at: UnixTime,
}

fn fixture() -> Fixture {
    let ca = TestCa::new(1);
    let at = UnixTime::parse_rfc3339("2027-01-01T12:00:00Z").expect("time");
    let this = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z").expect("time");
    let mut spec = CrlSpec::signing(this);
    // JPKI-like serials (decimal, 14 digits), spread; reasons as JPKI uses them.
    spec.entries = (0..ENTRIES)
        .map(|i| {
            let serial = SerialNumber::from_u64(20_150_000_000_000 + i * 7919).expect("serial");
            let reason = [
                CrlReason::AffiliationChanged,
                CrlReason::Superseded,
                CrlReason::KeyCompromise,
            ][(i % 3) as usize];
            (serial, this.minus_seconds(i % 300_000_000), Some(reason))
        })
        .collect();
    let started = Instant::now();
    let crl = ca.issue_crl(&spec);
    eprintln!(
        "fixture: {} entries, {} bytes, generated in {:?}",
        ENTRIES,
        crl.len(),
        started.elapsed()
    );
    let leaf = ca.issue_signing(&HolderSpec::example()).der;
    Fixture { ca, crl, leaf, at }
}

/// Measures resident bytes per entry in a fresh child process (this binary again, with
/// `JPKI_MEM_PROBE` set), so that memory freed by the fixture cannot hide the growth.
fn report_memory(f: &Fixture) {
    let path = std::env::temp_dir().join(format!("jpki-core-bench-{}.crl", std::process::id()));
    let root = std::env::temp_dir().join(format!("jpki-core-bench-{}.root", std::process::id()));
    if std::fs::write(&path, &f.crl).is_err()
        || std::fs::write(&root, &f.ca.signing_root().der).is_err()
    {
        return;
    }
    for which in [
        "jpki-core index",
        "OpenSSL X509_CRL",
        "rustls-webpki owned CRL",
    ] {
        let Ok(exe) = std::env::current_exe() else {
            return;
        };
        let out = std::process::Command::new(exe)
            .arg("--bench")
            .env("JPKI_MEM_PROBE", which)
            .env("JPKI_MEM_CRL", &path)
            .env("JPKI_MEM_ROOT", &root)
            .output();
        if let Ok(o) = out {
            eprint!("{}", String::from_utf8_lossy(&o.stderr));
        }
    }
    let _ = std::fs::remove_file(&path);
    let _ = std::fs::remove_file(&root);
}

/// The child side of [`report_memory`].
fn memory_probe(which: &str) -> ! {
    let crl = std::fs::read(std::env::var("JPKI_MEM_CRL").unwrap_or_default()).expect("CRL file");
    let root =
        std::fs::read(std::env::var("JPKI_MEM_ROOT").unwrap_or_default()).expect("root file");
    let before = rss();
    let keep: Box<dyn std::any::Any> = match which {
        "jpki-core index" => {
            let mut index =
                RevocationIndex::new(Certificate::from_der(&root).expect("root")).expect("index");
            index.insert_der(&crl).expect("insert");
            Box::new(index)
        }
        "OpenSSL X509_CRL" => Box::new(openssl::x509::X509Crl::from_der(&crl).expect("parse")),
        _ => Box::new(webpki::OwnedCertRevocationList::from_der(&crl).expect("parse")),
    };
    let after = rss();
    eprintln!(
        "memory: {which}: {:.1} B/entry resident",
        after.saturating_sub(before) as f64 / ENTRIES as f64
    );
    drop(keep);
    std::process::exit(0)
}

/// One-shot: ten municipality partitions of 1M entries each in one index (10M entries).
fn report_ten_million(f: &Fixture) {
    let this = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z").expect("time");
    let mut index = RevocationIndex::new(f.ca.signing_root().certificate()).expect("index");
    let mut build = std::time::Duration::ZERO;
    for p in 0..10u64 {
        let mut spec = CrlSpec::signing(this).partition("Prefecture", &format!("Municipality-{p}"));
        spec.entries = (0..ENTRIES)
            .map(|i| {
                (
                    SerialNumber::from_u64(30_000_000_000_000 + p * 100_000_000 + i * 13)
                        .expect("serial"),
                    this.minus_seconds(i),
                    Some(CrlReason::Superseded),
                )
            })
            .collect();
        let der = f.ca.issue_crl(&spec);
        let started = Instant::now();
        index.insert_der(&der).expect("insert");
        build += started.elapsed();
    }
    eprintln!(
        "scale: {} entries in {} partitions, built in {:?} in total, {:.1} B/entry in arrays",
        index.len(),
        index.partition_count(),
        build,
        index.entry_bytes() as f64 / index.len() as f64
    );
}

fn revocation(c: &mut Criterion) {
    if let Ok(which) = std::env::var("JPKI_MEM_PROBE") {
        memory_probe(&which);
    }
    let f = fixture();
    report_memory(&f);
    if std::env::var("JPKI_BENCH_10M").is_ok() {
        report_ten_million(&f);
    }
    let root = f.ca.signing_root().certificate();
    let root_ossl = openssl::x509::X509::from_der(&f.ca.signing_root().der).expect("root");
    let root_key = root_ossl.public_key().expect("key");

    let mut g = c.benchmark_group("revocation");
    g.sample_size(10);
    g.bench_function("crl_build_1m: jpki-core parse + verify + index", |b| {
        b.iter(|| {
            let mut index = RevocationIndex::new(root.clone()).expect("index");
            index.insert_der(black_box(&f.crl)).expect("insert");
            index
        })
    });
    g.bench_function(
        "crl_build_1m reference: OpenSSL d2i_X509_CRL + X509_CRL_verify",
        |b| {
            b.iter(|| {
                let crl = openssl::x509::X509Crl::from_der(black_box(&f.crl)).expect("parse");
                assert!(crl.verify(&root_key).expect("verify"));
                crl
            })
        },
    );
    g.bench_function(
        "crl_build_1m reference: rustls-webpki OwnedCertRevocationList (parse only)",
        |b| b.iter(|| webpki::OwnedCertRevocationList::from_der(black_box(&f.crl)).expect("parse")),
    );
    g.finish();

    let mut index = RevocationIndex::new(root.clone()).expect("index");
    index.insert_der(&f.crl).expect("insert");
    let leaf = Certificate::from_der(&f.leaf).expect("leaf");
    let probe = SerialNumber::from_u64(20_150_000_000_000 + 777_777 * 7919).expect("serial");
    let mut t = f.ca.signing_template(&HolderSpec::example());
    t.serial = probe.to_der_integer_content();
    let revoked_leaf = Certificate::from_der(&f.ca.sign_template(&t)).expect("leaf");
    let ossl_crl = openssl::x509::X509Crl::from_der(&f.crl).expect("parse");
    let ossl_revoked = openssl::x509::X509::from_der(revoked_leaf.der()).expect("leaf");
    let webpki_crl = webpki::CertRevocationList::from(
        webpki::OwnedCertRevocationList::from_der(&f.crl).expect("parse"),
    );
    let probe_bytes = probe.to_der_integer_content();

    let mut g = c.benchmark_group("revocation");
    g.bench_function("crl_lookup: jpki-core index, 1M entries (revoked)", |b| {
        b.iter(|| index.status(black_box(&revoked_leaf), f.at))
    });
    g.bench_function("crl_lookup: jpki-core index, 1M entries (good)", |b| {
        b.iter(|| index.status(black_box(&leaf), f.at))
    });
    g.bench_function("crl_lookup reference: OpenSSL X509_CRL_get0_by_cert", |b| {
        b.iter(|| {
            matches!(
                ossl_crl.get_by_cert(black_box(&ossl_revoked)),
                openssl::x509::CrlStatus::Revoked(_)
            )
        })
    });
    g.bench_function("crl_lookup reference: rustls-webpki find_serial", |b| {
        b.iter(|| {
            webpki_crl
                .find_serial(black_box(&probe_bytes))
                .ok()
                .flatten()
                .is_some()
        })
    });

    g.bench_function(
        "what verification adds: RevocationSource::status on the 1M index",
        |b| {
            use jpki_core::RevocationSource;
            b.iter(|| RevocationSource::status(&index, black_box(&leaf), &root, f.at))
        },
    );
    let plain = Verifier::new([root.clone()]).expect("verifier");
    let with_index = plain.clone().with_revocation(index.clone());
    g.bench_function("verify leaf without revocation", |b| {
        b.iter(|| plain.verify(black_box(&leaf), Usage::Signing, f.at).is_ok())
    });
    g.bench_function("verify leaf with the 1M-entry index", |b| {
        b.iter(|| {
            with_index
                .verify(black_box(&leaf), Usage::Signing, f.at)
                .is_ok()
        })
    });
    g.finish();
}

fn ocsp(c: &mut Criterion) {
    if std::env::var("JPKI_MEM_PROBE").is_ok() {
        return;
    }
    use jpki_core::testkit::OcspSpec;
    let ca = TestCa::new(1);
    let leaf = ca.issue_signing(&HolderSpec::example());
    let at = UnixTime::parse_rfc3339("2027-01-01T12:00:00Z").expect("time");
    let this = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z").expect("time");
    let der = ca.issue_ocsp_response(&OcspSpec::good(leaf.serial, this));
    let cert = leaf.certificate();
    let issuer = ca.signing_root().certificate();
    let mut g = c.benchmark_group("revocation");
    g.bench_function(
        "ocsp_verify: jpki-core parse + verify + status (RSA-2048 CA-signed)",
        |b| {
            b.iter(|| {
                jpki_core::OcspResponse::from_der(black_box(&der))
                    .and_then(|r| r.status(&cert, &issuer, at))
                    .is_ok()
            })
        },
    );
    let root = openssl::x509::X509::from_der(&ca.signing_root().der).expect("root");
    let ossl_leaf = openssl::x509::X509::from_der(&leaf.der).expect("leaf");
    let mut store = openssl::x509::store::X509StoreBuilder::new().expect("store");
    store.add_cert(root.clone()).expect("add");
    let store = store.build();
    // OCSP_basic_verify looks for the signer among `certs` (the response carries none here).
    let mut chain = openssl::stack::Stack::<openssl::x509::X509>::new().expect("stack");
    chain.push(root.clone()).expect("push");
    g.bench_function(
        "ocsp_verify reference: OpenSSL OCSP_basic_verify + find_status",
        |b| {
            b.iter(|| {
                let resp = openssl::ocsp::OcspResponse::from_der(black_box(&der)).expect("parse");
                let basic = resp.basic().expect("basic");
                basic
                    .verify(&chain, &store, openssl::ocsp::OcspFlag::empty())
                    .expect("verify");
                let id = openssl::ocsp::OcspCertId::from_cert(
                    openssl::hash::MessageDigest::sha1(),
                    &ossl_leaf,
                    &root,
                )
                .expect("id");
                basic
                    .find_status(&id)
                    .map(|s| s.status == openssl::ocsp::OcspCertStatus::GOOD)
            })
        },
    );
    g.finish();
}

criterion_group!(benches, revocation, ocsp);
criterion_main!(benches);

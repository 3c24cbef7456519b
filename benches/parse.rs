//! Parsing a JPKI signing certificate: our strict parser beside `x509-cert`'s owned decoder
//! (the reference, measured in the same run), plus classification and the basic four items.
//!
//! `cargo bench --bench parse`

use criterion::{Criterion, criterion_group, criterion_main};
use der::Decode;
use jpki_core::Certificate;
use jpki_core::testkit::{HolderSpec, TestCa};
use std::hint::black_box;

fn parse(c: &mut Criterion) {
    let ca = TestCa::new(1);
    let der = ca.issue_signing(&HolderSpec::example()).der;
    let cert = Certificate::from_der(&der).expect("parses");
    let san = cert.subject_alt_name_der().expect("SAN").to_vec();

    let mut g = c.benchmark_group("parse");
    g.bench_function(
        "jpki_core::Certificate::from_der (signing, RSA-2048)",
        |b| b.iter(|| Certificate::from_der(black_box(&der))),
    );
    g.bench_function("reference: x509_cert::Certificate::from_der (owned)", |b| {
        b.iter(|| x509_cert::Certificate::from_der(black_box(&der)))
    });
    // Classification runs once per parsed certificate and is kept: the first call pays for
    // it (measured with a fresh parse), later ones read the cache.
    g.bench_function("from_der + first Certificate::kind (signing)", |b| {
        b.iter(|| Certificate::from_der(black_box(&der)).map(|c| c.kind()))
    });
    g.bench_function("Certificate::kind again (kept)", |b| {
        b.iter(|| black_box(&cert).kind())
    });
    g.bench_function("BasicFourInfo::from_subject_alt_name_der", |b| {
        b.iter(|| jpki_core::BasicFourInfo::from_subject_alt_name_der(black_box(&san)))
    });
    g.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);

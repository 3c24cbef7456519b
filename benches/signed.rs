//! Verifying a detached CMS signature (issue 16, item 9): a JPKI signing certificate's RSA-2048
//! signature with signed attributes over 1 KiB and 1 MiB of content, jpki-core on both
//! backends (parse + every rule + the chain + the signature + the content's SHA-256) beside
//! OpenSSL's `CMS_verify` (through the `openssl` crate: parse, chain, signature, digest) and
//! beside the raw SHA-256 of the content (`sha2`, which jpki-core uses, and aws-lc-rs), all in
//! one run. Over 1 MiB the content's digest dominates. A last group verifies 1 MiB signed
//! without signed attributes (the signature over the content itself, verified from its
//! streamed digest: `PublicKey::verify_prehashed`).
//!
//! `cargo bench --all-features --bench signed`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use jpki_core::crypto::{AwsLcRs, CryptoBackend, RustCrypto};
use jpki_core::testkit::{CmsBuilder, HolderSpec, SignedAttrs, TestCa};
use jpki_core::{SignedData, SignedDataVerifier, UnixTime, Verifier};
use openssl::cms::{CMSOptions, CmsContentInfo};
use openssl::x509::X509;
use openssl::x509::store::{X509Store, X509StoreBuilder};
use openssl::x509::verify::X509VerifyParam;
use sha2::Digest as _;
use std::hint::black_box;

/// 2027-01-01T00:00:00Z.
const AT: u64 = 1_798_761_600;

fn openssl_store(root_der: &[u8]) -> X509Store {
    let mut builder = X509StoreBuilder::new().expect("store");
    builder
        .add_cert(X509::from_der(root_der).expect("root"))
        .expect("add root");
    let mut param = X509VerifyParam::new().expect("param");
    param.set_time(AT as _);
    builder.set_param(&param).expect("param");
    builder.build()
}

fn openssl_verify(store: &X509Store, der: &[u8], content: &[u8]) -> bool {
    let Ok(mut cms) = CmsContentInfo::from_der(der) else {
        return false;
    };
    cms.verify(None, Some(store), Some(content), None, CMSOptions::BINARY)
        .is_ok()
}

fn jpki_verify(verifier: &SignedDataVerifier, der: &[u8], content: &[u8], at: UnixTime) -> bool {
    let Ok(signed) = SignedData::from_der(der) else {
        return false;
    };
    verifier
        .verify_detached(&signed, content, at)
        .is_ok_and(|r| r.is_valid())
}

fn signed(c: &mut Criterion) {
    let at = UnixTime::from_unix_seconds(AT);
    let ca = TestCa::new(1);
    let holder = ca.issue_signing(&HolderSpec::example());
    let store = openssl_store(&ca.signing_root().der);
    let backends: [&'static dyn CryptoBackend; 2] = [&RustCrypto, &AwsLcRs];
    let verifiers: Vec<(&str, SignedDataVerifier)> = backends
        .iter()
        .map(|b| {
            let v = Verifier::new([ca.signing_root().certificate()])
                .and_then(|v| v.with_backend(*b))
                .expect("verifier");
            (b.name(), SignedDataVerifier::new(v))
        })
        .collect();
    for (label, size) in [("1 KiB", 1usize << 10), ("1 MiB", 1 << 20)] {
        let content: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
        let der = CmsBuilder::new(content.clone())
            .detached()
            .signer(&holder)
            .build();
        assert!(
            openssl_verify(&store, &der, &content),
            "OpenSSL verifies it"
        );
        assert!(
            !openssl_verify(&store, &der, b"other"),
            "and refuses other content"
        );
        let mut g = c.benchmark_group(format!("signed detached {label}"));
        g.throughput(Throughput::Bytes(size as u64));
        for (name, verifier) in &verifiers {
            assert!(jpki_verify(verifier, &der, &content, at));
            g.bench_function(format!("jpki-core ({name})"), |b| {
                b.iter(|| jpki_verify(verifier, black_box(&der), black_box(&content), at))
            });
        }
        g.bench_function("reference: OpenSSL CMS_verify", |b| {
            b.iter(|| openssl_verify(&store, black_box(&der), black_box(&content)))
        });
        g.bench_function("raw SHA-256: sha2", |b| {
            b.iter(|| sha2::Sha256::digest(black_box(&content)))
        });
        g.bench_function("raw SHA-256: aws-lc-rs", |b| {
            b.iter(|| aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, black_box(&content)))
        });
        g.finish();
    }
    // Without signed attributes: no messageDigest, one digest of the content, and the signature
    // verified over that digest (the content is streamed, never held).
    let size = 1usize << 20;
    let content: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
    let der = CmsBuilder::new(content.clone())
        .detached()
        .signer_with(&holder, |s| s.attributes = SignedAttrs::None)
        .build();
    assert!(
        openssl_verify(&store, &der, &content),
        "OpenSSL verifies it"
    );
    let mut g = c.benchmark_group("signed detached 1 MiB, no signed attributes");
    g.throughput(Throughput::Bytes(size as u64));
    for (name, verifier) in &verifiers {
        assert!(jpki_verify(verifier, &der, &content, at));
        assert!(!jpki_verify(verifier, &der, b"other", at));
        g.bench_function(format!("jpki-core ({name})"), |b| {
            b.iter(|| jpki_verify(verifier, black_box(&der), black_box(&content), at))
        });
    }
    g.bench_function("reference: OpenSSL CMS_verify", |b| {
        b.iter(|| openssl_verify(&store, black_box(&der), black_box(&content)))
    });
    g.finish();
}

criterion_group!(benches, signed);
criterion_main!(benches);

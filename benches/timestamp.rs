//! Verifying a CAdES-T signature (issue 17, item 8): a JPKI signing certificate's RSA-2048
//! signature over 1 KiB of detached content, with a signature time-stamp from an RSA-2048 TSA.
//! jpki-core on both backends does everything: parse the SignedData, the signer's rules and
//! signature, the embedded token (parse, its signature, the TSA's critical exclusive EKU, the
//! ESS binding, the imprint over the signature value), the TSA's path at the caller's time and
//! the holder's path at genTime. The reference is OpenSSL through the `openssl` crate: two
//! `CMS_verify` calls, one over the document and one over the token (its chain checked for the
//! time-stamping purpose), with the token handed over already extracted — OpenSSL does less
//! here (no ESS binding, no imprint check, no EKU exclusivity), so the ratio flatters it.
//!
//! `cargo bench --all-features --bench timestamp`

use criterion::{Criterion, criterion_group, criterion_main};
use jpki_core::crypto::{AwsLcRs, CryptoBackend, RustCrypto};
use jpki_core::testkit::{CmsBuilder, HolderSpec, TestCa, TestTsa};
use jpki_core::{SignedData, SignedDataVerifier, TimestampVerifier, UnixTime, Verifier};
use openssl::cms::{CMSOptions, CmsContentInfo};
use openssl::x509::store::{X509Store, X509StoreBuilder};
use openssl::x509::verify::X509VerifyParam;
use openssl::x509::{X509, X509PurposeId};
use std::hint::black_box;

/// 2027-03-01T09:00:00Z: signed and stamped.
const SIGNED_AT: u64 = 1_804_064_400;
/// 2027-12-01T00:00:00Z: checked.
const AT: u64 = 1_827_532_800;

fn openssl_store(root_der: &[u8], purpose: Option<X509PurposeId>) -> X509Store {
    let mut builder = X509StoreBuilder::new().expect("store");
    builder
        .add_cert(X509::from_der(root_der).expect("root"))
        .expect("add root");
    let mut param = X509VerifyParam::new().expect("param");
    param.set_time(AT as _);
    if let Some(p) = purpose {
        param.set_purpose(p).expect("purpose");
    }
    builder.set_param(&param).expect("param");
    builder.build()
}

fn openssl_verify(
    jpki: &X509Store,
    tsa: &X509Store,
    der: &[u8],
    token: &[u8],
    content: &[u8],
) -> bool {
    let (Ok(mut cms), Ok(mut ts)) = (
        CmsContentInfo::from_der(der),
        CmsContentInfo::from_der(token),
    ) else {
        return false;
    };
    let mut tst_info = Vec::new();
    cms.verify(None, Some(jpki), Some(content), None, CMSOptions::BINARY)
        .is_ok()
        && ts
            .verify(
                None,
                Some(tsa),
                None,
                Some(&mut tst_info),
                CMSOptions::BINARY,
            )
            .is_ok()
}

fn jpki_verify(verifier: &SignedDataVerifier, der: &[u8], content: &[u8], at: UnixTime) -> bool {
    let Ok(signed) = SignedData::from_der(der) else {
        return false;
    };
    verifier
        .verify_detached(&signed, content, at)
        .is_ok_and(|r| r.is_valid() && r.signers()[0].timestamp().is_some())
}

fn cades_t(c: &mut Criterion) {
    let at = UnixTime::from_unix_seconds(AT);
    let ca = TestCa::new(1);
    let tsa = TestTsa::new(1);
    let holder = ca.issue_signing(&HolderSpec::example());
    let content: Vec<u8> = (0..1024).map(|i| (i % 251) as u8).collect();
    let der = CmsBuilder::new(content.clone())
        .detached()
        .signer(&holder)
        .timestamped(&tsa, UnixTime::from_unix_seconds(SIGNED_AT))
        .build();
    let signed = SignedData::from_der(&der).expect("parse");
    let token = signed.signers()[0].unsigned_attributes()[0].values()[0].clone();
    let jpki_store = openssl_store(&ca.signing_root().der, None);
    let tsa_store = openssl_store(&tsa.root().der, Some(X509PurposeId::TIMESTAMP_SIGN));
    assert!(
        openssl_verify(&jpki_store, &tsa_store, &der, &token, &content),
        "OpenSSL verifies both"
    );
    let backends: [&'static dyn CryptoBackend; 2] = [&RustCrypto, &AwsLcRs];
    let mut g = c.benchmark_group("CAdES-T detached 1 KiB");
    for backend in backends {
        let jpki = Verifier::new([ca.signing_root().certificate()])
            .and_then(|v| v.with_backend(backend))
            .expect("verifier");
        let tsa_verifier = Verifier::new([tsa.root().certificate()])
            .and_then(|v| v.with_backend(backend))
            .expect("TSA verifier");
        let verifier =
            SignedDataVerifier::new(jpki).with_timestamps(TimestampVerifier::new(tsa_verifier));
        assert!(jpki_verify(&verifier, &der, &content, at));
        g.bench_function(format!("jpki-core ({})", backend.name()), |b| {
            b.iter(|| jpki_verify(&verifier, black_box(&der), black_box(&content), at))
        });
    }
    g.bench_function("reference: OpenSSL CMS_verify x2", |b| {
        b.iter(|| {
            openssl_verify(
                &jpki_store,
                &tsa_store,
                black_box(&der),
                black_box(&token),
                black_box(&content),
            )
        })
    });
    g.finish();
}

criterion_group!(benches, cades_t);
criterion_main!(benches);

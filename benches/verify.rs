//! The verification hot path: a JPKI leaf (parse + one-tier chain + JPKI rules) for RSA-2048 and
//! P-256, and a document signature. Beside them, in the same run, the naive RustCrypto path
//! (x509-cert parse, re-encode the TBS, parse the issuer key, `rsa`/`p256` verify) as the
//! reference.
//!
//! `cargo bench --bench verify`

use criterion::{Criterion, criterion_group, criterion_main};
use der::{Decode, Encode};
use jpki_core::testkit::{HolderSpec, KeyType, TestCa};
use jpki_core::{Certificate, UnixTime, Usage, Verifier};
use p256::ecdsa::signature::Verifier as _;
use rsa::pkcs8::DecodePublicKey;
use std::hint::black_box;

fn naive_rsa(leaf_der: &[u8], root_der: &[u8]) -> bool {
    let (Ok(leaf), Ok(root)) = (
        x509_cert::Certificate::from_der(leaf_der),
        x509_cert::Certificate::from_der(root_der),
    ) else {
        return false;
    };
    let Ok(tbs) = leaf.tbs_certificate().to_der() else {
        return false;
    };
    let Ok(spki) = root.tbs_certificate().subject_public_key_info().to_der() else {
        return false;
    };
    let Ok(key) = rsa::PublicKey::from_public_key_der(&spki) else {
        return false;
    };
    let vk = rsa::pkcs1v15::VerifyingKey::<sha2::Sha256>::new(key);
    let sig = leaf.signature().raw_bytes();
    rsa::pkcs1v15::Signature::try_from(sig).is_ok_and(|s| vk.verify(&tbs, &s).is_ok())
}

fn naive_p256(leaf_der: &[u8], root_der: &[u8]) -> bool {
    let (Ok(leaf), Ok(root)) = (
        x509_cert::Certificate::from_der(leaf_der),
        x509_cert::Certificate::from_der(root_der),
    ) else {
        return false;
    };
    let Ok(tbs) = leaf.tbs_certificate().to_der() else {
        return false;
    };
    let point = root
        .tbs_certificate()
        .subject_public_key_info()
        .subject_public_key
        .raw_bytes();
    let Ok(vk) = p256::ecdsa::VerifyingKey::from_sec1_bytes(point) else {
        return false;
    };
    p256::ecdsa::Signature::from_der(leaf.signature().raw_bytes())
        .is_ok_and(|s| vk.verify(&tbs, &s).is_ok())
}

fn verify(c: &mut Criterion) {
    let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z").expect("time");
    let mut g = c.benchmark_group("verify");
    for (name, key) in [
        ("RSA-2048", KeyType::Rsa2048),
        ("P-256", KeyType::EcdsaP256),
    ] {
        let ca = TestCa::builder(1).key_type(key).build();
        let pair = ca.issue_pair(&HolderSpec::example().with_key_type(key));
        let root = ca.signing_root().der.clone();
        let verifier = Verifier::new([ca.signing_root().certificate()]).expect("anchor");
        let leaf = pair.signing.der.clone();
        assert!(
            verifier
                .verify(
                    &Certificate::from_der(&leaf).expect("leaf"),
                    Usage::Signing,
                    at
                )
                .is_ok()
        );
        g.bench_function(
            format!("jpki leaf, parse + chain of two + rules ({name})"),
            |b| {
                b.iter(|| {
                    let cert = Certificate::from_der(black_box(&leaf)).expect("leaf");
                    verifier.verify(&cert, Usage::Signing, at).is_ok()
                })
            },
        );
        let naive: fn(&[u8], &[u8]) -> bool = if key == KeyType::Rsa2048 {
            naive_rsa
        } else {
            naive_p256
        };
        assert!(naive(&leaf, &root));
        g.bench_function(
            format!("reference: naive x509-cert + re-encode + verify ({name})"),
            |b| b.iter(|| naive(black_box(&leaf), black_box(&root))),
        );

        let verified = verifier
            .verify(
                &Certificate::from_der(&leaf).expect("leaf"),
                Usage::Signing,
                at,
            )
            .expect("ok");
        let document = vec![0x5au8; 1024];
        let signature = pair.signing.private_key.sign(&document);
        g.bench_function(format!("document signature, 1 KiB ({name})"), |b| {
            b.iter(|| {
                verified
                    .verify_signature(black_box(&document), black_box(&signature))
                    .is_ok()
            })
        });
    }
    g.finish();
}

criterion_group!(benches, verify);
criterion_main!(benches);

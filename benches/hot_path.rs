//! The verification hot path side by side (issue 7): a JPKI signing certificate verified against
//! its root — RSA-2048 and P-256, and P-384 with SHA-384 as on next-generation cards — with a
//! 1M-entry revocation list, beside rustls-webpki (aws-lc-rs) and OpenSSL on the
//! same chain and CRL and the raw aws-lc-rs signature check — all in one run.
//!
//! rustls-webpki refuses real JPKI certificates (their certificatePolicies is critical), so it
//! verifies a copy of the leaf with that extension non-critical, signed by the same root.
//!
//! `cargo bench --all-features --bench hot_path` (or `benches/run.sh`, which prints the table).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use jpki_core::crypto::{self, CryptoBackend};
use jpki_core::testkit::{CrlSpec, HolderSpec, KeyType, TestCa};
use jpki_core::{
    Certificate, CrlReason, PublicKey, RevocationIndex, SerialNumber, UnixTime, Usage, Verifier,
    oids,
};
use rustls_pki_types::{CertificateDer, UnixTime as WebpkiTime};

const ENTRIES: u64 = 1_000_000;

struct Chain {
    name: &'static str,
    ca: TestCa,
    leaf: Vec<u8>,
    /// The leaf with certificatePolicies non-critical (for rustls-webpki).
    leaf_webpki: Vec<u8>,
    crl: Vec<u8>,
    at: UnixTime,
}

fn chain(name: &'static str, key: KeyType) -> Chain {
    let ca = TestCa::builder(1).key_type(key).build();
    // The next-generation (P-384) chain lives from 2028: its root and a 10-year leaf.
    let (spec, year) = if key == KeyType::EcdsaP384 {
        (HolderSpec::next_generation_example(), 2030)
    } else {
        (HolderSpec::example().with_key_type(key), 2027)
    };
    let at = UnixTime::parse_rfc3339(&format!("{year}-01-01T12:00:00Z")).expect("time");
    let this = UnixTime::parse_rfc3339(&format!("{year}-01-01T00:00:00Z")).expect("time");
    let leaf = ca.issue_signing(&spec).der;
    let mut t = ca.signing_template(&spec);
    for e in &mut t.extensions {
        if e.oid == oids::CERTIFICATE_POLICIES {
            e.critical = false;
        }
    }
    let leaf_webpki = ca.sign_template(&t);
    let mut crl = CrlSpec::signing(this);
    crl.entries = (0..ENTRIES)
        .map(|i| {
            let serial = SerialNumber::from_u64(20_150_000_000_000 + i * 7919).expect("serial");
            (
                serial,
                this.minus_seconds(i % 300_000_000),
                Some(CrlReason::Superseded),
            )
        })
        .collect();
    let crl = ca.issue_crl(&crl);
    Chain {
        name,
        ca,
        leaf,
        leaf_webpki,
        crl,
        at,
    }
}

fn backends() -> Vec<&'static dyn CryptoBackend> {
    let mut v: Vec<&'static dyn CryptoBackend> = vec![&crypto::RustCrypto];
    #[cfg(feature = "aws-lc-rs")]
    v.push(&crypto::AwsLcRs);
    v
}

fn hot_path(c: &mut Criterion) {
    for (name, key) in [
        ("RSA-2048", KeyType::Rsa2048),
        ("P-256", KeyType::EcdsaP256),
        ("P-384", KeyType::EcdsaP384),
    ] {
        let f = chain(name, key);
        bench_chain(c, &f);
    }
}

fn bench_chain(c: &mut Criterion, f: &Chain) {
    let name = f.name;
    let root = f.ca.signing_root().certificate();
    let leaf = Certificate::from_der(&f.leaf).expect("leaf");
    let mut index = RevocationIndex::new(root.clone()).expect("index");
    index.insert_der(&f.crl).expect("CRL");
    let index = std::sync::Arc::new(index);
    let mut g = c.benchmark_group(format!("hot_path {name}"));

    // The practical limit: the signature alone, key parsed once.
    let alg: &'static dyn aws_lc_rs::signature::VerificationAlgorithm = match root.key_algorithm() {
        jpki_core::KeyAlgorithm::EcdsaP256 => &aws_lc_rs::signature::ECDSA_P256_SHA256_ASN1,
        jpki_core::KeyAlgorithm::EcdsaP384 => &aws_lc_rs::signature::ECDSA_P384_SHA384_ASN1,
        _ => &aws_lc_rs::signature::RSA_PKCS1_2048_8192_SHA256,
    };
    let root_spki = spki_key_bits(root.spki_der());
    let raw = aws_lc_rs::signature::ParsedPublicKey::new(alg, &root_spki).expect("key");
    let (tbs, sig) = (leaf.tbs_der().to_vec(), leaf.signature_value().to_vec());
    raw.verify_sig(&tbs, &sig).expect("raw verifies");
    g.bench_function("raw signature: aws-lc-rs, key parsed once", |b| {
        b.iter(|| raw.verify_sig(black_box(&tbs), black_box(&sig)).is_ok())
    });

    for backend in backends() {
        let key = PublicKey::from_spki_der_with(root.spki_der(), backend).expect("key");
        let alg = leaf.signature_algorithm();
        g.bench_function(
            format!("raw signature: jpki-core {}", backend.name()),
            |b| b.iter(|| key.verify(alg, black_box(&tbs), black_box(&sig)).is_ok()),
        );
        let plain = Verifier::new([root.clone()])
            .and_then(|v| v.with_backend(backend))
            .expect("verifier");
        let revoking = plain.clone().with_shared_revocation(index.clone());
        assert!(revoking.verify(&leaf, Usage::Signing, f.at).is_ok());
        g.bench_function(
            format!(
                "jpki-core {}: parse + verify + 1M-entry revocation",
                backend.name()
            ),
            |b| {
                b.iter(|| {
                    let cert = Certificate::from_der(black_box(&f.leaf)).expect("leaf");
                    revoking.verify(&cert, Usage::Signing, f.at).is_ok()
                })
            },
        );
        g.bench_function(
            format!(
                "jpki-core {}: parse + verify, no revocation",
                backend.name()
            ),
            |b| {
                b.iter(|| {
                    let cert = Certificate::from_der(black_box(&f.leaf)).expect("leaf");
                    plain.verify(&cert, Usage::Signing, f.at).is_ok()
                })
            },
        );
        g.bench_function(
            format!(
                "jpki-core {}: verify a parsed leaf + revocation",
                backend.name()
            ),
            |b| {
                b.iter(|| {
                    revoking
                        .verify(black_box(&leaf), Usage::Signing, f.at)
                        .is_ok()
                })
            },
        );
    }
    g.bench_function("jpki-core: Certificate::from_der alone", |b| {
        b.iter(|| Certificate::from_der(black_box(&f.leaf)).is_ok())
    });

    // rustls-webpki with aws-lc-rs, on the non-critical-policy copy.
    let root_der = CertificateDer::from(f.ca.signing_root().der.clone());
    let anchors = [webpki::anchor_from_trusted_cert(&root_der)
        .expect("anchor")
        .to_owned()];
    let time = WebpkiTime::since_unix_epoch(std::time::Duration::from_secs(f.at.as_unix_seconds()));
    let algs = webpki::ALL_VERIFICATION_ALGS;
    let leaf_w = CertificateDer::from(f.leaf_webpki.clone());
    let webpki_verify = |crls: Option<webpki::RevocationOptions<'_>>| {
        let ee = webpki::EndEntityCert::try_from(black_box(&leaf_w)).expect("parse");
        ee.verify_for_usage(
            algs,
            &anchors,
            &[],
            time,
            webpki::KeyUsage::client_auth(),
            crls,
            None,
        )
        .is_ok()
    };
    assert!(webpki_verify(None), "rustls-webpki accepts the copy");
    g.bench_function(
        "reference: rustls-webpki (aws-lc-rs) parse + verify_for_usage",
        |b| b.iter(|| webpki_verify(None)),
    );
    let crl = webpki::CertRevocationList::from(
        webpki::OwnedCertRevocationList::from_der(&f.crl).expect("CRL"),
    );
    let crls = [&crl];
    let options = || {
        webpki::RevocationOptionsBuilder::new(&crls)
            .expect("crls")
            .with_status_policy(webpki::UnknownStatusPolicy::Deny)
            .build()
    };
    assert!(webpki_verify(Some(options())), "rustls-webpki with the CRL");

    // OpenSSL: parse the leaf, X509_verify_cert against the root, with and without the CRL.
    let ossl_root = openssl::x509::X509::from_der(&f.ca.signing_root().der).expect("root");
    let store = |crl: bool| {
        let mut s = openssl::x509::store::X509StoreBuilder::new().expect("store");
        s.add_cert(ossl_root.clone()).expect("root");
        if crl {
            let path =
                std::env::temp_dir().join(format!("jpki-hot-{}-{name}.crl", std::process::id()));
            std::fs::write(&path, &f.crl).expect("write CRL");
            let lookup = s
                .add_lookup(openssl::x509::store::X509Lookup::file())
                .expect("lookup");
            lookup
                .load_crl_file(&path, openssl::ssl::SslFiletype::ASN1)
                .expect("load CRL");
            s.set_flags(openssl::x509::verify::X509VerifyFlags::CRL_CHECK)
                .expect("flags");
            let _ = std::fs::remove_file(&path);
        }
        let mut p = openssl::x509::verify::X509VerifyParam::new().expect("param");
        p.set_time(i64::try_from(f.at.as_unix_seconds()).expect("time"));
        s.set_param(&p).expect("param");
        s.build()
    };
    let empty = openssl::stack::Stack::<openssl::x509::X509>::new().expect("stack");
    let ossl_verify = |store: &openssl::x509::store::X509Store| {
        let leaf = openssl::x509::X509::from_der(black_box(&f.leaf)).expect("leaf");
        let mut ctx = openssl::x509::X509StoreContext::new().expect("ctx");
        ctx.init(store, &leaf, &empty, |c| c.verify_cert())
            .expect("init")
    };
    let (plain_store, crl_store) = (store(false), store(true));
    assert!(ossl_verify(&plain_store), "OpenSSL accepts the chain");
    assert!(
        ossl_verify(&crl_store),
        "OpenSSL accepts the chain with the CRL"
    );
    g.bench_function("reference: OpenSSL parse + X509_verify_cert", |b| {
        b.iter(|| ossl_verify(&plain_store))
    });

    // The slow references with the CRL: each verification re-checks the CRL's signature.
    g.sample_size(10);
    g.bench_function("reference: rustls-webpki + 1M-entry CRL", |b| {
        b.iter(|| webpki_verify(Some(options())))
    });
    g.bench_function("reference: OpenSSL + 1M-entry CRL", |b| {
        b.iter(|| ossl_verify(&crl_store))
    });
    g.finish();
}

/// The subjectPublicKey bits of a SubjectPublicKeyInfo (what aws-lc-rs's parser takes).
fn spki_key_bits(spki: &[u8]) -> Vec<u8> {
    use der::Decode;
    let s = spki::SubjectPublicKeyInfoRef::from_der(spki).expect("spki");
    s.subject_public_key.raw_bytes().to_vec()
}

#[cfg(feature = "rayon")]
fn batch(c: &mut Criterion) {
    let ca = TestCa::new(1);
    let leaves: Vec<Certificate> = (0..256)
        .map(|_| ca.issue_signing(&HolderSpec::example()).certificate())
        .collect();
    let at = UnixTime::parse_rfc3339("2027-01-01T12:00:00Z").expect("time");
    let verifier = Verifier::new([ca.signing_root().certificate()]).expect("verifier");
    let mut g = c.benchmark_group("batch");
    g.bench_function(
        format!("256 leaves one by one ({})", verifier.backend().name()),
        |b| {
            b.iter(|| {
                leaves
                    .iter()
                    .filter(|l| verifier.verify(l, Usage::Signing, at).is_ok())
                    .count()
            })
        },
    );
    g.bench_function(
        format!(
            "256 leaves, verify_batch on {} threads ({})",
            rayon::current_num_threads(),
            verifier.backend().name()
        ),
        |b| b.iter(|| verifier.verify_batch(&leaves, Usage::Signing, at).len()),
    );
    g.finish();
}

#[cfg(not(feature = "rayon"))]
fn batch(_: &mut Criterion) {}

criterion_group!(benches, hot_path, batch);
criterion_main!(benches);

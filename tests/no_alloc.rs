//! Verification allocates nothing once the verifier and its revocation index are built: a
//! counting global allocator watches this thread while leaves are verified (RSA and P-256,
//! with a revocation index, with an intermediate, on every backend this build has).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};

use jpki_core::testkit::{CrlSpec, HolderSpec, KeyType, TestCa};
use jpki_core::{
    Certificate, CrlReason, Profile, RevocationIndex, SerialNumber, UnixTime, Usage, Verifier,
    crypto, oids,
};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);
thread_local! {
    static WATCHED: Cell<bool> = const { Cell::new(false) };
}

// SAFETY-free: forwards to the system allocator and counts on the watched thread only.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if WATCHED.with(Cell::get) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if WATCHED.with(Cell::get) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations made by `f` on this thread.
fn allocations<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    WATCHED.with(|w| w.set(true));
    let out = f();
    WATCHED.with(|w| w.set(false));
    (ALLOCATIONS.load(Ordering::Relaxed) - before, out)
}

fn at() -> UnixTime {
    UnixTime::parse_rfc3339("2027-01-01T00:00:00Z").expect("time")
}

fn index_for(ca: &TestCa, revoked: u64) -> RevocationIndex {
    let mut spec = CrlSpec::signing(at().minus_seconds(3600));
    for i in 0..revoked {
        let serial = SerialNumber::from_u64(90_000_000 + i).expect("serial");
        spec = spec.revoke(
            serial,
            at().minus_seconds(86_400),
            Some(CrlReason::Superseded),
        );
    }
    let mut index = RevocationIndex::new(ca.signing_root().certificate()).expect("index");
    index.insert_der(&ca.issue_crl(&spec)).expect("CRL");
    index
}

fn backends() -> Vec<&'static dyn crypto::CryptoBackend> {
    let mut v: Vec<&'static dyn crypto::CryptoBackend> = vec![&crypto::RustCrypto];
    #[cfg(feature = "aws-lc-rs")]
    v.push(&crypto::AwsLcRs);
    v
}

#[test]
fn verification_allocates_nothing() {
    for key_type in [KeyType::Rsa2048, KeyType::EcdsaP256] {
        let ca = TestCa::builder(5).key_type(key_type).build();
        let leaf = ca.issue_signing(&HolderSpec::example()).certificate();
        for backend in backends() {
            let verifier = Verifier::new([ca.signing_root().certificate()])
                .and_then(|v| v.with_backend(backend))
                .expect("verifier")
                .with_revocation(index_for(&ca, 1000));
            // Warm up (lazy statics in the crypto crates), then count.
            verifier
                .verify(&leaf, Usage::Signing, at())
                .expect("verifies");
            let (n, results) = allocations(|| {
                let mut ok = 0;
                for _ in 0..20 {
                    if let Ok(v) = verifier.verify(&leaf, Usage::Signing, at()) {
                        ok += usize::from(v.path_len() == 2);
                    }
                }
                ok
            });
            assert_eq!(results, 20, "{key_type:?} on {}", backend.name());
            assert_eq!(
                n,
                0,
                "{key_type:?} on {}: {n} allocations in 20 verifications",
                backend.name()
            );
        }
    }
}

#[test]
fn verification_through_an_intermediate_allocates_nothing() {
    let ca = TestCa::new(6);
    let mid = ca.issue_intermediate("sub-ca", Some(0));
    // A signing certificate issued by the intermediate (JPKI has none; the RFC 5280 profile).
    let mut template = ca.signing_template(&HolderSpec::example());
    template.issuer = mid.certificate().subject().as_der().to_vec();
    // authorityKeyIdentifier: SEQUENCE { [0] the intermediate's key identifier }.
    let key_id = mid.certificate().subject_key_id().expect("SKI").to_vec();
    let mut aki = vec![0x30, u8::try_from(key_id.len() + 2).expect("short"), 0x80];
    aki.push(u8::try_from(key_id.len()).expect("short"));
    aki.extend_from_slice(&key_id);
    for e in &mut template.extensions {
        if e.oid == oids::AUTHORITY_KEY_IDENTIFIER {
            e.value = aki.clone();
        }
    }
    let leaf = Certificate::from_der(&template.sign(&mid.private_key)).expect("leaf");
    let verifier = Verifier::new([ca.signing_root().certificate()])
        .expect("verifier")
        .with_profile(Profile::Rfc5280)
        .with_intermediates([mid.certificate()]);
    let first = verifier
        .verify(&leaf, Usage::Signing, at())
        .map(|v| v.path_len());
    let (n, again) = allocations(|| {
        verifier
            .verify(&leaf, Usage::Signing, at())
            .map(|v| v.path_len())
    });
    assert_eq!(first, Ok(3));
    assert_eq!(first, again);
    assert_eq!(n, 0, "{n} allocations");
}

#[test]
fn parsing_allocates_a_bounded_few_times() {
    // Parsing owns one copy of the DER plus small tables (extensions, policies, partitions);
    // this pins the count so that a regression shows.
    let ca = TestCa::new(5);
    let der = ca.issue_signing(&HolderSpec::example()).der;
    let _ = Certificate::from_der(&der).expect("parses");
    let (n, parsed) = allocations(|| Certificate::from_der(&der));
    assert!(parsed.is_ok());
    assert!(n <= 7, "{n} allocations to parse a signing certificate");
}

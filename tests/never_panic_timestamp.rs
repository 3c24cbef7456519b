//! Whatever the bytes, the RFC 3161 parsers (TimeStampReq, TimeStampResp, TimeStampToken,
//! TSTInfo), `TimestampResponse::check` and `TimestampVerifier` answer with a value or a typed
//! error: never a panic. Every truncation and every single-bit flip of real requests and
//! TSTInfos, every octet of real responses and tokens inverted, random edits, random bytes —
//! each through the fuzz targets' entry points (`fuzz/entry.rs`), whose assertions are the
//! properties that hold for every accepted input.

/// The fuzz targets' entry points, compiled into this test.
#[path = "../fuzz/entry.rs"]
#[allow(dead_code)]
mod fuzz_entry;

use std::sync::OnceLock;

use jpki_core::testkit::{KeyType, TestTsa, TsaFault, TstInfoSpec};
use jpki_core::{DigestAlgorithm, TimestampRequest, UnixTime};
use proptest::prelude::*;

fn at() -> UnixTime {
    UnixTime::parse_rfc3339("2027-03-01T09:00:00Z").expect("time")
}

/// Small inputs (every bit flipped) and large ones (every octet inverted).
struct Seeds {
    small: Vec<Vec<u8>>,
    large: Vec<Vec<u8>>,
}

fn seeds() -> &'static Seeds {
    static SEEDS: OnceLock<Seeds> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let request = fuzz_entry::FIXED_TIMESTAMP_REQUEST;
        let ours = TimestampRequest::new(DigestAlgorithm::Sha384, &[9; 48])
            .expect("request")
            .with_cert_req(true)
            .with_policy(jpki_core::testkit::TEST_TSA_POLICY)
            .to_der()
            .expect("der");
        let mut spec = TstInfoSpec::new(DigestAlgorithm::Sha256, vec![0x11; 32], at());
        spec.accuracy = Some((Some(1), Some(500), Some(100)));
        spec.ordering = Some(true);
        spec.nonce = Some(vec![0x42; 16]);
        spec.gen_time_text = Some("20270301090000.125Z".into());
        let tsa = TestTsa::new(1);
        let rejected = TestTsa::with_fault(1, TsaFault::Rejection).respond(request, at());
        Seeds {
            small: vec![request.to_vec(), ours, spec.to_der(), rejected],
            large: vec![
                tsa.respond(request, at()),
                TestTsa::with_fault(1, TsaFault::IgnoreCertReq).respond(request, at()),
                tsa.stamp_data(b"fuzz content", at()),
                TestTsa::with_key_type(1, KeyType::EcdsaP384).stamp_data(b"fuzz content", at()),
            ],
        }
    })
}

fn exercise(data: &[u8]) {
    fuzz_entry::timestamp_resp(data);
    fuzz_entry::tst_info(data);
}

#[test]
fn every_seed_parses_unmutated() {
    use jpki_core::{TimestampResponse, TimestampToken, TstInfo};
    let s = seeds();
    assert!(TimestampRequest::from_der(&s.small[0]).is_ok());
    assert!(TimestampRequest::from_der(&s.small[1]).is_ok());
    assert!(TstInfo::from_der(&s.small[2]).is_ok());
    assert!(TimestampResponse::from_der(&s.small[3]).is_ok());
    assert!(TimestampResponse::from_der(&s.large[0]).is_ok());
    assert!(TimestampResponse::from_der(&s.large[1]).is_ok());
    assert!(TimestampToken::from_der(&s.large[2]).is_ok());
    assert!(TimestampToken::from_der(&s.large[3]).is_ok());
}

#[test]
fn every_truncation_never_panics() {
    let s = seeds();
    for seed in s.small.iter().chain(&s.large) {
        for len in 0..seed.len() {
            exercise(&seed[..len]);
        }
    }
}

#[test]
fn every_bit_flip_of_requests_and_tst_infos_never_panics() {
    for seed in &seeds().small {
        for i in 0..seed.len() * 8 {
            let mut der = seed.clone();
            der[i / 8] ^= 0x80 >> (i % 8);
            exercise(&der);
        }
    }
}

#[test]
fn every_octet_inverted_in_responses_and_tokens_never_panics() {
    for seed in &seeds().large {
        for i in 0..seed.len() {
            let mut der = seed.clone();
            der[i] ^= 0xff;
            exercise(&der);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn mutated_inputs_never_panic(
        which in 0usize..8,
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
        cut in prop::option::of(any::<prop::sample::Index>()),
    ) {
        let s = seeds();
        let mut der = s.small.iter().chain(&s.large).nth(which).cloned().unwrap_or_default();
        for (at, byte) in &edits {
            let i = at.index(der.len());
            der[i] = *byte;
        }
        if let Some(c) = cut {
            der.truncate(c.index(der.len() + 1));
        }
        exercise(&der);
    }

    #[test]
    fn random_bytes_never_panic(data in prop::collection::vec(any::<u8>(), 0..512)) {
        exercise(&data);
    }
}

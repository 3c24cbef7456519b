#![no_main]
//! Any bytes through `jpki_fuzz::ocsp_request` (see its documentation).
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| jpki_fuzz::ocsp_request(data));

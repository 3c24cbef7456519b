#![no_main]
//! Any bytes as an RFC 3161 TSTInfo and TimeStampToken, verified against the test TSA.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| jpki_fuzz::tst_info(data));

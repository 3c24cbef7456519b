#![no_main]
//! Any bytes as a leaf certificate, verified against the test CA's roots (seed 1).
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| jpki_fuzz::verify(data));

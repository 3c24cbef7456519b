#![no_main]
//! Any bytes as a certificate (DER or PEM).
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| jpki_fuzz::certificate(data));

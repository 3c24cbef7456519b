#![no_main]
//! Any bytes as a CRL: parse, decode entries, verify and index against the test CA's root.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| jpki_fuzz::crl(data));

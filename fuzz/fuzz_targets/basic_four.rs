#![no_main]
//! Any bytes as the subjectAltName value that carries the basic four items.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| jpki_fuzz::basic_four(data));

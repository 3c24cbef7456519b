#![no_main]
//! Any bytes as a CMS SignedData: parsed, every part read, verified attached and detached.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| jpki_fuzz::signed_data(data));

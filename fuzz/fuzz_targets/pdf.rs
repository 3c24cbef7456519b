#![no_main]
//! Any bytes as a PDF: read strictly, every signature verified, strict and under the profile.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| jpki_fuzz::pdf(data));

#![no_main]
//! Any bytes as an OCSP response, asked about a fixed test certificate.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| jpki_fuzz::ocsp_response(data));

#![no_main]
//! Any bytes as an RFC 3161 TimeStampResp (and TimeStampReq), checked against a fixed request and verified.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| jpki_fuzz::timestamp_resp(data));

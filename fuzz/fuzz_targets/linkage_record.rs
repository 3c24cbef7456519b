#![no_main]
//! Any bytes as a stored linkage record or audit event (a damaged or hostile store file).
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| jpki_linkage::fuzz_entry::linkage_record(data));

//! Whatever the bytes, the parser answers with a value or a typed error: never a panic.

use jpki_core::testkit::{HolderSpec, TestCa};
use jpki_core::{BasicFourInfo, Certificate};
use proptest::prelude::*;
use std::sync::OnceLock;

fn valid() -> &'static [u8] {
    static DER: OnceLock<Vec<u8>> = OnceLock::new();
    DER.get_or_init(|| TestCa::new(5).issue_signing(&HolderSpec::example()).der)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = Certificate::from_der(&bytes);
        let _ = Certificate::from_pem(&bytes);
        let _ = BasicFourInfo::from_subject_alt_name_der(&bytes);
    }

    #[test]
    fn mutated_valid_certificate(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
    ) {
        let mut der = valid().to_vec();
        for (at, byte) in edits {
            let i = at.index(der.len());
            if let Some(b) = der.get_mut(i) {
                *b = byte;
            }
        }
        if truncate {
            der.truncate(cut.index(der.len()));
        }
        if let Ok(cert) = Certificate::from_der(&der) {
            // Whatever is accepted must be fully readable.
            let _ = cert.kind();
            let _ = cert.basic_four();
            let _ = cert.subject().to_rfc4514();
            let _ = cert.serial().to_decimal();
        }
    }
}

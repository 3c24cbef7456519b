//! Whatever the bytes, the PDF reader and `PdfVerifier` (strict and under the Legal Affairs
//! Bureau profile) answer with a report or a typed error: never a panic. Every truncation and
//! many bit flips of real signed files (tables, cross-reference streams, two signatures with
//! `/DSS`, CAdES), proptest mutations, and random bytes.

use std::sync::OnceLock;

use jpki_core::testkit::{HolderSpec, SignedPdfBuilder, TestCa};
use jpki_core::{PdfProfile, PdfVerifier, SignedDataVerifier, UnixTime, Verifier};
use proptest::prelude::*;

struct Seeds {
    verifier: PdfVerifier,
    files: Vec<Vec<u8>>,
}

fn seeds() -> &'static Seeds {
    static SEEDS: OnceLock<Seeds> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let ca = TestCa::new(23);
        let holder = ca.issue_signing(&HolderSpec::example());
        let files = vec![
            SignedPdfBuilder::new().sign(&holder).build(),
            SignedPdfBuilder::new().xref_streams().sign(&holder).build(),
            SignedPdfBuilder::new()
                .sign(&holder)
                .sign(&holder)
                .add_dss()
                .build(),
            SignedPdfBuilder::new()
                .xref_streams()
                .sign_cades(&holder)
                .shadow_page_change()
                .build(),
        ];
        let verifier = PdfVerifier::new(SignedDataVerifier::new(
            Verifier::new([ca.signing_root().certificate()]).expect("verifier"),
        ));
        Seeds { verifier, files }
    })
}

fn exercise(data: &[u8]) {
    let seeds = seeds();
    let at = UnixTime::from_unix_seconds(1_798_761_600);
    for verifier in [
        seeds.verifier.clone(),
        seeds.verifier.clone().with_profile(PdfProfile::Moj),
    ] {
        if let Ok(report) = verifier.verify(data, at) {
            if report.is_valid() {
                assert!(!report.signatures().is_empty());
            }
            for sig in report.signatures() {
                let _ = (sig.error(), sig.rules().len(), sig.byte_range());
            }
        }
    }
}

#[test]
fn every_seed_is_read_unmutated() {
    let at = UnixTime::from_unix_seconds(1_798_761_600);
    for file in &seeds().files {
        let report = seeds().verifier.verify(file, at).expect("reads");
        assert!(!report.signatures().is_empty());
    }
}

#[test]
fn every_truncation_is_refused_without_panic() {
    // Every prefix of the one-signature files, tables and xref streams (~17 KB each): never
    // valid — refused as malformed, or, cut right after the unsigned first revision, a file
    // without a signer.
    let at = UnixTime::from_unix_seconds(1_798_761_600);
    for file in seeds().files.iter().take(2) {
        for cut in 0..file.len() {
            let result = seeds().verifier.verify(&file[..cut], at);
            assert!(
                !matches!(&result, Ok(r) if r.is_valid()),
                "the prefix of {cut} bytes is valid"
            );
        }
    }
    // The last 200 prefixes of every file, where the trailer and %%EOF are cut, through both
    // profiles.
    for file in &seeds().files {
        for cut in file.len().saturating_sub(200)..file.len() {
            exercise(&file[..cut]);
        }
    }
}

#[test]
fn bit_flips_never_panic() {
    // One bit flipped every 61 bytes, in every file: structure, dictionaries, hex contents.
    for file in &seeds().files {
        for (i, bit) in (0..file.len()).step_by(61).zip((0..8).cycle()) {
            let mut flipped = file.clone();
            flipped[i] ^= 1 << bit;
            exercise(&flipped);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn mutated_files_never_panic(
        which in 0usize..4,
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
        cut in prop::option::of(any::<prop::sample::Index>()),
    ) {
        let mut pdf = seeds().files[which].clone();
        for (at, byte) in &edits {
            let i = at.index(pdf.len());
            pdf[i] = *byte;
        }
        if let Some(c) = cut {
            pdf.truncate(c.index(pdf.len() + 1));
        }
        exercise(&pdf);
    }

    #[test]
    fn random_bytes_never_panic(data in prop::collection::vec(any::<u8>(), 0..512)) {
        exercise(&data);
        let mut pdf = b"%PDF-1.7\n".to_vec();
        pdf.extend_from_slice(&data);
        pdf.extend_from_slice(b"\nstartxref\n9\n%%EOF\n");
        exercise(&pdf);
    }
}

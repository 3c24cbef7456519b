//! Verifying signed PDFs (issue 20, item 9): `PdfVerifier::verify` over a 1 MiB and a 20 MiB
//! file made by `SignedPdfBuilder` (padded with `pad`), with one RSA-2048 signature, and with
//! three signatures followed by a document timestamp, beside the raw SHA-256 of the whole
//! file (`sha2`, which jpki-core uses, and aws-lc-rs) in the same run.
//!
//! Each signature's ByteRange covers the file up to its revision, so a file with three
//! signatures is hashed about three times. The document timestamp is refused
//! (`Error::TimestampUnavailable`) before its ByteRange is hashed until timestamps land, and
//! in the three-signature file the first two signatures are *modified after signing* (later
//! revisions add signature fields): that file's report is not valid, its cost is measured all
//! the same.
//!
//! The files, the root and the TSA root are also written to `$JPKI_PDF_BENCH_DIR` (default: a
//! `jpki-pdf-bench` directory in the temp directory) for `benches/pyhanko_validate.py`, which
//! times pyHanko's validation of the same files (`benches/run.sh --pdf` runs both).
//!
//! `cargo bench --all-features --bench pdf`

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use jpki_core::testkit::{HolderSpec, SignedPdfBuilder, TestCa, TestTsa};
use jpki_core::{PdfVerifier, SignedDataVerifier, TimestampVerifier, UnixTime, Verifier};
use sha2::Digest as _;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

/// 2027-01-01T00:00:00Z.
const AT: u64 = 1_798_761_600;

fn out_dir() -> PathBuf {
    std::env::var_os("JPKI_PDF_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("jpki-pdf-bench"))
}

/// A builder padded so that the finished file is about `size` bytes.
fn padded(size: usize, finish: impl Fn(SignedPdfBuilder) -> SignedPdfBuilder) -> Vec<u8> {
    let bare = finish(SignedPdfBuilder::new()).build().len();
    finish(SignedPdfBuilder::new().pad(size.saturating_sub(bare))).build()
}

fn pdf(c: &mut Criterion) {
    let at = UnixTime::from_unix_seconds(AT);
    let ca = TestCa::new(1);
    let holder = ca.issue_signing(&HolderSpec::example());
    let tsa = TestTsa::new(1);
    let verifier = PdfVerifier::new(SignedDataVerifier::new(
        Verifier::new([ca.signing_root().certificate()]).expect("verifier"),
    ))
    .with_timestamps(TimestampVerifier::new(
        Verifier::new([tsa.root().certificate()]).expect("TSA verifier"),
    ));
    let dir = out_dir();
    std::fs::create_dir_all(&dir).expect("bench dir");
    std::fs::write(dir.join("root.pem"), ca.signing_root().to_pem()).expect("write");
    std::fs::write(dir.join("tsa-root.pem"), tsa.root().to_pem()).expect("write");
    for (label, size) in [("1 MiB", 1usize << 20), ("20 MiB", 20 << 20)] {
        let one = padded(size, |b| b.sign(&holder));
        let three = padded(size, |b| {
            b.sign(&holder)
                .sign(&holder)
                .sign_cades(&holder)
                .document_timestamp(&tsa, at)
        });
        // What each file verifies to today.
        let report = verifier.verify(&one, at).expect("parses");
        assert!(report.is_valid(), "{:?}", report.error());
        let report = verifier.verify(&three, at).expect("parses");
        let sigs = report.signatures();
        assert_eq!(sigs.len(), 4);
        assert!(
            sigs.iter()
                .take(3)
                .all(|s| s.cms().is_some_and(|c| c.is_valid()))
        );
        assert!(sigs[2].is_valid(), "{:?}", sigs[2].error());
        // The document timestamp is verified (one more pass over the file); the first two
        // signatures are modified after signing in the strict mode (later signature fields).
        assert!(sigs[3].is_valid(), "{:?}", sigs[3].error());
        assert!(sigs[0].modified_after_signing());
        let tag = label.replace(' ', "");
        for (name, file) in [("one-signature", &one), ("three-signatures-doc-ts", &three)] {
            std::fs::write(dir.join(format!("{tag}-{name}.pdf")), file).expect("write");
            let mut g = c.benchmark_group(format!("pdf {label} {name}"));
            g.throughput(Throughput::Bytes(file.len() as u64));
            if size > 1 << 20 {
                g.sample_size(10);
            }
            g.bench_function("jpki-core PdfVerifier::verify", |b| {
                b.iter(|| verifier.verify(black_box(file), at).map(|r| r.is_valid()))
            });
            g.bench_function("raw SHA-256 of the file: sha2", |b| {
                b.iter(|| sha2::Sha256::digest(black_box(file.as_slice())))
            });
            g.bench_function("raw SHA-256 of the file: aws-lc-rs", |b| {
                b.iter(|| aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, black_box(file)))
            });
            g.finish();
        }
    }
    eprintln!("PDFs for benches/pyhanko_validate.py: {}", dir.display());
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_secs(1));
    targets = pdf
}
criterion_main!(benches);

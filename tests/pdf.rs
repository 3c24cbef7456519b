//! Signed PDFs: the testkit's documents verified, and every attack shape refused with the
//! rule it breaks.

use jpki_core::testkit::{HolderSpec, IssuedCert, SignedPdfBuilder, TestCa};
use jpki_core::{
    Error, Limited, PdfProblem, PdfReport, PdfSignatureRule, PdfVerifier, SignedDataVerifier,
    UnixTime, Verifier,
};

/// A ByteRange rewrite.
type Edit = fn([usize; 4]) -> [usize; 4];

fn setup() -> (TestCa, IssuedCert, PdfVerifier) {
    let ca = TestCa::new(20);
    let holder = ca.issue_signing(&HolderSpec::example());
    let verifier = PdfVerifier::new(SignedDataVerifier::new(
        Verifier::new([ca.signing_root().certificate()]).expect("anchor"),
    ));
    (ca, holder, verifier)
}

fn at() -> UnixTime {
    UnixTime::parse_rfc3339("2027-01-01T00:00:00Z").expect("time")
}

fn verify(verifier: &PdfVerifier, pdf: &[u8]) -> PdfReport {
    verifier.verify(pdf, at()).expect("the structure parses")
}

#[test]
fn a_signed_pdf_verifies_with_tables_and_with_xref_streams() {
    let (_, holder, verifier) = setup();
    for builder in [
        SignedPdfBuilder::new(),
        SignedPdfBuilder::new().xref_streams(),
    ] {
        let pdf = builder.sign(&holder).build();
        let report = verify(&verifier, &pdf);
        assert!(report.is_valid(), "{:?}", report.error());
        let sig = &report.signatures()[0];
        assert_eq!(sig.field(), Some("Signature1"));
        assert!(sig.covers_whole_file());
        assert_eq!(sig.later_revisions(), 0);
        assert!(!sig.modified_after_signing());
        assert_eq!(sig.claimed_time(), Some("D:20270101090000+09'00'"));
        let cms = sig.cms().expect("cms report");
        assert_eq!(
            cms.signers()[0].certificate().map(|c| c.serial()),
            Some(holder.serial)
        );
    }
}

#[test]
fn a_cades_signature_verifies_and_needs_its_signing_certificate_attribute() {
    let (_, holder, verifier) = setup();
    let report = verify(
        &verifier,
        &SignedPdfBuilder::new().sign_cades(&holder).build(),
    );
    assert!(report.is_valid(), "{:?}", report.error());
    // The same CMS (no ESS attribute) under the CAdES name is refused.
    let plain = SignedPdfBuilder::new()
        .sign(&holder)
        .sub_filter("ETSI.CAdES.detached")
        .build();
    assert_eq!(
        verify(&verifier, &plain).error(),
        Some(&Error::PdfSignature(PdfSignatureRule::CadesTimeTwice))
    );
}

#[test]
fn an_unsigned_pdf_has_no_signer() {
    let (_, _, verifier) = setup();
    let report = verify(&verifier, &SignedPdfBuilder::new().build());
    assert!(report.signatures().is_empty());
    assert_eq!(report.error(), Some(&Error::NoSigner));
}

#[test]
fn sha1_subfilters_are_unsupported_and_document_timestamps_fail_closed() {
    let (_, holder, verifier) = setup();
    for name in ["adbe.pkcs7.sha1", "adbe.x509.rsa_sha1", "nonsense"] {
        let pdf = SignedPdfBuilder::new()
            .sign(&holder)
            .sub_filter(name)
            .build();
        let report = verify(&verifier, &pdf);
        assert_eq!(report.signatures()[0].sub_filter(), name);
        assert_eq!(
            report.error(),
            Some(&Error::PdfSignature(PdfSignatureRule::UnsupportedSubFilter))
        );
    }
    let pdf = SignedPdfBuilder::new()
        .sign(&holder)
        .sub_filter("ETSI.RFC3161")
        .build();
    let report = verify(&verifier, &pdf);
    assert!(!report.is_valid());
    assert_eq!(report.error(), Some(&Error::TimestampUnavailable));
    assert_eq!(
        Error::TimestampUnavailable.check_name(),
        "timestamp_unavailable"
    );
}

#[test]
fn a_forged_second_signature_appended_is_verified_and_refused() {
    let (_, holder, verifier) = setup();
    let stranger = TestCa::new(99).issue_signing(&HolderSpec::example());
    let pdf = SignedPdfBuilder::new()
        .sign(&holder)
        .sign(&stranger)
        .build();
    let report = verify(&verifier, &pdf);
    let sigs = report.signatures();
    assert_eq!(sigs.len(), 2);
    // Byte order: the first signature is the older one, and it was followed by a revision
    // that is not DSS or a document timestamp.
    assert_eq!(sigs[0].later_revisions(), 1);
    assert!(sigs[0].modified_after_signing());
    assert_eq!(sigs[0].error(), Some(&Error::ModifiedAfterSigning));
    assert!(!sigs[0].covers_whole_file());
    assert_eq!(sigs[1].error(), Some(&Error::UnknownIssuer));
    assert!(!report.is_valid());
}

#[test]
fn a_dss_revision_after_signing_is_accepted() {
    let (_, holder, verifier) = setup();
    for builder in [
        SignedPdfBuilder::new(),
        SignedPdfBuilder::new().xref_streams(),
    ] {
        let report = verify(&verifier, &builder.sign(&holder).add_dss().build());
        let sig = &report.signatures()[0];
        assert_eq!(sig.later_revisions(), 1);
        assert!(!sig.covers_whole_file());
        assert!(!sig.modified_after_signing());
        assert!(report.is_valid(), "{:?}", report.error());
    }
}

#[test]
fn a_shadow_revision_changing_the_page_is_modified_after_signing() {
    let (_, holder, verifier) = setup();
    for builder in [
        SignedPdfBuilder::new(),
        SignedPdfBuilder::new().xref_streams(),
    ] {
        let report = verify(
            &verifier,
            &builder.sign(&holder).shadow_page_change().build(),
        );
        assert!(report.signatures()[0].modified_after_signing());
        assert_eq!(report.error(), Some(&Error::ModifiedAfterSigning));
    }
}

#[test]
fn a_signature_dictionary_redefined_later_is_refused() {
    let (_, holder, verifier) = setup();
    let report = verify(
        &verifier,
        &SignedPdfBuilder::new()
            .sign(&holder)
            .redefine_signature()
            .build(),
    );
    // Both the original (modified after signing) and the redefinition (its gap is elsewhere)
    // are listed, and neither is valid.
    assert_eq!(report.signatures().len(), 2);
    assert_eq!(
        report.signatures()[0].error(),
        Some(&Error::ModifiedAfterSigning)
    );
    assert_eq!(
        report.signatures()[1].error(),
        Some(&Error::PdfSignature(PdfSignatureRule::GapNotContents))
    );
}

#[test]
fn bytes_appended_after_signing_are_refused() {
    let (_, holder, verifier) = setup();
    let pdf = SignedPdfBuilder::new()
        .sign(&holder)
        .append_bytes(b"% more\n".to_vec())
        .build();
    assert_eq!(
        verifier.verify(&pdf, at()).err(),
        Some(Error::BadPdf(PdfProblem::DataAfterEof))
    );
}

#[test]
fn byte_ranges_that_skip_overlap_or_do_not_start_at_zero_are_refused() {
    let (_, holder, verifier) = setup();
    let cases: [(Edit, PdfSignatureRule); 5] = [
        (
            |[_, b, c, d]| [1, b, c, d],
            PdfSignatureRule::ByteRangeNotAtStart,
        ),
        // Skips ten bytes before /Contents.
        (
            |[a, b, c, d]| [a, b - 10, c, d],
            PdfSignatureRule::GapNotContents,
        ),
        // Overlaps the gap.
        (
            |[a, b, c, d]| [a, b + 2, c - 2, d + 2],
            PdfSignatureRule::GapNotContents,
        ),
        // Stops short of the end.
        (
            |[a, b, c, d]| [a, b, c, d - 1],
            PdfSignatureRule::NotAtRevisionBoundary,
        ),
        (
            |[a, b, c, d]| [a, b, c, d + 1],
            PdfSignatureRule::ByteRangeOutsideFile,
        ),
    ];
    for (edit, rule) in cases {
        let pdf = SignedPdfBuilder::new()
            .sign(&holder)
            .byte_range(edit)
            .build();
        assert_eq!(
            verify(&verifier, &pdf).error(),
            Some(&Error::PdfSignature(rule)),
            "{rule:?}"
        );
    }
}

#[test]
fn contents_must_be_hex_and_padded_with_zeros_only() {
    let (_, holder, verifier) = setup();
    let pdf = SignedPdfBuilder::new()
        .sign(&holder)
        .contents_non_hex()
        .build();
    assert_eq!(
        verify(&verifier, &pdf).error(),
        Some(&Error::PdfSignature(PdfSignatureRule::ContentsNotHex))
    );
    let pdf = SignedPdfBuilder::new()
        .sign(&holder)
        .contents_trailing_nonzero()
        .build();
    assert_eq!(
        verify(&verifier, &pdf).error(),
        Some(&Error::PdfSignature(PdfSignatureRule::ContentsTrailingData))
    );
}

#[test]
fn a_changed_byte_inside_the_signed_range_is_a_content_mismatch() {
    let (_, holder, verifier) = setup();
    let mut pdf = SignedPdfBuilder::new().sign(&holder).build();
    let at = pdf
        .windows(4)
        .position(|w| w == b"JPKI")
        .expect("page text");
    pdf[at] = b'X';
    assert_eq!(
        verify(&verifier, &pdf).error(),
        Some(&Error::ContentMismatch)
    );
}

#[test]
fn the_signer_certificate_is_checked_at_the_callers_time() {
    let (_, holder, verifier) = setup();
    let pdf = SignedPdfBuilder::new().sign(&holder).build();
    let late = UnixTime::parse_rfc3339("2045-01-01T00:00:00Z").expect("time");
    let report = verifier.verify(&pdf, late).expect("parses");
    assert!(matches!(report.error(), Some(Error::Expired { .. })));
}

#[test]
fn structural_faults_are_typed_errors() {
    let (_, holder, verifier) = setup();
    let pdf = SignedPdfBuilder::new().sign(&holder).build();
    assert_eq!(
        verifier.verify(b"hello", at()).err(),
        Some(Error::BadPdf(PdfProblem::NoHeader))
    );
    // Every truncation is refused, never panics.
    for cut in (0..pdf.len()).step_by(97) {
        assert!(verifier.verify(&pdf[..cut], at()).is_err());
    }
    // A /Prev that points forwards (a loop) is refused.
    let text = String::from_utf8_lossy(&pdf).into_owned();
    let first_xref = text.find("xref\n").expect("xref");
    let prev = format!("/Prev {first_xref}");
    let looped = text.replace(
        &prev,
        &format!("/Prev {:0width$}", pdf.len() - 30, width = prev.len() - 6),
    );
    assert!(verifier.verify(looped.as_bytes(), at()).is_err());
}

#[test]
fn limits_are_enforced() {
    let (_, _, verifier) = setup();
    // Nesting deeper than MAX_PDF_NESTING in the trailer.
    let deep = format!(
        "%PDF-1.7\nxref\n0 1\n0000000000 65535 f \ntrailer\n<< /Root {}1{} >>\nstartxref\n9\n%%EOF\n",
        "[".repeat(100),
        "]".repeat(100)
    );
    assert!(matches!(
        verifier.verify(deep.as_bytes(), at()),
        Err(Error::TooLarge {
            what: Limited::PdfNesting,
            ..
        })
    ));
    // A huge xref subsection count.
    let huge =
        "%PDF-1.7\nxref\n0 99999999\n0000000000 65535 f \ntrailer\n<< >>\nstartxref\n9\n%%EOF\n";
    assert!(matches!(
        verifier.verify(huge.as_bytes(), at()),
        Err(Error::TooLarge {
            what: Limited::PdfXrefEntries,
            ..
        })
    ));
}

#[test]
fn a_decompression_bomb_in_a_cross_reference_stream_is_refused() {
    let (_, _, verifier) = setup();
    // 17 MiB of zeros compress to a few KiB: over MAX_PDF_DECOMPRESSED.
    let bomb = miniz_oxide::deflate::compress_to_vec_zlib(&vec![0u8; 17 << 20], 9);
    let mut pdf = b"%PDF-1.7\n".to_vec();
    let offset = pdf.len();
    pdf.extend_from_slice(
        format!(
            "1 0 obj\n<< /Type /XRef /Size 2 /W [1 4 2] /Filter /FlateDecode /Length {} >>\nstream\n",
            bomb.len()
        )
        .as_bytes(),
    );
    pdf.extend_from_slice(&bomb);
    pdf.extend_from_slice(format!("\nendstream\nendobj\nstartxref\n{offset}\n%%EOF\n").as_bytes());
    assert!(matches!(
        verifier.verify(&pdf, at()),
        Err(Error::TooLarge {
            what: Limited::PdfDecompressed,
            ..
        })
    ));
}

/// A file whose catalog and page tree sit in an object stream, indexed by an uncompressed
/// cross-reference stream; `stream_entry` is the entry written for the object stream itself.
fn object_stream_pdf(stream_entry: [u8; 7]) -> Vec<u8> {
    let catalog = "<< /Type /Catalog /Pages 2 0 R >>";
    let pages = "<< /Type /Pages /Kids [] /Count 0 >>";
    let header = format!("1 0 2 {} ", catalog.len() + 1);
    let body = format!("{header}{catalog} {pages}");
    let mut pdf = b"%PDF-1.7\n".to_vec();
    let objstm = pdf.len();
    pdf.extend_from_slice(
        format!(
            "3 0 obj\n<< /Type /ObjStm /N 2 /First {} /Length {} >>\nstream\n{body}\nendstream\nendobj\n",
            header.len(),
            body.len()
        )
        .as_bytes(),
    );
    let xref = pdf.len();
    let row = |kind: u8, a: usize, b: u16| {
        let mut r = vec![kind];
        r.extend_from_slice(&u32::try_from(a).expect("small").to_be_bytes());
        r.extend_from_slice(&b.to_be_bytes());
        r
    };
    let mut rows = [row(2, 3, 0), row(2, 3, 1)].concat();
    if stream_entry == [0; 7] {
        rows.extend(row(1, objstm, 0));
    } else {
        rows.extend_from_slice(&stream_entry);
    }
    rows.extend(row(1, xref, 0));
    pdf.extend_from_slice(
        format!(
            "4 0 obj\n<< /Type /XRef /Size 5 /Index [1 4] /W [1 4 2] /Root 1 0 R /Length {} >>\nstream\n",
            rows.len()
        )
        .as_bytes(),
    );
    pdf.extend_from_slice(&rows);
    pdf.extend_from_slice(format!("\nendstream\nendobj\nstartxref\n{xref}\n%%EOF\n").as_bytes());
    pdf
}

#[test]
fn objects_in_object_streams_are_read_and_an_object_stream_inside_itself_is_refused() {
    let (_, _, verifier) = setup();
    // The catalog is found through the object stream: an unsigned file, no signer.
    let report = verify(&verifier, &object_stream_pdf([0; 7]));
    assert_eq!(report.error(), Some(&Error::NoSigner));
    // The object stream said to be inside itself (a loop): refused, not followed.
    let looped = object_stream_pdf([2, 0, 0, 0, 3, 0, 0]);
    assert_eq!(
        verifier.verify(&looped, at()).err(),
        Some(Error::BadPdf(PdfProblem::BadObjectStream))
    );
}

#[test]
fn a_padded_file_verifies_and_a_testkit_document_timestamp_needs_tsa_anchors() {
    let (_, holder, verifier) = setup();
    let pdf = SignedPdfBuilder::new().pad(1 << 20).sign(&holder).build();
    assert!(pdf.len() > 1 << 20);
    let report = verify(&verifier, &pdf);
    assert!(report.is_valid(), "{:?}", report.error());
    let tsa = jpki_core::testkit::TestTsa::new(20);
    let pdf = SignedPdfBuilder::new()
        .sign(&holder)
        .document_timestamp(&tsa, at())
        .build();
    let report = verify(&verifier, &pdf);
    let sigs = report.signatures();
    assert_eq!(sigs.len(), 2);
    // The revision adding the document timestamp is permitted after the signature.
    assert_eq!(sigs[0].later_revisions(), 1);
    assert!(!sigs[0].modified_after_signing());
    assert!(sigs[0].is_valid(), "{:?}", sigs[0].error());
    assert_eq!(sigs[1].sub_filter(), "ETSI.RFC3161");
    assert_eq!(sigs[1].field(), Some("Timestamp2"));
    // Without TSA anchors the document timestamp cannot be checked (tests/pdf_timestamps.rs
    // verifies it with them).
    assert_eq!(sigs[1].error(), Some(&Error::TimestampUnavailable));
}

//! The PDF reader's limits: every input that could make it recurse, loop, allocate or work
//! without bound is refused with a typed error, quickly. Each file here is written by hand to
//! aim at one limit.

use std::time::{Duration, Instant};

use jpki_core::testkit::TestCa;
use jpki_core::{
    Error, Limited, MAX_PDF_DECOMPRESSED, MAX_PDF_NESTING, MAX_PDF_XREF_ENTRIES, PdfProblem,
    PdfVerifier, SignedDataVerifier, UnixTime, Verifier,
};

fn verifier() -> PdfVerifier {
    let ca = TestCa::new(22);
    PdfVerifier::new(SignedDataVerifier::new(
        Verifier::new([ca.signing_root().certificate()]).expect("anchor"),
    ))
}

fn at() -> UnixTime {
    UnixTime::parse_rfc3339("2027-01-01T00:00:00Z").expect("time")
}

/// Verifies `pdf`, and checks that it took less than `budget` (a limit that only stops
/// allocation, not work, would pass the error check and fail this one).
fn verify_within(pdf: &[u8], budget: Duration) -> Result<jpki_core::PdfReport, Error> {
    let start = Instant::now();
    let result = verifier().verify(pdf, at());
    let took = start.elapsed();
    assert!(took < budget, "took {took:?}, over {budget:?}");
    result
}

fn too_large(result: Result<jpki_core::PdfReport, Error>, what: Limited) {
    match result {
        Err(Error::TooLarge { what: w, .. }) => assert_eq!(w, what),
        other => panic!("expected TooLarge {{ {what:?} }}, got {other:?}"),
    }
}

fn bad(result: Result<jpki_core::PdfReport, Error>, problem: PdfProblem) {
    assert_eq!(result.err(), Some(Error::BadPdf(problem)));
}

/// A one-revision file: `objects` (number, body) then a cross-reference table and trailer.
fn table_pdf(objects: &[(u32, String)], trailer: &str) -> Vec<u8> {
    let mut pdf = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (num, body) in objects {
        offsets.push((*num, pdf.len()));
        pdf.extend_from_slice(format!("{num} 0 obj\n{body}\nendobj\n").as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(b"xref\n0 1\n0000000000 65535 f \n");
    for (num, off) in offsets {
        pdf.extend_from_slice(format!("{num} 1\n{off:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(format!("trailer\n{trailer}\nstartxref\n{xref}\n%%EOF\n").as_bytes());
    pdf
}

/// A one-revision file indexed by a cross-reference stream with dictionary entries `dict`
/// (`/W`, `/Index`, `/Size`, `/Filter`…) and stream data `rows`, after `objects`.
fn xref_stream_pdf(objects: &[u8], dict: &str, rows: &[u8]) -> Vec<u8> {
    let mut pdf = b"%PDF-1.7\n".to_vec();
    pdf.extend_from_slice(objects);
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!(
            "99 0 obj\n<< /Type /XRef {dict} /Root 1 0 R /Length {} >>\nstream\n",
            rows.len()
        )
        .as_bytes(),
    );
    pdf.extend_from_slice(rows);
    pdf.extend_from_slice(format!("\nendstream\nendobj\nstartxref\n{xref}\n%%EOF\n").as_bytes());
    pdf
}

const FAST: Duration = Duration::from_secs(5);

#[test]
fn deep_nesting_is_refused_at_the_nesting_limit() {
    let depth = MAX_PDF_NESTING * 4;
    for (open, close) in [("[", "]"), ("<< /A ", " >>")] {
        let catalog = format!(
            "<< /Type /Catalog /Pages 2 0 R /X {}1{} >>",
            open.repeat(depth),
            close.repeat(depth)
        );
        let pdf = table_pdf(
            &[
                (1, catalog),
                (2, "<< /Type /Pages /Kids [] /Count 0 >>".into()),
            ],
            "<< /Size 3 /Root 1 0 R >>",
        );
        too_large(verify_within(&pdf, FAST), Limited::PdfNesting);
    }
    // A million brackets: refused at the limit, not after reading them all.
    let deep = format!(
        "%PDF-1.7\nxref\n0 1\n0000000000 65535 f \ntrailer\n<< /Root {}1 >>\nstartxref\n9\n%%EOF\n",
        "[".repeat(1_000_000)
    );
    too_large(verify_within(deep.as_bytes(), FAST), Limited::PdfNesting);
}

#[test]
fn an_impossible_xref_stream_field_width_is_refused() {
    for w in [
        "[1 1000000000 1]",
        "[1 9 1]",
        "[-1 4 2]",
        "[1 4]",
        "[0 0 0]",
        "1",
    ] {
        let pdf = xref_stream_pdf(b"", &format!("/Size 1 /W {w}"), &[0; 7]);
        bad(verify_within(&pdf, FAST), PdfProblem::BadXref);
    }
}

#[test]
fn huge_xref_stream_counts_are_refused_before_allocating() {
    for dict in [
        "/Size 2000000000 /W [1 4 2]".to_string(),
        "/Size 3 /Index [0 2000000000] /W [1 4 2]".to_string(),
        format!(
            "/Size 3 /Index [0 {} 5 {}] /W [1 4 2]",
            MAX_PDF_XREF_ENTRIES, MAX_PDF_XREF_ENTRIES
        ),
    ] {
        let pdf = xref_stream_pdf(b"", &dict, &[0; 7]);
        too_large(verify_within(&pdf, FAST), Limited::PdfXrefEntries);
    }
    // Negative or overflowing counts are malformed, not huge.
    for dict in [
        "/Size 3 /Index [0 -5] /W [1 4 2]",
        "/Size 3 /Index [4294967295 2] /W [1 4 2]",
    ] {
        let pdf = xref_stream_pdf(b"", dict, &[0; 7]);
        bad(verify_within(&pdf, FAST), PdfProblem::BadXref);
    }
}

#[test]
fn the_most_xref_entries_allowed_are_read_in_bounded_time() {
    // MAX_PDF_XREF_ENTRIES free entries of one byte each (/W [1 0 0]): within the limit, so
    // read; a duplicate check or lookup that is quadratic in the entries would not finish.
    let rows = vec![0u8; MAX_PDF_XREF_ENTRIES];
    let packed = miniz_oxide::deflate::compress_to_vec_zlib(&rows, 9);
    let mut pdf = b"%PDF-1.7\n".to_vec();
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!(
            "99 0 obj\n<< /Type /XRef /Size {} /Index [100 {}] /W [1 0 0] /Filter /FlateDecode /Root 1 0 R /Length {} >>\nstream\n",
            100 + MAX_PDF_XREF_ENTRIES,
            MAX_PDF_XREF_ENTRIES,
            packed.len()
        )
        .as_bytes(),
    );
    pdf.extend_from_slice(&packed);
    pdf.extend_from_slice(format!("\nendstream\nendobj\nstartxref\n{xref}\n%%EOF\n").as_bytes());
    // No catalog (free entries only): refused, but only after every entry was read, sorted
    // and checked for duplicates.
    let result = verify_within(&pdf, Duration::from_secs(20));
    assert!(result.is_err());
}

#[test]
fn a_circular_prev_chain_is_refused() {
    let body = "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n";
    let mut pdf = format!("%PDF-1.7\n{body}").into_bytes();
    let first = pdf.len();
    // A /Prev naming its own section.
    pdf.extend_from_slice(
        format!(
            "xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n{:010} 00000 n \ntrailer\n<< /Size 3 /Root 1 0 R /Prev {first} >>\nstartxref\n{first}\n%%EOF\n",
            9 + body.find("2 0 obj").expect("obj 2")
        )
        .as_bytes(),
    );
    bad(verify_within(&pdf, FAST), PdfProblem::PrevNotBackwards);
    // Two sections naming each other: the older one's /Prev points forwards.
    let mut two = pdf.clone();
    let len_before = two.len();
    let second = len_before;
    two.extend_from_slice(
        format!("xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 3 /Root 1 0 R /Prev {first} >>\nstartxref\n{second}\n%%EOF\n").as_bytes(),
    );
    let text = String::from_utf8_lossy(&two).into_owned();
    let looped = text.replacen(
        &format!("/Prev {first} >>\nstartxref\n{first}"),
        &format!(
            "/Prev {second:0w$} >>\nstartxref\n{first}",
            w = first.to_string().len()
        ),
        1,
    );
    // (Only when the forward offset fits in the digits of the old one; else the file would
    // shift. The offsets here are three digits either way.)
    assert_ne!(looped, text);
    bad(
        verify_within(looped.as_bytes(), FAST),
        PdfProblem::PrevNotBackwards,
    );
}

/// A file whose catalog and page tree sit in object stream 3, with `objstm_dict_extra` added
/// to the object stream's dictionary and `second` as the second contained object.
fn object_stream_pdf(
    objstm_dict_extra: &str,
    second: &str,
    stream_data: Option<Vec<u8>>,
) -> Vec<u8> {
    // The form (object 2) is looked up whenever the catalog is read: a loop through it is met.
    let catalog = "<< /Type /Catalog /Pages 2 0 R /AcroForm 2 0 R >>";
    let header = format!("1 0 2 {} ", catalog.len() + 1);
    let body = format!("{header}{catalog} {second}");
    let (filter, data) = match stream_data {
        Some(d) => ("/Filter /FlateDecode ", d),
        None => ("", body.clone().into_bytes()),
    };
    let mut pdf = b"%PDF-1.7\n".to_vec();
    let objstm = pdf.len();
    pdf.extend_from_slice(
        format!(
            "3 0 obj\n<< /Type /ObjStm /N 2 /First {} {filter}{objstm_dict_extra}/Length {} >>\nstream\n",
            header.len(),
            data.len()
        )
        .as_bytes(),
    );
    pdf.extend_from_slice(&data);
    pdf.extend_from_slice(b"\nendstream\nendobj\n");
    let xref = pdf.len();
    let row = |kind: u8, a: usize, b: u16| {
        let mut r = vec![kind];
        r.extend_from_slice(&u32::try_from(a).expect("small").to_be_bytes());
        r.extend_from_slice(&b.to_be_bytes());
        r
    };
    let rows = [
        row(2, 3, 0),
        row(2, 3, 1),
        row(1, objstm, 0),
        row(1, xref, 0),
    ]
    .concat();
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

/// Object 2: a page tree that is also an (empty) form.
const PAGES: &str = "<< /Type /Pages /Kids [] /Count 0 /Fields [] >>";

#[test]
fn object_stream_loops_are_refused() {
    // The well-formed file reads (unsigned: no signer).
    let ok = verify_within(&object_stream_pdf("", PAGES, None), FAST).expect("reads");
    assert_eq!(ok.error(), Some(&Error::NoSigner));
    // /Extends naming the object stream itself.
    bad(
        verify_within(&object_stream_pdf("/Extends 3 0 R ", PAGES, None), FAST),
        PdfProblem::BadObjectStream,
    );
    // A contained object that is only a reference, back to the stream or to itself.
    for second in ["3 0 R", "2 0 R"] {
        bad(
            verify_within(&object_stream_pdf("", second, None), FAST),
            PdfProblem::BadObjectStream,
        );
    }
}

#[test]
fn a_decompression_bomb_in_an_object_stream_is_refused() {
    let bomb =
        miniz_oxide::deflate::compress_to_vec_zlib(&vec![b' '; MAX_PDF_DECOMPRESSED + 1024], 9);
    let pdf = object_stream_pdf("", PAGES, Some(bomb));
    too_large(
        verify_within(&pdf, Duration::from_secs(20)),
        Limited::PdfDecompressed,
    );
}

#[test]
fn many_object_streams_stop_at_the_total_decompression_limit() {
    use jpki_core::MAX_PDF_DECOMPRESSED_TOTAL;
    // Object streams each under MAX_PDF_DECOMPRESSED, together over the total: the form's
    // fields, one per stream, are resolved one after another until the total is reached.
    let each = MAX_PDF_DECOMPRESSED - 1024;
    let streams = MAX_PDF_DECOMPRESSED_TOTAL / each + 1;
    let mut pdf = b"%PDF-1.7\n".to_vec();
    let fields: Vec<String> = (0..streams).map(|i| format!("{} 0 R", 100 + i)).collect();
    let mut rows: Vec<(usize, Vec<u8>)> = Vec::new();
    let row = |kind: u8, a: usize, b: u16| {
        let mut r = vec![kind];
        r.extend_from_slice(&u32::try_from(a).expect("small").to_be_bytes());
        r.extend_from_slice(&b.to_be_bytes());
        r
    };
    rows.push((1, row(1, pdf.len(), 0)));
    pdf.extend_from_slice(
        format!(
            "1 0 obj\n<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [{}] >> >>\nendobj\n",
            fields.join(" ")
        )
        .as_bytes(),
    );
    rows.push((2, row(1, pdf.len(), 0)));
    pdf.extend_from_slice(b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n");
    for i in 0..streams {
        let (stm, field) = (10 + i, 100 + i);
        let header = format!("{field} 0 ");
        let mut data = format!("{header}<< /FT /Tx /T (f{i}) >>").into_bytes();
        data.resize(each, b' ');
        let packed = miniz_oxide::deflate::compress_to_vec_zlib(&data, 1);
        rows.push((stm, row(1, pdf.len(), 0)));
        rows.push((field, row(2, stm, 0)));
        pdf.extend_from_slice(
            format!(
                "{stm} 0 obj\n<< /Type /ObjStm /N 1 /First {} /Filter /FlateDecode /Length {} >>\nstream\n",
                header.len(),
                packed.len()
            )
            .as_bytes(),
        );
        pdf.extend_from_slice(&packed);
        pdf.extend_from_slice(b"\nendstream\nendobj\n");
    }
    let xref = pdf.len();
    rows.push((99, row(1, xref, 0)));
    rows.sort_by_key(|(n, _)| *n);
    let index: Vec<String> = rows.iter().map(|(n, _)| format!("{n} 1")).collect();
    let data: Vec<u8> = rows.into_iter().flat_map(|(_, r)| r).collect();
    pdf.extend_from_slice(
        format!(
            "99 0 obj\n<< /Type /XRef /Size 200 /Index [{}] /W [1 4 2] /Root 1 0 R /Length {} >>\nstream\n",
            index.join(" "),
            data.len()
        )
        .as_bytes(),
    );
    pdf.extend_from_slice(&data);
    pdf.extend_from_slice(format!("\nendstream\nendobj\nstartxref\n{xref}\n%%EOF\n").as_bytes());
    too_large(
        verify_within(&pdf, Duration::from_secs(30)),
        Limited::PdfDecompressedTotal,
    );
}

#[test]
fn one_huge_object_named_by_every_field_stops_at_the_lookup_budget() {
    use jpki_core::{MAX_PDF_PARSE_BASE, MAX_PDF_PARSE_FACTOR};
    // One field dictionary holding an 8 MiB string, named by enough /Fields entries that
    // reading it for each would pass the budget: refused, not read every time.
    let big = 8 << 20;
    let reads = (MAX_PDF_PARSE_BASE + MAX_PDF_PARSE_FACTOR * (big + 4096)) / big + 2;
    let fields = vec!["3 0 R"; reads].join(" ");
    let pdf = table_pdf(
        &[
            (
                1,
                format!("<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [{fields}] >> >>"),
            ),
            (2, "<< /Type /Pages /Kids [] /Count 0 >>".into()),
            (3, format!("<< /FT /Tx /T ({}) >>", "a".repeat(big))),
        ],
        "<< /Size 4 /Root 1 0 R >>",
    );
    too_large(
        verify_within(&pdf, Duration::from_secs(60)),
        Limited::PdfParsed,
    );
}

#[test]
fn many_signed_revisions_stay_within_the_lookup_budget() {
    // Every revision's walk looks up every earlier signature dictionary (16 KiB of /Contents
    // each) again: as many as the revision limit allows (one revision is the unsigned
    // document) read well under the budget.
    let ca = TestCa::new(22);
    let holder = ca.issue_signing(&jpki_core::testkit::HolderSpec::example());
    let mut builder = jpki_core::testkit::SignedPdfBuilder::new();
    let signatures = jpki_core::MAX_PDF_REVISIONS - 1;
    for _ in 0..signatures {
        builder = builder.sign(&holder);
    }
    let report = verify_within(&builder.build(), Duration::from_secs(120)).expect("reads");
    assert_eq!(report.signatures().len(), signatures);
    assert!(report.signatures().last().is_some_and(|s| s.is_valid()));
}

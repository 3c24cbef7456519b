//! The strict mode permits a later revision that redefines the document information
//! dictionary (the signed revision's trailer `/Info`: metadata no page shows, which writers such
//! as pyHanko update in every revision), and nothing else through it: an object that is not an
//! information dictionary stays a modification even when a later trailer calls it `/Info`.

use jpki_core::testkit::{HolderSpec, SignedPdfBuilder, TestCa};
use jpki_core::{Error, PdfVerifier, SignedDataVerifier, UnixTime, Verifier};

/// Appends one revision defining `objects` (number, body) with a classic cross-reference
/// section and a trailer carrying `extra` entries.
fn append_revision(pdf: &mut Vec<u8>, objects: &[(u32, &str)], extra: &str) {
    let text = String::from_utf8_lossy(pdf).into_owned();
    let prev: usize = text
        .rsplit("startxref\n")
        .next()
        .and_then(|t| t.lines().next())
        .and_then(|n| n.trim().parse().ok())
        .expect("startxref");
    let size: u32 = text
        .rsplit("/Size ")
        .next()
        .and_then(|t| t.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .expect("/Size");
    let size = objects.iter().map(|(n, _)| n + 1).fold(size, u32::max);
    let mut xref = String::from("xref\n");
    for (num, body) in objects {
        let at = pdf.len();
        pdf.extend_from_slice(format!("{num} 0 obj\n{body}\nendobj\n").as_bytes());
        xref.push_str(&format!("{num} 1\n{at:010} 00000 n \n"));
    }
    let start = pdf.len();
    pdf.extend_from_slice(xref.as_bytes());
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {size} /Root 1 0 R /Prev {prev}{extra} >>\nstartxref\n{start}\n%%EOF\n"
        )
        .as_bytes(),
    );
}

fn verify(pdf: &[u8]) -> jpki_core::PdfReport {
    let ca = TestCa::new(1);
    PdfVerifier::new(SignedDataVerifier::new(
        Verifier::new([ca.signing_root().certificate()]).unwrap(),
    ))
    .verify(
        pdf,
        UnixTime::parse_rfc3339("2027-01-01T00:00:00Z").unwrap(),
    )
    .unwrap()
}

fn signed() -> Vec<u8> {
    let holder = TestCa::new(1).issue_signing(&HolderSpec::example());
    SignedPdfBuilder::new().sign(&holder).build()
}

#[test]
fn a_new_and_then_a_redefined_information_dictionary_are_permitted() {
    let mut pdf = signed();
    append_revision(
        &mut pdf,
        &[(
            90,
            "<< /Producer (jpki-core test) /ModDate (D:20270101090000+09'00') >>",
        )],
        " /Info 90 0 R",
    );
    assert!(verify(&pdf).is_valid());
    // The signature of the next revision's view: /Info is the signed revision's, redefined.
    append_revision(
        &mut pdf,
        &[(
            90,
            "<< /Producer (another writer) /ModDate (D:20270102090000+09'00') /Trapped /False >>",
        )],
        " /Info 90 0 R",
    );
    let report = verify(&pdf);
    assert!(report.is_valid(), "{:?}", report.error());
    assert_eq!(report.signatures()[0].later_revisions(), 2);
}

#[test]
fn a_page_called_info_is_still_a_modification() {
    let mut pdf = signed();
    // Object 3 is the page: a trailer that calls it /Info, then a revision that replaces it.
    append_revision(&mut pdf, &[], " /Info 3 0 R");
    append_revision(&mut pdf, &[(3, "<< /Producer (x) >>")], " /Info 3 0 R");
    let report = verify(&pdf);
    assert!(report.signatures()[0].modified_after_signing());
    assert_eq!(report.error(), Some(&Error::ModifiedAfterSigning));
}

#[test]
fn an_information_dictionary_with_references_is_a_modification() {
    let mut pdf = signed();
    append_revision(&mut pdf, &[(90, "<< /Producer (x) >>")], " /Info 90 0 R");
    append_revision(
        &mut pdf,
        &[(90, "<< /Producer (x) /Extra 3 0 R >>")],
        " /Info 90 0 R",
    );
    assert_eq!(verify(&pdf).error(), Some(&Error::ModifiedAfterSigning));
}

//! Resource limits: every parser refuses oversized or pathological input with a typed error,
//! without a panic, a stack overflow or memory beyond a constant times the input. The limits are
//! listed in docs/limits.md. (No timing here: a quadratic step on these inputs would not finish,
//! which is what the CI time limit would catch.)

/// The fuzz targets' entry points (`fuzz/entry.rs`), compiled into this test.
#[path = "../fuzz/entry.rs"]
#[allow(dead_code)]
mod fuzz_entry;

use jpki_core::testkit::{CrlSpec, HolderSpec, TemplateExtension, TestCa};
use jpki_core::{
    BasicFourInfo, Certificate, Crl, CrlReason, Error, Limited, MAX_CERTIFICATE_SIZE,
    MAX_EXTENSIONS, MAX_GENERAL_NAMES, MAX_OCSP_REQUEST_SIZE, MAX_OCSP_RESPONSE_SIZE, OcspRequest,
    OcspResponse, RevocationIndex, SerialNumber, UnixTime, oids,
};

fn at() -> UnixTime {
    UnixTime::parse_rfc3339("2027-01-01T00:00:00Z").expect("time")
}

/// A DER header for `tag` and a body of `len` octets (long form when needed).
fn header(tag: u8, len: usize) -> Vec<u8> {
    let mut out = vec![tag];
    if len < 0x80 {
        out.push(u8::try_from(len).expect("short"));
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(0x80 | u8::try_from(bytes.len()).expect("len"));
        out.extend(bytes);
    }
    out
}

/// `depth` SEQUENCEs, each holding the next, around an empty one.
fn nested(depth: usize) -> Vec<u8> {
    let mut v = vec![0x30, 0x00];
    for _ in 0..depth {
        let mut outer = header(0x30, v.len());
        outer.extend_from_slice(&v);
        v = outer;
    }
    v
}

/// A GeneralNames with `n` one-letter dNSNames.
fn general_names(n: usize) -> Vec<u8> {
    let body: Vec<u8> = (0..n).flat_map(|_| [0x82, 0x01, b'a']).collect();
    let mut out = header(0x30, body.len());
    out.extend(body);
    out
}

#[test]
fn a_million_duplicate_serials_index_to_one_entry() {
    let ca = TestCa::new(3);
    let serial = SerialNumber::from_u64(20_260_105_000_001).expect("serial");
    let mut spec = CrlSpec::signing(at());
    spec.entries = vec![(serial, at().minus_seconds(60), Some(CrlReason::Superseded)); 1_000_000];
    let der = ca.issue_crl(&spec);
    let mut index = RevocationIndex::new(ca.signing_root().certificate()).expect("index");
    index
        .insert_der(&der)
        .expect("a CRL with duplicates is still a CRL");
    assert_eq!(index.len(), 1, "duplicates merge into one entry");
    assert!(index.entry_bytes() < 1024, "{} bytes", index.entry_bytes());
    // The entry limit is configurable and leaves the index untouched when exceeded.
    let mut small = RevocationIndex::new(ca.signing_root().certificate())
        .expect("index")
        .with_max_entries(999_999);
    assert!(matches!(
        small.insert_der(&der),
        Err(Error::TooLarge {
            what: Limited::CrlEntries,
            size: 1_000_000,
            limit: 999_999
        })
    ));
    assert!(small.is_empty());
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let cert_sized = nested(MAX_CERTIFICATE_SIZE / 4 - 8);
    assert!(cert_sized.len() <= MAX_CERTIFICATE_SIZE);
    assert!(Certificate::from_der(&cert_sized).is_err());
    assert!(Certificate::from_der_or_pem(&cert_sized).is_err());
    assert!(OcspRequest::from_der(&nested(MAX_OCSP_REQUEST_SIZE / 4 - 8)).is_err());
    let big = nested(200_000);
    assert!(big.len() <= MAX_OCSP_RESPONSE_SIZE);
    assert!(OcspResponse::from_der(&big).is_err());
    assert!(Crl::from_der(&big).is_err());
    assert!(BasicFourInfo::from_subject_alt_name_der(&big).is_err());
    fuzz_entry::certificate(&cert_sized);
    fuzz_entry::verify(&cert_sized);
}

#[test]
fn sixty_four_thousand_san_entries_hit_the_general_names_limit() {
    let san = general_names(65_536);
    assert!(matches!(
        BasicFourInfo::from_subject_alt_name_der(&san),
        Err(Error::TooLarge {
            what: Limited::GeneralNames,
            limit: MAX_GENERAL_NAMES,
            ..
        })
    ));
    // In a certificate (which must stay under 64 KiB): one name over the limit is refused, the
    // limit itself is accepted.
    let ca = TestCa::new(3);
    for (n, ok) in [(MAX_GENERAL_NAMES, true), (MAX_GENERAL_NAMES + 1, false)] {
        let mut t = ca.signing_template(&HolderSpec::example());
        t.extensions.retain(|e| e.oid != oids::SUBJECT_ALT_NAME);
        t.extensions.push(TemplateExtension {
            oid: oids::SUBJECT_ALT_NAME,
            critical: false,
            value: general_names(n),
        });
        let got = Certificate::from_der(&ca.sign_template(&t));
        assert_eq!(got.is_ok(), ok, "{n} names: {got:?}");
    }
}

#[test]
fn more_extensions_than_the_limit_are_refused() {
    let ca = TestCa::new(3);
    let mut t = ca.signing_template(&HolderSpec::example());
    let have = t.extensions.len();
    for i in 0..=(MAX_EXTENSIONS - have) {
        t.extensions.push(TemplateExtension {
            oid: format!("1.3.6.1.4.1.99999.{i}").parse().expect("oid"),
            critical: false,
            value: vec![0x05, 0x00],
        });
    }
    assert!(matches!(
        Certificate::from_der(&ca.sign_template(&t)),
        Err(Error::TooLarge {
            what: Limited::ExtensionList,
            ..
        })
    ));
}

#[test]
fn a_hundred_megabyte_input_is_refused_early_everywhere() {
    let huge = vec![0x30u8; 100 * 1024 * 1024];
    assert!(matches!(
        Certificate::from_der(&huge),
        Err(Error::TooLarge { .. })
    ));
    assert!(matches!(
        OcspResponse::from_der(&huge),
        Err(Error::TooLarge { .. })
    ));
    assert!(matches!(
        OcspRequest::from_der(&huge),
        Err(Error::TooLarge { .. })
    ));
    // Under the CRL size limit (1 GiB) the parser reads the outer header and stops.
    assert!(matches!(Crl::from_der(&huge), Err(Error::BadDer { .. })));
    assert!(BasicFourInfo::from_subject_alt_name_der(&huge).is_err());
    // 100 MB of text without a PEM block, and one huge block: linear scans, typed errors.
    let text = vec![b'A'; 100 * 1024 * 1024];
    assert!(matches!(
        Certificate::from_pem(&text),
        Err(Error::BadPem(_))
    ));
    let mut block = b"-----BEGIN CERTIFICATE-----\n".to_vec();
    block.extend(std::iter::repeat_n(b'A', 100 * 1024 * 1024));
    block.extend_from_slice(b"\n-----END CERTIFICATE-----\n");
    assert!(Certificate::from_pem(&block).is_err());
    // A header that claims 100 MB of content the input does not have.
    let mut lying = header(0x30, 100 * 1024 * 1024);
    lying.extend_from_slice(&[0x02, 0x01, 0x01]);
    assert!(Crl::from_der(&lying).is_err());
    assert!(Certificate::from_der(&lying).is_err());
}

//! Resource limits of the RFC 3161 request and response parsers (docs/limits.md): a 100 MB
//! input, more extensions or statusStrings than allowed, a token nested thousands deep, a huge
//! nonce. Each is a typed error (or a value), refused before work in proportion to what the
//! input claims: never a panic, a stack overflow or a long wait.

use std::time::{Duration, Instant};

use jpki_core::testkit::TestTsa;
use jpki_core::{
    DigestAlgorithm, Error, Limited, MAX_STATUS_STRINGS, MAX_TIMESTAMP_REQUEST_EXTENSIONS,
    MAX_TIMESTAMP_REQUEST_SIZE, MAX_TIMESTAMP_RESPONSE_SIZE, TimestampRequest, TimestampResponse,
    UnixTime,
};

fn header(tag: u8, len: usize) -> Vec<u8> {
    let mut out = vec![tag];
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out
}

fn tlv(tag: u8, body: &[u8]) -> Vec<u8> {
    let mut out = header(tag, body.len());
    out.extend_from_slice(body);
    out
}

const SHA256_NULL: &[u8] = &[
    0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00,
];

fn request_with(tail: &[u8]) -> Vec<u8> {
    let imprint = tlv(0x30, &[SHA256_NULL, &tlv(0x04, &[0; 32])].concat());
    tlv(0x30, &[&[0x02, 0x01, 0x01][..], &imprint, tail].concat())
}

fn quick<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    let took = start.elapsed();
    eprintln!("{what}: {took:?}");
    assert!(took < Duration::from_secs(2), "{what} took {took:?}");
    out
}

#[test]
fn a_100_mb_input_is_refused_by_its_size_alone() {
    let mut huge = request_with(&[]);
    huge.resize(100 << 20, 0);
    assert!(matches!(
        quick("100 MB request", || TimestampRequest::from_der(&huge)),
        Err(Error::TooLarge {
            what: Limited::TimestampRequest,
            limit: MAX_TIMESTAMP_REQUEST_SIZE,
            ..
        })
    ));
    assert!(matches!(
        quick("100 MB response", || TimestampResponse::from_der(&huge)),
        Err(Error::TooLarge {
            what: Limited::TimestampResponse,
            limit: MAX_TIMESTAMP_RESPONSE_SIZE,
            ..
        })
    ));
    // One octet over each limit, with a header that claims it all.
    let over = tlv(0x30, &vec![0; MAX_TIMESTAMP_REQUEST_SIZE]);
    assert!(matches!(
        TimestampRequest::from_der(&over),
        Err(Error::TooLarge { .. })
    ));
    let over = tlv(0x30, &vec![0; MAX_TIMESTAMP_RESPONSE_SIZE]);
    assert!(matches!(
        TimestampResponse::from_der(&over),
        Err(Error::TooLarge { .. })
    ));
}

#[test]
fn thousands_of_extensions_stop_at_the_limit() {
    // 4,000 extensions of 12 octets fit under the size limit; the count stops the walk.
    let ext = tlv(
        0x30,
        &[
            &[0x06, 0x03, 0x2a, 0x03, 0x04][..],
            &tlv(0x04, &[0x05, 0x00]),
        ]
        .concat(),
    );
    let der = request_with(&tlv(0xa0, &ext.repeat(4_000)));
    assert!(der.len() < MAX_TIMESTAMP_REQUEST_SIZE);
    assert!(matches!(
        quick("4,000 extensions", || TimestampRequest::from_der(&der)),
        Err(Error::TooLarge {
            what: Limited::TimestampRequestExtensions,
            size,
            limit: MAX_TIMESTAMP_REQUEST_EXTENSIONS,
        }) if size == MAX_TIMESTAMP_REQUEST_EXTENSIONS + 1
    ));
    let at_limit = request_with(&tlv(0xa0, &ext.repeat(MAX_TIMESTAMP_REQUEST_EXTENSIONS)));
    assert!(TimestampRequest::from_der(&at_limit).is_ok());
}

#[test]
fn hundreds_of_thousands_of_status_strings_stop_at_the_limit() {
    // 300,000 empty UTF8Strings: 600 KB, under the response limit.
    let strings = tlv(0x30, &[0x0c, 0x00].repeat(300_000));
    let der = tlv(
        0x30,
        &tlv(0x30, &[&[0x02, 0x01, 0x02][..], &strings].concat()),
    );
    assert!(der.len() < MAX_TIMESTAMP_RESPONSE_SIZE);
    assert!(matches!(
        quick("300,000 statusStrings", || TimestampResponse::from_der(&der)),
        Err(Error::TooLarge {
            what: Limited::StatusStrings,
            size,
            limit: MAX_STATUS_STRINGS,
        }) if size == MAX_STATUS_STRINGS + 1
    ));
}

#[test]
fn a_token_nested_deep_is_refused_without_recursion() {
    // 100,000 SEQUENCEs, each inside the next, as the timeStampToken (under 1 MiB).
    let mut token = Vec::new();
    for _ in 0..100_000 {
        token = tlv(0x30, &token);
        if token.len() > MAX_TIMESTAMP_RESPONSE_SIZE - 64 {
            break;
        }
    }
    let der = tlv(
        0x30,
        &[&tlv(0x30, &[0x02, 0x01, 0x00])[..], &token].concat(),
    );
    assert!(der.len() <= MAX_TIMESTAMP_RESPONSE_SIZE);
    assert!(matches!(
        quick("deep token", || TimestampResponse::from_der(&der)),
        Err(Error::BadDer { .. })
    ));
}

#[test]
fn a_huge_nonce_is_read_once() {
    // A 60 KB nonce: a legal INTEGER, parsed (and encoded back) in linear time.
    let mut nonce = vec![0x42; 60_000];
    nonce[0] = 0x01;
    let der = request_with(&tlv(0x02, &nonce));
    let request = quick("60 KB nonce", || TimestampRequest::from_der(&der)).expect("parse");
    assert_eq!(request.nonce().map(<[u8]>::len), Some(60_000));
    assert_eq!(request.to_der().expect("der"), der);
}

#[test]
fn parsing_and_checking_a_response_is_fast() {
    let tsa = TestTsa::new(1);
    let at = UnixTime::parse_rfc3339("2027-03-01T09:00:00Z").expect("time");
    let request = TimestampRequest::new(DigestAlgorithm::Sha256, &[1; 32])
        .expect("request")
        .with_cert_req(true);
    let response = tsa.respond(&request.to_der().expect("der"), at);
    let n = 1_000;
    let start = Instant::now();
    for _ in 0..n {
        let token = TimestampResponse::from_der(&response)
            .and_then(|r| r.check(&request))
            .expect("check");
        assert!(token.tst_info().nonce().is_some());
    }
    let each = start.elapsed() / n;
    eprintln!(
        "parse + check of a {}-octet response: {each:?} each",
        response.len()
    );
    assert!(each < Duration::from_millis(20), "{each:?}");
}

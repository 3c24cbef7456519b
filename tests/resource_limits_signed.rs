//! Resource limits of the CMS SignedData parser and verifier (docs/limits.md): thousands of
//! signers, huge certificate sets, more attributes or values than allowed, deep nesting inside
//! an attribute, a 100 MB input, and 64 MiB of detached content streamed in constant memory,
//! with and without signed attributes.
//! Each is a typed error (or a valid document), never a panic, a stack overflow or memory in
//! proportion to what the input claims.

use std::io::Read;

use jpki_core::testkit::{CmsBuilder, HolderSpec, SignedAttrs, TestAttribute, TestCa};
use jpki_core::{
    Error, Limited, MAX_ATTRIBUTE_VALUES, MAX_ATTRIBUTES, MAX_SIGNED_DATA_CERTIFICATES,
    MAX_SIGNED_DATA_SIZE, MAX_SIGNERS, Oid, SignedData, SignedDataVerifier, UnixTime, Verifier,
};

fn at() -> UnixTime {
    UnixTime::parse_rfc3339("2027-01-01T00:00:00Z").expect("time")
}

/// A DER header for `tag` and a body of `len` octets.
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

const ID_DATA: &[u8] = &[
    0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01,
];
const ID_SIGNED_DATA: &[u8] = &[
    0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02,
];

/// A ContentInfo holding a SignedData with these certificates and SignerInfos (as raw
/// elements).
fn signed_data(certificates: &[Vec<u8>], signer_infos: &[Vec<u8>]) -> Vec<u8> {
    let mut body = vec![0x02, 0x01, 0x01];
    body.extend(tlv(0x31, &[]));
    body.extend(tlv(0x30, ID_DATA));
    if !certificates.is_empty() {
        body.extend(tlv(0xa0, &certificates.concat()));
    }
    body.extend(tlv(0x31, &signer_infos.concat()));
    let sd = tlv(0x30, &body);
    tlv(0x30, &[ID_SIGNED_DATA.to_vec(), tlv(0xa0, &sd)].concat())
}

/// A SignerInfo that parses: issuerAndSerialNumber, SHA-256, rsaEncryption.
fn minimal_signer_info() -> Vec<u8> {
    let sid = tlv(0x30, &[tlv(0x30, &[]), vec![0x02, 0x01, 0x01]].concat());
    let sha256 = tlv(
        0x30,
        &[
            0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01,
        ],
    );
    let rsa = tlv(
        0x30,
        &[
            0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
        ],
    );
    tlv(
        0x30,
        &[
            vec![0x02, 0x01, 0x01],
            sid,
            sha256,
            rsa,
            tlv(0x04, &[0; 256]),
        ]
        .concat(),
    )
}

#[test]
fn ten_thousand_signers_hit_the_signer_limit_before_any_is_parsed() {
    let one = minimal_signer_info();
    // The limit itself is fine...
    let at_limit = signed_data(&[], &vec![one.clone(); MAX_SIGNERS]);
    assert_eq!(
        SignedData::from_der(&at_limit)
            .expect("parses")
            .signers()
            .len(),
        MAX_SIGNERS
    );
    // ...10,000 are refused by count.
    let many = signed_data(&[], &vec![one; 10_000]);
    assert!(matches!(
        SignedData::from_der(&many),
        Err(Error::TooLarge {
            what: Limited::Signers,
            limit: MAX_SIGNERS,
            ..
        })
    ));
}

#[test]
fn a_huge_certificate_set_is_refused_by_count() {
    let junk = vec![vec![0x30, 0x00]; 100_000];
    assert!(matches!(
        SignedData::from_der(&signed_data(&junk, &[])),
        Err(Error::TooLarge {
            what: Limited::SignedDataCertificates,
            limit: MAX_SIGNED_DATA_CERTIFICATES,
            ..
        })
    ));
    // Real certificates, one more than allowed.
    let cert = TestCa::new(3).issue_signing(&HolderSpec::example()).der;
    let over = vec![cert; MAX_SIGNED_DATA_CERTIFICATES + 1];
    assert!(matches!(
        SignedData::from_der(&signed_data(&over, &[])),
        Err(Error::TooLarge {
            what: Limited::SignedDataCertificates,
            ..
        })
    ));
}

#[test]
fn a_hundred_megabyte_input_is_refused_before_parsing() {
    let huge = vec![0x30; 100 << 20];
    assert!(matches!(
        SignedData::from_der(&huge),
        Err(Error::TooLarge {
            what: Limited::SignedData,
            limit: MAX_SIGNED_DATA_SIZE,
            ..
        })
    ));
}

fn private_oid(n: usize) -> Vec<u8> {
    // 1.2.3.<n> for n < 128.
    vec![0x06, 0x03, 0x2a, 0x03, n as u8]
}

#[test]
fn more_attributes_or_values_than_allowed_are_refused() {
    let ca = TestCa::new(3);
    let holder = ca.issue_signing(&HolderSpec::example());
    let der = CmsBuilder::new(b"x".to_vec())
        .signer_with(&holder, |s| {
            s.attributes = SignedAttrs::Edited(|a| {
                for n in 0..MAX_ATTRIBUTES {
                    let oid: Oid = format!("1.2.3.{n}").parse().expect("oid");
                    a.push(TestAttribute::new(oid, vec![vec![0x05, 0x00]]));
                }
            })
        })
        .build();
    assert!(matches!(
        SignedData::from_der(&der),
        Err(Error::TooLarge {
            what: Limited::Attributes,
            ..
        })
    ));
    let der = CmsBuilder::new(b"x".to_vec())
        .signer_with(&holder, |s| {
            s.attributes = SignedAttrs::Edited(|a| {
                let values = (0..=MAX_ATTRIBUTE_VALUES).map(private_oid).collect();
                a.push(TestAttribute::new("1.2.3.4".parse().expect("oid"), values));
            })
        })
        .build();
    assert!(matches!(
        SignedData::from_der(&der),
        Err(Error::TooLarge {
            what: Limited::AttributeValues,
            ..
        })
    ));
}

/// 100,000 SEQUENCEs, each holding the next (headers computed from the inside out, then
/// written once: linear, not a copy per level).
fn deep() -> Vec<u8> {
    let mut headers = Vec::new();
    let mut len = 2; // the innermost, empty SEQUENCE
    for _ in 0..100_000 {
        let h = header(0x30, len);
        len += h.len();
        headers.push(h);
    }
    let mut out: Vec<u8> = headers.into_iter().rev().flatten().collect();
    out.extend([0x30, 0x00]);
    out
}

#[test]
fn deep_nesting_inside_an_attribute_costs_no_recursion() {
    let ca = TestCa::new(3);
    let holder = ca.issue_signing(&HolderSpec::example());
    let der = CmsBuilder::new(b"x".to_vec())
        .signer_with(&holder, |s| {
            s.attributes = SignedAttrs::Edited(|a| {
                a.push(TestAttribute::new(
                    "1.2.3.4".parse().expect("oid"),
                    vec![deep()],
                ))
            })
        })
        .build();
    let signed = SignedData::from_der(&der).expect("an unknown attribute's value is kept as bytes");
    let verifier = SignedDataVerifier::new(
        Verifier::new([ca.signing_root().certificate()]).expect("verifier"),
    );
    // Signed as it is, in DER order: the document is valid, and nothing recursed.
    let report = verifier.verify(&signed, at());
    assert!(report.is_valid(), "{:?}", report.error());
}

/// A reader of `len` bytes of a repeating pattern, never all in memory: it counts what it
/// gives and remembers the largest buffer it was asked to fill.
struct Pattern {
    left: usize,
    at: usize,
    given: usize,
    largest_request: usize,
}

/// The pattern's period: 251 (prime) bytes, so that no block of a power-of-two size repeats.
const PERIOD: usize = 251;

impl Pattern {
    fn new(len: usize) -> Self {
        Self {
            left: len,
            at: 0,
            given: 0,
            largest_request: 0,
        }
    }
}

impl Read for Pattern {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.largest_request = self.largest_request.max(buf.len());
        let n = buf.len().min(self.left);
        for (i, b) in buf.iter_mut().take(n).enumerate() {
            *b = ((self.at + i) % PERIOD) as u8;
        }
        self.at += n;
        self.left -= n;
        self.given += n;
        Ok(n)
    }
}

/// The heap this thread holds at most while `f` runs, above what it held before (a counting
/// global allocator, watching the calling thread only).
mod heap {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::cell::Cell;

    struct Counting;

    thread_local! {
        static WATCHED: Cell<bool> = const { Cell::new(false) };
        static LIVE: Cell<isize> = const { Cell::new(0) };
        static PEAK: Cell<isize> = const { Cell::new(0) };
    }

    fn add(delta: isize) {
        if WATCHED.with(Cell::get) {
            let live = LIVE.with(|l| {
                l.set(l.get() + delta);
                l.get()
            });
            PEAK.with(|p| p.set(p.get().max(live)));
        }
    }

    // Forwards to the system allocator; only counts, on the watched thread.
    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            add(layout.size() as isize);
            unsafe { System.alloc(layout) }
        }
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            add(-(layout.size() as isize));
            unsafe { System.dealloc(ptr, layout) }
        }
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            add(new_size as isize - layout.size() as isize);
            unsafe { System.realloc(ptr, layout, new_size) }
        }
    }

    #[global_allocator]
    static GLOBAL: Counting = Counting;

    pub fn peak<T>(f: impl FnOnce() -> T) -> (usize, T) {
        LIVE.with(|l| l.set(0));
        PEAK.with(|p| p.set(0));
        WATCHED.with(|w| w.set(true));
        let out = f();
        WATCHED.with(|w| w.set(false));
        (PEAK.with(Cell::get).max(0) as usize, out)
    }
}

/// The most heap a detached verification may hold, whatever the content's size: the 64 KiB
/// read buffer, the hashers, the parsed keys and the report — nothing in proportion to the
/// content.
const STREAMING_HEAP: usize = 1 << 20;

#[test]
fn detached_content_streams_in_constant_memory_with_and_without_signed_attributes() {
    const LEN: usize = 64 << 20;
    let ca = TestCa::new(3);
    let holder = ca.issue_signing(&HolderSpec::example());
    let mut content = Vec::with_capacity(LEN);
    Pattern::new(LEN).read_to_end(&mut content).expect("read");
    // Two signers: one with signed attributes (the content's digest in messageDigest), one
    // without (the signature over the content itself, verified from its digest).
    let der = CmsBuilder::new(content)
        .detached()
        .signer(&holder)
        .signer_with(&holder, |s| s.attributes = SignedAttrs::None)
        .build();
    let signed = SignedData::from_der(&der).expect("parse");
    assert!(signed.signers().iter().any(|s| !s.has_signed_attributes()));
    assert!(signed.signers().iter().any(|s| s.has_signed_attributes()));
    let verifier = SignedDataVerifier::new(
        Verifier::new([ca.signing_root().certificate()]).expect("verifier"),
    );

    let mut reader = Pattern::new(LEN);
    let (peak, report) = heap::peak(|| verifier.verify_detached(&signed, &mut reader, at()));
    let report = report.expect("read");
    assert!(report.is_valid(), "{:?}", report.error());
    assert_eq!(report.signers().len(), 2);
    // Every byte went through, in reads of at most the hasher's 64 KiB buffer, and the heap
    // held during the whole verification stayed far below the content (64 MiB).
    assert_eq!(reader.given, LEN);
    assert!(
        reader.largest_request <= 64 << 10,
        "{}",
        reader.largest_request
    );
    eprintln!("verifying 64 MiB detached held {peak} bytes of heap at its peak");
    assert!(
        peak < STREAMING_HEAP,
        "verifying 64 MiB held {peak} bytes of heap at its peak"
    );

    // The same stream with its last byte changed: the direct signer's signature no longer
    // verifies, the other's messageDigest no longer matches — still in constant memory.
    struct LastByteChanged(Pattern);
    impl Read for LastByteChanged {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.0.read(buf)?;
            if self.0.left == 0
                && let Some(last) = buf.get_mut(..n).and_then(<[u8]>::last_mut)
            {
                *last ^= 1;
            }
            Ok(n)
        }
    }
    let (peak, report) =
        heap::peak(|| verifier.verify_detached(&signed, LastByteChanged(Pattern::new(LEN)), at()));
    let report = report.expect("read");
    let mut errors: Vec<String> = report
        .signers()
        .iter()
        .map(|s| format!("{:?}", s.result().err()))
        .collect();
    errors.sort();
    assert_eq!(
        errors,
        [
            format!("{:?}", Some(&Error::BadSignature)),
            format!("{:?}", Some(&Error::ContentMismatch)),
        ]
    );
    assert!(peak < STREAMING_HEAP, "{peak}");
}

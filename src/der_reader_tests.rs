//! The framing of `der_reader` equals `der`'s on arbitrary input (compiled only under
//! cfg(test)): same tag, same value, same length of input consumed, and the same verdict,
//! for every single-octet tag. Known answers pin each DER rule.

use super::*;
use der::{Decode, Reader as _};
use proptest::prelude::*;

/// What `der` makes of the first TLV of `bytes`: (tag octet, value, bytes consumed).
fn with_der(bytes: &[u8]) -> Option<(u8, Vec<u8>, usize)> {
    let mut r = der::SliceReader::new(bytes).ok()?;
    let h = der::Header::decode(&mut r).ok()?;
    let value = r.read_slice(h.length()).ok()?.to_vec();
    let used = usize::try_from(u32::from(r.position())).ok()?;
    let mut tag = Vec::new();
    der::Encode::encode_to_vec(&h.tag(), &mut tag).ok()?;
    match tag[..] {
        [t] => Some((t, value, used)),
        _ => None,
    }
}

fn with_ours(bytes: &[u8]) -> Option<(u8, Vec<u8>, usize)> {
    let mut r = Reader::new(bytes);
    let tlv = r.read().ok()?;
    Some((tlv.tag, tlv.value.to_vec(), r.position()))
}

/// Bytes shaped like a TLV most of the time: a tag, a length in any (also wrong) form, and a
/// value that may be shorter or longer than announced.
fn tlv_like() -> impl Strategy<Value = Vec<u8>> {
    let len_form = prop_oneof![
        (0u8..0x80).prop_map(|n| vec![n]),
        Just(vec![0x80]),
        (0u8..=255).prop_map(|n| vec![0x81, n]),
        (0u8..=255, 0u8..=255).prop_map(|(a, b)| vec![0x82, a, b]),
        Just(vec![0x83, 0, 1, 0]),
        Just(vec![0x85, 0, 0, 0, 0, 1]),
        Just(vec![0xff]),
    ];
    (
        any::<u8>(),
        len_form,
        proptest::collection::vec(any::<u8>(), 0..300),
    )
        .prop_map(|(t, l, v)| [vec![t], l, v].concat())
}

proptest! {
    #[test]
    fn framing_equals_der(bytes in prop_oneof![tlv_like(), proptest::collection::vec(any::<u8>(), 0..40)]) {
        let theirs = with_der(&bytes);
        let ours = with_ours(&bytes);
        // A high-tag-number identifier is refused here on purpose (see `Reader::read`);
        // wherever `der` reads a single-octet tag, both must agree exactly (unknown universal
        // tags included: both refuse them).
        if bytes.first().is_some_and(|t| t & 0x1f == 0x1f) {
            prop_assert!(ours.is_none());
        } else {
            prop_assert_eq!(ours, theirs, "{:02x?}", bytes);
        }
    }

    #[test]
    fn offsets_point_at_what_they_name(body in proptest::collection::vec(any::<u8>(), 0..200)) {
        // SEQUENCE { OCTET STRING body }, nested once more: offsets stay absolute.
        let inner = [vec![tag::OCTET_STRING], der_len(body.len()), body.clone()].concat();
        let outer = [vec![tag::SEQUENCE], der_len(inner.len()), inner].concat();
        let mut r = Reader::new(&outer);
        let seq = r.expect_tag(tag::SEQUENCE).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        let mut s = seq.reader();
        let os = s.expect_tag(tag::OCTET_STRING).map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        prop_assert_eq!(&outer[os.value_span()], &body[..]);
        prop_assert_eq!(&outer[os.span()], os.raw);
        prop_assert_eq!(&outer[seq.span()], &outer[..]);
        prop_assert!(s.finish().is_ok() && r.finish().is_ok());
    }
}

fn der_len(n: usize) -> Vec<u8> {
    match n {
        0..=0x7f => vec![n as u8],
        0x80..=0xff => vec![0x81, n as u8],
        _ => vec![0x82, (n >> 8) as u8, n as u8],
    }
}

#[test]
fn each_der_rule_has_its_problem() {
    let read = |b: &[u8]| Reader::new(b).read().map(|t| t.value.len());
    assert_eq!(read(&[0x04, 0x01, 0xaa]), Ok(1));
    assert_eq!(read(&[]), Err(DerProblem::Truncated));
    assert_eq!(read(&[0x04]), Err(DerProblem::Truncated));
    assert_eq!(read(&[0x04, 0x02, 0xaa]), Err(DerProblem::Truncated));
    assert_eq!(read(&[0x30, 0x80, 0, 0]), Err(DerProblem::IndefiniteLength));
    // Long form below 128, and a leading zero octet: not the minimal encoding.
    assert_eq!(read(&[0x04, 0x81, 0x05]), Err(DerProblem::NonCanonical));
    assert_eq!(
        read(&[0x04, 0x82, 0x00, 0x80]),
        Err(DerProblem::NonCanonical)
    );
    assert_eq!(
        read(&[0x04, 0x85, 0, 0, 0, 0, 1]),
        Err(DerProblem::NonCanonical)
    );
    assert_eq!(read(&[0x1f, 0x21, 0x00]), Err(DerProblem::UnexpectedTag));
    let mut r = Reader::new(&[0x05, 0x00, 0x05, 0x00]);
    assert!(r.expect_tag(0x05).is_ok());
    assert_eq!(r.finish(), Err(DerProblem::TrailingData));
    assert_eq!(
        r.clone().expect_tag(tag::INTEGER).map(|_| ()),
        Err(DerProblem::UnexpectedTag)
    );
    assert!(r.expect_tag(0x05).is_ok());
    assert_eq!(r.expect_tag(0x05).map(|_| ()), Err(DerProblem::Truncated));
    assert_eq!(
        single(&[0x05, 0x00, 0x00], 0x05).map(|_| ()),
        Err(DerProblem::TrailingData)
    );
}

#[test]
fn oids_are_validated_by_const_oid_and_the_crate_rule() -> Result<(), DerProblem> {
    let tlv = |b: &'static [u8]| Reader::new(b).read();
    // 2.5.4.3 (commonName).
    let cn = tlv(&[0x06, 0x03, 0x55, 0x04, 0x03])?;
    assert_eq!(oid(&cn).map(|o| o.to_string()), Ok("2.5.4.3".to_string()));
    // A non-minimal arc (leading 0x80) is not an OID.
    let bad = tlv(&[0x06, 0x03, 0x55, 0x80, 0x03])?;
    assert_eq!(oid(&bad), Err(DerProblem::InvalidValue));
    let empty = tlv(&[0x06, 0x00])?;
    assert_eq!(oid(&empty), Err(DerProblem::InvalidValue));
    let not_oid = tlv(&[0x04, 0x00])?;
    assert_eq!(oid(&not_oid), Err(DerProblem::UnexpectedTag));
    Ok(())
}

#[test]
fn the_common_oid_table_equals_const_oid() {
    // Every identifier the table can answer, against `const-oid`'s own decoding.
    for prefix in COMMON_ARCS {
        for n in 0u8..0x80 {
            let bytes = [prefix.as_bytes(), &[n]].concat();
            let expected = der::asn1::ObjectIdentifier::from_bytes(&bytes).ok();
            assert_eq!(common_oid(&bytes), expected, "{prefix}.{n}");
            assert!(expected.is_some());
        }
        // A last arc of two octets is not in the table (and is decoded the long way).
        let long = [prefix.as_bytes(), &[0x81, 0x00]].concat();
        assert_eq!(common_oid(&long), None);
    }
    assert_eq!(common_oid(&[]), None);
}

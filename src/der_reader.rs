//! The crate's one way of reading DER: a cursor over borrowed bytes that yields
//! tag-length-value triples, with every position an offset into the outermost input.
//!
//! Why not `der`'s `SliceReader` directly: certificate parsing walks about two hundred TLVs
//! (names, the basic four items, extensions), and `der`'s generic reader (multi-byte tags,
//! `Length` arithmetic, a nested reader per value) spent two thirds of `Certificate::from_der`
//! there. This layer does only what DER framing needs — one identifier octet, a definite
//! minimal length, bounds — as rustls-webpki's `der.rs` does over `untrusted`. The *values*
//! (OBJECT IDENTIFIER arcs, strings, times, INTEGERs, BIT STRINGs) are still decoded and
//! validated by `der`'s types, never by hand. `der_reader_tests.rs` holds the framing equal to
//! `der`'s on arbitrary bytes.
//!
//! Offsets come from the cursor (`Tlv::start`, `Tlv::value_start`), never from pointer
//! arithmetic, so a parsed certificate records where each part lies by construction.

use core::ops::Range;

use crate::DerProblem;

/// Universal tags (single identifier octet, class and constructed bit included).
pub(crate) mod tag {
    pub(crate) const BOOLEAN: u8 = 0x01;
    pub(crate) const INTEGER: u8 = 0x02;
    pub(crate) const BIT_STRING: u8 = 0x03;
    pub(crate) const OCTET_STRING: u8 = 0x04;
    pub(crate) const OID: u8 = 0x06;
    pub(crate) const UTF8_STRING: u8 = 0x0c;
    pub(crate) const PRINTABLE_STRING: u8 = 0x13;
    pub(crate) const IA5_STRING: u8 = 0x16;
    pub(crate) const UTC_TIME: u8 = 0x17;
    pub(crate) const GENERALIZED_TIME: u8 = 0x18;
    pub(crate) const SEQUENCE: u8 = 0x30;
    pub(crate) const SET: u8 = 0x31;

    /// A context-specific tag `[n]` (n < 31), primitive or constructed.
    pub(crate) const fn context(n: u8, constructed: bool) -> u8 {
        0x80 | if constructed { 0x20 } else { 0 } | (n & 0x1f)
    }
}

/// One TLV, borrowed, with its place in the outermost input.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tlv<'a> {
    /// The identifier octet.
    pub(crate) tag: u8,
    /// The whole encoding: tag, length and value.
    pub(crate) raw: &'a [u8],
    /// The value (contents octets).
    pub(crate) value: &'a [u8],
    /// Offset of the identifier octet in the outermost input.
    pub(crate) start: usize,
    /// Offset of the first contents octet in the outermost input.
    pub(crate) value_start: usize,
}

impl<'a> Tlv<'a> {
    /// Where the whole TLV lies in the outermost input.
    pub(crate) fn span(&self) -> Range<usize> {
        self.start..self.start + self.raw.len()
    }

    /// Where the value lies in the outermost input.
    pub(crate) fn value_span(&self) -> Range<usize> {
        self.value_start..self.value_start + self.value.len()
    }

    /// A reader over the value (for constructed types), keeping absolute offsets.
    pub(crate) fn reader(&self) -> Reader<'a> {
        Reader {
            input: self.value,
            pos: 0,
            base: self.value_start,
        }
    }

    /// The value as `der`'s `AnyRef` (for values whose type `der` decodes).
    pub(crate) fn any(&self) -> Result<der::asn1::AnyRef<'a>, DerProblem> {
        let tag = der_tag(self.tag).ok_or(DerProblem::UnexpectedTag)?;
        der::asn1::AnyRef::new(tag, self.value).map_err(|_| DerProblem::InvalidValue)
    }
}

/// A cursor over DER.
#[derive(Clone, Debug)]
pub(crate) struct Reader<'a> {
    input: &'a [u8],
    pos: usize,
    /// Offset of `input[0]` in the outermost input.
    base: usize,
}

impl<'a> Reader<'a> {
    /// A reader over a whole input (offsets start at 0).
    pub(crate) fn new(input: &'a [u8]) -> Self {
        Self {
            input,
            pos: 0,
            base: 0,
        }
    }

    /// Whether every byte has been read.
    pub(crate) fn at_end(&self) -> bool {
        self.pos >= self.input.len()
    }

    /// The offset of the next byte in the outermost input.
    pub(crate) fn position(&self) -> usize {
        self.base + self.pos
    }

    /// The next identifier octet, if any, without reading it.
    pub(crate) fn peek_tag(&self) -> Option<u8> {
        self.input.get(self.pos).copied()
    }

    /// Reads the next TLV, whatever its tag.
    pub(crate) fn read(&mut self) -> Result<Tlv<'a>, DerProblem> {
        let rest = self.input.get(self.pos..).unwrap_or_default();
        let (&tag, after_tag) = rest.split_first().ok_or(DerProblem::Truncated)?;
        // The tags `der` knows, in single-octet form only: high-tag-number form (low five bits
        // all set) appears in no structure this crate reads, and an unknown universal tag is
        // refused as `der` refuses it.
        if !KNOWN_TAGS[usize::from(tag)] {
            return Err(DerProblem::UnexpectedTag);
        }
        let (&first, after_first) = after_tag.split_first().ok_or(DerProblem::Truncated)?;
        let (len, header) = match first {
            n if n < 0x80 => (usize::from(n), 2),
            0x80 => return Err(DerProblem::IndefiniteLength),
            0x81..=0x84 => {
                let count = usize::from(first & 0x7f);
                let bytes = after_first.get(..count).ok_or(DerProblem::Truncated)?;
                let len = bytes
                    .iter()
                    .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
                // DER: the long form only from 128 on, and in the fewest octets.
                if len < 0x80 || bytes.first() == Some(&0) {
                    return Err(DerProblem::NonCanonical);
                }
                (len, 2 + count)
            }
            // 0x85 and longer: over 4 GiB, and 0xff is reserved (X.690 §8.1.3.5).
            _ => return Err(DerProblem::NonCanonical),
        };
        let end = header
            .checked_add(len)
            .filter(|&end| end <= rest.len())
            .ok_or(DerProblem::Truncated)?;
        let raw = rest.get(..end).ok_or(DerProblem::Truncated)?;
        let value = raw.get(header..).ok_or(DerProblem::Truncated)?;
        let start = self.position();
        self.pos += end;
        Ok(Tlv {
            tag,
            raw,
            value,
            start,
            value_start: start + header,
        })
    }

    /// Reads the next TLV, which must carry `tag`.
    pub(crate) fn expect_tag(&mut self, tag: u8) -> Result<Tlv<'a>, DerProblem> {
        if self.peek_tag() != Some(tag) {
            return Err(if self.at_end() {
                DerProblem::Truncated
            } else {
                DerProblem::UnexpectedTag
            });
        }
        self.read()
    }

    /// Reads the next TLV if it carries `tag`.
    pub(crate) fn optional(&mut self, tag: u8) -> Result<Option<Tlv<'a>>, DerProblem> {
        if self.peek_tag() == Some(tag) {
            self.read().map(Some)
        } else {
            Ok(None)
        }
    }

    /// Reads a `SEQUENCE` and returns a reader over its contents.
    pub(crate) fn sequence(&mut self) -> Result<Reader<'a>, DerProblem> {
        Ok(self.expect_tag(tag::SEQUENCE)?.reader())
    }

    /// Succeeds only when every byte has been read.
    pub(crate) fn finish(&self) -> Result<(), DerProblem> {
        if self.at_end() {
            Ok(())
        } else {
            Err(DerProblem::TrailingData)
        }
    }
}

/// [`der_tag`] as a table, for the one check every TLV goes through.
const KNOWN_TAGS: [bool; 256] = {
    let mut table = [false; 256];
    let mut t = 0;
    while t < 256 {
        table[t] = der_tag(t as u8).is_some();
        t += 1;
    }
    table
};

/// `der`'s name for a single-octet identifier, or `None` for one that `der` refuses (an
/// unknown universal tag) or that this layer does not read (high-tag-number form).
const fn der_tag(t: u8) -> Option<der::Tag> {
    use der::Tag as T;
    let constructed = t & 0x20 != 0;
    let number = der::TagNumber((t & 0x1f) as u32);
    Some(match t {
        _ if t & 0x1f == 0x1f => return None,
        0x01 => T::Boolean,
        0x02 => T::Integer,
        0x03 => T::BitString,
        0x04 => T::OctetString,
        0x05 => T::Null,
        0x06 => T::ObjectIdentifier,
        0x09 => T::Real,
        0x0a => T::Enumerated,
        0x0c => T::Utf8String,
        0x0d => T::RelativeOid,
        0x12 => T::NumericString,
        0x13 => T::PrintableString,
        0x14 => T::TeletexString,
        0x15 => T::VideotexString,
        0x16 => T::Ia5String,
        0x17 => T::UtcTime,
        0x18 => T::GeneralizedTime,
        0x1a => T::VisibleString,
        0x1b => T::GeneralString,
        0x1e => T::BmpString,
        0x30 => T::Sequence,
        0x31 => T::Set,
        0x40..=0x7f => T::Application {
            constructed,
            number,
        },
        0x80..=0xbf => T::ContextSpecific {
            constructed,
            number,
        },
        0xc0..=0xff => T::Private {
            constructed,
            number,
        },
        _ => return None,
    })
}

/// Reads exactly one TLV carrying `tag` from `der`, with nothing after it.
#[cfg(test)]
pub(crate) fn single(der: &[u8], tag: u8) -> Result<Tlv<'_>, DerProblem> {
    let mut r = Reader::new(der);
    let tlv = r.expect_tag(tag)?;
    r.finish()?;
    Ok(tlv)
}

/// The value of an OBJECT IDENTIFIER TLV, validated by `const-oid` and held to the crate's
/// canonical-arc rule (`oid::check`).
pub(crate) fn oid(tlv: &Tlv<'_>) -> Result<der::asn1::ObjectIdentifier, DerProblem> {
    if tlv.tag != tag::OID {
        return Err(DerProblem::UnexpectedTag);
    }
    if let Some(known) = common_oid(tlv.value) {
        return Ok(known);
    }
    let oid =
        der::asn1::ObjectIdentifier::from_bytes(tlv.value).map_err(|_| DerProblem::InvalidValue)?;
    crate::oid::check(&oid).map_err(|_| DerProblem::InvalidValue)?;
    Ok(oid)
}

/// The arcs under which most OIDs of a JPKI certificate lie: X.500 attribute types (2.5.4.n:
/// every name), certificate extensions (2.5.29.n) and the basic four items
/// (1.2.392.200149.8.5.5.n). Their identifiers with a one-octet last arc are built once (by
/// `const-oid`, from the same bytes) and looked up by that octet, instead of validated again
/// for every name of every certificate.
fn common_oid(bytes: &[u8]) -> Option<der::asn1::ObjectIdentifier> {
    static TABLE: std::sync::LazyLock<Vec<der::asn1::ObjectIdentifier>> =
        std::sync::LazyLock::new(|| {
            COMMON_ARCS
                .iter()
                .flat_map(|prefix| {
                    (0u8..0x80).filter_map(move |n| {
                        let bytes = [prefix.as_bytes(), &[n]].concat();
                        der::asn1::ObjectIdentifier::from_bytes(&bytes).ok()
                    })
                })
                .collect()
        });
    let (&last, prefix) = bytes.split_last()?;
    if last >= 0x80 {
        return None;
    }
    let arc = COMMON_ARCS.iter().position(|p| p.as_bytes() == prefix)?;
    TABLE.get(arc * 0x80 + usize::from(last)).copied()
}

/// See [`common_oid`].
const COMMON_ARCS: [crate::Oid; 3] = [
    crate::Oid::new("2.5.4"),
    crate::Oid::new("2.5.29"),
    crate::oids::JLIS_PERSONAL_DATA,
];

/// Decodes an AlgorithmIdentifier TLV into its OID and optional parameters:
/// `SEQUENCE { algorithm OBJECT IDENTIFIER, parameters ANY DEFINED BY algorithm OPTIONAL }`.
pub(crate) fn algorithm<'a>(
    tlv: &Tlv<'a>,
) -> Result<(der::asn1::ObjectIdentifier, Option<der::asn1::AnyRef<'a>>), DerProblem> {
    if tlv.tag != tag::SEQUENCE {
        return Err(DerProblem::UnexpectedTag);
    }
    let mut r = tlv.reader();
    let oid = oid(&r.read()?)?;
    let params = if r.at_end() {
        None
    } else {
        Some(r.read()?.any()?)
    };
    r.finish()?;
    Ok((oid, params))
}

#[cfg(test)]
#[path = "der_reader_tests.rs"]
mod tests;

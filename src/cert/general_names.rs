//! GeneralNames (RFC 5280 §4.2.1.6) walked borrowed from the DER, without allocating: the
//! validation of subjectAltName, issuerAltName, cRLDistributionPoints and authorityInfoAccess
//! at parse time, and the basic four items' scan on the verification path.

use der::asn1::{AnyRef, Ia5StringRef, ObjectIdentifier};
use der::{Decode, Header, Reader, SliceReader, Tag, TagNumber};

use crate::Error;

/// The most names one GeneralNames may hold (a resource limit; a JPKI signing certificate's
/// subjectAltName holds 6).
///
/// ```
/// use jpki_core::{BasicFourInfo, Error, MAX_GENERAL_NAMES};
/// // A subjectAltName of dNSName "a" entries, one more than the limit.
/// let names = [0x82, 0x01, b'a'].repeat(MAX_GENERAL_NAMES + 1);
/// let mut san = vec![0x30, 0x82];
/// san.extend_from_slice(&(names.len() as u16).to_be_bytes());
/// san.extend_from_slice(&names);
/// let got = BasicFourInfo::from_subject_alt_name_der(&san);
/// assert!(matches!(got, Err(Error::TooLarge { what: jpki_core::Limited::GeneralNames, .. })));
/// ```
pub const MAX_GENERAL_NAMES: usize = 1024;

/// One GeneralName, borrowed.
#[derive(Clone, Copy, Debug)]
pub(crate) enum GeneralNameRef<'a> {
    OtherName {
        type_id: ObjectIdentifier,
        value: AnyRef<'a>,
    },
    Rfc822(&'a str),
    Dns(&'a str),
    Uri(&'a str),
    /// The Name's DER (SEQUENCE tag included), validated.
    DirectoryName(&'a [u8]),
    IpAddress(&'a [u8]),
    RegisteredId(ObjectIdentifier),
    /// x400Address: structure checked, contents opaque.
    X400Address,
    /// ediPartyName: structure checked, contents opaque.
    EdiPartyName,
}

fn context(n: u8, constructed: bool) -> Tag {
    Tag::ContextSpecific {
        constructed,
        number: TagNumber(n.into()),
    }
}

fn bad(context: crate::DerContext) -> Error {
    Error::BadDer {
        context,
        problem: crate::DerProblem::InvalidValue,
    }
}

/// Decodes one GeneralName from its tag and contents.
fn decode_one<'a>(
    tag: Tag,
    body: &'a [u8],
    ctx: crate::DerContext,
) -> Result<GeneralNameRef<'a>, Error> {
    let ia5 = |b: &'a [u8]| {
        Ia5StringRef::new(b)
            .map(|s| s.as_str())
            .map_err(|_| bad(ctx))
    };
    let Tag::ContextSpecific {
        constructed,
        number,
    } = tag
    else {
        return Err(bad(ctx));
    };
    Ok(match (number.value(), constructed) {
        (0, true) => {
            // otherName: type-id OID, [0] EXPLICIT value.
            let mut r = SliceReader::new(body).map_err(Error::der_in(ctx))?;
            let type_id = ObjectIdentifier::decode(&mut r).map_err(Error::der_in(ctx))?;
            crate::oid::check(&type_id).map_err(Error::der_in(ctx))?;
            let h = Header::decode(&mut r).map_err(Error::der_in(ctx))?;
            if h.tag() != context(0, true) {
                return Err(bad(ctx));
            }
            let inner = r.read_slice(h.length()).map_err(Error::der_in(ctx))?;
            r.finish().map_err(Error::der_in(ctx))?;
            let value = AnyRef::from_der(inner).map_err(Error::der_in(ctx))?;
            // A string-typed value must hold valid contents for its type (as in names). The
            // basic four items are left to their own decoder, whose errors say which item is
            // wrong; certificate parsing checks them too (`check_other_name`).
            if !crate::Oid(type_id).is_under(&crate::oids::JLIS_PERSONAL_DATA) {
                check_other_name_value(value)?;
            }
            GeneralNameRef::OtherName { type_id, value }
        }
        (1, false) => GeneralNameRef::Rfc822(ia5(body)?),
        (2, false) => GeneralNameRef::Dns(ia5(body)?),
        (3, true) | (5, true) => {
            // x400Address / ediPartyName: a sequence of well-formed TLVs.
            let mut r = SliceReader::new(body).map_err(Error::der_in(ctx))?;
            while !r.is_finished() {
                r.tlv_bytes().map_err(Error::der_in(ctx))?;
            }
            if number.value() == 3 {
                GeneralNameRef::X400Address
            } else {
                GeneralNameRef::EdiPartyName
            }
        }
        (4, true) => {
            // directoryName: [4] EXPLICIT Name.
            super::DistinguishedName::parse(body)?;
            GeneralNameRef::DirectoryName(body)
        }
        (6, false) => GeneralNameRef::Uri(ia5(body)?),
        (7, false) => GeneralNameRef::IpAddress(body),
        (8, false) => {
            let oid = ObjectIdentifier::from_bytes(body).map_err(|_| bad(ctx))?;
            crate::oid::check(&oid).map_err(|_| bad(ctx))?;
            GeneralNameRef::RegisteredId(oid)
        }
        _ => return Err(bad(ctx)),
    })
}

/// Checks an otherName value of a string type holds valid contents for that type.
pub(crate) fn check_other_name_value(value: AnyRef<'_>) -> Result<(), Error> {
    super::name::check_string(value).map_err(|_| bad(crate::DerContext::OtherNameValue))
}

/// Walks the contents of a GeneralNames (the SEQUENCE's contents, or an IMPLICIT-tagged
/// field's), calling `f` for each name. At least one name, at most [`MAX_GENERAL_NAMES`].
pub(crate) fn for_each_in<'a>(
    contents: &'a [u8],
    ctx: crate::DerContext,
    mut f: impl FnMut(GeneralNameRef<'a>) -> Result<(), Error>,
) -> Result<usize, Error> {
    let mut r = SliceReader::new(contents).map_err(Error::der_in(ctx))?;
    let mut count = 0usize;
    while !r.is_finished() {
        let h = Header::decode(&mut r).map_err(Error::der_in(ctx))?;
        let body = r.read_slice(h.length()).map_err(Error::der_in(ctx))?;
        count += 1;
        Error::at_most(crate::Limited::GeneralNames, count, MAX_GENERAL_NAMES)?;
        f(decode_one(h.tag(), body, ctx)?)?;
    }
    if count == 0 {
        return Err(bad(ctx));
    }
    Ok(count)
}

/// Walks a GeneralNames value (SEQUENCE tag included, nothing after it).
pub(crate) fn for_each<'a>(
    der: &'a [u8],
    ctx: crate::DerContext,
    f: impl FnMut(GeneralNameRef<'a>) -> Result<(), Error>,
) -> Result<usize, Error> {
    let contents = sequence_contents(der, ctx)?;
    for_each_in(contents, ctx, f)
}

/// The contents of a DER value that must be exactly one SEQUENCE.
pub(crate) fn sequence_contents(der: &[u8], ctx: crate::DerContext) -> Result<&[u8], Error> {
    let mut r = SliceReader::new(der).map_err(Error::der_in(ctx))?;
    let h = Header::decode(&mut r).map_err(Error::der_in(ctx))?;
    if h.tag() != Tag::Sequence {
        return Err(bad(ctx));
    }
    let contents = r.read_slice(h.length()).map_err(Error::der_in(ctx))?;
    r.finish().map_err(Error::der_in(ctx))?;
    Ok(contents)
}

/// Decodes one GeneralName TLV (as inside AccessDescription).
pub(crate) fn decode_tlv<'a>(
    r: &mut SliceReader<'a>,
    ctx: crate::DerContext,
) -> Result<GeneralNameRef<'a>, Error> {
    let h = Header::decode(r).map_err(Error::der_in(ctx))?;
    let body = r.read_slice(h.length()).map_err(Error::der_in(ctx))?;
    decode_one(h.tag(), body, ctx)
}

//! GeneralNames (RFC 5280 §4.2.1.6) walked borrowed from the DER, without allocating: the
//! validation of subjectAltName, issuerAltName, cRLDistributionPoints and authorityInfoAccess
//! at parse time, and the basic four items' scan on the verification path.

use der::asn1::{AnyRef, Ia5StringRef, ObjectIdentifier};

use crate::der_reader::{self, Reader, Tlv, tag};
use crate::{DerContext, Error};

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
///
/// ```text
/// GeneralName ::= CHOICE {
///      otherName                 [0]  AnotherName,
///      rfc822Name                [1]  IA5String,
///      dNSName                   [2]  IA5String,
///      x400Address               [3]  ORAddress,
///      directoryName             [4]  Name,
///      ediPartyName              [5]  EDIPartyName,
///      uniformResourceIdentifier [6]  IA5String,
///      iPAddress                 [7]  OCTET STRING,
///      registeredID              [8]  OBJECT IDENTIFIER }
/// ```
#[derive(Clone, Debug)]
pub(crate) enum GeneralNameRef<'a> {
    /// otherName: `type-id` and the `[0] EXPLICIT` value.
    OtherName {
        type_id: ObjectIdentifier,
        value: AnyRef<'a>,
        /// Where the value's TLV lies (offsets of the reader the name was read with).
        value_at: core::ops::Range<usize>,
    },
    /// The string and octet choices are validated, and located by their TLV.
    Rfc822,
    Dns,
    Uri,
    DirectoryName,
    IpAddress,
    RegisteredId(ObjectIdentifier),
    X400Address,
    EdiPartyName,
}

fn bad(context: DerContext) -> Error {
    Error::BadDer {
        context,
        problem: crate::DerProblem::InvalidValue,
    }
}

/// Decodes one GeneralName TLV (implicitly tagged: the tag says which choice).
fn decode_one<'a>(tlv: &Tlv<'a>, ctx: DerContext) -> Result<GeneralNameRef<'a>, Error> {
    let ia5 = |b: &'a [u8]| {
        Ia5StringRef::new(b)
            .map(|s| s.as_str())
            .map_err(|_| bad(ctx))
    };
    let body = tlv.value;
    Ok(match tlv.tag {
        t if t == tag::context(0, true) => {
            // otherName: type-id OID, [0] EXPLICIT value.
            let mut r = tlv.reader();
            let type_id = der_reader::oid(&r.read().map_err(Error::der_at(ctx))?)
                .map_err(Error::der_at(ctx))?;
            let inner = r.read().map_err(Error::der_at(ctx))?;
            if inner.tag != tag::context(0, true) {
                return Err(bad(ctx));
            }
            r.finish().map_err(Error::der_at(ctx))?;
            let mut v = inner.reader();
            let value_tlv = v.read().map_err(Error::der_at(ctx))?;
            let value = value_tlv.any().map_err(Error::der_at(ctx))?;
            v.finish().map_err(Error::der_at(ctx))?;
            // A string-typed value must hold valid contents for its type (as in names). The
            // basic four items are left to their own decoder, whose errors say which item is
            // wrong; certificate parsing checks them too (`check_other_name_value`).
            if !crate::Oid(type_id).is_under(&crate::oids::JLIS_PERSONAL_DATA) {
                check_other_name_value(value)?;
            }
            GeneralNameRef::OtherName {
                type_id,
                value,
                value_at: value_tlv.span(),
            }
        }
        t if t == tag::context(1, false) => {
            ia5(body)?;
            GeneralNameRef::Rfc822
        }
        t if t == tag::context(2, false) => {
            ia5(body)?;
            GeneralNameRef::Dns
        }
        t if t == tag::context(3, true) || t == tag::context(5, true) => {
            // x400Address / ediPartyName: a sequence of well-formed TLVs, kept opaque.
            let mut r = tlv.reader();
            while !r.at_end() {
                r.read().map_err(Error::der_at(ctx))?;
            }
            if t == tag::context(3, true) {
                GeneralNameRef::X400Address
            } else {
                GeneralNameRef::EdiPartyName
            }
        }
        t if t == tag::context(4, true) => {
            // directoryName: [4] EXPLICIT Name (CHOICE: explicit tagging).
            super::DistinguishedName::parse(body)?;
            GeneralNameRef::DirectoryName
        }
        t if t == tag::context(6, false) => {
            ia5(body)?;
            GeneralNameRef::Uri
        }
        t if t == tag::context(7, false) => GeneralNameRef::IpAddress,
        t if t == tag::context(8, false) => {
            let oid = ObjectIdentifier::from_bytes(body).map_err(|_| bad(ctx))?;
            crate::oid::check(&oid).map_err(|_| bad(ctx))?;
            GeneralNameRef::RegisteredId(oid)
        }
        _ => return Err(bad(ctx)),
    })
}

/// Checks an otherName value of a string type holds valid contents for that type.
pub(crate) fn check_other_name_value(value: AnyRef<'_>) -> Result<(), Error> {
    super::name::check_string(value).map_err(|_| bad(DerContext::OtherNameValue))
}

/// Walks the contents of a GeneralNames (`SEQUENCE SIZE (1..MAX) OF GeneralName`), calling
/// `f` with each name and its TLV (whose offsets are the reader's). Returns the count.
pub(crate) fn for_each_in<'a>(
    mut r: Reader<'a>,
    ctx: DerContext,
    mut f: impl FnMut(GeneralNameRef<'a>, &Tlv<'a>) -> Result<(), Error>,
) -> Result<usize, Error> {
    let mut count = 0usize;
    while !r.at_end() {
        let tlv = r.read().map_err(Error::der_at(ctx))?;
        count += 1;
        Error::at_most(crate::Limited::GeneralNames, count, MAX_GENERAL_NAMES)?;
        f(decode_one(&tlv, ctx)?, &tlv)?;
    }
    if count == 0 {
        return Err(bad(ctx));
    }
    Ok(count)
}

/// Walks a GeneralNames value (the SEQUENCE, tag included).
pub(crate) fn for_each<'a>(
    der: &'a [u8],
    ctx: DerContext,
    mut f: impl FnMut(GeneralNameRef<'a>) -> Result<(), Error>,
) -> Result<usize, Error> {
    let seq = sequence(Reader::new(der), ctx)?;
    for_each_in(seq, ctx, |g, _| f(g))
}

/// The contents of the one SEQUENCE that `r` holds (an extension value), as a reader.
pub(crate) fn sequence(mut r: Reader<'_>, ctx: DerContext) -> Result<Reader<'_>, Error> {
    let seq = match r.read() {
        Ok(t) if t.tag == tag::SEQUENCE => t,
        Ok(_) => return Err(bad(ctx)),
        Err(p) => return Err(Error::der_at(ctx)(p)),
    };
    r.finish().map_err(Error::der_at(ctx))?;
    Ok(seq.reader())
}

/// Reads one GeneralName from `r`.
pub(crate) fn decode_next<'a>(
    r: &mut Reader<'a>,
    ctx: DerContext,
) -> Result<(GeneralNameRef<'a>, Tlv<'a>), Error> {
    let tlv = r.read().map_err(Error::der_at(ctx))?;
    Ok((decode_one(&tlv, ctx)?, tlv))
}

//! The RFC 5652 ASN.1 types of a SignedData, declared with `der`'s derive macros so that `der`
//! does all the encoding and decoding, one RFC type (with the small types only it uses) per
//! file. EXPLICIT tags by default, IMPLICIT where the RFC's module says so.
//!
//! The types borrow from the input. Every `SET OF` is kept as its bytes ([`SetBody`]) and split
//! into elements by [`elements`], which counts them against a limit before anything is
//! allocated per element: `der`'s own `SetOfVec` would decode every element first and then
//! *sort* them, which would hide signed attributes that are not in DER order (the signed bytes
//! must be the received ones, not a sorted copy).
//!
//! (Why not RustCrypto's `cms` 0.3: its `SignerInfo` keeps no received bytes of `signedAttrs`
//! and its `SetOfVec` fields sort on decode, so the DER-order rule cannot be checked; it decodes
//! every certificate and CRL into `x509-cert` types before any of this crate's limits or strict
//! parsers see them; and the 0.3 line is a release candidate.)

mod attribute;
mod content_info;
mod revocation_info;
mod signed_data;
mod signer_info;

pub(crate) use attribute::Attribute;
pub(crate) use content_info::{ContentInfo, EncapsulatedContentInfo};
pub(crate) use revocation_info::OtherRevocationInfoFormat;
pub(crate) use signed_data::SignedData;
// The parser reads IssuerAndSerialNumber inside SignerIdentifier; only the testkit names it.
#[cfg(feature = "testkit")]
pub(crate) use signer_info::IssuerAndSerialNumber;
pub(crate) use signer_info::{SignerIdentifier, SignerInfo};

use der::{DecodeValue, EncodeValue, FixedTag, Header, Length, Reader, SliceReader, Tag, Writer};

/// The contents octets of a `SET` or `SET OF`, kept as received.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct SetBody<'a>(pub &'a [u8]);

impl<'a> DecodeValue<'a> for SetBody<'a> {
    type Error = der::Error;

    fn decode_value<R: Reader<'a>>(reader: &mut R, header: Header) -> Result<Self, der::Error> {
        Ok(Self(reader.read_slice(header.length())?))
    }
}

impl EncodeValue for SetBody<'_> {
    fn value_len(&self) -> der::Result<Length> {
        Length::try_from(self.0.len())
    }

    fn encode_value(&self, writer: &mut impl Writer) -> der::Result<()> {
        writer.write(self.0)
    }
}

impl FixedTag for SetBody<'_> {
    const TAG: Tag = Tag::Set;
}

/// The elements of a SET OF body, each as its whole TLV (strict DER lengths), or `Err(n)` with
/// the count reached when there are more than `limit`.
pub(crate) fn elements(body: &[u8], limit: usize) -> Result<Result<Vec<&[u8]>, usize>, der::Error> {
    let mut reader = SliceReader::new(body)?;
    let mut out = Vec::new();
    while !reader.is_finished() {
        if out.len() == limit {
            return Ok(Err(limit + 1));
        }
        out.push(reader.tlv_bytes()?);
    }
    Ok(Ok(out))
}

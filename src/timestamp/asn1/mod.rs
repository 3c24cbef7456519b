//! The ASN.1 types of RFC 3161 and of the ESS signing-certificate attributes (RFC 2634,
//! RFC 5035), declared with `der`'s derive macros, one RFC type (with the small types only it
//! uses) per file. RFC 3161's module is `IMPLICIT TAGS`; a tagged CHOICE (`tsa [0] GeneralName`)
//! is necessarily explicit.
//!
//! `SEQUENCE OF` fields are kept as their bytes ([`SequenceBody`]) and split with
//! `signed::asn1::elements`, which counts them against a limit before allocating per element.

mod ess;
mod request;
mod response;
mod tst_info;

pub(crate) use ess::{EssCertId, EssCertIdV2, IssuerSerial, SigningCertificate};
pub(crate) use request::TimeStampReq;
pub(crate) use response::{PkiStatusInfo, TimeStampResp};
// The parser reads GenTime inside TstInfo; only the testkit names it.
#[cfg(feature = "testkit")]
pub(crate) use tst_info::GenTime;
pub(crate) use tst_info::{Accuracy, MessageImprint, TstInfo};

use der::{DecodeValue, EncodeValue, FixedTag, Header, Length, Reader, Tag, Writer};

/// The contents octets of a `SEQUENCE OF`, kept as received.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct SequenceBody<'a>(pub &'a [u8]);

impl<'a> DecodeValue<'a> for SequenceBody<'a> {
    type Error = der::Error;

    fn decode_value<R: Reader<'a>>(reader: &mut R, header: Header) -> Result<Self, der::Error> {
        Ok(Self(reader.read_slice(header.length())?))
    }
}

impl EncodeValue for SequenceBody<'_> {
    fn value_len(&self) -> der::Result<Length> {
        Length::try_from(self.0.len())
    }

    fn encode_value(&self, writer: &mut impl Writer) -> der::Result<()> {
        writer.write(self.0)
    }
}

impl FixedTag for SequenceBody<'_> {
    const TAG: Tag = Tag::Sequence;
}

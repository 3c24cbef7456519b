//! RFC 3161 §2.4.2.
//!
//! ```text
//! TSTInfo ::= SEQUENCE {
//!   version        INTEGER { v1(1) },
//!   policy         TSAPolicyId,
//!   messageImprint MessageImprint,
//!   serialNumber   INTEGER,
//!   genTime        GeneralizedTime,
//!   accuracy       Accuracy OPTIONAL,
//!   ordering       BOOLEAN DEFAULT FALSE,
//!   nonce          INTEGER OPTIONAL,
//!   tsa            [0] GeneralName OPTIONAL,
//!   extensions     [1] IMPLICIT Extensions OPTIONAL }
//!
//! MessageImprint ::= SEQUENCE {
//!   hashAlgorithm AlgorithmIdentifier,
//!   hashedMessage OCTET STRING }
//!
//! Accuracy ::= SEQUENCE {
//!   seconds INTEGER OPTIONAL,
//!   millis  [0] INTEGER (1..999) OPTIONAL,
//!   micros  [1] INTEGER (1..999) OPTIONAL }
//! ```
//!
//! `ordering` is read as an optional BOOLEAN so that an encoded FALSE (which DER forbids for a
//! DEFAULT value) can be refused; genTime is kept as its characters (`der`'s
//! GeneralizedTime has no fractional seconds, which RFC 3161 allows).

use der::asn1::{AnyRef, IntRef, ObjectIdentifier, OctetStringRef};
use der::{DecodeValue, EncodeValue, FixedTag, Header, Length, Reader, Sequence, Tag, Writer};
use spki::AlgorithmIdentifierRef;

use super::SequenceBody;

/// `MessageImprint`.
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub(crate) struct MessageImprint<'a> {
    pub hash_algorithm: AlgorithmIdentifierRef<'a>,
    pub hashed_message: &'a OctetStringRef,
}

/// `Accuracy`.
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub(crate) struct Accuracy {
    #[asn1(optional = "true")]
    pub seconds: Option<u32>,
    #[asn1(context_specific = "0", tag_mode = "IMPLICIT", optional = "true")]
    pub millis: Option<u16>,
    #[asn1(context_specific = "1", tag_mode = "IMPLICIT", optional = "true")]
    pub micros: Option<u16>,
}

/// `GeneralizedTime`, its characters as received.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct GenTime<'a>(pub &'a [u8]);

impl<'a> DecodeValue<'a> for GenTime<'a> {
    type Error = der::Error;

    fn decode_value<R: Reader<'a>>(reader: &mut R, header: Header) -> Result<Self, der::Error> {
        Ok(Self(reader.read_slice(header.length())?))
    }
}

impl EncodeValue for GenTime<'_> {
    fn value_len(&self) -> der::Result<Length> {
        Length::try_from(self.0.len())
    }

    fn encode_value(&self, writer: &mut impl Writer) -> der::Result<()> {
        writer.write(self.0)
    }
}

impl FixedTag for GenTime<'_> {
    const TAG: Tag = Tag::GeneralizedTime;
}

/// `TSTInfo`.
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub(crate) struct TstInfo<'a> {
    pub version: IntRef<'a>,
    pub policy: ObjectIdentifier,
    pub message_imprint: MessageImprint<'a>,
    pub serial_number: IntRef<'a>,
    pub gen_time: GenTime<'a>,
    #[asn1(optional = "true")]
    pub accuracy: Option<Accuracy>,
    #[asn1(optional = "true")]
    pub ordering: Option<bool>,
    #[asn1(optional = "true")]
    pub nonce: Option<IntRef<'a>>,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    pub tsa: Option<AnyRef<'a>>,
    #[asn1(
        context_specific = "1",
        tag_mode = "IMPLICIT",
        optional = "true",
        constructed = "true"
    )]
    pub extensions: Option<SequenceBody<'a>>,
}

//! RFC 5652 §5.3 and §10.2.4.
//!
//! ```text
//! SignerInfo ::= SEQUENCE {
//!   version CMSVersion,
//!   sid SignerIdentifier,
//!   digestAlgorithm DigestAlgorithmIdentifier,
//!   signedAttrs [0] IMPLICIT SignedAttributes OPTIONAL,
//!   signatureAlgorithm SignatureAlgorithmIdentifier,
//!   signature SignatureValue,
//!   unsignedAttrs [1] IMPLICIT UnsignedAttributes OPTIONAL }
//!
//! SignerIdentifier ::= CHOICE {
//!   issuerAndSerialNumber IssuerAndSerialNumber,
//!   subjectKeyIdentifier [0] SubjectKeyIdentifier }
//!
//! IssuerAndSerialNumber ::= SEQUENCE {
//!   issuer Name,
//!   serialNumber CertificateSerialNumber }
//!
//! SignedAttributes ::= SET SIZE (1..MAX) OF Attribute
//! UnsignedAttributes ::= SET SIZE (1..MAX) OF Attribute
//! SignatureValue ::= OCTET STRING
//! SubjectKeyIdentifier ::= OCTET STRING
//! ```

use der::asn1::{AnyRef, IntRef, OctetStringRef};
use der::{Choice, Sequence};
use spki::AlgorithmIdentifierRef;

use super::SetBody;

/// `IssuerAndSerialNumber` (the Name kept as its DER).
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub(crate) struct IssuerAndSerialNumber<'a> {
    pub issuer: AnyRef<'a>,
    pub serial_number: IntRef<'a>,
}

/// `SignerIdentifier`.
#[derive(Clone, Debug, PartialEq, Eq, Choice)]
pub(crate) enum SignerIdentifier<'a> {
    IssuerAndSerialNumber(IssuerAndSerialNumber<'a>),
    #[asn1(context_specific = "0", tag_mode = "IMPLICIT")]
    SubjectKeyIdentifier(&'a OctetStringRef),
}

/// `SignerInfo`.
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub(crate) struct SignerInfo<'a> {
    pub version: u8,
    pub sid: SignerIdentifier<'a>,
    pub digest_algorithm: AlgorithmIdentifierRef<'a>,
    #[asn1(
        context_specific = "0",
        tag_mode = "IMPLICIT",
        optional = "true",
        constructed = "true"
    )]
    pub signed_attrs: Option<SetBody<'a>>,
    pub signature_algorithm: AlgorithmIdentifierRef<'a>,
    pub signature: &'a OctetStringRef,
    #[asn1(
        context_specific = "1",
        tag_mode = "IMPLICIT",
        optional = "true",
        constructed = "true"
    )]
    pub unsigned_attrs: Option<SetBody<'a>>,
}

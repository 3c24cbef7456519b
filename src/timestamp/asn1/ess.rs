//! RFC 2634 §5.4 and RFC 5035 §3: the signed attribute that binds a signer's certificate.
//!
//! ```text
//! SigningCertificate ::= SEQUENCE {
//!   certs    SEQUENCE OF ESSCertID,
//!   policies SEQUENCE OF PolicyInformation OPTIONAL }
//! ESSCertID ::= SEQUENCE {
//!   certHash     Hash,                -- SHA-1 of the whole certificate
//!   issuerSerial IssuerSerial OPTIONAL }
//!
//! SigningCertificateV2 ::= SEQUENCE {
//!   certs    SEQUENCE OF ESSCertIDv2,
//!   policies SEQUENCE OF PolicyInformation OPTIONAL }
//! ESSCertIDv2 ::= SEQUENCE {
//!   hashAlgorithm AlgorithmIdentifier DEFAULT {algorithm id-sha256},
//!   certHash      Hash,
//!   issuerSerial  IssuerSerial OPTIONAL }
//!
//! Hash ::= OCTET STRING
//! IssuerSerial ::= SEQUENCE {
//!   issuer       GeneralNames,
//!   serialNumber CertificateSerialNumber }
//! ```
//!
//! The two outer types have the same shape, so one type reads both.

use der::Sequence;
use der::asn1::{AnyRef, IntRef, OctetStringRef};
use spki::AlgorithmIdentifierRef;

use super::SequenceBody;

/// `SigningCertificate` or `SigningCertificateV2` (same shape).
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub(crate) struct SigningCertificate<'a> {
    pub certs: SequenceBody<'a>,
    #[asn1(optional = "true")]
    pub policies: Option<AnyRef<'a>>,
}

/// `IssuerSerial` (GeneralNames kept as bytes).
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub(crate) struct IssuerSerial<'a> {
    pub issuer: SequenceBody<'a>,
    pub serial_number: IntRef<'a>,
}

/// `ESSCertID`.
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub(crate) struct EssCertId<'a> {
    pub cert_hash: &'a OctetStringRef,
    #[asn1(optional = "true")]
    pub issuer_serial: Option<IssuerSerial<'a>>,
}

/// `ESSCertIDv2`.
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub(crate) struct EssCertIdV2<'a> {
    #[asn1(optional = "true")]
    pub hash_algorithm: Option<AlgorithmIdentifierRef<'a>>,
    pub cert_hash: &'a OctetStringRef,
    #[asn1(optional = "true")]
    pub issuer_serial: Option<IssuerSerial<'a>>,
}

//! Decoding the certificate's outer structure and TBSCertificate (RFC 5280 §4.1), borrowed
//! from the input, each part recorded by its offsets.
//!
//! ```text
//! Certificate  ::=  SEQUENCE  {
//!      tbsCertificate       TBSCertificate,
//!      signatureAlgorithm   AlgorithmIdentifier,
//!      signatureValue       BIT STRING  }
//!
//! TBSCertificate  ::=  SEQUENCE  {
//!      version         [0]  EXPLICIT Version DEFAULT v1,
//!      serialNumber         CertificateSerialNumber,
//!      signature            AlgorithmIdentifier,
//!      issuer               Name,
//!      validity             Validity,
//!      subject              Name,
//!      subjectPublicKeyInfo SubjectPublicKeyInfo,
//!      issuerUniqueID  [1]  IMPLICIT UniqueIdentifier OPTIONAL,
//!      subjectUniqueID [2]  IMPLICIT UniqueIdentifier OPTIONAL,
//!      extensions      [3]  EXPLICIT Extensions OPTIONAL }
//! ```

use core::ops::Range;

use der::Decode;

use super::{SerialNumber, SignatureAlgorithm};
use crate::der_reader::{self, Reader, Tlv, tag};
use crate::time::{UnixTime, Validity};
use crate::{DerContext, DerProblem, Error};

/// The pieces of a certificate, straight from the DER.
pub(super) struct Parts<'a> {
    pub(super) tbs: Range<usize>,
    pub(super) signature_algorithm: SignatureAlgorithm,
    pub(super) signature: Range<usize>,
    pub(super) serial: SerialNumber,
    pub(super) issuer: Tlv<'a>,
    pub(super) validity: Validity,
    pub(super) subject: Tlv<'a>,
    pub(super) spki: Tlv<'a>,
    /// The `[3]` field's contents: the `Extensions` SEQUENCE.
    pub(super) extensions: Option<Reader<'a>>,
}

impl<'a> Parts<'a> {
    pub(super) fn decode(der: &'a [u8]) -> Result<Self, Error> {
        let ctx = Error::der_at(DerContext::Certificate);
        let mut outer = Reader::new(der);
        let cert = outer.expect_tag(tag::SEQUENCE).map_err(&ctx)?;
        outer.finish().map_err(&ctx)?;
        let mut c = cert.reader();
        let tbs = c.expect_tag(tag::SEQUENCE).map_err(&ctx)?;
        let outer_alg = c.read().map_err(&ctx)?;
        let sig = c.expect_tag(tag::BIT_STRING).map_err(&ctx)?;
        c.finish().map_err(&ctx)?;

        let parts = Self::decode_tbs(&tbs)?;
        der_reader::algorithm(&outer_alg).map_err(Error::der_at(DerContext::SignatureAlgorithm))?;
        // The TBS copy must be the same AlgorithmIdentifier, byte for byte (checked in
        // `decode_tbs` against `outer_alg` through this comparison).
        if parts.algorithm_raw != outer_alg.raw {
            return Err(Error::SignatureAlgorithmMismatch);
        }
        // BIT STRING: `der` validates the unused-bits octet; a signature has none.
        let bits = der::asn1::BitStringRef::from_der(sig.raw)
            .map_err(Error::der_in(DerContext::Signature))?;
        if bits.as_bytes().is_none() {
            return Err(Error::BadDer {
                context: DerContext::Signature,
                problem: DerProblem::InvalidValue,
            });
        }
        Ok(Self {
            tbs: tbs.span(),
            signature: sig.value_start + 1..sig.value_span().end,
            ..parts.parts
        })
    }

    /// Decodes TBSCertificate. The outer algorithm bytes are compared by the caller.
    fn decode_tbs(tbs: &Tlv<'a>) -> Result<TbsParts<'a>, Error> {
        let ctx = Error::der_at(DerContext::Certificate);
        let mut t = tbs.reader();
        // version [0] EXPLICIT Version DEFAULT v1: v3 (value 2) is required.
        let Some(version) = t.optional(tag::context(0, true)).map_err(&ctx)? else {
            return Err(Error::UnsupportedVersion(1));
        };
        let version =
            u8::from_der(version.value).map_err(Error::der_in(DerContext::Certificate))?;
        if version != 2 {
            return Err(Error::UnsupportedVersion(version.saturating_add(1)));
        }
        let serial = t
            .expect_tag(tag::INTEGER)
            .map_err(Error::der_at(DerContext::SerialNumber))?;
        // `IntRef::new` refuses a non-minimal two's-complement encoding.
        der::asn1::IntRef::new(serial.value).map_err(Error::der_in(DerContext::SerialNumber))?;
        let serial = SerialNumber::from_der_integer(serial.value)?;
        let alg = t.read().map_err(&ctx)?;
        let (oid, params) =
            der_reader::algorithm(&alg).map_err(Error::der_at(DerContext::Signature))?;
        let signature_algorithm = SignatureAlgorithm::identify(oid, params);
        let issuer = t.expect_tag(tag::SEQUENCE).map_err(&ctx)?;
        let validity = t
            .expect_tag(tag::SEQUENCE)
            .map_err(Error::der_at(DerContext::Validity))?;
        let validity = decode_validity(&validity)?;
        let subject = t.expect_tag(tag::SEQUENCE).map_err(&ctx)?;
        let spki = t.expect_tag(tag::SEQUENCE).map_err(&ctx)?;
        // issuerUniqueID [1] and subjectUniqueID [2]: allowed by RFC 5280, ignored.
        for n in [1u8, 2] {
            t.optional(tag::context(n, false)).map_err(&ctx)?;
        }
        let extensions = if t.at_end() {
            None
        } else {
            let ext = t
                .expect_tag(tag::context(3, true))
                .map_err(Error::der_at(DerContext::TbsCertificate))?;
            Some(ext.reader())
        };
        t.finish().map_err(&ctx)?;
        Ok(TbsParts {
            algorithm_raw: alg.raw,
            parts: Parts {
                tbs: tbs.span(),
                signature_algorithm,
                signature: 0..0,
                serial,
                issuer,
                validity,
                subject,
                spki,
                extensions,
            },
        })
    }
}

/// TBSCertificate's parts and its copy of the signature AlgorithmIdentifier.
struct TbsParts<'a> {
    algorithm_raw: &'a [u8],
    parts: Parts<'a>,
}

/// `Validity ::= SEQUENCE { notBefore Time, notAfter Time }`, each time decoded by `x509-cert`
/// (UTCTime or GeneralizedTime, as RFC 5280 §4.1.2.5 requires).
fn decode_validity(v: &Tlv<'_>) -> Result<Validity, Error> {
    let mut r = v.reader();
    let ctx = Error::der_at(DerContext::Validity);
    let mut time = || -> Result<UnixTime, Error> {
        let t = r.read().map_err(&ctx)?;
        let t =
            x509_cert::time::Time::from_der(t.raw).map_err(Error::der_in(DerContext::Validity))?;
        Ok(UnixTime::from_datetime(&t.to_date_time()))
    };
    let not_before = time()?;
    let not_after = time()?;
    r.finish().map_err(&ctx)?;
    Ok(Validity {
        not_before,
        not_after,
    })
}

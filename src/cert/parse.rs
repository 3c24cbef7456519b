//! Decoding the certificate's outer structure and TBSCertificate, borrowed from the input.

use der::asn1::{AnyRef, BitStringRef, IntRef, ObjectIdentifier};
use der::{Decode, Reader, SliceReader, Tag, TagNumber};

use super::{SerialNumber, SignatureAlgorithm};
use crate::Error;
use crate::time::{UnixTime, Validity};

/// The borrowed pieces of a certificate, straight from the DER.
pub(super) struct Parts<'a> {
    pub(super) tbs: &'a [u8],
    pub(super) signature_algorithm: SignatureAlgorithm,
    pub(super) signature: &'a [u8],
    pub(super) algorithm_der: &'a [u8],
    pub(super) serial: SerialNumber,
    pub(super) issuer: &'a [u8],
    pub(super) not_before: x509_cert::time::Time,
    pub(super) not_after: x509_cert::time::Time,
    pub(super) subject: &'a [u8],
    pub(super) spki: &'a [u8],
    pub(super) extensions: Option<&'a [u8]>,
}

/// Either a DER fault (with the structure it was found in) or a rule of ours.
enum Fault {
    Der(crate::DerContext, der::Error),
    Rule(Error),
}

impl From<der::Error> for Fault {
    fn from(e: der::Error) -> Self {
        Fault::Der(crate::DerContext::Certificate, e)
    }
}

fn context_tag(n: u8, constructed: bool) -> Tag {
    Tag::ContextSpecific {
        constructed,
        number: TagNumber(n.into()),
    }
}

impl<'a> Parts<'a> {
    pub(super) fn decode(der: &'a [u8]) -> Result<Self, Error> {
        let mut r = SliceReader::new(der).map_err(Error::der_in(crate::DerContext::Certificate))?;
        let parts = r
            .sequence(|cert| {
                let tbs = cert.tlv_bytes()?;
                let outer_alg = cert.tlv_bytes()?;
                let sig = BitStringRef::decode(cert)?;
                let signature = sig.as_bytes().ok_or_else(|| {
                    Fault::Der(
                        crate::DerContext::Signature,
                        der::Error::from(der::ErrorKind::Value {
                            tag: Tag::BitString,
                        }),
                    )
                })?;
                let mut parts = Self::decode_tbs(tbs)?;
                decode_algorithm(outer_alg)
                    .map_err(|e| Fault::Der(crate::DerContext::SignatureAlgorithm, e))?;
                // The TBS copy must be the same AlgorithmIdentifier, byte for byte.
                if parts.algorithm_der != outer_alg {
                    return Err(Fault::Rule(Error::SignatureAlgorithmMismatch));
                }
                parts.signature = signature;
                parts.tbs = tbs;
                Ok(parts)
            })
            .map_err(|f| match f {
                Fault::Der(ctx, e) => Error::der(ctx, &e),
                Fault::Rule(e) => e,
            })?;
        r.finish()
            .map_err(Error::der_in(crate::DerContext::Certificate))?;
        Ok(parts)
    }

    /// Decodes TBSCertificate. The outer algorithm bytes are compared by the caller.
    fn decode_tbs(tbs: &'a [u8]) -> Result<Self, Fault> {
        let mut r = SliceReader::new(tbs)?;
        let parts = r.sequence(|t| {
            // version [0] EXPLICIT Version DEFAULT v1: v3 (value 2) is required.
            if Tag::peek(t)? != context_tag(0, true) {
                return Err(Fault::Rule(Error::UnsupportedVersion(1)));
            }
            let version = t.context_specific::<u8>(TagNumber(0), der::TagMode::Explicit)?;
            match version {
                Some(2) => {}
                Some(v) => return Err(Fault::Rule(Error::UnsupportedVersion(v.saturating_add(1)))),
                None => return Err(Fault::Rule(Error::UnsupportedVersion(1))),
            }
            let serial =
                IntRef::decode(t).map_err(|e| Fault::Der(crate::DerContext::SerialNumber, e))?;
            let serial = SerialNumber::from_der_integer(serial.as_bytes()).map_err(Fault::Rule)?;
            let alg = t.tlv_bytes()?;
            let (oid, params) =
                decode_algorithm(alg).map_err(|e| Fault::Der(crate::DerContext::Signature, e))?;
            let signature_algorithm = SignatureAlgorithm::identify(oid, params);
            let issuer = t.tlv_bytes()?;
            let (not_before, not_after) = t
                .sequence(|v| {
                    let nb = x509_cert::time::Time::decode(v)?;
                    let na = x509_cert::time::Time::decode(v)?;
                    Ok::<_, der::Error>((nb, na))
                })
                .map_err(|e| Fault::Der(crate::DerContext::Validity, e))?;
            let subject = t.tlv_bytes()?;
            let spki = t.tlv_bytes()?;
            // issuerUniqueID [1] and subjectUniqueID [2]: allowed by RFC 5280, ignored.
            for n in [1u8, 2] {
                if Tag::peek(t).ok() == Some(context_tag(n, false)) {
                    t.tlv_bytes()?;
                }
            }
            let extensions = if t.is_finished() {
                None
            } else {
                let header = der::Header::decode(t)?;
                if header.tag() != context_tag(3, true) {
                    return Err(Fault::Der(
                        crate::DerContext::TbsCertificate,
                        der::Error::from(der::ErrorKind::TagUnexpected {
                            expected: Some(context_tag(3, true)),
                            actual: header.tag(),
                        }),
                    ));
                }
                Some(t.read_slice(header.length())?)
            };
            Ok(Self {
                tbs,
                signature_algorithm,
                signature: &[],
                algorithm_der: alg,
                serial,
                issuer,
                not_before,
                not_after,
                subject,
                spki,
                extensions,
            })
        })?;
        r.finish()?;
        Ok(parts)
    }

    pub(super) fn validity(&self) -> Result<Validity, Error> {
        Ok(Validity {
            not_before: UnixTime::from_datetime(&self.not_before.to_date_time()),
            not_after: UnixTime::from_datetime(&self.not_after.to_date_time()),
        })
    }
}

/// Decodes an AlgorithmIdentifier TLV into its OID and optional parameters.
fn decode_algorithm(der: &[u8]) -> Result<(ObjectIdentifier, Option<AnyRef<'_>>), der::Error> {
    let alg = spki::AlgorithmIdentifierRef::from_der(der)?;
    crate::oid::check(&alg.oid)?;
    Ok((alg.oid, alg.parameters))
}

//! Public-key and signature-algorithm identification.

use core::fmt;

use der::asn1::{AnyRef, BitStringRef, ObjectIdentifier, UintRef};
use der::{Decode, Tag, Tagged};

use crate::der_reader::{self, Reader};

use crate::oid::oids;
use crate::{Error, Oid};

/// The algorithm of a certificate's subject public key.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::testkit::{HolderSpec, TestCa};
/// let ca = TestCa::new(1);
/// let cert = ca.issue_signing(&HolderSpec::example()).certificate();
/// use jpki_core::KeyAlgorithm;
/// assert_eq!(cert.key_algorithm(), KeyAlgorithm::Rsa { bits: 2048 });
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyAlgorithm {
    /// RSA with a modulus of `bits` bits.
    Rsa {
        /// Modulus size in bits.
        bits: u32,
    },
    /// ECDSA on the NIST P-256 curve.
    EcdsaP256,
    /// ECDSA on the NIST P-384 curve (next-generation My Number cards).
    EcdsaP384,
    /// ECDSA on the NIST P-521 curve.
    EcdsaP521,
    /// An algorithm this crate does not use (identified by its OID).
    Other(Oid),
}

impl fmt::Display for KeyAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Rsa { bits } => write!(f, "rsa-{bits}"),
            Self::EcdsaP256 => f.write_str("ecdsa-p256"),
            Self::EcdsaP384 => f.write_str("ecdsa-p384"),
            Self::EcdsaP521 => f.write_str("ecdsa-p521"),
            Self::Other(oid) => write!(f, "other-{oid}"),
        }
    }
}

/// The algorithm a certificate (or CRL, or OCSP response) is signed with.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::testkit::{HolderSpec, TestCa};
/// let ca = TestCa::new(1);
/// let cert = ca.issue_signing(&HolderSpec::example()).certificate();
/// use jpki_core::SignatureAlgorithm;
/// assert_eq!(cert.signature_algorithm(), SignatureAlgorithm::RsaPkcs1Sha256);
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignatureAlgorithm {
    /// sha256WithRSAEncryption (RSASSA-PKCS1-v1_5 with SHA-256), parameters NULL.
    RsaPkcs1Sha256,
    /// sha384WithRSAEncryption, parameters NULL (RFC 4055 §5).
    RsaPkcs1Sha384,
    /// sha512WithRSAEncryption, parameters NULL (RFC 4055 §5).
    RsaPkcs1Sha512,
    /// sha1WithRSAEncryption (RSASSA-PKCS1-v1_5 with SHA-1), parameters NULL. **Legacy**: a
    /// certificate, CRL or OCSP response signed so is never identified as this (it is
    /// [`Unsupported`](Self::Unsupported)), and [`PublicKey::verify`](crate::PublicKey::verify)
    /// refuses it; only a CMS signer is read as this, and verified only under an explicit
    /// [`LegacySha1`](crate::LegacySha1) policy (SHA-1 collisions are practical).
    RsaPkcs1Sha1,
    /// ecdsa-with-SHA256, parameters absent.
    EcdsaSha256,
    /// ecdsa-with-SHA384, parameters absent (RFC 5758 §3.2): next-generation cards, on P-384.
    EcdsaSha384,
    /// ecdsa-with-SHA512, parameters absent (RFC 5758 §3.2), on P-521.
    EcdsaSha512,
    /// Anything else, including known OIDs with parameters that are not as required.
    Unsupported(Oid),
}

impl SignatureAlgorithm {
    /// Identifies an AlgorithmIdentifier (decoded, borrowed).
    pub(crate) fn identify(oid: ObjectIdentifier, params: Option<AnyRef<'_>>) -> Self {
        let oid = Oid(oid);
        // RFC 4055 §5: the RSA algorithms carry NULL parameters; RFC 5758 §3.2: the ECDSA ones
        // carry none. Any other parameters make the identifier unsupported. sha1WithRSAEncryption
        // is not identified: what is identified here signs certificates, CRLs and OCSP
        // responses, and SHA-1 is refused there whatever the caller's policy.
        let null = params.is_some_and(|p| p.tag() == Tag::Null && p.value().is_empty());
        let absent = params.is_none();
        match oid {
            o if o == oids::SHA256_WITH_RSA && null => Self::RsaPkcs1Sha256,
            o if o == oids::SHA384_WITH_RSA && null => Self::RsaPkcs1Sha384,
            o if o == oids::SHA512_WITH_RSA && null => Self::RsaPkcs1Sha512,
            o if o == oids::ECDSA_WITH_SHA256 && absent => Self::EcdsaSha256,
            o if o == oids::ECDSA_WITH_SHA384 && absent => Self::EcdsaSha384,
            o if o == oids::ECDSA_WITH_SHA512 && absent => Self::EcdsaSha512,
            _ => Self::Unsupported(oid),
        }
    }

    /// The algorithm's OID.
    ///
    /// ```
    /// use jpki_core::{SignatureAlgorithm, oids};
    /// assert_eq!(SignatureAlgorithm::EcdsaSha384.oid(), oids::ECDSA_WITH_SHA384);
    /// assert_eq!(SignatureAlgorithm::RsaPkcs1Sha256.oid(), oids::SHA256_WITH_RSA);
    /// ```
    pub fn oid(self) -> Oid {
        match self {
            Self::RsaPkcs1Sha256 => oids::SHA256_WITH_RSA,
            Self::RsaPkcs1Sha384 => oids::SHA384_WITH_RSA,
            Self::RsaPkcs1Sha512 => oids::SHA512_WITH_RSA,
            Self::RsaPkcs1Sha1 => oids::SHA1_WITH_RSA,
            Self::EcdsaSha256 => oids::ECDSA_WITH_SHA256,
            Self::EcdsaSha384 => oids::ECDSA_WITH_SHA384,
            Self::EcdsaSha512 => oids::ECDSA_WITH_SHA512,
            Self::Unsupported(oid) => oid,
        }
    }
}

impl fmt::Display for SignatureAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::RsaPkcs1Sha256 => f.write_str("sha256WithRSAEncryption"),
            Self::RsaPkcs1Sha384 => f.write_str("sha384WithRSAEncryption"),
            Self::RsaPkcs1Sha512 => f.write_str("sha512WithRSAEncryption"),
            Self::RsaPkcs1Sha1 => f.write_str("sha1WithRSAEncryption"),
            Self::EcdsaSha256 => f.write_str("ecdsa-with-SHA256"),
            Self::EcdsaSha384 => f.write_str("ecdsa-with-SHA384"),
            Self::EcdsaSha512 => f.write_str("ecdsa-with-SHA512"),
            Self::Unsupported(oid) => write!(f, "unsupported ({oid})"),
        }
    }
}

/// Identifies a SubjectPublicKeyInfo and checks the key's encoding for the algorithms we use.
pub(crate) fn identify_key(spki_der: &[u8]) -> Result<KeyAlgorithm, Error> {
    // SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier,
    //                                     subjectPublicKey BIT STRING }
    let ctx = crate::DerContext::SubjectPublicKeyInfo;
    let mut outer = Reader::new(spki_der);
    let mut s = outer.sequence().map_err(Error::der_at(ctx))?;
    outer.finish().map_err(Error::der_at(ctx))?;
    let (oid, parameters) = der_reader::algorithm(&s.read().map_err(Error::der_at(ctx))?)
        .map_err(Error::der_at(ctx))?;
    let key = s
        .expect_tag(der_reader::tag::BIT_STRING)
        .map_err(Error::der_at(ctx))?;
    s.finish().map_err(Error::der_at(ctx))?;
    let key = BitStringRef::from_der(key.raw).map_err(Error::der_in(ctx))?;
    let alg = Oid(oid);
    if alg == oids::RSA_ENCRYPTION {
        let null = parameters.is_some_and(|p| p.tag() == Tag::Null && p.value().is_empty());
        if !null {
            return Err(Error::BadDer {
                context: crate::DerContext::RsaKeyParameters,
                problem: crate::DerProblem::InvalidValue,
            });
        }
        let bytes = key.as_bytes().ok_or(Error::BadDer {
            context: crate::DerContext::RsaPublicKey,
            problem: crate::DerProblem::InvalidValue,
        })?;
        let bits = rsa_modulus_bits(bytes)?;
        Ok(KeyAlgorithm::Rsa { bits })
    } else if alg == oids::EC_PUBLIC_KEY {
        let curve = parameters
            .and_then(|p| p.decode_as::<ObjectIdentifier>().ok())
            .map(Oid);
        // The field size in octets of each curve this crate verifies on.
        let known = match curve {
            Some(c) if c == oids::P256 => Some((
                KeyAlgorithm::EcdsaP256,
                32,
                crate::DerContext::P256PublicKey,
            )),
            Some(c) if c == oids::P384 => Some((
                KeyAlgorithm::EcdsaP384,
                48,
                crate::DerContext::P384PublicKey,
            )),
            Some(c) if c == oids::P521 => Some((
                KeyAlgorithm::EcdsaP521,
                66,
                crate::DerContext::P521PublicKey,
            )),
            _ => None,
        };
        match (known, curve) {
            (Some((alg, field, context)), _) => {
                let point = key.as_bytes().unwrap_or_default();
                // SEC1: 0x04 || X || Y (uncompressed) or 0x02/0x03 || X (compressed).
                let (first, len) = (point.first(), point.len());
                let ok = (first == Some(&4) && len == 1 + 2 * field)
                    || (matches!(first, Some(2 | 3)) && len == 1 + field);
                if ok {
                    Ok(alg)
                } else {
                    Err(Error::BadDer {
                        context,
                        problem: crate::DerProblem::InvalidValue,
                    })
                }
            }
            (None, Some(c)) => Ok(KeyAlgorithm::Other(c)),
            (None, None) => Err(Error::BadDer {
                context: crate::DerContext::EcKeyParameters,
                problem: crate::DerProblem::InvalidValue,
            }),
        }
    } else {
        Ok(KeyAlgorithm::Other(alg))
    }
}

/// Decodes RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } and returns
/// the modulus size in bits.
fn rsa_modulus_bits(der: &[u8]) -> Result<u32, Error> {
    // RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } (RFC 8017 A.1.1)
    let ctx = crate::DerContext::RsaPublicKey;
    let mut outer = Reader::new(der);
    let mut s = outer.sequence().map_err(Error::der_at(ctx))?;
    outer.finish().map_err(Error::der_at(ctx))?;
    let mut uint = || -> Result<UintRef<'_>, Error> {
        let t = s
            .expect_tag(der_reader::tag::INTEGER)
            .map_err(Error::der_at(ctx))?;
        // `der` refuses a negative or non-minimal INTEGER.
        UintRef::from_der(t.raw).map_err(Error::der_in(ctx))
    };
    let n = uint()?;
    let _e = uint()?;
    s.finish().map_err(Error::der_at(ctx))?;
    let n = n.as_bytes();
    let lead = n.first().copied().unwrap_or(0);
    let bits = (n.len() as u32)
        .saturating_mul(8)
        .saturating_sub(lead.leading_zeros());
    Ok(bits)
}

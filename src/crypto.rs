//! Public keys and signature verification (RustCrypto: `rsa`, `p256`, `sha2`).
//!
//! A [`PublicKey`] is parsed once from a SubjectPublicKeyInfo and reused: the verifier keeps
//! one for every trust anchor and intermediate, so that the RSA Montgomery parameters and the
//! decoded EC point are computed once, not per signature.

use core::fmt;

use der::asn1::UintRef;
use der::{Decode, Reader, SliceReader};
use p256::ecdsa::signature::Verifier as _;
use rsa::traits::PublicKeyParts as _;
use sha2::{Digest, Sha256};

use crate::oid::oids;
use crate::{Error, KeyAlgorithm, SignatureAlgorithm};

/// The smallest RSA modulus accepted, in bits.
pub const MIN_RSA_BITS: usize = 2048;
/// The largest RSA modulus accepted, in bits.
pub const MAX_RSA_BITS: usize = 4096;

/// A subject public key, decoded and checked once, ready to verify signatures.
///
/// RSA keys must have a modulus of 2048 to 4096 bits and an odd public exponent greater than 1;
/// EC keys must be on P-256. Anything else is [`Error::UnsupportedKey`].
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{PublicKey, SignatureAlgorithm, testkit::{HolderSpec, TestCa}};
/// let pair = TestCa::new(1).issue_pair(&HolderSpec::example());
/// let key = PublicKey::from_spki_der(pair.signing.certificate().spki_der())?;
/// let sig = pair.signing.private_key.sign(b"application form");
/// key.verify(SignatureAlgorithm::RsaPkcs1Sha256, b"application form", &sig)?;
/// assert!(key.verify(SignatureAlgorithm::RsaPkcs1Sha256, b"forged form", &sig).is_err());
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone)]
pub struct PublicKey {
    inner: Inner,
}

#[derive(Clone)]
enum Inner {
    Rsa(Box<rsa::PublicKey>),
    P256(p256::ecdsa::VerifyingKey),
}

impl PublicKey {
    /// Decodes and checks a SubjectPublicKeyInfo.
    pub fn from_spki_der(spki_der: &[u8]) -> Result<Self, Error> {
        let spki = spki::SubjectPublicKeyInfoRef::from_der(spki_der)
            .map_err(Error::der_in("subjectPublicKeyInfo"))?;
        match crate::cert::identify_key(spki_der)? {
            KeyAlgorithm::Rsa { .. } => {
                let bits = spki.subject_public_key.as_bytes().unwrap_or_default();
                Ok(Self {
                    inner: Inner::Rsa(Box::new(rsa_key(bits)?)),
                })
            }
            KeyAlgorithm::EcdsaP256 => {
                let point = spki.subject_public_key.as_bytes().unwrap_or_default();
                let key = p256::ecdsa::VerifyingKey::from_sec1_bytes(point)
                    .map_err(|_| Error::UnsupportedKey("P-256 point is not on the curve"))?;
                Ok(Self {
                    inner: Inner::P256(key),
                })
            }
            KeyAlgorithm::Other(oid) => Err(Error::UnsupportedAlgorithm(oid)),
        }
    }

    /// The key's algorithm and size.
    pub fn algorithm(&self) -> KeyAlgorithm {
        match &self.inner {
            Inner::Rsa(k) => KeyAlgorithm::Rsa {
                bits: k.n().bit_width_vartime(),
            },
            Inner::P256(_) => KeyAlgorithm::EcdsaP256,
        }
    }

    /// The signature algorithm this key signs with (documents and login challenges):
    /// sha256WithRSAEncryption for RSA, ecdsa-with-SHA256 for P-256.
    pub fn default_signature_algorithm(&self) -> SignatureAlgorithm {
        match &self.inner {
            Inner::Rsa(_) => SignatureAlgorithm::RsaPkcs1Sha256,
            Inner::P256(_) => SignatureAlgorithm::EcdsaSha256,
        }
    }

    /// Verifies `signature` over `message` with `algorithm`.
    ///
    /// The algorithm must fit the key (an RSA key never verifies an ECDSA signature). ECDSA
    /// signatures are DER `Ecdsa-Sig-Value`s, strictly encoded.
    pub fn verify(
        &self,
        algorithm: SignatureAlgorithm,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), Error> {
        match (&self.inner, algorithm) {
            (Inner::Rsa(key), SignatureAlgorithm::RsaPkcs1Sha256) => {
                let digest = Sha256::digest(message);
                key.verify(
                    rsa::pkcs1v15::Pkcs1v15Sign::new::<Sha256>(),
                    &digest,
                    signature,
                )
                .map_err(|_| Error::BadSignature)
            }
            (Inner::P256(key), SignatureAlgorithm::EcdsaSha256) => {
                let sig =
                    p256::ecdsa::Signature::from_der(signature).map_err(|_| Error::BadSignature)?;
                key.verify(message, &sig).map_err(|_| Error::BadSignature)
            }
            (_, SignatureAlgorithm::Unsupported(oid)) => Err(Error::UnsupportedAlgorithm(oid)),
            (Inner::Rsa(_), _) => Err(Error::UnsupportedAlgorithm(oids::ECDSA_WITH_SHA256)),
            (Inner::P256(_), _) => Err(Error::UnsupportedAlgorithm(oids::SHA256_WITH_RSA)),
        }
    }
}

/// Decodes RSAPublicKey and applies the crate's key policy.
fn rsa_key(der: &[u8]) -> Result<rsa::PublicKey, Error> {
    let ctx = "RSA public key";
    let mut r = SliceReader::new(der).map_err(Error::der_in(ctx))?;
    let (n, e) = r
        .sequence(|s| Ok::<_, der::Error>((UintRef::decode(s)?, UintRef::decode(s)?)))
        .map_err(Error::der_in(ctx))?;
    r.finish().map_err(Error::der_in(ctx))?;
    let (n, e) = (n.as_bytes(), e.as_bytes());
    let bits = bit_len(n);
    if bits < MIN_RSA_BITS {
        return Err(Error::UnsupportedKey("RSA modulus smaller than 2048 bits"));
    }
    if bits > MAX_RSA_BITS {
        return Err(Error::UnsupportedKey("RSA modulus larger than 4096 bits"));
    }
    if e.last().is_none_or(|b| b & 1 == 0) || e == [1] {
        return Err(Error::UnsupportedKey(
            "RSA public exponent must be odd and greater than 1",
        ));
    }
    let n = rsa::BoxedUint::from_be_slice(n, bits as u32)
        .map_err(|_| Error::UnsupportedKey("RSA modulus"))?;
    let e = rsa::BoxedUint::from_be_slice_vartime(e);
    rsa::PublicKey::new_with_size_limits(n, e, MIN_RSA_BITS..=MAX_RSA_BITS)
        .map_err(|_| Error::UnsupportedKey("RSA key rejected (even modulus or exponent too large)"))
}

fn bit_len(be: &[u8]) -> usize {
    let lead = be.first().copied().unwrap_or(0);
    (be.len() * 8).saturating_sub(lead.leading_zeros() as usize)
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({})", self.algorithm())
    }
}

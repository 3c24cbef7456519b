//! Public keys and signature verification, through a [`CryptoBackend`].
//!
//! The crate decodes a SubjectPublicKeyInfo and applies its key policy itself (RSA 2048 to 4096
//! bits with an odd exponent greater than 1; P-256); a backend only turns the checked
//! components into a [`VerifyingKey`], once per key. Two backends ship:
//!
//! - [`RustCrypto`] (always available, pure Rust): `rsa` 0.10 and `p256`, with RSA-2048 keys of
//!   exponent 65537 verified by 17 Montgomery multiplications in fixed-size `crypto-bigint`
//!   arithmetic on the stack (the common case: every JPKI key);
//! - [`AwsLcRs`] (feature `aws-lc-rs`): AWS-LC's assembly. With the feature on, it is the
//!   [`default_backend`].
//!
//! A [`PublicKey`] is parsed once and reused: the verifier keeps one for every trust anchor and
//! intermediate.
//!
//! ```
//! # #[cfg(feature = "testkit")] {
//! use jpki_core::{PublicKey, crypto::{RustCrypto, default_backend}, testkit::{HolderSpec, TestCa}};
//! let pair = TestCa::new(1).issue_pair(&HolderSpec::example());
//! let spki = pair.signing.certificate().spki_der().to_vec();
//! let signature = pair.signing.private_key.sign(b"document");
//! // Any backend gives the same answer; only the speed differs.
//! for key in [PublicKey::from_spki_der_with(&spki, &RustCrypto)?, PublicKey::from_spki_der_with(&spki, default_backend())?] {
//!     key.verify(key.default_signature_algorithm(), b"document", &signature)?;
//! }
//! # }
//! # Ok::<(), jpki_core::Error>(())
//! ```

#[cfg(feature = "aws-lc-rs")]
mod aws_lc;
mod rustcrypto;

use core::fmt;
use std::sync::Arc;

use der::asn1::UintRef;
use der::{Decode, Reader, SliceReader};

#[cfg(feature = "aws-lc-rs")]
pub use aws_lc::AwsLcRs;
pub use rustcrypto::RustCrypto;

use crate::oid::oids;
use crate::{Error, KeyAlgorithm, SignatureAlgorithm};

/// The smallest RSA modulus accepted, in bits.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{KeyAlgorithm, MIN_RSA_BITS, testkit::{HolderSpec, TestCa}};
/// // JPKI keys sit at the lower bound.
/// let cert = TestCa::new(1).issue_signing(&HolderSpec::example()).certificate();
/// assert_eq!(cert.key_algorithm(), KeyAlgorithm::Rsa { bits: MIN_RSA_BITS as u32 });
/// # }
/// ```
pub const MIN_RSA_BITS: usize = 2048;
/// The largest RSA modulus accepted, in bits.
///
/// ```
/// use jpki_core::{Error, MAX_RSA_BITS, MIN_RSA_BITS, PublicKey};
/// /// An rsaEncryption SubjectPublicKeyInfo whose modulus is `octets` octets of 0xff.
/// fn rsa_spki(octets: usize) -> Vec<u8> {
///     fn tlv(tag: u8, body: &[u8]) -> Vec<u8> {
///         let n = body.len();
///         let mut out = vec![tag, 0x82, (n >> 8) as u8, n as u8];
///         out.extend_from_slice(body);
///         out
///     }
///     let modulus = [&[0x00][..], &vec![0xff; octets]].concat();
///     let key = tlv(0x30, &[tlv(0x02, &modulus), vec![0x02, 0x03, 0x01, 0x00, 0x01]].concat());
///     let rsa_encryption = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
///     let alg = [&[0x30, 0x0d][..], &rsa_encryption, &[0x05, 0x00]].concat();
///     tlv(0x30, &[alg, tlv(0x03, &[&[0x00][..], &key].concat())].concat())
/// }
/// let too_large = PublicKey::from_spki_der(&rsa_spki(MAX_RSA_BITS / 8 + 1));
/// assert!(matches!(too_large, Err(Error::UnsupportedKey(why)) if why.contains("larger")));
/// let too_small = PublicKey::from_spki_der(&rsa_spki(MIN_RSA_BITS / 8 - 1));
/// assert!(matches!(too_small, Err(Error::UnsupportedKey(why)) if why.contains("smaller")));
/// ```
pub const MAX_RSA_BITS: usize = 4096;

/// Where signature arithmetic happens.
///
/// The crate hands a backend only key material that passed its policy, and only signatures of
/// the one algorithm the key is for. An implementation must verify exactly
/// RSASSA-PKCS1-v1_5 with SHA-256 (RFC 8017 §8.2.2) for RSA keys and ECDSA with SHA-256 over
/// P-256 with a DER `Ecdsa-Sig-Value` for EC keys, and answer [`Error::BadSignature`] for
/// anything that is not such a signature by that key.
///
/// ```
/// use jpki_core::crypto::{CryptoBackend, RustCrypto, default_backend};
/// assert_eq!(RustCrypto.name(), "RustCrypto");
/// println!("verifying with {}", default_backend().name());
/// ```
pub trait CryptoBackend: Send + Sync + fmt::Debug {
    /// A short name for reports ("RustCrypto", "aws-lc-rs").
    ///
    /// ```
    /// use jpki_core::crypto::{CryptoBackend, RustCrypto};
    /// assert_eq!(RustCrypto.name(), "RustCrypto");
    /// ```
    fn name(&self) -> &'static str;

    /// Prepares an RSA key for sha256WithRSAEncryption. `modulus` and `exponent` are unsigned
    /// big-endian without leading zeros; the modulus has 2048 to 4096 bits and the exponent is
    /// odd and greater than 1.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use rsa::traits::PublicKeyParts as _;
    /// use jpki_core::crypto::{CryptoBackend, RustCrypto};
    /// use jpki_core::testkit::{KeyType, PrivateKey};
    /// let key = PrivateKey::generate(KeyType::Rsa2048, 1, "doc-rsa");
    /// let PrivateKey::Rsa(private) = &key else { return Ok(()) };
    /// let public = private.to_public_key();
    /// let prepared = RustCrypto.rsa_pkcs1_sha256(&public.n_bytes(), &public.e_bytes())?;
    /// prepared.verify(b"m", &key.sign(b"m"))?;
    /// assert!(prepared.verify(b"other", &key.sign(b"m")).is_err());
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    fn rsa_pkcs1_sha256(
        &self,
        modulus: &[u8],
        exponent: &[u8],
    ) -> Result<Arc<dyn VerifyingKey>, Error>;

    /// Prepares a P-256 key for ecdsa-with-SHA256 from its SEC1 point encoding.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::crypto::{CryptoBackend, RustCrypto};
    /// use jpki_core::testkit::{KeyType, PrivateKey};
    /// let key = PrivateKey::generate(KeyType::EcdsaP256, 1, "doc-p256");
    /// let spki = key.public_key_der();
    /// // The SPKI of a P-256 key ends with its 65-octet uncompressed point.
    /// let prepared = RustCrypto.ecdsa_p256_sha256(&spki[spki.len() - 65..])?;
    /// prepared.verify(b"m", &key.sign(b"m"))?;
    /// assert!(RustCrypto.ecdsa_p256_sha256(&[4; 65]).is_err()); // not on the curve
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    fn ecdsa_p256_sha256(&self, sec1_point: &[u8]) -> Result<Arc<dyn VerifyingKey>, Error>;
}

/// A key prepared by a [`CryptoBackend`], for its one signature algorithm.
///
/// ```
/// use std::sync::Arc;
/// use jpki_core::Error;
/// use jpki_core::crypto::{CryptoBackend, RustCrypto, VerifyingKey};
/// // Wrap a backend, e.g. to count or log signature checks.
/// struct Counted(Arc<dyn VerifyingKey>);
/// impl VerifyingKey for Counted {
///     fn verify(&self, message: &[u8], signature: &[u8]) -> Result<(), Error> {
///         self.0.verify(message, signature)
///     }
/// }
/// let p256_point = [0u8; 65]; // not on the curve
/// assert!(RustCrypto.ecdsa_p256_sha256(&p256_point).map(Counted).is_err());
/// ```
pub trait VerifyingKey: Send + Sync {
    /// Verifies `signature` over `message` (the message, not its digest): `Ok(())` or
    /// [`Error::BadSignature`].
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Error, crypto::{CryptoBackend, RustCrypto}};
    /// use jpki_core::testkit::{KeyType, PrivateKey};
    /// let key = PrivateKey::generate(KeyType::EcdsaP256, 1, "doc-p256");
    /// let spki = key.public_key_der();
    /// let prepared = RustCrypto.ecdsa_p256_sha256(&spki[spki.len() - 65..])?;
    /// let signature = key.sign(b"challenge");
    /// prepared.verify(b"challenge", &signature)?;
    /// assert!(matches!(prepared.verify(b"challenge", &signature[..8]), Err(Error::BadSignature)));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    fn verify(&self, message: &[u8], signature: &[u8]) -> Result<(), Error>;
}

/// The backend used where none is chosen: [`AwsLcRs`] with the feature `aws-lc-rs`, else
/// [`RustCrypto`].
///
/// ```
/// use jpki_core::{Verifier, crypto::default_backend};
/// let name = default_backend().name();
/// assert!(name == "aws-lc-rs" || name == "RustCrypto");
/// // A verifier uses it unless told otherwise.
/// assert_eq!(Verifier::new([])?.backend().name(), name);
/// # Ok::<(), jpki_core::Error>(())
/// ```
pub fn default_backend() -> &'static dyn CryptoBackend {
    #[cfg(feature = "aws-lc-rs")]
    {
        &AwsLcRs
    }
    #[cfg(not(feature = "aws-lc-rs"))]
    {
        &RustCrypto
    }
}

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
    algorithm: KeyAlgorithm,
    key: Arc<dyn VerifyingKey>,
}

/// The key material of a SubjectPublicKeyInfo after the crate's policy checks.
pub(crate) enum CheckedKey<'a> {
    Rsa { n: &'a [u8], e: &'a [u8], bits: u32 },
    P256 { point: &'a [u8] },
}

/// Decodes a SubjectPublicKeyInfo and applies the key policy, without preparing the key.
pub(crate) fn check_spki(spki_der: &[u8]) -> Result<CheckedKey<'_>, Error> {
    let spki = spki::SubjectPublicKeyInfoRef::from_der(spki_der)
        .map_err(Error::der_in("subjectPublicKeyInfo"))?;
    let bits = spki.subject_public_key.as_bytes().ok_or(Error::BadDer {
        context: "subjectPublicKey",
        problem: crate::DerProblem::InvalidValue,
    })?;
    match crate::cert::identify_key(spki_der)? {
        KeyAlgorithm::Rsa { .. } => rsa_components(bits),
        KeyAlgorithm::EcdsaP256 => {
            // The point must be on the curve (checked here, not only when a backend prepares
            // the key, so that a verified leaf never has an unusable key).
            p256::PublicKey::from_sec1_bytes(bits)
                .map_err(|_| Error::UnsupportedKey("P-256 point is not on the curve"))?;
            Ok(CheckedKey::P256 { point: bits })
        }
        KeyAlgorithm::Other(oid) => Err(Error::UnsupportedAlgorithm(oid)),
    }
}

/// Decoding a key from its SubjectPublicKeyInfo, and verifying with it.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{PublicKey, testkit::{KeyType, PrivateKey}};
/// let key = PrivateKey::generate(KeyType::Rsa2048, 1, "doc-rsa");
/// let public = PublicKey::from_spki_der(&key.public_key_der())?;
/// public.verify(public.default_signature_algorithm(), b"m", &key.sign(b"m"))?;
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
impl PublicKey {
    /// Decodes and checks a SubjectPublicKeyInfo, prepared by the [`default_backend`].
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{KeyAlgorithm, PublicKey, testkit::{HolderSpec, TestCa}};
    /// let cert = TestCa::new(1).issue_signing(&HolderSpec::example()).certificate();
    /// let key = PublicKey::from_spki_der(cert.spki_der())?;
    /// assert_eq!(key.algorithm(), KeyAlgorithm::Rsa { bits: 2048 });
    /// assert!(PublicKey::from_spki_der(b"\x30\x00").is_err());
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn from_spki_der(spki_der: &[u8]) -> Result<Self, Error> {
        Self::from_spki_der_with(spki_der, default_backend())
    }

    /// Decodes and checks a SubjectPublicKeyInfo, prepared by `backend`.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{PublicKey, crypto::RustCrypto, testkit::{HolderSpec, TestCa}};
    /// let issued = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// let key = PublicKey::from_spki_der_with(issued.certificate().spki_der(), &RustCrypto)?;
    /// key.verify(key.default_signature_algorithm(), b"m", &issued.private_key.sign(b"m"))?;
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn from_spki_der_with(spki_der: &[u8], backend: &dyn CryptoBackend) -> Result<Self, Error> {
        match check_spki(spki_der)? {
            CheckedKey::Rsa { n, e, bits } => Ok(Self {
                algorithm: KeyAlgorithm::Rsa { bits },
                key: backend.rsa_pkcs1_sha256(n, e)?,
            }),
            CheckedKey::P256 { point } => Ok(Self {
                algorithm: KeyAlgorithm::EcdsaP256,
                key: backend.ecdsa_p256_sha256(point)?,
            }),
        }
    }

    /// The key's algorithm and size.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{KeyAlgorithm, PublicKey, testkit::{KeyType, PrivateKey}};
    /// let key = PrivateKey::generate(KeyType::EcdsaP256, 1, "doc");
    /// assert_eq!(PublicKey::from_spki_der(&key.public_key_der())?.algorithm(), KeyAlgorithm::EcdsaP256);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn algorithm(&self) -> KeyAlgorithm {
        self.algorithm
    }

    /// The signature algorithm this key signs with (documents and login challenges):
    /// sha256WithRSAEncryption for RSA, ecdsa-with-SHA256 for P-256.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{PublicKey, SignatureAlgorithm, testkit::{KeyType, PrivateKey}};
    /// let key = PrivateKey::generate(KeyType::EcdsaP256, 1, "doc");
    /// let public = PublicKey::from_spki_der(&key.public_key_der())?;
    /// assert_eq!(public.default_signature_algorithm(), SignatureAlgorithm::EcdsaSha256);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn default_signature_algorithm(&self) -> SignatureAlgorithm {
        match self.algorithm {
            KeyAlgorithm::EcdsaP256 => SignatureAlgorithm::EcdsaSha256,
            _ => SignatureAlgorithm::RsaPkcs1Sha256,
        }
    }

    /// Verifies `signature` over `message` with `algorithm`.
    ///
    /// The algorithm must fit the key (an RSA key never verifies an ECDSA signature). ECDSA
    /// signatures are DER `Ecdsa-Sig-Value`s, strictly encoded.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Error, PublicKey, SignatureAlgorithm, testkit::{KeyType, PrivateKey}};
    /// let key = PrivateKey::generate(KeyType::EcdsaP256, 1, "doc");
    /// let public = PublicKey::from_spki_der(&key.public_key_der())?;
    /// let sig = key.sign(b"login challenge");
    /// public.verify(SignatureAlgorithm::EcdsaSha256, b"login challenge", &sig)?;
    /// assert!(matches!(
    ///     public.verify(SignatureAlgorithm::EcdsaSha256, b"another challenge", &sig),
    ///     Err(Error::BadSignature)
    /// ));
    /// // An RSA algorithm never verifies with an EC key.
    /// assert!(public.verify(SignatureAlgorithm::RsaPkcs1Sha256, b"login challenge", &sig).is_err());
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn verify(
        &self,
        algorithm: SignatureAlgorithm,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), Error> {
        match (self.algorithm, algorithm) {
            (_, SignatureAlgorithm::Unsupported(oid)) => Err(Error::UnsupportedAlgorithm(oid)),
            (KeyAlgorithm::Rsa { .. }, SignatureAlgorithm::RsaPkcs1Sha256)
            | (KeyAlgorithm::EcdsaP256, SignatureAlgorithm::EcdsaSha256) => {
                self.key.verify(message, signature)
            }
            (KeyAlgorithm::EcdsaP256, _) => Err(Error::UnsupportedAlgorithm(oids::SHA256_WITH_RSA)),
            _ => Err(Error::UnsupportedAlgorithm(oids::ECDSA_WITH_SHA256)),
        }
    }
}

/// Decodes RSAPublicKey and applies the crate's key policy.
fn rsa_components(der: &[u8]) -> Result<CheckedKey<'_>, Error> {
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
    if n.last().is_none_or(|b| b & 1 == 0) {
        return Err(Error::UnsupportedKey("RSA modulus is even"));
    }
    if e.last().is_none_or(|b| b & 1 == 0) || e == [1] {
        return Err(Error::UnsupportedKey(
            "RSA public exponent must be odd and greater than 1",
        ));
    }
    if e.len() > 8 {
        return Err(Error::UnsupportedKey(
            "RSA public exponent larger than 64 bits",
        ));
    }
    Ok(CheckedKey::Rsa {
        n,
        e,
        bits: u32::try_from(bits).unwrap_or(u32::MAX),
    })
}

fn bit_len(be: &[u8]) -> usize {
    let lead = be.first().copied().unwrap_or(0);
    (be.len() * 8).saturating_sub(lead.leading_zeros() as usize)
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({})", self.algorithm)
    }
}

#[cfg(test)]
mod tests;

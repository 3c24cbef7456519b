//! Public keys and signature verification, through a [`CryptoBackend`].
//!
//! The crate decodes a SubjectPublicKeyInfo and applies its key policy itself (RSA 2048 to 4096
//! bits with an odd exponent greater than 1; points on P-256, P-384 or P-521); a backend only
//! turns the checked components into a [`VerifyingKey`], once per key. Two backends ship:
//!
//! - [`RustCrypto`] (always available, pure Rust): `rsa` 0.10, `p256`, `p384` and `p521`, with
//!   RSA-2048 keys of exponent 65537 verified by 17 Montgomery multiplications in fixed-size
//!   `crypto-bigint` arithmetic on the stack (the common case: every JPKI key of today's cards);
//! - [`AwsLcRs`] (feature `aws-lc-rs`): AWS-LC's assembly. With the feature on, it is the
//!   [`default_backend`].
//!
//! A [`PublicKey`] is parsed once and reused: the verifier keeps one for every trust anchor and
//! intermediate.
//!
//! **Signature algorithms and the curve/hash pairing.** RSA keys verify sha256-, sha384- and
//! sha512WithRSAEncryption (RSASSA-PKCS1-v1_5). An ECDSA key verifies only with the hash of
//! its curve's strength: P-256 with SHA-256, P-384 with SHA-384 (the next-generation My Number
//! card), P-521 with SHA-512. A mixed pairing (P-384 with SHA-256, say) is
//! [`Error::UnsupportedAlgorithm`]: the JPKI plan pairs ECDSA "384" with SHA-384, a weaker hash
//! would lower the key's strength to the hash's, and every pairing accepted is one more an
//! attacker can choose. SHA-1 is refused here: [`SignatureAlgorithm::RsaPkcs1Sha1`] verifies
//! only for a CMS signer under an explicit [`LegacySha1`](crate::LegacySha1) policy, never for
//! a certificate.
//!
//! **Prehashed verification.** [`PublicKey::verify_prehashed`] takes the message's hash instead
//! of the message (a detached document streamed through its digest), with the same verdict on
//! every backend; a digest of another length than the algorithm's hash is
//! [`Error::DigestLength`].
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

use der::Decode;
use der::asn1::UintRef;

use crate::der_reader::{Reader, tag};

#[cfg(feature = "aws-lc-rs")]
pub use aws_lc::AwsLcRs;
pub use rustcrypto::RustCrypto;

use crate::{Error, KeyAlgorithm, KeyRefusal, SignatureAlgorithm};

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
/// use jpki_core::{Error, KeyRefusal, MAX_RSA_BITS, MIN_RSA_BITS, PublicKey};
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
/// assert!(matches!(too_large, Err(Error::UnsupportedKey(KeyRefusal::RsaTooLarge))));
/// let too_small = PublicKey::from_spki_der(&rsa_spki(MIN_RSA_BITS / 8 - 1));
/// assert!(matches!(too_small, Err(Error::UnsupportedKey(KeyRefusal::RsaTooSmall))));
/// ```
pub const MAX_RSA_BITS: usize = 4096;

/// Where signature arithmetic happens.
///
/// The crate hands a backend only key material that passed its policy, and only signatures of
/// an algorithm that fits the key (see the pairing rule in the [module docs](self)). An
/// implementation must verify exactly RSASSA-PKCS1-v1_5 (RFC 8017 §8.2.2) with the algorithm's
/// hash for RSA keys and ECDSA with the curve's hash and a DER `Ecdsa-Sig-Value` for EC keys,
/// and answer [`Error::BadSignature`] for anything that is not such a signature by that key.
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

    /// Prepares an RSA key for RSASSA-PKCS1-v1_5 with SHA-256, SHA-384 or SHA-512 (and SHA-1,
    /// which only a CMS signer under a [`LegacySha1`](crate::LegacySha1) policy asks for). `modulus`
    /// and `exponent` are unsigned big-endian without leading zeros; the modulus has 2048 to
    /// 4096 bits and the exponent is odd and greater than 1.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use rsa::traits::PublicKeyParts as _;
    /// use jpki_core::SignatureAlgorithm;
    /// use jpki_core::crypto::{CryptoBackend, RustCrypto};
    /// use jpki_core::testkit::{KeyType, PrivateKey};
    /// let key = PrivateKey::generate(KeyType::Rsa2048, 1, "doc-rsa");
    /// let PrivateKey::Rsa(private) = &key else { return Ok(()) };
    /// let public = private.to_public_key();
    /// let prepared = RustCrypto.rsa_pkcs1(&public.n_bytes(), &public.e_bytes())?;
    /// prepared.verify(SignatureAlgorithm::RsaPkcs1Sha256, b"m", &key.sign(b"m"))?;
    /// assert!(prepared.verify(SignatureAlgorithm::RsaPkcs1Sha256, b"other", &key.sign(b"m")).is_err());
    /// // The same key under another hash: a different signature.
    /// assert!(prepared.verify(SignatureAlgorithm::RsaPkcs1Sha384, b"m", &key.sign(b"m")).is_err());
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    fn rsa_pkcs1(&self, modulus: &[u8], exponent: &[u8]) -> Result<Arc<dyn VerifyingKey>, Error>;

    /// Prepares an EC key on `curve` from its SEC1 point encoding, for ECDSA with the curve's
    /// hash.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::SignatureAlgorithm;
    /// use jpki_core::crypto::{CryptoBackend, Curve, RustCrypto};
    /// use jpki_core::testkit::{KeyType, PrivateKey};
    /// let key = PrivateKey::generate(KeyType::EcdsaP384, 1, "doc-p384");
    /// let spki = key.public_key_der();
    /// // The SPKI of a P-384 key ends with its 97-octet uncompressed point.
    /// let prepared = RustCrypto.ecdsa(Curve::P384, &spki[spki.len() - 97..])?;
    /// prepared.verify(SignatureAlgorithm::EcdsaSha384, b"m", &key.sign(b"m"))?;
    /// assert!(RustCrypto.ecdsa(Curve::P384, &[4; 97]).is_err()); // not on the curve
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    fn ecdsa(&self, curve: Curve, sec1_point: &[u8]) -> Result<Arc<dyn VerifyingKey>, Error>;
}

/// The elliptic curves this crate verifies ECDSA signatures on.
///
/// ```
/// use jpki_core::{SignatureAlgorithm, crypto::Curve};
/// // Each curve verifies with one hash: its strength's.
/// assert_eq!(Curve::P384.signature_algorithm(), SignatureAlgorithm::EcdsaSha384);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Curve {
    /// NIST P-256 (secp256r1), with SHA-256.
    P256,
    /// NIST P-384 (secp384r1), with SHA-384: next-generation My Number cards.
    P384,
    /// NIST P-521 (secp521r1), with SHA-512.
    P521,
}

impl Curve {
    /// The one ECDSA signature algorithm keys on this curve verify.
    ///
    /// ```
    /// use jpki_core::{SignatureAlgorithm, crypto::Curve};
    /// assert_eq!(Curve::P256.signature_algorithm(), SignatureAlgorithm::EcdsaSha256);
    /// assert_eq!(Curve::P521.signature_algorithm(), SignatureAlgorithm::EcdsaSha512);
    /// ```
    pub fn signature_algorithm(self) -> SignatureAlgorithm {
        match self {
            Self::P256 => SignatureAlgorithm::EcdsaSha256,
            Self::P384 => SignatureAlgorithm::EcdsaSha384,
            Self::P521 => SignatureAlgorithm::EcdsaSha512,
        }
    }

    fn key_algorithm(self) -> KeyAlgorithm {
        match self {
            Self::P256 => KeyAlgorithm::EcdsaP256,
            Self::P384 => KeyAlgorithm::EcdsaP384,
            Self::P521 => KeyAlgorithm::EcdsaP521,
        }
    }
}

/// A key prepared by a [`CryptoBackend`].
///
/// ```
/// use std::sync::Arc;
/// use jpki_core::{Error, SignatureAlgorithm};
/// use jpki_core::crypto::{CryptoBackend, Curve, RustCrypto, VerifyingKey};
/// // Wrap a backend, e.g. to count or log signature checks.
/// struct Counted(Arc<dyn VerifyingKey>);
/// impl VerifyingKey for Counted {
///     fn verify(&self, algorithm: SignatureAlgorithm, message: &[u8], signature: &[u8]) -> Result<(), Error> {
///         self.0.verify(algorithm, message, signature)
///     }
///     fn verify_prehashed(&self, algorithm: SignatureAlgorithm, digest: &[u8], signature: &[u8]) -> Result<(), Error> {
///         self.0.verify_prehashed(algorithm, digest, signature)
///     }
/// }
/// let p256_point = [0u8; 65]; // not on the curve
/// assert!(RustCrypto.ecdsa(Curve::P256, &p256_point).map(Counted).is_err());
/// ```
pub trait VerifyingKey: Send + Sync {
    /// Verifies `signature` over `message` (the message, not its digest) with `algorithm`,
    /// which the caller has already checked fits the key: `Ok(())` or [`Error::BadSignature`]
    /// (or [`Error::UnsupportedAlgorithm`] for an algorithm the key cannot verify).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Error, SignatureAlgorithm, crypto::{CryptoBackend, Curve, RustCrypto}};
    /// use jpki_core::testkit::{KeyType, PrivateKey};
    /// let key = PrivateKey::generate(KeyType::EcdsaP256, 1, "doc-p256");
    /// let spki = key.public_key_der();
    /// let prepared = RustCrypto.ecdsa(Curve::P256, &spki[spki.len() - 65..])?;
    /// let signature = key.sign(b"challenge");
    /// prepared.verify(SignatureAlgorithm::EcdsaSha256, b"challenge", &signature)?;
    /// assert!(matches!(
    ///     prepared.verify(SignatureAlgorithm::EcdsaSha256, b"challenge", &signature[..8]),
    ///     Err(Error::BadSignature)
    /// ));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    fn verify(
        &self,
        algorithm: SignatureAlgorithm,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), Error>;

    /// Verifies `signature` over a message whose `algorithm` hash is `digest` (computed by the
    /// caller, e.g. while streaming a detached document): the same verdict as
    /// [`verify`](Self::verify) over the message. A digest whose length is not the
    /// algorithm's hash's is [`Error::DigestLength`], never a verdict. The caller has checked
    /// the algorithm fits the key; RSA keys may also be asked for
    /// [`SignatureAlgorithm::RsaPkcs1Sha1`] (a CMS signer under an explicit
    /// [`LegacySha1`](crate::LegacySha1) policy).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use sha2::Digest as _;
    /// use jpki_core::{Error, SignatureAlgorithm, crypto::{CryptoBackend, Curve, RustCrypto}};
    /// use jpki_core::testkit::{KeyType, PrivateKey};
    /// let key = PrivateKey::generate(KeyType::EcdsaP256, 1, "doc-p256");
    /// let spki = key.public_key_der();
    /// let prepared = RustCrypto.ecdsa(Curve::P256, &spki[spki.len() - 65..])?;
    /// let signature = key.sign(b"challenge");
    /// let digest = sha2::Sha256::digest(b"challenge");
    /// prepared.verify_prehashed(SignatureAlgorithm::EcdsaSha256, &digest, &signature)?;
    /// assert!(matches!(
    ///     prepared.verify_prehashed(SignatureAlgorithm::EcdsaSha256, &digest[..31], &signature),
    ///     Err(Error::DigestLength { expected: 32, actual: 31 })
    /// ));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    fn verify_prehashed(
        &self,
        algorithm: SignatureAlgorithm,
        digest: &[u8],
        signature: &[u8],
    ) -> Result<(), Error>;
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
/// EC keys must be points on P-256, P-384 or P-521. Anything else is [`Error::UnsupportedKey`]
/// (or [`Error::UnsupportedAlgorithm`] for another algorithm or curve).
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
    Ec { curve: Curve, point: &'a [u8] },
}

/// Decodes a SubjectPublicKeyInfo and applies the key policy, without preparing the key.
pub(crate) fn check_spki(spki_der: &[u8]) -> Result<CheckedKey<'_>, Error> {
    let spki = spki::SubjectPublicKeyInfoRef::from_der(spki_der)
        .map_err(Error::der_in(crate::DerContext::SubjectPublicKeyInfo))?;
    let bits = spki.subject_public_key.as_bytes().ok_or(Error::BadDer {
        context: crate::DerContext::SubjectPublicKey,
        problem: crate::DerProblem::InvalidValue,
    })?;
    match crate::cert::identify_key(spki_der)? {
        KeyAlgorithm::Rsa { .. } => rsa_components(bits),
        // The point must be on the curve (checked here, not only when a backend prepares the
        // key, so that a verified leaf never has an unusable key).
        KeyAlgorithm::EcdsaP256 => {
            p256::PublicKey::from_sec1_bytes(bits)
                .map_err(|_| Error::UnsupportedKey(KeyRefusal::P256NotOnCurve))?;
            Ok(CheckedKey::Ec {
                curve: Curve::P256,
                point: bits,
            })
        }
        KeyAlgorithm::EcdsaP384 => {
            p384::PublicKey::from_sec1_bytes(bits)
                .map_err(|_| Error::UnsupportedKey(KeyRefusal::P384NotOnCurve))?;
            Ok(CheckedKey::Ec {
                curve: Curve::P384,
                point: bits,
            })
        }
        KeyAlgorithm::EcdsaP521 => {
            p521::PublicKey::from_sec1_bytes(bits)
                .map_err(|_| Error::UnsupportedKey(KeyRefusal::P521NotOnCurve))?;
            Ok(CheckedKey::Ec {
                curve: Curve::P521,
                point: bits,
            })
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
                key: backend.rsa_pkcs1(n, e)?,
            }),
            CheckedKey::Ec { curve, point } => Ok(Self {
                algorithm: curve.key_algorithm(),
                key: backend.ecdsa(curve, point)?,
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
    /// sha256WithRSAEncryption for RSA (today's cards), and for EC keys the one their curve
    /// pairs with: ecdsa-with-SHA256 for P-256, ecdsa-with-SHA384 for P-384 (next-generation
    /// cards), ecdsa-with-SHA512 for P-521.
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
            KeyAlgorithm::EcdsaP384 => SignatureAlgorithm::EcdsaSha384,
            KeyAlgorithm::EcdsaP521 => SignatureAlgorithm::EcdsaSha512,
            _ => SignatureAlgorithm::RsaPkcs1Sha256,
        }
    }

    /// Verifies `signature` over `message` with `algorithm`.
    ///
    /// The algorithm must fit the key: an RSA key verifies the three RSASSA-PKCS1-v1_5
    /// algorithms, an EC key only ECDSA with its curve's hash (P-384 with SHA-384, …); anything
    /// else is [`Error::UnsupportedAlgorithm`]. ECDSA signatures are DER `Ecdsa-Sig-Value`s,
    /// strictly encoded.
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
        self.check_fits(algorithm, Sha1::Refused)?;
        self.key.verify(algorithm, message, signature)
    }

    /// Verifies `signature` over the message whose hash under `algorithm` is `digest`: the
    /// same verdict as [`verify`](Self::verify) over the message, without the message (a
    /// detached document streamed through its hash). The rules of `verify` apply, and `digest`
    /// must have the length of the algorithm's hash (32 octets for SHA-256, 48 for SHA-384, 64
    /// for SHA-512), else [`Error::DigestLength`]. The caller vouches that `digest` is the
    /// hash of the message it means: a digest received from someone else proves nothing about
    /// any message.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use sha2::Digest as _;
    /// use jpki_core::{Error, PublicKey, SignatureAlgorithm, testkit::{KeyType, PrivateKey}};
    /// let key = PrivateKey::generate(KeyType::Rsa2048, 1, "doc-rsa");
    /// let public = PublicKey::from_spki_der(&key.public_key_der())?;
    /// let sig = key.sign(b"a large file");
    /// let digest = sha2::Sha256::digest(b"a large file");
    /// public.verify_prehashed(SignatureAlgorithm::RsaPkcs1Sha256, &digest, &sig)?;
    /// // A digest of another algorithm's length is refused before any arithmetic.
    /// let sha384 = sha2::Sha384::digest(b"a large file");
    /// assert!(matches!(
    ///     public.verify_prehashed(SignatureAlgorithm::RsaPkcs1Sha256, &sha384, &sig),
    ///     Err(Error::DigestLength { expected: 32, actual: 48 })
    /// ));
    /// // The digest of another message: a bad signature.
    /// let other = sha2::Sha256::digest(b"another file");
    /// assert!(matches!(
    ///     public.verify_prehashed(SignatureAlgorithm::RsaPkcs1Sha256, &other, &sig),
    ///     Err(Error::BadSignature)
    /// ));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn verify_prehashed(
        &self,
        algorithm: SignatureAlgorithm,
        digest: &[u8],
        signature: &[u8],
    ) -> Result<(), Error> {
        self.verify_prehashed_with(algorithm, digest, signature, Sha1::Refused)
    }

    /// [`verify_prehashed`](Self::verify_prehashed), with SHA-1 (RSASSA-PKCS1-v1_5 only)
    /// accepted when `sha1` says so: for a CMS signer under the caller's
    /// [`LegacySha1`](crate::LegacySha1) policy, never for a certificate.
    pub(crate) fn verify_prehashed_with(
        &self,
        algorithm: SignatureAlgorithm,
        digest: &[u8],
        signature: &[u8],
        sha1: Sha1,
    ) -> Result<(), Error> {
        self.check_fits(algorithm, sha1)?;
        check_digest_len(algorithm, digest)?;
        self.key.verify_prehashed(algorithm, digest, signature)
    }

    /// The algorithm must fit the key: the pairing policy (module docs).
    fn check_fits(&self, algorithm: SignatureAlgorithm, sha1: Sha1) -> Result<(), Error> {
        use SignatureAlgorithm as S;
        let fits = match (self.algorithm, algorithm) {
            (
                KeyAlgorithm::Rsa { .. },
                S::RsaPkcs1Sha256 | S::RsaPkcs1Sha384 | S::RsaPkcs1Sha512,
            ) => true,
            (KeyAlgorithm::Rsa { .. }, S::RsaPkcs1Sha1) => sha1 == Sha1::Allowed,
            // One hash per curve: the pairing policy (module docs).
            (KeyAlgorithm::EcdsaP256, S::EcdsaSha256)
            | (KeyAlgorithm::EcdsaP384, S::EcdsaSha384)
            | (KeyAlgorithm::EcdsaP521, S::EcdsaSha512) => true,
            _ => false,
        };
        if fits {
            Ok(())
        } else {
            Err(Error::UnsupportedAlgorithm(algorithm.oid()))
        }
    }
}

/// Whether a verification may use SHA-1: only a CMS signer's, under the caller's policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Sha1 {
    Refused,
    Allowed,
}

/// The length of `algorithm`'s hash, in octets (`None` for an unsupported algorithm).
pub(crate) fn digest_len(algorithm: SignatureAlgorithm) -> Option<usize> {
    use SignatureAlgorithm as S;
    match algorithm {
        S::RsaPkcs1Sha1 => Some(20),
        S::RsaPkcs1Sha256 | S::EcdsaSha256 => Some(32),
        S::RsaPkcs1Sha384 | S::EcdsaSha384 => Some(48),
        S::RsaPkcs1Sha512 | S::EcdsaSha512 => Some(64),
        S::Unsupported(_) => None,
    }
}

/// A prehashed digest must be exactly as long as the algorithm's hash: a shorter or longer one
/// is another algorithm's (or a truncation), and ECDSA would otherwise silently truncate or pad
/// it (SEC 1 §4.1.4 step 5), so it is refused before any arithmetic, by every backend alike.
pub(crate) fn check_digest_len(algorithm: SignatureAlgorithm, digest: &[u8]) -> Result<(), Error> {
    let expected = digest_len(algorithm).ok_or(Error::UnsupportedAlgorithm(algorithm.oid()))?;
    if digest.len() == expected {
        Ok(())
    } else {
        Err(Error::DigestLength {
            expected,
            actual: digest.len(),
        })
    }
}

/// A message digest on the stack (no allocation on the verification path): SHA-256, SHA-384
/// or SHA-512, as the signature algorithm names.
pub(crate) struct Digest {
    bytes: [u8; 64],
    len: usize,
}

impl Digest {
    /// The digest of `message` under `algorithm`'s hash, `None` for an unsupported algorithm.
    pub(crate) fn of(algorithm: SignatureAlgorithm, message: &[u8]) -> Option<Self> {
        use sha2::Digest as _;
        let mut bytes = [0u8; 64];
        let hash: &[u8] = match algorithm {
            SignatureAlgorithm::RsaPkcs1Sha1 => &sha1::Sha1::digest(message),
            SignatureAlgorithm::RsaPkcs1Sha256 | SignatureAlgorithm::EcdsaSha256 => {
                &sha2::Sha256::digest(message)
            }
            SignatureAlgorithm::RsaPkcs1Sha384 | SignatureAlgorithm::EcdsaSha384 => {
                &sha2::Sha384::digest(message)
            }
            SignatureAlgorithm::RsaPkcs1Sha512 | SignatureAlgorithm::EcdsaSha512 => {
                &sha2::Sha512::digest(message)
            }
            SignatureAlgorithm::Unsupported(_) => return None,
        };
        bytes.get_mut(..hash.len())?.copy_from_slice(hash);
        Some(Self {
            bytes,
            len: hash.len(),
        })
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or_default()
    }
}

/// Decodes RSAPublicKey and applies the crate's key policy.
fn rsa_components(der: &[u8]) -> Result<CheckedKey<'_>, Error> {
    let ctx = crate::DerContext::RsaPublicKey;
    // RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } (RFC 8017 A.1.1)
    let mut r = Reader::new(der);
    let mut s = r.sequence().map_err(Error::der_at(ctx))?;
    r.finish().map_err(Error::der_at(ctx))?;
    let mut uint = || -> Result<UintRef<'_>, Error> {
        let t = s.expect_tag(tag::INTEGER).map_err(Error::der_at(ctx))?;
        // `der` refuses a negative or non-minimal INTEGER.
        UintRef::from_der(t.raw).map_err(Error::der_in(ctx))
    };
    let (n, e) = (uint()?, uint()?);
    s.finish().map_err(Error::der_at(ctx))?;
    let (n, e) = (n.as_bytes(), e.as_bytes());
    let bits = bit_len(n);
    if bits < MIN_RSA_BITS {
        return Err(Error::UnsupportedKey(KeyRefusal::RsaTooSmall));
    }
    if bits > MAX_RSA_BITS {
        return Err(Error::UnsupportedKey(KeyRefusal::RsaTooLarge));
    }
    if n.last().is_none_or(|b| b & 1 == 0) {
        return Err(Error::UnsupportedKey(KeyRefusal::RsaEvenModulus));
    }
    if e.last().is_none_or(|b| b & 1 == 0) || e == [1] {
        return Err(Error::UnsupportedKey(KeyRefusal::RsaExponentNotOddAboveOne));
    }
    if e.len() > 8 {
        return Err(Error::UnsupportedKey(KeyRefusal::RsaExponentTooLarge));
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

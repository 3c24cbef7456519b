//! Deterministic test keys (RSA-2048, ECDSA P-256 and P-384) and signing with them.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use p256::ecdsa::signature::Signer as _;
use p256::elliptic_curve::Generate;
use rand::SeedableRng;
use rand::rngs::ChaCha20Rng;
use rsa::pkcs8::EncodePublicKey;
use rsa::signature::SignatureEncoding as _;
use sha2::{Digest, Sha256};

use super::key_cache;

/// Generated keys by (type, seed, label).
type KeyCache = HashMap<(KeyType, u64, String), PrivateKey>;

/// The key algorithm of a test key.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{KeyAlgorithm, testkit::{HolderSpec, KeyType, TestCa}};
/// let spec = HolderSpec::example().with_key_type(KeyType::EcdsaP256);
/// let cert = TestCa::new(1).issue_signing(&spec).certificate();
/// assert_eq!(cert.key_algorithm(), KeyAlgorithm::EcdsaP256);
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyType {
    /// RSA-2048, e = 65537, signing with sha256WithRSAEncryption (as on today's cards).
    Rsa2048,
    /// ECDSA P-256, signing with ecdsa-with-SHA256.
    EcdsaP256,
    /// ECDSA P-384, signing with ecdsa-with-SHA384 (as on next-generation cards).
    EcdsaP384,
}

/// A private key handed back by the test CA so that tests can sign as the holder or the CA.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{PublicKey, testkit::{KeyType, PrivateKey}};
/// let key = PrivateKey::generate(KeyType::EcdsaP256, 7, "my-test");
/// let public = PublicKey::from_spki_der(&key.public_key_der())?;
/// public.verify(public.default_signature_algorithm(), b"m", &key.sign(b"m"))?;
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone)]
pub enum PrivateKey {
    /// An RSA key.
    Rsa(Box<rsa::PrivateKey>),
    /// A P-256 key.
    EcdsaP256(p256::ecdsa::SigningKey),
    /// A P-384 key.
    EcdsaP384(p384::ecdsa::SigningKey),
}

impl core::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            Self::Rsa(_) => "PrivateKey::Rsa(..)",
            Self::EcdsaP256(_) => "PrivateKey::EcdsaP256(..)",
            Self::EcdsaP384(_) => "PrivateKey::EcdsaP384(..)",
        })
    }
}

impl PrivateKey {
    /// Generates a key deterministically from `seed` and a `label`. Since RSA key generation is
    /// slow, keys are cached per process, and RSA keys also on disk for other processes (such as
    /// doctests, one process each): in the directory `JPKI_TESTKIT_CACHE` names (`off` turns the
    /// disk cache off), else `jpki-testkit-keys` in Cargo's target directory or the temp
    /// directory. A cached key is used only after checks that it is whole and is this key.
    ///
    /// ```
    /// use jpki_core::testkit::{KeyType, PrivateKey};
    /// // Deterministic: the same seed and label give the same key.
    /// let a = PrivateKey::generate(KeyType::EcdsaP256, 1, "holder");
    /// let b = PrivateKey::generate(KeyType::EcdsaP256, 1, "holder");
    /// assert_eq!(a.public_key_der(), b.public_key_der());
    /// let c = PrivateKey::generate(KeyType::EcdsaP256, 2, "holder");
    /// assert_ne!(a.public_key_der(), c.public_key_der());
    /// ```
    pub fn generate(key_type: KeyType, seed: u64, label: &str) -> Self {
        static CACHE: OnceLock<Mutex<KeyCache>> = OnceLock::new();
        let cache = CACHE.get_or_init(Default::default);
        let id = (key_type, seed, label.to_owned());
        if let Some(k) = cache.lock().ok().and_then(|m| m.get(&id).cloned()) {
            return k;
        }
        let mut rng = seeded_rng(seed, label);
        let key = match key_type {
            // RSA generation is slow and each doctest is a process of its own: another process
            // may have generated this key already (see `key_cache` for why that is safe).
            KeyType::Rsa2048 => match key_cache::load_rsa(seed, label) {
                Some(k) => Self::Rsa(Box::new(k)),
                None => match rsa::PrivateKey::new(&mut rng, 2048) {
                    Ok(k) => {
                        key_cache::store_rsa(seed, label, &k);
                        Self::Rsa(Box::new(k))
                    }
                    Err(e) => panic!("testkit: RSA key generation failed: {e}"),
                },
            },
            KeyType::EcdsaP256 => Self::EcdsaP256(
                <p256::ecdsa::SigningKey as Generate>::generate_from_rng(&mut rng),
            ),
            KeyType::EcdsaP384 => Self::EcdsaP384(
                <p384::ecdsa::SigningKey as Generate>::generate_from_rng(&mut rng),
            ),
        };
        if let Ok(mut m) = cache.lock() {
            m.insert(id, key.clone());
        }
        key
    }

    /// The key's algorithm.
    ///
    /// ```
    /// use jpki_core::testkit::{KeyType, PrivateKey};
    /// assert_eq!(PrivateKey::generate(KeyType::EcdsaP256, 1, "k").key_type(), KeyType::EcdsaP256);
    /// ```
    pub fn key_type(&self) -> KeyType {
        match self {
            Self::Rsa(_) => KeyType::Rsa2048,
            Self::EcdsaP256(_) => KeyType::EcdsaP256,
            Self::EcdsaP384(_) => KeyType::EcdsaP384,
        }
    }

    /// The SubjectPublicKeyInfo DER of the matching public key.
    ///
    /// ```
    /// use jpki_core::{KeyAlgorithm, PublicKey, testkit::{KeyType, PrivateKey}};
    /// let key = PrivateKey::generate(KeyType::Rsa2048, 1, "doc-rsa");
    /// let public = PublicKey::from_spki_der(&key.public_key_der())?;
    /// assert_eq!(public.algorithm(), KeyAlgorithm::Rsa { bits: 2048 });
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn public_key_der(&self) -> Vec<u8> {
        let doc = match self {
            Self::Rsa(k) => k.to_public_key().to_public_key_der(),
            Self::EcdsaP256(k) => p256::PublicKey::from(k.verifying_key()).to_public_key_der(),
            Self::EcdsaP384(k) => p384::PublicKey::from(k.verifying_key()).to_public_key_der(),
        };
        match doc {
            Ok(d) => d.as_bytes().to_vec(),
            Err(e) => panic!("testkit: public key encoding failed: {e}"),
        }
    }

    /// The private key as PEM `PRIVATE KEY` (PKCS #8): what other software (the OpenSSL CLI,
    /// pyHanko) needs to sign with a test holder's or test TSA's key in interop tests.
    ///
    /// ```
    /// use jpki_core::testkit::{KeyType, PrivateKey};
    /// for key_type in [KeyType::Rsa2048, KeyType::EcdsaP256, KeyType::EcdsaP384] {
    ///     let pem = PrivateKey::generate(key_type, 1, "doc-pem").to_pkcs8_pem();
    ///     assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----"));
    /// }
    /// ```
    pub fn to_pkcs8_pem(&self) -> String {
        use p256::pkcs8::EncodePrivateKey as _;
        let der = match self {
            Self::Rsa(k) => k.to_pkcs8_der(),
            Self::EcdsaP256(k) => p256::SecretKey::from(k).to_pkcs8_der(),
            Self::EcdsaP384(k) => p384::SecretKey::from(k).to_pkcs8_der(),
        };
        match der {
            Ok(d) => crate::pem::encode("PRIVATE KEY", d.as_bytes()),
            Err(e) => panic!("testkit: private key encoding failed: {e}"),
        }
    }

    /// Signs `message`: RSASSA-PKCS1-v1_5 with SHA-256, or ECDSA with the curve's hash
    /// (SHA-256 on P-256, SHA-384 on P-384; DER signature).
    ///
    /// ```
    /// use jpki_core::{PublicKey, SignatureAlgorithm, testkit::{KeyType, PrivateKey}};
    /// let key = PrivateKey::generate(KeyType::Rsa2048, 1, "doc-rsa");
    /// let signature = key.sign(b"document");
    /// assert_eq!(signature.len(), 256);
    /// let public = PublicKey::from_spki_der(&key.public_key_der())?;
    /// public.verify(SignatureAlgorithm::RsaPkcs1Sha256, b"document", &signature)?;
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn sign(&self, message: &[u8]) -> Vec<u8> {
        match self {
            Self::Rsa(k) => {
                let signer = rsa::pkcs1v15::SigningKey::<Sha256>::new((**k).clone());
                signer.sign(message).to_vec()
            }
            Self::EcdsaP256(k) => {
                let sig: p256::ecdsa::Signature = k.sign(message);
                sig.to_der().as_bytes().to_vec()
            }
            Self::EcdsaP384(k) => {
                let sig: p384::ecdsa::Signature = k.sign(message);
                sig.to_der().as_bytes().to_vec()
            }
        }
    }

    /// The DER AlgorithmIdentifier of the signature this key makes.
    pub(crate) fn signature_algorithm_der(&self) -> Vec<u8> {
        use der::Encode;
        let alg = match self {
            Self::Rsa(_) => spki::AlgorithmIdentifierOwned {
                oid: crate::oids::SHA256_WITH_RSA.0,
                parameters: Some(der::asn1::Any::null()),
            },
            Self::EcdsaP256(_) => spki::AlgorithmIdentifierOwned {
                oid: crate::oids::ECDSA_WITH_SHA256.0,
                parameters: None,
            },
            Self::EcdsaP384(_) => spki::AlgorithmIdentifierOwned {
                oid: crate::oids::ECDSA_WITH_SHA384.0,
                parameters: None,
            },
        };
        alg.to_der().unwrap_or_default()
    }
}

/// The generator every key of (seed, label) comes from. The disk cache fingerprints its keys'
/// generator through this function too, so a change here cannot make it return stale keys.
pub(super) fn seeded_rng(seed: u64, label: &str) -> ChaCha20Rng {
    let mut digest = Sha256::new();
    digest.update(seed.to_be_bytes());
    digest.update(label.as_bytes());
    ChaCha20Rng::from_seed(digest.finalize().into())
}

/// A key identifier for a SubjectPublicKeyInfo: the first 20 octets of SHA-256 over it.
///
/// ```
/// use jpki_core::testkit::{TestCa, key_id};
/// let root = TestCa::new(1).signing_root().certificate();
/// let id = key_id(root.spki_der());
/// assert_eq!(id.len(), 20);
/// assert_eq!(root.subject_key_id(), Some(&id[..]));
/// ```
pub fn key_id(spki_der: &[u8]) -> Vec<u8> {
    Sha256::digest(spki_der).iter().take(20).copied().collect()
}

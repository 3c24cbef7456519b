//! The digest algorithms of a SignerInfo, and the content's digests computed in one pass.

use sha2::Digest as _;
use spki::AlgorithmIdentifierRef;

use super::oids;
use crate::{Oid, SignatureAlgorithm};

/// A SignerInfo's `digestAlgorithm` (RFC 5754): SHA-256, SHA-384 or SHA-512 are verified;
/// SHA-1 only under an explicit [`LegacySha1`](crate::LegacySha1) policy; anything else is
/// reported and refused as [`Error::UnsupportedAlgorithm`](crate::Error::UnsupportedAlgorithm).
///
/// ```
/// use jpki_core::DigestAlgorithm;
/// assert_eq!(DigestAlgorithm::Sha384.as_str(), "sha384");
/// assert_eq!(DigestAlgorithm::Sha256.output_len(), 32);
/// assert_eq!(DigestAlgorithm::Sha1.to_string(), "sha1");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DigestAlgorithm {
    /// id-sha1: read, and verified only under an explicit [`LegacySha1`](crate::LegacySha1)
    /// policy (collisions are practical).
    Sha1,
    /// id-sha256.
    Sha256,
    /// id-sha384.
    Sha384,
    /// id-sha512.
    Sha512,
    /// Any other identifier, or a known one with parameters other than absent or NULL.
    Unsupported(Oid),
}

impl DigestAlgorithm {
    /// Identifies an AlgorithmIdentifier: RFC 5754 §2 allows the parameters absent or NULL.
    pub(crate) fn identify(alg: &AlgorithmIdentifierRef<'_>) -> Self {
        let oid = Oid(alg.oid);
        let params_ok = alg
            .parameters
            .is_none_or(|p| der::Tagged::tag(&p) == der::Tag::Null && p.value().is_empty());
        match oid {
            o if o == oids::SHA1 && params_ok => Self::Sha1,
            o if o == oids::SHA256 && params_ok => Self::Sha256,
            o if o == oids::SHA384 && params_ok => Self::Sha384,
            o if o == oids::SHA512 && params_ok => Self::Sha512,
            o => Self::Unsupported(o),
        }
    }

    /// The short name (`sha256`, …) as the `verify_signed` example prints it, or the dotted
    /// OID for an unsupported one.
    ///
    /// ```
    /// use jpki_core::DigestAlgorithm;
    /// assert_eq!(DigestAlgorithm::Sha512.as_str(), "sha512");
    /// ```
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Sha1 => "sha1",
            Self::Sha256 => "sha256",
            Self::Sha384 => "sha384",
            Self::Sha512 => "sha512",
            Self::Unsupported(_) => "unsupported",
        }
    }

    /// The algorithm's OID.
    ///
    /// ```
    /// use jpki_core::DigestAlgorithm;
    /// assert_eq!(DigestAlgorithm::Sha256.oid().to_string(), "2.16.840.1.101.3.4.2.1");
    /// ```
    pub fn oid(&self) -> Oid {
        match self {
            Self::Sha1 => oids::SHA1,
            Self::Sha256 => oids::SHA256,
            Self::Sha384 => oids::SHA384,
            Self::Sha512 => oids::SHA512,
            Self::Unsupported(o) => *o,
        }
    }

    /// The digest's length in octets (0 for an unsupported algorithm).
    ///
    /// ```
    /// use jpki_core::DigestAlgorithm;
    /// assert_eq!(DigestAlgorithm::Sha512.output_len(), 64);
    /// ```
    pub fn output_len(&self) -> usize {
        match self {
            Self::Sha1 => 20,
            Self::Sha256 => 32,
            Self::Sha384 => 48,
            Self::Sha512 => 64,
            Self::Unsupported(_) => 0,
        }
    }

    /// The RSASSA-PKCS1-v1_5 signature algorithm with this hash (for `rsaEncryption`).
    pub(crate) fn rsa_pkcs1(self) -> Option<SignatureAlgorithm> {
        match self {
            Self::Sha1 => Some(SignatureAlgorithm::RsaPkcs1Sha1),
            Self::Sha256 => Some(SignatureAlgorithm::RsaPkcs1Sha256),
            Self::Sha384 => Some(SignatureAlgorithm::RsaPkcs1Sha384),
            Self::Sha512 => Some(SignatureAlgorithm::RsaPkcs1Sha512),
            _ => None,
        }
    }

    /// The hash a signature algorithm uses.
    pub(crate) fn of_signature(alg: SignatureAlgorithm) -> Option<Self> {
        use SignatureAlgorithm as S;
        match alg {
            S::RsaPkcs1Sha1 => Some(Self::Sha1),
            S::RsaPkcs1Sha256 | S::EcdsaSha256 => Some(Self::Sha256),
            S::RsaPkcs1Sha384 | S::EcdsaSha384 => Some(Self::Sha384),
            S::RsaPkcs1Sha512 | S::EcdsaSha512 => Some(Self::Sha512),
            _ => None,
        }
    }

    /// The digest of `data` (`None` for an algorithm that is not verified, SHA-1 included).
    pub(crate) fn digest(self, data: &[u8]) -> Option<Vec<u8>> {
        let mut h = Hasher::new(self)?;
        h.update(data);
        Some(h.finish())
    }

    /// The digest of `data`, SHA-1 included: for CMS signers, whose SHA-1 the verifier's
    /// [`LegacySha1`](crate::LegacySha1) policy decides on.
    pub(crate) fn digest_with_legacy_sha1(self, data: &[u8]) -> Option<Vec<u8>> {
        let mut h = Hasher::with_legacy_sha1(self)?;
        h.update(data);
        Some(h.finish())
    }
}

impl core::fmt::Display for DigestAlgorithm {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Unsupported(o) => write!(f, "{o}"),
            _ => f.write_str(self.as_str()),
        }
    }
}

/// Reads `reader` to its end in chunks of `chunk` bytes, giving each chunk to `sink` (retrying
/// on `Interrupted`): the one read loop of everything that digests a stream. The byte count.
pub(crate) fn read_into(
    mut reader: impl std::io::Read,
    chunk: usize,
    mut sink: impl FnMut(&[u8]),
) -> std::io::Result<u64> {
    let mut buffer = vec![0u8; chunk.max(1)];
    let mut total = 0u64;
    loop {
        let n = match reader.read(&mut buffer) {
            Ok(0) => return Ok(total),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        sink(buffer.get(..n).unwrap_or_default());
        total = total.saturating_add(n as u64);
    }
}

/// One running hash.
#[derive(Clone)]
pub(crate) enum Hasher {
    Sha1(sha1::Sha1),
    Sha256(sha2::Sha256),
    Sha384(sha2::Sha384),
    Sha512(sha2::Sha512),
}

impl Hasher {
    pub(crate) fn new(alg: DigestAlgorithm) -> Option<Self> {
        match alg {
            DigestAlgorithm::Sha256 => Some(Self::Sha256(sha2::Sha256::new())),
            DigestAlgorithm::Sha384 => Some(Self::Sha384(sha2::Sha384::new())),
            DigestAlgorithm::Sha512 => Some(Self::Sha512(sha2::Sha512::new())),
            _ => None,
        }
    }

    /// A hasher for `alg`, SHA-1 included. Only CMS content and signed attributes are hashed
    /// so, and a SHA-1 digest is used only when the verifier's policy allows it; everything
    /// else (timestamp imprints, ESS certificate hashes) keeps [`Hasher::new`], which has no
    /// SHA-1.
    pub(crate) fn with_legacy_sha1(alg: DigestAlgorithm) -> Option<Self> {
        match alg {
            DigestAlgorithm::Sha1 => Some(Self::Sha1(sha1::Sha1::new())),
            _ => Self::new(alg),
        }
    }

    pub(crate) fn update(&mut self, data: &[u8]) {
        match self {
            Self::Sha1(h) => h.update(data),
            Self::Sha256(h) => h.update(data),
            Self::Sha384(h) => h.update(data),
            Self::Sha512(h) => h.update(data),
        }
    }

    pub(crate) fn finish(self) -> Vec<u8> {
        match self {
            Self::Sha1(h) => h.finalize().to_vec(),
            Self::Sha256(h) => h.finalize().to_vec(),
            Self::Sha384(h) => h.finalize().to_vec(),
            Self::Sha512(h) => h.finalize().to_vec(),
        }
    }
}

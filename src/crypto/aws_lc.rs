//! The aws-lc-rs backend (feature `aws-lc-rs`).

use std::sync::Arc;

use std::sync::OnceLock;

use aws_lc_rs::digest;
use aws_lc_rs::signature::{
    ECDSA_P256_SHA256_ASN1, ECDSA_P384_SHA384_ASN1, ECDSA_P521_SHA512_ASN1, ParsedPublicKey,
    RSA_PKCS1_2048_8192_SHA1_FOR_LEGACY_USE_ONLY, RSA_PKCS1_2048_8192_SHA256,
    RSA_PKCS1_2048_8192_SHA384, RSA_PKCS1_2048_8192_SHA512, VerificationAlgorithm,
};

use super::{CryptoBackend, Curve, VerifyingKey, check_digest_len};
use crate::{Error, KeyRefusal, SignatureAlgorithm};

/// AWS-LC through aws-lc-rs: assembly-optimised RSA and ECDSA (feature `aws-lc-rs`).
///
/// Keys are parsed once into AWS-LC's own form ([`ParsedPublicKey`]), which is bound to one
/// algorithm: an RSA key is parsed for a hash the first time a signature with that hash is
/// checked. Each verification is then the signature arithmetic alone. Prehashed verification
/// goes through [`ParsedPublicKey::verify_digest_sig`] with the digest imported for the
/// algorithm's own hash (AWS-LC refuses a digest of another hash).
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{PublicKey, SignatureAlgorithm, crypto::AwsLcRs, testkit::{HolderSpec, TestCa}};
/// let pair = TestCa::new(1).issue_pair(&HolderSpec::example());
/// let key = PublicKey::from_spki_der_with(pair.signing.certificate().spki_der(), &AwsLcRs)?;
/// let sig = pair.signing.private_key.sign(b"form");
/// key.verify(SignatureAlgorithm::RsaPkcs1Sha256, b"form", &sig)?;
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct AwsLcRs;

impl CryptoBackend for AwsLcRs {
    fn name(&self) -> &'static str {
        "aws-lc-rs"
    }

    fn rsa_pkcs1(&self, modulus: &[u8], exponent: &[u8]) -> Result<Arc<dyn VerifyingKey>, Error> {
        // RSAPublicKey DER, which ParsedPublicKey takes; AWS-LC re-checks the key itself. The
        // SHA-256 form is parsed now (every JPKI RSA signature uses it), so that a key AWS-LC
        // refuses is refused here.
        let der = rsa_public_key_der(modulus, exponent)?;
        let key = RsaKey {
            sha1: OnceLock::new(),
            sha256: OnceLock::new(),
            sha384: OnceLock::new(),
            sha512: OnceLock::new(),
            der,
        };
        key.parsed(SignatureAlgorithm::RsaPkcs1Sha256)?;
        Ok(Arc::new(key))
    }

    fn ecdsa(&self, curve: Curve, sec1_point: &[u8]) -> Result<Arc<dyn VerifyingKey>, Error> {
        let (algorithm, why): (&'static dyn VerificationAlgorithm, _) = match curve {
            Curve::P256 => (&ECDSA_P256_SHA256_ASN1, KeyRefusal::P256NotOnCurve),
            Curve::P384 => (&ECDSA_P384_SHA384_ASN1, KeyRefusal::P384NotOnCurve),
            Curve::P521 => (&ECDSA_P521_SHA512_ASN1, KeyRefusal::P521NotOnCurve),
        };
        let key =
            ParsedPublicKey::new(algorithm, sec1_point).map_err(|_| Error::UnsupportedKey(why))?;
        Ok(Arc::new(EcKey {
            key,
            algorithm: curve.signature_algorithm(),
        }))
    }
}

/// An RSA key, parsed by AWS-LC once per hash it is used with.
struct RsaKey {
    der: Vec<u8>,
    /// Only ever parsed for a CMS signer under an explicit legacy SHA-1 policy.
    sha1: OnceLock<ParsedPublicKey>,
    sha256: OnceLock<ParsedPublicKey>,
    sha384: OnceLock<ParsedPublicKey>,
    sha512: OnceLock<ParsedPublicKey>,
}

impl RsaKey {
    fn parsed(&self, algorithm: SignatureAlgorithm) -> Result<&ParsedPublicKey, Error> {
        let (slot, alg): (_, &'static dyn VerificationAlgorithm) = match algorithm {
            SignatureAlgorithm::RsaPkcs1Sha1 => {
                (&self.sha1, &RSA_PKCS1_2048_8192_SHA1_FOR_LEGACY_USE_ONLY)
            }
            SignatureAlgorithm::RsaPkcs1Sha256 => (&self.sha256, &RSA_PKCS1_2048_8192_SHA256),
            SignatureAlgorithm::RsaPkcs1Sha384 => (&self.sha384, &RSA_PKCS1_2048_8192_SHA384),
            SignatureAlgorithm::RsaPkcs1Sha512 => (&self.sha512, &RSA_PKCS1_2048_8192_SHA512),
            _ => return Err(Error::UnsupportedAlgorithm(algorithm.oid())),
        };
        if let Some(k) = slot.get() {
            return Ok(k);
        }
        let parsed = ParsedPublicKey::new(alg, &self.der)
            .map_err(|_| Error::UnsupportedKey(KeyRefusal::RsaRejectedByBackend))?;
        Ok(slot.get_or_init(|| parsed))
    }
}

impl VerifyingKey for RsaKey {
    fn verify(
        &self,
        algorithm: SignatureAlgorithm,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), Error> {
        self.parsed(algorithm)?
            .verify_sig(message, signature)
            .map_err(|_| Error::BadSignature)
    }

    fn verify_prehashed(
        &self,
        algorithm: SignatureAlgorithm,
        digest: &[u8],
        signature: &[u8],
    ) -> Result<(), Error> {
        let key = self.parsed(algorithm)?;
        key.verify_digest_sig(&imported(algorithm, digest)?, signature)
            .map_err(|_| Error::BadSignature)
    }
}

/// `digest` as AWS-LC's [`digest::Digest`] of `algorithm`'s hash (its length checked first, so
/// that a wrong one is a typed error rather than a bad signature).
fn imported(algorithm: SignatureAlgorithm, digest: &[u8]) -> Result<digest::Digest, Error> {
    check_digest_len(algorithm, digest)?;
    let hash: &'static digest::Algorithm = match algorithm {
        SignatureAlgorithm::RsaPkcs1Sha1 => &digest::SHA1_FOR_LEGACY_USE_ONLY,
        SignatureAlgorithm::RsaPkcs1Sha256 | SignatureAlgorithm::EcdsaSha256 => &digest::SHA256,
        SignatureAlgorithm::RsaPkcs1Sha384 | SignatureAlgorithm::EcdsaSha384 => &digest::SHA384,
        SignatureAlgorithm::RsaPkcs1Sha512 | SignatureAlgorithm::EcdsaSha512 => &digest::SHA512,
        SignatureAlgorithm::Unsupported(oid) => return Err(Error::UnsupportedAlgorithm(oid)),
    };
    // The length was checked above; AWS-LC checks it again.
    digest::Digest::import_less_safe(digest, hash).map_err(|_| Error::DigestLength {
        expected: hash.output_len(),
        actual: digest.len(),
    })
}

/// An EC key: one algorithm, its curve's.
struct EcKey {
    key: ParsedPublicKey,
    algorithm: SignatureAlgorithm,
}

impl VerifyingKey for EcKey {
    fn verify(
        &self,
        algorithm: SignatureAlgorithm,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), Error> {
        if algorithm != self.algorithm {
            return Err(Error::UnsupportedAlgorithm(algorithm.oid()));
        }
        self.key
            .verify_sig(message, signature)
            .map_err(|_| Error::BadSignature)
    }

    fn verify_prehashed(
        &self,
        algorithm: SignatureAlgorithm,
        digest: &[u8],
        signature: &[u8],
    ) -> Result<(), Error> {
        if algorithm != self.algorithm {
            return Err(Error::UnsupportedAlgorithm(algorithm.oid()));
        }
        self.key
            .verify_digest_sig(&imported(algorithm, digest)?, signature)
            .map_err(|_| Error::BadSignature)
    }
}

/// `RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }`, encoded by `der`.
fn rsa_public_key_der(n: &[u8], e: &[u8]) -> Result<Vec<u8>, Error> {
    use der::Encode;
    use der::asn1::UintRef;
    let ctx = crate::DerContext::RsaPublicKey;
    let n = UintRef::new(n).map_err(Error::der_in(ctx))?;
    let e = UintRef::new(e).map_err(Error::der_in(ctx))?;
    let body = [n.to_der(), e.to_der()]
        .into_iter()
        .collect::<Result<Vec<_>, _>>()
        .map_err(Error::der_in(ctx))?
        .concat();
    let header = der::Header::new(
        der::Tag::Sequence,
        der::Length::try_from(body.len()).map_err(Error::der_in(ctx))?,
    );
    let mut out = header.to_der().map_err(Error::der_in(ctx))?;
    out.extend_from_slice(&body);
    Ok(out)
}

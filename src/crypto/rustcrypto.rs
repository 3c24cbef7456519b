//! The pure-Rust backend: `rsa` 0.10, `p256`, `p384`, `p521`, `sha2` (and `sha1` for the
//! legacy CMS policy), and `crypto-bigint` for the RSA-2048 fast path. Prehashed verification
//! takes the same paths after the hash: `rsa`'s DigestInfo prefixes and the fast path's
//! comparison for RSA, the `PrehashVerifier` of `ecdsa` for the curves.

use std::sync::Arc;

use crypto_bigint::modular::{FixedMontyForm, FixedMontyParams};
use crypto_bigint::{EncodedUint, Odd, U2048};
use p256::ecdsa::signature::Verifier as _;
use p256::ecdsa::signature::hazmat::PrehashVerifier as _;
use sha2::{Sha256, Sha384, Sha512};

use super::{
    CryptoBackend, Curve, Digest, MAX_RSA_BITS, MIN_RSA_BITS, VerifyingKey, check_digest_len,
};
use crate::{Error, KeyRefusal, SignatureAlgorithm};

/// The pure-Rust backend (RustCrypto crates), always available.
///
/// RSA-2048 keys with the public exponent 65537 (every JPKI key) take a fixed-size path: the
/// modulus's Montgomery parameters are computed once per key, and each verification is 16
/// squarings and one multiplication on the stack, then a comparison with the expected
/// EMSA-PKCS1-v1_5 encoding (RFC 8017 §8.2.2 step 3, with the DigestInfo prefix the `rsa` crate
/// defines for the hash). Other RSA keys go through `rsa`'s generic verification; ECDSA through
/// `p256`, `p384` and `p521`.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{PublicKey, SignatureAlgorithm, crypto::RustCrypto, testkit::{HolderSpec, TestCa}};
/// let pair = TestCa::new(1).issue_pair(&HolderSpec::example());
/// let key = PublicKey::from_spki_der_with(pair.signing.certificate().spki_der(), &RustCrypto)?;
/// let sig = pair.signing.private_key.sign(b"form");
/// key.verify(SignatureAlgorithm::RsaPkcs1Sha256, b"form", &sig)?;
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct RustCrypto;

impl CryptoBackend for RustCrypto {
    fn name(&self) -> &'static str {
        "RustCrypto"
    }

    fn rsa_pkcs1(&self, modulus: &[u8], exponent: &[u8]) -> Result<Arc<dyn VerifyingKey>, Error> {
        if exponent == [0x01, 0x00, 0x01] && modulus.len() == RSA2048_BYTES {
            return Ok(Arc::new(Rsa2048F4::new(modulus)?));
        }
        Ok(Arc::new(GenericRsa::new(modulus, exponent)?))
    }

    fn ecdsa(&self, curve: Curve, sec1_point: &[u8]) -> Result<Arc<dyn VerifyingKey>, Error> {
        Ok(match curve {
            Curve::P256 => Arc::new(P256Key(
                p256::ecdsa::VerifyingKey::from_sec1_bytes(sec1_point)
                    .map_err(|_| Error::UnsupportedKey(KeyRefusal::P256NotOnCurve))?,
            )),
            Curve::P384 => Arc::new(P384Key(
                p384::ecdsa::VerifyingKey::from_sec1_bytes(sec1_point)
                    .map_err(|_| Error::UnsupportedKey(KeyRefusal::P384NotOnCurve))?,
            )),
            Curve::P521 => Arc::new(P521Key(
                p521::ecdsa::VerifyingKey::from_sec1_bytes(sec1_point)
                    .map_err(|_| Error::UnsupportedKey(KeyRefusal::P521NotOnCurve))?,
            )),
        })
    }
}

const RSA2048_BYTES: usize = 256;

/// The DER DigestInfo prefixes for SHA-1 (legacy CMS only), SHA-256, SHA-384 and SHA-512, from
/// the `rsa` crate.
struct Prefixes {
    sha1: Box<[u8]>,
    sha256: Box<[u8]>,
    sha384: Box<[u8]>,
    sha512: Box<[u8]>,
}

impl Prefixes {
    fn new() -> Self {
        use rsa::pkcs1v15::Pkcs1v15Sign;
        Self {
            sha1: Pkcs1v15Sign::new::<sha1::Sha1>().prefix,
            sha256: Pkcs1v15Sign::new::<Sha256>().prefix,
            sha384: Pkcs1v15Sign::new::<Sha384>().prefix,
            sha512: Pkcs1v15Sign::new::<Sha512>().prefix,
        }
    }

    fn of(&self, algorithm: SignatureAlgorithm) -> Option<&[u8]> {
        match algorithm {
            SignatureAlgorithm::RsaPkcs1Sha1 => Some(&self.sha1),
            SignatureAlgorithm::RsaPkcs1Sha256 => Some(&self.sha256),
            SignatureAlgorithm::RsaPkcs1Sha384 => Some(&self.sha384),
            SignatureAlgorithm::RsaPkcs1Sha512 => Some(&self.sha512),
            _ => None,
        }
    }
}

/// An RSA-2048 key with e = 65537, prepared for fixed-size Montgomery arithmetic.
struct Rsa2048F4 {
    n: U2048,
    params: FixedMontyParams<{ U2048::LIMBS }>,
    prefixes: Prefixes,
}

impl Rsa2048F4 {
    fn new(modulus: &[u8]) -> Result<Self, Error> {
        // The caller checked the length: 256 octets, no leading zero, so 2041..=2048 bits, and
        // the policy checked ≥ 2048 bits, odd. (The longest encoding, SHA-512's 83 octets with
        // 11 of padding, fits in 256.)
        let n = U2048::from_be_slice(modulus);
        let odd = Option::<Odd<U2048>>::from(Odd::new(n))
            .ok_or(Error::UnsupportedKey(KeyRefusal::RsaEvenModulus))?;
        Ok(Self {
            n,
            params: FixedMontyParams::new_vartime(odd),
            prefixes: Prefixes::new(),
        })
    }

    /// RSAVP1: s^65537 mod n, as 256 big-endian octets (x^(2^16) · x).
    fn public_op(&self, s: &U2048) -> EncodedUint<{ U2048::LIMBS }> {
        let x = FixedMontyForm::new(s, &self.params);
        x.square_repeat_vartime(16).mul(&x).retrieve().to_be_bytes()
    }
}

impl VerifyingKey for Rsa2048F4 {
    fn verify(
        &self,
        algorithm: SignatureAlgorithm,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), Error> {
        let digest =
            Digest::of(algorithm, message).ok_or(Error::UnsupportedAlgorithm(algorithm.oid()))?;
        self.verify_prehashed(algorithm, digest.as_bytes(), signature)
    }

    fn verify_prehashed(
        &self,
        algorithm: SignatureAlgorithm,
        hash: &[u8],
        signature: &[u8],
    ) -> Result<(), Error> {
        let prefix = self
            .prefixes
            .of(algorithm)
            .ok_or(Error::UnsupportedAlgorithm(algorithm.oid()))?;
        // A hash of the wrong length would shift the comparison below: refused first.
        check_digest_len(algorithm, hash)?;
        // RFC 8017 §8.2.2 step 1: the signature is exactly k octets.
        if signature.len() != RSA2048_BYTES {
            return Err(Error::BadSignature);
        }
        // Step 2 (RSAVP1): s < n.
        let s = U2048::from_be_slice(signature);
        if s >= self.n {
            return Err(Error::BadSignature);
        }
        let encoded = self.public_op(&s);
        let em: &[u8] = encoded.as_ref();
        if em.len() != RSA2048_BYTES {
            return Err(Error::BadSignature);
        }
        // Step 3: EM' = 0x00 || 0x01 || PS (0xff…) || 0x00 || DigestInfo prefix || H.
        let t_len = prefix.len() + hash.len();
        let ps_end = RSA2048_BYTES - t_len - 1;
        let (head, t) = em.split_at(ps_end + 1);
        let (digest_info, h) = t.split_at(prefix.len());
        let padding_ok = head.first() == Some(&0x00)
            && head.get(1) == Some(&0x01)
            && head
                .get(2..ps_end)
                .is_some_and(|ps| ps.iter().all(|b| *b == 0xff))
            && head.last() == Some(&0x00);
        // Step 4: compare. The signature and message are public: no secret to protect here.
        if padding_ok && digest_info == prefix && h == hash {
            Ok(())
        } else {
            Err(Error::BadSignature)
        }
    }
}

/// Any other RSA key: `rsa` 0.10's generic verification.
struct GenericRsa(rsa::PublicKey);

impl GenericRsa {
    fn new(modulus: &[u8], exponent: &[u8]) -> Result<Self, Error> {
        let bits = u32::try_from(modulus.len() * 8)
            .map_err(|_| Error::UnsupportedKey(KeyRefusal::RsaTooLarge))?;
        let n = rsa::BoxedUint::from_be_slice(modulus, bits)
            .map_err(|_| Error::UnsupportedKey(KeyRefusal::RsaModulusUnreadable))?;
        let e = rsa::BoxedUint::from_be_slice_vartime(exponent);
        rsa::PublicKey::new_with_size_limits(n, e, MIN_RSA_BITS..=MAX_RSA_BITS)
            .map(Self)
            .map_err(|_| Error::UnsupportedKey(KeyRefusal::RsaRejectedByBackend))
    }
}

impl VerifyingKey for GenericRsa {
    fn verify(
        &self,
        algorithm: SignatureAlgorithm,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), Error> {
        let digest =
            Digest::of(algorithm, message).ok_or(Error::UnsupportedAlgorithm(algorithm.oid()))?;
        self.verify_prehashed(algorithm, digest.as_bytes(), signature)
    }

    fn verify_prehashed(
        &self,
        algorithm: SignatureAlgorithm,
        digest: &[u8],
        signature: &[u8],
    ) -> Result<(), Error> {
        use rsa::pkcs1v15::Pkcs1v15Sign;
        let scheme = match algorithm {
            SignatureAlgorithm::RsaPkcs1Sha1 => Pkcs1v15Sign::new::<sha1::Sha1>(),
            SignatureAlgorithm::RsaPkcs1Sha256 => Pkcs1v15Sign::new::<Sha256>(),
            SignatureAlgorithm::RsaPkcs1Sha384 => Pkcs1v15Sign::new::<Sha384>(),
            SignatureAlgorithm::RsaPkcs1Sha512 => Pkcs1v15Sign::new::<Sha512>(),
            _ => return Err(Error::UnsupportedAlgorithm(algorithm.oid())),
        };
        // `rsa` checks the length against the scheme's hash too; refusing first keeps the
        // error typed and the same on every backend.
        check_digest_len(algorithm, digest)?;
        self.0
            .verify(scheme, digest, signature)
            .map_err(|_| Error::BadSignature)
    }
}

/// ECDSA keys: each verifies only its curve's algorithm (the caller checked the pairing; the
/// check here keeps a backend misuse from verifying with another hash).
macro_rules! ecdsa_key {
    ($name:ident, $krate:ident, $alg:path) => {
        struct $name($krate::ecdsa::VerifyingKey);

        impl VerifyingKey for $name {
            fn verify(
                &self,
                algorithm: SignatureAlgorithm,
                message: &[u8],
                signature: &[u8],
            ) -> Result<(), Error> {
                if algorithm != $alg {
                    return Err(Error::UnsupportedAlgorithm(algorithm.oid()));
                }
                let sig = $krate::ecdsa::Signature::from_der(signature)
                    .map_err(|_| Error::BadSignature)?;
                self.0
                    .verify(message, &sig)
                    .map_err(|_| Error::BadSignature)
            }

            fn verify_prehashed(
                &self,
                algorithm: SignatureAlgorithm,
                digest: &[u8],
                signature: &[u8],
            ) -> Result<(), Error> {
                if algorithm != $alg {
                    return Err(Error::UnsupportedAlgorithm(algorithm.oid()));
                }
                // `ecdsa` would accept any length from half the field size up (truncating or
                // padding, SEC 1 §4.1.4): only the curve's own hash is a digest here.
                check_digest_len(algorithm, digest)?;
                let sig = $krate::ecdsa::Signature::from_der(signature)
                    .map_err(|_| Error::BadSignature)?;
                self.0
                    .verify_prehash(digest, &sig)
                    .map_err(|_| Error::BadSignature)
            }
        }
    };
}

ecdsa_key!(P256Key, p256, SignatureAlgorithm::EcdsaSha256);
ecdsa_key!(P384Key, p384, SignatureAlgorithm::EcdsaSha384);
ecdsa_key!(P521Key, p521, SignatureAlgorithm::EcdsaSha512);

/// The generic `rsa` path for any key, for equivalence tests of the fast path.
#[cfg(test)]
pub(super) fn generic_rsa(modulus: &[u8], exponent: &[u8]) -> Result<Arc<dyn VerifyingKey>, Error> {
    Ok(Arc::new(GenericRsa::new(modulus, exponent)?))
}

/// The fast path's RSAVP1 (s^65537 mod n) on an RSA-2048 modulus, for tests that compare the
/// recovered encoded message itself rather than only the verdict.
#[cfg(test)]
pub(super) fn rsa2048_f4_public_op(modulus: &[u8], signature: &[u8]) -> Result<Vec<u8>, Error> {
    let key = Rsa2048F4::new(modulus)?;
    Ok(key
        .public_op(&U2048::from_be_slice(signature))
        .as_ref()
        .to_vec())
}

//! The aws-lc-rs backend (feature `aws-lc-rs`).

use std::sync::Arc;

use aws_lc_rs::signature::{ECDSA_P256_SHA256_ASN1, ParsedPublicKey, RSA_PKCS1_2048_8192_SHA256};

use super::{CryptoBackend, VerifyingKey};
use crate::Error;

/// AWS-LC through aws-lc-rs: assembly-optimised RSA and P-256 (feature `aws-lc-rs`).
///
/// Keys are parsed once into AWS-LC's own form ([`ParsedPublicKey`]); each verification is
/// then the signature arithmetic alone.
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

    fn rsa_pkcs1_sha256(
        &self,
        modulus: &[u8],
        exponent: &[u8],
    ) -> Result<Arc<dyn VerifyingKey>, Error> {
        // RSAPublicKey DER, which ParsedPublicKey takes; AWS-LC re-checks the key itself.
        let der = rsa_public_key_der(modulus, exponent)?;
        let key = ParsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, der)
            .map_err(|_| Error::UnsupportedKey("RSA key rejected by AWS-LC"))?;
        Ok(Arc::new(Key(key)))
    }

    fn ecdsa_p256_sha256(&self, sec1_point: &[u8]) -> Result<Arc<dyn VerifyingKey>, Error> {
        let key = ParsedPublicKey::new(&ECDSA_P256_SHA256_ASN1, sec1_point)
            .map_err(|_| Error::UnsupportedKey("P-256 point is not on the curve"))?;
        Ok(Arc::new(Key(key)))
    }
}

struct Key(ParsedPublicKey);

impl VerifyingKey for Key {
    fn verify(&self, message: &[u8], signature: &[u8]) -> Result<(), Error> {
        self.0
            .verify_sig(message, signature)
            .map_err(|_| Error::BadSignature)
    }
}

/// `RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }`, encoded by `der`.
fn rsa_public_key_der(n: &[u8], e: &[u8]) -> Result<Vec<u8>, Error> {
    use der::Encode;
    use der::asn1::UintRef;
    let ctx = "RSA public key";
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

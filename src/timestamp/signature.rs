//! Signature time-stamps (CAdES-T; RFC 3161 Appendix A): the unsigned attribute
//! id-aa-signatureTimeStampToken of a SignerInfo holds a token whose messageImprint is the
//! digest of that SignerInfo's `signature` value. A valid one proves the signature existed at
//! its genTime, so the signer's certificate can be validated then — a certificate revoked
//! when its holder moved house months later still made a good signature.

use std::sync::Arc;

use super::oids::SIGNATURE_TIME_STAMP_TOKEN;
use super::token::{TimestampToken, TimestampVerifier, invalid};
use crate::signed::timestamps::SignatureTimestamps;
use crate::{Error, Limited, SignedDataVerifier, SignerInfo, UnixTime};

/// The most signature time-stamp tokens one SignerInfo may carry: each is a full SignedData
/// verification with its own certificate path, so the count bounds the work a document can
/// ask for.
///
/// ```
/// assert_eq!(jpki_core::MAX_SIGNATURE_TIMESTAMPS, 8);
/// ```
pub const MAX_SIGNATURE_TIMESTAMPS: usize = 8;

impl SignedDataVerifier {
    /// Reads each signer's signature time-stamps (CAdES-T: the unsigned attribute
    /// id-aa-signatureTimeStampToken, whose messageImprint is the digest of the signer's
    /// signature value) and verifies them with `tsa` at the caller's time. The signer's
    /// certificate is then validated **at the earliest valid token's genTime** — validity
    /// period and revocation: revoked or expired after genTime is still good for this
    /// signature, revoked before it is refused. A token that does not verify refuses its
    /// signer ([`Error::BadTimestamp`] or [`Error::InvalidTimestamp`]): it is reported, never
    /// skipped for another. Without a token the signer is validated at the caller's time. At
    /// most [`MAX_SIGNATURE_TIMESTAMPS`] tokens per signer are read. Without this call tokens
    /// are not read at all.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{CrlReason, Error, RevocationIndex, SignedData, SignedDataVerifier, TimestampVerifier, UnixTime, Verifier};
    /// use jpki_core::testkit::{CmsBuilder, CrlSpec, HolderSpec, TestCa, TestTsa};
    /// let (ca, tsa) = (TestCa::new(1), TestTsa::new(1));
    /// let holder = ca.issue_signing(&HolderSpec::example());
    /// let signed_at = UnixTime::parse_rfc3339("2027-03-01T09:00:00Z")?;
    /// let der = CmsBuilder::new(b"lease".to_vec()).signer(&holder).timestamped(&tsa, signed_at).build();
    ///
    /// // In June the holder moves house: the certificate is revoked.
    /// let moved = UnixTime::parse_rfc3339("2027-06-01T00:00:00Z")?;
    /// let now = UnixTime::parse_rfc3339("2027-12-01T00:00:00Z")?;
    /// let crl = ca.issue_crl(&CrlSpec::signing(now).revoke(holder.serial, moved, Some(CrlReason::AffiliationChanged)));
    /// let mut crls = RevocationIndex::new(ca.signing_root().certificate())?;
    /// crls.insert_der(&crl)?;
    /// let jpki = Verifier::new([ca.signing_root().certificate()])?.with_revocation(crls);
    ///
    /// let plain = SignedDataVerifier::new(jpki.clone());
    /// let signed = SignedData::from_der(&der)?;
    /// assert!(matches!(plain.verify(&signed, now).error(), Some(Error::Revoked { .. })));
    ///
    /// let tsa_verifier = TimestampVerifier::new(Verifier::new([tsa.root().certificate()])?);
    /// let verified = SignedDataVerifier::new(jpki).with_timestamps(tsa_verifier).verify(&signed, now).into_verified()?;
    /// assert_eq!(verified.signers()[0].timestamp(), Some(signed_at));
    /// assert_eq!(verified.signers()[0].checked_at(), signed_at);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn with_timestamps(mut self, tsa: TimestampVerifier) -> Self {
        self.timestamps = Some(Arc::new(tsa));
        self
    }
}

impl SignatureTimestamps for TimestampVerifier {
    fn check(&self, signer: &SignerInfo, at: UnixTime) -> Vec<Result<UnixTime, Error>> {
        let tokens: Vec<&Vec<u8>> = signer
            .unsigned_attributes()
            .iter()
            .filter(|a| a.oid() == SIGNATURE_TIME_STAMP_TOKEN)
            .flat_map(|a| a.values())
            .collect();
        if let Err(e) = Error::at_most(
            Limited::SignatureTimestamps,
            tokens.len(),
            MAX_SIGNATURE_TIMESTAMPS,
        ) {
            return vec![Err(e)];
        }
        tokens
            .into_iter()
            .map(|der| self.check_one(der, signer.signature(), at))
            .collect()
    }
}

impl TimestampVerifier {
    /// One signature time-stamp token over `signature`, verified at `at`: its genTime.
    fn check_one(&self, der: &[u8], signature: &[u8], at: UnixTime) -> Result<UnixTime, Error> {
        let token = TimestampToken::from_der(der).map_err(invalid)?;
        let alg = token.tst_info().hash_algorithm();
        let digest = alg
            .digest(signature)
            .ok_or_else(|| invalid(Error::UnsupportedAlgorithm(alg.oid())))?;
        Ok(self.verify_digest(&token, &digest, at)?.gen_time())
    }
}

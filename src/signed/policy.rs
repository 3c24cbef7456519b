//! The caller's policy on SHA-1 in CMS signers.

use crate::UnixTime;

/// Whether a [`SignedDataVerifier`](crate::SignedDataVerifier) accepts CMS signers that use
/// SHA-1: [`Refuse`](Self::Refuse) unless the caller says otherwise, with
/// [`SignedDataVerifier::with_legacy_sha1`](crate::SignedDataVerifier::with_legacy_sha1).
///
/// **Danger.** SHA-1 collisions are practical, chosen-prefix ones included (SHAttered 2017,
/// "SHA-1 is a Shambles" 2020): whoever gets a SHA-1 signature over one document can have made
/// another document with the same digest, and the signature holds for both. Accept SHA-1 only to
/// read archives signed before it was abandoned, and bound it in time with
/// [`AllowBefore`](Self::AllowBefore): the verification time the caller gives (a trusted
/// timestamp's genTime, say — never the document's own signingTime, which the signer chose)
/// must be before the cut-off.
///
/// What the policy covers, and nothing else: a SignerInfo's digestAlgorithm id-sha1 (the
/// content's digest and the messageDigest attribute, and the hash of the signed attributes)
/// and its RSASSA-PKCS1-v1_5 signature with SHA-1 (`rsaEncryption` with id-sha1, or
/// `sha1WithRSAEncryption`). Certificates, CRLs and OCSP responses signed with SHA-1 are
/// refused whatever the policy (a certificate is a statement for anyone, not one archived
/// document); ECDSA with SHA-1 is never accepted; a timestamp token's SHA-1 imprint neither.
/// Refused SHA-1 is [`Error::UnsupportedAlgorithm`](crate::Error::UnsupportedAlgorithm) with
/// id-sha1 (or the signature algorithm's OID).
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{DigestAlgorithm, Error, LegacySha1, SignedData, SignedDataVerifier, UnixTime, Verifier};
/// use jpki_core::testkit::{CmsBuilder, HolderSpec, TestCa};
/// let ca = TestCa::new(1);
/// let holder = ca.issue_signing(&HolderSpec::example());
/// let der = CmsBuilder::new(b"archived form".to_vec())
///     .signer_with(&holder, |s| s.digest = DigestAlgorithm::Sha1)
///     .build();
/// let signed = SignedData::from_der(&der)?;
/// let verifier = SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?);
/// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
/// // Refused by default...
/// assert!(matches!(verifier.verify(&signed, at).error(), Some(Error::UnsupportedAlgorithm(_))));
/// // ...accepted when the caller allows SHA-1 for verification times before a cut-off...
/// let cutoff = UnixTime::parse_rfc3339("2028-01-01T00:00:00Z")?;
/// let legacy = verifier.clone().with_legacy_sha1(LegacySha1::AllowBefore(cutoff));
/// assert!(legacy.verify(&signed, at).is_valid());
/// // ...and refused again at or after it.
/// assert!(!legacy.verify(&signed, cutoff).is_valid());
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum LegacySha1 {
    /// SHA-1 is refused (the default).
    #[default]
    Refuse,
    /// SHA-1 is accepted for verification times strictly before this instant.
    AllowBefore(UnixTime),
    /// SHA-1 is accepted at any verification time. Prefer
    /// [`AllowBefore`](Self::AllowBefore): without a cut-off, a SHA-1 document forged
    /// tomorrow verifies as well as one archived in 2010.
    Allow,
}

impl LegacySha1 {
    /// Whether SHA-1 is accepted for a verification at `at`.
    ///
    /// ```
    /// use jpki_core::{LegacySha1, UnixTime};
    /// let cutoff = UnixTime::from_unix_seconds(1_500_000_000);
    /// let policy = LegacySha1::AllowBefore(cutoff);
    /// assert!(policy.allows(cutoff.minus_seconds(1)));
    /// assert!(!policy.allows(cutoff));
    /// assert!(!LegacySha1::Refuse.allows(cutoff));
    /// assert!(LegacySha1::Allow.allows(cutoff));
    /// ```
    pub fn allows(self, at: UnixTime) -> bool {
        match self {
            Self::Refuse => false,
            Self::AllowBefore(cutoff) => at < cutoff,
            Self::Allow => true,
        }
    }
}

//! Verification of a SignedData: every signer, each by the rules of RFC 5652 §5.3 to §5.6 and
//! its certificate by the crate's [`Verifier`].

use std::io::Read;
use std::sync::Arc;

use super::MAX_SIGNER_CANDIDATES;
use super::attributes;
use super::content::{ContentDigests, ContentHasher};
use super::embedded::EmbeddedCrls;
use super::policy::LegacySha1;
use super::report::{ContentSource, SignedDataReport, SignerReport, VerifiedSigner};
use super::signed_data::SignedData;
use super::signer_info::{SignerIdentifier, SignerInfo};
use super::timestamps::SignatureTimestamps;
use crate::crypto::Sha1;
use crate::{
    Certificate, DigestAlgorithm, Error, OcspResponse, PublicKey, SignatureAlgorithm,
    SignedDataProblem, UnixTime, Usage, Verifier,
};

/// Verifies CMS SignedData (RFC 5652) signed with JPKI certificates.
///
/// For each SignerInfo, in order: the digest and signature algorithms; the attribute rules
/// (contentType and messageDigest present when signed attributes are, single-valued, the
/// signed attributes in DER order, signingTime read but never used as the validation time);
/// the content's digest against messageDigest (or, without signed attributes, the signature
/// over the content itself); the signer's certificate found by its identifier among the
/// SignedData's certificates and the verifier's intermediates, whose key must verify the
/// signature (over the signed attributes, or the content), and which is then verified by the
/// [`Verifier`] at the caller's time for the usage (default [`Usage::Signing`]) with the
/// verifier's revocation sources plus the CRLs and OCSP responses the SignedData carries
/// (revoked wins; no covering data fails closed) — at most
/// [`MAX_SIGNER_CANDIDATES`](crate::MAX_SIGNER_CANDIDATES) look-alike certificates are tried.
/// **Every** signer is verified and reported; the document is valid only when there is at
/// least one and all are.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{CertificateKind, SignedDataVerifier, SignedData, UnixTime, Verifier, testkit::{CmsBuilder, HolderSpec, TestCa}};
/// let ca = TestCa::new(1);
/// let signer = ca.issue_signing(&HolderSpec::example());
/// let der = CmsBuilder::new(b"application for a resident certificate".to_vec()).signer(&signer).build();
///
/// let verifier = SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?);
/// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
/// let verified = verifier.verify(&SignedData::from_der(&der)?, at).into_verified()?;
/// assert_eq!(verified.content(), Some(&b"application for a resident certificate"[..]));
/// let holder = verified.signers()[0].certificate();
/// assert_eq!(holder.kind(), Some(CertificateKind::Signing));
/// assert_eq!(holder.basic_four()?.name(), HolderSpec::example().basic_four.name());
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct SignedDataVerifier {
    verifier: Verifier,
    usage: Usage,
    /// Set by [`with_timestamps`](Self::with_timestamps) (in the timestamp layer): how
    /// signature time-stamps are checked; `None` leaves them unread.
    pub(crate) timestamps: Option<Arc<dyn SignatureTimestamps>>,
    legacy_sha1: LegacySha1,
}

impl SignedDataVerifier {
    /// A verifier of signed documents whose signers' certificates `verifier` checks, for
    /// [`Usage::Signing`].
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{SignedDataVerifier, Usage, Verifier, testkit::TestCa};
    /// let verifier = SignedDataVerifier::new(Verifier::new([TestCa::new(1).signing_root().certificate()])?);
    /// assert_eq!(verifier.usage(), Usage::Signing);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn new(verifier: Verifier) -> Self {
        Self {
            verifier,
            usage: Usage::Signing,
            timestamps: None,
            legacy_sha1: LegacySha1::Refuse,
        }
    }

    /// Sets the policy on SHA-1 signers (default [`LegacySha1::Refuse`]). **Read the dangers
    /// in [`LegacySha1`] first**: SHA-1 collisions are practical.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{LegacySha1, SignedDataVerifier, UnixTime, Verifier, testkit::TestCa};
    /// let verifier = SignedDataVerifier::new(Verifier::new([TestCa::new(1).signing_root().certificate()])?);
    /// assert_eq!(verifier.legacy_sha1(), LegacySha1::Refuse);
    /// let cutoff = UnixTime::parse_rfc3339("2017-02-23T00:00:00Z")?; // SHAttered
    /// let archive = verifier.with_legacy_sha1(LegacySha1::AllowBefore(cutoff));
    /// assert_eq!(archive.legacy_sha1(), LegacySha1::AllowBefore(cutoff));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn with_legacy_sha1(mut self, policy: LegacySha1) -> Self {
        self.legacy_sha1 = policy;
        self
    }

    /// The policy on SHA-1 signers.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{LegacySha1, SignedDataVerifier, Verifier, testkit::TestCa};
    /// let verifier = SignedDataVerifier::new(Verifier::new([TestCa::new(1).signing_root().certificate()])?);
    /// assert_eq!(verifier.with_legacy_sha1(LegacySha1::Allow).legacy_sha1(), LegacySha1::Allow);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn legacy_sha1(&self) -> LegacySha1 {
        self.legacy_sha1
    }

    /// Sets the usage the signers' certificates must allow: [`Usage::UserAuthentication`] for
    /// login flows that sign a CMS with the user-authentication certificate, or
    /// [`Usage::Any`].
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Error, SignedData, SignedDataVerifier, UnixTime, Usage, Verifier, testkit::{CmsBuilder, HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let auth = ca.issue_user_authentication(&HolderSpec::example());
    /// let signed = SignedData::from_der(&CmsBuilder::new(b"challenge".to_vec()).signer(&auth).build())?;
    /// let verifier = SignedDataVerifier::new(Verifier::new([ca.user_authentication_root().certificate()])?);
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// // By default a document must be signed with a signing certificate...
    /// let refused = verifier.verify(&signed, at);
    /// assert!(matches!(refused.error(), Some(Error::WrongCertificateKind { .. })));
    /// // ...unless the caller asks for user authentication.
    /// assert!(verifier.with_usage(Usage::UserAuthentication).verify(&signed, at).is_valid());
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn with_usage(mut self, usage: Usage) -> Self {
        self.usage = usage;
        self
    }

    /// The usage signers' certificates must allow.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{SignedDataVerifier, Usage, Verifier, testkit::TestCa};
    /// let verifier = SignedDataVerifier::new(Verifier::new([TestCa::new(1).signing_root().certificate()])?);
    /// assert_eq!(verifier.with_usage(Usage::Any).usage(), Usage::Any);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn usage(&self) -> Usage {
        self.usage
    }

    /// Verifies a SignedData with encapsulated content at time `at` (a detached one is refused
    /// with [`SignedDataProblem::ContentAbsent`]).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Error, SignedData, SignedDataProblem, SignedDataVerifier, UnixTime, Verifier, testkit::{CmsBuilder, HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let signer = ca.issue_signing(&HolderSpec::example());
    /// let verifier = SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?);
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let attached = SignedData::from_der(&CmsBuilder::new(b"x".to_vec()).signer(&signer).build())?;
    /// assert!(verifier.verify(&attached, at).is_valid());
    /// let detached = SignedData::from_der(&CmsBuilder::new(b"x".to_vec()).detached().signer(&signer).build())?;
    /// let report = verifier.verify(&detached, at);
    /// assert!(matches!(report.error(), Some(Error::BadSignedData(SignedDataProblem::ContentAbsent))));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn verify(&self, signed: &SignedData, at: UnixTime) -> SignedDataReport {
        let Some(content) = signed.content() else {
            return SignedDataReport::refused(
                ContentSource::Detached,
                Error::BadSignedData(SignedDataProblem::ContentAbsent),
            );
        };
        let digests = ContentDigests::of(signed, content);
        let mut report = self.check_all(signed, &digests, at, ContentSource::Attached, None);
        report.set_content(content.to_vec());
        report
    }

    /// Verifies a detached SignedData over content read from `content`, streamed through the
    /// digests (memory does not grow with the content, signed attributes or not: see
    /// [`ContentHasher`]). An I/O error is returned as such; every refusal is
    /// in the report. A SignedData with encapsulated content is refused with
    /// [`SignedDataProblem::ContentGivenTwice`].
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{SignedData, SignedDataVerifier, UnixTime, Verifier, testkit::{CmsBuilder, HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let signer = ca.issue_signing(&HolderSpec::example());
    /// let file = vec![0x42u8; 100_000];
    /// let signed = SignedData::from_der(&CmsBuilder::new(file.clone()).detached().signer(&signer).build())?;
    /// let verifier = SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?);
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let report = verifier.verify_detached(&signed, std::io::Cursor::new(&file), at).map_err(|_| jpki_core::Error::NoSigner)?;
    /// assert!(report.is_valid());
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn verify_detached(
        &self,
        signed: &SignedData,
        content: impl Read,
        at: UnixTime,
    ) -> std::io::Result<SignedDataReport> {
        if signed.content().is_some() {
            return Ok(SignedDataReport::refused(
                ContentSource::Attached,
                Error::BadSignedData(SignedDataProblem::ContentGivenTwice),
            ));
        }
        let mut hasher = ContentHasher::new(signed);
        hasher.read_from(content)?;
        Ok(self.verify_digests(signed, &hasher.finish(), at))
    }

    /// Verifies a detached SignedData over content digested by the caller (a PDF's byte
    /// ranges fed to a [`ContentHasher`]).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{ContentDigests, Error, SignedData, SignedDataVerifier, UnixTime, Verifier, testkit::{CmsBuilder, HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let signer = ca.issue_signing(&HolderSpec::example());
    /// let signed = SignedData::from_der(&CmsBuilder::new(b"form".to_vec()).detached().signer(&signer).build())?;
    /// let verifier = SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?);
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let report = verifier.verify_digests(&signed, &ContentDigests::of(&signed, b"altered form"), at);
    /// assert!(matches!(report.error(), Some(Error::ContentMismatch)));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn verify_digests(
        &self,
        signed: &SignedData,
        digests: &ContentDigests,
        at: UnixTime,
    ) -> SignedDataReport {
        self.verify_digests_proven(signed, digests, at, None)
    }

    /// [`verify_digests`](Self::verify_digests) for a signature a later trusted time-stamp
    /// covers (a PDF document timestamp over the revision that holds it): a signer without a
    /// valid signature time-stamp of its own has its certificate validated at `proven`
    /// instead of `at`.
    pub(crate) fn verify_digests_proven(
        &self,
        signed: &SignedData,
        digests: &ContentDigests,
        at: UnixTime,
        proven: Option<UnixTime>,
    ) -> SignedDataReport {
        if signed.content().is_some() {
            return SignedDataReport::refused(
                ContentSource::Attached,
                Error::BadSignedData(SignedDataProblem::ContentGivenTwice),
            );
        }
        self.check_all(signed, digests, at, ContentSource::Detached, proven)
    }

    /// The same verifier with more evidence a container carries beside the SignedData (a
    /// PDF's document security store): candidate intermediates and revocation sources.
    pub(crate) fn with_evidence(
        mut self,
        certificates: Vec<Certificate>,
        crls: Vec<Vec<u8>>,
        ocsp: Vec<OcspResponse>,
    ) -> Self {
        let mut verifier = self.verifier.with_intermediates(certificates);
        if !crls.is_empty() {
            verifier = verifier.with_revocation(EmbeddedCrls { crls });
        }
        for response in ocsp {
            verifier = verifier.with_revocation(response);
        }
        self.verifier = verifier;
        self
    }

    /// Verifies one signer of `signed` at time `at`: what a caller that validates each signer
    /// at its own time (a signature timestamp's genTime) builds on.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{ContentDigests, Error, SignedData, SignedDataVerifier, UnixTime, Verifier, testkit::{CmsBuilder, HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let signer = ca.issue_signing(&HolderSpec::example());
    /// let signed = SignedData::from_der(&CmsBuilder::new(b"x".to_vec()).signer(&signer).build())?;
    /// let verifier = SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?);
    /// let digests = ContentDigests::of(&signed, b"x");
    /// let in_2027 = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// assert!(verifier.verify_signer(&signed, &signed.signers()[0], &digests, in_2027).result().is_ok());
    /// let in_2040 = UnixTime::parse_rfc3339("2040-01-01T00:00:00Z")?;
    /// let late = verifier.verify_signer(&signed, &signed.signers()[0], &digests, in_2040);
    /// assert!(matches!(late.result(), Err(Error::Expired { .. })));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn verify_signer(
        &self,
        signed: &SignedData,
        signer: &SignerInfo,
        digests: &ContentDigests,
        at: UnixTime,
    ) -> SignerReport {
        self.check_signer(
            &self.document_verifier(signed),
            signed,
            signer,
            digests,
            Times { at, proven: None },
        )
    }

    fn check_all(
        &self,
        signed: &SignedData,
        digests: &ContentDigests,
        at: UnixTime,
        source: ContentSource,
        proven: Option<UnixTime>,
    ) -> SignedDataReport {
        if signed.signers().is_empty() {
            return SignedDataReport::refused(source, Error::NoSigner);
        }
        let verifier = self.document_verifier(signed);
        let signers = signed
            .signers()
            .iter()
            .map(|s| self.check_signer(&verifier, signed, s, digests, Times { at, proven }))
            .collect();
        SignedDataReport::new(source, signers)
    }

    /// The caller's verifier with what the SignedData carries: its certificates as candidate
    /// intermediates, its CRLs and OCSP responses as further revocation sources.
    fn document_verifier(&self, signed: &SignedData) -> Verifier {
        let mut verifier = self
            .verifier
            .clone()
            .with_intermediates(signed.certificates().iter().cloned());
        if !signed.crls().is_empty() {
            verifier = verifier.with_revocation(EmbeddedCrls {
                crls: signed.crls().to_vec(),
            });
        }
        for der in signed.ocsp_responses() {
            // Parsed once already when the SignedData was; a refusal now cannot happen, and
            // would only leave the other sources to speak.
            if let Ok(response) = OcspResponse::from_der(der) {
                verifier = verifier.with_revocation(response);
            }
        }
        verifier
    }

    fn check_signer(
        &self,
        verifier: &Verifier,
        signed: &SignedData,
        signer: &SignerInfo,
        digests: &ContentDigests,
        times: Times,
    ) -> SignerReport {
        let mut report = SignerReport::new(signer.digest_algorithm());
        let result = self.signer_result(verifier, signed, signer, digests, times, &mut report);
        report.finish(result)
    }

    fn signer_result(
        &self,
        verifier: &Verifier,
        signed: &SignedData,
        signer: &SignerInfo,
        digests: &ContentDigests,
        times: Times,
        report: &mut SignerReport,
    ) -> Result<VerifiedSigner, Error> {
        let Times { at, proven } = times;
        let digest = signer.digest_algorithm();
        // SHA-1 only under the caller's policy at this verification time (and then only for
        // RSASSA-PKCS1-v1_5: an ECDSA signer's algorithm names a SHA-2 hash, a mismatch below).
        let sha1 = match digest {
            DigestAlgorithm::Sha1 if self.legacy_sha1.allows(at) => Sha1::Allowed,
            _ => Sha1::Refused,
        };
        if !(matches!(
            digest,
            DigestAlgorithm::Sha256 | DigestAlgorithm::Sha384 | DigestAlgorithm::Sha512
        ) || sha1 == Sha1::Allowed)
        {
            return Err(Error::UnsupportedAlgorithm(digest.oid()));
        }
        if let SignatureAlgorithm::Unsupported(oid) = signer.signature_algorithm() {
            return Err(Error::UnsupportedAlgorithm(oid));
        }
        if signer.hash_mismatch {
            return Err(Error::BadSignedData(
                SignedDataProblem::SignatureDigestMismatch,
            ));
        }
        let claims = attributes::check(signer, signed.content_type())?;
        report.signing_time = claims.signing_time;
        // What the signature is verified over, as its hash (the digest algorithm's, which the
        // signature algorithm's matches): the signed attributes', or without them the
        // content's own digest, so that the content is never held (prehashed verification).
        let hash: Vec<u8> = match (&claims.message_digest, signer.signed_attributes_der()) {
            (Some(claimed), Some(signed_attrs)) => {
                let actual = digests
                    .digest(digest)
                    .ok_or(Error::BadSignedData(SignedDataProblem::ContentAbsent))?;
                if actual != claimed.as_slice() {
                    return Err(Error::ContentMismatch);
                }
                digest
                    .digest_with_legacy_sha1(signed_attrs)
                    .ok_or(Error::UnsupportedAlgorithm(digest.oid()))?
            }
            _ => digests
                .digest(digest)
                .ok_or(Error::BadSignedData(SignedDataProblem::ContentAbsent))?
                .to_vec(),
        };
        let candidates = candidates(signer.identifier(), signed, verifier);
        let Some(first) = candidates.first() else {
            return Err(Error::SignerNotFound);
        };
        report.certificate = Some((*first).clone());
        // The signature first, with each named certificate's own key: a certificate whose key
        // did not make the signature is no candidate, whatever its identifiers say. Only those
        // that pass go through path validation, at most MAX_SIGNER_CANDIDATES of them, so that
        // a document stuffed with look-alike certificates cannot multiply the work.
        let mut signature_error = None;
        let mut chain_error = None;
        let mut validated = 0;
        for cert in candidates {
            let signature = PublicKey::from_spki_der_with(cert.spki_der(), verifier.backend())
                .and_then(|key| {
                    key.verify_prehashed_with(
                        signer.signature_algorithm(),
                        &hash,
                        signer.signature(),
                        sha1,
                    )
                });
            if let Err(e) = signature {
                // A key of the right type that did not make the signature says "bad
                // signature"; a key of another type (a look-alike) says less.
                if signature_error.is_none() || e == Error::BadSignature {
                    signature_error = Some(e);
                }
                continue;
            }
            if validated == MAX_SIGNER_CANDIDATES {
                break;
            }
            validated += 1;
            report.certificate = Some(cert.clone());
            // The signature verified: now, once, which time its certificate is validated at.
            let checked_at = match report.checked_at {
                Some(t) => t,
                None => {
                    let (timestamp, checked_at) = self.validation_time(signer, at, proven)?;
                    report.timestamp = timestamp;
                    report.checked_at = Some(checked_at);
                    checked_at
                }
            };
            match verifier.verify(cert, self.usage, checked_at) {
                Ok(verified) => {
                    return Ok(VerifiedSigner {
                        certificate: verified,
                        digest,
                        signature_algorithm: signer.signature_algorithm(),
                        signing_time: claims.signing_time,
                        timestamp: report.timestamp,
                        checked_at,
                    });
                }
                Err(e) => {
                    chain_error.get_or_insert(e);
                }
            }
        }
        // The certificate error of one whose key made the signature says more than a
        // look-alike's bad signature.
        Err(chain_error
            .or(signature_error)
            .unwrap_or(Error::SignerNotFound))
    }
}

/// The times one signer is verified with: the caller's, and a time a later trusted
/// time-stamp over the whole signature proves (a PDF document timestamp), if any.
#[derive(Clone, Copy)]
struct Times {
    at: UnixTime,
    proven: Option<UnixTime>,
}

impl SignedDataVerifier {
    /// The trusted time a signer's certificate is validated at, and the time-stamp's genTime
    /// when one proves it: the earliest valid signature time-stamp; else `proven` (a later
    /// time-stamp over the whole signature, such as a PDF document timestamp); else the
    /// caller's `at`. A signature time-stamp that does not verify refuses the signer: it is
    /// reported, never skipped for a valid one beside it (fail closed — the signer chose to
    /// attach it). The signer's claimed signingTime is never used.
    fn validation_time(
        &self,
        signer: &SignerInfo,
        at: UnixTime,
        proven: Option<UnixTime>,
    ) -> Result<(Option<UnixTime>, UnixTime), Error> {
        let mut earliest: Option<UnixTime> = proven;
        if let Some(timestamps) = &self.timestamps {
            for outcome in timestamps.check(signer, at) {
                let gen_time = outcome?;
                earliest = Some(earliest.map_or(gen_time, |e| e.min(gen_time)));
            }
        }
        // A time-stamp later than the caller's time proves nothing the caller's time does not.
        Ok(match earliest {
            Some(t) if t < at => (Some(t), t),
            _ => (None, at),
        })
    }
}

/// The certificates `id` names, from the SignedData and then the verifier's intermediates,
/// each once.
fn candidates<'a>(
    id: &SignerIdentifier,
    signed: &'a SignedData,
    verifier: &'a Verifier,
) -> Vec<&'a Certificate> {
    let matches = |cert: &&Certificate| match id {
        SignerIdentifier::IssuerAndSerialNumber { issuer, serial } => {
            cert.serial() == *serial && cert.issuer().as_der() == issuer.as_slice()
        }
        SignerIdentifier::SubjectKeyIdentifier(ski) => {
            cert.subject_key_id() == Some(ski.as_slice())
        }
    };
    let mut out: Vec<&Certificate> = Vec::new();
    for cert in signed
        .certificates()
        .iter()
        .chain(verifier.intermediate_certificates())
        .filter(matches)
    {
        if !out.iter().any(|c| c.der() == cert.der()) {
            out.push(cert);
        }
    }
    out
}

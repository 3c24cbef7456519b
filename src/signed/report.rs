//! What verifying a SignedData gives: a report per signer, and the verified document.

use crate::{
    BasicFourInfo, Certificate, DigestAlgorithm, Error, SignatureAlgorithm, UnixTime,
    VerifiedCertificate,
};

/// Where the signed content was.
///
/// ```
/// use jpki_core::ContentSource;
/// assert_eq!(ContentSource::Attached.as_str(), "attached");
/// assert_eq!(ContentSource::Detached.as_str(), "detached");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ContentSource {
    /// Encapsulated in the SignedData (eContent).
    Attached,
    /// Given separately (eContent absent).
    Detached,
}

impl ContentSource {
    /// `attached` or `detached`, as the `verify_signed` example prints it.
    ///
    /// ```
    /// use jpki_core::ContentSource;
    /// assert_eq!(ContentSource::Detached.as_str(), "detached");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Attached => "attached",
            Self::Detached => "detached",
        }
    }
}

/// A signer that passed every check.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{DigestAlgorithm, SignedData, SignedDataVerifier, UnixTime, Verifier, testkit::{CmsBuilder, HolderSpec, TestCa}};
/// let ca = TestCa::new(1);
/// let signer = ca.issue_signing(&HolderSpec::example());
/// let signed = SignedData::from_der(&CmsBuilder::new(b"x".to_vec()).signer(&signer).build())?;
/// let verifier = SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?);
/// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
/// let verified = verifier.verify(&signed, at).into_verified()?;
/// let first = &verified.signers()[0];
/// assert_eq!(first.digest_algorithm(), DigestAlgorithm::Sha256);
/// assert_eq!(first.certificate().serial(), signer.serial);
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct VerifiedSigner {
    pub(super) certificate: VerifiedCertificate,
    pub(super) digest: DigestAlgorithm,
    pub(super) signature_algorithm: SignatureAlgorithm,
    pub(super) signing_time: Option<UnixTime>,
    pub(super) timestamp: Option<UnixTime>,
    pub(super) checked_at: UnixTime,
}

impl VerifiedSigner {
    /// The genTime of the trusted time-stamp the certificate was validated at: the earliest
    /// valid signature time-stamp (CAdES-T), or a later one over the whole signature (a PDF
    /// document timestamp); `None` when the certificate was validated at the caller's time.
    /// Signature time-stamps are read only by a verifier set up with
    /// [`SignedDataVerifier::with_timestamps`](crate::SignedDataVerifier::with_timestamps).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{SignedData, SignedDataVerifier, UnixTime, Verifier, testkit::{CmsBuilder, HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let signer = ca.issue_signing(&HolderSpec::example());
    /// let signed = SignedData::from_der(&CmsBuilder::new(b"x".to_vec()).signer(&signer).build())?;
    /// let verifier = SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?);
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let verified = verifier.verify(&signed, at).into_verified()?;
    /// assert_eq!(verified.signers()[0].timestamp(), None);
    /// assert_eq!(verified.signers()[0].checked_at(), at);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn timestamp(&self) -> Option<UnixTime> {
        self.timestamp
    }

    /// The time the signer's certificate was validated at (validity period and revocation):
    /// the [`timestamp`](Self::timestamp) when there is one, else the caller's time.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{SignedData, SignedDataVerifier, TimestampVerifier, UnixTime, Verifier};
    /// use jpki_core::testkit::{CmsBuilder, HolderSpec, TestCa, TestTsa};
    /// let (ca, tsa) = (TestCa::new(1), TestTsa::new(1));
    /// let signed_at = UnixTime::parse_rfc3339("2027-03-01T09:00:00Z")?;
    /// let der = CmsBuilder::new(b"x".to_vec()).signer(&ca.issue_signing(&HolderSpec::example())).timestamped(&tsa, signed_at).build();
    /// let verifier = SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?)
    ///     .with_timestamps(TimestampVerifier::new(Verifier::new([tsa.root().certificate()])?));
    /// let report = verifier.verify(&SignedData::from_der(&der)?, UnixTime::parse_rfc3339("2027-12-01T00:00:00Z")?);
    /// assert_eq!(report.into_verified()?.signers()[0].checked_at(), signed_at);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn checked_at(&self) -> UnixTime {
        self.checked_at
    }

    /// The signer's verified certificate (kind, serial, path, revocation status).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{CertificateKind, SignedData, SignedDataVerifier, UnixTime, Verifier, testkit::{CmsBuilder, HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let signer = ca.issue_signing(&HolderSpec::example());
    /// let signed = SignedData::from_der(&CmsBuilder::new(b"x".to_vec()).signer(&signer).build())?;
    /// let verifier = SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?);
    /// let verified = verifier.verify(&signed, UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?).into_verified()?;
    /// assert_eq!(verified.signers()[0].certificate().kind(), Some(CertificateKind::Signing));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn certificate(&self) -> &VerifiedCertificate {
        &self.certificate
    }

    /// The holder's basic four items (signing certificates).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{SignedData, SignedDataVerifier, UnixTime, Verifier, testkit::{CmsBuilder, HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let signer = ca.issue_signing(&HolderSpec::example());
    /// let signed = SignedData::from_der(&CmsBuilder::new(b"x".to_vec()).signer(&signer).build())?;
    /// let verifier = SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?);
    /// let verified = verifier.verify(&signed, UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?).into_verified()?;
    /// assert_eq!(verified.signers()[0].basic_four()?.address(), HolderSpec::example().basic_four.address());
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn basic_four(&self) -> Result<BasicFourInfo, Error> {
        self.certificate.basic_four()
    }

    /// The digest algorithm.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{DigestAlgorithm, SignedData, SignedDataVerifier, UnixTime, Verifier, testkit::{CmsBuilder, HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let signer = ca.issue_signing(&HolderSpec::example());
    /// let der = CmsBuilder::new(b"x".to_vec()).signer_with(&signer, |s| s.digest = DigestAlgorithm::Sha384).build();
    /// let verifier = SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?);
    /// let verified = verifier.verify(&SignedData::from_der(&der)?, UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?).into_verified()?;
    /// assert_eq!(verified.signers()[0].digest_algorithm(), DigestAlgorithm::Sha384);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn digest_algorithm(&self) -> DigestAlgorithm {
        self.digest
    }

    /// The signature algorithm.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{SignatureAlgorithm, SignedData, SignedDataVerifier, UnixTime, Verifier, testkit::{CmsBuilder, HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let signer = ca.issue_signing(&HolderSpec::example());
    /// let signed = SignedData::from_der(&CmsBuilder::new(b"x".to_vec()).signer(&signer).build())?;
    /// let verifier = SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?);
    /// let verified = verifier.verify(&signed, UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?).into_verified()?;
    /// assert_eq!(verified.signers()[0].signature_algorithm(), SignatureAlgorithm::RsaPkcs1Sha256);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn signature_algorithm(&self) -> SignatureAlgorithm {
        self.signature_algorithm
    }

    /// The signingTime the signer claims: information only, never the time the certificate
    /// was validated at.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{SignedData, SignedDataVerifier, UnixTime, Verifier, testkit::{CmsBuilder, HolderSpec, SignedAttrs, TestCa}};
    /// let ca = TestCa::new(1);
    /// let signer = ca.issue_signing(&HolderSpec::example());
    /// let claimed = UnixTime::parse_rfc3339("2026-06-01T09:00:00Z")?;
    /// let der = CmsBuilder::new(b"x".to_vec()).signer_with(&signer, |s| s.attributes = SignedAttrs::Default { signing_time: Some(claimed) }).build();
    /// let verifier = SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?);
    /// let verified = verifier.verify(&SignedData::from_der(&der)?, UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?).into_verified()?;
    /// assert_eq!(verified.signers()[0].signing_time(), Some(claimed));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn signing_time(&self) -> Option<UnixTime> {
        self.signing_time
    }
}

/// One signer's outcome, valid or not, with what could be read of it.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{Error, SignedData, SignedDataVerifier, UnixTime, Verifier, testkit::{CmsBuilder, HolderSpec, TestCa}};
/// let ca = TestCa::new(1);
/// let good = ca.issue_signing(&HolderSpec::example());
/// let bad = ca.issue_signing(&HolderSpec::example());
/// let der = CmsBuilder::new(b"x".to_vec()).signer(&good).signer_with(&bad, |s| s.corrupt_signature = true).build();
/// let verifier = SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?);
/// let report = verifier.verify(&SignedData::from_der(&der)?, UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?);
/// assert!(report.signers()[0].result().is_ok());
/// assert!(matches!(report.signers()[1].result(), Err(Error::BadSignature)));
/// assert!(!report.is_valid()); // one bad signer refuses the document
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct SignerReport {
    pub(super) digest: DigestAlgorithm,
    pub(super) signing_time: Option<UnixTime>,
    pub(super) certificate: Option<Certificate>,
    pub(super) timestamp: Option<UnixTime>,
    pub(super) checked_at: Option<UnixTime>,
    result: Result<VerifiedSigner, Error>,
}

impl SignerReport {
    pub(super) fn new(digest: DigestAlgorithm) -> Self {
        Self {
            digest,
            signing_time: None,
            certificate: None,
            timestamp: None,
            checked_at: None,
            result: Err(Error::SignerNotFound),
        }
    }

    pub(super) fn finish(mut self, result: Result<VerifiedSigner, Error>) -> Self {
        self.result = result;
        self
    }

    /// The genTime of the trusted time-stamp the certificate was validated at (see
    /// [`VerifiedSigner::timestamp`]), also when the certificate was then refused; `None`
    /// without one, or when verification stopped before the time was chosen.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{SignedData, SignedDataVerifier, TimestampVerifier, UnixTime, Verifier};
    /// use jpki_core::testkit::{CmsBuilder, HolderSpec, TestCa, TestTsa};
    /// let (ca, tsa) = (TestCa::new(1), TestTsa::new(1));
    /// let signed_at = UnixTime::parse_rfc3339("2027-03-01T09:00:00Z")?;
    /// let der = CmsBuilder::new(b"x".to_vec()).signer(&ca.issue_signing(&HolderSpec::example())).timestamped(&tsa, signed_at).build();
    /// let verifier = SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?)
    ///     .with_timestamps(TimestampVerifier::new(Verifier::new([tsa.root().certificate()])?));
    /// let report = verifier.verify(&SignedData::from_der(&der)?, UnixTime::parse_rfc3339("2027-12-01T00:00:00Z")?);
    /// assert_eq!(report.signers()[0].timestamp(), Some(signed_at));
    /// assert_eq!(report.signers()[0].checked_at(), Some(signed_at));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn timestamp(&self) -> Option<UnixTime> {
        self.timestamp
    }

    /// The time the certificate was validated at, also when it was then refused; `None` when
    /// verification stopped before (a bad signature, a bad signature time-stamp, no signer).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{SignedData, SignedDataVerifier, TimestampVerifier, UnixTime, Verifier};
    /// use jpki_core::testkit::{CmsBuilder, HolderSpec, TestCa, TestTsa};
    /// let (ca, tsa) = (TestCa::new(1), TestTsa::new(1));
    /// let signed_at = UnixTime::parse_rfc3339("2027-03-01T09:00:00Z")?;
    /// let der = CmsBuilder::new(b"x".to_vec()).signer(&ca.issue_signing(&HolderSpec::example())).timestamped(&tsa, signed_at).build();
    /// let verifier = SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?)
    ///     .with_timestamps(TimestampVerifier::new(Verifier::new([tsa.root().certificate()])?));
    /// let report = verifier.verify(&SignedData::from_der(&der)?, UnixTime::parse_rfc3339("2027-12-01T00:00:00Z")?);
    /// assert_eq!(report.signers()[0].timestamp(), Some(signed_at));
    /// assert_eq!(report.signers()[0].checked_at(), Some(signed_at));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn checked_at(&self) -> Option<UnixTime> {
        self.checked_at
    }

    /// The verified signer, or why it was refused.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Error, SignedData, SignedDataVerifier, UnixTime, Verifier, testkit::{CmsBuilder, HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let signer = ca.issue_signing(&HolderSpec::example());
    /// let der = CmsBuilder::new(b"x".to_vec()).signer(&signer).without_certificates().build();
    /// let verifier = SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?);
    /// let report = verifier.verify(&SignedData::from_der(&der)?, UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?);
    /// assert!(matches!(report.signers()[0].result(), Err(Error::SignerNotFound)));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn result(&self) -> Result<&VerifiedSigner, &Error> {
        self.result.as_ref()
    }

    /// The digest algorithm the SignerInfo names.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{DigestAlgorithm, SignedData, SignedDataVerifier, UnixTime, Verifier, testkit::{CmsBuilder, HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let signer = ca.issue_signing(&HolderSpec::example());
    /// let signed = SignedData::from_der(&CmsBuilder::new(b"x".to_vec()).signer(&signer).build())?;
    /// let verifier = SignedDataVerifier::new(Verifier::new([])?); // trusts nothing
    /// let report = verifier.verify(&signed, UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?);
    /// assert_eq!(report.signers()[0].digest_algorithm(), DigestAlgorithm::Sha256);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn digest_algorithm(&self) -> DigestAlgorithm {
        self.digest
    }

    /// The claimed signingTime, when the signed attributes follow the rules and carry one.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{SignedData, SignedDataVerifier, UnixTime, Verifier, testkit::{CmsBuilder, HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let signer = ca.issue_signing(&HolderSpec::example());
    /// let signed = SignedData::from_der(&CmsBuilder::new(b"x".to_vec()).signer(&signer).build())?;
    /// let verifier = SignedDataVerifier::new(Verifier::new([])?);
    /// let report = verifier.verify(&signed, UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?);
    /// assert!(report.signers()[0].signing_time().is_some()); // read even when the signer is refused
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn signing_time(&self) -> Option<UnixTime> {
        self.signing_time
    }

    /// The certificate the signer identifier named (the one that verified, else the first
    /// found), `None` when none matched.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{SignedData, SignedDataVerifier, UnixTime, Verifier, testkit::{CmsBuilder, HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let signer = ca.issue_signing(&HolderSpec::example());
    /// let signed = SignedData::from_der(&CmsBuilder::new(b"x".to_vec()).signer(&signer).build())?;
    /// let verifier = SignedDataVerifier::new(Verifier::new([])?);
    /// let report = verifier.verify(&signed, UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?);
    /// assert_eq!(report.signers()[0].certificate(), Some(&signer.certificate()));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn certificate(&self) -> Option<&Certificate> {
        self.certificate.as_ref()
    }
}

/// The outcome of verifying a SignedData: every signer's report, and the document's verdict.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{ContentSource, Error, SignedData, SignedDataVerifier, UnixTime, Verifier, testkit::{CmsBuilder, HolderSpec, TestCa}};
/// let ca = TestCa::new(1);
/// let der = CmsBuilder::new(b"x".to_vec()).build(); // no signer at all
/// let verifier = SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?);
/// let report = verifier.verify(&SignedData::from_der(&der)?, UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?);
/// assert_eq!(report.content_source(), ContentSource::Attached);
/// assert!(matches!(report.error(), Some(Error::NoSigner)));
/// assert!(!report.is_valid());
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct SignedDataReport {
    source: ContentSource,
    document_error: Option<Error>,
    signers: Vec<SignerReport>,
    content: Option<Vec<u8>>,
}

impl SignedDataReport {
    pub(super) fn new(source: ContentSource, signers: Vec<SignerReport>) -> Self {
        Self {
            source,
            document_error: None,
            signers,
            content: None,
        }
    }

    pub(super) fn refused(source: ContentSource, error: Error) -> Self {
        Self {
            source,
            document_error: Some(error),
            signers: Vec::new(),
            content: None,
        }
    }

    pub(super) fn set_content(&mut self, content: Vec<u8>) {
        self.content = Some(content);
    }

    /// Whether the content was encapsulated or detached.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{ContentSource, SignedData, SignedDataVerifier, UnixTime, Verifier, testkit::{CmsBuilder, HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let signer = ca.issue_signing(&HolderSpec::example());
    /// let signed = SignedData::from_der(&CmsBuilder::new(b"x".to_vec()).detached().signer(&signer).build())?;
    /// let verifier = SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?);
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let report = verifier.verify_detached(&signed, &b"x"[..], at).map_err(|_| jpki_core::Error::NoSigner)?;
    /// assert_eq!(report.content_source(), ContentSource::Detached);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn content_source(&self) -> ContentSource {
        self.source
    }

    /// Each signer's report, in the order of the SignerInfos (empty when the document was
    /// refused as a whole).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{SignedData, SignedDataVerifier, UnixTime, Verifier, testkit::{CmsBuilder, HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let (a, b) = (ca.issue_signing(&HolderSpec::example()), ca.issue_signing(&HolderSpec::example()));
    /// let signed = SignedData::from_der(&CmsBuilder::new(b"x".to_vec()).signer(&a).signer(&b).build())?;
    /// let verifier = SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?);
    /// let report = verifier.verify(&signed, UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?);
    /// assert_eq!(report.signers().len(), 2);
    /// assert!(report.is_valid());
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn signers(&self) -> &[SignerReport] {
        &self.signers
    }

    /// Whether the document is valid: at least one signer, and every signer valid.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{SignedData, SignedDataVerifier, UnixTime, Verifier, testkit::{CmsBuilder, HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let signer = ca.issue_signing(&HolderSpec::example());
    /// let signed = SignedData::from_der(&CmsBuilder::new(b"x".to_vec()).signer(&signer).build())?;
    /// let verifier = SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?);
    /// assert!(verifier.verify(&signed, UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?).is_valid());
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn is_valid(&self) -> bool {
        self.error().is_none()
    }

    /// Why the document is refused: the refusal of the whole document, else the first refused
    /// signer's error; `None` when it is valid.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Error, SignedData, SignedDataVerifier, UnixTime, Verifier, testkit::{CmsBuilder, HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let signer = ca.issue_signing(&HolderSpec::example());
    /// let signed = SignedData::from_der(&CmsBuilder::new(b"x".to_vec()).signer(&signer).build())?;
    /// let verifier = SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?);
    /// let late = UnixTime::parse_rfc3339("2040-01-01T00:00:00Z")?;
    /// assert!(matches!(verifier.verify(&signed, late).error(), Some(Error::Expired { .. })));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn error(&self) -> Option<&Error> {
        if let Some(e) = &self.document_error {
            return Some(e);
        }
        if self.signers.is_empty() {
            // Never reached through the verifier (it refuses with NoSigner), kept fail-closed.
            return Some(&Error::NoSigner);
        }
        self.signers.iter().find_map(|s| s.result().err())
    }

    /// The verified document, or the refusal ([`SignedDataReport::error`]).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{SignedData, SignedDataVerifier, UnixTime, Verifier, testkit::{CmsBuilder, HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let signer = ca.issue_signing(&HolderSpec::example());
    /// let signed = SignedData::from_der(&CmsBuilder::new(b"x".to_vec()).signer(&signer).build())?;
    /// let verifier = SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?);
    /// let verified = verifier.verify(&signed, UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?).into_verified()?;
    /// assert_eq!(verified.signers().len(), 1);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn into_verified(self) -> Result<VerifiedSignedData, Error> {
        if let Some(e) = self.error() {
            return Err(e.clone());
        }
        let signers = self
            .signers
            .into_iter()
            .map(|s| s.result)
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(VerifiedSignedData {
            source: self.source,
            signers,
            content: self.content,
        })
    }
}

/// A SignedData whose every signer verified.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{ContentSource, SignedData, SignedDataVerifier, UnixTime, Verifier, testkit::{CmsBuilder, HolderSpec, TestCa}};
/// let ca = TestCa::new(1);
/// let signer = ca.issue_signing(&HolderSpec::example());
/// let signed = SignedData::from_der(&CmsBuilder::new(b"x".to_vec()).signer(&signer).build())?;
/// let verifier = SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?);
/// let verified = verifier.verify(&signed, UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?).into_verified()?;
/// assert_eq!(verified.content_source(), ContentSource::Attached);
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct VerifiedSignedData {
    source: ContentSource,
    signers: Vec<VerifiedSigner>,
    content: Option<Vec<u8>>,
}

impl VerifiedSignedData {
    /// The signers, in the order of the SignerInfos.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{SignedData, SignedDataVerifier, UnixTime, Verifier, testkit::{CmsBuilder, HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let signer = ca.issue_signing(&HolderSpec::example());
    /// let signed = SignedData::from_der(&CmsBuilder::new(b"x".to_vec()).signer(&signer).build())?;
    /// let verifier = SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?);
    /// let verified = verifier.verify(&signed, UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?).into_verified()?;
    /// assert_eq!(verified.signers()[0].certificate().serial(), signer.serial);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn signers(&self) -> &[VerifiedSigner] {
        &self.signers
    }

    /// The encapsulated content (`None` for detached content, which the caller has).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{SignedData, SignedDataVerifier, UnixTime, Verifier, testkit::{CmsBuilder, HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let signer = ca.issue_signing(&HolderSpec::example());
    /// let signed = SignedData::from_der(&CmsBuilder::new(b"x".to_vec()).signer(&signer).build())?;
    /// let verifier = SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?);
    /// let verified = verifier.verify(&signed, UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?).into_verified()?;
    /// assert_eq!(verified.content(), Some(&b"x"[..]));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn content(&self) -> Option<&[u8]> {
        self.content.as_deref()
    }

    /// Whether the content was encapsulated or detached.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{ContentSource, SignedData, SignedDataVerifier, UnixTime, Verifier, testkit::{CmsBuilder, HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let signer = ca.issue_signing(&HolderSpec::example());
    /// let signed = SignedData::from_der(&CmsBuilder::new(b"x".to_vec()).detached().signer(&signer).build())?;
    /// let verifier = SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?);
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let report = verifier.verify_detached(&signed, &b"x"[..], at).map_err(|_| jpki_core::Error::NoSigner)?;
    /// assert_eq!(report.into_verified()?.content_source(), ContentSource::Detached);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn content_source(&self) -> ContentSource {
        self.source
    }
}

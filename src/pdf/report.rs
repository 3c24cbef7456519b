//! What verifying a PDF gives: one report per signature, in byte order.

use super::PdfRuleOutcome;
use crate::{Error, SignedDataReport, UnixTime};

/// The outcome for one PDF: every signature's report, in byte order.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{PdfVerifier, SignedDataVerifier, UnixTime, Verifier, testkit::{HolderSpec, SignedPdfBuilder, TestCa}};
/// let ca = TestCa::new(1);
/// let holder = ca.issue_signing(&HolderSpec::example());
/// let pdf = SignedPdfBuilder::new().sign(&holder).build();
/// let verifier = PdfVerifier::new(SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?));
/// let report = verifier.verify(&pdf, UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?)?;
/// assert_eq!(report.signatures().len(), 1);
/// assert_eq!(report.revisions(), 2);
/// assert_eq!(report.error(), None);
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct PdfReport {
    pub(super) signatures: Vec<PdfSignatureReport>,
    pub(super) revisions: usize,
}

impl PdfReport {
    /// Every signature, in byte order (by the offset of its `/Contents`).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{PdfVerifier, SignedDataVerifier, UnixTime, Verifier, testkit::{HolderSpec, SignedPdfBuilder, TestCa}};
    /// let ca = TestCa::new(1);
    /// let holder = ca.issue_signing(&HolderSpec::example());
    /// let pdf = SignedPdfBuilder::new().sign(&holder).sign(&holder).build();
    /// let verifier = PdfVerifier::new(SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?));
    /// let report = verifier.verify(&pdf, UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?)?;
    /// assert_eq!(report.signatures().len(), 2);
    /// // The first was followed by a revision that added a signature field: modified.
    /// assert!(report.signatures()[0].modified_after_signing());
    /// assert!(report.signatures()[1].is_valid());
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn signatures(&self) -> &[PdfSignatureReport] {
        &self.signatures
    }

    /// How many revisions the file has.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{PdfVerifier, SignedDataVerifier, UnixTime, Verifier, testkit::{HolderSpec, SignedPdfBuilder, TestCa}};
    /// let ca = TestCa::new(1);
    /// let pdf = SignedPdfBuilder::new().build(); // unsigned: one revision
    /// let verifier = PdfVerifier::new(SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?));
    /// assert_eq!(verifier.verify(&pdf, UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?)?.revisions(), 1);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn revisions(&self) -> usize {
        self.revisions
    }

    /// Whether the file has at least one signature and every one is valid (which includes:
    /// not modified after signing).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Error, PdfVerifier, SignedDataVerifier, UnixTime, Verifier, testkit::{HolderSpec, SignedPdfBuilder, TestCa}};
    /// let ca = TestCa::new(1);
    /// let pdf = SignedPdfBuilder::new().build();
    /// let verifier = PdfVerifier::new(SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?));
    /// let report = verifier.verify(&pdf, UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?)?;
    /// assert!(!report.is_valid());
    /// assert_eq!(report.error(), Some(&Error::NoSigner));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn is_valid(&self) -> bool {
        self.error().is_none()
    }

    /// The first signature's refusal, in byte order, or [`Error::NoSigner`] for a file
    /// without signatures; `None` when the file is valid.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Error, PdfVerifier, SignedDataVerifier, UnixTime, Verifier, testkit::{HolderSpec, SignedPdfBuilder, TestCa}};
    /// let ca = TestCa::new(1);
    /// let holder = ca.issue_signing(&HolderSpec::example());
    /// let pdf = SignedPdfBuilder::new().sign(&holder).shadow_page_change().build();
    /// let verifier = PdfVerifier::new(SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?));
    /// let report = verifier.verify(&pdf, UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?)?;
    /// assert_eq!(report.error(), Some(&Error::ModifiedAfterSigning));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn error(&self) -> Option<&Error> {
        static NO_SIGNER: Error = Error::NoSigner;
        if self.signatures.is_empty() {
            return Some(&NO_SIGNER);
        }
        self.signatures.iter().find_map(|s| s.result.as_ref().err())
    }
}

/// One signature's outcome.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{PdfVerifier, SignedDataVerifier, UnixTime, Verifier, testkit::{HolderSpec, SignedPdfBuilder, TestCa}};
/// let ca = TestCa::new(1);
/// let holder = ca.issue_signing(&HolderSpec::example());
/// let pdf = SignedPdfBuilder::new().sign(&holder).build();
/// let verifier = PdfVerifier::new(SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?));
/// let report = verifier.verify(&pdf, UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?)?;
/// let sig = &report.signatures()[0];
/// assert_eq!(sig.field(), Some("Signature1"));
/// assert_eq!(sig.sub_filter(), "adbe.pkcs7.detached");
/// assert_eq!(sig.later_revisions(), 0);
/// assert!(sig.cms().is_some_and(|c| c.is_valid()));
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct PdfSignatureReport {
    pub(super) field: Option<String>,
    pub(super) sub_filter: String,
    pub(super) byte_range: Option<[usize; 4]>,
    pub(super) covers_whole_file: bool,
    pub(super) later_revisions: usize,
    pub(super) modified_after_signing: bool,
    pub(super) claimed_time: Option<String>,
    pub(super) cms: Option<SignedDataReport>,
    pub(super) timestamp: Option<UnixTime>,
    pub(super) checked_at: Option<UnixTime>,
    pub(super) result: Result<(), Error>,
    pub(super) rules: Vec<PdfRuleOutcome>,
}

impl PdfSignatureReport {
    /// The genTime of the trusted time-stamp this signature's certificate was validated at
    /// (its own signature time-stamp, or a later document timestamp covering it); for a
    /// document timestamp, its own genTime. `None` without one (see
    /// [`PdfVerifier::with_timestamps`](crate::PdfVerifier::with_timestamps)).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{PdfVerifier, SignedDataVerifier, TimestampVerifier, UnixTime, Verifier};
    /// use jpki_core::testkit::{HolderSpec, SignedPdfBuilder, TestCa, TestTsa};
    /// let (ca, tsa) = (TestCa::new(1), TestTsa::new(1));
    /// let signed_at = UnixTime::parse_rfc3339("2027-03-01T09:00:00Z")?;
    /// let now = UnixTime::parse_rfc3339("2027-12-01T00:00:00Z")?;
    /// let pdf = SignedPdfBuilder::new().sign(&ca.issue_signing(&HolderSpec::example())).timestamped(&tsa, signed_at).build();
    /// let verifier = PdfVerifier::new(SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?))
    ///     .with_timestamps(TimestampVerifier::new(Verifier::new([tsa.root().certificate()])?));
    /// let report = verifier.verify(&pdf, now)?;
    /// let sig = &report.signatures()[0];
    /// assert_eq!((sig.timestamp(), sig.checked_at()), (Some(signed_at), Some(signed_at)));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn timestamp(&self) -> Option<UnixTime> {
        self.timestamp
    }

    /// The time the signer's certificate was validated at (for a document timestamp, the TSA
    /// certificate's: the caller's time); `None` when verification stopped before.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{PdfVerifier, SignedDataVerifier, TimestampVerifier, UnixTime, Verifier};
    /// use jpki_core::testkit::{HolderSpec, SignedPdfBuilder, TestCa, TestTsa};
    /// let (ca, tsa) = (TestCa::new(1), TestTsa::new(1));
    /// let signed_at = UnixTime::parse_rfc3339("2027-03-01T09:00:00Z")?;
    /// let now = UnixTime::parse_rfc3339("2027-12-01T00:00:00Z")?;
    /// let pdf = SignedPdfBuilder::new().sign(&ca.issue_signing(&HolderSpec::example())).timestamped(&tsa, signed_at).build();
    /// let verifier = PdfVerifier::new(SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?))
    ///     .with_timestamps(TimestampVerifier::new(Verifier::new([tsa.root().certificate()])?));
    /// let report = verifier.verify(&pdf, now)?;
    /// let sig = &report.signatures()[0];
    /// assert_eq!((sig.timestamp(), sig.checked_at()), (Some(signed_at), Some(signed_at)));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn checked_at(&self) -> Option<UnixTime> {
        self.checked_at
    }

    /// The signature field's full name (`/T`, with its parents'), if it has one.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{PdfVerifier, SignedDataVerifier, UnixTime, Verifier, testkit::{HolderSpec, SignedPdfBuilder, TestCa}};
    /// let ca = TestCa::new(1);
    /// let pdf = SignedPdfBuilder::new().sign(&ca.issue_signing(&HolderSpec::example())).build();
    /// let verifier = PdfVerifier::new(SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?));
    /// let report = verifier.verify(&pdf, UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?)?;
    /// let sig = &report.signatures()[0];
    /// assert_eq!(sig.field(), Some("Signature1"));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn field(&self) -> Option<&str> {
        self.field.as_deref()
    }

    /// The `/SubFilter` name, as written (empty when absent).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{PdfVerifier, SignedDataVerifier, UnixTime, Verifier, testkit::{HolderSpec, SignedPdfBuilder, TestCa}};
    /// let ca = TestCa::new(1);
    /// let pdf = SignedPdfBuilder::new().sign(&ca.issue_signing(&HolderSpec::example())).build();
    /// let verifier = PdfVerifier::new(SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?));
    /// let report = verifier.verify(&pdf, UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?)?;
    /// let sig = &report.signatures()[0];
    /// assert_eq!(sig.sub_filter(), "adbe.pkcs7.detached");
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn sub_filter(&self) -> &str {
        &self.sub_filter
    }

    /// The `/ByteRange`, when it was four non-negative integers.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{PdfVerifier, SignedDataVerifier, UnixTime, Verifier, testkit::{HolderSpec, SignedPdfBuilder, TestCa}};
    /// let ca = TestCa::new(1);
    /// let pdf = SignedPdfBuilder::new().sign(&ca.issue_signing(&HolderSpec::example())).build();
    /// let verifier = PdfVerifier::new(SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?));
    /// let report = verifier.verify(&pdf, UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?)?;
    /// let sig = &report.signatures()[0];
    /// assert_eq!(sig.byte_range().map(|r| r[0]), Some(0));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn byte_range(&self) -> Option<[usize; 4]> {
        self.byte_range
    }

    /// Whether the signed bytes reach the end of the file.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{PdfVerifier, SignedDataVerifier, UnixTime, Verifier, testkit::{HolderSpec, SignedPdfBuilder, TestCa}};
    /// let ca = TestCa::new(1);
    /// let pdf = SignedPdfBuilder::new().sign(&ca.issue_signing(&HolderSpec::example())).build();
    /// let verifier = PdfVerifier::new(SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?));
    /// let report = verifier.verify(&pdf, UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?)?;
    /// let sig = &report.signatures()[0];
    /// assert!(sig.covers_whole_file());
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn covers_whole_file(&self) -> bool {
        self.covers_whole_file
    }

    /// How many revisions follow the one this signature signs.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{PdfVerifier, SignedDataVerifier, UnixTime, Verifier, testkit::{HolderSpec, SignedPdfBuilder, TestCa}};
    /// let ca = TestCa::new(1);
    /// let pdf = SignedPdfBuilder::new().sign(&ca.issue_signing(&HolderSpec::example())).build();
    /// let verifier = PdfVerifier::new(SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?));
    /// let report = verifier.verify(&pdf, UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?)?;
    /// let sig = &report.signatures()[0];
    /// assert_eq!(sig.later_revisions(), 0);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn later_revisions(&self) -> usize {
        self.later_revisions
    }

    /// Whether a later revision changes the document beyond what the strict mode accepts.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{PdfVerifier, SignedDataVerifier, UnixTime, Verifier, testkit::{HolderSpec, SignedPdfBuilder, TestCa}};
    /// let ca = TestCa::new(1);
    /// let pdf = SignedPdfBuilder::new().sign(&ca.issue_signing(&HolderSpec::example())).build();
    /// let verifier = PdfVerifier::new(SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?));
    /// let report = verifier.verify(&pdf, UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?)?;
    /// let sig = &report.signatures()[0];
    /// assert!(!sig.modified_after_signing());
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn modified_after_signing(&self) -> bool {
        self.modified_after_signing
    }

    /// The `/M` string, as written: claimed by the signer, never trusted.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{PdfVerifier, SignedDataVerifier, UnixTime, Verifier, testkit::{HolderSpec, SignedPdfBuilder, TestCa}};
    /// let ca = TestCa::new(1);
    /// let pdf = SignedPdfBuilder::new().sign(&ca.issue_signing(&HolderSpec::example())).build();
    /// let verifier = PdfVerifier::new(SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?));
    /// let report = verifier.verify(&pdf, UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?)?;
    /// let sig = &report.signatures()[0];
    /// assert_eq!(sig.claimed_time(), Some("D:20270101090000+09'00'"));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn claimed_time(&self) -> Option<&str> {
        self.claimed_time.as_deref()
    }

    /// The CMS verification's report (each signer), when the checks got that far.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{PdfVerifier, SignedDataVerifier, UnixTime, Verifier, testkit::{HolderSpec, SignedPdfBuilder, TestCa}};
    /// let ca = TestCa::new(1);
    /// let pdf = SignedPdfBuilder::new().sign(&ca.issue_signing(&HolderSpec::example())).build();
    /// let verifier = PdfVerifier::new(SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?));
    /// let report = verifier.verify(&pdf, UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?)?;
    /// let sig = &report.signatures()[0];
    /// assert!(sig.cms().is_some_and(|c| c.is_valid()));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn cms(&self) -> Option<&SignedDataReport> {
        self.cms.as_ref()
    }

    /// Whether this signature is valid.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{PdfVerifier, SignedDataVerifier, UnixTime, Verifier, testkit::{HolderSpec, SignedPdfBuilder, TestCa}};
    /// let ca = TestCa::new(1);
    /// let pdf = SignedPdfBuilder::new().sign(&ca.issue_signing(&HolderSpec::example())).build();
    /// let verifier = PdfVerifier::new(SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?));
    /// let report = verifier.verify(&pdf, UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?)?;
    /// let sig = &report.signatures()[0];
    /// assert!(sig.is_valid());
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn is_valid(&self) -> bool {
        self.result.is_ok()
    }

    /// The profile's rule outcomes, each rule once in [`MojRule::EVERY`](crate::MojRule::EVERY)
    /// order; empty under [`PdfProfile::Strict`](crate::PdfProfile::Strict).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{MojRule, PdfProfile, PdfVerifier, SignedDataVerifier, UnixTime, Verifier, testkit::{HolderSpec, SignedPdfBuilder, TestCa}};
    /// let ca = TestCa::new(1);
    /// let pdf = SignedPdfBuilder::new().sign(&ca.issue_signing(&HolderSpec::example())).build();
    /// let strict = PdfVerifier::new(SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?));
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// assert!(strict.verify(&pdf, at)?.signatures()[0].rules().is_empty());
    /// let report = strict.with_profile(PdfProfile::Moj).verify(&pdf, at)?;
    /// let rules = report.signatures()[0].rules();
    /// assert_eq!(rules[2].id(), MojRule::NamePresent);
    /// assert!(rules.iter().all(|r| r.ok()));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn rules(&self) -> &[PdfRuleOutcome] {
        &self.rules
    }

    /// Why this signature is refused.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{PdfVerifier, SignedDataVerifier, UnixTime, Verifier, testkit::{HolderSpec, SignedPdfBuilder, TestCa}};
    /// let ca = TestCa::new(1);
    /// let pdf = SignedPdfBuilder::new().sign(&ca.issue_signing(&HolderSpec::example())).build();
    /// let verifier = PdfVerifier::new(SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?));
    /// let report = verifier.verify(&pdf, UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?)?;
    /// let sig = &report.signatures()[0];
    /// assert_eq!(sig.error(), None);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn error(&self) -> Option<&Error> {
        self.result.as_ref().err()
    }
}

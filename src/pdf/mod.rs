//! Signed PDFs: every signature of a PDF signed with a JPKI signing certificate, verified
//! strictly, revision by revision.
//!
//! A small strict reader of our own ([ISO 32000-1] §7.3 to §7.5, only what signature
//! verification needs): the header, `startxref`, cross-reference tables and streams
//! (FlateDecode with PNG predictors), object streams, the `/Prev` chain kept **per revision**
//! (a revision is the bytes up to its `%%EOF`), the catalog, `/AcroForm` `/Fields` with
//! `/Kids`, and each signature field's `/V`. Every object keeps its byte offset. There is no
//! repair mode: a file whose structure does not parse is refused ([`Error::BadPdf`]).
//!
//! [`PdfVerifier`] then checks **every** signature, in byte order: the `/SubFilter`
//! (`adbe.pkcs7.detached`, `ETSI.CAdES.detached`, and `ETSI.RFC3161` document timestamps,
//! which need [`PdfVerifier::with_timestamps`] and are otherwise refused with
//! [`Error::TimestampUnavailable`]; anything else is unsupported), `/ByteRange` exactly `[0 b c d]` inside the file with the
//! gap exactly this dictionary's `/Contents` hex string, `/Contents` hex digits only decoding to
//! one DER ContentInfo followed only by zero padding, the CMS by [`SignedDataVerifier`] over
//! the ByteRange bytes (every signer, JPKI profile, usage Signing), and for CAdES one signer,
//! the ESS signing-certificate-v2 attribute naming the signer's certificate, and not both `/M`
//! and signingTime.
//!
//! **Modified after signing.** Each signature's ByteRange must end where a revision ends (the
//! newest at the end of the file). Every revision after it is counted, and in this strict
//! mode may only add objects and redefine the catalog to add document-security data (`/DSS`,
//! `/Extensions`), add a document timestamp field, or redefine the document information
//! dictionary the signed revision's trailer names (`/Info`, text strings only: writers update
//! `/ModDate` in every revision); any other change — a page, the
//! signature dictionary, a form field redefined, an object freed, a new signature field —
//! makes the signature *modified after signing* ([`Error::ModifiedAfterSigning`]). Comparing
//! revisions to allow the form filling and annotations a DocMDP or FieldMDP transform permits
//! is out of scope: such files are refused.
//!
//! **Time.** A signature's certificate is validated at the time of the earliest valid
//! time-stamp that covers it — its own signature time-stamp (PAdES B-T), or a later document
//! timestamp whose ByteRange includes the whole signature (a token that verified proves its
//! time even when the file was changed after it) — else at the caller's time. TSA certificates
//! are validated at the caller's time (archive timestamps that would carry a TSA's validity
//! further back are out of scope). `/M` and signingTime are reported, never trusted.
//! Revocation data comes from the caller, the CMS (`crls`, RFC 5940 OCSP responses) and the
//! newest revision's document security store (`/DSS` `/Certs`, `/CRLs`, `/OCSPs`), under the
//! same rules: revoked wins, no covering data is unknown (refused unless the caller chose
//! soft-fail). Evidence in the document turns checking on for every certificate it could
//! speak for, the TSA's too; a store entry that does not parse refuses the file.
//!
//! ```
//! # #[cfg(feature = "testkit")] {
//! use jpki_core::{PdfVerifier, SignedDataVerifier, UnixTime, Verifier, testkit::{HolderSpec, SignedPdfBuilder, TestCa}};
//! let ca = TestCa::new(1);
//! let holder = ca.issue_signing(&HolderSpec::example());
//! let pdf = SignedPdfBuilder::new().sign(&holder).build();
//!
//! let verifier = PdfVerifier::new(SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?));
//! let report = verifier.verify(&pdf, UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?)?;
//! assert!(report.is_valid());
//! assert!(report.signatures()[0].covers_whole_file());
//! # }
//! # Ok::<(), jpki_core::Error>(())
//! ```
//!
//! [ISO 32000-1]: https://opensource.adobe.com/dc-acrobat-sdk-docs/pdfstandards/PDF32000_2008.pdf

mod changes;
mod document;
mod dss;
mod fields;
mod moj;
mod object;
mod report;
mod verify;

pub use moj::{PdfProfile, PdfRuleOutcome};
pub use report::{PdfReport, PdfSignatureReport};

use crate::{Error, SignedDataVerifier, TimestampVerifier, UnixTime};

/// The largest PDF accepted, in bytes.
///
/// ```
/// assert_eq!(jpki_core::MAX_PDF_SIZE, 256 << 20);
/// ```
pub const MAX_PDF_SIZE: usize = 256 << 20;
/// The deepest nesting of arrays and dictionaries (and of form fields' `/Kids`).
///
/// ```
/// assert_eq!(jpki_core::MAX_PDF_NESTING, 32);
/// ```
pub const MAX_PDF_NESTING: usize = 32;
/// The most revisions (cross-reference sections on the `/Prev` chain).
///
/// ```
/// assert_eq!(jpki_core::MAX_PDF_REVISIONS, 64);
/// ```
pub const MAX_PDF_REVISIONS: usize = 64;
/// The most cross-reference entries, all revisions together.
///
/// ```
/// assert_eq!(jpki_core::MAX_PDF_XREF_ENTRIES, 1 << 20);
/// ```
pub const MAX_PDF_XREF_ENTRIES: usize = 1 << 20;
/// The most objects one object stream may declare.
///
/// ```
/// assert_eq!(jpki_core::MAX_PDF_OBJECTS, 100_000);
/// ```
pub const MAX_PDF_OBJECTS: usize = 100_000;
/// The most bytes one stream may decompress to (a decompression bomb stops here).
///
/// ```
/// assert_eq!(jpki_core::MAX_PDF_DECOMPRESSED, 16 << 20);
/// ```
pub const MAX_PDF_DECOMPRESSED: usize = 16 << 20;
/// The most stream bytes decoded for one file, every cross-reference and object stream
/// together (each also at most [`MAX_PDF_DECOMPRESSED`]): many small decompression bombs stop
/// here, and so does the memory the decoded object streams are kept in.
///
/// ```
/// assert_eq!(jpki_core::MAX_PDF_DECOMPRESSED_TOTAL, 64 << 20);
/// ```
pub const MAX_PDF_DECOMPRESSED_TOTAL: usize = 64 << 20;
/// The object-lookup budget of a file, with [`MAX_PDF_PARSE_FACTOR`]: every lookup (of a
/// catalog, form, field, signature dictionary, in every revision) reads its object again, and
/// all of them together may read at most this many bytes plus the factor times the file's
/// size. A file that names one huge object from every one of [`MAX_PDF_FIELDS`] fields stops
/// here instead of being read ten thousand times; a file signed in every revision the
/// revision limit allows stays well within it.
///
/// ```
/// assert_eq!(jpki_core::MAX_PDF_PARSE_BASE, 256 << 20);
/// ```
pub const MAX_PDF_PARSE_BASE: usize = 256 << 20;
/// How many times its own size the object lookups of a file may read, beyond
/// [`MAX_PDF_PARSE_BASE`].
///
/// ```
/// assert_eq!(jpki_core::MAX_PDF_PARSE_FACTOR, 8);
/// ```
pub const MAX_PDF_PARSE_FACTOR: usize = 8;
/// The most form fields walked in one revision.
///
/// ```
/// assert_eq!(jpki_core::MAX_PDF_FIELDS, 10_000);
/// ```
pub const MAX_PDF_FIELDS: usize = 10_000;
/// The most signatures in one file.
///
/// ```
/// assert_eq!(jpki_core::MAX_PDF_SIGNATURES, 64);
/// ```
pub const MAX_PDF_SIGNATURES: usize = 64;
/// The most certificates, CRLs and OCSP responses read from a PDF's document security store
/// (`/DSS`), all together.
///
/// ```
/// assert_eq!(jpki_core::MAX_PDF_DSS_ENTRIES, 1024);
/// ```
pub const MAX_PDF_DSS_ENTRIES: usize = 1024;

/// Verifies every signature of a PDF, in byte order: `/SubFilter` adbe.pkcs7.detached,
/// ETSI.CAdES.detached, or ETSI.RFC3161 (document timestamps, verified with the TSA anchors
/// of [`with_timestamps`](Self::with_timestamps); without them refused with
/// [`Error::TimestampUnavailable`]), `/ByteRange` exactly `[0 b c d]` with the gap exactly the
/// dictionary's `/Contents` hex string, one DER ContentInfo plus zero padding, the CMS over the
/// ByteRange bytes by [`SignedDataVerifier`], and no revision after it other than one adding
/// `/DSS` or a document timestamp ([`Error::ModifiedAfterSigning`]; comparing revisions for
/// DocMDP-permitted form filling is out of scope).
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{Error, PdfVerifier, SignedDataVerifier, UnixTime, Verifier, testkit::{HolderSpec, SignedPdfBuilder, TestCa}};
/// let ca = TestCa::new(1);
/// let holder = ca.issue_signing(&HolderSpec::example());
/// let mut pdf = SignedPdfBuilder::new().sign(&holder).build();
/// let verifier = PdfVerifier::new(SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?));
/// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
/// assert!(verifier.verify(&pdf, at)?.is_valid());
/// // Bytes appended after signing: the file is refused.
/// pdf.extend_from_slice(b"% appended\n");
/// assert!(matches!(verifier.verify(&pdf, at), Err(Error::BadPdf(_))));
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct PdfVerifier {
    signed: SignedDataVerifier,
    tsa: Option<TimestampVerifier>,
    profile: PdfProfile,
}

impl PdfVerifier {
    /// A PDF verifier whose signatures' CMS `signed` verifies (its trust anchors, usage,
    /// revocation sources).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{PdfVerifier, SignedDataVerifier, Verifier, testkit::TestCa};
    /// let verifier = PdfVerifier::new(SignedDataVerifier::new(Verifier::new([TestCa::new(1).signing_root().certificate()])?));
    /// assert!(format!("{verifier:?}").starts_with("PdfVerifier"));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn new(signed: SignedDataVerifier) -> Self {
        Self {
            signed,
            tsa: None,
            profile: PdfProfile::Strict,
        }
    }

    /// Verifies time-stamps with `tsa` (its own trust anchors, never the JPKI ones): document
    /// timestamps (`/SubFilter /ETSI.RFC3161`, whose messageImprint must be the digest of the
    /// ByteRange bytes), and the signature time-stamps inside CAdES and PKCS#7 signatures
    /// (see [`SignedDataVerifier::with_timestamps`]). A signature's certificate is then
    /// validated at the earliest valid time-stamp that covers it — its own signature
    /// time-stamp, or a later document timestamp whose ByteRange includes the whole
    /// signature — else at the caller's time. TSA certificates are validated at the caller's
    /// time. Without this call a document timestamp is refused with
    /// [`Error::TimestampUnavailable`].
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{PdfVerifier, SignedDataVerifier, TimestampVerifier, UnixTime, Verifier};
    /// use jpki_core::testkit::{HolderSpec, SignedPdfBuilder, TestCa, TestTsa};
    /// let (ca, tsa) = (TestCa::new(1), TestTsa::new(1));
    /// let holder = ca.issue_signing(&HolderSpec::example());
    /// let signed_at = UnixTime::parse_rfc3339("2027-03-01T09:00:00Z")?;
    /// let pdf = SignedPdfBuilder::new().sign(&holder).document_timestamp(&tsa, signed_at).build();
    /// let verifier = PdfVerifier::new(SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?))
    ///     .with_timestamps(TimestampVerifier::new(Verifier::new([tsa.root().certificate()])?));
    /// let report = verifier.verify(&pdf, UnixTime::parse_rfc3339("2027-12-01T00:00:00Z")?)?;
    /// assert!(report.is_valid());
    /// // The signature is validated at the document timestamp that covers it.
    /// assert_eq!(report.signatures()[0].checked_at(), Some(signed_at));
    /// assert_eq!(report.signatures()[1].timestamp(), Some(signed_at));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn with_timestamps(mut self, tsa: TimestampVerifier) -> Self {
        self.signed = self.signed.with_timestamps(tsa.clone());
        self.tsa = Some(tsa);
        self
    }

    /// The same verifier checking `profile`'s rules too: under [`PdfProfile::Moj`] every
    /// signature lists the Legal Affairs Bureau's rules ([`PdfSignatureReport::rules`]), and a
    /// broken fail-level rule refuses it ([`Error::MojRule`]).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Error, MojRule, PdfProfile, PdfVerifier, SignedDataVerifier, UnixTime, Verifier, testkit::{HolderSpec, SignedPdfBuilder, TestCa}};
    /// let ca = TestCa::new(1);
    /// let holder = ca.issue_signing(&HolderSpec::example());
    /// // Valid in the strict mode: a /DSS revision after the signature.
    /// let pdf = SignedPdfBuilder::new().sign(&holder).add_dss().build();
    /// let strict = PdfVerifier::new(SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?));
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// assert!(strict.verify(&pdf, at)?.is_valid());
    /// let moj = strict.with_profile(PdfProfile::Moj);
    /// let report = moj.verify(&pdf, at)?;
    /// assert_eq!(report.error(), Some(&Error::MojRule(MojRule::NothingAfterNewest)));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn with_profile(mut self, profile: PdfProfile) -> Self {
        self.profile = profile;
        self
    }

    /// Reads `pdf` and verifies every signature at time `at`. A file whose structure does not
    /// parse, or that breaks a limit, is an `Err`; every signature's outcome is in the report.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Error, PdfSignatureRule, PdfVerifier, SignedDataVerifier, UnixTime, Verifier, testkit::{HolderSpec, SignedPdfBuilder, TestCa}};
    /// let ca = TestCa::new(1);
    /// let holder = ca.issue_signing(&HolderSpec::example());
    /// let pdf = SignedPdfBuilder::new().sign(&holder).byte_range(|[_, b, c, d]| [1, b, c, d]).build();
    /// let verifier = PdfVerifier::new(SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?));
    /// let report = verifier.verify(&pdf, UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?)?;
    /// assert_eq!(report.error(), Some(&Error::PdfSignature(PdfSignatureRule::ByteRangeNotAtStart)));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn verify(&self, pdf: &[u8], at: UnixTime) -> Result<PdfReport, Error> {
        let (signatures, revisions) =
            verify::verify_all(&self.signed, self.tsa.as_ref(), self.profile, pdf, at)?;
        Ok(PdfReport {
            signatures,
            revisions,
        })
    }
}

//! # jpki-core
//!
//! The relying-party side of Japan's JPKI (公的個人認証サービス): the two certificates on the
//! My Number card, parsed strictly and classified.
//!
//! * [`Certificate`] parses X.509 v3 certificates in strict DER (or PEM) and keeps the exact
//!   signed bytes for verification.
//! * [`Certificate::kind`] tells a **signing certificate** (署名用電子証明書) from a
//!   **user-authentication certificate** (利用者証明用電子証明書) and a CA, from the profile's
//!   signals, or says why it cannot.
//! * [`Certificate::basic_four`] decodes the holder's **basic four items** (基本4情報) from the
//!   signing certificate's subjectAltName into a typed [`BasicFourInfo`].
//! * [`SignedData`] and [`SignedDataVerifier`] verify signed documents — CMS SignedData
//!   (RFC 5652), the inside of S/MIME, `.p7s` files and PDF signatures — every signer, with the
//!   signer's certificate verified as above.
//! * [`TimestampToken`] and [`TimestampVerifier`] verify RFC 3161 time-stamp tokens against a
//!   separate set of TSA trust anchors: when data existed, vouched for by a TSA.
//! * [`PdfVerifier`] verifies every signature of a signed PDF, revision by revision, with a
//!   small strict PDF reader of its own, and refuses files modified after signing.
//! * With the `testkit` feature, `testkit::TestCa` issues certificates with the JPKI profile
//!   for tests (real certificates carry personal data and cannot be shipped).
//!
//! ```
//! # #[cfg(feature = "testkit")] {
//! use jpki_core::{Certificate, CertificateKind, Sex, testkit::{HolderSpec, TestCa}};
//!
//! let ca = TestCa::new(42);
//! let pair = ca.issue_pair(&HolderSpec::example());
//!
//! let signing = Certificate::from_der(&pair.signing.der)?;
//! assert_eq!(signing.kind()?, CertificateKind::Signing);
//! let info = signing.basic_four()?;
//! assert_eq!(info.sex(), Sex::Female);
//!
//! let auth = Certificate::from_der(&pair.user_authentication.der)?;
//! assert_eq!(auth.kind()?, CertificateKind::UserAuthentication);
//! assert!(auth.basic_four().is_err()); // no personal data, never an empty record
//! # }
//! # Ok::<(), jpki_core::Error>(())
//! ```
//!
//! The private-ID lifecycle (enrolment, login challenges, the revocation sweep, re-proofing,
//! audit) and its stores are in the sibling crate `jpki-linkage`, so that this one has no
//! database in its dependency tree.
//!
//! ## Layers
//!
//! Lower layers never import higher ones (`tests/layers.rs` resolves every `crate::` path of the
//! library and fails on one that points up, or on two files of a module importing each other):
//!
//! `vocab` < `error` < `oid` < `der_reader` < `time` < `pem` < `cert` < `basic4` < `kind` < `crypto` < `revocation` < `verify` < `roots` < `signed` < `timestamp` < `pdf` < `testkit`
//!
//! `vocab` holds the plain types the errors name (`Usage`, `CertificateKind`, `CrlReason`, `Oid`,
//! `UnixTime`, …); `der_reader` is the one private DER cursor every parser reads with; `kind` adds the classification methods to `Certificate` from the layer above
//! the certificate model, since classifying needs the basic four items.
//!
//! ## Feature flags
//!
//! Every feature of the crate, one line each (`tests/features_doc.rs` checks this table against
//! `Cargo.toml`, default marks included).
//!
//! | feature | default | what it adds |
//! |---|---|---|
//! | `aws-lc-rs` | no | `crypto::AwsLcRs`: signature checks on AWS-LC (assembly; needs a C compiler), and it becomes the default backend. |
//! | `rayon` | no | `Verifier::verify_batch`: many leaves verified on every core. |
//! | `testkit` | no | The test CA (module `testkit`): JPKI-profile certificates, CRLs, OCSP responses and CMS SignedData (`CmsBuilder`) with RSA-2048, ECDSA P-256 or P-384 keys, deterministic from a seed. |

#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod basic4;
mod cert;
pub mod crypto;
mod der_reader;
mod error;
mod kind;
mod oid;
mod pdf;
pub mod pem;
mod revocation;
pub mod roots;
mod signed;
mod time;
mod timestamp;
mod verify;
mod vocab;

#[cfg(feature = "testkit")]
pub mod testkit;

pub use basic4::{BasicFourInfo, DateOfBirth, Era, ExtraItem, ExtraValue, MAX_ITEM_CHARS, Sex};
pub use cert::{
    AccessDescription, BasicConstraints, Certificate, DistinguishedName, Extension, GeneralName,
    KeyAlgorithm, KeyUsage, MAX_CERTIFICATE_SIZE, MAX_EXTENSIONS, MAX_GENERAL_NAMES,
    MAX_SERIAL_OCTETS, NameAttribute, SerialNumber, SignatureAlgorithm,
};
pub use crypto::{MAX_RSA_BITS, MIN_RSA_BITS, PublicKey};
pub use error::{
    AnchorMismatch, AttributeRule, BasicFourItem, CaConstraint, CrlFeature, CrlRefusal,
    DateOfBirthProblem, DerContext, DerProblem, Error, ExtensionProblem, FlagsProblem, KeyRefusal,
    KindRefusal, Limited, MojRule, NameString, OcspRequestRefusal, OcspResponderRefusal, PathLimit,
    PdfProblem, PdfSignatureRule, PemProblem, RuleLevel, SignedDataProblem, TextProblem,
    TimestampProblem, UsageRefusal, ValidityProblem,
};
pub use kind::{OU_SIGNING, OU_USER_AUTHENTICATION};
pub use oid::oids;
pub use pdf::{
    MAX_PDF_DECOMPRESSED, MAX_PDF_DECOMPRESSED_TOTAL, MAX_PDF_DSS_ENTRIES, MAX_PDF_FIELDS,
    MAX_PDF_NESTING, MAX_PDF_OBJECTS, MAX_PDF_PARSE_BASE, MAX_PDF_PARSE_FACTOR, MAX_PDF_REVISIONS,
    MAX_PDF_SIGNATURES, MAX_PDF_SIZE, MAX_PDF_XREF_ENTRIES, PdfProfile, PdfReport, PdfRuleOutcome,
    PdfSignatureReport, PdfVerifier,
};
pub use revocation::{
    CertIdHash, Crl, CrlEntry, DEFAULT_MAX_CRL_ENTRIES, KnownStatus, MAX_CRL_SIZE,
    MAX_OCSP_REQUEST_SIZE, MAX_OCSP_RESPONSE_SIZE, OcspRequest, OcspResponse, RevocationIndex,
    RevocationPolicy, RevocationSource, RevocationStatus, RevokedSerials, VerifiedCrl,
};
pub use signed::{
    Attribute, ContentDigests, ContentHasher, ContentSource, DigestAlgorithm, LegacySha1,
    MAX_ATTRIBUTE_VALUES, MAX_ATTRIBUTES, MAX_REVOCATION_INFOS, MAX_SIGNED_DATA_CERTIFICATES,
    MAX_SIGNED_DATA_SIZE, MAX_SIGNER_CANDIDATES, MAX_SIGNERS, SignedData, SignedDataReport,
    SignedDataVerifier, SignerIdentifier, SignerInfo, SignerReport, VerifiedSignedData,
    VerifiedSigner,
};
pub use time::Validity;
pub use timestamp::{
    MAX_GEN_TIME_FRACTION_DIGITS, MAX_SIGNATURE_TIMESTAMPS, MAX_TST_INFO_EXTENSIONS,
    MAX_TST_INFO_SIZE, TimestampAccuracy, TimestampToken, TimestampVerifier, TstInfo,
    VerifiedTimestamp,
};
pub use timestamp::{
    MAX_STATUS_STRINGS, MAX_TIMESTAMP_REQUEST_EXTENSIONS, MAX_TIMESTAMP_REQUEST_SIZE,
    MAX_TIMESTAMP_RESPONSE_SIZE, PkiFailureInfo, PkiStatus, TimestampRequest, TimestampResponse,
};
pub use verify::{
    DEFAULT_MAX_INTERMEDIATES, DEFAULT_SIGNATURE_BUDGET, MAX_INTERMEDIATES_LIMIT, Profile,
    TrustAnchor, VerifiedCertificate, Verifier,
};
pub use vocab::{
    AnchorPurpose, CertificateKind, CrlReason, Environment, Oid, UnixTime, UnknownReason, Usage,
};

/// The README's example runs as a doctest.
#[cfg(all(doctest, feature = "testkit"))]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

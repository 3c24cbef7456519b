//! Signed documents: CMS SignedData (RFC 5652) made with JPKI certificates — S/MIME
//! applications, `.p7s` files, the inside of every PDF signature.
//!
//! [`SignedData::from_der`] parses a ContentInfo strictly (DER, limits, the version rule);
//! [`SignedDataVerifier`] verifies **every** signer: the attribute rules of RFC 5652 §5.3 to
//! §5.6 and §11 (signed attributes in DER order, contentType and messageDigest present and
//! single-valued, signingTime read and never trusted), the content digest, the signer's
//! certificate — found by issuerAndSerialNumber or subjectKeyIdentifier — verified by the
//! crate's [`Verifier`](crate::Verifier) with the JPKI profile, and the signature. Detached
//! content streams from a reader or from byte ranges ([`ContentHasher`]): memory does not grow
//! with it, signed attributes or not (a signer without them is verified over the content's
//! digest).
//!
//! ```
//! # #[cfg(feature = "testkit")] {
//! use jpki_core::{SignedData, SignedDataVerifier, UnixTime, Verifier, testkit::{CmsBuilder, HolderSpec, TestCa}};
//! let ca = TestCa::new(1);
//! let holder = ca.issue_signing(&HolderSpec::example());
//! let document = b"change-of-address notification".to_vec();
//! let p7s = CmsBuilder::new(document.clone()).detached().signer(&holder).build();
//!
//! let verifier = SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?);
//! let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
//! let signed = SignedData::from_der(&p7s)?;
//! let report = verifier.verify_detached(&signed, &document[..], at).map_err(|_| jpki_core::Error::NoSigner)?;
//! let verified = report.into_verified()?;
//! assert_eq!(verified.signers()[0].basic_four()?.name(), HolderSpec::example().basic_four.name());
//! # }
//! # Ok::<(), jpki_core::Error>(())
//! ```
//!
//! What is not enforced: the order of the unsigned sets (digestAlgorithms, certificates, crls,
//! signerInfos), which some producers do not sort and which no signature covers. SHA-1 is read
//! and refused unless the caller opts in, bounded in time, with [`LegacySha1`] (for CMS signers
//! only, never for certificates).

pub(crate) mod asn1;
pub(crate) mod attributes;
mod content;
mod digest;
mod embedded;
pub(crate) mod oids;
mod policy;
mod report;
mod signed_data;
mod signer_info;
pub(crate) mod timestamps;
mod verifier;

pub use content::{ContentDigests, ContentHasher};
pub use digest::DigestAlgorithm;
pub(crate) use digest::{Hasher, read_into};
pub use policy::LegacySha1;
pub use report::{
    ContentSource, SignedDataReport, SignerReport, VerifiedSignedData, VerifiedSigner,
};
pub use signed_data::SignedData;
pub use signer_info::{Attribute, SignerIdentifier, SignerInfo};
pub use verifier::SignedDataVerifier;

/// The largest SignedData accepted, in bytes (encapsulated content included).
///
/// ```
/// use jpki_core::{Error, MAX_SIGNED_DATA_SIZE, SignedData};
/// assert_eq!(MAX_SIGNED_DATA_SIZE, 32 << 20);
/// assert!(matches!(SignedData::from_der(&vec![0; MAX_SIGNED_DATA_SIZE + 1]), Err(Error::TooLarge { .. })));
/// ```
pub const MAX_SIGNED_DATA_SIZE: usize = 32 << 20;
/// The most SignerInfos (and digestAlgorithms) one SignedData may hold.
///
/// ```
/// use jpki_core::MAX_SIGNERS;
/// assert_eq!(MAX_SIGNERS, 64);
/// ```
pub const MAX_SIGNERS: usize = 64;
/// The most certificates one SignedData may carry.
///
/// ```
/// use jpki_core::MAX_SIGNED_DATA_CERTIFICATES;
/// assert_eq!(MAX_SIGNED_DATA_CERTIFICATES, 256);
/// ```
pub const MAX_SIGNED_DATA_CERTIFICATES: usize = 256;
/// The most CRLs and OCSP responses one SignedData may carry.
///
/// ```
/// use jpki_core::MAX_REVOCATION_INFOS;
/// assert_eq!(MAX_REVOCATION_INFOS, 64);
/// ```
pub const MAX_REVOCATION_INFOS: usize = 64;
/// The most attributes in one SignerInfo's signed or unsigned set.
///
/// ```
/// use jpki_core::MAX_ATTRIBUTES;
/// assert_eq!(MAX_ATTRIBUTES, 64);
/// ```
pub const MAX_ATTRIBUTES: usize = 64;
/// The most values one attribute may hold.
///
/// ```
/// use jpki_core::MAX_ATTRIBUTE_VALUES;
/// assert_eq!(MAX_ATTRIBUTE_VALUES, 16);
/// ```
pub const MAX_ATTRIBUTE_VALUES: usize = 16;
/// The most certificates path-validated for one signer: of the certificates its identifier
/// names, only those whose key verifies the signature are validated, and at most this many, so
/// that look-alike certificates (same issuer and serial, or same key identifier) cannot multiply
/// the work.
///
/// ```
/// use jpki_core::MAX_SIGNER_CANDIDATES;
/// assert_eq!(MAX_SIGNER_CANDIDATES, 4);
/// ```
pub const MAX_SIGNER_CANDIDATES: usize = 4;

#[cfg(test)]
mod tests;

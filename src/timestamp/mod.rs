//! Time-stamps (RFC 3161): trusted evidence of *when* something existed.
//!
//! A JPKI signing certificate is revoked whenever its holder moves, so "is this signature
//! valid now?" is usually the wrong question; "was the certificate valid when it signed?" needs
//! a trustworthy time — never the signer's own signingTime, but a token from a time-stamping
//! authority (TSA). [`TimestampToken`] parses a token strictly (its [`TstInfo`]);
//! [`TimestampVerifier`] verifies it against a **separate** set of TSA trust anchors (never
//! the JPKI ones): the SignedData, the TSA certificate's critical, exclusive
//! id-kp-timeStamping extendedKeyUsage (RFC 3161 §2.3), its validity at genTime, and the ESS
//! signing-certificate(-v2) binding (RFC 2634, RFC 5035); for a bare token over data, that the
//! messageImprint is the data's digest. [`SignedDataVerifier::with_timestamps`](crate::SignedDataVerifier::with_timestamps)
//! reads the signature time-stamps of CAdES-T signers and validates each signer at its token's
//! genTime. For clients, [`TimestampRequest`] builds a TimeStampReq with a 128-bit nonce from
//! the operating system's generator, and [`TimestampResponse::check`] checks the TSA's answer
//! against it (status, nonce, imprint, policy, certReq).
//!
//! Which time for which certificate: the TSA certificate's path (and revocation) is checked
//! at the caller's time, and its validity period must also cover genTime (a TSA key may only
//! stamp while its certificate is valid).

pub(crate) mod asn1;
mod ess;
pub(crate) mod oids;
mod request;
mod response;
mod signature;
mod token;
mod tst_info;

pub use request::{MAX_TIMESTAMP_REQUEST_EXTENSIONS, MAX_TIMESTAMP_REQUEST_SIZE, TimestampRequest};
pub use response::{
    MAX_STATUS_STRINGS, MAX_TIMESTAMP_RESPONSE_SIZE, PkiFailureInfo, PkiStatus, TimestampResponse,
};
pub use signature::MAX_SIGNATURE_TIMESTAMPS;
pub(crate) use token::invalid as timestamp_refusal;
pub use token::{TimestampToken, TimestampVerifier, VerifiedTimestamp};
pub use tst_info::{TimestampAccuracy, TstInfo};

/// The largest TSTInfo accepted, in bytes.
///
/// ```
/// use jpki_core::{Error, MAX_TST_INFO_SIZE, TstInfo};
/// assert_eq!(MAX_TST_INFO_SIZE, 64 << 10);
/// assert!(matches!(TstInfo::from_der(&vec![0; MAX_TST_INFO_SIZE + 1]), Err(Error::TooLarge { .. })));
/// ```
pub const MAX_TST_INFO_SIZE: usize = 64 << 10;
/// The most extensions one TSTInfo may carry.
///
/// ```
/// use jpki_core::MAX_TST_INFO_EXTENSIONS;
/// assert_eq!(MAX_TST_INFO_EXTENSIONS, 16);
/// ```
pub const MAX_TST_INFO_EXTENSIONS: usize = 16;
/// The most fractional-second digits of a genTime (nanoseconds).
///
/// ```
/// use jpki_core::MAX_GEN_TIME_FRACTION_DIGITS;
/// assert_eq!(MAX_GEN_TIME_FRACTION_DIGITS, 9);
/// ```
pub const MAX_GEN_TIME_FRACTION_DIGITS: usize = 9;

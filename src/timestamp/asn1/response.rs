//! RFC 3161 §2.4.2 (with PKIStatusInfo from RFC 4210 §5.2.3, as RFC 3161 quotes it).
//!
//! ```text
//! TimeStampResp ::= SEQUENCE {
//!   status         PKIStatusInfo,
//!   timeStampToken TimeStampToken OPTIONAL }
//!
//! PKIStatusInfo ::= SEQUENCE {
//!   status       PKIStatus,
//!   statusString PKIFreeText    OPTIONAL,
//!   failInfo     PKIFailureInfo OPTIONAL }
//!
//! PKIStatus ::= INTEGER {
//!   granted(0), grantedWithMods(1), rejection(2), waiting(3),
//!   revocationWarning(4), revocationNotification(5) }
//!
//! PKIFreeText ::= SEQUENCE SIZE (1..MAX) OF UTF8String
//!
//! PKIFailureInfo ::= BIT STRING {
//!   badAlg(0), badRequest(2), badDataFormat(5), timeNotAvailable(14),
//!   unacceptedPolicy(15), unacceptedExtension(16), addInfoNotAvailable(17),
//!   systemFailure(25) }
//!
//! TimeStampToken ::= ContentInfo
//! ```
//!
//! The token is kept as its element (a SEQUENCE, checked by the caller) and parsed by
//! `TimestampToken::from_der`; statusString is kept as its bytes and split against a limit.

use der::Sequence;
use der::asn1::{AnyRef, BitStringRef, IntRef};

use super::SequenceBody;

/// `PKIStatusInfo`.
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub(crate) struct PkiStatusInfo<'a> {
    pub status: IntRef<'a>,
    #[asn1(optional = "true")]
    pub status_string: Option<SequenceBody<'a>>,
    #[asn1(optional = "true")]
    pub fail_info: Option<BitStringRef<'a>>,
}

/// `TimeStampResp`.
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub(crate) struct TimeStampResp<'a> {
    pub status: PkiStatusInfo<'a>,
    #[asn1(optional = "true")]
    pub time_stamp_token: Option<AnyRef<'a>>,
}

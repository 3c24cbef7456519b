//! RFC 3161 §2.4.1.
//!
//! ```text
//! TimeStampReq ::= SEQUENCE {
//!   version        INTEGER { v1(1) },
//!   messageImprint MessageImprint,
//!   reqPolicy      TSAPolicyId             OPTIONAL,
//!   nonce          INTEGER                 OPTIONAL,
//!   certReq        BOOLEAN                 DEFAULT FALSE,
//!   extensions     [0] IMPLICIT Extensions OPTIONAL }
//!
//! TSAPolicyId ::= OBJECT IDENTIFIER
//! ```
//!
//! `certReq` is read as an optional BOOLEAN so that an encoded FALSE (which DER forbids for a
//! DEFAULT value) can be refused, as TSTInfo's `ordering` is.

use der::Sequence;
use der::asn1::{IntRef, ObjectIdentifier};

use super::{MessageImprint, SequenceBody};

/// `TimeStampReq`.
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub(crate) struct TimeStampReq<'a> {
    pub version: IntRef<'a>,
    pub message_imprint: MessageImprint<'a>,
    #[asn1(optional = "true")]
    pub req_policy: Option<ObjectIdentifier>,
    #[asn1(optional = "true")]
    pub nonce: Option<IntRef<'a>>,
    #[asn1(optional = "true")]
    pub cert_req: Option<bool>,
    #[asn1(
        context_specific = "0",
        tag_mode = "IMPLICIT",
        optional = "true",
        constructed = "true"
    )]
    pub extensions: Option<SequenceBody<'a>>,
}

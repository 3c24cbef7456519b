//! RFC 5652 §3 and §5.2: the outer wrapper and the encapsulated content.
//!
//! ```text
//! ContentInfo ::= SEQUENCE {
//!   contentType ContentType,
//!   content [0] EXPLICIT ANY DEFINED BY contentType }
//!
//! EncapsulatedContentInfo ::= SEQUENCE {
//!   eContentType ContentType,
//!   eContent [0] EXPLICIT OCTET STRING OPTIONAL }
//! ```

use der::Sequence;
use der::asn1::{AnyRef, ObjectIdentifier, OctetStringRef};

/// `ContentInfo`.
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub(crate) struct ContentInfo<'a> {
    pub content_type: ObjectIdentifier,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT")]
    pub content: AnyRef<'a>,
}

/// `EncapsulatedContentInfo` (`eContent` absent: detached content).
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub(crate) struct EncapsulatedContentInfo<'a> {
    pub e_content_type: ObjectIdentifier,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    pub e_content: Option<&'a OctetStringRef>,
}

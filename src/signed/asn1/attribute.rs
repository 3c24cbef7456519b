//! RFC 5652 §5.3 (from X.501).
//!
//! ```text
//! Attribute ::= SEQUENCE {
//!   attrType OBJECT IDENTIFIER,
//!   attrValues SET OF AttributeValue }
//!
//! AttributeValue ::= ANY
//! ```

use der::Sequence;
use der::asn1::ObjectIdentifier;

use super::SetBody;

/// `Attribute` (the values kept as the bytes of their SET OF).
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub(crate) struct Attribute<'a> {
    pub attr_type: ObjectIdentifier,
    pub attr_values: SetBody<'a>,
}

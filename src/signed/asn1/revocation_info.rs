//! RFC 5652 §10.2.1 and RFC 5940 §3 (OCSP responses as other revocation information).
//!
//! ```text
//! RevocationInfoChoice ::= CHOICE {
//!   crl CertificateList,
//!   other [1] IMPLICIT OtherRevocationInfoFormat }
//!
//! OtherRevocationInfoFormat ::= SEQUENCE {
//!   otherRevInfoFormat OBJECT IDENTIFIER,
//!   otherRevInfo ANY DEFINED BY otherRevInfoFormat }
//!
//! id-ri-ocsp-response OBJECT IDENTIFIER ::= { id-ri 2 }  -- otherRevInfo: OCSPResponse
//! ```
//!
//! The choice is made on the element's tag (a `CertificateList` is a SEQUENCE, decoded by the
//! crate's CRL parser).

use der::Sequence;
use der::asn1::{AnyRef, ObjectIdentifier};

/// `OtherRevocationInfoFormat`, decoded from the contents of the `[1]` alternative.
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub(crate) struct OtherRevocationInfoFormat<'a> {
    pub other_rev_info_format: ObjectIdentifier,
    pub other_rev_info: AnyRef<'a>,
}

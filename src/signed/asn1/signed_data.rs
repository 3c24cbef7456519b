//! RFC 5652 §5.1.
//!
//! ```text
//! SignedData ::= SEQUENCE {
//!   version CMSVersion,
//!   digestAlgorithms DigestAlgorithmIdentifiers,
//!   encapContentInfo EncapsulatedContentInfo,
//!   certificates [0] IMPLICIT CertificateSet OPTIONAL,
//!   crls [1] IMPLICIT RevocationInfoChoices OPTIONAL,
//!   signerInfos SignerInfos }
//!
//! DigestAlgorithmIdentifiers ::= SET OF DigestAlgorithmIdentifier
//! SignerInfos ::= SET OF SignerInfo
//! CertificateSet ::= SET OF CertificateChoices
//! RevocationInfoChoices ::= SET OF RevocationInfoChoice
//! ```
//!
//! The four sets are kept as bytes and split with a limit (see the module above).

use der::Sequence;

use super::{EncapsulatedContentInfo, SetBody};

/// `SignedData`.
#[derive(Clone, Debug, PartialEq, Eq, Sequence)]
pub(crate) struct SignedData<'a> {
    pub version: u8,
    pub digest_algorithms: SetBody<'a>,
    pub encap_content_info: EncapsulatedContentInfo<'a>,
    #[asn1(
        context_specific = "0",
        tag_mode = "IMPLICIT",
        optional = "true",
        constructed = "true"
    )]
    pub certificates: Option<SetBody<'a>>,
    #[asn1(
        context_specific = "1",
        tag_mode = "IMPLICIT",
        optional = "true",
        constructed = "true"
    )]
    pub crls: Option<SetBody<'a>>,
    pub signer_infos: SetBody<'a>,
}

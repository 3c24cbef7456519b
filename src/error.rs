//! The crate's one error type.
//!
//! Every way an input can be refused has its own variant, so that callers (and tests) can tell
//! *which* rule failed without parsing a message. The enum is `#[non_exhaustive]`: later releases
//! add variants for new checks without a breaking change.

use core::fmt;

/// What was wrong with the DER encoding of an object.
///
/// This is the crate's own summary of the `der` crate's error kinds, so that the public API does
/// not depend on the version of `der` in use.
///
/// ```
/// use jpki_core::{Certificate, DerProblem, Error};
/// // A certificate SEQUENCE followed by a stray byte.
/// let err = Certificate::from_der(&[0x30, 0x00, 0x00]).unwrap_err();
/// assert!(matches!(err, Error::BadDer { problem: DerProblem::TrailingData | DerProblem::InvalidValue | DerProblem::Truncated | DerProblem::UnexpectedTag, .. }));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DerProblem {
    /// The input ended before the object did.
    Truncated,
    /// Bytes follow the end of the outermost object.
    TrailingData,
    /// A BER indefinite length (`0x80`) was used; DER requires definite lengths.
    IndefiniteLength,
    /// A length or value was not encoded in its one canonical (minimal) DER form, or a length
    /// is impossible for its type.
    NonCanonical,
    /// A tag other than the one the structure requires.
    UnexpectedTag,
    /// A value with the right tag but an impossible content (e.g. a malformed OID or time).
    InvalidValue,
    /// Any other encoding fault.
    Other,
}

impl fmt::Display for DerProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Truncated => "input is truncated",
            Self::TrailingData => "trailing data after the object",
            Self::IndefiniteLength => "indefinite length (BER) is not DER",
            Self::NonCanonical => "non-canonical (non-minimal) encoding",
            Self::UnexpectedTag => "unexpected tag",
            Self::InvalidValue => "invalid value",
            Self::Other => "malformed encoding",
        })
    }
}

impl DerProblem {
    pub(crate) fn from_der(err: &der::Error) -> Self {
        use der::ErrorKind as K;
        match err.kind() {
            K::Incomplete { .. } => Self::Truncated,
            K::TrailingData { .. } => Self::TrailingData,
            K::IndefiniteLength => Self::IndefiniteLength,
            // `der` reports a non-minimal length in a header as a `Length` error.
            K::Noncanonical { .. } | K::Overlength | K::SetOrdering | K::Length { .. } => {
                Self::NonCanonical
            }
            K::TagUnexpected { .. } | K::TagUnknown { .. } | K::TagNumberInvalid => {
                Self::UnexpectedTag
            }
            K::Value { .. } | K::OidMalformed | K::DateTime | K::Utf8(_) => Self::InvalidValue,
            _ => Self::Other,
        }
    }
}

/// Everything that can go wrong in this crate.
///
/// ```
/// use jpki_core::{Certificate, Error};
/// // Every refusal is a variant that says what was wrong; nothing panics.
/// let refused = Certificate::from_der(&[0x30, 0x03, 0x02, 0x01]);
/// assert!(matches!(refused, Err(Error::BadDer { .. })));
/// if let Err(Error::BadDer { context, problem }) = refused {
///     println!("{context}: {problem}");
/// }
/// assert_eq!(Error::Expired.check_name(), "expired");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The DER encoding of `context` is invalid.
    #[error("malformed {context}: {problem}")]
    BadDer {
        /// Which structure was being decoded (e.g. `"certificate"`, `"subjectAltName"`).
        context: &'static str,
        /// What was wrong with it.
        problem: DerProblem,
    },
    /// The input is not valid PEM, or holds no block of the expected label.
    #[error("bad PEM: {0}")]
    BadPem(&'static str),
    /// An object is larger than the crate accepts.
    #[error("{what} is {size} bytes, over the limit of {limit}")]
    TooLarge {
        /// What was too large.
        what: &'static str,
        /// Its size.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// The certificate is not version 3 (or the CRL not version 2).
    #[error("version {0} is not supported (certificates must be v3, CRLs v2)")]
    UnsupportedVersion(u8),
    /// The serial number is negative.
    #[error("serial number is negative")]
    NegativeSerial,
    /// The serial number is zero (RFC 5280 requires a positive integer).
    #[error("serial number is zero")]
    ZeroSerial,
    /// The serial number's value needs more than 20 octets.
    #[error("serial number is {0} octets long, over the limit of 20")]
    SerialTooLong(usize),
    /// The outer signature algorithm differs from the one inside the TBS certificate.
    #[error("signature algorithm in the TBS differs from the outer one")]
    SignatureAlgorithmMismatch,
    /// The validity period cannot be represented or is inverted.
    #[error("bad validity: {0}")]
    BadValidity(&'static str),
    /// An extension appears twice.
    #[error("extension {0} appears more than once")]
    DuplicateExtension(String),
    /// An extension is marked critical but this crate does not process it.
    #[error("unknown critical extension {0}")]
    UnknownCriticalExtension(String),
    /// A known extension's value is malformed or violates its RFC 5280 rules.
    #[error("malformed extension {oid}: {reason}")]
    BadExtension {
        /// The extension's OID (dotted form).
        oid: String,
        /// What was wrong.
        reason: &'static str,
    },
    /// A distinguished-name attribute value is not valid for its string type.
    #[error("invalid {string_type} in a distinguished name")]
    BadNameString {
        /// The ASN.1 string type whose contents were invalid.
        string_type: &'static str,
    },
    /// A signature does not verify.
    #[error("bad signature")]
    BadSignature,
    /// A signature or key algorithm this crate does not support.
    #[error("unsupported algorithm {0}")]
    UnsupportedAlgorithm(crate::Oid),
    /// A key outside the crate's key policy (RSA 2048–4096 bits with an odd exponent > 1,
    /// or a P-256 point).
    #[error("unsupported key: {0}")]
    UnsupportedKey(&'static str),
    /// A certificate in the path is past its notAfter at the verification time.
    #[error("certificate expired")]
    Expired,
    /// A certificate in the path is before its notBefore at the verification time.
    #[error("certificate not yet valid")]
    NotYetValid,
    /// No trust anchor or intermediate issued the certificate (by name, key identifier and
    /// signature).
    #[error("unknown issuer: no path to a trust anchor")]
    UnknownIssuer,
    /// An issuing certificate is not allowed to issue: not a CA, or no keyCertSign.
    #[error("CA constraints violated: {0}")]
    CaConstraints(&'static str),
    /// The path is longer than an issuer's pathLenConstraint or the verifier's maximum.
    #[error("path too long: {0}")]
    PathTooLong(&'static str),
    /// Path building used up its fixed budget of signature checks.
    #[error("path building gave up after {0} signature checks")]
    BudgetExceeded(usize),
    /// The certificate is of the other JPKI kind than the usage requires (a user-authentication
    /// certificate presented for signing, or the reverse), or a CA presented as an end entity.
    #[error("a {found} certificate cannot be used for {required}")]
    WrongCertificateKind {
        /// The usage the caller required.
        required: crate::Usage,
        /// The kind the certificate is.
        found: crate::CertificateKind,
    },
    /// The certificate's keyUsage or certificatePolicies do not allow the required usage.
    #[error("usage not allowed: {0}")]
    UsageNotAllowed(&'static str),
    /// The certificate was revoked at or before the verification time (or its key was
    /// invalid from an earlier invalidityDate).
    #[error("certificate revoked at {revoked_at}{}{}", reason.map(|r| format!(" ({r})")).unwrap_or_default(), invalid_since.map(|t| format!(", invalid since {t}")).unwrap_or_default())]
    Revoked {
        /// revocationDate.
        revoked_at: crate::UnixTime,
        /// reasonCode, if given.
        reason: Option<crate::CrlReason>,
        /// invalidityDate, when the CRL entry gives one earlier than revocationDate: the
        /// certificate counts as revoked from this time on.
        invalid_since: Option<crate::UnixTime>,
    },
    /// Revocation status could not be decided and soft-fail was not chosen.
    #[error("revocation status unknown: {0}")]
    RevocationUnknown(crate::UnknownReason),
    /// The CRL was not issued by the CA it was checked against (name or key identifier).
    #[error("the CRL's issuer is not this CA")]
    CrlIssuerMismatch,
    /// A CRL is not newer (cRLNumber, else thisUpdate) than the one already loaded for its
    /// partition.
    #[error("the CRL is not newer than the one already loaded")]
    CrlNotNewer,
    /// A CRL that breaks a rule RFC 5280 §5 sets for a usable CRL.
    #[error("CRL refused: {0}")]
    CrlRefused(CrlRefusal),
    /// The trust anchor a path ended at is not for this leaf under the JPKI profile (another
    /// purpose or environment, or an anchor nobody labelled).
    #[error("trust anchor not for this certificate: {0}")]
    AnchorMismatch(AnchorMismatch),
    /// A CRL of a kind this crate does not process (indirect, partial reasons).
    #[error("unsupported CRL: {0}")]
    UnsupportedCrl(&'static str),
    /// An OCSP request this crate does not represent (signed, several certificates, …).
    #[error("unsupported OCSP request: {0}")]
    UnsupportedOcspRequest(&'static str),
    /// The OCSP responder answered with an unsuccessful responseStatus (the code is given).
    #[error("OCSP response status {0} (not successful)")]
    OcspUnsuccessful(u8),
    /// The OCSP response was not signed by the CA or a responder the CA authorised.
    #[error("OCSP responder not authorised: {0}")]
    OcspResponderNotAuthorized(&'static str),
    /// The OCSP response has no SingleResponse for the certificate asked about.
    #[error("the OCSP response does not cover the certificate (CertID mismatch)")]
    OcspCertIdMismatch,
    /// The OCSP response does not echo the request's nonce.
    #[error("the OCSP response does not echo the request's nonce")]
    OcspNonceMismatch,
    /// The certificate fits none of the JPKI certificate kinds.
    #[error("not a recognisable JPKI certificate: {0}")]
    NotJpki(&'static str),
    /// The certificate's JPKI signals contradict each other.
    #[error("inconsistent JPKI certificate: {0}")]
    InconsistentKind(&'static str),
    /// The certificate carries no basic four items (e.g. a user-authentication certificate).
    #[error("the certificate carries no basic four items")]
    NoBasicFourInfo,
    /// One of the six basic-four-items entries is missing from subjectAltName.
    #[error("basic four items: {0} is missing")]
    BasicFourMissing(BasicFourItem),
    /// One of the six basic-four-items entries appears more than once.
    #[error("basic four items: {0} appears more than once")]
    BasicFourDuplicate(BasicFourItem),
    /// An item's value is not a UTF8String.
    #[error("basic four items: {0} is not a UTF8String")]
    BasicFourWrongType(BasicFourItem),
    /// An item's value is not acceptable text (empty, control characters, too long).
    #[error("basic four items: {item} is invalid: {reason}")]
    BasicFourBadText {
        /// The item.
        item: BasicFourItem,
        /// What was wrong.
        reason: &'static str,
    },
    /// The date of birth does not follow `EYYYYMMDD` or is not a date.
    #[error("basic four items: bad date of birth: {0}")]
    BadDateOfBirth(&'static str),
    /// The sex code is not `1`, `2` or `3`.
    #[error("basic four items: sex code {0:?} is not 1, 2 or 3")]
    BadSexCode(String),
    /// A substitute-character flag string is malformed or does not match its field's length.
    #[error("basic four items: {item} substitute flags invalid: {reason}")]
    BadSubstituteFlags {
        /// The item the flags describe (name or address).
        item: BasicFourItem,
        /// What was wrong.
        reason: &'static str,
    },
}

/// Why a CRL was refused when it was loaded: each an RFC 5280 §5 rule without which the CRL
/// could be read as saying more than it does.
///
/// ```
/// use jpki_core::{CrlRefusal, Error};
/// // A CRL without nextUpdate would be "fresh" forever: it is refused at load.
/// let e = Error::CrlRefused(CrlRefusal::NoNextUpdate);
/// assert_eq!(e.to_string(), "CRL refused: nextUpdate is missing (RFC 5280 §5.1.2.5)");
/// assert_eq!(e.check_name(), "malformed");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CrlRefusal {
    /// No nextUpdate: conforming CRL issuers MUST include it (§5.1.2.5); without it nothing
    /// says when the CRL stops speaking.
    NoNextUpdate,
    /// nextUpdate is before thisUpdate.
    NextUpdateBeforeThisUpdate,
    /// No cRLNumber: conforming CRL issuers MUST include it (§5.2.3).
    NoCrlNumber,
    /// cRLNumber marked critical: it MUST be non-critical (§5.2.3).
    CriticalCrlNumber,
}

impl fmt::Display for CrlRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NoNextUpdate => "nextUpdate is missing (RFC 5280 §5.1.2.5)",
            Self::NextUpdateBeforeThisUpdate => "nextUpdate is before thisUpdate",
            Self::NoCrlNumber => "cRLNumber is missing (RFC 5280 §5.2.3)",
            Self::CriticalCrlNumber => "cRLNumber is marked critical (RFC 5280 §5.2.3)",
        })
    }
}

/// How the trust anchor that a path reached fails to fit the leaf under
/// [`Profile::Jpki`](crate::Profile::Jpki).
///
/// ```
/// use jpki_core::{AnchorMismatch, AnchorPurpose, CertificateKind, Error};
/// let e = Error::AnchorMismatch(AnchorMismatch::Purpose {
///     anchor: AnchorPurpose::UserAuthentication,
///     leaf: CertificateKind::Signing,
/// });
/// assert_eq!(e.check_name(), "wrong_anchor");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AnchorMismatch {
    /// The anchor serves another purpose than the leaf's kind (a signing certificate under a
    /// user-authentication root, or the reverse).
    Purpose {
        /// The anchor's purpose.
        anchor: crate::AnchorPurpose,
        /// The leaf's kind.
        leaf: crate::CertificateKind,
    },
    /// The anchor belongs to another environment than the leaf's certificate policy (a
    /// production root and a test-card policy, or the reverse).
    Environment {
        /// The anchor's environment, `None` if neither read from it nor given.
        anchor: Option<crate::Environment>,
        /// The environment the leaf's policy or issuer names.
        leaf: crate::Environment,
    },
}

impl fmt::Display for AnchorMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Purpose { anchor, leaf } => {
                write!(f, "a {leaf} certificate under a {anchor} anchor")
            }
            Self::Environment {
                anchor: Some(a),
                leaf,
            } => write!(
                f,
                "a {} certificate under a {} anchor",
                leaf.as_str(),
                a.as_str()
            ),
            Self::Environment { anchor: None, leaf } => write!(
                f,
                "a {} certificate under an anchor of no known environment",
                leaf.as_str()
            ),
        }
    }
}

/// The six subjectAltName entries that carry the basic four items (基本4情報).
///
/// ```
/// use jpki_core::{BasicFourInfo, BasicFourItem, DateOfBirth, Era, Sex};
/// let before = BasicFourInfo::new("佐藤 花子", DateOfBirth::new(Era::Showa, 1975, 1, 2)?, Sex::Female, "東京都千代田区霞が関1-1")?;
/// let after = BasicFourInfo::new("佐藤 花子", DateOfBirth::new(Era::Showa, 1975, 1, 2)?, Sex::Female, "大阪府大阪市北区中之島1-3-20")?;
/// assert!(before.changed_items(&after).contains(&BasicFourItem::Address));
/// assert!(!before.changed_items(&after).contains(&BasicFourItem::Name));
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum BasicFourItem {
    /// 1.2.392.200149.8.5.5.1 — name (氏名).
    Name,
    /// 1.2.392.200149.8.5.5.2 — substitute-character positions of the name.
    NameSubstitutes,
    /// 1.2.392.200149.8.5.5.3 — sex (性別).
    Sex,
    /// 1.2.392.200149.8.5.5.4 — date of birth (生年月日).
    DateOfBirth,
    /// 1.2.392.200149.8.5.5.5 — address (住所).
    Address,
    /// 1.2.392.200149.8.5.5.6 — substitute-character positions of the address.
    AddressSubstitutes,
}

impl fmt::Display for BasicFourItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Name => "name",
            Self::NameSubstitutes => "name substitute flags",
            Self::Sex => "sex",
            Self::DateOfBirth => "date of birth",
            Self::Address => "address",
            Self::AddressSubstitutes => "address substitute flags",
        })
    }
}

impl Error {
    /// A short, stable name for the check that failed, as the `verify` example prints it:
    /// `expired`, `not_yet_valid`, `bad_signature`, `unknown_issuer`, `wrong_usage`,
    /// `ca_constraints`, `path_too_long`, `unsupported_algorithm`,
    /// `unknown_critical_extension`, `revoked`, `revocation_unknown`, `wrong_anchor` or
    /// `malformed`.
    ///
    /// ```
    /// assert_eq!(jpki_core::Error::Expired.check_name(), "expired");
    /// ```
    pub fn check_name(&self) -> &'static str {
        match self {
            Self::Expired => "expired",
            Self::NotYetValid => "not_yet_valid",
            Self::BadSignature => "bad_signature",
            Self::UnknownIssuer | Self::BudgetExceeded(_) => "unknown_issuer",
            Self::WrongCertificateKind { .. }
            | Self::UsageNotAllowed(_)
            | Self::NotJpki(_)
            | Self::InconsistentKind(_) => "wrong_usage",
            Self::CaConstraints(_) => "ca_constraints",
            Self::PathTooLong(_) => "path_too_long",
            Self::UnsupportedAlgorithm(_) | Self::UnsupportedKey(_) => "unsupported_algorithm",
            Self::UnknownCriticalExtension(_) => "unknown_critical_extension",
            Self::Revoked { .. } => "revoked",
            Self::OcspResponderNotAuthorized(_) => "bad_signature",
            Self::RevocationUnknown(_) => "revocation_unknown",
            Self::AnchorMismatch(_) => "wrong_anchor",
            _ => "malformed",
        }
    }

    /// `Ok` if `size` is within `limit`, else [`Error::TooLarge`] naming `what`: the one form of
    /// every resource-limit check.
    pub(crate) fn at_most(what: &'static str, size: usize, limit: usize) -> Result<(), Self> {
        if size > limit {
            return Err(Self::TooLarge { what, size, limit });
        }
        Ok(())
    }

    /// Wraps a `der` error met while decoding `context`.
    pub(crate) fn der(context: &'static str, err: &der::Error) -> Self {
        Self::BadDer {
            context,
            problem: DerProblem::from_der(err),
        }
    }

    /// A closure for `map_err` that wraps a `der` error met while decoding `context`.
    pub(crate) fn der_in(context: &'static str) -> impl Fn(der::Error) -> Self {
        move |e| Self::der(context, &e)
    }
}

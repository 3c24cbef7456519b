//! The crate's one error type: a variant per rule of the lifecycle, a typed reason where a rule
//! has several, and the certificate errors of jpki-core unchanged inside.

use core::fmt;

/// Everything that can go wrong in jpki-linkage.
///
/// ```
/// use jpki_linkage::{ChallengeRefusal, Error};
/// let e = Error::ChallengeRefused(ChallengeRefusal::Expired);
/// assert_eq!(e.to_string(), "challenge refused: the challenge expired");
/// // Certificate and verification errors keep their jpki-core variant.
/// let core: Error = jpki_core::Error::BadSignature.into();
/// assert!(matches!(core, Error::Certificate(jpki_core::Error::BadSignature)));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A certificate or verification error from jpki-core (e.g. the certificate given is not
    /// of the kind the operation needs).
    #[error(transparent)]
    Certificate(#[from] jpki_core::Error),
    /// No private ID is linked to the certificate presented.
    #[error("no private ID is linked to this certificate")]
    UnknownCertificate,
    /// The private ID does not exist.
    #[error("unknown private ID")]
    UnknownPrivateId,
    /// The private ID is retired.
    #[error("the private ID is retired")]
    IdRetired,
    /// Personal data can only be deleted once the ID is retired.
    #[error("the private ID is not retired")]
    NotRetired,
    /// The new certificate is not the same person's under the re-proofing policy.
    #[error("re-proofing refused: not the same person under the policy")]
    ReproofMismatch,
    /// The certificate is already linked to another private ID.
    #[error("the certificate is linked to another private ID")]
    CertificateLinkedElsewhere,
    /// A private ID's text form is not 32 hexadecimal digits.
    #[error("not a private ID (32 hexadecimal digits)")]
    BadPrivateId,
    /// A login challenge was refused.
    #[error("challenge refused: {0}")]
    ChallengeRefused(ChallengeRefusal),
    /// The linkage store failed.
    #[error("linkage store failure: {0}")]
    Store(StoreFailure),
}

/// Why a login challenge was refused.
///
/// ```
/// use jpki_linkage::ChallengeRefusal;
/// assert_eq!(ChallengeRefusal::UnknownOrUsed.to_string(), "unknown or already used challenge");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ChallengeRefusal {
    /// Not answered with a user-authentication certificate.
    NotUserAuthentication,
    /// The answer names no challenge this service issued (wrong length).
    Unknown,
    /// No pending challenge has this value: never issued, or already used (a replay).
    UnknownOrUsed,
    /// The challenge was issued to another session.
    OtherSession,
    /// The challenge expired before it was answered.
    Expired,
}

impl fmt::Display for ChallengeRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NotUserAuthentication => "not answered with a user-authentication certificate",
            Self::Unknown => "unknown challenge",
            Self::UnknownOrUsed => "unknown or already used challenge",
            Self::OtherSession => "the challenge was issued to another session",
            Self::Expired => "the challenge expired",
        })
    }
}

/// How the linkage store failed.
///
/// ```
/// use jpki_linkage::StoreFailure;
/// assert_eq!(StoreFailure::CorruptRecord.to_string(), "a stored record does not decode");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StoreFailure {
    /// A stored record does not decode (a damaged or foreign store file).
    CorruptRecord,
    /// A stored audit event does not decode.
    CorruptEvent,
    /// A stored private ID does not decode.
    CorruptId,
    /// A value could not be encoded for storage.
    Encoding,
    /// A lock was poisoned by a thread that panicked while holding it.
    Poisoned,
    /// A worker thread of a parallel sweep failed.
    WorkerFailed,
    /// The database backend failed (I/O, transaction, file lock): its own message.
    Backend(String),
}

impl fmt::Display for StoreFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::CorruptRecord => f.write_str("a stored record does not decode"),
            Self::CorruptEvent => f.write_str("a stored audit event does not decode"),
            Self::CorruptId => f.write_str("a stored private ID does not decode"),
            Self::Encoding => f.write_str("a value could not be encoded for storage"),
            Self::Poisoned => f.write_str("a lock was poisoned"),
            Self::WorkerFailed => f.write_str("a sweep worker thread failed"),
            Self::Backend(m) => write!(f, "database: {m}"),
        }
    }
}

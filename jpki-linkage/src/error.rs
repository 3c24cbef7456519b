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
    /// The certificate is linked to this private ID but no longer active (revoked,
    /// superseded or unlinked): it cannot log in or be re-proofed with.
    #[error("the certificate is no longer active for this private ID")]
    CertificateNotActive,
    /// The verified certificate names no issuing CA, so it has no issuer-qualified key.
    #[error("the certificate's issuing CA is not known")]
    IssuerUnknown,
    /// The linkage store failed; [`Error::is_retryable`] says whether trying the whole
    /// operation again may succeed.
    #[error("linkage store failure: {0}")]
    Store(StoreFailure),
}

impl Error {
    /// Whether the operation may succeed if tried again as a whole: the database was
    /// unreachable, timed out, or kept conflicting with concurrent transactions. Nothing of a
    /// failed operation was written, so trying again is safe.
    ///
    /// ```
    /// use jpki_linkage::{Error, StoreFailure, TimeoutKind};
    /// assert!(Error::Store(StoreFailure::Timeout(TimeoutKind::Connect)).is_retryable());
    /// assert!(!Error::Store(StoreFailure::CorruptRecord).is_retryable());
    /// assert!(!Error::UnknownPrivateId.is_retryable());
    /// ```
    pub fn is_retryable(&self) -> bool {
        matches!(self, Self::Store(f) if f.is_retryable())
    }
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

/// How the linkage store failed: a variant per kind of failure, no free text. The database
/// variants say whether a retry may help ([`StoreFailure::is_retryable`]).
///
/// ```
/// use jpki_linkage::StoreFailure;
/// assert_eq!(StoreFailure::CorruptRecord.to_string(), "a stored record does not decode");
/// assert_eq!(
///     StoreFailure::SchemaVersion { found: 9, supported: 2 }.to_string(),
///     "the store has schema version 9; this release reads version 2"
/// );
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
    /// The store was written by another schema version than this release reads (a newer
    /// release, or an older one that needs the documented conversion).
    SchemaVersion {
        /// The version the store holds.
        found: u64,
        /// The version this release reads and writes.
        supported: u64,
    },
    /// An input/output error of the store's file or connection.
    Io(std::io::ErrorKind),
    /// The store's file is already open in another process (redb locks it).
    AlreadyOpen,
    /// The database file or server reports damage (redb: a corrupted file).
    CorruptDatabase,
    /// A value is larger than the database accepts.
    ValueTooLarge,
    /// The database is unreachable or the connection broke (server down, restarting, network):
    /// retryable.
    Unavailable,
    /// The database did not answer in time: retryable.
    Timeout(TimeoutKind),
    /// Concurrent transactions kept conflicting after every retry the store makes by itself:
    /// retryable.
    Conflict(ConflictKind),
    /// The database refused a statement: its SQLSTATE code (five characters), for example
    /// `42501` for a missing privilege. Not retryable.
    Refused(SqlState),
    /// The database answered in a form the store does not expect (a column of another type, a
    /// protocol error).
    Protocol,
    /// The database connection string does not parse.
    BadConnectionString,
    /// A schema name that is not a plain lowercase identifier (`[a-z_][a-z0-9_]*`, at most 63
    /// characters).
    BadSchemaName,
}

impl StoreFailure {
    /// Whether trying the operation again may succeed.
    ///
    /// ```
    /// use jpki_linkage::{ConflictKind, StoreFailure};
    /// assert!(StoreFailure::Unavailable.is_retryable());
    /// assert!(StoreFailure::Conflict(ConflictKind::Serialization).is_retryable());
    /// assert!(!StoreFailure::AlreadyOpen.is_retryable());
    /// ```
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            Self::Unavailable | Self::Timeout(_) | Self::Conflict(_)
        )
    }
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
            Self::SchemaVersion { found, supported } => write!(
                f,
                "the store has schema version {found}; this release reads version {supported}"
            ),
            Self::Io(kind) => write!(f, "input/output error: {kind}"),
            Self::AlreadyOpen => f.write_str("the store is already open in another process"),
            Self::CorruptDatabase => f.write_str("the database reports damage"),
            Self::ValueTooLarge => f.write_str("a value is too large for the database"),
            Self::Unavailable => f.write_str("the database is unavailable"),
            Self::Timeout(kind) => write!(f, "the database timed out ({kind})"),
            Self::Conflict(kind) => write!(f, "concurrent transactions kept conflicting ({kind})"),
            Self::Refused(code) => {
                write!(f, "the database refused the statement (SQLSTATE {code})")
            }
            Self::Protocol => f.write_str("the database answered in an unexpected form"),
            Self::BadConnectionString => f.write_str("the connection string does not parse"),
            Self::BadSchemaName => f.write_str("not a plain lowercase schema name"),
        }
    }
}

/// What timed out.
///
/// ```
/// use jpki_linkage::TimeoutKind;
/// assert_eq!(TimeoutKind::Statement.to_string(), "statement");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// Connecting to the server.
    Connect,
    /// Waiting for a free connection of the pool.
    Pool,
    /// A statement ran longer than the statement timeout.
    Statement,
}

impl fmt::Display for TimeoutKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Connect => "connect",
            Self::Pool => "pool",
            Self::Statement => "statement",
        })
    }
}

/// Which conflict between concurrent transactions persisted.
///
/// ```
/// use jpki_linkage::ConflictKind;
/// assert_eq!(ConflictKind::Deadlock.to_string(), "deadlock");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ConflictKind {
    /// A serialization failure (SQLSTATE 40001).
    Serialization,
    /// A deadlock (SQLSTATE 40P01).
    Deadlock,
    /// A unique constraint raced by a concurrent insert (SQLSTATE 23505).
    UniqueViolation,
}

impl fmt::Display for ConflictKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Serialization => "serialization failure",
            Self::Deadlock => "deadlock",
            Self::UniqueViolation => "unique violation",
        })
    }
}

/// A SQLSTATE code: five ASCII letters or digits.
///
/// ```
/// use jpki_linkage::SqlState;
/// let code = SqlState::new("42501").ok_or(jpki_linkage::Error::BadPrivateId)?;
/// assert_eq!(code.to_string(), "42501");
/// assert!(SqlState::new("4250").is_none());
/// # Ok::<(), jpki_linkage::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SqlState([u8; 5]);

impl SqlState {
    /// The code, if `code` is five ASCII letters or digits.
    ///
    /// ```
    /// use jpki_linkage::SqlState;
    /// assert!(SqlState::new("40001").is_some());
    /// assert!(SqlState::new("4000é").is_none());
    /// ```
    pub fn new(code: &str) -> Option<Self> {
        let b: [u8; 5] = code.as_bytes().try_into().ok()?;
        b.iter().all(u8::is_ascii_alphanumeric).then_some(Self(b))
    }
}

impl fmt::Display for SqlState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0
            .iter()
            .try_for_each(|b| write!(f, "{}", char::from(*b)))
    }
}

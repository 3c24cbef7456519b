//! PostgreSQL errors as typed store failures: what may be retried (conflicts, the server down
//! or restarting, timeouts) and what may not, by SQLSTATE, never by message text.

use postgres::error::SqlState as Code;

use crate::{ConflictKind, Error, SqlState, StoreFailure, TimeoutKind};

/// Where the error happened: a failure to connect is a connect timeout or unavailability.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Phase {
    Connect,
    Statement,
}

/// The conflict a retry may resolve, if `e` is one.
pub(super) fn conflict(e: &postgres::Error) -> Option<ConflictKind> {
    let code = e.code()?;
    if *code == Code::T_R_SERIALIZATION_FAILURE {
        Some(ConflictKind::Serialization)
    } else if *code == Code::T_R_DEADLOCK_DETECTED {
        Some(ConflictKind::Deadlock)
    } else if *code == Code::UNIQUE_VIOLATION {
        // Two transactions inserting the same key: the loser sees the winner's row when run
        // again (and the lifecycle then finds the existing ID).
        Some(ConflictKind::UniqueViolation)
    } else {
        None
    }
}

fn io_kind(e: &postgres::Error) -> Option<std::io::ErrorKind> {
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            return Some(io.kind());
        }
        source = s.source();
    }
    None
}

/// The typed failure of `e`.
pub(super) fn failure(e: &postgres::Error, phase: Phase) -> StoreFailure {
    if let Some(kind) = conflict(e) {
        return StoreFailure::Conflict(kind);
    }
    if let Some(code) = e.code() {
        let c = code.code();
        return if *code == Code::QUERY_CANCELED || *code == Code::LOCK_NOT_AVAILABLE {
            StoreFailure::Timeout(TimeoutKind::Statement)
        } else if c.starts_with("08")
            || *code == Code::ADMIN_SHUTDOWN
            || *code == Code::CRASH_SHUTDOWN
            || *code == Code::CANNOT_CONNECT_NOW
            || *code == Code::TOO_MANY_CONNECTIONS
        {
            StoreFailure::Unavailable
        } else {
            SqlState::new(c).map_or(StoreFailure::Protocol, StoreFailure::Refused)
        };
    }
    match (io_kind(e), phase) {
        (Some(std::io::ErrorKind::TimedOut), Phase::Connect) => {
            StoreFailure::Timeout(TimeoutKind::Connect)
        }
        (Some(_), _) => StoreFailure::Unavailable,
        _ if e.is_closed() => StoreFailure::Unavailable,
        (None, Phase::Connect) => StoreFailure::Unavailable,
        (None, Phase::Statement) => StoreFailure::Protocol,
    }
}

/// `e` as the crate's error.
pub(super) fn store(e: &postgres::Error, phase: Phase) -> Error {
    Error::Store(failure(e, phase))
}

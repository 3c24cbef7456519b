//! The hook through which the timestamp layer checks a SignerInfo's signature time-stamps
//! (CAdES-T: the unsigned attribute id-aa-signatureTimeStampToken, RFC 3161 Appendix A).
//!
//! The signed layer knows *that* a signer may be validated at a trusted earlier time; only the
//! timestamp layer, above it, knows how to verify a token. The trait is crate-private: callers
//! set it with [`SignedDataVerifier::with_timestamps`](crate::SignedDataVerifier::with_timestamps).

use core::fmt;

use crate::{Error, SignerInfo, UnixTime};

/// Verifies the signature time-stamp tokens of one SignerInfo.
pub(crate) trait SignatureTimestamps: fmt::Debug + Send + Sync {
    /// The outcome of each signature time-stamp token `signer` carries, in order, verified at
    /// the caller's time `at`: the token's genTime, or why it is refused. Empty when the signer
    /// carries none.
    fn check(&self, signer: &SignerInfo, at: UnixTime) -> Vec<Result<UnixTime, Error>>;
}

//! Time-stamp responses (RFC 3161 §2.4.2): a TSA's answer, and its check against the request.

use der::Decode;
use der::asn1::Utf8StringRef;

use super::asn1;
use super::request::TimestampRequest;
use super::token::TimestampToken;
use crate::signed::asn1::elements;
use crate::{DerContext, Error, Limited, SignerIdentifier, TimestampProblem};

/// The largest TimeStampResp accepted, in bytes: a token with the TSA's certificate chain is a
/// few kilobytes.
///
/// ```
/// use jpki_core::{Error, Limited, MAX_TIMESTAMP_RESPONSE_SIZE, TimestampResponse};
/// assert_eq!(MAX_TIMESTAMP_RESPONSE_SIZE, 1 << 20);
/// let huge = vec![0; MAX_TIMESTAMP_RESPONSE_SIZE + 1];
/// assert!(matches!(TimestampResponse::from_der(&huge), Err(Error::TooLarge { what: Limited::TimestampResponse, .. })));
/// ```
pub const MAX_TIMESTAMP_RESPONSE_SIZE: usize = 1 << 20;

/// The most UTF8Strings in one PKIStatusInfo's statusString.
///
/// ```
/// use jpki_core::MAX_STATUS_STRINGS;
/// assert_eq!(MAX_STATUS_STRINGS, 16);
/// ```
pub const MAX_STATUS_STRINGS: usize = 16;

fn bad(problem: TimestampProblem) -> Error {
    Error::BadTimestamp(problem)
}

/// A PKIStatus (RFC 3161 §2.4.2): whether the TSA granted the request.
///
/// ```
/// use jpki_core::PkiStatus;
/// assert!(PkiStatus::GrantedWithMods.is_granted());
/// assert!(!PkiStatus::Rejection.is_granted());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PkiStatus {
    /// granted (0): a token is present.
    Granted,
    /// grantedWithMods (1): a token is present, with modifications the TSA chose.
    GrantedWithMods,
    /// rejection (2): see the failInfo.
    Rejection,
    /// waiting (3): the request is not yet processed.
    Waiting,
    /// revocationWarning (4): a revocation of the TSA's certificate is imminent.
    RevocationWarning,
    /// revocationNotification (5): the TSA's certificate was revoked.
    RevocationNotification,
}

impl PkiStatus {
    /// granted or grantedWithMods: the response carries a token.
    ///
    /// ```
    /// use jpki_core::PkiStatus;
    /// assert!(PkiStatus::Granted.is_granted());
    /// assert!(!PkiStatus::Waiting.is_granted());
    /// ```
    pub fn is_granted(self) -> bool {
        matches!(self, Self::Granted | Self::GrantedWithMods)
    }

    fn from_integer(content: &[u8]) -> Option<Self> {
        Some(match content {
            [0] => Self::Granted,
            [1] => Self::GrantedWithMods,
            [2] => Self::Rejection,
            [3] => Self::Waiting,
            [4] => Self::RevocationWarning,
            [5] => Self::RevocationNotification,
            _ => return None,
        })
    }

    /// The refusal [`TimestampResponse::check`] gives for a status that grants nothing.
    fn refusal(self) -> Option<TimestampProblem> {
        match self {
            Self::Granted | Self::GrantedWithMods => None,
            Self::Rejection => Some(TimestampProblem::Rejected),
            Self::Waiting => Some(TimestampProblem::Waiting),
            Self::RevocationWarning => Some(TimestampProblem::RevocationWarning),
            Self::RevocationNotification => Some(TimestampProblem::RevocationNotification),
        }
    }
}

/// A PKIFailureInfo (RFC 3161 §2.4.2): why a TSA refused, as named bits.
///
/// ```
/// use jpki_core::PkiFailureInfo;
/// let info = PkiFailureInfo::from_bits(PkiFailureInfo::BAD_ALG.bits() | PkiFailureInfo::SYSTEM_FAILURE.bits());
/// assert!(info.contains(PkiFailureInfo::BAD_ALG));
/// assert!(!info.contains(PkiFailureInfo::UNACCEPTED_POLICY));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PkiFailureInfo(u32);

impl PkiFailureInfo {
    /// badAlg (0): unrecognized or unsupported algorithm.
    ///
    /// ```
    /// use jpki_core::PkiFailureInfo;
    /// assert_eq!(PkiFailureInfo::BAD_ALG.bits(), 1 << 0);
    /// ```
    pub const BAD_ALG: Self = Self(1 << 0);
    /// badRequest (2): transaction not permitted or supported.
    ///
    /// ```
    /// use jpki_core::PkiFailureInfo;
    /// assert_eq!(PkiFailureInfo::BAD_REQUEST.bits(), 1 << 2);
    /// ```
    pub const BAD_REQUEST: Self = Self(1 << 2);
    /// badDataFormat (5): the data submitted has the wrong format.
    ///
    /// ```
    /// use jpki_core::PkiFailureInfo;
    /// assert_eq!(PkiFailureInfo::BAD_DATA_FORMAT.bits(), 1 << 5);
    /// ```
    pub const BAD_DATA_FORMAT: Self = Self(1 << 5);
    /// timeNotAvailable (14): the TSA's time source is not available.
    ///
    /// ```
    /// use jpki_core::PkiFailureInfo;
    /// assert_eq!(PkiFailureInfo::TIME_NOT_AVAILABLE.bits(), 1 << 14);
    /// ```
    pub const TIME_NOT_AVAILABLE: Self = Self(1 << 14);
    /// unacceptedPolicy (15): the requested TSA policy is not supported.
    ///
    /// ```
    /// use jpki_core::PkiFailureInfo;
    /// assert_eq!(PkiFailureInfo::UNACCEPTED_POLICY.bits(), 1 << 15);
    /// ```
    pub const UNACCEPTED_POLICY: Self = Self(1 << 15);
    /// unacceptedExtension (16): the requested extension is not supported.
    ///
    /// ```
    /// use jpki_core::PkiFailureInfo;
    /// assert_eq!(PkiFailureInfo::UNACCEPTED_EXTENSION.bits(), 1 << 16);
    /// ```
    pub const UNACCEPTED_EXTENSION: Self = Self(1 << 16);
    /// addInfoNotAvailable (17): the additional information requested is not available.
    ///
    /// ```
    /// use jpki_core::PkiFailureInfo;
    /// assert_eq!(PkiFailureInfo::ADD_INFO_NOT_AVAILABLE.bits(), 1 << 17);
    /// ```
    pub const ADD_INFO_NOT_AVAILABLE: Self = Self(1 << 17);
    /// systemFailure (25): the request cannot be handled due to system failure.
    ///
    /// ```
    /// use jpki_core::PkiFailureInfo;
    /// assert_eq!(PkiFailureInfo::SYSTEM_FAILURE.bits(), 1 << 25);
    /// ```
    pub const SYSTEM_FAILURE: Self = Self(1 << 25);

    /// The bits, bit n of the BIT STRING as `1 << n`.
    ///
    /// ```
    /// use jpki_core::PkiFailureInfo;
    /// assert_eq!(PkiFailureInfo::BAD_DATA_FORMAT.bits(), 1 << 5);
    /// ```
    pub fn bits(self) -> u32 {
        self.0
    }

    /// The failure info with these bits (bit n as `1 << n`).
    ///
    /// ```
    /// use jpki_core::PkiFailureInfo;
    /// assert_eq!(PkiFailureInfo::from_bits(1 << 15), PkiFailureInfo::UNACCEPTED_POLICY);
    /// ```
    pub fn from_bits(bits: u32) -> Self {
        Self(bits)
    }

    /// Whether every bit of `other` is set.
    ///
    /// ```
    /// use jpki_core::PkiFailureInfo;
    /// assert!(PkiFailureInfo::BAD_REQUEST.contains(PkiFailureInfo::BAD_REQUEST));
    /// ```
    pub fn contains(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }

    /// A DER named bit list: at most 32 bits, unused bits zero, no trailing zero bit (X.690
    /// §11.2.2).
    fn from_bit_string(bits: der::asn1::BitStringRef<'_>) -> Result<Self, Error> {
        let err = || bad(TimestampProblem::FailInfo);
        let bytes = bits.raw_bytes();
        let unused = bits.unused_bits();
        if bytes.len() > 4 {
            return Err(err());
        }
        if let Some(last) = bytes.last() {
            // The lowest used bit is set (which also means the unused bits below it are not
            // the only ones set) and the unused bits are zero.
            let lowest_used = 1u8.checked_shl(u32::from(unused)).ok_or_else(err)?;
            if last & lowest_used == 0 || last & (lowest_used - 1) != 0 {
                return Err(err());
            }
        }
        let mut value = 0u32;
        for (i, byte) in bytes.iter().enumerate() {
            for bit in 0..8 {
                if byte & (0x80 >> bit) != 0 {
                    value |= 1 << (i * 8 + bit);
                }
            }
        }
        Ok(Self(value))
    }
}

/// An RFC 3161 TimeStampResp (§2.4.2): the TSA's status and, when granted, the token.
///
/// Parsed strictly: at most [`MAX_TIMESTAMP_RESPONSE_SIZE`](crate::MAX_TIMESTAMP_RESPONSE_SIZE)
/// bytes; a PKIStatus of RFC 3161's six; statusString one to
/// [`MAX_STATUS_STRINGS`](crate::MAX_STATUS_STRINGS) UTF8Strings; failInfo a DER named bit list;
/// a token exactly when the status is granted or grantedWithMods, itself parsed as a
/// [`TimestampToken`]. [`check`](Self::check) then matches it to the request it answers.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{DigestAlgorithm, PkiStatus, TimestampRequest, TimestampResponse, TimestampVerifier, UnixTime, Verifier, testkit::TestTsa};
/// let tsa = TestTsa::new(1);
/// let at = UnixTime::parse_rfc3339("2027-03-01T09:00:00Z")?;
/// let request = TimestampRequest::for_data(DigestAlgorithm::Sha256, &b"contract"[..]).map_err(|_| jpki_core::Error::NoSigner)??
///     .with_cert_req(true);
/// let response = TimestampResponse::from_der(&tsa.respond(&request.to_der()?, at))?;
/// assert_eq!(response.status(), PkiStatus::Granted);
/// let token = response.check(&request)?;
/// let verifier = TimestampVerifier::new(Verifier::new([tsa.root().certificate()])?);
/// assert_eq!(verifier.verify_digest(&token, request.hashed_message(), at)?.gen_time(), at);
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct TimestampResponse {
    status: PkiStatus,
    status_strings: Vec<String>,
    fail_info: Option<PkiFailureInfo>,
    token: Option<TimestampToken>,
}

impl TimestampResponse {
    /// Parses a DER TimeStampResp.
    ///
    /// ```
    /// use jpki_core::{Error, PkiFailureInfo, PkiStatus, TimestampProblem, TimestampResponse};
    /// // rejection, "no", badAlg
    /// let der = [0x30, 0x0f, 0x30, 0x0d, 0x02, 0x01, 0x02, 0x30, 0x04, 0x0c, 0x02, b'n', b'o', 0x03, 0x02, 0x07, 0x80];
    /// let response = TimestampResponse::from_der(&der)?;
    /// assert_eq!(response.status(), PkiStatus::Rejection);
    /// assert_eq!(response.status_strings(), ["no"]);
    /// assert_eq!(response.fail_info(), Some(PkiFailureInfo::BAD_ALG));
    /// // granted, and no token: refused
    /// let granted = [0x30, 0x05, 0x30, 0x03, 0x02, 0x01, 0x00];
    /// assert_eq!(TimestampResponse::from_der(&granted).err(), Some(Error::BadTimestamp(TimestampProblem::TokenMissing)));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn from_der(der: &[u8]) -> Result<Self, Error> {
        Error::at_most(
            Limited::TimestampResponse,
            der.len(),
            MAX_TIMESTAMP_RESPONSE_SIZE,
        )?;
        let wrap = Error::der_in(DerContext::TimeStampResp);
        let raw = asn1::TimeStampResp::from_der(der).map_err(&wrap)?;
        let asn1::PkiStatusInfo {
            status,
            status_string,
            fail_info,
        } = raw.status;
        let status = PkiStatus::from_integer(status.as_bytes())
            .ok_or(bad(TimestampProblem::UnknownStatus))?;
        let status_strings = match status_string {
            None => Vec::new(),
            Some(body) => {
                let list = elements(body.0, MAX_STATUS_STRINGS)
                    .map_err(&wrap)?
                    .map_err(|size| Error::TooLarge {
                        what: Limited::StatusStrings,
                        size,
                        limit: MAX_STATUS_STRINGS,
                    })?;
                if list.is_empty() {
                    return Err(bad(TimestampProblem::StatusString));
                }
                list.into_iter()
                    .map(|s| Utf8StringRef::from_der(s).map(|s| s.as_str().to_owned()))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(&wrap)?
            }
        };
        let fail_info = fail_info.map(PkiFailureInfo::from_bit_string).transpose()?;
        let token = match (status.is_granted(), raw.time_stamp_token) {
            (true, Some(token)) => {
                let token_der = der::Encode::to_der(&token).map_err(&wrap)?;
                Some(TimestampToken::from_der(&token_der)?)
            }
            (true, None) => return Err(bad(TimestampProblem::TokenMissing)),
            (false, Some(_)) => return Err(bad(TimestampProblem::TokenWithoutGrant)),
            (false, None) => None,
        };
        Ok(Self {
            status,
            status_strings,
            fail_info,
            token,
        })
    }

    /// The PKIStatus.
    ///
    /// ```
    /// use jpki_core::{PkiStatus, TimestampResponse};
    /// let waiting = [0x30, 0x05, 0x30, 0x03, 0x02, 0x01, 0x03];
    /// assert_eq!(TimestampResponse::from_der(&waiting)?.status(), PkiStatus::Waiting);
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn status(&self) -> PkiStatus {
        self.status
    }

    /// The statusString's texts (for a human: never interpreted), empty when absent.
    ///
    /// ```
    /// use jpki_core::TimestampResponse;
    /// let waiting = [0x30, 0x05, 0x30, 0x03, 0x02, 0x01, 0x03];
    /// assert!(TimestampResponse::from_der(&waiting)?.status_strings().is_empty());
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn status_strings(&self) -> &[String] {
        &self.status_strings
    }

    /// The failInfo, when present.
    ///
    /// ```
    /// use jpki_core::TimestampResponse;
    /// let waiting = [0x30, 0x05, 0x30, 0x03, 0x02, 0x01, 0x03];
    /// assert_eq!(TimestampResponse::from_der(&waiting)?.fail_info(), None);
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn fail_info(&self) -> Option<PkiFailureInfo> {
        self.fail_info
    }

    /// The token, as received (present exactly when the status grants; not yet checked
    /// against a request, nor verified).
    ///
    /// ```
    /// use jpki_core::TimestampResponse;
    /// let rejected = [0x30, 0x05, 0x30, 0x03, 0x02, 0x01, 0x02];
    /// assert!(TimestampResponse::from_der(&rejected)?.token().is_none());
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn token(&self) -> Option<&TimestampToken> {
        self.token.as_ref()
    }

    /// Checks that this response answers `request` (RFC 3161 §2.4.2) and returns its token,
    /// to be verified with a [`TimestampVerifier`](crate::TimestampVerifier): the status is
    /// granted or grantedWithMods (else the status's own refusal, such as
    /// [`TimestampProblem::Rejected`]); the token's nonce is the request's; its
    /// messageImprint is the request's (algorithm and digest); its policy is the requested
    /// one, when the request named one; and, when the request set certReq, the token's
    /// certificates hold the certificate its signer names.
    ///
    /// A token with certificates the request did not ask for is accepted: RFC 3161 says the
    /// TSA must not send them, but they add nothing a verifier would trust.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{DigestAlgorithm, Error, TimestampProblem, TimestampRequest, TimestampResponse, UnixTime, testkit::TestTsa};
    /// let tsa = TestTsa::new(1);
    /// let at = UnixTime::parse_rfc3339("2027-03-01T09:00:00Z")?;
    /// let mine = TimestampRequest::new(DigestAlgorithm::Sha256, &[1; 32])?;
    /// let theirs = TimestampRequest::new(DigestAlgorithm::Sha256, &[1; 32])?;
    /// // The answer to another request (same digest, another nonce) is refused.
    /// let response = TimestampResponse::from_der(&tsa.respond(&theirs.to_der()?, at))?;
    /// assert_eq!(response.check(&mine).err(), Some(Error::BadTimestamp(TimestampProblem::NonceMismatch)));
    /// assert!(response.check(&theirs).is_ok());
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn check(&self, request: &TimestampRequest) -> Result<TimestampToken, Error> {
        if let Some(problem) = self.status.refusal() {
            return Err(bad(problem));
        }
        let token = self
            .token
            .as_ref()
            .ok_or(bad(TimestampProblem::TokenMissing))?;
        let tst = token.tst_info();
        if let Some(nonce) = request.nonce()
            && tst.nonce() != Some(nonce)
        {
            return Err(bad(TimestampProblem::NonceMismatch));
        }
        if tst.hash_algorithm() != request.hash_algorithm()
            || tst.hashed_message() != request.hashed_message()
        {
            return Err(bad(TimestampProblem::ImprintMismatch));
        }
        if let Some(policy) = request.policy()
            && tst.policy() != policy
        {
            return Err(bad(TimestampProblem::PolicyMismatch));
        }
        if request.cert_req() && !carries_signer_certificate(token) {
            return Err(bad(TimestampProblem::CertificateMissing));
        }
        Ok(token.clone())
    }
}

/// Whether the token's certificates hold the one its (single) signer identifies.
fn carries_signer_certificate(token: &TimestampToken) -> bool {
    let signed = token.signed_data();
    let Some(signer) = signed.signers().first() else {
        return false;
    };
    signed
        .certificates()
        .iter()
        .any(|cert| match signer.identifier() {
            SignerIdentifier::IssuerAndSerialNumber { issuer, serial } => {
                cert.serial() == *serial && cert.issuer().as_der() == issuer.as_slice()
            }
            SignerIdentifier::SubjectKeyIdentifier(ski) => {
                cert.subject_key_id() == Some(ski.as_slice())
            }
        })
}

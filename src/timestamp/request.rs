//! Time-stamp requests (RFC 3161 §2.4.1): what a client sends a TSA.

use std::io::Read;

use der::asn1::{AnyRef, IntRef, OctetStringRef, UintRef};
use der::{Decode, Encode};
use spki::AlgorithmIdentifierRef;

use super::asn1::{self, MessageImprint, SequenceBody};
use crate::signed::asn1::elements;
use crate::signed::{Hasher, read_into};
use crate::{DerContext, DigestAlgorithm, Error, Limited, Oid, TimestampProblem};

/// The largest TimeStampReq accepted by [`TimestampRequest::from_der`], in bytes (a request
/// is a digest, a policy, a nonce and a few extensions: well under a kilobyte).
///
/// ```
/// use jpki_core::{Error, Limited, MAX_TIMESTAMP_REQUEST_SIZE, TimestampRequest};
/// assert_eq!(MAX_TIMESTAMP_REQUEST_SIZE, 64 << 10);
/// let huge = vec![0; MAX_TIMESTAMP_REQUEST_SIZE + 1];
/// assert!(matches!(TimestampRequest::from_der(&huge), Err(Error::TooLarge { what: Limited::TimestampRequest, .. })));
/// ```
pub const MAX_TIMESTAMP_REQUEST_SIZE: usize = 64 << 10;

/// The most extensions one TimeStampReq may carry.
///
/// ```
/// use jpki_core::MAX_TIMESTAMP_REQUEST_EXTENSIONS;
/// assert_eq!(MAX_TIMESTAMP_REQUEST_EXTENSIONS, 16);
/// ```
pub const MAX_TIMESTAMP_REQUEST_EXTENSIONS: usize = 16;

/// The nonce's size: 128 bits from the operating system's generator, so that two requests
/// (from any number of clients) practically never share one.
const NONCE_OCTETS: usize = 16;

fn bad(problem: TimestampProblem) -> Error {
    Error::BadTimestamp(problem)
}

/// An RFC 3161 TimeStampReq (§2.4.1): the digest to be time-stamped, and what the client asks
/// of the TSA.
///
/// A request made here always carries a nonce: a random 128-bit positive INTEGER from the
/// operating system's generator (never a counter or the clock, which collide across clients
/// and restarts), so that [`TimestampResponse::check`](crate::TimestampResponse::check) can
/// tell the answer to this request from a replayed or misrouted one. The messageImprint's
/// hashAlgorithm is encoded with NULL parameters, as OpenSSL and most clients do.
///
/// ```
/// use jpki_core::{DigestAlgorithm, Oid, TimestampRequest};
/// let request = TimestampRequest::for_data(DigestAlgorithm::Sha256, &b"contract"[..])??
///     .with_policy("1.3.6.1.4.1.99999.3161.1".parse::<Oid>()?)
///     .with_cert_req(true);
/// let der = request.to_der()?;
/// let again = TimestampRequest::from_der(&der)?;
/// assert_eq!(again, request);
/// assert_eq!(again.nonce().map(<[u8]>::len).map(|n| n >= 16), Some(true));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimestampRequest {
    hash_algorithm: DigestAlgorithm,
    hashed_message: Vec<u8>,
    policy: Option<Oid>,
    nonce: Option<Vec<u8>>,
    cert_req: bool,
    extensions: Option<Vec<u8>>,
    /// Whether hashAlgorithm's parameters are NULL (else absent): kept from a parsed request
    /// so that it encodes back to the bytes received.
    null_parameters: bool,
}

impl TimestampRequest {
    /// A request to time-stamp `digest`, computed by the caller with `hash_algorithm`
    /// (SHA-256, SHA-384 or SHA-512), with a fresh random nonce, no policy and certReq
    /// FALSE. A digest of the wrong length is refused, as is SHA-1
    /// ([`Error::UnsupportedAlgorithm`]: its collisions are practical); a failing random
    /// generator is [`Error::RandomUnavailable`].
    ///
    /// ```
    /// use jpki_core::{DigestAlgorithm, Error, TimestampProblem, TimestampRequest};
    /// let request = TimestampRequest::new(DigestAlgorithm::Sha384, &[7; 48])?;
    /// assert_eq!(request.hashed_message(), &[7u8; 48][..]);
    /// let other = TimestampRequest::new(DigestAlgorithm::Sha384, &[7; 48])?;
    /// assert_ne!(request.nonce(), other.nonce());
    /// assert_eq!(TimestampRequest::new(DigestAlgorithm::Sha256, &[7; 48]), Err(Error::BadTimestamp(TimestampProblem::ImprintLength)));
    /// assert!(matches!(TimestampRequest::new(DigestAlgorithm::Sha1, &[7; 20]), Err(Error::UnsupportedAlgorithm(_))));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn new(hash_algorithm: DigestAlgorithm, digest: &[u8]) -> Result<Self, Error> {
        check_imprint(hash_algorithm, digest)?;
        Ok(Self {
            hash_algorithm,
            hashed_message: digest.to_vec(),
            policy: None,
            nonce: Some(random_nonce()?),
            cert_req: false,
            extensions: None,
            null_parameters: true,
        })
    }

    /// A request to time-stamp the data read from `data`, hashed with `hash_algorithm` as it
    /// streams (memory does not grow with the data). An I/O error is returned as such.
    ///
    /// ```
    /// use jpki_core::{DigestAlgorithm, TimestampRequest};
    /// let request = TimestampRequest::for_data(DigestAlgorithm::Sha512, &b"receipt"[..])??;
    /// assert_eq!(request.hash_algorithm(), DigestAlgorithm::Sha512);
    /// assert_eq!(request.hashed_message().len(), 64);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn for_data(
        hash_algorithm: DigestAlgorithm,
        data: impl Read,
    ) -> std::io::Result<Result<Self, Error>> {
        let Some(mut hasher) = Hasher::new(hash_algorithm) else {
            return Ok(Err(Error::UnsupportedAlgorithm(hash_algorithm.oid())));
        };
        read_into(data, 16 * 1024, |chunk| hasher.update(chunk))?;
        Ok(Self::new(hash_algorithm, &hasher.finish()))
    }

    /// Asks for a token under the TSA policy `policy` (reqPolicy); the token's policy must then
    /// be this one.
    ///
    /// ```
    /// use jpki_core::{DigestAlgorithm, Oid, TimestampRequest};
    /// let policy: Oid = "1.2.3.4".parse()?;
    /// let request = TimestampRequest::new(DigestAlgorithm::Sha256, &[0; 32])?.with_policy(policy);
    /// assert_eq!(request.policy(), Some(policy));
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn with_policy(mut self, policy: Oid) -> Self {
        self.policy = Some(policy);
        self
    }

    /// Asks the TSA to put its certificate in the token (certReq); the token must then carry
    /// it.
    ///
    /// ```
    /// use jpki_core::{DigestAlgorithm, TimestampRequest};
    /// let request = TimestampRequest::new(DigestAlgorithm::Sha256, &[0; 32])?.with_cert_req(true);
    /// assert!(request.cert_req());
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn with_cert_req(mut self, cert_req: bool) -> Self {
        self.cert_req = cert_req;
        self
    }

    /// Parses a DER TimeStampReq strictly: version 1; SHA-256, SHA-384 or SHA-512 with a
    /// digest of its length; certReq FALSE not encoded; no critical extension, at most
    /// [`MAX_TIMESTAMP_REQUEST_EXTENSIONS`](crate::MAX_TIMESTAMP_REQUEST_EXTENSIONS)
    /// (non-critical ones are kept and encoded back); at most
    /// [`MAX_TIMESTAMP_REQUEST_SIZE`](crate::MAX_TIMESTAMP_REQUEST_SIZE) bytes. What parses
    /// encodes back ([`to_der`](Self::to_der)) to the bytes received.
    ///
    /// ```
    /// use jpki_core::{DigestAlgorithm, Error, TimestampRequest};
    /// let der = TimestampRequest::new(DigestAlgorithm::Sha256, &[1; 32])?.to_der()?;
    /// assert_eq!(TimestampRequest::from_der(&der)?.to_der()?, der);
    /// assert!(matches!(TimestampRequest::from_der(&der[..der.len() - 1]), Err(Error::BadDer { .. })));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn from_der(der: &[u8]) -> Result<Self, Error> {
        Error::at_most(
            Limited::TimestampRequest,
            der.len(),
            MAX_TIMESTAMP_REQUEST_SIZE,
        )?;
        let raw =
            asn1::TimeStampReq::from_der(der).map_err(Error::der_in(DerContext::TimeStampReq))?;
        if raw.version.as_bytes() != [1] {
            return Err(bad(TimestampProblem::RequestVersion));
        }
        let hash_algorithm = DigestAlgorithm::identify(&raw.message_imprint.hash_algorithm);
        let hashed_message = raw.message_imprint.hashed_message.as_bytes();
        check_imprint(hash_algorithm, hashed_message)?;
        let cert_req = match raw.cert_req {
            Some(false) => return Err(bad(TimestampProblem::CertReqFalseEncoded)),
            Some(true) => true,
            None => false,
        };
        if let Some(extensions) = raw.extensions {
            let list = elements(extensions.0, MAX_TIMESTAMP_REQUEST_EXTENSIONS)
                .map_err(Error::der_in(DerContext::TimeStampReq))?
                .map_err(|size| Error::TooLarge {
                    what: Limited::TimestampRequestExtensions,
                    size,
                    limit: MAX_TIMESTAMP_REQUEST_EXTENSIONS,
                })?;
            for ext in list {
                let ext = x509_cert::ext::Extension::from_der(ext)
                    .map_err(Error::der_in(DerContext::TimeStampReq))?;
                if ext.critical {
                    return Err(bad(TimestampProblem::RequestCriticalExtension));
                }
            }
        }
        Ok(Self {
            hash_algorithm,
            hashed_message: hashed_message.to_vec(),
            policy: raw.req_policy.map(Oid),
            nonce: raw.nonce.map(|n| n.as_bytes().to_vec()),
            cert_req,
            extensions: raw.extensions.map(|e| e.0.to_vec()),
            null_parameters: raw.message_imprint.hash_algorithm.parameters.is_some(),
        })
    }

    /// The DER TimeStampReq, to send to the TSA (as `application/timestamp-query`, RFC 3161
    /// §3.4).
    ///
    /// ```
    /// use jpki_core::{DigestAlgorithm, TimestampRequest};
    /// let der = TimestampRequest::new(DigestAlgorithm::Sha256, &[1; 32])?.to_der()?;
    /// assert_eq!(der[0], 0x30);
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn to_der(&self) -> Result<Vec<u8>, Error> {
        let wrap = Error::der_in(DerContext::TimeStampReq);
        // NULL parameters, the form OpenSSL and most clients send (RFC 5754 allows both); a
        // parsed request keeps its own form.
        let null = [0x05u8, 0x00];
        let version = [1u8];
        let raw = asn1::TimeStampReq {
            version: IntRef::new(&version).map_err(&wrap)?,
            message_imprint: MessageImprint {
                hash_algorithm: AlgorithmIdentifierRef {
                    oid: self.hash_algorithm.oid().0,
                    parameters: self
                        .null_parameters
                        .then(|| AnyRef::from_der(&null))
                        .transpose()
                        .map_err(&wrap)?,
                },
                hashed_message: OctetStringRef::new(&self.hashed_message).map_err(&wrap)?,
            },
            req_policy: self.policy.map(|p| p.0),
            nonce: self
                .nonce
                .as_deref()
                .map(IntRef::new)
                .transpose()
                .map_err(&wrap)?,
            cert_req: self.cert_req.then_some(true),
            extensions: self.extensions.as_deref().map(SequenceBody),
        };
        raw.to_der().map_err(wrap)
    }

    /// The messageImprint's hash algorithm.
    ///
    /// ```
    /// use jpki_core::{DigestAlgorithm, TimestampRequest};
    /// let request = TimestampRequest::new(DigestAlgorithm::Sha256, &[0; 32])?;
    /// assert_eq!(request.hash_algorithm(), DigestAlgorithm::Sha256);
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn hash_algorithm(&self) -> DigestAlgorithm {
        self.hash_algorithm
    }

    /// The messageImprint's hashedMessage: the digest to be time-stamped.
    ///
    /// ```
    /// use jpki_core::{DigestAlgorithm, TimestampRequest};
    /// let request = TimestampRequest::new(DigestAlgorithm::Sha256, &[5; 32])?;
    /// assert_eq!(request.hashed_message(), &[5u8; 32][..]);
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn hashed_message(&self) -> &[u8] {
        &self.hashed_message
    }

    /// reqPolicy, when asked for.
    ///
    /// ```
    /// use jpki_core::{DigestAlgorithm, TimestampRequest};
    /// assert_eq!(TimestampRequest::new(DigestAlgorithm::Sha256, &[0; 32])?.policy(), None);
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn policy(&self) -> Option<Oid> {
        self.policy
    }

    /// The nonce's INTEGER content octets (as [`TstInfo::nonce`](crate::TstInfo::nonce) gives
    /// the token's): always present in a request made here, positive, 128 random bits.
    ///
    /// ```
    /// use jpki_core::{DigestAlgorithm, TimestampRequest};
    /// let request = TimestampRequest::new(DigestAlgorithm::Sha256, &[0; 32])?;
    /// let nonce = request.nonce().unwrap_or_default();
    /// assert!((1..=17).contains(&nonce.len())); // 17: 128 bits and a 0x00 sign octet
    /// assert_eq!(nonce[0] & 0x80, 0); // positive
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn nonce(&self) -> Option<&[u8]> {
        self.nonce.as_deref()
    }

    /// certReq: whether the TSA is asked to include its certificate.
    ///
    /// ```
    /// use jpki_core::{DigestAlgorithm, TimestampRequest};
    /// assert!(!TimestampRequest::new(DigestAlgorithm::Sha256, &[0; 32])?.cert_req());
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn cert_req(&self) -> bool {
        self.cert_req
    }
}

/// SHA-256, SHA-384 or SHA-512 and a digest of its length.
fn check_imprint(hash_algorithm: DigestAlgorithm, digest: &[u8]) -> Result<(), Error> {
    if Hasher::new(hash_algorithm).is_none() {
        return Err(Error::UnsupportedAlgorithm(hash_algorithm.oid()));
    }
    if digest.len() != hash_algorithm.output_len() {
        return Err(bad(TimestampProblem::ImprintLength));
    }
    Ok(())
}

/// 128 bits from the operating system's generator, as the content octets of a positive DER
/// INTEGER (leading zero octets dropped, a 0x00 sign octet added when the top bit is set).
fn random_nonce() -> Result<Vec<u8>, Error> {
    let mut bytes = [0u8; NONCE_OCTETS];
    getrandom::fill(&mut bytes).map_err(|_| Error::RandomUnavailable)?;
    // Zero is no positive INTEGER; 128 zero bits from a working generator do not happen.
    if bytes.iter().all(|b| *b == 0) {
        return Err(Error::RandomUnavailable);
    }
    let wrap = Error::der_in(DerContext::TimeStampReq);
    let der = UintRef::new(&bytes)
        .and_then(|u| u.to_der())
        .map_err(&wrap)?;
    let int = IntRef::from_der(&der).map_err(&wrap)?;
    Ok(int.as_bytes().to_vec())
}

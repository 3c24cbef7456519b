//! OCSP requests (RFC 6960 §4.1): built for one certificate, and parsed strictly (for test
//! responders and for logging what a client asked).

use der::asn1::OctetString;
use der::{Decode, Encode};

use super::{CertIdHash, OCSP_NONCE, asn1, cert_id, cert_id_matches};
use crate::{Certificate, DerProblem, Error, Limited, OcspRequestRefusal, Oid, SerialNumber};
use asn1::CertId;

/// The largest OCSP request accepted, in bytes.
///
/// ```
/// use jpki_core::{Error, MAX_OCSP_REQUEST_SIZE, OcspRequest};
/// let huge = vec![0u8; MAX_OCSP_REQUEST_SIZE + 1];
/// assert!(matches!(OcspRequest::from_der(&huge), Err(Error::TooLarge { .. })));
/// ```
pub const MAX_OCSP_REQUEST_SIZE: usize = 64 * 1024;

/// An OCSP request for one certificate.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{CertIdHash, OcspRequest, testkit::{HolderSpec, TestCa}};
/// let ca = TestCa::new(1);
/// let pair = ca.issue_pair(&HolderSpec::example());
/// let req = OcspRequest::new(&pair.signing.certificate(), &ca.signing_root().certificate(), CertIdHash::Sha1)?
///     .with_nonce(b"0123456789abcdef".to_vec());
/// assert!(!req.to_der()?.is_empty());
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct OcspRequest {
    cert_id: CertId,
    serial: SerialNumber,
    nonce: Option<Vec<u8>>,
    /// requestExtensions in order, the nonce among them: what `from_der` read is written back.
    pub(super) extensions: Vec<x509_cert::ext::Extension>,
}

impl OcspRequest {
    /// Parses a DER `OCSPRequest` for exactly one certificate.
    ///
    /// Strict: the encoding must be the one DER encoding of what it says (anything `der` would
    /// encode differently is refused), and a request this type cannot represent — signed, with
    /// a requestorName, for several certificates, with per-request extensions, with a CertID
    /// hash other than SHA-1 or SHA-256, or with a critical extension other than the nonce —
    /// is [`Error::UnsupportedOcspRequest`].
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{CertIdHash, OcspRequest, testkit::{HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let (leaf, root) = (ca.issue_signing(&HolderSpec::example()).certificate(), ca.signing_root().certificate());
    /// let der = OcspRequest::new(&leaf, &root, CertIdHash::Sha256)?.with_nonce(vec![7; 16]).to_der()?;
    /// let parsed = OcspRequest::from_der(&der)?;
    /// assert_eq!(parsed.serial(), leaf.serial());
    /// assert!(parsed.is_for(&leaf, &root));
    /// assert_eq!(parsed.nonce(), Some(&[7u8; 16][..]));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn from_der(der: &[u8]) -> Result<Self, Error> {
        Error::at_most(Limited::OcspRequest, der.len(), MAX_OCSP_REQUEST_SIZE)?;
        let ctx = crate::DerContext::OcspRequest;
        let req = asn1::OcspRequestAsn1::from_der(der).map_err(Error::der_in(ctx))?;
        crate::oid::check_all(der).map_err(Error::der_in(ctx))?;
        if req.to_der().map_err(Error::der_in(ctx))? != der {
            return Err(Error::BadDer {
                context: ctx,
                problem: DerProblem::NonCanonical,
            });
        }
        let unsupported = Error::UnsupportedOcspRequest;
        if req.optional_signature.is_some() {
            return Err(unsupported(OcspRequestRefusal::Signed));
        }
        let tbs = req.tbs_request;
        if tbs.version.is_some() {
            return Err(unsupported(OcspRequestRefusal::Version));
        }
        if tbs.requestor_name.is_some() {
            return Err(unsupported(OcspRequestRefusal::RequestorName));
        }
        let [one] = <[asn1::Request; 1]>::try_from(tbs.request_list)
            .map_err(|_| unsupported(OcspRequestRefusal::NotOneCertificate))?;
        if one.single_request_extensions.is_some() {
            return Err(unsupported(OcspRequestRefusal::SingleRequestExtensions));
        }
        if CertIdHash::from_oid(&one.req_cert.hash_algorithm.oid).is_none() {
            return Err(Error::UnsupportedAlgorithm(Oid(one
                .req_cert
                .hash_algorithm
                .oid)));
        }
        let serial = SerialNumber::from_der_integer(one.req_cert.serial_number.as_bytes())?;
        if tbs.request_extensions.as_ref().is_some_and(Vec::is_empty) {
            return Err(Error::BadDer {
                context: crate::DerContext::OcspRequestExtensionsEmpty,
                problem: DerProblem::InvalidValue,
            });
        }
        let mut nonce = None;
        for (i, ext) in tbs.request_extensions.iter().flatten().enumerate() {
            let oid = Oid(ext.extn_id);
            let earlier = tbs.request_extensions.iter().flatten().take(i);
            if earlier.into_iter().any(|e| e.extn_id == ext.extn_id) {
                return Err(Error::DuplicateExtension(oid.to_string()));
            }
            if oid == OCSP_NONCE {
                let inner = OctetString::from_der(ext.extn_value.as_bytes())
                    .map_err(Error::der_in(crate::DerContext::OcspNonce))?;
                nonce = Some(inner.as_bytes().to_vec());
            } else if ext.critical {
                return Err(Error::UnknownCriticalExtension(oid.to_string()));
            }
        }
        Ok(Self {
            cert_id: one.req_cert,
            serial,
            nonce,
            extensions: tbs.request_extensions.unwrap_or_default(),
        })
    }

    /// The serial number asked about.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{CertIdHash, OcspRequest, testkit::{HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let leaf = ca.issue_signing(&HolderSpec::example());
    /// let request = OcspRequest::new(&leaf.certificate(), &ca.signing_root().certificate(), CertIdHash::Sha1)?;
    /// assert_eq!(request.serial(), leaf.serial);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn serial(&self) -> SerialNumber {
        self.serial
    }

    /// Whether the request asks about `cert` as issued by `issuer` (serial and CertID hashes).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{CertIdHash, OcspRequest, testkit::{HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let pair = ca.issue_pair(&HolderSpec::example());
    /// let (cert, root) = (pair.signing.certificate(), ca.signing_root().certificate());
    /// let request = OcspRequest::new(&cert, &root, CertIdHash::Sha256)?;
    /// let received = OcspRequest::from_der(&request.to_der()?)?;
    /// assert!(received.is_for(&cert, &root));
    /// assert!(!received.is_for(&pair.user_authentication.certificate(), &root));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn is_for(&self, cert: &Certificate, issuer: &Certificate) -> bool {
        cert_id_matches(&self.cert_id, cert.serial(), issuer)
    }

    /// A request for `cert`, issued by `issuer`.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{CertIdHash, OcspRequest, testkit::{HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let cert = ca.issue_signing(&HolderSpec::example()).certificate();
    /// let request = OcspRequest::new(&cert, &ca.signing_root().certificate(), CertIdHash::Sha1)?;
    /// assert_eq!(request.nonce(), None);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn new(cert: &Certificate, issuer: &Certificate, hash: CertIdHash) -> Result<Self, Error> {
        Ok(Self {
            cert_id: cert_id(cert.serial(), issuer, hash)?,
            serial: cert.serial(),
            nonce: None,
            extensions: Vec::new(),
        })
    }

    /// Adds a nonce (RFC 8954: 1 to 32 octets), or replaces the one the request had; the
    /// response must echo it.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{CertIdHash, OcspRequest, testkit::{HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let cert = ca.issue_signing(&HolderSpec::example()).certificate();
    /// let request = OcspRequest::new(&cert, &ca.signing_root().certificate(), CertIdHash::Sha1)?
    ///     .with_nonce(b"n-1".to_vec());
    /// let received = OcspRequest::from_der(&request.to_der()?)?;
    /// assert_eq!(received.nonce(), Some(&b"n-1"[..]));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn with_nonce(mut self, nonce: Vec<u8>) -> Self {
        self.nonce = Some(nonce);
        self
    }

    /// The nonce, if any.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{CertIdHash, OcspRequest, testkit::{HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let cert = ca.issue_signing(&HolderSpec::example()).certificate();
    /// let request = OcspRequest::new(&cert, &ca.signing_root().certificate(), CertIdHash::Sha1)?;
    /// assert_eq!(request.with_nonce(vec![1, 2, 3]).nonce(), Some(&[1, 2, 3][..]));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn nonce(&self) -> Option<&[u8]> {
        self.nonce.as_deref()
    }

    /// The DER `OCSPRequest`.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{CertIdHash, OcspRequest, testkit::{HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let cert = ca.issue_signing(&HolderSpec::example()).certificate();
    /// let request = OcspRequest::new(&cert, &ca.signing_root().certificate(), CertIdHash::Sha1)?;
    /// let der = request.to_der()?;
    /// // Encoding is stable: what is read back encodes to the same bytes.
    /// assert_eq!(OcspRequest::from_der(&der)?.to_der()?, der);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn to_der(&self) -> Result<Vec<u8>, Error> {
        let enc = |e: der::Error| Error::der(crate::DerContext::OcspRequest, &e);
        // The extensions read by `from_der` in their order, with the nonce (new or replaced)
        // where it was, or last.
        let nonce = match &self.nonce {
            Some(n) => Some(x509_cert::ext::Extension {
                extn_id: OCSP_NONCE.0,
                critical: false,
                extn_value: OctetString::new(
                    OctetString::new(n.clone())
                        .map_err(enc)?
                        .to_der()
                        .map_err(enc)?,
                )
                .map_err(enc)?,
            }),
            None => None,
        };
        let mut list: Vec<x509_cert::ext::Extension> = Vec::new();
        let mut pending = nonce;
        for ext in &self.extensions {
            if ext.extn_id == OCSP_NONCE.0 {
                list.extend(pending.take());
            } else {
                list.push(ext.clone());
            }
        }
        list.extend(pending);
        let extensions = (!list.is_empty()).then_some(list);
        asn1::OcspRequestAsn1 {
            tbs_request: asn1::TbsRequest {
                version: None,
                requestor_name: None,
                request_list: vec![asn1::Request {
                    req_cert: self.cert_id.clone(),
                    single_request_extensions: None,
                }],
                request_extensions: extensions,
            },
            optional_signature: None,
        }
        .to_der()
        .map_err(enc)
    }
}

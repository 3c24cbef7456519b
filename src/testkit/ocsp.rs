//! OCSP responses from the test CA: good, revoked or unknown; signed by the CA itself or by a
//! delegated responder; with or without a nonce; and deliberately wrong ones for tests.

use der::asn1::{Any, BitString, GeneralizedTime, Null, OctetString};
use der::{Decode, Encode};
use sha1::{Digest, Sha1};
use x509_cert::ext::Extension;

use super::{
    CertificateTemplate, IssuedCert, PrivateKey, Purpose, StringType, TestCa, encode_name, ext,
    key_id, pick,
};
use crate::revocation::ocsp::asn1::{
    BasicOcspResponse, CertStatus, OcspResponseAsn1, ResponderId, ResponseBytes, ResponseData,
    ResponseStatus, RevokedInfo, SingleResponse,
};
use crate::revocation::ocsp::{KP_OCSP_SIGNING, OCSP_BASIC, OCSP_NONCE, cert_id, public_key_bits};
use crate::{CertIdHash, CrlReason, KeyUsage, SerialNumber, UnixTime, oids};

/// The status a test response reports.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{OcspResponse, RevocationStatus, UnixTime, testkit::{HolderSpec, OcspSpec, OcspStatusSpec, TestCa}};
/// let ca = TestCa::new(1);
/// let leaf = ca.issue_signing(&HolderSpec::example());
/// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
/// let spec = OcspSpec::good(leaf.serial, d).with_status(OcspStatusSpec::Revoked(d, None));
/// let response = OcspResponse::from_der(&ca.issue_ocsp_response(&spec))?;
/// let status = response.status(&leaf.certificate(), &ca.signing_root().certificate(), d)?;
/// assert!(matches!(status, RevocationStatus::Revoked { .. }));
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum OcspStatusSpec {
    /// `good`.
    Good,
    /// `revoked` at a time, with an optional reason.
    Revoked(UnixTime, Option<CrlReason>),
    /// `unknown`.
    Unknown,
}

/// Who signs a test response.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{Error, OcspResponse, UnixTime, testkit::{HolderSpec, OcspSigner, OcspSpec, TestCa}};
/// let ca = TestCa::new(1);
/// let leaf = ca.issue_signing(&HolderSpec::example());
/// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
/// // A responder certificate without id-kp-OCSPSigning is not authorised.
/// let spec = OcspSpec::good(leaf.serial, d).signed_by(OcspSigner::DelegatedWithoutEku);
/// let response = OcspResponse::from_der(&ca.issue_ocsp_response(&spec))?;
/// let got = response.status(&leaf.certificate(), &ca.signing_root().certificate(), d);
/// assert!(matches!(got, Err(Error::OcspResponderNotAuthorized(_))));
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum OcspSigner {
    /// The issuing root itself.
    Ca,
    /// A responder certificate issued by the root with id-kp-OCSPSigning (included in the
    /// response).
    Delegated,
    /// A responder certificate issued by the root *without* id-kp-OCSPSigning (must be refused).
    DelegatedWithoutEku,
    /// A key the CA never certified (must be refused).
    Stranger,
}

/// What a test OCSP response says.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{OcspResponse, UnixTime, testkit::{HolderSpec, OcspSigner, OcspSpec, TestCa}};
/// let ca = TestCa::new(1);
/// let leaf = ca.issue_signing(&HolderSpec::example());
/// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
/// let spec = OcspSpec::good(leaf.serial, d).signed_by(OcspSigner::Delegated).with_nonce(b"n-1");
/// let response = OcspResponse::from_der(&ca.issue_ocsp_response(&spec))?.expect_nonce(b"n-1");
/// assert!(response.status(&leaf.certificate(), &ca.signing_root().certificate(), d).is_ok());
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct OcspSpec {
    /// Which root issued the certificate asked about.
    pub purpose: Purpose,
    /// The serial asked about.
    pub serial: SerialNumber,
    /// The status.
    pub status: OcspStatusSpec,
    /// thisUpdate (also producedAt).
    pub this_update: UnixTime,
    /// nextUpdate (default: a day later).
    pub next_update: Option<UnixTime>,
    /// The nonce to echo, if any.
    pub nonce: Option<Vec<u8>>,
    /// The signer.
    pub signer: OcspSigner,
    /// The CertID hash.
    pub hash: CertIdHash,
    /// The responseStatus code (0 = successful).
    pub response_status: u8,
    /// Further SingleResponses about the same serial, after the first (for tests of
    /// responders that contradict themselves): each status with its CertID hash.
    pub extra_responses: Vec<(OcspStatusSpec, CertIdHash)>,
}

impl OcspSpec {
    /// A `good` answer about `serial` from the signing root, signed by the root.
    ///
    /// ```
    /// use jpki_core::{OcspResponse, RevocationStatus, UnixTime, testkit::{HolderSpec, OcspSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let leaf = ca.issue_signing(&HolderSpec::example());
    /// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let response = OcspResponse::from_der(&ca.issue_ocsp_response(&OcspSpec::good(leaf.serial, d)))?;
    /// let status = response.status(&leaf.certificate(), &ca.signing_root().certificate(), d)?;
    /// assert_eq!(status, RevocationStatus::Good);
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn good(serial: SerialNumber, this_update: UnixTime) -> Self {
        Self {
            purpose: Purpose::Signing,
            serial,
            status: OcspStatusSpec::Good,
            this_update,
            next_update: Some(this_update.plus_seconds(86_400)),
            nonce: None,
            signer: OcspSigner::Ca,
            hash: CertIdHash::Sha1,
            response_status: 0,
            extra_responses: Vec::new(),
        }
    }

    /// Adds a further SingleResponse about the same certificate, with its own status and
    /// CertID hash.
    ///
    /// ```
    /// use jpki_core::{CertIdHash, OcspResponse, RevocationStatus, UnixTime};
    /// use jpki_core::testkit::{HolderSpec, OcspSpec, OcspStatusSpec, TestCa};
    /// let ca = TestCa::new(1);
    /// let leaf = ca.issue_signing(&HolderSpec::example());
    /// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// // "good" under SHA-1, "revoked" under SHA-256: the response says revoked.
    /// let spec = OcspSpec::good(leaf.serial, d)
    ///     .and_also(OcspStatusSpec::Revoked(d.minus_seconds(60), None), CertIdHash::Sha256);
    /// let response = OcspResponse::from_der(&ca.issue_ocsp_response(&spec))?;
    /// let status = response.status(&leaf.certificate(), &ca.signing_root().certificate(), d)?;
    /// assert!(matches!(status, RevocationStatus::Revoked { .. }));
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn and_also(mut self, status: OcspStatusSpec, hash: CertIdHash) -> Self {
        self.extra_responses.push((status, hash));
        self
    }

    /// The same with another status.
    ///
    /// ```
    /// use jpki_core::{OcspResponse, RevocationStatus, UnixTime, UnknownReason};
    /// use jpki_core::testkit::{HolderSpec, OcspSpec, OcspStatusSpec, TestCa};
    /// let ca = TestCa::new(1);
    /// let leaf = ca.issue_signing(&HolderSpec::example());
    /// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let spec = OcspSpec::good(leaf.serial, d).with_status(OcspStatusSpec::Unknown);
    /// let response = OcspResponse::from_der(&ca.issue_ocsp_response(&spec))?;
    /// let status = response.status(&leaf.certificate(), &ca.signing_root().certificate(), d)?;
    /// assert_eq!(status, RevocationStatus::Unknown(UnknownReason::ResponderUnknown));
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn with_status(mut self, status: OcspStatusSpec) -> Self {
        self.status = status;
        self
    }

    /// The same with another signer.
    ///
    /// ```
    /// use jpki_core::{Error, OcspResponse, UnixTime, testkit::{HolderSpec, OcspSigner, OcspSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let leaf = ca.issue_signing(&HolderSpec::example());
    /// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let spec = OcspSpec::good(leaf.serial, d).signed_by(OcspSigner::Stranger);
    /// let response = OcspResponse::from_der(&ca.issue_ocsp_response(&spec))?;
    /// let got = response.status(&leaf.certificate(), &ca.signing_root().certificate(), d);
    /// assert!(matches!(got, Err(Error::OcspResponderNotAuthorized(_))));
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn signed_by(mut self, signer: OcspSigner) -> Self {
        self.signer = signer;
        self
    }

    /// The same echoing `nonce`.
    ///
    /// ```
    /// use jpki_core::{OcspResponse, UnixTime, testkit::{HolderSpec, OcspSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let leaf = ca.issue_signing(&HolderSpec::example());
    /// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let der = ca.issue_ocsp_response(&OcspSpec::good(leaf.serial, d).with_nonce(b"n-7"));
    /// let response = OcspResponse::from_der(&der)?.expect_nonce(b"n-7");
    /// assert!(response.status(&leaf.certificate(), &ca.signing_root().certificate(), d).is_ok());
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn with_nonce(mut self, nonce: &[u8]) -> Self {
        self.nonce = Some(nonce.to_vec());
        self
    }
}

fn gtime(t: UnixTime) -> GeneralizedTime {
    GeneralizedTime::from_unix_duration(core::time::Duration::from_secs(t.as_unix_seconds()))
        .unwrap_or_else(|e| panic!("testkit: {e}"))
}

/// Issuing OCSP responses (and the responder certificates that sign them).
///
/// ```
/// use jpki_core::{OcspResponse, UnixTime, testkit::{HolderSpec, OcspSpec, TestCa}};
/// let ca = TestCa::new(1);
/// let leaf = ca.issue_signing(&HolderSpec::example());
/// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
/// let response = OcspResponse::from_der(&ca.issue_ocsp_response(&OcspSpec::good(leaf.serial, d)))?;
/// assert!(response.status(&leaf.certificate(), &ca.signing_root().certificate(), d).is_ok());
/// # Ok::<(), jpki_core::Error>(())
/// ```
impl TestCa {
    /// A responder certificate under the root of `purpose` (with or without OCSPSigning).
    fn responder(&self, purpose: Purpose, eku: bool) -> IssuedCert {
        let roots = match purpose {
            Purpose::Signing => &self.signing_roots,
            Purpose::UserAuthentication => &self.user_authentication_roots,
        };
        let root = pick(roots, None);
        let key = PrivateKey::generate(
            root.cert.private_key.key_type(),
            self.seed,
            &format!("ocsp-{purpose:?}"),
        );
        let spki = key.public_key_der();
        let root_cert = root.cert.certificate();
        let mut extensions = vec![
            ext::key_usage(KeyUsage::DIGITAL_SIGNATURE),
            ext::subject_key_id(&key_id(&spki)),
            ext::authority_key_id(&root.key_id),
        ];
        if eku {
            extensions.push(ext::encoded(
                oids::EXTENDED_KEY_USAGE,
                false,
                x509_cert::ext::pkix::ExtendedKeyUsage(vec![KP_OCSP_SIGNING.0]),
            ));
        }
        let serial =
            SerialNumber::from_u64(9_000 + u64::from(eku)).unwrap_or_else(|e| panic!("{e}"));
        let template = CertificateTemplate {
            version: 3,
            serial: serial.to_der_integer_content(),
            issuer: root_cert.subject().as_der().to_vec(),
            subject: encode_name(&[
                (oids::AT_COUNTRY, StringType::Printable, "JP"),
                (oids::AT_ORGANIZATION, StringType::Printable, "JPKI-TEST"),
                (
                    oids::AT_COMMON_NAME,
                    StringType::Printable,
                    "OCSP responder",
                ),
            ]),
            not_before: root_cert.validity().not_before,
            not_after: root_cert.validity().not_after,
            spki,
            extensions,
        };
        IssuedCert {
            der: template.sign(&root.cert.private_key),
            serial,
            private_key: key,
        }
    }

    /// Issues an OCSP response.
    ///
    /// ```
    /// use jpki_core::{OcspResponse, RevocationStatus, UnixTime};
    /// use jpki_core::testkit::{HolderSpec, OcspSpec, OcspStatusSpec, Purpose, TestCa};
    /// let ca = TestCa::new(1);
    /// let leaf = ca.issue_user_authentication(&HolderSpec::example());
    /// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let mut spec = OcspSpec::good(leaf.serial, d).with_status(OcspStatusSpec::Revoked(d, None));
    /// spec.purpose = Purpose::UserAuthentication; // answered for the user-authentication root
    /// let response = OcspResponse::from_der(&ca.issue_ocsp_response(&spec))?;
    /// let root = ca.user_authentication_root().certificate();
    /// assert!(matches!(response.status(&leaf.certificate(), &root, d)?, RevocationStatus::Revoked { .. }));
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn issue_ocsp_response(&self, spec: &OcspSpec) -> Vec<u8> {
        let enc = |r: der::Result<Vec<u8>>| r.unwrap_or_else(|e| panic!("testkit: {e}"));
        let status = match spec.response_status {
            0 => ResponseStatus::Successful,
            1 => ResponseStatus::MalformedRequest,
            2 => ResponseStatus::InternalError,
            3 => ResponseStatus::TryLater,
            5 => ResponseStatus::SigRequired,
            _ => ResponseStatus::Unauthorized,
        };
        if status != ResponseStatus::Successful {
            return enc(OcspResponseAsn1 {
                response_status: status,
                response_bytes: None,
            }
            .to_der());
        }
        let roots = match spec.purpose {
            Purpose::Signing => &self.signing_roots,
            Purpose::UserAuthentication => &self.user_authentication_roots,
        };
        let root = pick(roots, None);
        let root_cert = root.cert.certificate();
        let (signer_cert, signer_key, include): (crate::Certificate, PrivateKey, Option<Vec<u8>>) =
            match spec.signer {
                OcspSigner::Ca => (root_cert.clone(), root.cert.private_key.clone(), None),
                OcspSigner::Delegated | OcspSigner::DelegatedWithoutEku => {
                    let r = self.responder(spec.purpose, spec.signer == OcspSigner::Delegated);
                    (r.certificate(), r.private_key.clone(), Some(r.der))
                }
                OcspSigner::Stranger => {
                    let other = TestCa::new(self.seed.wrapping_add(1));
                    let r = other.signing_root();
                    (r.certificate(), r.private_key.clone(), None)
                }
            };
        let key_hash =
            Sha1::digest(public_key_bits(&signer_cert).unwrap_or_else(|e| panic!("{e}")));
        let single = |status: OcspStatusSpec, hash: CertIdHash| SingleResponse {
            cert_id: cert_id(spec.serial, &root_cert, hash).unwrap_or_else(|e| panic!("{e}")),
            cert_status: match status {
                OcspStatusSpec::Good => CertStatus::Good(Null),
                OcspStatusSpec::Unknown => CertStatus::Unknown(Null),
                OcspStatusSpec::Revoked(at, reason) => CertStatus::Revoked(RevokedInfo {
                    revocation_time: gtime(at),
                    revocation_reason: reason.map(super::crl::x509_reason),
                }),
            },
            this_update: gtime(spec.this_update),
            next_update: spec.next_update.map(gtime),
            single_extensions: None,
        };
        let responses = core::iter::once((spec.status, spec.hash))
            .chain(spec.extra_responses.iter().copied())
            .map(|(status, hash)| single(status, hash))
            .collect();
        let nonce_ext = spec.nonce.as_ref().map(|n| {
            let inner = enc(OctetString::new(n.clone())
                .unwrap_or_else(|e| panic!("{e}"))
                .to_der());
            vec![Extension {
                extn_id: OCSP_NONCE.0,
                critical: false,
                extn_value: OctetString::new(inner).unwrap_or_else(|e| panic!("{e}")),
            }]
        });
        let data = ResponseData {
            version: None,
            responder_id: ResponderId::ByKey(
                OctetString::new(key_hash.to_vec()).unwrap_or_else(|e| panic!("{e}")),
            ),
            produced_at: gtime(spec.this_update),
            responses,
            response_extensions: nonce_ext,
        };
        let tbs = enc(data.to_der());
        let alg = signer_key.signature_algorithm_der();
        let basic = BasicOcspResponse {
            tbs_response_data: Any::from_der(&tbs).unwrap_or_else(|e| panic!("{e}")),
            signature_algorithm: Any::from_der(&alg).unwrap_or_else(|e| panic!("{e}")),
            signature: BitString::from_bytes(&signer_key.sign(&tbs))
                .unwrap_or_else(|e| panic!("{e}")),
            certs: include.map(|d| vec![Any::from_der(&d).unwrap_or_else(|e| panic!("{e}"))]),
        };
        let bytes = ResponseBytes {
            response_type: OCSP_BASIC.0,
            response: OctetString::new(enc(basic.to_der())).unwrap_or_else(|e| panic!("{e}")),
        };
        enc(OcspResponseAsn1 {
            response_status: status,
            response_bytes: Some(bytes),
        }
        .to_der())
    }
}

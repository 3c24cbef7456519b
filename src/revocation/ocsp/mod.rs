//! OCSP (RFC 6960): requests, and responses verified all the way — signature by the issuing CA
//! or by a delegated responder the CA certified for OCSP signing, CertID match, nonce, and
//! freshness.

pub(crate) mod asn1;
mod request;

pub use request::{MAX_OCSP_REQUEST_SIZE, OcspRequest};

use der::asn1::{Int, ObjectIdentifier, OctetString};
use der::{Decode, Encode};
use sha1::Sha1;
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;

use self::asn1::{CertStatus, ResponderId, ResponseData, ResponseStatus, SingleResponse};
use super::{CrlReason, RevocationSource, RevocationStatus, UnknownReason};
use crate::cert::extensions as exts;
use crate::{
    Certificate, Error, KeyUsage, Limited, OcspResponderRefusal, Oid, PublicKey, SerialNumber,
    SignatureAlgorithm, UnixTime,
};

pub(crate) use asn1::CertId;

/// id-pkix-ocsp-basic.
pub(crate) const OCSP_BASIC: Oid = Oid::new("1.3.6.1.5.5.7.48.1.1");
/// id-pkix-ocsp-nonce.
pub(crate) const OCSP_NONCE: Oid = Oid::new("1.3.6.1.5.5.7.48.1.2");
/// id-kp-OCSPSigning.
pub(crate) const KP_OCSP_SIGNING: Oid = Oid::new("1.3.6.1.5.5.7.3.9");
/// id-sha1.
const SHA1: Oid = Oid::new("1.3.14.3.2.26");
/// id-sha256.
const SHA256: Oid = Oid::new("2.16.840.1.101.3.4.2.1");

/// A response without nextUpdate is taken as fresh for this long after its thisUpdate.
pub const OCSP_DEFAULT_VALIDITY_SECONDS: u64 = 86_400;
/// The largest OCSP response accepted, in bytes.
///
/// ```
/// use jpki_core::{Error, MAX_OCSP_RESPONSE_SIZE, OcspResponse};
/// let huge = vec![0u8; MAX_OCSP_RESPONSE_SIZE + 1];
/// assert!(matches!(OcspResponse::from_der(&huge), Err(Error::TooLarge { .. })));
/// ```
pub const MAX_OCSP_RESPONSE_SIZE: usize = 1 << 20;

/// The hash used in a CertID.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{CertIdHash, OcspRequest, testkit::{HolderSpec, TestCa}};
/// let ca = TestCa::new(1);
/// let leaf = ca.issue_signing(&HolderSpec::example()).certificate();
/// for hash in [CertIdHash::Sha1, CertIdHash::Sha256] {
///     let request = OcspRequest::new(&leaf, &ca.signing_root().certificate(), hash)?;
///     assert!(request.is_for(&leaf, &ca.signing_root().certificate()));
/// }
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CertIdHash {
    /// SHA-1 (what responders expect in practice).
    Sha1,
    /// SHA-256.
    Sha256,
}

impl CertIdHash {
    fn oid(self) -> Oid {
        match self {
            Self::Sha1 => SHA1,
            Self::Sha256 => SHA256,
        }
    }

    fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            Self::Sha1 => Sha1::digest(data).to_vec(),
            Self::Sha256 => Sha256::digest(data).to_vec(),
        }
    }

    fn from_oid(oid: &ObjectIdentifier) -> Option<Self> {
        let oid = Oid(*oid);
        (oid == SHA1)
            .then_some(Self::Sha1)
            .or((oid == SHA256).then_some(Self::Sha256))
    }
}

/// The subjectPublicKey bits of a certificate (what CertID's issuerKeyHash covers).
pub(crate) fn public_key_bits(cert: &Certificate) -> Result<Vec<u8>, Error> {
    let spki = spki::SubjectPublicKeyInfoRef::from_der(cert.spki_der())
        .map_err(Error::der_in(crate::DerContext::SubjectPublicKeyInfo))?;
    Ok(spki.subject_public_key.raw_bytes().to_vec())
}

/// The CertID of `serial` under `issuer`.
pub(crate) fn cert_id(
    serial: SerialNumber,
    issuer: &Certificate,
    hash: CertIdHash,
) -> Result<CertId, Error> {
    let enc = |e: der::Error| Error::der(crate::DerContext::CertId, &e);
    Ok(CertId {
        hash_algorithm: AlgorithmIdentifierOwned {
            oid: hash.oid().0,
            parameters: Some(der::asn1::Any::null()),
        },
        issuer_name_hash: OctetString::new(hash.digest(issuer.subject().as_der())).map_err(enc)?,
        issuer_key_hash: OctetString::new(hash.digest(&public_key_bits(issuer)?)).map_err(enc)?,
        serial_number: Int::new(&serial.to_der_integer_content()).map_err(enc)?,
    })
}

/// Whether `id` names `serial` under `issuer` (with whichever hash `id` uses).
fn cert_id_matches(id: &CertId, serial: SerialNumber, issuer: &Certificate) -> bool {
    let Some(hash) = CertIdHash::from_oid(&id.hash_algorithm.oid) else {
        return false;
    };
    let Ok(expected) = cert_id(serial, issuer, hash) else {
        return false;
    };
    expected.issuer_name_hash == id.issuer_name_hash
        && expected.issuer_key_hash == id.issuer_key_hash
        && SerialNumber::from_der_integer(id.serial_number.as_bytes()).ok() == Some(serial)
}

/// A successful basic OCSP response, parsed strictly; trust comes from [`OcspResponse::status`].
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{OcspResponse, RevocationStatus, UnixTime, testkit::{HolderSpec, OcspSpec, TestCa}};
/// let ca = TestCa::new(1);
/// let leaf = ca.issue_signing(&HolderSpec::example());
/// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
/// let der = ca.issue_ocsp_response(&OcspSpec::good(leaf.serial, d));
/// let response = OcspResponse::from_der(&der)?;
/// let status = response.status(&leaf.certificate(), &ca.signing_root().certificate(), d.plus_seconds(60))?;
/// assert_eq!(status, RevocationStatus::Good);
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct OcspResponse {
    tbs: Vec<u8>,
    data: ResponseData,
    signature_algorithm: SignatureAlgorithm,
    signature: Vec<u8>,
    certs: Vec<Certificate>,
    nonce: Option<Vec<u8>>,
    expected_nonce: Option<Vec<u8>>,
}

fn gt(t: &der::asn1::GeneralizedTime) -> UnixTime {
    UnixTime::from_datetime(&t.to_date_time())
}

impl OcspResponse {
    /// Parses a DER `OCSPResponse`. An unsuccessful responseStatus is
    /// [`Error::OcspUnsuccessful`]; a response type other than id-pkix-ocsp-basic is refused.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Error, OcspResponse, UnixTime, testkit::{HolderSpec, OcspSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let leaf = ca.issue_signing(&HolderSpec::example());
    /// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let response = OcspResponse::from_der(&ca.issue_ocsp_response(&OcspSpec::good(leaf.serial, d)))?;
    /// assert_eq!(response.produced_at(), d);
    /// // tryLater (3) is an unsuccessful response, never a status.
    /// let mut later = OcspSpec::good(leaf.serial, d);
    /// later.response_status = 3;
    /// assert!(matches!(OcspResponse::from_der(&ca.issue_ocsp_response(&later)), Err(Error::OcspUnsuccessful(3))));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn from_der(der: &[u8]) -> Result<Self, Error> {
        Error::at_most(Limited::OcspResponse, der.len(), MAX_OCSP_RESPONSE_SIZE)?;
        let outer = asn1::OcspResponseAsn1::from_der(der)
            .map_err(Error::der_in(crate::DerContext::OcspResponse))?;
        crate::oid::check_all(der).map_err(Error::der_in(crate::DerContext::OcspResponse))?;
        if outer.response_status != ResponseStatus::Successful {
            return Err(Error::OcspUnsuccessful(outer.response_status as u8));
        }
        let bytes = outer.response_bytes.ok_or(Error::BadDer {
            context: crate::DerContext::OcspResponseWithoutBytes,
            problem: crate::DerProblem::InvalidValue,
        })?;
        if Oid(bytes.response_type) != OCSP_BASIC {
            return Err(Error::UnsupportedAlgorithm(Oid(bytes.response_type)));
        }
        let basic = asn1::BasicOcspResponse::from_der(bytes.response.as_bytes())
            .map_err(Error::der_in(crate::DerContext::BasicOcspResponse))?;
        let tbs = basic
            .tbs_response_data
            .to_der()
            .map_err(Error::der_in(crate::DerContext::ResponseData))?;
        let data =
            ResponseData::from_der(&tbs).map_err(Error::der_in(crate::DerContext::ResponseData))?;
        if data.version.is_some() {
            return Err(Error::UnsupportedVersion(
                data.version.unwrap_or(0).saturating_add(1),
            ));
        }
        let alg_der = basic
            .signature_algorithm
            .to_der()
            .map_err(Error::der_in(crate::DerContext::OcspSignatureAlgorithm))?;
        let alg = spki::AlgorithmIdentifierRef::from_der(&alg_der)
            .map_err(Error::der_in(crate::DerContext::OcspSignatureAlgorithm))?;
        let signature = basic.signature.as_bytes().ok_or(Error::BadDer {
            context: crate::DerContext::OcspSignature,
            problem: crate::DerProblem::InvalidValue,
        })?;
        let certs = basic
            .certs
            .unwrap_or_default()
            .iter()
            .map(|c| {
                c.to_der()
                    .map_err(Error::der_in(crate::DerContext::OcspResponderCertificate))
                    .and_then(|d| Certificate::from_der(&d))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut nonce = None;
        if let Some(list) = &data.response_extensions {
            let list_der = list
                .to_der()
                .map_err(Error::der_in(crate::DerContext::OcspExtensions))?;
            exts::for_each::<{ exts::MAX_EXTENSIONS }>(
                &list_der,
                crate::DerContext::OcspResponseExtensions,
                |e| {
                    if e.oid == OCSP_NONCE {
                        let n = <&der::asn1::OctetStringRef>::from_der(e.value)
                            .map_err(Error::der_in(crate::DerContext::OcspNonce))?;
                        nonce = Some(n.as_bytes().to_vec());
                    } else if e.critical {
                        return Err(Error::UnknownCriticalExtension(e.oid.to_string()));
                    }
                    Ok(())
                },
            )?;
        }
        Ok(Self {
            signature_algorithm: SignatureAlgorithm::identify(alg.oid, alg.parameters),
            signature: signature.to_vec(),
            tbs,
            data,
            certs,
            nonce,
            expected_nonce: None,
        })
    }

    /// Requires the response to echo `nonce` (the one sent in the [`OcspRequest`]).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Error, OcspResponse, UnixTime, testkit::{HolderSpec, OcspSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let leaf = ca.issue_signing(&HolderSpec::example());
    /// let (cert, root) = (leaf.certificate(), ca.signing_root().certificate());
    /// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let der = ca.issue_ocsp_response(&OcspSpec::good(leaf.serial, d).with_nonce(b"n-1"));
    /// assert!(OcspResponse::from_der(&der)?.expect_nonce(b"n-1").status(&cert, &root, d).is_ok());
    /// let replayed = OcspResponse::from_der(&der)?.expect_nonce(b"n-2");
    /// assert!(matches!(replayed.status(&cert, &root, d), Err(Error::OcspNonceMismatch)));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn expect_nonce(mut self, nonce: &[u8]) -> Self {
        self.expected_nonce = Some(nonce.to_vec());
        self
    }

    /// producedAt.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{OcspResponse, UnixTime, testkit::{HolderSpec, OcspSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let leaf = ca.issue_signing(&HolderSpec::example());
    /// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let response = OcspResponse::from_der(&ca.issue_ocsp_response(&OcspSpec::good(leaf.serial, d)))?;
    /// assert_eq!(response.produced_at(), d);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn produced_at(&self) -> UnixTime {
        gt(&self.data.produced_at)
    }

    /// Verifies the response for `cert` issued by `issuer` and gives its status at `at`.
    ///
    /// Checks, in order: the signer (the issuer itself, or a certificate in the response issued
    /// by `issuer`, with extendedKeyUsage id-kp-OCSPSigning, valid at producedAt) and the
    /// signature; the nonce if one is expected; then every SingleResponse whose CertID (SHA-1
    /// or SHA-256) names `cert` — none is [`Error::OcspCertIdMismatch`]. Any of them saying
    /// revoked at or before `at` gives `Revoked`; otherwise any `unknown`, or any past its
    /// nextUpdate (or a day after thisUpdate without one), gives `Unknown`; `Good` only when
    /// all of them say good. A revocation after `at` means good at `at`.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{OcspResponse, RevocationStatus, UnixTime, UnknownReason, testkit::{HolderSpec, OcspSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let leaf = ca.issue_signing(&HolderSpec::example());
    /// let (cert, root) = (leaf.certificate(), ca.signing_root().certificate());
    /// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let response = OcspResponse::from_der(&ca.issue_ocsp_response(&OcspSpec::good(leaf.serial, d)))?;
    /// assert_eq!(response.status(&cert, &root, d.plus_seconds(60))?, RevocationStatus::Good);
    /// // Past nextUpdate (a day later) the response no longer speaks.
    /// let stale = response.status(&cert, &root, d.plus_seconds(2 * 86_400))?;
    /// assert_eq!(stale, RevocationStatus::Unknown(UnknownReason::Stale));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn status(
        &self,
        cert: &Certificate,
        issuer: &Certificate,
        at: UnixTime,
    ) -> Result<RevocationStatus, Error> {
        let key = self.signer_key(issuer)?;
        key.verify(self.signature_algorithm, &self.tbs, &self.signature)?;
        if let Some(expected) = &self.expected_nonce
            && self.nonce.as_deref() != Some(expected.as_slice())
        {
            return Err(Error::OcspNonceMismatch);
        }
        // Every SingleResponse about the certificate counts, under either CertID hash: a
        // responder that says "good" in one and "revoked" in another has said "revoked".
        let statuses = self
            .data
            .responses
            .iter()
            .filter(|r| cert_id_matches(&r.cert_id, cert.serial(), issuer))
            .map(|single| single_status(single, at));
        let mut answer = None;
        for status in statuses {
            answer = Some(match (answer, status) {
                (_, revoked @ RevocationStatus::Revoked { .. }) => {
                    return Ok(revoked);
                }
                // Good only while every matching response says good.
                (None | Some(RevocationStatus::Good), s) => s,
                (Some(unknown), _) => unknown,
            });
        }
        answer.ok_or(Error::OcspCertIdMismatch)
    }

    /// The key that must have signed: the issuer's, or an authorised responder's.
    fn signer_key(&self, issuer: &Certificate) -> Result<PublicKey, Error> {
        if self.responder_is(issuer)? {
            return PublicKey::from_spki_der(issuer.spki_der());
        }
        let produced = self.produced_at();
        let issuer_key = PublicKey::from_spki_der(issuer.spki_der())?;
        for c in &self.certs {
            if !self.responder_is(c)? {
                continue;
            }
            if !issuer.subject().matches(&c.issuer()) {
                return Err(Error::OcspResponderNotAuthorized(
                    OcspResponderRefusal::NotIssuedByCa,
                ));
            }
            issuer_key.verify(c.signature_algorithm(), c.tbs_der(), c.signature_value())?;
            if !c
                .extended_key_usage()
                .is_some_and(|eku| eku.contains(&KP_OCSP_SIGNING))
            {
                return Err(Error::OcspResponderNotAuthorized(
                    OcspResponderRefusal::NoOcspSigningEku,
                ));
            }
            if c.key_usage()
                .is_some_and(|ku| !ku.contains(KeyUsage::DIGITAL_SIGNATURE))
            {
                return Err(Error::OcspResponderNotAuthorized(
                    OcspResponderRefusal::NoDigitalSignature,
                ));
            }
            crate::cert::check_validity(c, produced)?;
            return PublicKey::from_spki_der(c.spki_der());
        }
        Err(Error::OcspResponderNotAuthorized(
            OcspResponderRefusal::Unknown,
        ))
    }

    /// Whether the ResponderID names `cert` (by name, or by SHA-1 of its key).
    fn responder_is(&self, cert: &Certificate) -> Result<bool, Error> {
        Ok(match &self.data.responder_id {
            ResponderId::ByName(name) => {
                let der = name
                    .to_der()
                    .map_err(Error::der_in(crate::DerContext::ResponderId))?;
                crate::DistinguishedName::parse(&der)?.matches(&cert.subject())
            }
            ResponderId::ByKey(hash) => {
                hash.as_bytes() == Sha1::digest(public_key_bits(cert)?).as_slice()
            }
        })
    }
}

/// What one SingleResponse says about time `at`.
fn single_status(single: &SingleResponse, at: UnixTime) -> RevocationStatus {
    let this_update = gt(&single.this_update);
    let fresh_until = single
        .next_update
        .as_ref()
        .map_or(this_update.plus_seconds(OCSP_DEFAULT_VALIDITY_SECONDS), gt);
    match &single.cert_status {
        // Signed evidence of revocation stays evidence when the response is stale: JPKI never
        // releases a revocation.
        CertStatus::Revoked(info) if gt(&info.revocation_time) <= at => RevocationStatus::Revoked {
            revoked_at: gt(&info.revocation_time),
            reason: info
                .revocation_reason
                .and_then(|r| CrlReason::from_code(r as u8)),
            invalid_since: None,
        },
        CertStatus::Unknown(_) => RevocationStatus::Unknown(UnknownReason::ResponderUnknown),
        _ if at > fresh_until => RevocationStatus::Unknown(UnknownReason::Stale),
        _ => RevocationStatus::Good,
    }
}

impl RevocationSource for OcspResponse {
    fn status(
        &self,
        cert: &Certificate,
        issuer: &Certificate,
        at: UnixTime,
    ) -> Option<RevocationStatus> {
        // A response about another issuer says nothing; one that fails its checks is unusable.
        if !self
            .data
            .responses
            .iter()
            .any(|r| cert_id_matches(&r.cert_id, cert.serial(), issuer))
        {
            return None;
        }
        Some(
            OcspResponse::status(self, cert, issuer, at)
                .unwrap_or(RevocationStatus::Unknown(UnknownReason::InvalidResponse)),
        )
    }
}

#[cfg(test)]
mod request_tests;
#[cfg(test)]
mod tests;

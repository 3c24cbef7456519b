//! The ESS binding of a signer's certificate (RFC 2634 §5.4, RFC 5035 §3): the first
//! ESSCertID(v2) of signing-certificate(-v2) names the certificate that signed, by a hash of
//! the whole certificate and optionally its issuer and serial — so a TSA certificate cannot be
//! swapped for another with the same key.

use der::Decode;
use sha1::Digest as _;

use super::asn1::{EssCertId, EssCertIdV2, IssuerSerial, SigningCertificate};
use super::oids::{SIGNING_CERTIFICATE, SIGNING_CERTIFICATE_V2};
use crate::signed::asn1::elements;
use crate::{Certificate, DigestAlgorithm, Error, SignerInfo, TimestampProblem};

/// The most ESSCertIDs read from one signing-certificate(-v2) attribute (only the first
/// binds the signer; the limit bounds the walk).
const MAX_ESS_CERT_IDS: usize = 64;

fn bad(problem: TimestampProblem) -> Error {
    Error::BadTimestamp(problem)
}

/// Checks that `signer`'s signed attributes bind `cert`: signing-certificate-v2 if present,
/// else signing-certificate; neither is refused.
pub(crate) fn check(signer: &SignerInfo, cert: &Certificate) -> Result<(), Error> {
    let find = |oid| signer.signed_attributes().iter().find(|a| a.oid() == oid);
    let (attr, v2) = match (find(SIGNING_CERTIFICATE_V2), find(SIGNING_CERTIFICATE)) {
        (Some(a), _) => (a, true),
        (None, Some(a)) => (a, false),
        (None, None) => return Err(bad(TimestampProblem::NoSigningCertificate)),
    };
    let [value] = attr.values() else {
        return Err(bad(TimestampProblem::BadSigningCertificate));
    };
    let malformed = |_| bad(TimestampProblem::BadSigningCertificate);
    let outer = SigningCertificate::from_der(value).map_err(malformed)?;
    let ids = elements(outer.certs.0, MAX_ESS_CERT_IDS)
        .map_err(malformed)?
        .map_err(|_| bad(TimestampProblem::BadSigningCertificate))?;
    let Some(first) = ids.first() else {
        return Err(bad(TimestampProblem::BadSigningCertificate));
    };
    let (hash, claimed, issuer_serial) = if v2 {
        let id = EssCertIdV2::from_der(first).map_err(malformed)?;
        let alg = id
            .hash_algorithm
            .as_ref()
            .map_or(DigestAlgorithm::Sha256, DigestAlgorithm::identify);
        let hash = alg
            .digest(cert.der())
            .ok_or(Error::UnsupportedAlgorithm(alg.oid()))?;
        (hash, id.cert_hash.as_bytes().to_vec(), id.issuer_serial)
    } else {
        let id = EssCertId::from_der(first).map_err(malformed)?;
        let hash = sha1::Sha1::digest(cert.der()).to_vec();
        (hash, id.cert_hash.as_bytes().to_vec(), id.issuer_serial)
    };
    if hash != claimed {
        return Err(bad(TimestampProblem::SigningCertificateMismatch));
    }
    if let Some(issuer_serial) = issuer_serial {
        check_issuer_serial(&issuer_serial, cert)?;
    }
    Ok(())
}

/// issuerSerial names the certificate: its serial, and a directoryName equal to its issuer.
fn check_issuer_serial(issuer_serial: &IssuerSerial<'_>, cert: &Certificate) -> Result<(), Error> {
    let malformed = |_| bad(TimestampProblem::BadSigningCertificate);
    if issuer_serial.serial_number.as_bytes() != cert.serial().to_der_integer_content() {
        return Err(bad(TimestampProblem::SigningCertificateMismatch));
    }
    let names = elements(issuer_serial.issuer.0, crate::MAX_GENERAL_NAMES)
        .map_err(malformed)?
        .map_err(|_| bad(TimestampProblem::BadSigningCertificate))?;
    for name in names {
        let any = der::asn1::AnyRef::from_der(name).map_err(malformed)?;
        // directoryName [4] (EXPLICIT: Name is a CHOICE).
        let tag = der::Tagged::tag(&any);
        if tag.class() == der::Class::ContextSpecific
            && tag.number() == der::TagNumber(4)
            && any.value() == cert.issuer().as_der()
        {
            return Ok(());
        }
    }
    Err(bad(TimestampProblem::SigningCertificateMismatch))
}

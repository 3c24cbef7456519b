//! OCSP: every status, every signer, nonce, CertID, freshness and malformed input.
//! (Compiled only under `#[cfg(test)]`, declared in the parent module.)

use der::Decode;
use proptest::prelude::*;

use super::*;
use crate::testkit::{HolderSpec, OcspSigner, OcspSpec, OcspStatusSpec, TestCa};
use crate::{Usage, Verifier};

fn t(s: &str) -> UnixTime {
    UnixTime::parse_rfc3339(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

struct Case {
    ca: TestCa,
    cert: Certificate,
    issuer: Certificate,
    at: UnixTime,
}

fn case() -> Case {
    let ca = TestCa::new(80);
    let cert = ca.issue_signing(&HolderSpec::example()).certificate();
    let issuer = ca.signing_root().certificate();
    Case {
        ca,
        cert,
        issuer,
        at: t("2027-01-01T12:00:00Z"),
    }
}

fn status(c: &Case, spec: &OcspSpec) -> Result<RevocationStatus, Error> {
    OcspResponse::from_der(&c.ca.issue_ocsp_response(spec))?.status(&c.cert, &c.issuer, c.at)
}

fn spec(c: &Case) -> OcspSpec {
    OcspSpec::good(c.cert.serial(), t("2027-01-01T00:00:00Z"))
}

#[test]
fn statuses() {
    let c = case();
    assert_eq!(status(&c, &spec(&c)), Ok(RevocationStatus::Good));
    let when = t("2026-12-24T09:00:00Z");
    let revoked = spec(&c).with_status(OcspStatusSpec::Revoked(
        when,
        Some(CrlReason::AffiliationChanged),
    ));
    assert_eq!(
        status(&c, &revoked),
        Ok(RevocationStatus::Revoked {
            revoked_at: when,
            reason: Some(CrlReason::AffiliationChanged),
            invalid_since: None,
        })
    );
    // Revoked after the time asked about: good then.
    let r = OcspResponse::from_der(&c.ca.issue_ocsp_response(&revoked)).expect("parses");
    assert_eq!(
        r.status(&c.cert, &c.issuer, when.minus_seconds(1)),
        Ok(RevocationStatus::Good)
    );
    assert_eq!(
        status(&c, &spec(&c).with_status(OcspStatusSpec::Unknown)),
        Ok(RevocationStatus::Unknown(UnknownReason::ResponderUnknown))
    );
}

#[test]
fn signers() {
    let c = case();
    assert_eq!(
        status(&c, &spec(&c).signed_by(OcspSigner::Delegated)),
        Ok(RevocationStatus::Good)
    );
    assert!(matches!(
        status(&c, &spec(&c).signed_by(OcspSigner::DelegatedWithoutEku)),
        Err(Error::OcspResponderNotAuthorized(_))
    ));
    assert!(matches!(
        status(&c, &spec(&c).signed_by(OcspSigner::Stranger)),
        Err(Error::OcspResponderNotAuthorized(_))
    ));
    // A response for the signing CA checked against the user-authentication CA.
    let r = OcspResponse::from_der(&c.ca.issue_ocsp_response(&spec(&c))).expect("parses");
    let auth = c.ca.user_authentication_root().certificate();
    assert!(r.status(&c.cert, &auth, c.at).is_err());
}

#[test]
fn tampered_signature() {
    let c = case();
    let mut der = c.ca.issue_ocsp_response(&spec(&c));
    // The signature BIT STRING sits near the end of a CA-signed response.
    let n = der.len();
    if let Some(b) = der.get_mut(n - 5) {
        *b ^= 0x01;
    }
    let r = OcspResponse::from_der(&der).expect("still well-formed");
    assert_eq!(r.status(&c.cert, &c.issuer, c.at), Err(Error::BadSignature));
}

#[test]
fn nonce_and_cert_id() {
    let c = case();
    let der = c.ca.issue_ocsp_response(&spec(&c).with_nonce(b"nonce-1"));
    let ok = OcspResponse::from_der(&der)
        .expect("parses")
        .expect_nonce(b"nonce-1");
    assert_eq!(
        ok.status(&c.cert, &c.issuer, c.at),
        Ok(RevocationStatus::Good)
    );
    let wrong = OcspResponse::from_der(&der)
        .expect("parses")
        .expect_nonce(b"nonce-2");
    assert_eq!(
        wrong.status(&c.cert, &c.issuer, c.at),
        Err(Error::OcspNonceMismatch)
    );
    let missing = OcspResponse::from_der(&c.ca.issue_ocsp_response(&spec(&c)))
        .expect("parses")
        .expect_nonce(b"n");
    assert_eq!(
        missing.status(&c.cert, &c.issuer, c.at),
        Err(Error::OcspNonceMismatch)
    );
    let other = OcspSpec::good(
        SerialNumber::from_u64(12345).expect("serial"),
        t("2027-01-01T00:00:00Z"),
    );
    assert_eq!(status(&c, &other), Err(Error::OcspCertIdMismatch));
    let mut sha256 = spec(&c);
    sha256.hash = CertIdHash::Sha256;
    assert_eq!(status(&c, &sha256), Ok(RevocationStatus::Good));
}

#[test]
fn freshness() {
    let c = case();
    let r = OcspResponse::from_der(&c.ca.issue_ocsp_response(&spec(&c))).expect("parses");
    let next = t("2027-01-02T00:00:00Z");
    assert_eq!(
        r.status(&c.cert, &c.issuer, next),
        Ok(RevocationStatus::Good)
    );
    assert_eq!(
        r.status(&c.cert, &c.issuer, next.plus_seconds(1)),
        Ok(RevocationStatus::Unknown(UnknownReason::Stale))
    );
    let mut open = spec(&c);
    open.next_update = None;
    let r = OcspResponse::from_der(&c.ca.issue_ocsp_response(&open)).expect("parses");
    assert_eq!(
        r.status(&c.cert, &c.issuer, next.plus_seconds(1)),
        Ok(RevocationStatus::Unknown(UnknownReason::Stale))
    );
}

#[test]
fn unsuccessful_and_malformed() {
    let c = case();
    let mut s = spec(&c);
    s.response_status = 3;
    assert_eq!(
        OcspResponse::from_der(&c.ca.issue_ocsp_response(&s)).map(drop),
        Err(Error::OcspUnsuccessful(3))
    );
    let der = c.ca.issue_ocsp_response(&spec(&c));
    let mut trailing = der.clone();
    trailing.push(0);
    assert!(matches!(
        OcspResponse::from_der(&trailing),
        Err(Error::BadDer { .. })
    ));
    for len in [0, 3, 20, der.len() - 1] {
        assert!(
            OcspResponse::from_der(der.get(..len).unwrap_or_default()).is_err(),
            "{len}"
        );
    }
}

#[test]
fn request_encodes_cert_id_and_nonce() {
    let c = case();
    let req = OcspRequest::new(&c.cert, &c.issuer, CertIdHash::Sha1)
        .expect("request")
        .with_nonce(vec![1, 2, 3]);
    let der = req.to_der().expect("der");
    let back = asn1::OcspRequestAsn1::from_der(&der).expect("decodes");
    let only = back.tbs_request.request_list.first().expect("one request");
    assert!(cert_id_matches(&only.req_cert, c.cert.serial(), &c.issuer));
    assert!(
        back.tbs_request
            .request_extensions
            .is_some_and(|e| e.len() == 1)
    );
    assert_eq!(req.nonce(), Some(&[1u8, 2, 3][..]));
}

#[test]
fn verifier_uses_ocsp_responses() {
    let c = case();
    let when = t("2026-12-24T09:00:00Z");
    let revoked = spec(&c).with_status(OcspStatusSpec::Revoked(when, Some(CrlReason::Superseded)));
    let r = OcspResponse::from_der(&c.ca.issue_ocsp_response(&revoked)).expect("parses");
    let v = Verifier::new([c.issuer.clone()])
        .expect("verifier")
        .with_revocation(r);
    assert_eq!(
        v.verify(&c.cert, Usage::Signing, c.at).map(drop),
        Err(Error::Revoked {
            revoked_at: when,
            reason: Some(CrlReason::Superseded),
            invalid_since: None,
        })
    );
    let bad = OcspResponse::from_der(
        &c.ca
            .issue_ocsp_response(&spec(&c).signed_by(OcspSigner::DelegatedWithoutEku)),
    )
    .expect("parses");
    let v = Verifier::new([c.issuer.clone()])
        .expect("verifier")
        .with_revocation(bad);
    assert_eq!(
        v.verify(&c.cert, Usage::Signing, c.at).map(drop),
        Err(Error::RevocationUnknown(UnknownReason::InvalidResponse))
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]
    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let _ = OcspResponse::from_der(&bytes);
    }
}

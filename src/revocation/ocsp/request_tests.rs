//! OCSP request parsing: round trips and a refusal for everything it cannot represent.
//! (Compiled only under `#[cfg(test)]`, declared in the parent module.)

use der::Encode;

use super::asn1::{OcspRequestAsn1, Request};
use super::*;
use crate::testkit::{HolderSpec, TestCa};

fn parts() -> (Certificate, Certificate, OcspRequestAsn1) {
    let ca = TestCa::new(81);
    let cert = ca.issue_signing(&HolderSpec::example()).certificate();
    let issuer = ca.signing_root().certificate();
    let der = OcspRequest::new(&cert, &issuer, CertIdHash::Sha1)
        .and_then(|r| r.with_nonce(vec![1; 16]).to_der())
        .expect("request");
    let asn1 = OcspRequestAsn1::from_der(&der).expect("decodes");
    (cert, issuer, asn1)
}

fn nonce_ext(critical: bool) -> x509_cert::ext::Extension {
    x509_cert::ext::Extension {
        extn_id: OCSP_NONCE.0,
        critical,
        extn_value: OctetString::new(OctetString::new(vec![2; 8]).unwrap().to_der().unwrap())
            .unwrap(),
    }
}

#[test]
fn requests_round_trip_for_both_hashes_with_and_without_nonce() {
    let (cert, issuer, _) = parts();
    for hash in [CertIdHash::Sha1, CertIdHash::Sha256] {
        for nonce in [None, Some(vec![9u8; 32])] {
            let mut req = OcspRequest::new(&cert, &issuer, hash).expect("request");
            if let Some(n) = &nonce {
                req = req.with_nonce(n.clone());
            }
            let der = req.to_der().expect("der");
            let back = OcspRequest::from_der(&der).expect("parses");
            assert_eq!(back.serial(), cert.serial());
            assert_eq!(back.nonce(), nonce.as_deref());
            assert!(back.is_for(&cert, &issuer));
            assert!(!back.is_for(&issuer, &issuer));
            assert_eq!(back.to_der().expect("der"), der);
        }
    }
}

#[test]
fn requests_it_cannot_represent_are_refused_with_a_reason() {
    let (_, _, good) = parts();
    let refuse = |req: &OcspRequestAsn1| OcspRequest::from_der(&req.to_der().expect("der"));
    let mut two = good.clone();
    two.tbs_request
        .request_list
        .push(two.tbs_request.request_list[0].clone());
    assert_eq!(
        refuse(&two).map(drop),
        Err(Error::UnsupportedOcspRequest(
            crate::OcspRequestRefusal::NotOneCertificate
        ))
    );
    let mut none = good.clone();
    none.tbs_request.request_list.clear();
    assert!(refuse(&none).is_err());
    let mut signed = good.clone();
    signed.optional_signature = Some(der::asn1::Any::null());
    assert_eq!(
        refuse(&signed).map(drop),
        Err(Error::UnsupportedOcspRequest(
            crate::OcspRequestRefusal::Signed
        ))
    );
    let mut versioned = good.clone();
    versioned.tbs_request.version = Some(1);
    assert!(matches!(
        refuse(&versioned),
        Err(Error::UnsupportedOcspRequest(_))
    ));
    let mut per_request = good.clone();
    per_request.tbs_request.request_list = vec![Request {
        single_request_extensions: Some(vec![nonce_ext(false)]),
        ..good.tbs_request.request_list[0].clone()
    }];
    assert!(matches!(
        refuse(&per_request),
        Err(Error::UnsupportedOcspRequest(_))
    ));
    let mut critical = good.clone();
    let mut unknown = nonce_ext(true);
    unknown.extn_id = Oid::new("1.2.3.4").0;
    critical.tbs_request.request_extensions = Some(vec![unknown]);
    assert!(matches!(
        refuse(&critical),
        Err(Error::UnknownCriticalExtension(_))
    ));
    let mut twice = good.clone();
    twice.tbs_request.request_extensions = Some(vec![nonce_ext(false), nonce_ext(false)]);
    assert!(matches!(refuse(&twice), Err(Error::DuplicateExtension(_))));
    let mut md5 = good.clone();
    md5.tbs_request.request_list[0].req_cert.hash_algorithm.oid = Oid::new("1.2.840.113549.2.5").0;
    assert!(matches!(refuse(&md5), Err(Error::UnsupportedAlgorithm(_))));
}

#[test]
fn non_der_and_oversized_requests_are_refused() {
    let (_, _, good) = parts();
    let der = good.to_der().expect("der");
    let mut trailing = der.clone();
    trailing.push(0);
    assert!(matches!(
        OcspRequest::from_der(&trailing),
        Err(Error::BadDer { .. })
    ));
    // The outer length in long form where short form fits: BER, not DER.
    if der.len() < 128 {
        let mut long = vec![0x30, 0x81, der[1]];
        long.extend_from_slice(&der[2..]);
        assert!(matches!(
            OcspRequest::from_der(&long),
            Err(Error::BadDer { .. })
        ));
    }
    let big = vec![0x30; MAX_OCSP_REQUEST_SIZE + 1];
    assert!(matches!(
        OcspRequest::from_der(&big),
        Err(Error::TooLarge { .. })
    ));
}

#[test]
fn other_extensions_are_kept_in_order_and_the_nonce_replaced_in_place() {
    // Found by the ocsp_request fuzzer: a non-critical extension other than the nonce was
    // dropped, so the request did not encode back to what was read.
    let (_, _, good) = parts();
    let mut other = nonce_ext(false);
    other.extn_id = Oid::new("1.3.6.1.5.5.7.48.1.4").0; // id-pkix-ocsp-response (acceptable responses)
    let mut req = good.clone();
    req.tbs_request.request_extensions = Some(vec![nonce_ext(false), other.clone()]);
    let der = req.to_der().expect("der");
    let parsed = OcspRequest::from_der(&der).expect("parses");
    assert_eq!(parsed.to_der().expect("der"), der);
    assert_eq!(parsed.nonce(), Some(&[2u8; 8][..]));
    // A new nonce takes the old one's place; the other extension stays.
    let again = OcspRequest::from_der(&parsed.with_nonce(vec![3; 16]).to_der().expect("der"))
        .expect("parses");
    assert_eq!(again.nonce(), Some(&[3u8; 16][..]));
    assert_eq!(again.extensions.len(), 2);
    assert_eq!(again.extensions[1].extn_id, other.extn_id);
    // An empty requestExtensions is not DER for SIZE (1..MAX).
    let mut empty = good;
    empty.tbs_request.request_extensions = Some(Vec::new());
    assert!(OcspRequest::from_der(&empty.to_der().expect("der")).is_err());
}

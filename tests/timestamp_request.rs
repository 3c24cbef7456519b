//! RFC 3161 requests and responses (issue 17, item 4): a `TimestampRequest` with a random
//! nonce round-trips; the test TSA's answers pass `TimestampResponse::check` and verify; every
//! rule of the request and response parsers and of the check has an input that breaks it and
//! is refused with that rule's error.

use std::collections::BTreeSet;

use jpki_core::testkit::{TEST_TSA_POLICY, TestTsa, TsaFault};
use jpki_core::{
    DerContext, DigestAlgorithm, Error, Limited, MAX_STATUS_STRINGS,
    MAX_TIMESTAMP_REQUEST_EXTENSIONS, Oid, PkiFailureInfo, PkiStatus, TimestampProblem,
    TimestampRequest, TimestampResponse, TimestampVerifier, UnixTime, Verifier,
};

fn gen_time() -> UnixTime {
    UnixTime::parse_rfc3339("2027-03-01T09:00:00Z").unwrap()
}

fn verifier(tsa: &TestTsa) -> TimestampVerifier {
    TimestampVerifier::new(Verifier::new([tsa.root().certificate()]).unwrap())
}

fn bad(problem: TimestampProblem) -> Option<Error> {
    Some(Error::BadTimestamp(problem))
}

/// A DER header and body.
fn tlv(tag: u8, body: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    if body.len() < 0x80 {
        out.push(body.len() as u8);
    } else {
        let len: Vec<u8> = body
            .len()
            .to_be_bytes()
            .into_iter()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(0x80 | len.len() as u8);
        out.extend(len);
    }
    out.extend_from_slice(body);
    out
}

const SHA256: &[u8] = &[
    0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01,
];
const SHA1: &[u8] = &[0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a];

/// A TimeStampReq from its parts (`tail`: what follows messageImprint, raw).
fn raw_request(version: u8, alg: &[u8], digest: &[u8], tail: &[u8]) -> Vec<u8> {
    let imprint = tlv(
        0x30,
        &[tlv(0x30, &[alg, &[0x05, 0x00]].concat()), tlv(0x04, digest)].concat(),
    );
    tlv(
        0x30,
        &[vec![0x02, 0x01, version], imprint, tail.to_vec()].concat(),
    )
}

/// A TimeStampResp from a PKIStatusInfo body and an optional token.
fn raw_response(status_info: &[u8], token: Option<&[u8]>) -> Vec<u8> {
    let mut body = tlv(0x30, status_info);
    body.extend(token.unwrap_or_default());
    tlv(0x30, &body)
}

fn extension(critical: bool) -> Vec<u8> {
    let oid = [0x06, 0x03, 0x2a, 0x03, 0x04];
    let mut body = oid.to_vec();
    if critical {
        body.extend([0x01, 0x01, 0xff]);
    }
    body.extend(tlv(0x04, &[0x05, 0x00]));
    tlv(0x30, &body)
}

#[test]
fn a_request_round_trips_with_a_fresh_positive_128_bit_nonce() {
    let request = TimestampRequest::for_data(DigestAlgorithm::Sha256, &b"contract"[..])
        .unwrap()
        .unwrap()
        .with_policy(TEST_TSA_POLICY)
        .with_cert_req(true);
    use sha2::Digest as _;
    assert_eq!(
        request.hashed_message(),
        &sha2::Sha256::digest(b"contract")[..]
    );
    let der = request.to_der().unwrap();
    let again = TimestampRequest::from_der(&der).unwrap();
    assert_eq!(again, request);
    assert_eq!(again.to_der().unwrap(), der);
    assert_eq!(again.policy(), Some(TEST_TSA_POLICY));
    assert!(again.cert_req());

    // 1,000 requests: every nonce distinct, positive, minimal, of 128 bits at most.
    let mut seen = BTreeSet::new();
    let mut top_bit_set = 0;
    for _ in 0..1000 {
        let r = TimestampRequest::new(DigestAlgorithm::Sha256, &[0; 32]).unwrap();
        let n = r.nonce().unwrap().to_vec();
        assert_eq!(n[0] & 0x80, 0, "negative nonce {n:02x?}");
        assert!(n.len() <= 17);
        // Minimal: a leading 0x00 only as the sign octet of a set top bit.
        if n[0] == 0 {
            assert!(n.len() > 1 && n[1] & 0x80 != 0, "not minimal {n:02x?}");
        }
        if n.len() == 17 {
            top_bit_set += 1;
        }
        assert!(seen.insert(n), "a nonce repeated");
    }
    // About half the draws have the top bit set (a sign octet follows): the 128th bit is random.
    assert!((350..650).contains(&top_bit_set), "{top_bit_set}");
}

#[test]
fn a_request_is_refused_for_each_rule() {
    let digest = [7u8; 32];
    let ok = raw_request(1, SHA256, &digest, &[]);
    assert!(TimestampRequest::from_der(&ok).is_ok());
    assert_eq!(
        TimestampRequest::from_der(&raw_request(2, SHA256, &digest, &[])).err(),
        bad(TimestampProblem::RequestVersion)
    );
    assert_eq!(
        TimestampRequest::from_der(&raw_request(1, SHA256, &[7; 31], &[])).err(),
        bad(TimestampProblem::ImprintLength)
    );
    assert!(matches!(
        TimestampRequest::from_der(&raw_request(1, SHA1, &[7; 20], &[])),
        Err(Error::UnsupportedAlgorithm(_))
    ));
    assert_eq!(
        TimestampRequest::from_der(&raw_request(1, SHA256, &digest, &[0x01, 0x01, 0x00])).err(),
        bad(TimestampProblem::CertReqFalseEncoded)
    );
    let with_ext = |exts: &[Vec<u8>]| raw_request(1, SHA256, &digest, &tlv(0xa0, &exts.concat()));
    let parsed = TimestampRequest::from_der(&with_ext(&[extension(false)])).unwrap();
    assert_eq!(
        parsed.to_der().unwrap(),
        with_ext(&[extension(false)]),
        "non-critical extensions are kept"
    );
    assert_eq!(
        TimestampRequest::from_der(&with_ext(&[extension(true)])).err(),
        bad(TimestampProblem::RequestCriticalExtension)
    );
    let many = vec![extension(false); MAX_TIMESTAMP_REQUEST_EXTENSIONS + 1];
    assert!(matches!(
        TimestampRequest::from_der(&with_ext(&many)),
        Err(Error::TooLarge {
            what: Limited::TimestampRequestExtensions,
            ..
        })
    ));
    // Trailing data, and a BER long-form length, are not DER.
    let mut trailing = ok.clone();
    trailing.push(0);
    assert!(matches!(
        TimestampRequest::from_der(&trailing),
        Err(Error::BadDer {
            context: DerContext::TimeStampReq,
            ..
        })
    ));
    let mut ber = vec![0x30, 0x81, ok[1]];
    ber.extend_from_slice(&ok[2..]);
    assert!(TimestampRequest::from_der(&ber).is_err());
    // The constructor's own rules.
    assert_eq!(
        TimestampRequest::new(DigestAlgorithm::Sha512, &[0; 48]).err(),
        Some(Error::BadTimestamp(TimestampProblem::ImprintLength))
    );
    assert!(matches!(
        TimestampRequest::new(DigestAlgorithm::Sha1, &[0; 20]),
        Err(Error::UnsupportedAlgorithm(_))
    ));
}

#[test]
fn the_test_tsa_answers_and_the_answer_checks_and_verifies() {
    let tsa = TestTsa::new(21);
    let data = b"a receipt to be time-stamped".repeat(100);
    for alg in [
        DigestAlgorithm::Sha256,
        DigestAlgorithm::Sha384,
        DigestAlgorithm::Sha512,
    ] {
        for cert_req in [false, true] {
            let request = TimestampRequest::for_data(alg, &data[..])
                .unwrap()
                .unwrap()
                .with_cert_req(cert_req)
                .with_policy(TEST_TSA_POLICY);
            let response =
                TimestampResponse::from_der(&tsa.respond(&request.to_der().unwrap(), gen_time()))
                    .unwrap();
            assert_eq!(response.status(), PkiStatus::Granted);
            assert_eq!(response.fail_info(), None);
            let token = response.check(&request).unwrap();
            assert_eq!(token.tst_info().nonce(), request.nonce());
            assert_eq!(
                token.signed_data().certificates().len(),
                usize::from(cert_req)
            );
            if cert_req {
                let stamp = verifier(&tsa)
                    .verify_data(&token, &data[..], gen_time())
                    .unwrap()
                    .unwrap();
                assert_eq!(stamp.gen_time(), gen_time());
                let mut altered = data.clone();
                altered[0] ^= 1;
                assert_eq!(
                    verifier(&tsa)
                        .verify_data(&token, &altered[..], gen_time())
                        .unwrap()
                        .err(),
                    bad(TimestampProblem::ImprintMismatch)
                );
            }
        }
    }
}

#[test]
fn each_check_rule_refuses_a_wrong_answer() {
    let request = TimestampRequest::new(DigestAlgorithm::Sha256, &[3; 32])
        .unwrap()
        .with_policy(TEST_TSA_POLICY)
        .with_cert_req(true);
    let der = request.to_der().unwrap();
    let answer = |fault| {
        TimestampResponse::from_der(&TestTsa::with_fault(21, fault).respond(&der, gen_time()))
            .unwrap()
    };
    assert_eq!(
        answer(TsaFault::WrongNonce).check(&request).err(),
        bad(TimestampProblem::NonceMismatch)
    );
    assert_eq!(
        answer(TsaFault::WrongImprint).check(&request).err(),
        bad(TimestampProblem::ImprintMismatch)
    );
    assert_eq!(
        answer(TsaFault::WrongPolicy).check(&request).err(),
        bad(TimestampProblem::PolicyMismatch)
    );
    assert_eq!(
        answer(TsaFault::IgnoreCertReq).check(&request).err(),
        bad(TimestampProblem::CertificateMissing)
    );
    let rejected = answer(TsaFault::Rejection);
    assert_eq!(rejected.status(), PkiStatus::Rejection);
    assert_eq!(rejected.fail_info(), Some(PkiFailureInfo::BAD_REQUEST));
    assert_eq!(
        rejected.status_strings(),
        ["refused by the jpki-core test TSA"]
    );
    assert!(rejected.token().is_none());
    assert_eq!(
        rejected.check(&request).err(),
        bad(TimestampProblem::Rejected)
    );

    // Without reqPolicy or certReq, those two rules do not apply.
    let plain = TimestampRequest::new(DigestAlgorithm::Sha256, &[3; 32]).unwrap();
    let plain_der = plain.to_der().unwrap();
    for fault in [TsaFault::WrongPolicy, TsaFault::IgnoreCertReq] {
        let response = TimestampResponse::from_der(
            &TestTsa::with_fault(21, fault).respond(&plain_der, gen_time()),
        )
        .unwrap();
        assert!(response.check(&plain).is_ok(), "{fault:?}");
    }
    // The answer to another request, even for the same digest, is refused on its nonce.
    let other = TimestampRequest::new(DigestAlgorithm::Sha256, &[3; 32]).unwrap();
    let theirs = TimestampResponse::from_der(
        &TestTsa::new(21).respond(&other.to_der().unwrap(), gen_time()),
    )
    .unwrap();
    assert_eq!(
        theirs.check(&plain).err(),
        bad(TimestampProblem::NonceMismatch)
    );
    // A policy the TSA does not serve: rejected with unacceptedPolicy.
    let unserved = plain.clone().with_policy("1.2.3.4".parse::<Oid>().unwrap());
    let response = TimestampResponse::from_der(
        &TestTsa::new(21).respond(&unserved.to_der().unwrap(), gen_time()),
    )
    .unwrap();
    assert_eq!(
        response.fail_info(),
        Some(PkiFailureInfo::UNACCEPTED_POLICY)
    );
    assert_eq!(
        response.check(&unserved).err(),
        bad(TimestampProblem::Rejected)
    );
}

#[test]
fn a_response_is_refused_for_each_rule() {
    let status = |n: u8| vec![0x02, 0x01, n];
    let token = TestTsa::new(21).stamp_data(b"x", gen_time());
    let request = TimestampRequest::new(DigestAlgorithm::Sha256, &[0; 32]).unwrap();
    // The statuses that grant nothing, each its own refusal.
    for (n, status_enum, problem) in [
        (2, PkiStatus::Rejection, TimestampProblem::Rejected),
        (3, PkiStatus::Waiting, TimestampProblem::Waiting),
        (
            4,
            PkiStatus::RevocationWarning,
            TimestampProblem::RevocationWarning,
        ),
        (
            5,
            PkiStatus::RevocationNotification,
            TimestampProblem::RevocationNotification,
        ),
    ] {
        let response = TimestampResponse::from_der(&raw_response(&status(n), None)).unwrap();
        assert_eq!(response.status(), status_enum);
        assert_eq!(response.check(&request).err(), bad(problem));
        assert_eq!(
            TimestampResponse::from_der(&raw_response(&status(n), Some(&token))).err(),
            bad(TimestampProblem::TokenWithoutGrant)
        );
    }
    for n in [0, 1] {
        assert_eq!(
            TimestampResponse::from_der(&raw_response(&status(n), None)).err(),
            bad(TimestampProblem::TokenMissing)
        );
        let granted = TimestampResponse::from_der(&raw_response(&status(n), Some(&token))).unwrap();
        assert!(granted.status().is_granted());
        // The token answers no request of ours: no nonce.
        assert_eq!(
            granted.check(&request).err(),
            bad(TimestampProblem::NonceMismatch)
        );
    }
    assert_eq!(
        TimestampResponse::from_der(&raw_response(&status(6), None)).err(),
        bad(TimestampProblem::UnknownStatus)
    );
    assert_eq!(
        TimestampResponse::from_der(&raw_response(&[0x02, 0x01, 0xff], None)).err(),
        bad(TimestampProblem::UnknownStatus)
    );
    // statusString: one or more UTF8Strings, at most MAX_STATUS_STRINGS.
    let strings = |n: usize| tlv(0x30, &tlv(0x0c, b"why").repeat(n));
    assert_eq!(
        TimestampResponse::from_der(&raw_response(&[status(2), strings(0)].concat(), None)).err(),
        bad(TimestampProblem::StatusString)
    );
    let most = TimestampResponse::from_der(&raw_response(
        &[status(2), strings(MAX_STATUS_STRINGS)].concat(),
        None,
    ))
    .unwrap();
    assert_eq!(most.status_strings().len(), MAX_STATUS_STRINGS);
    assert!(matches!(
        TimestampResponse::from_der(&raw_response(
            &[status(2), strings(MAX_STATUS_STRINGS + 1)].concat(),
            None
        )),
        Err(Error::TooLarge {
            what: Limited::StatusStrings,
            ..
        })
    ));
    let printable = tlv(0x30, &tlv(0x13, b"why"));
    assert!(matches!(
        TimestampResponse::from_der(&raw_response(&[status(2), printable].concat(), None)),
        Err(Error::BadDer {
            context: DerContext::TimeStampResp,
            ..
        })
    ));
    // failInfo: a DER named bit list of at most 32 bits.
    let fail = |bits: &[u8]| raw_response(&[status(2), tlv(0x03, bits)].concat(), None);
    let info = |bits: &[u8]| TimestampResponse::from_der(&fail(bits)).map(|r| r.fail_info());
    assert_eq!(info(&[0x07, 0x80]), Ok(Some(PkiFailureInfo::BAD_ALG)));
    assert_eq!(
        info(&[0x06, 0x00, 0x00, 0x00, 0x40]),
        Ok(Some(PkiFailureInfo::SYSTEM_FAILURE))
    );
    assert_eq!(info(&[0x00]), Ok(Some(PkiFailureInfo::from_bits(0))));
    for refused in [
        &[0x05, 0x40][..],                     // a trailing zero bit
        &[0x00, 0x20, 0x00],                   // a trailing zero octet
        &[0x00, 0x01, 0x00, 0x00, 0x00, 0x80], // bit 32
    ] {
        assert_eq!(
            TimestampResponse::from_der(&fail(refused)).err(),
            bad(TimestampProblem::FailInfo),
            "{refused:02x?}"
        );
    }
}

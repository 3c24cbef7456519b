//! RFC 3161 time-stamp tokens made by the test TSA: valid tokens (RSA and P-384) verify, and
//! every rule of the TSTInfo parser and the token verifier has a token that breaks it and is
//! refused with that rule's error.

use jpki_core::testkit::{KeyType, TestCa, TestTsa, TsaFault, TstInfoSpec};
use jpki_core::{
    DigestAlgorithm, Error, Limited, TimestampAccuracy, TimestampProblem, TimestampToken,
    TimestampVerifier, TstInfo, UnixTime, Verifier,
};

fn gen_time() -> UnixTime {
    UnixTime::parse_rfc3339("2027-03-01T09:00:00Z").unwrap()
}

fn now() -> UnixTime {
    UnixTime::parse_rfc3339("2027-12-01T00:00:00Z").unwrap()
}

fn verifier(tsa: &TestTsa) -> TimestampVerifier {
    TimestampVerifier::new(Verifier::new([tsa.root().certificate()]).unwrap())
}

fn spec() -> TstInfoSpec {
    TstInfoSpec::new(DigestAlgorithm::Sha256, vec![0x11; 32], gen_time())
}

fn parse(spec: &TstInfoSpec) -> Result<TstInfo, Error> {
    TstInfo::from_der(&spec.to_der())
}

fn refused(spec: &TstInfoSpec) -> TimestampProblem {
    match parse(spec) {
        Err(Error::BadTimestamp(p)) => p,
        other => panic!("expected a timestamp refusal, got {other:?}"),
    }
}

#[test]
fn a_token_over_data_verifies_with_rsa_and_p384() {
    for tsa in [
        TestTsa::new(7),
        TestTsa::with_key_type(7, KeyType::EcdsaP384),
    ] {
        let data = vec![0x5a; 100_000];
        let token = TimestampToken::from_der(&tsa.stamp_data(&data, gen_time())).unwrap();
        let stamp = verifier(&tsa)
            .verify_data(&token, &data[..], now())
            .unwrap()
            .unwrap();
        assert_eq!(stamp.gen_time(), gen_time());
        assert_eq!(
            stamp.tst_info().policy(),
            jpki_core::testkit::TEST_TSA_POLICY
        );
        assert_eq!(stamp.tst_info().serial().as_bytes(), [1]);
        assert_eq!(
            stamp.tsa_certificate().certificate(),
            &tsa.certificate().certificate()
        );
        let mut other = data.clone();
        other[99_999] ^= 1;
        assert_eq!(
            verifier(&tsa)
                .verify_data(&token, &other[..], now())
                .unwrap()
                .err(),
            Some(Error::BadTimestamp(TimestampProblem::ImprintMismatch))
        );
    }
}

#[test]
fn the_tsa_must_chain_to_the_tsa_anchors_not_the_jpki_ones() {
    let tsa = TestTsa::new(7);
    let token = TimestampToken::from_der(&tsa.stamp_data(b"x", gen_time())).unwrap();
    let jpki = TimestampVerifier::new(
        Verifier::new([TestCa::new(7).signing_root().certificate()]).unwrap(),
    );
    // The token's own refusal, wrapped: to whoever relies on the time it is a bad timestamp.
    let unknown = Error::InvalidTimestamp(Box::new(Error::UnknownIssuer));
    assert_eq!(unknown.check_name(), "bad_timestamp");
    assert_eq!(jpki.verify(&token, now()).err(), Some(unknown));
    let other_tsa = TestTsa::new(8);
    assert_eq!(
        verifier(&other_tsa).verify(&token, now()).err(),
        Some(Error::InvalidTimestamp(Box::new(Error::UnknownIssuer)))
    );
}

#[test]
fn every_tsa_fault_is_refused_with_its_rule() {
    let cases = [
        (TsaFault::NoEku, TimestampProblem::EkuMissing),
        (TsaFault::EkuNotCritical, TimestampProblem::EkuNotCritical),
        (TsaFault::EkuNotExclusive, TimestampProblem::EkuNotExclusive),
        (
            TsaFault::NoSigningCertificate,
            TimestampProblem::NoSigningCertificate,
        ),
        (
            TsaFault::SigningCertificateOther,
            TimestampProblem::SigningCertificateMismatch,
        ),
        (
            TsaFault::IssuerSerialOther,
            TimestampProblem::SigningCertificateMismatch,
        ),
    ];
    for (fault, problem) in cases {
        let tsa = TestTsa::with_fault(7, fault);
        let token = TimestampToken::from_der(&tsa.stamp_data(b"x", gen_time())).unwrap();
        let got = verifier(&tsa).verify(&token, now()).err();
        assert_eq!(got, Some(Error::BadTimestamp(problem)), "{fault:?}");
        assert_eq!(got.unwrap().check_name(), "bad_timestamp");
    }
}

#[test]
fn the_tsa_certificate_must_be_valid_at_gen_time() {
    let tsa = TestTsa::new(7);
    // genTime before the TSA certificate's notBefore (2026-01-01).
    let early = UnixTime::parse_rfc3339("2025-06-01T00:00:00Z").unwrap();
    let token = TimestampToken::from_der(&tsa.stamp_data(b"x", early)).unwrap();
    assert_eq!(
        verifier(&tsa).verify(&token, now()).err(),
        Some(Error::BadTimestamp(TimestampProblem::TsaNotValidAtGenTime))
    );
}

#[test]
fn a_tampered_token_is_refused() {
    let tsa = TestTsa::new(7);
    let mut der = tsa.stamp_data(b"x", gen_time());
    // genTime's last digit before `Z` inside the TSTInfo: the signed content changes.
    let pos = der
        .windows(15)
        .position(|w| w == b"20270301090000Z")
        .unwrap();
    der[pos + 13] = b'1';
    let token = TimestampToken::from_der(&der).unwrap();
    assert_eq!(token.tst_info().gen_time(), gen_time().plus_seconds(1));
    assert_eq!(
        verifier(&tsa).verify(&token, now()).err(),
        Some(Error::InvalidTimestamp(Box::new(Error::ContentMismatch)))
    );
}

#[test]
fn tst_info_fields_are_read() {
    let mut s = spec();
    s.serial = vec![0x00, 0x80, 0x01];
    s.gen_time_text = Some("20270301090000.123456789Z".into());
    s.accuracy = Some((Some(1), Some(500), None));
    s.ordering = Some(true);
    s.nonce = Some(vec![0x7f; 16]);
    let tst = parse(&s).unwrap();
    assert_eq!(tst.serial().as_bytes(), [0x80, 0x01]);
    assert_eq!(tst.gen_time(), gen_time());
    assert_eq!(tst.gen_time_nanos(), 123_456_789);
    assert_eq!(
        tst.accuracy(),
        Some(TimestampAccuracy {
            seconds: 1,
            millis: 500,
            micros: 0
        })
    );
    assert!(tst.ordering());
    assert_eq!(tst.nonce(), Some(&[0x7f; 16][..]));
    assert_eq!(tst.tsa_name_der(), None);
}

#[test]
fn every_tst_info_rule_has_a_refusal() {
    let mut s = spec();
    s.version = 2;
    assert_eq!(refused(&s), TimestampProblem::Version);

    let mut s = spec();
    s.hashed_message = vec![0; 31];
    assert_eq!(refused(&s), TimestampProblem::ImprintLength);
    let mut s = spec();
    s.hash = DigestAlgorithm::Sha384;
    assert_eq!(refused(&s), TimestampProblem::ImprintLength);

    for serial in [vec![0x00], vec![0xff], vec![0x01; 21]] {
        let mut s = spec();
        s.serial = serial;
        assert_eq!(refused(&s), TimestampProblem::Serial);
    }

    for text in [
        "20270301090000.10Z",
        "20270301090000.Z",
        "20270301090000.1234567891Z",
        "20270301090000",
        "202703010900Z",
        "20270301090000+0900",
        "20270230090000Z",
        "20270301250000Z",
        "2027030109000aZ",
        "20270301090000,5Z",
    ] {
        let mut s = spec();
        s.gen_time_text = Some(text.into());
        assert_eq!(refused(&s), TimestampProblem::GenTime, "{text}");
    }

    for accuracy in [(None, Some(0), None), (None, None, Some(1000))] {
        let mut s = spec();
        s.accuracy = Some(accuracy);
        assert_eq!(refused(&s), TimestampProblem::Accuracy);
    }

    let mut s = spec();
    s.ordering = Some(false);
    assert_eq!(refused(&s), TimestampProblem::OrderingFalseEncoded);

    // A critical extension (1.3.6.1.4.1.99999.9, critical, NULL).
    let critical = vec![
        0x30, 0x12, 0x06, 0x09, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x86, 0x8d, 0x1f, 0x09, 0x01, 0x01,
        0xff, 0x04, 0x02, 0x05, 0x00,
    ];
    let mut s = spec();
    s.extensions = Some(critical.clone());
    assert_eq!(refused(&s), TimestampProblem::CriticalExtension);
    // The same, not critical, is read.
    let mut plain = critical.clone();
    plain.drain(13..16);
    plain[1] = 0x0f;
    let mut s = spec();
    s.extensions = Some(plain.clone());
    assert!(parse(&s).is_ok());
    // More than MAX_TST_INFO_EXTENSIONS.
    let mut s = spec();
    s.extensions = Some(plain.repeat(jpki_core::MAX_TST_INFO_EXTENSIONS + 1));
    assert!(matches!(
        parse(&s),
        Err(Error::TooLarge {
            what: Limited::TstInfoExtensions,
            ..
        })
    ));
}

#[test]
fn token_shape_rules() {
    use jpki_core::testkit::{CmsBuilder, HolderSpec};
    let holder = TestCa::new(7).issue_signing(&HolderSpec::example());
    let plain = CmsBuilder::new(b"x".to_vec()).signer(&holder).build();
    assert!(matches!(
        TimestampToken::from_der(&plain),
        Err(Error::BadTimestamp(TimestampProblem::NotTstInfo))
    ));
}

/// A token bound by the RFC 2634 signing-certificate (SHA-1 certHash) instead of -v2.
fn token_with_ess_v1(tsa: &TestTsa, cert_hash: &[u8]) -> TimestampToken {
    use jpki_core::Oid;
    use jpki_core::testkit::{CmsBuilder, TestAttribute};
    let mut value = vec![0x30, 0x1a, 0x30, 0x18, 0x30, 0x16, 0x04, 0x14];
    value.extend_from_slice(cert_hash);
    let tst = TstInfoSpec::new(DigestAlgorithm::Sha256, sha256(b"x"), gen_time());
    let der = CmsBuilder::new(tst.to_der())
        .content_type("1.2.840.113549.1.9.16.1.4".parse::<Oid>().unwrap())
        .signer_with(tsa.certificate(), |s| {
            s.extra_signed_attributes.push(TestAttribute::new(
                "1.2.840.113549.1.9.16.2.12".parse::<Oid>().unwrap(),
                vec![value],
            ));
        })
        .build();
    TimestampToken::from_der(&der).unwrap()
}

fn sha256(data: &[u8]) -> Vec<u8> {
    use sha2::Digest as _;
    sha2::Sha256::digest(data).to_vec()
}

#[test]
fn the_rfc_2634_signing_certificate_binds_by_sha1() {
    use sha1::Digest as _;
    let tsa = TestTsa::new(7);
    let right = sha1::Sha1::digest(&tsa.certificate().der).to_vec();
    let token = token_with_ess_v1(&tsa, &right);
    assert!(verifier(&tsa).verify(&token, now()).is_ok());
    let wrong = sha1::Sha1::digest(&tsa.root().der).to_vec();
    let token = token_with_ess_v1(&tsa, &wrong);
    assert_eq!(
        verifier(&tsa).verify(&token, now()).err(),
        Some(Error::BadTimestamp(
            TimestampProblem::SigningCertificateMismatch
        ))
    );
}

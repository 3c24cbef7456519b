//! Signature time-stamps (CAdES-T, RFC 3161 Appendix A): a signer whose signature carries a
//! valid token is validated at the token's genTime — the moved-house case — and every way a
//! token can be wrong refuses the signer as a bad timestamp.

use jpki_core::testkit::{
    CmsBuilder, CrlSpec, HolderSpec, IssuedCert, KeyType, SignatureTimestampSpec, TestCa, TestTsa,
    TsaFault,
};
use jpki_core::{
    CrlReason, DigestAlgorithm, Error, Limited, MAX_SIGNATURE_TIMESTAMPS, RevocationIndex,
    SignedData, SignedDataReport, SignedDataVerifier, TimestampProblem, TimestampVerifier,
    UnixTime, Verifier,
};

fn t(s: &str) -> UnixTime {
    UnixTime::parse_rfc3339(s).unwrap()
}

/// March: the contract is signed and stamped.
fn signed_at() -> UnixTime {
    t("2027-03-01T09:00:00Z")
}

/// June: the holder moves house and the certificate is revoked.
fn moved() -> UnixTime {
    t("2027-06-01T00:00:00Z")
}

/// December: the contract is checked.
fn now() -> UnixTime {
    t("2027-12-01T00:00:00Z")
}

struct World {
    ca: TestCa,
    holder: IssuedCert,
    tsa: TestTsa,
}

fn world() -> World {
    let ca = TestCa::new(17);
    let holder = ca.issue_signing(&HolderSpec::example());
    World {
        ca,
        holder,
        tsa: TestTsa::new(17),
    }
}

impl World {
    /// The JPKI verifier with a December CRL that lists the holder revoked at `revoked_at`.
    fn jpki(&self, revoked_at: UnixTime) -> Verifier {
        let crl = self.ca.issue_crl(&CrlSpec::signing(now()).revoke(
            self.holder.serial,
            revoked_at,
            Some(CrlReason::AffiliationChanged),
        ));
        let mut index = RevocationIndex::new(self.ca.signing_root().certificate()).unwrap();
        index.insert_der(&crl).unwrap();
        Verifier::new([self.ca.signing_root().certificate()])
            .unwrap()
            .with_revocation(index)
    }

    fn tsa_verifier(&self) -> TimestampVerifier {
        TimestampVerifier::new(Verifier::new([self.tsa.root().certificate()]).unwrap())
    }

    fn verify(&self, der: &[u8], revoked_at: UnixTime) -> SignedDataReport {
        SignedDataVerifier::new(self.jpki(revoked_at))
            .with_timestamps(self.tsa_verifier())
            .verify(&SignedData::from_der(der).unwrap(), now())
    }

    fn stamped(&self, edit: impl FnOnce(&mut Vec<SignatureTimestampSpec>)) -> Vec<u8> {
        let mut stamps = vec![SignatureTimestampSpec::new(&self.tsa, signed_at())];
        edit(&mut stamps);
        CmsBuilder::new(b"lease agreement".to_vec())
            .signer_with(&self.holder, |s| s.signature_timestamps = stamps)
            .build()
    }
}

fn signer_error(report: &SignedDataReport) -> Error {
    report.signers()[0].result().unwrap_err().clone()
}

#[test]
fn moved_house_a_timestamped_signature_stays_valid_and_an_untimestamped_copy_is_revoked() {
    let w = world();
    let stamped = w.stamped(|_| {});
    let report = w.verify(&stamped, moved());
    assert!(report.is_valid(), "{:?}", report.error());
    let signer = report.signers()[0].result().unwrap();
    assert_eq!(signer.timestamp(), Some(signed_at()));
    assert_eq!(signer.checked_at(), signed_at());
    assert_eq!(report.signers()[0].timestamp(), Some(signed_at()));
    assert_eq!(report.signers()[0].checked_at(), Some(signed_at()));

    // The same contract without its timestamp: validated in December, revoked.
    let plain = CmsBuilder::new(b"lease agreement".to_vec())
        .signer(&w.holder)
        .build();
    let report = w.verify(&plain, moved());
    assert!(matches!(signer_error(&report), Error::Revoked { .. }));
    assert_eq!(report.signers()[0].timestamp(), None);
    assert_eq!(report.signers()[0].checked_at(), Some(now()));
}

#[test]
fn without_a_tsa_verifier_tokens_are_not_read() {
    let w = world();
    let signed = SignedData::from_der(&w.stamped(|_| {})).unwrap();
    let report = SignedDataVerifier::new(w.jpki(moved())).verify(&signed, now());
    assert!(matches!(report.error(), Some(Error::Revoked { .. })));
}

#[test]
fn revoked_before_the_timestamp_is_refused() {
    let w = world();
    let report = w.verify(&w.stamped(|_| {}), signed_at().minus_seconds(60));
    assert!(matches!(signer_error(&report), Error::Revoked { .. }));
    // The timestamp was valid and was the time used.
    assert_eq!(report.signers()[0].checked_at(), Some(signed_at()));
}

#[test]
fn no_revocation_data_speaking_for_gen_time_fails_closed() {
    let w = world();
    // Only a CRL of another CA: the holder's status at genTime is unknown.
    let other = TestCa::new(99);
    let mut index = RevocationIndex::new(other.signing_root().certificate()).unwrap();
    index
        .insert_der(&other.issue_crl(&CrlSpec::signing(now())))
        .unwrap();
    let jpki = Verifier::new([w.ca.signing_root().certificate()])
        .unwrap()
        .with_revocation(index);
    let report = SignedDataVerifier::new(jpki)
        .with_timestamps(w.tsa_verifier())
        .verify(&SignedData::from_der(&w.stamped(|_| {})).unwrap(), now());
    assert!(matches!(signer_error(&report), Error::RevocationUnknown(_)));
}

#[test]
fn a_crl_carried_in_the_signed_data_speaks_for_gen_time() {
    let w = world();
    let crl = w.ca.issue_crl(&CrlSpec::signing(now()).revoke(
        w.holder.serial,
        moved(),
        Some(CrlReason::AffiliationChanged),
    ));
    let der = CmsBuilder::new(b"lease agreement".to_vec())
        .signer(&w.holder)
        .timestamped(&w.tsa, signed_at())
        .crl(crl)
        .build();
    let jpki = Verifier::new([w.ca.signing_root().certificate()]).unwrap();
    let report = SignedDataVerifier::new(jpki)
        .with_timestamps(w.tsa_verifier())
        .verify(&SignedData::from_der(&der).unwrap(), now());
    assert!(report.is_valid(), "{:?}", report.error());
}

#[test]
fn the_earliest_valid_timestamp_counts() {
    let w = world();
    let earlier = signed_at().minus_seconds(3600);
    let der = w.stamped(|s| s.push(SignatureTimestampSpec::new(&w.tsa, earlier)));
    let report = w.verify(&der, moved());
    assert!(report.is_valid(), "{:?}", report.error());
    assert_eq!(report.signers()[0].timestamp(), Some(earlier));
}

#[test]
fn a_p384_tsa_and_a_sha384_imprint_verify() {
    let w = world();
    let p384 = TestTsa::with_key_type(17, KeyType::EcdsaP384);
    let mut stamp = SignatureTimestampSpec::new(&p384, signed_at());
    stamp.hash = DigestAlgorithm::Sha384;
    let der = CmsBuilder::new(b"x".to_vec())
        .signer_with(&w.holder, |s| s.signature_timestamps = vec![stamp])
        .build();
    let report = SignedDataVerifier::new(w.jpki(moved()))
        .with_timestamps(TimestampVerifier::new(
            Verifier::new([p384.root().certificate()]).unwrap(),
        ))
        .verify(&SignedData::from_der(&der).unwrap(), now());
    assert!(report.is_valid(), "{:?}", report.error());
}

#[test]
fn an_imprint_over_other_bytes_is_a_bad_timestamp() {
    let w = world();
    let report = w.verify(&w.stamped(|s| s[0].wrong_imprint = true), moved());
    let e = signer_error(&report);
    assert_eq!(e, Error::BadTimestamp(TimestampProblem::ImprintMismatch));
    assert_eq!(e.check_name(), "bad_timestamp");
    assert_eq!(report.signers()[0].checked_at(), None);
}

#[test]
fn a_token_whose_signature_is_bad_is_an_invalid_timestamp() {
    let w = world();
    let report = w.verify(&w.stamped(|s| s[0].corrupt_token = true), moved());
    let e = signer_error(&report);
    assert_eq!(e, Error::InvalidTimestamp(Box::new(Error::BadSignature)));
    assert_eq!(e.check_name(), "bad_timestamp");
}

#[test]
fn a_tsa_outside_the_tsa_anchors_is_an_invalid_timestamp() {
    let w = world();
    let stranger = TestTsa::new(4242);
    let report = w.verify(
        &w.stamped(|s| s[0] = SignatureTimestampSpec::new(&stranger, signed_at())),
        moved(),
    );
    assert_eq!(
        signer_error(&report),
        Error::InvalidTimestamp(Box::new(Error::UnknownIssuer))
    );
    // The JPKI anchors never vouch for a TSA either.
    let jpki_as_tsa =
        TimestampVerifier::new(Verifier::new([w.ca.signing_root().certificate()]).unwrap());
    let report = SignedDataVerifier::new(w.jpki(moved()))
        .with_timestamps(jpki_as_tsa)
        .verify(&SignedData::from_der(&w.stamped(|_| {})).unwrap(), now());
    assert_eq!(signer_error(&report).check_name(), "bad_timestamp");
}

#[test]
fn tsa_certificate_faults_are_bad_timestamps() {
    let w = world();
    for (fault, problem) in [
        (TsaFault::NoEku, TimestampProblem::EkuMissing),
        (TsaFault::EkuNotCritical, TimestampProblem::EkuNotCritical),
        (TsaFault::EkuNotExclusive, TimestampProblem::EkuNotExclusive),
        (
            TsaFault::NoSigningCertificate,
            TimestampProblem::NoSigningCertificate,
        ),
    ] {
        let bad = TestTsa::with_fault(17, fault);
        let report = w.verify(
            &w.stamped(|s| s[0] = SignatureTimestampSpec::new(&bad, signed_at())),
            moved(),
        );
        assert_eq!(
            signer_error(&report),
            Error::BadTimestamp(problem),
            "{fault:?}"
        );
    }
}

#[test]
fn an_invalid_timestamp_beside_a_valid_one_is_reported_not_skipped() {
    let w = world();
    let der = w.stamped(|s| {
        let mut bad = SignatureTimestampSpec::new(&w.tsa, signed_at().minus_seconds(60));
        bad.wrong_imprint = true;
        s.push(bad);
    });
    let report = w.verify(&der, moved());
    assert_eq!(
        signer_error(&report),
        Error::BadTimestamp(TimestampProblem::ImprintMismatch)
    );
}

#[test]
fn too_many_timestamps_are_refused() {
    let w = world();
    let der = w.stamped(|s| {
        for i in 0..MAX_SIGNATURE_TIMESTAMPS {
            s.push(SignatureTimestampSpec::new(
                &w.tsa,
                signed_at().plus_seconds(i as u64 + 1),
            ));
        }
    });
    let report = w.verify(&der, moved());
    assert!(matches!(
        signer_error(&report),
        Error::TooLarge {
            what: Limited::SignatureTimestamps,
            ..
        }
    ));
}

#[test]
fn a_timestamp_later_than_the_callers_time_proves_nothing() {
    let w = world();
    let later = now().plus_seconds(86_400);
    let der = w.stamped(|s| s[0] = SignatureTimestampSpec::new(&w.tsa, later));
    let report = w.verify(&der, t("2028-06-01T00:00:00Z"));
    let signer = report.signers()[0].result().unwrap();
    assert_eq!(signer.timestamp(), None);
    assert_eq!(signer.checked_at(), now());
}

#[test]
fn a_bad_signer_signature_is_reported_before_its_timestamp() {
    let w = world();
    let der = CmsBuilder::new(b"x".to_vec())
        .signer_with(&w.holder, |s| {
            s.corrupt_signature = true;
            let mut stamp = SignatureTimestampSpec::new(&w.tsa, signed_at());
            stamp.wrong_imprint = true;
            s.signature_timestamps = vec![stamp];
        })
        .build();
    let report = w.verify(&der, moved());
    assert_eq!(signer_error(&report), Error::BadSignature);
}

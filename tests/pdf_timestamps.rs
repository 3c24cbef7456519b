//! Time in signed PDFs: a signature's certificate is validated at the earliest valid
//! time-stamp that covers it (its own PAdES B-T signature time-stamp, or a later document
//! timestamp), else at the caller's time; revocation data may come from the document security
//! store. The moved-house case, in a PDF.

use jpki_core::testkit::{
    CrlSpec, HolderSpec, IssuedCert, SignatureTimestampSpec, SignedPdfBuilder, TestCa, TestTsa,
};
use jpki_core::{
    CrlReason, Error, PdfReport, PdfVerifier, RevocationIndex, SignedDataVerifier,
    TimestampProblem, TimestampVerifier, UnixTime, Verifier,
};

fn t(s: &str) -> UnixTime {
    UnixTime::parse_rfc3339(s).unwrap()
}

fn march() -> UnixTime {
    t("2027-03-01T09:00:00Z")
}

fn june() -> UnixTime {
    t("2027-06-01T00:00:00Z")
}

fn december() -> UnixTime {
    t("2027-12-01T00:00:00Z")
}

struct World {
    ca: TestCa,
    holder: IssuedCert,
    tsa: TestTsa,
}

fn world() -> World {
    let ca = TestCa::new(20);
    let holder = ca.issue_signing(&HolderSpec::example());
    World {
        ca,
        holder,
        tsa: TestTsa::new(20),
    }
}

impl World {
    /// The December CRL: the holder revoked at `revoked_at` (affiliationChanged).
    fn crl(&self, revoked_at: UnixTime) -> Vec<u8> {
        self.ca.issue_crl(&CrlSpec::signing(december()).revoke(
            self.holder.serial,
            revoked_at,
            Some(CrlReason::AffiliationChanged),
        ))
    }

    /// The JPKI side, with the December CRL when `revoked_at` is given.
    fn signed(&self, revoked_at: Option<UnixTime>) -> SignedDataVerifier {
        let mut verifier = Verifier::new([self.ca.signing_root().certificate()]).unwrap();
        if let Some(r) = revoked_at {
            let mut index = RevocationIndex::new(self.ca.signing_root().certificate()).unwrap();
            index.insert_der(&self.crl(r)).unwrap();
            verifier = verifier.with_revocation(index);
        }
        SignedDataVerifier::new(verifier)
    }

    fn tsa(&self) -> TimestampVerifier {
        TimestampVerifier::new(Verifier::new([self.tsa.root().certificate()]).unwrap())
    }

    fn verify(&self, pdf: &[u8], revoked_at: Option<UnixTime>) -> PdfReport {
        PdfVerifier::new(self.signed(revoked_at))
            .with_timestamps(self.tsa())
            .verify(pdf, december())
            .unwrap()
    }
}

#[test]
fn a_document_timestamp_proves_the_signature_was_made_before_the_move() {
    let w = world();
    let pdf = SignedPdfBuilder::new()
        .sign(&w.holder)
        .document_timestamp(&w.tsa, march())
        .build();
    let report = w.verify(&pdf, Some(june()));
    assert!(report.is_valid(), "{:?}", report.error());
    let [sig, ts] = report.signatures() else {
        panic!("two signatures expected");
    };
    assert_eq!(sig.checked_at(), Some(march()));
    assert_eq!(sig.timestamp(), Some(march()));
    assert_eq!(ts.sub_filter(), "ETSI.RFC3161");
    assert_eq!(ts.timestamp(), Some(march()));
    assert_eq!(ts.checked_at(), Some(december()));
    assert_eq!(sig.later_revisions(), 1);
    assert!(!sig.modified_after_signing());

    // Without the document timestamp the signature is checked in December: revoked.
    let plain = SignedPdfBuilder::new().sign(&w.holder).build();
    let report = w.verify(&plain, Some(june()));
    assert!(matches!(report.error(), Some(Error::Revoked { .. })));
    assert_eq!(report.signatures()[0].checked_at(), Some(december()));
}

#[test]
fn without_a_tsa_verifier_a_document_timestamp_is_unavailable() {
    let w = world();
    let pdf = SignedPdfBuilder::new()
        .sign(&w.holder)
        .document_timestamp(&w.tsa, march())
        .build();
    let report = PdfVerifier::new(w.signed(Some(june())))
        .verify(&pdf, december())
        .unwrap();
    assert!(matches!(
        report.signatures()[0].error(),
        Some(Error::Revoked { .. })
    ));
    assert_eq!(
        report.signatures()[1].error(),
        Some(&Error::TimestampUnavailable)
    );
}

#[test]
fn a_pades_b_t_signature_time_stamp_counts() {
    let w = world();
    let pdf = SignedPdfBuilder::new()
        .sign_cades(&w.holder)
        .timestamped(&w.tsa, march())
        .build();
    let report = w.verify(&pdf, Some(june()));
    assert!(report.is_valid(), "{:?}", report.error());
    assert_eq!(report.signatures()[0].checked_at(), Some(march()));
    // Revoked before the timestamp: refused.
    let report = w.verify(&pdf, Some(march().minus_seconds(60)));
    assert!(matches!(report.error(), Some(Error::Revoked { .. })));
}

#[test]
fn the_earliest_covering_timestamp_counts() {
    let w = world();
    let earlier = march().minus_seconds(86_400);
    let pdf = SignedPdfBuilder::new()
        .sign_cades(&w.holder)
        .timestamped(&w.tsa, earlier)
        .document_timestamp(&w.tsa, march())
        .build();
    let report = w.verify(&pdf, Some(june()));
    assert!(report.is_valid(), "{:?}", report.error());
    assert_eq!(report.signatures()[0].checked_at(), Some(earlier));
}

/// In the strict mode a later signature is a change after the earlier one (only document
/// security data and document timestamps may follow a signature): the earlier signature is
/// reported as modified, with the time it was validated at.
#[test]
fn a_document_timestamp_covers_only_the_signatures_before_it() {
    let w = world();
    let second = w.ca.issue_signing(&HolderSpec::example());
    let pdf = SignedPdfBuilder::new()
        .sign(&w.holder)
        .document_timestamp(&w.tsa, march())
        .sign(&second)
        .build();
    let report = PdfVerifier::new(w.signed(None))
        .with_timestamps(w.tsa())
        .verify(&pdf, december())
        .unwrap();
    let sigs = report.signatures();
    assert!(sigs[0].modified_after_signing());
    assert_eq!(sigs[0].error(), Some(&Error::ModifiedAfterSigning));
    assert!(sigs[0].cms().unwrap().is_valid());
    assert_eq!(sigs[0].checked_at(), Some(march()));
    assert_eq!(sigs[1].timestamp(), Some(march()));
    assert!(sigs[1].modified_after_signing());
    assert!(sigs[2].is_valid(), "{:?}", sigs[2].error());
    assert_eq!(sigs[2].checked_at(), Some(december()));
    assert_eq!(sigs[2].timestamp(), None);
}

#[test]
fn a_bad_document_timestamp_is_refused_and_proves_nothing() {
    let w = world();
    let mut spec = SignatureTimestampSpec::new(&w.tsa, march());
    spec.wrong_imprint = true;
    let pdf = SignedPdfBuilder::new()
        .sign(&w.holder)
        .document_timestamp_with(spec)
        .build();
    let report = w.verify(&pdf, Some(june()));
    assert!(matches!(
        report.signatures()[0].error(),
        Some(Error::Revoked { .. })
    ));
    assert_eq!(
        report.signatures()[1].error(),
        Some(&Error::BadTimestamp(TimestampProblem::ImprintMismatch))
    );
    // A token signed by a TSA outside the TSA anchors.
    let stranger = TestTsa::new(777);
    let pdf = SignedPdfBuilder::new()
        .sign(&w.holder)
        .document_timestamp(&stranger, march())
        .build();
    let report = w.verify(&pdf, Some(june()));
    let e = report.signatures()[1].error().unwrap();
    assert_eq!(e, &Error::InvalidTimestamp(Box::new(Error::UnknownIssuer)));
    assert_eq!(e.check_name(), "bad_timestamp");
    // A corrupt token.
    let mut spec = SignatureTimestampSpec::new(&w.tsa, march());
    spec.corrupt_token = true;
    let pdf = SignedPdfBuilder::new()
        .sign(&w.holder)
        .document_timestamp_with(spec)
        .build();
    let report = w.verify(&pdf, Some(june()));
    assert_eq!(
        report.signatures()[1].error(),
        Some(&Error::InvalidTimestamp(Box::new(Error::BadSignature)))
    );
}

#[test]
fn revocation_data_in_the_document_security_store_is_used() {
    let w = world();
    // B-LT: signed, timestamped, then the December CRLs added in a DSS revision: the
    // holder's CA's and the TSA's (evidence in the document turns checking on for every
    // certificate, the TSA's too).
    let tsa_crl = w.tsa.issue_crl(&CrlSpec::signing(december()));
    let pdf = SignedPdfBuilder::new()
        .sign(&w.holder)
        .document_timestamp(&w.tsa, march())
        .add_dss_evidence(vec![], vec![w.crl(june()), tsa_crl.clone()], vec![])
        .build();
    // The caller brings no revocation data, but asks for checking to happen (fail closed):
    // only the DSS CRL can answer.
    let strict = |pdf: &[u8]| {
        let nothing = jpki_core::KnownStatus::new(w.ca.signing_root().certificate());
        let verifier = Verifier::new([w.ca.signing_root().certificate()])
            .unwrap()
            .with_revocation(nothing);
        PdfVerifier::new(SignedDataVerifier::new(verifier))
            .with_timestamps(w.tsa())
            .verify(pdf, december())
            .unwrap()
    };
    let report = strict(&pdf);
    assert!(report.is_valid(), "{:?}", report.error());
    let cms = report.signatures()[0].cms().unwrap();
    let signer = cms.signers()[0].result().unwrap();
    assert_eq!(
        signer.certificate().revocation(),
        Some(jpki_core::RevocationStatus::Good)
    );
    assert!(!report.signatures()[0].modified_after_signing());

    // The same store listing the holder revoked before the timestamp: revoked wins.
    let pdf = SignedPdfBuilder::new()
        .sign(&w.holder)
        .document_timestamp(&w.tsa, march())
        .add_dss_evidence(
            vec![],
            vec![w.crl(march().minus_seconds(60)), tsa_crl.clone()],
            vec![],
        )
        .build();
    assert!(matches!(strict(&pdf).error(), Some(Error::Revoked { .. })));

    // No store: nothing speaks, unknown, refused.
    let pdf = SignedPdfBuilder::new()
        .sign(&w.holder)
        .document_timestamp(&w.tsa, march())
        .build();
    assert!(matches!(
        strict(&pdf).error(),
        Some(Error::RevocationUnknown(_))
    ));

    // A store without the TSA's CRL: the document timestamp's TSA status is unknown, so it
    // proves nothing, and the signature is checked in December — revoked.
    let pdf = SignedPdfBuilder::new()
        .sign(&w.holder)
        .document_timestamp(&w.tsa, march())
        .add_dss_evidence(vec![], vec![w.crl(june())], vec![])
        .build();
    let report = strict(&pdf);
    assert!(matches!(
        report.signatures()[1].error(),
        Some(Error::InvalidTimestamp(e)) if matches!(**e, Error::RevocationUnknown(_))
    ));
    assert!(matches!(
        report.signatures()[0].error(),
        Some(Error::Revoked { .. })
    ));
}

#[test]
fn a_malformed_store_entry_refuses_the_file() {
    let w = world();
    let pdf = SignedPdfBuilder::new()
        .sign(&w.holder)
        .add_dss_evidence(vec![], vec![b"not a CRL".to_vec()], vec![])
        .build();
    let err = PdfVerifier::new(w.signed(None))
        .verify(&pdf, december())
        .unwrap_err();
    assert_eq!(err.check_name(), "malformed");
}

#[test]
fn a_document_security_store_too_large_to_decode_is_refused() {
    let w = world();
    // Five 14 MiB entries: each under the per-stream cap, together over the file's total.
    let big = vec![0x30u8; 14 << 20];
    let pdf = SignedPdfBuilder::new()
        .sign(&w.holder)
        .add_dss_evidence(vec![], vec![big; 5], vec![])
        .build();
    let err = PdfVerifier::new(w.signed(None))
        .verify(&pdf, december())
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::TooLarge {
                what: jpki_core::Limited::PdfDecompressedTotal,
                ..
            }
        ),
        "{err:?}"
    );
}

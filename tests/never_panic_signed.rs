//! Whatever the bytes, the CMS SignedData parser and verifier answer with a value or a typed
//! error: never a panic. Mutations of real documents (attached, detached, without signed
//! attributes, with embedded CRL and OCSP response, two signers, a CAdES-T signature
//! time-stamp read by a verifier with TSA anchors) and random bytes.

use std::sync::OnceLock;

use jpki_core::testkit::{
    CmsBuilder, CrlSpec, HolderSpec, OcspSpec, SignedAttrs, SignerId, TestCa, TestTsa,
};
use jpki_core::{
    ContentDigests, SignedData, SignedDataVerifier, TimestampVerifier, UnixTime, Verifier,
};
use proptest::prelude::*;

struct Seeds {
    verifier: SignedDataVerifier,
    documents: Vec<Vec<u8>>,
}

fn seeds() -> &'static Seeds {
    static SEEDS: OnceLock<Seeds> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let ca = TestCa::new(5);
        let holder = ca.issue_signing(&HolderSpec::example());
        let tsa = TestTsa::new(5);
        let d = UnixTime::from_unix_seconds(1_798_761_600);
        let doc = || CmsBuilder::new(b"mutated content".to_vec());
        let documents = vec![
            doc().signer(&holder).build(),
            doc().detached().signer(&holder).build(),
            doc()
                .signer_with(&holder, |s| {
                    s.attributes = SignedAttrs::None;
                    s.id = SignerId::SubjectKeyIdentifier;
                })
                .build(),
            doc()
                .signer(&holder)
                .signer(&ca.issue_signing(&HolderSpec::example()))
                .crl(ca.issue_crl(&CrlSpec::signing(d)))
                .ocsp_response(ca.issue_ocsp_response(&OcspSpec::good(holder.serial, d)))
                .build(),
            doc()
                .signer(&holder)
                .timestamped(&tsa, d.minus_seconds(3600))
                .build(),
        ];
        let verifier = SignedDataVerifier::new(
            Verifier::new([ca.signing_root().certificate()]).expect("verifier"),
        )
        .with_timestamps(TimestampVerifier::new(
            Verifier::new([tsa.root().certificate()]).expect("TSA verifier"),
        ));
        Seeds {
            verifier,
            documents,
        }
    })
}

fn exercise(data: &[u8]) {
    let seeds = seeds();
    if let Ok(signed) = SignedData::from_der_or_pem(data) {
        let at = UnixTime::from_unix_seconds(1_798_761_600);
        let report = seeds.verifier.verify(&signed, at);
        if report.is_valid() {
            assert!(!report.signers().is_empty());
        }
        let digests = ContentDigests::of(&signed, b"mutated content");
        let _ = seeds.verifier.verify_digests(&signed, &digests, at).error();
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn mutated_documents_never_panic(
        which in 0usize..4,
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
        cut in prop::option::of(any::<prop::sample::Index>()),
    ) {
        let mut der = seeds().documents[which].clone();
        for (at, byte) in &edits {
            let i = at.index(der.len());
            der[i] = *byte;
        }
        if let Some(c) = cut {
            der.truncate(c.index(der.len() + 1));
        }
        exercise(&der);
    }

    #[test]
    fn random_bytes_never_panic(data in prop::collection::vec(any::<u8>(), 0..512)) {
        exercise(&data);
    }
}

#[test]
fn every_seed_verifies_unmutated() {
    // The seeds are real documents: the mutations start from something that parses.
    for der in &seeds().documents {
        assert!(SignedData::from_der(der).is_ok());
    }
}

//! Replays every file of `fuzz/corpus/<target>/` through the fuzz targets' entry points, so
//! that plain `cargo test` (and CI, on stable) re-checks every input the fuzzers ever kept,
//! including the ones that once crashed.

/// The fuzz targets' entry points (`fuzz/entry.rs`), compiled into this test.
#[path = "../fuzz/entry.rs"]
#[allow(dead_code)]
mod fuzz_entry;

use std::path::Path;

fn replay(target: &str, entry: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut n = 0;
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for file in entries {
        let path = file.expect("dir entry").path();
        if path.is_file() {
            let data = std::fs::read(&path).expect("read corpus file");
            let result = std::panic::catch_unwind(|| entry(&data));
            assert!(result.is_ok(), "{} panicked", path.display());
            n += 1;
        }
    }
    n
}

/// Replays `target`'s corpus and checks it has not shrunk: at least `floor` files (about 90 % of
/// the count after the last minimisation, `fuzz/run.sh`; a later minimisation may drop a few,
/// losing most of a corpus fails) and at least `seeds` seed files (`seed-*`, from
/// `regenerate_seeds`). Raise the floor when a campaign grows the corpus.
fn check(target: &str, entry: fn(&[u8]), floor: usize, seeds: usize) {
    let n = replay(target, entry);
    assert!(
        n >= floor,
        "the {target} corpus shrank to {n} files (floor {floor}): restore fuzz/corpus/{target}"
    );
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let found = std::fs::read_dir(&dir)
        .expect("corpus directory")
        .filter(|f| {
            f.as_ref()
                .is_ok_and(|f| f.file_name().to_string_lossy().starts_with("seed-"))
        })
        .count();
    assert!(
        found >= seeds,
        "the {target} corpus lost its seeds ({found} of {seeds} seed-* files)"
    );
}

#[test]
fn certificate_corpus() {
    check("certificate", fuzz_entry::certificate, 870, 7);
}

#[test]
fn basic_four_corpus() {
    check("basic_four", fuzz_entry::basic_four, 378, 2);
}

#[test]
fn verify_corpus() {
    check("verify", fuzz_entry::verify, 700, 4);
}

#[test]
fn crl_corpus() {
    check("crl", fuzz_entry::crl, 550, 3);
}

#[test]
fn ocsp_response_corpus() {
    check("ocsp_response", fuzz_entry::ocsp_response, 657, 3);
}

#[test]
fn pem_corpus() {
    check("pem", fuzz_entry::pem, 1136, 3);
}

#[test]
fn ocsp_request_corpus() {
    check("ocsp_request", fuzz_entry::ocsp_request, 472, 4);
}

#[test]
fn signed_data_corpus() {
    check("signed_data", fuzz_entry::signed_data, 12, 12);
}

#[test]
fn tst_info_corpus() {
    check("tst_info", fuzz_entry::tst_info, 7, 7);
}

#[test]
fn timestamp_resp_corpus() {
    check("timestamp_resp", fuzz_entry::timestamp_resp, 11, 11);
}

/// The fixed request of the time-stamp targets parses, and the test TSA's answer to it (a
/// seed) passes the check and verifies: mutations start from an input that reaches the end.
#[test]
fn the_timestamp_seeds_reach_the_verifier() {
    use jpki_core::{TimestampRequest, TimestampResponse, UnixTime};
    let request = TimestampRequest::from_der(fuzz_entry::FIXED_TIMESTAMP_REQUEST).expect("request");
    let seed =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/timestamp_resp/seed-granted.der");
    let response = TimestampResponse::from_der(&std::fs::read(seed).expect("seed")).expect("parse");
    let token = response.check(&request).expect("check");
    let tsa = jpki_core::testkit::TestTsa::new(1);
    let verifier = jpki_core::TimestampVerifier::new(
        jpki_core::Verifier::new([tsa.root().certificate()]).expect("verifier"),
    );
    let at = UnixTime::parse_rfc3339("2027-03-01T09:00:00Z").expect("time");
    assert!(
        verifier
            .verify_digest(&token, request.hashed_message(), at)
            .is_ok()
    );
}

#[test]
fn pdf_corpus() {
    check("pdf", fuzz_entry::pdf, 10, 10);
}

/// Writes the `pdf` target's seeds only (the other seeds stay as they are):
/// `cargo test --all-features --test fuzz_corpus -- --ignored regenerate_pdf_seeds`
#[test]
#[ignore]
fn regenerate_pdf_seeds() {
    write_pdf_seeds();
}

/// The `pdf` target trusts TestCa::new(1)'s signing root: files it signs, valid and each attack
/// shape, with tables and with cross-reference streams, and one with an object stream.
fn write_pdf_seeds() {
    use jpki_core::testkit::{HolderSpec, SignedPdfBuilder, TestCa};
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/pdf");
    std::fs::create_dir_all(&dir).expect("corpus dir");
    let write = |name: &str, data: &[u8]| {
        std::fs::write(dir.join(format!("seed-{name}.pdf")), data).expect("write seed");
    };
    let ca = TestCa::new(1);
    let holder = ca.issue_signing(&HolderSpec::example());
    let signed = || SignedPdfBuilder::new().sign(&holder);
    write("unsigned", &SignedPdfBuilder::new().build());
    write("signed", &signed().build());
    write(
        "xref-stream",
        &SignedPdfBuilder::new().xref_streams().sign(&holder).build(),
    );
    write(
        "two-signatures-dss",
        &signed().sign(&holder).add_dss().build(),
    );
    write(
        "cades",
        &SignedPdfBuilder::new().sign_cades(&holder).build(),
    );
    write("shadow-page", &signed().shadow_page_change().build());
    write(
        "redefined-signature",
        &signed().redefine_signature().build(),
    );
    write(
        "byte-range-skip",
        &signed()
            .byte_range(|[a, b, c, d]| [a, b, c + 2, d - 2])
            .build(),
    );
    write(
        "xref-stream-moj-faults",
        &SignedPdfBuilder::new()
            .xref_streams()
            .sign(&holder)
            .without_type()
            .signer_name(None)
            .claimed_time(Some("D:2027"))
            .cms_without_certificates()
            .build(),
    );
    // The catalog in an object stream, found through a cross-reference stream.
    let catalog = "<< /Type /Catalog /Pages 2 0 R >>";
    let pages = "<< /Type /Pages /Kids [] /Count 0 >>";
    let header = format!("1 0 2 {} ", catalog.len() + 1);
    let body = format!("{header}{catalog} {pages}");
    let mut pdf = b"%PDF-1.7\n".to_vec();
    let objstm = pdf.len();
    pdf.extend_from_slice(
        format!(
            "3 0 obj\n<< /Type /ObjStm /N 2 /First {} /Length {} >>\nstream\n{body}\nendstream\nendobj\n",
            header.len(),
            body.len()
        )
        .as_bytes(),
    );
    let xref = pdf.len();
    let row = |kind: u8, a: usize, b: u16| {
        let mut r = vec![kind];
        r.extend_from_slice(&u32::try_from(a).expect("small").to_be_bytes());
        r.extend_from_slice(&b.to_be_bytes());
        r
    };
    let rows = [
        row(2, 3, 0),
        row(2, 3, 1),
        row(1, objstm, 0),
        row(1, xref, 0),
    ]
    .concat();
    pdf.extend_from_slice(
        format!(
            "4 0 obj\n<< /Type /XRef /Size 5 /Index [1 4] /W [1 4 2] /Root 1 0 R /Length {} >>\nstream\n",
            rows.len()
        )
        .as_bytes(),
    );
    pdf.extend_from_slice(&rows);
    pdf.extend_from_slice(format!("\nendstream\nendobj\nstartxref\n{xref}\n%%EOF\n").as_bytes());
    write("object-stream", &pdf);
}

/// Writes the seed inputs from the test CA. Run after changing the test CA's profile:
/// `cargo test --test fuzz_corpus -- --ignored`
#[test]
#[ignore]
fn regenerate_seeds() {
    write_pdf_seeds();
    use jpki_core::testkit::{HolderSpec, KeyType, TestCa};
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    let write = |target: &str, name: &str, data: &[u8]| {
        std::fs::write(root.join(target).join(format!("seed-{name}")), data).expect("write seed");
    };
    for (tag, key) in [
        ("rsa", KeyType::Rsa2048),
        ("p256", KeyType::EcdsaP256),
        ("p384", KeyType::EcdsaP384),
    ] {
        let ca = TestCa::builder(1).key_type(key).build();
        let pair = ca.issue_pair(&HolderSpec::example().with_key_type(key));
        write(
            "certificate",
            &format!("{tag}-signing.der"),
            &pair.signing.der,
        );
        write(
            "certificate",
            &format!("{tag}-auth.der"),
            &pair.user_authentication.der,
        );
        write(
            "certificate",
            &format!("{tag}-root.der"),
            &ca.signing_root().der,
        );
        let san = pair
            .signing
            .certificate()
            .subject_alt_name_der()
            .map(<[u8]>::to_vec);
        write(
            "basic_four",
            &format!("{tag}-san.der"),
            &san.expect("signing SAN"),
        );
    }
    {
        // PEM: one certificate, a bundle with explanatory text, a CRL.
        use jpki_core::pem::encode;
        let ca = TestCa::new(1);
        let pair = ca.issue_pair(&HolderSpec::example());
        write(
            "pem",
            "one.pem",
            encode("CERTIFICATE", &pair.signing.der).as_bytes(),
        );
        let bundle = format!(
            "leaf\n{}root\n{}",
            encode("CERTIFICATE", &pair.user_authentication.der),
            encode("CERTIFICATE", &ca.signing_root().der)
        );
        write("pem", "bundle.pem", bundle.as_bytes());
        let d = jpki_core::UnixTime::from_unix_seconds(1_798_761_600);
        let crl = ca.issue_crl(&jpki_core::testkit::CrlSpec::signing(d));
        write("pem", "crl.pem", encode("X509 CRL", &crl).as_bytes());
        // OCSP requests: SHA-1 and SHA-256 CertIDs, with and without a nonce.
        use jpki_core::{CertIdHash, OcspRequest};
        let (leaf, root) = (pair.signing.certificate(), ca.signing_root().certificate());
        for (name, hash) in [("sha1", CertIdHash::Sha1), ("sha256", CertIdHash::Sha256)] {
            let req = OcspRequest::new(&leaf, &root, hash).expect("request");
            write("ocsp_request", name, &req.to_der().expect("der"));
            let req = req.with_nonce(vec![0x42; 16]);
            write(
                "ocsp_request",
                &format!("{name}-nonce"),
                &req.to_der().expect("der"),
            );
        }
    }
    {
        // SignedData: the target trusts TestCa::new(1)'s signing roots (both generations).
        use jpki_core::testkit::{CmsBuilder, CrlSpec, OcspSpec, SignedAttrs, SignerId};
        let ca = TestCa::new(1);
        let holder = ca.issue_signing(&HolderSpec::example());
        let d = jpki_core::UnixTime::from_unix_seconds(1_798_761_600);
        let doc = || CmsBuilder::new(b"fuzz content".to_vec());
        write(
            "signed_data",
            "attached.der",
            &doc().signer(&holder).build(),
        );
        write(
            "signed_data",
            "detached.der",
            &doc().detached().signer(&holder).build(),
        );
        write(
            "signed_data",
            "attached.pem",
            doc().signer(&holder).build_pem().as_bytes(),
        );
        write(
            "signed_data",
            "ski-noattr.der",
            &doc()
                .detached()
                .signer_with(&holder, |s| {
                    s.id = SignerId::SubjectKeyIdentifier;
                    s.attributes = SignedAttrs::None;
                })
                .build(),
        );
        write(
            "signed_data",
            "two-signers-crl-ocsp.der",
            &doc()
                .signer(&holder)
                .signer_with(&ca.issue_signing(&HolderSpec::example()), |s| {
                    s.digest = jpki_core::DigestAlgorithm::Sha512
                })
                .crl(ca.issue_crl(&CrlSpec::signing(d)))
                .ocsp_response(ca.issue_ocsp_response(&OcspSpec::good(holder.serial, d)))
                .build(),
        );
        let next = TestCa::builder(1).next_generation().build();
        let p384 = next.issue_signing(&HolderSpec::next_generation_example());
        write(
            "signed_data",
            "p384.der",
            &doc()
                .signer_with(&p384, |s| s.digest = jpki_core::DigestAlgorithm::Sha384)
                .build(),
        );
    }
    // The verify target's fixed anchors are TestCa::new(1): seed it with that CA's leaves.
    let ca = TestCa::new(1);
    let pair = ca.issue_pair(&HolderSpec::example());
    write("verify", "signing.der", &pair.signing.der);
    write("verify", "auth.der", &pair.user_authentication.der);
    write("verify", "root.der", &ca.signing_root().der);
    let p256 = KeyType::EcdsaP256;
    let other = TestCa::builder(1).key_type(p256).build();
    let spec = HolderSpec::example().with_key_type(p256);
    write(
        "verify",
        "p256-signing.der",
        &other.issue_signing(&spec).der,
    );
    // The verify target also trusts the next-generation (P-384) roots of the same CA.
    let next = TestCa::builder(1).next_generation().build();
    let pair = next.issue_pair(&HolderSpec::next_generation_example());
    write("verify", "p384-signing.der", &pair.signing.der);
    write("verify", "p384-auth.der", &pair.user_authentication.der);
    let pair = TestCa::new(1).issue_pair(&HolderSpec::example());
    {
        use jpki_core::CrlReason;
        use jpki_core::testkit::{CrlSpec, OcspSigner, OcspSpec, OcspStatusSpec};
        let d = jpki_core::UnixTime::from_unix_seconds(1_798_761_600);
        let s = pair.signing.serial;
        write("crl", "empty.der", &ca.issue_crl(&CrlSpec::signing(d)));
        let revoking = CrlSpec::signing(d).revoke(s, d, Some(CrlReason::Superseded));
        write("crl", "one.der", &ca.issue_crl(&revoking));
        write(
            "crl",
            "partition.der",
            &ca.issue_crl(&revoking.clone().partition("Tokyo-to", "Chiyoda-ku")),
        );
        write(
            "ocsp_response",
            "good.der",
            &ca.issue_ocsp_response(&OcspSpec::good(s, d)),
        );
        let revoked = OcspSpec::good(s, d).with_status(OcspStatusSpec::Revoked(d, None));
        write(
            "ocsp_response",
            "revoked.der",
            &ca.issue_ocsp_response(&revoked),
        );
        let delegated = OcspSpec::good(s, d)
            .signed_by(OcspSigner::Delegated)
            .with_nonce(b"n");
        write(
            "ocsp_response",
            "delegated.der",
            &ca.issue_ocsp_response(&delegated),
        );
        // The fail-closed shapes: several SingleResponses, a delta CRL with an invalidityDate,
        // and P-384 signatures.
        let mixed = OcspSpec::good(s, d).and_also(
            OcspStatusSpec::Revoked(d, None),
            jpki_core::CertIdHash::Sha256,
        );
        write(
            "ocsp_response",
            "two-answers.der",
            &ca.issue_ocsp_response(&mixed),
        );
        let delta = CrlSpec::signing(d)
            .number(3)
            .delta_of(2)
            .revoke(s, d, Some(CrlReason::KeyCompromise))
            .invalid_since(s, d.minus_seconds(86_400));
        write("crl", "delta.der", &ca.issue_crl(&delta));
        let p384 = TestCa::builder(1).key_type(KeyType::EcdsaP384).build();
        write("crl", "p384.der", &p384.issue_crl(&revoking));
        write(
            "ocsp_response",
            "p384.der",
            &p384.issue_ocsp_response(&OcspSpec::good(s, d)),
        );
    }
    {
        // RFC 3161: tokens and TSTInfos for tst_info; the test TSA's answers to the fixed
        // request (granted, rejected, another nonce, a request it cannot parse) and the request
        // itself for timestamp_resp. (The seed-openssl-* files come from tests/openssl_ts.rs'
        // `openssl ts -reply` runs and are kept as they are.)
        use jpki_core::DigestAlgorithm;
        use jpki_core::testkit::{TestTsa, TsaFault, TstInfoSpec};
        for target in ["tst_info", "timestamp_resp"] {
            std::fs::create_dir_all(root.join(target)).expect("corpus dir");
        }
        let d = jpki_core::UnixTime::parse_rfc3339("2027-03-01T09:00:00Z").expect("time");
        let tsa = TestTsa::new(1);
        write(
            "tst_info",
            "token-rsa.der",
            &tsa.stamp_data(b"fuzz content", d),
        );
        write(
            "tst_info",
            "token-p384.der",
            &TestTsa::with_key_type(1, KeyType::EcdsaP384).stamp_data(b"fuzz content", d),
        );
        let mut spec = TstInfoSpec::new(DigestAlgorithm::Sha384, vec![0x33; 48], d);
        write("tst_info", "tstinfo.der", &spec.to_der());
        spec.accuracy = Some((Some(1), Some(500), Some(100)));
        spec.ordering = Some(true);
        spec.nonce = Some(vec![0x42; 16]);
        spec.gen_time_text = Some("20270301090000.125Z".into());
        write("tst_info", "tstinfo-full.der", &spec.to_der());
        let request = fuzz_entry::FIXED_TIMESTAMP_REQUEST;
        write("timestamp_resp", "request.der", request);
        write("timestamp_resp", "granted.der", &tsa.respond(request, d));
        for (name, fault) in [
            ("rejection.der", TsaFault::Rejection),
            ("wrong-nonce.der", TsaFault::WrongNonce),
            ("no-certificate.der", TsaFault::IgnoreCertReq),
        ] {
            write(
                "timestamp_resp",
                name,
                &TestTsa::with_fault(1, fault).respond(request, d),
            );
        }
        write(
            "timestamp_resp",
            "bad-data-format.der",
            &tsa.respond(b"?", d),
        );
    }
    write(
        "certificate",
        "two.pem",
        format!(
            "{}{}",
            ca.signing_root().to_pem(),
            ca.user_authentication_root().to_pem()
        )
        .as_bytes(),
    );
}

/// fuzz/Cargo.toml declares every target in fuzz/fuzz_targets once, each `[[bin]]` with one
/// name and one path (a merge once left two targets under one header, which cargo refuses:
/// `cargo fuzz` could not run at all while these replays still passed).
#[test]
fn the_fuzz_manifest_declares_each_target_once() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).expect("fuzz/Cargo.toml");
    let mut targets: Vec<String> = std::fs::read_dir(root.join("fuzz_targets"))
        .expect("fuzz_targets")
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            e.file_name()
                .to_str()
                .and_then(|n| n.strip_suffix(".rs"))
                .map(str::to_owned)
        })
        .collect();
    targets.sort();
    let mut declared = Vec::new();
    for section in manifest.split("[[bin]]").skip(1) {
        let body = section.split("\n[").next().unwrap_or_default();
        let names: Vec<&str> = body
            .lines()
            .filter_map(|l| l.trim().strip_prefix("name = "))
            .collect();
        let paths: Vec<&str> = body
            .lines()
            .filter_map(|l| l.trim().strip_prefix("path = "))
            .collect();
        assert_eq!((names.len(), paths.len()), (1, 1), "one [[bin]]: {body}");
        let name = names[0].trim_matches('"');
        assert_eq!(
            paths[0].trim_matches('"'),
            format!("fuzz_targets/{name}.rs")
        );
        declared.push(name.to_owned());
    }
    declared.sort();
    assert_eq!(declared, targets);
}

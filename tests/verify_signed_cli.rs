//! The `verify_signed` example's contract (issue 16): flags, the JSON keys, exit codes 0/1/2
//! and the check names, on documents the testkit signs.

mod common;

use std::path::PathBuf;
use std::process::Output;

use jpki_core::testkit::{CmsBuilder, CrlSpec, HolderSpec, SignedAttrs, SignerId, TestCa};
use jpki_core::{CrlReason, UnixTime};
use serde_json::Value;

const AT: &str = "2027-01-01T00:00:00Z";

fn file(name: &str, data: &[u8]) -> PathBuf {
    common::file("verify-signed", name, data)
}

fn p(path: &std::path::Path) -> &str {
    path.to_str().expect("utf-8 path")
}

fn run(args: &[&str]) -> (Output, Value) {
    let out = common::example("verify_signed")
        .args(args)
        .output()
        .expect("run verify_signed");
    let v = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out, v)
}

struct Setup {
    ca: TestCa,
    root: PathBuf,
}

/// The test CA and its root written for the example; `tag` keeps the tests, which run in
/// parallel threads of one process, from writing the same file at the same time.
fn setup(tag: &str) -> Setup {
    let ca = TestCa::new(16);
    let root = file(
        &format!("{tag}-root.pem"),
        ca.signing_root().to_pem().as_bytes(),
    );
    Setup { ca, root }
}

const KEYS: [&str; 9] = [
    "valid",
    "error",
    "serial_hex",
    "kind",
    "digest",
    "signing_time",
    "timestamp",
    "checked_at",
    "revocation",
];

#[test]
fn attached_document_is_valid_with_every_key() {
    let s = setup("attached");
    let holder = s.ca.issue_signing(&HolderSpec::example());
    let signed = file(
        "attached.p7m",
        CmsBuilder::new(b"form".to_vec())
            .signer(&holder)
            .build_pem()
            .as_bytes(),
    );
    let (out, v) = run(&["--anchor", p(&s.root), "--at", AT, "--json", p(&signed)]);
    assert_eq!(out.status.code(), Some(0), "{v}");
    let top: Vec<&str> = v
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(top, ["content", "error", "signers", "timestamp", "valid"]);
    assert_eq!(v["valid"], true);
    assert_eq!(v["error"], Value::Null);
    assert_eq!(v["content"], "attached");
    assert_eq!(v["timestamp"], Value::Null);
    let signer = &v["signers"][0];
    let mut keys: Vec<&str> = signer
        .as_object()
        .expect("signer")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    let mut expected = KEYS.to_vec();
    expected.sort_unstable();
    assert_eq!(keys, expected);
    assert_eq!(signer["valid"], true);
    assert_eq!(signer["serial_hex"], holder.serial.to_hex());
    assert_eq!(signer["kind"], "signing");
    assert_eq!(signer["digest"], "sha256");
    assert_eq!(signer["signing_time"], "2026-06-01T00:00:00Z");
    assert_eq!(signer["timestamp"], Value::Null);
    assert_eq!(signer["checked_at"], AT);
    assert_eq!(signer["revocation"], Value::Null);
    // Text mode says the same.
    let (out, _) = run(&["--anchor", p(&s.root), "--at", AT, p(&signed)]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("valid: 1 signer"));
}

#[test]
fn detached_content_and_its_mismatch() {
    let s = setup("detached");
    let holder = s.ca.issue_signing(&HolderSpec::example());
    let content = file("content.bin", &vec![0x5a; 200_000]);
    let signed = file(
        "detached.p7s",
        &CmsBuilder::new(vec![0x5a; 200_000])
            .detached()
            .signer_with(&holder, |x| x.id = SignerId::SubjectKeyIdentifier)
            .build(),
    );
    let (out, v) = run(&[
        "--anchor",
        p(&s.root),
        "--at",
        AT,
        "--content",
        p(&content),
        "--json",
        p(&signed),
    ]);
    assert_eq!(out.status.code(), Some(0), "{v}");
    assert_eq!(v["content"], "detached");
    assert_eq!(v["signers"][0]["serial_hex"], holder.serial.to_hex());
    let other = file("other.bin", b"not the content");
    let (out, v) = run(&[
        "--anchor",
        p(&s.root),
        "--at",
        AT,
        "--content",
        p(&other),
        "--json",
        p(&signed),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(v["valid"], false);
    assert_eq!(v["error"], "content_mismatch");
    assert_eq!(v["signers"][0]["error"], "content_mismatch");
}

#[test]
fn every_signer_is_listed_and_one_bad_signer_refuses() {
    let s = setup("two");
    let a = s.ca.issue_signing(&HolderSpec::example());
    let b = s.ca.issue_signing(&HolderSpec::example());
    let signed = file(
        "two.p7m",
        &CmsBuilder::new(b"x".to_vec())
            .signer(&a)
            .signer_with(&b, |x| {
                x.corrupt_signature = true;
                x.attributes = SignedAttrs::None;
                x.digest = jpki_core::DigestAlgorithm::Sha512;
            })
            .build(),
    );
    let (out, v) = run(&["--anchor", p(&s.root), "--at", AT, "--json", p(&signed)]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(v["error"], "bad_signature");
    assert_eq!(v["signers"].as_array().map(Vec::len), Some(2));
    // The SignerInfos are a SET OF, in DER order: find each by its digest.
    let signers = v["signers"].as_array().expect("signers");
    let by = |digest: &str| {
        signers
            .iter()
            .find(|s| s["digest"] == digest)
            .expect("signer")
    };
    assert_eq!(by("sha256")["valid"], true, "{v}");
    assert_eq!(by("sha512")["valid"], false);
    assert_eq!(by("sha512")["error"], "bad_signature");
    assert_eq!(by("sha512")["signing_time"], Value::Null);
}

#[test]
fn check_names_no_signer_signer_not_found_and_those_of_verify() {
    let s = setup("names");
    let holder = s.ca.issue_signing(&HolderSpec::example());
    let none = file("none.p7m", &CmsBuilder::new(b"x".to_vec()).build());
    let (out, v) = run(&["--anchor", p(&s.root), "--at", AT, "--json", p(&none)]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(v["error"], "no_signer");
    assert_eq!(v["signers"], Value::Array(vec![]));

    let bare = file(
        "bare.p7m",
        &CmsBuilder::new(b"x".to_vec())
            .signer(&holder)
            .without_certificates()
            .build(),
    );
    let (_, v) = run(&["--anchor", p(&s.root), "--at", AT, "--json", p(&bare)]);
    assert_eq!(v["error"], "signer_not_found");
    assert_eq!(v["signers"][0]["serial_hex"], holder.serial.to_hex()); // from the identifier
    assert_eq!(v["signers"][0]["kind"], Value::Null);
    // The certificate given as an intermediate: found.
    let leaf = file("holder.pem", holder.to_pem().as_bytes());
    let (out, _) = run(&[
        "--anchor",
        p(&s.root),
        "--intermediate",
        p(&leaf),
        "--at",
        AT,
        "--json",
        p(&bare),
    ]);
    assert_eq!(out.status.code(), Some(0));

    let good = file(
        "good.p7m",
        &CmsBuilder::new(b"x".to_vec()).signer(&holder).build(),
    );
    let (_, v) = run(&[
        "--anchor",
        p(&s.root),
        "--at",
        "2045-01-01T00:00:00Z",
        "--json",
        p(&good),
    ]);
    assert_eq!(v["error"], "expired");
    assert_eq!(v["signers"][0]["checked_at"], "2045-01-01T00:00:00Z");
    let (_, v) = run(&["--at", AT, "--json", p(&good)]);
    assert_eq!(v["error"], "unknown_issuer");
    // A user-authentication signer: wrong_usage unless asked for.
    let auth = s.ca.issue_user_authentication(&HolderSpec::example());
    let auth_root = file(
        "auth-root.pem",
        s.ca.user_authentication_root().to_pem().as_bytes(),
    );
    let login = file(
        "login.p7m",
        &CmsBuilder::new(b"challenge".to_vec()).signer(&auth).build(),
    );
    let (_, v) = run(&["--anchor", p(&auth_root), "--at", AT, "--json", p(&login)]);
    assert_eq!(v["error"], "wrong_usage");
    let (out, v) = run(&[
        "--anchor",
        p(&auth_root),
        "--at",
        AT,
        "--usage",
        "user-authentication",
        "--json",
        p(&login),
    ]);
    assert_eq!(out.status.code(), Some(0), "{v}");
    assert_eq!(v["signers"][0]["kind"], "user_authentication");
    // Not a SignedData at all: refused as malformed (exit 1), no content kind.
    let junk = file("junk.p7m", b"\x30\x03\x02\x01\x01");
    let (out, v) = run(&["--anchor", p(&s.root), "--json", p(&junk)]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(v["error"], "malformed");
    assert_eq!(v["content"], Value::Null);
}

#[test]
fn revocation_from_the_document_and_from_the_caller() {
    let s = setup("revocation");
    let holder = s.ca.issue_signing(&HolderSpec::example());
    let at = UnixTime::parse_rfc3339(AT).expect("time");
    let revoking = s.ca.issue_crl(&CrlSpec::signing(at).revoke(
        holder.serial,
        at.minus_seconds(86_400),
        Some(CrlReason::AffiliationChanged),
    ));
    let signed = file(
        "with-crl.p7m",
        &CmsBuilder::new(b"x".to_vec())
            .signer(&holder)
            .crl(revoking.clone())
            .build(),
    );
    let (out, v) = run(&["--anchor", p(&s.root), "--at", AT, "--json", p(&signed)]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(v["error"], "revoked");
    assert_eq!(v["signers"][0]["revocation"], "revoked");
    // The same CRL given by the caller, over a document without one.
    let plain = file(
        "plain.p7m",
        &CmsBuilder::new(b"x".to_vec()).signer(&holder).build(),
    );
    let crl = file("revoking.crl", &revoking);
    let (_, v) = run(&[
        "--anchor",
        p(&s.root),
        "--crl",
        p(&crl),
        "--at",
        AT,
        "--json",
        p(&plain),
    ]);
    assert_eq!(v["error"], "revoked");
    let good_crl = file("good.crl", &s.ca.issue_crl(&CrlSpec::signing(at)));
    let (out, v) = run(&[
        "--anchor",
        p(&s.root),
        "--crl",
        p(&good_crl),
        "--at",
        AT,
        "--json",
        p(&plain),
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(v["signers"][0]["revocation"], "good");
}

#[test]
fn usage_errors_exit_2() {
    let s = setup("usage");
    let holder = s.ca.issue_signing(&HolderSpec::example());
    let signed = file(
        "u.p7m",
        &CmsBuilder::new(b"x".to_vec()).signer(&holder).build(),
    );
    for args in [
        vec!["--anchor", "/nonexistent/root.pem", p(&signed)],
        vec!["--anchor", p(&s.root), "/nonexistent/signed.p7m"],
        vec![
            "--anchor",
            p(&s.root),
            "--content",
            "/nonexistent/content",
            p(&signed),
        ],
        vec![
            "--anchor",
            p(&s.root),
            "--tsa-anchor",
            "/nonexistent/tsa.pem",
            p(&signed),
        ],
        vec!["--anchor", p(&s.root), "--at", "yesterday", p(&signed)],
        vec!["--anchor", p(&s.root), "--usage", "login", p(&signed)],
        vec!["--anchor", p(&s.root), "--profile", "x509", p(&signed)],
        vec!["--anchor", p(&s.root), "--no-such-flag", p(&signed)],
        vec!["--anchor", p(&s.root)],
    ] {
        let (out, _) = run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    let (out, _) = run(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8_lossy(&out.stdout);
    for flag in [
        "--anchor",
        "--tsa-anchor",
        "--intermediate",
        "--crl",
        "--ocsp-response",
        "--content",
        "--at",
        "--usage",
        "--profile",
        "--json",
        "<SIGNED>",
    ] {
        assert!(help.contains(flag), "--help lacks {flag}");
    }
}

/// The moved-house case through the CLI: a CAdES-T contract signed in March, the holder
/// revoked in June, checked in December.
#[test]
fn signature_timestamps_validate_the_signer_at_gen_time() {
    use jpki_core::testkit::{SignatureTimestampSpec, TestTsa};
    let s = setup("cades-t");
    let tsa = TestTsa::new(16);
    let tsa_root = file("cades-t-tsa-root.pem", tsa.root().to_pem().as_bytes());
    let holder = s.ca.issue_signing(&HolderSpec::example());
    let march = UnixTime::parse_rfc3339("2027-03-01T09:00:00Z").unwrap();
    let june = UnixTime::parse_rfc3339("2027-06-01T00:00:00Z").unwrap();
    let december = "2027-12-01T00:00:00Z";
    let crl = file(
        "cades-t.crl",
        &s.ca.issue_crl(
            &CrlSpec::signing(UnixTime::parse_rfc3339(december).unwrap()).revoke(
                holder.serial,
                june,
                Some(CrlReason::AffiliationChanged),
            ),
        ),
    );
    let tsa_crl = file(
        "cades-t-tsa.crl",
        &tsa_crl_der(&tsa, UnixTime::parse_rfc3339(december).unwrap()),
    );
    let stamped = file(
        "cades-t.p7m",
        &CmsBuilder::new(b"lease".to_vec())
            .signer(&holder)
            .timestamped(&tsa, march)
            .build(),
    );
    let args = |extra: &[&str], signed: &PathBuf| -> (Output, Value) {
        let mut all = vec![
            "--anchor",
            p(&s.root),
            "--crl",
            p(&crl),
            "--crl",
            p(&tsa_crl),
            "--at",
            december,
            "--json",
        ];
        all.extend_from_slice(extra);
        all.push(p(signed));
        run(&all)
    };
    let (out, v) = args(&["--tsa-anchor", p(&tsa_root)], &stamped);
    assert_eq!(out.status.code(), Some(0), "{v}");
    assert_eq!(v["signers"][0]["timestamp"], "2027-03-01T09:00:00Z");
    assert_eq!(v["signers"][0]["checked_at"], "2027-03-01T09:00:00Z");
    assert_eq!(v["signers"][0]["revocation"], "good");
    assert_eq!(v["timestamp"], Value::Null);

    // Without the TSA's anchor the token cannot be trusted: bad_timestamp, not "valid now".
    let (out, v) = args(&[], &stamped);
    assert_eq!(out.status.code(), Some(1), "{v}");
    assert_eq!(v["error"], "bad_timestamp");
    assert_eq!(v["signers"][0]["error"], "bad_timestamp");

    // A copy without its timestamp is checked in December: revoked.
    let plain = file(
        "cades-t-plain.p7m",
        &CmsBuilder::new(b"lease".to_vec()).signer(&holder).build(),
    );
    let (out, v) = args(&["--tsa-anchor", p(&tsa_root)], &plain);
    assert_eq!(out.status.code(), Some(1), "{v}");
    assert_eq!(v["error"], "revoked");
    assert_eq!(v["signers"][0]["checked_at"], december);

    // A token whose imprint is not over the signature value.
    let mut wrong = SignatureTimestampSpec::new(&tsa, march);
    wrong.wrong_imprint = true;
    let bad = file(
        "cades-t-bad.p7m",
        &CmsBuilder::new(b"lease".to_vec())
            .signer_with(&holder, |x| x.signature_timestamps = vec![wrong])
            .build(),
    );
    let (out, v) = args(&["--tsa-anchor", p(&tsa_root)], &bad);
    assert_eq!(out.status.code(), Some(1), "{v}");
    assert_eq!(v["signers"][0]["error"], "bad_timestamp");
}

/// A CRL of the test TSA's root that revokes nothing.
fn tsa_crl_der(tsa: &jpki_core::testkit::TestTsa, at: UnixTime) -> Vec<u8> {
    // The TSA's root is a TestCa signing root: its CRLs come from a CrlSpec like any other.
    tsa.issue_crl(&CrlSpec::signing(at))
}

#[test]
fn a_bare_token_is_verified_over_the_content() {
    use jpki_core::testkit::TestTsa;
    let tsa = TestTsa::new(16);
    let tsa_root = file("bare-tsa-root.pem", tsa.root().to_pem().as_bytes());
    let at = UnixTime::parse_rfc3339("2027-03-01T09:00:00Z").unwrap();
    let token = file("bare.tsr", &tsa.stamp_data(b"scanned receipt", at));
    let data = file("bare.pdf", b"scanned receipt");
    let other = file("bare-other.pdf", b"altered receipt");
    let (out, v) = run(&[
        "--tsa-anchor",
        p(&tsa_root),
        "--content",
        p(&data),
        "--at",
        AT,
        "--json",
        p(&token),
    ]);
    assert_eq!(out.status.code(), Some(0), "{v}");
    assert_eq!(v["timestamp"], "2027-03-01T09:00:00Z");
    assert_eq!(v["content"], "detached");
    assert_eq!(v["signers"][0]["timestamp"], "2027-03-01T09:00:00Z");
    assert_eq!(v["signers"][0]["checked_at"], AT);
    assert_eq!(
        v["signers"][0]["serial_hex"],
        tsa.certificate().serial.to_hex()
    );
    let (out, v) = run(&[
        "--tsa-anchor",
        p(&tsa_root),
        "--content",
        p(&other),
        "--at",
        AT,
        "--json",
        p(&token),
    ]);
    assert_eq!(out.status.code(), Some(1), "{v}");
    assert_eq!(v["error"], "bad_timestamp");
    assert_eq!(v["timestamp"], Value::Null);
    // Under the JPKI anchors instead of the TSA's: refused, named bad_timestamp.
    let jpki_root = setup("bare").root;
    let (out, v) = run(&[
        "--tsa-anchor",
        p(&jpki_root),
        "--content",
        p(&data),
        "--at",
        AT,
        "--json",
        p(&token),
    ]);
    assert_eq!(out.status.code(), Some(1), "{v}");
    assert_eq!(v["error"], "bad_timestamp");
    // No content to check it against: a usage error.
    let (out, _) = run(&["--tsa-anchor", p(&tsa_root), "--at", AT, p(&token)]);
    assert_eq!(out.status.code(), Some(2));
}

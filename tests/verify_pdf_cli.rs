//! The `verify_pdf` example's contract: flags, the JSON keys, exit codes 0/1/2, the check
//! names and the Legal Affairs Bureau profile's rules, on PDFs the testkit signs.

mod common;

use std::path::PathBuf;
use std::process::Output;

use jpki_core::testkit::{CrlSpec, HolderSpec, SignedPdfBuilder, TestCa};
use jpki_core::{CrlReason, DigestAlgorithm, UnixTime};
use serde_json::Value;

const AT: &str = "2027-01-01T00:00:00Z";

fn file(name: &str, data: &[u8]) -> PathBuf {
    common::file("verify-pdf", name, data)
}

fn p(path: &std::path::Path) -> &str {
    path.to_str().expect("utf-8 path")
}

fn run(args: &[&str]) -> (Output, Value) {
    let out = common::example("verify_pdf")
        .args(args)
        .output()
        .expect("run verify_pdf");
    let v = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out, v)
}

struct Setup {
    ca: TestCa,
    root: PathBuf,
}

/// The test CA and its root; `tag` keeps the tests (parallel threads of one process) from
/// writing the same file at the same time.
fn setup(tag: &str) -> Setup {
    let ca = TestCa::new(21);
    let root = file(
        &format!("{tag}-root.pem"),
        ca.signing_root().to_pem().as_bytes(),
    );
    Setup { ca, root }
}

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    k.sort_unstable();
    k
}

const SIGNATURE_KEYS: [&str; 11] = [
    "checked_at",
    "covers_whole_file",
    "error",
    "field",
    "later_revisions",
    "modified_after_signing",
    "rules",
    "signer",
    "subfilter",
    "timestamp",
    "valid",
];

/// verify_signed's signer object, key for key.
const SIGNER_KEYS: [&str; 9] = [
    "checked_at",
    "digest",
    "error",
    "kind",
    "revocation",
    "serial_hex",
    "signing_time",
    "timestamp",
    "valid",
];

#[test]
fn a_signed_pdf_is_valid_with_every_key() {
    let s = setup("valid");
    let holder = s.ca.issue_signing(&HolderSpec::example());
    let pdf = file("valid.pdf", &SignedPdfBuilder::new().sign(&holder).build());
    let (out, v) = run(&["--anchor", p(&s.root), "--at", AT, "--json", p(&pdf)]);
    assert_eq!(out.status.code(), Some(0), "{v}");
    assert_eq!(keys(&v), ["error", "signatures", "valid"]);
    assert_eq!(v["valid"], true);
    assert_eq!(v["error"], Value::Null);
    let sig = &v["signatures"][0];
    assert_eq!(keys(sig), SIGNATURE_KEYS);
    assert_eq!(sig["field"], "Signature1");
    assert_eq!(sig["subfilter"], "adbe.pkcs7.detached");
    assert_eq!(sig["valid"], true);
    assert_eq!(sig["error"], Value::Null);
    assert_eq!(sig["covers_whole_file"], true);
    assert_eq!(sig["later_revisions"], 0);
    assert_eq!(sig["modified_after_signing"], false);
    assert_eq!(sig["timestamp"], Value::Null);
    assert_eq!(sig["checked_at"], AT);
    assert_eq!(sig["rules"], Value::Array(Vec::new()));
    let signer = &sig["signer"];
    assert_eq!(keys(signer), SIGNER_KEYS);
    assert_eq!(signer["valid"], true);
    assert_eq!(signer["serial_hex"], holder.serial.to_hex());
    assert_eq!(signer["kind"], "signing");
    assert_eq!(signer["digest"], "sha256");
    assert_eq!(signer["checked_at"], AT);
    // Text mode: one line per signature, then the verdict.
    let (out, _) = run(&["--anchor", p(&s.root), "--at", AT, p(&pdf)]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("signature 1: valid (field Signature1"),
        "{text}"
    );
    assert!(text.contains("valid: 1 signature(s)"), "{text}");
}

#[test]
fn refusals_exit_1_with_their_check_names() {
    let s = setup("refused");
    let holder = s.ca.issue_signing(&HolderSpec::example());
    let cases: [(&str, Vec<u8>, &str); 6] = [
        // Modified after signing: the page changed in a later revision.
        (
            "shadow.pdf",
            SignedPdfBuilder::new()
                .sign(&holder)
                .shadow_page_change()
                .build(),
            "modified_after_signing",
        ),
        // A ByteRange that does not start at 0.
        (
            "range.pdf",
            SignedPdfBuilder::new()
                .sign(&holder)
                .byte_range(|[_, b, c, d]| [1, b, c, d])
                .build(),
            "bad_pdf_signature",
        ),
        // No signature at all.
        ("unsigned.pdf", SignedPdfBuilder::new().build(), "no_signer"),
        // Bytes appended after the last %%EOF: the structure is refused.
        (
            "appended.pdf",
            SignedPdfBuilder::new()
                .sign(&holder)
                .append_bytes(b"% appended\n".to_vec())
                .build(),
            "malformed",
        ),
        // A dictionary claiming to be a document timestamp whose contents are a signed
        // document, not a time-stamp token.
        (
            "doc-ts.pdf",
            SignedPdfBuilder::new()
                .sign(&holder)
                .sub_filter("ETSI.RFC3161")
                .build(),
            "bad_timestamp",
        ),
        // Not a PDF.
        ("junk.pdf", b"hello".to_vec(), "malformed"),
    ];
    for (name, bytes, check) in cases {
        let pdf = file(name, &bytes);
        let (out, v) = run(&["--anchor", p(&s.root), "--at", AT, "--json", p(&pdf)]);
        assert_eq!(out.status.code(), Some(1), "{name}: {v}");
        assert_eq!(v["valid"], false, "{name}");
        assert_eq!(v["error"], check, "{name}: {v}");
        let (out, _) = run(&["--anchor", p(&s.root), "--at", AT, p(&pdf)]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        assert!(String::from_utf8_lossy(&out.stdout).contains(&format!("refused: {check}")));
    }
    // The modified signature's own outcome says why.
    let pdf = file(
        "shadow2.pdf",
        &SignedPdfBuilder::new()
            .sign(&holder)
            .shadow_page_change()
            .build(),
    );
    let (_, v) = run(&["--anchor", p(&s.root), "--at", AT, "--json", p(&pdf)]);
    let sig = &v["signatures"][0];
    assert_eq!(sig["modified_after_signing"], true);
    assert_eq!(sig["later_revisions"], 1);
    assert_eq!(sig["covers_whole_file"], false);
    assert_eq!(sig["error"], "modified_after_signing");
    // An unknown anchor: the signer's own error, verify_signed's names.
    let other = file(
        "other-root.pem",
        TestCa::new(99).signing_root().to_pem().as_bytes(),
    );
    let good = file("good.pdf", &SignedPdfBuilder::new().sign(&holder).build());
    let (out, v) = run(&["--anchor", p(&other), "--at", AT, "--json", p(&good)]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(v["error"], "unknown_issuer");
    assert_eq!(v["signatures"][0]["signer"]["error"], "unknown_issuer");
    assert_eq!(
        v["signatures"][0]["signer"]["serial_hex"],
        holder.serial.to_hex()
    );
    // Expired at a later time.
    let (out, v) = run(&[
        "--anchor",
        p(&s.root),
        "--at",
        "2040-01-01T00:00:00Z",
        "--json",
        p(&good),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(v["error"], "expired");
}

#[test]
fn a_crl_revoking_the_signer_refuses_the_signature() {
    let s = setup("crl");
    let holder = s.ca.issue_signing(&HolderSpec::example());
    let at = UnixTime::parse_rfc3339(AT).expect("time");
    let crl = file(
        "revoking.crl",
        &s.ca.issue_crl(&CrlSpec::signing(at).revoke(
            holder.serial,
            at.minus_seconds(86_400),
            Some(CrlReason::KeyCompromise),
        )),
    );
    let pdf = file("crl.pdf", &SignedPdfBuilder::new().sign(&holder).build());
    let (out, v) = run(&[
        "--anchor",
        p(&s.root),
        "--crl",
        p(&crl),
        "--at",
        AT,
        "--json",
        p(&pdf),
    ]);
    assert_eq!(out.status.code(), Some(1), "{v}");
    assert_eq!(v["error"], "revoked");
    assert_eq!(v["signatures"][0]["signer"]["revocation"], "revoked");
}

#[test]
fn the_moj_profile_lists_its_rules() {
    let s = setup("moj");
    let holder = s.ca.issue_signing(&HolderSpec::example());
    let ids = [
        "type_sig",
        "subfilter_pkcs7_detached",
        "name_present",
        "m_full_date",
        "nothing_after_newest",
        "signer_cert_embedded",
        "content_type_and_message_digest",
        "message_digest_sha256",
        "algorithm_rsa_sha256",
    ];
    let good = file("moj.pdf", &SignedPdfBuilder::new().sign(&holder).build());
    let (out, v) = run(&[
        "--anchor",
        p(&s.root),
        "--at",
        AT,
        "--profile",
        "moj",
        "--json",
        p(&good),
    ]);
    assert_eq!(out.status.code(), Some(0), "{v}");
    let rules = v["signatures"][0]["rules"].as_array().expect("rules");
    let listed: Vec<&str> = rules.iter().filter_map(|r| r["id"].as_str()).collect();
    assert_eq!(listed, ids);
    for r in rules {
        assert_eq!(keys(r), ["id", "level", "ok"]);
        assert_eq!(r["ok"], true);
        let warn = matches!(
            r["id"].as_str(),
            Some("message_digest_sha256" | "algorithm_rsa_sha256")
        );
        assert_eq!(r["level"], if warn { "warn" } else { "fail" });
    }
    // A fail-level rule broken: refused as moj_rule, the rule named.
    let no_name = file(
        "moj-no-name.pdf",
        &SignedPdfBuilder::new()
            .sign(&holder)
            .signer_name(None)
            .build(),
    );
    let args = |f: &PathBuf| {
        vec![
            "--anchor".to_string(),
            p(&s.root).to_string(),
            "--at".into(),
            AT.into(),
            "--profile".into(),
            "moj".into(),
            p(f).to_string(),
        ]
    };
    let mut json_args = args(&no_name);
    json_args.insert(0, "--json".into());
    let json_args: Vec<&str> = json_args.iter().map(String::as_str).collect();
    let (out, v) = run(&json_args);
    assert_eq!(out.status.code(), Some(1), "{v}");
    assert_eq!(v["error"], "moj_rule");
    let broken: Vec<&str> = v["signatures"][0]["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .filter(|r| r["ok"] == false)
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert_eq!(broken, ["name_present"]);
    let text_args = args(&no_name);
    let text_args: Vec<&str> = text_args.iter().map(String::as_str).collect();
    let (out, _) = run(&text_args);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("rule name_present broken (fail)"), "{text}");
    // The same file is valid under the default strict profile.
    let (out, _) = run(&["--anchor", p(&s.root), "--at", AT, p(&no_name)]);
    assert_eq!(out.status.code(), Some(0));
    // A warning only: SHA-384 is reported, the file stays valid.
    let sha384 = file(
        "moj-sha384.pdf",
        &SignedPdfBuilder::new()
            .sign(&holder)
            .cms_signer(|s| s.digest = DigestAlgorithm::Sha384)
            .build(),
    );
    let a = args(&sha384);
    let mut a: Vec<&str> = a.iter().map(String::as_str).collect();
    a.push("--json");
    let (out, v) = run(&a);
    assert_eq!(out.status.code(), Some(0), "{v}");
    let warned: Vec<&str> = v["signatures"][0]["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .filter(|r| r["ok"] == false && r["level"] == "warn")
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert_eq!(warned, ["message_digest_sha256", "algorithm_rsa_sha256"]);
}

#[test]
fn usage_errors_exit_2() {
    let s = setup("usage");
    let holder = s.ca.issue_signing(&HolderSpec::example());
    let pdf = file("u.pdf", &SignedPdfBuilder::new().sign(&holder).build());
    let junk_tsa = file("junk-tsa.der", b"\x30\x00");
    for args in [
        vec!["--anchor", "/nonexistent/root.pem", p(&pdf)],
        vec!["--anchor", p(&s.root), "/nonexistent/signed.pdf"],
        vec![
            "--anchor",
            p(&s.root),
            "--tsa-anchor",
            "/nonexistent/tsa.pem",
            p(&pdf),
        ],
        vec![
            "--anchor",
            p(&s.root),
            "--crl",
            "/nonexistent/x.crl",
            p(&pdf),
        ],
        vec![
            "--anchor",
            p(&s.root),
            "--ocsp-response",
            "/nonexistent/x.der",
            p(&pdf),
        ],
        vec!["--anchor", p(&s.root), "--at", "yesterday", p(&pdf)],
        vec!["--anchor", p(&s.root), "--profile", "jpki", p(&pdf)],
        vec!["--anchor", p(&s.root), "--no-such-flag", p(&pdf)],
        vec!["--anchor", p(&s.root)],
    ] {
        let (out, _) = run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    // A TSA anchor that is no certificate is skipped with a warning, like an anchor.
    let (out, _) = run(&[
        "--anchor",
        p(&s.root),
        "--tsa-anchor",
        p(&junk_tsa),
        "--at",
        AT,
        p(&pdf),
    ]);
    assert_eq!(out.status.code(), Some(0));
    // A real TSA anchor is loaded and the file still verifies.
    let (out, _) = run(&[
        "--anchor",
        p(&s.root),
        "--tsa-anchor",
        p(&s.root),
        "--at",
        AT,
        p(&pdf),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let (out, _) = run(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8_lossy(&out.stdout);
    for flag in [
        "--anchor",
        "--tsa-anchor",
        "--crl",
        "--ocsp-response",
        "--at",
        "--profile",
        "--json",
        "<FILE.pdf>",
    ] {
        assert!(help.contains(flag), "--help lacks {flag}");
    }
}

/// The moved-house case in a PDF: signed, then a document timestamp in March; the holder is
/// revoked in June; in December the signature is valid at the timestamp's genTime — and only
/// with the TSA's root given.
#[test]
fn a_document_timestamp_dates_the_signature() {
    use jpki_core::testkit::TestTsa;
    let s = setup("doc-ts-valid");
    let tsa = TestTsa::new(21);
    let tsa_root = file("doc-ts-valid-tsa.pem", tsa.root().to_pem().as_bytes());
    let holder = s.ca.issue_signing(&HolderSpec::example());
    let march = UnixTime::parse_rfc3339("2027-03-01T09:00:00Z").unwrap();
    let june = UnixTime::parse_rfc3339("2027-06-01T00:00:00Z").unwrap();
    let december = "2027-12-01T00:00:00Z";
    let crl = s.ca.issue_crl(
        &CrlSpec::signing(UnixTime::parse_rfc3339(december).unwrap()).revoke(
            holder.serial,
            june,
            Some(CrlReason::AffiliationChanged),
        ),
    );
    let tsa_crl = tsa.issue_crl(&CrlSpec::signing(
        UnixTime::parse_rfc3339(december).unwrap(),
    ));
    let crl = file("doc-ts-valid.crl", &crl);
    let tsa_crl = file("doc-ts-valid-tsa.crl", &tsa_crl);
    let pdf = file(
        "doc-ts-valid.pdf",
        &SignedPdfBuilder::new()
            .sign(&holder)
            .document_timestamp(&tsa, march)
            .build(),
    );
    let base = [
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
    let mut with_tsa = base.to_vec();
    with_tsa.extend(["--tsa-anchor", p(&tsa_root), p(&pdf)]);
    let (out, v) = run(&with_tsa);
    assert_eq!(out.status.code(), Some(0), "{v}");
    let sigs = &v["signatures"];
    assert_eq!(sigs[0]["timestamp"], "2027-03-01T09:00:00Z");
    assert_eq!(sigs[0]["checked_at"], "2027-03-01T09:00:00Z");
    assert_eq!(sigs[0]["signer"]["checked_at"], "2027-03-01T09:00:00Z");
    assert_eq!(sigs[0]["signer"]["revocation"], "good");
    assert_eq!(sigs[1]["subfilter"], "ETSI.RFC3161");
    assert_eq!(sigs[1]["timestamp"], "2027-03-01T09:00:00Z");
    assert_eq!(sigs[1]["checked_at"], december);
    // Without the TSA's root: the timestamp is refused, and the signature is judged in
    // December: revoked.
    let mut without = base.to_vec();
    without.push(p(&pdf));
    let (out, v) = run(&without);
    assert_eq!(out.status.code(), Some(1), "{v}");
    assert_eq!(v["signatures"][0]["error"], "revoked");
    assert_eq!(v["signatures"][1]["error"], "bad_timestamp");
}

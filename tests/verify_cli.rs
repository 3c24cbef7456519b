//! The `verify` example's contract (flags, JSON, exit codes, check names), and agreement with
//! `openssl verify` on the same chains.

mod common;

use std::path::PathBuf;
use std::process::{Command, Output};

use jpki_core::testkit::{
    CertificateTemplate, HolderSpec, IssuedCert, KeyType, PrivateKey, StringType, TestCa,
    encode_name, ext, key_id,
};
use jpki_core::{KeyUsage, SerialNumber, UnixTime, oids};
use serde_json::Value;

const AT: &str = "2027-01-01T00:00:00Z";

fn pem(name: &str, certs: &[&IssuedCert]) -> PathBuf {
    let text: String = certs.iter().map(|c| c.to_pem()).collect();
    common::file("verify", name, text.as_bytes())
}

fn run(args: &[&str]) -> (Output, Value) {
    let out = common::example("verify")
        .args(args)
        .output()
        .expect("run verify");
    let v = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out, v)
}

fn p(path: &std::path::Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// An intermediate CA or leaf under `issuer`.
fn issue(
    issuer: &IssuedCert,
    cn: &str,
    key: KeyType,
    serial: u64,
    ca: Option<Option<u8>>,
    not_after: &str,
) -> IssuedCert {
    let k = PrivateKey::generate(key, 77, cn);
    let spki = k.public_key_der();
    let issuer_cert = issuer.certificate();
    let mut extensions = match ca {
        Some(path_len) => vec![
            ext::basic_constraints(true, path_len),
            ext::key_usage(KeyUsage::KEY_CERT_SIGN | KeyUsage::CRL_SIGN),
        ],
        None => vec![
            ext::basic_constraints(false, None),
            ext::key_usage(KeyUsage::DIGITAL_SIGNATURE),
        ],
    };
    if let Some(id) = issuer_cert.subject_key_id() {
        extensions.push(ext::authority_key_id(id));
    }
    extensions.push(ext::subject_key_id(&key_id(&spki)));
    let serial = SerialNumber::from_u64(serial).expect("serial");
    let t = CertificateTemplate {
        version: 3,
        serial: serial.to_der_integer_content(),
        issuer: issuer_cert.subject().as_der().to_vec(),
        subject: encode_name(&[
            (oids::AT_COUNTRY, StringType::Printable, "JP"),
            (oids::AT_COMMON_NAME, StringType::Utf8, cn),
        ]),
        not_before: UnixTime::parse_rfc3339("2020-01-01T00:00:00Z").expect("t"),
        not_after: UnixTime::parse_rfc3339(not_after).expect("t"),
        spki,
        extensions,
    };
    IssuedCert {
        der: t.sign(&issuer.private_key),
        serial,
        private_key: k,
    }
}

#[test]
fn json_contract_and_exit_codes() {
    let ca = TestCa::new(70);
    let pair = ca.issue_pair(&HolderSpec::example());
    let anchors = pem(
        "anchors.pem",
        &[ca.signing_root(), ca.user_authentication_root()],
    );
    let signing = common::file("verify", "signing.der", &pair.signing.der);
    let auth = pem("auth.pem", &[&pair.user_authentication]);

    let (out, v) = run(&[
        "--anchor",
        p(&anchors),
        "--at",
        AT,
        "--usage",
        "signing",
        "--json",
        p(&signing),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(v["valid"], true);
    assert!(v["error"].is_null());
    assert_eq!(v["kind"], "signing");
    assert_eq!(v["serial_hex"], "126d2c5c9441");
    assert_eq!(v["path_len"], 2);

    let cases: [(&[&str], &str); 4] = [
        (&["--usage", "signing", p(&auth)], "wrong_usage"),
        (
            &["--usage", "user-authentication", p(&signing)],
            "wrong_usage",
        ),
        (&["--at", "2040-01-01T00:00:00Z", p(&signing)], "expired"),
        (
            &["--at", "2020-01-01T00:00:00Z", p(&signing)],
            "not_yet_valid",
        ),
    ];
    for (extra, name) in cases {
        let mut args = vec!["--anchor", p(&anchors), "--json"];
        if !extra.contains(&"--at") {
            args.extend(["--at", AT]);
        }
        args.extend(extra);
        let (out, v) = run(&args);
        assert_eq!(out.status.code(), Some(1), "{name}");
        assert_eq!(
            (v["valid"].clone(), v["error"].clone()),
            (Value::Bool(false), Value::from(name)),
            "{args:?}"
        );
        assert!(v["path_len"].is_null());
    }
    // Wrong anchor.
    let other = TestCa::new(71);
    let wrong = pem("wrong.pem", &[other.user_authentication_root()]);
    let (out, v) = run(&["--anchor", p(&wrong), "--at", AT, "--json", p(&signing)]);
    assert_eq!(
        (out.status.code(), v["error"].clone()),
        (Some(1), Value::from("unknown_issuer"))
    );
    // Malformed leaf.
    let junk = common::file("verify", "junk.der", b"\x30\x03\x02\x01");
    let (out, v) = run(&["--anchor", p(&anchors), "--json", p(&junk)]);
    assert_eq!(
        (out.status.code(), v["error"].clone()),
        (Some(1), Value::from("malformed"))
    );
    assert!(v["kind"].is_null() && v["serial_hex"].is_null());
    // Usage errors.
    for args in [
        &["--json"][..],
        &[p(&signing)][..],
        &["--anchor", p(&anchors), "--usage", "x", p(&signing)][..],
        &["--anchor", p(&anchors), "--at", "yesterday", p(&signing)][..],
        &["--anchor", "/nonexistent/file", p(&signing)][..],
    ] {
        let (out, _) = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
    // Text output.
    let out = common::example("verify")
        .args(["--anchor", p(&anchors), "--at", AT, p(&signing)])
        .output()
        .expect("run");
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("valid: signing certificate"));
}

/// One chain to verify: name, leaf, intermediates, time, profile, expected verdict.
type Case<'a> = (
    &'a str,
    IssuedCert,
    Vec<&'a IssuedCert>,
    &'a str,
    &'a str,
    bool,
);

/// Both verifiers judge each chain as expected (and so the same way).
#[test]
fn openssl_verify_agrees() {
    if !common::openssl_available() {
        return;
    }
    for key in [KeyType::Rsa2048, KeyType::EcdsaP256] {
        let ca = TestCa::builder(72).key_type(key).generations(2).build();
        let pair = ca.issue_pair(&HolderSpec::example().with_key_type(key));
        let roots = pem("roots.pem", &ca.signing_roots());
        let root = ca.signing_root();
        let good_int = issue(root, "int", key, 500, Some(None), "2039-01-01T00:00:00Z");
        let pl0 = issue(root, "pl0", key, 501, Some(Some(0)), "2039-01-01T00:00:00Z");
        let below_pl0 = issue(&pl0, "below", key, 502, Some(None), "2039-01-01T00:00:00Z");
        let not_ca = issue(root, "notca", key, 503, None, "2039-01-01T00:00:00Z");
        let expired_int = issue(root, "old", key, 504, Some(None), "2025-01-01T00:00:00Z");
        let mut tampered = pair.signing.clone();
        if let Some(b) = tampered.der.last_mut() {
            *b ^= 1;
        }
        // (name, leaf, intermediates, at, profile, expected verdict): the verdict is pinned, so
        // that two verifiers refusing (or accepting) everything do not pass by agreeing.
        let cases: Vec<Case<'_>> = vec![
            (
                "jpki signing",
                pair.signing.clone(),
                vec![],
                AT,
                "jpki",
                true,
            ),
            (
                "expired leaf",
                pair.signing.clone(),
                vec![],
                "2032-01-01T00:00:00Z",
                "jpki",
                false,
            ),
            ("tampered signature", tampered, vec![], AT, "jpki", false),
            (
                "generic with intermediate",
                issue(&good_int, "leaf1", key, 510, None, "2039-01-01T00:00:00Z"),
                vec![&good_int],
                AT,
                "rfc5280",
                true,
            ),
            (
                "pathLen exceeded",
                issue(&below_pl0, "leaf2", key, 511, None, "2039-01-01T00:00:00Z"),
                vec![&pl0, &below_pl0],
                AT,
                "rfc5280",
                false,
            ),
            (
                "CA:false intermediate",
                issue(&not_ca, "leaf3", key, 512, None, "2039-01-01T00:00:00Z"),
                vec![&not_ca],
                AT,
                "rfc5280",
                false,
            ),
            (
                "expired intermediate",
                issue(
                    &expired_int,
                    "leaf4",
                    key,
                    513,
                    None,
                    "2039-01-01T00:00:00Z",
                ),
                vec![&expired_int],
                AT,
                "rfc5280",
                false,
            ),
            (
                "missing intermediate",
                issue(&good_int, "leaf5", key, 514, None, "2039-01-01T00:00:00Z"),
                vec![],
                AT,
                "rfc5280",
                false,
            ),
        ];
        for (name, leaf, ints, at, profile, expected) in cases {
            let leaf_path = pem("leaf.pem", &[&leaf]);
            let ints_path = pem("ints.pem", &ints);
            let mut args = vec![
                "--anchor",
                p(&roots),
                "--at",
                at,
                "--profile",
                profile,
                "--json",
            ];
            if !ints.is_empty() {
                args.extend(["--intermediate", p(&ints_path)]);
            }
            args.push(p(&leaf_path));
            let (_, ours) = run(&args);
            let epoch = UnixTime::parse_rfc3339(at)
                .expect("t")
                .as_unix_seconds()
                .to_string();
            let mut ossl = Command::new("openssl");
            ossl.args(["verify", "-attime", &epoch, "-CAfile", p(&roots)]);
            if !ints.is_empty() {
                ossl.args(["-untrusted", p(&ints_path)]);
            }
            let theirs = ossl
                .arg(p(&leaf_path))
                .output()
                .expect("openssl")
                .status
                .success();
            assert_eq!(
                ours["valid"].as_bool(),
                Some(expected),
                "{key:?} {name}: ours {ours}, expected {expected}"
            );
            assert_eq!(
                theirs, expected,
                "{key:?} {name}: openssl {theirs}, expected {expected}"
            );
        }
    }
}

#[test]
fn revocation_flags() {
    use jpki_core::CrlReason;
    use jpki_core::testkit::{CrlSpec, OcspSpec, OcspStatusSpec};
    let ca = TestCa::new(73);
    let pair = ca.issue_pair(&HolderSpec::example());
    let anchors = pem("rev-anchors.pem", &[ca.signing_root()]);
    let leaf = common::file("verify", "rev-leaf.der", &pair.signing.der);
    let day = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z").expect("t");
    let moved = UnixTime::parse_rfc3339("2026-12-24T09:00:00Z").expect("t");
    let revoking = ca.issue_crl(&CrlSpec::signing(day).revoke(
        pair.signing.serial,
        moved,
        Some(CrlReason::AffiliationChanged),
    ));
    let clean = ca.issue_crl(&CrlSpec::signing(day));
    let revoking = common::file("verify", "revoking.crl", &revoking);
    let clean_pem = jpki_core::pem::encode("X509 CRL", &clean);
    let clean = common::file("verify", "clean.crl.pem", clean_pem.as_bytes());
    let other = common::file(
        "verify",
        "other.crl",
        &TestCa::new(74).issue_crl(&CrlSpec::signing(day)),
    );
    let ocsp_good = common::file(
        "verify",
        "good.ocsp",
        &ca.issue_ocsp_response(&OcspSpec::good(pair.signing.serial, day)),
    );
    let ocsp_revoked = common::file(
        "verify",
        "revoked.ocsp",
        &ca.issue_ocsp_response(
            &OcspSpec::good(pair.signing.serial, day)
                .with_status(OcspStatusSpec::Revoked(moved, None)),
        ),
    );
    let at = "2027-01-01T12:00:00Z";
    let json = |extra: &[&str], at: &str| {
        let mut args = vec![
            "--anchor",
            p(&anchors),
            "--at",
            at,
            "--usage",
            "signing",
            "--json",
        ];
        args.extend(extra);
        args.push(p(&leaf));
        run(&args)
    };
    let (out, v) = json(&["--crl", p(&revoking)], at);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        (v["error"].clone(), v["revocation"].clone()),
        (Value::from("revoked"), Value::from("revoked"))
    );
    assert_eq!(v["revoked_at"], "2026-12-24T09:00:00Z");
    // A document signed before the move still verifies at its signing time.
    let (out, v) = json(&["--crl", p(&revoking)], "2026-12-20T00:00:00Z");
    assert_eq!(
        (out.status.code(), v["revocation"].clone()),
        (Some(0), Value::from("good"))
    );
    let (out, v) = json(&["--crl", p(&clean)], at);
    assert_eq!(
        (out.status.code(), v["revocation"].clone()),
        (Some(0), Value::from("good"))
    );
    assert!(v["revoked_at"].is_null());
    // Stale: past nextUpdate.
    let (out, v) = json(&["--crl", p(&clean)], "2027-01-03T00:00:00Z");
    assert_eq!(
        (out.status.code(), v["error"].clone()),
        (Some(1), Value::from("revocation_unknown"))
    );
    // Another CA's CRL is unusable: unknown, never good.
    let (out, v) = json(&["--crl", p(&other)], at);
    assert_eq!(
        (
            out.status.code(),
            v["error"].clone(),
            v["revocation"].clone()
        ),
        (
            Some(1),
            Value::from("revocation_unknown"),
            Value::from("unknown")
        )
    );
    let (out, v) = json(&["--ocsp-response", p(&ocsp_good)], at);
    assert_eq!(
        (out.status.code(), v["revocation"].clone()),
        (Some(0), Value::from("good"))
    );
    let (out, v) = json(&["--ocsp-response", p(&ocsp_revoked)], at);
    assert_eq!(
        (out.status.code(), v["error"].clone()),
        (Some(1), Value::from("revoked"))
    );
    // Without revocation flags no check happens and none is claimed.
    let (out, v) = json(&[], at);
    assert_eq!(out.status.code(), Some(0));
    assert!(v["revocation"].is_null());
}

//! CRLs and OCSP responses made by OpenSSL (`openssl ca -gencrl`, `openssl ocsp`) go through the
//! `verify` example: good before the revocation, revoked after, from either source. Skips
//! (saying so) without `openssl`.

mod common;

use std::path::Path;
use std::process::Command;

use serde_json::Value;

const CNF: &str = "[ca]
default_ca = jpki
[jpki]
dir = .
database = index.txt
new_certs_dir = .
serial = serial.txt
crlnumber = crlnumber.txt
default_md = sha256
default_crl_days = 1
policy = any
crl_extensions = crl_ext
unique_subject = no
[any]
commonName = supplied
[crl_ext]
authorityKeyIdentifier = keyid
[req]
distinguished_name = dn
prompt = no
x509_extensions = v3_ca
[dn]
C = JP
O = JPKI-TEST
CN = Test Root
[v3_ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[leaf]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature
authorityKeyIdentifier = keyid
subjectKeyIdentifier = hash
";

fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run openssl");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn verify(dir: &Path, revocation: &[&str]) -> (Option<i32>, Value) {
    let (code, json, _) = verify_with_stderr(dir, revocation);
    (code, json)
}

fn verify_with_stderr(dir: &Path, revocation: &[&str]) -> (Option<i32>, Value, String) {
    let mut cmd = common::example("verify");
    cmd.current_dir(dir)
        .args(["--anchor", "root.pem", "--profile", "rfc5280", "--json"])
        .args(revocation)
        .arg("leaf.pem");
    let out = cmd.output().expect("run verify");
    (
        out.status.code(),
        serde_json::from_slice(&out.stdout).unwrap_or(Value::Null),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The `openssl ca` arguments naming the root.
const CA: [&str; 6] = [
    "-config", "ca.cnf", "-cert", "root.pem", "-keyfile", "root.key",
];

/// A fresh directory with an OpenSSL CA (`root.pem`) and a leaf it issued (`leaf.pem`, valid
/// from 2026-01-01 for a year).
fn openssl_ca(tag: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("jpki-core-openssl-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(dir.join("ca.cnf"), CNF).expect("write");
    std::fs::write(dir.join("index.txt"), "").expect("write");
    std::fs::write(dir.join("serial.txt"), "1000\n").expect("write");
    std::fs::write(dir.join("crlnumber.txt"), "01\n").expect("write");
    openssl(
        &dir,
        &[
            "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", "root.key", "-out",
            "root.csr", "-config", "ca.cnf",
        ],
    );
    // Self-signed through `openssl ca` so that it can start in the past (`req -x509` cannot
    // before OpenSSL 3.4).
    openssl(
        &dir,
        &[
            "ca",
            "-batch",
            "-selfsign",
            "-config",
            "ca.cnf",
            "-keyfile",
            "root.key",
            "-in",
            "root.csr",
            "-out",
            "root.pem",
            "-extensions",
            "v3_ca",
            "-startdate",
            "20250101000000Z",
            "-days",
            "3650",
            "-notext",
        ],
    );
    openssl(
        &dir,
        &[
            "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", "leaf.key", "-out",
            "leaf.csr", "-subj", "/CN=leaf",
        ],
    );
    openssl(
        &dir,
        &[
            &["ca", "-batch"][..],
            &CA,
            &[
                "-in",
                "leaf.csr",
                "-out",
                "leaf.pem",
                "-extensions",
                "leaf",
                "-startdate",
                "20260101000000Z",
                "-days",
                "365",
                "-notext",
            ],
        ]
        .concat(),
    );
    dir
}

#[test]
fn openssl_crls_and_ocsp_responses() {
    if !common::openssl_available() {
        return;
    }
    let dir = openssl_ca("rev");
    let ca = CA;
    openssl(
        &dir,
        &[&["ca"][..], &ca, &["-gencrl", "-out", "clean.crl.pem"]].concat(),
    );
    openssl(
        &dir,
        &[
            "ocsp",
            "-issuer",
            "root.pem",
            "-cert",
            "leaf.pem",
            "-reqout",
            "req.der",
            "-no_nonce",
        ],
    );
    let respond = |out: &str| {
        [
            "ocsp",
            "-index",
            "index.txt",
            "-rsigner",
            "root.pem",
            "-rkey",
            "root.key",
            "-CA",
            "root.pem",
            "-reqin",
            "req.der",
            "-respout",
            out,
            "-ndays",
            "1",
        ]
        .map(String::from)
    };
    openssl(
        &dir,
        &respond("good.ocsp")
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    openssl(
        &dir,
        &[
            &["ca"][..],
            &ca,
            &["-revoke", "leaf.pem", "-crl_reason", "superseded"],
        ]
        .concat(),
    );
    openssl(
        &dir,
        &[&["ca"][..], &ca, &["-gencrl", "-out", "revoked.crl.pem"]].concat(),
    );
    openssl(
        &dir,
        &respond("revoked.ocsp")
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );

    for (flags, code, status) in [
        (&["--crl", "clean.crl.pem"][..], 0, "good"),
        (&["--crl", "revoked.crl.pem"][..], 1, "revoked"),
        (&["--ocsp-response", "good.ocsp"][..], 0, "good"),
        (&["--ocsp-response", "revoked.ocsp"][..], 1, "revoked"),
    ] {
        let (rc, v) = verify(&dir, flags);
        assert_eq!(
            (rc, v["revocation"].as_str()),
            (Some(code), Some(status)),
            "{flags:?}: {v}"
        );
        if code == 1 {
            assert_eq!(v["error"], "revoked");
            assert!(v["revoked_at"].is_string());
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// OpenSSL's own CRLs through the fail-closed rules: one without cRLNumber (`openssl ca`
/// without a crlnumber file) is refused, so the status is unknown, not good; a key-compromise
/// time (`-crl_compromise`, an invalidityDate) earlier than the revocation is when the
/// revocation took effect.
#[test]
fn openssl_crl_without_number_and_with_invalidity_date() {
    if !common::openssl_available() {
        return;
    }
    let dir = openssl_ca("rules");
    // The same CA without a crlnumber file: its CRLs carry no cRLNumber.
    let cnf = CNF.replace("crlnumber = crlnumber.txt\n", "");
    std::fs::write(dir.join("nonum.cnf"), cnf).expect("write");
    let nonum = [
        "-config",
        "nonum.cnf",
        "-cert",
        "root.pem",
        "-keyfile",
        "root.key",
    ];
    openssl(
        &dir,
        &[&["ca"][..], &nonum, &["-gencrl", "-out", "nonum.crl.pem"]].concat(),
    );
    let (rc, v, stderr) = verify_with_stderr(&dir, &["--crl", "nonum.crl.pem"]);
    assert_eq!(
        (rc, v["error"].as_str()),
        (Some(1), Some("revocation_unknown")),
        "{v}"
    );
    assert!(stderr.contains("cRLNumber is missing"), "{stderr}");

    // Revoked today for a key compromise that began on 2026-06-01.
    openssl(
        &dir,
        &[
            &["ca"][..],
            &CA,
            &["-revoke", "leaf.pem", "-crl_compromise", "20260601000000Z"],
        ]
        .concat(),
    );
    openssl(
        &dir,
        &[
            &["ca"][..],
            &CA,
            &["-gencrl", "-out", "compromised.crl.pem"],
        ]
        .concat(),
    );
    // Between the compromise and the revocation: already revoked, with both times reported.
    let (rc, v) = verify(
        &dir,
        &[
            "--crl",
            "compromised.crl.pem",
            "--at",
            "2026-09-01T00:00:00Z",
        ],
    );
    assert_eq!((rc, v["error"].as_str()), (Some(1), Some("revoked")), "{v}");
    assert_eq!(v["invalid_since"], "2026-06-01T00:00:00Z", "{v}");
    assert!(v["revoked_at"].is_string(), "{v}");
    // Before the compromise: good (the CRL's thisUpdate is later, and it speaks for the past).
    let (rc, v) = verify(
        &dir,
        &[
            "--crl",
            "compromised.crl.pem",
            "--at",
            "2026-05-01T00:00:00Z",
        ],
    );
    assert_eq!(
        (rc, v["revocation"].as_str()),
        (Some(0), Some("good")),
        "{v}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

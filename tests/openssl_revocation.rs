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
    let mut cmd = common::example("verify");
    cmd.current_dir(dir)
        .args(["--anchor", "root.pem", "--profile", "rfc5280", "--json"])
        .args(revocation)
        .arg("leaf.pem");
    let out = cmd.output().expect("run verify");
    (
        out.status.code(),
        serde_json::from_slice(&out.stdout).unwrap_or(Value::Null),
    )
}

#[test]
fn openssl_crls_and_ocsp_responses() {
    if !common::openssl_available() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("jpki-core-openssl-rev-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(dir.join("ca.cnf"), CNF).expect("write");
    std::fs::write(dir.join("index.txt"), "").expect("write");
    std::fs::write(dir.join("serial.txt"), "1000\n").expect("write");
    std::fs::write(dir.join("crlnumber.txt"), "01\n").expect("write");
    let ca = [
        "-config", "ca.cnf", "-cert", "root.pem", "-keyfile", "root.key",
    ];
    openssl(
        &dir,
        &[
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "root.key", "-out",
            "root.pem", "-days", "3650", "-config", "ca.cnf",
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
            &ca,
            &[
                "-in",
                "leaf.csr",
                "-out",
                "leaf.pem",
                "-extensions",
                "leaf",
                "-days",
                "365",
                "-notext",
            ],
        ]
        .concat(),
    );
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

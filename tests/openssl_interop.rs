//! OpenSSL must accept what the test CA issues: `openssl x509 -text` decodes it and
//! `openssl verify` validates the chain. Skips (saying so) where `openssl` is not installed;
//! `.ci/run` installs it.

mod common;

use std::path::PathBuf;
use std::process::Command;

use jpki_core::testkit::{HolderSpec, KeyType, TestCa};

/// 2027-01-01T00:00:00Z: inside the example holder's validity, whatever the clock says.
const AT: &str = "1798761600";

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jpki-core-openssl-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn openssl(args: &[&str]) -> (bool, String) {
    let out = Command::new("openssl")
        .args(args)
        .output()
        .expect("run openssl");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

fn check_ca(ca: &TestCa, key_type: KeyType, tag: &str) {
    let dir = scratch(tag);
    let spec = HolderSpec::example().with_key_type(key_type);
    let pair = ca.issue_pair(&spec);
    let write = |name: &str, pem: String| {
        let p = dir.join(name);
        std::fs::write(&p, pem).expect("write");
        p.to_string_lossy().into_owned()
    };
    let roots: String = ca.signing_roots().iter().map(|r| r.to_pem()).collect();
    let auth_roots: String = ca
        .user_authentication_roots()
        .iter()
        .map(|r| r.to_pem())
        .collect();
    let signing_roots = write("signing-roots.pem", roots);
    let auth_roots = write("auth-roots.pem", auth_roots);
    let signing = write("signing.pem", pair.signing.to_pem());
    let auth = write("auth.pem", pair.user_authentication.to_pem());

    let (ok, text) = openssl(&["x509", "-in", &signing, "-noout", "-text"]);
    assert!(ok, "openssl x509 -text failed:\n{text}");
    for needle in [
        "X509v3 Key Usage: critical",
        "Digital Signature, Non Repudiation",
        "X509v3 Certificate Policies: critical",
        "1.2.392.200149.8.5.1.0.20",
        "X509v3 Subject Alternative Name",
        "1.2.392.200149.8.5.5.1",
        "X509v3 Issuer Alternative Name",
        "X509v3 CRL Distribution Points",
        "CRL Distribution Points",
        "DirName:",
        "Serial Number",
    ] {
        assert!(
            text.contains(needle),
            "openssl -text lacks {needle:?}:\n{text}"
        );
    }
    let (ok, text) = openssl(&["x509", "-in", &auth, "-noout", "-text"]);
    assert!(ok && text.contains("1.2.392.200149.8.5.1.3.30"), "{text}");
    assert!(!text.contains("Subject Alternative Name"), "{text}");

    // The chain verifies, with every root generation offered at once (one DN, several keys).
    for (leaf, anchors) in [(&signing, &signing_roots), (&auth, &auth_roots)] {
        let (ok, text) = openssl(&["verify", "-attime", AT, "-CAfile", anchors, leaf]);
        assert!(
            ok && text.contains(": OK"),
            "openssl verify {leaf}:\n{text}"
        );
    }
    // And a wrong anchor is refused.
    let (ok, text) = openssl(&["verify", "-attime", AT, "-CAfile", &auth_roots, &signing]);
    assert!(
        !ok,
        "openssl accepted the signing certificate against the auth root:\n{text}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn openssl_accepts_rsa_hierarchy_with_three_generations() {
    if !common::openssl_available() {
        return;
    }
    let ca = TestCa::builder(31).generations(3).build();
    check_ca(&ca, KeyType::Rsa2048, "rsa");
}

#[test]
fn openssl_accepts_p256_holder_keys_and_roots() {
    if !common::openssl_available() {
        return;
    }
    let ca = TestCa::builder(32).key_type(KeyType::EcdsaP256).build();
    check_ca(&ca, KeyType::EcdsaP256, "p256");
}

#[test]
fn openssl_accepts_an_older_generation_issuer() {
    if !common::openssl_available() {
        return;
    }
    let ca = TestCa::builder(33).generations(3).build();
    let dir = scratch("gen0");
    let mut spec = HolderSpec::example();
    spec.generation = Some(0);
    let leaf = ca.issue_signing(&spec);
    let roots: String = ca.signing_roots().iter().map(|r| r.to_pem()).collect();
    std::fs::write(dir.join("roots.pem"), roots).expect("write");
    std::fs::write(dir.join("leaf.pem"), leaf.to_pem()).expect("write");
    let roots = dir.join("roots.pem").to_string_lossy().into_owned();
    let leaf = dir.join("leaf.pem").to_string_lossy().into_owned();
    let (ok, text) = openssl(&["verify", "-attime", AT, "-CAfile", &roots, &leaf]);
    assert!(ok, "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

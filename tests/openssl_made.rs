//! Certificates made by OpenSSL, configured with the JPKI profile, go through the parser and
//! classifier like the test CA's. Skips (saying so) where `openssl` is not installed, and fails
//! there under CI.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use jpki_core::{
    BasicFourItem, Certificate, CertificateKind, Environment, Era, Error, Sex, TextProblem,
};

const ROOT_CNF: &str = "[req]
distinguished_name = dn
prompt = no
string_mask = utf8only
x509_extensions = v3_ca
[dn]
C = JP
O = JPKI
1.OU = JPKI for digital signature
2.OU = Japan Agency for Local Authority Information Systems
[v3_ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
";

/// `FORMAT` is `FORMAT:UTF8,` (correct) or empty (OpenSSL then re-encodes the bytes as Latin-1).
fn ee_cnf(format: &str) -> String {
    format!(
        "[ext]
keyUsage = critical, digitalSignature, nonRepudiation
certificatePolicies = critical, 1.2.392.200149.8.5.1.1.20
subjectAltName = @san
issuerAltName = dirName:ian
crlDistributionPoints = crldp
authorityKeyIdentifier = keyid
subjectKeyIdentifier = hash
basicConstraints = CA:FALSE
[san]
otherName.1 = 1.2.392.200149.8.5.5.1;{format}UTF8:山田　太郎
otherName.2 = 1.2.392.200149.8.5.5.4;{format}UTF8:319850423
otherName.3 = 1.2.392.200149.8.5.5.3;{format}UTF8:1
otherName.4 = 1.2.392.200149.8.5.5.5;{format}UTF8:東京都千代田区
otherName.5 = 1.2.392.200149.8.5.5.2;{format}UTF8:00100
otherName.6 = 1.2.392.200149.8.5.5.6;{format}UTF8:0000000
[ian]
C = JP
O = 公的個人認証サービス
[crldp]
fullname = dirName:crlname
[crlname]
C = JP
O = JPKI
1.OU = JPKI for digital signature
2.OU = CRL Distribution Points
3.OU = Tokyo-to
CN = Chiyoda-ku
"
    )
}

fn run(dir: &Path, args: &[&str]) -> bool {
    let out = Command::new("openssl").current_dir(dir).args(args).output();
    match out {
        Ok(o) if o.status.success() => true,
        Ok(o) => {
            eprintln!("openssl {args:?}: {}", String::from_utf8_lossy(&o.stderr));
            false
        }
        Err(e) => {
            eprintln!("cannot run `openssl` ({e})");
            false
        }
    }
}

/// Makes a root and a signing certificate with OpenSSL; `None` if OpenSSL is unavailable.
fn make(tag: &str, format: &str) -> Option<(Vec<u8>, Vec<u8>)> {
    if !common::openssl_available() {
        return None;
    }
    let dir: PathBuf =
        std::env::temp_dir().join(format!("jpki-core-made-{}-{tag}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch directory");
    std::fs::write(dir.join("root.cnf"), ROOT_CNF).expect("root.cnf");
    std::fs::write(dir.join("ee.cnf"), ee_cnf(format)).expect("ee.cnf");
    let ok = run(
        &dir,
        &[
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "root.key", "-out",
            "root.pem", "-days", "3650", "-config", "root.cnf",
        ],
    ) && run(
        &dir,
        &[
            "req",
            "-new",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "ee.key",
            "-out",
            "ee.csr",
            "-subj",
            "/C=JP/L=Tokyo-to/L=Chiyoda-ku/CN=ABCDEFGHIJ0123456789XY",
        ],
    ) && run(
        &dir,
        &[
            "x509",
            "-req",
            "-in",
            "ee.csr",
            "-CA",
            "root.pem",
            "-CAkey",
            "root.key",
            "-set_serial",
            "1234567890123",
            "-out",
            "ee.der",
            "-outform",
            "DER",
            "-days",
            "1800",
            "-extfile",
            "ee.cnf",
            "-extensions",
            "ext",
        ],
    );
    assert!(
        ok,
        "OpenSSL is installed but failed to issue the certificates"
    );
    let root = std::fs::read(dir.join("root.pem")).expect("root.pem");
    let ee = std::fs::read(dir.join("ee.der")).expect("ee.der");
    let _ = std::fs::remove_dir_all(&dir);
    Some((root, ee))
}

#[test]
fn openssl_made_signing_certificate_is_classified_and_decoded() {
    let Some((root_pem, ee_der)) = make("ok", "FORMAT:UTF8,") else {
        return;
    };
    let root = Certificate::from_der_or_pem(&root_pem).expect("OpenSSL root parses");
    assert_eq!(root.kind(), Ok(CertificateKind::Ca));
    assert_eq!(root.environment(), Some(Environment::Production));
    let ee = Certificate::from_der(&ee_der).expect("OpenSSL leaf parses");
    assert_eq!(ee.kind(), Ok(CertificateKind::Signing));
    assert_eq!(ee.serial().to_decimal(), "1234567890123");
    assert_eq!(ee.authority_key_id(), root.subject_key_id());
    let info = ee.basic_four().expect("basic four items");
    assert_eq!(info.name(), "山田　太郎");
    assert_eq!(info.name_substitutes(), vec![2]);
    assert_eq!(info.sex(), Sex::Male);
    assert_eq!(info.date_of_birth().era(), Era::Showa);
    assert_eq!(info.address(), "東京都千代田区");
}

#[test]
fn double_encoded_utf8_is_refused_with_a_hint() {
    let Some((_, ee_der)) = make("latin1", "") else {
        return;
    };
    let ee = Certificate::from_der(&ee_der).expect("the certificate itself is well-formed");
    match ee.basic_four() {
        Err(Error::BasicFourBadText {
            item: BasicFourItem::Name,
            reason,
        }) => {
            assert_eq!(reason, TextProblem::ControlCharacters);
            assert!(reason.to_string().contains("double-encoded"), "{reason}");
        }
        other => panic!("expected a bad-text refusal, got {other:?}"),
    }
}

//! Every Wycheproof vector for RSASSA-PKCS1-v1_5 (2048-bit; SHA-256, SHA-384, SHA-512) and ECDSA
//! (P-256/SHA-256, P-384/SHA-384, P-521/SHA-512) in `../shared/vectors/wycheproof/`, on every
//! backend of the build: `valid` must verify, `invalid` must be refused, and each `acceptable`
//! case is decided here with its reason. Every vector is also verified through the prehashed
//! API (`PublicKey::verify_prehashed` over the message's hash), which must give the message
//! API's verdict, error included.

use std::path::PathBuf;

use jpki_core::crypto::{CryptoBackend, RustCrypto};
use jpki_core::{Error, PublicKey, SignatureAlgorithm};
use serde_json::Value;

fn load(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/vectors/wycheproof")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("JSON")
}

fn hex(s: &Value) -> Vec<u8> {
    let s = s.as_str().expect("hex string");
    (0..s.len() / 2)
        .map(|i| u8::from_str_radix(s.get(2 * i..2 * i + 2).expect("pair"), 16).expect("hex"))
        .collect()
}

fn groups(v: &Value) -> &Vec<Value> {
    v["testGroups"].as_array().expect("testGroups")
}

fn tests(g: &Value) -> &Vec<Value> {
    g["tests"].as_array().expect("tests")
}

/// Runs one file; `decide_acceptable` says what we do with `acceptable` cases (and why).
fn run(
    file: &str,
    alg: SignatureAlgorithm,
    key_field: &str,
    decide_acceptable: fn(&Value) -> bool,
) -> (usize, usize) {
    let v = load(file);
    let sha = match alg {
        SignatureAlgorithm::RsaPkcs1Sha384 | SignatureAlgorithm::EcdsaSha384 => "SHA-384",
        SignatureAlgorithm::RsaPkcs1Sha512 | SignatureAlgorithm::EcdsaSha512 => "SHA-512",
        _ => "SHA-256",
    };
    let (mut passed, mut total) = (0, 0);
    for g in groups(&v) {
        if g.get("sha")
            .and_then(Value::as_str)
            .is_some_and(|s| s != sha)
        {
            continue; // groups of other hashes (the generation file mixes them)
        }
        for backend in backends() {
            let key = PublicKey::from_spki_der_with(&hex(&g[key_field]), backend);
            for t in tests(g) {
                total += 1;
                let id = &t["tcId"];
                let msg = hex(&t["msg"]);
                let outcome = key
                    .as_ref()
                    .map_err(Clone::clone)
                    .and_then(|k| k.verify(alg, &msg, &hex(&t["sig"])));
                let prehashed = key
                    .as_ref()
                    .map_err(Clone::clone)
                    .and_then(|k| k.verify_prehashed(alg, &hash(alg, &msg), &hex(&t["sig"])));
                assert_eq!(
                    prehashed,
                    outcome,
                    "{file} tcId {id}: the prehashed API disagrees on {}",
                    backend.name()
                );
                let expect_ok = match t["result"].as_str() {
                    Some("valid") => true,
                    Some("invalid") => false,
                    Some("acceptable") => decide_acceptable(t),
                    other => panic!("tcId {id}: unknown result {other:?}"),
                };
                assert_eq!(
                    outcome.is_ok(),
                    expect_ok,
                    "{file} tcId {id} ({}, flags {}) on {}: got {outcome:?}",
                    t["comment"],
                    t["flags"],
                    backend.name(),
                );
                if !expect_ok {
                    assert!(
                        matches!(outcome, Err(Error::BadSignature | Error::UnsupportedKey(_))),
                        "tcId {id}: refused with an unexpected error {outcome:?}"
                    );
                }
                passed += 1;
            }
        }
    }
    let n = backends().len();
    (passed / n, total / n)
}

/// The message's hash under the algorithm's hash function.
fn hash(alg: SignatureAlgorithm, msg: &[u8]) -> Vec<u8> {
    use sha2::Digest as _;
    match alg {
        SignatureAlgorithm::RsaPkcs1Sha384 | SignatureAlgorithm::EcdsaSha384 => {
            sha2::Sha384::digest(msg).to_vec()
        }
        SignatureAlgorithm::RsaPkcs1Sha512 | SignatureAlgorithm::EcdsaSha512 => {
            sha2::Sha512::digest(msg).to_vec()
        }
        _ => sha2::Sha256::digest(msg).to_vec(),
    }
}

/// Every backend this build has: each must decide every vector the same way.
fn backends() -> Vec<&'static dyn CryptoBackend> {
    let mut all: Vec<&'static dyn CryptoBackend> = vec![&RustCrypto];
    #[cfg(feature = "aws-lc-rs")]
    all.push(&jpki_core::crypto::AwsLcRs);
    all
}

fn flags(t: &Value) -> Vec<&str> {
    t["flags"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

#[test]
fn rsa_pkcs1_2048_sha256_verify_vectors() {
    // Acceptable: tcId 8, MissingNull (DigestInfo without the NULL parameter). Refused: the
    // `rsa` crate compares the whole encoded message with the one DER encoding RFC 8017
    // §9.2 specifies (NULL present), and certificates in JPKI always carry it.
    let decide = |t: &Value| {
        assert_eq!(
            flags(t),
            ["MissingNull"],
            "unexpected acceptable case {}",
            t["tcId"]
        );
        false
    };
    let (passed, total) = run(
        "rsa_signature_2048_sha256_test.json",
        SignatureAlgorithm::RsaPkcs1Sha256,
        "publicKeyDer",
        decide,
    );
    assert_eq!((passed, total), (259, 259));
}

#[test]
fn rsa_pkcs1_2048_signature_generation_vectors_verify() {
    // The SHA-256 groups' deterministic signatures serve as positive vectors. Acceptable
    // cases there are keys with small public exponents (flag SmallPublicKey, e = 3): our key
    // policy only asks for an odd exponent greater than 1, and the signatures are genuine,
    // so they verify.
    let decide = |t: &Value| {
        assert!(
            flags(t)
                .iter()
                .all(|f| *f == "SmallPublicKey" || *f == "SmallModulus"),
            "{}",
            t["flags"]
        );
        !flags(t).contains(&"SmallModulus")
    };
    let v = load("rsa_pkcs1_2048_sig_gen_test.json");
    let field = if groups(&v)
        .first()
        .is_some_and(|g| g.get("publicKeyDer").is_some())
    {
        "publicKeyDer"
    } else {
        "keyDer"
    };
    let (passed, total) = run(
        "rsa_pkcs1_2048_sig_gen_test.json",
        SignatureAlgorithm::RsaPkcs1Sha256,
        field,
        decide,
    );
    assert!(total >= 8, "only {total} SHA-256 cases");
    assert_eq!(passed, total);
}

#[test]
fn ecdsa_p256_sha256_verify_vectors() {
    let (passed, total) = run(
        "ecdsa_secp256r1_sha256_test.json",
        SignatureAlgorithm::EcdsaSha256,
        "publicKeyDer",
        no_acceptable_cases,
    );
    assert_eq!((passed, total), (484, 484));
}

/// The ECDSA files have no `acceptable` case: one appearing is a change to look at.
fn no_acceptable_cases(t: &Value) -> bool {
    panic!("no acceptable cases expected, got tcId {}", t["tcId"])
}

/// The one acceptable RSA case of the SHA-384 and SHA-512 files: a DigestInfo without the NULL
/// parameter, refused for the reason given for SHA-256.
fn missing_null_refused(t: &Value) -> bool {
    assert_eq!(
        flags(t),
        ["MissingNull"],
        "unexpected acceptable case {}",
        t["tcId"]
    );
    false
}

#[test]
fn rsa_pkcs1_2048_sha384_verify_vectors() {
    let (passed, total) = run(
        "rsa_signature_2048_sha384_test.json",
        SignatureAlgorithm::RsaPkcs1Sha384,
        "publicKeyDer",
        missing_null_refused,
    );
    assert_eq!((passed, total), (258, 258));
}

#[test]
fn rsa_pkcs1_2048_sha512_verify_vectors() {
    let (passed, total) = run(
        "rsa_signature_2048_sha512_test.json",
        SignatureAlgorithm::RsaPkcs1Sha512,
        "publicKeyDer",
        missing_null_refused,
    );
    assert_eq!((passed, total), (259, 259));
}

#[test]
fn ecdsa_p384_sha384_verify_vectors() {
    let (passed, total) = run(
        "ecdsa_secp384r1_sha384_test.json",
        SignatureAlgorithm::EcdsaSha384,
        "publicKeyDer",
        no_acceptable_cases,
    );
    assert_eq!((passed, total), (504, 504));
}

#[test]
fn ecdsa_p521_sha512_verify_vectors() {
    let (passed, total) = run(
        "ecdsa_secp521r1_sha512_test.json",
        SignatureAlgorithm::EcdsaSha512,
        "publicKeyDer",
        no_acceptable_cases,
    );
    assert_eq!((passed, total), (542, 542));
}

/// The pairing policy: an ECDSA key verifies only with its curve's hash, and a signature valid
/// under that hash is refused (as unsupported, not as bad) under any other.
#[test]
fn each_curve_has_one_hash() {
    for (file, own, others) in [
        (
            "ecdsa_secp256r1_sha256_test.json",
            SignatureAlgorithm::EcdsaSha256,
            [
                SignatureAlgorithm::EcdsaSha384,
                SignatureAlgorithm::EcdsaSha512,
            ],
        ),
        (
            "ecdsa_secp384r1_sha384_test.json",
            SignatureAlgorithm::EcdsaSha384,
            [
                SignatureAlgorithm::EcdsaSha256,
                SignatureAlgorithm::EcdsaSha512,
            ],
        ),
        (
            "ecdsa_secp521r1_sha512_test.json",
            SignatureAlgorithm::EcdsaSha512,
            [
                SignatureAlgorithm::EcdsaSha256,
                SignatureAlgorithm::EcdsaSha384,
            ],
        ),
    ] {
        let v = load(file);
        let g = groups(&v).first().expect("group");
        let t = tests(g)
            .iter()
            .find(|t| t["result"] == "valid")
            .expect("a valid case");
        for backend in backends() {
            let key =
                PublicKey::from_spki_der_with(&hex(&g["publicKeyDer"]), backend).expect("key");
            let (msg, sig) = (hex(&t["msg"]), hex(&t["sig"]));
            assert_eq!(key.verify(own, &msg, &sig), Ok(()), "{file}");
            for other in others {
                assert_eq!(
                    key.verify(other, &msg, &sig),
                    Err(Error::UnsupportedAlgorithm(other.oid())),
                    "{file}: {other} on {}",
                    backend.name()
                );
                assert_eq!(
                    key.verify_prehashed(other, &hash(other, &msg), &sig),
                    Err(Error::UnsupportedAlgorithm(other.oid())),
                    "{file}: {other} prehashed on {}",
                    backend.name()
                );
            }
        }
    }
}

#[test]
fn algorithm_must_fit_the_key() {
    let v = load("ecdsa_secp256r1_sha256_test.json");
    let g = groups(&v).first().expect("group");
    let key = PublicKey::from_spki_der(&hex(&g["publicKeyDer"])).expect("key");
    let t = tests(g).first().expect("test");
    assert!(matches!(
        key.verify(
            SignatureAlgorithm::RsaPkcs1Sha256,
            &hex(&t["msg"]),
            &hex(&t["sig"])
        ),
        Err(Error::UnsupportedAlgorithm(_))
    ));
}

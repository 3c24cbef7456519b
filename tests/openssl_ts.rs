//! RFC 3161 interoperability with `openssl ts`, three ways (issue 17, item 7):
//! (a) requests made by `openssl ts -query` and responses made by `openssl ts -reply` with the
//! test TSA's key (RSA and P-384; SHA-256, SHA-384, SHA-512; with and without certReq; ESS
//! signing-certificate v1 and v2; accuracy, ordering, tsa name, fractional genTime) parse,
//! check against their requests and verify over the data in jpki-core;
//! (b) jpki-core's `TimestampRequest` is answered by `openssl ts -reply -queryfile`;
//! (c) the testkit's tokens and responses verify with `openssl ts -verify`.
//! Negative cases on both sides: the answer to another request (nonce), altered data.
//! Skips (saying so) where `openssl` is not installed, and fails there under CI.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use jpki_core::testkit::{KeyType, TEST_TSA_POLICY, TestTsa};
use jpki_core::{
    DigestAlgorithm, Error, TimestampProblem, TimestampRequest, TimestampResponse, TimestampToken,
    TimestampVerifier, TstInfo, UnixTime, Verifier,
};

/// A policy the TSA serves besides its default (`other_policies`).
const OTHER_POLICY: &str = "1.3.6.1.4.1.99999.3161.2";

const DATA: &[u8] = b"\xe8\xbb\xa2\xe5\x85\xa5\xe5\xb1\x8a / change-of-address notification\r\n";

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jpki-core-ts-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new("openssl")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run openssl")
}

fn openssl(dir: &Path, args: &[&str]) -> Vec<u8> {
    let out = run(dir, args);
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// A test TSA's certificate, key and root written for OpenSSL, with an openssl.cnf holding
/// one `[tsa_<digest>_<ess>]` section per signer digest and ESS certificate-ID hash.
struct Tsa {
    dir: PathBuf,
    tsa: TestTsa,
}

fn tsa(tag: &str, key_type: KeyType) -> Tsa {
    let tsa = TestTsa::with_key_type(31, key_type);
    let dir = scratch(tag);
    std::fs::write(dir.join("tsa.pem"), tsa.certificate().to_pem()).expect("write");
    std::fs::write(
        dir.join("tsa.key"),
        tsa.certificate().private_key.to_pkcs8_pem(),
    )
    .expect("write");
    std::fs::write(dir.join("root.pem"), tsa.root().to_pem()).expect("write");
    std::fs::write(dir.join("tsaserial"), "01\n").expect("write");
    let mut cnf = String::from("[ tsa ]\ndefault_tsa = tsa_sha256_sha256\n");
    for digest in ["sha256", "sha384", "sha512"] {
        for ess in ["sha1", "sha256"] {
            cnf += &format!(
                "\n[ tsa_{digest}_{ess} ]\n\
                 dir = .\n\
                 serial = $dir/tsaserial\n\
                 crypto_device = builtin\n\
                 signer_cert = $dir/tsa.pem\n\
                 signer_key = $dir/tsa.key\n\
                 signer_digest = {digest}\n\
                 default_policy = {TEST_TSA_POLICY}\n\
                 other_policies = {OTHER_POLICY}\n\
                 digests = sha256, sha384, sha512\n\
                 accuracy = secs:1, millisecs:500, microsecs:100\n\
                 clock_precision_digits = 3\n\
                 ordering = yes\n\
                 tsa_name = yes\n\
                 ess_cert_id_chain = no\n\
                 ess_cert_id_alg = {ess}\n"
            );
        }
    }
    std::fs::write(dir.join("openssl.cnf"), cnf).expect("write");
    std::fs::write(dir.join("data.bin"), DATA).expect("write");
    Tsa { dir, tsa }
}

impl Tsa {
    /// Trusts the TSA's root; knows the TSA certificate too, for tokens without it.
    fn verifier(&self) -> TimestampVerifier {
        TimestampVerifier::new(
            Verifier::new([self.tsa.root().certificate()])
                .expect("verifier")
                .with_intermediates([self.tsa.certificate().certificate()]),
        )
    }

    /// `openssl ts -reply` to the request in `query` (a file in the TSA's directory).
    fn reply(&self, section: &str, query: &str) -> Vec<u8> {
        openssl(
            &self.dir,
            &[
                "ts",
                "-reply",
                "-config",
                "openssl.cnf",
                "-section",
                section,
                "-queryfile",
                query,
                "-out",
                "resp.tsr",
            ],
        );
        std::fs::read(self.dir.join("resp.tsr")).expect("resp.tsr")
    }
}

/// Checks a response to `request` and verifies its token over DATA (and refuses it over
/// altered data); returns the token's TSTInfo.
fn check_and_verify(t: &Tsa, request: &TimestampRequest, response: &[u8]) -> TstInfo {
    let response = TimestampResponse::from_der(response).expect("jpki-core parses the reply");
    assert!(response.status().is_granted(), "{:?}", response.status());
    let token = response
        .check(request)
        .expect("the reply answers the request");
    assert_eq!(
        token.signed_data().certificates().len(),
        usize::from(request.cert_req()),
        "certReq decides whether the TSA certificate is sent"
    );
    let now = UnixTime::now();
    let stamp = t
        .verifier()
        .verify_data(&token, DATA, now)
        .expect("read")
        .unwrap_or_else(|e| panic!("openssl's token refused: {e}"));
    let gen_time = stamp.gen_time().as_unix_seconds();
    assert!(
        gen_time.abs_diff(now.as_unix_seconds()) < 600,
        "genTime {gen_time}"
    );
    let tst = stamp.tst_info();
    assert_eq!(tst.nonce(), request.nonce());
    assert!(tst.ordering());
    assert!(tst.tsa_name_der().is_some());
    assert_eq!(
        tst.accuracy().map(|a| a.as_micros()),
        Some(1_500_100),
        "secs:1, millisecs:500, microsecs:100"
    );
    let altered = [DATA, b"!"].concat();
    assert_eq!(
        t.verifier()
            .verify_data(&token, &altered[..], now)
            .expect("read")
            .err(),
        Some(Error::BadTimestamp(TimestampProblem::ImprintMismatch))
    );
    tst.clone()
}

fn digest_flag(alg: DigestAlgorithm) -> String {
    format!("-{}", alg.as_str())
}

/// (a) `openssl ts -query` and `openssl ts -reply`: every digest, certReq or not, both ESS
/// forms, RSA and P-384 TSA keys.
#[test]
fn openssl_requests_and_replies_check_and_verify() {
    if !common::openssl_available() {
        return;
    }
    for (tag, key_type, signer_digests) in [
        ("rsa", KeyType::Rsa2048, &["sha256", "sha512"][..]),
        ("p384", KeyType::EcdsaP384, &["sha384"][..]),
    ] {
        let t = tsa(&format!("a-{tag}"), key_type);
        for signer_digest in signer_digests {
            for ess in ["sha1", "sha256"] {
                for alg in [DigestAlgorithm::Sha256, DigestAlgorithm::Sha384] {
                    for cert_req in [false, true] {
                        let mut args = vec![
                            "ts".to_string(),
                            "-query".into(),
                            "-data".into(),
                            "data.bin".into(),
                            digest_flag(alg),
                            "-out".into(),
                            "req.tsq".into(),
                        ];
                        if cert_req {
                            args.push("-cert".into());
                        }
                        let args: Vec<&str> = args.iter().map(String::as_str).collect();
                        openssl(&t.dir, &args);
                        let request = TimestampRequest::from_der(
                            &std::fs::read(t.dir.join("req.tsq")).expect("req.tsq"),
                        )
                        .expect("jpki-core parses openssl's request");
                        assert_eq!(request.hash_algorithm(), alg);
                        assert_eq!(request.cert_req(), cert_req);
                        assert!(request.nonce().is_some(), "openssl sends a nonce");
                        let section = format!("tsa_{signer_digest}_{ess}");
                        let response = t.reply(&section, "req.tsq");
                        let tst = check_and_verify(&t, &request, &response);
                        assert_eq!(tst.policy(), TEST_TSA_POLICY);
                        assert_eq!(tst.hash_algorithm(), alg);
                    }
                }
            }
        }
        // The token alone (-token_out) parses and verifies as well. (A P-384 key signs with
        // SHA-384: jpki-core refuses ECDSA P-384 over SHA-256, as the JPKI profile does.)
        openssl(
            &t.dir,
            &[
                "ts", "-query", "-data", "data.bin", "-sha256", "-cert", "-out", "req.tsq",
            ],
        );
        openssl(
            &t.dir,
            &[
                "ts",
                "-reply",
                "-config",
                "openssl.cnf",
                "-section",
                &format!("tsa_{}_sha256", signer_digests[0]),
                "-queryfile",
                "req.tsq",
                "-token_out",
                "-out",
                "token.der",
            ],
        );
        let token =
            TimestampToken::from_der(&std::fs::read(t.dir.join("token.der")).expect("token"))
                .expect("jpki-core parses openssl's token");
        if let Err(e) = t
            .verifier()
            .verify_data(&token, DATA, UnixTime::now())
            .expect("read")
        {
            panic!("openssl's -token_out token refused: {e}");
        }
    }
}

/// (a), refused: openssl's reply to another request (another nonce), and to a request
/// asking for another policy than ours.
#[test]
fn an_openssl_reply_to_another_request_is_refused() {
    if !common::openssl_available() {
        return;
    }
    let t = tsa("a-neg", KeyType::Rsa2048);
    let query = |out: &str, extra: &[&str]| {
        let mut args = vec![
            "ts", "-query", "-data", "data.bin", "-sha256", "-cert", "-out", out,
        ];
        args.extend_from_slice(extra);
        openssl(&t.dir, &args);
        TimestampRequest::from_der(&std::fs::read(t.dir.join(out)).expect("query")).expect("parse")
    };
    let mine = query("mine.tsq", &[]);
    let theirs = query("theirs.tsq", &[]);
    assert_ne!(mine.nonce(), theirs.nonce());
    let response =
        TimestampResponse::from_der(&t.reply("tsa_sha256_sha256", "theirs.tsq")).expect("parse");
    assert!(response.check(&theirs).is_ok());
    assert_eq!(
        response.check(&mine).err(),
        Some(Error::BadTimestamp(TimestampProblem::NonceMismatch))
    );
    // A request for the TSA's other policy: answered under it, and refused when checked
    // against a request for the default policy with the same nonce and digest.
    let other = query("other.tsq", &["-tspolicy", OTHER_POLICY]);
    let response =
        TimestampResponse::from_der(&t.reply("tsa_sha256_sha256", "other.tsq")).expect("parse");
    let token = response.check(&other).expect("answers its own request");
    assert_eq!(token.tst_info().policy().to_string(), OTHER_POLICY);
    let default_policy = query("default.tsq", &["-tspolicy", &TEST_TSA_POLICY.to_string()]);
    let response_default =
        TimestampResponse::from_der(&t.reply("tsa_sha256_sha256", "default.tsq")).expect("parse");
    assert!(response_default.check(&default_policy).is_ok());
    // Same request with a different reqPolicy: jpki-core's own request type shows it.
    let mixed = TimestampRequest::from_der(&std::fs::read(t.dir.join("other.tsq")).expect("q"))
        .expect("parse")
        .with_policy(TEST_TSA_POLICY);
    assert_eq!(
        response.check(&mixed).err(),
        Some(Error::BadTimestamp(TimestampProblem::PolicyMismatch))
    );
    // No nonce requested (-no_nonce): the check cannot tie it to a request, and says so by
    // refusing the reply against a request that had one.
    let no_nonce = query("nononce.tsq", &["-no_nonce"]);
    assert_eq!(no_nonce.nonce(), None);
    let response =
        TimestampResponse::from_der(&t.reply("tsa_sha256_sha256", "nononce.tsq")).expect("parse");
    assert!(response.check(&no_nonce).is_ok());
    assert_eq!(
        response.check(&mine).err(),
        Some(Error::BadTimestamp(TimestampProblem::NonceMismatch))
    );
}

/// (b) jpki-core's requests answered by `openssl ts -reply -queryfile`.
#[test]
fn jpki_requests_are_answered_by_openssl() {
    if !common::openssl_available() {
        return;
    }
    let t = tsa("b", KeyType::Rsa2048);
    for alg in [
        DigestAlgorithm::Sha256,
        DigestAlgorithm::Sha384,
        DigestAlgorithm::Sha512,
    ] {
        for cert_req in [false, true] {
            for policy in [None, Some(OTHER_POLICY)] {
                let mut request = TimestampRequest::for_data(alg, DATA)
                    .expect("read")
                    .expect("request")
                    .with_cert_req(cert_req);
                if let Some(p) = policy {
                    request = request.with_policy(p.parse().expect("oid"));
                }
                std::fs::write(t.dir.join("jpki.tsq"), request.to_der().expect("der"))
                    .expect("write");
                // OpenSSL reads the request back as we meant it.
                let text = String::from_utf8(openssl(
                    &t.dir,
                    &["ts", "-query", "-in", "jpki.tsq", "-text"],
                ))
                .expect("utf-8");
                assert!(
                    text.contains(&format!(
                        "Certificate required: {}",
                        if cert_req { "yes" } else { "no" }
                    )),
                    "{text}"
                );
                let response = t.reply("tsa_sha256_sha256", "jpki.tsq");
                let tst = check_and_verify(&t, &request, &response);
                assert_eq!(
                    tst.policy().to_string(),
                    policy.map_or(TEST_TSA_POLICY.to_string(), str::to_string)
                );
            }
        }
    }
}

/// (c) the testkit's tokens and responses verify with `openssl ts -verify`, and are refused
/// there over altered data or against another request.
#[test]
fn testkit_tokens_verify_with_openssl() {
    if !common::openssl_available() {
        return;
    }
    for (tag, key_type) in [("rsa", KeyType::Rsa2048), ("p384", KeyType::EcdsaP384)] {
        let t = tsa(&format!("c-{tag}"), key_type);
        let now = UnixTime::now();
        std::fs::write(t.dir.join("token.der"), t.tsa.stamp_data(DATA, now)).expect("write");
        let verify_token = |data: &str| {
            run(
                &t.dir,
                &[
                    "ts",
                    "-verify",
                    "-data",
                    data,
                    "-in",
                    "token.der",
                    "-token_in",
                    "-CAfile",
                    "root.pem",
                    "-untrusted",
                    "tsa.pem",
                ],
            )
        };
        let ok = verify_token("data.bin");
        assert!(
            ok.status.success(),
            "openssl refused the testkit's token: {}",
            String::from_utf8_lossy(&ok.stderr)
        );
        std::fs::write(t.dir.join("altered.bin"), [DATA, b"!"].concat()).expect("write");
        assert!(
            !verify_token("altered.bin").status.success(),
            "openssl accepted the token over altered data"
        );

        // A response of TestTsa::respond to jpki-core's request, checked by openssl against
        // that request (nonce, imprint, policy) — and refused against another request.
        let request = TimestampRequest::for_data(DigestAlgorithm::Sha256, DATA)
            .expect("read")
            .expect("request")
            .with_cert_req(true);
        let other = TimestampRequest::for_data(DigestAlgorithm::Sha256, DATA)
            .expect("read")
            .expect("request")
            .with_cert_req(true);
        std::fs::write(t.dir.join("mine.tsq"), request.to_der().expect("der")).expect("write");
        std::fs::write(t.dir.join("other.tsq"), other.to_der().expect("der")).expect("write");
        let response = t.tsa.respond(&request.to_der().expect("der"), now);
        assert!(
            TimestampResponse::from_der(&response)
                .expect("parse")
                .check(&request)
                .is_ok()
        );
        std::fs::write(t.dir.join("resp.tsr"), &response).expect("write");
        let verify_reply = |query: &str| {
            run(
                &t.dir,
                &[
                    "ts",
                    "-verify",
                    "-queryfile",
                    query,
                    "-in",
                    "resp.tsr",
                    "-CAfile",
                    "root.pem",
                    "-untrusted",
                    "tsa.pem",
                ],
            )
        };
        let ok = verify_reply("mine.tsq");
        assert!(
            ok.status.success(),
            "openssl refused the testkit's response: {}",
            String::from_utf8_lossy(&ok.stderr)
        );
        assert!(
            !verify_reply("other.tsq").status.success(),
            "openssl accepted a response to another request"
        );
    }
}

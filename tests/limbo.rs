//! External conformance: the x509-limbo path-validation cases in `../shared/vectors/limbo/`
//! (those that do not depend on TLS server names), run with `Profile::Rfc5280` and
//! `Usage::Any`. Every case must finish without a panic; the outcome must equal limbo's expected
//! result except for the cases listed in `DIFFERENCES`, each with the reason we decide
//! differently. A case that starts to agree must be taken off the list (the test says so).

use std::collections::BTreeMap;
use std::path::PathBuf;

use jpki_core::{Certificate, Error, Profile, UnixTime, Usage, Verifier};
use serde_json::Value;

/// Cases where this crate's answer differs from limbo's expectation, and why.
const DIFFERENCES: &[(&str, &str)] = &[
    (
        "pathlen::max-chain-depth-1-self-issued",
        "`with_max_intermediates` is a resource limit and counts every intermediate, self-issued \
         ones included (pathLenConstraint, an RFC 5280 rule, does skip them); limbo's depth \
         counts logical intermediates",
    ),
    (
        "rfc5280::aki::cross-signed-root-missing-aki",
        "pedantic-rfc5280: a trust anchor is an input to path validation (RFC 5280 §6.1), not \
         a certificate of the path, so how another CA issued it is not checked; every \
         certificate of the path itself must carry authorityKeyIdentifier",
    ),
];

fn vectors() -> Option<Value> {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/vectors/limbo/limbo-subset.json");
    let text = std::fs::read_to_string(&path).ok()?;
    serde_json::from_str(&text).ok()
}

fn pem_list(v: &Value) -> Vec<Result<Certificate, Error>> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(|pem| Certificate::from_der_or_pem(pem.as_bytes()))
                .collect()
        })
        .unwrap_or_default()
}

/// Runs one case: `Ok(())` if the chain verifies, the reason otherwise.
fn run(case: &Value) -> Result<(), String> {
    // A trusted certificate this crate refuses to parse cannot anchor a path; the others
    // still can (limbo's "unrelated root" case).
    let anchors: Vec<Certificate> = pem_list(&case["trusted_certs"])
        .into_iter()
        .flatten()
        .collect();
    // Intermediates go in as the peer sent them: the verifier skips those it cannot parse
    // (limbo's "unrelated intermediate" cases) and builds paths through the others.
    let intermediates: Vec<Vec<u8>> = case["untrusted_intermediates"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .flat_map(|pem| {
                    jpki_core::pem::decode_all(pem.as_bytes(), "CERTIFICATE").unwrap_or_default()
                })
                .collect()
        })
        .unwrap_or_default();
    let leaf = case["peer_certificate"]
        .as_str()
        .ok_or("no peer certificate")
        .and_then(|pem| Certificate::from_der_or_pem(pem.as_bytes()).map_err(|_| "x"))
        .map_err(|_| {
            let pem = case["peer_certificate"].as_str().unwrap_or_default();
            match Certificate::from_der_or_pem(pem.as_bytes()) {
                Err(e) => format!("leaf refused: {e}"),
                Ok(_) => "leaf missing".to_owned(),
            }
        })?;
    let at = match case["validation_time"].as_str() {
        Some(t) => UnixTime::parse_rfc3339(t).map_err(|e| format!("bad time: {e}"))?,
        None => UnixTime::now(),
    };
    let mut verifier = Verifier::new(anchors)
        .map_err(|e| format!("anchor refused: {e}"))?
        .with_profile(Profile::Rfc5280)
        .with_intermediates_der(intermediates.iter().map(Vec::as_slice));
    if let Some(depth) = case["max_chain_depth"].as_u64() {
        // limbo's depth counts the intermediates between the leaf and the anchor.
        verifier = verifier.with_max_intermediates(usize::try_from(depth).unwrap_or(usize::MAX));
    }
    verifier
        .verify(&leaf, Usage::Any, at)
        .map(drop)
        .map_err(|e| format!("verification failed: {e}"))
}

#[test]
fn limbo_path_validation_cases() {
    let Some(v) = vectors() else {
        panic!(
            "../shared/vectors/limbo/limbo-subset.json is missing (CI clones ../shared beside the crate)"
        );
    };
    let cases = v["testcases"].as_array().expect("testcases");
    let known: BTreeMap<&str, &str> = DIFFERENCES.iter().copied().collect();
    let mut passed = 0;
    let mut report = Vec::new();
    let mut unexpected = Vec::new();
    for case in cases {
        let id = case["id"].as_str().unwrap_or("?");
        let expected_ok = case["expected_result"].as_str() == Some("SUCCESS");
        let outcome = std::panic::catch_unwind(|| run(case))
            .unwrap_or_else(|_| panic!("{id}: the verifier panicked"));
        let agrees = outcome.is_ok() == expected_ok;
        if agrees {
            passed += 1;
            if known.contains_key(id) {
                unexpected.push(format!(
                    "{id}: now agrees with limbo; remove it from DIFFERENCES"
                ));
            }
        } else {
            let got = match &outcome {
                Ok(()) => "accepted".to_owned(),
                Err(e) => e.clone(),
            };
            report.push(format!(
                "{id}: limbo expects {}, we: {got}",
                case["expected_result"]
            ));
            if !known.contains_key(id) {
                unexpected.push(format!(
                    "{id}: expected {}, got {got}",
                    case["expected_result"]
                ));
            }
        }
    }
    eprintln!("x509-limbo: {passed} of {} cases agree", cases.len());
    for line in &report {
        eprintln!("  differs: {line}");
    }
    assert!(unexpected.is_empty(), "{}", unexpected.join("\n"));
    assert_eq!(passed + DIFFERENCES.len(), cases.len());
}

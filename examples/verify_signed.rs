//! Verifies a CMS SignedData (a `.p7s`, an S/MIME body, a PDF signature's contents) signed
//! with JPKI certificates: every signer, each reported.
//!
//! ```text
//! cargo run --example verify_signed -- [--anchor FILE]... [--tsa-anchor FILE]...
//!     [--intermediate FILE]... [--crl FILE]... [--ocsp-response FILE]... [--content FILE]
//!     [--at RFC3339] [--usage signing|user-authentication|any] [--profile jpki|rfc5280]
//!     [--json] SIGNED
//! ```
//!
//! SIGNED is DER or PEM (`CMS` or `PKCS7`); `--content` is the detached content, streamed from
//! the file. `--at` defaults to now, `--usage` to `signing`, `--profile` to `jpki`; the claimed
//! signingTime is printed, never used to validate. CRLs and OCSP responses carried in the
//! SignedData are used with the ones given here. Exit code 0 when every signer is valid (and
//! there is one), 1 when refused, 2 for a usage error (bad flags, unreadable files). A refusal
//! names the failed check as `verify` does ([`jpki_core::Error::check_name`]), plus
//! `content_mismatch`, `no_signer` and `signer_not_found`. `--json` prints
//! `{"valid", "error", "content", "signers": [{"valid", "error", "serial_hex", "kind",
//! "digest", "signing_time", "timestamp", "checked_at", "revocation"}], "timestamp"}`.
//! (`--tsa-anchor`, `timestamp` and `checked_at` belong to signature timestamps, which come
//! with the timestamp issue: until then the TSA anchors are read only, `timestamp` is `null`
//! and `checked_at` is `--at`.)

#[path = "common/cli.rs"]
mod cli;
#[path = "common/signers.rs"]
mod signers;

use std::process::ExitCode;

use jpki_core::{Error, SignedData, SignedDataReport, SignedDataVerifier, UnixTime};
use serde_json::{Value, json};

/// Verifies a CMS SignedData signed with JPKI certificates: every signer, each reported.
///
/// Exit code 0 when every signer is valid, 1 when refused, 2 for a usage error.
#[derive(Debug, clap::Parser)]
#[command(name = "verify_signed", args_override_self = true)]
struct Args {
    /// A trust anchor (DER or PEM; a PEM file may hold several). Repeatable
    #[arg(long = "anchor", value_name = "FILE")]
    anchors: Vec<String>,
    /// A time-stamping authority's trust anchor (for signature timestamps). Repeatable
    #[arg(long = "tsa-anchor", value_name = "FILE")]
    tsa_anchors: Vec<String>,
    /// Intermediate certificates (DER or PEM). Repeatable
    #[arg(long = "intermediate", value_name = "FILE")]
    intermediates: Vec<String>,
    /// A CRL (DER or PEM): turns revocation checking on. Repeatable
    #[arg(long = "crl", value_name = "FILE")]
    crls: Vec<String>,
    /// An OCSP response (DER): turns revocation checking on. Repeatable
    #[arg(long = "ocsp-response", value_name = "FILE")]
    ocsp: Vec<String>,
    /// The detached content the signature is over
    #[arg(long, value_name = "FILE")]
    content: Option<String>,
    /// The time to verify at [default: now]
    #[arg(long, value_name = "RFC3339", value_parser = parse_at)]
    at: Option<UnixTime>,
    /// What the signers' certificates must be usable for
    #[arg(long, value_enum, default_value_t = UsageArg::Signing)]
    usage: UsageArg,
    /// The rules to verify the signers' certificates by
    #[arg(long, value_enum, default_value_t = ProfileArg::Jpki)]
    profile: ProfileArg,
    /// Print one JSON object instead of text
    #[arg(long)]
    json: bool,
    /// The SignedData (DER or PEM)
    #[arg(value_name = "SIGNED")]
    signed: String,
}

use cli::{ProfileArg, UsageArg, parse_at};
use signers::{Trust, read, read_certificates, signer_json};

fn setup(args: &Args) -> Result<SignedDataVerifier, String> {
    // Read so that an unreadable file is a usage error now; verified with the timestamps.
    for path in &args.tsa_anchors {
        read_certificates("verify_signed", path, "TSA anchor")?;
    }
    let trust = Trust {
        anchors: &args.anchors,
        intermediates: &args.intermediates,
        crls: &args.crls,
        ocsp: &args.ocsp,
    };
    let verifier = signers::verifier("verify_signed", &trust, args.profile.into())?;
    Ok(SignedDataVerifier::new(verifier).with_usage(args.usage.into()))
}

fn signers_json(signed: &SignedData, report: &SignedDataReport, at: UnixTime) -> Vec<Value> {
    report
        .signers()
        .iter()
        .zip(signed.signers())
        .map(|(r, info)| signer_json(r, Some(info.identifier()), at))
        .collect()
}

fn main() -> ExitCode {
    let args = <Args as clap::Parser>::parse();
    let at = args.at.unwrap_or_else(UnixTime::now);
    let verifier = match setup(&args) {
        Ok(v) => v,
        Err(msg) => {
            eprintln!("verify_signed: {msg}");
            return ExitCode::from(2);
        }
    };
    let bytes = match read(&args.signed) {
        Ok(b) => b,
        Err(msg) => {
            eprintln!("verify_signed: {msg}");
            return ExitCode::from(2);
        }
    };
    let outcome = SignedData::from_der_or_pem(&bytes).map(|signed| {
        let report = match &args.content {
            Some(path) => {
                let file = std::fs::File::open(path).and_then(|f| {
                    verifier.verify_detached(&signed, std::io::BufReader::new(f), at)
                });
                match file {
                    Ok(r) => r,
                    Err(e) => return Err(format!("cannot read {path}: {e}")),
                }
            }
            None => verifier.verify(&signed, at),
        };
        Ok((signed, report))
    });
    let (error, content, signers, valid) = match outcome {
        Err(e) => (Some(e), None, Vec::new(), false),
        Ok(Err(msg)) => {
            eprintln!("verify_signed: {msg}");
            return ExitCode::from(2);
        }
        Ok(Ok((signed, report))) => (
            report.error().cloned(),
            Some(report.content_source().as_str()),
            signers_json(&signed, &report, at),
            report.is_valid(),
        ),
    };
    if args.json {
        let v = json!({
            "valid": valid,
            "error": error.as_ref().map(Error::check_name),
            "content": content,
            "signers": signers,
            "timestamp": Value::Null,
        });
        println!("{v}");
    } else {
        for (i, s) in signers.iter().enumerate() {
            println!(
                "signer {}: {} (serial {}, {}, {}, signingTime {})",
                i + 1,
                if s["valid"] == true {
                    "valid".to_string()
                } else {
                    format!("refused: {}", s["error"].as_str().unwrap_or("?"))
                },
                s["serial_hex"].as_str().unwrap_or("unknown"),
                s["kind"].as_str().unwrap_or("unknown kind"),
                s["digest"].as_str().unwrap_or("?"),
                s["signing_time"].as_str().unwrap_or("none"),
            );
        }
        match &error {
            None => println!(
                "valid: {} signer(s), content {}",
                signers.len(),
                content.unwrap_or("?")
            ),
            Some(e) => println!("refused: {} ({e})", e.check_name()),
        }
    }
    if valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

//! Verifies every signature of a signed PDF (JPKI signing certificates), revision by revision.
//!
//! ```text
//! cargo run --example verify_pdf -- [--anchor FILE]... [--tsa-anchor FILE]... [--crl FILE]...
//!     [--ocsp-response FILE]... [--at RFC3339] [--profile strict|moj] [--json] FILE.pdf
//! ```
//!
//! `--at` defaults to now; `--profile` to `strict` (`moj`: the Legal Affairs Bureau's rules
//! too, each listed per signature). `/M` and signingTime are printed, never used to validate.
//! Exit code 0 when every signature is valid and the file was not modified after the newest
//! one, 1 when refused, 2 for a usage error (bad flags, unreadable files). A refusal names the
//! failed check ([`jpki_core::Error::check_name`]): the names of `verify_signed`, plus
//! `bad_pdf_signature`, `modified_after_signing`, `timestamp_unavailable`, `moj_rule`, and
//! `malformed` for a file whose structure is refused. A file without any signature is refused
//! as `no_signer`. `--json` prints
//! `{"valid", "error", "signatures": [{"field", "subfilter", "valid", "error",
//! "covers_whole_file", "later_revisions", "modified_after_signing", "signer", "timestamp",
//! "checked_at", "rules": [{"id", "ok", "level"}]}]}`, where `signer` is `verify_signed`'s
//! signer object (or `null` when the checks stopped before the CMS) and `rules` is empty under
//! `strict`. Signature time-stamps (PAdES B-T) and document timestamps are verified against
//! the `--tsa-anchor` roots; a signature's `timestamp` is the genTime its certificate was
//! validated at (its own time-stamp, or a later document timestamp covering it; a document
//! timestamp's own genTime), `checked_at` the time its certificate was checked at (`--at`
//! without a time-stamp). A time-stamp whose TSA is not under `--tsa-anchor` is a
//! `bad_timestamp`. `--crl`/`--ocsp-response` turn revocation checking on for the TSA too.

#[path = "common/cli.rs"]
mod cli;
#[path = "common/signers.rs"]
mod signers;

use std::process::ExitCode;

use jpki_core::{
    Error, PdfProfile, PdfSignatureReport, PdfVerifier, Profile, SignedDataVerifier, UnixTime,
};
use serde_json::{Value, json};

use cli::parse_at;
use signers::{Trust, read, signer_json};

/// Verifies every signature of a signed PDF, revision by revision.
///
/// Exit code 0 when every signature is valid, 1 when refused, 2 for a usage error.
#[derive(Debug, clap::Parser)]
#[command(name = "verify_pdf", args_override_self = true)]
struct Args {
    /// A trust anchor (DER or PEM; a PEM file may hold several). Repeatable
    #[arg(long = "anchor", value_name = "FILE")]
    anchors: Vec<String>,
    /// A time-stamping authority's trust anchor (for timestamps). Repeatable
    #[arg(long = "tsa-anchor", value_name = "FILE")]
    tsa_anchors: Vec<String>,
    /// A CRL (DER or PEM): turns revocation checking on. Repeatable
    #[arg(long = "crl", value_name = "FILE")]
    crls: Vec<String>,
    /// An OCSP response (DER): turns revocation checking on. Repeatable
    #[arg(long = "ocsp-response", value_name = "FILE")]
    ocsp: Vec<String>,
    /// The time to verify at [default: now]
    #[arg(long, value_name = "RFC3339", value_parser = parse_at)]
    at: Option<UnixTime>,
    /// The rules the signatures are checked by
    #[arg(long, value_enum, default_value_t = PdfProfileArg::Strict)]
    profile: PdfProfileArg,
    /// Print one JSON object instead of text
    #[arg(long)]
    json: bool,
    /// The PDF
    #[arg(value_name = "FILE.pdf")]
    pdf: String,
}

/// `--profile`, spelled as documented.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum PdfProfileArg {
    #[value(name = "strict")]
    Strict,
    #[value(name = "moj")]
    Moj,
}

impl From<PdfProfileArg> for PdfProfile {
    fn from(p: PdfProfileArg) -> Self {
        match p {
            PdfProfileArg::Strict => PdfProfile::Strict,
            PdfProfileArg::Moj => PdfProfile::Moj,
        }
    }
}

/// The PDF verifier: the JPKI anchors for the signers, the TSA anchors for signature and
/// document timestamps (always set: a timestamp whose TSA is not under `--tsa-anchor` is a
/// `bad_timestamp`, as in `verify_signed`).
fn setup(args: &Args) -> Result<PdfVerifier, String> {
    let trust = Trust {
        anchors: &args.anchors,
        tsa_anchors: &args.tsa_anchors,
        intermediates: &[],
        crls: &args.crls,
        ocsp: &args.ocsp,
    };
    let (verifier, tsa) = signers::verifiers("verify_pdf", &trust, Profile::Jpki)?;
    Ok(PdfVerifier::new(SignedDataVerifier::new(verifier))
        .with_timestamps(tsa)
        .with_profile(args.profile.into()))
}

fn signature_json(sig: &PdfSignatureReport) -> Value {
    let signer = sig
        .cms()
        .and_then(|cms| cms.signers().first())
        .map_or(Value::Null, |r| signer_json(r, None));
    let rules: Vec<Value> = sig
        .rules()
        .iter()
        .map(|r| json!({"id": r.id().as_str(), "ok": r.ok(), "level": r.level().as_str()}))
        .collect();
    // The genTime the signature was validated at (its own time-stamp or a covering document
    // timestamp; a document timestamp's own), and the time its certificate was checked at.
    let (timestamp, checked_at) = (
        sig.timestamp().map(UnixTime::to_rfc3339),
        sig.checked_at().map(UnixTime::to_rfc3339),
    );
    json!({
        "field": sig.field(),
        "subfilter": sig.sub_filter(),
        "valid": sig.is_valid(),
        "error": sig.error().map(Error::check_name),
        "covers_whole_file": sig.covers_whole_file(),
        "later_revisions": sig.later_revisions(),
        "modified_after_signing": sig.modified_after_signing(),
        "signer": signer,
        "timestamp": timestamp,
        "checked_at": checked_at,
        "rules": rules,
    })
}

/// One line per signature, then the broken rules under it.
fn print_text(signatures: &[Value]) {
    for (i, s) in signatures.iter().enumerate() {
        let signer = &s["signer"];
        println!(
            "signature {}: {} (field {}, {}, serial {}, {}, {}, {} later revision(s){})",
            i + 1,
            if s["valid"] == true {
                "valid".to_string()
            } else {
                format!("refused: {}", s["error"].as_str().unwrap_or("?"))
            },
            s["field"].as_str().unwrap_or("unnamed"),
            s["subfilter"].as_str().unwrap_or("?"),
            signer["serial_hex"].as_str().unwrap_or("unknown"),
            signer["kind"].as_str().unwrap_or("unknown kind"),
            signer["digest"].as_str().unwrap_or("?"),
            s["later_revisions"],
            if s["modified_after_signing"] == true {
                ", modified after signing"
            } else {
                ""
            },
        );
        for rule in s["rules"].as_array().into_iter().flatten() {
            if rule["ok"] == false {
                println!(
                    "  rule {} broken ({})",
                    rule["id"].as_str().unwrap_or("?"),
                    rule["level"].as_str().unwrap_or("?")
                );
            }
        }
    }
}

fn main() -> ExitCode {
    let args = <Args as clap::Parser>::parse();
    let at = args.at.unwrap_or_else(UnixTime::now);
    let verifier = match setup(&args) {
        Ok(v) => v,
        Err(msg) => {
            eprintln!("verify_pdf: {msg}");
            return ExitCode::from(2);
        }
    };
    let bytes = match read(&args.pdf) {
        Ok(b) => b,
        Err(msg) => {
            eprintln!("verify_pdf: {msg}");
            return ExitCode::from(2);
        }
    };
    let (error, signatures, valid) = match verifier.verify(&bytes, at) {
        Err(e) => (Some(e), Vec::new(), false),
        Ok(report) => (
            report.error().cloned(),
            report
                .signatures()
                .iter()
                .map(signature_json)
                .collect::<Vec<_>>(),
            report.is_valid(),
        ),
    };
    if args.json {
        let v = json!({
            "valid": valid,
            "error": error.as_ref().map(Error::check_name),
            "signatures": signatures,
        });
        println!("{v}");
    } else {
        print_text(&signatures);
        match &error {
            None => println!("valid: {} signature(s)", signatures.len()),
            Some(e) => println!("refused: {} ({e})", e.check_name()),
        }
    }
    if valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

//! Verifies a certificate against trust anchors, as a relying party would.
//!
//! ```text
//! cargo run --example verify -- --anchor FILE [--anchor FILE]... [--intermediate FILE]...
//!     [--at RFC3339] [--usage signing|user-authentication|any] [--profile jpki|rfc5280]
//!     [--crl FILE]... [--ocsp-response FILE] [--json] LEAF
//! ```
//!
//! Files are DER or PEM (a PEM file may hold several certificates). `--at` defaults to now,
//! `--usage` to `any`, `--profile` to `jpki`. Exit code 0 when valid, 1 when refused, 2 for a
//! usage error (bad flags, unreadable files, no usable anchor). An anchor or intermediate that
//! cannot be used (malformed, unsupported key, unknown critical extension) is skipped with a
//! warning on stderr, as long as one usable anchor is left. A refusal names the failed check
//! (`expired`, `revoked`, `malformed`, …): [`Error::check_name`], whose documentation lists
//! every name. `--json`
//! prints one object: `{"valid", "error", "kind", "serial_hex", "path_len", "revocation",
//! "revoked_at", "invalid_since"}`.

#[path = "common/cli.rs"]
mod cli;

use std::process::ExitCode;

use jpki_core::{Certificate, Error, OcspResponse, RevocationStatus, UnixTime, Verifier};
use serde_json::json;

/// Verifies a certificate against trust anchors, as a relying party would.
///
/// Exit code 0 when valid, 1 when refused, 2 for a usage error.
// `args_override_self`: a single-valued flag given twice keeps its last value, as the
// hand-written parser this replaced did (repeatable flags still collect every value).
#[derive(Debug, clap::Parser)]
#[command(name = "verify", args_override_self = true)]
struct Args {
    /// A trust anchor (DER or PEM; a PEM file may hold several). Repeatable; at least one
    #[arg(long = "anchor", value_name = "FILE", required = true)]
    anchors: Vec<String>,
    /// Intermediate certificates, as an untrusted peer would send them (DER or PEM). Repeatable
    #[arg(long = "intermediate", value_name = "FILE")]
    intermediates: Vec<String>,
    /// A CRL (DER or PEM): turns revocation checking on. Repeatable
    #[arg(long = "crl", value_name = "FILE")]
    crls: Vec<String>,
    /// An OCSP response (DER): turns revocation checking on
    #[arg(long = "ocsp-response", value_name = "FILE")]
    ocsp: Option<String>,
    /// The time to verify at [default: now]
    #[arg(long, value_name = "RFC3339", value_parser = parse_at)]
    at: Option<UnixTime>,
    /// What the leaf must be usable for
    #[arg(long, value_enum, default_value_t = UsageArg::Any)]
    usage: UsageArg,
    /// The rules to verify by
    #[arg(long, value_enum, default_value_t = ProfileArg::Jpki)]
    profile: ProfileArg,
    /// Print one JSON object instead of a line of text
    #[arg(long)]
    json: bool,
    /// The certificate to verify (DER or PEM)
    #[arg(value_name = "LEAF")]
    leaf: String,
}

use cli::{NothingKnown, ProfileArg, UsageArg, load_crls, parse_at};

/// The DER of every certificate in a DER or PEM file (a PEM file that does not decode is
/// reported as one unusable entry).
fn read_ders(path: &str) -> Result<Vec<Result<Vec<u8>, Error>>, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let text = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .and_then(|i| bytes.get(i..));
    Ok(if text.is_some_and(|t| t.starts_with(b"-----BEGIN")) {
        match jpki_core::pem::decode_all(&bytes, "CERTIFICATE") {
            Ok(blocks) => blocks.into_iter().map(Ok).collect(),
            Err(e) => vec![Err(e)],
        }
    } else {
        vec![Ok(bytes)]
    })
}

/// The usable anchors among the files: each is parsed and its key checked; an unusable one is
/// reported and skipped.
fn read_anchors(paths: &[String]) -> Result<Vec<Certificate>, String> {
    let mut anchors = Vec::new();
    for path in paths {
        for der in read_ders(path)? {
            let usable = der.and_then(|d| {
                let cert = Certificate::from_der(&d)?;
                jpki_core::PublicKey::from_spki_der(cert.spki_der())?;
                Ok(cert)
            });
            match usable {
                Ok(cert) => anchors.push(cert),
                Err(e) => eprintln!("verify: ignoring unusable anchor in {path}: {e}"),
            }
        }
    }
    if anchors.is_empty() {
        return Err("no usable --anchor".into());
    }
    Ok(anchors)
}

fn main() -> ExitCode {
    // clap exits by itself on a usage error (code 2, message on stderr) and on `--help` (0).
    let args = <Args as clap::Parser>::parse();
    let at = args.at.unwrap_or_else(UnixTime::now);
    let setup = || -> Result<Verifier, String> {
        let anchors = read_anchors(&args.anchors)?;
        // Intermediates as an untrusted peer would send them: the verifier skips those that do
        // not parse, and says why.
        let mut intermediate_ders = Vec::new();
        for f in &args.intermediates {
            for der in read_ders(f)? {
                match der {
                    Ok(d) => intermediate_ders.push((f, d)),
                    Err(e) => eprintln!("verify: ignoring unusable intermediate in {f}: {e}"),
                }
            }
        }
        let mut verifier = Verifier::new(anchors.clone())
            .map_err(|e| format!("unusable anchor: {e}"))?
            .with_intermediates_der(intermediate_ders.iter().map(|(_, d)| d.as_slice()))
            .with_profile(args.profile.into());
        for (i, e) in verifier.skipped_intermediates() {
            let file = intermediate_ders.get(*i).map_or("?", |(f, _)| f.as_str());
            eprintln!("verify: ignoring unusable intermediate in {file}: {e}");
        }
        let issuers: Vec<Certificate> = anchors
            .into_iter()
            .chain(
                intermediate_ders
                    .iter()
                    .filter_map(|(_, d)| Certificate::from_der(d).ok()),
            )
            .collect();
        for index in load_crls("verify", &args.crls, &issuers)? {
            verifier = verifier.with_revocation(index);
        }
        if let Some(path) = &args.ocsp {
            let bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
            match OcspResponse::from_der(&bytes) {
                Ok(r) => verifier = verifier.with_revocation(r),
                Err(e) => eprintln!("verify: ignoring OCSP response {path}: {e}"),
            }
        }
        if !args.crls.is_empty() || args.ocsp.is_some() {
            // Checking was asked for: even if nothing usable was loaded, it must happen (and
            // then answer "unknown"), never be skipped.
            verifier = verifier.with_revocation(NothingKnown);
        }
        Ok(verifier)
    };
    let verifier = match setup() {
        Ok(v) => v,
        Err(msg) => {
            eprintln!("verify: {msg}");
            return ExitCode::from(2);
        }
    };
    let leaf = std::fs::read(&args.leaf)
        .map_err(|e| {
            eprintln!("verify: cannot read {}: {e}", args.leaf);
        })
        .map(|b| Certificate::from_der_or_pem(&b));
    let Ok(leaf) = leaf else {
        return ExitCode::from(2);
    };
    let outcome: Result<_, Error> = leaf
        .clone()
        .and_then(|c| verifier.verify(&c, args.usage.into(), at));
    let parsed = leaf.as_ref().ok();
    let kind = match &outcome {
        Ok(v) => v.kind().map(|k| k.as_str()),
        Err(_) => parsed.and_then(|c| c.kind().ok()).map(|k| k.as_str()),
    };
    let serial = parsed.map(|c| c.serial().to_hex());
    let revocation: Option<RevocationStatus> = match &outcome {
        Ok(v) => v.revocation(),
        Err(Error::Revoked {
            revoked_at,
            reason,
            invalid_since,
        }) => Some(RevocationStatus::Revoked {
            revoked_at: *revoked_at,
            reason: *reason,
            invalid_since: *invalid_since,
        }),
        Err(Error::RevocationUnknown(why)) => Some(RevocationStatus::Unknown(*why)),
        Err(_) => None,
    };
    let (revoked_at, invalid_since) = match revocation {
        Some(RevocationStatus::Revoked {
            revoked_at,
            invalid_since,
            ..
        }) => (
            Some(revoked_at.to_rfc3339()),
            invalid_since.map(|t| t.to_rfc3339()),
        ),
        _ => (None, None),
    };
    if args.json {
        let v = json!({
            "valid": outcome.is_ok(),
            "error": outcome.as_ref().err().map(Error::check_name),
            "kind": kind,
            "serial_hex": serial,
            "path_len": outcome.as_ref().ok().map(|v| v.path_len()),
            "revocation": revocation.as_ref().map(RevocationStatus::as_str),
            "revoked_at": revoked_at,
            "invalid_since": invalid_since,
        });
        println!("{v}");
    } else {
        match &outcome {
            Ok(v) => println!(
                "valid: {} certificate, serial {}, path of {} certificates",
                kind.unwrap_or("end-entity"),
                v.serial(),
                v.path_len()
            ),
            Err(e) => println!("refused: {} ({e})", e.check_name()),
        }
    }
    if outcome.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

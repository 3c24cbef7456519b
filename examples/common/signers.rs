//! Shared by `verify_signed` and `verify_pdf`: reading certificate files, the certificate
//! verifier with its revocation sources, and the JSON object describing one CMS signer (the
//! same keys in both examples' output).
#![allow(dead_code)] // each example uses part of this module

use std::sync::Arc;

use jpki_core::{
    Certificate, Error, OcspResponse, Profile, RevocationStatus, SignerIdentifier, SignerReport,
    TimestampVerifier, UnixTime, Verifier,
};
use serde_json::{Value, json};

use super::cli::{NothingKnown, load_crls};

/// The whole file, or a usage error naming it.
pub fn read(path: &str) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))
}

/// Every certificate in a DER or PEM file; one that does not parse is skipped with a warning.
pub fn read_certificates(
    program: &str,
    path: &str,
    what: &str,
) -> Result<Vec<Certificate>, String> {
    let bytes = read(path)?;
    let parsed = if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'-') {
        Certificate::from_pem(&bytes)
    } else {
        Certificate::from_der(&bytes).map(|c| vec![c])
    };
    Ok(parsed.unwrap_or_else(|e| {
        eprintln!("{program}: ignoring unusable {what} in {path}: {e}");
        Vec::new()
    }))
}

/// The file flags that make the certificate verifiers.
pub struct Trust<'a> {
    pub anchors: &'a [String],
    pub tsa_anchors: &'a [String],
    pub intermediates: &'a [String],
    pub crls: &'a [String],
    pub ocsp: &'a [String],
}

/// The signers' certificate verifier (the anchors, intermediates, CRLs and OCSP responses
/// given) and the time-stamp verifier (the TSA anchors — a separate trust decision: a JPKI
/// root never vouches for a TSA — with the same intermediates and revocation sources, each
/// CRL or response speaking only for its own issuer). Any unreadable file is a usage error.
pub fn verifiers(
    program: &str,
    trust: &Trust<'_>,
    profile: Profile,
) -> Result<(Verifier, TimestampVerifier), String> {
    let mut anchors = Vec::new();
    for path in trust.anchors {
        anchors.extend(read_certificates(program, path, "anchor")?);
    }
    let mut tsa_anchors = Vec::new();
    for path in trust.tsa_anchors {
        tsa_anchors.extend(read_certificates(program, path, "TSA anchor")?);
    }
    let mut intermediates = Vec::new();
    for path in trust.intermediates {
        intermediates.extend(read_certificates(program, path, "intermediate")?);
    }
    let mut verifier = Verifier::new(anchors.clone())
        .map_err(|e| format!("unusable anchor: {e}"))?
        .with_intermediates(intermediates.clone())
        .with_profile(profile);
    let mut tsa = Verifier::new(tsa_anchors.clone())
        .map_err(|e| format!("unusable TSA anchor: {e}"))?
        .with_intermediates(intermediates.clone());
    let issuers: Vec<Certificate> = anchors
        .into_iter()
        .chain(tsa_anchors)
        .chain(intermediates)
        .collect();
    for index in load_crls(program, trust.crls, &issuers)? {
        let shared = Arc::new(index);
        verifier = verifier.with_shared_revocation(shared.clone());
        tsa = tsa.with_shared_revocation(shared);
    }
    for path in trust.ocsp {
        match OcspResponse::from_der(&read(path)?) {
            Ok(r) => {
                verifier = verifier.with_revocation(r.clone());
                tsa = tsa.with_revocation(r);
            }
            Err(e) => eprintln!("{program}: ignoring OCSP response {path}: {e}"),
        }
    }
    if !trust.crls.is_empty() || !trust.ocsp.is_empty() {
        // Checking was asked for: it must happen, and answer "unknown" when nothing speaks —
        // for the TSA's certificate too (give its CRL).
        verifier = verifier.with_revocation(NothingKnown);
        tsa = tsa.with_revocation(NothingKnown);
    }
    Ok((verifier, TimestampVerifier::new(tsa)))
}

/// The revocation status a signer's outcome shows.
fn revocation(result: Result<&jpki_core::VerifiedSigner, &Error>) -> Option<RevocationStatus> {
    match result {
        Ok(v) => v.certificate().revocation(),
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
    }
}

/// One signer as both examples print it: `{"valid", "error", "serial_hex", "kind", "digest",
/// "signing_time", "timestamp", "checked_at", "revocation"}`. `id` is the SignerInfo's
/// identifier, which names the serial when no certificate was found. `timestamp` is the
/// genTime the certificate was validated at, `checked_at` that time or the caller's.
pub fn signer_json(r: &SignerReport, id: Option<&SignerIdentifier>) -> Value {
    let kind = match r.result() {
        Ok(v) => v.certificate().kind(),
        Err(_) => r.certificate().and_then(|c| c.kind().ok()),
    };
    let serial = r.certificate().map(|c| c.serial()).or(match id {
        Some(SignerIdentifier::IssuerAndSerialNumber { serial, .. }) => Some(*serial),
        _ => None,
    });
    json!({
        "valid": r.result().is_ok(),
        "error": r.result().err().map(Error::check_name),
        "serial_hex": serial.map(|s| s.to_hex()),
        "kind": kind.map(|k| k.as_str()),
        "digest": r.digest_algorithm().to_string(),
        "signing_time": r.signing_time().map(UnixTime::to_rfc3339),
        "timestamp": r.timestamp().map(UnixTime::to_rfc3339),
        "checked_at": r.checked_at().map(UnixTime::to_rfc3339),
        "revocation": revocation(r.result()).as_ref().map(RevocationStatus::as_str),
    })
}

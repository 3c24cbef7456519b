//! Shared by the examples: how a certificate is described, as text and as JSON.
#![allow(dead_code)] // each example uses part of this module

use jpki_core::{BasicFourInfo, Certificate, CertificateKind, Error};
use serde_json::{Value, json};

/// The facts `inspect` reports about a certificate.
pub struct Report {
    pub kind: Result<CertificateKind, Error>,
    pub cert: Certificate,
    pub basic_four: Option<BasicFourInfo>,
}

impl Report {
    /// Classifies and decodes; a certificate that fits no JPKI kind is an error.
    pub fn new(cert: Certificate) -> Result<Self, Error> {
        let kind = cert.kind();
        let basic_four = match &kind {
            Ok(CertificateKind::Signing) => Some(cert.basic_four()?),
            Ok(_) => None,
            Err(e) => return Err(e.clone()),
        };
        Ok(Self {
            kind,
            cert,
            basic_four,
        })
    }

    fn kind_str(&self) -> &'static str {
        self.kind.as_ref().map(|k| k.as_str()).unwrap_or("unknown")
    }

    /// The JSON object of `inspect --json`.
    pub fn to_json(&self) -> Value {
        let c = &self.cert;
        let v = c.validity();
        json!({
            "kind": self.kind_str(),
            "environment": c.environment().map(|e| e.as_str()),
            "serial_hex": c.serial().to_hex(),
            "serial_decimal": c.serial().to_decimal(),
            "issuer": c.issuer().to_rfc4514(),
            "subject": c.subject().to_rfc4514(),
            "not_before": v.not_before.to_rfc3339(),
            "not_after": v.not_after.to_rfc3339(),
            "key": c.key_algorithm().to_string(),
            "basic_four": self.basic_four.as_ref().map(|b| json!({
                "name": b.name(),
                "name_substitutes": b.name_substitutes(),
                "date_of_birth": b.date_of_birth().to_iso_string(),
                "era": b.date_of_birth().era().as_str(),
                "sex": b.sex().as_str(),
                "address": b.address(),
                "address_substitutes": b.address_substitutes(),
            })),
        })
    }

    /// Human-readable lines, indented by `indent`.
    pub fn to_text(&self, indent: &str) -> String {
        let c = &self.cert;
        let v = c.validity();
        let mut out = String::new();
        let mut line = |k: &str, val: String| out.push_str(&format!("{indent}{k:<12} {val}\n"));
        line("kind", self.kind_str().to_string());
        line(
            "environment",
            c.environment()
                .map_or("(not JPKI)".into(), |e| e.as_str().to_string()),
        );
        line(
            "serial",
            format!(
                "{} (decimal {})",
                c.serial().to_hex(),
                c.serial().to_decimal()
            ),
        );
        line("issuer", c.issuer().to_rfc4514());
        line("subject", c.subject().to_rfc4514());
        line("not before", v.not_before.to_rfc3339());
        line("not after", v.not_after.to_rfc3339());
        line("key", c.key_algorithm().to_string());
        match &self.basic_four {
            Some(b) => {
                line("name", b.name().to_string());
                line("born", b.date_of_birth().to_string());
                line("sex", b.sex().as_str().to_string());
                line("address", b.address().to_string());
                line(
                    "substitutes",
                    format!(
                        "name {:?}, address {:?}",
                        b.name_substitutes(),
                        b.address_substitutes()
                    ),
                );
            }
            None => line(
                "basic four",
                "none (this certificate carries no personal data)".into(),
            ),
        }
        out
    }
}

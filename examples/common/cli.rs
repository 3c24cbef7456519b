//! Shared by the command-line examples: the flag values whose spellings are part of the
//! documented contracts, the empty revocation source, and loading CRL files.
#![allow(dead_code)] // each example uses part of this module

use jpki_core::{Certificate, Crl, Profile, RevocationIndex, RevocationStatus, UnixTime, Usage};

/// `--usage`: the spellings are part of the documented contract, so they are written out.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum UsageArg {
    #[value(name = "signing")]
    Signing,
    #[value(name = "user-authentication")]
    UserAuthentication,
    #[value(name = "any")]
    Any,
}

impl From<UsageArg> for Usage {
    fn from(u: UsageArg) -> Self {
        match u {
            UsageArg::Signing => Usage::Signing,
            UsageArg::UserAuthentication => Usage::UserAuthentication,
            UsageArg::Any => Usage::Any,
        }
    }
}

/// `--profile`, spelled as documented.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum ProfileArg {
    #[value(name = "jpki")]
    Jpki,
    #[value(name = "rfc5280")]
    Rfc5280,
}

impl From<ProfileArg> for Profile {
    fn from(p: ProfileArg) -> Self {
        match p {
            ProfileArg::Jpki => Profile::Jpki,
            ProfileArg::Rfc5280 => Profile::Rfc5280,
        }
    }
}

/// `--at` is checked while parsing, so a bad time is a usage error (exit 2) like a bad flag.
pub fn parse_at(value: &str) -> Result<UnixTime, String> {
    UnixTime::parse_rfc3339(value).map_err(|_| format!("not RFC 3339: {value}"))
}

/// A revocation source that knows nothing: keeps checking on when every CRL was unusable.
#[derive(Debug)]
pub struct NothingKnown;

impl jpki_core::RevocationSource for NothingKnown {
    fn status(&self, _: &Certificate, _: &Certificate, _: UnixTime) -> Option<RevocationStatus> {
        None
    }
}

/// One index per issuing certificate (anchor or intermediate) that signed at least one of the
/// CRL files; a CRL no issuer verifies is skipped with a warning naming why.
pub fn load_crls(
    program: &str,
    paths: &[String],
    issuers: &[Certificate],
) -> Result<Vec<RevocationIndex>, String> {
    let mut indexes: Vec<RevocationIndex> = Vec::new();
    for path in paths {
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
        let der = if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'-') {
            match Crl::pem_to_der(&bytes) {
                Ok(d) => d,
                Err(e) => {
                    eprintln!("{program}: ignoring CRL {path}: {e}");
                    continue;
                }
            }
        } else {
            bytes
        };
        let mut last_err = None;
        let mut loaded = false;
        for issuer in issuers {
            let pos = indexes.iter().position(|i| i.issuer() == issuer);
            let mut index = match pos {
                Some(p) => indexes.swap_remove(p),
                None => match RevocationIndex::new(issuer.clone()) {
                    Ok(i) => i,
                    Err(_) => continue,
                },
            };
            let result = index.insert_der(&der);
            if result.is_ok() || pos.is_some() {
                indexes.push(index);
            }
            match result {
                Ok(()) => {
                    loaded = true;
                    break;
                }
                Err(e) => last_err = Some(e),
            }
        }
        if !loaded {
            let why = last_err.map_or("no certificate to check it against".to_string(), |e| {
                e.to_string()
            });
            eprintln!("{program}: ignoring CRL {path}: {why}");
        }
    }
    Ok(indexes)
}

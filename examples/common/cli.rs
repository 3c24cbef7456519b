//! Shared by the command-line examples: the flag values whose spellings are part of the
//! documented contracts, and the empty revocation source.
#![allow(dead_code)] // each example uses part of this module

use jpki_core::{Certificate, Profile, RevocationStatus, UnixTime, Usage};

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

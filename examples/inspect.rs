//! Prints what a certificate is: kind, serial, names, validity, key and the basic four items.
//!
//! ```text
//! cargo run --example inspect -- [--json] FILE
//! ```
//!
//! FILE is DER or PEM (one certificate). Exit code 0 on success; 1 with one line on stderr
//! when the file is not a valid JPKI certificate; 2 for a usage error.

#[path = "common/mod.rs"]
mod common;

use std::process::ExitCode;

use jpki_core::Certificate;

/// Prints what a certificate is: kind, serial, names, validity, key and the basic four items.
///
/// Exit code 0 on success; 1 when the file is not a valid JPKI certificate; 2 for a usage error.
#[derive(Debug, clap::Parser)]
#[command(name = "inspect", args_override_self = true)]
struct Args {
    /// Print one JSON object instead of text
    #[arg(long)]
    json: bool,
    /// The certificate (DER or PEM)
    #[arg(value_name = "FILE")]
    file: String,
}

fn main() -> ExitCode {
    // clap exits by itself on a usage error (code 2, message on stderr) and on `--help` (0).
    let Args { json, file } = <Args as clap::Parser>::parse();
    let bytes = match std::fs::read(&file) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("inspect: cannot read {file}: {e}");
            return ExitCode::from(1);
        }
    };
    let report = Certificate::from_der_or_pem(&bytes).and_then(common::Report::new);
    match report {
        Ok(r) if json => println!("{}", r.to_json()),
        Ok(r) => print!("{}", r.to_text("")),
        Err(e) => {
            eprintln!("inspect: {file}: {e}");
            return ExitCode::from(1);
        }
    }
    ExitCode::SUCCESS
}

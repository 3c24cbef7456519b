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

fn main() -> ExitCode {
    let mut json = false;
    let mut file = None;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--json" => json = true,
            "-h" | "--help" => {
                println!("usage: inspect [--json] FILE");
                return ExitCode::SUCCESS;
            }
            s if s.starts_with("--") => return usage(&format!("unknown option {s}")),
            s if file.is_none() => file = Some(s.to_owned()),
            _ => return usage("more than one FILE"),
        }
    }
    let Some(file) = file else {
        return usage("FILE is required");
    };
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

fn usage(msg: &str) -> ExitCode {
    eprintln!("inspect: {msg}\nusage: inspect [--json] FILE");
    ExitCode::from(2)
}

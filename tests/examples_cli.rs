//! The examples' command lines as clap parses them: `--help` answers with exit code 0, a bad
//! value or an unknown flag is a usage error (exit 2, stderr, nothing on stdout), and a
//! single-valued flag given twice keeps its last value as the hand-written parsers did. The
//! contract itself (flags, JSON keys, exit codes 0/1) is guarded by `verify_cli.rs` and
//! `inspect_cli.rs`.

mod common;

use std::process::Output;

fn run(example: &str, args: &[&str]) -> Output {
    common::example(example)
        .args(args)
        .output()
        .expect("run example")
}

#[test]
fn help_exits_0_and_names_every_flag() {
    let out = run("verify", &["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8_lossy(&out.stdout);
    for flag in [
        "--anchor",
        "--intermediate",
        "--at",
        "--usage",
        "--profile",
        "--crl",
        "--ocsp-response",
        "--json",
        "<LEAF>",
        "signing",
        "user-authentication",
        "rfc5280",
    ] {
        assert!(help.contains(flag), "verify --help lacks {flag}: {help}");
    }

    let out = run("inspect", &["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("--json") && help.contains("<FILE>"), "{help}");
    let out = run("inspect", &["-h"]);
    assert_eq!(out.status.code(), Some(0));
}

#[cfg(feature = "testkit")]
#[test]
fn private_id_answers_help_and_refuses_arguments() {
    assert_eq!(run("private_id", &["--help"]).status.code(), Some(0));
    assert_eq!(run("private_id", &["--bogus"]).status.code(), Some(2));
}

#[test]
fn bad_values_and_unknown_flags_exit_2() {
    let anchor = common::file("examples_cli", "anchor.der", b"not read before parsing");
    let anchor = anchor.to_str().expect("utf-8 path");
    for args in [
        &["--anchor", anchor, "--profile", "x509", "leaf"][..],
        &["--anchor", anchor, "--usage", "Signing", "leaf"][..],
        &["--anchor", anchor, "--at", "2027-13-01T00:00:00Z", "leaf"][..],
        &["--anchor", anchor, "--bogus", "leaf"][..],
        &["--anchor", anchor, "leaf", "second-leaf"][..],
        &["--anchor"][..],
        &["--anchor", anchor][..],
        &[][..],
    ] {
        let out = run("verify", args);
        assert_eq!(out.status.code(), Some(2), "verify {args:?}");
        assert!(out.stdout.is_empty(), "verify {args:?}");
        assert!(!out.stderr.is_empty(), "verify {args:?}");
    }
    for args in [&["a", "b"][..], &["--bogus", "a"][..]] {
        let out = run("inspect", args);
        assert_eq!(out.status.code(), Some(2), "inspect {args:?}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn a_single_valued_flag_given_twice_keeps_the_last() {
    // The anchor is unusable, so a run that gets past parsing stops at exit 2 with "no usable
    // --anchor": what matters is that parsing accepted the repeated flags.
    let anchor = common::file("examples_cli", "junk-anchor.der", b"\x30\x00");
    let anchor = anchor.to_str().expect("utf-8 path");
    let out = run(
        "verify",
        &[
            "--anchor",
            anchor,
            "--usage",
            "signing",
            "--usage",
            "any",
            "--profile",
            "jpki",
            "--profile",
            "rfc5280",
            "--json",
            "--json",
            "leaf",
        ],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("no usable --anchor"), "{err}");
}

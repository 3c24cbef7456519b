//! The `inspect` example's command-line contract: flags, JSON keys, exit codes.

use std::path::PathBuf;
use std::process::{Command, Output};

use jpki_core::testkit::{HolderSpec, TestCa};
use serde_json::Value;

mod common;

fn inspect() -> Command {
    common::example("inspect")
}

fn file(name: &str, data: &[u8]) -> PathBuf {
    common::file("inspect", name, data)
}

fn run(args: &[&str], path: &PathBuf) -> Output {
    inspect()
        .args(args)
        .arg(path)
        .output()
        .expect("run inspect")
}

#[test]
fn json_for_signing_and_user_authentication() {
    let ca = TestCa::new(3);
    let pair = ca.issue_pair(&HolderSpec::example());
    let out = run(&["--json"], &file("signing.der", &pair.signing.der));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(v["kind"], "signing");
    assert_eq!(v["environment"], "test");
    assert_eq!(v["serial_hex"], "126d2c5c9441");
    assert_eq!(v["serial_decimal"], "20260105000001");
    assert_eq!(v["not_before"], "2026-01-04T15:00:00Z");
    assert_eq!(v["not_after"], "2031-07-15T14:59:59Z");
    assert_eq!(v["key"], "rsa-2048");
    assert!(
        v["issuer"]
            .as_str()
            .is_some_and(|s| s.contains("OU=JPKI for digital signature"))
    );
    assert!(v["subject"].as_str().is_some_and(|s| s.ends_with("C=JP")));
    let b = &v["basic_four"];
    assert_eq!(b["name"], "佐藤\u{3000}花子");
    assert_eq!(b["name_substitutes"], serde_json::json!([]));
    assert_eq!(b["date_of_birth"], "1990-07-15");
    assert_eq!(b["era"], "heisei");
    assert_eq!(b["sex"], "female");
    assert_eq!(b["address"], "東京都千代田区霞が関二丁目１番２号");
    assert_eq!(b["address_substitutes"], serde_json::json!([]));

    let out = run(
        &["--json"],
        &file("auth.pem", pair.user_authentication.to_pem().as_bytes()),
    );
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["kind"], "user_authentication");
    assert!(v["basic_four"].is_null());

    let out = run(&["--json"], &file("root.der", &ca.signing_root().der));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["kind"], "ca");
}

#[test]
fn text_output() {
    let pair = TestCa::new(3).issue_pair(&HolderSpec::example());
    let out = run(&[], &file("signing2.der", &pair.signing.der));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(
        text.contains("kind         signing") && text.contains("佐藤　花子"),
        "{text}"
    );
}

#[test]
fn garbage_is_exit_1_with_one_line() {
    for (name, data) in [
        ("empty", &b""[..]),
        ("junk", &b"\x30\x82\xff\xff garbage"[..]),
        ("text", &b"hello"[..]),
    ] {
        let out = run(&["--json"], &file(name, data));
        assert_eq!(out.status.code(), Some(1), "{name}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.trim_end().lines().count(), 1, "{name}: {err}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn usage_errors_are_exit_2() {
    let out = inspect().output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    let out = inspect().args(["--bogus", "x"]).output().expect("run");
    assert_eq!(out.status.code(), Some(2));
}

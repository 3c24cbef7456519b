//! The `verify` example with unusable inputs: an anchor or intermediate it cannot use is skipped
//! with a warning on stderr as long as one usable anchor is left (exit 2 only when none is),
//! and the anchor's purpose is enforced (`wrong_anchor`).

mod common;

use jpki_core::testkit::{HolderSpec, TestCa, ext};
use jpki_core::{Environment, oids};
use serde_json::Value;

const AT: &str = "2027-01-01T00:00:00Z";

fn run(args: &[&std::path::Path], extra: &[&str]) -> (Option<i32>, Value, String) {
    let out = common::example("verify")
        .args(extra)
        .args(args)
        .output()
        .expect("run verify");
    (
        out.status.code(),
        serde_json::from_slice(&out.stdout).unwrap_or(Value::Null),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn unusable_anchors_and_intermediates_are_skipped() {
    let ca = TestCa::new(80);
    let pair = ca.issue_pair(&HolderSpec::example());
    let root = common::file(
        "unusable",
        "root.pem",
        ca.signing_root().to_pem().as_bytes(),
    );
    let junk = common::file(
        "unusable",
        "junk.pem",
        b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
    );
    let garbage = common::file("unusable", "garbage.der", &[0x30, 0x03, 0x02, 0x01, 0x00]);
    let leaf = common::file("unusable", "leaf.der", &pair.signing.der);
    let flag = |f: &'static str| std::path::Path::new(f);

    // A garbage anchor beside a usable one: a warning, and the leaf verifies.
    let (rc, v, stderr) = run(
        &[
            flag("--anchor"),
            &garbage,
            flag("--anchor"),
            &root,
            flag("--intermediate"),
            &junk,
            &leaf,
        ],
        &["--json", "--at", AT, "--usage", "signing"],
    );
    assert_eq!(
        (rc, v["valid"].as_bool()),
        (Some(0), Some(true)),
        "{v} {stderr}"
    );
    assert!(stderr.contains("ignoring unusable anchor"), "{stderr}");
    assert!(
        stderr.contains("ignoring unusable intermediate"),
        "{stderr}"
    );

    // Only unusable anchors: a usage error.
    let (rc, _, stderr) = run(
        &[flag("--anchor"), &garbage, flag("--anchor"), &junk, &leaf],
        &["--json", "--at", AT],
    );
    assert_eq!(rc, Some(2), "{stderr}");
    assert!(stderr.contains("no usable --anchor"), "{stderr}");
}

#[test]
fn a_test_card_policy_under_a_production_root_is_wrong_anchor() {
    let prod = TestCa::builder(81)
        .environment(Environment::Production)
        .build();
    let mut t = prod.signing_template(&HolderSpec::example());
    t.extensions.retain(|e| e.oid != oids::CERTIFICATE_POLICIES);
    t.extensions
        .push(ext::certificate_policies(oids::POLICY_SIGNING_TEST));
    let root = common::file(
        "anchor-env",
        "root.pem",
        prod.signing_root().to_pem().as_bytes(),
    );
    let leaf = common::file("anchor-env", "leaf.der", &prod.sign_template(&t));
    let (rc, v, _) = run(
        &[std::path::Path::new("--anchor"), &root, &leaf],
        &["--json", "--at", AT, "--usage", "signing"],
    );
    assert_eq!(
        (rc, v["error"].as_str()),
        (Some(1), Some("wrong_anchor")),
        "{v}"
    );
    assert_eq!(v["kind"], "signing", "{v}");
}

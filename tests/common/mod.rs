//! Helpers shared by the integration tests: the example binaries, scratch files, OpenSSL, and
//! rustdoc's JSON description of the crate.
#![allow(dead_code)] // each test file uses part of this module

use std::path::PathBuf;
use std::process::Command;

/// An example binary that `cargo test` builds beside the test binaries.
pub fn example(name: &str) -> Command {
    let exe = std::env::current_exe().expect("test binary path");
    let dir = exe.parent().and_then(|p| p.parent()).expect("target dir");
    let mut path = dir.join("examples").join(name);
    if cfg!(windows) {
        path.set_extension("exe");
    }
    assert!(
        path.exists(),
        "{} not built (run through `cargo test`)",
        path.display()
    );
    Command::new(path)
}

/// Writes `data` to a file in this test process's scratch directory.
pub fn file(test: &str, name: &str, data: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jpki-core-{test}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let p = dir.join(name);
    std::fs::write(&p, data).expect("write");
    p
}

/// Whether the tests run under CI (the `CI` variable, set by every CI service), where a test
/// may not skip itself: a skipped interoperability test would pass without testing anything.
pub fn under_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty())
}

/// Whether the `openssl` command is there; says so when it is not, and fails the calling test
/// instead under CI.
pub fn openssl_available() -> bool {
    let ok = Command::new("openssl")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            !under_ci(),
            "`openssl` is not installed, and CI is set: the OpenSSL tests may not skip \
             (apt-get install openssl)"
        );
        eprintln!("SKIPPED: `openssl` is not installed (apt-get install openssl)");
    }
    ok
}

/// rustdoc's JSON description of the crate with all features, written to
/// `target/public-api` (rustdoc's JSON output is unstable; `RUSTC_BOOTSTRAP=1` lets the stable
/// toolchain write it). Cargo runs test binaries one after another, so the tests that call this
/// never write the file at the same time; the second call finds the build fresh.
pub fn rustdoc_json() -> serde_json::Value {
    rustdoc_json_of("jpki-core")
}

/// The same for a package of the workspace (`jpki-core`, `jpki-linkage`).
pub fn rustdoc_json_of(package: &str) -> serde_json::Value {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let target = root.join("target/public-api");
    let status = Command::new(env!("CARGO"))
        .current_dir(&root)
        .env("RUSTC_BOOTSTRAP", "1")
        .env("RUSTDOCFLAGS", "-Z unstable-options --output-format json")
        .args([
            "rustdoc",
            "-p",
            package,
            "--lib",
            "--all-features",
            "-q",
            "--target-dir",
        ])
        .arg(&target)
        .status()
        .expect("cargo rustdoc runs");
    assert!(status.success(), "cargo rustdoc (JSON) of {package} failed");
    let file = format!("doc/{}.json", package.replace('-', "_"));
    let text = std::fs::read_to_string(target.join(file)).expect("rustdoc JSON");
    serde_json::from_str(&text).expect("JSON")
}

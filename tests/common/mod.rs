//! Helpers shared by the integration tests that drive the example binaries.
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

/// Whether the `openssl` command is there; says so when it is not.
pub fn openssl_available() -> bool {
    let ok = Command::new("openssl")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("SKIPPED: `openssl` is not installed (apt-get install openssl)");
    }
    ok
}

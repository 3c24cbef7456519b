//! The `private_id` example tells its story to the end: the smartphone's certificate logs in,
//! is revoked on its own while the card's keeps working, and the certificates are listed with
//! their statuses. On redb here; on PostgreSQL in `postgres_store.rs` (feature `postgres`).

use std::process::Command;

/// The example's binary, built by `cargo test` beside this test's.
pub fn example() -> Command {
    let exe = std::env::current_exe().expect("test binary path");
    let dir = exe.parent().and_then(|p| p.parent()).expect("target dir");
    let path = dir.join("examples").join("private_id");
    assert!(
        path.exists(),
        "{} not built (run through `cargo test`)",
        path.display()
    );
    Command::new(path)
}

/// Checks the story's milestones in the example's output.
pub fn check_story(out: &std::process::Output) {
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for line in [
        "login with a challenge signed by the smartphone's user-authentication certificate",
        "signing certificate 126d2c5c9441 revoked at 2027-06-10T01:30:00Z (affiliationChanged) -> needs_reproofing",
        "user_authentication certificate 126f86215042 revoked (cessationOfOperation) -> the ID stays active",
        "a login with the sold phone's certificate is refused",
        "user_authentication  revoked        serial 126f86215042",
        "signing              active         serial 126f9e822881",
        "now: active",
    ] {
        assert!(text.contains(line), "missing {line:?} in:\n{text}");
    }
}

#[cfg(feature = "redb")]
#[test]
fn the_story_on_redb() {
    let out = example().output().expect("run");
    assert!(String::from_utf8_lossy(&out.stdout).contains("(store: redb file"));
    check_story(&out);
}

#[cfg(feature = "postgres")]
#[test]
fn the_story_on_postgres() {
    let Some(url) = std::env::var("JPKI_TEST_POSTGRES_URL").ok() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but JPKI_TEST_POSTGRES_URL is not"
        );
        eprintln!("skipped: no PostgreSQL server (JPKI_TEST_POSTGRES_URL)");
        return;
    };
    let out = example().args(["--postgres", &url]).output().expect("run");
    assert!(String::from_utf8_lossy(&out.stdout).contains("(store: PostgreSQL, schema "));
    check_story(&out);
}

//! The testkit's disk cache of RSA keys, across processes: children of this test binary
//! generate the same keys at once into one fresh cache directory, again from the filled cache,
//! again after every file is damaged, and without any cache; all must give the same keys.

#![cfg(feature = "testkit")]

use std::path::Path;
use std::process::Command;

use jpki_core::testkit::{KeyType, PrivateKey};

const CHILD: &str = "JPKI_KEY_CACHE_TEST_CHILD";

/// The keys' public halves and a signature by each (so the private half is checked too).
fn fingerprint() -> String {
    (1..=3u64)
        .map(|seed| {
            let key = PrivateKey::generate(KeyType::Rsa2048, seed, "key-cache-test");
            let public = key.public_key_der();
            let signature = key.sign(b"key cache");
            format!("{}:{}\n", hex(&public), hex(&signature))
        })
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Run as a child (through the parent test below): prints the fingerprint.
#[test]
fn child_prints_fingerprint() {
    if std::env::var_os(CHILD).is_some() {
        print!("FINGERPRINT\n{}END\n", fingerprint());
    }
}

fn spawn(cache: &str) -> std::process::Child {
    Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "--exact",
            "child_prints_fingerprint",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD, "1")
        .env("JPKI_TESTKIT_CACHE", cache)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn child")
}

fn output(child: std::process::Child) -> String {
    let out = child.wait_with_output().expect("child");
    assert!(out.status.success(), "child failed");
    let text = String::from_utf8_lossy(&out.stdout);
    let start = text.find("FINGERPRINT\n").expect("fingerprint printed") + "FINGERPRINT\n".len();
    let end = text.find("END\n").expect("end");
    text.get(start..end).expect("fingerprint").to_owned()
}

fn key_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for generation in std::fs::read_dir(dir).expect("cache dir") {
        let generation = generation.expect("entry").path();
        for f in std::fs::read_dir(&generation).expect("generation dir") {
            files.push(f.expect("entry").path());
        }
    }
    files
}

#[test]
fn processes_share_keys_safely() {
    if std::env::var_os(CHILD).is_some() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("jpki-key-cache-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let cache = dir.to_str().expect("utf-8 temp dir");

    let uncached = output(spawn("off"));
    assert_eq!(uncached.lines().count(), 3);

    // Three writers at once into an empty cache.
    let children: Vec<_> = (0..3).map(|_| spawn(cache)).collect();
    for child in children {
        assert_eq!(
            output(child),
            uncached,
            "a concurrent writer got another key"
        );
    }
    let files = key_files(&dir);
    assert_eq!(
        files.len(),
        3,
        "one file per key, no temporary left: {files:?}"
    );

    // Read back from the cache.
    assert_eq!(output(spawn(cache)), uncached);

    // Every file damaged (truncated, or one byte flipped inside the private key's numbers):
    // each key is generated again, never taken wrong from the file, and the file rewritten.
    let mut damaged = Vec::new();
    for (i, f) in files.iter().enumerate() {
        let mut bytes = std::fs::read(f).expect("read");
        if i == 0 {
            bytes.truncate(bytes.len() / 2);
        } else {
            let at = bytes.len() - 600;
            if let Some(b) = bytes.get_mut(at) {
                *b ^= 0x01;
            }
        }
        std::fs::write(f, &bytes).expect("write");
        damaged.push(bytes);
    }
    assert_eq!(output(spawn(cache)), uncached, "a damaged file was used");
    for (f, bad) in files.iter().zip(&damaged) {
        assert_ne!(
            &std::fs::read(f).expect("read"),
            bad,
            "{} not rewritten",
            f.display()
        );
    }
    assert_eq!(output(spawn(cache)), uncached);
    let _ = std::fs::remove_dir_all(&dir);
}

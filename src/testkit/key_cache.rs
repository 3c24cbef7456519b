//! A cache on disk of generated RSA test keys, shared by processes.
//!
//! Why: RSA-2048 generation costs tens to hundreds of milliseconds, and every doctest runs in a
//! process of its own, so the in-process cache of `PrivateKey::generate` starts empty each time
//! and a `TestCa` regenerates its keys in every doctest. ECDSA keys are generated in microseconds
//! and are not cached here.
//!
//! Where: the directory named by `JPKI_TESTKIT_CACHE` (`off` disables the cache), else
//! `jpki-testkit-keys` in Cargo's target directory (`CARGO_TARGET_DIR`, or the ancestor of the
//! running executable that holds Cargo's `CACHEDIR.TAG`), else in the system temp directory.
//!
//! Safety of the cache, in order of the ways it could go wrong:
//! - **Another generator.** Keys live in a subdirectory named after a canary: a small RSA key
//!   generated from a fixed seed at first use in the process. If a dependency update changes how
//!   keys come out of the seeded generator, the canary changes and stale keys are never read.
//! - **Another key's file.** A file holds its full identity (format, key type, seed, label) and is
//!   used only when that identity matches exactly (the file name holds a hash of the label).
//! - **A damaged file.** The key must parse (which checks the RSA components against each other),
//!   its public key must re-derive to the public key stored beside it, and a signature made with
//!   it must verify under that public key. Anything else falls back to generating.
//! - **Several writers.** A key is written to a temporary file of this process, then renamed over
//!   the final name (atomic on one file system); writers of one identity write the same bytes.
//!
//! Every failure (unwritable directory, unreadable file, failed check) means "not cached": the
//! key is generated as if there were no cache, so the cache can only make tests faster.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey};
use rsa::signature::{Signer as _, Verifier as _};
use sha2::{Digest, Sha256};

use super::keys::{KeyType, seeded_rng};

/// Bump when the file layout or the meaning of (type, seed, label) changes. (A change in how keys
/// are generated from them changes the generator canary, which needs no bump.)
const FORMAT: &str = "jpki-testkit-key-cache v1";

/// The variable naming the cache directory (`off`: no cache).
const ENV_DIR: &str = "JPKI_TESTKIT_CACHE";

/// The cache directory's name under a target or temp directory.
const DIR_NAME: &str = "jpki-testkit-keys";

/// A cached RSA key for (type, seed, label), if there is a valid one.
pub(super) fn load_rsa(seed: u64, label: &str) -> Option<rsa::PrivateKey> {
    let path = file_path(seed, label)?;
    let bytes = std::fs::read(path).ok()?;
    parse_and_check(&bytes, &identity(seed, label))
}

/// Keeps `key` for (type, seed, label); failures are ignored (the cache is an optimisation).
pub(super) fn store_rsa(seed: u64, label: &str, key: &rsa::PrivateKey) {
    let Some(path) = file_path(seed, label) else {
        return;
    };
    let Some(bytes) = encode(key, &identity(seed, label)) else {
        return;
    };
    // A name no other writer uses (process id and a counter), in the same directory so that the
    // rename stays on one file system and is atomic.
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let tmp = path.with_extension(format!("tmp-{}-{n}", std::process::id()));
    if std::fs::write(&tmp, &bytes).is_err() || std::fs::rename(&tmp, &path).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

/// What a file must state to be used for this key: every input of the derivation.
fn identity(seed: u64, label: &str) -> Vec<u8> {
    // The label's length first, so that no two (seed, label) pairs read the same.
    format!(
        "{FORMAT}\n{:?}\n{seed}\n{}\n{label}",
        KeyType::Rsa2048,
        label.len()
    )
    .into_bytes()
}

/// `<cache dir>/<canary>/rsa2048-<seed>-<label hash>.key`, the directories created; `None` when
/// the cache is off or cannot be set up.
fn file_path(seed: u64, label: &str) -> Option<PathBuf> {
    static DIR: OnceLock<Option<PathBuf>> = OnceLock::new();
    let dir = DIR.get_or_init(|| {
        let dir = base_dir()?.join(generator_canary()?);
        std::fs::create_dir_all(&dir).ok()?;
        Some(dir)
    });
    let label_hash: String = Sha256::digest(label.as_bytes())
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect();
    Some(
        dir.as_ref()?
            .join(format!("rsa2048-{seed}-{label_hash}.key")),
    )
}

/// The configured cache directory, or Cargo's target directory, or the temp directory.
fn base_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(ENV_DIR) {
        return (dir != "off" && !dir.is_empty()).then(|| PathBuf::from(dir));
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .or_else(target_dir_of_current_exe);
    Some(target.unwrap_or_else(std::env::temp_dir).join(DIR_NAME))
}

/// The ancestor of the running executable that Cargo marked as its target directory (tests run
/// from `target/<profile>/deps`; doctests run from a temporary directory and find none).
fn target_dir_of_current_exe() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    exe.ancestors()
        .skip(1)
        .find(|d| d.join("CACHEDIR.TAG").is_file())
        .map(Path::to_path_buf)
}

/// A fingerprint of the seeded RSA generator: the hash of a 1024-bit key (the smallest `rsa`
/// generates, and cheap) from a fixed seed, made the way `PrivateKey::generate` makes keys (same
/// seed derivation, same `rsa` key generation) except for the size.
fn generator_canary() -> Option<String> {
    let mut rng = seeded_rng(0, "jpki-testkit key cache canary");
    let key = rsa::PrivateKey::new(&mut rng, 1024).ok()?;
    let spki = key.to_public_key().to_public_key_der().ok()?;
    let hash = Sha256::digest(spki.as_bytes());
    Some(
        std::iter::once("gen-".to_owned())
            .chain(hash.iter().take(8).map(|b| format!("{b:02x}")))
            .collect(),
    )
}

/// The file: identity, public key, private key.
fn encode(key: &rsa::PrivateKey, identity: &[u8]) -> Option<Vec<u8>> {
    let public = key.to_public_key().to_public_key_der().ok()?;
    let private = key.to_pkcs8_der().ok()?;
    join_parts(&[identity, public.as_bytes(), private.as_bytes()])
}

/// The parts, each behind its length (4 bytes, big-endian).
fn join_parts(parts: &[&[u8]]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    for part in parts {
        out.extend_from_slice(&u32::try_from(part.len()).ok()?.to_be_bytes());
        out.extend_from_slice(part);
    }
    Some(out)
}

/// The key in `bytes` if the file is whole, is for `identity`, and the key is consistent.
fn parse_and_check(bytes: &[u8], identity: &[u8]) -> Option<rsa::PrivateKey> {
    let (stored_identity, rest) = take_part(bytes)?;
    let (public, rest) = take_part(rest)?;
    let (private, rest) = take_part(rest)?;
    if stored_identity != identity || !rest.is_empty() {
        return None;
    }
    // Parsing checks the RSA components against each other (n = p·q, d·e ≡ 1).
    let key = rsa::PrivateKey::from_pkcs8_der(private).ok()?;
    let derived = key.to_public_key().to_public_key_der().ok()?;
    if derived.as_bytes() != public {
        return None;
    }
    // The private exponent is not part of the public key: prove the pair works together.
    let message = b"jpki-testkit key cache check";
    let signature = rsa::pkcs1v15::SigningKey::<Sha256>::new(key.clone()).sign(message);
    rsa::pkcs1v15::VerifyingKey::<Sha256>::new(key.to_public_key())
        .verify(message, &signature)
        .ok()?;
    Some(key)
}

/// One length-prefixed part and the rest.
fn take_part(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let (len, rest) = bytes.split_first_chunk::<4>()?;
    let len = usize::try_from(u32::from_be_bytes(*len)).ok()?;
    (rest.len() >= len).then(|| rest.split_at(len))
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand::rngs::ChaCha20Rng;

    use super::*;

    fn key(seed: u64) -> rsa::PrivateKey {
        let mut rng = ChaCha20Rng::seed_from_u64(seed);
        rsa::PrivateKey::new(&mut rng, 1024).expect("key")
    }

    #[test]
    fn a_written_key_reads_back_only_under_its_identity() {
        let k = key(1);
        let file = encode(&k, &identity(1, "a")).expect("encode");
        let back = parse_and_check(&file, &identity(1, "a")).expect("same identity");
        assert_eq!(back, k);
        assert!(parse_and_check(&file, &identity(2, "a")).is_none());
        assert!(parse_and_check(&file, &identity(1, "b")).is_none());
        // The label's length keeps "1\n…" style labels from colliding with another seed.
        assert_ne!(identity(1, "2\na"), identity(12, "a"));
    }

    #[test]
    fn a_damaged_file_is_never_used() {
        let k = key(2);
        let id = identity(2, "x");
        let file = encode(&k, &id).expect("encode");
        // Every single-byte change and every truncation is refused (or, if a change lands where
        // DER leaves slack, still gives the same key): never another key.
        for i in 0..file.len() {
            let mut bad = file.clone();
            if let Some(b) = bad.get_mut(i) {
                *b ^= 0x01;
            }
            if let Some(got) = parse_and_check(&bad, &id) {
                assert_eq!(got, k, "byte {i}");
            }
            let cut = file.get(..i).expect("prefix");
            assert!(parse_and_check(cut, &id).is_none(), "truncated at {i}");
        }
        let mut longer = file.clone();
        longer.push(0);
        assert!(parse_and_check(&longer, &id).is_none());
    }

    #[test]
    fn a_public_key_from_another_key_is_refused() {
        let (k1, k2) = (key(3), key(4));
        let id = identity(3, "y");
        let der = |k: &rsa::PrivateKey| k.to_public_key().to_public_key_der().expect("spki");
        let private = k1.to_pkcs8_der().expect("pkcs8");
        let ok = join_parts(&[&id, der(&k1).as_bytes(), private.as_bytes()]).expect("join");
        assert!(parse_and_check(&ok, &id).is_some());
        let spliced = join_parts(&[&id, der(&k2).as_bytes(), private.as_bytes()]).expect("join");
        assert!(parse_and_check(&spliced, &id).is_none());
    }
}

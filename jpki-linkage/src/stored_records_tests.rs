//! Stored linkage records and audit events as a damaged or hostile store file could hold them:
//! the `linkage_record` fuzz corpus (`../fuzz/corpus/linkage_record/`) replayed, resource
//! limits, and the corpus seeds. (Compiled only under `#[cfg(test)]`, declared in lib.rs: the
//! entry point reaches the private codec.)

use std::path::{Path, PathBuf};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus/linkage_record")
}

/// Replays the corpus and checks it has not shrunk: at least 308 files (about 90 % of the count
/// after the last minimisation) and the 3 seeds.
#[test]
fn linkage_record_corpus() {
    let (mut n, mut seeds) = (0, 0);
    let entries =
        std::fs::read_dir(corpus()).unwrap_or_else(|e| panic!("{}: {e}", corpus().display()));
    for file in entries {
        let path = file.expect("dir entry").path();
        if path.is_file() {
            let data = std::fs::read(&path).expect("read corpus file");
            let result = std::panic::catch_unwind(|| crate::fuzz_entry::linkage_record(&data));
            assert!(result.is_ok(), "{} panicked", path.display());
            n += 1;
            seeds += usize::from(
                path.file_name()
                    .is_some_and(|f| f.to_string_lossy().starts_with("seed-")),
            );
        }
    }
    assert!(
        n >= 308,
        "the linkage_record corpus shrank to {n} files (floor 308)"
    );
    assert!(
        seeds >= 3,
        "the linkage_record corpus lost its seeds ({seeds} of 3)"
    );
}

/// A SEQUENCE nested `depth` times.
fn nested(depth: usize) -> Vec<u8> {
    let mut v = vec![0x30, 0x00];
    for _ in 0..depth {
        let len = v.len();
        let mut outer = vec![0x30];
        if len < 0x80 {
            outer.push(u8::try_from(len).expect("short"));
        } else {
            let bytes: Vec<u8> = len
                .to_be_bytes()
                .into_iter()
                .skip_while(|b| *b == 0)
                .collect();
            outer.push(0x80 | u8::try_from(bytes.len()).expect("len"));
            outer.extend(bytes);
        }
        outer.extend_from_slice(&v);
        v = outer;
    }
    v
}

#[test]
fn deep_nesting_and_huge_inputs_are_errors_not_crashes() {
    crate::fuzz_entry::linkage_record(&nested(200_000));
    crate::fuzz_entry::linkage_record(&vec![0x30u8; 100 * 1024 * 1024]);
}

/// Writes the seed inputs. Run after changing the stored format:
/// `cargo test -p jpki-linkage --lib stored_records_tests -- --ignored`
#[test]
#[ignore]
fn regenerate_seeds() {
    for (i, seed) in crate::fuzz_entry::linkage_record_seeds().iter().enumerate() {
        std::fs::write(corpus().join(format!("seed-{i}.der")), seed).expect("write seed");
    }
}

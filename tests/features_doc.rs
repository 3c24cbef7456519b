//! The crate docs' features table (`src/lib.rs`, "Feature flags") lists exactly the features of
//! `Cargo.toml`, and marks as default exactly those `default` enables: a feature added, removed
//! or made default without the docs following fails here.

use std::collections::{BTreeMap, BTreeSet};

/// The `[features]` table of a manifest: each feature with what it enables. A small reader for
/// the one table (keys at the start of a line, arrays possibly over several lines), so that the
/// test needs no TOML dependency.
fn cargo_features(manifest: &str) -> BTreeMap<String, Vec<String>> {
    let mut features = BTreeMap::new();
    let mut in_table = false;
    let mut current: Option<String> = None;
    for line in manifest.lines() {
        let code = line.split('#').next().unwrap_or_default();
        let t = code.trim();
        if t.starts_with('[') && !line.starts_with(' ') && current.is_none() {
            in_table = t == "[features]";
            continue;
        }
        if !in_table || t.is_empty() {
            continue;
        }
        let values_part = match (&current, t.split_once('=')) {
            (None, Some((key, rest))) => {
                let key = key.trim().trim_matches('"').to_owned();
                features.insert(key.clone(), Vec::new());
                current = Some(key);
                rest
            }
            (Some(_), _) => t,
            (None, None) => panic!("unexpected line in [features]: {line}"),
        };
        let key = current.clone().expect("a feature being read");
        let values = features.get_mut(&key).expect("inserted");
        values.extend(
            values_part
                .split(['[', ']', ','])
                .map(|v| v.trim().trim_matches('"'))
                .filter(|v| !v.is_empty())
                .map(str::to_owned),
        );
        if values_part.contains(']') {
            current = None;
        }
    }
    features
}

/// The rows of the features table in the crate docs: feature name and whether it says default.
fn documented_features(lib_rs: &str) -> BTreeMap<String, bool> {
    let docs: Vec<&str> = lib_rs
        .lines()
        .filter_map(|l| l.strip_prefix("//!"))
        .map(str::trim)
        .collect();
    let start = docs
        .iter()
        .position(|l| *l == "## Feature flags")
        .expect("a \"## Feature flags\" section in the crate docs");
    let mut rows = BTreeMap::new();
    let mut seen_table = false;
    for line in docs.iter().skip(start + 1) {
        if line.starts_with('#') {
            break; // the next section
        }
        if !line.starts_with('|') {
            if seen_table {
                break; // the table ended
            }
            continue;
        }
        seen_table = true;
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        let (Some(name), Some(default)) = (cells.first(), cells.get(1)) else {
            panic!("a features table row needs a name and a default column: {line}");
        };
        // The header and the separator row name no feature in backticks.
        let Some(name) = name.strip_prefix('`').and_then(|n| n.strip_suffix('`')) else {
            continue;
        };
        assert!(
            cells.get(2).is_some_and(|d| !d.is_empty()),
            "feature `{name}` has no description"
        );
        let is_default = match *default {
            "yes" => true,
            "no" => false,
            other => panic!("feature `{name}`: default column must be yes or no, not {other:?}"),
        };
        assert!(
            rows.insert(name.to_owned(), is_default).is_none(),
            "feature `{name}` listed twice"
        );
    }
    rows
}

fn read(path: &str) -> String {
    let full = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

#[test]
fn the_features_table_matches_cargo_toml() {
    let features = cargo_features(&read("Cargo.toml"));
    let defaults: BTreeSet<&str> = features
        .get("default")
        .map(|d| d.iter().map(String::as_str).collect())
        .unwrap_or_default();
    let in_cargo: BTreeSet<&str> = features
        .keys()
        .map(String::as_str)
        .filter(|f| *f != "default")
        .collect();
    let documented = documented_features(&read("src/lib.rs"));
    let in_docs: BTreeSet<&str> = documented.keys().map(String::as_str).collect();

    let undocumented: Vec<_> = in_cargo.difference(&in_docs).collect();
    let unknown: Vec<_> = in_docs.difference(&in_cargo).collect();
    assert!(
        undocumented.is_empty() && unknown.is_empty(),
        "src/lib.rs's features table is out of date: missing {undocumented:?}, not in \
         Cargo.toml {unknown:?}"
    );
    for (name, is_default) in &documented {
        assert_eq!(
            *is_default,
            defaults.contains(name.as_str()),
            "feature `{name}`: the docs' default column disagrees with Cargo.toml's `default`"
        );
    }
}

#[test]
fn the_readers_see_what_they_should() {
    let manifest = "[package]\nname = \"x\"\n\n[features]\n## doc\ndefault = [\"a\"]\na = \
                    [\"dep:a\"] # comment\nb = [\n  \"a\",\n  \"c/d\",\n]\nc = []\n\n\
                    [dependencies]\nd = \"1\"\n";
    let f = cargo_features(manifest);
    assert_eq!(
        f.keys().map(String::as_str).collect::<Vec<_>>(),
        ["a", "b", "c", "default"]
    );
    assert_eq!(f["b"], ["a", "c/d"]);
    assert_eq!(f["default"], ["a"]);

    let lib = "//! # x\n//! ## Feature flags\n//!\n//! | feature | default | what |\n\
               //! |---|---|---|\n//! | `a` | yes | A. |\n//! | `b` | no | B. |\n//!\n\
               //! ## Next\n//! | `z` | no | not in the table |\n";
    let d = documented_features(lib);
    assert_eq!(
        d.into_iter().collect::<Vec<_>>(),
        [("a".to_owned(), true), ("b".to_owned(), false)]
    );
}

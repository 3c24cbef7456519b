//! The layer order written in `src/lib.rs` holds: no module imports one above it, and no two
//! files of one module import each other. Every `crate::` path in the library's code (comments
//! and `#[cfg(test)]` parts left out) is resolved to the top-level module it reaches, through
//! the crate root's `pub use` lines for names imported from the root.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The library code of a file: up to its first `#[cfg(test)]` (test modules sit at the end),
/// without comment lines.
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let before_tests = text.split("#[cfg(test)]").next().unwrap_or_default();
    before_tests
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The order written in lib.rs's docs: the line after `## Layers` that lists modules separated
/// by `<`, lowest first.
fn declared_order(lib: &str) -> Vec<String> {
    let line = lib
        .lines()
        .skip_while(|l| !l.contains("## Layers"))
        .find(|l| l.contains(" < "))
        .expect("src/lib.rs documents its layers (`## Layers`, then `a < b < …`)");
    line.trim_start_matches("//!")
        .split('<')
        .map(|m| m.trim().trim_matches('`').to_owned())
        .collect()
}

/// Names the crate root re-exports, mapped to the module they come from.
fn root_names(lib: &str) -> HashMap<String, String> {
    let mut names = HashMap::new();
    let mut rest = lib;
    while let Some(i) = rest.find("pub use ") {
        rest = &rest[i + "pub use ".len()..];
        let end = rest.find(';').unwrap_or(rest.len());
        let stmt = &rest[..end];
        let (module, items) = stmt.split_once("::").unwrap_or((stmt, ""));
        for item in items.split([',', '{', '}']) {
            let name = item.trim().rsplit("::").next().unwrap_or("").trim();
            if !name.is_empty() {
                names.insert(name.to_owned(), module.trim().to_owned());
            }
        }
    }
    names
}

/// The top-level modules a piece of code reaches through `crate::` paths.
fn reached(
    code: &str,
    modules: &BTreeSet<String>,
    names: &HashMap<String, String>,
) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        // Either `crate::name…` or `crate::{a, b::c, …}`.
        let body = if rest.starts_with('{') {
            let mut depth = 0;
            let end = rest
                .char_indices()
                .find(|(_, c)| {
                    match c {
                        '{' => depth += 1,
                        '}' => depth -= 1,
                        _ => {}
                    }
                    depth == 0
                })
                .map_or(rest.len(), |(j, _)| j);
            &rest[1..end]
        } else {
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            &rest[..end]
        };
        for part in body.split([',', '{', '}']) {
            let first = part.trim().split("::").next().unwrap_or("").trim();
            if modules.contains(first) {
                out.insert(first.to_owned());
            } else if let Some(m) = names.get(first) {
                out.insert(m.clone());
            }
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read_dir").flatten() {
        let p = entry.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

fn is_test_file(p: &Path) -> bool {
    let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    stem == "tests" || stem.ends_with("_tests")
}

#[test]
fn no_module_imports_a_layer_above_it() {
    let lib = std::fs::read_to_string(src().join("lib.rs")).expect("lib.rs");
    let order = declared_order(&lib);
    let rank: HashMap<&str, usize> = order
        .iter()
        .enumerate()
        .map(|(i, m)| (m.as_str(), i))
        .collect();
    let names = root_names(&lib);
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let modules: BTreeSet<String> = files
        .iter()
        .filter(|p| !is_test_file(p))
        .filter_map(|p| {
            let rel = p.strip_prefix(src()).ok()?;
            let first = rel.components().next()?.as_os_str().to_str()?;
            Some(first.trim_end_matches(".rs").to_owned())
        })
        .filter(|m| m != "lib")
        .collect();
    for m in &modules {
        assert!(
            rank.contains_key(m.as_str()),
            "module `{m}` is missing from the layer order in lib.rs"
        );
    }
    let mut upward = Vec::new();
    for f in files.iter().filter(|f| !is_test_file(f)) {
        let rel = f.strip_prefix(src()).expect("under src");
        let here = rel
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .unwrap_or("")
            .trim_end_matches(".rs");
        if here == "lib" {
            continue;
        }
        for target in reached(&code(f), &modules, &names) {
            if target != here && rank[target.as_str()] > rank[here] {
                upward.push(format!("{} ({here}) imports {target}", rel.display()));
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports that point up the layer order {order:?}:\n{upward:#?}"
    );
}

#[test]
fn no_two_files_of_a_module_import_each_other() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    // Per directory: which sibling files each file names through `super::<sibling>`.
    let mut edges: BTreeMap<PathBuf, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for f in files.iter().filter(|f| !is_test_file(f)) {
        let dir = f.parent().expect("parent").to_path_buf();
        let stem = f
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_owned();
        if stem == "mod" || stem == "lib" {
            continue;
        }
        let siblings: BTreeSet<String> = std::fs::read_dir(&dir)
            .expect("read_dir")
            .flatten()
            .filter_map(|e| {
                let p = e.path();
                let s = p.file_stem()?.to_str()?.to_owned();
                (s != stem && s != "mod").then_some(s)
            })
            .collect();
        let text = code(f);
        let named: BTreeSet<String> = siblings
            .into_iter()
            .filter(|s| {
                text.contains(&format!("super::{s}::")) || text.contains(&format!("super::{s}::{{"))
            })
            .collect();
        edges.entry(dir).or_default().insert(stem, named);
    }
    let mut cycles = Vec::new();
    for (dir, graph) in &edges {
        for (a, targets) in graph {
            for b in targets {
                if graph.get(b).is_some_and(|t| t.contains(a)) && a < b {
                    cycles.push(format!("{}: {a} <-> {b}", dir.display()));
                }
            }
        }
    }
    assert!(
        cycles.is_empty(),
        "files that import each other:\n{cycles:#?}"
    );
}

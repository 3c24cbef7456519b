//! Every public item carries a runnable example that checks something: modules, types, traits, functions, methods,
//! trait methods and constants (struct fields and enum variants are shown by their type's
//! example). The items are found by walking rustdoc's JSON from the crate root through
//! re-exports, so a new public item without a runnable ```` ``` ```` block in its documentation
//! (`text`, `ignore`, `no_run` blocks do not count), or with a block that asserts nothing, fails
//! here, naming it. (rustdoc's own `missing_doc_code_examples` lint is unstable and skips items
//! re-exported from private modules, which is most of this crate.)

mod common;

use std::collections::{BTreeSet, HashSet};

use serde_json::{Map, Value};

/// The attributes a fence may carry and still be a doctest that runs (`text`, `ignore`,
/// `no_run`, `compile_fail`, another language: not an example that runs).
const RUNNABLE: &[&str] = &[
    "",
    "rust",
    "should_panic",
    "edition2015",
    "edition2018",
    "edition2021",
    "edition2024",
];

/// Counts the runnable code blocks of `docs`, and returns the first lines of those that check
/// nothing: no `assert…!`, no `matches!`, no `panic!`, no `?` on a call. (An example that only
/// prints or builds a value passes whatever the code does.)
fn examples(docs: &str) -> (usize, Vec<String>) {
    let mut runnable = 0;
    let mut hollow = Vec::new();
    let mut block: Option<(bool, Vec<&str>)> = None;
    for line in docs.lines() {
        let t = line.trim_start();
        let Some(info) = t.strip_prefix("```") else {
            if let Some((_, body)) = block.as_mut() {
                body.push(line);
            }
            continue;
        };
        match block.take() {
            None => {
                let runs = info
                    .split(|c: char| c == ',' || c.is_whitespace())
                    .all(|a| RUNNABLE.contains(&a));
                block = Some((runs, Vec::new()));
            }
            Some((true, body)) => {
                runnable += 1;
                let code = body.join("\n");
                let checks = ["assert", "matches!", "panic!", ")?"]
                    .iter()
                    .any(|c| code.contains(c));
                if !checks {
                    hollow.push(body.iter().take(3).copied().collect::<Vec<_>>().join(" / "));
                }
            }
            Some((false, _)) => {}
        }
    }
    (runnable, hollow)
}

#[test]
fn the_census_counts_only_runnable_examples_that_check_something() {
    assert_eq!(examples("```text\nCN=x\n```").0, 0);
    assert_eq!(examples("```ignore\nassert!(x);\n```").0, 0);
    assert_eq!(examples("```rust,no_run\nassert!(x);\n```").0, 0);
    assert_eq!(examples("```json\n{}\n```").0, 0);
    assert_eq!(examples("```\nassert!(x);\n```"), (1, vec![]));
    assert_eq!(
        examples("```rust,should_panic\nf().unwrap();\n```\n```\nlet x = f()?;\n```"),
        (2, vec!["f().unwrap();".to_owned()])
    );
    assert_eq!(examples("```\nprintln!(\"{:?}\", x);\n```").1.len(), 1);
}

/// Collects the public items reachable from `id` that must have an example.
fn walk(
    index: &Map<String, Value>,
    id: &Value,
    path: &str,
    seen: &mut HashSet<String>,
    out: &mut Vec<(String, bool)>,
    hollow: &mut Vec<(String, String)>,
) {
    let key = id.to_string();
    if !seen.insert(key.clone()) {
        return;
    }
    // Items of other crates (re-exported dependency types) are not ours to document.
    let Some(item) = index.get(&key) else { return };
    if item["crate_id"] != 0 {
        return;
    }
    let name = item["name"].as_str().unwrap_or("");
    let here = if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}::{name}")
    };
    let (runnable, unchecked) = examples(item["docs"].as_str().unwrap_or(""));
    let has_example = runnable > 0;
    hollow.extend(unchecked.into_iter().map(|first| (here.clone(), first)));
    let inner = &item["inner"];
    let ids = |v: &Value| v.as_array().cloned().unwrap_or_default();
    if let Some(m) = inner.get("module") {
        out.push((here.clone(), has_example));
        for child in ids(&m["items"]) {
            walk(index, &child, &here, seen, out, hollow);
        }
    } else if let Some(u) = inner.get("use") {
        // A re-export: the item itself, under the name it is exported as.
        seen.remove(&key);
        if !u["id"].is_null() {
            walk(index, &u["id"], path, seen, out, hollow);
        }
    } else if let Some(t) = inner.get("struct").or_else(|| inner.get("enum")) {
        out.push((here.clone(), has_example));
        for imp in ids(&t["impls"]) {
            let Some(imp) = index.get(&imp.to_string()) else {
                continue;
            };
            // Inherent impls only: trait implementations are documented by the trait.
            if imp["inner"]["impl"]["trait"].is_null() {
                for m in ids(&imp["inner"]["impl"]["items"]) {
                    let public = index
                        .get(&m.to_string())
                        .is_some_and(|i| i["visibility"] == "public");
                    if public {
                        walk(index, &m, &here, seen, out, hollow);
                    }
                }
            }
        }
    } else if let Some(t) = inner.get("trait") {
        out.push((here.clone(), has_example));
        for m in ids(&t["items"]) {
            walk(index, &m, &here, seen, out, hollow);
        }
    } else if inner.get("function").is_some()
        || inner.get("constant").is_some()
        || inner.get("assoc_const").is_some()
        || inner.get("type_alias").is_some()
        || inner.get("static").is_some()
        || inner.get("macro").is_some()
    {
        out.push((here, has_example));
    }
}

#[test]
fn every_public_item_has_an_example() {
    census("jpki-core", 300);
}

#[test]
fn every_public_item_of_jpki_linkage_has_an_example() {
    census("jpki-linkage", 50);
}

/// Fails naming every public item of `package` without a runnable example that checks
/// something; `at_least` guards against a walk that stops at the root.
fn census(package: &str, at_least: usize) {
    let doc = common::rustdoc_json_of(package);
    let index = doc["index"].as_object().expect("index");
    let mut items = Vec::new();
    let mut hollow = Vec::new();
    walk(
        index,
        &doc["root"],
        "",
        &mut HashSet::new(),
        &mut items,
        &mut hollow,
    );
    let missing: BTreeSet<&str> = items
        .iter()
        .filter(|(_, has)| !has)
        .map(|(p, _)| p.as_str())
        .collect();
    // The walk must reach the API, not stop at the root: the crate has hundreds of items.
    assert!(
        items.len() > at_least,
        "{package}: only {} public items found",
        items.len()
    );
    assert!(
        missing.is_empty() && hollow.is_empty(),
        "{package}: {} of {} public items have no runnable example in their documentation:\n{missing:#?}\n\
         {} examples check nothing (add an assert!, or `?` on the call that must succeed):\n\
         {hollow:#?}",
        missing.len(),
        items.len(),
        hollow.len()
    );
}

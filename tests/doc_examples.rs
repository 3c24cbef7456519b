//! Every public item carries a runnable example: modules, types, traits, functions, methods,
//! trait methods and constants (struct fields and enum variants are shown by their type's
//! example). The items are found by walking rustdoc's JSON from the crate root through
//! re-exports, so a new public item without a ```` ``` ```` block in its documentation fails
//! here, naming it. (rustdoc's own `missing_doc_code_examples` lint is unstable and skips items
//! re-exported from private modules, which is most of this crate.)

mod common;

use std::collections::{BTreeSet, HashSet};

use serde_json::{Map, Value};

/// Collects the public items reachable from `id` that must have an example.
fn walk(
    index: &Map<String, Value>,
    id: &Value,
    path: &str,
    seen: &mut HashSet<String>,
    out: &mut Vec<(String, bool)>,
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
    let has_example = item["docs"].as_str().is_some_and(|d| d.contains("```"));
    let inner = &item["inner"];
    let ids = |v: &Value| v.as_array().cloned().unwrap_or_default();
    if let Some(m) = inner.get("module") {
        out.push((here.clone(), has_example));
        for child in ids(&m["items"]) {
            walk(index, &child, &here, seen, out);
        }
    } else if let Some(u) = inner.get("use") {
        // A re-export: the item itself, under the name it is exported as.
        seen.remove(&key);
        if !u["id"].is_null() {
            walk(index, &u["id"], path, seen, out);
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
                        walk(index, &m, &here, seen, out);
                    }
                }
            }
        }
    } else if let Some(t) = inner.get("trait") {
        out.push((here.clone(), has_example));
        for m in ids(&t["items"]) {
            walk(index, &m, &here, seen, out);
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
    let doc = common::rustdoc_json();
    let index = doc["index"].as_object().expect("index");
    let mut items = Vec::new();
    walk(index, &doc["root"], "", &mut HashSet::new(), &mut items);
    let missing: BTreeSet<&str> = items
        .iter()
        .filter(|(_, has)| !has)
        .map(|(p, _)| p.as_str())
        .collect();
    // The walk must reach the API, not stop at the root: the crate has hundreds of items.
    assert!(items.len() > 300, "only {} public items found", items.len());
    assert!(
        missing.is_empty(),
        "{} of {} public items have no example in their documentation:\n{missing:#?}",
        missing.len(),
        items.len()
    );
}

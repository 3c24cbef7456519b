//! The public API baseline: rustdoc's JSON description of the crate (all features) rendered as
//! one line per public item — modules, types, functions with their signatures, methods,
//! fields, variants, constants, trait implementations — and compared with `api/<package>.txt`
//! (`api/jpki-core.txt`, `api/jpki-linkage.txt`).
//! A change to the public API fails this test until the baseline is updated on purpose:
//!
//! `JPKI_BLESS_API=1 cargo test --all-features --test public_api`
//!
//! (rustdoc's JSON output is unstable; `RUSTC_BOOTSTRAP=1` lets the stable toolchain write it.
//! The format version is part of the baseline, so a toolchain that writes another format says
//! so instead of reporting a false API change.)

mod common;

use std::collections::{BTreeSet, HashSet};
use std::path::PathBuf;

use serde_json::Value;

struct Api<'a> {
    /// The crate's name as paths start (`jpki_core`, `jpki_linkage`).
    krate: &'static str,
    index: &'a serde_json::Map<String, Value>,
    lines: BTreeSet<String>,
    seen: HashSet<String>,
}

fn item<'a>(api: &Api<'a>, id: &Value) -> Option<&'a Value> {
    api.index.get(&id.to_string())
}

fn path(p: &Value) -> String {
    let name = p["path"].as_str().unwrap_or("?").to_owned();
    match &p["args"] {
        Value::Null => name,
        args => format!("{name}{}", generic_args(args)),
    }
}

fn generic_args(args: &Value) -> String {
    if let Some(ab) = args.get("angle_bracketed") {
        let mut parts: Vec<String> = ab["args"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|a| {
                if let Some(t) = a.get("type") {
                    ty(t)
                } else if let Some(l) = a.get("lifetime") {
                    l.as_str().unwrap_or("'_").to_owned()
                } else {
                    "_".to_owned()
                }
            })
            .collect();
        for c in ab["constraints"].as_array().into_iter().flatten() {
            let name = c["name"].as_str().unwrap_or("?");
            if let Some(t) = c["binding"].get("equality").and_then(|e| e.get("type")) {
                parts.push(format!("{name} = {}", ty(t)));
            } else {
                parts.push(format!("{name}: {}", bounds(&c["binding"]["constraint"])));
            }
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("<{}>", parts.join(", "))
        }
    } else if let Some(p) = args.get("parenthesized") {
        let inputs: Vec<String> = p["inputs"]
            .as_array()
            .into_iter()
            .flatten()
            .map(ty)
            .collect();
        let out = match &p["output"] {
            Value::Null => String::new(),
            o => format!(" -> {}", ty(o)),
        };
        format!("({}){out}", inputs.join(", "))
    } else {
        String::new()
    }
}

fn bounds(b: &Value) -> String {
    b.as_array()
        .into_iter()
        .flatten()
        .map(|b| {
            if let Some(t) = b.get("trait_bound") {
                path(&t["trait"])
            } else if let Some(o) = b.get("outlives") {
                o.as_str().unwrap_or("'_").to_owned()
            } else {
                "use<..>".to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

fn ty(t: &Value) -> String {
    if let Some(p) = t.get("resolved_path") {
        path(p)
    } else if let Some(p) = t.get("primitive") {
        p.as_str().unwrap_or("?").to_owned()
    } else if let Some(g) = t.get("generic") {
        g.as_str().unwrap_or("?").to_owned()
    } else if let Some(r) = t.get("borrowed_ref") {
        let lt = r["lifetime"]
            .as_str()
            .map(|l| format!("{l} "))
            .unwrap_or_default();
        let m = if r["is_mutable"].as_bool() == Some(true) {
            "mut "
        } else {
            ""
        };
        format!("&{lt}{m}{}", ty(&r["type"]))
    } else if let Some(s) = t.get("slice") {
        format!("[{}]", ty(s))
    } else if let Some(a) = t.get("array") {
        format!("[{}; {}]", ty(&a["type"]), a["len"].as_str().unwrap_or("?"))
    } else if let Some(tu) = t.get("tuple") {
        let parts: Vec<String> = tu.as_array().into_iter().flatten().map(ty).collect();
        format!("({})", parts.join(", "))
    } else if let Some(i) = t.get("impl_trait") {
        format!("impl {}", bounds(i))
    } else if let Some(d) = t.get("dyn_trait") {
        let traits: Vec<String> = d["traits"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|p| path(&p["trait"]))
            .collect();
        format!("dyn {}", traits.join(" + "))
    } else if let Some(q) = t.get("qualified_path") {
        format!(
            "<{} as {}>::{}",
            ty(&q["self_type"]),
            q["trait"]
                .get("path")
                .and_then(Value::as_str)
                .unwrap_or("?"),
            q["name"].as_str().unwrap_or("?")
        )
    } else {
        "?".to_owned()
    }
}

fn signature(f: &Value) -> String {
    let inputs: Vec<String> = f["sig"]["inputs"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| {
            let name = p[0].as_str().unwrap_or("_");
            let t = ty(&p[1]);
            if name == "self" {
                t.replace("Self", "self")
            } else {
                format!("{name}: {t}")
            }
        })
        .collect();
    let generics: Vec<String> = f["generics"]["params"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|p| {
            p["kind"]
                .get("type")
                .is_some_and(|t| t["is_synthetic"] != true)
        })
        .map(|p| {
            let b = bounds(&p["kind"]["type"]["bounds"]);
            let n = p["name"].as_str().unwrap_or("?");
            if b.is_empty() {
                n.to_owned()
            } else {
                format!("{n}: {b}")
            }
        })
        .collect();
    let g = if generics.is_empty() {
        String::new()
    } else {
        format!("<{}>", generics.join(", "))
    };
    let out = match &f["sig"]["output"] {
        Value::Null => String::new(),
        o => format!(" -> {}", ty(o)),
    };
    let c = if f["header"]["is_const"] == true {
        "const "
    } else {
        ""
    };
    format!("{c}fn{g}({}){out}", inputs.join(", "))
}

fn non_exhaustive(i: &Value) -> &'static str {
    let attrs = i["attrs"].to_string();
    if attrs.contains("non_exhaustive") {
        "#[non_exhaustive] "
    } else {
        ""
    }
}

fn walk(api: &mut Api<'_>, id: &Value, prefix: &str) {
    let Some(i) = item(api, id) else { return };
    if i["visibility"] != "public" && prefix != api.krate {
        return;
    }
    let inner = &i["inner"];
    let name = i["name"].as_str().unwrap_or("");
    if let Some(u) = inner.get("use") {
        if let Some(target) = u.get("id").filter(|v| !v.is_null()) {
            if u["is_glob"] == true {
                if let Some(m) = item(api, target) {
                    for child in m["inner"]["module"]["items"]
                        .as_array()
                        .cloned()
                        .unwrap_or_default()
                    {
                        walk(api, &child, prefix);
                    }
                }
            } else {
                let renamed = u["name"].as_str().unwrap_or(name).to_owned();
                walk_named(api, target, prefix, &renamed);
            }
        }
        return;
    }
    walk_named(api, id, prefix, name);
}

fn walk_named(api: &mut Api<'_>, id: &Value, prefix: &str, name: &str) {
    let Some(i) = item(api, id) else { return };
    let here = if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}::{name}")
    };
    if !api.seen.insert(format!("{id}@{here}")) {
        return;
    }
    let inner = &i["inner"];
    let ne = non_exhaustive(i);
    if let Some(m) = inner.get("module") {
        if prefix.is_empty() || i["visibility"] == "public" {
            if !prefix.is_empty() {
                api.lines.insert(format!("pub mod {here}"));
            }
            let at = if prefix.is_empty() {
                api.krate.to_owned()
            } else {
                here.clone()
            };
            for child in m["items"].as_array().cloned().unwrap_or_default() {
                walk(api, &child, &at);
            }
        }
    } else if let Some(s) = inner.get("struct") {
        api.lines.insert(format!("{ne}pub struct {here}"));
        if let Some(fields) = s["kind"].get("plain").map(|p| &p["fields"]) {
            for f in fields.as_array().cloned().unwrap_or_default() {
                if let Some(fi) = item(api, &f).filter(|fi| fi["visibility"] == "public") {
                    let line = format!(
                        "pub field {here}::{}: {}",
                        fi["name"].as_str().unwrap_or("?"),
                        ty(&fi["inner"]["struct_field"])
                    );
                    api.lines.insert(line);
                }
            }
        }
        impls(api, &s["impls"], &here);
    } else if let Some(e) = inner.get("enum") {
        api.lines.insert(format!("{ne}pub enum {here}"));
        for v in e["variants"].as_array().cloned().unwrap_or_default() {
            if let Some(vi) = item(api, &v) {
                let kind = &vi["inner"]["variant"]["kind"];
                let shape = if let Some(t) = kind.get("tuple") {
                    let fields: Vec<String> = t
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|f| item(api, f))
                        .map(|f| ty(&f["inner"]["struct_field"]))
                        .collect();
                    format!("({})", fields.join(", "))
                } else if let Some(s) = kind.get("struct") {
                    let fields: Vec<String> = s["fields"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|f| item(api, f))
                        .map(|f| {
                            format!(
                                "{}: {}",
                                f["name"].as_str().unwrap_or("?"),
                                ty(&f["inner"]["struct_field"])
                            )
                        })
                        .collect();
                    format!(" {{ {} }}", fields.join(", "))
                } else {
                    String::new()
                };
                api.lines.insert(format!(
                    "pub variant {here}::{}{shape}",
                    vi["name"].as_str().unwrap_or("?")
                ));
            }
        }
        impls(api, &e["impls"], &here);
    } else if let Some(f) = inner.get("function") {
        api.lines.insert(format!("pub fn {here} {}", signature(f)));
    } else if let Some(t) = inner.get("trait") {
        api.lines.insert(format!("pub trait {here}"));
        for m in t["items"].as_array().cloned().unwrap_or_default() {
            if let Some(mi) = item(api, &m)
                && let Some(f) = mi["inner"].get("function")
            {
                api.lines.insert(format!(
                    "pub trait-fn {here}::{} {}",
                    mi["name"].as_str().unwrap_or("?"),
                    signature(f)
                ));
            }
        }
    } else if let Some(c) = inner.get("constant") {
        api.lines.insert(format!(
            "pub const {here}: {} = {}",
            ty(&c["type"]),
            c["const"]["expr"].as_str().unwrap_or("?")
        ));
    } else if let Some(t) = inner.get("type_alias") {
        api.lines
            .insert(format!("pub type {here} = {}", ty(&t["type"])));
    } else if inner.get("static").is_some() {
        api.lines.insert(format!("pub static {here}"));
    }
}

fn impls(api: &mut Api<'_>, ids: &Value, here: &str) {
    for id in ids.as_array().cloned().unwrap_or_default() {
        let Some(im) = item(api, &id) else { continue };
        let imp = &im["inner"]["impl"];
        if imp["is_synthetic"] == true || !imp["blanket_impl"].is_null() {
            continue;
        }
        match imp["trait"].as_object() {
            Some(tr) => {
                let t = path(&Value::Object(tr.clone()));
                api.lines.insert(format!("impl {t} for {here}"));
            }
            None => {
                for m in imp["items"].as_array().cloned().unwrap_or_default() {
                    let Some(mi) = item(api, &m) else { continue };
                    if mi["visibility"] != "public" {
                        continue;
                    }
                    if let Some(f) = mi["inner"].get("function") {
                        api.lines.insert(format!(
                            "pub fn {here}::{} {}",
                            mi["name"].as_str().unwrap_or("?"),
                            signature(f)
                        ));
                    } else if let Some(c) = mi["inner"]
                        .get("assoc_const")
                        .or(mi["inner"].get("constant"))
                    {
                        let t = c.get("type").map(ty).unwrap_or_default();
                        api.lines.insert(format!(
                            "pub const {here}::{}: {t}",
                            mi["name"].as_str().unwrap_or("?")
                        ));
                    }
                }
            }
        }
    }
}

#[test]
fn public_api_matches_the_baseline() {
    check_baseline("jpki-core", "jpki_core");
}

#[test]
fn jpki_linkage_public_api_matches_the_baseline() {
    check_baseline("jpki-linkage", "jpki_linkage");
}

/// Renders `package`'s public API and compares it with `api/<package>.txt`.
fn check_baseline(package: &str, krate: &'static str) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let doc = common::rustdoc_json_of(package);
    let index = doc["index"].as_object().expect("index");
    let mut api = Api {
        krate,
        index,
        lines: BTreeSet::new(),
        seen: HashSet::new(),
    };
    walk_named(&mut api, &doc["root"], "", krate);
    let mut out = format!(
        "# {package} public API (all features), rustdoc JSON format {}; see tests/public_api.rs\n",
        doc["format_version"]
    );
    for l in &api.lines {
        out.push_str(l);
        out.push('\n');
    }
    let baseline = root.join(format!("api/{package}.txt"));
    if std::env::var_os("JPKI_BLESS_API").is_some() {
        // Blessing is a person's decision, never CI's: under CI it would make the baseline
        // agree with whatever the build produced, and the test could not fail.
        assert!(
            !common::under_ci(),
            "JPKI_BLESS_API is set under CI: the baseline is only updated by hand"
        );
        std::fs::write(&baseline, &out).expect("write baseline");
        return;
    }
    let expected = std::fs::read_to_string(&baseline).unwrap_or_default();
    if expected != out {
        let old: BTreeSet<&str> = expected.lines().collect();
        let new: BTreeSet<&str> = out.lines().collect();
        let removed: Vec<_> = old.difference(&new).collect();
        let added: Vec<_> = new.difference(&old).collect();
        panic!(
            "the public API of {package} changed (review, note it in CHANGELOG.md, then bless \
             with JPKI_BLESS_API=1):\nremoved:\n{removed:#?}\nadded:\n{added:#?}"
        );
    }
}

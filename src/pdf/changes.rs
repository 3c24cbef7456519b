//! What a revision after a signature changed. In the strict mode a later revision may only
//! add objects and redefine the catalog to add document-security data (`/DSS`, and the
//! `/Extensions` entry that declares it), or add a document timestamp (a new signature field
//! whose value is `/Type /DocTimeStamp`, appended to `/AcroForm /Fields` and to a page's
//! `/Annots`). The document information dictionary (the trailer's `/Info`) may be redefined
//! too: it is metadata no page shows, and writers such as pyHanko update its `/ModDate` and
//! `/Producer` in every revision they append. Every other redefinition — or a freed object —
//! is a modification.

use super::document::{Document, Entry};
use super::fields::{catalog, signature_values};
use super::object::{Lexer, Obj, Value, dict_same_except};
use crate::Error;

/// Whether revision `rev` (> 0) only makes the changes the strict mode accepts.
pub(crate) fn only_permitted_changes(doc: &Document<'_>, rev: usize) -> Result<bool, Error> {
    let Some(before) = rev.checked_sub(1) else {
        return Ok(false);
    };
    let Some(section) = doc.revisions.get(rev) else {
        return Ok(false);
    };
    let (root_before, catalog_before) = catalog(doc, before)?;
    let (root_now, _) = catalog(doc, rev)?;
    if root_before != root_now {
        return Ok(false);
    }
    let old_sigs = signature_values(doc, before)?;
    let new_sigs: Vec<_> = signature_values(doc, rev)?
        .into_iter()
        .filter(|s| {
            !old_sigs.iter().any(|o| {
                o.dict.get(b"Contents").map(|c| c.start) == s.dict.get(b"Contents").map(|c| c.start)
            })
        })
        .collect();
    // The object the signed revision's trailer names as `/Info` (a later trailer cannot make
    // another object the information dictionary after the fact).
    let info: Vec<u32> = [before]
        .iter()
        .filter_map(|r| doc.revisions.get(*r))
        .filter_map(|r| match r.trailer.get(b"Info").map(|o| &o.value) {
            Some(Value::Ref(n, _)) => Some(*n),
            _ => None,
        })
        .collect();
    let doc_timestamp_only = !new_sigs.is_empty()
        && new_sigs
            .iter()
            .all(|s| s.dict.name(b"Type") == Some(b"DocTimeStamp"));
    for (num, entry) in &section.entries {
        let Some(old) = doc.resolve(before, *num)? else {
            continue; // a new object
        };
        if *entry == Entry::Free {
            return Ok(false);
        }
        if is_stream(doc, before, *num)? || is_stream(doc, rev, *num)? {
            return Ok(false);
        }
        let Some(new) = doc.resolve(rev, *num)? else {
            return Ok(false);
        };
        let (Value::Dict(old_d), Value::Dict(new_d)) = (&old.value, &new.value) else {
            return Ok(false);
        };
        let permitted = if info.contains(num) {
            // Only while both versions look like an information dictionary (§14.3.3: text
            // strings, dates, the name /Trapped): a trailer that calls a page its /Info must
            // not make the page's redefinition harmless.
            is_info_dict(old_d) && is_info_dict(new_d)
        } else if *num == root_now {
            let except: &[&[u8]] = if doc_timestamp_only {
                &[b"DSS", b"Extensions", b"AcroForm"]
            } else {
                &[b"DSS", b"Extensions"]
            };
            dict_same_except(old_d, new_d, except)
                && (doc_timestamp_only
                    || same_entry(catalog_before.get(b"AcroForm"), new_d.get(b"AcroForm")))
        } else if doc_timestamp_only {
            appends_only(old_d, new_d, b"Fields") || appends_only(old_d, new_d, b"Annots")
        } else {
            false
        };
        if !permitted {
            return Ok(false);
        }
    }
    Ok(true)
}

/// A dictionary of text strings (and the name `/Trapped`) only: what a document information
/// dictionary holds (§14.3.3), and nothing a page, resource, form field or annotation can be.
fn is_info_dict(d: &super::object::Dict) -> bool {
    d.0.iter().all(|(k, v)| match v.value {
        Value::Literal(_) | Value::Hex(_) => true,
        Value::Name(_) => k.as_slice() == b"Trapped",
        _ => false,
    })
}

fn same_entry(a: Option<&Obj>, b: Option<&Obj>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => a.value.same(&b.value),
        _ => false,
    }
}

/// The dictionaries differ only in the array under `key`, which the new one extends.
fn appends_only(old: &super::object::Dict, new: &super::object::Dict, key: &[u8]) -> bool {
    if !dict_same_except(old, new, &[key]) {
        return false;
    }
    match (
        old.get(key).map(|o| &o.value),
        new.get(key).map(|o| &o.value),
    ) {
        (None, Some(Value::Array(_))) => true,
        (Some(Value::Array(a)), Some(Value::Array(b))) => {
            b.len() >= a.len() && a.iter().zip(b).all(|(x, y)| x.value.same(&y.value))
        }
        _ => false,
    }
}

/// Whether object `num`, as revision `rev` defines it, is a stream (its data is not compared:
/// a redefined stream always counts as a change).
fn is_stream(doc: &Document<'_>, rev: usize, num: u32) -> Result<bool, Error> {
    let entry = doc.entry(rev, num);
    let Some(Entry::At(off, gen_nr)) = entry else {
        return Ok(false);
    };
    let mut lx = Lexer::new(doc.data, off);
    lx.object_header(num, gen_nr)?;
    lx.object(0)?;
    Ok(lx.peek_word() == b"stream")
}

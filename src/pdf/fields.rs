//! The signature fields of a revision: `/Root` → `/AcroForm` → `/Fields` (and `/Kids`), each
//! field of type `/Sig` with a value `/V`.

use super::document::Document;
use super::object::{Dict, Obj, Value};
use super::{MAX_PDF_FIELDS, MAX_PDF_NESTING};
use crate::{Error, Limited, PdfProblem};

/// A signature value found in a revision: the field's name and the signature dictionary.
#[derive(Clone, Debug)]
pub(crate) struct SigValue {
    pub(crate) field: Option<String>,
    pub(crate) dict: Dict,
}

/// The catalog as revision `rev` defines it.
pub(crate) fn catalog(doc: &Document<'_>, rev: usize) -> Result<(u32, Dict), Error> {
    let trailer = &doc
        .revisions
        .get(rev)
        .ok_or(Error::BadPdf(PdfProblem::BadTrailer))?
        .trailer;
    let Some(Obj {
        value: Value::Ref(num, _),
        ..
    }) = trailer.get(b"Root")
    else {
        return Err(Error::BadPdf(PdfProblem::BadTrailer));
    };
    let root = doc
        .resolve(rev, *num)?
        .ok_or(Error::BadPdf(PdfProblem::BadTrailer))?;
    match root.value {
        Value::Dict(d) if d.name(b"Type") == Some(b"Catalog") => Ok((*num, d)),
        _ => Err(Error::BadPdf(PdfProblem::BadTrailer)),
    }
}

/// Every signature value of revision `rev`, in field order.
pub(crate) fn signature_values(doc: &Document<'_>, rev: usize) -> Result<Vec<SigValue>, Error> {
    let (_, root) = catalog(doc, rev)?;
    let mut out = Vec::new();
    let Some(form) = root.get(b"AcroForm") else {
        return Ok(out);
    };
    let Some(form) = doc.dict(rev, form)? else {
        return Ok(out);
    };
    let Some(fields) = form.get(b"Fields") else {
        return Ok(out);
    };
    // An explicit stack of (field, inherited name, depth): no recursion on input structure.
    let mut stack: Vec<(Obj, Option<String>, usize)> = array(doc, rev, fields)?
        .into_iter()
        .rev()
        .map(|o| (o, None, 0))
        .collect();
    let mut seen = 0usize;
    while let Some((obj, parent, depth)) = stack.pop() {
        seen += 1;
        Error::at_most(Limited::PdfFields, seen, MAX_PDF_FIELDS)?;
        if depth > MAX_PDF_NESTING {
            return Err(Error::TooLarge {
                what: Limited::PdfNesting,
                size: depth,
                limit: MAX_PDF_NESTING,
            });
        }
        let Some(field) = doc.dict(rev, &obj)? else {
            continue;
        };
        let name = match field.get(b"T").map(|o| &o.value) {
            Some(Value::Literal(t)) => {
                let t = String::from_utf8_lossy(t).into_owned();
                Some(match &parent {
                    Some(p) => format!("{p}.{t}"),
                    None => t,
                })
            }
            _ => parent.clone(),
        };
        if let Some(kids) = field.get(b"Kids") {
            for kid in array(doc, rev, kids)?.into_iter().rev() {
                stack.push((kid, name.clone(), depth + 1));
            }
        }
        if field.name(b"FT") == Some(b"Sig")
            && let Some(v) = field.get(b"V")
            && let Some(dict) = doc.dict(rev, v)?
        {
            out.push(SigValue { field: name, dict });
        }
    }
    Ok(out)
}

pub(crate) fn array(doc: &Document<'_>, rev: usize, obj: &Obj) -> Result<Vec<Obj>, Error> {
    let value = match &obj.value {
        Value::Ref(n, _) => doc.resolve(rev, *n)?.map(|o| o.value),
        v => Some(v.clone()),
    };
    match value {
        Some(Value::Array(a)) => Ok(a),
        _ => Err(Error::BadPdf(PdfProblem::UnexpectedType)),
    }
}

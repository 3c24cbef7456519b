//! The file's structure: header, `startxref`, the cross-reference sections of every revision
//! (tables and streams) along the `/Prev` chain, and objects looked up **per revision** — an
//! object as revision k defines it is found in section k or an earlier one, never a later one.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use super::object::{Dict, Lexer, Obj, Value};
use super::{
    MAX_PDF_DECOMPRESSED, MAX_PDF_DECOMPRESSED_TOTAL, MAX_PDF_OBJECTS, MAX_PDF_PARSE_BASE,
    MAX_PDF_PARSE_FACTOR, MAX_PDF_REVISIONS, MAX_PDF_SIZE, MAX_PDF_XREF_ENTRIES,
};
use crate::{Error, Limited, PdfProblem};

fn bad(problem: PdfProblem) -> Error {
    Error::BadPdf(problem)
}

/// Where a cross-reference section says an object is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Entry {
    Free,
    /// At a byte offset, with its generation.
    At(usize, u16),
    /// Inside an object stream (its number), at an index.
    InStream(u32, u32),
}

/// One revision: its cross-reference section and trailer, and where its bytes end (just past
/// its `%%EOF`).
#[derive(Clone, Debug)]
pub(crate) struct Revision {
    pub(crate) xref_offset: usize,
    pub(crate) entries: Vec<(u32, Entry)>,
    pub(crate) trailer: Dict,
    pub(crate) end: usize,
}

impl Revision {
    /// The entry for `num` (the entries are sorted by number: a lookup is a binary search,
    /// so that walking a section of [`MAX_PDF_XREF_ENTRIES`] entries stays linear).
    pub(crate) fn entry(&self, num: u32) -> Option<Entry> {
        self.entries
            .binary_search_by_key(&num, |(n, _)| *n)
            .ok()
            .and_then(|i| self.entries.get(i))
            .map(|(_, e)| *e)
    }
}

/// A parsed file: its bytes and its revisions, oldest first.
#[derive(Debug)]
pub(crate) struct Document<'a> {
    pub(crate) data: &'a [u8],
    pub(crate) revisions: Vec<Revision>,
    /// Bytes of stream data decoded so far, every stream together.
    decoded_total: Cell<usize>,
    /// Bytes read by object lookups so far.
    parsed_total: Cell<usize>,
    /// The object streams decoded so far, by file offset.
    object_streams: RefCell<HashMap<usize, Rc<ObjectStream>>>,
}

/// An object stream's decoded data and its header: each contained object's number and
/// offset (relative to `first`).
#[derive(Debug)]
struct ObjectStream {
    decoded: Vec<u8>,
    first: usize,
    offsets: Vec<(u64, usize)>,
}

impl<'a> Document<'a> {
    pub(crate) fn parse(data: &'a [u8]) -> Result<Self, Error> {
        Error::at_most(Limited::PdfFile, data.len(), MAX_PDF_SIZE)?;
        if !data.starts_with(b"%PDF-1.") && !data.starts_with(b"%PDF-2.") {
            return Err(bad(PdfProblem::NoHeader));
        }
        // The file ends with `startxref N %%EOF` and at most an end-of-line: nothing is
        // tolerated after the last %%EOF (bytes appended after signing are refused here).
        let mut end = data.len();
        while end > 0
            && data
                .get(end - 1)
                .is_some_and(|b| *b == b'\n' || *b == b'\r')
        {
            end -= 1;
        }
        if !data.get(..end).is_some_and(|d| d.ends_with(b"%%EOF")) {
            return Err(bad(PdfProblem::DataAfterEof));
        }
        let mut offset = startxref_before(data, end - 5)?;
        let mut doc = Document {
            data,
            revisions: Vec::new(),
            decoded_total: Cell::new(0),
            parsed_total: Cell::new(0),
            object_streams: RefCell::new(HashMap::new()),
        };
        let mut total_entries = 0usize;
        loop {
            if doc.revisions.len() == MAX_PDF_REVISIONS {
                return Err(Error::TooLarge {
                    what: Limited::PdfRevisions,
                    size: MAX_PDF_REVISIONS + 1,
                    limit: MAX_PDF_REVISIONS,
                });
            }
            let mut rev = doc.read_section(offset)?;
            total_entries += rev.entries.len();
            Error::at_most(Limited::PdfXrefEntries, total_entries, MAX_PDF_XREF_ENTRIES)?;
            rev.end = revision_end(data, offset)?;
            let prev = match rev.trailer.get(b"Prev").map(|o| &o.value) {
                None => None,
                Some(Value::Int(p)) => {
                    Some(usize::try_from(*p).map_err(|_| bad(PdfProblem::BadXref))?)
                }
                Some(_) => return Err(bad(PdfProblem::BadXref)),
            };
            if rev.trailer.get(b"XRefStm").is_some() {
                return Err(bad(PdfProblem::HybridXref));
            }
            doc.revisions.push(rev);
            match prev {
                None => break,
                // Each /Prev points strictly backwards: a loop cannot be written.
                Some(p) if p < offset => offset = p,
                Some(_) => return Err(bad(PdfProblem::PrevNotBackwards)),
            }
        }
        doc.revisions.reverse();
        // Revisions end in order, and every entry points inside its own revision's bytes.
        let mut last_end = 0;
        for rev in &doc.revisions {
            if rev.end <= last_end || rev.xref_offset < last_end {
                return Err(bad(PdfProblem::PrevNotBackwards));
            }
            last_end = rev.end;
            for (_, e) in &rev.entries {
                if let Entry::At(off, _) = e
                    && *off >= rev.end
                {
                    return Err(bad(PdfProblem::OffsetOutsideRevision));
                }
            }
        }
        if doc.revisions.last().map(|r| r.end) != Some(data.len()) {
            return Err(bad(PdfProblem::DataAfterEof));
        }
        Ok(doc)
    }

    /// Reads the cross-reference section at `offset`: a table (`xref`) or a stream.
    fn read_section(&self, offset: usize) -> Result<Revision, Error> {
        let mut lx = Lexer::new(self.data, offset);
        if lx.peek_word() == b"xref" {
            lx.keyword(b"xref")?;
            let mut entries = Vec::new();
            while lx.peek_word() != b"trailer" {
                let first = u32::try_from(lx.unsigned()?).map_err(|_| bad(PdfProblem::BadXref))?;
                let count =
                    usize::try_from(lx.unsigned()?).map_err(|_| bad(PdfProblem::BadXref))?;
                Error::at_most(
                    Limited::PdfXrefEntries,
                    entries.len() + count,
                    MAX_PDF_XREF_ENTRIES,
                )?;
                lx.skip_white();
                for i in 0..count {
                    // Each entry is exactly 20 bytes: `nnnnnnnnnn ggggg n` and a two-byte EOL.
                    let raw = self
                        .data
                        .get(lx.pos..lx.pos + 20)
                        .ok_or(bad(PdfProblem::Truncated))?;
                    let (off, rest) = raw.split_at(10);
                    let digits = |s: &[u8]| {
                        s.iter()
                            .all(u8::is_ascii_digit)
                            .then(|| s.iter().fold(0usize, |n, d| n * 10 + usize::from(d - b'0')))
                    };
                    let (Some(off), Some(gen_nr), Some(kind), Some(eol)) = (
                        digits(off),
                        rest.get(1..6).and_then(digits),
                        rest.get(7),
                        rest.get(8..10),
                    ) else {
                        return Err(bad(PdfProblem::BadXref));
                    };
                    if rest.first() != Some(&b' ')
                        || rest.get(6) != Some(&b' ')
                        || !matches!(eol, b" \n" | b" \r" | b"\r\n")
                    {
                        return Err(bad(PdfProblem::BadXref));
                    }
                    let num = first
                        .checked_add(u32::try_from(i).map_err(|_| bad(PdfProblem::BadXref))?)
                        .ok_or(bad(PdfProblem::BadXref))?;
                    let gen_nr = u16::try_from(gen_nr).map_err(|_| bad(PdfProblem::BadXref))?;
                    let entry = match kind {
                        b'n' => Entry::At(off, gen_nr),
                        b'f' => Entry::Free,
                        _ => return Err(bad(PdfProblem::BadXref)),
                    };
                    push_entry(&mut entries, num, entry);
                    lx.pos += 20;
                }
            }
            lx.keyword(b"trailer")?;
            let trailer = match lx.object(0)?.value {
                Value::Dict(d) => d,
                _ => return Err(bad(PdfProblem::BadTrailer)),
            };
            return Ok(Revision {
                xref_offset: offset,
                entries: sorted_entries(entries)?,
                trailer,
                end: 0,
            });
        }
        // A cross-reference stream (§7.5.8).
        let num = u32::try_from(lx.unsigned()?).map_err(|_| bad(PdfProblem::BadXref))?;
        let gen_nr = u16::try_from(lx.unsigned()?).map_err(|_| bad(PdfProblem::BadXref))?;
        let mut lx = Lexer::new(self.data, offset);
        lx.object_header(num, gen_nr)?;
        let (dict, data) = self.stream_at(&mut lx)?;
        if dict.name(b"Type") != Some(b"XRef") {
            return Err(bad(PdfProblem::BadXref));
        }
        let decoded = self.decode(&dict, data)?;
        let widths: Vec<usize> = match dict.get(b"W").map(|o| &o.value) {
            Some(Value::Array(w)) if w.len() == 3 => w
                .iter()
                .map(|o| match o.value {
                    // A field wider than 8 bytes cannot hold any offset we accept.
                    Value::Int(n @ 0..=8) => Ok(n as usize),
                    _ => Err(bad(PdfProblem::BadXref)),
                })
                .collect::<Result<_, _>>()?,
            _ => return Err(bad(PdfProblem::BadXref)),
        };
        let size = dict.int(b"Size").ok_or(bad(PdfProblem::BadXref))?;
        let index: Vec<(i64, i64)> = match dict.get(b"Index").map(|o| &o.value) {
            None => vec![(0, size)],
            Some(Value::Array(items)) if items.len() % 2 == 0 => items
                .chunks_exact(2)
                .map(|p| match (&p[0].value, &p[1].value) {
                    (Value::Int(a), Value::Int(b)) => Ok((*a, *b)),
                    _ => Err(bad(PdfProblem::BadXref)),
                })
                .collect::<Result<_, _>>()?,
            _ => return Err(bad(PdfProblem::BadXref)),
        };
        let row: usize = widths.iter().sum();
        if row == 0 {
            return Err(bad(PdfProblem::BadXref));
        }
        let field = |bytes: &[u8]| bytes.iter().fold(0u64, |n, b| n << 8 | u64::from(*b));
        let mut rows = decoded.chunks_exact(row);
        if !decoded.len().is_multiple_of(row) {
            return Err(bad(PdfProblem::BadXref));
        }
        // Every count together first: a huge one is refused before any row is read.
        let declared = index
            .iter()
            .try_fold(0usize, |sum, (_, count)| {
                usize::try_from(*count)
                    .ok()
                    .and_then(|c| sum.checked_add(c))
            })
            .ok_or(bad(PdfProblem::BadXref))?;
        Error::at_most(Limited::PdfXrefEntries, declared, MAX_PDF_XREF_ENTRIES)?;
        let mut entries = Vec::new();
        for (first, count) in index {
            let (Ok(first), Ok(count)) = (u32::try_from(first), usize::try_from(count)) else {
                return Err(bad(PdfProblem::BadXref));
            };
            Error::at_most(
                Limited::PdfXrefEntries,
                entries.len() + count,
                MAX_PDF_XREF_ENTRIES,
            )?;
            for i in 0..count {
                let r = rows.next().ok_or(bad(PdfProblem::BadXref))?;
                let (a, rest) = r.split_at(widths[0]);
                let (b, c) = rest.split_at(widths[1]);
                let kind = if widths[0] == 0 { 1 } else { field(a) };
                let (b, c) = (field(b), field(c));
                let entry = match kind {
                    0 => Entry::Free,
                    1 => Entry::At(
                        usize::try_from(b).map_err(|_| bad(PdfProblem::BadXref))?,
                        u16::try_from(c).map_err(|_| bad(PdfProblem::BadXref))?,
                    ),
                    2 => Entry::InStream(
                        u32::try_from(b).map_err(|_| bad(PdfProblem::BadXref))?,
                        u32::try_from(c).map_err(|_| bad(PdfProblem::BadXref))?,
                    ),
                    _ => return Err(bad(PdfProblem::BadXref)),
                };
                let num = first
                    .checked_add(u32::try_from(i).map_err(|_| bad(PdfProblem::BadXref))?)
                    .ok_or(bad(PdfProblem::BadXref))?;
                push_entry(&mut entries, num, entry);
            }
        }
        if rows.next().is_some() {
            return Err(bad(PdfProblem::BadXref));
        }
        Ok(Revision {
            xref_offset: offset,
            entries: sorted_entries(entries)?,
            trailer: dict,
            end: 0,
        })
    }

    /// After an object header: a stream's dictionary and raw data (direct `/Length` only:
    /// an indirect one would make reading depend on another lookup).
    fn stream_at(&self, lx: &mut Lexer<'a>) -> Result<(Dict, &'a [u8]), Error> {
        let dict = match lx.object(0)?.value {
            Value::Dict(d) => d,
            _ => return Err(bad(PdfProblem::NotAStream)),
        };
        lx.keyword(b"stream")?;
        match self.data.get(lx.pos..lx.pos + 2) {
            Some(b"\r\n") => lx.pos += 2,
            Some([b'\n', _]) => lx.pos += 1,
            _ => return Err(bad(PdfProblem::NotAStream)),
        }
        let len = dict
            .int(b"Length")
            .and_then(|n| usize::try_from(n).ok())
            .ok_or(bad(PdfProblem::BadStreamLength))?;
        let data = self
            .data
            .get(lx.pos..lx.pos.saturating_add(len))
            .ok_or(bad(PdfProblem::BadStreamLength))?;
        lx.pos += len;
        lx.keyword(b"endstream")?;
        Ok((dict, data))
    }

    /// Where object `num` is as revision `rev` sees it: the newest cross-reference entry for
    /// it in the sections up to `rev`, or `None` when none names it.
    pub(crate) fn entry(&self, rev: usize, num: u32) -> Option<Entry> {
        self.revisions
            .get(..=rev)
            .unwrap_or_default()
            .iter()
            .rev()
            .find_map(|r| r.entry(num))
    }

    /// The object `num` as revision `rev` (an index into `revisions`) defines it, or `None`
    /// when no section up to `rev` defines it (or the newest one frees it).
    pub(crate) fn resolve(&self, rev: usize, num: u32) -> Result<Option<Obj>, Error> {
        let entry = self.entry(rev, num);
        match entry {
            None | Some(Entry::Free) => Ok(None),
            Some(Entry::At(off, gen_nr)) => {
                let mut lx = Lexer::new(self.data, off);
                lx.object_header(num, gen_nr)?;
                let obj = lx.object(0)?;
                self.count_parsed(lx.pos.saturating_sub(off))?;
                // A stream object is returned as its dictionary: nothing here reads content
                // streams, and a redefined stream compares by dictionary and offset.
                Ok(Some(obj))
            }
            Some(Entry::InStream(stream, index)) => {
                // An object stream may not itself be compressed (§7.5.7): no loop possible.
                let Some(Entry::At(off, gen_nr)) = self.entry(rev, stream) else {
                    return Err(bad(PdfProblem::BadObjectStream));
                };
                let stm = self.object_stream(stream, off, gen_nr)?;
                let (obj_num, rel) = usize::try_from(index)
                    .ok()
                    .and_then(|i| stm.offsets.get(i))
                    .copied()
                    .ok_or(bad(PdfProblem::BadObjectStream))?;
                if obj_num != u64::from(num) {
                    return Err(bad(PdfProblem::ObjectNumberMismatch));
                }
                let (first, decoded) = (stm.first, &stm.decoded);
                let at = first
                    .checked_add(rel)
                    .ok_or(bad(PdfProblem::BadObjectStream))?;
                let mut lx = Lexer::new(decoded, at);
                let mut obj = lx.object(0)?;
                self.count_parsed(lx.pos.saturating_sub(at))?;
                // Offsets inside a decompressed stream are not file offsets: mark the object
                // as located at its stream, so no gap check can match it.
                obj.start = off;
                obj.end = off;
                if matches!(obj.value, Value::Ref(..)) {
                    return Err(bad(PdfProblem::BadObjectStream));
                }
                Ok(Some(obj))
            }
        }
    }

    /// Object stream `num` at `off`, decoded and its header read once, then kept: resolving
    /// every object of a large stream must not inflate it again for each one.
    fn object_stream(&self, num: u32, off: usize, gen_nr: u16) -> Result<Rc<ObjectStream>, Error> {
        if let Some(stm) = self.object_streams.borrow().get(&off) {
            return Ok(Rc::clone(stm));
        }
        let mut lx = Lexer::new(self.data, off);
        lx.object_header(num, gen_nr)?;
        let (dict, raw) = self.stream_at(&mut lx)?;
        if dict.name(b"Type") != Some(b"ObjStm") {
            return Err(bad(PdfProblem::BadObjectStream));
        }
        // /Extends names another object stream (§7.5.7); never followed here (the
        // cross-reference says where each object is), but one naming itself is malformed.
        match dict.get(b"Extends").map(|o| &o.value) {
            None => {}
            Some(Value::Ref(n, _)) if *n != num => {}
            Some(_) => return Err(bad(PdfProblem::BadObjectStream)),
        }
        let n = dict.int(b"N").and_then(|n| usize::try_from(n).ok());
        let first = dict.int(b"First").and_then(|n| usize::try_from(n).ok());
        let (Some(n), Some(first)) = (n, first) else {
            return Err(bad(PdfProblem::BadObjectStream));
        };
        Error::at_most(Limited::PdfObjects, n, MAX_PDF_OBJECTS)?;
        let decoded = self.decode(&dict, raw)?;
        let mut header = Lexer::new(&decoded, 0);
        let mut offsets = Vec::new();
        for _ in 0..n {
            let obj_num = header.unsigned()?;
            let rel = usize::try_from(header.unsigned()?)
                .map_err(|_| bad(PdfProblem::BadObjectStream))?;
            offsets.push((obj_num, rel));
        }
        let stm = Rc::new(ObjectStream {
            decoded,
            first,
            offsets,
        });
        self.object_streams
            .borrow_mut()
            .insert(off, Rc::clone(&stm));
        Ok(stm)
    }

    /// Counts `n` bytes read by an object lookup against the file's budget
    /// ([`MAX_PDF_PARSE_BASE`] + [`MAX_PDF_PARSE_FACTOR`] × its size): the same large object
    /// named ten thousand times (as every form field, say) must not be read ten thousand times.
    fn count_parsed(&self, n: usize) -> Result<(), Error> {
        let total = self.parsed_total.get().saturating_add(n);
        let limit = MAX_PDF_PARSE_FACTOR
            .saturating_mul(self.data.len())
            .saturating_add(MAX_PDF_PARSE_BASE);
        Error::at_most(Limited::PdfParsed, total, limit)?;
        self.parsed_total.set(total);
        Ok(())
    }

    /// [`decode_stream`], counted against [`MAX_PDF_DECOMPRESSED_TOTAL`]: each stream is capped
    /// on its own, and all of them together are too, so that many small bombs (or one object
    /// stream's objects resolved one by one) cannot add up to unbounded work or memory.
    fn decode(&self, dict: &Dict, raw: &[u8]) -> Result<Vec<u8>, Error> {
        let out = decode_stream(dict, raw)?;
        let total = self.decoded_total.get().saturating_add(out.len());
        Error::at_most(
            Limited::PdfDecompressedTotal,
            total,
            MAX_PDF_DECOMPRESSED_TOTAL,
        )?;
        self.decoded_total.set(total);
        Ok(out)
    }

    /// The dictionary `obj` is, following one reference as revision `rev` defines it.
    pub(crate) fn dict(&self, rev: usize, obj: &Obj) -> Result<Option<Dict>, Error> {
        let value = match &obj.value {
            Value::Ref(n, _) => self.resolve(rev, *n)?.map(|o| o.value),
            v => Some(v.clone()),
        };
        match value {
            Some(Value::Dict(d)) => Ok(Some(d)),
            None | Some(Value::Null) => Ok(None),
            Some(_) => Err(bad(PdfProblem::UnexpectedType)),
        }
    }

    /// The decoded data of the stream `obj` refers to, as revision `rev` defines it (a stream
    /// is always an indirect object, never inside an object stream: §7.5.7).
    pub(crate) fn stream_data(&self, rev: usize, obj: &Obj) -> Result<Vec<u8>, Error> {
        let Value::Ref(num, _) = obj.value else {
            return Err(bad(PdfProblem::NotAStream));
        };
        let entry = self.entry(rev, num);
        let Some(Entry::At(off, gen_nr)) = entry else {
            return Err(bad(PdfProblem::NotAStream));
        };
        let mut lx = Lexer::new(self.data, off);
        lx.object_header(num, gen_nr)?;
        let (dict, raw) = self.stream_at(&mut lx)?;
        self.count_parsed(lx.pos.saturating_sub(off))?;
        // Counted with every other stream decoded from this file: a document security store of
        // a thousand large entries stops at MAX_PDF_DECOMPRESSED_TOTAL, not at memory's end.
        self.decode(&dict, raw)
    }
}

fn push_entry(entries: &mut Vec<(u32, Entry)>, num: u32, entry: Entry) {
    // Object 0 is the head of the free list, not an object.
    if num != 0 {
        entries.push((num, entry));
    }
}

/// Sorts a section's entries by object number (for [`Revision::entry`]'s binary search) and
/// refuses a section naming an object twice, which two readers could resolve differently.
/// Sorting first keeps the duplicate check linear: comparing each new entry with all the
/// earlier ones would be quadratic in [`MAX_PDF_XREF_ENTRIES`].
fn sorted_entries(mut entries: Vec<(u32, Entry)>) -> Result<Vec<(u32, Entry)>, Error> {
    entries.sort_unstable_by_key(|(n, _)| *n);
    if entries
        .windows(2)
        .any(|w| matches!(w, [(a, _), (b, _)] if a == b))
    {
        return Err(bad(PdfProblem::BadXref));
    }
    Ok(entries)
}

/// The `startxref` value whose `%%EOF` starts at `eof`.
fn startxref_before(data: &[u8], eof: usize) -> Result<usize, Error> {
    let window = data.get(eof.saturating_sub(64)..eof).unwrap_or_default();
    let pos = window
        .windows(9)
        .rposition(|w| w == b"startxref")
        .ok_or(bad(PdfProblem::NoStartxref))?;
    let mut lx = Lexer::new(data, eof.saturating_sub(64) + pos + 9);
    let n = usize::try_from(lx.unsigned()?).map_err(|_| bad(PdfProblem::NoStartxref))?;
    // Only an end-of-line between the offset and `%%EOF` (which is itself a comment to the
    // lexer, so its white-space skipping cannot be used here).
    while lx.pos < eof
        && data
            .get(lx.pos)
            .is_some_and(|b| *b == b'\r' || *b == b'\n' || *b == b' ')
    {
        lx.pos += 1;
    }
    if lx.pos != eof {
        return Err(bad(PdfProblem::NoStartxref));
    }
    Ok(n)
}

/// Where the revision whose section starts at `offset` ends: just past the first `%%EOF`
/// after it (and its end-of-line), whose `startxref` must name `offset`.
fn revision_end(data: &[u8], offset: usize) -> Result<usize, Error> {
    let rest = data.get(offset..).unwrap_or_default();
    let at = rest
        .windows(5)
        .position(|w| w == b"%%EOF")
        .ok_or(bad(PdfProblem::NoStartxref))?
        + offset;
    if startxref_before(data, at)? != offset {
        return Err(bad(PdfProblem::NoStartxref));
    }
    let mut end = at + 5;
    match data.get(end..end + 2) {
        Some(b"\r\n") => end += 2,
        _ => {
            if data.get(end).is_some_and(|b| *b == b'\r' || *b == b'\n') {
                end += 1;
            }
        }
    }
    Ok(end)
}

/// Decodes a stream's data: none or `/FlateDecode`, with an optional PNG predictor
/// (§7.4.4.4). Output is capped at [`MAX_PDF_DECOMPRESSED`]: a decompression bomb stops there.
pub(crate) fn decode_stream(dict: &Dict, raw: &[u8]) -> Result<Vec<u8>, Error> {
    let filter = match dict.get(b"Filter").map(|o| &o.value) {
        None => return Ok(raw.to_vec()),
        Some(Value::Name(n)) => n.as_slice(),
        Some(Value::Array(a)) if a.len() == 1 => match a.first().map(|o| &o.value) {
            Some(Value::Name(n)) => n.as_slice(),
            _ => return Err(bad(PdfProblem::UnsupportedFilter)),
        },
        Some(_) => return Err(bad(PdfProblem::UnsupportedFilter)),
    };
    if filter != b"FlateDecode" {
        return Err(bad(PdfProblem::UnsupportedFilter));
    }
    let inflated =
        miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(raw, MAX_PDF_DECOMPRESSED)
            .map_err(|e| match e.status {
                miniz_oxide::inflate::TINFLStatus::HasMoreOutput => Error::TooLarge {
                    what: Limited::PdfDecompressed,
                    size: MAX_PDF_DECOMPRESSED + 1,
                    limit: MAX_PDF_DECOMPRESSED,
                },
                _ => bad(PdfProblem::BadFlate),
            })?;
    let params = match dict.get(b"DecodeParms").map(|o| &o.value) {
        None | Some(Value::Null) => return Ok(inflated),
        Some(Value::Dict(d)) => d.clone(),
        Some(_) => return Err(bad(PdfProblem::UnsupportedFilter)),
    };
    match params.int(b"Predictor").unwrap_or(1) {
        1 => Ok(inflated),
        10..=15 => {
            let columns = params
                .int(b"Columns")
                .unwrap_or(1)
                .try_into()
                .ok()
                .filter(|c: &usize| (1..=64).contains(c))
                .ok_or(bad(PdfProblem::UnsupportedFilter))?;
            if params.int(b"Colors").unwrap_or(1) != 1
                || params.int(b"BitsPerComponent").unwrap_or(8) != 8
            {
                return Err(bad(PdfProblem::UnsupportedFilter));
            }
            png_unpredict(&inflated, columns)
        }
        _ => Err(bad(PdfProblem::UnsupportedFilter)),
    }
}

/// Undoes PNG row prediction with one byte per pixel.
fn png_unpredict(data: &[u8], columns: usize) -> Result<Vec<u8>, Error> {
    if !data.len().is_multiple_of(columns + 1) {
        return Err(bad(PdfProblem::BadFlate));
    }
    let mut out: Vec<u8> = Vec::with_capacity(data.len());
    let mut prev = vec![0u8; columns];
    for row in data.chunks_exact(columns + 1) {
        let (kind, bytes) = row.split_at(1);
        let mut cur = vec![0u8; columns];
        for i in 0..columns {
            let x = bytes[i];
            let a = if i > 0 { cur[i - 1] } else { 0 };
            let b = prev[i];
            let c = if i > 0 { prev[i - 1] } else { 0 };
            cur[i] = match kind.first() {
                Some(0) => x,
                Some(1) => x.wrapping_add(a),
                Some(2) => x.wrapping_add(b),
                Some(3) => x.wrapping_add(((u16::from(a) + u16::from(b)) / 2) as u8),
                Some(4) => {
                    let p = i16::from(a) + i16::from(b) - i16::from(c);
                    let (pa, pb, pc) = (
                        (p - i16::from(a)).abs(),
                        (p - i16::from(b)).abs(),
                        (p - i16::from(c)).abs(),
                    );
                    x.wrapping_add(if pa <= pb && pa <= pc {
                        a
                    } else if pb <= pc {
                        b
                    } else {
                        c
                    })
                }
                _ => return Err(bad(PdfProblem::BadFlate)),
            };
        }
        out.extend_from_slice(&cur);
        prev = cur;
    }
    Ok(out)
}

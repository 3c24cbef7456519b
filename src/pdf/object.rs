//! PDF objects (ISO 32000-1 §7.3) read strictly from bytes, each keeping its byte offset: the
//! signature checks compare offsets (a `/Contents` string must sit exactly in the ByteRange
//! gap), and the revision checks compare objects.

use super::MAX_PDF_NESTING;
use crate::{Error, Limited, PdfProblem};

/// A PDF object and where it starts and ends in the file.
#[derive(Clone, Debug)]
pub(crate) struct Obj {
    /// Offset of its first byte.
    pub(crate) start: usize,
    /// Offset just past its last byte.
    pub(crate) end: usize,
    pub(crate) value: Value,
}

/// The value of a PDF object. Reals are kept as their text: nothing here computes with them.
#[derive(Clone, Debug)]
pub(crate) enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Real(Vec<u8>),
    Name(Vec<u8>),
    /// A literal string, escapes decoded.
    Literal(Vec<u8>),
    /// A hexadecimal string as written (between `<` and `>`), not decoded: signature
    /// `/Contents` is checked for hex-only digits by the caller.
    Hex(Vec<u8>),
    Array(Vec<Obj>),
    Dict(Dict),
    Ref(u32, u16),
}

/// A dictionary: keys in file order, each at most once.
#[derive(Clone, Debug, Default)]
pub(crate) struct Dict(pub(crate) Vec<(Vec<u8>, Obj)>);

impl Dict {
    pub(crate) fn get(&self, key: &[u8]) -> Option<&Obj> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
    pub(crate) fn name(&self, key: &[u8]) -> Option<&[u8]> {
        match self.get(key).map(|o| &o.value) {
            Some(Value::Name(n)) => Some(n),
            _ => None,
        }
    }
    pub(crate) fn int(&self, key: &[u8]) -> Option<i64> {
        match self.get(key).map(|o| &o.value) {
            Some(Value::Int(n)) => Some(*n),
            _ => None,
        }
    }
}

impl Value {
    /// Structural equality, offsets ignored: what "the same object" means when a later
    /// revision redefines one.
    pub(crate) fn same(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Null, Value::Null) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Real(a), Value::Real(b))
            | (Value::Name(a), Value::Name(b))
            | (Value::Literal(a), Value::Literal(b))
            | (Value::Hex(a), Value::Hex(b)) => a == b,
            (Value::Ref(a, g), Value::Ref(b, h)) => a == b && g == h,
            (Value::Array(a), Value::Array(b)) => {
                a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.value.same(&y.value))
            }
            (Value::Dict(a), Value::Dict(b)) => dict_same_except(a, b, &[]),
            _ => false,
        }
    }
}

/// Whether two dictionaries have the same entries, leaving out the keys in `except`.
pub(crate) fn dict_same_except(a: &Dict, b: &Dict, except: &[&[u8]]) -> bool {
    let kept = |d: &Dict| {
        d.0.iter()
            .filter(|(k, _)| !except.contains(&k.as_slice()))
            .count()
    };
    kept(a) == kept(b)
        && a.0
            .iter()
            .filter(|(k, _)| !except.contains(&k.as_slice()))
            .all(|(k, v)| b.get(k).is_some_and(|w| v.value.same(&w.value)))
}

/// PDF white-space characters (§7.2.2).
pub(crate) fn is_white(b: u8) -> bool {
    matches!(b, 0 | b'\t' | b'\n' | 0x0c | b'\r' | b' ')
}

fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(b: u8) -> bool {
    !is_white(b) && !is_delim(b)
}

fn bad(problem: PdfProblem) -> Error {
    Error::BadPdf(problem)
}

/// A cursor over the file's bytes.
pub(crate) struct Lexer<'a> {
    pub(crate) data: &'a [u8],
    pub(crate) pos: usize,
}

impl<'a> Lexer<'a> {
    pub(crate) fn new(data: &'a [u8], pos: usize) -> Self {
        Self { data, pos }
    }

    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    /// Skips white space and comments.
    pub(crate) fn skip_white(&mut self) {
        while let Some(b) = self.peek() {
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(c) = self.peek() {
                    if c == b'\r' || c == b'\n' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// The next run of regular characters (a number or keyword), without consuming it.
    pub(crate) fn peek_word(&mut self) -> &'a [u8] {
        self.skip_white();
        let start = self.pos;
        let mut end = start;
        while self.data.get(end).is_some_and(|b| is_regular(*b)) {
            end += 1;
        }
        self.data.get(start..end).unwrap_or_default()
    }

    /// Consumes the keyword `word` or fails.
    pub(crate) fn keyword(&mut self, word: &[u8]) -> Result<(), Error> {
        if self.peek_word() != word {
            return Err(bad(PdfProblem::UnexpectedToken));
        }
        self.pos += word.len();
        Ok(())
    }

    /// A non-negative integer token.
    pub(crate) fn unsigned(&mut self) -> Result<u64, Error> {
        let w = self.peek_word();
        if w.is_empty() || w.len() > 19 || !w.iter().all(u8::is_ascii_digit) {
            return Err(bad(PdfProblem::UnexpectedToken));
        }
        self.pos += w.len();
        Ok(w.iter().fold(0u64, |n, d| n * 10 + u64::from(d - b'0')))
    }

    /// An indirect object header `N G obj`, checked against the number the xref gave.
    pub(crate) fn object_header(&mut self, num: u32, gen_nr: u16) -> Result<(), Error> {
        let n = self.unsigned()?;
        let g = self.unsigned()?;
        if n != u64::from(num) || g != u64::from(gen_nr) {
            return Err(bad(PdfProblem::ObjectNumberMismatch));
        }
        self.keyword(b"obj")
    }

    /// One object; `N G R` references are recognised.
    pub(crate) fn object(&mut self, depth: usize) -> Result<Obj, Error> {
        if depth > MAX_PDF_NESTING {
            return Err(Error::TooLarge {
                what: Limited::PdfNesting,
                size: depth,
                limit: MAX_PDF_NESTING,
            });
        }
        self.skip_white();
        let start = self.pos;
        let b = self.peek().ok_or(bad(PdfProblem::Truncated))?;
        let value = match b {
            b'/' => {
                self.pos += 1;
                Value::Name(self.name()?)
            }
            b'(' => Value::Literal(self.literal()?),
            b'<' if self.data.get(self.pos + 1) == Some(&b'<') => {
                self.pos += 2;
                Value::Dict(self.dict_body(depth)?)
            }
            b'<' => {
                self.pos += 1;
                let s = self.pos;
                while self.peek().is_some_and(|c| c != b'>') {
                    self.pos += 1;
                }
                let body = self.data.get(s..self.pos).unwrap_or_default().to_vec();
                if self.peek() != Some(b'>') {
                    return Err(bad(PdfProblem::Truncated));
                }
                self.pos += 1;
                Value::Hex(body)
            }
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_white();
                    match self.peek() {
                        Some(b']') => {
                            self.pos += 1;
                            break;
                        }
                        None => return Err(bad(PdfProblem::Truncated)),
                        _ => items.push(self.object(depth + 1)?),
                    }
                }
                Value::Array(items)
            }
            _ => self.word_value()?,
        };
        Ok(Obj {
            start,
            end: self.pos,
            value,
        })
    }

    fn word_value(&mut self) -> Result<Value, Error> {
        let w = self.peek_word();
        match w {
            b"null" => {
                self.pos += 4;
                return Ok(Value::Null);
            }
            b"true" => {
                self.pos += 4;
                return Ok(Value::Bool(true));
            }
            b"false" => {
                self.pos += 5;
                return Ok(Value::Bool(false));
            }
            _ => {}
        }
        let digits = w.strip_prefix(b"-").or(w.strip_prefix(b"+")).unwrap_or(w);
        if digits.is_empty() || w.len() > 19 {
            return Err(bad(PdfProblem::UnexpectedToken));
        }
        if digits.iter().all(u8::is_ascii_digit) {
            self.pos += w.len();
            let n = digits
                .iter()
                .fold(0i64, |n, d| n * 10 + i64::from(d - b'0'));
            let n = if w.first() == Some(&b'-') { -n } else { n };
            // `N G R`: a reference, when two integers and `R` follow.
            if !w.starts_with(b"-") && !w.starts_with(b"+") {
                let save = self.pos;
                if let Ok(g) = self.unsigned()
                    && self.peek_word() == b"R"
                {
                    self.pos += 1;
                    let num = u32::try_from(n).map_err(|_| bad(PdfProblem::BadReference))?;
                    let g = u16::try_from(g).map_err(|_| bad(PdfProblem::BadReference))?;
                    return Ok(Value::Ref(num, g));
                }
                self.pos = save;
            }
            return Ok(Value::Int(n));
        }
        let dots = digits.iter().filter(|c| **c == b'.').count();
        if dots == 1 && digits.iter().all(|c| c.is_ascii_digit() || *c == b'.') {
            self.pos += w.len();
            return Ok(Value::Real(w.to_vec()));
        }
        Err(bad(PdfProblem::UnexpectedToken))
    }

    fn name(&mut self) -> Result<Vec<u8>, Error> {
        let mut out = Vec::new();
        while let Some(b) = self.peek().filter(|b| is_regular(*b)) {
            self.pos += 1;
            if b == b'#' {
                let hi = self.peek().and_then(hex_value);
                let lo = self.data.get(self.pos + 1).copied().and_then(hex_value);
                let (Some(hi), Some(lo)) = (hi, lo) else {
                    return Err(bad(PdfProblem::UnexpectedToken));
                };
                self.pos += 2;
                out.push(hi << 4 | lo);
            } else {
                out.push(b);
            }
        }
        Ok(out)
    }

    fn literal(&mut self) -> Result<Vec<u8>, Error> {
        self.pos += 1;
        let mut out = Vec::new();
        let mut depth = 1usize;
        loop {
            let b = self.peek().ok_or(bad(PdfProblem::Truncated))?;
            self.pos += 1;
            match b {
                b'(' => {
                    depth += 1;
                    out.push(b);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(out);
                    }
                    out.push(b);
                }
                b'\\' => {
                    let e = self.peek().ok_or(bad(PdfProblem::Truncated))?;
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'\r' => {
                            if self.peek() == Some(b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.peek() {
                                    Some(d @ b'0'..=b'7') => {
                                        self.pos += 1;
                                        v = v * 8 + u32::from(d - b'0');
                                    }
                                    _ => break,
                                }
                            }
                            out.push((v & 0xff) as u8);
                        }
                        other => out.push(other),
                    }
                }
                _ => out.push(b),
            }
        }
    }

    fn dict_body(&mut self, depth: usize) -> Result<Dict, Error> {
        let mut dict = Dict::default();
        loop {
            self.skip_white();
            match self.peek() {
                Some(b'>') if self.data.get(self.pos + 1) == Some(&b'>') => {
                    self.pos += 2;
                    return Ok(dict);
                }
                Some(b'/') => {
                    self.pos += 1;
                    let key = self.name()?;
                    let value = self.object(depth + 1)?;
                    if dict.get(&key).is_some() {
                        return Err(bad(PdfProblem::DuplicateKey));
                    }
                    dict.0.push((key, value));
                }
                None => return Err(bad(PdfProblem::Truncated)),
                _ => return Err(bad(PdfProblem::UnexpectedToken)),
            }
        }
    }
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Decodes hex digits strictly: digits only, even count (a signature's `/Contents`).
pub(crate) fn decode_hex_strict(body: &[u8]) -> Option<Vec<u8>> {
    if !body.len().is_multiple_of(2) {
        return None;
    }
    body.chunks_exact(2)
        .map(|p| match p {
            [h, l] => Some(hex_value(*h)? << 4 | hex_value(*l)?),
            _ => None,
        })
        .collect()
}

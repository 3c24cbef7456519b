//! Building an index partition from a verified CRL: entries decoded (on every core for large
//! CRLs), sorted and merged.

use super::CrlReason;
use super::crl::{Crl, decode_entry};
use super::table::{Entries, NO_REASON, Table, narrow, widen};
use crate::der_reader::Reader;
use crate::{CrlFeature, Error, Limited, ValidityProblem};

/// Serials of a run of entries: `u128` while every serial fits in 16 octets.
enum Rows {
    Narrow(Vec<(u128, u32, u8)>),
    Wide(Vec<([u8; 20], u32, u8)>),
}

impl Rows {
    fn into_wide(self) -> Vec<([u8; 20], u32, u8)> {
        match self {
            Self::Wide(rows) => rows,
            Self::Narrow(rows) => rows.into_iter().map(|(k, w, r)| (widen(k), w, r)).collect(),
        }
    }
}

/// CRLs smaller than this are decoded on the calling thread.
pub(super) const PARALLEL_THRESHOLD_BYTES: usize = 4 << 20;

impl Rows {
    fn len(&self) -> usize {
        match self {
            Self::Narrow(v) => v.len(),
            Self::Wide(v) => v.len(),
        }
    }
}

/// Padded serials whose invalidityDate is earlier than their revocationDate, with that date.
pub(super) type Invalidity = Vec<([u8; 20], u32)>;

fn seconds(t: crate::UnixTime) -> Result<u32, Error> {
    u32::try_from(t.as_unix_seconds())
        .map_err(|_| Error::BadValidity(ValidityProblem::RevocationDateAfter2106))
}

/// Decodes a run of entries (whole TLVs) into rows sorted by serial, then revocation time.
fn decode_rows(bytes: &[u8]) -> Result<(Rows, Invalidity), Error> {
    let mut reader = Reader::new(bytes);
    let mut rows = Rows::Narrow(Vec::with_capacity(bytes.len() / 32));
    let mut invalidity = Vec::new();
    while !reader.at_end() {
        let e = decode_entry(&mut reader)?;
        // removeFromCRL (delta CRLs) would release a hold; JPKI never releases a revocation,
        // so such an entry is evidence of nothing: it neither revokes nor un-revokes.
        if e.reason == Some(CrlReason::RemoveFromCrl) {
            continue;
        }
        let when = seconds(e.revoked_at)?;
        if let Some(i) = e.invalidity_date
            && i < e.revoked_at
        {
            invalidity.push((e.serial.padded(), seconds(i)?));
        }
        let reason = e.reason.map_or(NO_REASON, CrlReason::code);
        match (&mut rows, narrow(&e.serial)) {
            (Rows::Narrow(v), Some(k)) => v.push((k, when, reason)),
            (Rows::Narrow(v), None) => {
                let mut wide: Vec<_> = v.drain(..).map(|(k, w, r)| (widen(k), w, r)).collect();
                wide.push((e.serial.padded(), when, reason));
                rows = Rows::Wide(wide);
            }
            (Rows::Wide(v), _) => v.push((e.serial.padded(), when, reason)),
        }
    }
    match &mut rows {
        Rows::Narrow(v) => v.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1))),
        Rows::Wide(v) => v.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1))),
    }
    Ok((rows, invalidity))
}

/// Merges sorted runs into one sorted run.
fn merge<K: Ord + Copy>(runs: Vec<Vec<(K, u32, u8)>>) -> Vec<(K, u32, u8)> {
    let mut runs = runs.into_iter();
    let Some(mut acc) = runs.next() else {
        return Vec::new();
    };
    for run in runs {
        let mut out = Vec::with_capacity(acc.len() + run.len());
        let (mut a, mut b) = (acc.into_iter().peekable(), run.into_iter().peekable());
        loop {
            let take_a = match (a.peek(), b.peek()) {
                (Some(x), Some(y)) => (x.0, x.1) <= (y.0, y.1),
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => break,
            };
            out.extend(if take_a { a.next() } else { b.next() });
        }
        acc = out;
    }
    acc
}

/// Byte ranges that split the entry list into about `parts` runs of whole entries.
fn split_points(raw: &[u8], parts: usize) -> Result<Vec<usize>, Error> {
    let step = raw.len() / parts.max(1);
    let mut reader = Reader::new(raw);
    let mut points = vec![0usize];
    while !reader.at_end() {
        let pos = reader.position();
        if points.len() < parts && pos >= points.len() * step {
            points.push(pos);
        }
        reader
            .read()
            .map_err(Error::der_at(crate::DerContext::CrlEntries))?;
    }
    points.push(raw.len());
    Ok(points)
}

/// Decodes the entries of a verified CRL into a table: on every core for large CRLs (each
/// thread decodes and sorts a run of whole entries; the runs are then merged). Entries with an
/// invalidityDate before their revocationDate are also returned beside the table.
pub(super) fn build_entries(
    crl: &Crl<'_>,
    max_entries: usize,
) -> Result<(Entries, Invalidity), Error> {
    let raw = crl.raw_entries();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    let runs: Vec<(Rows, Invalidity)> = if threads < 2 || raw.len() < PARALLEL_THRESHOLD_BYTES {
        vec![decode_rows(raw)?]
    } else {
        let points = split_points(raw, threads)?;
        let chunks: Vec<&[u8]> = points
            .windows(2)
            .filter_map(|w| raw.get(*w.first()?..*w.get(1)?))
            .collect();
        std::thread::scope(|scope| {
            let handles: Vec<_> = chunks
                .iter()
                .map(|c| scope.spawn(move || decode_rows(c)))
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or(Err(Error::UnsupportedCrl(CrlFeature::EntryDecodingFailed)))
                })
                .collect::<Result<Vec<_>, Error>>()
        })?
    };
    // Decoding holds at most about the CRL's own size in rows: the limit is checked before the
    // runs are merged into the index.
    let total: usize = runs.iter().map(|(r, _)| r.len()).sum();
    Error::at_most(Limited::CrlEntries, total, max_entries)?;
    let (runs, invalidity): (Vec<Rows>, Vec<Invalidity>) = runs.into_iter().unzip();
    let invalidity = invalidity.into_iter().flatten().collect();
    if runs.iter().any(|r| matches!(r, Rows::Wide(_))) {
        let rows = merge(runs.into_iter().map(Rows::into_wide).collect());
        Ok((Entries::Wide(Table::from_sorted_rows(rows)), invalidity))
    } else {
        let rows = merge(
            runs.into_iter()
                .map(|r| match r {
                    Rows::Narrow(v) => v,
                    Rows::Wide(_) => Vec::new(),
                })
                .collect(),
        );
        Ok((Entries::Narrow(Table::from_sorted_rows(rows)), invalidity))
    }
}

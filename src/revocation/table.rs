//! The compact table of one CRL's revoked serials (three parallel sorted arrays with a fence
//! array for lookups), the serial key forms, and the unkeyed hash the index's maps use. The
//! lowest layer of the revocation index: `build` fills tables, `index` keeps and queries them.

use crate::SerialNumber;

/// No reason code in the CRL entry.
pub(super) const NO_REASON: u8 = 0xff;

/// Serials per fence block: a lookup binary-searches the fences (small enough to stay in
/// cache), then one block of 64 serials.
const BLOCK: usize = 64;

/// Sorted parallel arrays of one partition, with every 64th serial copied into `fences`.
#[derive(Clone, Debug, Default)]
pub(super) struct Table<K> {
    serials: Vec<K>,
    revoked_at: Vec<u32>,
    reasons: Vec<u8>,
    fences: Vec<K>,
}

impl<K: Ord + Copy> Table<K> {
    /// From rows sorted by (serial, time): merges duplicate serials (keeping the earliest
    /// revocation) and splits into the parallel arrays.
    pub(super) fn from_sorted_rows(mut rows: Vec<(K, u32, u8)>) -> Self {
        rows.dedup_by(|later, first| later.0 == first.0);
        let mut t = Self {
            serials: Vec::with_capacity(rows.len()),
            revoked_at: Vec::with_capacity(rows.len()),
            reasons: Vec::with_capacity(rows.len()),
            fences: Vec::with_capacity(rows.len() / BLOCK + 1),
        };
        for (k, at, reason) in rows {
            t.serials.push(k);
            t.revoked_at.push(at);
            t.reasons.push(reason);
        }
        t.fences = t.serials.iter().step_by(BLOCK).copied().collect();
        t
    }

    pub(super) fn rows(&self) -> impl Iterator<Item = (&K, u32, u8)> {
        self.serials
            .iter()
            .zip(&self.revoked_at)
            .zip(&self.reasons)
            .map(|((k, at), r)| (k, *at, *r))
    }

    pub(super) fn find(&self, key: &K) -> Option<(u32, u8)> {
        let block = self.fences.partition_point(|f| f <= key).checked_sub(1)?;
        let start = block * BLOCK;
        let end = (start + BLOCK).min(self.serials.len());
        let i = start + self.serials.get(start..end)?.binary_search(key).ok()?;
        Some((*self.revoked_at.get(i)?, *self.reasons.get(i)?))
    }

    pub(super) fn bytes(&self) -> usize {
        self.serials.capacity() * size_of::<K>()
            + self.revoked_at.capacity() * 4
            + self.reasons.capacity()
    }
}

#[derive(Clone, Debug)]
pub(super) enum Entries {
    Narrow(Table<u128>),
    Wide(Table<[u8; 20]>),
}

pub(super) fn narrow(serial: &SerialNumber) -> Option<u128> {
    let bytes = serial.as_bytes();
    if bytes.len() > 16 {
        return None;
    }
    let mut buf = [0u8; 16];
    buf.get_mut(16 - bytes.len()..)?.copy_from_slice(bytes);
    Some(u128::from_be_bytes(buf))
}

/// A padded serial as a `u128`, when its first four octets are zero.
pub(super) fn narrow_key(k: &[u8; 20]) -> Option<u128> {
    let (head, tail) = k.split_first_chunk::<4>()?;
    let tail: [u8; 16] = tail.try_into().ok()?;
    (head == &[0; 4]).then_some(u128::from_be_bytes(tail))
}

impl Entries {
    pub(super) fn len(&self) -> usize {
        match self {
            Self::Narrow(t) => t.serials.len(),
            Self::Wide(t) => t.serials.len(),
        }
    }

    pub(super) fn find(&self, serial: &SerialNumber) -> Option<(u32, u8)> {
        match self {
            Self::Narrow(t) => narrow(serial).and_then(|k| t.find(&k)),
            Self::Wide(t) => t.find(&serial.padded()),
        }
    }

    pub(super) fn bytes(&self) -> usize {
        match self {
            Self::Narrow(t) => t.bytes(),
            Self::Wide(t) => t.bytes(),
        }
    }

    /// Every row with its serial as 20 big-endian octets (the padded form).
    pub(super) fn padded_rows(&self) -> Box<dyn Iterator<Item = ([u8; 20], u32, u8)> + '_> {
        match self {
            Self::Narrow(t) => Box::new(t.rows().map(|(k, at, r)| (widen(*k), at, r))),
            Self::Wide(t) => Box::new(t.rows().map(|(k, at, r)| (*k, at, r))),
        }
    }

    pub(super) fn find_padded(&self, key: &[u8; 20]) -> Option<(u32, u8)> {
        match self {
            Self::Narrow(t) => t.find(&narrow_key(key)?),
            Self::Wide(t) => t.find(key),
        }
    }
}

/// A `u128` serial as 20 big-endian octets.
pub(super) fn widen(k: u128) -> [u8; 20] {
    let mut b = [0u8; 20];
    if let Some(tail) = b.get_mut(4..) {
        tail.copy_from_slice(&k.to_be_bytes());
    }
    b
}

/// `a` with the earlier `(time, reason)` kept.
pub(super) fn keep_earliest(slot: &mut (u32, u8), new: (u32, u8)) {
    if new.0 < slot.0 {
        *slot = new;
    }
}

/// A hasher for serial numbers, which carry no attacker-chosen structure worth a keyed hash here:
/// the table is built from a verified CRL and probed with the service's own records.
#[derive(Clone, Copy, Default)]
pub(super) struct FoldHash;

/// The state of [`FoldHash`]: folds the bytes with a multiply-xorshift.
#[derive(Default)]
pub(super) struct FoldHasher(u64);

impl std::hash::BuildHasher for FoldHash {
    type Hasher = FoldHasher;
    fn build_hasher(&self) -> FoldHasher {
        FoldHasher(0x9e37_79b9_7f4a_7c15)
    }
}

impl std::hash::Hasher for FoldHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut b = [0u8; 8];
            b.iter_mut().zip(chunk).for_each(|(d, s)| *d = *s);
            self.0 = (self.0 ^ u64::from_le_bytes(b)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            self.0 ^= self.0 >> 31;
        }
    }

    fn write_u128(&mut self, n: u128) {
        let folded = (n as u64) ^ ((n >> 64) as u64).rotate_left(32);
        self.0 = (self.0 ^ folded).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        self.0 ^= self.0 >> 31;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl core::fmt::Debug for FoldHash {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("FoldHash")
    }
}

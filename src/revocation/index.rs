//! A compact, shareable index of the revoked serials of one issuer, merged from many CRL
//! partitions (JPKI: one CRL per municipality), each replaced when a newer CRL arrives.
//!
//! Layout: per partition, three parallel arrays sorted by serial — the serial (a `u128` when
//! every serial of the partition fits in 16 octets, else 20 octets), the revocation time (`u32`
//! seconds since the epoch) and the reason code (`u8`): 21 or 25 bytes per entry, no object per
//! entry. Lookups binary-search a small fence array (every 64th serial), then one block.

use std::collections::HashMap;

use super::build::build_entries;
use super::crl::Crl;
use super::table::{Entries, FoldHash, keep_earliest, narrow, narrow_key};
use super::{CrlReason, RevocationStatus, UnknownReason};
use crate::{Certificate, Error, PublicKey, SerialNumber, UnixTime};

/// One CRL's worth of revocations.
#[derive(Clone, Debug)]
struct Partition {
    crl_number: Option<Vec<u8>>,
    this_update: UnixTime,
    next_update: UnixTime,
    only_user_certs: bool,
    only_ca_certs: bool,
    entries: Entries,
}

impl Partition {
    /// Whether the CRL's scope (issuingDistributionPoint) includes certificates of this kind.
    fn covers(&self, is_ca: bool) -> bool {
        if is_ca {
            !self.only_user_certs
        } else {
            !self.only_ca_certs
        }
    }
}

/// Revocations of one issuing CA, from verified CRLs.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{CrlReason, RevocationIndex, RevocationStatus, UnixTime};
/// use jpki_core::testkit::{CrlSpec, HolderSpec, TestCa};
/// let ca = TestCa::new(3);
/// let pair = ca.issue_pair(&HolderSpec::example());
/// let moved = UnixTime::parse_rfc3339("2027-03-01T10:00:00+09:00")?;
/// let crl = ca.issue_crl(&CrlSpec::signing(moved).revoke(pair.signing.serial, moved, Some(CrlReason::AffiliationChanged)));
///
/// let mut index = RevocationIndex::new(ca.signing_root().certificate())?;
/// index.insert_der(&crl)?;
/// let cert = pair.signing.certificate();
/// let before = UnixTime::parse_rfc3339("2027-02-01T00:00:00Z")?;
/// assert_eq!(index.status(&cert, before), RevocationStatus::Good);
/// assert!(matches!(index.status(&cert, moved.plus_seconds(60)), RevocationStatus::Revoked { .. }));
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct RevocationIndex {
    issuer: Certificate,
    key: PublicKey,
    /// Complete CRLs, one per scope (the issuingDistributionPoint's name; empty: a full CRL).
    partitions: HashMap<Vec<u8>, Partition, FoldHash>,
    /// Delta CRLs per scope: evidence of revocation only, never of a good status.
    deltas: HashMap<Vec<u8>, Partition, FoldHash>,
    /// Entries that a newer CRL of their scope no longer lists (CAs drop expired certificates):
    /// JPKI never releases a revocation, so they stay evidence. Keyed by the padded serial.
    retained: HashMap<[u8; 20], (u32, u8), FoldHash>,
    /// invalidityDate of entries whose invalidityDate is before their revocationDate.
    invalidity: HashMap<[u8; 20], u32, FoldHash>,
    grace_seconds: u64,
    max_entries: usize,
}

/// The most entries one CRL may bring into a [`RevocationIndex`] unless
/// [`RevocationIndex::with_max_entries`] says otherwise (about 450 MB of index).
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{DEFAULT_MAX_CRL_ENTRIES, RevocationIndex, testkit::TestCa};
/// let ca = TestCa::new(1);
/// // The default suits JPKI; lower it where memory is tight.
/// let index = RevocationIndex::new(ca.signing_root().certificate())?
///     .with_max_entries(DEFAULT_MAX_CRL_ENTRIES / 10);
/// assert!(index.is_empty());
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
pub const DEFAULT_MAX_CRL_ENTRIES: usize = 20_000_000;

/// The revoked serials of an index as a hash table (see [`RevocationIndex::revoked_serials`]).
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{CrlReason, RevocationIndex, UnixTime, testkit::{CrlSpec, HolderSpec, TestCa}};
/// let ca = TestCa::new(1);
/// let leaf = ca.issue_signing(&HolderSpec::example());
/// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
/// let mut index = RevocationIndex::new(ca.signing_root().certificate())?;
/// index.insert_der(&ca.issue_crl(&CrlSpec::signing(d).revoke(leaf.serial, d, Some(CrlReason::Superseded))))?;
/// let serials = index.revoked_serials();
/// assert!(serials.revocation_of(leaf.serial, d.plus_seconds(1)).is_some());
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct RevokedSerials {
    narrow: HashMap<u128, (u32, u8), FoldHash>,
    wide: HashMap<[u8; 20], (u32, u8), FoldHash>,
}

impl RevokedSerials {
    /// The earliest revocation of `serial` in force at `t`, if any: when it took effect (the
    /// earlier of revocationDate and invalidityDate) and the reason.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{CrlReason, RevocationIndex, SerialNumber, UnixTime, testkit::{CrlSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let serial = SerialNumber::from_u64(9)?;
    /// let mut index = RevocationIndex::new(ca.signing_root().certificate())?;
    /// index.insert_der(&ca.issue_crl(&CrlSpec::signing(d).revoke(serial, d, Some(CrlReason::Superseded))))?;
    /// let table = index.revoked_serials();
    /// assert_eq!(table.revocation_of(serial, d), Some((d, Some(CrlReason::Superseded))));
    /// assert_eq!(table.revocation_of(serial, d.minus_seconds(1)), None); // not yet revoked
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn revocation_of(
        &self,
        serial: SerialNumber,
        t: UnixTime,
    ) -> Option<(UnixTime, Option<CrlReason>)> {
        let hit = match narrow(&serial) {
            Some(k) => self.narrow.get(&k),
            None => self.wide.get(&serial.padded()),
        }?;
        (u64::from(hit.0) <= t.as_unix_seconds()).then(|| {
            (
                UnixTime::from_unix_seconds(u64::from(hit.0)),
                CrlReason::from_code(hit.1),
            )
        })
    }
}

/// Compares two cRLNumbers (big-endian magnitudes, minimal).
fn newer(new: Option<&[u8]>, new_this: UnixTime, old: &Partition) -> bool {
    match (new, old.crl_number.as_deref()) {
        (Some(n), Some(o)) => {
            let strip = |b: &[u8]| b.iter().position(|&x| x != 0).map_or(0, |i| b.len() - i);
            let (ln, lo) = (strip(n), strip(o));
            ln > lo || (ln == lo && n.get(n.len() - ln..) > o.get(o.len() - lo..))
        }
        _ => new_this > old.this_update,
    }
}

impl RevocationIndex {
    /// An empty index for CRLs issued by `issuer` (its key is parsed now).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{RevocationIndex, RevocationStatus, UnixTime, UnknownReason, testkit::{HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let index = RevocationIndex::new(ca.signing_root().certificate())?;
    /// let leaf = ca.issue_signing(&HolderSpec::example()).certificate();
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// // With no CRL loaded the answer is never "good".
    /// assert_eq!(index.status(&leaf, at), RevocationStatus::Unknown(UnknownReason::NoDataForIssuer));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn new(issuer: Certificate) -> Result<Self, Error> {
        let key = PublicKey::from_spki_der(issuer.spki_der())?;
        Ok(Self {
            issuer,
            key,
            // Keys come from verified CRLs (signed by the CA), so a fast unkeyed hash is safe.
            partitions: HashMap::with_hasher(FoldHash),
            deltas: HashMap::with_hasher(FoldHash),
            retained: HashMap::with_hasher(FoldHash),
            invalidity: HashMap::with_hasher(FoldHash),
            grace_seconds: 0,
            max_entries: DEFAULT_MAX_CRL_ENTRIES,
        })
    }

    /// Sets the most entries one CRL may hold (default [`DEFAULT_MAX_CRL_ENTRIES`]); a CRL
    /// with more is refused with [`Error::TooLarge`] and the index is left as it was.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Error, RevocationIndex, SerialNumber, UnixTime, testkit::{CrlSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let mut spec = CrlSpec::signing(d);
    /// for n in 1..=3 {
    ///     spec = spec.revoke(SerialNumber::from_u64(n)?, d, None);
    /// }
    /// let mut index = RevocationIndex::new(ca.signing_root().certificate())?.with_max_entries(2);
    /// assert!(matches!(index.insert_der(&ca.issue_crl(&spec)), Err(Error::TooLarge { .. })));
    /// assert!(index.is_empty()); // left as it was
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn with_max_entries(mut self, n: usize) -> Self {
        self.max_entries = n;
        self
    }

    /// Accepts a CRL this many seconds past its nextUpdate before answering `Unknown(Stale)`
    /// (JPKI serves the previous CRL for a few minutes while the new one is published).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{RevocationIndex, RevocationStatus, UnixTime, testkit::{CrlSpec, HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let leaf = ca.issue_signing(&HolderSpec::example()).certificate();
    /// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let mut index = RevocationIndex::new(ca.signing_root().certificate())?.with_grace(600);
    /// index.insert_der(&ca.issue_crl(&CrlSpec::signing(d)))?;
    /// // Five minutes past nextUpdate: still within the grace.
    /// let late = d.plus_seconds(86_400 + 300);
    /// assert_eq!(index.status(&leaf, late), RevocationStatus::Good);
    /// assert!(matches!(index.status(&leaf, late.plus_seconds(600)), RevocationStatus::Unknown(_)));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn with_grace(mut self, seconds: u64) -> Self {
        self.grace_seconds = seconds;
        self
    }

    /// The issuing CA.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{RevocationIndex, testkit::TestCa};
    /// let ca = TestCa::new(1);
    /// let index = RevocationIndex::new(ca.signing_root().certificate())?;
    /// assert_eq!(index.issuer(), &ca.signing_root().certificate());
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn issuer(&self) -> &Certificate {
        &self.issuer
    }

    /// Parses, verifies and indexes a DER CRL (see [`RevocationIndex::insert`]).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{RevocationIndex, UnixTime, testkit::{CrlSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let mut index = RevocationIndex::new(ca.signing_root().certificate())?;
    /// index.insert_der(&ca.issue_crl(&CrlSpec::signing(d)))?;
    /// assert_eq!(index.partition_count(), 1);
    /// // A CRL of the other root is refused.
    /// assert!(index.insert_der(&ca.issue_crl(&CrlSpec::user_authentication(d))).is_err());
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn insert_der(&mut self, der: &[u8]) -> Result<(), Error> {
        self.insert(Crl::from_der(der)?)
    }

    /// Verifies `crl` against this index's issuer — before any entry is decoded — then indexes
    /// it, replacing the partition it covers. A CRL from another issuer is an error, and so is a
    /// CRL that is not newer (cRLNumber, else thisUpdate) than the one it would replace.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Crl, RevocationIndex, UnixTime, testkit::{CrlSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let mut index = RevocationIndex::new(ca.signing_root().certificate())?;
    /// let today = ca.issue_crl(&CrlSpec::signing(d).number(2));
    /// index.insert(Crl::from_der(&today)?)?;
    /// // An older CRL of the same partition does not replace a newer one.
    /// let yesterday = ca.issue_crl(&CrlSpec::signing(d.minus_seconds(86_400)).number(1));
    /// assert!(index.insert(Crl::from_der(&yesterday)?).is_err());
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn insert(&mut self, crl: Crl<'_>) -> Result<(), Error> {
        let verified = crl.verify_with(&self.issuer, &self.key)?;
        let crl = verified.crl();
        let key = crl.partition().map(<[u8]>::to_vec).unwrap_or_default();
        let is_delta = crl.delta_base().is_some();
        let scope = if is_delta {
            &self.deltas
        } else {
            &self.partitions
        };
        if let Some(old) = scope.get(&key)
            && !newer(crl.crl_number(), crl.this_update(), old)
        {
            return Err(Error::CrlNotNewer);
        }
        let (entries, invalidity) = build_entries(crl, self.max_entries)?;
        let (only_user_certs, only_ca_certs) = (!crl.covers(true), !crl.covers(false));
        let partition = Partition {
            crl_number: crl.crl_number().map(<[u8]>::to_vec),
            this_update: crl.this_update(),
            next_update: crl.next_update(),
            only_user_certs,
            only_ca_certs,
            entries,
        };
        for (k, at) in invalidity {
            let slot = self.invalidity.entry(k).or_insert(at);
            *slot = (*slot).min(at);
        }
        let scope = if is_delta {
            &mut self.deltas
        } else {
            &mut self.partitions
        };
        if let Some(old) = scope.insert(key.clone(), partition)
            && let Some(new) = scope.get(&key)
        {
            // Revocations are permanent: what the old CRL listed and the new one dropped stays.
            for (k, at, reason) in old.entries.padded_rows() {
                if new.entries.find_padded(&k).is_none() {
                    keep_earliest(self.retained.entry(k).or_insert((at, reason)), (at, reason));
                }
            }
        }
        Ok(())
    }

    /// Revoked entries across all partitions.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{RevocationIndex, SerialNumber, UnixTime, testkit::{CrlSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let spec = CrlSpec::signing(d)
    ///     .revoke(SerialNumber::from_u64(1)?, d, None)
    ///     .revoke(SerialNumber::from_u64(2)?, d, None);
    /// let mut index = RevocationIndex::new(ca.signing_root().certificate())?;
    /// index.insert_der(&ca.issue_crl(&spec))?;
    /// assert_eq!(index.len(), 2);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.partitions
            .values()
            .chain(self.deltas.values())
            .map(|p| p.entries.len())
            .sum::<usize>()
            + self.retained.len()
    }

    /// Whether no entry is indexed.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{RevocationIndex, testkit::TestCa};
    /// let index = RevocationIndex::new(TestCa::new(1).signing_root().certificate())?;
    /// assert!(index.is_empty());
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many CRL partitions are loaded.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{RevocationIndex, UnixTime, testkit::{CrlSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let mut index = RevocationIndex::new(ca.signing_root().certificate())?;
    /// index.insert_der(&ca.issue_crl(&CrlSpec::signing(d).partition("Tokyo-to", "Chiyoda-ku")))?;
    /// index.insert_der(&ca.issue_crl(&CrlSpec::signing(d).partition("Osaka-fu", "Sakai-shi")))?;
    /// assert_eq!(index.partition_count(), 2);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn partition_count(&self) -> usize {
        self.partitions.len() + self.deltas.len()
    }

    /// Heap bytes held by the entry arrays (what a million entries cost).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{RevocationIndex, SerialNumber, UnixTime, testkit::{CrlSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let mut spec = CrlSpec::signing(d);
    /// for n in 1..=1000 {
    ///     spec = spec.revoke(SerialNumber::from_u64(n)?, d, None);
    /// }
    /// let mut index = RevocationIndex::new(ca.signing_root().certificate())?;
    /// index.insert_der(&ca.issue_crl(&spec))?;
    /// // A few tens of bytes per entry, not a heap object each.
    /// assert!(index.entry_bytes() < 1000 * 64);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn entry_bytes(&self) -> usize {
        self.partitions
            .values()
            .chain(self.deltas.values())
            .map(|p| p.entries.bytes())
            .sum::<usize>()
            + (self.retained.len() + self.invalidity.len()) * (20 + 8)
    }

    /// The status of a serial number at time `t`, when only the serial is known (e.g. a
    /// serial quoted by a platform operator).
    ///
    /// `Revoked` if any loaded CRL lists it at or before `t`. `Good` only if a full CRL (one
    /// without issuingDistributionPoint) is loaded and speaks for `t`; with partitioned CRLs
    /// the serial alone cannot say which partition covers it, so the answer is then
    /// `Unknown(NotCovered)` — use [`RevocationIndex::status`] with the certificate instead.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{RevocationIndex, RevocationStatus, SerialNumber, UnixTime, testkit::{CrlSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let revoked = SerialNumber::from_u64(7)?;
    /// let mut index = RevocationIndex::new(ca.signing_root().certificate())?;
    /// index.insert_der(&ca.issue_crl(&CrlSpec::signing(d).revoke(revoked, d, None)))?;
    /// assert!(matches!(index.status_at(revoked, d), RevocationStatus::Revoked { .. }));
    /// assert_eq!(index.status_at(SerialNumber::from_u64(8)?, d), RevocationStatus::Good);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn status_at(&self, serial: SerialNumber, t: UnixTime) -> RevocationStatus {
        if self.partitions.is_empty() && self.deltas.is_empty() {
            return RevocationStatus::Unknown(UnknownReason::NoDataForIssuer);
        }
        // Serials are unique per issuer: an entry in any partition is evidence.
        let tables = self.partitions.values().chain(self.deltas.values());
        if let Some(revoked) = self.evidence(&serial, tables, t) {
            return revoked;
        }
        match self.partitions.get(&[][..]) {
            Some(full) => self.freshness(full, t),
            None => RevocationStatus::Unknown(UnknownReason::NotCovered),
        }
    }

    /// The earliest revocation of `serial` in force at `t` in any loaded CRL (complete or
    /// delta, or an entry a newer CRL dropped): the time is when it took effect (the earlier of
    /// revocationDate and an invalidityDate). This is what the linkage sweep asks: serials are
    /// unique per issuer.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{CrlReason, RevocationIndex, SerialNumber, UnixTime, testkit::{CrlSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let serial = SerialNumber::from_u64(7)?;
    /// let when = d.minus_seconds(3600);
    /// let spec = CrlSpec::signing(d).revoke(serial, when, Some(CrlReason::Superseded));
    /// let mut index = RevocationIndex::new(ca.signing_root().certificate())?;
    /// index.insert_der(&ca.issue_crl(&spec))?;
    /// assert_eq!(index.revocation_of(serial, d), Some((when, Some(CrlReason::Superseded))));
    /// assert_eq!(index.revocation_of(serial, when.minus_seconds(1)), None); // not yet revoked then
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn revocation_of(
        &self,
        serial: SerialNumber,
        t: UnixTime,
    ) -> Option<(UnixTime, Option<CrlReason>)> {
        let tables = self.partitions.values().chain(self.deltas.values());
        let revoked = self.evidence(&serial, tables, t)?;
        let RevocationStatus::Revoked { reason, .. } = revoked else {
            return None;
        };
        Some((revoked.effective_since()?, reason))
    }

    /// The earliest verified revocation of `serial` in force at `t` among `tables` and the
    /// retained entries (removeFromCRL entries were left out when the tables were built).
    fn evidence<'p>(
        &self,
        serial: &SerialNumber,
        tables: impl Iterator<Item = &'p Partition>,
        t: UnixTime,
    ) -> Option<RevocationStatus> {
        let padded = || serial.padded();
        let invalid = if self.invalidity.is_empty() {
            None
        } else {
            self.invalidity.get(&padded()).copied()
        };
        let retained = if self.retained.is_empty() {
            None
        } else {
            self.retained.get(&padded()).copied()
        };
        let (effective, at, reason) = tables
            .filter_map(|p| p.entries.find(serial))
            .chain(retained)
            .map(|(at, r)| (invalid.map_or(at, |i| i.min(at)), at, r))
            .filter(|(effective, _, _)| u64::from(*effective) <= t.as_unix_seconds())
            .min()?;
        let time = |s: u32| UnixTime::from_unix_seconds(u64::from(s));
        Some(RevocationStatus::Revoked {
            revoked_at: time(at),
            reason: CrlReason::from_code(reason),
            invalid_since: (effective < at).then(|| time(effective)),
        })
    }

    /// Every revoked serial in a hash table, for visiting millions of serials in no particular
    /// order (the linkage sweep): one probe each instead of a binary search that misses cache.
    /// Built in a few tens of milliseconds per million entries; dropped after use.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{RevocationIndex, SerialNumber, UnixTime, testkit::{CrlSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let serial = SerialNumber::from_u64(7)?;
    /// let mut index = RevocationIndex::new(ca.signing_root().certificate())?;
    /// index.insert_der(&ca.issue_crl(&CrlSpec::signing(d).revoke(serial, d, None)))?;
    /// let table = index.revoked_serials();
    /// assert_eq!(table.revocation_of(serial, d), index.revocation_of(serial, d));
    /// assert_eq!(table.revocation_of(SerialNumber::from_u64(8)?, d), None);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn revoked_serials(&self) -> RevokedSerials {
        let mut narrow_map: HashMap<u128, (u32, u8), FoldHash> =
            HashMap::with_capacity_and_hasher(self.len(), FoldHash);
        let mut wide_map: HashMap<[u8; 20], (u32, u8), FoldHash> = HashMap::with_hasher(FoldHash);
        // The time kept is when the revocation took effect (an earlier invalidityDate counts).
        let effective = |k: &[u8; 20], at: u32| self.invalidity.get(k).map_or(at, |i| (*i).min(at));
        for p in self.partitions.values().chain(self.deltas.values()) {
            match &p.entries {
                // The common case without the padded round trip, unless invalidity dates exist.
                Entries::Narrow(t) if self.invalidity.is_empty() => {
                    for (k, at, r) in t.rows() {
                        keep_earliest(narrow_map.entry(*k).or_insert((at, r)), (at, r));
                    }
                }
                e => {
                    for (k, at, r) in e.padded_rows() {
                        let row = (effective(&k, at), r);
                        match narrow_key(&k) {
                            Some(n) => keep_earliest(narrow_map.entry(n).or_insert(row), row),
                            None => keep_earliest(wide_map.entry(k).or_insert(row), row),
                        }
                    }
                }
            }
        }
        for (k, (at, r)) in &self.retained {
            let row = (effective(k, *at), *r);
            match narrow_key(k) {
                Some(n) => keep_earliest(narrow_map.entry(n).or_insert(row), row),
                None => keep_earliest(wide_map.entry(*k).or_insert(row), row),
            }
        }
        RevokedSerials {
            narrow: narrow_map,
            wide: wide_map,
        }
    }

    /// `Good` if `p` speaks for `t` (at or before its thisUpdate, or before nextUpdate + grace).
    fn freshness(&self, p: &Partition, t: UnixTime) -> RevocationStatus {
        if t > p.this_update && t > p.next_update.plus_seconds(self.grace_seconds) {
            RevocationStatus::Unknown(UnknownReason::Stale)
        } else {
            RevocationStatus::Good
        }
    }

    /// The status of `cert` (issued by this index's CA) at time `at`.
    ///
    /// Revoked wins: if any CRL that speaks about the certificate — the partition named by its
    /// cRLDistributionPoints, a full CRL, a delta CRL of either, or an entry a newer CRL has
    /// since dropped — lists it as revoked at or before `at` (or with an earlier
    /// invalidityDate), the answer is `Revoked`, whatever the others say. A certificate revoked
    /// after `at` was good at `at` (a document signed before the holder moved stays valid).
    /// `Good` needs a complete CRL that covers the certificate (its partition's, or a full
    /// CRL) and speaks for `at`; a stale one gives `Unknown(Stale)`, none `Unknown`.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{CrlReason, RevocationIndex, RevocationStatus, UnixTime, testkit::{CrlSpec, HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let leaf = ca.issue_signing(&HolderSpec::example());
    /// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// // The holder moved house: the signing certificate is revoked with affiliationChanged.
    /// let spec = CrlSpec::signing(d)
    ///     .partition("Tokyo-to", "Chiyoda-ku")
    ///     .revoke(leaf.serial, d.minus_seconds(60), Some(CrlReason::AffiliationChanged));
    /// let mut index = RevocationIndex::new(ca.signing_root().certificate())?;
    /// index.insert_der(&ca.issue_crl(&spec))?;
    /// let cert = leaf.certificate();
    /// assert!(matches!(index.status(&cert, d), RevocationStatus::Revoked { .. }));
    /// // A document signed before the revocation was signed by a good certificate.
    /// assert_eq!(index.status(&cert, d.minus_seconds(120)), RevocationStatus::Good);
    /// // A clean full CRL loaded beside it does not mask the revocation.
    /// index.insert_der(&ca.issue_crl(&CrlSpec::signing(d)))?;
    /// assert!(matches!(index.status(&cert, d), RevocationStatus::Revoked { .. }));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn status(&self, cert: &Certificate, at: UnixTime) -> RevocationStatus {
        if !self.issuer.subject().matches(&cert.issuer())
            || cert
                .authority_key_id()
                .zip(self.issuer.subject_key_id())
                .is_some_and(|(a, s)| a != s)
        {
            return RevocationStatus::Unknown(UnknownReason::NoDataForIssuer);
        }
        if self.partitions.is_empty() && self.deltas.is_empty() {
            return RevocationStatus::Unknown(UnknownReason::NoDataForIssuer);
        }
        // The scopes that speak about this certificate: its distribution points, and the full
        // CRL; each looked up once (iterated afresh: verification allocates nothing). While the
        // evidence is searched, note whether a complete CRL that covers the certificate speaks
        // for `at`.
        let is_ca = cert.is_ca();
        let (covered, fresh) = (core::cell::Cell::new(false), core::cell::Cell::new(false));
        let scopes = || cert.crl_partition_keys().chain([&[][..]]);
        let complete = scopes()
            .filter_map(|k| self.partitions.get(k))
            .inspect(|p| {
                if p.covers(is_ca) {
                    covered.set(true);
                    if self.freshness(p, at) == RevocationStatus::Good {
                        fresh.set(true);
                    }
                }
            });
        let deltas = scopes()
            .filter(|_| !self.deltas.is_empty())
            .filter_map(|k| self.deltas.get(k));
        if let Some(revoked) = self.evidence(&cert.serial(), complete.chain(deltas), at) {
            return revoked;
        }
        match (covered.get(), fresh.get()) {
            (false, _) => RevocationStatus::Unknown(UnknownReason::NotCovered),
            // Not revoked by anything that speaks about it, and a covering complete CRL speaks
            // for `at`.
            (true, true) => RevocationStatus::Good,
            (true, false) => RevocationStatus::Unknown(UnknownReason::Stale),
        }
    }
}

//! Points in time, as certificates and callers use them.

use core::fmt;
use core::time::Duration;

use der::DateTime;

use crate::{DerProblem, Error};

// The `UnixTime` type itself is in `vocab` (the errors name it); its methods are here.
pub use crate::vocab::UnixTime;

impl UnixTime {
    /// From seconds since 1970-01-01T00:00:00Z.
    ///
    /// ```
    /// use jpki_core::UnixTime;
    /// assert_eq!(UnixTime::from_unix_seconds(0).to_rfc3339(), "1970-01-01T00:00:00Z");
    /// ```
    pub const fn from_unix_seconds(secs: u64) -> Self {
        Self(secs)
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    ///
    /// ```
    /// use jpki_core::UnixTime;
    /// assert_eq!(UnixTime::parse_rfc3339("1970-01-02T00:00:00Z")?.as_unix_seconds(), 86_400);
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub const fn as_unix_seconds(self) -> u64 {
        self.0
    }

    /// The current system time (for callers; the library itself never calls this implicitly).
    ///
    /// ```
    /// use jpki_core::UnixTime;
    /// // Pass the time in explicitly: verification never reads the clock by itself.
    /// let now = UnixTime::now();
    /// assert!(now > UnixTime::parse_rfc3339("2024-01-01T00:00:00Z")?);
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn now() -> Self {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        Self(secs)
    }

    /// This time plus `secs` seconds (saturating).
    ///
    /// ```
    /// use jpki_core::UnixTime;
    /// let t = UnixTime::from_unix_seconds(10);
    /// assert_eq!(t.plus_seconds(5).as_unix_seconds(), 15);
    /// assert_eq!(t.plus_seconds(u64::MAX).as_unix_seconds(), u64::MAX); // saturates
    /// ```
    pub const fn plus_seconds(self, secs: u64) -> Self {
        Self(self.0.saturating_add(secs))
    }

    /// This time minus `secs` seconds (saturating at the epoch).
    ///
    /// ```
    /// use jpki_core::UnixTime;
    /// let t = UnixTime::from_unix_seconds(10);
    /// assert_eq!(t.minus_seconds(4).as_unix_seconds(), 6);
    /// assert_eq!(t.minus_seconds(20).as_unix_seconds(), 0); // saturates at the epoch
    /// ```
    pub const fn minus_seconds(self, secs: u64) -> Self {
        Self(self.0.saturating_sub(secs))
    }

    /// The calendar date and time, in UTC.
    pub(crate) fn to_datetime(self) -> Result<DateTime, Error> {
        DateTime::from_unix_duration(Duration::from_secs(self.0))
            .map_err(|_| Error::BadValidity(crate::ValidityProblem::OutOfRange))
    }

    pub(crate) fn from_datetime(dt: &DateTime) -> Self {
        Self(dt.unix_duration().as_secs())
    }

    /// RFC 3339 in UTC, e.g. `2026-03-31T15:00:00Z`.
    ///
    /// ```
    /// use jpki_core::UnixTime;
    /// let t = UnixTime::parse_rfc3339("2026-04-01T00:00:00+09:00")?;
    /// assert_eq!(t.to_rfc3339(), "2026-03-31T15:00:00Z");
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn to_rfc3339(self) -> String {
        match self.to_datetime() {
            Ok(dt) => dt.to_string(),
            Err(_) => format!("@{}", self.0),
        }
    }

    /// Parses RFC 3339 (`YYYY-MM-DDTHH:MM:SS` with `Z` or `±HH:MM`; fractional seconds are
    /// truncated). Years 1970 to 9999.
    ///
    /// ```
    /// use jpki_core::UnixTime;
    /// let utc = UnixTime::parse_rfc3339("2026-03-31T15:00:00Z")?;
    /// assert_eq!(UnixTime::parse_rfc3339("2026-04-01T00:00:00.5+09:00")?, utc);
    /// assert!(UnixTime::parse_rfc3339("2026-02-30T00:00:00Z").is_err());
    /// assert!(UnixTime::parse_rfc3339("1969-12-31T23:59:59Z").is_err());
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn parse_rfc3339(s: &str) -> Result<Self, Error> {
        let bad = || Error::BadDer {
            context: crate::DerContext::Rfc3339Time,
            problem: DerProblem::InvalidValue,
        };
        let b = s.as_bytes();
        let num = |r: core::ops::Range<usize>| -> Result<u32, Error> {
            let part = s.get(r).ok_or_else(bad)?;
            if part.bytes().all(|c| c.is_ascii_digit()) {
                part.parse().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        let sep = |i: usize, allowed: &[u8]| b.get(i).is_some_and(|c| allowed.contains(c));
        if !(sep(4, b"-") && sep(7, b"-") && sep(10, b"Tt ") && sep(13, b":") && sep(16, b":")) {
            return Err(bad());
        }
        let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
        let mut rest = s.get(19..).ok_or_else(bad)?;
        if let Some(frac) = rest.strip_prefix('.') {
            let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return Err(bad());
            }
            rest = frac.get(digits..).ok_or_else(bad)?;
        }
        let offset_secs: i64 = match rest {
            "Z" | "z" => 0,
            _ => {
                let rb = rest.as_bytes();
                if rest.len() != 6 || rb.get(3) != Some(&b':') {
                    return Err(bad());
                }
                let sign = match rb.first() {
                    Some(b'+') => 1,
                    Some(b'-') => -1,
                    _ => return Err(bad()),
                };
                let hh: i64 = rest
                    .get(1..3)
                    .and_then(|p| p.parse().ok())
                    .ok_or_else(bad)?;
                let mm: i64 = rest
                    .get(4..6)
                    .and_then(|p| p.parse().ok())
                    .ok_or_else(bad)?;
                if hh > 23 || mm > 59 {
                    return Err(bad());
                }
                sign * (hh * 3600 + mm * 60)
            }
        };
        let dt = DateTime::new(
            u16::try_from(year).map_err(|_| bad())?,
            u8::try_from(month).map_err(|_| bad())?,
            u8::try_from(day).map_err(|_| bad())?,
            u8::try_from(hour).map_err(|_| bad())?,
            u8::try_from(minute).map_err(|_| bad())?,
            u8::try_from(second).map_err(|_| bad())?,
        )
        .map_err(|_| bad())?;
        let local = i64::try_from(dt.unix_duration().as_secs()).map_err(|_| bad())?;
        let utc = local.checked_sub(offset_secs).ok_or_else(bad)?;
        u64::try_from(utc).map(Self).map_err(|_| bad())
    }
}

impl fmt::Display for UnixTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

impl fmt::Debug for UnixTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "UnixTime({})", self.to_rfc3339())
    }
}

/// A certificate's validity period (both ends inclusive, RFC 5280 §4.1.2.5).
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::testkit::{HolderSpec, TestCa};
/// let ca = TestCa::new(1);
/// let cert = ca.issue_signing(&HolderSpec::example()).certificate();
/// use jpki_core::UnixTime;
/// let v = cert.validity();
/// assert!(v.contains(UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?));
/// assert!(!v.contains(v.not_after.plus_seconds(1)));
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Validity {
    /// notBefore.
    pub not_before: UnixTime,
    /// notAfter.
    pub not_after: UnixTime,
}

impl Validity {
    /// Whether `t` lies within the period.
    ///
    /// ```
    /// use jpki_core::{UnixTime, Validity};
    /// let validity = Validity {
    ///     not_before: UnixTime::from_unix_seconds(100),
    ///     not_after: UnixTime::from_unix_seconds(200),
    /// };
    /// assert!(validity.contains(UnixTime::from_unix_seconds(100))); // both ends included
    /// assert!(validity.contains(UnixTime::from_unix_seconds(200)));
    /// assert!(!validity.contains(UnixTime::from_unix_seconds(201)));
    /// ```
    pub fn contains(&self, t: UnixTime) -> bool {
        self.not_before <= t && t <= self.not_after
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_round_trip_and_offsets() {
        let t = UnixTime::parse_rfc3339("2026-11-27T01:02:03Z").expect("valid");
        assert_eq!(t.to_rfc3339(), "2026-11-27T01:02:03Z");
        let jst = UnixTime::parse_rfc3339("2026-11-27T10:02:03.25+09:00").expect("valid");
        assert_eq!(jst, t);
        assert_eq!(
            UnixTime::parse_rfc3339("1970-01-01T00:00:00Z"),
            Ok(UnixTime(0))
        );
    }

    #[test]
    fn rfc3339_rejects_garbage() {
        for s in [
            "",
            "2026-11-27",
            "2026-13-01T00:00:00Z",
            "2026-02-30T00:00:00Z",
            "2026-11-27T00:00:00",
            "2026-11-27T00:00:00+9:00",
            "2026-11-27T25:00:00Z",
            "1969-12-31T23:59:59Z",
            "２026-11-27T00:00:00Z",
        ] {
            assert!(UnixTime::parse_rfc3339(s).is_err(), "{s}");
        }
    }

    #[test]
    fn validity_is_inclusive() {
        let v = Validity {
            not_before: UnixTime(10),
            not_after: UnixTime(20),
        };
        assert!(v.contains(UnixTime(10)) && v.contains(UnixTime(20)));
        assert!(!v.contains(UnixTime(9)) && !v.contains(UnixTime(21)));
    }
}

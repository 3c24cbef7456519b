//! The date of birth item (`EYYYYMMDD`) and its era digit.

use core::fmt;

use crate::{DateOfBirthProblem, Error};

/// The Japanese era digit that opens the date of birth. The year that follows is Gregorian.
///
/// ```
/// use jpki_core::{DateOfBirth, Era};
/// assert_eq!(Era::from_code(3), Some(Era::Showa));
/// let dob = DateOfBirth::new(Era::Heisei, 1989, 1, 8)?;
/// assert_eq!(dob.to_iso_string(), "1989-01-08");
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Era {
    /// `0`: era not known.
    Unknown,
    /// `1`: 明治 Meiji.
    Meiji,
    /// `2`: 大正 Taishō.
    Taisho,
    /// `3`: 昭和 Shōwa.
    Showa,
    /// `4`: 平成 Heisei.
    Heisei,
    /// `5`: 令和 Reiwa.
    Reiwa,
}

impl Era {
    /// The digit used in the certificate.
    ///
    /// ```
    /// use jpki_core::Era;
    /// assert_eq!(Era::Reiwa.code(), 5);
    /// assert_eq!(Era::Unknown.code(), 0);
    /// ```
    pub fn code(self) -> u8 {
        match self {
            Self::Unknown => 0,
            Self::Meiji => 1,
            Self::Taisho => 2,
            Self::Showa => 3,
            Self::Heisei => 4,
            Self::Reiwa => 5,
        }
    }

    /// The era for a digit, if the profile defines it.
    ///
    /// ```
    /// use jpki_core::Era;
    /// assert_eq!(Era::from_code(4), Some(Era::Heisei));
    /// assert_eq!(Era::from_code(6), None);
    /// ```
    pub fn from_code(code: u8) -> Option<Self> {
        Some(match code {
            0 => Self::Unknown,
            1 => Self::Meiji,
            2 => Self::Taisho,
            3 => Self::Showa,
            4 => Self::Heisei,
            5 => Self::Reiwa,
            _ => return None,
        })
    }

    /// A lowercase ASCII name: `unknown`, `meiji`, `taisho`, `showa`, `heisei`, `reiwa`.
    ///
    /// ```
    /// use jpki_core::Era;
    /// assert_eq!(Era::Taisho.as_str(), "taisho");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unknown => "unknown",
            Self::Meiji => "meiji",
            Self::Taisho => "taisho",
            Self::Showa => "showa",
            Self::Heisei => "heisei",
            Self::Reiwa => "reiwa",
        }
    }
}

/// A date of birth as the signing certificate encodes it: era digit, then Gregorian year,
/// month and day, any of which may be unknown (encoded as zeros).
///
/// The era digit is kept as given; it is not checked against the year (the register is the
/// authority on both, and a relying party cannot correct a card).
///
/// ```
/// use jpki_core::{DateOfBirth, Era};
/// let d = DateOfBirth::parse("319850423")?;
/// assert_eq!((d.era(), d.year(), d.month(), d.day()), (Era::Showa, Some(1985), Some(4), Some(23)));
/// assert_eq!(d.to_iso_string(), "1985-04-23");
/// let unknown = DateOfBirth::parse("400000000")?;
/// assert_eq!(unknown.to_iso_string(), "0000-00-00");
/// assert!(DateOfBirth::parse("319850230").is_err()); // 30 February
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DateOfBirth {
    era: Era,
    year: u16,
    month: u8,
    day: u8,
}

fn is_leap(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

fn days_in_month(year: Option<u16>, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        // Unknown year: 29 February cannot be ruled out.
        2 if year.is_none_or(is_leap) => 29,
        2 => 28,
        _ => 31,
    }
}

impl DateOfBirth {
    /// A date of birth; `0` marks an unknown year, month or day.
    ///
    /// ```
    /// use jpki_core::{DateOfBirth, Era};
    /// let dob = DateOfBirth::new(Era::Showa, 1985, 4, 23)?;
    /// assert_eq!(dob.to_profile_string(), "319850423");
    /// // A month of 13 is refused.
    /// assert!(DateOfBirth::new(Era::Showa, 1985, 13, 1).is_err());
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn new(era: Era, year: u16, month: u8, day: u8) -> Result<Self, Error> {
        if year > 9999 {
            return Err(Error::BadDateOfBirth(DateOfBirthProblem::YearTooLong));
        }
        if month > 12 {
            return Err(Error::BadDateOfBirth(DateOfBirthProblem::MonthOver12));
        }
        let known_year = (year != 0).then_some(year);
        if day > days_in_month(known_year, month) {
            return Err(Error::BadDateOfBirth(DateOfBirthProblem::NoSuchDay));
        }
        Ok(Self {
            era,
            year,
            month,
            day,
        })
    }

    /// Parses the certificate form `EYYYYMMDD` (nine ASCII digits).
    ///
    /// ```
    /// use jpki_core::{DateOfBirth, Era};
    /// let dob = DateOfBirth::parse("319850423")?;
    /// assert_eq!(dob.era(), Era::Showa);
    /// assert_eq!(dob.year(), Some(1985));
    /// assert!(DateOfBirth::parse("31985042").is_err()); // eight digits
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn parse(s: &str) -> Result<Self, Error> {
        let b = s.as_bytes();
        if b.len() != 9 || !b.iter().all(u8::is_ascii_digit) {
            return Err(Error::BadDateOfBirth(DateOfBirthProblem::NotNineDigits));
        }
        let digits = |r: core::ops::Range<usize>| -> u16 {
            b.get(r)
                .unwrap_or_default()
                .iter()
                .fold(0u16, |acc, d| acc * 10 + u16::from(d - b'0'))
        };
        let era = Era::from_code(digits(0..1) as u8)
            .ok_or(Error::BadDateOfBirth(DateOfBirthProblem::BadEra))?;
        Self::new(era, digits(1..5), digits(5..7) as u8, digits(7..9) as u8)
    }

    /// The era.
    ///
    /// ```
    /// use jpki_core::{DateOfBirth, Era};
    /// assert_eq!(DateOfBirth::parse("520190501")?.era(), Era::Reiwa);
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn era(&self) -> Era {
        self.era
    }

    /// The Gregorian year, if known.
    ///
    /// ```
    /// use jpki_core::DateOfBirth;
    /// assert_eq!(DateOfBirth::parse("319850423")?.year(), Some(1985));
    /// assert_eq!(DateOfBirth::parse("000000000")?.year(), None);
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn year(&self) -> Option<u16> {
        (self.year != 0).then_some(self.year)
    }

    /// The month (1–12), if known.
    ///
    /// ```
    /// use jpki_core::DateOfBirth;
    /// assert_eq!(DateOfBirth::parse("319850423")?.month(), Some(4));
    /// assert_eq!(DateOfBirth::parse("319850000")?.month(), None);
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn month(&self) -> Option<u8> {
        (self.month != 0).then_some(self.month)
    }

    /// The day of the month, if known.
    ///
    /// ```
    /// use jpki_core::DateOfBirth;
    /// assert_eq!(DateOfBirth::parse("319850423")?.day(), Some(23));
    /// assert_eq!(DateOfBirth::parse("319850400")?.day(), None);
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn day(&self) -> Option<u8> {
        (self.day != 0).then_some(self.day)
    }

    /// The certificate form, `EYYYYMMDD`.
    ///
    /// ```
    /// use jpki_core::{DateOfBirth, Era};
    /// assert_eq!(DateOfBirth::new(Era::Heisei, 1990, 7, 15)?.to_profile_string(), "419900715");
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn to_profile_string(&self) -> String {
        format!(
            "{}{:04}{:02}{:02}",
            self.era.code(),
            self.year,
            self.month,
            self.day
        )
    }

    /// `YYYY-MM-DD`, with zeros for unknown parts.
    ///
    /// ```
    /// use jpki_core::DateOfBirth;
    /// assert_eq!(DateOfBirth::parse("419900715")?.to_iso_string(), "1990-07-15");
    /// assert_eq!(DateOfBirth::parse("319850000")?.to_iso_string(), "1985-00-00");
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn to_iso_string(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Display for DateOfBirth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.to_iso_string(), self.era.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_forms() {
        for s in [
            "319850423",
            "400000000",
            "520200229",
            "019000000",
            "100000101",
            "300000229",
        ] {
            let d = DateOfBirth::parse(s).expect(s);
            assert_eq!(d.to_profile_string(), s);
        }
    }

    #[test]
    fn invalid_forms() {
        for s in [
            "",
            "31985042",
            "3198504230",
            "61985042 ",
            "619850423",
            "319851323",
            "319850432",
            "319000229",
            "319850431",
            "x19850423",
            "３19850423",
        ] {
            assert!(
                matches!(DateOfBirth::parse(s), Err(Error::BadDateOfBirth(_))),
                "{s:?} should be refused"
            );
        }
    }
}

//! The sex item.

use crate::Error;

/// The holder's sex as the profile codes it.
///
/// ```
/// use jpki_core::Sex;
/// assert_eq!(Sex::from_code("2")?, Sex::Female);
/// assert_eq!(Sex::Male.code(), '1');
/// assert!(Sex::from_code("x").is_err());
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Sex {
    /// `1`.
    Male,
    /// `2`.
    Female,
    /// `3`: not known.
    Unknown,
}

impl Sex {
    /// The code used in the certificate.
    ///
    /// ```
    /// use jpki_core::Sex;
    /// assert_eq!(Sex::Female.code(), '2');
    /// assert_eq!(Sex::Unknown.code(), '3');
    /// ```
    pub fn code(self) -> char {
        match self {
            Self::Male => '1',
            Self::Female => '2',
            Self::Unknown => '3',
        }
    }

    /// Parses the certificate code.
    ///
    /// ```
    /// use jpki_core::Sex;
    /// assert_eq!(Sex::from_code("1")?, Sex::Male);
    /// assert!(Sex::from_code("0").is_err());
    /// assert!(Sex::from_code("11").is_err());
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn from_code(code: &str) -> Result<Self, Error> {
        match code {
            "1" => Ok(Self::Male),
            "2" => Ok(Self::Female),
            "3" => Ok(Self::Unknown),
            other => Err(Error::BadSexCode(other.chars().take(16).collect())),
        }
    }

    /// `male`, `female` or `unknown`.
    ///
    /// ```
    /// use jpki_core::Sex;
    /// assert_eq!(Sex::Female.as_str(), "female");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Male => "male",
            Self::Female => "female",
            Self::Unknown => "unknown",
        }
    }
}

//! The basic four items (基本4情報) carried in the signing certificate's subjectAltName.
//!
//! Each item is an `otherName` whose type-id lies under 1.2.392.200149.8.5.5 and whose value is
//! a UTF8String. Items may appear in any order; unrelated subjectAltName entries are ignored;
//! further items under the same arc (newer cards) are kept as [`ExtraItem`]s.

mod dob;
pub(crate) mod san;
mod sex;

use core::fmt;

pub use dob::{DateOfBirth, Era};
pub use sex::Sex;

use crate::oid::oids;
use crate::{BasicFourItem, Error, FlagsProblem, Oid, TextProblem};

/// The most characters accepted in one basic-four-items text value (a resource limit, well above
/// the profile's 200-character address).
///
/// ```
/// use jpki_core::{BasicFourInfo, DateOfBirth, MAX_ITEM_CHARS, Sex};
/// let dob = DateOfBirth::parse("419900715")?;
/// let too_long = "東".repeat(MAX_ITEM_CHARS + 1);
/// assert!(BasicFourInfo::new("佐藤\u{3000}花子", dob, Sex::Female, too_long).is_err());
/// # Ok::<(), jpki_core::Error>(())
/// ```
pub const MAX_ITEM_CHARS: usize = 1024;

/// An item under the J-LIS personal-data arc that this crate does not interpret.
///
/// ```
/// use jpki_core::{BasicFourInfo, DateOfBirth, Era, ExtraItem, ExtraValue, Sex};
/// let extra = ExtraItem { oid: "1.2.392.200149.8.5.5.9".parse()?, value: ExtraValue::Text("future item".into()) };
/// let info = BasicFourInfo::new("山田 太郎", DateOfBirth::new(Era::Showa, 1965, 5, 6)?, Sex::Male, "東京都港区芝公園4-2-8")?
///     .with_extra(extra.clone())?;
/// let back = BasicFourInfo::from_subject_alt_name_der(&info.to_subject_alt_name_der())?;
/// assert_eq!(back.extra(), [extra]);
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExtraItem {
    /// The otherName type-id.
    pub oid: Oid,
    /// The value.
    pub value: ExtraValue,
}

/// The value of an [`ExtraItem`].
///
/// ```
/// use jpki_core::ExtraValue;
/// // A UTF8String becomes text; any other value is kept as its DER.
/// let text = ExtraValue::Text("追加".into());
/// let der = ExtraValue::Der(vec![0x02, 0x01, 0x05]);
/// assert_ne!(text, der);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ExtraValue {
    /// A UTF8String.
    Text(String),
    /// Any other type, as its complete DER (tag, length, value).
    Der(Vec<u8>),
}

/// The basic four items of a signing certificate: name, date of birth, sex and address, with
/// the substitute-character flags of the name and the address.
///
/// ```
/// use jpki_core::{BasicFourInfo, DateOfBirth, Sex};
/// let info = BasicFourInfo::new("山田　太郎", DateOfBirth::parse("319850423")?, Sex::Male,
///                               "東京都千代田区霞が関２－１－２")?
///     .with_name_substitutes(&[1])?;
/// let san = info.to_subject_alt_name_der();
/// let back = BasicFourInfo::from_subject_alt_name_der(&san)?;
/// assert_eq!(back, info);
/// assert_eq!(back.name_substitutes(), vec![1]);
/// assert_eq!(back.family_and_given_names(), ("山田", Some("太郎")));
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct BasicFourInfo {
    name: String,
    name_flags: String,
    date_of_birth: DateOfBirth,
    sex: Sex,
    address: String,
    address_flags: String,
    extra: Vec<ExtraItem>,
}

fn check_text(item: BasicFourItem, s: &str) -> Result<(), Error> {
    let bad = |reason| Error::BasicFourBadText { item, reason };
    if s.is_empty() {
        return Err(bad(TextProblem::Empty));
    }
    if s.chars().count() > MAX_ITEM_CHARS {
        return Err(bad(TextProblem::TooLong));
    }
    if s.chars().any(char::is_control) {
        // C1 controls are the usual sign of UTF-8 that was encoded twice (e.g. an OpenSSL
        // config value given as `UTF8:` without `FORMAT:UTF8`).
        return Err(bad(TextProblem::ControlCharacters));
    }
    Ok(())
}

fn check_flags(item: BasicFourItem, flags: &str, text: &str) -> Result<(), Error> {
    let bad = |reason| Error::BadSubstituteFlags { item, reason };
    if !flags.bytes().all(|b| b == b'0' || b == b'1') {
        return Err(bad(FlagsProblem::NotBinary));
    }
    if flags.len() != text.chars().count() {
        return Err(bad(FlagsProblem::CountMismatch));
    }
    Ok(())
}

fn flags_from_positions(
    item: BasicFourItem,
    text: &str,
    positions: &[usize],
) -> Result<String, Error> {
    let len = text.chars().count();
    let mut flags = vec![b'0'; len];
    for &p in positions {
        *flags.get_mut(p).ok_or(Error::BadSubstituteFlags {
            item,
            reason: FlagsProblem::PositionBeyondLength,
        })? = b'1';
    }
    Ok(String::from_utf8(flags).unwrap_or_default())
}

fn positions(flags: &str) -> Vec<usize> {
    flags
        .bytes()
        .enumerate()
        .filter(|(_, b)| *b == b'1')
        .map(|(i, _)| i)
        .collect()
}

impl BasicFourInfo {
    /// The four items with no substitute characters flagged.
    ///
    /// ```
    /// use jpki_core::{BasicFourInfo, DateOfBirth, Sex};
    /// let dob = DateOfBirth::parse("419900715")?;
    /// let info = BasicFourInfo::new("佐藤\u{3000}花子", dob, Sex::Female, "東京都千代田区")?;
    /// assert_eq!(info.name(), "佐藤\u{3000}花子");
    /// assert!(info.name_substitutes().is_empty());
    /// // Control characters are refused.
    /// assert!(BasicFourInfo::new("佐藤\u{7}", dob, Sex::Female, "東京都").is_err());
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn new(
        name: impl Into<String>,
        date_of_birth: DateOfBirth,
        sex: Sex,
        address: impl Into<String>,
    ) -> Result<Self, Error> {
        let (name, address) = (name.into(), address.into());
        check_text(BasicFourItem::Name, &name)?;
        check_text(BasicFourItem::Address, &address)?;
        Ok(Self {
            name_flags: "0".repeat(name.chars().count()),
            address_flags: "0".repeat(address.chars().count()),
            name,
            date_of_birth,
            sex,
            address,
            extra: Vec::new(),
        })
    }

    /// Flags the characters of the name at these zero-based positions as substitutes.
    ///
    /// ```
    /// use jpki_core::{BasicFourInfo, DateOfBirth, Sex};
    /// let dob = DateOfBirth::parse("419900715")?;
    /// let info = BasicFourInfo::new("髙橋\u{3000}花子", dob, Sex::Female, "東京都")?
    ///     .with_name_substitutes(&[0])?;
    /// assert_eq!(info.name_substitute_flags(), "10000");
    /// // A position past the end of the name is refused.
    /// let plain = BasicFourInfo::new("髙橋", dob, Sex::Female, "東京都")?;
    /// assert!(plain.with_name_substitutes(&[2]).is_err());
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn with_name_substitutes(mut self, positions: &[usize]) -> Result<Self, Error> {
        self.name_flags =
            flags_from_positions(BasicFourItem::NameSubstitutes, &self.name, positions)?;
        Ok(self)
    }

    /// Flags the characters of the address at these zero-based positions as substitutes.
    ///
    /// ```
    /// use jpki_core::{BasicFourInfo, DateOfBirth, Sex};
    /// let dob = DateOfBirth::parse("419900715")?;
    /// let info = BasicFourInfo::new("佐藤", dob, Sex::Female, "東京都𠮷野町")?
    ///     .with_address_substitutes(&[3])?;
    /// assert_eq!(info.address_substitutes(), [3]);
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn with_address_substitutes(mut self, positions: &[usize]) -> Result<Self, Error> {
        self.address_flags =
            flags_from_positions(BasicFourItem::AddressSubstitutes, &self.address, positions)?;
        Ok(self)
    }

    /// Adds an item under 1.2.392.200149.8.5.5 other than the six of the profile.
    ///
    /// ```
    /// use jpki_core::{BasicFourInfo, DateOfBirth, ExtraItem, ExtraValue, Oid, Sex};
    /// let dob = DateOfBirth::parse("419900715")?;
    /// let extra = ExtraItem {
    ///     oid: "1.2.392.200149.8.5.5.7".parse::<Oid>()?,
    ///     value: ExtraValue::Text("追加".into()),
    /// };
    /// let info = BasicFourInfo::new("佐藤", dob, Sex::Female, "東京都")?.with_extra(extra.clone())?;
    /// assert_eq!(info.extra(), [extra]);
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn with_extra(mut self, item: ExtraItem) -> Result<Self, Error> {
        if !item.oid.is_under(&oids::JLIS_PERSONAL_DATA) || san::item_for(&item.oid).is_some() {
            return Err(Error::BasicFourBadText {
                item: BasicFourItem::Name,
                reason: TextProblem::ExtraItemOid,
            });
        }
        self.extra.push(item);
        Ok(self)
    }

    /// The name (氏名): family and given name separated by U+3000 (full-width space).
    ///
    /// ```
    /// use jpki_core::{BasicFourInfo, DateOfBirth, Sex};
    /// let dob = DateOfBirth::parse("419900715")?;
    /// let info = BasicFourInfo::new("佐藤\u{3000}花子", dob, Sex::Female, "東京都")?;
    /// assert_eq!(info.name(), "佐藤　花子");
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The name split at the first full-width space: (family name, given name).
    ///
    /// ```
    /// use jpki_core::{BasicFourInfo, DateOfBirth, Sex};
    /// let dob = DateOfBirth::parse("419900715")?;
    /// let info = BasicFourInfo::new("佐藤\u{3000}花子", dob, Sex::Female, "東京都")?;
    /// assert_eq!(info.family_and_given_names(), ("佐藤", Some("花子")));
    /// let single = BasicFourInfo::new("佐藤", dob, Sex::Female, "東京都")?;
    /// assert_eq!(single.family_and_given_names(), ("佐藤", None));
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn family_and_given_names(&self) -> (&str, Option<&str>) {
        match self.name.split_once('\u{3000}') {
            Some((family, given)) => (family, Some(given)),
            None => (&self.name, None),
        }
    }

    /// Zero-based character positions of the name that hold a substitute character.
    ///
    /// ```
    /// use jpki_core::{BasicFourInfo, DateOfBirth, Sex};
    /// let dob = DateOfBirth::parse("419900715")?;
    /// let info = BasicFourInfo::new("髙橋\u{3000}花子", dob, Sex::Female, "東京都")?
    ///     .with_name_substitutes(&[0, 3])?;
    /// assert_eq!(info.name_substitutes(), [0, 3]);
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn name_substitutes(&self) -> Vec<usize> {
        positions(&self.name_flags)
    }

    /// The name's flag string as encoded (`0`/`1`, one per character).
    ///
    /// ```
    /// use jpki_core::{BasicFourInfo, DateOfBirth, Sex};
    /// let dob = DateOfBirth::parse("419900715")?;
    /// let info = BasicFourInfo::new("髙橋", dob, Sex::Female, "東京都")?.with_name_substitutes(&[0])?;
    /// assert_eq!(info.name_substitute_flags(), "10");
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn name_substitute_flags(&self) -> &str {
        &self.name_flags
    }

    /// The date of birth.
    ///
    /// ```
    /// use jpki_core::{BasicFourInfo, DateOfBirth, Sex};
    /// let dob = DateOfBirth::parse("419900715")?;
    /// let info = BasicFourInfo::new("佐藤", dob, Sex::Female, "東京都")?;
    /// assert_eq!(info.date_of_birth().to_iso_string(), "1990-07-15");
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn date_of_birth(&self) -> DateOfBirth {
        self.date_of_birth
    }

    /// The sex.
    ///
    /// ```
    /// use jpki_core::{BasicFourInfo, DateOfBirth, Sex};
    /// let dob = DateOfBirth::parse("419900715")?;
    /// let info = BasicFourInfo::new("佐藤", dob, Sex::Female, "東京都")?;
    /// assert_eq!(info.sex(), Sex::Female);
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn sex(&self) -> Sex {
        self.sex
    }

    /// The address (住所), from the prefecture onward.
    ///
    /// ```
    /// use jpki_core::{BasicFourInfo, DateOfBirth, Sex};
    /// let dob = DateOfBirth::parse("419900715")?;
    /// let info = BasicFourInfo::new("佐藤", dob, Sex::Female, "東京都千代田区")?;
    /// assert_eq!(info.address(), "東京都千代田区");
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn address(&self) -> &str {
        &self.address
    }

    /// Zero-based character positions of the address that hold a substitute character.
    ///
    /// ```
    /// use jpki_core::{BasicFourInfo, DateOfBirth, Sex};
    /// let dob = DateOfBirth::parse("419900715")?;
    /// let info = BasicFourInfo::new("佐藤", dob, Sex::Female, "東京都𠮷野町")?;
    /// assert!(info.address_substitutes().is_empty());
    /// assert_eq!(info.with_address_substitutes(&[3])?.address_substitutes(), [3]);
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn address_substitutes(&self) -> Vec<usize> {
        positions(&self.address_flags)
    }

    /// The address's flag string as encoded.
    ///
    /// ```
    /// use jpki_core::{BasicFourInfo, DateOfBirth, Sex};
    /// let dob = DateOfBirth::parse("419900715")?;
    /// let info = BasicFourInfo::new("佐藤", dob, Sex::Female, "東京都")?.with_address_substitutes(&[2])?;
    /// assert_eq!(info.address_substitute_flags(), "001");
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn address_substitute_flags(&self) -> &str {
        &self.address_flags
    }

    /// Items under the personal-data arc beyond the six of the profile, in certificate order.
    ///
    /// ```
    /// use jpki_core::{BasicFourInfo, DateOfBirth, Sex};
    /// let dob = DateOfBirth::parse("419900715")?;
    /// let info = BasicFourInfo::new("佐藤", dob, Sex::Female, "東京都")?;
    /// assert!(info.extra().is_empty());
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn extra(&self) -> &[ExtraItem] {
        &self.extra
    }

    /// The items that differ between `self` and `other` (e.g. after an address change).
    ///
    /// ```
    /// use jpki_core::{BasicFourInfo, BasicFourItem, DateOfBirth, Sex};
    /// let dob = DateOfBirth::parse("419900715")?;
    /// let before = BasicFourInfo::new("佐藤", dob, Sex::Female, "東京都千代田区")?;
    /// let after = BasicFourInfo::new("佐藤", dob, Sex::Female, "大阪府堺市堺区")?;
    /// assert_eq!(before.changed_items(&after), [BasicFourItem::Address]);
    /// // An address of another length also changes the address's flag string.
    /// let longer = BasicFourInfo::new("佐藤", dob, Sex::Female, "大阪府大阪市北区")?;
    /// assert_eq!(
    ///     before.changed_items(&longer),
    ///     [BasicFourItem::Address, BasicFourItem::AddressSubstitutes]
    /// );
    /// assert!(before.changed_items(&before).is_empty());
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn changed_items(&self, other: &Self) -> Vec<BasicFourItem> {
        let mut out = Vec::new();
        let mut diff = |changed: bool, item| {
            if changed {
                out.push(item);
            }
        };
        diff(self.name != other.name, BasicFourItem::Name);
        diff(
            self.name_flags != other.name_flags,
            BasicFourItem::NameSubstitutes,
        );
        diff(self.sex != other.sex, BasicFourItem::Sex);
        diff(
            self.date_of_birth != other.date_of_birth,
            BasicFourItem::DateOfBirth,
        );
        diff(self.address != other.address, BasicFourItem::Address);
        diff(
            self.address_flags != other.address_flags,
            BasicFourItem::AddressSubstitutes,
        );
        out
    }
}

impl fmt::Debug for BasicFourInfo {
    /// Personal data stays out of logs: `Debug` shows only the shape.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BasicFourInfo")
            .field("name_chars", &self.name.chars().count())
            .field("address_chars", &self.address.chars().count())
            .field("extra_items", &self.extra.len())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests;

//! The basic four items as subjectAltName otherNames: decoding and encoding.

use der::asn1::{Any, AnyRef, ObjectIdentifier, Utf8StringRef};
use der::{Decode, Encode, Tag, Tagged};
use x509_cert::ext::pkix::SubjectAltName;
use x509_cert::ext::pkix::name::{GeneralName, OtherName};

use super::{BasicFourInfo, DateOfBirth, ExtraItem, ExtraValue, Sex, check_flags, check_text};
use crate::cert::general_names::{self, GeneralNameRef};
use crate::oid::oids;
use crate::{BasicFourItem, Error, Oid};

/// The six items, borrowed from the DER and checked.
pub(crate) struct Checked<'a> {
    name: &'a str,
    name_flags: &'a str,
    address: &'a str,
    address_flags: &'a str,
    date_of_birth: DateOfBirth,
    sex: Sex,
}

/// Walks a subjectAltName value and checks the basic four items without allocating; entries
/// under the personal-data arc that are not one of the six go to `extra`.
pub(crate) fn scan<'a>(
    der: &'a [u8],
    extra: impl FnMut(Oid, AnyRef<'a>) -> Result<(), Error>,
) -> Result<Checked<'a>, Error> {
    scan_items(
        |item| {
            general_names::for_each(der, crate::DerContext::SubjectAltName, |g| match g {
                GeneralNameRef::OtherName { type_id, value, .. } => item(type_id, value),
                _ => Ok(()),
            })
            .map(drop)
        },
        extra,
    )
}

/// The otherNames a parsed certificate recorded (see `Certificate::personal_data`), checked as
/// [`scan`] checks a subjectAltName's DER, without walking the DER again.
pub(crate) fn scan_recorded<'a>(
    items: impl Iterator<Item = Result<(ObjectIdentifier, AnyRef<'a>), Error>>,
    extra: impl FnMut(Oid, AnyRef<'a>) -> Result<(), Error>,
) -> Result<Checked<'a>, Error> {
    scan_items(
        |item| {
            for i in items {
                let (type_id, value) = i?;
                item(type_id, value)?;
            }
            Ok(())
        },
        extra,
    )
}

/// The checks of the six items, over otherNames (type-id, value) that `walk` feeds in order.
fn scan_items<'a>(
    walk: impl FnOnce(
        &mut dyn FnMut(ObjectIdentifier, AnyRef<'a>) -> Result<(), Error>,
    ) -> Result<(), Error>,
    mut extra: impl FnMut(Oid, AnyRef<'a>) -> Result<(), Error>,
) -> Result<Checked<'a>, Error> {
    let mut slots: [Option<&'a str>; 6] = [None; 6];
    let mut any = false;
    walk(&mut |type_id, value| {
        let oid = Oid(type_id);
        if !oid.is_under(&oids::JLIS_PERSONAL_DATA) {
            return Ok(());
        }
        any = true;
        let Some(item) = item_for(&oid) else {
            return extra(oid, value);
        };
        if value.tag() != Tag::Utf8String {
            return Err(Error::BasicFourWrongType(item));
        }
        let text = Utf8StringRef::try_from(value).map_err(|_| Error::BasicFourBadText {
            item,
            reason: crate::TextProblem::InvalidUtf8,
        })?;
        let slot = slots
            .get_mut(slot_index(item))
            .ok_or(Error::BasicFourMissing(item))?;
        if slot.replace(text.as_str()).is_some() {
            return Err(Error::BasicFourDuplicate(item));
        }
        Ok(())
    })?;
    if !any {
        return Err(Error::NoBasicFourInfo);
    }
    let take = |item: BasicFourItem| {
        slots
            .get(slot_index(item))
            .copied()
            .flatten()
            .ok_or(Error::BasicFourMissing(item))
    };
    let name = take(BasicFourItem::Name)?;
    let name_flags = take(BasicFourItem::NameSubstitutes)?;
    let sex = take(BasicFourItem::Sex)?;
    let dob = take(BasicFourItem::DateOfBirth)?;
    let address = take(BasicFourItem::Address)?;
    let address_flags = take(BasicFourItem::AddressSubstitutes)?;
    check_text(BasicFourItem::Name, name)?;
    check_text(BasicFourItem::Address, address)?;
    check_flags(BasicFourItem::NameSubstitutes, name_flags, name)?;
    check_flags(BasicFourItem::AddressSubstitutes, address_flags, address)?;
    Ok(Checked {
        date_of_birth: DateOfBirth::parse(dob)?,
        sex: Sex::from_code(sex)?,
        name,
        name_flags,
        address,
        address_flags,
    })
}

/// An item under the personal-data arc that is not one of the six: its text, or its DER.
fn extra_item(oid: Oid, value: AnyRef<'_>) -> Result<ExtraItem, Error> {
    Ok(ExtraItem {
        oid,
        value: match Utf8StringRef::try_from(value) {
            Ok(s) if value.tag() == Tag::Utf8String => ExtraValue::Text(s.as_str().to_owned()),
            _ => ExtraValue::Der(
                value
                    .to_der()
                    .map_err(Error::der_in(crate::DerContext::OtherNameValue))?,
            ),
        },
    })
}

impl BasicFourInfo {
    /// Decodes the items from the DER of a subjectAltName value (GeneralNames).
    ///
    /// Refuses a missing or repeated item, a value that is not a UTF8String, bad text, a bad
    /// date of birth or sex code, and flag strings that do not match their field. If no entry
    /// lies under the personal-data arc at all, the answer is [`Error::NoBasicFourInfo`].
    ///
    /// ```
    /// use jpki_core::{BasicFourInfo, DateOfBirth, Sex};
    /// let dob = DateOfBirth::parse("419900715")?;
    /// let info = BasicFourInfo::new("佐藤\u{3000}花子", dob, Sex::Female, "東京都")?;
    /// let der = info.to_subject_alt_name_der();
    /// assert_eq!(BasicFourInfo::from_subject_alt_name_der(&der)?, info);
    /// // Trailing bytes after the GeneralNames are refused.
    /// let mut longer = der.clone();
    /// longer.push(0);
    /// assert!(BasicFourInfo::from_subject_alt_name_der(&longer).is_err());
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn from_subject_alt_name_der(der: &[u8]) -> Result<Self, Error> {
        let mut extra = Vec::new();
        let c = scan(der, |oid, value| {
            extra.push(extra_item(oid, value)?);
            Ok(())
        })?;
        Ok(Self::from_checked(&c, extra))
    }

    /// The items a parsed certificate recorded (`Certificate::personal_data`).
    pub(crate) fn from_recorded<'a>(
        items: impl Iterator<Item = Result<(ObjectIdentifier, AnyRef<'a>), Error>>,
    ) -> Result<Self, Error> {
        let mut extra = Vec::new();
        let c = scan_recorded(items, |oid, value| {
            extra.push(extra_item(oid, value)?);
            Ok(())
        })?;
        Ok(Self::from_checked(&c, extra))
    }

    fn from_checked(c: &Checked<'_>, extra: Vec<ExtraItem>) -> Self {
        Self {
            date_of_birth: c.date_of_birth,
            sex: c.sex,
            name: c.name.to_owned(),
            name_flags: c.name_flags.to_owned(),
            address: c.address.to_owned(),
            address_flags: c.address_flags.to_owned(),
            extra,
        }
    }

    /// Encodes the items as a subjectAltName value (GeneralNames DER), in the order real cards
    /// use (.1, .4, .3, .5, .2, .6), followed by any extra items.
    ///
    /// ```
    /// use jpki_core::{BasicFourInfo, DateOfBirth, Sex};
    /// let dob = DateOfBirth::parse("419900715")?;
    /// let der = BasicFourInfo::new("佐藤", dob, Sex::Female, "東京都")?.to_subject_alt_name_der();
    /// assert_eq!(der[0], 0x30); // a SEQUENCE of otherName entries
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn to_subject_alt_name_der(&self) -> Vec<u8> {
        let text = |oid: Oid, s: &str| -> Option<GeneralName> {
            let value = Any::new(Tag::Utf8String, s.as_bytes()).ok()?;
            Some(GeneralName::OtherName(OtherName {
                type_id: oid.0,
                value,
            }))
        };
        let dob = self.date_of_birth.to_profile_string();
        let sex = self.sex.code().to_string();
        let mut names: Vec<GeneralName> = [
            text(oids::BASIC4_NAME, &self.name),
            text(oids::BASIC4_DATE_OF_BIRTH, &dob),
            text(oids::BASIC4_SEX, &sex),
            text(oids::BASIC4_ADDRESS, &self.address),
            text(oids::BASIC4_NAME_SUBSTITUTES, &self.name_flags),
            text(oids::BASIC4_ADDRESS_SUBSTITUTES, &self.address_flags),
        ]
        .into_iter()
        .flatten()
        .collect();
        for e in &self.extra {
            let value = match &e.value {
                ExtraValue::Text(s) => Any::new(Tag::Utf8String, s.as_bytes()).ok(),
                ExtraValue::Der(d) => Any::from_der(d).ok(),
            };
            if let Some(value) = value {
                names.push(GeneralName::OtherName(OtherName {
                    type_id: e.oid.0,
                    value,
                }));
            }
        }
        SubjectAltName(names).to_der().unwrap_or_default()
    }
}

pub(super) fn item_for(oid: &Oid) -> Option<BasicFourItem> {
    Some(match *oid {
        o if o == oids::BASIC4_NAME => BasicFourItem::Name,
        o if o == oids::BASIC4_NAME_SUBSTITUTES => BasicFourItem::NameSubstitutes,
        o if o == oids::BASIC4_SEX => BasicFourItem::Sex,
        o if o == oids::BASIC4_DATE_OF_BIRTH => BasicFourItem::DateOfBirth,
        o if o == oids::BASIC4_ADDRESS => BasicFourItem::Address,
        o if o == oids::BASIC4_ADDRESS_SUBSTITUTES => BasicFourItem::AddressSubstitutes,
        _ => return None,
    })
}

fn slot_index(item: BasicFourItem) -> usize {
    match item {
        BasicFourItem::Name => 0,
        BasicFourItem::NameSubstitutes => 1,
        BasicFourItem::Sex => 2,
        BasicFourItem::DateOfBirth => 3,
        BasicFourItem::Address => 4,
        BasicFourItem::AddressSubstitutes => 5,
    }
}

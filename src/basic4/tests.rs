//! Decoding and encoding of the basic four items: every refusal, and a round-trip proptest.
//! (Compiled only under `#[cfg(test)]`, declared in the parent module.)

use der::asn1::{Any, Ia5String};
use der::{Encode, Tag};
use proptest::prelude::*;
use x509_cert::ext::pkix::SubjectAltName;
use x509_cert::ext::pkix::name::{GeneralName, OtherName};

use super::*;
use crate::oid::oids;

fn other(oid: Oid, tag: Tag, value: &[u8]) -> GeneralName {
    GeneralName::OtherName(OtherName {
        type_id: oid.0,
        value: Any::new(tag, value).expect("valid Any"),
    })
}

fn text(oid: Oid, value: &str) -> GeneralName {
    other(oid, Tag::Utf8String, value.as_bytes())
}

/// A full, valid set of the six items in the real card's order.
fn items() -> Vec<GeneralName> {
    vec![
        text(oids::BASIC4_NAME, "山田　太郎"),
        text(oids::BASIC4_DATE_OF_BIRTH, "319850423"),
        text(oids::BASIC4_SEX, "1"),
        text(oids::BASIC4_ADDRESS, "東京都千代田区霞が関２－１－２"),
        text(oids::BASIC4_NAME_SUBSTITUTES, "01000"),
        text(oids::BASIC4_ADDRESS_SUBSTITUTES, "000000000000000"),
    ]
}

fn decode(names: Vec<GeneralName>) -> Result<BasicFourInfo, Error> {
    BasicFourInfo::from_subject_alt_name_der(&SubjectAltName(names).to_der().expect("encodes"))
}

fn replace(oid: Oid, with: GeneralName) -> Vec<GeneralName> {
    items()
        .into_iter()
        .map(|g| match &g {
            GeneralName::OtherName(o) if o.type_id == oid.0 => with.clone(),
            _ => g,
        })
        .collect()
}

#[test]
fn decodes_the_real_card_layout() {
    let info = decode(items()).expect("valid");
    assert_eq!(info.name(), "山田　太郎");
    assert_eq!(info.family_and_given_names(), ("山田", Some("太郎")));
    assert_eq!(info.name_substitutes(), vec![1]);
    assert_eq!(info.sex(), Sex::Male);
    assert_eq!(info.date_of_birth().era(), Era::Showa);
    assert_eq!(info.date_of_birth().year(), Some(1985));
    assert_eq!(info.address_substitutes(), Vec::<usize>::new());
    assert!(info.extra().is_empty());
}

#[test]
fn order_does_not_matter_and_unrelated_entries_are_ignored() {
    let mut names = items();
    names.reverse();
    names.insert(
        2,
        GeneralName::DnsName(Ia5String::new("example.jp").expect("ia5")),
    );
    names.push(text(
        "1.3.6.1.4.1.99999.7".parse().expect("oid"),
        "not ours",
    ));
    assert_eq!(decode(names), decode(items()));
}

#[test]
fn further_items_under_the_arc_are_kept() {
    let mut names = items();
    let former: Oid = "1.2.392.200149.8.5.5.7".parse().expect("oid");
    let binary: Oid = "1.2.392.200149.8.5.5.9".parse().expect("oid");
    names.push(text(former, "旧氏"));
    names.push(other(binary, Tag::OctetString, &[1, 2]));
    let info = decode(names).expect("valid");
    assert_eq!(
        info.extra(),
        &[
            ExtraItem {
                oid: former,
                value: ExtraValue::Text("旧氏".into())
            },
            ExtraItem {
                oid: binary,
                value: ExtraValue::Der(vec![0x04, 0x02, 1, 2])
            },
        ]
    );
    // And they survive encoding.
    let again = BasicFourInfo::from_subject_alt_name_der(&info.to_subject_alt_name_der());
    assert_eq!(again.as_ref(), Ok(&info));
}

#[test]
fn every_missing_item_is_named() {
    for (oid, item) in [
        (oids::BASIC4_NAME, BasicFourItem::Name),
        (
            oids::BASIC4_NAME_SUBSTITUTES,
            BasicFourItem::NameSubstitutes,
        ),
        (oids::BASIC4_SEX, BasicFourItem::Sex),
        (oids::BASIC4_DATE_OF_BIRTH, BasicFourItem::DateOfBirth),
        (oids::BASIC4_ADDRESS, BasicFourItem::Address),
        (
            oids::BASIC4_ADDRESS_SUBSTITUTES,
            BasicFourItem::AddressSubstitutes,
        ),
    ] {
        let names: Vec<_> = items()
            .into_iter()
            .filter(|g| !matches!(g, GeneralName::OtherName(o) if o.type_id == oid.0))
            .collect();
        assert_eq!(decode(names), Err(Error::BasicFourMissing(item)));
    }
}

#[test]
fn duplicated_item() {
    let mut names = items();
    names.push(text(oids::BASIC4_SEX, "2"));
    assert_eq!(
        decode(names),
        Err(Error::BasicFourDuplicate(BasicFourItem::Sex))
    );
}

#[test]
fn wrongly_typed_value() {
    let names = replace(
        oids::BASIC4_NAME,
        other(oids::BASIC4_NAME, Tag::OctetString, "山田".as_bytes()),
    );
    assert_eq!(
        decode(names),
        Err(Error::BasicFourWrongType(BasicFourItem::Name))
    );
    let names = replace(
        oids::BASIC4_SEX,
        other(oids::BASIC4_SEX, Tag::PrintableString, b"1"),
    );
    assert_eq!(
        decode(names),
        Err(Error::BasicFourWrongType(BasicFourItem::Sex))
    );
}

#[test]
fn invalid_utf8_value() {
    let names = replace(
        oids::BASIC4_ADDRESS,
        other(oids::BASIC4_ADDRESS, Tag::Utf8String, &[0xe6, 0x9d]),
    );
    assert!(matches!(
        decode(names),
        Err(Error::BasicFourBadText {
            item: BasicFourItem::Address,
            ..
        })
    ));
}

#[test]
fn date_of_birth_that_is_not_a_date() {
    for bad in [
        "319850230",
        "31985042",
        "619850423",
        "3198504a3",
        "319851301",
    ] {
        let names = replace(
            oids::BASIC4_DATE_OF_BIRTH,
            text(oids::BASIC4_DATE_OF_BIRTH, bad),
        );
        assert!(
            matches!(decode(names), Err(Error::BadDateOfBirth(_))),
            "{bad}"
        );
    }
    let names = replace(
        oids::BASIC4_DATE_OF_BIRTH,
        text(oids::BASIC4_DATE_OF_BIRTH, "400000000"),
    );
    let dob = decode(names)
        .expect("unknown date is allowed")
        .date_of_birth();
    assert_eq!(
        (dob.era(), dob.year(), dob.month(), dob.day()),
        (Era::Heisei, None, None, None)
    );
}

#[test]
fn sex_code_outside_the_profile() {
    for bad in ["0", "4", "9", "男", "11", "M"] {
        let names = replace(oids::BASIC4_SEX, text(oids::BASIC4_SEX, bad));
        assert_eq!(decode(names), Err(Error::BadSexCode(bad.into())), "{bad}");
    }
    let names = replace(oids::BASIC4_SEX, text(oids::BASIC4_SEX, "3"));
    assert_eq!(decode(names).map(|i| i.sex()), Ok(Sex::Unknown));
}

#[test]
fn substitute_flags_must_match_their_field() {
    for (flags, what) in [
        ("0100", "short"),
        ("010000", "long"),
        ("01a00", "not binary"),
        ("", "empty"),
    ] {
        let names = replace(
            oids::BASIC4_NAME_SUBSTITUTES,
            text(oids::BASIC4_NAME_SUBSTITUTES, flags),
        );
        assert!(
            matches!(
                decode(names),
                Err(Error::BadSubstituteFlags {
                    item: BasicFourItem::NameSubstitutes,
                    ..
                })
            ),
            "{what}"
        );
    }
}

#[test]
fn characters_outside_the_bmp_count_as_one() {
    // 𠮷 (U+20BB7) is outside the BMP: one character, one flag.
    let names = replace(oids::BASIC4_NAME, text(oids::BASIC4_NAME, "𠮷田　太郎"));
    let names: Vec<_> = names
        .into_iter()
        .map(|g| match &g {
            GeneralName::OtherName(o) if o.type_id == oids::BASIC4_NAME_SUBSTITUTES.0 => {
                text(oids::BASIC4_NAME_SUBSTITUTES, "10000")
            }
            _ => g,
        })
        .collect();
    let info = decode(names).expect("valid");
    assert_eq!(info.name(), "𠮷田　太郎");
    assert_eq!(info.name_substitutes(), vec![0]);
}

#[test]
fn empty_or_control_text_is_refused() {
    let names = replace(oids::BASIC4_NAME, text(oids::BASIC4_NAME, ""));
    assert!(matches!(
        decode(names),
        Err(Error::BasicFourBadText {
            item: BasicFourItem::Name,
            ..
        })
    ));
    let names = replace(
        oids::BASIC4_ADDRESS,
        text(oids::BASIC4_ADDRESS, "東京都\n千代田区"),
    );
    assert!(matches!(
        decode(names),
        Err(Error::BasicFourBadText {
            item: BasicFourItem::Address,
            ..
        })
    ));
}

#[test]
fn no_personal_data_is_its_own_answer() {
    let names = vec![GeneralName::DnsName(
        Ia5String::new("example.jp").expect("ia5"),
    )];
    assert_eq!(decode(names), Err(Error::NoBasicFourInfo));
}

#[test]
fn changed_items_lists_differences() {
    let a = decode(items()).expect("valid");
    let b = BasicFourInfo::new(
        "山田　太郎",
        a.date_of_birth(),
        Sex::Male,
        "大阪府大阪市北区中之島１－３－２０",
    )
    .and_then(|b| b.with_name_substitutes(&[1]))
    .expect("valid");
    assert_eq!(
        a.changed_items(&b),
        vec![BasicFourItem::Address, BasicFourItem::AddressSubstitutes]
    );
}

#[test]
fn builder_checks_positions() {
    let info = BasicFourInfo::new(
        "山田　太郎",
        DateOfBirth::parse("319850423").expect("dob"),
        Sex::Male,
        "東京都",
    )
    .expect("valid");
    assert!(info.clone().with_name_substitutes(&[5]).is_err());
    assert!(info.clone().with_address_substitutes(&[2]).is_ok());
    assert!(
        info.with_extra(ExtraItem {
            oid: oids::BASIC4_SEX,
            value: ExtraValue::Text("1".into())
        })
        .is_err()
    );
}

#[test]
fn debug_does_not_leak_personal_data() {
    let info = decode(items()).expect("valid");
    let dbg = format!("{info:?}");
    assert!(!dbg.contains("山田") && !dbg.contains("東京"), "{dbg}");
}

fn text_strategy() -> impl Strategy<Value = String> {
    // Kanji, kana, full-width digits and hyphen, ASCII, and characters outside the BMP.
    proptest::collection::vec(
        prop_oneof![
            proptest::char::range('\u{4e00}', '\u{9fff}'),
            proptest::char::range('\u{3041}', '\u{30ff}'),
            proptest::char::range('\u{ff10}', '\u{ff19}'),
            Just('－'),
            Just('\u{3000}'),
            proptest::char::range('a', 'z'),
            proptest::char::range('\u{20000}', '\u{2a6df}'),
        ],
        1..60,
    )
    .prop_map(|v| v.into_iter().collect())
}

prop_compose! {
    fn dob_strategy()(era in 0u8..=5, year in 0u16..=9999, month in 0u8..=12, day in 0u8..=28) -> DateOfBirth {
        DateOfBirth::new(Era::from_code(era).unwrap_or(Era::Unknown), year, month, day).expect("in range")
    }
}

proptest! {
    #[test]
    fn any_basic_four_info_round_trips(
        name in text_strategy(),
        address in text_strategy(),
        dob in dob_strategy(),
        sex in prop_oneof![Just(Sex::Male), Just(Sex::Female), Just(Sex::Unknown)],
        name_subs in proptest::collection::vec(0usize..60, 0..5),
        address_subs in proptest::collection::vec(0usize..60, 0..5),
        extra in proptest::option::of(text_strategy()),
    ) {
        let nlen = name.chars().count();
        let alen = address.chars().count();
        let name_subs: Vec<usize> = name_subs.into_iter().filter(|p| *p < nlen).collect();
        let address_subs: Vec<usize> = address_subs.into_iter().filter(|p| *p < alen).collect();
        let mut info = BasicFourInfo::new(name, dob, sex, address)
            .and_then(|i| i.with_name_substitutes(&name_subs))
            .and_then(|i| i.with_address_substitutes(&address_subs))
            .expect("valid by construction");
        if let Some(e) = extra {
            let oid: Oid = "1.2.392.200149.8.5.5.8".parse().expect("oid");
            info = info.with_extra(ExtraItem { oid, value: ExtraValue::Text(e) }).expect("extra");
        }
        let der = info.to_subject_alt_name_der();
        let back = BasicFourInfo::from_subject_alt_name_der(&der);
        prop_assert_eq!(back.as_ref(), Ok(&info));
        let mut subs = name_subs.clone();
        subs.sort_unstable();
        subs.dedup();
        prop_assert_eq!(info.name_substitutes(), subs);
    }

    #[test]
    fn random_bytes_never_panic_the_san_decoder(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = BasicFourInfo::from_subject_alt_name_der(&bytes);
    }
}

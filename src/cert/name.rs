//! Distinguished names: a borrowed view over the DER, with RFC 4514 text and typed attributes.

use core::fmt;

use der::asn1::{
    AnyRef, BmpString, Ia5StringRef, ObjectIdentifier, PrintableStringRef, Utf8StringRef,
};
use der::{Tag, Tagged};

use crate::der_reader::{self, Reader, tag};

use crate::oid::oids;
use crate::{Error, Oid};

/// A distinguished name (issuer or subject), borrowed from its certificate.
///
/// Comparisons of two names for path building use the DER bytes (`as_der`); for display,
/// [`DistinguishedName::to_rfc4514`] gives the RFC 4514 string (most specific RDN first).
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::testkit::{HolderSpec, TestCa};
/// let ca = TestCa::new(1);
/// let cert = ca.issue_signing(&HolderSpec::example()).certificate();
/// let issuer = cert.issuer();
/// assert_eq!(issuer.country().as_deref(), Some("JP"));
/// assert!(issuer.matches(&ca.signing_root().certificate().subject()));
/// println!("{}", issuer.to_rfc4514());
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct DistinguishedName<'a> {
    der: &'a [u8],
}

/// One attribute of a distinguished name, with its value as text.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{NameAttribute, oids, testkit::{HolderSpec, TestCa}};
/// let ca = TestCa::new(1);
/// let cert = ca.issue_signing(&HolderSpec::example()).certificate();
/// // C, L (prefecture), L (municipality), CN, least specific first.
/// let attrs: Vec<NameAttribute> = cert.subject().attributes();
/// assert_eq!(attrs.len(), 4);
/// assert_eq!(attrs[1], NameAttribute { oid: oids::AT_LOCALITY, value: "Tokyo-to".into() });
/// assert_eq!(attrs[3].oid, oids::AT_COMMON_NAME);
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameAttribute {
    /// The attribute type, e.g. `2.5.4.3` for commonName.
    pub oid: Oid,
    /// The value as text; a value that is not a string type is given as `#` and its DER in hex
    /// (RFC 4514 §2.4).
    pub value: String,
}

impl<'a> DistinguishedName<'a> {
    /// Wraps and validates the DER of a Name (an RDNSequence, tag and length included).
    pub(crate) fn parse(der: &'a [u8]) -> Result<Self, Error> {
        let name = Self { der };
        name.walk(|_, _, _| Ok(()))?;
        Ok(name)
    }

    /// Wraps DER that `parse` already validated (when the certificate was parsed).
    pub(crate) fn validated(der: &'a [u8]) -> Self {
        Self { der }
    }

    /// The DER encoding, tag and length included, exactly as in the certificate.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::testkit::{HolderSpec, TestCa};
    /// let ca = TestCa::new(1);
    /// let cert = ca.issue_signing(&HolderSpec::example()).certificate();
    /// assert_eq!(cert.issuer().as_der(), ca.signing_root().certificate().subject().as_der());
    /// assert_eq!(cert.issuer().as_der()[0], 0x30); // the SEQUENCE tag is included
    /// # }
    /// ```
    pub fn as_der(&self) -> &'a [u8] {
        self.der
    }

    /// Whether the name has no RDNs.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::testkit::{HolderSpec, TestCa};
    /// let cert = TestCa::new(1).issue_signing(&HolderSpec::example()).certificate();
    /// assert!(!cert.subject().is_empty());
    /// # }
    /// ```
    pub fn is_empty(&self) -> bool {
        self.der.len() <= 2
    }

    /// Every attribute in encoding order (least specific first, as in the DER).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{oids, testkit::{HolderSpec, TestCa}};
    /// let cert = TestCa::new(1).issue_user_authentication(&HolderSpec::example()).certificate();
    /// let attrs = cert.subject().attributes();
    /// assert_eq!(attrs[0].oid, oids::AT_COUNTRY);
    /// assert_eq!(attrs[0].value, "JP");
    /// assert_eq!(attrs[1].oid, oids::AT_COMMON_NAME);
    /// # }
    /// ```
    pub fn attributes(&self) -> Vec<NameAttribute> {
        let mut out = Vec::new();
        // The walk was validated in `parse`, so errors cannot occur here.
        let _ = self.walk(|_, oid, value| {
            out.push(NameAttribute {
                oid: Oid(oid),
                value: value_text(value),
            });
            Ok(())
        });
        out
    }

    /// The values of every attribute of type `oid`, in encoding order.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{oids, testkit::{HolderSpec, TestCa}};
    /// let cert = TestCa::new(1).issue_signing(&HolderSpec::example()).certificate();
    /// assert_eq!(cert.subject().values_of(&oids::AT_LOCALITY), ["Tokyo-to", "Chiyoda-ku"]);
    /// # }
    /// ```
    pub fn values_of(&self, oid: &Oid) -> Vec<String> {
        self.attributes()
            .into_iter()
            .filter(|a| a.oid == *oid)
            .map(|a| a.value)
            .collect()
    }

    /// The first commonName (CN), if any.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::testkit::{HolderSpec, TestCa};
    /// let cert = TestCa::new(1).issue_signing(&HolderSpec::example()).certificate();
    /// // An opaque CN: no personal data in the subject DN.
    /// assert_eq!(cert.subject().common_name().map(|cn| cn.len()), Some(22));
    /// assert_eq!(cert.issuer().common_name(), None);
    /// # }
    /// ```
    pub fn common_name(&self) -> Option<String> {
        self.values_of(&oids::AT_COMMON_NAME).into_iter().next()
    }

    /// The first countryName (C), if any.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::testkit::{HolderSpec, TestCa};
    /// let cert = TestCa::new(1).issue_signing(&HolderSpec::example()).certificate();
    /// assert_eq!(cert.subject().country().as_deref(), Some("JP"));
    /// # }
    /// ```
    pub fn country(&self) -> Option<String> {
        self.values_of(&oids::AT_COUNTRY).into_iter().next()
    }

    /// The first organizationName (O), if any.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::testkit::{HolderSpec, TestCa};
    /// let cert = TestCa::new(1).issue_signing(&HolderSpec::example()).certificate();
    /// assert_eq!(cert.issuer().organization().as_deref(), Some("JPKI-TEST"));
    /// # }
    /// ```
    pub fn organization(&self) -> Option<String> {
        self.values_of(&oids::AT_ORGANIZATION).into_iter().next()
    }

    /// Whether some attribute of type `oid` has a UTF8String, PrintableString or IA5String
    /// value for which `pred` holds (borrowed: no allocation, for the verification path).
    pub(crate) fn any_text_value(&self, oid: &Oid, mut pred: impl FnMut(&str) -> bool) -> bool {
        let want = oid.as_bytes();
        let mut rdns = Reader::new(self.der);
        // The name was validated when it was parsed (`DistinguishedName::validated` is only
        // built from checked DER): this walk only finds the values, comparing the type's
        // encoding instead of decoding it, and reads string contents `der` already accepted.
        let Ok(mut rdns) = rdns.sequence() else {
            return false;
        };
        while let Ok(set) = rdns.expect_tag(tag::SET) {
            let mut atvs = set.reader();
            while let Ok(mut atv) = atvs.sequence() {
                let (Ok(ty), Ok(value)) = (atv.read(), atv.read()) else {
                    return false;
                };
                let text = match value.tag {
                    tag::UTF8_STRING | tag::PRINTABLE_STRING | tag::IA5_STRING
                        if ty.value == want =>
                    {
                        core::str::from_utf8(value.value).ok()
                    }
                    _ => None,
                };
                if text.is_some_and(&mut pred) {
                    return true;
                }
            }
        }
        false
    }

    /// Every organizationalUnitName (OU), in encoding order.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{OU_USER_AUTHENTICATION, testkit::{HolderSpec, TestCa, OU_JLIS}};
    /// let cert = TestCa::new(1).issue_user_authentication(&HolderSpec::example()).certificate();
    /// assert_eq!(cert.issuer().organizational_units(), [OU_USER_AUTHENTICATION, OU_JLIS]);
    /// # }
    /// ```
    pub fn organizational_units(&self) -> Vec<String> {
        self.values_of(&oids::AT_ORGANIZATIONAL_UNIT)
    }

    /// Every localityName (L), in encoding order (JPKI: prefecture, then municipality).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::testkit::{HolderSpec, TestCa};
    /// let cert = TestCa::new(1).issue_signing(&HolderSpec::example()).certificate();
    /// assert_eq!(cert.subject().localities(), ["Tokyo-to", "Chiyoda-ku"]);
    /// # }
    /// ```
    pub fn localities(&self) -> Vec<String> {
        self.values_of(&oids::AT_LOCALITY)
    }

    /// The RFC 4514 string form, most specific RDN first (e.g. `CN=...,O=JPKI,C=JP`).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::testkit::{HolderSpec, TestCa};
    /// let cert = TestCa::new(1).issue_signing(&HolderSpec::example()).certificate();
    /// let issuer = cert.issuer().to_rfc4514();
    /// assert!(issuer.starts_with("OU=Japan Agency for Local Authority Information Systems,"));
    /// assert!(issuer.ends_with(",O=JPKI-TEST,C=JP"));
    /// # }
    /// ```
    pub fn to_rfc4514(&self) -> String {
        // Each attribute is written by `x509-cert`'s RFC 4514 formatter (short names, escaping,
        // `#hex` for non-string values); the RDNs are assembled here from the attributes this
        // crate validated. Decoding the whole Name with `x509-cert` instead would fail on what
        // it is stricter about (the DER order of a multi-valued RDN's SET) and leave nothing to
        // show. The walk cannot fail: the name was validated by the same walk when parsed.
        let mut rdns: Vec<Vec<String>> = Vec::new();
        let _ = self.walk(|rdn, oid, value| {
            let atv = x509_cert::attr::AttributeTypeAndValue {
                oid,
                value: der::asn1::Any::from(value),
            };
            if rdns.len() < rdn {
                rdns.push(Vec::new());
            }
            if let Some(last) = rdns.last_mut() {
                last.push(atv.to_string());
            }
            Ok(())
        });
        rdns.iter()
            .rev()
            .map(|rdn| rdn.join("+"))
            .collect::<Vec<_>>()
            .join(",")
    }

    /// RFC 5280 §7.1 name matching: the same RDNs in the same order, each with the same set of
    /// attributes, string values compared after folding case and insignificant white space
    /// (so a PrintableString and a UTF8String of the same text match). Byte-identical
    /// encodings match without decoding.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::testkit::{HolderSpec, TestCa};
    /// let ca = TestCa::new(1);
    /// let cert = ca.issue_signing(&HolderSpec::example()).certificate();
    /// let root = ca.signing_root().certificate();
    /// assert!(cert.issuer().matches(&root.subject()));
    /// assert!(!cert.subject().matches(&root.subject()));
    /// # }
    /// ```
    pub fn matches(&self, other: &DistinguishedName<'_>) -> bool {
        if self.der == other.der {
            return true;
        }
        match (self.shape(), other.shape()) {
            (Some(a), Some(b)) => a.matches(&b),
            // More attributes than the fixed table holds, or BMPString values: the general
            // (allocating) comparison.
            _ => self.normalized() == other.normalized(),
        }
    }

    /// The attributes in a fixed table (verification compares names without allocating).
    fn shape(&self) -> Option<Shape<'a>> {
        let mut shape = Shape::default();
        let mut fits = true;
        let _ = self.walk(|rdn, oid, value| {
            match shape.entries.get_mut(shape.len) {
                Some(slot) if value.tag() != Tag::BmpString => {
                    *slot = Some((rdn, oid, value));
                    shape.len += 1;
                }
                _ => fits = false,
            }
            Ok(())
        });
        fits.then_some(shape)
    }

    fn normalized(&self) -> Vec<(usize, ObjectIdentifier, String)> {
        let mut out = Vec::new();
        let _ = self.walk(|rdn, oid, value| {
            let text = match string_value(value) {
                Some(s) => folded(&s).collect(),
                None => value_text(value),
            };
            out.push((rdn, oid, text));
            Ok(())
        });
        out.sort();
        out
    }

    /// Walks every AttributeTypeAndValue, validating the structure and string contents.
    /// Walks every AttributeTypeAndValue, calling `f` with its RDN's index (from 1), type and
    /// value; validates the structure and the string contents on the way.
    ///
    /// ```text
    /// Name ::= CHOICE { rdnSequence  RDNSequence }
    /// RDNSequence ::= SEQUENCE OF RelativeDistinguishedName
    /// RelativeDistinguishedName ::= SET SIZE (1..MAX) OF AttributeTypeAndValue
    /// AttributeTypeAndValue ::= SEQUENCE { type AttributeType, value AttributeValue }
    /// ```
    fn walk<F>(&self, mut f: F) -> Result<(), Error>
    where
        F: FnMut(usize, ObjectIdentifier, AnyRef<'a>) -> Result<(), Error>,
    {
        let ctx = crate::DerContext::DistinguishedName;
        let at = Error::der_at(ctx);
        let mut outer = Reader::new(self.der);
        let mut rdns = outer.sequence().map_err(&at)?;
        outer.finish().map_err(&at)?;
        let mut rdn_index = 0usize;
        while !rdns.at_end() {
            rdn_index += 1;
            let mut atvs = rdns.expect_tag(tag::SET).map_err(&at)?.reader();
            if atvs.at_end() {
                return Err(Error::BadDer {
                    context: ctx,
                    problem: crate::DerProblem::InvalidValue,
                });
            }
            while !atvs.at_end() {
                let mut atv = atvs.sequence().map_err(&at)?;
                let oid = der_reader::oid(&atv.read().map_err(&at)?).map_err(&at)?;
                let value = atv.read().and_then(|v| v.any()).map_err(&at)?;
                atv.finish().map_err(&at)?;
                check_string(value)?;
                check_attribute_syntax(oid, value)?;
                f(rdn_index, oid, value)?;
            }
        }
        Ok(())
    }
}

fn check_attribute_syntax(oid: ObjectIdentifier, value: AnyRef<'_>) -> Result<(), Error> {
    // Evaluated at compile time: this runs for every attribute of every name parsed.
    const DIRECTORY_STRING: [Oid; 8] = [
        oids::AT_COMMON_NAME,
        oids::AT_LOCALITY,
        oids::AT_ORGANIZATION,
        oids::AT_ORGANIZATIONAL_UNIT,
        Oid::new("2.5.4.8"),  // stateOrProvinceName
        Oid::new("2.5.4.12"), // title
        Oid::new("2.5.4.4"),  // surname
        Oid::new("2.5.4.42"), // givenName
    ];
    let ok = if Oid(oid) == oids::AT_COUNTRY {
        value.tag() == Tag::PrintableString
    } else if DIRECTORY_STRING.contains(&Oid(oid)) {
        matches!(
            value.tag(),
            Tag::Utf8String | Tag::PrintableString | Tag::TeletexString | Tag::BmpString
        )
    } else {
        true
    };
    if ok {
        Ok(())
    } else {
        Err(Error::BadNameString {
            string_type: crate::NameString::WrongTypeForAttribute,
        })
    }
}

/// Checks that a string-typed attribute value holds valid contents for its type.
pub(crate) fn check_string(value: AnyRef<'_>) -> Result<(), Error> {
    let bad = |string_type| Error::BadNameString { string_type };
    // The contents are validated by `der`'s string types, straight from the value octets.
    let v = value.value();
    match value.tag() {
        Tag::Utf8String => Utf8StringRef::new(v)
            .map(drop)
            .map_err(|_| bad(crate::NameString::Utf8String)),
        Tag::PrintableString => PrintableStringRef::new(v)
            .map(drop)
            .map_err(|_| bad(crate::NameString::PrintableString)),
        Tag::Ia5String => Ia5StringRef::new(v)
            .map(drop)
            .map_err(|_| bad(crate::NameString::Ia5String)),
        Tag::BmpString => BmpString::from_ucs2(v)
            .map(drop)
            .map_err(|_| bad(crate::NameString::BmpString)),
        _ => Ok(()),
    }
}

/// A name's attributes, in encoding order, with their RDN numbers.
#[derive(Default)]
struct Shape<'a> {
    entries: [Option<(usize, ObjectIdentifier, AnyRef<'a>)>; 16],
    len: usize,
}

impl Shape<'_> {
    fn iter(&self) -> impl Iterator<Item = &(usize, ObjectIdentifier, AnyRef<'_>)> {
        self.entries.iter().take(self.len).flatten()
    }

    /// RFC 5280 §7.1 on the tables: the same number of attributes, and each attribute of an
    /// RDN has a matching attribute in the other name's RDN of the same number.
    fn matches(&self, other: &Shape<'_>) -> bool {
        let rdns = |s: &Shape<'_>| s.iter().last().map_or(0, |e| e.0);
        if self.len != other.len || rdns(self) != rdns(other) {
            return false;
        }
        self.iter().all(|(rdn, oid, value)| {
            let same_rdn = other.iter().filter(|e| e.0 == *rdn).count()
                == self.iter().filter(|e| e.0 == *rdn).count();
            same_rdn
                && other
                    .iter()
                    .any(|(r, o, v)| r == rdn && o == oid && values_match(*value, *v))
        })
    }
}

/// Attribute values equal under RFC 5280 §7.1: strings after case folding and collapsing
/// white space (whatever their string type), other values byte for byte.
fn values_match(a: AnyRef<'_>, b: AnyRef<'_>) -> bool {
    match (borrowed_text(a), borrowed_text(b)) {
        (Some(x), Some(y)) => folded(x).eq(folded(y)),
        (None, None) => a.tag() == b.tag() && a.value() == b.value(),
        _ => false,
    }
}

fn borrowed_text(value: AnyRef<'_>) -> Option<&str> {
    match value.tag() {
        Tag::Utf8String => Utf8StringRef::new(value.value()).ok().map(|s| s.as_str()),
        Tag::PrintableString => PrintableStringRef::new(value.value())
            .ok()
            .map(|s| s.as_str()),
        Tag::Ia5String => Ia5StringRef::new(value.value()).ok().map(|s| s.as_str()),
        _ => None,
    }
}

/// Whether two attribute texts are equal under the RFC 5280 §7.1 comparison that name chaining
/// uses (case folded, white space collapsed): what classifies a name must agree with what
/// chains it.
pub(crate) fn text_matches(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    if a.is_ascii() && b.is_ascii() {
        // The same fold on ASCII, word by word without decoding characters: classification
        // compares the issuer's OU and O this way on every first verification of a leaf.
        let mut x = ascii_words(a);
        let mut y = ascii_words(b);
        return loop {
            match (x.next(), y.next()) {
                (None, None) => break true,
                (Some(p), Some(q)) if p.eq_ignore_ascii_case(q) => {}
                _ => break false,
            }
        };
    }
    folded(a).eq(folded(b))
}

/// The words of an ASCII text, split where `char::is_whitespace` splits (U+0009 to U+000D and
/// the space), empty words skipped: what `folded` does before lower-casing.
fn ascii_words(s: &str) -> impl Iterator<Item = &[u8]> {
    s.as_bytes()
        .split(|c| *c == b' ' || (0x09..=0x0d).contains(c))
        .filter(|w| !w.is_empty())
}

/// The characters of `s` with runs of white space made one space, ends trimmed, lower case.
fn folded(s: &str) -> impl Iterator<Item = char> + '_ {
    s.split_whitespace()
        .enumerate()
        .flat_map(|(i, w)| (i > 0).then_some(' ').into_iter().chain(w.chars()))
        .flat_map(char::to_lowercase)
}

/// The text of a string-typed attribute value.
fn string_value(value: AnyRef<'_>) -> Option<String> {
    match value.tag() {
        Tag::Utf8String => Utf8StringRef::new(value.value())
            .ok()
            .map(|s| s.as_str().to_owned()),
        Tag::PrintableString => PrintableStringRef::new(value.value())
            .ok()
            .map(|s| s.as_str().to_owned()),
        Tag::Ia5String => Ia5StringRef::new(value.value())
            .ok()
            .map(|s| s.as_str().to_owned()),
        Tag::BmpString => BmpString::from_ucs2(value.value())
            .ok()
            .map(|s| s.to_string()),
        _ => None,
    }
}

/// The text of an attribute value (string types), or `#` + hex of its DER.
fn value_text(value: AnyRef<'_>) -> String {
    string_value(value).unwrap_or_else(|| {
        let mut out = String::from("#");
        let mut buf = Vec::new();
        if der::Encode::encode_to_vec(&value, &mut buf).is_ok() {
            for b in buf {
                out.push_str(&format!("{b:02x}"));
            }
        }
        out
    })
}

impl fmt::Display for DistinguishedName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc4514())
    }
}

impl fmt::Debug for DistinguishedName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DistinguishedName({})", self.to_rfc4514())
    }
}

#[cfg(test)]
mod match_tests {
    //! The allocation-free comparison equals the general one (compiled only under cfg(test)).
    use super::*;
    use crate::testkit::{StringType, encode_name};
    use proptest::prelude::*;

    type Attr = (Oid, StringType, String);

    /// An attribute the parser accepts: countryName is a PrintableString (RFC 5280), and every
    /// value holds a non-space character (a PrintableString of spaces only is refused).
    fn attr() -> impl Strategy<Value = Attr> {
        let oid = prop_oneof![
            Just(oids::AT_COUNTRY),
            Just(oids::AT_ORGANIZATION),
            Just(oids::AT_COMMON_NAME)
        ];
        let ty = prop_oneof![Just(StringType::Printable), Just(StringType::Utf8)];
        (oid, ty, "[aAbB ]{0,3}[aAbB][aAbB ]{0,3}").prop_map(|(o, t, s)| {
            let t = if o == oids::AT_COUNTRY {
                StringType::Printable
            } else {
                t
            };
            (o, t, s)
        })
    }

    /// How the second name is made from the first, and whether the two must match.
    #[derive(Clone, Copy, Debug)]
    enum Variant {
        /// Another random name.
        Unrelated,
        /// Each value in other case and with doubled spaces: matches.
        CaseAndSpace,
        /// One value (at this index, modulo the length) with one more character: no match.
        OneValueDiffers(usize),
        /// One value's string type swapped (PrintableString and UTF8String): matches.
        OtherStringType(usize),
        /// Two neighbouring RDNs swapped: no match unless they are equal.
        Reordered(usize),
        /// A proper prefix of the RDNs: no match.
        Prefix(usize),
    }

    fn variant() -> impl Strategy<Value = Variant> {
        prop_oneof![
            Just(Variant::Unrelated),
            Just(Variant::CaseAndSpace),
            any::<usize>().prop_map(Variant::OneValueDiffers),
            any::<usize>().prop_map(Variant::OtherStringType),
            any::<usize>().prop_map(Variant::Reordered),
            any::<usize>().prop_map(Variant::Prefix),
        ]
    }

    fn folded_value(s: &str) -> String {
        folded(s).collect()
    }

    /// The second name, and the expected verdict when the variant decides it.
    fn derive(a: &[Attr], unrelated: Vec<Attr>, v: Variant) -> (Vec<Attr>, Option<bool>) {
        let mut b = a.to_vec();
        let len = a.len();
        match v {
            Variant::Unrelated => return (unrelated, None),
            Variant::CaseAndSpace => {
                for e in &mut b {
                    e.2 = e.2.to_uppercase().replace(' ', "  ");
                }
                return (b, Some(true));
            }
            Variant::OneValueDiffers(i) => {
                if let Some(e) = b.get_mut(i % len) {
                    e.2.push('b');
                }
                return (b, Some(false));
            }
            Variant::OtherStringType(i) => {
                if let Some(e) = b.get_mut(i % len).filter(|e| e.0 != oids::AT_COUNTRY) {
                    e.1 = match e.1 {
                        StringType::Printable => StringType::Utf8,
                        StringType::Utf8 => StringType::Printable,
                    };
                }
                return (b, Some(true));
            }
            Variant::Reordered(i) if len >= 2 => {
                let i = i % (len - 1);
                b.swap(i, i + 1);
                let key = |e: &Attr| (e.0, folded_value(&e.2));
                let same = a.get(i).map(key) == a.get(i + 1).map(key);
                return (b, Some(same));
            }
            Variant::Reordered(_) => return (b, Some(true)),
            Variant::Prefix(i) if len >= 2 => {
                b.truncate(1 + i % (len - 1));
                return (b, Some(false));
            }
            Variant::Prefix(_) => {}
        }
        (b, Some(true))
    }

    proptest! {
        #[test]
        fn ascii_text_match_equals_the_general_fold(
            a in "[aAbB \t\x0b\x0c\r\n]{0,12}",
            b in "[aAbB \t\x0b\x0c\r\n]{0,12}",
        ) {
            let general = folded(&a).eq(folded(&b));
            prop_assert_eq!(text_matches(&a, &b), general, "{:?} against {:?}", a, b);
            prop_assert!(text_matches(&a, &a.to_uppercase()));
        }

        #[test]
        fn fast_match_equals_general_match(
            a in proptest::collection::vec(attr(), 1..20),
            unrelated in proptest::collection::vec(attr(), 1..20),
            v in variant(),
        ) {
            let enc = |v: &[Attr]| {
                let attrs: Vec<_> = v.iter().map(|(o, t, s)| (*o, *t, s.as_str())).collect();
                encode_name(&attrs)
            };
            let (b, expected) = derive(&a, unrelated, v);
            let (da, db) = (enc(&a), enc(&b));
            // Every generated name parses: none is skipped.
            let x = DistinguishedName::parse(&da);
            let y = DistinguishedName::parse(&db);
            prop_assert!(x.is_ok(), "{:?} does not parse: {:?}", a, x);
            prop_assert!(y.is_ok(), "{:?} does not parse: {:?}", b, y);
            let (Ok(x), Ok(y)) = (x, y) else { unreachable!() };
            // Both directions, on both paths (the fast one for up to 16 attributes).
            let general = x.normalized() == y.normalized();
            prop_assert_eq!(x.matches(&y), general, "{:?} against {:?} ({:?})", a, b, v);
            prop_assert_eq!(y.matches(&x), general, "{:?} against {:?} ({:?})", b, a, v);
            if let Some(expected) = expected {
                prop_assert_eq!(general, expected, "{:?} against {:?} ({:?})", a, b, v);
            }
        }
    }
}

//! Certificate extensions: the list, the strictness rules, and the ones we interpret.

use core::ops::Range;

use der::Decode;

use super::KeyUsage;
use super::general_names::{self, GeneralNameRef};
use crate::der_reader::{self, Reader, Tlv, tag};
use crate::oid::oids;
use crate::{DerContext, Error, ExtensionProblem, Oid};

/// The most extensions a certificate may carry (a resource limit; real JPKI certificates have 9).
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{MAX_EXTENSIONS, testkit::{HolderSpec, TestCa}};
/// let cert = TestCa::new(1).issue_signing(&HolderSpec::example()).certificate();
/// assert!(cert.extensions().count() <= MAX_EXTENSIONS);
/// # }
/// ```
pub const MAX_EXTENSIONS: usize = 64;

/// One extension as it appears in the certificate.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::testkit::{HolderSpec, TestCa};
/// let ca = TestCa::new(1);
/// let cert = ca.issue_signing(&HolderSpec::example()).certificate();
/// use jpki_core::oids;
/// let ku = cert.extension(&oids::KEY_USAGE);
/// assert!(ku.is_some_and(|e| e.critical));
/// assert!(cert.extensions().count() >= 5);
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Extension<'a> {
    /// extnID.
    pub oid: Oid,
    /// Whether the extension is marked critical.
    pub critical: bool,
    /// extnValue: the DER of the extension's own value (the OCTET STRING's contents).
    pub value: &'a [u8],
}

/// basicConstraints (RFC 5280 §4.2.1.9).
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::testkit::TestCa;
/// let root = TestCa::new(1).signing_root().certificate();
/// assert!(root.basic_constraints().is_some_and(|bc| bc.ca));
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct BasicConstraints {
    /// cA.
    pub ca: bool,
    /// pathLenConstraint.
    pub path_len: Option<u8>,
}

/// A GeneralName (RFC 5280 §4.2.1.6), as text where it has a text form.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::testkit::{HolderSpec, TestCa};
/// let ca = TestCa::new(1);
/// let cert = ca.issue_signing(&HolderSpec::example()).certificate();
/// use jpki_core::GeneralName;
/// // JPKI: the CRL partition of the holder's municipality is a directoryName.
/// assert!(cert.crl_distribution_points().iter().any(|n| matches!(n, GeneralName::DirectoryName(_))));
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum GeneralName {
    /// directoryName, as an RFC 4514 string.
    DirectoryName(String),
    /// uniformResourceIdentifier.
    Uri(String),
    /// dNSName.
    Dns(String),
    /// rfc822Name.
    Email(String),
    /// iPAddress octets.
    IpAddress(Vec<u8>),
    /// otherName, identified by its type-id.
    OtherName(Oid),
    /// registeredID.
    RegisteredId(Oid),
    /// ediPartyName (kept opaque).
    EdiPartyName,
    /// x400Address (kept opaque).
    X400Address,
}

/// An authorityInfoAccess entry.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{AccessDescription, Certificate, GeneralName, oids};
/// use jpki_core::testkit::{HolderSpec, TemplateExtension, TestCa};
/// let ca = TestCa::new(1);
/// // The test CA's certificates carry no authorityInfoAccess; real ones may point to OCSP.
/// let mut t = ca.signing_template(&HolderSpec::example());
/// t.extensions.push(TemplateExtension {
///     oid: oids::AUTHORITY_INFO_ACCESS,
///     critical: false,
///     // SEQUENCE { SEQUENCE { id-ad-ocsp, [6] "http://ocsp.test" } }
///     value: [&[0x30, 0x1e, 0x30, 0x1c, 0x06, 0x08, 0x2b, 6, 1, 5, 5, 7, 0x30, 1, 0x86, 0x10][..],
///             b"http://ocsp.test"].concat(),
/// });
/// let cert = Certificate::from_der(&ca.sign_template(&t))?;
/// assert_eq!(cert.authority_info_access(), [AccessDescription {
///     method: "1.3.6.1.5.5.7.48.1".parse()?,
///     location: GeneralName::Uri("http://ocsp.test".into()),
/// }]);
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessDescription {
    /// accessMethod (e.g. `1.3.6.1.5.5.7.48.1` for OCSP).
    pub method: Oid,
    /// accessLocation.
    pub location: GeneralName,
}

/// A raw extension found while decoding: borrowed from its certificate, CRL or response.
///
/// ```text
/// Extension  ::=  SEQUENCE  {
///      extnID      OBJECT IDENTIFIER,
///      critical    BOOLEAN DEFAULT FALSE,
///      extnValue   OCTET STRING }
/// ```
pub(crate) struct RawExtension<'a> {
    pub oid: Oid,
    pub critical: bool,
    /// extnValue's contents.
    pub value: &'a [u8],
    /// extnValue, with its offsets.
    pub octets: Tlv<'a>,
}

/// A GeneralName as the typed view keeps it: where its value lies in the certificate's DER,
/// already validated (strings are IA5, names are well-formed), so reading it cannot fail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum NameAt {
    OtherName(Oid),
    Email(Range<usize>),
    Dns(Range<usize>),
    Uri(Range<usize>),
    /// The Name's DER, tag included.
    Directory(Range<usize>),
    IpAddress(Range<usize>),
    RegisteredId(Oid),
    X400Address,
    EdiPartyName,
}

impl NameAt {
    fn new(g: GeneralNameRef<'_>, tlv: &Tlv<'_>) -> Self {
        let at = tlv.value_span();
        match g {
            GeneralNameRef::OtherName { type_id, .. } => Self::OtherName(Oid(type_id)),
            GeneralNameRef::Rfc822 => Self::Email(at),
            GeneralNameRef::Dns => Self::Dns(at),
            GeneralNameRef::Uri => Self::Uri(at),
            GeneralNameRef::DirectoryName => Self::Directory(at),
            GeneralNameRef::IpAddress => Self::IpAddress(at),
            GeneralNameRef::RegisteredId(o) => Self::RegisteredId(Oid(o)),
            GeneralNameRef::X400Address => Self::X400Address,
            GeneralNameRef::EdiPartyName => Self::EdiPartyName,
        }
    }

    /// The public form, reading the certificate's DER (`der`) at the recorded offsets.
    pub(crate) fn to_general_name(&self, der: &[u8]) -> GeneralName {
        let bytes = |r: &Range<usize>| der.get(r.clone()).unwrap_or_default();
        // IA5String contents were checked to be ASCII at parse time: the lossy conversion is
        // exact for them.
        let text = |r: &Range<usize>| String::from_utf8_lossy(bytes(r)).into_owned();
        match self {
            Self::OtherName(o) => GeneralName::OtherName(*o),
            Self::Email(r) => GeneralName::Email(text(r)),
            Self::Dns(r) => GeneralName::Dns(text(r)),
            Self::Uri(r) => GeneralName::Uri(text(r)),
            Self::Directory(r) => GeneralName::DirectoryName(
                super::DistinguishedName::validated(bytes(r)).to_rfc4514(),
            ),
            Self::IpAddress(r) => GeneralName::IpAddress(bytes(r).to_vec()),
            Self::RegisteredId(o) => GeneralName::RegisteredId(*o),
            Self::X400Address => GeneralName::X400Address,
            Self::EdiPartyName => GeneralName::EdiPartyName,
        }
    }
}

/// Every extension the crate interprets, decoded once at parse time into offsets and values;
/// the certificate's accessors read only this view.
#[derive(Clone, Debug, Default)]
pub(crate) struct Interpreted {
    pub key_usage: Option<KeyUsage>,
    pub extended_key_usage: Option<Vec<Oid>>,
    pub basic_constraints: Option<BasicConstraints>,
    pub policies: Option<Vec<Oid>>,
    /// subjectAltName's value (the GeneralNames SEQUENCE).
    pub subject_alt_name: Option<Range<usize>>,
    /// subjectAltName's otherNames under the personal-data arc (the basic four items and any
    /// extra item), in order: type-id and where the value's TLV lies.
    pub personal_data: Vec<(Oid, Range<usize>)>,
    /// The names of issuerAltName, cRLDistributionPoints (fullName entries, in order) and
    /// authorityInfoAccess, in one table (one allocation), each tagged with where it is from.
    pub names: Vec<(NameFrom, NameAt)>,
    /// authorityKeyIdentifier's keyIdentifier.
    pub authority_key_id: Option<Range<usize>>,
    /// subjectKeyIdentifier's key identifier.
    pub subject_key_id: Option<Range<usize>>,
    /// The `[0] distributionPoint` field (tag included) of each distribution point: the keys
    /// CRL partitions (issuingDistributionPoint) are indexed under.
    pub crl_partitions: Vec<Range<usize>>,
}

/// Which extension a name of [`Interpreted::names`] belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NameFrom {
    IssuerAltName,
    CrlDistributionPoint,
    /// An authorityInfoAccess entry, with its accessMethod.
    AuthorityInfoAccess(Oid),
}

/// Decodes the `Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension` value in one pass: the
/// table of every extension (OID, criticality, where its value lies) and the typed view of
/// the ones the crate interprets.
pub(crate) fn decode(list: Reader<'_>) -> Result<(ExtensionTable, Interpreted), Error> {
    let mut table = Vec::with_capacity(12);
    let mut view = Interpreted::default();
    for_each_in::<MAX_EXTENSIONS>(list, DerContext::Extensions, |ext| {
        interpret_one(&ext, &mut view)?;
        table.push((ext.oid, ext.critical, ext.octets.value_span()));
        Ok(())
    })?;
    Ok((table, view))
}

/// Every extension of a certificate: OID, criticality and where its value lies.
pub(crate) type ExtensionTable = Vec<(Oid, bool, Range<usize>)>;

/// Walks an `Extensions` value (the SEQUENCE, tag included) without allocating, calling `f`
/// for each extension in order. Enforces DER (no explicit `critical FALSE`), a non-empty list,
/// at most `N` entries and no duplicate OID. `context` names the structure in errors
/// (certificate, CRL, CRL entry, OCSP).
pub(crate) fn for_each<'a, const N: usize>(
    der: &'a [u8],
    context: DerContext,
    f: impl FnMut(RawExtension<'a>) -> Result<(), Error>,
) -> Result<(), Error> {
    for_each_in::<N>(Reader::new(der), context, f)
}

/// [`for_each`] over a reader holding exactly the `Extensions` SEQUENCE.
pub(crate) fn for_each_in<'a, const N: usize>(
    mut list: Reader<'a>,
    context: DerContext,
    mut f: impl FnMut(RawExtension<'a>) -> Result<(), Error>,
) -> Result<(), Error> {
    let at = Error::der_at(context);
    let mut seq = list.sequence().map_err(&at)?;
    list.finish().map_err(&at)?;
    let mut seen: [&[u8]; N] = [&[]; N];
    let mut count = 0usize;
    while !seq.at_end() {
        let mut e = seq.sequence().map_err(&at)?;
        let oid_tlv = e.read().map_err(&at)?;
        let oid = der_reader::oid(&oid_tlv).map_err(&at)?;
        // critical BOOLEAN DEFAULT FALSE: DER forbids encoding the default.
        let critical = match e.optional(tag::BOOLEAN).map_err(&at)? {
            Some(b) => {
                if !bool::from_der(b.raw).map_err(Error::der_in(context))? {
                    return Err(Error::BadExtension {
                        oid: oid.to_string(),
                        reason: ExtensionProblem::CriticalFalseEncoded,
                    });
                }
                true
            }
            None => false,
        };
        let octets = e.expect_tag(tag::OCTET_STRING).map_err(&at)?;
        e.finish().map_err(&at)?;
        let Some(slot) = seen.get_mut(count) else {
            return Err(Error::TooLarge {
                what: crate::Limited::ExtensionList,
                size: count + 1,
                limit: N,
            });
        };
        *slot = oid_tlv.raw;
        if seen.iter().take(count).any(|s| *s == oid_tlv.raw) {
            return Err(Error::DuplicateExtension(oid.to_string()));
        }
        count += 1;
        f(RawExtension {
            oid: Oid(oid),
            critical,
            value: octets.value,
            octets,
        })?;
    }
    if count == 0 {
        return Err(Error::BadDer {
            context,
            problem: crate::DerProblem::InvalidValue,
        });
    }
    Ok(())
}

/// Interprets one extension into the typed view if the crate knows it, and refuses an
/// unknown critical one.
fn interpret_one(ext: &RawExtension<'_>, out: &mut Interpreted) -> Result<(), Error> {
    {
        let bad = |reason| Error::BadExtension {
            oid: ext.oid.to_string(),
            reason,
        };
        let v = ext.value;
        let r = ext.octets.reader();
        match ext.oid {
            o if o == oids::KEY_USAGE => out.key_usage = Some(KeyUsage::decode(v).map_err(bad)?),
            o if o == oids::EXTENDED_KEY_USAGE => {
                out.extended_key_usage = Some(oid_list(r).map_err(bad)?);
            }
            o if o == oids::BASIC_CONSTRAINTS => {
                out.basic_constraints = Some(basic_constraints(r).map_err(bad)?);
            }
            o if o == oids::CERTIFICATE_POLICIES => {
                let ids = policy_ids(r).map_err(bad)?;
                if ids
                    .iter()
                    .enumerate()
                    .any(|(i, a)| ids.iter().skip(i + 1).any(|b| a == b))
                {
                    return Err(bad(ExtensionProblem::DuplicatePolicy));
                }
                out.policies = Some(ids);
            }
            o if o == oids::SUBJECT_ALT_NAME => {
                let names = general_names::sequence(r, DerContext::SubjectAltName)?;
                general_names::for_each_in(names, DerContext::SubjectAltName, |g, _| match g {
                    GeneralNameRef::OtherName {
                        type_id,
                        value,
                        value_at,
                    } => {
                        // Every otherName string is checked here, whatever the profile
                        // (an RFC 5280 verification never asks `basic4`); the basic four
                        // items are also kept for `basic4`, which checks them as items.
                        general_names::check_other_name_value(value)?;
                        if Oid(type_id).is_under(&oids::JLIS_PERSONAL_DATA) {
                            if out.personal_data.is_empty() {
                                // The six items of a signing certificate: one allocation.
                                out.personal_data.reserve_exact(6);
                            }
                            out.personal_data.push((Oid(type_id), value_at));
                        }
                        Ok(())
                    }
                    _ => Ok(()),
                })?;
                out.subject_alt_name = Some(ext.octets.value_span());
            }
            o if o == oids::ISSUER_ALT_NAME => {
                let names = general_names::sequence(r, DerContext::IssuerAltName)?;
                general_names::for_each_in(names, DerContext::IssuerAltName, |g, tlv| {
                    out.names
                        .push((NameFrom::IssuerAltName, NameAt::new(g, tlv)));
                    Ok(())
                })?;
            }
            o if o == oids::AUTHORITY_KEY_IDENTIFIER => {
                if ext.critical {
                    return Err(bad(ExtensionProblem::MustNotBeCritical));
                }
                out.authority_key_id = authority_key_id(r).map_err(bad)?.map(|id| id.value_span());
            }
            o if o == oids::SUBJECT_KEY_IDENTIFIER => {
                if ext.critical {
                    return Err(bad(ExtensionProblem::MustNotBeCritical));
                }
                let mut r = r;
                let id = r
                    .expect_tag(tag::OCTET_STRING)
                    .map_err(|_| bad(ExtensionProblem::NotDer))?;
                r.finish().map_err(|_| bad(ExtensionProblem::NotDer))?;
                out.subject_key_id = Some(id.value_span());
            }
            o if o == oids::CRL_DISTRIBUTION_POINTS => crl_dps(r, out)?,
            o if o == oids::AUTHORITY_INFO_ACCESS => {
                if ext.critical {
                    return Err(bad(ExtensionProblem::AiaCritical));
                }
                aia(r, out)?;
            }
            o if o == oids::NAME_CONSTRAINTS => {
                // Name constraints are not implemented: refused whatever their criticality
                // (fail closed; a conforming one is critical, RFC 5280 §4.2.1.10).
                if !ext.critical {
                    return Err(bad(ExtensionProblem::NameConstraintsNotCritical));
                }
                return Err(Error::UnknownCriticalExtension(ext.oid.to_string()));
            }
            o if o == oids::POLICY_CONSTRAINTS => {
                // Policy processing (RFC 5280 §6.1 policy tree) is not implemented: a conforming
                // (critical) policyConstraints is refused below as an unknown critical
                // extension; a non-critical one breaks §4.2.1.11 outright.
                if !ext.critical {
                    return Err(bad(ExtensionProblem::PolicyConstraintsNotCritical));
                }
                return Err(Error::UnknownCriticalExtension(ext.oid.to_string()));
            }
            _ if ext.critical => return Err(Error::UnknownCriticalExtension(ext.oid.to_string())),
            _ => {}
        }
    }
    Ok(())
}

/// The contents of the one SEQUENCE an extension value holds, for the extensions whose
/// faults are reported as [`ExtensionProblem::NotDer`].
fn sequence_of(mut r: Reader<'_>) -> Result<Reader<'_>, ExtensionProblem> {
    let seq = r.sequence().map_err(|_| ExtensionProblem::NotDer)?;
    r.finish().map_err(|_| ExtensionProblem::NotDer)?;
    Ok(seq)
}

/// basicConstraints (RFC 5280 §4.2.1.9):
/// `SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER (0..MAX) OPTIONAL }`.
fn basic_constraints(r: Reader<'_>) -> Result<BasicConstraints, ExtensionProblem> {
    let mut s = sequence_of(r)?;
    let ca = match s
        .optional(tag::BOOLEAN)
        .map_err(|_| ExtensionProblem::NotDer)?
    {
        Some(b) => {
            // DER: cA DEFAULT FALSE must be omitted when false.
            if !bool::from_der(b.raw).map_err(|_| ExtensionProblem::NotDer)? {
                return Err(ExtensionProblem::CaFalseEncoded);
            }
            true
        }
        None => false,
    };
    let path_len = match s
        .optional(tag::INTEGER)
        .map_err(|_| ExtensionProblem::NotDer)?
    {
        // `der` refuses a negative or non-minimal INTEGER; over 255 does not fit a u8.
        Some(n) => Some(u8::from_der(n.raw).map_err(|_| ExtensionProblem::NotDer)?),
        None => None,
    };
    s.finish().map_err(|_| ExtensionProblem::NotDer)?;
    if !ca && path_len.is_some() {
        return Err(ExtensionProblem::PathLenWithoutCa);
    }
    Ok(BasicConstraints { ca, path_len })
}

/// A `SEQUENCE SIZE (1..MAX) OF OBJECT IDENTIFIER` (extendedKeyUsage).
fn oid_list(r: Reader<'_>) -> Result<Vec<Oid>, ExtensionProblem> {
    let mut s = sequence_of(r)?;
    let mut out = Vec::new();
    while !s.at_end() {
        let t = s.read().map_err(|_| ExtensionProblem::NotDer)?;
        out.push(Oid(
            der_reader::oid(&t).map_err(|_| ExtensionProblem::NotDer)?
        ));
    }
    if out.is_empty() {
        return Err(ExtensionProblem::Empty);
    }
    Ok(out)
}

/// certificatePolicies: each PolicyInformation's identifier; qualifiers checked for
/// structure (`SEQUENCE OF SEQUENCE { OID, ANY }`) and otherwise ignored.
///
/// ```text
/// PolicyInformation ::= SEQUENCE {
///      policyIdentifier   CertPolicyId,
///      policyQualifiers   SEQUENCE SIZE (1..MAX) OF PolicyQualifierInfo OPTIONAL }
/// PolicyQualifierInfo ::= SEQUENCE {
///      policyQualifierId  PolicyQualifierId,
///      qualifier          ANY DEFINED BY policyQualifierId }
/// ```
fn policy_ids(r: Reader<'_>) -> Result<Vec<Oid>, ExtensionProblem> {
    let not_der = |_| ExtensionProblem::NotDer;
    let mut s = sequence_of(r)?;
    let mut out = Vec::new();
    while !s.at_end() {
        let mut p = s.sequence().map_err(not_der)?;
        let id = der_reader::oid(&p.read().map_err(not_der)?).map_err(not_der)?;
        if !p.at_end() {
            let mut qs = p.sequence().map_err(not_der)?;
            while !qs.at_end() {
                let mut q = qs.sequence().map_err(not_der)?;
                der_reader::oid(&q.read().map_err(not_der)?).map_err(not_der)?;
                if !q.at_end() {
                    q.read().map_err(not_der)?;
                }
                q.finish().map_err(not_der)?;
            }
        }
        p.finish().map_err(not_der)?;
        out.push(Oid(id));
    }
    if out.is_empty() {
        return Err(ExtensionProblem::Empty);
    }
    Ok(out)
}

/// authorityKeyIdentifier (RFC 5280 §4.2.1.1): `[0] keyIdentifier`, `[1] authorityCertIssuer`
/// and `[2] authorityCertSerialNumber`, each optional, the last two together or not at all.
/// Returns the keyIdentifier. Shared with CRLs, whose AKI follows the same rules.
///
/// ```text
/// AuthorityKeyIdentifier ::= SEQUENCE {
///     keyIdentifier             [0] KeyIdentifier           OPTIONAL,
///     authorityCertIssuer       [1] GeneralNames            OPTIONAL,
///     authorityCertSerialNumber [2] CertificateSerialNumber OPTIONAL  }
/// ```
pub(crate) fn authority_key_id(r: Reader<'_>) -> Result<Option<Tlv<'_>>, ExtensionProblem> {
    let not_der = |_| ExtensionProblem::NotDer;
    let mut s = sequence_of(r)?;
    let key_id = s.optional(tag::context(0, false)).map_err(not_der)?;
    let issuer = s.optional(tag::context(1, true)).map_err(not_der)?;
    let serial = s.optional(tag::context(2, false)).map_err(not_der)?;
    s.finish().map_err(not_der)?;
    if issuer.is_some() != serial.is_some() {
        return Err(ExtensionProblem::AkiIssuerSerialApart);
    }
    if let Some(names) = issuer {
        general_names::for_each_in(names.reader(), DerContext::AuthorityCertIssuer, |_, _| {
            Ok(())
        })
        .map_err(|_| ExtensionProblem::NotDer)?;
    }
    Ok(key_id)
}

/// cRLDistributionPoints (RFC 5280 §4.2.1.13): each DistributionPoint's optional `[0]` name
/// (fullName GeneralNames or nameRelativeToCRLIssuer), `[1]` reasons and `[2]` cRLIssuer.
///
/// ```text
/// DistributionPoint ::= SEQUENCE {
///      distributionPoint       [0]     DistributionPointName OPTIONAL,
///      reasons                 [1]     ReasonFlags OPTIONAL,
///      cRLIssuer               [2]     GeneralNames OPTIONAL }
/// DistributionPointName ::= CHOICE {
///      fullName                [0]     GeneralNames,
///      nameRelativeToCRLIssuer [1]     RelativeDistinguishedName }
/// ```
fn crl_dps(r: Reader<'_>, out: &mut Interpreted) -> Result<(), Error> {
    let ctx = DerContext::CrlDistributionPoints;
    let at = Error::der_at(ctx);
    let mut points = general_names::sequence(r, ctx)?;
    let mut count = 0usize;
    while !points.at_end() {
        count += 1;
        let mut d = points.sequence().map_err(&at)?;
        if let Some(name) = d.optional(tag::context(0, true)).map_err(&at)? {
            let mut n = name.reader();
            let choice = n.read().map_err(&at)?;
            n.finish().map_err(&at)?;
            if choice.tag == tag::context(0, true) {
                general_names::for_each_in(choice.reader(), ctx, |g, tlv| {
                    out.names
                        .push((NameFrom::CrlDistributionPoint, NameAt::new(g, tlv)));
                    Ok(())
                })?;
            } else if choice.tag == tag::context(1, true) {
                // nameRelativeToCRLIssuer: [1] IMPLICIT RelativeDistinguishedName, a non-empty
                // SET OF AttributeTypeAndValue.
                rdn_contents(choice.reader()).map_err(&at)?;
            } else {
                return Err(at(crate::DerProblem::UnexpectedTag));
            }
            out.crl_partitions.push(name.span());
        }
        d.optional(tag::context(1, false)).map_err(&at)?;
        if let Some(issuer) = d.optional(tag::context(2, true)).map_err(&at)? {
            general_names::for_each_in(issuer.reader(), ctx, |_, _| Ok(()))?;
        }
        d.finish().map_err(&at)?;
    }
    if count == 0 {
        return Err(at(crate::DerProblem::InvalidValue));
    }
    Ok(())
}

/// The contents of a RelativeDistinguishedName: one or more `SEQUENCE { type, value }`.
fn rdn_contents(mut r: Reader<'_>) -> Result<(), crate::DerProblem> {
    if r.at_end() {
        return Err(crate::DerProblem::NonCanonical);
    }
    while !r.at_end() {
        let mut atv = r.sequence()?;
        der_reader::oid(&atv.read()?)?;
        atv.read()?;
        atv.finish()?;
    }
    Ok(())
}

/// authorityInfoAccess (RFC 5280 §4.2.2.1):
/// `SEQUENCE SIZE (1..MAX) OF SEQUENCE { accessMethod OBJECT IDENTIFIER, accessLocation GeneralName }`.
fn aia(r: Reader<'_>, out: &mut Interpreted) -> Result<(), Error> {
    let ctx = DerContext::AuthorityInfoAccess;
    let at = Error::der_at(ctx);
    let mut entries = general_names::sequence(r, ctx)?;
    let mut count = 0usize;
    while !entries.at_end() {
        count += 1;
        let mut a = match entries.read().map_err(&at)? {
            t if t.tag == tag::SEQUENCE => t.reader(),
            _ => return Err(at(crate::DerProblem::InvalidValue)),
        };
        let method = der_reader::oid(&a.read().map_err(&at)?).map_err(&at)?;
        let (g, tlv) = general_names::decode_next(&mut a, ctx)?;
        a.finish().map_err(&at)?;
        out.names.push((
            NameFrom::AuthorityInfoAccess(Oid(method)),
            NameAt::new(g, &tlv),
        ));
    }
    if count == 0 {
        return Err(at(crate::DerProblem::InvalidValue));
    }
    Ok(())
}

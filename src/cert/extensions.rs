//! Certificate extensions: the list, the strictness rules, and the ones we interpret.

use der::asn1::{ObjectIdentifier, OctetStringRef};
use der::{Decode, Reader, SliceReader};
use x509_cert::ext::pkix;
use x509_cert::ext::pkix::name::GeneralName as X509GeneralName;

use super::KeyUsage;
use super::general_names;
use crate::oid::oids;
use crate::{Error, ExtensionProblem, Oid};

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

impl GeneralName {
    pub(super) fn from_x509(g: &X509GeneralName) -> Self {
        match g {
            X509GeneralName::DirectoryName(n) => Self::DirectoryName(n.to_string()),
            X509GeneralName::UniformResourceIdentifier(s) => Self::Uri(s.to_string()),
            X509GeneralName::DnsName(s) => Self::Dns(s.to_string()),
            X509GeneralName::Rfc822Name(s) => Self::Email(s.to_string()),
            X509GeneralName::IpAddress(o) => Self::IpAddress(o.as_bytes().to_vec()),
            X509GeneralName::OtherName(o) => Self::OtherName(Oid(o.type_id)),
            X509GeneralName::RegisteredId(o) => Self::RegisteredId(Oid(*o)),
            X509GeneralName::EdiPartyName(_) => Self::EdiPartyName,
        }
    }
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

/// A raw extension found while decoding: borrowed from the certificate.
pub(crate) struct RawExtension<'a> {
    pub oid: Oid,
    pub critical: bool,
    pub value: &'a [u8],
}

/// What the crate interprets of a certificate's extensions, decoded once at parse time.
#[derive(Clone, Debug, Default)]
pub(crate) struct Interpreted {
    pub key_usage: Option<KeyUsage>,
    pub extended_key_usage: Option<Vec<Oid>>,
    pub basic_constraints: Option<BasicConstraints>,
    pub policies: Option<Vec<Oid>>,
}

/// Decodes the `Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension` value.
pub(crate) fn decode_list(der: &[u8]) -> Result<Vec<RawExtension<'_>>, Error> {
    let mut list = Vec::new();
    for_each::<MAX_EXTENSIONS>(der, crate::DerContext::Extensions, |ext| {
        list.push(ext);
        Ok(())
    })?;
    Ok(list)
}

/// Walks an `Extensions` value (the SEQUENCE, tag included) without allocating, calling `f`
/// for each extension in order. Enforces DER (no explicit `critical FALSE`), a non-empty list,
/// at most `N` entries and no duplicate OID. `context` names the structure in errors
/// (certificate, CRL, CRL entry, OCSP).
pub(crate) fn for_each<'a, const N: usize>(
    der: &'a [u8],
    context: crate::DerContext,
    mut f: impl FnMut(RawExtension<'a>) -> Result<(), Error>,
) -> Result<(), Error> {
    let mut seen: [&[u8]; N] = [&[]; N];
    let mut count = 0usize;
    let mut r = SliceReader::new(der).map_err(Error::der_in(context))?;
    r.sequence(|seq| {
        while !seq.is_finished() {
            let (oid, oid_der, critical, value) = seq.sequence(|e| {
                let oid_der = e.tlv_bytes()?;
                let oid = ObjectIdentifier::from_der(oid_der)?;
                crate::oid::check(&oid)?;
                // critical BOOLEAN DEFAULT FALSE: DER forbids encoding the default.
                let critical = if der::Tag::peek(e)? == der::Tag::Boolean {
                    Some(bool::decode(e)?)
                } else {
                    None
                };
                let value = <&OctetStringRef>::decode(e)?;
                Ok::<_, der::Error>((oid, oid_der, critical, value.as_bytes()))
            })?;
            if critical == Some(false) {
                return Ok(Err(Error::BadExtension {
                    oid: oid.to_string(),
                    reason: ExtensionProblem::CriticalFalseEncoded,
                }));
            }
            let Some(slot) = seen.get_mut(count) else {
                return Ok(Err(Error::TooLarge {
                    what: crate::Limited::ExtensionList,
                    size: count + 1,
                    limit: N,
                }));
            };
            *slot = oid_der;
            if seen.iter().take(count).any(|s| *s == oid_der) {
                return Ok(Err(Error::DuplicateExtension(oid.to_string())));
            }
            count += 1;
            let ext = RawExtension {
                oid: Oid(oid),
                critical: critical.unwrap_or(false),
                value,
            };
            if let Err(e) = f(ext) {
                return Ok(Err(e));
            }
        }
        Ok(Ok(()))
    })
    .map_err(Error::der_in(context))??;
    r.finish().map_err(Error::der_in(context))?;
    if count == 0 {
        return Err(Error::BadDer {
            context,
            problem: crate::DerProblem::InvalidValue,
        });
    }
    Ok(())
}

/// Interprets the extensions we know, and refuses unknown critical ones.
pub(crate) fn interpret(list: &[RawExtension<'_>]) -> Result<Interpreted, Error> {
    let mut out = Interpreted::default();
    for ext in list {
        let bad = |reason| Error::BadExtension {
            oid: ext.oid.to_string(),
            reason,
        };
        let v = ext.value;
        match ext.oid {
            o if o == oids::KEY_USAGE => out.key_usage = Some(KeyUsage::decode(v).map_err(bad)?),
            o if o == oids::EXTENDED_KEY_USAGE => {
                out.extended_key_usage = Some(oid_list(v).map_err(bad)?);
            }
            o if o == oids::BASIC_CONSTRAINTS => {
                let bc = pkix::BasicConstraints::from_der(v)
                    .map_err(|_| bad(ExtensionProblem::NotDer))?;
                // DER: cA DEFAULT FALSE must be omitted when false.
                if !bc.ca && v.len() > 2 && v.get(2) == Some(&0x01) {
                    return Err(bad(ExtensionProblem::CaFalseEncoded));
                }
                if !bc.ca && bc.path_len_constraint.is_some() {
                    return Err(bad(ExtensionProblem::PathLenWithoutCa));
                }
                out.basic_constraints = Some(BasicConstraints {
                    ca: bc.ca,
                    path_len: bc.path_len_constraint,
                });
            }
            o if o == oids::CERTIFICATE_POLICIES => {
                let ids = policy_ids(v).map_err(bad)?;
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
                general_names::for_each(v, crate::DerContext::SubjectAltName, |g| match g {
                    general_names::GeneralNameRef::OtherName { value, .. } => {
                        general_names::check_other_name_value(value)
                    }
                    _ => Ok(()),
                })?;
            }
            o if o == oids::ISSUER_ALT_NAME => {
                general_names::for_each(v, crate::DerContext::IssuerAltName, |_| Ok(()))?;
            }
            o if o == oids::AUTHORITY_KEY_IDENTIFIER => {
                check_aki(v).map_err(bad)?;
                if ext.critical {
                    return Err(bad(ExtensionProblem::MustNotBeCritical));
                }
            }
            o if o == oids::SUBJECT_KEY_IDENTIFIER => {
                <&OctetStringRef>::from_der(v).map_err(|_| bad(ExtensionProblem::NotDer))?;
                if ext.critical {
                    return Err(bad(ExtensionProblem::MustNotBeCritical));
                }
            }
            o if o == oids::CRL_DISTRIBUTION_POINTS => check_crl_dps(v)?,
            o if o == oids::AUTHORITY_INFO_ACCESS => {
                check_aia(v)?;
                if ext.critical {
                    return Err(bad(ExtensionProblem::AiaCritical));
                }
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
    Ok(out)
}

/// A `SEQUENCE SIZE (1..MAX) OF OBJECT IDENTIFIER` (extendedKeyUsage).
fn oid_list(v: &[u8]) -> Result<Vec<Oid>, ExtensionProblem> {
    let body = general_names::sequence_contents(v, crate::DerContext::Extension)
        .map_err(|_| ExtensionProblem::NotDer)?;
    let mut r = SliceReader::new(body).map_err(|_| ExtensionProblem::NotDer)?;
    let mut out = Vec::new();
    while !r.is_finished() {
        let oid = ObjectIdentifier::decode(&mut r).map_err(|_| ExtensionProblem::NotDer)?;
        crate::oid::check(&oid).map_err(|_| ExtensionProblem::NotDer)?;
        out.push(Oid(oid));
    }
    if out.is_empty() {
        return Err(ExtensionProblem::Empty);
    }
    Ok(out)
}

/// certificatePolicies: each PolicyInformation's identifier; qualifiers checked for
/// structure (`SEQUENCE OF SEQUENCE { OID, ANY }`) and otherwise ignored.
fn policy_ids(v: &[u8]) -> Result<Vec<Oid>, ExtensionProblem> {
    let body = general_names::sequence_contents(v, crate::DerContext::Extension)
        .map_err(|_| ExtensionProblem::NotDer)?;
    let mut r = SliceReader::new(body).map_err(|_| ExtensionProblem::NotDer)?;
    let mut out = Vec::new();
    while !r.is_finished() {
        let id = r
            .sequence(|p| {
                let id = ObjectIdentifier::decode(p)?;
                crate::oid::check(&id)?;
                if !p.is_finished() {
                    p.sequence(|qs| {
                        while !qs.is_finished() {
                            qs.sequence(|q| {
                                crate::oid::check(&<ObjectIdentifier as Decode>::decode(q)?)?;
                                if !q.is_finished() {
                                    q.tlv_bytes()?;
                                }
                                Ok::<_, der::Error>(())
                            })?;
                        }
                        Ok::<_, der::Error>(())
                    })?;
                }
                Ok::<_, der::Error>(id)
            })
            .map_err(|_| ExtensionProblem::NotDer)?;
        out.push(Oid(id));
    }
    if out.is_empty() {
        return Err(ExtensionProblem::Empty);
    }
    Ok(out)
}

fn context_tag(n: u32, constructed: bool) -> der::Tag {
    der::Tag::ContextSpecific {
        constructed,
        number: der::TagNumber(n),
    }
}

/// Reads the next field if it carries `tag`.
fn optional<'a>(r: &mut SliceReader<'a>, tag: der::Tag) -> Result<Option<&'a [u8]>, der::Error> {
    if r.is_finished() || der::Tag::peek(r)? != tag {
        return Ok(None);
    }
    let h = der::Header::decode(r)?;
    r.read_slice(h.length()).map(Some)
}

/// authorityKeyIdentifier: `[0] keyIdentifier`, `[1] authorityCertIssuer` and
/// `[2] authorityCertSerialNumber`, each optional, the last two together or not at all.
fn check_aki(v: &[u8]) -> Result<(), ExtensionProblem> {
    let body = general_names::sequence_contents(v, crate::DerContext::Extension)
        .map_err(|_| ExtensionProblem::NotDer)?;
    let mut r = SliceReader::new(body).map_err(|_| ExtensionProblem::NotDer)?;
    optional(&mut r, context_tag(0, false)).map_err(|_| ExtensionProblem::NotDer)?;
    let issuer = optional(&mut r, context_tag(1, true)).map_err(|_| ExtensionProblem::NotDer)?;
    let serial = optional(&mut r, context_tag(2, false)).map_err(|_| ExtensionProblem::NotDer)?;
    if !r.is_finished() {
        return Err(ExtensionProblem::NotDer);
    }
    if issuer.is_some() != serial.is_some() {
        return Err(ExtensionProblem::AkiIssuerSerialApart);
    }
    if let Some(names) = issuer {
        general_names::for_each_in(names, crate::DerContext::AuthorityCertIssuer, |_| Ok(()))
            .map_err(|_| ExtensionProblem::NotDer)?;
    }
    Ok(())
}

/// cRLDistributionPoints: each DistributionPoint's optional `[0]` name (fullName GeneralNames
/// or nameRelativeToCRLIssuer), `[1]` reasons and `[2]` cRLIssuer.
fn check_crl_dps(v: &[u8]) -> Result<(), Error> {
    let ctx = crate::DerContext::CrlDistributionPoints;
    let body = general_names::sequence_contents(v, ctx)?;
    let mut r = SliceReader::new(body).map_err(Error::der_in(ctx))?;
    let mut count = 0usize;
    while !r.is_finished() {
        count += 1;
        let h = der::Header::decode(&mut r).map_err(Error::der_in(ctx))?;
        if h.tag() != der::Tag::Sequence {
            return Err(Error::der_in(ctx)(
                der::ErrorKind::TagUnexpected {
                    expected: Some(der::Tag::Sequence),
                    actual: h.tag(),
                }
                .into(),
            ));
        }
        let dp = r.read_slice(h.length()).map_err(Error::der_in(ctx))?;
        let mut d = SliceReader::new(dp).map_err(Error::der_in(ctx))?;
        if let Some(name) = optional(&mut d, context_tag(0, true)).map_err(Error::der_in(ctx))? {
            let mut n = SliceReader::new(name).map_err(Error::der_in(ctx))?;
            let nh = der::Header::decode(&mut n).map_err(Error::der_in(ctx))?;
            let inner = n.read_slice(nh.length()).map_err(Error::der_in(ctx))?;
            n.finish().map_err(Error::der_in(ctx))?;
            if nh.tag() == context_tag(0, true) {
                general_names::for_each_in(inner, ctx, |_| Ok(()))?;
            } else if nh.tag() == context_tag(1, true) {
                // nameRelativeToCRLIssuer: [1] IMPLICIT RelativeDistinguishedName, a non-empty
                // SET OF AttributeTypeAndValue.
                check_rdn_contents(inner).map_err(Error::der_in(ctx))?;
            } else {
                return Err(Error::der_in(ctx)(
                    der::ErrorKind::TagUnexpected {
                        expected: Some(context_tag(0, true)),
                        actual: nh.tag(),
                    }
                    .into(),
                ));
            }
        }
        optional(&mut d, context_tag(1, false)).map_err(Error::der_in(ctx))?;
        if let Some(issuer) = optional(&mut d, context_tag(2, true)).map_err(Error::der_in(ctx))? {
            general_names::for_each_in(issuer, ctx, |_| Ok(()))?;
        }
        d.finish().map_err(Error::der_in(ctx))?;
    }
    if count == 0 {
        return Err(Error::BadDer {
            context: ctx,
            problem: crate::DerProblem::InvalidValue,
        });
    }
    Ok(())
}

/// The contents of a RelativeDistinguishedName: one or more `SEQUENCE { type, value }`.
fn check_rdn_contents(contents: &[u8]) -> Result<(), der::Error> {
    let mut r = SliceReader::new(contents)?;
    if r.is_finished() {
        return Err(der::ErrorKind::Length { tag: der::Tag::Set }.into());
    }
    while !r.is_finished() {
        r.sequence(|atv| {
            crate::oid::check(&<ObjectIdentifier as Decode>::decode(atv)?)?;
            atv.tlv_bytes()?;
            Ok::<_, der::Error>(())
        })?;
    }
    Ok(())
}

/// authorityInfoAccess: `SEQUENCE SIZE (1..MAX) OF SEQUENCE { accessMethod, accessLocation }`.
fn check_aia(v: &[u8]) -> Result<(), Error> {
    let ctx = crate::DerContext::AuthorityInfoAccess;
    let body = general_names::sequence_contents(v, ctx)?;
    let mut r = SliceReader::new(body).map_err(Error::der_in(ctx))?;
    let mut count = 0usize;
    while !r.is_finished() {
        count += 1;
        let ad = r.tlv_bytes().map_err(Error::der_in(ctx))?;
        let contents = general_names::sequence_contents(ad, ctx)?;
        let mut a = SliceReader::new(contents).map_err(Error::der_in(ctx))?;
        let method = <ObjectIdentifier as Decode>::decode(&mut a).map_err(Error::der_in(ctx))?;
        crate::oid::check(&method).map_err(Error::der_in(ctx))?;
        general_names::decode_tlv(&mut a, ctx)?;
        a.finish().map_err(Error::der_in(ctx))?;
    }
    if count == 0 {
        return Err(Error::BadDer {
            context: ctx,
            problem: crate::DerProblem::InvalidValue,
        });
    }
    Ok(())
}

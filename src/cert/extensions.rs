//! Certificate extensions: the list, the strictness rules, and the ones we interpret.

use der::asn1::{BitStringRef, ObjectIdentifier, OctetStringRef};
use der::{Decode, Reader, SliceReader};
use x509_cert::ext::pkix;
use x509_cert::ext::pkix::name::{DistributionPointName, GeneralName as X509GeneralName};

use crate::oid::oids;
use crate::{Error, Oid};

/// The most extensions a certificate may carry (a resource limit; real JPKI certificates have 9).
pub const MAX_EXTENSIONS: usize = 64;

/// One extension as it appears in the certificate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Extension<'a> {
    /// extnID.
    pub oid: Oid,
    /// Whether the extension is marked critical.
    pub critical: bool,
    /// extnValue: the DER of the extension's own value (the OCTET STRING's contents).
    pub value: &'a [u8],
}

/// The keyUsage bits (RFC 5280 §4.2.1.3).
///
/// ```
/// use jpki_core::KeyUsage;
/// let ku = KeyUsage::DIGITAL_SIGNATURE | KeyUsage::NON_REPUDIATION;
/// assert!(ku.contains(KeyUsage::NON_REPUDIATION));
/// assert!(!ku.contains(KeyUsage::KEY_CERT_SIGN));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct KeyUsage(u16);

impl KeyUsage {
    /// digitalSignature (bit 0).
    pub const DIGITAL_SIGNATURE: Self = Self(1 << 0);
    /// nonRepudiation / contentCommitment (bit 1).
    pub const NON_REPUDIATION: Self = Self(1 << 1);
    /// keyEncipherment (bit 2).
    pub const KEY_ENCIPHERMENT: Self = Self(1 << 2);
    /// dataEncipherment (bit 3).
    pub const DATA_ENCIPHERMENT: Self = Self(1 << 3);
    /// keyAgreement (bit 4).
    pub const KEY_AGREEMENT: Self = Self(1 << 4);
    /// keyCertSign (bit 5).
    pub const KEY_CERT_SIGN: Self = Self(1 << 5);
    /// cRLSign (bit 6).
    pub const CRL_SIGN: Self = Self(1 << 6);
    /// encipherOnly (bit 7).
    pub const ENCIPHER_ONLY: Self = Self(1 << 7);
    /// decipherOnly (bit 8).
    pub const DECIPHER_ONLY: Self = Self(1 << 8);

    /// Whether every bit of `other` is set here.
    pub const fn contains(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }

    /// The bits as a number (bit n of the ASN.1 BIT STRING is `1 << n`).
    pub const fn bits(self) -> u16 {
        self.0
    }

    /// From bits (bit n of the ASN.1 BIT STRING is `1 << n`); bits above 8 are dropped.
    pub const fn from_bits(bits: u16) -> Self {
        Self(bits & 0x1ff)
    }

    fn decode(value: &[u8]) -> Result<Self, &'static str> {
        let bits = BitStringRef::from_der(value).map_err(|_| "not a DER BIT STRING")?;
        let mut out = 0u16;
        for (i, bit) in bits.bits().enumerate() {
            if bit {
                if i > 8 {
                    return Err("bit beyond decipherOnly");
                }
                out |= 1 << i;
            }
        }
        if out == 0 {
            return Err("no bit set");
        }
        if !bits.bits().last().unwrap_or(false) {
            return Err("trailing zero bits (not DER)");
        }
        Ok(Self(out))
    }
}

impl core::ops::BitOr for KeyUsage {
    type Output = Self;
    fn bitor(self, rhs: Self) -> Self {
        Self(self.0 | rhs.0)
    }
}

/// basicConstraints (RFC 5280 §4.2.1.9).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct BasicConstraints {
    /// cA.
    pub ca: bool,
    /// pathLenConstraint.
    pub path_len: Option<u8>,
}

/// A GeneralName (RFC 5280 §4.2.1.6), as text where it has a text form.
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
}

impl GeneralName {
    fn from_x509(g: &X509GeneralName) -> Self {
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
    for_each::<MAX_EXTENSIONS>(der, "extensions", |ext| {
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
    context: &'static str,
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
                    reason: "critical FALSE encoded explicitly (not DER)",
                }));
            }
            let Some(slot) = seen.get_mut(count) else {
                return Ok(Err(Error::TooLarge {
                    what: "extension list",
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
                let eku = pkix::ExtendedKeyUsage::from_der(v).map_err(|_| bad("not DER"))?;
                if eku.0.is_empty() {
                    return Err(bad("empty"));
                }
                out.extended_key_usage = Some(eku.0.into_iter().map(Oid).collect());
            }
            o if o == oids::BASIC_CONSTRAINTS => {
                let bc = pkix::BasicConstraints::from_der(v).map_err(|_| bad("not DER"))?;
                // DER: cA DEFAULT FALSE must be omitted when false.
                if !bc.ca && v.len() > 2 && v.get(2) == Some(&0x01) {
                    return Err(bad("cA FALSE encoded explicitly (not DER)"));
                }
                if !bc.ca && bc.path_len_constraint.is_some() {
                    return Err(bad("pathLenConstraint without cA"));
                }
                out.basic_constraints = Some(BasicConstraints {
                    ca: bc.ca,
                    path_len: bc.path_len_constraint,
                });
            }
            o if o == oids::CERTIFICATE_POLICIES => {
                let cp = pkix::CertificatePolicies::from_der(v).map_err(|_| bad("not DER"))?;
                let ids: Vec<Oid> = cp.0.iter().map(|p| Oid(p.policy_identifier)).collect();
                if ids.is_empty() {
                    return Err(bad("empty"));
                }
                if ids
                    .iter()
                    .enumerate()
                    .any(|(i, a)| ids.iter().skip(i + 1).any(|b| a == b))
                {
                    return Err(bad("a policy appears more than once"));
                }
                out.policies = Some(ids);
            }
            o if o == oids::SUBJECT_ALT_NAME => {
                let san = pkix::SubjectAltName::from_der(v).map_err(|_| bad("not DER"))?;
                if san.0.is_empty() {
                    return Err(bad("empty"));
                }
            }
            o if o == oids::ISSUER_ALT_NAME => {
                pkix::IssuerAltName::from_der(v).map_err(|_| bad("not DER"))?;
            }
            o if o == oids::AUTHORITY_KEY_IDENTIFIER => {
                pkix::AuthorityKeyIdentifier::from_der(v).map_err(|_| bad("not DER"))?;
                if ext.critical {
                    return Err(bad("must not be critical"));
                }
            }
            o if o == oids::SUBJECT_KEY_IDENTIFIER => {
                pkix::SubjectKeyIdentifier::from_der(v).map_err(|_| bad("not DER"))?;
                if ext.critical {
                    return Err(bad("must not be critical"));
                }
            }
            o if o == oids::CRL_DISTRIBUTION_POINTS => {
                pkix::CrlDistributionPoints::from_der(v).map_err(|_| bad("not DER"))?;
            }
            o if o == oids::AUTHORITY_INFO_ACCESS => {
                pkix::AuthorityInfoAccessSyntax::from_der(v).map_err(|_| bad("not DER"))?;
            }
            _ if ext.critical => return Err(Error::UnknownCriticalExtension(ext.oid.to_string())),
            _ => {}
        }
    }
    Ok(out)
}

/// The names of an issuerAltName value (validated at parse time).
pub(crate) fn issuer_alt_names(value: &[u8]) -> Vec<GeneralName> {
    pkix::IssuerAltName::from_der(value)
        .map(|ian| ian.0.iter().map(GeneralName::from_x509).collect())
        .unwrap_or_default()
}

/// The fullName entries of a cRLDistributionPoints value (validated at parse time).
pub(crate) fn crl_distribution_points(value: &[u8]) -> Vec<GeneralName> {
    let Ok(dps) = pkix::CrlDistributionPoints::from_der(value) else {
        return Vec::new();
    };
    dps.0
        .iter()
        .filter_map(|dp| match &dp.distribution_point {
            Some(DistributionPointName::FullName(names)) => Some(names),
            _ => None,
        })
        .flatten()
        .map(GeneralName::from_x509)
        .collect()
}

/// The entries of an authorityInfoAccess value (validated at parse time).
pub(crate) fn authority_info_access(value: &[u8]) -> Vec<AccessDescription> {
    pkix::AuthorityInfoAccessSyntax::from_der(value)
        .map(|aia| {
            aia.0
                .iter()
                .map(|a| AccessDescription {
                    method: Oid(a.access_method),
                    location: GeneralName::from_x509(&a.access_location),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The keyIdentifier of an authorityKeyIdentifier value, if it has one.
pub(crate) fn aki_key_id(value: &[u8]) -> Option<&[u8]> {
    // [0] IMPLICIT OCTET STRING inside the SEQUENCE: decode borrowed.
    let mut r = SliceReader::new(value).ok()?;
    r.sequence(|s| {
        if s.is_finished() {
            return Ok(None);
        }
        let header = der::Header::peek(s)?;
        if header.tag()
            == (der::Tag::ContextSpecific {
                constructed: false,
                number: der::TagNumber(0),
            })
        {
            let h = der::Header::decode(s)?;
            let id = s.read_slice(h.length())?;
            // Skip the rest (authorityCertIssuer / serial).
            while !s.is_finished() {
                s.tlv_bytes()?;
            }
            Ok(Some(id))
        } else {
            while !s.is_finished() {
                s.tlv_bytes()?;
            }
            Ok::<_, der::Error>(None)
        }
    })
    .ok()
    .flatten()
}

/// The key identifier of a subjectKeyIdentifier value.
pub(crate) fn ski_key_id(value: &[u8]) -> Option<&[u8]> {
    <&OctetStringRef>::from_der(value)
        .ok()
        .map(|o| o.as_bytes())
}

/// The `[0] distributionPoint` field (DER, tag included) of each DistributionPoint in a
/// cRLDistributionPoints value (validated at parse time), in order.
pub(crate) fn distribution_point_names(value: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut outer = SliceReader::new(value).ok().and_then(|mut r| {
        let h = der::Header::decode(&mut r).ok()?;
        (h.tag() == der::Tag::Sequence)
            .then(|| r.read_slice(h.length()).ok())
            .flatten()
    });
    core::iter::from_fn(move || {
        loop {
            let rest = outer.take()?;
            let mut r = SliceReader::new(rest).ok()?;
            let dp = r.tlv_bytes().ok()?;
            let pos = usize::try_from(u32::from(r.position())).ok()?;
            outer = rest.get(pos..).filter(|s| !s.is_empty());
            let first = SliceReader::new(dp).ok().and_then(|mut d| {
                d.sequence(|s| {
                    let tag = der::Tag::peek(s)?;
                    let tlv = s.tlv_bytes()?;
                    while !s.is_finished() {
                        s.tlv_bytes()?;
                    }
                    let zero = der::Tag::ContextSpecific {
                        constructed: true,
                        number: der::TagNumber(0),
                    };
                    Ok::<_, der::Error>((tag == zero).then_some(tlv))
                })
                .ok()
                .flatten()
            });
            if first.is_some() {
                return first;
            }
        }
    })
}

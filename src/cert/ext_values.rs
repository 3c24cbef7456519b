//! Reading extension values that parsing has already validated: names, distribution points,
//! access descriptions and key identifiers, for the accessors of [`super::Certificate`].

use der::asn1::OctetStringRef;
use der::{Decode, Reader, SliceReader};
use x509_cert::ext::pkix;
use x509_cert::ext::pkix::name::DistributionPointName;

use super::general_names;
use super::{AccessDescription, GeneralName};
use crate::Oid;

impl GeneralName {
    fn from_ref(g: general_names::GeneralNameRef<'_>) -> Self {
        use general_names::GeneralNameRef as R;
        match g {
            R::DirectoryName(der) => {
                Self::DirectoryName(super::DistinguishedName::validated(der).to_rfc4514())
            }
            R::Uri(s) => Self::Uri(s.to_owned()),
            R::Dns(s) => Self::Dns(s.to_owned()),
            R::Rfc822(s) => Self::Email(s.to_owned()),
            R::IpAddress(o) => Self::IpAddress(o.to_vec()),
            R::OtherName { type_id, .. } => Self::OtherName(Oid(type_id)),
            R::RegisteredId(o) => Self::RegisteredId(Oid(o)),
            R::X400Address => Self::X400Address,
            R::EdiPartyName => Self::EdiPartyName,
        }
    }
}

/// The names of an issuerAltName value (validated at parse time).
pub(crate) fn issuer_alt_names(value: &[u8]) -> Vec<GeneralName> {
    let mut out = Vec::new();
    let _ = general_names::for_each(value, crate::DerContext::IssuerAltName, |g| {
        out.push(GeneralName::from_ref(g));
        Ok(())
    });
    out
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

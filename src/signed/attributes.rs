//! The attribute rules of RFC 5652 §5.3, §5.4 and §11, checked per signer, and what the signed
//! attributes claim (the message digest and the signing time).

use core::cmp::Ordering;

use der::asn1::{ObjectIdentifier, OctetStringRef};
use der::{Decode, Encode};
use x509_cert::time::Time;

use super::asn1::{self, SetBody};
use super::oids;
use super::signer_info::{Attribute, SignerInfo};
use crate::{AttributeRule, Error, Oid, UnixTime};

/// What a signer's signed attributes say, once they follow the rules.
pub(crate) struct Claims {
    /// messageDigest; `None` when there are no signed attributes (the signature is then over
    /// the content itself).
    pub message_digest: Option<Vec<u8>>,
    /// signingTime, as the signer claims it (never used to validate anything).
    pub signing_time: Option<UnixTime>,
}

fn rule(r: AttributeRule) -> Error {
    Error::AttributeRule(r)
}

/// The only attributes RFC 5652 says must be signed.
const SIGNED_ONLY: [Oid; 3] = [oids::CONTENT_TYPE, oids::MESSAGE_DIGEST, oids::SIGNING_TIME];

/// Checks a signer's attributes against the rules, for content of type `content_type`.
pub(crate) fn check(signer: &SignerInfo, content_type: Oid) -> Result<Claims, Error> {
    if let Some(unsigned) = &signer.unsigned_attrs {
        if unsigned.is_empty() {
            return Err(rule(AttributeRule::EmptyUnsigned));
        }
        if unsigned.iter().any(|a| SIGNED_ONLY.contains(&a.oid())) {
            return Err(rule(AttributeRule::SignedOnlyAttributeUnsigned));
        }
    }
    let Some(received) = &signer.signed_attrs_der else {
        // §5.3: without signed attributes the content must be id-data.
        if content_type != oids::DATA {
            return Err(rule(AttributeRule::SignedAttributesRequired));
        }
        return Ok(Claims {
            message_digest: None,
            signing_time: None,
        });
    };
    let attrs = &signer.signed_attrs;
    if attrs.is_empty() {
        return Err(rule(AttributeRule::EmptySigned));
    }
    // §5.4: the signature is over the DER encoding of the SET OF. A BER (unsorted) encoding
    // would be signed bytes that differ from the canonical ones: refused, never re-sorted.
    if canonical(attrs)? != *received {
        return Err(rule(AttributeRule::NotDerOrder));
    }
    if attrs.iter().any(|a| a.oid() == oids::COUNTERSIGNATURE) {
        return Err(rule(AttributeRule::CountersignatureSigned));
    }
    let single = |oid: Oid| -> Result<Option<&[u8]>, Error> {
        let mut found = attrs.iter().filter(|a| a.oid() == oid);
        let Some(first) = found.next() else {
            return Ok(None);
        };
        if found.next().is_some() {
            return Err(rule(AttributeRule::Repeated));
        }
        match first.values() {
            [one] => Ok(Some(one.as_slice())),
            _ => Err(rule(AttributeRule::NotSingleValued)),
        }
    };
    let ct = single(oids::CONTENT_TYPE)?;
    let md = single(oids::MESSAGE_DIGEST)?;
    let st = single(oids::SIGNING_TIME)?;

    let ct = ct.ok_or(rule(AttributeRule::MissingContentType))?;
    let ct = ObjectIdentifier::from_der(ct).map_err(|_| rule(AttributeRule::BadContentType))?;
    if Oid(ct) != content_type {
        return Err(rule(AttributeRule::ContentTypeMismatch));
    }
    let md = md.ok_or(rule(AttributeRule::MissingMessageDigest))?;
    let md = <&OctetStringRef>::from_der(md).map_err(|_| rule(AttributeRule::BadMessageDigest))?;
    let signing_time = st.map(signing_time).transpose()?;
    Ok(Claims {
        message_digest: Some(md.as_bytes().to_vec()),
        signing_time,
    })
}

/// §11.3: a Time; dates from 1950 to 2049 MUST be UTCTime.
fn signing_time(der: &[u8]) -> Result<UnixTime, Error> {
    let bad = || rule(AttributeRule::BadSigningTime);
    let time = Time::from_der(der).map_err(|_| bad())?;
    let dt = time.to_date_time();
    if matches!(time, Time::GeneralTime(_)) && (1950..=2049).contains(&dt.year()) {
        return Err(bad());
    }
    Ok(UnixTime::from_datetime(&dt))
}

/// The DER of a SET OF in canonical order (X.690 §11.6: ascending encodings, the shorter
/// padded with zero octets), each attribute's values put in that order too.
fn canonical(attrs: &[Attribute]) -> Result<Vec<u8>, Error> {
    let enc = Error::der_in(crate::DerContext::CmsAttribute);
    let mut encoded = attrs
        .iter()
        .map(|a| {
            let values = sorted_concat(a.values().iter().map(Vec::as_slice).collect());
            asn1::Attribute {
                attr_type: a.oid().0,
                attr_values: SetBody(&values),
            }
            .to_der()
            .map_err(&enc)
        })
        .collect::<Result<Vec<_>, Error>>()?;
    encoded.sort_by(|a, b| set_order(a, b));
    let body = encoded.concat();
    SetBody(&body).to_der().map_err(enc)
}

fn sorted_concat(mut items: Vec<&[u8]>) -> Vec<u8> {
    items.sort_by(|a, b| set_order(a, b));
    items.concat()
}

/// X.690 §11.6 order of two encodings.
pub(crate) fn set_order(a: &[u8], b: &[u8]) -> Ordering {
    let common = a.len().min(b.len());
    match a.get(..common).cmp(&b.get(..common)) {
        Ordering::Equal => {
            let rest_a = a.get(common..).unwrap_or_default();
            let rest_b = b.get(common..).unwrap_or_default();
            let nonzero = |r: &[u8]| r.iter().any(|&x| x != 0);
            match (nonzero(rest_a), nonzero(rest_b)) {
                (true, _) => Ordering::Greater,
                (_, true) => Ordering::Less,
                _ => Ordering::Equal,
            }
        }
        other => other,
    }
}

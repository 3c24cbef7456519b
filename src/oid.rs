//! Object identifiers: the crate's own small wrapper and the OIDs of the JPKI profile.

use core::fmt;
use core::str::FromStr;

use der::asn1::ObjectIdentifier;

/// Whether OID content octets are the one DER encoding (X.690 §8.19.2): no subidentifier may
/// begin with the octet 0x80. (`const-oid` 0.10 accepts such padding in all but the first arc,
/// so every OID read from input passes through [`check`].)
pub(crate) fn is_canonical(content: &[u8]) -> bool {
    let mut at_start = true;
    for &b in content {
        if at_start && b == 0x80 {
            return false;
        }
        at_start = b & 0x80 == 0;
    }
    true
}

/// Refuses an OID whose encoding is not minimal.
pub(crate) fn check(oid: &ObjectIdentifier) -> Result<(), der::Error> {
    if is_canonical(oid.as_bytes()) {
        Ok(())
    } else {
        Err(der::ErrorKind::OidMalformed.into())
    }
}

/// Checks every OBJECT IDENTIFIER anywhere inside `der`, for structures decoded by derived
/// types (OCSP) where OIDs are not read one by one. Constructed values are walked, and so are
/// OCTET STRING and BIT STRING contents that are themselves DER (extension values, embedded
/// responses); at most 32 levels deep.
pub(crate) fn check_all(der: &[u8]) -> Result<(), der::Error> {
    /// `Ok(false)`: not DER (fine inside a string); `Err`: a badly encoded OID.
    fn walk(der: &[u8], depth: usize) -> Result<bool, der::Error> {
        use der::{Decode, Reader};
        let bad = || der::Error::from(der::ErrorKind::OidMalformed);
        if depth > 32 {
            return Ok(false);
        }
        let Ok(mut r) = der::SliceReader::new(der) else {
            return Ok(false);
        };
        while !r.is_finished() {
            let Ok(h) = der::Header::decode(&mut r) else {
                return Ok(false);
            };
            let Ok(body) = r.read_slice(h.length()) else {
                return Ok(false);
            };
            match h.tag() {
                der::Tag::ObjectIdentifier if !is_canonical(body) => return Err(bad()),
                der::Tag::OctetString => {
                    walk(body, depth + 1)?;
                }
                der::Tag::BitString => {
                    walk(body.get(1..).unwrap_or_default(), depth + 1)?;
                }
                t if t.is_constructed() => {
                    walk(body, depth + 1)?;
                }
                _ => {}
            }
        }
        Ok(true)
    }
    walk(der, 0).map(drop)
}

// The `Oid` type itself is in `vocab` (the errors name it); its methods and parsing are here.
pub use crate::vocab::Oid;

impl Oid {
    /// The OID's DER content octets (without tag and length).
    ///
    /// ```
    /// use jpki_core::oids;
    /// assert_eq!(oids::KEY_USAGE.as_bytes(), [0x55, 0x1d, 0x0f]); // 2.5.29.15
    /// ```
    pub fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }

    /// Whether this OID lies strictly under `arc` (e.g. an item under the J-LIS personal-data arc).
    ///
    /// ```
    /// use jpki_core::{Oid, oids};
    /// assert!(oids::BASIC4_ADDRESS.is_under(&oids::JLIS_PERSONAL_DATA));
    /// assert!(!oids::JLIS_PERSONAL_DATA.is_under(&oids::JLIS_PERSONAL_DATA)); // strictly under
    /// let sibling: Oid = "1.2.392.200149.8.5.50".parse()?;
    /// assert!(!sibling.is_under(&oids::JLIS_PERSONAL_DATA));
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn is_under(&self, arc: &Oid) -> bool {
        let (child, parent) = (self.0.as_bytes(), arc.0.as_bytes());
        child.len() > parent.len() && child.starts_with(parent) && {
            // The parent's last arc must end exactly where the child's next arc begins.
            parent.last().is_none_or(|b| b & 0x80 == 0)
        }
    }

    pub(crate) const fn new(s: &str) -> Self {
        Self(ObjectIdentifier::new_unwrap(s))
    }
}

impl fmt::Display for Oid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl fmt::Debug for Oid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Oid({})", self.0)
    }
}

impl FromStr for Oid {
    type Err = crate::Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ObjectIdentifier::new(s)
            .map(Self)
            .map_err(|_| crate::Error::BadDer {
                context: crate::DerContext::ObjectIdentifier,
                problem: crate::DerProblem::InvalidValue,
            })
    }
}

impl From<ObjectIdentifier> for Oid {
    fn from(oid: ObjectIdentifier) -> Self {
        Self(oid)
    }
}

/// OIDs used by the JPKI profile and by RFC 5280 processing.
///
/// ```
/// use jpki_core::oids;
/// assert_eq!(oids::BASIC4_NAME.to_string(), "1.2.392.200149.8.5.5.1");
/// assert!(oids::BASIC4_ADDRESS.is_under(&oids::JLIS_PERSONAL_DATA));
/// ```
pub mod oids {
    use super::Oid;

    /// J-LIS personal-data arc under which the basic four items live.
    ///
    /// ```
    /// use jpki_core::oids;
    /// assert_eq!(oids::JLIS_PERSONAL_DATA.to_string(), "1.2.392.200149.8.5.5");
    /// ```
    pub const JLIS_PERSONAL_DATA: Oid = Oid::new("1.2.392.200149.8.5.5");
    /// Basic four items: name (氏名).
    ///
    /// ```
    /// use jpki_core::oids;
    /// assert_eq!(oids::BASIC4_NAME.to_string(), "1.2.392.200149.8.5.5.1");
    /// assert!(oids::BASIC4_NAME.is_under(&oids::JLIS_PERSONAL_DATA));
    /// ```
    pub const BASIC4_NAME: Oid = Oid::new("1.2.392.200149.8.5.5.1");
    /// Basic four items: name substitute-character flags.
    ///
    /// ```
    /// use jpki_core::oids;
    /// assert_eq!(oids::BASIC4_NAME_SUBSTITUTES.to_string(), "1.2.392.200149.8.5.5.2");
    /// assert!(oids::BASIC4_NAME_SUBSTITUTES.is_under(&oids::JLIS_PERSONAL_DATA));
    /// ```
    pub const BASIC4_NAME_SUBSTITUTES: Oid = Oid::new("1.2.392.200149.8.5.5.2");
    /// Basic four items: sex (性別).
    ///
    /// ```
    /// use jpki_core::oids;
    /// assert_eq!(oids::BASIC4_SEX.to_string(), "1.2.392.200149.8.5.5.3");
    /// assert!(oids::BASIC4_SEX.is_under(&oids::JLIS_PERSONAL_DATA));
    /// ```
    pub const BASIC4_SEX: Oid = Oid::new("1.2.392.200149.8.5.5.3");
    /// Basic four items: date of birth (生年月日).
    ///
    /// ```
    /// use jpki_core::oids;
    /// assert_eq!(oids::BASIC4_DATE_OF_BIRTH.to_string(), "1.2.392.200149.8.5.5.4");
    /// assert!(oids::BASIC4_DATE_OF_BIRTH.is_under(&oids::JLIS_PERSONAL_DATA));
    /// ```
    pub const BASIC4_DATE_OF_BIRTH: Oid = Oid::new("1.2.392.200149.8.5.5.4");
    /// Basic four items: address (住所).
    ///
    /// ```
    /// use jpki_core::oids;
    /// assert_eq!(oids::BASIC4_ADDRESS.to_string(), "1.2.392.200149.8.5.5.5");
    /// assert!(oids::BASIC4_ADDRESS.is_under(&oids::JLIS_PERSONAL_DATA));
    /// ```
    pub const BASIC4_ADDRESS: Oid = Oid::new("1.2.392.200149.8.5.5.5");
    /// Basic four items: address substitute-character flags.
    ///
    /// ```
    /// use jpki_core::oids;
    /// assert_eq!(oids::BASIC4_ADDRESS_SUBSTITUTES.to_string(), "1.2.392.200149.8.5.5.6");
    /// assert!(oids::BASIC4_ADDRESS_SUBSTITUTES.is_under(&oids::JLIS_PERSONAL_DATA));
    /// ```
    pub const BASIC4_ADDRESS_SUBSTITUTES: Oid = Oid::new("1.2.392.200149.8.5.5.6");

    /// Certificate policy of production signing certificates.
    ///
    /// ```
    /// use jpki_core::oids;
    /// assert_eq!(oids::POLICY_SIGNING.to_string(), "1.2.392.200149.8.5.1.1.20");
    /// ```
    pub const POLICY_SIGNING: Oid = Oid::new("1.2.392.200149.8.5.1.1.20");
    /// Certificate policy reported on test-card signing certificates.
    ///
    /// ```
    /// use jpki_core::oids;
    /// assert_eq!(oids::POLICY_SIGNING_TEST.to_string(), "1.2.392.200149.8.5.1.0.20");
    /// ```
    pub const POLICY_SIGNING_TEST: Oid = Oid::new("1.2.392.200149.8.5.1.0.20");
    /// Certificate policy of user-authentication certificates.
    ///
    /// ```
    /// use jpki_core::oids;
    /// assert_eq!(oids::POLICY_USER_AUTHENTICATION.to_string(), "1.2.392.200149.8.5.1.3.30");
    /// ```
    pub const POLICY_USER_AUTHENTICATION: Oid = Oid::new("1.2.392.200149.8.5.1.3.30");

    /// keyUsage.
    ///
    /// ```
    /// use jpki_core::oids;
    /// assert_eq!(oids::KEY_USAGE.to_string(), "2.5.29.15");
    /// ```
    pub const KEY_USAGE: Oid = Oid::new("2.5.29.15");
    /// extendedKeyUsage.
    ///
    /// ```
    /// use jpki_core::oids;
    /// assert_eq!(oids::EXTENDED_KEY_USAGE.to_string(), "2.5.29.37");
    /// ```
    pub const EXTENDED_KEY_USAGE: Oid = Oid::new("2.5.29.37");
    /// basicConstraints.
    ///
    /// ```
    /// use jpki_core::oids;
    /// assert_eq!(oids::BASIC_CONSTRAINTS.to_string(), "2.5.29.19");
    /// ```
    pub const BASIC_CONSTRAINTS: Oid = Oid::new("2.5.29.19");
    /// certificatePolicies.
    ///
    /// ```
    /// use jpki_core::oids;
    /// assert_eq!(oids::CERTIFICATE_POLICIES.to_string(), "2.5.29.32");
    /// ```
    pub const CERTIFICATE_POLICIES: Oid = Oid::new("2.5.29.32");
    /// subjectAltName.
    ///
    /// ```
    /// use jpki_core::oids;
    /// assert_eq!(oids::SUBJECT_ALT_NAME.to_string(), "2.5.29.17");
    /// ```
    pub const SUBJECT_ALT_NAME: Oid = Oid::new("2.5.29.17");
    /// issuerAltName.
    ///
    /// ```
    /// use jpki_core::oids;
    /// assert_eq!(oids::ISSUER_ALT_NAME.to_string(), "2.5.29.18");
    /// ```
    pub const ISSUER_ALT_NAME: Oid = Oid::new("2.5.29.18");
    /// authorityKeyIdentifier.
    ///
    /// ```
    /// use jpki_core::oids;
    /// assert_eq!(oids::AUTHORITY_KEY_IDENTIFIER.to_string(), "2.5.29.35");
    /// ```
    pub const AUTHORITY_KEY_IDENTIFIER: Oid = Oid::new("2.5.29.35");
    /// subjectKeyIdentifier.
    ///
    /// ```
    /// use jpki_core::oids;
    /// assert_eq!(oids::SUBJECT_KEY_IDENTIFIER.to_string(), "2.5.29.14");
    /// ```
    pub const SUBJECT_KEY_IDENTIFIER: Oid = Oid::new("2.5.29.14");
    /// cRLDistributionPoints.
    ///
    /// ```
    /// use jpki_core::oids;
    /// assert_eq!(oids::CRL_DISTRIBUTION_POINTS.to_string(), "2.5.29.31");
    /// ```
    pub const CRL_DISTRIBUTION_POINTS: Oid = Oid::new("2.5.29.31");
    /// nameConstraints.
    ///
    /// ```
    /// use jpki_core::oids;
    /// assert_eq!(oids::NAME_CONSTRAINTS.to_string(), "2.5.29.30");
    /// ```
    pub const NAME_CONSTRAINTS: Oid = Oid::new("2.5.29.30");
    /// policyConstraints.
    ///
    /// ```
    /// use jpki_core::oids;
    /// assert_eq!(oids::POLICY_CONSTRAINTS.to_string(), "2.5.29.36");
    /// ```
    pub const POLICY_CONSTRAINTS: Oid = Oid::new("2.5.29.36");
    /// authorityInfoAccess.
    ///
    /// ```
    /// use jpki_core::oids;
    /// assert_eq!(oids::AUTHORITY_INFO_ACCESS.to_string(), "1.3.6.1.5.5.7.1.1");
    /// ```
    pub const AUTHORITY_INFO_ACCESS: Oid = Oid::new("1.3.6.1.5.5.7.1.1");

    /// sha256WithRSAEncryption.
    ///
    /// ```
    /// use jpki_core::oids;
    /// assert_eq!(oids::SHA256_WITH_RSA.to_string(), "1.2.840.113549.1.1.11");
    /// ```
    pub const SHA256_WITH_RSA: Oid = Oid::new("1.2.840.113549.1.1.11");
    /// sha1WithRSAEncryption: never a certificate's algorithm here; a CMS signer's only under
    /// an explicit [`LegacySha1`](crate::LegacySha1) policy.
    ///
    /// ```
    /// use jpki_core::oids;
    /// assert_eq!(oids::SHA1_WITH_RSA.to_string(), "1.2.840.113549.1.1.5");
    /// ```
    pub const SHA1_WITH_RSA: Oid = Oid::new("1.2.840.113549.1.1.5");
    /// ecdsa-with-SHA256.
    ///
    /// ```
    /// use jpki_core::oids;
    /// assert_eq!(oids::ECDSA_WITH_SHA256.to_string(), "1.2.840.10045.4.3.2");
    /// ```
    pub const ECDSA_WITH_SHA256: Oid = Oid::new("1.2.840.10045.4.3.2");
    /// rsaEncryption (subjectPublicKeyInfo algorithm).
    ///
    /// ```
    /// use jpki_core::oids;
    /// assert_eq!(oids::RSA_ENCRYPTION.to_string(), "1.2.840.113549.1.1.1");
    /// ```
    pub const RSA_ENCRYPTION: Oid = Oid::new("1.2.840.113549.1.1.1");
    /// id-ecPublicKey.
    ///
    /// ```
    /// use jpki_core::oids;
    /// assert_eq!(oids::EC_PUBLIC_KEY.to_string(), "1.2.840.10045.2.1");
    /// ```
    pub const EC_PUBLIC_KEY: Oid = Oid::new("1.2.840.10045.2.1");
    /// prime256v1 / secp256r1 (the P-256 curve).
    ///
    /// ```
    /// use jpki_core::oids;
    /// assert_eq!(oids::P256.to_string(), "1.2.840.10045.3.1.7");
    /// ```
    pub const P256: Oid = Oid::new("1.2.840.10045.3.1.7");
    /// secp384r1 (the P-384 curve: next-generation My Number cards, ECDSA with SHA-384).
    ///
    /// ```
    /// use jpki_core::oids;
    /// assert_eq!(oids::P384.to_string(), "1.3.132.0.34");
    /// ```
    pub const P384: Oid = Oid::new("1.3.132.0.34");
    /// secp521r1 (the P-521 curve).
    ///
    /// ```
    /// use jpki_core::oids;
    /// assert_eq!(oids::P521.to_string(), "1.3.132.0.35");
    /// ```
    pub const P521: Oid = Oid::new("1.3.132.0.35");
    /// sha384WithRSAEncryption (RFC 4055: parameters NULL).
    ///
    /// ```
    /// use jpki_core::oids;
    /// assert_eq!(oids::SHA384_WITH_RSA.to_string(), "1.2.840.113549.1.1.12");
    /// ```
    pub const SHA384_WITH_RSA: Oid = Oid::new("1.2.840.113549.1.1.12");
    /// sha512WithRSAEncryption (RFC 4055: parameters NULL).
    ///
    /// ```
    /// use jpki_core::oids;
    /// assert_eq!(oids::SHA512_WITH_RSA.to_string(), "1.2.840.113549.1.1.13");
    /// ```
    pub const SHA512_WITH_RSA: Oid = Oid::new("1.2.840.113549.1.1.13");
    /// ecdsa-with-SHA384 (RFC 5758: parameters absent).
    ///
    /// ```
    /// use jpki_core::oids;
    /// assert_eq!(oids::ECDSA_WITH_SHA384.to_string(), "1.2.840.10045.4.3.3");
    /// ```
    pub const ECDSA_WITH_SHA384: Oid = Oid::new("1.2.840.10045.4.3.3");
    /// ecdsa-with-SHA512 (RFC 5758: parameters absent).
    ///
    /// ```
    /// use jpki_core::oids;
    /// assert_eq!(oids::ECDSA_WITH_SHA512.to_string(), "1.2.840.10045.4.3.4");
    /// ```
    pub const ECDSA_WITH_SHA512: Oid = Oid::new("1.2.840.10045.4.3.4");

    /// countryName (C).
    ///
    /// ```
    /// use jpki_core::oids;
    /// assert_eq!(oids::AT_COUNTRY.to_string(), "2.5.4.6");
    /// ```
    pub const AT_COUNTRY: Oid = Oid::new("2.5.4.6");
    /// organizationName (O).
    ///
    /// ```
    /// use jpki_core::oids;
    /// assert_eq!(oids::AT_ORGANIZATION.to_string(), "2.5.4.10");
    /// ```
    pub const AT_ORGANIZATION: Oid = Oid::new("2.5.4.10");
    /// organizationalUnitName (OU).
    ///
    /// ```
    /// use jpki_core::oids;
    /// assert_eq!(oids::AT_ORGANIZATIONAL_UNIT.to_string(), "2.5.4.11");
    /// ```
    pub const AT_ORGANIZATIONAL_UNIT: Oid = Oid::new("2.5.4.11");
    /// commonName (CN).
    ///
    /// ```
    /// use jpki_core::oids;
    /// assert_eq!(oids::AT_COMMON_NAME.to_string(), "2.5.4.3");
    /// ```
    pub const AT_COMMON_NAME: Oid = Oid::new("2.5.4.3");
    /// localityName (L).
    ///
    /// ```
    /// use jpki_core::oids;
    /// assert_eq!(oids::AT_LOCALITY.to_string(), "2.5.4.7");
    /// ```
    pub const AT_LOCALITY: Oid = Oid::new("2.5.4.7");
    /// id-ct-TSTInfo (RFC 3161 §2.4.2): the eContentType of a time-stamp token, which tells a
    /// bare token from a signed document.
    ///
    /// ```
    /// use jpki_core::oids;
    /// assert_eq!(oids::CT_TST_INFO.to_string(), "1.2.840.113549.1.9.16.1.4");
    /// ```
    pub const CT_TST_INFO: Oid = Oid::new("1.2.840.113549.1.9.16.1.4");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn is_under_respects_arc_boundaries() {
        assert!(oids::BASIC4_NAME.is_under(&oids::JLIS_PERSONAL_DATA));
        assert!(!oids::JLIS_PERSONAL_DATA.is_under(&oids::JLIS_PERSONAL_DATA));
        let other: Oid = "1.2.392.200149.8.55".parse().unwrap_or(oids::P256);
        assert!(!other.is_under(&"1.2.392.200149.8.5".parse().unwrap_or(oids::P256)));
    }

    #[test]
    fn rejects_garbage() {
        assert!("not.an.oid".parse::<Oid>().is_err());
    }
}

#[cfg(test)]
mod canonical_tests {
    //! Minimal OID encodings (compiled only under cfg(test)).
    use super::*;

    #[test]
    fn padded_subidentifiers_are_refused_everywhere() {
        assert!(is_canonical(&[0x55, 0x1d, 0x0f]));
        assert!(is_canonical(&[0x2a, 0x83, 0x08, 0x8c, 0x9b, 0x55]));
        assert!(!is_canonical(&[0x55, 0x80, 0x15]));
        assert!(!is_canonical(&[0x2a, 0x83, 0x08, 0x80, 0x9b, 0x55]));
        assert!(!is_canonical(&[0x80, 0x55]));
        // Nested inside an OCTET STRING inside a SEQUENCE, as in an extension value.
        let good = [0x30, 0x07, 0x04, 0x05, 0x06, 0x03, 0x55, 0x1d, 0x0f];
        let bad = [0x30, 0x07, 0x04, 0x05, 0x06, 0x03, 0x55, 0x80, 0x15];
        assert!(check_all(&good).is_ok());
        assert!(check_all(&bad).is_err());
        // Bytes that are not DER inside a string are just bytes.
        assert!(check_all(&[0x04, 0x02, 0xff, 0xff]).is_ok());
    }
}

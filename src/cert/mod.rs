//! The certificate model: strict DER parsing of X.509 v3 certificates.

pub(crate) mod extensions;
pub(crate) mod general_names;
mod key;
mod name;
mod parse;
mod serial;

use std::ops::Range;
use std::sync::Arc;

pub use extensions::{
    AccessDescription, BasicConstraints, Extension, GeneralName, KeyUsage, MAX_EXTENSIONS,
};
pub use general_names::MAX_GENERAL_NAMES;
pub(crate) use key::identify_key;
pub use key::{KeyAlgorithm, SignatureAlgorithm};
pub use name::{DistinguishedName, NameAttribute};
pub use serial::{MAX_SERIAL_OCTETS, SerialNumber};

use crate::oid::oids;
use crate::time::Validity;
use crate::{Error, Oid};

/// The largest certificate accepted, in bytes (a resource limit; real JPKI certificates are
/// about 1.3 to 1.8 KB).
pub const MAX_CERTIFICATE_SIZE: usize = 64 * 1024;

/// An X.509 v3 certificate, parsed strictly.
///
/// Holds its DER (shared, cheap to clone) and keeps the exact TBS bytes and signature, so that
/// verification checks what the issuer signed and never a re-encoding. Parsing refuses BER
/// (indefinite or non-minimal lengths), trailing bytes, versions other than 3, negative, zero
/// or over-long serial numbers, a TBS signature algorithm that differs from the outer one,
/// duplicate extensions, unknown critical extensions and malformed known extensions.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{Certificate, testkit::{TestCa, HolderSpec}};
/// let ca = TestCa::new(7);
/// let pair = ca.issue_pair(&HolderSpec::example());
/// let cert = Certificate::from_der(&pair.signing.der)?;
/// assert_eq!(cert.version(), 3);
/// assert_eq!(cert.serial(), pair.signing.serial);
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone)]
pub struct Certificate {
    /// Shared: cloning a certificate (into a verified result, a chain) never allocates.
    inner: Arc<Parsed>,
}

/// The parsed certificate: its DER and where each part lies in it.
struct Parsed {
    der: Box<[u8]>,
    tbs: Range<usize>,
    signature_value: Range<usize>,
    signature_algorithm: SignatureAlgorithm,
    serial: SerialNumber,
    issuer: Range<usize>,
    subject: Range<usize>,
    spki: Range<usize>,
    validity: Validity,
    key_algorithm: KeyAlgorithm,
    extensions: Vec<(Oid, bool, Range<usize>)>,
    interpreted: extensions::Interpreted,
    /// Located once at parse time: used on every path-building step and revocation lookup.
    authority_key_id: Option<Range<usize>>,
    subject_key_id: Option<Range<usize>>,
    crl_partitions: Vec<Range<usize>>,
}

/// Position of `part` inside `base` (both from the same input).
fn span(base: &[u8], part: &[u8]) -> Range<usize> {
    let start = (part.as_ptr() as usize).wrapping_sub(base.as_ptr() as usize);
    start..start.saturating_add(part.len())
}

impl Certificate {
    /// Parses one DER certificate. The whole input must be the certificate (no trailing bytes).
    pub fn from_der(der: &[u8]) -> Result<Self, Error> {
        if der.len() > MAX_CERTIFICATE_SIZE {
            return Err(Error::TooLarge {
                what: "certificate",
                size: der.len(),
                limit: MAX_CERTIFICATE_SIZE,
            });
        }
        let parts = parse::Parts::decode(der)?;
        let validity = parts.validity()?;
        let key_algorithm = key::identify_key(parts.spki)?;
        let raw_exts = match parts.extensions {
            Some(list) => extensions::decode_list(list)?,
            None => Vec::new(),
        };
        let interpreted = extensions::interpret(&raw_exts)?;
        // Names are validated (structure and string contents) here, read lazily later.
        DistinguishedName::parse(parts.issuer)?;
        DistinguishedName::parse(parts.subject)?;
        let find = |oid: &Oid| raw_exts.iter().find(|e| e.oid == *oid).map(|e| e.value);
        let authority_key_id = find(&oids::AUTHORITY_KEY_IDENTIFIER)
            .and_then(extensions::aki_key_id)
            .map(|id| span(der, id));
        let subject_key_id = find(&oids::SUBJECT_KEY_IDENTIFIER)
            .and_then(extensions::ski_key_id)
            .map(|id| span(der, id));
        let crl_partitions = find(&oids::CRL_DISTRIBUTION_POINTS)
            .map(|v| {
                extensions::distribution_point_names(v)
                    .map(|dp| span(der, dp))
                    .collect()
            })
            .unwrap_or_default();
        Ok(Self {
            inner: Arc::new(Parsed {
                der: Box::from(der),
                tbs: span(der, parts.tbs),
                signature_value: span(der, parts.signature),
                signature_algorithm: parts.signature_algorithm,
                serial: parts.serial,
                issuer: span(der, parts.issuer),
                subject: span(der, parts.subject),
                spki: span(der, parts.spki),
                validity,
                key_algorithm,
                extensions: raw_exts
                    .iter()
                    .map(|e| (e.oid, e.critical, span(der, e.value)))
                    .collect(),
                interpreted,
                authority_key_id,
                subject_key_id,
                crl_partitions,
            }),
        })
    }

    /// Parses every `CERTIFICATE` block of a PEM text, in order. Other labels are skipped;
    /// no certificate at all is an error.
    pub fn from_pem(pem: &[u8]) -> Result<Vec<Self>, Error> {
        let blocks = crate::pem::decode_all(pem, "CERTIFICATE")?;
        blocks.iter().map(|der| Self::from_der(der)).collect()
    }

    /// Parses DER, or PEM holding exactly one certificate (whichever `bytes` is).
    pub fn from_der_or_pem(bytes: &[u8]) -> Result<Self, Error> {
        if crate::pem::looks_like_pem(bytes) {
            let mut all = Self::from_pem(bytes)?;
            match (all.pop(), all.is_empty()) {
                (Some(one), true) => Ok(one),
                _ => Err(Error::BadPem("expected exactly one certificate")),
            }
        } else {
            Self::from_der(bytes)
        }
    }

    fn slice(&self, r: &Range<usize>) -> &[u8] {
        self.inner.der.get(r.clone()).unwrap_or_default()
    }

    /// The certificate's DER encoding.
    pub fn der(&self) -> &[u8] {
        &self.inner.der
    }

    /// The exact DER of the TBSCertificate, as signed by the issuer.
    pub fn tbs_der(&self) -> &[u8] {
        self.slice(&self.inner.tbs)
    }

    /// The signature value (the BIT STRING's octets).
    pub fn signature_value(&self) -> &[u8] {
        self.slice(&self.inner.signature_value)
    }

    /// The signature algorithm (outer and TBS agree; parsing checks it).
    pub fn signature_algorithm(&self) -> SignatureAlgorithm {
        self.inner.signature_algorithm
    }

    /// The X.509 version: always 3 (parsing refuses others).
    pub fn version(&self) -> u8 {
        3
    }

    /// The serial number.
    pub fn serial(&self) -> SerialNumber {
        self.inner.serial
    }

    /// The issuer's distinguished name.
    pub fn issuer(&self) -> DistinguishedName<'_> {
        DistinguishedName::validated(self.slice(&self.inner.issuer))
    }

    /// The subject's distinguished name.
    pub fn subject(&self) -> DistinguishedName<'_> {
        DistinguishedName::validated(self.slice(&self.inner.subject))
    }

    /// The validity period.
    pub fn validity(&self) -> Validity {
        self.inner.validity
    }

    /// The DER of the SubjectPublicKeyInfo.
    pub fn spki_der(&self) -> &[u8] {
        self.slice(&self.inner.spki)
    }

    /// The subject public key's algorithm and size.
    pub fn key_algorithm(&self) -> KeyAlgorithm {
        self.inner.key_algorithm
    }

    /// Every extension, in certificate order.
    pub fn extensions(&self) -> impl Iterator<Item = Extension<'_>> {
        self.inner
            .extensions
            .iter()
            .map(|(oid, critical, r)| Extension {
                oid: *oid,
                critical: *critical,
                value: self.slice(r),
            })
    }

    /// The extension with this OID, if present.
    pub fn extension(&self, oid: &Oid) -> Option<Extension<'_>> {
        self.extensions().find(|e| e.oid == *oid)
    }

    /// keyUsage, if present.
    pub fn key_usage(&self) -> Option<KeyUsage> {
        self.inner.interpreted.key_usage
    }

    /// extendedKeyUsage purposes, if present.
    pub fn extended_key_usage(&self) -> Option<&[Oid]> {
        self.inner.interpreted.extended_key_usage.as_deref()
    }

    /// basicConstraints, if present.
    pub fn basic_constraints(&self) -> Option<BasicConstraints> {
        self.inner.interpreted.basic_constraints
    }

    /// The policy identifiers of certificatePolicies, if present.
    pub fn policies(&self) -> Option<&[Oid]> {
        self.inner.interpreted.policies.as_deref()
    }

    /// The DER of the subjectAltName value (GeneralNames), if present.
    pub fn subject_alt_name_der(&self) -> Option<&[u8]> {
        self.extension(&oids::SUBJECT_ALT_NAME).map(|e| e.value)
    }

    /// issuerAltName entries (JPKI: a directoryName `C=JP, O=公的個人認証サービス`).
    pub fn issuer_alt_names(&self) -> Vec<GeneralName> {
        self.extension(&oids::ISSUER_ALT_NAME)
            .map(|e| extensions::issuer_alt_names(e.value))
            .unwrap_or_default()
    }

    /// The keyIdentifier of authorityKeyIdentifier, if present.
    pub fn authority_key_id(&self) -> Option<&[u8]> {
        self.inner.authority_key_id.as_ref().map(|r| self.slice(r))
    }

    /// subjectKeyIdentifier, if present.
    pub fn subject_key_id(&self) -> Option<&[u8]> {
        self.inner.subject_key_id.as_ref().map(|r| self.slice(r))
    }

    /// The `[0] distributionPoint` fields (DER, tag included) of cRLDistributionPoints: the
    /// keys under which CRL partitions (issuingDistributionPoint) are indexed.
    pub(crate) fn crl_partition_keys(&self) -> impl Iterator<Item = &[u8]> {
        self.inner.crl_partitions.iter().map(|r| self.slice(r))
    }

    /// The fullName entries of every cRLDistributionPoints distribution point (JPKI: one
    /// directoryName per municipality partition).
    pub fn crl_distribution_points(&self) -> Vec<GeneralName> {
        self.extension(&oids::CRL_DISTRIBUTION_POINTS)
            .map(|e| extensions::crl_distribution_points(e.value))
            .unwrap_or_default()
    }

    /// authorityInfoAccess entries.
    pub fn authority_info_access(&self) -> Vec<AccessDescription> {
        self.extension(&oids::AUTHORITY_INFO_ACCESS)
            .map(|e| extensions::authority_info_access(e.value))
            .unwrap_or_default()
    }

    /// Whether basicConstraints says cA.
    pub fn is_ca(&self) -> bool {
        self.basic_constraints().is_some_and(|bc| bc.ca)
    }

    /// Whether subject and issuer names are byte-identical (a self-issued certificate).
    pub fn is_self_issued(&self) -> bool {
        self.slice(&self.inner.issuer) == self.slice(&self.inner.subject)
    }
}

impl core::fmt::Debug for Certificate {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Certificate")
            .field("serial", &self.inner.serial)
            .field("issuer", &self.issuer())
            .field("subject", &self.subject())
            .field("validity", &self.inner.validity)
            .field("key", &self.inner.key_algorithm)
            .finish_non_exhaustive()
    }
}

impl PartialEq for Certificate {
    fn eq(&self, other: &Self) -> bool {
        self.inner.der == other.inner.der
    }
}

impl Eq for Certificate {}

#[cfg(test)]
mod tests;

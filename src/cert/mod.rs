//! The certificate model: strict DER parsing of X.509 v3 certificates.

pub(crate) mod extensions;
pub(crate) mod general_names;
mod key;
mod key_usage;
pub(crate) mod name;
mod parse;
mod serial;

use std::ops::Range;
use std::sync::{Arc, OnceLock};

pub use extensions::{AccessDescription, BasicConstraints, Extension, GeneralName, MAX_EXTENSIONS};
pub use general_names::MAX_GENERAL_NAMES;
pub(crate) use key::identify_key;
pub use key::{KeyAlgorithm, SignatureAlgorithm};
pub use key_usage::KeyUsage;
pub use name::{DistinguishedName, NameAttribute};
pub use serial::{MAX_SERIAL_OCTETS, SerialNumber};

use crate::time::Validity;
use crate::{Error, Oid};

/// The largest certificate accepted, in bytes (a resource limit; real JPKI certificates are
/// about 1.3 to 1.8 KB).
///
/// ```
/// use jpki_core::{Certificate, Error, MAX_CERTIFICATE_SIZE};
/// let huge = vec![0u8; MAX_CERTIFICATE_SIZE + 1];
/// assert!(matches!(Certificate::from_der(&huge), Err(Error::TooLarge { .. })));
/// ```
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

/// The parsed certificate: its DER, where each part lies in it, and the typed view of its
/// extensions. Everything is decoded once, here; the accessors only read.
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
    extensions: extensions::ExtensionTable,
    interpreted: extensions::Interpreted,
    /// The JPKI classification and environment, computed the first time they are asked for
    /// (by `kind`, the layer above, which knows the rules) and kept.
    kind: OnceLock<Result<crate::CertificateKind, Error>>,
    environment: OnceLock<Option<crate::Environment>>,
}

impl Certificate {
    /// Parses one DER certificate. The whole input must be the certificate (no trailing bytes).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Certificate, testkit::{HolderSpec, TestCa}};
    /// let issued = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// let cert = Certificate::from_der(&issued.der)?;
    /// assert_eq!(cert.serial(), issued.serial);
    /// // Trailing bytes after the certificate are refused.
    /// let mut longer = issued.der.clone();
    /// longer.push(0);
    /// assert!(Certificate::from_der(&longer).is_err());
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn from_der(der: &[u8]) -> Result<Self, Error> {
        Error::at_most(crate::Limited::Certificate, der.len(), MAX_CERTIFICATE_SIZE)?;
        let parts = parse::Parts::decode(der)?;
        let key_algorithm = key::identify_key(parts.spki.raw)?;
        let (extensions, interpreted) = match parts.extensions {
            Some(list) => extensions::decode(list)?,
            None => Default::default(),
        };
        // Names are validated (structure and string contents) here, read lazily later.
        DistinguishedName::parse(parts.issuer.raw)?;
        DistinguishedName::parse(parts.subject.raw)?;
        Ok(Self {
            inner: Arc::new(Parsed {
                der: Box::from(der),
                tbs: parts.tbs,
                signature_value: parts.signature,
                signature_algorithm: parts.signature_algorithm,
                serial: parts.serial,
                issuer: parts.issuer.span(),
                subject: parts.subject.span(),
                spki: parts.spki.span(),
                validity: parts.validity,
                key_algorithm,
                extensions,
                interpreted,
                kind: OnceLock::new(),
                environment: OnceLock::new(),
            }),
        })
    }

    /// Parses every `CERTIFICATE` block of a PEM text, in order. Other labels are skipped;
    /// no certificate at all is an error.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Certificate, testkit::{HolderSpec, TestCa}};
    /// let pair = TestCa::new(1).issue_pair(&HolderSpec::example());
    /// let pem = pair.signing.to_pem() + &pair.user_authentication.to_pem();
    /// let certs = Certificate::from_pem(pem.as_bytes())?;
    /// assert_eq!(certs.len(), 2);
    /// assert!(Certificate::from_pem(b"no PEM here").is_err());
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn from_pem(pem: &[u8]) -> Result<Vec<Self>, Error> {
        let blocks = crate::pem::decode_all(pem, "CERTIFICATE")?;
        blocks.iter().map(|der| Self::from_der(der)).collect()
    }

    /// Parses DER, or PEM holding exactly one certificate (whichever `bytes` is).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Certificate, testkit::{HolderSpec, TestCa}};
    /// let issued = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// let from_der = Certificate::from_der_or_pem(&issued.der)?;
    /// let from_pem = Certificate::from_der_or_pem(issued.to_pem().as_bytes())?;
    /// assert_eq!(from_der, from_pem);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn from_der_or_pem(bytes: &[u8]) -> Result<Self, Error> {
        if crate::pem::looks_like_pem(bytes) {
            let mut all = Self::from_pem(bytes)?;
            match (all.pop(), all.is_empty()) {
                (Some(one), true) => Ok(one),
                _ => Err(Error::BadPem(crate::PemProblem::NotOneCertificate)),
            }
        } else {
            Self::from_der(bytes)
        }
    }

    fn general_names(&self, from: extensions::NameFrom) -> Vec<GeneralName> {
        self.inner
            .interpreted
            .names
            .iter()
            .filter(|(f, _)| *f == from)
            .map(|(_, n)| n.to_general_name(&self.inner.der))
            .collect()
    }

    /// subjectAltName's otherNames under the personal-data arc, as the parse recorded them:
    /// `None` without a subjectAltName. For `basic4`, which checks the items.
    pub(crate) fn personal_data(
        &self,
    ) -> Option<
        impl Iterator<Item = Result<(der::asn1::ObjectIdentifier, der::asn1::AnyRef<'_>), Error>>,
    > {
        self.inner.interpreted.subject_alt_name.as_ref()?;
        Some(
            self.inner
                .interpreted
                .personal_data
                .iter()
                .map(|(oid, at)| {
                    // The value was read from these bytes at parse time: reading it again cannot
                    // fail, and if it ever did the error is returned, not skipped.
                    crate::der_reader::Reader::new(self.slice(at))
                        .read()
                        .and_then(|t| t.any())
                        .map(|value| (oid.0, value))
                        .map_err(Error::der_at(crate::DerContext::OtherNameValue))
                }),
        )
    }

    /// Where `kind` keeps the classification it computed, so that a certificate is
    /// classified once however often it is verified.
    pub(crate) fn kind_cell(&self) -> &OnceLock<Result<crate::CertificateKind, Error>> {
        &self.inner.kind
    }

    /// Where `kind` keeps the environment it read from the issuer.
    pub(crate) fn environment_cell(&self) -> &OnceLock<Option<crate::Environment>> {
        &self.inner.environment
    }

    fn slice(&self, r: &Range<usize>) -> &[u8] {
        self.inner.der.get(r.clone()).unwrap_or_default()
    }

    /// The certificate's DER encoding.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::testkit::{HolderSpec, TestCa};
    /// let issued = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// assert_eq!(issued.certificate().der(), issued.der);
    /// # }
    /// ```
    pub fn der(&self) -> &[u8] {
        &self.inner.der
    }

    /// The exact DER of the TBSCertificate, as signed by the issuer.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{PublicKey, testkit::{HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let cert = ca.issue_signing(&HolderSpec::example()).certificate();
    /// // The issuer's signature covers exactly these bytes.
    /// let issuer_key = PublicKey::from_spki_der(ca.signing_root().certificate().spki_der())?;
    /// issuer_key.verify(cert.signature_algorithm(), cert.tbs_der(), cert.signature_value())?;
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn tbs_der(&self) -> &[u8] {
        self.slice(&self.inner.tbs)
    }

    /// The signature value (the BIT STRING's octets).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::testkit::{HolderSpec, TestCa};
    /// let cert = TestCa::new(1).issue_signing(&HolderSpec::example()).certificate();
    /// assert_eq!(cert.signature_value().len(), 256); // RSA-2048
    /// # }
    /// ```
    pub fn signature_value(&self) -> &[u8] {
        self.slice(&self.inner.signature_value)
    }

    /// The signature algorithm (outer and TBS agree; parsing checks it).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{SignatureAlgorithm, testkit::{HolderSpec, TestCa}};
    /// let cert = TestCa::new(1).issue_signing(&HolderSpec::example()).certificate();
    /// assert_eq!(cert.signature_algorithm(), SignatureAlgorithm::RsaPkcs1Sha256);
    /// # }
    /// ```
    pub fn signature_algorithm(&self) -> SignatureAlgorithm {
        self.inner.signature_algorithm
    }

    /// The X.509 version: always 3 (parsing refuses others).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::testkit::{HolderSpec, TestCa};
    /// let cert = TestCa::new(1).issue_signing(&HolderSpec::example()).certificate();
    /// assert_eq!(cert.version(), 3);
    /// # }
    /// ```
    pub fn version(&self) -> u8 {
        3
    }

    /// The serial number.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{SerialNumber, testkit::{HolderSpec, TestCa}};
    /// let cert = TestCa::new(1).issue_signing(&HolderSpec::example()).certificate();
    /// assert_eq!(cert.serial(), SerialNumber::from_decimal("20260105000001")?);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn serial(&self) -> SerialNumber {
        self.inner.serial
    }

    /// The issuer's distinguished name.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{OU_SIGNING, testkit::{HolderSpec, TestCa}};
    /// let cert = TestCa::new(1).issue_signing(&HolderSpec::example()).certificate();
    /// assert_eq!(cert.issuer().organization().as_deref(), Some("JPKI-TEST"));
    /// assert_eq!(cert.issuer().organizational_units()[0], OU_SIGNING);
    /// # }
    /// ```
    pub fn issuer(&self) -> DistinguishedName<'_> {
        DistinguishedName::validated(self.slice(&self.inner.issuer))
    }

    /// The subject's distinguished name.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::testkit::{HolderSpec, TestCa};
    /// let cert = TestCa::new(1).issue_signing(&HolderSpec::example()).certificate();
    /// // The subject DN holds no personal data: an opaque CN and the municipality.
    /// assert_eq!(cert.subject().localities(), ["Tokyo-to", "Chiyoda-ku"]);
    /// # }
    /// ```
    pub fn subject(&self) -> DistinguishedName<'_> {
        DistinguishedName::validated(self.slice(&self.inner.subject))
    }

    /// The validity period.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{UnixTime, testkit::{HolderSpec, TestCa}};
    /// let cert = TestCa::new(1).issue_signing(&HolderSpec::example()).certificate();
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// assert!(cert.validity().contains(at));
    /// assert_eq!(cert.validity().not_after.to_rfc3339(), "2031-07-15T14:59:59Z");
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn validity(&self) -> Validity {
        self.inner.validity
    }

    /// The DER of the SubjectPublicKeyInfo.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{PublicKey, testkit::{HolderSpec, TestCa}};
    /// let issued = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// assert_eq!(issued.certificate().spki_der(), issued.private_key.public_key_der());
    /// let key = PublicKey::from_spki_der(issued.certificate().spki_der())?;
    /// key.verify(key.default_signature_algorithm(), b"m", &issued.private_key.sign(b"m"))?;
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn spki_der(&self) -> &[u8] {
        self.slice(&self.inner.spki)
    }

    /// The subject public key's algorithm and size.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{KeyAlgorithm, testkit::{HolderSpec, TestCa}};
    /// let cert = TestCa::new(1).issue_signing(&HolderSpec::example()).certificate();
    /// assert_eq!(cert.key_algorithm(), KeyAlgorithm::Rsa { bits: 2048 });
    /// # }
    /// ```
    pub fn key_algorithm(&self) -> KeyAlgorithm {
        self.inner.key_algorithm
    }

    /// Every extension, in certificate order.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{oids, testkit::{HolderSpec, TestCa}};
    /// let cert = TestCa::new(1).issue_signing(&HolderSpec::example()).certificate();
    /// let critical: Vec<_> = cert.extensions().filter(|e| e.critical).map(|e| e.oid).collect();
    /// assert!(critical.contains(&oids::KEY_USAGE));
    /// # }
    /// ```
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
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{oids, testkit::{HolderSpec, TestCa}};
    /// let cert = TestCa::new(1).issue_signing(&HolderSpec::example()).certificate();
    /// assert!(cert.extension(&oids::SUBJECT_ALT_NAME).is_some());
    /// assert!(cert.extension(&oids::NAME_CONSTRAINTS).is_none());
    /// # }
    /// ```
    pub fn extension(&self, oid: &Oid) -> Option<Extension<'_>> {
        self.extensions().find(|e| e.oid == *oid)
    }

    /// keyUsage, if present.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{KeyUsage, testkit::{HolderSpec, TestCa}};
    /// let cert = TestCa::new(1).issue_signing(&HolderSpec::example()).certificate();
    /// assert_eq!(cert.key_usage(), Some(KeyUsage::DIGITAL_SIGNATURE | KeyUsage::NON_REPUDIATION));
    /// # }
    /// ```
    pub fn key_usage(&self) -> Option<KeyUsage> {
        self.inner.interpreted.key_usage
    }

    /// extendedKeyUsage purposes, if present.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::testkit::{HolderSpec, TestCa};
    /// // JPKI certificates carry no extendedKeyUsage.
    /// let cert = TestCa::new(1).issue_signing(&HolderSpec::example()).certificate();
    /// assert_eq!(cert.extended_key_usage(), None);
    /// # }
    /// ```
    pub fn extended_key_usage(&self) -> Option<&[Oid]> {
        self.inner.interpreted.extended_key_usage.as_deref()
    }

    /// basicConstraints, if present.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{BasicConstraints, testkit::TestCa};
    /// let root = TestCa::new(1).signing_root().certificate();
    /// assert_eq!(root.basic_constraints(), Some(BasicConstraints { ca: true, path_len: None }));
    /// # }
    /// ```
    pub fn basic_constraints(&self) -> Option<BasicConstraints> {
        self.inner.interpreted.basic_constraints
    }

    /// The policy identifiers of certificatePolicies, if present.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{oids, testkit::{HolderSpec, TestCa}};
    /// let cert = TestCa::new(1).issue_signing(&HolderSpec::example()).certificate();
    /// assert_eq!(cert.policies(), Some(&[oids::POLICY_SIGNING_TEST][..]));
    /// # }
    /// ```
    pub fn policies(&self) -> Option<&[Oid]> {
        self.inner.interpreted.policies.as_deref()
    }

    /// The DER of the subjectAltName value (GeneralNames), if present.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{BasicFourInfo, testkit::{HolderSpec, TestCa}};
    /// let cert = TestCa::new(1).issue_signing(&HolderSpec::example()).certificate();
    /// let san = cert.subject_alt_name_der().ok_or(jpki_core::Error::NoBasicFourInfo)?;
    /// assert_eq!(BasicFourInfo::from_subject_alt_name_der(san)?, HolderSpec::example().basic_four);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn subject_alt_name_der(&self) -> Option<&[u8]> {
        self.inner
            .interpreted
            .subject_alt_name
            .as_ref()
            .map(|r| self.slice(r))
    }

    /// issuerAltName entries (JPKI: a directoryName `C=JP, O=公的個人認証サービス`).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{GeneralName, testkit::{HolderSpec, TestCa}};
    /// let cert = TestCa::new(1).issue_signing(&HolderSpec::example()).certificate();
    /// let names = cert.issuer_alt_names();
    /// assert!(matches!(&names[..], [GeneralName::DirectoryName(dn)] if dn.contains("公的個人認証サービス")));
    /// # }
    /// ```
    pub fn issuer_alt_names(&self) -> Vec<GeneralName> {
        self.general_names(extensions::NameFrom::IssuerAltName)
    }

    /// The keyIdentifier of authorityKeyIdentifier, if present.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::testkit::{HolderSpec, TestCa};
    /// let ca = TestCa::new(1);
    /// let cert = ca.issue_signing(&HolderSpec::example()).certificate();
    /// // It names the key of the root that issued the certificate.
    /// assert_eq!(cert.authority_key_id(), ca.signing_root().certificate().subject_key_id());
    /// # }
    /// ```
    pub fn authority_key_id(&self) -> Option<&[u8]> {
        self.inner
            .interpreted
            .authority_key_id
            .as_ref()
            .map(|r| self.slice(r))
    }

    /// subjectKeyIdentifier, if present.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::testkit::{TestCa, key_id};
    /// let root = TestCa::new(1).signing_root().certificate();
    /// assert_eq!(root.subject_key_id(), Some(&key_id(root.spki_der())[..]));
    /// # }
    /// ```
    pub fn subject_key_id(&self) -> Option<&[u8]> {
        self.inner
            .interpreted
            .subject_key_id
            .as_ref()
            .map(|r| self.slice(r))
    }

    /// The `[0] distributionPoint` fields (DER, tag included) of cRLDistributionPoints: the
    /// keys under which CRL partitions (issuingDistributionPoint) are indexed.
    pub(crate) fn crl_partition_keys(&self) -> impl Iterator<Item = &[u8]> {
        self.inner
            .interpreted
            .crl_partitions
            .iter()
            .map(|r| self.slice(r))
    }

    /// The fullName entries of every cRLDistributionPoints distribution point (JPKI: one
    /// directoryName per municipality partition).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{GeneralName, testkit::{HolderSpec, TestCa}};
    /// let cert = TestCa::new(1).issue_signing(&HolderSpec::example()).certificate();
    /// let dps = cert.crl_distribution_points();
    /// assert!(matches!(&dps[..], [GeneralName::DirectoryName(dn)] if dn.contains("CN=Chiyoda-ku")));
    /// # }
    /// ```
    pub fn crl_distribution_points(&self) -> Vec<GeneralName> {
        self.general_names(extensions::NameFrom::CrlDistributionPoint)
    }

    /// authorityInfoAccess entries.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::testkit::{HolderSpec, TestCa};
    /// // The test CA, like the JPKI profile, puts no authorityInfoAccess in certificates.
    /// let cert = TestCa::new(1).issue_signing(&HolderSpec::example()).certificate();
    /// assert!(cert.authority_info_access().is_empty());
    /// # }
    /// ```
    pub fn authority_info_access(&self) -> Vec<AccessDescription> {
        self.inner
            .interpreted
            .names
            .iter()
            .filter_map(|(from, location)| match from {
                extensions::NameFrom::AuthorityInfoAccess(method) => Some(AccessDescription {
                    method: *method,
                    location: location.to_general_name(&self.inner.der),
                }),
                _ => None,
            })
            .collect()
    }

    /// Whether basicConstraints says cA.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::testkit::{HolderSpec, TestCa};
    /// let ca = TestCa::new(1);
    /// assert!(ca.signing_root().certificate().is_ca());
    /// assert!(!ca.issue_signing(&HolderSpec::example()).certificate().is_ca());
    /// # }
    /// ```
    pub fn is_ca(&self) -> bool {
        self.basic_constraints().is_some_and(|bc| bc.ca)
    }

    /// Whether subject and issuer names are byte-identical (a self-issued certificate).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::testkit::{HolderSpec, TestCa};
    /// let ca = TestCa::new(1);
    /// assert!(ca.signing_root().certificate().is_self_issued());
    /// assert!(!ca.issue_signing(&HolderSpec::example()).certificate().is_self_issued());
    /// # }
    /// ```
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

/// Checks `cert`'s validity period at `at` (used by path validation and by OCSP for a
/// responder's certificate, so it lives with the certificate model, below both).
pub(crate) fn check_validity(cert: &Certificate, at: crate::UnixTime) -> Result<(), Error> {
    let v = cert.validity();
    if at < v.not_before {
        Err(Error::NotYetValid {
            at,
            not_before: v.not_before,
        })
    } else if at > v.not_after {
        Err(Error::Expired {
            at,
            not_after: v.not_after,
        })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests;

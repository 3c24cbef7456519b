//! One signer of a SignedData, as received: identifier, algorithms, attributes, signature.

use der::{Decode, Encode};

use super::asn1;
use super::digest::DigestAlgorithm;
use super::{MAX_ATTRIBUTE_VALUES, MAX_ATTRIBUTES};
use crate::{DerContext, Error, Limited, Oid, SerialNumber, SignatureAlgorithm, SignedDataProblem};

/// How a SignerInfo names its certificate (RFC 5652 §5.3).
///
/// ```
/// use jpki_core::{SerialNumber, SignerIdentifier};
/// let by_key = SignerIdentifier::SubjectKeyIdentifier(vec![1, 2, 3]);
/// assert!(matches!(by_key, SignerIdentifier::SubjectKeyIdentifier(ref k) if k.len() == 3));
/// let by_serial = SignerIdentifier::IssuerAndSerialNumber { issuer: vec![0x30, 0x00], serial: SerialNumber::from_u64(7)? };
/// assert!(matches!(by_serial, SignerIdentifier::IssuerAndSerialNumber { .. }));
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignerIdentifier {
    /// The issuer's distinguished name (DER) and the certificate's serial number.
    IssuerAndSerialNumber {
        /// The issuer's Name, DER.
        issuer: Vec<u8>,
        /// The certificate's serial number.
        serial: SerialNumber,
    },
    /// The certificate's subjectKeyIdentifier.
    SubjectKeyIdentifier(Vec<u8>),
}

/// An attribute of a SignerInfo, as received: its type and each value's DER.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{SignedData, testkit::{CmsBuilder, HolderSpec, TestCa}};
/// let ca = TestCa::new(1);
/// let signer = ca.issue_signing(&HolderSpec::example());
/// let der = CmsBuilder::new(b"form".to_vec()).signer(&signer).build();
/// let signed = SignedData::from_der(&der)?;
/// let types: Vec<String> = signed.signers()[0].signed_attributes().iter().map(|a| a.oid().to_string()).collect();
/// assert!(types.contains(&"1.2.840.113549.1.9.4".to_string())); // messageDigest
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attribute {
    oid: Oid,
    values: Vec<Vec<u8>>,
    der: Vec<u8>,
}

impl Attribute {
    /// The attribute's type.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{SignedData, testkit::{CmsBuilder, HolderSpec, TestCa}};
    /// let signer = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// let signed = SignedData::from_der(&CmsBuilder::new(b"x".to_vec()).signer(&signer).build())?;
    /// let first = &signed.signers()[0].signed_attributes()[0];
    /// assert_eq!(first.oid().to_string(), "1.2.840.113549.1.9.3"); // contentType sorts first
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn oid(&self) -> Oid {
        self.oid
    }

    /// Each value's DER (type and length included), in the order received.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{SignedData, testkit::{CmsBuilder, HolderSpec, TestCa}};
    /// let signer = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// let signed = SignedData::from_der(&CmsBuilder::new(b"x".to_vec()).signer(&signer).build())?;
    /// let content_type = &signed.signers()[0].signed_attributes()[0];
    /// assert_eq!(content_type.values().len(), 1);
    /// assert_eq!(content_type.values()[0][0], 0x06); // an OBJECT IDENTIFIER
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn values(&self) -> &[Vec<u8>] {
        &self.values
    }

    /// The whole Attribute's DER.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{SignedData, testkit::{CmsBuilder, HolderSpec, TestCa}};
    /// let signer = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// let signed = SignedData::from_der(&CmsBuilder::new(b"x".to_vec()).signer(&signer).build())?;
    /// assert_eq!(signed.signers()[0].signed_attributes()[0].der()[0], 0x30);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    fn parse_set(body: &[u8]) -> Result<Vec<Self>, Error> {
        let ctx = DerContext::CmsAttribute;
        let items = asn1::elements(body, MAX_ATTRIBUTES)
            .map_err(Error::der_in(ctx))?
            .map_err(|n| Error::TooLarge {
                what: Limited::Attributes,
                size: n,
                limit: MAX_ATTRIBUTES,
            })?;
        items
            .into_iter()
            .map(|der| {
                let attr = asn1::Attribute::from_der(der).map_err(Error::der_in(ctx))?;
                crate::oid::check(&attr.attr_type).map_err(Error::der_in(ctx))?;
                let values = asn1::elements(attr.attr_values.0, MAX_ATTRIBUTE_VALUES)
                    .map_err(Error::der_in(ctx))?
                    .map_err(|n| Error::TooLarge {
                        what: Limited::AttributeValues,
                        size: n,
                        limit: MAX_ATTRIBUTE_VALUES,
                    })?;
                Ok(Self {
                    oid: Oid(attr.attr_type),
                    values: values.into_iter().map(<[u8]>::to_vec).collect(),
                    der: der.to_vec(),
                })
            })
            .collect()
    }
}

/// One SignerInfo of a [`SignedData`](crate::SignedData), parsed strictly but not yet checked:
/// [`SignedDataVerifier`](crate::SignedDataVerifier) applies the rules.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{DigestAlgorithm, SignedData, SignerIdentifier, testkit::{CmsBuilder, HolderSpec, TestCa}};
/// let signer = TestCa::new(1).issue_signing(&HolderSpec::example());
/// let signed = SignedData::from_der(&CmsBuilder::new(b"x".to_vec()).signer(&signer).build())?;
/// let info = &signed.signers()[0];
/// assert_eq!(info.digest_algorithm(), DigestAlgorithm::Sha256);
/// assert!(matches!(info.identifier(), SignerIdentifier::IssuerAndSerialNumber { serial, .. } if *serial == signer.serial));
/// assert!(info.unsigned_attributes().is_empty());
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignerInfo {
    pub(super) version: u8,
    pub(super) sid: SignerIdentifier,
    pub(super) digest: DigestAlgorithm,
    pub(super) signature_algorithm: SignatureAlgorithm,
    /// The signature algorithm names another hash than digestAlgorithm.
    pub(super) hash_mismatch: bool,
    pub(super) signed_attrs_der: Option<Vec<u8>>,
    pub(super) signed_attrs: Vec<Attribute>,
    pub(super) unsigned_attrs: Option<Vec<Attribute>>,
    pub(super) signature: Vec<u8>,
}

impl SignerInfo {
    pub(super) fn parse(der: &[u8]) -> Result<Self, Error> {
        let ctx = DerContext::SignerInfo;
        let info = asn1::SignerInfo::from_der(der).map_err(Error::der_in(ctx))?;
        let sid = match &info.sid {
            asn1::SignerIdentifier::IssuerAndSerialNumber(iasn) => {
                SignerIdentifier::IssuerAndSerialNumber {
                    issuer: iasn.issuer.to_der().map_err(Error::der_in(ctx))?,
                    serial: SerialNumber::from_der_integer(iasn.serial_number.as_bytes())?,
                }
            }
            asn1::SignerIdentifier::SubjectKeyIdentifier(ski) => {
                SignerIdentifier::SubjectKeyIdentifier(ski.as_bytes().to_vec())
            }
        };
        // RFC 5652 §5.3: version 1 with issuerAndSerialNumber, 3 with subjectKeyIdentifier.
        let expected = match sid {
            SignerIdentifier::IssuerAndSerialNumber { .. } => 1,
            SignerIdentifier::SubjectKeyIdentifier(_) => 3,
        };
        if info.version != expected {
            return Err(Error::BadSignedData(SignedDataProblem::SignerInfoVersion));
        }
        crate::oid::check(&info.digest_algorithm.oid).map_err(Error::der_in(ctx))?;
        crate::oid::check(&info.signature_algorithm.oid).map_err(Error::der_in(ctx))?;
        let digest = DigestAlgorithm::identify(&info.digest_algorithm);
        let (signature_algorithm, hash_mismatch) =
            signature_algorithm(&info.signature_algorithm, digest);
        let (signed_attrs_der, signed_attrs) = match info.signed_attrs {
            Some(set) => (
                Some(set.to_der().map_err(Error::der_in(ctx))?),
                Attribute::parse_set(set.0)?,
            ),
            None => (None, Vec::new()),
        };
        let unsigned_attrs = info
            .unsigned_attrs
            .map(|set| Attribute::parse_set(set.0))
            .transpose()?;
        Ok(Self {
            version: info.version,
            sid,
            digest,
            signature_algorithm,
            hash_mismatch,
            signed_attrs_der,
            signed_attrs,
            unsigned_attrs,
            signature: info.signature.as_bytes().to_vec(),
        })
    }

    /// The signer identifier.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{SignedData, SignerIdentifier, testkit::{CmsBuilder, HolderSpec, SignerId, TestCa}};
    /// let signer = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// let der = CmsBuilder::new(b"x".to_vec()).signer_with(&signer, |s| s.id = SignerId::SubjectKeyIdentifier).build();
    /// let signed = SignedData::from_der(&der)?;
    /// assert!(matches!(signed.signers()[0].identifier(), SignerIdentifier::SubjectKeyIdentifier(_)));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn identifier(&self) -> &SignerIdentifier {
        &self.sid
    }

    /// The SignerInfo's version (1 or 3).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{SignedData, testkit::{CmsBuilder, HolderSpec, TestCa}};
    /// let signer = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// let signed = SignedData::from_der(&CmsBuilder::new(b"x".to_vec()).signer(&signer).build())?;
    /// assert_eq!(signed.signers()[0].version(), 1);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn version(&self) -> u8 {
        self.version
    }

    /// The digestAlgorithm.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{DigestAlgorithm, SignedData, testkit::{CmsBuilder, HolderSpec, TestCa}};
    /// let signer = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// let der = CmsBuilder::new(b"x".to_vec()).signer_with(&signer, |s| s.digest = DigestAlgorithm::Sha512).build();
    /// assert_eq!(SignedData::from_der(&der)?.signers()[0].digest_algorithm(), DigestAlgorithm::Sha512);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn digest_algorithm(&self) -> DigestAlgorithm {
        self.digest
    }

    /// The signature algorithm, with `rsaEncryption` resolved to RSASSA-PKCS1-v1_5 with the
    /// digestAlgorithm's hash.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{SignatureAlgorithm, SignedData, testkit::{CmsBuilder, HolderSpec, TestCa}};
    /// let signer = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// let signed = SignedData::from_der(&CmsBuilder::new(b"x".to_vec()).signer(&signer).build())?;
    /// assert_eq!(signed.signers()[0].signature_algorithm(), SignatureAlgorithm::RsaPkcs1Sha256);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn signature_algorithm(&self) -> SignatureAlgorithm {
        self.signature_algorithm
    }

    /// The signed attributes as received (empty when there are none: see
    /// [`SignerInfo::has_signed_attributes`]).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{SignedData, testkit::{CmsBuilder, HolderSpec, TestCa}};
    /// let signer = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// let signed = SignedData::from_der(&CmsBuilder::new(b"x".to_vec()).signer(&signer).build())?;
    /// assert_eq!(signed.signers()[0].signed_attributes().len(), 3); // contentType, signingTime, messageDigest
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn signed_attributes(&self) -> &[Attribute] {
        &self.signed_attrs
    }

    /// Whether signedAttrs is present (the signature is then over them, not the content).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{SignedData, testkit::{CmsBuilder, HolderSpec, SignedAttrs, TestCa}};
    /// let signer = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// let der = CmsBuilder::new(b"x".to_vec()).signer_with(&signer, |s| s.attributes = SignedAttrs::None).build();
    /// assert!(!SignedData::from_der(&der)?.signers()[0].has_signed_attributes());
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn has_signed_attributes(&self) -> bool {
        self.signed_attrs_der.is_some()
    }

    /// The DER of the signed attributes as a `SET OF` (tag 0x31): the bytes the signature is
    /// over.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{SignedData, testkit::{CmsBuilder, HolderSpec, TestCa}};
    /// let signer = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// let signed = SignedData::from_der(&CmsBuilder::new(b"x".to_vec()).signer(&signer).build())?;
    /// assert_eq!(signed.signers()[0].signed_attributes_der().map(|d| d[0]), Some(0x31));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn signed_attributes_der(&self) -> Option<&[u8]> {
        self.signed_attrs_der.as_deref()
    }

    /// The unsigned attributes as received (a later timestamp, a countersignature).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{SignedData, testkit::{CmsBuilder, HolderSpec, TestCa}};
    /// let signer = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// let signed = SignedData::from_der(&CmsBuilder::new(b"x".to_vec()).signer(&signer).build())?;
    /// assert!(signed.signers()[0].unsigned_attributes().is_empty());
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn unsigned_attributes(&self) -> &[Attribute] {
        self.unsigned_attrs.as_deref().unwrap_or_default()
    }

    /// The signature value (what a signature timestamp's messageImprint covers).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{SignedData, testkit::{CmsBuilder, HolderSpec, TestCa}};
    /// let signer = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// let signed = SignedData::from_der(&CmsBuilder::new(b"x".to_vec()).signer(&signer).build())?;
    /// assert_eq!(signed.signers()[0].signature().len(), 256); // RSA-2048
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn signature(&self) -> &[u8] {
        &self.signature
    }
}

/// The signature algorithm of a SignerInfo: `rsaEncryption` (RFC 3370 §3.2, NULL or absent
/// parameters) means RSASSA-PKCS1-v1_5 with the digestAlgorithm's hash; an algorithm that names
/// its own hash must name the digestAlgorithm's (the flag says it does not).
fn signature_algorithm(
    alg: &spki::AlgorithmIdentifierRef<'_>,
    digest: DigestAlgorithm,
) -> (SignatureAlgorithm, bool) {
    let oid = Oid(alg.oid);
    if oid == crate::oids::RSA_ENCRYPTION {
        let params_ok = alg
            .parameters
            .is_none_or(|p| der::Tagged::tag(&p) == der::Tag::Null && p.value().is_empty());
        let resolved = match digest.rsa_pkcs1() {
            Some(a) if params_ok => a,
            _ => SignatureAlgorithm::Unsupported(oid),
        };
        return (resolved, false);
    }
    // sha1WithRSAEncryption (RFC 3370 §3.2, NULL parameters) is read here, for CMS signers
    // only, so that the verifier's legacy SHA-1 policy can decide on it; identify() never
    // yields it (certificates).
    if oid == crate::oids::SHA1_WITH_RSA
        && alg
            .parameters
            .is_some_and(|p| der::Tagged::tag(&p) == der::Tag::Null && p.value().is_empty())
    {
        return (
            SignatureAlgorithm::RsaPkcs1Sha1,
            digest != DigestAlgorithm::Sha1,
        );
    }
    let identified = SignatureAlgorithm::identify(alg.oid, alg.parameters);
    let mismatch = DigestAlgorithm::of_signature(identified).is_some_and(|hash| hash != digest);
    (identified, mismatch)
}

//! The parsed SignedData: strict DER, limits, the version rule, certificates and revocation
//! information decoded by the crate's own parsers.

use der::{Decode, Encode, Reader, SliceReader, TagNumber};

use super::asn1;
use super::digest::DigestAlgorithm;
use super::signer_info::SignerInfo;
use super::{
    MAX_REVOCATION_INFOS, MAX_SIGNED_DATA_CERTIFICATES, MAX_SIGNED_DATA_SIZE, MAX_SIGNERS, oids,
};
use crate::{
    Certificate, Crl, DerContext, Error, Limited, OcspResponse, Oid, PemProblem, SignedDataProblem,
};

/// A CMS SignedData (RFC 5652) in a ContentInfo, parsed strictly: DER only, every limit
/// checked before anything is allocated per element, the version rule of §5.1, every
/// certificate, CRL and OCSP response (RFC 5940) parsed by the crate's own strict parsers.
/// Parsing checks the structure only; [`SignedDataVerifier`](crate::SignedDataVerifier)
/// verifies the signers.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{SignedData, testkit::{CmsBuilder, HolderSpec, TestCa}};
/// let ca = TestCa::new(1);
/// let signer = ca.issue_signing(&HolderSpec::example());
/// let der = CmsBuilder::new(b"application form".to_vec()).signer(&signer).build();
/// let signed = SignedData::from_der(&der)?;
/// assert_eq!(signed.content(), Some(&b"application form"[..]));
/// assert_eq!(signed.signers().len(), 1);
/// assert_eq!(signed.certificates(), [signer.certificate()]);
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct SignedData {
    version: u8,
    content_type: Oid,
    content: Option<Vec<u8>>,
    digest_algorithms: Vec<DigestAlgorithm>,
    certificates: Vec<Certificate>,
    crls: Vec<Vec<u8>>,
    ocsp_responses: Vec<Vec<u8>>,
    signers: Vec<SignerInfo>,
}

/// What the certificates and crls sets hold besides certificates and CRLs, for the version
/// rule.
#[derive(Default)]
struct Extras {
    other: bool,
    v1_attribute_certificates: bool,
    v2_attribute_certificates: bool,
}

impl SignedData {
    /// Parses a DER ContentInfo holding a SignedData.
    ///
    /// ```
    /// use jpki_core::{Error, Limited, MAX_SIGNED_DATA_SIZE, SignedData};
    /// let huge = vec![0u8; MAX_SIGNED_DATA_SIZE + 1];
    /// assert!(matches!(SignedData::from_der(&huge), Err(Error::TooLarge { what: Limited::SignedData, .. })));
    /// assert!(matches!(SignedData::from_der(&[0x30, 0x80, 0x00, 0x00]), Err(Error::BadDer { .. })));
    /// ```
    pub fn from_der(der: &[u8]) -> Result<Self, Error> {
        Error::at_most(Limited::SignedData, der.len(), MAX_SIGNED_DATA_SIZE)?;
        let info =
            asn1::ContentInfo::from_der(der).map_err(Error::der_in(DerContext::ContentInfo))?;
        crate::oid::check(&info.content_type).map_err(Error::der_in(DerContext::ContentInfo))?;
        if Oid(info.content_type) != oids::SIGNED_DATA {
            return Err(Error::BadSignedData(SignedDataProblem::NotSignedData));
        }
        let ctx = DerContext::SignedData;
        let sd: asn1::SignedData<'_> = info.content.decode_as().map_err(Error::der_in(ctx))?;
        let encap = &sd.encap_content_info;
        crate::oid::check(&encap.e_content_type).map_err(Error::der_in(ctx))?;

        let digest_algorithms = split(
            sd.digest_algorithms.0,
            MAX_SIGNERS,
            Limited::DigestAlgorithms,
            ctx,
        )?
        .into_iter()
        .map(|der| {
            let alg = spki::AlgorithmIdentifierRef::from_der(der).map_err(Error::der_in(ctx))?;
            crate::oid::check(&alg.oid).map_err(Error::der_in(ctx))?;
            Ok(DigestAlgorithm::identify(&alg))
        })
        .collect::<Result<Vec<_>, Error>>()?;

        let mut extras = Extras::default();
        let mut certificates = Vec::new();
        if let Some(set) = sd.certificates {
            for der in split(
                set.0,
                MAX_SIGNED_DATA_CERTIFICATES,
                Limited::SignedDataCertificates,
                ctx,
            )? {
                match first_tag(der) {
                    // CertificateChoices: certificate, or [0]..[3] IMPLICIT alternatives.
                    Some(0x30) => certificates.push(Certificate::from_der(der)?),
                    Some(0xa0) => {
                        return Err(Error::BadSignedData(SignedDataProblem::ExtendedCertificate));
                    }
                    Some(0xa1) => extras.v1_attribute_certificates = true,
                    Some(0xa2) => extras.v2_attribute_certificates = true,
                    Some(0xa3) => extras.other = true,
                    _ => return Err(unexpected_tag(ctx)),
                }
            }
        }

        let mut crls = Vec::new();
        let mut ocsp_responses = Vec::new();
        if let Some(set) = sd.crls {
            for der in split(set.0, MAX_REVOCATION_INFOS, Limited::RevocationInfos, ctx)? {
                match first_tag(der) {
                    Some(0x30) => {
                        Crl::from_der(der)?;
                        crls.push(der.to_vec());
                    }
                    Some(0xa1) => {
                        extras.other = true;
                        let other = other_revocation_info(der)?;
                        if Oid(other.other_rev_info_format) == oids::RI_OCSP_RESPONSE {
                            let response = other
                                .other_rev_info
                                .to_der()
                                .map_err(Error::der_in(DerContext::OtherRevocationInfo))?;
                            OcspResponse::from_der(&response)?;
                            ocsp_responses.push(response);
                        }
                    }
                    _ => return Err(unexpected_tag(ctx)),
                }
            }
        }

        let signers = split(sd.signer_infos.0, MAX_SIGNERS, Limited::Signers, ctx)?
            .into_iter()
            .map(SignerInfo::parse)
            .collect::<Result<Vec<_>, Error>>()?;

        // RFC 5652 §5.1: the version follows from what the SignedData holds.
        let content_type = Oid(encap.e_content_type);
        let expected = if extras.other {
            5
        } else if extras.v2_attribute_certificates {
            4
        } else if extras.v1_attribute_certificates
            || signers.iter().any(|s| s.version == 3)
            || content_type != oids::DATA
        {
            3
        } else {
            1
        };
        if sd.version != expected {
            return Err(Error::BadSignedData(SignedDataProblem::Version));
        }

        Ok(Self {
            version: sd.version,
            content_type,
            content: encap.e_content.map(|c| c.as_bytes().to_vec()),
            digest_algorithms,
            certificates,
            crls,
            ocsp_responses,
            signers,
        })
    }

    /// Parses PEM text with one `CMS` or `PKCS7` block (what `openssl cms -outform PEM` and
    /// `openssl smime -outform PEM` write).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{SignedData, pem, testkit::{CmsBuilder, HolderSpec, TestCa}};
    /// let signer = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// let der = CmsBuilder::new(b"x".to_vec()).signer(&signer).build();
    /// for label in ["CMS", "PKCS7"] {
    ///     let text = pem::encode(label, &der);
    ///     assert_eq!(SignedData::from_pem(text.as_bytes())?.signers().len(), 1);
    /// }
    /// assert!(SignedData::from_pem(pem::encode("CERTIFICATE", &der).as_bytes()).is_err());
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn from_pem(pem: &[u8]) -> Result<Self, Error> {
        let mut blocks = Vec::new();
        for label in ["CMS", "PKCS7"] {
            match crate::pem::decode_all(pem, label) {
                Ok(found) => blocks.extend(found),
                Err(Error::BadPem(PemProblem::NoBlockWithLabel)) => {}
                Err(e) => return Err(e),
            }
        }
        match blocks.as_slice() {
            [one] => Self::from_der(one),
            _ => Err(Error::BadPem(PemProblem::NotOneSignedData)),
        }
    }

    /// Parses DER, or PEM when the input starts with a `-----BEGIN` line.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{SignedData, pem, testkit::{CmsBuilder, HolderSpec, TestCa}};
    /// let signer = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// let der = CmsBuilder::new(b"x".to_vec()).signer(&signer).build();
    /// let from_pem = SignedData::from_der_or_pem(pem::encode("CMS", &der).as_bytes())?;
    /// assert_eq!(from_pem.content(), SignedData::from_der_or_pem(&der)?.content());
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn from_der_or_pem(bytes: &[u8]) -> Result<Self, Error> {
        if crate::pem::looks_like_pem(bytes) {
            Self::from_pem(bytes)
        } else {
            Self::from_der(bytes)
        }
    }

    /// The SignedData's version (1, 3, 4 or 5).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{SignedData, testkit::{CmsBuilder, HolderSpec, SignerId, TestCa}};
    /// let signer = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// let by_serial = CmsBuilder::new(b"x".to_vec()).signer(&signer).build();
    /// assert_eq!(SignedData::from_der(&by_serial)?.version(), 1);
    /// let by_key = CmsBuilder::new(b"x".to_vec()).signer_with(&signer, |s| s.id = SignerId::SubjectKeyIdentifier).build();
    /// assert_eq!(SignedData::from_der(&by_key)?.version(), 3);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn version(&self) -> u8 {
        self.version
    }

    /// eContentType: what the content is (id-data for documents).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{SignedData, testkit::{CmsBuilder, HolderSpec, TestCa}};
    /// let signer = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// let signed = SignedData::from_der(&CmsBuilder::new(b"x".to_vec()).signer(&signer).build())?;
    /// assert_eq!(signed.content_type().to_string(), "1.2.840.113549.1.7.1"); // id-data
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn content_type(&self) -> Oid {
        self.content_type
    }

    /// The encapsulated content, or `None` when the signature is detached.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{SignedData, testkit::{CmsBuilder, HolderSpec, TestCa}};
    /// let signer = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// let detached = CmsBuilder::new(b"x".to_vec()).detached().signer(&signer).build();
    /// assert_eq!(SignedData::from_der(&detached)?.content(), None);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn content(&self) -> Option<&[u8]> {
        self.content.as_deref()
    }

    /// The digestAlgorithms set, in the order received.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{DigestAlgorithm, SignedData, testkit::{CmsBuilder, HolderSpec, TestCa}};
    /// let signer = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// let signed = SignedData::from_der(&CmsBuilder::new(b"x".to_vec()).signer(&signer).build())?;
    /// assert_eq!(signed.digest_algorithms(), [DigestAlgorithm::Sha256]);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn digest_algorithms(&self) -> &[DigestAlgorithm] {
        &self.digest_algorithms
    }

    /// The certificates the SignedData carries (attribute certificates are left out).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{SignedData, testkit::{CmsBuilder, HolderSpec, TestCa}};
    /// let signer = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// let der = CmsBuilder::new(b"x".to_vec()).signer(&signer).without_certificates().build();
    /// assert!(SignedData::from_der(&der)?.certificates().is_empty());
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn certificates(&self) -> &[Certificate] {
        &self.certificates
    }

    /// The CRLs the SignedData carries, each DER (parsed with [`Crl::from_der`] once already).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{SignedData, UnixTime, testkit::{CmsBuilder, CrlSpec, HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let signer = ca.issue_signing(&HolderSpec::example());
    /// let crl = ca.issue_crl(&CrlSpec::signing(UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?));
    /// let der = CmsBuilder::new(b"x".to_vec()).signer(&signer).crl(crl.clone()).build();
    /// assert_eq!(SignedData::from_der(&der)?.crls(), [crl]);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn crls(&self) -> &[Vec<u8>] {
        &self.crls
    }

    /// The OCSP responses the SignedData carries (RFC 5940 `id-ri-ocsp-response`), each DER.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{SignedData, UnixTime, testkit::{CmsBuilder, HolderSpec, OcspSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let signer = ca.issue_signing(&HolderSpec::example());
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let response = ca.issue_ocsp_response(&OcspSpec::good(signer.serial, at));
    /// let der = CmsBuilder::new(b"x".to_vec()).signer(&signer).ocsp_response(response.clone()).build();
    /// let signed = SignedData::from_der(&der)?;
    /// assert_eq!(signed.ocsp_responses(), [response]);
    /// assert_eq!(signed.version(), 5); // "other" revocation information
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn ocsp_responses(&self) -> &[Vec<u8>] {
        &self.ocsp_responses
    }

    /// The SignerInfos, in the order received.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{SignedData, testkit::{CmsBuilder, HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let (a, b) = (ca.issue_signing(&HolderSpec::example()), ca.issue_signing(&HolderSpec::example()));
    /// let der = CmsBuilder::new(b"x".to_vec()).signer(&a).signer(&b).build();
    /// assert_eq!(SignedData::from_der(&der)?.signers().len(), 2);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn signers(&self) -> &[SignerInfo] {
        &self.signers
    }
}

/// The elements of a SET OF, refused over `limit`.
fn split(body: &[u8], limit: usize, what: Limited, ctx: DerContext) -> Result<Vec<&[u8]>, Error> {
    asn1::elements(body, limit)
        .map_err(Error::der_in(ctx))?
        .map_err(|size| Error::TooLarge { what, size, limit })
}

fn first_tag(der: &[u8]) -> Option<u8> {
    der.first().copied()
}

fn unexpected_tag(context: DerContext) -> Error {
    Error::BadDer {
        context,
        problem: crate::DerProblem::UnexpectedTag,
    }
}

/// The `[1] IMPLICIT OtherRevocationInfoFormat` alternative.
fn other_revocation_info(der: &[u8]) -> Result<asn1::OtherRevocationInfoFormat<'_>, Error> {
    let ctx = DerContext::OtherRevocationInfo;
    let mut reader = SliceReader::new(der).map_err(Error::der_in(ctx))?;
    let value = der::asn1::ContextSpecific::<asn1::OtherRevocationInfoFormat<'_>>::decode_implicit(
        &mut reader,
        TagNumber(1),
    )
    .map_err(Error::der_in(ctx))?
    .ok_or_else(|| unexpected_tag(ctx))?;
    reader.finish().map_err(Error::der_in(ctx))?;
    crate::oid::check(&value.value.other_rev_info_format).map_err(Error::der_in(ctx))?;
    Ok(value.value)
}

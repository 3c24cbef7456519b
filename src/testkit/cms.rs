//! CMS SignedData made by the test CA's holders (RFC 5652): attached or detached content, with
//! or without signed attributes, either signer identifier, several signers, RSA or ECDSA —
//! and a knob for each rule a verifier must enforce, so that every refusal has a test.

use std::time::Duration;

use der::asn1::{AnyRef, GeneralizedTime, ObjectIdentifier, OctetStringRef, UtcTime};
use der::{Decode, Encode};
use rsa::signature::{SignatureEncoding as _, Signer as _};
use sha2::{Sha256, Sha384, Sha512};
use spki::AlgorithmIdentifierRef;

use super::{IssuedCert, PrivateKey, TestTsa, TstInfoSpec};
use crate::signed::asn1::{self, SetBody};
use crate::signed::attributes::set_order;
use crate::signed::oids;
use crate::{DigestAlgorithm, Oid, UnixTime};

/// id-data: the content type of documents.
///
/// ```
/// assert_eq!(jpki_core::testkit::ID_DATA.to_string(), "1.2.840.113549.1.7.1");
/// ```
pub const ID_DATA: Oid = oids::DATA;
/// id-contentType.
///
/// ```
/// assert_eq!(jpki_core::testkit::ID_CONTENT_TYPE.to_string(), "1.2.840.113549.1.9.3");
/// ```
pub const ID_CONTENT_TYPE: Oid = oids::CONTENT_TYPE;
/// id-messageDigest.
///
/// ```
/// assert_eq!(jpki_core::testkit::ID_MESSAGE_DIGEST.to_string(), "1.2.840.113549.1.9.4");
/// ```
pub const ID_MESSAGE_DIGEST: Oid = oids::MESSAGE_DIGEST;
/// id-signingTime.
///
/// ```
/// assert_eq!(jpki_core::testkit::ID_SIGNING_TIME.to_string(), "1.2.840.113549.1.9.5");
/// ```
pub const ID_SIGNING_TIME: Oid = oids::SIGNING_TIME;
/// id-countersignature.
///
/// ```
/// assert_eq!(jpki_core::testkit::ID_COUNTERSIGNATURE.to_string(), "1.2.840.113549.1.9.6");
/// ```
pub const ID_COUNTERSIGNATURE: Oid = oids::COUNTERSIGNATURE;

/// The signingTime the default attributes claim: 2026-06-01T00:00:00Z.
///
/// ```
/// use jpki_core::{UnixTime, testkit::DEFAULT_SIGNING_TIME};
/// assert_eq!(DEFAULT_SIGNING_TIME, UnixTime::parse_rfc3339("2026-06-01T00:00:00Z")?);
/// # Ok::<(), jpki_core::Error>(())
/// ```
pub const DEFAULT_SIGNING_TIME: UnixTime = UnixTime::from_unix_seconds(1_780_272_000);

/// id-aa-signatureTimeStampToken (RFC 3161 Appendix A): the unsigned attribute of a CAdES-T
/// signature.
///
/// ```
/// assert_eq!(jpki_core::testkit::ID_SIGNATURE_TIME_STAMP_TOKEN.to_string(), "1.2.840.113549.1.9.16.2.14");
/// ```
pub const ID_SIGNATURE_TIME_STAMP_TOKEN: Oid = Oid::new("1.2.840.113549.1.9.16.2.14");

/// A signature time-stamp a [`TestTsa`] puts on a signer (CAdES-T), with the knobs a verifier
/// must catch.
///
/// ```
/// use jpki_core::{DigestAlgorithm, UnixTime, testkit::{SignatureTimestampSpec, TestTsa}};
/// let spec = SignatureTimestampSpec::new(&TestTsa::new(1), UnixTime::from_unix_seconds(1_800_000_000));
/// assert_eq!(spec.hash, DigestAlgorithm::Sha256);
/// assert!(!spec.wrong_imprint);
/// ```
#[derive(Clone, Debug)]
pub struct SignatureTimestampSpec {
    /// The TSA that stamps.
    pub tsa: TestTsa,
    /// The token's genTime.
    pub gen_time: UnixTime,
    /// The messageImprint's hash algorithm.
    pub hash: DigestAlgorithm,
    /// Stamp the digest of other bytes than the signature value.
    pub wrong_imprint: bool,
    /// Flip a bit of the token's own signature.
    pub corrupt_token: bool,
}

impl SignatureTimestampSpec {
    /// A SHA-256 stamp by `tsa` at `gen_time`.
    ///
    /// ```
    /// use jpki_core::{UnixTime, testkit::{SignatureTimestampSpec, TestTsa}};
    /// let at = UnixTime::from_unix_seconds(1_800_000_000);
    /// assert_eq!(SignatureTimestampSpec::new(&TestTsa::new(1), at).gen_time, at);
    /// ```
    pub fn new(tsa: &TestTsa, gen_time: UnixTime) -> Self {
        Self {
            tsa: tsa.clone(),
            gen_time,
            hash: DigestAlgorithm::Sha256,
            wrong_imprint: false,
            corrupt_token: false,
        }
    }

    /// The token (DER ContentInfo) over `signature` (or any bytes: a PDF's ByteRange).
    pub(crate) fn token(&self, signature: &[u8]) -> Vec<u8> {
        let stamped: &[u8] = if self.wrong_imprint {
            b"other"
        } else {
            signature
        };
        let digest = self
            .hash
            .digest(stamped)
            .unwrap_or_else(|| panic!("testkit: digest {} is not supported", self.hash));
        let mut token = self
            .tsa
            .stamp(&TstInfoSpec::new(self.hash, digest, self.gen_time));
        if self.corrupt_token {
            // The TSA's signature is the token's last OCTET STRING (no unsigned attributes):
            // its last byte.
            if let Some(last) = token.last_mut() {
                *last ^= 1;
            }
        }
        token
    }
}

/// One attribute to put in a SignerInfo: its type and each value's DER.
///
/// ```
/// use jpki_core::testkit::{ID_CONTENT_TYPE, TestAttribute};
/// let a = TestAttribute::new(ID_CONTENT_TYPE, vec![vec![0x06, 0x01, 0x00]]);
/// assert_eq!(a.values.len(), 1);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestAttribute {
    /// The attribute type.
    pub oid: Oid,
    /// Each value, DER.
    pub values: Vec<Vec<u8>>,
}

impl TestAttribute {
    /// An attribute of `oid` with `values`.
    ///
    /// ```
    /// use jpki_core::testkit::{ID_SIGNING_TIME, TestAttribute};
    /// assert_eq!(TestAttribute::new(ID_SIGNING_TIME, vec![]).oid, ID_SIGNING_TIME);
    /// ```
    pub fn new(oid: Oid, values: Vec<Vec<u8>>) -> Self {
        Self { oid, values }
    }
}

/// How a signer names its certificate.
///
/// ```
/// use jpki_core::testkit::SignerId;
/// assert_ne!(SignerId::IssuerAndSerialNumber, SignerId::SubjectKeyIdentifier);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignerId {
    /// issuerAndSerialNumber (SignerInfo version 1).
    IssuerAndSerialNumber,
    /// subjectKeyIdentifier (SignerInfo version 3).
    SubjectKeyIdentifier,
}

/// The signed attributes of a signer.
///
/// ```
/// use jpki_core::testkit::{ID_SIGNING_TIME, SignedAttrs};
/// // The defaults without signingTime:
/// let _ = SignedAttrs::Default { signing_time: None };
/// // The defaults, edited (here: signingTime removed another way):
/// let edit = SignedAttrs::Edited(|attrs| attrs.retain(|a| a.oid != ID_SIGNING_TIME));
/// assert!(matches!(edit, SignedAttrs::Edited(_)));
/// ```
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum SignedAttrs {
    /// No signed attributes: the signature is over the content itself.
    None,
    /// contentType, messageDigest and (if given) signingTime.
    Default {
        /// The signingTime to claim.
        signing_time: Option<UnixTime>,
    },
    /// The defaults (with [`DEFAULT_SIGNING_TIME`]) changed by a function, to break a rule.
    Edited(fn(&mut Vec<TestAttribute>)),
}

/// How one signer signs, with a knob for each fault a verifier must catch.
///
/// ```
/// use jpki_core::{DigestAlgorithm, testkit::{CmsSignerSpec, SignerId}};
/// let spec = CmsSignerSpec::default();
/// assert_eq!(spec.id, SignerId::IssuerAndSerialNumber);
/// assert_eq!(spec.digest, DigestAlgorithm::Sha256);
/// ```
#[derive(Clone, Debug)]
pub struct CmsSignerSpec {
    /// The signer identifier.
    pub id: SignerId,
    /// The digest algorithm (RSA signs with it, SHA-1 included for legacy documents; ECDSA
    /// always with its curve's hash).
    pub digest: DigestAlgorithm,
    /// The signed attributes.
    pub attributes: SignedAttrs,
    /// Encode the signed attributes in reverse DER order (and sign those bytes).
    pub unsorted_attributes: bool,
    /// Signed attributes added to the others (a TSA's signing-certificate-v2, or the ESS
    /// signing-certificate-v2 of a CAdES signature in a PDF).
    pub extra_signed_attributes: Vec<TestAttribute>,
    /// Unsigned attributes.
    pub unsigned_attributes: Vec<TestAttribute>,
    /// Signature time-stamps (CAdES-T), put in one id-aa-signatureTimeStampToken unsigned
    /// attribute after the others.
    pub signature_timestamps: Vec<SignatureTimestampSpec>,
    /// Present but empty unsigned attributes.
    pub empty_unsigned_attributes: bool,
    /// The messageDigest is computed over these bytes instead of the content.
    pub message_digest_of: Option<Vec<u8>>,
    /// Flip a bit of the signature.
    pub corrupt_signature: bool,
    /// Use `rsaEncryption` as the signature algorithm (as OpenSSL does) instead of
    /// sha*WithRSAEncryption.
    pub rsa_encryption_oid: bool,
    /// A SignerInfo version other than the one the identifier requires.
    pub version: Option<u8>,
}

impl Default for CmsSignerSpec {
    fn default() -> Self {
        Self {
            id: SignerId::IssuerAndSerialNumber,
            digest: DigestAlgorithm::Sha256,
            attributes: SignedAttrs::Default {
                signing_time: Some(DEFAULT_SIGNING_TIME),
            },
            unsorted_attributes: false,
            extra_signed_attributes: Vec::new(),
            unsigned_attributes: Vec::new(),
            signature_timestamps: Vec::new(),
            empty_unsigned_attributes: false,
            message_digest_of: None,
            corrupt_signature: false,
            rsa_encryption_oid: false,
            version: None,
        }
    }
}

/// Builds a CMS SignedData (DER ContentInfo).
///
/// ```
/// use jpki_core::{SignedData, testkit::{CmsBuilder, HolderSpec, TestCa}};
/// let ca = TestCa::new(1);
/// let holder = ca.issue_signing(&HolderSpec::example());
/// let der = CmsBuilder::new(b"form".to_vec()).detached().signer(&holder).build();
/// let signed = SignedData::from_der(&der)?;
/// assert_eq!(signed.content(), None);
/// assert_eq!(signed.signers().len(), 1);
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct CmsBuilder {
    content: Vec<u8>,
    content_type: Oid,
    detached: bool,
    signers: Vec<(IssuedCert, CmsSignerSpec)>,
    with_signer_certificates: bool,
    certificates: Vec<Vec<u8>>,
    crls: Vec<Vec<u8>>,
    ocsp_responses: Vec<Vec<u8>>,
    version: Option<u8>,
}

impl CmsBuilder {
    /// A SignedData over `content` (id-data, encapsulated, no signer yet).
    ///
    /// ```
    /// use jpki_core::{SignedData, testkit::CmsBuilder};
    /// let unsigned = SignedData::from_der(&CmsBuilder::new(b"x".to_vec()).build())?;
    /// assert!(unsigned.signers().is_empty());
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn new(content: Vec<u8>) -> Self {
        Self {
            content,
            content_type: oids::DATA,
            detached: false,
            signers: Vec::new(),
            with_signer_certificates: true,
            certificates: Vec::new(),
            crls: Vec::new(),
            ocsp_responses: Vec::new(),
            version: None,
        }
    }

    /// Leaves the content out (a detached signature).
    ///
    /// ```
    /// use jpki_core::{SignedData, testkit::CmsBuilder};
    /// assert_eq!(SignedData::from_der(&CmsBuilder::new(b"x".to_vec()).detached().build())?.content(), None);
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn detached(mut self) -> Self {
        self.detached = true;
        self
    }

    /// Sets eContentType (default id-data).
    ///
    /// ```
    /// use jpki_core::{Oid, SignedData, testkit::CmsBuilder};
    /// let other: Oid = "1.2.840.113549.1.9.16.1.4".parse()?; // id-ct-TSTInfo
    /// let signed = SignedData::from_der(&CmsBuilder::new(b"x".to_vec()).content_type(other).build())?;
    /// assert_eq!(signed.content_type(), other);
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn content_type(mut self, oid: Oid) -> Self {
        self.content_type = oid;
        self
    }

    /// Adds a signer with the default spec.
    ///
    /// ```
    /// use jpki_core::{SignedData, testkit::{CmsBuilder, HolderSpec, TestCa}};
    /// let holder = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// assert_eq!(SignedData::from_der(&CmsBuilder::new(b"x".to_vec()).signer(&holder).build())?.signers().len(), 1);
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn signer(self, cert: &IssuedCert) -> Self {
        self.signer_with(cert, |_| {})
    }

    /// Adds a signer whose spec `edit` changes.
    ///
    /// ```
    /// use jpki_core::{DigestAlgorithm, SignedData, testkit::{CmsBuilder, HolderSpec, TestCa}};
    /// let holder = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// let der = CmsBuilder::new(b"x".to_vec()).signer_with(&holder, |s| s.digest = DigestAlgorithm::Sha384).build();
    /// assert_eq!(SignedData::from_der(&der)?.signers()[0].digest_algorithm(), DigestAlgorithm::Sha384);
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn signer_with(mut self, cert: &IssuedCert, edit: impl FnOnce(&mut CmsSignerSpec)) -> Self {
        let mut spec = CmsSignerSpec::default();
        edit(&mut spec);
        self.signers.push((cert.clone(), spec));
        self
    }

    /// Adds a SHA-256 signature time-stamp by `tsa` at `gen_time` to the signer added last
    /// (CAdES-T: the token's messageImprint is the digest of that signer's signature value).
    ///
    /// ```
    /// use jpki_core::{SignedData, UnixTime, testkit::{CmsBuilder, HolderSpec, TestCa, TestTsa}};
    /// let holder = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// let at = UnixTime::parse_rfc3339("2027-03-01T09:00:00Z")?;
    /// let der = CmsBuilder::new(b"x".to_vec()).signer(&holder).timestamped(&TestTsa::new(1), at).build();
    /// assert_eq!(SignedData::from_der(&der)?.signers()[0].unsigned_attributes().len(), 1);
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn timestamped(mut self, tsa: &TestTsa, gen_time: UnixTime) -> Self {
        if let Some((_, spec)) = self.signers.last_mut() {
            spec.signature_timestamps
                .push(SignatureTimestampSpec::new(tsa, gen_time));
        }
        self
    }

    /// Leaves the signers' certificates out of the `certificates` set.
    ///
    /// ```
    /// use jpki_core::{SignedData, testkit::{CmsBuilder, HolderSpec, TestCa}};
    /// let holder = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// let der = CmsBuilder::new(b"x".to_vec()).signer(&holder).without_certificates().build();
    /// assert!(SignedData::from_der(&der)?.certificates().is_empty());
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn without_certificates(mut self) -> Self {
        self.with_signer_certificates = false;
        self
    }

    /// Adds a certificate (DER) to the `certificates` set.
    ///
    /// ```
    /// use jpki_core::{SignedData, testkit::{CmsBuilder, TestCa}};
    /// let ca = TestCa::new(1);
    /// let der = CmsBuilder::new(b"x".to_vec()).certificate(ca.signing_root().der.clone()).build();
    /// assert_eq!(SignedData::from_der(&der)?.certificates().len(), 1);
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn certificate(mut self, der: Vec<u8>) -> Self {
        self.certificates.push(der);
        self
    }

    /// Adds a CRL (DER) to the `crls` set.
    ///
    /// ```
    /// use jpki_core::{SignedData, UnixTime, testkit::{CmsBuilder, CrlSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let crl = ca.issue_crl(&CrlSpec::signing(UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?));
    /// assert_eq!(SignedData::from_der(&CmsBuilder::new(b"x".to_vec()).crl(crl).build())?.crls().len(), 1);
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn crl(mut self, der: Vec<u8>) -> Self {
        self.crls.push(der);
        self
    }

    /// Adds an OCSP response (DER) to the `crls` set as RFC 5940 other revocation information.
    ///
    /// ```
    /// use jpki_core::{SignedData, UnixTime, testkit::{CmsBuilder, HolderSpec, OcspSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let holder = ca.issue_signing(&HolderSpec::example());
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let response = ca.issue_ocsp_response(&OcspSpec::good(holder.serial, at));
    /// let der = CmsBuilder::new(b"x".to_vec()).ocsp_response(response).build();
    /// assert_eq!(SignedData::from_der(&der)?.ocsp_responses().len(), 1);
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn ocsp_response(mut self, der: Vec<u8>) -> Self {
        self.ocsp_responses.push(der);
        self
    }

    /// Writes this SignedData version instead of the one RFC 5652 §5.1 requires.
    ///
    /// ```
    /// use jpki_core::{Error, SignedData, SignedDataProblem, testkit::CmsBuilder};
    /// let der = CmsBuilder::new(b"x".to_vec()).version(4).build();
    /// assert!(matches!(SignedData::from_der(&der), Err(Error::BadSignedData(SignedDataProblem::Version))));
    /// ```
    pub fn version(mut self, version: u8) -> Self {
        self.version = Some(version);
        self
    }

    /// The SignedData as PEM (label `CMS`).
    ///
    /// ```
    /// use jpki_core::{SignedData, testkit::CmsBuilder};
    /// let pem = CmsBuilder::new(b"x".to_vec()).build_pem();
    /// assert!(pem.starts_with("-----BEGIN CMS-----"));
    /// assert!(SignedData::from_pem(pem.as_bytes()).is_ok());
    /// ```
    pub fn build_pem(&self) -> String {
        crate::pem::encode("CMS", &self.build())
    }

    /// The SignedData as DER (a ContentInfo).
    ///
    /// ```
    /// use jpki_core::{SignedData, testkit::{CmsBuilder, HolderSpec, TestCa}};
    /// let holder = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// let der = CmsBuilder::new(b"x".to_vec()).signer(&holder).build();
    /// assert_eq!(der[0], 0x30);
    /// assert!(SignedData::from_der(&der).is_ok());
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn build(&self) -> Vec<u8> {
        let signer_infos: Vec<Vec<u8>> = self
            .signers
            .iter()
            .map(|(cert, spec)| self.signer_info(cert, spec))
            .collect();
        let mut digests: Vec<Vec<u8>> = Vec::new();
        for (_, spec) in &self.signers {
            let d = digest_algorithm_der(spec.digest);
            if !digests.contains(&d) {
                digests.push(d);
            }
        }
        let mut certificates = self.certificates.clone();
        if self.with_signer_certificates {
            for (cert, _) in &self.signers {
                if !certificates.contains(&cert.der) {
                    certificates.push(cert.der.clone());
                }
            }
        }
        let mut revocation = self.crls.clone();
        for response in &self.ocsp_responses {
            revocation.push(other_revocation_info(response));
        }
        let sid_v3 = self
            .signers
            .iter()
            .any(|(_, s)| s.id == SignerId::SubjectKeyIdentifier);
        let computed = if !self.ocsp_responses.is_empty() {
            5
        } else if sid_v3 || self.content_type != oids::DATA {
            3
        } else {
            1
        };
        let digests = sorted(digests);
        let certificates = sorted(certificates);
        let revocation = sorted(revocation);
        let signer_infos = sorted(signer_infos);
        let e_content = (!self.detached)
            .then(|| OctetStringRef::new(&self.content))
            .transpose()
            .unwrap_or_else(|e| panic!("testkit: content: {e}"));
        let signed_data = asn1::SignedData {
            version: self.version.unwrap_or(computed),
            digest_algorithms: SetBody(&digests),
            encap_content_info: asn1::EncapsulatedContentInfo {
                e_content_type: self.content_type.0,
                e_content,
            },
            certificates: (!certificates.is_empty()).then_some(SetBody(&certificates)),
            crls: (!revocation.is_empty()).then_some(SetBody(&revocation)),
            signer_infos: SetBody(&signer_infos),
        };
        let inner = must(signed_data.to_der());
        must(
            asn1::ContentInfo {
                content_type: oids::SIGNED_DATA.0,
                content: must(AnyRef::from_der(&inner)),
            }
            .to_der(),
        )
    }

    fn signer_info(&self, cert: &IssuedCert, spec: &CmsSignerSpec) -> Vec<u8> {
        let certificate = cert.certificate();
        let digested = spec.message_digest_of.as_deref().unwrap_or(&self.content);
        let message_digest = spec
            .digest
            .digest_with_legacy_sha1(digested)
            .unwrap_or_else(|| panic!("testkit: digest {} is not supported", spec.digest));
        let attributes = match &spec.attributes {
            SignedAttrs::None => None,
            SignedAttrs::Default { signing_time } => Some(default_attributes(
                self.content_type,
                &message_digest,
                *signing_time,
            )),
            SignedAttrs::Edited(edit) => {
                let mut attrs = default_attributes(
                    self.content_type,
                    &message_digest,
                    Some(DEFAULT_SIGNING_TIME),
                );
                edit(&mut attrs);
                Some(attrs)
            }
        };
        let attributes = attributes.map(|mut attrs| {
            attrs.extend(spec.extra_signed_attributes.iter().cloned());
            attrs
        });
        let signed_attrs_body = attributes.map(|attrs| {
            let mut encoded = sorted_items(attrs.iter().map(attribute_der).collect());
            if spec.unsorted_attributes {
                encoded.reverse();
            }
            encoded.concat()
        });
        // Borrowed without signed attributes: a large content is not copied to be signed.
        let encoded_attrs = signed_attrs_body
            .as_ref()
            .map(|body| must(SetBody(body).to_der()));
        let to_sign: &[u8] = encoded_attrs.as_deref().unwrap_or(&self.content);
        let (mut signature, signature_oid) = sign(&cert.private_key, spec, to_sign);
        if spec.corrupt_signature
            && let Some(last) = signature.last_mut()
        {
            *last ^= 1;
        }
        let serial = certificate.serial().to_der_integer_content();
        let ski = certificate
            .subject_key_id()
            .map(<[u8]>::to_vec)
            .unwrap_or_default();
        let sid = match spec.id {
            SignerId::IssuerAndSerialNumber => {
                asn1::SignerIdentifier::IssuerAndSerialNumber(asn1::IssuerAndSerialNumber {
                    issuer: must(AnyRef::from_der(certificate.issuer().as_der())),
                    serial_number: must(der::asn1::IntRef::new(&serial)),
                })
            }
            SignerId::SubjectKeyIdentifier => {
                asn1::SignerIdentifier::SubjectKeyIdentifier(must(OctetStringRef::new(&ski)))
            }
        };
        let version = spec.version.unwrap_or(match spec.id {
            SignerId::IssuerAndSerialNumber => 1,
            SignerId::SubjectKeyIdentifier => 3,
        });
        let mut unsigned = spec.unsigned_attributes.clone();
        if !spec.signature_timestamps.is_empty() {
            unsigned.push(TestAttribute::new(
                ID_SIGNATURE_TIME_STAMP_TOKEN,
                spec.signature_timestamps
                    .iter()
                    .map(|t| t.token(&signature))
                    .collect(),
            ));
        }
        let unsigned_body = if spec.empty_unsigned_attributes {
            Some(Vec::new())
        } else if unsigned.is_empty() {
            None
        } else {
            Some(sorted_items(unsigned.iter().map(attribute_der).collect()).concat())
        };
        let digest_alg = digest_algorithm_der(spec.digest);
        let rsa_null = [0x05u8, 0x00];
        let null = must(AnyRef::from_der(&rsa_null));
        let is_rsa = matches!(cert.private_key, PrivateKey::Rsa(_));
        let info = asn1::SignerInfo {
            version,
            sid,
            digest_algorithm: must(AlgorithmIdentifierRef::from_der(&digest_alg)),
            signed_attrs: signed_attrs_body.as_deref().map(SetBody),
            signature_algorithm: AlgorithmIdentifierRef {
                oid: signature_oid,
                parameters: is_rsa.then_some(null),
            },
            signature: must(OctetStringRef::new(&signature)),
            unsigned_attrs: unsigned_body.as_deref().map(SetBody),
        };
        must(info.to_der())
    }
}

/// contentType, signingTime (if any) and messageDigest.
fn default_attributes(
    content_type: Oid,
    message_digest: &[u8],
    signing_time: Option<UnixTime>,
) -> Vec<TestAttribute> {
    let mut attrs = vec![TestAttribute::new(
        oids::CONTENT_TYPE,
        vec![must(content_type.0.to_der())],
    )];
    if let Some(t) = signing_time {
        attrs.push(TestAttribute::new(oids::SIGNING_TIME, vec![time_der(t)]));
    }
    attrs.push(TestAttribute::new(
        oids::MESSAGE_DIGEST,
        vec![must(must(OctetStringRef::new(message_digest)).to_der())],
    ));
    attrs
}

/// A Time: UTCTime from 1950 to 2049, GeneralizedTime otherwise (RFC 5652 §11.3).
pub(crate) fn time_der(t: UnixTime) -> Vec<u8> {
    let d = Duration::from_secs(t.as_unix_seconds());
    match UtcTime::from_unix_duration(d) {
        Ok(utc) => must(utc.to_der()),
        Err(_) => must(must(GeneralizedTime::from_unix_duration(d)).to_der()),
    }
}

fn attribute_der(a: &TestAttribute) -> Vec<u8> {
    let values = sorted_items(a.values.clone()).concat();
    must(
        asn1::Attribute {
            attr_type: a.oid.0,
            attr_values: SetBody(&values),
        }
        .to_der(),
    )
}

fn digest_algorithm_der(digest: DigestAlgorithm) -> Vec<u8> {
    must(
        AlgorithmIdentifierRef {
            oid: digest.oid().0,
            parameters: None,
        }
        .to_der(),
    )
}

fn other_revocation_info(ocsp_response: &[u8]) -> Vec<u8> {
    let value = must(
        asn1::OtherRevocationInfoFormat {
            other_rev_info_format: oids::RI_OCSP_RESPONSE.0,
            other_rev_info: must(AnyRef::from_der(ocsp_response)),
        }
        .to_der(),
    );
    // [1] IMPLICIT: the SEQUENCE tag replaced by context-specific constructed 1.
    let mut out = value;
    if let Some(tag) = out.first_mut() {
        *tag = 0xa1;
    }
    out
}

fn sorted_items(mut items: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
    items.sort_by(|a, b| set_order(a, b));
    items
}

fn sorted(items: Vec<Vec<u8>>) -> Vec<u8> {
    sorted_items(items).concat()
}

/// Signs `message` as `spec` says: RSA with the spec's digest, ECDSA with its curve's hash.
fn sign(key: &PrivateKey, spec: &CmsSignerSpec, message: &[u8]) -> (Vec<u8>, ObjectIdentifier) {
    use crate::oid::oids as o;
    match key {
        PrivateKey::Rsa(k) => {
            let k = (**k).clone();
            let (sig, oid) = match spec.digest {
                // Legacy documents, for the verifier's opt-in SHA-1 policy.
                DigestAlgorithm::Sha1 => (
                    rsa::pkcs1v15::SigningKey::<sha1::Sha1>::new(k)
                        .sign(message)
                        .to_vec(),
                    o::SHA1_WITH_RSA,
                ),
                DigestAlgorithm::Sha384 => (
                    rsa::pkcs1v15::SigningKey::<Sha384>::new(k)
                        .sign(message)
                        .to_vec(),
                    o::SHA384_WITH_RSA,
                ),
                DigestAlgorithm::Sha512 => (
                    rsa::pkcs1v15::SigningKey::<Sha512>::new(k)
                        .sign(message)
                        .to_vec(),
                    o::SHA512_WITH_RSA,
                ),
                _ => (
                    rsa::pkcs1v15::SigningKey::<Sha256>::new(k)
                        .sign(message)
                        .to_vec(),
                    o::SHA256_WITH_RSA,
                ),
            };
            let oid = if spec.rsa_encryption_oid {
                o::RSA_ENCRYPTION
            } else {
                oid
            };
            (sig, oid.0)
        }
        PrivateKey::EcdsaP256(_) => (key.sign(message), o::ECDSA_WITH_SHA256.0),
        PrivateKey::EcdsaP384(_) => (key.sign(message), o::ECDSA_WITH_SHA384.0),
    }
}

fn must<T, E: core::fmt::Display>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| panic!("testkit: CMS encoding failed: {e}"))
}

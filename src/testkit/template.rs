//! A certificate template: every TBS field under the test's control, so that tests can issue
//! both profile-conforming certificates and deliberately broken ones.

use der::asn1::{Any, Int, OctetString, SetOfVec};
use der::{Decode, Encode, Sequence, Tag};
use x509_cert::attr::AttributeTypeAndValue;
use x509_cert::name::{RdnSequence, RelativeDistinguishedName};
use x509_cert::time::{Time, Validity};

use super::keys::PrivateKey;
use crate::{Oid, UnixTime};

/// The ASN.1 string type of a name attribute value.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{Certificate, oids, testkit::{HolderSpec, StringType, TestCa, encode_name}};
/// let ca = TestCa::new(1);
/// let mut t = ca.signing_template(&HolderSpec::example());
/// t.subject = encode_name(&[(oids::AT_COUNTRY, StringType::Printable, "JP"), (oids::AT_COMMON_NAME, StringType::Utf8, "テスト")]);
/// let cert = Certificate::from_der(&ca.sign_template(&t))?;
/// assert_eq!(cert.subject().common_name().as_deref(), Some("テスト"));
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StringType {
    /// PrintableString.
    Printable,
    /// UTF8String.
    Utf8,
}

/// Encodes a distinguished name, one attribute per RDN, in the order given (least specific
/// first, as in DER).
///
/// ```
/// use jpki_core::{Certificate, oids, testkit::{HolderSpec, StringType, TestCa, encode_name}};
/// let ca = TestCa::new(1);
/// let mut t = ca.signing_template(&HolderSpec::example());
/// t.subject = encode_name(&[
///     (oids::AT_COUNTRY, StringType::Printable, "JP"),
///     (oids::AT_COMMON_NAME, StringType::Utf8, "テスト"),
/// ]);
/// let cert = Certificate::from_der(&ca.sign_template(&t))?;
/// assert_eq!(cert.subject().to_rfc4514(), "CN=テスト,C=JP");
/// # Ok::<(), jpki_core::Error>(())
/// ```
pub fn encode_name(attrs: &[(Oid, StringType, &str)]) -> Vec<u8> {
    let rdns: Vec<RelativeDistinguishedName> = attrs
        .iter()
        .filter_map(|(oid, ty, value)| {
            let tag = match ty {
                StringType::Printable => Tag::PrintableString,
                StringType::Utf8 => Tag::Utf8String,
            };
            let atv = AttributeTypeAndValue {
                oid: oid.0,
                value: Any::new(tag, value.as_bytes()).ok()?,
            };
            RelativeDistinguishedName::try_from(vec![atv]).ok()
        })
        .collect();
    RdnSequence::from(rdns).to_der().unwrap_or_default()
}

/// Encodes a distinguished name whose one attribute value is raw bytes under the DER tag octet
/// `tag` (0x13 PrintableString, 0x0c UTF8String, …): for tests of invalid string contents. An
/// octet that is not a tag gives an empty name.
///
/// ```
/// use jpki_core::{Certificate, oids, testkit::{HolderSpec, TestCa, encode_name_raw}};
/// let ca = TestCa::new(1);
/// let mut t = ca.signing_template(&HolderSpec::example());
/// // A PrintableString may not hold '@': the parser refuses the name.
/// t.subject = encode_name_raw(oids::AT_COMMON_NAME, 0x13, b"a@b");
/// assert!(Certificate::from_der(&ca.sign_template(&t)).is_err());
/// ```
pub fn encode_name_raw(oid: Oid, tag: u8, value: &[u8]) -> Vec<u8> {
    let Ok(tag) = <Tag as der::Decode>::from_der(&[tag]) else {
        return Vec::new();
    };
    let Ok(any) = Any::new(tag, value) else {
        return Vec::new();
    };
    let atv = AttributeTypeAndValue {
        oid: oid.0,
        value: any,
    };
    let Ok(set) = SetOfVec::try_from(vec![atv]) else {
        return Vec::new();
    };
    let rdn = RelativeDistinguishedName::from(set);
    RdnSequence::from(vec![rdn]).to_der().unwrap_or_default()
}

/// One extension of a template: OID, criticality and the DER of its value.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{Certificate, Error, testkit::{HolderSpec, TemplateExtension, TestCa}};
/// let ca = TestCa::new(1);
/// let mut t = ca.signing_template(&HolderSpec::example());
/// t.extensions.push(TemplateExtension { oid: "1.3.6.1.4.1.99999.1".parse()?, critical: true, value: vec![0x05, 0x00] });
/// assert!(matches!(Certificate::from_der(&ca.sign_template(&t)), Err(Error::UnknownCriticalExtension(_))));
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateExtension {
    /// extnID.
    pub oid: Oid,
    /// critical.
    pub critical: bool,
    /// The DER placed inside extnValue.
    pub value: Vec<u8>,
}

/// Every field of a TBSCertificate, raw where a test may want to break it.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{Certificate, Error, testkit::{HolderSpec, TestCa}};
/// let ca = TestCa::new(1);
/// let mut t = ca.signing_template(&HolderSpec::example());
/// t.version = 2; // a v2 certificate: the parser must refuse it
/// assert_eq!(Certificate::from_der(&ca.sign_template(&t)), Err(Error::UnsupportedVersion(2)));
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct CertificateTemplate {
    /// X.509 version number (1, 2 or 3). Version 1 omits the field, as DER requires.
    pub version: u8,
    /// The serial's INTEGER content octets, two's complement (so tests can encode negative or
    /// over-long serials).
    pub serial: Vec<u8>,
    /// Issuer Name DER.
    pub issuer: Vec<u8>,
    /// Subject Name DER.
    pub subject: Vec<u8>,
    /// notBefore.
    pub not_before: UnixTime,
    /// notAfter.
    pub not_after: UnixTime,
    /// SubjectPublicKeyInfo DER.
    pub spki: Vec<u8>,
    /// Extensions in order (an empty list omits the field).
    pub extensions: Vec<TemplateExtension>,
}

#[derive(Sequence)]
struct Tbs {
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    version: Option<u8>,
    serial: Int,
    signature: Any,
    issuer: Any,
    validity: Validity,
    subject: Any,
    spki: Any,
    #[asn1(context_specific = "3", tag_mode = "EXPLICIT", optional = "true")]
    extensions: Option<Vec<x509_cert::ext::Extension>>,
}

#[derive(Sequence)]
struct Cert {
    tbs: Any,
    algorithm: Any,
    signature: der::asn1::BitString,
}

/// RFC 5280: UTCTime through 2049, GeneralizedTime from 2050.
fn time(t: UnixTime) -> Time {
    let d = core::time::Duration::from_secs(t.as_unix_seconds());
    let utc_limit = 2_524_608_000; // 2050-01-01T00:00:00Z
    let encoded = if t.as_unix_seconds() < utc_limit {
        der::asn1::UtcTime::from_unix_duration(d).map(Time::UtcTime)
    } else {
        der::asn1::GeneralizedTime::from_unix_duration(d).map(Time::GeneralTime)
    };
    match encoded {
        Ok(t) => t,
        Err(e) => panic!("testkit: time out of range: {e}"),
    }
}

fn any(der: &[u8]) -> Any {
    match Any::from_der(der) {
        Ok(a) => a,
        Err(e) => panic!("testkit: template field is not DER: {e}"),
    }
}

impl CertificateTemplate {
    /// Encodes the TBSCertificate for a signature by `key`.
    ///
    /// ```
    /// use jpki_core::{Certificate, testkit::{HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let t = ca.signing_template(&HolderSpec::example());
    /// let tbs = t.tbs_der(&ca.signing_root().private_key);
    /// let cert = Certificate::from_der(&ca.sign_template(&t))?;
    /// assert_eq!(cert.tbs_der(), tbs);
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn tbs_der(&self, key: &PrivateKey) -> Vec<u8> {
        let tbs = Tbs {
            version: (self.version != 1).then(|| self.version.saturating_sub(1)),
            serial: match Int::new(&self.serial) {
                Ok(i) => i,
                Err(e) => panic!("testkit: serial is not a minimal INTEGER: {e}"),
            },
            signature: any(&key.signature_algorithm_der()),
            issuer: any(&self.issuer),
            validity: Validity::new(time(self.not_before), time(self.not_after)),
            subject: any(&self.subject),
            spki: any(&self.spki),
            extensions: (!self.extensions.is_empty()).then(|| {
                self.extensions
                    .iter()
                    .map(|e| x509_cert::ext::Extension {
                        extn_id: e.oid.0,
                        critical: e.critical,
                        extn_value: OctetString::new(e.value.clone())
                            .unwrap_or_else(|e| panic!("testkit: {e}")),
                    })
                    .collect()
            }),
        };
        tbs.to_der().unwrap_or_default()
    }

    /// Signs the template with `issuer_key` and returns the certificate's DER.
    ///
    /// ```
    /// use jpki_core::{Certificate, Error, Usage, UnixTime, Verifier, testkit::{HolderSpec, KeyType, PrivateKey, TestCa}};
    /// let ca = TestCa::new(1);
    /// let t = ca.signing_template(&HolderSpec::example());
    /// // Signed by a key the root never certified: the signature check fails.
    /// let forged = Certificate::from_der(&t.sign(&PrivateKey::generate(KeyType::Rsa2048, 1, "forger")))?;
    /// let verifier = Verifier::new([ca.signing_root().certificate()])?;
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// assert!(matches!(verifier.verify(&forged, Usage::Signing, at), Err(Error::BadSignature)));
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn sign(&self, issuer_key: &PrivateKey) -> Vec<u8> {
        let tbs = self.tbs_der(issuer_key);
        let signature = issuer_key.sign(&tbs);
        assemble(&tbs, &issuer_key.signature_algorithm_der(), &signature)
    }
}

/// Puts a TBSCertificate, an AlgorithmIdentifier and signature octets together.
///
/// ```
/// use jpki_core::{Certificate, Error, testkit::{HolderSpec, TestCa, assemble}};
/// let ca = TestCa::new(1);
/// let issued = ca.issue_signing(&HolderSpec::example());
/// let cert = issued.certificate();
/// // sha256WithRSAEncryption outside, ecdsa-with-SHA256 inside: refused.
/// let ecdsa_alg = [0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02];
/// let mixed = assemble(cert.tbs_der(), &ecdsa_alg, cert.signature_value());
/// assert!(matches!(Certificate::from_der(&mixed), Err(Error::SignatureAlgorithmMismatch)));
/// ```
pub fn assemble(tbs: &[u8], algorithm: &[u8], signature: &[u8]) -> Vec<u8> {
    Cert {
        tbs: any(tbs),
        algorithm: any(algorithm),
        signature: der::asn1::BitString::from_bytes(signature)
            .unwrap_or_else(|e| panic!("testkit: {e}")),
    }
    .to_der()
    .unwrap_or_default()
}

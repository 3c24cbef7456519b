//! Extension values for certificate templates (DER built with `x509-cert` types).
//!
//! ```
//! use jpki_core::{Certificate, KeyUsage, testkit::{HolderSpec, TestCa, ext}};
//! let ca = TestCa::new(1);
//! let mut t = ca.signing_template(&HolderSpec::example());
//! // A signing certificate that claims keyCertSign: the classifier refuses it.
//! t.extensions.retain(|e| e.oid != jpki_core::oids::KEY_USAGE);
//! t.extensions.push(ext::key_usage(KeyUsage::DIGITAL_SIGNATURE | KeyUsage::KEY_CERT_SIGN));
//! let cert = Certificate::from_der(&ca.sign_template(&t))?;
//! assert!(cert.kind().is_err());
//! # Ok::<(), jpki_core::Error>(())
//! ```

use der::Encode;
use der::asn1::OctetString;
use x509_cert::ext::pkix::{self, name::GeneralName};

use super::template::{StringType, TemplateExtension, encode_name};
use crate::oid::oids;
use crate::{KeyUsage, Oid};

pub(crate) fn octets(b: &[u8]) -> OctetString {
    OctetString::new(b.to_vec()).unwrap_or_else(|e| panic!("{e}"))
}

/// An extension whose value is the DER `value_der` (taken as it is, valid or not: for negative
/// tests too).
///
/// ```
/// use jpki_core::{Certificate, Error, testkit::{HolderSpec, TestCa, ext}};
/// let ca = TestCa::new(1);
/// let mut t = ca.signing_template(&HolderSpec::example());
/// // A critical extension the crate does not know (value: BOOLEAN TRUE): refused.
/// t.extensions.push(ext::ext("1.2.3.4".parse()?, true, vec![0x01, 0x01, 0xff]));
/// let der = ca.sign_template(&t);
/// assert!(matches!(Certificate::from_der(&der), Err(Error::UnknownCriticalExtension(_))));
/// # Ok::<(), jpki_core::Error>(())
/// ```
pub fn ext(oid: Oid, critical: bool, value_der: impl Into<Vec<u8>>) -> TemplateExtension {
    TemplateExtension {
        oid,
        critical,
        value: value_der.into(),
    }
}

/// An extension with `value` encoded by `der` (inside the testkit: the public API takes bytes,
/// so that it does not depend on the version of `der`).
pub(crate) fn encoded(oid: Oid, critical: bool, value: impl Encode) -> TemplateExtension {
    ext(
        oid,
        critical,
        value.to_der().unwrap_or_else(|e| panic!("testkit: {e}")),
    )
}

/// keyUsage (critical), encoded without trailing zero bits as DER requires.
///
/// ```
/// use jpki_core::{Certificate, KeyUsage, oids, testkit::{HolderSpec, TestCa, ext}};
/// let ca = TestCa::new(1);
/// let mut t = ca.signing_template(&HolderSpec::example());
/// t.extensions.retain(|e| e.oid != oids::KEY_USAGE);
/// t.extensions.push(ext::key_usage(KeyUsage::DIGITAL_SIGNATURE));
/// let cert = Certificate::from_der(&ca.sign_template(&t))?;
/// // A signing certificate without nonRepudiation does not classify.
/// assert!(cert.kind().is_err());
/// # Ok::<(), jpki_core::Error>(())
/// ```
pub fn key_usage(ku: KeyUsage) -> TemplateExtension {
    // A BIT STRING without trailing zero bits, as DER requires for named bit lists.
    let bits = ku.bits();
    let last = 15 - bits.leading_zeros() as u8; // highest set bit
    let mut bytes = Vec::new();
    for byte_index in 0..=(last / 8) {
        let mut b = 0u8;
        for bit in 0..8u8 {
            let n = byte_index * 8 + bit;
            if n <= last && bits & (1 << n) != 0 {
                b |= 0x80 >> bit;
            }
        }
        bytes.push(b);
    }
    let unused = 7 - (last % 8);
    let value = der::asn1::BitString::new(unused, bytes).unwrap_or_else(|e| panic!("{e}"));
    encoded(oids::KEY_USAGE, true, value)
}

/// certificatePolicies (critical, as on JPKI certificates) with one policy.
///
/// ```
/// use jpki_core::{Certificate, Error, oids, testkit::{HolderSpec, TestCa, ext}};
/// let ca = TestCa::new(1);
/// let mut t = ca.signing_template(&HolderSpec::example());
/// t.extensions.retain(|e| e.oid != oids::CERTIFICATE_POLICIES);
/// t.extensions.push(ext::certificate_policies(oids::POLICY_USER_AUTHENTICATION));
/// let cert = Certificate::from_der(&ca.sign_template(&t))?;
/// // The policy says user authentication, the issuer OU says signing: refused, not guessed.
/// assert!(matches!(cert.kind(), Err(Error::InconsistentKind(_))));
/// # Ok::<(), jpki_core::Error>(())
/// ```
pub fn certificate_policies(policy: Oid) -> TemplateExtension {
    let cp = pkix::CertificatePolicies(vec![pkix::certpolicy::PolicyInformation {
        policy_identifier: policy.0,
        policy_qualifiers: None,
    }]);
    encoded(oids::CERTIFICATE_POLICIES, true, cp)
}

/// issuerAltName `C=JP, O=公的個人認証サービス` (O as UTF8String), as on JPKI certificates.
///
/// ```
/// use jpki_core::{Certificate, oids, testkit::{HolderSpec, TestCa, ext}};
/// let ca = TestCa::new(1);
/// let t = ca.signing_template(&HolderSpec::example());
/// assert!(t.extensions.contains(&ext::issuer_alt_name_jpki()));
/// let cert = Certificate::from_der(&ca.sign_template(&t))?;
/// assert!(cert.extension(&oids::ISSUER_ALT_NAME).is_some());
/// # Ok::<(), jpki_core::Error>(())
/// ```
pub fn issuer_alt_name_jpki() -> TemplateExtension {
    let name = encode_name(&[
        (oids::AT_COUNTRY, StringType::Printable, "JP"),
        (
            oids::AT_ORGANIZATION,
            StringType::Utf8,
            "公的個人認証サービス",
        ),
    ]);
    let dn =
        <x509_cert::name::Name as der::Decode>::from_der(&name).unwrap_or_else(|e| panic!("{e}"));
    encoded(
        oids::ISSUER_ALT_NAME,
        false,
        pkix::IssuerAltName(vec![GeneralName::DirectoryName(dn)]),
    )
}

/// authorityKeyIdentifier with a keyIdentifier.
///
/// ```
/// use jpki_core::{Certificate, testkit::{HolderSpec, TestCa, ext, key_id}};
/// let ca = TestCa::new(1);
/// let mut t = ca.signing_template(&HolderSpec::example());
/// let root_key_id = key_id(ca.signing_root().certificate().spki_der());
/// assert!(t.extensions.contains(&ext::authority_key_id(&root_key_id)));
/// t.extensions.retain(|e| e.oid != jpki_core::oids::AUTHORITY_KEY_IDENTIFIER);
/// t.extensions.push(ext::authority_key_id(&[0; 20]));
/// let cert = Certificate::from_der(&ca.sign_template(&t))?;
/// assert_eq!(cert.authority_key_id(), Some(&[0u8; 20][..]));
/// # Ok::<(), jpki_core::Error>(())
/// ```
pub fn authority_key_id(key_id: &[u8]) -> TemplateExtension {
    let aki = pkix::AuthorityKeyIdentifier {
        key_identifier: Some(octets(key_id)),
        authority_cert_issuer: None,
        authority_cert_serial_number: None,
    };
    encoded(oids::AUTHORITY_KEY_IDENTIFIER, false, aki)
}

/// subjectKeyIdentifier.
///
/// ```
/// use jpki_core::{Certificate, testkit::{HolderSpec, TestCa, ext, key_id}};
/// let ca = TestCa::new(1);
/// let t = ca.signing_template(&HolderSpec::example());
/// assert!(t.extensions.contains(&ext::subject_key_id(&key_id(&t.spki))));
/// let cert = Certificate::from_der(&ca.sign_template(&t))?;
/// assert_eq!(cert.subject_key_id(), Some(&key_id(&t.spki)[..]));
/// # Ok::<(), jpki_core::Error>(())
/// ```
pub fn subject_key_id(key_id: &[u8]) -> TemplateExtension {
    encoded(
        oids::SUBJECT_KEY_IDENTIFIER,
        false,
        pkix::SubjectKeyIdentifier(octets(key_id)),
    )
}

/// basicConstraints (critical).
///
/// ```
/// use jpki_core::{Certificate, Error, testkit::{HolderSpec, TestCa, ext}};
/// let ca = TestCa::new(1);
/// let mut t = ca.signing_template(&HolderSpec::example());
/// // cA without keyCertSign: inconsistent, so the certificate does not classify.
/// t.extensions.push(ext::basic_constraints(true, None));
/// let cert = Certificate::from_der(&ca.sign_template(&t))?;
/// assert!(cert.is_ca());
/// assert!(matches!(cert.kind(), Err(Error::InconsistentKind(_))));
/// # Ok::<(), jpki_core::Error>(())
/// ```
pub fn basic_constraints(ca: bool, path_len: Option<u8>) -> TemplateExtension {
    encoded(
        oids::BASIC_CONSTRAINTS,
        true,
        pkix::BasicConstraints {
            ca,
            path_len_constraint: path_len,
        },
    )
}

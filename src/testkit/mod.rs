//! A test certification authority with the JPKI profile (feature `testkit`).
//!
//! Real JPKI certificates hold personal data and cannot be shipped, so tests — ours and yours —
//! use certificates issued here. The hierarchy has the real shape: one self-signed root per
//! purpose (signing, user authentication) that issues the end-entity certificates directly;
//! several root *generations* sharing one subject DN and told apart by key identifiers;
//! critical keyUsage and certificatePolicies, issuerAltName `C=JP, O=公的個人認証サービス`, and a
//! per-municipality cRLDistributionPoints directoryName, as on real cards.
//!
//! Everything is deterministic from the seed: the same seed gives the same keys and the same
//! certificates. This module may panic on misuse (it is test tooling, not library code).
//!
//! ```
//! use jpki_core::testkit::{HolderSpec, KeyType, TestCa};
//! let ca = TestCa::builder(1).key_type(KeyType::EcdsaP256).generations(2).build();
//! let pair = ca.issue_pair(&HolderSpec::example());
//! let sig = pair.signing.private_key.sign(b"document");
//! assert!(!sig.is_empty());
//! assert!(pair.signing.to_pem().starts_with("-----BEGIN CERTIFICATE-----"));
//! ```

mod cms;
mod crl;
pub mod ext;
mod holder;
mod key_cache;
mod keys;
mod ocsp;
mod pdf;
mod template;
mod tsa;

use x509_cert::ext::pkix::{self, name::GeneralName};

pub use cms::{
    CmsBuilder, CmsSignerSpec, DEFAULT_SIGNING_TIME, ID_CONTENT_TYPE, ID_COUNTERSIGNATURE, ID_DATA,
    ID_MESSAGE_DIGEST, ID_SIGNATURE_TIME_STAMP_TOKEN, ID_SIGNING_TIME, SignatureTimestampSpec,
    SignedAttrs, SignerId, TestAttribute,
};
pub use crl::{CrlSpec, Purpose};
pub use holder::{HolderPair, HolderSpec, IssuedCert};
pub use keys::{KeyType, PrivateKey, key_id};
pub use ocsp::{OcspSigner, OcspSpec, OcspStatusSpec};
pub use pdf::SignedPdfBuilder;
pub use tsa::{TEST_TSA_POLICY, TestTsa, TsaFault, TstInfoSpec};

use holder::jst;
pub use template::{
    CertificateTemplate, StringType, TemplateExtension, assemble, encode_name, encode_name_raw,
};

use crate::oid::oids;
use crate::{Environment, KeyUsage, SerialNumber};

/// The issuer OU that every JPKI root carries after the purpose OU.
///
/// ```
/// use jpki_core::testkit::{OU_JLIS, TestCa};
/// let root = TestCa::new(1).signing_root().certificate();
/// assert_eq!(root.subject().organizational_units().last().map(String::as_str), Some(OU_JLIS));
/// ```
pub const OU_JLIS: &str = "Japan Agency for Local Authority Information Systems";

/// One generation of one root.
#[derive(Clone, Debug)]
struct Root {
    cert: IssuedCert,
    key_id: Vec<u8>,
}

/// Builder for [`TestCa`].
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::testkit::{KeyType, TestCa};
/// let ca = TestCa::builder(1).key_type(KeyType::EcdsaP256).generations(2).build();
/// assert_eq!(ca.signing_roots().len(), 2);
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct TestCaBuilder {
    seed: u64,
    key_type: KeyType,
    generations: usize,
    environment: Environment,
    next_generation: bool,
}

/// The builder's options.
///
/// ```
/// use jpki_core::{Environment, testkit::{KeyType, TestCa}};
/// let ca = TestCa::builder(1)
///     .key_type(KeyType::EcdsaP256)
///     .generations(2)
///     .environment(Environment::Production)
///     .build();
/// assert_eq!(ca.signing_roots().len(), 2);
/// ```
impl TestCaBuilder {
    /// Root key algorithm (default RSA-2048, as the real roots).
    ///
    /// ```
    /// use jpki_core::{KeyAlgorithm, testkit::{KeyType, TestCa}};
    /// let ca = TestCa::builder(1).key_type(KeyType::EcdsaP256).build();
    /// assert_eq!(ca.signing_root().certificate().key_algorithm(), KeyAlgorithm::EcdsaP256);
    /// ```
    pub fn key_type(mut self, key_type: KeyType) -> Self {
        self.key_type = key_type;
        self
    }

    /// How many root generations per purpose (default 1; the real JPKI has three).
    ///
    /// ```
    /// use jpki_core::testkit::TestCa;
    /// let ca = TestCa::builder(1).generations(3).build();
    /// let roots = ca.signing_roots();
    /// assert_eq!(roots.len(), 3);
    /// // One subject DN, told apart by key identifiers.
    /// assert!(roots[0].certificate().subject().matches(&roots[2].certificate().subject()));
    /// assert_ne!(roots[0].certificate().subject_key_id(), roots[2].certificate().subject_key_id());
    /// ```
    pub fn generations(mut self, n: usize) -> Self {
        self.generations = n.max(1);
        self
    }

    /// `O=JPKI` (production-shaped) or `O=JPKI-TEST` (default).
    ///
    /// ```
    /// use jpki_core::{Environment, testkit::{HolderSpec, TestCa}};
    /// let ca = TestCa::builder(1).environment(Environment::Production).build();
    /// let cert = ca.issue_signing(&HolderSpec::example()).certificate();
    /// assert_eq!(cert.issuer().organization().as_deref(), Some("JPKI"));
    /// ```
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = environment;
        self
    }

    /// Adds, after the other generations, a next-generation root per purpose with the same
    /// names: ECDSA P-384 signing with SHA-384, valid 20 years from 2028 (the shape the
    /// next-generation My Number card plan describes). A CA built this way holds the
    /// transition: RSA roots and an ECDSA root that share their distinguished names.
    ///
    /// ```
    /// use jpki_core::{KeyAlgorithm, SignatureAlgorithm, testkit::{HolderSpec, TestCa}};
    /// let ca = TestCa::builder(1).next_generation().build();
    /// let roots = ca.signing_roots();
    /// assert_eq!(roots[0].certificate().key_algorithm(), KeyAlgorithm::Rsa { bits: 2048 });
    /// assert_eq!(roots[1].certificate().key_algorithm(), KeyAlgorithm::EcdsaP384);
    /// assert!(roots[0].certificate().subject().matches(&roots[1].certificate().subject()));
    /// // Holders are issued by the newest root: a P-384 signature with SHA-384.
    /// let leaf = ca.issue_signing(&HolderSpec::next_generation_example()).certificate();
    /// assert_eq!(leaf.signature_algorithm(), SignatureAlgorithm::EcdsaSha384);
    /// ```
    pub fn next_generation(mut self) -> Self {
        self.next_generation = true;
        self
    }

    /// Generates the roots.
    ///
    /// ```
    /// use jpki_core::testkit::TestCa;
    /// let ca = TestCa::builder(1).build();
    /// // The builder with no options is TestCa::new.
    /// assert_eq!(ca.signing_root().der, TestCa::new(1).signing_root().der);
    /// ```
    pub fn build(self) -> TestCa {
        // Today's line: generations of 2015, 2019, 2023, … (of 2028, 2032, … for a CA that is
        // P-384 only), then the next-generation root of 2028; each valid for 20 years.
        let first_year: u16 = if self.key_type == KeyType::EcdsaP384 {
            NEXT_GENERATION_YEAR
        } else {
            2015
        };
        let mut line: Vec<(KeyType, u16)> = (0..self.generations)
            .map(|g| (self.key_type, first_year + 4 * g as u16))
            .collect();
        if self.next_generation {
            line.push((KeyType::EcdsaP384, NEXT_GENERATION_YEAR));
        }
        let make = |purpose_ou: &str, label: &str| -> Vec<Root> {
            line.iter()
                .enumerate()
                .map(|(g, (key_type, year))| {
                    let key =
                        PrivateKey::generate(*key_type, self.seed, &format!("{label}-root-{g}"));
                    let spki = key.public_key_der();
                    let key_id = keys::key_id(&spki);
                    let dn = ca_name(self.environment, purpose_ou);
                    let year = *year;
                    let template = CertificateTemplate {
                        version: 3,
                        serial: SerialNumber::from_u64(1 + g as u64)
                            .map(|s| s.to_der_integer_content())
                            .unwrap_or_default(),
                        issuer: dn.clone(),
                        subject: dn,
                        not_before: jst(year, 1, 1, 0, 0, 0),
                        not_after: jst(year + 20, 12, 31, 23, 59, 59),
                        spki,
                        extensions: vec![
                            ext::basic_constraints(true, None),
                            ext::key_usage(KeyUsage::KEY_CERT_SIGN | KeyUsage::CRL_SIGN),
                            ext::subject_key_id(&key_id),
                        ],
                    };
                    let der = template.sign(&key);
                    let serial =
                        SerialNumber::from_u64(1 + g as u64).unwrap_or_else(|e| panic!("{e}"));
                    Root {
                        cert: IssuedCert {
                            der,
                            serial,
                            private_key: key,
                        },
                        key_id,
                    }
                })
                .collect()
        };
        TestCa {
            seed: self.seed,
            environment: self.environment,
            signing_roots: make(crate::OU_SIGNING, "signing"),
            user_authentication_roots: make(crate::OU_USER_AUTHENTICATION, "auth"),
        }
    }
}

/// The test CA: signing and user-authentication roots (one or more generations each).
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{CertificateKind, testkit::{HolderSpec, TestCa}};
/// let ca = TestCa::new(1); // deterministic from the seed
/// let pair = ca.issue_pair(&HolderSpec::example());
/// assert_eq!(pair.signing.certificate().kind()?, CertificateKind::Signing);
/// assert_eq!(pair.user_authentication.certificate().kind()?, CertificateKind::UserAuthentication);
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct TestCa {
    seed: u64,
    environment: Environment,
    signing_roots: Vec<Root>,
    user_authentication_roots: Vec<Root>,
}

/// The year the test CA's next-generation (ECDSA P-384) roots start.
const NEXT_GENERATION_YEAR: u16 = 2028;

fn ca_name(env: Environment, purpose_ou: &str) -> Vec<u8> {
    let o = match env {
        Environment::Production => "JPKI",
        Environment::Test => "JPKI-TEST",
    };
    encode_name(&[
        (oids::AT_COUNTRY, StringType::Printable, "JP"),
        (oids::AT_ORGANIZATION, StringType::Printable, o),
        (
            oids::AT_ORGANIZATIONAL_UNIT,
            StringType::Printable,
            purpose_ou,
        ),
        (oids::AT_ORGANIZATIONAL_UNIT, StringType::Printable, OU_JLIS),
    ])
}

/// Roots, holder certificates, templates and intermediates.
///
/// ```
/// use jpki_core::{CertificateKind, testkit::{HolderSpec, TestCa}};
/// let ca = TestCa::new(1);
/// let pair = ca.issue_pair(&HolderSpec::example());
/// assert_eq!(pair.signing.certificate().kind()?, CertificateKind::Signing);
/// assert!(ca.signing_root().certificate().is_ca());
/// # Ok::<(), jpki_core::Error>(())
/// ```
impl TestCa {
    /// A CA with RSA-2048 roots, one generation, `O=JPKI-TEST`.
    ///
    /// ```
    /// use jpki_core::testkit::TestCa;
    /// // Deterministic from the seed: the same seed gives the same roots.
    /// assert_eq!(TestCa::new(3).signing_root().der, TestCa::new(3).signing_root().der);
    /// assert_ne!(TestCa::new(3).signing_root().der, TestCa::new(4).signing_root().der);
    /// ```
    pub fn new(seed: u64) -> Self {
        Self::builder(seed).build()
    }

    /// A builder for other shapes.
    ///
    /// ```
    /// use jpki_core::testkit::{KeyType, TestCa};
    /// let ca = TestCa::builder(1).key_type(KeyType::EcdsaP256).generations(2).build();
    /// assert_eq!(ca.user_authentication_roots().len(), 2);
    /// ```
    pub fn builder(seed: u64) -> TestCaBuilder {
        TestCaBuilder {
            seed,
            key_type: KeyType::Rsa2048,
            generations: 1,
            environment: Environment::Test,
            next_generation: false,
        }
    }

    /// The newest signing root.
    ///
    /// ```
    /// use jpki_core::{OU_SIGNING, testkit::TestCa};
    /// let root = TestCa::new(1).signing_root().certificate();
    /// assert!(root.is_self_issued());
    /// assert_eq!(root.subject().organizational_units()[0], OU_SIGNING);
    /// ```
    pub fn signing_root(&self) -> &IssuedCert {
        self.signing_roots()
            .last()
            .unwrap_or_else(|| panic!("no root"))
    }

    /// The newest user-authentication root.
    ///
    /// ```
    /// use jpki_core::{OU_USER_AUTHENTICATION, testkit::TestCa};
    /// let root = TestCa::new(1).user_authentication_root().certificate();
    /// assert_eq!(root.subject().organizational_units()[0], OU_USER_AUTHENTICATION);
    /// ```
    pub fn user_authentication_root(&self) -> &IssuedCert {
        self.user_authentication_roots()
            .last()
            .unwrap_or_else(|| panic!("no root"))
    }

    /// Every signing root generation, oldest first (all share one subject DN).
    ///
    /// ```
    /// use jpki_core::testkit::TestCa;
    /// let ca = TestCa::builder(1).generations(2).build();
    /// let roots = ca.signing_roots();
    /// // Oldest first; the newest is signing_root().
    /// assert_eq!(roots[1].der, ca.signing_root().der);
    /// ```
    pub fn signing_roots(&self) -> Vec<&IssuedCert> {
        self.signing_roots.iter().map(|r| &r.cert).collect()
    }

    /// Every user-authentication root generation, oldest first.
    ///
    /// ```
    /// use jpki_core::testkit::TestCa;
    /// let ca = TestCa::new(1);
    /// assert_eq!(ca.user_authentication_roots().len(), 1);
    /// assert_eq!(ca.user_authentication_roots()[0].der, ca.user_authentication_root().der);
    /// ```
    pub fn user_authentication_roots(&self) -> Vec<&IssuedCert> {
        self.user_authentication_roots
            .iter()
            .map(|r| &r.cert)
            .collect()
    }

    /// Issues a holder's signing and user-authentication certificates.
    ///
    /// ```
    /// use jpki_core::testkit::{HolderSpec, TestCa};
    /// let pair = TestCa::new(1).issue_pair(&HolderSpec::example());
    /// // The signing certificate carries the basic four items; the other carries none.
    /// assert!(pair.signing.certificate().basic_four().is_ok());
    /// assert!(pair.user_authentication.certificate().basic_four().is_err());
    /// ```
    pub fn issue_pair(&self, spec: &HolderSpec) -> HolderPair {
        HolderPair {
            signing: self.issue_signing(spec),
            user_authentication: self.issue_user_authentication(spec),
        }
    }

    /// Issues the signing certificate of `spec`.
    ///
    /// ```
    /// use jpki_core::testkit::{HolderSpec, TestCa};
    /// let spec = HolderSpec::example();
    /// let cert = TestCa::new(1).issue_signing(&spec).certificate();
    /// assert_eq!(cert.basic_four()?, spec.basic_four);
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn issue_signing(&self, spec: &HolderSpec) -> IssuedCert {
        let root = pick(&self.signing_roots, spec.generation);
        let (pref, muni) = (&spec.locality.0, &spec.locality.1);
        let subject = encode_name(&[
            (oids::AT_COUNTRY, StringType::Printable, "JP"),
            (oids::AT_LOCALITY, StringType::Printable, pref),
            (oids::AT_LOCALITY, StringType::Printable, muni),
            (
                oids::AT_COMMON_NAME,
                StringType::Printable,
                &opaque_cn(spec.signing_serial),
            ),
        ]);
        let san = TemplateExtension {
            oid: oids::SUBJECT_ALT_NAME,
            critical: false,
            value: spec.basic_four.to_subject_alt_name_der(),
        };
        let policy = match self.environment {
            Environment::Production => oids::POLICY_SIGNING,
            Environment::Test => oids::POLICY_SIGNING_TEST,
        };
        let extensions = vec![
            ext::key_usage(KeyUsage::DIGITAL_SIGNATURE | KeyUsage::NON_REPUDIATION),
            ext::certificate_policies(policy),
            san,
            ext::issuer_alt_name_jpki(),
            self.crl_dp_ext(crate::OU_SIGNING, pref, muni),
        ];
        self.issue_end_entity(
            root,
            spec,
            spec.signing_serial,
            subject,
            extensions,
            "signing",
        )
    }

    /// Issues the user-authentication certificate of `spec`.
    ///
    /// ```
    /// use jpki_core::{CertificateKind, testkit::{HolderSpec, TestCa}};
    /// let cert = TestCa::new(1).issue_user_authentication(&HolderSpec::example()).certificate();
    /// assert_eq!(cert.kind()?, CertificateKind::UserAuthentication);
    /// assert!(cert.subject_alt_name_der().is_none());
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn issue_user_authentication(&self, spec: &HolderSpec) -> IssuedCert {
        let root = pick(&self.user_authentication_roots, spec.generation);
        let subject = encode_name(&[
            (oids::AT_COUNTRY, StringType::Printable, "JP"),
            (
                oids::AT_COMMON_NAME,
                StringType::Printable,
                &opaque_cn(spec.user_authentication_serial),
            ),
        ]);
        let (pref, muni) = (&spec.locality.0, &spec.locality.1);
        let extensions = vec![
            ext::key_usage(KeyUsage::DIGITAL_SIGNATURE),
            ext::certificate_policies(oids::POLICY_USER_AUTHENTICATION),
            ext::issuer_alt_name_jpki(),
            self.crl_dp_ext(crate::OU_USER_AUTHENTICATION, pref, muni),
        ];
        self.issue_end_entity(
            root,
            spec,
            spec.user_authentication_serial,
            subject,
            extensions,
            "auth",
        )
    }

    /// Signs an arbitrary template with the newest signing root's key (for negative tests
    /// and generic chains).
    ///
    /// ```
    /// use jpki_core::{Certificate, Error, testkit::{HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let mut t = ca.signing_template(&HolderSpec::example());
    /// // A negative serial (INTEGER content 0xff is -1): the parser refuses it.
    /// t.serial = vec![0xff];
    /// assert!(matches!(Certificate::from_der(&ca.sign_template(&t)), Err(Error::NegativeSerial)));
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn sign_template(&self, template: &CertificateTemplate) -> Vec<u8> {
        template.sign(&self.signing_root().private_key)
    }

    /// A template shaped like a signing certificate of `spec`, for tests to modify and sign
    /// with [`TestCa::sign_template`].
    ///
    /// ```
    /// use jpki_core::{Certificate, testkit::{HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let spec = HolderSpec::example();
    /// // Unchanged, the template signs to the same certificate the CA issues.
    /// let t = ca.signing_template(&spec);
    /// assert_eq!(Certificate::from_der(&ca.sign_template(&t))?, ca.issue_signing(&spec).certificate());
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn signing_template(&self, spec: &HolderSpec) -> CertificateTemplate {
        let issued = self.issue_signing(spec);
        let cert = issued.certificate();
        CertificateTemplate {
            version: 3,
            serial: spec.signing_serial.to_der_integer_content(),
            issuer: cert.issuer().as_der().to_vec(),
            subject: cert.subject().as_der().to_vec(),
            not_before: spec.not_before,
            not_after: spec.not_after,
            spki: cert.spki_der().to_vec(),
            extensions: cert
                .extensions()
                .map(|e| TemplateExtension {
                    oid: e.oid,
                    critical: e.critical,
                    value: e.value.to_vec(),
                })
                .collect(),
        }
    }

    /// Issues an intermediate CA certificate under the newest signing root (JPKI has none;
    /// this is for generic RFC 5280 chains).
    ///
    /// ```
    /// use jpki_core::{BasicConstraints, testkit::TestCa};
    /// let ca = TestCa::new(1);
    /// let mid = ca.issue_intermediate("municipal", Some(0)).certificate();
    /// assert_eq!(mid.basic_constraints(), Some(BasicConstraints { ca: true, path_len: Some(0) }));
    /// assert!(mid.issuer().matches(&ca.signing_root().certificate().subject()));
    /// ```
    pub fn issue_intermediate(&self, label: &str, path_len: Option<u8>) -> IssuedCert {
        let root = pick(&self.signing_roots, None);
        let key = PrivateKey::generate(
            root.cert.private_key.key_type(),
            self.seed,
            &format!("intermediate-{label}"),
        );
        let spki = key.public_key_der();
        let key_id = keys::key_id(&spki);
        let root_cert = root.cert.certificate();
        let serial = SerialNumber::from_u64(
            1000 + u64::from(label.bytes().fold(0u8, |a, b| a.wrapping_add(b))),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let template = CertificateTemplate {
            version: 3,
            serial: serial.to_der_integer_content(),
            issuer: root_cert.subject().as_der().to_vec(),
            subject: encode_name(&[
                (oids::AT_COUNTRY, StringType::Printable, "JP"),
                (
                    oids::AT_ORGANIZATION,
                    StringType::Printable,
                    "jpki-core test",
                ),
                (oids::AT_COMMON_NAME, StringType::Utf8, label),
            ]),
            not_before: root_cert.validity().not_before,
            not_after: root_cert.validity().not_after,
            spki,
            extensions: vec![
                ext::basic_constraints(true, path_len),
                ext::key_usage(KeyUsage::KEY_CERT_SIGN | KeyUsage::CRL_SIGN),
                ext::subject_key_id(&key_id),
                ext::authority_key_id(&root.key_id),
            ],
        };
        IssuedCert {
            der: template.sign(&root.cert.private_key),
            serial,
            private_key: key,
        }
    }

    fn crl_dp_ext(&self, purpose_ou: &str, pref: &str, muni: &str) -> TemplateExtension {
        let dp = pkix::crl::dp::DistributionPoint {
            distribution_point: Some(self.dp_name(purpose_ou, pref, muni)),
            reasons: None,
            crl_issuer: None,
        };
        ext::encoded(
            oids::CRL_DISTRIBUTION_POINTS,
            false,
            pkix::CrlDistributionPoints(vec![dp]),
        )
    }

    /// The per-municipality CRL partition name, as certificates and CRLs carry it.
    fn dp_name(
        &self,
        purpose_ou: &str,
        pref: &str,
        muni: &str,
    ) -> pkix::name::DistributionPointName {
        let o = match self.environment {
            Environment::Production => "JPKI",
            Environment::Test => "JPKI-TEST",
        };
        let name = encode_name(&[
            (oids::AT_COUNTRY, StringType::Printable, "JP"),
            (oids::AT_ORGANIZATION, StringType::Printable, o),
            (
                oids::AT_ORGANIZATIONAL_UNIT,
                StringType::Printable,
                purpose_ou,
            ),
            (
                oids::AT_ORGANIZATIONAL_UNIT,
                StringType::Printable,
                "CRL Distribution Points",
            ),
            (oids::AT_ORGANIZATIONAL_UNIT, StringType::Printable, pref),
            (oids::AT_COMMON_NAME, StringType::Printable, muni),
        ]);
        let dn = <x509_cert::name::Name as der::Decode>::from_der(&name)
            .unwrap_or_else(|e| panic!("{e}"));
        pkix::name::DistributionPointName::FullName(vec![GeneralName::DirectoryName(dn)])
    }

    fn issue_end_entity(
        &self,
        root: &Root,
        spec: &HolderSpec,
        serial: SerialNumber,
        subject: Vec<u8>,
        mut extensions: Vec<TemplateExtension>,
        label: &str,
    ) -> IssuedCert {
        let key = PrivateKey::generate(
            spec.key_type,
            self.seed,
            &format!("holder-{label}-{serial}"),
        );
        let spki = key.public_key_der();
        extensions.push(ext::authority_key_id(&root.key_id));
        extensions.push(ext::subject_key_id(&keys::key_id(&spki)));
        let template = CertificateTemplate {
            version: 3,
            serial: serial.to_der_integer_content(),
            issuer: root.cert.certificate().subject().as_der().to_vec(),
            subject,
            not_before: spec.not_before,
            not_after: spec.not_after,
            spki,
            extensions,
        };
        IssuedCert {
            der: template.sign(&root.cert.private_key),
            serial,
            private_key: key,
        }
    }
}

fn pick(roots: &[Root], generation: Option<usize>) -> &Root {
    let i = generation.unwrap_or(roots.len().saturating_sub(1));
    roots
        .get(i)
        .unwrap_or_else(|| panic!("testkit: no root generation {i}"))
}

/// An opaque subject CN like the real ones (about 22 characters), derived from the serial.
fn opaque_cn(serial: SerialNumber) -> String {
    let digest = <sha2::Sha256 as sha2::Digest>::digest(serial.as_bytes());
    let mut s: String = digest.iter().take(11).map(|b| format!("{b:02X}")).collect();
    s.truncate(22);
    s
}

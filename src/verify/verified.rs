//! The result of a successful verification: the leaf, its path and its revocation status.

use std::sync::OnceLock;

use super::path;
use crate::crypto::CryptoBackend;
use crate::{
    BasicFourInfo, Certificate, CertificateKind, Error, PublicKey, RevocationStatus, SerialNumber,
    SignatureAlgorithm,
};

/// A certificate that passed [`Verifier::verify`](crate::Verifier::verify); only a successful verification makes one.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{CertificateKind, Usage, UnixTime, Verifier, testkit::{HolderSpec, TestCa}};
/// let ca = TestCa::new(1);
/// let pair = ca.issue_pair(&HolderSpec::example());
/// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
/// let v = Verifier::new([ca.signing_root().certificate()])?;
/// let verified = v.verify(&pair.signing.certificate(), Usage::Signing, at)?;
/// assert_eq!(verified.kind(), Some(CertificateKind::Signing));
/// assert_eq!(verified.path_len(), 2);
/// assert_eq!(verified.basic_four()?.name(), HolderSpec::example().basic_four.name());
/// let signature = pair.signing.private_key.sign(b"form");
/// verified.verify_signature(b"form", &signature)?;
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct VerifiedCertificate {
    pub(super) cert: Certificate,
    /// The leaf's key, prepared by `backend` on first use.
    pub(super) key: OnceLock<Result<PublicKey, Error>>,
    pub(super) backend: &'static dyn CryptoBackend,
    pub(super) kind: Option<CertificateKind>,
    pub(super) chain: path::Chain,
    pub(super) revocation: Option<RevocationStatus>,
}

impl VerifiedCertificate {
    /// The leaf's revocation status at the verification time, or `None` when the verifier had
    /// no revocation source. (`Unknown` appears only under soft-fail.)
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Usage, UnixTime, Verifier, testkit::{HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let leaf = ca.issue_signing(&HolderSpec::example()).certificate();
    /// let verifier = Verifier::new([ca.signing_root().certificate()])?;
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// // No revocation source was given, so no status is claimed.
    /// assert_eq!(verifier.verify(&leaf, Usage::Signing, at)?.revocation(), None);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn revocation(&self) -> Option<RevocationStatus> {
        self.revocation
    }

    /// Verifies a signature made with the certificate's key: a signed document for a signing
    /// certificate, a login challenge for a user-authentication certificate, with the algorithm
    /// the key signs with: sha256WithRSAEncryption (PKCS#1 v1.5) for RSA keys (today's cards),
    /// ECDSA with the curve's hash for EC keys — SHA-384 on P-384 (next-generation cards),
    /// SHA-256 on P-256 (DER signatures). Use [`VerifiedCertificate::verify_signature_with`]
    /// for another RSA hash.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Error, Usage, UnixTime, Verifier, testkit::{HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let issued = ca.issue_signing(&HolderSpec::example());
    /// let verifier = Verifier::new([ca.signing_root().certificate()])?;
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let verified = verifier.verify(&issued.certificate(), Usage::Signing, at)?;
    /// let signature = issued.private_key.sign(b"application form");
    /// verified.verify_signature(b"application form", &signature)?;
    /// assert!(matches!(verified.verify_signature(b"altered form", &signature), Err(Error::BadSignature)));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn verify_signature(&self, message: &[u8], signature: &[u8]) -> Result<(), Error> {
        let key = self.public_key()?;
        key.verify(key.default_signature_algorithm(), message, signature)
    }

    /// The certificate's public key, prepared by the verifier's backend (once).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{KeyAlgorithm, Usage, UnixTime, Verifier, testkit::{HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let leaf = ca.issue_signing(&HolderSpec::example()).certificate();
    /// let verifier = Verifier::new([ca.signing_root().certificate()])?;
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let verified = verifier.verify(&leaf, Usage::Signing, at)?;
    /// assert_eq!(verified.public_key()?.algorithm(), KeyAlgorithm::Rsa { bits: 2048 });
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn public_key(&self) -> Result<&PublicKey, Error> {
        self.key
            .get_or_init(|| PublicKey::from_spki_der_with(self.cert.spki_der(), self.backend))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Verifies a signature with an explicit algorithm.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{SignatureAlgorithm, Usage, UnixTime, Verifier, testkit::{HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let issued = ca.issue_signing(&HolderSpec::example());
    /// let verifier = Verifier::new([ca.signing_root().certificate()])?;
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let verified = verifier.verify(&issued.certificate(), Usage::Signing, at)?;
    /// let signature = issued.private_key.sign(b"form");
    /// verified.verify_signature_with(SignatureAlgorithm::RsaPkcs1Sha256, b"form", &signature)?;
    /// // An RSA key never verifies under an ECDSA algorithm.
    /// assert!(verified.verify_signature_with(SignatureAlgorithm::EcdsaSha256, b"form", &signature).is_err());
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn verify_signature_with(
        &self,
        algorithm: SignatureAlgorithm,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), Error> {
        self.public_key()?.verify(algorithm, message, signature)
    }

    /// The JPKI kind (always present under [`Profile::Jpki`](crate::Profile::Jpki); under [`Profile::Rfc5280`](crate::Profile::Rfc5280),
    /// present when the certificate classifies).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{CertificateKind, Usage, UnixTime, Verifier, testkit::{HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let leaf = ca.issue_user_authentication(&HolderSpec::example()).certificate();
    /// let verifier = Verifier::new([ca.user_authentication_root().certificate()])?;
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let verified = verifier.verify(&leaf, Usage::Any, at)?;
    /// assert_eq!(verified.kind(), Some(CertificateKind::UserAuthentication));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn kind(&self) -> Option<CertificateKind> {
        self.kind
    }

    /// The serial number.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Usage, UnixTime, Verifier, testkit::{HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let issued = ca.issue_user_authentication(&HolderSpec::example());
    /// let verifier = Verifier::new([ca.user_authentication_root().certificate()])?;
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// // A user-authentication certificate is known only by its serial number.
    /// let verified = verifier.verify(&issued.certificate(), Usage::UserAuthentication, at)?;
    /// assert_eq!(verified.serial(), issued.serial);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn serial(&self) -> SerialNumber {
        self.cert.serial()
    }

    /// The basic four items (signing certificates only).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Usage, UnixTime, Verifier, testkit::{HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let leaf = ca.issue_signing(&HolderSpec::example()).certificate();
    /// let verifier = Verifier::new([ca.signing_root().certificate()])?;
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let info = verifier.verify(&leaf, Usage::Signing, at)?.basic_four()?;
    /// assert_eq!(info.family_and_given_names(), ("佐藤", Some("花子")));
    /// assert_eq!(info.date_of_birth().to_iso_string(), "1990-07-15");
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn basic_four(&self) -> Result<BasicFourInfo, Error> {
        self.cert.basic_four()
    }

    /// The verified certificate.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Usage, UnixTime, Verifier, testkit::{HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let leaf = ca.issue_signing(&HolderSpec::example()).certificate();
    /// let verifier = Verifier::new([ca.signing_root().certificate()])?;
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// assert_eq!(verifier.verify(&leaf, Usage::Signing, at)?.certificate(), &leaf);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn certificate(&self) -> &Certificate {
        &self.cert
    }

    /// The issuers from the leaf's issuer up to and including the trust anchor.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// # use jpki_core::{Certificate, KeyUsage, Profile, UnixTime, Usage, Verifier, oids};
    /// # use jpki_core::testkit::{CertificateTemplate, KeyType, PrivateKey, StringType, TestCa, encode_name, ext, key_id};
    /// # let ca = TestCa::new(1);
    /// # let mid = ca.issue_intermediate("municipal", None);
    /// // `leaf` was issued by the intermediate `mid` under the signing root (setup hidden).
    /// # let key = PrivateKey::generate(KeyType::Rsa2048, 1, "doc-leaf");
    /// # let spki = key.public_key_der();
    /// # let leaf = Certificate::from_der(&CertificateTemplate {
    /// #     version: 3,
    /// #     serial: vec![0x10, 0x01],
    /// #     issuer: mid.certificate().subject().as_der().to_vec(),
    /// #     subject: encode_name(&[(oids::AT_COMMON_NAME, StringType::Utf8, "leaf")]),
    /// #     not_before: UnixTime::parse_rfc3339("2026-01-01T00:00:00Z")?,
    /// #     not_after: UnixTime::parse_rfc3339("2030-01-01T00:00:00Z")?,
    /// #     spki: spki.clone(),
    /// #     extensions: vec![
    /// #         ext::key_usage(KeyUsage::DIGITAL_SIGNATURE),
    /// #         ext::authority_key_id(&key_id(mid.certificate().spki_der())),
    /// #         ext::subject_key_id(&key_id(&spki)),
    /// #     ],
    /// # }
    /// # .sign(&mid.private_key))?;
    /// # let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let verifier = Verifier::new([ca.signing_root().certificate()])?
    ///     .with_profile(Profile::Rfc5280)
    ///     .with_intermediates([mid.certificate()]);
    /// let verified = verifier.verify(&leaf, Usage::Any, at)?;
    /// let issuers: Vec<_> = verified.issuers().cloned().collect();
    /// assert_eq!(issuers, [mid.certificate(), ca.signing_root().certificate()]);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn issuers(&self) -> impl Iterator<Item = &Certificate> + Clone {
        self.chain.certificates()
    }

    /// The trust anchor the path ends at.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::testkit::{HolderSpec, TestCa};
    /// use jpki_core::{Usage, UnixTime, Verifier};
    /// // Two root generations: the path ends at the one that issued the certificate.
    /// let ca = TestCa::builder(1).generations(2).build();
    /// let mut spec = HolderSpec::example();
    /// spec.generation = Some(0);
    /// let leaf = ca.issue_signing(&spec).certificate();
    /// let roots: Vec<_> = ca.signing_roots().iter().map(|r| r.certificate()).collect();
    /// let verifier = Verifier::new(roots.clone())?;
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// assert_eq!(verifier.verify(&leaf, Usage::Signing, at)?.anchor(), Some(&roots[0]));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn anchor(&self) -> Option<&Certificate> {
        self.chain.certificates().last()
    }

    /// The number of certificates in the path, leaf and anchor included.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Usage, UnixTime, Verifier, testkit::{HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let leaf = ca.issue_signing(&HolderSpec::example()).certificate();
    /// let verifier = Verifier::new([ca.signing_root().certificate()])?;
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// // JPKI paths are leaf and root.
    /// assert_eq!(verifier.verify(&leaf, Usage::Signing, at)?.path_len(), 2);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn path_len(&self) -> usize {
        self.chain.len() + 1
    }
}

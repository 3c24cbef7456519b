//! Chain verification: from a leaf certificate to a trust anchor, with the JPKI rules.
//!
//! The caller supplies the trust anchors (for JPKI: the signing and/or user-authentication
//! roots of every generation in use), any intermediates, the time, and the usage required.
//! Work is bounded: a fixed budget of signature checks and a maximum path length, so that
//! cycles or thousands of same-name candidate issuers cannot make verification spin.

mod anchor;
mod checks;
mod path;
mod verified;

use std::sync::{Arc, OnceLock};

pub(crate) use crate::cert::check_validity;

pub use crate::vocab::AnchorPurpose;
pub use crate::vocab::Usage;
pub use anchor::TrustAnchor;
pub use verified::VerifiedCertificate;

use crate::crypto::{CryptoBackend, default_backend};

use crate::{Certificate, Error, PublicKey, RevocationPolicy, RevocationSource, UnixTime};

/// Signature checks one verification may spend (rustls-webpki uses the same figure).
///
/// ```
/// use jpki_core::{DEFAULT_SIGNATURE_BUDGET, Verifier};
/// // A JPKI path (leaf, root) spends one check; the budget stops path-building blowups.
/// assert_eq!(DEFAULT_SIGNATURE_BUDGET, 100);
/// let verifier = Verifier::new([])?.with_signature_budget(DEFAULT_SIGNATURE_BUDGET);
/// # let _ = verifier;
/// # Ok::<(), jpki_core::Error>(())
/// ```
pub const DEFAULT_SIGNATURE_BUDGET: usize = 100;
/// Intermediates a path may hold, anchor and leaf not counted (pyca's limit).
///
/// ```
/// use jpki_core::{DEFAULT_MAX_INTERMEDIATES, MAX_INTERMEDIATES_LIMIT};
/// assert!(DEFAULT_MAX_INTERMEDIATES <= MAX_INTERMEDIATES_LIMIT);
/// ```
pub const DEFAULT_MAX_INTERMEDIATES: usize = 8;
/// The most intermediates [`Verifier::with_max_intermediates`] can allow: paths are built in
/// fixed arrays of this size, so verification never allocates.
///
/// ```
/// use jpki_core::{MAX_INTERMEDIATES_LIMIT, Verifier};
/// assert_eq!(MAX_INTERMEDIATES_LIMIT, 16);
/// // Asking for more is lowered to the limit, never an unbounded search.
/// let verifier = Verifier::new([])?.with_max_intermediates(1_000);
/// # let _ = verifier;
/// # Ok::<(), jpki_core::Error>(())
/// ```
pub const MAX_INTERMEDIATES_LIMIT: usize = 16;

/// Which rules apply on top of RFC 5280 path validation.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{Profile, Verifier, testkit::TestCa};
/// let ca = TestCa::new(1);
/// let jpki = Verifier::new([ca.signing_root().certificate()])?;
/// assert_eq!(jpki.profile(), Profile::Jpki);
/// let generic = jpki.with_profile(Profile::Rfc5280);
/// assert_eq!(generic.profile(), Profile::Rfc5280);
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Profile {
    /// The JPKI rules (default): the leaf must classify as a signing or user-authentication
    /// certificate ([`Certificate::kind`]) matching the usage, carry that kind's certificate
    /// policy, and every issuer must be a CA with keyUsage keyCertSign.
    #[default]
    Jpki,
    /// Generic RFC 5280 path validation only (names, signatures, validity, basicConstraints,
    /// keyUsage), so the verifier also works on ordinary certificates.
    Rfc5280,
}

/// A certificate that can issue: its parsed key is kept, so it is decoded once. Anchors also
/// carry their labels (intermediates: `Other`, none).
#[derive(Clone, Debug)]
pub(crate) struct Issuer {
    pub cert: Certificate,
    pub key: Result<PublicKey, Error>,
    pub purpose: AnchorPurpose,
    pub environment: Option<crate::Environment>,
}

impl Issuer {
    fn intermediate(cert: Certificate, backend: &'static dyn CryptoBackend) -> Self {
        let key = PublicKey::from_spki_der_with(cert.spki_der(), backend);
        Self {
            cert,
            key,
            purpose: AnchorPurpose::Other,
            environment: None,
        }
    }
}

/// Verifies certificates against trust anchors.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{Certificate, Usage, UnixTime, Verifier, testkit::{HolderSpec, TestCa}};
/// let ca = TestCa::new(9);
/// let pair = ca.issue_pair(&HolderSpec::example());
/// let verifier = Verifier::new([ca.signing_root().certificate()])?;
/// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
/// let leaf = Certificate::from_der(&pair.signing.der)?;
/// let verified = verifier.verify(&leaf, Usage::Signing, at)?;
///
/// let document = b"application for a resident certificate";
/// let signature = pair.signing.private_key.sign(document);
/// verified.verify_signature(document, &signature)?;
///
/// // The user-authentication certificate can never pass as a signing certificate.
/// let auth = Certificate::from_der(&pair.user_authentication.der)?;
/// assert!(verifier.verify(&auth, Usage::Signing, at).is_err());
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Verifier {
    anchors: Vec<Arc<Issuer>>,
    intermediates: Vec<Arc<Issuer>>,
    backend: &'static dyn CryptoBackend,
    profile: Profile,
    max_intermediates: usize,
    signature_budget: usize,
    revocation: Vec<Arc<dyn RevocationSource>>,
    revocation_policy: RevocationPolicy,
    skipped_intermediates: Vec<(usize, Error)>,
}

impl Verifier {
    /// A verifier trusting `anchors` (their keys are parsed now; an anchor whose key is
    /// unsupported is an error).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Error, Usage, UnixTime, Verifier, testkit::{HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let pair = ca.issue_pair(&HolderSpec::example());
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// // Trust both JPKI roots: signing and user authentication.
    /// let verifier = Verifier::new([
    ///     ca.signing_root().certificate(),
    ///     ca.user_authentication_root().certificate(),
    /// ])?;
    /// let auth = pair.user_authentication.certificate();
    /// assert!(verifier.verify(&auth, Usage::UserAuthentication, at).is_ok());
    /// // Trusting only the signing root, the user-authentication certificate has no issuer.
    /// let signing_only = Verifier::new([ca.signing_root().certificate()])?;
    /// let got = signing_only.verify(&auth, Usage::UserAuthentication, at);
    /// assert!(matches!(got, Err(Error::UnknownIssuer)));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn new(anchors: impl IntoIterator<Item = Certificate>) -> Result<Self, Error> {
        Self::from_anchors(anchors.into_iter().map(TrustAnchor::new))
    }

    /// A verifier trusting labelled anchors (see [`TrustAnchor`]): under [`Profile::Jpki`] a
    /// leaf verifies only under an anchor of its kind's purpose and its environment. An anchor
    /// whose key is unsupported is an error.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{AnchorMismatch, AnchorPurpose, Error, TrustAnchor, Usage, UnixTime, Verifier, testkit::{HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let leaf = ca.issue_signing(&HolderSpec::example()).certificate();
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let root = TrustAnchor::new(ca.signing_root().certificate());
    /// assert!(Verifier::from_anchors([root.clone()])?.verify(&leaf, Usage::Signing, at).is_ok());
    /// // The same root labelled for user authentication vouches for no signing certificate.
    /// let mislabelled = root.with_purpose(AnchorPurpose::UserAuthentication);
    /// let got = Verifier::from_anchors([mislabelled])?.verify(&leaf, Usage::Signing, at);
    /// assert!(matches!(got, Err(Error::AnchorMismatch(AnchorMismatch::Purpose { .. }))));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn from_anchors(anchors: impl IntoIterator<Item = TrustAnchor>) -> Result<Self, Error> {
        let backend = default_backend();
        let anchors = anchors
            .into_iter()
            .map(|anchor| {
                let (cert, purpose, environment) = anchor.into_parts();
                let key = PublicKey::from_spki_der_with(cert.spki_der(), backend)?;
                Ok(Arc::new(Issuer {
                    cert,
                    key: Ok(key),
                    purpose,
                    environment,
                }))
            })
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(Self {
            anchors,
            intermediates: Vec::new(),
            backend,
            profile: Profile::default(),
            max_intermediates: DEFAULT_MAX_INTERMEDIATES,
            signature_budget: DEFAULT_SIGNATURE_BUDGET,
            revocation: Vec::new(),
            revocation_policy: RevocationPolicy::default(),
            skipped_intermediates: Vec::new(),
        })
    }

    /// Adds intermediates that paths may use. A key this crate cannot use is kept, and
    /// reported only if a path needs that certificate.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Certificate, KeyUsage, Profile, UnixTime, Usage, Verifier, oids};
    /// use jpki_core::testkit::{CertificateTemplate, KeyType, PrivateKey, StringType, TestCa, encode_name, ext, key_id};
    /// let ca = TestCa::new(1);
    /// let mid = ca.issue_intermediate("municipal", None);
    /// // A leaf issued by the intermediate (JPKI has no intermediates: a generic RFC 5280 chain).
    /// let key = PrivateKey::generate(KeyType::Rsa2048, 1, "doc-leaf");
    /// let spki = key.public_key_der();
    /// let leaf = Certificate::from_der(&CertificateTemplate {
    ///     version: 3,
    ///     serial: vec![0x10, 0x01],
    ///     issuer: mid.certificate().subject().as_der().to_vec(),
    ///     subject: encode_name(&[(oids::AT_COMMON_NAME, StringType::Utf8, "leaf")]),
    ///     not_before: UnixTime::parse_rfc3339("2026-01-01T00:00:00Z")?,
    ///     not_after: UnixTime::parse_rfc3339("2030-01-01T00:00:00Z")?,
    ///     spki: spki.clone(),
    ///     extensions: vec![
    ///         ext::key_usage(KeyUsage::DIGITAL_SIGNATURE),
    ///         ext::authority_key_id(&key_id(mid.certificate().spki_der())),
    ///         ext::subject_key_id(&key_id(&spki)),
    ///     ],
    /// }
    /// .sign(&mid.private_key))?;
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let verifier = Verifier::new([ca.signing_root().certificate()])?.with_profile(Profile::Rfc5280);
    /// // Without the intermediate there is no path.
    /// assert!(verifier.verify(&leaf, Usage::Any, at).is_err());
    /// let verifier = verifier.with_intermediates([mid.certificate()]);
    /// assert_eq!(verifier.verify(&leaf, Usage::Any, at)?.path_len(), 3);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn with_intermediates(
        mut self,
        intermediates: impl IntoIterator<Item = Certificate>,
    ) -> Self {
        let backend = self.backend;
        self.intermediates.extend(
            intermediates
                .into_iter()
                .map(|cert| Arc::new(Issuer::intermediate(cert, backend))),
        );
        self
    }

    /// Adds intermediates given as DER (or PEM) certificates, as an untrusted peer sends them:
    /// one that does not parse (malformed, an unknown critical extension, …) is skipped, not
    /// fatal, and its position and reason are kept in
    /// [`Verifier::skipped_intermediates`]; paths are built through the others. (One that
    /// parses but has a key this crate cannot use is kept, and reported only if a path needs
    /// it, as with [`Verifier::with_intermediates`].)
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Certificate, KeyUsage, Profile, UnixTime, Usage, Verifier, oids};
    /// use jpki_core::testkit::{CertificateTemplate, KeyType, PrivateKey, StringType, TestCa, encode_name, ext, key_id};
    /// let ca = TestCa::new(1);
    /// let mid = ca.issue_intermediate("municipal", None);
    /// let key = PrivateKey::generate(KeyType::Rsa2048, 1, "doc-leaf");
    /// let spki = key.public_key_der();
    /// let leaf = Certificate::from_der(&CertificateTemplate {
    ///     version: 3,
    ///     serial: vec![0x10, 0x01],
    ///     issuer: mid.certificate().subject().as_der().to_vec(),
    ///     subject: encode_name(&[(oids::AT_COMMON_NAME, StringType::Utf8, "leaf")]),
    ///     not_before: UnixTime::parse_rfc3339("2026-01-01T00:00:00Z")?,
    ///     not_after: UnixTime::parse_rfc3339("2030-01-01T00:00:00Z")?,
    ///     spki: spki.clone(),
    ///     extensions: vec![
    ///         ext::key_usage(KeyUsage::DIGITAL_SIGNATURE),
    ///         ext::authority_key_id(&key_id(mid.certificate().spki_der())),
    ///         ext::subject_key_id(&key_id(&spki)),
    ///     ],
    /// }
    /// .sign(&mid.private_key))?;
    /// let junk: &[u8] = b"not a certificate";
    /// let verifier = Verifier::new([ca.signing_root().certificate()])?
    ///     .with_profile(Profile::Rfc5280)
    ///     .with_intermediates_der([junk, &mid.der]);
    /// assert_eq!(verifier.skipped_intermediates().len(), 1);
    /// assert_eq!(verifier.skipped_intermediates()[0].0, 0); // the first one given
    /// // The usable intermediate still builds the path.
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// assert_eq!(verifier.verify(&leaf, Usage::Any, at)?.path_len(), 3);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn with_intermediates_der<'d>(mut self, ders: impl IntoIterator<Item = &'d [u8]>) -> Self {
        let backend = self.backend;
        for (i, der) in ders.into_iter().enumerate() {
            match Certificate::from_der_or_pem(der) {
                Ok(cert) => self
                    .intermediates
                    .push(Arc::new(Issuer::intermediate(cert, backend))),
                Err(e) => self.skipped_intermediates.push((i, e)),
            }
        }
        self
    }

    /// The intermediates [`Verifier::with_intermediates_der`] skipped: each one's position in
    /// the list it came in, and why it was refused.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Verifier, testkit::TestCa};
    /// let verifier = Verifier::new([TestCa::new(1).signing_root().certificate()])?;
    /// assert!(verifier.skipped_intermediates().is_empty());
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn skipped_intermediates(&self) -> &[(usize, Error)] {
        &self.skipped_intermediates
    }

    /// Chooses the signature backend (default [`default_backend`]): the keys of every anchor
    /// and intermediate are prepared again by `backend`, and verified certificates use it for
    /// document and challenge signatures.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{UnixTime, Usage, Verifier, crypto::RustCrypto, testkit::{HolderSpec, TestCa}};
    /// let ca = TestCa::new(9);
    /// let verifier = Verifier::new([ca.signing_root().certificate()])?.with_backend(&RustCrypto)?;
    /// let leaf = ca.issue_signing(&HolderSpec::example()).certificate();
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// assert!(verifier.verify(&leaf, Usage::Signing, at).is_ok());
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn with_backend(mut self, backend: &'static dyn CryptoBackend) -> Result<Self, Error> {
        for anchor in &mut self.anchors {
            let key = PublicKey::from_spki_der_with(anchor.cert.spki_der(), backend)?;
            *anchor = Arc::new(Issuer {
                key: Ok(key),
                ..Issuer::clone(anchor)
            });
        }
        for issuer in &mut self.intermediates {
            *issuer = Arc::new(Issuer::intermediate(issuer.cert.clone(), backend));
        }
        self.backend = backend;
        Ok(self)
    }

    /// The signature backend in use.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Verifier, crypto::RustCrypto, testkit::TestCa};
    /// let verifier = Verifier::new([TestCa::new(1).signing_root().certificate()])?;
    /// assert_eq!(verifier.with_backend(&RustCrypto)?.backend().name(), "RustCrypto");
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn backend(&self) -> &'static dyn CryptoBackend {
        self.backend
    }

    /// Chooses the rules (default [`Profile::Jpki`]).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Profile, Usage, UnixTime, Verifier, testkit::TestCa};
    /// let ca = TestCa::new(1);
    /// // A CA certificate is no JPKI end-entity certificate...
    /// let mid = ca.issue_intermediate("municipal", None).certificate();
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let jpki = Verifier::new([ca.signing_root().certificate()])?;
    /// assert!(jpki.verify(&mid, Usage::Any, at).is_err());
    /// // ...but a valid certificate under generic RFC 5280 rules.
    /// let generic = jpki.with_profile(Profile::Rfc5280);
    /// assert_eq!(generic.verify(&mid, Usage::Any, at)?.path_len(), 2);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn with_profile(mut self, profile: Profile) -> Self {
        self.profile = profile;
        self
    }

    /// Sets the most intermediates a path may contain (default 8, at most
    /// [`MAX_INTERMEDIATES_LIMIT`]; larger values are lowered to it).
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
    /// use jpki_core::Error;
    /// let verifier = Verifier::new([ca.signing_root().certificate()])?
    ///     .with_profile(Profile::Rfc5280)
    ///     .with_intermediates([mid.certificate()]);
    /// assert!(verifier.clone().with_max_intermediates(1).verify(&leaf, Usage::Any, at).is_ok());
    /// let strict = verifier.with_max_intermediates(0);
    /// assert!(matches!(strict.verify(&leaf, Usage::Any, at), Err(Error::PathTooLong(_))));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn with_max_intermediates(mut self, n: usize) -> Self {
        self.max_intermediates = n.min(MAX_INTERMEDIATES_LIMIT);
        self
    }

    /// Sets the signature checks one verification may spend (default 100).
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
    /// use jpki_core::Error;
    /// let verifier = Verifier::new([ca.signing_root().certificate()])?
    ///     .with_profile(Profile::Rfc5280)
    ///     .with_intermediates([mid.certificate()]);
    /// // Leaf ← intermediate ← root takes two signature checks.
    /// assert!(verifier.clone().with_signature_budget(2).verify(&leaf, Usage::Any, at).is_ok());
    /// let stingy = verifier.with_signature_budget(1);
    /// assert!(matches!(stingy.verify(&leaf, Usage::Any, at), Err(Error::BudgetExceeded(_))));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn with_signature_budget(mut self, n: usize) -> Self {
        self.signature_budget = n.max(1);
        self
    }

    /// Adds a revocation source ([`crate::RevocationIndex`], OCSP responses,
    /// [`crate::KnownStatus`], or your own). Once any source is added, the leaf's status must
    /// be known and not revoked at the verification time; intermediates are checked where a
    /// source has data about their issuer.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Error, RevocationIndex, UnixTime, Usage, Verifier};
    /// use jpki_core::testkit::{CrlSpec, HolderSpec, TestCa};
    /// let ca = TestCa::new(1);
    /// let leaf = ca.issue_signing(&HolderSpec::example()).certificate();
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let index = RevocationIndex::new(ca.signing_root().certificate())?;
    /// let verifier = Verifier::new([ca.signing_root().certificate()])?.with_revocation(index);
    /// // With a source but no CRL loaded, the status is unknown: fail closed.
    /// assert!(matches!(verifier.verify(&leaf, Usage::Signing, at), Err(Error::RevocationUnknown(_))));
    /// let mut index = RevocationIndex::new(ca.signing_root().certificate())?;
    /// index.insert_der(&ca.issue_crl(&CrlSpec::signing(at)))?;
    /// let verifier = Verifier::new([ca.signing_root().certificate()])?.with_revocation(index);
    /// assert!(verifier.verify(&leaf, Usage::Signing, at).is_ok());
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn with_revocation(mut self, source: impl RevocationSource + 'static) -> Self {
        self.revocation.push(Arc::new(source));
        self
    }

    /// Adds a shared revocation source (an index loaded once and used by many verifiers).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use std::sync::Arc;
    /// use jpki_core::{RevocationIndex, RevocationSource, UnixTime, Usage, Verifier};
    /// use jpki_core::testkit::{CrlSpec, HolderSpec, TestCa};
    /// let ca = TestCa::new(1);
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let mut index = RevocationIndex::new(ca.signing_root().certificate())?;
    /// index.insert_der(&ca.issue_crl(&CrlSpec::signing(at)))?;
    /// // One index, loaded once, shared by several verifiers (e.g. one per worker).
    /// let shared: Arc<dyn RevocationSource> = Arc::new(index);
    /// let verifiers: Vec<Verifier> = (0..2)
    ///     .map(|_| Ok(Verifier::new([ca.signing_root().certificate()])?.with_shared_revocation(shared.clone())))
    ///     .collect::<Result<_, jpki_core::Error>>()?;
    /// let leaf = ca.issue_signing(&HolderSpec::example()).certificate();
    /// assert!(verifiers.iter().all(|v| v.verify(&leaf, Usage::Signing, at).is_ok()));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn with_shared_revocation(mut self, source: Arc<dyn RevocationSource>) -> Self {
        self.revocation.push(source);
        self
    }

    /// Chooses how `Unknown` status is treated (default: fail closed).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{RevocationIndex, RevocationPolicy, RevocationStatus, UnixTime, UnknownReason, Usage, Verifier};
    /// use jpki_core::testkit::{HolderSpec, TestCa};
    /// let ca = TestCa::new(1);
    /// let leaf = ca.issue_signing(&HolderSpec::example()).certificate();
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let index = RevocationIndex::new(ca.signing_root().certificate())?; // no CRL yet
    /// let verifier = Verifier::new([ca.signing_root().certificate()])?
    ///     .with_revocation(index)
    ///     .with_revocation_policy(RevocationPolicy::SOFT_FAIL);
    /// let verified = verifier.verify(&leaf, Usage::Signing, at)?;
    /// assert_eq!(verified.revocation(), Some(RevocationStatus::Unknown(UnknownReason::NoDataForIssuer)));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn with_revocation_policy(mut self, policy: RevocationPolicy) -> Self {
        self.revocation_policy = policy;
        self
    }

    /// The certificates of the intermediates, in the order added (a CMS signer's certificate
    /// may be among them).
    pub(crate) fn intermediate_certificates(&self) -> impl Iterator<Item = &Certificate> {
        self.intermediates.iter().map(|i| &i.cert)
    }

    /// The profile in force.
    ///
    /// ```
    /// use jpki_core::{Profile, Verifier};
    /// assert_eq!(Verifier::new([])?.profile(), Profile::Jpki);
    /// assert_eq!(Verifier::new([])?.with_profile(Profile::Rfc5280).profile(), Profile::Rfc5280);
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn profile(&self) -> Profile {
        self.profile
    }

    /// Verifies `leaf` for `usage` at time `at`.
    ///
    /// Checks, in order: the leaf's kind and usage (JPKI profile) or keyUsage (RFC 5280
    /// profile), the leaf's validity, then a path to an anchor: name chaining, key
    /// identifiers, each signature, each issuer's validity, basicConstraints, keyCertSign and
    /// pathLenConstraint, within the path-length and signature budgets. The error names the
    /// check that failed; when several candidate paths fail, the most specific failure wins.
    ///
    /// Once the verifier and its revocation sources are built, a verification allocates
    /// nothing: the path lives in a fixed array and the leaf's key is prepared only when
    /// [`VerifiedCertificate::verify_signature`] first needs it.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Error, Usage, UnixTime, Verifier, testkit::{HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let pair = ca.issue_pair(&HolderSpec::example());
    /// let verifier = Verifier::new([ca.signing_root().certificate(), ca.user_authentication_root().certificate()])?;
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let auth = pair.user_authentication.certificate();
    /// assert!(verifier.verify(&auth, Usage::UserAuthentication, at).is_ok());
    /// // The wrong usage, or a time after notAfter, is refused with the reason.
    /// assert!(matches!(verifier.verify(&auth, Usage::Signing, at), Err(Error::WrongCertificateKind { .. })));
    /// let later = UnixTime::parse_rfc3339("2032-01-01T00:00:00Z")?;
    /// assert!(matches!(verifier.verify(&auth, Usage::UserAuthentication, later), Err(Error::Expired { .. })));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn verify(
        &self,
        leaf: &Certificate,
        usage: Usage,
        at: UnixTime,
    ) -> Result<VerifiedCertificate, Error> {
        let kind = self.check_leaf(leaf, usage)?;
        check_validity(leaf, at)?;
        // The key policy now (a leaf with a key this crate refuses does not verify); the key
        // itself is prepared on first use.
        crate::crypto::check_spki(leaf.spki_der())?;
        let chain = path::build(self, leaf, at, kind)?;
        let revocation = self.check_revocation(leaf, chain.certificates(), at)?;
        Ok(VerifiedCertificate {
            cert: leaf.clone(),
            key: OnceLock::new(),
            backend: self.backend,
            kind,
            chain,
            revocation,
        })
    }

    /// Verifies many leaves on every core (feature `rayon`), each exactly as
    /// [`Verifier::verify`] would; the results are in the order of `leaves`.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Usage, UnixTime, Verifier, testkit::{HolderSpec, TestCa}};
    /// let ca = TestCa::new(9);
    /// let leaves: Vec<_> = (0..4).map(|_| ca.issue_signing(&HolderSpec::example()).certificate()).collect();
    /// let verifier = Verifier::new([ca.signing_root().certificate()])?;
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let results = verifier.verify_batch(&leaves, Usage::Signing, at);
    /// assert!(results.iter().all(Result::is_ok));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    #[cfg(feature = "rayon")]
    pub fn verify_batch(
        &self,
        leaves: &[Certificate],
        usage: Usage,
        at: UnixTime,
    ) -> Vec<Result<VerifiedCertificate, Error>> {
        use rayon::prelude::*;
        leaves
            .par_iter()
            .map(|leaf| self.verify(leaf, usage, at))
            .collect()
    }
}

#[cfg(test)]
mod anchor_tests;
#[cfg(test)]
mod path_tests;
#[cfg(test)]
mod tests;

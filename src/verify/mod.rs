//! Chain verification: from a leaf certificate to a trust anchor, with the JPKI rules.
//!
//! The caller supplies the trust anchors (for JPKI: the signing and/or user-authentication
//! roots of every generation in use), any intermediates, the time, and the usage required.
//! Work is bounded: a fixed budget of signature checks and a maximum path length, so that
//! cycles or thousands of same-name candidate issuers cannot make verification spin.

mod path;

use core::fmt;
use std::sync::{Arc, OnceLock};

use crate::crypto::{CryptoBackend, default_backend};

use crate::oid::oids;
use crate::revocation::source::combine;
use crate::{
    BasicFourInfo, Certificate, CertificateKind, Error, KeyUsage, PublicKey, RevocationPolicy,
    RevocationSource, RevocationStatus, SerialNumber, SignatureAlgorithm, UnixTime,
};

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
/// // Asking for more is lowered to the limit, never an unbounded search.
/// let verifier = Verifier::new([])?.with_max_intermediates(1_000);
/// # let _ = (verifier, MAX_INTERMEDIATES_LIMIT);
/// # Ok::<(), jpki_core::Error>(())
/// ```
pub const MAX_INTERMEDIATES_LIMIT: usize = 16;

/// What the verified certificate is going to be used for.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{Usage, UnixTime, Verifier, testkit::{HolderSpec, TestCa}};
/// let ca = TestCa::new(1);
/// let pair = ca.issue_pair(&HolderSpec::example());
/// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
/// let v = Verifier::new([ca.signing_root().certificate(), ca.user_authentication_root().certificate()])?;
/// assert!(v.verify(&pair.signing.certificate(), Usage::Signing, at).is_ok());
/// assert!(v.verify(&pair.signing.certificate(), Usage::UserAuthentication, at).is_err());
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Usage {
    /// Verifying signed documents: requires a signing certificate (署名用電子証明書).
    Signing,
    /// Logging in (a signed challenge): requires a user-authentication certificate
    /// (利用者証明用電子証明書).
    UserAuthentication,
    /// Any end-entity certificate the profile accepts (for inspection tools; a service should
    /// always ask for the usage it needs).
    Any,
}

impl fmt::Display for Usage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Signing => "signing",
            Self::UserAuthentication => "user authentication",
            Self::Any => "any usage",
        })
    }
}

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

/// A certificate that can issue: its parsed key is kept, so it is decoded once.
#[derive(Clone, Debug)]
pub(crate) struct Issuer {
    pub cert: Certificate,
    pub key: Result<PublicKey, Error>,
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
}

impl Verifier {
    /// A verifier trusting `anchors` (their keys are parsed now; an anchor whose key is
    /// unsupported is an error).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Verifier, testkit::TestCa};
    /// let ca = TestCa::new(1);
    /// // Trust both JPKI roots: signing and user authentication.
    /// let verifier = Verifier::new([
    ///     ca.signing_root().certificate(),
    ///     ca.user_authentication_root().certificate(),
    /// ])?;
    /// # let _ = verifier;
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn new(anchors: impl IntoIterator<Item = Certificate>) -> Result<Self, Error> {
        let backend = default_backend();
        let anchors = anchors
            .into_iter()
            .map(|cert| {
                let key = PublicKey::from_spki_der_with(cert.spki_der(), backend)?;
                Ok(Arc::new(Issuer { cert, key: Ok(key) }))
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
        self.intermediates
            .extend(intermediates.into_iter().map(|cert| {
                let key = PublicKey::from_spki_der_with(cert.spki_der(), backend);
                Arc::new(Issuer { cert, key })
            }));
        self
    }

    /// Chooses the signature backend (default [`default_backend`]): the keys of every anchor
    /// and intermediate are prepared again by `backend`, and verified certificates use it for
    /// document and challenge signatures.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Verifier, crypto::RustCrypto, testkit::TestCa};
    /// let ca = TestCa::new(9);
    /// let verifier = Verifier::new([ca.signing_root().certificate()])?.with_backend(&RustCrypto)?;
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn with_backend(mut self, backend: &'static dyn CryptoBackend) -> Result<Self, Error> {
        for anchor in &mut self.anchors {
            let key = PublicKey::from_spki_der_with(anchor.cert.spki_der(), backend)?;
            *anchor = Arc::new(Issuer {
                cert: anchor.cert.clone(),
                key: Ok(key),
            });
        }
        for issuer in &mut self.intermediates {
            let key = PublicKey::from_spki_der_with(issuer.cert.spki_der(), backend);
            *issuer = Arc::new(Issuer {
                cert: issuer.cert.clone(),
                key,
            });
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
    /// assert!(matches!(verifier.verify(&auth, Usage::UserAuthentication, later), Err(Error::Expired)));
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
        let chain = path::build(self, leaf, at)?;
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

    /// The leaf's status (required once a source is configured), then each intermediate's
    /// where some source knows its issuer.
    fn check_revocation<'c>(
        &self,
        leaf: &'c Certificate,
        chain: impl Iterator<Item = &'c Certificate> + Clone,
        at: UnixTime,
    ) -> Result<Option<RevocationStatus>, Error> {
        if self.revocation.is_empty() {
            return Ok(None);
        }
        let mut leaf_status = None;
        let subjects = core::iter::once(leaf).chain(chain.clone());
        for (i, (cert, issuer)) in subjects.zip(chain).enumerate() {
            let mut answers = self
                .revocation
                .iter()
                .filter_map(|s| s.status(cert, issuer, at))
                .peekable();
            if i > 0 && answers.peek().is_none() {
                continue;
            }
            let status = combine(answers);
            match status {
                RevocationStatus::Revoked { revoked_at, reason } => {
                    return Err(Error::Revoked { revoked_at, reason });
                }
                RevocationStatus::Unknown(why) if !self.revocation_policy.soft_fail => {
                    return Err(Error::RevocationUnknown(why));
                }
                _ => {}
            }
            if i == 0 {
                leaf_status = Some(status);
            }
        }
        Ok(leaf_status)
    }

    fn check_leaf(
        &self,
        leaf: &Certificate,
        usage: Usage,
    ) -> Result<Option<CertificateKind>, Error> {
        match self.profile {
            Profile::Jpki => {
                let kind = leaf.kind()?;
                let fits = match (usage, kind) {
                    (_, CertificateKind::Ca) => false,
                    (Usage::Any, _) => true,
                    (Usage::Signing, k) => k == CertificateKind::Signing,
                    (Usage::UserAuthentication, k) => k == CertificateKind::UserAuthentication,
                };
                if !fits {
                    return Err(Error::WrongCertificateKind {
                        required: usage,
                        found: kind,
                    });
                }
                let policies = leaf.policies().unwrap_or_default();
                let has_policy = match kind {
                    CertificateKind::Signing => policies
                        .iter()
                        .any(|p| *p == oids::POLICY_SIGNING || *p == oids::POLICY_SIGNING_TEST),
                    _ => policies.contains(&oids::POLICY_USER_AUTHENTICATION),
                };
                if !has_policy {
                    return Err(Error::UsageNotAllowed(
                        "certificatePolicies lacks the JPKI policy of this kind",
                    ));
                }
                Ok(Some(kind))
            }
            Profile::Rfc5280 => {
                let ku = leaf.key_usage();
                let allowed = match usage {
                    Usage::Any => true,
                    Usage::Signing => ku.is_none_or(|k| {
                        k.contains(KeyUsage::DIGITAL_SIGNATURE)
                            || k.contains(KeyUsage::NON_REPUDIATION)
                    }),
                    Usage::UserAuthentication => {
                        ku.is_none_or(|k| k.contains(KeyUsage::DIGITAL_SIGNATURE))
                    }
                };
                if !allowed {
                    return Err(Error::UsageNotAllowed("keyUsage does not allow this usage"));
                }
                // RFC 5280 §4.2.1.9: keyCertSign only with cA.
                if ku.is_some_and(|k| k.contains(KeyUsage::KEY_CERT_SIGN)) && !leaf.is_ca() {
                    return Err(Error::CaConstraints(
                        "keyCertSign on a certificate that is not a CA",
                    ));
                }
                Ok(leaf.kind().ok())
            }
        }
    }
}

/// Checks `cert`'s validity period at `at`.
pub(crate) fn check_validity(cert: &Certificate, at: UnixTime) -> Result<(), Error> {
    let v = cert.validity();
    if at < v.not_before {
        Err(Error::NotYetValid)
    } else if at > v.not_after {
        Err(Error::Expired)
    } else {
        Ok(())
    }
}

/// A certificate that passed [`Verifier::verify`]; only a successful verification makes one.
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
    cert: Certificate,
    /// The leaf's key, prepared by `backend` on first use.
    key: OnceLock<Result<PublicKey, Error>>,
    backend: &'static dyn CryptoBackend,
    kind: Option<CertificateKind>,
    chain: path::Chain,
    revocation: Option<RevocationStatus>,
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
    /// certificate, a login challenge for a user-authentication certificate. RSA keys verify
    /// sha256WithRSAEncryption (PKCS#1 v1.5), P-256 keys ECDSA with SHA-256 (DER signature).
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

    /// The JPKI kind (always present under [`Profile::Jpki`]; under [`Profile::Rfc5280`],
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

#[cfg(test)]
mod path_tests;
#[cfg(test)]
mod tests;

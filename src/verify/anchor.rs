//! Trust anchors that know what they are for: purpose, environment and generation.
//!
//! JPKI has one root per purpose (signing, user authentication), each in several generations
//! that share one name, in a production and a test environment. A path that ends at a root
//! proves only that the root's key signed; under the JPKI profile the root must also be one
//! that vouches for the leaf's kind and environment, so that nothing issued under a
//! user-authentication root ever passes for signing, and no test-card policy passes under a
//! production root.

use crate::kind::{Purpose, environment_of, purpose_of};
use crate::vocab::AnchorPurpose;
use crate::{Certificate, Environment};

/// A trusted root certificate with its labels: purpose, environment and (where known)
/// generation. [`TrustAnchor::new`] reads the purpose from the subject's `OU` and the
/// environment from its `O` (compared as name chaining compares); the caller can set any of
/// them, e.g. for roots with other names. A [`Certificate`] converts into an anchor with the
/// labels read from it, so `Verifier::new([root])` works as before.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{AnchorPurpose, Environment, TrustAnchor, testkit::TestCa};
/// let ca = TestCa::new(1);
/// let anchor = TrustAnchor::new(ca.user_authentication_root().certificate()).with_generation(2023);
/// assert_eq!(anchor.purpose(), AnchorPurpose::UserAuthentication);
/// assert_eq!(anchor.environment(), Some(Environment::Test)); // O=JPKI-TEST
/// assert_eq!(anchor.generation(), Some(2023));
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct TrustAnchor {
    cert: Certificate,
    purpose: AnchorPurpose,
    environment: Option<Environment>,
    generation: Option<u16>,
}

impl TrustAnchor {
    /// An anchor labelled from its certificate: purpose from the subject's `OU`
    /// (`JPKI for digital signature`, `JPKI for user authentication`, else
    /// [`AnchorPurpose::Other`]), environment from its `O` (`JPKI`, `JPKI-TEST`, else none).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{AnchorPurpose, TrustAnchor, testkit::TestCa};
    /// let ca = TestCa::new(1);
    /// let mid = ca.issue_intermediate("municipal", None);
    /// // A CA whose name states no JPKI purpose.
    /// assert_eq!(TrustAnchor::new(mid.certificate()).purpose(), AnchorPurpose::Other);
    /// # }
    /// ```
    pub fn new(cert: Certificate) -> Self {
        let subject = cert.subject();
        let purpose = match purpose_of(&subject) {
            Some(Purpose::Signing) => AnchorPurpose::Signing,
            Some(Purpose::UserAuthentication) => AnchorPurpose::UserAuthentication,
            None => AnchorPurpose::Other,
        };
        let environment = environment_of(&subject);
        Self {
            cert,
            purpose,
            environment,
            generation: None,
        }
    }

    /// Sets the purpose (for a root whose name does not state it).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{AnchorPurpose, TrustAnchor, testkit::TestCa};
    /// let mid = TestCa::new(1).issue_intermediate("municipal", None);
    /// let anchor = TrustAnchor::new(mid.certificate()).with_purpose(AnchorPurpose::Signing);
    /// assert_eq!(anchor.purpose(), AnchorPurpose::Signing);
    /// # }
    /// ```
    pub fn with_purpose(mut self, purpose: AnchorPurpose) -> Self {
        self.purpose = purpose;
        self
    }

    /// Sets the environment.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Environment, TrustAnchor, testkit::TestCa};
    /// let mid = TestCa::new(1).issue_intermediate("municipal", None);
    /// let anchor = TrustAnchor::new(mid.certificate()).with_environment(Environment::Test);
    /// assert_eq!(anchor.environment(), Some(Environment::Test));
    /// # }
    /// ```
    pub fn with_environment(mut self, environment: Environment) -> Self {
        self.environment = Some(environment);
        self
    }

    /// Sets the generation (JPKI: the year the root was issued, 2015, 2019, 2023, …).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{TrustAnchor, testkit::TestCa};
    /// let anchor = TrustAnchor::new(TestCa::new(1).signing_root().certificate()).with_generation(2019);
    /// assert_eq!(anchor.generation(), Some(2019));
    /// # }
    /// ```
    pub fn with_generation(mut self, generation: u16) -> Self {
        self.generation = Some(generation);
        self
    }

    /// The root certificate.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{TrustAnchor, testkit::TestCa};
    /// let root = TestCa::new(1).signing_root().certificate();
    /// assert_eq!(TrustAnchor::new(root.clone()).certificate(), &root);
    /// # }
    /// ```
    pub fn certificate(&self) -> &Certificate {
        &self.cert
    }

    /// What the anchor vouches for.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{AnchorPurpose, TrustAnchor, testkit::TestCa};
    /// let root = TestCa::new(1).signing_root().certificate();
    /// assert_eq!(TrustAnchor::from(root).purpose(), AnchorPurpose::Signing);
    /// # }
    /// ```
    pub fn purpose(&self) -> AnchorPurpose {
        self.purpose
    }

    /// Production or test, if known.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Environment, TrustAnchor, testkit::TestCa};
    /// let prod = TestCa::builder(1).environment(Environment::Production).build();
    /// let anchor = TrustAnchor::new(prod.signing_root().certificate());
    /// assert_eq!(anchor.environment(), Some(Environment::Production)); // O=JPKI
    /// # }
    /// ```
    pub fn environment(&self) -> Option<Environment> {
        self.environment
    }

    /// The generation, if the caller gave it.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{TrustAnchor, testkit::TestCa};
    /// let anchor = TrustAnchor::new(TestCa::new(1).signing_root().certificate());
    /// assert_eq!(anchor.generation(), None);
    /// # }
    /// ```
    pub fn generation(&self) -> Option<u16> {
        self.generation
    }

    /// The root's key algorithm (RSA-2048 for today's JPKI roots; ECDSA P-384 expected for the
    /// next generation).
    ///
    /// ```
    /// use jpki_core::{KeyAlgorithm, roots::PRODUCTION};
    /// assert_eq!(PRODUCTION[0].trust_anchor()?.key_algorithm(), KeyAlgorithm::Rsa { bits: 2048 });
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn key_algorithm(&self) -> crate::KeyAlgorithm {
        self.cert.key_algorithm()
    }

    /// The root's validity period: a root whose period does not cover the verification time
    /// anchors no path then.
    ///
    /// ```
    /// use jpki_core::{UnixTime, roots::PRODUCTION};
    /// let signca01 = PRODUCTION[0].trust_anchor()?;
    /// assert!(signca01.validity().not_after < UnixTime::parse_rfc3339("2025-10-20T00:00:00Z")?);
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn validity(&self) -> crate::Validity {
        self.cert.validity()
    }

    pub(super) fn into_parts(self) -> (Certificate, AnchorPurpose, Option<Environment>) {
        (self.cert, self.purpose, self.environment)
    }
}

impl From<Certificate> for TrustAnchor {
    fn from(cert: Certificate) -> Self {
        Self::new(cert)
    }
}

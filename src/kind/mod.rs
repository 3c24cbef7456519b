//! Which JPKI certificate a certificate is: signing, user authentication, or a CA.

use crate::cert::name::text_matches;
use crate::oid::oids;
pub use crate::vocab::{CertificateKind, Environment};
use crate::{BasicFourInfo, Certificate, DistinguishedName, Error, KeyUsage, KindRefusal};

/// The issuer OU that names the signing CA.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{OU_SIGNING, testkit::{HolderSpec, TestCa}};
/// let cert = TestCa::new(1).issue_signing(&HolderSpec::example()).certificate();
/// assert!(cert.issuer().organizational_units().iter().any(|ou| ou == OU_SIGNING));
/// # }
/// ```
pub const OU_SIGNING: &str = "JPKI for digital signature";
/// The issuer OU that names the user-authentication CA.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{OU_USER_AUTHENTICATION, testkit::{HolderSpec, TestCa}};
/// let cert = TestCa::new(1).issue_user_authentication(&HolderSpec::example()).certificate();
/// assert!(cert.issuer().organizational_units().iter().any(|ou| ou == OU_USER_AUTHENTICATION));
/// # }
/// ```
pub const OU_USER_AUTHENTICATION: &str = "JPKI for user authentication";

/// The purpose a signal points to.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Purpose {
    Signing,
    UserAuthentication,
}

impl Certificate {
    /// The JPKI environment named by the issuer's `O` attribute, if it is a JPKI one.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Environment, testkit::{HolderSpec, TestCa}};
    /// let cert = TestCa::new(1).issue_signing(&HolderSpec::example()).certificate();
    /// assert_eq!(cert.environment(), Some(Environment::Test)); // issuer O=JPKI-TEST
    /// let prod = TestCa::builder(1).environment(Environment::Production).build();
    /// let cert = prod.issue_signing(&HolderSpec::example()).certificate();
    /// assert_eq!(cert.environment(), Some(Environment::Production));
    /// # }
    /// ```
    pub fn environment(&self) -> Option<Environment> {
        *self
            .environment_cell()
            .get_or_init(|| environment_of(&self.issuer()))
    }

    /// Decides the certificate's JPKI kind from the profile's signals.
    ///
    /// * A certificate with basicConstraints cA is a [`CertificateKind::Ca`] (it must then have
    ///   keyUsage keyCertSign).
    /// * Otherwise the purpose comes from the certificate policy (1.2.392.200149.8.5.1.1.20 or
    ///   .0.20 for signing, .3.30 for user authentication) and from the issuer's `OU`
    ///   (`JPKI for digital signature` / `JPKI for user authentication`). At least one must be
    ///   present, and if both are they must agree.
    /// * A signing certificate must have keyUsage digitalSignature and nonRepudiation and carry
    ///   valid basic four items; a user-authentication certificate must have digitalSignature
    ///   without nonRepudiation and carry no basic four items.
    ///
    /// Anything else is an error that says which signal failed: never a guess.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{CertificateKind, testkit::{HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let pair = ca.issue_pair(&HolderSpec::example());
    /// assert_eq!(pair.signing.certificate().kind()?, CertificateKind::Signing);
    /// assert_eq!(pair.user_authentication.certificate().kind()?, CertificateKind::UserAuthentication);
    /// assert_eq!(ca.signing_root().certificate().kind()?, CertificateKind::Ca);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn kind(&self) -> Result<CertificateKind, Error> {
        // Computed once per parsed certificate (clones share it).
        self.kind_cell().get_or_init(|| self.classify()).clone()
    }

    /// The classification rules, run once by [`Certificate::kind`].
    fn classify(&self) -> Result<CertificateKind, Error> {
        if self.is_ca() {
            return match self.key_usage() {
                Some(ku) if ku.contains(KeyUsage::KEY_CERT_SIGN) => Ok(CertificateKind::Ca),
                _ => Err(Error::InconsistentKind(KindRefusal::CaWithoutKeyCertSign)),
            };
        }
        let by_policy = self.purpose_from_policy();
        let by_issuer = self.purpose_from_issuer();
        let purpose = match (by_policy, by_issuer) {
            (Some(a), Some(b)) if a != b => {
                return Err(Error::InconsistentKind(KindRefusal::PolicyIssuerDisagree));
            }
            (Some(p), _) | (None, Some(p)) => p,
            (None, None) => {
                return Err(Error::NotJpki(KindRefusal::NoJpkiSignal));
            }
        };
        let ku = self
            .key_usage()
            .ok_or(Error::InconsistentKind(KindRefusal::NoKeyUsage))?;
        if ku.contains(KeyUsage::KEY_CERT_SIGN) || ku.contains(KeyUsage::CRL_SIGN) {
            return Err(Error::InconsistentKind(KindRefusal::CaKeyUsages));
        }
        if !ku.contains(KeyUsage::DIGITAL_SIGNATURE) {
            return Err(Error::InconsistentKind(KindRefusal::NoDigitalSignature));
        }
        match purpose {
            Purpose::Signing => {
                if !ku.contains(KeyUsage::NON_REPUDIATION) {
                    return Err(Error::InconsistentKind(
                        KindRefusal::SigningWithoutNonRepudiation,
                    ));
                }
                self.check_basic_four().map_err(|e| match e {
                    Error::NoBasicFourInfo => {
                        Error::InconsistentKind(KindRefusal::SigningWithoutBasicFour)
                    }
                    other => other,
                })?;
                Ok(CertificateKind::Signing)
            }
            Purpose::UserAuthentication => {
                if ku.contains(KeyUsage::NON_REPUDIATION) {
                    return Err(Error::InconsistentKind(
                        KindRefusal::AuthenticationWithNonRepudiation,
                    ));
                }
                match self.check_basic_four() {
                    Err(Error::NoBasicFourInfo) => Ok(CertificateKind::UserAuthentication),
                    _ => Err(Error::InconsistentKind(
                        KindRefusal::AuthenticationWithPersonalData,
                    )),
                }
            }
        }
    }

    /// The basic four items of a signing certificate.
    ///
    /// A certificate without them (a user-authentication certificate, a CA) gives
    /// [`Error::NoBasicFourInfo`], never an empty record.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Error, Sex, testkit::{HolderSpec, TestCa}};
    /// let pair = TestCa::new(1).issue_pair(&HolderSpec::example());
    /// let info = pair.signing.certificate().basic_four()?;
    /// assert_eq!(info.sex(), Sex::Female);
    /// assert!(matches!(pair.user_authentication.certificate().basic_four(), Err(Error::NoBasicFourInfo)));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn basic_four(&self) -> Result<BasicFourInfo, Error> {
        // From the otherNames the parse recorded: the subjectAltName is not walked again.
        match self.personal_data() {
            Some(items) => BasicFourInfo::from_recorded(items),
            None => Err(Error::NoBasicFourInfo),
        }
    }

    /// Checks the basic four items as [`Certificate::basic_four`] would, without decoding
    /// them into owned text (the verification path).
    fn check_basic_four(&self) -> Result<(), Error> {
        match self.personal_data() {
            Some(items) => crate::basic4::san::scan_recorded(items, |_, _| Ok(())).map(drop),
            None => Err(Error::NoBasicFourInfo),
        }
    }

    fn purpose_from_policy(&self) -> Option<Purpose> {
        self.policies()?.iter().find_map(|p| {
            if *p == oids::POLICY_SIGNING || *p == oids::POLICY_SIGNING_TEST {
                Some(Purpose::Signing)
            } else if *p == oids::POLICY_USER_AUTHENTICATION {
                Some(Purpose::UserAuthentication)
            } else {
                None
            }
        })
    }

    fn purpose_from_issuer(&self) -> Option<Purpose> {
        purpose_of(&self.issuer())
    }
}

/// The purpose a JPKI CA name's `OU` states. The first OU naming a purpose decides, as read in
/// encoding order, compared as name chaining compares (RFC 5280 §7.1): a name that chains to a
/// CA classifies as that CA's purpose, whatever its case or spacing.
pub(crate) fn purpose_of(name: &DistinguishedName<'_>) -> Option<Purpose> {
    let mut purpose = None;
    name.any_text_value(&oids::AT_ORGANIZATIONAL_UNIT, |ou| {
        purpose = if text_matches(ou, OU_SIGNING) {
            Some(Purpose::Signing)
        } else if text_matches(ou, OU_USER_AUTHENTICATION) {
            Some(Purpose::UserAuthentication)
        } else {
            None
        };
        purpose.is_some()
    });
    purpose
}

/// The JPKI environment a CA name's `O` states, compared as name chaining compares.
pub(crate) fn environment_of(name: &DistinguishedName<'_>) -> Option<Environment> {
    // The first O decides (JPKI names have one); read without allocating, as verification
    // asks it.
    let mut env = None;
    name.any_text_value(&oids::AT_ORGANIZATION, |o| {
        env = if text_matches(o, "JPKI") {
            Some(Environment::Production)
        } else if text_matches(o, "JPKI-TEST") {
            Some(Environment::Test)
        } else {
            None
        };
        true
    });
    env
}

#[cfg(test)]
mod tests;

//! The real JPKI production roots, shipped with the crate as labelled trust anchors (the way
//! `webpki-roots` ships the web's roots): the signing and user-authentication CAs of the 2015,
//! 2019 and 2023 generations, each pinned to its SHA-256 fingerprint by the crate's tests.
//! `roots/README.md` says where each file comes from and how far its fingerprint is confirmed.
//!
//! Verifying a signing certificate from a My Number card against them:
//!
//! ```
//! use jpki_core::{Certificate, Error, Usage, UnixTime, Verifier, roots};
//! fn check(der: &[u8]) -> Result<String, Error> {
//!     let verifier = Verifier::from_anchors(roots::production_signing())?;
//!     let verified = verifier.verify(&Certificate::from_der(der)?, Usage::Signing, UnixTime::now())?;
//!     Ok(verified.basic_four()?.name().to_owned())
//! }
//! // A test-CA certificate is not under the production roots.
//! # #[cfg(feature = "testkit")] {
//! let test_card = jpki_core::testkit::TestCa::new(1).issue_signing(&jpki_core::testkit::HolderSpec::example());
//! assert!(check(&test_card.der).is_err());
//! # }
//! ```
//!
//! [`production_signing`] and [`production_user_authentication`] give the generations valid
//! now: the 2015 generation expired in October 2025 and is left out. To check an old signature
//! at the time it was made, take the generations valid then with
//! [`production_signing_at`] / [`production_user_authentication_at`], or every generation from
//! [`PRODUCTION`]. The next-generation (ECDSA P-384) roots are not published yet; when they are,
//! adding them is one row of [`PRODUCTION`].

use crate::{AnchorPurpose, Certificate, Environment, Error, TrustAnchor, UnixTime};

/// One bundled root: the certificate and what it is.
///
/// ```
/// use jpki_core::{AnchorPurpose, roots::PRODUCTION};
/// let signca03 = PRODUCTION.iter().find(|r| r.name == "signca03").ok_or(jpki_core::Error::UnknownIssuer)?;
/// assert_eq!((signca03.purpose, signca03.generation), (AnchorPurpose::Signing, 2023));
/// assert!(signca03.sha256.starts_with("D227F6CD"));
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct BundledRoot {
    /// J-LIS's name for the certificate file (`signca03`, `authca02`, …).
    pub name: &'static str,
    /// What it issues.
    pub purpose: AnchorPurpose,
    /// The year of the generation.
    pub generation: u16,
    /// The certificate, DER.
    pub der: &'static [u8],
    /// SHA-256 of `der`, upper-case hex.
    pub sha256: &'static str,
}

impl BundledRoot {
    /// The parsed certificate.
    ///
    /// ```
    /// use jpki_core::{CertificateKind, roots::PRODUCTION};
    /// for root in PRODUCTION {
    ///     assert_eq!(root.certificate()?.kind()?, CertificateKind::Ca);
    /// }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn certificate(&self) -> Result<Certificate, Error> {
        Certificate::from_der(self.der)
    }

    /// The root as a trust anchor labelled with its purpose, the production environment and its
    /// generation.
    ///
    /// ```
    /// use jpki_core::{Environment, roots::PRODUCTION};
    /// let anchor = PRODUCTION[0].trust_anchor()?;
    /// assert_eq!(anchor.environment(), Some(Environment::Production));
    /// assert_eq!(anchor.generation(), Some(PRODUCTION[0].generation));
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn trust_anchor(&self) -> Result<TrustAnchor, Error> {
        Ok(TrustAnchor::new(self.certificate()?)
            .with_purpose(self.purpose)
            .with_environment(Environment::Production)
            .with_generation(self.generation))
    }
}

/// Every bundled production root, oldest generation first.
///
/// ```
/// use jpki_core::roots::PRODUCTION;
/// assert_eq!(PRODUCTION.len(), 6);
/// ```
pub const PRODUCTION: &[BundledRoot] = &[
    BundledRoot {
        name: "signca01",
        purpose: AnchorPurpose::Signing,
        generation: 2015,
        der: include_bytes!("../roots/jpki-prod-signca01-2015.der"),
        sha256: "19645405A1FE14377434BD55957628AC4038557C542403A2243F21C706FC9355",
    },
    BundledRoot {
        name: "signca02",
        purpose: AnchorPurpose::Signing,
        generation: 2019,
        der: include_bytes!("../roots/jpki-prod-signca02-2019.der"),
        sha256: "79679C33E4CC9319440F1AD120A597FF1844E2EF217063ADB176966FD5E6FBEB",
    },
    BundledRoot {
        name: "signca03",
        purpose: AnchorPurpose::Signing,
        generation: 2023,
        der: include_bytes!("../roots/jpki-prod-signca03-2023.der"),
        sha256: "D227F6CDE11D35C5252178F106F843D24651944975413B539FA2FB68DBFA365F",
    },
    BundledRoot {
        name: "authca01",
        purpose: AnchorPurpose::UserAuthentication,
        generation: 2015,
        der: include_bytes!("../roots/jpki-prod-authca01-2015.der"),
        sha256: "4DCFC4CA0AAF9FB2A3081B3F0C991C320B3ACC008667A341EEAEC5AF1D58CA7D",
    },
    BundledRoot {
        name: "authca02",
        purpose: AnchorPurpose::UserAuthentication,
        generation: 2019,
        der: include_bytes!("../roots/jpki-prod-authca02-2019.der"),
        sha256: "0D98DE47FC11B7F67126874B7028B6026A803D2638D6EDFE53176953961FADE6",
    },
    BundledRoot {
        name: "authca03",
        purpose: AnchorPurpose::UserAuthentication,
        generation: 2023,
        der: include_bytes!("../roots/jpki-prod-authca03-2023.der"),
        sha256: "64114F29620C24ED2631D46476A040E7EE740D956089C00B036A6A8118C322B5",
    },
];

/// The roots of `purpose` whose validity covers `at`, as anchors.
fn valid_at(purpose: AnchorPurpose, at: UnixTime) -> Vec<TrustAnchor> {
    PRODUCTION
        .iter()
        .filter(|r| r.purpose == purpose)
        // The bundled bytes are pinned by the tests; a root that did not parse would simply
        // not be offered.
        .filter_map(|r| r.trust_anchor().ok())
        .filter(|a| {
            let v = a.certificate().validity();
            v.not_before <= at && at <= v.not_after
        })
        .collect()
}

/// The production signing roots valid now (the 2019 and 2023 generations as of 2026).
///
/// ```
/// use jpki_core::{AnchorPurpose, roots};
/// let anchors = roots::production_signing();
/// assert!(anchors.iter().all(|a| a.purpose() == AnchorPurpose::Signing));
/// assert!(anchors.iter().all(|a| a.generation() != Some(2015))); // expired in 2025
/// ```
pub fn production_signing() -> Vec<TrustAnchor> {
    valid_at(AnchorPurpose::Signing, UnixTime::now())
}

/// The production user-authentication roots valid now.
///
/// ```
/// use jpki_core::{AnchorPurpose, roots};
/// let anchors = roots::production_user_authentication();
/// assert!(anchors.iter().all(|a| a.purpose() == AnchorPurpose::UserAuthentication));
/// ```
pub fn production_user_authentication() -> Vec<TrustAnchor> {
    valid_at(AnchorPurpose::UserAuthentication, UnixTime::now())
}

/// The production signing roots valid at `at`: for checking a signature at the time it was
/// made.
///
/// ```
/// use jpki_core::{UnixTime, roots};
/// let in_2020 = UnixTime::parse_rfc3339("2020-06-01T00:00:00Z")?;
/// let generations: Vec<_> = roots::production_signing_at(in_2020).iter().filter_map(|a| a.generation()).collect();
/// assert_eq!(generations, [2015, 2019]);
/// # Ok::<(), jpki_core::Error>(())
/// ```
pub fn production_signing_at(at: UnixTime) -> Vec<TrustAnchor> {
    valid_at(AnchorPurpose::Signing, at)
}

/// The production user-authentication roots valid at `at`.
///
/// ```
/// use jpki_core::{UnixTime, roots};
/// let in_2030 = UnixTime::parse_rfc3339("2030-06-01T00:00:00Z")?;
/// let generations: Vec<_> = roots::production_user_authentication_at(in_2030).iter().filter_map(|a| a.generation()).collect();
/// assert_eq!(generations, [2023]);
/// # Ok::<(), jpki_core::Error>(())
/// ```
pub fn production_user_authentication_at(at: UnixTime) -> Vec<TrustAnchor> {
    valid_at(AnchorPurpose::UserAuthentication, at)
}

//! Time-stamp tokens (RFC 3161 §2.4.2): a SignedData holding a TSTInfo, signed by a TSA.

use std::io::Read;

use super::ess;
use super::oids::{CT_TST_INFO, KP_TIME_STAMPING};
use super::tst_info::TstInfo;
use crate::oid::oids;
use crate::signed::{Hasher, read_into};
use crate::{
    Error, Profile, SignedData, SignedDataVerifier, TimestampProblem, UnixTime, Usage,
    VerifiedCertificate, Verifier,
};

fn bad(problem: TimestampProblem) -> Error {
    Error::BadTimestamp(problem)
}

/// An RFC 3161 TimeStampToken: a CMS SignedData whose eContentType is id-ct-TSTInfo, with the
/// TSTInfo encapsulated and exactly one signer. Parsing checks the shape; a
/// [`TimestampVerifier`] checks the signature and the TSA.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{TimestampToken, UnixTime, testkit::TestTsa};
/// let tsa = TestTsa::new(1);
/// let at = UnixTime::parse_rfc3339("2027-03-01T09:00:00Z")?;
/// let token = TimestampToken::from_der(&tsa.stamp_data(b"contract", at))?;
/// assert_eq!(token.tst_info().gen_time(), at);
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct TimestampToken {
    signed: SignedData,
    tst_info: TstInfo,
}

impl TimestampToken {
    /// Parses a DER TimeStampToken (a ContentInfo with SignedData).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Error, TimestampProblem, TimestampToken, testkit::{CmsBuilder, HolderSpec, TestCa}};
    /// // An ordinary signed document is no timestamp.
    /// let holder = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// let der = CmsBuilder::new(b"x".to_vec()).signer(&holder).build();
    /// assert!(matches!(TimestampToken::from_der(&der), Err(Error::BadTimestamp(TimestampProblem::NotTstInfo))));
    /// # }
    /// ```
    pub fn from_der(der: &[u8]) -> Result<Self, Error> {
        Self::from_signed_data(SignedData::from_der(der)?)
    }

    /// A token from an already parsed SignedData.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{SignedData, TimestampToken, UnixTime, testkit::TestTsa};
    /// let der = TestTsa::new(1).stamp_data(b"x", UnixTime::from_unix_seconds(1_800_000_000));
    /// assert!(TimestampToken::from_signed_data(SignedData::from_der(&der)?).is_ok());
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn from_signed_data(signed: SignedData) -> Result<Self, Error> {
        if signed.content_type() != CT_TST_INFO {
            return Err(bad(TimestampProblem::NotTstInfo));
        }
        if signed.signers().len() != 1 {
            return Err(bad(TimestampProblem::SignerCount));
        }
        let tst_info = TstInfo::from_der(
            signed
                .content()
                .ok_or(bad(TimestampProblem::TstInfoAbsent))?,
        )?;
        Ok(Self { signed, tst_info })
    }

    /// The TSTInfo, as the TSA claims it (verify before trusting it).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{TimestampToken, TimestampVerifier, UnixTime, Verifier, testkit::TestTsa};
    /// let tsa = TestTsa::new(1);
    /// let at = UnixTime::parse_rfc3339("2027-03-01T09:00:00Z")?;
    /// let token = TimestampToken::from_der(&tsa.stamp_data(b"x", at))?;
    /// let stamp = TimestampVerifier::new(Verifier::new([tsa.root().certificate()])?).verify(&token, at)?;
    /// assert_eq!(token.tst_info().gen_time(), at);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn tst_info(&self) -> &TstInfo {
        &self.tst_info
    }

    /// The SignedData.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{TimestampToken, TimestampVerifier, UnixTime, Verifier, testkit::TestTsa};
    /// let tsa = TestTsa::new(1);
    /// let at = UnixTime::parse_rfc3339("2027-03-01T09:00:00Z")?;
    /// let token = TimestampToken::from_der(&tsa.stamp_data(b"x", at))?;
    /// let stamp = TimestampVerifier::new(Verifier::new([tsa.root().certificate()])?).verify(&token, at)?;
    /// assert_eq!(token.signed_data().signers().len(), 1);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn signed_data(&self) -> &SignedData {
        &self.signed
    }
}

/// A verified timestamp: the TSTInfo and the TSA's verified certificate.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{TimestampToken, TimestampVerifier, UnixTime, Verifier, testkit::TestTsa};
/// let tsa = TestTsa::new(1);
/// let at = UnixTime::parse_rfc3339("2027-03-01T09:00:00Z")?;
/// let token = TimestampToken::from_der(&tsa.stamp_data(b"contract", at))?;
/// let verifier = TimestampVerifier::new(Verifier::new([tsa.root().certificate()])?);
/// let now = UnixTime::parse_rfc3339("2027-12-01T00:00:00Z")?;
/// let stamp = verifier.verify_data(&token, &b"contract"[..], now).map_err(|_| jpki_core::Error::NoSigner)??;
/// assert_eq!(stamp.gen_time(), at);
/// assert_eq!(stamp.tsa_certificate().certificate().serial(), tsa.certificate().certificate().serial());
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct VerifiedTimestamp {
    tst_info: TstInfo,
    tsa: VerifiedCertificate,
}

impl VerifiedTimestamp {
    /// The TSTInfo: policy, serial, accuracy, nonce, …
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{TimestampToken, TimestampVerifier, UnixTime, Verifier, testkit::TestTsa};
    /// let tsa = TestTsa::new(1);
    /// let at = UnixTime::parse_rfc3339("2027-03-01T09:00:00Z")?;
    /// let token = TimestampToken::from_der(&tsa.stamp_data(b"x", at))?;
    /// let stamp = TimestampVerifier::new(Verifier::new([tsa.root().certificate()])?).verify(&token, at)?;
    /// assert_eq!(stamp.tst_info().policy(), jpki_core::testkit::TEST_TSA_POLICY);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn tst_info(&self) -> &TstInfo {
        &self.tst_info
    }

    /// genTime (to the second): when the TSA saw the data.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{TimestampToken, TimestampVerifier, UnixTime, Verifier, testkit::TestTsa};
    /// let tsa = TestTsa::new(1);
    /// let at = UnixTime::parse_rfc3339("2027-03-01T09:00:00Z")?;
    /// let token = TimestampToken::from_der(&tsa.stamp_data(b"x", at))?;
    /// let stamp = TimestampVerifier::new(Verifier::new([tsa.root().certificate()])?).verify(&token, at)?;
    /// assert_eq!(stamp.gen_time(), at);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn gen_time(&self) -> UnixTime {
        self.tst_info.gen_time()
    }

    /// The TSA's certificate, verified.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{TimestampToken, TimestampVerifier, UnixTime, Verifier, testkit::TestTsa};
    /// let tsa = TestTsa::new(1);
    /// let at = UnixTime::parse_rfc3339("2027-03-01T09:00:00Z")?;
    /// let token = TimestampToken::from_der(&tsa.stamp_data(b"x", at))?;
    /// let stamp = TimestampVerifier::new(Verifier::new([tsa.root().certificate()])?).verify(&token, at)?;
    /// assert_eq!(stamp.tsa_certificate().certificate(), &tsa.certificate().certificate());
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn tsa_certificate(&self) -> &VerifiedCertificate {
        &self.tsa
    }
}

/// Verifies RFC 3161 time-stamp tokens against a **separate** set of TSA trust anchors.
///
/// The `Verifier` is built by the caller from the TSA roots (never the JPKI anchors) and is
/// used with the RFC 5280 profile ([`Profile::Rfc5280`]: a TSA certificate is no JPKI
/// certificate) and [`Usage::Signing`] (keyUsage, when present, must allow
/// digitalSignature or nonRepudiation). A token is valid when: its SignedData verifies (one
/// signer, the signed attributes' rules, the signature, the TSA certificate's path at the
/// caller's time `at`, with the verifier's and the token's revocation data); the TSA
/// certificate's extendedKeyUsage is present, critical and id-kp-timeStamping only (RFC 3161
/// §2.3); its validity covers genTime; and the ESS signing-certificate-v2 (RFC 5035) or
/// signing-certificate (RFC 2634) signed attribute names it by hash (and issuerSerial, when
/// present).
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{Error, TimestampToken, TimestampVerifier, UnixTime, Verifier, testkit::{TestCa, TestTsa}};
/// let tsa = TestTsa::new(1);
/// let at = UnixTime::parse_rfc3339("2027-03-01T09:00:00Z")?;
/// let token = TimestampToken::from_der(&tsa.stamp_data(b"contract", at))?;
/// // The JPKI anchors do not vouch for a TSA.
/// let jpki = TimestampVerifier::new(Verifier::new([TestCa::new(1).signing_root().certificate()])?);
/// assert!(jpki.verify(&token, at).is_err());
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct TimestampVerifier {
    signed: SignedDataVerifier,
}

impl TimestampVerifier {
    /// A verifier of tokens whose TSA certificates chain to `tsa_verifier`'s anchors (its
    /// profile is set to [`Profile::Rfc5280`]).
    ///
    /// ```
    /// use jpki_core::{TimestampVerifier, Verifier};
    /// let _ = TimestampVerifier::new(Verifier::new([])?);
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn new(tsa_verifier: Verifier) -> Self {
        Self {
            signed: SignedDataVerifier::new(tsa_verifier.with_profile(Profile::Rfc5280))
                .with_usage(Usage::Signing),
        }
    }

    /// The same verifier with more evidence a container carries (a PDF's document security
    /// store): candidate intermediates and revocation sources for TSA certificates.
    pub(crate) fn with_evidence(
        mut self,
        certificates: Vec<crate::Certificate>,
        crls: Vec<Vec<u8>>,
        ocsp: Vec<crate::OcspResponse>,
    ) -> Self {
        self.signed = self.signed.with_evidence(certificates, crls, ocsp);
        self
    }

    /// Verifies the token itself (signature, TSA certificate, binding), not what it stamps.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Error, TimestampProblem, TimestampToken, TimestampVerifier, UnixTime, Verifier, testkit::{TestTsa, TsaFault}};
    /// let tsa = TestTsa::new(1);
    /// let at = UnixTime::parse_rfc3339("2027-03-01T09:00:00Z")?;
    /// let verifier = TimestampVerifier::new(Verifier::new([tsa.root().certificate()])?);
    /// let bad = TestTsa::with_fault(1, TsaFault::EkuNotCritical);
    /// let token = TimestampToken::from_der(&bad.stamp_data(b"x", at))?;
    /// assert_eq!(verifier.verify(&token, at).err(), Some(Error::BadTimestamp(TimestampProblem::EkuNotCritical)));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn verify(&self, token: &TimestampToken, at: UnixTime) -> Result<VerifiedTimestamp, Error> {
        let report = self.signed.verify(&token.signed, at);
        // The token's own refusals (its signature, the TSA's path, validity, revocation) are
        // a bad timestamp to whoever relies on the time.
        let verified = report.into_verified().map_err(invalid)?;
        let [signer] = verified.signers() else {
            return Err(bad(TimestampProblem::SignerCount));
        };
        let tsa = signer.certificate().clone();
        let cert = tsa.certificate();
        let eku = cert
            .extension(&oids::EXTENDED_KEY_USAGE)
            .ok_or(bad(TimestampProblem::EkuMissing))?;
        if !eku.critical {
            return Err(bad(TimestampProblem::EkuNotCritical));
        }
        if cert.extended_key_usage() != Some(&[KP_TIME_STAMPING][..]) {
            return Err(bad(TimestampProblem::EkuNotExclusive));
        }
        if !cert.validity().contains(token.tst_info.gen_time()) {
            return Err(bad(TimestampProblem::TsaNotValidAtGenTime));
        }
        let [signer_info] = token.signed.signers() else {
            return Err(bad(TimestampProblem::SignerCount));
        };
        ess::check(signer_info, cert)?;
        Ok(VerifiedTimestamp {
            tst_info: token.tst_info.clone(),
            tsa,
        })
    }

    /// Verifies the token and that its messageImprint is `digest` (computed by the caller with
    /// the token's [`hash_algorithm`](TstInfo::hash_algorithm)).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Error, TimestampProblem, TimestampToken, TimestampVerifier, UnixTime, Verifier, testkit::TestTsa};
    /// let tsa = TestTsa::new(1);
    /// let at = UnixTime::parse_rfc3339("2027-03-01T09:00:00Z")?;
    /// let token = TimestampToken::from_der(&tsa.stamp_data(b"x", at))?;
    /// let verifier = TimestampVerifier::new(Verifier::new([tsa.root().certificate()])?);
    /// assert_eq!(verifier.verify_digest(&token, &[0; 32], at).err(), Some(Error::BadTimestamp(TimestampProblem::ImprintMismatch)));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn verify_digest(
        &self,
        token: &TimestampToken,
        digest: &[u8],
        at: UnixTime,
    ) -> Result<VerifiedTimestamp, Error> {
        if token.tst_info.hashed_message() != digest {
            return Err(bad(TimestampProblem::ImprintMismatch));
        }
        self.verify(token, at)
    }

    /// Verifies a bare token over data read from `data` (streamed through the token's hash
    /// algorithm: memory does not grow with the data). An I/O error is returned as such; a
    /// SHA-1 imprint is refused ([`Error::UnsupportedAlgorithm`]).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Error, TimestampProblem, TimestampToken, TimestampVerifier, UnixTime, Verifier, testkit::TestTsa};
    /// let tsa = TestTsa::new(1);
    /// let at = UnixTime::parse_rfc3339("2027-03-01T09:00:00Z")?;
    /// let token = TimestampToken::from_der(&tsa.stamp_data(b"scanned receipt", at))?;
    /// let verifier = TimestampVerifier::new(Verifier::new([tsa.root().certificate()])?);
    /// let other = verifier.verify_data(&token, &b"altered receipt"[..], at).map_err(|_| Error::NoSigner)?;
    /// assert_eq!(other.err(), Some(Error::BadTimestamp(TimestampProblem::ImprintMismatch)));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn verify_data(
        &self,
        token: &TimestampToken,
        data: impl Read,
        at: UnixTime,
    ) -> std::io::Result<Result<VerifiedTimestamp, Error>> {
        let alg = token.tst_info.hash_algorithm();
        let Some(mut hasher) = Hasher::new(alg) else {
            return Ok(Err(Error::UnsupportedAlgorithm(alg.oid())));
        };
        read_into(data, 16 * 1024, |chunk| hasher.update(chunk))?;
        Ok(self.verify_digest(token, &hasher.finish(), at))
    }
}

/// A refusal met while verifying a token, as a timestamp refusal.
pub(crate) fn invalid(e: Error) -> Error {
    match e {
        Error::BadTimestamp(_) | Error::InvalidTimestamp(_) => e,
        other => Error::InvalidTimestamp(Box::new(other)),
    }
}

//! What the test CA hands out: issued certificates with their keys, and holder specifications.

use super::PrivateKey;
use super::keys::KeyType;
use crate::{BasicFourInfo, Certificate, DateOfBirth, SerialNumber, Sex, UnixTime};

/// A certificate issued by the test CA, with its private key.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{Certificate, testkit::{HolderSpec, TestCa}};
/// let issued = TestCa::new(1).issue_signing(&HolderSpec::example());
/// assert_eq!(Certificate::from_pem(issued.to_pem().as_bytes())?, [issued.certificate()]);
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct IssuedCert {
    /// The DER.
    pub der: Vec<u8>,
    /// The serial number.
    pub serial: SerialNumber,
    /// The subject's private key.
    pub private_key: PrivateKey,
}

impl IssuedCert {
    /// PEM text of the certificate.
    ///
    /// ```
    /// use jpki_core::{Certificate, testkit::{HolderSpec, TestCa}};
    /// let issued = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// let pem = issued.to_pem();
    /// assert!(pem.starts_with("-----BEGIN CERTIFICATE-----\n"));
    /// assert_eq!(Certificate::from_der_or_pem(pem.as_bytes())?, issued.certificate());
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn to_pem(&self) -> String {
        crate::pem::encode("CERTIFICATE", &self.der)
    }

    /// The parsed certificate.
    ///
    /// ```
    /// use jpki_core::{CertificateKind, testkit::{HolderSpec, TestCa}};
    /// let issued = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// assert_eq!(issued.certificate().kind()?, CertificateKind::Signing);
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn certificate(&self) -> Certificate {
        match Certificate::from_der(&self.der) {
            Ok(c) => c,
            Err(e) => panic!("testkit issued a certificate the parser refuses: {e}"),
        }
    }
}

/// A holder's pair of certificates, as written to one card.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::testkit::{HolderSpec, TestCa};
/// let pair = TestCa::new(1).issue_pair(&HolderSpec::example());
/// // The holder's private keys come back, so a test can sign as the card would.
/// let signature = pair.user_authentication.private_key.sign(b"login challenge");
/// assert!(!signature.is_empty());
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct HolderPair {
    /// 署名用電子証明書.
    pub signing: IssuedCert,
    /// 利用者証明用電子証明書.
    pub user_authentication: IssuedCert,
}

/// What to issue for one holder.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::testkit::{HolderSpec, KeyType, TestCa};
/// let spec = HolderSpec::example().with_key_type(KeyType::EcdsaP256).with_serials(1001, 1002);
/// let pair = TestCa::new(1).issue_pair(&spec);
/// assert_eq!(pair.signing.serial.to_decimal(), "1001");
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct HolderSpec {
    /// The basic four items for the signing certificate.
    pub basic_four: BasicFourInfo,
    /// The holder's key algorithm (both certificates).
    pub key_type: KeyType,
    /// Serial of the signing certificate.
    pub signing_serial: SerialNumber,
    /// Serial of the user-authentication certificate.
    pub user_authentication_serial: SerialNumber,
    /// notBefore of both certificates.
    pub not_before: UnixTime,
    /// notAfter of both certificates.
    pub not_after: UnixTime,
    /// Prefecture and municipality (romanised), for the subject's `L` attributes and the
    /// CRL partition.
    pub locality: (String, String),
    /// Which root generation issues (0 = the oldest); `None` = the newest.
    pub generation: Option<usize>,
}

/// Japan-time midnight of a date, as a UTC instant (JST = UTC+9).
pub(super) fn jst(year: u16, month: u8, day: u8, hour: u8, minute: u8, second: u8) -> UnixTime {
    let s = format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}+09:00");
    match UnixTime::parse_rfc3339(&s) {
        Ok(t) => t,
        Err(e) => panic!("testkit: bad date {s}: {e}"),
    }
}

impl HolderSpec {
    /// An example holder: 佐藤　花子, born 1990-07-15 (平成 2), living in 東京都千代田区, whose
    /// certificates were issued on 2026-01-05 (00:00 JST) and run to 23:59:59 JST on her fifth
    /// birthday after issue, 2031-07-15, as the profile aligns notAfter with birthdays.
    ///
    /// ```
    /// use jpki_core::testkit::HolderSpec;
    /// let spec = HolderSpec::example();
    /// assert_eq!(spec.basic_four.name(), "佐藤\u{3000}花子");
    /// assert_eq!(spec.signing_serial.to_decimal(), "20260105000001");
    /// assert_eq!(spec.not_after.to_rfc3339(), "2031-07-15T14:59:59Z"); // 23:59:59 JST
    /// ```
    pub fn example() -> Self {
        let dob = DateOfBirth::parse("419900715").unwrap_or_else(|e| panic!("{e}"));
        let info = BasicFourInfo::new(
            "佐藤\u{3000}花子",
            dob,
            Sex::Female,
            "東京都千代田区霞が関二丁目１番２号",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        Self {
            basic_four: info,
            key_type: KeyType::Rsa2048,
            signing_serial: SerialNumber::from_u64(20_260_105_000_001)
                .unwrap_or_else(|e| panic!("{e}")),
            user_authentication_serial: SerialNumber::from_u64(20_260_105_000_002)
                .unwrap_or_else(|e| panic!("{e}")),
            not_before: jst(2026, 1, 5, 0, 0, 0),
            not_after: jst(2031, 7, 15, 23, 59, 59),
            locality: ("Tokyo-to".into(), "Chiyoda-ku".into()),
            generation: None,
        }
    }

    /// The same spec with other serials.
    ///
    /// ```
    /// use jpki_core::testkit::{HolderSpec, TestCa};
    /// let spec = HolderSpec::example().with_serials(101, 102);
    /// let pair = TestCa::new(1).issue_pair(&spec);
    /// assert_eq!(pair.signing.serial.to_decimal(), "101");
    /// assert_eq!(pair.user_authentication.serial.to_decimal(), "102");
    /// ```
    pub fn with_serials(mut self, signing: u64, user_authentication: u64) -> Self {
        self.signing_serial = SerialNumber::from_u64(signing).unwrap_or_else(|e| panic!("{e}"));
        self.user_authentication_serial =
            SerialNumber::from_u64(user_authentication).unwrap_or_else(|e| panic!("{e}"));
        self
    }

    /// The same spec with another key type.
    ///
    /// ```
    /// use jpki_core::{KeyAlgorithm, testkit::{HolderSpec, KeyType, TestCa}};
    /// let spec = HolderSpec::example().with_key_type(KeyType::EcdsaP256);
    /// let cert = TestCa::new(1).issue_user_authentication(&spec).certificate();
    /// assert_eq!(cert.key_algorithm(), KeyAlgorithm::EcdsaP256);
    /// ```
    pub fn with_key_type(mut self, key_type: KeyType) -> Self {
        self.key_type = key_type;
        self
    }

    /// The same spec with another validity period.
    ///
    /// ```
    /// use jpki_core::{Error, Usage, UnixTime, Verifier, testkit::{HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let from = UnixTime::parse_rfc3339("2020-01-01T00:00:00Z")?;
    /// let to = UnixTime::parse_rfc3339("2021-01-01T00:00:00Z")?;
    /// let old = ca.issue_signing(&HolderSpec::example().with_validity(from, to)).certificate();
    /// let verifier = Verifier::new([ca.signing_root().certificate()])?;
    /// let now = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// assert!(matches!(verifier.verify(&old, Usage::Signing, now), Err(Error::Expired { .. })));
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn with_validity(mut self, not_before: UnixTime, not_after: UnixTime) -> Self {
        self.not_before = not_before;
        self.not_after = not_after;
        self
    }

    /// The example holder on a next-generation card issued on 2028-04-01: ECDSA P-384 keys
    /// and the certificates valid until the 10th birthday after issue
    /// ([`HolderSpec::with_next_generation_card`]).
    ///
    /// ```
    /// use jpki_core::{KeyAlgorithm, UnixTime, testkit::{HolderSpec, TestCa}};
    /// let spec = HolderSpec::next_generation_example();
    /// let cert = TestCa::builder(1).next_generation().build().issue_signing(&spec).certificate();
    /// assert_eq!(cert.key_algorithm(), KeyAlgorithm::EcdsaP384);
    /// assert_eq!(cert.validity().not_after, UnixTime::parse_rfc3339("2038-07-15T23:59:59+09:00")?);
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn next_generation_example() -> Self {
        Self::example()
            .with_serials(20_280_401_000_001, 20_280_401_000_002)
            .with_next_generation_card(2028, 4, 1)
    }

    /// The same holder on a next-generation card issued on `year`-`month`-`day` (JST): ECDSA
    /// P-384 keys, valid from that day through the holder's birthday in the 10th year after
    /// issue, or the 5th for a holder under 18 at issue (the plan for the
    /// next-generation card: 10 years, 5 for minors, aligned with birthdays as today).
    ///
    /// ```
    /// use jpki_core::{BasicFourInfo, DateOfBirth, Era, Sex, UnixTime, testkit::HolderSpec};
    /// let minor = BasicFourInfo::new("山田\u{3000}太郎", DateOfBirth::new(Era::Heisei, 2015, 3, 3)?, Sex::Male, "大阪府大阪市北区中之島一丁目３番２０号")?;
    /// let mut spec = HolderSpec::example();
    /// spec.basic_four = minor;
    /// let spec = spec.with_next_generation_card(2028, 4, 1);
    /// // 13 at issue: 5 years, through the birthday.
    /// assert_eq!(spec.not_after, UnixTime::parse_rfc3339("2033-03-03T23:59:59+09:00")?);
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn with_next_generation_card(mut self, year: u16, month: u8, day: u8) -> Self {
        let dob = self.basic_four.date_of_birth();
        // Unknown parts of a date of birth (zeros) count as January and the 1st.
        let (by, bm, bd) = (
            dob.year().unwrap_or(year),
            dob.month().unwrap_or(1),
            dob.day().unwrap_or(1),
        );
        let had_birthday = (month, day) >= (bm, bd);
        let age = year
            .saturating_sub(by)
            .saturating_sub(u16::from(!had_birthday));
        let years = if age < 18 { 5 } else { 10 };
        self.key_type = KeyType::EcdsaP384;
        self.not_before = jst(year, month, day, 0, 0, 0);
        // Valid through that birthday, as today's certificates are.
        self.not_after = jst(year + years, bm, bd, 23, 59, 59);
        self
    }
}

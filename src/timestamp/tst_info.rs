//! The TSTInfo of a time-stamp token (RFC 3161 §2.4.2), parsed strictly.

use der::{Decode, Encode};

use super::asn1;
use super::{MAX_GEN_TIME_FRACTION_DIGITS, MAX_TST_INFO_EXTENSIONS, MAX_TST_INFO_SIZE};
use crate::signed::asn1::elements;
use crate::{
    DerContext, DigestAlgorithm, Error, Limited, Oid, SerialNumber, TimestampProblem, UnixTime,
};

/// The accuracy a TSA claims for genTime (RFC 3161 §2.4.2): genTime ± this.
///
/// ```
/// use jpki_core::TimestampAccuracy;
/// let a = TimestampAccuracy { seconds: 1, millis: 500, micros: 0 };
/// assert_eq!(a.as_micros(), 1_500_000);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct TimestampAccuracy {
    /// Whole seconds.
    pub seconds: u32,
    /// Milliseconds, 0 to 999 (0: absent).
    pub millis: u16,
    /// Microseconds, 0 to 999 (0: absent).
    pub micros: u16,
}

impl TimestampAccuracy {
    /// The accuracy in microseconds.
    ///
    /// ```
    /// use jpki_core::TimestampAccuracy;
    /// assert_eq!(TimestampAccuracy { seconds: 0, millis: 0, micros: 7 }.as_micros(), 7);
    /// ```
    pub fn as_micros(&self) -> u64 {
        u64::from(self.seconds) * 1_000_000
            + u64::from(self.millis) * 1_000
            + u64::from(self.micros)
    }
}

/// A TSTInfo (RFC 3161 §2.4.2): what a TSA asserts — this digest existed at genTime.
///
/// Parsed strictly: version 1; a messageImprint whose length is its hash's output (SHA-1,
/// SHA-256, SHA-384, SHA-512); a positive serialNumber of at most 160 bits; genTime as DER
/// GeneralizedTime (`Z`, fractional seconds without trailing zeros, at most
/// [`MAX_GEN_TIME_FRACTION_DIGITS`](crate::MAX_GEN_TIME_FRACTION_DIGITS) digits); accuracy's
/// millis and micros 1 to 999; ordering absent or TRUE (FALSE is the DEFAULT and DER omits it);
/// no critical extension, at most [`MAX_TST_INFO_EXTENSIONS`](crate::MAX_TST_INFO_EXTENSIONS).
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{DigestAlgorithm, TstInfo, UnixTime, testkit::TstInfoSpec};
/// let at = UnixTime::parse_rfc3339("2027-03-01T09:00:00Z")?;
/// let der = TstInfoSpec::new(DigestAlgorithm::Sha256, vec![7; 32], at).to_der();
/// let tst = TstInfo::from_der(&der)?;
/// assert_eq!(tst.gen_time(), at);
/// assert_eq!(tst.hash_algorithm(), DigestAlgorithm::Sha256);
/// assert_eq!(tst.hashed_message(), &[7u8; 32][..]);
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TstInfo {
    policy: Oid,
    hash_algorithm: DigestAlgorithm,
    hashed_message: Vec<u8>,
    serial: SerialNumber,
    gen_time: UnixTime,
    gen_time_nanos: u32,
    accuracy: Option<TimestampAccuracy>,
    ordering: bool,
    nonce: Option<Vec<u8>>,
    tsa_name: Option<Vec<u8>>,
}

fn bad(problem: TimestampProblem) -> Error {
    Error::BadTimestamp(problem)
}

impl TstInfo {
    /// Parses a DER TSTInfo (the eContent of a time-stamp token).
    ///
    /// ```
    /// use jpki_core::{Error, TstInfo};
    /// assert!(matches!(TstInfo::from_der(&[0x30, 0x00]), Err(Error::BadDer { .. })));
    /// ```
    pub fn from_der(der: &[u8]) -> Result<Self, Error> {
        Error::at_most(Limited::TstInfo, der.len(), MAX_TST_INFO_SIZE)?;
        let raw = asn1::TstInfo::from_der(der).map_err(Error::der_in(DerContext::TstInfo))?;
        if raw.version.as_bytes() != [1] {
            return Err(bad(TimestampProblem::Version));
        }
        let hash_algorithm = DigestAlgorithm::identify(&raw.message_imprint.hash_algorithm);
        let hashed_message = raw.message_imprint.hashed_message.as_bytes().to_vec();
        let expected = match hash_algorithm {
            DigestAlgorithm::Sha1 => 20,
            DigestAlgorithm::Sha256 => 32,
            DigestAlgorithm::Sha384 => 48,
            DigestAlgorithm::Sha512 => 64,
            other => return Err(Error::UnsupportedAlgorithm(other.oid())),
        };
        if hashed_message.len() != expected {
            return Err(bad(TimestampProblem::ImprintLength));
        }
        let serial_bytes = raw.serial_number.as_bytes();
        if serial_bytes.first().is_some_and(|b| b & 0x80 != 0) {
            return Err(bad(TimestampProblem::Serial));
        }
        let serial =
            SerialNumber::from_be_bytes(serial_bytes).map_err(|_| bad(TimestampProblem::Serial))?;
        let (gen_time, gen_time_nanos) = parse_gen_time(raw.gen_time.0)?;
        let accuracy = raw.accuracy.map(check_accuracy).transpose()?;
        let ordering = match raw.ordering {
            Some(false) => return Err(bad(TimestampProblem::OrderingFalseEncoded)),
            Some(true) => true,
            None => false,
        };
        if let Some(extensions) = raw.extensions {
            let list = elements(extensions.0, MAX_TST_INFO_EXTENSIONS)
                .map_err(Error::der_in(DerContext::TstInfo))?
                .map_err(|size| Error::TooLarge {
                    what: Limited::TstInfoExtensions,
                    size,
                    limit: MAX_TST_INFO_EXTENSIONS,
                })?;
            for ext in list {
                let ext = x509_cert::ext::Extension::from_der(ext)
                    .map_err(Error::der_in(DerContext::TstInfo))?;
                if ext.critical {
                    return Err(bad(TimestampProblem::CriticalExtension));
                }
            }
        }
        let tsa_name = raw
            .tsa
            .map(|name| name.to_der())
            .transpose()
            .map_err(Error::der_in(DerContext::TstInfo))?;
        Ok(Self {
            policy: Oid(raw.policy),
            hash_algorithm,
            hashed_message,
            serial,
            gen_time,
            gen_time_nanos,
            accuracy,
            ordering,
            nonce: raw.nonce.map(|n| n.as_bytes().to_vec()),
            tsa_name,
        })
    }

    /// The TSA's policy under which the token was issued.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{DigestAlgorithm, TstInfo, UnixTime, testkit::{TEST_TSA_POLICY, TstInfoSpec}};
    /// let der = TstInfoSpec::new(DigestAlgorithm::Sha256, vec![0; 32], UnixTime::from_unix_seconds(1_800_000_000)).to_der();
    /// assert_eq!(TstInfo::from_der(&der)?.policy(), TEST_TSA_POLICY);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn policy(&self) -> Oid {
        self.policy
    }

    /// The hash algorithm of the messageImprint.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{DigestAlgorithm, TimestampToken, TstInfo, UnixTime, testkit::{TestTsa, TstInfoSpec}};
    /// let at = UnixTime::parse_rfc3339("2027-03-01T09:00:00Z")?;
    /// let mut spec = TstInfoSpec::new(DigestAlgorithm::Sha256, vec![3; 32], at);
    /// spec.accuracy = Some((Some(1), None, None));
    /// spec.nonce = Some(vec![0x42; 16]);
    /// assert_eq!(TstInfo::from_der(&spec.to_der())?.hash_algorithm(), DigestAlgorithm::Sha256);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn hash_algorithm(&self) -> DigestAlgorithm {
        self.hash_algorithm
    }

    /// The messageImprint's hashedMessage: the digest that was time-stamped.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{DigestAlgorithm, TimestampToken, TstInfo, UnixTime, testkit::{TestTsa, TstInfoSpec}};
    /// let at = UnixTime::parse_rfc3339("2027-03-01T09:00:00Z")?;
    /// let mut spec = TstInfoSpec::new(DigestAlgorithm::Sha256, vec![3; 32], at);
    /// spec.accuracy = Some((Some(1), None, None));
    /// spec.nonce = Some(vec![0x42; 16]);
    /// assert_eq!(TstInfo::from_der(&spec.to_der())?.hashed_message(), &[3u8; 32][..]);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn hashed_message(&self) -> &[u8] {
        &self.hashed_message
    }

    /// The token's serial number (unique per TSA).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{DigestAlgorithm, TimestampToken, TstInfo, UnixTime, testkit::{TestTsa, TstInfoSpec}};
    /// let at = UnixTime::parse_rfc3339("2027-03-01T09:00:00Z")?;
    /// let mut spec = TstInfoSpec::new(DigestAlgorithm::Sha256, vec![3; 32], at);
    /// spec.accuracy = Some((Some(1), None, None));
    /// spec.nonce = Some(vec![0x42; 16]);
    /// assert_eq!(TstInfo::from_der(&spec.to_der())?.serial().as_bytes(), [1]);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn serial(&self) -> SerialNumber {
        self.serial
    }

    /// genTime, to the second (the fraction is [`gen_time_nanos`](Self::gen_time_nanos)).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{DigestAlgorithm, TimestampToken, TstInfo, UnixTime, testkit::{TestTsa, TstInfoSpec}};
    /// let at = UnixTime::parse_rfc3339("2027-03-01T09:00:00Z")?;
    /// let mut spec = TstInfoSpec::new(DigestAlgorithm::Sha256, vec![3; 32], at);
    /// spec.accuracy = Some((Some(1), None, None));
    /// spec.nonce = Some(vec![0x42; 16]);
    /// assert_eq!(TstInfo::from_der(&spec.to_der())?.gen_time(), at);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn gen_time(&self) -> UnixTime {
        self.gen_time
    }

    /// The fractional part of genTime, in nanoseconds.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{DigestAlgorithm, TstInfo, UnixTime, testkit::TstInfoSpec};
    /// let mut spec = TstInfoSpec::new(DigestAlgorithm::Sha256, vec![0; 32], UnixTime::from_unix_seconds(1_800_000_000));
    /// spec.gen_time_text = Some("20270115080000.25Z".into());
    /// assert_eq!(TstInfo::from_der(&spec.to_der())?.gen_time_nanos(), 250_000_000);
    /// spec.gen_time_text = Some("20270115080000.250Z".into()); // trailing zero: not DER
    /// assert!(TstInfo::from_der(&spec.to_der()).is_err());
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn gen_time_nanos(&self) -> u32 {
        self.gen_time_nanos
    }

    /// The accuracy claimed for genTime, when given.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{DigestAlgorithm, TimestampToken, TstInfo, UnixTime, testkit::{TestTsa, TstInfoSpec}};
    /// let at = UnixTime::parse_rfc3339("2027-03-01T09:00:00Z")?;
    /// let mut spec = TstInfoSpec::new(DigestAlgorithm::Sha256, vec![3; 32], at);
    /// spec.accuracy = Some((Some(1), None, None));
    /// spec.nonce = Some(vec![0x42; 16]);
    /// assert_eq!(TstInfo::from_der(&spec.to_der())?.accuracy().map(|a| a.as_micros()), Some(1_000_000));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn accuracy(&self) -> Option<TimestampAccuracy> {
        self.accuracy
    }

    /// ordering (RFC 3161 §2.4.2): TRUE when tokens of this TSA can be ordered by genTime alone.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{DigestAlgorithm, TimestampToken, TstInfo, UnixTime, testkit::{TestTsa, TstInfoSpec}};
    /// let at = UnixTime::parse_rfc3339("2027-03-01T09:00:00Z")?;
    /// let mut spec = TstInfoSpec::new(DigestAlgorithm::Sha256, vec![3; 32], at);
    /// spec.accuracy = Some((Some(1), None, None));
    /// spec.nonce = Some(vec![0x42; 16]);
    /// assert!(!TstInfo::from_der(&spec.to_der())?.ordering());
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn ordering(&self) -> bool {
        self.ordering
    }

    /// The nonce's INTEGER content octets, when the request carried one.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{DigestAlgorithm, TimestampToken, TstInfo, UnixTime, testkit::{TestTsa, TstInfoSpec}};
    /// let at = UnixTime::parse_rfc3339("2027-03-01T09:00:00Z")?;
    /// let mut spec = TstInfoSpec::new(DigestAlgorithm::Sha256, vec![3; 32], at);
    /// spec.accuracy = Some((Some(1), None, None));
    /// spec.nonce = Some(vec![0x42; 16]);
    /// assert_eq!(TstInfo::from_der(&spec.to_der())?.nonce(), Some(&[0x42u8; 16][..]));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn nonce(&self) -> Option<&[u8]> {
        self.nonce.as_deref()
    }

    /// The tsa field's GeneralName, DER (the `[0]` wrapper removed), when present.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{DigestAlgorithm, TimestampToken, TstInfo, UnixTime, testkit::{TestTsa, TstInfoSpec}};
    /// let at = UnixTime::parse_rfc3339("2027-03-01T09:00:00Z")?;
    /// let mut spec = TstInfoSpec::new(DigestAlgorithm::Sha256, vec![3; 32], at);
    /// spec.accuracy = Some((Some(1), None, None));
    /// spec.nonce = Some(vec![0x42; 16]);
    /// assert_eq!(TstInfo::from_der(&spec.to_der())?.tsa_name_der(), None);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn tsa_name_der(&self) -> Option<&[u8]> {
        self.tsa_name.as_deref()
    }
}

fn check_accuracy(a: asn1::Accuracy) -> Result<TimestampAccuracy, Error> {
    let in_range = |v: Option<u16>| v.is_none_or(|v| (1..=999).contains(&v));
    if !in_range(a.millis) || !in_range(a.micros) {
        return Err(bad(TimestampProblem::Accuracy));
    }
    Ok(TimestampAccuracy {
        seconds: a.seconds.unwrap_or(0),
        millis: a.millis.unwrap_or(0),
        micros: a.micros.unwrap_or(0),
    })
}

/// `YYYYMMDDhhmmss[.f...]Z`, DER: no trailing zero in the fraction, no empty fraction.
fn parse_gen_time(text: &[u8]) -> Result<(UnixTime, u32), Error> {
    let err = || bad(TimestampProblem::GenTime);
    let (body, zulu) = text
        .split_at_checked(text.len().wrapping_sub(1))
        .ok_or_else(err)?;
    if zulu != b"Z" {
        return Err(err());
    }
    let (whole, fraction) = body.split_at_checked(14).ok_or_else(err)?;
    if !whole.iter().all(u8::is_ascii_digit) {
        return Err(err());
    }
    let num = |r: core::ops::Range<usize>| -> u32 {
        whole
            .get(r)
            .unwrap_or_default()
            .iter()
            .fold(0, |n, d| n * 10 + u32::from(d - b'0'))
    };
    let nanos = match fraction.split_first() {
        None => 0,
        Some((b'.', digits)) => {
            if digits.is_empty()
                || digits.len() > MAX_GEN_TIME_FRACTION_DIGITS
                || digits.last() == Some(&b'0')
                || !digits.iter().all(u8::is_ascii_digit)
            {
                return Err(err());
            }
            let value = digits
                .iter()
                .fold(0u32, |n, d| n * 10 + u32::from(d - b'0'));
            let scale = 10u32.pow(u32::try_from(9 - digits.len()).map_err(|_| err())?);
            value * scale
        }
        Some(_) => return Err(err()),
    };
    let year = u16::try_from(num(0..4)).map_err(|_| err())?;
    let part = |r| u8::try_from(num(r)).map_err(|_| err());
    let dt = der::DateTime::new(
        year,
        part(4..6)?,
        part(6..8)?,
        part(8..10)?,
        part(10..12)?,
        part(12..14)?,
    )
    .map_err(|_| err())?;
    Ok((UnixTime::from_datetime(&dt), nanos))
}

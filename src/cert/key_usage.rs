//! keyUsage (RFC 5280 §4.2.1.3): the bits, and their strict DER decoding.

use der::Decode;
use der::asn1::BitStringRef;

/// The keyUsage bits (RFC 5280 §4.2.1.3).
///
/// ```
/// use jpki_core::KeyUsage;
/// let ku = KeyUsage::DIGITAL_SIGNATURE | KeyUsage::NON_REPUDIATION;
/// assert!(ku.contains(KeyUsage::NON_REPUDIATION));
/// assert!(!ku.contains(KeyUsage::KEY_CERT_SIGN));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct KeyUsage(u16);

impl KeyUsage {
    /// digitalSignature (bit 0).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{KeyUsage, testkit::{HolderSpec, TestCa}};
    /// let cert = TestCa::new(1).issue_user_authentication(&HolderSpec::example()).certificate();
    /// assert_eq!(cert.key_usage(), Some(KeyUsage::DIGITAL_SIGNATURE));
    /// # }
    /// ```
    pub const DIGITAL_SIGNATURE: Self = Self(1 << 0);
    /// nonRepudiation / contentCommitment (bit 1).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{KeyUsage, testkit::{HolderSpec, TestCa}};
    /// // Signing certificates carry digitalSignature and nonRepudiation.
    /// let cert = TestCa::new(1).issue_signing(&HolderSpec::example()).certificate();
    /// assert!(cert.key_usage().is_some_and(|ku| ku.contains(KeyUsage::NON_REPUDIATION)));
    /// # }
    /// ```
    pub const NON_REPUDIATION: Self = Self(1 << 1);
    /// keyEncipherment (bit 2).
    ///
    /// ```
    /// use jpki_core::KeyUsage;
    /// assert_eq!(KeyUsage::KEY_ENCIPHERMENT.bits(), 1 << 2);
    /// ```
    pub const KEY_ENCIPHERMENT: Self = Self(1 << 2);
    /// dataEncipherment (bit 3).
    ///
    /// ```
    /// use jpki_core::KeyUsage;
    /// assert_eq!(KeyUsage::DATA_ENCIPHERMENT.bits(), 1 << 3);
    /// ```
    pub const DATA_ENCIPHERMENT: Self = Self(1 << 3);
    /// keyAgreement (bit 4).
    ///
    /// ```
    /// use jpki_core::KeyUsage;
    /// assert_eq!(KeyUsage::KEY_AGREEMENT.bits(), 1 << 4);
    /// ```
    pub const KEY_AGREEMENT: Self = Self(1 << 4);
    /// keyCertSign (bit 5).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{KeyUsage, testkit::TestCa};
    /// let root = TestCa::new(1).signing_root().certificate();
    /// assert!(root.key_usage().is_some_and(|ku| ku.contains(KeyUsage::KEY_CERT_SIGN)));
    /// # }
    /// ```
    pub const KEY_CERT_SIGN: Self = Self(1 << 5);
    /// cRLSign (bit 6).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{KeyUsage, testkit::TestCa};
    /// let root = TestCa::new(1).signing_root().certificate();
    /// assert!(root.key_usage().is_some_and(|ku| ku.contains(KeyUsage::CRL_SIGN)));
    /// # }
    /// ```
    pub const CRL_SIGN: Self = Self(1 << 6);
    /// encipherOnly (bit 7).
    ///
    /// ```
    /// use jpki_core::KeyUsage;
    /// assert_eq!(KeyUsage::ENCIPHER_ONLY.bits(), 1 << 7);
    /// ```
    pub const ENCIPHER_ONLY: Self = Self(1 << 7);
    /// decipherOnly (bit 8).
    ///
    /// ```
    /// use jpki_core::KeyUsage;
    /// assert_eq!(KeyUsage::DECIPHER_ONLY.bits(), 1 << 8);
    /// ```
    pub const DECIPHER_ONLY: Self = Self(1 << 8);

    /// Whether every bit of `other` is set here.
    ///
    /// ```
    /// use jpki_core::KeyUsage;
    /// let ku = KeyUsage::DIGITAL_SIGNATURE | KeyUsage::NON_REPUDIATION;
    /// assert!(ku.contains(KeyUsage::DIGITAL_SIGNATURE));
    /// assert!(!ku.contains(KeyUsage::DIGITAL_SIGNATURE | KeyUsage::KEY_CERT_SIGN));
    /// ```
    pub const fn contains(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }

    /// The bits as a number (bit n of the ASN.1 BIT STRING is `1 << n`).
    ///
    /// ```
    /// use jpki_core::KeyUsage;
    /// assert_eq!((KeyUsage::KEY_CERT_SIGN | KeyUsage::CRL_SIGN).bits(), 0b110_0000);
    /// ```
    pub const fn bits(self) -> u16 {
        self.0
    }

    /// From bits (bit n of the ASN.1 BIT STRING is `1 << n`); bits above 8 are dropped.
    ///
    /// ```
    /// use jpki_core::KeyUsage;
    /// assert_eq!(KeyUsage::from_bits(0b11), KeyUsage::DIGITAL_SIGNATURE | KeyUsage::NON_REPUDIATION);
    /// assert_eq!(KeyUsage::from_bits(1 << 9).bits(), 0); // beyond decipherOnly: dropped
    /// ```
    pub const fn from_bits(bits: u16) -> Self {
        Self(bits & 0x1ff)
    }

    /// Decodes a keyUsage value: DER (no trailing zero bits), at least one bit, none past
    /// decipherOnly.
    pub(super) fn decode(value: &[u8]) -> Result<Self, crate::ExtensionProblem> {
        let bits = BitStringRef::from_der(value)
            .map_err(|_| crate::ExtensionProblem::KeyUsageNotBitString)?;
        let mut out = 0u16;
        for (i, bit) in bits.bits().enumerate() {
            if bit {
                if i > 8 {
                    return Err(crate::ExtensionProblem::KeyUsageUnknownBit);
                }
                out |= 1 << i;
            }
        }
        if out == 0 {
            return Err(crate::ExtensionProblem::KeyUsageEmpty);
        }
        if !bits.bits().last().unwrap_or(false) {
            return Err(crate::ExtensionProblem::KeyUsageTrailingZeros);
        }
        Ok(Self(out))
    }
}

impl core::ops::BitOr for KeyUsage {
    type Output = Self;
    fn bitor(self, rhs: Self) -> Self {
        Self(self.0 | rhs.0)
    }
}

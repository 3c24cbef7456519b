//! Certificate serial numbers.

use core::fmt;

use crate::Error;

/// The largest serial number RFC 5280 allows, in octets.
///
/// ```
/// use jpki_core::{MAX_SERIAL_OCTETS, SerialNumber};
/// assert!(SerialNumber::from_be_bytes(&[0x7f; MAX_SERIAL_OCTETS]).is_ok());
/// assert!(SerialNumber::from_be_bytes(&[0x7f; MAX_SERIAL_OCTETS + 1]).is_err());
/// ```
pub const MAX_SERIAL_OCTETS: usize = 20;

/// A certificate serial number: a positive integer of at most 20 octets.
///
/// Stored normalised (big-endian magnitude without leading zero octets), so that two serials
/// compare equal exactly when the integers are equal, whatever padding the encoder used. JPKI
/// quotes serials in decimal; [`SerialNumber::to_decimal`] gives that form, `Display` gives
/// lowercase hexadecimal without leading zeros.
///
/// ```
/// use jpki_core::SerialNumber;
/// let s = SerialNumber::from_decimal("1234567")?;
/// assert_eq!(s.to_string(), "12d687");
/// assert_eq!(s, SerialNumber::from_be_bytes(&[0x00, 0x12, 0xd6, 0x87])?);
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SerialNumber {
    // Right-aligned magnitude: the integer is `bytes[MAX - len..]`. Ordering on (len, bytes)
    // equals numeric ordering because the magnitude has no leading zeros.
    len: u8,
    bytes: [u8; MAX_SERIAL_OCTETS],
}

impl SerialNumber {
    /// A serial from big-endian magnitude bytes (leading zeros allowed and dropped).
    ///
    /// ```
    /// use jpki_core::SerialNumber;
    /// let serial = SerialNumber::from_be_bytes(&[0x00, 0x01, 0x00])?;
    /// assert_eq!(serial.as_bytes(), [0x01, 0x00]); // leading zeros dropped
    /// assert!(SerialNumber::from_be_bytes(&[0, 0]).is_err()); // zero is not a serial
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn from_be_bytes(bytes: &[u8]) -> Result<Self, Error> {
        let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
        let magnitude = bytes.get(start..).unwrap_or_default();
        if magnitude.is_empty() {
            return Err(Error::ZeroSerial);
        }
        if magnitude.len() > MAX_SERIAL_OCTETS {
            return Err(Error::SerialTooLong(magnitude.len()));
        }
        let mut out = [0u8; MAX_SERIAL_OCTETS];
        let offset = MAX_SERIAL_OCTETS - magnitude.len();
        for (dst, src) in out.iter_mut().skip(offset).zip(magnitude) {
            *dst = *src;
        }
        Ok(Self {
            len: magnitude.len() as u8,
            bytes: out,
        })
    }

    /// A serial from the content octets of a DER INTEGER (two's complement, minimal).
    ///
    /// Negative values, zero and values over 20 octets are refused.
    pub(crate) fn from_der_integer(content: &[u8]) -> Result<Self, Error> {
        match content.first() {
            Some(b) if b & 0x80 != 0 => return Err(Error::NegativeSerial),
            None => return Err(Error::ZeroSerial),
            _ => {}
        }
        // RFC 5280 counts the encoded octets, including a sign-preserving 0x00.
        if content.len() > MAX_SERIAL_OCTETS {
            return Err(Error::SerialTooLong(content.len()));
        }
        Self::from_be_bytes(content)
    }

    /// A serial from a `u64`.
    ///
    /// ```
    /// use jpki_core::SerialNumber;
    /// assert_eq!(SerialNumber::from_u64(255)?.to_hex(), "ff");
    /// assert!(SerialNumber::from_u64(0).is_err());
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn from_u64(n: u64) -> Result<Self, Error> {
        Self::from_be_bytes(&n.to_be_bytes())
    }

    /// Parses decimal digits (as JPKI serials are quoted).
    ///
    /// ```
    /// use jpki_core::SerialNumber;
    /// let serial = SerialNumber::from_decimal("20260105000001")?;
    /// assert_eq!(serial, SerialNumber::from_u64(20_260_105_000_001)?);
    /// assert!(SerialNumber::from_decimal("12a").is_err());
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn from_decimal(s: &str) -> Result<Self, Error> {
        let bad = || Error::BadDer {
            context: crate::DerContext::DecimalSerial,
            problem: crate::DerProblem::InvalidValue,
        };
        if s.is_empty() || s.len() > 60 {
            return Err(bad());
        }
        // Multiply-and-add into a 21-octet accumulator; overflow past 20 octets is caught below.
        let mut acc = [0u8; MAX_SERIAL_OCTETS + 1];
        for c in s.bytes() {
            let digit = match c {
                b'0'..=b'9' => c - b'0',
                _ => return Err(bad()),
            };
            let mut carry = u16::from(digit);
            for byte in acc.iter_mut().rev() {
                let v = u16::from(*byte) * 10 + carry;
                *byte = (v & 0xff) as u8;
                carry = v >> 8;
            }
            if carry != 0 || acc.first().is_some_and(|&b| b != 0) {
                return Err(Error::SerialTooLong(MAX_SERIAL_OCTETS + 1));
            }
        }
        Self::from_be_bytes(&acc)
    }

    /// Parses hexadecimal digits (either case, optional leading zeros).
    ///
    /// ```
    /// use jpki_core::SerialNumber;
    /// assert_eq!(SerialNumber::from_hex("00FF")?, SerialNumber::from_u64(255)?);
    /// assert!(SerialNumber::from_hex("xyz").is_err());
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn from_hex(s: &str) -> Result<Self, Error> {
        let bad = || Error::BadDer {
            context: crate::DerContext::HexSerial,
            problem: crate::DerProblem::InvalidValue,
        };
        let digits = s.trim_start_matches('0');
        if digits.len() > 2 * MAX_SERIAL_OCTETS {
            return Err(Error::SerialTooLong(digits.len().div_ceil(2)));
        }
        if s.is_empty() {
            return Err(bad());
        }
        let mut out = [0u8; MAX_SERIAL_OCTETS];
        for (i, c) in digits.bytes().rev().enumerate() {
            let v = (c as char).to_digit(16).ok_or_else(bad)? as u8;
            let idx = MAX_SERIAL_OCTETS - 1 - i / 2;
            if let Some(slot) = out.get_mut(idx) {
                *slot |= if i % 2 == 0 { v } else { v << 4 };
            }
        }
        Self::from_be_bytes(&out)
    }

    /// The magnitude right-aligned in 20 octets (zero-padded on the left): comparing these
    /// arrays compares the integers.
    pub(crate) fn padded(&self) -> [u8; MAX_SERIAL_OCTETS] {
        self.bytes
    }

    /// The big-endian magnitude, without leading zero octets.
    ///
    /// ```
    /// use jpki_core::SerialNumber;
    /// assert_eq!(SerialNumber::from_u64(0x0102)?.as_bytes(), [0x01, 0x02]);
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes
            .get(MAX_SERIAL_OCTETS - usize::from(self.len)..)
            .unwrap_or_default()
    }

    /// The serial as it is encoded in a DER INTEGER's content (with a 0x00 if the top bit is set).
    ///
    /// ```
    /// use jpki_core::SerialNumber;
    /// // A set top bit gets a 0x00 so that the INTEGER stays positive.
    /// assert_eq!(SerialNumber::from_u64(0x80)?.to_der_integer_content(), [0x00, 0x80]);
    /// assert_eq!(SerialNumber::from_u64(0x7f)?.to_der_integer_content(), [0x7f]);
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn to_der_integer_content(&self) -> Vec<u8> {
        let mag = self.as_bytes();
        let mut out = Vec::with_capacity(mag.len() + 1);
        if mag.first().is_some_and(|b| b & 0x80 != 0) {
            out.push(0);
        }
        out.extend_from_slice(mag);
        out
    }

    /// Lowercase hexadecimal without leading zeros or separators (same as `Display`).
    ///
    /// ```
    /// use jpki_core::SerialNumber;
    /// let serial = SerialNumber::from_decimal("20260105000001")?;
    /// assert_eq!(serial.to_hex(), "126d2c5c9441");
    /// assert_eq!(serial.to_hex(), serial.to_string());
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn to_hex(&self) -> String {
        self.to_string()
    }

    /// Decimal digits, as JPKI serial numbers are usually quoted.
    ///
    /// ```
    /// use jpki_core::SerialNumber;
    /// assert_eq!(SerialNumber::from_hex("126d2c5c9441")?.to_decimal(), "20260105000001");
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn to_decimal(&self) -> String {
        let mut work: Vec<u8> = self.as_bytes().to_vec();
        let mut digits = Vec::with_capacity(50);
        while work.iter().any(|&b| b != 0) {
            let mut rem: u16 = 0;
            for byte in work.iter_mut() {
                let v = (rem << 8) | u16::from(*byte);
                *byte = (v / 10) as u8;
                rem = v % 10;
            }
            digits.push(b'0' + rem as u8);
        }
        digits.reverse();
        String::from_utf8(digits).unwrap_or_default()
    }
}

impl fmt::Display for SerialNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut iter = self.as_bytes().iter();
        if let Some(first) = iter.next() {
            write!(f, "{first:x}")?;
        }
        for b in iter {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for SerialNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SerialNumber(0x{self} = {})", self.to_decimal())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn der_integer_rules() {
        assert_eq!(
            SerialNumber::from_der_integer(&[0x80]),
            Err(Error::NegativeSerial)
        );
        assert_eq!(
            SerialNumber::from_der_integer(&[0x00]),
            Err(Error::ZeroSerial)
        );
        assert_eq!(
            SerialNumber::from_der_integer(&[1; 21]),
            Err(Error::SerialTooLong(21))
        );
        let mut twenty = [0xffu8; 20];
        twenty[0] = 0;
        let s = SerialNumber::from_der_integer(&twenty).expect("20 octets with sign byte");
        assert_eq!(s.as_bytes().len(), 19);
        assert_eq!(s.to_der_integer_content(), twenty.to_vec());
    }

    #[test]
    fn known_answers() {
        let s = SerialNumber::from_be_bytes(&[0x01, 0x00]).expect("valid");
        assert_eq!(s.to_hex(), "100");
        assert_eq!(s.to_decimal(), "256");
        let big =
            SerialNumber::from_hex("ffffffffffffffffffffffffffffffffffffffff").expect("valid");
        assert_eq!(
            big.to_decimal(),
            "1461501637330902918203684832716283019655932542975"
        );
        assert_eq!(
            SerialNumber::from_decimal("1461501637330902918203684832716283019655932542975"),
            Ok(big)
        );
        assert!(
            SerialNumber::from_decimal("1461501637330902918203684832716283019655932542976")
                .is_err()
        );
        assert!(SerialNumber::from_decimal("12a").is_err());
        assert!(SerialNumber::from_hex("xyz").is_err());
        assert_eq!(SerialNumber::from_hex("000"), Err(Error::ZeroSerial));
    }

    proptest! {
        #[test]
        fn decimal_and_hex_match_u128(n in 1u128..) {
            let s = SerialNumber::from_be_bytes(&n.to_be_bytes()).expect("positive");
            prop_assert_eq!(s.to_decimal(), n.to_string());
            prop_assert_eq!(s.to_hex(), format!("{n:x}"));
            prop_assert_eq!(SerialNumber::from_decimal(&n.to_string()), Ok(s));
            prop_assert_eq!(SerialNumber::from_hex(&format!("{n:x}")), Ok(s));
        }

        #[test]
        fn ordering_is_numeric(a in 1u128.., b in 1u128..) {
            let sa = SerialNumber::from_be_bytes(&a.to_be_bytes()).expect("positive");
            let sb = SerialNumber::from_be_bytes(&b.to_be_bytes()).expect("positive");
            prop_assert_eq!(sa.cmp(&sb), a.cmp(&b));
        }
    }
}

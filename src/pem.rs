//! PEM (RFC 7468) input: one or several blocks in a text file.
//!
//! Each block is decoded by `pem-rfc7468` (through `der`), which is strict about the base64
//! and the encapsulation boundaries; this module only finds where the blocks are.
//!
//! ```
//! # #[cfg(feature = "testkit")] {
//! use jpki_core::{Certificate, pem, testkit::{HolderSpec, TestCa}};
//! let der = TestCa::new(1).issue_signing(&HolderSpec::example()).der;
//! let text = format!("the holder's certificate:\n{}", pem::encode("CERTIFICATE", &der));
//! // Text around the blocks is ignored, as OpenSSL does.
//! assert_eq!(Certificate::from_pem(text.as_bytes())?[0].der(), &der[..]);
//! # }
//! # Ok::<(), jpki_core::Error>(())
//! ```

use crate::{Error, Limited, PemProblem};

/// The most PEM blocks read from one input (a resource limit).
///
/// ```
/// use jpki_core::{Certificate, Error, pem::MAX_PEM_BLOCKS};
/// // More blocks than the limit are refused as a whole.
/// let block = "-----BEGIN X-----\nAA==\n-----END X-----\n";
/// let text = block.repeat(MAX_PEM_BLOCKS + 1);
/// assert!(matches!(Certificate::from_pem(text.as_bytes()), Err(Error::TooLarge { .. })));
/// ```
pub const MAX_PEM_BLOCKS: usize = 1024;

/// Whether `bytes` looks like PEM text rather than DER (DER starts with a SEQUENCE tag).
pub(crate) fn looks_like_pem(bytes: &[u8]) -> bool {
    let trimmed = bytes.iter().position(|b| !b.is_ascii_whitespace());
    trimmed.is_some_and(|i| {
        bytes
            .get(i..)
            .is_some_and(|rest| rest.starts_with(b"-----BEGIN "))
    })
}

/// Decodes every block labelled `label`, in order; blocks with other labels are skipped.
/// Text outside blocks is ignored (as OpenSSL does with explanatory text). At most
/// `MAX_PEM_BLOCKS` blocks are decoded.
///
/// ```
/// use jpki_core::pem;
/// let text = format!("{}{}", pem::encode("CERTIFICATE", &[0x30, 0x00]), pem::encode("X509 CRL", &[0x30, 0x01, 0x00]));
/// // Each block as it is, whether or not it is a valid certificate: the caller decides.
/// assert_eq!(pem::decode_all(text.as_bytes(), "CERTIFICATE")?, vec![vec![0x30, 0x00]]);
/// assert!(pem::decode_all(b"\xff", "CERTIFICATE").is_err()); // not text
/// # Ok::<(), jpki_core::Error>(())
/// ```
pub fn decode_all(input: &[u8], label: &str) -> Result<Vec<Vec<u8>>, Error> {
    let text = core::str::from_utf8(input).map_err(|_| Error::BadPem(PemProblem::NotUtf8))?;
    let mut out = Vec::new();
    let mut rest = text;
    let mut blocks = 0usize;
    while let Some(begin) = rest.find("-----BEGIN ") {
        let from_begin = rest.get(begin..).unwrap_or_default();
        let end_marker = from_begin
            .find("-----END ")
            .ok_or(Error::BadPem(PemProblem::BeginWithoutEnd))?;
        let after_end = from_begin.get(end_marker + 9..).unwrap_or_default();
        let close = after_end
            .find("-----")
            .ok_or(Error::BadPem(PemProblem::UnterminatedEnd))?;
        let block_len = end_marker + 9 + close + 5;
        let block = from_begin
            .get(..block_len)
            .ok_or(Error::BadPem(PemProblem::TruncatedBlock))?;
        blocks += 1;
        Error::at_most(Limited::PemBlocks, blocks, MAX_PEM_BLOCKS)?;
        let (found, der) = der::pem::decode_vec(block.as_bytes())
            .map_err(|_| Error::BadPem(PemProblem::InvalidBlock))?;
        if found == label {
            out.push(der);
        }
        rest = from_begin.get(block_len..).unwrap_or_default();
    }
    if out.is_empty() {
        return Err(Error::BadPem(PemProblem::NoBlockWithLabel));
    }
    Ok(out)
}

/// Encodes DER as one PEM block with `label` (64-column base64, LF line endings).
///
/// ```
/// use jpki_core::pem;
/// let text = pem::encode("CERTIFICATE", &[0x30, 0x00]);
/// assert_eq!(text, "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n");
/// ```
pub fn encode(label: &str, der: &[u8]) -> String {
    der::pem::encode_string(label, der::pem::LineEnding::LF, der).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn several_blocks_and_other_labels() {
        let a = encode("CERTIFICATE", &[1, 2, 3]);
        let b = encode("X509 CRL", &[4]);
        let c = encode("CERTIFICATE", &[5, 6]);
        let text = format!("subject=foo\n{a}{b}\n{c}trailing words");
        let blocks = decode_all(text.as_bytes(), "CERTIFICATE").expect("valid");
        assert_eq!(blocks, vec![vec![1, 2, 3], vec![5, 6]]);
        assert!(looks_like_pem(format!("\n  {a}").as_bytes()));
        assert!(!looks_like_pem(&[0x30, 0x82]));
    }

    #[test]
    fn rejects_bad_pem() {
        assert_eq!(
            decode_all(b"", "CERTIFICATE"),
            Err(Error::BadPem(PemProblem::NoBlockWithLabel))
        );
        assert!(decode_all(b"-----BEGIN CERTIFICATE-----\nAAAA\n", "CERTIFICATE").is_err());
        assert!(
            decode_all(
                b"-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n",
                "CERTIFICATE"
            )
            .is_err()
        );
        assert!(decode_all(&[0xff, 0xfe], "CERTIFICATE").is_err());
    }
}

//! The Legal Affairs Bureau profile (法務局 登記・供託オンライン申請): rules on top of the
//! strict checks, each reported by name in every signature's outcome. A broken fail-level rule
//! refuses a signature the strict checks accepted ([`Error::MojRule`]); a broken warn-level
//! rule (digest, signature algorithm) is only reported.

use sha2::Digest;

use super::PdfSignatureReport;
use super::document::Document;
use super::object::{Dict, Value, decode_hex_strict};
use crate::der_reader::Reader;
use crate::{
    DigestAlgorithm, Error, MojRule, Oid, RuleLevel, SignatureAlgorithm, SignedData,
    SignerIdentifier,
};

/// contentType (RFC 5652 §11.1).
const ID_CONTENT_TYPE: Oid = Oid::new("1.2.840.113549.1.9.3");
/// messageDigest (RFC 5652 §11.2).
const ID_MESSAGE_DIGEST: Oid = Oid::new("1.2.840.113549.1.9.4");

/// Which rules a PDF's signatures are checked by besides the strict ones.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{PdfProfile, PdfVerifier, SignedDataVerifier, UnixTime, Verifier, testkit::{HolderSpec, SignedPdfBuilder, TestCa}};
/// let ca = TestCa::new(1);
/// let pdf = SignedPdfBuilder::new().sign(&ca.issue_signing(&HolderSpec::example())).build();
/// let verifier = PdfVerifier::new(SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?))
///     .with_profile(PdfProfile::Moj);
/// let report = verifier.verify(&pdf, UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?)?;
/// assert!(report.is_valid());
/// assert_eq!(report.signatures()[0].rules().len(), 9);
/// assert_eq!(PdfProfile::default(), PdfProfile::Strict);
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PdfProfile {
    /// The strict checks only; no rule outcomes are listed.
    #[default]
    Strict,
    /// The strict checks and the Legal Affairs Bureau's rules ([`MojRule`]).
    Moj,
}

impl PdfProfile {
    /// `"strict"` or `"moj"`.
    ///
    /// ```
    /// assert_eq!(jpki_core::PdfProfile::Moj.as_str(), "moj");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Strict => "strict",
            Self::Moj => "moj",
        }
    }
}

/// One profile rule's outcome for one signature.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{MojRule, PdfProfile, PdfVerifier, RuleLevel, SignedDataVerifier, UnixTime, Verifier, testkit::{HolderSpec, SignedPdfBuilder, TestCa}};
/// let ca = TestCa::new(1);
/// let pdf = SignedPdfBuilder::new().sign(&ca.issue_signing(&HolderSpec::example())).build();
/// let verifier = PdfVerifier::new(SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?))
///     .with_profile(PdfProfile::Moj);
/// let report = verifier.verify(&pdf, UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?)?;
/// let first = report.signatures()[0].rules()[0];
/// assert_eq!(first.id(), MojRule::TypeSig);
/// assert!(first.ok());
/// assert_eq!(first.level(), RuleLevel::Fail);
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PdfRuleOutcome {
    id: MojRule,
    ok: bool,
    level: RuleLevel,
}

impl PdfRuleOutcome {
    /// The rule.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{MojRule, PdfProfile, PdfVerifier, SignedDataVerifier, UnixTime, Verifier, testkit::{HolderSpec, SignedPdfBuilder, TestCa}};
    /// let ca = TestCa::new(1);
    /// let pdf = SignedPdfBuilder::new().sign(&ca.issue_signing(&HolderSpec::example())).build();
    /// let verifier = PdfVerifier::new(SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?)).with_profile(PdfProfile::Moj);
    /// let report = verifier.verify(&pdf, UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?)?;
    /// let ids: Vec<MojRule> = report.signatures()[0].rules().iter().map(|r| r.id()).collect();
    /// assert_eq!(ids, MojRule::EVERY);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn id(&self) -> MojRule {
        self.id
    }

    /// Whether the signature keeps the rule.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{PdfProfile, PdfVerifier, SignedDataVerifier, UnixTime, Verifier, testkit::{HolderSpec, SignedPdfBuilder, TestCa}};
    /// let ca = TestCa::new(1);
    /// let pdf = SignedPdfBuilder::new().sign(&ca.issue_signing(&HolderSpec::example())).build();
    /// let verifier = PdfVerifier::new(SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?)).with_profile(PdfProfile::Moj);
    /// let report = verifier.verify(&pdf, UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?)?;
    /// assert!(report.signatures()[0].rules().iter().all(|r| r.ok()));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn ok(&self) -> bool {
        self.ok
    }

    /// Whether breaking it refuses the signature or is only reported.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{PdfProfile, PdfVerifier, RuleLevel, SignedDataVerifier, UnixTime, Verifier, testkit::{HolderSpec, SignedPdfBuilder, TestCa}};
    /// let ca = TestCa::new(1);
    /// let pdf = SignedPdfBuilder::new().sign(&ca.issue_signing(&HolderSpec::example())).build();
    /// let verifier = PdfVerifier::new(SignedDataVerifier::new(Verifier::new([ca.signing_root().certificate()])?)).with_profile(PdfProfile::Moj);
    /// let report = verifier.verify(&pdf, UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?)?;
    /// let warnings = report.signatures()[0].rules().iter().filter(|r| r.level() == RuleLevel::Warn).count();
    /// assert_eq!(warnings, 2);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn level(&self) -> RuleLevel {
        self.level
    }
}

/// Checks every signature (`dicts[i]` is `reports[i]`'s dictionary) by the profile's rules:
/// fills in each report's rules and refuses, with the first broken fail-level rule, a
/// signature the strict checks accepted (an earlier refusal stays the reason given).
pub(crate) fn apply(doc: &Document<'_>, dicts: &[&Dict], reports: &mut [PdfSignatureReport]) {
    // The newest signature reaches the end of the file exactly when no revision follows it.
    let newest_is_last = reports.iter().any(|r| r.covers_whole_file);
    for (dict, report) in dicts.iter().zip(reports.iter_mut()) {
        let cms = Cms::read(doc.data, dict, report);
        let outcomes: Vec<PdfRuleOutcome> = MojRule::EVERY
            .iter()
            .map(|&id| PdfRuleOutcome {
                id,
                ok: keeps(id, dict, newest_is_last, cms.as_ref()),
                level: id.level(),
            })
            .collect();
        let broken = outcomes
            .iter()
            .find(|o| !o.ok && o.level == RuleLevel::Fail)
            .map(|o| o.id);
        if let (Ok(()), Some(id)) = (&report.result, broken) {
            report.result = Err(Error::MojRule(id));
        }
        report.rules = outcomes;
    }
}

/// What the CMS rules look at: the SignedData, the signed bytes' SHA-256, and the certificate
/// the strict verification found for each signer (`None` when it found none).
struct Cms {
    signed: SignedData,
    sha256: Vec<u8>,
    signer_certs: Vec<Option<Vec<u8>>>,
}

impl Cms {
    /// `None` when the strict checks did not get as far as a well-formed `/ByteRange` and a
    /// SignedData: the CMS rules are then broken.
    fn read(data: &[u8], dict: &Dict, report: &PdfSignatureReport) -> Option<Self> {
        let [_, b, c, d] = report.byte_range?;
        let Some(Value::Hex(hex)) = dict.get(b"Contents").map(|o| &o.value) else {
            return None;
        };
        let der = decode_hex_strict(hex)?;
        let used = Reader::new(&der).read().ok()?.span().end;
        let signed = SignedData::from_der(der.get(..used)?).ok()?;
        let mut hasher = sha2::Sha256::new();
        hasher.update(data.get(..b)?);
        hasher.update(data.get(c..c.checked_add(d)?)?);
        let signer_certs = match &report.cms {
            Some(cms) => cms
                .signers()
                .iter()
                .map(|s| s.certificate().map(|c| c.der().to_vec()))
                .collect(),
            None => Vec::new(),
        };
        Some(Self {
            signed,
            sha256: hasher.finalize().to_vec(),
            signer_certs,
        })
    }
}

fn keeps(rule: MojRule, dict: &Dict, newest_is_last: bool, cms: Option<&Cms>) -> bool {
    let string = |key: &[u8]| match dict.get(key).map(|o| &o.value) {
        Some(Value::Literal(s)) => Some(s.clone()),
        Some(Value::Hex(h)) => decode_hex_strict(h),
        _ => None,
    };
    let signers = cms.map(|c| c.signed.signers()).unwrap_or_default();
    // A rule about signers is broken when there is none to keep it.
    let every_signer = |f: &dyn Fn(usize, &crate::SignerInfo) -> bool| {
        !signers.is_empty() && signers.iter().enumerate().all(|(i, s)| f(i, s))
    };
    match rule {
        MojRule::TypeSig => dict.name(b"Type") == Some(b"Sig"),
        MojRule::SubFilterPkcs7Detached => dict.name(b"SubFilter") == Some(b"adbe.pkcs7.detached"),
        MojRule::NamePresent => string(b"Name").is_some_and(|n| !n.is_empty()),
        MojRule::MFullDate => string(b"M").is_some_and(|m| full_date(&m)),
        MojRule::NothingAfterNewest => newest_is_last,
        MojRule::SignerCertEmbedded => every_signer(&|i, s| {
            let embedded = cms.map(|c| c.signed.certificates()).unwrap_or_default();
            // The certificate the verification used, when it got that far; else one the
            // signer identifier names (the verification may have stopped before looking).
            match cms
                .and_then(|c| c.signer_certs.get(i))
                .and_then(Option::as_ref)
            {
                Some(der) => embedded.iter().any(|x| x.der() == der.as_slice()),
                None => embedded.iter().any(|cert| match s.identifier() {
                    SignerIdentifier::IssuerAndSerialNumber { issuer, serial } => {
                        cert.serial() == *serial && cert.issuer().as_der() == issuer.as_slice()
                    }
                    SignerIdentifier::SubjectKeyIdentifier(ski) => {
                        cert.subject_key_id() == Some(ski.as_slice())
                    }
                }),
            }
        }),
        MojRule::ContentTypeAndMessageDigest => every_signer(&|_, s| {
            let has = |oid| s.signed_attributes().iter().any(|a| a.oid() == oid);
            !s.has_signed_attributes() || (has(ID_CONTENT_TYPE) && has(ID_MESSAGE_DIGEST))
        }),
        MojRule::MessageDigestSha256 => every_signer(&|_, s| {
            if s.digest_algorithm() != DigestAlgorithm::Sha256 {
                return false;
            }
            if !s.has_signed_attributes() {
                return true;
            }
            let digest = cms.map(|c| c.sha256.as_slice()).unwrap_or_default();
            s.signed_attributes()
                .iter()
                .find(|a| a.oid() == ID_MESSAGE_DIGEST)
                .is_some_and(|a| match a.values() {
                    [v] => Reader::new(v).read().is_ok_and(|t| {
                        t.tag == 0x04 && t.value == digest && t.span().end == v.len()
                    }),
                    _ => false,
                })
        }),
        MojRule::AlgorithmRsaSha256 => {
            every_signer(&|_, s| s.signature_algorithm() == SignatureAlgorithm::RsaPkcs1Sha256)
        }
    }
}

/// Whether `m` is `D:YYYYMMDDHHmmSS` followed by `Z`, or by `+HH'mm` / `-HH'mm` with an
/// optional closing apostrophe: every field present, each in range (a real calendar day).
fn full_date(m: &[u8]) -> bool {
    let Some(rest) = m.strip_prefix(b"D:") else {
        return false;
    };
    let num = |from: usize, len: usize| -> Option<u32> {
        let digits = rest.get(from..from + len)?;
        digits
            .iter()
            .all(u8::is_ascii_digit)
            .then(|| digits.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
    };
    let (Some(year), Some(month), Some(day), Some(hour), Some(minute), Some(second)) = (
        num(0, 4),
        num(4, 2),
        num(6, 2),
        num(8, 2),
        num(10, 2),
        num(12, 2),
    ) else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    if !(1..=days).contains(&day) || hour > 23 || minute > 59 || second > 59 {
        return false;
    }
    match rest.get(14..) {
        Some(b"Z") => true,
        Some([b'+' | b'-', zone @ ..]) => {
            let zone_ok = |z: &[u8]| {
                let two = |s: &[u8]| -> Option<u32> {
                    match s {
                        [a @ b'0'..=b'9', b @ b'0'..=b'9'] => {
                            Some(u32::from(a - b'0') * 10 + u32::from(b - b'0'))
                        }
                        _ => None,
                    }
                };
                match z {
                    [h0, h1, b'\'', m0, m1] | [h0, h1, b'\'', m0, m1, b'\''] => {
                        two(&[*h0, *h1]).is_some_and(|h| h <= 23)
                            && two(&[*m0, *m1]).is_some_and(|m| m <= 59)
                    }
                    _ => false,
                }
            };
            zone_ok(zone)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::full_date;

    #[test]
    fn full_dates_and_what_is_not_one() {
        for ok in [
            &b"D:20270101090000+09'00'"[..],
            b"D:20270101090000+09'00",
            b"D:20270101000000Z",
            b"D:20240229235959-05'30'",
        ] {
            assert!(full_date(ok), "{}", String::from_utf8_lossy(ok));
        }
        for bad in [
            &b"D:2027"[..],
            b"D:20270101090000",
            b"20270101090000Z",
            b"D:20270101090000+09",
            b"D:20270101090000+0900",
            b"D:20270101090000+09'00'X",
            b"D:20270101090000Z00'00'",
            b"D:20230229000000Z",
            b"D:20271301000000Z",
            b"D:20270101240000Z",
            b"D:20270101090000+24'00'",
            b"D:2027010109000aZ",
        ] {
            assert!(!full_date(bad), "{}", String::from_utf8_lossy(bad));
        }
    }
}

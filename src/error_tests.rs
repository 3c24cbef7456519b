//! The error names: the documented list of `check_name` against the code, one sample of every
//! variant, and the typed reasons' sentences.
//! (Compiled only under `#[cfg(test)]`, declared in error.rs.)

use std::collections::BTreeSet;

use super::*;
use crate::{AnchorPurpose, CertificateKind, CrlReason, Oid, UnixTime, UnknownReason, Usage};

/// One value of every variant of [`Error`]. `every_variant_is_sampled` fails if a variant is
/// missing here (it compares against the arms of `detail_name`, which must name them all).
fn samples() -> Vec<Error> {
    let t = UnixTime::from_unix_seconds(1_800_000_000);
    let oid = || "2.5.29.15".to_string();
    vec![
        Error::BadPdf(PdfProblem::NoHeader),
        Error::PdfSignature(PdfSignatureRule::GapNotContents),
        Error::ModifiedAfterSigning,
        Error::TimestampUnavailable,
        Error::RandomUnavailable,
        Error::MojRule(MojRule::NamePresent),
        Error::BadDer {
            context: DerContext::Certificate,
            problem: DerProblem::Truncated,
        },
        Error::BadPem(PemProblem::NotUtf8),
        Error::TooLarge {
            what: Limited::Crl,
            size: 2,
            limit: 1,
        },
        Error::UnsupportedVersion(1),
        Error::NegativeSerial,
        Error::ZeroSerial,
        Error::SerialTooLong(21),
        Error::SignatureAlgorithmMismatch,
        Error::BadValidity(ValidityProblem::OutOfRange),
        Error::DuplicateExtension(oid()),
        Error::UnknownCriticalExtension(oid()),
        Error::BadExtension {
            oid: oid(),
            reason: ExtensionProblem::NotDer,
        },
        Error::BadNameString {
            string_type: NameString::Utf8String,
        },
        Error::BadSignature,
        Error::DigestLength {
            expected: 32,
            actual: 20,
        },
        Error::UnsupportedAlgorithm(Oid::new("1.2.3")),
        Error::UnsupportedKey(KeyRefusal::RsaTooSmall),
        Error::Expired {
            at: t,
            not_after: t,
        },
        Error::NotYetValid {
            at: t,
            not_before: t,
        },
        Error::UnknownIssuer,
        Error::CaConstraints(CaConstraint::NoKeyCertSign),
        Error::PathTooLong(PathLimit::PathLenConstraint),
        Error::BudgetExceeded(1),
        Error::WrongCertificateKind {
            required: Usage::Signing,
            found: CertificateKind::UserAuthentication,
        },
        Error::UsageNotAllowed(UsageRefusal::KeyUsage),
        Error::Revoked {
            revoked_at: t,
            reason: Some(CrlReason::KeyCompromise),
            invalid_since: None,
        },
        Error::RevocationUnknown(UnknownReason::Stale),
        Error::CrlIssuerMismatch,
        Error::CrlNotNewer,
        Error::CrlRefused(CrlRefusal::NoNextUpdate),
        Error::AnchorMismatch(AnchorMismatch::Purpose {
            anchor: AnchorPurpose::UserAuthentication,
            leaf: CertificateKind::Signing,
        }),
        Error::UnsupportedCrl(CrlFeature::Indirect),
        Error::UnsupportedOcspRequest(OcspRequestRefusal::Signed),
        Error::OcspUnsuccessful(1),
        Error::OcspResponderNotAuthorized(OcspResponderRefusal::Unknown),
        Error::OcspCertIdMismatch,
        Error::OcspNonceMismatch,
        Error::BadSignedData(SignedDataProblem::Version),
        Error::AttributeRule(AttributeRule::NotDerOrder),
        Error::ContentMismatch,
        Error::NoSigner,
        Error::SignerNotFound,
        Error::BadTimestamp(TimestampProblem::ImprintMismatch),
        Error::InvalidTimestamp(Box::new(Error::BadSignature)),
        Error::NotJpki(KindRefusal::NoJpkiSignal),
        Error::InconsistentKind(KindRefusal::NoKeyUsage),
        Error::NoBasicFourInfo,
        Error::BasicFourMissing(BasicFourItem::Name),
        Error::BasicFourDuplicate(BasicFourItem::Sex),
        Error::BasicFourWrongType(BasicFourItem::Address),
        Error::BasicFourBadText {
            item: BasicFourItem::Name,
            reason: TextProblem::Empty,
        },
        Error::BadDateOfBirth(DateOfBirthProblem::NoSuchDay),
        Error::BadSexCode("4".into()),
        Error::BadSubstituteFlags {
            item: BasicFourItem::NameSubstitutes,
            reason: FlagsProblem::NotBinary,
        },
    ]
}

const SOURCE: &str = include_str!("error.rs");

/// The names in the table of `check_name`'s documentation.
fn documented_check_names() -> BTreeSet<&'static str> {
    let start = SOURCE
        .find("<!-- check-names -->")
        .expect("the list's start marker");
    let end = SOURCE
        .find("<!-- /check-names -->")
        .expect("the list's end marker");
    SOURCE[start..end]
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("/// | `"))
        .filter_map(|l| l.split('`').next())
        .collect()
}

/// The string literals the arms of `fn name` return, read from the source.
fn returned_names(name: &str) -> BTreeSet<&'static str> {
    let start = SOURCE
        .find(&format!("pub fn {name}(&self)"))
        .expect("the method");
    let body = &SOURCE[start..];
    let end = body.find("\n    }\n").expect("the method's end");
    body[..end]
        .split("=> \"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect()
}

#[test]
fn the_documented_check_names_are_exactly_the_produced_ones() {
    let documented = documented_check_names();
    assert_eq!(documented.len(), 22, "{documented:?}");
    let produced: BTreeSet<_> = samples().iter().map(Error::check_name).collect();
    assert_eq!(produced, documented);
    assert_eq!(returned_names("check_name"), documented);
}

#[test]
fn every_variant_is_sampled_and_has_its_own_detail_name() {
    let samples = samples();
    let details: BTreeSet<_> = samples.iter().map(Error::detail_name).collect();
    assert_eq!(details.len(), samples.len(), "two samples of one variant");
    assert_eq!(details, returned_names("detail_name"));
}

#[test]
fn names_the_examples_print_stay_as_they_were() {
    let name = |e: Error| e.check_name();
    assert_eq!(name(Error::OcspNonceMismatch), "malformed");
    assert_eq!(name(Error::OcspCertIdMismatch), "malformed");
    assert_eq!(name(Error::BudgetExceeded(1)), "unknown_issuer");
    assert_eq!(
        name(Error::OcspResponderNotAuthorized(
            OcspResponderRefusal::NotIssuedByCa
        )),
        "bad_signature"
    );
    assert_eq!(
        name(Error::NotJpki(KindRefusal::NotVerifiedAsJpki)),
        "wrong_usage"
    );
    assert_eq!(
        name(Error::UnsupportedKey(KeyRefusal::P256NotOnCurve)),
        "unsupported_algorithm"
    );
}

/// Each reason enum's sentences: present, and distinct within the enum (so that the message
/// still tells the rules apart).
#[test]
fn reasons_have_distinct_sentences() {
    fn check<T: fmt::Display>(all: &[T]) {
        let texts: BTreeSet<String> = all.iter().map(ToString::to_string).collect();
        assert_eq!(texts.len(), all.len());
        assert!(texts.iter().all(|t| !t.is_empty()));
    }
    check(DerContext::ALL);
    check(PemProblem::ALL);
    check(Limited::ALL);
    check(ValidityProblem::ALL);
    check(ExtensionProblem::ALL);
    check(NameString::ALL);
    check(KeyRefusal::ALL);
    check(CaConstraint::ALL);
    check(PathLimit::ALL);
    check(UsageRefusal::ALL);
    check(KindRefusal::ALL);
    check(CrlFeature::ALL);
    check(OcspRequestRefusal::ALL);
    check(OcspResponderRefusal::ALL);
    check(TextProblem::ALL);
    check(DateOfBirthProblem::ALL);
    check(FlagsProblem::ALL);
    check(SignedDataProblem::ALL);
    check(PdfProblem::ALL);
    check(PdfSignatureRule::ALL);
    check(MojRule::ALL);
    check(AttributeRule::ALL);
    check(TimestampProblem::ALL);
}

#[test]
fn messages_keep_their_sentences() {
    assert_eq!(
        Error::CaConstraints(CaConstraint::AkiMissing).to_string(),
        "CA constraints violated: certificate lacks authorityKeyIdentifier (RFC 5280 §4.2.1.1)"
    );
    assert_eq!(
        Error::TooLarge {
            what: Limited::GeneralNames,
            size: 3,
            limit: 2
        }
        .to_string(),
        "GeneralNames is 3 bytes, over the limit of 2"
    );
    let t = UnixTime::from_unix_seconds(0);
    assert_eq!(
        Error::Expired {
            at: t,
            not_after: t
        }
        .to_string(),
        format!("certificate expired: notAfter {t}, checked at {t}")
    );
}

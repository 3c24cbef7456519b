//! Verification of every signature of a PDF, in byte order.

use super::changes::only_permitted_changes;
use super::document::Document;
use super::dss;
use super::fields::signature_values;
use super::object::{Dict, Value, decode_hex_strict};
use super::{MAX_PDF_SIGNATURES, PdfSignatureReport};
use crate::der_reader::Reader;
use crate::signed::Hasher;
use crate::timestamp::timestamp_refusal;
use crate::{
    ContentHasher, Error, Limited, Oid, PdfSignatureRule, SignedData, SignedDataVerifier,
    TimestampToken, TimestampVerifier, UnixTime,
};
use sha2::Digest;

/// id-aa-signingCertificateV2 (RFC 5035): CAdES binds the signer's certificate with it.
const ID_AA_SIGNING_CERTIFICATE_V2: Oid = Oid::new("1.2.840.113549.1.9.16.2.47");
/// id-signingTime (RFC 5652 §11.3).
const ID_SIGNING_TIME: Oid = Oid::new("1.2.840.113549.1.9.5");

/// The verifiers of one file: the caller's, with the file's document security store added.
struct Verifiers {
    signed: SignedDataVerifier,
    tsa: Option<TimestampVerifier>,
}

/// A valid document timestamp: where its ByteRange gap starts (everything before it is
/// covered) and its genTime.
type Proof = (usize, UnixTime);

/// Every signature of the file, oldest view first, each once (by the offset of its
/// `/Contents`), sorted in byte order.
pub(crate) fn verify_all(
    signed: &SignedDataVerifier,
    tsa: Option<&TimestampVerifier>,
    profile: super::PdfProfile,
    data: &[u8],
    at: UnixTime,
) -> Result<(Vec<PdfSignatureReport>, usize), Error> {
    let doc = Document::parse(data)?;
    let mut found: Vec<(usize, Option<String>, Dict, usize)> = Vec::new();
    for rev in 0..doc.revisions.len() {
        for sig in signature_values(&doc, rev)? {
            let key = sig.dict.get(b"Contents").map_or(usize::MAX, |c| c.start);
            if !found.iter().any(|(k, ..)| *k == key) {
                Error::at_most(Limited::PdfSignatures, found.len() + 1, MAX_PDF_SIGNATURES)?;
                found.push((key, sig.field, sig.dict, rev));
            }
        }
    }
    found.sort_by_key(|(k, ..)| *k);
    // Which later revisions make changes the strict mode refuses (computed once each).
    let mut permitted = vec![true; doc.revisions.len()];
    for (rev, ok) in permitted.iter_mut().enumerate().skip(1) {
        *ok = only_permitted_changes(&doc, rev)?;
    }
    let evidence = dss::read(&doc)?;
    let verifiers = if evidence.is_empty() {
        Verifiers {
            signed: signed.clone(),
            tsa: tsa.cloned(),
        }
    } else {
        let tsa = tsa.map(|t| {
            t.clone().with_evidence(
                evidence.certificates.clone(),
                evidence.crls.clone(),
                evidence.ocsp.clone(),
            )
        });
        let mut signed =
            signed
                .clone()
                .with_evidence(evidence.certificates, evidence.crls, evidence.ocsp);
        if let Some(t) = &tsa {
            signed = signed.with_timestamps(t.clone());
        }
        Verifiers { signed, tsa }
    };
    // Newest first, so that the document timestamps are known before the signatures they
    // cover; reported oldest first.
    let mut proofs: Vec<Proof> = Vec::new();
    let mut reports: Vec<PdfSignatureReport> = Vec::new();
    for (_, field, dict, _) in found.iter().rev() {
        let report = verify_one(
            &verifiers,
            &doc,
            &permitted,
            field.clone(),
            dict,
            at,
            &proofs,
        );
        // A token that verified proves its time for the bytes it covers, even when the file
        // was changed after it (that refuses the timestamp itself, not what it proves).
        if dict.name(b"SubFilter") == Some(b"ETSI.RFC3161")
            && let (Some([_, b, _, _]), Some(gen_time)) = (report.byte_range, report.timestamp)
        {
            proofs.push((b, gen_time));
        }
        reports.push(report);
    }
    reports.reverse();
    // A profile's rules on top of the strict checks (src/pdf/moj.rs).
    if profile == super::PdfProfile::Moj {
        let dicts: Vec<&Dict> = found.iter().map(|(_, _, dict, _)| dict).collect();
        super::moj::apply(&doc, &dicts, &mut reports);
    }
    Ok((reports, doc.revisions.len()))
}

fn verify_one(
    verifiers: &Verifiers,
    doc: &Document<'_>,
    permitted: &[bool],
    field: Option<String>,
    dict: &Dict,
    at: UnixTime,
    proofs: &[Proof],
) -> PdfSignatureReport {
    let mut report = PdfSignatureReport {
        field,
        sub_filter: String::from_utf8_lossy(dict.name(b"SubFilter").unwrap_or_default())
            .into_owned(),
        byte_range: None,
        covers_whole_file: false,
        later_revisions: 0,
        modified_after_signing: false,
        claimed_time: match dict.get(b"M").map(|o| &o.value) {
            Some(Value::Literal(m)) => Some(String::from_utf8_lossy(m).into_owned()),
            _ => None,
        },
        cms: None,
        timestamp: None,
        checked_at: None,
        result: Ok(()),
        rules: Vec::new(),
    };
    report.result = check(verifiers, doc, permitted, dict, at, proofs, &mut report);
    report
}

fn rule(r: PdfSignatureRule) -> Error {
    Error::PdfSignature(r)
}

/// What a signature dictionary holds, by its `/SubFilter`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Pkcs7,
    Cades,
    DocTimestamp,
}

fn check(
    verifiers: &Verifiers,
    doc: &Document<'_>,
    permitted: &[bool],
    dict: &Dict,
    at: UnixTime,
    proofs: &[Proof],
    report: &mut PdfSignatureReport,
) -> Result<(), Error> {
    let data = doc.data;
    let kind = match dict.name(b"SubFilter") {
        Some(b"adbe.pkcs7.detached") => Kind::Pkcs7,
        Some(b"ETSI.CAdES.detached") => Kind::Cades,
        Some(b"ETSI.RFC3161") => Kind::DocTimestamp,
        _ => return Err(rule(PdfSignatureRule::UnsupportedSubFilter)),
    };
    // /ByteRange [0 b c d], the gap exactly this dictionary's /Contents string.
    let range: Vec<usize> = match dict.get(b"ByteRange").map(|o| &o.value) {
        Some(Value::Array(items)) if items.len() == 4 => items
            .iter()
            .map(|o| match o.value {
                Value::Int(n) => {
                    usize::try_from(n).map_err(|_| rule(PdfSignatureRule::ByteRangeShape))
                }
                _ => Err(rule(PdfSignatureRule::ByteRangeShape)),
            })
            .collect::<Result<_, _>>()?,
        _ => return Err(rule(PdfSignatureRule::ByteRangeShape)),
    };
    let [a, b, c, d] =
        <[usize; 4]>::try_from(range).map_err(|_| rule(PdfSignatureRule::ByteRangeShape))?;
    report.byte_range = Some([a, b, c, d]);
    let end = c
        .checked_add(d)
        .ok_or(rule(PdfSignatureRule::ByteRangeOutsideFile))?;
    if a != 0 {
        return Err(rule(PdfSignatureRule::ByteRangeNotAtStart));
    }
    if end > data.len() {
        return Err(rule(PdfSignatureRule::ByteRangeOutsideFile));
    }
    let contents = dict
        .get(b"Contents")
        .ok_or(rule(PdfSignatureRule::GapNotContents))?;
    let Value::Hex(hex) = &contents.value else {
        return Err(rule(PdfSignatureRule::ContentsNotHex));
    };
    if b >= c
        || contents.start != b
        || contents.end != c
        || data.get(b) != Some(&b'<')
        || data.get(c - 1) != Some(&b'>')
    {
        return Err(rule(PdfSignatureRule::GapNotContents));
    }
    // Coverage: the range ends at a revision boundary; the newest signature at the file's end.
    let rev = doc
        .revisions
        .iter()
        .position(|r| r.end == end)
        .ok_or(rule(PdfSignatureRule::NotAtRevisionBoundary))?;
    report.covers_whole_file = end == data.len();
    report.later_revisions = doc.revisions.len() - 1 - rev;
    report.modified_after_signing = permitted.iter().skip(rev + 1).any(|ok| !ok);
    let der = decode_hex_strict(hex).ok_or(rule(PdfSignatureRule::ContentsNotHex))?;
    let tlv = Reader::new(&der).read().map_err(|problem| Error::BadDer {
        context: crate::DerContext::SignedData,
        problem,
    })?;
    let used = tlv.span().end;
    if der.get(used..).unwrap_or_default().iter().any(|x| *x != 0) {
        return Err(rule(PdfSignatureRule::ContentsTrailingData));
    }
    let der = der.get(..used).unwrap_or_default();
    let ranges = [
        data.get(..b).unwrap_or_default(),
        data.get(c..end).unwrap_or_default(),
    ];
    if kind == Kind::DocTimestamp {
        let tsa = verifiers.tsa.as_ref().ok_or(Error::TimestampUnavailable)?;
        let stamp = document_timestamp(tsa, der, ranges, at)?;
        report.timestamp = Some(stamp);
        report.checked_at = Some(at);
        if report.modified_after_signing {
            return Err(Error::ModifiedAfterSigning);
        }
        return Ok(());
    }
    let cades = kind == Kind::Cades;
    let signed = SignedData::from_der(der)?;
    let mut hasher = ContentHasher::new(&signed);
    for range in ranges {
        hasher.update(range);
    }
    // The earliest valid document timestamp whose ByteRange covers this whole signature.
    let proven = proofs
        .iter()
        .filter(|(gap, _)| end <= *gap)
        .map(|(_, t)| *t)
        .min();
    let cms = verifiers
        .signed
        .verify_digests_proven(&signed, &hasher.finish(), at, proven);
    if let Some(first) = cms.signers().first() {
        report.timestamp = first.timestamp();
        report.checked_at = first.checked_at();
    }
    let cms_result = cms.error().cloned();
    let signer_cert = cms
        .signers()
        .first()
        .and_then(|s| s.certificate())
        .map(|c| c.der().to_vec());
    report.cms = Some(cms);
    if let Some(e) = cms_result {
        return Err(e);
    }
    if cades {
        let [signer] = signed.signers() else {
            return Err(rule(PdfSignatureRule::CadesSigners));
        };
        let attrs = signer.signed_attributes();
        if attrs.iter().any(|a| a.oid() == ID_SIGNING_TIME) && dict.get(b"M").is_some() {
            return Err(rule(PdfSignatureRule::CadesTimeTwice));
        }
        let ess = attrs
            .iter()
            .find(|a| a.oid() == ID_AA_SIGNING_CERTIFICATE_V2)
            .ok_or(rule(PdfSignatureRule::CadesSigningCertificate))?;
        let cert = signer_cert.ok_or(rule(PdfSignatureRule::CadesSigningCertificate))?;
        if !ess_names(ess.values(), &cert) {
            return Err(rule(PdfSignatureRule::CadesSigningCertificate));
        }
    }
    if report.modified_after_signing {
        return Err(Error::ModifiedAfterSigning);
    }
    Ok(())
}

/// A document timestamp (`ETSI.RFC3161`): the token's messageImprint is the digest of the
/// ByteRange bytes, and the token verifies under the TSA anchors at `at`. Its genTime.
fn document_timestamp(
    tsa: &TimestampVerifier,
    der: &[u8],
    ranges: [&[u8]; 2],
    at: UnixTime,
) -> Result<UnixTime, Error> {
    let token = TimestampToken::from_der(der).map_err(timestamp_refusal)?;
    let alg = token.tst_info().hash_algorithm();
    let mut hasher = Hasher::new(alg)
        .ok_or_else(|| timestamp_refusal(Error::UnsupportedAlgorithm(alg.oid())))?;
    for range in ranges {
        hasher.update(range);
    }
    Ok(tsa.verify_digest(&token, &hasher.finish(), at)?.gen_time())
}

/// Whether a SigningCertificateV2 value's first ESSCertIDv2 (RFC 5035) is the SHA-256 hash of
/// `cert` (hashAlgorithm absent: its DEFAULT; another hash is not matched).
fn ess_names(values: &[Vec<u8>], cert: &[u8]) -> bool {
    let [value] = values else {
        return false;
    };
    let first = || -> Result<bool, crate::DerProblem> {
        let mut outer = Reader::new(value).sequence()?;
        let mut certs = outer.sequence()?;
        let mut id = certs.sequence()?;
        // hashAlgorithm is OPTIONAL with DEFAULT id-sha256: present means another hash (DER
        // omits a DEFAULT value), which this check does not compute.
        let Some(hash) = id.optional(0x04)? else {
            return Ok(false);
        };
        Ok(hash.value == sha2::Sha256::digest(cert).as_slice())
    };
    first().unwrap_or(false)
}

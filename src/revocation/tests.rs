//! CRL parsing and verification, the index, freshness and point-in-time answers, and the
//! (Compiled only under `#[cfg(test)]`, declared in the parent module.)
//! verifier's use of revocation sources.

use proptest::prelude::*;

use super::*;
use crate::testkit::{CertificateTemplate, CrlSpec, HolderSpec, TemplateExtension, TestCa, ext};
use crate::{Certificate, Error, KeyUsage, SerialNumber};

pub(super) fn t(s: &str) -> UnixTime {
    UnixTime::parse_rfc3339(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

pub(super) fn serial(n: u64) -> SerialNumber {
    SerialNumber::from_u64(n).expect("serial")
}

pub(super) fn ca() -> TestCa {
    TestCa::new(60)
}

pub(super) const DAY: u64 = 86_400;

#[test]
fn parses_fields_and_entries() {
    let ca = ca();
    let this = t("2027-01-01T00:00:00Z");
    let spec = CrlSpec::signing(this)
        .number(7)
        .revoke(
            serial(5),
            t("2026-12-01T00:00:00Z"),
            Some(CrlReason::AffiliationChanged),
        )
        .revoke(serial(3), t("2026-11-01T00:00:00Z"), None);
    let der = ca.issue_crl(&spec);
    let crl = Crl::from_der(&der).expect("parses");
    assert_eq!(crl.this_update(), this);
    assert_eq!(crl.next_update(), this.plus_seconds(DAY));
    assert_eq!(crl.crl_number(), Some(&[7u8][..]));
    assert_eq!(
        crl.issuer().as_der(),
        ca.signing_root().certificate().subject().as_der()
    );
    let entries: Vec<CrlEntry> = crl.entries().collect::<Result<_, _>>().expect("entries");
    assert_eq!(entries.len(), 2);
    assert_eq!(
        entries.first().map(|e| (e.serial, e.reason)),
        Some((serial(5), Some(CrlReason::AffiliationChanged)))
    );
    assert_eq!(entries.get(1).map(|e| e.reason), Some(None));
    assert!(crl.verify(&ca.signing_root().certificate()).is_ok());
}

#[test]
fn verification_refusals() {
    let ca = ca();
    let der = ca.issue_crl(&CrlSpec::signing(t("2027-01-01T00:00:00Z")).revoke(
        serial(1),
        t("2026-01-01T00:00:00Z"),
        None,
    ));
    let crl = || Crl::from_der(&der).expect("parses");
    // Another CA (the user-authentication root has another DN).
    assert_eq!(
        crl()
            .verify(&ca.user_authentication_root().certificate())
            .map(drop),
        Err(Error::CrlIssuerMismatch)
    );
    // Same DN, other key (another generation or another CA): key identifiers differ.
    let other = TestCa::new(61);
    assert_eq!(
        crl().verify(&other.signing_root().certificate()).map(drop),
        Err(Error::CrlIssuerMismatch)
    );
    // Tampered signature.
    let mut bad = der.clone();
    if let Some(b) = bad.last_mut() {
        *b ^= 1;
    }
    assert_eq!(
        Crl::from_der(&bad)
            .and_then(|c| c.verify(&ca.signing_root().certificate()))
            .map(drop),
        Err(Error::BadSignature)
    );
    // A CA certificate without cRLSign: the root's own name, key and key identifier (so the
    // issuer-name and key-identifier checks pass and only the keyUsage rule can refuse), but
    // keyUsage is keyCertSign alone. A leaf would be refused earlier, by its name.
    let root = ca.signing_root();
    let root_cert = root.certificate();
    let no_crl_sign = Certificate::from_der(
        &CertificateTemplate {
            version: 3,
            serial: vec![0x63],
            issuer: root_cert.issuer().as_der().to_vec(),
            subject: root_cert.subject().as_der().to_vec(),
            not_before: root_cert.validity().not_before,
            not_after: root_cert.validity().not_after,
            spki: root_cert.spki_der().to_vec(),
            extensions: vec![
                ext::basic_constraints(true, None),
                ext::key_usage(KeyUsage::KEY_CERT_SIGN),
                ext::subject_key_id(root_cert.subject_key_id().expect("root SKI")),
            ],
        }
        .sign(&root.private_key),
    )
    .expect("parses");
    assert!(no_crl_sign.subject().matches(&crl().issuer()));
    assert_eq!(no_crl_sign.subject_key_id(), root_cert.subject_key_id());
    assert_eq!(
        crl().verify(&no_crl_sign).map(drop),
        Err(Error::CaConstraints(crate::CaConstraint::NoCrlSign))
    );
}

#[test]
fn strict_parsing() {
    let ca = ca();
    let base = CrlSpec::signing(t("2027-01-01T00:00:00Z"));
    let mut v1 = base.clone();
    v1.version = 1;
    v1.crl_number = None;
    assert_eq!(
        Crl::from_der(&ca.issue_crl(&v1)).map(drop),
        Err(Error::UnsupportedVersion(1))
    );
    let mut delta = base.clone();
    delta.extra_extensions.push(TemplateExtension {
        oid: "2.5.29.27".parse().expect("oid"),
        critical: true,
        value: vec![2, 1, 1],
    });
    // A delta CRL parses (its entries are evidence of revocation); its indicator must be
    // critical (RFC 5280 §5.2.4).
    assert_eq!(
        Crl::from_der(&ca.issue_crl(&delta)).map(|c| c.delta_base().map(<[u8]>::to_vec)),
        Ok(Some(vec![1]))
    );
    let mut lax_delta = base.clone();
    lax_delta.extra_extensions.push(TemplateExtension {
        oid: "2.5.29.27".parse().expect("oid"),
        critical: false,
        value: vec![2, 1, 1],
    });
    assert!(matches!(
        Crl::from_der(&ca.issue_crl(&lax_delta)),
        Err(Error::BadExtension { .. })
    ));
    let mut unknown = base.clone();
    unknown.extra_extensions.push(TemplateExtension {
        oid: "1.3.6.1.4.1.99999.3".parse().expect("oid"),
        critical: true,
        value: vec![5, 0],
    });
    assert_eq!(
        Crl::from_der(&ca.issue_crl(&unknown)).map(drop),
        Err(Error::UnknownCriticalExtension(
            "1.3.6.1.4.1.99999.3".into()
        ))
    );
    let mut der = ca.issue_crl(&base);
    der.push(0);
    assert!(matches!(Crl::from_der(&der), Err(Error::BadDer { .. })));
    for len in [0, 1, 10, 100] {
        assert!(Crl::from_der(der.get(..len).unwrap_or_default()).is_err());
    }
}

#[test]
fn index_answers_point_in_time_and_freshness() {
    let ca = ca();
    let pair = ca.issue_pair(&HolderSpec::example());
    let cert = pair.signing.certificate();
    let moved = t("2027-03-01T01:00:00Z");
    let this = t("2027-03-02T00:00:00Z");
    let der = ca.issue_crl(&CrlSpec::signing(this).revoke(
        cert.serial(),
        moved,
        Some(CrlReason::AffiliationChanged),
    ));
    let mut index = RevocationIndex::new(ca.signing_root().certificate()).expect("index");
    assert_eq!(
        index.status(&cert, this),
        RevocationStatus::Unknown(UnknownReason::NoDataForIssuer)
    );
    index.insert_der(&der).expect("insert");
    assert_eq!(index.len(), 1);
    let revoked = RevocationStatus::Revoked {
        revoked_at: moved,
        reason: Some(CrlReason::AffiliationChanged),
        invalid_since: None,
    };
    assert_eq!(index.status(&cert, moved), revoked);
    assert_eq!(index.status(&cert, this.plus_seconds(3600)), revoked);
    // Before the move the certificate was good: a document signed then stays valid.
    assert_eq!(
        index.status(&cert, moved.minus_seconds(1)),
        RevocationStatus::Good
    );
    // Another certificate: good while the CRL is fresh, unknown once it is stale.
    let other = pair.user_authentication.certificate();
    assert_eq!(
        index.status(&other, this),
        RevocationStatus::Unknown(UnknownReason::NoDataForIssuer)
    );
    let other_signing = ca
        .issue_signing(&HolderSpec::example().with_serials(99, 98))
        .certificate();
    assert_eq!(
        index.status(&other_signing, this.plus_seconds(DAY)),
        RevocationStatus::Good
    );
    let stale = this.plus_seconds(DAY + 1);
    assert_eq!(
        index.status(&other_signing, stale),
        RevocationStatus::Unknown(UnknownReason::Stale)
    );
    let index = index.with_grace(600);
    assert_eq!(index.status(&other_signing, stale), RevocationStatus::Good);
    assert_eq!(
        index.status(&other_signing, this.plus_seconds(DAY + 601)),
        RevocationStatus::Unknown(UnknownReason::Stale)
    );
    // A revoked certificate stays revoked however stale the CRL.
    assert_eq!(index.status(&cert, this.plus_seconds(365 * DAY)), revoked);
}

#[test]
fn status_at_by_serial_alone() {
    let ca = ca();
    let d = t("2027-01-01T00:00:00Z");
    let moved = d.minus_seconds(DAY);
    let mut index = RevocationIndex::new(ca.signing_root().certificate()).expect("index");
    assert_eq!(
        index.status_at(serial(1), d),
        RevocationStatus::Unknown(UnknownReason::NoDataForIssuer)
    );
    index
        .insert_der(
            &ca.issue_crl(
                &CrlSpec::signing(d)
                    .partition("Tokyo-to", "Chiyoda-ku")
                    .revoke(serial(1), moved, None),
            ),
        )
        .expect("partition");
    assert!(matches!(
        index.status_at(serial(1), d),
        RevocationStatus::Revoked { .. }
    ));
    assert_eq!(
        index.status_at(serial(1), moved.minus_seconds(1)),
        RevocationStatus::Unknown(UnknownReason::NotCovered)
    );
    assert_eq!(
        index.status_at(serial(2), d),
        RevocationStatus::Unknown(UnknownReason::NotCovered)
    );
    index
        .insert_der(&ca.issue_crl(&CrlSpec::signing(d)))
        .expect("full CRL");
    assert_eq!(index.status_at(serial(2), d), RevocationStatus::Good);
    assert_eq!(
        index.status_at(serial(1), moved.minus_seconds(1)),
        RevocationStatus::Good
    );
    assert_eq!(
        index.status_at(serial(2), d.plus_seconds(2 * DAY)),
        RevocationStatus::Unknown(UnknownReason::Stale)
    );
}

#[test]
fn newer_crl_replaces_older_is_refused() {
    let ca = ca();
    let cert = ca.issue_signing(&HolderSpec::example()).certificate();
    let d1 = t("2027-01-01T00:00:00Z");
    let first = ca.issue_crl(&CrlSpec::signing(d1).number(10));
    let second = ca.issue_crl(&CrlSpec::signing(d1.plus_seconds(DAY)).number(11).revoke(
        cert.serial(),
        d1,
        None,
    ));
    let mut index = RevocationIndex::new(ca.signing_root().certificate()).expect("index");
    index.insert_der(&first).expect("first");
    assert_eq!(index.status(&cert, d1), RevocationStatus::Good);
    index.insert_der(&second).expect("newer replaces");
    assert!(matches!(
        index.status(&cert, d1.plus_seconds(DAY)),
        RevocationStatus::Revoked { .. }
    ));
    assert_eq!(index.insert_der(&first), Err(Error::CrlNotNewer));
    assert_eq!(index.insert_der(&second), Err(Error::CrlNotNewer));
    assert_eq!(index.partition_count(), 1);
}

#[test]
fn partitions_per_municipality() {
    let ca = ca();
    let chiyoda = ca.issue_signing(&HolderSpec::example()).certificate();
    let mut spec = HolderSpec::example().with_serials(500, 501);
    spec.locality = ("Osaka-fu".into(), "Osaka-shi".into());
    let osaka = ca.issue_signing(&spec).certificate();
    let d = t("2027-01-01T00:00:00Z");
    let tokyo_crl = ca.issue_crl(
        &CrlSpec::signing(d)
            .partition("Tokyo-to", "Chiyoda-ku")
            .revoke(chiyoda.serial(), d, None),
    );
    let mut index = RevocationIndex::new(ca.signing_root().certificate()).expect("index");
    index.insert_der(&tokyo_crl).expect("insert");
    assert!(matches!(
        index.status(&chiyoda, d),
        RevocationStatus::Revoked { .. }
    ));
    assert_eq!(
        index.status(&osaka, d),
        RevocationStatus::Unknown(UnknownReason::NotCovered)
    );
    let osaka_crl = ca.issue_crl(&CrlSpec::signing(d).partition("Osaka-fu", "Osaka-shi"));
    index
        .insert_der(&osaka_crl)
        .expect("independent partition, its own numbering");
    assert_eq!(index.status(&osaka, d), RevocationStatus::Good);
    assert_eq!(index.partition_count(), 2);
}

#[test]
fn duplicates_and_wide_serials() {
    let ca = ca();
    let d = t("2027-01-01T00:00:00Z");
    let wide =
        SerialNumber::from_hex("7fffffffffffffffffffffffffffffffffffff01").expect("20 octets");
    let spec = CrlSpec::signing(d)
        .revoke(serial(9), d.minus_seconds(10), None)
        .revoke(
            serial(9),
            d.minus_seconds(100),
            Some(CrlReason::KeyCompromise),
        )
        .revoke(wide, d.minus_seconds(5), Some(CrlReason::Superseded));
    let mut index = RevocationIndex::new(ca.signing_root().certificate()).expect("index");
    index.insert_der(&ca.issue_crl(&spec)).expect("insert");
    assert_eq!(index.len(), 2);
    let mut t9 = ca.signing_template(&HolderSpec::example());
    t9.serial = serial(9).to_der_integer_content();
    let c9 = Certificate::from_der(&ca.sign_template(&t9)).expect("cert");
    assert_eq!(
        index.status(&c9, d),
        RevocationStatus::Revoked {
            revoked_at: d.minus_seconds(100),
            reason: Some(CrlReason::KeyCompromise),
            invalid_since: None,
        }
    );
    t9.serial = wide.to_der_integer_content();
    let cw = Certificate::from_der(&ca.sign_template(&t9)).expect("cert");
    assert!(matches!(
        index.status(&cw, d),
        RevocationStatus::Revoked {
            reason: Some(CrlReason::Superseded),
            ..
        }
    ));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// The index answers exactly what a linear scan of the CRL's entries answers.
    #[test]
    fn indexed_lookup_equals_linear_scan(
        rows in proptest::collection::vec((proptest::collection::vec(any::<u8>(), 1..=20), 0u64..1_000_000, proptest::option::of(0u8..=10)), 0..200),
        probes in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 1..=20), 0..50),
    ) {
        let ca = TestCa::new(62);
        let d = UnixTime::from_unix_seconds(1_800_000_000);
        let mut spec = CrlSpec::signing(d);
        let mut serials = Vec::new();
        for (bytes, offset, reason) in rows {
            let Ok(s) = SerialNumber::from_be_bytes(&bytes) else { continue };
            if s.as_bytes().first().is_some_and(|b| b & 0x80 != 0) && s.as_bytes().len() == 20 {
                continue; // needs 21 octets as a DER INTEGER
            }
            spec = spec.revoke(s, d.minus_seconds(offset), reason.and_then(CrlReason::from_code));
            serials.push(s);
        }
        let der = ca.issue_crl(&spec);
        let crl = Crl::from_der(&der).expect("parses");
        let entries: Vec<CrlEntry> = crl.entries().collect::<Result<_, _>>().expect("entries");
        let mut index = RevocationIndex::new(ca.signing_root().certificate()).expect("index");
        index.insert_der(&der).expect("insert");
        let mut template = ca.signing_template(&HolderSpec::example());
        let candidates = serials.iter().copied().chain(probes.iter().filter_map(|p| SerialNumber::from_be_bytes(p).ok()));
        for s in candidates.take(60) {
            if s.to_der_integer_content().len() > 20 {
                continue;
            }
            template.serial = s.to_der_integer_content();
            let cert = Certificate::from_der(&ca.sign_template(&template)).expect("cert");
            // removeFromCRL entries are evidence of nothing (JPKI never releases a revocation).
            let linear = entries
                .iter()
                .filter(|e| e.serial == s && e.reason != Some(CrlReason::RemoveFromCrl))
                .min_by_key(|e| e.revoked_at)
                .map(|e| RevocationStatus::Revoked { revoked_at: e.revoked_at, reason: e.reason, invalid_since: None })
                .unwrap_or(RevocationStatus::Good);
            prop_assert_eq!(index.status(&cert, d), linear);
        }
    }
}

/// A CRL large enough to be decoded on several threads gives the same answers as its entries.
#[test]
fn large_crl_parallel_build_matches_entries() {
    let ca = ca();
    let d = t("2027-01-01T00:00:00Z");
    let mut spec = CrlSpec::signing(d);
    spec.entries = (0..130_000u64)
        .map(|i| {
            // Mostly narrow serials, a few 20-octet ones, and some duplicates.
            let s = if i % 10_007 == 0 {
                SerialNumber::from_hex(&format!("7f{:038x}", i)).expect("wide")
            } else {
                serial(1_000_000 + (i * 7919) % 120_000)
            };
            (s, d.minus_seconds(i), CrlReason::from_code((i % 6) as u8))
        })
        .collect();
    let der = ca.issue_crl(&spec);
    assert!(
        der.len() > super::build::PARALLEL_THRESHOLD_BYTES,
        "{} bytes",
        der.len()
    );
    let crl = Crl::from_der(&der).expect("parses");
    let entries: Vec<CrlEntry> = crl.entries().collect::<Result<_, _>>().expect("entries");
    let mut index = RevocationIndex::new(ca.signing_root().certificate()).expect("index");
    index.insert_der(&der).expect("insert");
    let mut distinct: Vec<SerialNumber> = entries.iter().map(|e| e.serial).collect();
    distinct.sort();
    distinct.dedup();
    assert_eq!(index.len(), distinct.len());
    let mut template = ca.signing_template(&HolderSpec::example());
    for s in distinct.iter().step_by(997).chain([serial(999_999)].iter()) {
        template.serial = s.to_der_integer_content();
        let cert = Certificate::from_der(&ca.sign_template(&template)).expect("cert");
        let linear = entries
            .iter()
            .filter(|e| e.serial == *s)
            .min_by_key(|e| e.revoked_at)
            .map(|e| RevocationStatus::Revoked {
                revoked_at: e.revoked_at,
                reason: e.reason,
                invalid_since: None,
            })
            .unwrap_or(RevocationStatus::Good);
        assert_eq!(index.status(&cert, d), linear, "serial {s}");
    }
}

/// The reasonCode fast path accepts exactly the canonical encoding of each defined code and
/// leaves everything else to the general decoder.
#[test]
fn reason_code_fast_path_is_exact() {
    use der::Encode;
    use x509_cert::ext::Extension;
    use x509_cert::ext::pkix::crl::CrlReason as X;
    let list = |value: Vec<u8>, critical: bool| {
        vec![Extension {
            extn_id: "2.5.29.21".parse::<crate::Oid>().expect("oid").0,
            critical,
            extn_value: der::asn1::OctetString::new(value).expect("octets"),
        }]
        .to_der()
        .expect("der")
    };
    for (x, ours) in [
        (X::Unspecified, CrlReason::Unspecified),
        (X::KeyCompromise, CrlReason::KeyCompromise),
        (X::AffiliationChanged, CrlReason::AffiliationChanged),
        (X::Superseded, CrlReason::Superseded),
        (X::CessationOfOperation, CrlReason::CessationOfOperation),
        (X::CertificateHold, CrlReason::CertificateHold),
        (X::AaCompromise, CrlReason::AaCompromise),
    ] {
        let l = list(x.to_der().expect("der"), false);
        assert_eq!(super::crl::lone_reason_code(&l), Some(ours));
    }
    // Code 7 is undefined; a critical flag, another length or a second extension differ.
    assert_eq!(
        super::crl::lone_reason_code(&list(vec![0x0a, 0x01, 0x07], false)),
        None
    );
    assert_eq!(
        super::crl::lone_reason_code(&list(vec![0x0a, 0x01, 0x01], true)),
        None
    );
    assert_eq!(
        super::crl::lone_reason_code(&list(vec![0x0a, 0x02, 0x00, 0x01], false)),
        None
    );
}

/// The hash-table view used by sweeps answers exactly what the index answers.
#[test]
fn revoked_serials_equal_the_index() {
    let ca = ca();
    let d = t("2027-01-01T00:00:00Z");
    let wide = SerialNumber::from_hex("7f00000000000000000000000000000000000001").expect("wide");
    let a = CrlSpec::signing(d)
        .partition("A", "a")
        .revoke(serial(5), d.minus_seconds(50), None)
        .revoke(wide, d.minus_seconds(5), None);
    let b = CrlSpec::signing(d)
        .partition("B", "b")
        .revoke(
            serial(5),
            d.minus_seconds(90),
            Some(CrlReason::KeyCompromise),
        )
        .revoke(serial(7), d.plus_seconds(10), None);
    let mut index = RevocationIndex::new(ca.signing_root().certificate()).expect("index");
    index.insert_der(&ca.issue_crl(&a)).expect("a");
    index.insert_der(&ca.issue_crl(&b)).expect("b");
    let set = index.revoked_serials();
    for at in [d.minus_seconds(60), d, d.plus_seconds(20)] {
        for s in (1..12).map(serial).chain([wide]) {
            assert_eq!(
                set.revocation_of(s, at),
                index.revocation_of(s, at),
                "{s} at {at}"
            );
        }
    }
    assert_eq!(
        set.revocation_of(serial(5), d),
        Some((d.minus_seconds(90), Some(CrlReason::KeyCompromise)))
    );
}

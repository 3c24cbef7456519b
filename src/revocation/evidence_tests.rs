//! Revocation never fails open: CRLs that cannot bound their own freshness are refused, every
//! piece of verified revocation evidence wins over clean data, revocations are permanent, and
//! an earlier invalidityDate counts. Each case is built outside the testkit's happy path (CRLs
//! and responses the testkit is told to malform), and fails if its rule is removed.
//! (Compiled only under `#[cfg(test)]`, declared in the parent module.)

use proptest::prelude::*;

use super::tests::{DAY, ca, serial, t};
use super::*;
use crate::error::CrlRefusal;
use crate::testkit::{CrlSpec, HolderSpec, OcspSpec, OcspStatusSpec, TemplateExtension};
use crate::{Error, RevocationPolicy, Usage, Verifier};

fn refusal(spec: &CrlSpec) -> Result<(), Error> {
    Crl::from_der(&ca().issue_crl(spec)).map(drop)
}

#[test]
fn a_crl_must_bound_its_freshness() {
    let d = t("2027-01-01T00:00:00Z");
    let mut no_next = CrlSpec::signing(d);
    no_next.next_update = None;
    assert_eq!(
        refusal(&no_next),
        Err(Error::CrlRefused(CrlRefusal::NoNextUpdate))
    );
    let mut inverted = CrlSpec::signing(d);
    inverted.next_update = Some(d.minus_seconds(1));
    assert_eq!(
        refusal(&inverted),
        Err(Error::CrlRefused(CrlRefusal::NextUpdateBeforeThisUpdate))
    );
    // nextUpdate equal to thisUpdate is allowed (it is not before it).
    let mut same = CrlSpec::signing(d);
    same.next_update = Some(d);
    assert_eq!(refusal(&same), Ok(()));

    // A certificate the refused CRL would have covered has no status: unknown, not good.
    let ca = ca();
    let leaf = ca.issue_signing(&HolderSpec::example()).certificate();
    let mut index = RevocationIndex::new(ca.signing_root().certificate()).expect("index");
    assert!(index.insert_der(&ca.issue_crl(&no_next)).is_err());
    assert_eq!(
        index.status(&leaf, d.plus_seconds(365 * DAY)),
        RevocationStatus::Unknown(UnknownReason::NoDataForIssuer)
    );
}

#[test]
fn a_crl_needs_a_non_critical_crl_number() {
    let d = t("2027-01-01T00:00:00Z");
    let mut none = CrlSpec::signing(d);
    none.crl_number = None;
    assert_eq!(
        refusal(&none),
        Err(Error::CrlRefused(CrlRefusal::NoCrlNumber))
    );
    let mut critical = CrlSpec::signing(d);
    critical.crl_number = None;
    critical.extra_extensions.push(TemplateExtension {
        oid: "2.5.29.20".parse().expect("oid"),
        critical: true,
        value: vec![0x02, 0x01, 0x05],
    });
    assert_eq!(
        refusal(&critical),
        Err(Error::CrlRefused(CrlRefusal::CriticalCrlNumber))
    );
    // The same number, non-critical, is accepted.
    critical.extra_extensions[0].critical = false;
    assert_eq!(refusal(&critical), Ok(()));
}

/// An OCSP response for the example holder's signing certificate.
fn ocsp(spec: &OcspSpec) -> OcspResponse {
    OcspResponse::from_der(&ca().issue_ocsp_response(spec)).expect("response")
}

#[test]
fn every_single_response_about_the_certificate_counts() {
    let ca = ca();
    let leaf = ca.issue_signing(&HolderSpec::example());
    let (cert, root) = (leaf.certificate(), ca.signing_root().certificate());
    let d = t("2027-01-01T00:00:00Z");
    let revoked = OcspStatusSpec::Revoked(d.minus_seconds(DAY), Some(CrlReason::KeyCompromise));
    let status = |spec: OcspSpec| ocsp(&spec).status(&cert, &root, d);
    let good = || OcspSpec::good(leaf.serial, d);

    // good (SHA-1) then revoked (SHA-256), and the reverse: revoked.
    for spec in [
        good().and_also(revoked, CertIdHash::Sha256),
        good()
            .with_status(revoked)
            .and_also(OcspStatusSpec::Good, CertIdHash::Sha256),
        good()
            .and_also(OcspStatusSpec::Good, CertIdHash::Sha1)
            .and_also(revoked, CertIdHash::Sha1),
    ] {
        assert!(
            matches!(
                status(spec),
                Ok(RevocationStatus::Revoked {
                    reason: Some(CrlReason::KeyCompromise),
                    ..
                })
            ),
            "a revoked SingleResponse must win"
        );
    }
    // good and unknown: unknown, in either order.
    assert_eq!(
        status(good().and_also(OcspStatusSpec::Unknown, CertIdHash::Sha256)),
        Ok(RevocationStatus::Unknown(UnknownReason::ResponderUnknown))
    );
    assert_eq!(
        status(
            good()
                .with_status(OcspStatusSpec::Unknown)
                .and_also(OcspStatusSpec::Good, CertIdHash::Sha1)
        ),
        Ok(RevocationStatus::Unknown(UnknownReason::ResponderUnknown))
    );
    // Good only when all say good.
    assert_eq!(
        status(good().and_also(OcspStatusSpec::Good, CertIdHash::Sha256)),
        Ok(RevocationStatus::Good)
    );
    // Through the verifier: revoked.
    let verifier = Verifier::new([root.clone()])
        .expect("verifier")
        .with_revocation(ocsp(&good().and_also(revoked, CertIdHash::Sha256)));
    assert!(matches!(
        verifier.verify(&cert, Usage::Signing, d),
        Err(Error::Revoked { .. })
    ));
}

#[test]
fn a_clean_partition_does_not_mask_a_revoking_full_crl() {
    let ca = ca();
    let leaf = ca.issue_signing(&HolderSpec::example()).certificate();
    let d = t("2027-01-01T00:00:00Z");
    let moved = d.minus_seconds(DAY);
    let mut index = RevocationIndex::new(ca.signing_root().certificate()).expect("index");
    // The holder's municipality partition is clean ...
    index
        .insert_der(&ca.issue_crl(&CrlSpec::signing(d).partition("Tokyo-to", "Chiyoda-ku")))
        .expect("partition");
    assert_eq!(index.status(&leaf, d), RevocationStatus::Good);
    // ... but a full CRL of the same CA revokes the certificate: revoked.
    let full =
        CrlSpec::signing(d).revoke(leaf.serial(), moved, Some(CrlReason::AffiliationChanged));
    index.insert_der(&ca.issue_crl(&full)).expect("full");
    assert!(matches!(
        index.status(&leaf, d),
        RevocationStatus::Revoked { revoked_at, .. } if revoked_at == moved
    ));
    assert_eq!(index.status_at(leaf.serial(), d), index.status(&leaf, d));
    // Before the revocation both say good.
    assert_eq!(
        index.status(&leaf, moved.minus_seconds(1)),
        RevocationStatus::Good
    );
}

#[test]
fn a_revoking_delta_crl_is_heeded_and_never_makes_anything_good() {
    let ca = ca();
    let leaf = ca.issue_signing(&HolderSpec::example()).certificate();
    let d = t("2027-01-01T00:00:00Z");
    let moved = d.minus_seconds(3600);
    let mut index = RevocationIndex::new(ca.signing_root().certificate()).expect("index");
    // A delta alone: evidence of revocation only; without a complete CRL nothing is good.
    let empty_delta = CrlSpec::signing(d).number(11).delta_of(10);
    index
        .insert_der(&ca.issue_crl(&empty_delta))
        .expect("delta");
    assert_eq!(
        index.status(&leaf, d),
        RevocationStatus::Unknown(UnknownReason::NotCovered)
    );
    // The base says good ...
    index
        .insert_der(&ca.issue_crl(&CrlSpec::signing(d.minus_seconds(DAY)).number(10)))
        .expect("base");
    assert_eq!(index.status(&leaf, d), RevocationStatus::Good);
    // ... a newer delta revokes: revoked.
    let delta = CrlSpec::signing(d).number(12).delta_of(10).revoke(
        leaf.serial(),
        moved,
        Some(CrlReason::AffiliationChanged),
    );
    index.insert_der(&ca.issue_crl(&delta)).expect("delta");
    assert!(matches!(
        index.status(&leaf, d),
        RevocationStatus::Revoked { .. }
    ));
    assert!(index.revocation_of(leaf.serial(), d).is_some());
    // A delta's removeFromCRL never releases it.
    let release = CrlSpec::signing(d).number(13).delta_of(10).revoke(
        leaf.serial(),
        d,
        Some(CrlReason::RemoveFromCrl),
    );
    index.insert_der(&ca.issue_crl(&release)).expect("release");
    assert!(matches!(
        index.status(&leaf, d),
        RevocationStatus::Revoked { .. }
    ));
    // An older delta does not replace a newer one.
    assert_eq!(
        index.insert_der(&ca.issue_crl(&CrlSpec::signing(d).number(12).delta_of(10))),
        Err(Error::CrlNotNewer)
    );
}

#[test]
fn revocations_are_permanent_when_a_newer_crl_drops_them() {
    let ca = ca();
    let leaf = ca.issue_signing(&HolderSpec::example()).certificate();
    let d = t("2027-01-01T00:00:00Z");
    let revoked_at = d.minus_seconds(DAY);
    let mut index = RevocationIndex::new(ca.signing_root().certificate()).expect("index");
    let listed = CrlSpec::signing(d)
        .number(1)
        .partition("Tokyo-to", "Chiyoda-ku")
        .revoke(
            leaf.serial(),
            revoked_at,
            Some(CrlReason::AffiliationChanged),
        )
        .revoke(serial(77), revoked_at, None);
    index.insert_der(&ca.issue_crl(&listed)).expect("first");
    // The next day's CRL of the same partition no longer lists the holder's certificate.
    let later = d.plus_seconds(DAY);
    let dropped = CrlSpec::signing(later)
        .number(2)
        .partition("Tokyo-to", "Chiyoda-ku")
        .revoke(serial(77), revoked_at, None);
    index.insert_der(&ca.issue_crl(&dropped)).expect("second");
    for at in [revoked_at, d, later, later.plus_seconds(3600)] {
        assert_eq!(
            index.status(&leaf, at),
            RevocationStatus::Revoked {
                revoked_at,
                reason: Some(CrlReason::AffiliationChanged),
                invalid_since: None,
            },
            "at {at}"
        );
    }
    // Before its revocation it was good; the sweep still sees it.
    assert_eq!(
        index.status(&leaf, revoked_at.minus_seconds(1)),
        RevocationStatus::Good
    );
    assert!(
        index
            .revoked_serials()
            .revocation_of(leaf.serial(), later)
            .is_some()
    );
    assert_eq!(index.len(), 2); // serial 77 in the table, the holder's kept aside
}

#[test]
fn an_earlier_invalidity_date_is_when_the_revocation_takes_effect() {
    let ca = ca();
    let leaf = ca.issue_signing(&HolderSpec::example()).certificate();
    let d = t("2027-01-01T00:00:00Z");
    let invalid_since = d.minus_seconds(10 * DAY);
    let spec = CrlSpec::signing(d)
        .revoke(leaf.serial(), d, Some(CrlReason::KeyCompromise))
        .invalid_since(leaf.serial(), invalid_since);
    let mut index = RevocationIndex::new(ca.signing_root().certificate()).expect("index");
    index.insert_der(&ca.issue_crl(&spec)).expect("insert");
    let expected = RevocationStatus::Revoked {
        revoked_at: d,
        reason: Some(CrlReason::KeyCompromise),
        invalid_since: Some(invalid_since),
    };
    // Between invalidityDate and revocationDate: already revoked.
    assert_eq!(index.status(&leaf, d.minus_seconds(5 * DAY)), expected);
    assert_eq!(index.status(&leaf, d), expected);
    assert_eq!(
        index.status(&leaf, invalid_since.minus_seconds(1)),
        RevocationStatus::Good
    );
    assert_eq!(
        index.revocation_of(leaf.serial(), d.minus_seconds(5 * DAY)),
        Some((invalid_since, Some(CrlReason::KeyCompromise)))
    );
    let verifier = Verifier::new([ca.signing_root().certificate()])
        .expect("verifier")
        .with_revocation(index);
    assert_eq!(
        verifier
            .verify(&leaf, Usage::Signing, d.minus_seconds(DAY))
            .map(drop),
        Err(Error::Revoked {
            revoked_at: d,
            reason: Some(CrlReason::KeyCompromise),
            invalid_since: Some(invalid_since),
        })
    );
    // An invalidityDate after the revocationDate changes nothing.
    let late = CrlSpec::signing(d)
        .revoke(leaf.serial(), d, None)
        .invalid_since(leaf.serial(), d.plus_seconds(DAY));
    let mut index = RevocationIndex::new(ca.signing_root().certificate()).expect("index");
    index.insert_der(&ca.issue_crl(&late)).expect("insert");
    assert_eq!(
        index.status(&leaf, d.minus_seconds(1)),
        RevocationStatus::Good
    );
    assert!(matches!(
        index.status(&leaf, d),
        RevocationStatus::Revoked {
            invalid_since: None,
            ..
        }
    ));
}

/// One piece of evidence about the example holder's signing certificate.
#[derive(Clone, Debug)]
enum Evidence {
    /// A CRL (full or the holder's partition), listing the certificate revoked `offset`
    /// seconds after the base time if `Some`, stale at the query time if `stale`.
    Crl {
        revoked: Option<u64>,
        partition: bool,
        stale: bool,
    },
    /// An OCSP response: 0 good, 1 revoked at `offset`, 2 unknown.
    Ocsp { kind: u8, offset: u64, stale: bool },
}

fn evidence() -> impl Strategy<Value = Evidence> {
    prop_oneof![
        (
            proptest::option::of(0u64..4 * DAY),
            any::<bool>(),
            any::<bool>()
        )
            .prop_map(|(revoked, partition, stale)| Evidence::Crl {
                revoked,
                partition,
                stale
            }),
        (0u8..3, 0u64..4 * DAY, any::<bool>()).prop_map(|(kind, offset, stale)| Evidence::Ocsp {
            kind,
            offset,
            stale
        }),
    ]
}

/// The model: any revocation in force wins; else good if some source says good; else unknown.
fn model(items: &[Evidence], base: UnixTime, at: UnixTime) -> &'static str {
    let in_force = |offset: u64| base.plus_seconds(offset) <= at;
    let revoked = items.iter().any(|e| match e {
        Evidence::Crl { revoked, .. } => revoked.is_some_and(in_force),
        Evidence::Ocsp { kind, offset, .. } => *kind == 1 && in_force(*offset),
    });
    let good = items.iter().any(|e| match e {
        Evidence::Crl { stale, .. } => !stale,
        Evidence::Ocsp { kind, stale, .. } => *kind != 2 && !stale,
    });
    if revoked {
        "revoked"
    } else if good {
        "good"
    } else {
        "unknown"
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    /// For random sets of CRL and OCSP evidence, the verifier answers what the model does:
    /// revoked evidence always wins, and no usable evidence is unknown, never good.
    #[test]
    fn revoked_evidence_always_wins(
        items in proptest::collection::vec(evidence(), 1..5),
        at_offset in 0u64..4 * DAY,
    ) {
        let ca = ca();
        let leaf = ca.issue_signing(&HolderSpec::example()).certificate();
        let root = ca.signing_root().certificate();
        let base = t("2027-01-01T00:00:00Z");
        let at = base.plus_seconds(at_offset);
        let mut verifier = Verifier::new([root.clone()]).expect("verifier")
            .with_revocation_policy(RevocationPolicy::SOFT_FAIL);
        for item in &items {
            match item {
                Evidence::Crl { revoked, partition, stale } => {
                    // A stale CRL's nextUpdate is before `at`; a fresh one's after.
                    let this_update = if *stale { base.minus_seconds(3 * DAY) } else { at };
                    let mut spec = CrlSpec::signing(this_update);
                    spec.next_update = Some(this_update.plus_seconds(DAY));
                    if *partition {
                        spec = spec.partition("Tokyo-to", "Chiyoda-ku");
                    }
                    if let Some(offset) = revoked {
                        spec = spec.revoke(leaf.serial(), base.plus_seconds(*offset), None);
                    }
                    let mut index = RevocationIndex::new(root.clone()).expect("index");
                    index.insert_der(&ca.issue_crl(&spec)).expect("insert");
                    verifier = verifier.with_revocation(index);
                }
                Evidence::Ocsp { kind, offset, stale } => {
                    let this_update = if *stale { base.minus_seconds(3 * DAY) } else { at };
                    let status = match kind {
                        0 => OcspStatusSpec::Good,
                        1 => OcspStatusSpec::Revoked(base.plus_seconds(*offset), None),
                        _ => OcspStatusSpec::Unknown,
                    };
                    let spec = OcspSpec::good(leaf.serial(), this_update).with_status(status);
                    verifier = verifier.with_revocation(
                        OcspResponse::from_der(&ca.issue_ocsp_response(&spec)).expect("ocsp"),
                    );
                }
            }
        }
        let got = match verifier.verify(&leaf, Usage::Signing, at) {
            Ok(v) => v.revocation().map_or("none", |s| s.as_str()),
            Err(Error::Revoked { .. }) => "revoked",
            Err(e) => return Err(TestCaseError::fail(format!("unexpected {e}"))),
        };
        prop_assert_eq!(got, model(&items, base, at));
    }
}

//! Every lifecycle transition and refusal, challenges, and the two stores.
//! (Compiled only under `#[cfg(test)]`, declared in the parent module.)

use super::*;
use jpki_core::testkit::{CrlSpec, HolderSpec, IssuedCert, TestCa};
use jpki_core::{BasicFourInfo, Certificate, DateOfBirth, SerialNumber, Sex, Verifier};
use jpki_core::{CrlReason, RevocationIndex};

pub(super) fn t(s: &str) -> UnixTime {
    UnixTime::parse_rfc3339(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

pub(super) struct World {
    pub ca: TestCa,
    pub verifier: Verifier,
    pub at: UnixTime,
}

pub(super) fn world() -> World {
    let ca = TestCa::new(90);
    let verifier = Verifier::new([
        ca.signing_root().certificate(),
        ca.user_authentication_root().certificate(),
    ])
    .expect("verifier");
    World {
        ca,
        verifier,
        at: t("2027-01-01T00:00:00Z"),
    }
}

impl World {
    pub fn verified(&self, c: &IssuedCert, usage: Usage) -> VerifiedCertificate {
        self.verifier
            .verify(&c.certificate(), usage, self.at)
            .expect("verifies")
    }

    /// A holder: spec with serials `n` (signing) and `n + 1` (authentication).
    pub fn holder(&self, n: u64) -> (HolderSpec, VerifiedCertificate, VerifiedCertificate) {
        let spec = HolderSpec::example().with_serials(n, n + 1);
        let pair = self.ca.issue_pair(&spec);
        let s = self.verified(&pair.signing, Usage::Signing);
        let a = self.verified(&pair.user_authentication, Usage::UserAuthentication);
        (spec, s, a)
    }

    /// A new signing certificate for `spec` after a move (new serial, new address).
    pub fn moved(&self, spec: &HolderSpec, n: u64) -> VerifiedCertificate {
        let old = &spec.basic_four;
        let mut s = spec.clone().with_serials(n, n + 1);
        s.basic_four = BasicFourInfo::new(
            old.name(),
            old.date_of_birth(),
            old.sex(),
            "大阪府大阪市北区中之島一丁目３番２０号",
        )
        .expect("info");
        self.verified(&self.ca.issue_signing(&s), Usage::Signing)
    }
}

pub(super) fn key(v: &VerifiedCertificate) -> CertificateKey {
    CertificateKey::of(v).expect("issuer")
}

fn life(keep: bool) -> Lifecycle<MemoryStore> {
    Lifecycle::new(MemoryStore::new(), [9; 32]).keep_basic_four(keep)
}

#[test]
fn enroll_is_idempotent_and_login_finds_the_id() {
    let w = world();
    let l = life(false);
    let (_, s, a) = w.holder(100);
    let id = l.enroll(&s, Some(&a), w.at).expect("enroll");
    assert_eq!(l.enroll(&s, None, w.at), Ok(id));
    assert_eq!(l.login(&a, w.at), Ok((id, IdStatus::Active)));
    let rec = l.record(id).expect("read").expect("record");
    assert_eq!(
        rec.certificates,
        vec![
            LinkedCertificate {
                key: key(&s),
                kind: CertificateKind::Signing,
                status: CertificateStatus::Active,
                linked_at: w.at
            },
            LinkedCertificate {
                key: key(&a),
                kind: CertificateKind::UserAuthentication,
                status: CertificateStatus::Active,
                linked_at: w.at
            }
        ]
    );
    assert!(matches!(rec.identity, ProofedIdentity::Digest(_)));
    // Wrong kinds are refused.
    assert!(matches!(
        l.enroll(&a, None, w.at),
        Err(Error::Certificate(
            jpki_core::Error::WrongCertificateKind { .. }
        ))
    ));
    assert!(matches!(
        l.login(&s, w.at),
        Err(Error::Certificate(
            jpki_core::Error::WrongCertificateKind { .. }
        ))
    ));
    // An authentication certificate nobody enrolled.
    let (_, _, stranger) = w.holder(200);
    assert_eq!(l.login(&stranger, w.at), Err(Error::UnknownCertificate));
    let kinds: Vec<_> = l
        .audit_trail(id)
        .expect("audit")
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(
        kinds,
        vec![AuditKind::Enrolled, AuditKind::Linked, AuditKind::LoggedIn]
    );
}

#[test]
fn ids_are_random_and_distinct() {
    let w = world();
    let l = life(false);
    let mut ids = Vec::new();
    for n in 0..20 {
        let (_, s, _) = w.holder(1_000 + 2 * n);
        let id = l.enroll(&s, None, w.at).expect("enroll");
        assert!(!ids.contains(&id), "an ID was given twice");
        ids.push(id);
    }
    assert_eq!(
        PrivateId::parse(&ids.first().copied().expect("one").to_string()).map(|_| ()),
        Ok(())
    );
    // Not derived from what the service sees: two fresh lifecycles with the same key, given
    // the same certificates, give different IDs (a hash or any other function of the
    // certificate and the key would give the same).
    let (_, s, a) = w.holder(1_000);
    let again = life(false).enroll(&s, Some(&a), w.at).expect("enroll");
    let third = life(false).enroll(&s, Some(&a), w.at).expect("enroll");
    assert_ne!(
        ids.first().copied(),
        Some(again),
        "the ID is a function of the certificate"
    );
    assert_ne!(again, third, "the ID is a function of the certificate");
    // Not a counter: any two of the 22 IDs differ in many of their 128 bits (random IDs differ
    // in 64 on average; below 24 has a probability under 1e-12 per pair).
    ids.extend([again, third]);
    for (i, x) in ids.iter().enumerate() {
        for y in ids.iter().skip(i + 1) {
            let differing: u32 = x
                .to_bytes()
                .iter()
                .zip(y.to_bytes())
                .map(|(p, q)| (p ^ q).count_ones())
                .sum();
            assert!(
                differing >= 24,
                "{x} and {y} differ in {differing} bits only"
            );
        }
    }
}

#[test]
fn sweep_reproof_and_history() {
    let w = world();
    let l = life(true);
    let (spec, s, a) = w.holder(300);
    let id = l.enroll(&s, Some(&a), w.at).expect("enroll");
    let moved = t("2027-02-01T01:00:00Z");
    let crl =
        w.ca.issue_crl(&CrlSpec::signing(t("2027-02-02T00:00:00Z")).revoke(
            s.serial(),
            moved,
            Some(CrlReason::AffiliationChanged),
        ));
    let mut index = RevocationIndex::new(w.ca.signing_root().certificate()).expect("index");
    index.insert_der(&crl).expect("insert");
    // Before the move, nothing is revoked.
    assert_eq!(
        l.sweep(&index, moved.minus_seconds(1)).expect("sweep"),
        vec![]
    );
    let later = t("2027-02-02T01:00:00Z");
    let hit = l.sweep(&index, later).expect("sweep");
    assert_eq!(
        hit,
        vec![Affected {
            private_id: id,
            certificate: key(&s),
            kind: CertificateKind::Signing,
            reason: Some(CrlReason::AffiliationChanged),
            revoked_at: moved,
            moved_to: None,
            status: IdStatus::NeedsReproofing,
        }]
    );
    assert_eq!(
        l.sweep(&index, later).expect("sweep again"),
        vec![],
        "only active certificates are swept"
    );
    // The holder can still log in and is told to re-proof.
    assert_eq!(l.login(&a, later), Ok((id, IdStatus::NeedsReproofing)));
    // Re-proofing with the new certificate lists what changed.
    let new = w.moved(&spec, 310);
    let changed = l.reproof(id, &new, later).expect("reproof");
    assert_eq!(
        changed,
        vec![BasicFourItem::Address, BasicFourItem::AddressSubstitutes]
    );
    let rec = l.record(id).expect("read").expect("record");
    let statuses: Vec<_> = rec.certificates.iter().map(|c| (c.key, c.status)).collect();
    assert_eq!(rec.status, IdStatus::Active);
    assert_eq!(
        statuses,
        vec![
            (
                key(&s),
                CertificateStatus::Revoked {
                    revoked_at: moved,
                    reason: Some(CrlReason::AffiliationChanged)
                }
            ),
            (key(&a), CertificateStatus::Active),
            (key(&new), CertificateStatus::Active),
        ]
    );
    let kinds: Vec<_> = l
        .audit_trail(id)
        .expect("audit")
        .into_iter()
        .map(|e| (e.kind, e.certificate))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (AuditKind::Enrolled, Some(key(&s))),
            (AuditKind::Linked, Some(key(&a))),
            (
                AuditKind::RevocationFound {
                    revoked_at: moved,
                    reason: Some(CrlReason::AffiliationChanged)
                },
                Some(key(&s))
            ),
            (AuditKind::LoggedIn, Some(key(&a))),
            (AuditKind::Reproofed { changed }, Some(key(&new))),
        ]
    );
    // The revoked certificate cannot re-proof or be linked again.
    assert_eq!(l.reproof(id, &s, later), Err(Error::CertificateNotActive));
    assert_eq!(l.link(id, &s, later), Err(Error::CertificateNotActive));
}

#[test]
fn reproof_refusals() {
    let w = world();
    let l = life(false);
    let (_, s, _) = w.holder(400);
    let id = l.enroll(&s, None, w.at).expect("enroll");
    // Another person: other name and date of birth.
    let other = BasicFourInfo::new(
        "鈴木　一郎",
        DateOfBirth::parse("319700101").expect("dob"),
        Sex::Male,
        "北海道札幌市",
    )
    .expect("info");
    let mut spec = HolderSpec::example().with_serials(410, 411);
    spec.basic_four = other;
    let stranger = w.verified(&w.ca.issue_signing(&spec), Usage::Signing);
    assert_eq!(l.reproof(id, &stranger, w.at), Err(Error::ReproofMismatch));
    // A certificate already linked to another ID.
    let (_, s2, _) = w.holder(420);
    l.enroll(&s2, None, w.at).expect("second");
    assert_eq!(
        l.reproof(id, &s2, w.at),
        Err(Error::CertificateLinkedElsewhere)
    );
    // Supersession-only policy refuses a merely matching certificate...
    let strict = Lifecycle::new(MemoryStore::new(), [9; 32])
        .with_reproof_policy(ReproofPolicy::SupersessionOnly);
    let id2 = strict.enroll(&s, None, w.at).expect("enroll");
    let (spec3, _, _) = w.holder(400);
    let same = w.moved(&spec3, 430);
    assert_eq!(
        strict.reproof(id2, &same, w.at),
        Err(Error::ReproofMismatch)
    );
    // ... but accepts it once J-LIS's supersession link is recorded.
    strict.supersede(key(&s), key(&same), w.at).expect("link");
    let rec = strict.record(id2).expect("read").expect("record");
    assert_eq!(
        rec.active(CertificateKind::Signing)
            .map(|c| c.key)
            .collect::<Vec<_>>(),
        vec![key(&same)]
    );
    assert_eq!(
        l.reproof(PrivateId::random(), &same, w.at),
        Err(Error::UnknownPrivateId)
    );
}

#[test]
fn supersession_links_move_ids_in_the_sweep() {
    let w = world();
    let l = life(false);
    let (spec, s, _) = w.holder(500);
    let id = l.enroll(&s, None, w.at).expect("enroll");
    let renewed = w.moved(&spec, 510);
    // The link is known before the CRL arrives.
    let mut links = std::collections::HashMap::new();
    links.insert(key(&s), (w.at, Some(CrlReason::Superseded)));
    l.store()
        .transaction(|tx| tx.put_supersession(&key(&s), &key(&renewed)))
        .expect("link");
    let hit = l.sweep(&links, w.at).expect("sweep");
    assert_eq!(hit.first().map(|h| h.moved_to), Some(Some(key(&renewed))));
    assert_eq!(hit.first().map(|h| h.status), Some(IdStatus::Active));
    let rec = l.record(id).expect("read").expect("record");
    assert_eq!(rec.status, IdStatus::Active);
    assert_eq!(
        rec.certificate(&key(&s)).map(|c| c.status),
        Some(CertificateStatus::Superseded)
    );
    assert_eq!(
        rec.active(CertificateKind::Signing)
            .map(|c| c.key)
            .collect::<Vec<_>>(),
        vec![key(&renewed)]
    );
    assert!(
        l.audit_trail(id)
            .expect("audit")
            .iter()
            .any(|e| e.kind == AuditKind::Superseded)
    );
}

#[test]
fn basic_four_update_with_consent_retire_and_delete() {
    let w = world();
    let l = life(true);
    let (spec, s, a) = w.holder(600);
    let id = l.enroll(&s, Some(&a), w.at).expect("enroll");
    let old = &spec.basic_four;
    let latest = BasicFourInfo::new(
        old.name(),
        old.date_of_birth(),
        old.sex(),
        "福岡県福岡市中央区天神一丁目",
    )
    .expect("info");
    let changed = l
        .update_basic_four(
            id,
            &latest,
            "platform-operator-x",
            "consent-2027-0001",
            w.at,
        )
        .expect("update");
    assert_eq!(
        changed,
        vec![BasicFourItem::Address, BasicFourItem::AddressSubstitutes]
    );
    assert!(l.audit_trail(id).expect("audit").iter().any(|e| matches!(&e.kind,
        AuditKind::BasicFourUpdated { source, consent, .. } if source == "platform-operator-x" && consent == "consent-2027-0001")));
    assert_eq!(l.delete_personal_data(id, w.at), Err(Error::NotRetired));
    l.retire(id, w.at).expect("retire");
    assert_eq!(l.login(&a, w.at), Err(Error::IdRetired));
    assert_eq!(l.enroll(&s, None, w.at), Err(Error::IdRetired));
    assert_eq!(
        l.update_basic_four(id, &latest, "x", "y", w.at),
        Err(Error::IdRetired)
    );
    l.delete_personal_data(id, w.at).expect("delete");
    assert_eq!(
        l.record(id).expect("read").map(|r| r.identity),
        Some(ProofedIdentity::Deleted)
    );
    let kinds: Vec<_> = l
        .audit_trail(id)
        .expect("audit")
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(kinds.last(), Some(&AuditKind::Deleted));
    assert!(kinds.contains(&AuditKind::Enrolled) && kinds.contains(&AuditKind::Retired));
}

#[test]
fn failed_operations_change_nothing() {
    let w = world();
    let l = life(false);
    let (_, s, a) = w.holder(700);
    let id = l.enroll(&s, Some(&a), w.at).expect("enroll");
    let before = (l.record(id), l.audit_trail(id));
    let (_, s2, _) = w.holder(710);
    // Enrolling s2 with a's auth certificate (already linked elsewhere) must fail atomically.
    assert_eq!(
        l.enroll(&s2, Some(&a), w.at),
        Err(Error::CertificateLinkedElsewhere)
    );
    assert_eq!(l.store().len(), 1);
    assert_eq!((l.record(id), l.audit_trail(id)), before);
}

#[test]
fn challenges_are_one_time_expiring_and_session_bound() {
    let w = world();
    let pair =
        w.ca.issue_pair(&HolderSpec::example().with_serials(800, 801));
    let auth = w.verified(&pair.user_authentication, Usage::UserAuthentication);
    let signing = w.verified(&pair.signing, Usage::Signing);
    let ch = Challenges::new(60);
    let (me, other) = ([1u8; 16], [2u8; 16]);
    let c = ch.issue(me, w.at);
    let sig = pair.user_authentication.private_key.sign(&c.nonce);
    assert_eq!(ch.redeem(me, &c.nonce, &sig, &auth, w.at), Ok(()));
    assert!(
        matches!(
            ch.redeem(me, &c.nonce, &sig, &auth, w.at),
            Err(Error::ChallengeRefused(_))
        ),
        "replay"
    );
    let c = ch.issue(me, w.at);
    let sig = pair.user_authentication.private_key.sign(&c.nonce);
    assert!(
        matches!(
            ch.redeem(me, &c.nonce, &sig, &auth, w.at.plus_seconds(61)),
            Err(Error::ChallengeRefused(_))
        ),
        "expired"
    );
    let c = ch.issue(me, w.at);
    let sig = pair.user_authentication.private_key.sign(&c.nonce);
    assert!(
        matches!(
            ch.redeem(other, &c.nonce, &sig, &auth, w.at),
            Err(Error::ChallengeRefused(_))
        ),
        "foreign session"
    );
    assert!(
        matches!(
            ch.redeem(me, &[7u8; 32], &sig, &auth, w.at),
            Err(Error::ChallengeRefused(_))
        ),
        "never issued"
    );
    let c = ch.issue(me, w.at);
    let bad = pair.user_authentication.private_key.sign(b"something else");
    assert_eq!(
        ch.redeem(me, &c.nonce, &bad, &auth, w.at),
        Err(Error::Certificate(jpki_core::Error::BadSignature))
    );
    let c = ch.issue(me, w.at);
    let by_signing_key = pair.signing.private_key.sign(&c.nonce);
    assert!(matches!(
        ch.redeem(me, &c.nonce, &by_signing_key, &signing, w.at),
        Err(Error::ChallengeRefused(_))
    ));
    let _ = Certificate::from_der(&pair.signing.der);
}

/// The same serial under two CAs (another CA generation, the test environment) names two
/// certificates: two holders, two IDs, and one CA's CRL touches only its own holder.
#[test]
fn serials_are_qualified_by_their_issuer() {
    let w = world();
    let other_ca = TestCa::new(91);
    let verifier = Verifier::new([
        w.ca.signing_root().certificate(),
        w.ca.user_authentication_root().certificate(),
        other_ca.signing_root().certificate(),
        other_ca.user_authentication_root().certificate(),
    ])
    .expect("verifier");
    let spec = HolderSpec::example().with_serials(900, 901);
    let verify = |ca: &TestCa| {
        let pair = ca.issue_pair(&spec);
        (
            verifier
                .verify(&pair.signing.certificate(), Usage::Signing, w.at)
                .expect("signing"),
            verifier
                .verify(
                    &pair.user_authentication.certificate(),
                    Usage::UserAuthentication,
                    w.at,
                )
                .expect("auth"),
        )
    };
    let (s1, a1) = verify(&w.ca);
    let (s2, a2) = verify(&other_ca);
    assert_eq!((s1.serial(), a1.serial()), (s2.serial(), a2.serial()));
    let l = life(false);
    let id1 = l.enroll(&s1, Some(&a1), w.at).expect("first");
    let id2 = l.enroll(&s2, Some(&a2), w.at).expect("second");
    assert_ne!(id1, id2, "a bare serial collided");
    assert_eq!(l.login(&a2, w.at).map(|x| x.0), Ok(id2));
    // The signing and user-authentication CAs may use the same serial too.
    let same = HolderSpec::example().with_serials(950, 950);
    let pair = w.ca.issue_pair(&same);
    let s3 = w.verified(&pair.signing, Usage::Signing);
    let a3 = w.verified(&pair.user_authentication, Usage::UserAuthentication);
    let id3 = l
        .enroll(&s3, Some(&a3), w.at)
        .expect("same serial, two CAs");
    assert_eq!(l.login(&a3, w.at).map(|x| x.0), Ok(id3));
    // The first CA's CRL revokes serial 900: only its holder is affected.
    let crl = w.ca.issue_crl(&CrlSpec::signing(w.at).revoke(
        SerialNumber::from_u64(900).expect("serial"),
        w.at,
        None,
    ));
    let mut index = RevocationIndex::new(w.ca.signing_root().certificate()).expect("index");
    index.insert_der(&crl).expect("insert");
    let hit: Vec<_> = l
        .sweep(&index, w.at)
        .expect("sweep")
        .into_iter()
        .map(|a| a.private_id)
        .collect();
    assert_eq!(hit, vec![id1]);
    assert_eq!(
        l.login(&a2, w.at),
        Ok((id2, IdStatus::Active)),
        "the other CA's holder was swept"
    );
}

/// A smartphone user-authentication certificate beside the card's: both log in, the phone's
/// is revoked on its own (the phone was sold), the card's keeps working and the ID stays
/// active; a replacement phone is linked, the old one unlinked.
#[test]
fn smartphone_certificates_live_and_die_on_their_own() {
    let w = world();
    let l = life(false);
    let (_, s, card) = w.holder(1_100);
    let (_, _, phone) = w.holder(1_110);
    let (_, _, new_phone) = w.holder(1_120);
    let id = l.enroll(&s, Some(&card), w.at).expect("enroll");
    l.link(id, &phone, w.at).expect("link phone");
    l.link(id, &phone, w.at)
        .expect("linking again does nothing");
    assert_eq!(l.login(&phone, w.at), Ok((id, IdStatus::Active)));
    assert_eq!(l.login(&card, w.at), Ok((id, IdStatus::Active)));
    // A second ID cannot take the phone's certificate, nor enrol with it.
    let (_, s2, _) = w.holder(1_130);
    let id2 = l.enroll(&s2, None, w.at).expect("second holder");
    assert_eq!(
        l.link(id2, &phone, w.at),
        Err(Error::CertificateLinkedElsewhere)
    );
    assert_eq!(
        l.enroll(&s2, Some(&phone), w.at),
        Err(Error::CertificateLinkedElsewhere)
    );
    // The phone is sold: its certificate is revoked.
    let revoked = std::collections::HashMap::from([(
        key(&phone),
        (w.at, Some(CrlReason::CessationOfOperation)),
    )]);
    let later = w.at.plus_seconds(60);
    let hit = l.sweep(&revoked, later).expect("sweep");
    assert_eq!(
        hit.iter()
            .map(|a| (a.certificate, a.kind, a.status))
            .collect::<Vec<_>>(),
        vec![(
            key(&phone),
            CertificateKind::UserAuthentication,
            IdStatus::Active
        )]
    );
    assert_eq!(l.login(&phone, later), Err(Error::CertificateNotActive));
    assert_eq!(l.login(&card, later), Ok((id, IdStatus::Active)));
    // The new phone; the card's certificate is unlinked by the service (card lost).
    l.link(id, &new_phone, later).expect("new phone");
    l.unlink(id, &key(&card), later).expect("unlink card");
    l.unlink(id, &key(&card), later)
        .expect("unlinking again does nothing");
    assert_eq!(l.login(&card, later), Err(Error::CertificateNotActive));
    assert_eq!(l.login(&new_phone, later), Ok((id, IdStatus::Active)));
    let listed: Vec<_> = l
        .certificates(id)
        .expect("list")
        .into_iter()
        .map(|c| (c.key, c.status.as_str()))
        .collect();
    assert_eq!(
        listed,
        vec![
            (key(&s), "active"),
            (key(&card), "unlinked"),
            (key(&phone), "revoked"),
            (key(&new_phone), "active"),
        ]
    );
    // An unlinked certificate is never linked to another ID.
    assert_eq!(
        l.link(id2, &card, later),
        Err(Error::CertificateLinkedElsewhere)
    );
    assert_eq!(
        l.unlink(id, &key(&s2), later),
        Err(Error::UnknownCertificate)
    );
    // Unlinking the last active signing certificate leaves the ID needing re-proofing.
    l.unlink(id, &key(&s), later).expect("unlink signing");
    assert_eq!(
        l.login(&new_phone, later),
        Ok((id, IdStatus::NeedsReproofing))
    );
}

/// The card's signing certificate revoked, the smartphone's not: under the default policy the
/// ID stays active (a login works and says so); under the strict policy it needs re-proofing;
/// either way, once the phone's is revoked too, it needs re-proofing.
#[test]
fn sweep_policy_per_certificate() {
    let w = world();
    let (spec, card, auth) = w.holder(1_200);
    let phone = w.verified(
        &w.ca.issue_signing(&spec.clone().with_serials(1_210, 1_211)),
        Usage::Signing,
    );
    let card_revoked =
        std::collections::HashMap::from([(key(&card), (w.at, Some(CrlReason::KeyCompromise)))]);
    let both_revoked = std::collections::HashMap::from([
        (key(&card), (w.at, Some(CrlReason::KeyCompromise))),
        (key(&phone), (w.at, None)),
    ]);
    for (policy, after_card) in [
        (SweepPolicy::NoActiveSigningCertificate, IdStatus::Active),
        (
            SweepPolicy::AnySigningCertificateRevoked,
            IdStatus::NeedsReproofing,
        ),
    ] {
        let l = life(false).with_sweep_policy(policy);
        let id = l.enroll(&card, Some(&auth), w.at).expect("enroll");
        l.link(id, &phone, w.at).expect("phone signing");
        let hit = l.sweep(&card_revoked, w.at).expect("sweep");
        assert_eq!(
            hit.first().map(|a| a.status),
            Some(after_card),
            "{policy:?}"
        );
        assert_eq!(l.login(&auth, w.at), Ok((id, after_card)), "{policy:?}");
        l.sweep(&both_revoked, w.at).expect("sweep");
        assert_eq!(
            l.login(&auth, w.at),
            Ok((id, IdStatus::NeedsReproofing)),
            "{policy:?}"
        );
    }
    // Linking a signing certificate of someone else is refused.
    let l = life(false);
    let id = l.enroll(&card, None, w.at).expect("enroll");
    let mut stranger = HolderSpec::example().with_serials(1_220, 1_221);
    stranger.basic_four = BasicFourInfo::new(
        "鈴木　一郎",
        DateOfBirth::parse("319700101").expect("dob"),
        Sex::Male,
        "北海道札幌市",
    )
    .expect("info");
    let stranger = w.verified(&w.ca.issue_signing(&stranger), Usage::Signing);
    assert_eq!(l.link(id, &stranger, w.at), Err(Error::ReproofMismatch));
}

//! Every lifecycle transition and refusal, challenges, and the two stores.
//! (Compiled only under `#[cfg(test)]`, declared in the parent module.)

use super::*;
use jpki_core::testkit::{CrlSpec, HolderSpec, IssuedCert, TestCa};
use jpki_core::{BasicFourInfo, Certificate, DateOfBirth, Sex, Verifier};
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
        (rec.signing_serial, rec.auth_serial),
        (s.serial(), Some(a.serial()))
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
    assert_eq!(kinds, vec![AuditKind::Enrolled, AuditKind::LoggedIn]);
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
            serial: s.serial(),
            reason: Some(CrlReason::AffiliationChanged),
            revoked_at: moved,
            moved_to: None
        }]
    );
    assert_eq!(
        l.sweep(&index, later).expect("sweep again"),
        vec![],
        "only active IDs are swept"
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
    assert_eq!(
        (rec.status, rec.signing_serial, rec.history.clone()),
        (IdStatus::Active, new.serial(), vec![s.serial()])
    );
    let kinds: Vec<_> = l
        .audit_trail(id)
        .expect("audit")
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(kinds.len(), 4);
    assert_eq!(kinds.first(), Some(&AuditKind::Enrolled));
    assert_eq!(
        kinds.get(1),
        Some(&AuditKind::RevocationFound {
            revoked_at: moved,
            reason: Some(CrlReason::AffiliationChanged)
        })
    );
    assert_eq!(kinds.get(2), Some(&AuditKind::LoggedIn));
    assert_eq!(kinds.get(3), Some(&AuditKind::Reproofed { changed }));
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
    strict
        .supersede(s.serial(), same.serial(), w.at)
        .expect("link");
    assert_eq!(
        strict.record(id2).expect("read").map(|r| r.signing_serial),
        Some(same.serial())
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
    links.insert(s.serial(), (w.at, Some(CrlReason::Superseded)));
    l.store()
        .transaction(|tx| tx.put_supersession(s.serial(), renewed.serial()))
        .expect("link");
    let hit = l.sweep(&links, w.at).expect("sweep");
    assert_eq!(
        hit.first().map(|h| h.moved_to),
        Some(Some(renewed.serial()))
    );
    let rec = l.record(id).expect("read").expect("record");
    assert_eq!(
        (rec.status, rec.signing_serial),
        (IdStatus::Active, renewed.serial())
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

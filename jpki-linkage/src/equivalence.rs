//! The lifecycle on any store, driven by random operation sequences over a fixed pool of
//! holders (each with a card and a smartphone): the transcript of every answer and the final
//! records and audit trails, with private IDs renamed in order of enrolment, so that two
//! stores can be compared. (Compiled only under `#[cfg(test)]`, declared in lib.rs.)

use std::collections::HashMap;
use std::sync::OnceLock;

use proptest::prelude::*;

use super::tests::{key, world};
use super::*;
use jpki_core::CrlReason;

/// One holder's certificates: the card's pair, the smartphone's pair, and the signing
/// certificate written after a move.
struct Holder {
    card_signing: VerifiedCertificate,
    card_auth: VerifiedCertificate,
    phone_signing: VerifiedCertificate,
    phone_auth: VerifiedCertificate,
    renewed: VerifiedCertificate,
}

impl Holder {
    fn cert(&self, c: u8) -> &VerifiedCertificate {
        match c % 5 {
            0 => &self.card_signing,
            1 => &self.card_auth,
            2 => &self.phone_signing,
            3 => &self.phone_auth,
            _ => &self.renewed,
        }
    }
}

const HOLDERS: u8 = 4;

fn pool() -> &'static [Holder] {
    static POOL: OnceLock<Vec<Holder>> = OnceLock::new();
    POOL.get_or_init(|| {
        let w = world();
        (0..u64::from(HOLDERS))
            .map(|h| {
                let base = 70_000 + 10 * h;
                let (spec, card_signing, card_auth) = w.holder(base);
                let phone =
                    w.ca.issue_pair(&spec.clone().with_serials(base + 2, base + 3));
                Holder {
                    card_signing,
                    card_auth,
                    phone_signing: w.verified(&phone.signing, Usage::Signing),
                    phone_auth: w.verified(&phone.user_authentication, Usage::UserAuthentication),
                    renewed: w.moved(&spec, base + 4),
                }
            })
            .collect()
    })
}

/// A lifecycle operation on holders of the pool (by index).
#[derive(Clone, Debug)]
pub(super) enum LOp {
    Enroll(u8, bool),
    /// Links holder `.1`'s phone user-authentication certificate to holder `.0`'s ID (another
    /// holder's: refused when already linked elsewhere).
    LinkPhone(u8, u8),
    LinkPhoneSigning(u8),
    Unlink(u8, u8),
    Login(u8, bool),
    /// Revokes these (holder, certificate) pairs.
    Sweep(Vec<(u8, u8)>),
    Reproof(u8),
    Supersede(u8),
    Retire(u8),
    Delete(u8),
    Update(u8),
}

pub(super) fn op() -> impl Strategy<Value = LOp> {
    let h = 0..HOLDERS;
    prop_oneof![
        3 => (h.clone(), any::<bool>()).prop_map(|(h, a)| LOp::Enroll(h, a)),
        2 => (h.clone(), h.clone()).prop_map(|(h, p)| LOp::LinkPhone(h, p)),
        1 => h.clone().prop_map(LOp::LinkPhoneSigning),
        1 => (h.clone(), 0u8..5).prop_map(|(h, c)| LOp::Unlink(h, c)),
        3 => (h.clone(), any::<bool>()).prop_map(|(h, p)| LOp::Login(h, p)),
        2 => proptest::collection::vec((h.clone(), 0u8..5), 0..4).prop_map(LOp::Sweep),
        1 => h.clone().prop_map(LOp::Reproof),
        1 => h.clone().prop_map(LOp::Supersede),
        1 => h.clone().prop_map(LOp::Retire),
        1 => h.clone().prop_map(LOp::Delete),
        1 => h.prop_map(LOp::Update),
    ]
}

/// Renames private IDs `#0`, `#1`, … in order of first enrolment.
struct Names(Vec<PrivateId>);

impl Names {
    fn text(&self, debug: String) -> String {
        self.0.iter().enumerate().fold(debug, |s, (i, id)| {
            s.replace(&format!("PrivateId({id})"), &format!("#{i}"))
        })
    }
}

fn id_of<S: LinkageStore>(life: &Lifecycle<S>, h: &Holder) -> Result<Option<PrivateId>, Error> {
    let k = key(&h.card_signing);
    life.store().transaction(|tx| tx.id_by_certificate(&k))
}

/// Runs `ops` on a lifecycle over `store`: the transcript of answers, then every record and
/// audit trail.
pub(super) fn run<S: LinkageStore>(store: S, ops: &[LOp]) -> Vec<String> {
    let life = Lifecycle::new(store, [4; 32]).keep_basic_four(true);
    let pool = pool();
    let holder = |h: u8| &pool[usize::from(h % HOLDERS)];
    let mut names = Names(Vec::new());
    let mut transcript = Vec::new();
    let start = world().at;
    for (i, op) in ops.iter().enumerate() {
        let at = start.plus_seconds(60 * i as u64);
        let by_id = |h: u8, f: &dyn Fn(PrivateId) -> String| match id_of(&life, holder(h)) {
            Ok(Some(id)) => f(id),
            other => format!("no id: {other:?}"),
        };
        let answer = match op {
            LOp::Enroll(h, with_auth) => {
                let p = holder(*h);
                let out = life.enroll(&p.card_signing, with_auth.then_some(&p.card_auth), at);
                if let Ok(id) = out
                    && !names.0.contains(&id)
                {
                    names.0.push(id);
                }
                format!("{out:?}")
            }
            LOp::LinkPhone(h, p) => by_id(*h, &|id| {
                format!("{:?}", life.link(id, &holder(*p).phone_auth, at))
            }),
            LOp::LinkPhoneSigning(h) => by_id(*h, &|id| {
                format!("{:?}", life.link(id, &holder(*h).phone_signing, at))
            }),
            LOp::Unlink(h, c) => by_id(*h, &|id| {
                format!("{:?}", life.unlink(id, &key(holder(*h).cert(*c)), at))
            }),
            LOp::Login(h, phone) => {
                let p = holder(*h);
                let cert = if *phone { &p.phone_auth } else { &p.card_auth };
                format!("{:?}", life.login(cert, at))
            }
            LOp::Sweep(revoked) => {
                let source: HashMap<_, _> = revoked
                    .iter()
                    .map(|(h, c)| {
                        (
                            key(holder(*h).cert(*c)),
                            (at.minus_seconds(1), Some(CrlReason::KeyCompromise)),
                        )
                    })
                    .collect();
                match life.sweep(&source, at) {
                    Ok(hits) => {
                        // Stores visit records in different orders: compare the set.
                        let mut hits: Vec<_> =
                            hits.iter().map(|a| names.text(format!("{a:?}"))).collect();
                        hits.sort();
                        format!("Ok({hits:?})")
                    }
                    Err(e) => format!("Err({e:?})"),
                }
            }
            LOp::Reproof(h) => by_id(*h, &|id| {
                format!("{:?}", life.reproof(id, &holder(*h).renewed, at))
            }),
            LOp::Supersede(h) => {
                let p = holder(*h);
                format!(
                    "{:?}",
                    life.supersede(key(&p.card_signing), key(&p.renewed), at)
                )
            }
            LOp::Retire(h) => by_id(*h, &|id| format!("{:?}", life.retire(id, at))),
            LOp::Delete(h) => by_id(*h, &|id| format!("{:?}", life.delete_personal_data(id, at))),
            LOp::Update(h) => by_id(*h, &|id| {
                let info = holder(*h).renewed.basic_four().expect("items");
                format!(
                    "{:?}",
                    life.update_basic_four(id, &info, "operator", "consent-1", at)
                )
            }),
        };
        transcript.push(names.text(format!("{i}: {op:?} -> {answer}")));
    }
    for (n, id) in names.0.iter().enumerate() {
        let record = life.record(*id).map(|r| {
            r.map(|mut r| {
                // ProofedIdentity's Debug hides the items: compare their stored form.
                let identity = format!("{:?}", codec::identity_code(&r.identity));
                r.identity = ProofedIdentity::Deleted;
                (r, identity)
            })
        });
        transcript.push(names.text(format!("record #{n}: {record:?}")));
        transcript.push(names.text(format!("trail #{n}: {:?}", life.audit_trail(*id))));
    }
    transcript
}

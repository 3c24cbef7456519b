//! # jpki-linkage
//!
//! Serial-number linkage and the private-ID lifecycle for services that accept JPKI (My Number
//! card) certificates, on top of [`jpki_core`]'s verification.
//!
//! A service proofs a person once with the JPKI signing certificate and gives them a random
//! [`PrivateId`]; afterwards they log in with the user-authentication certificate of the same
//! card, or of a smartphone linked with [`Lifecycle::link`]. An ID links any number of
//! certificates, each named by its issuing CA and serial ([`CertificateKey`]: a serial alone
//! is unique only within its CA) and each with its own status. When a signing certificate is
//! revoked (moving house, marriage, renewal), the [`Lifecycle::sweep`] marks it, and the ID for
//! re-proofing under the [`SweepPolicy`]; [`Lifecycle::reproof`] carries the ID over to the new
//! certificate for the same person, listing what changed; supersession links the caller
//! obtained from J-LIS move it without re-proofing. Every event goes to an append-only audit
//! trail.
//!
//! Stores: [`MemoryStore`], `RedbStore` (feature `redb`, default: one process, one file) and
//! `PostgresStore` (feature `postgres`: several application servers on one database server).
//!
//! ```
//! use jpki_core::{UnixTime, Usage, Verifier, testkit::{HolderSpec, TestCa}};
//! use jpki_linkage::{IdStatus, Lifecycle, MemoryStore};
//! let ca = TestCa::new(1);
//! let pair = ca.issue_pair(&HolderSpec::example());
//! let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
//! let v = Verifier::new([ca.signing_root().certificate(), ca.user_authentication_root().certificate()])?;
//! let signing = v.verify(&pair.signing.certificate(), Usage::Signing, at)?;
//! let auth = v.verify(&pair.user_authentication.certificate(), Usage::UserAuthentication, at)?;
//! let service = Lifecycle::new(MemoryStore::new(), [7; 32]);
//! let id = service.enroll(&signing, Some(&auth), at)?;
//! // Later logins find the ID through the user-authentication certificate alone.
//! let (found, status) = service.login(&auth, at)?;
//! assert_eq!((found, status), (id, IdStatus::Active));
//! # Ok::<(), jpki_linkage::Error>(())
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod certificate;
mod challenge;
pub(crate) mod codec;
mod error;
// The fuzz target's entry point reaches the private codec: compiled only for cargo-fuzz
// (`--cfg fuzzing`) and for this crate's own tests, never into the library.
#[cfg(any(test, fuzzing))]
#[doc(hidden)]
pub mod fuzz_entry;
mod model;
#[cfg(feature = "postgres")]
mod postgres_store;
#[cfg(feature = "redb")]
mod redb_store;
mod store;
mod sweep;

use hmac::{KeyInit, Mac};
use sha2::Sha256;

pub use certificate::{CertificateKey, CertificateStatus, IssuerKey, LinkedCertificate};
pub use challenge::{Challenge, Challenges};
pub use error::{ChallengeRefusal, ConflictKind, Error, SqlState, StoreFailure, TimeoutKind};
pub use model::{AuditEvent, AuditKind, IdStatus, LinkRecord, PrivateId, ProofedIdentity};
#[cfg(feature = "postgres")]
pub use postgres_store::{PostgresSettings, PostgresStore};
#[cfg(feature = "redb")]
pub use redb_store::RedbStore;
pub use store::{LinkageStore, LinkageTxn, MemoryStore};
pub use sweep::{Affected, SweepSource};

/// Supersession links followed from one certificate when re-proofing (a longer chain is not
/// followed: the re-proofing falls back to the [`ReproofPolicy`]).
const MAX_SUPERSESSION_CHAIN: usize = 64;

use jpki_core::{
    BasicFourInfo, BasicFourItem, CertificateKind, UnixTime, Usage, VerifiedCertificate,
};

/// When a new signing certificate may take over an ID at re-proofing.
///
/// ```
/// use jpki_linkage::{Lifecycle, MemoryStore, ReproofPolicy};
/// // Accept a new signing certificate for an ID only through a J-LIS supersession link.
/// let life = Lifecycle::new(MemoryStore::new(), [7; 32]).with_reproof_policy(ReproofPolicy::SupersessionOnly);
/// # let _ = life;
/// // Without a choice, the same name, date of birth and sex suffice (a move keeps the ID).
/// assert_eq!(ReproofPolicy::default(), ReproofPolicy::SameNameDateOfBirthSex);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum ReproofPolicy {
    /// Only through a supersession link (old serial → new serial) the caller recorded.
    SupersessionOnly,
    /// A supersession link, or the same name, date of birth and sex (the address may change:
    /// moving house is the common case). The default.
    #[default]
    SameNameDateOfBirthSex,
    /// A supersession link, or the same date of birth and sex (name and address may change,
    /// e.g. on marriage).
    SameDateOfBirthSex,
}

/// When the sweep marks an ID as needing re-proofing after finding one of its signing
/// certificates revoked. A holder may have several: the card's and, since 2023 (Android) and
/// 2025 (iPhone), a smartphone's, each with its own serial and its own revocation.
///
/// ```
/// use jpki_linkage::SweepPolicy;
/// // By default a valid smartphone signing certificate keeps the ID active when the card's is
/// // revoked (and vice versa).
/// assert_eq!(SweepPolicy::default(), SweepPolicy::NoActiveSigningCertificate);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum SweepPolicy {
    /// Needs re-proofing when no active signing certificate remains. The default.
    #[default]
    NoActiveSigningCertificate,
    /// Needs re-proofing as soon as any of its signing certificates is found revoked (a
    /// service that wants the card's latest basic four items after every change).
    AnySigningCertificateRevoked,
}

/// The private-ID lifecycle over a [`LinkageStore`].
///
/// ```
/// use jpki_core::{UnixTime, Usage, Verifier};
/// use jpki_linkage::{Lifecycle, MemoryStore};
/// use jpki_core::testkit::{HolderSpec, TestCa};
/// let ca = TestCa::new(5);
/// let pair = ca.issue_pair(&HolderSpec::example());
/// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
/// let v = Verifier::new([ca.signing_root().certificate(), ca.user_authentication_root().certificate()])?;
/// let signing = v.verify(&pair.signing.certificate(), Usage::Signing, at)?;
/// let auth = v.verify(&pair.user_authentication.certificate(), Usage::UserAuthentication, at)?;
///
/// let life = Lifecycle::new(MemoryStore::new(), [7; 32]);
/// let id = life.enroll(&signing, Some(&auth), at)?;
/// assert_eq!(life.enroll(&signing, None, at)?, id); // enrolling again finds the same ID
/// assert_eq!(life.login(&auth, at)?.0, id);
/// # Ok::<(), jpki_linkage::Error>(())
/// ```
pub struct Lifecycle<S: LinkageStore> {
    store: S,
    digest_key: [u8; 32],
    keep_basic_four: bool,
    policy: ReproofPolicy,
    sweep_policy: SweepPolicy,
}

/// Keyed digests of the items (name with its flags, date of birth, sex, address with its flags).
fn digests(key: &[u8; 32], info: &BasicFourInfo) -> [u8; 32] {
    let mut mac = match <hmac::Hmac<Sha256> as KeyInit>::new_from_slice(key) {
        Ok(m) => m,
        Err(_) => return [0; 32],
    };
    for part in [
        info.name().as_bytes(),
        info.name_substitute_flags().as_bytes(),
        info.date_of_birth().to_profile_string().as_bytes(),
        &[info.sex().code() as u8][..],
    ] {
        mac.update(&(part.len() as u64).to_be_bytes());
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

impl<S: LinkageStore> Lifecycle<S> {
    /// A lifecycle over `store`. `digest_key` keys the digest kept instead of the basic four
    /// items: keep it secret and stable (a new key makes every stored digest unmatchable).
    ///
    /// ```
    /// use jpki_linkage::{Lifecycle, MemoryStore};
    /// // The digest key comes from your secret store; it must stay the same across restarts.
    /// let digest_key = [7u8; 32];
    /// let life = Lifecycle::new(MemoryStore::new(), digest_key);
    /// assert!(life.store().is_empty());
    /// ```
    pub fn new(store: S, digest_key: [u8; 32]) -> Self {
        Self {
            store,
            digest_key,
            keep_basic_four: false,
            policy: ReproofPolicy::default(),
            sweep_policy: SweepPolicy::default(),
        }
    }

    /// Keep the basic four items themselves (personal data) instead of a keyed digest.
    ///
    /// ```
    /// use jpki_core::{UnixTime, Usage, Verifier, testkit::{HolderSpec, TestCa}};
    /// use jpki_linkage::{Lifecycle, MemoryStore};
    /// let ca = TestCa::new(1);
    /// let pair = ca.issue_pair(&HolderSpec::example());
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let v = Verifier::new([ca.signing_root().certificate(), ca.user_authentication_root().certificate()])?;
    /// let signing = v.verify(&pair.signing.certificate(), Usage::Signing, at)?;
    /// let auth = v.verify(&pair.user_authentication.certificate(), Usage::UserAuthentication, at)?;
    /// use jpki_linkage::ProofedIdentity;
    /// let life = Lifecycle::new(MemoryStore::new(), [7; 32]).keep_basic_four(true);
    /// let id = life.enroll(&signing, None, at)?;
    /// let record = life.record(id)?.ok_or(jpki_linkage::Error::UnknownPrivateId)?;
    /// assert!(matches!(record.identity, ProofedIdentity::Kept(_)));
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    pub fn keep_basic_four(mut self, keep: bool) -> Self {
        self.keep_basic_four = keep;
        self
    }

    /// Chooses who may re-proof an ID.
    ///
    /// ```
    /// use jpki_core::{UnixTime, Usage, Verifier, testkit::{HolderSpec, TestCa}};
    /// use jpki_linkage::{Lifecycle, MemoryStore};
    /// let ca = TestCa::new(1);
    /// let pair = ca.issue_pair(&HolderSpec::example());
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let v = Verifier::new([ca.signing_root().certificate(), ca.user_authentication_root().certificate()])?;
    /// let signing = v.verify(&pair.signing.certificate(), Usage::Signing, at)?;
    /// let auth = v.verify(&pair.user_authentication.certificate(), Usage::UserAuthentication, at)?;
    /// use jpki_linkage::{Error, ReproofPolicy};
    /// let life = Lifecycle::new(MemoryStore::new(), [7; 32])
    ///     .with_reproof_policy(ReproofPolicy::SupersessionOnly);
    /// let id = life.enroll(&signing, None, at)?;
    /// // A renewed certificate with the same items is refused without a supersession link.
    /// let renewed = ca.issue_signing(&HolderSpec::example().with_serials(30_000_001, 30_000_002));
    /// let renewed = v.verify(&renewed.certificate(), Usage::Signing, at)?;
    /// assert!(matches!(life.reproof(id, &renewed, at), Err(Error::ReproofMismatch)));
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    pub fn with_reproof_policy(mut self, policy: ReproofPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// The store.
    ///
    /// ```
    /// use jpki_linkage::{Lifecycle, MemoryStore};
    /// let life = Lifecycle::new(MemoryStore::new(), [7; 32]);
    /// assert_eq!(life.store().len(), 0);
    /// ```
    pub fn store(&self) -> &S {
        &self.store
    }

    fn identity(&self, info: &BasicFourInfo) -> ProofedIdentity {
        if self.keep_basic_four {
            ProofedIdentity::Kept(Box::new(info.clone()))
        } else {
            ProofedIdentity::Digest(digests(&self.digest_key, info))
        }
    }

    /// Chooses when the sweep marks an ID as needing re-proofing (default: only when no
    /// active signing certificate remains).
    ///
    /// ```
    /// use jpki_core::{UnixTime, Usage, Verifier, testkit::{HolderSpec, TestCa}};
    /// use jpki_linkage::{Lifecycle, MemoryStore};
    /// let ca = TestCa::new(1);
    /// let pair = ca.issue_pair(&HolderSpec::example());
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let v = Verifier::new([ca.signing_root().certificate(), ca.user_authentication_root().certificate()])?;
    /// let signing = v.verify(&pair.signing.certificate(), Usage::Signing, at)?;
    /// use std::collections::HashMap;
    /// use jpki_linkage::{CertificateKey, IdStatus, SweepPolicy};
    /// // The smartphone's signing certificate, of the same person.
    /// let phone = v.verify(&ca.issue_signing(&HolderSpec::example().with_serials(40_000_001, 40_000_002)).certificate(), Usage::Signing, at)?;
    /// let revoked = HashMap::from([(CertificateKey::of(&signing)?, (at, None))]);
    /// for (policy, expected) in [
    ///     (SweepPolicy::NoActiveSigningCertificate, IdStatus::Active),
    ///     (SweepPolicy::AnySigningCertificateRevoked, IdStatus::NeedsReproofing),
    /// ] {
    ///     let life = Lifecycle::new(MemoryStore::new(), [7; 32]).with_sweep_policy(policy);
    ///     let id = life.enroll(&signing, None, at)?;
    ///     life.link(id, &phone, at)?;
    ///     // The card's signing certificate is revoked; the phone's is not.
    ///     life.sweep(&revoked, at)?;
    ///     assert_eq!(life.record(id)?.map(|r| r.status), Some(expected));
    /// }
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    pub fn with_sweep_policy(mut self, policy: SweepPolicy) -> Self {
        self.sweep_policy = policy;
        self
    }

    /// Proofs a person with a verified signing certificate (and optionally a
    /// user-authentication certificate of the same holder). Enrolling the same signing
    /// certificate again returns the existing ID (linking the user-authentication certificate
    /// if it is new).
    ///
    /// ```
    /// use jpki_core::{UnixTime, Usage, Verifier, testkit::{HolderSpec, TestCa}};
    /// use jpki_linkage::{Lifecycle, MemoryStore};
    /// let ca = TestCa::new(1);
    /// let pair = ca.issue_pair(&HolderSpec::example());
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let v = Verifier::new([ca.signing_root().certificate(), ca.user_authentication_root().certificate()])?;
    /// let signing = v.verify(&pair.signing.certificate(), Usage::Signing, at)?;
    /// let auth = v.verify(&pair.user_authentication.certificate(), Usage::UserAuthentication, at)?;
    /// use jpki_linkage::Error;
    /// let life = Lifecycle::new(MemoryStore::new(), [7; 32]);
    /// let id = life.enroll(&signing, Some(&auth), at)?;
    /// assert_eq!(life.enroll(&signing, None, at)?, id); // the same card finds the same ID
    /// // The certificates must be of the right kinds.
    /// assert!(matches!(life.enroll(&auth, None, at), Err(Error::Certificate(jpki_core::Error::WrongCertificateKind { .. }))));
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    pub fn enroll(
        &self,
        signing: &VerifiedCertificate,
        auth: Option<&VerifiedCertificate>,
        at: UnixTime,
    ) -> Result<PrivateId, Error> {
        require_kind(signing, CertificateKind::Signing, Usage::Signing)?;
        if let Some(a) = auth {
            require_kind(
                a,
                CertificateKind::UserAuthentication,
                Usage::UserAuthentication,
            )?;
        }
        let info = signing.basic_four()?;
        let skey = CertificateKey::of(signing)?;
        let akey = auth.map(CertificateKey::of).transpose()?;
        let identity = self.identity(&info);
        self.store.transaction(|tx| {
            let existing = tx.id_by_certificate(&skey)?;
            if let Some(a) = akey
                && let Some(other) = tx.id_by_certificate(&a)?
                && existing != Some(other)
            {
                return Err(Error::CertificateLinkedElsewhere);
            }
            if let Some(id) = existing {
                let mut rec = tx.record(id)?.ok_or(Error::UnknownPrivateId)?;
                if rec.status == IdStatus::Retired {
                    return Err(Error::IdRetired);
                }
                if let Some(a) = akey
                    && rec.certificate(&a).is_none()
                {
                    rec.certificates
                        .push(linked(a, CertificateKind::UserAuthentication, at));
                    save(tx, &mut rec, at, Some(a), AuditKind::Linked)?;
                }
                return Ok(id);
            }
            let mut id = PrivateId::random();
            while tx.record(id)?.is_some() {
                id = PrivateId::random();
            }
            let mut certificates = vec![linked(skey, CertificateKind::Signing, at)];
            certificates.extend(akey.map(|a| linked(a, CertificateKind::UserAuthentication, at)));
            let mut rec = LinkRecord {
                id,
                status: IdStatus::Active,
                certificates,
                identity: identity.clone(),
                updated_at: at,
            };
            save(tx, &mut rec, at, Some(skey), AuditKind::Enrolled)?;
            if let Some(a) = akey {
                tx.audit(&AuditEvent {
                    at,
                    id,
                    certificate: Some(a),
                    kind: AuditKind::Linked,
                })?;
            }
            Ok(id)
        })
    }

    /// Links an additional verified certificate to `id`: a smartphone's user-authentication
    /// certificate (logins then work with it too), or a signing certificate of the same person
    /// (checked under the [`ReproofPolicy`]). Linking a certificate already linked to `id` does
    /// nothing. Authenticate the holder first (e.g. a login with a linked certificate): a
    /// user-authentication certificate carries no personal data to check.
    ///
    /// ```
    /// use jpki_core::{UnixTime, Usage, Verifier, testkit::{HolderSpec, TestCa}};
    /// use jpki_linkage::{Lifecycle, MemoryStore};
    /// let ca = TestCa::new(1);
    /// let pair = ca.issue_pair(&HolderSpec::example());
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let v = Verifier::new([ca.signing_root().certificate(), ca.user_authentication_root().certificate()])?;
    /// let signing = v.verify(&pair.signing.certificate(), Usage::Signing, at)?;
    /// let auth = v.verify(&pair.user_authentication.certificate(), Usage::UserAuthentication, at)?;
    /// use jpki_linkage::{Error, IdStatus};
    /// let life = Lifecycle::new(MemoryStore::new(), [7; 32]);
    /// let id = life.enroll(&signing, Some(&auth), at)?;
    /// // The holder sets up the smartphone: its own user-authentication certificate.
    /// let phone = ca.issue_user_authentication(&HolderSpec::example().with_serials(40_000_001, 40_000_002));
    /// let phone = v.verify(&phone.certificate(), Usage::UserAuthentication, at)?;
    /// life.link(id, &phone, at)?;
    /// assert_eq!(life.login(&phone, at)?, (id, IdStatus::Active));
    /// assert_eq!(life.login(&auth, at)?, (id, IdStatus::Active)); // the card still works
    /// // Another holder's ID cannot take it.
    /// let other = life.enroll(&v.verify(&ca.issue_signing(&HolderSpec::example().with_serials(50_000_001, 50_000_002)).certificate(), Usage::Signing, at)?, None, at)?;
    /// assert_eq!(life.link(other, &phone, at), Err(Error::CertificateLinkedElsewhere));
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    pub fn link(
        &self,
        id: PrivateId,
        cert: &VerifiedCertificate,
        at: UnixTime,
    ) -> Result<(), Error> {
        let kind = match cert.kind() {
            Some(k @ (CertificateKind::Signing | CertificateKind::UserAuthentication)) => k,
            Some(found) => {
                return Err(jpki_core::Error::WrongCertificateKind {
                    required: Usage::UserAuthentication,
                    found,
                }
                .into());
            }
            None => {
                return Err(
                    jpki_core::Error::NotJpki(jpki_core::KindRefusal::NotVerifiedAsJpki).into(),
                );
            }
        };
        let info = match kind {
            CertificateKind::Signing => Some(cert.basic_four()?),
            _ => None,
        };
        let key = CertificateKey::of(cert)?;
        self.store.transaction(|tx| {
            let mut rec = tx.record(id)?.ok_or(Error::UnknownPrivateId)?;
            if rec.status == IdStatus::Retired {
                return Err(Error::IdRetired);
            }
            match tx.id_by_certificate(&key)? {
                Some(other) if other != id => return Err(Error::CertificateLinkedElsewhere),
                Some(_) => {
                    return match rec.certificate(&key).map(|c| c.status) {
                        Some(CertificateStatus::Active) => Ok(()),
                        _ => Err(Error::CertificateNotActive),
                    };
                }
                None => {}
            }
            // Another signing certificate of the same person: the items that name the person
            // are unchanged, whatever the re-proofing policy (an address may differ).
            if let Some(info) = &info {
                let changed = self.changed_items(&rec.identity, info)?;
                if !accepts(
                    ReproofPolicy::SameNameDateOfBirthSex,
                    &rec.identity,
                    &changed,
                ) {
                    return Err(Error::ReproofMismatch);
                }
            }
            rec.certificates.push(linked(key, kind, at));
            save(tx, &mut rec, at, Some(key), AuditKind::Linked)
        })
    }

    /// Unlinks a certificate from `id` (a phone sold or replaced): it stays listed as
    /// [`CertificateStatus::Unlinked`] for the audit trail, logins with it are refused, and it
    /// can never be linked to another ID. When no active signing certificate remains, the ID
    /// needs re-proofing.
    ///
    /// ```
    /// use jpki_core::{UnixTime, Usage, Verifier, testkit::{HolderSpec, TestCa}};
    /// use jpki_linkage::{Lifecycle, MemoryStore};
    /// let ca = TestCa::new(1);
    /// let pair = ca.issue_pair(&HolderSpec::example());
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let v = Verifier::new([ca.signing_root().certificate(), ca.user_authentication_root().certificate()])?;
    /// let signing = v.verify(&pair.signing.certificate(), Usage::Signing, at)?;
    /// let auth = v.verify(&pair.user_authentication.certificate(), Usage::UserAuthentication, at)?;
    /// use jpki_linkage::{CertificateKey, CertificateStatus, Error, IdStatus};
    /// let life = Lifecycle::new(MemoryStore::new(), [7; 32]);
    /// let id = life.enroll(&signing, Some(&auth), at)?;
    /// let key = CertificateKey::of(&auth)?;
    /// life.unlink(id, &key, at)?;
    /// assert_eq!(life.login(&auth, at), Err(Error::CertificateNotActive));
    /// let record = life.record(id)?.ok_or(Error::UnknownPrivateId)?;
    /// assert_eq!(record.certificate(&key).map(|c| c.status), Some(CertificateStatus::Unlinked));
    /// assert_eq!(record.status, IdStatus::Active); // the signing certificate is still active
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    pub fn unlink(&self, id: PrivateId, key: &CertificateKey, at: UnixTime) -> Result<(), Error> {
        self.store.transaction(|tx| {
            let mut rec = tx.record(id)?.ok_or(Error::UnknownPrivateId)?;
            if rec.status == IdStatus::Retired {
                return Err(Error::IdRetired);
            }
            let cert = rec
                .certificates
                .iter_mut()
                .find(|c| c.key == *key)
                .ok_or(Error::UnknownCertificate)?;
            if cert.status == CertificateStatus::Unlinked {
                return Ok(());
            }
            cert.status = CertificateStatus::Unlinked;
            if rec.status == IdStatus::Active
                && rec.active(CertificateKind::Signing).next().is_none()
            {
                rec.status = IdStatus::NeedsReproofing;
            }
            save(tx, &mut rec, at, Some(*key), AuditKind::Unlinked)
        })
    }

    /// Logs in with a verified user-authentication certificate — the card's or any linked
    /// smartphone's (verify it with revocation checking: a revoked certificate never gets
    /// here). Returns the ID and its status, so the application can show "revoked: please
    /// re-proof".
    ///
    /// ```
    /// use jpki_core::{UnixTime, Usage, Verifier, testkit::{HolderSpec, TestCa}};
    /// use jpki_linkage::{Lifecycle, MemoryStore};
    /// let ca = TestCa::new(1);
    /// let pair = ca.issue_pair(&HolderSpec::example());
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let v = Verifier::new([ca.signing_root().certificate(), ca.user_authentication_root().certificate()])?;
    /// let signing = v.verify(&pair.signing.certificate(), Usage::Signing, at)?;
    /// let auth = v.verify(&pair.user_authentication.certificate(), Usage::UserAuthentication, at)?;
    /// use jpki_linkage::{Error, IdStatus};
    /// let life = Lifecycle::new(MemoryStore::new(), [7; 32]);
    /// // Unknown until enrolled.
    /// assert!(matches!(life.login(&auth, at), Err(Error::UnknownCertificate)));
    /// let id = life.enroll(&signing, Some(&auth), at)?;
    /// assert_eq!(life.login(&auth, at)?, (id, IdStatus::Active));
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    pub fn login(
        &self,
        auth: &VerifiedCertificate,
        at: UnixTime,
    ) -> Result<(PrivateId, IdStatus), Error> {
        require_kind(
            auth,
            CertificateKind::UserAuthentication,
            Usage::UserAuthentication,
        )?;
        let key = CertificateKey::of(auth)?;
        self.store.transaction(|tx| {
            let id = tx
                .id_by_certificate(&key)?
                .ok_or(Error::UnknownCertificate)?;
            let rec = tx.record(id)?.ok_or(Error::UnknownPrivateId)?;
            if rec.status == IdStatus::Retired {
                return Err(Error::IdRetired);
            }
            if rec.certificate(&key).map(|c| c.status) != Some(CertificateStatus::Active) {
                return Err(Error::CertificateNotActive);
            }
            tx.audit(&AuditEvent {
                at,
                id,
                certificate: Some(key),
                kind: AuditKind::LoggedIn,
            })?;
            Ok((id, rec.status))
        })
    }

    /// Marks every active certificate that `source` says was revoked at or before `at` as
    /// revoked — or moves a signing certificate's ID to the superseding certificate when the
    /// caller recorded a supersession link — and audits each. An ID needs re-proofing when
    /// the [`SweepPolicy`] says so (by default: when no active signing certificate remains).
    ///
    /// ```
    /// use jpki_core::{UnixTime, Usage, Verifier, testkit::{HolderSpec, TestCa}};
    /// use jpki_linkage::{Lifecycle, MemoryStore};
    /// let ca = TestCa::new(1);
    /// let pair = ca.issue_pair(&HolderSpec::example());
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let v = Verifier::new([ca.signing_root().certificate(), ca.user_authentication_root().certificate()])?;
    /// let signing = v.verify(&pair.signing.certificate(), Usage::Signing, at)?;
    /// let auth = v.verify(&pair.user_authentication.certificate(), Usage::UserAuthentication, at)?;
    /// use jpki_core::{CrlReason, RevocationIndex, testkit::CrlSpec};
    /// use jpki_linkage::{IdStatus};
    /// let life = Lifecycle::new(MemoryStore::new(), [7; 32]);
    /// let id = life.enroll(&signing, Some(&auth), at)?;
    /// // The holder moved house: today's CRL revokes the signing certificate.
    /// let later = at.plus_seconds(30 * 86_400);
    /// let crl = CrlSpec::signing(later).revoke(pair.signing.serial, later, Some(CrlReason::AffiliationChanged));
    /// let mut index = RevocationIndex::new(ca.signing_root().certificate())?;
    /// index.insert_der(&ca.issue_crl(&crl))?;
    /// let affected = life.sweep(&index, later)?;
    /// assert_eq!(affected.len(), 1);
    /// assert_eq!(affected[0].private_id, id);
    /// assert_eq!(life.login(&auth, later)?.1, IdStatus::NeedsReproofing);
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    pub fn sweep(&self, source: &dyn SweepSource, at: UnixTime) -> Result<Vec<Affected>, Error> {
        // A source may offer a faster form for millions of lookups (an index: a hash table).
        let prepared = source.for_sweep();
        let source = prepared.as_deref().unwrap_or(source);
        self.store.transaction(|tx| {
            let hits = tx.revoked_records(source, at)?;
            let mut affected = Vec::with_capacity(hits.len());
            for (mut rec, revoked) in hits {
                let first = affected.len();
                let (mut signing_revoked, mut moved) = (false, false);
                for (key, revoked_at, reason) in revoked {
                    let Some(kind) = rec.certificate(&key).map(|c| c.kind) else {
                        continue;
                    };
                    set_status(
                        &mut rec,
                        &key,
                        CertificateStatus::Revoked { revoked_at, reason },
                    );
                    tx.audit(&AuditEvent {
                        at,
                        id: rec.id,
                        certificate: Some(key),
                        kind: AuditKind::RevocationFound { revoked_at, reason },
                    })?;
                    let moved_to = match kind {
                        CertificateKind::Signing => usable_successor(tx, &rec, &key)?,
                        _ => None,
                    };
                    match moved_to {
                        Some(new) => {
                            move_to(&mut rec, &key, new, at);
                            tx.audit(&AuditEvent {
                                at,
                                id: rec.id,
                                certificate: Some(new),
                                kind: AuditKind::Superseded,
                            })?;
                            moved = true;
                        }
                        None => signing_revoked |= kind == CertificateKind::Signing,
                    }
                    affected.push(Affected {
                        private_id: rec.id,
                        certificate: key,
                        kind,
                        reason,
                        revoked_at,
                        moved_to,
                        status: rec.status,
                    });
                }
                let none_left = rec.active(CertificateKind::Signing).next().is_none();
                if moved && rec.status == IdStatus::NeedsReproofing && !none_left {
                    rec.status = IdStatus::Active;
                }
                if rec.status == IdStatus::Active
                    && signing_revoked
                    && (none_left || self.sweep_policy == SweepPolicy::AnySigningCertificateRevoked)
                {
                    rec.status = IdStatus::NeedsReproofing;
                }
                rec.updated_at = at;
                tx.put(&rec)?;
                for a in affected.iter_mut().skip(first) {
                    a.status = rec.status;
                }
            }
            Ok(affected)
        })
    }

    /// Records that `new` supersedes `old` (as J-LIS reports it) and moves the ID `old` is
    /// linked to, if any, to `new` without re-proofing. Returns that ID.
    ///
    /// ```
    /// use jpki_core::{UnixTime, Usage, Verifier, testkit::{HolderSpec, TestCa}};
    /// use jpki_linkage::{Lifecycle, MemoryStore};
    /// let ca = TestCa::new(1);
    /// let pair = ca.issue_pair(&HolderSpec::example());
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let v = Verifier::new([ca.signing_root().certificate(), ca.user_authentication_root().certificate()])?;
    /// let signing = v.verify(&pair.signing.certificate(), Usage::Signing, at)?;
    /// use jpki_core::{CertificateKind, SerialNumber};
    /// use jpki_linkage::{CertificateKey, CertificateStatus};
    /// let life = Lifecycle::new(MemoryStore::new(), [7; 32]);
    /// let id = life.enroll(&signing, None, at)?;
    /// // J-LIS reports that the renewed certificate supersedes the old one (same CA).
    /// let old = CertificateKey::of(&signing)?;
    /// let new = CertificateKey::new(old.issuer, SerialNumber::from_u64(30_000_001)?);
    /// assert_eq!(life.supersede(old, new, at)?, Some(id));
    /// let record = life.record(id)?.ok_or(jpki_linkage::Error::UnknownPrivateId)?;
    /// assert_eq!(record.certificate(&old).map(|c| c.status), Some(CertificateStatus::Superseded));
    /// assert_eq!(record.active(CertificateKind::Signing).map(|c| c.key).collect::<Vec<_>>(), [new]);
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    pub fn supersede(
        &self,
        old: CertificateKey,
        new: CertificateKey,
        at: UnixTime,
    ) -> Result<Option<PrivateId>, Error> {
        self.store.transaction(|tx| {
            if let Some(other) = tx.id_by_certificate(&new)?
                && tx.id_by_certificate(&old)? != Some(other)
            {
                return Err(Error::CertificateLinkedElsewhere);
            }
            tx.put_supersession(&old, &new)?;
            let Some(id) = tx.id_by_certificate(&old)? else {
                return Ok(None);
            };
            let mut rec = tx.record(id)?.ok_or(Error::UnknownPrivateId)?;
            let movable = matches!(
                rec.certificate(&old).map(|c| c.status),
                Some(CertificateStatus::Active | CertificateStatus::Revoked { .. })
            );
            let new_usable = rec
                .certificate(&new)
                .is_none_or(|c| c.status == CertificateStatus::Active);
            if rec.status == IdStatus::Retired || !movable || !new_usable {
                return Ok(Some(id));
            }
            move_to(&mut rec, &old, new, at);
            rec.status = IdStatus::Active;
            save(tx, &mut rec, at, Some(new), AuditKind::Superseded)?;
            Ok(Some(id))
        })
    }

    /// Re-proofs `id` with a new verified signing certificate of the same person (a
    /// supersession link, or the [`ReproofPolicy`]): the certificate is linked, the ID becomes
    /// active again, and the earlier certificates stay listed with their statuses. Returns the
    /// basic four items that changed.
    ///
    /// ```
    /// use jpki_core::{UnixTime, Usage, Verifier, testkit::{HolderSpec, TestCa}};
    /// use jpki_linkage::{Lifecycle, MemoryStore};
    /// let ca = TestCa::new(1);
    /// let pair = ca.issue_pair(&HolderSpec::example());
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let v = Verifier::new([ca.signing_root().certificate(), ca.user_authentication_root().certificate()])?;
    /// let signing = v.verify(&pair.signing.certificate(), Usage::Signing, at)?;
    /// use jpki_core::{BasicFourInfo, BasicFourItem};
    /// let life = Lifecycle::new(MemoryStore::new(), [7; 32]).keep_basic_four(true);
    /// let id = life.enroll(&signing, None, at)?;
    /// // A new card after moving: same name, date of birth and sex, another address.
    /// let mut moved = HolderSpec::example().with_serials(30_000_001, 30_000_002);
    /// let old = &moved.basic_four;
    /// moved.basic_four = BasicFourInfo::new(old.name(), old.date_of_birth(), old.sex(), "大阪府堺市堺区")?;
    /// let new = v.verify(&ca.issue_signing(&moved).certificate(), Usage::Signing, at)?;
    /// let changed = life.reproof(id, &new, at)?;
    /// assert!(changed.contains(&BasicFourItem::Address));
    /// assert_eq!(life.certificates(id)?.len(), 2); // the old one stays listed
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    pub fn reproof(
        &self,
        id: PrivateId,
        signing: &VerifiedCertificate,
        at: UnixTime,
    ) -> Result<Vec<BasicFourItem>, Error> {
        require_kind(signing, CertificateKind::Signing, Usage::Signing)?;
        let info = signing.basic_four()?;
        let key = CertificateKey::of(signing)?;
        let new_identity = self.identity(&info);
        self.store.transaction(|tx| {
            let mut rec = tx.record(id)?.ok_or(Error::UnknownPrivateId)?;
            if rec.status == IdStatus::Retired {
                return Err(Error::IdRetired);
            }
            if let Some(other) = tx.id_by_certificate(&key)?
                && other != id
            {
                return Err(Error::CertificateLinkedElsewhere);
            }
            let known = rec.certificate(&key).map(|c| c.status);
            if known.is_some_and(|s| s != CertificateStatus::Active) {
                return Err(Error::CertificateNotActive);
            }
            let mut linked_by_supersession = false;
            for c in rec
                .certificates
                .iter()
                .filter(|c| c.kind == CertificateKind::Signing)
            {
                linked_by_supersession |= supersession_chain_reaches(tx, c.key, key)?;
            }
            let changed = self.changed_items(&rec.identity, &info)?;
            if !(linked_by_supersession || accepts(self.policy, &rec.identity, &changed)) {
                return Err(Error::ReproofMismatch);
            }
            if known.is_none() {
                rec.certificates
                    .push(linked(key, CertificateKind::Signing, at));
            }
            rec.identity = new_identity.clone();
            rec.status = IdStatus::Active;
            save(
                tx,
                &mut rec,
                at,
                Some(key),
                AuditKind::Reproofed {
                    changed: changed.clone(),
                },
            )?;
            Ok(changed)
        })
    }

    /// The basic four items of `info` that differ from `identity` (all but the address when
    /// only a digest is kept and it differs).
    fn changed_items(
        &self,
        identity: &ProofedIdentity,
        info: &BasicFourInfo,
    ) -> Result<Vec<BasicFourItem>, Error> {
        Ok(match identity {
            ProofedIdentity::Kept(old) => old.changed_items(info),
            ProofedIdentity::Digest(d) if *d == digests(&self.digest_key, info) => Vec::new(),
            ProofedIdentity::Digest(_) => vec![
                BasicFourItem::Name,
                BasicFourItem::DateOfBirth,
                BasicFourItem::Sex,
            ],
            ProofedIdentity::Deleted => return Err(Error::ReproofMismatch),
        })
    }

    /// Records the holder's latest basic four items obtained from an information service (e.g.
    /// J-LIS through a platform operator) with the holder's consent, when no new certificate is
    /// at hand. The ID becomes active again; source and consent go to the audit trail.
    ///
    /// ```
    /// use jpki_core::{UnixTime, Usage, Verifier, testkit::{HolderSpec, TestCa}};
    /// use jpki_linkage::{Lifecycle, MemoryStore};
    /// let ca = TestCa::new(1);
    /// let pair = ca.issue_pair(&HolderSpec::example());
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let v = Verifier::new([ca.signing_root().certificate(), ca.user_authentication_root().certificate()])?;
    /// let signing = v.verify(&pair.signing.certificate(), Usage::Signing, at)?;
    /// use jpki_core::{BasicFourInfo, BasicFourItem};
    /// let life = Lifecycle::new(MemoryStore::new(), [7; 32]).keep_basic_four(true);
    /// let id = life.enroll(&signing, None, at)?;
    /// let old = signing.basic_four()?;
    /// let latest = BasicFourInfo::new(old.name(), old.date_of_birth(), old.sex(), "大阪府堺市堺区")?;
    /// let changed = life.update_basic_four(id, &latest, "platform operator", "consent-2027-0001", at)?;
    /// assert!(changed.contains(&BasicFourItem::Address));
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    pub fn update_basic_four(
        &self,
        id: PrivateId,
        info: &BasicFourInfo,
        source: &str,
        consent_reference: &str,
        at: UnixTime,
    ) -> Result<Vec<BasicFourItem>, Error> {
        let identity = self.identity(info);
        self.store.transaction(|tx| {
            let mut rec = tx.record(id)?.ok_or(Error::UnknownPrivateId)?;
            if rec.status == IdStatus::Retired {
                return Err(Error::IdRetired);
            }
            let changed = match &rec.identity {
                ProofedIdentity::Kept(old) => old.changed_items(info),
                _ => Vec::new(),
            };
            rec.identity = identity.clone();
            rec.status = IdStatus::Active;
            let kind = AuditKind::BasicFourUpdated {
                source: source.to_owned(),
                consent: consent_reference.to_owned(),
                changed: changed.clone(),
            };
            save(tx, &mut rec, at, None, kind)?;
            Ok(changed)
        })
    }

    /// Retires `id`: logins and re-proofing are refused from now on.
    ///
    /// ```
    /// use jpki_core::{UnixTime, Usage, Verifier, testkit::{HolderSpec, TestCa}};
    /// use jpki_linkage::{Lifecycle, MemoryStore};
    /// let ca = TestCa::new(1);
    /// let pair = ca.issue_pair(&HolderSpec::example());
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let v = Verifier::new([ca.signing_root().certificate(), ca.user_authentication_root().certificate()])?;
    /// let signing = v.verify(&pair.signing.certificate(), Usage::Signing, at)?;
    /// let auth = v.verify(&pair.user_authentication.certificate(), Usage::UserAuthentication, at)?;
    /// use jpki_linkage::Error;
    /// let life = Lifecycle::new(MemoryStore::new(), [7; 32]);
    /// let id = life.enroll(&signing, Some(&auth), at)?;
    /// life.retire(id, at)?;
    /// assert!(matches!(life.login(&auth, at), Err(Error::IdRetired)));
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    pub fn retire(&self, id: PrivateId, at: UnixTime) -> Result<(), Error> {
        self.store.transaction(|tx| {
            let mut rec = tx.record(id)?.ok_or(Error::UnknownPrivateId)?;
            rec.status = IdStatus::Retired;
            save(tx, &mut rec, at, None, AuditKind::Retired)
        })
    }

    /// Deletes the personal data (basic four items or their digest) of a retired ID from the
    /// store (on a database server: the column is cleared in the same transaction); its audit
    /// trail remains.
    ///
    /// ```
    /// use jpki_core::{UnixTime, Usage, Verifier, testkit::{HolderSpec, TestCa}};
    /// use jpki_linkage::{Lifecycle, MemoryStore};
    /// let ca = TestCa::new(1);
    /// let pair = ca.issue_pair(&HolderSpec::example());
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let v = Verifier::new([ca.signing_root().certificate(), ca.user_authentication_root().certificate()])?;
    /// let signing = v.verify(&pair.signing.certificate(), Usage::Signing, at)?;
    /// use jpki_linkage::{Error, ProofedIdentity};
    /// let life = Lifecycle::new(MemoryStore::new(), [7; 32]);
    /// let id = life.enroll(&signing, None, at)?;
    /// // Only a retired ID's data may be deleted.
    /// assert!(matches!(life.delete_personal_data(id, at), Err(Error::NotRetired)));
    /// life.retire(id, at)?;
    /// life.delete_personal_data(id, at)?;
    /// assert!(matches!(life.record(id)?.map(|r| r.identity), Some(ProofedIdentity::Deleted)));
    /// assert!(!life.audit_trail(id)?.is_empty()); // the trail remains
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    pub fn delete_personal_data(&self, id: PrivateId, at: UnixTime) -> Result<(), Error> {
        self.store.transaction(|tx| {
            let mut rec = tx.record(id)?.ok_or(Error::UnknownPrivateId)?;
            if rec.status != IdStatus::Retired {
                return Err(Error::NotRetired);
            }
            rec.identity = ProofedIdentity::Deleted;
            save(tx, &mut rec, at, None, AuditKind::Deleted)
        })
    }

    /// The record of `id`.
    ///
    /// ```
    /// use jpki_core::{UnixTime, Usage, Verifier, testkit::{HolderSpec, TestCa}};
    /// use jpki_linkage::{Lifecycle, MemoryStore};
    /// let ca = TestCa::new(1);
    /// let pair = ca.issue_pair(&HolderSpec::example());
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let v = Verifier::new([ca.signing_root().certificate(), ca.user_authentication_root().certificate()])?;
    /// let signing = v.verify(&pair.signing.certificate(), Usage::Signing, at)?;
    /// let auth = v.verify(&pair.user_authentication.certificate(), Usage::UserAuthentication, at)?;
    /// let life = Lifecycle::new(MemoryStore::new(), [7; 32]);
    /// let id = life.enroll(&signing, Some(&auth), at)?;
    /// let record = life.record(id)?.ok_or(jpki_linkage::Error::UnknownPrivateId)?;
    /// assert_eq!(record.certificates.len(), 2);
    /// assert!(life.record(jpki_linkage::PrivateId::random())?.is_none());
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    pub fn record(&self, id: PrivateId) -> Result<Option<LinkRecord>, Error> {
        self.store.transaction(|tx| tx.record(id))
    }

    /// The certificates linked to `id`, in the order they were linked, each with its status.
    ///
    /// ```
    /// use jpki_core::{UnixTime, Usage, Verifier, testkit::{HolderSpec, TestCa}};
    /// use jpki_linkage::{Lifecycle, MemoryStore};
    /// let ca = TestCa::new(1);
    /// let pair = ca.issue_pair(&HolderSpec::example());
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let v = Verifier::new([ca.signing_root().certificate(), ca.user_authentication_root().certificate()])?;
    /// let signing = v.verify(&pair.signing.certificate(), Usage::Signing, at)?;
    /// use jpki_linkage::{CertificateStatus, Error, PrivateId};
    /// let life = Lifecycle::new(MemoryStore::new(), [7; 32]);
    /// let id = life.enroll(&signing, None, at)?;
    /// let statuses: Vec<_> = life.certificates(id)?.iter().map(|c| c.status).collect();
    /// assert_eq!(statuses, [CertificateStatus::Active]);
    /// assert_eq!(life.certificates(PrivateId::random()), Err(Error::UnknownPrivateId));
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    pub fn certificates(&self, id: PrivateId) -> Result<Vec<LinkedCertificate>, Error> {
        self.record(id)?
            .map(|r| r.certificates)
            .ok_or(Error::UnknownPrivateId)
    }

    /// The audit trail of `id`, oldest first.
    ///
    /// ```
    /// use jpki_core::{UnixTime, Usage, Verifier, testkit::{HolderSpec, TestCa}};
    /// use jpki_linkage::{Lifecycle, MemoryStore};
    /// let ca = TestCa::new(1);
    /// let pair = ca.issue_pair(&HolderSpec::example());
    /// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let v = Verifier::new([ca.signing_root().certificate(), ca.user_authentication_root().certificate()])?;
    /// let signing = v.verify(&pair.signing.certificate(), Usage::Signing, at)?;
    /// let auth = v.verify(&pair.user_authentication.certificate(), Usage::UserAuthentication, at)?;
    /// use jpki_linkage::AuditKind;
    /// let life = Lifecycle::new(MemoryStore::new(), [7; 32]);
    /// let id = life.enroll(&signing, Some(&auth), at)?;
    /// life.login(&auth, at.plus_seconds(60))?;
    /// let kinds: Vec<_> = life.audit_trail(id)?.into_iter().map(|e| e.kind).collect();
    /// assert!(matches!(&kinds[..], [AuditKind::Enrolled, AuditKind::Linked, AuditKind::LoggedIn]));
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    pub fn audit_trail(&self, id: PrivateId) -> Result<Vec<AuditEvent>, Error> {
        self.store.audit_trail(id)
    }
}

fn require_kind(v: &VerifiedCertificate, kind: CertificateKind, usage: Usage) -> Result<(), Error> {
    match v.kind() {
        Some(k) if k == kind => Ok(()),
        Some(found) => Err(jpki_core::Error::WrongCertificateKind {
            required: usage,
            found,
        }
        .into()),
        None => Err(jpki_core::Error::NotJpki(jpki_core::KindRefusal::NotVerifiedAsJpki).into()),
    }
}

/// Whether `policy` takes a certificate whose items differ from `identity` by `changed` to be
/// the same person's.
fn accepts(policy: ReproofPolicy, identity: &ProofedIdentity, changed: &[BasicFourItem]) -> bool {
    match policy {
        ReproofPolicy::SupersessionOnly => false,
        ReproofPolicy::SameNameDateOfBirthSex => !changed.iter().any(|i| {
            matches!(
                i,
                BasicFourItem::Name
                    | BasicFourItem::NameSubstitutes
                    | BasicFourItem::DateOfBirth
                    | BasicFourItem::Sex
            )
        }),
        ReproofPolicy::SameDateOfBirthSex => {
            !changed
                .iter()
                .any(|i| matches!(i, BasicFourItem::DateOfBirth | BasicFourItem::Sex))
                && !matches!(identity, ProofedIdentity::Digest(_) if !changed.is_empty())
        }
    }
}

/// A newly linked, active certificate.
fn linked(key: CertificateKey, kind: CertificateKind, at: UnixTime) -> LinkedCertificate {
    LinkedCertificate {
        key,
        kind,
        status: CertificateStatus::Active,
        linked_at: at,
    }
}

fn set_status(rec: &mut LinkRecord, key: &CertificateKey, status: CertificateStatus) {
    if let Some(c) = rec.certificates.iter_mut().find(|c| c.key == *key) {
        c.status = status;
    }
}

/// The certificate superseding `old` if the caller recorded one that `rec` may move to: not
/// linked to another ID, and not an inactive certificate of `rec`.
fn usable_successor(
    tx: &mut dyn LinkageTxn,
    rec: &LinkRecord,
    old: &CertificateKey,
) -> Result<Option<CertificateKey>, Error> {
    let Some(new) = tx.superseded_by(old)? else {
        return Ok(None);
    };
    let elsewhere = tx.id_by_certificate(&new)?.is_some_and(|o| o != rec.id);
    let inactive = rec
        .certificate(&new)
        .is_some_and(|c| c.status != CertificateStatus::Active);
    Ok((!elsewhere && !inactive).then_some(new))
}

/// Marks `old` superseded and links `new` (same kind) as active, unless already linked.
fn move_to(rec: &mut LinkRecord, old: &CertificateKey, new: CertificateKey, at: UnixTime) {
    let kind = rec
        .certificate(old)
        .map_or(CertificateKind::Signing, |c| c.kind);
    set_status(rec, old, CertificateStatus::Superseded);
    if rec.certificate(&new).is_none() {
        rec.certificates.push(linked(new, kind, at));
    }
}

/// Stamps `rec` with `at`, writes it, and appends `kind` about `certificate` to the audit trail.
fn save(
    tx: &mut dyn LinkageTxn,
    rec: &mut LinkRecord,
    at: UnixTime,
    certificate: Option<CertificateKey>,
    kind: AuditKind,
) -> Result<(), Error> {
    rec.updated_at = at;
    tx.put(rec)?;
    tx.audit(&AuditEvent {
        at,
        id: rec.id,
        certificate,
        kind,
    })
}

/// Whether following supersession links from `old` reaches `new` (bounded: at most
/// [`MAX_SUPERSESSION_CHAIN`] links).
fn supersession_chain_reaches(
    tx: &mut dyn LinkageTxn,
    mut old: CertificateKey,
    new: CertificateKey,
) -> Result<bool, Error> {
    for _ in 0..MAX_SUPERSESSION_CHAIN {
        match tx.superseded_by(&old)? {
            Some(next) if next == new => return Ok(true),
            Some(next) => old = next,
            None => return Ok(false),
        }
    }
    Ok(false)
}

#[cfg(test)]
mod equivalence;
#[cfg(all(test, feature = "postgres", feature = "redb"))]
mod postgres_tests;
#[cfg(all(test, feature = "redb"))]
mod store_tests;
#[cfg(test)]
mod stored_records_tests;
#[cfg(test)]
mod tests;

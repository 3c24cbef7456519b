//! # jpki-linkage
//!
//! Serial-number linkage and the private-ID lifecycle for services that accept JPKI (My Number
//! card) certificates, on top of [`jpki_core`]'s verification.
//!
//! A service proofs a person once with the JPKI signing certificate and gives them a random
//! [`PrivateId`]; afterwards they log in with the user-authentication certificate of the same
//! card. When the signing certificate is revoked (moving house, marriage, renewal), the
//! [`Lifecycle::sweep`] marks the ID for re-proofing; [`Lifecycle::reproof`] carries the ID over
//! to the new certificate for the same person, listing what changed; supersession links the
//! caller obtained from J-LIS move it without re-proofing. Every event goes to an append-only
//! audit trail.
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

mod challenge;
pub(crate) mod codec;
mod error;
// The fuzz target's entry point reaches the private codec: compiled only for cargo-fuzz
// (`--cfg fuzzing`) and for this crate's own tests, never into the library.
#[cfg(any(test, fuzzing))]
#[doc(hidden)]
pub mod fuzz_entry;
mod model;
#[cfg(feature = "redb")]
mod redb_store;
mod store;
mod sweep;

use hmac::{KeyInit, Mac};
use sha2::Sha256;

pub use challenge::{Challenge, Challenges};
pub use error::{ChallengeRefusal, Error, StoreFailure};
pub use model::{AuditEvent, AuditKind, IdStatus, LinkRecord, PrivateId, ProofedIdentity};
#[cfg(feature = "redb")]
pub use redb_store::RedbStore;
pub use store::{LinkageStore, LinkageTxn, MemoryStore};
pub use sweep::{Affected, SweepSource};

use jpki_core::{
    BasicFourInfo, BasicFourItem, CertificateKind, SerialNumber, UnixTime, Usage,
    VerifiedCertificate,
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

    /// Proofs a person with a verified signing certificate (and optionally the
    /// user-authentication certificate of the same card). Enrolling the same signing
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
        let serial = signing.serial();
        let auth_serial = auth.map(VerifiedCertificate::serial);
        self.store.transaction(|tx| {
            if let Some(a) = auth_serial
                && let Some(other) = tx.id_by_auth(a)?
                && tx.id_by_signing(serial)? != Some(other)
            {
                return Err(Error::CertificateLinkedElsewhere);
            }
            if let Some(id) = tx.id_by_signing(serial)? {
                let mut rec = tx.record(id)?.ok_or(Error::UnknownPrivateId)?;
                if rec.status == IdStatus::Retired {
                    return Err(Error::IdRetired);
                }
                if auth_serial.is_some() && rec.auth_serial != auth_serial {
                    rec.auth_serial = auth_serial;
                    rec.updated_at = at;
                    tx.put(&rec)?;
                }
                return Ok(id);
            }
            let mut id = PrivateId::random();
            while tx.record(id)?.is_some() {
                id = PrivateId::random();
            }
            let rec = LinkRecord {
                id,
                status: IdStatus::Active,
                signing_serial: serial,
                auth_serial,
                identity: self.identity(&info),
                history: Vec::new(),
                updated_at: at,
            };
            tx.put(&rec)?;
            tx.audit(&AuditEvent {
                at,
                id,
                signing_serial: Some(serial),
                auth_serial,
                kind: AuditKind::Enrolled,
            })?;
            Ok(id)
        })
    }

    /// Logs in with a verified user-authentication certificate (verify it with revocation
    /// checking: a revoked certificate never gets here). Returns the ID and its status, so the
    /// application can show "revoked: please re-proof".
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
        let serial = auth.serial();
        self.store.transaction(|tx| {
            let id = tx.id_by_auth(serial)?.ok_or(Error::UnknownCertificate)?;
            let rec = tx.record(id)?.ok_or(Error::UnknownPrivateId)?;
            if rec.status == IdStatus::Retired {
                return Err(Error::IdRetired);
            }
            tx.audit(&AuditEvent {
                at,
                id,
                signing_serial: Some(rec.signing_serial),
                auth_serial: Some(serial),
                kind: AuditKind::LoggedIn,
            })?;
            Ok((id, rec.status))
        })
    }

    /// Marks every active ID whose signing certificate `source` says was revoked at or before
    /// `at` as needing re-proofing — or moves it to the superseding certificate when the caller
    /// recorded a supersession link — and audits each.
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
            for (mut rec, revoked_at, reason) in hits {
                let old = rec.signing_serial;
                tx.audit(&AuditEvent {
                    at,
                    id: rec.id,
                    signing_serial: Some(old),
                    auth_serial: rec.auth_serial,
                    kind: AuditKind::RevocationFound { revoked_at, reason },
                })?;
                let moved_to = tx.superseded_by(old)?;
                match moved_to {
                    Some(new) => move_to(tx, &mut rec, new, at)?,
                    None => {
                        rec.status = IdStatus::NeedsReproofing;
                        rec.updated_at = at;
                        tx.put(&rec)?;
                    }
                }
                affected.push(Affected {
                    private_id: rec.id,
                    serial: old,
                    reason,
                    revoked_at,
                    moved_to,
                });
            }
            Ok(affected)
        })
    }

    /// Records that `new` supersedes `old` (as J-LIS reports it) and moves the ID proofed with
    /// `old`, if any, to `new` without re-proofing. Returns that ID.
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
    /// use jpki_core::SerialNumber;
    /// let life = Lifecycle::new(MemoryStore::new(), [7; 32]);
    /// let id = life.enroll(&signing, None, at)?;
    /// // J-LIS reports that the renewed certificate supersedes the old one.
    /// let new_serial = SerialNumber::from_u64(30_000_001)?;
    /// assert_eq!(life.supersede(pair.signing.serial, new_serial, at)?, Some(id));
    /// assert_eq!(life.record(id)?.map(|r| r.signing_serial), Some(new_serial));
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    pub fn supersede(
        &self,
        old: SerialNumber,
        new: SerialNumber,
        at: UnixTime,
    ) -> Result<Option<PrivateId>, Error> {
        self.store.transaction(|tx| {
            if let Some(other) = tx.id_by_signing(new)?
                && tx.id_by_signing(old)? != Some(other)
            {
                return Err(Error::CertificateLinkedElsewhere);
            }
            tx.put_supersession(old, new)?;
            let Some(id) = tx.id_by_signing(old)? else {
                return Ok(None);
            };
            let mut rec = tx.record(id)?.ok_or(Error::UnknownPrivateId)?;
            if rec.status == IdStatus::Retired || rec.signing_serial != old {
                return Ok(Some(id));
            }
            move_to(tx, &mut rec, new, at)?;
            Ok(Some(id))
        })
    }

    /// Re-proofs `id` with a new verified signing certificate of the same person (a
    /// supersession link, or the [`ReproofPolicy`]), keeping the history. Returns the basic
    /// four items that changed.
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
    /// assert_eq!(life.record(id)?.map(|r| r.history), Some(vec![pair.signing.serial]));
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
        let new = signing.serial();
        let new_identity = self.identity(&info);
        let new_digest = digests(&self.digest_key, &info);
        self.store.transaction(|tx| {
            let mut rec = tx.record(id)?.ok_or(Error::UnknownPrivateId)?;
            if rec.status == IdStatus::Retired {
                return Err(Error::IdRetired);
            }
            if let Some(other) = tx.id_by_signing(new)?
                && other != id
            {
                return Err(Error::CertificateLinkedElsewhere);
            }
            let linked = supersession_chain_reaches(tx, rec.signing_serial, new)?;
            let changed = match &rec.identity {
                ProofedIdentity::Kept(old) => old.changed_items(&info),
                ProofedIdentity::Digest(d) if *d == new_digest => Vec::new(),
                ProofedIdentity::Digest(_) => vec![BasicFourItem::Name, BasicFourItem::DateOfBirth, BasicFourItem::Sex],
                ProofedIdentity::Deleted => return Err(Error::ReproofMismatch),
            };
            let same_person = linked
                || match self.policy {
                    ReproofPolicy::SupersessionOnly => false,
                    ReproofPolicy::SameNameDateOfBirthSex => !changed
                        .iter()
                        .any(|i| matches!(i, BasicFourItem::Name | BasicFourItem::NameSubstitutes | BasicFourItem::DateOfBirth | BasicFourItem::Sex)),
                    ReproofPolicy::SameDateOfBirthSex => {
                        !changed.iter().any(|i| matches!(i, BasicFourItem::DateOfBirth | BasicFourItem::Sex))
                            && !matches!(rec.identity, ProofedIdentity::Digest(_) if !changed.is_empty())
                    }
                };
            if !same_person {
                return Err(Error::ReproofMismatch);
            }
            if rec.signing_serial != new {
                rec.history.push(rec.signing_serial);
            }
            rec.signing_serial = new;
            rec.identity = new_identity.clone();
            rec.status = IdStatus::Active;
            save(tx, &mut rec, at, AuditKind::Reproofed { changed: changed.clone() })?;
            Ok(changed)
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
    /// let auth = v.verify(&pair.user_authentication.certificate(), Usage::UserAuthentication, at)?;
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
            save(tx, &mut rec, at, kind)?;
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
            save(tx, &mut rec, at, AuditKind::Retired)
        })
    }

    /// Deletes the personal data (basic four items or their digest) of a retired ID; its audit
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
    /// let auth = v.verify(&pair.user_authentication.certificate(), Usage::UserAuthentication, at)?;
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
            rec.updated_at = at;
            tx.put(&rec)?;
            tx.audit(&AuditEvent {
                at,
                id,
                signing_serial: None,
                auth_serial: None,
                kind: AuditKind::Deleted,
            })
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
    /// assert_eq!(record.signing_serial, pair.signing.serial);
    /// assert_eq!(record.auth_serial, Some(pair.user_authentication.serial));
    /// assert!(life.record(jpki_linkage::PrivateId::random())?.is_none());
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    pub fn record(&self, id: PrivateId) -> Result<Option<LinkRecord>, Error> {
        self.store.transaction(|tx| tx.record(id))
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
    /// assert!(matches!(&kinds[..], [AuditKind::Enrolled, AuditKind::LoggedIn]));
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

/// Moves `rec` to the superseding certificate `new` (history kept, status active).
fn move_to(
    tx: &mut dyn LinkageTxn,
    rec: &mut LinkRecord,
    new: SerialNumber,
    at: UnixTime,
) -> Result<(), Error> {
    rec.history.push(rec.signing_serial);
    rec.signing_serial = new;
    rec.status = IdStatus::Active;
    save(tx, rec, at, AuditKind::Superseded)
}

/// Stamps `rec` with `at`, writes it, and appends `kind` to the audit trail with the record's
/// current serials.
fn save(
    tx: &mut dyn LinkageTxn,
    rec: &mut LinkRecord,
    at: UnixTime,
    kind: AuditKind,
) -> Result<(), Error> {
    rec.updated_at = at;
    tx.put(rec)?;
    tx.audit(&AuditEvent {
        at,
        id: rec.id,
        signing_serial: Some(rec.signing_serial),
        auth_serial: rec.auth_serial,
        kind,
    })
}

/// Whether following supersession links from `old` reaches `new` (bounded: at most 64 links).
fn supersession_chain_reaches(
    tx: &mut dyn LinkageTxn,
    mut old: SerialNumber,
    new: SerialNumber,
) -> Result<bool, Error> {
    for _ in 0..64 {
        match tx.superseded_by(old)? {
            Some(next) if next == new => return Ok(true),
            Some(next) => old = next,
            None => return Ok(false),
        }
    }
    Ok(false)
}

#[cfg(all(test, feature = "redb"))]
mod store_tests;
#[cfg(test)]
mod stored_records_tests;
#[cfg(test)]
mod tests;

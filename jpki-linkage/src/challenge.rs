//! One-time login challenges: random, short-lived, bound to the session that asked for them,
//! and answered by a signature with the user-authentication key.

use std::collections::HashMap;
use std::sync::Mutex;

use jpki_core::{CertificateKind, UnixTime, VerifiedCertificate};

use crate::{ChallengeRefusal, Error, StoreFailure};

/// A challenge handed to a client: 32 random octets and an expiry.
///
/// ```
/// use jpki_core::{UnixTime};
/// use jpki_linkage::{Challenges};
/// let challenges = Challenges::new(120);
/// let at = UnixTime::from_unix_seconds(1_800_000_000);
/// let c = challenges.issue([1; 16], at);
/// assert_eq!(c.expires_at, at.plus_seconds(120));
/// assert_eq!(c.nonce.len(), 32);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Challenge {
    /// The octets the card signs.
    pub nonce: [u8; 32],
    /// After this time the challenge is refused.
    pub expires_at: UnixTime,
}

#[derive(Clone, Copy)]
struct Pending {
    expires_at: UnixTime,
    session: [u8; 16],
}

/// Issues and redeems login challenges. Each challenge is accepted once, before it expires,
/// from the session it was issued to; anything else is refused with
/// [`Error::ChallengeRefused`].
///
/// ```
/// use jpki_core::{UnixTime, Usage, Verifier, testkit::{HolderSpec, TestCa}};
/// use jpki_linkage::{Challenges};
/// let ca = TestCa::new(2);
/// let pair = ca.issue_pair(&HolderSpec::example());
/// let at = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
/// let v = Verifier::new([ca.user_authentication_root().certificate()])?;
/// let auth = v.verify(&pair.user_authentication.certificate(), Usage::UserAuthentication, at)?;
///
/// let challenges = Challenges::new(120);
/// let session = [1u8; 16];
/// let c = challenges.issue(session, at);
/// let signature = pair.user_authentication.private_key.sign(&c.nonce);
/// challenges.redeem(session, &c.nonce, &signature, &auth, at)?;
/// assert!(challenges.redeem(session, &c.nonce, &signature, &auth, at).is_err()); // replay
/// # Ok::<(), jpki_linkage::Error>(())
/// ```
pub struct Challenges {
    ttl_seconds: u64,
    pending: Mutex<HashMap<[u8; 32], Pending>>,
}

impl Challenges {
    /// Challenges valid for `ttl_seconds`.
    ///
    /// ```
    /// use jpki_core::{UnixTime};
    /// use jpki_linkage::{Challenges};
    /// let challenges = Challenges::new(60); // one minute to answer
    /// let at = UnixTime::from_unix_seconds(1_800_000_000);
    /// assert_eq!(challenges.issue([1; 16], at).expires_at, at.plus_seconds(60));
    /// ```
    pub fn new(ttl_seconds: u64) -> Self {
        Self {
            ttl_seconds,
            pending: Mutex::new(HashMap::new()),
        }
    }

    /// A fresh challenge for `session` (an ID of the client's session, random too).
    ///
    /// ```
    /// use jpki_core::{UnixTime};
    /// use jpki_linkage::{Challenges};
    /// let challenges = Challenges::new(60);
    /// let at = UnixTime::from_unix_seconds(1_800_000_000);
    /// // Each challenge is fresh randomness, even for the same session at the same time.
    /// assert_ne!(challenges.issue([1; 16], at).nonce, challenges.issue([1; 16], at).nonce);
    /// ```
    pub fn issue(&self, session: [u8; 16], at: UnixTime) -> Challenge {
        let mut nonce = [0u8; 32];
        rand::fill(&mut nonce);
        let expires_at = at.plus_seconds(self.ttl_seconds);
        if let Ok(mut p) = self.pending.lock() {
            p.retain(|_, v| v.expires_at >= at);
            p.insert(
                nonce,
                Pending {
                    expires_at,
                    session,
                },
            );
        }
        Challenge { nonce, expires_at }
    }

    /// Redeems a challenge: it must have been issued here to `session`, not yet used, not
    /// expired, and `signature` must verify with the user-authentication certificate.
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
    /// use jpki_linkage::{Challenges, Error};
    /// let challenges = Challenges::new(60);
    /// let c = challenges.issue([1; 16], at);
    /// let signature = pair.user_authentication.private_key.sign(&c.nonce);
    /// // Another session cannot use it, and a failed attempt spends it.
    /// let stolen = challenges.redeem([2; 16], &c.nonce, &signature, &auth, at);
    /// assert!(matches!(stolen, Err(Error::ChallengeRefused(_))));
    /// assert!(challenges.redeem([1; 16], &c.nonce, &signature, &auth, at).is_err());
    /// // A fresh one, answered in time by the card of the session: accepted.
    /// let c = challenges.issue([1; 16], at);
    /// let signature = pair.user_authentication.private_key.sign(&c.nonce);
    /// challenges.redeem([1; 16], &c.nonce, &signature, &auth, at.plus_seconds(30))?;
    /// # Ok::<(), jpki_linkage::Error>(())
    /// ```
    pub fn redeem(
        &self,
        session: [u8; 16],
        nonce: &[u8],
        signature: &[u8],
        auth: &VerifiedCertificate,
        at: UnixTime,
    ) -> Result<(), Error> {
        if auth.kind() != Some(CertificateKind::UserAuthentication) {
            return Err(Error::ChallengeRefused(
                ChallengeRefusal::NotUserAuthentication,
            ));
        }
        let key: [u8; 32] = nonce
            .try_into()
            .map_err(|_| Error::ChallengeRefused(ChallengeRefusal::Unknown))?;
        let pending = {
            let mut p = self
                .pending
                .lock()
                .map_err(|_| Error::Store(StoreFailure::Poisoned))?;
            // Taken out before anything else: a challenge is spent by any attempt.
            p.remove(&key)
                .ok_or(Error::ChallengeRefused(ChallengeRefusal::UnknownOrUsed))?
        };
        if pending.session != session {
            return Err(Error::ChallengeRefused(ChallengeRefusal::OtherSession));
        }
        if at > pending.expires_at {
            return Err(Error::ChallengeRefused(ChallengeRefusal::Expired));
        }
        Ok(auth.verify_signature(nonce, signature)?)
    }
}

//! Path building: depth-first over candidate issuers, bounded by a signature budget and a
//! maximum number of intermediates. Nothing here allocates: the path under construction and
//! the result live in fixed arrays of at most [`MAX_INTERMEDIATES_LIMIT`] + 1 entries.

use std::sync::Arc;

use super::{AnchorPurpose, Issuer, MAX_INTERMEDIATES_LIMIT, Profile, Verifier, check_validity};
use crate::error::AnchorMismatch;
use crate::{
    CaConstraint, Certificate, CertificateKind, Environment, Error, KeyUsage, PathLimit, UnixTime,
    oids,
};

/// Room for every intermediate a path may hold, plus the anchor.
pub(super) const CHAIN_CAPACITY: usize = MAX_INTERMEDIATES_LIMIT + 1;

/// The issuers of a verified leaf, from its issuer up to and including the anchor.
#[derive(Clone, Debug, Default)]
pub(super) struct Chain {
    issuers: [Option<Arc<Issuer>>; CHAIN_CAPACITY],
}

impl Chain {
    /// The issuers in order, the anchor last.
    pub(super) fn certificates(&self) -> impl Iterator<Item = &Certificate> + Clone {
        self.issuers
            .iter()
            .map_while(|i| i.as_ref().map(|i| &i.cert))
    }

    pub(super) fn len(&self) -> usize {
        self.certificates().count()
    }
}

/// Mutable state of one path search.
struct Search<'v> {
    verifier: &'v Verifier,
    at: UnixTime,
    /// The leaf's JPKI kind and the environments it names, which the anchor must serve
    /// (JPKI profile).
    leaf_kind: Option<CertificateKind>,
    leaf_environments: [Option<Environment>; 2],
    signatures_left: usize,
    /// The intermediates above the leaf so far, lowest first; `depth` of them are in use.
    path: [Option<&'v Arc<Issuer>>; CHAIN_CAPACITY],
    depth: usize,
}

/// How informative an error is, to keep the best one when every candidate fails.
fn rank(e: &Error) -> u8 {
    match e {
        Error::UnknownIssuer => 0,
        Error::BadSignature => 1,
        _ => 2,
    }
}

fn keep_best(best: &mut Error, new: Error) {
    if rank(&new) > rank(best) {
        *best = new;
    }
}

/// Finds a path from `leaf` to an anchor.
pub(super) fn build(
    verifier: &Verifier,
    leaf: &Certificate,
    at: UnixTime,
    leaf_kind: Option<CertificateKind>,
) -> Result<Chain, Error> {
    let mut search = Search {
        verifier,
        at,
        leaf_kind,
        leaf_environments: leaf_environments(leaf),
        signatures_left: verifier.signature_budget,
        path: Default::default(),
        depth: 0,
    };
    // The leaf is not part of `verifier`, so it is checked for cycles by DER equality only.
    let anchor = search.issuers_of(leaf)?;
    let mut chain = Chain::default();
    let used = search.path.iter().take(search.depth).flatten().copied();
    for (slot, issuer) in chain.issuers.iter_mut().zip(used.chain([anchor])) {
        *slot = Some(Arc::clone(issuer));
    }
    Ok(chain)
}

impl<'v> Search<'v> {
    /// Tries every candidate issuer of `child`; on success `path[..depth]` holds the
    /// intermediates and the anchor is returned.
    fn issuers_of(&mut self, child: &Certificate) -> Result<&'v Arc<Issuer>, Error> {
        let v = self.verifier;
        let mut best = Error::UnknownIssuer;
        let candidates = v
            .anchors
            .iter()
            .map(|i| (i, true))
            .chain(v.intermediates.iter().map(|i| (i, false)));
        for (issuer, is_anchor) in candidates {
            if !self.could_issue(child, issuer) {
                continue;
            }
            if self.signatures_left == 0 {
                return Err(Error::BudgetExceeded(v.signature_budget));
            }
            self.signatures_left -= 1;
            if let Err(e) = self.check_link(child, issuer, is_anchor) {
                keep_best(&mut best, e);
                continue;
            }
            if is_anchor {
                return Ok(issuer);
            }
            let Some(slot) = self
                .path
                .get_mut(self.depth)
                .filter(|_| self.depth < v.max_intermediates)
            else {
                keep_best(&mut best, Error::PathTooLong(PathLimit::VerifierMaximum));
                continue;
            };
            *slot = Some(issuer);
            self.depth += 1;
            match self.issuers_of(&issuer.cert) {
                Ok(anchor) => return Ok(anchor),
                Err(e @ Error::BudgetExceeded(_)) => return Err(e),
                Err(e) => keep_best(&mut best, e),
            }
            self.depth -= 1;
        }
        Err(best)
    }

    fn in_path(&self) -> impl Iterator<Item = &Certificate> {
        self.path.iter().take(self.depth).flatten().map(|i| &i.cert)
    }

    /// Cheap filters: names chain, key identifiers agree, no cycle.
    fn could_issue(&self, child: &Certificate, issuer: &Issuer) -> bool {
        if !issuer.cert.subject().matches(&child.issuer()) {
            return false;
        }
        if let (Some(aki), Some(ski)) = (child.authority_key_id(), issuer.cert.subject_key_id())
            && aki != ski
        {
            return false;
        }
        let der = issuer.cert.der();
        !self.in_path().any(|c| c.der() == der) && child.der() != der
    }

    /// The expensive checks of one link: signature, issuer validity, CA constraints.
    fn check_link(
        &self,
        child: &Certificate,
        issuer: &Issuer,
        is_anchor: bool,
    ) -> Result<(), Error> {
        let key = issuer.key.as_ref().map_err(Clone::clone)?;
        key.verify(
            child.signature_algorithm(),
            child.tbs_der(),
            child.signature_value(),
        )?;
        let jpki = self.verifier.profile == Profile::Jpki;
        // RFC 5280 §4.2.1.1: every certificate but a self-signed one names its issuer's key.
        // Self-signed, not merely self-issued: the issuer's key (which just verified the
        // signature) must be the child's own.
        let self_signed = child.is_self_issued() && child.spki_der() == issuer.cert.spki_der();
        if child.authority_key_id().is_none() && !self_signed {
            return Err(Error::CaConstraints(CaConstraint::AkiMissing));
        }
        let cert = &issuer.cert;
        ca_profile(cert, jpki)?;
        if is_anchor && jpki {
            self.anchor_serves_leaf(issuer)?;
        }
        // RFC 5280 §6.1 does not process a trust anchor's pathLenConstraint; the JPKI profile
        // checks its roots like any CA.
        if !is_anchor || jpki {
            let bc = cert.basic_constraints().unwrap_or_default();
            if let Some(max) = bc.path_len {
                // Self-issued intermediates do not count (RFC 5280 §4.2.1.9).
                let counted = self.in_path().filter(|c| !c.is_self_issued()).count();
                if counted > usize::from(max) {
                    return Err(Error::PathTooLong(PathLimit::PathLenConstraint));
                }
            }
        }
        check_validity(&issuer.cert, self.at)
    }
}

impl Search<'_> {
    /// Under the JPKI profile the anchor must vouch for the leaf's kind and environment: a
    /// signing leaf under a signing root, a user-authentication leaf under a user-authentication
    /// root, and a leaf whose policy (or issuer) names an environment under a root of that
    /// environment.
    fn anchor_serves_leaf(&self, anchor: &Issuer) -> Result<(), Error> {
        if let Some(kind) = self.leaf_kind {
            let fits = matches!(
                (kind, anchor.purpose),
                (CertificateKind::Signing, AnchorPurpose::Signing)
                    | (
                        CertificateKind::UserAuthentication,
                        AnchorPurpose::UserAuthentication
                    )
            );
            if !fits {
                return Err(Error::AnchorMismatch(AnchorMismatch::Purpose {
                    anchor: anchor.purpose,
                    leaf: kind,
                }));
            }
        }
        for leaf in self.leaf_environments.into_iter().flatten() {
            if anchor.environment != Some(leaf) {
                return Err(Error::AnchorMismatch(AnchorMismatch::Environment {
                    anchor: anchor.environment,
                    leaf,
                }));
            }
        }
        Ok(())
    }
}

/// The environments the leaf names: those of its signing policies (production, test cards),
/// else its issuer's `O` (the user-authentication policy is the same in both). A leaf carrying
/// both signing policies names both, and no anchor serves it.
fn leaf_environments(leaf: &Certificate) -> [Option<Environment>; 2] {
    let policies = leaf.policies().unwrap_or_default();
    let production = policies.contains(&oids::POLICY_SIGNING);
    let test = policies.contains(&oids::POLICY_SIGNING_TEST);
    match (production, test) {
        (false, false) => [leaf.environment(), None],
        (p, t) => [
            p.then_some(Environment::Production),
            t.then_some(Environment::Test),
        ],
    }
}

/// What RFC 5280 requires of every CA certificate, trust anchors included (the conformance
/// rules of §4.1.2.6, §4.2.1.2, §4.2.1.3 and §4.2.1.9); the JPKI profile also requires keyUsage.
fn ca_profile(cert: &Certificate, jpki: bool) -> Result<(), Error> {
    let bc = cert
        .basic_constraints()
        .ok_or(Error::CaConstraints(CaConstraint::NoBasicConstraints))?;
    if !bc.ca {
        return Err(Error::CaConstraints(CaConstraint::NotCa));
    }
    if cert
        .extension(&oids::BASIC_CONSTRAINTS)
        .is_some_and(|e| !e.critical)
    {
        return Err(Error::CaConstraints(
            CaConstraint::BasicConstraintsNotCritical,
        ));
    }
    match cert.key_usage() {
        Some(ku) if !ku.contains(KeyUsage::KEY_CERT_SIGN) => {
            return Err(Error::CaConstraints(CaConstraint::NoKeyCertSign));
        }
        None if jpki => return Err(Error::CaConstraints(CaConstraint::NoKeyUsage)),
        _ => {}
    }
    if cert.subject_key_id().is_none() {
        return Err(Error::CaConstraints(CaConstraint::NoSubjectKeyId));
    }
    if cert.subject().is_empty() {
        return Err(Error::CaConstraints(CaConstraint::EmptySubject));
    }
    Ok(())
}

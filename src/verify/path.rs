//! Path building: depth-first over candidate issuers, bounded by a signature budget and a
//! maximum number of intermediates.

use super::{Issuer, Profile, Verifier, check_validity};
use crate::{Certificate, Error, KeyUsage, UnixTime};

/// Mutable state of one path search.
struct Search<'v> {
    verifier: &'v Verifier,
    at: UnixTime,
    signatures_left: usize,
    /// Certificates from the leaf upward (the leaf first).
    path: Vec<&'v Certificate>,
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

/// Finds a path from `leaf` to an anchor; returns the issuers, anchor last.
pub(super) fn build(
    verifier: &Verifier,
    leaf: &Certificate,
    at: UnixTime,
) -> Result<Vec<Certificate>, Error> {
    let mut search = Search {
        verifier,
        at,
        signatures_left: verifier.signature_budget,
        path: Vec::new(),
    };
    // The leaf is not part of `verifier`, so it is checked for cycles by DER equality only.
    let found = search.issuers_of(leaf, 0)?;
    Ok(found.into_iter().cloned().collect())
}

impl<'v> Search<'v> {
    /// Tries every candidate issuer of `child`; `intermediates` counts those already below.
    fn issuers_of(
        &mut self,
        child: &Certificate,
        intermediates: usize,
    ) -> Result<Vec<&'v Certificate>, Error> {
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
            if let Err(e) = self.check_link(child, issuer, is_anchor, intermediates) {
                keep_best(&mut best, e);
                continue;
            }
            if is_anchor {
                return Ok(vec![&issuer.cert]);
            }
            if intermediates + 1 > v.max_intermediates {
                keep_best(
                    &mut best,
                    Error::PathTooLong("more intermediates than the verifier allows"),
                );
                continue;
            }
            self.path.push(&issuer.cert);
            match self.issuers_of(&issuer.cert, intermediates + 1) {
                Ok(mut rest) => {
                    rest.insert(0, &issuer.cert);
                    return Ok(rest);
                }
                Err(e @ Error::BudgetExceeded(_)) => return Err(e),
                Err(e) => keep_best(&mut best, e),
            }
            self.path.pop();
        }
        Err(best)
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
        !self.path.iter().any(|c| c.der() == der) && child.der() != der
    }

    /// The expensive checks of one link: signature, issuer validity, CA constraints.
    fn check_link(
        &self,
        child: &Certificate,
        issuer: &Issuer,
        is_anchor: bool,
        intermediates_below: usize,
    ) -> Result<(), Error> {
        let key = issuer.key.as_ref().map_err(Clone::clone)?;
        key.verify(
            child.signature_algorithm(),
            child.tbs_der(),
            child.signature_value(),
        )?;
        let jpki = self.verifier.profile == Profile::Jpki;
        // RFC 5280 takes a trust anchor's constraints as given; the JPKI profile checks its
        // roots like any CA.
        if !is_anchor || jpki {
            let cert = &issuer.cert;
            let bc = cert
                .basic_constraints()
                .ok_or(Error::CaConstraints("issuer has no basicConstraints"))?;
            if !bc.ca {
                return Err(Error::CaConstraints("issuer is not a CA (cA false)"));
            }
            match cert.key_usage() {
                Some(ku) if !ku.contains(KeyUsage::KEY_CERT_SIGN) => {
                    return Err(Error::CaConstraints("issuer keyUsage lacks keyCertSign"));
                }
                None if jpki => return Err(Error::CaConstraints("issuer has no keyUsage")),
                _ => {}
            }
            if let Some(max) = bc.path_len {
                // Self-issued intermediates do not count (RFC 5280 §4.2.1.9).
                let counted = self.path.iter().filter(|c| !c.is_self_issued()).count();
                debug_assert!(counted <= intermediates_below);
                if counted > usize::from(max) {
                    return Err(Error::PathTooLong(
                        "an issuer's pathLenConstraint is exceeded",
                    ));
                }
            }
        }
        check_validity(&issuer.cert, self.at)
    }
}

//! The CRLs a SignedData carries, as a revocation source: each one speaks for the issuer it
//! verifies under, and only then.

use crate::revocation::source::combine;
use crate::{Certificate, RevocationIndex, RevocationSource, RevocationStatus, UnixTime};

/// CRLs from a SignedData's `crls` field.
#[derive(Debug)]
pub(crate) struct EmbeddedCrls {
    pub crls: Vec<Vec<u8>>,
}

impl RevocationSource for EmbeddedCrls {
    fn status(
        &self,
        cert: &Certificate,
        issuer: &Certificate,
        at: UnixTime,
    ) -> Option<RevocationStatus> {
        let mut index = RevocationIndex::new(issuer.clone()).ok()?;
        let mut loaded = false;
        for crl in &self.crls {
            // A CRL of another issuer, or one that does not verify under this issuer, says
            // nothing about this certificate.
            loaded |= index.insert_der(crl).is_ok();
        }
        loaded.then(|| combine(core::iter::once(index.status(cert, at))))
    }
}

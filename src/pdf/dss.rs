//! The document security store (`/DSS` in the catalog; ISO 32000-2 §12.8.4.3, ETSI EN 319
//! 142-1 §5.4.2): certificates, CRLs and OCSP responses a PDF carries for validation, usually
//! added in revisions after the signatures (PAdES B-LT). They join the caller's sources under
//! the usual rules: each CRL or response speaks only for the issuer it verifies under, revoked
//! wins, and no covering data is "unknown".

use super::MAX_PDF_DSS_ENTRIES;
use super::document::Document;
use super::fields::{array, catalog};
use crate::{Certificate, Crl, Error, Limited, OcspResponse};

/// What the newest revision's `/DSS` holds.
#[derive(Debug, Default)]
pub(crate) struct Evidence {
    pub(crate) certificates: Vec<Certificate>,
    pub(crate) crls: Vec<Vec<u8>>,
    pub(crate) ocsp: Vec<OcspResponse>,
}

impl Evidence {
    pub(crate) fn is_empty(&self) -> bool {
        self.certificates.is_empty() && self.crls.is_empty() && self.ocsp.is_empty()
    }
}

/// The `/DSS` of the newest revision. An entry that does not parse refuses the file: the
/// evidence was offered and cannot be read, and reading the rest as if it were all would be
/// optimistic.
pub(crate) fn read(doc: &Document<'_>) -> Result<Evidence, Error> {
    let mut evidence = Evidence::default();
    let Some(rev) = doc.revisions.len().checked_sub(1) else {
        return Ok(evidence);
    };
    let (_, root) = catalog(doc, rev)?;
    let Some(dss) = root.get(b"DSS") else {
        return Ok(evidence);
    };
    let Some(dss) = doc.dict(rev, dss)? else {
        return Ok(evidence);
    };
    let mut entries = 0usize;
    let mut streams = |key: &[u8]| -> Result<Vec<Vec<u8>>, Error> {
        let Some(list) = dss.get(key) else {
            return Ok(Vec::new());
        };
        let items = array(doc, rev, list)?;
        entries += items.len();
        Error::at_most(Limited::PdfDssEntries, entries, MAX_PDF_DSS_ENTRIES)?;
        items.iter().map(|o| doc.stream_data(rev, o)).collect()
    };
    for der in streams(b"Certs")? {
        evidence.certificates.push(Certificate::from_der(&der)?);
    }
    for der in streams(b"CRLs")? {
        // Parsed now so that a malformed one refuses the file; verified against its issuer
        // when a certificate's status is asked.
        Crl::from_der(&der)?;
        evidence.crls.push(der);
    }
    for der in streams(b"OCSPs")? {
        evidence.ocsp.push(OcspResponse::from_der(&der)?);
    }
    Ok(evidence)
}

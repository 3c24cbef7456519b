//! Certificate revocation lists (RFC 5280 §5): strict parsing, signature verification before
//! the entries are expanded, and entry decoding.

use der::Decode;
use der::asn1::{BitStringRef, IntRef};

use crate::der_reader::{self, Reader, tag};

use super::CrlReason;
use crate::cert::extensions::{self as exts, RawExtension};
use crate::error::CrlRefusal;
use crate::oid::oids;
use crate::{
    CaConstraint, Certificate, CrlFeature, DistinguishedName, Error, ExtensionProblem, KeyUsage,
    Limited, Oid, PemProblem, PublicKey, SerialNumber, SignatureAlgorithm, UnixTime,
};

/// The largest CRL accepted, in bytes (a resource limit: 10 million entries of a JPKI-sized
/// CRL are about 330 MB).
///
/// ```
/// use jpki_core::{Crl, Error, MAX_CRL_SIZE};
/// // The size is checked before anything is decoded.
/// let huge = vec![0u8; MAX_CRL_SIZE + 1];
/// assert!(matches!(Crl::from_der(&huge), Err(Error::TooLarge { .. })));
/// ```
pub const MAX_CRL_SIZE: usize = 1 << 30;

/// cRLNumber.
const CRL_NUMBER: Oid = Oid::new("2.5.29.20");
/// deltaCRLIndicator.
const DELTA_CRL_INDICATOR: Oid = Oid::new("2.5.29.27");
/// issuingDistributionPoint.
const ISSUING_DISTRIBUTION_POINT: Oid = Oid::new("2.5.29.28");
/// freshestCRL.
const FRESHEST_CRL: Oid = Oid::new("2.5.29.46");
/// reasonCode (entry extension).
const REASON_CODE: Oid = Oid::new("2.5.29.21");
/// invalidityDate (entry extension).
const INVALIDITY_DATE: Oid = Oid::new("2.5.29.24");
/// certificateIssuer (entry extension of indirect CRLs).
const CERTIFICATE_ISSUER: Oid = Oid::new("2.5.29.29");

/// A CRL, parsed strictly but not yet trusted: its entries are only walked after
/// [`Crl::verify`] has checked the signature.
///
/// A CRL must carry nextUpdate (not before thisUpdate) and a non-critical cRLNumber (RFC 5280
/// §5.1.2.5, §5.2.3): without them it is refused with [`Error::CrlRefused`], so nothing can be
/// read as fresh forever. Indirect CRLs (indirectCRL, certificateIssuer) are refused with
/// [`Error::UnsupportedCrl`]; JPKI publishes full CRLs per municipality. A delta CRL
/// (deltaCRLIndicator) is parsed: a [`RevocationIndex`](crate::RevocationIndex) takes its
/// entries as evidence of revocation, never as evidence that a certificate is good.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{Crl, CrlReason, UnixTime, testkit::{CrlSpec, HolderSpec, TestCa}};
/// let ca = TestCa::new(1);
/// let leaf = ca.issue_signing(&HolderSpec::example());
/// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
/// let der = ca.issue_crl(&CrlSpec::signing(d).revoke(leaf.serial, d, Some(CrlReason::AffiliationChanged)));
/// let crl = Crl::from_der(&der)?;
/// assert_eq!(crl.this_update(), d);
/// let verified = crl.verify(&ca.signing_root().certificate())?;
/// assert_eq!(verified.crl().entries().count(), 1);
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Crl<'a> {
    tbs: &'a [u8],
    signature_algorithm: SignatureAlgorithm,
    signature: &'a [u8],
    issuer: &'a [u8],
    this_update: UnixTime,
    next_update: UnixTime,
    entries: &'a [u8],
    crl_number: Option<&'a [u8]>,
    base_crl_number: Option<&'a [u8]>,
    authority_key_id: Option<&'a [u8]>,
    partition: Option<&'a [u8]>,
    only_user_certs: bool,
    only_ca_certs: bool,
}

/// One revoked certificate.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{Crl, CrlReason, UnixTime, testkit::{CrlSpec, HolderSpec, TestCa}};
/// let ca = TestCa::new(1);
/// let leaf = ca.issue_signing(&HolderSpec::example());
/// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
/// let der = ca.issue_crl(&CrlSpec::signing(d).revoke(leaf.serial, d, Some(CrlReason::AffiliationChanged)));
/// let verified = Crl::from_der(&der)?.verify(&ca.signing_root().certificate())?;
/// for entry in verified.crl().entries() {
///     let entry = entry?;
///     assert_eq!(entry.serial, leaf.serial);
///     assert_eq!(entry.reason, Some(CrlReason::AffiliationChanged));
/// }
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CrlEntry {
    /// userCertificate.
    pub serial: SerialNumber,
    /// revocationDate.
    pub revoked_at: UnixTime,
    /// reasonCode, if present.
    pub reason: Option<CrlReason>,
    /// invalidityDate, if present.
    pub invalidity_date: Option<UnixTime>,
}

/// A CRL whose signature has been checked against its issuing CA.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{Crl, CrlReason, UnixTime, testkit::{CrlSpec, HolderSpec, TestCa}};
/// let ca = TestCa::new(1);
/// let leaf = ca.issue_signing(&HolderSpec::example());
/// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
/// let der = ca.issue_crl(&CrlSpec::signing(d).revoke(leaf.serial, d, Some(CrlReason::AffiliationChanged)));
/// // Only a signature check by the issuer makes a VerifiedCrl.
/// let other = TestCa::new(2);
/// assert!(Crl::from_der(&der)?.verify(&other.signing_root().certificate()).is_err());
/// let verified = Crl::from_der(&der)?.verify(&ca.signing_root().certificate())?;
/// assert!(verified.crl().next_update() > d);
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct VerifiedCrl<'a> {
    crl: Crl<'a>,
}

fn time_of(t: &x509_cert::time::Time) -> UnixTime {
    UnixTime::from_datetime(&t.to_date_time())
}

fn bad(context: crate::DerContext) -> Error {
    Error::BadDer {
        context,
        problem: crate::DerProblem::InvalidValue,
    }
}

impl<'a> Crl<'a> {
    /// Parses a DER CRL. The revoked-certificate list is located but not decoded.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Crl, UnixTime, testkit::{CrlSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let der = ca.issue_crl(&CrlSpec::signing(d));
    /// let crl = Crl::from_der(&der)?;
    /// assert_eq!(crl.this_update(), d);
    /// assert!(Crl::from_der(&der[..der.len() - 1]).is_err()); // truncated
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn from_der(der: &'a [u8]) -> Result<Self, Error> {
        Error::at_most(Limited::Crl, der.len(), MAX_CRL_SIZE)?;
        // CertificateList ::= SEQUENCE { tbsCertList TBSCertList,
        //     signatureAlgorithm AlgorithmIdentifier, signatureValue BIT STRING }
        let ctx = crate::DerContext::Crl;
        let at = Error::der_at(ctx);
        let mut r = Reader::new(der);
        let mut c = r.sequence().map_err(&at)?;
        r.finish().map_err(&at)?;
        let tbs = c.expect_tag(tag::SEQUENCE).map_err(&at)?;
        let outer_alg = c.read().map_err(&at)?;
        let signature = c.expect_tag(tag::BIT_STRING).map_err(&at)?;
        c.finish().map_err(&at)?;
        let signature = BitStringRef::from_der(signature.raw)
            .map_err(Error::der_in(ctx))?
            .as_bytes()
            .ok_or(bad(crate::DerContext::CrlSignature))?;
        let (tbs, outer_alg) = (tbs.raw, outer_alg.raw);
        let mut crl = Self::decode_tbs(tbs, outer_alg)?;
        crl.signature = signature;
        Ok(crl)
    }

    /// Parses a PEM CRL (`X509 CRL` block) into owned DER, to be parsed with [`Crl::from_der`].
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Crl, UnixTime, pem, testkit::{CrlSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let der = ca.issue_crl(&CrlSpec::signing(UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?));
    /// let text = pem::encode("X509 CRL", &der);
    /// assert_eq!(Crl::pem_to_der(text.as_bytes())?, der);
    /// assert!(Crl::pem_to_der(pem::encode("CERTIFICATE", &der).as_bytes()).is_err());
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn pem_to_der(pem: &[u8]) -> Result<Vec<u8>, Error> {
        let mut blocks = crate::pem::decode_all(pem, "X509 CRL")?;
        match (blocks.pop(), blocks.is_empty()) {
            (Some(one), true) => Ok(one),
            _ => Err(Error::BadPem(PemProblem::NotOneCrl)),
        }
    }

    fn decode_tbs(tbs: &'a [u8], outer_alg: &'a [u8]) -> Result<Self, Error> {
        // TBSCertList ::= SEQUENCE { version Version OPTIONAL, signature AlgorithmIdentifier,
        //     issuer Name, thisUpdate Time, nextUpdate Time OPTIONAL,
        //     revokedCertificates SEQUENCE OF SEQUENCE { … } OPTIONAL,
        //     crlExtensions [0] EXPLICIT Extensions OPTIONAL }
        let ctx = crate::DerContext::TbsCertList;
        let at = Error::der_at(ctx);
        let mut r = Reader::new(tbs);
        let mut t = r.sequence().map_err(&at)?;
        r.finish().map_err(&at)?;
        // version Version OPTIONAL: v2 (1) is required.
        let version = match t.optional(tag::INTEGER).map_err(&at)? {
            Some(v) => Some(u8::from_der(v.raw).map_err(Error::der_in(ctx))?),
            None => None,
        };
        let alg = t.read().map_err(&at)?;
        let issuer = t.expect_tag(tag::SEQUENCE).map_err(&at)?.raw;
        let time = |tlv: der_reader::Tlv<'_>| {
            x509_cert::time::Time::from_der(tlv.raw).map_err(Error::der_in(ctx))
        };
        let this_update = time(t.read().map_err(&at)?)?;
        let next_update = match t.peek_tag() {
            Some(tag::UTC_TIME | tag::GENERALIZED_TIME) => Some(time(t.read().map_err(&at)?)?),
            _ => None,
        };
        let entries = t.optional(tag::SEQUENCE).map_err(&at)?.map(|e| e.value);
        let extensions = if t.at_end() {
            None
        } else {
            Some(t.expect_tag(tag::context(0, true)).map_err(&at)?.value)
        };
        t.finish().map_err(&at)?;
        match version {
            Some(1) => {}
            Some(v) => return Err(Error::UnsupportedVersion(v.saturating_add(1))),
            None => return Err(Error::UnsupportedVersion(1)),
        }
        let alg = alg.raw;
        if alg != outer_alg {
            return Err(Error::SignatureAlgorithmMismatch);
        }
        let (oid, parameters) = Reader::new(alg)
            .read()
            .and_then(|a| der_reader::algorithm(&a))
            .map_err(Error::der_at(crate::DerContext::CrlSignatureAlgorithm))?;
        DistinguishedName::parse(issuer)?;
        let this_update = time_of(&this_update);
        // RFC 5280 §5.1.2.5: conforming issuers MUST include nextUpdate. Without it nothing
        // bounds how long the CRL speaks, and a revocation after it could never show.
        let next_update = next_update
            .as_ref()
            .map(time_of)
            .ok_or(Error::CrlRefused(CrlRefusal::NoNextUpdate))?;
        if next_update < this_update {
            return Err(Error::CrlRefused(CrlRefusal::NextUpdateBeforeThisUpdate));
        }
        let mut crl = Self {
            tbs,
            signature_algorithm: SignatureAlgorithm::identify(oid, parameters),
            signature: &[],
            issuer,
            this_update,
            next_update,
            entries: entries.unwrap_or_default(),
            crl_number: None,
            base_crl_number: None,
            authority_key_id: None,
            partition: None,
            only_user_certs: false,
            only_ca_certs: false,
        };
        if let Some(list) = extensions {
            exts::for_each::<{ exts::MAX_EXTENSIONS }>(
                list,
                crate::DerContext::CrlExtensions,
                |e| crl.apply_extension(e),
            )?;
        }
        // RFC 5280 §5.2.3: conforming issuers MUST include cRLNumber; it orders the CRLs of a
        // scope, so a replayed older CRL cannot replace a newer one.
        if crl.crl_number.is_none() {
            return Err(Error::CrlRefused(CrlRefusal::NoCrlNumber));
        }
        Ok(crl)
    }

    fn apply_extension(&mut self, e: RawExtension<'a>) -> Result<(), Error> {
        let bad_ext = |reason| Error::BadExtension {
            oid: e.oid.to_string(),
            reason,
        };
        match e.oid {
            o if o == CRL_NUMBER => {
                if e.critical {
                    return Err(Error::CrlRefused(CrlRefusal::CriticalCrlNumber));
                }
                self.crl_number = Some(
                    crl_number_value(e.value)
                        .ok_or_else(|| bad_ext(ExtensionProblem::BadCrlNumber))?,
                );
            }
            // RFC 5280 §5.2.4: a delta CRL names the complete CRL it updates; the extension
            // MUST be critical.
            o if o == DELTA_CRL_INDICATOR => {
                if !e.critical {
                    return Err(bad_ext(ExtensionProblem::DeltaCrlIndicatorNotCritical));
                }
                self.base_crl_number = Some(
                    crl_number_value(e.value)
                        .ok_or_else(|| bad_ext(ExtensionProblem::BadBaseCrlNumber))?,
                );
            }
            o if o == oids::AUTHORITY_KEY_IDENTIFIER => {
                self.authority_key_id =
                    crate::cert::extensions::authority_key_id(e.octets.reader())
                        .map_err(bad_ext)?
                        .map(|id| id.value);
            }
            o if o == ISSUING_DISTRIBUTION_POINT => {
                let idp =
                    x509_cert::ext::pkix::crl::dp::IssuingDistributionPoint::from_der(e.value)
                        .map_err(|_| bad_ext(ExtensionProblem::NotDer))?;
                if idp.indirect_crl {
                    return Err(Error::UnsupportedCrl(CrlFeature::Indirect));
                }
                if idp.only_some_reasons.is_some() {
                    return Err(Error::UnsupportedCrl(CrlFeature::SomeReasons));
                }
                if idp.only_contains_attribute_certs {
                    return Err(Error::UnsupportedCrl(CrlFeature::AttributeCertificates));
                }
                self.only_user_certs = idp.only_contains_user_certs;
                self.only_ca_certs = idp.only_contains_ca_certs;
                self.partition = first_field_tlv(e.value);
            }
            o if o == FRESHEST_CRL
                || o == oids::ISSUER_ALT_NAME
                || o == oids::AUTHORITY_INFO_ACCESS => {}
            _ if e.critical => return Err(Error::UnknownCriticalExtension(e.oid.to_string())),
            _ => {}
        }
        Ok(())
    }

    /// The issuer's name.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Crl, UnixTime, testkit::{CrlSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let der = ca.issue_crl(&CrlSpec::signing(UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?));
    /// let crl = Crl::from_der(&der)?;
    /// assert!(crl.issuer().matches(&ca.signing_root().certificate().subject()));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn issuer(&self) -> DistinguishedName<'a> {
        DistinguishedName::validated(self.issuer)
    }

    /// thisUpdate.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Crl, UnixTime, testkit::{CrlSpec, TestCa}};
    /// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let der = TestCa::new(1).issue_crl(&CrlSpec::signing(d));
    /// assert_eq!(Crl::from_der(&der)?.this_update(), d);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn this_update(&self) -> UnixTime {
        self.this_update
    }

    /// nextUpdate (required: a CRL without it is refused at parse time).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Crl, UnixTime, testkit::{CrlSpec, TestCa}};
    /// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let der = TestCa::new(1).issue_crl(&CrlSpec::signing(d));
    /// // JPKI regenerates CRLs daily.
    /// assert_eq!(Crl::from_der(&der)?.next_update(), d.plus_seconds(86_400));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn next_update(&self) -> UnixTime {
        self.next_update
    }

    /// The BaseCRLNumber of a delta CRL (deltaCRLIndicator), `None` for a complete CRL.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Crl, UnixTime, testkit::{CrlSpec, TestCa}};
    /// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let ca = TestCa::new(1);
    /// let full = ca.issue_crl(&CrlSpec::signing(d).number(5));
    /// assert_eq!(Crl::from_der(&full)?.delta_base(), None);
    /// let delta = ca.issue_crl(&CrlSpec::signing(d).number(6).delta_of(5));
    /// assert_eq!(Crl::from_der(&delta)?.delta_base(), Some(&[5][..]));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn delta_base(&self) -> Option<&'a [u8]> {
        self.base_crl_number
    }

    /// cRLNumber as big-endian octets (always present: a CRL without one is refused; the
    /// `Option` is kept for the API's sake).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Crl, UnixTime, testkit::{CrlSpec, TestCa}};
    /// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let der = TestCa::new(1).issue_crl(&CrlSpec::signing(d).number(300));
    /// assert_eq!(Crl::from_der(&der)?.crl_number(), Some(&[0x01, 0x2c][..]));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn crl_number(&self) -> Option<&'a [u8]> {
        self.crl_number
    }

    /// The signature algorithm.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Crl, SignatureAlgorithm, UnixTime, testkit::{CrlSpec, TestCa}};
    /// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let der = TestCa::new(1).issue_crl(&CrlSpec::signing(d));
    /// assert_eq!(Crl::from_der(&der)?.signature_algorithm(), SignatureAlgorithm::RsaPkcs1Sha256);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn signature_algorithm(&self) -> SignatureAlgorithm {
        self.signature_algorithm
    }

    /// The DER of the issuingDistributionPoint's distributionPoint field (the partition this
    /// CRL covers), if the CRL names one.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Crl, UnixTime, testkit::{CrlSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let full = ca.issue_crl(&CrlSpec::signing(d));
    /// assert_eq!(Crl::from_der(&full)?.partition(), None);
    /// let chiyoda = ca.issue_crl(&CrlSpec::signing(d).partition("Tokyo-to", "Chiyoda-ku"));
    /// assert!(Crl::from_der(&chiyoda)?.partition().is_some());
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn partition(&self) -> Option<&'a [u8]> {
        self.partition
    }

    /// Checks the signature with `issuer`'s key, after checking that `issuer` is the CRL's
    /// issuer (name, key identifier) and may sign CRLs (cRLSign).
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Crl, Error, UnixTime, testkit::{CrlSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let der = ca.issue_crl(&CrlSpec::signing(UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?));
    /// let verified = Crl::from_der(&der)?.verify(&ca.signing_root().certificate())?;
    /// assert_eq!(verified.crl().entries().count(), 0);
    /// // The user-authentication root did not issue it.
    /// let wrong = ca.user_authentication_root().certificate();
    /// assert!(matches!(Crl::from_der(&der)?.verify(&wrong), Err(Error::CrlIssuerMismatch)));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn verify(self, issuer: &Certificate) -> Result<VerifiedCrl<'a>, Error> {
        let key = PublicKey::from_spki_der(issuer.spki_der())?;
        self.verify_with(issuer, &key)
    }

    /// [`Crl::verify`] with the issuer's key already parsed.
    pub(crate) fn verify_with(
        self,
        issuer: &Certificate,
        key: &PublicKey,
    ) -> Result<VerifiedCrl<'a>, Error> {
        if !issuer.subject().matches(&self.issuer()) {
            return Err(Error::CrlIssuerMismatch);
        }
        if let (Some(aki), Some(ski)) = (self.authority_key_id, issuer.subject_key_id())
            && aki != ski
        {
            return Err(Error::CrlIssuerMismatch);
        }
        if issuer
            .key_usage()
            .is_some_and(|ku| !ku.contains(KeyUsage::CRL_SIGN))
        {
            return Err(Error::CaConstraints(CaConstraint::NoCrlSign));
        }
        key.verify(self.signature_algorithm, self.tbs, self.signature)?;
        Ok(VerifiedCrl { crl: self })
    }

    /// Decodes every entry, in CRL order. Each item is checked as strictly as the CRL itself.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Crl, CrlReason, UnixTime, testkit::{CrlSpec, HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let leaf = ca.issue_signing(&HolderSpec::example());
    /// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let spec = CrlSpec::signing(d).revoke(leaf.serial, d, Some(CrlReason::AffiliationChanged));
    /// let der = ca.issue_crl(&spec);
    /// let entries = Crl::from_der(&der)?.entries().collect::<Result<Vec<_>, _>>()?;
    /// assert_eq!(entries[0].serial, leaf.serial);
    /// assert_eq!(entries[0].reason, Some(CrlReason::AffiliationChanged));
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn entries(&self) -> impl Iterator<Item = Result<CrlEntry, Error>> + 'a {
        let mut reader = Some(Reader::new(self.entries));
        core::iter::from_fn(move || {
            let r = reader.as_mut()?;
            if r.at_end() {
                return None;
            }
            let item = decode_entry(r);
            if item.is_err() {
                reader = None;
            }
            Some(item)
        })
    }

    /// Whether the CRL says it holds no certificates of this kind (IDP scope).
    pub(crate) fn covers(&self, is_ca: bool) -> bool {
        !(is_ca && self.only_user_certs || !is_ca && self.only_ca_certs)
    }

    /// The raw list of entries (the revokedCertificates contents).
    pub(crate) fn raw_entries(&self) -> &'a [u8] {
        self.entries
    }
}

impl<'a> VerifiedCrl<'a> {
    /// The verified CRL.
    ///
    /// ```
    /// # #[cfg(feature = "testkit")] {
    /// use jpki_core::{Crl, UnixTime, testkit::{CrlSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let der = ca.issue_crl(&CrlSpec::signing(d));
    /// let verified = Crl::from_der(&der)?.verify(&ca.signing_root().certificate())?;
    /// assert_eq!(verified.crl().this_update(), d);
    /// # }
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn crl(&self) -> &Crl<'a> {
        &self.crl
    }
}

/// The TLV of the first field of a SEQUENCE value (the IDP's distributionPoint), if it is the
/// `[0]` field.
fn first_field_tlv(value: &[u8]) -> Option<&[u8]> {
    let mut r = Reader::new(value);
    let mut s = r.sequence().ok()?;
    r.finish().ok()?;
    let first = s.read().ok()?;
    while !s.at_end() {
        s.read().ok()?;
    }
    (first.tag == tag::context(0, true)).then_some(first.raw)
}

/// The value of a cRLNumber or BaseCRLNumber: a DER INTEGER, non-negative, at most 20 octets.
fn crl_number_value(value: &[u8]) -> Option<&[u8]> {
    let n = IntRef::from_der(value).ok()?;
    let bytes = n.as_bytes();
    (bytes.first().is_none_or(|b| b & 0x80 == 0) && bytes.len() <= 20).then_some(bytes)
}

/// Decodes one revokedCertificates entry.
pub(crate) fn decode_entry(r: &mut Reader<'_>) -> Result<CrlEntry, Error> {
    // SEQUENCE { userCertificate CertificateSerialNumber, revocationDate Time,
    //            crlEntryExtensions Extensions OPTIONAL }
    let ctx = crate::DerContext::CrlEntry;
    let at = Error::der_at(ctx);
    let mut e = r.sequence().map_err(&at)?;
    let serial = e.expect_tag(tag::INTEGER).map_err(&at)?;
    // `IntRef::new` refuses a non-minimal two's-complement encoding.
    IntRef::new(serial.value).map_err(Error::der_in(ctx))?;
    let revoked_at = e.read().map_err(&at)?;
    let revoked_at = x509_cert::time::Time::from_der(revoked_at.raw).map_err(Error::der_in(ctx))?;
    let extensions = if e.at_end() {
        None
    } else {
        Some(e.read().map_err(&at)?.raw)
    };
    e.finish().map_err(&at)?;
    let serial = SerialNumber::from_der_integer(serial.value)?;
    let mut entry = CrlEntry {
        serial,
        revoked_at: time_of(&revoked_at),
        reason: None,
        invalidity_date: None,
    };
    // Fast path for the common shape, a lone non-critical reasonCode: DER has exactly one
    // encoding of it, so comparing with the encoding `der` itself produces is the same check
    // as the general walk below, at a fraction of the cost on million-entry CRLs.
    if let Some(list) = extensions
        && let Some(code) = lone_reason_code(list)
    {
        entry.reason = Some(code);
        return Ok(entry);
    }
    if let Some(list) = extensions {
        exts::for_each::<8>(list, crate::DerContext::CrlEntryExtensions, |e| {
            match e.oid {
                o if o == REASON_CODE => {
                    let code = decode_enumerated(e.value).ok_or_else(|| Error::BadExtension {
                        oid: o.to_string(),
                        reason: ExtensionProblem::NotCrlReason,
                    })?;
                    entry.reason = Some(code);
                }
                o if o == INVALIDITY_DATE => {
                    let t = der::asn1::GeneralizedTime::from_der(e.value).map_err(|_| {
                        Error::BadExtension {
                            oid: o.to_string(),
                            reason: ExtensionProblem::NotGeneralizedTime,
                        }
                    })?;
                    entry.invalidity_date = Some(UnixTime::from_datetime(&t.to_date_time()));
                }
                o if o == CERTIFICATE_ISSUER => {
                    return Err(Error::UnsupportedCrl(CrlFeature::IndirectEntry));
                }
                _ if e.critical => return Err(Error::UnknownCriticalExtension(e.oid.to_string())),
                _ => {}
            }
            Ok(())
        })?;
    }
    Ok(entry)
}

/// The DER of `Extensions { Extension { reasonCode, OCTET STRING { ENUMERATED r } } }` without
/// its last octet (`r`), built once with `der`.
fn reason_code_template() -> &'static [u8] {
    static TEMPLATE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    TEMPLATE.get_or_init(|| {
        use der::Encode;
        let value = x509_cert::ext::pkix::crl::CrlReason::Unspecified
            .to_der()
            .unwrap_or_default();
        let ext = x509_cert::ext::Extension {
            extn_id: REASON_CODE.0,
            critical: false,
            extn_value: match der::asn1::OctetString::new(value) {
                Ok(v) => v,
                Err(_) => return Vec::new(),
            },
        };
        let mut der = vec![ext].to_der().unwrap_or_default();
        der.pop();
        der
    })
}

/// The reason of an extension list that is exactly one non-critical reasonCode.
pub(super) fn lone_reason_code(list: &[u8]) -> Option<CrlReason> {
    let template = reason_code_template();
    match list.split_last() {
        Some((code, head)) if !template.is_empty() && head == template => {
            CrlReason::from_code(*code)
        }
        _ => None,
    }
}

/// Decodes a DER ENUMERATED CRLReason (7 and codes above 10 are invalid).
fn decode_enumerated(value: &[u8]) -> Option<CrlReason> {
    let r = x509_cert::ext::pkix::crl::CrlReason::from_der(value).ok()?;
    CrlReason::from_code(r as u8)
}

//! CRLs from the test CA, of any size, quickly (a million entries in about a second).

use der::asn1::{Any, GeneralizedTime, Int, OctetString};
use der::{Decode, Encode, Sequence};
use x509_cert::ext::Extension;
use x509_cert::ext::pkix;
use x509_cert::time::Time;

use super::template::assemble;
use super::{Root, TemplateExtension, TestCa, pick};
use crate::{CrlReason, Oid, SerialNumber, UnixTime};

/// Which root issues.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{UnixTime, testkit::{CrlSpec, Purpose}};
/// let spec = CrlSpec::user_authentication(UnixTime::from_unix_seconds(1_800_000_000));
/// assert_eq!(spec.purpose, Purpose::UserAuthentication);
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Purpose {
    /// The signing root (署名用).
    Signing,
    /// The user-authentication root (利用者証明用).
    UserAuthentication,
}

/// What a test CRL holds.
///
/// ```
/// # #[cfg(feature = "testkit")] {
/// use jpki_core::{Crl, CrlReason, UnixTime, testkit::{CrlSpec, HolderSpec, TestCa}};
/// let ca = TestCa::new(1);
/// let leaf = ca.issue_signing(&HolderSpec::example());
/// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
/// let spec = CrlSpec::signing(d)
///     .number(12)
///     .partition("Tokyo-to", "Chiyoda-ku")
///     .revoke(leaf.serial, d, Some(CrlReason::KeyCompromise));
/// let der = ca.issue_crl(&spec);
/// let crl = Crl::from_der(&der)?;
/// assert!(crl.partition().is_some());
/// # }
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct CrlSpec {
    /// Which root signs.
    pub purpose: Purpose,
    /// Which root generation signs (`None`: the newest).
    pub generation: Option<usize>,
    /// CRL version number as written (2 by default; 1 omits the field).
    pub version: u8,
    /// thisUpdate.
    pub this_update: UnixTime,
    /// nextUpdate (default: a day after thisUpdate, as JPKI regenerates daily).
    pub next_update: Option<UnixTime>,
    /// cRLNumber (default 1).
    pub crl_number: Option<u64>,
    /// Revoked certificates: serial, revocation time, reason.
    pub entries: Vec<(SerialNumber, UnixTime, Option<CrlReason>)>,
    /// The municipality partition (prefecture, municipality) named in issuingDistributionPoint,
    /// matching the cRLDistributionPoints of certificates issued with that locality. `None`
    /// makes a full CRL.
    pub partition: Option<(String, String)>,
    /// Further CRL extensions (for negative tests: delta indicators, unknown critical ones).
    pub extra_extensions: Vec<TemplateExtension>,
    /// invalidityDate entry extensions: serial (one of `entries`) and the date.
    pub invalidity_dates: Vec<(SerialNumber, UnixTime)>,
}

impl CrlSpec {
    /// An empty full CRL from the signing root, valid for a day from `this_update`.
    ///
    /// ```
    /// use jpki_core::{Crl, UnixTime, testkit::{CrlSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let crl_der = ca.issue_crl(&CrlSpec::signing(d));
    /// Crl::from_der(&crl_der)?.verify(&ca.signing_root().certificate())?;
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn signing(this_update: UnixTime) -> Self {
        Self {
            purpose: Purpose::Signing,
            generation: None,
            version: 2,
            this_update,
            next_update: Some(this_update.plus_seconds(86_400)),
            crl_number: Some(1),
            entries: Vec::new(),
            partition: None,
            extra_extensions: Vec::new(),
            invalidity_dates: Vec::new(),
        }
    }

    /// The same from the user-authentication root.
    ///
    /// ```
    /// use jpki_core::{Crl, UnixTime, testkit::{CrlSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let crl_der = ca.issue_crl(&CrlSpec::user_authentication(d));
    /// Crl::from_der(&crl_der)?.verify(&ca.user_authentication_root().certificate())?;
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn user_authentication(this_update: UnixTime) -> Self {
        Self {
            purpose: Purpose::UserAuthentication,
            ..Self::signing(this_update)
        }
    }

    /// Adds a revoked certificate.
    ///
    /// ```
    /// use jpki_core::{Crl, CrlReason, SerialNumber, UnixTime, testkit::{CrlSpec, TestCa}};
    /// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let spec = CrlSpec::signing(d).revoke(SerialNumber::from_u64(42)?, d, Some(CrlReason::Superseded));
    /// let crl_der = TestCa::new(1).issue_crl(&spec);
    /// assert_eq!(Crl::from_der(&crl_der)?.entries().count(), 1);
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn revoke(mut self, serial: SerialNumber, at: UnixTime, reason: Option<CrlReason>) -> Self {
        self.entries.push((serial, at, reason));
        self
    }

    /// Names the partition (as [`crate::testkit::HolderSpec::locality`]).
    ///
    /// ```
    /// use jpki_core::{RevocationIndex, RevocationStatus, UnixTime, testkit::{CrlSpec, HolderSpec, TestCa}};
    /// let ca = TestCa::new(1);
    /// let leaf = ca.issue_signing(&HolderSpec::example()).certificate(); // in Tokyo-to, Chiyoda-ku
    /// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let mut index = RevocationIndex::new(ca.signing_root().certificate())?;
    /// index.insert_der(&ca.issue_crl(&CrlSpec::signing(d).partition("Osaka-fu", "Sakai-shi")))?;
    /// // Another municipality's CRL does not speak for this certificate.
    /// assert!(matches!(index.status(&leaf, d), RevocationStatus::Unknown(_)));
    /// index.insert_der(&ca.issue_crl(&CrlSpec::signing(d).partition("Tokyo-to", "Chiyoda-ku")))?;
    /// assert_eq!(index.status(&leaf, d), RevocationStatus::Good);
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn partition(mut self, prefecture: &str, municipality: &str) -> Self {
        self.partition = Some((prefecture.into(), municipality.into()));
        self
    }

    /// Sets the cRLNumber.
    ///
    /// ```
    /// use jpki_core::{Crl, UnixTime, testkit::{CrlSpec, TestCa}};
    /// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let crl_der = TestCa::new(1).issue_crl(&CrlSpec::signing(d).number(7));
    /// assert_eq!(Crl::from_der(&crl_der)?.crl_number(), Some(&[7][..]));
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn number(mut self, n: u64) -> Self {
        self.crl_number = Some(n);
        self
    }

    /// Makes a delta CRL over the complete CRL numbered `base` (a critical deltaCRLIndicator).
    ///
    /// ```
    /// use jpki_core::{Crl, UnixTime, testkit::{CrlSpec, TestCa}};
    /// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let delta = TestCa::new(1).issue_crl(&CrlSpec::signing(d).number(8).delta_of(7));
    /// assert_eq!(Crl::from_der(&delta)?.delta_base(), Some(&[7][..]));
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn delta_of(mut self, base: u64) -> Self {
        let base = Int::new(
            &SerialNumber::from_u64(base.max(1))
                .map(|s| s.to_der_integer_content())
                .unwrap_or_default(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        self.extra_extensions.push(TemplateExtension {
            oid: Oid::new("2.5.29.27"),
            critical: true,
            value: encoded(base),
        });
        self
    }

    /// Gives the entry of `serial` an invalidityDate (RFC 5280 §5.3.2).
    ///
    /// ```
    /// use jpki_core::{Crl, CrlReason, SerialNumber, UnixTime, testkit::{CrlSpec, TestCa}};
    /// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let s = SerialNumber::from_u64(42)?;
    /// let spec = CrlSpec::signing(d)
    ///     .revoke(s, d, Some(CrlReason::KeyCompromise))
    ///     .invalid_since(s, d.minus_seconds(86_400));
    /// let der = TestCa::new(1).issue_crl(&spec);
    /// let entry = Crl::from_der(&der)?.entries().next().transpose()?;
    /// assert_eq!(entry.and_then(|e| e.invalidity_date), Some(d.minus_seconds(86_400)));
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn invalid_since(mut self, serial: SerialNumber, at: UnixTime) -> Self {
        self.invalidity_dates.push((serial, at));
        self
    }
}

#[derive(Sequence)]
struct Entry {
    serial: Int,
    date: Time,
    extensions: Option<Vec<Extension>>,
}

#[derive(Sequence)]
struct TbsCertList {
    version: Option<u8>,
    signature: Any,
    issuer: Any,
    this_update: Time,
    next_update: Option<Time>,
    revoked: Option<Vec<Entry>>,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    extensions: Option<Vec<Extension>>,
}

fn time(t: UnixTime) -> Time {
    let d = core::time::Duration::from_secs(t.as_unix_seconds());
    let encoded = if t.as_unix_seconds() < 2_524_608_000 {
        der::asn1::UtcTime::from_unix_duration(d).map(Time::UtcTime)
    } else {
        GeneralizedTime::from_unix_duration(d).map(Time::GeneralTime)
    };
    encoded.unwrap_or_else(|e| panic!("testkit: time out of range: {e}"))
}

fn extension(oid: Oid, critical: bool, value: Vec<u8>) -> Extension {
    Extension {
        extn_id: oid.0,
        critical,
        extn_value: OctetString::new(value).unwrap_or_else(|e| panic!("testkit: {e}")),
    }
}

fn encoded(value: impl Encode) -> Vec<u8> {
    value.to_der().unwrap_or_else(|e| panic!("testkit: {e}"))
}

pub(super) fn x509_reason(r: CrlReason) -> pkix::crl::CrlReason {
    use pkix::crl::CrlReason as X;
    match r {
        CrlReason::Unspecified => X::Unspecified,
        CrlReason::KeyCompromise => X::KeyCompromise,
        CrlReason::CaCompromise => X::CaCompromise,
        CrlReason::AffiliationChanged => X::AffiliationChanged,
        CrlReason::Superseded => X::Superseded,
        CrlReason::CessationOfOperation => X::CessationOfOperation,
        CrlReason::CertificateHold => X::CertificateHold,
        CrlReason::RemoveFromCrl => X::RemoveFromCRL,
        CrlReason::PrivilegeWithdrawn => X::PrivilegeWithdrawn,
        CrlReason::AaCompromise => X::AaCompromise,
    }
}

/// Issuing CRLs.
///
/// ```
/// use jpki_core::{Crl, UnixTime, testkit::{CrlSpec, TestCa}};
/// let ca = TestCa::new(1);
/// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
/// let crl_der = ca.issue_crl(&CrlSpec::signing(d));
/// Crl::from_der(&crl_der)?.verify(&ca.signing_root().certificate())?;
/// # Ok::<(), jpki_core::Error>(())
/// ```
impl TestCa {
    /// Issues a CRL signed by the chosen root.
    ///
    /// ```
    /// use jpki_core::{Crl, SerialNumber, UnixTime, testkit::{CrlSpec, TestCa}};
    /// let d = UnixTime::parse_rfc3339("2027-01-01T00:00:00Z")?;
    /// let mut spec = CrlSpec::signing(d);
    /// spec.entries = (1..=10_000)
    ///     .map(|n| Ok((SerialNumber::from_u64(n)?, d, None)))
    ///     .collect::<Result<_, jpki_core::Error>>()?;
    /// let crl_der = TestCa::new(1).issue_crl(&spec);
    /// assert_eq!(Crl::from_der(&crl_der)?.entries().count(), 10_000);
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn issue_crl(&self, spec: &CrlSpec) -> Vec<u8> {
        let (roots, purpose_ou) = match spec.purpose {
            Purpose::Signing => (&self.signing_roots, crate::OU_SIGNING),
            Purpose::UserAuthentication => (
                &self.user_authentication_roots,
                crate::OU_USER_AUTHENTICATION,
            ),
        };
        let root: &Root = pick(roots, spec.generation);
        let reason_oid = Oid::new("2.5.29.21");
        let entries: Vec<Entry> = spec
            .entries
            .iter()
            .map(|(serial, at, reason)| {
                let mut exts: Vec<Extension> = reason
                    .map(|r| extension(reason_oid, false, encoded(x509_reason(r))))
                    .into_iter()
                    .collect();
                for (_, t) in spec.invalidity_dates.iter().filter(|(s, _)| s == serial) {
                    let d = core::time::Duration::from_secs(t.as_unix_seconds());
                    let g = GeneralizedTime::from_unix_duration(d)
                        .unwrap_or_else(|e| panic!("testkit: {e}"));
                    exts.push(extension(Oid::new("2.5.29.24"), false, encoded(g)));
                }
                Entry {
                    serial: Int::new(&serial.to_der_integer_content())
                        .unwrap_or_else(|e| panic!("{e}")),
                    date: time(*at),
                    extensions: (!exts.is_empty()).then_some(exts),
                }
            })
            .collect();
        let mut exts = vec![extension(
            crate::oids::AUTHORITY_KEY_IDENTIFIER,
            false,
            encoded(pkix::AuthorityKeyIdentifier {
                key_identifier: Some(
                    OctetString::new(root.key_id.clone()).unwrap_or_else(|e| panic!("{e}")),
                ),
                authority_cert_issuer: None,
                authority_cert_serial_number: None,
            }),
        )];
        if let Some(n) = spec.crl_number {
            let number = Int::new(
                &SerialNumber::from_u64(n.max(1))
                    .map(|s| s.to_der_integer_content())
                    .unwrap_or_default(),
            )
            .unwrap_or_else(|e| panic!("{e}"));
            exts.push(extension(Oid::new("2.5.29.20"), false, encoded(number)));
        }
        if let Some((pref, muni)) = &spec.partition {
            let idp = pkix::crl::dp::IssuingDistributionPoint {
                distribution_point: Some(self.dp_name(purpose_ou, pref, muni)),
                only_contains_user_certs: false,
                only_contains_ca_certs: false,
                only_some_reasons: None,
                indirect_crl: false,
                only_contains_attribute_certs: false,
            };
            exts.push(extension(Oid::new("2.5.29.28"), true, encoded(idp)));
        }
        exts.extend(
            spec.extra_extensions
                .iter()
                .map(|e| extension(e.oid, e.critical, e.value.clone())),
        );
        let key = &root.cert.private_key;
        let alg = key.signature_algorithm_der();
        let issuer = root.cert.certificate().subject().as_der().to_vec();
        let tbs = TbsCertList {
            version: (spec.version != 1).then(|| spec.version.saturating_sub(1)),
            signature: Any::from_der(&alg).unwrap_or_else(|e| panic!("{e}")),
            issuer: Any::from_der(&issuer).unwrap_or_else(|e| panic!("{e}")),
            this_update: time(spec.this_update),
            next_update: spec.next_update.map(time),
            revoked: (!entries.is_empty()).then_some(entries),
            extensions: Some(exts),
        };
        let tbs = encoded(tbs);
        let signature = key.sign(&tbs);
        assemble(&tbs, &alg, &signature)
    }
}

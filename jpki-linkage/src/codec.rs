//! Storage encoding of linkage records and audit events: DER, through `der`'s derive macros,
//! so that reading back a damaged or hostile store is as strict as parsing a certificate.

use der::asn1::{OctetString, Utf8StringRef};
use der::{Decode, Encode, Sequence};

use super::model::{AuditEvent, AuditKind, IdStatus, LinkRecord, PrivateId, ProofedIdentity};
use crate::certificate::{CertificateKey, CertificateStatus, IssuerKey, LinkedCertificate};
use crate::{Error, StoreFailure};
use jpki_core::{BasicFourInfo, BasicFourItem, CertificateKind, CrlReason, SerialNumber, UnixTime};

/// Version 2: issuer-qualified certificates, several per record (version 1 had bare serials:
/// one signing, one user-authentication, a history of signing serials).
pub(crate) const FORMAT_VERSION: u8 = 2;

#[derive(Sequence)]
struct RecordDer {
    version: u8,
    id: OctetString,
    status: u8,
    certificates: Vec<CertDer>,
    identity_kind: u8,
    identity: OctetString,
    updated_at: u64,
}

#[derive(Sequence)]
struct CertDer {
    issuer: OctetString,
    serial: OctetString,
    kind: u8,
    status: u8,
    linked_at: u64,
    #[asn1(context_specific = "0", tag_mode = "IMPLICIT", optional = "true")]
    revoked_at: Option<u64>,
    #[asn1(context_specific = "1", tag_mode = "IMPLICIT", optional = "true")]
    reason: Option<u8>,
}

#[derive(Sequence)]
struct EventDer<'a> {
    version: u8,
    at: u64,
    id: OctetString,
    kind: u8,
    #[asn1(context_specific = "0", tag_mode = "IMPLICIT", optional = "true")]
    issuer: Option<OctetString>,
    #[asn1(context_specific = "1", tag_mode = "IMPLICIT", optional = "true")]
    serial: Option<OctetString>,
    #[asn1(context_specific = "2", tag_mode = "IMPLICIT", optional = "true")]
    revoked_at: Option<u64>,
    #[asn1(context_specific = "3", tag_mode = "IMPLICIT", optional = "true")]
    reason: Option<u8>,
    #[asn1(context_specific = "4", tag_mode = "IMPLICIT", optional = "true")]
    changed: Option<OctetString>,
    #[asn1(context_specific = "5", tag_mode = "IMPLICIT", optional = "true")]
    source: Option<Utf8StringRef<'a>>,
    #[asn1(context_specific = "6", tag_mode = "IMPLICIT", optional = "true")]
    consent: Option<Utf8StringRef<'a>>,
}

fn corrupt(what: StoreFailure) -> Error {
    Error::Store(what)
}

fn octets(b: &[u8]) -> Result<OctetString, Error> {
    OctetString::new(b.to_vec()).map_err(|_| corrupt(StoreFailure::Encoding))
}

fn serial(o: &OctetString) -> Result<SerialNumber, Error> {
    SerialNumber::from_be_bytes(o.as_bytes()).map_err(|_| corrupt(StoreFailure::CorruptRecord))
}

fn id_of(o: &OctetString) -> Result<PrivateId, Error> {
    let b: [u8; 16] = o
        .as_bytes()
        .try_into()
        .map_err(|_| corrupt(StoreFailure::CorruptId))?;
    Ok(PrivateId::from_bytes(b))
}

fn issuer_of(o: &OctetString) -> Result<IssuerKey, Error> {
    let b: [u8; 32] = o
        .as_bytes()
        .try_into()
        .map_err(|_| corrupt(StoreFailure::CorruptRecord))?;
    Ok(IssuerKey::from_bytes(b))
}

/// The stored code of a certificate kind (only signing and user-authentication certificates
/// are linked).
pub(crate) fn kind_code(k: CertificateKind) -> Result<u8, Error> {
    match k {
        CertificateKind::Signing => Ok(1),
        CertificateKind::UserAuthentication => Ok(2),
        _ => Err(corrupt(StoreFailure::Encoding)),
    }
}

/// The certificate kind of a stored code.
pub(crate) fn kind_of(c: u8) -> Option<CertificateKind> {
    match c {
        1 => Some(CertificateKind::Signing),
        2 => Some(CertificateKind::UserAuthentication),
        _ => None,
    }
}

/// The stored code of a certificate status, with revocationDate and reasonCode when revoked.
pub(crate) fn status_code(s: CertificateStatus) -> (u8, Option<u64>, Option<u8>) {
    match s {
        CertificateStatus::Active => (1, None, None),
        CertificateStatus::Revoked { revoked_at, reason } => (
            2,
            Some(revoked_at.as_unix_seconds()),
            reason.map(CrlReason::code),
        ),
        CertificateStatus::Superseded => (3, None, None),
        CertificateStatus::Unlinked => (4, None, None),
    }
}

/// The certificate status of a stored code (strict: a revocation time only when revoked).
pub(crate) fn status_of(
    code: u8,
    revoked_at: Option<u64>,
    reason: Option<u8>,
) -> Option<CertificateStatus> {
    match (code, revoked_at, reason) {
        (1, None, None) => Some(CertificateStatus::Active),
        (2, Some(t), r) => Some(CertificateStatus::Revoked {
            revoked_at: UnixTime::from_unix_seconds(t),
            reason: r.and_then(CrlReason::from_code),
        }),
        (3, None, None) => Some(CertificateStatus::Superseded),
        (4, None, None) => Some(CertificateStatus::Unlinked),
        _ => None,
    }
}

/// The stored code of an ID status.
pub(crate) fn id_status_code(s: IdStatus) -> u8 {
    match s {
        IdStatus::Active => 1,
        IdStatus::NeedsReproofing => 2,
        IdStatus::Retired => 3,
    }
}

/// The ID status of a stored code.
pub(crate) fn id_status_of(c: u8) -> Option<IdStatus> {
    match c {
        1 => Some(IdStatus::Active),
        2 => Some(IdStatus::NeedsReproofing),
        3 => Some(IdStatus::Retired),
        _ => None,
    }
}

/// The stored form of an identity: a kind code and its octets.
pub(crate) fn identity_code(i: &ProofedIdentity) -> (u8, Vec<u8>) {
    match i {
        ProofedIdentity::Kept(info) => (1, info.to_subject_alt_name_der()),
        ProofedIdentity::Digest(d) => (2, d.to_vec()),
        ProofedIdentity::Deleted => (3, Vec::new()),
    }
}

/// The identity of a stored kind code and its octets.
pub(crate) fn identity_of(kind: u8, bytes: &[u8]) -> Result<ProofedIdentity, Error> {
    Ok(match kind {
        1 => ProofedIdentity::Kept(Box::new(BasicFourInfo::from_subject_alt_name_der(bytes)?)),
        2 => ProofedIdentity::Digest(
            bytes
                .try_into()
                .map_err(|_| corrupt(StoreFailure::CorruptRecord))?,
        ),
        3 => ProofedIdentity::Deleted,
        _ => return Err(corrupt(StoreFailure::CorruptRecord)),
    })
}

fn encode_cert(c: &LinkedCertificate) -> Result<CertDer, Error> {
    let (status, revoked_at, reason) = status_code(c.status);
    Ok(CertDer {
        issuer: octets(&c.key.issuer.to_bytes())?,
        serial: octets(c.key.serial.as_bytes())?,
        kind: kind_code(c.kind)?,
        status,
        linked_at: c.linked_at.as_unix_seconds(),
        revoked_at,
        reason,
    })
}

fn decode_cert(d: &CertDer) -> Result<LinkedCertificate, Error> {
    let bad = || corrupt(StoreFailure::CorruptRecord);
    Ok(LinkedCertificate {
        key: CertificateKey::new(issuer_of(&d.issuer)?, serial(&d.serial)?),
        kind: kind_of(d.kind).ok_or_else(bad)?,
        status: status_of(d.status, d.revoked_at, d.reason).ok_or_else(bad)?,
        linked_at: UnixTime::from_unix_seconds(d.linked_at),
    })
}

/// The stored code of an item; an item jpki-core adds later has none until the format does.
fn item_code(i: BasicFourItem) -> Result<u8, Error> {
    Ok(match i {
        BasicFourItem::Name => 1,
        BasicFourItem::NameSubstitutes => 2,
        BasicFourItem::Sex => 3,
        BasicFourItem::DateOfBirth => 4,
        BasicFourItem::Address => 5,
        BasicFourItem::AddressSubstitutes => 6,
        _ => return Err(corrupt(StoreFailure::Encoding)),
    })
}

fn item_of(c: u8) -> Option<BasicFourItem> {
    Some(match c {
        1 => BasicFourItem::Name,
        2 => BasicFourItem::NameSubstitutes,
        3 => BasicFourItem::Sex,
        4 => BasicFourItem::DateOfBirth,
        5 => BasicFourItem::Address,
        6 => BasicFourItem::AddressSubstitutes,
        _ => return None,
    })
}

/// Encodes a record.
pub(crate) fn encode_record(r: &LinkRecord) -> Result<Vec<u8>, Error> {
    let (identity_kind, identity) = identity_code(&r.identity);
    RecordDer {
        version: FORMAT_VERSION,
        id: octets(&r.id.to_bytes())?,
        status: id_status_code(r.status),
        certificates: r
            .certificates
            .iter()
            .map(encode_cert)
            .collect::<Result<_, _>>()?,
        identity_kind,
        identity: octets(&identity)?,
        updated_at: r.updated_at.as_unix_seconds(),
    }
    .to_der()
    .map_err(|_| corrupt(StoreFailure::Encoding))
}

/// Decodes a record; anything malformed is [`Error::Store`], never a panic. A certificate
/// listed twice is malformed (a certificate is linked once).
pub(crate) fn decode_record(bytes: &[u8]) -> Result<LinkRecord, Error> {
    let d = RecordDer::from_der(bytes).map_err(|_| corrupt(StoreFailure::CorruptRecord))?;
    if d.version != FORMAT_VERSION {
        return Err(corrupt(StoreFailure::CorruptRecord));
    }
    let certificates: Vec<LinkedCertificate> = d
        .certificates
        .iter()
        .map(decode_cert)
        .collect::<Result<_, _>>()?;
    let mut keys: Vec<_> = certificates.iter().map(|c| c.key).collect();
    keys.sort_unstable();
    if keys.windows(2).any(|w| w.first() == w.get(1)) {
        return Err(corrupt(StoreFailure::CorruptRecord));
    }
    Ok(LinkRecord {
        id: id_of(&d.id)?,
        status: id_status_of(d.status).ok_or_else(|| corrupt(StoreFailure::CorruptRecord))?,
        certificates,
        identity: identity_of(d.identity_kind, d.identity.as_bytes())?,
        updated_at: UnixTime::from_unix_seconds(d.updated_at),
    })
}

fn text(s: Option<&str>) -> Result<Option<Utf8StringRef<'_>>, Error> {
    s.map(Utf8StringRef::new)
        .transpose()
        .map_err(|_| corrupt(StoreFailure::CorruptEvent))
}

/// Encodes an audit event.
pub(crate) fn encode_event(e: &AuditEvent) -> Result<Vec<u8>, Error> {
    let (kind, revoked_at, reason, changed, source, consent) = match &e.kind {
        AuditKind::Enrolled => (1u8, None, None, None, None, None),
        AuditKind::LoggedIn => (2, None, None, None, None, None),
        AuditKind::RevocationFound { revoked_at, reason } => (
            3,
            Some(revoked_at.as_unix_seconds()),
            reason.map(CrlReason::code),
            None,
            None,
            None,
        ),
        AuditKind::Reproofed { changed } => (4, None, None, Some(changed.clone()), None, None),
        AuditKind::Superseded => (5, None, None, None, None, None),
        AuditKind::BasicFourUpdated {
            source,
            consent,
            changed,
        } => (
            6,
            None,
            None,
            Some(changed.clone()),
            Some(source.as_str()),
            Some(consent.as_str()),
        ),
        AuditKind::Retired => (7, None, None, None, None, None),
        AuditKind::Deleted => (8, None, None, None, None, None),
        AuditKind::Linked => (9, None, None, None, None, None),
        AuditKind::Unlinked => (10, None, None, None, None, None),
    };
    EventDer {
        version: FORMAT_VERSION,
        at: e.at.as_unix_seconds(),
        id: octets(&e.id.to_bytes())?,
        kind,
        issuer: e
            .certificate
            .map(|c| octets(&c.issuer.to_bytes()))
            .transpose()?,
        serial: e
            .certificate
            .map(|c| octets(c.serial.as_bytes()))
            .transpose()?,
        revoked_at,
        reason,
        changed: changed
            .map(|c| {
                octets(
                    &c.into_iter()
                        .map(item_code)
                        .collect::<Result<Vec<_>, _>>()?,
                )
            })
            .transpose()?,
        source: text(source)?,
        consent: text(consent)?,
    }
    .to_der()
    .map_err(|_| corrupt(StoreFailure::Encoding))
}

/// Decodes an audit event.
pub(crate) fn decode_event(bytes: &[u8]) -> Result<AuditEvent, Error> {
    let d = EventDer::from_der(bytes).map_err(|_| corrupt(StoreFailure::CorruptEvent))?;
    if d.version != FORMAT_VERSION {
        return Err(corrupt(StoreFailure::CorruptEvent));
    }
    let changed = || -> Result<Vec<BasicFourItem>, Error> {
        d.changed
            .as_ref()
            .map_or(&[][..], |c| c.as_bytes())
            .iter()
            .map(|c| item_of(*c).ok_or_else(|| corrupt(StoreFailure::CorruptEvent)))
            .collect()
    };
    let kind = match d.kind {
        1 => AuditKind::Enrolled,
        2 => AuditKind::LoggedIn,
        3 => AuditKind::RevocationFound {
            revoked_at: UnixTime::from_unix_seconds(
                d.revoked_at
                    .ok_or_else(|| corrupt(StoreFailure::CorruptEvent))?,
            ),
            reason: d.reason.and_then(CrlReason::from_code),
        },
        4 => AuditKind::Reproofed {
            changed: changed()?,
        },
        5 => AuditKind::Superseded,
        6 => AuditKind::BasicFourUpdated {
            source: d.source.map(|s| s.as_str().to_owned()).unwrap_or_default(),
            consent: d.consent.map(|s| s.as_str().to_owned()).unwrap_or_default(),
            changed: changed()?,
        },
        7 => AuditKind::Retired,
        8 => AuditKind::Deleted,
        9 => AuditKind::Linked,
        10 => AuditKind::Unlinked,
        _ => return Err(corrupt(StoreFailure::CorruptEvent)),
    };
    let certificate = match (&d.issuer, &d.serial) {
        (Some(i), Some(s)) => Some(CertificateKey::new(
            issuer_of(i).map_err(|_| corrupt(StoreFailure::CorruptEvent))?,
            serial(s).map_err(|_| corrupt(StoreFailure::CorruptEvent))?,
        )),
        (None, None) => None,
        _ => return Err(corrupt(StoreFailure::CorruptEvent)),
    };
    Ok(AuditEvent {
        at: UnixTime::from_unix_seconds(d.at),
        id: id_of(&d.id)?,
        certificate,
        kind,
    })
}

/// A record as version 1 stored it (before issue 18): bare serials, one signing certificate,
/// one user-authentication certificate, the earlier signing serials.
#[derive(Sequence)]
struct RecordDerV1 {
    version: u8,
    id: OctetString,
    status: u8,
    signing: OctetString,
    #[asn1(context_specific = "0", tag_mode = "IMPLICIT", optional = "true")]
    auth: Option<OctetString>,
    identity_kind: u8,
    identity: OctetString,
    history: Vec<OctetString>,
    updated_at: u64,
}

/// The CAs that issued a version-1 store's bare serials, for [`upgrade_record_v1`] and
/// [`upgrade_event_v1`].
#[derive(Clone, Copy)]
pub(crate) struct V1Issuers {
    pub signing: IssuerKey,
    pub user_authentication: IssuerKey,
}

/// A version-1 record in today's form: the earlier signing certificates superseded, the
/// current one active (revoked, at the record's last change, if the ID needed re-proofing),
/// the user-authentication certificate active.
pub(crate) fn upgrade_record_v1(bytes: &[u8], issuers: V1Issuers) -> Result<LinkRecord, Error> {
    let bad = || corrupt(StoreFailure::CorruptRecord);
    let d = RecordDerV1::from_der(bytes).map_err(|_| bad())?;
    if d.version != 1 {
        return Err(bad());
    }
    let status = id_status_of(d.status).ok_or_else(bad)?;
    let updated_at = UnixTime::from_unix_seconds(d.updated_at);
    let cert = |issuer, o: &OctetString, kind, status| -> Result<LinkedCertificate, Error> {
        Ok(LinkedCertificate {
            key: CertificateKey::new(issuer, serial(o)?),
            kind,
            status,
            linked_at: updated_at,
        })
    };
    let mut certificates = d
        .history
        .iter()
        .map(|o| {
            cert(
                issuers.signing,
                o,
                CertificateKind::Signing,
                CertificateStatus::Superseded,
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    let current = match status {
        IdStatus::NeedsReproofing => CertificateStatus::Revoked {
            revoked_at: updated_at,
            reason: None,
        },
        _ => CertificateStatus::Active,
    };
    certificates.push(cert(
        issuers.signing,
        &d.signing,
        CertificateKind::Signing,
        current,
    )?);
    if let Some(a) = &d.auth {
        certificates.push(cert(
            issuers.user_authentication,
            a,
            CertificateKind::UserAuthentication,
            CertificateStatus::Active,
        )?);
    }
    // A serial listed twice (in the history and as the current one) is one certificate: its
    // latest listing wins.
    let mut seen = std::collections::HashSet::new();
    let mut certificates: Vec<LinkedCertificate> = certificates
        .into_iter()
        .rev()
        .filter(|c| seen.insert(c.key))
        .collect();
    certificates.reverse();
    Ok(LinkRecord {
        id: id_of(&d.id)?,
        status,
        certificates,
        identity: identity_of(d.identity_kind, d.identity.as_bytes())?,
        updated_at,
    })
}

/// A version-1 audit event in today's form: the certificate concerned is the signing serial
/// it named (under the signing CA), else the user-authentication serial.
pub(crate) fn upgrade_event_v1(bytes: &[u8], issuers: V1Issuers) -> Result<Vec<u8>, Error> {
    let bad = || corrupt(StoreFailure::CorruptEvent);
    // Version 1 had the same fields, [0] and [1] holding the signing and user-authentication
    // serials where version 2 holds the issuer and serial of one certificate.
    let mut d = EventDer::from_der(bytes).map_err(|_| bad())?;
    if d.version != 1 {
        return Err(bad());
    }
    let key = match (&d.issuer, &d.serial) {
        (Some(s), _) => Some((issuers.signing, s)),
        (None, Some(a)) => Some((issuers.user_authentication, a)),
        (None, None) => None,
    };
    let (issuer, serial) = match key {
        Some((issuer, s)) => (
            Some(octets(&issuer.to_bytes())?),
            Some(octets(s.as_bytes())?),
        ),
        None => (None, None),
    };
    d.version = FORMAT_VERSION;
    d.issuer = issuer;
    d.serial = serial;
    let out = d.to_der().map_err(|_| corrupt(StoreFailure::Encoding))?;
    // Whatever upgrades must decode as today's event.
    decode_event(&out)?;
    Ok(out)
}

/// A version-1 record's bytes (tests write version-1 stores with it).
#[cfg(test)]
pub(crate) fn encode_record_v1(
    id: PrivateId,
    status: IdStatus,
    signing: SerialNumber,
    auth: Option<SerialNumber>,
    history: &[SerialNumber],
) -> Vec<u8> {
    let o = |b: &[u8]| OctetString::new(b.to_vec()).expect("octets");
    RecordDerV1 {
        version: 1,
        id: o(&id.to_bytes()),
        status: id_status_code(status),
        signing: o(signing.as_bytes()),
        auth: auth.map(|a| o(a.as_bytes())),
        identity_kind: 2,
        identity: o(&[9; 32]),
        history: history.iter().map(|s| o(s.as_bytes())).collect(),
        updated_at: 1_800_000_000,
    }
    .to_der()
    .expect("encode")
}

/// A version-1 login event's bytes.
#[cfg(test)]
pub(crate) fn encode_event_v1(id: PrivateId, signing: SerialNumber, auth: SerialNumber) -> Vec<u8> {
    let o = |b: &[u8]| OctetString::new(b.to_vec()).expect("octets");
    EventDer {
        version: 1,
        at: 1_800_000_000,
        id: o(&id.to_bytes()),
        kind: 2,
        issuer: Some(o(signing.as_bytes())),
        serial: Some(o(auth.as_bytes())),
        revoked_at: None,
        reason: None,
        changed: None,
        source: None,
        consent: None,
    }
    .to_der()
    .expect("encode")
}

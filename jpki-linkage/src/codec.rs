//! Storage encoding of linkage records and audit events: DER, through `der`'s derive macros,
//! so that reading back a damaged or hostile store is as strict as parsing a certificate.

use der::asn1::{OctetString, Utf8StringRef};
use der::{Decode, Encode, Sequence};

use super::model::{AuditEvent, AuditKind, IdStatus, LinkRecord, PrivateId, ProofedIdentity};
use crate::{Error, StoreFailure};
use jpki_core::{BasicFourInfo, BasicFourItem, CrlReason, SerialNumber, UnixTime};

const FORMAT_VERSION: u8 = 1;

#[derive(Sequence)]
struct RecordDer {
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

#[derive(Sequence)]
struct EventDer<'a> {
    version: u8,
    at: u64,
    id: OctetString,
    kind: u8,
    #[asn1(context_specific = "0", tag_mode = "IMPLICIT", optional = "true")]
    signing: Option<OctetString>,
    #[asn1(context_specific = "1", tag_mode = "IMPLICIT", optional = "true")]
    auth: Option<OctetString>,
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
    let (identity_kind, identity) = match &r.identity {
        ProofedIdentity::Kept(info) => (1u8, info.to_subject_alt_name_der()),
        ProofedIdentity::Digest(d) => (2, d.to_vec()),
        ProofedIdentity::Deleted => (3, Vec::new()),
    };
    RecordDer {
        version: FORMAT_VERSION,
        id: octets(&r.id.to_bytes())?,
        status: match r.status {
            IdStatus::Active => 1,
            IdStatus::NeedsReproofing => 2,
            IdStatus::Retired => 3,
        },
        signing: octets(r.signing_serial.as_bytes())?,
        auth: r.auth_serial.map(|s| octets(s.as_bytes())).transpose()?,
        identity_kind,
        identity: octets(&identity)?,
        history: r
            .history
            .iter()
            .map(|s| octets(s.as_bytes()))
            .collect::<Result<_, _>>()?,
        updated_at: r.updated_at.as_unix_seconds(),
    }
    .to_der()
    .map_err(|_| corrupt(StoreFailure::Encoding))
}

/// Decodes a record; anything malformed is [`Error::Store`], never a panic.
pub(crate) fn decode_record(bytes: &[u8]) -> Result<LinkRecord, Error> {
    let d = RecordDer::from_der(bytes).map_err(|_| corrupt(StoreFailure::CorruptRecord))?;
    if d.version != FORMAT_VERSION {
        return Err(corrupt(StoreFailure::CorruptRecord));
    }
    let identity = match d.identity_kind {
        1 => ProofedIdentity::Kept(Box::new(BasicFourInfo::from_subject_alt_name_der(
            d.identity.as_bytes(),
        )?)),
        2 => ProofedIdentity::Digest(
            d.identity
                .as_bytes()
                .try_into()
                .map_err(|_| corrupt(StoreFailure::CorruptRecord))?,
        ),
        3 => ProofedIdentity::Deleted,
        _ => return Err(corrupt(StoreFailure::CorruptRecord)),
    };
    Ok(LinkRecord {
        id: id_of(&d.id)?,
        status: match d.status {
            1 => IdStatus::Active,
            2 => IdStatus::NeedsReproofing,
            3 => IdStatus::Retired,
            _ => return Err(corrupt(StoreFailure::CorruptRecord)),
        },
        signing_serial: serial(&d.signing)?,
        auth_serial: d.auth.as_ref().map(serial).transpose()?,
        identity,
        history: d.history.iter().map(serial).collect::<Result<_, _>>()?,
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
    };
    EventDer {
        version: FORMAT_VERSION,
        at: e.at.as_unix_seconds(),
        id: octets(&e.id.to_bytes())?,
        kind,
        signing: e.signing_serial.map(|s| octets(s.as_bytes())).transpose()?,
        auth: e.auth_serial.map(|s| octets(s.as_bytes())).transpose()?,
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
        _ => return Err(corrupt(StoreFailure::CorruptEvent)),
    };
    Ok(AuditEvent {
        at: UnixTime::from_unix_seconds(d.at),
        id: id_of(&d.id)?,
        signing_serial: d.signing.as_ref().map(serial).transpose()?,
        auth_serial: d.auth.as_ref().map(serial).transpose()?,
        kind,
    })
}

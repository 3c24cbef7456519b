//! Entry points for the `linkage_record` fuzz target and its corpus replay (not part of the
//! API: hidden, and may change at any time).

/// Decodes `data` as a stored linkage record and as a stored audit event (what a damaged or
/// hostile store file could hold); whatever decodes must encode back to the same value.
pub fn linkage_record(data: &[u8]) {
    use crate::codec;
    if let Ok(r) = codec::decode_record(data) {
        let again = codec::encode_record(&r).and_then(|b| codec::decode_record(&b));
        assert_eq!(again.as_ref(), Ok(&r), "record did not round-trip");
    }
    if let Ok(e) = codec::decode_event(data) {
        let again = codec::encode_event(&e).and_then(|b| codec::decode_event(&b));
        assert_eq!(again.as_ref(), Ok(&e), "event did not round-trip");
    }
    // A version-1 store being converted: whatever upgrades is a valid record or event today.
    let issuers = codec::V1Issuers {
        signing: crate::IssuerKey::from_bytes([1; 32]),
        user_authentication: crate::IssuerKey::from_bytes([2; 32]),
    };
    if let Ok(r) = codec::upgrade_record_v1(data, issuers) {
        let again = codec::encode_record(&r).and_then(|b| codec::decode_record(&b));
        assert_eq!(again.as_ref(), Ok(&r), "upgraded record did not round-trip");
    }
    if let Ok(e) = codec::upgrade_event_v1(data, issuers) {
        assert!(
            codec::decode_event(&e).is_ok(),
            "upgraded event does not decode"
        );
    }
}

/// Encoded examples of stored records and events, to seed the `linkage_record` corpus.
pub fn linkage_record_seeds() -> Vec<Vec<u8>> {
    use crate::{
        AuditEvent, AuditKind, CertificateKey, CertificateStatus, IdStatus, IssuerKey, LinkRecord,
        LinkedCertificate, PrivateId, ProofedIdentity, codec,
    };
    use jpki_core::{BasicFourItem, CertificateKind, CrlReason, SerialNumber, UnixTime};
    let serial = |n| SerialNumber::from_u64(n).ok();
    let (Some(s1), Some(s2)) = (serial(20_260_105_000_001), serial(20_260_105_000_002)) else {
        return Vec::new();
    };
    let (k1, k2) = (
        CertificateKey::new(IssuerKey::from_bytes([1; 32]), s1),
        CertificateKey::new(IssuerKey::from_bytes([2; 32]), s2),
    );
    let at = UnixTime::from_unix_seconds(1_800_000_000);
    let record = LinkRecord {
        id: PrivateId::from_bytes([7; 16]),
        status: IdStatus::NeedsReproofing,
        certificates: vec![
            LinkedCertificate {
                key: k1,
                kind: CertificateKind::Signing,
                status: CertificateStatus::Revoked {
                    revoked_at: at,
                    reason: Some(CrlReason::AffiliationChanged),
                },
                linked_at: at,
            },
            LinkedCertificate {
                key: k2,
                kind: CertificateKind::UserAuthentication,
                status: CertificateStatus::Active,
                linked_at: at,
            },
        ],
        identity: ProofedIdentity::Digest([1; 32]),
        updated_at: at,
    };
    let events = [
        AuditKind::RevocationFound {
            revoked_at: UnixTime::from_unix_seconds(1_790_000_000),
            reason: Some(CrlReason::AffiliationChanged),
        },
        AuditKind::BasicFourUpdated {
            source: "operator".into(),
            consent: "c-1".into(),
            changed: vec![BasicFourItem::Address],
        },
    ];
    let mut out: Vec<Vec<u8>> = codec::encode_record(&record).into_iter().collect();
    for kind in events {
        let e = AuditEvent {
            at,
            id: record.id,
            certificate: Some(k1),
            kind,
        };
        out.extend(codec::encode_event(&e));
    }
    out
}

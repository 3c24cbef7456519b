//! Whatever the bytes, the parser answers with a value or a typed error: never a panic.

use jpki_core::testkit::{CrlSpec, HolderSpec, OcspSpec, OcspStatusSpec, TestCa};
use jpki_core::{
    BasicFourInfo, CertIdHash, Certificate, CrlReason, OcspResponse, RevocationIndex, UnixTime,
    Usage, Verifier,
};
use proptest::prelude::*;
use std::sync::OnceLock;

fn valid() -> &'static [u8] {
    static DER: OnceLock<Vec<u8>> = OnceLock::new();
    DER.get_or_init(|| TestCa::new(5).issue_signing(&HolderSpec::example()).der)
}

/// The test CA, its CRL seeds and its OCSP response seeds.
type Seeds = (TestCa, Vec<Vec<u8>>, Vec<Vec<u8>>);

/// The shapes of revocation data the fail-closed rules are about: CRLs without nextUpdate or
/// cRLNumber, a delta CRL with an invalidityDate, an OCSP response that contradicts itself
/// under two CertID hashes.
fn revocation_seeds() -> &'static Seeds {
    static SEEDS: OnceLock<Seeds> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let ca = TestCa::new(5);
        let leaf = ca.issue_signing(&HolderSpec::example());
        let d = UnixTime::from_unix_seconds(1_800_000_000);
        let mut no_next = CrlSpec::signing(d).revoke(leaf.serial, d, None);
        no_next.next_update = None;
        let mut no_number = CrlSpec::signing(d).revoke(leaf.serial, d, None);
        no_number.crl_number = None;
        let delta = CrlSpec::signing(d)
            .number(3)
            .delta_of(2)
            .revoke(leaf.serial, d, Some(CrlReason::KeyCompromise))
            .invalid_since(leaf.serial, d.minus_seconds(86_400));
        let crls = [no_next, no_number, delta]
            .iter()
            .map(|s| ca.issue_crl(s))
            .collect();
        let ocsp = vec![
            ca.issue_ocsp_response(
                &OcspSpec::good(leaf.serial, d)
                    .and_also(OcspStatusSpec::Revoked(d, None), CertIdHash::Sha256)
                    .and_also(OcspStatusSpec::Unknown, CertIdHash::Sha1),
            ),
        ];
        (ca, crls, ocsp)
    })
}

fn mutate(
    seed: &[u8],
    edits: &[(prop::sample::Index, u8)],
    cut: Option<prop::sample::Index>,
) -> Vec<u8> {
    let mut der = seed.to_vec();
    for (at, byte) in edits {
        let i = at.index(der.len());
        if let Some(b) = der.get_mut(i) {
            *b = *byte;
        }
    }
    if let Some(cut) = cut {
        der.truncate(cut.index(der.len()));
    }
    der
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// Mutated revocation data of the new shapes: parsed, verified, indexed and asked about
    /// without a panic.
    #[test]
    fn mutated_revocation_data(
        which in any::<prop::sample::Index>(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..6),
        cut in proptest::option::of(any::<prop::sample::Index>()),
    ) {
        let (ca, crls, ocsp) = revocation_seeds();
        let root = ca.signing_root().certificate();
        let leaf = ca.issue_signing(&HolderSpec::example()).certificate();
        let d = UnixTime::from_unix_seconds(1_800_000_000);
        let seeds: Vec<&Vec<u8>> = crls.iter().chain(ocsp.iter()).collect();
        let seed = seeds[which.index(seeds.len())];
        let der = mutate(seed, &edits, cut);
        if let Ok(mut index) = RevocationIndex::new(root.clone())
            && index.insert_der(&der).is_ok()
        {
            let _ = index.status(&leaf, d);
            let _ = index.status_at(leaf.serial(), d);
            let _ = index.revoked_serials().revocation_of(leaf.serial(), d);
        }
        if let Ok(response) = OcspResponse::from_der(&der) {
            let _ = response.status(&leaf, &root, d);
            if let Ok(v) = Verifier::new([root.clone()]) {
                let _ = v.with_revocation(response).verify(&leaf, Usage::Signing, d);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// EC keys of every supported curve with random points of random lengths, and signatures
    /// checked under every algorithm: a value or a typed error, never a panic.
    #[test]
    fn ec_keys_with_bad_points(
        curve in 0usize..3,
        point in proptest::collection::vec(any::<u8>(), 0..140),
        sig in proptest::collection::vec(any::<u8>(), 0..140),
    ) {
        // id-ecPublicKey with the curve's OID, then the point as the BIT STRING.
        let curve_oid: &[u8] = match curve {
            0 => &[0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07],
            1 => &[0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22],
            _ => &[0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x23],
        };
        let alg = [&[0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01][..], curve_oid].concat();
        let tlv = |tag: u8, body: &[u8]| {
            let mut out = vec![tag, 0x81, u8::try_from(body.len()).unwrap_or(0)];
            out.extend_from_slice(body);
            out
        };
        let spki = tlv(0x30, &[tlv(0x30, &alg), tlv(0x03, &[&[0u8][..], &point].concat())].concat());
        if let Ok(key) = jpki_core::PublicKey::from_spki_der(&spki) {
            for alg in [
                jpki_core::SignatureAlgorithm::EcdsaSha256,
                jpki_core::SignatureAlgorithm::EcdsaSha384,
                jpki_core::SignatureAlgorithm::EcdsaSha512,
                jpki_core::SignatureAlgorithm::RsaPkcs1Sha384,
            ] {
                let _ = key.verify(alg, b"m", &sig);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = Certificate::from_der(&bytes);
        let _ = Certificate::from_pem(&bytes);
        let _ = BasicFourInfo::from_subject_alt_name_der(&bytes);
    }

    #[test]
    fn mutated_valid_certificate(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
    ) {
        let mut der = valid().to_vec();
        for (at, byte) in edits {
            let i = at.index(der.len());
            if let Some(b) = der.get_mut(i) {
                *b = byte;
            }
        }
        if truncate {
            der.truncate(cut.index(der.len()));
        }
        if let Ok(cert) = Certificate::from_der(&der) {
            // Whatever is accepted must be fully readable.
            let _ = cert.kind();
            let _ = cert.basic_four();
            let _ = cert.subject().to_rfc4514();
            let _ = cert.serial().to_decimal();
        }
    }
}

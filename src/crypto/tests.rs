//! Tests of the key policy and of the backends against each other.
//! (Compiled only under `#[cfg(test)]`, declared in the parent module.)

use proptest::prelude::*;
use rsa::traits::PublicKeyParts as _;

use super::rustcrypto::generic_rsa;
use super::*;
use crate::KeyRefusal;
use crate::testkit::{KeyType, PrivateKey};

/// The algorithm of every JPKI signature today.
const SHA256: SignatureAlgorithm = SignatureAlgorithm::RsaPkcs1Sha256;

fn rsa_key(seed: u64) -> (PrivateKey, Vec<u8>) {
    let key = PrivateKey::generate(KeyType::Rsa2048, seed, "crypto-tests");
    let spki = key.public_key_der();
    (key, spki)
}

fn components(spki: &[u8]) -> (Vec<u8>, Vec<u8>) {
    match check_spki(spki) {
        Ok(CheckedKey::Rsa { n, e, .. }) => (n.to_vec(), e.to_vec()),
        _ => panic!("an RSA test key"),
    }
}

fn all_backends() -> Vec<&'static dyn CryptoBackend> {
    let mut v: Vec<&'static dyn CryptoBackend> = vec![&RustCrypto];
    #[cfg(feature = "aws-lc-rs")]
    v.push(&AwsLcRs);
    v
}

/// Raw RSA with the private key: lets a test make "signatures" with any encoded message.
fn raw_sign(key: &PrivateKey, em: &[u8]) -> Vec<u8> {
    let PrivateKey::Rsa(k) = key else {
        panic!("RSA key")
    };
    let m = rsa::BoxedUint::from_be_slice(em, k.n_bits_precision()).expect("fits");
    let s = rsa::hazmat::rsa_decrypt_and_check::<rand::rngs::ChaCha20Rng>(&**k, None, &m)
        .expect("private operation");
    let mut out = s.to_be_bytes().to_vec();
    while out.len() > 256 && out.first() == Some(&0) {
        out.remove(0);
    }
    out
}

/// The encoded message a correct signature over `msg` recovers to.
fn good_em(msg: &[u8]) -> Vec<u8> {
    let prefix = rsa::pkcs1v15::Pkcs1v15Sign::new::<sha2::Sha256>().prefix;
    let mut em = vec![0x00, 0x01];
    em.resize(256 - prefix.len() - 32 - 1, 0xff);
    em.push(0x00);
    em.extend_from_slice(&prefix);
    em.extend_from_slice(&<sha2::Sha256 as sha2::Digest>::digest(msg));
    em
}

#[test]
fn fast_rsa_path_accepts_exactly_what_the_rsa_crate_accepts() {
    let (key, spki) = rsa_key(1);
    let (n, e) = components(&spki);
    assert_eq!(e, [1, 0, 1]);
    let fast = RustCrypto.rsa_pkcs1(&n, &e).expect("fast");
    let generic = generic_rsa(&n, &e).expect("generic");
    let msg = b"application for a residence certificate";
    // A correct signature, a raw-signed correct encoding, and encodings wrong in each field.
    let good = key.sign(msg);
    assert_eq!(raw_sign(&key, &good_em(msg)), good);
    let mut cases = vec![(good.clone(), true)];
    for (pos, value) in [
        (0, 0x01),
        (1, 0x02),
        (2, 0xfe),
        (200, 0x00),
        (202, 0x01),
        (204, 0x31),
        (223, 0x01),
        (255, 0x00),
    ] {
        let mut em = good_em(msg);
        em[pos] = value;
        cases.push((raw_sign(&key, &em), false));
    }
    cases.push((good[1..].to_vec(), false)); // one octet short
    cases.push(([&[0][..], &good].concat(), false)); // one octet long
    cases.push((n.clone(), false)); // s = n
    cases.push((vec![0xff; 256], false)); // s > n
    cases.push((vec![0; 256], false));
    for (sig, ok) in cases {
        let a = fast.verify(SHA256, msg, &sig);
        let b = generic.verify(SHA256, msg, &sig);
        assert_eq!(
            a.is_ok(),
            ok,
            "fast path on {:02x?}…",
            &sig[..4.min(sig.len())]
        );
        assert_eq!(a, b, "fast and generic paths disagree");
        for backend in all_backends() {
            let k = backend.rsa_pkcs1(&n, &e).expect("key");
            assert_eq!(
                k.verify(SHA256, msg, &sig).is_ok(),
                ok,
                "{}",
                backend.name()
            );
        }
    }
    assert_eq!(
        fast.verify(SHA256, b"another message", &good),
        Err(Error::BadSignature)
    );
}

#[test]
fn public_operation_matches_the_generic_exponentiation() {
    let (key, spki) = rsa_key(2);
    let (n, e) = components(&spki);
    let PrivateKey::Rsa(k) = &key else { panic!() };
    let pk = k.to_public_key();
    assert_eq!(pk.n_bytes().as_ref(), &n[..]);
    let fast = RustCrypto.rsa_pkcs1(&n, &e).expect("fast");
    let generic = generic_rsa(&n, &e).expect("generic");
    // The verdicts alone prove little (a random signature is refused by both paths whatever
    // the arithmetic computes), so the recovered encoded message itself is compared:
    // - a random encoded message, raw-signed with the private key, comes back exactly;
    // - a random s < n gives the same s^65537 mod n as the `rsa` crate's generic
    //   exponentiation;
    // - a signature of a correct encoding of a random message verifies on both paths.
    // The generic result as 256 big-endian octets, like the fast path's.
    let octets = |x: &rsa::BoxedUint| {
        let b = x.to_be_bytes();
        let tail = b.get(b.len().saturating_sub(256)..).unwrap_or_default();
        [vec![0u8; 256 - tail.len()], tail.to_vec()].concat()
    };
    proptest!(ProptestConfig::with_cases(64), |(
        em in proptest::collection::vec(any::<u8>(), 255),
        s in proptest::collection::vec(any::<u8>(), 255),
        msg in proptest::collection::vec(any::<u8>(), 0..64),
    )| {
        // A leading zero octet keeps both below n (a 2048-bit modulus starts with a one bit).
        let em = [&[0u8][..], &em].concat();
        let s = [&[0u8][..], &s].concat();
        let sig = raw_sign(&key, &em);
        prop_assert_eq!(super::rustcrypto::rsa2048_f4_public_op(&n, &sig).expect("op"), em);
        let m = rsa::BoxedUint::from_be_slice(&s, k.n_bits_precision()).expect("fits");
        let generic_op = rsa::hazmat::rsa_encrypt(&pk, &m).expect("generic op");
        prop_assert_eq!(
            super::rustcrypto::rsa2048_f4_public_op(&n, &s).expect("op"),
            octets(&generic_op)
        );
        let good = raw_sign(&key, &good_em(&msg));
        prop_assert_eq!(fast.verify(SHA256, &msg, &good), Ok(()));
        prop_assert_eq!(generic.verify(SHA256, &msg, &good), Ok(()));
        prop_assert_eq!(fast.verify(SHA256, &msg, &s), generic.verify(SHA256, &msg, &s));
    });
}

#[test]
fn key_policy_refuses_weak_and_malformed_keys() {
    let (_, spki) = rsa_key(3);
    let (n, _) = components(&spki);
    let spki_with = |n: &[u8], e: &[u8]| -> Vec<u8> {
        use der::Encode;
        let body = [
            der::asn1::UintRef::new(n).unwrap().to_der().unwrap(),
            der::asn1::UintRef::new(e).unwrap().to_der().unwrap(),
        ]
        .concat();
        let rsapk = [
            der::Header::new(
                der::Tag::Sequence,
                der::Length::try_from(body.len()).unwrap(),
            )
            .to_der()
            .unwrap(),
            body,
        ]
        .concat();
        let bits = der::asn1::BitString::from_bytes(&rsapk).unwrap();
        let spki = spki::SubjectPublicKeyInfo {
            algorithm: spki::AlgorithmIdentifier::<der::Any> {
                oid: crate::oid::oids::RSA_ENCRYPTION.0,
                parameters: Some(der::Any::null()),
            },
            subject_public_key: bits,
        };
        spki.to_der().unwrap()
    };
    let mut even_n = n.clone();
    *even_n.last_mut().unwrap() &= 0xfe;
    for (n, e, what) in [
        (&n[..128], &[1u8, 0, 1][..], KeyRefusal::RsaTooSmall),
        (
            &[&[0x80][..], &[0x11; 512]].concat()[..],
            &[1, 0, 1][..],
            KeyRefusal::RsaTooLarge,
        ),
        (&even_n[..], &[1, 0, 1][..], KeyRefusal::RsaEvenModulus),
        (&n[..], &[1][..], KeyRefusal::RsaExponentNotOddAboveOne),
        (
            &n[..],
            &[1, 0, 0][..],
            KeyRefusal::RsaExponentNotOddAboveOne,
        ),
        (&n[..], &[1; 9][..], KeyRefusal::RsaExponentTooLarge),
    ] {
        for backend in all_backends() {
            let got = PublicKey::from_spki_der_with(&spki_with(n, e), backend);
            assert!(
                matches!(&got, Err(Error::UnsupportedKey(r)) if *r == what),
                "{what:?} on {}: {got:?}",
                backend.name()
            );
        }
    }
    // e = 3 is allowed by the policy (the generic path verifies it).
    assert!(PublicKey::from_spki_der_with(&spki_with(&n, &[3]), &RustCrypto).is_ok());
}

#[test]
fn p256_keys_on_every_backend() {
    let key = PrivateKey::generate(KeyType::EcdsaP256, 1, "crypto-tests");
    let msg = b"login challenge";
    let sig = key.sign(msg);
    for backend in all_backends() {
        let pk = PublicKey::from_spki_der_with(&key.public_key_der(), backend).expect("key");
        assert_eq!(pk.algorithm(), KeyAlgorithm::EcdsaP256);
        pk.verify(SignatureAlgorithm::EcdsaSha256, msg, &sig)
            .expect("verifies");
        assert_eq!(
            pk.verify(SignatureAlgorithm::EcdsaSha256, b"other", &sig),
            Err(Error::BadSignature)
        );
        assert!(
            pk.verify(SignatureAlgorithm::RsaPkcs1Sha256, msg, &sig)
                .is_err()
        );
    }
}

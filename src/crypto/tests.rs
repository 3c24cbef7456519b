//! Tests of the key policy and of the backends against each other.
//! (Compiled only under `#[cfg(test)]`, declared in the parent module.)

use proptest::prelude::*;
use rsa::traits::PublicKeyParts as _;

use std::sync::Arc;

use der::Decode as _;

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

/// Every key this build can verify with, on every backend, each with the algorithm its
/// testkit key signs with: RSA-2048 on the fast path and on `rsa`'s generic path, P-256, P-384.
fn prehash_keys() -> Vec<(
    String,
    PrivateKey,
    SignatureAlgorithm,
    Arc<dyn VerifyingKey>,
)> {
    let mut out = Vec::new();
    for (kind, alg) in [
        (KeyType::Rsa2048, SHA256),
        (KeyType::EcdsaP256, SignatureAlgorithm::EcdsaSha256),
        (KeyType::EcdsaP384, SignatureAlgorithm::EcdsaSha384),
    ] {
        let key = PrivateKey::generate(kind, 7, "prehash-tests");
        let spki = key.public_key_der();
        for backend in all_backends() {
            let public = PublicKey::from_spki_der_with(&spki, backend).expect("key");
            out.push((
                format!("{kind:?} on {}", backend.name()),
                key.clone(),
                alg,
                public.key.clone(),
            ));
        }
        if kind == KeyType::Rsa2048 {
            let (n, e) = components(&spki);
            out.push((
                "Rsa2048 on rsa's generic path".into(),
                key.clone(),
                alg,
                generic_rsa(&n, &e).expect("generic"),
            ));
        }
    }
    out
}

fn hash(alg: SignatureAlgorithm, msg: &[u8]) -> Vec<u8> {
    Digest::of(alg, msg).expect("hash").as_bytes().to_vec()
}

/// prehash(H(m)) gives the verdict of verify(m), on every key and backend, for genuine
/// signatures, signatures over another message and damaged ones.
#[test]
fn prehashed_verdict_is_the_message_verdict() {
    let keys = prehash_keys();
    proptest!(ProptestConfig::with_cases(48), |(
        msg in proptest::collection::vec(any::<u8>(), 0..512),
        other in proptest::collection::vec(any::<u8>(), 0..64),
        genuine in any::<bool>(),
        flip in proptest::option::of((any::<prop::sample::Index>(), 1u8..=255)),
    )| {
        for (name, key, alg, verifying) in &keys {
            let mut sig = key.sign(if genuine { &msg } else { &other });
            if let Some((at, bits)) = flip {
                let i = at.index(sig.len());
                sig[i] ^= bits;
            }
            let by_message = verifying.verify(*alg, &msg, &sig);
            let by_digest = verifying.verify_prehashed(*alg, &hash(*alg, &msg), &sig);
            prop_assert_eq!(&by_message, &by_digest, "{}", name);
            if genuine && flip.is_none() {
                prop_assert_eq!(by_digest, Ok(()), "{}", name);
            }
        }
    });
}

#[test]
fn a_digest_of_the_wrong_length_is_refused_typed_on_every_backend() {
    let msg = b"a detached document";
    for (name, key, alg, verifying) in prehash_keys() {
        let sig = key.sign(msg);
        let good = hash(alg, msg);
        verifying
            .verify_prehashed(alg, &good, &sig)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let expected = good.len();
        // Truncated, extended, another algorithm's, empty: refused as such, never a verdict.
        for wrong in [
            good[..expected - 1].to_vec(),
            [&good[..], &[0]].concat(),
            hash(SignatureAlgorithm::RsaPkcs1Sha512, msg),
            hash(SignatureAlgorithm::RsaPkcs1Sha1, msg),
            Vec::new(),
        ] {
            if wrong.len() == expected {
                continue;
            }
            let got = verifying.verify_prehashed(alg, &wrong, &sig);
            assert_eq!(
                got,
                Err(Error::DigestLength {
                    expected,
                    actual: wrong.len()
                }),
                "{name}"
            );
        }
        // Through PublicKey too, before the backend is asked.
        for backend in all_backends() {
            let public =
                PublicKey::from_spki_der_with(&key.public_key_der(), backend).expect("key");
            public.verify_prehashed(alg, &good, &sig).expect("verifies");
            assert_eq!(
                public.verify_prehashed(alg, &good[1..], &sig),
                Err(Error::DigestLength {
                    expected,
                    actual: expected - 1
                })
            );
            // The pairing policy holds for digests as for messages.
            let mismatched = match alg {
                SignatureAlgorithm::EcdsaSha256 => SignatureAlgorithm::EcdsaSha384,
                _ => SignatureAlgorithm::EcdsaSha256,
            };
            assert_eq!(
                public.verify_prehashed(mismatched, &hash(mismatched, msg), &sig),
                Err(Error::UnsupportedAlgorithm(mismatched.oid()))
            );
        }
    }
}

/// SHA-1 (RSASSA-PKCS1-v1_5) verifies only through the crate-internal legacy path a CMS
/// verifier uses under its policy: the public API refuses it, for messages and digests.
#[test]
fn sha1_signatures_verify_only_when_allowed() {
    use rsa::signature::{SignatureEncoding as _, Signer as _};
    let (key, spki) = rsa_key(3);
    let PrivateKey::Rsa(private) = &key else {
        panic!("RSA key")
    };
    let msg = b"an archived form signed in 2009";
    let sig = rsa::pkcs1v15::SigningKey::<sha1::Sha1>::new((**private).clone())
        .sign(msg)
        .to_vec();
    let sha1 = SignatureAlgorithm::RsaPkcs1Sha1;
    let digest = hash(sha1, msg);
    assert_eq!(digest.len(), 20);
    for backend in all_backends() {
        let public = PublicKey::from_spki_der_with(&spki, backend).expect("key");
        let refused = Err(Error::UnsupportedAlgorithm(crate::oids::SHA1_WITH_RSA));
        assert_eq!(public.verify(sha1, msg, &sig), refused);
        assert_eq!(public.verify_prehashed(sha1, &digest, &sig), refused);
        assert_eq!(
            public.verify_prehashed_with(sha1, &digest, &sig, Sha1::Refused),
            refused
        );
        public
            .verify_prehashed_with(sha1, &digest, &sig, Sha1::Allowed)
            .unwrap_or_else(|e| panic!("{}: {e}", backend.name()));
        // Allowed, but over another message or with a damaged signature: bad.
        assert_eq!(
            public.verify_prehashed_with(sha1, &hash(sha1, b"forged"), &sig, Sha1::Allowed),
            Err(Error::BadSignature)
        );
        let mut damaged = sig.clone();
        damaged[100] ^= 1;
        assert_eq!(
            public.verify_prehashed_with(sha1, &digest, &damaged, Sha1::Allowed),
            Err(Error::BadSignature)
        );
        // A SHA-256 digest is no SHA-1 digest.
        assert_eq!(
            public.verify_prehashed_with(sha1, &hash(SHA256, msg), &sig, Sha1::Allowed),
            Err(Error::DigestLength {
                expected: 20,
                actual: 32
            })
        );
    }
    // The generic `rsa` path and the fast path agree on SHA-1 too.
    let (n, e) = components(&spki);
    let generic = generic_rsa(&n, &e).expect("generic");
    generic
        .verify_prehashed(sha1, &digest, &sig)
        .expect("generic verifies");
    generic
        .verify(sha1, msg, &sig)
        .expect("generic verifies the message");
    // An EC key never verifies SHA-1, whatever the policy.
    let ec = PrivateKey::generate(KeyType::EcdsaP256, 3, "crypto-tests");
    let public = PublicKey::from_spki_der(&ec.public_key_der()).expect("key");
    assert_eq!(
        public.verify_prehashed_with(sha1, &digest, &ec.sign(msg), Sha1::Allowed),
        Err(Error::UnsupportedAlgorithm(crate::oids::SHA1_WITH_RSA))
    );
}

/// Certificates never carry an algorithm the legacy policy can reach: sha1WithRSAEncryption
/// is identified as unsupported there.
#[test]
fn sha1_with_rsa_is_not_identified_for_certificates() {
    let oid = crate::oids::SHA1_WITH_RSA.0;
    let null = der::asn1::AnyRef::from_der(&[0x05, 0x00]).expect("NULL");
    assert_eq!(
        SignatureAlgorithm::identify(oid, Some(null)),
        SignatureAlgorithm::Unsupported(crate::oids::SHA1_WITH_RSA)
    );
}

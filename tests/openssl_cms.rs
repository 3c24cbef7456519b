//! CMS interoperability with OpenSSL, both ways: documents `openssl cms -sign` and
//! `openssl smime -sign` make with the test CA's holder keys (attached and detached, with and
//! without signed attributes, issuerAndSerialNumber and subjectKeyIdentifier, SHA-256/384/512,
//! RSA and ECDSA P-384; `-noattr` over a multi-MiB file, streamed; SHA-1 under the opt-in
//! legacy policy only) verify in jpki-core — and are refused once altered — and what the
//! testkit signs verifies with `openssl cms -verify`. Skips (saying so) where `openssl` is not
//! installed, and fails there under CI.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use jpki_core::testkit::{CmsBuilder, HolderSpec, IssuedCert, SignedAttrs, SignerId, TestCa};
use jpki_core::{
    DigestAlgorithm, Error, LegacySha1, SignedData, SignedDataVerifier, SignerIdentifier, UnixTime,
    Verifier,
};

/// 2030-01-01T00:00:00Z: inside the validity of the holders below (today's and next-generation
/// cards), whatever the clock says.
const AT: &str = "2030-01-01T00:00:00Z";
const AT_EPOCH: &str = "1893456000";

fn at() -> UnixTime {
    UnixTime::parse_rfc3339(AT).expect("time")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jpki-core-cms-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn openssl(dir: &Path, args: &[&str]) -> Vec<u8> {
    let out = Command::new("openssl")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run openssl");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// A holder of today's card (RSA-2048) or of a next-generation card (ECDSA P-384), its
/// certificate and key written for OpenSSL, and a verifier trusting its root.
struct Holder {
    dir: PathBuf,
    issued: IssuedCert,
    root_pem: String,
    verifier: SignedDataVerifier,
}

fn holder(tag: &str, next_generation: bool) -> Holder {
    let (ca, spec) = if next_generation {
        (
            TestCa::builder(16).next_generation().build(),
            HolderSpec::next_generation_example(),
        )
    } else {
        (TestCa::new(16), HolderSpec::example())
    };
    let issued = ca.issue_signing(&spec);
    let dir = scratch(tag);
    std::fs::write(dir.join("holder.pem"), issued.to_pem()).expect("write");
    std::fs::write(dir.join("holder.key"), issued.private_key.to_pkcs8_pem()).expect("write");
    let root_pem = ca.signing_root().to_pem();
    std::fs::write(dir.join("root.pem"), &root_pem).expect("write");
    let verifier = SignedDataVerifier::new(
        Verifier::new([ca.signing_root().certificate()]).expect("verifier"),
    );
    Holder {
        dir,
        issued,
        root_pem,
        verifier,
    }
}

const CONTENT: &[u8] =
    b"\xe8\xbb\xa2\xe5\x85\xa5\xe5\xb1\x8a / change-of-address notification\r\nline two\n";

/// Signs CONTENT with `openssl <tool> -sign` and the extra flags; checks jpki-core verifies
/// it (and refuses it over altered content); returns the parsed SignedData.
fn openssl_signed(h: &Holder, tool: &str, md: &str, flags: &[&str]) -> SignedData {
    std::fs::write(h.dir.join("content.bin"), CONTENT).expect("write");
    let mut args = vec![
        tool,
        "-sign",
        "-binary",
        "-in",
        "content.bin",
        "-signer",
        "holder.pem",
        "-inkey",
        "holder.key",
        "-md",
        md,
        "-outform",
        "DER",
        "-out",
        "signed.der",
    ];
    args.extend_from_slice(flags);
    openssl(&h.dir, &args);
    let der = std::fs::read(h.dir.join("signed.der")).expect("signed.der");
    let signed = SignedData::from_der(&der).expect("jpki-core parses what OpenSSL signed");
    let attached = flags.contains(&"-nodetach");
    let report = if attached {
        assert_eq!(signed.content(), Some(CONTENT));
        h.verifier.verify(&signed, at())
    } else {
        assert_eq!(signed.content(), None);
        h.verifier
            .verify_detached(&signed, CONTENT, at())
            .expect("read")
    };
    let verified = report
        .into_verified()
        .unwrap_or_else(|e| panic!("{tool} -md {md} {flags:?}: refused: {e}"));
    assert_eq!(verified.signers().len(), 1);
    assert_eq!(
        verified.signers()[0].certificate().serial(),
        h.issued.serial
    );
    if !attached {
        let altered = [CONTENT, b"!"].concat();
        let report = h
            .verifier
            .verify_detached(&signed, &altered[..], at())
            .expect("read");
        let expected = if flags.contains(&"-noattr") {
            Error::BadSignature
        } else {
            Error::ContentMismatch
        };
        assert_eq!(report.error(), Some(&expected), "{tool} {md} {flags:?}");
    }
    signed
}

#[test]
fn openssl_cms_rsa_documents_verify() {
    if !common::openssl_available() {
        return;
    }
    let h = holder("rsa", false);
    for md in ["sha256", "sha384", "sha512"] {
        for flags in [
            &["-nodetach"][..],
            &[][..],
            &["-noattr"][..],
            &["-nodetach", "-noattr"][..],
            &["-keyid"][..],
            &["-nodetach", "-keyid"][..],
        ] {
            let signed = openssl_signed(&h, "cms", md, flags);
            let signer = &signed.signers()[0];
            assert_eq!(signer.digest_algorithm().as_str(), md);
            assert_eq!(signer.has_signed_attributes(), !flags.contains(&"-noattr"));
            assert_eq!(
                matches!(
                    signer.identifier(),
                    SignerIdentifier::SubjectKeyIdentifier(_)
                ),
                flags.contains(&"-keyid")
            );
        }
    }
}

#[test]
fn openssl_smime_documents_verify() {
    if !common::openssl_available() {
        return;
    }
    let h = holder("smime", false);
    openssl_signed(&h, "smime", "sha256", &["-nodetach"]);
    openssl_signed(&h, "smime", "sha256", &[]);
}

#[test]
fn openssl_cms_ecdsa_p384_documents_verify() {
    if !common::openssl_available() {
        return;
    }
    let h = holder("p384", true);
    for flags in [
        &["-nodetach"][..],
        &[][..],
        &["-keyid"][..],
        &["-noattr"][..],
    ] {
        let signed = openssl_signed(&h, "cms", "sha384", flags);
        assert_eq!(
            signed.signers()[0].digest_algorithm(),
            DigestAlgorithm::Sha384
        );
    }
}

/// `openssl cms -verify` over the testkit's document; `content` for a detached one.
fn openssl_verifies(h: &Holder, der: &[u8], content: Option<&[u8]>) -> bool {
    std::fs::write(h.dir.join("ours.der"), der).expect("write");
    std::fs::write(h.dir.join("root.pem"), &h.root_pem).expect("write");
    let mut args = vec![
        "cms", "-verify", "-binary", "-inform", "DER", "-in", "ours.der", "-CAfile", "root.pem",
        "-purpose", "any", "-attime", AT_EPOCH, "-out", "out.bin",
    ];
    if let Some(c) = content {
        std::fs::write(h.dir.join("ours.content"), c).expect("write");
        args.extend_from_slice(&["-content", "ours.content"]);
    }
    let ok = Command::new("openssl")
        .current_dir(&h.dir)
        .args(&args)
        .output()
        .expect("run openssl");
    if !ok.status.success() {
        eprintln!("openssl {args:?}: {}", String::from_utf8_lossy(&ok.stderr));
    }
    ok.status.success()
}

#[test]
fn testkit_documents_verify_with_openssl() {
    if !common::openssl_available() {
        return;
    }
    for (tag, next_generation) in [("ours-rsa", false), ("ours-p384", true)] {
        let h = holder(tag, next_generation);
        let digests: &[DigestAlgorithm] = if next_generation {
            &[DigestAlgorithm::Sha384]
        } else {
            &[
                DigestAlgorithm::Sha256,
                DigestAlgorithm::Sha384,
                DigestAlgorithm::Sha512,
            ]
        };
        for &digest in digests {
            for id in [
                SignerId::IssuerAndSerialNumber,
                SignerId::SubjectKeyIdentifier,
            ] {
                for with_attributes in [true, false] {
                    let edit = |s: &mut jpki_core::testkit::CmsSignerSpec| {
                        s.digest = digest;
                        s.id = id;
                        s.rsa_encryption_oid = true;
                        if !with_attributes {
                            s.attributes = SignedAttrs::None;
                        }
                    };
                    let attached = CmsBuilder::new(CONTENT.to_vec())
                        .signer_with(&h.issued, edit)
                        .build();
                    assert!(
                        openssl_verifies(&h, &attached, None),
                        "{tag} {digest} {id:?} attrs {with_attributes}"
                    );
                    assert_eq!(std::fs::read(h.dir.join("out.bin")).expect("out"), CONTENT);
                    let detached = CmsBuilder::new(CONTENT.to_vec())
                        .detached()
                        .signer_with(&h.issued, edit)
                        .build();
                    assert!(openssl_verifies(&h, &detached, Some(CONTENT)));
                    // The negative: OpenSSL refuses it over other content, as jpki-core does.
                    assert!(!openssl_verifies(&h, &detached, Some(b"other")));
                }
            }
        }
    }
}

#[test]
fn testkit_documents_with_two_signers_verify_with_openssl() {
    if !common::openssl_available() {
        return;
    }
    let h = holder("ours-two", false);
    let ca = TestCa::new(16);
    let second = ca.issue_signing(&HolderSpec::example());
    let der = CmsBuilder::new(CONTENT.to_vec())
        .signer(&h.issued)
        .signer_with(&second, |s| s.id = SignerId::SubjectKeyIdentifier)
        .build();
    assert!(openssl_verifies(&h, &der, None));
    let report = h
        .verifier
        .verify(&SignedData::from_der(&der).expect("parse"), at());
    assert!(report.is_valid(), "{:?}", report.error());
}

/// The holder's verifier on every backend this build has (with the backend's name).
fn on_every_backend(h: &Holder) -> Vec<(&'static str, SignedDataVerifier)> {
    // Pushed to only with the aws-lc-rs feature.
    #[allow(unused_mut)]
    let mut backends: Vec<&'static dyn jpki_core::crypto::CryptoBackend> =
        vec![&jpki_core::crypto::RustCrypto];
    #[cfg(feature = "aws-lc-rs")]
    backends.push(&jpki_core::crypto::AwsLcRs);
    let roots = jpki_core::Certificate::from_pem(h.root_pem.as_bytes()).expect("root");
    backends
        .into_iter()
        .map(|b| {
            let verifier = Verifier::new(roots.clone())
                .expect("verifier")
                .with_backend(b)
                .expect("backend");
            (b.name(), SignedDataVerifier::new(verifier))
        })
        .collect()
}

/// `openssl cms -sign -md sha1`: refused by default, verified on every backend once the caller
/// opts in with a legacy SHA-1 policy, and refused again once the signature is damaged.
#[test]
fn openssl_sha1_documents_need_the_legacy_policy() {
    if !common::openssl_available() {
        return;
    }
    let h = holder("sha1", false);
    std::fs::write(h.dir.join("content.bin"), CONTENT).expect("write");
    for flags in [&["-nodetach"][..], &[][..], &["-noattr"][..]] {
        let mut args = vec![
            "cms",
            "-sign",
            "-binary",
            "-in",
            "content.bin",
            "-signer",
            "holder.pem",
            "-inkey",
            "holder.key",
            "-md",
            "sha1",
            "-outform",
            "DER",
            "-out",
            "sha1.der",
        ];
        args.extend_from_slice(flags);
        openssl(&h.dir, &args);
        let der = std::fs::read(h.dir.join("sha1.der")).expect("sha1.der");
        let signed = SignedData::from_der(&der).expect("parses");
        assert_eq!(
            signed.signers()[0].digest_algorithm(),
            DigestAlgorithm::Sha1
        );
        let attached = flags.contains(&"-nodetach");
        let verify = |v: &SignedDataVerifier, signed: &SignedData| {
            if attached {
                v.verify(signed, at())
            } else {
                v.verify_detached(signed, CONTENT, at()).expect("read")
            }
        };
        let report = verify(&h.verifier, &signed);
        assert!(
            matches!(
                report.error(),
                Some(Error::UnsupportedAlgorithm(oid)) if oid.to_string() == "1.3.14.3.2.26"
            ),
            "{flags:?}: {:?}",
            report.error()
        );
        // The signature value is the last thing in the document (no unsigned attributes).
        let mut damaged = der.clone();
        if let Some(last) = damaged.last_mut() {
            *last ^= 1;
        }
        let damaged = SignedData::from_der(&damaged).expect("parses");
        let cutoff = UnixTime::parse_rfc3339("2031-01-01T00:00:00Z").expect("time");
        for (backend, verifier) in on_every_backend(&h) {
            let legacy = verifier.with_legacy_sha1(LegacySha1::AllowBefore(cutoff));
            let report = verify(&legacy, &signed);
            assert!(
                report.is_valid(),
                "sha1 {flags:?} on {backend}: {:?}",
                report.error()
            );
            let report = verify(&legacy, &damaged);
            assert_eq!(
                report.error(),
                Some(&Error::BadSignature),
                "damaged sha1 {flags:?} on {backend}"
            );
        }
    }
}

/// `openssl cms -sign -noattr` detached over a multi-MiB file: the signature is over the file
/// itself, and jpki-core verifies it streaming the file (from its digest, on every backend),
/// RSA and ECDSA P-384; the same file with one byte changed is refused.
#[test]
fn openssl_noattr_detached_large_file_verifies_streamed() {
    if !common::openssl_available() {
        return;
    }
    let len = (6 << 20) + 13;
    let file: Vec<u8> = (0..len).map(|i| ((i % 251) ^ (i >> 16)) as u8).collect();
    for (tag, next_generation, md) in [("big-rsa", false, "sha256"), ("big-p384", true, "sha384")] {
        let h = holder(tag, next_generation);
        std::fs::write(h.dir.join("big.bin"), &file).expect("write");
        openssl(
            &h.dir,
            &[
                "cms",
                "-sign",
                "-binary",
                "-noattr",
                "-in",
                "big.bin",
                "-signer",
                "holder.pem",
                "-inkey",
                "holder.key",
                "-md",
                md,
                "-outform",
                "DER",
                "-out",
                "big.der",
            ],
        );
        let der = std::fs::read(h.dir.join("big.der")).expect("big.der");
        let signed = SignedData::from_der(&der).expect("parses");
        assert_eq!(signed.content(), None);
        assert!(!signed.signers()[0].has_signed_attributes());
        let mut altered = file.clone();
        altered[len / 2] ^= 0x80;
        std::fs::write(h.dir.join("altered.bin"), &altered).expect("write");
        for (backend, verifier) in on_every_backend(&h) {
            let open = |name: &str| std::fs::File::open(h.dir.join(name)).expect("open");
            let report = verifier
                .verify_detached(&signed, open("big.bin"), at())
                .expect("read");
            assert!(
                report.is_valid(),
                "{tag} on {backend}: {:?}",
                report.error()
            );
            let report = verifier
                .verify_detached(&signed, open("altered.bin"), at())
                .expect("read");
            assert_eq!(
                report.error(),
                Some(&Error::BadSignature),
                "{tag} on {backend}"
            );
        }
    }
}

/// The 2026 advisories' shape: a second signature nobody trusts beside a good one. OpenSSL
/// signs with both; jpki-core reports each and refuses the document.
#[test]
fn an_openssl_document_with_an_untrusted_second_signer_is_refused() {
    if !common::openssl_available() {
        return;
    }
    let h = holder("two-signers", false);
    std::fs::write(h.dir.join("content.bin"), CONTENT).expect("write");
    openssl(
        &h.dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "stranger.key",
            "-out",
            "stranger.pem",
            "-days",
            "3650",
            "-subj",
            "/CN=stranger",
        ],
    );
    openssl(
        &h.dir,
        &[
            "cms",
            "-sign",
            "-binary",
            "-nodetach",
            "-in",
            "content.bin",
            "-signer",
            "holder.pem",
            "-inkey",
            "holder.key",
            "-signer",
            "stranger.pem",
            "-inkey",
            "stranger.key",
            "-outform",
            "DER",
            "-out",
            "two.der",
        ],
    );
    let der = std::fs::read(h.dir.join("two.der")).expect("two.der");
    let signed = SignedData::from_der(&der).expect("parses");
    assert_eq!(signed.signers().len(), 2);
    let report = h.verifier.verify(&signed, at());
    assert!(!report.is_valid());
    let valid = report
        .signers()
        .iter()
        .filter(|s| s.result().is_ok())
        .count();
    assert_eq!(
        valid, 1,
        "the holder's signature is good, the stranger's is not trusted"
    );
    assert!(report.into_verified().is_err());
}

//! Differential testing against OpenSSL 3 (in process) on the shapes the fail-closed rules are
//! about. Each case pins both answers; where we differ, docs/differences.md says why.
//! - CRLs without nextUpdate or cRLNumber, or with a critical cRLNumber: OpenSSL parses and
//!   verifies them; we refuse them (RFC 5280 §5.1.2.5, §5.2.3).
//! - An OCSP response with a "good" and a "revoked" SingleResponse for one certificate:
//!   OpenSSL's `OCSP_resp_find_status` reads the first; we read them all and answer revoked.
//! - A leaf whose issuer name differs from its root's subject only in case and spacing: both
//!   chain it (RFC 5280 §7.1).

use jpki_core::testkit::{
    CrlSpec, HolderSpec, OcspSpec, OcspStatusSpec, TemplateExtension, TestCa,
};
use jpki_core::{
    CertIdHash, Certificate, Crl, CrlRefusal, Error, OcspResponse, Profile, RevocationStatus,
    UnixTime, Usage, Verifier,
};
use openssl::hash::MessageDigest;
use openssl::ocsp::{OcspCertId, OcspCertStatus};
use openssl::x509::{X509, X509Crl};

fn at() -> UnixTime {
    UnixTime::parse_rfc3339("2027-01-01T12:00:00Z").expect("time")
}

/// OpenSSL's verdict on a CRL: parses, and its signature verifies with the root's key.
fn openssl_accepts_crl(der: &[u8], root: &Certificate) -> bool {
    let key = X509::from_der(root.der())
        .and_then(|r| r.public_key())
        .expect("root key");
    X509Crl::from_der(der)
        .ok()
        .is_some_and(|c| c.verify(&key).unwrap_or(false))
}

#[test]
fn crls_that_cannot_bound_their_freshness() {
    let ca = TestCa::new(90);
    let root = ca.signing_root().certificate();
    let d = at();
    let mut no_next = CrlSpec::signing(d);
    no_next.next_update = None;
    let mut no_number = CrlSpec::signing(d);
    no_number.crl_number = None;
    let mut critical_number = CrlSpec::signing(d);
    critical_number.crl_number = None;
    critical_number.extra_extensions.push(TemplateExtension {
        oid: "2.5.29.20".parse().expect("oid"),
        critical: true,
        value: vec![0x02, 0x01, 0x01],
    });
    for (spec, refusal) in [
        (no_next, CrlRefusal::NoNextUpdate),
        (no_number, CrlRefusal::NoCrlNumber),
        (critical_number, CrlRefusal::CriticalCrlNumber),
    ] {
        let der = ca.issue_crl(&spec);
        assert!(
            openssl_accepts_crl(&der, &root),
            "OpenSSL accepts {refusal:?}"
        );
        assert_eq!(
            Crl::from_der(&der).map(drop),
            Err(Error::CrlRefused(refusal))
        );
    }
    // The control: a conforming CRL, accepted by both.
    let der = ca.issue_crl(&CrlSpec::signing(d));
    assert!(openssl_accepts_crl(&der, &root));
    assert!(Crl::from_der(&der).and_then(|c| c.verify(&root)).is_ok());
}

#[test]
fn a_self_contradicting_ocsp_response() {
    let ca = TestCa::new(91);
    let leaf = ca.issue_signing(&HolderSpec::example());
    let (cert, root) = (leaf.certificate(), ca.signing_root().certificate());
    let d = at();
    let spec = OcspSpec::good(leaf.serial, d).and_also(
        OcspStatusSpec::Revoked(d.minus_seconds(3600), None),
        CertIdHash::Sha1,
    );
    let der = ca.issue_ocsp_response(&spec);
    // OpenSSL: the first SingleResponse that matches answers.
    let basic = openssl::ocsp::OcspResponse::from_der(&der)
        .and_then(|r| r.basic())
        .expect("basic response");
    let (x_leaf, x_root) = (
        X509::from_der(cert.der()).expect("leaf"),
        X509::from_der(root.der()).expect("root"),
    );
    let id = OcspCertId::from_cert(MessageDigest::sha1(), &x_leaf, &x_root).expect("cert id");
    let theirs = basic.find_status(&id).map(|s| s.status);
    assert_eq!(theirs, Some(OcspCertStatus::GOOD));
    // Ours: every matching SingleResponse, revoked wins.
    let ours = OcspResponse::from_der(&der)
        .and_then(|r| r.status(&cert, &root, d))
        .expect("status");
    assert!(matches!(ours, RevocationStatus::Revoked { .. }), "{ours:?}");
}

#[test]
fn an_issuer_name_in_another_case_chains_in_both() {
    let ca = TestCa::new(92);
    let root = ca.signing_root();
    let root_cert = root.certificate();
    let mut t = ca.signing_template(&HolderSpec::example());
    // The root's name re-encoded with every string in upper case and doubled spaces.
    let mut attrs = Vec::new();
    for a in root_cert.subject().attributes() {
        attrs.push((a.oid, a.value.to_uppercase().replace(' ', "  ")));
    }
    let attrs: Vec<_> = attrs
        .iter()
        .map(|(oid, v)| (*oid, jpki_core::testkit::StringType::Printable, v.as_str()))
        .collect();
    t.issuer = jpki_core::testkit::encode_name(&attrs);
    assert_ne!(t.issuer, root_cert.subject().as_der());
    let der = ca.sign_template(&t);
    let leaf = Certificate::from_der(&der).expect("leaf");
    // Ours (generic profile: the names, key identifier and signature chain).
    let ours = Verifier::new([root_cert.clone()])
        .expect("verifier")
        .with_profile(Profile::Rfc5280)
        .verify(&leaf, Usage::Any, at());
    assert!(ours.is_ok(), "{ours:?}");
    // Under the JPKI profile the leaf classifies by the same comparison: still a signing leaf.
    assert_eq!(leaf.kind().map(|k| k.as_str()), Ok("signing"));
    // OpenSSL, at the same time.
    let mut store = openssl::x509::store::X509StoreBuilder::new().expect("store");
    store
        .add_cert(X509::from_der(root_cert.der()).expect("root"))
        .expect("add");
    let mut param = openssl::x509::verify::X509VerifyParam::new().expect("param");
    param.set_time(i64::try_from(at().as_unix_seconds()).expect("time"));
    store.set_param(&param).expect("param");
    let store = store.build();
    let chain = openssl::stack::Stack::new().expect("stack");
    let mut ctx = openssl::x509::X509StoreContext::new().expect("ctx");
    let x_leaf = X509::from_der(&der).expect("leaf");
    let theirs = ctx
        .init(&store, &x_leaf, &chain, |c| c.verify_cert())
        .expect("verify");
    assert!(theirs, "OpenSSL chains the case-folded name too");
}

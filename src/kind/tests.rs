//! Classification of the three kinds, and every refusal.
//! (Compiled only under `#[cfg(test)]`, declared in the parent module.)
use super::*;
use crate::testkit::{
    CertificateTemplate, HolderSpec, StringType, TemplateExtension, TestCa, encode_name,
};
use crate::{Environment, Oid};

fn ca() -> TestCa {
    TestCa::new(21)
}

fn without(t: &CertificateTemplate, oid: Oid) -> CertificateTemplate {
    let mut t = t.clone();
    t.extensions.retain(|e| e.oid != oid);
    t
}

fn with_ext(
    t: &CertificateTemplate,
    oid: Oid,
    critical: bool,
    value: Vec<u8>,
) -> CertificateTemplate {
    let mut t = without(t, oid);
    t.extensions.push(TemplateExtension {
        oid,
        critical,
        value,
    });
    t
}

fn kind_of(ca: &TestCa, t: &CertificateTemplate) -> Result<CertificateKind, Error> {
    Certificate::from_der(&ca.sign_template(t))?.kind()
}

fn issuer_with_ou(ou: &str) -> Vec<u8> {
    encode_name(&[
        (oids::AT_COUNTRY, StringType::Printable, "JP"),
        (oids::AT_ORGANIZATION, StringType::Printable, "JPKI"),
        (oids::AT_ORGANIZATIONAL_UNIT, StringType::Printable, ou),
    ])
}

// keyUsage BIT STRINGs.
const KU_DS: [u8; 4] = [0x03, 0x02, 0x07, 0x80];
const KU_DS_NR: [u8; 4] = [0x03, 0x02, 0x06, 0xc0];

#[test]
fn the_three_kinds() {
    let ca = ca();
    let pair = ca.issue_pair(&HolderSpec::example());
    assert_eq!(
        pair.signing.certificate().kind(),
        Ok(CertificateKind::Signing)
    );
    assert_eq!(
        pair.user_authentication.certificate().kind(),
        Ok(CertificateKind::UserAuthentication)
    );
    assert_eq!(
        ca.signing_root().certificate().kind(),
        Ok(CertificateKind::Ca)
    );
    assert_eq!(
        ca.user_authentication_root().certificate().kind(),
        Ok(CertificateKind::Ca)
    );
    assert_eq!(
        pair.signing.certificate().environment(),
        Some(Environment::Test)
    );
    let prod = TestCa::builder(21)
        .environment(Environment::Production)
        .build();
    let cert = prod.issue_signing(&HolderSpec::example()).certificate();
    assert_eq!(cert.environment(), Some(Environment::Production));
    assert_eq!(cert.policies(), Some(&[oids::POLICY_SIGNING][..]));
    assert_eq!(cert.kind(), Ok(CertificateKind::Signing));
}

#[test]
fn either_signal_alone_suffices() {
    let ca = ca();
    let t = ca.signing_template(&HolderSpec::example());
    // Policy only: the issuer names no JPKI purpose.
    let mut policy_only = t.clone();
    policy_only.issuer = issuer_with_ou("Somewhere else");
    assert_eq!(kind_of(&ca, &policy_only), Ok(CertificateKind::Signing));
    // Issuer only: no certificatePolicies.
    let issuer_only = without(&t, oids::CERTIFICATE_POLICIES);
    assert_eq!(kind_of(&ca, &issuer_only), Ok(CertificateKind::Signing));
}

#[test]
fn contradicting_signals_are_refused() {
    let ca = ca();
    let mut t = ca.signing_template(&HolderSpec::example());
    t.issuer = issuer_with_ou(OU_USER_AUTHENTICATION);
    assert!(matches!(kind_of(&ca, &t), Err(Error::InconsistentKind(_))));
}

#[test]
fn no_jpki_signal_is_not_jpki() {
    let ca = ca();
    let mut t = without(
        &ca.signing_template(&HolderSpec::example()),
        oids::CERTIFICATE_POLICIES,
    );
    t.issuer = issuer_with_ou("Example CA");
    assert!(matches!(kind_of(&ca, &t), Err(Error::NotJpki(_))));
}

#[test]
fn signing_needs_non_repudiation_and_basic_four() {
    let ca = ca();
    let t = ca.signing_template(&HolderSpec::example());
    let no_nr = with_ext(&t, oids::KEY_USAGE, true, KU_DS.to_vec());
    assert!(matches!(
        kind_of(&ca, &no_nr),
        Err(Error::InconsistentKind(_))
    ));
    let no_san = without(&t, oids::SUBJECT_ALT_NAME);
    assert!(matches!(
        kind_of(&ca, &no_san),
        Err(Error::InconsistentKind(_))
    ));
    let no_ku = without(&t, oids::KEY_USAGE);
    assert!(matches!(
        kind_of(&ca, &no_ku),
        Err(Error::InconsistentKind(_))
    ));
    let ca_ku = with_ext(&t, oids::KEY_USAGE, true, vec![0x03, 0x02, 0x01, 0xc6]);
    assert!(matches!(
        kind_of(&ca, &ca_ku),
        Err(Error::InconsistentKind(_))
    ));
}

#[test]
fn user_authentication_must_not_carry_personal_data_or_non_repudiation() {
    let ca = ca();
    let t = ca.signing_template(&HolderSpec::example());
    let mut auth_like = with_ext(&t, oids::KEY_USAGE, true, KU_DS.to_vec());
    auth_like.issuer = issuer_with_ou(OU_USER_AUTHENTICATION);
    auth_like = without(&auth_like, oids::CERTIFICATE_POLICIES);
    // Still has the basic four items in its SAN.
    assert!(matches!(
        kind_of(&ca, &auth_like),
        Err(Error::InconsistentKind(_))
    ));
    let clean = without(&auth_like, oids::SUBJECT_ALT_NAME);
    assert_eq!(
        kind_of(&ca, &clean),
        Ok(CertificateKind::UserAuthentication)
    );
    let with_nr = with_ext(&clean, oids::KEY_USAGE, true, KU_DS_NR.to_vec());
    assert!(matches!(
        kind_of(&ca, &with_nr),
        Err(Error::InconsistentKind(_))
    ));
}

#[test]
fn malformed_basic_four_surfaces_its_own_error() {
    let ca = ca();
    let t = ca.signing_template(&HolderSpec::example());
    // A SAN with only the name item.
    let san = {
        use der::Encode;
        use x509_cert::ext::pkix::{
            SubjectAltName,
            name::{GeneralName, OtherName},
        };
        let v = der::asn1::Any::new(der::Tag::Utf8String, "山田".as_bytes()).expect("any");
        SubjectAltName(vec![GeneralName::OtherName(OtherName {
            type_id: oids::BASIC4_NAME.0,
            value: v,
        })])
        .to_der()
        .expect("der")
    };
    let bad = with_ext(&t, oids::SUBJECT_ALT_NAME, false, san);
    assert!(matches!(
        kind_of(&ca, &bad),
        Err(Error::BasicFourMissing(_))
    ));
}

#[test]
fn ca_without_key_cert_sign() {
    let ca = ca();
    let t = ca.signing_template(&HolderSpec::example());
    let t = with_ext(
        &t,
        oids::BASIC_CONSTRAINTS,
        true,
        vec![0x30, 0x03, 0x01, 0x01, 0xff],
    );
    assert!(matches!(kind_of(&ca, &t), Err(Error::InconsistentKind(_))));
}

#[test]
fn user_authentication_has_no_basic_four() {
    let pair = ca().issue_pair(&HolderSpec::example());
    assert_eq!(
        pair.user_authentication.certificate().basic_four(),
        Err(Error::NoBasicFourInfo)
    );
    assert_eq!(
        ca().signing_root().certificate().basic_four(),
        Err(Error::NoBasicFourInfo)
    );
}

//! One test per parsing rule, on certificates from the test CA and on deliberate breakage.
//! (Compiled only under `#[cfg(test)]`, declared in the parent module.)

use super::*;
use crate::oid::oids;
use crate::testkit::{CertificateTemplate, HolderSpec, TemplateExtension, TestCa, encode_name_raw};
use crate::{DerProblem, Error};

fn ca() -> TestCa {
    TestCa::new(11)
}

fn template() -> (TestCa, CertificateTemplate) {
    let ca = ca();
    let t = ca.signing_template(&HolderSpec::example());
    (ca, t)
}

fn bad_der(result: Result<Certificate, Error>) -> DerProblem {
    match result {
        Err(Error::BadDer { problem, .. }) => problem,
        other => panic!("expected BadDer, got {other:?}"),
    }
}

#[test]
fn parses_a_signing_certificate_fully() {
    let ca = ca();
    let spec = HolderSpec::example();
    let issued = ca.issue_signing(&spec);
    let cert = Certificate::from_der(&issued.der).expect("test CA output parses");
    assert_eq!(cert.version(), 3);
    assert_eq!(cert.serial(), spec.signing_serial);
    assert_eq!(cert.serial().to_decimal(), "20260105000001");
    assert_eq!(
        cert.signature_algorithm(),
        SignatureAlgorithm::RsaPkcs1Sha256
    );
    assert_eq!(cert.key_algorithm(), KeyAlgorithm::Rsa { bits: 2048 });
    assert_eq!(cert.key_algorithm().to_string(), "rsa-2048");
    assert_eq!(cert.validity().not_before, spec.not_before);
    assert_eq!(cert.validity().not_after, spec.not_after);
    assert_eq!(cert.issuer().organization().as_deref(), Some("JPKI-TEST"));
    assert_eq!(
        cert.issuer().organizational_units(),
        vec![
            "JPKI for digital signature",
            "Japan Agency for Local Authority Information Systems"
        ]
    );
    assert_eq!(cert.subject().localities(), vec!["Tokyo-to", "Chiyoda-ku"]);
    assert_eq!(cert.subject().country().as_deref(), Some("JP"));
    assert!(
        cert.subject()
            .to_rfc4514()
            .ends_with(",L=Chiyoda-ku,L=Tokyo-to,C=JP")
    );
    assert_eq!(
        cert.key_usage(),
        Some(KeyUsage::DIGITAL_SIGNATURE | KeyUsage::NON_REPUDIATION)
    );
    assert_eq!(
        cert.policies(),
        Some(&[crate::oids::POLICY_SIGNING_TEST][..])
    );
    assert!(
        cert.extension(&crate::oids::CERTIFICATE_POLICIES)
            .is_some_and(|e| e.critical)
    );
    assert!(cert.basic_constraints().is_none());
    assert!(!cert.is_ca());
    let root = ca.signing_root().certificate();
    assert_eq!(cert.authority_key_id(), root.subject_key_id());
    assert!(cert.subject_key_id().is_some());
    assert_eq!(cert.issuer().as_der(), root.subject().as_der());
    match cert.issuer_alt_names().as_slice() {
        [GeneralName::DirectoryName(dn)] => assert_eq!(dn, "O=公的個人認証サービス,C=JP"),
        other => panic!("issuerAltName: {other:?}"),
    }
    match cert.crl_distribution_points().as_slice() {
        [GeneralName::DirectoryName(dn)] => {
            assert!(
                dn.starts_with("CN=Chiyoda-ku,OU=Tokyo-to,OU=CRL Distribution Points"),
                "{dn}"
            )
        }
        other => panic!("cRLDistributionPoints: {other:?}"),
    }
    assert!(cert.authority_info_access().is_empty());
    assert!(cert.extended_key_usage().is_none());
    // The TBS and the signature are the exact bytes of the input.
    assert!(
        issued
            .der
            .windows(cert.tbs_der().len())
            .any(|w| w == cert.tbs_der())
    );
    assert!(issued.der.ends_with(cert.signature_value()));
    assert_eq!(cert.signature_value().len(), 256);
}

#[test]
fn parses_a_root_and_pem() {
    let ca = ca();
    let root = ca.signing_root();
    let cert = Certificate::from_der(&root.der).expect("root parses");
    assert!(cert.is_ca() && cert.is_self_issued());
    assert_eq!(
        cert.basic_constraints(),
        Some(BasicConstraints {
            ca: true,
            path_len: None
        })
    );
    let pem = format!(
        "{}{}",
        root.to_pem(),
        ca.user_authentication_root().to_pem()
    );
    let both = Certificate::from_pem(pem.as_bytes()).expect("two PEM blocks");
    assert_eq!(both.len(), 2);
    assert_eq!(both.first(), Some(&cert));
    assert!(matches!(
        Certificate::from_der_or_pem(pem.as_bytes()),
        Err(Error::BadPem(_))
    ));
    assert_eq!(
        Certificate::from_der_or_pem(root.to_pem().as_bytes()),
        Ok(cert)
    );
}

#[test]
fn ecdsa_p256_certificates() {
    let ca = TestCa::builder(12)
        .key_type(crate::testkit::KeyType::EcdsaP256)
        .build();
    let spec = HolderSpec::example().with_key_type(crate::testkit::KeyType::EcdsaP256);
    let cert = ca.issue_signing(&spec).certificate();
    assert_eq!(cert.key_algorithm(), KeyAlgorithm::EcdsaP256);
    assert_eq!(cert.signature_algorithm(), SignatureAlgorithm::EcdsaSha256);
}

#[test]
fn rejects_truncation_at_every_length() {
    let der = ca().issue_signing(&HolderSpec::example()).der;
    for len in 0..der.len() {
        let r = Certificate::from_der(der.get(..len).unwrap_or_default());
        assert!(
            r.is_err(),
            "accepted a certificate truncated to {len} bytes"
        );
    }
    assert_eq!(
        bad_der(Certificate::from_der(
            der.get(..der.len() - 1).unwrap_or_default()
        )),
        DerProblem::Truncated
    );
}

#[test]
fn rejects_trailing_bytes() {
    let mut der = ca().issue_signing(&HolderSpec::example()).der;
    der.push(0);
    assert_eq!(
        bad_der(Certificate::from_der(&der)),
        DerProblem::TrailingData
    );
}

#[test]
fn rejects_indefinite_length() {
    let der = ca().issue_signing(&HolderSpec::example()).der;
    // Outer header is 30 82 hi lo: re-encode as 30 80 ... 00 00 (BER).
    assert_eq!(der.get(..2), Some(&[0x30, 0x82][..]));
    let mut ber = vec![0x30, 0x80];
    ber.extend_from_slice(der.get(4..).unwrap_or_default());
    ber.extend_from_slice(&[0, 0]);
    assert_eq!(
        bad_der(Certificate::from_der(&ber)),
        DerProblem::IndefiniteLength
    );
}

#[test]
fn rejects_non_minimal_length() {
    let der = ca().issue_signing(&HolderSpec::example()).der;
    // 30 82 hi lo  ->  30 83 00 hi lo
    let mut long = vec![0x30, 0x83, 0x00];
    long.extend_from_slice(der.get(2..).unwrap_or_default());
    assert_eq!(
        bad_der(Certificate::from_der(&long)),
        DerProblem::NonCanonical
    );
}

#[test]
fn rejects_negative_serial() {
    let (ca, mut t) = template();
    t.serial = vec![0x80, 0x01];
    assert_eq!(
        Certificate::from_der(&ca.sign_template(&t)),
        Err(Error::NegativeSerial)
    );
}

#[test]
fn rejects_zero_serial() {
    let (ca, mut t) = template();
    t.serial = vec![0x00];
    assert_eq!(
        Certificate::from_der(&ca.sign_template(&t)),
        Err(Error::ZeroSerial)
    );
}

#[test]
fn serial_length_limit() {
    let (ca, mut t) = template();
    t.serial = vec![0x01; 21];
    assert_eq!(
        Certificate::from_der(&ca.sign_template(&t)),
        Err(Error::SerialTooLong(21))
    );
    t.serial = vec![0x7f; 20];
    let cert = Certificate::from_der(&ca.sign_template(&t)).expect("20 octets is allowed");
    assert_eq!(cert.serial().as_bytes(), &[0x7f; 20]);
}

#[test]
fn rejects_versions_other_than_3() {
    let (ca, mut t) = template();
    t.version = 1;
    t.extensions.clear();
    assert_eq!(
        Certificate::from_der(&ca.sign_template(&t)),
        Err(Error::UnsupportedVersion(1))
    );
    t.version = 2;
    assert_eq!(
        Certificate::from_der(&ca.sign_template(&t)),
        Err(Error::UnsupportedVersion(2))
    );
    t.version = 4;
    assert_eq!(
        Certificate::from_der(&ca.sign_template(&t)),
        Err(Error::UnsupportedVersion(4))
    );
}

#[test]
fn rejects_duplicate_extension() {
    let (ca, mut t) = template();
    let dup = t.extensions.first().cloned().expect("has extensions");
    t.extensions.push(dup);
    assert_eq!(
        Certificate::from_der(&ca.sign_template(&t)),
        Err(Error::DuplicateExtension("2.5.29.15".into()))
    );
}

#[test]
fn unknown_extensions_critical_or_not() {
    let (ca, mut t) = template();
    let unknown = TemplateExtension {
        oid: "1.3.6.1.4.1.99999.1".parse().expect("oid"),
        critical: false,
        value: vec![0x05, 0x00],
    };
    t.extensions.push(unknown.clone());
    assert!(
        Certificate::from_der(&ca.sign_template(&t)).is_ok(),
        "non-critical unknown is ignored"
    );
    if let Some(last) = t.extensions.last_mut() {
        last.critical = true;
    }
    assert_eq!(
        Certificate::from_der(&ca.sign_template(&t)),
        Err(Error::UnknownCriticalExtension(
            "1.3.6.1.4.1.99999.1".into()
        ))
    );
}

#[test]
fn rejects_invalid_utf8_in_a_name() {
    let (ca, mut t) = template();
    t.subject = encode_name_raw(crate::oids::AT_COMMON_NAME, 0x0c, &[0x41, 0xff, 0xfe]);
    assert_eq!(
        Certificate::from_der(&ca.sign_template(&t)),
        Err(Error::BadNameString {
            string_type: crate::NameString::Utf8String
        })
    );
    t.subject = encode_name_raw(crate::oids::AT_COUNTRY, 0x13, b"J@");
    assert_eq!(
        Certificate::from_der(&ca.sign_template(&t)),
        Err(Error::BadNameString {
            string_type: crate::NameString::PrintableString
        })
    );
}

#[test]
fn rejects_malformed_known_extensions() {
    let (ca, t) = template();
    let cases: [(&str, Vec<u8>, bool); 4] = [
        ("2.5.29.15", vec![0x03, 0x02, 0x07, 0x00], true), // keyUsage with no bit set
        ("2.5.29.19", vec![0x30, 0x03, 0x02, 0x01, 0x00], true), // pathLen without cA
        ("2.5.29.32", vec![0x30, 0x00], true),             // empty policies
        ("2.5.29.35", vec![0x04, 0x01, 0x00], false),      // AKI not a SEQUENCE
    ];
    for (oid, value, critical) in cases {
        let mut t = t.clone();
        t.extensions.retain(|e| e.oid.to_string() != oid);
        t.extensions.push(TemplateExtension {
            oid: oid.parse().expect("oid"),
            critical,
            value,
        });
        match Certificate::from_der(&ca.sign_template(&t)) {
            Err(Error::BadExtension { oid: got, .. }) => assert_eq!(got, oid),
            other => panic!("{oid}: expected BadExtension, got {other:?}"),
        }
    }
}

#[test]
fn rejects_signature_algorithm_mismatch() {
    let (ca, t) = template();
    let tbs = t.tbs_der(&ca.signing_root().private_key);
    let sig = ca.signing_root().private_key.sign(&tbs);
    // Outer algorithm: ecdsa-with-SHA256 while the TBS says sha256WithRSAEncryption.
    let ecdsa_alg = [
        0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02,
    ];
    let der = crate::testkit::assemble(&tbs, &ecdsa_alg, &sig);
    assert_eq!(
        Certificate::from_der(&der),
        Err(Error::SignatureAlgorithmMismatch)
    );
}

#[test]
fn rejects_explicit_default_critical_false() {
    // Extensions ::= SEQUENCE { SEQUENCE { subjectKeyIdentifier, BOOLEAN FALSE, OCTET STRING } }:
    // DER forbids encoding the DEFAULT value.
    let ext_list = [
        0x30, 0x0d, 0x30, 0x0b, 0x06, 0x03, 0x55, 0x1d, 0x0e, 0x01, 0x01, 0x00, 0x04, 0x01, 0x00,
    ];
    assert!(matches!(
        extensions::for_each::<8>(&ext_list, crate::DerContext::Extensions, |_| Ok(())),
        Err(Error::BadExtension {
            reason: crate::ExtensionProblem::CriticalFalseEncoded,
            ..
        })
    ));
    // The same list with critical TRUE is well-formed.
    let mut critical = ext_list;
    critical[11] = 0xff;
    assert!(
        extensions::for_each::<8>(&critical, crate::DerContext::Extensions, |_| Ok(())).is_ok()
    );
}

#[test]
fn size_limit() {
    let big = vec![0u8; MAX_CERTIFICATE_SIZE + 1];
    assert!(matches!(
        Certificate::from_der(&big),
        Err(Error::TooLarge { .. })
    ));
}

#[test]
fn criticality_rules_of_rfc5280() {
    // policyConstraints: non-critical breaks §4.2.1.11; critical is refused because policy
    // processing is not implemented (fail closed).
    let (ca, mut t) = template();
    t.extensions.push(TemplateExtension {
        oid: oids::POLICY_CONSTRAINTS,
        critical: false,
        value: vec![0x30, 0x03, 0x80, 0x01, 0x00],
    });
    assert!(matches!(
        Certificate::from_der(&ca.sign_template(&t)),
        Err(Error::BadExtension {
            reason: crate::ExtensionProblem::PolicyConstraintsNotCritical,
            ..
        })
    ));
    if let Some(last) = t.extensions.last_mut() {
        last.critical = true;
    }
    assert_eq!(
        Certificate::from_der(&ca.sign_template(&t)),
        Err(Error::UnknownCriticalExtension("2.5.29.36".into()))
    );
    // authorityInfoAccess must not be critical (§4.2.2.1).
    let (ca, mut t) = template();
    t.extensions.push(TemplateExtension {
        oid: oids::AUTHORITY_INFO_ACCESS,
        critical: true,
        // SEQUENCE { SEQUENCE { id-ad-ocsp, [6] "http://o" } }
        value: vec![
            0x30, 0x16, 0x30, 0x14, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01,
            0x86, 0x08, b'h', b't', b't', b'p', b':', b'/', b'/', b'o',
        ],
    });
    assert!(matches!(
        Certificate::from_der(&ca.sign_template(&t)),
        Err(Error::BadExtension {
            reason: crate::ExtensionProblem::AiaCritical,
            ..
        })
    ));
    if let Some(last) = t.extensions.last_mut() {
        last.critical = false;
    }
    let cert = Certificate::from_der(&ca.sign_template(&t)).expect("non-critical AIA");
    assert_eq!(cert.authority_info_access().len(), 1);
}

#[test]
fn authority_key_identifier_rules_are_shared_with_crls() {
    // One decoder for certificates and CRLs: the keyIdentifier, or a typed refusal.
    use crate::der_reader::Reader;
    let aki = |v: &[u8]| {
        extensions::authority_key_id(Reader::new(v)).map(|id| id.map(|t| t.value.to_vec()))
    };
    assert_eq!(
        aki(&[0x30, 0x04, 0x80, 0x02, 0xab, 0xcd]),
        Ok(Some(vec![0xab, 0xcd]))
    );
    assert_eq!(aki(&[0x30, 0x00]), Ok(None));
    // Truncated, wrong outer tag, trailing field: not DER (a CRL used to read these as "no
    // keyIdentifier").
    for bad in [
        &[0x30, 0x04, 0x80, 0x02, 0xab][..],
        &[0x31, 0x00],
        &[0x30, 0x02, 0x05, 0x00],
    ] {
        assert_eq!(aki(bad), Err(crate::ExtensionProblem::NotDer), "{bad:02x?}");
    }
    // authorityCertIssuer without authorityCertSerialNumber.
    let issuer_only = [0x30, 0x06, 0xa1, 0x04, 0x82, 0x02, b'a', b'b'];
    assert_eq!(
        aki(&issuer_only),
        Err(crate::ExtensionProblem::AkiIssuerSerialApart)
    );
}

#[test]
fn rfc4514_text_of_a_multi_valued_rdn_out_of_der_order() {
    // SEQUENCE { SET { CN=b, C=JP } }: the SET's elements are not in DER order (the C TLV sorts
    // first). The name parses (its attributes are valid) and its text is not lost.
    let cn = [0x30, 0x08, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x01, b'b'];
    let c = [
        0x30, 0x09, 0x06, 0x03, 0x55, 0x04, 0x06, 0x13, 0x02, b'J', b'P',
    ];
    let set = [&[0x31, (cn.len() + c.len()) as u8][..], &cn, &c].concat();
    let name = [&[0x30, set.len() as u8][..], &set].concat();
    let dn = DistinguishedName::parse(&name).expect("parses");
    assert_eq!(dn.to_rfc4514(), "CN=b+C=JP");
    // And the usual shape: most specific RDN first.
    let two = [&[0x30, 0x19, 0x31, 0x0b][..], &c, &[0x31, 0x0a], &cn[..]].concat();
    let dn = DistinguishedName::parse(&two).expect("parses");
    assert_eq!(dn.to_rfc4514(), "CN=b,C=JP");
    assert_eq!(
        dn.to_rfc4514(),
        <x509_cert::name::Name as der::Decode>::from_der(&two)
            .expect("x509")
            .to_string()
    );
}

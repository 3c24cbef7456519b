//! The typed extension view (issue 14, "parse once"): what the accessors return is what an
//! independent decoder (`x509-cert`'s derived types) reads from the same extension values, for
//! every GeneralName choice in issuerAltName, cRLDistributionPoints and authorityInfoAccess;
//! and a value the view cannot decode is refused when the certificate is parsed, never shown
//! as "none" later.

use der::{Decode, Encode};
use jpki_core::testkit::{HolderSpec, TemplateExtension, TestCa};
use jpki_core::{AccessDescription, Certificate, Error, GeneralName, Oid, oids};
use x509_cert::ext::pkix;
use x509_cert::ext::pkix::name::{DistributionPointName, GeneralName as X};

/// The same name as the crate's accessors give it, from `x509-cert`'s decoding.
fn expected(g: &X) -> GeneralName {
    match g {
        X::DirectoryName(n) => GeneralName::DirectoryName(n.to_string()),
        X::UniformResourceIdentifier(s) => GeneralName::Uri(s.to_string()),
        X::DnsName(s) => GeneralName::Dns(s.to_string()),
        X::Rfc822Name(s) => GeneralName::Email(s.to_string()),
        X::IpAddress(o) => GeneralName::IpAddress(o.as_bytes().to_vec()),
        X::OtherName(o) => GeneralName::OtherName(Oid::from(o.type_id)),
        X::RegisteredId(o) => GeneralName::RegisteredId(Oid::from(*o)),
        X::EdiPartyName(_) => GeneralName::EdiPartyName,
    }
}

fn ia5(s: &str) -> der::asn1::Ia5String {
    der::asn1::Ia5String::new(s).expect("ASCII")
}

/// Every GeneralName choice the crate reads (x400Address aside, which x509-cert keeps opaque).
fn all_choices() -> Vec<X> {
    let name = x509_cert::name::Name::from_der(
        TestCa::new(1)
            .signing_root()
            .certificate()
            .subject()
            .as_der(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    vec![
        X::UniformResourceIdentifier(ia5("http://crl.example/jpki.crl")),
        X::DnsName(ia5("ocsp.example")),
        X::Rfc822Name(ia5("ca@example.jp")),
        X::IpAddress(der::asn1::OctetString::new(vec![192, 0, 2, 1]).expect("ip")),
        X::RegisteredId("1.2.392.200149.8.5.1".parse().expect("oid")),
        X::DirectoryName(name),
    ]
}

fn with_extension(oid: Oid, value: Vec<u8>) -> Result<Certificate, Error> {
    let ca = TestCa::new(1);
    let mut t = ca.signing_template(&HolderSpec::example());
    t.extensions.retain(|e| e.oid != oid);
    t.extensions.push(TemplateExtension {
        oid,
        critical: false,
        value,
    });
    Certificate::from_der(&ca.sign_template(&t))
}

#[test]
fn issuer_alt_names_equal_an_independent_decoder() {
    let names = all_choices();
    let value = pkix::IssuerAltName(names.clone()).to_der().expect("encode");
    let cert = with_extension(oids::ISSUER_ALT_NAME, value).expect("parses");
    let want: Vec<_> = names.iter().map(expected).collect();
    assert_eq!(cert.issuer_alt_names(), want);
}

#[test]
fn crl_distribution_points_equal_an_independent_decoder() {
    let names = all_choices();
    // Two distribution points, each with a fullName of three names, and one with none.
    let dp = |names: &[X]| pkix::crl::dp::DistributionPoint {
        distribution_point: Some(DistributionPointName::FullName(names.to_vec())),
        reasons: None,
        crl_issuer: None,
    };
    let empty = pkix::crl::dp::DistributionPoint {
        distribution_point: None,
        reasons: None,
        crl_issuer: None,
    };
    let value = pkix::CrlDistributionPoints(vec![dp(&names[..3]), empty, dp(&names[3..])])
        .to_der()
        .expect("encode");
    let cert = with_extension(oids::CRL_DISTRIBUTION_POINTS, value.clone()).expect("parses");
    let decoded = pkix::CrlDistributionPoints::from_der(&value).expect("decode");
    let want: Vec<_> = decoded
        .0
        .iter()
        .filter_map(|dp| match &dp.distribution_point {
            Some(DistributionPointName::FullName(n)) => Some(n),
            _ => None,
        })
        .flatten()
        .map(expected)
        .collect();
    assert_eq!(want.len(), names.len());
    assert_eq!(cert.crl_distribution_points(), want);
}

#[test]
fn authority_info_access_equals_an_independent_decoder() {
    let ocsp: der::asn1::ObjectIdentifier = "1.3.6.1.5.5.7.48.1".parse().expect("oid");
    let ca_issuers: der::asn1::ObjectIdentifier = "1.3.6.1.5.5.7.48.2".parse().expect("oid");
    let entries: Vec<_> = all_choices()
        .into_iter()
        .enumerate()
        .map(|(i, location)| pkix::AccessDescription {
            access_method: if i % 2 == 0 { ocsp } else { ca_issuers },
            access_location: location,
        })
        .collect();
    let value = pkix::AuthorityInfoAccessSyntax(entries.clone())
        .to_der()
        .expect("encode");
    let cert = with_extension(oids::AUTHORITY_INFO_ACCESS, value).expect("parses");
    let want: Vec<_> = entries
        .iter()
        .map(|a| AccessDescription {
            method: Oid::from(a.access_method),
            location: expected(&a.access_location),
        })
        .collect();
    assert_eq!(cert.authority_info_access(), want);
}

#[test]
fn an_extension_the_view_cannot_decode_is_refused_at_parse_time() {
    // Each known extension with a value that is not its type: a BOOLEAN where a SEQUENCE
    // belongs, a truncated SEQUENCE, and an IA5String choice holding a non-ASCII octet.
    let truncated = vec![0x30, 0x05, 0x30, 0x03];
    let non_ascii_uri = vec![0x30, 0x05, 0x86, 0x03, b'a', 0xff, b'b'];
    for oid in [
        oids::ISSUER_ALT_NAME,
        oids::CRL_DISTRIBUTION_POINTS,
        oids::AUTHORITY_INFO_ACCESS,
        oids::AUTHORITY_KEY_IDENTIFIER,
        oids::SUBJECT_KEY_IDENTIFIER,
        oids::SUBJECT_ALT_NAME,
    ] {
        for value in [
            vec![0x01, 0x01, 0xff],
            truncated.clone(),
            non_ascii_uri.clone(),
        ] {
            let got = with_extension(oid, value.clone());
            assert!(
                matches!(got, Err(Error::BadDer { .. } | Error::BadExtension { .. })),
                "{oid} with {value:02x?}: {got:?}"
            );
        }
    }
}

#[test]
fn accessors_read_the_view_of_a_real_production_root() {
    // The six real JPKI roots parse, and each one's key identifiers are where the view says.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("roots");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).expect("roots") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "der") {
            continue;
        }
        let der = std::fs::read(&path).expect("read");
        let cert = Certificate::from_der(&der).expect("a production root parses");
        let x = x509_cert::Certificate::from_der(&der).expect("x509-cert parses it too");
        let ski = x
            .tbs_certificate()
            .get_extension::<pkix::SubjectKeyIdentifier>()
            .expect("decode")
            .map(|(_, s)| s.0.as_bytes().to_vec());
        assert_eq!(cert.subject_key_id().map(<[u8]>::to_vec), ski, "{path:?}");
        seen += 1;
    }
    assert_eq!(seen, 6);
}

#[test]
fn a_basic_four_item_with_a_broken_string_is_refused_whatever_the_profile() {
    // SAN { otherName 1.2.392.200149.8.5.5.6 [0] BMPString of one octet }: an odd-length
    // BMPString is not a string. The parse refuses it, so that no profile (RFC 5280 ones never
    // ask for the basic four items) sees the certificate as well-formed. Found by the OpenSSL
    // differential suite while the otherNames were being moved into the typed view.
    let mut san = vec![0x30, 0x13, 0xa0, 0x11, 0x06, 0x0a];
    san.extend_from_slice(oids::JLIS_PERSONAL_DATA.as_bytes());
    san.push(0x06);
    san.extend_from_slice(&[0xa0, 0x03, 0x1e, 0x01, b'A']);
    assert_eq!(san.len(), 0x15);
    let got = with_extension(oids::SUBJECT_ALT_NAME, san);
    assert!(
        matches!(
            got,
            Err(Error::BadDer {
                context: jpki_core::DerContext::OtherNameValue,
                ..
            })
        ),
        "{got:?}"
    );
}

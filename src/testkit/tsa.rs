//! A test time-stamping authority (RFC 3161): TSA certificates under their own root, and
//! tokens over data or digests, with a knob for each fault a verifier must catch.

use der::asn1::{AnyRef, GeneralizedTime, IntRef, OctetStringRef};
use der::{Encode, Tag, TagNumber};
use spki::AlgorithmIdentifierRef;

use super::cms::{CmsBuilder, TestAttribute};
use super::{HolderSpec, IssuedCert, KeyType, PrivateKey, TestCa, ext, key_id};
use crate::oid::oids;
use crate::timestamp::asn1::{
    EssCertIdV2, IssuerSerial, PkiStatusInfo, SequenceBody, SigningCertificate, TimeStampResp,
    TstInfo,
};
use crate::timestamp::oids::{CT_TST_INFO, SIGNING_CERTIFICATE_V2};
use crate::{DigestAlgorithm, KeyUsage, Oid, SerialNumber, UnixTime};

/// The policy the test TSA stamps under (a private test arc).
///
/// ```
/// use jpki_core::testkit::TEST_TSA_POLICY;
/// assert_eq!(TEST_TSA_POLICY.to_string(), "1.3.6.1.4.1.99999.3161.1");
/// ```
pub const TEST_TSA_POLICY: Oid = Oid::new("1.3.6.1.4.1.99999.3161.1");

fn must<T>(r: der::Result<T>) -> T {
    r.unwrap_or_else(|e| panic!("testkit: {e}"))
}

/// Every field of a TSTInfo, raw where a test may want to break it.
///
/// ```
/// use jpki_core::{DigestAlgorithm, TstInfo, UnixTime, testkit::TstInfoSpec};
/// let mut spec = TstInfoSpec::new(DigestAlgorithm::Sha256, vec![1; 32], UnixTime::from_unix_seconds(1_800_000_000));
/// spec.version = 2;
/// assert!(TstInfo::from_der(&spec.to_der()).is_err());
/// ```
#[derive(Clone, Debug)]
pub struct TstInfoSpec {
    /// version (1).
    pub version: u8,
    /// policy.
    pub policy: Oid,
    /// messageImprint's hashAlgorithm.
    pub hash: DigestAlgorithm,
    /// messageImprint's hashedMessage.
    pub hashed_message: Vec<u8>,
    /// serialNumber's INTEGER content octets.
    pub serial: Vec<u8>,
    /// genTime.
    pub gen_time: UnixTime,
    /// genTime's characters instead of `gen_time` (fractions, bad forms).
    pub gen_time_text: Option<String>,
    /// accuracy (seconds, millis, micros), each omitted when `None`.
    pub accuracy: Option<(Option<u32>, Option<u16>, Option<u16>)>,
    /// ordering, encoded when `Some` (DER omits FALSE).
    pub ordering: Option<bool>,
    /// nonce's INTEGER content octets.
    pub nonce: Option<Vec<u8>>,
    /// extensions' contents octets (each a DER Extension), when `Some`.
    pub extensions: Option<Vec<u8>>,
}

impl TstInfoSpec {
    /// A valid TSTInfo stamping `hashed_message` at `gen_time`, serial 1, [`TEST_TSA_POLICY`].
    ///
    /// ```
    /// use jpki_core::{DigestAlgorithm, TstInfo, UnixTime, testkit::TstInfoSpec};
    /// let spec = TstInfoSpec::new(DigestAlgorithm::Sha384, vec![1; 48], UnixTime::from_unix_seconds(1_800_000_000));
    /// assert_eq!(TstInfo::from_der(&spec.to_der())?.hash_algorithm(), DigestAlgorithm::Sha384);
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn new(hash: DigestAlgorithm, hashed_message: Vec<u8>, gen_time: UnixTime) -> Self {
        Self {
            version: 1,
            policy: TEST_TSA_POLICY,
            hash,
            hashed_message,
            serial: vec![1],
            gen_time,
            gen_time_text: None,
            accuracy: None,
            ordering: None,
            nonce: None,
            extensions: None,
        }
    }

    /// The DER TSTInfo.
    ///
    /// ```
    /// use jpki_core::{DigestAlgorithm, UnixTime, testkit::TstInfoSpec};
    /// let der = TstInfoSpec::new(DigestAlgorithm::Sha256, vec![1; 32], UnixTime::from_unix_seconds(1_800_000_000)).to_der();
    /// assert_eq!(der[0], 0x30);
    /// ```
    pub fn to_der(&self) -> Vec<u8> {
        let text = self.gen_time_text.clone().unwrap_or_else(|| {
            let t = must(GeneralizedTime::from_unix_duration(
                core::time::Duration::from_secs(self.gen_time.as_unix_seconds()),
            ));
            let der = must(t.to_der());
            String::from_utf8_lossy(der.get(2..).unwrap_or_default()).into_owned()
        });
        let version = [self.version];
        let null = [0x05u8, 0x00];
        let params = must(<AnyRef as der::Decode>::from_der(&null));
        let nonce = self.nonce.clone();
        let tst = TstInfo {
            version: must(IntRef::new(&version)),
            policy: self.policy.0,
            message_imprint: crate::timestamp::asn1::MessageImprint {
                hash_algorithm: AlgorithmIdentifierRef {
                    oid: self.hash.oid().0,
                    parameters: Some(params),
                },
                hashed_message: must(OctetStringRef::new(&self.hashed_message)),
            },
            serial_number: must(IntRef::new(&self.serial)),
            gen_time: crate::timestamp::asn1::GenTime(text.as_bytes()),
            accuracy: self.accuracy.map(|(seconds, millis, micros)| {
                crate::timestamp::asn1::Accuracy {
                    seconds,
                    millis,
                    micros,
                }
            }),
            ordering: self.ordering,
            nonce: nonce.as_deref().map(|n| must(IntRef::new(n))),
            tsa: None,
            extensions: self.extensions.as_deref().map(SequenceBody),
        };
        must(tst.to_der())
    }
}

/// A fault the test TSA puts in its certificate or tokens.
///
/// ```
/// use jpki_core::testkit::TsaFault;
/// assert_ne!(TsaFault::EkuNotCritical, TsaFault::NoEku);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TsaFault {
    /// The TSA certificate has no extendedKeyUsage.
    NoEku,
    /// extendedKeyUsage id-kp-timeStamping, not critical.
    EkuNotCritical,
    /// extendedKeyUsage critical, with id-kp-clientAuth besides id-kp-timeStamping.
    EkuNotExclusive,
    /// No signing-certificate(-v2) signed attribute.
    NoSigningCertificate,
    /// signing-certificate-v2 names another certificate (the root) by hash.
    SigningCertificateOther,
    /// signing-certificate-v2 with the right hash and an issuerSerial of another serial.
    IssuerSerialOther,
    /// [`TestTsa::respond`] puts another nonce in the token than the request's.
    WrongNonce,
    /// [`TestTsa::respond`] stamps under another policy than the one requested (or than
    /// [`TEST_TSA_POLICY`] when none was).
    WrongPolicy,
    /// [`TestTsa::respond`] stamps another digest than the request's.
    WrongImprint,
    /// [`TestTsa::respond`] answers rejection with failInfo badRequest.
    Rejection,
    /// [`TestTsa::respond`] leaves its certificate out even when certReq asks for it.
    IgnoreCertReq,
}

/// A test TSA: a root of its own (so its anchors are never the JPKI ones) and a TSA
/// certificate with critical extendedKeyUsage id-kp-timeStamping, valid 2026 to 2036.
///
/// ```
/// use jpki_core::{TimestampToken, UnixTime, testkit::{KeyType, TestTsa}};
/// let tsa = TestTsa::with_key_type(1, KeyType::EcdsaP384);
/// let token = TimestampToken::from_der(&tsa.stamp_data(b"x", UnixTime::from_unix_seconds(1_800_000_000)))?;
/// assert_eq!(token.signed_data().certificates()[0], tsa.certificate().certificate());
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct TestTsa {
    ca: TestCa,
    cert: IssuedCert,
    fault: Option<TsaFault>,
}

impl TestTsa {
    /// An RSA-2048 TSA, deterministic from `seed`.
    ///
    /// ```
    /// use jpki_core::testkit::TestTsa;
    /// assert_eq!(TestTsa::new(1).certificate().der, TestTsa::new(1).certificate().der);
    /// ```
    pub fn new(seed: u64) -> Self {
        Self::build(seed, KeyType::Rsa2048, None)
    }

    /// A TSA whose certificate's key is of `key_type` (under an RSA root).
    ///
    /// ```
    /// use jpki_core::{KeyAlgorithm, testkit::{KeyType, TestTsa}};
    /// let tsa = TestTsa::with_key_type(1, KeyType::EcdsaP384);
    /// assert!(matches!(tsa.certificate().certificate().key_algorithm(), KeyAlgorithm::EcdsaP384));
    /// ```
    pub fn with_key_type(seed: u64, key_type: KeyType) -> Self {
        Self::build(seed, key_type, None)
    }

    /// An RSA TSA with `fault`.
    ///
    /// ```
    /// use jpki_core::testkit::{TestTsa, TsaFault};
    /// let tsa = TestTsa::with_fault(1, TsaFault::NoEku);
    /// assert!(tsa.certificate().certificate().extended_key_usage().is_none());
    /// ```
    pub fn with_fault(seed: u64, fault: TsaFault) -> Self {
        Self::build(seed, KeyType::Rsa2048, Some(fault))
    }

    fn build(seed: u64, key_type: KeyType, fault: Option<TsaFault>) -> Self {
        // A seed of its own, so that `TestCa::new(seed)` (the JPKI side of a test) never
        // shares the TSA's root. The root is RSA (the generation valid from 2026); the TSA's
        // own key is of `key_type`.
        let ca = TestCa::new(seed ^ 0x3161_3161_3161_3161);
        let key = PrivateKey::generate(key_type, seed, "tsa");
        let spki = key.public_key_der();
        let root = ca.signing_root();
        let root_cert = root.certificate();
        let mut template = ca.signing_template(&HolderSpec::example());
        let serial = SerialNumber::from_u64(3161).unwrap_or_else(|e| panic!("{e}"));
        template.serial = serial.to_der_integer_content();
        template.subject = super::encode_name(&[
            (oids::AT_COUNTRY, super::StringType::Printable, "JP"),
            (
                oids::AT_ORGANIZATION,
                super::StringType::Printable,
                "jpki-core test TSA",
            ),
            (oids::AT_COMMON_NAME, super::StringType::Utf8, "Test TSA"),
        ]);
        template.not_before = UnixTime::from_unix_seconds(1_767_225_600); // 2026-01-01
        template.not_after = UnixTime::from_unix_seconds(2_082_758_400); // 2036-01-01
        template.spki = spki.clone();
        let stamping = [0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x08];
        let client_auth = [0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02];
        let eku = |oids: &[&[u8]]| {
            let body = oids.concat();
            let mut der = vec![0x30, u8::try_from(body.len()).unwrap_or(0)];
            der.extend(body);
            der
        };
        let mut extensions = vec![
            ext::key_usage(KeyUsage::DIGITAL_SIGNATURE | KeyUsage::NON_REPUDIATION),
            ext::subject_key_id(&key_id(&spki)),
            ext::authority_key_id(&key_id(root_cert.spki_der())),
        ];
        match fault {
            Some(TsaFault::NoEku) => {}
            Some(TsaFault::EkuNotCritical) => {
                extensions.push(ext::ext(oids::EXTENDED_KEY_USAGE, false, eku(&[&stamping])))
            }
            Some(TsaFault::EkuNotExclusive) => extensions.push(ext::ext(
                oids::EXTENDED_KEY_USAGE,
                true,
                eku(&[&stamping, &client_auth]),
            )),
            _ => extensions.push(ext::ext(oids::EXTENDED_KEY_USAGE, true, eku(&[&stamping]))),
        }
        template.extensions = extensions;
        let der = ca.sign_template(&template);
        Self {
            ca,
            cert: IssuedCert {
                der,
                serial,
                private_key: key,
            },
            fault,
        }
    }

    /// The TSA's root (the trust anchor a relying party configures for this TSA).
    ///
    /// ```
    /// use jpki_core::testkit::TestTsa;
    /// let tsa = TestTsa::new(1);
    /// assert!(tsa.certificate().certificate().issuer().matches(&tsa.root().certificate().subject()));
    /// ```
    pub fn root(&self) -> &IssuedCert {
        self.ca.signing_root()
    }

    /// A CRL (DER) of the TSA's root, as `spec` says (`CrlSpec::signing(at)`: the root's CRL
    /// at `at`; `.revoke(tsa.certificate().serial, …)` revokes the TSA).
    ///
    /// ```
    /// use jpki_core::{Crl, UnixTime, testkit::{CrlSpec, TestTsa}};
    /// let at = UnixTime::from_unix_seconds(1_800_000_000);
    /// let der = TestTsa::new(1).issue_crl(&CrlSpec::signing(at));
    /// let crl = Crl::from_der(&der)?;
    /// assert_eq!(crl.this_update(), at);
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn issue_crl(&self, spec: &super::CrlSpec) -> Vec<u8> {
        self.ca.issue_crl(spec)
    }

    /// The TSA certificate.
    ///
    /// ```
    /// use jpki_core::testkit::TestTsa;
    /// let tsa = TestTsa::new(1);
    /// assert_eq!(tsa.certificate().certificate().extended_key_usage().map(<[_]>::len), Some(1));
    /// ```
    pub fn certificate(&self) -> &IssuedCert {
        &self.cert
    }

    /// A token (DER ContentInfo) over `data`'s SHA-256 digest at `gen_time`.
    ///
    /// ```
    /// use jpki_core::{TimestampToken, UnixTime, testkit::TestTsa};
    /// let der = TestTsa::new(1).stamp_data(b"x", UnixTime::from_unix_seconds(1_800_000_000));
    /// assert!(TimestampToken::from_der(&der).is_ok());
    /// ```
    pub fn stamp_data(&self, data: &[u8], gen_time: UnixTime) -> Vec<u8> {
        let digest = DigestAlgorithm::Sha256
            .digest(data)
            .unwrap_or_else(|| panic!("testkit: SHA-256"));
        self.stamp(&TstInfoSpec::new(DigestAlgorithm::Sha256, digest, gen_time))
    }

    /// A token (DER ContentInfo) with the TSTInfo `spec`, signed with SHA-256 (SHA-384 for a
    /// P-384 key) and carrying the TSA certificate.
    ///
    /// ```
    /// use jpki_core::{DigestAlgorithm, TimestampToken, UnixTime, testkit::{TestTsa, TstInfoSpec}};
    /// let mut spec = TstInfoSpec::new(DigestAlgorithm::Sha256, vec![9; 32], UnixTime::from_unix_seconds(1_800_000_000));
    /// spec.nonce = Some(vec![0x42; 16]);
    /// let token = TimestampToken::from_der(&TestTsa::new(1).stamp(&spec))?;
    /// assert_eq!(token.tst_info().nonce(), Some(&[0x42u8; 16][..]));
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn stamp(&self, spec: &TstInfoSpec) -> Vec<u8> {
        self.stamp_token(spec, true)
    }

    /// Answers the DER TimeStampReq `request` (RFC 3161 §2.4.2) with a DER TimeStampResp,
    /// stamping at `gen_time` as a TSA would: the request's messageImprint and nonce, policy
    /// [`TEST_TSA_POLICY`] (another requested policy is rejected with unacceptedPolicy), the
    /// TSA certificate in the token only when certReq asks for it; a request that does not
    /// parse is rejected with badDataFormat. The `WrongNonce`, `WrongPolicy`, `WrongImprint`,
    /// `Rejection` and `IgnoreCertReq` faults break the answer.
    ///
    /// ```
    /// use jpki_core::{DigestAlgorithm, PkiFailureInfo, PkiStatus, TimestampRequest, TimestampResponse, UnixTime, testkit::TestTsa};
    /// let tsa = TestTsa::new(1);
    /// let at = UnixTime::from_unix_seconds(1_800_000_000);
    /// let request = TimestampRequest::new(DigestAlgorithm::Sha256, &[4; 32])?;
    /// let response = TimestampResponse::from_der(&tsa.respond(&request.to_der()?, at))?;
    /// assert_eq!(response.check(&request)?.tst_info().nonce(), request.nonce());
    /// let garbage = TimestampResponse::from_der(&tsa.respond(b"not a request", at))?;
    /// assert_eq!(garbage.status(), PkiStatus::Rejection);
    /// assert_eq!(garbage.fail_info(), Some(PkiFailureInfo::BAD_DATA_FORMAT));
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn respond(&self, request: &[u8], gen_time: UnixTime) -> Vec<u8> {
        // PKIStatus and PKIFailureInfo bit numbers (RFC 3161 §2.4.2).
        const GRANTED: u8 = 0;
        const REJECTION: u8 = 2;
        const BAD_REQUEST: u8 = 2;
        const BAD_DATA_FORMAT: u8 = 5;
        const UNACCEPTED_POLICY: u8 = 15;
        let Ok(request) = crate::TimestampRequest::from_der(request) else {
            return time_stamp_resp(REJECTION, Some(BAD_DATA_FORMAT), None);
        };
        if self.fault == Some(TsaFault::Rejection) {
            return time_stamp_resp(REJECTION, Some(BAD_REQUEST), None);
        }
        if request.policy().is_some_and(|p| p != TEST_TSA_POLICY) {
            return time_stamp_resp(REJECTION, Some(UNACCEPTED_POLICY), None);
        }
        let mut spec = TstInfoSpec::new(
            request.hash_algorithm(),
            request.hashed_message().to_vec(),
            gen_time,
        );
        spec.nonce = request.nonce().map(<[u8]>::to_vec);
        match self.fault {
            Some(TsaFault::WrongNonce) => {
                // Another positive INTEGER of the same length.
                if let Some(last) = spec.nonce.as_mut().and_then(|n| n.last_mut()) {
                    *last ^= 1;
                }
            }
            Some(TsaFault::WrongPolicy) => spec.policy = Oid::new("1.3.6.1.4.1.99999.3161.2"),
            Some(TsaFault::WrongImprint) => {
                if let Some(first) = spec.hashed_message.first_mut() {
                    *first ^= 0xff;
                }
            }
            _ => {}
        }
        let with_certificate = request.cert_req() && self.fault != Some(TsaFault::IgnoreCertReq);
        time_stamp_resp(
            GRANTED,
            None,
            Some(&self.stamp_token(&spec, with_certificate)),
        )
    }

    fn stamp_token(&self, spec: &TstInfoSpec, with_certificate: bool) -> Vec<u8> {
        let cert = self.cert.certificate();
        let ess = match self.fault {
            Some(TsaFault::NoSigningCertificate) => None,
            Some(TsaFault::SigningCertificateOther) => {
                Some(signing_certificate_v2(&self.root().der, &cert, None))
            }
            Some(TsaFault::IssuerSerialOther) => Some(signing_certificate_v2(
                &self.cert.der,
                &cert,
                Some(&[0x01, 0x02]),
            )),
            _ => Some(signing_certificate_v2(&self.cert.der, &cert, None)),
        };
        let digest = match self.cert.private_key.key_type() {
            KeyType::EcdsaP384 => DigestAlgorithm::Sha384,
            _ => DigestAlgorithm::Sha256,
        };
        let builder = CmsBuilder::new(spec.to_der())
            .content_type(CT_TST_INFO)
            .signer_with(&self.cert, |s| {
                s.digest = digest;
                s.extra_signed_attributes
                    .extend(ess.map(|v| TestAttribute::new(SIGNING_CERTIFICATE_V2, vec![v])));
            });
        if with_certificate {
            builder.build()
        } else {
            builder.without_certificates().build()
        }
    }
}

/// A DER TimeStampResp: PKIStatus `status`, for a refusal a statusString and the failInfo
/// with bit `fail_bit` set, and the token when given.
fn time_stamp_resp(status: u8, fail_bit: Option<u8>, token: Option<&[u8]>) -> Vec<u8> {
    let status = [status];
    let text = fail_bit.map(|_| {
        must(
            der::asn1::Utf8StringRef::new("refused by the jpki-core test TSA")
                .and_then(|s| s.to_der()),
        )
    });
    // A named bit list with one bit set: the bit's octet, and the unused bits after it.
    let fail_octets = fail_bit.map(|bit| {
        let mut octets = vec![0u8; usize::from(bit / 8) + 1];
        if let Some(last) = octets.last_mut() {
            *last = 0x80 >> (bit % 8);
        }
        (7 - bit % 8, octets)
    });
    let resp = TimeStampResp {
        status: PkiStatusInfo {
            status: must(IntRef::new(&status)),
            status_string: text.as_deref().map(SequenceBody),
            fail_info: fail_octets
                .as_ref()
                .map(|(unused, octets)| must(der::asn1::BitStringRef::new(*unused, octets))),
        },
        time_stamp_token: token.map(|t| must(<AnyRef as der::Decode>::from_der(t))),
    };
    must(resp.to_der())
}

/// SigningCertificateV2 with one ESSCertIDv2: SHA-256 (the DEFAULT, omitted) of `hashed`, and
/// an issuerSerial naming `cert`'s issuer with `serial` (default: `cert`'s).
fn signing_certificate_v2(
    hashed: &[u8],
    cert: &crate::Certificate,
    serial: Option<&[u8]>,
) -> Vec<u8> {
    let hash = DigestAlgorithm::Sha256
        .digest(hashed)
        .unwrap_or_else(|| panic!("testkit: SHA-256"));
    let directory_name = must(
        AnyRef::new(
            Tag::ContextSpecific {
                constructed: true,
                number: TagNumber(4),
            },
            cert.issuer().as_der(),
        )
        .and_then(|a| a.to_der()),
    );
    let own_serial = cert.serial().to_der_integer_content();
    let id = must(
        EssCertIdV2 {
            hash_algorithm: None,
            cert_hash: must(OctetStringRef::new(&hash)),
            issuer_serial: Some(IssuerSerial {
                issuer: SequenceBody(&directory_name),
                serial_number: must(IntRef::new(serial.unwrap_or(&own_serial))),
            }),
        }
        .to_der(),
    );
    must(
        SigningCertificate {
            certs: SequenceBody(&id),
            policies: None,
        }
        .to_der(),
    )
}

//! The object identifiers of RFC 3161, RFC 2634 and RFC 5035.

use crate::Oid;

/// id-ct-TSTInfo (RFC 3161 §2.4.2).
pub(crate) const CT_TST_INFO: Oid = crate::oids::CT_TST_INFO;
/// id-kp-timeStamping (RFC 3161 §2.3).
pub(crate) const KP_TIME_STAMPING: Oid = Oid::new("1.3.6.1.5.5.7.3.8");
/// id-aa-signingCertificate (RFC 2634 §5.4).
pub(crate) const SIGNING_CERTIFICATE: Oid = Oid::new("1.2.840.113549.1.9.16.2.12");
/// id-aa-signingCertificateV2 (RFC 5035 §3).
pub(crate) const SIGNING_CERTIFICATE_V2: Oid = Oid::new("1.2.840.113549.1.9.16.2.47");
/// id-aa-signatureTimeStampToken (RFC 3161 Appendix A).
pub(crate) const SIGNATURE_TIME_STAMP_TOKEN: Oid = Oid::new("1.2.840.113549.1.9.16.2.14");

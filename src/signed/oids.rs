//! The object identifiers of RFC 5652, RFC 5940 and the digest algorithms (RFC 5754).

use crate::Oid;

/// id-data (RFC 5652 §4).
pub(crate) const DATA: Oid = Oid::new("1.2.840.113549.1.7.1");
/// id-signedData (RFC 5652 §5.1).
pub(crate) const SIGNED_DATA: Oid = Oid::new("1.2.840.113549.1.7.2");
/// id-contentType (RFC 5652 §11.1).
pub(crate) const CONTENT_TYPE: Oid = Oid::new("1.2.840.113549.1.9.3");
/// id-messageDigest (RFC 5652 §11.2).
pub(crate) const MESSAGE_DIGEST: Oid = Oid::new("1.2.840.113549.1.9.4");
/// id-signingTime (RFC 5652 §11.3).
pub(crate) const SIGNING_TIME: Oid = Oid::new("1.2.840.113549.1.9.5");
/// id-countersignature (RFC 5652 §11.4).
pub(crate) const COUNTERSIGNATURE: Oid = Oid::new("1.2.840.113549.1.9.6");
/// id-ri-ocsp-response (RFC 5940 §3).
pub(crate) const RI_OCSP_RESPONSE: Oid = Oid::new("1.3.6.1.5.5.7.16.2");
/// id-sha1.
pub(crate) const SHA1: Oid = Oid::new("1.3.14.3.2.26");
/// id-sha256.
pub(crate) const SHA256: Oid = Oid::new("2.16.840.1.101.3.4.2.1");
/// id-sha384.
pub(crate) const SHA384: Oid = Oid::new("2.16.840.1.101.3.4.2.2");
/// id-sha512.
pub(crate) const SHA512: Oid = Oid::new("2.16.840.1.101.3.4.2.3");

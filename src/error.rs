//! The crate's one error type.
//!
//! Every way an input can be refused has its own variant, so that callers (and tests) can tell
//! *which* rule failed without parsing a message. The enum is `#[non_exhaustive]`: later releases
//! add variants for new checks without a breaking change.

use core::fmt;

/// What was wrong with the DER encoding of an object.
///
/// This is the crate's own summary of the `der` crate's error kinds, so that the public API does
/// not depend on the version of `der` in use.
///
/// ```
/// use jpki_core::{Certificate, DerProblem, Error};
/// // A certificate SEQUENCE followed by a stray byte.
/// let err = Certificate::from_der(&[0x30, 0x00, 0x00]).unwrap_err();
/// assert!(matches!(err, Error::BadDer { problem: DerProblem::TrailingData | DerProblem::InvalidValue | DerProblem::Truncated | DerProblem::UnexpectedTag, .. }));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DerProblem {
    /// The input ended before the object did.
    Truncated,
    /// Bytes follow the end of the outermost object.
    TrailingData,
    /// A BER indefinite length (`0x80`) was used; DER requires definite lengths.
    IndefiniteLength,
    /// A length or value was not encoded in its one canonical (minimal) DER form, or a length
    /// is impossible for its type.
    NonCanonical,
    /// A tag other than the one the structure requires.
    UnexpectedTag,
    /// A value with the right tag but an impossible content (e.g. a malformed OID or time).
    InvalidValue,
    /// Any other encoding fault.
    Other,
}

impl fmt::Display for DerProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Truncated => "input is truncated",
            Self::TrailingData => "trailing data after the object",
            Self::IndefiniteLength => "indefinite length (BER) is not DER",
            Self::NonCanonical => "non-canonical (non-minimal) encoding",
            Self::UnexpectedTag => "unexpected tag",
            Self::InvalidValue => "invalid value",
            Self::Other => "malformed encoding",
        })
    }
}

impl DerProblem {
    pub(crate) fn from_der(err: &der::Error) -> Self {
        use der::ErrorKind as K;
        match err.kind() {
            K::Incomplete { .. } => Self::Truncated,
            K::TrailingData { .. } => Self::TrailingData,
            K::IndefiniteLength => Self::IndefiniteLength,
            // `der` reports a non-minimal length in a header as a `Length` error.
            K::Noncanonical { .. } | K::Overlength | K::SetOrdering | K::Length { .. } => {
                Self::NonCanonical
            }
            K::TagUnexpected { .. } | K::TagUnknown { .. } | K::TagNumberInvalid => {
                Self::UnexpectedTag
            }
            K::Value { .. } | K::OidMalformed | K::DateTime | K::Utf8(_) => Self::InvalidValue,
            _ => Self::Other,
        }
    }
}

/// Declares a typed reason enum: `#[non_exhaustive]`, `Copy`, one sentence per rule for
/// `Display` (the sentence the crate printed when the reason was free text), and, for the
/// tests, the list of every reason.
macro_rules! reasons {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $msg:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(match self {
                    $( Self::$variant => $msg, )+
                })
            }
        }

        #[cfg(test)]
        impl $name {
            /// Every reason, so that a test can walk them all.
            pub(crate) const ALL: &'static [Self] = &[$( Self::$variant ),+];
        }
    };
}

reasons! {
    /// Which structure was being decoded when the DER was refused ([`Error::BadDer`]); its
    /// `Display` is the structure's name.
    ///
    /// ```
    /// use jpki_core::{Certificate, DerContext, Error};
    /// let refused = Certificate::from_der(&[0x30, 0x03, 0x02, 0x01]);
    /// assert!(matches!(refused, Err(Error::BadDer { context: DerContext::Certificate, .. })));
    /// assert_eq!(DerContext::SubjectAltName.to_string(), "subjectAltName");
    /// ```
    pub enum DerContext {
        /// A certificate.
        Certificate => "certificate",
        /// The TBSCertificate of a certificate.
        TbsCertificate => "TBSCertificate",
        /// A certificate's serialNumber.
        SerialNumber => "serialNumber",
        /// A signature algorithm or value.
        Signature => "signature",
        /// A certificate's outer signatureAlgorithm.
        SignatureAlgorithm => "signatureAlgorithm",
        /// A certificate's validity.
        Validity => "validity",
        /// A certificate's extension list.
        Extensions => "extensions",
        /// One extension's value.
        Extension => "extension",
        /// subjectAltName.
        SubjectAltName => "subjectAltName",
        /// issuerAltName.
        IssuerAltName => "issuerAltName",
        /// authorityKeyIdentifier's authorityCertIssuer.
        AuthorityCertIssuer => "authorityCertIssuer",
        /// authorityInfoAccess.
        AuthorityInfoAccess => "authorityInfoAccess",
        /// cRLDistributionPoints.
        CrlDistributionPoints => "cRLDistributionPoints",
        /// The value of an otherName.
        OtherNameValue => "otherName value",
        /// A distinguished name.
        DistinguishedName => "distinguished name",
        /// A subjectPublicKeyInfo.
        SubjectPublicKeyInfo => "subjectPublicKeyInfo",
        /// The subjectPublicKey BIT STRING.
        SubjectPublicKey => "subjectPublicKey",
        /// An RSAPublicKey.
        RsaPublicKey => "RSA public key",
        /// The parameters of an RSA key's algorithm.
        RsaKeyParameters => "RSA key parameters",
        /// The parameters (named curve) of an EC key.
        EcKeyParameters => "EC key parameters",
        /// A serial number given in decimal.
        DecimalSerial => "decimal serial number",
        /// A serial number given in hexadecimal.
        HexSerial => "hexadecimal serial number",
        /// An object identifier.
        ObjectIdentifier => "object identifier",
        /// An RFC 3339 time string.
        Rfc3339Time => "RFC 3339 time",
        /// A CRL.
        Crl => "CRL",
        /// The TBSCertList of a CRL.
        TbsCertList => "TBSCertList",
        /// A CRL's extension list.
        CrlExtensions => "CRL extensions",
        /// One CRL entry.
        CrlEntry => "CRL entry",
        /// A CRL's revokedCertificates.
        CrlEntries => "CRL entries",
        /// A CRL entry's extension list.
        CrlEntryExtensions => "CRL entry extensions",
        /// A CRL's signature value.
        CrlSignature => "CRL signature",
        /// A CRL's signature algorithm.
        CrlSignatureAlgorithm => "CRL signature algorithm",
        /// An OCSPResponse.
        OcspResponse => "OCSP response",
        /// A successful OCSPResponse without responseBytes.
        OcspResponseWithoutBytes => "OCSP response (successful without responseBytes)",
        /// A BasicOCSPResponse.
        BasicOcspResponse => "BasicOCSPResponse",
        /// An OCSP ResponseData.
        ResponseData => "ResponseData",
        /// An OCSP ResponderID.
        ResponderId => "ResponderID",
        /// An OCSP CertID.
        CertId => "CertID",
        /// An OCSP response's extension list.
        OcspResponseExtensions => "OCSP response extensions",
        /// A SingleResponse's extension list.
        OcspExtensions => "OCSP extensions",
        /// An OCSP nonce.
        OcspNonce => "OCSP nonce",
        /// A certificate an OCSP response carries.
        OcspResponderCertificate => "OCSP responder certificate",
        /// An OCSP response's signature value.
        OcspSignature => "OCSP signature",
        /// An OCSP response's signature algorithm.
        OcspSignatureAlgorithm => "OCSP signature algorithm",
        /// An OCSPRequest.
        OcspRequest => "OCSP request",
        /// An OCSP request's requestExtensions, present but empty.
        OcspRequestExtensionsEmpty => "OCSP requestExtensions (empty)",
        /// A CMS ContentInfo.
        ContentInfo => "ContentInfo",
        /// A CMS SignedData.
        SignedData => "SignedData",
        /// A SignerInfo of a SignedData.
        SignerInfo => "SignerInfo",
        /// An attribute of a SignerInfo (or its values).
        CmsAttribute => "CMS attribute",
        /// A SignedData's OtherRevocationInfoFormat.
        OtherRevocationInfo => "OtherRevocationInfoFormat",
        /// An RFC 3161 TSTInfo.
        TstInfo => "TSTInfo",
        /// An RFC 3161 TimeStampReq.
        TimeStampReq => "TimeStampReq",
        /// An RFC 3161 TimeStampResp (its PKIStatusInfo; the token is a SignedData).
        TimeStampResp => "TimeStampResp",
        /// A P-256 public key point.
        P256PublicKey => "P-256 public key",
        /// A P-384 public key point.
        P384PublicKey => "P-384 public key",
        /// A P-521 public key point.
        P521PublicKey => "P-521 public key",
    }
}

reasons! {
    /// Why a text was refused as PEM ([`Error::BadPem`]).
    ///
    /// ```
    /// use jpki_core::{Certificate, Error, PemProblem};
    /// let got = Certificate::from_pem(b"-----BEGIN CERTIFICATE-----\nAAAA\n");
    /// assert!(matches!(got, Err(Error::BadPem(PemProblem::BeginWithoutEnd))));
    /// ```
    pub enum PemProblem {
        /// The input is not UTF-8 text.
        NotUtf8 => "not UTF-8 text",
        /// A `-----BEGIN` line has no matching `-----END` line.
        BeginWithoutEnd => "BEGIN without END",
        /// An `-----END` line is not terminated.
        UnterminatedEnd => "unterminated END line",
        /// A block stops before its end.
        TruncatedBlock => "truncated block",
        /// A block's label or base64 body is invalid.
        InvalidBlock => "invalid PEM block",
        /// No block carries the expected label.
        NoBlockWithLabel => "no block with the expected label",
        /// A single certificate was expected, and there were none or several.
        NotOneCertificate => "expected exactly one certificate",
        /// A single CRL was expected, and there were none or several.
        NotOneCrl => "expected exactly one X509 CRL block",
        /// A single CMS SignedData was expected (`CMS` or `PKCS7` label), and there were none
        /// or several.
        NotOneSignedData => "expected exactly one CMS or PKCS7 block",
    }
}

reasons! {
    /// What was over one of the crate's size limits ([`Error::TooLarge`]).
    ///
    /// ```
    /// use jpki_core::{Certificate, Error, Limited};
    /// let huge = vec![0u8; 1 << 20];
    /// assert!(matches!(Certificate::from_der(&huge), Err(Error::TooLarge { what: Limited::Certificate, .. })));
    /// assert_eq!(Limited::Certificate.to_string(), "certificate");
    /// ```
    pub enum Limited {
        /// A certificate's DER.
        Certificate => "certificate",
        /// A CRL's DER.
        Crl => "CRL",
        /// The entries of the CRLs loaded into one index.
        CrlEntries => "CRL entries",
        /// An OCSP response's DER.
        OcspResponse => "OCSP response",
        /// An OCSP request's DER.
        OcspRequest => "OCSP request",
        /// The number of blocks in a PEM text.
        PemBlocks => "PEM block count",
        /// The number of names in one GeneralNames.
        GeneralNames => "GeneralNames",
        /// The number of extensions in one list.
        ExtensionList => "extension list",
        /// A CMS SignedData's DER.
        SignedData => "SignedData",
        /// The SignerInfos of one SignedData.
        Signers => "signerInfos",
        /// The digestAlgorithms of one SignedData.
        DigestAlgorithms => "digestAlgorithms",
        /// The certificates of one SignedData.
        SignedDataCertificates => "SignedData certificates",
        /// The revocation information (CRLs, OCSP responses) of one SignedData.
        RevocationInfos => "SignedData revocation information",
        /// The attributes of one SignerInfo's signed or unsigned set.
        Attributes => "attributes of one set",
        /// The values of one attribute.
        AttributeValues => "values of one attribute",
        /// An RFC 3161 TSTInfo's DER.
        TstInfo => "TSTInfo",
        /// The extensions of one TSTInfo.
        TstInfoExtensions => "TSTInfo extensions",
        /// The signature time-stamp tokens of one SignerInfo.
        SignatureTimestamps => "signature time-stamps of one signer",
        /// An RFC 3161 TimeStampReq's DER.
        TimestampRequest => "TimeStampReq",
        /// The extensions of one TimeStampReq.
        TimestampRequestExtensions => "TimeStampReq extensions",
        /// An RFC 3161 TimeStampResp's DER.
        TimestampResponse => "TimeStampResp",
        /// The UTF8Strings of one PKIStatusInfo's statusString.
        StatusStrings => "PKIStatusInfo statusString entries",
        /// A PDF file.
        PdfFile => "PDF file",
        /// Nesting of arrays, dictionaries or form fields in a PDF.
        PdfNesting => "PDF nesting depth",
        /// The revisions of a PDF.
        PdfRevisions => "PDF revisions",
        /// The cross-reference entries of a PDF.
        PdfXrefEntries => "PDF cross-reference entries",
        /// The objects one PDF object stream declares.
        PdfObjects => "objects of one PDF object stream",
        /// What one PDF stream decompresses to.
        PdfDecompressed => "decompressed PDF stream",
        /// What all of a PDF's cross-reference and object streams decompress to together.
        PdfDecompressedTotal => "decompressed PDF streams, all together",
        /// What the object lookups of one PDF read, all together.
        PdfParsed => "bytes read by PDF object lookups",
        /// The form fields of one PDF revision.
        PdfFields => "PDF form fields",
        /// The signatures of one PDF.
        PdfSignatures => "PDF signatures",
        /// The entries of a PDF's document security store.
        PdfDssEntries => "PDF document security store entries",
    }
}

reasons! {
    /// Why a time could not be used ([`Error::BadValidity`]).
    ///
    /// ```
    /// use jpki_core::{Error, ValidityProblem};
    /// let e = Error::BadValidity(ValidityProblem::OutOfRange);
    /// assert_eq!(e.to_string(), "bad validity: time is outside the years 1970 to 9999");
    /// ```
    pub enum ValidityProblem {
        /// A time outside what X.509 can encode.
        OutOfRange => "time is outside the years 1970 to 9999",
        /// A revocation date too late for the compact revocation index (32-bit seconds).
        RevocationDateAfter2106 => "revocation date after 2106",
    }
}

reasons! {
    /// What was wrong with a known extension ([`Error::BadExtension`]): each an RFC 5280 rule
    /// for that extension.
    ///
    /// ```
    /// use jpki_core::{Error, ExtensionProblem};
    /// let e = Error::BadExtension { oid: "2.5.29.35".into(), reason: ExtensionProblem::MustNotBeCritical };
    /// assert_eq!(e.to_string(), "malformed extension 2.5.29.35: must not be critical");
    /// ```
    pub enum ExtensionProblem {
        /// The value is not the DER of its type.
        NotDer => "not DER",
        /// A list that must hold at least one element is empty.
        Empty => "empty",
        /// `critical FALSE` was encoded (DER omits a default).
        CriticalFalseEncoded => "critical FALSE encoded explicitly (not DER)",
        /// basicConstraints encodes `cA FALSE` (DER omits a default).
        CaFalseEncoded => "cA FALSE encoded explicitly (not DER)",
        /// basicConstraints has a pathLenConstraint without cA.
        PathLenWithoutCa => "pathLenConstraint without cA",
        /// certificatePolicies names one policy twice.
        DuplicatePolicy => "a policy appears more than once",
        /// An extension that must be non-critical (authorityKeyIdentifier,
        /// subjectKeyIdentifier) is critical.
        MustNotBeCritical => "must not be critical",
        /// authorityInfoAccess is critical (RFC 5280 §4.2.2.1).
        AiaCritical => "must not be critical (RFC 5280 §4.2.2.1)",
        /// nameConstraints is not critical (RFC 5280 §4.2.1.10).
        NameConstraintsNotCritical => "must be critical (RFC 5280 §4.2.1.10)",
        /// policyConstraints is not critical (RFC 5280 §4.2.1.11).
        PolicyConstraintsNotCritical => "must be critical (RFC 5280 §4.2.1.11)",
        /// authorityKeyIdentifier has one of authorityCertIssuer and authorityCertSerialNumber.
        AkiIssuerSerialApart => "authorityCertIssuer and authorityCertSerialNumber must come together",
        /// keyUsage is not a DER BIT STRING.
        KeyUsageNotBitString => "not a DER BIT STRING",
        /// keyUsage sets a bit past decipherOnly.
        KeyUsageUnknownBit => "bit beyond decipherOnly",
        /// keyUsage sets no bit.
        KeyUsageEmpty => "no bit set",
        /// keyUsage has trailing zero bits.
        KeyUsageTrailingZeros => "trailing zero bits (not DER)",
        /// cRLNumber is not a DER INTEGER of 1 to 20 octets, or is negative.
        BadCrlNumber => "not a DER INTEGER, or negative, or longer than 20 octets",
        /// deltaCRLIndicator is not critical (RFC 5280 §5.2.4).
        DeltaCrlIndicatorNotCritical => "deltaCRLIndicator must be critical",
        /// deltaCRLIndicator's BaseCRLNumber is not a DER INTEGER of 1 to 20 octets.
        BadBaseCrlNumber => "BaseCRLNumber is not a DER INTEGER, or negative, or too long",
        /// A CRL entry's reasonCode is not a CRLReason.
        NotCrlReason => "not a CRLReason",
        /// A CRL entry's invalidityDate is not a GeneralizedTime.
        NotGeneralizedTime => "not a GeneralizedTime",
    }
}

reasons! {
    /// Which distinguished-name string was invalid ([`Error::BadNameString`]).
    ///
    /// ```
    /// use jpki_core::{Error, NameString};
    /// let e = Error::BadNameString { string_type: NameString::PrintableString };
    /// assert_eq!(e.to_string(), "invalid PrintableString in a distinguished name");
    /// ```
    pub enum NameString {
        /// A UTF8String that is not UTF-8.
        Utf8String => "UTF8String",
        /// A PrintableString with a character outside its set.
        PrintableString => "PrintableString",
        /// An IA5String with a byte over 0x7F.
        Ia5String => "IA5String",
        /// A BMPString that is not UCS-2.
        BmpString => "BMPString",
        /// An attribute value whose string type its attribute does not allow.
        WrongTypeForAttribute => "attribute value of the wrong type for its attribute",
    }
}

reasons! {
    /// Why a public key is outside the crate's key policy ([`Error::UnsupportedKey`]).
    ///
    /// ```
    /// use jpki_core::{Error, KeyRefusal};
    /// let e = Error::UnsupportedKey(KeyRefusal::RsaTooSmall);
    /// assert_eq!(e.to_string(), "unsupported key: RSA modulus smaller than 2048 bits");
    /// assert_eq!(e.check_name(), "unsupported_algorithm");
    /// ```
    pub enum KeyRefusal {
        /// An RSA modulus under 2048 bits.
        RsaTooSmall => "RSA modulus smaller than 2048 bits",
        /// An RSA modulus over 4096 bits.
        RsaTooLarge => "RSA modulus larger than 4096 bits",
        /// An even RSA modulus.
        RsaEvenModulus => "RSA modulus is even",
        /// An RSA public exponent that is even or 1.
        RsaExponentNotOddAboveOne => "RSA public exponent must be odd and greater than 1",
        /// An RSA public exponent over 64 bits.
        RsaExponentTooLarge => "RSA public exponent larger than 64 bits",
        /// An RSA modulus the backend cannot read.
        RsaModulusUnreadable => "RSA modulus",
        /// An RSA key the crypto backend refused after the crate's own checks.
        RsaRejectedByBackend => "RSA key rejected by the crypto backend",
        /// A P-256 point not on the curve.
        P256NotOnCurve => "P-256 point is not on the curve",
        /// A P-384 point not on the curve.
        P384NotOnCurve => "P-384 point is not on the curve",
        /// A P-521 point not on the curve.
        P521NotOnCurve => "P-521 point is not on the curve",
    }
}

reasons! {
    /// Which rule for CA certificates a path broke ([`Error::CaConstraints`]).
    ///
    /// ```
    /// use jpki_core::{CaConstraint, Error};
    /// let e = Error::CaConstraints(CaConstraint::NoKeyCertSign);
    /// assert_eq!(e.to_string(), "CA constraints violated: issuer keyUsage lacks keyCertSign");
    /// assert_eq!(e.check_name(), "ca_constraints");
    /// ```
    pub enum CaConstraint {
        /// A certificate that is not self-signed has no authorityKeyIdentifier.
        AkiMissing => "certificate lacks authorityKeyIdentifier (RFC 5280 §4.2.1.1)",
        /// The issuer has no basicConstraints.
        NoBasicConstraints => "issuer has no basicConstraints",
        /// The issuer's basicConstraints says cA FALSE.
        NotCa => "issuer is not a CA (cA false)",
        /// The issuer's basicConstraints is not critical.
        BasicConstraintsNotCritical => "issuer's basicConstraints is not critical",
        /// The issuer's keyUsage lacks keyCertSign.
        NoKeyCertSign => "issuer keyUsage lacks keyCertSign",
        /// The issuer has no keyUsage (the JPKI profile requires one).
        NoKeyUsage => "issuer has no keyUsage",
        /// The issuer has no subjectKeyIdentifier.
        NoSubjectKeyId => "issuer has no subjectKeyIdentifier",
        /// The issuer's subject is empty.
        EmptySubject => "issuer has an empty subject",
        /// keyCertSign on a certificate that is not a CA (RFC 5280 §4.2.1.9).
        KeyCertSignWithoutCa => "keyCertSign on a certificate that is not a CA",
        /// The CRL issuer's keyUsage lacks cRLSign.
        NoCrlSign => "CRL issuer keyUsage lacks cRLSign",
    }
}

reasons! {
    /// Which length limit a path exceeded ([`Error::PathTooLong`]).
    ///
    /// ```
    /// use jpki_core::{Error, PathLimit};
    /// let e = Error::PathTooLong(PathLimit::PathLenConstraint);
    /// assert_eq!(e.check_name(), "path_too_long");
    /// ```
    pub enum PathLimit {
        /// More intermediates than the verifier's maximum.
        VerifierMaximum => "more intermediates than the verifier allows",
        /// An issuer's pathLenConstraint.
        PathLenConstraint => "an issuer's pathLenConstraint is exceeded",
    }
}

reasons! {
    /// Why the leaf may not be used as asked ([`Error::UsageNotAllowed`]).
    ///
    /// ```
    /// use jpki_core::{Error, UsageRefusal};
    /// let e = Error::UsageNotAllowed(UsageRefusal::KeyUsage);
    /// assert_eq!(e.check_name(), "wrong_usage");
    /// ```
    pub enum UsageRefusal {
        /// certificatePolicies lacks the JPKI policy of the certificate's kind.
        NoJpkiPolicy => "certificatePolicies lacks the JPKI policy of this kind",
        /// keyUsage does not allow the usage.
        KeyUsage => "keyUsage does not allow this usage",
    }
}

reasons! {
    /// Why a certificate is not, or not consistently, a JPKI certificate of one kind
    /// ([`Error::NotJpki`], [`Error::InconsistentKind`]).
    ///
    /// ```
    /// use jpki_core::{Error, KindRefusal};
    /// let e = Error::InconsistentKind(KindRefusal::SigningWithoutNonRepudiation);
    /// assert_eq!(e.to_string(), "inconsistent JPKI certificate: a signing certificate without nonRepudiation");
    /// ```
    pub enum KindRefusal {
        /// Neither a JPKI certificate policy nor a JPKI issuer OU.
        NoJpkiSignal => "neither a JPKI certificate policy nor a JPKI issuer organisational unit",
        /// The certificate was verified under another profile than JPKI, so it has no kind.
        NotVerifiedAsJpki => "the certificate was not verified under the JPKI profile",
        /// A CA certificate without keyCertSign.
        CaWithoutKeyCertSign => "a CA certificate without keyCertSign",
        /// The policy and the issuer name name different purposes.
        PolicyIssuerDisagree => "the certificate policy and the issuer name name different purposes",
        /// An end-entity certificate without keyUsage.
        NoKeyUsage => "an end-entity certificate without keyUsage",
        /// An end-entity certificate with keyCertSign or cRLSign.
        CaKeyUsages => "an end-entity certificate with CA key usages",
        /// keyUsage lacks digitalSignature.
        NoDigitalSignature => "keyUsage lacks digitalSignature",
        /// A signing certificate without nonRepudiation.
        SigningWithoutNonRepudiation => "a signing certificate without nonRepudiation",
        /// A signing certificate without the basic four items.
        SigningWithoutBasicFour => "a signing certificate without the basic four items",
        /// A user-authentication certificate with nonRepudiation.
        AuthenticationWithNonRepudiation => "a user-authentication certificate with nonRepudiation",
        /// A user-authentication certificate carrying personal data.
        AuthenticationWithPersonalData => "a user-authentication certificate carrying personal data",
    }
}

reasons! {
    /// Which kind of CRL the crate does not process ([`Error::UnsupportedCrl`]).
    ///
    /// ```
    /// use jpki_core::{CrlFeature, Error};
    /// let e = Error::UnsupportedCrl(CrlFeature::Indirect);
    /// assert_eq!(e.to_string(), "unsupported CRL: indirect CRL");
    /// ```
    pub enum CrlFeature {
        /// An indirect CRL (issuingDistributionPoint indirectCRL).
        Indirect => "indirect CRL",
        /// A CRL limited to some reasons (onlySomeReasons).
        SomeReasons => "CRL limited to some reasons",
        /// A CRL of attribute certificates.
        AttributeCertificates => "attribute-certificate CRL",
        /// An entry with certificateIssuer (only in indirect CRLs).
        IndirectEntry => "indirect CRL entry",
        /// Decoding the entries failed in a worker thread: the CRL is refused, not trusted.
        EntryDecodingFailed => "entry decoding failed",
    }
}

reasons! {
    /// What an OCSP request holds that the crate does not represent
    /// ([`Error::UnsupportedOcspRequest`]).
    ///
    /// ```
    /// use jpki_core::{Error, OcspRequestRefusal};
    /// let e = Error::UnsupportedOcspRequest(OcspRequestRefusal::Signed);
    /// assert_eq!(e.to_string(), "unsupported OCSP request: signed requests");
    /// ```
    pub enum OcspRequestRefusal {
        /// A signed request.
        Signed => "signed requests",
        /// A version other than v1.
        Version => "a version other than the default v1",
        /// A requestorName.
        RequestorName => "requestorName",
        /// Not exactly one certificate asked about.
        NotOneCertificate => "not exactly one certificate",
        /// singleRequestExtensions.
        SingleRequestExtensions => "singleRequestExtensions",
    }
}

reasons! {
    /// Why the signer of an OCSP response may not speak for the CA
    /// ([`Error::OcspResponderNotAuthorized`]).
    ///
    /// ```
    /// use jpki_core::{Error, OcspResponderRefusal};
    /// let e = Error::OcspResponderNotAuthorized(OcspResponderRefusal::NoOcspSigningEku);
    /// assert_eq!(e.check_name(), "bad_signature");
    /// assert_eq!(e.detail_name(), "ocsp_responder_not_authorized");
    /// ```
    pub enum OcspResponderRefusal {
        /// The responder certificate was not issued by the CA.
        NotIssuedByCa => "responder certificate not issued by the CA",
        /// The responder certificate lacks id-kp-OCSPSigning.
        NoOcspSigningEku => "responder certificate lacks id-kp-OCSPSigning",
        /// The responder certificate's keyUsage lacks digitalSignature.
        NoDigitalSignature => "responder keyUsage lacks digitalSignature",
        /// The responder is neither the CA nor a certificate the response carries from it.
        Unknown => "the responder is neither the CA nor certified by it",
    }
}

reasons! {
    /// Why a basic-four-items text was refused ([`Error::BasicFourBadText`]).
    ///
    /// ```
    /// use jpki_core::{BasicFourInfo, DateOfBirth, Era, Error, Sex, TextProblem};
    /// let got = BasicFourInfo::new("", DateOfBirth::new(Era::Showa, 1975, 1, 2)?, Sex::Female, "東京都");
    /// assert!(matches!(got, Err(Error::BasicFourBadText { reason: TextProblem::Empty, .. })));
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub enum TextProblem {
        /// The text is empty.
        Empty => "empty",
        /// The text is longer than the limit.
        TooLong => "too long",
        /// The text holds control characters (usually UTF-8 encoded twice).
        ControlCharacters => "contains control characters (double-encoded UTF-8?)",
        /// The UTF8String is not UTF-8.
        InvalidUtf8 => "invalid UTF-8",
        /// An extra item's OID is not a further item under the personal-data arc.
        ExtraItemOid => "extra item OID must be a further item under 1.2.392.200149.8.5.5",
    }
}

reasons! {
    /// Why a date of birth was refused ([`Error::BadDateOfBirth`]).
    ///
    /// ```
    /// use jpki_core::{DateOfBirth, DateOfBirthProblem, Error};
    /// assert!(matches!(DateOfBirth::parse("919750102"), Err(Error::BadDateOfBirth(DateOfBirthProblem::BadEra))));
    /// ```
    pub enum DateOfBirthProblem {
        /// Not nine ASCII digits.
        NotNineDigits => "not nine ASCII digits (EYYYYMMDD)",
        /// The era digit is not 0 to 5.
        BadEra => "era digit is not 0 to 5",
        /// The year has more than four digits.
        YearTooLong => "year has more than four digits",
        /// The month is over 12.
        MonthOver12 => "month is over 12",
        /// The day does not exist in that month.
        NoSuchDay => "day does not exist in that month",
    }
}

reasons! {
    /// Why a substitute-character flag string was refused ([`Error::BadSubstituteFlags`]).
    ///
    /// ```
    /// use jpki_core::{BasicFourItem, Error, FlagsProblem};
    /// let e = Error::BadSubstituteFlags { item: BasicFourItem::Name, reason: FlagsProblem::NotBinary };
    /// assert_eq!(e.to_string(), "basic four items: name substitute flags invalid: flags are not all 0 or 1");
    /// ```
    pub enum FlagsProblem {
        /// A flag is not `0` or `1`.
        NotBinary => "flags are not all 0 or 1",
        /// The number of flags differs from the field's character count.
        CountMismatch => "flag count differs from the field's character count",
        /// A substitute position is past the field's end.
        PositionBeyondLength => "position beyond the field's length",
    }
}

reasons! {
    /// Which structural rule of RFC 5652 a SignedData breaks ([`Error::BadSignedData`]).
    ///
    /// ```
    /// use jpki_core::{Error, SignedData, SignedDataProblem};
    /// // A ContentInfo that holds id-data instead of id-signedData.
    /// let data = [0x30, 0x0f, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01, 0xa0, 0x02, 0x04, 0x00];
    /// assert!(matches!(SignedData::from_der(&data), Err(Error::BadSignedData(SignedDataProblem::NotSignedData))));
    /// assert_eq!(Error::BadSignedData(SignedDataProblem::Version).check_name(), "malformed");
    /// ```
    pub enum SignedDataProblem {
        /// The ContentInfo's contentType is not id-signedData.
        NotSignedData => "the ContentInfo does not hold a SignedData",
        /// The SignedData's version is not the one RFC 5652 §5.1 computes from its contents.
        Version => "SignedData version is not the one its contents require (RFC 5652 §5.1)",
        /// A SignerInfo's version does not match its signer identifier (RFC 5652 §5.3: 1 with
        /// issuerAndSerialNumber, 3 with subjectKeyIdentifier).
        SignerInfoVersion => "SignerInfo version does not match its signer identifier (RFC 5652 §5.3)",
        /// The obsolete PKCS #6 extendedCertificate in the certificates set.
        ExtendedCertificate => "an obsolete PKCS #6 extendedCertificate",
        /// The signature algorithm's hash differs from the SignerInfo's digestAlgorithm.
        SignatureDigestMismatch => "the signature algorithm's hash differs from digestAlgorithm",
        /// The content is detached (no eContent) and none was given.
        ContentAbsent => "the content is detached and was not given",
        /// The content is encapsulated and detached content was given as well.
        ContentGivenTwice => "the content is encapsulated and was also given detached",
    }
}

reasons! {
    /// Which rule of RFC 5652 §5.3, §5.4 and §11 a SignerInfo's attributes break
    /// ([`Error::AttributeRule`]).
    ///
    /// ```
    /// use jpki_core::{AttributeRule, Error};
    /// let e = Error::AttributeRule(AttributeRule::NotDerOrder);
    /// assert_eq!(e.to_string(), "attribute rule broken: signed attributes are not in DER order (the signed bytes must be the canonical ones)");
    /// assert_eq!(e.detail_name(), "attribute_rule");
    /// ```
    pub enum AttributeRule {
        /// signedAttrs is present and empty (SIZE (1..MAX)).
        EmptySigned => "signed attributes present but empty",
        /// unsignedAttrs is present and empty (SIZE (1..MAX)).
        EmptyUnsigned => "unsigned attributes present but empty",
        /// The content is not id-data and there are no signed attributes (RFC 5652 §5.3).
        SignedAttributesRequired => "signed attributes are required for content other than id-data",
        /// Signed attributes without contentType (RFC 5652 §5.3).
        MissingContentType => "signed attributes lack contentType",
        /// Signed attributes without messageDigest (RFC 5652 §5.3).
        MissingMessageDigest => "signed attributes lack messageDigest",
        /// The contentType attribute differs from eContentType (RFC 5652 §11.1).
        ContentTypeMismatch => "contentType differs from eContentType",
        /// The signed attributes are not in DER (SET OF) order.
        NotDerOrder => "signed attributes are not in DER order (the signed bytes must be the canonical ones)",
        /// contentType, messageDigest or signingTime appears more than once (RFC 5652 §11).
        Repeated => "an attribute that may appear once appears more than once",
        /// contentType, messageDigest or signingTime has not exactly one value (RFC 5652 §11).
        NotSingleValued => "an attribute that takes one value has none or several",
        /// A countersignature among the signed attributes (RFC 5652 §11.4).
        CountersignatureSigned => "countersignature must be an unsigned attribute",
        /// contentType, messageDigest or signingTime among the unsigned attributes (RFC 5652 §11).
        SignedOnlyAttributeUnsigned => "contentType, messageDigest and signingTime must be signed",
        /// The contentType value is not a DER OBJECT IDENTIFIER.
        BadContentType => "contentType is not an OBJECT IDENTIFIER",
        /// The messageDigest value is not a DER OCTET STRING.
        BadMessageDigest => "messageDigest is not an OCTET STRING",
        /// The signingTime value is not a DER Time, or a GeneralizedTime for a year from 1950 to
        /// 2049 (RFC 5652 §11.3 requires UTCTime there).
        BadSigningTime => "signingTime is not a DER Time (UTCTime for 1950 to 2049)",
    }
}

reasons! {
    /// Which rule of RFC 3161 (time-stamp tokens) or RFC 2634 / RFC 5035 (the ESS
    /// signing-certificate binding) a timestamp breaks ([`Error::BadTimestamp`]).
    ///
    /// ```
    /// use jpki_core::{Error, TimestampProblem};
    /// let e = Error::BadTimestamp(TimestampProblem::EkuNotCritical);
    /// assert_eq!(e.check_name(), "bad_timestamp");
    /// assert_eq!(e.to_string(), "bad timestamp: the TSA certificate's extendedKeyUsage is not critical (RFC 3161 §2.3)");
    /// ```
    pub enum TimestampProblem {
        /// The SignedData's eContentType is not id-ct-TSTInfo.
        NotTstInfo => "the SignedData does not hold a TSTInfo",
        /// The token's TSTInfo is detached (RFC 3161 §2.4.2 requires it encapsulated).
        TstInfoAbsent => "the token's TSTInfo is not encapsulated",
        /// The token has not exactly one SignerInfo (RFC 3161 §2.4.2).
        SignerCount => "a time-stamp token has exactly one signer",
        /// TSTInfo version is not v1.
        Version => "TSTInfo version is not 1",
        /// The messageImprint's hashedMessage length differs from its hash algorithm's output.
        ImprintLength => "messageImprint length does not match its hash algorithm",
        /// serialNumber is zero, negative or longer than 20 octets (RFC 3161 §2.4.2).
        Serial => "TSTInfo serialNumber is not a positive integer of at most 160 bits",
        /// genTime is not `YYYYMMDDhhmmss[.s...]Z` with no trailing zero in the fraction, at
        /// most `MAX_GEN_TIME_FRACTION_DIGITS` fraction digits, and a real date.
        GenTime => "genTime is not a DER GeneralizedTime (Z, no trailing fraction zeros)",
        /// accuracy's millis or micros outside 1..=999, or an accuracy of all absent fields.
        Accuracy => "accuracy millis and micros must be 1 to 999",
        /// ordering encoded as FALSE (DER omits a DEFAULT value).
        OrderingFalseEncoded => "ordering FALSE is encoded (DER omits the DEFAULT)",
        /// A critical TSTInfo extension (this crate understands none).
        CriticalExtension => "a critical TSTInfo extension",
        /// The TSA certificate has no extendedKeyUsage.
        EkuMissing => "the TSA certificate has no extendedKeyUsage (RFC 3161 §2.3)",
        /// The TSA certificate's extendedKeyUsage is not critical.
        EkuNotCritical => "the TSA certificate's extendedKeyUsage is not critical (RFC 3161 §2.3)",
        /// The TSA certificate's extendedKeyUsage holds more or other than id-kp-timeStamping.
        EkuNotExclusive => "the TSA certificate's extendedKeyUsage is not id-kp-timeStamping only (RFC 3161 §2.3)",
        /// The TSA certificate's validity does not cover genTime.
        TsaNotValidAtGenTime => "the TSA certificate was not valid at genTime",
        /// Neither signing-certificate nor signing-certificate-v2 among the signed attributes.
        NoSigningCertificate => "no ESS signing-certificate(-v2) attribute binds the TSA certificate",
        /// The signing-certificate(-v2) attribute is not a single DER value of its type.
        BadSigningCertificate => "the ESS signing-certificate(-v2) attribute is malformed",
        /// The signing-certificate(-v2) certHash or issuerSerial does not name the signer's certificate.
        SigningCertificateMismatch => "the ESS signing-certificate(-v2) does not name the TSA certificate",
        /// The messageImprint is not the digest of the data (or of the signature) time-stamped.
        ImprintMismatch => "the messageImprint does not match the time-stamped data",
        /// TimeStampReq version is not v1.
        RequestVersion => "TimeStampReq version is not 1",
        /// certReq encoded as FALSE (DER omits a DEFAULT value).
        CertReqFalseEncoded => "certReq FALSE is encoded (DER omits the DEFAULT)",
        /// A critical TimeStampReq extension (this crate understands none).
        RequestCriticalExtension => "a critical TimeStampReq extension",
        /// PKIStatus is none of RFC 3161's granted(0) to revocationNotification(5).
        UnknownStatus => "PKIStatus is not one of granted, grantedWithMods, rejection, waiting, revocationWarning, revocationNotification",
        /// statusString is an empty SEQUENCE (PKIFreeText is SIZE (1..MAX)).
        StatusString => "statusString holds no UTF8String",
        /// failInfo is not a DER named bit list (trailing zero bits) or names a bit past 31.
        FailInfo => "failInfo is not a DER named bit list of at most 32 bits",
        /// A response whose status grants nothing carries a token (RFC 3161 §2.4.2: it MUST NOT).
        TokenWithoutGrant => "a response that grants nothing carries a time-stamp token",
        /// A response with status granted or grantedWithMods carries no token (RFC 3161 §2.4.2).
        TokenMissing => "a granted response carries no time-stamp token",
        /// The TSA answered rejection(2) (see the response's failInfo).
        Rejected => "the TSA rejected the request",
        /// The TSA answered waiting(3): no token yet.
        Waiting => "the TSA answered waiting: no token yet",
        /// The TSA answered revocationWarning(4): its certificate is about to be revoked.
        RevocationWarning => "the TSA warns that its certificate is about to be revoked",
        /// The TSA answered revocationNotification(5): its certificate has been revoked.
        RevocationNotification => "the TSA says its certificate has been revoked",
        /// The token's nonce is absent or differs from the request's (RFC 3161 §2.4.2): it may
        /// answer another request, or be replayed.
        NonceMismatch => "the token's nonce is not the request's",
        /// The request named a policy (reqPolicy) and the token's policy is another.
        PolicyMismatch => "the token's policy is not the policy requested",
        /// The request set certReq and the token's certificates lack the TSA's certificate
        /// (RFC 3161 §2.4.1).
        CertificateMissing => "certReq was set and the token does not carry the TSA certificate",
    }
}

reasons! {
    /// Why a PDF's structure was refused ([`Error::BadPdf`]): the reader has no repair mode.
    ///
    /// ```
    /// use jpki_core::{Error, PdfProblem, PdfVerifier};
    /// let e = Error::BadPdf(PdfProblem::NoHeader);
    /// assert_eq!(e.to_string(), "malformed PDF: no %PDF-1.x or %PDF-2.x header");
    /// assert_eq!(e.check_name(), "malformed");
    /// ```
    pub enum PdfProblem {
        /// The file does not start with `%PDF-1.` or `%PDF-2.`.
        NoHeader => "no %PDF-1.x or %PDF-2.x header",
        /// Bytes other than an end-of-line follow the last `%%EOF`, or the revisions do not
        /// reach the end of the file.
        DataAfterEof => "data after the last %%EOF",
        /// No `startxref` with an offset right before a `%%EOF`.
        NoStartxref => "no startxref offset before %%EOF",
        /// A cross-reference table or stream is malformed.
        BadXref => "malformed cross-reference section",
        /// A trailer (or the catalog it names) is missing or malformed.
        BadTrailer => "malformed trailer or catalog",
        /// A `/Prev` offset does not point strictly backwards (a loop), or revisions overlap.
        PrevNotBackwards => "a /Prev offset does not point backwards",
        /// A hybrid file (`/XRefStm` in a table trailer), which two readers can see differently.
        HybridXref => "hybrid cross-reference (/XRefStm) is not supported",
        /// A cross-reference entry points past the end of its own revision.
        OffsetOutsideRevision => "an object offset lies outside its revision",
        /// The object at an offset is not the one the cross-reference names.
        ObjectNumberMismatch => "the object at an offset is not the one named",
        /// The input ended inside a token.
        Truncated => "truncated",
        /// A token the grammar does not allow here.
        UnexpectedToken => "unexpected token",
        /// A dictionary names a key twice.
        DuplicateKey => "a dictionary key appears twice",
        /// A reference whose numbers are out of range.
        BadReference => "malformed reference",
        /// An object of the wrong type (an array expected, a dictionary found, …).
        UnexpectedType => "an object of an unexpected type",
        /// A stream without a proper `stream` keyword and end-of-line.
        NotAStream => "not a stream",
        /// A stream `/Length` that is not a direct non-negative integer inside the file, or
        /// not followed by `endstream`.
        BadStreamLength => "bad stream /Length",
        /// A filter other than FlateDecode (with PNG predictors, one byte per pixel).
        UnsupportedFilter => "unsupported stream filter",
        /// FlateDecode or predictor data is corrupt.
        BadFlate => "corrupt FlateDecode data",
        /// An object stream is malformed, or an object is not where its entry says.
        BadObjectStream => "malformed object stream",
    }
}

reasons! {
    /// Which rule a PDF signature breaks ([`Error::PdfSignature`]).
    ///
    /// ```
    /// use jpki_core::{Error, PdfSignatureRule};
    /// let e = Error::PdfSignature(PdfSignatureRule::GapNotContents);
    /// assert_eq!(e.check_name(), "bad_pdf_signature");
    /// ```
    pub enum PdfSignatureRule {
        /// A `/SubFilter` other than adbe.pkcs7.detached, ETSI.CAdES.detached or ETSI.RFC3161
        /// (adbe.pkcs7.sha1 and adbe.x509.rsa_sha1 among them).
        UnsupportedSubFilter => "unsupported /SubFilter",
        /// `/ByteRange` is not four non-negative integers.
        ByteRangeShape => "/ByteRange is not four non-negative integers",
        /// `/ByteRange` does not start at 0.
        ByteRangeNotAtStart => "/ByteRange does not start at 0",
        /// `/ByteRange` reaches past the end of the file.
        ByteRangeOutsideFile => "/ByteRange lies outside the file",
        /// The gap between the two ranges is not exactly this dictionary's `/Contents` string.
        GapNotContents => "the /ByteRange gap is not exactly this signature's /Contents",
        /// `/Contents` is not a string of hex digits only, of even length.
        ContentsNotHex => "/Contents is not hex digits only",
        /// Bytes other than zero padding follow the ContentInfo in `/Contents`.
        ContentsTrailingData => "/Contents has non-zero bytes after the ContentInfo",
        /// The signed bytes do not end where a revision ends.
        NotAtRevisionBoundary => "the signed bytes do not end at a revision boundary",
        /// A CAdES signature with other than one signer.
        CadesSigners => "a CAdES signature must have exactly one signer",
        /// A CAdES signature without an ESS signing-certificate-v2 naming its signer.
        CadesSigningCertificate => "no ESS signing-certificate-v2 naming the signer",
        /// A CAdES signature with both `/M` and signingTime.
        CadesTimeTwice => "both /M and signingTime in a CAdES signature",
    }
}

reasons! {
    /// A rule of the Legal Affairs Bureau profile (法務局 登記・供託オンライン申請,
    /// [`PdfProfile::Moj`](crate::PdfProfile::Moj)): each signature's outcome lists every rule
    /// by its [`as_str`](Self::as_str) id, and a broken [`RuleLevel::Fail`] rule refuses the
    /// signature ([`Error::MojRule`]); a [`RuleLevel::Warn`] rule is only reported.
    ///
    /// ```
    /// use jpki_core::{Error, MojRule, RuleLevel};
    /// let e = Error::MojRule(MojRule::NamePresent);
    /// assert_eq!(e.check_name(), "moj_rule");
    /// assert_eq!(MojRule::NamePresent.as_str(), "name_present");
    /// assert_eq!(MojRule::AlgorithmRsaSha256.level(), RuleLevel::Warn);
    /// assert_eq!(e.to_string(), "Legal Affairs Bureau profile: the signature dictionary has no non-empty /Name");
    /// ```
    pub enum MojRule {
        /// The signature dictionary has `/Type /Sig`.
        TypeSig => "the signature dictionary is not /Type /Sig",
        /// `/SubFilter` is exactly `adbe.pkcs7.detached`.
        SubFilterPkcs7Detached => "/SubFilter is not adbe.pkcs7.detached",
        /// `/Name` (the signer's name) is a non-empty string.
        NamePresent => "the signature dictionary has no non-empty /Name",
        /// `/M` is a full `D:YYYYMMDDHHmmSS` date with a zone (`Z`, `+HH'mm'` or `-HH'mm'`, the
        /// trailing apostrophe optional).
        MFullDate => "/M is not a full D:YYYYMMDDHHmmSS date with a time zone",
        /// Nothing follows the newest signature: no later revision at all (not even `/DSS`).
        NothingAfterNewest => "a revision follows the newest signature",
        /// Every signer's certificate is inside the CMS `certificates`.
        SignerCertEmbedded => "the signer's certificate is not inside the CMS certificates",
        /// A signer with signed attributes has contentType and messageDigest (a direct
        /// signature, without signed attributes, is allowed).
        ContentTypeAndMessageDigest => "signed attributes without contentType and messageDigest",
        /// The digest is SHA-256, and messageDigest (when there are signed attributes) is the
        /// SHA-256 of the ByteRange bytes. A warning.
        MessageDigestSha256 => "the digest is not SHA-256 of the ByteRange bytes",
        /// The signature algorithm is RSA (PKCS #1 v1.5) with SHA-256. A warning.
        AlgorithmRsaSha256 => "the signature algorithm is not RSA with SHA-256",
    }
}

impl MojRule {
    /// Every rule, in the order a signature's outcome lists them.
    ///
    /// ```
    /// use jpki_core::MojRule;
    /// assert_eq!(MojRule::EVERY.len(), 9);
    /// assert_eq!(MojRule::EVERY[0], MojRule::TypeSig);
    /// ```
    pub const EVERY: [Self; 9] = [
        Self::TypeSig,
        Self::SubFilterPkcs7Detached,
        Self::NamePresent,
        Self::MFullDate,
        Self::NothingAfterNewest,
        Self::SignerCertEmbedded,
        Self::ContentTypeAndMessageDigest,
        Self::MessageDigestSha256,
        Self::AlgorithmRsaSha256,
    ];

    /// The rule's stable id, as the `verify_pdf` example prints it.
    ///
    /// ```
    /// use jpki_core::MojRule;
    /// let ids: Vec<&str> = MojRule::EVERY.iter().map(|r| r.as_str()).collect();
    /// assert_eq!(ids, ["type_sig", "subfilter_pkcs7_detached", "name_present", "m_full_date",
    ///     "nothing_after_newest", "signer_cert_embedded", "content_type_and_message_digest",
    ///     "message_digest_sha256", "algorithm_rsa_sha256"]);
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::TypeSig => "type_sig",
            Self::SubFilterPkcs7Detached => "subfilter_pkcs7_detached",
            Self::NamePresent => "name_present",
            Self::MFullDate => "m_full_date",
            Self::NothingAfterNewest => "nothing_after_newest",
            Self::SignerCertEmbedded => "signer_cert_embedded",
            Self::ContentTypeAndMessageDigest => "content_type_and_message_digest",
            Self::MessageDigestSha256 => "message_digest_sha256",
            Self::AlgorithmRsaSha256 => "algorithm_rsa_sha256",
        }
    }

    /// Whether breaking the rule refuses the signature ([`RuleLevel::Fail`]) or is only
    /// reported ([`RuleLevel::Warn`]: the digest and signature algorithm).
    ///
    /// ```
    /// use jpki_core::{MojRule, RuleLevel};
    /// assert_eq!(MojRule::SignerCertEmbedded.level(), RuleLevel::Fail);
    /// assert_eq!(MojRule::MessageDigestSha256.level(), RuleLevel::Warn);
    /// ```
    pub fn level(self) -> RuleLevel {
        match self {
            Self::MessageDigestSha256 | Self::AlgorithmRsaSha256 => RuleLevel::Warn,
            Self::TypeSig
            | Self::SubFilterPkcs7Detached
            | Self::NamePresent
            | Self::MFullDate
            | Self::NothingAfterNewest
            | Self::SignerCertEmbedded
            | Self::ContentTypeAndMessageDigest => RuleLevel::Fail,
        }
    }
}

/// What breaking a profile rule does to a signature.
///
/// ```
/// use jpki_core::RuleLevel;
/// assert_eq!(RuleLevel::Fail.as_str(), "fail");
/// assert_eq!(RuleLevel::Warn.as_str(), "warn");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RuleLevel {
    /// The signature is refused.
    Fail,
    /// The signature is reported, not refused.
    Warn,
}

impl RuleLevel {
    /// `"fail"` or `"warn"`, as the `verify_pdf` example prints it.
    ///
    /// ```
    /// assert_eq!(jpki_core::RuleLevel::Fail.as_str(), "fail");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Fail => "fail",
            Self::Warn => "warn",
        }
    }
}

/// Everything that can go wrong in this crate.
///
/// ```
/// use jpki_core::{Certificate, Error};
/// // Every refusal is a variant that says what was wrong; nothing panics.
/// let refused = Certificate::from_der(&[0x30, 0x03, 0x02, 0x01]);
/// assert!(matches!(refused, Err(Error::BadDer { .. })));
/// if let Err(Error::BadDer { context, problem }) = refused {
///     println!("{context}: {problem}");
/// }
/// assert_eq!(Error::OcspNonceMismatch.check_name(), "malformed");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The DER encoding of `context` is invalid.
    #[error("malformed {context}: {problem}")]
    BadDer {
        /// Which structure was being decoded.
        context: DerContext,
        /// What was wrong with it.
        problem: DerProblem,
    },
    /// The input is not valid PEM, or holds no block of the expected label.
    #[error("bad PEM: {0}")]
    BadPem(PemProblem),
    /// An object is larger than the crate accepts.
    #[error("{what} is {size} bytes, over the limit of {limit}")]
    TooLarge {
        /// What was too large.
        what: Limited,
        /// Its size.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// The certificate is not version 3 (or the CRL not version 2).
    #[error("version {0} is not supported (certificates must be v3, CRLs v2)")]
    UnsupportedVersion(u8),
    /// The serial number is negative.
    #[error("serial number is negative")]
    NegativeSerial,
    /// The serial number is zero (RFC 5280 requires a positive integer).
    #[error("serial number is zero")]
    ZeroSerial,
    /// The serial number's value needs more than 20 octets.
    #[error("serial number is {0} octets long, over the limit of 20")]
    SerialTooLong(usize),
    /// The outer signature algorithm differs from the one inside the TBS certificate.
    #[error("signature algorithm in the TBS differs from the outer one")]
    SignatureAlgorithmMismatch,
    /// The validity period cannot be represented or is inverted.
    #[error("bad validity: {0}")]
    BadValidity(ValidityProblem),
    /// An extension appears twice.
    #[error("extension {0} appears more than once")]
    DuplicateExtension(String),
    /// An extension is marked critical but this crate does not process it.
    #[error("unknown critical extension {0}")]
    UnknownCriticalExtension(String),
    /// A known extension's value is malformed or violates its RFC 5280 rules.
    #[error("malformed extension {oid}: {reason}")]
    BadExtension {
        /// The extension's OID (dotted form).
        oid: String,
        /// What was wrong.
        reason: ExtensionProblem,
    },
    /// A distinguished-name attribute value is not valid for its string type.
    #[error("invalid {string_type} in a distinguished name")]
    BadNameString {
        /// The ASN.1 string type whose contents were invalid.
        string_type: NameString,
    },
    /// A signature does not verify.
    #[error("bad signature")]
    BadSignature,
    /// A digest given for prehashed verification
    /// ([`PublicKey::verify_prehashed`](crate::PublicKey::verify_prehashed)) is not as long as
    /// the signature algorithm's hash: it is another algorithm's, or no digest at all.
    ///
    /// ```
    /// use jpki_core::Error;
    /// let e = Error::DigestLength { expected: 32, actual: 20 };
    /// assert_eq!(e.to_string(), "digest of 20 octets where the signature algorithm's hash has 32");
    /// assert_eq!(e.detail_name(), "digest_length");
    /// ```
    #[error("digest of {actual} octets where the signature algorithm's hash has {expected}")]
    DigestLength {
        /// The length of the algorithm's hash.
        expected: usize,
        /// The length given.
        actual: usize,
    },
    /// A signature or key algorithm this crate does not support.
    #[error("unsupported algorithm {0}")]
    UnsupportedAlgorithm(crate::Oid),
    /// A key outside the crate's key policy (RSA 2048–4096 bits with an odd exponent > 1,
    /// or a P-256 point).
    #[error("unsupported key: {0}")]
    UnsupportedKey(KeyRefusal),
    /// A certificate in the path (or an OCSP responder's) is past its notAfter at the
    /// verification time.
    #[error("certificate expired: notAfter {not_after}, checked at {at}")]
    Expired {
        /// The verification time.
        at: crate::UnixTime,
        /// The certificate's notAfter.
        not_after: crate::UnixTime,
    },
    /// A certificate in the path (or an OCSP responder's) is before its notBefore at the
    /// verification time.
    #[error("certificate not yet valid: notBefore {not_before}, checked at {at}")]
    NotYetValid {
        /// The verification time.
        at: crate::UnixTime,
        /// The certificate's notBefore.
        not_before: crate::UnixTime,
    },
    /// No trust anchor or intermediate issued the certificate (by name, key identifier and
    /// signature).
    #[error("unknown issuer: no path to a trust anchor")]
    UnknownIssuer,
    /// An issuing certificate is not allowed to issue: not a CA, or no keyCertSign.
    #[error("CA constraints violated: {0}")]
    CaConstraints(CaConstraint),
    /// The path is longer than an issuer's pathLenConstraint or the verifier's maximum.
    #[error("path too long: {0}")]
    PathTooLong(PathLimit),
    /// Path building used up its fixed budget of signature checks.
    #[error("path building gave up after {0} signature checks")]
    BudgetExceeded(usize),
    /// The certificate is of the other JPKI kind than the usage requires (a user-authentication
    /// certificate presented for signing, or the reverse), or a CA presented as an end entity.
    #[error("a {found} certificate cannot be used for {required}")]
    WrongCertificateKind {
        /// The usage the caller required.
        required: crate::Usage,
        /// The kind the certificate is.
        found: crate::CertificateKind,
    },
    /// The certificate's keyUsage or certificatePolicies do not allow the required usage.
    #[error("usage not allowed: {0}")]
    UsageNotAllowed(UsageRefusal),
    /// The certificate was revoked at or before the verification time (or its key was
    /// invalid from an earlier invalidityDate).
    #[error("certificate revoked at {revoked_at}{}{}", reason.map(|r| format!(" ({r})")).unwrap_or_default(), invalid_since.map(|t| format!(", invalid since {t}")).unwrap_or_default())]
    Revoked {
        /// revocationDate.
        revoked_at: crate::UnixTime,
        /// reasonCode, if given.
        reason: Option<crate::CrlReason>,
        /// invalidityDate, when the CRL entry gives one earlier than revocationDate: the
        /// certificate counts as revoked from this time on.
        invalid_since: Option<crate::UnixTime>,
    },
    /// Revocation status could not be decided and soft-fail was not chosen.
    #[error("revocation status unknown: {0}")]
    RevocationUnknown(crate::UnknownReason),
    /// The CRL was not issued by the CA it was checked against (name or key identifier).
    #[error("the CRL's issuer is not this CA")]
    CrlIssuerMismatch,
    /// A CRL is not newer (cRLNumber, else thisUpdate) than the one already loaded for its
    /// partition.
    #[error("the CRL is not newer than the one already loaded")]
    CrlNotNewer,
    /// A CRL that breaks a rule RFC 5280 §5 sets for a usable CRL.
    #[error("CRL refused: {0}")]
    CrlRefused(CrlRefusal),
    /// The trust anchor a path ended at is not for this leaf under the JPKI profile (another
    /// purpose or environment, or an anchor nobody labelled).
    #[error("trust anchor not for this certificate: {0}")]
    AnchorMismatch(AnchorMismatch),
    /// A CRL of a kind this crate does not process (indirect, partial reasons).
    #[error("unsupported CRL: {0}")]
    UnsupportedCrl(CrlFeature),
    /// An OCSP request this crate does not represent (signed, several certificates, …).
    #[error("unsupported OCSP request: {0}")]
    UnsupportedOcspRequest(OcspRequestRefusal),
    /// The OCSP responder answered with an unsuccessful responseStatus (the code is given).
    #[error("OCSP response status {0} (not successful)")]
    OcspUnsuccessful(u8),
    /// The OCSP response was not signed by the CA or a responder the CA authorised.
    #[error("OCSP responder not authorised: {0}")]
    OcspResponderNotAuthorized(OcspResponderRefusal),
    /// The OCSP response has no SingleResponse for the certificate asked about.
    #[error("the OCSP response does not cover the certificate (CertID mismatch)")]
    OcspCertIdMismatch,
    /// The OCSP response does not echo the request's nonce.
    #[error("the OCSP response does not echo the request's nonce")]
    OcspNonceMismatch,
    /// The certificate fits none of the JPKI certificate kinds.
    #[error("not a recognisable JPKI certificate: {0}")]
    NotJpki(KindRefusal),
    /// The certificate's JPKI signals contradict each other.
    #[error("inconsistent JPKI certificate: {0}")]
    InconsistentKind(KindRefusal),
    /// A SignedData that breaks a structural rule of RFC 5652.
    #[error("bad SignedData: {0}")]
    BadSignedData(SignedDataProblem),
    /// A SignerInfo's attributes break a rule of RFC 5652.
    #[error("attribute rule broken: {0}")]
    AttributeRule(AttributeRule),
    /// The content's digest differs from the signer's messageDigest attribute: the content is
    /// not the one signed.
    #[error("the content does not match the signed message digest")]
    ContentMismatch,
    /// An RFC 3161 time-stamp token that breaks a rule of RFC 3161, RFC 2634 or RFC 5035.
    #[error("bad timestamp: {0}")]
    BadTimestamp(TimestampProblem),
    /// A time-stamp token refused for a rule that is not particular to time-stamps — its
    /// encoding, its signature, the TSA certificate's path, validity or revocation — with that
    /// refusal inside: a signature time-stamp that does not verify refuses its signer as a bad
    /// timestamp, not as a bad signer.
    ///
    /// ```
    /// use jpki_core::Error;
    /// let e = Error::InvalidTimestamp(Box::new(Error::UnknownIssuer));
    /// assert_eq!(e.check_name(), "bad_timestamp");
    /// assert_eq!(e.to_string(), "invalid timestamp: unknown issuer: no path to a trust anchor");
    /// ```
    #[error("invalid timestamp: {0}")]
    InvalidTimestamp(Box<Error>),
    /// A SignedData without any SignerInfo: nothing is signed.
    #[error("the SignedData has no signer")]
    NoSigner,
    /// No certificate in the SignedData or among the caller's intermediates matches the
    /// signer's identifier.
    #[error("no certificate matches the signer identifier")]
    SignerNotFound,
    /// The certificate carries no basic four items (e.g. a user-authentication certificate).
    #[error("the certificate carries no basic four items")]
    NoBasicFourInfo,
    /// One of the six basic-four-items entries is missing from subjectAltName.
    #[error("basic four items: {0} is missing")]
    BasicFourMissing(BasicFourItem),
    /// One of the six basic-four-items entries appears more than once.
    #[error("basic four items: {0} appears more than once")]
    BasicFourDuplicate(BasicFourItem),
    /// An item's value is not a UTF8String.
    #[error("basic four items: {0} is not a UTF8String")]
    BasicFourWrongType(BasicFourItem),
    /// An item's value is not acceptable text (empty, control characters, too long).
    #[error("basic four items: {item} is invalid: {reason}")]
    BasicFourBadText {
        /// The item.
        item: BasicFourItem,
        /// What was wrong.
        reason: TextProblem,
    },
    /// The date of birth does not follow `EYYYYMMDD` or is not a date.
    #[error("basic four items: bad date of birth: {0}")]
    BadDateOfBirth(DateOfBirthProblem),
    /// The sex code is not `1`, `2` or `3`.
    #[error("basic four items: sex code {0:?} is not 1, 2 or 3")]
    BadSexCode(String),
    /// A substitute-character flag string is malformed or does not match its field's length.
    #[error("basic four items: {item} substitute flags invalid: {reason}")]
    BadSubstituteFlags {
        /// The item the flags describe (name or address).
        item: BasicFourItem,
        /// What was wrong.
        reason: FlagsProblem,
    },
    /// A PDF's structure is refused.
    #[error("malformed PDF: {0}")]
    BadPdf(PdfProblem),
    /// A PDF signature breaks a rule of its dictionary or its coverage.
    #[error("PDF signature refused: {0}")]
    PdfSignature(PdfSignatureRule),
    /// A revision after the signature changes the document beyond adding document-security
    /// data or a document timestamp.
    #[error("the document was modified after signing")]
    ModifiedAfterSigning,
    /// A document timestamp (`ETSI.RFC3161`) met by a verifier given no TSA trust anchors
    /// (`PdfVerifier::with_timestamps` was not called): it cannot be checked, so it is never
    /// reported as valid.
    #[error("timestamp verification is not available: no TSA trust anchors")]
    TimestampUnavailable,
    /// The operating system's random generator failed (a time-stamp request's nonce could not
    /// be drawn). Nothing else stands in for it: a counter or the clock would be predictable.
    #[error("the operating system's random number generator is unavailable")]
    RandomUnavailable,
    /// A PDF signature breaks a fail-level rule of the Legal Affairs Bureau profile
    /// ([`PdfProfile::Moj`](crate::PdfProfile::Moj)).
    #[error("Legal Affairs Bureau profile: {0}")]
    MojRule(MojRule),
}

/// Why a CRL was refused when it was loaded: each an RFC 5280 §5 rule without which the CRL
/// could be read as saying more than it does.
///
/// ```
/// use jpki_core::{CrlRefusal, Error};
/// // A CRL without nextUpdate would be "fresh" forever: it is refused at load.
/// let e = Error::CrlRefused(CrlRefusal::NoNextUpdate);
/// assert_eq!(e.to_string(), "CRL refused: nextUpdate is missing (RFC 5280 §5.1.2.5)");
/// assert_eq!(e.check_name(), "malformed");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CrlRefusal {
    /// No nextUpdate: conforming CRL issuers MUST include it (§5.1.2.5); without it nothing
    /// says when the CRL stops speaking.
    NoNextUpdate,
    /// nextUpdate is before thisUpdate.
    NextUpdateBeforeThisUpdate,
    /// No cRLNumber: conforming CRL issuers MUST include it (§5.2.3).
    NoCrlNumber,
    /// cRLNumber marked critical: it MUST be non-critical (§5.2.3).
    CriticalCrlNumber,
}

impl fmt::Display for CrlRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NoNextUpdate => "nextUpdate is missing (RFC 5280 §5.1.2.5)",
            Self::NextUpdateBeforeThisUpdate => "nextUpdate is before thisUpdate",
            Self::NoCrlNumber => "cRLNumber is missing (RFC 5280 §5.2.3)",
            Self::CriticalCrlNumber => "cRLNumber is marked critical (RFC 5280 §5.2.3)",
        })
    }
}

/// How the trust anchor that a path reached fails to fit the leaf under
/// [`Profile::Jpki`](crate::Profile::Jpki).
///
/// ```
/// use jpki_core::{AnchorMismatch, AnchorPurpose, CertificateKind, Error};
/// let e = Error::AnchorMismatch(AnchorMismatch::Purpose {
///     anchor: AnchorPurpose::UserAuthentication,
///     leaf: CertificateKind::Signing,
/// });
/// assert_eq!(e.check_name(), "wrong_anchor");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AnchorMismatch {
    /// The anchor serves another purpose than the leaf's kind (a signing certificate under a
    /// user-authentication root, or the reverse).
    Purpose {
        /// The anchor's purpose.
        anchor: crate::AnchorPurpose,
        /// The leaf's kind.
        leaf: crate::CertificateKind,
    },
    /// The anchor belongs to another environment than the leaf's certificate policy (a
    /// production root and a test-card policy, or the reverse).
    Environment {
        /// The anchor's environment, `None` if neither read from it nor given.
        anchor: Option<crate::Environment>,
        /// The environment the leaf's policy or issuer names.
        leaf: crate::Environment,
    },
}

impl fmt::Display for AnchorMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Purpose { anchor, leaf } => {
                write!(f, "a {leaf} certificate under a {anchor} anchor")
            }
            Self::Environment {
                anchor: Some(a),
                leaf,
            } => write!(
                f,
                "a {} certificate under a {} anchor",
                leaf.as_str(),
                a.as_str()
            ),
            Self::Environment { anchor: None, leaf } => write!(
                f,
                "a {} certificate under an anchor of no known environment",
                leaf.as_str()
            ),
        }
    }
}

/// The six subjectAltName entries that carry the basic four items (基本4情報).
///
/// ```
/// use jpki_core::{BasicFourInfo, BasicFourItem, DateOfBirth, Era, Sex};
/// let before = BasicFourInfo::new("佐藤 花子", DateOfBirth::new(Era::Showa, 1975, 1, 2)?, Sex::Female, "東京都千代田区霞が関1-1")?;
/// let after = BasicFourInfo::new("佐藤 花子", DateOfBirth::new(Era::Showa, 1975, 1, 2)?, Sex::Female, "大阪府大阪市北区中之島1-3-20")?;
/// assert!(before.changed_items(&after).contains(&BasicFourItem::Address));
/// assert!(!before.changed_items(&after).contains(&BasicFourItem::Name));
/// # Ok::<(), jpki_core::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum BasicFourItem {
    /// 1.2.392.200149.8.5.5.1 — name (氏名).
    Name,
    /// 1.2.392.200149.8.5.5.2 — substitute-character positions of the name.
    NameSubstitutes,
    /// 1.2.392.200149.8.5.5.3 — sex (性別).
    Sex,
    /// 1.2.392.200149.8.5.5.4 — date of birth (生年月日).
    DateOfBirth,
    /// 1.2.392.200149.8.5.5.5 — address (住所).
    Address,
    /// 1.2.392.200149.8.5.5.6 — substitute-character positions of the address.
    AddressSubstitutes,
}

impl fmt::Display for BasicFourItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Name => "name",
            Self::NameSubstitutes => "name substitute flags",
            Self::Sex => "sex",
            Self::DateOfBirth => "date of birth",
            Self::Address => "address",
            Self::AddressSubstitutes => "address substitute flags",
        })
    }
}

impl Error {
    /// A short, stable name for the check that failed, as the `verify` example prints it in
    /// its JSON `error` key. The names, all of them (a test checks this list against the code):
    ///
    /// <!-- check-names -->
    /// | name | variants |
    /// |---|---|
    /// | `expired` | [`Expired`](Self::Expired) |
    /// | `not_yet_valid` | [`NotYetValid`](Self::NotYetValid) |
    /// | `bad_signature` | [`BadSignature`](Self::BadSignature), [`OcspResponderNotAuthorized`](Self::OcspResponderNotAuthorized) |
    /// | `unknown_issuer` | [`UnknownIssuer`](Self::UnknownIssuer), [`BudgetExceeded`](Self::BudgetExceeded) |
    /// | `wrong_usage` | [`WrongCertificateKind`](Self::WrongCertificateKind), [`UsageNotAllowed`](Self::UsageNotAllowed), [`NotJpki`](Self::NotJpki), [`InconsistentKind`](Self::InconsistentKind) |
    /// | `wrong_anchor` | [`AnchorMismatch`](Self::AnchorMismatch) |
    /// | `ca_constraints` | [`CaConstraints`](Self::CaConstraints) |
    /// | `path_too_long` | [`PathTooLong`](Self::PathTooLong) |
    /// | `unsupported_algorithm` | [`UnsupportedAlgorithm`](Self::UnsupportedAlgorithm), [`UnsupportedKey`](Self::UnsupportedKey) |
    /// | `unknown_critical_extension` | [`UnknownCriticalExtension`](Self::UnknownCriticalExtension) |
    /// | `revoked` | [`Revoked`](Self::Revoked) |
    /// | `revocation_unknown` | [`RevocationUnknown`](Self::RevocationUnknown) |
    /// | `content_mismatch` | [`ContentMismatch`](Self::ContentMismatch) |
    /// | `no_signer` | [`NoSigner`](Self::NoSigner) |
    /// | `signer_not_found` | [`SignerNotFound`](Self::SignerNotFound) |
    /// | `bad_timestamp` | [`BadTimestamp`](Self::BadTimestamp), [`InvalidTimestamp`](Self::InvalidTimestamp) |
    /// | `bad_pdf_signature` | [`PdfSignature`](Self::PdfSignature) |
    /// | `modified_after_signing` | [`ModifiedAfterSigning`](Self::ModifiedAfterSigning) |
    /// | `timestamp_unavailable` | [`TimestampUnavailable`](Self::TimestampUnavailable) |
    /// | `random_unavailable` | [`RandomUnavailable`](Self::RandomUnavailable) |
    /// | `moj_rule` | [`MojRule`](Self::MojRule) |
    /// | `malformed` | every encoding, profile, CRL, OCSP, SignedData, attribute, PDF structure and basic-four-items refusal: the others |
    /// <!-- /check-names -->
    ///
    /// The match below has no catch-all arm, so a new variant does not compile until it is
    /// classified. [`detail_name`](Self::detail_name) tells the variants that share a name
    /// apart (`ocsp_nonce_mismatch` under `malformed`).
    ///
    /// ```
    /// use jpki_core::{Error, UnixTime};
    /// let at = UnixTime::from_unix_seconds(2_000_000_000);
    /// let expired = Error::Expired { at, not_after: at.minus_seconds(1) };
    /// assert_eq!(expired.check_name(), "expired");
    /// assert_eq!(Error::OcspNonceMismatch.check_name(), "malformed");
    /// ```
    pub fn check_name(&self) -> &'static str {
        match self {
            Self::Expired { .. } => "expired",
            Self::NotYetValid { .. } => "not_yet_valid",
            // An OCSP response signed by someone the CA did not authorise is as good as
            // unsigned.
            Self::BadSignature | Self::OcspResponderNotAuthorized(_) => "bad_signature",
            // Running out of signature checks means no path was found.
            Self::UnknownIssuer | Self::BudgetExceeded(_) => "unknown_issuer",
            Self::WrongCertificateKind { .. }
            | Self::UsageNotAllowed(_)
            | Self::NotJpki(_)
            | Self::InconsistentKind(_) => "wrong_usage",
            Self::AnchorMismatch(_) => "wrong_anchor",
            Self::CaConstraints(_) => "ca_constraints",
            Self::PathTooLong(_) => "path_too_long",
            Self::UnsupportedAlgorithm(_) | Self::UnsupportedKey(_) => "unsupported_algorithm",
            Self::UnknownCriticalExtension(_) => "unknown_critical_extension",
            Self::Revoked { .. } => "revoked",
            Self::RevocationUnknown(_) => "revocation_unknown",
            Self::ContentMismatch => "content_mismatch",
            Self::NoSigner => "no_signer",
            Self::SignerNotFound => "signer_not_found",
            Self::BadTimestamp(_) | Self::InvalidTimestamp(_) => "bad_timestamp",
            Self::PdfSignature(_) => "bad_pdf_signature",
            Self::ModifiedAfterSigning => "modified_after_signing",
            Self::TimestampUnavailable => "timestamp_unavailable",
            Self::RandomUnavailable => "random_unavailable",
            Self::MojRule(_) => "moj_rule",
            Self::BadPdf(_)
            | Self::BadDer { .. }
            | Self::BadPem(_)
            | Self::TooLarge { .. }
            | Self::UnsupportedVersion(_)
            | Self::NegativeSerial
            | Self::ZeroSerial
            | Self::SerialTooLong(_)
            | Self::SignatureAlgorithmMismatch
            | Self::DigestLength { .. }
            | Self::BadValidity(_)
            | Self::DuplicateExtension(_)
            | Self::BadExtension { .. }
            | Self::BadNameString { .. }
            | Self::CrlIssuerMismatch
            | Self::CrlNotNewer
            | Self::CrlRefused(_)
            | Self::UnsupportedCrl(_)
            | Self::UnsupportedOcspRequest(_)
            | Self::OcspUnsuccessful(_)
            | Self::OcspCertIdMismatch
            | Self::OcspNonceMismatch
            | Self::BadSignedData(_)
            | Self::AttributeRule(_)
            | Self::NoBasicFourInfo
            | Self::BasicFourMissing(_)
            | Self::BasicFourDuplicate(_)
            | Self::BasicFourWrongType(_)
            | Self::BasicFourBadText { .. }
            | Self::BadDateOfBirth(_)
            | Self::BadSexCode(_)
            | Self::BadSubstituteFlags { .. } => "malformed",
        }
    }

    /// The variant's own name in snake case: finer than [`check_name`](Self::check_name), one
    /// per variant (`ocsp_nonce_mismatch`, `crl_not_newer`, `bad_der`, …). Like the variants,
    /// it may gain names in later releases; the typed reason inside a variant says more.
    ///
    /// ```
    /// use jpki_core::Error;
    /// assert_eq!(Error::OcspNonceMismatch.detail_name(), "ocsp_nonce_mismatch");
    /// assert_eq!(Error::OcspCertIdMismatch.detail_name(), "ocsp_cert_id_mismatch");
    /// ```
    pub fn detail_name(&self) -> &'static str {
        match self {
            Self::BadDer { .. } => "bad_der",
            Self::BadPem(_) => "bad_pem",
            Self::TooLarge { .. } => "too_large",
            Self::UnsupportedVersion(_) => "unsupported_version",
            Self::NegativeSerial => "negative_serial",
            Self::ZeroSerial => "zero_serial",
            Self::SerialTooLong(_) => "serial_too_long",
            Self::SignatureAlgorithmMismatch => "signature_algorithm_mismatch",
            Self::BadValidity(_) => "bad_validity",
            Self::DuplicateExtension(_) => "duplicate_extension",
            Self::UnknownCriticalExtension(_) => "unknown_critical_extension",
            Self::BadExtension { .. } => "bad_extension",
            Self::BadNameString { .. } => "bad_name_string",
            Self::BadSignature => "bad_signature",
            Self::DigestLength { .. } => "digest_length",
            Self::UnsupportedAlgorithm(_) => "unsupported_algorithm",
            Self::UnsupportedKey(_) => "unsupported_key",
            Self::Expired { .. } => "expired",
            Self::NotYetValid { .. } => "not_yet_valid",
            Self::UnknownIssuer => "unknown_issuer",
            Self::CaConstraints(_) => "ca_constraints",
            Self::PathTooLong(_) => "path_too_long",
            Self::BudgetExceeded(_) => "budget_exceeded",
            Self::WrongCertificateKind { .. } => "wrong_certificate_kind",
            Self::UsageNotAllowed(_) => "usage_not_allowed",
            Self::Revoked { .. } => "revoked",
            Self::RevocationUnknown(_) => "revocation_unknown",
            Self::CrlIssuerMismatch => "crl_issuer_mismatch",
            Self::CrlNotNewer => "crl_not_newer",
            Self::CrlRefused(_) => "crl_refused",
            Self::AnchorMismatch(_) => "anchor_mismatch",
            Self::UnsupportedCrl(_) => "unsupported_crl",
            Self::UnsupportedOcspRequest(_) => "unsupported_ocsp_request",
            Self::OcspUnsuccessful(_) => "ocsp_unsuccessful",
            Self::OcspResponderNotAuthorized(_) => "ocsp_responder_not_authorized",
            Self::OcspCertIdMismatch => "ocsp_cert_id_mismatch",
            Self::OcspNonceMismatch => "ocsp_nonce_mismatch",
            Self::BadSignedData(_) => "bad_signed_data",
            Self::AttributeRule(_) => "attribute_rule",
            Self::ContentMismatch => "content_mismatch",
            Self::NoSigner => "no_signer",
            Self::SignerNotFound => "signer_not_found",
            Self::BadTimestamp(_) => "bad_timestamp",
            Self::InvalidTimestamp(_) => "invalid_timestamp",
            Self::NotJpki(_) => "not_jpki",
            Self::InconsistentKind(_) => "inconsistent_kind",
            Self::NoBasicFourInfo => "no_basic_four_info",
            Self::BasicFourMissing(_) => "basic_four_missing",
            Self::BasicFourDuplicate(_) => "basic_four_duplicate",
            Self::BasicFourWrongType(_) => "basic_four_wrong_type",
            Self::BasicFourBadText { .. } => "basic_four_bad_text",
            Self::BadDateOfBirth(_) => "bad_date_of_birth",
            Self::BadSexCode(_) => "bad_sex_code",
            Self::BadSubstituteFlags { .. } => "bad_substitute_flags",
            Self::BadPdf(_) => "bad_pdf",
            Self::PdfSignature(_) => "pdf_signature",
            Self::ModifiedAfterSigning => "modified_after_signing",
            Self::TimestampUnavailable => "timestamp_unavailable",
            Self::RandomUnavailable => "random_unavailable",
            Self::MojRule(_) => "moj_rule",
        }
    }

    /// `Ok` if `size` is within `limit`, else [`Error::TooLarge`] naming `what`: the one form of
    /// every resource-limit check.
    pub(crate) fn at_most(what: Limited, size: usize, limit: usize) -> Result<(), Self> {
        if size > limit {
            return Err(Self::TooLarge { what, size, limit });
        }
        Ok(())
    }

    /// Wraps a `der` error met while decoding `context`.
    pub(crate) fn der(context: DerContext, err: &der::Error) -> Self {
        Self::BadDer {
            context,
            problem: DerProblem::from_der(err),
        }
    }

    /// A closure for `map_err` that wraps a framing problem `der_reader` met in `context`.
    pub(crate) fn der_at(context: DerContext) -> impl Fn(DerProblem) -> Self {
        move |problem| Self::BadDer { context, problem }
    }

    /// A closure for `map_err` that wraps a `der` error met while decoding `context`.
    pub(crate) fn der_in(context: DerContext) -> impl Fn(der::Error) -> Self {
        move |e| Self::der(context, &e)
    }
}

#[cfg(test)]
#[path = "error_tests.rs"]
mod tests;

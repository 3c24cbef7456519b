//! Signed PDFs for tests: a minimal one-page document, signed by incremental updates, with a
//! knob for each attack shape a PDF verifier must catch.

use sha2::Digest;

use super::{
    CmsBuilder, CmsSignerSpec, IssuedCert, SignatureTimestampSpec, SignedAttrs, TestAttribute,
    TestTsa,
};
use crate::{Oid, UnixTime};

/// Bytes reserved for each signature's DER in `/Contents` (hex doubles it).
const CONTENTS_BYTES: usize = 12288;
/// id-aa-signingCertificateV2 (RFC 5035).
const ID_AA_SIGNING_CERTIFICATE_V2: Oid = Oid::new("1.2.840.113549.1.9.16.2.47");

#[derive(Clone, Debug)]
enum Step {
    Sign {
        cert: Box<IssuedCert>,
        cades: bool,
        sub_filter: &'static str,
        byte_range: Option<fn([usize; 4]) -> [usize; 4]>,
        contents: ContentsFault,
        timestamps: Vec<SignatureTimestampSpec>,
        dict: DictEdits,
    },
    DocTimestamp(Box<SignatureTimestampSpec>),
    AddDssEvidence {
        certs: Vec<Vec<u8>>,
        crls: Vec<Vec<u8>>,
        ocsps: Vec<Vec<u8>>,
    },
    AppendBytes(Vec<u8>),
    ShadowPageChange,
    RedefineSignature,
    AddDss,
}

/// What a signature's dictionary and CMS say besides the defaults (the Legal Affairs Bureau
/// profile's negatives).
#[derive(Clone, Copy, Debug)]
struct DictEdits {
    /// `/Type /Sig` written.
    type_sig: bool,
    /// `/Name`: `None` keeps the default `(Hanako)`, `Some(None)` leaves it out.
    name: Option<Option<&'static str>>,
    /// `/M`: `None` keeps the default, `Some(None)` leaves it out.
    time: Option<Option<&'static str>>,
    /// An edit of the CMS signer.
    signer: Option<fn(&mut CmsSignerSpec)>,
    /// The CMS without its certificates.
    no_certificates: bool,
}

impl Default for DictEdits {
    fn default() -> Self {
        Self {
            type_sig: true,
            name: None,
            time: None,
            signer: None,
            no_certificates: false,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ContentsFault {
    None,
    NonHex,
    TrailingNonZero,
}

/// Builds a minimal one-page PDF and signs it by incremental updates (each signature its own
/// revision: a signature dictionary with a `/ByteRange` and `/Contents` placeholder, a
/// signature field, the catalog's `/AcroForm`), then fills the placeholder with a detached CMS
/// made by [`CmsBuilder`] over the ByteRange bytes. Knobs apply to the last signature added.
///
/// ```
/// use jpki_core::testkit::{HolderSpec, SignedPdfBuilder, TestCa};
/// let holder = TestCa::new(1).issue_signing(&HolderSpec::example());
/// let pdf = SignedPdfBuilder::new().sign(&holder).build();
/// assert!(pdf.starts_with(b"%PDF-1.7"));
/// assert!(pdf.ends_with(b"%%EOF\n"));
/// ```
#[derive(Clone, Debug, Default)]
pub struct SignedPdfBuilder {
    steps: Vec<Step>,
    xref_streams: bool,
    pad: usize,
}

impl SignedPdfBuilder {
    /// An unsigned one-page document, written with cross-reference tables.
    ///
    /// ```
    /// use jpki_core::testkit::SignedPdfBuilder;
    /// assert!(SignedPdfBuilder::new().build().starts_with(b"%PDF-"));
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Writes every revision with a cross-reference **stream** (FlateDecode, PNG Up
    /// predictor).
    ///
    /// ```
    /// use jpki_core::testkit::SignedPdfBuilder;
    /// let pdf = SignedPdfBuilder::new().xref_streams().build();
    /// assert!(pdf.windows(10).any(|w| w == b"/Type /XRe"));
    /// ```
    pub fn xref_streams(mut self) -> Self {
        self.xref_streams = true;
        self
    }

    /// Adds a revision signed by `cert` (`/SubFilter /adbe.pkcs7.detached`).
    ///
    /// ```
    /// use jpki_core::testkit::{HolderSpec, SignedPdfBuilder, TestCa};
    /// let holder = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// let pdf = SignedPdfBuilder::new().sign(&holder).build();
    /// assert!(pdf.windows(19).any(|w| w == b"adbe.pkcs7.detached"));
    /// ```
    pub fn sign(mut self, cert: &IssuedCert) -> Self {
        self.steps.push(Step::Sign {
            cert: Box::new(cert.clone()),
            cades: false,
            sub_filter: "adbe.pkcs7.detached",
            byte_range: None,
            contents: ContentsFault::None,
            timestamps: Vec::new(),
            dict: DictEdits::default(),
        });
        self
    }

    /// Adds a signature time-stamp by `tsa` at `gen_time` to the last signature's CMS (PAdES
    /// B-T: the token's messageImprint is the digest of the signer's signature value).
    ///
    /// ```
    /// use jpki_core::{UnixTime, testkit::{HolderSpec, SignedPdfBuilder, TestCa, TestTsa}};
    /// let holder = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// let at = UnixTime::parse_rfc3339("2027-03-01T09:00:00Z")?;
    /// let pdf = SignedPdfBuilder::new().sign_cades(&holder).timestamped(&TestTsa::new(1), at).build();
    /// assert!(pdf.starts_with(b"%PDF-"));
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn timestamped(mut self, tsa: &TestTsa, gen_time: UnixTime) -> Self {
        self.last_sign(|s| {
            if let Step::Sign { timestamps, .. } = s {
                timestamps.push(SignatureTimestampSpec::new(tsa, gen_time));
            }
        });
        self
    }

    /// Adds a revision with a document timestamp (`/Type /DocTimeStamp`, `/SubFilter
    /// /ETSI.RFC3161`): a token by `tsa` at `gen_time` over the ByteRange bytes.
    ///
    /// ```
    /// use jpki_core::{UnixTime, testkit::{SignedPdfBuilder, TestTsa}};
    /// let at = UnixTime::parse_rfc3339("2027-03-01T09:00:00Z")?;
    /// let pdf = SignedPdfBuilder::new().document_timestamp(&TestTsa::new(1), at).build();
    /// assert!(pdf.windows(12).any(|w| w == b"ETSI.RFC3161"));
    /// # Ok::<(), jpki_core::Error>(())
    /// ```
    pub fn document_timestamp(self, tsa: &TestTsa, gen_time: UnixTime) -> Self {
        self.document_timestamp_with(SignatureTimestampSpec::new(tsa, gen_time))
    }

    /// Adds a document timestamp made as `spec` says (its faults: an imprint over other
    /// bytes, a corrupt token, another hash).
    ///
    /// ```
    /// use jpki_core::{UnixTime, testkit::{SignatureTimestampSpec, SignedPdfBuilder, TestTsa}};
    /// let mut spec = SignatureTimestampSpec::new(&TestTsa::new(1), UnixTime::from_unix_seconds(1_800_000_000));
    /// spec.wrong_imprint = true;
    /// assert!(SignedPdfBuilder::new().document_timestamp_with(spec).build().starts_with(b"%PDF-"));
    /// ```
    pub fn document_timestamp_with(mut self, spec: SignatureTimestampSpec) -> Self {
        self.steps.push(Step::DocTimestamp(Box::new(spec)));
        self
    }

    /// Adds a revision with a document security store holding these certificates, CRLs and
    /// OCSP responses (DER), each in its own stream (PAdES B-LT).
    ///
    /// ```
    /// use jpki_core::{UnixTime, testkit::{CrlSpec, SignedPdfBuilder, TestCa}};
    /// let ca = TestCa::new(1);
    /// let crl = ca.issue_crl(&CrlSpec::signing(UnixTime::from_unix_seconds(1_800_000_000)));
    /// let pdf = SignedPdfBuilder::new().add_dss_evidence(vec![], vec![crl], vec![]).build();
    /// assert!(pdf.windows(5).any(|w| w == b"/CRLs"));
    /// ```
    pub fn add_dss_evidence(
        mut self,
        certs: Vec<Vec<u8>>,
        crls: Vec<Vec<u8>>,
        ocsps: Vec<Vec<u8>>,
    ) -> Self {
        self.steps.push(Step::AddDssEvidence { certs, crls, ocsps });
        self
    }

    /// Adds a revision with a PAdES baseline signature (`/SubFilter /ETSI.CAdES.detached`,
    /// ESS signing-certificate-v2, no signingTime).
    ///
    /// ```
    /// use jpki_core::testkit::{HolderSpec, SignedPdfBuilder, TestCa};
    /// let holder = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// let pdf = SignedPdfBuilder::new().sign_cades(&holder).build();
    /// assert!(pdf.windows(19).any(|w| w == b"ETSI.CAdES.detached"));
    /// ```
    pub fn sign_cades(mut self, cert: &IssuedCert) -> Self {
        self.steps.push(Step::Sign {
            cert: Box::new(cert.clone()),
            cades: true,
            sub_filter: "ETSI.CAdES.detached",
            byte_range: None,
            contents: ContentsFault::None,
            timestamps: Vec::new(),
            dict: DictEdits::default(),
        });
        self
    }

    fn last_sign(&mut self, edit: impl FnOnce(&mut Step)) -> &mut Self {
        if let Some(step) = self
            .steps
            .iter_mut()
            .rev()
            .find(|s| matches!(s, Step::Sign { .. }))
        {
            edit(step);
        }
        self
    }

    fn last_dict(&mut self, edit: impl FnOnce(&mut DictEdits)) -> &mut Self {
        self.last_sign(|s| {
            if let Step::Sign { dict, .. } = s {
                edit(dict);
            }
        })
    }

    /// Leaves `/Type /Sig` out of the last signature's dictionary (optional in ISO 32000,
    /// required by the Legal Affairs Bureau profile).
    ///
    /// ```
    /// use jpki_core::testkit::{HolderSpec, SignedPdfBuilder, TestCa};
    /// let holder = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// let pdf = SignedPdfBuilder::new().sign(&holder).without_type().build();
    /// assert!(!pdf.windows(9).any(|w| w == b"/Type /Si"));
    /// ```
    pub fn without_type(mut self) -> Self {
        self.last_dict(|d| d.type_sig = false);
        self
    }

    /// The last signature's `/Name` (a literal string written as given; `None`: no `/Name`).
    ///
    /// ```
    /// use jpki_core::testkit::{HolderSpec, SignedPdfBuilder, TestCa};
    /// let holder = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// let pdf = SignedPdfBuilder::new().sign(&holder).signer_name(None).build();
    /// assert!(!pdf.windows(5).any(|w| w == b"/Name"));
    /// ```
    pub fn signer_name(mut self, name: Option<&'static str>) -> Self {
        self.last_dict(|d| d.name = Some(name));
        self
    }

    /// The last signature's `/M` (a literal string written as given; `None`: no `/M`).
    ///
    /// ```
    /// use jpki_core::testkit::{HolderSpec, SignedPdfBuilder, TestCa};
    /// let holder = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// let pdf = SignedPdfBuilder::new().sign(&holder).claimed_time(Some("D:2027")).build();
    /// assert!(pdf.windows(10).any(|w| w == b"/M (D:2027"));
    /// ```
    pub fn claimed_time(mut self, time: Option<&'static str>) -> Self {
        self.last_dict(|d| d.time = Some(time));
        self
    }

    /// Edits the last signature's CMS signer (its digest, its signed attributes, …).
    ///
    /// ```
    /// use jpki_core::{DigestAlgorithm, testkit::{HolderSpec, SignedPdfBuilder, TestCa}};
    /// let holder = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// let pdf = SignedPdfBuilder::new().sign(&holder).cms_signer(|s| s.digest = DigestAlgorithm::Sha384).build();
    /// assert!(pdf.starts_with(b"%PDF-"));
    /// ```
    pub fn cms_signer(mut self, edit: fn(&mut CmsSignerSpec)) -> Self {
        self.last_dict(|d| d.signer = Some(edit));
        self
    }

    /// Leaves the signer's certificate out of the last signature's CMS (a verifier must then
    /// be given it as an intermediate).
    ///
    /// ```
    /// use jpki_core::testkit::{HolderSpec, SignedPdfBuilder, TestCa};
    /// let holder = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// let with = SignedPdfBuilder::new().sign(&holder).build();
    /// let without = SignedPdfBuilder::new().sign(&holder).cms_without_certificates().build();
    /// assert_eq!(with.len(), without.len()); // the same /Contents size, less of it used
    /// ```
    pub fn cms_without_certificates(mut self) -> Self {
        self.last_dict(|d| d.no_certificates = true);
        self
    }

    /// Writes another `/SubFilter` name into the last signature (the CMS stays the same).
    ///
    /// ```
    /// use jpki_core::testkit::{HolderSpec, SignedPdfBuilder, TestCa};
    /// let holder = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// let pdf = SignedPdfBuilder::new().sign(&holder).sub_filter("adbe.pkcs7.sha1").build();
    /// assert!(pdf.windows(15).any(|w| w == b"adbe.pkcs7.sha1"));
    /// ```
    pub fn sub_filter(mut self, name: &'static str) -> Self {
        self.last_sign(|s| {
            if let Step::Sign { sub_filter, .. } = s {
                *sub_filter = name;
            }
        });
        self
    }

    /// Rewrites the last signature's `/ByteRange` `[a b c d]` before signing: the CMS is made
    /// over whatever the new ranges cover (a range that skips content, overlaps, …).
    ///
    /// ```
    /// use jpki_core::testkit::{HolderSpec, SignedPdfBuilder, TestCa};
    /// let holder = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// let pdf = SignedPdfBuilder::new().sign(&holder).byte_range(|[a, b, c, d]| [a, b - 10, c, d]).build();
    /// assert!(pdf.windows(13).any(|w| w == b"/ByteRange [0"));
    /// ```
    pub fn byte_range(mut self, edit: fn([usize; 4]) -> [usize; 4]) -> Self {
        self.last_sign(|s| {
            if let Step::Sign { byte_range, .. } = s {
                *byte_range = Some(edit);
            }
        });
        self
    }

    /// Puts non-hex characters in the last signature's `/Contents` padding.
    ///
    /// ```
    /// use jpki_core::testkit::{HolderSpec, SignedPdfBuilder, TestCa};
    /// let holder = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// let pdf = SignedPdfBuilder::new().sign(&holder).contents_non_hex().build();
    /// assert!(pdf.windows(2).any(|w| w == b"zz"));
    /// ```
    pub fn contents_non_hex(mut self) -> Self {
        self.last_sign(|s| {
            if let Step::Sign { contents, .. } = s {
                *contents = ContentsFault::NonHex;
            }
        });
        self
    }

    /// Puts a non-zero byte in the last signature's `/Contents` padding, after the DER.
    ///
    /// ```
    /// use jpki_core::testkit::{HolderSpec, SignedPdfBuilder, TestCa};
    /// let holder = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// let pdf = SignedPdfBuilder::new().sign(&holder).contents_trailing_nonzero().build();
    /// assert!(pdf.windows(3).any(|w| w == b"01>"));
    /// ```
    pub fn contents_trailing_nonzero(mut self) -> Self {
        self.last_sign(|s| {
            if let Step::Sign { contents, .. } = s {
                *contents = ContentsFault::TrailingNonZero;
            }
        });
        self
    }

    /// Appends bytes after the last `%%EOF` (no new revision).
    ///
    /// ```
    /// use jpki_core::testkit::SignedPdfBuilder;
    /// assert!(SignedPdfBuilder::new().append_bytes(b"junk".to_vec()).build().ends_with(b"junk"));
    /// ```
    pub fn append_bytes(mut self, bytes: Vec<u8>) -> Self {
        self.steps.push(Step::AppendBytes(bytes));
        self
    }

    /// Adds a revision that redefines the page with another content stream (a shadow
    /// revision).
    ///
    /// ```
    /// use jpki_core::testkit::SignedPdfBuilder;
    /// assert!(SignedPdfBuilder::new().shadow_page_change().build().windows(7).any(|w| w == b"(FORGE)"));
    /// ```
    pub fn shadow_page_change(mut self) -> Self {
        self.steps.push(Step::ShadowPageChange);
        self
    }

    /// Adds a revision that redefines the last signature dictionary (another `/Name`).
    ///
    /// ```
    /// use jpki_core::testkit::{HolderSpec, SignedPdfBuilder, TestCa};
    /// let holder = TestCa::new(1).issue_signing(&HolderSpec::example());
    /// let pdf = SignedPdfBuilder::new().sign(&holder).redefine_signature().build();
    /// assert!(pdf.windows(9).any(|w| w == b"(Mallory)"));
    /// ```
    pub fn redefine_signature(mut self) -> Self {
        self.steps.push(Step::RedefineSignature);
        self
    }

    /// Adds a revision that adds document-security data (`/DSS` in the catalog, new objects).
    ///
    /// ```
    /// use jpki_core::testkit::SignedPdfBuilder;
    /// assert!(SignedPdfBuilder::new().add_dss().build().windows(4).any(|w| w == b"/DSS"));
    /// ```
    pub fn add_dss(mut self) -> Self {
        self.steps.push(Step::AddDss);
        self
    }

    /// Adds `bytes` of filler to the unsigned document: a stream object of that length in the
    /// first revision (nothing refers to it), so that every signature covers a large file —
    /// for measuring verification over big documents.
    ///
    /// ```
    /// use jpki_core::testkit::SignedPdfBuilder;
    /// let small = SignedPdfBuilder::new().build();
    /// let big = SignedPdfBuilder::new().pad(1 << 20).build();
    /// assert!(big.len() >= small.len() + (1 << 20));
    /// ```
    pub fn pad(mut self, bytes: usize) -> Self {
        self.pad = bytes;
        self
    }

    /// The file.
    ///
    /// ```
    /// use jpki_core::testkit::SignedPdfBuilder;
    /// assert!(SignedPdfBuilder::new().build().ends_with(b"%%EOF\n"));
    /// ```
    pub fn build(&self) -> Vec<u8> {
        let mut w = Writer {
            buf: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec(),
            prev: None,
            size: 5,
            xref_streams: self.xref_streams,
            fields: Vec::new(),
            last_sig: None,
        };
        let mut first = vec![
            (1, w.catalog()),
            (2, b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec()),
            (3, page(4)),
            (4, content_stream(b"BT /F1 12 Tf 72 720 Td (JPKI) Tj ET")),
        ];
        if self.pad > 0 {
            // Bytes 0..=250 over and over: no "endstream" inside, nothing compressible.
            let filler: Vec<u8> = (0..self.pad).map(|i| (i % 251) as u8).collect();
            first.push((w.next(), content_stream(&filler)));
        }
        w.revision(&first);
        for step in &self.steps {
            match step {
                Step::Sign {
                    cert,
                    cades,
                    sub_filter,
                    byte_range,
                    contents,
                    timestamps,
                    dict,
                } => w.sign(
                    Signer::Cms {
                        cert,
                        cades: *cades,
                        sub_filter,
                        timestamps,
                        edits: *dict,
                    },
                    *byte_range,
                    *contents,
                ),
                Step::DocTimestamp(spec) => {
                    w.sign(Signer::DocTimestamp(spec), None, ContentsFault::None)
                }
                Step::AddDssEvidence { certs, crls, ocsps } => {
                    let dss = w.next();
                    let mut objects = Vec::new();
                    let mut lists = Vec::new();
                    for (key, items) in [("Certs", certs), ("CRLs", crls), ("OCSPs", ocsps)] {
                        let mut refs = Vec::new();
                        for der in items {
                            let num = w.next();
                            refs.push(format!("{num} 0 R"));
                            objects.push((num, binary_stream(der)));
                        }
                        lists.push(format!("/{key} [{}]", refs.join(" ")));
                    }
                    objects.push((
                        dss,
                        format!("<< /Type /DSS {} >>", lists.join(" ")).into_bytes(),
                    ));
                    objects.push((1, w.catalog_with_dss(dss)));
                    w.revision(&objects);
                }
                Step::AppendBytes(b) => w.buf.extend_from_slice(b),
                Step::ShadowPageChange => {
                    let content = w.next();
                    w.revision(&[
                        (3, page(content)),
                        (
                            content,
                            content_stream(b"BT /F1 12 Tf 72 720 Td (FORGE) Tj ET"),
                        ),
                    ]);
                }
                Step::RedefineSignature => {
                    if let Some((num, body)) = w.last_sig.clone() {
                        let text = String::from_utf8_lossy(&body)
                            .replace("(Hanako)", "(Mallory)")
                            .into_bytes();
                        w.revision(&[(num, text)]);
                    }
                }
                Step::AddDss => {
                    let dss = w.next();
                    w.revision(&[
                        (1, w.catalog_with_dss(dss)),
                        (dss, b"<< /Type /DSS /Certs [] >>".to_vec()),
                    ]);
                }
            }
        }
        w.buf
    }
}

fn page(content: u32) -> Vec<u8> {
    format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {content} 0 R >>")
        .into_bytes()
}

fn binary_stream(data: &[u8]) -> Vec<u8> {
    let mut out = format!("<< /Length {} >>\nstream\n", data.len()).into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b"\nendstream");
    out
}

/// What one signature revision holds: a CMS signature, or a document timestamp.
enum Signer<'a> {
    Cms {
        cert: &'a IssuedCert,
        cades: bool,
        sub_filter: &'a str,
        timestamps: &'a [SignatureTimestampSpec],
        edits: DictEdits,
    },
    DocTimestamp(&'a SignatureTimestampSpec),
}

fn content_stream(text: &[u8]) -> Vec<u8> {
    let mut out = format!("<< /Length {} >>\nstream\n", text.len()).into_bytes();
    out.extend_from_slice(text);
    out.extend_from_slice(b"\nendstream");
    out
}

struct Writer {
    buf: Vec<u8>,
    prev: Option<usize>,
    size: u32,
    xref_streams: bool,
    fields: Vec<u32>,
    last_sig: Option<(u32, Vec<u8>)>,
}

impl Writer {
    fn next(&mut self) -> u32 {
        self.size += 1;
        self.size - 1
    }

    fn catalog(&self) -> Vec<u8> {
        let mut s = String::from("<< /Type /Catalog /Pages 2 0 R");
        if !self.fields.is_empty() {
            let refs: Vec<String> = self.fields.iter().map(|f| format!("{f} 0 R")).collect();
            s.push_str(&format!(
                " /AcroForm << /Fields [{}] /SigFlags 3 >>",
                refs.join(" ")
            ));
        }
        s.push_str(" >>");
        s.into_bytes()
    }

    fn catalog_with_dss(&self, dss: u32) -> Vec<u8> {
        let mut c = self.catalog();
        c.truncate(c.len() - 2);
        c.extend_from_slice(format!("/DSS {dss} 0 R >>").as_bytes());
        c
    }

    /// Appends one revision defining `objects`, with its cross-reference section.
    fn revision(&mut self, objects: &[(u32, Vec<u8>)]) {
        let mut offsets = Vec::new();
        for (num, body) in objects {
            offsets.push((*num, self.buf.len()));
            self.buf
                .extend_from_slice(format!("{num} 0 obj\n").as_bytes());
            self.buf.extend_from_slice(body);
            self.buf.extend_from_slice(b"\nendobj\n");
        }
        let xref = self.buf.len();
        let prev = self.prev.map(|p| format!(" /Prev {p}")).unwrap_or_default();
        if self.xref_streams {
            let num = self.next();
            offsets.push((num, xref));
            offsets.sort_unstable();
            // Rows of /W [1 4 2], PNG "Up" predictor (row type 2), 7 columns.
            let mut raw = Vec::new();
            let mut above = [0u8; 7];
            for (_, off) in &offsets {
                let mut row = [0u8; 7];
                row[0] = 1;
                row[1..5].copy_from_slice(&u32::try_from(*off).unwrap_or(0).to_be_bytes());
                raw.push(2);
                raw.extend(row.iter().zip(above).map(|(x, a)| x.wrapping_sub(a)));
                above = row;
            }
            let packed = miniz_oxide::deflate::compress_to_vec_zlib(&raw, 6);
            let index: Vec<String> = offsets.iter().map(|(n, _)| format!("{n} 1")).collect();
            self.buf.extend_from_slice(
                format!(
                    "{num} 0 obj\n<< /Type /XRef /Size {} /Index [{}] /W [1 4 2] /Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 7 >> /Root 1 0 R{prev} /Length {} >>\nstream\n",
                    self.size,
                    index.join(" "),
                    packed.len()
                )
                .as_bytes(),
            );
            self.buf.extend_from_slice(&packed);
            self.buf.extend_from_slice(b"\nendstream\nendobj\n");
        } else {
            self.buf.extend_from_slice(b"xref\n");
            if self.prev.is_none() {
                self.buf.extend_from_slice(b"0 1\n0000000000 65535 f \n");
            }
            offsets.sort_unstable();
            for (num, off) in &offsets {
                self.buf
                    .extend_from_slice(format!("{num} 1\n{off:010} 00000 n \n").as_bytes());
            }
            self.buf.extend_from_slice(
                format!("trailer\n<< /Size {} /Root 1 0 R{prev} >>\n", self.size).as_bytes(),
            );
        }
        self.buf
            .extend_from_slice(format!("startxref\n{xref}\n%%EOF\n").as_bytes());
        self.prev = Some(xref);
    }

    fn sign(
        &mut self,
        signer: Signer<'_>,
        byte_range: Option<fn([usize; 4]) -> [usize; 4]>,
        fault: ContentsFault,
    ) {
        let sig = self.next();
        let field = self.next();
        self.fields.push(field);
        let placeholder = "0".repeat(2 * CONTENTS_BYTES);
        let head = match &signer {
            Signer::Cms {
                cades,
                sub_filter,
                edits,
                ..
            } => {
                let default_time = if *cades {
                    None
                } else {
                    Some("D:20270101090000+09'00'")
                };
                let time = edits
                    .time
                    .unwrap_or(default_time)
                    .map(|t| format!("/M ({t}) "))
                    .unwrap_or_default();
                let name = edits
                    .name
                    .unwrap_or(Some("Hanako"))
                    .map(|n| format!("/Name ({n}) "))
                    .unwrap_or_default();
                let type_sig = if edits.type_sig { "/Type /Sig " } else { "" };
                format!("{type_sig}/Filter /Adobe.PPKLite /SubFilter /{sub_filter} {name}{time}")
            }
            Signer::DocTimestamp(_) => {
                "/Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161 ".to_string()
            }
        };
        let sig_body = format!(
            "<< {head}/ByteRange [0 0000000000 0000000000 0000000000] /Contents <{placeholder}> >>"
        )
        .into_bytes();
        let field_name = match &signer {
            Signer::Cms { .. } => "Signature",
            Signer::DocTimestamp(_) => "Timestamp",
        };
        let field_body = format!(
            "<< /FT /Sig /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /F 132 /P 3 0 R /T ({field_name}{}) /V {sig} 0 R >>",
            self.fields.len()
        )
        .into_bytes();
        let sig_at = self.buf.len();
        let catalog = self.catalog();
        self.revision(&[(sig, sig_body), (field, field_body), (1, catalog)]);
        let find = |needle: &[u8], from: usize, buf: &[u8]| {
            buf.get(from..)
                .and_then(|b| b.windows(needle.len()).position(|w| w == needle))
                .map(|p| p + from)
                .unwrap_or(0)
        };
        let lt = find(b"/Contents <", sig_at, &self.buf) + 10;
        let gt = lt + 1 + 2 * CONTENTS_BYTES;
        let range_at = find(b"/ByteRange [", sig_at, &self.buf) + 11;
        let mut range = [0, lt, gt + 1, self.buf.len() - gt - 1];
        if let Some(edit) = byte_range {
            range = edit(range);
        }
        let text = format!(
            "[{} {:010} {:010} {:010}]",
            range[0], range[1], range[2], range[3]
        );
        self.buf[range_at..range_at + text.len()].copy_from_slice(text.as_bytes());
        let at = |i: usize| i.min(self.buf.len());
        let mut content = self.buf[at(range[0])..at(range[0] + range[1])].to_vec();
        content.extend_from_slice(&self.buf[at(range[2])..at(range[2] + range[3])]);
        let cms = match signer {
            Signer::DocTimestamp(spec) => spec.token(&content),
            Signer::Cms {
                cert,
                cades,
                timestamps,
                edits,
                ..
            } => {
                let edit = edits.signer.unwrap_or(|_| {});
                let ess = ess_signing_certificate_v2(&cert.der);
                let mut builder = CmsBuilder::new(content)
                    .detached()
                    .signer_with(cert, |spec| {
                        if cades {
                            spec.attributes = SignedAttrs::Default { signing_time: None };
                            spec.extra_signed_attributes =
                                vec![TestAttribute::new(ID_AA_SIGNING_CERTIFICATE_V2, vec![ess])];
                        }
                        spec.signature_timestamps = timestamps.to_vec();
                        edit(spec);
                    });
                if edits.no_certificates {
                    builder = builder.without_certificates();
                }
                builder.build()
            }
        };
        let mut hex: Vec<u8> = cms
            .iter()
            .flat_map(|b| format!("{b:02x}").into_bytes())
            .collect();
        hex.resize(2 * CONTENTS_BYTES, b'0');
        match fault {
            ContentsFault::None => {}
            ContentsFault::NonHex => {
                hex[2 * CONTENTS_BYTES - 4..2 * CONTENTS_BYTES - 2].copy_from_slice(b"zz")
            }
            ContentsFault::TrailingNonZero => hex[2 * CONTENTS_BYTES - 2..].copy_from_slice(b"01"),
        }
        self.buf[lt + 1..gt].copy_from_slice(&hex);
        let body_start = find(b"<<", sig_at, &self.buf);
        let body_end = find(b"\nendobj", body_start, &self.buf);
        self.last_sig = Some((sig, self.buf[body_start..body_end].to_vec()));
    }
}

/// SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 } with one ESSCertIDv2
/// { certHash OCTET STRING } (hashAlgorithm left at its DEFAULT, SHA-256).
fn ess_signing_certificate_v2(cert: &[u8]) -> Vec<u8> {
    let hash = sha2::Sha256::digest(cert);
    let mut id = vec![0x30, 34, 0x04, 32];
    id.extend_from_slice(&hash);
    let mut certs = vec![0x30, 36];
    certs.extend_from_slice(&id);
    let mut out = vec![0x30, 38];
    out.extend_from_slice(&certs);
    out
}

//! PDF signature interoperability with pyHanko, both ways: PDFs that pyHanko makes and signs
//! with the test CA's JPKI signing certificate (PAdES B-B and adbe.pkcs7.detached, B-T with a
//! signature timestamp, B-LT with embedded CRLs, document timestamps, several signatures by
//! incremental update) verify in jpki-core's `PdfVerifier` with the expected outcome; the
//! attack shapes built with pyHanko (a forged second signature, bytes appended, a shadow
//! revision changing the page) are refused; and what `SignedPdfBuilder` signs validates in
//! pyHanko as intact, valid and trusted.
//!
//! pyHanko runs as `$JPKI_PYHANKO_PYTHON tests/pyhanko/sign.py` (`.ci/run` makes a venv with
//! pinned versions and sets it; without it `python3` is tried). The tests skip (saying so)
//! where pyHanko cannot be imported, and fail there under CI.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use jpki_core::testkit::{CrlSpec, HolderSpec, IssuedCert, SignedPdfBuilder, TestCa, TestTsa};
use jpki_core::{
    Error, PdfProblem, PdfReport, PdfVerifier, SignedDataVerifier, TimestampVerifier, UnixTime,
    Verifier,
};
use serde_json::{Value, json};

/// The verification time, inside the holders' and the TSA's validity whatever the clock says.
const AT: &str = "2027-01-01T00:00:00Z";
/// The dummy TSA's genTime.
const TSA_TIME: &str = "2026-12-31T12:00:00Z";

fn tsa_time() -> UnixTime {
    UnixTime::parse_rfc3339(TSA_TIME).expect("time")
}

fn at() -> UnixTime {
    UnixTime::parse_rfc3339(AT).expect("time")
}

/// The Python interpreter that has pyHanko, or `None` (the test skips) outside CI.
fn pyhanko_python() -> Option<PathBuf> {
    let python = std::env::var_os("JPKI_PYHANKO_PYTHON")
        .filter(|v| !v.is_empty())
        .map_or_else(|| PathBuf::from("python3"), PathBuf::from);
    let ok = Command::new(&python)
        .args(["-c", "import pyhanko, pyhanko_certvalidator"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            !common::under_ci(),
            "pyHanko cannot be imported by {} and CI is set: the pyHanko tests may not skip \
             (.ci/run makes the venv and sets JPKI_PYHANKO_PYTHON)",
            python.display()
        );
        eprintln!(
            "SKIPPED: pyHanko cannot be imported by {} (set JPKI_PYHANKO_PYTHON to a Python \
             with `pip install pyhanko pyhanko-certvalidator`)",
            python.display()
        );
        return None;
    }
    Some(python)
}

/// The testkit's keys, certificates and a CRL written as PEM for pyHanko, and a jpki-core
/// verifier trusting the holder's root.
struct Lab {
    python: PathBuf,
    dir: PathBuf,
    holder: IssuedCert,
    verifier: PdfVerifier,
    jobs: std::cell::Cell<u32>,
}

impl Lab {
    fn new(test: &str) -> Option<Self> {
        let python = pyhanko_python()?;
        let dir =
            std::env::temp_dir().join(format!("jpki-core-pyhanko-{}-{test}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let ca = TestCa::new(20);
        let holder = ca.issue_signing(&HolderSpec::example());
        let stranger_ca = TestCa::new(99);
        let stranger = stranger_ca.issue_signing(&HolderSpec::example());
        let tsa = TestTsa::new(20);
        let write = |name: &str, text: &str| {
            std::fs::write(dir.join(name), text).expect("write");
        };
        write("holder.pem", &holder.to_pem());
        write("holder.key", &holder.private_key.to_pkcs8_pem());
        write("root.pem", &ca.signing_root().to_pem());
        write("stranger.pem", &stranger.to_pem());
        write("stranger.key", &stranger.private_key.to_pkcs8_pem());
        write("stranger-root.pem", &stranger_ca.signing_root().to_pem());
        write("tsa.pem", &tsa.certificate().to_pem());
        write("tsa.key", &tsa.certificate().private_key.to_pkcs8_pem());
        write("tsa-root.pem", &tsa.root().to_pem());
        let crl = ca.issue_crl(&CrlSpec::signing(
            UnixTime::parse_rfc3339(TSA_TIME).expect("time"),
        ));
        std::fs::write(dir.join("root.crl"), crl).expect("write");
        let tsa_crl = tsa.issue_crl(&CrlSpec::signing(
            UnixTime::parse_rfc3339(TSA_TIME).expect("time"),
        ));
        std::fs::write(dir.join("tsa-root.crl"), tsa_crl).expect("write");
        let verifier = PdfVerifier::new(SignedDataVerifier::new(
            Verifier::new([ca.signing_root().certificate()]).expect("anchor"),
        ))
        .with_timestamps(TimestampVerifier::new(
            Verifier::new([tsa.root().certificate()]).expect("TSA anchor"),
        ));
        Some(Self {
            python,
            dir,
            holder,
            verifier,
            jobs: std::cell::Cell::new(0),
        })
    }

    fn path(&self, name: &str) -> String {
        self.dir.join(name).display().to_string()
    }

    /// Runs `sign.py command` with `job` (paths relative to the lab's directory).
    fn run(&self, command: &str, job: Value) -> Value {
        let n = self.jobs.get() + 1;
        self.jobs.set(n);
        let job_path = self.dir.join(format!("job-{n}.json"));
        std::fs::write(&job_path, job.to_string()).expect("write job");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pyhanko/sign.py");
        let out = Command::new(&self.python)
            .arg(&script)
            .arg(command)
            .arg(&job_path)
            .output()
            .expect("run python");
        assert!(
            out.status.success(),
            "sign.py {command} {job}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("sign.py prints JSON")
    }

    /// A fresh one-page PDF written by pyHanko.
    fn create(&self, name: &str) -> String {
        let out = self.path(name);
        self.run("create", json!({ "out": out }));
        out
    }

    fn tsa(&self) -> Value {
        json!({ "key": self.path("tsa.key"), "cert": self.path("tsa.pem"), "time": TSA_TIME })
    }

    /// Signs `input` into `output` as `who` ("holder" or "stranger").
    fn sign(&self, input: &str, output: &str, who: &str, field: &str, opts: Value) -> String {
        let out = self.path(output);
        let mut job = json!({
            "in": input,
            "out": out,
            "key": self.path(&format!("{who}.key")),
            "cert": self.path(&format!("{who}.pem")),
            "chain": [self.path(if who == "holder" { "root.pem" } else { "stranger-root.pem" })],
            "field": field,
            "subfilter": "pades",
            "tsa": null,
            "lt": null,
        });
        if let (Some(job), Some(opts)) = (job.as_object_mut(), opts.as_object()) {
            for (k, v) in opts {
                job.insert(k.clone(), v.clone());
            }
        }
        self.run("sign", job);
        out
    }

    fn timestamp(&self, input: &str, output: &str, keep_info: bool) -> String {
        let out = self.path(output);
        self.run(
            "timestamp",
            json!({ "in": input, "out": out, "tsa": self.tsa(), "keep_info": keep_info }),
        );
        out
    }

    fn verify(&self, path: &str) -> PdfReport {
        let pdf = std::fs::read(path).expect("read pdf");
        self.verifier
            .verify(&pdf, at())
            .unwrap_or_else(|e| panic!("{path}: the structure does not parse: {e:?}"))
    }

    /// pyHanko's validation of every signature in `path`, trusting the holder's root.
    fn pyhanko_validate(&self, path: &str) -> Vec<Value> {
        let out = self.run(
            "validate",
            json!({ "in": path, "roots": [self.path("root.pem")], "time": AT }),
        );
        out["signatures"].as_array().expect("signatures").clone()
    }
}

impl Drop for Lab {
    /// Removes the scratch files, unless the test failed (then they are kept to look at).
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Whether the file's hex `/Contents` holds the OID id-aa-timeStampToken
/// (1.2.840.113549.1.9.16.2.14), the CAdES signature-time-stamp attribute.
fn has_timestamp_attribute(pdf: &[u8]) -> bool {
    let oid = b"060B2A864886F70D010910020E";
    pdf.windows(oid.len()).any(|w| w.eq_ignore_ascii_case(oid))
}

fn assert_valid_holder_signature(lab: &Lab, report: &PdfReport, i: usize) {
    let sig = &report.signatures()[i];
    assert!(sig.is_valid(), "signature {i}: {:?}", sig.error());
    let cms = sig.cms().expect("cms report");
    assert_eq!(
        cms.signers()[0].certificate().map(|c| c.serial()),
        Some(lab.holder.serial)
    );
}

#[test]
fn pades_b_b_and_adbe_pkcs7_detached_from_pyhanko_verify() {
    let Some(lab) = Lab::new("b-b") else { return };
    let base = lab.create("base.pdf");
    for (subfilter, name) in [
        ("pades", "ETSI.CAdES.detached"),
        ("pkcs7", "adbe.pkcs7.detached"),
    ] {
        let signed = lab.sign(
            &base,
            &format!("{subfilter}.pdf"),
            "holder",
            "Sig1",
            json!({ "subfilter": subfilter }),
        );
        let report = lab.verify(&signed);
        assert!(report.is_valid(), "{subfilter}: {:?}", report.error());
        assert_eq!(report.signatures().len(), 1);
        assert_eq!(report.revisions(), 2);
        let sig = &report.signatures()[0];
        assert_eq!(sig.sub_filter(), name);
        assert_eq!(sig.field(), Some("Sig1"));
        assert!(sig.covers_whole_file());
        assert!(!sig.modified_after_signing());
        assert_valid_holder_signature(&lab, &report, 0);
        // One byte changed inside the signed range: the digest no longer matches.
        let mut pdf = std::fs::read(&signed).expect("read");
        let text = pdf
            .windows(7)
            .position(|w| w == b"pyHanko")
            .or_else(|| pdf.windows(8).position(|w| w == b"/MediaBo"))
            .expect("something to alter before the signature");
        pdf[text] ^= 0x20;
        let altered = lab.verifier.verify(&pdf, at());
        assert!(
            !altered.as_ref().is_ok_and(PdfReport::is_valid),
            "{subfilter}: an altered file verified"
        );
    }
}

#[test]
fn pades_b_t_with_a_signature_timestamp_from_pyhanko() {
    let Some(lab) = Lab::new("b-t") else { return };
    let base = lab.create("base.pdf");
    let signed = lab.sign(
        &base,
        "b-t.pdf",
        "holder",
        "Sig1",
        json!({ "tsa": lab.tsa() }),
    );
    assert!(
        has_timestamp_attribute(&std::fs::read(&signed).expect("read")),
        "pyHanko added a signature-time-stamp attribute"
    );
    let report = lab.verify(&signed);
    // pyHanko's signature time-stamp verifies under the TSA's root, and the holder's
    // certificate is validated at its genTime.
    assert!(report.is_valid(), "{:?}", report.error());
    assert_eq!(report.signatures()[0].sub_filter(), "ETSI.CAdES.detached");
    assert_eq!(report.signatures()[0].timestamp(), Some(tsa_time()));
    assert_eq!(report.signatures()[0].checked_at(), Some(tsa_time()));
    assert_valid_holder_signature(&lab, &report, 0);
}

/// pyHanko redefines the document information dictionary (`/Info`: `/ModDate`, `/Producer`)
/// in every incremental update it writes. The strict mode permits that (it is metadata no
/// page shows; pyHanko's own difference analysis, its `DocInfoRule`, allows it too), so both
/// ways — with pyHanko's update and with it switched off in sign.py (`keep_info`) — a later
/// revision that only adds DSS data or a document timestamp leaves an earlier signature
/// unmodified.
fn info_modifies(_keep_info: bool) -> bool {
    false
}

#[test]
fn a_document_timestamp_from_pyhanko_verifies_and_dates_the_signature() {
    let Some(lab) = Lab::new("doc-ts") else {
        return;
    };
    let base = lab.create("base.pdf");
    let signed = lab.sign(&base, "signed.pdf", "holder", "Sig1", json!({}));
    for keep_info in [false, true] {
        let stamped = lab.timestamp(&signed, &format!("stamped-{keep_info}.pdf"), keep_info);
        let report = lab.verify(&stamped);
        let sigs = report.signatures();
        assert_eq!(sigs.len(), 2);
        // The signature: a later revision that only adds a document timestamp is permitted
        // (pyHanko's /Info update aside).
        assert_eq!(sigs[0].later_revisions(), 1);
        assert_eq!(sigs[0].modified_after_signing(), info_modifies(keep_info));
        assert!(sigs[0].cms().is_some_and(|c| c.is_valid()));
        assert_valid_holder_signature(&lab, &report, 0);
        // The signature is validated at the document timestamp that covers it.
        assert_eq!(sigs[0].checked_at(), Some(tsa_time()));
        // The document timestamp: over the whole file, under the TSA's root.
        assert_eq!(sigs[1].sub_filter(), "ETSI.RFC3161");
        assert!(sigs[1].covers_whole_file());
        assert!(sigs[1].is_valid(), "{:?}", sigs[1].error());
        assert_eq!(sigs[1].timestamp(), Some(tsa_time()));
        assert!(report.is_valid(), "{:?}", report.error());
        // Without TSA anchors a document timestamp cannot be checked: never valid.
        let pdf = std::fs::read(&stamped).expect("read");
        let ca = TestCa::new(20);
        let no_tsa = PdfVerifier::new(SignedDataVerifier::new(
            Verifier::new([ca.signing_root().certificate()]).expect("anchor"),
        ));
        let report = no_tsa.verify(&pdf, at()).expect("parses");
        assert_eq!(
            report.signatures()[1].error(),
            Some(&Error::TimestampUnavailable)
        );
    }
}

#[test]
fn two_signers_then_a_document_timestamp_by_incremental_updates() {
    let Some(lab) = Lab::new("multi") else { return };
    let base = lab.create("base.pdf");
    for keep_info in [false, true] {
        let one = lab.sign(
            &base,
            &format!("one-{keep_info}.pdf"),
            "holder",
            "Sig1",
            json!({ "keep_info": keep_info }),
        );
        let two = lab.sign(
            &one,
            &format!("two-{keep_info}.pdf"),
            "holder",
            "Sig2",
            json!({ "subfilter": "pkcs7", "keep_info": keep_info }),
        );
        let report = lab.verify(&two);
        let sigs = report.signatures();
        assert_eq!(sigs.len(), 2);
        assert_eq!(report.revisions(), 3);
        // The strict mode: the second signature's revision adds a signature field, which
        // counts as a change after the first signature (DocMDP comparison is out of scope).
        assert_eq!(sigs[0].later_revisions(), 1);
        assert!(sigs[0].modified_after_signing());
        assert_eq!(sigs[0].error(), Some(&Error::ModifiedAfterSigning));
        // Its CMS itself verified.
        assert!(sigs[0].cms().is_some_and(|c| c.is_valid()));
        assert_eq!(sigs[1].sub_filter(), "adbe.pkcs7.detached");
        assert_valid_holder_signature(&lab, &report, 1);
        assert!(sigs[1].covers_whole_file());

        let stamped = lab.timestamp(&two, &format!("three-{keep_info}.pdf"), keep_info);
        let report = lab.verify(&stamped);
        let sigs = report.signatures();
        assert_eq!(sigs.len(), 3);
        assert_eq!(report.revisions(), 4);
        assert_eq!(sigs[0].error(), Some(&Error::ModifiedAfterSigning));
        // The second signature is followed only by the document timestamp's revision.
        assert_eq!(sigs[1].later_revisions(), 1);
        assert_eq!(sigs[1].modified_after_signing(), info_modifies(keep_info));
        assert!(sigs[1].cms().is_some_and(|c| c.is_valid()));
        if keep_info {
            assert_valid_holder_signature(&lab, &report, 1);
        }
        // The document timestamp verifies; the first signature stays modified (strict mode).
        assert!(sigs[2].is_valid(), "{:?}", sigs[2].error());
        assert_eq!(sigs[1].checked_at(), Some(tsa_time()));
        assert!(!report.is_valid());
    }
}

#[test]
fn pades_b_lt_with_embedded_crls_from_pyhanko() {
    let Some(lab) = Lab::new("b-lt") else { return };
    let base = lab.create("base.pdf");
    let lt = json!({
        "roots": [lab.path("root.pem"), lab.path("tsa-root.pem")],
        "crls": [lab.path("root.crl"), lab.path("tsa-root.crl")],
        "time": AT,
    });
    for keep_info in [false, true] {
        let signed = lab.sign(
            &base,
            &format!("b-lt-{keep_info}.pdf"),
            "holder",
            "Sig1",
            json!({ "tsa": lab.tsa(), "lt": lt, "keep_info": keep_info }),
        );
        let pdf = std::fs::read(&signed).expect("read");
        assert!(has_timestamp_attribute(&pdf));
        assert!(
            pdf.windows(5).any(|w| w == b"/CRLs"),
            "pyHanko embedded the CRL in a DSS"
        );
        let report = lab.verify(&signed);
        assert_eq!(report.revisions(), 3);
        let sig = &report.signatures()[0];
        // The DSS is written in a revision of its own after the signature: permitted (the
        // /Info update aside).
        assert_eq!(sig.later_revisions(), 1);
        assert_eq!(sig.modified_after_signing(), info_modifies(keep_info));
        assert!(sig.cms().is_some_and(|c| c.is_valid()));
        // The DSS's CRLs speak for the holder and the TSA; the signer is validated at the
        // signature time-stamp's genTime.
        assert!(report.is_valid(), "{:?}", report.error());
        assert_valid_holder_signature(&lab, &report, 0);
        assert_eq!(sig.checked_at(), Some(tsa_time()));
        let cms = sig.cms().expect("cms");
        assert_eq!(
            cms.signers()[0]
                .result()
                .expect("valid")
                .certificate()
                .revocation(),
            Some(jpki_core::RevocationStatus::Good)
        );
    }
}

#[test]
fn a_forged_second_signature_appended_with_pyhanko_is_refused() {
    let Some(lab) = Lab::new("forged") else {
        return;
    };
    let base = lab.create("base.pdf");
    let one = lab.sign(&base, "one.pdf", "holder", "Sig1", json!({}));
    // The stranger's CA is JPKI-shaped too: its root has the trusted root's name. Without
    // its root in the CMS the issuer is unknown; with it, the path reaches the trusted
    // anchor by name and the stranger root's signature does not verify under its key.
    for (chain, expected) in [
        (json!([]), Error::UnknownIssuer),
        (json!([lab.path("stranger-root.pem")]), Error::BadSignature),
    ] {
        let forged = lab.sign(
            &one,
            "forged.pdf",
            "stranger",
            "Sig2",
            json!({ "chain": chain }),
        );
        let report = lab.verify(&forged);
        let sigs = report.signatures();
        assert_eq!(sigs.len(), 2);
        assert_eq!(sigs[0].error(), Some(&Error::ModifiedAfterSigning));
        assert!(sigs[1].covers_whole_file());
        assert_eq!(sigs[1].error(), Some(&expected));
        assert!(!report.is_valid());
    }
}

#[test]
fn bytes_appended_after_a_pyhanko_signature_are_refused() {
    let Some(lab) = Lab::new("appended") else {
        return;
    };
    let base = lab.create("base.pdf");
    let signed = lab.sign(&base, "signed.pdf", "holder", "Sig1", json!({}));
    let mut pdf = std::fs::read(&signed).expect("read");
    assert!(lab.verifier.verify(&pdf, at()).expect("parses").is_valid());
    pdf.extend_from_slice(b"% appended after signing\n");
    assert_eq!(
        lab.verifier.verify(&pdf, at()).err(),
        Some(Error::BadPdf(PdfProblem::DataAfterEof))
    );
}

#[test]
fn a_shadow_revision_from_pyhanko_is_modified_after_signing() {
    let Some(lab) = Lab::new("shadow") else {
        return;
    };
    let base = lab.create("base.pdf");
    for subfilter in ["pades", "pkcs7"] {
        let signed = lab.sign(
            &base,
            &format!("{subfilter}.pdf"),
            "holder",
            "Sig1",
            json!({ "subfilter": subfilter }),
        );
        let out = lab.path(&format!("{subfilter}-shadow.pdf"));
        lab.run("shadow", json!({ "in": signed, "out": out }));
        let report = lab.verify(&out);
        let sig = &report.signatures()[0];
        assert_eq!(sig.later_revisions(), 1);
        assert!(sig.modified_after_signing());
        assert_eq!(report.error(), Some(&Error::ModifiedAfterSigning));
        // Its CMS itself verified: only the later revision makes it invalid.
        assert!(sig.cms().is_some_and(|c| c.is_valid()));
    }
}

#[test]
fn testkit_pdfs_validate_in_pyhanko() {
    let Some(lab) = Lab::new("reverse") else {
        return;
    };
    let cases = [
        ("tables.pdf", SignedPdfBuilder::new().sign(&lab.holder)),
        (
            "xref-streams.pdf",
            SignedPdfBuilder::new().xref_streams().sign(&lab.holder),
        ),
        ("cades.pdf", SignedPdfBuilder::new().sign_cades(&lab.holder)),
    ];
    for (name, builder) in cases {
        let pdf = builder.build();
        assert!(lab.verifier.verify(&pdf, at()).expect("parses").is_valid());
        let path = lab.path(name);
        std::fs::write(&path, &pdf).expect("write");
        let sigs = lab.pyhanko_validate(&path);
        assert_eq!(sigs.len(), 1, "{name}: {sigs:?}");
        let s = &sigs[0];
        assert_eq!(s["intact"], json!(true), "{name}: {s}");
        assert_eq!(s["valid"], json!(true), "{name}: {s}");
        assert_eq!(s["trusted"], json!(true), "{name}: {s}");
        assert_eq!(s["coverage"], json!("ENTIRE_FILE"), "{name}: {s}");
    }
    // A padded file with two signatures and a testkit document timestamp: pyHanko validates
    // the token over the ByteRange against the TSA's root.
    let tsa = TestTsa::new(20);
    let pdf = SignedPdfBuilder::new()
        .pad(100_000)
        .sign(&lab.holder)
        .sign_cades(&lab.holder)
        .document_timestamp(&tsa, at())
        .build();
    let path = lab.path("doc-ts.pdf");
    std::fs::write(&path, &pdf).expect("write");
    let out = lab.run(
        "validate",
        json!({ "in": path, "roots": [lab.path("root.pem"), lab.path("tsa-root.pem")], "time": AT }),
    );
    let sigs = out["signatures"].as_array().expect("signatures");
    assert_eq!(sigs.len(), 3, "{sigs:?}");
    for s in sigs {
        assert_eq!(s["intact"], json!(true), "{s}");
        assert_eq!(s["valid"], json!(true), "{s}");
        assert_eq!(s["trusted"], json!(true), "{s}");
    }
    assert_eq!(sigs[2]["type"], json!("/DocTimeStamp"));
    assert_eq!(sigs[2]["coverage"], json!("ENTIRE_FILE"));

    // And pyHanko sees the shadow revision too.
    let path = lab.path("shadow.pdf");
    std::fs::write(
        &path,
        SignedPdfBuilder::new()
            .sign(&lab.holder)
            .shadow_page_change()
            .build(),
    )
    .expect("write");
    let sigs = lab.pyhanko_validate(&path);
    assert_ne!(sigs[0]["coverage"], json!("ENTIRE_FILE"), "{sigs:?}");
    assert_ne!(sigs[0]["bottom_line"], json!(true), "{sigs:?}");
}

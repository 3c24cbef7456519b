"""pyHanko's side of tests/pyhanko_interop.rs: makes, signs, timestamps, alters and validates
PDFs with pyHanko (pinned in .ci/run) so that jpki-core's PdfVerifier can be checked against an
independent implementation, both ways.

    python sign.py COMMAND JOB.json

Each command reads one JSON object (the job) and prints one JSON object on stdout:

  create     {"out"}: a minimal one-page PDF written by pyHanko itself (xref stream).
  sign       {"in", "out", "key", "cert", "chain": [...], "field", "subfilter": "pades" |
             "pkcs7", "tsa": {"key", "cert", "time"} | null, "lt": {"roots": [...],
             "crls": [...], "time"} | null, "keep_info"?}: one signature by incremental
             update (B-B; B-T with a dummy TSA; B-LT embedding validation info from the given
             CRLs, which pyHanko writes to /DSS in a revision of its own).
  timestamp  {"in", "out", "tsa": {"key", "cert", "time"}, "keep_info"?}: a document
             timestamp.
  shadow     {"in", "out"}: an incremental update redefining page 1 with new content.
  validate   {"in", "roots": [...], "crls": [...], "time"}: every signature validated
             by pyHanko (no fetching, at the given moment).

pyHanko redefines the document information dictionary (/Info: /ModDate, /Producer) in every
incremental update it writes. With "keep_info": true that update is switched off (a patch of
IncrementalPdfFileWriter._update_meta in this process only), so that a test can tell what the
rest of pyHanko's revision amounts to.

Nothing here is fetched from the network: the TSA is pyHanko's in-process DummyTimeStamper
with the testkit TSA's key, and validation runs with allow_fetching=False.
"""

import json
import sys
from datetime import datetime

from asn1crypto import crl as asn1_crl
from asn1crypto import pem, x509
from pyhanko.keys import load_cert_from_pemder, load_private_key_from_pemder
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.writer import PageObject, PdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
from pyhanko_certvalidator import ValidationContext


def moment(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def load_crls(paths):
    out = []
    for p in paths:
        with open(p, "rb") as f:
            data = f.read()
        if pem.detect(data):
            _, _, data = pem.unarmor(data)
        out.append(asn1_crl.CertificateList.load(data))
    return out


def context(job):
    roots = [load_cert_from_pemder(p) for p in job["roots"]]
    return ValidationContext(
        trust_roots=roots,
        crls=load_crls(job.get("crls", [])),
        allow_fetching=False,
        moment=moment(job["time"]),
        revocation_mode="hard-fail" if job.get("crls") else "soft-fail",
    )


def timestamper(tsa):
    return DummyTimeStamper(
        tsa_cert=load_cert_from_pemder(tsa["cert"]),
        tsa_key=load_private_key_from_pemder(tsa["key"], passphrase=None),
        fixed_dt=moment(tsa["time"]),
    )


def create(job):
    w = PdfFileWriter(stream_xrefs=True)
    text = b"BT /F1 12 Tf 72 720 Td (pyHanko) Tj ET"
    content = w.add_object(generic.StreamObject(stream_data=text))
    w.insert_page(PageObject(contents=content, media_box=[0, 0, 595, 842]))
    with open(job["out"], "wb") as f:
        w.write(f)
    return {"ok": True}


def keep_info(job):
    if job.get("keep_info"):
        IncrementalPdfFileWriter._update_meta = lambda self: None


def sign(job):
    keep_info(job)
    signer = signers.SimpleSigner.load(
        job["key"], job["cert"], ca_chain_files=job.get("chain") or None
    )
    sub = {
        "pades": fields.SigSeedSubFilter.PADES,
        "pkcs7": fields.SigSeedSubFilter.ADOBE_PKCS7_DETACHED,
    }[job["subfilter"]]
    lt = job.get("lt")
    meta = signers.PdfSignatureMetadata(
        field_name=job["field"],
        subfilter=sub,
        md_algorithm="sha256",
        embed_validation_info=lt is not None,
        validation_context=context(lt) if lt else None,
    )
    tsa = timestamper(job["tsa"]) if job.get("tsa") else None
    with open(job["in"], "rb") as inf:
        w = IncrementalPdfFileWriter(inf, strict=True)
        with open(job["out"], "wb") as outf:
            signers.PdfSigner(meta, signer=signer, timestamper=tsa).sign_pdf(
                w, output=outf
            )
    return {"ok": True}


def timestamp(job):
    keep_info(job)
    with open(job["in"], "rb") as inf:
        w = IncrementalPdfFileWriter(inf, strict=True)
        with open(job["out"], "wb") as outf:
            signers.PdfTimeStamper(timestamper(job["tsa"])).timestamp_pdf(
                w, "sha256", output=outf
            )
    return {"ok": True}


def shadow(job):
    with open(job["in"], "rb") as inf:
        w = IncrementalPdfFileWriter(inf, strict=True)
        page_ref = w.root["/Pages"]["/Kids"][0]
        page = page_ref.get_object()
        forged = w.add_object(
            generic.StreamObject(stream_data=b"BT /F1 12 Tf 72 720 Td (FORGE) Tj ET")
        )
        page["/Contents"] = forged
        w.update_container(page)
        with open(job["out"], "wb") as outf:
            w.write(outf)
    return {"ok": True}


def validate(job):
    vc = context(job)
    out = []
    with open(job["in"], "rb") as f:
        r = PdfFileReader(f, strict=True)
        for sig in r.embedded_signatures:
            kind = str(sig.sig_object_type)
            entry = {"field": sig.field_name, "type": kind}
            try:
                if kind == "/DocTimeStamp":
                    st = validate_pdf_timestamp(sig, validation_context=vc)
                else:
                    st = validate_pdf_signature(sig, vc)
                entry.update(
                    intact=st.intact,
                    valid=st.valid,
                    trusted=st.trusted,
                    coverage=st.coverage.name if st.coverage else None,
                    modification_level=(
                        st.modification_level.name if st.modification_level else None
                    ),
                    bottom_line=getattr(st, "bottom_line", None),
                )
            except Exception as e:  # reported, not hidden: the Rust test asserts on it
                entry["exception"] = f"{type(e).__name__}: {e}"
            out.append(entry)
    return {"signatures": out}


def main():
    command, path = sys.argv[1], sys.argv[2]
    with open(path) as f:
        job = json.load(f)
    result = {
        "create": create,
        "sign": sign,
        "timestamp": timestamp,
        "shadow": shadow,
        "validate": validate,
    }[command](job)
    print(json.dumps(result))


if __name__ == "__main__":
    main()

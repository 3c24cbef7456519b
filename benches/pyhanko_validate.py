"""pyHanko's validation time for the PDFs benches/pdf.rs writes (issue 20, item 9), to set
beside jpki-core's PdfVerifier::verify on the same files.

    python benches/pyhanko_validate.py [--runs N] DIR

DIR is where benches/pdf.rs wrote its files ($JPKI_PDF_BENCH_DIR, default jpki-pdf-bench in the
temp directory): root.pem, tsa-root.pem and *.pdf. Each file is read into memory once; one run
is opening it from memory (PdfFileReader over BytesIO) and validating every signature with
validate_pdf_signature (document timestamps with validate_pdf_timestamp) against a
ValidationContext trusting the two roots, allow_fetching=False, at 2027-01-01T00:00:00Z,
revocation soft-fail (no CRLs given). pyHanko's default difference analysis is included: it is
part of what pyHanko's validation does. Times are time.perf_counter over N runs after one
warm-up run; printed as one Markdown table row per file (median, mean, min).
"""

import argparse
import io
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
from pyhanko_certvalidator import ValidationContext

AT = datetime(2027, 1, 1, tzinfo=timezone.utc)


def validate(data, roots):
    vc = ValidationContext(trust_roots=roots, allow_fetching=False, moment=AT)
    r = PdfFileReader(io.BytesIO(data), strict=True)
    out = []
    for sig in r.embedded_signatures:
        if str(sig.sig_object_type) == "/DocTimeStamp":
            st = validate_pdf_timestamp(sig, validation_context=vc)
        else:
            st = validate_pdf_signature(sig, vc)
        out.append(st.intact and st.valid and st.trusted)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("dir", type=Path)
    args = ap.parse_args()
    roots = [
        load_cert_from_pemder(str(args.dir / "root.pem")),
        load_cert_from_pemder(str(args.dir / "tsa-root.pem")),
    ]
    print("| file | size | pyHanko median | mean | min | every signature intact, valid, trusted |")
    print("|---|---:|---:|---:|---:|---|")
    for path in sorted(args.dir.glob("*.pdf")):
        data = path.read_bytes()
        ok = validate(data, roots)  # warm-up, and the outcome
        times = []
        for _ in range(args.runs):
            t = time.perf_counter()
            validate(data, roots)
            times.append(time.perf_counter() - t)
        ms = [t * 1e3 for t in times]
        print(
            f"| {path.name} | {len(data) / (1 << 20):.2f} MiB | "
            f"{statistics.median(ms):.1f} ms | {statistics.mean(ms):.1f} ms | "
            f"{min(ms):.1f} ms | {ok} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

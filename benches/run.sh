#!/usr/bin/env bash
# Runs the hot-path benchmark (jpki-core beside rustls-webpki, OpenSSL and raw aws-lc-rs, all
# in one run) and prints one Markdown table per chain with ratios against the references.
#
#   benches/run.sh            # hot path + batch (about 6 minutes on 2 cores)
#   benches/run.sh --all      # also the parse, verify, revocation, signed, timestamp, pdf and linkage suites
#   benches/run.sh --pdf      # only the signed-PDF suite, and pyHanko on the same files
#
# The signed-PDF suite (benches/pdf.rs) writes its files to $JPKI_PDF_BENCH_DIR (default
# jpki-pdf-bench in the temp directory); benches/pyhanko_validate.py then times pyHanko's
# validation of them, in a venv made by tests/pyhanko/venv.sh (pinned pyHanko; it installs
# python3 and python3-venv with apt-get when missing).
#
# Installs what it needs (OpenSSL headers for the `openssl` crate) when missing. Run it on a
# quiet machine: nothing else should compete for the cores.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! pkg-config --exists openssl 2>/dev/null; then
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    $sudo_cmd apt-get install -y -qq pkg-config libssl-dev openssl >/dev/null
fi

out=$(mktemp)
trap 'rm -f "$out"' EXIT
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')" >&2
echo "rustc: $(rustc --version)" >&2
pdf_bench() {
    cargo bench --all-features --bench pdf -- --output-format bencher | tee -a "$out" >&2
    python=$(tests/pyhanko/venv.sh "${CARGO_TARGET_DIR:-target}/pyhanko-venv")
    pyhanko_table=$("$python" benches/pyhanko_validate.py --runs 10 \
        "${JPKI_PDF_BENCH_DIR:-${TMPDIR:-/tmp}/jpki-pdf-bench}")
}
pyhanko_table=""
if [ "${1:-}" = "--pdf" ]; then
    : >"$out"
    pdf_bench
else
    cargo bench --all-features --bench hot_path -- --output-format bencher | tee "$out" >&2
fi
if [ "${1:-}" = "--all" ]; then
    for b in parse verify revocation signed timestamp; do
        cargo bench --all-features --bench "$b" -- --output-format bencher | tee -a "$out" >&2
    done
    pdf_bench
    cargo bench -p jpki-linkage --bench linkage -- --output-format bencher | tee -a "$out" >&2
fi

# "test <group>/<name> ... bench:   12,345 ns/iter (+/- 67)" -> one table per group, with the
# time over the group's raw aws-lc-rs signature check, over rustls-webpki's verification and
# (signed PDFs) over the raw SHA-256 of the file with sha2.
awk '
function fmt(ns) {
    if (ns >= 1e6) return sprintf("%.2f ms", ns / 1e6)
    if (ns >= 1e3) return sprintf("%.1f µs", ns / 1e3)
    return sprintf("%.0f ns", ns)
}
/^test .* bench:/ {
    line = $0
    sub(/^test /, "", line)
    split(line, parts, " \\.\\.\\. bench: *")
    full = parts[1]; rest = parts[2]
    gsub(/,/, "", rest); split(rest, t, " "); ns = t[1] + 0
    slash = index(full, "/"); group = substr(full, 1, slash - 1); name = substr(full, slash + 1)
    if (!(group in seen)) { seen[group] = 1; order[++groups] = group }
    n = ++count[group]; names[group, n] = name; times[group, n] = ns
    if (name ~ /^raw signature: aws-lc-rs/) raw[group] = ns
    if (name ~ /^reference: rustls-webpki \(aws-lc-rs\) parse/) webpki[group] = ns
    if (name ~ /^raw SHA-256 of the file: sha2/) sha[group] = ns
}
END {
    for (g = 1; g <= groups; g++) {
        grp = order[g]
        if (grp in sha) {
            printf "\n### %s\n\n| what | time | × raw SHA-256 of the file (sha2) |\n|---|---:|---:|\n", grp
            for (i = 1; i <= count[grp]; i++)
                printf "| %s | %s | %.2f |\n", names[grp, i], fmt(times[grp, i]), times[grp, i] / sha[grp]
            continue
        }
        printf "\n### %s\n\n| what | time | × raw aws-lc-rs signature | × rustls-webpki (no revocation) |\n|---|---:|---:|---:|\n", grp
        for (i = 1; i <= count[grp]; i++) {
            ns = times[grp, i]
            r1 = (grp in raw) ? sprintf("%.2f", ns / raw[grp]) : ""
            r2 = (grp in webpki) ? sprintf("%.2f", ns / webpki[grp]) : ""
            printf "| %s | %s | %s | %s |\n", names[grp, i], fmt(ns), r1, r2
        }
    }
}' "$out"
if [ -n "$pyhanko_table" ]; then
    printf '\n### pyHanko %s, same files (benches/pyhanko_validate.py, 10 runs)\n\n%s\n' \
        "$("$python" -c 'import pyhanko.version as v; print(v.__version__)')" "$pyhanko_table"
fi

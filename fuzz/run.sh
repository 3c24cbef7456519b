#!/usr/bin/env bash
# Runs every fuzz target (or the ones named) for a given time each, one after another, then
# minimizes each corpus back into fuzz/corpus/<target> and prints one summary line per target.
#
#   fuzz/run.sh                 # 1800 s per target, all targets
#   fuzz/run.sh 60              # one minute each (a smoke run)
#   fuzz/run.sh 1800 crl pem    # only these
#
# Needs a nightly toolchain and cargo-fuzz (installed here if missing). Logs go to
# fuzz/logs/<target>.log; crashes to fuzz/artifacts/<target>/ (replay one with
# `cargo +nightly fuzz run <target> <file>`, then add it to fuzz/corpus/<target>/ so that
# `cargo test` replays it for ever).
set -euo pipefail
cd "$(dirname "$0")"

seconds=${1:-1800}
shift || true
if [ "$#" -gt 0 ]; then
    targets=("$@")
else
    mapfile -t targets < <(ls fuzz_targets | sed 's/\.rs$//')
fi

if ! rustup toolchain list | grep -q '^nightly'; then
    rustup toolchain install nightly --profile minimal
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

mkdir -p logs
cargo +nightly fuzz build --release
summary=()
for t in "${targets[@]}"; do
    mkdir -p "corpus/$t" "artifacts/$t"
    work=$(mktemp -d)
    echo "== $t: ${seconds}s" >&2
    status=ok
    # -fork would hide exec counts; one process, all time on this target.
    if ! cargo +nightly fuzz run --release "$t" "$work" "corpus/$t" -- \
        -max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=4096 \
        >"logs/$t.log" 2>&1; then
        status=CRASH
    fi
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "logs/$t.log" | grep -o '[0-9]*$' || echo 0)
    secs=$(grep -o 'Done [0-9]* runs in [0-9]* second' "logs/$t.log" | grep -o 'in [0-9]*' | grep -o '[0-9]*' || echo 0)
    cov=$(grep -o 'cov: [0-9]*' "logs/$t.log" | tail -1 | grep -o '[0-9]*' || echo '?')
    # Keep the committed corpus small: merge what was found into a minimal set.
    # New units land in $work; only those that add coverage join the committed corpus.
    cargo +nightly fuzz run --release "$t" "corpus/$t" "$work" -- -merge=1 >/dev/null 2>&1 || true
    rm -rf "$work"
    files=$(ls "corpus/$t" | wc -l)
    summary+=("$(printf '%-16s %-6s runs=%-10s secs=%-6s exec/s=%-7s cov=%-6s corpus=%s' \
        "$t" "$status" "$runs" "$secs" "$(( runs / (secs > 0 ? secs : 1) ))" "$cov" "$files")")
done
printf '%s\n' "${summary[@]}"
printf '%s\n' "${summary[@]}" >>logs/summary.txt

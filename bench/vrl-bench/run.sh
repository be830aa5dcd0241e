#!/usr/bin/env bash
# Speed of matano's VRL interpreter against the real Rust `vrl` 0.35.0 on
# the same program and the same events, in one run, each pinned to one
# core. Prints both figures and the ratio (Go events/s ÷ Rust events/s).
#
#   bench/vrl-bench/run.sh [EVENTS] [PASSES]
#
# The Rust side is bench/vrl-diff's runner built with full optimisation
# (profile bench-ref); the first build compiles ~300 crates.
set -euo pipefail
cd "$(dirname "$0")/../.."
events=${1:-100000}
passes=${2:-3}
program=runtime/vrl/testdata/cloudtrail.vrl
out=${TMPDIR:-/tmp}/vrl-bench
mkdir -p "$out"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/tmp/vrl-bench-target}
(cd bench/vrl-diff && cargo build --quiet --profile bench-ref)
go build -o "$out/vrl-bench" ./bench/vrl-bench
"$out/vrl-bench" -gen "$events" > "$out/events.jsonl"
pin() { if command -v taskset >/dev/null; then taskset -c 0 "$@"; else "$@"; fi; }
go_line=$(pin env GOMAXPROCS=1 "$out/vrl-bench" -program "$program" -input "$out/events.jsonl" -passes "$passes" 2>&1 >/dev/null)
rust_line=$(pin env VRL_REF_BENCH="$passes" "$CARGO_TARGET_DIR/bench-ref/vrl-ref" "$program" "$out/events.jsonl" 2>&1 >/dev/null | grep '^rust ')
echo "$go_line"
echo "$rust_line"
go_eps=$(sed -n 's/.*events_per_sec=\([0-9]*\).*/\1/p' <<<"$go_line")
rust_eps=$(sed -n 's/.*events_per_sec=\([0-9]*\).*/\1/p' <<<"$rust_line")
awk -v g="$go_eps" -v r="$rust_eps" 'BEGIN { printf "ratio go/rust = %.2f (above 1: Go is faster)\n", g / r }'

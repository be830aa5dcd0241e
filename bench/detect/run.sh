#!/usr/bin/env bash
# Throughput of the detection host (runtime/detect) against its floor.
#
#   bench/detect/run.sh [RECORDS] [WORKERS]
#
# Writes RECORDS (default 1000000) ~1 KB CloudTrail-shaped ECS rows and the
# ten detections of BenchmarkHost (bench/detect/main.go prepare), then in
# the same run:
#
# * the floor: runtime/detect/testdata/floor.py, a bare Python loop that
#   json-decodes every record into a Record and calls each detect() (the
#   mean of its three passes over the file);
# * the host: the records streamed in chunks of 4096 (alert.Detector's
#   chunk) through detect.Host with WORKERS worker processes (default 1,
#   so that it compares with the one-process floor).
#
# Prints records/s for both, the matches (which must agree), and the time
# ratio host ÷ floor (goal: at most 1.5). CPU seconds per record are
# printed too: on a shared machine wall time swings with other load, CPU
# time less so. The host's CPU includes start-up and the Go side; the
# floor's is its timed loop only. Scratch files go to $TMPDIR (default
# /tmp) and are deleted afterwards.
set -euo pipefail
cd "$(dirname "$0")/../.."
records=${1:-1000000}
workers=${2:-1}
out=$(mktemp -d "${TMPDIR:-/tmp}/detect-bench.XXXXXX")
trap 'rm -rf "$out"' EXIT

go build -o "$out/detect-bench" ./bench/detect
echo "== preparing $records records, 10 detections"
"$out/detect-bench" prepare -n "$records" -dir "$out"
mb=$(awk -v b="$(stat -c %s "$out/records.jsonl")" 'BEGIN { printf "%.0f", b / 1048576 }')
echo "   records.jsonl: $mb MiB"

dirs=()
for d in "$out"/detections/*/; do dirs+=("${d%/}"); done

echo "== floor: runtime/detect/testdata/floor.py (1 process, mean of 3 passes)"
read -r f_secs f_recs f_matches f_cpu < <(PYTHONPATH="$PWD/runtime/python${PYTHONPATH:+:$PYTHONPATH}" \
  python3 runtime/detect/testdata/floor.py "$out/records.jsonl" "${dirs[@]}")

echo "== host: runtime/detect, $workers worker(s)"
read -r h_secs h_recs h_matches h_cpu < <("$out/detect-bench" host -dir "$out" -workers "$workers")

if [ "$f_recs" != "$h_recs" ] || [ "$f_matches" != "$h_matches" ]; then
  echo "floor and host disagree: floor $f_recs records $f_matches matches, host $h_recs records $h_matches matches" >&2
  exit 1
fi

awk -v n="$h_recs" -v m="$h_matches" -v fs="$f_secs" -v fc="$f_cpu" -v hs="$h_secs" -v hc="$h_cpu" -v w="$workers" 'BEGIN {
  printf "records: %d, matches: %d\n", n, m
  printf "floor: %10.0f records/s  (%.2f s, %.1f µs CPU/record)\n", n / fs, fs, 1e6 * fc / n
  printf "host:  %10.0f records/s  (%.2f s, %.1f µs CPU/record, %d worker(s))\n", n / hs, hs, 1e6 * hc / n, w
  r = hs / fs
  printf "time ratio host/floor: %.2f (goal <= 1.5: %s)\n", r, (r <= 1.5 ? "met" : "NOT met")
  printf "CPU ratio host/floor:  %.2f\n", hc / fc
}'

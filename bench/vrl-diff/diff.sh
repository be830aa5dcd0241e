#!/usr/bin/env bash
# Differential test: run VRL programs with matano's Go runtime (`matano vrl
# run`) and with the reference Rust crate vrl 0.35.0 (vrl-ref, built here
# with cargo), and compare their JSON-line outputs.
#
# Usage: bench/vrl-diff/diff.sh [PROGRAM.vrl ...]
#   With no arguments, every corpus program and every probe in probes/ is
#   compared, run on the event of its `# object:` header (or {}). Programs
#   the reference does not compile are counted, not compared (their
#   diagnostics are compared by the conformance harness instead).
# Environment:
#   CORPUS  the corpus directory (default: ../shared/vrl-tests from the repo root)
#   MATANO  the matano binary (default: built from ./cmd/matano)
#   KEEP=1  keep the scratch directory
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
corpus="${CORPUS:-$root/../shared/vrl-tests}"
work="$(mktemp -d)"
[ "${KEEP:-}" = 1 ] || trap 'rm -rf "$work"' EXIT

echo "building vrl-ref (cargo, first build takes a while)..." >&2
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/tmp/vrl-diff-target}"
cargo build --release --quiet --manifest-path "$here/Cargo.toml"
ref="$CARGO_TARGET_DIR/release/vrl-ref"

matano="${MATANO:-}"
if [ -z "$matano" ]; then
  matano="$work/matano"
  (cd "$root" && go build -o "$matano" ./cmd/matano)
fi

# split_case FILE: writes $work/case.vrl (the program, with the corpus
# header's blank separator line kept so offsets match) and $work/case.jsonl
# (the `# object:` input, or {}).
split_case() {
  python3 - "$1" "$work" <<'PY'
import json, sys
path, work = sys.argv[1], sys.argv[2]
src, obj, mode = [], [], None
for line in open(path, encoding="utf-8").read().splitlines():
    if line.startswith("#") and mode != "done":
        line = line[1:]
        if line.startswith(" "):
            line = line[1:]
        if line.startswith("object:"):
            mode = "object"; line = line[len("object:"):].lstrip()
        elif line.startswith("result:"):
            mode = "result"; continue
        elif mode != "object":
            continue
        obj.append(line)
    else:
        mode = "done"; src.append(line + "\n")
open(f"{work}/case.vrl", "w").write("".join(src))
event = json.loads("".join(obj)) if obj else {}
open(f"{work}/case.jsonl", "w").write(json.dumps(event) + "\n")
PY
}

programs=("$@")
if [ ${#programs[@]} -eq 0 ]; then
  mapfile -t programs < <({ find "$corpus" -name '*.vrl' | sort; ls "$here"/probes/*.vrl; })
fi

same=0; differ=0; refcompile=0; clock=0
for p in "${programs[@]}"; do
  if grep -Eq 'now!?\(|uuid_v[47]|random_|get_hostname|get_env_var' "$p"; then
    clock=$((clock + 1))   # clock, randomness or host: the two runs cannot agree
    continue
  fi
  split_case "$p"
  if ! "$ref" "$work/case.vrl" "$work/case.jsonl" > "$work/want" 2>/dev/null; then
    refcompile=$((refcompile + 1))   # compile error in the reference: diagnostics, not runtime
    continue
  fi
  "$matano" vrl run --program "$work/case.vrl" --input "$work/case.jsonl" > "$work/got" 2>/dev/null || true
  if cmp -s "$work/want" "$work/got"; then
    same=$((same + 1))
  else
    differ=$((differ + 1))
    echo "DIFF ${p#"$corpus"/}"
    diff "$work/want" "$work/got" | sed 's/^/    /' | head -6 || true
  fi
done
echo "$same identical, $differ different, $refcompile not compiled by the reference, $clock skipped (clock, randomness or host)"
[ "$differ" -eq 0 ]

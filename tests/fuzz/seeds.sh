#!/usr/bin/env bash
# seeds.sh SYNCSCOPE OUT — the seed corpora of the fuzz targets:
#   OUT/scenario: tests/bad/*.json, scenarios/*.json, tests/load/ scenarios;
#   OUT/trace:    tests/golden/*.trace, tests/fuzz/regress/trace/*, and a
#                 real trace of every threads-mode scenario, recorded with
#                 `SYNCSCOPE run X.json --instant -o T` (processes mode is
#                 left out: it forks, and its traces add no new event kinds).
# Rebuilt from scratch each time; the fuzzers' own corpora live elsewhere.
set -euo pipefail
bin=$1
out=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf "$out"
mkdir -p "$out/scenario" "$out/trace"
cp "$root"/tests/bad/*.json "$root"/scenarios/*.json "$out/scenario/"
cp "$root"/tests/fuzz/regress/scenario/* "$out/scenario/" 2>/dev/null || true
find "$root/tests/load" -name '*.json' -size -64k -exec cp {} "$out/scenario/" \; 2>/dev/null || true
cp "$root"/tests/golden/*.trace "$out/trace/"
cp "$root"/tests/fuzz/regress/trace/* "$out/trace/" 2>/dev/null || true
n=0
for f in "$root"/scenarios/*.json; do
  grep -q '"mode" *: *"processes"' "$f" && continue
  t=$out/trace/run_$(basename "$f" .json).trace
  # a scenario that ends in a deadlock or a fault still writes a whole trace
  timeout 20 "$bin" run "$f" --instant -o "$t" >/dev/null 2>&1 || true
  [ -s "$t" ] && n=$((n + 1))
done
echo "seeds: $(ls "$out/scenario" | wc -l) scenarios, $(ls "$out/trace" | wc -l) traces ($n recorded)"

#!/usr/bin/env bash
# fuzz.sh [SECONDS] — builds the libFuzzer targets of tests/fuzz/ with clang
# in build-fuzz/ (-DSYNCSCOPE_FUZZ=ON) and runs each for SECONDS (default
# 30) on one core, from the seed corpus (tests/fuzz/seeds.sh) plus what
# earlier runs found (build-fuzz/corpus/TARGET). Exits non-zero on a
# finding; the reproducer is left as build-fuzz/findings/TARGET/crash-*
# (or leak-*, timeout-*, oom-*): minimise it (see tests/fuzz/README.md),
# put it in tests/fuzz/regress/TARGET/, and fix the bug.
#
# Environment: FUZZ_TARGETS (default "scenario trace"), FUZZ_ARGS (more
# libFuzzer flags), CC (default clang).
set -euo pipefail
secs=${1:-30}
root=$(cd "$(dirname "$0")/.." && pwd)
bld=$root/build-fuzz
targets=${FUZZ_TARGETS:-scenario trace}

cc=${CC:-clang}
command -v "$cc" >/dev/null || { echo "fuzz.sh: $cc not found (apt-get install -y clang libclang-rt-14-dev)" >&2; exit 2; }
# libFuzzer's runtime is a separate Debian package (only recommended by clang)
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' |
  "$cc" -fsanitize=fuzzer -x c - -o /dev/null 2>/dev/null ||
  { echo "fuzz.sh: $cc cannot link -fsanitize=fuzzer (apt-get install -y libclang-rt-14-dev)" >&2; exit 2; }
CC=$cc cmake -S "$root" -B "$bld" -DSYNCSCOPE_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
# only what fuzzing needs: clang may warn where gcc does not in other files
cmake --build "$bld" -j2 --target fuzz_scenario fuzz_trace syncscope >/dev/null

bash "$root/tests/fuzz/seeds.sh" "$bld/syncscope" "$bld/seeds"

status=0
for t in $targets; do
  corpus=$bld/corpus/$t
  findings=$bld/findings/$t
  # a finding of an earlier run was reported then: start clean
  rm -rf "$findings"
  mkdir -p "$corpus" "$findings"
  # max_len: scenarios and traces that matter are small; bigger inputs only
  # slow the search. timeout: one input taking 10 s is a hang (the loader
  # and the model must stay linear-ish). Leaks are findings (ASan's LSan).
  max_len=16384
  [ "$t" = trace ] && max_len=65536
  echo "== fuzz_$t for ${secs}s"
  set +e
  "$bld/fuzz_$t" "$corpus" "$bld/seeds/$t" \
    -dict="$root/tests/fuzz/syncscope.dict" \
    -max_total_time="$secs" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
    -malloc_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$findings/" ${FUZZ_ARGS:-} 2>&1 | tee "$bld/fuzz_$t.log" | grep -E '^#[0-9]+[[:space:]]+(INITED|DONE)|ERROR|SUMMARY|stat::'
  rc=${PIPESTATUS[0]}
  set -e
  if [ "$rc" -ne 0 ] || ls "$findings"/* >/dev/null 2>&1; then
    echo "fuzz.sh: fuzz_$t found something (exit $rc): see $bld/fuzz_$t.log and $findings/" >&2
    status=1
  fi
done
exit $status

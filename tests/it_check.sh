#!/usr/bin/env bash
# it_check — `syncscope check` on the bad-scenario corpus and the bundled
# scenarios. Each tests/bad/NN_what.json must fail (exit 1) with stderr
# byte-identical to NN_what.err (run from inside tests/bad, so the paths in
# the messages read NN_what.json:L:C); each scenarios/*.json must pass.
set -u
: "${SYNCSCOPE:?set SYNCSCOPE to the built binary}"
: "${SRC:?set SRC to the source dir}"
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

cd "$SRC/tests/bad" || exit 1
for f in *.json; do
    [ -e "$f" ] || continue
    want="${f%.json}.err"
    if [ ! -f "$want" ]; then bad "$f: no $want"; continue; fi
    "$SYNCSCOPE" check "$f" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ "$rc" -ne 1 ]; then bad "$f: exit $rc, want 1"; cat "$tmp/err"; continue; fi
    if [ -s "$tmp/out" ]; then bad "$f: printed to stdout:"; cat "$tmp/out"; continue; fi
    if ! cmp -s "$want" "$tmp/err"; then
        bad "$f: stderr differs from $want"
        diff -u "$want" "$tmp/err"
        continue
    fi
    ok
done

# every file of one run is reported, each in the run's order
"$SYNCSCOPE" check 09_wrong_version.json 40_not_an_object.json >"$tmp/out" 2>"$tmp/err"
if [ $? -eq 1 ] && [ "$(cat 09_wrong_version.err 40_not_an_object.err)" = "$(cat "$tmp/err")" ]; then ok
else bad "two files: want both files' errors"; fi

# a missing file, a file over 1 MiB, usage errors
"$SYNCSCOPE" check nothere.json >"$tmp/out" 2>"$tmp/err"
if [ $? -eq 1 ] && [ "$(cat "$tmp/err")" = "nothere.json: error: cannot open: No such file or directory" ]; then ok
else bad "missing file: got $(cat "$tmp/err")"; fi

head -c 1100000 /dev/zero | tr '\0' ' ' >"$tmp/big.json"
"$SYNCSCOPE" check "$tmp/big.json" >"$tmp/out" 2>"$tmp/err"
if [ $? -eq 1 ] && grep -q "big.json: error: the file is larger than 1 MiB" "$tmp/err"; then ok
else bad "big file: got $(cat "$tmp/err")"; fi

"$SYNCSCOPE" check >"$tmp/out" 2>"$tmp/err"
if [ $? -eq 2 ]; then ok; else bad "no file: want exit 2"; fi
"$SYNCSCOPE" check --bogus x.json >"$tmp/out" 2>"$tmp/err"
if [ $? -eq 2 ]; then ok; else bad "unknown option: want exit 2"; fi
"$SYNCSCOPE" check --help >"$tmp/out" 2>"$tmp/err"
if [ $? -eq 0 ] && grep -q "usage: syncscope check" "$tmp/out"; then ok; else bad "--help"; fi
"$SYNCSCOPE" check --version >"$tmp/out" 2>"$tmp/err"
if [ $? -eq 0 ] && grep -q "^syncscope " "$tmp/out"; then ok; else bad "--version"; fi

# the bundled scenarios are all valid (there may be none yet)
for f in "$SRC"/scenarios/*.json; do
    [ -e "$f" ] || continue
    if "$SYNCSCOPE" check "$f" >"$tmp/out" 2>"$tmp/err" && grep -q ": ok (" "$tmp/out"; then ok
    else bad "$f: want ok"; cat "$tmp/err"; fi
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

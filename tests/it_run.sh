#!/usr/bin/env bash
# it_run — `syncscope run` end to end: every bundled scenario runs --instant
# twice with byte-identical traces and an exit code that agrees with its end
# line; bad input, bad usage, unwritable output, a closed reader and SIGINT
# give the exit codes of SPEC §5.
set -u
: "${SYNCSCOPE:?path of the syncscope binary}" "${SRC:?source dir}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok()  { pass=$((pass+1)); echo "ok   $1"; }
bad() { fail=$((fail+1)); echo "FAIL $1"; }
expect_rc() { # NAME WANT GOT
    if [ "$2" -eq "$3" ]; then ok "$1 (exit $3)"; else bad "$1: exit $3, want $2"; fi
}

# The exit code an end line implies (SPEC §5, first match wins).
rc_of_end() {
    case "$1" in
        *'"outcome":"fault"'*) echo 4 ;;
        *'"outcome":"interrupted"'*) echo 5 ;;
        *'"ev":"end","outcome":"deadlock"'*)
            case "$1" in *'"want":"deadlock"'*) case "$1" in *'"ok":false'*) echo 1 ;; *) echo 0 ;; esac ;; *) echo 3 ;; esac ;;
        *'"ok":false'*) echo 1 ;;
        *) echo 0 ;;
    esac
}

shopt -s nullglob
scenarios=("$SRC"/scenarios/*.json)
[ ${#scenarios[@]} -eq 0 ] && echo "(no bundled scenarios yet)"
for s in "${scenarios[@]}"; do
    name=$(basename "$s" .json)
    timeout 60 "$SYNCSCOPE" run "$s" --instant -o "$tmp/$name.1" 2>"$tmp/$name.err"; rc1=$?
    timeout 60 "$SYNCSCOPE" run "$s" --instant >"$tmp/$name.2" 2>/dev/null; rc2=$?
    if [ -s "$tmp/$name.1" ] && cmp -s "$tmp/$name.1" "$tmp/$name.2"; then
        ok "$name: two runs give byte-identical traces"
    else
        bad "$name: the two traces differ (or are empty)"
    fi
    [ "$rc1" -eq "$rc2" ] || bad "$name: exit codes differ between runs ($rc1, $rc2)"
    last=$(tail -n 1 "$tmp/$name.1")
    expect_rc "$name: exit code agrees with the end line" "$(rc_of_end "$last")" "$rc1"
    if grep -q '"expect"' "$s"; then
        case "$last" in *'"expect":{"ok":true'*) ok "$name: meets its expect" ;;
                        *) bad "$name: expect not met: ${last:0:300}"; cat "$tmp/$name.err" ;; esac
    fi
    grep -q "events, expect\|events, no expect" "$tmp/$name.err" && ok "$name: one-line summary on stderr" \
        || bad "$name: no summary on stderr"
done

# A scenario whose expect fails: exit 1; an unexpected deadlock: exit 3.
cat >"$tmp/unmet.json" <<'EOF'
{"syncscope": 1, "title": "unmet",
 "resources": [{"id": "n", "type": "variable", "value": 0}],
 "actors": [{"id": "a", "script": [{"do": "add", "var": "n", "value": 2}]}],
 "expect": {"outcome": "completed", "vars": {"n": 1}}}
EOF
"$SYNCSCOPE" run "$tmp/unmet.json" --instant -o "$tmp/unmet.jsonl" 2>/dev/null
expect_rc "an unmet expect" 1 $?
cat >"$tmp/dl.json" <<'EOF'
{"syncscope": 1, "title": "self deadlock",
 "resources": [{"id": "m", "type": "lock"}],
 "actors": [{"id": "a", "script": [{"do": "acquire", "on": "m"}, {"do": "acquire", "on": "m"}]}]}
EOF
"$SYNCSCOPE" run "$tmp/dl.json" --instant -o "$tmp/dl.jsonl" 2>/dev/null
expect_rc "a deadlock no expect names" 3 $?
grep -q '"ev":"waits","actor":"a","res":"m","holders":\["a"\]' "$tmp/dl.jsonl" && ok "a second acquire by the holder deadlocks on itself" \
    || bad "no waits line for the self deadlock"

# Bad input and bad usage.
"$SYNCSCOPE" run "$tmp/missing.json" 2>"$tmp/missing.err" >/dev/null
expect_rc "a missing scenario" 1 $?
grep -q "missing.json.*error" "$tmp/missing.err" && ok "the missing file is named in the error" || bad "error does not name the file: $(cat "$tmp/missing.err")"
printf '{"syncscope": 1,\n "title": 3}\n' >"$tmp/badtype.json"
"$SYNCSCOPE" run "$tmp/badtype.json" 2>"$tmp/badtype.err" >/dev/null
expect_rc "an invalid scenario" 1 $?
grep -q "badtype.json:2:[0-9]*: error: " "$tmp/badtype.err" && ok "the error is located FILE:LINE:COL" || bad "error not located: $(cat "$tmp/badtype.err")"
s0="${scenarios[0]:-$tmp/unmet.json}"
"$SYNCSCOPE" run "$s0" --instant -o /nonexistent/dir/x 2>"$tmp/nodir.err"
expect_rc "an unwritable -o" 4 $?
grep -q "/nonexistent/dir/x" "$tmp/nodir.err" && ok "the unwritable path is named" || bad "unwritable path not named"
"$SYNCSCOPE" run "$s0" --mode fibers --instant >/dev/null 2>&1
expect_rc "an unknown --mode" 2 $?
printf '{"syncscope": 1, "title": "os", "scheduler": {"policy": "os"}, "actors": [{"id": "a", "script": [{"do": "work", "ms": 1}]}]}\n' >"$tmp/os.json"
"$SYNCSCOPE" run "$tmp/os.json" --instant >/dev/null 2>"$tmp/os.err"
expect_rc "--instant with the os policy" 2 $?
grep -q "instant" "$tmp/os.err" && ok "the os policy says why --instant is refused" || bad "os --instant message: $(cat "$tmp/os.err")"
"$SYNCSCOPE" run --bogus "$s0" >/dev/null 2>&1
expect_rc "an unknown option" 2 $?
"$SYNCSCOPE" run >/dev/null 2>&1
expect_rc "no scenario" 2 $?
"$SYNCSCOPE" run "$s0" --seed x >/dev/null 2>&1
expect_rc "a bad --seed" 2 $?
"$SYNCSCOPE" run --help | grep -q "usage: syncscope run" && ok "--help prints the usage" || bad "--help"
"$SYNCSCOPE" run --version | grep -q "^syncscope " && ok "--version prints the version" || bad "--version"

# --seed changes a random run, the same seed repeats it.
cat >"$tmp/rand.json" <<'EOF'
{"syncscope": 1, "title": "rand", "scheduler": {"policy": "random"},
 "actors": [{"id": "a", "count": 5, "script": [{"do": "work", "ms": [1, 50]}, {"do": "say", "text": "{i}"}]}]}
EOF
"$SYNCSCOPE" run "$tmp/rand.json" --instant --seed 3 2>/dev/null | tail -n +2 >"$tmp/r3a"
"$SYNCSCOPE" run "$tmp/rand.json" --instant --seed 3 2>/dev/null | tail -n +2 >"$tmp/r3b"
"$SYNCSCOPE" run "$tmp/rand.json" --instant --seed 4 2>/dev/null | tail -n +2 >"$tmp/r4"
cmp -s "$tmp/r3a" "$tmp/r3b" && ok "--seed 3 twice: identical" || bad "--seed 3 twice differs"
cmp -s "$tmp/r3a" "$tmp/r4" && bad "--seed 3 and 4 give the same run" || ok "--seed 3 and 4 differ"

# --pids puts real ids in the new events only.
"$SYNCSCOPE" run "$tmp/rand.json" --instant --pids 2>/dev/null | grep -q '"ev":"new","actor":"a.1","pid":[1-9]' \
    && ok "--pids adds pid to new events" || bad "--pids"
"$SYNCSCOPE" run "$tmp/rand.json" --instant 2>/dev/null | grep -q '"pid"' && bad "pid without --pids" || ok "no pid without --pids"

# A reader that goes away: a fault (exit 4), never a death by SIGPIPE.
cat >"$tmp/long.json" <<'EOF'
{"syncscope": 1, "title": "long", "stop_after_ms": 60000,
 "actors": [{"id": "a", "count": 3, "script": [{"loop": [{"do": "say", "text": "a fairly long caption to fill the pipe quickly {iter}"}]}]}]}
EOF
timeout 60 "$SYNCSCOPE" run "$tmp/long.json" --instant 2>/dev/null | head -c 1000 >/dev/null
expect_rc "a closed reader" 4 "${PIPESTATUS[0]}"

# SIGINT: the run ends as interrupted (exit 5) and the trace says so.
cat >"$tmp/slow.json" <<'EOF'
{"syncscope": 1, "title": "slow", "actors": [{"id": "a", "script": [{"do": "sleep", "ms": 60000}]}]}
EOF
"$SYNCSCOPE" run "$tmp/slow.json" -o "$tmp/slow.jsonl" 2>/dev/null &
pid=$!
sleep 0.5
kill -INT $pid
wait $pid
expect_rc "SIGINT" 5 $?
tail -n 1 "$tmp/slow.jsonl" | grep -q '"outcome":"interrupted"' && ok "the trace ends interrupted" || bad "trace after SIGINT: $(tail -n 1 "$tmp/slow.jsonl")"

# SIGTERM and SIGHUP end a run like SIGINT: exit 5, the trace closed by its end line.
for sig in TERM HUP; do
    "$SYNCSCOPE" run "$tmp/slow.json" -o "$tmp/slow_$sig.jsonl" 2>"$tmp/slow_$sig.err" &
    pid=$!
    sleep 0.5
    kill -$sig $pid
    wait $pid
    expect_rc "SIG$sig" 5 $?
    tail -n 1 "$tmp/slow_$sig.jsonl" | grep -q '"ev":"end","outcome":"interrupted"' && ok "SIG$sig: the trace ends interrupted" \
        || bad "trace after SIG$sig: $(tail -n 1 "$tmp/slow_$sig.jsonl")"
    grep -q "^interrupted at t=" "$tmp/slow_$sig.err" && ok "SIG$sig: the outcome line on stderr" || bad "SIG$sig stderr: $(cat "$tmp/slow_$sig.err")"
done

# What run tells the user at the end, with or without -o: the outcome line,
# each failed expectation, each actor that ended in error (at most 10).
cat >"$tmp/errs.json" <<'EOF'
{"syncscope": 1, "title": "errs",
 "resources": [{"id": "counter", "type": "lock"}, {"id": "sold", "type": "variable", "value": 0}],
 "actors": [{"id": "buyer", "label": "Buyer {i}", "count": 13, "script": [
   {"do": "add", "var": "sold", "value": 1}, {"do": "release", "on": "counter"}]}],
 "expect": {"outcome": "deadlock", "vars": {"sold": 1}}}
EOF
"$SYNCSCOPE" run "$tmp/errs.json" --instant >"$tmp/errs.jsonl" 2>"$tmp/errs.err"
expect_rc "failed expectations and errors" 1 $?
grep -q '^completed at t=0.000s, [0-9]* events, expect FAILED$' "$tmp/errs.err" && ok "the outcome line without -o" || bad "no outcome line: $(cat "$tmp/errs.err")"
grep -qx 'expect: outcome deadlock, got completed' "$tmp/errs.err" && ok "a failed outcome expectation is named" || bad "outcome expectation: $(cat "$tmp/errs.err")"
grep -qx 'expect: sold = 1, got 13' "$tmp/errs.err" && ok "a failed variable expectation is named" || bad "variable expectation: $(cat "$tmp/errs.err")"
grep -qx 'error: Buyer 2 (buyer.2): actors\[0\].script\[1\]: release of lock "counter" that "buyer.2" does not hold' "$tmp/errs.err" \
    && ok "an actor that ended in error is reported like a Python exception" || bad "error line: $(cat "$tmp/errs.err")"
[ "$(grep -c '^error: ' "$tmp/errs.err")" -eq 10 ] && ok "at most 10 error lines" || bad "error lines: $(grep -c '^error: ' "$tmp/errs.err")"
grep -qx '… and 3 more' "$tmp/errs.err" && ok "then how many more" || bad "no '… and 3 more'"
grep -q '"ev":"end"' "$tmp/errs.jsonl" && ! grep -q 'expect: ' "$tmp/errs.jsonl" && ok "the report stays off the trace" || bad "report in the trace"
"$SYNCSCOPE" run "$tmp/dl.json" --instant -o "$tmp/dl2.jsonl" 2>"$tmp/dl2.err"
grep -qx 'deadlock: "a" waits for m held by "a"' "$tmp/dl2.err" && ok "a deadlock says who waits for what, held by whom" || bad "deadlock reason: $(cat "$tmp/dl2.err")"

# The os policy: real threads interleaved by the OS, in real time.
cat >"$tmp/os_counter.json" <<'EOF'
{"syncscope": 1, "title": "os counter", "scheduler": {"policy": "os"},
 "resources": [{"id": "counter", "type": "variable", "value": 50}],
 "actors": [{"id": "t", "count": 50, "script": [
   {"do": "read", "var": "counter", "into": "c"}, {"do": "sleep", "ms": 1},
   {"do": "write", "var": "counter", "value": {"add": [{"local": "c"}, -1]}}]}],
 "expect": {"outcome": "completed"}}
EOF
timeout 20 "$SYNCSCOPE" run "$tmp/os_counter.json" -o "$tmp/os1.jsonl" 2>"$tmp/os1.err"
expect_rc "an os run of the lost-update counter" 0 $?
tail -n 1 "$tmp/os1.jsonl" | grep -q '"outcome":"completed"' && ok "os: it ends completed" || bad "os end: $(tail -n 1 "$tmp/os1.jsonl")"
[ "$(grep -c '"ev":"write"' "$tmp/os1.jsonl")" -eq 50 ] && ok "os: every thread wrote" || bad "os: writes $(grep -c '"ev":"write"' "$tmp/os1.jsonl")"
timeout 20 "$SYNCSCOPE" replay "$tmp/os1.jsonl" --expect >/dev/null 2>"$tmp/os1.replay"
expect_rc "os: the trace replays under the model" 0 $?
cat >"$tmp/os_dl.json" <<'EOF'
{"syncscope": 1, "title": "os deadlock", "scheduler": {"policy": "os"},
 "resources": [{"id": "a", "type": "lock"}, {"id": "b", "type": "lock"}],
 "actors": [
  {"id": "x", "script": [{"do": "acquire", "on": "a"}, {"do": "sleep", "ms": 30}, {"do": "acquire", "on": "b"}]},
  {"id": "y", "script": [{"do": "acquire", "on": "b"}, {"do": "sleep", "ms": 30}, {"do": "acquire", "on": "a"}]}]}
EOF
timeout 20 "$SYNCSCOPE" run "$tmp/os_dl.json" >"$tmp/os_dl.jsonl" 2>"$tmp/os_dl.err"
expect_rc "an os deadlock (two locks, opposite order)" 3 $?
grep -q '"ev":"waits","actor":"x","res":"b","holders":\["y"\]' "$tmp/os_dl.jsonl" && ok "os: the waits name the holders" || bad "os deadlock waits"
grep -qx 'deadlock: "x" waits for b held by "y"; "y" waits for a held by "x"' "$tmp/os_dl.err" && ok "os: the deadlock in words" || bad "os deadlock stderr: $(cat "$tmp/os_dl.err")"
timeout 20 "$SYNCSCOPE" run "$tmp/os_dl.json" --speed 4 >/dev/null 2>&1
expect_rc "os: --speed is fine" 3 $?

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]

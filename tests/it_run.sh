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
"$SYNCSCOPE" run "$tmp/rand.json" --instant --seed 3 | tail -n +2 >"$tmp/r3a"
"$SYNCSCOPE" run "$tmp/rand.json" --instant --seed 3 | tail -n +2 >"$tmp/r3b"
"$SYNCSCOPE" run "$tmp/rand.json" --instant --seed 4 | tail -n +2 >"$tmp/r4"
cmp -s "$tmp/r3a" "$tmp/r3b" && ok "--seed 3 twice: identical" || bad "--seed 3 twice differs"
cmp -s "$tmp/r3a" "$tmp/r4" && bad "--seed 3 and 4 give the same run" || ok "--seed 3 and 4 differ"

# --pids puts real ids in the new events only.
"$SYNCSCOPE" run "$tmp/rand.json" --instant --pids | grep -q '"ev":"new","actor":"a.1","pid":[1-9]' \
    && ok "--pids adds pid to new events" || bad "--pids"
"$SYNCSCOPE" run "$tmp/rand.json" --instant | grep -q '"pid"' && bad "pid without --pids" || ok "no pid without --pids"

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

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]

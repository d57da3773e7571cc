#!/usr/bin/env bash
# it_load — a crowd under heavy contention (issue 5 "Load"): 1024 actors
# (tests/load/threads_1024.json) and 256 (processes_256.json), all on two
# locks, a semaphore of 3, a queue of 4 and a condition, cpus 4. Each runs
# in threads and in processes mode (--instant), and its _os twin under the
# os policy in both modes (the 1024 file in threads mode only, unless
# LOAD_FULL): it completes, `seq` has no gap and no repeat (no
# lost event), every actor is done, `replay --expect` holds (every rule of
# the model and the scenario's expect), and no process is left behind.
# LOAD_ITERS=N scales the repeat count, LOAD_FULL=1 adds the 1024 file in
# processes mode (larger runs by hand, not in ctest).
set -u
: "${SYNCSCOPE:?path of the syncscope binary}" "${SRC:?source dir}"
tmp=$(mktemp -d /tmp/it_load.XXXXXX); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok()  { pass=$((pass+1)); echo "ok   $1"; }
bad() { fail=$((fail+1)); echo "FAIL $1"; }
# a copy of the binary under our temp dir: every process of ours names it
mkdir -p "$tmp/bin" && cp "$SYNCSCOPE" "$tmp/bin/syncscope"
BIN="$tmp/bin/syncscope"
leftovers() { ps -eo pid=,stat=,args= | grep -F "$tmp/" | grep -v grep; }
no_leftovers() { # NAME
    local i
    for i in $(seq 50); do [ -z "$(leftovers)" ] && { ok "$1: no process left"; return; }; sleep 0.1; done
    bad "$1: processes left: $(leftovers | head -5 | tr '\n' ';')"
}
now_ms() { date +%s%3N; }

# seq_contiguous TRACE: every event line's seq is the one before plus one,
# from 0; prints the count (or what is wrong) and fails on a gap or repeat.
seq_contiguous() {
    grep -o '^{"seq":[0-9]*' "$1" | cut -d: -f2 |
        awk 'BEGIN { n = 0 } $1 != n { printf "seq %s where %d was due\n", $1, n; bad = 1; exit }
             { n++ } END { if (!bad) print n; exit bad }'
}

# scaled COPY of a load scenario: LOAD_ITERS replaces the repeat count
scenario() { # NAME -> path
    local s="$SRC/tests/load/$1.json"
    if [ -n "${LOAD_ITERS:-}" ]; then
        python3 - "$s" "$tmp/$1.json" "$LOAD_ITERS" <<'PY'
import json, sys
sc = json.load(open(sys.argv[1])); it = int(sys.argv[3])
w = sc["actors"][1]; w["script"][1]["repeat"] = it
sc["expect"]["vars"]["counter"] = w["count"] * it
json.dump(sc, open(sys.argv[2], "w"))
PY
    else
        cp "$s" "$tmp/$1.json"
    fi
    echo "$tmp/$1.json"
}

# one_run NAME SCENARIO MODE [--instant]
one_run() {
    local name="$1" s="$2" mode="$3"; shift 3
    local t="$tmp/$name.jsonl" t0 t1 rc n want
    t0=$(now_ms)
    timeout 120 "$BIN" run "$s" --mode "$mode" "$@" -o "$t" 2>"$tmp/$name.err"; rc=$?
    t1=$(now_ms)
    if [ $rc -eq 0 ]; then ok "$name: completes and meets its expect (exit 0)"
    else bad "$name: exit $rc: $(tail -n 3 "$tmp/$name.err" | tr '\n' ' ')"; fi
    tail -n 1 "$t" | grep -q '"ev":"end","outcome":"completed"' && ok "$name: the trace ends completed" \
        || bad "$name: end line: $(tail -n 1 "$t" | head -c 300)"
    if n=$(seq_contiguous "$t"); then ok "$name: seq 0..$((n - 1)) with no gap and no repeat"
    else bad "$name: $n"; fi
    want=$(head -n 1 "$t" | grep -o '"vpid":' | wc -l) # the actors the header names
    [ "$want" -ge 256 ] && [ "$(grep -c '"ev":"done"' "$t")" -eq "$want" ] && ok "$name: all $want actors are done" \
        || bad "$name: done lines: $(grep -c '"ev":"done"' "$t"), want $want"
    timeout 120 "$BIN" replay "$t" --expect >"$tmp/$name.replay" 2>&1
    rc=$?
    if [ $rc -eq 0 ] && grep -q '^expect: ok' "$tmp/$name.replay"; then ok "$name: replay --expect holds every invariant"
    else bad "$name: replay exit $rc: $(tail -n 3 "$tmp/$name.replay" | tr '\n' ' ')"; fi
    echo "     $name: $(head -n 1 "$tmp/$name.err"), $((t1 - t0)) ms wall, $(stat -c %s "$t") bytes"
    no_leftovers "$name"
}

for load in threads_1024 processes_256; do
    s=$(scenario "$load")
    # 1024 actor processes take ~10 s under ASan: by hand only (LOAD_FULL=1)
    procs=yes
    [ $load = threads_1024 ] && [ -z "${LOAD_FULL:-}" ] && procs=""
    one_run "$load.threads" "$s" threads --instant
    [ -n "$procs" ] && one_run "$load.processes" "$s" processes --instant
    s=$(scenario "${load}_os")
    one_run "${load}_os.threads" "$s" threads
    [ -n "$procs" ] && one_run "${load}_os.processes" "$s" processes
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

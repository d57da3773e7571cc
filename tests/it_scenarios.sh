#!/usr/bin/env bash
# it_scenarios — every bundled scenario runs --instant in its own mode, meets
# its own `expect`, and its trace replays with --expect to the same verdict; a
# run at another speed gives the same bytes; the trace's outcome is the one the
# scenario file names; a threads scenario run as processes gives the same
# events (only the header's "mode" differs) and replays too.
set -u
: "${SYNCSCOPE:?path of the syncscope binary}" "${SRC:?source dir}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
ok()  { pass=$((pass+1)); echo "ok   $1"; }
bad() { fail=$((fail+1)); echo "FAIL $1"; }

for s in "$SRC"/scenarios/*.json; do
    name=$(basename "$s" .json)
    want=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("expect",{}).get("outcome",""))' "$s" 2>/dev/null || true)
    timeout 60 "$SYNCSCOPE" run "$s" --instant -o "$tmp/$name.jsonl" 2>"$tmp/$name.err"
    rc=$?
    [ $rc -eq 0 ] && ok "$name: run --instant exits 0 (expect met)" || { bad "$name: run exit $rc"; cat "$tmp/$name.err"; }
    last=$(tail -n 1 "$tmp/$name.jsonl")
    case "$last" in
        *'"ev":"end"'*'"outcome":"'"$want"'"'*) ok "$name: end line says outcome $want" ;;
        *) bad "$name: end line is not outcome $want: ${last:0:200}" ;;
    esac
    timeout 60 "$SYNCSCOPE" replay "$tmp/$name.jsonl" --expect >"$tmp/$name.replay" 2>&1
    rc=$?
    [ $rc -eq 0 ] && ok "$name: replay --expect exits 0" || { bad "$name: replay --expect exit $rc"; cat "$tmp/$name.replay"; }
    # Reproducible at any speed: pacing is wall time only, never the trace.
    timeout 60 "$SYNCSCOPE" run "$s" --instant --speed 7.5 -o "$tmp/$name.2.jsonl" 2>/dev/null
    if cmp -s "$tmp/$name.jsonl" "$tmp/$name.2.jsonl"; then
        ok "$name: byte-identical trace at another speed"
    else
        bad "$name: traces differ at another speed"
    fi
    if grep -q '"mode": *"processes"' "$s"; then continue; fi
    timeout 60 "$SYNCSCOPE" run "$s" --instant --mode processes -o "$tmp/$name.p.jsonl" 2>/dev/null
    rc=$?
    [ $rc -eq 0 ] && ok "$name: as processes, run exits 0" || bad "$name: as processes, run exit $rc"
    if cmp -s <(tail -n +2 "$tmp/$name.jsonl") <(tail -n +2 "$tmp/$name.p.jsonl"); then
        ok "$name: as processes, the same events as threads"
    else
        bad "$name: as processes, the events differ from threads"
    fi
    timeout 60 "$SYNCSCOPE" replay "$tmp/$name.p.jsonl" --expect >/dev/null 2>&1 \
        && ok "$name: as processes, replay --expect exits 0" || bad "$name: as processes, replay --expect fails"
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]

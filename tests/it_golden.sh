#!/usr/bin/env bash
# it_golden — replays every golden trace with `syncscope replay --expect --dump` and
# checks what it must say (tests/golden/NAME.expect):
#   ok OUTCOME        exit code by SPEC §5 (fault 4, interrupted 5, else 0),
#   [exit N]          ... or N when the second line says so,
#                     stdout names "got OUTCOME", stderr is empty;
#   error LINE: MSG   exit 1 and stderr's first line is exactly
#                     "NAME.trace:LINE:1: error: MSG";
#   [events K]        and replay still shows everything before the bad line:
#                     its `--dump` (run with --expect) prints first what
#                     `--dump` of lines 1..K+1 alone prints, the state "after
#                     seq K-1": the K good events, and nothing after. K is LINE-2
#                     (line 2 is seq 0) unless the second line says otherwise:
#                     "no end line" points at the last line, and a wrong claim
#                     of the end line keeps the end line itself.
# Needs SYNCSCOPE (the binary) and SRC (the source dir).
set -u
: "${SYNCSCOPE:?set SYNCSCOPE to the syncscope binary}"
: "${SRC:?set SRC to the source dir}"
cd "$SRC/tests/golden" || exit 1

pass=0
fail=0
out=$(mktemp)
errf=$(mktemp)
pre=$(mktemp)
dump=$(mktemp)
trap 'rm -f "$out" "$errf" "$pre" "$dump"' EXIT

bad() {
    echo "FAIL $1: $2"
    fail=$((fail + 1))
}

# A trace bad at line $2 (SPEC: "replay still shows everything up to the bad
# line"); $dump holds what `--expect --dump` printed, $3 is the .expect's
# second line.
shows_good_part() {
    local trace=$1 line=$2 k=$(($2 - 2))
    case "$3" in "events "*) k=${3#events } ;; esac
    if [ "$line" -le 1 ]; then
        if [ -s "$dump" ]; then bad "$name" "--dump printed a state for a bad header"; return 1; fi
        return 0
    fi
    head -n $((k + 1)) "$trace" >"$pre"
    timeout 20 "$SYNCSCOPE" replay --dump "$pre" >"$out" 2>/dev/null
    # the state first; a wrong end-line claim adds the expect summary after it
    if [ ! -s "$out" ] || ! head -n "$(wc -l <"$out")" "$dump" | cmp -s - "$out"; then
        bad "$name" "--dump differs from the dump of lines 1..$((k + 1)):
$(diff "$out" "$dump" | head -n 10)"
        return 1
    fi
    # ... and that state is the one after the K-th event, the last one kept
    if [ "$k" -gt 0 ] && ! head -n 1 "$dump" | grep -q "after seq $((k - 1)) "; then
        bad "$name" "--dump does not show the state after seq $((k - 1)): $(head -n 1 "$dump")"
        return 1
    fi
    return 0
}

for trace in *.trace; do
    name=${trace%.trace}
    exp="$name.expect"
    if [ ! -f "$exp" ]; then bad "$name" "no $exp"; continue; fi
    first=$(sed -n 1p "$exp")
    second=$(sed -n 2p "$exp")
    timeout 20 "$SYNCSCOPE" replay --expect --dump "$trace" >"$dump" 2>"$errf"
    code=$?
    case "$first" in
    "ok "*)
        outcome=${first#ok }
        want=0
        [ "$outcome" = fault ] && want=4
        [ "$outcome" = interrupted ] && want=5
        case "$second" in "exit "*) want=${second#exit } ;; esac
        if [ "$code" != "$want" ]; then bad "$name" "exit $code, want $want; stderr: $(head -c 300 "$errf")"; continue; fi
        if ! grep -q "got $outcome" "$dump"; then bad "$name" "stdout does not say \"got $outcome\": $(tail -n 5 "$dump")"; continue; fi
        if [ -s "$errf" ]; then bad "$name" "unexpected stderr: $(head -c 300 "$errf")"; continue; fi
        ;;
    "error "*)
        rest=${first#error }
        line=${rest%%:*}
        msg=${rest#*: }
        want_line="$trace:$line:1: error: $msg"
        got_line=$(head -n 1 "$errf")
        if [ "$code" != 1 ]; then bad "$name" "exit $code, want 1; stderr: $got_line"; continue; fi
        if [ "$got_line" != "$want_line" ]; then
            bad "$name" "stderr
   got:  $got_line
   want: $want_line"
            continue
        fi
        if ! shows_good_part "$trace" "$line" "$second"; then continue; fi
        ;;
    *) bad "$name" "bad first line in $exp: $first"; continue ;;
    esac
    pass=$((pass + 1))
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]

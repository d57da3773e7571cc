#!/usr/bin/env bash
# it_golden — replays every golden trace with `syncscope replay --expect` and
# checks what it must say (tests/golden/NAME.expect):
#   ok OUTCOME        exit code by SPEC §5 (fault 4, interrupted 5, else 0),
#   [exit N]          ... or N when the second line says so,
#                     stdout names "got OUTCOME", stderr is empty;
#   error LINE: MSG   exit 1 and stderr's first line is exactly
#                     "NAME.trace:LINE:1: error: MSG".
# Needs SYNCSCOPE (the binary) and SRC (the source dir).
set -u
: "${SYNCSCOPE:?set SYNCSCOPE to the syncscope binary}"
: "${SRC:?set SRC to the source dir}"
cd "$SRC/tests/golden" || exit 1

pass=0
fail=0
out=$(mktemp)
errf=$(mktemp)
trap 'rm -f "$out" "$errf"' EXIT

bad() {
    echo "FAIL $1: $2"
    fail=$((fail + 1))
}

for trace in *.trace; do
    name=${trace%.trace}
    exp="$name.expect"
    if [ ! -f "$exp" ]; then bad "$name" "no $exp"; continue; fi
    first=$(sed -n 1p "$exp")
    second=$(sed -n 2p "$exp")
    timeout 20 "$SYNCSCOPE" replay --expect "$trace" >"$out" 2>"$errf"
    code=$?
    case "$first" in
    "ok "*)
        outcome=${first#ok }
        want=0
        [ "$outcome" = fault ] && want=4
        [ "$outcome" = interrupted ] && want=5
        case "$second" in "exit "*) want=${second#exit } ;; esac
        if [ "$code" != "$want" ]; then bad "$name" "exit $code, want $want; stderr: $(head -c 300 "$errf")"; continue; fi
        if ! grep -q "got $outcome" "$out"; then bad "$name" "stdout does not say \"got $outcome\": $(cat "$out")"; continue; fi
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
        ;;
    *) bad "$name" "bad first line in $exp: $first"; continue ;;
    esac
    pass=$((pass + 1))
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]

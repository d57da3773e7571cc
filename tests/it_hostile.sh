#!/usr/bin/env bash
# it_hostile — `check` and `replay` on hostile input that is too big to keep
# in tests/golden (generated here) and on files that are not files: each
# gives one clear error and exit 1, never a crash or a hang (every run is
# under `timeout`, whose 124 fails the test), and no process is left.
#   - a 10 MiB event line, 10^5 nested '[' (in an event, in the header), a
#     10^5-element array under an unknown key (skipped: forward compatible);
#   - replay --dump and --frames of a bad trace show exactly the good part;
#   - a 200 MB file of one line, /dev/zero, a FIFO fed without end, a
#     directory, /dev/null, a file without read permission, a symlink loop.
# Needs SYNCSCOPE (the binary) and SRC (the source dir).
set -u
: "${SYNCSCOPE:?set SYNCSCOPE to the syncscope binary}"
: "${SRC:?set SRC to the source dir}"

pass=0
fail=0
tmp=$(mktemp -d)
writer=
cleanup() {
    [ -n "$writer" ] && kill "$writer" 2>/dev/null && wait "$writer" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
cd "$tmp" || exit 1
G=$SRC/tests/golden/lock_handoff.trace

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $1: $2"; }

# expect NAME CODE "FIRST STDERR LINE" CMD...: CMD exits CODE and says that.
expect() {
    local name=$1 want=$2 msg=$3
    shift 3
    timeout 20 "$@" >out 2>err
    local code=$?
    if [ "$code" != "$want" ]; then bad "$name" "exit $code, want $want; stderr: $(head -c 300 err)"; return 1; fi
    if [ "$(head -n 1 err)" != "$msg" ]; then
        bad "$name" "stderr
   got:  $(head -c 300 err | head -n 1)
   want: $msg"
        return 1
    fi
    ok
}

# shows_prefix NAME TRACE K: replay --dump of TRACE prints what the first K
# events alone (lines 1..K+1) give: the good part, nothing after it.
shows_prefix() {
    timeout 20 "$SYNCSCOPE" replay --dump "$2" >dump 2>/dev/null
    head -n $(($3 + 1)) "$2" >prefix.trace
    timeout 20 "$SYNCSCOPE" replay --dump prefix.trace >want 2>/dev/null
    if [ -s want ] && cmp -s dump want; then ok; else bad "$1" "--dump is not the state of its first $3 events"; fi
}

# header + seq 0..4, then line 7 from stdin, then the rest of the good trace
with_line7() { head -n 6 "$G"; cat; tail -n +8 "$G"; }

# ---- generated bad traces ----------------------------------------------------

{ printf '{"seq":5,"t":0,"ev":"say","actor":"car.1","say":"'
  head -c $((10 * 1024 * 1024)) /dev/zero | tr '\0' a
  printf '"}\n'; } | with_line7 >long_line.trace
expect "a 10 MiB line" 1 "long_line.trace:7:1: error: line longer than 4194304 bytes" \
    "$SYNCSCOPE" replay long_line.trace
shows_prefix "a 10 MiB line" long_line.trace 5

{ printf '{"seq":5,"t":0,"ev":"say","actor":"car.1","x":'
  head -c 100000 /dev/zero | tr '\0' '['
  printf '}\n'; } | with_line7 >deep.trace
expect "10^5 nested [ in an event" 1 "deep.trace:7:1: error: nested deeper than 64" \
    "$SYNCSCOPE" replay deep.trace
shows_prefix "10^5 nested [ in an event" deep.trace 5

{ printf '{"syncscope_trace":1,"x":'; head -c 100000 /dev/zero | tr '\0' '['; printf '}\n'; tail -n +2 "$G"; } >deep_header.trace
expect "10^5 nested [ in the header" 1 "deep_header.trace:1:1: error: header: line 1 is not a JSON object: not a syncscope trace (a scenario? make a trace of it first: syncscope run SCENARIO.json -o TRACE)" \
    "$SYNCSCOPE" replay deep_header.trace

{ printf '{"seq":5,"t":0,"ev":"acquired","actor":"car.1","res":"door","x":['
  head -c 200000 /dev/zero | tr '\0' '0' | sed 's/0/0,/g'
  printf '0]}\n'; } | with_line7 >huge_array.trace
expect "a 10^5-element array under an unknown key is skipped" 0 "" \
    "$SYNCSCOPE" replay huge_array.trace

# ---- --frames draws the good part ------------------------------------------------

for case in two_holders utf8_invalid_in_string header_missing; do
    trace=$SRC/tests/golden/$case.trace
    line=$(sed -n '1s/^error \([0-9]*\):.*/\1/p' "$SRC/tests/golden/$case.expect")
    mkdir -p "f_$case" "p_$case"
    timeout 20 "$SYNCSCOPE" replay --frames "f_$case" "$trace" >/dev/null 2>&1
    code=$?
    if [ "$code" != 1 ]; then bad "--frames of $case" "exit $code, want 1"; continue; fi
    if [ "$line" -le 1 ]; then
        if [ -n "$(ls "f_$case")" ]; then bad "--frames of $case" "frames of a trace with no header"; else ok; fi
        continue
    fi
    head -n $((line - 1)) "$trace" >prefix.trace
    timeout 20 "$SYNCSCOPE" replay --frames "p_$case" prefix.trace >/dev/null 2>&1
    if [ -n "$(ls "p_$case")" ] && diff -r "f_$case" "p_$case" >/dev/null; then ok
    else bad "--frames of $case" "the frames are not those of lines 1..$((line - 1))"; fi
done

# ---- files that are not scenarios or traces ---------------------------------------

truncate -s 200M one_line_200mb # sparse: 200 MB of NUL bytes, no newline
expect "check of a 200 MB file" 1 "one_line_200mb: error: the file is larger than 1 MiB (the limit for a scenario)" \
    "$SYNCSCOPE" check one_line_200mb
expect "replay of a 200 MB line" 1 "one_line_200mb:1:1: error: line longer than 4194304 bytes" \
    "$SYNCSCOPE" replay one_line_200mb
rm -f one_line_200mb

expect "check /dev/zero" 1 "/dev/zero: error: the file is larger than 1 MiB (the limit for a scenario)" \
    "$SYNCSCOPE" check /dev/zero
expect "replay /dev/zero" 1 "/dev/zero:1:1: error: line longer than 4194304 bytes" \
    "$SYNCSCOPE" replay /dev/zero
expect "replay - of an endless stdin" 1 "<stdin>:1:1: error: line longer than 4194304 bytes" \
    sh -c 'exec "$0" replay - </dev/zero' "$SYNCSCOPE"

# a FIFO whose writer never stops (with newlines: every line is bad at once)
mkfifo fifo
for cmd in check replay; do
    if [ "$cmd" = check ]; then msg="fifo: error: the file is larger than 1 MiB (the limit for a scenario)"
    else msg="fifo:1:1: error: line longer than 4194304 bytes"; fi
    timeout 30 sh -c 'exec cat /dev/zero >fifo' 2>/dev/null &
    writer=$!
    expect "$cmd of a FIFO without end" 1 "$msg" "$SYNCSCOPE" "$cmd" fifo
    kill "$writer" 2>/dev/null
    wait "$writer" 2>/dev/null
    writer=
done

mkdir adir
expect "check of a directory" 1 "adir: error: cannot read: Is a directory" "$SYNCSCOPE" check adir
expect "replay of a directory" 1 "adir:1:1: error: read error: Is a directory" "$SYNCSCOPE" replay adir
expect "check /dev/null" 1 "/dev/null:1:1: error: the file is empty (a scenario is a JSON object: {...})" \
    "$SYNCSCOPE" check /dev/null
expect "replay /dev/null" 1 "/dev/null:1:1: error: empty file: not a syncscope trace" "$SYNCSCOPE" replay /dev/null

ln -s loop_b loop_a
ln -s loop_a loop_b
expect "check of a symlink loop" 1 "loop_a: error: cannot open: Too many levels of symbolic links" \
    "$SYNCSCOPE" check loop_a
expect "replay of a symlink loop" 1 "loop_a: error: cannot open: Too many levels of symbolic links" \
    "$SYNCSCOPE" replay loop_a

# without read permission: root reads anything, so drop to nobody if root
cp "$G" noread.trace
chmod 000 noread.trace
as=()
if [ "$(id -u)" = 0 ]; then
    if command -v setpriv >/dev/null && setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
        as=(setpriv --reuid=65534 --regid=65534 --clear-groups)
        chmod 755 "$tmp"
    else as=(skip); fi
fi
if [ "${as[0]:-}" = skip ]; then echo "skip: no read permission (root and no setpriv)"
else
    expect "check without read permission" 1 "noread.trace: error: cannot open: Permission denied" \
        "${as[@]}" "$SYNCSCOPE" check noread.trace
    expect "replay without read permission" 1 "noread.trace: error: cannot open: Permission denied" \
        "${as[@]}" "$SYNCSCOPE" replay noread.trace
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]

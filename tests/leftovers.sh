#!/usr/bin/env bash
# leftovers — run after every other test: no process started from this build
# (the syncscope binary, a copy of it the tests made, a test executable) may
# still exist, and no zombie may be left. Waits a moment for slow exits.
set -u
build="${1:?build dir}"
ours() {
    # every process whose executable lives in the build dir or a test's temp
    # copy of the binary, or that is a zombie; not this script
    ps -eo pid=,stat=,args= | awk -v b="$build" -v me=$$ '
        $1 == me { next }
        $2 ~ /^Z/ && $0 ~ /syncscope|test_/ { print; next }
        index($0, b "/syncscope") || index($0, b "/test_") || $0 ~ /\/marker-[0-9]+\/syncscope/ { print }'
}
for _ in 1 2 3 4 5 6 7 8 9 10; do
    left=$(ours | grep -v -e leftovers.sh -e ' ps ' -e awk)
    [ -z "$left" ] && { echo "1 passed, 0 failed"; exit 0; }
    sleep 0.5
done
echo "processes left behind by the tests:"
echo "$left"
echo "0 passed, 1 failed"
exit 1

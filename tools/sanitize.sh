#!/usr/bin/env bash
# sanitize — the runtime under ThreadSanitizer, and replay under valgrind
# memcheck (issue 5 "Sanitizers"). Run from anywhere:
#
#   tools/sanitize.sh [tsan] [valgrind]      (both when no argument is given)
#
# tsan:     builds syncscope, test_runtime and test_proc with -fsanitize=thread
#           in build-tsan/ (CC=clang to use clang; gcc by default), then runs
#           test_runtime, test_proc, and it_run.sh, it_proc.sh and the no-window
#           part of it_broken.sh on that binary (processes mode forks: TSan
#           follows each child; SANITIZE_LOAD=1 adds it_load.sh, ~100 s).
#           Every report, from any process (log_path), fails the run.
# valgrind: `syncscope replay --expect` of fresh traces of a few lessons
#           (threads, processes, a deadlock, a fault, UTF-8 labels) and of
#           bad traces (two holders, a gap in seq, invalid UTF-8), under
#           memcheck with a full leak check; any error or leak fails the run.
#           Uses the build in $BUILD (default build/; built if missing).
# Needs: gcc or clang with libtsan, valgrind (apt-get install valgrind).
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here" || exit 1
what=("$@")
[ ${#what[@]} -eq 0 ] && what=(tsan valgrind)
jobs=2 # the machine is shared: never more than two
failed=0
say() { printf '%s\n' "sanitize: $*"; }

run_tsan() {
    local b="$here/build-tsan" logs t0
    t0=$(date +%s)
    cmake -S "$here" -B "$b" -DCMAKE_BUILD_TYPE=Debug ${CC:+-DCMAKE_C_COMPILER="$CC"} \
        -DCMAKE_C_FLAGS="-fsanitize=thread -fno-omit-frame-pointer -O1" \
        -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=thread" >/dev/null || { say "tsan: cmake failed"; return 1; }
    cmake --build "$b" -j"$jobs" --target syncscope test_runtime test_proc >"$b/build.log" 2>&1 ||
        { tail -n 20 "$b/build.log"; say "tsan: the build failed"; return 1; }
    logs="$b/tsan-logs"
    rm -rf "$logs" && mkdir -p "$logs"
    # log_path: one file per process that reports (children of a fork too);
    # the tests redirect stderr, so a report on stderr could go unseen
    export TSAN_OPTIONS="halt_on_error=0 second_deadlock_stack=1 history_size=4 log_path=$logs/tsan"
    [ -f "$here/tools/tsan.supp" ] && TSAN_OPTIONS="$TSAN_OPTIONS suppressions=$here/tools/tsan.supp"
    export SDL_VIDEODRIVER=dummy SYNCSCOPE="$b/syncscope" SRC="$here"
    local t rc bad=0
    for t in test_runtime test_proc; do
        (cd "$b" && "./$t" >"$logs/$t.out" 2>&1); rc=$?
        [ $rc -eq 0 ] && say "tsan: $t: $(tail -n 1 "$logs/$t.out")" || { say "tsan: $t FAILED (exit $rc)"; tail -n 5 "$logs/$t.out"; bad=1; }
    done
    local scripts=(it_run it_proc it_broken)
    [ -n "${SANITIZE_LOAD:-}" ] && scripts+=(it_load)
    for t in "${scripts[@]}"; do
        BROKEN_PART=run bash "$here/tests/$t.sh" >"$logs/$t.out" 2>&1; rc=$?
        [ $rc -eq 0 ] && say "tsan: $t.sh: $(tail -n 1 "$logs/$t.out")" || { say "tsan: $t.sh FAILED"; grep FAIL "$logs/$t.out" | head -n 5; bad=1; }
    done
    local reports
    reports=$(cat "$logs"/tsan.* 2>/dev/null | grep -c '^WARNING: ThreadSanitizer')
    if [ "$reports" -gt 0 ]; then
        say "tsan: $reports report(s):"
        cat "$logs"/tsan.* | head -n 80
        bad=1
    else
        say "tsan: no report"
    fi
    say "tsan: $(($(date +%s) - t0)) s"
    return $bad
}

run_valgrind() {
    local b="${BUILD:-$here/build}" t0 dir rc bad=0
    t0=$(date +%s)
    command -v valgrind >/dev/null || { say "valgrind is missing (apt-get install valgrind)"; return 1; }
    if [ ! -x "$b/syncscope" ]; then
        cmake -S "$here" -B "$b" >/dev/null && cmake --build "$b" -j"$jobs" --target syncscope >/dev/null ||
            { say "valgrind: cannot build $b/syncscope"; return 1; }
    fi
    dir=$(mktemp -d /tmp/syncscope-valgrind.XXXXXX)
    # (name, scenario, mode): the replay under memcheck must exit as without it
    local cases=("ticket_office lock_ticket_office threads"
                 "ticket_office_processes lock_ticket_office processes"
                 "bounded_buffer condition_bounded_buffer threads"
                 "philosophers philosophers_deadlock threads"
                 "terminate_holder process_terminate_holder processes"
                 "baozi_zh queue_baozi_zh threads"
                 "pool pool_apply_async threads")
    local c name scn mode want
    for c in "${cases[@]}"; do
        read -r name scn mode <<<"$c"
        "$b/syncscope" run "$here/scenarios/$scn.json" --instant --mode "$mode" -o "$dir/$name.jsonl" 2>/dev/null
        want=$("$b/syncscope" replay "$dir/$name.jsonl" --expect >/dev/null 2>&1; echo $?)
        vg_replay "$b" "$dir/$name.jsonl" "$want" "$dir/$name" || bad=1
    done
    # bad traces: each a clear error (exit 1) and nothing leaked on the way out
    for name in two_holders gap_in_seq utf8_invalid_in_string; do
        vg_replay "$b" "$here/tests/golden/$name.trace" 1 "$dir/$name" || bad=1
    done
    rm -rf "$dir"
    say "valgrind: $(($(date +%s) - t0)) s"
    return $bad
}

# vg_replay BUILD TRACE WANT_EXIT LOGPREFIX: memcheck of replay --expect.
# --error-exitcode=99, not 1: replay's own exit code 1 (an unmet expect,
# a bad trace) must not read as a memcheck error.
vg_replay() {
    local rc
    valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect,possible \
        --errors-for-leak-kinds=definite,indirect,possible --track-origins=yes --log-file="$4.vg" \
        "$1/syncscope" replay "$2" --expect >"$4.out" 2>&1
    rc=$?
    if [ $rc -eq 99 ] || [ -s "$4.vg" ]; then
        say "valgrind: $(basename "$2"): memcheck errors:"; head -n 40 "$4.vg"; return 1
    fi
    if [ $rc -ne "$3" ]; then
        say "valgrind: $(basename "$2"): replay exit $rc, want $3: $(tail -n 2 "$4.out")"; return 1
    fi
    say "valgrind: $(basename "$2"): clean (replay exit $rc)"
}

for w in "${what[@]}"; do
    case "$w" in
        tsan) run_tsan || failed=1 ;;
        valgrind) run_valgrind || failed=1 ;;
        *) echo "usage: tools/sanitize.sh [tsan] [valgrind]" >&2; exit 2 ;;
    esac
done
[ $failed -eq 0 ] && say "all clean" || say "FAILED"
exit $failed

#!/usr/bin/env bash
# update-goldimg.sh — regenerate the golden images of tests/test_goldimg.c
# (tests/goldimg/*.png) after an intended change to the layout, the cards or
# the fonts. LOOK at every PNG it writes before committing them.
#
#   tools/update-goldimg.sh [BUILD_DIR]            rebuild test_goldimg, rewrite the PNGs
#   tools/update-goldimg.sh --traces [BUILD_DIR]   first re-record the traces they are drawn
#                                                  from (a trace format change), then the PNGs
#
# BUILD_DIR defaults to build/ (configured if it is not yet). The traces come
# from scenarios/<name>.json, or tests/goldimg/<name>.json for the fixtures
# that are not lessons, run with `syncscope run --instant`.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
traces=0
if [ "${1:-}" = "--traces" ]; then traces=1; shift; fi
build="${1:-$here/build}"

if [ ! -f "$build/CMakeCache.txt" ]; then cmake -S "$here" -B "$build" >/dev/null; fi
cmake --build "$build" -j"${JOBS:-2}" --target syncscope test_goldimg >/dev/null

if [ "$traces" = 1 ]; then
    for t in "$here"/tests/goldimg/*.trace; do
        name=$(basename "$t" .trace)
        src="$here/scenarios/$name.json"
        [ -f "$src" ] || src="$here/tests/goldimg/$name.json"
        if [ ! -f "$src" ]; then echo "update-goldimg: no scenario for $t" >&2; exit 1; fi
        # exit 3 (deadlock) is what the philosophers are for; a trace is written anyway
        code=0
        "$build/syncscope" run "$src" -o "$t" --instant >/dev/null || code=$?
        if [ "$code" != 0 ] && [ "$code" != 3 ]; then
            echo "update-goldimg: $src: syncscope run exited $code" >&2
            exit 1
        fi
        echo "recorded $t"
    done
fi

cd "$build"
SDL_VIDEODRIVER=dummy SYNCSCOPE_UPDATE_GOLDEN=1 ./test_goldimg
echo "update-goldimg: now look at $here/tests/goldimg/*.png"

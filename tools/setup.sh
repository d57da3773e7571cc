#!/usr/bin/env bash
# setup.sh — install what is missing, build, and open syncscope or run its tests.
#
#   tools/setup.sh open [SCENARIO.json]  install, build, open the window (frames when no display)
#   tools/setup.sh test                  install, build with warnings as errors, run every test,
#                                        then the whole suite again under ASan + UBSan, the runtime
#                                        tests under TSan, replay under valgrind, and each fuzzer
#                                        for $FUZZ_SECONDS (30) s
#   tools/setup.sh deps | build          the single steps
#
# Works on a fresh Debian 12 machine, as root or with sudo. CI runs `tools/setup.sh test`.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

PACKAGES="build-essential cmake pkg-config libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev libcjson-dev libfontconfig-dev fonts-droid-fallback"
TEST_PACKAGES="xvfb xauth python3 xdotool valgrind clang libclang-rt-14-dev"
JOBS="${JOBS:-2}"

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo "$@"
    else echo "setup.sh: need root (or sudo) to install: $*" >&2; exit 2
    fi
}

deps() {
    local want="$PACKAGES $*" missing=""
    for p in $want; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
    done
    if [ -n "$missing" ]; then
        echo "setup.sh: installing$missing"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        # shellcheck disable=SC2086
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
    fi
}

build() { # build DIR [cmake options...]
    local dir="$1"; shift
    cmake -S . -B "$dir" -DSYNCSCOPE_WERROR=ON "$@" >/dev/null
    cmake --build "$dir" -j "$JOBS"
}

cmd="${1:-open}"
[ $# -gt 0 ] && shift
case "$cmd" in
deps)  deps $TEST_PACKAGES ;;
build) deps; build build ;;
open)
    deps
    build build
    exec build/syncscope "$@"
    ;;
test)
    deps $TEST_PACKAGES
    build build
    (cd build && ctest --output-on-failure -j "$JOBS" --timeout 300)
    echo "== the same suite under AddressSanitizer + UndefinedBehaviorSanitizer =="
    build build-asan -DSYNCSCOPE_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
    (cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
        ctest --output-on-failure -j "$JOBS" --timeout 600)
    echo "== the runtime under ThreadSanitizer, replay under valgrind memcheck =="
    tools/sanitize.sh tsan
    BUILD=build tools/sanitize.sh valgrind
    echo "== the libFuzzer targets, ${FUZZ_SECONDS:-30} s each =="
    tools/fuzz.sh "${FUZZ_SECONDS:-30}"
    ;;
*) echo "usage: tools/setup.sh open|test|deps|build" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# it_window — the real window under a virtual X server: `play` and `view`
# draw, write their screenshots, return the right exit codes and leave no
# process behind; with no display, `play` renders frames instead.
# Needs: SYNCSCOPE (the binary), SRC (the source dir), Xvfb, python3.
set -u
: "${SYNCSCOPE:?set SYNCSCOPE to the syncscope binary}"
: "${SRC:?set SRC to the source dir}"
if ! command -v Xvfb >/dev/null 2>&1; then
    echo "it_window: Xvfb is missing (apt-get install xvfb); cannot test the window" >&2
    echo "0 passed, 1 failed"
    exit 1
fi
if ! command -v python3 >/dev/null 2>&1; then
    echo "it_window: python3 is missing; it is needed to check the PNG files" >&2
    echo "0 passed, 1 failed"
    exit 1
fi

# Under ASan the X11, D-Bus and Mesa libraries that SDL loads leak a few
# blocks at exit (outside our code, some in dlclose'd modules that no
# suppression can name); our own window code is leak-checked by test_gfx
# and test_view, so leak checking is off for the window process only.
case "${ASAN_OPTIONS:-}" in *detect_leaks=1*) export ASAN_OPTIONS="${ASAN_OPTIONS//detect_leaks=1/detect_leaks=0}" ;; esac

TMP=$(mktemp -d /tmp/syncscope_it_window.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
# a copy of the binary under a unique path: pgrep -f on it finds only ours
MARK="$TMP/marker-$$"
mkdir -p "$MARK"
cp "$SYNCSCOPE" "$MARK/syncscope"
BIN="$MARK/syncscope"
SCN="$SRC/scenarios/event_traffic_light.json"
if [ ! -f "$SCN" ]; then
    SCN="$TMP/light.json"
    cat >"$SCN" <<'JSON'
{"syncscope": 1, "title": "Light", "cpus": 1, "stop_after_ms": 20000,
 "resources": [{"id": "light", "type": "event"}],
 "actors": [
  {"id": "lights", "script": [{"loop": [{"do": "set", "on": "light"}, {"do": "sleep", "ms": 3000},
                                          {"do": "clear", "on": "light"}, {"do": "sleep", "ms": 3000}]}]},
  {"id": "car", "count": 2, "script": [{"loop": [{"do": "wait", "on": "light"}, {"do": "work", "ms": 500}]}]}],
 "expect": {"outcome": "stopped"}}
JSON
fi
# One virtual X server for every case, started here rather than by
# xvfb-run: xvfb-run exits 5 when it cannot clean its temporary directory
# (seen on a slow machine), and 5 is also our "interrupted" exit code.
Xvfb -displayfd 3 -screen 0 1280x720x24 -nolisten tcp 3>"$TMP/display" 2>"$TMP/xvfb.log" &
XVFB_PID=$!
trap 'kill $XVFB_PID 2>/dev/null; wait $XVFB_PID 2>/dev/null; rm -rf "$TMP"' EXIT
for _ in $(seq 100); do [ -s "$TMP/display" ] && break; sleep 0.1; done
if [ ! -s "$TMP/display" ]; then
    echo "it_window: Xvfb did not start: $(cat "$TMP/xvfb.log")" >&2
    echo "0 passed, 1 failed"
    exit 1
fi
export DISPLAY=":$(head -n 1 "$TMP/display")"
XVFB=()

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1: $2"; }

# png_check FILE W H: exists, is W x H, and is not one flat colour
png_check() {
    python3 - "$1" "$2" "$3" <<'PY'
import struct, sys, zlib
path, w, h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
try:
    data = open(path, "rb").read()
except OSError as e:
    print("cannot read %s: %s" % (path, e)); sys.exit(1)
if data[:8] != b"\x89PNG\r\n\x1a\n":
    print("not a PNG"); sys.exit(1)
pw, ph = struct.unpack(">II", data[16:24])
if (pw, ph) != (w, h):
    print("size %dx%d, want %dx%d" % (pw, ph, w, h)); sys.exit(1)
idat, i = b"", 8
while i < len(data):
    n, kind = struct.unpack(">I4s", data[i:i + 8])
    if kind == b"IDAT": idat += data[i + 8:i + 8 + n]
    i += 12 + n
raw = zlib.decompress(idat)
if len(set(raw)) < 24:
    print("looks like one flat colour (%d distinct bytes)" % len(set(raw))); sys.exit(1)
PY
}

leftovers() { pgrep -f "$MARK" >/dev/null 2>&1; }

# 1. play: the user "closes" the window (--exit-after) before the run ends
cd "$TMP"
"${XVFB[@]}" env -u SDL_VIDEODRIVER "$BIN" play "$SCN" --exit-after 3 --screenshot "$TMP/shot.png" \
    >"$TMP/play.out" 2>&1
rc=$?
if [ $rc -eq 5 ]; then ok "play_closed_before_the_end_exits_interrupted"
else bad "play_closed_before_the_end_exits_interrupted" "exit code $rc, want 5: $(tail -3 "$TMP/play.out")"; fi
if msg=$(png_check "$TMP/shot.png" 1280 720); then ok "play_screenshot_is_a_1280x720_picture"
else bad "play_screenshot_is_a_1280x720_picture" "$msg"; fi
sleep 0.3
if leftovers; then bad "play_leaves_no_process_behind" "$(pgrep -fa "$MARK")"
else ok "play_leaves_no_process_behind"; fi

# 2. play until the run ends by itself: the exit code is the run's
QUICK="$TMP/quick.json"
cat >"$QUICK" <<'JSON'
{"syncscope": 1, "title": "Quick lock", "cpus": 1, "speed": 20,
 "resources": [{"id": "l", "type": "lock"}],
 "actors": [{"id": "w", "count": 2, "script": [{"with": "l", "steps": [{"do": "work", "ms": 300}]}]}],
 "expect": {"outcome": "deadlock"}}
JSON
"${XVFB[@]}" env -u SDL_VIDEODRIVER "$BIN" play "$QUICK" --exit-after 4 >"$TMP/quick.out" 2>&1
rc=$?
# the run completes, but expect says deadlock: an expect failure is 1
if [ $rc -eq 1 ]; then ok "play_returns_the_runs_exit_code_when_the_run_ends_first"
else bad "play_returns_the_runs_exit_code_when_the_run_ends_first" "exit code $rc, want 1: $(tail -3 "$TMP/quick.out")"; fi

# 3. a recorded trace in the viewer
"$BIN" run "$SCN" --instant -o "$TMP/t.jsonl" 2>"$TMP/run.err"
rc=$?
if [ -s "$TMP/t.jsonl" ]; then ok "run_writes_a_trace_to_view (exit $rc)"
else bad "run_writes_a_trace_to_view" "no trace: $(tail -3 "$TMP/run.err")"; fi
"${XVFB[@]}" env -u SDL_VIDEODRIVER "$BIN" view "$TMP/t.jsonl" --exit-after 2 --screenshot "$TMP/v.png" \
    >"$TMP/view.out" 2>&1
rc=$?
if [ $rc -eq 0 ]; then ok "view_of_a_good_trace_exits_0"; else bad "view_of_a_good_trace_exits_0" "exit code $rc: $(tail -3 "$TMP/view.out")"; fi
if msg=$(png_check "$TMP/v.png" 1280 720); then ok "view_screenshot_is_a_1280x720_picture"
else bad "view_screenshot_is_a_1280x720_picture" "$msg"; fi

# 4. a live trace from stdin
"$BIN" run "$SCN" --instant 2>/dev/null | "${XVFB[@]}" env -u SDL_VIDEODRIVER "$BIN" view - --exit-after 2 \
    --screenshot "$TMP/pipe.png" >"$TMP/pipe.out" 2>&1
rc=${PIPESTATUS[1]}
if [ $rc -eq 0 ] && png_check "$TMP/pipe.png" 1280 720 >/dev/null; then ok "view_from_stdin_draws_the_piped_trace"
else bad "view_from_stdin_draws_the_piped_trace" "exit code $rc: $(tail -3 "$TMP/pipe.out")"; fi

# 5. a bad line: the window stays up, shows what came before, exits 1
head -n 30 "$TMP/t.jsonl" >"$TMP/bad.jsonl"
echo '{"seq":30,"t":0,"ev":"nonsense","actor":"nobody"}' >>"$TMP/bad.jsonl"
"${XVFB[@]}" env -u SDL_VIDEODRIVER "$BIN" view "$TMP/bad.jsonl" --exit-after 1.5 --screenshot "$TMP/bad.png" \
    >"$TMP/bad.out" 2>&1
rc=$?
if [ $rc -eq 1 ] && png_check "$TMP/bad.png" 1280 720 >/dev/null; then ok "view_of_a_bad_trace_keeps_the_window_and_exits_1"
else bad "view_of_a_bad_trace_keeps_the_window_and_exits_1" "exit code $rc: $(tail -3 "$TMP/bad.out")"; fi

# 6. no display at all: frames instead of a window
mkdir -p "$TMP/nodisp" && cd "$TMP/nodisp"
env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER "$BIN" play "$QUICK" >"$TMP/nodisp.out" 2>&1
rc=$?
if grep -Eq '^No display found( \([^)]*\))?. Rendered [0-9]* frames of "Quick lock" to ./syncscope-frames/' "$TMP/nodisp.out" &&
   png_check "$TMP/nodisp/syncscope-frames/frame_00000.png" 1280 720 >/dev/null && [ $rc -eq 1 ]; then
    ok "play_without_a_display_renders_frames_and_keeps_the_runs_exit_code"
else
    bad "play_without_a_display_renders_frames_and_keeps_the_runs_exit_code" "exit code $rc: $(tail -3 "$TMP/nodisp.out")"
fi
cd "$TMP"

# 7. the issue-3 cards in the window: a pool (threads) and a killed lock
# holder (processes mode), recorded then viewed
for name in pool_apply_async process_terminate_holder; do
    LSN="$SRC/scenarios/$name.json"
    [ -f "$LSN" ] || continue
    "$BIN" run "$LSN" --instant -o "$TMP/$name.jsonl" 2>"$TMP/$name.err"
    "${XVFB[@]}" env -u SDL_VIDEODRIVER "$BIN" view "$TMP/$name.jsonl" --exit-after 1.5 \
        --screenshot "$TMP/$name.png" >"$TMP/$name.out" 2>&1
    rc=$?
    if [ $rc -eq 0 ] && msg=$(png_check "$TMP/$name.png" 1280 720); then ok "view_draws_the_${name}_lesson"
    else bad "view_draws_the_${name}_lesson" "exit code $rc: ${msg:-} $(tail -3 "$TMP/$name.out") $(tail -2 "$TMP/$name.err")"; fi
done

# 8. the controls, driven through real X key and mouse events (xdotool)
# win_wait: the id of our window, once it is mapped
win_wait() {
    local id=""
    for _ in $(seq 100); do
        id=$(xdotool search --name '^syncscope' 2>/dev/null | head -n 1)
        [ -n "$id" ] && break
        sleep 0.1
    done
    echo "$id"
}
# title_wait ID PATTERN: true once the window title matches PATTERN (grep -E)
title_wait() {
    for _ in $(seq 30); do
        xdotool getwindowname "$1" 2>/dev/null | grep -Eq "$2" && return 0
        sleep 0.1
    done
    return 1
}
# darker A.png B.png X Y: pixel (X, Y) of A is darker than that of B
darker() {
    python3 - "$@" <<'PY'
import struct, sys, zlib
def pixel(path, x, y):
    data = open(path, "rb").read()
    w, h, depth, ctype = struct.unpack(">IIBB", data[16:26])
    idat, i = b"", 8
    while i < len(data):
        n, kind = struct.unpack(">I4s", data[i:i + 8])
        if kind == b"IDAT": idat += data[i + 8:i + 8 + n]
        i += 12 + n
    raw = zlib.decompress(idat)
    bpp = {2: 3, 6: 4}[ctype]
    stride = w * bpp
    prev = bytearray(stride)
    rows = []
    p = 0
    for r in range(h):
        f = raw[p]; line = bytearray(raw[p + 1:p + 1 + stride]); p += 1 + stride
        for c in range(stride):
            a = line[c - bpp] if c >= bpp else 0
            b = prev[c]; cc = prev[c - bpp] if c >= bpp else 0
            if f == 1: line[c] = (line[c] + a) & 255
            elif f == 2: line[c] = (line[c] + b) & 255
            elif f == 3: line[c] = (line[c] + (a + b) // 2) & 255
            elif f == 4:
                pa, pb, pc = abs(b - cc), abs(a - cc), abs(a + b - 2 * cc)
                pr = a if pa <= pb and pa <= pc else (b if pb <= pc else cc)
                line[c] = (line[c] + pr) & 255
        rows.append(line); prev = line
        if r == y: break
    return sum(rows[y][x * bpp:x * bpp + 3])
a, b, x, y = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
pa, pb = pixel(a, x, y), pixel(b, x, y)
if not pa < pb:
    print("pixel (%d,%d): %d in %s, not darker than %d in %s" % (x, y, pa, a, pb, b)); sys.exit(1)
PY
}
if ! command -v xdotool >/dev/null 2>&1; then
    echo "skip the key and mouse cases: xdotool is missing (apt-get install xdotool)"
else
    # 8a. a recorded file: Home, Right, Left, End move through its events
    "${XVFB[@]}" env -u SDL_VIDEODRIVER "$BIN" view "$TMP/t.jsonl" --exit-after 12 --screenshot "$TMP/keys.png" \
        >"$TMP/keys.out" 2>&1 &
    VP=$!
    W=$(win_wait)
    N=$(($(wc -l <"$TMP/t.jsonl") - 1))
    if [ -z "$W" ]; then bad "view_keys_seek_through_a_recorded_file" "no window"
    else
        # keys sent before the first picture can be lost (seen under ASan)
        title_wait "$W" "event [0-9]+ of"
        xdotool key --window "$W" Home
        if title_wait "$W" "event 0 of [0-9]+ .*PAUSED \(seeking\)"; then ok "home_shows_the_start_paused"
        else bad "home_shows_the_start_paused" "title: $(xdotool getwindowname "$W")"; fi
        xdotool key --window "$W" Right Right Right
        xdotool key --window "$W" Left
        if title_wait "$W" "event 2 of "; then ok "right_steps_forward_and_left_steps_back"
        else bad "right_steps_forward_and_left_steps_back" "title: $(xdotool getwindowname "$W")"; fi
        xdotool key --window "$W" End
        if title_wait "$W" "event $N of $N"; then ok "end_shows_the_last_event_of_a_file"
        else bad "end_shows_the_last_event_of_a_file" "title: $(xdotool getwindowname "$W"), want event $N of $N"; fi
        # the ◀| button (second of the bar, right-aligned in the legend at 1280x720)
        xdotool mousemove --window "$W" 946 700 click 1
        if title_wait "$W" "event $((N - 1)) of $N .*seeking"; then ok "a_click_on_the_step_back_button_steps_back"
        else bad "a_click_on_the_step_back_button_steps_back" "title: $(xdotool getwindowname "$W")"; fi
        xdotool key --window "$W" question
        sleep 0.5
        xdotool key --window "$W" F12
        sleep 0.5
        cp "$TMP/keys.png" "$TMP/help.png" 2>/dev/null
        xdotool mousemove --window "$W" 1250 700 click 1   # the ? button closes the help again
        sleep 0.5
        xdotool key --window "$W" Escape
    fi
    wait $VP
    rc=$?
    if [ $rc -eq 0 ]; then ok "view_closed_with_esc_exits_0"; else bad "view_closed_with_esc_exits_0" "exit code $rc"; fi
    if [ -s "$TMP/help.png" ] && msg=$(darker "$TMP/help.png" "$TMP/keys.png" 20 300); then
        ok "question_mark_dims_the_stage_under_the_help_and_its_button_closes_it"
    else bad "question_mark_dims_the_stage_under_the_help_and_its_button_closes_it" "${msg:-no screenshot}"; fi

    # 8b. a live run: Left pauses the world and shows the past; End returns
    "${XVFB[@]}" env -u SDL_VIDEODRIVER "$BIN" play "$SCN" --exit-after 12 >"$TMP/live.out" 2>&1 &
    PP=$!
    W=$(win_wait)
    if [ -z "$W" ]; then bad "left_in_a_live_run_pauses_and_shows_the_past" "no window"
    else
        title_wait "$W" "event [1-9]"
        xdotool key --window "$W" Left
        if title_wait "$W" "PAUSED \(seeking\)"; then ok "left_in_a_live_run_pauses_and_shows_the_past"
        else bad "left_in_a_live_run_pauses_and_shows_the_past" "title: $(xdotool getwindowname "$W")"; fi
        xdotool key --window "$W" End
        sleep 0.3
        if title_wait "$W" "event [0-9]+ of [0-9]+ · t = [0-9.]+ s$"; then ok "end_in_a_live_run_returns_to_now_and_runs_on"
        else bad "end_in_a_live_run_returns_to_now_and_runs_on" "title: $(xdotool getwindowname "$W")"; fi
        xdotool key --window "$W" space
        if title_wait "$W" "PAUSED$"; then ok "space_pauses_a_live_run"
        else bad "space_pauses_a_live_run" "title: $(xdotool getwindowname "$W")"; fi
        xdotool key --window "$W" Escape
    fi
    wait $PP
    rc=$?
    if [ $rc -eq 5 ]; then ok "play_closed_with_esc_exits_interrupted"; else bad "play_closed_with_esc_exits_interrupted" "exit code $rc"; fi
fi

# 9. issue 4: the picker (no arguments), the notes panel (N), R runs again
export SYNCSCOPE_SCENARIOS="$SRC/scenarios"
"${XVFB[@]}" env -u SDL_VIDEODRIVER "$BIN" --exit-after 2 --screenshot "$TMP/picker.png" >"$TMP/picker.out" 2>&1
rc=$?
if [ $rc -eq 0 ] && msg=$(png_check "$TMP/picker.png" 1280 720); then ok "syncscope_alone_shows_the_picker_and_exits_0"
else bad "syncscope_alone_shows_the_picker_and_exits_0" "exit code $rc: ${msg:-} $(tail -3 "$TMP/picker.out")"; fi
if command -v xdotool >/dev/null 2>&1; then
    # Enter in the picker opens the selected scenario in a play window
    "${XVFB[@]}" env -u SDL_VIDEODRIVER "$BIN" --exit-after 10 >"$TMP/pick2.out" 2>&1 &
    PP=$!
    W=$(win_wait)
    if [ -n "$W" ] && title_wait "$W" "pick a scenario"; then
        xdotool key --window "$W" Return
        sleep 1
        W=$(win_wait)
        # the default scenario is the one selected (SPEC §1)
        if title_wait "$W" "Traffic light \(Event\) · event [0-9]+ of"; then ok "enter_in_the_picker_plays_the_selected_scenario"
        else bad "enter_in_the_picker_plays_the_selected_scenario" "title: $(xdotool getwindowname "$W" 2>&1)"; fi
        # R: the same scenario again, with the next seed
        xdotool key --window "$W" r
        sleep 1
        if grep -q "again with seed" "$TMP/pick2.out"; then ok "r_runs_the_scenario_again_with_the_next_seed"
        else bad "r_runs_the_scenario_again_with_the_next_seed" "$(tail -3 "$TMP/pick2.out")"; fi
        W=$(win_wait)
        xdotool key --window "$W" Escape
    else bad "enter_in_the_picker_plays_the_selected_scenario" "no picker window"; fi
    wait $PP
    rc=$?
    if [ $rc -eq 5 ]; then ok "play_from_the_picker_closed_with_esc_exits_interrupted"
    else bad "play_from_the_picker_closed_with_esc_exits_interrupted" "exit code $rc"; fi

    # N: the notes panel over a recorded trace
    "${XVFB[@]}" env -u SDL_VIDEODRIVER "$BIN" view "$TMP/t.jsonl" --exit-after 10 --screenshot "$TMP/n.png" \
        >"$TMP/n.out" 2>&1 &
    VP=$!
    W=$(win_wait)
    if [ -n "$W" ] && title_wait "$W" "event [0-9]+ of"; then
        xdotool key --window "$W" space
        sleep 0.3
        xdotool key --window "$W" F12
        sleep 0.5
        cp "$TMP/n.png" "$TMP/plain.png" 2>/dev/null
        xdotool key --window "$W" n
        sleep 0.5
        xdotool key --window "$W" F12
        sleep 0.5
        cp "$TMP/n.png" "$TMP/notes.png" 2>/dev/null
        xdotool key --window "$W" Escape Escape
    fi
    wait $VP
    if [ -s "$TMP/plain.png" ] && [ -s "$TMP/notes.png" ] && ! cmp -s "$TMP/plain.png" "$TMP/notes.png" &&
       msg=$(darker "$TMP/notes.png" "$TMP/plain.png" 20 300); then ok "n_shows_the_notes_over_the_stage"
    else bad "n_shows_the_notes_over_the_stage" "${msg:-no or equal screenshots}"; fi
fi
unset SYNCSCOPE_SCENARIOS

sleep 0.3
if leftovers; then bad "nothing_is_left_running_at_the_end" "$(pgrep -fa "$MARK")"
else ok "nothing_is_left_running_at_the_end"; fi

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]

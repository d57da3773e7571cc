/* window — the live window shared by `play` and `view`: reads a trace
 * from a non-blocking fd into a timeline (TraceFeed), animates it with
 * the stage, handles the keys (pause, speed, screenshot, quit), and on
 * exit reaps the runner it was given. Also the headless fallback that
 * renders a trace to PNG frames when there is no display.
 *
 * app/ only: it prints and decides exit codes; view/ and gfx/ do not. */
#ifndef SYNCSCOPE_APP_WINDOW_H
#define SYNCSCOPE_APP_WINDOW_H

#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

#include "base/err.h"
#include "core/timeline.h"
#include "scenario/scenario.h"
#include "trace/feed.h"
#include "trace/trace.h"
#include "view/controls.h"
#include "view/layout.h"

/* A trace arriving on a file descriptor (trace/feed.h does the lines):
 * reading the fd, and the words shown for a bad line. */
void feed_init(TraceFeed *f);
void feed_free(TraceFeed *f);
/* Reads what fd has (until EAGAIN or EOF, at most about max_bytes) and
 * applies every complete line. Returns true if something new was applied
 * or the state changed (eof, bad). */
bool feed_pump(TraceFeed *f, int fd, size_t max_bytes);
/* Reads fd to EOF (blocking) — for files and the headless fallback. */
void feed_drain(TraceFeed *f, int fd);
/* After a bad line: "line LINE: message" (the window's banner), and
 * "LINE:1: error: message" (for stderr, after the file name). */
const char *feed_banner(const TraceFeed *f, char *buf, size_t cap);
const char *feed_located(const TraceFeed *f, char *buf, size_t cap);

/* A test hook (tests/test_window.c): a read-only picture of the loop's
 * state, handed to WinOptions.probe once per loop turn after the turn's
 * input, feed and frame. A test pushes SDL events from it and checks
 * their effect at a later call. Pointers stay valid only during the call. */
typedef struct WinProbe {
    uint64_t turn;         /* loop turns so far, this one included */
    uint64_t frames;       /* pictures drawn so far */
    bool drew;             /* this turn drew one */
    int w, h;              /* the picture's size in pixels */
    int64_t shown;         /* events on screen */
    uint64_t total;        /* events received */
    bool eof;              /* the trace has ended (EOF on the fd) */
    bool paused, seeking, dragging;
    bool help, notes, fullscreen, quit;
    double speed;          /* the speed factor shown (and sent to a runner) */
    float text_scale;
    const CtlBar *bar;     /* the button bar as last drawn (n == 0: none) */
    VRect lanes_box;       /* the timeline's lanes (w == 0: none), from the stage */
    VRect cards_box;       /* the resource cards' column */
    int scroll_lanes;      /* lanes scrolled past, as clamped by the stage */
    int scroll_cards;      /* rows of cards scrolled past, as clamped by the stage */
} WinProbe;

typedef struct WinOptions {
    const char *title;     /* window title: "syncscope — TITLE" (or the file name until the header) */
    int trace_fd;          /* non-blocking */
    int ctl_fd;            /* control pipe to the runner, or -1 (view) */
    pid_t child;           /* the runner to reap on exit, or 0 */
    bool paced;            /* a recorded file: play it back at the trace's pace x speed */
    double speed;          /* initial speed factor shown/sent; <= 0: the trace's */
    double exit_after;     /* seconds of wall time; <= 0: never */
    const char *screenshot;/* PNG written on exit and on F12; NULL: F12 writes syncscope-shot.png */
    const volatile sig_atomic_t *stop; /* set (by a signal handler): close as on Esc; NULL: none */
    bool allow_rerun;      /* play: R and a dropped .json end the window with a request (WinResult) */
    void (*probe)(void *ctx, const WinProbe *p); /* tests only: called once per loop turn; NULL: none */
    void *probe_ctx;
} WinOptions;

typedef struct WinResult {
    bool no_display;       /* SDL could not open a window: nothing was shown */
    bool run_ended;        /* the trace's end line arrived (or the runner exited) before the window closed */
    int child_status;      /* exit code of the runner (4 if it died by a signal); -1 if none */
    bool bad_trace;        /* a bad line was shown */
    char bad[ERR_MSG_MAX + 32]; /* then "LINE:1: error: message" for stderr */
    bool rerun;            /* R: run the same scenario again with the next seed */
    char open_path[4096];  /* a file dropped on the window: open it next; "" if none */
} WinResult;

/* Runs the window until Esc, the window closing, --exit-after or (never
 * otherwise). Returns false with err on a failure after the window opened. */
bool window_run(const WinOptions *o, WinResult *res, Err *err);

/* SDL_Init(VIDEO), asked a few times when a display is named in the
 * environment; false: no display (window_no_display_why says SDL's words). */
bool window_sdl_init(void);
const char *window_no_display_why(void);

/* The size a new window opens at: 1280x720, smaller on a smaller screen
 * (after SDL_Init). */
void window_fit_size(int *w, int *h);

/* Closes ctl_fd (the runner ends as interrupted), drains trace_fd while
 * waiting up to 2 s for child, then kills and reaps it. Returns its exit
 * code (4 for a death by signal), -1 if child is 0. */
int window_reap(pid_t child, int ctl_fd, int trace_fd);

/* Waits up to ms for input or (fd >= 0) for fd to become readable, without
 * spinning: SDL's own wait where the video driver really blocks in it,
 * else poll(2) on fd in slices short enough for keys to feel immediate.
 * Returns at once when SDL already has events queued. (picker.c too.) */
void window_idle_wait(int fd, int ms);

/* Renders tl's frames to ./syncscope-frames/ and prints the no-display note. */
int window_headless_frames(TraceFeed *f, const char *what, bool view); /* view: the hint says "syncscope view" */

#endif

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

/* Closes ctl_fd (the runner ends as interrupted), drains trace_fd while
 * waiting up to 2 s for child, then kills and reaps it. Returns its exit
 * code (4 for a death by signal), -1 if child is 0. */
int window_reap(pid_t child, int ctl_fd, int trace_fd);

/* Renders tl's frames to ./syncscope-frames/ and prints the no-display note. */
int window_headless_frames(TraceFeed *f, const char *what, bool view); /* view: the hint says "syncscope view" */

#endif

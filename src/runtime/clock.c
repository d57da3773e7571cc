/* clock — wall-clock pacing of the virtual clock and the control pipe.
 *
 * The trace never depends on anything here: pacing only decides how long
 * the scheduler waits before it moves the virtual clock (Δt / speed of
 * wall time; nothing with --instant). The wait happens in poll() on the
 * control pipe, so "pause" stops the world, "speed X" changes the factor
 * and EOF (the window is gone) ends the run as interrupted. Buffered trace
 * bytes are flushed before every wait so a live window sees events as
 * they happen. */
#define _GNU_SOURCE /* ppoll: a sub-millisecond wait that a signal interrupts */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "runtime/proc.h"
#include "runtime/world.h"

#define NS_PER_MS INT64_C(1000000)
#define CTL_CHECK_NS (5 * NS_PER_MS)    /* how often a busy world looks at the pipe */
#define FLUSH_NS (10 * NS_PER_MS)       /* how stale a live window's view may get */
#define BEHIND_NS (100 * NS_PER_MS)     /* further behind than this: do not rush to catch up */

static int64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static bool interrupted(const World *w)
{
    return (w->opt->interrupt && *w->opt->interrupt) || w->ctl_eof;
}

static void rebase(World *w)
{
    w->pace_base_t = w->now;
    w->pace_base_wall = mono_ns();
}

void clock_init(World *w)
{
    rebase(w);
    w->last_flush_wall = w->last_ctl_wall = w->pace_base_wall;
}

static void ctl_command(World *w, const char *line)
{
    if (strcmp(line, "pause") == 0) {
        w->paused = true;
    } else if (strcmp(line, "resume") == 0) {
        if (w->paused) rebase(w);
        w->paused = false;
    } else if (strncmp(line, "speed ", 6) == 0) {
        char *end = NULL;
        double x = strtod(line + 6, &end);
        if (end && end != line + 6 && *end == '\0' && x > 0 && x <= 1e9) {
            w->speed = x;
            rebase(w);
        }
    } /* anything else is ignored: the pipe is a convenience, not a contract to police */
}

/* Reads what the pipe has (it is readable or at EOF) and runs the commands. */
static void ctl_read(World *w)
{
    char buf[256];
    ssize_t n = read(w->opt->ctl_fd, buf, sizeof buf);
    if (n < 0) {
        if (errno != EINTR && errno != EAGAIN) w->ctl_eof = true;
        return;
    }
    if (n == 0) { w->ctl_eof = true; return; }
    for (ssize_t i = 0; i < n; i++) {
        char c = buf[i];
        if (c == '\n') {
            w->ctl_buf[w->ctl_len] = '\0';
            ctl_command(w, w->ctl_buf);
            w->ctl_len = 0;
        } else if (w->ctl_len + 1 < sizeof w->ctl_buf) {
            w->ctl_buf[w->ctl_len++] = c;
        } else {
            w->ctl_len = 0; /* an overlong line is dropped whole */
        }
    }
}

/* Waits up to ns for the control pipe (or just sleeps without one). */
static void wait_ctl(World *w, int64_t ns)
{
    if (ns < 0) ns = 0;
    struct timespec ts = {.tv_sec = ns / 1000000000, .tv_nsec = ns % 1000000000};
    struct pollfd p = {.fd = w->opt->ctl_fd, .events = POLLIN};
    int nfds = w->opt->ctl_fd >= 0 && !w->ctl_eof ? 1 : 0;
    int k = ppoll(nfds ? &p : NULL, (nfds_t)nfds, &ts, NULL);
    if (k > 0 && (p.revents & (POLLIN | POLLHUP | POLLERR))) ctl_read(w);
    w->last_ctl_wall = mono_ns();
}

static void wait_while_paused(World *w)
{
    while (w->paused && !interrupted(w)) {
        proc_poll(w); /* processes mode: a death or Ctrl-C while paused */
        if (proc_pending(w)) return;
        emit_flush(w);
        wait_ctl(w, 100 * NS_PER_MS);
    }
}

void clock_poll_ctl(World *w)
{
    if (w->opt->ctl_fd < 0 || w->ctl_eof) return;
    int64_t now = mono_ns();
    if (now - w->last_ctl_wall < CTL_CHECK_NS) return;
    wait_ctl(w, 0);
    wait_while_paused(w);
    if (!w->instant && now - w->last_flush_wall >= FLUSH_NS) {
        emit_flush(w);
        w->last_flush_wall = now;
    }
}

bool clock_advance(World *w, int64_t t)
{
    if (w->instant) return !interrupted(w);
    for (;;) {
        proc_poll(w); /* processes mode: SIGCHLD or SIGINT ended the wait */
        if (proc_pending(w)) {
            /* an actor died: the world moves to now and the scheduler shows it */
            double v = (double)(mono_ns() - w->pace_base_wall) * w->speed / 1000.0;
            int64_t at = w->pace_base_t + (v > 0 && v < 9e15 ? (int64_t)v : 0);
            if (!w->paused && at > w->now) w->now = at < t ? at : t;
            return true;
        }
        wait_while_paused(w);
        if (interrupted(w)) return false;
        double wall_ns = (double)(t - w->pace_base_t) * 1000.0 / w->speed;
        if (wall_ns > 9e18) wall_ns = 9e18;
        int64_t target = w->pace_base_wall + (int64_t)wall_ns;
        int64_t now = mono_ns();
        if (now >= target) {
            if (now - target > BEHIND_NS) rebase(w); /* a slow stretch is not made up later */
            if (now - w->last_flush_wall >= FLUSH_NS) {
                emit_flush(w);
                w->last_flush_wall = now;
            }
            return true;
        }
        emit_flush(w);
        w->last_flush_wall = now;
        int64_t left = target - now;
        wait_ctl(w, left < 100 * NS_PER_MS ? left : 100 * NS_PER_MS);
    }
}

/* window_feed — a trace on a file descriptor (a pipe or a file) into the
 * TraceFeed of trace/feed.h: non-blocking reads, and the words for a bad
 * line. The window applies the decoded bytes, never a shortcut, so it
 * shows what a replay shows. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app/window.h"

void feed_init(TraceFeed *f) { trace_feed_init(f); }

void feed_free(TraceFeed *f) { trace_feed_free(f); }

const char *feed_banner(const TraceFeed *f, char *buf, size_t cap)
{
    if (snprintf(buf, cap, "line %ld: %s", f->bad_line, f->bad_err.msg) >= (int)cap && cap)
        buf[cap - 1] = '\0';
    return buf;
}

const char *feed_located(const TraceFeed *f, char *buf, size_t cap)
{
    if (snprintf(buf, cap, "%ld:1: error: %s", f->bad_line, f->bad_err.msg) >= (int)cap && cap)
        buf[cap - 1] = '\0';
    return buf;
}

bool feed_pump(TraceFeed *f, int fd, size_t max_bytes)
{
    if (f->eof) return false;
    char buf[65536];
    size_t got = 0;
    bool changed = false;
    while (got < max_bytes) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n > 0) {
            got += (size_t)n;
            changed = true;
            /* after a bad line keep draining, so the writer never blocks */
            trace_feed_bytes(f, buf, (size_t)n);
        } else if (n == 0) {
            trace_feed_end(f);
            return true;
        } else if (errno == EINTR) {
            continue;
        } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
            break; /* nothing more for now */
        } else {
            Err e;
            err_set(&e, "cannot read the trace: %s", strerror(errno));
            trace_feed_fail(f, f->lb.lineno + 1, &e);
            f->eof = true;
            return true;
        }
    }
    return changed;
}

void feed_drain(TraceFeed *f, int fd)
{
    while (!f->eof) {
        if (!feed_pump(f, fd, (size_t)-1) && !f->eof) {
            /* a non-blocking fd with nothing yet: wait a moment */
            usleep(1000);
        }
    }
}

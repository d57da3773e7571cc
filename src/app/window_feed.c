/* window_feed — the TraceFeed of window.h: bytes from a pipe or file ->
 * LineBuf -> header / decoded events -> timeline. The window applies the
 * decoded bytes, never a shortcut, so it shows what a replay shows. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app/window.h"

void feed_init(TraceFeed *f)
{
    memset(f, 0, sizeof *f);
    linebuf_init(&f->lb, TRACE_BIG_LINE_MAX);
}

void feed_free(TraceFeed *f)
{
    timeline_free(f->tl);
    if (f->hdr) scenario_free(f->hdr);
    linebuf_free(&f->lb);
    memset(f, 0, sizeof *f);
}

static void fail(TraceFeed *f, long line, const Err *e)
{
    f->bad = true;
    snprintf(f->banner, sizeof f->banner, "line %ld: %s", line, e->msg);
    snprintf(f->located, sizeof f->located, "%ld:1: error: %s", line, e->msg);
}

static void apply_line(TraceFeed *f, const char *line, size_t len)
{
    Err e;
    memset(&e, 0, sizeof e);
    if (f->bad) return;
    if (!f->hdr) {
        f->hdr = trace_parse_header(line, len, &e);
        if (!f->hdr) { fail(f, f->lb.lineno, &e); return; }
        f->tl = timeline_new(f->hdr, &e);
        if (!f->tl) fail(f, f->lb.lineno, &e);
        return;
    }
    Event ev;
    if (!trace_decode_event(f->hdr, line, len, &ev, &e) || !timeline_append(f->tl, &ev, &e))
        fail(f, f->lb.lineno, &e);
}

static void apply_ready_lines(TraceFeed *f)
{
    const char *line;
    size_t len;
    while ((line = linebuf_next(&f->lb, &len)) != NULL) {
        if (len == 0) continue;
        apply_line(f, line, len);
    }
}

static void at_eof(TraceFeed *f)
{
    size_t len;
    const char *rest = linebuf_rest(&f->lb, &len);
    if (rest && len > 0 && !f->bad) {
        Err e;
        memset(&e, 0, sizeof e);
        err_set(&e, "the last line is cut short (no newline)");
        fail(f, f->lb.lineno + 1, &e);
    } else if (!f->hdr && !f->bad) {
        /* an empty file or an empty pipe: say so rather than wait for ever */
        Err e;
        memset(&e, 0, sizeof e);
        err_set(&e, "the trace is empty: no header line came");
        fail(f, 1, &e);
    }
    f->eof = true;
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
            if (f->bad) continue; /* keep draining so the writer never blocks */
            Err e;
            memset(&e, 0, sizeof e);
            if (!linebuf_feed(&f->lb, buf, (size_t)n, &e)) { fail(f, f->lb.lineno + 1, &e); continue; }
            apply_ready_lines(f);
        } else if (n == 0) {
            at_eof(f);
            return true;
        } else if (errno == EINTR) {
            continue;
        } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
            break; /* nothing more for now */
        } else {
            Err e;
            memset(&e, 0, sizeof e);
            err_set(&e, "cannot read the trace: %s", strerror(errno));
            if (!f->bad) fail(f, f->lb.lineno + 1, &e);
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

/* feed — see feed.h. */
#include "trace/feed.h"

#include <string.h>

void trace_feed_init(TraceFeed *f)
{
    memset(f, 0, sizeof *f);
    linebuf_init(&f->lb, TRACE_BIG_LINE_MAX);
}

void trace_feed_free(TraceFeed *f)
{
    timeline_free(f->tl);
    if (f->hdr) scenario_free(f->hdr);
    linebuf_free(&f->lb);
    memset(f, 0, sizeof *f);
}

void trace_feed_fail(TraceFeed *f, long line, const Err *e)
{
    if (f->bad) return; /* the first bad line is the one to tell */
    f->bad = true;
    f->bad_line = line;
    f->bad_err = *e;
}

static void apply_line(TraceFeed *f, const char *line, size_t len)
{
    Err e;
    memset(&e, 0, sizeof e);
    if (!f->hdr) {
        f->hdr = trace_parse_header(line, len, &e);
        if (!f->hdr) { trace_feed_fail(f, f->lb.lineno, &e); return; }
        f->tl = timeline_new(f->hdr, &e);
        if (!f->tl) trace_feed_fail(f, f->lb.lineno, &e);
        return;
    }
    if (f->max_events && timeline_count(f->tl) >= f->max_events) return;
    Event ev;
    if (!trace_decode_event(f->hdr, line, len, &ev, &e) || !timeline_append(f->tl, &ev, &e))
        trace_feed_fail(f, f->lb.lineno, &e);
}

bool trace_feed_bytes(TraceFeed *f, const char *data, size_t n)
{
    if (f->bad) return false;
    Err e;
    memset(&e, 0, sizeof e);
    /* the lines complete before an over-long one still count */
    bool fed = linebuf_feed(&f->lb, data, n, &e);
    const char *line;
    size_t len;
    while (!f->bad && (line = linebuf_next(&f->lb, &len)) != NULL) {
        if (len == 0) continue; /* a blank line between events is harmless here */
        apply_line(f, line, len);
    }
    if (!fed) trace_feed_fail(f, f->lb.lineno + 1, &e);
    return !f->bad;
}

void trace_feed_end(TraceFeed *f)
{
    size_t len;
    const char *rest = linebuf_rest(&f->lb, &len);
    Err e;
    memset(&e, 0, sizeof e);
    if (rest && len > 0) {
        err_set(&e, "the last line is cut short (no newline)");
        trace_feed_fail(f, f->lb.lineno + 1, &e);
    } else if (!f->hdr) {
        /* an empty file or an empty pipe: say so rather than wait for ever */
        err_set(&e, "the trace is empty: no header line came");
        trace_feed_fail(f, 1, &e);
    }
    f->eof = true;
}

/* feed — a trace arriving in pieces (a pipe, a file read in chunks), applied
 * line by line to a Timeline: line 1 becomes the header, every other line an
 * event. The window and the benchmarks take a trace in this one way, so a
 * benchmark measures what the window does. No I/O here: callers read the
 * bytes (blocking or not) and hand them over. */
#ifndef SYNCSCOPE_TRACE_FEED_H
#define SYNCSCOPE_TRACE_FEED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "core/timeline.h"
#include "scenario/scenario.h"
#include "trace/trace.h"

typedef struct TraceFeed {
    LineBuf lb;
    Scenario *hdr;        /* from line 1; owned */
    Timeline *tl;         /* NULL until the header came */
    bool eof;             /* trace_feed_end() was called */
    bool bad;             /* a bad line: everything before it is kept, the rest ignored */
    long bad_line;        /* then its line number (1-based) */
    Err bad_err;          /* and what is wrong with it */
    uint64_t max_events;  /* stop applying after this many events (0: all) */
} TraceFeed;

void trace_feed_init(TraceFeed *f);
void trace_feed_free(TraceFeed *f);
/* Applies every complete line of the bytes so far. False once a line was
 * bad (f->bad_line, f->bad_err); later bytes are then ignored. */
bool trace_feed_bytes(TraceFeed *f, const char *data, size_t n);
/* The writer is done: a cut-short last line, or no header at all, is an
 * error too. */
void trace_feed_end(TraceFeed *f);
/* Marks the feed bad at line (used for a read error). */
void trace_feed_fail(TraceFeed *f, long line, const Err *e);

#endif

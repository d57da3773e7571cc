/* trace — JSON Lines encode/decode of the trace (SPEC §3), and a line
 * splitter that tolerates partial lines arriving on a pipe.
 *
 * Header (line 1):
 *   {"syncscope_trace":1,"scenario":{"title":…,"summary":…,"notes":[…],
 *    "mode":"threads","cpus":2,"scheduler":{"policy":"rr","quantum_ms":200},
 *    "seed":7,"speed":1,"stop_after_ms":30000,
 *    "resources":[{"id":"light","type":"event","label":"Green light","set":true},
 *                 {"id":"stalls","type":"semaphore","label":…,"value":5,"bounded":false},
 *                 {"id":"q","type":"queue","label":…,"capacity":3},
 *                 {"id":"tickets","type":"variable","label":…,"value":1}, …],
 *    "actors":[{"id":"car.1","label":"Car 1","vpid":1,"group":"car","index":1,
 *               "daemon":false,"priority":0,"start_ms":0}, …],
 *    "expect":{"outcome":"stopped","vars":{"tickets":0}} | null}}
 * Event lines: see core/event.h.
 *
 * Encoders never allocate and never fail silently: they return the length
 * written, or 0 when it does not fit. Decoders treat the text as untrusted.
 * libc + cJSON (header only) — no SDL, no pthreads. */
#ifndef SYNCSCOPE_TRACE_TRACE_H
#define SYNCSCOPE_TRACE_TRACE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "core/event.h"
#include "core/expect.h"
#include "scenario/scenario.h"

#define TRACE_VERSION 1
#define TRACE_EVENT_LINE_MAX 4096          /* PIPE_BUF on Linux */
#define TRACE_BIG_LINE_MAX (4 * 1024 * 1024) /* header and end line */

/* Header line, with the trailing '\n', malloc'ed; NULL on OOM. */
char *trace_encode_header(const Scenario *sc, size_t *len_out);
/* One event line (not end) with '\n' into buf; returns its length, 0 if
 * it does not fit in cap (cap >= TRACE_EVENT_LINE_MAX always suffices). */
size_t trace_encode_event(const Scenario *sc, const Event *ev, char *buf, size_t cap);
/* The end line with '\n' (ev->kind == EV_END, ev->text the reason). */
size_t trace_encode_end(const Scenario *sc, const Event *ev, const ExpectResult *ex,
                        char *buf, size_t cap);

/* Parses line 1. Returns a Scenario with no scripts, or NULL with err
 * (err->line = 1). */
Scenario *trace_parse_header(const char *line, size_t len, Err *err);
/* Decodes one event line against the header. lineno is only for errors. */
bool trace_decode_event(const Scenario *hdr, const char *line, size_t len, Event *out,
                        Err *err);
/* For an end line, also the claimed expect results (ex may be NULL). */
bool trace_decode_end_expect(const Scenario *hdr, const char *line, size_t len,
                             ExpectResult *ex, Err *err);

/* True when s[0..n) is valid UTF-8 (no overlongs, surrogates or > U+10FFFF). */
bool trace_utf8_valid(const char *s, size_t n);

/* Splits a byte stream into lines; keeps a partial last line until more
 * bytes come. Lines longer than max_line are an error (untrusted input). */
typedef struct LineBuf {
    char *buf;
    size_t len, cap, start;
    size_t max_line;
    long lineno;               /* number of the last line returned (1-based) */
    size_t tail;               /* length of the unterminated line at the end (private) */
    bool failed;               /* a line over max_line was fed (private) */
} LineBuf;

void linebuf_init(LineBuf *lb, size_t max_line);
void linebuf_free(LineBuf *lb);
bool linebuf_feed(LineBuf *lb, const char *data, size_t n, Err *err);
/* Next complete line (without '\n'), or NULL when none is complete yet. The
 * pointer stays valid until the next feed. */
const char *linebuf_next(LineBuf *lb, size_t *len_out);
/* At EOF: the unterminated rest, if any (a truncated last line, number
 * lineno + 1), once every complete line was taken; NULL otherwise. */
const char *linebuf_rest(LineBuf *lb, size_t *len_out);

#endif

/* linebuf — splits a byte stream (a file, or a pipe delivering partial
 * chunks) into lines, keeping an unterminated last line until more bytes
 * come. A line longer than max_line is an error: the stream is untrusted,
 * and without a bound one endless line would eat all memory.
 * libc only; knows nothing about JSON. */
#include <stdlib.h>
#include <string.h>

#include "trace/trace.h"

void linebuf_init(LineBuf *lb, size_t max_line)
{
    memset(lb, 0, sizeof *lb);
    lb->max_line = max_line ? max_line : TRACE_EVENT_LINE_MAX;
}

void linebuf_free(LineBuf *lb)
{
    free(lb->buf);
    size_t max = lb->max_line;
    memset(lb, 0, sizeof *lb);
    lb->max_line = max;
}

/* Drops consumed bytes and makes room for n more. */
static bool reserve(LineBuf *lb, size_t n, Err *err)
{
    if (lb->start > 0) {
        memmove(lb->buf, lb->buf + lb->start, lb->len - lb->start);
        lb->len -= lb->start;
        lb->start = 0;
    }
    if (lb->len + n + 1 <= lb->cap) return true;
    size_t cap = lb->cap ? lb->cap : 4096;
    while (cap < lb->len + n + 1) {
        if (cap > ((size_t)-1) / 2) return err_set(err, "out of memory reading the trace");
        cap *= 2;
    }
    char *b = realloc(lb->buf, cap);
    if (!b) return err_set(err, "out of memory reading the trace");
    lb->buf = b;
    lb->cap = cap;
    return true;
}

bool linebuf_feed(LineBuf *lb, const char *data, size_t n, Err *err)
{
    if (lb->failed) return err_set(err, "line longer than %zu bytes", lb->max_line);
    /* check lengths before copying, so a huge line never grows the buffer
     * beyond max_line plus one chunk */
    size_t tail = lb->tail, keep = n;
    const char *p = data, *end = data + n;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t seg = (size_t)((nl ? nl : end) - p);
        if (tail + seg > lb->max_line) {
            lb->failed = true;
            /* keep the complete lines before it: the caller may drain them,
             * and the bad line is then number lineno + 1 */
            keep = tail ? 0 : (size_t)(p - data);
            break;
        }
        if (!nl) { tail += seg; break; }
        tail = 0;
        p = nl + 1;
    }
    if (lb->failed) {
        if (tail) { /* the long line began in an earlier feed: drop it */
            lb->len -= lb->tail;
            lb->tail = 0;
        }
        tail = 0;
    }
    if (!reserve(lb, keep, err)) return false;
    memcpy(lb->buf + lb->len, data, keep);
    lb->len += keep;
    lb->buf[lb->len] = '\0';
    lb->tail = tail;
    if (lb->failed) return err_set(err, "line longer than %zu bytes", lb->max_line);
    return true;
}

const char *linebuf_next(LineBuf *lb, size_t *len_out)
{
    size_t complete = lb->len - lb->tail; /* bytes up to the last '\n' */
    if (!lb->buf || lb->start >= complete) return NULL;
    char *s = lb->buf + lb->start;
    char *nl = memchr(s, '\n', complete - lb->start);
    if (!nl) return NULL; /* cannot happen: complete ends with '\n' */
    *nl = '\0';
    *len_out = (size_t)(nl - s);
    lb->start = (size_t)(nl - lb->buf) + 1;
    lb->lineno++;
    return s;
}

const char *linebuf_rest(LineBuf *lb, size_t *len_out)
{
    if (!lb->buf || lb->tail == 0 || lb->start + lb->tail > lb->len) return NULL;
    /* only once every complete line was taken */
    if (lb->start != lb->len - lb->tail) return NULL;
    *len_out = lb->tail;
    return lb->buf + lb->start; /* NUL-terminated by feed; its number is lineno + 1 */
}

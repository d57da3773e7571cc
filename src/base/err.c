/* err — see err.h. */
#include "base/err.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

bool err_set(Err *e, const char *fmt, ...)
{
    if (!e) return false;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    e->file[0] = '\0';
    e->line = e->col = 0;
    return false;
}

bool err_at(Err *e, const char *file, int line, int col, const char *fmt, ...)
{
    if (!e) return false;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    snprintf(e->file, sizeof e->file, "%s", file ? file : "");
    e->line = line;
    e->col = col;
    return false;
}

bool err_wrap(Err *e, const char *fmt, ...)
{
    if (!e) return false;
    char prefix[ERR_MSG_MAX], old[ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    memcpy(old, e->msg, sizeof old);
    /* a message cut at ERR_MSG_MAX still starts with its context */
    if (snprintf(e->msg, sizeof e->msg, "%s: %s", prefix, old) >= (int)sizeof e->msg)
        e->msg[sizeof e->msg - 1] = '\0';
    return false;
}

void err_format(const Err *e, char *buf, size_t cap)
{
    if (e->file[0] && e->line > 0)
        snprintf(buf, cap, "%s:%d:%d: error: %s", e->file, e->line, e->col > 0 ? e->col : 1, e->msg);
    else if (e->file[0])
        snprintf(buf, cap, "%s: error: %s", e->file, e->msg);
    else
        snprintf(buf, cap, "error: %s", e->msg);
}

void err_print(const Err *e, FILE *f)
{
    char buf[ERR_FILE_MAX + ERR_MSG_MAX + 64];
    err_format(e, buf, sizeof buf);
    fprintf(f, "%s\n", buf);
}

void errlist_init(ErrList *l) { l->v = NULL; l->n = l->cap = 0; }

void errlist_add(ErrList *l, const Err *e)
{
    if (l->n == l->cap) {
        int cap = l->cap ? l->cap * 2 : 8;
        Err *v = realloc(l->v, (size_t)cap * sizeof *v);
        if (!v) return;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = *e;
}

void errlist_free(ErrList *l) { free(l->v); errlist_init(l); }

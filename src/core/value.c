/* value — see value.h. */
#include "core/value.h"

#include <stdio.h>
#include <string.h>

Value value_null(void)
{
    Value v;
    memset(&v, 0, sizeof v);
    return v;
}

Value value_int(int64_t i)
{
    Value v = value_null();
    v.kind = VAL_INT;
    v.i = i;
    return v;
}

Value value_str(const char *s)
{
    Value v = value_null();
    v.kind = VAL_STR;
    size_t n = strlen(s);
    if (n > VALUE_STR_MAX) {
        n = VALUE_STR_MAX;
        /* do not cut a UTF-8 sequence in half */
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
    }
    memcpy(v.s, s, n);
    v.s[n] = '\0';
    return v;
}

bool value_eq(const Value *a, const Value *b) { return value_cmp(a, b) == 0; }

int value_cmp(const Value *a, const Value *b)
{
    if (a->kind != b->kind) return a->kind < b->kind ? -1 : 1;
    switch (a->kind) {
    case VAL_NULL: return 0;
    case VAL_INT: return a->i < b->i ? -1 : a->i > b->i;
    case VAL_STR: {
        int c = strcmp(a->s, b->s);
        return c < 0 ? -1 : c > 0;
    }
    }
    return 0;
}

size_t json_escape(const char *s, char *buf, size_t cap)
{
    size_t n = 0;
#define PUT(ch) do { if (n + 1 < cap) buf[n] = (char)(ch); n++; } while (0)
    PUT('"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char c = *p;
        if (c == '"' || c == '\\') { PUT('\\'); PUT(c); }
        else if (c == '\n') { PUT('\\'); PUT('n'); }
        else if (c == '\t') { PUT('\\'); PUT('t'); }
        else if (c == '\r') { PUT('\\'); PUT('r'); }
        else if (c < 0x20) {
            char u[8];
            snprintf(u, sizeof u, "\\u%04x", c);
            for (char *q = u; *q; q++) PUT(*q);
        } else PUT(c);
    }
    PUT('"');
#undef PUT
    if (cap) buf[n < cap ? n : cap - 1] = '\0';
    return n < cap ? n : (cap ? cap - 1 : 0);
}

size_t value_to_json(const Value *v, char *buf, size_t cap)
{
    int n;
    switch (v->kind) {
    case VAL_INT: n = snprintf(buf, cap, "%lld", (long long)v->i); break;
    case VAL_STR: return json_escape(v->s, buf, cap);
    default: n = snprintf(buf, cap, "null"); break;
    }
    if (n < 0) return 0;
    return (size_t)n < cap ? (size_t)n : (cap ? cap - 1 : 0);
}

size_t value_to_text(const Value *v, char *buf, size_t cap)
{
    int n;
    switch (v->kind) {
    case VAL_INT: n = snprintf(buf, cap, "%lld", (long long)v->i); break;
    case VAL_STR: n = snprintf(buf, cap, "%s", v->s); break;
    default: n = snprintf(buf, cap, "null"); break;
    }
    if (n < 0) return 0;
    return (size_t)n < cap ? (size_t)n : (cap ? cap - 1 : 0);
}

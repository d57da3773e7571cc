/* decode — one trace event line (SPEC §3, shapes in core/event.h) into an
 * Event, with a hand-rolled scanner: a trace has millions of lines and a
 * cJSON tree per line is ~7x slower (DESIGN.md). The line is untrusted:
 * strings are checked for UTF-8 and bounded, integers bounded to
 * +-(2^53-1), nesting bounded, ids resolved against the header. Unknown
 * keys are skipped (forward compatibility), an unknown "ev" is an error.
 *
 * Ids are resolved through a hash table kept in the header Scenario's arena
 * (Scenario.ids), built on the first decode against that Scenario; the
 * first decode must therefore not race with another on the same header.
 * The end line's `expect` object is read with cJSON (one line per trace).
 * libc + cJSON; no SDL, no pthreads. */
#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace/trace.h"

#define MAX_DEPTH 64

/* ---- UTF-8 ---------------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at p (< end), 0 if invalid. */
static size_t utf8_seq(const unsigned char *p, const unsigned char *end)
{
    unsigned c = p[0];
    size_t n;
    unsigned min;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) { n = 2; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { n = 3; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 4; min = 0x10000; }
    else return 0;
    if ((size_t)(end - p) < n) return 0;
    unsigned cp = c & (0x3F >> (n - 1));
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return n;
}

bool trace_utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    while (p < end) {
        if (*p < 0x80) { p++; continue; }
        size_t k = utf8_seq(p, end);
        if (!k) return false;
        p += k;
    }
    return true;
}

/* ---- id lookup ------------------------------------------------------------ */

typedef struct IdIndex {
    unsigned mask;     /* table size - 1 (a power of two) */
    int *actors;       /* slot -> actor index + 1, 0 empty */
    int *res;          /* slot -> resource index + 1, 0 empty */
} IdIndex;

static unsigned hash_id(const char *s, size_t n)
{
    unsigned h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static void index_fill(int *slots, unsigned mask, int n, const char *base, size_t stride)
{
    for (int i = 0; i < n; i++) {
        const char *id = base + (size_t)i * stride;
        unsigned h = hash_id(id, strlen(id)) & mask;
        while (slots[h]) h = (h + 1) & mask;
        slots[h] = i + 1;
    }
}

static const IdIndex *index_get(const Scenario *hdr)
{
    if (hdr->ids) return hdr->ids;
    if (!hdr->arena) return NULL;
    int most = hdr->n_actors > hdr->n_res ? hdr->n_actors : hdr->n_res;
    if (most < 0 || most > (1 << 20)) return NULL;
    unsigned size = 16;
    while (size < (unsigned)most * 2) size *= 2;
    /* the Scenario is not const-defined: its owner lends it to the decoder */
    Scenario *sc = (Scenario *)hdr;
    IdIndex *ix = scenario_alloc(sc, sizeof *ix);
    int *a = scenario_alloc(sc, size * sizeof *a), *r = scenario_alloc(sc, size * sizeof *r);
    if (!ix || !a || !r) return NULL;
    ix->mask = size - 1;
    ix->actors = a;
    ix->res = r;
    index_fill(a, ix->mask, hdr->n_actors, hdr->actors ? hdr->actors[0].id : NULL, sizeof(ScActor));
    index_fill(r, ix->mask, hdr->n_res, hdr->res ? hdr->res[0].id : NULL, sizeof(ScResource));
    sc->ids = ix;
    return ix;
}

static int lookup(const Scenario *hdr, bool actor, const char *id, size_t n)
{
    const IdIndex *ix = index_get(hdr);
    if (ix) {
        const int *slots = actor ? ix->actors : ix->res;
        for (unsigned h = hash_id(id, n) & ix->mask; slots[h]; h = (h + 1) & ix->mask) {
            int i = slots[h] - 1;
            const char *cand = actor ? hdr->actors[i].id : hdr->res[i].id;
            if (strcmp(cand, id) == 0) return i;
        }
    }
    /* a miss is an error anyway: confirm it the slow way */
    return actor ? scenario_find_actor(hdr, id) : scenario_find_res(hdr, id);
}

/* ---- scanner -------------------------------------------------------------- */

typedef struct Scan {
    const char *p, *end;
    Err *err;
} Scan;

static void ws(Scan *s)
{
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\r' || *s->p == '\n')) s->p++;
}

static bool lit(Scan *s, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(s->end - s->p) < n || memcmp(s->p, word, n) != 0) return false;
    s->p += n;
    return true;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static bool hex4(Scan *s, unsigned *out)
{
    if (s->end - s->p < 4) return err_set(s->err, "bad \\u escape");
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hexval(s->p[i]);
        if (h < 0) return err_set(s->err, "bad \\u escape");
        v = v << 4 | (unsigned)h;
    }
    s->p += 4;
    *out = v;
    return true;
}

/* Decodes a JSON string (s->p at the opening quote) into out (cap bytes
 * with the NUL). A longer string is an error unless out is NULL (skip). */
static bool str(Scan *s, char *out, size_t cap, size_t *len_out)
{
    if (s->p >= s->end || *s->p != '"') return err_set(s->err, "expected a string");
    s->p++;
    size_t n = 0;
    bool too_long = false;
#define PUT(ch) do { if (out && n + 1 < cap) out[n] = (char)(ch); else too_long = true; n++; } while (0)
    for (;;) {
        if (s->p >= s->end) return err_set(s->err, "unterminated string");
        unsigned char c = (unsigned char)*s->p;
        if (c == '"') { s->p++; break; }
        if (c < 0x20) return err_set(s->err, "control character in a string");
        if (c >= 0x80) {
            size_t k = utf8_seq((const unsigned char *)s->p, (const unsigned char *)s->end);
            if (!k) return err_set(s->err, "invalid UTF-8 in a string");
            for (size_t i = 0; i < k; i++) PUT(s->p[i]);
            s->p += k;
            continue;
        }
        if (c != '\\') { PUT(c); s->p++; continue; }
        s->p++;
        if (s->p >= s->end) return err_set(s->err, "unterminated string");
        char e = *s->p++;
        switch (e) {
        case '"': PUT('"'); break;
        case '\\': PUT('\\'); break;
        case '/': PUT('/'); break;
        case 'b': PUT('\b'); break;
        case 'f': PUT('\f'); break;
        case 'n': PUT('\n'); break;
        case 'r': PUT('\r'); break;
        case 't': PUT('\t'); break;
        case 'u': {
            unsigned cp;
            if (!hex4(s, &cp)) return false;
            if (cp >= 0xDC00 && cp <= 0xDFFF) return err_set(s->err, "lone low surrogate in a string");
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                unsigned lo;
                if (s->end - s->p < 2 || s->p[0] != '\\' || s->p[1] != 'u')
                    return err_set(s->err, "lone high surrogate in a string");
                s->p += 2;
                if (!hex4(s, &lo)) return false;
                if (lo < 0xDC00 || lo > 0xDFFF) return err_set(s->err, "lone high surrogate in a string");
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            }
            if (cp == 0) return err_set(s->err, "NUL character in a string");
            if (cp < 0x80) PUT(cp);
            else if (cp < 0x800) { PUT(0xC0 | cp >> 6); PUT(0x80 | (cp & 0x3F)); }
            else if (cp < 0x10000) {
                PUT(0xE0 | cp >> 12); PUT(0x80 | ((cp >> 6) & 0x3F)); PUT(0x80 | (cp & 0x3F));
            } else {
                PUT(0xF0 | cp >> 18); PUT(0x80 | ((cp >> 12) & 0x3F));
                PUT(0x80 | ((cp >> 6) & 0x3F)); PUT(0x80 | (cp & 0x3F));
            }
            break;
        }
        default: return err_set(s->err, "bad escape in a string");
        }
    }
#undef PUT
    if (out) {
        if (too_long) return err_set(s->err, "string longer than %zu bytes", cap - 1);
        out[n] = '\0';
    }
    if (len_out) *len_out = n;
    return true;
}

/* A JSON number's extent; *is_int when it has no fraction or exponent. */
static bool number_span(Scan *s, const char **start, bool *is_int)
{
    const char *p = s->p;
    *start = p;
    *is_int = true;
    if (p < s->end && *p == '-') p++;
    if (p >= s->end || *p < '0' || *p > '9') return err_set(s->err, "expected a number");
    if (*p == '0') {
        p++;
        if (p < s->end && *p >= '0' && *p <= '9') return err_set(s->err, "number with a leading zero");
    } else
        while (p < s->end && *p >= '0' && *p <= '9') p++;
    if (p < s->end && *p == '.') {
        *is_int = false;
        p++;
        if (p >= s->end || *p < '0' || *p > '9') return err_set(s->err, "bad number");
        while (p < s->end && *p >= '0' && *p <= '9') p++;
    }
    if (p < s->end && (*p == 'e' || *p == 'E')) {
        *is_int = false;
        p++;
        if (p < s->end && (*p == '+' || *p == '-')) p++;
        if (p >= s->end || *p < '0' || *p > '9') return err_set(s->err, "bad number");
        while (p < s->end && *p >= '0' && *p <= '9') p++;
    }
    s->p = p;
    return true;
}

static bool integer(Scan *s, const char *key, int64_t *out)
{
    const char *start;
    bool is_int;
    if (!number_span(s, &start, &is_int)) return err_wrap(s->err, "\"%s\"", key);
    if (!is_int) return err_set(s->err, "\"%s\" must be an integer", key);
    const char *p = start;
    bool neg = *p == '-';
    if (neg) p++;
    int64_t v = 0;
    for (; p < s->p; p++) {
        v = v * 10 + (*p - '0');
        if (v > VALUE_INT_MAX) return err_set(s->err, "\"%s\" is out of range (beyond 2^53-1)", key);
    }
    *out = neg ? -v : v;
    return true;
}

static bool real(Scan *s, const char *key, double *out)
{
    const char *start;
    bool is_int;
    if (!number_span(s, &start, &is_int)) return err_wrap(s->err, "\"%s\"", key);
    char tmp[64];
    size_t n = (size_t)(s->p - start);
    if (n >= sizeof tmp) return err_set(s->err, "\"%s\" has too many digits", key);
    memcpy(tmp, start, n);
    tmp[n] = '\0';
    *out = strtod(tmp, NULL);
    return true;
}

static bool skip_value(Scan *s, int depth);

static bool skip_container(Scan *s, int depth, char close, bool object)
{
    if (depth >= MAX_DEPTH) return err_set(s->err, "nested deeper than %d", MAX_DEPTH);
    s->p++;
    ws(s);
    if (s->p < s->end && *s->p == close) { s->p++; return true; }
    for (;;) {
        if (object) {
            ws(s);
            if (!str(s, NULL, 0, NULL)) return false;
            ws(s);
            if (s->p >= s->end || *s->p != ':') return err_set(s->err, "expected ':'");
            s->p++;
        }
        if (!skip_value(s, depth + 1)) return false;
        ws(s);
        if (s->p < s->end && *s->p == ',') { s->p++; continue; }
        if (s->p < s->end && *s->p == close) { s->p++; return true; }
        return err_set(s->err, "expected ',' or '%c'", close);
    }
}

static bool skip_value(Scan *s, int depth)
{
    ws(s);
    if (s->p >= s->end) return err_set(s->err, "expected a value");
    switch (*s->p) {
    case '"': return str(s, NULL, 0, NULL);
    case '{': return skip_container(s, depth, '}', true);
    case '[': return skip_container(s, depth, ']', false);
    case 't': if (lit(s, "true")) return true; break;
    case 'f': if (lit(s, "false")) return true; break;
    case 'n': if (lit(s, "null")) return true; break;
    default: {
        const char *start;
        bool is_int;
        return number_span(s, &start, &is_int);
    }
    }
    return err_set(s->err, "expected a value");
}

/* ---- event fields ----------------------------------------------------------- */

/* The keys: the field table of core/event.c plus the three every line has. */
enum { K_SEQ = EF__COUNT, K_T, K_EV, K__COUNT };

#define BIT(f) (UINT64_C(1) << (f))

static const char *key_name(int k)
{
    return k == K_SEQ ? "seq" : k == K_T ? "t" : k == K_EV ? "ev" : event_field_name((EvField)k);
}

/* event_field_parse / event_kind_parse, with the first character compared
 * before a strcmp: every line looks up ~5 keys and a kind, and a strcmp
 * per table entry was a quarter of a decode. Same tables, same answers. */
static int field_of(const char *key)
{
    if (strcmp(key, "seq") == 0) return K_SEQ;
    if (strcmp(key, "t") == 0) return K_T;
    if (strcmp(key, "ev") == 0) return K_EV;
    for (int f = 0; f < EF__COUNT; f++) {
        const char *name = event_field_name((EvField)f);
        if (name[0] == key[0] && strcmp(name, key) == 0) return f;
    }
    return -1;
}

static bool kind_of(const char *name, EvKind *out)
{
    for (int k = 0; k < EV__COUNT; k++) {
        const char *n = event_kind_name((EvKind)k);
        if (n[0] == name[0] && strcmp(n, name) == 0) { *out = (EvKind)k; return true; }
    }
    return false;
}

/* Puts a field the line carries but its kind does not have back to
 * absent, so that the model sees only what the table allows. */
static void clear_field(Event *ev, EvField f)
{
    Event blank;
    event_init(&blank, ev->kind);
    switch (f) {
    case EF_ACTOR: ev->actor = -1; break;
    case EF_RES: ev->res = -1; break;
    case EF_TARGET: ev->target = -1; break;
    case EF_CPU: ev->cpu = -1; break;
    case EF_OP: ev->op[0] = '\0'; break;
    case EF_UNTIL: ev->until = -1; break;
    case EF_TASK: ev->task = 0; break;
    case EF_ITEM: ev->item = value_null(); break;
    case EF_OK: ev->ok = blank.ok; break;
    case EF_END: ev->end[0] = '\0'; break;
    case EF_VALUE: ev->value = 0; break;
    case EF_BY: ev->by = 0; break;
    case EF_DEPTH: ev->depth = blank.depth; break;
    case EF_N: ev->n = blank.n; break;
    case EF_SIG: ev->sig = 0; break;
    case EF_HOLDERS: ev->n_holders = 0; break;
    case EF_PID: ev->pid = 0; break;
    case EF_READY_US: ev->ready_us = 0; break;
    case EF_TURN_US: ev->turnaround_us = 0; break;
    case EF_RESP_US: ev->response_us = 0; break;
    case EF_CPUS: ev->cpus = 0; break;
    case EF_BUSY_US: ev->busy_us = 0; break;
    case EF_SPAN_US: ev->span_us = 0; break;
    case EF_UTIL: ev->util = 0; break;
    case EF_OUTCOME: ev->outcome = OUT_NONE; break;
    case EF_EXPECT: ev->expect_ok = -1; break;
    default: break; /* text fields: copied by kind below */
    }
}

/* An id string ("actor", "res", "target", a holder) resolved to an index;
 * key names it in messages. */
static bool id_value_named(Scan *s, const Scenario *hdr, bool actor, const char *key, int *out)
{
    char id[SC_ID_MAX + 1], q[2 * SC_ID_MAX + 16];
    size_t n;
    if (s->p < s->end && *s->p == '"') {
        /* too long to be any id: read a bounded copy for the message */
        if (!str(s, id, sizeof id, &n)) return err_wrap(s->err, "%s", key);
        int i = n < SC_ID_MAX ? lookup(hdr, actor, id, n) : -1;
        if (i >= 0) { *out = i; return true; }
        json_escape(id, q, sizeof q);
        return err_set(s->err, "unknown %s %s", actor ? "actor" : "resource", q);
    }
    return err_set(s->err, "%s must be an id string", key);
}

/* An id string ("actor", "res", a holder) resolved to an index. */
static bool id_value(Scan *s, const Scenario *hdr, bool actor, int *out)
{
    return id_value_named(s, hdr, actor, actor ? "\"actor\"" : "\"res\"", out);
}

static bool expect_ok_of(Scan *s, int *out)
{
    if (lit(s, "null")) { *out = -1; return true; }
    if (s->p >= s->end || *s->p != '{') return err_set(s->err, "\"expect\" must be an object or null");
    /* validate the whole object first; then look for "ok" at its top level
     * (trace_decode_end_expect reads the rest) */
    Scan in = *s;
    if (!skip_value(s, 1)) return false;
    in.err = NULL;
    in.p++;
    for (;;) {
        ws(&in);
        if (in.p >= s->p || *in.p == '}') break;
        char key[8];
        Scan save = in;
        if (!str(&in, key, sizeof key, NULL)) { in = save; str(&in, NULL, 0, NULL); key[0] = '\0'; }
        ws(&in);
        in.p++; /* ':' */
        ws(&in);
        if (strcmp(key, "ok") == 0) {
            if (lit(&in, "true")) { *out = 1; return true; }
            if (lit(&in, "false")) { *out = 0; return true; }
            return err_set(s->err, "\"expect.ok\" must be true or false");
        }
        skip_value(&in, 1);
        ws(&in);
        if (in.p < s->p && *in.p == ',') in.p++;
    }
    return err_set(s->err, "\"expect\" has no \"ok\"");
}

/* A small bounded integer field into an int. */
static bool small_int(Scan *s, const char *k, int64_t lo, int64_t hi, int *out)
{
    int64_t v = 0;
    if (!integer(s, k, &v)) return false;
    if (v < lo || v > hi) return err_set(s->err, "\"%s\" %lld is out of range", k, (long long)v);
    *out = (int)v;
    return true;
}

bool trace_decode_event(const Scenario *hdr, const char *line, size_t len, Event *out, Err *err)
{
    Scan sc = {line, line + len, err}, *s = &sc;
    event_init(out, EV_NEW);
    uint64_t seen = 0;
    int64_t seq = -1, v;
    const char *kind_name = ""; /* for messages; a pointer: a copy per line costs */
    /* the text fields, until the kind says which one is ev->text */
    /* only their first bytes: zeroing all 1 KiB on every line was measurable */
    char texts[4][EV_TEXT_MAX + 1];
    texts[0][0] = texts[1][0] = texts[2][0] = texts[3][0] = '\0';
    bool actor_null = false;

    ws(s);
    if (s->p >= s->end || *s->p != '{') return err_set(err, "an event line must be a JSON object");
    s->p++;
    ws(s);
    bool empty = s->p < s->end && *s->p == '}';
    if (empty) s->p++;
    while (!empty) {
        ws(s);
        char key[32];
        size_t kn = 0;
        Scan probe = *s;
        probe.err = NULL;
        int f = -1;
        if (str(&probe, key, sizeof key, &kn)) {
            *s = (Scan){probe.p, probe.end, err};
            f = field_of(key);
        } else if (!str(s, NULL, 0, NULL)) /* a long key: unknown, or bad */
            return err_wrap(err, "a key");
        /* two traces joined: say so rather than "missing seq" */
        if (f < 0 && kn == 15 && strcmp(key, "syncscope_trace") == 0)
            return err_set(err, "a second header: only line 1 is a header (two traces joined?)");
        ws(s);
        if (s->p >= s->end || *s->p != ':') return err_set(err, "expected ':' after a key");
        s->p++;
        ws(s);
        if (f >= 0) {
            if (seen & BIT(f)) return err_set(err, "duplicate key \"%s\"", key_name(f));
            seen |= BIT(f);
        }
        const char *k = f >= 0 ? key_name(f) : "";
        switch (f) {
        case K_SEQ:
            if (!integer(s, k, &seq)) return false;
            if (seq < 0) return err_set(err, "\"seq\" must not be negative");
            out->seq = (uint64_t)seq;
            break;
        case K_T:
            if (!integer(s, k, &out->t)) return false;
            if (out->t < 0) return err_set(err, "\"t\" must not be negative");
            break;
        case K_EV:
            if (s->p >= s->end || *s->p != '"') return err_set(err, "\"ev\" must be a string");
            {
                char name[64], q[160];
                if (!str(s, name, sizeof name, NULL)) return err_wrap(err, "\"ev\"");
                if (!kind_of(name, &out->kind)) {
                    json_escape(name, q, sizeof q);
                    return err_set(err, "unknown ev %s", q);
                }
                kind_name = event_kind_name(out->kind);
            }
            break;
        case EF_ACTOR:
            if (lit(s, "null")) { actor_null = true; break; }
            if (!id_value(s, hdr, true, &out->actor)) return false;
            break;
        case EF_RES:
            if (!id_value(s, hdr, false, &out->res)) return false;
            break;
        case EF_TARGET:
            if (!id_value_named(s, hdr, true, "\"target\"", &out->target)) return false;
            break;
        case EF_CPU: if (!small_int(s, k, 0, 4096, &out->cpu)) return false; break;
        case EF_OP:
            if (!str(s, out->op, sizeof out->op, NULL)) return err_wrap(err, "\"op\"");
            break;
        case EF_UNTIL: if (!integer(s, k, &out->until)) return false; break;
        case EF_TASK:
            if (!integer(s, k, &out->task)) return false;
            if (out->task < 1) return err_set(err, "\"task\" must be at least 1");
            break;
        case EF_ITEM:
            if (lit(s, "null")) out->item = value_null();
            else if (s->p < s->end && *s->p == '"') {
                out->item.kind = VAL_STR;
                if (!str(s, out->item.s, sizeof out->item.s, NULL)) return err_wrap(err, "\"item\"");
            } else if (s->p < s->end && (*s->p == '-' || (*s->p >= '0' && *s->p <= '9'))) {
                if (!integer(s, k, &v)) return false;
                out->item = value_int(v);
            } else
                return err_set(err, "\"item\" must be an integer, a string or null");
            break;
        case EF_OK: if (!small_int(s, k, 0, 1, &out->ok)) return false; break;
        case EF_END:
            if (!str(s, out->end, sizeof out->end, NULL)) return err_wrap(err, "\"end\"");
            if (strcmp(out->end, "read") != 0 && strcmp(out->end, "write") != 0 &&
                strcmp(out->end, "a") != 0 && strcmp(out->end, "b") != 0)
                return err_set(err, "\"end\" must be \"read\", \"write\", \"a\" or \"b\"");
            break;
        case EF_VALUE: if (!integer(s, k, &out->value)) return false; break;
        case EF_BY: if (!integer(s, k, &out->by)) return false; break;
        case EF_DEPTH: if (!small_int(s, k, 0, 1 << 30, &out->depth)) return false; break;
        case EF_N: if (!small_int(s, k, -1, 1 << 30, &out->n)) return false; break;
        case EF_SIG: if (!small_int(s, k, 1, 128, &out->sig)) return false; break;
        case EF_SAY: case EF_MSG: case EF_REASON: case EF_WHY: {
            int i = f == EF_SAY ? 0 : f == EF_MSG ? 1 : f == EF_REASON ? 2 : 3;
            if (!str(s, texts[i], sizeof texts[i], NULL)) return err_wrap(err, "\"%s\"", k);
            break;
        }
        case EF_HOLDERS:
            if (s->p >= s->end || *s->p != '[') return err_set(err, "\"holders\" must be an array");
            s->p++;
            ws(s);
            if (s->p < s->end && *s->p == ']') { s->p++; break; }
            for (;;) {
                ws(s);
                if (out->n_holders >= EV_HOLDERS_MAX)
                    return err_set(err, "more than %d holders", EV_HOLDERS_MAX);
                if (!id_value(s, hdr, true, &out->holders[out->n_holders])) return false;
                out->n_holders++;
                ws(s);
                if (s->p < s->end && *s->p == ',') { s->p++; continue; }
                if (s->p < s->end && *s->p == ']') { s->p++; break; }
                return err_set(err, "expected ',' or ']' in \"holders\"");
            }
            break;
        case EF_PID: if (!integer(s, k, &out->pid)) return false; break;
        case EF_READY_US: if (!integer(s, k, &out->ready_us)) return false; break;
        case EF_TURN_US: if (!integer(s, k, &out->turnaround_us)) return false; break;
        case EF_RESP_US: if (!integer(s, k, &out->response_us)) return false; break;
        case EF_CPUS: if (!small_int(s, k, 0, 4096, &out->cpus)) return false; break;
        case EF_BUSY_US: if (!integer(s, k, &out->busy_us)) return false; break;
        case EF_SPAN_US: if (!integer(s, k, &out->span_us)) return false; break;
        case EF_UTIL:
            if (!real(s, k, &out->util)) return false;
            if (!(out->util >= 0 && out->util <= 1e6)) return err_set(err, "\"util\" is out of range");
            break;
        case EF_OUTCOME: {
            char name[32], q[80];
            if (!str(s, name, sizeof name, NULL)) return err_wrap(err, "\"outcome\"");
            if (!outcome_parse(name, &out->outcome)) {
                json_escape(name, q, sizeof q);
                return err_set(err, "unknown outcome %s", q);
            }
            break;
        }
        case EF_EXPECT: if (!expect_ok_of(s, &out->expect_ok)) return false; break;
        default: if (!skip_value(s, 1)) return false; break;
        }
        ws(s);
        if (s->p < s->end && *s->p == ',') { s->p++; continue; }
        if (s->p < s->end && *s->p == '}') { s->p++; break; }
        return err_set(err, "expected ',' or '}'");
    }
    ws(s);
    if (s->p != s->end) return err_set(err, "text after the event object");

    if (!(seen & BIT(K_SEQ))) return err_set(err, "missing \"seq\"");
    if (!(seen & BIT(K_T))) return err_set(err, "missing \"t\"");
    if (!(seen & BIT(K_EV))) return err_set(err, "missing \"ev\"");
    if (actor_null) seen &= ~BIT(EF_ACTOR);
    const EvFieldSpec *spec = event_field_spec(out->kind, seen & BIT(EF_ACTOR));
    uint64_t listed = 0;
    for (int i = 0; i < spec->n; i++) {
        EvField f = spec->field[i];
        listed |= BIT(f);
        if (!(spec->optional & (1u << i)) && !(seen & BIT(f)))
            return err_set(err, "\"%s\" needs \"%s\"", kind_name, event_field_name(f));
        if (event_field_is_text(f)) {
            int t = f == EF_SAY ? 0 : f == EF_MSG ? 1 : f == EF_REASON ? 2 : 3;
            /* up to the NUL: the rest of out->text stays as event_init zeroed it */
            memcpy(out->text, texts[t], strlen(texts[t]) + 1);
        }
    }
    if (spec->one_of) {
        bool any = false;
        for (int i = 0; i < spec->n; i++)
            if ((spec->one_of & (1u << i)) && (seen & BIT(spec->field[i]))) any = true;
        if (!any) {
            char names[96] = "";
            size_t len = 0;
            for (int i = 0; i < spec->n; i++)
                if (spec->one_of & (1u << i)) {
                    int w = snprintf(names + len, sizeof names - len, "%s\"%s\"", len ? " or " : "",
                                     event_field_name(spec->field[i]));
                    if (w > 0 && (size_t)w < sizeof names - len) len += (size_t)w;
                }
            return err_set(err, "\"%s\" needs %s", kind_name, names);
        }
    }
    /* a field of another kind is ignored, as an unknown key is */
    uint64_t extra = seen & ~listed & (BIT(EF__COUNT) - 1); /* seq, t, ev are not fields */
    if (extra) /* rare: skip the walk over every field on the usual line */
        for (int f = 0; f < EF__COUNT; f++)
            if (extra & BIT(f)) clear_field(out, (EvField)f);
    return true;
}

/* ---- the end line's expect -------------------------------------------------- */

static bool outcome_of(const cJSON *o, Outcome *out)
{
    if (cJSON_IsNull(o) || !o) { *out = OUT_NONE; return true; }
    return cJSON_IsString(o) && outcome_parse(o->valuestring, out);
}

static bool value_of(const cJSON *j, Value *out)
{
    if (!j || cJSON_IsNull(j)) { *out = value_null(); return true; }
    if (cJSON_IsString(j)) {
        if (strlen(j->valuestring) > VALUE_STR_MAX) return false;
        *out = value_str(j->valuestring);
        return true;
    }
    if (cJSON_IsNumber(j)) {
        double d = j->valuedouble;
        if (!(d >= -(double)VALUE_INT_MAX && d <= (double)VALUE_INT_MAX) || d != (double)(int64_t)d)
            return false;
        *out = value_int((int64_t)d);
        return true;
    }
    return false;
}

bool trace_decode_end_expect(const Scenario *hdr, const char *line, size_t len, ExpectResult *ex,
                             Err *err)
{
    Event ev;
    if (!trace_decode_event(hdr, line, len, &ev, err)) return false;
    if (ev.kind != EV_END) return err_set(err, "not an end line");
    if (!ex) return true;
    memset(ex, 0, sizeof *ex);
    ex->got_outcome = ev.outcome;
    cJSON *root = cJSON_ParseWithLength(line, len);
    if (!root) return err_set(err, "the end line is not valid JSON");
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(root, "expect");
    bool ok = true;
    if (!e || cJSON_IsNull(e)) goto done;
    ex->present = true;
    ex->ok = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e, "ok"));
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(e, "outcome");
    if (o && !cJSON_IsNull(o)) {
        if (!cJSON_IsObject(o) ||
            !outcome_of(cJSON_GetObjectItemCaseSensitive(o, "want"), &ex->want_outcome) ||
            !outcome_of(cJSON_GetObjectItemCaseSensitive(o, "got"), &ex->got_outcome)) {
            ok = err_set(err, "\"expect.outcome\" must be {\"want\":…,\"got\":…}");
            goto done;
        }
    }
    const cJSON *vars = cJSON_GetObjectItemCaseSensitive(e, "vars"), *v;
    if (vars && !cJSON_IsObject(vars) && !cJSON_IsNull(vars)) {
        ok = err_set(err, "\"expect.vars\" must be an object");
        goto done;
    }
    cJSON_ArrayForEach(v, vars) {
        char q[2 * SC_ID_MAX + 16];
        if (ex->n_vars >= EXPECT_VARS_MAX) { ok = err_set(err, "too many expect vars"); goto done; }
        int r = strlen(v->string) < SC_ID_MAX ? scenario_find_res(hdr, v->string) : -1;
        if (r < 0 || hdr->res[r].type != RES_VARIABLE) {
            json_escape(v->string, q, sizeof q);
            ok = err_set(err, "\"expect.vars\": %s is not a variable", q);
            goto done;
        }
        ExpectVar *x = &ex->vars[ex->n_vars++];
        x->res = r;
        if (!value_of(cJSON_GetObjectItemCaseSensitive(v, "want"), &x->want) ||
            !value_of(cJSON_GetObjectItemCaseSensitive(v, "got"), &x->got)) {
            json_escape(v->string, q, sizeof q);
            ok = err_set(err, "\"expect.vars\".%s: want and got must be values", q);
            goto done;
        }
    }
done:
    cJSON_Delete(root);
    return ok;
}

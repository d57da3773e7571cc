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

enum {
    F_SEQ, F_T, F_EV, F_ACTOR, F_RES, F_CPU, F_OP, F_UNTIL, F_ITEM, F_VALUE, F_BY,
    F_SAY, F_MSG, F_REASON, F_WHY, F_HOLDERS, F_PID, F_READY_US, F_TURN_US, F_RESP_US,
    F_CPUS, F_BUSY_US, F_SPAN_US, F_UTIL, F_OUTCOME, F_EXPECT,
    F__COUNT
};

static const char *const field_names[F__COUNT] = {
    "seq", "t", "ev", "actor", "res", "cpu", "op", "until", "item", "value", "by",
    "say", "msg", "reason", "why", "holders", "pid", "ready_us", "turnaround_us", "response_us",
    "cpus", "busy_us", "span_us", "util", "outcome", "expect",
};

#define BIT(f) (UINT32_C(1) << (f))

/* Fields each kind needs besides seq, t and ev. */
static uint32_t required(EvKind k, bool has_actor)
{
    switch (k) {
    case EV_NEW: case EV_READY: case EV_DONE: return BIT(F_ACTOR);
    case EV_RUNNING: return BIT(F_ACTOR) | BIT(F_CPU);
    case EV_BLOCKED: return BIT(F_ACTOR) | BIT(F_RES) | BIT(F_OP);
    case EV_SLEEPING: return BIT(F_ACTOR);
    case EV_KILLED: return BIT(F_ACTOR) | BIT(F_REASON);
    case EV_ERROR: return BIT(F_ACTOR) | BIT(F_MSG);
    case EV_ACQUIRED: case EV_RELEASED: case EV_SET: case EV_CLEAR: return BIT(F_ACTOR) | BIT(F_RES);
    case EV_PUT: case EV_GET: return BIT(F_ACTOR) | BIT(F_RES) | BIT(F_ITEM);
    case EV_READ: case EV_WRITE: return BIT(F_ACTOR) | BIT(F_RES) | BIT(F_VALUE);
    case EV_ADD: return BIT(F_ACTOR) | BIT(F_RES) | BIT(F_VALUE) | BIT(F_BY);
    case EV_SAY: return BIT(F_ACTOR) | BIT(F_SAY);
    case EV_FAIL: return BIT(F_ACTOR) | BIT(F_RES) | BIT(F_WHY);
    case EV_WAITS: return BIT(F_ACTOR) | BIT(F_RES) | BIT(F_HOLDERS);
    case EV_STATS:
        return has_actor ? BIT(F_READY_US) | BIT(F_TURN_US) | BIT(F_RESP_US)
                         : BIT(F_CPUS) | BIT(F_BUSY_US) | BIT(F_SPAN_US) | BIT(F_UTIL);
    case EV_END: return BIT(F_OUTCOME);
    default: return 0;
    }
}

static int field_of(const char *key)
{
    for (int f = 0; f < F__COUNT; f++)
        if (strcmp(key, field_names[f]) == 0) return f;
    return -1;
}

/* An id string ("actor", "res", a holder) resolved to an index. */
static bool id_value(Scan *s, const Scenario *hdr, bool actor, int *out)
{
    char id[SC_ID_MAX + 1], q[2 * SC_ID_MAX + 16];
    size_t n;
    if (s->p < s->end && *s->p == '"') {
        /* too long to be any id: read a bounded copy for the message */
        if (!str(s, id, sizeof id, &n)) return err_wrap(s->err, "%s", actor ? "\"actor\"" : "\"res\"");
        int i = n < SC_ID_MAX ? lookup(hdr, actor, id, n) : -1;
        if (i >= 0) { *out = i; return true; }
        json_escape(id, q, sizeof q);
        return err_set(s->err, "unknown %s %s", actor ? "actor" : "resource", q);
    }
    return err_set(s->err, "%s must be an id string", actor ? "\"actor\"" : "\"res\"");
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

bool trace_decode_event(const Scenario *hdr, const char *line, size_t len, Event *out, Err *err)
{
    Scan sc = {line, line + len, err}, *s = &sc;
    event_init(out, EV_NEW);
    uint32_t seen = 0;
    int64_t seq = -1, v;
    char kind_name[16] = "";
    char say[EV_TEXT_MAX + 1] = "", msg[EV_TEXT_MAX + 1] = "", reason[EV_TEXT_MAX + 1] = "",
         why[EV_TEXT_MAX + 1] = "";
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
        size_t kn;
        Scan probe = *s;
        probe.err = NULL;
        int f = -1;
        if (str(&probe, key, sizeof key, &kn)) {
            *s = (Scan){probe.p, probe.end, err};
            f = field_of(key);
        } else if (!str(s, NULL, 0, NULL)) /* a long key: unknown, or bad */
            return false;
        ws(s);
        if (s->p >= s->end || *s->p != ':') return err_set(err, "expected ':' after a key");
        s->p++;
        ws(s);
        if (f >= 0) {
            if (seen & BIT(f)) return err_set(err, "duplicate key \"%s\"", field_names[f]);
            seen |= BIT(f);
        }
        const char *k = f >= 0 ? field_names[f] : "";
        switch (f) {
        case F_SEQ:
            if (!integer(s, k, &seq)) return false;
            if (seq < 0) return err_set(err, "\"seq\" must not be negative");
            out->seq = (uint64_t)seq;
            break;
        case F_T:
            if (!integer(s, k, &out->t)) return false;
            if (out->t < 0) return err_set(err, "\"t\" must not be negative");
            break;
        case F_EV:
            if (s->p >= s->end || *s->p != '"') return err_set(err, "\"ev\" must be a string");
            {
                char name[64], q[160];
                if (!str(s, name, sizeof name, NULL)) return err_wrap(err, "\"ev\"");
                if (!event_kind_parse(name, &out->kind)) {
                    json_escape(name, q, sizeof q);
                    return err_set(err, "unknown ev %s", q);
                }
                snprintf(kind_name, sizeof kind_name, "%s", event_kind_name(out->kind));
            }
            break;
        case F_ACTOR:
            if (lit(s, "null")) { actor_null = true; break; }
            if (!id_value(s, hdr, true, &out->actor)) return false;
            break;
        case F_RES:
            if (!id_value(s, hdr, false, &out->res)) return false;
            break;
        case F_CPU:
            if (!integer(s, k, &v)) return false;
            if (v < 0 || v > 4096) return err_set(err, "\"cpu\" %lld is out of range", (long long)v);
            out->cpu = (int)v;
            break;
        case F_OP:
            if (!str(s, out->op, sizeof out->op, NULL)) return err_wrap(err, "\"op\"");
            break;
        case F_UNTIL: if (!integer(s, k, &out->until)) return false; break;
        case F_ITEM:
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
        case F_VALUE: if (!integer(s, k, &out->value)) return false; break;
        case F_BY: if (!integer(s, k, &out->by)) return false; break;
        case F_SAY: if (!str(s, say, sizeof say, NULL)) return err_wrap(err, "\"say\""); break;
        case F_MSG: if (!str(s, msg, sizeof msg, NULL)) return err_wrap(err, "\"msg\""); break;
        case F_REASON: if (!str(s, reason, sizeof reason, NULL)) return err_wrap(err, "\"reason\""); break;
        case F_WHY: if (!str(s, why, sizeof why, NULL)) return err_wrap(err, "\"why\""); break;
        case F_HOLDERS:
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
        case F_PID: if (!integer(s, k, &out->pid)) return false; break;
        case F_READY_US: if (!integer(s, k, &out->ready_us)) return false; break;
        case F_TURN_US: if (!integer(s, k, &out->turnaround_us)) return false; break;
        case F_RESP_US: if (!integer(s, k, &out->response_us)) return false; break;
        case F_CPUS:
            if (!integer(s, k, &v)) return false;
            if (v < 0 || v > 4096) return err_set(err, "\"cpus\" %lld is out of range", (long long)v);
            out->cpus = (int)v;
            break;
        case F_BUSY_US: if (!integer(s, k, &out->busy_us)) return false; break;
        case F_SPAN_US: if (!integer(s, k, &out->span_us)) return false; break;
        case F_UTIL:
            if (!real(s, k, &out->util)) return false;
            if (!(out->util >= 0 && out->util <= 1e6)) return err_set(err, "\"util\" is out of range");
            break;
        case F_OUTCOME: {
            char name[32], q[80];
            if (!str(s, name, sizeof name, NULL)) return err_wrap(err, "\"outcome\"");
            if (!outcome_parse(name, &out->outcome)) {
                json_escape(name, q, sizeof q);
                return err_set(err, "unknown outcome %s", q);
            }
            break;
        }
        case F_EXPECT: if (!expect_ok_of(s, &out->expect_ok)) return false; break;
        default: if (!skip_value(s, 1)) return false; break;
        }
        ws(s);
        if (s->p < s->end && *s->p == ',') { s->p++; continue; }
        if (s->p < s->end && *s->p == '}') { s->p++; break; }
        return err_set(err, "expected ',' or '}'");
    }
    ws(s);
    if (s->p != s->end) return err_set(err, "text after the event object");

    if (!(seen & BIT(F_SEQ))) return err_set(err, "missing \"seq\"");
    if (!(seen & BIT(F_T))) return err_set(err, "missing \"t\"");
    if (!(seen & BIT(F_EV))) return err_set(err, "missing \"ev\"");
    if (actor_null) seen &= ~BIT(F_ACTOR);
    uint32_t need = required(out->kind, seen & BIT(F_ACTOR));
    for (int f = 0; f < F__COUNT; f++)
        if ((need & BIT(f)) && !(seen & BIT(f)))
            return err_set(err, "\"%s\" needs \"%s\"", kind_name, field_names[f]);
    switch (out->kind) {
    case EV_SAY: memcpy(out->text, say, sizeof say); break;
    case EV_ERROR: memcpy(out->text, msg, sizeof msg); break;
    case EV_KILLED: case EV_END: memcpy(out->text, reason, sizeof reason); break;
    case EV_FAIL: memcpy(out->text, why, sizeof why); break;
    default: break;
    }
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

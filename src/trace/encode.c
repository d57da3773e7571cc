/* encode — trace lines out of Events and a Scenario (SPEC §3): the header,
 * one line per event, the end line.
 *
 * Event lines are built with snprintf into the caller's buffer (cJSON is
 * ten times slower and allocates); the header, which may be megabytes, goes
 * into a growing malloc'ed buffer. Keys come in the order core/event.h
 * shows. Output depends on its inputs only: no clock, no pointers, no pids
 * unless the event carries one. Must not depend on the runtime, SDL or
 * pthreads. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace/trace.h"

/* An append-only text buffer. Fixed (caller's memory) or growing (malloc);
 * `bad` records an overflow or OOM so callers check once at the end. */
typedef struct Out {
    char *buf;
    size_t len, cap;
    bool grow, bad;
    size_t limit;              /* growing: never beyond this many bytes */
} Out;

static bool out_reserve(Out *o, size_t more)
{
    if (o->bad) return false;
    if (o->len + more + 1 <= o->cap) return true;
    if (!o->grow) { o->bad = true; return false; }
    size_t need = o->len + more + 1;
    if (need > o->limit) { o->bad = true; return false; }
    size_t cap = o->cap ? o->cap : 4096;
    while (cap < need) cap *= 2;
    if (cap > o->limit) cap = o->limit;
    char *nb = realloc(o->buf, cap);
    if (!nb) { o->bad = true; return false; }
    o->buf = nb;
    o->cap = cap;
    return true;
}

static void out_raw(Out *o, const char *s, size_t n)
{
    if (!out_reserve(o, n)) return;
    memcpy(o->buf + o->len, s, n);
    o->len += n;
    o->buf[o->len] = '\0';
}

static void out_str(Out *o, const char *s) { out_raw(o, s, strlen(s)); }

/* Integers by hand: vsnprintf was ~45 % of a run's CPU (bench_pipe). */
static void out_u64(Out *o, unsigned long long v)
{
    char tmp[24];
    size_t i = sizeof tmp;
    do { tmp[--i] = (char)('0' + v % 10); v /= 10; } while (v);
    out_raw(o, tmp + i, sizeof tmp - i);
}

static void out_i64(Out *o, long long v)
{
    if (v < 0) { out_raw(o, "-", 1); out_u64(o, 0ULL - (unsigned long long)v); }
    else out_u64(o, (unsigned long long)v);
}

static void out_fmt(Out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void out_fmt(Out *o, const char *fmt, ...)
{
    char tmp[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof tmp) { o->bad = true; return; }
    out_raw(o, tmp, (size_t)n);
}

/* A JSON string literal; a 256-byte string escapes to at most 6x + 2. */
static void out_json_str(Out *o, const char *s)
{
    size_t n = strlen(s);
    size_t need = n * 6 + 3;
    if (!out_reserve(o, need)) return;
    size_t w = json_escape(s, o->buf + o->len, o->cap - o->len);
    o->len += w;
}

static void out_value(Out *o, const Value *v)
{
    if (v->kind == VAL_STR) { out_json_str(o, v->s); return; }
    char tmp[32];
    size_t n = value_to_json(v, tmp, sizeof tmp);
    out_raw(o, tmp, n);
}

static void out_bool(Out *o, bool b) { out_str(o, b ? "true" : "false"); }

/* A double as JSON: shortest form that reads back (1 -> "1", 0.5 -> "0.5"). */
static void out_double(Out *o, double d)
{
    if (d != d || d > 1e300 || d < -1e300) { out_str(o, "0"); return; }
    out_fmt(o, "%.15g", d);
}

static const char *actor_id(const Scenario *sc, int a, bool *ok)
{
    if (a < 0 || a >= sc->n_actors) { *ok = false; return ""; }
    return sc->actors[a].id;
}

static const char *res_id(const Scenario *sc, int r, bool *ok)
{
    if (r < 0 || r >= sc->n_res) { *ok = false; return ""; }
    return sc->res[r].id;
}

/* ---- header ------------------------------------------------------------- */

static void header_resource(Out *o, const Scenario *sc, const ScResource *r)
{
    bool ok = true;
    out_str(o, "{\"id\":");
    out_json_str(o, r->id);
    out_str(o, ",\"type\":");
    out_json_str(o, res_type_name(r->type));
    out_str(o, ",\"label\":");
    out_json_str(o, r->label);
    switch (r->type) {
    case RES_EVENT: out_str(o, ",\"set\":"); out_bool(o, r->set); break;
    case RES_SEMAPHORE:
        out_fmt(o, ",\"value\":%lld,\"bounded\":", (long long)r->value);
        out_bool(o, r->bounded);
        break;
    case RES_QUEUE:
        out_fmt(o, ",\"capacity\":%d", r->capacity);
        /* only when true, so that issue-2 traces keep their bytes */
        if (r->joinable) out_str(o, ",\"joinable\":true");
        break;
    case RES_VARIABLE: out_fmt(o, ",\"value\":%lld", (long long)r->value); break;
    case RES_CONDITION:
        out_str(o, ",\"lock\":");
        out_json_str(o, res_id(sc, r->lock, &ok));
        break;
    case RES_BARRIER: out_fmt(o, ",\"parties\":%d", r->parties); break;
    case RES_PIPE: out_str(o, ",\"duplex\":"); out_bool(o, r->duplex); break;
    case RES_POOL: out_fmt(o, ",\"workers\":%d", r->workers); break;
    default: break;
    }
    if (!ok) o->bad = true;
    out_str(o, "}");
}

static void header_actor(Out *o, const Scenario *sc, const ScActor *a)
{
    out_str(o, "{\"id\":");
    out_json_str(o, a->id);
    out_str(o, ",\"label\":");
    out_json_str(o, a->label);
    out_fmt(o, ",\"vpid\":%d,\"group\":", a->vpid);
    out_json_str(o, a->group);
    out_fmt(o, ",\"index\":%d,\"daemon\":", a->index);
    out_bool(o, a->daemon);
    out_fmt(o, ",\"priority\":%d,\"start_ms\":%lld", a->priority, (long long)a->start_ms);
    /* issue 3 keys only when they differ from the default, so that issue-2
     * traces keep their bytes */
    if (!a->autostart) out_str(o, ",\"autostart\":false");
    if (a->role[0]) {
        bool ok = true;
        out_str(o, ",\"role\":");
        out_json_str(o, a->role);
        out_str(o, ",\"pool\":");
        out_json_str(o, res_id(sc, a->pool, &ok));
        if (!ok) o->bad = true;
    }
    out_str(o, "}");
}

static void header_expect(Out *o, const Scenario *sc)
{
    if (!sc->has_expect) { out_str(o, "null"); return; }
    out_str(o, "{\"outcome\":");
    if (sc->expect_outcome == OUT_NONE) out_str(o, "null");
    else out_json_str(o, outcome_name(sc->expect_outcome));
    out_str(o, ",\"vars\":{");
    for (int i = 0; i < sc->n_expect_vars; i++) {
        const ScExpectVar *v = &sc->expect_vars[i];
        bool ok = true;
        const char *id = res_id(sc, v->res, &ok);
        if (!ok) { o->bad = true; return; }
        if (i) out_str(o, ",");
        out_json_str(o, id);
        out_str(o, ":");
        out_value(o, &v->want);
    }
    out_str(o, "}}");
}

char *trace_encode_header(const Scenario *sc, size_t *len_out)
{
    Out o = {.grow = true, .limit = TRACE_BIG_LINE_MAX};
    out_fmt(&o, "{\"syncscope_trace\":%d,\"scenario\":{\"title\":", TRACE_VERSION);
    out_json_str(&o, sc->title);
    out_str(&o, ",\"summary\":");
    out_json_str(&o, sc->summary);
    out_str(&o, ",\"notes\":[");
    for (int i = 0; i < sc->n_notes; i++) {
        if (i) out_str(&o, ",");
        out_json_str(&o, sc->notes[i]);
    }
    out_str(&o, "],\"mode\":");
    out_json_str(&o, mode_name(sc->mode));
    out_fmt(&o, ",\"cpus\":%d,\"scheduler\":{\"policy\":", sc->cpus);
    out_json_str(&o, policy_name(sc->policy));
    out_fmt(&o, ",\"quantum_ms\":%lld},\"seed\":%llu,\"speed\":", (long long)sc->quantum_ms,
            (unsigned long long)sc->seed);
    out_double(&o, sc->speed);
    out_fmt(&o, ",\"stop_after_ms\":%lld,\"resources\":[", (long long)sc->stop_after_ms);
    for (int i = 0; i < sc->n_res; i++) {
        if (i) out_str(&o, ",");
        header_resource(&o, sc, &sc->res[i]);
    }
    out_str(&o, "],\"actors\":[");
    for (int i = 0; i < sc->n_actors; i++) {
        if (i) out_str(&o, ",");
        header_actor(&o, sc, &sc->actors[i]);
    }
    out_str(&o, "],\"expect\":");
    header_expect(&o, sc);
    out_str(&o, "}}\n");
    if (o.bad) { free(o.buf); return NULL; }
    if (len_out) *len_out = o.len;
    return o.buf;
}

/* ---- events ------------------------------------------------------------- */

/* One field of an event line, from the field table of core/event.c. */
static void event_field(Out *o, const Scenario *sc, const Event *ev, EvField f, bool *ok)
{
    out_str(o, ",\"");
    out_str(o, event_field_name(f));
    out_str(o, "\":");
    switch (f) {
    case EF_ACTOR: out_json_str(o, actor_id(sc, ev->actor, ok)); break;
    case EF_RES: out_json_str(o, res_id(sc, ev->res, ok)); break;
    case EF_TARGET: out_json_str(o, actor_id(sc, ev->target, ok)); break;
    case EF_CPU: out_i64(o, ev->cpu); break;
    case EF_OP: out_json_str(o, ev->op); break;
    case EF_UNTIL: out_i64(o, ev->until); break;
    case EF_TASK: out_i64(o, ev->task); break;
    case EF_ITEM: out_value(o, &ev->item); break;
    case EF_OK: out_i64(o, ev->ok > 0 ? 1 : 0); break;
    case EF_END: out_json_str(o, ev->end); break;
    case EF_VALUE: out_i64(o, ev->value); break;
    case EF_BY: out_i64(o, ev->by); break;
    case EF_DEPTH: out_i64(o, ev->depth); break;
    case EF_N: out_i64(o, ev->n); break;
    case EF_SAY: case EF_MSG: case EF_REASON: case EF_WHY: out_json_str(o, ev->text); break;
    case EF_SIG: out_i64(o, ev->sig); break;
    case EF_HOLDERS:
        out_str(o, "[");
        if (ev->n_holders < 0 || ev->n_holders > EV_HOLDERS_MAX) *ok = false;
        for (int i = 0; *ok && i < ev->n_holders; i++) {
            if (i) out_str(o, ",");
            out_json_str(o, actor_id(sc, ev->holders[i], ok));
        }
        out_str(o, "]");
        break;
    case EF_PID: out_i64(o, ev->pid); break;
    case EF_READY_US: out_i64(o, ev->ready_us); break;
    case EF_TURN_US: out_i64(o, ev->turnaround_us); break;
    case EF_RESP_US: out_i64(o, ev->response_us); break;
    case EF_CPUS: out_i64(o, ev->cpus); break;
    case EF_BUSY_US: out_i64(o, ev->busy_us); break;
    case EF_SPAN_US: out_i64(o, ev->span_us); break;
    case EF_UTIL: out_fmt(o, "%.3f", ev->util >= 0 && ev->util <= 1e6 ? ev->util : 0.0); break;
    default: *ok = false; break; /* outcome, expect: the end line only */
    }
}

size_t trace_encode_event(const Scenario *sc, const Event *ev, char *buf, size_t cap)
{
    if (ev->kind == EV_END) return trace_encode_end(sc, ev, NULL, buf, cap);
    if ((unsigned)ev->kind >= EV__COUNT || !buf || cap == 0) return 0;
    Out o = {.buf = buf, .cap = cap};
    bool ok = true;
    out_raw(&o, "{\"seq\":", 7);
    out_u64(&o, ev->seq);
    out_raw(&o, ",\"t\":", 5);
    out_i64(&o, ev->t);
    out_raw(&o, ",\"ev\":\"", 7);
    out_str(&o, event_kind_name(ev->kind));
    out_raw(&o, "\"", 1);
    /* the overall stats line is the one event with no actor */
    const EvFieldSpec *spec = event_field_spec(ev->kind, ev->kind != EV_STATS || ev->actor >= 0);
    for (int i = 0; i < spec->n; i++) {
        EvField f = spec->field[i];
        if ((spec->optional & (1u << i)) && !event_field_present(ev, f)) continue;
        event_field(&o, sc, ev, f, &ok);
    }
    out_str(&o, "}\n");
    if (!ok || o.bad) return 0;
    return o.len;
}

/* ---- end line ----------------------------------------------------------- */

static void end_expect(Out *o, const Scenario *sc, const ExpectResult *ex)
{
    if (!ex || !ex->present) { out_str(o, "null"); return; }
    out_str(o, "{\"ok\":");
    out_bool(o, ex->ok);
    out_str(o, ",\"outcome\":");
    if (ex->want_outcome == OUT_NONE) out_str(o, "null");
    else {
        out_str(o, "{\"want\":");
        out_json_str(o, outcome_name(ex->want_outcome));
        out_str(o, ",\"got\":");
        out_json_str(o, outcome_name(ex->got_outcome));
        out_str(o, "}");
    }
    out_str(o, ",\"vars\":{");
    int n = ex->n_vars < EXPECT_VARS_MAX ? ex->n_vars : EXPECT_VARS_MAX;
    for (int i = 0; i < n; i++) {
        const ExpectVar *v = &ex->vars[i];
        bool ok = true;
        const char *id = res_id(sc, v->res, &ok);
        if (!ok) { o->bad = true; return; }
        if (i) out_str(o, ",");
        out_json_str(o, id);
        out_str(o, ":{\"want\":");
        out_value(o, &v->want);
        out_str(o, ",\"got\":");
        out_value(o, &v->got);
        out_str(o, "}");
    }
    out_str(o, "}}");
}

size_t trace_encode_end(const Scenario *sc, const Event *ev, const ExpectResult *ex,
                        char *buf, size_t cap)
{
    if (!buf || cap == 0) return 0;
    Out o = {.buf = buf, .cap = cap};
    out_fmt(&o, "{\"seq\":%llu,\"t\":%lld,\"ev\":\"end\",\"outcome\":",
            (unsigned long long)ev->seq, (long long)ev->t);
    out_json_str(&o, outcome_name(ev->outcome));
    out_str(&o, ",\"reason\":");
    out_json_str(&o, ev->text);
    out_str(&o, ",\"expect\":");
    end_expect(&o, sc, ex);
    out_str(&o, "}\n");
    return o.bad ? 0 : o.len;
}

/* timeline — every event of a run, stored compactly, with model snapshots
 * for cheap seeks (see timeline.h).
 *
 * An Event is ~1.4 KB; a stored one is a 40-byte fixed record plus, only
 * for the fields that differ from event_init()'s defaults and do not fit
 * the record (text, op, a string item, holders, stats, ...), a few bytes in
 * a shared pool. seq is not stored: event i has seq i (the model enforces
 * it). Snapshot k is the model before event snap_at[k]: snapshots are at
 * least snap_every events apart (TIMELINE_SNAP_EVERY, scaled up for very
 * large scenarios) and further apart while the model is big, so that they
 * stay small next to the events. Pure: no SDL, no threads. */
#include <stdlib.h>
#include <string.h>

#include "core/timeline.h"

enum {
    X_UNTIL = 1 << 0, X_ITEM = 1 << 1, X_BY = 1 << 2, X_TEXT = 1 << 3, X_OP = 1 << 4,
    X_HOLDERS = 1 << 5, X_PID = 1 << 6, X_ASTATS = 1 << 7, X_OSTATS = 1 << 8,
    X_OUTCOME = 1 << 9, X_EXPECT = 1 << 10,
    X_ISSUE3 = 1 << 11, /* target, depth, n, end, ok, task, sig: one group, all rare */
};

typedef struct Packed {
    int64_t t;
    int64_t value;
    uint64_t extra;      /* offset in the pool of the rare fields (mask != 0) */
    int32_t actor, res;
    int16_t cpu;
    uint16_t mask;       /* X_* : which rare fields follow in the pool */
    uint8_t kind;
    uint8_t pad[3];
} Packed;

struct Timeline {
    const Scenario *hdr;
    Model live;
    Packed *ev;
    uint64_t n, cap;
    unsigned char *pool;
    size_t pool_len, pool_cap;
    Model **snaps;       /* snaps[k]: the model before event snap_at[k]; NULL if OOM */
    uint64_t *snap_at;
    uint64_t n_snaps, cap_snaps;
    uint64_t snap_every; /* at least this many events between two snapshots */
    Model seek;          /* the model timeline_seek() returns */
    bool seek_valid;
    uint64_t seek_pos;   /* events applied to seek */
};

static Model *snapshot(const Model *m)
{
    Model *s = malloc(sizeof *s);
    if (s && !model_copy(s, m, NULL)) { free(s); s = NULL; }
    return s;
}

static bool push_snapshot(Timeline *tl)
{
    if (tl->n_snaps == tl->cap_snaps) {
        uint64_t cap = tl->cap_snaps ? tl->cap_snaps * 2 : 16;
        Model **v = realloc(tl->snaps, cap * sizeof *v);
        if (!v) return false;
        tl->snaps = v;
        uint64_t *at = realloc(tl->snap_at, cap * sizeof *at);
        if (!at) return false;
        tl->snap_at = at;
        tl->cap_snaps = cap;
    }
    /* a missing snapshot (OOM) only makes seeks longer */
    tl->snap_at[tl->n_snaps] = tl->n;
    tl->snaps[tl->n_snaps++] = snapshot(&tl->live);
    return true;
}

/* About what a copy of m costs; queue contents dominate in big runs. */
static uint64_t model_bytes(const Model *m)
{
    uint64_t b = sizeof *m + (uint64_t)m->hdr->n_actors * sizeof *m->actors +
                 (uint64_t)m->hdr->n_res * sizeof *m->res;
    for (int r = 0; r < m->hdr->n_res; r++) {
        const MResource *x = &m->res[r];
        b += (uint64_t)x->n_items * sizeof(Value) +
             (uint64_t)(x->holders.n + x->waiters.n) * sizeof(int);
    }
    return b;
}

/* Snapshots at least snap_every events apart, and further apart when the
 * model is big (a queue of 100,000 items): their memory stays within a
 * fraction of the events' own, so a long trace of a big state fits. */
static void maybe_snapshot(Timeline *tl)
{
    uint64_t since = tl->n - tl->snap_at[tl->n_snaps - 1];
    if (since == 0 || since % tl->snap_every != 0) return;
    if (since * TIMELINE_SNAP_BYTES_PER_EVENT < model_bytes(&tl->live)) return;
    push_snapshot(tl); /* OOM: the seek just goes further */
}

Timeline *timeline_new(const Scenario *hdr, Err *err)
{
    Timeline *tl = calloc(1, sizeof *tl);
    if (!tl) { err_set(err, "out of memory"); return NULL; }
    tl->hdr = hdr;
    if (!model_init(&tl->live, hdr, err)) { free(tl); return NULL; }
    tl->snap_every = TIMELINE_SNAP_EVERY * (uint64_t)(1 + (hdr->n_actors + hdr->n_res) / 64);
    if (!push_snapshot(tl) || !tl->snaps[0]) {
        timeline_free(tl);
        err_set(err, "out of memory");
        return NULL;
    }
    return tl;
}

void timeline_free(Timeline *tl)
{
    if (!tl) return;
    model_free(&tl->live);
    if (tl->seek_valid) model_free(&tl->seek);
    for (uint64_t i = 0; i < tl->n_snaps; i++)
        if (tl->snaps[i]) { model_free(tl->snaps[i]); free(tl->snaps[i]); }
    free(tl->snaps);
    free(tl->snap_at);
    free(tl->ev);
    free(tl->pool);
    free(tl);
}

/* ---- packing -------------------------------------------------------------- */

static uint16_t mask_of(const Event *ev)
{
    uint16_t x = 0;
    if (ev->until != -1) x |= X_UNTIL;
    if (ev->item.kind != VAL_NULL) x |= X_ITEM;
    if (ev->by) x |= X_BY;
    if (ev->text[0]) x |= X_TEXT;
    if (ev->op[0]) x |= X_OP;
    if (ev->n_holders > 0) x |= X_HOLDERS;
    if (ev->pid) x |= X_PID;
    if (ev->ready_us || ev->turnaround_us || ev->response_us) x |= X_ASTATS;
    if (ev->busy_us || ev->span_us || ev->cpus || ev->util != 0) x |= X_OSTATS;
    if (ev->outcome != OUT_NONE) x |= X_OUTCOME;
    if (ev->expect_ok != -1) x |= X_EXPECT;
    if (ev->target != -1 || ev->depth != -1 || ev->n != 0 || ev->end[0] || ev->ok != -1 || ev->task ||
        ev->sig)
        x |= X_ISSUE3;
    return x;
}

static size_t extra_size(const Event *ev, uint16_t x)
{
    size_t n = 0;
    if (x & X_UNTIL) n += 8;
    if (x & X_ITEM) n += 1 + (ev->item.kind == VAL_INT ? 8 : 2 + strlen(ev->item.s));
    if (x & X_BY) n += 8;
    if (x & X_TEXT) n += 2 + strnlen(ev->text, sizeof ev->text - 1);
    if (x & X_OP) n += 1 + strnlen(ev->op, sizeof ev->op - 1);
    if (x & X_HOLDERS) n += 1 + 4 * (size_t)ev->n_holders;
    if (x & X_PID) n += 8;
    if (x & X_ASTATS) n += 24;
    if (x & X_OSTATS) n += 16 + 4 + sizeof(double);
    if (x & X_OUTCOME) n += 1;
    if (x & X_EXPECT) n += 1;
    if (x & X_ISSUE3) n += 4 * 4 + 8 + 1 + 1 + strnlen(ev->end, sizeof ev->end - 1);
    return n;
}

#define PUTB(p, src, len) do { memcpy(p, src, len); p += (len); } while (0)
#define GETB(dst, p, len) do { memcpy(dst, p, len); p += (len); } while (0)

static void put_str(unsigned char **pp, const char *s, size_t n, int lenbytes)
{
    uint16_t l = (uint16_t)n;
    if (lenbytes == 1) { **pp = (unsigned char)l; (*pp)++; }
    else PUTB(*pp, &l, 2);
    PUTB(*pp, s, n);
}

static void get_str(const unsigned char **pp, char *out, size_t cap, int lenbytes)
{
    uint16_t l;
    if (lenbytes == 1) { l = **pp; (*pp)++; }
    else GETB(&l, *pp, 2);
    size_t n = l < cap ? l : cap - 1;
    memcpy(out, *pp, n);
    out[n] = '\0';
    *pp += l;
}

static void pack_extra(unsigned char *p, const Event *ev, uint16_t x)
{
    if (x & X_UNTIL) PUTB(p, &ev->until, 8);
    if (x & X_ITEM) {
        *p++ = (unsigned char)ev->item.kind;
        if (ev->item.kind == VAL_INT) PUTB(p, &ev->item.i, 8);
        else put_str(&p, ev->item.s, strlen(ev->item.s), 2);
    }
    if (x & X_BY) PUTB(p, &ev->by, 8);
    if (x & X_TEXT) put_str(&p, ev->text, strnlen(ev->text, sizeof ev->text - 1), 2);
    if (x & X_OP) put_str(&p, ev->op, strnlen(ev->op, sizeof ev->op - 1), 1);
    if (x & X_HOLDERS) {
        *p++ = (unsigned char)ev->n_holders;
        for (int i = 0; i < ev->n_holders; i++) {
            int32_t h = ev->holders[i];
            PUTB(p, &h, 4);
        }
    }
    if (x & X_PID) PUTB(p, &ev->pid, 8);
    if (x & X_ASTATS) {
        PUTB(p, &ev->ready_us, 8);
        PUTB(p, &ev->turnaround_us, 8);
        PUTB(p, &ev->response_us, 8);
    }
    if (x & X_OSTATS) {
        int32_t c = ev->cpus;
        PUTB(p, &ev->busy_us, 8);
        PUTB(p, &ev->span_us, 8);
        PUTB(p, &c, 4);
        PUTB(p, &ev->util, sizeof(double));
    }
    if (x & X_OUTCOME) *p++ = (unsigned char)ev->outcome;
    if (x & X_EXPECT) *p++ = (unsigned char)(ev->expect_ok + 1);
    if (x & X_ISSUE3) {
        int32_t v[4] = {ev->target, ev->depth, ev->n, ev->sig};
        PUTB(p, v, sizeof v);
        PUTB(p, &ev->task, 8);
        *p++ = (unsigned char)(ev->ok + 1);
        put_str(&p, ev->end, strnlen(ev->end, sizeof ev->end - 1), 1);
    }
}

static void unpack_extra(const unsigned char *p, Event *ev, uint16_t x)
{
    if (x & X_UNTIL) GETB(&ev->until, p, 8);
    if (x & X_ITEM) {
        ev->item.kind = (ValueKind)*p++;
        if (ev->item.kind == VAL_INT) GETB(&ev->item.i, p, 8);
        else get_str(&p, ev->item.s, sizeof ev->item.s, 2);
    }
    if (x & X_BY) GETB(&ev->by, p, 8);
    if (x & X_TEXT) get_str(&p, ev->text, sizeof ev->text, 2);
    if (x & X_OP) get_str(&p, ev->op, sizeof ev->op, 1);
    if (x & X_HOLDERS) {
        ev->n_holders = *p++;
        for (int i = 0; i < ev->n_holders; i++) {
            int32_t h;
            GETB(&h, p, 4);
            ev->holders[i] = h;
        }
    }
    if (x & X_PID) GETB(&ev->pid, p, 8);
    if (x & X_ASTATS) {
        GETB(&ev->ready_us, p, 8);
        GETB(&ev->turnaround_us, p, 8);
        GETB(&ev->response_us, p, 8);
    }
    if (x & X_OSTATS) {
        int32_t c;
        GETB(&ev->busy_us, p, 8);
        GETB(&ev->span_us, p, 8);
        GETB(&c, p, 4);
        ev->cpus = c;
        GETB(&ev->util, p, sizeof(double));
    }
    if (x & X_OUTCOME) ev->outcome = (Outcome)*p++;
    if (x & X_EXPECT) ev->expect_ok = (int)*p++ - 1;
    if (x & X_ISSUE3) {
        int32_t v[4];
        GETB(v, p, sizeof v);
        ev->target = v[0];
        ev->depth = v[1];
        ev->n = v[2];
        ev->sig = v[3];
        GETB(&ev->task, p, 8);
        ev->ok = (int)*p++ - 1;
        get_str(&p, ev->end, sizeof ev->end, 1);
    }
}

/* ---- recording ------------------------------------------------------------------ */

bool timeline_append(Timeline *tl, const Event *ev, Err *err)
{
    if (ev->n_holders < 0 || ev->n_holders > EV_HOLDERS_MAX || ev->cpu < -1 || ev->cpu > INT16_MAX)
        return err_set(err, "seq %llu: malformed event", (unsigned long long)ev->seq);
    uint16_t x = mask_of(ev);
    size_t xn = x ? extra_size(ev, x) : 0;
    /* room first, so that a rule-abiding event is always recorded */
    if (tl->n == tl->cap) {
        uint64_t cap = tl->cap ? tl->cap * 2 : 1024;
        Packed *v = realloc(tl->ev, cap * sizeof *v);
        if (!v) return err_set(err, "out of memory recording the trace");
        tl->ev = v;
        tl->cap = cap;
    }
    if (tl->pool_len + xn > tl->pool_cap) {
        size_t cap = tl->pool_cap ? tl->pool_cap : 4096;
        while (cap < tl->pool_len + xn) cap *= 2;
        unsigned char *p = realloc(tl->pool, cap);
        if (!p) return err_set(err, "out of memory recording the trace");
        tl->pool = p;
        tl->pool_cap = cap;
    }
    if (!model_apply(&tl->live, ev, err)) return false;
    Packed *p = &tl->ev[tl->n];
    memset(p, 0, sizeof *p);
    p->t = ev->t;
    p->value = ev->value;
    p->actor = ev->actor;
    p->res = ev->res;
    p->cpu = (int16_t)ev->cpu;
    p->kind = (uint8_t)ev->kind;
    p->mask = x;
    p->extra = tl->pool_len;
    if (x) pack_extra(tl->pool + tl->pool_len, ev, x);
    tl->pool_len += xn;
    tl->n++;
    maybe_snapshot(tl);
    return true;
}

uint64_t timeline_count(const Timeline *tl) { return tl->n; }

const Model *timeline_live(const Timeline *tl) { return &tl->live; }

bool timeline_event(const Timeline *tl, uint64_t i, Event *out)
{
    if (i >= tl->n) return false;
    const Packed *p = &tl->ev[i];
    event_init(out, (EvKind)p->kind);
    out->seq = i;
    out->t = p->t;
    out->value = p->value;
    out->actor = p->actor;
    out->res = p->res;
    out->cpu = p->cpu;
    if (p->mask) unpack_extra(tl->pool + p->extra, out, p->mask);
    return true;
}

const Model *timeline_seek(Timeline *tl, uint64_t seq, Err *err)
{
    uint64_t want = tl->n == 0 ? 0 : (seq >= tl->n ? tl->n : seq + 1); /* events to apply */
    if (want == tl->n) return &tl->live;
    /* the last snapshot at or before want (snap_at is increasing) */
    uint64_t lo = 0, hi = tl->n_snaps;
    while (hi - lo > 1) {
        uint64_t mid = lo + (hi - lo) / 2;
        if (tl->snap_at[mid] <= want) lo = mid;
        else hi = mid;
    }
    uint64_t k = lo;
    while (k > 0 && !tl->snaps[k]) k--;
    uint64_t from = tl->snap_at[k];
    /* going forward from the current seek state is cheaper than a copy */
    if (!(tl->seek_valid && tl->seek_pos <= want && tl->seek_pos >= from)) {
        if (tl->seek_valid) model_free(&tl->seek);
        tl->seek_valid = false;
        if (!model_copy(&tl->seek, tl->snaps[k], err)) return NULL;
        tl->seek_valid = true;
        tl->seek_pos = from;
    }
    Event ev;
    while (tl->seek_pos < want) {
        timeline_event(tl, tl->seek_pos, &ev);
        if (!model_apply(&tl->seek, &ev, err)) {
            model_free(&tl->seek);
            tl->seek_valid = false;
            return NULL;
        }
        tl->seek_pos++;
    }
    return &tl->seek;
}

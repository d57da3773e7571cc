/* prims_pipe — pipes (multiprocessing.Pipe, SPEC §4 "Pipes").
 *
 * Every actor holds both ends of every pipe from the start (as after a
 * fork) until it closes one or ends. Simplex: items go from the "write" end
 * to the "read" end (bit 0 = write, bit 1 = read of RtRes.ends[actor]).
 * Duplex: ends "a" (bit 0) and "b" (bit 1), each with its own buffer toward
 * the other (items: a -> b, items2: b -> a). recv blocks while its buffer
 * is empty and some live actor still holds the opposite end; otherwise it
 * is EOF (item null, ok 0), so a forgotten close makes the reader hang. */
#include <stdio.h>
#include <string.h>

#include "runtime/world.h"

#define RT_PIPE_ITEMS_MAX 100000

/* The bit of the end an operation uses: send writes on it, recv reads on it. */
static int end_bit(const RtRes *res, const char *end, bool sending)
{
    if (res->sc->duplex) return end && strcmp(end, "b") == 0 ? 2 : 1;
    if (end && end[0]) return strcmp(end, "read") == 0 ? 2 : 1;
    return sending ? 1 : 2;
}

static const char *end_name(const RtRes *res, int bit)
{
    if (res->sc->duplex) return bit == 2 ? "b" : "a";
    return bit == 2 ? "read" : "write";
}

/* The buffer a reader on end bit reads, and the end whose holders feed it. */
static void reader_side(RtRes *res, int bit, Value **items, int **head, int **n, int **cap,
                        int *writer_bit)
{
    bool second = res->sc->duplex && bit == 1; /* a reads what b sent */
    *items = second ? res->items2 : res->items;
    *head = second ? &res->head2 : &res->head;
    *n = second ? &res->n_items2 : &res->n_items;
    *cap = second ? &res->cap_items2 : &res->cap_items;
    *writer_bit = res->sc->duplex ? (bit == 1 ? 2 : 1) : 1;
}

static bool alive(const World *w, int a)
{
    RtState s = w->actors[a].state;
    return s != RS_DONE && s != RS_KILLED && s != RS_ERROR;
}

static bool has_writer(const World *w, const RtRes *res, int writer_bit)
{
    for (int a = 0; a < w->n_actors; a++)
        if ((res->ends[a] & writer_bit) && alive(w, a)) return true;
    return false;
}

static void emit_pipe(World *w, EvKind k, int a, int r, const Value *item, int ok, const char *end)
{
    Event ev;
    event_init(&ev, k);
    ev.actor = a;
    ev.res = r;
    if (item) ev.item = *item;
    ev.ok = ok;
    snprintf(ev.end, sizeof ev.end, "%s", end);
    emit(w, &ev);
}

static bool check_pipe(World *w, int r, const char *what, char *msg, size_t cap)
{
    if (w->res[r].sc->type == RES_PIPE) return true;
    snprintf(msg, cap, "%s on %s \"%s\" is not supported", what, res_type_name(w->res[r].sc->type),
             w->res[r].sc->id);
    return false;
}

/* The first reader blocked on r reading end bit, taken out; -1 if none. */
static int take_reader(World *w, int r, int bit)
{
    RtRes *res = &w->res[r];
    int n = w->n_actors;
    for (int i = 0; i < res->n_waiters; i++) {
        int x = res->waiters[(res->w_head + i) % n];
        const Step *st = w->actors[x].pending_step;
        if (strcmp(w->actors[x].op, "recv") == 0 && end_bit(res, st ? st->end : NULL, false) == bit) {
            res_wait_remove(res, x, n);
            return x;
        }
    }
    return -1;
}

bool prim_send(World *w, int a, int r, const Value *item, const Step *st, char *msg, size_t cap)
{
    if (!check_pipe(w, r, "send", msg, cap)) return false;
    RtRes *res = &w->res[r];
    int bit = end_bit(res, st ? st->end : NULL, true);
    const char *end = end_name(res, bit);
    if (!(res->ends[a] & bit)) {
        snprintf(msg, cap, "send on the closed %s end of pipe \"%s\"", end, res->sc->id);
        return false;
    }
    /* the reader of what this end sends */
    int rbit = res->sc->duplex ? (bit == 1 ? 2 : 1) : 2;
    int g = take_reader(w, r, rbit);
    emit_pipe(w, EV_SEND, a, r, item, -1, end);
    if (g >= 0) {
        emit_pipe(w, EV_RECV, g, r, item, 1, end_name(res, rbit));
        prim_complete(w, g, w->actors[g].pending_step, item, 1);
        emit_ready(w, g);
        return true;
    }
    Value *items; int *head, *n, *cp, wb;
    reader_side(res, rbit, &items, &head, &n, &cp, &wb);
    if (*n == *cp) {
        if (*cp >= RT_PIPE_ITEMS_MAX) {
            snprintf(msg, cap, "pipe \"%s\" holds %d unread items", res->sc->id, RT_PIPE_ITEMS_MAX);
            return false;
        }
        int ncap = *cp * 2;
        Value *v = world_calloc(w, (size_t)ncap, sizeof *v);
        if (!v) { snprintf(msg, cap, "out of memory"); return false; }
        for (int i = 0; i < *n; i++) v[i] = items[(*head + i) % *cp];
        world_dealloc(w, items);
        if (res->sc->duplex && rbit == 1) res->items2 = v; else res->items = v;
        items = v;
        *head = 0;
        *cp = ncap;
    }
    items[(*head + *n) % *cp] = *item;
    (*n)++;
    return true;
}

bool prim_recv(World *w, int a, int r, const Step *st, char *msg, size_t cap)
{
    if (!check_pipe(w, r, "recv", msg, cap)) return false;
    RtRes *res = &w->res[r];
    int bit = end_bit(res, st ? st->end : NULL, false);
    const char *end = end_name(res, bit);
    if (!(res->ends[a] & bit)) {
        snprintf(msg, cap, "recv on the closed %s end of pipe \"%s\"", end, res->sc->id);
        return false;
    }
    Value *items; int *head, *n, *cp, wb;
    reader_side(res, bit, &items, &head, &n, &cp, &wb);
    if (*n > 0) {
        Value v = items[*head];
        *head = (*head + 1) % *cp;
        (*n)--;
        emit_pipe(w, EV_RECV, a, r, &v, 1, end);
        prim_complete(w, a, st, &v, 1);
        return true;
    }
    if (!has_writer(w, res, wb)) {
        Value none = value_null();
        emit_pipe(w, EV_RECV, a, r, &none, 0, end);
        prim_complete(w, a, st, &none, 0);
        return true;
    }
    prim_block(w, a, r, "recv", st);
    return true;
}

/* Readers of r that can no longer get anything see EOF, in queue order. */
static void eof_check(World *w, int r)
{
    RtRes *res = &w->res[r];
    for (int bit = 1; bit <= 2; bit++) {
        Value *items; int *head, *n, *cp, wb;
        reader_side(res, bit, &items, &head, &n, &cp, &wb);
        if (*n > 0 || has_writer(w, res, wb)) continue;
        int x;
        while ((x = take_reader(w, r, bit)) >= 0) {
            Value none = value_null();
            emit_pipe(w, EV_RECV, x, r, &none, 0, end_name(res, bit));
            prim_complete(w, x, w->actors[x].pending_step, &none, 0);
            emit_ready(w, x);
        }
    }
}

bool prim_close(World *w, int a, int r, const Step *st, char *msg, size_t cap)
{
    RtRes *res = &w->res[r];
    if (res->sc->type == RES_POOL) return pool_close(w, a, r, msg, cap);
    if (!check_pipe(w, r, "close", msg, cap)) return false;
    const char *e = st && st->end[0] ? st->end : "write";
    int bit = res->sc->duplex ? (strcmp(e, "b") == 0 ? 2 : 1) : (strcmp(e, "read") == 0 ? 2 : 1);
    res->ends[a] &= (unsigned char)~bit;
    emit_pipe(w, EV_CLOSE, a, r, NULL, -1, end_name(res, bit));
    eof_check(w, r);
    return true;
}

void pipes_actor_ended(World *w, int a)
{
    for (int r = 0; r < w->n_res; r++) {
        RtRes *res = &w->res[r];
        if (res->sc->type != RES_PIPE || !res->ends[a]) continue;
        res->ends[a] = 0;
        eof_check(w, r);
    }
}

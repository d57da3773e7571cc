/* prims — the synchronisation primitives as monitors over the World: lock,
 * semaphore, event, queue (SPEC §4). Each operation runs inside the acting
 * actor's step and emits its events in cause-and-effect order; a release,
 * set or put that wakes a waiter completes the waiter's operation on its
 * behalf (hand-off), so a woken actor never has to retry.
 * Runtime errors come back as false with a message (no path; the caller
 * prefixes the step's path). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/world.h"

#define RT_QUEUE_ITEMS_MAX 100000  /* an unbounded queue is still bounded in memory */

static void emit_item(World *w, EvKind k, int a, int r, const Value *item)
{
    Event ev;
    event_init(&ev, k);
    ev.actor = a;
    ev.res = r;
    ev.item = *item;
    emit(w, &ev);
}

bool prim_acquire(World *w, int a, int r, char *msg, size_t cap)
{
    RtRes *res = &w->res[r];
    switch (res->sc->type) {
    case RES_LOCK:
        if (res->holder < 0) {
            res->holder = a;
            emit_simple(w, EV_ACQUIRED, a, r);
        } else {
            emit_blocked(w, a, r, "acquire");
        }
        return true;
    case RES_SEMAPHORE:
        if (res->count > 0) {
            res->count--;
            res->permits[a]++;
            emit_simple(w, EV_ACQUIRED, a, r);
        } else {
            emit_blocked(w, a, r, "acquire");
        }
        return true;
    default:
        snprintf(msg, cap, "acquire on %s \"%s\" is not supported", res_type_name(res->sc->type),
                 res->sc->id);
        return false;
    }
}

bool prim_release(World *w, int a, int r, char *msg, size_t cap)
{
    RtRes *res = &w->res[r];
    const char *who = w->actors[a].sc->id;
    switch (res->sc->type) {
    case RES_LOCK: {
        if (res->holder != a) {
            snprintf(msg, cap, "release of lock \"%s\" that \"%s\" does not hold", res->sc->id, who);
            return false;
        }
        emit_simple(w, EV_RELEASED, a, r);
        int next = res_wait_pop(res, w->n_actors);
        res->holder = next;
        if (next >= 0) {
            emit_simple(w, EV_ACQUIRED, next, r);
            emit_ready(w, next);
        }
        return true;
    }
    case RES_SEMAPHORE: {
        if (res->sc->bounded && res->n_waiters == 0 && res->count + 1 > res->sc->value) {
            snprintf(msg, cap, "release of bounded semaphore \"%s\" above its initial value %lld",
                     res->sc->id, (long long)res->sc->value);
            return false;
        }
        emit_simple(w, EV_RELEASED, a, r);
        if (res->permits[a] > 0) res->permits[a]--;
        int next = res_wait_pop(res, w->n_actors);
        if (next >= 0) {
            res->permits[next]++;
            emit_simple(w, EV_ACQUIRED, next, r);
            emit_ready(w, next);
        } else {
            res->count++;
        }
        return true;
    }
    default:
        snprintf(msg, cap, "release on %s \"%s\" is not supported", res_type_name(res->sc->type),
                 res->sc->id);
        return false;
    }
}

bool prim_wait(World *w, int a, int r, char *msg, size_t cap)
{
    RtRes *res = &w->res[r];
    if (res->sc->type != RES_EVENT) {
        snprintf(msg, cap, "wait on %s \"%s\" is not supported", res_type_name(res->sc->type),
                 res->sc->id);
        return false;
    }
    if (!res->flag) emit_blocked(w, a, r, "wait");
    return true;
}

bool prim_set(World *w, int a, int r, bool on, char *msg, size_t cap)
{
    RtRes *res = &w->res[r];
    if (res->sc->type != RES_EVENT) {
        snprintf(msg, cap, "%s on %s \"%s\" is not supported", on ? "set" : "clear",
                 res_type_name(res->sc->type), res->sc->id);
        return false;
    }
    res->flag = on;
    emit_simple(w, on ? EV_SET : EV_CLEAR, a, r);
    if (on) {
        /* set() wakes every waiter at once, in queue order */
        int next;
        while ((next = res_wait_pop(res, w->n_actors)) >= 0) emit_ready(w, next);
    }
    return true;
}

static bool queue_push(RtRes *res, const Value *item)
{
    if (res->n_items == res->cap_items) {
        if (res->sc->capacity > 0 || res->cap_items >= RT_QUEUE_ITEMS_MAX) return false;
        int cap = res->cap_items * 2;
        if (cap > RT_QUEUE_ITEMS_MAX) cap = RT_QUEUE_ITEMS_MAX;
        Value *v = malloc((size_t)cap * sizeof *v);
        if (!v) return false;
        for (int i = 0; i < res->n_items; i++) v[i] = res->items[(res->head + i) % res->cap_items];
        free(res->items);
        res->items = v;
        res->head = 0;
        res->cap_items = cap;
    }
    res->items[(res->head + res->n_items) % res->cap_items] = *item;
    res->n_items++;
    return true;
}

static Value queue_pop(RtRes *res)
{
    Value v = res->items[res->head];
    res->head = (res->head + 1) % res->cap_items;
    res->n_items--;
    return v;
}

/* The getter's side of a get that completes: the local, then its say. */
static void got_item(World *w, int g, const Step *st, const Value *item)
{
    if (st && st->into[0]) {
        interp_set_local(&w->actors[g], st->into, item);
        interp_say(w, g, st);
    }
}

bool prim_put(World *w, int a, int r, const Value *item, char *msg, size_t cap)
{
    RtRes *res = &w->res[r];
    if (res->sc->type != RES_QUEUE) {
        snprintf(msg, cap, "put on %s \"%s\" is not supported", res_type_name(res->sc->type),
                 res->sc->id);
        return false;
    }
    int g = res_wait_peek(res, w->n_actors);
    if (g >= 0 && strcmp(w->actors[g].op, "get") == 0) {
        /* a getter is waiting, so the queue is empty: hand the item over */
        res_wait_pop(res, w->n_actors);
        emit_item(w, EV_PUT, a, r, item);
        emit_item(w, EV_GET, g, r, item);
        got_item(w, g, w->actors[g].pending_step, item);
        emit_ready(w, g);
        return true;
    }
    if (res->sc->capacity > 0 && res->n_items >= res->sc->capacity) {
        w->actors[a].pending_item = *item;
        emit_blocked(w, a, r, "put");
        return true;
    }
    if (!queue_push(res, item)) {
        snprintf(msg, cap, "queue \"%s\" grew beyond %d items", res->sc->id, RT_QUEUE_ITEMS_MAX);
        return false;
    }
    emit_item(w, EV_PUT, a, r, item);
    return true;
}

bool prim_get(World *w, int a, int r, const Step *st, char *msg, size_t cap)
{
    RtRes *res = &w->res[r];
    if (res->sc->type != RES_QUEUE) {
        snprintf(msg, cap, "get on %s \"%s\" is not supported", res_type_name(res->sc->type),
                 res->sc->id);
        return false;
    }
    if (res->n_items == 0) {
        w->actors[a].pending_step = st;
        emit_blocked(w, a, r, "get");
        return true;
    }
    Value item = queue_pop(res);
    emit_item(w, EV_GET, a, r, &item);
    got_item(w, a, st, &item);
    int p = res_wait_peek(res, w->n_actors);
    if (p >= 0 && strcmp(w->actors[p].op, "put") == 0) {
        /* the space just freed takes the first waiting putter's item */
        res_wait_pop(res, w->n_actors);
        queue_push(res, &w->actors[p].pending_item);
        emit_item(w, EV_PUT, p, r, &w->actors[p].pending_item);
        emit_ready(w, p);
    }
    return true;
}

int prim_holders(const World *w, int r, int *out, int max)
{
    const RtRes *res = &w->res[r];
    int n = 0;
    if (res->sc->type == RES_LOCK) {
        if (res->holder >= 0 && n < max) out[n++] = res->holder;
    } else if (res->sc->type == RES_SEMAPHORE) {
        for (int a = 0; a < w->n_actors && n < max; a++)
            if (res->permits[a] > 0) out[n++] = a;
    }
    return n;
}

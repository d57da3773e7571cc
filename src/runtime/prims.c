/* prims — the synchronisation primitives as monitors over the World: lock,
 * rlock, semaphore, event, queue (joinable too), and the helpers every
 * primitive shares: blocking with a timeout, taking a waiter by op, and
 * completing a step (into/ok, then its say). Each operation runs inside the
 * acting actor's step and emits its events in cause-and-effect order; a
 * release, set or put that wakes a waiter completes the waiter's operation
 * on its behalf (hand-off), so a woken actor never has to retry.
 * Runtime errors come back as false with a message (no path; the caller
 * prefixes the step's path). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/world.h"

#define RT_QUEUE_ITEMS_MAX 100000  /* an unbounded queue is still bounded in memory */

/* ---- shared helpers -------------------------------------------------------- */

bool prims_res_init(World *w, RtRes *r)
{
    int n = w->n_actors > 0 ? w->n_actors : 1;
    if (r->sc->type == RES_PIPE) {
        r->ends = world_calloc(w, (size_t)n, 1);
        r->cap_items = r->cap_items2 = 16;
        r->items = world_calloc(w, (size_t)r->cap_items, sizeof *r->items);
        r->items2 = world_calloc(w, (size_t)r->cap_items2, sizeof *r->items2);
        if (!r->ends || !r->items || !r->items2) return false;
        for (int a = 0; a < w->n_actors; a++) r->ends[a] = 3; /* both ends, as after fork */
    }
    return true;
}

void prims_res_free(World *w, RtRes *r)
{
    world_dealloc(w, r->ends);
    world_dealloc(w, r->items2);
    for (int i = 0; r->tasks && i < r->n_tasks; i++) world_dealloc(w, r->tasks[i].args);
    world_dealloc(w, r->tasks);
    world_dealloc(w, r->cb_queue);
}

bool prim_says_after(const Step *st)
{
    if (!st || !(st->into[0] || st->ok[0])) return false;
    switch (st->kind) {
    case ST_GET: case ST_READ: case ST_RECV: case ST_ACQUIRE: case ST_WAIT: case ST_PUT:
    case ST_JOIN: case ST_SUBMIT:
        return true;
    default:
        return false;
    }
}

void prim_complete(World *w, int a, const Step *st, const Value *into, int ok)
{
    if (!st) return;
    RtActor *ac = &w->actors[a];
    if (into && st->into[0]) interp_set_local(ac, st->into, into);
    if (ok >= 0 && st->ok[0]) {
        Value v = value_int(ok);
        interp_set_local(ac, st->ok, &v);
    }
    if (prim_says_after(st)) interp_say(w, a, st);
}

static void complete_flag(World *w, int a, const Step *st, int yes)
{
    Value v = value_int(yes);
    prim_complete(w, a, st, &v, -1);
}

void prim_block(World *w, int a, int r, const char *op, const Step *st)
{
    RtActor *ac = &w->actors[a];
    ac->pending_step = st;
    ac->block_order = w->seq;
    emit_blocked(w, a, r, op);
    if (st && st->timeout_ms >= 0) {
        int64_t ms = st->timeout_ms > RT_MAX_US / 1000 / 4 ? RT_MAX_US / 1000 / 4 : st->timeout_ms;
        world_dl_push(w, w->now + ms * 1000, DL_TIMEOUT, a);
        ac->has_timeout = true;
    }
}

int prim_take_waiter(World *w, int r, const char *op)
{
    RtRes *res = &w->res[r];
    int n = w->n_actors;
    for (int i = 0; i < res->n_waiters; i++) {
        int x = res->waiters[(res->w_head + i) % n];
        if (strcmp(w->actors[x].op, op) == 0) {
            res_wait_remove(res, x, n);
            return x;
        }
    }
    return -1;
}

static void emit_fail(World *w, int a, int r, const char *why)
{
    Event ev;
    event_init(&ev, EV_FAIL);
    ev.actor = a;
    ev.res = r;
    snprintf(ev.text, sizeof ev.text, "%s", why);
    emit(w, &ev);
}

static void emit_item(World *w, EvKind k, int a, int r, const Value *item)
{
    Event ev;
    event_init(&ev, k);
    ev.actor = a;
    ev.res = r;
    ev.item = *item;
    emit(w, &ev);
}

static void emit_lock(World *w, EvKind k, int a, int r)
{
    Event ev;
    event_init(&ev, k);
    ev.actor = a;
    ev.res = r;
    if (w->res[r].sc->type == RES_RLOCK) ev.depth = w->res[r].depth;
    emit(w, &ev);
}

/* ---- lock, rlock, semaphore ---------------------------------------------------- */

void prim_lock_handoff(World *w, int r)
{
    RtRes *res = &w->res[r];
    if (res->holder >= 0) return;
    int next = res_wait_pop(res, w->n_actors);
    if (next < 0) return;
    RtActor *nx = &w->actors[next];
    res->holder = next;
    res->depth = nx->cond >= 0 && nx->restore_depth > 0 ? nx->restore_depth : 1;
    emit_lock(w, EV_ACQUIRED, next, r);
    if (nx->cond >= 0) {
        /* a condition wait ends here: its into was set when it was notified */
        nx->cond = -1;
        if (prim_says_after(nx->pending_step)) interp_say(w, next, nx->pending_step);
    } else {
        complete_flag(w, next, nx->pending_step, 1);
    }
    emit_ready(w, next);
}

bool prim_acquire(World *w, int a, int r, const Step *st, char *msg, size_t cap)
{
    RtRes *res = &w->res[r];
    bool blocking = !st || st->kind == ST_WITH || st->blocking;
    switch (res->sc->type) {
    case RES_CONDITION:
        if (res->sc->lock < 0 || res->sc->lock >= w->n_res) break;
        return prim_acquire(w, a, res->sc->lock, st, msg, cap);
    case RES_LOCK:
    case RES_RLOCK:
    case RES_SEMAPHORE: {
        bool rl = res->sc->type == RES_RLOCK;
        bool sem = res->sc->type == RES_SEMAPHORE;
        bool free_now = sem ? res->count > 0 : res->holder < 0 || (rl && res->holder == a);
        if (free_now) {
            if (sem) {
                res->count--;
                res->permits[a]++;
            } else {
                res->depth = res->holder == a ? res->depth + 1 : 1;
                res->holder = a;
            }
            emit_lock(w, EV_ACQUIRED, a, r);
            complete_flag(w, a, st, 1);
        } else if (!blocking) {
            emit_fail(w, a, r, "busy");
            complete_flag(w, a, st, 0);
        } else {
            prim_block(w, a, r, "acquire", st);
        }
        return true;
    }
    default: break;
    }
    snprintf(msg, cap, "acquire on %s \"%s\" is not supported", res_type_name(res->sc->type),
             res->sc->id);
    return false;
}

bool prim_release(World *w, int a, int r, char *msg, size_t cap)
{
    RtRes *res = &w->res[r];
    const char *who = w->actors[a].sc->id;
    switch (res->sc->type) {
    case RES_CONDITION:
        if (res->sc->lock < 0 || res->sc->lock >= w->n_res) break;
        return prim_release(w, a, res->sc->lock, msg, cap);
    case RES_LOCK:
    case RES_RLOCK: {
        if (res->holder != a) {
            snprintf(msg, cap, "release of %s \"%s\" that \"%s\" does not hold",
                     res_type_name(res->sc->type), res->sc->id, who);
            return false;
        }
        res->depth = res->sc->type == RES_RLOCK ? res->depth - 1 : 0;
        if (res->depth > 0) { emit_lock(w, EV_RELEASED, a, r); return true; }
        res->depth = 0;
        emit_lock(w, EV_RELEASED, a, r);
        res->holder = -1;
        prim_lock_handoff(w, r);
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
            complete_flag(w, next, w->actors[next].pending_step, 1);
            emit_ready(w, next);
        } else {
            res->count++;
        }
        return true;
    }
    default: break;
    }
    snprintf(msg, cap, "release on %s \"%s\" is not supported", res_type_name(res->sc->type),
             res->sc->id);
    return false;
}

/* ---- event ---------------------------------------------------------------------- */

bool prim_wait(World *w, int a, int r, const Step *st, char *msg, size_t cap)
{
    RtRes *res = &w->res[r];
    if (res->sc->type == RES_CONDITION) return prim_cond_wait(w, a, r, st, msg, cap);
    if (res->sc->type == RES_BARRIER) return prim_barrier_wait(w, a, r, st, msg, cap);
    if (res->sc->type != RES_EVENT) {
        snprintf(msg, cap, "wait on %s \"%s\" is not supported", res_type_name(res->sc->type),
                 res->sc->id);
        return false;
    }
    if (!res->flag) prim_block(w, a, r, "wait", st);
    else complete_flag(w, a, st, 1);
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
        while ((next = res_wait_pop(res, w->n_actors)) >= 0) {
            complete_flag(w, next, w->actors[next].pending_step, 1);
            emit_ready(w, next);
        }
    }
    return true;
}

/* ---- queue ---------------------------------------------------------------------- */

static bool queue_push(World *w, RtRes *res, const Value *item)
{
    if (res->n_items == res->cap_items) {
        if (res->sc->capacity > 0 || res->cap_items >= RT_QUEUE_ITEMS_MAX) return false;
        int cap = res->cap_items * 2;
        if (cap > RT_QUEUE_ITEMS_MAX) cap = RT_QUEUE_ITEMS_MAX;
        Value *v = world_calloc(w, (size_t)cap, sizeof *v);
        if (!v) return false;
        for (int i = 0; i < res->n_items; i++) v[i] = res->items[(res->head + i) % res->cap_items];
        world_dealloc(w, res->items);
        res->items = v;
        res->head = 0;
        res->cap_items = cap;
    }
    res->items[(res->head + res->n_items) % res->cap_items] = *item;
    res->n_items++;
    if (res->sc->joinable) res->unfinished++;
    return true;
}

static Value queue_pop(RtRes *res)
{
    Value v = res->items[res->head];
    res->head = (res->head + 1) % res->cap_items;
    res->n_items--;
    return v;
}

/* The getter's side of a get that completes: into, ok, then its say. */
static void got_item(World *w, int g, const Step *st, const Value *item)
{
    prim_complete(w, g, st, item, 1);
}

bool prim_put(World *w, int a, int r, const Value *item, const Step *st, char *msg, size_t cap)
{
    RtRes *res = &w->res[r];
    if (res->sc->type != RES_QUEUE) {
        snprintf(msg, cap, "put on %s \"%s\" is not supported", res_type_name(res->sc->type),
                 res->sc->id);
        return false;
    }
    int g = prim_take_waiter(w, r, "get");
    if (g >= 0) {
        /* a getter is waiting, so the queue is empty: hand the item over */
        if (res->sc->joinable) res->unfinished++;
        emit_item(w, EV_PUT, a, r, item);
        emit_item(w, EV_GET, g, r, item);
        got_item(w, g, w->actors[g].pending_step, item);
        emit_ready(w, g);
        complete_flag(w, a, st, 1);
        return true;
    }
    if (res->sc->capacity > 0 && res->n_items >= res->sc->capacity) {
        if (st && !st->blocking) {
            emit_fail(w, a, r, "full");
            complete_flag(w, a, st, 0);
            return true;
        }
        w->actors[a].pending_item = *item;
        prim_block(w, a, r, "put", st);
        return true;
    }
    if (!queue_push(w, res, item)) {
        snprintf(msg, cap, "queue \"%s\" grew beyond %d items", res->sc->id, RT_QUEUE_ITEMS_MAX);
        return false;
    }
    emit_item(w, EV_PUT, a, r, item);
    complete_flag(w, a, st, 1);
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
        if (st && !st->blocking) {
            Value none = value_null();
            emit_fail(w, a, r, "empty");
            prim_complete(w, a, st, &none, 0);
            return true;
        }
        prim_block(w, a, r, "get", st);
        return true;
    }
    Value item = queue_pop(res);
    emit_item(w, EV_GET, a, r, &item);
    got_item(w, a, st, &item);
    int p = prim_take_waiter(w, r, "put");
    if (p >= 0) {
        /* the space just freed takes the first waiting putter's item */
        queue_push(w, res, &w->actors[p].pending_item);
        emit_item(w, EV_PUT, p, r, &w->actors[p].pending_item);
        complete_flag(w, p, w->actors[p].pending_step, 1);
        emit_ready(w, p);
    }
    return true;
}

bool prim_task_done(World *w, int a, int r, char *msg, size_t cap)
{
    RtRes *res = &w->res[r];
    if (res->sc->type != RES_QUEUE || !res->sc->joinable) {
        snprintf(msg, cap, "task_done on %s \"%s\" that is not a joinable queue",
                 res_type_name(res->sc->type), res->sc->id);
        return false;
    }
    if (res->unfinished <= 0) {
        snprintf(msg, cap, "task_done() called too many times on queue \"%s\"", res->sc->id);
        return false;
    }
    res->unfinished--;
    emit_simple(w, EV_TASK_DONE, a, r);
    if (res->unfinished == 0) {
        int j;
        while ((j = prim_take_waiter(w, r, "join")) >= 0) {
            complete_flag(w, j, w->actors[j].pending_step, 1);
            emit_ready(w, j);
        }
    }
    return true;
}

bool prim_join_res(World *w, int a, int r, const Step *st, char *msg, size_t cap)
{
    RtRes *res = &w->res[r];
    if (res->sc->type == RES_POOL) return pool_join(w, a, r, st, msg, cap);
    if (res->sc->type != RES_QUEUE || !res->sc->joinable) {
        snprintf(msg, cap, "join on %s \"%s\" that is not a joinable queue",
                 res_type_name(res->sc->type), res->sc->id);
        return false;
    }
    if (res->unfinished == 0) complete_flag(w, a, st, 1);
    else prim_block(w, a, r, "join", st);
    return true;
}

int prim_holders(const World *w, int r, int *out, int max)
{
    const RtRes *res = &w->res[r];
    int n = 0;
    if (res->sc->type == RES_LOCK || res->sc->type == RES_RLOCK) {
        if (res->holder >= 0 && n < max) out[n++] = res->holder;
    } else if (res->sc->type == RES_SEMAPHORE) {
        for (int a = 0; a < w->n_actors && n < max; a++)
            if (res->permits[a] > 0) out[n++] = a;
    }
    return n;
}

/* prims_sync — condition variables and barriers (SPEC §2, §4).
 *
 * A condition wait releases its lock fully (an rlock's depth is kept in the
 * waiter and restored), blocks on the condition, and once notified (or
 * timed out) waits in the lock's own queue like any acquirer: the lock's
 * hand-off (prims.c) finishes the wait. A barrier counts arrivals; the last
 * one releases every waiter in arrival order and the barrier starts over. */
#include <stdio.h>
#include <string.h>

#include "runtime/world.h"

static int cond_lock(const World *w, int r)
{
    int l = w->res[r].sc->lock;
    return l >= 0 && l < w->n_res ? l : -1;
}

bool prim_cond_wait(World *w, int a, int r, const Step *st, char *msg, size_t cap)
{
    int l = cond_lock(w, r);
    RtRes *lock = l >= 0 ? &w->res[l] : NULL;
    if (!lock || lock->holder != a) {
        snprintf(msg, cap, "wait on condition \"%s\" without holding its lock \"%s\"",
                 w->res[r].sc->id, lock ? lock->sc->id : "?");
        return false;
    }
    RtActor *ac = &w->actors[a];
    ac->restore_depth = lock->depth > 0 ? lock->depth : 1;
    lock->depth = 0;
    lock->holder = -1;
    Event ev;
    event_init(&ev, EV_RELEASED);
    ev.actor = a;
    ev.res = l;
    if (lock->sc->type == RES_RLOCK) ev.depth = 0;
    emit(w, &ev);
    prim_block(w, a, r, "wait", st);
    ac->cond = r;
    prim_lock_handoff(w, l);
    return true;
}

/* A notified or timed-out condition waiter goes after the lock. */
void prims_cond_reacquire(World *w, int x, int r)
{
    int l = cond_lock(w, r);
    RtActor *ac = &w->actors[x];
    if (l < 0) { ac->cond = -1; emit_ready(w, x); return; }
    RtRes *lock = &w->res[l];
    if (lock->holder < 0 && lock->n_waiters == 0) {
        lock->holder = x;
        lock->depth = ac->restore_depth > 0 ? ac->restore_depth : 1;
        Event ev;
        event_init(&ev, EV_ACQUIRED);
        ev.actor = x;
        ev.res = l;
        if (lock->sc->type == RES_RLOCK) ev.depth = lock->depth;
        emit(w, &ev);
        ac->cond = -1;
        if (prim_says_after(ac->pending_step)) interp_say(w, x, ac->pending_step);
        emit_ready(w, x);
    } else {
        /* it keeps cond: the lock's hand-off restores the depth and ends the wait */
        emit_blocked(w, x, l, "acquire");
    }
}

bool prim_notify(World *w, int a, int r, int n, char *msg, size_t cap)
{
    RtRes *res = &w->res[r];
    int l = cond_lock(w, r);
    if (res->sc->type != RES_CONDITION || l < 0) {
        snprintf(msg, cap, "notify on %s \"%s\" that is not a condition", res_type_name(res->sc->type),
                 res->sc->id);
        return false;
    }
    if (w->res[l].holder != a) {
        snprintf(msg, cap, "notify on condition \"%s\" without holding its lock \"%s\"", res->sc->id,
                 w->res[l].sc->id);
        return false;
    }
    Event ev;
    event_init(&ev, EV_NOTIFY);
    ev.actor = a;
    ev.res = r;
    ev.n = n;
    emit(w, &ev);
    for (int k = 0; n < 0 || k < n; k++) {
        int x = prim_take_waiter(w, r, "wait");
        if (x < 0) break;
        RtActor *xa = &w->actors[x];
        if (xa->has_timeout) {
            world_dl_cancel(w, DL_TIMEOUT, x);
            xa->has_timeout = false;
        }
        if (xa->pending_step && xa->pending_step->into[0]) {
            Value one = value_int(1);
            interp_set_local(xa, xa->pending_step->into, &one);
        }
        prims_cond_reacquire(w, x, r);
    }
    return true;
}

bool prim_barrier_wait(World *w, int a, int r, const Step *st, char *msg, size_t cap)
{
    (void)msg; (void)cap;
    RtRes *res = &w->res[r];
    int parties = res->sc->parties > 0 ? res->sc->parties : 1;
    int idx = res->arrived++;
    Event ev;
    event_init(&ev, EV_ARRIVE);
    ev.actor = a;
    ev.res = r;
    ev.value = idx;
    emit(w, &ev);
    if (st && st->into[0]) {
        Value v = value_int(idx);
        interp_set_local(&w->actors[a], st->into, &v);
    }
    if (res->arrived < parties) {
        prim_block(w, a, r, "wait", st);
        return true;
    }
    res->arrived = 0;
    emit_simple(w, EV_PASSED, a, r);
    int x;
    while ((x = prim_take_waiter(w, r, "wait")) >= 0) {
        if (prim_says_after(w->actors[x].pending_step)) interp_say(w, x, w->actors[x].pending_step);
        emit_ready(w, x);
    }
    if (prim_says_after(st)) interp_say(w, a, st);
    return true;
}

/* life — an actor's lifecycle beyond its own script: start (autostart
 * false), join on an actor or a group (with a timeout), terminate, what an
 * ending actor releases for others (joiners, pipe ends), expired timeouts
 * (fail why timeout), and the priority policy's preemption. */
#include <stdio.h>
#include <string.h>

#include "runtime/world.h"

static bool ended(const RtActor *ac)
{
    return ac->state == RS_DONE || ac->state == RS_ERROR || ac->state == RS_KILLED;
}

static bool targets_ok(const World *w, const Step *st, char *msg, size_t cap)
{
    if (!st || st->target < 0 || st->n_targets < 1 || st->target + st->n_targets > w->n_actors) {
        snprintf(msg, cap, "unknown actor");
        return false;
    }
    return true;
}

bool life_start(World *w, int a, const Step *st, char *msg, size_t cap)
{
    if (!targets_ok(w, st, msg, cap)) return false;
    for (int t = st->target; t < st->target + st->n_targets; t++) {
        RtActor *tc = &w->actors[t];
        if (tc->sc->autostart || tc->ever_started || tc->state != RS_NEW) {
            snprintf(msg, cap, "start of actor \"%s\" that was already started", tc->sc->id);
            return false;
        }
    }
    for (int t = st->target; t < st->target + st->n_targets; t++) {
        RtActor *tc = &w->actors[t];
        tc->ever_started = true;
        if (!tc->sc->daemon) w->live_nondaemon++;
        Event ev;
        event_init(&ev, EV_START);
        ev.actor = a;
        ev.target = t;
        emit(w, &ev);
        emit_ready(w, t);
    }
    return true;
}

/* The first target of st that has not ended; -1 when all have. */
static int first_alive(const World *w, const Step *st)
{
    for (int t = st->target; t < st->target + st->n_targets; t++)
        if (!ended(&w->actors[t])) return t;
    return -1;
}

bool life_join(World *w, int a, const Step *st, char *msg, size_t cap)
{
    if (!targets_ok(w, st, msg, cap)) return false;
    if (a >= st->target && a < st->target + st->n_targets) {
        snprintf(msg, cap, "join of \"%s\" by itself", w->actors[a].sc->id);
        return false;
    }
    int t = first_alive(w, st);
    RtActor *ac = &w->actors[a];
    if (t < 0) {
        Value one = value_int(1);
        prim_complete(w, a, st, &one, -1);
        return true;
    }
    emit_leave_cpu(w, a);
    ac->state = RS_BLOCKED;
    ac->res = -1;
    ac->target = t;
    ac->pending_step = st;
    ac->block_order = w->seq;
    snprintf(ac->op, sizeof ac->op, "join");
    Event ev;
    event_init(&ev, EV_BLOCKED);
    ev.actor = a;
    ev.target = t;
    snprintf(ev.op, sizeof ev.op, "join");
    emit(w, &ev);
    if (st->timeout_ms >= 0) {
        int64_t ms = st->timeout_ms > RT_MAX_US / 1000 / 4 ? RT_MAX_US / 1000 / 4 : st->timeout_ms;
        world_dl_push(w, w->now + ms * 1000, DL_TIMEOUT, a);
        ac->has_timeout = true;
    }
    return true;
}

bool life_terminate(World *w, int a, const Step *st, char *msg, size_t cap)
{
    if (!targets_ok(w, st, msg, cap)) return false;
    if (!w->procs) { /* a thread cannot be killed; processes mode has the kill (proc.c) */
        /* the file said processes (the loader checks it), run --mode threads overrode it */
        snprintf(msg, cap, "terminate needs processes mode, and this run is threads "
                           "(--mode threads; a thread cannot be killed)");
        return false;
    }
    if (a >= st->target && a < st->target + st->n_targets) {
        snprintf(msg, cap, "terminate of \"%s\" by itself", w->actors[a].sc->id);
        return false;
    }
    for (int t = st->target; t < st->target + st->n_targets; t++) {
        Event ev;
        event_init(&ev, EV_TERMINATE);
        ev.actor = a;
        ev.target = t;
        emit(w, &ev);
        proc_terminate(w, t); /* false: it had ended already, a no-op as in Python */
    }
    return true;
}

void life_actor_ended(World *w, int a)
{
    if (w->finishing) return;
    /* joiners of a, in the order they blocked */
    for (;;) {
        int best = -1;
        for (int j = 0; j < w->n_actors; j++) {
            RtActor *jc = &w->actors[j];
            if (jc->state != RS_BLOCKED || jc->target != a || strcmp(jc->op, "join") != 0) continue;
            if (best < 0 || jc->block_order < w->actors[best].block_order) best = j;
        }
        if (best < 0) break;
        RtActor *jc = &w->actors[best];
        int next = jc->pending_step ? first_alive(w, jc->pending_step) : -1;
        if (next >= 0) { jc->target = next; continue; } /* a group: wait for the next member */
        jc->target = -1;
        Value one = value_int(1);
        prim_complete(w, best, jc->pending_step, &one, -1);
        emit_ready(w, best);
    }
    pipes_actor_ended(w, a);
}

void life_timeout(World *w, int a)
{
    RtActor *ac = &w->actors[a];
    if (ac->state != RS_BLOCKED || !ac->has_timeout) return;
    ac->has_timeout = false;
    const Step *st = ac->pending_step;
    Event ev;
    event_init(&ev, EV_FAIL);
    ev.actor = a;
    snprintf(ev.text, sizeof ev.text, "timeout");
    if (ac->res < 0) {
        ev.target = ac->target;
        ac->target = -1;
        emit(w, &ev);
        Value zero = value_int(0);
        prim_complete(w, a, st, &zero, -1);
        emit_ready(w, a);
        return;
    }
    int r = ac->res;
    RtRes *res = &w->res[r];
    res_wait_remove(res, a, w->n_actors);
    ev.res = r;
    emit(w, &ev);
    if (res->sc->type == RES_CONDITION && ac->cond >= 0) {
        if (st && st->into[0]) {
            Value zero = value_int(0);
            interp_set_local(ac, st->into, &zero);
        }
        prims_cond_reacquire(w, a, r);
        return;
    }
    if (res->sc->type == RES_BARRIER && res->arrived > 0) res->arrived--;
    if (st && (st->kind == ST_GET || st->kind == ST_RECV)) {
        Value none = value_null();
        prim_complete(w, a, st, &none, 0);
    } else if (!(res->sc->type == RES_BARRIER)) {
        Value zero = value_int(0);
        prim_complete(w, a, st, &zero, -1);
    }
    emit_ready(w, a);
}

/* priority: while a ready actor outranks the lowest running one (and no CPU
 * is free), that one goes back to the ready queue with its work left. */
void life_preempt_check(World *w)
{
    if (w->sc->policy != POL_PRIORITY) return;
    int cpus = w->sc->cpus >= 1 ? w->sc->cpus : 1;
    for (;;) {
        if (w->n_ready == 0) return;
        int best = -1;
        for (int k = 0; k < w->n_ready; k++) {
            int x = w->ready[(w->r_head + k) % w->n_actors];
            if (best < 0 || w->actors[x].sc->priority > w->actors[best].sc->priority) best = x;
        }
        int low = -1;
        for (int c = 0; c < cpus; c++) {
            int x = w->cpu_actor[c];
            if (x < 0) return; /* a free CPU: dispatch takes the best */
            /* the lowest priority; among equals the one that got its CPU last */
            if (low < 0 || w->actors[x].sc->priority < w->actors[low].sc->priority ||
                (w->actors[x].sc->priority == w->actors[low].sc->priority &&
                 w->actors[x].running_since >= w->actors[low].running_since))
                low = x;
        }
        if (low < 0 || w->actors[best].sc->priority <= w->actors[low].sc->priority) return;
        RtActor *lc = &w->actors[low];
        /* give back the part of its current chunk not yet run */
        world_dl_cancel(w, DL_STEP, low);
        if (lc->step_dl_t > w->now) lc->work_left += lc->step_dl_t - w->now;
        emit_leave_cpu(w, low);
        emit_ready(w, low);
    }
}

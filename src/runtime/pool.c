/* pool — multiprocessing.Pool: submit (apply / apply_async with a
 * callback), close, join, and the turns of its worker actors and callback
 * runner (daemons the loader appends, role "worker" / "callback").
 *
 * Tasks are numbered from 1 per pool and start in submit order (the task
 * queue is RtRes.next_task .. n_tasks). A worker runs the task's script with
 * the submit's args as locals and ends it with task_end (its `result`
 * local). Finished tasks with a callback queue up for the callback runner in
 * completion order. A task is finished once its callback (if any) ran;
 * join (on a closed pool) waits until every task is. Blocked ops: an idle
 * worker or callback runner "get", an apply submitter "wait", a joiner
 * "join" — all on the pool. */
#include <stdio.h>
#include <string.h>

#include "runtime/world.h"

static bool is_worker(const RtActor *ac) { return strcmp(ac->sc->role, "worker") == 0; }

static RtTask *task_of(RtRes *res, int64_t id)
{
    return id >= 1 && id <= res->n_tasks ? &res->tasks[id - 1] : NULL;
}

static void emit_task(World *w, EvKind k, int a, int r, int64_t task, const Value *item)
{
    Event ev;
    event_init(&ev, k);
    ev.actor = a;
    ev.res = r;
    ev.task = task;
    if (item) ev.item = *item;
    emit(w, &ev);
}

/* The first idle worker (or the idle callback runner) of pool r, taken out
 * of its wait queue; -1 if none. */
static int take_idle(World *w, int r, bool worker)
{
    RtRes *res = &w->res[r];
    int n = w->n_actors;
    for (int i = 0; i < res->n_waiters; i++) {
        int x = res->waiters[(res->w_head + i) % n];
        if (is_worker(&w->actors[x]) != worker || strcmp(w->actors[x].op, "get") != 0) continue;
        res_wait_remove(res, x, n);
        return x;
    }
    return -1;
}

/* Every joiner of a closed pool with nothing left to do goes on. */
static void wake_joiners(World *w, int r)
{
    RtRes *res = &w->res[r];
    if (!res->closed || res->unfinished > 0) return;
    int j;
    while ((j = prim_take_waiter(w, r, "join")) >= 0) {
        Value one = value_int(1);
        prim_complete(w, j, w->actors[j].pending_step, &one, -1);
        emit_ready(w, j);
    }
}

/* a's stack and locals for the task's script (or its callback). */
static void setup(World *w, int a)
{
    RtActor *ac = &w->actors[a];
    RtRes *res = &w->res[ac->sc->pool];
    RtTask *t = task_of(res, ac->task);
    ac->task_fresh = false;
    ac->n_locals = 0;
    ac->depth = 1;
    ac->unwinding = false;
    if (!t) { ac->stack[0] = (Frame){.kind = FR_ROOT}; return; }
    const StepList *list = is_worker(ac) ? t->st->script : t->st->callback;
    ac->stack[0] = (Frame){.kind = FR_ROOT, .list = list, .pc = 0};
    if (is_worker(ac)) {
        for (int i = 0; i < t->st->n_args; i++) interp_set_local(ac, t->st->arg_names[i], &t->args[i]);
    } else {
        interp_set_local(ac, "result", &t->result);
    }
}

/* An idle worker or callback runner takes the next thing to do, or blocks. */
static void take_or_block(World *w, int a)
{
    RtActor *ac = &w->actors[a];
    int r = ac->sc->pool;
    RtRes *res = &w->res[r];
    ac->task = 0;
    if (is_worker(ac) && res->next_task < res->n_tasks) {
        ac->task = ++res->next_task;
        emit_task(w, EV_TASK_START, a, r, ac->task, NULL);
        setup(w, a);
    } else if (!is_worker(ac) && res->n_cb > 0) {
        ac->task = res->cb_queue[res->cb_head++];
        res->n_cb--;
        emit_task(w, EV_CALLBACK, a, r, ac->task, NULL);
        setup(w, a);
    } else {
        prim_block(w, a, r, "get", NULL);
    }
}

bool pool_actor_step(World *w, int a)
{
    RtActor *ac = &w->actors[a];
    if (ac->sc->pool < 0 || ac->sc->pool >= w->n_res || w->res[ac->sc->pool].sc->type != RES_POOL)
        return false;
    if (ac->task == 0) { take_or_block(w, a); return true; }
    if (ac->task_fresh) setup(w, a);
    return false;
}

static bool push_cb(World *w, RtRes *res, int64_t id)
{
    if (res->cb_head + res->n_cb >= res->cap_cb) {
        if (res->cb_head > 0) { /* slide down first */
            memmove(res->cb_queue, res->cb_queue + res->cb_head, (size_t)res->n_cb * sizeof *res->cb_queue);
            res->cb_head = 0;
        }
        if (res->n_cb >= res->cap_cb) {
            int cap = res->cap_cb ? res->cap_cb * 2 : 16;
            int64_t *q = world_calloc(w, (size_t)cap, sizeof *q);
            if (!q) return false;
            if (res->n_cb) memcpy(q, res->cb_queue, (size_t)res->n_cb * sizeof *q);
            world_dealloc(w, res->cb_queue);
            res->cb_queue = q;
            res->cap_cb = cap;
        }
    }
    res->cb_queue[res->cb_head + res->n_cb++] = id;
    return true;
}

void pool_actor_end_of_script(World *w, int a)
{
    RtActor *ac = &w->actors[a];
    int r = ac->sc->pool;
    RtRes *res = &w->res[r];
    RtTask *t = task_of(res, ac->task);
    if (t && is_worker(ac)) {
        t->result = value_null();
        for (int i = 0; i < ac->n_locals; i++)
            if (strcmp(ac->locals[i].name, "result") == 0) t->result = ac->locals[i].v;
        emit_task(w, EV_TASK_END, a, r, ac->task, &t->result);
        if (t->st->wait && res_wait_remove(res, t->submitter, w->n_actors)) {
            prim_complete(w, t->submitter, t->st, &t->result, -1);
            emit_ready(w, t->submitter);
        }
        int cb = -1;
        if (t->st->callback && push_cb(w, res, ac->task)) {
            cb = take_idle(w, r, false);
            if (cb >= 0) {
                RtActor *cr = &w->actors[cb];
                cr->task = res->cb_queue[res->cb_head++];
                res->n_cb--;
                cr->task_fresh = true;
                emit_task(w, EV_CALLBACK, cb, r, cr->task, NULL);
                emit_ready(w, cb);
            }
        } else {
            res->unfinished--;
            wake_joiners(w, r);
        }
    } else if (t) {
        res->unfinished--;
        wake_joiners(w, r);
    }
    take_or_block(w, a);
}

bool pool_submit(World *w, int a, int r, const Step *st, const Value *args, char *msg, size_t cap)
{
    RtRes *res = &w->res[r];
    if (res->sc->type != RES_POOL) {
        snprintf(msg, cap, "submit on %s \"%s\" is not supported", res_type_name(res->sc->type), res->sc->id);
        return false;
    }
    if (res->closed) {
        snprintf(msg, cap, "submit to pool \"%s\" after its close", res->sc->id);
        return false;
    }
    if (res->n_tasks == res->cap_tasks) {
        int ncap = res->cap_tasks ? res->cap_tasks * 2 : 16;
        if (ncap > 1000000) { snprintf(msg, cap, "pool \"%s\" got too many tasks", res->sc->id); return false; }
        RtTask *v = world_calloc(w, (size_t)ncap, sizeof *v);
        if (!v) { snprintf(msg, cap, "out of memory"); return false; }
        if (res->n_tasks) memcpy(v, res->tasks, (size_t)res->n_tasks * sizeof *v);
        world_dealloc(w, res->tasks);
        res->tasks = v;
        res->cap_tasks = ncap;
    }
    RtTask *t = &res->tasks[res->n_tasks];
    memset(t, 0, sizeof *t);
    t->st = st;
    t->submitter = a;
    t->result = value_null();
    if (st->n_args > 0) {
        t->args = world_calloc(w, (size_t)st->n_args, sizeof *t->args);
        if (!t->args) { snprintf(msg, cap, "out of memory"); return false; }
        for (int i = 0; i < st->n_args; i++) t->args[i] = args[i];
    }
    int64_t id = ++res->n_tasks;
    res->unfinished++;
    Event ev;
    event_init(&ev, EV_SUBMIT);
    ev.actor = a;
    ev.res = r;
    ev.task = id;
    snprintf(ev.text, sizeof ev.text, "%s", st->script_name);
    emit(w, &ev);
    /* an idle worker takes it at once (hand-off) */
    int x = take_idle(w, r, true);
    if (x >= 0) {
        RtActor *wk = &w->actors[x];
        wk->task = ++res->next_task;
        wk->task_fresh = true;
        emit_task(w, EV_TASK_START, x, r, wk->task, NULL);
        emit_ready(w, x);
    }
    if (st->wait) {
        prim_block(w, a, r, "wait", NULL); /* apply has no timeout */
        w->actors[a].pending_step = st;
    }
    return true;
}

bool pool_close(World *w, int a, int r, char *msg, size_t cap)
{
    (void)msg; (void)cap;
    RtRes *res = &w->res[r];
    res->closed = true;
    emit_simple(w, EV_CLOSE, a, r);
    wake_joiners(w, r);
    return true;
}

bool pool_join(World *w, int a, int r, const Step *st, char *msg, size_t cap)
{
    RtRes *res = &w->res[r];
    if (!res->closed) {
        snprintf(msg, cap, "join on pool \"%s\" that is not closed", res->sc->id);
        return false;
    }
    if (res->unfinished == 0) {
        Value one = value_int(1);
        prim_complete(w, a, st, &one, -1);
    } else {
        prim_block(w, a, r, "join", st);
    }
    return true;
}

/* model_prims — the rules of the issue-3 primitives (docs/FORMAT.md
 * "Events of the remaining primitives"): condition, barrier, joinable
 * queue, pipe, pool and the lifecycle (start, join, terminate,
 * owner_dead). model.c calls in here for these kinds and for a blocked
 * actor's wake-up; the same check-then-change split applies: a check
 * changes nothing visible, a change cannot fail. Pure, like model.c. */
#include <stdlib.h>
#include <string.h>

#include "core/model_priv.h"

/* ---- per-resource state ---------------------------------------------------- */

bool prims_init_res(Model *m, int r)
{
    const ScResource *sr = &m->hdr->res[r];
    if (sr->type != RES_PIPE) return true;
    int n = m->hdr->n_actors;
    m->res[r].ends = malloc(n ? (size_t)n : 1);
    if (!m->res[r].ends) return false;
    memset(m->res[r].ends, 3, n ? (size_t)n : 1); /* as after fork: both ends */
    return true;
}

void prims_free_res(MResource *r)
{
    idlist_free(&r->arrived);
    free(r->ends);
    free(r->back);
    free(r->tasks);
    free(r->done);
    r->ends = NULL;
    r->back = NULL;
    r->tasks = NULL;
    r->done = NULL;
}

static void *dup_mem(const void *p, size_t n)
{
    if (!p || !n) return NULL;
    void *d = malloc(n);
    if (d) memcpy(d, p, n);
    return d;
}

bool prims_copy_res(MResource *d, const MResource *s, int n_actors)
{
    d->arrived = (IdList){0};
    d->ends = dup_mem(s->ends, s->ends ? (size_t)(n_actors ? n_actors : 1) : 0);
    d->back = dup_mem(s->back, (size_t)s->n_back * sizeof *s->back);
    d->tasks = dup_mem(s->tasks, (size_t)s->n_tasks * sizeof *s->tasks);
    d->done = dup_mem(s->done, (size_t)s->n_done * sizeof *s->done);
    d->cap_back = s->n_back;
    d->cap_tasks = s->n_tasks;
    d->cap_done = s->n_done;
    bool ok = (!s->ends || d->ends) && (!s->n_back || d->back) && (!s->n_tasks || d->tasks) &&
              (!s->n_done || d->done);
    if (ok && s->arrived.n) {
        ok = model_idlist_reserve(&d->arrived, s->arrived.n);
        if (ok) {
            memcpy(d->arrived.v, s->arrived.v, (size_t)s->arrived.n * sizeof *s->arrived.v);
            d->arrived.n = s->arrived.n;
        }
    }
    if (!ok) {
        prims_free_res(d);
        d->n_back = d->n_tasks = d->n_done = 0;
    }
    return ok;
}

static bool grow(void **p, int *cap, int need, size_t size)
{
    if (need <= *cap) return true;
    int c = *cap ? *cap * 2 : 4;
    while (c < need) c *= 2;
    void *v = realloc(*p, (size_t)c * size);
    if (!v) return false;
    *p = v;
    *cap = c;
    return true;
}

/* ---- pipes ----------------------------------------------------------------------- */

/* The bit of an end name for this pipe, 0 if it has no such end. */
static unsigned end_bit(const ScResource *sr, const char *end)
{
    if (sr->duplex) return strcmp(end, "a") == 0 ? 1u : strcmp(end, "b") == 0 ? 2u : 0u;
    return strcmp(end, "read") == 0 ? 1u : strcmp(end, "write") == 0 ? 2u : 0u;
}

/* The buffer of a pipe read at end bit rbit: simplex "read" and duplex
 * "b" read items; duplex "a" reads back. */
typedef struct Buf {
    Value **v;
    int *n, *cap;
} Buf;

static Buf buf_read_at(const ScResource *sr, MResource *r, unsigned rbit)
{
    if (sr->duplex && rbit == 1u) return (Buf){&r->back, &r->n_back, &r->cap_back};
    return (Buf){&r->items, &r->n_items, &r->cap_items};
}

/* A send on end sbit lands where the other end reads. */
static Buf buf_sent_from(const ScResource *sr, MResource *r, unsigned sbit)
{
    return buf_read_at(sr, r, sr->duplex ? (sbit == 1u ? 2u : 1u) : 1u);
}

/* Whether some live actor still holds the end that feeds a reader on bit. */
static bool writer_alive(const Model *m, int res, unsigned read_bit)
{
    const ScResource *sr = &m->hdr->res[res];
    unsigned w = sr->duplex ? (read_bit == 1u ? 2u : 1u) : 2u;
    for (int i = 0; i < m->hdr->n_actors; i++)
        if (live(m->actors[i].state) && (m->res[res].ends[i] & w)) return true;
    return false;
}

/* ---- pools ------------------------------------------------------------------------ */

static bool pool_worker_of(const Model *m, int actor, int pool, const char *role)
{
    const ScActor *sa = &m->hdr->actors[actor];
    return sa->pool == pool && strcmp(sa->role, role) == 0;
}

/* Tasks submitted and not finished: queued, or running on a worker. */
static bool pool_busy(const Model *m, int pool)
{
    if (m->res[pool].n_tasks > 0) return true;
    for (int i = 0; i < m->hdr->n_actors; i++)
        if (m->actors[i].task > 0 && m->hdr->actors[i].pool == pool) return true;
    return false;
}

static int find_done(const MResource *r, int64_t task)
{
    for (int i = 0; i < r->n_done; i++)
        if (r->done[i].task == task) return i;
    return -1;
}

/* A pool's hand-off to an idle worker or callback runner (blocked on the
 * pool): workers take tasks in the order they queued. */
static bool pool_handoff_ok(const Model *m, const Event *ev, const char *role, Err *err)
{
    const MActor *a = &m->actors[ev->actor];
    unsigned long long seq = (unsigned long long)ev->seq;
    if (a->state == AS_RUNNING) return true;
    if (a->state != AS_BLOCKED || a->res != ev->res) return model_need_running(m, ev, err);
    const IdList *w = &m->res[ev->res].waiters;
    for (int i = 0; i < w->n; i++) {
        if (!pool_worker_of(m, w->v[i], ev->res, role)) continue;
        if (w->v[i] == ev->actor) return true;
        return FAIL("seq %llu: pool \"%s\" hands task %lld to \"%s\", but \"%s\" has waited longer", seq,
                    rid(m, ev->res), (long long)ev->task, aid(m, ev->actor), aid(m, w->v[i]));
    }
    return true;
}

/* ---- blocked and its wake-up -------------------------------------------------------- */

bool prims_check_blocked(Model *m, const Event *ev, Err *err)
{
    unsigned long long seq = (unsigned long long)ev->seq;
    const char *who = aid(m, ev->actor);
    if (ev->res < 0) { /* a join on an actor */
        if (strcmp(ev->op, "join") != 0)
            return FAIL("seq %llu: \"%s\" blocked on actor \"%s\" with op \"%s\" (want join)", seq, who,
                        aid(m, ev->target), ev->op);
        if (ev->target == ev->actor) return FAIL("seq %llu: \"%s\" joins itself", seq, who);
        if (!live(m->actors[ev->target].state))
            return FAIL("seq %llu: \"%s\" blocked joining \"%s\", which has already ended", seq, who,
                        aid(m, ev->target));
        return true;
    }
    const ScResource *sr = &m->hdr->res[ev->res];
    MResource *r = &m->res[ev->res];
    switch (sr->type) {
    case RES_CONDITION: {
        const Event *l = &m->last;
        if (strcmp(ev->op, "wait") != 0)
            return FAIL("seq %llu: blocked on condition \"%s\" with op \"%s\" (want wait)", seq, sr->id, ev->op);
        if (l->kind != EV_RELEASED || l->actor != ev->actor || l->res != sr->lock ||
            m->res[sr->lock].holders.n != 0)
            return FAIL("seq %llu: \"%s\" waits on condition \"%s\" without first releasing its lock \"%s\"",
                        seq, who, sr->id, rid(m, sr->lock));
        break;
    }
    case RES_BARRIER:
        if (idlist_find(&r->arrived, ev->actor) < 0)
            return FAIL("seq %llu: \"%s\" blocked on barrier \"%s\" before its \"arrive\"", seq, who, sr->id);
        if (r->arrived.n >= sr->parties)
            return FAIL("seq %llu: \"%s\" blocked on barrier \"%s\", which is full (%d of %d)", seq, who,
                        sr->id, r->arrived.n, sr->parties);
        break;
    case RES_QUEUE: /* op join (put/get in model.c) */
        if (!sr->joinable)
            return FAIL("seq %llu: \"%s\" joins queue \"%s\", which is not joinable", seq, who, sr->id);
        if (r->unfinished == 0)
            return FAIL("seq %llu: \"%s\" blocked joining queue \"%s\", which has no unfinished items", seq,
                        who, sr->id);
        break;
    case RES_PIPE:
        if (!sr->duplex && (r->n_items > 0 || !writer_alive(m, ev->res, 1u)))
            return FAIL("seq %llu: \"%s\" blocked on pipe \"%s\", which %s", seq, who, sr->id,
                        r->n_items > 0 ? "holds items" : "no live actor can write to (EOF)");
        break;
    case RES_POOL:
        if (strcmp(ev->op, "join") == 0) {
            if (!r->closed)
                return FAIL("seq %llu: \"%s\" joins pool \"%s\" before its close", seq, who, sr->id);
            if (!pool_busy(m, ev->res))
                return FAIL("seq %llu: \"%s\" blocked joining pool \"%s\", which is idle", seq, who, sr->id);
        }
        break;
    default: break;
    }
    return model_idlist_reserve(&r->waiters, r->waiters.n + 1) || FAIL("out of memory");
}

bool prims_check_wake(const Model *m, const Event *ev, Err *err)
{
    const MActor *a = &m->actors[ev->actor];
    unsigned long long seq = (unsigned long long)ev->seq;
    const char *who = aid(m, ev->actor);
    if (a->timed_out || a->woken) return true;
    if (a->res < 0) {
        if (a->target >= 0 && live(m->actors[a->target].state))
            return FAIL("seq %llu: \"%s\" woke up while \"%s\", which it joins, still runs", seq, who,
                        aid(m, a->target));
        return true;
    }
    const ScResource *sr = &m->hdr->res[a->res];
    const MResource *r = &m->res[a->res];
    switch (sr->type) {
    case RES_EVENT: return true; /* its flag: checked in model.c */
    case RES_QUEUE:
        if (strcmp(a->op, "join") == 0) {
            if (r->unfinished > 0)
                return FAIL("seq %llu: \"%s\" woke up joining queue \"%s\" with %lld unfinished", seq, who,
                            sr->id, (long long)r->unfinished);
            return true;
        }
        break;
    case RES_POOL:
        if (strcmp(a->op, "join") != 0) break; /* a task or callback to run, a result: a hand-off */
        if (pool_busy(m, a->res))
            return FAIL("seq %llu: \"%s\" woke up joining pool \"%s\" while tasks remain", seq, who, sr->id);
        return true;
    case RES_CONDITION:
        return FAIL("seq %llu: \"%s\" woke up on condition \"%s\" without being notified and taking "
                    "lock \"%s\"", seq, who, sr->id, rid(m, sr->lock));
    case RES_BARRIER:
        return FAIL("seq %llu: \"%s\" woke up on barrier \"%s\" before it passed", seq, who, sr->id);
    default: break;
    }
    return FAIL("seq %llu: \"%s\" woke up on %s \"%s\" with no hand-off", seq, who, model_rtype(m, a->res),
                sr->id);
}

/* ---- the new kinds ---------------------------------------------------------------- */

static bool need_pipe_end(const Model *m, const Event *ev, bool reading, unsigned *bit, Err *err)
{
    const ScResource *sr = &m->hdr->res[ev->res];
    unsigned long long seq = (unsigned long long)ev->seq;
    *bit = end_bit(sr, ev->end);
    if (!*bit || (!sr->duplex && *bit != (reading ? 1u : 2u)))
        return FAIL("seq %llu: \"%s\" on end \"%s\" of %s pipe \"%s\" (want %s)", seq,
                    event_kind_name(ev->kind), ev->end, sr->duplex ? "duplex" : "simplex", sr->id,
                    sr->duplex ? "a or b" : reading ? "read" : "write");
    if (!(m->res[ev->res].ends[ev->actor] & *bit))
        return FAIL("seq %llu: \"%s\" uses end \"%s\" of pipe \"%s\", which it has closed", seq,
                    aid(m, ev->actor), ev->end, sr->id);
    return true;
}

static bool check_recv(Model *m, const Event *ev, Err *err)
{
    const ScResource *sr = &m->hdr->res[ev->res];
    MResource *r = &m->res[ev->res];
    const MActor *a = &m->actors[ev->actor];
    unsigned long long seq = (unsigned long long)ev->seq;
    unsigned bit;
    if (a->state != AS_RUNNING && !(a->state == AS_BLOCKED && a->res == ev->res))
        return model_need_running(m, ev, err);
    if (!need_pipe_end(m, ev, true, &bit, err)) return false;
    Buf b = buf_read_at(sr, r, bit);
    if (ev->ok == 0) {
        if (*b.n > 0)
            return FAIL("seq %llu: EOF on pipe \"%s\" while it holds %d items", seq, sr->id, *b.n);
        if (writer_alive(m, ev->res, bit))
            return FAIL("seq %llu: EOF on pipe \"%s\" while a live actor still holds its write end", seq,
                        sr->id);
        return true;
    }
    if (*b.n == 0) return FAIL("seq %llu: recv from empty pipe \"%s\"", seq, sr->id);
    if (!value_eq(&(*b.v)[0], &ev->item)) {
        char got[VALUE_STR_MAX * 2 + 8], head[VALUE_STR_MAX * 2 + 8];
        value_to_json(&ev->item, got, sizeof got);
        value_to_json(&(*b.v)[0], head, sizeof head);
        return FAIL("seq %llu: recv from pipe \"%s\" took %s, but its head is %s", seq, sr->id, got, head);
    }
    return true;
}

bool prims_check(Model *m, const Event *ev, Err *err)
{
    const Scenario *h = m->hdr;
    unsigned long long seq = (unsigned long long)ev->seq;
    const char *who = aid(m, ev->actor);
    const ScResource *sr = ev->res >= 0 ? &h->res[ev->res] : NULL;
    MResource *r = ev->res >= 0 ? &m->res[ev->res] : NULL;
    const MActor *a = &m->actors[ev->actor];
    switch (ev->kind) {
    case EV_NOTIFY:
        if (!model_need_type(m, ev, RES_CONDITION, RES_CONDITION, err) || !model_need_running(m, ev, err))
            return false;
        if (ev->n < -1) return FAIL("seq %llu: notify of %d waiters", seq, ev->n);
        if (m->res[sr->lock].holders.n == 0 || m->res[sr->lock].holders.v[0] != ev->actor)
            return FAIL("seq %llu: \"%s\" notifies condition \"%s\" without holding its lock \"%s\"", seq, who,
                        sr->id, rid(m, sr->lock));
        return true;
    case EV_ARRIVE:
        if (!model_need_type(m, ev, RES_BARRIER, RES_BARRIER, err) || !model_need_running(m, ev, err))
            return false;
        if (r->arrived.n >= sr->parties)
            return FAIL("seq %llu: \"%s\" arrives at barrier \"%s\", which is full", seq, who, sr->id);
        if (ev->value != r->arrived.n)
            return FAIL("seq %llu: \"%s\" arrives at barrier \"%s\" as number %lld, want %d", seq, who,
                        sr->id, (long long)ev->value, r->arrived.n);
        return model_idlist_reserve(&r->arrived, r->arrived.n + 1) || FAIL("out of memory");
    case EV_PASSED:
        if (!model_need_type(m, ev, RES_BARRIER, RES_BARRIER, err) || !model_need_running(m, ev, err))
            return false;
        if (r->arrived.n < sr->parties)
            return FAIL("seq %llu: barrier \"%s\" passed with %d of %d parties arrived", seq, sr->id,
                        r->arrived.n, sr->parties);
        if (r->arrived.v[r->arrived.n - 1] != ev->actor)
            return FAIL("seq %llu: barrier \"%s\" passed by \"%s\", not by the last to arrive \"%s\"", seq,
                        sr->id, who, aid(m, r->arrived.v[r->arrived.n - 1]));
        return true;
    case EV_TASK_DONE:
        if (!model_need_type(m, ev, RES_QUEUE, RES_QUEUE, err) || !model_need_running(m, ev, err))
            return false;
        if (!sr->joinable) return FAIL("seq %llu: task_done on queue \"%s\", which is not joinable", seq, sr->id);
        if (r->unfinished <= 0)
            return FAIL("seq %llu: task_done on queue \"%s\" with no unfinished items (too many task_done)",
                        seq, sr->id);
        return true;
    case EV_SEND: {
        unsigned bit;
        if (!model_need_type(m, ev, RES_PIPE, RES_PIPE, err) || !model_need_running(m, ev, err) ||
            !need_pipe_end(m, ev, false, &bit, err))
            return false;
        Buf b = buf_sent_from(sr, r, bit);
        if (*b.n >= 1000000) return FAIL("seq %llu: pipe \"%s\" holds a million items", seq, sr->id);
        return grow((void **)b.v, b.cap, *b.n + 1, sizeof **b.v) || FAIL("out of memory");
    }
    case EV_RECV:
        return model_need_type(m, ev, RES_PIPE, RES_PIPE, err) && check_recv(m, ev, err);
    case EV_CLOSE:
        if (!model_need_type(m, ev, RES_PIPE, RES_POOL, err) || !model_need_running(m, ev, err)) return false;
        if (sr->type == RES_PIPE) {
            unsigned bit = end_bit(sr, ev->end);
            if (!bit) return FAIL("seq %llu: close of pipe \"%s\" names no end of it", seq, sr->id);
        }
        return true;
    case EV_SUBMIT:
        if (!model_need_type(m, ev, RES_POOL, RES_POOL, err) || !model_need_running(m, ev, err)) return false;
        if (r->closed) return FAIL("seq %llu: \"%s\" submits to pool \"%s\" after its close", seq, who, sr->id);
        if (ev->task <= r->last_task)
            return FAIL("seq %llu: task %lld submitted to pool \"%s\" after task %lld", seq,
                        (long long)ev->task, sr->id, (long long)r->last_task);
        return grow((void **)&r->tasks, &r->cap_tasks, r->n_tasks + 1, sizeof *r->tasks) ||
               FAIL("out of memory");
    case EV_TASK_START:
        if (!model_need_type(m, ev, RES_POOL, RES_POOL, err) || !pool_handoff_ok(m, ev, "worker", err))
            return false;
        if (!pool_worker_of(m, ev->actor, ev->res, "worker"))
            return FAIL("seq %llu: \"%s\" is not a worker of pool \"%s\"", seq, who, sr->id);
        if (a->task > 0)
            return FAIL("seq %llu: worker \"%s\" starts task %lld while running task %lld", seq, who,
                        (long long)ev->task, (long long)a->task);
        if (r->n_tasks == 0 || r->tasks[0] != ev->task)
            return FAIL("seq %llu: worker \"%s\" takes task %lld, but the head of pool \"%s\" is %s", seq,
                        who, (long long)ev->task, sr->id, r->n_tasks ? "another task" : "empty");
        return true;
    case EV_TASK_END:
        if (!model_need_type(m, ev, RES_POOL, RES_POOL, err) || !model_need_running(m, ev, err)) return false;
        if (a->task != ev->task || !pool_worker_of(m, ev->actor, ev->res, "worker"))
            return FAIL("seq %llu: \"%s\" ends task %lld, which it is not running", seq, who,
                        (long long)ev->task);
        return grow((void **)&r->done, &r->cap_done, r->n_done + 1, sizeof *r->done) || FAIL("out of memory");
    case EV_CALLBACK: {
        if (!model_need_type(m, ev, RES_POOL, RES_POOL, err) || !pool_handoff_ok(m, ev, "callback", err))
            return false;
        if (!pool_worker_of(m, ev->actor, ev->res, "callback"))
            return FAIL("seq %llu: \"%s\" is not the callback runner of pool \"%s\"", seq, who, sr->id);
        int i = find_done(r, ev->task);
        if (i < 0) return FAIL("seq %llu: callback of task %lld, which has not finished", seq, (long long)ev->task);
        if (r->done[i].called_back)
            return FAIL("seq %llu: a second callback of task %lld", seq, (long long)ev->task);
        return true;
    }
    case EV_START: {
        const MActor *t = &m->actors[ev->target];
        if (!model_need_running(m, ev, err)) return false;
        if (h->actors[ev->target].autostart)
            return FAIL("seq %llu: \"%s\" starts \"%s\", which starts by itself (autostart)", seq, who,
                        aid(m, ev->target));
        if (t->started || (t->created && t->state != AS_NEW))
            return FAIL("seq %llu: \"%s\" starts \"%s\" a second time", seq, who, aid(m, ev->target));
        return true;
    }
    case EV_TERMINATE:
        if (!model_need_running(m, ev, err)) return false;
        if (ev->target == ev->actor) return FAIL("seq %llu: \"%s\" terminates itself", seq, who);
        if (!live(m->actors[ev->target].state))
            return FAIL("seq %llu: \"%s\" terminates \"%s\", which has already ended", seq, who,
                        aid(m, ev->target));
        return true;
    case EV_OWNER_DEAD:
        if (live(a->state))
            return FAIL("seq %llu: owner_dead of \"%s\", which is still alive (%s)", seq, who,
                        actor_state_name(a->state));
        if (idlist_find(&r->holders, ev->actor) < 0)
            return FAIL("seq %llu: owner_dead of \"%s\", which does not hold \"%s\"", seq, who, sr->id);
        return true;
    default: return FAIL("seq %llu: unknown event kind", seq);
    }
}

void prims_change(Model *m, const Event *ev)
{
    const ScResource *sr = ev->res >= 0 ? &m->hdr->res[ev->res] : NULL;
    MResource *r = ev->res >= 0 ? &m->res[ev->res] : NULL;
    MActor *a = &m->actors[ev->actor];
    switch (ev->kind) {
    case EV_NOTIFY: {
        /* the first n waiting (not yet moved) waiters must go to the lock */
        int left = ev->n;
        for (int i = 0; i < r->waiters.n && left != 0; i++) {
            MActor *w = &m->actors[r->waiters.v[i]];
            if (w->pend_lock >= 0 || w->timed_out || w->woken) continue;
            w->pend_lock = sr->lock;
            if (left > 0) left--;
        }
        break;
    }
    case EV_ARRIVE: r->arrived.v[r->arrived.n++] = ev->actor; break;
    case EV_PASSED:
        for (int i = 0; i < r->arrived.n; i++) {
            MActor *w = &m->actors[r->arrived.v[i]];
            if (w->state == AS_BLOCKED && w->res == ev->res) w->woken = true;
        }
        r->arrived.n = 0;
        r->rounds++;
        break;
    case EV_TASK_DONE: r->unfinished--; break;
    case EV_SEND: {
        Buf b = buf_sent_from(sr, r, end_bit(sr, ev->end));
        (*b.v)[(*b.n)++] = ev->item;
        break;
    }
    case EV_RECV:
        if (ev->ok != 0) {
            Buf b = buf_read_at(sr, r, end_bit(sr, ev->end));
            memmove(*b.v, *b.v + 1, (size_t)(*b.n - 1) * sizeof **b.v);
            (*b.n)--;
        }
        if (a->state == AS_BLOCKED) a->woken = true;
        break;
    case EV_CLOSE:
        if (sr->type == RES_PIPE) r->ends[ev->actor] &= (unsigned char)~end_bit(sr, ev->end);
        else r->closed = true;
        break;
    case EV_SUBMIT:
        r->tasks[r->n_tasks++] = ev->task;
        r->last_task = ev->task;
        a->awaits = ev->task;
        break;
    case EV_TASK_START:
        memmove(r->tasks, r->tasks + 1, (size_t)(r->n_tasks - 1) * sizeof *r->tasks);
        r->n_tasks--;
        a->task = ev->task;
        if (a->state == AS_BLOCKED) a->woken = true;
        break;
    case EV_TASK_END:
        r->done[r->n_done++] = (MTask){ev->task, ev->item, false};
        a->task = 0;
        /* an apply waiting for this task has its result */
        for (int i = 0; i < m->hdr->n_actors; i++) {
            MActor *s = &m->actors[i];
            if (s->state == AS_BLOCKED && s->res == ev->res && s->awaits == ev->task) s->woken = true;
        }
        break;
    case EV_CALLBACK:
        r->done[find_done(r, ev->task)].called_back = true;
        if (a->state == AS_BLOCKED) a->woken = true;
        break;
    case EV_START: m->actors[ev->target].started = true; break;
    default: break;
    }
}

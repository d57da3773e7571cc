/* model — the pure reducer: applies one event to the visible state of a
 * run and rejects an event that breaks a primitive's rules, naming the rule.
 *
 * model_apply() checks everything first and only then changes the model,
 * so a rejected event leaves it exactly as it was. The lists it may grow
 * are grown before any change (growing is not a visible change). The hot
 * path allocates only when a list grows. The readable dump is in
 * model_dump.c. Must not depend on SDL, threads, clocks or randomness. */
#include <stdlib.h>
#include <string.h>

#include "core/model.h"
#include "core/model_priv.h"

/* ---- IdList ---------------------------------------------------------------- */

bool model_idlist_reserve(IdList *l, int n)
{
    if (n <= l->cap) return true;
    int cap = l->cap ? l->cap : 4;
    while (cap < n) cap *= 2;
    int *v = realloc(l->v, (size_t)cap * sizeof *v);
    if (!v) return false;
    l->v = v;
    l->cap = cap;
    return true;
}

bool idlist_push(IdList *l, int id)
{
    if (!model_idlist_reserve(l, l->n + 1)) return false;
    l->v[l->n++] = id;
    return true;
}

int idlist_find(const IdList *l, int id)
{
    for (int i = 0; i < l->n; i++)
        if (l->v[i] == id) return i;
    return -1;
}

bool idlist_remove(IdList *l, int id)
{
    int i = idlist_find(l, id);
    if (i < 0) return false;
    memmove(l->v + i, l->v + i + 1, (size_t)(l->n - i - 1) * sizeof *l->v);
    l->n--;
    return true;
}

void idlist_free(IdList *l)
{
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

static bool idlist_copy(IdList *dst, const IdList *src)
{
    *dst = (IdList){0};
    if (!src->n) return true;
    if (!model_idlist_reserve(dst, src->n)) return false;
    memcpy(dst->v, src->v, (size_t)src->n * sizeof *src->v);
    dst->n = src->n;
    return true;
}

/* ---- names ------------------------------------------------------------------ */

static const char *const state_names[AS__COUNT] = {
    [AS_NEW] = "new", [AS_READY] = "ready", [AS_RUNNING] = "running",
    [AS_BLOCKED] = "blocked", [AS_SLEEPING] = "sleeping", [AS_DONE] = "done",
    [AS_KILLED] = "killed", [AS_ERROR] = "error",
};

const char *actor_state_name(ActorState s)
{
    return (unsigned)s < AS__COUNT ? state_names[s] : "?";
}

/* ---- life cycle ---------------------------------------------------------------- */

bool model_init(Model *m, const Scenario *hdr, Err *err)
{
    memset(m, 0, sizeof *m);
    m->hdr = hdr;
    int na = hdr->n_actors, nr = hdr->n_res, nc = hdr->cpus;
    if (na < 0 || nr < 0 || nc < 1) return err_set(err, "bad header counts");
    m->actors = calloc(na ? (size_t)na : 1, sizeof *m->actors);
    m->res = calloc(nr ? (size_t)nr : 1, sizeof *m->res);
    m->cpu_holder = calloc((size_t)nc, sizeof *m->cpu_holder);
    if (!m->actors || !m->res || !m->cpu_holder) {
        model_free(m);
        return err_set(err, "out of memory");
    }
    for (int i = 0; i < na; i++) {
        m->actors[i].cpu = m->actors[i].res = -1;
        m->actors[i].until = -1;
        m->actors[i].target = m->actors[i].pend_lock = -1;
    }
    for (int i = 0; i < nr; i++) {
        const ScResource *r = &hdr->res[i];
        MResource *mr = &m->res[i];
        mr->last_writer = -1;
        if (r->type == RES_SEMAPHORE) mr->count = r->value;
        if (r->type == RES_EVENT) mr->flag = r->set;
        if (r->type == RES_VARIABLE) mr->value = r->value;
        if (!prims_init_res(m, i)) {
            model_free(m);
            return err_set(err, "out of memory");
        }
    }
    for (int i = 0; i < nc; i++) m->cpu_holder[i] = -1;
    m->end_expect_ok = -1;
    event_init(&m->last, EV_NEW);
    return true;
}

void model_free(Model *m)
{
    if (m->res && m->hdr)
        for (int i = 0; i < m->hdr->n_res; i++) {
            idlist_free(&m->res[i].holders);
            idlist_free(&m->res[i].waiters);
            free(m->res[i].items);
            prims_free_res(&m->res[i]);
        }
    free(m->actors);
    free(m->res);
    free(m->cpu_holder);
    idlist_free(&m->ready);
    memset(m, 0, sizeof *m);
}

bool model_copy(Model *dst, const Model *src, Err *err)
{
    const Scenario *h = src->hdr;
    *dst = *src;
    dst->actors = NULL;
    dst->res = NULL;
    dst->cpu_holder = NULL;
    dst->ready = (IdList){0};
    size_t na = h->n_actors ? (size_t)h->n_actors : 1, nr = h->n_res ? (size_t)h->n_res : 1;
    dst->actors = malloc(na * sizeof *dst->actors);
    dst->res = calloc(nr, sizeof *dst->res);
    dst->cpu_holder = malloc((size_t)h->cpus * sizeof *dst->cpu_holder);
    bool ok = dst->actors && dst->res && dst->cpu_holder && idlist_copy(&dst->ready, &src->ready);
    if (ok) {
        memcpy(dst->actors, src->actors, (size_t)h->n_actors * sizeof *dst->actors);
        memcpy(dst->cpu_holder, src->cpu_holder, (size_t)h->cpus * sizeof *dst->cpu_holder);
    }
    for (int i = 0; ok && i < h->n_res; i++) {
        const MResource *s = &src->res[i];
        MResource *d = &dst->res[i];
        *d = *s;
        d->holders = d->waiters = (IdList){0};
        d->items = NULL;
        d->cap_items = 0;
        ok = idlist_copy(&d->holders, &s->holders) && idlist_copy(&d->waiters, &s->waiters);
        if (ok && s->n_items) {
            d->items = malloc((size_t)s->n_items * sizeof *d->items);
            ok = d->items != NULL;
            if (ok) {
                memcpy(d->items, s->items, (size_t)s->n_items * sizeof *d->items);
                d->cap_items = s->n_items;
            }
        }
        if (!ok) d->n_items = 0;
        if (ok) ok = prims_copy_res(d, s, h->n_actors);
    }
    if (!ok) {
        model_free(dst);
        return err_set(err, "out of memory copying the model");
    }
    return true;
}

/* ---- rule checks ------------------------------------------------------------------ */

const char *model_rtype(const Model *m, int r)
{
    const ScResource *x = &m->hdr->res[r];
    if (x->type == RES_SEMAPHORE && x->bounded) return "bounded semaphore";
    return res_type_name(x->type);
}

bool model_need_running(const Model *m, const Event *ev, Err *err)
{
    const MActor *a = &m->actors[ev->actor];
    if (a->state == AS_RUNNING) return true;
    return FAIL("seq %llu: \"%s\" is not running (it is %s)", (unsigned long long)ev->seq,
                aid(m, ev->actor), actor_state_name(a->state));
}

/* An action by the running actor, or a hand-off to a blocked one: then it
 * must be blocked on this resource, first in its wait queue. */
static bool need_running_or_handoff(const Model *m, const Event *ev, Err *err)
{
    const MActor *a = &m->actors[ev->actor];
    if (a->state == AS_RUNNING) return true;
    unsigned long long seq = (unsigned long long)ev->seq;
    if (a->state != AS_BLOCKED) return model_need_running(m, ev, err);
    if (a->res != ev->res)
        return FAIL("seq %llu: \"%s\" is blocked on \"%s\", not on \"%s\"", seq, aid(m, ev->actor),
                    rid(m, a->res), rid(m, ev->res));
    const IdList *w = &m->res[ev->res].waiters;
    if (w->n == 0 || w->v[0] != ev->actor)
        return FAIL("seq %llu: hand-off to \"%s\", but \"%s\" is first in the wait queue of %s \"%s\"",
                    seq, aid(m, ev->actor), aid(m, w->v[0]), model_rtype(m, ev->res), rid(m, ev->res));
    return true;
}

bool model_need_type(const Model *m, const Event *ev, ResType t, ResType t2, Err *err)
{
    ResType have = m->hdr->res[ev->res].type;
    if (have == t || have == t2) return true;
    return FAIL("seq %llu: \"%s\" on %s \"%s\"", (unsigned long long)ev->seq,
                event_kind_name(ev->kind), res_type_name(have), rid(m, ev->res));
}


/* Checks ev against m without changing anything visible. */
static bool check(Model *m, const Event *ev, Err *err)
{
    const Scenario *h = m->hdr;
    unsigned long long seq = (unsigned long long)ev->seq;
    if (m->ended) return FAIL("seq %llu: event after the end line", seq);
    if (ev->seq != m->next_seq)
        return FAIL("seq %llu: expected seq %llu (%s)", seq, (unsigned long long)m->next_seq,
                    ev->seq > m->next_seq ? "gap" : "duplicate");
    if (ev->t < m->t)
        return FAIL("seq %llu: time goes back (%lld < %lld)", seq, (long long)ev->t, (long long)m->t);
    if ((unsigned)ev->kind >= EV__COUNT) return FAIL("seq %llu: unknown event kind", seq);
    if (ev->actor >= h->n_actors || ev->actor < -1) return FAIL("seq %llu: actor out of range", seq);
    if (ev->res >= h->n_res || ev->res < -1) return FAIL("seq %llu: resource out of range", seq);
    if (ev->target >= h->n_actors || ev->target < -1) return FAIL("seq %llu: target out of range", seq);

    bool needs_actor = ev->kind != EV_END && !(ev->kind == EV_STATS && ev->actor < 0);
    if (needs_actor && ev->actor < 0) return FAIL("seq %llu: \"%s\" needs an actor", seq, event_kind_name(ev->kind));
    bool needs_res = (ev->kind >= EV_ACQUIRED && ev->kind <= EV_ADD) || ev->kind == EV_WAITS ||
                     (ev->kind >= EV_NOTIFY && ev->kind <= EV_OWNER_DEAD && ev->kind != EV_START &&
                      ev->kind != EV_TERMINATE);
    /* blocked and fail: on a resource, or (a join) on an actor */
    bool res_or_target = ev->kind == EV_BLOCKED || ev->kind == EV_FAIL;
    if ((needs_res || (res_or_target && ev->target < 0)) && ev->res < 0)
        return FAIL("seq %llu: \"%s\" needs a resource", seq, event_kind_name(ev->kind));
    if ((ev->kind == EV_START || ev->kind == EV_TERMINATE) && ev->target < 0)
        return FAIL("seq %llu: \"%s\" needs a target", seq, event_kind_name(ev->kind));

    const MActor *a = ev->actor >= 0 ? &m->actors[ev->actor] : NULL;
    if (a && ev->kind == EV_NEW) {
        if (a->created) return FAIL("seq %llu: \"%s\" has a second \"new\"", seq, aid(m, ev->actor));
        return true;
    }
    if (a && !a->created && ev->kind != EV_STATS)
        return FAIL("seq %llu: \"%s\" has no \"new\" event yet", seq, aid(m, ev->actor));
    /* a notified condition waiter moves to the lock before anything else */
    if (a && a->pend_lock >= 0 && !a->timed_out && ev->kind != EV_KILLED && ev->kind != EV_WAITS &&
        ev->kind != EV_STATS && ev->kind != EV_OWNER_DEAD &&
        !(ev->res == a->pend_lock && (ev->kind == EV_ACQUIRED || (ev->kind == EV_BLOCKED &&
                                                                 strcmp(ev->op, "acquire") == 0))))
        return FAIL("seq %llu: \"%s\" was notified: its next event must be its \"blocked\" on lock \"%s\" "
                    "or its \"acquired\" of it, not \"%s\"", seq, aid(m, ev->actor),
                    rid(m, a->pend_lock), event_kind_name(ev->kind));
    const ScResource *sr = ev->res >= 0 ? &h->res[ev->res] : NULL;
    MResource *r = ev->res >= 0 ? &m->res[ev->res] : NULL;

    switch (ev->kind) {
    case EV_NEW: return true; /* handled above */
    case EV_READY:
        if (a->state != AS_NEW && a->state != AS_RUNNING && a->state != AS_BLOCKED &&
            a->state != AS_SLEEPING)
            return FAIL("seq %llu: \"%s\" cannot become ready from %s", seq, aid(m, ev->actor),
                        actor_state_name(a->state));
        if (a->state == AS_NEW && !h->actors[ev->actor].autostart && !a->started)
            return FAIL("seq %llu: \"%s\" (autostart false) became ready before a \"start\"", seq,
                        aid(m, ev->actor));
        if (a->state == AS_BLOCKED && a->res >= 0 && h->res[a->res].type == RES_EVENT &&
            !m->res[a->res].flag && !a->timed_out)
            return FAIL("seq %llu: \"%s\" woke up while event \"%s\" is clear", seq,
                        aid(m, ev->actor), rid(m, a->res));
        if (a->state == AS_BLOCKED && !prims_check_wake(m, ev, err)) return false;
        return model_idlist_reserve(&m->ready, m->ready.n + 1) || FAIL("out of memory");
    case EV_RUNNING: {
        if (a->state != AS_READY)
            return FAIL("seq %llu: \"%s\" cannot run: it is %s, not ready", seq, aid(m, ev->actor),
                        actor_state_name(a->state));
        if (ev->cpu < 0 || ev->cpu >= h->cpus)
            return FAIL("seq %llu: CPU %d does not exist (cpus %d)", seq, ev->cpu, h->cpus);
        int busy = m->cpu_holder[ev->cpu];
        if (busy >= 0) return FAIL("seq %llu: CPU %d is busy with \"%s\"", seq, ev->cpu, aid(m, busy));
        if (h->policy == POL_FIFO || h->policy == POL_RR) {
            if (m->ready.v[0] != ev->actor)
                return FAIL("seq %llu: \"%s\" runs before \"%s\", the head of the ready queue (%s)",
                            seq, aid(m, ev->actor), aid(m, m->ready.v[0]), policy_name(h->policy));
        } else if (h->policy == POL_PRIORITY) {
            /* highest priority first, FIFO within a level */
            int best = m->ready.v[0];
            for (int i = 1; i < m->ready.n; i++)
                if (h->actors[m->ready.v[i]].priority > h->actors[best].priority) best = m->ready.v[i];
            if (best != ev->actor)
                return FAIL("seq %llu: \"%s\" runs before \"%s\", first of the highest priority",
                            seq, aid(m, ev->actor), aid(m, best));
        }
        return true;
    }
    case EV_BLOCKED: {
        /* a notified condition waiter moves from the condition to its lock */
        bool moving = a->state == AS_BLOCKED && a->pend_lock >= 0 && ev->res == a->pend_lock;
        if (!moving && a->state == AS_BLOCKED && a->res >= 0 && h->res[a->res].type == RES_CONDITION &&
            h->res[a->res].lock == ev->res)
            return FAIL("seq %llu: \"%s\" blocked on lock \"%s\" from condition \"%s\" without being notified",
                        seq, aid(m, ev->actor), rid(m, ev->res), rid(m, a->res));
        if (!moving && !model_need_running(m, ev, err)) return false;
        if (!sr || (sr->type == RES_QUEUE && strcmp(ev->op, "join") == 0))
            return prims_check_blocked(m, ev, err);
        switch (sr->type) {
        case RES_LOCK: case RES_RLOCK:
            if (r->holders.n == 0)
                return FAIL("seq %llu: \"%s\" blocked on %s \"%s\", which is free", seq,
                            aid(m, ev->actor), model_rtype(m, ev->res), sr->id);
            /* a lock taken twice deadlocks its holder (Python's Lock does); an rlock does not */
            if (sr->type == RES_RLOCK && r->holders.v[0] == ev->actor)
                return FAIL("seq %llu: \"%s\" blocked on rlock \"%s\", which it holds itself", seq,
                            aid(m, ev->actor), sr->id);
            break;
        case RES_SEMAPHORE:
            if (r->count > 0)
                return FAIL("seq %llu: \"%s\" blocked on %s \"%s\", which has %lld permits", seq,
                            aid(m, ev->actor), model_rtype(m, ev->res), sr->id, (long long)r->count);
            break;
        case RES_EVENT:
            if (r->flag)
                return FAIL("seq %llu: \"%s\" blocked on event \"%s\", which is set", seq,
                            aid(m, ev->actor), sr->id);
            break;
        case RES_QUEUE:
            if (strcmp(ev->op, "get") == 0) {
                if (r->n_items > 0)
                    return FAIL("seq %llu: \"%s\" blocked getting from queue \"%s\", which holds %d items",
                                seq, aid(m, ev->actor), sr->id, r->n_items);
            } else if (strcmp(ev->op, "put") == 0) {
                if (sr->capacity == 0 || r->n_items < sr->capacity)
                    return FAIL("seq %llu: \"%s\" blocked putting into queue \"%s\", which is not full",
                                seq, aid(m, ev->actor), sr->id);
            } else
                return FAIL("seq %llu: blocked on queue \"%s\" with op \"%s\" (want put or get)", seq,
                            sr->id, ev->op);
            break;
        case RES_VARIABLE:
            return FAIL("seq %llu: \"%s\" blocked on variable \"%s\" (variables never block)", seq,
                        aid(m, ev->actor), sr->id);
        default: return prims_check_blocked(m, ev, err);
        }
        return model_idlist_reserve(&r->waiters, r->waiters.n + 1) || FAIL("out of memory");
    }
    case EV_SLEEPING: case EV_DONE: case EV_ERROR:
        return model_need_running(m, ev, err);
    case EV_KILLED:
        if (!live(a->state))
            return FAIL("seq %llu: \"%s\" cannot be killed: it is already %s", seq, aid(m, ev->actor),
                        actor_state_name(a->state));
        return true;
    case EV_ACQUIRED:
        if (!model_need_type(m, ev, RES_LOCK, RES_SEMAPHORE, err) && !model_need_type(m, ev, RES_RLOCK, RES_RLOCK, err))
            return false;
        /* a notified condition waiter may take a free lock straight away */
        if (!(a->state == AS_BLOCKED && a->pend_lock == ev->res) && !need_running_or_handoff(m, ev, err))
            return false;
        if (sr->type == RES_LOCK && r->holders.n > 0)
            return FAIL("seq %llu: lock \"%s\" is already held by \"%s\"", seq, sr->id,
                        aid(m, r->holders.v[0]));
        if (sr->type == RES_RLOCK && r->holders.n > 0 && r->holders.v[0] != ev->actor)
            return FAIL("seq %llu: rlock \"%s\" is already held by \"%s\"", seq, sr->id,
                        aid(m, r->holders.v[0]));
        if (sr->type == RES_SEMAPHORE && r->count <= 0)
            return FAIL("seq %llu: %s \"%s\" below zero", seq, model_rtype(m, ev->res), sr->id);
        if (sr->type == RES_RLOCK && ev->depth >= 0) {
            /* one level more, or the whole depth a condition wait gave up */
            int want = r->holders.n + 1;
            bool restore = r->holders.n == 0 && a->saved_depth > 0 && ev->depth == a->saved_depth;
            if (ev->depth != want && !restore)
                return FAIL("seq %llu: rlock \"%s\" acquired by \"%s\" at depth %d, want %d", seq, sr->id,
                            aid(m, ev->actor), ev->depth, want);
            return model_idlist_reserve(&r->holders, ev->depth) || FAIL("out of memory");
        }
        return model_idlist_reserve(&r->holders, r->holders.n + 1) || FAIL("out of memory");
    case EV_RELEASED:
        if (!model_need_type(m, ev, RES_LOCK, RES_SEMAPHORE, err) && !model_need_type(m, ev, RES_RLOCK, RES_RLOCK, err))
            return false;
        if (!model_need_running(m, ev, err)) return false;
        if (sr->type == RES_LOCK || sr->type == RES_RLOCK) {
            if (r->holders.n == 0)
                return FAIL("seq %llu: \"%s\" released %s \"%s\", which is not held", seq,
                            aid(m, ev->actor), model_rtype(m, ev->res), sr->id);
            if (r->holders.v[0] != ev->actor)
                return FAIL("seq %llu: \"%s\" released %s \"%s\" held by \"%s\"", seq, aid(m, ev->actor),
                            model_rtype(m, ev->res), sr->id, aid(m, r->holders.v[0]));
            /* depth 0 from deeper: a condition wait gives the whole rlock up */
            if (sr->type == RES_RLOCK && ev->depth >= 0 && ev->depth != r->holders.n - 1 && ev->depth != 0)
                return FAIL("seq %llu: rlock \"%s\" released by \"%s\" to depth %d, want %d", seq, sr->id,
                            aid(m, ev->actor), ev->depth, r->holders.n - 1);
        } else if (sr->bounded && r->count + 1 > sr->value)
            return FAIL("seq %llu: bounded semaphore \"%s\" released above its value %lld", seq, sr->id,
                        (long long)sr->value);
        else if (r->count >= VALUE_INT_MAX)
            return FAIL("seq %llu: semaphore \"%s\" overflows", seq, sr->id);
        return true;
    case EV_SET: case EV_CLEAR:
        return model_need_type(m, ev, RES_EVENT, RES_EVENT, err) && model_need_running(m, ev, err);
    case EV_PUT:
        if (!model_need_type(m, ev, RES_QUEUE, RES_QUEUE, err) || !need_running_or_handoff(m, ev, err)) return false;
        if (a->state == AS_BLOCKED && strcmp(a->op, "put") != 0)
            return FAIL("seq %llu: \"%s\" puts while blocked to get", seq, aid(m, ev->actor));
        if (sr->capacity > 0 && r->n_items >= sr->capacity)
            return FAIL("seq %llu: put into full queue \"%s\" (capacity %d)", seq, sr->id, sr->capacity);
        if (r->n_items >= r->cap_items) {
            int cap = r->cap_items ? r->cap_items * 2 : 4;
            Value *v = realloc(r->items, (size_t)cap * sizeof *v);
            if (!v) return FAIL("out of memory");
            r->items = v;
            r->cap_items = cap;
        }
        return true;
    case EV_GET: {
        if (!model_need_type(m, ev, RES_QUEUE, RES_QUEUE, err) || !need_running_or_handoff(m, ev, err)) return false;
        if (a->state == AS_BLOCKED && strcmp(a->op, "get") != 0)
            return FAIL("seq %llu: \"%s\" gets while blocked to put", seq, aid(m, ev->actor));
        if (r->n_items == 0) return FAIL("seq %llu: get from empty queue \"%s\"", seq, sr->id);
        if (!value_eq(&r->items[0], &ev->item)) {
            char got[VALUE_STR_MAX * 2 + 8], head[VALUE_STR_MAX * 2 + 8];
            value_to_json(&ev->item, got, sizeof got);
            value_to_json(&r->items[0], head, sizeof head);
            return FAIL("seq %llu: get from queue \"%s\" took %s, but its head is %s", seq, sr->id, got, head);
        }
        return true;
    }
    case EV_READ:
        if (!model_need_type(m, ev, RES_VARIABLE, RES_VARIABLE, err) || !model_need_running(m, ev, err)) return false;
        if (ev->value != r->value)
            return FAIL("seq %llu: read of variable \"%s\" saw %lld, but it holds %lld", seq, sr->id,
                        (long long)ev->value, (long long)r->value);
        return true;
    case EV_WRITE:
        return model_need_type(m, ev, RES_VARIABLE, RES_VARIABLE, err) && model_need_running(m, ev, err);
    case EV_ADD:
        if (!model_need_type(m, ev, RES_VARIABLE, RES_VARIABLE, err) || !model_need_running(m, ev, err)) return false;
        if (ev->by > VALUE_INT_MAX || ev->by < -VALUE_INT_MAX || r->value > VALUE_INT_MAX ||
            r->value < -VALUE_INT_MAX || r->value + ev->by != ev->value)
            return FAIL("seq %llu: add to variable \"%s\": %lld + %lld is not %lld", seq, sr->id,
                        (long long)r->value, (long long)ev->by, (long long)ev->value);
        return true;
    case EV_SAY:
        /* the say of a step with a result shows once the result came: the
         * actor is still blocked, but served or timed out */
        if (a->state == AS_BLOCKED && (a->woken || a->timed_out)) return true;
        return model_need_running(m, ev, err);
    case EV_FAIL:
        if (strcmp(ev->text, "timeout") == 0) {
            /* an expired wait: the blocked actor itself */
            if (a->state != AS_BLOCKED || (ev->res >= 0 && a->res != ev->res) ||
                (ev->res < 0 && a->target != ev->target))
                return FAIL("seq %llu: \"%s\" timed out on \"%s\" but is not blocked on it", seq,
                            aid(m, ev->actor), ev->res >= 0 ? rid(m, ev->res) : aid(m, ev->target));
            if (a->timed_out) return FAIL("seq %llu: \"%s\" timed out twice", seq, aid(m, ev->actor));
            return true;
        }
        if (strcmp(ev->text, "busy") != 0 && strcmp(ev->text, "full") != 0 && strcmp(ev->text, "empty") != 0)
            return FAIL("seq %llu: fail why \"%s\" (want timeout, busy, full or empty)", seq, ev->text);
        return model_need_running(m, ev, err);
    case EV_WAITS:
        if (a->state != AS_BLOCKED || a->res != ev->res)
            return FAIL("seq %llu: \"%s\" waits for \"%s\" but is not blocked on it", seq,
                        aid(m, ev->actor), sr->id);
        for (int i = 0; i < ev->n_holders; i++)
            if (ev->holders[i] < 0 || ev->holders[i] >= h->n_actors)
                return FAIL("seq %llu: holder out of range", seq);
        return true;
    case EV_STATS:
        if (ev->actor < 0 && ev->cpus != h->cpus)
            return FAIL("seq %llu: stats for %d CPUs, the header has %d", seq, ev->cpus, h->cpus);
        return true;
    case EV_END:
        if (ev->outcome == OUT_NONE) return FAIL("seq %llu: the end line has no outcome", seq);
        return true;
    default: return prims_check(m, ev, err);
    }
}

/* ---- changes (only after check() passed; nothing here can fail) ------------------ */

static void leave_state(Model *m, int ai)
{
    MActor *a = &m->actors[ai];
    switch (a->state) {
    case AS_RUNNING:
        if (a->cpu >= 0 && a->cpu < m->hdr->cpus && m->cpu_holder[a->cpu] == ai) m->cpu_holder[a->cpu] = -1;
        a->cpu = -1;
        break;
    case AS_READY: idlist_remove(&m->ready, ai); break;
    case AS_BLOCKED:
        if (a->res >= 0) idlist_remove(&m->res[a->res].waiters, ai);
        a->res = a->target = -1;
        a->op[0] = '\0';
        a->woken = a->timed_out = false;
        a->pend_lock = -1;
        break;
    case AS_SLEEPING: a->until = -1; break;
    default: break;
    }
}

static void enter_state(Model *m, const Event *ev, ActorState s)
{
    MActor *a = &m->actors[ev->actor];
    leave_state(m, ev->actor);
    a->state = s;
    a->since = ev->t;
}


/* What Python would raise (Full, Empty) or a wait that expired, in words. */
static void note_fail(MActor *a, const Event *ev)
{
    const char *w = strcmp(ev->text, "full") == 0    ? "Full"
                  : strcmp(ev->text, "empty") == 0   ? "Empty"
                  : strcmp(ev->text, "timeout") == 0 ? "timed out"
                                                     : ev->text;
    snprintf(a->fail, sizeof a->fail, "%.15s", w);
    a->fail_t = ev->t;
}

static void change(Model *m, const Event *ev)
{
    MActor *a = ev->actor >= 0 ? &m->actors[ev->actor] : NULL;
    MResource *r = ev->res >= 0 ? &m->res[ev->res] : NULL;
    switch (ev->kind) {
    case EV_NEW:
        a->created = true;
        a->state = AS_NEW;
        a->since = ev->t;
        a->pid = ev->pid;
        break;
    case EV_READY:
        enter_state(m, ev, AS_READY);
        m->ready.v[m->ready.n++] = ev->actor; /* reserved by check() */
        break;
    case EV_RUNNING:
        enter_state(m, ev, AS_RUNNING);
        a->cpu = ev->cpu;
        m->cpu_holder[ev->cpu] = ev->actor;
        break;
    case EV_BLOCKED:
        enter_state(m, ev, AS_BLOCKED);
        a->res = ev->res;
        memcpy(a->op, ev->op, sizeof a->op);
        a->op[sizeof a->op - 1] = '\0';
        a->target = ev->target;
        if (r) r->waiters.v[r->waiters.n++] = ev->actor;
        break;
    case EV_SLEEPING:
        enter_state(m, ev, AS_SLEEPING);
        a->until = ev->until;
        break;
    case EV_DONE: enter_state(m, ev, AS_DONE); break;
    case EV_ERROR:
        enter_state(m, ev, AS_ERROR);
        memcpy(a->error, ev->text, sizeof a->error);
        break;
    case EV_KILLED:
        enter_state(m, ev, AS_KILLED);
        memcpy(a->error, ev->text, sizeof a->error);
        a->sig = ev->sig > 0 ? ev->sig : 0;
        break;
    case EV_ACQUIRED:
        if (m->hdr->res[ev->res].type == RES_RLOCK && ev->depth > r->holders.n) {
            while (r->holders.n < ev->depth) r->holders.v[r->holders.n++] = ev->actor; /* reserved */
            a->saved_depth = 0;
        } else
            r->holders.v[r->holders.n++] = ev->actor;
        if (m->hdr->res[ev->res].type == RES_SEMAPHORE) r->count--;
        if (a->state == AS_BLOCKED) a->woken = true; /* a hand-off: its ready may follow */
        a->pend_lock = -1;
        break;
    case EV_RELEASED:
        if (m->hdr->res[ev->res].type == RES_SEMAPHORE) {
            r->count++;
            idlist_remove(&r->holders, ev->actor); /* Python lets anyone release */
        } else if (ev->depth == 0) {
            a->saved_depth = r->holders.n; /* a condition wait gives it all up */
            r->holders.n = 0;
        } else
            r->holders.n--; /* the holder releases (rlock: one level) */
        break;
    case EV_SET: r->flag = true; break;
    case EV_CLEAR: r->flag = false; break;
    case EV_PUT:
        r->items[r->n_items++] = ev->item;
        if (m->hdr->res[ev->res].joinable) r->unfinished++;
        if (a->state == AS_BLOCKED) a->woken = true;
        break;
    case EV_GET:
        memmove(r->items, r->items + 1, (size_t)(r->n_items - 1) * sizeof *r->items);
        r->n_items--;
        if (a->state == AS_BLOCKED) a->woken = true;
        break;
    case EV_FAIL:
        /* Python raises Full / Empty / a timeout: the student must see it */
        note_fail(a, ev);
        if (a->state == AS_BLOCKED && strcmp(ev->text, "timeout") == 0) {
            a->timed_out = true;
            /* a condition wait takes its lock again (the lock's events follow) */
            if (a->res >= 0 && m->hdr->res[a->res].type == RES_CONDITION)
                a->pend_lock = m->hdr->res[a->res].lock;
        }
        break;
    case EV_READ: break;
    case EV_WRITE: case EV_ADD:
        r->value = ev->value;
        r->last_writer = ev->actor;
        break;
    case EV_SAY:
        memcpy(a->caption, ev->text, sizeof a->caption);
        a->caption_t = ev->t;
        break;
    case EV_WAITS: break;
    case EV_STATS:
        if (a) {
            a->has_stats = true;
            a->ready_us = ev->ready_us;
            a->turnaround_us = ev->turnaround_us;
            a->response_us = ev->response_us;
        } else {
            m->has_overall_stats = true;
            m->busy_us = ev->busy_us;
            m->span_us = ev->span_us;
            m->util = ev->util;
        }
        break;
    case EV_END:
        m->ended = true;
        m->outcome = ev->outcome;
        memcpy(m->reason, ev->text, sizeof m->reason);
        m->end_expect_ok = ev->expect_ok;
        break;
    default: prims_change(m, ev); break; /* the issue-3 kinds */
    }
}

bool model_apply(Model *m, const Event *ev, Err *err)
{
    if (!check(m, ev, err)) return false;
    change(m, ev);
    m->next_seq = ev->seq + 1;
    m->t = ev->t;
    m->last = *ev;
    return true;
}

void model_expect(const Model *m, ExpectResult *out)
{
    const Scenario *h = m->hdr;
    int64_t one = 0, *vals = h->n_res ? calloc((size_t)h->n_res, sizeof *vals) : &one;
    if (!vals) {
        memset(out, 0, sizeof *out);
        out->present = h->has_expect;
        out->got_outcome = m->outcome;
        return;
    }
    for (int i = 0; i < h->n_res; i++) vals[i] = m->res[i].value;
    expect_compute(h, m->outcome, vals, out);
    if (vals != &one) free(vals);
}

/* world — setting up and tearing down the World, its seeded generator, the
 * ready queue, the wait queues and the deadline heap (see world.h).
 * No thread is started here and no event is emitted. */
#include "runtime/world.h"

#include <stdlib.h>
#include <string.h>

bool world_init(World *w, const Scenario *sc, const RtOptions *opt, Err *err)
{
    memset(w, 0, sizeof *w);
    w->sc = sc;
    w->hdr = *sc;
    if (opt->has_seed) w->hdr.seed = opt->seed;
    w->opt = opt;
    w->n_actors = sc->n_actors;
    w->n_res = sc->n_res;
    w->rng = w->hdr.seed;
    w->speed = opt->has_speed ? opt->speed : sc->speed;
    if (!(w->speed > 0) || w->speed > 1e9) w->speed = 1;
    w->instant = opt->instant;
    w->current = -1;
    int n = w->n_actors > 0 ? w->n_actors : 1;
    int cpus = sc->cpus >= 1 ? sc->cpus : 1;
    w->actors = calloc((size_t)n, sizeof *w->actors);
    w->res = calloc((size_t)(w->n_res > 0 ? w->n_res : 1), sizeof *w->res);
    w->cpu_actor = malloc((size_t)cpus * sizeof *w->cpu_actor);
    w->ready = calloc((size_t)n, sizeof *w->ready);
    w->heap = calloc((size_t)n * 2 + 4, sizeof *w->heap);
    w->out = malloc(RT_OUT_BATCH);
    if (!w->actors || !w->res || !w->cpu_actor || !w->ready || !w->heap || !w->out)
        goto oom;
    for (int c = 0; c < cpus; c++) w->cpu_actor[c] = -1;
    for (int i = 0; i < w->n_res; i++) {
        RtRes *r = &w->res[i];
        r->sc = &sc->res[i];
        r->holder = -1;
        r->count = r->sc->value;
        r->flag = r->sc->set;
        r->value = r->sc->value;
        r->waiters = calloc((size_t)n, sizeof *r->waiters);
        if (!r->waiters) goto oom;
        if (r->sc->type == RES_SEMAPHORE) {
            r->permits = calloc((size_t)n, sizeof *r->permits);
            if (!r->permits) goto oom;
        }
        if (r->sc->type == RES_QUEUE) {
            /* bounded queues never grow; unbounded ones start small */
            r->cap_items = r->sc->capacity > 0 ? r->sc->capacity : 16;
            r->items = calloc((size_t)r->cap_items, sizeof *r->items);
            if (!r->items) goto oom;
        }
    }
    for (int i = 0; i < w->n_actors; i++) {
        RtActor *ac = &w->actors[i];
        ac->world = w;
        ac->idx = i;
        if (!sc->actors[i].daemon) w->live_nondaemon++;
        ac->sc = &sc->actors[i];
        ac->state = RS_NEW;
        ac->cpu = ac->res = -1;
        ac->first_ready = ac->first_running = ac->end_t = -1;
        interp_init(ac);
        if (sem_init(&ac->sem, 0, 0) != 0) {
            for (int j = 0; j < i; j++) sem_destroy(&w->actors[j].sem);
            w->n_actors = 0; /* nothing more to destroy */
            err_set(err, "cannot create a semaphore");
            world_free(w);
            return false;
        }
    }
    if (sem_init(&w->sched_sem, 0, 0) != 0) {
        err_set(err, "cannot create a semaphore");
        world_free(w);
        return false;
    }
    return true;
oom:
    w->n_actors = 0; /* no semaphore exists yet */
    world_free(w);
    return err_set(err, "out of memory");
}

void world_free(World *w)
{
    for (int i = 0; w->actors && i < w->n_actors; i++) {
        sem_destroy(&w->actors[i].sem);
        free(w->actors[i].locals);
    }
    if (w->res) {
        for (int i = 0; i < w->n_res; i++) {
            free(w->res[i].waiters);
            free(w->res[i].permits);
            free(w->res[i].items);
        }
    }
    free(w->actors);
    free(w->res);
    free(w->cpu_actor);
    free(w->ready);
    free(w->heap);
    free(w->out);
    memset(w, 0, sizeof *w);
}

/* splitmix64: tiny, seedable, good enough for classroom randomness */
uint64_t world_rand(World *w)
{
    uint64_t z = (w->rng += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

int64_t world_draw_ms(World *w, int64_t min_ms, int64_t max_ms)
{
    if (min_ms < 0) min_ms = 0;
    if (max_ms < min_ms) max_ms = min_ms;
    int64_t ms = min_ms;
    if (max_ms > min_ms) ms = min_ms + (int64_t)(world_rand(w) % (uint64_t)(max_ms - min_ms + 1));
    if (ms > RT_MAX_US / 1000 / 4) ms = RT_MAX_US / 1000 / 4;
    return ms * 1000;
}

void world_ready_push(World *w, int a)
{
    if (w->n_ready >= w->n_actors) return; /* cannot happen: one slot per actor */
    w->ready[(w->r_head + w->n_ready) % w->n_actors] = a;
    w->n_ready++;
}

int world_ready_take(World *w, int k)
{
    if (k < 0 || k >= w->n_ready) return -1;
    int n = w->n_actors;
    int a = w->ready[(w->r_head + k) % n];
    /* close the gap, keeping the others in order */
    for (int i = k; i > 0; i--)
        w->ready[(w->r_head + i) % n] = w->ready[(w->r_head + i - 1) % n];
    w->r_head = (w->r_head + 1) % n;
    w->n_ready--;
    return a;
}

static bool dl_less(const Deadline *a, const Deadline *b)
{
    return a->t < b->t || (a->t == b->t && a->order < b->order);
}

void world_dl_push(World *w, int64_t t, DlKind kind, int actor)
{
    if (w->n_heap >= w->n_actors * 2 + 4) return; /* one per actor at most */
    if (t > RT_MAX_US) t = RT_MAX_US;
    Deadline d = {.t = t, .order = w->dl_order++, .kind = kind, .actor = actor};
    int i = w->n_heap++;
    while (i > 0) {
        int p = (i - 1) / 2;
        if (!dl_less(&d, &w->heap[p])) break;
        w->heap[i] = w->heap[p];
        i = p;
    }
    w->heap[i] = d;
}

bool world_dl_peek(const World *w, Deadline *out)
{
    if (w->n_heap == 0) return false;
    *out = w->heap[0];
    return true;
}

void world_dl_pop(World *w)
{
    if (w->n_heap == 0) return;
    Deadline last = w->heap[--w->n_heap];
    int i = 0, n = w->n_heap;
    for (;;) {
        int c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && dl_less(&w->heap[c + 1], &w->heap[c])) c++;
        if (!dl_less(&w->heap[c], &last)) break;
        w->heap[i] = w->heap[c];
        i = c;
    }
    if (n > 0) w->heap[i] = last;
}

void res_wait_push(RtRes *r, int a, int n_actors)
{
    if (r->n_waiters >= n_actors) return;
    r->waiters[(r->w_head + r->n_waiters) % n_actors] = a;
    r->n_waiters++;
}

int res_wait_pop(RtRes *r, int n_actors)
{
    if (r->n_waiters == 0) return -1;
    int a = r->waiters[r->w_head];
    r->w_head = (r->w_head + 1) % n_actors;
    r->n_waiters--;
    return a;
}

int res_wait_peek(const RtRes *r, int n_actors)
{
    (void)n_actors;
    return r->n_waiters ? r->waiters[r->w_head] : -1;
}

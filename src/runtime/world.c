/* world — setting up and tearing down the World, its memory (world_calloc:
 * the heap, or the shared region in processes mode), its seeded generator,
 * the ready queue, the wait queues and the deadline heap (see world.h).
 * No thread or process is started here and no event is emitted. */
#include "runtime/world.h"

#include <stdlib.h>
#include <string.h>

#include "runtime/proc.h"

void *world_calloc(World *w, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) return NULL;
    if (w && w->shm) return shm_alloc(w->shm, n * size);
    return calloc(n ? n : 1, size ? size : 1);
}

void *world_realloc(World *w, void *p, size_t size)
{
    if (w && w->shm) return shm_realloc(w->shm, p, size);
    return realloc(p, size ? size : 1);
}

void world_dealloc(World *w, void *p)
{
    if (w && w->shm) return; /* the region is unmapped whole */
    free(p);
}

static bool init(World *w, ProcShm *shm, const Scenario *sc, const RtOptions *opt, Err *err);

World *world_new(const Scenario *sc, const RtOptions *opt, Err *err)
{
    if (sc->mode != MODE_PROCESSES) {
        World *w = malloc(sizeof *w);
        if (!w) { err_set(err, "out of memory"); return NULL; }
        if (!world_init(w, sc, opt, err)) { free(w); return NULL; }
        return w;
    }
    ProcShm *shm = shm_create(err);
    if (!shm) return NULL;
    World *w = shm_alloc(shm, sizeof *w);
    if (!w || !init(w, shm, sc, opt, err)) {
        if (!w) err_set(err, "out of memory");
        shm_destroy(shm);
        return NULL;
    }
    return w;
}

void world_delete(World *w)
{
    if (!w) return;
    ProcShm *shm = w->shm;
    world_free(w);
    if (shm) shm_destroy(shm);
    else free(w);
}

bool world_init(World *w, const Scenario *sc, const RtOptions *opt, Err *err)
{
    return init(w, NULL, sc, opt, err);
}

static bool init(World *w, ProcShm *shm, const Scenario *sc, const RtOptions *opt, Err *err)
{
    memset(w, 0, sizeof *w);
    w->shm = shm;
    int pshared = shm ? 1 : 0;
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
    if (sc->policy == POL_OS) w->hdr.cpus = cpus = n; /* no virtual CPUs: actor k shows on "CPU" k */
    w->actors = world_calloc(w, (size_t)n, sizeof *w->actors);
    w->res = world_calloc(w, (size_t)(w->n_res > 0 ? w->n_res : 1), sizeof *w->res);
    w->cpu_actor = world_calloc(w, (size_t)cpus, sizeof *w->cpu_actor);
    w->ready = world_calloc(w, (size_t)n, sizeof *w->ready);
    w->heap = world_calloc(w, (size_t)n * 2 + 4, sizeof *w->heap);
    w->out = world_calloc(w, 1, RT_OUT_BATCH);
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
        r->waiters = world_calloc(w, (size_t)n, sizeof *r->waiters);
        if (!r->waiters) goto oom;
        if (r->sc->type == RES_SEMAPHORE) {
            r->permits = world_calloc(w, (size_t)n, sizeof *r->permits);
            if (!r->permits) goto oom;
        }
        if (r->sc->type == RES_QUEUE) {
            /* bounded queues never grow; unbounded ones start small */
            r->cap_items = r->sc->capacity > 0 ? r->sc->capacity : 16;
            r->items = world_calloc(w, (size_t)r->cap_items, sizeof *r->items);
            if (!r->items) goto oom;
        }
        if (!prims_res_init(w, r)) goto oom; /* issue 3 resources (prims.c) */
    }
    for (int i = 0; i < w->n_actors; i++) {
        RtActor *ac = &w->actors[i];
        ac->world = w;
        ac->idx = i;
        if (!sc->actors[i].daemon) w->live_nondaemon++;
        ac->sc = &sc->actors[i];
        ac->state = RS_NEW;
        ac->cpu = ac->res = -1;
        ac->target = ac->cond = -1;
        ac->first_ready = ac->first_running = ac->end_t = -1;
        interp_init(ac);
        if (sem_init(&ac->sem, pshared, 0) != 0) {
            for (int j = 0; j < i; j++) sem_destroy(&w->actors[j].sem);
            w->n_actors = 0; /* nothing more to destroy */
            err_set(err, "cannot create a semaphore");
            world_free(w);
            return false;
        }
    }
    if (sem_init(&w->sched_sem, pshared, 0) != 0) {
        err_set(err, "cannot create a semaphore");
        world_free(w);
        return false;
    }
    if (shm && !proc_init(w, err)) {
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
    if (w->os) os_end(w);
    proc_free(w);
    for (int i = 0; w->actors && i < w->n_actors; i++) {
        sem_destroy(&w->actors[i].sem);
        world_dealloc(w, w->actors[i].locals);
    }
    if (w->res) {
        for (int i = 0; i < w->n_res; i++) {
            world_dealloc(w, w->res[i].waiters);
            world_dealloc(w, w->res[i].permits);
            world_dealloc(w, w->res[i].items);
            prims_res_free(w, &w->res[i]);
        }
    }
    world_dealloc(w, w->actors);
    world_dealloc(w, w->res);
    world_dealloc(w, w->cpu_actor);
    world_dealloc(w, w->ready);
    world_dealloc(w, w->heap);
    world_dealloc(w, w->out);
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

/* Removes a's pending deadline of that kind (a woken actor's timeout), so
 * stale deadlines neither fill the heap nor hide a deadlock. */
void world_dl_cancel(World *w, DlKind kind, int actor)
{
    int k = 0;
    for (int i = 0; i < w->n_heap; i++)
        if (!(w->heap[i].kind == kind && w->heap[i].actor == actor)) w->heap[k++] = w->heap[i];
    if (k == w->n_heap) return;
    /* rebuild: (t, order) is a total order, so the pops stay the same */
    int n = k;
    w->n_heap = 0;
    Deadline *tmp = w->heap;
    for (int i = 0; i < n; i++) {
        Deadline d = tmp[i];
        int j = w->n_heap++;
        while (j > 0) {
            int p = (j - 1) / 2;
            if (!dl_less(&d, &w->heap[p])) break;
            w->heap[j] = w->heap[p];
            j = p;
        }
        w->heap[j] = d;
    }
}

bool res_wait_remove(RtRes *r, int a, int n_actors)
{
    for (int i = 0; i < r->n_waiters; i++) {
        if (r->waiters[(r->w_head + i) % n_actors] != a) continue;
        for (int j = i; j + 1 < r->n_waiters; j++)
            r->waiters[(r->w_head + j) % n_actors] = r->waiters[(r->w_head + j + 1) % n_actors];
        r->n_waiters--;
        return true;
    }
    return false;
}

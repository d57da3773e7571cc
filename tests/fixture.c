/* fixture — see fixture.h. */
#include "fixture.h"

#include <stdio.h>
#include <stdlib.h>

void fix_init(Fix *f, int n, int cpus, int nres, const ResType *types)
{
    f->sc = scenario_new();
    snprintf(f->sc->title, sizeof f->sc->title, "hand-made");
    f->sc->cpus = cpus;
    f->sc->n_actors = n;
    f->sc->actors = calloc((size_t)n, sizeof *f->sc->actors);
    for (int a = 0; a < n; a++) {
        snprintf(f->sc->actors[a].id, sizeof f->sc->actors[a].id, "a.%d", a + 1);
        snprintf(f->sc->actors[a].label, sizeof f->sc->actors[a].label, "Actor %d", a + 1);
        f->sc->actors[a].vpid = a + 1;
        f->sc->actors[a].autostart = true;
        f->sc->actors[a].pool = -1;
    }
    f->sc->n_res = nres;
    f->sc->res = calloc((size_t)(nres ? nres : 1), sizeof *f->sc->res);
    for (int r = 0; r < nres; r++) {
        ScResource *x = &f->sc->res[r];
        snprintf(x->id, sizeof x->id, "r%d", r);
        snprintf(x->label, sizeof x->label, "Resource %d", r);
        x->type = types[r];
        x->value = types[r] == RES_SEMAPHORE ? 3 : 0;
        x->capacity = types[r] == RES_QUEUE ? 4 : 0;
        x->lock = -1;
        x->parties = types[r] == RES_BARRIER ? 3 : 0;
        x->workers = types[r] == RES_POOL ? 2 : 0;
    }
    Err err;
    if (!model_init(&f->m, f->sc, &err)) {
        fprintf(stderr, "fixture: %s\n", err.msg);
        abort(); /* a test fixture that cannot be built is a broken test */
    }
}

void fix_free(Fix *f)
{
    model_free(&f->m);
    scenario_free(f->sc);
}

void fix_run_on(Fix *f, int a, int cpu)
{
    f->m.actors[a].state = AS_RUNNING;
    f->m.actors[a].cpu = cpu;
    f->m.cpu_holder[cpu] = a;
}

void fix_make_ready(Fix *f, int a)
{
    f->m.actors[a].state = AS_READY;
    idlist_push(&f->m.ready, a);
}

void fix_block_on(Fix *f, int a, int r)
{
    f->m.actors[a].state = AS_BLOCKED;
    f->m.actors[a].res = r;
    snprintf(f->m.actors[a].op, sizeof f->m.actors[a].op, "acquire");
    idlist_push(&f->m.res[r].waiters, a);
}

void fix_pool_workers(Fix *f, int pool, int first, int n)
{
    for (int a = first; a < first + n && a < f->sc->n_actors; a++) {
        f->sc->actors[a].pool = pool;
        snprintf(f->sc->actors[a].role, sizeof f->sc->actors[a].role, "worker");
        f->sc->actors[a].daemon = true;
    }
    f->sc->res[pool].workers = n;
}

static void push_item(Value **v, int *n, int *cap, Value x)
{
    if (*n == *cap) {
        int c = *cap ? *cap * 2 : 4;
        Value *p = realloc(*v, (size_t)c * sizeof *p);
        if (!p) abort();
        *v = p;
        *cap = c;
    }
    (*v)[(*n)++] = x;
}

void fix_gallery(Fix *f)
{
    ResType t[] = {RES_LOCK, RES_RLOCK, RES_CONDITION, RES_BARRIER,
                   RES_QUEUE, RES_PIPE, RES_PIPE, RES_POOL};
    fix_init(f, 12, 2, 8, t);
    Scenario *sc = f->sc;
    Model *m = &f->m;
    sc->mode = MODE_PROCESSES;
    static const char *names[] = {"door", "ledger", "not empty", "start line", "jobs", "pipe", "chat", "pool"};
    for (int r = 0; r < 8; r++) snprintf(sc->res[r].label, sizeof sc->res[r].label, "%s", names[r]);
    for (int a = 0; a < 12; a++) m->actors[a].pid = 4100 + a;
    sc->res[2].lock = 1;
    sc->res[4].joinable = true;
    sc->res[4].capacity = 0;
    sc->res[6].duplex = true;
    fix_pool_workers(f, 7, 8, 2);
    /* 0 runs, holding the rlock twice */
    fix_run_on(f, 0, 0);
    idlist_push(&m->res[1].holders, 0);
    idlist_push(&m->res[1].holders, 0);
    fix_make_ready(f, 1);
    /* 2 was killed by a signal while holding the lock */
    m->actors[2].state = AS_KILLED;
    m->actors[2].sig = 9;
    snprintf(m->actors[2].error, sizeof m->actors[2].error, "signal 9 (SIGKILL)");
    idlist_push(&m->res[0].holders, 2);
    fix_block_on(f, 3, 2);
    snprintf(m->actors[3].op, sizeof m->actors[3].op, "wait");
    /* two of three at the barrier */
    fix_block_on(f, 4, 3);
    fix_block_on(f, 5, 3);
    idlist_push(&m->res[3].arrived, 4);
    idlist_push(&m->res[3].arrived, 5);
    sc->actors[6].autostart = false;
    m->actors[7].state = AS_BLOCKED;
    m->actors[7].res = -1;
    m->actors[7].target = 0;
    snprintf(m->actors[7].op, sizeof m->actors[7].op, "join");
    /* the joinable queue: two items, three tasks not done */
    push_item(&m->res[4].items, &m->res[4].n_items, &m->res[4].cap_items, value_int(7));
    push_item(&m->res[4].items, &m->res[4].n_items, &m->res[4].cap_items, value_str("bread"));
    m->res[4].unfinished = 3;
    /* the simplex pipe: items 1, 2; actor 1 alone still holds the write end */
    push_item(&m->res[5].items, &m->res[5].n_items, &m->res[5].cap_items, value_int(1));
    push_item(&m->res[5].items, &m->res[5].n_items, &m->res[5].cap_items, value_int(2));
    for (int a = 0; a < 12; a++) m->res[5].ends[a] = a == 1 ? 2 : (a == 3 ? 1 : 0);
    push_item(&m->res[6].items, &m->res[6].n_items, &m->res[6].cap_items, value_str("ping"));
    push_item(&m->res[6].back, &m->res[6].n_back, &m->res[6].cap_back, value_str("pong"));
    for (int a = 0; a < 12; a++) m->res[6].ends[a] = a < 2 ? (unsigned char)(1u << a) : 0;
    /* the pool: worker 8 runs task 3; tasks 4 and 5 queued; 1 and 2 done */
    fix_run_on(f, 8, 1);
    m->actors[8].task = 3;
    fix_block_on(f, 9, 7);
    snprintf(m->actors[9].op, sizeof m->actors[9].op, "get");
    m->res[7].tasks = calloc(4, sizeof *m->res[7].tasks);
    m->res[7].cap_tasks = 4;
    m->res[7].tasks[0] = 4;
    m->res[7].tasks[1] = 5;
    m->res[7].n_tasks = 2;
    m->res[7].done = calloc(4, sizeof *m->res[7].done);
    m->res[7].cap_done = 4;
    m->res[7].done[0] = (MTask){1, value_int(1), true};
    m->res[7].done[1] = (MTask){2, value_int(4), false};
    m->res[7].n_done = 2;
    m->res[7].last_task = 5;
    m->res[7].closed = true;
    m->actors[10].state = AS_DONE;
    m->actors[11].state = AS_SLEEPING;
    m->actors[11].until = 2000000;
    m->t = 1250000;
}

/* Ten resources, one of each type (two locks), and thirty actors: some on
 * CPUs, some queued on every resource, pool workers, the rest spread out. */
void fix_crowd(Fix *f)
{
    ResType t[10] = {RES_LOCK, RES_RLOCK, RES_SEMAPHORE, RES_EVENT, RES_CONDITION,
                     RES_BARRIER, RES_QUEUE, RES_PIPE, RES_VARIABLE, RES_POOL};
    fix_init(f, 30, 4, 10, t);
    f->sc->res[4].lock = 1;
    f->sc->res[5].parties = 4;
    fix_pool_workers(f, 9, 26, 4);
    for (int a = 0; a < 26; a++) {
        switch (a % 8) {
        case 0: if (a / 8 < 3) fix_run_on(f, a, a / 8); else fix_make_ready(f, a); break;
        case 1: fix_make_ready(f, a); break;
        case 2: fix_block_on(f, a, (a / 8) % 8 == 3 ? 0 : (a / 8) % 8); break;
        case 3: fix_block_on(f, a, 5); break;
        case 4: f->m.actors[a].state = AS_SLEEPING; f->m.actors[a].until = 1000; break;
        case 5: f->m.actors[a].state = AS_DONE; break;
        case 6: fix_block_on(f, a, 4); break;
        default: fix_block_on(f, a, 6); break;
        }
    }
    fix_run_on(f, 26, 3);
    f->m.actors[26].task = 1;
    for (int a = 27; a < 30; a++) fix_block_on(f, a, 9);
}

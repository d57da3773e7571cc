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

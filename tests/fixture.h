/* fixture — hand-made Models for the view and gfx tests: a header with n
 * actors and the given resources, and setters that put an actor in a state
 * directly (no events), so those tests depend only on the drawing rules. */
#ifndef SYNCSCOPE_TEST_FIXTURE_H
#define SYNCSCOPE_TEST_FIXTURE_H

#include "core/model.h"
#include "scenario/scenario.h"

typedef struct Fix {
    Scenario *sc;
    Model m;
} Fix;

/* n actors (all "new") a.1…a.n, cpus CPUs, nres resources r0… of types[]
 * (a semaphore has 3 permits, a queue capacity 4). */
void fix_init(Fix *f, int n, int cpus, int nres, const ResType *types);
void fix_free(Fix *f);
void fix_run_on(Fix *f, int a, int cpu);
void fix_make_ready(Fix *f, int a);
/* blocked on r with op "acquire", at the tail of r's wait queue */
void fix_block_on(Fix *f, int a, int r);

#endif

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
 * (a semaphore has 3 permits, a queue capacity 4, a barrier 3 parties, a
 * pool 2 workers; a condition has no lock: set sc->res[i].lock). */
void fix_init(Fix *f, int n, int cpus, int nres, const ResType *types);
void fix_free(Fix *f);
void fix_run_on(Fix *f, int a, int cpu);
void fix_make_ready(Fix *f, int a);
/* blocked on r with op "acquire", at the tail of r's wait queue */
void fix_block_on(Fix *f, int a, int r);
/* Actors first … first+n-1 become pool's workers (role "worker"). */
void fix_pool_workers(Fix *f, int pool, int first, int n);
/* Every issue-3 card at once, in processes mode, 12 actors on 2 CPUs:
 * r0 lock held by the killed a.3; r1 rlock held by a.1 (running) twice;
 * r2 condition on r1 with a.4 waiting; r3 barrier (3 parties) with a.5,
 * a.6 arrived; r4 joinable queue [7, "bread"], 3 unfinished; r5 pipe [1, 2]
 * (write end: a.2 only; read end: a.4 only); r6 duplex pipe ("ping" a→b,
 * "pong" b→a; end a: a.1, end b: a.2); r7 pool, closed, workers a.9
 * (running task 3) and a.10 (waiting for a task), tasks 4, 5 queued,
 * results #1→1 (called back), #2→4. a.7 new with autostart false, a.8
 * joins a.1, a.11 done, a.12 sleeping. */
void fix_gallery(Fix *f);
/* Ten resources (two locks and one of every other type) and thirty actors on
 * four CPUs, some queued on every resource, four of them pool workers. */
void fix_crowd(Fix *f);

#endif

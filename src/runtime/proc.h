/* proc — processes mode (SPEC §2 "mode": "processes"): every actor a forked
 * process, the whole World in one shared region, the baton guarded by a
 * process-shared robust mutex. Private to src/runtime/.
 *
 * shm.c: the region. One MAP_SHARED|MAP_ANONYMOUS|MAP_NORESERVE mapping,
 * reserved large (pages are committed only when touched) and handed out by
 * a bump allocator whose cursor lives at the region's start, so a block
 * allocated by any process is seen by all of them at the same address.
 * Nothing is freed before the region is unmapped whole; growing arrays get
 * a new block and copy.
 *
 * proc.c: the processes. They are forked before the runner starts any
 * thread of its own; each one parks on its process-shared semaphore,
 * takes steps exactly as a thread actor does, and _exit()s when the world
 * is over. The runner notices a child that died (inside its step: the
 * robust mutex says EOWNERDEAD; while parked: SIGCHLD and waitpid), shows
 * it `killed` with its signal (the outcome becomes `fault`), keeps its
 * holdings, and reaps every child on every way out. */
#ifndef SYNCSCOPE_RUNTIME_PROC_H
#define SYNCSCOPE_RUNTIME_PROC_H

#include <stdbool.h>
#include <stddef.h>

#include "base/err.h"
#include "runtime/world.h"

typedef struct ProcShm ProcShm;

/* shm.c */
ProcShm *shm_create(Err *err);
void *shm_alloc(ProcShm *shm, size_t bytes);            /* zeroed; NULL when full */
void *shm_realloc(ProcShm *shm, void *p, size_t bytes); /* copies; the old block stays */
void shm_destroy(ProcShm *shm);

/* proc.c (runner side unless said otherwise) */
bool proc_init(World *w, Err *err);   /* world_init's part for processes mode */
void proc_free(World *w);             /* world_free's part; nothing in threads mode */
/* Forks every actor and waits until all are parked. false (with err):
 * none is left behind. */
bool proc_start(World *w, Err *err);
/* The baton in processes mode: actor a takes its step(s); returns when it
 * handed the baton back or died (then it is shown killed). */
void proc_run_step(World *w, int a);
/* Looks after the children: the runner's interrupt flag reaches the
 * actors, and a child that went (SIGCHLD) is reaped; its death waits to
 * be shown (no event, no change to the World: safe anywhere in the
 * runner). Cheap when nothing happened. No-op in threads mode and in an
 * actor process. */
void proc_poll(World *w);
/* Whether deaths wait to be shown (the pacing wait then ends early). */
bool proc_pending(const World *w);
/* Shows the deaths that wait: `killed` with the signal, `owner_dead` for
 * each lock held, the actor out of every queue and the heap. The runner,
 * holding the baton, between two decisions; true if any (then the
 * scheduler plans again: deadlines may have gone). */
bool proc_show_deaths(World *w);
/* If an actor was killed from outside, the run is a fault: says so in
 * front of reason (the run's own ending, kept after "; then: ") and
 * returns true. */
bool proc_fault_reason(const World *w, char *reason, size_t cap);
/* Ends every child and reaps it. No-op in threads mode. */
void proc_stop(World *w);
/* The loop of an actor process (child side); never returns. */
void proc_child_main(World *w, int a);

#endif

/* model — the one pure model of a run: applies events, holds the complete
 * visible state, and rejects events that break a primitive's rules.
 *
 * The window, `replay` and the tests all rebuild state through
 * model_apply(); the view only draws what a Model holds. No SDL, no
 * threads, no clock, no randomness: the same events give the same state.
 * A Model points at its header Scenario (not owned; must outlive it). */
#ifndef SYNCSCOPE_CORE_MODEL_H
#define SYNCSCOPE_CORE_MODEL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "base/err.h"
#include "core/event.h"
#include "core/expect.h"
#include "core/value.h"
#include "scenario/scenario.h"

typedef enum ActorState {
    AS_NEW = 0, AS_READY, AS_RUNNING, AS_BLOCKED, AS_SLEEPING, AS_DONE, AS_KILLED, AS_ERROR,
    AS__COUNT
} ActorState;

/* Growable list of actor indices (wait queues, ready queue, holders). */
typedef struct IdList {
    int *v;
    int n, cap;
} IdList;

typedef struct MActor {
    ActorState state;
    bool created;                  /* its "new" event has been applied */
    int cpu;                       /* running: its CPU, else -1 */
    int res;                       /* blocked: what it waits on, else -1 */
    char op[16];                   /* blocked: "acquire", "wait", "put", "get" */
    int64_t since;                 /* t of the last state change */
    int64_t until;                 /* sleeping: wake time, else -1 */
    char caption[VALUE_STR_MAX + 1]; /* latest say */
    char fail[16];                 /* latest step that could not go on: "Full", "Empty",
                                      "busy", "timed out"; "" if none yet */
    int64_t fail_t;                /* when (virtual us) */
    int64_t caption_t;
    char error[VALUE_STR_MAX + 1]; /* state error: the message; killed: reason */
    int64_t pid;
    bool has_stats;
    int64_t ready_us, turnaround_us, response_us;
    /* issue 3 */
    int target;                    /* blocked on a join of an actor: that actor, else -1 */
    bool started;                  /* a "start" targeted it (autostart false) */
    bool woken;                    /* blocked, and served since (hand-off, barrier
                                      passed): its "ready" may follow */
    bool timed_out;                /* blocked, and its wait expired ("fail" timeout) */
    int pend_lock;                 /* notified (or timed out) on a condition: the lock it
                                      must queue for or take next, else -1 */
    int saved_depth;               /* rlock depth a condition wait gave up (restored) */
    int64_t task;                  /* a pool worker: the task it runs, 0 none */
    int64_t awaits;                /* the last task it submitted (apply waits for it), 0 */
    int sig;                       /* killed by this signal, 0 none */
} MActor;

/* A pool's finished task. */
typedef struct MTask {
    int64_t task;
    Value result;
    bool called_back;
} MTask;

typedef struct MResource {
    IdList holders;                /* lock: 0 or 1; semaphore: who took permits */
    int64_t count;                 /* semaphore: free permits */
    bool flag;                     /* event */
    Value *items;                  /* queue: FIFO contents */
    int n_items, cap_items;
    int64_t value;                 /* variable */
    int last_writer;               /* variable: actor index, -1 */
    IdList waiters;                /* FIFO wait queue */
    /* issue 3 */
    int64_t unfinished;            /* joinable queue: puts - task_dones */
    IdList arrived;                /* barrier: who arrived this round, in order */
    int64_t rounds;                /* barrier: times it passed */
    unsigned char *ends;           /* pipe: per actor, the ends it holds: bit 0 the
                                      read end (duplex "a"), bit 1 the write end ("b") */
    Value *back;                   /* duplex pipe: items sent on end "b" toward "a"
                                      (items: sent on "write"/"a" toward "read"/"b") */
    int n_back, cap_back;
    int64_t *tasks;                /* pool: submitted task numbers not started, FIFO */
    int n_tasks, cap_tasks;
    int64_t last_task;             /* pool: highest task number submitted */
    MTask *done;                   /* pool: finished tasks in completion order */
    int n_done, cap_done;
    bool closed;                   /* pool: close() was called */
} MResource;

typedef struct Model {
    const Scenario *hdr;           /* actors/resources by index */
    uint64_t next_seq;             /* seq the next event must carry */
    int64_t t;                     /* virtual time of the last event (us) */
    MActor *actors;                /* hdr->n_actors */
    MResource *res;                /* hdr->n_res */
    int *cpu_holder;               /* hdr->cpus entries: actor index or -1 */
    IdList ready;                  /* the ready queue in order */
    bool ended;
    Outcome outcome;
    char reason[VALUE_STR_MAX + 1];
    int end_expect_ok;             /* what the end line claimed: -1/0/1 */
    bool has_overall_stats;
    int64_t busy_us, span_us;
    double util;
    Event last;                    /* the last event applied */
} Model;

bool model_init(Model *m, const Scenario *hdr, Err *err);
void model_free(Model *m);
/* Deep copy (dst must be uninitialised or freed); false on OOM. */
bool model_copy(Model *dst, const Model *src, Err *err);

/* Applies one event. On a broken rule returns false, leaves the model as
 * it was, and sets err to the rule ("lock \"l\" already held by a"). */
bool model_apply(Model *m, const Event *ev, Err *err);

/* The expect results from the model's own state (its outcome after the
 * end event, its variables): what `replay --expect` checks. */
void model_expect(const Model *m, ExpectResult *out);

/* Readable text of the whole state (`replay --dump`). */
void model_dump(const Model *m, FILE *f);

const char *actor_state_name(ActorState s);   /* "running", ... */

/* IdList helpers (used by model and view). */
bool idlist_push(IdList *l, int id);
bool idlist_remove(IdList *l, int id);       /* first occurrence; false if absent */
int idlist_find(const IdList *l, int id);    /* index or -1 */
void idlist_free(IdList *l);

#endif

/* world — the runtime's one shared state: actors, resources (monitors with
 * FIFO wait queues), the ready queue, the deadline heap, the virtual clock
 * and the trace emitter. Private to src/runtime/.
 *
 * Concurrency rule: exactly one thread touches the World at a time. The
 * scheduler (rt_run's thread) owns it until it posts an actor's semaphore
 * (the baton); the actor owns it for one step and posts the scheduler's
 * semaphore back. sem_post/sem_wait order the memory, so no mutex is
 * needed and no decision depends on which thread the OS woke first.
 * Links pthreads; no SDL. */
#ifndef SYNCSCOPE_RUNTIME_WORLD_H
#define SYNCSCOPE_RUNTIME_WORLD_H

#include <pthread.h>
#include <semaphore.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/event.h"
#include "runtime/runtime.h"
#include "scenario/scenario.h"

#define RT_EVENT_CAP 10000000ULL    /* SPEC §4: a cap of 10M events ends a run */
#define RT_OUT_BATCH 65536          /* one write() is at most this many bytes */
#define RT_MAX_US (INT64_C(1) << 60) /* virtual times are clamped below this */

typedef enum RtState {
    RS_NEW = 0, RS_READY, RS_RUNNING, RS_BLOCKED, RS_SLEEPING, RS_DONE, RS_KILLED, RS_ERROR
} RtState;

/* Where an actor is in its script: one frame per open block. */
typedef enum FrameKind { FR_ROOT = 0, FR_WITH, FR_REPEAT, FR_LOOP, FR_WHILE, FR_IF } FrameKind;

typedef struct Frame {
    FrameKind kind;
    const StepList *list;
    int pc;                  /* next step of list */
    const Step *owner;       /* the with/repeat/loop/while/if step; NULL at root */
    int64_t iter;            /* loops: the current iteration, 1-based */
} Frame;

typedef struct Local {
    char name[SC_ID_MAX];
    Value v;
} Local;

typedef struct World World;

typedef struct RtActor {
    World *world;
    int idx;
    const ScActor *sc;
    pthread_t thread;
    bool started;            /* the thread exists (join it) */
    sem_t sem;               /* the actor parks here */
    int64_t tid;
    RtState state;
    int cpu;                 /* running: its CPU */
    int res;                 /* blocked: the resource */
    char op[16];             /* blocked: the operation */
    Value pending_item;      /* blocked put: the item to put */
    const Step *pending_step;/* blocked get: the step (for into and say) */
    int64_t work_left;       /* us of work still to do before the next step */
    int64_t slice_start;     /* rr: when it got its CPU (quantum) */
    /* interpreter */
    Frame stack[SC_MAX_NESTING + 2];
    int depth;
    bool unwinding;          /* a break is leaving blocks */
    Local *locals;
    int n_locals, cap_locals;
    /* stats */
    int64_t first_ready, first_running, end_t;
    int64_t ready_since, running_since, ready_total;
} RtActor;

typedef struct RtRes {
    const ScResource *sc;
    int holder;              /* lock: actor index or -1 */
    int64_t count;           /* semaphore: free permits */
    int *permits;            /* semaphore: permits each actor holds */
    bool flag;               /* event */
    Value *items;            /* queue: ring of cap_items */
    int head, n_items, cap_items;
    int64_t value;           /* variable */
    int *waiters;            /* FIFO wait queue: ring of n_actors */
    int w_head, n_waiters;
} RtRes;

typedef enum DlKind { DL_START = 0, DL_WAKE, DL_STEP } DlKind;

typedef struct Deadline {
    int64_t t;
    uint64_t order;          /* insertion order: ties fire in the order set */
    DlKind kind;
    int actor;
} Deadline;

struct World {
    const Scenario *sc;      /* as given (scripts) */
    Scenario hdr;            /* shallow copy with the effective seed (header) */
    const RtOptions *opt;
    RtActor *actors;
    int n_actors;
    RtRes *res;
    int n_res;
    int *cpu_actor;          /* per CPU: the running actor or -1 */
    int *ready;              /* ready queue: ring of n_actors */
    int r_head, n_ready;
    Deadline *heap;
    int n_heap;
    uint64_t dl_order;
    int64_t now;             /* virtual us */
    uint64_t rng;            /* splitmix64 state */
    double speed;
    sem_t sched_sem;         /* the scheduler parks here */
    volatile bool over;      /* the run has ended: actors return */
    int current;             /* the actor holding the baton, -1 = scheduler */
    int64_t busy_us;
    /* emitter */
    uint64_t seq;
    char *out;
    size_t out_len;
    bool write_failed;
    bool instant;
    /* pacing (clock.c) */
    int64_t pace_base_t;     /* virtual time at pace_base_wall */
    int64_t pace_base_wall;  /* monotonic ns */
    int64_t last_flush_wall, last_ctl_wall;
    bool paused, ctl_eof;
    char ctl_buf[256];
    size_t ctl_len;
    int live_nondaemon;      /* actors not daemon and not ended */
    int64_t stop_us;         /* stop_after_ms in us */
};

/* world.c */
bool world_init(World *w, const Scenario *sc, const RtOptions *opt, Err *err);
void world_free(World *w);
uint64_t world_rand(World *w);
/* A duration in us drawn from [min_ms, max_ms] (one draw only when they differ). */
int64_t world_draw_ms(World *w, int64_t min_ms, int64_t max_ms);
void world_ready_push(World *w, int a);
int world_ready_take(World *w, int k); /* removes the k-th (0-based) ready actor */
void world_dl_push(World *w, int64_t t, DlKind kind, int actor);
bool world_dl_peek(const World *w, Deadline *out);
void world_dl_pop(World *w);
void res_wait_push(RtRes *r, int a, int n_actors);
int res_wait_pop(RtRes *r, int n_actors);          /* -1 when empty */
int res_wait_peek(const RtRes *r, int n_actors);   /* -1 when empty */

/* emit.c: every event goes through here (seq and t are filled in) */
void emit(World *w, Event *ev);
void emit_end(World *w, Event *ev, const ExpectResult *ex);
void emit_flush(World *w);
bool emit_header(World *w);
/* Actor state changes that also move the actor between queues. */
void emit_ready(World *w, int a);          /* -> ready queue */
void emit_blocked(World *w, int a, int res, const char *op);
void emit_leave_cpu(World *w, int a);      /* bookkeeping when a running actor stops */
void emit_simple(World *w, EvKind k, int a, int res);
/* The actor ends: done, killed (text = reason) or error (text = message). */
void emit_actor_end(World *w, int a, EvKind k, const char *text);

/* clock.c: waits until virtual time t may be shown (pacing, pause, ctl) */
void clock_init(World *w);
bool clock_advance(World *w, int64_t t); /* false: the run is interrupted */
void clock_poll_ctl(World *w);

/* prims.c: resource operations, run by the acting actor in its step.
 * false: a runtime error, described in msg (without the step's path). */
bool prim_acquire(World *w, int a, int r, char *msg, size_t cap);
bool prim_release(World *w, int a, int r, char *msg, size_t cap);
bool prim_wait(World *w, int a, int r, char *msg, size_t cap);
bool prim_set(World *w, int a, int r, bool on, char *msg, size_t cap);
bool prim_put(World *w, int a, int r, const Value *item, char *msg, size_t cap);
bool prim_get(World *w, int a, int r, const Step *st, char *msg, size_t cap);
int prim_holders(const World *w, int r, int *out, int max);

/* interp.c */
void interp_init(RtActor *ac);
/* Executes one atomic step for actor a (it holds the baton). */
void interp_step(World *w, int a);
/* The say of step st for actor a (after a hand-off into a blocked getter). */
void interp_say(World *w, int a, const Step *st);
void interp_set_local(RtActor *ac, const char *name, const Value *v);

#endif

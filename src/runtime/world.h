/* world — the runtime's one shared state: actors, resources (monitors with
 * FIFO wait queues), the ready queue, the deadline heap, the virtual clock
 * and the trace emitter. Private to src/runtime/.
 *
 * Concurrency rule: exactly one thread touches the World at a time. The
 * scheduler (rt_run's thread) owns it until it posts an actor's semaphore
 * (the baton); the actor owns it for one step and posts the scheduler's
 * semaphore back. sem_post/sem_wait order the memory, so no mutex is
 * needed and no decision depends on which thread the OS woke first.
 *
 * Memory: all World memory comes from world_calloc/world_realloc (freed
 * with world_dealloc): in processes mode every actor process sees the same
 * bytes (one MAP_SHARED region, see proc.h), in threads mode they are
 * calloc/realloc/free. Anything one actor writes for another (an item for
 * a blocked getter, a local set by a hand-off) must live there; a thread's
 * or process's own malloc is private.
 * Processes mode (proc.c): each actor is a forked process; the baton also
 * carries a process-shared robust mutex (mx), so the runner can tell an
 * actor that died inside its step (EOWNERDEAD) and never hangs on it.
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
    /* issue 3: timeouts, results, lifecycle, pools (runtime engineer) */
    bool has_timeout;        /* blocked with a DL_TIMEOUT pending */
    uint64_t block_order;    /* when it blocked (joiners of an actor wake FIFO) */
    int target;              /* blocked join on an actor: the one awaited; -1 */
    int cond;                /* condition wait: the condition (then its lock); -1 */
    int restore_depth;       /* condition wait on an rlock: the depth to restore */
    int64_t step_dl_t;       /* its pending STEP deadline (preemption gives the rest back) */
    int64_t task;            /* pool worker / callback runner: the task it runs, 0 idle */
    bool task_fresh;         /* the task was handed over: set it up at the next step */
    bool ever_started;       /* autostart false: a start step started it */
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
    /* issue 3 (runtime engineer; all world memory) */
    int depth;               /* rlock: the holder's depth */
    int arrived;             /* barrier: arrivals in this cycle */
    int64_t unfinished;      /* joinable queue: puts - task_done; pool: tasks not done */
    Value *items2;           /* duplex pipe: the b -> a direction (items: a -> b) */
    int head2, n_items2, cap_items2;
    unsigned char *ends;     /* pipe: per actor, the ends it holds (bit 0 write/a, bit 1 read/b) */
    bool closed;             /* pool */
    struct RtTask *tasks;    /* pool: every task submitted, task k at [k-1] */
    int n_tasks, cap_tasks, next_task; /* next_task: the first not yet started */
    int64_t *cb_queue;       /* pool: finished tasks whose callback waits, FIFO */
    int cb_head, n_cb, cap_cb;
} RtRes;

/* A pool's task (world memory: a worker reads what a submitter wrote). */
typedef struct RtTask {
    const Step *st;          /* the submit step: script, callback, arg names */
    int submitter;
    Value *args;             /* st->n_args values, evaluated at submit */
    Value result;
} RtTask;

typedef enum DlKind { DL_START = 0, DL_WAKE, DL_STEP, DL_TIMEOUT } DlKind;

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
    int write_errno; /* the first failed write's errno, for the user */
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
    bool finishing;          /* the run is over: ending actors wake no one (life.c) */
    /* processes mode (proc.c); all zero in threads mode */
    struct ProcShm *shm;     /* the shared region this World lives in, or NULL */
    struct ProcState *procs; /* runner-side bookkeeping, or NULL */
    /* the os policy (os.c): no baton; every step is taken under os_mx, the
     * one lock that orders emission (read the clock, step, emit, release) */
    bool os;
    pthread_mutex_t os_mx;   /* (an actor that stops running posts sched_sem) */
    int os_runner_waiting;   /* (atomic) the runner wants os_mx: actors let go */
    /* the end-of-run report (emit_actor_end_sig records, rt_run copies) */
    int n_errors;
    int err_actor[RT_ERRORS_MAX];
    char err_text[RT_ERRORS_MAX][EV_TEXT_MAX + 1];
};

/* world.c */
/* A new World for sc: in processes mode (sc->mode) it lives, with all its
 * memory, in a fresh shared region; world_delete frees or unmaps it. */
World *world_new(const Scenario *sc, const RtOptions *opt, Err *err);
void world_delete(World *w);
/* World memory (see the top): zeroed; NULL when out of memory or n*size
 * overflows. world_realloc keeps the old bytes (new ones are zero in
 * processes mode only); world_dealloc(NULL) is fine. */
void *world_calloc(World *w, size_t n, size_t size);
void *world_realloc(World *w, void *p, size_t size);
void world_dealloc(World *w, void *p);
bool world_init(World *w, const Scenario *sc, const RtOptions *opt, Err *err); /* threads mode */
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
/* A ready actor (already taken off the ready queue) gets CPU cpu. */
void emit_running(World *w, int a, int cpu);
void emit_blocked(World *w, int a, int res, const char *op);
void emit_leave_cpu(World *w, int a);      /* bookkeeping when a running actor stops */
void emit_simple(World *w, EvKind k, int a, int res);
/* The actor ends: done, killed (text = reason) or error (text = message). */
void emit_actor_end(World *w, int a, EvKind k, const char *text);
/* The same with the signal that killed it (processes mode; -1: none). */
void emit_actor_end_sig(World *w, int a, EvKind k, const char *text, int sig);

/* clock.c: waits until virtual time t may be shown (pacing, pause, ctl) */
void clock_init(World *w);
bool clock_advance(World *w, int64_t t); /* false: the run is interrupted */
void clock_poll_ctl(World *w);

/* prims*.c, pool.c, life.c (runtime engineer): resource operations, run by
 * the acting actor in its step; st is the step (NULL-safe: `with` passes
 * its own), for timeout_ms, blocking, into, ok and a say after completion.
 * false: a runtime error, described in msg (without the step's path). */
bool prims_res_init(World *w, RtRes *r);   /* world_init's part for issue 3 */
void prims_res_free(World *w, RtRes *r);
bool prim_acquire(World *w, int a, int r, const Step *st, char *msg, size_t cap);
bool prim_release(World *w, int a, int r, char *msg, size_t cap);
bool prim_wait(World *w, int a, int r, const Step *st, char *msg, size_t cap);
bool prim_set(World *w, int a, int r, bool on, char *msg, size_t cap);
bool prim_put(World *w, int a, int r, const Value *item, const Step *st, char *msg, size_t cap);
bool prim_get(World *w, int a, int r, const Step *st, char *msg, size_t cap);
bool prim_task_done(World *w, int a, int r, char *msg, size_t cap);
bool prim_join_res(World *w, int a, int r, const Step *st, char *msg, size_t cap);
int prim_holders(const World *w, int r, int *out, int max);
/* The lock r hands itself to its first waiter (after a release or a wait). */
void prim_lock_handoff(World *w, int r);
/* The first waiter of r whose op is op, taken out of the queue; -1 if none. */
int prim_take_waiter(World *w, int r, const char *op);
/* Blocks a on r (op) for step st, with st's timeout if it has one. */
void prim_block(World *w, int a, int r, const char *op, const Step *st);
/* a's step st completed: into gets *into (if given and st has into), ok
 * gets ok (>= 0, if st has ok), then st's say if it is shown afterwards. */
void prim_complete(World *w, int a, const Step *st, const Value *into, int ok);
bool prim_says_after(const Step *st);
/* prims_sync.c: condition and barrier */
bool prim_cond_wait(World *w, int a, int r, const Step *st, char *msg, size_t cap);
bool prim_notify(World *w, int a, int r, int n, char *msg, size_t cap);
bool prim_barrier_wait(World *w, int a, int r, const Step *st, char *msg, size_t cap);
/* A notified (or timed-out) condition waiter x goes after the lock of condition r. */
void prims_cond_reacquire(World *w, int x, int r);
/* prims_pipe.c */
bool prim_send(World *w, int a, int r, const Value *item, const Step *st, char *msg, size_t cap);
bool prim_recv(World *w, int a, int r, const Step *st, char *msg, size_t cap);
bool prim_close(World *w, int a, int r, const Step *st, char *msg, size_t cap);
void pipes_actor_ended(World *w, int a);   /* its ends close: maybe EOF for readers */
/* pool.c */
bool pool_submit(World *w, int a, int r, const Step *st, const Value *args, char *msg, size_t cap);
bool pool_close(World *w, int a, int r, char *msg, size_t cap);
bool pool_join(World *w, int a, int r, const Step *st, char *msg, size_t cap);
/* A worker's or callback runner's turn: true if it used the step. */
bool pool_actor_step(World *w, int a);
/* Its task's (or callback's) script ended. */
void pool_actor_end_of_script(World *w, int a);
/* life.c: lifecycle, timeouts, the end of an actor */
bool life_start(World *w, int a, const Step *st, char *msg, size_t cap);
bool life_join(World *w, int a, const Step *st, char *msg, size_t cap);
bool life_terminate(World *w, int a, const Step *st, char *msg, size_t cap);
void life_timeout(World *w, int a);        /* a DL_TIMEOUT of a fired */
void life_actor_ended(World *w, int a);    /* after its done/killed/error event */
void life_preempt_check(World *w);         /* priority: preempt lower running actors */
/* world.c additions */
void world_dl_cancel(World *w, DlKind kind, int actor);
bool res_wait_remove(RtRes *r, int a, int n_actors);

/* sched.c: an actor's turn once it holds the baton: its step, and more
 * while nothing else could happen first (the same for threads and
 * processes). */
void sched_actor_turn(World *w, RtActor *ac);

/* proc.c (processes mode, see proc.h): the terminate step's kill. The
 * caller (the actor holding the baton) has emitted `terminate`; this
 * SIGKILLs the target's process (parked: only the baton holder runs),
 * takes it out of every queue and the heap, emits its `killed` (reason
 * "terminated"), `owner_dead` for each lock it holds (it stays the
 * holder), and calls life_actor_ended. The runner reaps the process later.
 * false (nothing done): threads mode, or the target has already ended. */
bool proc_terminate(World *w, int target);

/* os.c: the os policy (threads and processes mode). os_begin/os_end set
 * up and tear down os_mx (process-shared and robust in processes mode);
 * os_actor_main is an actor thread's body; os_actor_wake is what an actor
 * (thread or process) does each time its semaphore is posted: it runs
 * while it is running, then tells the runner (true: the run is over, leave);
 * the runner's loop watches the world: deadlines (start, wake, timeout) on
 * the wall clock, the control pipe, dead children, the endings. */
bool os_begin(World *w, Err *err);
void os_end(World *w);
void *os_actor_main(void *p);
bool os_actor_wake(World *w, RtActor *ac);
Outcome os_run_loop(World *w, char *reason, size_t cap);
/* sched.c, shared with os.c: the endings of a run */
void sched_report_deadlock(World *w, char *reason, size_t cap);
Outcome sched_completed(World *w, char *reason, size_t cap); /* kills the daemons */
/* The endings both loops check at each turn: a write error, an interrupt,
 * the window gone, the event cap, everyone done. True (with *out and
 * reason) when the run ends here. */
bool sched_ended(World *w, char *reason, size_t cap, Outcome *out);
/* What a deadline that has come does: a start or wake-up makes its actor
 * ready, a step deadline runs the step, a timeout ends a wait (both loops). */
void sched_fire(World *w, const Deadline *d);

/* interp.c */
void interp_init(RtActor *ac);
/* Executes one atomic step for actor a (it holds the baton). */
void interp_step(World *w, int a);
/* The say of step st for actor a (after a hand-off into a blocked getter). */
void interp_say(World *w, int a, const Step *st);
void interp_set_local(RtActor *ac, const char *name, const Value *v);

#endif

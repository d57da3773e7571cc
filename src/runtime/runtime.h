/* runtime — executes a scenario on real threads (SPEC §4) and emits its
 * trace on a file descriptor.
 *
 * Each actor is a real pthread that interprets its own script and really
 * blocks: it parks on its own semaphore while it waits for a CPU, a lock,
 * an item or a timer. Every resource is a monitor with an explicit FIFO
 * wait queue in one world structure, so the queue the trace shows is the
 * queue the runtime has. A scheduler hands out `cpus` virtual CPUs and runs
 * the virtual clock, so the same scenario and seed give the same trace.
 * Under the `os` policy (os.c) there is neither: the threads run freely,
 * the OS interleaves them, and t is scaled wall time.
 * Links pthreads; no SDL. */
#ifndef SYNCSCOPE_RUNTIME_RUNTIME_H
#define SYNCSCOPE_RUNTIME_RUNTIME_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "core/event.h"
#include "core/expect.h"
#include "scenario/scenario.h"

typedef struct RtOptions {
    int out_fd;          /* where the trace goes (a file, stdout, a pipe) */
    int ctl_fd;          /* control pipe from the window, or -1 (see below) */
    bool instant;        /* no wall-clock pacing */
    bool pids;           /* real tids in the trace */
    bool has_seed;       /* override the scenario's seed */
    uint64_t seed;
    bool has_speed;      /* override the scenario's speed */
    double speed;
    /* set non-zero (e.g. by a SIGINT handler: an atomic store is async-signal-safe and
     * race-free with the actor threads that read it) to interrupt; may be NULL */
    atomic_int *interrupt;
} RtOptions;

/* Control pipe protocol (window -> runner), one command per line:
 *   "pause\n", "resume\n", "speed X\n" (X a decimal > 0).
 * EOF on ctl_fd means the window is gone: the run ends as interrupted. */

#define RT_ERRORS_MAX 10 /* errors kept for the end-of-run report */

typedef struct RtResult {
    Outcome outcome;
    ExpectResult expect;
    uint64_t events;     /* events written, the end line included */
    bool write_failed;   /* the trace could not be written (a fault) */
    int write_errno;     /* why (ENOSPC, EPIPE...), 0 if unknown */
    int64_t end_t;       /* virtual time of the end line (us) */
    /* what `run` tells the user at the end (runtime-2, issue 3) */
    char reason[EV_TEXT_MAX + 1]; /* the end line's reason */
    int n_errors;        /* actors that ended in state error */
    struct {
        int actor;       /* its index in the expanded scenario */
        char msg[EV_TEXT_MAX + 1]; /* the error event's message */
    } errors[RT_ERRORS_MAX]; /* the first min(n_errors, RT_ERRORS_MAX), in trace order */
} RtResult;

/* Runs sc to its end. Returns false (with err) only when the run could not
 * start (threads, memory); every ending of a started run, a write error
 * included, is an outcome in res. Never leaves a thread behind. */
bool rt_run(const Scenario *sc, const RtOptions *opt, RtResult *res, Err *err);

/* Exit code of a run per SPEC §5. */
int rt_exit_code(const RtResult *res);

#endif

/* proc — processes mode (see proc.h): forking the actors, the baton with a
 * process-shared robust mutex, noticing a child that died, and reaping
 * every child on every way out.
 *
 * The runner holds the world mutex whenever it holds the baton and lets go
 * of it only to post an actor's semaphore; the actor locks it for its
 * step(s) and unlocks it before it posts the baton back. So a child that
 * dies inside its step leaves the mutex owner-dead (EOWNERDEAD for the
 * runner), and one that dies while parked holds nothing: SIGCHLD wakes
 * the runner, which reaps it with waitpid(pid, WNOHANG) — by pid, never
 * -1, so the caller's own children are left alone. Either way the actor
 * is shown `killed` with its signal and keeps what it holds (SPEC §4:
 * a dead holder stays the holder); `owner_dead` follows at once for each
 * lock it held, and the run's outcome becomes `fault`. */
#define _GNU_SOURCE /* pthread_mutexattr_setrobust, PR_SET_PDEATHSIG */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "runtime/proc.h"

#define PROC_POLL_NS (20 * 1000000L)   /* how often a runner waiting for the baton looks around */
#define PROC_STOP_WAIT_MS 2000          /* how long parked children get to _exit before SIGKILL */

typedef struct ProcState {
    pthread_mutex_t mx;        /* held by whoever holds the baton */
    bool mx_ok;
    RtOptions opt;             /* the caller's options, with interrupt -> &intr */
    atomic_int intr;           /* the interrupt every process sees (lock-free: shared memory) */
    atomic_int *user_intr;   /* the caller's flag: meaningful in the runner only */
    pid_t runner;
    bool *reaped;              /* per actor: its process was waited for */
    bool *unshown;             /* per actor: reaped, its death not yet shown */
    int *status;               /* per actor: its wait status */
    int n_unshown;
    bool forked_all;
    int killed;                /* the first actor killed from outside, or -1 */
    char killed_why[96];
    bool chld_set;             /* the runner's SIGCHLD handler is ours */
    struct sigaction old_chld;
} ProcState;

static volatile sig_atomic_t chld_seen; /* runner only: some child changed state */

static void on_sigchld(int sig)
{
    (void)sig;
    chld_seen = 1;
}

bool proc_init(World *w, Err *err)
{
    ProcState *ps = world_calloc(w, 1, sizeof *ps);
    if (!ps) return err_set(err, "out of memory");
    ps->reaped = world_calloc(w, (size_t)(w->n_actors > 0 ? w->n_actors : 1), sizeof *ps->reaped);
    size_t n = (size_t)(w->n_actors > 0 ? w->n_actors : 1);
    ps->unshown = world_calloc(w, n, sizeof *ps->unshown);
    ps->status = world_calloc(w, n, sizeof *ps->status);
    if (!ps->reaped || !ps->unshown || !ps->status) return err_set(err, "out of memory");
    pthread_mutexattr_t ma;
    if (pthread_mutexattr_init(&ma) != 0) return err_set(err, "cannot create the world mutex");
    bool ok = pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED) == 0 &&
              pthread_mutexattr_setrobust(&ma, PTHREAD_MUTEX_ROBUST) == 0 &&
              pthread_mutex_init(&ps->mx, &ma) == 0;
    pthread_mutexattr_destroy(&ma);
    if (!ok) return err_set(err, "cannot create the process-shared world mutex");
    ps->mx_ok = true;
    ps->opt = *w->opt;
    ps->user_intr = w->opt->interrupt;
    ps->opt.interrupt = &ps->intr;
    ps->killed = -1;
    w->opt = &ps->opt; /* every process reads the shared flag */
    w->procs = ps;
    return true;
}

void proc_free(World *w)
{
    ProcState *ps = w->procs;
    if (!ps) return;
    if (ps->mx_ok) pthread_mutex_destroy(&ps->mx);
    ps->mx_ok = false;
    w->procs = NULL;
}

static bool is_runner(const ProcState *ps)
{
    return getpid() == ps->runner;
}

static bool ended(const RtActor *ac)
{
    return ac->state == RS_DONE || ac->state == RS_ERROR || ac->state == RS_KILLED;
}

/* The world mutex; a previous owner that died leaves it owner-dead, which
 * is expected here (the death is handled by whoever reaps it). */
static void lock_world(ProcState *ps)
{
    int r = pthread_mutex_lock(&ps->mx);
    if (r == EOWNERDEAD) pthread_mutex_consistent(&ps->mx);
}

static void sync_interrupt(ProcState *ps)
{
    if (ps->user_intr && *ps->user_intr) ps->intr = 1;
}

static void signal_text(int sig, char *out, size_t cap)
{
    const char *abbrev = sigabbrev_np(sig);
    if (abbrev) snprintf(out, cap, "signal %d (SIG%s)", sig, abbrev);
    else snprintf(out, cap, "signal %d", sig);
}

/* Out of the ready queue and any wait queue; its deadlines go too. */
static void forget(World *w, int a)
{
    RtActor *ac = &w->actors[a];
    if (ac->state == RS_READY) {
        for (int k = 0; k < w->n_ready; k++)
            if (w->ready[(w->r_head + k) % w->n_actors] == a) { world_ready_take(w, k); break; }
    }
    if (ac->state == RS_BLOCKED && ac->res >= 0 && ac->res < w->n_res)
        res_wait_remove(&w->res[ac->res], a, w->n_actors);
    world_dl_cancel(w, DL_START, a);
    world_dl_cancel(w, DL_WAKE, a);
    world_dl_cancel(w, DL_STEP, a);
    world_dl_cancel(w, DL_TIMEOUT, a);
}

/* A dead actor: `killed`, then `owner_dead` at once for every lock it
 * holds (it stays the holder: nothing is released for it). */
static void show_killed(World *w, int a, const char *why, int sig)
{
    forget(w, a);
    emit_actor_end_sig(w, a, EV_KILLED, why, sig);
    for (int r = 0; r < w->n_res; r++) {
        const RtRes *res = &w->res[r];
        if ((res->sc->type == RES_LOCK || res->sc->type == RES_RLOCK) && res->holder == a)
            emit_simple(w, EV_OWNER_DEAD, a, r);
    }
    life_actor_ended(w, a);
}

/* Runner, holding the baton: actor a's process is gone with status st. */
static void on_death(World *w, int a, int st)
{
    ProcState *ps = w->procs;
    RtActor *ac = &w->actors[a];
    ps->reaped[a] = true;
    if (ended(ac)) return; /* it ended and exited, or was terminated */
    char why[96];
    int sig = -1;
    if (WIFSIGNALED(st)) {
        sig = WTERMSIG(st);
        signal_text(sig, why, sizeof why);
    } else {
        snprintf(why, sizeof why, "exited with status %d", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    }
    show_killed(w, a, why, sig);
    if (ps->killed < 0) {
        ps->killed = a;
        snprintf(ps->killed_why, sizeof ps->killed_why, "%s", why);
    }
}

/* Runner: reaps every child that has gone; their deaths wait to be shown. */
static void reap_some(World *w)
{
    ProcState *ps = w->procs;
    for (int a = 0; a < w->n_actors; a++) {
        RtActor *ac = &w->actors[a];
        if (!ac->started || ps->reaped[a]) continue;
        int st = 0;
        pid_t r = waitpid((pid_t)ac->tid, &st, WNOHANG);
        if (r == (pid_t)ac->tid || (r < 0 && errno == ECHILD)) { /* ECHILD: not ours any more */
            ps->reaped[a] = true;
            if (!ended(ac)) {
                ps->unshown[a] = true;
                ps->status[a] = r > 0 ? st : 0;
                ps->n_unshown++;
            }
        }
    }
}

void proc_poll(World *w)
{
    ProcState *ps = w->procs;
    if (!ps || !is_runner(ps)) return;
    sync_interrupt(ps);
    if (!chld_seen) return;
    chld_seen = 0;
    reap_some(w);
}

bool proc_pending(const World *w)
{
    const ProcState *ps = w->procs;
    return ps && ps->n_unshown > 0 && is_runner(ps);
}

bool proc_show_deaths(World *w)
{
    ProcState *ps = w->procs;
    if (!ps || ps->n_unshown == 0 || !is_runner(ps) || w->current >= 0) return false;
    for (int a = 0; a < w->n_actors; a++) {
        if (!ps->unshown[a]) continue;
        ps->unshown[a] = false;
        on_death(w, a, ps->status[a]);
    }
    ps->n_unshown = 0;
    return true;
}

bool proc_fault_reason(const World *w, char *reason, size_t cap)
{
    const ProcState *ps = w->procs;
    if (!ps || ps->killed < 0 || cap < 8) return false;
    char both[1024];
    int n = snprintf(both, sizeof both, "\"%s\" was killed from outside by %s",
                     w->actors[ps->killed].sc->label, ps->killed_why);
    if (n < 0) return false;
    size_t len = (size_t)n < sizeof both ? (size_t)n : sizeof both - 1;
    if (reason[0] && len + 9 < sizeof both) {
        size_t room = sizeof both - len - 1;
        size_t k = strlen(reason);
        memcpy(both + len, "; then: ", 8);
        len += 8;
        room -= 8;
        if (k > room) k = room;
        memcpy(both + len, reason, k);
        len += k;
        both[len] = '\0';
    }
    if (len >= cap) { /* cut on a UTF-8 boundary */
        len = cap - 1;
        while (len > 0 && ((unsigned char)both[len] & 0xC0) == 0x80) len--;
    }
    memcpy(reason, both, len);
    reason[len] = '\0';
    return true;
}

/* ---- the children ------------------------------------------------------- */

/* A parked child waits for the baton; should the runner be gone without
 * the death signal (PR_SET_PDEATHSIG is bound to the forking thread), it
 * notices within a second and leaves: never an orphan. */
static void child_park(const ProcState *ps, sem_t *s)
{
    for (;;) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_sec += 1;
        if (sem_timedwait(s, &ts) == 0) return;
        if (getppid() != ps->runner) _exit(1);
    }
}

void proc_child_main(World *w, int a)
{
    ProcState *ps = w->procs;
    RtActor *ac = &w->actors[a];
    /* no orphan: the child dies with the runner (and checks it is not too late) */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != ps->runner) _exit(1);
    signal(SIGINT, SIG_IGN);  /* Ctrl-C is the runner's: it ends the children */
    signal(SIGPIPE, SIG_IGN); /* a closed reader is a write error */
    signal(SIGCHLD, SIG_DFL);
    /* run's handlers only set a flag that this copy of the memory never
     * reads: a SIGTERM sent to an actor kills it as it would a Python
     * process. A hang-up goes to the whole process group when a terminal
     * closes: that is the runner's to handle (interrupted), as Ctrl-C is,
     * not a death of every actor from outside (a fault). */
    signal(SIGTERM, SIG_DFL);
    signal(SIGHUP, SIG_IGN);
    sem_post(&w->sched_sem); /* up and parked */
    for (;;) {
        child_park(ps, &ac->sem);
        if (w->over) _exit(0);
        if (w->os) { /* no baton: it runs freely under the emission lock (os.c) */
            if (os_actor_wake(w, ac)) _exit(0);
            if (ac->state == RS_DONE || ac->state == RS_ERROR || ac->state == RS_KILLED) _exit(0);
            continue;
        }
        lock_world(ps);
        sched_actor_turn(w, ac);
        bool done = ac->state == RS_DONE || ac->state == RS_ERROR || ac->state == RS_KILLED;
        pthread_mutex_unlock(&ps->mx);
        sem_post(&w->sched_sem);
        if (done) _exit(0);
    }
}

/* ---- the runner --------------------------------------------------------- */

static void deadline_in(struct timespec *ts, long ns)
{
    clock_gettime(CLOCK_REALTIME, ts);
    ts->tv_nsec += ns;
    while (ts->tv_nsec >= 1000000000L) { ts->tv_nsec -= 1000000000L; ts->tv_sec++; }
}

/* Waits for the baton back from actor a; false when a died first. */
static bool wait_baton(World *w, int a, int *status)
{
    ProcState *ps = w->procs;
    pid_t pid = (pid_t)w->actors[a].tid;
    for (;;) {
        struct timespec ts;
        deadline_in(&ts, PROC_POLL_NS);
        if (sem_timedwait(&w->sched_sem, &ts) == 0) return true;
        sync_interrupt(ps);
        pid_t r = waitpid(pid, status, WNOHANG);
        if (r == pid) return false;
        if (r < 0 && errno == ECHILD) { *status = 0; return false; }
    }
}

void proc_run_step(World *w, int a)
{
    ProcState *ps = w->procs;
    if (ps->reaped[a]) return; /* gone: its death is already shown */
    w->current = a;
    pthread_mutex_unlock(&ps->mx);
    sem_post(&w->actors[a].sem);
    int st = 0;
    bool back = wait_baton(w, a, &st);
    lock_world(ps);
    w->current = -1;
    if (!back) on_death(w, a, st);
}

static void kill_and_reap(World *w)
{
    ProcState *ps = w->procs;
    for (int a = 0; a < w->n_actors; a++) {
        RtActor *ac = &w->actors[a];
        if (!ac->started || ps->reaped[a]) continue;
        kill((pid_t)ac->tid, SIGKILL);
        int st;
        while (waitpid((pid_t)ac->tid, &st, 0) < 0 && errno == EINTR) {}
        ps->reaped[a] = true;
    }
}

bool proc_start(World *w, Err *err)
{
    ProcState *ps = w->procs;
    ps->runner = getpid();
    chld_seen = 0;
    int forked = 0;
    for (int a = 0; a < w->n_actors; a++) {
        pid_t pid = fork();
        if (pid < 0) {
            err_set(err, "cannot fork actor %d of %d: %s", a + 1, w->n_actors, strerror(errno));
            kill_and_reap(w);
            return false;
        }
        if (pid == 0) proc_child_main(w, a); /* never returns */
        w->actors[a].tid = pid;
        w->actors[a].started = true;
        forked++;
    }
    /* all parked; a child that died on the way must not make us wait forever */
    for (int n = 0; n < forked;) {
        struct timespec ts;
        deadline_in(&ts, PROC_POLL_NS);
        if (sem_timedwait(&w->sched_sem, &ts) == 0) { n++; continue; }
        for (int a = 0; a < w->n_actors; a++) {
            int st;
            if (waitpid((pid_t)w->actors[a].tid, &st, WNOHANG) == (pid_t)w->actors[a].tid) {
                ps->reaped[a] = true;
                kill_and_reap(w);
                return err_set(err, "actor process %d of %d died at its start", a + 1, w->n_actors);
            }
        }
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigchld;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
    ps->chld_set = sigaction(SIGCHLD, &sa, &ps->old_chld) == 0;
    chld_seen = 1; /* a death before the handler existed is looked for once */
    ps->forked_all = true;
    lock_world(ps); /* the runner holds the baton */
    return true;
}

void proc_stop(World *w)
{
    ProcState *ps = w->procs;
    if (!ps) return;
    w->over = true;
    if (ps->forked_all) pthread_mutex_unlock(&ps->mx);
    for (int a = 0; a < w->n_actors; a++)
        if (w->actors[a].started && !ps->reaped[a]) sem_post(&w->actors[a].sem);
    /* parked children see `over` and _exit(0); give them a moment, then SIGKILL */
    for (int ms = 0; ms < PROC_STOP_WAIT_MS; ms++) {
        bool left = false;
        for (int a = 0; a < w->n_actors; a++) {
            RtActor *ac = &w->actors[a];
            if (!ac->started || ps->reaped[a]) continue;
            int st;
            pid_t r = waitpid((pid_t)ac->tid, &st, WNOHANG);
            if (r == (pid_t)ac->tid || (r < 0 && errno == ECHILD)) ps->reaped[a] = true;
            else left = true;
        }
        if (!left) break;
        struct timespec one = {.tv_sec = 0, .tv_nsec = 1000000L};
        nanosleep(&one, NULL);
    }
    kill_and_reap(w);
    for (int a = 0; a < w->n_actors; a++) w->actors[a].started = false;
    if (ps->chld_set) sigaction(SIGCHLD, &ps->old_chld, NULL);
    ps->chld_set = false;
    ps->forked_all = false;
}

bool proc_terminate(World *w, int target)
{
    ProcState *ps = w->procs;
    if (!ps || target < 0 || target >= w->n_actors) return false;
    RtActor *ac = &w->actors[target];
    if (!ac->started || ps->reaped[target] || ended(ac)) return false;
    /* parked (only the baton holder runs), so it dies holding nothing but
     * its resources; the runner reaps it later and finds it already ended.
     * Not yet reaped, so its pid cannot have been reused. */
    kill((pid_t)ac->tid, SIGKILL);
    show_killed(w, target, "terminated", -1);
    return true;
}

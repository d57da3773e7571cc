/* os — the `os` scheduler policy (SPEC §4 "Under os"): no virtual CPUs
 * gate anyone; every actor thread runs its script freely and the operating
 * system alone interleaves them.
 *
 * There is no baton: each step is taken under os_mx, the one lock that
 * orders emission (take the lock, read the clock, apply the step, emit,
 * release), so t never goes back and the order of the trace is the order
 * of cause and effect. t is monotonic wall time since the start scaled by
 * speed (clock.c's pace base). A `work` really computes (a busy loop, the
 * lock released) for ms/speed of wall time; a sleeping or blocked actor
 * really parks on its own semaphore. Whoever makes an actor ready (a
 * release, a set, the runner's timer) also makes it running at once and
 * posts its semaphore: actor k shows on pseudo CPU k (the header's cpus is
 * the actor count, docs/FORMAT.md).
 *
 * The runner watches the world: it fires the deadlines (start_ms, the end
 * of a sleep, a timeout) when the wall clock reaches them, reads the
 * control pipe (pause holds the lock, so every actor waits at its next
 * step, and the clock stops), and ends the run: completed, deadlock (every
 * live actor blocked and no deadline pending), stop_after_ms, the event
 * cap, an interrupt, a write error.
 *
 * Processes mode: the same with every actor a forked process (proc.c
 * forks them and calls os_actor_wake). os_mx then lives in the shared
 * World, process-shared and robust: a child killed while it holds the
 * lock leaves it owner-dead and the next one to lock it goes on; the
 * runner reaps dead children at every look and shows them `killed`. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "runtime/proc.h"
#include "runtime/world.h"

#define NS_PER_US INT64_C(1000)
#define RUNNER_TICK_NS (1000 * NS_PER_US)   /* the runner looks at the world at least this often */
#define WORK_SLICE_NS (500 * NS_PER_US)     /* a work re-reads the clock (speed, pause, the end) */
#define FLUSH_NS (10000 * NS_PER_US)        /* how stale a live reader's view may get */

static int64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void sem_wait_all(sem_t *s)
{
    while (sem_wait(s) != 0) {} /* EINTR: a signal, try again */
}

/* The virtual time now (os_mx held): never before the last event's. */
static int64_t os_clock(const World *w)
{
    if (w->paused) return w->now;
    double v = (double)(mono_ns() - w->pace_base_wall) * w->speed / 1000.0;
    int64_t t = w->pace_base_t + (v > 0 && v < 9e15 ? (int64_t)v : 0);
    if (t > RT_MAX_US) t = RT_MAX_US;
    return t > w->now ? t : w->now;
}

bool os_begin(World *w, Err *err)
{
    /* processes mode: the lock lives in the shared World and is robust, so
     * an actor process killed while holding it leaves it owner-dead, never
     * locked for good */
    pthread_mutexattr_t ma;
    if (pthread_mutexattr_init(&ma) != 0) return err_set(err, "cannot create a mutex");
    bool ok = !w->procs || (pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED) == 0 &&
                            pthread_mutexattr_setrobust(&ma, PTHREAD_MUTEX_ROBUST) == 0);
    ok = ok && pthread_mutex_init(&w->os_mx, &ma) == 0;
    pthread_mutexattr_destroy(&ma);
    if (!ok) return err_set(err, "cannot create the lock of the os policy");
    w->os = true;
    return true;
}

/* The emission lock. A previous owner that died (processes mode) left the
 * world as its last step had it; the runner shows its death (proc.c). */
static void os_lock(World *w)
{
    if (pthread_mutex_lock(&w->os_mx) == EOWNERDEAD) pthread_mutex_consistent(&w->os_mx);
}

void os_end(World *w)
{
    if (!w->os) return;
    pthread_mutex_destroy(&w->os_mx);
    w->os = false;
}

/* Every ready actor runs at once (os_mx held): no CPU to wait for. */
static void os_dispatch(World *w)
{
    while (w->n_ready > 0) {
        int a = world_ready_take(w, 0);
        if (a < 0) return;
        emit_running(w, a, a); /* under os, actor k runs on "CPU" k */
        sem_post(&w->actors[a].sem);
    }
}

static void os_unlock_relock(World *w)
{
    pthread_mutex_unlock(&w->os_mx);
    /* a spinning script must not starve the runner of the lock */
    if (__atomic_load_n(&w->os_runner_waiting, __ATOMIC_RELAXED) > 0) sched_yield();
    os_lock(w);
}

/* A work of ac->work_left virtual us: really computes, the lock released,
 * until the clock (scaled, stopped by a pause) has moved that far. */
static void os_work(World *w, RtActor *ac)
{
    int64_t end = w->now + ac->work_left;
    ac->work_left = 0;
    volatile uint64_t x = (uint64_t)ac->idx;
    while (!w->over) {
        int64_t now = os_clock(w);
        if (now >= end) break;
        double left_ns = (double)(end - now) * 1000.0 / w->speed;
        int64_t slice = left_ns < (double)WORK_SLICE_NS ? (int64_t)left_ns + 1 : WORK_SLICE_NS;
        pthread_mutex_unlock(&w->os_mx);
        int64_t stop = mono_ns() + slice;
        while (mono_ns() < stop)
            for (int i = 0; i < 64; i++) x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        os_lock(w);
    }
}

/* One step of a running actor (os_mx held), then its work if it has one. */
static void os_turn(World *w, RtActor *ac)
{
    if (w->seq >= RT_EVENT_CAP || w->write_failed) {
        /* the runner ends the run: take no more steps */
        pthread_mutex_unlock(&w->os_mx);
        struct timespec ts = {0, 1000 * 1000};
        nanosleep(&ts, NULL);
        os_lock(w);
        return;
    }
    w->now = os_clock(w);
    interp_step(w, ac->idx);
    os_dispatch(w); /* whoever the step woke runs now */
    if (ac->state == RS_RUNNING && ac->work_left > 1) os_work(w, ac);
    else os_unlock_relock(w); /* every step is a point where the OS may switch */
}

bool os_actor_wake(World *w, RtActor *ac)
{
    os_lock(w);
    /* a stale post (it was woken and ran on) finds it not running: park again */
    while (!w->over && ac->state == RS_RUNNING) os_turn(w, ac);
    bool over = w->over;
    pthread_mutex_unlock(&w->os_mx);
    if (!over) sem_post(&w->sched_sem); /* it blocked, slept or ended: the runner looks */
    return over;
}

void *os_actor_main(void *p)
{
    RtActor *ac = p;
    World *w = ac->world;
    ac->tid = (int64_t)syscall(SYS_gettid);
    sem_post(&w->sched_sem); /* up and parked */
    for (;;) {
        sem_wait_all(&ac->sem);
        if (os_actor_wake(w, ac)) return NULL;
    }
}

static void runner_lock(World *w)
{
    __atomic_add_fetch(&w->os_runner_waiting, 1, __ATOMIC_RELAXED);
    os_lock(w);
    __atomic_sub_fetch(&w->os_runner_waiting, 1, __ATOMIC_RELAXED);
}

static bool anyone_running(const World *w)
{
    if (w->n_ready > 0) return true;
    for (int a = 0; a < w->n_actors; a++)
        if (w->actors[a].state == RS_RUNNING) return true;
    return false;
}

/* Waits (os_mx held, released meanwhile) until an actor stops running
 * (it posts sched_sem), the next deadline is due, or a tick passes. */
static void runner_wait(World *w)
{
    int64_t wait_ns = RUNNER_TICK_NS;
    Deadline d;
    if (world_dl_peek(w, &d)) {
        int64_t now = os_clock(w);
        double ns = (double)(d.t - now) * 1000.0 / w->speed;
        if (ns < (double)wait_ns) wait_ns = ns > 0 ? (int64_t)ns : 0;
    }
    if (wait_ns <= 0) return;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    int64_t at = (int64_t)ts.tv_nsec + wait_ns;
    ts.tv_sec += at / 1000000000;
    ts.tv_nsec = at % 1000000000;
    pthread_mutex_unlock(&w->os_mx);
    sem_clockwait(&w->sched_sem, CLOCK_MONOTONIC, &ts); /* EINTR, ETIMEDOUT: look anyway */
    while (sem_trywait(&w->sched_sem) == 0) {} /* one look serves every post */
    runner_lock(w);
}

static Outcome os_loop(World *w, char *reason, size_t cap)
{
    int64_t last_flush = mono_ns();
    for (;;) {
        proc_poll(w);        /* processes mode: the interrupt, children that went */
        proc_show_deaths(w); /* (shown `killed` with their signal, as under the baton) */
        w->now = os_clock(w);
        clock_poll_ctl(w); /* a pause waits in here, the lock held: the world stops */
        w->now = os_clock(w);
        Outcome out;
        if (sched_ended(w, reason, cap, &out)) return out;
        Deadline d;
        while (world_dl_peek(w, &d) && d.t <= w->now && d.t <= w->stop_us) {
            world_dl_pop(w);
            sched_fire(w, &d);
        }
        os_dispatch(w);
        if (!anyone_running(w) && !world_dl_peek(w, &d)) {
            sched_report_deadlock(w, reason, cap);
            return OUT_DEADLOCK;
        }
        if (w->now >= w->stop_us) {
            snprintf(reason, cap, "stop_after_ms %lld reached", (long long)w->sc->stop_after_ms);
            return OUT_STOPPED;
        }
        int64_t wall = mono_ns();
        if (wall - last_flush >= FLUSH_NS) {
            emit_flush(w);
            last_flush = wall;
        }
        runner_wait(w);
    }
}

Outcome os_run_loop(World *w, char *reason, size_t cap)
{
    runner_lock(w);
    Outcome out = os_loop(w, reason, cap);
    /* from here on no actor touches the world: each one that takes the
     * lock sees over and returns (stop_threads wakes the parked ones) */
    w->over = true;
    pthread_mutex_unlock(&w->os_mx);
    return out;
}

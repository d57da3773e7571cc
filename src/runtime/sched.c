/* sched — rt_run(): the scheduler that owns the virtual clock and the
 * virtual CPUs (SPEC §4), and the endings of a run.
 *
 * A discrete-event loop over the deadline heap (START, WAKE, STEP; ties in
 * the order set). Between deadlines it fills free CPUs from the ready
 * queue (fifo: the head; random: a seeded draw; rr: the head, with the
 * quantum checked at every step of a running actor). A STEP hands the
 * baton to that actor's thread, which takes exactly one step and hands it
 * back, so every decision depends only on virtual state and the seed. */
#define _GNU_SOURCE /* CPU affinity: pthread_setaffinity_np, sched_getcpu */
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "runtime/proc.h"
#include "runtime/world.h"

#define RT_STACK_BYTES (256 * 1024)

static void sem_wait_all(sem_t *s)
{
    while (sem_wait(s) != 0) {} /* EINTR: a signal, try again */
}

static int64_t quantum_us(const World *w)
{
    int64_t q = w->sc->quantum_ms * 1000;
    return q > 0 ? q : 1;
}

/* How much of a's pending work runs before its next turn: all of it, or
 * under rr up to the quantum boundary (a work is split there). */
static int64_t chunk_of(const World *w, const RtActor *ac)
{
    int64_t chunk = ac->work_left;
    if (w->sc->policy == POL_RR) {
        int64_t rem = ac->slice_start + quantum_us(w) - w->now;
        if (rem <= 0) rem = quantum_us(w);
        if (chunk > rem) chunk = rem;
    }
    return chunk;
}

static bool free_cpu(const World *w)
{
    int cpus = w->sc->cpus >= 1 ? w->sc->cpus : 1;
    for (int c = 0; c < cpus; c++)
        if (w->cpu_actor[c] < 0) return true;
    return false;
}

/* After a step, while nothing else can happen before this actor's next
 * turn (no one ready, no earlier deadline), the scheduler would only move
 * the clock and hand the baton straight back (someone ready waits for a
 * CPU or a quantum end that is not due yet): do exactly that here and
 * save two thread switches per step. The decisions are the scheduler's
 * own, so the trace is the same byte for byte. */
static bool keep_going(World *w, RtActor *ac)
{
    for (;;) {
        if (ac->state != RS_RUNNING || w->write_failed || w->ctl_eof ||
            (w->opt->interrupt && *w->opt->interrupt) || w->seq >= RT_EVENT_CAP)
            return false;
        if (w->n_ready > 0 && free_cpu(w)) return false; /* the scheduler dispatches */
        if (w->n_ready > 0 && w->sc->policy == POL_PRIORITY) return false; /* it may preempt */
        clock_poll_ctl(w);
        int64_t next = w->now + chunk_of(w, ac);
        /* under rr the scheduler preempts at the quantum if anyone is ready */
        if (w->n_ready > 0 && w->sc->policy == POL_RR && next - ac->slice_start >= quantum_us(w))
            return false;
        Deadline d;
        if (world_dl_peek(w, &d) && d.t <= next) return false; /* ties go to the older deadline */
        if (next > w->stop_us) return false;
        if (next > w->now && !clock_advance(w, next)) return false;
        ac->work_left -= next - w->now;
        w->now = next;
        if (w->sc->policy == POL_RR && w->now - ac->slice_start >= quantum_us(w))
            ac->slice_start = w->now; /* quantum over, but nobody is ready */
        if (ac->work_left <= 0) return true;
    }
}

void sched_actor_turn(World *w, RtActor *ac)
{
    do interp_step(w, ac->idx);
    while (keep_going(w, ac));
}

static void *actor_main(void *p)
{
    RtActor *ac = p;
    World *w = ac->world;
    ac->tid = (int64_t)syscall(SYS_gettid);
    sem_post(&w->sched_sem); /* up and parked */
    for (;;) {
        sem_wait_all(&ac->sem);
        if (w->over) return NULL;
        sched_actor_turn(w, ac);
        bool ended = ac->state == RS_DONE || ac->state == RS_ERROR;
        sem_post(&w->sched_sem);
        if (ended) return NULL;
    }
}

/* The baton: the actor takes one step while the scheduler waits. */
static void run_step(World *w, int a)
{
    if (w->procs) { proc_run_step(w, a); return; } /* processes mode (proc.c) */
    w->current = a;
    sem_post(&w->actors[a].sem);
    sem_wait_all(&w->sched_sem);
    w->current = -1;
}

static void dispatch(World *w)
{
    int cpus = w->sc->cpus >= 1 ? w->sc->cpus : 1;
    for (int c = 0; c < cpus && w->n_ready > 0; c++) {
        if (w->cpu_actor[c] >= 0) continue;
        int k = 0;
        if (w->sc->policy == POL_RANDOM && w->n_ready > 1)
            k = (int)(world_rand(w) % (uint64_t)w->n_ready);
        if (w->sc->policy == POL_PRIORITY) /* highest first, FIFO within a level */
            for (int i = 1; i < w->n_ready; i++)
                if (w->actors[w->ready[(w->r_head + i) % w->n_actors]].sc->priority >
                    w->actors[w->ready[(w->r_head + k) % w->n_actors]].sc->priority)
                    k = i;
        int a = world_ready_take(w, k);
        RtActor *ac = &w->actors[a];
        emit_running(w, a, c);
        ac->slice_start = w->now;
        world_dl_push(w, w->now, DL_STEP, a);
        ac->step_dl_t = w->now;
    }
}

/* A running actor's turn: the quantum, then work left over, else a step. */
static void on_step(World *w, int a)
{
    RtActor *ac = &w->actors[a];
    if (ac->state != RS_RUNNING) return;
    if (w->sc->policy == POL_RR && w->now - ac->slice_start >= quantum_us(w)) {
        if (w->n_ready > 0) {
            emit_leave_cpu(w, a);
            emit_ready(w, a); /* to the tail, work left kept */
            return;
        }
        ac->slice_start = w->now;
    }
    if (ac->work_left <= 0) {
        run_step(w, a);
        if (ac->state != RS_RUNNING) return;
    }
    int64_t chunk = chunk_of(w, ac);
    ac->work_left -= chunk;
    world_dl_push(w, w->now + chunk, DL_STEP, a);
    ac->step_dl_t = w->now + chunk;
}

static void append_reason(char *buf, size_t cap, size_t *len, const char *part)
{
    if (*len >= cap - 1) return;
    int n = snprintf(buf + *len, cap - *len, "%s", part);
    if (n < 0) return;
    *len += (size_t)n < cap - *len ? (size_t)n : cap - 1 - *len;
}

/* One waits event per blocked actor, and the reason in words. */
static void report_deadlock(World *w, char *reason, size_t cap)
{
    char big[2048] = "";
    size_t len = 0;
    for (int a = 0; a < w->n_actors; a++) {
        RtActor *ac = &w->actors[a];
        if (ac->state != RS_BLOCKED || ac->res < 0) continue;
        Event ev;
        event_init(&ev, EV_WAITS);
        ev.actor = a;
        ev.res = ac->res;
        ev.n_holders = prim_holders(w, ac->res, ev.holders, EV_HOLDERS_MAX);
        emit(w, &ev);
        char part[768];
        snprintf(part, sizeof part, "%s\"%s\" waits for %s", len ? "; " : "", ac->sc->label,
                 w->res[ac->res].sc->id);
        append_reason(big, sizeof big, &len, part);
        for (int h = 0; h < ev.n_holders; h++) {
            snprintf(part, sizeof part, "%s\"%s\"", h ? ", " : " held by ",
                     w->actors[ev.holders[h]].sc->label);
            append_reason(big, sizeof big, &len, part);
        }
    }
    if (len == 0) append_reason(big, sizeof big, &len, "every actor is blocked");
    if (len >= cap) {
        /* cut on a UTF-8 boundary and say so */
        size_t k = cap - 5;
        while (k > 0 && ((unsigned char)big[k] & 0xC0) == 0x80) k--;
        memcpy(big + k, "\xE2\x80\xA6", 4); /* … */
    }
    snprintf(reason, cap, "%s", big);
}

static bool never_started(const RtActor *ac)
{
    return ac->state == RS_NEW && !ac->sc->autostart && !ac->ever_started;
}

static void kill_daemons(World *w)
{
    w->finishing = true; /* nobody wakes up any more */
    for (int a = 0; a < w->n_actors; a++) {
        RtActor *ac = &w->actors[a];
        if (ac->state == RS_DONE || ac->state == RS_ERROR || ac->state == RS_KILLED) continue;
        if (never_started(ac)) continue; /* a thread never started just stays new */
        emit_actor_end(w, a, EV_KILLED, "daemon");
    }
}

static void emit_stats(World *w)
{
    int64_t busy = w->busy_us;
    for (int a = 0; a < w->n_actors; a++) {
        RtActor *ac = &w->actors[a];
        if (ac->state == RS_RUNNING) busy += w->now - ac->running_since;
        Event ev;
        event_init(&ev, EV_STATS);
        ev.actor = a;
        ev.ready_us = ac->ready_total + (ac->state == RS_READY ? w->now - ac->ready_since : 0);
        if (ac->first_ready >= 0) {
            ev.turnaround_us = (ac->end_t >= 0 ? ac->end_t : w->now) - ac->first_ready;
            if (ac->first_running >= 0) ev.response_us = ac->first_running - ac->first_ready;
        }
        emit(w, &ev);
    }
    Event ev;
    event_init(&ev, EV_STATS);
    ev.cpus = w->hdr.cpus >= 1 ? w->hdr.cpus : 1; /* under os the actor count (world.c) */
    ev.busy_us = busy;
    ev.span_us = w->now;
    ev.util = w->now > 0 ? (double)busy / ((double)ev.cpus * (double)w->now) : 0.0;
    emit(w, &ev);
}

void sched_report_deadlock(World *w, char *reason, size_t cap)
{
    report_deadlock(w, reason, cap);
}

/* Every non-daemon actor has ended: the daemons left are killed. */
Outcome sched_completed(World *w, char *reason, size_t cap)
{
    bool any = false; /* a daemon still to kill (one killed from outside has ended) */
    for (int a = 0; a < w->n_actors && !any; a++)
        any = w->actors[a].state != RS_DONE && w->actors[a].state != RS_ERROR &&
              w->actors[a].state != RS_KILLED && !never_started(&w->actors[a]);
    kill_daemons(w);
    snprintf(reason, cap, any ? "every non-daemon actor ended; the daemons were killed"
                              : "every actor ended");
    return OUT_COMPLETED;
}

bool sched_ended(World *w, char *reason, size_t cap, Outcome *out)
{
    if (w->write_failed) {
        snprintf(reason, cap, "the trace could not be written");
        *out = OUT_FAULT;
    } else if (w->opt->interrupt && *w->opt->interrupt) {
        snprintf(reason, cap, "interrupted");
        *out = OUT_INTERRUPTED;
    } else if (w->ctl_eof) {
        snprintf(reason, cap, "the window went away");
        *out = OUT_INTERRUPTED;
    } else if (w->seq >= RT_EVENT_CAP) {
        snprintf(reason, cap, "the limit of %llu events was reached", (unsigned long long)RT_EVENT_CAP);
        *out = OUT_STOPPED;
    } else if (w->live_nondaemon <= 0) {
        *out = sched_completed(w, reason, cap);
    } else {
        return false;
    }
    return true;
}

/* The loop; returns the outcome and fills reason. */
static Outcome run_loop(World *w, char *reason, size_t cap)
{
    int64_t stop_us = w->stop_us;
    for (;;) {
        if (w->write_failed) { snprintf(reason, cap, "the trace could not be written"); return OUT_FAULT; }
        proc_poll(w); /* processes mode: the interrupt, children that went */
        proc_show_deaths(w);
        clock_poll_ctl(w);
        Outcome out;
        if (sched_ended(w, reason, cap, &out)) return out;
        life_preempt_check(w);
        dispatch(w);
        Deadline d;
        if (!world_dl_peek(w, &d)) {
            report_deadlock(w, reason, cap);
            return OUT_DEADLOCK;
        }
        if (d.t > stop_us) {
            if (!clock_advance(w, stop_us)) { snprintf(reason, cap, "interrupted"); return OUT_INTERRUPTED; }
            if (proc_show_deaths(w)) continue; /* an actor died meanwhile: plan again */
            w->now = stop_us;
            snprintf(reason, cap, "stop_after_ms %lld reached", (long long)w->sc->stop_after_ms);
            return OUT_STOPPED;
        }
        if (d.t > w->now) {
            if (!clock_advance(w, d.t)) {
                snprintf(reason, cap, w->ctl_eof ? "the window went away" : "interrupted");
                return OUT_INTERRUPTED;
            }
            if (proc_show_deaths(w)) continue; /* an actor died meanwhile: plan again */
            w->now = d.t;
        }
        world_dl_pop(w);
        sched_fire(w, &d);
    }
}

void sched_fire(World *w, const Deadline *d)
{
    switch (d->kind) {
    case DL_START:
    case DL_WAKE:
        if (w->actors[d->actor].state == RS_NEW || w->actors[d->actor].state == RS_SLEEPING)
            emit_ready(w, d->actor);
        break;
    case DL_STEP: on_step(w, d->actor); break; /* never set under os */
    case DL_TIMEOUT: life_timeout(w, d->actor); break;
    }
}

static void stop_threads(World *w)
{
    if (w->procs) { proc_stop(w); return; } /* processes mode: ends and reaps every child */
    /* under os the loop already set it under os_mx, where running actors
     * read it: writing it again here, unlocked, is a data race (TSan) */
    if (!w->over) w->over = true;
    for (int a = 0; a < w->n_actors; a++)
        if (w->actors[a].started) sem_post(&w->actors[a].sem);
    for (int a = 0; a < w->n_actors; a++)
        if (w->actors[a].started) {
            pthread_join(w->actors[a].thread, NULL);
            w->actors[a].started = false;
        }
}

/* One step at a time means the threads never run in parallel: keeping them
 * all on one core turns each hand-off into a cheap local wake-up (measured
 * here: ~3 us instead of 70-200 us across cores). Best effort. */
static bool pin_begin(cpu_set_t *saved, cpu_set_t *one)
{
    if (pthread_getaffinity_np(pthread_self(), sizeof *saved, saved) != 0) return false;
    int cpu = sched_getcpu();
    if (cpu < 0 || !CPU_ISSET(cpu, saved)) return false;
    CPU_ZERO(one);
    CPU_SET(cpu, one);
    return pthread_setaffinity_np(pthread_self(), sizeof *one, one) == 0;
}

bool rt_run(const Scenario *sc, const RtOptions *opt, RtResult *res, Err *err)
{
    memset(res, 0, sizeof *res);
    if (sc->policy == POL_OS && opt->instant)
        return err_set(err, "the os policy runs in real time: --instant is not for it");
    if (sc->policy != POL_FIFO && sc->policy != POL_RR && sc->policy != POL_RANDOM &&
        sc->policy != POL_PRIORITY && sc->policy != POL_OS)
        return err_set(err, "scheduler policy \"%s\" is not supported yet", policy_name(sc->policy));
    /* a closed reader must be a write error (a fault), not a death by SIGPIPE */
    struct sigaction sa;
    if (sigaction(SIGPIPE, NULL, &sa) == 0 && sa.sa_handler == SIG_DFL) {
        sa.sa_handler = SIG_IGN;
        sigaction(SIGPIPE, &sa, NULL);
    }
    World *w = world_new(sc, opt, err); /* in shared memory in processes mode */
    if (!w) return false;
    if (sc->policy == POL_OS && !os_begin(w, err)) { world_delete(w); return false; }

    cpu_set_t saved_cpus, one_cpu;
    /* under os the OS interleaves the actors on every core it has: no pinning */
    bool pinned = !w->os && pin_begin(&saved_cpus, &one_cpu); /* new threads inherit it */
    if (w->procs && !proc_start(w, err)) { /* forks every actor before any thread exists */
        if (pinned) pthread_setaffinity_np(pthread_self(), sizeof saved_cpus, &saved_cpus);
        world_delete(w);
        return false;
    }
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, RT_STACK_BYTES);
    for (int a = 0; !w->procs && a < w->n_actors; a++) {
        if (pthread_create(&w->actors[a].thread, &attr, w->os ? os_actor_main : actor_main,
                           &w->actors[a]) != 0) {
            for (int b = 0; b < a; b++) sem_wait_all(&w->sched_sem);
            stop_threads(w);
            pthread_attr_destroy(&attr);
            if (pinned) pthread_setaffinity_np(pthread_self(), sizeof saved_cpus, &saved_cpus);
            world_delete(w);
            return err_set(err, "cannot start thread %d of %d", a + 1, sc->n_actors);
        }
        w->actors[a].started = true;
    }
    pthread_attr_destroy(&attr);
    for (int a = 0; !w->procs && a < w->n_actors; a++) sem_wait_all(&w->sched_sem); /* all parked */

    Outcome out = OUT_NONE;
    char reason[EV_TEXT_MAX + 1] = "";
    if (!emit_header(w)) {
        w->write_failed = true;
        out = OUT_FAULT;
        snprintf(reason, sizeof reason, "the header could not be encoded");
    } else {
        for (int a = 0; a < w->n_actors; a++) {
            Event ev;
            event_init(&ev, EV_NEW);
            ev.actor = a;
            if (opt->pids) ev.pid = w->actors[a].tid;
            emit(w, &ev);
        }
        for (int a = 0; a < w->n_actors; a++) {
            if (!w->actors[a].sc->autostart) { /* waits for a start step */
                if (!w->actors[a].sc->daemon) w->live_nondaemon--;
                continue;
            }
            int64_t ms = w->actors[a].sc->start_ms;
            if (ms < 0) ms = 0;
            world_dl_push(w, ms > RT_MAX_US / 1000 ? RT_MAX_US : ms * 1000, DL_START, a);
        }
        w->stop_us = sc->stop_after_ms > RT_MAX_US / 1000 ? RT_MAX_US
                   : sc->stop_after_ms < 0 ? 0 : sc->stop_after_ms * 1000;
        clock_init(w);
        out = w->os ? os_run_loop(w, reason, sizeof reason) : run_loop(w, reason, sizeof reason);
        proc_poll(w);
        if (proc_fault_reason(w, reason, sizeof reason)) out = OUT_FAULT; /* killed from outside */
        emit_stats(w);
    }

    int64_t *vars = calloc((size_t)(w->n_res > 0 ? w->n_res : 1), sizeof *vars);
    for (int i = 0; vars && i < w->n_res; i++) vars[i] = w->res[i].value;
    if (w->write_failed) out = OUT_FAULT;
    if (vars) expect_compute(&w->hdr, out, vars, &res->expect);
    free(vars);
    Event end;
    event_init(&end, EV_END);
    end.outcome = out;
    snprintf(end.text, sizeof end.text, "%s", reason);
    emit_end(w, &end, &res->expect);
    if (w->write_failed && out != OUT_FAULT) {
        /* the last flush failed: the user is told the fault, not the outcome it hid */
        out = OUT_FAULT;
        snprintf(reason, sizeof reason, "the trace could not be written");
    }

    res->outcome = out;
    res->expect.got_outcome = out;
    res->events = w->seq;
    res->write_failed = w->write_failed;
    res->write_errno = w->write_errno;
    res->end_t = w->now;
    snprintf(res->reason, sizeof res->reason, "%s", reason);
    res->n_errors = w->n_errors;
    for (int i = 0; i < w->n_errors && i < RT_ERRORS_MAX; i++) {
        res->errors[i].actor = w->err_actor[i];
        snprintf(res->errors[i].msg, sizeof res->errors[i].msg, "%s", w->err_text[i]);
    }
    stop_threads(w);
    if (pinned) pthread_setaffinity_np(pthread_self(), sizeof saved_cpus, &saved_cpus);
    world_delete(w);
    return true;
}

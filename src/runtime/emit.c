/* emit — numbers, encodes and writes every trace line of a run, and the
 * state-change events that also move an actor between queues (so the queue
 * the trace shows is always the queue the runtime has).
 *
 * Lines collect in one 64 KiB batch; a batch is written when the next line
 * would not fit, before every pacing wait and at the end. A line is never
 * split across writes unless it is longer than a batch (only the header
 * can be). A write error (EPIPE, ENOSPC) is remembered and every later line
 * dropped: the scheduler ends the run as a fault. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/world.h"
#include "trace/trace.h"

static void write_all(World *w, const char *p, size_t n)
{
    while (n > 0 && !w->write_failed) {
        size_t chunk = n > RT_OUT_BATCH ? RT_OUT_BATCH : n;
        ssize_t k = write(w->opt->out_fd, p, chunk);
        if (k < 0) {
            if (errno == EINTR) continue;
            w->write_errno = errno;
            w->write_failed = true;
            return;
        }
        if (k == 0) { w->write_failed = true; return; }
        p += k;
        n -= (size_t)k;
    }
}

void emit_flush(World *w)
{
    if (w->out_len) write_all(w, w->out, w->out_len);
    w->out_len = 0;
}

static void append(World *w, const char *line, size_t n)
{
    if (w->write_failed) return;
    if (w->out_len + n > RT_OUT_BATCH) emit_flush(w);
    if (n > RT_OUT_BATCH) { write_all(w, line, n); return; }
    memcpy(w->out + w->out_len, line, n);
    w->out_len += n;
}

bool emit_header(World *w)
{
    size_t n = 0;
    char *h = trace_encode_header(&w->hdr, &n);
    if (!h) return false;
    append(w, h, n);
    free(h);
    return true;
}

void emit(World *w, Event *ev)
{
    ev->seq = w->seq++;
    ev->t = w->now;
    char line[TRACE_EVENT_LINE_MAX];
    size_t n = trace_encode_event(&w->hdr, ev, line, sizeof line);
    if (n == 0) {
        /* cannot happen with bounded strings; keep seq contiguous anyway */
        ev->text[0] = '\0';
        ev->item = value_null();
        n = trace_encode_event(&w->hdr, ev, line, sizeof line);
    }
    if (n > 0) append(w, line, n);
}

void emit_end(World *w, Event *ev, const ExpectResult *ex)
{
    ev->seq = w->seq++;
    ev->t = w->now;
    size_t cap = TRACE_BIG_LINE_MAX;
    char *buf = malloc(cap);
    if (!buf) { w->write_failed = true; return; }
    size_t n = trace_encode_end(&w->hdr, ev, ex, buf, cap);
    if (n == 0) n = trace_encode_end(&w->hdr, ev, NULL, buf, cap);
    append(w, buf, n);
    free(buf);
    emit_flush(w);
}

void emit_simple(World *w, EvKind k, int a, int res)
{
    Event ev;
    event_init(&ev, k);
    ev.actor = a;
    ev.res = res;
    emit(w, &ev);
}

void emit_running(World *w, int a, int cpu)
{
    RtActor *ac = &w->actors[a];
    ac->ready_total += w->now - ac->ready_since;
    ac->state = RS_RUNNING;
    ac->cpu = cpu;
    ac->running_since = w->now;
    if (ac->first_running < 0) ac->first_running = w->now;
    w->cpu_actor[cpu] = a;
    Event ev;
    event_init(&ev, EV_RUNNING);
    ev.actor = a;
    ev.cpu = cpu;
    emit(w, &ev);
}

void emit_ready(World *w, int a)
{
    RtActor *ac = &w->actors[a];
    if (ac->has_timeout) { /* woken before its timeout: the deadline goes */
        world_dl_cancel(w, DL_TIMEOUT, a);
        ac->has_timeout = false;
    }
    ac->state = RS_READY;
    ac->res = -1;
    ac->ready_since = w->now;
    if (ac->first_ready < 0) ac->first_ready = w->now;
    world_ready_push(w, a);
    emit_simple(w, EV_READY, a, -1);
}

void emit_leave_cpu(World *w, int a)
{
    RtActor *ac = &w->actors[a];
    if (ac->state != RS_RUNNING) return;
    w->busy_us += w->now - ac->running_since;
    if (ac->cpu >= 0) w->cpu_actor[ac->cpu] = -1;
    ac->cpu = -1;
}

void emit_blocked(World *w, int a, int res, const char *op)
{
    RtActor *ac = &w->actors[a];
    emit_leave_cpu(w, a);
    ac->state = RS_BLOCKED;
    ac->res = res;
    snprintf(ac->op, sizeof ac->op, "%s", op);
    res_wait_push(&w->res[res], a, w->n_actors);
    Event ev;
    event_init(&ev, EV_BLOCKED);
    ev.actor = a;
    ev.res = res;
    snprintf(ev.op, sizeof ev.op, "%s", op);
    emit(w, &ev);
}

void emit_actor_end(World *w, int a, EvKind k, const char *text)
{
    emit_actor_end_sig(w, a, k, text, -1);
}

void emit_actor_end_sig(World *w, int a, EvKind k, const char *text, int sig)
{
    RtActor *ac = &w->actors[a];
    emit_leave_cpu(w, a);
    if (ac->state == RS_READY) ac->ready_total += w->now - ac->ready_since;
    if (!w->finishing) {
        /* killed from outside: it leaves every queue it was in (life.c) */
        if (ac->state == RS_BLOCKED && ac->res >= 0) res_wait_remove(&w->res[ac->res], a, w->n_actors);
        if (ac->state == RS_READY)
            for (int k2 = 0; k2 < w->n_ready; k2++)
                if (w->ready[(w->r_head + k2) % w->n_actors] == a) { world_ready_take(w, k2); break; }
        if (ac->has_timeout) world_dl_cancel(w, DL_TIMEOUT, a);
        if (ac->state == RS_SLEEPING) world_dl_cancel(w, DL_WAKE, a);
        ac->has_timeout = false;
    }
    ac->state = k == EV_DONE ? RS_DONE : k == EV_KILLED ? RS_KILLED : RS_ERROR;
    ac->end_t = w->now;
    if (k == EV_ERROR) { /* kept for the end-of-run report (RtResult) */
        if (w->n_errors < RT_ERRORS_MAX) {
            w->err_actor[w->n_errors] = a;
            snprintf(w->err_text[w->n_errors], sizeof w->err_text[0], "%s", text ? text : "");
        }
        w->n_errors++;
    }
    if (!ac->sc->daemon) w->live_nondaemon--;
    Event ev;
    event_init(&ev, k);
    ev.actor = a;
    if (text) snprintf(ev.text, sizeof ev.text, "%s", text);
    if (sig > 0) ev.sig = sig;
    emit(w, &ev);
    life_actor_ended(w, a); /* joiners go on, its pipe ends close */
}

/* interp — an actor's own interpreter: walks its script one atomic step at
 * a time (SPEC §4 costs: work its ms, every other step 1 us; entering a
 * repeat/loop/with is free), with its own locals and control stack.
 *
 * Runs on the actor's thread while it holds the baton. A step that blocks
 * is already past in the script: the waker completes it (hand-off), so the
 * actor simply resumes with the next one. The cost of a step is left in
 * ac->work_left for the scheduler, which turns it into a deadline. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/world.h"
#include "scenario/template.h"

/* free control transitions (loop back, block exit) allowed before a step
 * is charged anyway, so an empty loop spins on the clock instead of hanging */
#define INTERP_FREE_MOVES 10000

typedef enum Act { A_STEP = 0, A_WITH_ACQ, A_WITH_REL, A_COND_IF, A_COND_WHILE, A_END, A_SPIN } Act;

void interp_init(RtActor *ac)
{
    ac->depth = 1;
    ac->stack[0] = (Frame){.kind = FR_ROOT, .list = ac->sc->script, .pc = 0};
    ac->unwinding = false;
}

/* ---- locals and templates ------------------------------------------------ */

static Local *find_local(RtActor *ac, const char *name)
{
    for (int i = 0; i < ac->n_locals; i++)
        if (strcmp(ac->locals[i].name, name) == 0) return &ac->locals[i];
    return NULL;
}

void interp_set_local(RtActor *ac, const char *name, const Value *v)
{
    Local *l = find_local(ac, name);
    if (!l) {
        if (ac->n_locals == ac->cap_locals) {
            int cap = ac->cap_locals ? ac->cap_locals * 2 : 4;
            Local *nl = world_realloc(ac->world, ac->locals, (size_t)cap * sizeof *nl); /* world memory: a hand-off sets it */
            if (!nl) return; /* out of memory: the local stays unassigned (null) */
            ac->locals = nl;
            ac->cap_locals = cap;
        }
        l = &ac->locals[ac->n_locals++];
        snprintf(l->name, sizeof l->name, "%s", name);
    }
    l->v = *v;
}

static bool lookup_local(void *ctx, const char *name, Value *out)
{
    Local *l = find_local(ctx, name);
    if (!l) return false;
    *out = l->v;
    return true;
}

static int64_t innermost_iter(const RtActor *ac)
{
    for (int d = ac->depth - 1; d >= 0; d--) {
        FrameKind k = ac->stack[d].kind;
        if (k == FR_REPEAT || k == FR_LOOP || k == FR_WHILE) return ac->stack[d].iter;
    }
    return 0;
}

static void expand(RtActor *ac, const char *s, char *out, size_t cap)
{
    template_expand(s, ac->sc->index, innermost_iter(ac), lookup_local, ac, out, cap);
}

/* ---- values and conditions ------------------------------------------------ */

static bool eval(World *w, RtActor *ac, const Expr *e, Value *out, char *msg, size_t cap,
                 int depth)
{
    if (!e) { *out = value_null(); return true; }
    if (depth > SC_MAX_JSON_DEPTH) { snprintf(msg, cap, "value nested too deeply"); return false; }
    switch (e->kind) {
    case EX_LIT:
        if (e->is_template && e->lit.kind == VAL_STR) {
            char buf[VALUE_STR_MAX + 1];
            expand(ac, e->lit.s, buf, sizeof buf);
            *out = value_str(buf);
        } else {
            *out = e->lit;
        }
        return true;
    case EX_LOCAL: {
        Local *l = find_local(ac, e->name);
        *out = l ? l->v : value_null();
        return true;
    }
    case EX_VAR:
        if (e->res < 0 || e->res >= w->n_res) { snprintf(msg, cap, "unknown variable"); return false; }
        *out = value_int(w->res[e->res].value);
        return true;
    case EX_ADD: {
        Value a, b;
        if (!eval(w, ac, e->a, &a, msg, cap, depth + 1) || !eval(w, ac, e->b, &b, msg, cap, depth + 1))
            return false;
        if (a.kind != VAL_INT || b.kind != VAL_INT) {
            snprintf(msg, cap, "add of a value that is not an integer");
            return false;
        }
        int64_t s = a.i + b.i; /* both within 2^53, so this cannot overflow int64 */
        if (s > VALUE_INT_MAX || s < -VALUE_INT_MAX) {
            snprintf(msg, cap, "integer overflow: %lld + %lld", (long long)a.i, (long long)b.i);
            return false;
        }
        *out = value_int(s);
        return true;
    }
    }
    snprintf(msg, cap, "bad value");
    return false;
}

static bool cond_eval(World *w, RtActor *ac, const Cond *c, bool *out, char *msg, size_t cap,
                      int depth)
{
    if (!c) { *out = false; return true; }
    if (depth > SC_MAX_JSON_DEPTH) { snprintf(msg, cap, "condition nested too deeply"); return false; }
    if (c->kind == CD_NOT) {
        bool in;
        if (!cond_eval(w, ac, c->inner, &in, msg, cap, depth + 1)) return false;
        *out = !in;
        return true;
    }
    Value a, b;
    if (!eval(w, ac, c->a, &a, msg, cap, depth + 1) || !eval(w, ac, c->b, &b, msg, cap, depth + 1))
        return false;
    int k = value_cmp(&a, &b);
    switch (c->kind) {
    case CD_EQ: *out = k == 0; break;
    case CD_NE: *out = k != 0; break;
    case CD_LT: *out = k < 0; break;
    case CD_LE: *out = k <= 0; break;
    case CD_GT: *out = k > 0; break;
    case CD_GE: *out = k >= 0; break;
    default: *out = false; break;
    }
    return true;
}

void interp_say(World *w, int a, const Step *st)
{
    if (!st || !st->say) return;
    RtActor *ac = &w->actors[a];
    Value v;
    char msg[128]; /* the message is dropped: a caption that fails to evaluate is not shown */
    if (!eval(w, ac, st->say, &v, msg, sizeof msg, 0)) return;
    Event ev;
    event_init(&ev, EV_SAY);
    ev.actor = a;
    value_to_text(&v, ev.text, sizeof ev.text);
    emit(w, &ev);
}

/* ---- the control stack ---------------------------------------------------- */

static bool push(RtActor *ac, FrameKind k, const StepList *list, const Step *owner, int pc,
                 int64_t iter)
{
    if (ac->depth >= (int)(sizeof ac->stack / sizeof ac->stack[0])) return false;
    ac->stack[ac->depth++] = (Frame){.kind = k, .list = list, .pc = pc, .owner = owner, .iter = iter};
    return true;
}

static void pop_and_advance(RtActor *ac)
{
    if (ac->depth > 1) ac->depth--;
    ac->stack[ac->depth - 1].pc++;
}

/* Makes every free move up to the next thing that costs: returns the action
 * and its step. Leaves the stack pointing at that action. */
static Act resolve(RtActor *ac, const Step **out)
{
    *out = NULL;
    for (int moves = 0; moves < INTERP_FREE_MOVES; moves++) {
        Frame *f = &ac->stack[ac->depth - 1];
        int n = f->list ? f->list->n : 0;
        if (ac->unwinding) {
            switch (f->kind) {
            case FR_ROOT: ac->unwinding = false; f->pc = n; continue;
            case FR_WITH: f->pc = n; *out = f->owner; return A_WITH_REL;
            case FR_IF: ac->depth--; continue;
            default: ac->unwinding = false; pop_and_advance(ac); continue;
            }
        }
        if (f->pc < n) {
            const Step *s = &f->list->v[f->pc];
            switch (s->kind) {
            case ST_WITH: *out = s; return A_WITH_ACQ;
            case ST_IF: *out = s; return A_COND_IF;
            case ST_REPEAT:
                if (s->repeat <= 0 || !push(ac, FR_REPEAT, &s->body, s, 0, 1)) f->pc++;
                continue;
            case ST_LOOP:
                if (!push(ac, FR_LOOP, &s->body, s, 0, 1)) f->pc++;
                continue;
            case ST_WHILE:
                /* parked at the end of its body: the next move evaluates the condition */
                if (!push(ac, FR_WHILE, &s->body, s, s->body.n, 0)) f->pc++;
                continue;
            default: *out = s; return A_STEP;
            }
        }
        switch (f->kind) {
        case FR_ROOT: return A_END;
        case FR_WITH: *out = f->owner; return A_WITH_REL;
        case FR_WHILE: *out = f->owner; return A_COND_WHILE;
        case FR_REPEAT:
            if (f->iter < f->owner->repeat) { f->iter++; f->pc = 0; }
            else pop_and_advance(ac);
            continue;
        case FR_LOOP: f->iter++; f->pc = 0; continue;
        case FR_IF: pop_and_advance(ac); continue;
        }
    }
    return A_SPIN;
}

/* ---- one step -------------------------------------------------------------- */

static void fail(World *w, int a, const Step *st, const char *msg)
{
    char buf[EV_TEXT_MAX + 1];
    /* cut at the event's text limit, like every caption */
    if (snprintf(buf, sizeof buf, "%s: %s", st ? st->path : "script", msg) >= (int)sizeof buf)
        buf[sizeof buf - 1] = '\0';
    emit_actor_end(w, a, EV_ERROR, buf);
}

static bool res_ok(const World *w, int r) { return r >= 0 && r < w->n_res; }

/* Executes an atomic step; false with msg on a runtime error. */
static bool exec_step(World *w, int a, const Step *s, char *msg, size_t cap)
{
    RtActor *ac = &w->actors[a];
    Frame *f = &ac->stack[ac->depth - 1];
    bool say_after = prim_says_after(s);
    if (!say_after && s->kind != ST_SAY) interp_say(w, a, s);
    f->pc++;
    ac->work_left = 1;
    bool needs_res = s->kind == ST_ACQUIRE || s->kind == ST_RELEASE || s->kind == ST_WAIT ||
                     s->kind == ST_SET || s->kind == ST_CLEAR || s->kind == ST_PUT ||
                     s->kind == ST_GET || s->kind == ST_READ || s->kind == ST_WRITE ||
                     s->kind == ST_ADD || s->kind == ST_NOTIFY || s->kind == ST_NOTIFY_ALL ||
                     s->kind == ST_TASK_DONE || s->kind == ST_SEND || s->kind == ST_RECV ||
                     s->kind == ST_CLOSE || s->kind == ST_SUBMIT ||
                     (s->kind == ST_JOIN && s->target < 0);
    if (needs_res && !res_ok(w, s->res)) { snprintf(msg, cap, "unknown resource"); return false; }
    switch (s->kind) {
    case ST_WORK: {
        int64_t us = world_draw_ms(w, s->ms_min, s->ms_max);
        ac->work_left = us > 0 ? us : 1; /* a zero work still moves the clock */
        return true;
    }
    case ST_SLEEP: {
        int64_t until = w->now + world_draw_ms(w, s->ms_min, s->ms_max);
        emit_leave_cpu(w, a);
        ac->state = RS_SLEEPING;
        Event ev;
        event_init(&ev, EV_SLEEPING);
        ev.actor = a;
        ev.until = until;
        emit(w, &ev);
        world_dl_push(w, until, DL_WAKE, a);
        return true;
    }
    case ST_ACQUIRE: return prim_acquire(w, a, s->res, s, msg, cap);
    case ST_RELEASE: return prim_release(w, a, s->res, msg, cap);
    case ST_WAIT: return prim_wait(w, a, s->res, s, msg, cap);
    case ST_NOTIFY: return prim_notify(w, a, s->res, s->n > 0 ? s->n : 1, msg, cap);
    case ST_NOTIFY_ALL: return prim_notify(w, a, s->res, -1, msg, cap);
    case ST_TASK_DONE: return prim_task_done(w, a, s->res, msg, cap);
    case ST_JOIN:
        if (s->target >= 0) return life_join(w, a, s, msg, cap);
        return prim_join_res(w, a, s->res, s, msg, cap);
    case ST_SEND: {
        Value item;
        if (!eval(w, ac, s->value, &item, msg, cap, 0)) return false;
        return prim_send(w, a, s->res, &item, s, msg, cap);
    }
    case ST_RECV: return prim_recv(w, a, s->res, s, msg, cap);
    case ST_CLOSE: return prim_close(w, a, s->res, s, msg, cap);
    case ST_SUBMIT: {
        Value args[64];
        if (s->n_args < 0 || s->n_args > 64) { snprintf(msg, cap, "too many args"); return false; }
        for (int i = 0; i < s->n_args; i++)
            if (!eval(w, ac, s->arg_values[i], &args[i], msg, cap, 0)) return false;
        return pool_submit(w, a, s->res, s, args, msg, cap);
    }
    case ST_START: return life_start(w, a, s, msg, cap);
    case ST_TERMINATE: return life_terminate(w, a, s, msg, cap);
    case ST_SET: return prim_set(w, a, s->res, true, msg, cap);
    case ST_CLEAR: return prim_set(w, a, s->res, false, msg, cap);
    case ST_PUT: {
        Value item;
        if (!eval(w, ac, s->value, &item, msg, cap, 0)) return false;
        return prim_put(w, a, s->res, &item, s, msg, cap);
    }
    case ST_GET: return prim_get(w, a, s->res, s, msg, cap);
    case ST_READ: {
        RtRes *r = &w->res[s->res];
        Event ev;
        event_init(&ev, EV_READ);
        ev.actor = a;
        ev.res = s->res;
        ev.value = r->value;
        emit(w, &ev);
        if (s->into[0]) {
            Value v = value_int(r->value);
            interp_set_local(ac, s->into, &v);
            interp_say(w, a, s);
        }
        return true;
    }
    case ST_WRITE: case ST_ADD: {
        RtRes *r = &w->res[s->res];
        Value v;
        if (!eval(w, ac, s->value, &v, msg, cap, 0)) return false;
        if (v.kind != VAL_INT) {
            snprintf(msg, cap, "%s of a value that is not an integer to variable \"%s\"",
                     s->kind == ST_ADD ? "add" : "write", r->sc->id);
            return false;
        }
        Event ev;
        event_init(&ev, s->kind == ST_ADD ? EV_ADD : EV_WRITE);
        if (s->kind == ST_ADD) {
            int64_t sum = r->value + v.i;
            if (v.i > VALUE_INT_MAX || v.i < -VALUE_INT_MAX || sum > VALUE_INT_MAX ||
                sum < -VALUE_INT_MAX) {
                snprintf(msg, cap, "integer overflow: variable \"%s\" (%lld) + %lld", r->sc->id,
                         (long long)r->value, (long long)v.i);
                return false;
            }
            r->value = sum;
            ev.by = v.i;
        } else {
            r->value = v.i;
        }
        ev.actor = a;
        ev.res = s->res;
        ev.value = r->value;
        emit(w, &ev);
        return true;
    }
    case ST_SAY: {
        Value v;
        if (!eval(w, ac, s->text, &v, msg, cap, 0)) return false;
        Event ev;
        event_init(&ev, EV_SAY);
        ev.actor = a;
        value_to_text(&v, ev.text, sizeof ev.text);
        emit(w, &ev);
        return true;
    }
    case ST_LET: {
        Value v;
        if (!eval(w, ac, s->value, &v, msg, cap, 0)) return false;
        interp_set_local(ac, s->local, &v);
        return true;
    }
    case ST_BREAK:
        ac->unwinding = true;
        return true;
    default:
        snprintf(msg, cap, "step \"%s\" is not supported", step_kind_name(s->kind));
        return false;
    }
}

static void step_once(World *w, int a)
{
    RtActor *ac = &w->actors[a];
    char msg[EV_TEXT_MAX + 1] = "";
    const Step *s = NULL;
    ac->work_left = 1;
    if (ac->sc->role[0] && pool_actor_step(w, a)) return;
    switch (resolve(ac, &s)) {
    case A_END:
        if (ac->sc->role[0] && ac->task > 0) { pool_actor_end_of_script(w, a); return; }
        ac->work_left = 0;
        emit_actor_end(w, a, EV_DONE, NULL);
        return;
    case A_SPIN:
        return;
    case A_STEP:
        if (!exec_step(w, a, s, msg, sizeof msg)) fail(w, a, s, msg);
        return;
    case A_WITH_ACQ:
        interp_say(w, a, s);
        if (!res_ok(w, s->res)) { fail(w, a, s, "unknown resource"); return; }
        if (!push(ac, FR_WITH, &s->body, s, 0, 0)) { fail(w, a, s, "blocks nested too deeply"); return; }
        if (!prim_acquire(w, a, s->res, s, msg, sizeof msg)) fail(w, a, s, msg);
        return;
    case A_WITH_REL:
        if (!res_ok(w, s->res) || !prim_release(w, a, s->res, msg, sizeof msg)) {
            fail(w, a, s, msg[0] ? msg : "unknown resource");
            return;
        }
        if (ac->unwinding) ac->depth--; /* the break goes on leaving blocks */
        else pop_and_advance(ac);
        return;
    case A_COND_IF: {
        interp_say(w, a, s);
        bool yes;
        if (!cond_eval(w, ac, s->cond, &yes, msg, sizeof msg, 0)) { fail(w, a, s, msg); return; }
        if (!push(ac, FR_IF, yes ? &s->body : &s->else_body, s, 0, 0)) fail(w, a, s, "blocks nested too deeply");
        return;
    }
    case A_COND_WHILE: {
        Frame *f = &ac->stack[ac->depth - 1];
        if (f->iter == 0) interp_say(w, a, s);
        bool yes;
        if (!cond_eval(w, ac, s->cond, &yes, msg, sizeof msg, 0)) { fail(w, a, s, msg); return; }
        if (yes) { f->iter++; f->pc = 0; }
        else pop_and_advance(ac);
        return;
    }
    }
}

void interp_step(World *w, int a)
{
    step_once(w, a);
    /* a step that blocked or slept cost nothing on the CPU: it left it */
    if (w->actors[a].state != RS_RUNNING) w->actors[a].work_left = 0;
}

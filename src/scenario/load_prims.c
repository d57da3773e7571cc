/* load_prims — the steps issue 3 added (SPEC §2): notify, notify_all,
 * task_done, join, send, recv, close, submit, start, terminate, and the
 * wait options timeout_ms, blocking, into, ok wherever Python has them.
 * Actor targets are only recorded here: load_finish (load_actors.c)
 * resolves them once every actor is known. See loader.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/loader.h"

#define M(t) (1u << (t))

/* ---- wait options ------------------------------------------------------------ */

static void wait_options(Loader *L, LoadScriptCtx *cx, const JNode *o, const char *path,
                         const char *const *keys, Step *st)
{
    char p[LOAD_PATH_MAX];
    const JNode *m, *tmo = NULL;
    if (load_in_list("timeout_ms", keys) && (m = jsonpos_get(o, "timeout_ms"))) {
        load_path_key(p, path, "timeout_ms");
        if (load_int(L, m, p, 0, SC_MAX_MS, &st->timeout_ms)) tmo = m;
    }
    if (load_in_list("blocking", keys) && (m = jsonpos_get(o, "blocking"))) {
        load_path_key(p, path, "blocking");
        if (load_bool(L, m, p, &st->blocking) && !st->blocking && tmo) {
            load_path_key(p, path, "timeout_ms");
            load_error(L, LOAD_AT_KEY(tmo), p, "a timeout makes no sense with \"blocking\": "
                       "false (a non-blocking step never waits)");
        }
    }
    /* read takes "into" too, but requires it: do_step handles it */
    if (st->kind != ST_READ && load_in_list("into", keys) && (m = jsonpos_get(o, "into"))) {
        load_path_key(p, path, "into");
        if (load_local_name(L, m, p, st->into)) load_note_assigned(cx, st->into);
    }
    if (load_in_list("ok", keys) && (m = jsonpos_get(o, "ok"))) {
        load_path_key(p, path, "ok");
        if (load_local_name(L, m, p, st->ok)) load_note_assigned(cx, st->ok);
    }
}

/* ---- resources ----------------------------------------------------------------- */

static int on_ref(Loader *L, const JNode *o, const char *path, unsigned mask, const char *op,
                  const char *need)
{
    const JNode *m = load_need(L, o, path, "on");
    if (!m) return -1;
    char p[LOAD_PATH_MAX];
    load_path_key(p, path, "on");
    return load_resource_ref(L, m, p, mask, op, need);
}

/* A queue named by task_done or join must be joinable. */
static void want_joinable(Loader *L, const JNode *o, const char *path, const Step *st,
                          const char *op)
{
    const ScResource *r = st->res >= 0 ? &L->sc->res[st->res] : NULL;
    if (!r || r->type != RES_QUEUE || r->joinable) return;
    char p[LOAD_PATH_MAX];
    load_path_key(p, path, "on");
    const JNode *m = jsonpos_get(o, "on");
    load_error(L, LOAD_AT(m), p, "\"%s\" is a queue that is not joinable, but \"%s\" needs %s "
               "(add \"joinable\": true to \"%s\")", r->id, op,
               st->kind == ST_JOIN ? "a joinable queue or a pool" : "a joinable queue", r->id);
}

/* "end" of send, recv and close on a pipe; st->end gets the end used. */
static void pipe_end(Loader *L, const JNode *o, const char *path, Step *st)
{
    const ScResource *r = st->res >= 0 ? &L->sc->res[st->res] : NULL;
    const JNode *m = jsonpos_get(o, "end");
    char p[LOAD_PATH_MAX];
    load_path_key(p, path, "end");
    if (r && r->type == RES_POOL) {
        if (m) load_error(L, LOAD_AT_KEY(m), p, "a pool has no ends (\"end\" is for pipes)");
        return;
    }
    if (m && !load_want_type(L, m, p, JSON_STR)) return;
    if (!r) return;
    const char *dflt = st->kind == ST_RECV ? "read" : "write";
    if (r->duplex) {
        if (!m)
            load_error(L, LOAD_AT(o), path, "missing required key \"end\" (\"%s\" is a duplex "
                       "pipe: say which end, \"a\" or \"b\")", r->id);
        else if (strcmp(m->str, "a") != 0 && strcmp(m->str, "b") != 0)
            load_error(L, LOAD_AT(m), p, "must be \"a\" or \"b\" (the ends of the duplex pipe "
                       "\"%s\"), not \"%s\"", r->id, m->str);
        else
            snprintf(st->end, sizeof st->end, "%s", m->str);
        return;
    }
    if (!m) {
        snprintf(st->end, sizeof st->end, "%s", dflt);
        return;
    }
    bool fit = st->kind == ST_CLOSE ? strcmp(m->str, "write") == 0 || strcmp(m->str, "read") == 0
                                    : strcmp(m->str, dflt) == 0;
    if (!fit && st->kind == ST_CLOSE)
        load_error(L, LOAD_AT(m), p, "must be \"write\" or \"read\" (the ends of the pipe \"%s\"), "
                   "not \"%s\"", r->id, m->str);
    else if (!fit)
        load_error(L, LOAD_AT(m), p, "must be \"%s\" (a \"%s\" uses the %s end of the one-way pipe "
                   "\"%s\"), not \"%s\"", dflt, step_kind_name(st->kind), dflt, r->id, m->str);
    else
        snprintf(st->end, sizeof st->end, "%s", m->str);
}

/* ---- submit -------------------------------------------------------------------- */

static void submit_args(Loader *L, LoadScriptCtx *cx, const JNode *m, const char *path, int loops,
                        Step *st, LoadScript *task)
{
    char p[LOAD_PATH_MAX];
    if (!load_want_type(L, m, path, JSON_OBJ) || m->n == 0) return;
    if (m->n > LOAD_MAX_ARGS) {
        load_error(L, LOAD_AT(m), path, "too many args: %d (the limit is %d)", m->n, LOAD_MAX_ARGS);
        return;
    }
    st->arg_names = scenario_alloc(L->sc, (size_t)m->n * sizeof *st->arg_names);
    st->arg_values = scenario_alloc(L->sc, (size_t)m->n * sizeof *st->arg_values);
    if (!st->arg_names || !st->arg_values) return;
    for (const JNode *a = m->first; a; a = a->next) {
        load_path_key(p, path, a->key);
        /* the key is the task's local: check it as a name, at the key */
        JNode key = {.type = JSON_STR, .line = a->key_line, .col = a->key_col, .str = a->key,
                     .len = a->key_len};
        char name[SC_ID_MAX];
        if (!load_local_name(L, &key, p, name)) continue;
        Expr *v = load_value(L, cx, a, p, loops);
        if (!v) continue;
        memcpy(st->arg_names[st->n_args], name, SC_ID_MAX);
        st->arg_values[st->n_args++] = v;
        if (task) load_note_assigned(&task->cx, name);
    }
}

static void submit_step(Loader *L, LoadScriptCtx *cx, const JNode *o, const char *path, int loops,
                        Step *st)
{
    char p[LOAD_PATH_MAX];
    const JNode *m, *cb = jsonpos_get(o, "callback"), *into = jsonpos_get(o, "into");
    st->res = on_ref(L, o, path, M(RES_POOL), "submit", "a pool");
    if ((m = jsonpos_get(o, "wait"))) {
        load_path_key(p, path, "wait");
        load_bool(L, m, p, &st->wait);
    }
    LoadScript *task = NULL;
    if ((m = load_need(L, o, path, "script"))) {
        load_path_key(p, path, "script");
        int k = load_script_ref(L, m, p);
        if (k >= 0) {
            task = &L->scripts[k];
            st->script = task->steps;
            memcpy(st->script_name, task->name, SC_ID_MAX);
            load_note_assigned(&task->cx, "result");
        }
    }
    if (cb) {
        load_path_key(p, path, "callback");
        if (st->wait)
            load_error(L, LOAD_AT_KEY(cb), p, "a callback is for \"wait\": false (apply_async); "
                       "with \"wait\": true the result comes back through \"into\"");
        int k = load_script_ref(L, cb, p);
        if (k >= 0) {
            st->callback = L->scripts[k].steps;
            load_note_assigned(&L->scripts[k].cx, "result");
        }
    }
    if (into && !st->wait) {
        load_path_key(p, path, "into");
        load_error(L, LOAD_AT_KEY(into), p, "\"into\" needs \"wait\": true (apply waits for the "
                   "result; apply_async hands it to a callback)");
    }
    if ((m = jsonpos_get(o, "args"))) {
        load_path_key(p, path, "args");
        submit_args(L, cx, m, p, loops, st, task);
    }
}

/* ---- actors ---------------------------------------------------------------------- */

static void actor_ref(Loader *L, const JNode *m, const char *path, Step *st)
{
    char p[LOAD_PATH_MAX];
    load_path_key(p, path, "actor");
    if (!load_want_type(L, m, p, JSON_STR)) return;
    if (L->n_arefs == L->cap_arefs) {
        int cap = L->cap_arefs ? L->cap_arefs * 2 : 8;
        void *v = realloc(L->arefs, (size_t)cap * sizeof *L->arefs);
        if (!v) return;
        L->arefs = v;
        L->cap_arefs = cap;
    }
    LoadActorRef *a = &L->arefs[L->n_arefs++];
    a->n = m;
    memcpy(a->path, p, sizeof a->path);
    a->st = st;
    a->root = L->cur_root;
}

static void join_step(Loader *L, const JNode *o, const char *path, Step *st)
{
    const JNode *on = jsonpos_get(o, "on"), *actor = jsonpos_get(o, "actor");
    char p[LOAD_PATH_MAX];
    if (on && actor) {
        load_path_key(p, path, "actor");
        load_error(L, LOAD_AT_KEY(actor), p, "a \"join\" step has either \"on\" (a joinable queue "
                   "or a pool) or \"actor\", not both");
    } else if (on) {
        st->res = on_ref(L, o, path, M(RES_QUEUE) | M(RES_POOL), "join",
                         "a joinable queue or a pool");
        want_joinable(L, o, path, st, "join");
    } else if (actor) {
        actor_ref(L, actor, path, st);
    } else {
        load_error(L, LOAD_AT(o), path, "a \"join\" step needs \"on\" (a joinable queue or a "
                   "pool) or \"actor\" (an actor or a group)");
    }
}

/* ---- the step -------------------------------------------------------------------- */

void load_prim_step(Loader *L, LoadScriptCtx *cx, const JNode *o, const char *path, int loops,
                    const JNode *dov, const char *const *keys, Step *st)
{
    char p[LOAD_PATH_MAX];
    const JNode *m;
    int64_t v;
    wait_options(L, cx, o, path, keys, st);
    switch (st->kind) {
    case ST_NOTIFY: case ST_NOTIFY_ALL:
        st->res = on_ref(L, o, path, M(RES_CONDITION), step_kind_name(st->kind), "a condition");
        st->n = st->kind == ST_NOTIFY_ALL ? -1 : 1;
        if (st->kind == ST_NOTIFY && (m = jsonpos_get(o, "n"))) {
            load_path_key(p, path, "n");
            if (load_int(L, m, p, 1, 1000000, &v)) st->n = (int)v;
        }
        break;
    case ST_TASK_DONE:
        st->res = on_ref(L, o, path, M(RES_QUEUE), "task_done", "a joinable queue");
        want_joinable(L, o, path, st, "task_done");
        break;
    case ST_JOIN:
        join_step(L, o, path, st);
        break;
    case ST_SEND: case ST_RECV:
        st->res = on_ref(L, o, path, M(RES_PIPE), step_kind_name(st->kind), "a pipe");
        if (st->kind == ST_SEND && (m = load_need(L, o, path, "item"))) {
            load_path_key(p, path, "item");
            st->value = load_value(L, cx, m, p, loops);
        }
        pipe_end(L, o, path, st);
        break;
    case ST_CLOSE:
        st->res = on_ref(L, o, path, M(RES_PIPE) | M(RES_POOL), "close", "a pipe or a pool");
        pipe_end(L, o, path, st);
        break;
    case ST_SUBMIT:
        submit_step(L, cx, o, path, loops, st);
        break;
    case ST_START: case ST_TERMINATE:
        if (st->kind == ST_TERMINATE && L->sc->mode != MODE_PROCESSES) {
            load_path_key(p, path, "do");
            load_error(L, LOAD_AT(dov), p, "terminate needs \"mode\": \"processes\" (a thread "
                       "cannot be killed)");
        }
        if ((m = load_need(L, o, path, "actor"))) actor_ref(L, m, path, st);
        break;
    default:
        break;
    }
}

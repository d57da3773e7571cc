/* load_steps — compiles the steps of a script, their values and conditions
 * (SPEC §2 "Steps", "Values"), resolving every resource name to an index
 * and recording which locals a script assigns and uses. See loader.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/loader.h"
#include "scenario/suggest.h"
#include "scenario/template.h"

#define M(t) (1u << (t))
/* acquire, release, with: a condition acquires its lock */
#define LOCKLIKE (M(RES_LOCK) | M(RES_RLOCK) | M(RES_SEMAPHORE) | M(RES_CONDITION))
#define LOCKLIKE_TEXT "a lock, an rlock, a semaphore or a condition"

/* ---- step kinds ------------------------------------------------------------ */

static const char *const k_timed[] = {"do", "say", "ms", NULL};
static const char *const k_on[] = {"do", "say", "on", NULL};
static const char *const k_acquire[] = {"do", "say", "on", "timeout_ms", "blocking", "into", NULL};
static const char *const k_wait[] = {"do", "say", "on", "timeout_ms", "into", NULL};
static const char *const k_put[] = {"do", "say", "on", "item", "timeout_ms", "blocking", "into",
                                    NULL};
static const char *const k_get[] = {"do", "say", "on", "into", "timeout_ms", "blocking", "ok",
                                    NULL};
static const char *const k_read[] = {"do", "say", "var", "into", NULL};
static const char *const k_write[] = {"do", "say", "var", "value", NULL};
static const char *const k_say[] = {"do", "say", "text", NULL};
static const char *const k_let[] = {"do", "say", "local", "value", NULL};
static const char *const k_break[] = {"do", "say", NULL};
static const char *const k_notify[] = {"do", "say", "on", "n", NULL};
static const char *const k_join[] = {"do", "say", "on", "actor", "timeout_ms", "into", NULL};
static const char *const k_send[] = {"do", "say", "on", "item", "end", NULL};
static const char *const k_recv[] = {"do", "say", "on", "into", "ok", "timeout_ms", "end", NULL};
static const char *const k_close[] = {"do", "say", "on", "end", NULL};
static const char *const k_submit[] = {"do", "say", "on", "script", "callback", "wait", "args",
                                       "into", NULL};
static const char *const k_actor[] = {"do", "say", "actor", NULL};

typedef struct DoSpec {
    const char *name;
    StepKind kind;
    const char *const *keys;
} DoSpec;

static const DoSpec do_specs[] = {
    {"work", ST_WORK, k_timed},          {"sleep", ST_SLEEP, k_timed},
    {"acquire", ST_ACQUIRE, k_acquire},  {"release", ST_RELEASE, k_on},
    {"wait", ST_WAIT, k_wait},           {"set", ST_SET, k_on},
    {"clear", ST_CLEAR, k_on},           {"put", ST_PUT, k_put},
    {"get", ST_GET, k_get},              {"read", ST_READ, k_read},
    {"write", ST_WRITE, k_write},        {"add", ST_ADD, k_write},
    {"say", ST_SAY, k_say},              {"let", ST_LET, k_let},
    {"break", ST_BREAK, k_break},        {"notify", ST_NOTIFY, k_notify},
    {"notify_all", ST_NOTIFY_ALL, k_on}, {"task_done", ST_TASK_DONE, k_on},
    {"join", ST_JOIN, k_join},           {"send", ST_SEND, k_send},
    {"recv", ST_RECV, k_recv},           {"close", ST_CLOSE, k_close},
    {"submit", ST_SUBMIT, k_submit},     {"start", ST_START, k_actor},
    {"terminate", ST_TERMINATE, k_actor},
};
#define N_DO (sizeof do_specs / sizeof do_specs[0])

static const char *const do_names[] = {
    "work", "sleep", "acquire", "release", "wait", "set", "clear", "put", "get", "read",
    "write", "add", "say", "let", "break", "notify", "notify_all", "task_done", "join", "send",
    "recv", "close", "submit", "start", "terminate", NULL,
};

/* The keys that say what a step is; a step has exactly one. */
static const char *const kind_keys[] = {"do", "with", "repeat", "loop", "while", "if", NULL};
/* Every key some step takes, kinds first (so "od" suggests "do"). */
static const char *const any_step_key[] = {
    "do", "with", "repeat", "loop", "while", "if", "say", "ms", "on", "item", "into", "var",
    "value", "text", "local", "steps", "then", "else", "timeout_ms", "blocking", "ok", "n",
    "end", "actor", "script", "callback", "wait", "args", NULL,
};
static const char *const k_with[] = {"with", "steps", "say", NULL};
static const char *const k_repeat[] = {"repeat", "steps", "say", NULL};
static const char *const k_loop[] = {"loop", "say", NULL};
static const char *const k_while[] = {"while", "steps", "say", NULL};
static const char *const k_if[] = {"if", "then", "else", "say", NULL};

/* ---- locals ---------------------------------------------------------------- */

void load_note_assigned(LoadScriptCtx *cx, const char *name)
{
    for (int k = 0; k < cx->n_assigned; k++)
        if (strcmp(cx->assigned[k], name) == 0) return;
    if (cx->n_assigned == cx->cap_assigned) {
        int cap = cx->cap_assigned ? cx->cap_assigned * 2 : 8;
        void *v = realloc(cx->assigned, (size_t)cap * sizeof *cx->assigned);
        if (!v) return;
        cx->assigned = v;
        cx->cap_assigned = cap;
    }
    if (snprintf(cx->assigned[cx->n_assigned], SC_ID_MAX, "%s", name) >= SC_ID_MAX)
        cx->assigned[cx->n_assigned][SC_ID_MAX - 1] = '\0';  /* names are checked shorter */
    cx->n_assigned++;
}

static void note_use(LoadScriptCtx *cx, const char *name, int line, int col, const char *path)
{
    if (cx->n_uses == cx->cap_uses) {
        int cap = cx->cap_uses ? cx->cap_uses * 2 : 8;
        void *v = realloc(cx->uses, (size_t)cap * sizeof *cx->uses);
        if (!v) return;
        cx->uses = v;
        cx->cap_uses = cap;
    }
    LoadUse *u = &cx->uses[cx->n_uses++];
    if (snprintf(u->name, sizeof u->name, "%s", name) >= (int)sizeof u->name)
        u->name[sizeof u->name - 1] = '\0';
    u->line = line;
    u->col = col;
    if (snprintf(u->path, sizeof u->path, "%s", path) >= (int)sizeof u->path)
        u->path[sizeof u->path - 1] = '\0';
}

void load_script_end(Loader *L, LoadScriptCtx *cx)
{
    for (int k = 0; k < cx->n_uses; k++) {
        const LoadUse *u = &cx->uses[k];
        bool found = false;
        for (int j = 0; j < cx->n_assigned && !found; j++)
            found = strcmp(cx->assigned[j], u->name) == 0;
        if (found) continue;
        if (load_capped(L)) { load_error(L, 0, 0, "", "local"); continue; } /* counted only */
        const char **cands = malloc((size_t)(cx->n_assigned + 1) * sizeof *cands);
        char hint[128] = "";
        if (cands) {
            for (int j = 0; j < cx->n_assigned; j++) cands[j] = cx->assigned[j];
            suggest_hint(u->name, cands, (size_t)cx->n_assigned, hint, sizeof hint);
            free(cands);
        }
        if (hint[0])
            load_error(L, u->line, u->col, u->path, "local \"%s\" is never assigned in this "
                       "script%s", u->name, hint);
        else
            load_error(L, u->line, u->col, u->path, "local \"%s\" is never assigned in this "
                       "script (assign it with \"let\", or \"into\" on a get or read)", u->name);
    }
    free(cx->assigned);
    free(cx->uses);
    memset(cx, 0, sizeof *cx);
}

/* ---- templates ------------------------------------------------------------- */

typedef struct TplCtx {
    LoadScriptCtx *cx;
    const JNode *n;
    const char *path;
    int loops;
    bool iter_outside;
} TplCtx;

static void tpl_each(void *ctx, const char *name)
{
    TplCtx *t = ctx;
    if (strcmp(name, "i") == 0) return;
    if (strcmp(name, "iter") == 0) {
        if (t->loops == 0) t->iter_outside = true;
        return;
    }
    note_use(t->cx, name, t->n->line, t->n->col, t->path);
}

/* A template string (say, text, string values) into a literal Expr. */
static Expr *template_expr(Loader *L, LoadScriptCtx *cx, const JNode *n, const char *path, int loops)
{
    char s[SC_STR_MAX + 1];
    if (!load_str(L, n, path, s)) return NULL;
    Err e;
    TplCtx t = {cx, n, path, loops, false};
    if (!template_scan(s, tpl_each, &t, &e)) {
        load_error(L, LOAD_AT(n), path, "%s", e.msg);
        return NULL;
    }
    if (t.iter_outside)
        load_error(L, LOAD_AT(n), path, "{iter} is used outside any loop (it counts the "
                   "iterations of the innermost repeat, loop or while)");
    Expr *x = scenario_alloc(L->sc, sizeof *x);
    if (!x) return NULL;
    x->kind = EX_LIT;
    x->lit = value_str(s);
    x->is_template = template_has_placeholders(s);
    return x;
}

/* ---- values and conditions --------------------------------------------------- */

static const char *const value_forms[] = {"local", "var", "add", NULL};
static const char *const cond_forms[] = {"eq", "ne", "lt", "le", "gt", "ge", "not", NULL};


/* The single member of a one-key object ({"local": "x"}), or NULL after an
 * error. forms: the keys it may have; what: "a value", "a condition";
 * example: "values are ...", said when the key is no near miss. */
static const JNode *one_member(Loader *L, const JNode *n, const char *path,
                               const char *const *forms, const char *what, const char *example)
{
    char p[LOAD_PATH_MAX], hint[128];
    if (n->n == 0) {
        load_error(L, LOAD_AT(n), path, "an empty object is not %s (%s)", what, example);
        return NULL;
    }
    const JNode *m = n->first;
    if (!load_in_list(m->key, forms)) {
        load_path_key(p, path, m->key);
        size_t nf = 0;
        while (forms[nf]) nf++;
        if (suggest_hint(m->key, forms, nf, hint, sizeof hint)[0])
            load_error(L, LOAD_AT_KEY(m), p, "unknown key for %s%s", what, hint);
        else
            load_error(L, LOAD_AT_KEY(m), p, "unknown key for %s (%s)", what, example);
        return NULL;
    }
    if (n->n > 1) {
        load_path_key(p, path, m->next->key);
        load_error(L, LOAD_AT_KEY(m->next), p, "%s has exactly one key (this one also has \"%s\")",
                   what, m->key);
        return NULL;
    }
    return m;
}

/* [a, b]: exactly two values. */
static bool load_pair(Loader *L, LoadScriptCtx *cx, const JNode *n, const char *path, int loops,
                      Expr **a, Expr **b)
{
    if (n->type != JSON_ARR || n->n != 2) {
        if (n->type == JSON_ARR)
            load_error(L, LOAD_AT(n), path, "must be a list of exactly two values, not %d", n->n);
        else
            load_error(L, LOAD_AT(n), path, "must be a list of two values like [1, 2], not %s",
                       jsonpos_type_name(n->type));
        return false;
    }
    char p[LOAD_PATH_MAX];
    load_path_index(p, path, 0);
    *a = load_value(L, cx, n->first, p, loops);
    load_path_index(p, path, 1);
    *b = load_value(L, cx, n->first->next, p, loops);
    return *a && *b;
}

Expr *load_value(Loader *L, LoadScriptCtx *cx, const JNode *n, const char *path, int loops)
{
    const char *example = "values are 3, \"text\", null, {\"local\": \"x\"}, {\"var\": \"v\"} "
                          "and {\"add\": [a, b]}";
    Expr *x;
    int64_t i;
    switch (n->type) {
    case JSON_STR: return template_expr(L, cx, n, path, loops);
    case JSON_NUM:
        if (!load_int(L, n, path, -VALUE_INT_MAX, VALUE_INT_MAX, &i)) return NULL;
        if (!(x = scenario_alloc(L->sc, sizeof *x))) return NULL;
        x->kind = EX_LIT;
        x->lit = value_int(i);
        return x;
    case JSON_NULL:
        if (!(x = scenario_alloc(L->sc, sizeof *x))) return NULL;
        x->kind = EX_LIT;
        x->lit = value_null();
        return x;
    case JSON_BOOL:
        load_error(L, LOAD_AT(n), path, "%s is not a value here: use 1 or 0", n->b ? "true" : "false");
        return NULL;
    case JSON_ARR:
        load_error(L, LOAD_AT(n), path, "a list is not a value (%s)", example);
        return NULL;
    case JSON_OBJ: break;
    }
    const JNode *m = one_member(L, n, path, value_forms, "a value", example);
    if (!m) return NULL;
    char p[LOAD_PATH_MAX];
    load_path_key(p, path, m->key);
    if (!(x = scenario_alloc(L->sc, sizeof *x))) return NULL;
    x->res = -1;
    if (strcmp(m->key, "local") == 0) {
        x->kind = EX_LOCAL;
        if (!load_local_name(L, m, p, x->name)) return NULL;
        note_use(cx, x->name, m->line, m->col, p);
    } else if (strcmp(m->key, "var") == 0) {
        x->kind = EX_VAR;
        x->res = load_resource_ref(L, m, p, M(RES_VARIABLE), "var", "a variable");
        if (x->res < 0) return NULL;
    } else {
        x->kind = EX_ADD;
        if (!load_pair(L, cx, m, p, loops, &x->a, &x->b)) return NULL;
    }
    return x;
}

static Cond *load_cond(Loader *L, LoadScriptCtx *cx, const JNode *n, const char *path, int loops)
{
    const char *example = "conditions are {\"eq\": [a, b]}, ne, lt, le, gt, ge and {\"not\": C}";
    if (n->type != JSON_OBJ) {
        load_error(L, LOAD_AT(n), path, "must be a condition like {\"eq\": [a, b]}, not %s",
                   jsonpos_type_name(n->type));
        return NULL;
    }
    const JNode *m = one_member(L, n, path, cond_forms, "a condition", example);
    if (!m) return NULL;
    char p[LOAD_PATH_MAX];
    load_path_key(p, path, m->key);
    Cond *c = scenario_alloc(L->sc, sizeof *c);
    if (!c) return NULL;
    for (int k = 0; cond_forms[k]; k++)
        if (strcmp(m->key, cond_forms[k]) == 0) c->kind = (CondKind)k;
    if (c->kind == CD_NOT) {
        c->inner = load_cond(L, cx, m, p, loops);
        return c->inner ? c : NULL;
    }
    return load_pair(L, cx, m, p, loops, &c->a, &c->b) ? c : NULL;
}

/* ---- steps ----------------------------------------------------------------- */

/* A loop body with no step would go round without a step to cost time, so
 * the clock could never move: an empty loop/while spins for ever, nested
 * empty repeats for 10^18 turns. */
static void empty_body(Loader *L, const JNode *body, const char *path, const char *key,
                       const char *what)
{
    if (!body || body->type != JSON_ARR || body->n != 0) return;
    char p[LOAD_PATH_MAX];
    load_path_key(p, path, key);
    load_error(L, LOAD_AT(body), p, "%s needs at least one step: with none it would go round "
               "without ever moving the clock", what);
}

/* "ms": N or [MIN, MAX], 0 <= MIN <= MAX. */
static void load_ms(Loader *L, const JNode *n, const char *path, Step *st)
{
    if (n->type == JSON_ARR) {
        if (n->n != 2) {
            load_error(L, LOAD_AT(n), path, "must be a number of milliseconds or a range "
                       "[MIN, MAX], not a list of %d", n->n);
            return;
        }
        char p[LOAD_PATH_MAX];
        int64_t a = 0, b = 0;
        load_path_index(p, path, 0);
        bool ok = load_int(L, n->first, p, 0, SC_MAX_MS, &a);
        load_path_index(p, path, 1);
        ok = load_int(L, n->first->next, p, 0, SC_MAX_MS, &b) && ok;
        if (ok && a > b)
            load_error(L, LOAD_AT(n), path, "range [%lld, %lld] has MIN greater than MAX",
                       (long long)a, (long long)b);
        st->ms_min = a;
        st->ms_max = b;
        return;
    }
    if (n->type != JSON_NUM) {
        load_error(L, LOAD_AT(n), path, "must be a number of milliseconds or a range [MIN, MAX], "
                   "not %s", jsonpos_type_name(n->type));
        return;
    }
    int64_t v = 0;
    load_int(L, n, path, 0, SC_MAX_MS, &v);
    st->ms_min = st->ms_max = v;
}

const JNode *load_need(Loader *L, const JNode *o, const char *path, const char *key)
{
    const JNode *m = jsonpos_get(o, key);
    if (!m) load_require(L, o, path, key);
    return m;
}

static void sub_steps(Loader *L, LoadScriptCtx *cx, const JNode *o, const char *path,
                      const char *key, int nest, int loops, StepList *out, bool required)
{
    const JNode *m = required ? load_need(L, o, path, key) : jsonpos_get(o, key);
    if (!m) return;
    char p[LOAD_PATH_MAX];
    load_path_key(p, path, key);
    load_steps(L, cx, m, p, nest + 1, loops, out);
}

static void do_step(Loader *L, LoadScriptCtx *cx, const JNode *o, const char *path, int loops,
                    const JNode *dov, Step *st)
{
    char p[LOAD_PATH_MAX], hint[128];
    load_path_key(p, path, "do");
    if (dov->type != JSON_STR) {
        load_error(L, LOAD_AT(dov), p, "must be a string naming the step (\"work\", \"acquire\", ...), "
                   "not %s", jsonpos_type_name(dov->type));
        return;
    }
    const DoSpec *spec = NULL;
    for (size_t k = 0; k < N_DO; k++)
        if (strcmp(dov->str, do_specs[k].name) == 0) spec = &do_specs[k];
    if (!spec) {
        if (suggest_hint(dov->str, do_names, N_DO, hint, sizeof hint)[0])
            load_error(L, LOAD_AT(dov), p, "unknown step \"%s\"%s", dov->str, hint);
        else
            load_error(L, LOAD_AT(dov), p, "unknown step \"%s\" (steps are work, sleep, acquire, "
                       "release, wait, set, clear, notify, notify_all, put, get, task_done, "
                       "join, send, recv, close, read, write, add, submit, start, terminate, "
                       "say, let, break)",
                       dov->str);
        return;
    }
    st->kind = spec->kind;
    char what[64];
    snprintf(what, sizeof what, "%s \"%s\" step", strchr("aeiou", spec->name[0]) ? "an" : "a",
             spec->name);
    load_check_keys(L, o, path, spec->keys, NULL, what);
    const JNode *m;
    switch (spec->kind) {
    case ST_WORK: case ST_SLEEP:
        if ((m = load_need(L, o, path, "ms"))) { load_path_key(p, path, "ms"); load_ms(L, m, p, st); }
        break;
    case ST_ACQUIRE: case ST_RELEASE:
        if ((m = load_need(L, o, path, "on"))) {
            load_path_key(p, path, "on");
            st->res = load_resource_ref(L, m, p, LOCKLIKE, spec->name, LOCKLIKE_TEXT);
        }
        break;
    case ST_WAIT:
        if ((m = load_need(L, o, path, "on"))) {
            load_path_key(p, path, "on");
            st->res = load_resource_ref(L, m, p, M(RES_EVENT) | M(RES_CONDITION) | M(RES_BARRIER),
                                        spec->name, "an event, a condition or a barrier");
        }
        break;
    case ST_SET: case ST_CLEAR:
        if ((m = load_need(L, o, path, "on"))) {
            load_path_key(p, path, "on");
            st->res = load_resource_ref(L, m, p, M(RES_EVENT), spec->name, "an event");
        }
        break;
    case ST_PUT: case ST_GET:
        if ((m = load_need(L, o, path, "on"))) {
            load_path_key(p, path, "on");
            st->res = load_resource_ref(L, m, p, M(RES_QUEUE), spec->name, "a queue");
        }
        if (spec->kind == ST_PUT && (m = load_need(L, o, path, "item"))) {
            load_path_key(p, path, "item");
            st->value = load_value(L, cx, m, p, loops);
        }
        break;
    case ST_READ: case ST_WRITE: case ST_ADD:
        if ((m = load_need(L, o, path, "var"))) {
            load_path_key(p, path, "var");
            st->res = load_resource_ref(L, m, p, M(RES_VARIABLE), spec->name, "a variable");
        }
        if (spec->kind == ST_READ) {
            if ((m = load_need(L, o, path, "into"))) {
                load_path_key(p, path, "into");
                if (load_local_name(L, m, p, st->into)) load_note_assigned(cx, st->into);
            }
        } else if ((m = load_need(L, o, path, "value"))) {
            load_path_key(p, path, "value");
            st->value = load_value(L, cx, m, p, loops);
        }
        break;
    case ST_SAY:
        if ((m = load_need(L, o, path, "text"))) {
            load_path_key(p, path, "text");
            st->text = template_expr(L, cx, m, p, loops);
        }
        break;
    case ST_LET:
        if ((m = load_need(L, o, path, "local"))) {
            load_path_key(p, path, "local");
            if (load_local_name(L, m, p, st->local)) load_note_assigned(cx, st->local);
        }
        if ((m = load_need(L, o, path, "value"))) {
            load_path_key(p, path, "value");
            st->value = load_value(L, cx, m, p, loops);
        }
        break;
    case ST_BREAK:
        if (loops == 0)
            load_error(L, LOAD_AT(dov), p, "\"break\" is outside any loop (it must be inside "
                       "a repeat, loop or while)");
        break;
    default:
        break;
    }
    load_prim_step(L, cx, o, path, loops, dov, spec->keys, st);
}

/* Reports the keys of a kind-less step; true if any was unknown. */
static bool report_kindless(Loader *L, const JNode *o, const char *path)
{
    bool any = false;
    char p[LOAD_PATH_MAX], hint[128];
    size_t n = 0;
    while (any_step_key[n]) n++;
    for (const JNode *m = o->first; m; m = m->next) {
        if (load_in_list(m->key, any_step_key)) continue;
        any = true;
        load_path_key(p, path, m->key);
        load_error(L, LOAD_AT_KEY(m), p, "unknown key%s",
                   suggest_hint(m->key, any_step_key, n, hint, sizeof hint));
    }
    return any;
}

static void load_step(Loader *L, LoadScriptCtx *cx, const JNode *o, const char *path, int nest,
                      int loops, Step *st)
{
    st->line = o->line;
    st->col = o->col;
    st->res = -1;
    if (snprintf(st->path, sizeof st->path, "%s", path) >= (int)sizeof st->path)
        st->path[sizeof st->path - 1] = '\0'; /* deep paths are cut; line:col stays exact */
    if (o->type != JSON_OBJ) {
        load_error(L, LOAD_AT(o), path, "a step must be an object like {\"do\": \"work\", "
                   "\"ms\": 100}, not %s", jsonpos_type_name(o->type));
        return;
    }
    const JNode *kind = NULL;
    bool double_kind = false;
    char p[LOAD_PATH_MAX];
    for (const JNode *m = o->first; m; m = m->next) {
        if (!load_in_list(m->key, kind_keys)) continue;
        if (!kind) { kind = m; continue; }
        load_path_key(p, path, m->key);
        load_error(L, LOAD_AT_KEY(m), p, "a step has exactly one of \"do\", \"with\", \"repeat\", "
                   "\"loop\", \"while\" and \"if\" (this one also has \"%s\")", kind->key);
        double_kind = true;
    }
    if (double_kind) return; /* which fields it may have depends on what it is */
    if (!kind) {
        if (!report_kindless(L, o, path))
            load_error(L, LOAD_AT(o), path, "a step needs one of \"do\", \"with\", \"repeat\", "
                       "\"loop\", \"while\" or \"if\"");
        return;
    }
    const JNode *say = jsonpos_get(o, "say");
    if (say) {
        load_path_key(p, path, "say");
        st->say = template_expr(L, cx, say, p, loops);
    }
    load_path_key(p, path, kind->key);
    const char *k = kind->key;
    if (strcmp(k, "do") == 0) {
        do_step(L, cx, o, path, loops, kind, st);
    } else if (strcmp(k, "with") == 0) {
        st->kind = ST_WITH;
        load_check_keys(L, o, path, k_with, NULL, "a \"with\" step");
        st->res = load_resource_ref(L, kind, p, LOCKLIKE, "with", LOCKLIKE_TEXT);
        sub_steps(L, cx, o, path, "steps", nest, loops, &st->body, true);
    } else if (strcmp(k, "repeat") == 0) {
        st->kind = ST_REPEAT;
        load_check_keys(L, o, path, k_repeat, NULL, "a \"repeat\" step");
        load_int(L, kind, p, 0, LOAD_MAX_REPEAT, &st->repeat);
        sub_steps(L, cx, o, path, "steps", nest, loops + 1, &st->body, true);
        empty_body(L, jsonpos_get(o, "steps"), path, "steps", "a repeat");
    } else if (strcmp(k, "loop") == 0) {
        st->kind = ST_LOOP;
        load_check_keys(L, o, path, k_loop, NULL, "a \"loop\" step");
        load_steps(L, cx, kind, p, nest + 1, loops + 1, &st->body);
        empty_body(L, kind, path, "loop", "a loop");
    } else if (strcmp(k, "while") == 0) {
        st->kind = ST_WHILE;
        load_check_keys(L, o, path, k_while, NULL, "a \"while\" step");
        st->cond = load_cond(L, cx, kind, p, loops + 1);
        sub_steps(L, cx, o, path, "steps", nest, loops + 1, &st->body, true);
        empty_body(L, jsonpos_get(o, "steps"), path, "steps", "a while");
    } else {
        st->kind = ST_IF;
        load_check_keys(L, o, path, k_if, NULL, "an \"if\" step");
        st->cond = load_cond(L, cx, kind, p, loops);
        sub_steps(L, cx, o, path, "then", nest, loops, &st->body, true);
        sub_steps(L, cx, o, path, "else", nest, loops, &st->else_body, false);
    }
}

void load_steps(Loader *L, LoadScriptCtx *cx, const JNode *arr, const char *path, int nest,
                int loops, StepList *out)
{
    out->v = NULL;
    out->n = 0;
    if (arr->type != JSON_ARR) {
        load_error(L, LOAD_AT(arr), path, "must be a list of steps [...], not %s",
                   jsonpos_type_name(arr->type));
        return;
    }
    if (nest >= SC_MAX_NESTING) {
        load_error(L, LOAD_AT(arr), path, "steps are nested deeper than %d levels", SC_MAX_NESTING);
        return;
    }
    if (arr->n == 0) return;
    out->v = scenario_alloc(L->sc, (size_t)arr->n * sizeof *out->v);
    if (!out->v) {
        load_error(L, LOAD_AT(arr), path, "out of memory");
        return;
    }
    out->n = arr->n;
    int k = 0;
    char p[LOAD_PATH_MAX];
    for (const JNode *s = arr->first; s; s = s->next, k++) {
        Step *st = &out->v[k];
        st->res = -1;
        st->timeout_ms = -1;
        st->blocking = true;
        st->n = 1;
        st->target = -1;
        if (L->steps_over) continue;
        if (++L->n_steps > SC_MAX_STEPS) {
            L->steps_over = true;
            load_path_index(p, path, k);
            load_error(L, LOAD_AT(s), p, "too many steps: a scenario has at most %d (counted as "
                       "written)", SC_MAX_STEPS);
            continue;
        }
        load_path_index(p, path, k);
        load_step(L, cx, s, p, nest, loops, &out->v[k]);
    }
}

/* load_actors — the "scripts" object and the "actors" list of a scenario:
 * checks each actor, compiles its script (or finds it by name), and expands
 * `count` into group members car.1, car.2, ... with labels, indices and
 * vpids. See loader.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/loader.h"
#include "scenario/suggest.h"
#include "scenario/template.h"

/* ---- named scripts ----------------------------------------------------------- */

void load_scripts(Loader *L, const JNode *n)
{
    if (!load_want_type(L, n, "scripts", JSON_OBJ) || n->n == 0) return;
    L->scripts = calloc((size_t)n->n, sizeof *L->scripts);
    if (!L->scripts) return;
    char p[LOAD_PATH_MAX];
    /* every name first: a submit may name a script further down */
    for (const JNode *m = n->first; m; m = m->next) {
        LoadScript *s = &L->scripts[L->n_scripts++];
        if (m->key_len == 0 || m->key_len >= SC_ID_MAX) continue;
        memcpy(s->name, m->key, m->key_len + 1);
        s->steps = scenario_alloc(L->sc, sizeof *s->steps);
    }
    int k = 0;
    for (const JNode *m = n->first; m; m = m->next, k++) {
        load_path_key(p, "scripts", m->key);
        LoadScript *s = &L->scripts[k];
        if (!s->name[0]) {
            load_error(L, LOAD_AT_KEY(m), p, "script name must be 1 to %d bytes", SC_ID_MAX - 1);
            continue;
        }
        if (!s->steps) continue;
        L->cur_root = s->steps;
        load_steps(L, &s->cx, m, p, 0, 0, s->steps);
    }
    L->cur_root = NULL;
}

int load_script_ref(Loader *L, const JNode *m, const char *path)
{
    if (m->type != JSON_STR) {
        load_error(L, LOAD_AT(m), path, "must be the name of a script in \"scripts\", not %s",
                   jsonpos_type_name(m->type));
        return -1;
    }
    const char **names = malloc((size_t)(L->n_scripts + 1) * sizeof *names);
    for (int k = 0; k < L->n_scripts; k++) {
        if (L->scripts[k].name[0] && strcmp(L->scripts[k].name, m->str) == 0) {
            free(names);
            return L->scripts[k].steps ? k : -1;
        }
        if (names) names[k] = L->scripts[k].name;
    }
    char hint[128] = "";
    if (names) suggest_hint(m->str, names, (size_t)L->n_scripts, hint, sizeof hint);
    free(names);
    if (L->n_scripts == 0)
        load_error(L, LOAD_AT(m), path, "unknown script \"%s\" (there is no \"scripts\" "
                   "object%s)", m->str, L->cur_root ? "" : "; write the steps here as a list [...]");
    else
        load_error(L, LOAD_AT(m), path, "unknown script \"%s\"%s", m->str, hint);
    return -1;
}

/* ---- actors ------------------------------------------------------------------ */

static const char *const actor_keys[] = {"id", "label", "count", "script", "start_ms", "daemon",
                                         "autostart", "priority", NULL};

typedef struct ActorDef {
    char id[SC_ID_MAX];
    char label[SC_STR_MAX + 1];
    bool has_label;
    int count;
    const StepList *script;
    int64_t start_ms;
    bool daemon;
    bool autostart;
    int priority;
    bool ok;
} ActorDef;

static void label_each(void *ctx, const char *name)
{
    bool *bad = ctx;
    if (strcmp(name, "i") != 0) *bad = true;
}

static const StepList *actor_script(Loader *L, const JNode *m, const char *path)
{
    if (m->type == JSON_STR) {
        int k = load_script_ref(L, m, path);
        return k >= 0 ? L->scripts[k].steps : NULL;
    }
    if (m->type != JSON_ARR) {
        load_error(L, LOAD_AT(m), path, "must be a list of steps or the name of a script in "
                   "\"scripts\", not %s", jsonpos_type_name(m->type));
        return NULL;
    }
    StepList *sl = scenario_alloc(L->sc, sizeof *sl);
    if (!sl) return NULL;
    LoadScriptCtx cx = {0};
    L->cur_root = sl;
    load_steps(L, &cx, m, path, 0, 0, sl);
    L->cur_root = NULL;
    load_script_end(L, &cx);
    return sl;
}

static void load_actor(Loader *L, const JNode *o, const char *path, ActorDef *a,
                       const ActorDef *defs, int idx, int *total)
{
    char p[LOAD_PATH_MAX];
    a->count = 1;
    a->autostart = true;
    if (!load_want_type(L, o, path, JSON_OBJ)) return;
    load_check_keys(L, o, path, actor_keys, NULL, "an actor");
    const JNode *id = jsonpos_get(o, "id"), *m;
    bool ok = true;
    if (!id) ok = load_require(L, o, path, "id");
    if (id) {
        load_path_key(p, path, "id");
        ok = load_id(L, id, p, "actor id", a->id);
        /* past SC_MAX_ACTORS definitions the file is refused anyway: keep it linear */
        for (int k = 0; ok && idx <= SC_MAX_ACTORS && k < idx; k++)
            if (strcmp(defs[k].id, a->id) == 0) {
                load_error(L, LOAD_AT(id), p, "duplicate actor id \"%s\" (actors[%d] has it too)",
                           a->id, k);
                ok = false;
            }
    }
    if ((m = jsonpos_get(o, "label"))) {
        load_path_key(p, path, "label");
        if (load_str(L, m, p, a->label)) {
            Err e;
            bool bad = false;
            if (!template_scan(a->label, label_each, &bad, &e)) {
                load_error(L, LOAD_AT(m), p, "%s", e.msg);
                ok = false;
            } else if (bad) {
                load_error(L, LOAD_AT(m), p, "an actor label can only use {i} (the index in its "
                           "group)");
                ok = false;
            }
            a->has_label = true;
        } else {
            ok = false;
        }
    }
    int64_t v;
    if ((m = jsonpos_get(o, "count"))) {
        load_path_key(p, path, "count");
        if (load_int(L, m, p, 1, SC_MAX_ACTORS, &v)) {
            a->count = (int)v;
            if (*total <= SC_MAX_ACTORS && *total + a->count > SC_MAX_ACTORS)
                load_error(L, LOAD_AT(m), p, "too many actors: %d after count (the limit is %d)",
                           *total + a->count, SC_MAX_ACTORS);
        } else {
            ok = false;
        }
    }
    if (*total <= SC_MAX_ACTORS && *total + a->count > SC_MAX_ACTORS && !jsonpos_get(o, "count"))
        load_error(L, LOAD_AT(o), path, "too many actors: more than %d", SC_MAX_ACTORS);
    *total += a->count;
    if ((m = jsonpos_get(o, "start_ms"))) {
        load_path_key(p, path, "start_ms");
        if (!load_int(L, m, p, 0, SC_MAX_MS, &a->start_ms)) ok = false;
    }
    if ((m = jsonpos_get(o, "daemon"))) {
        load_path_key(p, path, "daemon");
        if (!load_bool(L, m, p, &a->daemon)) ok = false;
    }
    if ((m = jsonpos_get(o, "autostart"))) {
        load_path_key(p, path, "autostart");
        if (!load_bool(L, m, p, &a->autostart)) ok = false;
    }
    if ((m = jsonpos_get(o, "priority"))) {
        load_path_key(p, path, "priority");
        if (load_int(L, m, p, -LOAD_MAX_PRIORITY, LOAD_MAX_PRIORITY, &v)) a->priority = (int)v;
        else ok = false;
    }
    if ((m = jsonpos_get(o, "script"))) {
        load_path_key(p, path, "script");
        a->script = actor_script(L, m, p);
        if (!a->script) ok = false;
    } else {
        ok = load_require(L, o, path, "script") && ok;
    }
    a->ok = ok;
}

static ScActor *pool_actor(Scenario *sc, int pool, const char *role)
{
    ScActor *x = &sc->actors[sc->n_actors];
    x->vpid = ++sc->n_actors;
    x->index = 1;
    x->group_size = 1;
    x->autostart = true;
    x->daemon = true;           /* SPEC §4: a pool's actors are daemons */
    x->pool = pool;
    snprintf(x->role, sizeof x->role, "%s", role);
    return x;
}

/* Pool P with k workers: daemons P.w1 ... P.wk and P.cb, scriptless (the
 * runtime gives them the pool's tasks and callbacks). */
static void add_pool_actors(Scenario *sc, int r)
{
    const ScResource *p = &sc->res[r];
    for (int i = 1; i <= p->workers; i++) {
        ScActor *x = pool_actor(sc, r, "worker");
        if (snprintf(x->id, sizeof x->id, "%s.w%d", p->id, i) >= (int)sizeof x->id)
            x->id[sizeof x->id - 1] = '\0'; /* the loader refused such ids */
        if (snprintf(x->label, sizeof x->label, "%s worker %d", p->label, i) >= (int)sizeof x->label)
            x->label[sizeof x->label - 1] = '\0';
        memcpy(x->group, x->id, sizeof x->group);
    }
    ScActor *x = pool_actor(sc, r, "callback");
    if (snprintf(x->id, sizeof x->id, "%s.cb", p->id) >= (int)sizeof x->id)
        x->id[sizeof x->id - 1] = '\0';
    if (snprintf(x->label, sizeof x->label, "%s callbacks", p->label) >= (int)sizeof x->label)
        x->label[sizeof x->label - 1] = '\0';
    memcpy(x->group, x->id, sizeof x->group);
}

static void expand_actors(Loader *L, const ActorDef *defs, int n, int total)
{
    Scenario *sc = L->sc;
    sc->actors = calloc((size_t)total, sizeof *sc->actors);
    if (!sc->actors) return;
    for (int k = 0; k < n; k++) {
        const ActorDef *a = &defs[k];
        for (int i = 1; i <= a->count; i++) {
            ScActor *x = &sc->actors[sc->n_actors];
            x->vpid = ++sc->n_actors;
            x->index = i;
            x->group_size = a->count;
            snprintf(x->group, sizeof x->group, "%s", a->id);
            int r = a->count == 1 ? snprintf(x->id, sizeof x->id, "%s", a->id)
                                  : snprintf(x->id, sizeof x->id, "%s.%d", a->id, i);
            (void)r; /* ids are <= 63 bytes plus ".1024": it may cut, checked below */
            if (a->has_label)
                template_expand(a->label, i, 0, NULL, NULL, x->label, sizeof x->label);
            else
                snprintf(x->label, sizeof x->label, "%s", x->id);
            x->script = a->script;
            x->start_ms = a->start_ms;
            x->autostart = a->autostart;
            x->daemon = a->daemon;
            x->priority = a->priority;
            x->pool = -1;
        }
    }
    for (int r = 0; r < sc->n_res; r++)
        if (sc->res[r].type == RES_POOL) add_pool_actors(sc, r);
}

/* total + every pool's workers and callback runner; reports the pool that
 * goes past SC_MAX_ACTORS. */
static int count_pool_actors(Loader *L, int total)
{
    const Scenario *sc = L->sc;
    char base[LOAD_PATH_MAX], p[LOAD_PATH_MAX];
    for (int r = 0; r < sc->n_res; r++) {
        if (sc->res[r].type != RES_POOL) continue;
        int before = total;
        total += sc->res[r].workers + 1;
        if (before <= SC_MAX_ACTORS && total > SC_MAX_ACTORS && L->res_node[r]) {
            const JNode *o = L->res_node[r], *w = jsonpos_get(o, "workers");
            load_path_index(base, "resources", r);
            if (w) load_path_key(p, base, "workers");
            else memcpy(p, base, sizeof p);
            load_error(L, w ? w->line : o->line, w ? w->col : o->col, p, "too many actors: %d with "
                       "the workers and callback runner of pool \"%s\" (the limit is %d)", total,
                       sc->res[r].id, SC_MAX_ACTORS);
        }
    }
    return total;
}

void load_actors(Loader *L, const JNode *root)
{
    const JNode *n = jsonpos_get(root, "actors");
    if (!n) {
        load_error(L, LOAD_AT(root), "", "missing required key \"actors\" (a scenario needs at "
                   "least one actor)");
        return;
    }
    if (!load_want_type(L, n, "actors", JSON_ARR)) return;
    if (n->n == 0) {
        load_error(L, LOAD_AT(n), "actors", "a scenario needs at least one actor");
        return;
    }
    ActorDef *defs = calloc((size_t)n->n, sizeof *defs);
    if (!defs) return;
    char p[LOAD_PATH_MAX];
    int k = 0, total = 0;
    bool ok = true;
    for (const JNode *m = n->first; m; m = m->next, k++) {
        load_path_index(p, "actors", k);
        load_actor(L, m, p, &defs[k], defs, k, &total);
        ok = ok && defs[k].ok;
    }
    if (total <= SC_MAX_ACTORS) total = count_pool_actors(L, total);
    if (ok && total <= SC_MAX_ACTORS) {
        expand_actors(L, defs, n->n, total);
        /* an id cut to fit SC_ID_MAX could meet another: refuse, never guess */
        Scenario *sc = L->sc;
        for (int a = 0; a < sc->n_actors; a++)
            for (int b = a + 1; b < sc->n_actors; b++)
                if (strcmp(sc->actors[a].id, sc->actors[b].id) == 0) {
                    load_error(L, LOAD_AT(n), "actors", "actor id \"%s\" is made twice by count "
                               "expansion (shorten the group ids)", sc->actors[a].id);
                    b = a = sc->n_actors;
                }
    }
    free(defs);
}


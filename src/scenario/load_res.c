/* load_res — the "resources" list of a scenario (SPEC §2 "Resources"):
 * each resource's id, type and type-specific fields, then the expansions
 * the loader does for the runtime: a condition's `lock` resolved to an
 * index, or its own lock "<id>.lock" appended when it names none.
 * Pools' actors are expanded with the actors (load_actors.c). See loader.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/loader.h"
#include "scenario/suggest.h"

#define M(t) (1u << (t))

static const char *const res_common[] = {"id", "type", "label", NULL};
static const char *const res_sem[] = {"id", "type", "label", "value", "bounded", NULL};
static const char *const res_event[] = {"id", "type", "label", "set", NULL};
static const char *const res_cond[] = {"id", "type", "label", "lock", NULL};
static const char *const res_barrier[] = {"id", "type", "label", "parties", NULL};
static const char *const res_queue[] = {"id", "type", "label", "capacity", "joinable", NULL};
static const char *const res_pipe[] = {"id", "type", "label", "duplex", NULL};
static const char *const res_var[] = {"id", "type", "label", "value", NULL};
static const char *const res_pool[] = {"id", "type", "label", "workers", NULL};
static const char *const res_any[] = {"id", "type", "label", "value", "bounded", "set",
                                      "lock", "parties", "capacity", "joinable", "duplex",
                                      "workers", NULL};
static const char *const res_all[] = {"lock", "rlock", "semaphore", "event", "condition",
                                      "barrier", "queue", "pipe", "variable", "pool", NULL};
#define RES_TYPES_TEXT "types are lock, rlock, semaphore, event, condition, barrier, queue, " \
                       "pipe, variable and pool"

static const char *const *keys_of(ResType t)
{
    switch (t) {
    case RES_SEMAPHORE: return res_sem;
    case RES_EVENT: return res_event;
    case RES_CONDITION: return res_cond;
    case RES_BARRIER: return res_barrier;
    case RES_QUEUE: return res_queue;
    case RES_PIPE: return res_pipe;
    case RES_VARIABLE: return res_var;
    case RES_POOL: return res_pool;
    default: return res_common;
    }
}

/* The fields only some types have; false when one is unfit. */
static bool load_typed_fields(Loader *L, const JNode *o, const char *path, ScResource *r)
{
    char p[LOAD_PATH_MAX];
    const JNode *m;
    int64_t v;
    bool ok = true;
    switch (r->type) {
    case RES_SEMAPHORE:
        r->value = 1;
        if ((m = jsonpos_get(o, "value"))) {
            load_path_key(p, path, "value");
            if (load_int(L, m, p, 0, SC_MAX_PERMITS, &v)) r->value = v;
            else ok = false;
        }
        if ((m = jsonpos_get(o, "bounded"))) {
            load_path_key(p, path, "bounded");
            if (!load_bool(L, m, p, &r->bounded)) ok = false;
            else if (r->bounded && r->value < 1)
                load_error(L, LOAD_AT(m), p, "a bounded semaphore needs \"value\" of at least 1 "
                           "(its bound is the initial value)");
        }
        break;
    case RES_EVENT:
        if ((m = jsonpos_get(o, "set"))) {
            load_path_key(p, path, "set");
            if (!load_bool(L, m, p, &r->set)) ok = false;
        }
        break;
    case RES_BARRIER:
        if ((m = jsonpos_get(o, "parties"))) {
            load_path_key(p, path, "parties");
            if (load_int(L, m, p, 1, SC_MAX_ACTORS, &v)) r->parties = (int)v;
            else ok = false;
        } else {
            load_error(L, LOAD_AT(o), path, "missing required key \"parties\" (how many actors "
                       "a barrier waits for)");
            ok = false;
        }
        break;
    case RES_QUEUE:
        if ((m = jsonpos_get(o, "capacity"))) {
            load_path_key(p, path, "capacity");
            if (load_int(L, m, p, 0, 1000000, &v)) r->capacity = (int)v;
            else ok = false;
        }
        if ((m = jsonpos_get(o, "joinable"))) {
            load_path_key(p, path, "joinable");
            if (!load_bool(L, m, p, &r->joinable)) ok = false;
        }
        break;
    case RES_PIPE:
        if ((m = jsonpos_get(o, "duplex"))) {
            load_path_key(p, path, "duplex");
            if (!load_bool(L, m, p, &r->duplex)) ok = false;
        }
        break;
    case RES_VARIABLE:
        if ((m = jsonpos_get(o, "value"))) {
            load_path_key(p, path, "value");
            if (load_int(L, m, p, -VALUE_INT_MAX, VALUE_INT_MAX, &v)) r->value = v;
            else ok = false;
        }
        break;
    case RES_POOL:
        r->workers = 4;
        if ((m = jsonpos_get(o, "workers"))) {
            load_path_key(p, path, "workers");
            if (load_int(L, m, p, 1, LOAD_MAX_WORKERS, &v)) r->workers = (int)v;
            else ok = false;
        }
        break;
    default:
        break;
    }
    return ok;
}

static void load_resource(Loader *L, const JNode *o, const char *path, int idx)
{
    Scenario *sc = L->sc;
    ScResource *r = &sc->res[idx];
    char p[LOAD_PATH_MAX], hint[128];
    r->lock = -1;
    L->res_bad[idx] = true;  /* until proven fit: steps naming it stay quiet */
    if (!load_want_type(L, o, path, JSON_OBJ)) return;
    L->res_node[idx] = o;
    const JNode *id = jsonpos_get(o, "id"), *type = jsonpos_get(o, "type"), *m;
    if (!id) load_require(L, o, path, "id");
    if (!type) load_require(L, o, path, "type");
    if (id) {
        load_path_key(p, path, "id");
        if (load_id(L, id, p, "resource id", r->id)) {
            int first = scenario_find_res(sc, r->id);
            if (first >= 0 && first < idx) {
                load_error(L, LOAD_AT(id), p, "duplicate resource id \"%s\" (resources[%d] has it "
                           "too)", r->id, first);
                r->id[0] = '\0';  /* lookups find the first one */
            }
        }
    }
    if (type) {
        load_path_key(p, path, "type");
        if (!load_want_type(L, type, p, JSON_STR)) type = NULL;
    }
    if (!type) load_check_keys(L, o, path, res_any, NULL, ""); /* "tpye" */
    if (type) {
        if (!res_type_parse(type->str, &r->type)) {
            if (suggest_hint(type->str, res_all, RES__COUNT, hint, sizeof hint)[0])
                load_error(L, LOAD_AT(type), p, "unknown resource type \"%s\"%s", type->str, hint);
            else
                load_error(L, LOAD_AT(type), p, "unknown resource type \"%s\" (" RES_TYPES_TEXT
                           ")", type->str);
            return;
        }
        char what[64];
        snprintf(what, sizeof what, "%s \"%s\" resource",
                 strchr("aeiou", type->str[0]) || r->type == RES_RLOCK ? "an" : "a", type->str);
        load_check_keys(L, o, path, keys_of(r->type), NULL, what);
    }
    if ((m = jsonpos_get(o, "label"))) {
        load_path_key(p, path, "label");
        load_str(L, m, p, r->label);
    } else {
        snprintf(r->label, sizeof r->label, "%s", r->id);
    }
    if (!type) return;
    load_typed_fields(L, o, path, r);
    /* the names the loader derives from an id must fit SC_ID_MAX too */
    size_t len = strlen(r->id);
    load_path_key(p, path, "id");
    if (id && r->type == RES_CONDITION && !jsonpos_get(o, "lock") && len + 5 >= SC_ID_MAX)
        load_error(L, LOAD_AT(id), p, "a condition without \"lock\" has an id of at most %d bytes "
                   "(its own lock is \"<id>.lock\")", SC_ID_MAX - 6);
    if (id && r->type == RES_POOL && len + 4 >= SC_ID_MAX)
        load_error(L, LOAD_AT(id), p, "a pool has an id of at most %d bytes (its actors are "
                   "\"<id>.w1\" ... and \"<id>.cb\")", SC_ID_MAX - 5);
    /* a resource whose id and type are sound can be named by steps; other
     * field errors are reported here and do not cascade */
    L->res_bad[idx] = !(id && r->id[0]);
}

/* Each condition's lock: the one it names, or its own "<id>.lock". */
static void link_conditions(Loader *L, int declared)
{
    Scenario *sc = L->sc;
    char base[LOAD_PATH_MAX], p[LOAD_PATH_MAX];
    for (int k = 0; k < declared; k++) {
        ScResource *r = &sc->res[k];
        if (L->res_bad[k] || r->type != RES_CONDITION) continue;
        const JNode *m = jsonpos_get(L->res_node[k], "lock");
        if (m) {
            load_path_index(base, "resources", k);
            load_path_key(p, base, "lock");
            r->lock = load_resource_ref(L, m, p, M(RES_LOCK) | M(RES_RLOCK), "lock",
                                        "a lock or an rlock");
            continue;
        }
        if (strlen(r->id) + 5 >= SC_ID_MAX) continue;  /* reported */
        ScResource *own = &sc->res[sc->n_res];
        memset(own, 0, sizeof *own);
        if (snprintf(own->id, sizeof own->id, "%s.lock", r->id) >= (int)sizeof own->id)
            continue;  /* cannot happen: the id length was checked */
        int w = snprintf(own->label, sizeof own->label, "%s lock", r->label);
        if (w >= (int)sizeof own->label) own->label[sizeof own->label - 1] = '\0';
        own->type = RES_LOCK;
        own->lock = -1;
        L->res_bad[sc->n_res] = false;
        L->res_node[sc->n_res] = NULL;
        r->lock = sc->n_res++;
    }
}

void load_resources(Loader *L, const JNode *n)
{
    Scenario *sc = L->sc;
    if (!load_want_type(L, n, "resources", JSON_ARR) || n->n == 0) return;
    if (n->n > LOAD_MAX_RESOURCES) {
        load_error(L, LOAD_AT(n), "resources", "too many resources: %d (the limit is %d)", n->n,
                   LOAD_MAX_RESOURCES);
        return;
    }
    /* room for one implicit lock per condition */
    size_t cap = 2 * (size_t)n->n;
    sc->res = calloc(cap, sizeof *sc->res);
    L->res_bad = calloc(cap, sizeof *L->res_bad);
    L->res_node = calloc(cap, sizeof *L->res_node);
    if (!sc->res || !L->res_bad || !L->res_node) {
        load_error(L, LOAD_AT(n), "resources", "out of memory");
        return;
    }
    char p[LOAD_PATH_MAX];
    int k = 0;
    for (const JNode *m = n->first; m; m = m->next, k++) {
        sc->n_res = k + 1;  /* visible to the duplicate check */
        load_path_index(p, "resources", k);
        load_resource(L, m, p, k);
    }
    link_conditions(L, n->n);
}

/* header — line 1 of a trace (shape in trace/trace.h) into a Scenario with
 * no scripts, so that a trace replays with no scenario file beside it.
 *
 * The line is untrusted (students swap files): the version is checked
 * first, every count, number and string is bounded, ids must be unique,
 * types known, expect vars must name variables. Read with cJSON: it is one
 * line per trace. libc + cJSON; no SDL, no pthreads. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace/trace.h"

#define HDR_MAX_ACTORS 1024
#define HDR_MAX_RES 1024
#define HDR_MAX_CPUS HDR_MAX_ACTORS /* a scenario asks for at most 64, but under os a trace
                                      * has one pseudo CPU per actor (docs/FORMAT.md) */
#define HDR_MAX_NOTES 256

typedef struct Ctx {
    Err *err;
    char path[96];   /* JSON path of the item being read, for messages */
} Ctx;

static bool failf(Ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool failf(Ctx *c, const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    err_set(c->err, "header: %s%s%s", c->path, c->path[0] ? ": " : "", msg);
    c->err->line = 1;
    c->err->col = 1;
    return false;
}

/* "what" followed by arg as a JSON string (so file text is shown escaped). */
static bool fail(Ctx *c, const char *what, const char *arg)
{
    char q[2 * SC_STR_MAX + 16] = "";
    if (arg) json_escape(arg, q, sizeof q);
    return failf(c, "%s%s%s", what, arg ? " " : "", q);
}

/* An optional string field into out (cap bytes): absent -> def. */
static bool get_str(Ctx *c, const cJSON *obj, const char *key, char *out, size_t cap,
                    const char *def)
{
    const cJSON *j = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!j || cJSON_IsNull(j)) {
        snprintf(out, cap, "%s", def ? def : "");
        return true;
    }
    if (!cJSON_IsString(j)) return failf(c, "\"%s\" must be a string", key);
    size_t n = strlen(j->valuestring);
    if (n >= cap) return failf(c, "\"%s\" is longer than %zu bytes", key, cap - 1);
    memcpy(out, j->valuestring, n + 1);
    return true;
}

/* An optional integer field within [lo, hi]: absent -> def. */
static bool get_int(Ctx *c, const cJSON *obj, const char *key, int64_t lo, int64_t hi,
                    int64_t def, int64_t *out)
{
    const cJSON *j = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!j || cJSON_IsNull(j)) { *out = def; return true; }
    double d = cJSON_IsNumber(j) ? j->valuedouble : NAN;
    if (!(d >= (double)lo && d <= (double)hi) || d != floor(d)) {
        return failf(c, "\"%s\" must be an integer in %lld..%lld", key, (long long)lo,
                     (long long)hi);
    }
    *out = (int64_t)d;
    return true;
}

static bool get_bool(Ctx *c, const cJSON *obj, const char *key, bool def, bool *out)
{
    const cJSON *j = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!j || cJSON_IsNull(j)) { *out = def; return true; }
    if (!cJSON_IsBool(j)) return failf(c, "\"%s\" must be true or false", key);
    *out = cJSON_IsTrue(j);
    return true;
}

static bool check_id(Ctx *c, const char *id)
{
    if (!id[0]) return fail(c, "an empty id", NULL);
    return true;
}

/* A condition's "lock" names a lock or rlock anywhere in the list (the
 * loader puts a condition's own "<id>.lock" next to it). */
static bool resolve_locks(Ctx *c, const cJSON *arr, Scenario *sc)
{
    for (int i = 0; i < sc->n_res; i++) {
        ScResource *res = &sc->res[i];
        if (res->type != RES_CONDITION) continue;
        snprintf(c->path, sizeof c->path, "resources[%d]", i);
        char id[SC_ID_MAX];
        const cJSON *r = cJSON_GetArrayItem(arr, i);
        if (!cJSON_GetObjectItemCaseSensitive(r, "lock")) return fail(c, "a condition needs \"lock\"", NULL);
        if (!get_str(c, r, "lock", id, sizeof id, "")) return false;
        int k = scenario_find_res(sc, id);
        if (k < 0 || (sc->res[k].type != RES_LOCK && sc->res[k].type != RES_RLOCK))
            return fail(c, "\"lock\" is not a lock or rlock:", id);
        res->lock = k;
    }
    return true;
}

static bool read_resources(Ctx *c, const cJSON *arr, Scenario *sc)
{
    int n = cJSON_GetArraySize(arr);
    if (n > HDR_MAX_RES) return fail(c, "more than 1024 resources", NULL);
    sc->res = calloc(n ? (size_t)n : 1, sizeof *sc->res);
    if (!sc->res) return fail(c, "out of memory", NULL);
    const cJSON *r;
    cJSON_ArrayForEach(r, arr) {
        int i = sc->n_res;
        ScResource *res = &sc->res[i];
        snprintf(c->path, sizeof c->path, "resources[%d]", i);
        if (!cJSON_IsObject(r)) return fail(c, "must be an object", NULL);
        char type[32];
        int64_t v = 0;
        if (!cJSON_GetObjectItemCaseSensitive(r, "id")) return fail(c, "missing \"id\"", NULL);
        if (!get_str(c, r, "id", res->id, sizeof res->id, NULL) || !check_id(c, res->id)) return false;
        if (!get_str(c, r, "type", type, sizeof type, "")) return false;
        if (!res_type_parse(type, &res->type)) return fail(c, "unknown type", type);
        if (!get_str(c, r, "label", res->label, sizeof res->label, res->id)) return false;
        if (!get_int(c, r, "value", -VALUE_INT_MAX, VALUE_INT_MAX,
                     res->type == RES_SEMAPHORE ? 1 : 0, &res->value)) return false;
        if (res->type == RES_SEMAPHORE && res->value < 0)
            return fail(c, "a semaphore's \"value\" must not be negative", NULL);
        if (!get_bool(c, r, "bounded", false, &res->bounded)) return false;
        if (!get_bool(c, r, "set", false, &res->set)) return false;
        if (!get_int(c, r, "capacity", 0, 1 << 30, 0, &v)) return false;
        res->capacity = (int)v;
        if (!get_int(c, r, "parties", res->type == RES_BARRIER ? 1 : 0, HDR_MAX_ACTORS,
                     res->type == RES_BARRIER ? 1 : 0, &v)) return false;
        res->parties = (int)v;
        if (!get_int(c, r, "workers", res->type == RES_POOL ? 1 : 0, HDR_MAX_ACTORS,
                     res->type == RES_POOL ? 4 : 0, &v)) return false;
        res->workers = (int)v;
        if (!get_bool(c, r, "joinable", false, &res->joinable)) return false;
        if (!get_bool(c, r, "duplex", false, &res->duplex)) return false;
        res->lock = -1;
        for (int k = 0; k < i; k++)
            if (strcmp(sc->res[k].id, res->id) == 0) return fail(c, "duplicate id", res->id);
        sc->n_res++;
    }
    return resolve_locks(c, arr, sc);
}

static bool read_actors(Ctx *c, const cJSON *arr, Scenario *sc)
{
    int n = cJSON_GetArraySize(arr);
    if (n > HDR_MAX_ACTORS) return fail(c, "more than 1024 actors", NULL);
    sc->actors = calloc(n ? (size_t)n : 1, sizeof *sc->actors);
    if (!sc->actors) return fail(c, "out of memory", NULL);
    const cJSON *a;
    cJSON_ArrayForEach(a, arr) {
        int i = sc->n_actors;
        ScActor *ac = &sc->actors[i];
        int64_t v = 0;
        snprintf(c->path, sizeof c->path, "actors[%d]", i);
        if (!cJSON_IsObject(a)) return fail(c, "must be an object", NULL);
        if (!cJSON_GetObjectItemCaseSensitive(a, "id")) return fail(c, "missing \"id\"", NULL);
        if (!get_str(c, a, "id", ac->id, sizeof ac->id, NULL) || !check_id(c, ac->id)) return false;
        if (!get_str(c, a, "label", ac->label, sizeof ac->label, ac->id)) return false;
        if (!get_str(c, a, "group", ac->group, sizeof ac->group, ac->id)) return false;
        if (!get_int(c, a, "vpid", 1, HDR_MAX_ACTORS, i + 1, &v)) return false;
        ac->vpid = (int)v;
        if (!get_int(c, a, "index", 1, HDR_MAX_ACTORS, 1, &v)) return false;
        ac->index = (int)v;
        if (!get_int(c, a, "priority", -1000000, 1000000, 0, &v)) return false;
        ac->priority = (int)v;
        if (!get_int(c, a, "start_ms", 0, VALUE_INT_MAX, 0, &ac->start_ms)) return false;
        if (!get_bool(c, a, "daemon", false, &ac->daemon)) return false;
        if (!get_bool(c, a, "autostart", true, &ac->autostart)) return false;
        if (!get_str(c, a, "role", ac->role, sizeof ac->role, "")) return false;
        ac->pool = -1;
        if (ac->role[0]) {
            char pool[SC_ID_MAX];
            if (strcmp(ac->role, "worker") != 0 && strcmp(ac->role, "callback") != 0)
                return fail(c, "\"role\" must be \"worker\" or \"callback\", not", ac->role);
            if (!get_str(c, a, "pool", pool, sizeof pool, "")) return false;
            int k = scenario_find_res(sc, pool);
            if (k < 0 || sc->res[k].type != RES_POOL) return fail(c, "\"pool\" is not a pool:", pool);
            ac->pool = k;
        }
        ac->script = NULL;
        for (int k = 0; k < i; k++)
            if (strcmp(sc->actors[k].id, ac->id) == 0) return fail(c, "duplicate id", ac->id);
        sc->n_actors++;
    }
    /* group sizes follow from the list */
    for (int i = 0; i < sc->n_actors; i++) {
        int size = 0;
        for (int k = 0; k < sc->n_actors; k++)
            size += strcmp(sc->actors[k].group, sc->actors[i].group) == 0;
        sc->actors[i].group_size = size;
    }
    return true;
}

static bool read_expect(Ctx *c, const cJSON *e, Scenario *sc)
{
    snprintf(c->path, sizeof c->path, "expect");
    if (!e || cJSON_IsNull(e)) return true;
    if (!cJSON_IsObject(e)) return fail(c, "must be an object or null", NULL);
    sc->has_expect = true;
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(e, "outcome");
    if (o && !cJSON_IsNull(o)) {
        if (!cJSON_IsString(o) || !outcome_parse(o->valuestring, &sc->expect_outcome))
            return fail(c, "unknown outcome", cJSON_IsString(o) ? o->valuestring : "?");
    }
    const cJSON *vars = cJSON_GetObjectItemCaseSensitive(e, "vars"), *v;
    if (!vars || cJSON_IsNull(vars)) return true;
    if (!cJSON_IsObject(vars)) return fail(c, "\"vars\" must be an object", NULL);
    int n = cJSON_GetArraySize(vars);
    if (n > EXPECT_VARS_MAX) return fail(c, "more than 64 vars", NULL);
    sc->expect_vars = calloc(n ? (size_t)n : 1, sizeof *sc->expect_vars);
    if (!sc->expect_vars) return fail(c, "out of memory", NULL);
    cJSON_ArrayForEach(v, vars) {
        snprintf(c->path, sizeof c->path, "expect.vars");
        int r = strlen(v->string) < SC_ID_MAX ? scenario_find_res(sc, v->string) : -1;
        if (r < 0 || sc->res[r].type != RES_VARIABLE) return fail(c, "not a variable:", v->string);
        ScExpectVar *x = &sc->expect_vars[sc->n_expect_vars++];
        x->res = r;
        if (cJSON_IsNull(v)) x->want = value_null();
        else if (cJSON_IsString(v) && strlen(v->valuestring) <= VALUE_STR_MAX) x->want = value_str(v->valuestring);
        else if (cJSON_IsNumber(v) && v->valuedouble == floor(v->valuedouble) &&
                 fabs(v->valuedouble) <= (double)VALUE_INT_MAX)
            x->want = value_int((int64_t)v->valuedouble);
        else return fail(c, "must want an integer, a string or null:", v->string);
    }
    return true;
}

static bool read_scenario(Ctx *c, const cJSON *s, Scenario *sc)
{
    int64_t v = 0;
    char word[32];
    if (!cJSON_IsObject(s)) return fail(c, "\"scenario\" must be an object", NULL);
    if (!get_str(c, s, "title", sc->title, sizeof sc->title, "") ||
        !get_str(c, s, "summary", sc->summary, sizeof sc->summary, "")) return false;
    const cJSON *notes = cJSON_GetObjectItemCaseSensitive(s, "notes"), *n;
    if (notes && !cJSON_IsNull(notes)) {
        if (!cJSON_IsArray(notes)) return fail(c, "\"notes\" must be an array", NULL);
        int k = cJSON_GetArraySize(notes);
        if (k > HDR_MAX_NOTES) return fail(c, "more than 256 notes", NULL);
        sc->notes = calloc(k ? (size_t)k : 1, sizeof *sc->notes);
        if (!sc->notes) return fail(c, "out of memory", NULL);
        cJSON_ArrayForEach(n, notes) {
            if (!cJSON_IsString(n) || strlen(n->valuestring) > SC_STR_MAX)
                return fail(c, "\"notes\" must be strings of at most 256 bytes", NULL);
            memcpy(sc->notes[sc->n_notes++], n->valuestring, strlen(n->valuestring) + 1);
        }
    }
    if (!get_str(c, s, "mode", word, sizeof word, "threads")) return false;
    if (strcmp(word, "threads") == 0) sc->mode = MODE_THREADS;
    else if (strcmp(word, "processes") == 0) sc->mode = MODE_PROCESSES;
    else return fail(c, "unknown mode", word);
    if (!get_int(c, s, "cpus", 1, HDR_MAX_CPUS, 1, &v)) return false;
    sc->cpus = (int)v;
    const cJSON *sched = cJSON_GetObjectItemCaseSensitive(s, "scheduler");
    if (sched && !cJSON_IsNull(sched)) {
        if (!cJSON_IsObject(sched)) return fail(c, "\"scheduler\" must be an object", NULL);
        if (!get_str(c, sched, "policy", word, sizeof word, "fifo")) return false;
        static const Policy pols[] = {POL_FIFO, POL_RR, POL_PRIORITY, POL_RANDOM, POL_OS};
        bool found = false;
        for (size_t i = 0; i < sizeof pols / sizeof pols[0]; i++)
            if (strcmp(word, policy_name(pols[i])) == 0) { sc->policy = pols[i]; found = true; }
        if (!found) return fail(c, "unknown policy", word);
        if (!get_int(c, sched, "quantum_ms", 1, VALUE_INT_MAX, 100, &sc->quantum_ms)) return false;
    }
    if (!get_int(c, s, "seed", 0, VALUE_INT_MAX, 1, &v)) return false;
    sc->seed = (uint64_t)v;
    const cJSON *sp = cJSON_GetObjectItemCaseSensitive(s, "speed");
    if (sp && !cJSON_IsNull(sp)) {
        if (!cJSON_IsNumber(sp) || !(sp->valuedouble > 0 && sp->valuedouble <= 1e6))
            return fail(c, "\"speed\" must be a number in (0, 1e6]", NULL);
        sc->speed = sp->valuedouble;
    }
    if (!get_int(c, s, "stop_after_ms", 0, VALUE_INT_MAX, 60000, &sc->stop_after_ms)) return false;
    const cJSON *res = cJSON_GetObjectItemCaseSensitive(s, "resources");
    if (res && !cJSON_IsNull(res)) {
        if (!cJSON_IsArray(res)) return fail(c, "\"resources\" must be an array", NULL);
        if (!read_resources(c, res, sc)) return false;
    }
    c->path[0] = '\0';
    const cJSON *act = cJSON_GetObjectItemCaseSensitive(s, "actors");
    if (act && !cJSON_IsNull(act)) {
        if (!cJSON_IsArray(act)) return fail(c, "\"actors\" must be an array", NULL);
        if (!read_actors(c, act, sc)) return false;
    }
    return read_expect(c, cJSON_GetObjectItemCaseSensitive(s, "expect"), sc);
}

static int key_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The first key that appears twice in one object of the tree, or NULL.
 * cJSON keeps both and its lookups see only the first: a duplicate would
 * silently hide a value (the event decoder rejects them too). Sorting keeps
 * an object of 10^5 keys cheap; depth is bounded by cJSON's nesting limit. */
static const char *dup_key(const cJSON *j, bool *oom)
{
    if (!cJSON_IsObject(j) && !cJSON_IsArray(j)) return NULL;
    int n = cJSON_GetArraySize(j);
    const cJSON *k;
    if (cJSON_IsObject(j) && n > 1) {
        const char **keys = malloc((size_t)n * sizeof *keys);
        if (!keys) { *oom = true; return NULL; }
        int m = 0;
        cJSON_ArrayForEach(k, j) keys[m++] = k->string;
        qsort(keys, (size_t)m, sizeof *keys, key_cmp);
        const char *d = NULL;
        for (int i = 1; i < m && !d; i++)
            if (strcmp(keys[i - 1], keys[i]) == 0) d = keys[i];
        free(keys);
        if (d) return d;
    }
    cJSON_ArrayForEach(k, j) {
        const char *d = dup_key(k, oom);
        if (d || *oom) return d;
    }
    return NULL;
}

Scenario *trace_parse_header(const char *line, size_t len, Err *err)
{
    Err dummy;
    Ctx c = {.err = err ? err : &dummy};
    if (len > TRACE_BIG_LINE_MAX) { fail(&c, "longer than 4 MiB", NULL); return NULL; }
    /* cJSON checks neither of these */
    if (memchr(line, '\0', len) || !trace_utf8_valid(line, len)) {
        fail(&c, "not valid UTF-8 text", NULL);
        return NULL;
    }
    cJSON *root = cJSON_ParseWithLength(line, len);
    if (!root || !cJSON_IsObject(root)) {
        cJSON_Delete(root);
        fail(&c, "line 1 is not a JSON object: not a syncscope trace (a scenario? make a trace "
                 "of it first: syncscope run SCENARIO.json -o TRACE)", NULL);
        return NULL;
    }
    Scenario *sc = NULL;
    bool oom = false;
    const char *dup;
    const cJSON *ver = cJSON_GetObjectItemCaseSensitive(root, "syncscope_trace");
    if (!ver) {
        fail(&c, cJSON_GetObjectItemCaseSensitive(root, "syncscope")
                     ? "this is a scenario, not a trace: make a trace of it first: syncscope run "
                       "SCENARIO.json -o TRACE"
                     : "line 1 has no \"syncscope_trace\": not a syncscope trace", NULL);
        goto out;
    }
    if (!cJSON_IsNumber(ver) || ver->valuedouble != floor(ver->valuedouble) || ver->valuedouble < 1) {
        fail(&c, "bad trace format version", NULL);
        goto out;
    }
    if (ver->valuedouble > TRACE_VERSION) {
        char m[128];
        snprintf(m, sizeof m, "trace format version %.0f is newer than this syncscope (%d)",
                 ver->valuedouble < 1e15 ? ver->valuedouble : 1e15, TRACE_VERSION);
        err_set(c.err, "%s", m);
        c.err->line = 1;
        c.err->col = 1;
        goto out;
    }
    dup = dup_key(root, &oom);
    if (dup || oom) {
        if (oom) fail(&c, "out of memory", NULL);
        else fail(&c, "duplicate key", strlen(dup) <= SC_STR_MAX ? dup : "(longer than 256 bytes)");
        goto out;
    }
    sc = scenario_new();
    if (!sc) { fail(&c, "out of memory", NULL); goto out; }
    if (!read_scenario(&c, cJSON_GetObjectItemCaseSensitive(root, "scenario"), sc)) {
        scenario_free(sc);
        sc = NULL;
    }
out:
    cJSON_Delete(root);
    return sc;
}

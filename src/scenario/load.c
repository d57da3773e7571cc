/* load — scenario_load(): JSON file -> validated, expanded Scenario (SPEC §2).
 *
 * Parses with jsonpos (positions for every value), then checks the top
 * level and expect here, resources in load_res.c, scripts and actors in
 * load_actors.c, and what needs every actor known in load_refs.c,
 * collecting every error (up to LOAD_MAX_ERRORS) sorted by position. Steps
 * are compiled in load_steps.c and load_prims.c, field getters are in
 * load_fields.c. Depends on base/, core/value, core/event (outcomes),
 * scenario/ only. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/loader.h"
#include "scenario/suggest.h"

/* ---- errors and paths ------------------------------------------------------ */

/* Keeps a message on one line of valid UTF-8: names from the file may hold
 * control characters (a key "a\nb"), and a cut may split a character. */
static void clean_message(char *msg)
{
    size_t n = strlen(msg);
    for (size_t k = 0; k < n; k++)
        if ((unsigned char)msg[k] < 0x20 || msg[k] == 0x7f) msg[k] = '?';
    size_t lead = n;
    while (lead > 0 && n - lead < 4 && ((unsigned char)msg[lead - 1] & 0xC0) == 0x80) lead--;
    if (lead > 0 && (unsigned char)msg[lead - 1] >= 0xC0) {
        unsigned char c = (unsigned char)msg[lead - 1];
        size_t want = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        if (n - (lead - 1) < want) msg[lead - 1] = '\0';
    }
}

void load_error(Loader *L, int line, int col, const char *path, const char *fmt, ...)
{
    L->n_errs++;
    if (L->errs.n >= LOAD_MAX_ERRORS) return;
    char msg[ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    Err e;
    if (path && *path) err_at(&e, L->file, line, col, "%s: %s", path, msg);
    else err_at(&e, L->file, line, col, "%s", msg);
    clean_message(e.msg);
    errlist_add(&L->errs, &e);
}

bool load_capped(const Loader *L) { return L->errs.n >= LOAD_MAX_ERRORS; }

void load_path_key(char *out, const char *base, const char *key)
{
    int r = base[0] ? snprintf(out, LOAD_PATH_MAX, "%s.%s", base, key)
                    : snprintf(out, LOAD_PATH_MAX, "%s", key);
    if (r >= LOAD_PATH_MAX) out[LOAD_PATH_MAX - 1] = '\0'; /* cut: still starts with its context */
}

void load_path_index(char *out, const char *base, int i)
{
    int r = snprintf(out, LOAD_PATH_MAX, "%s[%d]", base, i);
    if (r >= LOAD_PATH_MAX) out[LOAD_PATH_MAX - 1] = '\0';
}

/* ---- top level --------------------------------------------------------------- */

static const char *const top_keys[] = {
    "syncscope", "title", "summary", "notes", "mode", "cpus", "scheduler", "seed", "speed",
    "stop_after_ms", "resources", "actors", "scripts", "expect", NULL,
};

static void load_notes(Loader *L, const JNode *n)
{
    Scenario *sc = L->sc;
    if (!load_want_type(L, n, "notes", JSON_ARR)) return;
    if (n->n > LOAD_MAX_NOTES) {
        load_error(L, LOAD_AT(n), "notes", "too many notes: %d (the limit is %d)", n->n,
                   LOAD_MAX_NOTES);
        return;
    }
    if (n->n == 0) return;
    sc->notes = calloc((size_t)n->n, sizeof *sc->notes);
    if (!sc->notes) return;
    char p[LOAD_PATH_MAX];
    int k = 0;
    for (const JNode *m = n->first; m; m = m->next, k++) {
        load_path_index(p, "notes", k);
        if (load_str(L, m, p, sc->notes[sc->n_notes])) sc->n_notes++;
    }
}

static void load_scheduler(Loader *L, const JNode *n)
{
    static const char *const keys[] = {"policy", "quantum_ms", NULL};
    static const char *const policies[] = {"fifo", "rr", "random", "priority", "os", NULL};
    Scenario *sc = L->sc;
    if (!load_want_type(L, n, "scheduler", JSON_OBJ)) return;
    load_check_keys(L, n, "scheduler", keys, NULL, "");
    const JNode *m = jsonpos_get(n, "policy");
    if (m && load_want_type(L, m, "scheduler.policy", JSON_STR)) {
        char hint[128];
        if (strcmp(m->str, "fifo") == 0) sc->policy = POL_FIFO;
        else if (strcmp(m->str, "rr") == 0) sc->policy = POL_RR;
        else if (strcmp(m->str, "random") == 0) sc->policy = POL_RANDOM;
        else if (strcmp(m->str, "priority") == 0) sc->policy = POL_PRIORITY;
        else if (strcmp(m->str, "os") == 0) sc->policy = POL_OS;
        else
            load_error(L, LOAD_AT(m), "scheduler.policy", "unknown policy \"%s\"%s", m->str,
                       suggest_hint(m->str, policies, 5, hint, sizeof hint)[0]
                           ? hint : " (policies are \"fifo\", \"rr\", \"priority\", "
                                    "\"random\" and \"os\")");
    }
    if ((m = jsonpos_get(n, "quantum_ms")))
        load_int(L, m, "scheduler.quantum_ms", 1, SC_MAX_MS, &sc->quantum_ms);
}

static void load_top_fields(Loader *L, const JNode *root)
{
    Scenario *sc = L->sc;
    const JNode *m;
    int64_t v;
    if ((m = jsonpos_get(root, "syncscope"))) {
        if (m->type == JSON_NUM && m->num == 1) { /* the only format so far */ }
        else if (m->type == JSON_NUM)
            load_error(L, LOAD_AT(m), "syncscope", "unknown format version %g (this syncscope "
                       "reads version 1)", m->num);
        else
            load_error(L, LOAD_AT(m), "syncscope", "must be the format version 1, not %s",
                       jsonpos_type_name(m->type));
    } else {
        load_require(L, root, "", "syncscope");
    }
    if ((m = jsonpos_get(root, "title"))) load_str(L, m, "title", sc->title);
    else load_require(L, root, "", "title");
    if ((m = jsonpos_get(root, "summary"))) load_str(L, m, "summary", sc->summary);
    if ((m = jsonpos_get(root, "notes"))) load_notes(L, m);
    if ((m = jsonpos_get(root, "mode")) && load_want_type(L, m, "mode", JSON_STR)) {
        static const char *const modes[] = {"threads", "processes", NULL};
        char hint[128];
        if (strcmp(m->str, "threads") == 0) sc->mode = MODE_THREADS;
        else if (strcmp(m->str, "processes") == 0) sc->mode = MODE_PROCESSES;
        else
            load_error(L, LOAD_AT(m), "mode", "unknown mode \"%s\"%s", m->str,
                       suggest_hint(m->str, modes, 2, hint, sizeof hint)[0]
                           ? hint : " (modes are \"threads\" and \"processes\")");
    }
    if ((m = jsonpos_get(root, "cpus")) && load_int(L, m, "cpus", 1, LOAD_MAX_CPUS, &v))
        sc->cpus = (int)v;
    if ((m = jsonpos_get(root, "scheduler"))) load_scheduler(L, m);
    if ((m = jsonpos_get(root, "seed")) && load_int(L, m, "seed", 0, VALUE_INT_MAX, &v))
        sc->seed = (uint64_t)v;
    if ((m = jsonpos_get(root, "speed"))) {
        if (m->type != JSON_NUM)
            load_error(L, LOAD_AT(m), "speed", "must be a number (greater than 0, at most 1000), "
                       "not %s", jsonpos_type_name(m->type));
        else if (!(m->num > 0) || m->num > LOAD_MAX_SPEED)
            load_error(L, LOAD_AT(m), "speed", "must be greater than 0 and at most 1000 (got %g)",
                       m->num);
        else
            sc->speed = m->num;
    }
    if ((m = jsonpos_get(root, "stop_after_ms")))
        load_int(L, m, "stop_after_ms", 1, SC_MAX_MS, &sc->stop_after_ms);
}

/* ---- expect -------------------------------------------------------------------- */

static void load_expect(Loader *L, const JNode *n)
{
    static const char *const keys[] = {"outcome", "vars", NULL};
    static const char *const outcomes[] = {"completed", "deadlock", "stopped", "interrupted",
                                           "fault", NULL};
    Scenario *sc = L->sc;
    if (!load_want_type(L, n, "expect", JSON_OBJ)) return;
    sc->has_expect = true;
    load_check_keys(L, n, "expect", keys, NULL, "");
    const JNode *m = jsonpos_get(n, "outcome");
    char hint[128], p[LOAD_PATH_MAX];
    if (m && load_want_type(L, m, "expect.outcome", JSON_STR)) {
        if (!outcome_parse(m->str, &sc->expect_outcome) || sc->expect_outcome == OUT_NONE)
            load_error(L, LOAD_AT(m), "expect.outcome", "unknown outcome \"%s\"%s", m->str,
                       suggest_hint(m->str, outcomes, 5, hint, sizeof hint)[0]
                           ? hint : " (outcomes are completed, deadlock, stopped, interrupted "
                                    "and fault)");
    }
    if (!(m = jsonpos_get(n, "vars")) || !load_want_type(L, m, "expect.vars", JSON_OBJ)) return;
    if (m->n > LOAD_MAX_EXPECT_VARS) {
        load_error(L, LOAD_AT(m), "expect.vars", "too many variables: %d (the limit is %d)", m->n,
                   LOAD_MAX_EXPECT_VARS);
        return;
    }
    if (m->n == 0) return;
    sc->expect_vars = calloc((size_t)m->n, sizeof *sc->expect_vars);
    if (!sc->expect_vars) return;
    for (const JNode *v = m->first; v; v = v->next) {
        load_path_key(p, "expect.vars", v->key);
        int r = scenario_find_res(sc, v->key);
        if (r >= 0 && L->res_bad[r]) continue;
        if (r < 0 || sc->res[r].type != RES_VARIABLE) {
            const char **c = malloc((size_t)(sc->n_res + 1) * sizeof *c);
            size_t nc = 0;
            for (int k = 0; c && k < sc->n_res; k++)
                if (sc->res[k].type == RES_VARIABLE) c[nc++] = sc->res[k].id;
            hint[0] = '\0';
            if (c) suggest_hint(v->key, c, nc, hint, sizeof hint);
            free(c);
            if (r >= 0)
                load_error(L, LOAD_AT_KEY(v), p, "\"%s\" is %s %s, not a variable", v->key,
                           strchr("aeiou", res_type_name(sc->res[r].type)[0])
                               || sc->res[r].type == RES_RLOCK ? "an" : "a",
                           res_type_name(sc->res[r].type));
            else
                load_error(L, LOAD_AT_KEY(v), p, "unknown variable \"%s\"%s", v->key, hint);
            continue;
        }
        int64_t want;
        if (!load_int(L, v, p, -VALUE_INT_MAX, VALUE_INT_MAX, &want)) continue;
        ScExpectVar *ev = &sc->expect_vars[sc->n_expect_vars++];
        ev->res = r;
        ev->want = value_int(want);
    }
}

/* ---- driver ---------------------------------------------------------------------- */

/* Stable by position (qsort on (line, col, original index)). */
static void sort_errors(ErrList *l)
{
    typedef struct { Err e; int seq; } Tagged;
    Tagged *t = malloc((size_t)l->n * sizeof *t);
    if (!t) return;
    for (int k = 0; k < l->n; k++) { t[k].e = l->v[k]; t[k].seq = k; }
    for (int i = 1; i < l->n; i++) {      /* insertion sort: lists are short (<= 100) */
        Tagged x = t[i];
        int j = i - 1;
        while (j >= 0 && (t[j].e.line > x.e.line || (t[j].e.line == x.e.line && t[j].e.col > x.e.col))) {
            t[j + 1] = t[j];
            j--;
        }
        t[j + 1] = x;
    }
    for (int k = 0; k < l->n; k++) l->v[k] = t[k].e;
    free(t);
}

/* A trace handed to `run` or `check` (students mix the two files up). */
static bool looks_like_trace(const char *text, size_t len)
{
    static const char head[] = "{\"syncscope_trace\"";
    size_t i = 0;
    while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) i++;
    return len - i >= sizeof head - 1 && memcmp(text + i, head, sizeof head - 1) == 0;
}

Scenario *scenario_load_text(const char *name, const char *text, size_t len, ErrList *errs)
{
    Err e;
    JDoc doc;
    if (looks_like_trace(text, len)) {
        err_at(&e, name, 1, 1, "this is a trace (what a run wrote), not a scenario: replay it with "
               "\"syncscope replay %s\" or watch it with \"syncscope view %s\"", name, name);
        errlist_add(errs, &e);
        return NULL;
    }
    if (!jsonpos_parse(text, len, &doc, &e)) {
        snprintf(e.file, sizeof e.file, "%s", name);
        clean_message(e.msg);
        errlist_add(errs, &e);
        return NULL;
    }
    Scenario *sc = scenario_new();
    if (!sc) {
        jsonpos_free(&doc);
        err_at(&e, name, 0, 0, "out of memory");
        errlist_add(errs, &e);
        return NULL;
    }
    snprintf(sc->path, sizeof sc->path, "%s", name);
    Loader L = {.file = name, .sc = sc};
    errlist_init(&L.errs);
    const JNode *root = doc.root;
    if (root->type != JSON_OBJ) {
        load_error(&L, LOAD_AT(root), "", "a scenario must be a JSON object {...}, not %s",
                   jsonpos_type_name(root->type));
    } else {
        load_check_keys(&L, root, "", top_keys, NULL, "");
        load_top_fields(&L, root);
        const JNode *m;
        if ((m = jsonpos_get(root, "resources"))) load_resources(&L, m);
        if ((m = jsonpos_get(root, "scripts"))) load_scripts(&L, m);
        load_actors(&L, root);
        if ((m = jsonpos_get(root, "expect"))) load_expect(&L, m);
    }
    load_finish(&L);
    sort_errors(&L.errs);
    for (int k = 0; k < L.errs.n; k++) errlist_add(errs, &L.errs.v[k]);
    if (L.n_errs > L.errs.n) {
        err_at(&e, name, 0, 0, "too many errors: %d in all, only the first %d are shown",
               L.n_errs, L.errs.n);
        errlist_add(errs, &e);
    }
    bool failed = L.n_errs > 0;
    errlist_free(&L.errs);
    free(L.res_bad);
    free(L.res_node);
    free(L.scripts);
    jsonpos_free(&doc);
    if (failed) {
        scenario_free(sc);
        return NULL;
    }
    return sc;
}

Scenario *scenario_load(const char *path, ErrList *errs)
{
    Err e;
    FILE *f = fopen(path, "rb");
    if (!f) {
        err_at(&e, path, 0, 0, "cannot open: %s", strerror(errno));
        errlist_add(errs, &e);
        return NULL;
    }
    /* read at most one byte past the limit: enough to know it is too big */
    size_t cap = SC_MAX_FILE_BYTES + 1, len = 0;
    char *buf = malloc(cap);
    if (!buf) {
        fclose(f);
        err_at(&e, path, 0, 0, "out of memory");
        errlist_add(errs, &e);
        return NULL;
    }
    size_t got;
    errno = 0;
    while (len < cap && (got = fread(buf + len, 1, cap - len, f)) > 0) len += got;
    int rerr = ferror(f) ? (errno ? errno : EIO) : 0;
    fclose(f);
    if (rerr) {
        free(buf);
        err_at(&e, path, 0, 0, "cannot read: %s", strerror(rerr));
        errlist_add(errs, &e);
        return NULL;
    }
    if (len > SC_MAX_FILE_BYTES) {
        free(buf);
        err_at(&e, path, 0, 0, "the file is larger than 1 MiB (the limit for a scenario)");
        errlist_add(errs, &e);
        return NULL;
    }
    Scenario *sc = scenario_load_text(path, buf, len, errs);
    free(buf);
    return sc;
}

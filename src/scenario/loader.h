/* loader — private to the scenario loader (load.c, load_fields.c,
 * load_actors.c, load_steps.c): the state of one load and the checked getters that turn a
 * JSON node into a field or a located error.
 *
 * Every error is "PATH: message" at the line:col of the offending value (or
 * key); the loader keeps going after an error so that `check` shows them
 * all. Depends on base/, scenario.h, jsonpos.h; nothing outside scenario/
 * may include it. */
#ifndef SYNCSCOPE_SCENARIO_LOADER_H
#define SYNCSCOPE_SCENARIO_LOADER_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "scenario/jsonpos.h"
#include "scenario/scenario.h"

#define LOAD_MAX_ERRORS 100
#define LOAD_PATH_MAX 512
#define LOAD_MAX_NOTES 64
#define LOAD_MAX_EXPECT_VARS 64
#define LOAD_MAX_REPEAT 1000000
#define LOAD_MAX_CPUS 64
#define LOAD_MAX_SPEED 1000.0
#define LOAD_MAX_RESOURCES 1024     /* not in SPEC §2; keeps lookups cheap */

typedef struct LoadScript {
    char name[SC_ID_MAX];
    StepList *steps;           /* NULL when it failed to compile */
} LoadScript;

typedef struct Loader {
    const char *file;
    Scenario *sc;
    ErrList errs;              /* this load's errors, sorted at the end */
    int n_errs;                /* including the ones dropped past the cap */
    bool *res_bad;             /* per sc->res: its own errors were reported */
    LoadScript *scripts;       /* the top-level "scripts" object */
    int n_scripts;
    int n_steps;               /* step objects as written, for SC_MAX_STEPS */
    bool steps_over;           /* the limit was reported */
} Loader;

/* A local use waiting for the end of its script, when every assignment
 * ("into", "let") is known. */
typedef struct LoadUse {
    char name[SC_ID_MAX];
    int line, col;
    char path[LOAD_PATH_MAX];
} LoadUse;

typedef struct LoadScriptCtx {
    char (*assigned)[SC_ID_MAX];
    int n_assigned, cap_assigned;
    LoadUse *uses;
    int n_uses, cap_uses;
} LoadScriptCtx;

/* ---- errors and paths (load.c) ------------------------------------------- */

/* Records "PATH: MSG" at line:col (MSG alone when path is empty). */
void load_error(Loader *L, int line, int col, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* True once LOAD_MAX_ERRORS are recorded: later errors are only counted,
 * so costly hints (did-you-mean) can be skipped. */
bool load_capped(const Loader *L);
/* At a value / at the key of a member. */
#define LOAD_AT(n) (n)->line, (n)->col
#define LOAD_AT_KEY(n) (n)->key_line, (n)->key_col
/* out = base + "." + key (or key alone at the top), or base + "[i]". */
void load_path_key(char *out, const char *base, const char *key);
void load_path_index(char *out, const char *base, int i);

/* ---- checked getters (load_fields.c) -------------------------------------- */

/* Each reports its own error and returns false when the node is unfit. */
bool load_want_type(Loader *L, const JNode *n, const char *path, JType t);
bool load_int(Loader *L, const JNode *n, const char *path, int64_t min, int64_t max, int64_t *out);
bool load_bool(Loader *L, const JNode *n, const char *path, bool *out);
/* A string of at most SC_STR_MAX bytes. */
bool load_str(Loader *L, const JNode *n, const char *path, char out[SC_STR_MAX + 1]);
/* An id: 1..63 bytes of [A-Za-z0-9_-]. what: "resource id", "actor id". */
bool load_id(Loader *L, const JNode *n, const char *path, const char *what, char out[SC_ID_MAX]);
/* A local name: an identifier, not "i" or "iter". */
bool load_local_name(Loader *L, const JNode *n, const char *path, char out[SC_ID_MAX]);
/* Reports `missing required key "key"` at obj; false when absent. */
bool load_require(Loader *L, const JNode *obj, const char *path, const char *key);
/* Reports every member of obj whose key is neither in allowed (unknown,
 * with did-you-mean among allowed) nor in later ("not supported yet").
 * what: "" for "unknown key", or e.g. "a \"work\" step". */
void load_check_keys(Loader *L, const JNode *obj, const char *path, const char *const *allowed,
                     const char *const *later, const char *what);
/* True when key is in the NULL-terminated list. */
bool load_in_list(const char *key, const char *const *list);

/* A resource reference: a string naming a resource whose type is in mask
 * (bits 1 << ResType). need: "a lock or a semaphore"; op: the step name.
 * Returns the index, or -1 after reporting (or silently when the resource
 * has errors of its own). */
int load_resource_ref(Loader *L, const JNode *n, const char *path, unsigned mask,
                      const char *op, const char *need);

/* ---- scripts and actors (load_actors.c) ----------------------------------- */

/* The top-level "scripts" object: fills L->scripts. */
void load_scripts(Loader *L, const JNode *n);
/* The "actors" list of root (required, non-empty): fills and expands
 * L->sc->actors when every actor is sound. */
void load_actors(Loader *L, const JNode *root);

/* ---- steps, values, conditions (load_steps.c) ----------------------------- */

/* Compiles a step list (an array) into out. nest: step lists around it
 * (0 for a script); loops: repeat/loop/while around it. */
void load_steps(Loader *L, LoadScriptCtx *cx, const JNode *arr, const char *path, int nest,
                int loops, StepList *out);
/* Reports every local used in cx but assigned nowhere; frees cx. */
void load_script_end(Loader *L, LoadScriptCtx *cx);

#endif

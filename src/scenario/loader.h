/* loader — private to the scenario loader (load.c, load_res.c, load_fields.c,
 * load_actors.c, load_steps.c, load_prims.c, load_refs.c): the state of one
 * load and the checked getters that turn a JSON node into a field or a
 * located error.
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
#define LOAD_MAX_WORKERS 64         /* a pool's "workers" */
#define LOAD_MAX_PRIORITY 1000      /* an actor's "priority": -1000 .. 1000 */

#define LOAD_MAX_ARGS 32            /* a submit's "args" */

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

typedef struct LoadScript {
    char name[SC_ID_MAX];
    StepList *steps;           /* NULL when it failed to compile */
    LoadScriptCtx cx;          /* checked at the end: a submit may assign its
                                  args and "result" from another script */
} LoadScript;

/* An "actor" of a start/join/terminate step, resolved once every actor is
 * expanded (a step may name an actor defined further down). */
typedef struct LoadActorRef {
    const JNode *n;            /* the "actor" string */
    char path[LOAD_PATH_MAX];
    Step *st;
    const StepList *root;      /* the script the step is in: who runs it */
} LoadActorRef;

typedef struct Loader {
    const char *file;
    Scenario *sc;
    ErrList errs;              /* this load's errors, sorted at the end */
    int n_errs;                /* including the ones dropped past the cap */
    bool *res_bad;             /* per sc->res: its own errors were reported */
    const JNode **res_node;    /* per sc->res: its object in the file (NULL if implicit) */
    LoadScript *scripts;       /* the top-level "scripts" object */
    int n_scripts;
    int n_steps;               /* step objects as written, for SC_MAX_STEPS */
    bool steps_over;           /* the limit was reported */
    const StepList *cur_root;  /* the script being compiled */
    LoadActorRef *arefs;       /* pending actor targets */
    int n_arefs, cap_arefs;
} Loader;

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

/* ---- resources (load_res.c) ------------------------------------------------ */

/* The "resources" list: fills L->sc->res, then appends each condition's
 * own lock "<id>.lock" when it names none. */
void load_resources(Loader *L, const JNode *n);

/* ---- scripts and actors (load_actors.c) ----------------------------------- */

/* The top-level "scripts" object: fills L->scripts. */
void load_scripts(Loader *L, const JNode *n);
/* A script name (a string naming one in "scripts"): its index in
 * L->scripts, or -1 after reporting. */
int load_script_ref(Loader *L, const JNode *n, const char *path);
/* The "actors" list of root (required, non-empty): fills and expands
 * L->sc->actors when every actor is sound. */
void load_actors(Loader *L, const JNode *root);
/* After the actors: resolves the pending actor targets and checks the
 * locals of every named script; frees what the loader kept for them. */
void load_finish(Loader *L);

/* ---- steps, values, conditions (load_steps.c) ----------------------------- */

/* Compiles a step list (an array) into out. nest: step lists around it
 * (0 for a script); loops: repeat/loop/while around it. */
void load_steps(Loader *L, LoadScriptCtx *cx, const JNode *arr, const char *path, int nest,
                int loops, StepList *out);
/* Reports every local used in cx but assigned nowhere; frees cx. */
void load_script_end(Loader *L, LoadScriptCtx *cx);
/* A value (SPEC §2 "Values") into an Expr; NULL after reporting. */
Expr *load_value(Loader *L, LoadScriptCtx *cx, const JNode *n, const char *path, int loops);
/* Records that the script of cx assigns local name / uses it at line:col. */
void load_note_assigned(LoadScriptCtx *cx, const char *name);
/* The member key of step object o, required: reports when absent. */
const JNode *load_need(Loader *L, const JNode *o, const char *path, const char *key);

/* ---- the steps of issue 3 (load_prims.c) ----------------------------------- */

/* Fields of the steps on conditions, barriers, joinable queues, pipes,
 * pools and actors (notify ... terminate), and the wait options
 * (timeout_ms, blocking, into, ok) of every step that has them. keys: the
 * keys the step may have. */
void load_prim_step(Loader *L, LoadScriptCtx *cx, const JNode *o, const char *path, int loops,
                    const JNode *dov, const char *const *keys, Step *st);

#endif

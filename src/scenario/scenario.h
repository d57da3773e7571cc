/* scenario — a validated, expanded scenario (SPEC §2), as every layer sees it.
 *
 * Built by scenario_load() from a JSON file (scenario/load.c), or from a
 * trace header by trace_parse_header() (trace/), in which case the actors
 * carry no scripts. The runtime executes it; the model is initialised from
 * it. Actors are expanded: `count` 3 of "car" gives car.1, car.2, car.3.
 * Names are resolved to indices at load time, so nothing later looks up an
 * id by string.
 *
 * Ownership: a Scenario owns everything it points to; scenario_free()
 * releases it all. Strings are inline (SPEC limits them to 256 bytes).
 * libc + cJSON only (no SDL, no pthreads). */
#ifndef SYNCSCOPE_SCENARIO_SCENARIO_H
#define SYNCSCOPE_SCENARIO_SCENARIO_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "core/event.h"
#include "core/value.h"

#define SC_STR_MAX VALUE_STR_MAX
#define SC_ID_MAX 64            /* ids and local names */
#define SC_MAX_FILE_BYTES (1024 * 1024)
#define SC_MAX_ACTORS 1024
#define SC_MAX_NESTING 32
#define SC_MAX_JSON_DEPTH 64
#define SC_MAX_STEPS 10000
/* Every duration (ms, timeout_ms, start_ms, stop_after_ms, quantum_ms) is at
 * most a billion ms (11.6 days), so virtual times in microseconds stay far
 * below 2^53 and every trace a run writes replays. */
#define SC_MAX_MS INT64_C(1000000000)
/* Semaphore permits: releases cannot overflow within the 10M-event cap. */
#define SC_MAX_PERMITS INT64_C(1000000000)

typedef enum ResType {
    RES_LOCK = 0, RES_RLOCK, RES_SEMAPHORE, RES_EVENT, RES_CONDITION, RES_BARRIER,
    RES_QUEUE, RES_PIPE, RES_VARIABLE, RES_POOL,
    RES__COUNT
} ResType;

typedef enum Mode { MODE_THREADS = 0, MODE_PROCESSES } Mode;
typedef enum Policy { POL_FIFO = 0, POL_RR, POL_PRIORITY, POL_RANDOM, POL_OS } Policy;

typedef struct ScResource {
    char id[SC_ID_MAX];
    char label[SC_STR_MAX + 1];   /* the id when the file gives none */
    ResType type;
    int64_t value;     /* semaphore: initial permits (default 1); variable: initial value */
    bool bounded;      /* semaphore */
    bool set;          /* event: initially set */
    int capacity;      /* queue: 0 = unbounded */
    int lock;          /* condition: its lock's index; a condition without "lock"
                          gets its own, expanded by the loader as "<id>.lock" */
    int parties;       /* barrier */
    bool joinable;     /* queue */
    bool duplex;       /* pipe */
    int workers;       /* pool (default 4) */
} ScResource;

/* Values (SPEC §2 "Values"). */
typedef enum ExprKind {
    EX_LIT = 0,   /* lit; a VAL_STR literal may be a template (is_template) */
    EX_LOCAL,     /* {"local":"x"} -> name */
    EX_VAR,       /* {"var":"tickets"} -> res (a variable) */
    EX_ADD        /* {"add":[a,b]} */
} ExprKind;

typedef struct Expr Expr;
struct Expr {
    ExprKind kind;
    Value lit;
    bool is_template;          /* lit is a string with {placeholders} */
    char name[SC_ID_MAX];      /* EX_LOCAL */
    int res;                   /* EX_VAR */
    Expr *a, *b;               /* EX_ADD */
};

typedef enum CondKind { CD_EQ = 0, CD_NE, CD_LT, CD_LE, CD_GT, CD_GE, CD_NOT } CondKind;

typedef struct Cond Cond;
struct Cond {
    CondKind kind;
    Expr *a, *b;     /* comparisons */
    Cond *inner;     /* CD_NOT */
};

typedef enum StepKind {
    ST_WORK = 0, ST_SLEEP, ST_ACQUIRE, ST_RELEASE, ST_WAIT, ST_SET, ST_CLEAR,
    ST_PUT, ST_GET, ST_READ, ST_WRITE, ST_ADD, ST_SAY, ST_LET, ST_BREAK,
    ST_WITH, ST_REPEAT, ST_LOOP, ST_WHILE, ST_IF,
    /* issue 3: the rest of SPEC §2 */
    ST_NOTIFY, ST_NOTIFY_ALL, ST_TASK_DONE, ST_JOIN, ST_SEND, ST_RECV, ST_CLOSE,
    ST_SUBMIT, ST_START, ST_TERMINATE,
    ST__COUNT
} StepKind;

typedef struct Step Step;
typedef struct StepList {
    Step *v;
    int n;
} StepList;

struct Step {
    StepKind kind;
    int line, col;             /* where the step's object starts in the file */
    char path[128];            /* JSON path, e.g. "actors[1].script[0].loop[2]" */
    int res;                   /* on / with / var: resource index; -1 if none */
    int64_t ms_min, ms_max;    /* work, sleep: equal when a single number */
    Expr *value;               /* put item; write/add value; let value */
    Expr *text;                /* say step's text (a template string) */
    char into[SC_ID_MAX];      /* get/read into (local name); "" if none */
    char local[SC_ID_MAX];     /* let */
    Expr *say;                 /* optional caption on any step (template); NULL */
    int64_t repeat;            /* repeat count */
    Cond *cond;                /* if, while */
    StepList body;             /* with / repeat / loop / while / if-then */
    StepList else_body;        /* if-else */
    /* issue 3 */
    int64_t timeout_ms;        /* acquire/wait/put/get/join/recv: -1 = none */
    bool blocking;             /* acquire/put/get: default true */
    char ok[SC_ID_MAX];        /* get/recv: local set to 1 (an item came) or 0 */
    int n;                     /* notify: how many (default 1) */
    char end[8];               /* close: "write" (default) | "read"; duplex: "a" | "b" */
    int target, n_targets;     /* start/join/terminate: actors [target, target+n_targets)
                                  (a group id names all its members); -1, 0 if none */
    const StepList *script;    /* submit: the task's steps */
    const StepList *callback;  /* submit: the callback's steps, NULL if none */
    char script_name[SC_ID_MAX]; /* submit: the task's script name (shown) */
    bool wait;                 /* submit: true = apply (blocks for the result) */
    char (*arg_names)[SC_ID_MAX]; /* submit "args": {"x": V}: locals of the task */
    Expr **arg_values;
    int n_args;
};

typedef struct ScActor {
    char id[SC_ID_MAX];        /* "car.2" for a group member, "lights" alone */
    char label[SC_STR_MAX + 1];/* template expanded with {i} */
    char group[SC_ID_MAX];     /* the id as written ("car") */
    int vpid;                  /* 1-based index in the expanded list */
    int index;                 /* 1-based index within its group */
    int group_size;            /* the group's count */
    const StepList *script;    /* shared by a group; NULL in a trace header */
    int64_t start_ms;
    bool autostart, daemon;
    int priority;
    int pool;                  /* a pool's worker or callback runner: the pool's index; -1 */
    char role[16];             /* "worker" | "callback" for a pool's actors; "" otherwise */
} ScActor;

typedef struct ScExpectVar {
    int res;                   /* a variable */
    Value want;
} ScExpectVar;

typedef struct Scenario {
    char path[ERR_FILE_MAX];   /* file it came from ("" for a trace header) */
    char title[SC_STR_MAX + 1];
    char summary[SC_STR_MAX + 1];
    char (*notes)[SC_STR_MAX + 1];
    int n_notes;
    Mode mode;
    int cpus;                  /* >= 1 */
    Policy policy;
    int64_t quantum_ms;        /* rr: default 100 */
    uint64_t seed;             /* default 1 */
    double speed;              /* default 1 */
    int64_t stop_after_ms;     /* default 60000 */
    ScResource *res;
    int n_res;
    ScActor *actors;
    int n_actors;
    bool has_expect;
    Outcome expect_outcome;    /* OUT_NONE if expect gives no outcome */
    ScExpectVar *expect_vars;
    int n_expect_vars;
    void *arena;               /* owns steps, exprs and conds (loader-private) */
    void *ids;                 /* id -> index hash of trace/decode.c, in the arena;
                                  NULL until the first decode (decoder-private) */
} Scenario;

/* Loads and validates a scenario file. On success returns a new Scenario.
 * On failure returns NULL and appends every error found to errs (each an
 * Err with file, line, col and "PATH: message (did you mean ...?)"). */
Scenario *scenario_load(const char *path, ErrList *errs);
/* Same, from text in memory (name is used in the errors). */
Scenario *scenario_load_text(const char *name, const char *text, size_t len, ErrList *errs);
/* An empty scenario with every default of SPEC §2 (cpus 1, fifo, quantum
 * 100, seed 1, speed 1, stop_after 60000, no resources or actors). The
 * arrays res, actors, notes, expect_vars are malloc'ed by whoever fills
 * them and freed by scenario_free; steps live in the arena. */
Scenario *scenario_new(void);
void scenario_free(Scenario *sc);
/* Allocates zeroed memory owned by sc's arena (freed with sc); NULL on OOM. */
void *scenario_alloc(Scenario *sc, size_t size);

/* Lookups; -1 when absent. */
int scenario_find_res(const Scenario *sc, const char *id);
int scenario_find_actor(const Scenario *sc, const char *id);

const char *res_type_name(ResType t);     /* "lock", ... */
bool res_type_parse(const char *s, ResType *out);
const char *policy_name(Policy p);        /* "fifo", ... */
const char *mode_name(Mode m);            /* "threads", "processes" */
const char *step_kind_name(StepKind k);   /* "work", ..., "with", "repeat" */

#endif

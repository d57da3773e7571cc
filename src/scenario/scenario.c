/* scenario — the Scenario object: defaults, ownership, name tables, lookups.
 * Loading from JSON is in load.c; this file knows no JSON. */
#include "scenario/scenario.h"

#include <stdlib.h>
#include <string.h>

#include "base/arena.h"

static const char *const res_names[RES__COUNT] = {
    [RES_LOCK] = "lock", [RES_RLOCK] = "rlock", [RES_SEMAPHORE] = "semaphore",
    [RES_EVENT] = "event", [RES_CONDITION] = "condition", [RES_BARRIER] = "barrier",
    [RES_QUEUE] = "queue", [RES_PIPE] = "pipe", [RES_VARIABLE] = "variable",
    [RES_POOL] = "pool",
};

static const char *const step_names[ST__COUNT] = {
    [ST_WORK] = "work", [ST_SLEEP] = "sleep", [ST_ACQUIRE] = "acquire",
    [ST_RELEASE] = "release", [ST_WAIT] = "wait", [ST_SET] = "set",
    [ST_CLEAR] = "clear", [ST_PUT] = "put", [ST_GET] = "get", [ST_READ] = "read",
    [ST_WRITE] = "write", [ST_ADD] = "add", [ST_SAY] = "say", [ST_LET] = "let",
    [ST_BREAK] = "break", [ST_WITH] = "with", [ST_REPEAT] = "repeat",
    [ST_LOOP] = "loop", [ST_WHILE] = "while", [ST_IF] = "if",
    [ST_NOTIFY] = "notify", [ST_NOTIFY_ALL] = "notify_all", [ST_TASK_DONE] = "task_done",
    [ST_JOIN] = "join", [ST_SEND] = "send", [ST_RECV] = "recv", [ST_CLOSE] = "close",
    [ST_SUBMIT] = "submit", [ST_START] = "start", [ST_TERMINATE] = "terminate",
};

Scenario *scenario_new(void)
{
    Scenario *sc = calloc(1, sizeof *sc);
    if (!sc) return NULL;
    sc->arena = arena_new();
    if (!sc->arena) { free(sc); return NULL; }
    sc->mode = MODE_THREADS;
    sc->cpus = 1;
    sc->policy = POL_FIFO;
    sc->quantum_ms = 100;
    sc->seed = 1;
    sc->speed = 1.0;
    sc->stop_after_ms = 60000;
    sc->expect_outcome = OUT_NONE;
    return sc;
}

void scenario_free(Scenario *sc)
{
    if (!sc) return;
    free(sc->notes);
    free(sc->res);
    free(sc->actors);
    free(sc->expect_vars);
    arena_free(sc->arena);
    free(sc);
}

void *scenario_alloc(Scenario *sc, size_t size) { return arena_alloc(sc->arena, size); }

int scenario_find_res(const Scenario *sc, const char *id)
{
    for (int i = 0; i < sc->n_res; i++)
        if (strcmp(sc->res[i].id, id) == 0) return i;
    return -1;
}

int scenario_find_actor(const Scenario *sc, const char *id)
{
    for (int i = 0; i < sc->n_actors; i++)
        if (strcmp(sc->actors[i].id, id) == 0) return i;
    return -1;
}

const char *res_type_name(ResType t) { return (unsigned)t < RES__COUNT ? res_names[t] : "?"; }

bool res_type_parse(const char *s, ResType *out)
{
    for (int t = 0; t < RES__COUNT; t++)
        if (strcmp(s, res_names[t]) == 0) { *out = (ResType)t; return true; }
    return false;
}

const char *policy_name(Policy p)
{
    switch (p) {
    case POL_FIFO: return "fifo";
    case POL_RR: return "rr";
    case POL_PRIORITY: return "priority";
    case POL_RANDOM: return "random";
    case POL_OS: return "os";
    }
    return "?";
}

const char *mode_name(Mode m) { return m == MODE_PROCESSES ? "processes" : "threads"; }

const char *step_kind_name(StepKind k) { return (unsigned)k < ST__COUNT ? step_names[k] : "?"; }

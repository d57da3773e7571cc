/* event — see event.h. */
#include "core/event.h"

#include <string.h>

static const char *const kind_names[EV__COUNT] = {
    [EV_NEW] = "new", [EV_READY] = "ready", [EV_RUNNING] = "running",
    [EV_BLOCKED] = "blocked", [EV_SLEEPING] = "sleeping", [EV_DONE] = "done",
    [EV_KILLED] = "killed", [EV_ERROR] = "error", [EV_ACQUIRED] = "acquired",
    [EV_RELEASED] = "released", [EV_SET] = "set", [EV_CLEAR] = "clear",
    [EV_PUT] = "put", [EV_GET] = "get", [EV_READ] = "read", [EV_WRITE] = "write",
    [EV_ADD] = "add", [EV_SAY] = "say", [EV_FAIL] = "fail", [EV_WAITS] = "waits",
    [EV_STATS] = "stats", [EV_END] = "end",
    [EV_NOTIFY] = "notify", [EV_ARRIVE] = "arrive", [EV_PASSED] = "passed",
    [EV_TASK_DONE] = "task_done", [EV_SEND] = "send", [EV_RECV] = "recv", [EV_CLOSE] = "close",
    [EV_SUBMIT] = "submit", [EV_TASK_START] = "task_start", [EV_TASK_END] = "task_end",
    [EV_CALLBACK] = "callback", [EV_START] = "start", [EV_TERMINATE] = "terminate",
    [EV_OWNER_DEAD] = "owner_dead",
};

static const char *const outcome_names[OUT__COUNT] = {
    [OUT_NONE] = "none", [OUT_COMPLETED] = "completed", [OUT_DEADLOCK] = "deadlock",
    [OUT_STOPPED] = "stopped", [OUT_INTERRUPTED] = "interrupted", [OUT_FAULT] = "fault",
};

const char *event_kind_name(EvKind k)
{
    return (unsigned)k < EV__COUNT ? kind_names[k] : "?";
}

bool event_kind_parse(const char *s, EvKind *out)
{
    for (int k = 0; k < EV__COUNT; k++)
        if (strcmp(s, kind_names[k]) == 0) { *out = (EvKind)k; return true; }
    return false;
}

const char *outcome_name(Outcome o)
{
    return (unsigned)o < OUT__COUNT ? outcome_names[o] : "none";
}

bool outcome_parse(const char *s, Outcome *out)
{
    for (int o = 1; o < OUT__COUNT; o++)
        if (strcmp(s, outcome_names[o]) == 0) { *out = (Outcome)o; return true; }
    return false;
}

void event_init(Event *ev, EvKind k)
{
    memset(ev, 0, sizeof *ev);
    ev->kind = k;
    ev->actor = ev->res = ev->cpu = -1;
    ev->until = -1;
    ev->item = value_null();
    ev->expect_ok = -1;
    ev->target = ev->depth = ev->ok = -1;
    ev->n = 0;
}

/* ---- the per-kind field table ------------------------------------------------ */

static const char *const field_names[EF__COUNT] = {
    [EF_ACTOR] = "actor", [EF_RES] = "res", [EF_TARGET] = "target", [EF_CPU] = "cpu",
    [EF_OP] = "op", [EF_UNTIL] = "until", [EF_TASK] = "task", [EF_ITEM] = "item", [EF_OK] = "ok",
    [EF_END] = "end", [EF_VALUE] = "value", [EF_BY] = "by", [EF_DEPTH] = "depth", [EF_N] = "n",
    [EF_SAY] = "say", [EF_MSG] = "msg", [EF_REASON] = "reason", [EF_SIG] = "sig",
    [EF_WHY] = "why", [EF_HOLDERS] = "holders", [EF_PID] = "pid", [EF_READY_US] = "ready_us",
    [EF_TURN_US] = "turnaround_us", [EF_RESP_US] = "response_us", [EF_CPUS] = "cpus",
    [EF_BUSY_US] = "busy_us", [EF_SPAN_US] = "span_us", [EF_UTIL] = "util",
    [EF_OUTCOME] = "outcome", [EF_EXPECT] = "expect",
};

/* F(...) lists the fields in line order; O(i, ...) marks positions optional. */
#define F(...) .field = {__VA_ARGS__}, .n = sizeof((EvField[]){__VA_ARGS__}) / sizeof(EvField)
#define O(i) (1u << (i))

static const EvFieldSpec specs[EV__COUNT] = {
    [EV_NEW] = {F(EF_ACTOR, EF_PID), .optional = O(1)},
    [EV_READY] = {F(EF_ACTOR)},
    [EV_RUNNING] = {F(EF_ACTOR, EF_CPU)},
    /* on a queue, pool or lock: res; a join on an actor: target (the model
     * and the decoder check that one of them is there) */
    [EV_BLOCKED] = {F(EF_ACTOR, EF_RES, EF_TARGET, EF_OP), .optional = O(1) | O(2), .one_of = O(1) | O(2)},
    [EV_SLEEPING] = {F(EF_ACTOR, EF_UNTIL)},
    [EV_DONE] = {F(EF_ACTOR)},
    [EV_KILLED] = {F(EF_ACTOR, EF_REASON, EF_SIG), .optional = O(2)},
    [EV_ERROR] = {F(EF_ACTOR, EF_MSG)},
    [EV_ACQUIRED] = {F(EF_ACTOR, EF_RES, EF_DEPTH), .optional = O(2)},
    [EV_RELEASED] = {F(EF_ACTOR, EF_RES, EF_DEPTH), .optional = O(2)},
    [EV_SET] = {F(EF_ACTOR, EF_RES)},
    [EV_CLEAR] = {F(EF_ACTOR, EF_RES)},
    [EV_PUT] = {F(EF_ACTOR, EF_RES, EF_ITEM)},
    [EV_GET] = {F(EF_ACTOR, EF_RES, EF_ITEM, EF_OK), .optional = O(3)},
    [EV_READ] = {F(EF_ACTOR, EF_RES, EF_VALUE)},
    [EV_WRITE] = {F(EF_ACTOR, EF_RES, EF_VALUE)},
    [EV_ADD] = {F(EF_ACTOR, EF_RES, EF_VALUE, EF_BY)},
    [EV_SAY] = {F(EF_ACTOR, EF_SAY)},
    /* a join on an actor that times out names the target instead of a res */
    [EV_FAIL] = {F(EF_ACTOR, EF_RES, EF_TARGET, EF_WHY), .optional = O(1) | O(2), .one_of = O(1) | O(2)},
    [EV_NOTIFY] = {F(EF_ACTOR, EF_RES, EF_N)},
    [EV_ARRIVE] = {F(EF_ACTOR, EF_RES, EF_VALUE)},
    [EV_PASSED] = {F(EF_ACTOR, EF_RES)},
    [EV_TASK_DONE] = {F(EF_ACTOR, EF_RES)},
    [EV_SEND] = {F(EF_ACTOR, EF_RES, EF_ITEM, EF_END)},
    [EV_RECV] = {F(EF_ACTOR, EF_RES, EF_ITEM, EF_OK, EF_END)},
    [EV_CLOSE] = {F(EF_ACTOR, EF_RES, EF_END), .optional = O(2)},
    [EV_SUBMIT] = {F(EF_ACTOR, EF_RES, EF_TASK, EF_SAY), .optional = O(3)},
    [EV_TASK_START] = {F(EF_ACTOR, EF_RES, EF_TASK)},
    [EV_TASK_END] = {F(EF_ACTOR, EF_RES, EF_TASK, EF_ITEM)},
    [EV_CALLBACK] = {F(EF_ACTOR, EF_RES, EF_TASK)},
    [EV_START] = {F(EF_ACTOR, EF_TARGET)},
    [EV_TERMINATE] = {F(EF_ACTOR, EF_TARGET)},
    [EV_OWNER_DEAD] = {F(EF_ACTOR, EF_RES)},
    [EV_WAITS] = {F(EF_ACTOR, EF_RES, EF_HOLDERS)},
    [EV_STATS] = {F(EF_ACTOR, EF_READY_US, EF_TURN_US, EF_RESP_US)},
    [EV_END] = {F(EF_OUTCOME, EF_REASON, EF_EXPECT), .optional = O(1) | O(2)},
};

static const EvFieldSpec overall_stats = {F(EF_CPUS, EF_BUSY_US, EF_SPAN_US, EF_UTIL)};

#undef F
#undef O

const EvFieldSpec *event_field_spec(EvKind k, bool has_actor)
{
    static const EvFieldSpec none = {0};
    if ((unsigned)k >= EV__COUNT) return &none;
    if (k == EV_STATS && !has_actor) return &overall_stats;
    return &specs[k];
}

const char *event_field_name(EvField f)
{
    return (unsigned)f < EF__COUNT ? field_names[f] : "?";
}

bool event_field_parse(const char *s, EvField *out)
{
    for (int f = 0; f < EF__COUNT; f++)
        if (strcmp(s, field_names[f]) == 0) { *out = (EvField)f; return true; }
    return false;
}

bool event_field_is_text(EvField f)
{
    return f == EF_SAY || f == EF_MSG || f == EF_REASON || f == EF_WHY;
}

bool event_field_present(const Event *ev, EvField f)
{
    switch (f) {
    case EF_ACTOR: return ev->actor >= 0;
    case EF_RES: return ev->res >= 0;
    case EF_TARGET: return ev->target >= 0;
    case EF_CPU: return ev->cpu >= 0;
    case EF_OP: return ev->op[0] != '\0';
    case EF_UNTIL: return ev->until >= 0;
    case EF_TASK: return ev->task > 0;
    case EF_ITEM: return ev->item.kind != VAL_NULL;
    case EF_OK: return ev->ok >= 0;
    case EF_END: return ev->end[0] != '\0';
    case EF_DEPTH: return ev->depth >= 0;
    case EF_SIG: return ev->sig > 0;
    case EF_PID: return ev->pid != 0;
    case EF_SAY: case EF_MSG: case EF_REASON: case EF_WHY: return ev->text[0] != '\0';
    case EF_HOLDERS: return ev->n_holders > 0;
    case EF_OUTCOME: return ev->outcome != OUT_NONE;
    case EF_EXPECT: return ev->expect_ok >= 0;
    /* numbers whose absent value is a valid one: always there when listed */
    default: return true;
    }
}

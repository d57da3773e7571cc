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

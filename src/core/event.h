/* event — the table of event kinds and the decoded form of one trace line.
 *
 * This is the vocabulary shared by the runtime (which emits events), the
 * trace codec (which turns them into JSON Lines and back) and the model
 * (which applies them). One row per kind, as in Go's execution tracer.
 * libc only.
 *
 * Trace line shapes (SPEC §3; actor and res are ids from the header):
 *   {"seq":0,"t":0,"ev":"new","actor":"car.1"}            (+ "pid" with --pids)
 *   {"seq":1,"t":0,"ev":"ready","actor":"car.1"}
 *   {"seq":2,"t":0,"ev":"running","actor":"car.1","cpu":0}
 *   {"seq":3,"t":1,"ev":"blocked","actor":"car.1","res":"light","op":"wait"}
 *   {"seq":4,"t":2,"ev":"sleeping","actor":"car.1","until":1002}
 *   {"seq":5,"t":3,"ev":"done","actor":"car.1"}
 *   {"seq":6,"t":3,"ev":"killed","actor":"d","reason":"daemon"}
 *   {"seq":7,"t":3,"ev":"error","actor":"a","msg":"..."}
 *   {"seq":8,"t":4,"ev":"acquired","actor":"a","res":"lock"}
 *   {"seq":9,"t":4,"ev":"released","actor":"a","res":"lock"}
 *   {"seq":10,"t":5,"ev":"set","actor":"a","res":"light"}      (and "clear")
 *   {"seq":11,"t":5,"ev":"put","actor":"a","res":"q","item":3}
 *   {"seq":12,"t":5,"ev":"get","actor":"b","res":"q","item":3}
 *   {"seq":13,"t":6,"ev":"read","actor":"b","res":"tickets","value":1}
 *   {"seq":14,"t":6,"ev":"write","actor":"b","res":"tickets","value":0}
 *   {"seq":15,"t":6,"ev":"add","actor":"b","res":"n","value":5,"by":1}
 *   {"seq":16,"t":7,"ev":"say","actor":"b","say":"driving"}
 *   {"seq":17,"t":7,"ev":"fail","actor":"b","res":"q","why":"empty"}
 *   {"seq":18,"t":9,"ev":"waits","actor":"p1","res":"fork2","holders":["p2"]}
 *   {"seq":19,"t":9,"ev":"stats","actor":"p1","ready_us":0,"turnaround_us":9,"response_us":0}
 *   {"seq":20,"t":9,"ev":"stats","cpus":1,"busy_us":9,"span_us":9,"util":1.000}
 *   {"seq":21,"t":9,"ev":"end","outcome":"deadlock","reason":"...","expect":{...}|null}
 *   issue 3 kinds and fields: docs/FORMAT.md "Trace events".
 *
 * Semantics the model relies on:
 *   - an actor leaves a wait queue only through its own state event (ready,
 *     done, killed, error); "blocked" appends it to res's wait queue;
 *   - a hand-off (release to the first waiter) is "released" by the holder,
 *     then "acquired" by the waiter while it is still blocked, then its
 *     "ready"; likewise a put that feeds a blocked getter is "put" then the
 *     getter's "get" then its "ready";
 *   - leaving "running" frees the actor's CPU. */
#ifndef SYNCSCOPE_CORE_EVENT_H
#define SYNCSCOPE_CORE_EVENT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/value.h"

typedef enum EvKind {
    /* actor state changes */
    EV_NEW = 0, EV_READY, EV_RUNNING, EV_BLOCKED, EV_SLEEPING, EV_DONE, EV_KILLED, EV_ERROR,
    /* resource changes and actor actions */
    EV_ACQUIRED, EV_RELEASED, EV_SET, EV_CLEAR, EV_PUT, EV_GET, EV_READ, EV_WRITE, EV_ADD,
    EV_SAY, EV_FAIL,
    /* issue 3: the rest of the primitives (docs/FORMAT.md "Trace events") */
    EV_NOTIFY, EV_ARRIVE, EV_PASSED, EV_TASK_DONE, EV_SEND, EV_RECV, EV_CLOSE,
    EV_SUBMIT, EV_TASK_START, EV_TASK_END, EV_CALLBACK, EV_START, EV_TERMINATE,
    EV_OWNER_DEAD,
    /* end of run */
    EV_WAITS, EV_STATS, EV_END,
    EV__COUNT
} EvKind;

typedef enum Outcome {
    OUT_NONE = 0, /* not ended / not given */
    OUT_COMPLETED, OUT_DEADLOCK, OUT_STOPPED, OUT_INTERRUPTED, OUT_FAULT,
    OUT__COUNT
} Outcome;

#define EV_HOLDERS_MAX 16
#define EV_TEXT_MAX VALUE_STR_MAX

typedef struct Event {
    uint64_t seq;
    int64_t t;        /* virtual microseconds */
    EvKind kind;
    int actor;        /* index into the header's actors; -1 when none */
    int res;          /* index into the header's resources; -1 when none */
    int cpu;          /* running: 0-based CPU; -1 otherwise */
    char op[16];      /* blocked: "acquire", "wait", "put", "get" */
    int64_t until;    /* sleeping: virtual time of the wake-up; -1 if none */
    Value item;       /* put, get */
    int64_t value;    /* read, write, add: the variable's value after */
    int64_t by;       /* add: the delta */
    /* say: "say"; error: "msg"; killed: "reason"; fail: "why"; end: "reason" */
    char text[EV_TEXT_MAX + 1];
    int holders[EV_HOLDERS_MAX]; /* waits: actor indices */
    int n_holders;
    int64_t pid;      /* new: real pid/tid with --pids, else 0 */
    /* stats (per actor when actor >= 0, overall otherwise) */
    int64_t ready_us, turnaround_us, response_us;
    int64_t busy_us, span_us;
    int cpus;
    double util;
    /* end */
    Outcome outcome;
    int expect_ok;    /* -1 no expect, 0 failed, 1 met */
    /* issue 3 (absent: -1 / "" / 0) */
    int target;       /* start, terminate, blocked op "join" on an actor: the other actor */
    int depth;        /* rlock acquired/released: the owner's depth after */
    int n;            /* notify: waiters asked for (-1 = notify_all) */
    char end[8];      /* send/recv/close of a pipe: "read"|"write" (simplex), "a"|"b" (duplex) */
    int ok;           /* recv (and get with ok): 1 an item came, 0 not */
    int64_t task;     /* submit, task_start, task_end, callback: 1-based task number */
    int sig;          /* killed by a signal (processes mode) */
} Event;

/* The JSON keys of an event line besides "seq", "t" and "ev". */
typedef enum EvField {
    EF_ACTOR = 0, EF_RES, EF_TARGET, EF_CPU, EF_OP, EF_UNTIL, EF_TASK, EF_ITEM, EF_OK, EF_END,
    EF_VALUE, EF_BY, EF_DEPTH, EF_N, EF_SAY, EF_MSG, EF_REASON, EF_SIG, EF_WHY, EF_HOLDERS,
    EF_PID, EF_READY_US, EF_TURN_US, EF_RESP_US, EF_CPUS, EF_BUSY_US, EF_SPAN_US, EF_UTIL,
    EF_OUTCOME, EF_EXPECT,
    EF__COUNT
} EvField;

#define EV_FIELDS_MAX 8
/* The fields of one kind, in the order an encoded line has them. An
 * optional field is written only when present (event_field_present). */
typedef struct EvFieldSpec {
    int n;
    EvField field[EV_FIELDS_MAX];
    unsigned optional;        /* bit i: field[i] may be absent */
    unsigned one_of;          /* at least one of these optional positions is there */
} EvFieldSpec;

/* The single per-kind field table that encoder and decoder both use.
 * stats has two shapes: per actor (has_actor) and overall. */
const EvFieldSpec *event_field_spec(EvKind k, bool has_actor);
const char *event_field_name(EvField f);       /* "actor", ...; "?" if bad */
bool event_field_parse(const char *s, EvField *out);
/* Whether ev carries f (not at its event_init() "absent" value). */
bool event_field_present(const Event *ev, EvField f);
/* True when f is one of the text fields stored in ev->text. */
bool event_field_is_text(EvField f);

/* Field names of each kind: the single table the codec and model share. */
const char *event_kind_name(EvKind k);          /* "new", ... ; "?" if bad */
bool event_kind_parse(const char *s, EvKind *out);
const char *outcome_name(Outcome o);            /* "completed", ...; "none" */
bool outcome_parse(const char *s, Outcome *out);
/* An Event with every field "absent": actor/res/cpu -1, until -1, item null. */
void event_init(Event *ev, EvKind k);

#endif

/* lanes — the timeline strip under the stage: one lane per actor coloured
 * by its state over virtual time (a Gantt chart), the playhead, and marks
 * for captions and errors; plus the state letters (R, Q, B, S, D, X, N)
 * that make every state readable without its colour.
 *
 * The lanes need the history, not just the current model, so they read a
 * Timeline's events. They are cached: each update reads only the events
 * appended since the last one, so a long live run stays cheap per frame.
 * No SDL: builds draw-list commands like the rest of src/view. */
#ifndef SYNCSCOPE_VIEW_LANES_H
#define SYNCSCOPE_VIEW_LANES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/model.h"
#include "core/timeline.h"
#include "view/drawlist.h"
#include "view/layout.h"

/* One state change of an actor: from event seq on, at time t, in state st
 * (blocked: waiting on res, else -1). */
typedef struct LaneSeg {
    int64_t t;
    uint64_t seq;
    int8_t st;
    int16_t res;
} LaneSeg;

typedef enum LaneMarkKind { LM_CAPTION = 0, LM_ERROR } LaneMarkKind;

typedef struct LaneMark {
    int64_t t;
    uint64_t seq;
    int actor;
    int8_t kind;
} LaneMark;

typedef struct Lanes {
    const Timeline *tl;   /* the timeline read so far (a new one starts over) */
    uint64_t n_read;      /* events read */
    int n_actors;
    LaneSeg **seg;        /* per actor, in order */
    int *n_seg, *cap_seg;
    LaneMark *mark;
    int n_mark, cap_mark;
    int64_t t_last;       /* time of the last event read */
    /* its kind and actor: a different event there means a new timeline at
     * the old one's address (start over) */
    EvKind k_last;
    int a_last;
    bool oom;
} Lanes;

void lanes_init(Lanes *ln);
void lanes_free(Lanes *ln);
/* Reads the events of tl not read yet (all of them for a new timeline or
 * a new actor count). False on OOM. */
bool lanes_update(Lanes *ln, const Timeline *tl, int n_actors);
/* Actor a's state just before event seq (AS_NEW before its first change);
 * *res (may be NULL) gets what it was blocked on, else -1. */
ActorState lanes_state_before(const Lanes *ln, int a, uint64_t seq, int *res);

/* The one-letter sign of a state: R running, Q ready (queued), B blocked,
 * S sleeping, D done, X killed or error, N not started. */
const char *lanes_letter(ActorState s);

/* A virtual time or duration as the strip says it: "0 s", "12 µs",
 * "3.4 ms", "1.25 s", "12.5 s". */
void lanes_time_text(char *buf, size_t cap, int64_t us);

/* Draws the strip into box for the model m shown (its time is the
 * playhead; events after it are the future, drawn faded), from lane
 * `first` on (scrolled; clamp it with lanes_first_max). */
void lanes_draw(DrawList *dl, const Layout *L, const Model *m, const Lanes *ln, const VRect *box,
                int first);

/* How many lanes fit in box at L's scale (one row is kept for "+N more"
 * when they do not all fit). */
int lanes_fit(const Layout *L, const VRect *box, int n_actors);
/* The largest useful `first` (0 when every lane fits). */
int lanes_first_max(const Layout *L, const VRect *box, int n_actors);

/* The actor whose lane is at window y in a strip drawn in box from lane
 * `first` on (clamped as lanes_draw clamps it), or -1 (the header, the
 * "+N more" line, outside the box). For the mouse: hovering a lane. */
int lanes_row_at(const Layout *L, const VRect *box, int n_actors, int first, float x, float y);

/* The time axis: virtual us at window x in box (clamped to the axis), and
 * the number of events to show for it: every event at or before that
 * time (what a click or drag on the timeline seeks to). */
int64_t lanes_t_at(const Lanes *ln, const Layout *L, const Model *m, const VRect *box, float x);
uint64_t lanes_events_at(const Lanes *ln, const Layout *L, const Model *m, const VRect *box, float x);

#endif

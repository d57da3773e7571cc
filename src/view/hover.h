/* hover — details on demand (issue 4): what is under the mouse (a token, a
 * resource card, a timeline lane) and a tooltip panel about it in plain
 * words: for an actor its kind, its state ("blocked: waiting to acquire
 * Fork 2, held by 2 Kant"), since when, its last step and its scheduling
 * figures; for a resource its type, its state, its holders, items and
 * waiting list in order.
 *
 * Reads the last frame's Stage (where things were drawn), the Model shown
 * and the Timeline (for the last step). Pure: draw-list commands, no SDL.
 * The window calls hover_pick on mouse motion and hover_draw after
 * stage_frame, so the panel lies over the whole picture. */
#ifndef SYNCSCOPE_VIEW_HOVER_H
#define SYNCSCOPE_VIEW_HOVER_H

#include <stdbool.h>

#include "core/model.h"
#include "core/timeline.h"
#include "view/drawlist.h"
#include "view/stage.h"

typedef enum HoverKind { HOVER_NONE = 0, HOVER_ACTOR, HOVER_RES } HoverKind;

typedef struct HoverHit {
    HoverKind kind;
    int index;         /* the actor or the resource */
    bool lane;         /* an actor found by its timeline lane, not its token */
} HoverHit;

/* What is at window x, y in the frame st last built for m: a token (the
 * nearest within its radius; hidden ones skipped), else a resource card,
 * else a lane of the timeline (meaning its actor), else HOVER_NONE. */
HoverHit hover_pick(const Stage *st, const Model *m, float x, float y);

typedef enum HoverStyle {
    HS_TITLE = 0,      /* the name, bold */
    HS_KIND,           /* "thread", "lock": muted, under the title */
    HS_STATE,          /* the state in words: bold, in the state's ink */
    HS_TEXT,           /* a detail */
    HS_MUTED,          /* a minor detail */
    HS_ALERT           /* a deadlock: bold, red */
} HoverStyle;

#define HOVER_LINE_MAX 320
#define HOVER_LINES_MAX 16

typedef struct HoverLine {
    HoverStyle style;
    char text[HOVER_LINE_MAX];
} HoverLine;

/* The panel's lines for h (at most cap); returns how many. tl may be NULL
 * (no "last step" then). Shared by hover_draw and the tests. */
int hover_lines(const Stage *st, const Model *m, const Timeline *tl, HoverHit h, HoverLine *out,
                int cap);

/* Appends the tooltip panel for h near the pointer at x, y (beside it,
 * flipped and shifted to stay inside the window). Nothing for HOVER_NONE. */
void hover_draw(DrawList *dl, const Stage *st, const Model *m, const Timeline *tl, HoverHit h,
                float x, float y);

#endif

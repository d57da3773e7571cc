/* paint — small drawing helpers shared by the stage and the resource
 * cards: an actor's display name, a small copy of its token (crossed out
 * when the actor is dead), the dead mark itself, and the card palette.
 * Builds draw-list commands only: no SDL. */
#ifndef SYNCSCOPE_VIEW_PAINT_H
#define SYNCSCOPE_VIEW_PAINT_H

#include <stdbool.h>

#include "core/model.h"
#include "view/drawlist.h"
#include "view/layout.h"

#define PAINT_TAKEN 0xA3470Bu    /* status text: something is taken / closed */
#define PAINT_FREE  0x1F7A5Au    /* status text: free / open */
#define PAINT_DEAD  0x3A1F2Bu    /* the cross over a dead actor */

/* The label of actor a ("?" when out of range). */
const char *paint_name(const Model *m, int a);
/* A cross over a disc of radius rad at cx,cy: the actor is dead. */
void paint_dead_mark(DrawList *dl, const Layout *L, float cx, float cy, float rad);
/* A small token of actor a in its state's colour (crossed out if dead),
 * with its name below when name is true. */
void paint_mini_token(DrawList *dl, const Layout *L, const Model *m, int a, float cx, float cy,
                      float rad, bool name);
/* "Actor 2", "Actor 2 (dead)", "Actor 2 (finished)": a holder's name and fate. */
void paint_holder(const Model *m, int a, char *buf, size_t cap);

#endif

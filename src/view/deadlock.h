/* deadlock — who waits for whom, drawn: an arrow from each blocked actor
 * to the resource it waits for and on to that resource's holder; the
 * arrows of a cycle (a deadlock) in red, and the cycle told in words
 * ("1 Plato holds Fork 1 and waits for Fork 2, held by 2 Kant").
 *
 * Read from the model alone (blocked actors, their resource, its
 * holders), so it is right at any seek point, before the runtime's "waits"
 * lines and the end. No SDL. */
#ifndef SYNCSCOPE_VIEW_DEADLOCK_H
#define SYNCSCOPE_VIEW_DEADLOCK_H

#include <stdbool.h>
#include <stddef.h>

#include "core/model.h"
#include "view/drawlist.h"
#include "view/layout.h"

typedef struct WaitEdge {
    int actor;      /* blocked */
    int res;        /* what it waits for */
    int holder;     /* who holds that (another actor), -1 none */
    bool cycle;     /* part of a cycle of waits: a deadlock */
} WaitEdge;

/* Fills out (cap entries) with the waits of m, in actor order; returns
 * how many there are (may exceed cap). */
int deadlock_edges(const Model *m, WaitEdge *out, int cap);
/* Whether some waits form a cycle. */
bool deadlock_has_cycle(const Model *m);
/* The words for one edge of a cycle ("1 Plato holds Fork 1 and waits for
 * Fork 2, held by 2 Kant"). */
void deadlock_sentence(const Model *m, const WaitEdge *e, char *buf, size_t cap);
/* Arrows for every wait, with the tokens at x[a], y[a] (the animated
 * places). Drawn only when a cycle exists or the run ended in deadlock:
 * in a healthy run short waits come and go too fast to read arrows. */
void deadlock_draw_arrows(DrawList *dl, const Layout *L, const Model *m, const float *x,
                          const float *y);
/* The explanation panel in box: a red title and one line per actor in the
 * cycle (then "+N more"). */
void deadlock_draw_banner(DrawList *dl, const Layout *L, const Model *m, const VRect *box);

#endif

/* layout_priv — what layout.c and layout_body.c share: the flow-area
 * arithmetic and a card's body height. Private to src/view/layout*. */
#ifndef SYNCSCOPE_VIEW_LAYOUT_PRIV_H
#define SYNCSCOPE_VIEW_LAYOUT_PRIV_H

#include <stdbool.h>

#include "view/layout.h"

/* Token slots per row in w px, and rows for n of them (at least 1). */
int layout_per_row(const Layout *L, float w);
int layout_rows_for(const Layout *L, float w, int n);
/* Lays out the picture of resource i at x,y, w px wide, into k (its
 * n_slots, rows, n_rows); returns its height. */
float layout_body_h(const Layout *L, const Model *m, int i, float x, float y, float w, VCard *k);
/* Whether the card has a wait queue (a barrier's waiters stand in its body). */
bool layout_has_wait(ResType t);

#endif

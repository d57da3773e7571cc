/* anim — moves each actor's token smoothly from where it was to where the
 * layout now wants it: an eased move of ANIM_MOVE_MS, restarted whenever
 * the target changes. Time is passed in (wall ms for the window, a fixed
 * step for headless frames), so the motion is deterministic and testable.
 * Pure arithmetic: no SDL, no clock. */
#ifndef SYNCSCOPE_VIEW_ANIM_H
#define SYNCSCOPE_VIEW_ANIM_H

#include <stdbool.h>

#define ANIM_MOVE_MS 300.0

typedef struct Anim {
    int n;
    float *x, *y;          /* current position */
    float *fx, *fy;        /* where the current move started */
    float *tx, *ty;        /* its target */
    double *t;             /* ms into the current move */
    bool started;          /* false: the next update snaps to the targets */
} Anim;

void anim_init(Anim *a);
void anim_free(Anim *a);
/* Advances by dt_ms toward targets tx/ty (n actors). A new n, or the first
 * call, snaps. False on OOM. */
bool anim_update(Anim *a, int n, const float *tx, const float *ty, double dt_ms);
/* True while some token is still moving. */
bool anim_busy(const Anim *a);

#endif

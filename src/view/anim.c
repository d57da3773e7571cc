/* anim — see anim.h. */
#include "view/anim.h"

#include <stdlib.h>
#include <string.h>

void anim_init(Anim *a) { memset(a, 0, sizeof *a); }

void anim_free(Anim *a)
{
    free(a->x); free(a->y); free(a->fx); free(a->fy); free(a->tx); free(a->ty); free(a->t);
    memset(a, 0, sizeof *a);
}

static bool alloc_all(Anim *a, int n)
{
    anim_free(a);
    size_t k = (size_t)(n > 0 ? n : 1);
    a->x = calloc(k, sizeof(float)); a->y = calloc(k, sizeof(float));
    a->fx = calloc(k, sizeof(float)); a->fy = calloc(k, sizeof(float));
    a->tx = calloc(k, sizeof(float)); a->ty = calloc(k, sizeof(float));
    a->t = calloc(k, sizeof(double));
    if (!a->x || !a->y || !a->fx || !a->fy || !a->tx || !a->ty || !a->t) {
        anim_free(a);
        return false;
    }
    a->n = n;
    return true;
}

/* Ease in and out, so a token neither jumps off nor stops abruptly. */
static float ease(double p)
{
    if (p <= 0) return 0;
    if (p >= 1) return 1;
    return (float)(p * p * (3 - 2 * p));
}

bool anim_update(Anim *a, int n, const float *tx, const float *ty, double dt_ms)
{
    if (n != a->n || !a->x) {
        if (!alloc_all(a, n)) return false;
        a->started = false;
    }
    if (dt_ms < 0) dt_ms = 0;
    for (int i = 0; i < n; i++) {
        if (!a->started) {
            a->x[i] = a->fx[i] = a->tx[i] = tx[i];
            a->y[i] = a->fy[i] = a->ty[i] = ty[i];
            a->t[i] = ANIM_MOVE_MS;
            continue;
        }
        if (tx[i] != a->tx[i] || ty[i] != a->ty[i]) {
            a->fx[i] = a->x[i];
            a->fy[i] = a->y[i];
            a->tx[i] = tx[i];
            a->ty[i] = ty[i];
            a->t[i] = 0;
        }
        a->t[i] += dt_ms;
        float e = ease(a->t[i] / ANIM_MOVE_MS);
        a->x[i] = a->fx[i] + (a->tx[i] - a->fx[i]) * e;
        a->y[i] = a->fy[i] + (a->ty[i] - a->fy[i]) * e;
    }
    a->started = true;
    return true;
}

bool anim_busy(const Anim *a)
{
    for (int i = 0; i < a->n; i++)
        if (a->t[i] < ANIM_MOVE_MS) return true;
    return false;
}

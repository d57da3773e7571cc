/* layout_body — the geometry inside a resource card: the rows of boxes
 * (semaphore stalls, queue and pipe trays, a pool's task queue), a pool's
 * workers row, a pipe's tubes, a barrier's places, and so the height of
 * each card's picture. Pure arithmetic, like layout.c. */
#include <math.h>

#include "view/layout_priv.h"
#include "view/vmodel.h"

#define MAX_STALLS 64        /* semaphore permits drawn one by one */
#define MAX_ITEM_BOXES 32    /* queue and pipe boxes drawn one by one */

/* Width and count per row of the small boxes (stalls, items) in w px: a
 * queue's tray narrows its boxes to stay on one row as long as it can. */
static void cells_geom(const Layout *L, float w, int n, bool tray, float *bw, int *pr)
{
    float gap = 6.0f * L->s;
    *bw = 0.62f * L->slot_w;
    if (tray) {
        w -= 2 * layout_tray_margin(L);
        float fit = n > 0 ? w / (float)n - gap : *bw;
        float lo = 0.4f * L->slot_w;
        if (fit < *bw) *bw = fit < lo ? lo : fit;
    }
    *pr = (int)(w / (*bw + gap));
    if (*pr < 1) *pr = 1;
}

static VRect cell_in(const Layout *L, const VRect *row, int n, int i, bool tray)
{
    float bw, gap = 6.0f * L->s, unit = 0.62f * L->slot_h;
    int pr;
    cells_geom(L, row->w, n, tray, &bw, &pr);
    float x0 = row->x + (tray ? layout_tray_margin(L) : 0);
    VRect c = {x0 + (float)(i % pr) * (bw + gap), row->y + (float)(i / pr) * unit + gap / 2, bw,
               unit - gap};
    return c;
}

VRect layout_cell(const Layout *L, const VCard *k, int i, bool tray)
{
    return cell_in(L, &k->body, k->n_slots, i, tray);
}

VRect layout_tray_cell(const Layout *L, const VRect *row, int n, int i)
{
    return cell_in(L, row, n, i, true);
}

float layout_tray_h(const Layout *L, float w, int n)
{
    float bw;
    int pr;
    if (n < 1) n = 1;
    cells_geom(L, w, n, true, &bw, &pr);
    return (float)((n + pr - 1) / pr) * 0.62f * L->slot_h;
}

/* A pool's workers row: small tokens with a line for the name and one for
 * the task below each. */
static float worker_col_w(const Layout *L) { return 0.72f * L->slot_w; }
static float worker_row_h(const Layout *L)
{
    return 1.1f * L->r + 8.0f * L->s + 2.0f * (float)(L->note_px + 3);
}

void layout_worker(const Layout *L, const VCard *k, int j, float *cx, float *cy, float *rad)
{
    const VRect *row = &k->rows[0];
    float cw = worker_col_w(L);
    int pr = (int)(row->w / cw);
    if (pr < 1) pr = 1;
    *rad = 0.55f * L->r;
    *cx = row->x + (float)(j % pr) * cw + cw / 2;
    *cy = row->y + (float)(j / pr) * worker_row_h(L) + *rad + 4.0f * L->s;
}

static int clampi(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

/* The parts of a pipe's or pool's body, stacked from y; returns the height. */
static float body_rows(const Layout *L, const Model *m, int i, float x, float y, float w, VCard *k)
{
    const ScResource *r = &m->hdr->res[i];
    float y0 = y;
    if (r->type == RES_PIPE) {
        int nd = r->duplex ? 2 : 1, most = 0;
        for (int d = 0; d < nd; d++)
            if (vm_pipe_n(m, i, d) > most) most = vm_pipe_n(m, i, d);
        k->n_slots = clampi(most + 1, 4, MAX_ITEM_BOXES);
        k->n_rows = nd;
        for (int d = 0; d < nd; d++) {
            float h = layout_tray_h(L, w, k->n_slots) + (float)L->note_px + 12.0f * L->s;
            k->rows[d] = (VRect){x, y, w, h};
            y += h;
        }
    } else {
        int nw = vm_pool_workers_n(m, i);
        float cw = worker_col_w(L);
        int pr = (int)(w / cw);
        if (pr < 1) pr = 1;
        float wh = (float)(nw < 1 ? 1 : (nw + pr - 1) / pr) * worker_row_h(L);
        k->rows[0] = (VRect){x, y, w, wh};
        y += wh;
        k->n_slots = clampi(vm_pool_queued_n(m, i) + 1, 3, MAX_ITEM_BOXES);
        float qh = layout_tray_h(L, w, k->n_slots);
        k->rows[1] = (VRect){x, y, w, qh};
        y += qh;
        float rh = (float)L->name_px + 12.0f * L->ui;
        k->rows[2] = (VRect){x, y, w, rh};
        y += rh;
        k->n_rows = 3;
    }
    return y - y0;
}

float layout_body_h(const Layout *L, const Model *m, int i, float x, float y, float w, VCard *k)
{
    const ScResource *r = &m->hdr->res[i];
    const MResource *mr = &m->res[i];
    float unit = 0.62f * L->slot_h;
    k->n_slots = 0;
    k->n_rows = 0;
    switch (r->type) {
    case RES_LOCK:
    case RES_RLOCK: return 0.8f * L->slot_h;
    case RES_BARRIER: {
        /* the tokens of those who arrived stand in their places */
        int n = r->parties > MAX_STALLS ? MAX_STALLS : r->parties;
        if (n < mr->waiters.n) n = mr->waiters.n;
        k->n_slots = n < 1 ? 1 : n;
        /* and a line under them, clear of the tokens' captions */
        return (float)layout_rows_for(L, w, k->n_slots) * L->slot_h + (float)L->note_px + 8.0f * L->ui;
    }
    case RES_PIPE:
    case RES_POOL: return body_rows(L, m, i, x, y, w, k);
    case RES_SEMAPHORE:
    case RES_QUEUE: {
        int n;
        if (r->type == RES_SEMAPHORE) {
            int64_t total = mr->count + mr->holders.n;
            if (total < r->value) total = r->value;
            n = total < 1 ? 1 : total > MAX_STALLS ? MAX_STALLS : (int)total;
        } else {
            int want = r->capacity > 0 ? r->capacity : mr->n_items + 1;
            n = want < 1 ? 1 : want > MAX_ITEM_BOXES ? MAX_ITEM_BOXES : want;
        }
        k->n_slots = n;
        float bw;
        int pr;
        cells_geom(L, w, n, r->type == RES_QUEUE, &bw, &pr);
        int rows = (n + pr - 1) / pr;
        return (float)rows * unit;
    }
    default: return unit;
    }
}

/* A barrier's waiters stand in its body; a variable has none. */
bool layout_has_wait(ResType t) { return t != RES_VARIABLE && t != RES_BARRIER; }

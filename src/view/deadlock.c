/* deadlock — see deadlock.h. A wait edge goes actor → resource → holder;
 * following holders from an actor and coming back to it is a cycle. For a
 * semaphore with several holders the first other holder stands for them. */
#include "view/deadlock.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view/paint.h"
#include "view/palette.h"

#define HEX(x) vcolor_hex(x)
#define PAL_WAIT_ARROW 0x56606Bu

static const char *res_name(const Model *m, int r)
{
    if (r < 0 || r >= m->hdr->n_res) return "?";
    const ScResource *s = &m->hdr->res[r];
    return s->label[0] ? s->label : s->id;
}

/* The resource actor a waits for, or -1. */
static int waits_on(const Model *m, int a)
{
    if (a < 0 || a >= m->hdr->n_actors) return -1;
    const MActor *ma = &m->actors[a];
    if (ma->state != AS_BLOCKED || ma->res < 0 || ma->res >= m->hdr->n_res) return -1;
    return ma->res;
}

static int holder_of(const Model *m, int r, int not_a)
{
    const IdList *h = &m->res[r].holders;
    for (int i = 0; i < h->n; i++)
        if (h->v[i] != not_a && h->v[i] >= 0 && h->v[i] < m->hdr->n_actors) return h->v[i];
    return -1;
}

static int next_of(const Model *m, int a)
{
    int r = waits_on(m, a);
    return r < 0 ? -1 : holder_of(m, r, a);
}

static bool in_cycle(const Model *m, int a)
{
    int b = a, n = m->hdr->n_actors;
    for (int k = 0; k <= n; k++) {
        b = next_of(m, b);
        if (b < 0) return false;
        if (b == a) return true;
    }
    return false;
}

int deadlock_edges(const Model *m, WaitEdge *out, int cap)
{
    int n = 0;
    for (int a = 0; a < m->hdr->n_actors; a++) {
        int r = waits_on(m, a);
        if (r < 0) continue;
        if (n < cap) out[n] = (WaitEdge){a, r, holder_of(m, r, a), in_cycle(m, a)};
        n++;
    }
    return n;
}

bool deadlock_has_cycle(const Model *m)
{
    for (int a = 0; a < m->hdr->n_actors; a++)
        if (in_cycle(m, a)) return true;
    return false;
}

void deadlock_sentence(const Model *m, const WaitEdge *e, char *buf, size_t cap)
{
    /* what it holds that the one before it in the cycle waits for */
    int held = -1;
    for (int b = 0; b < m->hdr->n_actors && held < 0; b++)
        if (next_of(m, b) == e->actor && waits_on(m, b) >= 0) held = waits_on(m, b);
    for (int r = 0; r < m->hdr->n_res && held < 0; r++)
        if (idlist_find(&m->res[r].holders, e->actor) >= 0) held = r;
    char tail[SC_STR_MAX * 2 + 32];
    if (e->holder >= 0) snprintf(tail, sizeof tail, ", held by %s", paint_name(m, e->holder));
    else tail[0] = 0;
    if (held >= 0)
        snprintf(buf, cap, "%s holds %s and waits for %s%s", paint_name(m, e->actor),
                 res_name(m, held), res_name(m, e->res), tail);
    else
        snprintf(buf, cap, "%s waits for %s%s", paint_name(m, e->actor), res_name(m, e->res), tail);
}

static void arrow(DrawList *dl, const Layout *L, float x1, float y1, float x2, float y2,
                  float back, VColor c, float th)
{
    float dx = x2 - x1, dy = y2 - y1, d = sqrtf(dx * dx + dy * dy);
    if (d < back + 4.0f) return;
    float ux = dx / d, uy = dy / d;
    /* stop short of the target so the head is not under it */
    x2 -= ux * back;
    y2 -= uy * back;
    float hl = 16.0f * L->ui, hw = 8.0f * L->ui;
    float bx = x2 - ux * hl, by = y2 - uy * hl;
    dl_line(dl, x1, y1, bx, by, th, c);
    dl_tri(dl, x2, y2, bx - uy * hw, by + ux * hw, bx + uy * hw, by - ux * hw, c);
}

/* Where an arrow points at a card: its picture (a lock's door is at its left). */
static void card_point(const Layout *L, const Model *m, int r, float *x, float *y)
{
    const VCard *k = &L->cards[r];
    ResType t = m->hdr->res[r].type;
    if (t == RES_LOCK || t == RES_RLOCK) {
        float dw = fminf(k->body.w, 0.62f * L->slot_w);
        *x = k->body.x + dw / 2;
    } else {
        *x = k->body.x + k->body.w / 2;
    }
    *y = k->body.y + k->body.h / 2;
}

void deadlock_draw_arrows(DrawList *dl, const Layout *L, const Model *m, const float *x,
                          const float *y)
{
    bool dead = m->ended && m->outcome == OUT_DEADLOCK;
    if (!dead && !deadlock_has_cycle(m)) return;
    if (L->n_cards != m->hdr->n_res || L->n_actors != m->hdr->n_actors) return;
    int na = m->hdr->n_actors;
    WaitEdge *e = malloc(sizeof *e * (size_t)(na > 0 ? na : 1));
    if (!e) return;
    int n = deadlock_edges(m, e, na);
    if (n > na) n = na;
    /* grey ones first, so the red cycle stays on top */
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < n; i++) {
            if (e[i].cycle != (pass == 1)) continue;
            VColor c = e[i].cycle ? HEX(PAL_BANNER) : HEX(PAL_WAIT_ARROW);
            float th = (e[i].cycle ? 5.0f : 3.0f) * L->ui;
            float cx, cy;
            card_point(L, m, e[i].res, &cx, &cy);
            int a = e[i].actor;
            /* a crowd: no arrow from a token that is not drawn, or to a card scrolled away */
            if (L->hidden[a] || L->cards[e[i].res].box.w <= 0) continue;
            arrow(dl, L, x[a], y[a], cx, cy, 0.5f * L->r, c, th);
            if (e[i].holder >= 0 && !L->hidden[e[i].holder])
                arrow(dl, L, cx, cy, x[e[i].holder], y[e[i].holder], L->r + 3.0f * L->s, c, th);
        }
    free(e);
}

void deadlock_draw_banner(DrawList *dl, const Layout *L, const Model *m, const VRect *box)
{
    float ui = L->ui, pad = 12.0f * ui, lh = 21.0f * ui;
    dl_box(dl, box->x, box->y, box->w, box->h, 10.0f * ui, 3.0f * ui, HEX(0xFBEAE8), HEX(PAL_BANNER));
    int hpx = (int)lroundf(18.0f * ui), px = (int)lroundf(16.0f * ui);
    float w = box->w - 2 * pad, y = box->y + 14.0f * ui + 1;
    dl_text(dl, box->x + pad, y, hpx, true, DL_LEFT, w, HEX(PAL_BANNER),
            "DEADLOCK: each one waits for the next, forever");
    y = box->y + 28.0f * ui + lh / 2;
    int na = m->hdr->n_actors;
    WaitEdge *e = malloc(sizeof *e * (size_t)(na > 0 ? na : 1));
    if (!e) return;
    int n = deadlock_edges(m, e, na), told = 0, cyc = 0;
    if (n > na) n = na;
    for (int i = 0; i < n; i++) cyc += e[i].cycle;
    int room = (int)((box->y + box->h - 4.0f * ui - (y - lh / 2)) / lh);
    char buf[SC_STR_MAX * 4 + 96];
    bool may_wrap = room >= 2 * cyc;
    for (int i = 0; i < n; i++) {
        if (!e[i].cycle) continue;
        if (told == room - 1 && cyc > room) {
            snprintf(buf, sizeof buf, "+%d more in the cycle", cyc - told);
            dl_text(dl, box->x + pad, y, px, true, DL_LEFT, w, HEX(PAL_BANNER), buf);
            break;
        }
        if (told >= room) break;
        deadlock_sentence(m, &e[i], buf, sizeof buf);
        /* too long for one line (about 0.55 em a character): the holder
         * goes on a second, indented line when there is room for it */
        char *cut = strstr(buf, ", held by");
        /* every long line wraps or none does: one wrapped line among
         * unwrapped ones reads as a different kind of line */
        bool wrap = cut && (float)strlen(buf) * 0.55f * (float)px > w && may_wrap;
        if (wrap) *cut = 0;
        dl_text(dl, box->x + pad, y, px, false, DL_LEFT, w, HEX(PAL_INK), buf);
        y += lh;
        told++;
        if (wrap) {
            dl_text(dl, box->x + pad + 24.0f * ui, y, px, false, DL_LEFT, w - 24.0f * ui,
                    HEX(PAL_INK), cut + 2);
            y += lh;
            room--;
        }
    }
    if (cyc == 0 && room > 0)
        dl_text(dl, box->x + pad, y, px, false, DL_LEFT, w, HEX(PAL_INK),
                m->reason[0] ? m->reason : "nobody can go on");
    free(e);
}

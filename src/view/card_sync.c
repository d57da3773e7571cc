/* card_sync — the pictures of the synchronisation objects: lock and
 * rlock (a padlock with its owner inside, the depth beside it, a dead
 * owner crossed out), semaphore (one stall per permit), event (a signal
 * light), condition (the lock it uses, with that lock's owner) and
 * barrier (one place per party; those who arrived stand in theirs). */
#include <math.h>
#include <stdio.h>

#include "view/cards.h"
#include "view/paint.h"
#include "view/palette.h"
#include "view/vmodel.h"

#define HEX(x) vcolor_hex(x)

/* A padlock dw x dh at x,y with its holder's small token inside. */
static void padlock(DrawList *dl, const Layout *L, const Model *m, float x, float y, float dw,
                    float dh, int holder)
{
    float s = L->s;
    bool held = holder >= 0;
    dl_box(dl, x, y, dw, dh, 6.0f * s, 3.0f * s, held ? HEX(0xFBE3D6) : HEX(0xE9F5EF), HEX(0x5A4632));
    dl_circle(dl, x + dw - 10.0f * s, y + dh / 2, 4.0f * s, HEX(0x5A4632));
    if (held) paint_mini_token(dl, L, m, holder, x + dw / 2 - 4.0f * s, y + dh / 2, fminf(L->r * 0.7f, dh * 0.36f), false);
}

void card_lock(DrawList *dl, const Layout *L, const Model *m, int i, const VCard *k)
{
    const VRect *b = &k->body;
    float dw = L->slot_w * 0.8f, dh = b->h * 0.92f, tx = b->x + dw + 14.0f * L->ui;
    int h = vm_holder(m, i);
    padlock(dl, L, m, b->x, b->y, dw, dh, h);
    char buf[SC_STR_MAX + 96];
    const char *hint = NULL;
    VColor hc = HEX(PAL_MUTED);
    if (h >= 0 && vm_dead(m, h)) {
        hint = "owner died: never released";
        hc = HEX(PAL_BANNER);
    } else if (m->hdr->res[i].type == RES_RLOCK) {
        int d = vm_depth(m, i);
        if (h >= 0) {
            /* the depth as stacked bars: one per acquire still to undo */
            float bh = fminf(dh / 5.0f, 8.0f * L->s), bw = 26.0f * L->s;
            for (int j = 0; j < d && j < 5; j++)
                dl_rrect(dl, tx, b->y + dh - (float)(j + 1) * (bh + 3.0f * L->s), bw, bh, 2.0f * L->s,
                         HEX(0xA3470B));
            snprintf(buf, sizeof buf, "depth %d", d);
            dl_text(dl, tx + bw + 10.0f * L->ui, b->y + dh / 2, L->name_px, true, DL_LEFT,
                    b->x + b->w - tx - bw - 10.0f * L->ui, HEX(PAINT_TAKEN), buf);
            return;
        }
        hint = "the owner may acquire it again (depth counts)";
    }
    if (hint)
        dl_text(dl, tx, b->y + dh / 2, L->note_px + 1, h >= 0, DL_LEFT, b->x + b->w - tx, hc, hint);
}

void card_semaphore(DrawList *dl, const Layout *L, const Model *m, int i, const VCard *k)
{
    const MResource *mr = &m->res[i];
    float s = L->s;
    for (int j = 0; j < k->n_slots; j++) {
        VRect c = layout_cell(L, k, j, false);
        bool used = j < mr->holders.n;
        dl_box(dl, c.x, c.y, c.w, c.h, 5.0f * s, 2.0f * s, used ? HEX(0xFBE3D6) : HEX(0xF2F7F4),
               HEX(0x8A8577));
        if (used) {
            int a = mr->holders.v[j];
            float rad = fminf(c.h * 0.28f, c.w * 0.3f);
            paint_mini_token(dl, L, m, a, c.x + c.w / 2, c.y + c.h * 0.36f, rad, false);
            dl_text(dl, c.x + c.w / 2, c.y + c.h * 0.8f, L->note_px, true, DL_CENTER, c.w - 2,
                    HEX(PAL_INK), paint_name(m, a));
        } else {
            dl_text(dl, c.x + c.w / 2, c.y + c.h / 2, L->note_px, false, DL_CENTER, c.w - 2,
                    HEX(PAL_MUTED), "free");
        }
    }
}

void card_event(DrawList *dl, const Layout *L, const Model *m, int i, const VCard *k)
{
    const VRect *b = &k->body;
    bool set = m->res[i].flag;
    float hw = b->h * 0.9f, lr = b->h * 0.34f;
    dl_rrect(dl, b->x, b->y + b->h * 0.05f, hw, hw, 8.0f * L->s, HEX(0x2B2B2B));
    dl_circle(dl, b->x + hw / 2, b->y + b->h * 0.05f + hw / 2, lr, set ? HEX(PAL_SET) : HEX(PAL_CLEAR));
    dl_text(dl, b->x + hw + 14.0f * L->ui, b->y + b->h / 2, L->name_px, false, DL_LEFT,
            b->w - hw - 16.0f * L->ui, HEX(PAL_MUTED),
            set ? "set() wakes every waiter; clear() makes wait() block"
                : "waiters sleep until someone calls set()");
}

void card_condition(DrawList *dl, const Layout *L, const Model *m, int i, const VCard *k)
{
    const VRect *b = &k->body;
    int lk = m->hdr->res[i].lock;
    bool has_lock = lk >= 0 && lk < m->hdr->n_res;
    int h = has_lock ? vm_holder(m, lk) : -1;
    float dw = L->slot_w * 0.6f, dh = b->h * 0.86f, tx = b->x + dw + 12.0f * L->ui;
    padlock(dl, L, m, b->x, b->y + b->h * 0.04f, dw, dh, h);
    char buf[2 * SC_STR_MAX + 64], who[SC_STR_MAX + 32];
    const char *ln = has_lock ? (m->hdr->res[lk].label[0] ? m->hdr->res[lk].label : m->hdr->res[lk].id) : "?";
    if (h >= 0) {
        paint_holder(m, h, who, sizeof who);
        snprintf(buf, sizeof buf, "lock %s: held by %s", ln, who);
    } else {
        snprintf(buf, sizeof buf, "lock %s: free", ln);
    }
    float w = b->x + b->w - tx;
    dl_text(dl, tx, b->y + b->h * 0.3f, L->name_px, true, DL_LEFT, w,
            h >= 0 ? HEX(PAINT_TAKEN) : HEX(PAINT_FREE), buf);
    dl_text(dl, tx, b->y + b->h * 0.72f, L->note_px, false, DL_LEFT, w, HEX(PAL_MUTED),
            "wait() lets go of the lock; notify() sends waiters back to it");
}

void card_barrier(DrawList *dl, const Layout *L, const Model *m, int i, const VCard *k)
{
    const VRect *b = &k->body;
    int got = vm_arrived_n(m, i);
    VRect c = {b->x, b->y, b->w, b->h - (float)L->note_px - 8.0f * L->ui};
    for (int j = 0; j < k->n_slots; j++) {
        float cx, cy;
        layout_slot(L, &c, j, &cx, &cy);
        /* a place: a ring; filled by the token of whoever arrived j-th */
        dl_circle(dl, cx, cy, L->r + 4.0f * L->s, j < got ? HEX(0x8A8577) : HEX(0xBDB9AE));
        dl_circle(dl, cx, cy, L->r + 1.5f * L->s, HEX(0xFAFAF7));
        if (j >= got) {
            /* an empty ring: no number, which would read as whose place it is */
            dl_text(dl, cx, cy + L->r + 4.0f * L->s + (float)L->name_px * 0.55f, L->note_px, false,
                    DL_CENTER, L->slot_w - 4, HEX(PAL_MUTED), "missing");
        }
    }
    dl_text(dl, b->x, b->y + b->h - (float)L->note_px * 0.6f, L->note_px, false, DL_LEFT, b->w,
            HEX(PAL_MUTED), "all wait for the last one, then all pass");
}

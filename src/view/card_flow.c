/* card_flow — the pictures of what carries data: queue (a tray, "get"
 * at the left, "put" at the right), pipe (a tube per direction with its
 * items, and who still holds each end open), pool (its workers idle or
 * busy with a task, the queue of submitted tasks, the finished results)
 * and variable (a box with its value). */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "view/cards.h"
#include "view/paint.h"
#include "view/palette.h"
#include "view/vmodel.h"

#define HEX(x) vcolor_hex(x)

/* The note font, made smaller if needed so text fits w px (bold digits
 * and letters are about 0.62 em wide). */
static int fit_px(const Layout *L, const char *text, float w)
{
    int n = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) n += (*p & 0xC0) != 0x80;
    int px = n > 0 ? (int)(w / (0.62f * (float)n)) : L->note_px;
    if (px > L->note_px) px = L->note_px;
    return px < 9 ? 9 : px;
}

/* The labels at the two ends of a tray of n boxes in row: its out end
 * on the left, its in end just after the first row's last box (not at
 * the card's far edge, which read as room for more). */
static void tray_ends(DrawList *dl, const Layout *L, const VRect *row, int n, const char *out,
                      const char *in)
{
    float tm = layout_tray_margin(L);
    if (!L->names) out = in = "←"; /* a crowd's narrow card: the direction only */
    VRect c0 = layout_tray_cell(L, row, n, 0), last = c0;
    for (int j = 1; j < n; j++) {
        VRect c = layout_tray_cell(L, row, n, j);
        if (c.y != c0.y) break;
        last = c;
    }
    float cy = c0.y + c0.h / 2, ix = fminf(last.x + last.w + 6.0f * L->s, row->x + row->w - tm);
    dl_text(dl, row->x + tm / 2, cy, fit_px(L, out, tm - 4), true, DL_CENTER, tm, HEX(PAL_MUTED), out);
    dl_text(dl, ix, cy, fit_px(L, in, tm - 4), true, DL_LEFT, tm, HEX(PAL_MUTED), in);
}

void card_queue(DrawList *dl, const Layout *L, const Model *m, int i, const VCard *k)
{
    const ScResource *r = &m->hdr->res[i];
    const MResource *mr = &m->res[i];
    char buf[VALUE_STR_MAX + 16];
    int shown = k->n_slots;
    bool open = r->capacity <= 0;
    tray_ends(dl, L, &k->body, k->n_slots, "get ←", "← put");
    for (int j = 0; j < shown; j++) {
        VRect c = layout_cell(L, k, j, true);
        bool full = j < mr->n_items;
        bool last_open = open && j == shown - 1 && !full;
        if (full && j == shown - 1 && mr->n_items > shown) snprintf(buf, sizeof buf, "+%d", mr->n_items - shown + 1);
        else if (full) value_to_text(&mr->items[j], buf, sizeof buf);
        else snprintf(buf, sizeof buf, "%s", last_open ? "∞" : "");
        card_box(dl, L, &c, full, buf);
    }
}

/* "A, B, C" of those holding end e open, or "nobody"; the count returned. */
static int end_holders(const Model *m, int i, int e, char *buf, size_t cap)
{
    size_t len = 0;
    int n = 0;
    buf[0] = 0;
    for (int a = 0; a < m->hdr->n_actors; a++) {
        if (!vm_pipe_holds(m, i, a, e)) continue;
        int w = snprintf(buf + len, cap - len, "%s%s", n ? ", " : "", paint_name(m, a));
        n++;
        if (w < 0 || (size_t)w >= cap - len) break;   /* cut: the text gets an ellipsis */
        len += (size_t)w;
    }
    return n;
}

/* label is "read end open: " (or "open: "); without holders the "open"
 * goes: "read end: closed by all". */
static void ends_text(char *buf, size_t cap, const char *label, const char *names)
{
    if (names) { snprintf(buf, cap, "%s%s", label, names); return; }
    const char *open = strstr(label, "open: ");
    int keep = open ? (int)(open - label) : (int)strlen(label);
    while (keep > 0 && label[keep - 1] == ' ') keep--;
    snprintf(buf, cap, "%.*s%sclosed by all", keep, label, keep ? ": " : "");
}

static void ends_line(DrawList *dl, const Layout *L, const Model *m, int i, const VRect *row,
                      float y, int left_e, int right_e, const char *lname, const char *rname)
{
    char names[512], buf[600];
    float hw = row->w / 2 - 6.0f * L->ui;
    /* "read end open: A, B" or, once nobody holds it, "read end: closed by all" */
    int n = end_holders(m, i, left_e, names, sizeof names);
    ends_text(buf, sizeof buf, lname, n ? names : NULL);
    dl_text(dl, row->x, y, L->note_px, n == 0, DL_LEFT, hw, n ? HEX(0x3C4A57) : HEX(PAINT_TAKEN), buf);
    n = end_holders(m, i, right_e, names, sizeof names);
    ends_text(buf, sizeof buf, rname, n ? names : NULL);
    dl_text(dl, row->x + row->w, y, L->note_px, n == 0, DL_RIGHT, hw, n ? HEX(0x3C4A57) : HEX(PAINT_TAKEN),
            buf);
}

void card_pipe(DrawList *dl, const Layout *L, const Model *m, int i, const VCard *k)
{
    bool duplex = m->hdr->res[i].duplex;
    char buf[VALUE_STR_MAX + 16];
    for (int d = 0; d < k->n_rows && d < 2; d++) {
        const VRect *row = &k->rows[d];
        float line = (float)L->note_px + 12.0f * L->s;
        VRect tube = {row->x, row->y, row->w, row->h - line};
        float tm = layout_tray_margin(L);
        /* the tube: a pale band the boxes sit in, open at both ends */
        VRect c0 = layout_tray_cell(L, &tube, k->n_slots, 0);
        VRect cl = layout_tray_cell(L, &tube, k->n_slots, k->n_slots - 1);
        float bx = tube.x + tm * 0.75f, bw = fmaxf(cl.x + cl.w, c0.x + c0.w) + tm * 0.25f - bx;
        dl_rrect(dl, bx, tube.y + 1.0f * L->s, bw, tube.h - 2.0f * L->s, 8.0f * L->s, HEX(0xE4EEF5));
        if (!duplex) tray_ends(dl, L, &tube, k->n_slots, "recv ←", "← send");
        else if (d == 0) tray_ends(dl, L, &tube, k->n_slots, "b ←", "← a");
        else tray_ends(dl, L, &tube, k->n_slots, "a ←", "← b");
        int n = vm_pipe_n(m, i, d);
        for (int j = 0; j < k->n_slots; j++) {
            VRect c = layout_tray_cell(L, &tube, k->n_slots, j);
            bool full = j < n;
            const Value *v = vm_pipe_item(m, i, d, j);
            buf[0] = 0;
            if (full && j == k->n_slots - 1 && n > k->n_slots) snprintf(buf, sizeof buf, "+%d", n - k->n_slots + 1);
            else if (full && v) value_to_text(v, buf, sizeof buf);
            else if (!full && j == k->n_slots - 1) snprintf(buf, sizeof buf, "∞"); /* no capacity */
            card_box(dl, L, &c, full, buf);
        }
        float ly = row->y + row->h - line / 2;
        bool wide = row->w > 420.0f * L->ui;
        if (!duplex)
            ends_line(dl, L, m, i, row, ly, 0, 1, wide ? "read end open: " : "open: ",
                      wide ? "write end open: " : "open: ");
        else if (d == 0)
            ends_line(dl, L, m, i, row, ly, 1, 0, wide ? "end b open: " : "b: ", wide ? "end a open: " : "a: ");
        else
            dl_text(dl, row->x, ly, L->note_px, false, DL_LEFT, row->w, HEX(PAL_MUTED),
                    "duplex: each end both sends and receives");
    }
}

void card_pool(DrawList *dl, const Layout *L, const Model *m, int i, const VCard *k)
{
    char buf[VALUE_STR_MAX + 64];
    int nw = vm_pool_workers_n(m, i);
    for (int j = 0; j < nw; j++) {
        int a = vm_pool_worker(m, i, j);
        float cx, cy, rad;
        layout_worker(L, k, j, &cx, &cy, &rad);
        int64_t t = vm_worker_task(m, a);
        /* busy workers get a warm ring: they hold a task */
        if (t > 0) dl_circle(dl, cx, cy, rad + 5.0f * L->s, HEX(0xE69F00));
        paint_mini_token(dl, L, m, a, cx, cy, rad, false);
        float ny = cy + rad + 3.0f * L->s + (float)L->note_px * 0.6f;
        /* "worker 2": the pool's name is on the card already */
        snprintf(buf, sizeof buf, "worker %d", j + 1);
        dl_text(dl, cx, ny, L->note_px, true, DL_CENTER, 0.7f * L->slot_w, HEX(PAL_INK), buf);
        if (t > 0) snprintf(buf, sizeof buf, "task %" PRId64, t);
        else snprintf(buf, sizeof buf, "idle");
        dl_text(dl, cx, ny + (float)L->note_px + 3.0f, L->note_px, t > 0, DL_CENTER, 0.7f * L->slot_w,
                t > 0 ? HEX(PAINT_TAKEN) : HEX(PAL_MUTED), buf);
    }
    if (nw == 0)
        dl_text(dl, k->rows[0].x, k->rows[0].y + k->rows[0].h / 2, L->note_px, false, DL_LEFT,
                k->rows[0].w, HEX(PAL_MUTED), "no workers");
    /* the task queue: the next task to start on the left */
    const VRect *q = &k->rows[1];
    int nq = vm_pool_queued_n(m, i);
    tray_ends(dl, L, q, k->n_slots, "next ←", "← submit");
    for (int j = 0; j < k->n_slots; j++) {
        VRect c = layout_tray_cell(L, q, k->n_slots, j);
        bool full = j < nq;
        buf[0] = 0;
        if (full && j == k->n_slots - 1 && nq > k->n_slots) snprintf(buf, sizeof buf, "+%d", nq - k->n_slots + 1);
        else if (full) snprintf(buf, sizeof buf, "#%" PRId64, vm_pool_queued(m, i, j));
        card_box(dl, L, &c, full, buf);
    }
    /* results, in completion order; ✓ once the callback ran */
    const VRect *rr = &k->rows[2];
    char line[1024];
    int nd = vm_pool_done_n(m, i);
    size_t len = (size_t)snprintf(line, sizeof line, "%s", nd ? "results:" : "results: none yet");
    for (int j = 0; j < nd && len < sizeof line - 1; j++) {
        const Value *v = NULL;
        bool cb = false;
        int64_t t = vm_pool_done(m, i, j, &v, &cb);
        char vt[VALUE_STR_MAX + 1] = "null";
        if (v) value_to_text(v, vt, sizeof vt);
        int w = snprintf(line + len, sizeof line - len, " #%" PRId64 "→%s%s", t, vt, cb ? " ✓" : "");
        if (w < 0 || (size_t)w >= sizeof line - len) break;
        len += (size_t)w;
    }
    dl_text(dl, rr->x, rr->y + rr->h / 2, L->name_px, nd > 0, DL_LEFT, rr->w,
            nd ? HEX(PAL_INK) : HEX(PAL_MUTED), line);
}

void card_variable(DrawList *dl, const Layout *L, const Model *m, int i, const VCard *k)
{
    const VRect *b = &k->body;
    char buf[32];
    float vw = fminf(b->w * 0.4f, 160.0f * L->ui);
    dl_box(dl, b->x, b->y, vw, b->h * 0.92f, 6.0f * L->s, 2.5f * L->s, HEX(0xFFF8E1), HEX(0x8A6D00));
    snprintf(buf, sizeof buf, "%" PRId64, m->res[i].value);
    int px = (int)lroundf(b->h * 0.5f);
    dl_text(dl, b->x + vw / 2, b->y + b->h * 0.46f, px, true, DL_CENTER, vw - 6, HEX(PAL_INK), buf);
}

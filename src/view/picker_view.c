/* picker_view — see picker_view.h. */
#include "view/picker_view.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view/notes.h"
#include "view/palette.h"

#define HEX(x) vcolor_hex(x)

void pick_init(PickList *pl) { memset(pl, 0, sizeof *pl); }

void pick_free(PickList *pl)
{
    free(pl->v);
    memset(pl, 0, sizeof *pl);
}

static void copy_str(char *dst, const char *src)
{
    snprintf(dst, SC_STR_MAX + 1, "%s", src ? src : "");
}

bool pick_add(PickList *pl, const char *file, const char *title, const char *summary)
{
    if (pl->n == pl->cap) {
        int cap = pl->cap ? pl->cap * 2 : 32;
        PickEntry *v = realloc(pl->v, (size_t)cap * sizeof *v);
        if (!v) return false;
        pl->v = v;
        pl->cap = cap;
    }
    PickEntry *e = &pl->v[pl->n++];
    copy_str(e->file, file);
    copy_str(e->title, title);
    copy_str(e->summary, summary);
    return true;
}

static int by_file(const void *a, const void *b)
{
    return strcmp(((const PickEntry *)a)->file, ((const PickEntry *)b)->file);
}

void pick_sort(PickList *pl)
{
    if (pl->n > 1) qsort(pl->v, (size_t)pl->n, sizeof *pl->v, by_file);
    pl->sel = 0;
    pl->top = 0;
}

void pick_move(PickList *pl, int d)
{
    if (pl->n <= 0) { pl->sel = 0; return; }
    int s = (pl->sel + d) % pl->n;
    if (s < 0) s += pl->n;
    pl->sel = s;
}

void pick_layout(PickLayout *L, const PickList *pl, int w, int h, float text_scale)
{
    (void)pl;
    if (text_scale < 1) text_scale = 1;
    float ui = (float)h / 720.0f;
    if ((float)w / 1280.0f < ui) ui = (float)w / 1280.0f;
    if (ui < 0.5f) ui = 0.5f;
    L->ui = ui * text_scale;
    L->row = 64.0f * L->ui;
    L->x = 40.0f * ui;
    L->w = (float)w - 80.0f * ui;
    L->y = 110.0f * ui;
    float avail = (float)h - L->y - 50.0f * ui;
    L->rows_visible = (int)(avail / L->row);
    if (L->rows_visible < 1) L->rows_visible = 1;
}

void pick_scroll(PickList *pl, const PickLayout *L)
{
    if (pl->sel < pl->top) pl->top = pl->sel;
    if (pl->sel >= pl->top + L->rows_visible) pl->top = pl->sel - L->rows_visible + 1;
    if (pl->top < 0) pl->top = 0;
}

int pick_hit(const PickList *pl, const PickLayout *L, float x, float y)
{
    if (x < L->x || x > L->x + L->w || y < L->y) return -1;
    int r = (int)((y - L->y) / L->row);
    if (r >= L->rows_visible) return -1;
    int i = pl->top + r;
    return i < pl->n ? i : -1;
}

void pick_draw(DrawList *dl, const PickList *pl, const PickLayout *L, int w, int h)
{
    float k = L->ui;
    dl_rect(dl, 0, 0, (float)w, (float)h, HEX(PAL_BG));
    dl_rect(dl, 0, 0, (float)w, 90.0f * k / (k > 0 ? k : 1) * (L->y / 110.0f), HEX(PAL_TITLE_BG));
    dl_text(dl, L->x, L->y * 0.4f, (int)lroundf(34.0f * L->y / 110.0f), true, DL_LEFT, (float)w - 2 * L->x,
            HEX(0xFFFFFF), "syncscope — pick a scenario");
    dl_text(dl, (float)w - L->x, L->y * 0.4f, (int)lroundf(18.0f * L->y / 110.0f), false, DL_RIGHT,
            (float)w / 2, HEX(0xDDDDDD), "↑ ↓ choose · Enter or click opens · drop a .json here · Esc quits");
    if (pl->n == 0) {
        dl_text(dl, (float)w / 2, (float)h / 2, (int)lroundf(26.0f * k), false, DL_CENTER, (float)w - 40,
                HEX(PAL_MUTED), "No scenarios found (set SYNCSCOPE_SCENARIOS to their folder)");
        return;
    }
    for (int r = 0; r < L->rows_visible && pl->top + r < pl->n; r++) {
        int i = pl->top + r;
        const PickEntry *e = &pl->v[i];
        float y = L->y + (float)r * L->row;
        bool sel = i == pl->sel;
        dl_box(dl, L->x, y + 3 * k, L->w, L->row - 6 * k, 8.0f * k, (sel ? 3.0f : 1.0f) * k,
               sel ? HEX(0xFFF1CC) : HEX(PAL_PANEL), sel ? HEX(0xE69F00) : HEX(PAL_EDGE));
        float tx = L->x + 16.0f * k;
        dl_text(dl, tx, y + L->row * 0.33f, (int)lroundf(22.0f * k), true, DL_LEFT, L->w * 0.6f, HEX(PAL_INK),
                e->title[0] ? e->title : e->file);
        dl_text(dl, L->x + L->w - 16.0f * k, y + L->row * 0.33f, (int)lroundf(15.0f * k), false, DL_RIGHT,
                L->w * 0.35f, HEX(PAL_MUTED), e->file);
        dl_text(dl, tx, y + L->row * 0.70f, (int)lroundf(17.0f * k), false, DL_LEFT, L->w - 32.0f * k,
                HEX(PAL_MUTED), e->summary);
    }
    if (pl->top + L->rows_visible < pl->n)
        dl_text(dl, (float)w / 2, (float)h - 25.0f * L->y / 110.0f, (int)lroundf(16.0f * k), false, DL_CENTER,
                (float)w, HEX(PAL_MUTED), "more below ↓");
}

/* The error page's geometry at w x h and the text scale. */
typedef struct ErrGeom {
    float ui, k, px, row, top, bottom;
    int per;                       /* characters in a wrapped row */
} ErrGeom;

static ErrGeom err_geom(int w, int h, float text_scale)
{
    ErrGeom g;
    if (text_scale < 1) text_scale = 1;
    g.ui = (float)h / 720.0f;
    if (g.ui < 0.5f) g.ui = 0.5f;
    g.k = g.ui * text_scale;
    g.px = 20.0f * g.k;
    g.row = g.px * 1.4f;
    g.per = (int)(((float)w - 110.0f * g.ui) / (g.px * 0.64f)); /* bold runs wide */
    if (g.per < 8) g.per = 8;
    g.top = 120.0f * g.ui;
    g.bottom = (float)h - 60.0f * g.ui;
    return g;
}

#define ERR_WRAP_MAX 16            /* wrapped rows kept of one error line */

int pick_draw_errors(DrawList *dl, const char *file, const char *const *lines, int n, int w, int h,
                     float text_scale, int *first)
{
    ErrGeom g = err_geom(w, h, text_scale);
    float ui = g.ui;
    static char wrapped[ERR_WRAP_MAX][NOTES_LINE_MAX];
    /* rows per line; a line's last row carries the gap before the next line */
    int *rows = n > 0 ? calloc((size_t)n, sizeof *rows) : NULL;
    int total = 0;
    for (int i = 0; rows && i < n; i++) {
        rows[i] = notes_wrap(lines[i], g.per, wrapped, ERR_WRAP_MAX);
        if (rows[i] < 1) rows[i] = 1;
        total += rows[i];
    }
    /* the largest first row that still fills the page */
    int max_first = 0;
    float acc = 0;
    for (int i = n - 1, r = total - 1; rows && i >= 0; i--)
        for (int j = rows[i] - 1; j >= 0; j--, r--) {
            acc += g.row + (j == rows[i] - 1 && i < n - 1 ? g.row * 0.3f : 0);
            if (acc > g.bottom - g.top) goto found;
            max_first = r;
        }
found:
    if (*first > max_first) *first = max_first;
    if (*first < 0) *first = 0;

    dl_rect(dl, 0, 0, (float)w, (float)h, HEX(PAL_BG));
    dl_rect(dl, 0, 0, (float)w, 90.0f * ui, HEX(PAL_BANNER));
    char head[SC_STR_MAX + 64];
    snprintf(head, sizeof head, "This scenario has errors: %s", file ? file : "");
    dl_text(dl, 40.0f * ui, 45.0f * ui, (int)lroundf(28.0f * ui), true, DL_LEFT, (float)w - 80.0f * ui,
            HEX(0xFFFFFF), head);
    float y = g.top;
    int shown = 0, r = 0;
    bool below = false;
    for (int i = 0; rows && i < n && !below; i++) {
        if (r + rows[i] <= *first) { /* scrolled past */
            r += rows[i];
            continue;
        }
        int m = notes_wrap(lines[i], g.per, wrapped, ERR_WRAP_MAX);
        if (m < 1) { m = 1; wrapped[0][0] = 0; }
        for (int j = 0; j < m; j++, r++) {
            if (r < *first) continue;
            if (y + g.row > g.bottom + 1) { below = true; break; }
            dl_text(dl, 40.0f * ui + (j ? 30.0f * g.k : 0), y + g.row * 0.5f, (int)lroundf(g.px), j == 0,
                    DL_LEFT, (float)w - 80.0f * ui, HEX(PAL_INK), wrapped[j]);
            y += g.row;
            shown++;
        }
        y += g.row * 0.3f;
    }
    if (r < total) below = true;
    free(rows);
    int hint = (int)lroundf(16.0f * ui);
    if (*first > 0)
        dl_text(dl, (float)w - 40.0f * ui, 105.0f * ui, hint, false, DL_RIGHT, (float)w / 2, HEX(PAL_MUTED),
                "↑ more above");
    if (below)
        dl_text(dl, (float)w - 40.0f * ui, g.bottom + 12.0f * ui, hint, false, DL_RIGHT, (float)w / 2,
                HEX(PAL_MUTED), "more below ↓");
    dl_text(dl, (float)w / 2, (float)h - 22.0f * ui, (int)lroundf(18.0f * ui), false, DL_CENTER, (float)w,
            HEX(PAL_MUTED),
            below || *first > 0 ? "Fix the file and drop it here again · ↑ ↓ PgUp PgDn scroll · Esc: back"
                                : "Fix the file and drop it here again · Esc or Backspace: back");
    return shown > 0 ? shown : 1;
}

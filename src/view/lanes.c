/* lanes — see lanes.h. A lane is drawn from its list of state changes:
 * each change paints from its time to the next one (the last one to the
 * playhead). Changes after the shown model (a seek into the past) are not
 * drawn, so the strip shows exactly the history up to the playhead. */
#include "view/lanes.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view/deadlock.h"
#include "view/paint.h"
#include "view/palette.h"

#define HEX(x) vcolor_hex(x)

void lanes_init(Lanes *ln) { memset(ln, 0, sizeof *ln); }

static void drop_actors(Lanes *ln)
{
    for (int a = 0; a < ln->n_actors; a++) free(ln->seg ? ln->seg[a] : NULL);
    free(ln->seg);
    free(ln->n_seg);
    free(ln->cap_seg);
    ln->seg = NULL;
    ln->n_seg = ln->cap_seg = NULL;
    ln->n_actors = 0;
}

void lanes_free(Lanes *ln)
{
    drop_actors(ln);
    free(ln->mark);
    memset(ln, 0, sizeof *ln);
}

static bool reset(Lanes *ln, const Timeline *tl, int n)
{
    drop_actors(ln);
    ln->n_mark = 0;
    ln->n_read = 0;
    ln->t_last = 0;
    ln->tl = tl;
    ln->oom = false;
    size_t k = (size_t)(n > 0 ? n : 1);
    ln->seg = calloc(k, sizeof *ln->seg);
    ln->n_seg = calloc(k, sizeof *ln->n_seg);
    ln->cap_seg = calloc(k, sizeof *ln->cap_seg);
    if (!ln->seg || !ln->n_seg || !ln->cap_seg) {
        drop_actors(ln);
        return false;
    }
    ln->n_actors = n;
    return true;
}

static bool push_seg(Lanes *ln, int a, LaneSeg s)
{
    if (ln->n_seg[a] == ln->cap_seg[a]) {
        int nc = ln->cap_seg[a] ? 2 * ln->cap_seg[a] : 8;
        LaneSeg *v = realloc(ln->seg[a], (size_t)nc * sizeof *v);
        if (!v) return false;
        ln->seg[a] = v;
        ln->cap_seg[a] = nc;
    }
    ln->seg[a][ln->n_seg[a]++] = s;
    return true;
}

static bool push_mark(Lanes *ln, LaneMark mk)
{
    if (ln->n_mark == ln->cap_mark) {
        int nc = ln->cap_mark ? 2 * ln->cap_mark : 16;
        LaneMark *v = realloc(ln->mark, (size_t)nc * sizeof *v);
        if (!v) return false;
        ln->mark = v;
        ln->cap_mark = nc;
    }
    ln->mark[ln->n_mark++] = mk;
    return true;
}

bool lanes_update(Lanes *ln, const Timeline *tl, int n_actors)
{
    if (!tl) return true;
    uint64_t n = timeline_count(tl);
    if (tl != ln->tl || n_actors != ln->n_actors || n < ln->n_read || !ln->seg)
        if (!reset(ln, tl, n_actors)) return false;
    Event ev;
    if (ln->n_read > 0 && timeline_event(tl, ln->n_read - 1, &ev) &&
        (ev.t != ln->t_last || ev.kind != ln->k_last || ev.actor != ln->a_last))
        if (!reset(ln, tl, n_actors)) return false;
    for (; ln->n_read < n; ln->n_read++) {
        if (!timeline_event(tl, ln->n_read, &ev)) break;
        ln->t_last = ev.t;
        ln->k_last = ev.kind;
        ln->a_last = ev.actor;
        int a = ev.actor;
        if (a < 0 || a >= n_actors) continue;
        bool ok = true;
        /* the state events come first in EvKind, in ActorState's order */
        if (ev.kind <= EV_ERROR) {
            LaneSeg s = {ev.t, ln->n_read, (int8_t)ev.kind,
                         (int16_t)(ev.kind == EV_BLOCKED && ev.res < INT16_MAX ? ev.res : -1)};
            ok = push_seg(ln, a, s);
        }
        if (ev.kind == EV_SAY) ok = ok && push_mark(ln, (LaneMark){ev.t, ln->n_read, a, LM_CAPTION});
        if (ev.kind == EV_ERROR || ev.kind == EV_KILLED || ev.kind == EV_FAIL)
            ok = ok && push_mark(ln, (LaneMark){ev.t, ln->n_read, a, LM_ERROR});
        if (!ok) {
            ln->oom = true;
            return false;
        }
    }
    return true;
}

ActorState lanes_state_before(const Lanes *ln, int a, uint64_t seq, int *res)
{
    if (res) *res = -1;
    if (a < 0 || a >= ln->n_actors) return AS_NEW;
    const LaneSeg *v = ln->seg[a];
    int lo = 0, hi = ln->n_seg[a]; /* first change with seq >= the one asked */
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (v[mid].seq < seq) lo = mid + 1;
        else hi = mid;
    }
    if (lo == 0) return AS_NEW;
    if (res) *res = v[lo - 1].res;
    return (ActorState)v[lo - 1].st;
}

const char *lanes_letter(ActorState s)
{
    switch (s) {
    case AS_RUNNING: return "R";
    case AS_READY: return "Q";
    case AS_BLOCKED: return "B";
    case AS_SLEEPING: return "S";
    case AS_DONE: return "D";
    case AS_KILLED:
    case AS_ERROR: return "X";
    default: return "N";
    }
}

static float head_h(const Layout *L) { return 28.0f * L->ui; }
/* Lanes thin down to 13 px (at 720p) to show more actors, not below:
 * a thinner lane cannot be read from the back of a room. */
static float lane_h(const Layout *L, const VRect *box, int n)
{
    float room = box->h - head_h(L) - 6.0f * L->ui;
    float lh = n > 0 ? room / (float)n : room;
    return fmaxf(13.0f * L->ui, fminf(20.0f * L->ui, lh));
}

int lanes_fit(const Layout *L, const VRect *box, int n_actors)
{
    float room = box->h - head_h(L) - 6.0f * L->ui;
    int k = (int)(room / lane_h(L, box, n_actors));
    if (k < 1) k = 1;
    if (n_actors <= k) return n_actors;
    return k - 1; /* the last line says "+N more" */
}

int lanes_first_max(const Layout *L, const VRect *box, int n_actors)
{
    int k = lanes_fit(L, box, n_actors);
    return n_actors > k ? n_actors - k : 0;
}

int lanes_row_at(const Layout *L, const VRect *box, int n_actors, int first, float x, float y)
{
    if (x < box->x || x > box->x + box->w || n_actors <= 0) return -1;
    int shown = lanes_fit(L, box, n_actors), fmax = lanes_first_max(L, box, n_actors);
    if (first > fmax) first = fmax;
    if (first < 0) first = 0;
    float top = box->y + head_h(L), lh = lane_h(L, box, n_actors);
    if (y < top || lh <= 0) return -1;
    int k = (int)((y - top) / lh);
    return k < shown ? first + k : -1;
}

/* The time axis of a strip in box: x0..x1 spans 0..end us. */
typedef struct Axis {
    float x0, x1;
    int64_t now, last, end;
} Axis;

static Axis axis_of(const Lanes *ln, const Layout *L, const Model *m, const VRect *box)
{
    float ui = L->ui, pad = 8.0f * ui, lw = 130.0f * ui; /* the names' column */
    Axis a;
    a.now = m->t;
    a.last = ln->t_last > a.now ? ln->t_last : a.now;
    if (a.last <= 0) a.last = 1;
    /* after the end, the final states go on: a tail shows them (a
     * deadlock's last "blocked" lasts no time before the end, yet forever) */
    a.end = a.last + a.last / 12 + 1;
    a.x0 = box->x + pad + lw;
    a.x1 = box->x + box->w - pad;
    return a;
}

int64_t lanes_t_at(const Lanes *ln, const Layout *L, const Model *m, const VRect *box, float x)
{
    Axis a = axis_of(ln, L, m, box);
    if (a.x1 - a.x0 < 1) return 0;
    double f = (double)(x - a.x0) / (double)(a.x1 - a.x0);
    if (f < 0) f = 0;
    if (f > 1) f = 1;
    int64_t t = (int64_t)(f * (double)a.end);
    return t > a.last ? a.last : t;
}

uint64_t lanes_events_at(const Lanes *ln, const Layout *L, const Model *m, const VRect *box, float x)
{
    const Timeline *tl = ln->tl;
    if (!tl) return 0;
    int64_t t = lanes_t_at(ln, L, m, box, x);
    /* the first event later than t (times never go back in a trace) */
    uint64_t lo = 0, hi = timeline_count(tl);
    if (hi > ln->n_read) hi = ln->n_read;
    Event ev;
    if (x >= axis_of(ln, L, m, box).x1 - 1) return hi; /* the right end: everything */
    while (lo < hi) {
        uint64_t mid = lo + (hi - lo) / 2;
        if (!timeline_event(tl, mid, &ev)) break;
        if (ev.t <= t) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

void lanes_time_text(char *buf, size_t cap, int64_t us)
{
    double s = (double)us / 1e6;
    if (us == 0) snprintf(buf, cap, "0 s");
    else if (us < 1000) snprintf(buf, cap, "%d µs", (int)us);
    else if (us < 1000000) snprintf(buf, cap, "%.1f ms", (double)us / 1e3);
    else if (s >= 10) snprintf(buf, cap, "%.1f s", s);
    else snprintf(buf, cap, "%.2f s", s);
}

/* One lane's bar, merged to the pixel: a long run holds thousands of
 * state changes, many within one pixel column, and one rect per change
 * would cost the renderer more than the rest of the frame. So a lane is
 * first resolved into pixel columns, each taking the state that covers
 * most of it (ties: the precedence below, so a blocked sliver is not lost
 * to a ready one); then the lane's most common state is laid as one bar
 * and only the runs of other states are drawn over it. A state change
 * wider than a pixel keeps its exact place (to the pixel), so a sparse
 * lane looks as it did with one rect per change. */
#define LANE_NONE AS__COUNT /* not started yet, or nothing: the lane's ground shows */
#define LANE_COLS_MAX 4096  /* wider strips (a 4K screen is 3840) fall back to fewer columns */
#define LANE_LETTERS_MAX 128
#define LANE_GROUND 0xEEECE6u

static int lane_rank(int st)
{
    switch (st) {
    case AS_ERROR:
    case AS_KILLED: return 7;
    case AS_BLOCKED: return 6;
    case AS_RUNNING: return 5;
    case AS_SLEEPING: return 4;
    case AS_READY: return 3;
    case AS_DONE: return 2;
    default: return 0;
    }
}

/* A lane being resolved: column c (window x c0 + c) gets state col[c]
 * (-1: nothing painted there); `cur` is the column still being covered,
 * with how much of it each state has so far. */
typedef struct LaneCols {
    long c0;
    int n;
    int8_t col[LANE_COLS_MAX];
    int cur;
    float cov[AS__COUNT + 1];
    /* letters of the changes wide enough for one: centre and width */
    int n_let;
    float let_x[LANE_LETTERS_MAX], let_w[LANE_LETTERS_MAX];
    int8_t let_st[LANE_LETTERS_MAX];
} LaneCols;

static void cols_close(LaneCols *lc)
{
    if (lc->cur < 0) return;
    int best = -1;
    float bc = 0;
    for (int s = 0; s <= AS__COUNT; s++) {
        float c = lc->cov[s];
        if (c <= 0) continue;
        if (best < 0 || c > bc + 1e-4f || (c > bc - 1e-4f && lane_rank(s) > lane_rank(best))) {
            best = s;
            bc = c;
        }
    }
    if (best >= 0 && lc->cur < lc->n) lc->col[lc->cur] = (int8_t)best;
    lc->cur = -1;
}

static void cols_cover(LaneCols *lc, long c, int st, float cover)
{
    int i = (int)(c - lc->c0);
    if (i < 0 || i >= lc->n) return;
    if (lc->cur != i) {
        cols_close(lc);
        lc->cur = i;
        memset(lc->cov, 0, sizeof lc->cov);
    }
    lc->cov[st] += cover;
}

/* State st over window x in [sx, ex). */
static void cols_span(LaneCols *lc, double sx, double ex, int st)
{
    if (ex <= sx) return;
    long cs = (long)floor(sx), ce = (long)floor(ex);
    if (cs == ce) {
        cols_cover(lc, cs, st, (float)(ex - sx));
        return;
    }
    cols_cover(lc, cs, st, (float)((double)(cs + 1) - sx));
    if (ce > cs + 1) {
        /* whole columns: this state alone */
        cols_close(lc);
        long a = cs + 1 - lc->c0, b = ce - lc->c0;
        if (a < 0) a = 0;
        if (b > lc->n) b = lc->n;
        if (a < b) memset(lc->col + a, st, (size_t)(b - a));
    }
    if (ex > (double)ce) cols_cover(lc, ce, st, (float)(ex - (double)ce));
}

typedef struct LaneGeo {
    double x0, span, end;
    int64_t upto_t;
    uint64_t upto;
} LaneGeo;

static double lane_x(const LaneGeo *g, int64_t t) { return g->x0 + g->span * ((double)t / g->end); }

static void lane_resolve(LaneCols *lc, const Lanes *ln, int a, const LaneGeo *g, float min_let)
{
    lc->c0 = (long)floor(g->x0);
    lc->n = (int)ceil(g->x0 + g->span) - (int)lc->c0 + 1;
    if (lc->n > LANE_COLS_MAX) lc->n = LANE_COLS_MAX;
    memset(lc->col, -1, (size_t)lc->n);
    lc->cur = -1;
    lc->n_let = 0;
    const LaneSeg *v = ln->seg[a];
    int n = ln->n_seg[a];
    for (int k = 0; k < n && v[k].seq < g->upto; k++) {
        bool last = !(k + 1 < n && v[k + 1].seq < g->upto);
        double sx = lane_x(g, v[k].t), ex = lane_x(g, last ? g->upto_t : v[k + 1].t);
        int st = v[k].st == AS_NEW ? LANE_NONE : v[k].st;
        if (last && st != LANE_NONE && ex - sx < 1.0) {
            /* the state now, however short so far: always visible */
            cols_span(lc, sx, sx + 1.0, st);
            cols_cover(lc, (long)floor(sx + 0.5), st, 2.0f);
            continue;
        }
        cols_span(lc, sx, ex, st);
        if (st != LANE_NONE && ex - sx > min_let && lc->n_let < LANE_LETTERS_MAX) {
            lc->let_x[lc->n_let] = (float)((sx + ex) / 2);
            lc->let_w[lc->n_let] = (float)(ex - sx);
            lc->let_st[lc->n_let++] = (int8_t)st;
        }
    }
    cols_close(lc);
}

static void lane_emit(DrawList *dl, const LaneCols *lc, float by, float bh, int lpx)
{
    /* the bar under everything: the most common state, from the first
     * painted column to the last (what it does not cover is drawn over) */
    int cnt[AS__COUNT + 1] = {0}, lo = -1, hi = -1;
    for (int i = 0; i < lc->n; i++) {
        if (lc->col[i] < 0) continue;
        if (lo < 0) lo = i;
        hi = i;
        cnt[lc->col[i]]++;
    }
    if (lo < 0) return;
    int under = LANE_NONE;
    for (int s = 0; s < AS__COUNT; s++)
        if (cnt[s] > cnt[under]) under = s;
    if (under != LANE_NONE)
        dl_rect(dl, (float)(lc->c0 + lo), by, (float)(hi + 1 - lo), bh, pal_state((ActorState)under));
    for (int i = lo; i <= hi;) {
        int st = lc->col[i], j = i + 1;
        while (j <= hi && lc->col[j] == st) j++;
        /* unpainted columns inside the bar show the ground, as before it */
        if (st < 0) st = LANE_NONE;
        if (st != under)
            dl_rect(dl, (float)(lc->c0 + i), by, (float)(j - i), bh,
                    st == LANE_NONE ? HEX(LANE_GROUND) : pal_state((ActorState)st));
        i = j;
    }
    /* the letter too, where a state lasts long enough: greyscale */
    for (int k = 0; k < lc->n_let; k++)
        dl_text(dl, lc->let_x[k], by + bh / 2, lpx - 1, true, DL_CENTER, lc->let_w[k], HEX(PAL_INK),
                lanes_letter((ActorState)lc->let_st[k]));
}

/* Marks of the lanes [first, first + shown): captions as small ink ticks
 * (ticks that touch become one bar: the same pixels), errors as red
 * triangles (one per pixel column). Marks are in seq order. */
#define MARK_LANES_MAX 512

static void draw_marks(DrawList *dl, const Layout *L, const Lanes *ln, const LaneGeo *g, int first,
                       int shown, float ly, float lh)
{
    float ui = L->ui, tw = 2.0f * ui, th = 5.0f * ui;
    /* per lane: the caption bar being built [t0, t1) and the last error column */
    float bar0[MARK_LANES_MAX], bar1[MARK_LANES_MAX];
    long err_col[MARK_LANES_MAX];
    int nl = shown < MARK_LANES_MAX ? shown : MARK_LANES_MAX;
    for (int i = 0; i < nl; i++) {
        bar0[i] = bar1[i] = -1;
        err_col[i] = LONG_MIN;
    }
    for (int i = 0; i < ln->n_mark; i++) {
        const LaneMark *mk = &ln->mark[i];
        if (mk->seq >= g->upto) break;
        if (mk->actor < first || mk->actor >= first + shown) continue;
        int li = mk->actor - first;
        float mx = (float)lane_x(g, mk->t), my = ly + (float)li * lh;
        if (mk->kind == LM_ERROR) {
            long c = (long)floorf(mx);
            if (li < nl && err_col[li] == c) continue;
            if (li < nl) err_col[li] = c;
            dl_tri(dl, mx - 5.0f * ui, my, mx + 5.0f * ui, my, mx, my + 8.0f * ui, HEX(PAL_BANNER));
        } else if (li >= nl) {
            dl_rect(dl, mx - tw / 2, my, tw, th, HEX(PAL_INK));
        } else if (bar1[li] >= 0 && mx - tw / 2 <= bar1[li]) {
            bar1[li] = mx + tw / 2; /* touches the bar: widen it */
        } else {
            if (bar1[li] >= 0) dl_rect(dl, bar0[li], my, bar1[li] - bar0[li], th, HEX(PAL_INK));
            bar0[li] = mx - tw / 2;
            bar1[li] = mx + tw / 2;
        }
    }
    for (int li = 0; li < nl; li++)
        if (bar1[li] >= 0)
            dl_rect(dl, bar0[li], ly + (float)li * lh, bar1[li] - bar0[li], th, HEX(PAL_INK));
}

void lanes_draw(DrawList *dl, const Layout *L, const Model *m, const Lanes *ln, const VRect *box,
                int first)
{
    float ui = L->ui;
    dl_box(dl, box->x, box->y, box->w, box->h, 10.0f * ui, 1.5f * ui, HEX(PAL_PANEL), HEX(PAL_EDGE));
    int na = m->hdr->n_actors < ln->n_actors ? m->hdr->n_actors : ln->n_actors;
    Axis ax = axis_of(ln, L, m, box);
    int64_t now = ax.now, last = ax.last, end = ax.end;
    float lw = 130.0f * ui;                      /* the names' column */
    float x0 = ax.x0, x1 = ax.x1;
    float hy = box->y + head_h(L) / 2 + 1;
    int hpx = (int)lroundf(18.0f * ui), npx = (int)lroundf(14.0f * ui);
    if (npx < 10) npx = 10;
    dl_text(dl, box->x + 12.0f * ui, hy, hpx, true, DL_LEFT, lw, HEX(PAL_INK), "Timeline");
    char buf[64];
    lanes_time_text(buf, sizeof buf, 0);
    dl_text(dl, x0, hy, npx, false, DL_LEFT, 0, HEX(PAL_MUTED), buf);
    lanes_time_text(buf, sizeof buf, last);
    dl_text(dl, x0 + (x1 - x0) * (float)((double)last / (double)end), hy, npx, false, DL_RIGHT, 0,
            HEX(PAL_MUTED), buf);
    if (x1 - x0 < 20) return;
    float span = x1 - x0;
    LaneGeo g = {x0, span, (double)end, m->ended || deadlock_has_cycle(m) ? end : now,
                 m->next_seq /* events after the shown model are the future */};
    int shown = lanes_fit(L, box, na);
    int fmax = lanes_first_max(L, box, na);
    if (first > fmax) first = fmax;
    if (first < 0) first = 0;
    float lh = lane_h(L, box, na), y = box->y + head_h(L);
    int lpx = (int)fminf((float)npx, lh * 0.8f);
    if (lpx < 10) lpx = 10;
    LaneCols *lc = malloc(sizeof *lc);
    /* only the lanes in view: the others cost nothing */
    for (int a = first; a < first + shown; a++, y += lh) {
        dl_text(dl, box->x + 12.0f * ui, y + lh / 2, lpx, true, DL_LEFT, lw - 8.0f * ui,
                HEX(PAL_INK), paint_name(m, a));
        float by = y + 2.0f * ui, bh = lh - 4.0f * ui;
        dl_rect(dl, x0, by, span, bh, HEX(LANE_GROUND));
        if (!lc) {
            dl->oom = true;
            continue;
        }
        lane_resolve(lc, ln, a, &g, (float)lpx * 1.2f);
        lane_emit(dl, lc, by, bh, lpx);
    }
    free(lc);
    if (shown < na) {
        /* scrolled: say what is above and below */
        if (first > 0) snprintf(buf, sizeof buf, "%d–%d of %d · wheel", first + 1, first + shown, na);
        else snprintf(buf, sizeof buf, "+%d more · wheel", na - shown);
        dl_text(dl, box->x + 12.0f * ui, y + lh / 2, lpx, true, DL_LEFT, lw, HEX(PAL_MUTED), buf);
    }
    draw_marks(dl, L, ln, &g, first, shown, box->y + head_h(L), lh);
    /* the playhead */
    float px = (float)lane_x(&g, now);
    dl_line(dl, px, box->y + head_h(L) - 4.0f * ui, px, y, 3.0f * ui, HEX(PAL_INK));
    dl_tri(dl, px - 6.0f * ui, box->y + head_h(L) - 10.0f * ui, px + 6.0f * ui,
           box->y + head_h(L) - 10.0f * ui, px, box->y + head_h(L) - 2.0f * ui, HEX(PAL_INK));
}

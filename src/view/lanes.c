/* lanes — see lanes.h. A lane is drawn from its list of state changes:
 * each change paints from its time to the next one (the last one to the
 * playhead). Changes after the shown model (a seek into the past) are not
 * drawn, so the strip shows exactly the history up to the playhead. */
#include "view/lanes.h"

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

static void fmt_t(char *buf, size_t cap, int64_t us)
{
    double s = (double)us / 1e6;
    if (us == 0) snprintf(buf, cap, "0 s");
    else if (us < 1000) snprintf(buf, cap, "%d µs", (int)us);
    else if (us < 1000000) snprintf(buf, cap, "%.1f ms", (double)us / 1e3);
    else if (s >= 10) snprintf(buf, cap, "%.1f s", s);
    else snprintf(buf, cap, "%.2f s", s);
}

void lanes_draw(DrawList *dl, const Layout *L, const Model *m, const Lanes *ln, const VRect *box,
                int first)
{
    float ui = L->ui;
    dl_box(dl, box->x, box->y, box->w, box->h, 10.0f * ui, 1.5f * ui, HEX(PAL_PANEL), HEX(PAL_EDGE));
    int na = m->hdr->n_actors < ln->n_actors ? m->hdr->n_actors : ln->n_actors;
    Axis ax = axis_of(ln, L, m, box);
    int64_t now = ax.now, last = ax.last, end = ax.end;
    int64_t upto_t = m->ended || deadlock_has_cycle(m) ? end : now;
    float lw = 130.0f * ui;                      /* the names' column */
    float x0 = ax.x0, x1 = ax.x1;
    float hy = box->y + head_h(L) / 2 + 1;
    int hpx = (int)lroundf(18.0f * ui), npx = (int)lroundf(14.0f * ui);
    if (npx < 10) npx = 10;
    dl_text(dl, box->x + 12.0f * ui, hy, hpx, true, DL_LEFT, lw, HEX(PAL_INK), "Timeline");
    char buf[64];
    fmt_t(buf, sizeof buf, 0);
    dl_text(dl, x0, hy, npx, false, DL_LEFT, 0, HEX(PAL_MUTED), buf);
    fmt_t(buf, sizeof buf, last);
    dl_text(dl, x0 + (x1 - x0) * (float)((double)last / (double)end), hy, npx, false, DL_RIGHT, 0,
            HEX(PAL_MUTED), buf);
    if (x1 - x0 < 20) return;
    float span = x1 - x0;
#define TX(t) (x0 + span * (float)((double)(t) / (double)end))
    int shown = lanes_fit(L, box, na);
    int fmax = lanes_first_max(L, box, na);
    if (first > fmax) first = fmax;
    if (first < 0) first = 0;
    float lh = lane_h(L, box, na), y = box->y + head_h(L);
    int lpx = (int)fminf((float)npx, lh * 0.8f);
    if (lpx < 10) lpx = 10;
    uint64_t upto = m->next_seq; /* events after the shown model are the future */
    for (int a = first; a < first + shown; a++, y += lh) {
        dl_text(dl, box->x + 12.0f * ui, y + lh / 2, lpx, true, DL_LEFT, lw - 8.0f * ui,
                HEX(PAL_INK), paint_name(m, a));
        float by = y + 2.0f * ui, bh = lh - 4.0f * ui;
        dl_rect(dl, x0, by, span, bh, HEX(0xEEECE6));
        const LaneSeg *v = ln->seg[a];
        for (int k = 0; k < ln->n_seg[a] && v[k].seq < upto; k++) {
            int64_t t1 = (k + 1 < ln->n_seg[a] && v[k + 1].seq < upto) ? v[k + 1].t : upto_t;
            if (v[k].st == AS_NEW) continue;
            float sx = TX(v[k].t), ex = TX(t1);
            if (ex - sx < 1.0f) {
                /* an instant: visible only if nothing follows at once */
                if (k + 1 < ln->n_seg[a] && v[k + 1].seq < upto) continue;
                ex = sx + 1.0f;
            }
            dl_rect(dl, sx, by, ex - sx, bh, pal_state((ActorState)v[k].st));
            /* the letter too, where the bar is wide enough: greyscale */
            if (ex - sx > (float)lpx * 1.2f)
                dl_text(dl, (sx + ex) / 2, by + bh / 2, lpx - 1, true, DL_CENTER, ex - sx,
                        HEX(PAL_INK), lanes_letter((ActorState)v[k].st));
        }
    }
    if (shown < na) {
        /* scrolled: say what is above and below */
        if (first > 0) snprintf(buf, sizeof buf, "%d–%d of %d · wheel", first + 1, first + shown, na);
        else snprintf(buf, sizeof buf, "+%d more · wheel", na - shown);
        dl_text(dl, box->x + 12.0f * ui, y + lh / 2, lpx, true, DL_LEFT, lw, HEX(PAL_MUTED), buf);
    }
    /* marks: captions as small ink ticks, errors as red triangles */
    float ly = box->y + head_h(L);
    for (int i = 0; i < ln->n_mark; i++) {
        const LaneMark *mk = &ln->mark[i];
        if (mk->seq >= upto || mk->actor < first || mk->actor >= first + shown) continue;
        float mx = TX(mk->t), my = ly + (float)(mk->actor - first) * lh;
        if (mk->kind == LM_ERROR)
            dl_tri(dl, mx - 5.0f * ui, my, mx + 5.0f * ui, my, mx, my + 8.0f * ui, HEX(PAL_BANNER));
        else
            dl_rect(dl, mx - 1.0f * ui, my, 2.0f * ui, 5.0f * ui, HEX(PAL_INK));
    }
    /* the playhead */
    float px = TX(now);
    dl_line(dl, px, box->y + head_h(L) - 4.0f * ui, px, y, 3.0f * ui, HEX(PAL_INK));
    dl_tri(dl, px - 6.0f * ui, box->y + head_h(L) - 10.0f * ui, px + 6.0f * ui,
           box->y + head_h(L) - 10.0f * ui, px, box->y + head_h(L) - 2.0f * ui, HEX(PAL_INK));
#undef TX
}

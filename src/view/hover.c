/* hover — see hover.h. The words come from the modules that already say
 * them elsewhere (narrate: the wait and the last step; cards: a card's
 * status and type; paint: names and fates; deadlock: the cycle), so the
 * panel and the stage never disagree. */
#include "view/hover.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view/cards.h"
#include "view/deadlock.h"
#include "view/lanes.h"
#include "view/narrate.h"
#include "view/paint.h"
#include "view/palette.h"
#include "view/vmodel.h"

#define HEX(x) vcolor_hex(x)
#define LAST_STEP_SCAN 20000 /* events looked back for an actor's last step (only while hovered) */
#define LIST_MAX 8           /* names or items listed on one line before "+N more" */

static bool inside(const VRect *r, float x, float y)
{
    return r->w > 0 && x >= r->x && x <= r->x + r->w && y >= r->y && y <= r->y + r->h;
}

HoverHit hover_pick(const Stage *st, const Model *m, float x, float y)
{
    HoverHit h = {HOVER_NONE, -1, false};
    const Layout *L = &st->L;
    int na = m->hdr->n_actors;
    if (L->n_actors == na && st->A.n == na) {
        /* a little slack around the disc: a small token is hard to hit */
        float best = L->r + 3.0f * L->s;
        best *= best;
        for (int a = 0; a < na; a++) {
            if (L->hidden[a]) continue;
            float dx = x - st->A.x[a], dy = y - st->A.y[a], d = dx * dx + dy * dy;
            if (d <= best) {
                best = d;
                h = (HoverHit){HOVER_ACTOR, a, false};
            }
        }
        if (h.kind != HOVER_NONE) return h;
    }
    if (L->n_cards == m->hdr->n_res && (st->cards_box.w <= 0 || inside(&st->cards_box, x, y)))
        for (int i = 0; i < L->n_cards; i++)
            if (inside(&L->cards[i].box, x, y)) return (HoverHit){HOVER_RES, i, false};
    if (inside(&st->lanes_box, x, y)) {
        int n = na < st->lanes.n_actors ? na : st->lanes.n_actors;
        int a = lanes_row_at(L, &st->lanes_box, n, st->lanes_first, x, y);
        if (a >= 0) return (HoverHit){HOVER_ACTOR, a, true};
    }
    return h;
}

/* --- the lines -------------------------------------------------------- */

typedef struct Lines {
    HoverLine *v;
    int n, cap;
} Lines;

static char *add(Lines *ls, HoverStyle s)
{
    static char sink[HOVER_LINE_MAX]; /* written, never shown */
    if (ls->n >= ls->cap) return sink; /* full: the rest is dropped */
    HoverLine *l = &ls->v[ls->n++];
    l->style = s;
    l->text[0] = 0;
    return l->text;
}

__attribute__((format(printf, 3, 4)))
static void addf(Lines *ls, HoverStyle s, const char *fmt, ...)
{
    char *t = add(ls, s);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(t, HOVER_LINE_MAX, fmt, ap);
    va_end(ap);
}

/* Appends to a line being built (cut at its end). */
__attribute__((format(printf, 2, 3)))
static void catf(char *t, const char *fmt, ...)
{
    size_t len = strlen(t);
    if (len + 1 >= HOVER_LINE_MAX) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(t + len, HOVER_LINE_MAX - len, fmt, ap);
    va_end(ap);
}

static const char *ordinal(int k)
{
    if (k % 100 >= 11 && k % 100 <= 13) return "th";
    switch (k % 10) {
    case 1: return "st";
    case 2: return "nd";
    case 3: return "rd";
    default: return "th";
    }
}

static void actor_state(Lines *ls, const Model *m, int a)
{
    const MActor *ma = &m->actors[a];
    const ScActor *sa = &m->hdr->actors[a];
    char w[2 * SC_STR_MAX + 160], t[32];
    switch (ma->state) {
    case AS_BLOCKED:
        narrate_wait(m, a, w, sizeof w);
        addf(ls, HS_STATE, "blocked: %s", w);
        break;
    case AS_SLEEPING:
        if (ma->until >= 0) {
            lanes_time_text(t, sizeof t, ma->until);
            addf(ls, HS_STATE, "sleeping until %s", t);
        } else {
            addf(ls, HS_STATE, "sleeping");
        }
        break;
    case AS_RUNNING:
        if (m->hdr->policy == POL_OS || ma->cpu < 0) addf(ls, HS_STATE, "running (the OS picks its CPU)");
        else addf(ls, HS_STATE, "running on CPU %d", ma->cpu + 1);
        break;
    case AS_READY: {
        int k = idlist_find(&m->ready, a);
        if (k < 0) addf(ls, HS_STATE, "ready");
        else if (k == 0) addf(ls, HS_STATE, "ready, 1st in the ready queue: next to run");
        else addf(ls, HS_STATE, "ready, %d%s in the ready queue", k + 1, ordinal(k + 1));
        break;
    }
    case AS_NEW:
        if (!sa->autostart && !ma->started) addf(ls, HS_STATE, "not started: waits for a start()");
        else if (sa->start_ms > 0) {
            lanes_time_text(t, sizeof t, sa->start_ms * 1000);
            addf(ls, HS_STATE, "not started: starts at %s", t);
        } else {
            addf(ls, HS_STATE, "not started yet");
        }
        break;
    case AS_DONE: addf(ls, HS_STATE, "finished"); break;
    case AS_KILLED: addf(ls, HS_STATE, "killed: %s", ma->error[0] ? ma->error : "?"); break;
    case AS_ERROR: addf(ls, HS_STATE, "error: %s", ma->error[0] ? ma->error : "?"); break;
    default: addf(ls, HS_STATE, "%s", pal_state_word(ma->state)); break;
    }
}

/* Actor a's wait is part of a cycle (deadlock.c decides). */
static bool in_cycle(const Model *m, int a)
{
    int na = m->hdr->n_actors;
    WaitEdge *e = malloc(sizeof *e * (size_t)(na > 0 ? na : 1));
    if (!e) return false;
    int n = deadlock_edges(m, e, na);
    bool yes = false;
    for (int i = 0; i < n && i < na; i++)
        if (e[i].actor == a) yes = e[i].cycle;
    free(e);
    return yes;
}

static void actor_lines(Lines *ls, const Stage *st, const Model *m, const Timeline *tl, int a)
{
    const MActor *ma = &m->actors[a];
    const ScActor *sa = &m->hdr->actors[a];
    char t[32], d[32];
    addf(ls, HS_TITLE, "%s", paint_name(m, a));
    /* what it is */
    char *k = add(ls, HS_KIND);
    if (m->hdr->mode == MODE_PROCESSES) {
        catf(k, "process");
        if (ma->pid > 0) catf(k, " · pid %" PRId64, ma->pid);
    } else {
        catf(k, "thread");
    }
    if (sa->pool >= 0 && sa->role[0])
        catf(k, " · %s of %s", strcmp(sa->role, "worker") == 0 ? "worker" : "callback runner",
             narrate_res_name(m, sa->pool));
    if (sa->daemon && sa->pool < 0) catf(k, " · daemon");
    if (m->hdr->policy == POL_PRIORITY) catf(k, " · priority %d", sa->priority);
    actor_state(ls, m, a);
    /* since when */
    if (ma->state != AS_NEW || ma->since > 0) {
        lanes_time_text(t, sizeof t, ma->since);
        int64_t dur = m->t - ma->since;
        lanes_time_text(d, sizeof d, dur);
        if (dur > 0) addf(ls, HS_TEXT, "since %s, for %s", t, d);
        else addf(ls, HS_TEXT, "since %s", t);
    }
    if (ma->state == AS_BLOCKED && in_cycle(m, a))
        addf(ls, HS_ALERT, "DEADLOCK: in a cycle of waits, it waits forever");
    /* what it holds (a deadlock's other half) */
    char *h = NULL;
    int held = 0;
    for (int r = 0; r < m->hdr->n_res; r++) {
        if (idlist_find(&m->res[r].holders, a) < 0) continue;
        if (!h) {
            h = add(ls, HS_TEXT);
            catf(h, "holds ");
        }
        if (held < LIST_MAX) catf(h, "%s%s", held ? ", " : "", narrate_res_name(m, r));
        held++;
    }
    if (h && held > LIST_MAX) catf(h, " and %d more", held - LIST_MAX);
    int64_t task = vm_worker_task(m, a);
    if (task > 0) addf(ls, HS_TEXT, "runs task #%" PRId64, task);
    /* the step it is on: its newest event in the narration's words */
    char step[2 * VALUE_STR_MAX + 96];
    int64_t et = 0;
    if (narrate_last_of(m, tl, &st->lanes, a, LAST_STEP_SCAN, step, sizeof step, &et)) {
        lanes_time_text(t, sizeof t, et);
        addf(ls, HS_TEXT, "last step (at %s): %s", t, step);
    }
    if (ma->caption[0]) {
        lanes_time_text(t, sizeof t, ma->caption_t);
        addf(ls, HS_MUTED, "said “%s” at %s", ma->caption, t);
    }
    if (ma->fail[0]) {
        lanes_time_text(t, sizeof t, ma->fail_t);
        addf(ls, HS_MUTED, "a step could not go on at %s: %s", t, ma->fail);
    }
    if (ma->has_stats) {
        char r1[32], r2[32], r3[32];
        lanes_time_text(r1, sizeof r1, ma->ready_us);
        lanes_time_text(r2, sizeof r2, ma->turnaround_us);
        lanes_time_text(r3, sizeof r3, ma->response_us);
        addf(ls, HS_MUTED, "waited ready %s · turnaround %s · response %s", r1, r2, r3);
    }
}

/* "A, B, C and 4 more" of the actors in l (from index from on). */
static void names_of(char *t, const Model *m, const IdList *l, int from)
{
    int told = 0;
    for (int i = from; i < l->n; i++, told++) {
        if (told == LIST_MAX) {
            catf(t, " and %d more", l->n - i);
            return;
        }
        char who[SC_STR_MAX + 32];
        paint_holder(m, l->v[i], who, sizeof who);
        catf(t, "%s%s", told ? ", " : "", who);
    }
}

static void values_of(char *t, const Value *v, int n)
{
    for (int i = 0; i < n; i++) {
        if (i == LIST_MAX) {
            catf(t, " and %d more", n - i);
            return;
        }
        char x[VALUE_STR_MAX + 8];
        value_to_text(&v[i], x, sizeof x);
        catf(t, "%s%s", i ? ", " : "", x);
    }
}

static void res_lines(Lines *ls, const Model *m, int i)
{
    const ScResource *r = &m->hdr->res[i];
    const MResource *mr = &m->res[i];
    addf(ls, HS_TITLE, "%s", narrate_res_name(m, i));
    char *k = add(ls, HS_KIND);
    catf(k, "%s", card_type_word(r));
    switch (r->type) {
    case RES_SEMAPHORE: catf(k, " · %" PRId64 " permit%s", r->value, r->value == 1 ? "" : "s"); break;
    case RES_CONDITION: catf(k, " · on %s", narrate_res_name(m, r->lock)); break;
    case RES_BARRIER: catf(k, " · %d parties", r->parties); break;
    case RES_QUEUE:
        if (r->capacity > 0) catf(k, " · holds %d", r->capacity);
        break;
    case RES_POOL: catf(k, " · %d workers", vm_pool_workers_n(m, i)); break;
    default: break;
    }
    char st[SC_STR_MAX + 96];
    card_status(m, i, st, sizeof st);
    addf(ls, HS_STATE, "%s", st);
    char *t;
    switch (r->type) {
    case RES_SEMAPHORE:
        if (mr->holders.n > 0) {
            t = add(ls, HS_TEXT);
            catf(t, "held by ");
            names_of(t, m, &mr->holders, 0);
        }
        break;
    case RES_BARRIER:
        if (vm_arrived_n(m, i) > 0) {
            t = add(ls, HS_TEXT);
            catf(t, "arrived: ");
            names_of(t, m, &mr->arrived, 0);
        }
        break;
    case RES_QUEUE:
        if (mr->n_items > 0) {
            t = add(ls, HS_TEXT);
            catf(t, "items, next out first: ");
            values_of(t, mr->items, mr->n_items);
        }
        break;
    case RES_PIPE:
        for (int dir = 0; dir < (r->duplex ? 2 : 1); dir++) {
            int n = vm_pipe_n(m, i, dir);
            if (n == 0) continue;
            t = add(ls, HS_TEXT);
            catf(t, "%s", r->duplex ? (dir == 0 ? "a→b: " : "b→a: ") : "in the pipe, next out first: ");
            values_of(t, dir == 0 ? mr->items : mr->back, n);
        }
        break;
    case RES_POOL: {
        int nq = vm_pool_queued_n(m, i), nd = vm_pool_done_n(m, i);
        if (nq > 0) {
            t = add(ls, HS_TEXT);
            catf(t, "queued tasks: ");
            for (int q = 0; q < nq && q < LIST_MAX; q++)
                catf(t, "%s#%" PRId64, q ? ", " : "", vm_pool_queued(m, i, q));
            if (nq > LIST_MAX) catf(t, " and %d more", nq - LIST_MAX);
        }
        if (nd > 0) addf(ls, HS_TEXT, "%d task%s finished", nd, nd == 1 ? "" : "s");
        break;
    }
    case RES_VARIABLE: addf(ls, HS_TEXT, "value %" PRId64, mr->value); break;
    default: break;
    }
    if (r->type == RES_VARIABLE) return;
    /* the waiting list, in the order they will be served */
    if (mr->waiters.n == 0) {
        addf(ls, HS_MUTED, "nobody waits");
        return;
    }
    addf(ls, HS_TEXT, "waiting (%d), first served first:", mr->waiters.n);
    int room = ls->cap - ls->n;
    for (int w = 0; w < mr->waiters.n; w++) {
        if (w == room - 1 && mr->waiters.n > room) {
            addf(ls, HS_MUTED, "  … and %d more", mr->waiters.n - w);
            break;
        }
        int a = mr->waiters.v[w];
        char who[SC_STR_MAX + 32], d[32];
        paint_holder(m, a, who, sizeof who);
        if (a >= 0 && a < m->hdr->n_actors) {
            const MActor *ma = &m->actors[a];
            lanes_time_text(d, sizeof d, m->t - ma->since >= 0 ? m->t - ma->since : 0);
            const char *op = ma->op[0] ? ma->op : "waits";
            if (m->t > ma->since) addf(ls, HS_TEXT, "  %d. %s  (%s, for %s)", w + 1, who, op, d);
            else addf(ls, HS_TEXT, "  %d. %s  (%s)", w + 1, who, op);
        } else {
            addf(ls, HS_TEXT, "  %d. %s", w + 1, who);
        }
    }
}

int hover_lines(const Stage *st, const Model *m, const Timeline *tl, HoverHit h, HoverLine *out,
                int cap)
{
    Lines ls = {out, 0, cap};
    if (h.kind == HOVER_ACTOR && h.index >= 0 && h.index < m->hdr->n_actors)
        actor_lines(&ls, st, m, tl, h.index);
    else if (h.kind == HOVER_RES && h.index >= 0 && h.index < m->hdr->n_res)
        res_lines(&ls, m, h.index);
    return ls.n;
}

/* --- the panel -------------------------------------------------------- */

/* Characters (not bytes) of UTF-8 text: the width estimate's unit. */
static int chars(const char *s, size_t n)
{
    int k = 0;
    for (size_t i = 0; i < n && s[i]; i++) k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

/* About how wide a text of n characters is at px (gfx measures exactly;
 * the panel only needs room): DejaVu Sans runs about 0.5 em a character,
 * bold 0.57; a little more, so that gfx never has to cut. */
static float est_w(int n, int px, bool bold) { return (float)n * (float)px * (bold ? 0.6f : 0.53f); }

typedef struct Row {
    const HoverLine *l;
    size_t off, len;   /* the part of l->text on this row */
    bool cont;         /* a wrapped line's continuation: indented */
} Row;

#define ROWS_MAX (HOVER_LINES_MAX * 3)

static int line_px(const Layout *L, HoverStyle s)
{
    float ui = L->ui;
    return (int)lroundf((s == HS_TITLE ? 24.0f : s == HS_KIND || s == HS_MUTED ? 17.0f : 19.0f) * ui);
}

static bool bold_of(HoverStyle s) { return s == HS_TITLE || s == HS_STATE || s == HS_ALERT; }

/* Splits the lines into rows no wider than maxw (at spaces, a line into
 * three rows at most; what is left is cut by gfx with an ellipsis). */
static int wrap(const Layout *L, const HoverLine *v, int n, float maxw, Row *rows)
{
    int nr = 0;
    for (int i = 0; i < n && nr < ROWS_MAX; i++) {
        int px = line_px(L, v[i].style);
        bool b = bold_of(v[i].style);
        const char *s = v[i].text;
        size_t off = 0, len = strlen(s);
        for (int part = 0; part < 3 && nr < ROWS_MAX; part++) {
            float ind = part ? (float)px : 0;
            size_t rest = len - off, cut = rest;
            if (part < 2 && est_w(chars(s + off, rest), px, b) + ind > maxw) {
                /* the last space that fits */
                size_t best = 0;
                for (size_t j = 1; j < rest; j++)
                    if (s[off + j] == ' ' && est_w(chars(s + off, j), px, b) + ind <= maxw) best = j;
                if (best > 0) cut = best;
            }
            rows[nr++] = (Row){&v[i], off, cut, part > 0};
            off += cut;
            while (off < len && s[off] == ' ') off++;
            if (off >= len) break;
        }
    }
    return nr;
}

/* A card's panel goes beside the card, not over it (its waiting list is
 * what the panel tells): right, left, below or above it, level with the
 * pointer; unchanged when none of these fits in the window. */
static void beside_card(const VRect *c, float bw, float bh, float y, float W, float H, float edge,
                        float gap, float *bx, float *by)
{
    float ly = fminf(fmaxf(y - bh / 3, edge), H - edge - bh);
    float cx = fminf(fmaxf(c->x, edge), W - edge - bw);
    float cand[4][2] = {{c->x + c->w + gap, ly}, {c->x - gap - bw, ly},
                        {cx, c->y + c->h + gap}, {cx, c->y - gap - bh}};
    for (int i = 0; i < 4; i++) {
        float x = cand[i][0], yy = cand[i][1];
        if (x >= 4 && yy >= 4 && x + bw <= W - edge && yy + bh <= H - edge) {
            *bx = x;
            *by = yy;
            return;
        }
    }
}

void hover_draw(DrawList *dl, const Stage *st, const Model *m, const Timeline *tl, HoverHit h,
                float x, float y)
{
    if (h.kind == HOVER_NONE) return;
    HoverLine v[HOVER_LINES_MAX];
    int n = hover_lines(st, m, tl, h, v, HOVER_LINES_MAX);
    if (n == 0) return;
    const Layout *L = &st->L;
    float ui = L->ui, pad = 14.0f * ui, W = (float)L->w, H = (float)L->h;
    float chip = h.kind == HOVER_ACTOR ? 26.0f * ui : 0; /* the state's disc left of the title */
    float maxw = fminf(720.0f * ui, W - 2 * pad - 16.0f);
    Row rows[ROWS_MAX];
    int nr = wrap(L, v, n, maxw, rows);
    float tw = 0, th = 0;
    for (int i = 0; i < nr; i++) {
        int px = line_px(L, rows[i].l->style);
        float w = est_w(chars(rows[i].l->text + rows[i].off, rows[i].len), px, bold_of(rows[i].l->style)) +
                  (rows[i].cont ? (float)px : 0) + (rows[i].l->style == HS_TITLE ? chip : 0);
        tw = fmaxf(tw, w);
        th += (float)px * 1.35f;
    }
    float bw = fminf(fmaxf(tw, 220.0f * ui), maxw) + 2 * pad, bh = th + 2 * pad;
    /* below right of the pointer; flipped left or up at the window's edge */
    float off = 18.0f * ui, edge = 10.0f * ui, bx = x + off, by = y + off; /* edge: room for the shadow */
    if (bx + bw > W - edge) bx = x - off - bw;
    if (by + bh > H - edge) by = H - edge - bh;
    if (h.kind == HOVER_RES && h.index < L->n_cards)
        beside_card(&L->cards[h.index].box, bw, bh, y, W, H, edge, 12.0f * ui, &bx, &by);
    /* a lane's panel goes above the strip: the lanes stay in view */
    if (h.lane && st->lanes_box.w > 0 && st->lanes_box.y - 12.0f * ui - bh >= 4)
        by = st->lanes_box.y - 12.0f * ui - bh;
    if (bx < 4) bx = 4;
    if (by < 4) by = 4;
    /* what the panel is about, outlined where it is on the stage */
    VColor ink = HEX(PAL_INK);
    if (h.kind == HOVER_RES && h.index < L->n_cards) {
        const VRect *b = &L->cards[h.index].box;
        float t3 = 3.0f * ui;
        dl_rect(dl, b->x - t3, b->y - t3, b->w + 2 * t3, t3, ink);
        dl_rect(dl, b->x - t3, b->y + b->h, b->w + 2 * t3, t3, ink);
        dl_rect(dl, b->x - t3, b->y, t3, b->h, ink);
        dl_rect(dl, b->x + b->w, b->y, t3, b->h, ink);
    }
    dl_rrect(dl, bx + 4.0f * ui, by + 5.0f * ui, bw, bh, 10.0f * ui, HEX(0xA9A59A)); /* shadow */
    dl_box(dl, bx, by, bw, bh, 10.0f * ui, 2.5f * ui, HEX(PAL_PANEL), ink);
    VColor state_ink = ink;
    if (h.kind == HOVER_RES) {
        char tmp[SC_STR_MAX + 96];
        state_ink = card_status(m, h.index, tmp, sizeof tmp);
    }
    float cy = by + pad;
    char buf[HOVER_LINE_MAX];
    for (int i = 0; i < nr; i++) {
        const Row *r = &rows[i];
        HoverStyle s = r->l->style;
        int px = line_px(L, s);
        float lh = (float)px * 1.35f, tx = bx + pad + (r->cont ? (float)px : 0);
        size_t k = r->len < sizeof buf - 1 ? r->len : sizeof buf - 1;
        memcpy(buf, r->l->text + r->off, k);
        buf[k] = 0;
        if (s == HS_TITLE && !r->cont && chip > 0) {
            /* the token's look, small: colour, letter, cross if dead */
            paint_mini_token(dl, L, m, h.index, tx + chip * 0.4f, cy + lh / 2, chip * 0.4f, false);
            dl_text(dl, tx + chip * 0.4f, cy + lh / 2, (int)lroundf(chip * 0.45f), true, DL_CENTER,
                    chip, ink, vm_dead(m, h.index) ? "" : lanes_letter(m->actors[h.index].state));
            tx += chip;
        }
        VColor c = s == HS_KIND || s == HS_MUTED ? HEX(0x4F555C) : s == HS_STATE ? state_ink : ink;
        if (s == HS_ALERT) c = HEX(PAL_BANNER);
        dl_text(dl, tx, cy + lh / 2, px, bold_of(s), DL_LEFT, bx + bw - pad - tx, c, buf);
        cy += lh;
        if (s == HS_KIND && (i + 1 == nr || rows[i + 1].l->style != HS_KIND))
            dl_rect(dl, bx + pad, cy + 1.0f * ui, bw - 2 * pad, 1.5f * ui, HEX(PAL_EDGE));
    }
}

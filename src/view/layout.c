/* layout — see layout.h.
 *
 * Method: try token scales from large to small (and a few column counts
 * for the resource cards) until the left column (CPUs, ready queue,
 * sleeping, not started, finished) and the right column (resource cards)
 * both fit between the title bar and the legend. Under the os policy the
 * CPUs are pseudo ones, one per actor (a hundred boxes would crowd out
 * everything else), so the CPU section is a flow area of the running
 * tokens instead. Every token target is a
 * slot of one of those areas, so tokens never overlap and never leave the
 * window while the layout fits. */
#include "view/layout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "view/layout_priv.h"


void layout_init(Layout *L) { memset(L, 0, sizeof *L); }

void layout_free(Layout *L)
{
    free(L->cpu_box);
    free(L->cards);
    free(L->tx);
    free(L->ty);
    free(L->where);
    free(L->where_i);
    free(L->hidden);
    free(L->hw_wait);
    free(L->chips);
    memset(L, 0, sizeof *L);
}

float layout_header_h(const Layout *L) { return fmaxf(34.0f * L->ui, 1.55f * (float)L->head_px); }

/* wide enough for "← submit" in the note font, however small the tokens */
float layout_tray_margin(const Layout *L)
{
    /* a crowd's narrow cards keep only the arrows */
    if (!L->names) return 18.0f * L->ui;
    return fmaxf(50.0f * L->s, 44.0f * L->ui) + 4.0f * L->ui;
}

VRect layout_content(const Layout *L, const VRect *a)
{
    float pad = 6.0f * L->ui, hh = layout_header_h(L);
    VRect c = {a->x + pad, a->y + hh, a->w - 2 * pad, a->h - hh - pad};
    if (c.w < 0) c.w = 0;
    if (c.h < 0) c.h = 0;
    return c;
}

int layout_per_row(const Layout *L, float w)
{
    int k = (int)(w / L->slot_w);
    return k < 1 ? 1 : k;
}

int layout_rows_for(const Layout *L, float w, int n)
{
    int pr = layout_per_row(L, w);
    return n <= 0 ? 1 : (n + pr - 1) / pr;
}

void layout_slot(const Layout *L, const VRect *c, int k, float *cx, float *cy)
{
    int pr = layout_per_row(L, c->w);
    int row = k / pr, col = k % pr;
    *cx = c->x + (float)col * L->slot_w + L->slot_w / 2;
    *cy = c->y + (float)row * L->slot_h + L->r + 4.0f * L->s;
}

static float text_k(const Layout *L) { return L->text_scale > 0 ? L->text_scale : 1.0f; }

static void set_scale(Layout *L, float shrink)
{
    float ts = text_k(L);
    L->s = L->ui * shrink;
    L->r = 24.0f * L->s;
    L->name_px = (int)lroundf(17.0f * L->s * ts);
    if (L->name_px < (int)lroundf(11.0f * ts)) L->name_px = (int)lroundf(11.0f * ts);
    L->note_px = (int)lroundf(15.0f * L->s * ts);
    if (L->note_px < (int)lroundf(10.0f * ts)) L->note_px = (int)lroundf(10.0f * ts);
    if (L->names) {
        /* a slot is as wide as a name: bigger text, wider slots */
        L->slot_w = 132.0f * L->s * (ts > 1 ? 0.5f + 0.5f * ts : 1.0f);
        L->slot_h = 2 * L->r + 4.0f * L->s + (float)(L->name_px + 4) + (float)(L->note_px + 4);
    } else {
        /* a crowd: bare tokens side by side */
        L->slot_w = 2.7f * L->r;
        L->slot_h = 2.7f * L->r;
    }
}

/* Rows an area gets for rows wanted, under a crowd's cap. */
static int cap_rows(int rows, int cap) { return cap > 0 && rows > cap ? cap : rows; }

/* How many tokens fit in a flow area's content (at least one). */
static int capacity(const Layout *L, const VRect *c)
{
    int rows = (int)floorf(c->h / L->slot_h + 0.01f);
    return layout_per_row(L, c->w) * (rows < 1 ? 1 : rows);
}

/* Moves a card's rects down by dy. */
static void card_shift(VCard *k, float dy)
{
    k->box.y += dy;
    k->head.y += dy;
    k->status.y += dy;
    k->body.y += dy;
    k->wait.y += dy;
    for (int j = 0; j < k->n_rows; j++) k->rows[j].y += dy;
}

/* The "N–M of K" line under scrolled cards. */
static float scroll_line_h(const Layout *L) { return (float)L->note_px + 12.0f * L->ui; }

/* Counts of the tokens in each left area. */
typedef struct Counts {
    int n[VA__COUNT];
    int running;      /* os_run: the running area's tokens */
} Counts;

static bool in_some_wait_queue(const Model *m, int a)
{
    int r = m->actors[a].res;
    return r >= 0 && r < m->hdr->n_res && idlist_find(&m->res[r].waiters, a) >= 0;
}

static VArea area_of(const Model *m, int a)
{
    const MActor *ma = &m->actors[a];
    switch (ma->state) {
    case AS_NEW: return VA_NEW;
    case AS_READY: return VA_READY;
    case AS_RUNNING:
        return (ma->cpu >= 0 && ma->cpu < m->hdr->cpus) ? VA__COUNT : VA_READY;
    case AS_BLOCKED: return in_some_wait_queue(m, a) ? VA__COUNT : VA_SLEEP;
    case AS_SLEEPING: return VA_SLEEP;
    default: return VA_DONE;
    }
}

/* Lays everything out at one scale and column count; true if it fits. */
static void split(Layout *L, float frac)
{
    float lw = (float)L->w * frac;
    if (lw > 620.0f * L->ui && frac <= 0.4f) lw = 620.0f * L->ui;
    float margin = L->margin_, gap = L->gap_, top = L->top_, h = L->bottom_ - L->top_;
    L->left = (VRect){margin, top, lw, h};
    L->right = (VRect){margin + lw + gap, top, (float)L->w - 2 * margin - lw - gap, h};
}

static bool attempt(Layout *L, const Model *m, const Counts *cnt, float shrink, int cols, float frac)
{
    split(L, frac);
    float ui = L->ui, gap = 10.0f * ui, pad = 8.0f * ui, hh = layout_header_h(L);
    set_scale(L, shrink);

    /* left column */
    float y = L->left.y;
    float bw = L->slot_w + 12.0f * L->s, bh = L->slot_h + 10.0f * L->s + (float)L->note_px + 6.0f;
    float cw = L->left.w - 2 * 6.0f * ui;
    int cpr = (int)((cw + gap) / (bw + gap));
    if (cpr < 1) cpr = 1;
    int crow = (L->n_cpus + cpr - 1) / cpr;
    if (L->os_run) { /* one flow area, sized like the ready queue */
        float h = hh + (float)cap_rows(layout_rows_for(L, cw, cnt->running), L->cap_area) * L->slot_h +
                  6.0f * ui;
        L->cpus = (VRect){L->left.x, y, L->left.w, h};
        for (int c = 0; c < L->n_cpus; c++) L->cpu_box[c] = (VRect){0, 0, 0, 0};
    } else {
        L->cpus = (VRect){L->left.x, y, L->left.w, hh + (float)crow * (bh + gap)};
        for (int c = 0; c < L->n_cpus; c++) {
            L->cpu_box[c] = (VRect){L->left.x + 6.0f * ui + (float)(c % cpr) * (bw + gap),
                                    y + hh + (float)(c / cpr) * (bh + gap), bw, bh};
        }
    }
    y += L->cpus.h + gap;
    {
        float h = hh + (float)cap_rows(layout_rows_for(L, cw, cnt->n[VA_READY]), L->cap_area) * L->slot_h +
                  6.0f * ui;
        L->area[VA_READY] = (VRect){L->left.x, y, L->left.w, h};
        y += h + gap;
    }
    /* sleeping and finished side by side when that is no taller than
     * stacking them: each usually holds few tokens */
    {
        float hw = (L->left.w - gap) / 2, hc = hw - 2 * 6.0f * ui;
        int ca = L->cap_area;
        int rs = cap_rows(layout_rows_for(L, hc, cnt->n[VA_SLEEP]), ca);
        int rd = cap_rows(layout_rows_for(L, hc, cnt->n[VA_DONE]), ca);
        float side = hh + (float)(rs > rd ? rs : rd) * L->slot_h + 6.0f * ui;
        float hs = hh + (float)cap_rows(layout_rows_for(L, cw, cnt->n[VA_SLEEP]), ca) * L->slot_h + 6.0f * ui;
        float hd = hh + (float)cap_rows(layout_rows_for(L, cw, cnt->n[VA_DONE]), ca) * L->slot_h + 6.0f * ui;
        if (side <= hs + hd + gap) {
            L->area[VA_SLEEP] = (VRect){L->left.x, y, hw, side};
            L->area[VA_DONE] = (VRect){L->left.x + hw + gap, y, hw, side};
            y += side + gap;
        } else {
            L->area[VA_SLEEP] = (VRect){L->left.x, y, L->left.w, hs};
            y += hs + gap;
            L->area[VA_DONE] = (VRect){L->left.x, y, L->left.w, hd};
            y += hd + gap;
        }
    }
    if (cnt->n[VA_NEW] > 0) {
        float h = hh + (float)cap_rows(layout_rows_for(L, cw, cnt->n[VA_NEW]), L->cap_area) * L->slot_h +
                  6.0f * ui;
        L->area[VA_NEW] = (VRect){L->left.x, y, L->left.w, h};
        y += h + gap;
    } else {
        L->area[VA_NEW] = (VRect){0, 0, 0, 0};
    }
    bool fits = y - gap <= L->left.y + L->left.h;

    /* right column: resource cards, row by row (laid from y 0, then moved
     * into place: a crowd's cards may scroll) */
    int n = L->n_cards;
    L->cards_rows = n > 0 ? (n + cols - 1) / cols : 0;
    L->cards_shown = L->cards_rows;
    L->cards_first = 0;
    if (n > 0) {
        float cwid = (L->right.w - (float)(cols - 1) * gap) / (float)cols;
        /* narrower cards would cut their status lines and wrap their trays */
        if (cols > 1 && cwid < (L->cap_area > 0 ? 120.0f : 200.0f) * ui) fits = false;
        /* small tokens mean a crowd: card titles shrink a little too */
        float chh = shrink < 0.75f ? 0.78f * hh : hh;
        L->card_px = (int)lroundf((float)L->head_px * (shrink < 0.75f ? 0.82f : 1.0f));
        float ry = 0;
        for (int row0 = 0; row0 < n; row0 += cols) {
            float rowh = 0;
            for (int i = row0; i < n && i < row0 + cols; i++) {
                VCard *k = &L->cards[i];
                float x = L->right.x + (float)(i - row0) * (cwid + gap);
                float inner = cwid - 2 * pad;
                k->head = (VRect){x + pad, ry + 2.0f * ui, inner, chh};
                k->status = (VRect){x + pad, k->head.y + chh, inner, (float)L->name_px + 10.0f * ui};
                float by = k->status.y + k->status.h;
                float b = layout_body_h(L, m, i, x + pad, by, inner, k);
                k->body = (VRect){x + pad, by, inner, b};
                float wy = k->body.y + b + pad;
                if (layout_has_wait(m->hdr->res[i].type)) {
                    float lab = (float)(L->note_px + 1) * 5.4f + 14.0f * ui; /* "waiting:" */
                    int nw = L->hw_wait[i]; /* the most it has held: no reflow */
                    /* nobody waiting: one line says so */
                    if (inner - lab < L->slot_w) fits = false;   /* a token must fit */
                    float wh = nw > 0 ? (float)cap_rows(layout_rows_for(L, inner - lab, nw), L->cap_wait) *
                                            L->slot_h
                                      : (float)L->note_px + 14.0f * ui;
                    k->wait = (VRect){x + pad + lab, wy, inner - lab, wh};
                } else {
                    k->wait = (VRect){x + pad, wy, inner, 0};
                }
                float h = (k->wait.y + k->wait.h + pad) - ry;
                k->box = (VRect){x, ry, cwid, h};
                if (h > rowh) rowh = h;
            }
            for (int i = row0; i < n && i < row0 + cols; i++) L->cards[i].box.h = rowh;
            ry += rowh + gap;
        }
        float avail = L->right.h;
        if (ry - gap > avail) {
            if (!L->scroll_ok) fits = false;
            else {
                /* show the rows from the scrolled one on that fit, with a
                 * line under them saying which */
                avail -= scroll_line_h(L);
                int rows = L->cards_rows, first = L->scroll_cards;
                if (first > rows - 1) first = rows - 1;
                if (first < 0) first = 0;
                /* at the bottom, no empty room: pull earlier rows in */
                float rest = ry - gap - L->cards[first * cols].box.y;
                while (first > 0 && rest + gap + L->cards[(first - 1) * cols].box.h <= avail) {
                    first--;
                    rest += gap + L->cards[first * cols].box.h;
                }
                float y0 = L->cards[first * cols].box.y;
                int shown = 0;
                for (int row = 0; row < rows; row++) {
                    const VRect *b = &L->cards[row * cols].box;
                    bool vis = row >= first && b->y + b->h - y0 <= avail;
                    if (vis) shown++;
                    for (int i = row * cols; i < n && i < (row + 1) * cols; i++) {
                        VCard *k = &L->cards[i];
                        if (vis) card_shift(k, L->right.y - y0);
                        else k->box.w = 0; /* not drawn; its waiters are hidden */
                    }
                }
                L->cards_first = first;
                L->cards_shown = shown;
                if (shown == 0) fits = false;
            }
        } else {
            for (int i = 0; i < n; i++) card_shift(&L->cards[i], L->right.y);
        }
    }
    return fits;
}

static bool grow(void **p, size_t n, size_t size)
{
    void *q = calloc(n ? n : 1, size);
    if (!q) return false;
    free(*p);
    *p = q;
    return true;
}

/* Token a's centre as the i-th of total in a flow area's content c: past
 * what c holds it is hidden under the last place, which becomes a "+N"
 * chip (added once per area, by the token that lands on it first). */
static void place(Layout *L, const VRect *c, int i, int total, int a, float *cx, float *cy)
{
    int cap = capacity(L, c);
    if (total > cap && i >= cap - 1) {
        layout_slot(L, c, cap - 1, cx, cy);
        L->hidden[a] = true;
        for (int j = 0; j < L->n_chips; j++)
            if (L->chips[j].x == *cx && L->chips[j].y == *cy) return;
        if (L->n_chips < L->n_cards + VA__COUNT + 1)
            L->chips[L->n_chips++] = (struct VChip){*cx, *cy, total - (cap - 1)};
        return;
    }
    layout_slot(L, c, i, cx, cy);
}

static void assign_targets(Layout *L, const Model *m)
{
    int k[VA__COUNT] = {0}, k_run = 0;
    int na = L->n_actors;
    /* the ready queue in the model's order (priority policy: the highest
     * level first, FIFO within a level: who runs next comes first), then
     * any ready actor it lacks */
    bool prio = m->hdr->policy == POL_PRIORITY;
    int lo = 0, hi = 0;
    for (int a = 0; a < na; a++) {
        int p = m->hdr->actors[a].priority;
        if (a == 0 || p < lo) lo = p;
        if (a == 0 || p > hi) hi = p;
    }
    if (hi - lo > 1000) prio = false;   /* absurd spreads: the model's order */
    for (int level = hi; level >= lo; level--) {
        for (int j = 0; j < m->ready.n; j++) {
            int a = m->ready.v[j];
            if (a < 0 || a >= na || area_of(m, a) != VA_READY || L->where_i[a] >= 0) continue;
            if (prio && m->hdr->actors[a].priority != level) continue;
            L->where[a] = VW_READY;
            L->where_i[a] = k[VA_READY]++;
        }
        if (!prio) break;
    }
    for (int a = 0; a < na; a++) {
        if (L->where_i[a] >= 0) continue;
        VArea ar = area_of(m, a);
        const MActor *ma = &m->actors[a];
        if (ar == VA__COUNT && ma->state == AS_RUNNING) {
            L->where[a] = VW_CPU;
            L->where_i[a] = L->os_run ? k_run++ : ma->cpu;
        } else if (ar == VA__COUNT) {
            L->where[a] = VW_WAIT;
            L->where_i[a] = idlist_find(&m->res[ma->res].waiters, a);
        } else {
            static const VWhere w_of[VA__COUNT] = {VW_READY, VW_SLEEP, VW_NEW, VW_DONE};
            L->where[a] = w_of[ar];
            L->where_i[a] = k[ar]++;
        }
    }
    L->n_running = k_run;
    L->n_chips = 0;
    /* a flow area shows what fits; past that, its last place is a chip */
    #define PLACE(content, i, total) place(L, &(content), (i), (total), a, &cx, &cy)
    for (int a = 0; a < na; a++) {
        float cx = 0, cy = 0;
        int i = L->where_i[a];
        switch (L->where[a]) {
        case VW_CPU: {
            if (L->os_run) {
                VRect c = layout_content(L, &L->cpus);
                PLACE(c, i, k_run);
                break;
            }
            const VRect *b = &L->cpu_box[i];
            cx = b->x + b->w / 2;
            cy = b->y + (float)L->note_px + 6.0f + 5.0f * L->s + L->r + 4.0f * L->s;
            break;
        }
        case VW_WAIT: {
            int r = m->actors[a].res;
            const VCard *k = &L->cards[r];
            if (k->box.w <= 0) {
                /* its card is scrolled out of view: under the scroll line */
                L->hidden[a] = true;
                cx = L->right.x + L->right.w / 2;
                cy = L->right.y + L->right.h - scroll_line_h(L) / 2;
                break;
            }
            if (m->hdr->res[r].type == RES_BARRIER) PLACE(k->body, i, m->res[r].waiters.n);
            else PLACE(k->wait, i, m->res[r].waiters.n);
            break;
        }
        default: {
            static const VArea a_of[] = {VA__COUNT, VA_READY, VA__COUNT, VA_SLEEP, VA_NEW, VA_DONE};
            VArea ar = a_of[L->where[a]];
            VRect c = layout_content(L, &L->area[ar]);
            PLACE(c, i, k[ar]);
            break;
        }
        }
        L->tx[a] = cx;
        L->ty[a] = cy;
    }
    #undef PLACE
}

/* Token scales, largest first, and left-column widths, tried in order. */
static const float SHRINKS[] = {1.3f, 1.15f, 1.0f, 0.9f, 0.8f, 0.72f, 0.64f,
                                0.56f, 0.5f, 0.44f, 0.38f, 0.33f, 0.28f};
static const float FRACS[] = {0.40f, 0.32f, 0.26f, 0.50f, 0.58f};

/* The crowd levels: rows per left area and per wait queue; the last
 * level also lets the cards scroll. Level 0: no caps, names shown. */
#define CROWD_LEVELS 4
static void crowd_level(Layout *L, int lv)
{
    static const int caps[CROWD_LEVELS + 1][2] = {{0, 0}, {4, 2}, {3, 1}, {2, 1}, {2, 1}};
    if (lv < 0 || lv > CROWD_LEVELS) lv = 0;
    L->cap_area = caps[lv][0];
    L->cap_wait = caps[lv][1];
    L->names = lv == 0;
    L->scroll_ok = lv == CROWD_LEVELS;
}

/* The best token scale, card columns and column split for cnt (into *bs,
 * *bc, *bf); its score, or -1 when none fits (then the smallest). */
static float search(Layout *L, const Model *m, const Counts *cnt, int *bs, int *bc, int *bf)
{
    int nr = m->hdr->n_res;
    float ui = L->ui;
    const float *shrinks = SHRINKS;
    int ns = (int)(sizeof SHRINKS / sizeof SHRINKS[0]);
    /* the largest tokens win, but an extra column of cards costs: narrow
     * cards wrap their wait queues and cut their labels */
    int c0 = nr <= 3 ? 1 : nr <= 8 ? 2 : 3, cmax = nr > 0 ? nr : 1;
    /* a crowd tries many narrow columns of small cards */
    int cspan = L->cap_area > 0 ? 8 : 2;
    /* a narrow left column buys the cards a column less: many resources */
    const float *fracs = FRACS;
    static const float fscore[] = {1.0f, 0.98f, 0.97f, 0.96f, 0.92f};
    float best = -1;
    int best_s = ns - 1, best_c = c0 + cspan <= cmax ? c0 + cspan : cmax, best_f = 0;
    for (int fi = 0; fi < 5; fi++)
        for (int si = 0; si < ns; si++) {
            for (int cols = c0; cols <= c0 + cspan && cols <= cmax; cols++) {
                /* a card narrower than its status line wants costs too */
                split(L, fracs[fi]);
                float cw = (L->right.w - (float)(cols - 1) * 10.0f * ui) / (float)cols;
                float colk = cspan > 2 ? 1.0f / (1.0f + 0.08f * (float)(cols - c0))
                                       : (cols == c0 ? 1.0f : cols == c0 + 1 ? 0.8f : 0.65f);
                float score = shrinks[si] * colk * fscore[fi] * fminf(1.0f, cw / (320.0f * ui));
                /* a crowd's tokens stay big enough for their letter */
                if (L->cap_area > 0 && shrinks[si] < 0.44f) continue;
                if (score <= best && !L->scroll_ok) continue;
                if (attempt(L, m, cnt, shrinks[si], cols, fracs[fi])) {
                    /* scrolled cards: the more of them in view the better,
                     * then the bigger */
                    if (L->scroll_ok) {
                        int vis = L->cards_shown * cols;
                        if (vis > nr) vis = nr;
                        score = (float)vis + 0.3f * shrinks[si] * fscore[fi];
                    }
                    if (score <= best) continue;
                    best = score;
                    best_s = si;
                    best_c = cols;
                    best_f = fi;
                }
            }
        }
    *bs = best_s;
    *bc = best_c;
    *bf = best_f;
    return best;
}

bool layout_compute(Layout *L, const Model *m, int w, int h)
{
    const Scenario *sc = m->hdr;
    if (w < 320) w = 320;
    if (h < 200) h = 200;
    int na = sc->n_actors, nr = sc->n_res, nc = sc->cpus < 1 ? 1 : sc->cpus;
    if (na != L->n_actors || nr != L->n_cards || nc != L->n_cpus || !L->tx) {
        if (!grow((void **)&L->tx, (size_t)na, sizeof(float)) ||
            !grow((void **)&L->ty, (size_t)na, sizeof(float)) ||
            !grow((void **)&L->where, (size_t)na, sizeof(VWhere)) ||
            !grow((void **)&L->where_i, (size_t)na, sizeof(int)) ||
            !grow((void **)&L->hidden, (size_t)na, sizeof(bool)) ||
            !grow((void **)&L->cards, (size_t)nr, sizeof(VCard)) ||
            !grow((void **)&L->cpu_box, (size_t)nc, sizeof(VRect)) ||
            !grow((void **)&L->hw_wait, (size_t)nr, sizeof(int)) ||
            !grow((void **)&L->chips, (size_t)nr + VA__COUNT + 1, sizeof *L->chips)) {
            layout_free(L);
            return false;
        }
        L->n_actors = na;
        L->n_cards = nr;
        L->n_cpus = nc;
        L->chosen = false;
    }
    if (L->os_run != (sc->policy == POL_OS)) {
        L->os_run = sc->policy == POL_OS;
        L->chosen = false;
        L->hw_running = 0;
    }
    if (w != L->w || h != L->h || m->next_seq < L->hw_seq || text_k(L) != L->ts_chosen) {
        /* a new size, text size or a seek back: size for what is there now */
        L->ts_chosen = text_k(L);
        L->chosen = false;
        memset(L->hw_area, 0, sizeof L->hw_area);
        L->hw_running = 0;
        memset(L->hw_wait, 0, (size_t)(nr > 0 ? nr : 1) * sizeof *L->hw_wait);
    }
    L->hw_seq = m->next_seq;
    for (int r = 0; r < nr; r++)
        if (m->res[r].waiters.n > L->hw_wait[r]) L->hw_wait[r] = m->res[r].waiters.n;
    L->w = w;
    L->h = h;
    float ui = fminf((float)w / 1280.0f, (float)h / 720.0f);
    if (ui < 0.5f) ui = 0.5f;
    if (ui > 2.5f) ui = 2.5f;
    L->ui = ui;
    float ts = text_k(L);
    L->title_px = (int)lroundf(28.0f * ui * ts);
    L->head_px = (int)lroundf(22.0f * ui * ts);
    if (L->head_px < 14) L->head_px = 14;
    float margin = 12.0f * ui, gap = 14.0f * ui;
    L->title = (VRect){0, 0, (float)w, fmaxf(56.0f * ui, 2.0f * (float)L->title_px)};
    L->legend = (VRect){0, (float)h - 40.0f * ui, (float)w, 40.0f * ui};
    float top = L->title.h + margin, bottom = L->legend.y - margin;
    L->strip = (VRect){0, 0, 0, 0};
    if (L->want_strip > 0) {
        /* never more than a third of the window: the stage comes first */
        float sh = fminf(L->want_strip * ui, (bottom - top) / 3.0f);
        L->strip = (VRect){margin, bottom - sh, (float)w - 2 * margin, sh};
        bottom -= sh + margin;
    }
    L->margin_ = margin;
    L->gap_ = gap;
    L->top_ = top;
    L->bottom_ = bottom;
    Counts cnt;
    memset(&cnt, 0, sizeof cnt);
    for (int a = 0; a < na; a++) {
        VArea ar = area_of(m, a);
        if (ar != VA__COUNT) cnt.n[ar]++;
        else if (m->actors[a].state == AS_RUNNING) cnt.running++;
        L->where_i[a] = -1;
        L->hidden[a] = false;
    }
    if (!L->os_run) cnt.running = 0;
    Counts now_cnt = cnt; /* what the areas hold at this instant */
    if (cnt.running > L->hw_running) L->hw_running = cnt.running;
    cnt.running = L->hw_running;
    for (int k = 0; k < VA__COUNT; k++) {
        if (k == VA_NEW) continue; /* only ever empties: no room kept for it */
        if (cnt.n[k] > L->hw_area[k]) L->hw_area[k] = cnt.n[k];
        cnt.n[k] = L->hw_area[k];
    }
    /* the "not started" area goes once everyone started: that room is
     * free for good, so choose again (once) with bigger tokens */
    if (L->chosen && L->ch_new && now_cnt.n[VA_NEW] == 0) L->chosen = false;
    if (L->chosen) {
        crowd_level(L, L->ch_crowd);
        if (attempt(L, m, &cnt, SHRINKS[L->ch_s], L->ch_c, FRACS[L->ch_f])) {
            L->fits = true;
            assign_targets(L, m);
            return true;
        }
    }
    crowd_level(L, 0);
    float best = search(L, m, &cnt, &L->ch_s, &L->ch_c, &L->ch_f);
    if (best > 0 && memcmp(&cnt, &now_cnt, sizeof cnt) != 0) {
        /* room kept for the most each area ever held can shrink every
         * token beside empty areas: when sizing for now is much better,
         * forget the old peaks */
        int s2, c2, f2;
        float now_best = search(L, m, &now_cnt, &s2, &c2, &f2);
        if (now_best > 1.25f * best) {
            for (int k = 0; k < VA__COUNT; k++) L->hw_area[k] = now_cnt.n[k];
            L->hw_running = now_cnt.running;
            cnt = now_cnt;
            best = now_best;
            L->ch_s = s2;
            L->ch_c = c2;
            L->ch_f = f2;
        }
    }
    if (best <= 0) {
        /* the most each area has held does not fit all at once (a crowd
         * that moved from area to area): size for what is there now */
        for (int k = 0; k < VA__COUNT; k++) L->hw_area[k] = now_cnt.n[k];
        L->hw_running = now_cnt.running;
        cnt = now_cnt;
        best = search(L, m, &cnt, &L->ch_s, &L->ch_c, &L->ch_f);
    }
    /* still too many: a crowd. Bare tokens, areas and wait queues capped
     * (the rest counted in a chip), tighter caps in turn, and at last the
     * cards scroll. */
    L->ch_crowd = 0;
    for (int lv = 1; best <= 0 && lv <= CROWD_LEVELS; lv++) {
        crowd_level(L, lv);
        best = search(L, m, &cnt, &L->ch_s, &L->ch_c, &L->ch_f);
        if (best > 0) L->ch_crowd = lv;
    }
    if (best <= 0) crowd_level(L, L->ch_crowd); /* clamped: the loosest that was tried */
    L->fits = best > 0;
    attempt(L, m, &cnt, SHRINKS[L->ch_s], L->ch_c, FRACS[L->ch_f]);
    L->chosen = L->fits;
    L->ch_new = now_cnt.n[VA_NEW] > 0;
    assign_targets(L, m);
    return true;
}

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
    memset(L, 0, sizeof *L);
}

float layout_header_h(const Layout *L) { return 34.0f * L->ui; }

/* wide enough for "← submit" in the note font, however small the tokens */
float layout_tray_margin(const Layout *L) { return fmaxf(50.0f * L->s, 44.0f * L->ui) + 4.0f * L->ui; }

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

static void set_scale(Layout *L, float shrink)
{
    L->s = L->ui * shrink;
    L->r = 24.0f * L->s;
    L->name_px = (int)lroundf(17.0f * L->s);
    if (L->name_px < 11) L->name_px = 11;
    L->note_px = (int)lroundf(15.0f * L->s);
    if (L->note_px < 10) L->note_px = 10;
    L->slot_w = 132.0f * L->s;
    L->slot_h = 2 * L->r + 4.0f * L->s + (float)(L->name_px + 4) + (float)(L->note_px + 4);
}

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
        float h = hh + (float)layout_rows_for(L, cw, cnt->running) * L->slot_h + 6.0f * ui;
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
        float h = hh + (float)layout_rows_for(L, cw, cnt->n[VA_READY]) * L->slot_h + 6.0f * ui;
        L->area[VA_READY] = (VRect){L->left.x, y, L->left.w, h};
        y += h + gap;
    }
    /* sleeping and finished side by side when that is no taller than
     * stacking them: each usually holds few tokens */
    {
        float hw = (L->left.w - gap) / 2, hc = hw - 2 * 6.0f * ui;
        int rs = layout_rows_for(L, hc, cnt->n[VA_SLEEP]), rd = layout_rows_for(L, hc, cnt->n[VA_DONE]);
        float side = hh + (float)(rs > rd ? rs : rd) * L->slot_h + 6.0f * ui;
        float hs = hh + (float)layout_rows_for(L, cw, cnt->n[VA_SLEEP]) * L->slot_h + 6.0f * ui;
        float hd = hh + (float)layout_rows_for(L, cw, cnt->n[VA_DONE]) * L->slot_h + 6.0f * ui;
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
        float h = hh + (float)layout_rows_for(L, cw, cnt->n[VA_NEW]) * L->slot_h + 6.0f * ui;
        L->area[VA_NEW] = (VRect){L->left.x, y, L->left.w, h};
        y += h + gap;
    } else {
        L->area[VA_NEW] = (VRect){0, 0, 0, 0};
    }
    bool fits = y - gap <= L->left.y + L->left.h;

    /* right column: resource cards, row by row */
    int n = L->n_cards;
    if (n > 0) {
        float cwid = (L->right.w - (float)(cols - 1) * gap) / (float)cols;
        /* narrower cards would cut their status lines and wrap their trays */
        if (cols > 1 && cwid < 200.0f * ui) fits = false;
        /* small tokens mean a crowd: card titles shrink a little too */
        float chh = shrink < 0.75f ? 0.78f * hh : hh;
        L->card_px = (int)lroundf((float)L->head_px * (shrink < 0.75f ? 0.82f : 1.0f));
        float ry = L->right.y;
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
                    float wh = nw > 0 ? (float)layout_rows_for(L, inner - lab, nw) * L->slot_h
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
        if (ry - gap > L->right.y + L->right.h) fits = false;
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
    for (int a = 0; a < na; a++) {
        float cx = 0, cy = 0;
        int i = L->where_i[a];
        switch (L->where[a]) {
        case VW_CPU: {
            if (L->os_run) {
                VRect c = layout_content(L, &L->cpus);
                layout_slot(L, &c, i, &cx, &cy);
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
            layout_slot(L, m->hdr->res[r].type == RES_BARRIER ? &k->body : &k->wait, i, &cx, &cy);
            break;
        }
        default: {
            static const VArea a_of[] = {VA__COUNT, VA_READY, VA__COUNT, VA_SLEEP, VA_NEW, VA_DONE};
            VRect c = layout_content(L, &L->area[a_of[L->where[a]]]);
            layout_slot(L, &c, i, &cx, &cy);
            break;
        }
        }
        L->tx[a] = cx;
        L->ty[a] = cy;
    }
}

/* Token scales, largest first, and left-column widths, tried in order. */
static const float SHRINKS[] = {1.3f, 1.15f, 1.0f, 0.9f, 0.8f, 0.72f, 0.64f,
                                0.56f, 0.5f, 0.44f, 0.38f, 0.33f, 0.28f};
static const float FRACS[] = {0.40f, 0.32f, 0.26f, 0.50f, 0.58f};

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
    /* a narrow left column buys the cards a column less: many resources */
    const float *fracs = FRACS;
    static const float fscore[] = {1.0f, 0.98f, 0.97f, 0.96f, 0.92f};
    float best = -1;
    int best_s = ns - 1, best_c = c0 + 2 <= cmax ? c0 + 2 : cmax, best_f = 0;
    for (int fi = 0; fi < 5; fi++)
        for (int si = 0; si < ns; si++) {
            for (int cols = c0; cols <= c0 + 2 && cols <= cmax; cols++) {
                /* a card narrower than its status line wants costs too */
                split(L, fracs[fi]);
                float cw = (L->right.w - (float)(cols - 1) * 10.0f * ui) / (float)cols;
                float score = shrinks[si] * (cols == c0 ? 1.0f : cols == c0 + 1 ? 0.8f : 0.65f) *
                              fscore[fi] * fminf(1.0f, cw / (320.0f * ui));
                if (score <= best) continue;
                if (attempt(L, m, cnt, shrinks[si], cols, fracs[fi])) {
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
            !grow((void **)&L->hw_wait, (size_t)nr, sizeof(int))) {
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
    if (w != L->w || h != L->h || m->next_seq < L->hw_seq) {
        /* a new size or a seek back: size for what is there now */
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
    L->title_px = (int)lroundf(28.0f * ui);
    L->head_px = (int)lroundf(22.0f * ui);
    if (L->head_px < 14) L->head_px = 14;
    float margin = 12.0f * ui, gap = 14.0f * ui;
    L->title = (VRect){0, 0, (float)w, 56.0f * ui};
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
    if (L->chosen && attempt(L, m, &cnt, SHRINKS[L->ch_s], L->ch_c, FRACS[L->ch_f])) {
        L->fits = true;
        assign_targets(L, m);
        return true;
    }
    float best = search(L, m, &cnt, &L->ch_s, &L->ch_c, &L->ch_f);
    if (best <= 0) {
        /* the most each area has held does not fit all at once (a crowd
         * that moved from area to area): size for what is there now */
        for (int k = 0; k < VA__COUNT; k++) L->hw_area[k] = now_cnt.n[k];
        L->hw_running = now_cnt.running;
        cnt = now_cnt;
        best = search(L, m, &cnt, &L->ch_s, &L->ch_c, &L->ch_f);
    }
    L->fits = best > 0;
    attempt(L, m, &cnt, SHRINKS[L->ch_s], L->ch_c, FRACS[L->ch_f]);
    L->chosen = L->fits;
    L->ch_new = now_cnt.n[VA_NEW] > 0;
    assign_targets(L, m);
    return true;
}

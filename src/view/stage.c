/* stage — see stage.h. Drawing order: background furniture first, then
 * resource pictures, then the moving tokens on top, then the title bar,
 * legend and banner, so a token in flight never hides the chrome. */
#include "view/stage.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "view/cards.h"
#include "view/deadlock.h"
#include "view/lanes.h"
#include "view/narrate.h"
#include "view/paint.h"
#include "view/palette.h"
#include "view/vmodel.h"

#define HEX(x) vcolor_hex(x)
#define STRIP_H 172.0f   /* the timeline strip's height at 1280x720 */

void stage_init(Stage *st)
{
    layout_init(&st->L);
    anim_init(&st->A);
    dl_init(&st->dl);
    lanes_init(&st->lanes);
}

void stage_free(Stage *st)
{
    layout_free(&st->L);
    anim_free(&st->A);
    dl_free(&st->dl);
    lanes_free(&st->lanes);
}

VColor stage_background(void) { return HEX(PAL_BG); }

static void fmt_secs(char *buf, size_t cap, int64_t us)
{
    snprintf(buf, cap, "%.3f s", (double)us / 1e6);
}

static void panel(DrawList *dl, const Layout *L, const VRect *r, const char *title)
{
    dl_box(dl, r->x, r->y, r->w, r->h, 10.0f * L->ui, 1.5f * L->ui, HEX(PAL_PANEL), HEX(PAL_EDGE));
    if (title)
        dl_text(dl, r->x + 12.0f * L->ui, r->y + layout_header_h(L) / 2 + 1, L->head_px, true,
                DL_LEFT, r->w - 24.0f * L->ui, HEX(PAL_INK), title);
}

static void draw_left(DrawList *dl, const Layout *L, const Model *m)
{
    char buf[64];
    if (L->os_run) { /* no virtual CPUs: who runs now, however many */
        snprintf(buf, sizeof buf, "Running now: %d", L->n_running);
        panel(dl, L, &L->cpus, buf);
        VRect c = layout_content(L, &L->cpus);
        if (L->n_running == 0)
            dl_text(dl, c.x + 8.0f * L->ui, c.y + L->slot_h * 0.35f, L->name_px, false, DL_LEFT,
                    c.w, HEX(PAL_MUTED), "nobody");
    } else {
        panel(dl, L, &L->cpus, m->hdr->cpus == 1 ? "CPU" : "CPUs");
    }
    for (int c = 0; !L->os_run && c < L->n_cpus; c++) {
        const VRect *b = &L->cpu_box[c];
        dl_box(dl, b->x, b->y, b->w, b->h, 8.0f * L->s, 2.5f * L->s, HEX(0xE9F5EF), HEX(0x2F6B55));
        snprintf(buf, sizeof buf, "CPU %d", c + 1);
        dl_text(dl, b->x + 8.0f * L->s, b->y + (float)L->note_px * 0.5f + 5.0f, L->note_px, true,
                DL_LEFT, b->w, HEX(0x2F6B55), buf);
        if (m->cpu_holder && m->cpu_holder[c] < 0)
            dl_text(dl, b->x + b->w / 2, b->y + b->h * 0.55f, L->name_px, false, DL_CENTER, b->w,
                    HEX(PAL_MUTED), "idle");
    }
    static const char *titles[VA__COUNT] = {"Ready queue  (next first)", "Sleeping",
                                            "Not started", "Finished"};
    bool joining = false;
    for (int a = 0; a < L->n_actors; a++)
        joining |= L->where[a] == VW_SLEEP && m->actors[a].state == AS_BLOCKED;
    for (int a = 0; a < VA__COUNT; a++) {
        if (L->area[a].w <= 0) continue;
        const char *t = titles[a];
        if (a == VA_SLEEP && joining) t = "Sleeping / joining";
        if (a == VA_READY && m->hdr->policy == POL_PRIORITY) t = "Ready queue  (priority: next first)";
        panel(dl, L, &L->area[a], t);
        if (a == VA_READY) {
            VRect c = layout_content(L, &L->area[a]);
            if (m->ready.n == 0)
                dl_text(dl, c.x + 8.0f * L->ui, c.y + L->slot_h * 0.35f, L->name_px, false, DL_LEFT,
                        c.w, HEX(PAL_MUTED), "empty");
        }
    }
}

#define CAPTION_FRESH_US 10  /* a say and the wait of the same step: a few us of step cost apart */

/* The short line under a token's name: why it sleeps, what killed it,
 * what it waits for, or its latest caption; its colour in *nc. */
static void token_note(const Model *m, int a, char *buf, size_t cap, VColor *nc)
{
    const MActor *ma = &m->actors[a];
    buf[0] = 0;
    *nc = HEX(0x3C4A57);
    if (ma->state == AS_SLEEPING && ma->until >= 0) {
        char t[32];
        fmt_secs(t, sizeof t, ma->until);
        /* the caption says why it sleeps ("red", "parked"); there is room for
         * one short line, so the wake time shows only when there is none */
        if (ma->caption[0]) snprintf(buf, cap, "“%s”", ma->caption);
        else snprintf(buf, cap, "wakes %s", t);
    } else if (ma->state == AS_ERROR) {
        snprintf(buf, cap, "error: %s", ma->error);
        *nc = HEX(0x8E3B6E);
    } else if (ma->state == AS_KILLED) {
        /* the cross on the token says killed; a long reason goes alone */
        if (strlen(ma->error) > 10) snprintf(buf, cap, "%s", ma->error);
        else snprintf(buf, cap, "killed: %s", ma->error[0] ? ma->error : "?");
        *nc = HEX(0x8E3B6E);
    } else if (ma->state == AS_NEW && !m->hdr->actors[a].autostart) {
        snprintf(buf, cap, "needs start()");
        *nc = HEX(PAL_MUTED);
    } else if (ma->state == AS_BLOCKED && strcmp(ma->op, "join") == 0 &&
               (ma->res < 0 || ma->res >= m->hdr->n_res || !ma->caption[0])) {
        int t = vm_join_target(m, a);
        if (t >= 0) snprintf(buf, cap, "join(%s)", paint_name(m, t));
        else snprintf(buf, cap, "join()");
    } else if (ma->caption[0]) {
        snprintf(buf, cap, "“%s”", ma->caption);
        /* said well before it blocked: an earlier step's words, not why it
         * waits now (the card it queues in says that), so greyed */
        if (ma->state == AS_BLOCKED && ma->caption_t + CAPTION_FRESH_US < ma->since) *nc = HEX(PAL_MUTED);
    }
}

#define FAIL_SHOWN_US INT64_C(1000000)

static void draw_token(DrawList *dl, const Layout *L, const Model *m, int a, float x, float y)
{
    const MActor *ma = &m->actors[a];
    char buf[VALUE_STR_MAX + 40];
    float r = L->r;
    dl_circle(dl, x, y, r + 2.5f * L->s, HEX(PAL_INK));
    dl_circle(dl, x, y, r, pal_state(ma->state));
    if (vm_dead(m, a)) paint_dead_mark(dl, L, x, y, r);
    bool centre_used = !vm_dead(m, a) &&
                       ((m->hdr->mode == MODE_PROCESSES && ma->pid > 0) ||
                        (m->hdr->policy == POL_PRIORITY && ma->state != AS_DONE));
    if (!vm_dead(m, a)) {
        /* the state's letter, so it reads without colour: in the middle,
         * or in a badge at the top left when a pid or priority is there */
        const char *lt = lanes_letter(ma->state);
        if (!centre_used) {
            dl_text(dl, x, y, (int)lroundf(r * 0.95f), true, DL_CENTER, 2 * r, HEX(PAL_INK), lt);
        } else {
            float br = fmaxf(r * 0.42f, 7.0f), bx = x - r * 0.8f, by = y - r * 0.8f;
            dl_circle(dl, bx, by, br + 1.5f * L->s, HEX(PAL_INK));
            dl_circle(dl, bx, by, br, HEX(0xFFFFFF));
            dl_text(dl, bx, by, (int)lroundf(br * 1.3f), true, DL_CENTER, 2 * br, HEX(PAL_INK), lt);
        }
    }
    if (m->hdr->mode == MODE_PROCESSES && ma->pid > 0 && !vm_dead(m, a)) {
        /* each process's own pid, inside its token */
        int nd = snprintf(buf, sizeof buf, "%" PRId64, ma->pid);
        /* as large as the digits allow inside the disc */
        int px = (int)((2 * r - 4.0f * L->s) / (0.75f * (float)(nd > 3 ? nd : 3)));
        if (px > (int)(r * 0.8f)) px = (int)(r * 0.8f);
        /* tokens of a crowd are too small for digits: no pid beats "…" */
        if (px >= 9) dl_text(dl, x, y, px, true, DL_CENTER, 2 * r, HEX(PAL_INK), buf);
    } else if (m->hdr->policy == POL_PRIORITY && !vm_dead(m, a) && ma->state != AS_DONE) {
        /* the priority decides who runs: show it where the eye already is */
        snprintf(buf, sizeof buf, "%d", m->hdr->actors[a].priority);
        dl_text(dl, x, y, (int)lroundf(r * 0.9f), true, DL_CENTER, 2 * r, HEX(PAL_INK), buf);
    }
    if (ma->fail[0] && m->t - ma->fail_t <= FAIL_SHOWN_US && !vm_dead(m, a)) {
        /* Full / Empty / busy / timed out: a tag over the token for a second
         * of virtual time, as Python would raise it, whatever it says next */
        float tw = (float)L->note_px * 0.62f * (float)(strlen(ma->fail) + 2) + 8.0f * L->s;
        float th = (float)L->note_px + 6.0f * L->s;
        dl_rrect(dl, x - tw / 2, y - r - th * 0.75f, tw, th, th / 2, HEX(0xD55E00));
        snprintf(buf, sizeof buf, "⚠ %s", ma->fail);
        dl_text(dl, x, y - r - th * 0.25f, L->note_px, true, DL_CENTER, tw, HEX(0xFFFFFF), buf);
    }
    if (!L->names) return; /* a crowd: bare tokens (hover names them) */
    float ny = y + r + 4.0f * L->s + (float)L->name_px * 0.55f;
    dl_text(dl, x, ny, L->name_px, true, DL_CENTER, L->slot_w - 4, HEX(PAL_INK), paint_name(m, a));
    VColor nc;
    token_note(m, a, buf, sizeof buf, &nc);
    if (buf[0])
        dl_text(dl, x, ny + (float)L->name_px * 0.55f + 2.0f + (float)L->note_px * 0.55f,
                L->note_px, false, DL_CENTER, L->slot_w - 10.0f * L->s, nc, buf); /* apart from the next one's */
}

/* "+N" where an area shows fewer tokens than it holds; "cards 1–3 of 9
 * rows" under scrolled cards. */
static void draw_chips(DrawList *dl, const Layout *L)
{
    char buf[96];
    for (int i = 0; i < L->n_chips; i++) {
        const struct VChip *c = &L->chips[i];
        float w = fmaxf(2.0f * L->r, 0.6f * (float)L->note_px * 4.5f), h = 2.0f * L->r;
        dl_box(dl, c->x - w / 2, c->y - h / 2, w, h, h / 2, 1.5f * L->ui, HEX(0xFFFFFF), HEX(PAL_INK));
        snprintf(buf, sizeof buf, "+%d", c->n);
        dl_text(dl, c->x, c->y, L->note_px, true, DL_CENTER, w, HEX(PAL_INK), buf);
    }
    if (L->cards_shown < L->cards_rows) {
        snprintf(buf, sizeof buf, "card rows %d–%d of %d · wheel to scroll", L->cards_first + 1,
                 L->cards_first + L->cards_shown, L->cards_rows);
        dl_text(dl, L->right.x + L->right.w / 2, L->right.y + L->right.h - ((float)L->note_px + 12.0f * L->ui) / 2,
                L->note_px + 1, true, DL_CENTER, L->right.w, HEX(PAL_MUTED), buf);
    }
}

static void draw_title(DrawList *dl, const Layout *L, const Model *m, const StageInfo *info)
{
    float ui = L->ui, cy = L->title.h / 2;
    dl_rect(dl, 0, 0, L->title.w, L->title.h, HEX(PAL_TITLE_BG));
    char buf[128], t[32];
    fmt_secs(t, sizeof t, info && info->has_clock && info->clock_us > m->t ? info->clock_us : m->t);
    snprintf(buf, sizeof buf, "t = %s", t);
    float x = L->title.w - 16.0f * ui;
    int px = (int)lroundf(22.0f * ui);
    /* right to left: outcome, PAUSED, speed, time */
    if (m->ended) {
        VColor oc = m->outcome == OUT_COMPLETED ? HEX(0x009E73)
                  : m->outcome == OUT_DEADLOCK ? HEX(0xD55E00)
                  : m->outcome == OUT_FAULT ? HEX(0xCC79A7) : HEX(0x7A7A7A);
        float bw = 170.0f * ui;
        dl_rrect(dl, x - bw, cy - 17.0f * ui, bw, 34.0f * ui, 8.0f * ui, oc);
        char o[32];
        snprintf(o, sizeof o, "%s", outcome_name(m->outcome));
        for (char *p = o; *p; p++) *p = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
        dl_text(dl, x - bw / 2, cy, px, true, DL_CENTER, bw - 8, HEX(0xFFFFFF), o);
        x -= bw + 14.0f * ui;
    }
    if (info && info->paused) {
        float bw = 120.0f * ui;
        dl_rrect(dl, x - bw, cy - 17.0f * ui, bw, 34.0f * ui, 8.0f * ui, HEX(0xE69F00));
        dl_text(dl, x - bw / 2, cy, px, true, DL_CENTER, bw - 8, HEX(0x1F2328), "PAUSED");
        x -= bw + 14.0f * ui;
    }
    if (info && info->speed > 0) {
        char sp[48];
        snprintf(sp, sizeof sp, "speed ×%g", info->speed);
        dl_text(dl, x, cy, px, false, DL_RIGHT, 0, HEX(0xC8D3DE), sp);
        x -= 150.0f * ui;
    }
    dl_text(dl, x, cy, px, true, DL_RIGHT, 0, HEX(0xFFFFFF), buf);
    x -= 170.0f * ui;
    if (m->hdr->mode == MODE_PROCESSES) {
        /* every actor is a forked process: say so where the run is named */
        float bw = 130.0f * ui;
        dl_rrect(dl, x - bw, cy - 15.0f * ui, bw, 30.0f * ui, 8.0f * ui, HEX(0xCC79A7));
        dl_text(dl, x - bw / 2, cy, (int)lroundf(19.0f * ui), true, DL_CENTER, bw - 8, HEX(0x1F2328),
                "processes");
        x -= bw + 14.0f * ui;
    }
    const char *title = m->hdr->title[0] ? m->hdr->title : "syncscope";
    dl_text(dl, 16.0f * ui, cy, L->title_px, true, DL_LEFT, x - 30.0f * ui, HEX(0xFFFFFF), title);
}

static void draw_legend(DrawList *dl, const Layout *L, const Model *m, const StageInfo *info)
{
    float ui = L->ui, cy = L->legend.y + L->legend.h / 2;
    dl_rect(dl, 0, L->legend.y, L->legend.w, L->legend.h, HEX(0xE6E3DA));
    static const ActorState order[] = {AS_RUNNING, AS_READY, AS_BLOCKED, AS_SLEEPING, AS_DONE,
                                       AS_ERROR, AS_NEW};
    static const char *words[] = {"running", "ready", "blocked", "sleeping", "done",
                                  "killed / error", "not started"};
    float x = 16.0f * ui, rr = 11.0f * ui;
    int px = (int)lroundf(17.0f * ui);
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        dl_circle(dl, x + rr, cy, rr + 1.5f * ui, HEX(PAL_INK));
        dl_circle(dl, x + rr, cy, rr, pal_state(order[i]));
        if (order[i] == AS_ERROR) paint_dead_mark(dl, L, x + rr, cy, rr);   /* as on the tokens */
        else dl_text(dl, x + rr, cy, (int)lroundf(rr * 1.3f), true, DL_CENTER, 2 * rr, HEX(PAL_INK),
                     lanes_letter(order[i]));
        dl_text(dl, x + 2 * rr + 6.0f * ui, cy, px, false, DL_LEFT, 0, HEX(PAL_INK), words[i]);
        x += 2 * rr + 12.0f * ui + (float)strlen(words[i]) * (float)px * 0.5f + 14.0f * ui;
    }
    char buf[VALUE_STR_MAX + 64];
    buf[0] = 0;
    if (m->ended && m->reason[0]) snprintf(buf, sizeof buf, "%s: %s", outcome_name(m->outcome), m->reason);
    else if (info && info->show_keys)
        snprintf(buf, sizeof buf, "Space pause · +/− speed · Esc quit");
    /* the window's buttons take the right end of the bar */
    float right = L->legend.w - (info && info->legend_reserve > 0 ? info->legend_reserve : 0);
    float rw = right - x - 16.0f * ui;
    if (buf[0] && rw > 60.0f * ui)
        dl_text(dl, right - 16.0f * ui, cy, px, m->ended, DL_RIGHT, rw, HEX(PAL_INK), buf);
}

/* The timeline on the left of the strip; on its right the narration while
 * the run goes, the deadlock explained when there is one, the results at
 * the end. */
static void draw_strip(DrawList *dl, const Layout *L, const Model *m, const Timeline *tl,
                       const Lanes *ln, VRect *lanes_box, int *first)
{
    float gap = 12.0f * L->ui;
    VRect s = L->strip;
    float lw = floorf((s.w - gap) * 0.58f);
    VRect lanes = {s.x, s.y, lw, s.h}, side = {s.x + lw + gap, s.y, s.w - lw - gap, s.h};
    int fmax = lanes_first_max(L, &lanes, m->hdr->n_actors);
    if (*first > fmax) *first = fmax;
    if (*first < 0) *first = 0;
    *lanes_box = lanes;
    lanes_draw(dl, L, m, ln, &lanes, *first);
    if (deadlock_has_cycle(m) || (m->ended && m->outcome == OUT_DEADLOCK))
        deadlock_draw_banner(dl, L, m, &side);
    else if (m->ended)
        results_draw(dl, L, m, &side);
    else
        narrate_draw(dl, L, m, tl, ln, &side);
}

bool stage_frame(Stage *st, const Model *m, int w, int h, double dt_ms, const StageInfo *info)
{
    DrawList *dl = &st->dl;
    dl_clear(dl);
    const Timeline *tl = info ? info->tl : NULL;
    if (tl && !lanes_update(&st->lanes, tl, m->hdr->n_actors)) return false;
    st->L.want_strip = tl ? STRIP_H : 0;
    st->L.text_scale = info && info->text_scale > 0 ? info->text_scale : 1;
    st->L.scroll_cards = info ? info->scroll_cards : 0;
    if (!layout_compute(&st->L, m, w, h)) return false;
    const Layout *L = &st->L;
    if (!anim_update(&st->A, L->n_actors, L->tx, L->ty, dt_ms)) return false;
    dl_rect(dl, 0, 0, (float)L->w, (float)L->h, HEX(PAL_BG));
    draw_left(dl, L, m);
    for (int i = 0; i < L->n_cards; i++)
        if (L->cards[i].box.w > 0) cards_draw(dl, L, m, i); /* else scrolled out of view */
    draw_chips(dl, L);
    if (L->n_cards == 0)
        dl_text(dl, L->right.x + 10.0f * L->ui, L->right.y + 20.0f * L->ui, L->name_px, false,
                DL_LEFT, L->right.w, HEX(PAL_MUTED), "no shared resources");
    /* under the tokens, over the cards: who waits for whom */
    deadlock_draw_arrows(dl, L, m, st->A.x, st->A.y);
    st->lanes_box = (VRect){0, 0, 0, 0};
    st->lanes_first = info ? info->scroll_lanes : 0;
    st->cards_box = L->right;
    st->cards_first = L->cards_first;
    if (tl && L->strip.h > 0) draw_strip(dl, L, m, tl, &st->lanes, &st->lanes_box, &st->lanes_first);
    /* finished tokens first, so moving and live ones stay on top */
    for (int pass = 0; pass < 2; pass++)
        for (int a = 0; a < L->n_actors; a++) {
            bool fin = L->where[a] == VW_DONE;
            if ((pass == 0) == fin && !L->hidden[a]) draw_token(dl, L, m, a, st->A.x[a], st->A.y[a]);
        }
    draw_title(dl, L, m, info);
    draw_legend(dl, L, m, info);
    if (info && info->banner && info->banner[0]) {
        /* over the legend, so it hides none of the state */
        const VRect *b = &L->legend;
        dl_rect(dl, b->x, b->y, b->w, b->h, HEX(PAL_BANNER));
        dl_text(dl, 16.0f * L->ui, b->y + b->h / 2, (int)lroundf(20.0f * L->ui), true, DL_LEFT,
                b->w - 32.0f * L->ui, HEX(0xFFFFFF), info->banner);
    }
    return !dl->oom;
}

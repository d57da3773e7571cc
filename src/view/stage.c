/* stage — see stage.h. Drawing order: background furniture first, then
 * resource pictures, then the moving tokens on top, then the title bar,
 * legend and banner, so a token in flight never hides the chrome. */
#include "view/stage.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "view/palette.h"

#define HEX(x) vcolor_hex(x)

void stage_init(Stage *st)
{
    layout_init(&st->L);
    anim_init(&st->A);
    dl_init(&st->dl);
}

void stage_free(Stage *st)
{
    layout_free(&st->L);
    anim_free(&st->A);
    dl_free(&st->dl);
}

VColor stage_background(void) { return HEX(PAL_BG); }

static const char *actor_name(const Model *m, int a)
{
    if (a < 0 || a >= m->hdr->n_actors) return "?";
    const ScActor *sa = &m->hdr->actors[a];
    return sa->label[0] ? sa->label : sa->id;
}

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

/* A small copy of an actor's token (a lock's holder, a semaphore's). */
static void mini_token(DrawList *dl, const Layout *L, const Model *m, int a, float cx, float cy,
                       float rad, bool name)
{
    dl_circle(dl, cx, cy, rad + 2.0f * L->s, HEX(PAL_INK));
    dl_circle(dl, cx, cy, rad, pal_state(m->actors[a].state));
    if (name)
        dl_text(dl, cx, cy + rad + (float)L->note_px * 0.7f, L->note_px, true, DL_CENTER,
                L->slot_w * 0.95f, HEX(PAL_INK), actor_name(m, a));
}

static void draw_left(DrawList *dl, const Layout *L, const Model *m)
{
    char buf[64];
    panel(dl, L, &L->cpus, m->hdr->cpus == 1 ? "CPU" : "CPUs");
    for (int c = 0; c < L->n_cpus; c++) {
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
    for (int a = 0; a < VA__COUNT; a++) {
        if (L->area[a].w <= 0) continue;
        panel(dl, L, &L->area[a], titles[a]);
        if (a == VA_READY) {
            VRect c = layout_content(L, &L->area[a]);
            if (m->ready.n == 0)
                dl_text(dl, c.x + 8.0f * L->ui, c.y + L->slot_h * 0.35f, L->name_px, false, DL_LEFT,
                        c.w, HEX(PAL_MUTED), "empty");
        }
    }
}

/* The card's one-line state, and its colour (warm when something is taken). */
static VColor card_status(const Model *m, int i, char *buf, size_t cap)
{
    const ScResource *r = &m->hdr->res[i];
    const MResource *mr = &m->res[i];
    VColor taken = HEX(0xA3470B), free_c = HEX(0x1F7A5A), plain = HEX(PAL_INK);
    switch (r->type) {
    case RES_LOCK:
    case RES_RLOCK:
        if (mr->holders.n > 0) {
            snprintf(buf, cap, "held by %s", actor_name(m, mr->holders.v[0]));
            return taken;
        }
        snprintf(buf, cap, "free");
        return free_c;
    case RES_SEMAPHORE: {
        int64_t total = mr->count + mr->holders.n;
        if (total < r->value) total = r->value;
        snprintf(buf, cap, "%" PRId64 " of %" PRId64 " free", mr->count, total);
        return mr->count > 0 ? free_c : taken;
    }
    case RES_EVENT:
        snprintf(buf, cap, "%s", mr->flag ? "SET: wait() passes" : "CLEAR: wait() blocks");
        return mr->flag ? free_c : taken;
    case RES_QUEUE:
        if (r->capacity > 0)
            snprintf(buf, cap, "%d of %d item%s%s", mr->n_items, r->capacity, r->capacity == 1 ? "" : "s",
                     mr->n_items >= r->capacity ? " (full)" : mr->n_items == 0 ? " (empty)" : "");
        else
            snprintf(buf, cap, "%d item%s (no limit)", mr->n_items, mr->n_items == 1 ? "" : "s");
        return plain;
    case RES_VARIABLE:
        if (mr->last_writer >= 0)
            snprintf(buf, cap, "last written by %s", actor_name(m, mr->last_writer));
        else
            snprintf(buf, cap, "not written yet");
        return HEX(PAL_MUTED);
    default:
        snprintf(buf, cap, "(not drawn yet)");
        return HEX(PAL_MUTED);
    }
}

static void draw_card(DrawList *dl, const Layout *L, const Model *m, int i)
{
    const VCard *k = &L->cards[i];
    const ScResource *r = &m->hdr->res[i];
    const MResource *mr = &m->res[i];
    char buf[SC_STR_MAX + 64];
    float ui = L->ui, s = L->s;
    dl_box(dl, k->box.x, k->box.y, k->box.w, k->box.h, 10.0f * ui, 1.5f * ui, HEX(PAL_PANEL),
           HEX(PAL_EDGE));
    float hy = k->head.y + k->head.h / 2;
    dl_text(dl, k->head.x + 4.0f * ui, hy, L->head_px, true, DL_LEFT, k->head.w * 0.6f,
            HEX(PAL_INK), r->label[0] ? r->label : r->id);
    dl_text(dl, k->head.x + k->head.w - 4.0f * ui, hy, (int)lroundf(16.0f * ui), false, DL_RIGHT,
            k->head.w * 0.4f, HEX(PAL_MUTED), res_type_name(r->type));
    VColor sc = card_status(m, i, buf, sizeof buf);
    dl_text(dl, k->status.x + 4.0f * ui, k->status.y + k->status.h / 2, L->name_px + 2, true, DL_LEFT,
            k->status.w - 8.0f * ui, sc, buf);

    const VRect *b = &k->body;
    switch (r->type) {
    case RES_LOCK:
    case RES_RLOCK: {
        float dw = L->slot_w * 0.8f, dh = b->h * 0.92f;
        bool held = mr->holders.n > 0;
        dl_box(dl, b->x, b->y, dw, dh, 6.0f * s, 3.0f * s, held ? HEX(0xFBE3D6) : HEX(0xE9F5EF),
               HEX(0x5A4632));
        dl_circle(dl, b->x + dw - 10.0f * s, b->y + dh / 2, 4.0f * s, HEX(0x5A4632));
        if (held)
            mini_token(dl, L, m, mr->holders.v[0], b->x + dw / 2 - 4.0f * s, b->y + dh / 2, L->r * 0.7f,
                       false);
        break;
    }
    case RES_SEMAPHORE:
        for (int j = 0; j < k->n_slots; j++) {
            VRect c = layout_cell(L, k, j, false);
            bool used = j < mr->holders.n;
            dl_box(dl, c.x, c.y, c.w, c.h, 5.0f * s, 2.0f * s, used ? HEX(0xFBE3D6) : HEX(0xF2F7F4),
                   HEX(0x8A8577));
            if (used) {
                int a = mr->holders.v[j];
                float rad = fminf(c.h * 0.28f, c.w * 0.3f);
                mini_token(dl, L, m, a, c.x + c.w / 2, c.y + c.h * 0.36f, rad, false);
                dl_text(dl, c.x + c.w / 2, c.y + c.h * 0.8f, L->note_px, true, DL_CENTER, c.w - 2,
                        HEX(PAL_INK), actor_name(m, a));
            } else {
                dl_text(dl, c.x + c.w / 2, c.y + c.h / 2, L->note_px, false, DL_CENTER, c.w - 2,
                        HEX(PAL_MUTED), "free");
            }
        }
        break;
    case RES_EVENT: {
        float hw = b->h * 0.9f, lr = b->h * 0.34f;
        dl_rrect(dl, b->x, b->y + b->h * 0.05f, hw, hw, 8.0f * s, HEX(0x2B2B2B));
        dl_circle(dl, b->x + hw / 2, b->y + b->h * 0.05f + hw / 2, lr,
                  mr->flag ? HEX(PAL_SET) : HEX(PAL_CLEAR));
        dl_text(dl, b->x + hw + 14.0f * ui, b->y + b->h / 2, L->name_px, false, DL_LEFT,
                b->w - hw - 16.0f * ui, HEX(PAL_MUTED),
                mr->flag ? "set() wakes every waiter; clear() makes wait() block"
                         : "waiters sleep until someone calls set()");
        break;
    }
    case RES_QUEUE: {
        int shown = k->n_slots;
        bool open = r->capacity <= 0;
        VRect c0 = layout_cell(L, k, 0, true);
        dl_text(dl, b->x + layout_tray_margin(L) / 2, c0.y + c0.h / 2, L->note_px, true, DL_CENTER,
                layout_tray_margin(L), HEX(PAL_MUTED), "get ←");
        dl_text(dl, b->x + b->w - layout_tray_margin(L) / 2, c0.y + c0.h / 2, L->note_px, true,
                DL_CENTER, layout_tray_margin(L), HEX(PAL_MUTED), "← put");
        for (int j = 0; j < shown; j++) {
            VRect c = layout_cell(L, k, j, true);
            bool full = j < mr->n_items;
            bool last_open = open && j == shown - 1 && !full;
            dl_box(dl, c.x, c.y, c.w, c.h, 5.0f * s, 2.0f * s, full ? HEX(0xDCEBF7) : HEX(0xFAFAF7),
                   full ? HEX(0x0072B2) : HEX(0xBDB9AE));
            if (full && j == shown - 1 && mr->n_items > shown) {
                snprintf(buf, sizeof buf, "+%d", mr->n_items - shown + 1);
            } else if (full) {
                value_to_text(&mr->items[j], buf, sizeof buf);
            } else {
                snprintf(buf, sizeof buf, "%s", last_open ? "∞" : "");
            }
            dl_text(dl, c.x + c.w / 2, c.y + c.h / 2, L->name_px, full, DL_CENTER, c.w - 4,
                    full ? HEX(PAL_INK) : HEX(PAL_MUTED), buf);
        }
        break;
    }
    case RES_VARIABLE: {
        float vw = fminf(b->w * 0.4f, 160.0f * ui);
        dl_box(dl, b->x, b->y, vw, b->h * 0.92f, 6.0f * s, 2.5f * s, HEX(0xFFF8E1), HEX(0x8A6D00));
        snprintf(buf, sizeof buf, "%" PRId64, mr->value);
        int px = (int)lroundf(b->h * 0.5f);
        dl_text(dl, b->x + vw / 2, b->y + b->h * 0.46f, px, true, DL_CENTER, vw - 6, HEX(PAL_INK), buf);
        break;
    }
    default:
        dl_text(dl, b->x, b->y + b->h / 2, L->name_px, false, DL_LEFT, b->w, HEX(PAL_MUTED),
                "(not drawn yet)");
        break;
    }

    if (k->wait.h > 0) {
        float ly = k->wait.y + L->slot_h * 0.4f;
        dl_text(dl, k->box.x + 12.0f * ui, ly, L->note_px + 1, true, DL_LEFT,
                k->wait.x - k->box.x - 16.0f * ui, HEX(PAL_MUTED), "waiting:");
        if (mr->waiters.n == 0)
            dl_text(dl, k->wait.x + 4.0f * ui, ly, L->note_px + 1, false, DL_LEFT, k->wait.w,
                    HEX(0xA8A59C), "nobody");
    }
}

static void draw_token(DrawList *dl, const Layout *L, const Model *m, int a, float x, float y)
{
    const MActor *ma = &m->actors[a];
    char buf[VALUE_STR_MAX + 40];
    float r = L->r;
    dl_circle(dl, x, y, r + 2.5f * L->s, HEX(PAL_INK));
    dl_circle(dl, x, y, r, pal_state(ma->state));
    if (ma->state == AS_NEW) dl_circle(dl, x, y, r * 0.35f, HEX(0xDDDDDD));
    float ny = y + r + 4.0f * L->s + (float)L->name_px * 0.55f;
    dl_text(dl, x, ny, L->name_px, true, DL_CENTER, L->slot_w - 4, HEX(PAL_INK), actor_name(m, a));
    buf[0] = 0;
    VColor nc = HEX(0x3C4A57);
    if (ma->state == AS_SLEEPING && ma->until >= 0) {
        char t[32];
        fmt_secs(t, sizeof t, ma->until);
        /* the caption says why it sleeps ("red", "parked"); there is room for
         * one short line, so the wake time shows only when there is none */
        if (ma->caption[0]) snprintf(buf, sizeof buf, "“%s”", ma->caption);
        else snprintf(buf, sizeof buf, "wakes %s", t);
    } else if (ma->state == AS_ERROR) {
        snprintf(buf, sizeof buf, "error: %s", ma->error);
        nc = HEX(0x8E3B6E);
    } else if (ma->state == AS_KILLED) {
        snprintf(buf, sizeof buf, "killed: %s", ma->error);
        nc = HEX(0x8E3B6E);
    } else if (ma->caption[0]) {
        snprintf(buf, sizeof buf, "“%s”", ma->caption);
    }
    if (buf[0])
        dl_text(dl, x, ny + (float)L->name_px * 0.55f + 2.0f + (float)L->note_px * 0.55f,
                L->note_px, false, DL_CENTER, L->slot_w - 4, nc, buf);
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
    float x = 16.0f * ui, rr = 9.0f * ui;
    int px = (int)lroundf(17.0f * ui);
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        dl_circle(dl, x + rr, cy, rr + 1.5f * ui, HEX(PAL_INK));
        dl_circle(dl, x + rr, cy, rr, pal_state(order[i]));
        dl_text(dl, x + 2 * rr + 6.0f * ui, cy, px, false, DL_LEFT, 0, HEX(PAL_INK), words[i]);
        x += 2 * rr + 12.0f * ui + (float)strlen(words[i]) * (float)px * 0.5f + 14.0f * ui;
    }
    char buf[VALUE_STR_MAX + 64];
    buf[0] = 0;
    if (m->ended && m->reason[0]) snprintf(buf, sizeof buf, "%s: %s", outcome_name(m->outcome), m->reason);
    else if (info && info->show_keys)
        snprintf(buf, sizeof buf, "Space pause · +/− speed · Esc quit");
    float rw = L->legend.w - x - 16.0f * ui;
    if (buf[0] && rw > 60.0f * ui)
        dl_text(dl, L->legend.w - 16.0f * ui, cy, px, m->ended, DL_RIGHT, rw, HEX(PAL_INK), buf);
}

bool stage_frame(Stage *st, const Model *m, int w, int h, double dt_ms, const StageInfo *info)
{
    DrawList *dl = &st->dl;
    dl_clear(dl);
    if (!layout_compute(&st->L, m, w, h)) return false;
    const Layout *L = &st->L;
    if (!anim_update(&st->A, L->n_actors, L->tx, L->ty, dt_ms)) return false;
    dl_rect(dl, 0, 0, (float)L->w, (float)L->h, HEX(PAL_BG));
    draw_left(dl, L, m);
    for (int i = 0; i < L->n_cards; i++) draw_card(dl, L, m, i);
    if (L->n_cards == 0)
        dl_text(dl, L->right.x + 10.0f * L->ui, L->right.y + 20.0f * L->ui, L->name_px, false,
                DL_LEFT, L->right.w, HEX(PAL_MUTED), "no shared resources");
    /* finished tokens first, so moving and live ones stay on top */
    for (int pass = 0; pass < 2; pass++)
        for (int a = 0; a < L->n_actors; a++) {
            bool fin = L->where[a] == VW_DONE;
            if ((pass == 0) == fin) draw_token(dl, L, m, a, st->A.x[a], st->A.y[a]);
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

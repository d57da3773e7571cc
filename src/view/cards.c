/* cards — see cards.h: the frame, title and status line of every card,
 * and the dispatch to each primitive's painter. */
#include "view/cards.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>

#include "view/paint.h"
#include "view/palette.h"
#include "view/vmodel.h"

#define HEX(x) vcolor_hex(x)

static int pipe_writers(const Model *m, int i, int e)
{
    int n = 0;
    for (int a = 0; a < m->hdr->n_actors; a++) n += vm_pipe_holds(m, i, a, e);
    return n;
}

static VColor status_lock(const Model *m, int i, char *buf, size_t cap)
{
    int h = vm_holder(m, i);
    if (h < 0) {
        snprintf(buf, cap, "free");
        return HEX(PAINT_FREE);
    }
    char who[SC_STR_MAX + 32];
    paint_holder(m, h, who, sizeof who);
    if (m->hdr->res[i].type == RES_RLOCK)
        snprintf(buf, cap, "held by %s ×%d", who, vm_depth(m, i));
    else
        snprintf(buf, cap, "held by %s", who);
    return vm_dead(m, h) ? HEX(PAL_BANNER) : HEX(PAINT_TAKEN);
}

static VColor status_pool(const Model *m, int i, char *buf, size_t cap)
{
    int nw = vm_pool_workers_n(m, i), busy = 0;
    for (int j = 0; j < nw; j++) busy += vm_worker_task(m, vm_pool_worker(m, i, j)) > 0;
    bool closed = vm_pool_closed(m, i);
    snprintf(buf, cap, "%s · %d of %d worker%s busy", closed ? "closed" : "open", busy, nw,
             nw == 1 ? "" : "s");
    return closed ? HEX(PAINT_TAKEN) : HEX(PAINT_FREE);
}

static VColor status_pipe(const Model *m, int i, char *buf, size_t cap)
{
    const ScResource *r = &m->hdr->res[i];
    if (r->duplex) {
        snprintf(buf, cap, "a→b: %d item%s · b→a: %d item%s", vm_pipe_n(m, i, 0),
                 vm_pipe_n(m, i, 0) == 1 ? "" : "s", vm_pipe_n(m, i, 1),
                 vm_pipe_n(m, i, 1) == 1 ? "" : "s");
        return HEX(PAL_INK);
    }
    int n = vm_pipe_n(m, i, 0);
    if (n == 0 && pipe_writers(m, i, 1) == 0) {
        snprintf(buf, cap, "empty, every write end closed: recv() gets EOF");
        return HEX(PAINT_TAKEN);
    }
    snprintf(buf, cap, "%d item%s in the pipe", n, n == 1 ? "" : "s");
    return HEX(PAL_INK);
}

/* The card's one-line state, and its colour (warm when something is taken). */
VColor card_status(const Model *m, int i, char *buf, size_t cap)
{
    const ScResource *r = &m->hdr->res[i];
    const MResource *mr = &m->res[i];
    switch (r->type) {
    case RES_LOCK:
    case RES_RLOCK: return status_lock(m, i, buf, cap);
    case RES_SEMAPHORE: {
        int64_t total = mr->count + mr->holders.n;
        if (total < r->value) total = r->value;
        snprintf(buf, cap, "%" PRId64 " of %" PRId64 " free", mr->count, total);
        return mr->count > 0 ? HEX(PAINT_FREE) : HEX(PAINT_TAKEN);
    }
    case RES_EVENT:
        snprintf(buf, cap, "%s", mr->flag ? "SET: wait() passes" : "CLEAR: wait() blocks");
        return mr->flag ? HEX(PAINT_FREE) : HEX(PAINT_TAKEN);
    case RES_CONDITION:
        if (mr->waiters.n == 0) snprintf(buf, cap, "nobody waits for notify()");
        else snprintf(buf, cap, "%d wait%s for notify()", mr->waiters.n, mr->waiters.n == 1 ? "s" : "");
        return HEX(PAL_INK);
    case RES_BARRIER: {
        int got = vm_arrived_n(m, i), miss = r->parties - got;
        snprintf(buf, cap, "%d of %d arrived · %d missing", got, r->parties, miss < 0 ? 0 : miss);
        return miss > 0 ? HEX(PAINT_TAKEN) : HEX(PAINT_FREE);
    }
    case RES_QUEUE: {
        char u[48] = "";
        int64_t unf = vm_unfinished(m, i);
        if (r->joinable && unf >= 0)
            snprintf(u, sizeof u, " · %" PRId64 " task%s not done", unf, unf == 1 ? "" : "s");
        if (r->capacity > 0)
            snprintf(buf, cap, "%d of %d item%s%s%s", mr->n_items, r->capacity, r->capacity == 1 ? "" : "s",
                     mr->n_items >= r->capacity ? " (full)" : mr->n_items == 0 ? " (empty)" : "", u);
        else
            snprintf(buf, cap, "%d item%s (no limit)%s", mr->n_items, mr->n_items == 1 ? "" : "s", u);
        return HEX(PAL_INK);
    }
    case RES_PIPE: return status_pipe(m, i, buf, cap);
    case RES_POOL: return status_pool(m, i, buf, cap);
    case RES_VARIABLE:
        if (mr->last_writer >= 0)
            snprintf(buf, cap, "last written by %s", paint_name(m, mr->last_writer));
        else
            snprintf(buf, cap, "not written yet");
        return HEX(PAL_MUTED);
    default:
        snprintf(buf, cap, "?");
        return HEX(PAL_MUTED);
    }
}

const char *card_type_word(const ScResource *r)
{
    if (r->type == RES_QUEUE && r->joinable) return "joinable queue";
    if (r->type == RES_PIPE && r->duplex) return "pipe (duplex)";
    return res_type_name(r->type);
}

void card_box(DrawList *dl, const Layout *L, const VRect *c, bool full, const char *text)
{
    float s = L->s;
    dl_box(dl, c->x, c->y, c->w, c->h, 5.0f * s, 2.0f * s, full ? HEX(0xDCEBF7) : HEX(0xFAFAF7),
           full ? HEX(0x0072B2) : HEX(0xBDB9AE));
    if (text && text[0])
        dl_text(dl, c->x + c->w / 2, c->y + c->h / 2, L->name_px, full, DL_CENTER, c->w - 4,
                full ? HEX(PAL_INK) : HEX(PAL_MUTED), text);
}

void cards_draw(DrawList *dl, const Layout *L, const Model *m, int i)
{
    const VCard *k = &L->cards[i];
    const ScResource *r = &m->hdr->res[i];
    const MResource *mr = &m->res[i];
    char buf[SC_STR_MAX + 96];
    float ui = L->ui;
    dl_box(dl, k->box.x, k->box.y, k->box.w, k->box.h, 10.0f * ui, 1.5f * ui, HEX(PAL_PANEL),
           HEX(PAL_EDGE));
    float hy = k->head.y + k->head.h / 2;
    /* a narrow card gives its whole title line to the label: the picture
     * says what type it is */
    bool typed = k->head.w >= 230.0f * ui;
    dl_text(dl, k->head.x + 4.0f * ui, hy, L->card_px, true, DL_LEFT, k->head.w * (typed ? 0.6f : 1.0f) - 8.0f * ui,
            HEX(PAL_INK), r->label[0] ? r->label : r->id);
    if (typed)
        dl_text(dl, k->head.x + k->head.w - 4.0f * ui, hy, (int)lroundf(16.0f * ui * (L->text_scale > 0 ? L->text_scale : 1)),
                false, DL_RIGHT, k->head.w * 0.4f, HEX(PAL_MUTED), card_type_word(r));
    VColor sc = card_status(m, i, buf, sizeof buf);
    dl_text(dl, k->status.x + 4.0f * ui, k->status.y + k->status.h / 2, L->name_px + 2, true, DL_LEFT,
            k->status.w - 8.0f * ui, sc, buf);

    switch (r->type) {
    case RES_LOCK:
    case RES_RLOCK: card_lock(dl, L, m, i, k); break;
    case RES_SEMAPHORE: card_semaphore(dl, L, m, i, k); break;
    case RES_EVENT: card_event(dl, L, m, i, k); break;
    case RES_CONDITION: card_condition(dl, L, m, i, k); break;
    case RES_BARRIER: card_barrier(dl, L, m, i, k); break;
    case RES_QUEUE: card_queue(dl, L, m, i, k); break;
    case RES_PIPE: card_pipe(dl, L, m, i, k); break;
    case RES_POOL: card_pool(dl, L, m, i, k); break;
    case RES_VARIABLE: card_variable(dl, L, m, i, k); break;
    default: break;
    }

    if (k->wait.h > 0) {
        float ly = k->wait.y + fminf(L->slot_h * 0.4f, k->wait.h / 2);
        dl_text(dl, k->box.x + 12.0f * ui, ly, L->note_px + 1, true, DL_LEFT,
                k->wait.x - k->box.x - 16.0f * ui, HEX(PAL_MUTED), "waiting:");
        if (mr->waiters.n == 0)
            dl_text(dl, k->wait.x + 4.0f * ui, ly, L->note_px + 1, false, DL_LEFT, k->wait.w,
                    HEX(0xA8A59C), "nobody");
    }
}

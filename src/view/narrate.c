/* narrate — see narrate.h. Only what a student acts on is told: waits,
 * takes and releases, values read and written, captions, sleeps, ends.
 * "running" / "ready" would fill the panel with scheduling noise that the
 * tokens and the lanes already show. */
#include "view/narrate.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "view/paint.h"
#include "view/palette.h"

#define HEX(x) vcolor_hex(x)
#define SCAN_BACK 2000   /* events looked at for the newest lines: bounded per frame */
#define SCAN_AHEAD 256   /* events of one instant looked at for who a set woke */

const char *narrate_res_name(const Model *m, int r)
{
    if (r < 0 || r >= m->hdr->n_res) return "?";
    const ScResource *s = &m->hdr->res[r];
    return s->label[0] ? s->label : s->id;
}

static void secs(char *buf, size_t cap, int64_t us) { snprintf(buf, cap, "%.2f s", (double)us / 1e6); }

bool narrate_event(const Model *m, const Timeline *tl, const Lanes *ln, uint64_t i, char *buf,
                   size_t cap)
{
    Event ev, nx;
    buf[0] = 0;
    if (!tl || !timeline_event(tl, i, &ev)) return false;
    const char *who = paint_name(m, ev.actor), *rn = narrate_res_name(m, ev.res);
    char v[VALUE_STR_MAX + 8], t[32];
    switch (ev.kind) {
    case EV_BLOCKED:
        if (strcmp(ev.op, "join") == 0 && ev.target >= 0)
            snprintf(buf, cap, "%s waits for %s to finish", who, paint_name(m, ev.target));
        else if (strcmp(ev.op, "get") == 0 || strcmp(ev.op, "recv") == 0)
            snprintf(buf, cap, "%s waits for an item in %s", who, rn);
        else if (strcmp(ev.op, "put") == 0 || strcmp(ev.op, "send") == 0)
            snprintf(buf, cap, "%s waits for room in %s", who, rn);
        else
            snprintf(buf, cap, "%s waits for %s", who, rn);
        return true;
    case EV_SLEEPING:
        if (ev.until < 0) snprintf(buf, cap, "%s sleeps", who);
        else {
            secs(t, sizeof t, ev.until);
            snprintf(buf, cap, "%s sleeps until %s", who, t);
        }
        return true;
    case EV_DONE: snprintf(buf, cap, "%s finishes", who); return true;
    case EV_KILLED: snprintf(buf, cap, "%s is killed: %s", who, ev.text); return true;
    case EV_ERROR: snprintf(buf, cap, "%s fails: %s", who, ev.text); return true;
    case EV_ACQUIRED:
        /* a hand-off: told with the release just before it */
        if (i > 0 && timeline_event(tl, i - 1, &nx) && nx.kind == EV_RELEASED && nx.res == ev.res &&
            nx.t == ev.t && nx.actor != ev.actor)
            return false;
        snprintf(buf, cap, "%s takes %s", who, rn);
        return true;
    case EV_RELEASED:
        if (timeline_event(tl, i + 1, &nx) && nx.kind == EV_ACQUIRED && nx.res == ev.res &&
            nx.actor != ev.actor)
            snprintf(buf, cap, "%s releases %s → %s", who, rn, paint_name(m, nx.actor));
        else
            snprintf(buf, cap, "%s releases %s", who, rn);
        return true;
    case EV_SET: {
        int woke = 0;
        for (uint64_t j = i + 1; j < i + SCAN_AHEAD && timeline_event(tl, j, &nx) && nx.t == ev.t; j++) {
            int r = -1;
            if (nx.kind == EV_READY && ln &&
                lanes_state_before(ln, nx.actor, j, &r) == AS_BLOCKED && r == ev.res)
                woke++;
        }
        if (woke) snprintf(buf, cap, "%s sets %s: %d wake%s up", who, rn, woke, woke == 1 ? "s" : "");
        else snprintf(buf, cap, "%s sets %s", who, rn);
        return true;
    }
    case EV_CLEAR: snprintf(buf, cap, "%s clears %s", who, rn); return true;
    case EV_PUT:
        value_to_text(&ev.item, v, sizeof v);
        snprintf(buf, cap, "%s puts %s into %s", who, v, rn);
        return true;
    case EV_GET:
        value_to_text(&ev.item, v, sizeof v);
        snprintf(buf, cap, "%s gets %s from %s", who, v, rn);
        return true;
    case EV_SEND:
        value_to_text(&ev.item, v, sizeof v);
        snprintf(buf, cap, "%s sends %s into %s", who, v, rn);
        return true;
    case EV_RECV:
        value_to_text(&ev.item, v, sizeof v);
        if (ev.ok == 0) snprintf(buf, cap, "%s finds %s closed: EOF", who, rn);
        else snprintf(buf, cap, "%s receives %s from %s", who, v, rn);
        return true;
    case EV_CLOSE: snprintf(buf, cap, "%s closes its end of %s", who, rn); return true;
    case EV_READ: snprintf(buf, cap, "%s reads %s = %" PRId64, who, rn, ev.value); return true;
    case EV_WRITE: snprintf(buf, cap, "%s writes %s = %" PRId64, who, rn, ev.value); return true;
    case EV_ADD:
        snprintf(buf, cap, "%s adds %" PRId64 " to %s → %" PRId64, who, ev.by, rn, ev.value);
        return true;
    case EV_SAY: snprintf(buf, cap, "%s: “%s”", who, ev.text); return true;
    case EV_FAIL: snprintf(buf, cap, "%s cannot go on at %s: %s", who, rn, ev.text); return true;
    case EV_NOTIFY:
        if (ev.n < 0) snprintf(buf, cap, "%s notifies all on %s", who, rn);
        else snprintf(buf, cap, "%s notifies %d on %s", who, ev.n, rn);
        return true;
    case EV_ARRIVE: snprintf(buf, cap, "%s arrives at %s", who, rn); return true;
    case EV_PASSED: snprintf(buf, cap, "%s opens: everyone passes", rn); return true;
    case EV_TASK_DONE: snprintf(buf, cap, "%s marks a task of %s done", who, rn); return true;
    case EV_SUBMIT: snprintf(buf, cap, "%s submits task #%" PRId64 " to %s", who, ev.task, rn); return true;
    case EV_TASK_START: snprintf(buf, cap, "%s starts task #%" PRId64, who, ev.task); return true;
    case EV_TASK_END: snprintf(buf, cap, "%s finishes task #%" PRId64, who, ev.task); return true;
    case EV_CALLBACK: snprintf(buf, cap, "%s runs the callback of task #%" PRId64, who, ev.task); return true;
    case EV_START: snprintf(buf, cap, "%s starts %s", who, paint_name(m, ev.target)); return true;
    case EV_TERMINATE: snprintf(buf, cap, "%s terminates %s", who, paint_name(m, ev.target)); return true;
    case EV_OWNER_DEAD: snprintf(buf, cap, "%s is held by a dead owner", rn); return true;
    case EV_END: snprintf(buf, cap, "The run ends: %s", outcome_name(ev.outcome)); return true;
    default: return false;
    }
}

/* ", held by 2 Kant" / ", held by A, B and 2 more" for what r's holders are. */
static void held_by(const Model *m, int r, int not_a, char *buf, size_t cap)
{
    buf[0] = 0;
    const IdList *h = &m->res[r].holders;
    size_t len = 0;
    int told = 0;
    for (int i = 0; i < h->n && len + 1 < cap; i++) {
        if (h->v[i] == not_a) continue;
        if (told == 2) {
            snprintf(buf + len, cap - len, " and %d more", h->n - i);
            return;
        }
        char who[SC_STR_MAX + 32];
        paint_holder(m, h->v[i], who, sizeof who);
        int k = snprintf(buf + len, cap - len, "%s%s", told ? ", " : ", held by ", who);
        if (k < 0) return;
        len += (size_t)k < cap - len ? (size_t)k : cap - len - 1;
        told++;
    }
}

void narrate_wait(const Model *m, int a, char *buf, size_t cap)
{
    buf[0] = 0;
    if (a < 0 || a >= m->hdr->n_actors || m->actors[a].state != AS_BLOCKED) return;
    const MActor *ma = &m->actors[a];
    const char *op = ma->op;
    int r = ma->res >= 0 && ma->res < m->hdr->n_res ? ma->res : -1;
    ResType ty = r >= 0 ? m->hdr->res[r].type : RES__COUNT;
    const char *rn = narrate_res_name(m, r);
    char held[3 * SC_STR_MAX + 64] = "";
    if (r >= 0 && (ty == RES_LOCK || ty == RES_RLOCK || ty == RES_SEMAPHORE))
        held_by(m, r, a, held, sizeof held);
    if (strcmp(op, "join") == 0 && ma->target >= 0)
        snprintf(buf, cap, "waiting for %s to finish", paint_name(m, ma->target));
    else if (strcmp(op, "join") == 0 && ty == RES_QUEUE)
        snprintf(buf, cap, "waiting for every task put into %s to be done", rn);
    else if (strcmp(op, "join") == 0 && ty == RES_POOL)
        snprintf(buf, cap, "waiting for the workers of %s to finish", rn);
    else if ((strcmp(op, "get") == 0 || strcmp(op, "recv") == 0) && ty == RES_POOL)
        snprintf(buf, cap, "waiting for a task from %s", rn);
    else if (strcmp(op, "get") == 0 || strcmp(op, "recv") == 0)
        snprintf(buf, cap, "waiting for an item in %s", rn);
    else if (strcmp(op, "put") == 0 || strcmp(op, "send") == 0)
        snprintf(buf, cap, "waiting for room in %s", rn);
    else if (strcmp(op, "wait") == 0 && ty == RES_EVENT)
        snprintf(buf, cap, "waiting for %s to be set", rn);
    else if (strcmp(op, "wait") == 0 && ty == RES_CONDITION)
        snprintf(buf, cap, "waiting on %s for a notify()", rn);
    else if (strcmp(op, "wait") == 0 && ty == RES_BARRIER)
        snprintf(buf, cap, "waiting at %s for the others", rn);
    else if (strcmp(op, "wait") == 0 && ty == RES_POOL && ma->awaits > 0)
        snprintf(buf, cap, "waiting for the result of task #%" PRId64 " from %s", ma->awaits, rn);
    else if (ty == RES_SEMAPHORE)
        snprintf(buf, cap, "waiting for a permit of %s%s", rn, held);
    else if (ty == RES_LOCK || ty == RES_RLOCK)
        snprintf(buf, cap, "waiting to acquire %s%s", rn, held);
    else if (r >= 0)
        snprintf(buf, cap, "waiting for %s", rn);
    else
        snprintf(buf, cap, "waiting");
}

bool narrate_last_of(const Model *m, const Timeline *tl, const Lanes *ln, int a, uint64_t scan,
                     char *buf, size_t cap, int64_t *t)
{
    buf[0] = 0;
    if (!tl) return false;
    uint64_t top = m->next_seq;
    if (top > timeline_count(tl)) top = timeline_count(tl);
    Event ev;
    for (uint64_t k = 0; k < scan && k < top; k++) {
        uint64_t i = top - 1 - k;
        if (!timeline_event(tl, i, &ev)) return false;
        if (ev.actor != a || !narrate_event(m, tl, ln, i, buf, cap)) continue;
        if (t) *t = ev.t;
        return true;
    }
    buf[0] = 0;
    return false;
}

static float line_h(const Layout *L) { return 21.0f * L->ui; }

void narrate_draw(DrawList *dl, const Layout *L, const Model *m, const Timeline *tl,
                  const Lanes *ln, const VRect *box)
{
    float ui = L->ui, pad = 12.0f * ui, lh = line_h(L);
    dl_box(dl, box->x, box->y, box->w, box->h, 10.0f * ui, 1.5f * ui, HEX(PAL_PANEL), HEX(PAL_EDGE));
    int hpx = (int)lroundf(18.0f * ui), px = (int)lroundf(16.0f * ui);
    dl_text(dl, box->x + pad, box->y + 14.0f * ui + 1, hpx, true, DL_LEFT, box->w - 2 * pad,
            HEX(PAL_INK), "What happens  (newest first)");
    int room = (int)((box->h - 30.0f * ui) / lh);
    float y = box->y + 28.0f * ui + lh / 2;
    char buf[2 * VALUE_STR_MAX + 96];
    int told = 0;
    uint64_t top = m->next_seq; /* events [0, next_seq) are shown */
    for (uint64_t k = 0; k < SCAN_BACK && k < top && told < room; k++) {
        uint64_t i = top - 1 - k;
        if (!narrate_event(m, tl, ln, i, buf, sizeof buf)) continue;
        /* the newest in ink, older ones fade to muted */
        VColor c = told == 0 ? HEX(PAL_INK) : HEX(told < 3 ? 0x3C4A57 : PAL_MUTED);
        dl_text(dl, box->x + pad, y, px, told == 0, DL_LEFT, box->w - 2 * pad, c, buf);
        y += lh;
        told++;
    }
    if (told == 0)
        dl_text(dl, box->x + pad, y, px, false, DL_LEFT, box->w - 2 * pad, HEX(PAL_MUTED),
                "nothing yet");
}

int results_expect_n(const Model *m)
{
    ExpectResult er;
    model_expect(m, &er);
    if (!er.present) return 0;
    return (er.want_outcome != OUT_NONE) + er.n_vars;
}

void results_expect_line(const Model *m, int k, char *buf, size_t cap, bool *ok)
{
    ExpectResult er;
    model_expect(m, &er);
    buf[0] = 0;
    *ok = true;
    if (!er.present) return;
    if (er.want_outcome != OUT_NONE) {
        if (k == 0) {
            *ok = er.want_outcome == er.got_outcome;
            snprintf(buf, cap, "expected the run to end %s, got %s%s", outcome_name(er.want_outcome),
                     outcome_name(er.got_outcome), *ok ? "  ✓" : "");
            return;
        }
        k--;
    }
    if (k < 0 || k >= er.n_vars) return;
    const ExpectVar *xv = &er.vars[k];
    char w[VALUE_STR_MAX + 1], g[VALUE_STR_MAX + 1];
    value_to_text(&xv->want, w, sizeof w);
    value_to_text(&xv->got, g, sizeof g);
    *ok = value_eq(&xv->want, &xv->got);
    /* a shared number that came out wrong, up or down, is the mark of an
     * update lost between a read and a write: the race these lessons show */
    const char *why = "";
    if (!*ok && xv->want.kind == VAL_INT && xv->got.kind == VAL_INT) why = " — lost update";
    snprintf(buf, cap, "expected %s = %s, got %s%s%s", narrate_res_name(m, xv->res), w, g,
             *ok ? "  ✓" : "", why);
}

static void us_text(char *buf, size_t cap, int64_t us)
{
    if (us < 1000) snprintf(buf, cap, "%" PRId64 " µs", us);
    else snprintf(buf, cap, "%.3f s", (double)us / 1e6);
}

void results_draw(DrawList *dl, const Layout *L, const Model *m, const VRect *box)
{
    float ui = L->ui, pad = 12.0f * ui, lh = line_h(L);
    dl_box(dl, box->x, box->y, box->w, box->h, 10.0f * ui, 1.5f * ui, HEX(PAL_PANEL), HEX(PAL_EDGE));
    int hpx = (int)lroundf(18.0f * ui), px = (int)lroundf(16.0f * ui);
    float x = box->x + pad, w = box->w - 2 * pad, y = box->y + 14.0f * ui + 1;
    dl_text(dl, x, y, hpx, true, DL_LEFT, w, HEX(PAL_INK), "Results");
    y = box->y + 28.0f * ui + lh / 2;
    float bottom = box->y + box->h - 4.0f * ui;
    char buf[3 * VALUE_STR_MAX + 96];
    int ne = results_expect_n(m);
    if (ne == 0) {
        dl_text(dl, x, y, px, false, DL_LEFT, w, HEX(PAL_MUTED), "no expect in this scenario");
        y += lh;
    }
    /* every check met: one line; else each failed check on its own line */
    int failed = 0;
    for (int k = 0; k < ne; k++) {
        bool ok;
        results_expect_line(m, k, buf, sizeof buf, &ok);
        failed += !ok;
    }
    if (ne > 0 && failed == 0) {
        snprintf(buf, sizeof buf, "✓ all %d expectation%s met", ne, ne == 1 ? "" : "s");
        dl_text(dl, x, y, px, true, DL_LEFT, w, HEX(PAINT_FREE), buf);
        y += lh;
    }
    for (int k = 0; k < ne && failed > 0 && y + lh / 2 <= bottom; k++) {
        bool ok;
        results_expect_line(m, k, buf, sizeof buf, &ok);
        if (ok) continue;
        dl_text(dl, x, y, px, true, DL_LEFT, w, HEX(PAL_BANNER), buf);
        y += lh;
    }
    /* the table: name, waited ready, turnaround, response */
    float c1 = x + w * 0.36f, c2 = x + w * 0.60f, c3 = x + w * 0.84f;
    int tpx = (int)lroundf(14.0f * ui);
    float rh = 17.0f * ui;
    if (y + lh / 2 > bottom) return;
    dl_text(dl, x, y, tpx, true, DL_LEFT, c1 - x, HEX(PAL_MUTED), "actor");
    dl_text(dl, c1, y, tpx, true, DL_CENTER, c2 - c1, HEX(PAL_MUTED), "waited ready");
    dl_text(dl, c2, y, tpx, true, DL_CENTER, c3 - c2, HEX(PAL_MUTED), "turnaround");
    dl_text(dl, c3, y, tpx, true, DL_CENTER, (x + w - c3) * 2, HEX(PAL_MUTED), "response");
    y += rh;
    int na = m->hdr->n_actors, rows = (int)((bottom - y + lh / 2) / (rh));
    if (m->has_overall_stats) rows--;
    if (rows < na) rows = rows > 1 ? rows - 1 : 0; /* room for "+N more" */
    else rows = na;
    char a[32], b[32], c[32];
    for (int i = 0; i < rows; i++, y += rh) {
        const MActor *ma = &m->actors[i];
        dl_text(dl, x, y, tpx, false, DL_LEFT, c1 - x - 16.0f * ui, HEX(PAL_INK), paint_name(m, i));
        if (!ma->has_stats) {
            dl_text(dl, c1, y, tpx, false, DL_CENTER, c2 - c1, HEX(PAL_MUTED), "—");
            continue;
        }
        us_text(a, sizeof a, ma->ready_us);
        us_text(b, sizeof b, ma->turnaround_us);
        us_text(c, sizeof c, ma->response_us);
        dl_text(dl, c1, y, tpx, false, DL_CENTER, c2 - c1, HEX(PAL_INK), a);
        dl_text(dl, c2, y, tpx, false, DL_CENTER, c3 - c2, HEX(PAL_INK), b);
        dl_text(dl, c3, y, tpx, false, DL_CENTER, (x + w - c3) * 2, HEX(PAL_INK), c);
    }
    if (rows < na) {
        snprintf(buf, sizeof buf, "+%d more", na - rows);
        dl_text(dl, x, y, tpx, true, DL_LEFT, w, HEX(PAL_MUTED), buf);
        y += rh;
    }
    if (m->has_overall_stats) {
        us_text(a, sizeof a, m->busy_us);
        us_text(b, sizeof b, m->span_us);
        snprintf(buf, sizeof buf, "CPUs busy %s of %s · utilisation %.0f%%", a, b, m->util * 100.0);
        dl_text(dl, x, y, tpx, true, DL_LEFT, w, HEX(PAL_INK), buf);
    }
}

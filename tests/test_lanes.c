/* test_lanes — the timeline strip's drawing (src/view/lanes.c): a lane
 * merged to the pixel still shows each state where it is, a dense lane
 * shows what fills most of each pixel column in at most one rect per
 * column, the current state stays visible, and the rows map back to
 * actors for the mouse. (Reading the events into lanes: test_view.c.) */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "testlib.h"
#include "core/timeline.h"
#include "view/lanes.h"
#include "view/layout.h"
#include "view/palette.h"

static const VRect BOX = {0, 500, 740, 170};

static bool same(VColor a, VColor b) { return a.r == b.r && a.g == b.g && a.b == b.b; }

/* The colour the rects of dl leave at x, y (later ones paint over). */
static VColor colour_at(const DrawList *dl, float x, float y)
{
    VColor c = {0, 0, 0, 0};
    for (int i = 0; i < dl->n; i++) {
        const DlCmd *k = &dl->v[i];
        if (k->kind == DL_RECT && x >= k->x && x < k->x + k->w && y >= k->y && y < k->y + k->h)
            c = k->c;
    }
    return c;
}

typedef struct Run {
    Fix f;
    Timeline *tl;
    uint64_t q;
    bool ok;
} Run;

static void run_init(Run *r, int n_actors)
{
    fix_init(&r->f, n_actors, 1, 0, NULL);
    Err err = {0};
    r->tl = timeline_new(r->f.sc, &err);
    r->q = 0;
    r->ok = r->tl != NULL;
    for (int a = 0; a < n_actors && r->ok; a++) {
        Event e;
        event_init(&e, EV_NEW);
        e.seq = r->q++;
        e.actor = a;
        e.res = -1;
        r->ok = timeline_append(r->tl, &e, &err);
    }
}

static void ev(Run *r, int64_t t, EvKind k, int a, int64_t until)
{
    if (!r->ok) return;
    Event e;
    event_init(&e, k);
    e.seq = r->q++;
    e.t = t;
    e.actor = a;
    e.res = -1;
    if (k == EV_RUNNING) e.cpu = 0;
    if (k == EV_SLEEPING) e.until = until;
    Err err = {0};
    r->ok = timeline_append(r->tl, &e, &err);
    if (!r->ok) fprintf(stderr, "event %d at %lld: %s\n", (int)k, (long long)t, err.msg);
}

static void run_free(Run *r)
{
    if (r->tl) timeline_free(r->tl);
    fix_free(&r->f);
}

/* Draws the strip of r's live model; L and ln are the caller's. */
static void draw(Run *r, Layout *L, Lanes *ln, DrawList *dl)
{
    const Model *m = timeline_live(r->tl);
    CHECK(layout_compute(L, m, 1280, 720));
    CHECK(lanes_update(ln, r->tl, m->hdr->n_actors));
    lanes_draw(dl, L, m, ln, &BOX, 0);
}

/* The axis as lanes.c draws it at 1280x720: names' column 130, margins 8. */
static float tx(const Model *m, int64_t t)
{
    double end = (double)(m->t + m->t / 12 + 1);
    float x0 = BOX.x + 138, x1 = BOX.x + BOX.w - 8;
    return x0 + (x1 - x0) * (float)((double)t / end);
}

TEST(a_sparse_lane_shows_each_state_where_it_happened_to_the_pixel)
{
    Run r;
    run_init(&r, 1);
    ev(&r, 0, EV_READY, 0, 0);
    ev(&r, 0, EV_RUNNING, 0, 0);
    ev(&r, 1000, EV_SLEEPING, 0, 5000);
    ev(&r, 5000, EV_READY, 0, 0);
    ev(&r, 5000, EV_RUNNING, 0, 0);
    ev(&r, 8000, EV_DONE, 0, 0);
    CHECK(r.ok);
    if (!r.ok) { run_free(&r); return; }
    Layout L;
    layout_init(&L);
    Lanes ln;
    lanes_init(&ln);
    DrawList dl;
    dl_init(&dl);
    draw(&r, &L, &ln, &dl);
    const Model *m = timeline_live(r.tl);
    float y = BOX.y + 28 + 10; /* the middle of lane 0 */
    VColor run = pal_state(AS_RUNNING), slp = pal_state(AS_SLEEPING), done = pal_state(AS_DONE);
    CHECK(same(colour_at(&dl, tx(m, 500), y), run));
    CHECK(same(colour_at(&dl, tx(m, 3000), y), slp));
    CHECK(same(colour_at(&dl, tx(m, 6500), y), run));
    /* the change at 1 ms is where it was, within a pixel */
    CHECK(same(colour_at(&dl, tx(m, 1000) - 1.5f, y), run));
    CHECK(same(colour_at(&dl, tx(m, 1000) + 1.5f, y), slp));
    CHECK(same(colour_at(&dl, tx(m, 5000) - 1.5f, y), slp));
    CHECK(same(colour_at(&dl, tx(m, 5000) + 1.5f, y), run));
    /* "done" lasts no time yet: a pixel at the end, not nothing */
    CHECK(same(colour_at(&dl, tx(m, 8000) + 0.5f, y), done));
    /* wide bars keep their letter */
    int letters = 0;
    for (int i = 0; i < dl.n; i++)
        if (dl.v[i].kind == DL_TEXT && strcmp(dl_text_of(&dl, &dl.v[i]), "S") == 0) letters++;
    CHECK_EQ_INT(letters, 1);
    dl_free(&dl);
    lanes_free(&ln);
    layout_free(&L);
    run_free(&r);
}

TEST(a_dense_lane_shows_what_fills_most_of_each_pixel_in_at_most_one_rect_per_column)
{
    /* 20,000 cycles of 10 us (ready 1, running 1, sleeping 8) in ~600 px:
     * some 30 changes of state per pixel column */
    Run r;
    run_init(&r, 1);
    for (int64_t i = 0; i < 20000 && r.ok; i++) {
        ev(&r, 10 * i, EV_READY, 0, 0);
        ev(&r, 10 * i + 1, EV_RUNNING, 0, 0);
        ev(&r, 10 * i + 2, EV_SLEEPING, 0, 10 * i + 10);
    }
    CHECK(r.ok);
    if (!r.ok) { run_free(&r); return; }
    Layout L;
    layout_init(&L);
    Lanes ln;
    lanes_init(&ln);
    DrawList dl;
    dl_init(&dl);
    draw(&r, &L, &ln, &dl);
    const Model *m = timeline_live(r.tl);
    float y = BOX.y + 28 + 10, x0 = tx(m, 0), x1 = tx(m, m->t);
    int cols = 0, asleep = 0, state_rects = 0, texts = 0;
    for (float x = ceilf(x0) + 0.5f; x < x1 - 1; x += 1.0f, cols++)
        asleep += same(colour_at(&dl, x, y), pal_state(AS_SLEEPING));
    for (int i = 0; i < dl.n; i++) {
        const DlCmd *k = &dl.v[i];
        if (k->kind == DL_TEXT && k->y > BOX.y + 28) texts++;
        if (k->kind != DL_RECT) continue;
        for (int s = AS_READY; s < AS__COUNT; s++)
            if (same(k->c, pal_state((ActorState)s))) state_rects++;
    }
    CHECK(cols > 500);
    CHECK_EQ_INT(asleep, cols);              /* sleeping fills 80% of every column */
    CHECK(state_rects <= (int)(x1 - x0) + 2); /* not one per change (60,000) */
    CHECK(state_rects <= 4);                  /* in fact one bar, and the pixel at the end */
    CHECK_EQ_INT(texts, 1);                   /* the name; no letter on a merged bar */
    dl_free(&dl);
    lanes_free(&ln);
    layout_free(&L);
    run_free(&r);
}

TEST(a_rare_short_state_wins_its_pixel_only_where_it_fills_most_of_it)
{
    /* sleeping, with one running stretch of 3 px among hundreds of 0.1 px ones */
    Run r;
    run_init(&r, 1);
    ev(&r, 0, EV_READY, 0, 0);
    int64_t t = 0;
    for (int i = 0; i < 3000 && r.ok; i++, t += 100) {
        int64_t work = i == 1500 ? 40 : 1;
        ev(&r, t, EV_RUNNING, 0, 0);
        ev(&r, t + work, EV_SLEEPING, 0, t + 100);
        ev(&r, t + 100, EV_READY, 0, 0);
    }
    CHECK(r.ok);
    if (!r.ok) { run_free(&r); return; }
    Layout L;
    layout_init(&L);
    Lanes ln;
    lanes_init(&ln);
    DrawList dl;
    dl_init(&dl);
    draw(&r, &L, &ln, &dl);
    const Model *m = timeline_live(r.tl);
    float y = BOX.y + 28 + 10;
    /* about 10 cycles a pixel: the long one (40 of 100 us) does not win a
     * whole pixel, the sleeps around it do */
    CHECK(same(colour_at(&dl, tx(m, 1000 * 100), y), pal_state(AS_SLEEPING)));
    CHECK(same(colour_at(&dl, tx(m, 2000 * 100), y), pal_state(AS_SLEEPING)));
    dl_free(&dl);
    lanes_free(&ln);
    layout_free(&L);
    run_free(&r);
}

TEST(a_row_of_the_strip_maps_back_to_its_actor_scrolled_or_not)
{
    Fix f;
    fix_init(&f, 40, 1, 0, NULL);
    Layout L;
    layout_init(&L);
    CHECK(layout_compute(&L, &f.m, 1280, 720));
    int shown = lanes_fit(&L, &BOX, 40);
    CHECK(shown > 2 && shown < 40);
    float top = BOX.y + 28.0f * L.ui, lh = 13.0f * L.ui; /* 40 lanes: the thinnest */
    float x = BOX.x + 200;
    CHECK_EQ_INT(lanes_row_at(&L, &BOX, 40, 0, x, top + lh * 0.5f), 0);
    CHECK_EQ_INT(lanes_row_at(&L, &BOX, 40, 0, x, top + lh * 2.5f), 2);
    CHECK_EQ_INT(lanes_row_at(&L, &BOX, 40, 5, x, top + lh * 2.5f), 7);
    CHECK_EQ_INT(lanes_row_at(&L, &BOX, 40, 0, x, top - 2), -1);                 /* the header */
    CHECK_EQ_INT(lanes_row_at(&L, &BOX, 40, 0, x, top + lh * ((float)shown + 0.5f)), -1); /* "+N more" */
    CHECK_EQ_INT(lanes_row_at(&L, &BOX, 40, 0, BOX.x - 5, top + lh * 0.5f), -1);
    /* scrolled past the end: clamped as lanes_draw clamps it */
    CHECK_EQ_INT(lanes_row_at(&L, &BOX, 40, 99, x, top + lh * 0.5f), lanes_first_max(&L, &BOX, 40));
    layout_free(&L);
    fix_free(&f);
}

int main(void)
{
    RUN(a_sparse_lane_shows_each_state_where_it_happened_to_the_pixel);
    RUN(a_dense_lane_shows_what_fills_most_of_each_pixel_in_at_most_one_rect_per_column);
    RUN(a_rare_short_state_wins_its_pixel_only_where_it_fills_most_of_it);
    RUN(a_row_of_the_strip_maps_back_to_its_actor_scrolled_or_not);
    return test_report();
}

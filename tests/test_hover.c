/* test_hover — the hover details (src/view/hover.c): what the pointer is
 * on (a token, a card, a lane, nothing) and the panel's words for a
 * blocked, sleeping, ready or running actor and for a resource with
 * waiters; the panel stays inside the window. States are built by hand
 * (tests/fixture.h), so the tests depend only on the hover's rules. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "testlib.h"
#include "core/timeline.h"
#include "view/hover.h"
#include "view/lanes.h"
#include "view/stage.h"

static HoverLine lines[HOVER_LINES_MAX];
static int n_lines;

static void describe(const Stage *st, const Model *m, const Timeline *tl, HoverKind k, int i)
{
    HoverHit h = {k, i, false};
    n_lines = hover_lines(st, m, tl, h, lines, HOVER_LINES_MAX);
}

/* The line that contains want (NULL: none); printed when missing. */
static const HoverLine *line_with(const char *want)
{
    for (int i = 0; i < n_lines; i++)
        if (strstr(lines[i].text, want)) return &lines[i];
    fprintf(stderr, "  no line has \"%s\"; the lines are:\n", want);
    for (int i = 0; i < n_lines; i++) fprintf(stderr, "    [%d] %s\n", lines[i].style, lines[i].text);
    return NULL;
}

static bool has_line(const char *want) { return line_with(want) != NULL; }

/* Two actors and a lock r0 on 2 CPUs: Actor 1 runs on CPU 1 holding r0,
 * Actor 2 waits for it. */
static void blocked_pair(Fix *f)
{
    ResType t[] = {RES_LOCK};
    fix_init(f, 2, 2, 1, t);
    fix_run_on(f, 0, 0);
    idlist_push(&f->m.res[0].holders, 0);
    fix_block_on(f, 1, 0);
}

static bool frame(Stage *st, const Model *m, const Timeline *tl)
{
    StageInfo info = {.speed = 1, .tl = tl};
    return stage_frame(st, m, 1280, 720, 1e9, &info);
}

TEST(pick_finds_the_token_under_the_pointer_even_a_little_off_centre)
{
    Fix f;
    blocked_pair(&f);
    Stage st;
    stage_init(&st);
    CHECK(frame(&st, &f.m, NULL));
    for (int a = 0; a < 2; a++) {
        HoverHit h = hover_pick(&st, &f.m, st.A.x[a] + st.L.r * 0.8f, st.A.y[a]);
        CHECK_EQ_INT(h.kind, HOVER_ACTOR);
        CHECK_EQ_INT(h.index, a);
        CHECK(!h.lane);
    }
    stage_free(&st);
    fix_free(&f);
}

TEST(pick_finds_the_card_under_the_pointer_when_no_token_is_there)
{
    Fix f;
    blocked_pair(&f);
    Stage st;
    stage_init(&st);
    CHECK(frame(&st, &f.m, NULL));
    const VRect *hd = &st.L.cards[0].head;
    HoverHit h = hover_pick(&st, &f.m, hd->x + hd->w / 2, hd->y + hd->h / 2);
    CHECK_EQ_INT(h.kind, HOVER_RES);
    CHECK_EQ_INT(h.index, 0);
    /* the waiting token inside the card wins over the card */
    h = hover_pick(&st, &f.m, st.A.x[1], st.A.y[1]);
    CHECK_EQ_INT(h.kind, HOVER_ACTOR);
    CHECK_EQ_INT(h.index, 1);
    stage_free(&st);
    fix_free(&f);
}

TEST(pick_finds_the_actor_of_the_timeline_lane_under_the_pointer)
{
    Fix f;
    blocked_pair(&f);
    Err err = {0};
    Timeline *tl = timeline_new(f.sc, &err);
    CHECK(tl != NULL);
    if (!tl) { fix_free(&f); return; }
    Event e;
    for (int a = 0; a < 2; a++) {
        event_init(&e, EV_NEW);
        e.seq = (uint64_t)a;
        e.actor = a;
        e.res = -1;
        CHECK(timeline_append(tl, &e, &err));
    }
    Stage st;
    stage_init(&st);
    CHECK(frame(&st, timeline_live(tl), tl));
    const VRect *b = &st.lanes_box;
    CHECK(b->w > 0);
    /* two lanes of 20 px under a 28 px header (at 1280x720) */
    float ui = st.L.ui, x = b->x + b->w / 2;
    HoverHit h = hover_pick(&st, timeline_live(tl), x, b->y + 28.0f * ui + 10.0f * ui);
    CHECK_EQ_INT(h.kind, HOVER_ACTOR);
    CHECK_EQ_INT(h.index, 0);
    CHECK(h.lane);
    h = hover_pick(&st, timeline_live(tl), x, b->y + 28.0f * ui + 30.0f * ui);
    CHECK_EQ_INT(h.kind, HOVER_ACTOR);
    CHECK_EQ_INT(h.index, 1);
    h = hover_pick(&st, timeline_live(tl), x, b->y + 8.0f * ui);   /* the header */
    CHECK_EQ_INT(h.kind, HOVER_NONE);
    stage_free(&st);
    timeline_free(tl);
    fix_free(&f);
}

TEST(pick_finds_nothing_on_the_title_bar_or_an_empty_area)
{
    Fix f;
    blocked_pair(&f);
    Stage st;
    stage_init(&st);
    CHECK(frame(&st, &f.m, NULL));
    CHECK_EQ_INT(hover_pick(&st, &f.m, 300, 10).kind, HOVER_NONE);
    const VRect *done = &st.L.area[VA_DONE];
    if (done->w > 0) CHECK_EQ_INT(hover_pick(&st, &f.m, done->x + 4, done->y + done->h - 4).kind, HOVER_NONE);
    CHECK_EQ_INT(hover_pick(&st, &f.m, -50, -50).kind, HOVER_NONE);
    stage_free(&st);
    fix_free(&f);
}

TEST(a_blocked_actor_says_what_it_waits_for_who_holds_it_and_since_when)
{
    Fix f;
    blocked_pair(&f);
    f.m.actors[1].since = 1000000;
    f.m.t = 2250000;
    Stage st;
    stage_init(&st);
    describe(&st, &f.m, NULL, HOVER_ACTOR, 1);
    CHECK(n_lines >= 4);
    CHECK_EQ_STR(lines[0].text, "Actor 2");
    CHECK_EQ_INT(lines[0].style, HS_TITLE);
    CHECK(has_line("thread"));
    const HoverLine *s = line_with("blocked: waiting to acquire Resource 0, held by Actor 1");
    CHECK(s && s->style == HS_STATE);
    CHECK(has_line("since 1.00 s, for 1.25 s"));
    /* the holder says what it holds */
    describe(&st, &f.m, NULL, HOVER_ACTOR, 0);
    CHECK(has_line("running on CPU 1"));
    CHECK(has_line("holds Resource 0"));
    stage_free(&st);
    fix_free(&f);
}

TEST(a_sleeping_actor_says_until_when_and_a_ready_one_its_place_in_the_queue)
{
    Fix f;
    fix_init(&f, 4, 1, 0, NULL);
    f.m.actors[0].state = AS_SLEEPING;
    f.m.actors[0].until = 3200000;
    for (int a = 1; a < 4; a++) fix_make_ready(&f, a);
    Stage st;
    stage_init(&st);
    describe(&st, &f.m, NULL, HOVER_ACTOR, 0);
    CHECK(has_line("sleeping until 3.20 s"));
    describe(&st, &f.m, NULL, HOVER_ACTOR, 3);
    CHECK(has_line("ready, 3rd in the ready queue"));
    describe(&st, &f.m, NULL, HOVER_ACTOR, 1);
    CHECK(has_line("next to run"));
    stage_free(&st);
    fix_free(&f);
}

TEST(a_resource_lists_its_holder_and_its_waiters_in_the_order_they_are_served)
{
    ResType t[] = {RES_LOCK};
    Fix f;
    fix_init(&f, 3, 1, 1, t);
    fix_run_on(&f, 0, 0);
    idlist_push(&f.m.res[0].holders, 0);
    fix_block_on(&f, 2, 0); /* Actor 3 first, then Actor 2 */
    fix_block_on(&f, 1, 0);
    f.m.actors[2].since = 0;
    f.m.actors[1].since = 500000;
    f.m.t = 1500000;
    Stage st;
    stage_init(&st);
    describe(&st, &f.m, NULL, HOVER_RES, 0);
    CHECK_EQ_STR(lines[0].text, "Resource 0");
    CHECK(has_line("lock"));
    const HoverLine *s = line_with("held by Actor 1");
    CHECK(s && s->style == HS_STATE);
    CHECK(has_line("waiting (2)"));
    const HoverLine *w1 = line_with("1. Actor 3"), *w2 = line_with("2. Actor 2");
    CHECK(w1 && w2 && w1 < w2);
    CHECK(w1 && strstr(w1->text, "acquire, for 1.50 s"));
    CHECK(w2 && strstr(w2->text, "for 1.00 s"));
    /* a free one that nobody waits for says so */
    idlist_free(&f.m.res[0].waiters);
    idlist_free(&f.m.res[0].holders);
    describe(&st, &f.m, NULL, HOVER_RES, 0);
    CHECK(has_line("free"));
    CHECK(has_line("nobody waits"));
    stage_free(&st);
    fix_free(&f);
}

TEST(an_actor_in_a_deadlock_says_so)
{
    ResType t[] = {RES_LOCK, RES_LOCK};
    Fix f;
    fix_init(&f, 2, 1, 2, t);
    idlist_push(&f.m.res[0].holders, 0);
    idlist_push(&f.m.res[1].holders, 1);
    fix_block_on(&f, 0, 1);
    fix_block_on(&f, 1, 0);
    Stage st;
    stage_init(&st);
    describe(&st, &f.m, NULL, HOVER_ACTOR, 0);
    CHECK(has_line("waiting to acquire Resource 1, held by Actor 2"));
    CHECK(has_line("holds Resource 0"));
    const HoverLine *d = line_with("DEADLOCK");
    CHECK(d && d->style == HS_ALERT);
    stage_free(&st);
    fix_free(&f);
}

TEST(the_last_step_is_the_actors_newest_event_in_the_narrations_words)
{
    Fix f;
    blocked_pair(&f);
    Err err = {0};
    Timeline *tl = timeline_new(f.sc, &err);
    CHECK(tl != NULL);
    if (!tl) { fix_free(&f); return; }
    Event e;
    uint64_t q = 0;
    bool ok = true;
    static const struct { int64_t t; EvKind k; int a, r; } evs[] = {
        {0, EV_NEW, 0, -1}, {0, EV_NEW, 1, -1}, {0, EV_READY, 0, -1}, {0, EV_READY, 1, -1},
        {0, EV_RUNNING, 0, -1}, {10, EV_ACQUIRED, 0, 0}, {10, EV_RUNNING, 1, -1},
        {12, EV_BLOCKED, 1, 0},
    };
    for (size_t i = 0; i < sizeof evs / sizeof evs[0]; i++) {
        event_init(&e, evs[i].k);
        e.seq = q++;
        e.t = evs[i].t;
        e.actor = evs[i].a;
        e.res = evs[i].r;
        if (e.kind == EV_RUNNING) e.cpu = evs[i].a;
        if (e.kind == EV_BLOCKED) snprintf(e.op, sizeof e.op, "acquire");
        ok = ok && timeline_append(tl, &e, &err);
    }
    if (!ok) fprintf(stderr, "timeline: %s\n", err.msg);
    CHECK(ok);
    Stage st;
    stage_init(&st);
    const Model *m = timeline_live(tl);
    CHECK(frame(&st, m, tl));
    describe(&st, m, tl, HOVER_ACTOR, 1);
    CHECK(has_line("last step (at 12 µs): Actor 2 waits for Resource 0"));
    describe(&st, m, tl, HOVER_ACTOR, 0);
    CHECK(has_line("Actor 1 takes Resource 0"));
    stage_free(&st);
    timeline_free(tl);
    fix_free(&f);
}

static bool panel_inside(const DrawList *dl, int from, float w, float h)
{
    for (int i = from; i < dl->n; i++) {
        const DlCmd *c = &dl->v[i];
        if (c->kind != DL_RRECT && c->kind != DL_TEXT) continue;
        if (c->x < 0 || c->y < 0 || c->x > w || c->y > h) return false;
        if (c->kind == DL_RRECT && (c->x + c->w > w || c->y + c->h > h)) return false;
    }
    return true;
}

TEST(the_panel_stays_inside_the_window_at_every_corner_and_is_absent_for_nothing)
{
    Fix f;
    blocked_pair(&f);
    Stage st;
    stage_init(&st);
    CHECK(frame(&st, &f.m, NULL));
    int n0 = st.dl.n;
    hover_draw(&st.dl, &st, &f.m, NULL, (HoverHit){HOVER_NONE, -1, false}, 600, 300);
    CHECK_EQ_INT(st.dl.n, n0);
    static const float pts[][2] = {{5, 5}, {1275, 5}, {5, 715}, {1275, 715}, {640, 360}};
    for (size_t p = 0; p < sizeof pts / sizeof pts[0]; p++) {
        for (int k = 0; k < 2; k++) {
            CHECK(frame(&st, &f.m, NULL));
            int from = st.dl.n;
            HoverHit h = {k ? HOVER_RES : HOVER_ACTOR, k ? 0 : 1, false};
            hover_draw(&st.dl, &st, &f.m, NULL, h, pts[p][0], pts[p][1]);
            CHECK(st.dl.n > from + 4);
            CHECK(panel_inside(&st.dl, from, 1280, 720));
            bool titled = false;
            for (int i = from; i < st.dl.n; i++)
                if (st.dl.v[i].kind == DL_TEXT &&
                    strcmp(dl_text_of(&st.dl, &st.dl.v[i]), k ? "Resource 0" : "Actor 2") == 0)
                    titled = true;
            CHECK(titled);
        }
    }
    stage_free(&st);
    fix_free(&f);
}

int main(void)
{
    RUN(pick_finds_the_token_under_the_pointer_even_a_little_off_centre);
    RUN(pick_finds_the_card_under_the_pointer_when_no_token_is_there);
    RUN(pick_finds_the_actor_of_the_timeline_lane_under_the_pointer);
    RUN(pick_finds_nothing_on_the_title_bar_or_an_empty_area);
    RUN(a_blocked_actor_says_what_it_waits_for_who_holds_it_and_since_when);
    RUN(a_sleeping_actor_says_until_when_and_a_ready_one_its_place_in_the_queue);
    RUN(a_resource_lists_its_holder_and_its_waiters_in_the_order_they_are_served);
    RUN(an_actor_in_a_deadlock_says_so);
    RUN(the_last_step_is_the_actors_newest_event_in_the_narrations_words);
    RUN(the_panel_stays_inside_the_window_at_every_corner_and_is_absent_for_nothing);
    return test_report();
}

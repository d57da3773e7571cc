/* test_view — the stage's layout and animation (src/view): every token at
 * the place its state calls for, in queue order, nothing overlapping or
 * off-screen for few and many actors, and motion that converges.
 * Models are built by hand (model.h's struct is public), so these tests
 * depend only on the layout's rules. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "testlib.h"
#include "view/layout.h"
#include "view/stage.h"


static bool inside(const VRect *r, float x, float y)
{
    return x >= r->x && x <= r->x + r->w && y >= r->y && y <= r->y + r->h;
}

/* Row-major order: a before b. */
static bool before(const Layout *L, int a, int b)
{
    if (fabsf(L->ty[a] - L->ty[b]) < 1) return L->tx[a] < L->tx[b];
    return L->ty[a] < L->ty[b];
}

static void check_no_overlap(const Layout *L)
{
    int bad = 0;
    for (int a = 0; a < L->n_actors; a++) {
        /* the token with its name and note must stay in the window */
        if (L->tx[a] - L->r < 0 || L->tx[a] + L->r > (float)L->w || L->ty[a] - L->r < L->title.h ||
            L->ty[a] + L->r > L->legend.y)
            bad++;
        for (int b = a + 1; b < L->n_actors; b++) {
            float dx = L->tx[a] - L->tx[b], dy = L->ty[a] - L->ty[b];
            if (sqrtf(dx * dx + dy * dy) < 2 * L->r) bad++;
        }
    }
    CHECK_EQ_INT(bad, 0);
    for (int i = 0; i < L->n_cards; i++) {
        const VRect *p = &L->cards[i].box;
        CHECK(p->x >= 0 && p->y >= L->title.h && p->x + p->w <= (float)L->w && p->y + p->h <= L->legend.y);
        CHECK(p->x >= L->left.x + L->left.w);
        for (int j = i + 1; j < L->n_cards; j++) {
            const VRect *q = &L->cards[j].box;
            bool apart = p->x + p->w <= q->x || q->x + q->w <= p->x || p->y + p->h <= q->y ||
                         q->y + q->h <= p->y;
            CHECK(apart);
        }
    }
    CHECK(L->fits);
}

TEST(running_actor_token_sits_on_its_cpu)
{
    Fix f;
    fix_init(&f, 3, 2, 0, NULL);
    fix_run_on(&f, 2, 1);
    fix_run_on(&f, 0, 0);
    Layout L;
    layout_init(&L);
    CHECK(layout_compute(&L, &f.m, 1280, 720));
    CHECK(inside(&L.cpu_box[1], L.tx[2], L.ty[2]));
    CHECK(inside(&L.cpu_box[0], L.tx[0], L.ty[0]));
    CHECK_EQ_INT(L.where[2], VW_CPU);
    CHECK_EQ_INT(L.where[1], VW_NEW);
    CHECK(inside(&L.area[VA_NEW], L.tx[1], L.ty[1]));
    layout_free(&L);
    fix_free(&f);
}

TEST(ready_queue_tokens_follow_the_queue_order_not_the_actor_order)
{
    Fix f;
    fix_init(&f, 6, 1, 0, NULL);
    int order[] = {4, 1, 5, 0, 3, 2};
    for (int i = 0; i < 6; i++) fix_make_ready(&f, order[i]);
    Layout L;
    layout_init(&L);
    CHECK(layout_compute(&L, &f.m, 1280, 720));
    for (int i = 0; i < 6; i++) {
        CHECK(inside(&L.area[VA_READY], L.tx[order[i]], L.ty[order[i]]));
        CHECK_EQ_INT(L.where_i[order[i]], i);
        if (i > 0) CHECK(before(&L, order[i - 1], order[i]));
    }
    layout_free(&L);
    fix_free(&f);
}

TEST(blocked_actors_wait_in_their_resources_queue_in_fifo_order)
{
    Fix f;
    ResType t[] = {RES_LOCK, RES_EVENT};
    fix_init(&f, 5, 1, 2, t);
    fix_run_on(&f, 0, 0);
    idlist_push(&f.m.res[0].holders, 0);
    fix_block_on(&f, 3, 0);
    fix_block_on(&f, 1, 0);
    fix_block_on(&f, 4, 1);
    fix_block_on(&f, 2, 0);
    Layout L;
    layout_init(&L);
    CHECK(layout_compute(&L, &f.m, 1280, 720));
    CHECK(inside(&L.cards[0].wait, L.tx[3], L.ty[3]));
    CHECK(inside(&L.cards[0].wait, L.tx[1], L.ty[1]));
    CHECK(inside(&L.cards[0].wait, L.tx[2], L.ty[2]));
    CHECK(inside(&L.cards[1].wait, L.tx[4], L.ty[4]));
    CHECK(before(&L, 3, 1));
    CHECK(before(&L, 1, 2));
    CHECK_EQ_INT(L.where[2], VW_WAIT);
    CHECK_EQ_INT(L.where_i[2], 2);
    check_no_overlap(&L);
    layout_free(&L);
    fix_free(&f);
}

TEST(sleeping_and_finished_actors_go_to_their_areas)
{
    Fix f;
    fix_init(&f, 4, 1, 0, NULL);
    f.m.actors[0].state = AS_SLEEPING;
    f.m.actors[0].until = 2500000;
    f.m.actors[1].state = AS_DONE;
    f.m.actors[2].state = AS_ERROR;
    f.m.actors[3].state = AS_KILLED;
    Layout L;
    layout_init(&L);
    CHECK(layout_compute(&L, &f.m, 1280, 720));
    CHECK(inside(&L.area[VA_SLEEP], L.tx[0], L.ty[0]));
    for (int a = 1; a < 4; a++) CHECK(inside(&L.area[VA_DONE], L.tx[a], L.ty[a]));
    CHECK(L.area[VA_NEW].w == 0);      /* nobody is new: no such area */
    layout_free(&L);
    fix_free(&f);
}

TEST(blocked_actor_missing_from_every_wait_queue_still_gets_a_place)
{
    Fix f;
    ResType t[] = {RES_LOCK};
    fix_init(&f, 2, 1, 1, t);
    f.m.actors[0].state = AS_BLOCKED;
    f.m.actors[0].res = 0;          /* not in waiters: an inconsistent model */
    f.m.actors[1].state = AS_RUNNING;
    f.m.actors[1].cpu = 7;          /* no such CPU */
    Layout L;
    layout_init(&L);
    CHECK(layout_compute(&L, &f.m, 1280, 720));
    check_no_overlap(&L);
    layout_free(&L);
    fix_free(&f);
}

static void mixed(Fix *f, int n, int nres)
{
    ResType t[6] = {RES_LOCK, RES_SEMAPHORE, RES_EVENT, RES_QUEUE, RES_VARIABLE, RES_LOCK};
    fix_init(f, n, 2, nres, t);
    for (int a = 0; a < n; a++) {
        switch (a % 6) {
        case 0: if (a / 6 < 2) fix_run_on(f, a, a / 6); else fix_make_ready(f, a); break;
        case 1: fix_make_ready(f, a); break;
        case 2: fix_block_on(f, a, (a / 6) % (nres < 4 ? nres : 4)); break;
        case 3: f->m.actors[a].state = AS_SLEEPING; f->m.actors[a].until = 1000; break;
        case 4: f->m.actors[a].state = AS_DONE; break;
        default: fix_block_on(f, a, 0); break;
        }
    }
}

TEST(two_actors_neither_overlap_nor_leave_the_window)
{
    Fix f;
    ResType t[] = {RES_LOCK};
    fix_init(&f, 2, 1, 1, t);
    fix_run_on(&f, 0, 0);
    fix_block_on(&f, 1, 0);
    Layout L;
    layout_init(&L);
    CHECK(layout_compute(&L, &f.m, 1280, 720));
    check_no_overlap(&L);
    CHECK(L.r >= 20);               /* few actors: big tokens */
    layout_free(&L);
    fix_free(&f);
}

TEST(thirty_actors_neither_overlap_nor_leave_the_window)
{
    int sizes[][2] = {{1280, 720}, {1920, 1080}, {1024, 600}};
    for (int s = 0; s < 3; s++) {
        Fix f;
        mixed(&f, 30, 6);
        Layout L;
        layout_init(&L);
        CHECK(layout_compute(&L, &f.m, sizes[s][0], sizes[s][1]));
        check_no_overlap(&L);
        layout_free(&L);
        fix_free(&f);
    }
}

TEST(thirty_actors_all_ready_wrap_into_rows)
{
    Fix f;
    fix_init(&f, 30, 1, 0, NULL);
    for (int a = 0; a < 30; a++) fix_make_ready(&f, a);
    Layout L;
    layout_init(&L);
    CHECK(layout_compute(&L, &f.m, 1280, 720));
    check_no_overlap(&L);
    CHECK(L.ty[29] > L.ty[0]);      /* more than one row */
    for (int a = 1; a < 30; a++) CHECK(before(&L, a - 1, a));
    layout_free(&L);
    fix_free(&f);
}

TEST(animation_moves_a_token_smoothly_and_converges)
{
    Anim A;
    anim_init(&A);
    float tx[1] = {100}, ty[1] = {50};
    CHECK(anim_update(&A, 1, tx, ty, 16));
    CHECK(A.x[0] == 100 && A.y[0] == 50);       /* first frame: snapped */
    tx[0] = 400;
    CHECK(anim_update(&A, 1, tx, ty, ANIM_MOVE_MS / 2));
    CHECK(A.x[0] > 150 && A.x[0] < 350);        /* halfway-ish, not jumped */
    CHECK(anim_busy(&A));
    CHECK(anim_update(&A, 1, tx, ty, ANIM_MOVE_MS / 2 + 1));
    CHECK(A.x[0] == 400);
    CHECK(!anim_busy(&A));
    /* retargeting mid-move starts from where the token is */
    tx[0] = 0;
    CHECK(anim_update(&A, 1, tx, ty, 10));
    CHECK(A.x[0] > 300 && A.x[0] <= 400);
    anim_free(&A);
}

static bool has_text(const DrawList *dl, const char *want)
{
    for (int i = 0; i < dl->n; i++)
        if (dl->v[i].kind == DL_TEXT && strstr(dl_text_of(dl, &dl->v[i]), want)) return true;
    return false;
}

TEST(stage_names_the_lock_holder_the_free_permits_and_the_time)
{
    Fix f;
    ResType t[] = {RES_LOCK, RES_SEMAPHORE, RES_EVENT, RES_QUEUE, RES_VARIABLE};
    fix_init(&f, 3, 1, 5, t);
    fix_run_on(&f, 0, 0);
    idlist_push(&f.m.res[0].holders, 0);
    idlist_push(&f.m.res[1].holders, 1);
    f.m.res[1].count = 2;
    f.m.res[2].flag = true;
    f.m.res[4].value = 42;
    f.m.res[4].last_writer = 2;
    f.m.t = 12345678;
    snprintf(f.m.actors[0].caption, sizeof f.m.actors[0].caption, "selling");
    Stage st;
    stage_init(&st);
    StageInfo info = {.speed = 2, .paused = true};
    CHECK(stage_frame(&st, &f.m, 1280, 720, 16, &info));
    CHECK(has_text(&st.dl, "held by Actor 1"));
    CHECK(has_text(&st.dl, "2 of 3 free"));
    CHECK(has_text(&st.dl, "SET"));
    CHECK(has_text(&st.dl, "0 of 4"));
    CHECK(has_text(&st.dl, "42"));
    CHECK(has_text(&st.dl, "last written by Actor 3"));
    CHECK(has_text(&st.dl, "t = 12.346 s"));
    CHECK(has_text(&st.dl, "PAUSED"));
    CHECK(has_text(&st.dl, "selling"));
    CHECK(has_text(&st.dl, "running"));      /* the legend */
    stage_free(&st);
    fix_free(&f);
}

int main(void)
{
    RUN(running_actor_token_sits_on_its_cpu);
    RUN(ready_queue_tokens_follow_the_queue_order_not_the_actor_order);
    RUN(blocked_actors_wait_in_their_resources_queue_in_fifo_order);
    RUN(sleeping_and_finished_actors_go_to_their_areas);
    RUN(blocked_actor_missing_from_every_wait_queue_still_gets_a_place);
    RUN(two_actors_neither_overlap_nor_leave_the_window);
    RUN(thirty_actors_neither_overlap_nor_leave_the_window);
    RUN(thirty_actors_all_ready_wrap_into_rows);
    RUN(animation_moves_a_token_smoothly_and_converges);
    RUN(stage_names_the_lock_holder_the_free_permits_and_the_time);
    return test_report();
}

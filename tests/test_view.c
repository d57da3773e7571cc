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
#include "core/timeline.h"
#include "view/deadlock.h"
#include "view/lanes.h"
#include "view/layout.h"
#include "view/narrate.h"
#include "view/paint.h"
#include "view/palette.h"
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
        if (L->hidden[a]) continue; /* counted in a chip, or its card scrolled away */
        /* the token with its name and note must stay in the window */
        if (L->tx[a] - L->r < 0 || L->tx[a] + L->r > (float)L->w || L->ty[a] - L->r < L->title.h ||
            L->ty[a] + L->r > L->legend.y)
            bad++;
        for (int b = a + 1; b < L->n_actors; b++) {
            if (L->hidden[b]) continue;
            float dx = L->tx[a] - L->tx[b], dy = L->ty[a] - L->ty[b];
            if (sqrtf(dx * dx + dy * dy) < 2 * L->r) bad++;
        }
    }
    CHECK_EQ_INT(bad, 0);
    for (int i = 0; i < L->n_cards; i++) {
        const VRect *p = &L->cards[i].box;
        if (p->w <= 0) continue; /* scrolled out of view */
        CHECK(p->x >= 0 && p->y >= L->title.h && p->x + p->w <= (float)L->w && p->y + p->h <= L->legend.y);
        CHECK(p->x >= L->left.x + L->left.w);
        for (int j = i + 1; j < L->n_cards; j++) {
            const VRect *q = &L->cards[j].box;
            if (q->w <= 0) continue;
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

TEST(a_timed_out_or_full_step_is_tagged_over_its_token_for_a_second)
{
    Fix f;
    ResType t[] = {RES_EVENT};
    fix_init(&f, 2, 1, 1, t);
    fix_run_on(&f, 0, 0);
    snprintf(f.m.actors[0].fail, sizeof f.m.actors[0].fail, "timed out");
    f.m.actors[0].fail_t = 1000000;
    f.m.t = 1500000;                         /* half a second later: shown */
    Stage st;
    stage_init(&st);
    StageInfo info = {.speed = 1};
    CHECK(stage_frame(&st, &f.m, 1280, 720, 16, &info));
    CHECK(has_text(&st.dl, "timed out"));
    f.m.t = 2500000;                         /* a second and a half: gone */
    CHECK(stage_frame(&st, &f.m, 1280, 720, 16, &info));
    CHECK(!has_text(&st.dl, "timed out"));
    stage_free(&st);
    fix_free(&f);
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


static bool has_circle_in(const DrawList *dl, const VRect *r, VColor c)
{
    for (int i = 0; i < dl->n; i++) {
        const DlCmd *d = &dl->v[i];
        if (d->kind == DL_CIRCLE && d->c.r == c.r && d->c.g == c.g && d->c.b == c.b && inside(r, d->x, d->y))
            return true;
    }
    return false;
}

static bool has_line_in(const DrawList *dl, const VRect *r, VColor c)
{
    for (int i = 0; i < dl->n; i++) {
        const DlCmd *d = &dl->v[i];
        if (d->kind == DL_LINE && d->c.r == c.r && d->c.g == c.g && d->c.b == c.b && inside(r, d->x, d->y))
            return true;
    }
    return false;
}

/* The gallery (fixture.h) drawn once at 1280x720. */
static void gallery_frame(Fix *f, Stage *st)
{
    fix_gallery(f);
    stage_init(st);
    StageInfo info = {.speed = 1};
    CHECK(stage_frame(st, &f->m, 1280, 720, 1e9, &info));
    check_no_overlap(&st->L);
}

TEST(rlock_card_names_its_owner_and_depth)
{
    Fix f;
    Stage st;
    gallery_frame(&f, &st);
    CHECK(has_text(&st.dl, "held by Actor 1 ×2"));
    CHECK(has_text(&st.dl, "depth 2"));
    /* the owner's small token sits in the padlock */
    CHECK(has_circle_in(&st.dl, &st.L.cards[1].body, pal_state(AS_RUNNING)));
    stage_free(&st);
    fix_free(&f);
}

TEST(a_lock_held_by_a_dead_actor_says_so_and_crosses_the_owner_out)
{
    Fix f;
    Stage st;
    gallery_frame(&f, &st);
    CHECK(has_text(&st.dl, "held by Actor 3 (dead)"));
    CHECK(has_line_in(&st.dl, &st.L.cards[0].body, vcolor_hex(PAINT_DEAD)));
    CHECK(!has_line_in(&st.dl, &st.L.cards[1].body, vcolor_hex(PAINT_DEAD)));  /* a live owner */
    /* the dead actor's own token is crossed out too, and says why */
    VRect at = {st.L.tx[2] - st.L.r, st.L.ty[2] - st.L.r, 2 * st.L.r, 2 * st.L.r};
    CHECK(has_line_in(&st.dl, &at, vcolor_hex(PAINT_DEAD)));
    CHECK(has_text(&st.dl, "signal 9 (SIGKILL)"));
    stage_free(&st);
    fix_free(&f);
}

TEST(condition_waiters_queue_in_its_card_which_names_its_lock)
{
    Fix f;
    Stage st;
    gallery_frame(&f, &st);
    CHECK(inside(&st.L.cards[2].wait, st.L.tx[3], st.L.ty[3]));
    CHECK(has_text(&st.dl, "lock ledger: held by Actor 1"));
    CHECK(has_text(&st.dl, "1 waits for notify()"));
    stage_free(&st);
    fix_free(&f);
}

TEST(barrier_arrivals_stand_in_its_places_and_the_missing_are_counted)
{
    Fix f;
    Stage st;
    gallery_frame(&f, &st);
    const VCard *k = &st.L.cards[3];
    CHECK_EQ_INT(k->n_slots, 3);
    CHECK(k->wait.h == 0);
    CHECK(inside(&k->body, st.L.tx[4], st.L.ty[4]));
    CHECK(inside(&k->body, st.L.tx[5], st.L.ty[5]));
    CHECK(before(&st.L, 4, 5));
    CHECK(has_text(&st.dl, "2 of 3 arrived · 1 missing"));
    CHECK(has_text(&st.dl, "missing"));
    stage_free(&st);
    fix_free(&f);
}

TEST(joinable_queue_counts_its_unfinished_tasks)
{
    Fix f;
    Stage st;
    gallery_frame(&f, &st);
    CHECK(has_text(&st.dl, "3 tasks not done"));
    CHECK(has_text(&st.dl, "joinable queue"));
    CHECK(has_text(&st.dl, "bread"));
    stage_free(&st);
    fix_free(&f);
}

TEST(pipe_shows_its_items_and_who_still_holds_each_end)
{
    Fix f;
    Stage st;
    gallery_frame(&f, &st);
    CHECK_EQ_INT(st.L.cards[5].n_rows, 1);
    CHECK_EQ_INT(st.L.cards[6].n_rows, 2);           /* duplex: both directions */
    CHECK(has_text(&st.dl, "2 items in the pipe"));
    CHECK(has_text(&st.dl, "open: Actor 4"));        /* the read end */
    CHECK(has_text(&st.dl, "open: Actor 2"));        /* the write end */
    CHECK(has_text(&st.dl, "ping"));
    CHECK(has_text(&st.dl, "pong"));
    CHECK(has_text(&st.dl, "a: Actor 1"));
    CHECK(has_text(&st.dl, "b: Actor 2"));
    CHECK(has_text(&st.dl, "a→b: 1 item · b→a: 1 item"));
    stage_free(&st);
    fix_free(&f);
}

TEST(an_empty_pipe_whose_write_ends_are_all_closed_says_eof)
{
    Fix f;
    ResType t[] = {RES_PIPE};
    fix_init(&f, 2, 1, 1, t);
    f.m.res[0].ends[0] = 1;       /* a.1 still reads; nobody writes */
    f.m.res[0].ends[1] = 0;
    Stage st;
    stage_init(&st);
    CHECK(stage_frame(&st, &f.m, 1280, 720, 16, NULL));
    CHECK(has_text(&st.dl, "EOF"));
    CHECK(has_text(&st.dl, "closed by all"));
    stage_free(&st);
    fix_free(&f);
}

TEST(pool_draws_its_workers_busy_or_idle_its_queued_tasks_and_results)
{
    Fix f;
    Stage st;
    gallery_frame(&f, &st);
    const VCard *k = &st.L.cards[7];
    CHECK_EQ_INT(k->n_rows, 3);
    CHECK(has_circle_in(&st.dl, &k->rows[0], pal_state(AS_RUNNING)));   /* a.9 */
    CHECK(has_circle_in(&st.dl, &k->rows[0], pal_state(AS_BLOCKED)));   /* a.10 */
    float cx, cy, rad;
    layout_worker(&st.L, k, 1, &cx, &cy, &rad);
    CHECK(inside(&k->rows[0], cx, cy));
    CHECK(has_text(&st.dl, "task 3"));
    CHECK(has_text(&st.dl, "idle"));
    CHECK(has_text(&st.dl, "#4"));
    CHECK(has_text(&st.dl, "#5"));
    CHECK(has_text(&st.dl, "#1→1 ✓"));
    CHECK(has_text(&st.dl, "#2→4"));
    CHECK(has_text(&st.dl, "closed · 1 of 2 workers busy"));
    /* the idle worker waits for a task in the pool's queue */
    CHECK(inside(&k->wait, st.L.tx[9], st.L.ty[9]));
    stage_free(&st);
    fix_free(&f);
}

TEST(an_actor_not_started_waits_for_start_and_a_joiner_names_its_target)
{
    Fix f;
    Stage st;
    gallery_frame(&f, &st);
    CHECK_EQ_INT(st.L.where[6], VW_NEW);
    CHECK(has_text(&st.dl, "needs start()"));
    CHECK(has_text(&st.dl, "join(Actor 1)"));
    CHECK(inside(&st.L.area[VA_SLEEP], st.L.tx[7], st.L.ty[7]));
    CHECK(has_text(&st.dl, "Sleeping / joining"));
    stage_free(&st);
    fix_free(&f);
}

TEST(processes_mode_puts_each_pid_in_its_token_and_says_processes)
{
    Fix f;
    Stage st;
    gallery_frame(&f, &st);
    CHECK(has_text(&st.dl, "processes"));
    CHECK(has_text(&st.dl, "4100"));
    CHECK(has_text(&st.dl, "4108"));
    stage_free(&st);
    /* threads mode: no pids, no such badge */
    f.sc->mode = MODE_THREADS;
    stage_init(&st);
    CHECK(stage_frame(&st, &f.m, 1280, 720, 16, NULL));
    CHECK(!has_text(&st.dl, "processes"));
    CHECK(!has_text(&st.dl, "4100"));
    stage_free(&st);
    fix_free(&f);
}

TEST(ten_resources_of_every_kind_and_thirty_actors_fit_without_overlap)
{
    int sizes[][2] = {{1280, 720}, {1024, 600}};
    for (int s = 0; s < 2; s++) {
        Fix f;
        fix_crowd(&f);
        Stage st;
        stage_init(&st);
        CHECK(stage_frame(&st, &f.m, sizes[s][0], sizes[s][1], 1e9, NULL));
        check_no_overlap(&st.L);
        /* the barrier's waiters stand in its body, the others in wait queues */
        for (int a = 0; a < 30; a++) {
            if (st.L.where[a] != VW_WAIT) continue;
            int r = f.m.actors[a].res;
            const VCard *k = &st.L.cards[r];
            CHECK(inside(f.sc->res[r].type == RES_BARRIER ? &k->body : &k->wait, st.L.tx[a], st.L.ty[a]));
        }
        for (int i = 0; i < 10; i++) {
            const VCard *k = &st.L.cards[i];
            for (int j = 0; j < k->n_rows; j++)
                CHECK(k->rows[j].y >= k->body.y && k->rows[j].y + k->rows[j].h <= k->body.y + k->body.h + 0.5f);
            CHECK(k->body.y + k->body.h <= k->box.y + k->box.h);
        }
        stage_free(&st);
        fix_free(&f);
    }
}

TEST(priority_policy_lines_the_ready_queue_up_highest_first_fifo_within_a_level)
{
    Fix f;
    fix_init(&f, 5, 1, 0, NULL);
    f.sc->policy = POL_PRIORITY;
    int prio[5] = {1, 3, 1, 3, 2};
    for (int a = 0; a < 5; a++) f.sc->actors[a].priority = prio[a];
    for (int a = 0; a < 5; a++) fix_make_ready(&f, a);   /* model order 0..4 */
    Stage st;
    stage_init(&st);
    CHECK(stage_frame(&st, &f.m, 1280, 720, 16, NULL));
    int want[5] = {1, 3, 4, 0, 2};
    for (int i = 0; i < 5; i++) CHECK_EQ_INT(st.L.where_i[want[i]], i);
    CHECK(has_text(&st.dl, "priority: next first"));
    stage_free(&st);
    /* other policies keep the model's order */
    f.sc->policy = POL_FIFO;
    stage_init(&st);
    CHECK(stage_frame(&st, &f.m, 1280, 720, 16, NULL));
    for (int a = 0; a < 5; a++) CHECK_EQ_INT(st.L.where_i[a], a);
    stage_free(&st);
    fix_free(&f);
}

/* Under os every actor has its own pseudo CPU: a hundred boxes would crowd
 * out everything else, so the running tokens share one area that says how
 * many run now; when many then move on, the layout still fits. */
TEST(os_policy_shows_one_running_now_area_instead_of_a_hundred_cpus)
{
    Fix f;
    fix_init(&f, 100, 100, 1, (ResType[]){RES_VARIABLE});
    f.sc->policy = POL_OS;
    for (int a = 0; a < 100; a++) fix_run_on(&f, a, a);
    Stage st;
    stage_init(&st);
    CHECK(stage_frame(&st, &f.m, 1280, 720, 16, NULL));
    CHECK(st.L.os_run);
    CHECK_EQ_INT(st.L.n_running, 100);
    CHECK(has_text(&st.dl, "Running now: 100"));
    CHECK(!has_text(&st.dl, "CPU 1"));
    for (int a = 0; a < 100; a++) {
        CHECK_EQ_INT(st.L.where[a], VW_CPU);
        CHECK(inside(&st.L.cpus, st.L.tx[a], st.L.ty[a]));
    }
    check_no_overlap(&st.L);
    /* half of them finish, a third sleep: the same window, still no overlap */
    for (int a = 0; a < 100; a++) {
        if (a % 2 == 0) { f.m.actors[a].state = AS_DONE; f.m.cpu_holder[a] = -1; }
        else if (a % 3 == 0) { f.m.actors[a].state = AS_SLEEPING; f.m.actors[a].until = 5; f.m.cpu_holder[a] = -1; }
    }
    f.m.next_seq++;
    CHECK(stage_frame(&st, &f.m, 1280, 720, 16, NULL));
    check_no_overlap(&st.L);
    CHECK(has_text(&st.dl, "Running now: 33"));
    for (int a = 0; a < 100; a++) f.m.actors[a].state = AS_DONE, f.m.cpu_holder[a] = -1;
    f.m.next_seq++;
    CHECK(stage_frame(&st, &f.m, 1280, 720, 16, NULL));
    check_no_overlap(&st.L);
    CHECK(has_text(&st.dl, "nobody"));
    stage_free(&st);
    fix_free(&f);
}

/* ---- issue 4: the strip under the stage, narration, deadlock, letters, results ---- */

static void tev(Event *e, uint64_t seq, int64_t t, EvKind k, int actor, int res)
{
    event_init(e, k);
    e->seq = seq;
    e->t = t;
    e->actor = actor;
    e->res = res;
}

/* Two actors and a lock r0 on one CPU: Actor 1 takes the lock and sleeps,
 * Actor 2 blocks on it, Actor 1 hands it over and finishes. 17 events. */
static Timeline *handoff_timeline(Fix *f)
{
    ResType t[] = {RES_LOCK};
    fix_init(f, 2, 1, 1, t);
    Err err = {0};
    Timeline *tl = timeline_new(f->sc, &err);
    if (!tl) return NULL;
    Event e;
    uint64_t q = 0;
    bool ok = true;
#define APP(tt, k, a, r) do { tev(&e, q++, tt, k, a, r); ok = ok && timeline_append(tl, &e, &err); } while (0)
    APP(0, EV_NEW, 0, -1);
    APP(0, EV_NEW, 1, -1);
    APP(0, EV_READY, 0, -1);
    APP(0, EV_READY, 1, -1);
    tev(&e, q++, 0, EV_RUNNING, 0, -1); e.cpu = 0; ok = ok && timeline_append(tl, &e, &err);
    APP(10, EV_ACQUIRED, 0, 0);                                         /* 5 */
    tev(&e, q++, 10, EV_SLEEPING, 0, -1); e.until = 20; ok = ok && timeline_append(tl, &e, &err);
    tev(&e, q++, 10, EV_RUNNING, 1, -1); e.cpu = 0; ok = ok && timeline_append(tl, &e, &err);
    tev(&e, q++, 12, EV_BLOCKED, 1, 0); snprintf(e.op, sizeof e.op, "acquire");   /* 8 */
    ok = ok && timeline_append(tl, &e, &err);
    APP(20, EV_READY, 0, -1);                                           /* 9 */
    tev(&e, q++, 20, EV_RUNNING, 0, -1); e.cpu = 0; ok = ok && timeline_append(tl, &e, &err);
    APP(21, EV_RELEASED, 0, 0);                                         /* 11 */
    APP(21, EV_ACQUIRED, 1, 0);                                         /* 12 */
    APP(21, EV_READY, 1, -1);                                           /* 13 */
    APP(22, EV_DONE, 0, -1);                                            /* 14 */
    tev(&e, q++, 22, EV_RUNNING, 1, -1); e.cpu = 0; ok = ok && timeline_append(tl, &e, &err);
    tev(&e, q++, 23, EV_SAY, 1, -1); snprintf(e.text, sizeof e.text, "got it");   /* 16 */
    ok = ok && timeline_append(tl, &e, &err);
#undef APP
    if (!ok) fprintf(stderr, "handoff_timeline: %s\n", err.msg);
    CHECK(ok);
    return tl;
}

TEST(lanes_hold_each_actors_state_changes_in_order_read_incrementally)
{
    Fix f;
    Timeline *tl = handoff_timeline(&f);
    CHECK(tl != NULL);
    if (!tl) { fix_free(&f); return; }
    Lanes ln;
    lanes_init(&ln);
    CHECK(lanes_update(&ln, tl, 2));
    CHECK_EQ_INT(ln.n_read, timeline_count(tl));
    /* Actor 1: new ready running sleeping ready running done */
    static const ActorState want0[] = {AS_NEW, AS_READY, AS_RUNNING, AS_SLEEPING, AS_READY,
                                       AS_RUNNING, AS_DONE};
    CHECK_EQ_INT(ln.n_seg[0], 7);
    for (int k = 0; k < 7 && k < ln.n_seg[0]; k++) CHECK_EQ_INT(ln.seg[0][k].st, want0[k]);
    CHECK_EQ_INT(ln.seg[0][3].t, 10);
    /* Actor 2 blocked on r0 from event 8 until its ready (event 13) */
    int r = -2;
    CHECK_EQ_INT(lanes_state_before(&ln, 1, 9, &r), AS_BLOCKED);
    CHECK_EQ_INT(r, 0);
    CHECK_EQ_INT(lanes_state_before(&ln, 1, 14, &r), AS_READY);
    CHECK_EQ_INT(lanes_state_before(&ln, 1, 0, NULL), AS_NEW);
    CHECK_EQ_INT(ln.n_mark, 1);                       /* the caption */
    /* a second update reads nothing again */
    CHECK(lanes_update(&ln, tl, 2));
    CHECK_EQ_INT(ln.n_seg[0], 7);
    lanes_free(&ln);
    timeline_free(tl);
    fix_free(&f);
}

TEST(the_strip_draws_a_lane_per_actor_and_the_playhead_at_the_time_shown)
{
    Fix f;
    Timeline *tl = handoff_timeline(&f);
    if (!tl) { fix_free(&f); return; }
    Stage st;
    stage_init(&st);
    Err err = {0};
    const Model *m = timeline_seek(tl, 8, &err);   /* Actor 2 has just blocked */
    StageInfo info = {.speed = 1, .tl = tl};
    CHECK(m && stage_frame(&st, m, 1280, 720, 1e9, &info));
    CHECK(st.L.strip.h > 100);
    CHECK(st.L.strip.y + st.L.strip.h <= st.L.legend.y);
    CHECK(st.L.left.y + st.L.left.h <= st.L.strip.y);
    int names = 0, blocked_bars = 0, sleep_bars = 0;
    for (int i = 0; i < st.dl.n; i++) {
        const DlCmd *c = &st.dl.v[i];
        if (c->y < st.L.strip.y) continue;
        if (c->kind == DL_TEXT && (strcmp(dl_text_of(&st.dl, c), "Actor 1") == 0 ||
                                   strcmp(dl_text_of(&st.dl, c), "Actor 2") == 0))
            names++;
        VColor b = pal_state(AS_BLOCKED), z = pal_state(AS_SLEEPING);
        if (c->kind == DL_RECT && c->c.r == b.r && c->c.g == b.g && c->c.b == b.b) blocked_bars++;
        if (c->kind == DL_RECT && c->c.r == z.r && c->c.g == z.g && c->c.b == z.b) sleep_bars++;
    }
    CHECK(names >= 2);
    CHECK_EQ_INT(blocked_bars, 1);
    CHECK_EQ_INT(sleep_bars, 1);
    /* the narration is there, newest first: the wait is its first line */
    bool told = false;
    for (int i = 0; i < st.dl.n; i++)
        if (st.dl.v[i].kind == DL_TEXT &&
            strcmp(dl_text_of(&st.dl, &st.dl.v[i]), "Actor 2 waits for Resource 0") == 0)
            told = true;
    CHECK(told);
    stage_free(&st);
    timeline_free(tl);
    fix_free(&f);
}

TEST(narration_tells_waits_hand_offs_sleeps_and_captions_in_plain_words)
{
    Fix f;
    Timeline *tl = handoff_timeline(&f);
    if (!tl) { fix_free(&f); return; }
    Lanes ln;
    lanes_init(&ln);
    CHECK(lanes_update(&ln, tl, 2));
    const Model *m = timeline_live(tl);
    char buf[256];
    CHECK(narrate_event(m, tl, &ln, 8, buf, sizeof buf));
    CHECK_EQ_STR(buf, "Actor 2 waits for Resource 0");
    CHECK(narrate_event(m, tl, &ln, 11, buf, sizeof buf));
    CHECK_EQ_STR(buf, "Actor 1 releases Resource 0 → Actor 2");
    CHECK(!narrate_event(m, tl, &ln, 12, buf, sizeof buf));   /* told with the release */
    CHECK(narrate_event(m, tl, &ln, 5, buf, sizeof buf));
    CHECK_EQ_STR(buf, "Actor 1 takes Resource 0");
    CHECK(narrate_event(m, tl, &ln, 6, buf, sizeof buf));
    CHECK_EQ_STR(buf, "Actor 1 sleeps until 0.00 s");
    CHECK(narrate_event(m, tl, &ln, 16, buf, sizeof buf));
    CHECK_EQ_STR(buf, "Actor 2: “got it”");
    CHECK(!narrate_event(m, tl, &ln, 4, buf, sizeof buf));    /* "running": noise */
    CHECK(!narrate_event(m, tl, &ln, 999, buf, sizeof buf));  /* out of range */
    lanes_free(&ln);
    timeline_free(tl);
    fix_free(&f);
}

TEST(an_event_set_says_how_many_it_woke)
{
    ResType t[] = {RES_EVENT};
    Fix f;
    fix_init(&f, 3, 1, 1, t);
    Err err = {0};
    Timeline *tl = timeline_new(f.sc, &err);
    if (!tl) { fix_free(&f); return; }
    Event e;
    uint64_t q = 0;
    bool ok = true;
    for (int a = 0; a < 3; a++) { tev(&e, q++, 0, EV_NEW, a, -1); ok = ok && timeline_append(tl, &e, &err); }
    /* the waiters first in the ready queue (fifo), the setter last */
    for (int a = 1; a < 4; a++) { tev(&e, q++, 0, EV_READY, a % 3, -1); ok = ok && timeline_append(tl, &e, &err); }
    for (int a = 1; a < 3; a++) {
        tev(&e, q++, 1, EV_RUNNING, a, -1); e.cpu = 0; ok = ok && timeline_append(tl, &e, &err);
        tev(&e, q++, 1, EV_BLOCKED, a, 0); snprintf(e.op, sizeof e.op, "wait");
        ok = ok && timeline_append(tl, &e, &err);
    }
    tev(&e, q++, 2, EV_RUNNING, 0, -1); e.cpu = 0; ok = ok && timeline_append(tl, &e, &err);
    uint64_t set_at = q;
    tev(&e, q++, 3, EV_SET, 0, 0); ok = ok && timeline_append(tl, &e, &err);
    for (int a = 1; a < 3; a++) { tev(&e, q++, 3, EV_READY, a, -1); ok = ok && timeline_append(tl, &e, &err); }
    if (!ok) fprintf(stderr, "set timeline: %s\n", err.msg);
    CHECK(ok);
    Lanes ln;
    lanes_init(&ln);
    CHECK(lanes_update(&ln, tl, 3));
    char buf[256];
    CHECK(narrate_event(timeline_live(tl), tl, &ln, set_at, buf, sizeof buf));
    CHECK_EQ_STR(buf, "Actor 1 sets Resource 0: 2 wake up");
    lanes_free(&ln);
    timeline_free(tl);
    fix_free(&f);
}

/* Actor 1 holds r0 and waits for r1; Actor 2 holds r1 and waits for r0;
 * Actor 3 waits for r0 too, outside the cycle. */
static void deadlock_fix(Fix *f)
{
    ResType t[] = {RES_LOCK, RES_LOCK};
    fix_init(f, 3, 1, 2, t);
    idlist_push(&f->m.res[0].holders, 0);
    idlist_push(&f->m.res[1].holders, 1);
    fix_block_on(f, 0, 1);
    fix_block_on(f, 1, 0);
    fix_block_on(f, 2, 0);
}

TEST(deadlock_edges_go_from_each_waiter_to_its_resource_and_its_holder_and_find_the_cycle)
{
    Fix f;
    deadlock_fix(&f);
    WaitEdge e[8];
    CHECK_EQ_INT(deadlock_edges(&f.m, e, 8), 3);
    CHECK_EQ_INT(e[0].actor, 0); CHECK_EQ_INT(e[0].res, 1); CHECK_EQ_INT(e[0].holder, 1);
    CHECK_EQ_INT(e[1].actor, 1); CHECK_EQ_INT(e[1].res, 0); CHECK_EQ_INT(e[1].holder, 0);
    CHECK(e[0].cycle && e[1].cycle);
    CHECK(!e[2].cycle);
    CHECK(deadlock_has_cycle(&f.m));
    char buf[256];
    deadlock_sentence(&f.m, &e[0], buf, sizeof buf);
    CHECK_EQ_STR(buf, "Actor 1 holds Resource 0 and waits for Resource 1, held by Actor 2");
    /* no cycle once Actor 2 lets go */
    idlist_remove(&f.m.res[1].holders, 1);
    CHECK(!deadlock_has_cycle(&f.m));
    fix_free(&f);
}

static bool near2(float ax, float ay, float bx, float by, float tol)
{
    return fabsf(ax - bx) <= tol && fabsf(ay - by) <= tol;
}

TEST(deadlock_arrows_connect_the_waiting_tokens_through_their_cards_in_red)
{
    Fix f;
    deadlock_fix(&f);
    Stage st;
    stage_init(&st);
    CHECK(stage_frame(&st, &f.m, 1280, 720, 1e9, NULL));
    VColor red = vcolor_hex(PAL_BANNER);
    const Layout *L = &st.L;
    bool from0 = false, from1 = false, grey2 = false, into_card1 = false;
    for (int i = 0; i < st.dl.n; i++) {
        const DlCmd *c = &st.dl.v[i];
        if (c->kind != DL_LINE) continue;
        bool isred = c->c.r == red.r && c->c.g == red.g && c->c.b == red.b;
        if (isred && near2(c->x, c->y, st.A.x[0], st.A.y[0], 1)) {
            from0 = true;
            /* it points into the card of the lock it waits for */
            const VCard *k = &L->cards[1];
            into_card1 = c->x2 >= k->box.x && c->x2 <= k->box.x + k->box.w && c->y2 >= k->box.y &&
                         c->y2 <= k->box.y + k->box.h + L->r;
        }
        if (isred && near2(c->x, c->y, st.A.x[1], st.A.y[1], 1)) from1 = true;
        if (!isred && near2(c->x, c->y, st.A.x[2], st.A.y[2], 1)) grey2 = true;
    }
    CHECK(from0);
    CHECK(from1);
    CHECK(into_card1);
    CHECK(grey2);   /* waits outside the cycle: an arrow, not red */
    stage_free(&st);
    fix_free(&f);
}

static int count_text(const DrawList *dl, const char *s)
{
    int n = 0;
    for (int i = 0; i < dl->n; i++)
        n += dl->v[i].kind == DL_TEXT && strcmp(dl_text_of(dl, &dl->v[i]), s) == 0;
    return n;
}

TEST(every_state_has_its_letter_on_the_token_and_in_the_legend)
{
    ResType t[] = {RES_LOCK};
    Fix f;
    fix_init(&f, 6, 1, 1, t);
    fix_run_on(&f, 0, 0);
    fix_make_ready(&f, 1);
    fix_block_on(&f, 2, 0);
    f.m.actors[3].state = AS_SLEEPING;
    f.m.actors[4].state = AS_DONE;
    /* actor 6 stays new */
    Stage st;
    stage_init(&st);
    CHECK(stage_frame(&st, &f.m, 1280, 720, 1e9, NULL));
    /* on the token and in the legend: twice each */
    const char *letters[] = {"R", "Q", "B", "S", "D", "N"};
    for (int i = 0; i < 6; i++) CHECK(count_text(&st.dl, letters[i]) >= 2);
    CHECK_EQ_STR(lanes_letter(AS_KILLED), "X");
    CHECK_EQ_STR(lanes_letter(AS_ERROR), "X");
    stage_free(&st);
    fix_free(&f);
}

TEST(the_end_shows_the_expect_results_in_words_and_a_row_per_actor)
{
    ResType t[] = {RES_VARIABLE};
    Fix f;
    fix_init(&f, 3, 1, 1, t);
    f.sc->has_expect = true;
    f.sc->expect_outcome = OUT_COMPLETED;
    f.sc->expect_vars = calloc(1, sizeof *f.sc->expect_vars);
    f.sc->n_expect_vars = 1;
    f.sc->expect_vars[0].res = 0;
    f.sc->expect_vars[0].want = value_int(1);
    snprintf(f.sc->res[0].label, sizeof f.sc->res[0].label, "sold");
    f.m.res[0].value = 5;
    f.m.ended = true;
    f.m.outcome = OUT_COMPLETED;
    for (int a = 0; a < 3; a++) {
        f.m.actors[a].state = AS_DONE;
        f.m.actors[a].has_stats = true;
        f.m.actors[a].turnaround_us = 1500000 + a;
    }
    f.m.has_overall_stats = true;
    f.m.busy_us = 30;
    f.m.span_us = 1500002;
    CHECK_EQ_INT(results_expect_n(&f.m), 2);
    char buf[256];
    bool ok = false;
    results_expect_line(&f.m, 1, buf, sizeof buf, &ok);
    CHECK(!ok);
    CHECK_EQ_STR(buf, "expected sold = 1, got 5 — lost update");
    results_expect_line(&f.m, 0, buf, sizeof buf, &ok);
    CHECK(ok);
    f.m.res[0].value = 0;
    results_expect_line(&f.m, 1, buf, sizeof buf, &ok);
    CHECK_EQ_STR(buf, "expected sold = 1, got 0 — lost update");
    /* the panel: the failed check in words, then one row per actor */
    Stage st;
    stage_init(&st);
    CHECK(layout_compute(&st.L, &f.m, 1280, 720));
    VRect box = {700, 500, 560, 170};
    results_draw(&st.dl, &st.L, &f.m, &box);
    CHECK(has_text(&st.dl, "expected sold = 1, got 0 — lost update"));
    for (int a = 0; a < 3; a++) CHECK_EQ_INT(count_text(&st.dl, paint_name(&f.m, a)), 1);
    CHECK(has_text(&st.dl, "1.500 s"));
    CHECK(has_text(&st.dl, "turnaround"));
    stage_free(&st);
    fix_free(&f);
}

TEST(many_actors_show_the_lanes_that_fit_and_say_how_many_more)
{
    Fix f;
    fix_init(&f, 40, 2, 0, NULL);
    Err err = {0};
    Timeline *tl = timeline_new(f.sc, &err);
    if (!tl) { fix_free(&f); return; }
    Event e;
    for (int a = 0; a < 40; a++) { tev(&e, (uint64_t)a, 0, EV_NEW, a, -1); CHECK(timeline_append(tl, &e, &err)); }
    Stage st;
    stage_init(&st);
    StageInfo info = {.tl = tl};
    CHECK(stage_frame(&st, timeline_live(tl), 1280, 720, 1e9, &info));
    int shown = lanes_fit(&st.L, &st.L.strip, 40);
    CHECK(shown >= 6 && shown < 40);
    char more[32];
    snprintf(more, sizeof more, "+%d more", 40 - shown);
    CHECK(has_text(&st.dl, more));
    stage_free(&st);
    timeline_free(tl);
    fix_free(&f);
}

/* 200 actors over 50 resources of five kinds on 4 CPUs: 4 running, 60
 * ready, 40 sleeping, 30 done, the rest (66) queued on the first six. */
static void big_crowd(Fix *f)
{
    ResType t[50];
    static const ResType kinds[5] = {RES_LOCK, RES_SEMAPHORE, RES_QUEUE, RES_EVENT, RES_VARIABLE};
    for (int i = 0; i < 50; i++) t[i] = kinds[i % 5];
    fix_init(f, 200, 4, 50, t);
    for (int a = 0; a < 200; a++) {
        if (a < 4) fix_run_on(f, a, a);
        else if (a < 64) fix_make_ready(f, a);
        else if (a < 104) { f->m.actors[a].state = AS_SLEEPING; f->m.actors[a].until = 1000; }
        else if (a < 134) f->m.actors[a].state = AS_DONE;
        else fix_block_on(f, a, (a % 6) == 5 ? 0 : a % 6);
    }
}

TEST(two_hundred_actors_and_fifty_resources_show_as_a_crowd_with_chips_and_scrolling_cards)
{
    Fix f;
    big_crowd(&f);
    Stage st;
    stage_init(&st);
    CHECK(stage_frame(&st, &f.m, 1280, 720, 1e9, NULL));
    const Layout *L = &st.L;
    check_no_overlap(L);
    CHECK(!L->names);                     /* bare tokens: hover names them */
    CHECK(L->r >= 10);                    /* still big enough for their letter */
    /* every hidden token is counted: in a chip, or under a scrolled-away card */
    int hidden = 0, in_chips = 0, scrolled = 0;
    for (int a = 0; a < 200; a++) {
        hidden += L->hidden[a];
        if (L->hidden[a] && L->where[a] == VW_WAIT && L->cards[f.m.actors[a].res].box.w <= 0) scrolled++;
    }
    for (int i = 0; i < L->n_chips; i++) {
        in_chips += L->chips[i].n;
        char buf[16];
        snprintf(buf, sizeof buf, "+%d", L->chips[i].n);
        CHECK(has_text(&st.dl, buf));
    }
    CHECK(hidden > 0);
    CHECK_EQ_INT(hidden, in_chips + scrolled);
    /* not every card fits: the rows in view, and the line that says so */
    CHECK(L->cards_shown >= 2 && L->cards_shown < L->cards_rows);
    int shown_cards = 0;
    for (int i = 0; i < 50; i++) shown_cards += L->cards[i].box.w > 0;
    CHECK(shown_cards >= 12);
    char line[96];
    snprintf(line, sizeof line, "card rows 1–%d of %d · wheel to scroll", L->cards_shown, L->cards_rows);
    CHECK(has_text(&st.dl, line));
    /* scrolling by rows brings the later cards into view, never past the end */
    StageInfo info = {.scroll_cards = 2};
    CHECK(stage_frame(&st, &f.m, 1280, 720, 1e9, &info));
    CHECK_EQ_INT(st.cards_first, 2);
    CHECK(st.L.cards[0].box.w <= 0);
    check_no_overlap(&st.L);
    info.scroll_cards = 1000;
    CHECK(stage_frame(&st, &f.m, 1280, 720, 1e9, &info));
    CHECK(st.cards_first + st.L.cards_shown == st.L.cards_rows);
    CHECK(st.L.cards[49].box.w > 0);
    stage_free(&st);
    fix_free(&f);
}

/* The colour of the first text command equal to want; alpha 0 if none. */
static VColor text_colour(const DrawList *dl, const char *want)
{
    for (int i = 0; i < dl->n; i++)
        if (dl->v[i].kind == DL_TEXT && strcmp(dl_text_of(dl, &dl->v[i]), want) == 0) return dl->v[i].c;
    return (VColor){0, 0, 0, 0};
}

TEST(a_caption_said_long_before_the_actor_blocked_is_greyed_one_said_as_it_blocked_is_not)
{
    Fix f;
    ResType t[] = {RES_LOCK};
    fix_init(&f, 3, 1, 1, t);
    fix_run_on(&f, 0, 0);
    fix_block_on(&f, 1, 0);
    fix_block_on(&f, 2, 0);
    snprintf(f.m.actors[1].caption, sizeof f.m.actors[1].caption, "thinking");
    f.m.actors[1].caption_t = 1000;
    f.m.actors[1].since = 900000;        /* blocked 0.9 s after it said so */
    snprintf(f.m.actors[2].caption, sizeof f.m.actors[2].caption, "hungry");
    f.m.actors[2].caption_t = 900000;
    f.m.actors[2].since = 900001;        /* said in the step that blocked */
    Stage st;
    stage_init(&st);
    CHECK(stage_frame(&st, &f.m, 1280, 720, 1e9, NULL));
    VColor stale = text_colour(&st.dl, "“thinking”"), fresh = text_colour(&st.dl, "“hungry”");
    VColor muted = vcolor_hex(PAL_MUTED);
    CHECK(stale.a > 0 && fresh.a > 0);
    CHECK(stale.r == muted.r && stale.g == muted.g && stale.b == muted.b);
    CHECK(!(fresh.r == muted.r && fresh.g == muted.g && fresh.b == muted.b));
    stage_free(&st);
    fix_free(&f);
}

TEST(after_a_crowd_moves_to_another_area_its_old_room_is_given_back_to_bigger_tokens)
{
    Fix f;
    fix_init(&f, 40, 1, 0, NULL);
    for (int a = 0; a < 40; a++) fix_make_ready(&f, a);
    Layout L;
    layout_init(&L);
    CHECK(layout_compute(&L, &f.m, 1280, 720));
    /* everyone leaves the ready queue for good */
    f.m.ready.n = 0;
    for (int a = 0; a < 40; a++) { f.m.actors[a].state = AS_DONE; }
    f.m.next_seq += 100;
    CHECK(layout_compute(&L, &f.m, 1280, 720));
    Layout fresh;
    layout_init(&fresh);
    CHECK(layout_compute(&fresh, &f.m, 1280, 720));
    CHECK(L.r >= 0.8f * fresh.r);
    check_no_overlap(&L);
    layout_free(&fresh);
    layout_free(&L);
    fix_free(&f);
}

TEST(the_text_scale_makes_names_and_titles_bigger_and_everything_still_fits)
{
    Fix f;
    mixed(&f, 12, 4);
    Stage st;
    stage_init(&st);
    CHECK(stage_frame(&st, &f.m, 1280, 720, 1e9, NULL));
    int name1 = st.L.name_px, head1 = st.L.head_px, card1 = st.L.card_px;
    StageInfo info = {.text_scale = 1.5f};
    CHECK(stage_frame(&st, &f.m, 1280, 720, 1e9, &info));
    CHECK(st.L.head_px >= head1 * 14 / 10);
    CHECK(st.L.card_px > card1);
    CHECK(st.L.name_px > name1 || st.L.r < 24); /* bigger text, or smaller tokens to make room */
    check_no_overlap(&st.L);
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
    RUN(a_timed_out_or_full_step_is_tagged_over_its_token_for_a_second);
    RUN(stage_names_the_lock_holder_the_free_permits_and_the_time);
    RUN(rlock_card_names_its_owner_and_depth);
    RUN(a_lock_held_by_a_dead_actor_says_so_and_crosses_the_owner_out);
    RUN(condition_waiters_queue_in_its_card_which_names_its_lock);
    RUN(barrier_arrivals_stand_in_its_places_and_the_missing_are_counted);
    RUN(joinable_queue_counts_its_unfinished_tasks);
    RUN(pipe_shows_its_items_and_who_still_holds_each_end);
    RUN(an_empty_pipe_whose_write_ends_are_all_closed_says_eof);
    RUN(pool_draws_its_workers_busy_or_idle_its_queued_tasks_and_results);
    RUN(an_actor_not_started_waits_for_start_and_a_joiner_names_its_target);
    RUN(processes_mode_puts_each_pid_in_its_token_and_says_processes);
    RUN(ten_resources_of_every_kind_and_thirty_actors_fit_without_overlap);
    RUN(priority_policy_lines_the_ready_queue_up_highest_first_fifo_within_a_level);
    RUN(os_policy_shows_one_running_now_area_instead_of_a_hundred_cpus);
    RUN(lanes_hold_each_actors_state_changes_in_order_read_incrementally);
    RUN(the_strip_draws_a_lane_per_actor_and_the_playhead_at_the_time_shown);
    RUN(narration_tells_waits_hand_offs_sleeps_and_captions_in_plain_words);
    RUN(an_event_set_says_how_many_it_woke);
    RUN(deadlock_edges_go_from_each_waiter_to_its_resource_and_its_holder_and_find_the_cycle);
    RUN(deadlock_arrows_connect_the_waiting_tokens_through_their_cards_in_red);
    RUN(every_state_has_its_letter_on_the_token_and_in_the_legend);
    RUN(the_end_shows_the_expect_results_in_words_and_a_row_per_actor);
    RUN(many_actors_show_the_lanes_that_fit_and_say_how_many_more);
    RUN(two_hundred_actors_and_fifty_resources_show_as_a_crowd_with_chips_and_scrolling_cards);
    RUN(the_text_scale_makes_names_and_titles_bigger_and_everything_still_fits);
    RUN(after_a_crowd_moves_to_another_area_its_old_room_is_given_back_to_bigger_tokens);
    RUN(a_caption_said_long_before_the_actor_blocked_is_greyed_one_said_as_it_blocked_is_not);
    return test_report();
}

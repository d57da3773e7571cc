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
    return test_report();
}

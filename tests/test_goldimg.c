/* test_goldimg — golden images: each resource card (and the deadlock
 * banner) drawn from a real recorded state must look as it did when its
 * golden PNG was approved.
 *
 * Each case replays a stored trace (tests/goldimg/<lesson>.trace, recorded
 * by the real runtime from scenarios/<lesson>.json, or from
 * tests/goldimg/<lesson>.json for a state no lesson settles in), finds the first
 * settled state (the last event of a virtual instant, as `replay --frames`
 * shows) where the case's condition holds ("the lock is held with two
 * waiting"), draws it with the real stage and gfx on a software renderer at
 * 1280x720 with the bundled font, crops the picture to the resource's card
 * (or to the deadlock explanation, or keeps the whole frame) and compares
 * it with tests/goldimg/<case>.png: same size, each channel within
 * GOLD_TOL, and at most GOLD_SHARE of the pixels beyond it (anti-aliasing).
 *
 * On a mismatch it writes goldimg-out/<case>.actual.png and .diff.png
 * (beyond-tolerance pixels red over a faded copy) under the working
 * directory (ctest: the build dir) and prints their paths and figures.
 *
 * Regenerate every golden (after an intended change to layout, cards or
 * fonts), then LOOK at them before committing:
 *     tools/update-goldimg.sh [BUILD_DIR]
 * which runs this test with SYNCSCOPE_UPDATE_GOLDEN=1 (it writes the PNGs
 * into tests/goldimg/ instead of comparing). `tools/update-goldimg.sh
 * --traces` re-records the traces too (a trace format change). */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <SDL.h>
#include <SDL_image.h>

#include "testlib.h"
#include "core/timeline.h"
#include "gfx/gfx.h"
#include "trace/feed.h"
#include "view/stage.h"
#include "view/vmodel.h"

#define GOLD_W 1280
#define GOLD_H 720
#define GOLD_TOL 24          /* per channel, 0..255 */
#define GOLD_SHARE 0.005     /* of the crop's pixels may exceed GOLD_TOL */
#define GOLD_OUT "goldimg-out"
#define SNAP_MS 1e9          /* every token at its place */

/* The software renderer and fonts, shared by every case. */
static SDL_Surface *surf;
static SDL_Renderer *ren;
static Gfx *gfx;
static bool updating;

/* A condition on resource r of a state; mem starts at 0 for each search
 * and lets a condition remember earlier states ("set again after clear"). */
typedef bool (*StatePred)(const Model *m, int r, int *mem);

typedef enum Crop { CROP_CARD = 0, CROP_BANNER, CROP_FULL } Crop;

typedef struct Golden {
    const char *name;     /* the case: its PNG's name */
    const char *lesson;   /* tests/goldimg/<lesson>.trace */
    const char *res;      /* the resource whose card is cropped (and tested) */
    StatePred want;
    Crop crop;
} Golden;

/* ---- the states ---------------------------------------------------------- */

static const MResource *R(const Model *m, int r) { return &m->res[r]; }

static bool lock_held_two_waiting(const Model *m, int r, int *mem)
{
    (void)mem;
    return R(m, r)->holders.n == 1 && R(m, r)->waiters.n == 2;
}

static bool rlock_depth_two(const Model *m, int r, int *mem)
{
    (void)mem;
    return vm_depth(m, r) == 2;
}

static bool sem_some_free_some_taken(const Model *m, int r, int *mem)
{
    (void)mem;
    return R(m, r)->holders.n >= 2 && R(m, r)->count >= 2 && R(m, r)->waiters.n == 0;
}

static bool sem_full_with_queue(const Model *m, int r, int *mem)
{
    (void)mem;
    return R(m, r)->count == 0 && R(m, r)->waiters.n >= 3;
}

static bool event_clear_with_waiters(const Model *m, int r, int *mem)
{
    (void)mem;
    return !R(m, r)->flag && R(m, r)->waiters.n >= 2;
}

/* Set again after having been clear with someone waiting: the cars go. */
static bool event_set_again(const Model *m, int r, int *mem)
{
    if (!R(m, r)->flag && R(m, r)->waiters.n >= 1) *mem = 1;
    return *mem && R(m, r)->flag && R(m, r)->waiters.n == 0;
}

static bool cond_has_waiter(const Model *m, int r, int *mem)
{
    (void)mem;
    return R(m, r)->waiters.n >= 1;
}

static bool barrier_half_arrived(const Model *m, int r, int *mem)
{
    (void)mem;
    return vm_arrived_n(m, r) == 2;
}

static bool queue_full_producer_waits(const Model *m, int r, int *mem)
{
    (void)mem;
    const MResource *q = R(m, r);
    return q->n_items == m->hdr->res[r].capacity && q->waiters.n >= 1;
}

static bool queue_two_items(const Model *m, int r, int *mem)
{
    (void)mem;
    return R(m, r)->n_items == 2;
}

static bool joinable_unfinished_beyond_items(const Model *m, int r, int *mem)
{
    (void)mem;
    /* tasks taken but not done yet: the count says more than the tray */
    return R(m, r)->n_items >= 1 && vm_unfinished(m, r) > R(m, r)->n_items;
}

static bool pipe_data_both_ends_open(const Model *m, int r, int *mem)
{
    (void)mem;
    if (vm_pipe_n(m, r, 0) < 2) return false;
    bool rd = false, wr = false;
    for (int a = 0; a < m->hdr->n_actors; a++) {
        rd = rd || vm_pipe_holds(m, r, a, 0);
        wr = wr || vm_pipe_holds(m, r, a, 1);
    }
    return rd && wr;
}

/* Nobody holds the write end any more, the reader still holds its end:
 * its next read gets end-of-data. */
static bool pipe_write_end_closed(const Model *m, int r, int *mem)
{
    (void)mem;
    int rd = 0, wr = 0;
    for (int a = 0; a < m->hdr->n_actors; a++) {
        rd += vm_pipe_holds(m, r, a, 0);
        wr += vm_pipe_holds(m, r, a, 1);
    }
    return wr == 0 && rd > 0;
}

static bool pool_busy_and_queued(const Model *m, int r, int *mem)
{
    (void)mem;
    int n = vm_pool_workers_n(m, r);
    for (int j = 0; j < n; j++)
        if (vm_worker_task(m, vm_pool_worker(m, r, j)) == 0) return false;
    return n > 0 && vm_pool_queued_n(m, r) >= 1 && vm_pool_done_n(m, r) >= 1;
}

static bool variable_written_thrice(const Model *m, int r, int *mem)
{
    (void)mem;
    return R(m, r)->last_writer >= 0 && R(m, r)->value >= 3;
}

static bool ended_in_deadlock(const Model *m, int r, int *mem)
{
    (void)r;
    (void)mem;
    return m->ended && m->outcome == OUT_DEADLOCK;
}

/* ---- loading and finding a state ------------------------------------------ */

typedef struct Replayed {
    TraceFeed feed;
    uint64_t at;          /* the chosen state: events [0, at] applied */
    int res;              /* the resource's index (-1 none) */
} Replayed;

/* Loads the lesson's trace and finds g's state; false (with a message). */
static bool replay_find(const Golden *g, Replayed *out)
{
    memset(out, 0, sizeof *out);
    trace_feed_init(&out->feed);
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/tests/goldimg/%s.trace", TEST_SRC_DIR, g->lesson);
    size_t len = 0;
    char *text = test_read_file(path, &len);
    if (!text) { fprintf(stderr, "goldimg: %s: cannot read %s\n", g->name, path); return false; }
    trace_feed_bytes(&out->feed, text, len);
    trace_feed_end(&out->feed);
    free(text);
    if (out->feed.bad || !out->feed.tl) {
        fprintf(stderr, "goldimg: %s: %s:%ld: %s (re-record: tools/update-goldimg.sh --traces)\n",
                g->name, path, out->feed.bad_line, out->feed.bad_err.msg);
        return false;
    }
    const Scenario *hdr = out->feed.hdr;
    out->res = g->res ? scenario_find_res(hdr, g->res) : -1;
    if (g->res && out->res < 0) {
        fprintf(stderr, "goldimg: %s: no resource \"%s\" in %s\n", g->name, g->res, path);
        return false;
    }
    /* walk the events once on a model of our own; test settled states */
    Timeline *tl = out->feed.tl;
    uint64_t n = timeline_count(tl);
    Model m;
    Err e = {0};
    if (!model_init(&m, hdr, &e)) {
        fprintf(stderr, "goldimg: %s: %s\n", g->name, e.msg);
        return false;
    }
    int mem = 0;
    bool found = false;
    Event ev, next;
    bool have = n > 0 && timeline_event(tl, 0, &ev);
    for (uint64_t i = 0; have && i < n && !found; i++) {
        if (!model_apply(&m, &ev, &e)) {
            fprintf(stderr, "goldimg: %s: %s event %llu: %s\n", g->name, path, (unsigned long long)i, e.msg);
            break;
        }
        bool more = i + 1 < n && timeline_event(tl, i + 1, &next);
        if ((!more || next.t > ev.t) && g->want(&m, out->res, &mem)) {
            out->at = i;
            found = true;
        }
        if (more) ev = next;
        else have = false;
    }
    model_free(&m);
    if (!found)
        fprintf(stderr, "goldimg: %s: no settled state of %s.trace is the one wanted "
                "(was the trace re-recorded? pick another condition)\n", g->name, g->lesson);
    return found;
}

/* ---- pictures --------------------------------------------------------------- */

static Uint32 px_at(const SDL_Surface *s, int x, int y)
{
    const Uint8 *p = (const Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch + (size_t)x * 4;
    Uint32 v;
    memcpy(&v, p, 4);
    return v;
}

static void px_set(SDL_Surface *s, int x, int y, Uint32 v)
{
    memcpy((Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch + (size_t)x * 4, &v, 4);
}

/* A copy of r of the whole frame (clamped to it), ARGB8888. */
static SDL_Surface *crop_of(const VRect *r)
{
    int x0 = (int)floorf(r->x), y0 = (int)floorf(r->y);
    int x1 = (int)ceilf(r->x + r->w), y1 = (int)ceilf(r->y + r->h);
    if (x0 < 0) x0 = 0;
    if (y0 < 0) y0 = 0;
    if (x1 > surf->w) x1 = surf->w;
    if (y1 > surf->h) y1 = surf->h;
    if (x1 <= x0 || y1 <= y0) return NULL;
    SDL_Surface *c = SDL_CreateRGBSurfaceWithFormat(0, x1 - x0, y1 - y0, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!c) return NULL;
    SDL_Rect src = {x0, y0, x1 - x0, y1 - y0};
    SDL_SetSurfaceBlendMode(surf, SDL_BLENDMODE_NONE);
    SDL_BlitSurface(surf, &src, c, NULL);
    return c;
}

/* Where stage.c's draw_strip puts the deadlock explanation: the strip's
 * right part, beside the timeline (keep in step with draw_strip). */
static VRect banner_box(const Layout *L)
{
    float gap = 12.0f * L->ui;
    VRect s = L->strip;
    float lw = floorf((s.w - gap) * 0.58f);
    return (VRect){s.x + lw + gap, s.y, s.w - lw - gap, s.h};
}

/* Draws the chosen state and crops it as g says; NULL on failure. */
static SDL_Surface *render_case(const Golden *g, Replayed *rp)
{
    Err e = {0};
    const Model *m = timeline_seek(rp->feed.tl, rp->at, &e);
    if (!m) { fprintf(stderr, "goldimg: %s: seek: %s\n", g->name, e.msg); return NULL; }
    /* a fresh stage: its layout keeps no memory of other frames */
    Stage st;
    stage_init(&st);
    StageInfo info = {.speed = 0, .paused = false, .tl = rp->feed.tl};
    SDL_Surface *out = NULL;
    if (!stage_frame(&st, m, GOLD_W, GOLD_H, SNAP_MS, &info)) {
        fprintf(stderr, "goldimg: %s: out of memory drawing\n", g->name);
    } else if (!gfx_draw(gfx, &st.dl, stage_background(), &e)) {
        fprintf(stderr, "goldimg: %s: draw: %s\n", g->name, e.msg);
    } else {
        SDL_RenderFlush(ren);
        VRect r = {0, 0, (float)GOLD_W, (float)GOLD_H};
        if (g->crop == CROP_CARD) {
            if (rp->res < st.L.n_cards) r = st.L.cards[rp->res].box;
            else fprintf(stderr, "goldimg: %s: no card for \"%s\"\n", g->name, g->res);
        } else if (g->crop == CROP_BANNER) {
            r = banner_box(&st.L);
        }
        if (g->crop != CROP_CARD || rp->res < st.L.n_cards) out = crop_of(&r);
        if (!out) fprintf(stderr, "goldimg: %s: empty crop\n", g->name);
    }
    stage_free(&st);
    return out;
}

static SDL_Surface *load_argb(const char *path)
{
    SDL_Surface *raw = IMG_Load(path);
    if (!raw) return NULL;
    SDL_Surface *s = SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_FreeSurface(raw);
    return s;
}

static void mkdir_p(const char *dir)
{
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) fprintf(stderr, "goldimg: mkdir %s: %s\n", dir, strerror(errno));
}

/* The largest channel difference of pixels a and b. */
static int px_diff(Uint32 a, Uint32 b)
{
    int w = 0;
    for (int sh = 0; sh < 32; sh += 8) {
        int d = abs((int)((a >> sh) & 0xFF) - (int)((b >> sh) & 0xFF));
        if (d > w) w = d;
    }
    return w;
}

/* How many pixels of act (same size as gold) differ beyond GOLD_TOL; the
 * largest difference seen goes to *worst. */
static long count_beyond(const SDL_Surface *act, const SDL_Surface *gold, int *worst)
{
    long beyond = 0;
    *worst = 0;
    for (int y = 0; y < act->h; y++)
        for (int x = 0; x < act->w; x++) {
            int w = px_diff(px_at(act, x, y), px_at(gold, x, y));
            if (w > *worst) *worst = w;
            if (w > GOLD_TOL) beyond++;
        }
    return beyond;
}

static bool within_share(long beyond, const SDL_Surface *s)
{
    return (double)beyond <= GOLD_SHARE * (double)s->w * (double)s->h;
}

/* Red where a pixel is beyond tolerance, a faded copy of act elsewhere. */
static SDL_Surface *diff_of(const SDL_Surface *act, const SDL_Surface *gold)
{
    SDL_Surface *d = SDL_CreateRGBSurfaceWithFormat(0, act->w, act->h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!d) return NULL;
    for (int y = 0; y < act->h; y++)
        for (int x = 0; x < act->w; x++) {
            Uint32 a = px_at(act, x, y), v = 0xFFFF0000u;
            if (px_diff(a, px_at(gold, x, y)) <= GOLD_TOL) {
                int lum = (int)(((a >> 16) & 0xFF) + ((a >> 8) & 0xFF) + (a & 0xFF)) / 3;
                Uint32 f = (Uint32)(192 + lum / 4);
                v = 0xFF000000u | f << 16 | f << 8 | f;
            }
            px_set(d, x, y, v);
        }
    return d;
}

static void print_update_hint(void)
{
    fprintf(stderr, "goldimg: if the change is intended, regenerate the goldens and look at them:\n"
                    "goldimg:     tools/update-goldimg.sh BUILD_DIR   "
                    "(or SYNCSCOPE_UPDATE_GOLDEN=1 BUILD_DIR/test_goldimg)\n");
}

/* Writes the actual picture (and the diff, if any) for a failure. */
static void save_failure(const char *name, SDL_Surface *act, SDL_Surface *diff)
{
    mkdir_p(GOLD_OUT);
    char cwd[PATH_MAX], ap[PATH_MAX + 128], dp[PATH_MAX + 128];
    if (!getcwd(cwd, sizeof cwd)) snprintf(cwd, sizeof cwd, ".");
    snprintf(ap, sizeof ap, "%s/%s/%s.actual.png", cwd, GOLD_OUT, name);
    snprintf(dp, sizeof dp, "%s/%s/%s.diff.png", cwd, GOLD_OUT, name);
    if (IMG_SavePNG(act, ap) == 0) fprintf(stderr, "goldimg: %s: actual: %s\n", name, ap);
    if (diff && IMG_SavePNG(diff, dp) == 0) fprintf(stderr, "goldimg: %s: diff:   %s\n", name, dp);
    print_update_hint();
}

/* Removes what an earlier failing run wrote for name. */
static void forget_failure(const char *name)
{
    char p[PATH_MAX];
    snprintf(p, sizeof p, "%s/%s.actual.png", GOLD_OUT, name);
    unlink(p);
    snprintf(p, sizeof p, "%s/%s.diff.png", GOLD_OUT, name);
    unlink(p);
}

/* Compares act with the golden (or writes it in update mode). */
static void compare_golden(const char *name, uint64_t at, SDL_Surface *act)
{
    char gp[PATH_MAX];
    snprintf(gp, sizeof gp, "%s/tests/goldimg/%s.png", TEST_SRC_DIR, name);
    forget_failure(name);
    if (updating) {
        if (IMG_SavePNG(act, gp) != 0) {
            fprintf(stderr, "goldimg: %s: cannot write %s: %s\n", name, gp, IMG_GetError());
            CHECK(!"golden written");
        } else printf("goldimg: wrote %s (%dx%d, after event %llu)\n", gp, act->w, act->h,
                      (unsigned long long)at);
        return;
    }
    SDL_Surface *gold = load_argb(gp);
    if (!gold) {
        fprintf(stderr, "goldimg: %s: no golden %s\n", name, gp);
        save_failure(name, act, NULL);
        CHECK(!"the golden image exists");
        return;
    }
    if (gold->w != act->w || gold->h != act->h) {
        fprintf(stderr, "goldimg: %s: size %dx%d, golden %dx%d (%s)\n", name, act->w, act->h,
                gold->w, gold->h, gp);
        save_failure(name, act, NULL);
        CHECK(!"the picture has the golden's size");
        SDL_FreeSurface(gold);
        return;
    }
    int worst = 0;
    long beyond = count_beyond(act, gold, &worst);
    long total = (long)act->w * act->h;
    double share = (double)beyond / (double)total;
    if (!within_share(beyond, act)) {
        fprintf(stderr, "goldimg: %s: %ld of %ld pixels (%.2f%%) differ by more than %d "
                "(allowed %.2f%%), largest difference %d; golden: %s\n", name, beyond, total,
                100.0 * share, GOLD_TOL, 100.0 * GOLD_SHARE, worst, gp);
        SDL_Surface *d = diff_of(act, gold);
        save_failure(name, act, d);
        if (d) SDL_FreeSurface(d);
        CHECK(within_share(beyond, act));
    }
    SDL_FreeSurface(gold);
}

static void golden_check(const Golden *g)
{
    Replayed rp;
    bool found = replay_find(g, &rp);
    CHECK(found);
    if (found) {
        SDL_Surface *act = render_case(g, &rp);
        CHECK(act != NULL);
        if (act) {
            compare_golden(g->name, rp.at, act);
            SDL_FreeSurface(act);
        }
    }
    trace_feed_free(&rp.feed);
}

#define GOLDEN(nm, lesson, res, pred, crop) \
    TEST(nm) { static const Golden g = {#nm, lesson, res, pred, crop}; golden_check(&g); }

GOLDEN(lock_card_shows_holder_and_two_waiters, "lock_ticket_office", "counter",
       lock_held_two_waiting, CROP_CARD)
GOLDEN(rlock_card_shows_owner_at_depth_two, "rlock_nested", "account", rlock_depth_two, CROP_CARD)
GOLDEN(semaphore_card_shows_taken_and_free_stalls, "semaphore_toilet", "stalls",
       sem_some_free_some_taken, CROP_CARD)
GOLDEN(semaphore_card_shows_every_stall_taken_and_a_queue, "semaphore_toilet", "stalls",
       sem_full_with_queue, CROP_CARD)
GOLDEN(event_card_shows_a_clear_light_with_cars_waiting, "event_traffic_light", "light",
       event_clear_with_waiters, CROP_CARD)
GOLDEN(event_card_shows_the_light_set_again, "event_traffic_light", "light", event_set_again,
       CROP_CARD)
GOLDEN(condition_card_shows_a_waiter_and_its_lock, "condition_bounded_buffer", "not_full",
       cond_has_waiter, CROP_CARD)
GOLDEN(barrier_card_shows_two_of_four_arrived, "barrier_runners", "start_line",
       barrier_half_arrived, CROP_CARD)
GOLDEN(queue_card_shows_a_full_tray_and_a_waiting_producer, "queue_producer_consumer", "tray",
       queue_full_producer_waits, CROP_CARD)
GOLDEN(queue_card_shows_two_items_in_a_tray_of_three, "queue_producer_consumer", "tray",
       queue_two_items, CROP_CARD)
GOLDEN(joinable_queue_card_shows_more_unfinished_than_queued, "queue_joinable_workers", "jobs",
       joinable_unfinished_beyond_items, CROP_CARD)
GOLDEN(pipe_card_shows_data_in_the_tube_and_both_ends_open, "pipe_backlog", "pipe",
       pipe_data_both_ends_open, CROP_CARD)
GOLDEN(pipe_card_shows_the_write_end_closed, "pipe_closed_ends", "pipe", pipe_write_end_closed,
       CROP_CARD)
GOLDEN(pool_card_shows_busy_workers_queued_tasks_and_results, "pool_apply_async", "pool",
       pool_busy_and_queued, CROP_CARD)
GOLDEN(variable_card_shows_value_and_last_writer, "pipe_closed_ends", "received",
       variable_written_thrice, CROP_CARD)
GOLDEN(deadlock_banner_tells_the_philosophers_cycle, "philosophers_deadlock", NULL,
       ended_in_deadlock, CROP_BANNER)
GOLDEN(deadlock_full_frame_shows_red_arrows_and_the_banner, "philosophers_deadlock", NULL,
       ended_in_deadlock, CROP_FULL)

/* The comparison itself must catch a changed colour: a small patch
 * recoloured (0.4% of a card-sized picture) is within the share, a bigger
 * one (0.8%) fails; a faint shift everywhere (anti-aliasing, a font
 * hinting change) stays within the tolerance. */
TEST(a_recoloured_patch_fails_the_comparison_and_a_faint_shift_does_not)
{
    SDL_Surface *a = SDL_CreateRGBSurfaceWithFormat(0, 250, 200, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Surface *b = SDL_CreateRGBSurfaceWithFormat(0, 250, 200, 32, SDL_PIXELFORMAT_ARGB8888);
    CHECK(a && b);
    if (!a || !b) {
        if (a) SDL_FreeSurface(a);
        if (b) SDL_FreeSurface(b);
        return;
    }
    int worst = 0;
    SDL_FillRect(a, NULL, 0xFFF4F1EAu);
    SDL_FillRect(b, NULL, 0xFFEAE7E0u); /* 10 darker in every channel */
    CHECK_EQ_INT(count_beyond(a, b, &worst), 0);
    CHECK_EQ_INT(worst, 10);
    SDL_Rect small = {10, 10, 20, 10}; /* 200 pixels: 0.4% */
    SDL_FillRect(b, &small, 0xFFC0392Bu);
    long n = count_beyond(a, b, &worst);
    CHECK_EQ_INT(n, 200);
    CHECK(within_share(n, a));
    SDL_Rect big = {10, 10, 40, 10}; /* 400 pixels: 0.8% */
    SDL_FillRect(b, &big, 0xFFC0392Bu);
    n = count_beyond(a, b, &worst);
    CHECK_EQ_INT(n, 400);
    CHECK(!within_share(n, a));
    SDL_Surface *d = diff_of(a, b);
    CHECK(d && px_at(d, 15, 15) == 0xFFFF0000u && px_at(d, 100, 100) != 0xFFFF0000u);
    if (d) SDL_FreeSurface(d);
    SDL_FreeSurface(a);
    SDL_FreeSurface(b);
}

int main(void)
{
    /* the bundled font, whatever the environment says */
    unsetenv("SYNCSCOPE_ASSETS");
    const char *u = getenv("SYNCSCOPE_UPDATE_GOLDEN");
    updating = u && u[0] && strcmp(u, "0") != 0;
    if (SDL_Init(0) != 0) { fprintf(stderr, "SDL_Init: %s\n", SDL_GetError()); return 1; }
    surf = SDL_CreateRGBSurfaceWithFormat(0, GOLD_W, GOLD_H, 32, SDL_PIXELFORMAT_ARGB8888);
    ren = surf ? SDL_CreateSoftwareRenderer(surf) : NULL;
    Err e = {0};
    gfx = ren ? gfx_new(ren, &e) : NULL;
    if (!gfx) { fprintf(stderr, "goldimg: cannot start the software renderer: %s %s\n", SDL_GetError(), e.msg); return 1; }
    printf("goldimg: font from %s%s\n", gfx_font_dir(gfx), updating ? "; UPDATING the goldens" : "");
    RUN(a_recoloured_patch_fails_the_comparison_and_a_faint_shift_does_not);
    RUN(lock_card_shows_holder_and_two_waiters);
    RUN(rlock_card_shows_owner_at_depth_two);
    RUN(semaphore_card_shows_taken_and_free_stalls);
    RUN(semaphore_card_shows_every_stall_taken_and_a_queue);
    RUN(event_card_shows_a_clear_light_with_cars_waiting);
    RUN(event_card_shows_the_light_set_again);
    RUN(condition_card_shows_a_waiter_and_its_lock);
    RUN(barrier_card_shows_two_of_four_arrived);
    RUN(queue_card_shows_a_full_tray_and_a_waiting_producer);
    RUN(queue_card_shows_two_items_in_a_tray_of_three);
    RUN(joinable_queue_card_shows_more_unfinished_than_queued);
    RUN(pipe_card_shows_data_in_the_tube_and_both_ends_open);
    RUN(pipe_card_shows_the_write_end_closed);
    RUN(pool_card_shows_busy_workers_queued_tasks_and_results);
    RUN(variable_card_shows_value_and_last_writer);
    RUN(deadlock_banner_tells_the_philosophers_cycle);
    RUN(deadlock_full_frame_shows_red_arrows_and_the_banner);
    gfx_free(gfx);
    SDL_DestroyRenderer(ren);
    SDL_FreeSurface(surf);
    IMG_Quit();
    SDL_Quit();
    return test_report();
}

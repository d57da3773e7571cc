/* test_gfx — the picture itself (src/gfx): a model with an actor in every
 * state is rendered to PNG through the software path (the one headless
 * frames use), read back with IMG_Load, and each token's pixels must have
 * its state's colour; a trace's frames are written one per instant. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <SDL.h>
#include <SDL_image.h>

#include "gfx/frames.h"
#include "gfx/gfx.h"
#include "fixture.h"
#include "testlib.h"
#include "view/layout.h"
#include "view/paint.h"
#include "view/palette.h"


static char tmpdir[256];

static void make_tmpdir(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/syncscope_test_gfx_XXXXXX");
    if (!mkdtemp(tmpdir)) tmpdir[0] = 0;
}

static Uint32 pixel(SDL_Surface *s, int x, int y)
{
    if (x < 0 || y < 0 || x >= s->w || y >= s->h) return 0;
    const Uint8 *p = (const Uint8 *)s->pixels + y * s->pitch + x * s->format->BytesPerPixel;
    Uint32 v = 0;
    memcpy(&v, p, s->format->BytesPerPixel > 4 ? 4 : s->format->BytesPerPixel);
    return v;
}

static bool colour_near(SDL_Surface *s, int x, int y, VColor want)
{
    Uint8 r, g, b;
    SDL_GetRGB(pixel(s, x, y), s->format, &r, &g, &b);
    return abs(r - want.r) <= 6 && abs(g - want.g) <= 6 && abs(b - want.b) <= 6;
}

/* One actor in each state, and resources of every supported type. */
static void every_state(Fix *f)
{
    ResType t[] = {RES_LOCK, RES_SEMAPHORE, RES_EVENT, RES_QUEUE, RES_VARIABLE};
    fix_init(f, 8, 2, 5, t);
    fix_run_on(f, 0, 0);
    idlist_push(&f->m.res[0].holders, 0);
    fix_make_ready(f, 1);
    fix_block_on(f, 2, 0);
    f->m.actors[3].state = AS_SLEEPING;
    f->m.actors[3].until = 4200000;
    f->m.actors[4].state = AS_DONE;
    f->m.actors[5].state = AS_KILLED;
    snprintf(f->m.actors[5].error, sizeof f->m.actors[5].error, "daemon");
    f->m.actors[6].state = AS_ERROR;
    snprintf(f->m.actors[6].error, sizeof f->m.actors[6].error, "release by a non-holder");
    /* actor 7 stays new */
    idlist_push(&f->m.res[1].holders, 1);
    f->m.res[1].count = 2;
    f->m.res[3].items = calloc(4, sizeof(Value));
    f->m.res[3].items[0] = value_int(7);
    f->m.res[3].items[1] = value_str("bread");
    f->m.res[3].n_items = 2;
    f->m.res[3].cap_items = 4;
    f->m.res[4].value = 3;
    f->m.res[2].flag = true;
    snprintf(f->m.actors[0].caption, sizeof f->m.actors[0].caption, "selling a ticket");
    f->m.t = 1500000;
}

TEST(every_state_colour_is_drawn_at_its_token)
{
    Fix f;
    every_state(&f);
    char path[512];
    snprintf(path, sizeof path, "%s/states.png", tmpdir);
    Err err = {0};
    bool ok = frames_render_model(&f.m, path, 1280, 720, &err);
    if (!ok) fprintf(stderr, "%s\n", err.msg);
    CHECK(ok);
    SDL_Surface *s = IMG_Load(path);
    CHECK(s != NULL);
    if (s) {
        CHECK_EQ_INT(s->w, 1280);
        CHECK_EQ_INT(s->h, 720);
        Layout L;
        layout_init(&L);
        CHECK(layout_compute(&L, &f.m, 1280, 720));
        for (int a = 0; a < 8; a++) {
            VColor want = pal_state(f.m.actors[a].state);
            /* above the centre: a new token has a mark in its middle */
            int x = (int)lroundf(L.tx[a]), y = (int)lroundf(L.ty[a] - L.r * 0.6f);
            if (!colour_near(s, x, y, want))
                fprintf(stderr, "actor %d (%s) at %d,%d lacks its colour\n", a,
                        actor_state_name(f.m.actors[a].state), x, y);
            CHECK(colour_near(s, x, y, want));
        }
        /* the event is set: its light is green somewhere in its card */
        const VRect *b = &L.cards[2].body;
        bool green = false;
        for (int y = (int)b->y; y < (int)(b->y + b->h) && !green; y++)
            for (int x = (int)b->x; x < (int)(b->x + b->w) && !green; x++)
                green = colour_near(s, x, y, vcolor_hex(PAL_SET));
        CHECK(green);
        layout_free(&L);
        SDL_FreeSurface(s);
    }
    fix_free(&f);
}

TEST(a_clear_event_is_drawn_red_not_green)
{
    Fix f;
    ResType t[] = {RES_EVENT};
    fix_init(&f, 1, 1, 1, t);
    f.m.res[0].flag = false;
    char path[512];
    snprintf(path, sizeof path, "%s/clear.png", tmpdir);
    Err err = {0};
    CHECK(frames_render_model(&f.m, path, 1280, 720, &err));
    SDL_Surface *s = IMG_Load(path);
    CHECK(s != NULL);
    if (s) {
        Layout L;
        layout_init(&L);
        layout_compute(&L, &f.m, 1280, 720);
        const VRect *b = &L.cards[0].body;
        int red = 0, green = 0;
        for (int y = (int)b->y; y < (int)(b->y + b->h); y++)
            for (int x = (int)b->x; x < (int)(b->x + b->w); x++) {
                red += colour_near(s, x, y, vcolor_hex(PAL_CLEAR));
                green += colour_near(s, x, y, vcolor_hex(PAL_SET));
            }
        CHECK(red > 100);
        CHECK_EQ_INT(green, 0);
        layout_free(&L);
        SDL_FreeSurface(s);
    }
    fix_free(&f);
}

TEST(pictures_follow_the_requested_size)
{
    Fix f;
    every_state(&f);
    char path[512];
    snprintf(path, sizeof path, "%s/small.png", tmpdir);
    Err err = {0};
    CHECK(frames_render_model(&f.m, path, 800, 450, &err));
    SDL_Surface *s = IMG_Load(path);
    CHECK(s && s->w == 800 && s->h == 450);
    if (s) SDL_FreeSurface(s);
    CHECK(!frames_render_model(&f.m, path, 100000, 10, &err));   /* refused, not attempted */
    fix_free(&f);
}

static void ev(Event *e, uint64_t seq, int64_t t, EvKind k, int actor)
{
    event_init(e, k);
    e->seq = seq;
    e->t = t;
    e->actor = actor;
}

TEST(a_trace_becomes_one_frame_per_instant_plus_the_start_and_old_frames_go)
{
    Fix f;
    ResType t[] = {RES_LOCK};
    fix_init(&f, 1, 1, 1, t);
    Err err = {0};
    Timeline *tl = timeline_new(f.sc, &err);
    CHECK(tl != NULL);
    if (!tl) { fix_free(&f); return; }
    Event e;
    uint64_t seq = 0;
    /* three events at t=0, then one at each of t=1, 2, 3 */
    ev(&e, seq++, 0, EV_NEW, 0); CHECK(timeline_append(tl, &e, &err));
    ev(&e, seq++, 0, EV_READY, 0); CHECK(timeline_append(tl, &e, &err));
    ev(&e, seq++, 0, EV_RUNNING, 0); e.cpu = 0; CHECK(timeline_append(tl, &e, &err));
    ev(&e, seq++, 1, EV_ACQUIRED, 0); e.res = 0; CHECK(timeline_append(tl, &e, &err));
    ev(&e, seq++, 2, EV_RELEASED, 0); e.res = 0; CHECK(timeline_append(tl, &e, &err));
    ev(&e, seq++, 3, EV_DONE, 0); CHECK(timeline_append(tl, &e, &err));
    if (err.msg[0]) fprintf(stderr, "%s\n", err.msg);
    char dir[512], p[600];
    snprintf(dir, sizeof dir, "%s/frames", tmpdir);
    mkdir(dir, 0777);
    /* a frame of an earlier, longer trace must not stay behind */
    snprintf(p, sizeof p, "%s/frame_00009.png", dir);
    FILE *old = fopen(p, "wb");
    if (old) fclose(old);
    int written = 0;
    CHECK(frames_render_trace(tl, dir, 640, 360, &written, &err));
    CHECK_EQ_INT(written, 5);                 /* the start + t=0, 1, 2, 3 */
    struct stat st;
    snprintf(p, sizeof p, "%s/frame_00004.png", dir);
    CHECK(stat(p, &st) == 0);
    snprintf(p, sizeof p, "%s/frame_00005.png", dir);
    CHECK(stat(p, &st) != 0);
    snprintf(p, sizeof p, "%s/frame_00009.png", dir);
    CHECK(stat(p, &st) != 0);
    timeline_free(tl);
    fix_free(&f);
}

static int count_colour(SDL_Surface *s, const VRect *r, VColor want)
{
    int n = 0;
    for (int y = (int)r->y; y < (int)(r->y + r->h); y++)
        for (int x = (int)r->x; x < (int)(r->x + r->w); x++) n += colour_near(s, x, y, want);
    return n;
}

TEST(every_new_card_is_drawn_with_its_key_colours_in_place)
{
    Fix f;
    fix_gallery(&f);
    char path[512];
    snprintf(path, sizeof path, "%s/gallery.png", tmpdir);
    Err err = {0};
    bool ok = frames_render_model(&f.m, path, 1280, 720, &err);
    if (!ok) fprintf(stderr, "%s\n", err.msg);
    CHECK(ok);
    SDL_Surface *s = IMG_Load(path);
    CHECK(s != NULL);
    if (s) {
        Layout L;
        layout_init(&L);
        CHECK(layout_compute(&L, &f.m, 1280, 720));
        VColor dead = vcolor_hex(PAINT_DEAD);
        /* the dead owner of the lock is crossed out inside its padlock, and
         * the live owner of the rlock is not */
        CHECK(count_colour(s, &L.cards[0].body, dead) > 20);
        CHECK_EQ_INT(count_colour(s, &L.cards[1].body, dead), 0);
        /* so is the killed actor's own token */
        VRect kt = {L.tx[2] - L.r, L.ty[2] - L.r, 2 * L.r, 2 * L.r};
        CHECK(count_colour(s, &kt, dead) > 20);
        /* the rlock's depth bars */
        CHECK(count_colour(s, &L.cards[1].body, vcolor_hex(PAINT_TAKEN)) > 30);
        /* the barrier: the two who arrived stand (blocked colour) in its body */
        for (int a = 4; a <= 5; a++)
            CHECK(colour_near(s, (int)lroundf(L.tx[a]), (int)lroundf(L.ty[a] - L.r * 0.6f),
                              pal_state(AS_BLOCKED)));
        CHECK(count_colour(s, &L.cards[3].body, pal_state(AS_BLOCKED)) > 200);
        /* the pipe: two item boxes in its tube, none in the empty duplex back */
        CHECK(count_colour(s, &L.cards[5].rows[0], vcolor_hex(0xDCEBF7)) > 300);
        CHECK(count_colour(s, &L.cards[6].rows[1], vcolor_hex(0xDCEBF7)) > 150);
        /* the pool: its busy worker has a warm ring, its idle one none */
        const VCard *k = &L.cards[7];
        float cx, cy, rad;
        layout_worker(&L, k, 0, &cx, &cy, &rad);
        VRect w0 = {cx - rad - 6 * L.s, cy - rad - 6 * L.s, 2 * rad + 12 * L.s, 2 * rad + 12 * L.s};
        CHECK(count_colour(s, &w0, vcolor_hex(0xE69F00)) > 20);
        layout_worker(&L, k, 1, &cx, &cy, &rad);
        VRect w1 = {cx - rad - 6 * L.s, cy - rad - 6 * L.s, 2 * rad + 12 * L.s, 2 * rad + 12 * L.s};
        CHECK_EQ_INT(count_colour(s, &w1, vcolor_hex(0xE69F00)), 0);
        CHECK(count_colour(s, &k->rows[1], vcolor_hex(0xDCEBF7)) > 300);   /* tasks 4, 5 */
        /* processes mode: the title bar says so in its colour */
        CHECK(count_colour(s, &L.title, vcolor_hex(0xCC79A7)) > 1000);
        layout_free(&L);
        SDL_FreeSurface(s);
    }
    fix_free(&f);
}

TEST(a_crowd_of_every_card_renders_at_projector_and_netbook_sizes)
{
    int sizes[][2] = {{1280, 720}, {1024, 600}};
    for (int i = 0; i < 2; i++) {
        Fix f;
        fix_crowd(&f);
        char path[512];
        snprintf(path, sizeof path, "%s/crowd_%d.png", tmpdir, sizes[i][0]);
        Err err = {0};
        CHECK(frames_render_model(&f.m, path, sizes[i][0], sizes[i][1], &err));
        SDL_Surface *s = IMG_Load(path);
        CHECK(s && s->w == sizes[i][0] && s->h == sizes[i][1]);
        if (s) {
            Layout L;
            layout_init(&L);
            CHECK(layout_compute(&L, &f.m, sizes[i][0], sizes[i][1]));
            /* every running token shows its colour on its CPU */
            for (int a = 0; a < 30; a++)
                if (f.m.actors[a].state == AS_RUNNING)
                    CHECK(colour_near(s, (int)lroundf(L.tx[a]), (int)lroundf(L.ty[a] - L.r * 0.6f),
                                      pal_state(AS_RUNNING)));
            layout_free(&L);
            SDL_FreeSurface(s);
        }
        fix_free(&f);
    }
}

TEST(a_deadlocked_trace_draws_red_arrows_blocked_lanes_and_the_red_explanation)
{
    Fix f;
    ResType t[] = {RES_LOCK, RES_LOCK};
    fix_init(&f, 2, 1, 2, t);
    Err err = {0};
    Timeline *tl = timeline_new(f.sc, &err);
    CHECK(tl != NULL);
    if (!tl) { fix_free(&f); return; }
    Event e;
    uint64_t q = 0;
    bool ok = true;
    /* each takes one lock, then waits for the other's */
    ev(&e, q++, 0, EV_NEW, 0); ok = ok && timeline_append(tl, &e, &err);
    ev(&e, q++, 0, EV_NEW, 1); ok = ok && timeline_append(tl, &e, &err);
    ev(&e, q++, 0, EV_READY, 0); ok = ok && timeline_append(tl, &e, &err);
    ev(&e, q++, 0, EV_READY, 1); ok = ok && timeline_append(tl, &e, &err);
    ev(&e, q++, 0, EV_RUNNING, 0); e.cpu = 0; ok = ok && timeline_append(tl, &e, &err);
    ev(&e, q++, 100, EV_ACQUIRED, 0); e.res = 0; ok = ok && timeline_append(tl, &e, &err);
    ev(&e, q++, 100, EV_READY, 0); ok = ok && timeline_append(tl, &e, &err);
    ev(&e, q++, 100, EV_RUNNING, 1); e.cpu = 0; ok = ok && timeline_append(tl, &e, &err);
    ev(&e, q++, 200, EV_ACQUIRED, 1); e.res = 1; ok = ok && timeline_append(tl, &e, &err);
    ev(&e, q++, 300, EV_BLOCKED, 1); e.res = 0; snprintf(e.op, sizeof e.op, "acquire");
    ok = ok && timeline_append(tl, &e, &err);
    ev(&e, q++, 300, EV_RUNNING, 0); e.cpu = 0; ok = ok && timeline_append(tl, &e, &err);
    ev(&e, q++, 400, EV_BLOCKED, 0); e.res = 1; snprintf(e.op, sizeof e.op, "acquire");
    ok = ok && timeline_append(tl, &e, &err);
    if (!ok) fprintf(stderr, "deadlock trace: %s\n", err.msg);
    CHECK(ok);
    char dir[512], p[600];
    snprintf(dir, sizeof dir, "%s/deadlock", tmpdir);
    mkdir(dir, 0777);
    int written = 0;
    CHECK(frames_render_trace(tl, dir, 1280, 720, &written, &err));
    CHECK(written >= 2);
    snprintf(p, sizeof p, "%s/frame_%05d.png", dir, written - 1);
    SDL_Surface *s = IMG_Load(p);
    CHECK(s != NULL);
    if (s) {
        /* the strip under the stage: lanes on the left, the words on the right */
        VRect lanes = {150, 500, 560, 160}, words = {745, 496, 523, 172}, stage = {0, 60, 1280, 420};
        CHECK(count_colour(s, &lanes, pal_state(AS_BLOCKED)) > 200);
        CHECK(count_colour(s, &lanes, pal_state(AS_RUNNING)) > 50);
        CHECK(count_colour(s, &words, vcolor_hex(PAL_BANNER)) > 1000);   /* its red frame and title */
        CHECK(count_colour(s, &stage, vcolor_hex(PAL_BANNER)) > 300);    /* the arrows */
        SDL_FreeSurface(s);
    }
    timeline_free(tl);
    fix_free(&f);
}

int main(void)
{
    make_tmpdir();
    RUN(every_state_colour_is_drawn_at_its_token);
    RUN(a_clear_event_is_drawn_red_not_green);
    RUN(pictures_follow_the_requested_size);
    RUN(a_trace_becomes_one_frame_per_instant_plus_the_start_and_old_frames_go);
    RUN(every_new_card_is_drawn_with_its_key_colours_in_place);
    RUN(a_crowd_of_every_card_renders_at_projector_and_netbook_sizes);
    RUN(a_deadlocked_trace_draws_red_arrows_blocked_lanes_and_the_red_explanation);
    if (!getenv("SYNCSCOPE_KEEP_PNG")) {
        char cmd[300];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
        if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", tmpdir);
    } else {
        printf("pictures kept in %s\n", tmpdir);
    }
    return test_report();
}

/* test_gfx — the picture itself (src/gfx): a model with an actor in every
 * state is rendered to PNG through the software path (the one headless
 * frames use), read back with IMG_Load, and each token's pixels must have
 * its state's colour; a trace's frames are written one per instant. Then
 * gfx's own primitives on a small canvas: exact rect edges, blended and
 * coloured discs, labels in Chinese through a fallback font (skipped, with
 * the reason, on a machine without a CJK font; CI installs one), ellipsis
 * fitting of mixed labels, and the label cache across trims. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <SDL.h>
#include <SDL_image.h>

#include "gfx/fontfind.h"
#include "gfx/fonts.h"
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


/* ---- gfx primitives on a small canvas ------------------------------------ */

typedef struct Canvas {
    SDL_Surface *s;
    SDL_Renderer *ren;
    Gfx *g;
    DrawList dl;
} Canvas;

static bool canvas_open(Canvas *c, int w, int h)
{
    memset(c, 0, sizeof *c);
    dl_init(&c->dl);
    c->s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    c->ren = c->s ? SDL_CreateSoftwareRenderer(c->s) : NULL;
    Err err = {0};
    c->g = c->ren ? gfx_new(c->ren, &err) : NULL;
    if (!c->g) fprintf(stderr, "canvas: %s %s\n", err.msg, SDL_GetError());
    return c->g != NULL;
}

static void canvas_close(Canvas *c)
{
    gfx_free(c->g);
    if (c->ren) SDL_DestroyRenderer(c->ren);
    if (c->s) SDL_FreeSurface(c->s);
    dl_free(&c->dl);
}

/* Draws the list on white and empties it. */
static bool canvas_draw(Canvas *c)
{
    Err err = {0};
    bool ok = gfx_draw(c->g, &c->dl, vcolor_hex(0xFFFFFF), &err);
    SDL_RenderFlush(c->ren);
    dl_clear(&c->dl);
    return ok;
}

static Uint32 px_at(const Canvas *c, int x, int y) { return pixel(c->s, x, y) & 0xFFFFFF; }

/* Pixels in [x0, x1) x [y0, y1) that are not white. */
static int ink(const Canvas *c, int x0, int y0, int x1, int y1)
{
    int n = 0;
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++) n += px_at(c, x, y) != 0xFFFFFF;
    return n;
}

/* The columns with ink, as [*first, *last]; false when none. */
static bool ink_span(const Canvas *c, int *first, int *last)
{
    *first = -1;
    *last = -1;
    for (int x = 0; x < c->s->w; x++)
        if (ink(c, x, 0, x + 1, c->s->h) > 0) {
            if (*first < 0) *first = x;
            *last = x;
        }
    return *first >= 0;
}

TEST(opaque_and_translucent_rects_cover_exactly_their_pixels)
{
    Canvas c;
    CHECK(canvas_open(&c, 200, 60));
    if (!c.g) { canvas_close(&c); return; }
    /* odd edges on both sides of the 16-pixel columns the fill is cut at */
    dl_rect(&c.dl, 3, 5, 150, 10, vcolor_hex(0x204080));
    dl_rect(&c.dl, 17, 30, 9, 4, vcolor_hex(0x802040));
    VColor half = vcolor_hex(0x000000);
    half.a = 128;
    dl_rect(&c.dl, 40, 40, 20, 10, half);
    CHECK(canvas_draw(&c));
    CHECK_EQ_INT(px_at(&c, 2, 10), 0xFFFFFF);
    CHECK_EQ_INT(px_at(&c, 3, 10), 0x204080);
    CHECK_EQ_INT(px_at(&c, 80, 5), 0x204080);
    CHECK_EQ_INT(px_at(&c, 152, 14), 0x204080);
    CHECK_EQ_INT(px_at(&c, 153, 14), 0xFFFFFF);
    CHECK_EQ_INT(px_at(&c, 80, 15), 0xFFFFFF);
    CHECK_EQ_INT(ink(&c, 0, 0, 200, 20), 150 * 10);
    CHECK_EQ_INT(ink(&c, 0, 25, 200, 36), 9 * 4);
    /* half black on white is mid grey */
    Uint8 r, g, b;
    SDL_GetRGB(pixel(c.s, 50, 45), c.s->format, &r, &g, &b);
    CHECK(r > 110 && r < 145 && r == g && g == b);
    canvas_close(&c);
}

TEST(discs_of_one_radius_keep_each_colour_and_their_alpha)
{
    Canvas c;
    CHECK(canvas_open(&c, 200, 60));
    if (!c.g) { canvas_close(&c); return; }
    VColor faint = vcolor_hex(0xFF0000);
    faint.a = 64;
    for (int pass = 0; pass < 2; pass++) {   /* the second from the cache */
        dl_circle(&c.dl, 30, 30, 12, vcolor_hex(0x009E73));
        dl_circle(&c.dl, 80, 30, 12, vcolor_hex(0xD55E00));
        dl_circle(&c.dl, 130, 30, 12, faint);
        dl_rrect(&c.dl, 155, 10, 40, 40, 12, vcolor_hex(0xD55E00));
        CHECK(canvas_draw(&c));
        CHECK(colour_near(c.s, 30, 30, vcolor_hex(0x009E73)));
        CHECK(colour_near(c.s, 80, 30, vcolor_hex(0xD55E00)));
        /* a quarter red over white */
        CHECK(colour_near(c.s, 130, 30, vcolor_hex(0xFFBFBF)));
        CHECK(colour_near(c.s, 175, 30, vcolor_hex(0xD55E00)));
        CHECK(colour_near(c.s, 175, 11, vcolor_hex(0xD55E00)));   /* between the corners */
        CHECK_EQ_INT(px_at(&c, 155, 10), 0xFFFFFF);               /* outside the round corner */
        CHECK(colour_near(c.s, 30, 45, vcolor_hex(0xFFFFFF)));    /* outside the disc */
    }
    canvas_close(&c);
}

static const char *LESSON_WORDS = "包子 消费者1";

/* Whether this machine has a font with Chinese: skips say so. */
static bool have_cjk(Fonts *fs)
{
    if (fonts_face_for(fs, 0x5305) > 0) return true;   /* 包 */
    FontFile ff[4];
    int known = fontfind_known(ff, 4);
    /* a known CJK file that is there must be used: not a skip but a failure */
    CHECK_EQ_INT(known, 0);
    printf("    skipped: no font with Chinese on this machine (%s); tools/setup.sh installs "
           "fonts-droid-fallback\n",
           fontfind_has_fontconfig() ? "none in the known paths nor in fontconfig"
                                     : "none in the known paths; built without fontconfig");
    return false;
}

/* Draws one label at (4, 20) and returns its ink span. */
static int label_ink(Canvas *c, const char *text, int size, float max_w, int *first, int *last)
{
    dl_text(&c->dl, 4, 20, size, false, DL_LEFT, max_w, vcolor_hex(0x000000), text);
    canvas_draw(c);
    if (!ink_span(c, first, last)) return 0;
    return ink(c, 0, 0, c->s->w, c->s->h);
}

/* The picture of one label, for comparing two. */
static Uint32 *label_picture(Canvas *c, const char *text)
{
    int a, b;
    label_ink(c, text, 24, 0, &a, &b);
    Uint32 *v = malloc((size_t)c->s->w * (size_t)c->s->h * sizeof *v);
    if (v)
        for (int y = 0; y < c->s->h; y++)
            for (int x = 0; x < c->s->w; x++) v[y * c->s->w + x] = px_at(c, x, y);
    return v;
}

static int picture_diff(const Canvas *c, const Uint32 *a, const Uint32 *b)
{
    int n = 0;
    for (int i = 0; i < c->s->w * c->s->h; i++) n += a[i] != b[i];
    return n;
}

TEST(chinese_labels_draw_their_glyphs_from_a_fallback_font_not_boxes)
{
    Err err = {0};
    Fonts *fs = fonts_open(TEST_SRC_DIR "/assets", &err);
    CHECK(fs != NULL);
    if (!fs) return;
    if (!have_cjk(fs)) { fonts_close(fs); return; }
    int face = fonts_face_for(fs, 0x5305);
    printf("    Chinese from %s\n", fonts_face_path(fs, face));
    /* every character of the lesson's words has a face; the digit and the
     * space stay DejaVu's */
    CHECK(fonts_face_for(fs, 0x5B50) > 0);   /* 子 */
    CHECK(fonts_face_for(fs, 0x6D88) > 0);   /* 消 */
    CHECK(fonts_face_for(fs, 0x8D39) > 0);   /* 费 */
    CHECK(fonts_face_for(fs, 0x8005) > 0);   /* 者 */
    CHECK_EQ_INT(fonts_face_for(fs, '1'), 0);
    CHECK_EQ_INT(fonts_face_for(fs, ' '), 0);
    fonts_close(fs);

    Canvas c;
    CHECK(canvas_open(&c, 400, 40));
    if (!c.g) { canvas_close(&c); return; }
    /* the boxes DejaVu draws for characters it lacks are all alike: two
     * different characters drawing two different pictures, neither being
     * the box of a character no font has, are glyphs */
    Uint32 *bao = label_picture(&c, "包"), *zi = label_picture(&c, "子");
    Uint32 *box = label_picture(&c, "\xF4\x8F\xBF\xBD");   /* U+10FFFD, a private-use code point */
    CHECK(bao && zi && box);
    if (bao && zi && box) {
        CHECK(picture_diff(&c, bao, zi) > 40);
        CHECK(picture_diff(&c, bao, box) > 40);
        CHECK(picture_diff(&c, zi, box) > 40);
    }
    free(bao);
    free(zi);
    free(box);
    /* the whole label: ink across all six characters, on one line */
    int first, last;
    CHECK(label_ink(&c, LESSON_WORDS, 24, 0, &first, &last) > 300);
    CHECK(first >= 4 && first < 10);
    CHECK(last - first > 5 * 20);          /* five ideographs of ~24 px, a space and a digit */
    CHECK_EQ_INT(ink(&c, 0, 0, 400, 4), 0);    /* centred on y=20: nothing at the very top */
    canvas_close(&c);
}

TEST(a_label_cut_to_a_width_fits_it_and_ends_in_an_ellipsis_with_mixed_fonts)
{
    Err err = {0};
    Fonts *fs = fonts_open(TEST_SRC_DIR "/assets", &err);
    CHECK(fs != NULL);
    if (!fs) return;
    const char *text = "消费者1 puts 包子4 into 包子";
    char out[256];
    int full = fonts_width(fs, text, 14, false);
    CHECK(full > 100);
    for (int max_w = 30; max_w < full; max_w += 17) {
        fonts_fit(fs, text, 14, false, max_w, out, sizeof out);
        size_t n = strlen(out);
        CHECK(n >= 3 && strcmp(out + n - 3, "…") == 0);
        CHECK(strncmp(out, text, n - 3) == 0);
        CHECK(fonts_width(fs, out, 14, false) <= max_w);
        /* as long as fits: one more character would not */
        if (n - 3 < strlen(text)) {
            char more[256];
            size_t k = n - 3 + 1;
            while (((unsigned char)text[k] & 0xC0) == 0x80) k++;
            memcpy(more, text, k);
            snprintf(more + k, sizeof more - k, "…");
            CHECK(fonts_width(fs, more, 14, false) > max_w);
        }
    }
    fonts_fit(fs, text, 14, false, full, out, sizeof out);   /* fits as it is */
    CHECK_EQ_STR(out, text);
    fonts_close(fs);

    /* and drawn: the ink stays within the limit */
    Canvas c;
    CHECK(canvas_open(&c, 400, 40));
    if (c.g) {
        int first, last;
        CHECK(label_ink(&c, text, 14, 90, &first, &last) > 50);
        CHECK(last < 4 + 90);
    }
    canvas_close(&c);
}

TEST(the_symbols_the_ui_uses_are_in_the_bundled_font)
{
    Err err = {0};
    Fonts *fs = fonts_open(TEST_SRC_DIR "/assets", &err);
    CHECK(fs != NULL);
    if (!fs) return;
    /* ⚠ → ← · … “ ” × ✓ ✗ ▶ ⏸ are drawn by DejaVu itself */
    uint32_t cps[] = {0x26A0, 0x2192, 0x2190, 0x00B7, 0x2026, 0x201C, 0x201D, 0x00D7, 0x2713, 0x2717, 0x25B6};
    for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
        if (fonts_face_for(fs, cps[i]) != 0) fprintf(stderr, "U+%04X is not DejaVu's\n", (unsigned)cps[i]);
        CHECK_EQ_INT(fonts_face_for(fs, cps[i]), 0);
    }
    fonts_close(fs);
}

TEST(a_character_no_font_has_draws_a_box_and_nothing_breaks)
{
    Canvas c;
    CHECK(canvas_open(&c, 300, 40));
    if (!c.g) { canvas_close(&c); return; }
    int first, last;
    for (int i = 0; i < 3; i++)   /* again: remembered as missing, not searched */
        CHECK(label_ink(&c, "a\xF4\x8F\xBF\xBD" "b", 20, 0, &first, &last) > 20);
    /* a variation selector after the warning sign (as typed on a phone)
     * does not lose the label, nor a zero-width space alone */
    CHECK(label_ink(&c, "⚠\xEF\xB8\x8F deadlock", 20, 0, &first, &last) > 50);
    CHECK(last - first > 60);
    CHECK(label_ink(&c, "\xEF\xB8\x8F", 20, 0, &first, &last) >= 0);
    canvas_close(&c);
}

TEST(labels_stay_right_when_ever_new_labels_trim_the_cache)
{
    Canvas c;
    CHECK(canvas_open(&c, 300, 80));
    if (!c.g) { canvas_close(&c); return; }
    const char *fixed[] = {"Tray", "包子", "waiting: nobody"};
    Uint32 *first = NULL;
    /* 5000 frames of the fixed labels plus a clock that changes each frame:
     * the cache fills and is trimmed (twice) */
    for (int f = 0; f < 5000; f++) {
        char clock[32];
        snprintf(clock, sizeof clock, "t = %d.%03d s", f / 1000, f % 1000);
        for (int i = 0; i < 3; i++)
            dl_text(&c.dl, 10, 15 + 20 * (float)i, 14, i == 0, DL_LEFT, 0, vcolor_hex(0x1F2328), fixed[i]);
        if (f == 0 || f == 4999) {
            CHECK(canvas_draw(&c));   /* without the clock: the same picture */
            Uint32 *v = malloc((size_t)300 * 80 * sizeof *v);
            if (!v) break;
            for (int y = 0; y < 80; y++)
                for (int x = 0; x < 300; x++) v[y * 300 + x] = px_at(&c, x, y);
            if (!first) {
                first = v;
                CHECK(ink(&c, 0, 0, 300, 80) > 100);
            } else {
                CHECK_EQ_INT(picture_diff(&c, first, v), 0);
                free(v);
            }
            continue;
        }
        dl_text(&c.dl, 290, 70, 14, false, DL_RIGHT, 0, vcolor_hex(0x1F2328), clock);
        CHECK(canvas_draw(&c));
    }
    free(first);
    canvas_close(&c);
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
    RUN(opaque_and_translucent_rects_cover_exactly_their_pixels);
    RUN(discs_of_one_radius_keep_each_colour_and_their_alpha);
    RUN(chinese_labels_draw_their_glyphs_from_a_fallback_font_not_boxes);
    RUN(a_label_cut_to_a_width_fits_it_and_ends_in_an_ellipsis_with_mixed_fonts);
    RUN(the_symbols_the_ui_uses_are_in_the_bundled_font);
    RUN(a_character_no_font_has_draws_a_box_and_nothing_breaks);
    RUN(labels_stay_right_when_ever_new_labels_trim_the_cache);
    if (!getenv("SYNCSCOPE_KEEP_PNG")) {
        char cmd[300];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
        if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", tmpdir);
    } else {
        printf("pictures kept in %s\n", tmpdir);
    }
    return test_report();
}

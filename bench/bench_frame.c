/* bench_frame — frame time of the window's drawing path with 200 actors and
 * 50 resources, software renderer at 1280x720: drawing only, and drawing
 * while a live stream of 100,000 events per second is taken in (LineBuf +
 * decode + timeline_append in the same loop as the frames, as the window
 * does). Frames are paced at 60 Hz like the window, so each frame takes in
 * what arrived since the last one; the figures are the work of one frame
 * (the wait for the next tick is not counted).
 *
 * Two targets: a software renderer on a surface (as headless frames do) and,
 * when a video driver opens a window (the `dummy` one does), a software
 * renderer on that window with a present per frame.
 *
 *   bench_frame [--tiny] [--seconds S] [--rate EVENTS_PER_S] [--png LAST.png] [--no-history]
 *   (--no-history: without the timeline strip and narration, to see their cost) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <SDL.h>

#include "benchlib.h"
#include "gfx/gfx.h"
#include "view/stage.h"

#define W 1280
#define H 720
#define TICK_MS (1000.0 / 60.0)
#define CHUNK 65536 /* what one read() of the window's pipe takes at most */

typedef struct Opts {
    bool tiny;
    double seconds, rate;
    int groups, per;
    const char *png;         /* the last frame of the surface's ingest row */
    bool no_history;         /* StageInfo.tl NULL: no timeline strip, no narration */
} Opts;

typedef struct Trace {
    char *text;
    size_t len, n_lines;
    size_t *st;
    size_t prefix;           /* lines applied before a row starts (header + warm-up) */
} Trace;

typedef struct Row {
    size_t frames;
    double *total, *ingest, *stage, *draw;
    double events, secs;
    long long cmds;          /* draw-list commands, summed over the frames */
} Row;

static bool row_alloc(Row *r, size_t cap)
{
    memset(r, 0, sizeof *r);
    r->total = malloc(cap * sizeof(double));
    r->ingest = malloc(cap * sizeof(double));
    r->stage = malloc(cap * sizeof(double));
    r->draw = malloc(cap * sizeof(double));
    return r->total && r->ingest && r->stage && r->draw;
}

static void row_free(Row *r)
{
    free(r->total);
    free(r->ingest);
    free(r->stage);
    free(r->draw);
}

static void row_print(const char *target, const char *load, Row *r)
{
    size_t n = r->frames;
    double mx = 0;
    for (size_t i = 0; i < n; i++)
        if (r->total[i] > mx) mx = r->total[i];
    double p50 = bench_pct(r->total, n, 50), p99 = bench_pct(r->total, n, 99);
    double i50 = bench_pct(r->ingest, n, 50), i99 = bench_pct(r->ingest, n, 99);
    double s50 = bench_pct(r->stage, n, 50), d50 = bench_pct(r->draw, n, 50);
    printf("%-16s %-22s %6zu %7.2f %7.2f %7.2f | %7.2f %7.2f %7.2f %7.2f | %9.0f %6lld\n", target,
           load, n, p50, p99, mx, i50, i99, s50, d50, r->secs > 0 ? r->events / r->secs : 0,
           n ? r->cmds / (long long)n : 0);
    fflush(stdout);
}

/* Feeds lines [from, to) of the trace in pipe-sized chunks. */
static bool feed_lines(TraceFeed *f, const Trace *t, size_t from, size_t to)
{
    size_t a = t->st[from], b = t->st[to];
    while (a < b) {
        size_t n = b - a < CHUNK ? b - a : CHUNK;
        if (!trace_feed_bytes(f, t->text + a, n)) return false;
        a += n;
    }
    return true;
}

/* One row: `seconds` of paced frames, taking in `rate` events/s (0: none). */
static bool run_row(SDL_Renderer *ren, SDL_Window *win, const Trace *t, const Opts *o,
                    double rate, Row *r)
{
    Err err;
    memset(&err, 0, sizeof err);
    TraceFeed f;
    trace_feed_init(&f);
    if (!feed_lines(&f, t, 0, t->prefix) || !f.tl) {
        fprintf(stderr, "bench_frame: the trace does not load: %s\n", f.bad_err.msg);
        trace_feed_free(&f);
        return false;
    }
    Gfx *g = gfx_new(ren, &err);
    if (!g) {
        fprintf(stderr, "bench_frame: %s\n", err.msg);
        trace_feed_free(&f);
        return false;
    }
    Stage st;
    stage_init(&st);
    size_t cap = (size_t)(o->seconds * 60.0 * 2 + 16);
    bool ok = row_alloc(r, cap);
    size_t cursor = t->prefix;
    double t0 = bench_now_ms(), next = t0, last = t0;
    while (ok && r->frames < cap) {
        double fs = bench_now_ms();
        if (fs - t0 >= o->seconds * 1000.0) break;
        if (rate > 0) {
            double owed = rate * (fs - t0) / 1000.0 - r->events;
            size_t k = owed > 0 ? (size_t)owed : 0;
            if (k > t->n_lines - cursor) k = t->n_lines - cursor;
            if (k == 0 && cursor >= t->n_lines) {
                fprintf(stderr, "bench_frame: the trace ran out after %.0f events\n", r->events);
                break;
            }
            if (!feed_lines(&f, t, cursor, cursor + k)) {
                fprintf(stderr, "bench_frame: bad trace: %s\n", f.bad_err.msg);
                ok = false;
                break;
            }
            cursor += k;
            r->events += (double)k;
        }
        double ti = bench_now_ms();
        /* with the history: the timeline lanes and the narration read it */
        StageInfo info = {.speed = 1, .show_keys = true, .source = "live",
                          .tl = o->no_history ? NULL : f.tl};
        if (!stage_frame(&st, timeline_live(f.tl), W, H, ti - last, &info)) { ok = false; break; }
        last = ti;
        double ts = bench_now_ms();
        if (!gfx_draw(g, &st.dl, stage_background(), &err)) {
            fprintf(stderr, "bench_frame: %s\n", err.msg);
            ok = false;
            break;
        }
        if (win) SDL_RenderPresent(ren);
        else SDL_RenderFlush(ren);
        double te = bench_now_ms();
        r->total[r->frames] = te - fs;
        r->ingest[r->frames] = ti - fs;
        r->stage[r->frames] = ts - ti;
        r->draw[r->frames] = te - ts;
        r->cmds += st.dl.n;
        r->frames++;
        if (win) {
            SDL_Event e;
            while (SDL_PollEvent(&e)) {}
        }
        /* the window's pace: wait for the next tick; a late frame starts the
         * next one at once, without a burst to catch up */
        next += TICK_MS;
        double now = bench_now_ms();
        if (next > now) usleep((useconds_t)((next - now) * 1000.0));
        else next = now;
    }
    r->secs = (bench_now_ms() - t0) / 1000.0;
    if (ok && o->png && !win && rate > 0 && !gfx_save_png(ren, W, H, o->png, &err))
        fprintf(stderr, "bench_frame: %s\n", err.msg);
    stage_free(&st);
    gfx_free(g);
    trace_feed_free(&f);
    return ok;
}

static bool run_target(const char *name, SDL_Renderer *ren, SDL_Window *win, const Trace *t,
                       const Opts *o)
{
    char load[64];
    snprintf(load, sizeof load, "drawing + %.0f ev/s", o->rate);
    Row a, b;
    bool ok = run_row(ren, win, t, o, 0, &a);
    if (ok) row_print(name, "drawing only", &a);
    row_free(&a);
    if (!ok) return false;
    ok = run_row(ren, win, t, o, o->rate, &b);
    if (ok) row_print(name, load, &b);
    row_free(&b);
    return ok;
}

static bool surface_target(const Trace *t, const Opts *o)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *ren = s ? SDL_CreateSoftwareRenderer(s) : NULL;
    if (!ren) {
        fprintf(stderr, "bench_frame: no software renderer: %s\n", SDL_GetError());
        if (s) SDL_FreeSurface(s);
        return false;
    }
    bool ok = run_target("surface (sw)", ren, NULL, t, o);
    SDL_DestroyRenderer(ren);
    SDL_FreeSurface(s);
    return ok;
}

/* A real window with the software renderer; skipped (not a failure) when
 * no video driver opens one. */
static bool window_target(const Trace *t, const Opts *o)
{
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
        printf("%-16s skipped: no video driver (%s)\n", "window", SDL_GetError());
        return true;
    }
    SDL_Window *win = SDL_CreateWindow("syncscope bench", SDL_WINDOWPOS_UNDEFINED,
                                       SDL_WINDOWPOS_UNDEFINED, W, H, 0);
    SDL_Renderer *ren = win ? SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE) : NULL;
    bool ok = true;
    if (!ren) {
        printf("%-16s skipped: no window (%s)\n", "window", SDL_GetError());
    } else {
        char name[64];
        snprintf(name, sizeof name, "window %s(sw)", SDL_GetCurrentVideoDriver());
        ok = run_target(name, ren, win, t, o);
    }
    if (ren) SDL_DestroyRenderer(ren);
    if (win) SDL_DestroyWindow(win);
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
    return ok;
}

static void usage(void)
{
    fprintf(stderr, "usage: bench_frame [--tiny] [--seconds S] [--rate EVENTS_PER_S] [--png LAST.png] [--no-history]\n");
}

int main(int argc, char **argv)
{
    Opts o = {.seconds = 4, .rate = 100000, .groups = 10, .per = 20};
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--tiny") == 0) {
            o.tiny = true;
            o.seconds = 0.3;
            o.rate = 20000;
            o.groups = 2;
            o.per = 5;
        } else if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) {
            o.seconds = atof(argv[++i]);
        } else if (strcmp(argv[i], "--no-history") == 0) {
            o.no_history = true;
        } else if (strcmp(argv[i], "--png") == 0 && i + 1 < argc) {
            o.png = argv[++i];
        } else if (strcmp(argv[i], "--rate") == 0 && i + 1 < argc) {
            o.rate = atof(argv[++i]);
        } else {
            usage();
            return 2;
        }
    }
    if (o.seconds <= 0 || o.seconds > 600 || o.rate < 0 || o.rate > 1e8) { usage(); return 2; }
    int actors = o.groups * o.per;
    /* enough events for the ingest row plus a warm-up prefix of ~1 s */
    double need = o.rate * (o.seconds + 1) * 1.2 + 1000;
    int repeat = (int)(need / (14.0 * actors)) + 2;
    char dir[512], scen[600], trace[600];
    if (!bench_tmpdir(dir, sizeof dir)) { fprintf(stderr, "bench_frame: no temp folder\n"); return 1; }
    snprintf(scen, sizeof scen, "%s/frame.json", dir);
    snprintf(trace, sizeof trace, "%s/frame.jsonl", dir);
    double g0 = bench_now_ms();
    if (!bench_write_scenario(scen, o.groups, o.per, repeat, 4) || !bench_record(scen, trace, NULL)) {
        fprintf(stderr, "bench_frame: cannot record the trace with %s\n", bench_syncscope());
        bench_rmtree(dir);
        return 1;
    }
    Trace t;
    memset(&t, 0, sizeof t);
    t.text = bench_read_file(trace, &t.len);
    t.st = t.text ? bench_line_starts(t.text, t.len, &t.n_lines) : NULL;
    bench_rmtree(dir);
    if (!t.st || t.n_lines < 2) { fprintf(stderr, "bench_frame: empty trace\n"); free(t.text); return 1; }
    /* the state of a busy run: everyone started, queues at the resources */
    size_t warm = o.tiny ? 200 : (size_t)(o.rate > 0 ? o.rate : 20000);
    t.prefix = 1 + warm < t.n_lines ? 1 + warm : t.n_lines;
    printf("bench_frame: %d actors, %d resources, %dx%d, frames paced at 60 Hz, %.1f s per row;\n"
           "  trace of %zu events recorded in %.1f s; each row starts after %zu events\n",
           actors, o.groups * 5, W, H, o.seconds, t.n_lines - 1, (bench_now_ms() - g0) / 1000.0,
           t.prefix - 1);
    printf("%-16s %-22s %6s %7s %7s %7s | %7s %7s %7s %7s | %9s %6s\n", "target", "load", "frames",
           "p50", "p99", "max", "in p50", "in p99", "stg p50", "drw p50", "events/s", "cmds");
    printf("%-16s %-22s %6s %7s %7s %7s | %7s %7s %7s %7s |\n", "", "", "", "ms", "ms", "ms", "ms",
           "ms", "ms", "ms");
    bool ok = surface_target(&t, &o) && window_target(&t, &o);
    free(t.st);
    free(t.text);
    SDL_Quit();
    return ok ? 0 : 1;
}

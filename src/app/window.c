/* window — see window.h. One loop: wait for input (SDL_WaitEventTimeout,
 * never a spin), pump the trace fd, pick the model to show (live, frozen
 * while paused, or paced playback of a file), draw it through the stage
 * and gfx, present. */
#include "app/window.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <SDL.h>

#include "gfx/frames.h"
#include "gfx/gfx.h"
#include "view/palette.h"
#include "view/stage.h"

#define FEED_BYTES_PER_FRAME (4u << 20)   /* keeps a frame short under a flood */
#define SPEED_MIN (1.0 / 64)
#define SPEED_MAX 64.0

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int status_code(int st)
{
    if (WIFEXITED(st)) return WEXITSTATUS(st);
    return 4; /* killed from outside: a fault (SPEC §5) */
}

int window_reap(pid_t child, int ctl_fd, int trace_fd)
{
    if (ctl_fd >= 0) close(ctl_fd);
    if (child <= 0) return -1;
    double end = now_ms() + 2000;
    char buf[65536];
    for (;;) {
        int st;
        pid_t p = waitpid(child, &st, WNOHANG);
        if (p == child) return status_code(st);
        if (p < 0 && errno != EINTR) return -1;
        if (now_ms() > end) break;
        /* drain, so a runner blocked on a full pipe can finish */
        bool any = false;
        if (trace_fd >= 0) {
            ssize_t n;
            while ((n = read(trace_fd, buf, sizeof buf)) > 0) any = true;
        }
        if (!any) usleep(5000);
    }
    kill(child, SIGKILL);
    int st;
    while (waitpid(child, &st, 0) < 0 && errno == EINTR) {}
    return 4;
}

int window_headless_frames(TraceFeed *f, const char *what, bool view)
{
    const char *dir = "syncscope-frames";
    if (!f->tl) {
        fprintf(stderr, "syncscope: %s: no trace to draw%s%s\n", what, f->bad ? ": " : "",
                f->bad ? f->banner : "");
        return -1;
    }
    if (f->bad) fprintf(stderr, "%s:%s\n", what, f->located);
    int written = 0;
    Err err;
    memset(&err, 0, sizeof err);
    if (!frames_render_trace(f->tl, dir, 1280, 720, &written, &err)) {
        err_print(&err, stderr);
        return -1;
    }
    printf("No display found. Rendered %d frames of \"%s\" to ./%s/ (open frame_00000.png); "
           "for a live window run under a desktop or: xvfb-run syncscope %s%s\n",
           written, f->hdr->title, dir, view ? "view " : "", what);
    return written;
}

static void send_ctl(int fd, const char *line)
{
    if (fd < 0) return;
    size_t n = strlen(line);
    ssize_t w = write(fd, line, n); /* short control lines: atomic on a pipe */
    (void)w;
}

static void save_shot(SDL_Renderer *ren, int w, int h, const char *path)
{
    Err err;
    memset(&err, 0, sizeof err);
    if (gfx_save_png(ren, w, h, path, &err)) fprintf(stderr, "syncscope: screenshot written to %s\n", path);
    else err_print(&err, stderr);
}

/* What the window shows before the header arrives. */
static void waiting_picture(DrawList *dl, int w, int h, const char *what, const char *banner)
{
    dl_clear(dl);
    dl_rect(dl, 0, 0, (float)w, (float)h, vcolor_hex(PAL_BG));
    dl_text(dl, (float)w / 2, (float)h / 2 - 20, 28, true, DL_CENTER, (float)w - 40,
            vcolor_hex(PAL_INK), what);
    dl_text(dl, (float)w / 2, (float)h / 2 + 24, 20, false, DL_CENTER, (float)w - 40,
            vcolor_hex(banner ? PAL_BANNER : PAL_MUTED), banner ? banner : "waiting for the trace…");
}

/* Moves the live clock's base to now, at the speed it ran at until now. */
static void clock_rebase(int64_t *base_us, double *wall_ms, bool paused, double speed)
{
    double t = now_ms();
    if (!paused && *wall_ms > 0) *base_us += (int64_t)((t - *wall_ms) * 1000.0 * speed);
    *wall_ms = t;
}

typedef struct Playback {
    bool started;
    int64_t t;             /* virtual us reached by the playback clock */
    int64_t cursor;        /* events shown: [0, cursor) */
} Playback;

/* Advances a file's playback by dt wall ms at speed; returns events to show. */
static int64_t playback_step(Playback *pb, Timeline *tl, double dt_ms, double speed, bool paused)
{
    uint64_t n = timeline_count(tl);
    Event ev;
    if (!pb->started && n > 0 && timeline_event(tl, 0, &ev)) {
        pb->started = true;
        pb->t = ev.t;
    }
    if (!paused && pb->started) pb->t += (int64_t)(dt_ms * 1000.0 * speed);
    while ((uint64_t)pb->cursor < n && timeline_event(tl, (uint64_t)pb->cursor, &ev) && ev.t <= pb->t)
        pb->cursor++;
    return pb->cursor;
}

bool window_run(const WinOptions *o, WinResult *res, Err *err)
{
    memset(res, 0, sizeof *res);
    res->child_status = -1;
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        res->no_display = true;
        return true;
    }
    char title[SC_STR_MAX + 64];
    snprintf(title, sizeof title, "syncscope — %s", o->title ? o->title : "");
    SDL_Window *win = SDL_CreateWindow(title, SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, 1280,
                                       720, SDL_WINDOW_RESIZABLE);
    if (!win) {
        res->no_display = true;
        SDL_Quit();
        return true;
    }
    SDL_Renderer *ren = SDL_CreateRenderer(win, -1, 0);
    if (!ren) ren = SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE);
    Gfx *gfx = ren ? gfx_new(ren, err) : NULL;
    if (!gfx) {
        if (!ren) err_set(err, "cannot draw in the window: %s", SDL_GetError());
        if (ren) SDL_DestroyRenderer(ren);
        SDL_DestroyWindow(win);
        SDL_Quit();
        return false;
    }

    TraceFeed feed;
    feed_init(&feed);
    Stage st;
    stage_init(&st);
    Model empty;
    bool have_empty = false;
    Playback pb = {0};
    bool paused = false, quit = false, titled = false;
    double speed = o->speed, shown_speed = o->speed;
    int64_t frozen = -1;           /* view -: the events shown while paused */
    /* The live clock: the runner waits dt/speed of wall time before each
     * event, so between events the virtual time is the last event's t plus
     * the wall time since it came, times the speed. */
    uint64_t clock_seen = 0;       /* events when the clock was last rebased */
    int64_t clock_base = 0;        /* virtual us at clock_wall */
    double clock_wall = 0;
    bool child_done = false;
    double start = now_ms(), last = start;
    const char *shot = o->screenshot ? o->screenshot : "syncscope-shot.png";
    int w = 1280, h = 720;

    while (!quit) {
        bool busy = false, want_shot = false;
        double wait = 16;
        SDL_Event e;
        if (SDL_WaitEventTimeout(&e, (int)wait)) {
            do {
                if (e.type == SDL_QUIT) quit = true;
                else if (e.type == SDL_WINDOWEVENT && e.window.event == SDL_WINDOWEVENT_CLOSE) quit = true;
                else if (e.type == SDL_KEYDOWN) {
                    SDL_Keycode k = e.key.keysym.sym;
                    if (k == SDLK_ESCAPE) quit = true;
                    else if (k == SDLK_SPACE) {
                        /* a paused clock stands still and resumes from there */
                        clock_rebase(&clock_base, &clock_wall, paused, shown_speed);
                        paused = !paused;
                        send_ctl(o->ctl_fd, paused ? "pause\n" : "resume\n");
                        frozen = -1;
                    } else if (k == SDLK_PLUS || k == SDLK_EQUALS || k == SDLK_KP_PLUS ||
                               k == SDLK_MINUS || k == SDLK_KP_MINUS) {
                        bool up = k != SDLK_MINUS && k != SDLK_KP_MINUS;
                        clock_rebase(&clock_base, &clock_wall, paused, shown_speed);
                        if (speed <= 0) speed = feed.hdr ? feed.hdr->speed : 1;
                        speed = up ? speed * 2 : speed / 2;
                        if (speed < SPEED_MIN) speed = SPEED_MIN;
                        if (speed > SPEED_MAX) speed = SPEED_MAX;
                        char line[64];
                        snprintf(line, sizeof line, "speed %g\n", speed);
                        send_ctl(o->ctl_fd, line);
                    } else if (k == SDLK_F12) {
                        want_shot = true;
                    }
                }
            } while (SDL_PollEvent(&e));
        }
        if (feed_pump(&feed, o->trace_fd, FEED_BYTES_PER_FRAME)) busy = true;
        if (o->child > 0 && !child_done) {
            int stt;
            if (waitpid(o->child, &stt, WNOHANG) == o->child) {
                child_done = true;
                res->child_status = status_code(stt);
            }
        }
        double now = now_ms(), dt = now - last;
        last = now;
        if (o->exit_after > 0 && now - start >= o->exit_after * 1000) quit = true;
        if (o->stop && *o->stop) quit = true; /* SIGTERM, SIGHUP, SIGINT of play */
        if (feed.hdr && !titled) {
            snprintf(title, sizeof title, "syncscope — %s%s", feed.hdr->title,
                     feed.hdr->mode == MODE_PROCESSES ? " (processes)" : "");
            SDL_SetWindowTitle(win, title);
            titled = true;
            if (speed <= 0) speed = feed.hdr->speed > 0 ? feed.hdr->speed : 1;
        }
        shown_speed = speed > 0 ? speed : 1;

        SDL_GetRendererOutputSize(ren, &w, &h);
        if (feed.tl) {
            uint64_t n = timeline_count(feed.tl);
            int64_t show;              /* events to show */
            if (o->paced) {
                show = playback_step(&pb, feed.tl, dt, shown_speed, paused);
                if ((uint64_t)show < n && !paused) busy = true;
            } else if (paused && o->ctl_fd < 0) {
                if (frozen < 0) frozen = (int64_t)n;
                show = frozen;
            } else {
                show = (int64_t)n;
            }
            const Model *m;
            Err serr;
            memset(&serr, 0, sizeof serr);
            if (show <= 0) {
                if (!have_empty) have_empty = model_init(&empty, feed.hdr, &serr);
                m = have_empty ? &empty : NULL;
            } else if ((uint64_t)show == n) {
                m = timeline_live(feed.tl);
            } else {
                m = timeline_seek(feed.tl, (uint64_t)show - 1, &serr);
            }
            if (m) {
                if (m->ended && (uint64_t)show == n) res->run_ended = true;
                StageInfo info = {.speed = shown_speed, .paused = paused, .show_keys = true,
                                  .banner = feed.bad ? feed.banner : NULL};
                if (o->paced) {
                    info.has_clock = true;
                    info.clock_us = pb.t;
                } else if ((uint64_t)show == n && !m->ended && !feed.eof && !feed.bad) {
                    if (n != clock_seen) {
                        clock_seen = n;
                        clock_base = m->t;
                        clock_wall = now;
                    }
                    info.has_clock = true;
                    info.clock_us = clock_base;
                    /* redrawn at the idle pace (~20 fps), enough for a clock */
                    if (!paused) info.clock_us += (int64_t)((now - clock_wall) * 1000.0 * shown_speed);
                }
                stage_frame(&st, m, w, h, dt, &info);
                if (anim_busy(&st.A)) busy = true;
            }
        } else {
            waiting_picture(&st.dl, w, h, o->title ? o->title : "syncscope", feed.bad ? feed.banner : NULL);
        }
        gfx_draw(gfx, &st.dl, stage_background(), err);
        if (want_shot || (quit && o->screenshot)) save_shot(ren, w, h, shot);
        SDL_RenderPresent(ren);
        if (child_done) res->run_ended = true;
        /* idle: nothing moves and nothing came in; poll the pipe less often */
        if (!busy && !quit) {
            bool live_source = !feed.eof;
            SDL_WaitEventTimeout(NULL, live_source ? 30 : 120);
        }
    }
    res->bad_trace = feed.bad;
    if (feed.bad) snprintf(res->bad, sizeof res->bad, "%s", feed.located);
    if (have_empty) model_free(&empty);
    stage_free(&st);
    feed_free(&feed);
    gfx_free(gfx);
    SDL_DestroyRenderer(ren);
    SDL_DestroyWindow(win);
    SDL_Quit();
    return true;
}

/* window — see window.h. One loop: wait for input (SDL_WaitEventTimeout,
 * never a spin), pump the trace fd, pick the model to show (live, a
 * cursor into the past while seeking, or paced playback of a file), draw
 * it through the stage and gfx, put the control bar (view/controls) over
 * the legend, present. Keys and button clicks map to one CtlAction each. */
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
#include "view/controls.h"
#include "view/notes.h"
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
    char bb[ERR_MSG_MAX + 64];
    if (!f->tl) {
        fprintf(stderr, "syncscope: %s: no trace to draw%s%s\n", what, f->bad ? ": " : "",
                f->bad ? feed_banner(f, bb, sizeof bb) : "");
        return -1;
    }
    if (f->bad) fprintf(stderr, "%s:%s\n", what, feed_located(f, bb, sizeof bb));
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

/* Advances a file's playback by dt wall ms at speed; returns events to
 * show. Paused, the cursor stays where a seek put it, even if later
 * events share its time. */
static int64_t playback_step(Playback *pb, Timeline *tl, double dt_ms, double speed, bool paused)
{
    uint64_t n = timeline_count(tl);
    Event ev;
    if (!pb->started && n > 0 && timeline_event(tl, 0, &ev)) {
        pb->started = true;
        pb->t = ev.t;
    }
    if (paused) return pb->cursor;
    if (pb->started) pb->t += (int64_t)(dt_ms * 1000.0 * speed);
    while ((uint64_t)pb->cursor < n && timeline_event(tl, (uint64_t)pb->cursor, &ev) && ev.t <= pb->t)
        pb->cursor++;
    return pb->cursor;
}

/* A seek in a recorded file: show `to` events, the clock at the last one. */
static void playback_seek(Playback *pb, Timeline *tl, int64_t to)
{
    uint64_t n = timeline_count(tl);
    if (to < 0) to = 0;
    if ((uint64_t)to > n) to = (int64_t)n;
    pb->cursor = to;
    Event ev;
    if (timeline_event(tl, to > 0 ? (uint64_t)to - 1 : 0, &ev)) {
        pb->started = true;
        pb->t = ev.t;
    }
}

/* The key codes controls.c names are SDL's own. */
_Static_assert(CTL_KEY_RIGHT == SDLK_RIGHT && CTL_KEY_LEFT == SDLK_LEFT && CTL_KEY_HOME == SDLK_HOME &&
                   CTL_KEY_END == SDLK_END && CTL_KEY_F11 == SDLK_F11 && CTL_KEY_F12 == SDLK_F12 &&
                   CTL_KEY_F1 == SDLK_F1 && CTL_KEY_KP_PLUS == SDLK_KP_PLUS &&
                   CTL_KEY_KP_MINUS == SDLK_KP_MINUS && CTL_KEY_ESCAPE == SDLK_ESCAPE,
               "controls.h key codes must equal SDL's");
_Static_assert(CTL_MOD_SHIFT == KMOD_SHIFT && CTL_MOD_CTRL == KMOD_CTRL && CTL_MOD_GUI == KMOD_GUI,
               "controls.h modifiers must equal SDL's");

/* Everything the loop and its key/button actions share. */
typedef struct Win {
    const WinOptions *o;
    SDL_Window *win;
    TraceFeed feed;
    Playback pb;
    CtlNav nav;
    CtlBar bar;
    double speed, shown_speed;
    /* The live clock: the runner waits dt/speed of wall time before each
     * event, so between events the virtual time is the last event's t plus
     * the wall time since it came, times the speed. */
    uint64_t clock_seen;   /* events when the clock was last rebased */
    int64_t clock_base;    /* virtual us at clock_wall */
    double clock_wall;
    int64_t shown;         /* events on screen in the last frame */
    bool quit, want_shot, help, fullscreen, notes;
    WinResult *res;        /* R and a dropped file end the window with a request in it */
    float text_scale;
} Win;

static void send_nav(Win *W, CtlSend s)
{
    if (s == CS_PAUSE) send_ctl(W->o->ctl_fd, "pause\n");
    else if (s == CS_RESUME) send_ctl(W->o->ctl_fd, "resume\n");
}

/* A seek or pause in a recorded file moves its playback cursor. */
static void paced_action(Win *W, CtlAction a)
{
    Timeline *tl = W->feed.tl;
    if (!tl) {
        if (a == CA_PAUSE) W->nav.paused = !W->nav.paused;
        return;
    }
    int64_t n = (int64_t)timeline_count(tl), c = W->pb.cursor;
    switch (a) {
    case CA_PAUSE:
        W->nav.paused = !W->nav.paused;
        /* at the end, play again from the start */
        if (!W->nav.paused && c >= n && W->feed.eof) playback_seek(&W->pb, tl, 0);
        break;
    case CA_STEP_BACK: W->nav.paused = true; playback_seek(&W->pb, tl, c - 1); break;
    case CA_STEP_FWD: W->nav.paused = true; playback_seek(&W->pb, tl, c + 1); break;
    case CA_HOME: W->nav.paused = true; playback_seek(&W->pb, tl, 0); break;
    case CA_END: playback_seek(&W->pb, tl, n); break;
    default: break;
    }
}

static void do_action(Win *W, CtlAction a)
{
    switch (a) {
    case CA_NONE: break;
    case CA_QUIT: W->quit = true; break;
    case CA_PAUSE:
    case CA_STEP_BACK:
    case CA_STEP_FWD:
    case CA_HOME:
    case CA_END:
        /* a paused clock stands still and resumes from there */
        clock_rebase(&W->clock_base, &W->clock_wall, W->nav.paused, W->shown_speed);
        if (W->o->paced) paced_action(W, a);
        else {
            uint64_t n = W->feed.tl ? timeline_count(W->feed.tl) : 0;
            send_nav(W, controls_nav_apply(&W->nav, a, n, W->shown));
        }
        break;
    case CA_SLOWER:
    case CA_FASTER: {
        clock_rebase(&W->clock_base, &W->clock_wall, W->nav.paused, W->shown_speed);
        double sp = W->speed;
        if (sp <= 0) sp = W->feed.hdr ? W->feed.hdr->speed : 1;
        if (sp <= 0) sp = 1;
        sp = a == CA_FASTER ? sp * 2 : sp / 2;
        if (sp < SPEED_MIN) sp = SPEED_MIN;
        if (sp > SPEED_MAX) sp = SPEED_MAX;
        W->speed = sp;
        char line[64];
        snprintf(line, sizeof line, "speed %g\n", sp);
        send_ctl(W->o->ctl_fd, line);
        break;
    }
    case CA_HELP: W->help = !W->help; break;
    case CA_NOTES: W->notes = !W->notes; break;
    case CA_RERUN:
        /* only a live run can run again: the caller forks a new runner */
        if (W->o->allow_rerun) {
            W->res->rerun = true;
            W->quit = true;
        }
        break;
    case CA_FULLSCREEN:
        W->fullscreen = !W->fullscreen;
        if (SDL_SetWindowFullscreen(W->win, W->fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0) != 0)
            W->fullscreen = !W->fullscreen;
        break;
    case CA_TEXT_BIGGER:
    case CA_TEXT_SMALLER:
    case CA_TEXT_CYCLE: W->text_scale = controls_text_scale(W->text_scale, a); break;
    case CA_SCREENSHOT: W->want_shot = true; break;
    default: break;
    }
}

/* A click at window coordinates (x, y): a button, or closing the help. */
static void on_click(Win *W, int x, int y, int w, int h)
{
    int ww = w, wh = h;
    SDL_GetWindowSize(W->win, &ww, &wh);
    /* the renderer may have more pixels than the window has points (HiDPI) */
    float px = ww > 0 ? (float)x * (float)w / (float)ww : (float)x;
    float py = wh > 0 ? (float)y * (float)h / (float)wh : (float)y;
    CtlAction a = controls_hit(&W->bar, px, py);
    if (a != CA_NONE) do_action(W, a);
    else if (W->help) W->help = false;
    else if (W->notes) W->notes = false;
}

/* "syncscope — TITLE · event 120 of 512 · t = 3.2 s · PAUSED (seeking)" */
static void status_title(char *buf, size_t cap, const char *title, int64_t shown, uint64_t n,
                         int64_t t_us, bool paused, bool seeking)
{
    snprintf(buf, cap, "syncscope — %s · event %lld of %llu · t = %.1f s%s", title, (long long)shown,
             (unsigned long long)n, (double)t_us / 1e6,
             seeking ? " · PAUSED (seeking)" : paused ? " · PAUSED" : "");
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

    Win W;
    memset(&W, 0, sizeof W);
    W.o = o;
    W.win = win;
    W.res = res;
    feed_init(&W.feed);
    TraceFeed *fd = &W.feed;
    controls_nav_init(&W.nav, o->ctl_fd >= 0);
    W.speed = o->speed;
    W.shown_speed = o->speed > 0 ? o->speed : 1;
    W.text_scale = 1;
    Stage st;
    stage_init(&st);
    Model empty;
    bool have_empty = false;
    bool titled = false;
    bool child_done = false;
    double start = now_ms(), last = start, title_at = 0;
    double last_draw = -1;          /* wall ms of the last picture; -1 before the first */
    bool moving = false;            /* tokens were still moving in the last picture */
    bool title_due = false;         /* the window title lags the picture */
    const char *shot = o->screenshot ? o->screenshot : "syncscope-shot.png";
    int w = 1280, h = 720;
    char status[SC_STR_MAX + 160];
    char banner[ERR_MSG_MAX + 64]; /* "line N: message" after a bad line */
    status[0] = 0;

    while (!W.quit) {
        bool busy = false;
        W.want_shot = false;
        SDL_Event e;
        if (SDL_WaitEventTimeout(&e, 16)) {
            do {
                if (e.type == SDL_QUIT) W.quit = true;
                else if (e.type == SDL_WINDOWEVENT && e.window.event == SDL_WINDOWEVENT_CLOSE) W.quit = true;
                else if (e.type == SDL_KEYDOWN) {
                    CtlAction a = controls_action_for_key((int)e.key.keysym.sym, (int)e.key.keysym.mod);
                    /* Esc first closes the help, then the window */
                    if (a == CA_QUIT && W.help && e.key.keysym.sym == SDLK_ESCAPE) a = CA_HELP;
                    else if (a == CA_QUIT && W.notes && e.key.keysym.sym == SDLK_ESCAPE) a = CA_NOTES;
                    do_action(&W, a);
                    busy = true;
                } else if (e.type == SDL_MOUSEBUTTONDOWN && e.button.button == SDL_BUTTON_LEFT) {
                    /* touches arrive as mouse clicks too (SDL's default) */
                    on_click(&W, e.button.x, e.button.y, w, h);
                    busy = true;
                } else if (e.type == SDL_DROPFILE) {
                    /* a scenario dropped on the window: the caller opens it */
                    if (e.drop.file && o->allow_rerun) {
                        snprintf(res->open_path, sizeof res->open_path, "%s", e.drop.file);
                        W.quit = true;
                    }
                    SDL_free(e.drop.file);
                } else if (e.type == SDL_WINDOWEVENT) {
                    busy = true; /* resized or exposed: redraw now */
                }
            } while (SDL_PollEvent(&e));
        }
        if (feed_pump(fd, o->trace_fd, FEED_BYTES_PER_FRAME)) busy = true;
        if (o->child > 0 && !child_done) {
            int stt;
            if (waitpid(o->child, &stt, WNOHANG) == o->child) {
                child_done = true;
                res->child_status = status_code(stt);
            }
        }
        double now = now_ms(), dt = now - last;
        last = now;
        if (o->exit_after > 0 && now - start >= o->exit_after * 1000) W.quit = true;
        if (o->stop && *o->stop) W.quit = true; /* SIGTERM, SIGHUP, SIGINT of play */
        if (fd->hdr && !titled) {
            titled = true;
            if (W.speed <= 0) W.speed = fd->hdr->speed > 0 ? fd->hdr->speed : 1;
        }
        W.shown_speed = W.speed > 0 ? W.speed : 1;

        /* Draw only when the picture can have changed: new events, input,
         * a moving token or playback, a screenshot, or the live clock (ten
         * times a second). A finished or paused window then costs almost
         * nothing (bench_idle). */
        bool clock_live = fd->tl && !o->paced && !fd->eof && !fd->bad && !W.nav.paused &&
                          !timeline_live(fd->tl)->ended;
        bool playing = fd->tl && o->paced && !W.nav.paused &&
                       (uint64_t)W.shown < timeline_count(fd->tl);
        bool draw = busy || moving || playing || W.want_shot || (W.quit && o->screenshot) ||
                    last_draw < 0 || (clock_live && now - last_draw >= 100) ||
                    (title_due && now - title_at > 100);
        if (!draw) {
            if (child_done) res->run_ended = true;
            if (!W.quit) SDL_WaitEventTimeout(NULL, clock_live || !fd->eof ? 30 : 250);
            continue;
        }
        dt = last_draw < 0 ? 0 : now - last_draw; /* motion since the last picture */
        last_draw = now;
        SDL_GetRendererOutputSize(ren, &w, &h);
        bool seeking = false;
        if (fd->tl) {
            uint64_t n = timeline_count(fd->tl);
            int64_t show;              /* events to show */
            if (o->paced) {
                show = playback_step(&W.pb, fd->tl, dt, W.shown_speed, W.nav.paused);
                if ((uint64_t)show < n && !W.nav.paused) busy = true;
                seeking = W.nav.paused && (uint64_t)show < n;
            } else {
                show = controls_nav_shown(&W.nav, n);
                seeking = W.nav.cursor >= 0 && W.nav.runner;
            }
            W.shown = show;
            const Model *m;
            Err serr;
            memset(&serr, 0, sizeof serr);
            if (show <= 0) {
                if (!have_empty) have_empty = model_init(&empty, fd->hdr, &serr);
                m = have_empty ? &empty : NULL;
            } else if ((uint64_t)show == n) {
                m = timeline_live(fd->tl);
            } else {
                m = timeline_seek(fd->tl, (uint64_t)show - 1, &serr);
            }
            if (m) {
                if (m->ended && (uint64_t)show == n) res->run_ended = true;
                char where[64];
                snprintf(where, sizeof where, "event %lld of %llu%s", (long long)show, (unsigned long long)n,
                         seeking ? " · seeking" : "");
                StageInfo info = {.speed = W.shown_speed, .paused = W.nav.paused, .show_keys = false,
                                  .banner = fd->bad ? feed_banner(fd, banner, sizeof banner) : NULL,
                                  .tl = fd->tl,
                                  .where = where, .seeking = seeking};
                if (o->paced) {
                    info.has_clock = true;
                    info.clock_us = W.pb.t;
                } else if ((uint64_t)show == n && !m->ended && !fd->eof && !fd->bad) {
                    if (n != W.clock_seen) {
                        W.clock_seen = n;
                        W.clock_base = m->t;
                        W.clock_wall = now;
                    }
                    info.has_clock = true;
                    info.clock_us = W.clock_base;
                    /* redrawn at the idle pace (~20 fps), enough for a clock */
                    if (!W.nav.paused) info.clock_us += (int64_t)((now - W.clock_wall) * 1000.0 * W.shown_speed);
                }
                stage_frame(&st, m, w, h, dt, &info);
                moving = anim_busy(&st.A);
                if (moving) busy = true;
                /* where we are, in the title bar: not every frame of a flood */
                char want[sizeof status];
                int64_t t_us = info.has_clock && info.clock_us > m->t ? info.clock_us : m->t;
                status_title(want, sizeof want, fd->hdr->title, show, n, t_us, W.nav.paused, seeking);
                if (strcmp(want, status) != 0 && (now - title_at > 100 || !busy)) {
                    memcpy(status, want, sizeof status);
                    SDL_SetWindowTitle(win, status);
                    title_at = now;
                }
                /* deferred (a flood): come back until the title is right */
                title_due = strcmp(want, status) != 0;
            }
        } else {
            waiting_picture(&st.dl, w, h, o->title ? o->title : "syncscope",
                            fd->bad ? feed_banner(fd, banner, sizeof banner) : NULL);
        }
        float ui = st.L.ui > 0 ? st.L.ui : 1;
        VRect legend = st.L.w > 0 ? st.L.legend : (VRect){0, (float)h - 40.0f * ui, (float)w, 40.0f * ui};
        if (fd->tl) {
            controls_layout(&W.bar, legend, ui, W.text_scale);
            char where[64];
            snprintf(where, sizeof where, "event %lld / %llu", (long long)W.shown,
                     (unsigned long long)timeline_count(fd->tl));
            CtlView cv = {.paused = W.nav.paused, .seeking = seeking, .help = W.help,
                          .text_scale = W.text_scale, .where = where};
            controls_draw(&st.dl, &W.bar, &cv, ui);
        } else {
            W.bar.n = 0;
        }
        if (W.notes && fd->hdr) notes_draw(&st.dl, fd->hdr, w, h, ui, W.text_scale);
        if (W.help) controls_draw_help(&st.dl, w, h, ui, W.text_scale);
        gfx_draw(gfx, &st.dl, stage_background(), err);
        if (W.want_shot || (W.quit && o->screenshot)) save_shot(ren, w, h, shot);
        SDL_RenderPresent(ren);
        if (child_done) res->run_ended = true;
        /* idle: nothing moves and nothing came in; poll the pipe less often */
        if (!busy && !W.quit) {
            bool live_source = !fd->eof;
            SDL_WaitEventTimeout(NULL, live_source ? 30 : 250);
        }
    }
    res->bad_trace = W.feed.bad;
    if (W.feed.bad) feed_located(&W.feed, res->bad, sizeof res->bad);
    if (have_empty) model_free(&empty);
    stage_free(&st);
    feed_free(&W.feed);
    gfx_free(gfx);
    SDL_DestroyRenderer(ren);
    SDL_DestroyWindow(win);
    SDL_Quit();
    return true;
}

/* window — see window.h. One loop: take the input (keys and button clicks
 * map to one CtlAction each; a press or drag on the timeline seeks; the
 * wheel scrolls the lanes or the cards), pump the trace fd, pick the model
 * to show (live, a cursor into the past while seeking, or paced playback
 * of a file), draw it through the stage and gfx, put the control bar
 * (view/controls) over the legend, present. It draws only when the
 * picture can have changed, and in between sleeps (window_idle_wait),
 * never spins. */
#include "app/window.h"

#include <errno.h>
#include <poll.h>
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
#include "view/hover.h"
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
    printf("No display found (%s). Rendered %d frames of \"%s\" to ./%s/ (open frame_00000.png); "
           "for a live window run under a desktop or: xvfb-run syncscope %s%s\n",
           window_no_display_why(), written, f->hdr->title, dir, view ? "view " : "", what);
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
    /* everything shown: the clock stops at the last event, not past the end */
    if (n > 0 && (uint64_t)pb->cursor >= n && timeline_event(tl, n - 1, &ev) && pb->t > ev.t) pb->t = ev.t;
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
    Stage *st;
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
    const Model *shown_m;  /* the model of the last frame (the timeline's: valid until its next
                            * append or seek, which only come after the turn's input) */
    bool quit, want_shot, help, fullscreen, notes;
    /* dragging on the timeline: a paced file was playing when it began */
    bool dragging, drag_was_playing;
    int scroll_lanes, scroll_cards;
    float hover_x, hover_y; /* the pointer in picture pixels; -1: not over the window */
    double quiet_since;    /* wall ms of the last new event or input */
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
        W->shown_speed = sp;
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

void window_fit_size(int *w, int *h)
{
    /* 1280x720 (the projector), or less on a smaller screen: a window
     * larger than the screen hides its own buttons */
    *w = 1280;
    *h = 720;
    SDL_Rect r;
    if (SDL_GetDisplayUsableBounds(0, &r) == 0 && r.w > 0 && r.h > 0 && (r.w < *w || r.h < *h)) {
        if (*w > r.w - 16) *w = r.w - 16;
        if (*h > r.h - 48) *h = r.h - 48; /* the title bar */
        if (*w < 640) *w = 640;
        if (*h < 400) *h = 400;
    }
}

/* Window points to picture pixels: the renderer may have more pixels than
 * the window has points (HiDPI). */
static void to_pixels(const Win *W, int x, int y, int w, int h, float *px, float *py)
{
    int ww = w, wh = h;
    SDL_GetWindowSize(W->win, &ww, &wh);
    *px = ww > 0 ? (float)x * (float)w / (float)ww : (float)x;
    *py = wh > 0 ? (float)y * (float)h / (float)wh : (float)y;
}

static bool in_box(const VRect *r, float x, float y)
{
    return r->w > 0 && r->h > 0 && x >= r->x && x < r->x + r->w && y >= r->y && y < r->y + r->h;
}

/* Seeks to what the timeline shows at picture x (a click or a drag on
 * it): into the past like Left or Home, back to live (End) at its right
 * end. The axis is the one of the last frame's model. */
static void seek_to_x(Win *W, float x)
{
    Timeline *tl = W->feed.tl;
    if (!tl || !W->shown_m) return;
    uint64_t n = timeline_count(tl);
    uint64_t to = lanes_events_at(&W->st->lanes, &W->st->L, W->shown_m, &W->st->lanes_box, x);
    clock_rebase(&W->clock_base, &W->clock_wall, W->nav.paused, W->shown_speed);
    if (W->o->paced) {
        if (to >= n) {
            /* the end, as End: playing again if it played before the drag */
            playback_seek(&W->pb, tl, (int64_t)n);
            W->nav.paused = !W->drag_was_playing;
        } else {
            W->nav.paused = true; /* the picture holds still under the mouse */
            playback_seek(&W->pb, tl, (int64_t)to);
        }
    } else {
        send_nav(W, controls_nav_seek(&W->nav, (int64_t)to, n, W->shown));
    }
}

/* A left press at window point (x, y): a button, closing an overlay, or a
 * seek on the timeline (which a drag then continues). */
static void on_press(Win *W, int x, int y, int w, int h)
{
    float px, py;
    to_pixels(W, x, y, w, h, &px, &py);
    CtlAction a = controls_hit(&W->bar, px, py);
    if (a != CA_NONE) do_action(W, a);
    else if (W->help) W->help = false;
    else if (W->notes) W->notes = false;
    else if (W->feed.tl && in_box(&W->st->lanes_box, px, py)) {
        W->dragging = true;
        W->drag_was_playing = !W->nav.paused;
        seek_to_x(W, px);
    }
}

/* The wheel at window point (x, y): dy notches away from the user. */
static void on_wheel(Win *W, int x, int y, int dy, int w, int h)
{
    float px, py;
    to_pixels(W, x, y, w, h, &px, &py);
    if (in_box(&W->st->lanes_box, px, py)) {
        W->scroll_lanes -= 3 * dy; /* three lanes a notch; the stage clamps the top */
        if (W->scroll_lanes < 0) W->scroll_lanes = 0;
    } else if (in_box(&W->st->cards_box, px, py)) {
        W->scroll_cards -= dy;     /* one row of cards a notch */
        if (W->scroll_cards < 0) W->scroll_cards = 0;
    }
}

/* One input event; true if the picture may have changed. */
static bool on_event(Win *W, SDL_Event *e, int w, int h)
{
    switch (e->type) {
    case SDL_QUIT: W->quit = true; return false;
    case SDL_WINDOWEVENT:
        if (e->window.event == SDL_WINDOWEVENT_CLOSE) W->quit = true;
        if (e->window.event == SDL_WINDOWEVENT_LEAVE) W->hover_x = W->hover_y = -1;
        return true; /* resized, exposed or left: redraw now */
    case SDL_KEYDOWN: {
        CtlAction a = controls_action_for_key((int)e->key.keysym.sym, (int)e->key.keysym.mod);
        /* Esc first closes the help, then the notes, then the window */
        if (a == CA_QUIT && W->help && e->key.keysym.sym == SDLK_ESCAPE) a = CA_HELP;
        else if (a == CA_QUIT && W->notes && e->key.keysym.sym == SDLK_ESCAPE) a = CA_NOTES;
        do_action(W, a);
        return true;
    }
    case SDL_MOUSEBUTTONDOWN:
        /* touches arrive as mouse clicks too (SDL's default) */
        if (e->button.button != SDL_BUTTON_LEFT) return false;
        on_press(W, e->button.x, e->button.y, w, h);
        return true;
    case SDL_MOUSEMOTION:
        if (!W->dragging) {
            /* hovering: the details panel follows the pointer */
            to_pixels(W, e->motion.x, e->motion.y, w, h, &W->hover_x, &W->hover_y);
            return true;
        }
        if (!(e->motion.state & SDL_BUTTON_LMASK)) { /* released outside the window */
            W->dragging = false;
            return false;
        }
        {
            float px, py;
            to_pixels(W, e->motion.x, e->motion.y, w, h, &px, &py);
            seek_to_x(W, px);
        }
        return true;
    case SDL_MOUSEBUTTONUP:
        if (e->button.button == SDL_BUTTON_LEFT) W->dragging = false;
        return false;
    case SDL_MOUSEWHEEL: {
        int dy = e->wheel.y;
        if (e->wheel.direction == SDL_MOUSEWHEEL_FLIPPED) dy = -dy;
        if (dy == 0) return false;
        int mx, my;
#if SDL_VERSION_ATLEAST(2, 26, 0)
        mx = e->wheel.mouseX;
        my = e->wheel.mouseY;
#else
        SDL_GetMouseState(&mx, &my);
#endif
        on_wheel(W, mx, my, dy, w, h);
        return true;
    }
    case SDL_DROPFILE:
        /* a scenario dropped on the window: the caller opens it */
        if (e->drop.file && W->o->allow_rerun) {
            snprintf(W->res->open_path, sizeof W->res->open_path, "%s", e->drop.file);
            W->quit = true;
        }
        SDL_free(e->drop.file);
        return false;
    default: return false;
    }
}

/* "syncscope — TITLE · event 120 of 512 · t = 3.2 s · PAUSED (seeking)" */
static void status_title(char *buf, size_t cap, const char *title, int64_t shown, uint64_t n,
                         int64_t t_us, bool paused, bool seeking)
{
    snprintf(buf, cap, "syncscope — %s · event %lld of %llu · t = %.1f s%s", title, (long long)shown,
             (unsigned long long)n, (double)t_us / 1e6,
             seeking ? " · PAUSED (seeking)" : paused ? " · PAUSED" : "");
}

/* Video drivers whose SDL_WaitEventTimeout sleeps in the kernel until input
 * comes; the others (dummy, offscreen, ...) poll in it with SDL_Delay(1). */
static bool sdl_wait_blocks(void)
{
    static const char *const blocking[] = {"x11", "wayland", "windows", "cocoa"};
    const char *d = SDL_GetCurrentVideoDriver();
    for (size_t i = 0; d && i < sizeof blocking / sizeof blocking[0]; i++)
        if (strcmp(d, blocking[i]) == 0) return true;
    return false;
}

#define IDLE_SLICE_MS 40  /* input waits at most this long while we sleep in poll(2) */

void window_idle_wait(int fd, int ms)
{
    if (ms <= 0) return;
    SDL_PumpEvents(); /* takes in what the display has sent (e.g. during the last present) */
    if (SDL_HasEvents(SDL_FIRSTEVENT, SDL_LASTEVENT)) return;
    if (fd < 0 && sdl_wait_blocks()) {
        SDL_WaitEventTimeout(NULL, ms);
        return;
    }
    struct pollfd p = {.fd = fd, .events = POLLIN};
    int r = poll(&p, fd >= 0 ? 1 : 0, ms < IDLE_SLICE_MS ? ms : IDLE_SLICE_MS);
    (void)r; /* EINTR (a signal) or a timeout: the loop looks again */
}

/* How often an unchanged picture is redrawn for its clock alone: ten times
 * a second while things happen, once a second when nothing has come in
 * for a while (idle under 2 % of a core even under X11, where a picture
 * costs ~15 ms; the clock shows milliseconds, so its text changes at every
 * redraw and cannot be the rule). */
#define CLOCK_TICK_MS 100
#define CLOCK_QUIET_TICK_MS 1000
#define CLOCK_QUIET_AFTER_MS 1500

/* The wall ms when the next picture is due without input: a tick of the
 * live clock or of a file's playback clock, the playback's next event, a
 * deferred title; 1e300 for never. */
static double picture_due(const Win *W, double last_draw, double now, bool title_due, double title_at)
{
    const TraceFeed *fd = &W->feed;
    double due = 1e300;
    double tick = now - W->quiet_since > CLOCK_QUIET_AFTER_MS ? CLOCK_QUIET_TICK_MS : CLOCK_TICK_MS;
    bool clock_live = fd->tl && !W->o->paced && !fd->eof && !fd->bad && !W->nav.paused &&
                      !timeline_live(fd->tl)->ended;
    bool playing = fd->tl && W->o->paced && !W->nav.paused && (uint64_t)W->shown < timeline_count(fd->tl);
    if (clock_live || playing) due = last_draw + tick;
    Event nx;
    if (playing && timeline_event(fd->tl, (uint64_t)W->pb.cursor, &nx)) {
        double at = last_draw + (double)(nx.t - W->pb.t) / 1000.0 / W->shown_speed;
        if (at < due) due = at;
    }
    if (title_due && title_at + 100 < due) due = title_at + 100;
    return due;
}

static char no_display_why[256];

bool window_sdl_init(void)
{
    /* a display named in the environment may be slow to answer (a loaded
     * machine, a server just started): ask again before giving up on it */
    bool named = getenv("DISPLAY") || getenv("WAYLAND_DISPLAY");
    for (int i = 0; i < (named ? 5 : 1); i++) {
        if (i > 0) usleep(200 * 1000);
        if (SDL_Init(SDL_INIT_VIDEO) == 0) return true;
        snprintf(no_display_why, sizeof no_display_why, "%s", SDL_GetError());
    }
    return false;
}

const char *window_no_display_why(void) { return no_display_why[0] ? no_display_why : "no video device"; }

bool window_run(const WinOptions *o, WinResult *res, Err *err)
{
    memset(res, 0, sizeof *res);
    res->child_status = -1;
    if (!window_sdl_init()) {
        res->no_display = true;
        return true;
    }
    char title[SC_STR_MAX + 64];
    snprintf(title, sizeof title, "syncscope — %s", o->title ? o->title : "");
    int ww0, wh0;
    window_fit_size(&ww0, &wh0);
    SDL_Window *win = SDL_CreateWindow(title, SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, ww0, wh0,
                                       SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    if (!win) {
        snprintf(no_display_why, sizeof no_display_why, "%s", SDL_GetError());
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
    Stage st;
    stage_init(&st);
    W.o = o;
    W.win = win;
    W.st = &st;
    W.res = res;
    feed_init(&W.feed);
    TraceFeed *fd = &W.feed;
    controls_nav_init(&W.nav, o->ctl_fd >= 0);
    W.speed = o->speed;
    W.shown_speed = o->speed > 0 ? o->speed : 1;
    W.text_scale = 1;
    W.hover_x = W.hover_y = -1;
    Model empty;
    bool have_empty = false;
    bool titled = false;
    bool child_done = false;
    double start = now_ms(), title_at = 0;
    double last_draw = -1;          /* wall ms of the last picture; -1 before the first */
    bool moving = false;            /* tokens were still moving in the last picture */
    bool title_due = false;         /* the window title lags the picture */
    bool idle = false;              /* the last turn left nothing moving: sleep until input */
    int idle_ms = 0;                /* ... or for this long (a clock tick, playback, a title) */
    uint64_t turn = 0, frames = 0;
    W.quiet_since = start;
    const char *shot = o->screenshot ? o->screenshot : "syncscope-shot.png";
    int w = 1280, h = 720;
    char status[SC_STR_MAX + 160];
    char banner[ERR_MSG_MAX + 64]; /* "line N: message" after a bad line */
    status[0] = 0;

    while (!W.quit) {
        bool busy = false, drew = false;
        W.want_shot = false;
        turn++;
        SDL_Event e;
        if (idle) {
            /* never spin: sleep in the kernel on the pipe (or SDL's input) */
            window_idle_wait(fd->eof ? -1 : o->trace_fd, idle_ms);
        } else if (SDL_WaitEventTimeout(&e, 16)) {
            /* the frame pace while something moves */
            if (on_event(&W, &e, w, h)) busy = true;
        }
        while (SDL_PollEvent(&e))
            if (on_event(&W, &e, w, h)) busy = true;
        uint64_t n_before = fd->tl ? timeline_count(fd->tl) : 0;
        if (feed_pump(fd, o->trace_fd, FEED_BYTES_PER_FRAME)) busy = true;
        if (o->child > 0 && !child_done) {
            int stt;
            if (waitpid(o->child, &stt, WNOHANG) == o->child) {
                child_done = true;
                res->child_status = status_code(stt);
                busy = true;
            }
        }
        double now = now_ms();
        if (busy || (fd->tl && timeline_count(fd->tl) != n_before)) W.quiet_since = now;
        if (o->exit_after > 0 && now - start >= o->exit_after * 1000) W.quit = true;
        if (o->stop && *o->stop) W.quit = true; /* SIGTERM, SIGHUP, SIGINT of play */
        if (fd->hdr && !titled) {
            titled = true;
            if (W.speed <= 0) W.speed = fd->hdr->speed > 0 ? fd->hdr->speed : 1;
        }
        W.shown_speed = W.speed > 0 ? W.speed : 1;

        /* Draw only when the picture can have changed: input, new events, a
         * moving token, a screenshot, or at a time due: the next event of a
         * playback, a clock tick, a deferred title. A finished or paused
         * window then costs almost nothing (bench_idle). */
        double due = picture_due(&W, last_draw, now, title_due, title_at);
        bool draw = busy || moving || W.want_shot || (W.quit && o->screenshot) || last_draw < 0 || now >= due;
        if (draw) {
            drew = true;
            frames++;
            double dt = last_draw < 0 ? 0 : now - last_draw; /* motion since the last picture */
            last_draw = now;
            SDL_GetRendererOutputSize(ren, &w, &h);
            bool seeking = false;
            W.shown_m = NULL;
            if (fd->tl) {
                uint64_t n = timeline_count(fd->tl);
                int64_t show;              /* events to show */
                if (o->paced) {
                    show = playback_step(&W.pb, fd->tl, dt, W.shown_speed, W.nav.paused);
                    seeking = W.nav.paused && (uint64_t)show < n;
                } else {
                    show = controls_nav_shown(&W.nav, n);
                    seeking = W.nav.cursor >= 0 && W.nav.runner;
                }
                if (show != W.shown) W.quiet_since = now;
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
                W.shown_m = m;
                if (m) {
                    if (m->ended && (uint64_t)show == n) res->run_ended = true;
                    char where[64];
                    snprintf(where, sizeof where, "event %lld of %llu%s", (long long)show,
                             (unsigned long long)n, seeking ? " · seeking" : "");
                    /* the trace stopped with no end line: its writer (the runner) died,
                     * e.g. kill -9; keep all it sent, and say so */
                    bool cut = !fd->bad && fd->eof && !timeline_live(fd->tl)->ended;
                    StageInfo info = {.speed = W.shown_speed, .paused = W.nav.paused, .show_keys = false,
                                      .banner = fd->bad ? feed_banner(fd, banner, sizeof banner)
                                                : cut ? "the runner ended: the trace stops here, with no end line"
                                                      : NULL,
                                      .tl = fd->tl, .where = where, .seeking = seeking,
                                      .scroll_lanes = W.scroll_lanes, .scroll_cards = W.scroll_cards,
                                      .text_scale = W.text_scale,
                                      .legend_reserve = W.bar.bar.w /* the last frame's buttons */};
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
                        if (!W.nav.paused)
                            info.clock_us += (int64_t)((now - W.clock_wall) * 1000.0 * W.shown_speed);
                    }
                    stage_frame(&st, m, w, h, dt, &info);
                    /* the stage clamps the scrolling: keep what it kept */
                    W.scroll_lanes = st.lanes_first;
                    W.scroll_cards = st.cards_first;
                    moving = anim_busy(&st.A);
                    if (moving) busy = true;
                    /* where we are, in the title bar: not every frame of a flood */
                    char want[sizeof status];
                    int64_t t_us = info.has_clock && info.clock_us > m->t ? info.clock_us : m->t;
                    status_title(want, sizeof want, fd->hdr->title, show, n, t_us, W.nav.paused, seeking);
                    if (cut) {
                        size_t wl = strlen(want);
                        snprintf(want + wl, sizeof want - wl, " · RUNNER ENDED (no end line)");
                    }
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
            if (fd->tl && W.shown_m && !W.help && !W.notes && W.hover_x >= 0) {
                /* what is under the pointer, in words */
                HoverHit hh = hover_pick(&st, W.shown_m, W.hover_x, W.hover_y);
                hover_draw(&st.dl, &st, W.shown_m, fd->tl, hh, W.hover_x, W.hover_y);
            }
            if (W.notes && fd->hdr) notes_draw(&st.dl, fd->hdr, w, h, ui, W.text_scale);
            if (W.help) controls_draw_help(&st.dl, w, h, ui, W.text_scale);
            gfx_draw(gfx, &st.dl, stage_background(), err);
            if (W.want_shot || (W.quit && o->screenshot)) save_shot(ren, w, h, shot);
            SDL_RenderPresent(ren);
        }
        if (child_done) res->run_ended = true;
        /* Nothing moves: sleep until input, the pipe, or the next time due. */
        idle = !busy && !moving && !W.quit;
        if (idle) {
            /* the time due as it stands after this turn's picture */
            double t = now_ms(), left = picture_due(&W, last_draw, t, title_due, title_at) - t;
            if (left > 250) left = 250; /* a signal's stop flag, a runner's exit */
            if (o->exit_after > 0) {
                double ex = start + o->exit_after * 1000 - now_ms();
                if (ex < left) left = ex;
            }
            idle_ms = left < 1 ? 1 : (int)left + 1;
        }
        if (o->probe) {
            WinProbe p = {.turn = turn, .frames = frames, .drew = drew, .w = w, .h = h, .shown = W.shown,
                          .total = fd->tl ? timeline_count(fd->tl) : 0, .eof = fd->eof,
                          .paused = W.nav.paused,
                          .seeking = o->paced ? (fd->tl && W.nav.paused && (uint64_t)W.shown < timeline_count(fd->tl))
                                              : W.nav.cursor >= 0,
                          .dragging = W.dragging, .help = W.help, .notes = W.notes,
                          .fullscreen = W.fullscreen, .quit = W.quit, .speed = W.shown_speed,
                          .text_scale = W.text_scale, .bar = &W.bar, .lanes_box = st.lanes_box,
                          .cards_box = st.cards_box, .scroll_lanes = W.scroll_lanes,
                          .scroll_cards = W.scroll_cards};
            o->probe(o->probe_ctx, &p);
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

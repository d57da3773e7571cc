/* test_window — the real window (app/window.c, window_run) on a real trace,
 * driven by SDL events: keys, button clicks, a press and a drag on the
 * timeline, the wheel. It runs under SDL_VIDEODRIVER=dummy (a window with a
 * software renderer, no screen) and watches the loop through the
 * WinOptions.probe hook: each script pushes the next event from the probe
 * and checks the effect of the previous one at the next call.
 *
 * Two sources: a recorded file played at its pace (`view FILE`), and a
 * live pipe with a control pipe back to a "runner" (`play`), whose
 * pause/resume/speed lines the test reads. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <SDL.h>

#include "app/window.h"
#include "runhelp.h"
#include "testlib.h"

/* 24 actors (more lanes than the timeline shows at once), ~260 events. */
static const char *SCEN =
    "{\"syncscope\":1,\"title\":\"window test\",\"cpus\":2,"
    "\"resources\":[{\"id\":\"door\",\"type\":\"lock\"},{\"id\":\"n\",\"type\":\"variable\",\"value\":0}],"
    "\"actors\":[{\"id\":\"p\",\"count\":24,\"script\":[{\"with\":\"door\",\"steps\":["
    "{\"do\":\"work\",\"ms\":2},{\"do\":\"add\",\"var\":\"n\",\"value\":1}]}]}]}";

static char *trace_text;       /* the recorded run, made once */
static size_t trace_len;

typedef struct Ctx Ctx;
typedef void (*Script)(Ctx *c, const WinProbe *p);
struct Ctx {
    Script script;
    int step;
    bool done;              /* the script reached its last step (Esc pushed) */
    bool live;
    int ctl_rd;             /* the runner's end of the control pipe (live), else -1 */
    char ctl[4096];         /* every control line the window sent */
    size_t ctl_len;
    int64_t a, b;           /* a script's notes between steps */
    double x;
    WinResult res;          /* what the window returned */
};

static bool allow_rerun;    /* the next run_window is play's (R and drops end it) */

static void push(SDL_Event *e)
{
    if (SDL_PushEvent(e) != 1) fprintf(stderr, "SDL_PushEvent: %s\n", SDL_GetError());
}

static void push_key(int sym, int mod)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_KEYDOWN;
    e.key.state = SDL_PRESSED;
    e.key.keysym.sym = sym;
    e.key.keysym.mod = (Uint16)mod;
    push(&e);
}

static void push_button(Uint32 type, float x, float y)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = type;
    e.button.button = SDL_BUTTON_LEFT;
    e.button.state = type == SDL_MOUSEBUTTONDOWN ? SDL_PRESSED : SDL_RELEASED;
    e.button.clicks = 1;
    e.button.x = (int)x;
    e.button.y = (int)y;
    push(&e);
}

static void push_motion(float x, float y, bool held)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_MOUSEMOTION;
    e.motion.state = held ? SDL_BUTTON_LMASK : 0;
    e.motion.x = (int)x;
    e.motion.y = (int)y;
    push(&e);
}

static void push_wheel(float x, float y, int dy)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_MOUSEWHEEL;
    e.wheel.y = dy;
    e.wheel.direction = SDL_MOUSEWHEEL_NORMAL;
    e.wheel.mouseX = (int)x;
    e.wheel.mouseY = (int)y;
    push(&e);
}

/* The control lines sent so far (non-blocking read of the runner's end). */
static const char *ctl_lines(Ctx *c)
{
    if (c->ctl_rd >= 0) {
        ssize_t n;
        while (c->ctl_len + 1 < sizeof c->ctl &&
               (n = read(c->ctl_rd, c->ctl + c->ctl_len, sizeof c->ctl - 1 - c->ctl_len)) > 0)
            c->ctl_len += (size_t)n;
    }
    c->ctl[c->ctl_len] = '\0';
    return c->ctl;
}

static void probe(void *ctx, const WinProbe *p)
{
    Ctx *c = ctx;
    if (!c->done) c->script(c, p);
}

/* The whole trace is in and on screen, the bar laid out, nothing playing. */
static bool ready(const WinProbe *p)
{
    return p->frames > 0 && p->total > 200 && p->shown == (int64_t)p->total && p->bar && p->bar->n > 0 &&
           p->lanes_box.w > 0;
}

static void finish(Ctx *c)
{
    push_key(SDLK_ESCAPE, 0);
    c->done = true;
}

/* Runs the window on the trace, paced from a file or live from a pipe,
 * with script driving it; false if it could not run. */
static bool run_window(Script script, bool live, Ctx *c)
{
    memset(c, 0, sizeof *c);
    c->script = script;
    c->live = live;
    c->ctl_rd = -1;
    int tfd = -1, twr = -1, cp[2] = {-1, -1};
    char path[] = "/tmp/syncscope-test-window-XXXXXX";
    if (live) {
        int tp[2];
        if (pipe(tp) != 0 || pipe(cp) != 0) return false;
        /* the trace fits in the pipe's buffer; the write end stays open: a live run */
        if (write(tp[1], trace_text, trace_len) != (ssize_t)trace_len) return false;
        tfd = tp[0];
        twr = tp[1];
        fcntl(tfd, F_SETFL, O_NONBLOCK);
        fcntl(cp[0], F_SETFL, O_NONBLOCK);
        c->ctl_rd = cp[0];
    } else {
        int f = mkstemp(path);
        if (f < 0) return false;
        if (write(f, trace_text, trace_len) != (ssize_t)trace_len) return false;
        close(f);
        tfd = open(path, O_RDONLY | O_NONBLOCK);
        unlink(path);
        if (tfd < 0) return false;
    }
    WinOptions o = {.title = "test", .trace_fd = tfd, .ctl_fd = live ? cp[1] : -1, .paced = !live,
                    .speed = 1, .exit_after = 8, .probe = probe, .probe_ctx = c,
                    .allow_rerun = allow_rerun};
    WinResult res;
    Err err;
    memset(&err, 0, sizeof err);
    bool ok = window_run(&o, &res, &err);
    if (!ok) fprintf(stderr, "window_run: %s\n", err.msg);
    CHECK(!res.no_display);
    c->res = res;
    ctl_lines(c);
    close(tfd);
    if (twr >= 0) close(twr);
    if (cp[0] >= 0) close(cp[0]);
    if (cp[1] >= 0) close(cp[1]);
    CHECK(c->done); /* the script ran to its end, not into --exit-after */
    return ok;
}

static const CtlButton *button(const WinProbe *p, CtlAction a)
{
    for (int i = 0; i < p->bar->n; i++)
        if (p->bar->b[i].action == a) return &p->bar->b[i];
    return NULL;
}

/* ---- keys ---------------------------------------------------------------- */

static void space_script(Ctx *c, const WinProbe *p)
{
    switch (c->step) {
    case 0: if (!ready(p)) return; CHECK(!p->paused); push_key(' ', 0); break;
    case 1: CHECK(p->paused); push_key(' ', 0); break;
    case 2: CHECK(!p->paused); finish(c); break;
    }
    c->step++;
}

TEST(space_pauses_and_resumes_the_playback)
{
    Ctx c;
    CHECK(run_window(space_script, false, &c));
    CHECK(run_window(space_script, true, &c));
    CHECK_EQ_STR(c.ctl, "pause\nresume\n"); /* a live run: the runner's clock too */
}

static void step_script(Ctx *c, const WinProbe *p)
{
    int64_t n = (int64_t)p->total;
    switch (c->step) {
    case 0: if (!ready(p)) return; push_key(SDLK_LEFT, 0); break;
    case 1: CHECK_EQ_INT(p->shown, n - 1); CHECK(p->paused && p->seeking); push_key(SDLK_LEFT, 0); break;
    case 2: CHECK_EQ_INT(p->shown, n - 2); push_key(SDLK_RIGHT, 0); break;
    case 3: CHECK_EQ_INT(p->shown, n - 1); push_key(SDLK_HOME, 0); break;
    case 4: CHECK_EQ_INT(p->shown, 0); CHECK(p->seeking); push_key(SDLK_RIGHT, 0); break;
    case 5: CHECK_EQ_INT(p->shown, 1); push_key(SDLK_END, 0); break;
    case 6: CHECK_EQ_INT(p->shown, n); finish(c); break;
    }
    c->step++;
}

TEST(right_and_left_move_one_event_and_home_and_end_go_to_the_ends)
{
    Ctx c;
    CHECK(run_window(step_script, false, &c));
    CHECK(run_window(step_script, true, &c));
    /* the world pauses for the first step into the past and runs again at End */
    CHECK_EQ_STR(c.ctl, "pause\nresume\n");
}

static void speed_script(Ctx *c, const WinProbe *p)
{
    switch (c->step) {
    case 0: if (!ready(p)) return; CHECK(p->speed == 1); push_key('+', 0); break;
    case 1: CHECK(p->speed == 2); push_key('=', KMOD_LSHIFT); break;
    case 2: CHECK(p->speed == 4); push_key('-', 0); break;
    case 3: CHECK(p->speed == 2); push_key('-', 0); break;
    case 4: CHECK(p->speed == 1); push_key('-', 0); break;
    case 5: CHECK(p->speed == 0.5); finish(c); break;
    }
    c->step++;
}

TEST(plus_doubles_and_minus_halves_the_speed)
{
    Ctx c;
    CHECK(run_window(speed_script, true, &c));
    CHECK_EQ_STR(c.ctl, "speed 2\nspeed 4\nspeed 2\nspeed 1\nspeed 0.5\n");
}

static void help_script(Ctx *c, const WinProbe *p)
{
    switch (c->step) {
    case 0: if (!ready(p)) return; CHECK(!p->help); push_key('?', 0); break;
    case 1: CHECK(p->help); push_key('?', 0); break;
    case 2: CHECK(!p->help); push_key('/', KMOD_LSHIFT); break; /* ? on a US keyboard */
    case 3: CHECK(p->help); push_key(SDLK_ESCAPE, 0); break;
    case 4: CHECK(!p->help); CHECK(!p->quit); push_key(SDLK_ESCAPE, 0); break;
    case 5: CHECK(p->quit); c->done = true; break;
    }
    c->step++;
}

TEST(question_mark_toggles_the_help_and_esc_closes_the_help_before_the_window)
{
    Ctx c;
    CHECK(run_window(help_script, false, &c));
}

static void notes_script(Ctx *c, const WinProbe *p)
{
    switch (c->step) {
    case 0: if (!ready(p)) return; CHECK(!p->notes); push_key('n', 0); break;
    case 1: CHECK(p->notes); push_key('n', 0); break;
    case 2: CHECK(!p->notes); push_key('n', 0); break;
    case 3: CHECK(p->notes); push_key(SDLK_ESCAPE, 0); break;
    case 4: CHECK(!p->notes); CHECK(!p->quit); finish(c); break;
    }
    c->step++;
}

TEST(n_toggles_the_notes_and_esc_closes_them_before_the_window)
{
    Ctx c;
    CHECK(run_window(notes_script, false, &c));
}

static void text_script(Ctx *c, const WinProbe *p)
{
    switch (c->step) {
    case 0: if (!ready(p)) return; CHECK(p->text_scale == 1.0f); push_key('t', 0); break;
    case 1: CHECK(p->text_scale == 1.25f); push_key('t', 0); break;
    case 2: CHECK(p->text_scale == 1.5f); push_key('=', KMOD_LCTRL); break;
    case 3: CHECK(p->text_scale == 2.0f); push_key('-', KMOD_LCTRL); break;
    case 4: CHECK(p->text_scale == 1.5f); push_key('t', KMOD_LSHIFT); break;
    case 5: CHECK(p->text_scale == 1.25f); finish(c); break;
    }
    c->step++;
}

TEST(t_cycles_the_text_scale_and_ctrl_plus_minus_step_it)
{
    Ctx c;
    CHECK(run_window(text_script, false, &c));
}

/* ---- the mouse ------------------------------------------------------------ */

static void button_script(Ctx *c, const WinProbe *p)
{
    const CtlButton *b;
    switch (c->step) {
    case 0:
        if (!ready(p)) return;
        b = button(p, CA_PAUSE);
        CHECK(b != NULL);
        if (!b) { finish(c); return; }
        c->x = b->r.x + b->r.w / 2;
        c->a = (int64_t)(b->r.y + b->r.h / 2);
        push_button(SDL_MOUSEBUTTONDOWN, (float)c->x, (float)c->a);
        push_button(SDL_MOUSEBUTTONUP, (float)c->x, (float)c->a);
        break;
    case 1:
        CHECK(p->paused);
        push_button(SDL_MOUSEBUTTONDOWN, (float)c->x, (float)c->a);
        push_button(SDL_MOUSEBUTTONUP, (float)c->x, (float)c->a);
        break;
    case 2:
        CHECK(!p->paused);
        b = button(p, CA_HELP);
        CHECK(b != NULL);
        if (b) push_button(SDL_MOUSEBUTTONDOWN, b->r.x + 2, b->r.y + 2);
        break;
    case 3:
        CHECK(p->help);
        /* a click elsewhere closes the help */
        push_button(SDL_MOUSEBUTTONDOWN, 20, 20);
        break;
    case 4: CHECK(!p->help); finish(c); break;
    }
    c->step++;
}

TEST(a_click_on_an_on_screen_button_does_what_its_key_does)
{
    Ctx c;
    CHECK(run_window(button_script, true, &c));
    CHECK_EQ_STR(c.ctl, "pause\nresume\n");
}

/* Press near the left of the timeline, drag to its middle, then to its
 * right end (live again), release, and move with the button up. */
static void drag_script(Ctx *c, const WinProbe *p)
{
    const VRect *r = &p->lanes_box;
    float y = r->y + r->h / 2;
    switch (c->step) {
    case 0:
        if (!ready(p)) return;
        push_button(SDL_MOUSEBUTTONDOWN, r->x + r->w * 0.35f, y);
        break;
    case 1:
        CHECK(p->dragging);
        CHECK(p->seeking && p->paused);
        CHECK(p->shown > 0 && p->shown < (int64_t)p->total);
        c->a = p->shown;
        push_motion(r->x + r->w * 0.7f, y, true);
        break;
    case 2:
        CHECK(p->shown > c->a && p->shown < (int64_t)p->total); /* the drag keeps seeking */
        c->b = p->shown;
        push_motion(r->x + r->w * 0.5f, y, true);
        break;
    case 3:
        CHECK(p->shown > c->a && p->shown < c->b); /* back, too */
        push_motion(r->x + r->w - 1, y, true);
        break;
    case 4:
        CHECK_EQ_INT(p->shown, (int64_t)p->total); /* the right end: live again */
        CHECK(!p->seeking);
        CHECK(!p->paused);
        push_button(SDL_MOUSEBUTTONUP, r->x + r->w - 1, y);
        break;
    case 5:
        CHECK(!p->dragging);
        push_motion(r->x + r->w * 0.35f, y, false);
        break;
    case 6:
        CHECK_EQ_INT(p->shown, (int64_t)p->total); /* moving without the button seeks nothing */
        finish(c);
        break;
    }
    c->step++;
}

TEST(a_press_on_the_timeline_seeks_and_a_drag_keeps_seeking_to_live_at_its_right_end)
{
    Ctx c;
    CHECK(run_window(drag_script, false, &c));
    CHECK(run_window(drag_script, true, &c));
    CHECK_EQ_STR(c.ctl, "pause\nresume\n");
}

static void wheel_script(Ctx *c, const WinProbe *p)
{
    const VRect *r = &p->lanes_box;
    float x = r->x + r->w / 2, y = r->y + r->h / 2;
    switch (c->step) {
    case 0:
        if (!ready(p)) return;
        CHECK_EQ_INT(p->scroll_lanes, 0);
        push_wheel(x, y, -1); /* toward the user: down the lanes */
        break;
    case 1: CHECK_EQ_INT(p->scroll_lanes, 3); push_wheel(x, y, -1); break;
    case 2: CHECK_EQ_INT(p->scroll_lanes, 6); push_wheel(x, y, 1); break;
    case 3: CHECK_EQ_INT(p->scroll_lanes, 3); push_wheel(x, y, 5); break;
    case 4: CHECK_EQ_INT(p->scroll_lanes, 0); push_wheel(x, y, -50); break; /* past the last lane */
    case 5:
        /* the stage keeps the last lanes in view: the top stops there */
        CHECK(p->scroll_lanes > 6 && p->scroll_lanes < 24);
        c->a = p->scroll_lanes;
        push_wheel(x, y, -1);
        break;
    case 6:
        CHECK_EQ_INT(p->scroll_lanes, c->a);
        /* the wheel elsewhere (the title bar) leaves the lanes alone */
        push_wheel(x, 5, 1);
        break;
    case 7: CHECK_EQ_INT(p->scroll_lanes, c->a); finish(c); break;
    }
    c->step++;
}

TEST(the_wheel_over_the_timeline_scrolls_its_lanes_three_a_notch)
{
    Ctx c;
    CHECK(run_window(wheel_script, false, &c));
}

/* ---- drop to open, R to re-run --------------------------------------------------- */

static void drop_script(Ctx *c, const WinProbe *p)
{
    if (!ready(p)) return;
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_DROPFILE;
    e.drop.file = SDL_strdup("/tmp/dropped lesson.json"); /* the window frees it */
    push(&e);
    c->done = true; /* the window ends by itself: the caller opens the file */
}

TEST(a_json_dropped_on_the_window_ends_it_with_the_file_to_open_next)
{
    Ctx c;
    allow_rerun = true;
    CHECK(run_window(drop_script, false, &c));
    allow_rerun = false;
    CHECK(strcmp(c.res.open_path, "/tmp/dropped lesson.json") == 0);
    CHECK(!c.res.rerun);
}

static void rerun_script(Ctx *c, const WinProbe *p)
{
    if (!ready(p)) return;
    push_key('r', 0);
    c->done = true;
}

TEST(r_ends_a_live_window_asking_for_a_run_with_the_next_seed)
{
    Ctx c;
    allow_rerun = true;
    CHECK(run_window(rerun_script, true, &c));
    allow_rerun = false;
    CHECK(c.res.rerun);
    CHECK(c.res.open_path[0] == 0);
}

/* ---- idle ------------------------------------------------------------------ */

static double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* A finished file, nothing moving: 1 s measured, then a key must still
 * get through at once. */
static void idle_script(Ctx *c, const WinProbe *p)
{
    switch (c->step) {
    case 0:
        if (!ready(p) || !p->eof) return;
        c->x = wall_ms() + 300; /* the last tokens settle */
        break;
    case 1:
        if (wall_ms() < c->x) return;
        c->x = wall_ms();
        c->a = (int64_t)(cpu_ms() * 1000);
        c->b = (int64_t)p->frames;
        break;
    case 2:
        if (wall_ms() - c->x < 1000) return;
        {
            double cpu = cpu_ms() - (double)c->a / 1000, wall = wall_ms() - c->x;
            double pct = cpu * 100 / wall;
            printf("  idle: %.2f %% of a core, %lld pictures in %.0f ms\n", pct,
                   (long long)p->frames - (long long)c->b, wall);
            CHECK(pct < 1.5);
            CHECK((int64_t)p->frames - c->b <= 1);
        }
        push_key(' ', 0);
        c->x = wall_ms();
        break;
    case 3:
        CHECK(p->paused); /* at once: the key was not left waiting for a timeout */
        CHECK(wall_ms() - c->x < 100);
        finish(c);
        break;
    }
    c->step++;
}

TEST(an_idle_finished_window_sleeps_and_still_answers_a_key)
{
    Ctx c;
    CHECK(run_window(idle_script, false, &c));
}

int main(void)
{
    Run r = runhelp_run(SCEN, -1, (RtOptions){.ctl_fd = -1, .instant = true});
    if (!r.ok || !r.text || r.len > 60000) {
        fprintf(stderr, "test_window: cannot record the test trace\n");
        return 1;
    }
    trace_text = r.text;
    trace_len = r.len;
    RUN(space_pauses_and_resumes_the_playback);
    RUN(right_and_left_move_one_event_and_home_and_end_go_to_the_ends);
    RUN(plus_doubles_and_minus_halves_the_speed);
    RUN(question_mark_toggles_the_help_and_esc_closes_the_help_before_the_window);
    RUN(n_toggles_the_notes_and_esc_closes_them_before_the_window);
    RUN(t_cycles_the_text_scale_and_ctrl_plus_minus_step_it);
    RUN(a_click_on_an_on_screen_button_does_what_its_key_does);
    RUN(a_press_on_the_timeline_seeks_and_a_drag_keeps_seeking_to_live_at_its_right_end);
    RUN(the_wheel_over_the_timeline_scrolls_its_lanes_three_a_notch);
    RUN(a_json_dropped_on_the_window_ends_it_with_the_file_to_open_next);
    RUN(r_ends_a_live_window_asking_for_a_run_with_the_next_seed);
    RUN(an_idle_finished_window_sleeps_and_still_answers_a_key);
    runhelp_free(&r);
    return test_report();
}

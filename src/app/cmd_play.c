/* cmd_play — `syncscope [play] SCENARIO.json [--seed N] [--speed X]
 * [--mode threads|processes] [--pids] [--exit-after S] [--screenshot FILE.png]`:
 * forks the runner (before SDL_Init: SDL's signal handlers and X
 * connection must not reach it), pipes its trace into the window and
 * animates it live; Space/+/- go back to the runner on a control pipe.
 * With no display it runs headless and renders PNG frames instead.
 * With no scenario (and a display) it opens the picker (app/picker.c);
 * R in the window runs the scenario again with the next seed, and a .json
 * dropped on it opens that one (its errors shown in the picker's window).
 * Exit code: the runner's (SPEC §5) if the run ended first, else 5. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app/args.h"
#include "app/cmds.h"
#include "app/picker.h"
#include "app/window.h"
#include "runtime/runtime.h"
#include "scenario/scenario.h"

static atomic_int child_interrupted; /* read by the runner's threads: atomic */
static volatile sig_atomic_t window_stop; /* the window process was signalled */

static void on_sigint(int sig)
{
    (void)sig;
    int e = errno; /* a handler must leave errno as it found it */
    atomic_store(&child_interrupted, 1);
    errno = e;
}

static void on_window_signal(int sig)
{
    (void)sig;
    window_stop = 1;
}

/* SIGINT, SIGTERM and SIGHUP all end a run or a window the same clean way
 * (never a death by signal): they only set a flag that the loop reads. */
static void catch_ends(void (*fn)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = fn;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL); /* also the runner's death signal when the window goes */
    sigaction(SIGHUP, &sa, NULL);
}

static void play_usage(FILE *f)
{
    fprintf(f,
        "usage: syncscope [play] SCENARIO.json [--seed N] [--speed X] [--mode threads|processes]\n"
        "                 [--pids] [--exit-after SECONDS] [--screenshot FILE.png]\n"
        "Runs the scenario on real threads or processes and animates it live in a window.\n"
        "Keys: Space pause/resume, + and - double/halve the speed, Left/Right one event back/forward\n"
        "      (seeking back pauses the run), Home the start, End back to live, F11 full screen,\n"
        "      Ctrl+= / Ctrl+- text size, ? every key, F12 screenshot, Esc quit.\n"
        "      --seed N            override the scenario's seed\n"
        "      --speed X           override the scenario's speed\n"
        "      --mode M            threads or processes (override the scenario's)\n"
        "      --pids              accepted: play always records real thread ids (or pids)\n"
        "      --exit-after S      close the window after S seconds of wall time\n"
        "      --screenshot FILE   write the last picture to FILE (PNG) on exit and on F12\n"
        "With no display, renders PNG frames to ./syncscope-frames/ instead.\n"
        "Exit code: the run's (0, 1, 3, 4) if it ended first; 5 if the window closed first.\n");
}

/* The runner, in the forked child: never returns. */
static void child_main(const Scenario *sc, RtOptions opt, int trace_w, int ctl_r, pid_t parent)
{
    signal(SIGPIPE, SIG_IGN);
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    catch_ends(on_sigint); /* before the check: a death signal from now on is caught */
    if (getppid() != parent) _exit(EXIT_INTERRUPTED); /* the window already went */
    opt.out_fd = trace_w;
    opt.ctl_fd = ctl_r;
    opt.pids = true;
    opt.interrupt = &child_interrupted;
    RtResult res;
    Err err;
    memset(&err, 0, sizeof err);
    if (!rt_run(sc, &opt, &res, &err)) {
        err_print(&err, stderr);
        _exit(EXIT_FAULT);
    }
    _exit(rt_exit_code(&res));
}

/* No display: run at once into a temporary file, then draw its frames. */
static int play_headless(const Scenario *sc, RtOptions opt, const char *what)
{
    char tmp[] = "/tmp/syncscope-play-XXXXXX";
    int fd = mkstemp(tmp);
    if (fd < 0) {
        fprintf(stderr, "syncscope: cannot make a temporary trace: %s\n", strerror(errno));
        return EXIT_FAULT;
    }
    unlink(tmp);
    opt.out_fd = fd;
    opt.ctl_fd = -1;
    opt.instant = true;
    opt.interrupt = &child_interrupted;
    RtResult res;
    Err err;
    memset(&err, 0, sizeof err);
    /* rendering takes seconds: say what is happening first */
    fprintf(stderr, "syncscope: no display: running \"%s\" and drawing it as PNG frames…\n", sc->title);
    catch_ends(on_sigint);
    if (!rt_run(sc, &opt, &res, &err)) {
        err_print(&err, stderr);
        close(fd);
        return EXIT_FAULT;
    }
    int rc = rt_exit_code(&res);
    if (child_interrupted) { /* told to stop: no frames to wait for */
        close(fd);
        return EXIT_INTERRUPTED;
    }
    TraceFeed feed;
    feed_init(&feed);
    if (lseek(fd, 0, SEEK_SET) == 0) feed_drain(&feed, fd);
    close(fd);
    if (window_headless_frames(&feed, what, false) < 0 && rc == EXIT_OK) rc = EXIT_FAULT;
    feed_free(&feed);
    return rc;
}

static bool have_display(void)
{
    return getenv("DISPLAY") || getenv("WAYLAND_DISPLAY") || getenv("SDL_VIDEODRIVER");
}

/* One run in the window: forks the runner, shows it, reaps it. The
 * window may end with a request in *wr (R: run again; a dropped file). */
static int play_window(const Scenario *sc, RtOptions opt, const char *path, double exit_after,
                       const char *shot, WinResult *wr)
{
    int tp[2], cp[2];
    if (pipe(tp) != 0 || pipe(cp) != 0) {
        fprintf(stderr, "syncscope play: cannot make a pipe: %s\n", strerror(errno));
        return EXIT_FAULT;
    }
    fflush(NULL); /* nothing buffered may be written twice */
    pid_t parent = getpid();
    pid_t child = fork();
    if (child < 0) {
        fprintf(stderr, "syncscope play: cannot start the runner: %s\n", strerror(errno));
        return EXIT_FAULT;
    }
    if (child == 0) {
        close(tp[0]);
        close(cp[1]);
        child_main(sc, opt, tp[1], cp[0], parent);
    }
    close(tp[1]);
    close(cp[0]);
    signal(SIGPIPE, SIG_IGN); /* a runner that is gone must not kill the window */
    /* ours before SDL_Init, so SDL keeps its own off: the window closes
     * (and reaps the runner) on any of the three, at any time */
    catch_ends(on_window_signal);
    fcntl(tp[0], F_SETFL, fcntl(tp[0], F_GETFL) | O_NONBLOCK);
    fcntl(cp[1], F_SETFD, FD_CLOEXEC);
    fcntl(tp[0], F_SETFD, FD_CLOEXEC);

    WinOptions wo = {.title = sc->title, .trace_fd = tp[0], .ctl_fd = cp[1], .child = child,
                     .paced = false, .speed = opt.has_speed ? opt.speed : sc->speed,
                     .exit_after = exit_after, .screenshot = shot, .stop = &window_stop,
                     .allow_rerun = true};
    Err err;
    memset(&err, 0, sizeof err);
    bool ok = window_run(&wo, wr, &err);
    int code = wr->child_status;
    if (code < 0) code = window_reap(child, cp[1], tp[0]);
    else close(cp[1]);
    close(tp[0]);
    if (!ok) {
        err_print(&err, stderr);
        return EXIT_FAULT;
    }
    if (window_stop) return EXIT_INTERRUPTED; /* a signal closed the window */
    if (wr->no_display) return play_headless(sc, opt, path);
    return wr->run_ended ? code : EXIT_INTERRUPTED;
}

/* The picker window (no scenario given, or one that did not load);
 * PICKER_CHOSEN puts the chosen file in out. */
static int pick(const char *error_file, double exit_after, const char *shot, char *out, size_t cap)
{
    catch_ends(on_window_signal);
    PickerOptions po = {.dir = app_scenarios_dir(), .error_file = error_file, .exit_after = exit_after,
                        .screenshot = shot, .stop = &window_stop};
    return picker_run(&po, out, cap);
}

int cmd_play(int argc, char **argv)
{
    enum { OPT_SEED = 1000, OPT_SPEED, OPT_MODE, OPT_PIDS, OPT_EXIT_AFTER, OPT_SHOT, OPT_VERSION };
    static const struct option longopts[] = {
        {"seed", required_argument, NULL, OPT_SEED},
        {"speed", required_argument, NULL, OPT_SPEED},
        {"mode", required_argument, NULL, OPT_MODE},
        {"pids", no_argument, NULL, OPT_PIDS},
        {"exit-after", required_argument, NULL, OPT_EXIT_AFTER},
        {"screenshot", required_argument, NULL, OPT_SHOT},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, OPT_VERSION},
        {NULL, 0, NULL, 0},
    };
    RtOptions opt = {.out_fd = -1, .ctl_fd = -1};
    double exit_after = 0;
    const char *shot = NULL;
    int mode = -1; /* -1: the scenario's */
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_SEED: {
            uint64_t v;
            if (!args_u64(optarg, &v)) {
                fprintf(stderr, "syncscope play: --seed wants a non-negative integer, not \"%s\"\n", optarg);
                return EXIT_USAGE;
            }
            opt.has_seed = true;
            opt.seed = v;
            break;
        }
        case OPT_SPEED:
            if (!args_positive(optarg, &opt.speed)) {
                fprintf(stderr, "syncscope play: --speed wants a number > 0, not \"%s\"\n", optarg);
                return EXIT_USAGE;
            }
            opt.has_speed = true;
            break;
        case OPT_MODE:
            if (strcmp(optarg, "threads") == 0) mode = MODE_THREADS;
            else if (strcmp(optarg, "processes") == 0) mode = MODE_PROCESSES;
            else {
                fprintf(stderr, "syncscope play: --mode is threads or processes, not \"%s\"\n", optarg);
                return EXIT_USAGE;
            }
            break;
        case OPT_PIDS: break;
        case OPT_EXIT_AFTER:
            if (!args_positive(optarg, &exit_after)) {
                fprintf(stderr, "syncscope play: --exit-after wants seconds > 0, not \"%s\"\n", optarg);
                return EXIT_USAGE;
            }
            break;
        case OPT_SHOT: shot = optarg; break;
        case 'h': play_usage(stdout); return EXIT_OK;
        case OPT_VERSION: printf("syncscope %s\n", SYNCSCOPE_VERSION); return EXIT_OK;
        case ':':
            fprintf(stderr, "syncscope play: option %s needs a value\n", argv[optind - 1]);
            return EXIT_USAGE;
        default:
            fprintf(stderr, "syncscope play: unknown option %s\n", argv[optind - 1]);
            play_usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (argc - optind > 1) {
        fprintf(stderr, "syncscope play: only one scenario at a time\n");
        return EXIT_USAGE;
    }
    static char cur[4096];
    if (optind < argc) {
        snprintf(cur, sizeof cur, "%s", argv[optind]);
    } else {
        /* no scenario: the picker; without a display, the default's frames */
        int r = have_display() ? pick(NULL, exit_after, shot, cur, sizeof cur) : PICKER_NO_DISPLAY;
        if (r == PICKER_QUIT) return window_stop ? EXIT_INTERRUPTED : EXIT_OK;
        if (r == PICKER_NO_DISPLAY) snprintf(cur, sizeof cur, "%s", app_default_scenario());
    }
    bool from_window = false; /* cur came from the picker or a drop: show its errors there */
    for (;;) {
        Scenario *sc = args_load_scenario(cur);
        if (!sc) {
            if (!from_window || !have_display()) return EXIT_EXPECT;
            char next[4096];
            int r = pick(cur, exit_after, shot, next, sizeof next);
            if (r != PICKER_CHOSEN) return window_stop ? EXIT_INTERRUPTED : EXIT_EXPECT;
            snprintf(cur, sizeof cur, "%s", next);
            continue;
        }
        if (mode >= 0) sc->mode = (Mode)mode;
        if (!have_display()) {
            int rc = play_headless(sc, opt, cur);
            scenario_free(sc);
            return rc;
        }
        WinResult wr;
        memset(&wr, 0, sizeof wr);
        int rc = play_window(sc, opt, cur, exit_after, shot, &wr);
        uint64_t seed = opt.has_seed ? opt.seed : sc->seed;
        scenario_free(sc);
        if (window_stop || wr.no_display) return rc;
        if (wr.rerun) {
            /* R: the same scenario, the next seed (a different interleaving) */
            opt.has_seed = true;
            opt.seed = seed + 1;
            fprintf(stderr, "syncscope: running \"%s\" again with seed %llu\n", cur, (unsigned long long)opt.seed);
            continue;
        }
        if (wr.open_path[0]) {
            snprintf(cur, sizeof cur, "%s", wr.open_path);
            opt.has_seed = false;
            from_window = true;
            continue;
        }
        return rc;
    }
}

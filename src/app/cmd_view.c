/* cmd_view — `syncscope view TRACE|- [--speed X] [--exit-after S]
 * [--screenshot FILE.png]`: animates a recorded trace at its own pace
 * (times --speed), or a live one from stdin as it arrives. Space pauses
 * the picture only (there is no way back to a runner). A bad line keeps
 * everything before it and shows a red banner. With no display, renders
 * PNG frames instead. Exit code: 0, 1 for a bad trace, 2 bad usage. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/args.h"
#include "app/cmds.h"
#include "app/window.h"

static void view_usage(FILE *f)
{
    fprintf(f,
        "usage: syncscope view TRACE|- [--speed X] [--exit-after SECONDS] [--screenshot FILE.png]\n"
        "Animates a recorded trace (JSON Lines), or a live one from stdin:\n"
        "  syncscope run s.json | syncscope view -\n"
        "Keys: Space pause/resume the picture, + and - double/halve the playback speed,\n"
        "Left/Right one event back/forward, Home the first event, End the last, F11 full screen,\n"
        "? every key, F12 screenshot, Esc quit. With no display, renders PNG frames to\n"
        "./syncscope-frames/.\n");
}

int cmd_view(int argc, char **argv)
{
    enum { OPT_SPEED = 1000, OPT_EXIT_AFTER, OPT_SHOT, OPT_VERSION };
    static const struct option longopts[] = {
        {"speed", required_argument, NULL, OPT_SPEED},
        {"exit-after", required_argument, NULL, OPT_EXIT_AFTER},
        {"screenshot", required_argument, NULL, OPT_SHOT},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, OPT_VERSION},
        {NULL, 0, NULL, 0},
    };
    double speed = 0, exit_after = 0;
    const char *shot = NULL;
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_SPEED:
            if (!args_positive(optarg, &speed)) {
                fprintf(stderr, "syncscope view: --speed wants a number > 0, not \"%s\"\n", optarg);
                return EXIT_USAGE;
            }
            break;
        case OPT_EXIT_AFTER:
            if (!args_positive(optarg, &exit_after)) {
                fprintf(stderr, "syncscope view: --exit-after wants seconds > 0, not \"%s\"\n", optarg);
                return EXIT_USAGE;
            }
            break;
        case OPT_SHOT: shot = optarg; break;
        case 'h': view_usage(stdout); return EXIT_OK;
        case OPT_VERSION: printf("syncscope %s\n", SYNCSCOPE_VERSION); return EXIT_OK;
        case ':':
            fprintf(stderr, "syncscope view: option %s needs a value\n", argv[optind - 1]);
            return EXIT_USAGE;
        default:
            fprintf(stderr, "syncscope view: unknown option %s\n", argv[optind - 1]);
            view_usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (argc - optind != 1) {
        fprintf(stderr, "syncscope view: %s\n", optind >= argc ? "a trace file (or -) is needed" : "one trace at a time");
        view_usage(stderr);
        return EXIT_USAGE;
    }
    const char *path = argv[optind];
    bool from_stdin = strcmp(path, "-") == 0;
    int fd = from_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        fprintf(stderr, "syncscope view: cannot open %s: %s\n", path, strerror(errno));
        return EXIT_EXPECT;
    }
    struct stat st;
    bool regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    int old_flags = fcntl(fd, F_GETFL);
    if (old_flags >= 0) fcntl(fd, F_SETFL, old_flags | O_NONBLOCK);

    bool have_display = getenv("DISPLAY") || getenv("WAYLAND_DISPLAY") || getenv("SDL_VIDEODRIVER");
    WinResult wr;
    memset(&wr, 0, sizeof wr);
    wr.no_display = !have_display;
    bool ok = true;
    Err err;
    memset(&err, 0, sizeof err);
    if (have_display) {
        /* a recorded file plays at its own pace; a pipe shows what arrives */
        WinOptions wo = {.title = path, .trace_fd = fd, .ctl_fd = -1, .child = 0, .paced = regular,
                         .speed = speed, .exit_after = exit_after, .screenshot = shot};
        ok = window_run(&wo, &wr, &err);
    }
    int rc = EXIT_OK;
    if (!ok) {
        err_print(&err, stderr);
        rc = EXIT_FAULT;
    } else if (wr.no_display) {
        if (regular) lseek(fd, 0, SEEK_SET);
        TraceFeed feed;
        feed_init(&feed);
        feed_drain(&feed, fd);
        int n = window_headless_frames(&feed, path, true);
        rc = n < 0 || feed.bad ? EXIT_EXPECT : EXIT_OK;
        feed_free(&feed);
    } else if (wr.bad_trace) {
        fprintf(stderr, "%s:%s\n", path, wr.bad); /* the window showed it; editors read this */
        rc = EXIT_EXPECT;
    }
    if (old_flags >= 0) fcntl(fd, F_SETFL, old_flags); /* stdin may be the shell's terminal */
    if (!from_stdin) close(fd);
    return rc;
}

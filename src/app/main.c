/* main — the syncscope binary: dispatches to a subcommand in the style of git. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/cmds.h"

static void usage(FILE *f)
{
    fprintf(f,
        "usage: syncscope [SCENARIO.json]          open the window (the default scenario if none)\n"
        "       syncscope play SCENARIO.json       run it on real threads and animate it live\n"
        "       syncscope run SCENARIO.json [-o TRACE] [--instant] [--seed N] [--speed X]\n"
        "       syncscope view TRACE|-             animate a recorded or piped trace\n"
        "       syncscope replay TRACE [--expect] [--at SEQ] [--dump] [--frames DIR]\n"
        "       syncscope check SCENARIO.json...   validate scenarios, print every error\n"
        "\n"
        "Each subcommand takes --help. Exit codes: 0 ok, 1 expect failed or bad input,\n"
        "2 bad usage, 3 unexpected deadlock, 4 fault, 5 interrupted.\n");
}

const char *app_scenarios_dir(void)
{
    const char *env = getenv("SYNCSCOPE_SCENARIOS");
    if (env && *env) return env;
    struct stat st;
    if (stat("scenarios", &st) == 0 && S_ISDIR(st.st_mode)) return "scenarios";
    return SYNCSCOPE_SCENARIOS_DIR;
}

const char *app_default_scenario(void)
{
    static char path[4096];
    snprintf(path, sizeof path, "%s/%s", app_scenarios_dir(), "event_traffic_light.json");
    return path;
}

int main(int argc, char **argv)
{
    if (argc < 2) return cmd_play(argc, argv);
    const char *sub = argv[1];
    if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) { usage(stdout); return EXIT_OK; }
    if (strcmp(sub, "--version") == 0) { printf("syncscope %s\n", SYNCSCOPE_VERSION); return EXIT_OK; }
    if (strcmp(sub, "run") == 0) return cmd_run(argc - 1, argv + 1);
    if (strcmp(sub, "check") == 0) return cmd_check(argc - 1, argv + 1);
    if (strcmp(sub, "replay") == 0) return cmd_replay(argc - 1, argv + 1);
    if (strcmp(sub, "view") == 0) return cmd_view(argc - 1, argv + 1);
    if (strcmp(sub, "play") == 0) return cmd_play(argc - 1, argv + 1);
    size_t n = strlen(sub);
    if (n > 5 && strcmp(sub + n - 5, ".json") == 0) return cmd_play(argc, argv);
    if (sub[0] == '-') return cmd_play(argc, argv); /* options of the default window */
    fprintf(stderr, "syncscope: unknown command \"%s\"\n", sub);
    usage(stderr);
    return EXIT_USAGE;
}

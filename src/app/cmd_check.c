/* cmd_check — `syncscope check FILE...`: validates scenarios (SPEC §1).
 *
 * Prints every error of every file to stderr in the compiler form
 * (FILE:LINE:COL: error: PATH: message) and "FILE: ok (N actors, M
 * resources)" to stdout for each valid file. Exit 0 when all are valid, 1
 * when any is not, 2 on bad usage. Uses the scenario loader only. */
#include <getopt.h>
#include <stdio.h>

#include "app/cmds.h"
#include "base/err.h"
#include "scenario/scenario.h"

static void check_usage(FILE *f)
{
    fprintf(f,
        "usage: syncscope check SCENARIO.json...\n"
        "\n"
        "Validates each scenario and prints every error as FILE:LINE:COL: error: MESSAGE.\n"
        "Exit code 0 if all are valid, 1 if any is not, 2 on bad usage.\n"
        "\n"
        "  -h, --help       show this help\n"
        "      --version    show the version\n");
}

int cmd_check(int argc, char **argv)
{
    static const struct option opts[] = {
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'h': check_usage(stdout); return EXIT_OK;
        case 'V': printf("syncscope %s\n", SYNCSCOPE_VERSION); return EXIT_OK;
        default:
            if (optopt) fprintf(stderr, "syncscope check: unknown option '-%c'\n", optopt);
            else fprintf(stderr, "syncscope check: unknown option '%s'\n", argv[optind - 1]);
            check_usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "syncscope check: no scenario file given\n");
        check_usage(stderr);
        return EXIT_USAGE;
    }
    int status = EXIT_OK;
    for (int k = optind; k < argc; k++) {
        ErrList errs;
        errlist_init(&errs);
        Scenario *sc = scenario_load(argv[k], &errs);
        for (int e = 0; e < errs.n; e++) err_print(&errs.v[e], stderr);
        if (sc) {
            printf("%s: ok (%d actor%s, %d resource%s)\n", argv[k], sc->n_actors,
                   sc->n_actors == 1 ? "" : "s", sc->n_res, sc->n_res == 1 ? "" : "s");
            scenario_free(sc);
        } else {
            status = EXIT_EXPECT;
        }
        errlist_free(&errs);
    }
    fflush(stdout);
    return status;
}

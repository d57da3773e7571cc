/* cmd_run — `syncscope run SCENARIO [-o TRACE] [--instant] [--seed N]
 * [--speed X] [--pids] [--mode threads|processes]`: runs a scenario
 * headless on real threads or processes and writes its trace (SPEC §1). No SDL.
 * Exit code per SPEC §5 (rt_exit_code). At the end it always tells the
 * user, on stderr, in one short block: the outcome line, why a deadlock
 * (who waits for what, held by whom), each failed expectation, and each
 * actor that ended in error (as Python prints "Exception in thread …").
 * SIGINT, SIGTERM and SIGHUP end the run as interrupted (exit 5), its
 * trace closed by its end line: never a death by signal. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/args.h"
#include "app/cmds.h"
#include "runtime/runtime.h"
#include "scenario/scenario.h"

static atomic_int run_interrupted;

static void on_sigint(int sig)
{
    (void)sig;
    int e = errno; /* a handler must leave errno as it found it */
    atomic_store(&run_interrupted, 1);
    errno = e;
}

static void report_expect(const Scenario *sc, const ExpectResult *ex)
{
    if (!ex->present || ex->ok) return;
    if (ex->want_outcome != OUT_NONE && ex->want_outcome != ex->got_outcome)
        fprintf(stderr, "expect: outcome %s, got %s\n", outcome_name(ex->want_outcome),
                outcome_name(ex->got_outcome));
    for (int i = 0; i < ex->n_vars && i < EXPECT_VARS_MAX; i++) {
        const ExpectVar *v = &ex->vars[i];
        if (value_cmp(&v->want, &v->got) == 0) continue;
        char want[VALUE_STR_MAX + 8], got[VALUE_STR_MAX + 8];
        value_to_json(&v->want, want, sizeof want);
        value_to_json(&v->got, got, sizeof got);
        const char *name = v->res >= 0 && v->res < sc->n_res ? sc->res[v->res].id : "?";
        fprintf(stderr, "expect: %s = %s, got %s\n", name, want, got);
    }
}

static void report_errors(const Scenario *sc, const RtResult *res)
{
    for (int i = 0; i < res->n_errors && i < RT_ERRORS_MAX; i++) {
        int a = res->errors[i].actor;
        if (a < 0 || a >= sc->n_actors) continue;
        const ScActor *ac = &sc->actors[a];
        if (strcmp(ac->label, ac->id) == 0)
            fprintf(stderr, "error: %s: %s\n", ac->id, res->errors[i].msg);
        else
            fprintf(stderr, "error: %s (%s): %s\n", ac->label, ac->id, res->errors[i].msg);
    }
    if (res->n_errors > RT_ERRORS_MAX)
        fprintf(stderr, "\xE2\x80\xA6 and %d more\n", res->n_errors - RT_ERRORS_MAX);
}

/* The block on stderr at the end of a run (the trace has its own stream). */
static void report(const Scenario *sc, const RtResult *res)
{
    const char *verdict = !res->expect.present ? "no expect" : res->expect.ok ? "expect ok" : "expect FAILED";
    fprintf(stderr, "%s at t=%lld.%03llds, %llu events, %s\n", outcome_name(res->outcome),
            (long long)(res->end_t / 1000000), (long long)(res->end_t % 1000000 / 1000),
            (unsigned long long)res->events, verdict);
    if ((res->outcome == OUT_DEADLOCK || res->outcome == OUT_STOPPED || res->outcome == OUT_FAULT) &&
        res->reason[0])
        fprintf(stderr, "%s: %s\n", outcome_name(res->outcome), res->reason);
    report_expect(sc, &res->expect);
    report_errors(sc, res);
}

static void run_usage(FILE *f)
{
    fprintf(f,
        "usage: syncscope run SCENARIO.json [-o TRACE] [--instant] [--seed N] [--speed X]\n"
        "                     [--pids] [--mode threads|processes]\n"
        "Runs the scenario on real threads or processes, headless, and writes its trace\n"
        "(JSON Lines)\n"
        "to TRACE or stdout.\n"
        "  -o, --output TRACE   write the trace to TRACE\n"
        "      --instant        no wall-clock pacing: virtual time only\n"
        "      --seed N         override the scenario's seed\n"
        "      --speed X        override the scenario's speed (virtual/wall factor)\n"
        "      --pids           put real thread ids (or pids) in the trace\n"
        "      --mode M         threads or processes (override the scenario's)\n"
        "  -h, --help           this help\n"
        "      --version        the version\n"
        "Exit codes: 0 ok, 1 expect failed or bad input, 2 bad usage, 3 unexpected\n"
        "deadlock, 4 fault, 5 interrupted.\n");
}

int cmd_run(int argc, char **argv)
{
    enum { OPT_INSTANT = 1000, OPT_SEED, OPT_SPEED, OPT_PIDS, OPT_MODE, OPT_VERSION };
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"instant", no_argument, NULL, OPT_INSTANT},
        {"seed", required_argument, NULL, OPT_SEED},
        {"speed", required_argument, NULL, OPT_SPEED},
        {"pids", no_argument, NULL, OPT_PIDS},
        {"mode", required_argument, NULL, OPT_MODE},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, OPT_VERSION},
        {NULL, 0, NULL, 0},
    };
    const char *out_path = NULL;
    RtOptions opt = {.out_fd = STDOUT_FILENO, .ctl_fd = -1};
    int mode = -1; /* -1: the scenario's */
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': out_path = optarg; break;
        case OPT_INSTANT: opt.instant = true; break;
        case OPT_SEED:
            if (!args_u64(optarg, &opt.seed)) {
                fprintf(stderr, "syncscope run: --seed wants a non-negative integer, not \"%s\"\n", optarg);
                return EXIT_USAGE;
            }
            opt.has_seed = true;
            break;
        case OPT_SPEED: {
            double x;
            if (!args_positive(optarg, &x)) {
                fprintf(stderr, "syncscope run: --speed wants a number > 0, not \"%s\"\n", optarg);
                return EXIT_USAGE;
            }
            opt.has_speed = true;
            opt.speed = x;
            break;
        }
        case OPT_PIDS: opt.pids = true; break;
        case OPT_MODE:
            if (strcmp(optarg, "threads") == 0) mode = MODE_THREADS;
            else if (strcmp(optarg, "processes") == 0) mode = MODE_PROCESSES;
            else {
                fprintf(stderr, "syncscope run: --mode is threads or processes, not \"%s\"\n", optarg);
                return EXIT_USAGE;
            }
            break;
        case 'h': run_usage(stdout); return EXIT_OK;
        case OPT_VERSION: printf("syncscope %s\n", SYNCSCOPE_VERSION); return EXIT_OK;
        case ':':
            fprintf(stderr, "syncscope run: option %s needs a value\n", argv[optind - 1]);
            return EXIT_USAGE;
        default:
            fprintf(stderr, "syncscope run: unknown option %s\n", argv[optind - 1]);
            run_usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "syncscope run: %s\n", optind >= argc ? "a scenario file is needed" : "only one scenario at a time");
        run_usage(stderr);
        return EXIT_USAGE;
    }
    const char *path = argv[optind];

    Scenario *sc = args_load_scenario(path);
    if (!sc) return EXIT_EXPECT;
    if (sc->policy == POL_OS && opt.instant) {
        /* SPEC §4: under os the OS interleaves real time; there is no virtual clock to jump */
        fprintf(stderr, "syncscope run: --instant does not apply to the os policy (it runs in real time)\n");
        scenario_free(sc);
        return EXIT_USAGE;
    }
    if (mode >= 0) sc->mode = (Mode)mode; /* the header then says which */

    int fd = STDOUT_FILENO;
    if (out_path) {
        fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd < 0) {
            fprintf(stderr, "syncscope run: cannot write the trace to %s: %s\n", out_path, strerror(errno));
            scenario_free(sc);
            return EXIT_FAULT;
        }
    }
    opt.out_fd = fd;
    opt.interrupt = &run_interrupted;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL); /* a kill or a closed terminal: the same clean ending */
    sigaction(SIGHUP, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    RtResult res;
    Err err = {0};
    bool started = rt_run(sc, &opt, &res, &err);
    int rc;
    if (!started) {
        err_print(&err, stderr);
        rc = EXIT_FAULT;
    } else {
        rc = rt_exit_code(&res);
        report(sc, &res);
        if (res.write_failed)
            fprintf(stderr, "syncscope run: the trace could not be written to %s%s%s\n",
                    out_path ? out_path : "standard output", res.write_errno ? ": " : "",
                    res.write_errno ? strerror(res.write_errno) : "");
    }
    if (out_path && close(fd) != 0 && started && rc == EXIT_OK) {
        fprintf(stderr, "syncscope run: cannot write the trace to %s: %s\n", out_path, strerror(errno));
        rc = EXIT_FAULT;
    }
    scenario_free(sc);
    return rc;
}

/* cmds — the subcommands of the syncscope binary, one file each.
 * Each takes argv from the subcommand name on (argv[0] = "run", …), parses
 * its own options with getopt_long, prints its own errors, and returns the
 * process exit code (SPEC §5). Only app/ prints to the user and exits. */
#ifndef SYNCSCOPE_APP_CMDS_H
#define SYNCSCOPE_APP_CMDS_H

enum {
    EXIT_OK = 0,
    EXIT_EXPECT = 1,      /* an expect failure, or bad input (scenario, trace) */
    EXIT_USAGE = 2,
    EXIT_DEADLOCK = 3,    /* a deadlock that expect.outcome did not name */
    EXIT_FAULT = 4,
    EXIT_INTERRUPTED = 5,
};

int cmd_run(int argc, char **argv);     /* cmd_run.c */
int cmd_check(int argc, char **argv);   /* cmd_check.c */
int cmd_replay(int argc, char **argv);  /* cmd_replay.c */
int cmd_play(int argc, char **argv);    /* cmd_play.c: also `syncscope` alone and `syncscope FILE.json` */
int cmd_view(int argc, char **argv);    /* cmd_view.c */

/* Where the bundled scenarios are (SYNCSCOPE_SCENARIOS env, then next to
 * the binary's source tree); and the default one. */
const char *app_scenarios_dir(void);
const char *app_default_scenario(void);  /* malloc-free static path */

#endif

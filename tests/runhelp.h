/* runhelp — runs a scenario given as JSON text on the real runtime, into
 * a temporary file, and reads the trace back: what the runtime and
 * processes tests share. */
#ifndef SYNCSCOPE_TEST_RUNHELP_H
#define SYNCSCOPE_TEST_RUNHELP_H

#include <stdbool.h>
#include <stddef.h>

#include "runtime/runtime.h"
#include "scenario/scenario.h"

typedef struct Run {
    char *text;       /* the whole trace, NUL-terminated */
    size_t len;
    RtResult res;
    bool ok;          /* rt_run started */
} Run;

/* Loads json (errors printed); NULL if it does not load. */
Scenario *runhelp_load(const char *json);
/* Runs json with opt (out_fd is set here); mode >= 0 overrides the file's. */
Run runhelp_run(const char *json, int mode, RtOptions opt);
void runhelp_free(Run *r);
/* The whole content of a seekable fd (a temp file), NUL-terminated. */
char *runhelp_read_all(int fd, size_t *len);

#endif

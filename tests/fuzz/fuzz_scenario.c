/* fuzz_scenario — libFuzzer target: bytes -> the scenario loader, as
 * `syncscope check` uses it (src/app/cmd_check.c): load, print every error,
 * free. Errors are fine; a crash, a leak, a sanitizer report, a hang or a
 * superlinear blow-up is a bug. Also compiled into the normal build's
 * test_fuzz_regress (with FUZZ_NO_ENTRY) to replay tests/fuzz/regress/. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "fuzz.h"
#include "scenario/scenario.h"

/* Errors go nowhere, but through err_print all the same: formatting a
 * message built from hostile names is part of what is tested. */
static FILE *fuzz_sink(void)
{
    static FILE *sink;
    if (!sink) sink = fopen("/dev/null", "w");
    return sink;
}

int fuzz_scenario_input(const uint8_t *data, size_t size)
{
    /* scenario_load refuses files over 1 MiB before parsing them */
    if (size > SC_MAX_FILE_BYTES) return 0;
    /* an exact-size copy: a read past the end is then a heap overflow ASan
     * sees (scenario_load's own buffer has slack after the text) */
    char *text = malloc(size ? size : 1);
    if (!text) return 0;
    if (size) memcpy(text, data, size);
    ErrList errs;
    errlist_init(&errs);
    Scenario *sc = scenario_load_text("fuzz.json", text, size, &errs);
    FILE *sink = fuzz_sink();
    for (int e = 0; e < errs.n; e++)
        if (sink) err_print(&errs.v[e], sink);
    /* the loader's contract: a scenario, or at least one error, never both
     * missing */
    if (!sc && errs.n == 0) abort();
    if (sc) {
        /* what `run` would read next: every actor and resource in range */
        for (int a = 0; a < sc->n_actors; a++)
            if (sc->actors[a].vpid != a + 1) abort();
        for (int r = 0; r < sc->n_res; r++)
            if ((unsigned)sc->res[r].type >= RES__COUNT) abort();
        scenario_free(sc);
    }
    errlist_free(&errs);
    free(text);
    return 0;
}

#ifndef FUZZ_NO_ENTRY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_scenario_input(data, size); }
#endif

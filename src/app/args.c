/* args — see args.h. */
#include "app/args.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

bool args_positive(const char *s, double *out)
{
    char *end = NULL;
    errno = 0;
    double x = strtod(s, &end);
    if (errno || !end || end == s || *end || !(x > 0) || x > 1e9) return false;
    *out = x;
    return true;
}

bool args_u64(const char *s, uint64_t *out)
{
    if (!s || !*s || *s == '-') return false;
    char *end = NULL;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || !end || *end) return false;
    *out = (uint64_t)v;
    return true;
}

Scenario *args_load_scenario(const char *path)
{
    ErrList errs;
    errlist_init(&errs);
    Scenario *sc = scenario_load(path, &errs);
    if (!sc) {
        for (int i = 0; i < errs.n; i++) err_print(&errs.v[i], stderr);
        if (errs.n == 0) fprintf(stderr, "%s: error: cannot load the scenario\n", path);
    }
    errlist_free(&errs);
    return sc;
}

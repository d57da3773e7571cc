/* runhelp — see runhelp.h. */
#include "runhelp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

Scenario *runhelp_load(const char *json)
{
    ErrList errs;
    errlist_init(&errs);
    Scenario *sc = scenario_load_text("test.json", json, strlen(json), &errs);
    for (int i = 0; i < errs.n; i++) err_print(&errs.v[i], stderr);
    errlist_free(&errs);
    return sc;
}

Run runhelp_run(const char *json, int mode, RtOptions opt)
{
    Run r;
    memset(&r, 0, sizeof r);
    Scenario *sc = runhelp_load(json);
    if (!sc) return r;
    if (mode >= 0) sc->mode = (Mode)mode;
    FILE *f = tmpfile();
    if (!f) { scenario_free(sc); return r; }
    opt.out_fd = fileno(f);
    Err err;
    memset(&err, 0, sizeof err);
    r.ok = rt_run(sc, &opt, &r.res, &err);
    if (!r.ok) err_print(&err, stderr);
    r.text = runhelp_read_all(fileno(f), &r.len);
    fclose(f);
    scenario_free(sc);
    return r;
}

char *runhelp_read_all(int fd, size_t *len)
{
    off_t n = lseek(fd, 0, SEEK_END);
    char *text = calloc((size_t)(n > 0 ? n : 0) + 1, 1);
    *len = 0;
    if (text && n > 0 && pread(fd, text, (size_t)n, 0) == n) *len = (size_t)n;
    return text;
}

void runhelp_free(Run *r)
{
    free(r->text);
    memset(r, 0, sizeof *r);
}

/* expect — see expect.h. */
#include "core/expect.h"

#include <string.h>

#include "scenario/scenario.h"

void expect_compute(const Scenario *sc, Outcome got, const int64_t *var_values,
                    ExpectResult *out)
{
    memset(out, 0, sizeof *out);
    out->got_outcome = got;
    out->want_outcome = sc->expect_outcome;
    out->present = sc->has_expect;
    if (!sc->has_expect) return;
    out->ok = sc->expect_outcome == OUT_NONE || sc->expect_outcome == got;
    for (int i = 0; i < sc->n_expect_vars && out->n_vars < EXPECT_VARS_MAX; i++) {
        ExpectVar *v = &out->vars[out->n_vars++];
        v->res = sc->expect_vars[i].res;
        v->want = sc->expect_vars[i].want;
        v->got = value_int(var_values[v->res]);
        if (!value_eq(&v->want, &v->got)) out->ok = false;
    }
}

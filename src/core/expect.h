/* expect — the results of a scenario's `expect` against what a run did.
 *
 * Computed by the runtime at the end of a run (written into the end line)
 * and again by the model from its own state (`replay --expect`); both use
 * expect_compute(), so the two can only differ if the states differ.
 * libc only. */
#ifndef SYNCSCOPE_CORE_EXPECT_H
#define SYNCSCOPE_CORE_EXPECT_H

#include <stdbool.h>

#include "core/event.h"
#include "core/value.h"

typedef struct Scenario Scenario;

typedef struct ExpectVar {
    int res;                   /* a variable's resource index */
    Value want, got;
} ExpectVar;

#define EXPECT_VARS_MAX 64

typedef struct ExpectResult {
    bool present;              /* false: the scenario has no expect ("expect":null) */
    bool ok;
    Outcome want_outcome;      /* OUT_NONE: no outcome was expected */
    Outcome got_outcome;
    ExpectVar vars[EXPECT_VARS_MAX];
    int n_vars;
} ExpectResult;

/* var_values[i] is the final value of resource i (only variables are read). */
void expect_compute(const Scenario *sc, Outcome got, const int64_t *var_values,
                    ExpectResult *out);

#endif

/* args — what several subcommands parse the same way: numbers from the
 * command line, and a scenario file loaded with every error printed. */
#ifndef SYNCSCOPE_APP_ARGS_H
#define SYNCSCOPE_APP_ARGS_H

#include <stdbool.h>
#include <stdint.h>

#include "scenario/scenario.h"

/* A decimal number > 0 and <= 1e9 (speeds, seconds); false otherwise. */
bool args_positive(const char *s, double *out);
/* A non-negative integer (seeds); false otherwise. */
bool args_u64(const char *s, uint64_t *out);
/* Loads path; on failure prints every error (FILE:LINE:COL: error: …) to
 * stderr and returns NULL. */
Scenario *args_load_scenario(const char *path);

#endif

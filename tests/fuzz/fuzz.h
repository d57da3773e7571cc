/* fuzz — the entry points shared by the libFuzzer targets (tests/fuzz/
 * fuzz_*.c, built with -DSYNCSCOPE_FUZZ=ON under clang) and by the normal
 * build's tests/test_fuzz_regress.c, which replays every reproducer of
 * tests/fuzz/regress/ through the very same functions. Each returns 0; a
 * bug shows as a crash, a sanitizer report or an abort() on a broken
 * invariant checked here. */
#ifndef SYNCSCOPE_FUZZ_FUZZ_H
#define SYNCSCOPE_FUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/* Bytes as a scenario file, through the loader as `syncscope check` uses it. */
int fuzz_scenario_input(const uint8_t *data, size_t size);
/* Bytes as a trace, read as `syncscope replay --expect` reads it (and once
 * more through the window's TraceFeed), then a few seeks. */
int fuzz_trace_input(const uint8_t *data, size_t size);

#endif

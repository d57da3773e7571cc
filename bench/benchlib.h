/* benchlib — what the benchmarks share: a wall clock, percentiles, a
 * generated scenario of many actors and resources (so that every trace a
 * benchmark uses is a real run of the runtime, valid by construction), a
 * child `syncscope run --instant` to record it, and a feed that takes trace
 * bytes through the same path as the window (LineBuf -> decode -> append).
 *
 * Benchmarks print figures and never judge them: the machines that run them
 * are shared and noisy, so only ratios within one run mean much. */
#ifndef SYNCSCOPE_BENCH_BENCHLIB_H
#define SYNCSCOPE_BENCH_BENCHLIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "core/timeline.h"
#include "scenario/scenario.h"
#include "trace/feed.h"
#include "trace/trace.h"

/* Monotonic wall clock in milliseconds. */
double bench_now_ms(void);
/* The p-th percentile (0..100, nearest rank) of v[0..n); sorts v. 0 if n is 0. */
double bench_pct(double *v, size_t n, double p);
/* The syncscope binary: $SYNCSCOPE, else the one this build made. */
const char *bench_syncscope(void);
/* The source tree (for the bundled scenarios): $SRC, else this one. */
const char *bench_src_dir(void);

/* A fresh temp folder (mkdtemp) into out; false on failure. */
bool bench_tmpdir(char *out, size_t cap);
/* Removes dir and everything in it. */
void bench_rmtree(const char *dir);

/* Writes a scenario with groups x per actors on cpus CPUs; each group has
 * its own lock, semaphore(3), queue(capacity 5), event and variable, so
 * 5 x groups resources. Every actor repeats `repeat` times: with the lock
 * add to the variable, with the semaphore sleep 1 ms, put and get on the
 * queue, set the event, work 1 ms. About 14 events per actor and round. */
bool bench_write_scenario(const char *path, int groups, int per, int repeat, int cpus);
/* Runs `syncscope run SCEN --instant -o TRACE` (plus extra args, may be
 * NULL) and waits; true when it exited 0. */
bool bench_record(const char *scen, const char *trace, const char *extra);

/* Reads a whole file; malloc'ed, NUL-terminated; NULL on failure. */
char *bench_read_file(const char *path, size_t *len_out);

/* A trace arriving in chunks, applied as the window applies it. */
/* Traces are taken in exactly as the window takes them: trace/feed.h's
 * TraceFeed (its max_events stops after a prefix); on a bad line,
 * bad_line and bad_err say where and why. */

/* Start offsets of the lines of text[0..len) (count + 1 entries, the last
 * being len); malloc'ed; NULL on OOM. */
size_t *bench_line_starts(const char *text, size_t len, size_t *count_out);

#endif

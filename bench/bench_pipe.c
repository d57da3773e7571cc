/* bench_pipe — events/s from the real runtime through a pipe to a reader,
 * against a raw writer of the very same bytes on the same kind of pipe
 * (issue 5 "Benchmarks": target >= 50 % of raw, zero loss).
 *
 * Every row is one child process writing into a fresh pipe and this
 * process reading it (64 KiB reads, counting lines) until EOF, timed from
 * the fork to the EOF:
 *   runtime           `syncscope run SCEN --instant` with the trace on its
 *                     stdout (the pipe), as `syncscope run s.json | view -`;
 *   raw, batched      the bytes that run wrote, in 64 KiB writes (what the
 *                     runtime's emitter does, RT_OUT_BATCH);
 *   raw, per line     the same bytes, one write(2) per line.
 * The raw writers replay what the runtime wrote, so the three rows move the
 * same bytes; the reader checks the line count and, for the runtime, that
 * every `seq` follows the one before (no lost line). Two scenarios: one
 * actor adding to a variable (no hand-offs: the emitter's own cost) and the
 * 200-actor contention scenario of benchlib (hand-offs between threads).
 * Each row is run REPS times, interleaved; the median is printed.
 *
 *   bench_pipe [--tiny] [--events N] [--reps R] */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "benchlib.h"

typedef struct Buf { char *p; size_t len, cap; } Buf;

typedef struct Row {
    const char *name;
    double ms[16];
    int n;
    size_t lines, bytes;
    bool ok;
} Row;

static bool buf_add(Buf *b, const char *p, size_t n)
{
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 1 << 20;
        while (cap < b->len + n) cap *= 2;
        char *q = realloc(b->p, cap);
        if (!q) return false;
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->len, p, n);
    b->len += n;
    return true;
}

static bool write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t k = write(fd, p, n);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) return false;
        p += k;
        n -= (size_t)k;
    }
    return true;
}

enum { W_RUNTIME, W_BATCHED, W_PER_LINE };

/* The writer child: never returns. */
static void writer(int mode, int fd, const char *scen, const Buf *bytes)
{
    if (mode == W_RUNTIME) {
        dup2(fd, STDOUT_FILENO);
        close(fd);
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) dup2(null, STDERR_FILENO); /* the run's summary */
        const char *bin = bench_syncscope();
        execl(bin, bin, "run", scen, "--instant", (char *)NULL);
        _exit(127);
    }
    const char *p = bytes->p, *end = bytes->p + bytes->len;
    if (mode == W_BATCHED) {
        while (p < end) {
            size_t n = (size_t)(end - p) > 65536 ? 65536 : (size_t)(end - p);
            if (!write_all(fd, p, n)) _exit(1);
            p += n;
        }
    } else {
        while (p < end) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
            if (!write_all(fd, p, n)) _exit(1);
            p += n;
        }
    }
    _exit(0);
}

/* One timed run: fork the writer, read to EOF counting lines (keeping the
 * bytes when keep is given). Returns ms, or -1 on failure. */
static double one_run(int mode, const char *scen, const Buf *bytes, Buf *keep, size_t *lines_out,
                      size_t *bytes_out)
{
    int fds[2];
    if (pipe(fds) != 0) return -1;
    double t0 = bench_now_ms();
    pid_t pid = fork();
    if (pid < 0) { close(fds[0]); close(fds[1]); return -1; }
    if (pid == 0) { close(fds[0]); writer(mode, fds[1], scen, bytes); }
    close(fds[1]);
    static char chunk[65536];
    size_t lines = 0, total = 0;
    bool ok = true;
    for (;;) {
        ssize_t n = read(fds[0], chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) { ok = n == 0; break; }
        for (const char *p = chunk, *e = chunk + n; (p = memchr(p, '\n', (size_t)(e - p))); p++) lines++;
        total += (size_t)n;
        if (keep && !buf_add(keep, chunk, (size_t)n)) ok = false;
    }
    double ms = bench_now_ms() - t0;
    close(fds[0]);
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {}
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) ok = false;
    *lines_out = lines;
    *bytes_out = total;
    return ok ? ms : -1;
}

/* Every event line's seq is the one before plus one (the header first). */
static bool seq_contiguous(const Buf *b, size_t *events)
{
    const char *p = b->p, *end = b->p + b->len;
    long long want = 0;
    bool first = true;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) return false; /* a cut last line */
        if (first) first = false; /* the header has no seq */
        else {
            if (nl - p < 8 || memcmp(p, "{\"seq\":", 7) != 0) return false;
            if (strtoll(p + 7, NULL, 10) != want) return false;
            want++;
        }
        p = nl + 1;
    }
    *events = (size_t)want;
    return true;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(Row *r)
{
    double v[16];
    memcpy(v, r->ms, sizeof v);
    qsort(v, (size_t)r->n, sizeof v[0], cmp_d);
    return r->n ? v[r->n / 2] : 0;
}

/* One actor adding `adds` times (about one line each), as two nested
 * repeats: a repeat is at most 1,000,000 (the loader's bound). */
static bool write_single(const char *path, long long adds)
{
    FILE *f = fopen(path, "w");
    if (!f) return false;
    long long inner = adds < 1000 ? adds : 1000, outer = adds / inner;
    fprintf(f, "{\"syncscope\":1,\"title\":\"Benchmark: one actor adds\",\"cpus\":1,\"seed\":1,"
               "\"resources\":[{\"id\":\"v\",\"type\":\"variable\",\"value\":0}],"
               "\"actors\":[{\"id\":\"a\",\"script\":[{\"repeat\":%lld,\"steps\":[{\"repeat\":%lld,\"steps\":["
               "{\"do\":\"add\",\"var\":\"v\",\"value\":1}]}]}]}]}\n", outer, inner);
    return fclose(f) == 0;
}

static bool bench_scenario(const char *title, const char *scen, int reps)
{
    Buf trace = {0};
    size_t lines = 0, bytes = 0;
    /* the first run keeps the bytes the raw writers replay */
    if (one_run(W_RUNTIME, scen, NULL, &trace, &lines, &bytes) < 0) {
        fprintf(stderr, "bench_pipe: syncscope run %s failed\n", scen);
        free(trace.p);
        return false;
    }
    size_t events = 0;
    bool contiguous = seq_contiguous(&trace, &events);
    Row rows[3] = {{.name = "runtime (syncscope run | reader)"},
                   {.name = "raw writer, 64 KiB writes"},
                   {.name = "raw writer, one write per line"}};
    size_t want_lines = lines;
    bool lossless = contiguous && lines == events + 1;
    for (int rep = 0; rep < reps; rep++)
        for (int m = 0; m < 3; m++) {
            size_t l = 0, b = 0;
            double ms = one_run(m, scen, &trace, NULL, &l, &b);
            if (ms < 0 || l != want_lines || b != trace.len) lossless = false;
            if (ms >= 0 && rows[m].n < 16) rows[m].ms[rows[m].n++] = ms;
            rows[m].lines = l;
            rows[m].bytes = b;
        }
    printf("\n%s: %zu lines, %.1f MB, %.1f bytes a line; median of %d runs\n", title, want_lines,
           (double)trace.len / 1e6, (double)trace.len / (double)(want_lines ? want_lines : 1), reps);
    printf("  %-34s %10s %14s %10s %12s\n", "writer", "ms", "lines/s", "MB/s", "time/runtime");
    double rt = median(&rows[0]);
    for (int m = 0; m < 3; m++) {
        double ms = median(&rows[m]);
        double lps = ms > 0 ? (double)want_lines / (ms / 1e3) : 0;
        printf("  %-34s %10.1f %14.0f %10.1f %11.2fx\n", rows[m].name, ms, lps,
               ms > 0 ? (double)trace.len / 1e3 / ms : 0, rt > 0 ? ms / rt : 0);
    }
    double b = median(&rows[1]), l = median(&rows[2]);
    printf("  runtime rate = %.0f %% of raw batched, %.0f %% of raw per-line; lines at the reader: "
           "%s (seq 0..%zu %s)\n",
           rt > 0 ? 100.0 * b / rt : 0, rt > 0 ? 100.0 * l / rt : 0,
           lossless ? "all, every run" : "LOST OR CHANGED", events ? events - 1 : 0,
           contiguous ? "contiguous" : "NOT contiguous");
    free(trace.p);
    return lossless;
}

int main(int argc, char **argv)
{
    long long events = 2000000;
    int reps = 3;
    bool tiny = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--tiny") == 0) tiny = true;
        else if (strcmp(argv[i], "--events") == 0 && i + 1 < argc) events = atoll(argv[++i]);
        else if (strcmp(argv[i], "--reps") == 0 && i + 1 < argc) reps = atoi(argv[++i]);
        else { fprintf(stderr, "usage: bench_pipe [--tiny] [--events N] [--reps R]\n"); return 2; }
    }
    if (tiny) { events = 5000; reps = 1; }
    if (reps < 1) reps = 1;
    if (reps > 16) reps = 16;
    if (events < 100) events = 100;
    char dir[512];
    if (!bench_tmpdir(dir, sizeof dir)) { fprintf(stderr, "bench_pipe: no temp folder\n"); return 1; }
    char single[600], crowd[600];
    snprintf(single, sizeof single, "%s/single.json", dir);
    snprintf(crowd, sizeof crowd, "%s/crowd.json", dir);
    /* one add = one line; the 200 actors make ~14 lines per actor and round
     * at ~5 us a line (hand-offs): a quarter of the lines keeps it short */
    int rounds = (int)(events / 4 / (200 * 14));
    if (rounds < 1) rounds = 1;
    bool ok = write_single(single, events) && bench_write_scenario(crowd, 10, 20, rounds, 4);
    if (!ok) { fprintf(stderr, "bench_pipe: cannot write the scenarios\n"); bench_rmtree(dir); return 1; }
    printf("bench_pipe: the runtime's trace through a pipe vs a raw writer of the same bytes\n");
    ok = bench_scenario("one actor, `add` repeated (emitter-bound, no hand-offs)", single, reps);
    ok = bench_scenario("200 actors, 50 resources, 4 CPUs (hand-offs between threads)", crowd, reps) && ok;
    bench_rmtree(dir);
    return ok ? 0 : 1;
}

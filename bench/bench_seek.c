/* bench_seek — opening a 1,000,000-event trace and seeking in it: records
 * a long run of the generated 200-actor scenario, then times the open
 * (read() in pipe-sized chunks + LineBuf + decode + timeline_append, as the
 * window takes a file in) and 100 timeline_seek()s to random points.
 *
 *   bench_seek [--tiny] [--events N] [--seeks K] */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "benchlib.h"

/* A small seeded generator: the same points on every run. */
static uint64_t rng_next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static bool open_trace(const char *path, TraceFeed *f, double *ms)
{
    double t0 = bench_now_ms();
    int fd = open(path, O_RDONLY);
    if (fd < 0) return false;
    char *buf = malloc(65536);
    bool ok = buf != NULL;
    ssize_t n;
    while (ok && (n = read(fd, buf, 65536)) > 0) {
        ok = trace_feed_bytes(f, buf, (size_t)n);
        /* the rest of a longer recording is not part of the figure */
        if (f->tl && f->max_events && timeline_count(f->tl) >= f->max_events) break;
    }
    close(fd);
    free(buf);
    *ms = bench_now_ms() - t0;
    return ok && f->tl;
}

/* Where the open's time goes, measured apart on the text in memory: the
 * line split, the decode, and the decode + timeline_append. */
static void open_parts(const char *text, size_t len, uint64_t lim)
{
    size_t n_lines = 0, *st = bench_line_starts(text, len, &n_lines);
    if (!st || n_lines < 2) { free(st); return; }
    Err e;
    memset(&e, 0, sizeof e);
    double t0 = bench_now_ms();
    LineBuf lb;
    linebuf_init(&lb, TRACE_BIG_LINE_MAX);
    size_t got = 0, l;
    for (size_t a = 0; a < len; a += 65536) {
        if (!linebuf_feed(&lb, text + a, len - a < 65536 ? len - a : 65536, &e)) break;
        while (linebuf_next(&lb, &l)) got++;
    }
    linebuf_free(&lb);
    double t1 = bench_now_ms();
    Scenario *hdr = trace_parse_header(text, st[1] - 1, &e);
    Timeline *tl = hdr ? timeline_new(hdr, &e) : NULL;
    if (!tl) { if (hdr) scenario_free(hdr); free(st); return; }
    Event ev;
    double t2 = bench_now_ms();
    for (size_t i = 1; i < n_lines && i <= lim; i++)
        (void)trace_decode_event(hdr, text + st[i], st[i + 1] - st[i] - 1, &ev, &e);
    double t3 = bench_now_ms();
    for (size_t i = 1; i < n_lines && i <= lim; i++)
        if (!trace_decode_event(hdr, text + st[i], st[i + 1] - st[i] - 1, &ev, &e) ||
            !timeline_append(tl, &ev, &e))
            break;
    double t4 = bench_now_ms();
    printf("  measured apart, from memory: line split %.0f ms (%zu lines), decode %.0f ms,"
           " timeline_append %.0f ms\n", t1 - t0, got, t3 - t2, (t4 - t3) - (t3 - t2));
    timeline_free(tl);
    scenario_free(hdr);
    free(st);
}

int main(int argc, char **argv)
{
    uint64_t want = 1000000;
    int seeks = 100, groups = 10, per = 20;
    bool tiny = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--tiny") == 0) {
            tiny = true;
            want = 5000;
            seeks = 20;
            groups = 2;
            per = 5;
        } else if (strcmp(argv[i], "--events") == 0 && i + 1 < argc) {
            want = strtoull(argv[++i], NULL, 10);
        } else if (strcmp(argv[i], "--seeks") == 0 && i + 1 < argc) {
            seeks = atoi(argv[++i]);
        } else {
            fprintf(stderr, "usage: bench_seek [--tiny] [--events N] [--seeks K]\n");
            return 2;
        }
    }
    if (want < 1 || want > 100000000 || seeks < 1 || seeks > 100000) {
        fprintf(stderr, "usage: bench_seek [--tiny] [--events N] [--seeks K]\n");
        return 2;
    }
    int actors = groups * per;
    /* ~14 events per actor and round; a little extra, the open stops at want */
    int repeat = (int)((double)want * 1.1 / (14.0 * actors)) + 2;
    char dir[512], scen[600], trace[600];
    if (!bench_tmpdir(dir, sizeof dir)) { fprintf(stderr, "bench_seek: no temp folder\n"); return 1; }
    snprintf(scen, sizeof scen, "%s/seek.json", dir);
    snprintf(trace, sizeof trace, "%s/seek.jsonl", dir);
    double g0 = bench_now_ms();
    if (!bench_write_scenario(scen, groups, per, repeat, 4) || !bench_record(scen, trace, NULL)) {
        fprintf(stderr, "bench_seek: cannot record the trace with %s\n", bench_syncscope());
        bench_rmtree(dir);
        return 1;
    }
    double gen = bench_now_ms() - g0;
    struct stat sb;
    double mb = stat(trace, &sb) == 0 ? (double)sb.st_size / 1e6 : 0;

    TraceFeed f;
    trace_feed_init(&f);
    f.max_events = want;
    double open_ms = 0;
    bool ok = open_trace(trace, &f, &open_ms);
    size_t len = 0;
    char *text = ok ? bench_read_file(trace, &len) : NULL;
    bench_rmtree(dir);
    if (!ok) {
        fprintf(stderr, "bench_seek: the trace does not open: %s\n", f.bad_err.msg);
        trace_feed_free(&f);
        return 1;
    }
    uint64_t n = timeline_count(f.tl);
    printf("bench_seek: %d actors, %d resources; recorded %.1f MB in %.1f s%s\n", actors,
           groups * 5, mb, gen / 1000.0, tiny ? " (tiny)" : "");
    printf("open (read + decode + append) of %llu events: %.0f ms (%.2f us/event)\n",
           (unsigned long long)n, open_ms, n ? open_ms * 1000.0 / (double)n : 0);

    double *ms = malloc((size_t)seeks * sizeof *ms);
    if (!ms) { trace_feed_free(&f); free(text); return 1; }
    uint64_t s = 0x9E3779B97F4A7C15ull;
    double mx = 0, sum = 0;
    Err err;
    memset(&err, 0, sizeof err);
    for (int i = 0; i < seeks; i++) {
        uint64_t at = rng_next(&s) % n;
        double t0 = bench_now_ms();
        const Model *m = timeline_seek(f.tl, at, &err);
        ms[i] = bench_now_ms() - t0;
        if (!m) {
            fprintf(stderr, "bench_seek: seek to %llu failed: %s\n", (unsigned long long)at, err.msg);
            free(ms);
            free(text);
            trace_feed_free(&f);
            return 1;
        }
        if (ms[i] > mx) mx = ms[i];
        sum += ms[i];
    }
    double p50 = bench_pct(ms, (size_t)seeks, 50), p99 = bench_pct(ms, (size_t)seeks, 99);
    printf("%d seeks to random points: p50 %.2f ms, p99 %.2f ms, max %.2f ms, mean %.2f ms\n", seeks,
           p50, p99, mx, sum / seeks);
    /* the far end and the start, the two ends of a drag on the timeline */
    double t0 = bench_now_ms();
    bool e1 = timeline_seek(f.tl, n - 1, &err) != NULL;
    double t1 = bench_now_ms();
    bool e2 = timeline_seek(f.tl, 0, &err) != NULL;
    double t2 = bench_now_ms();
    if (e1 && e2) printf("seek to the last event: %.2f ms; back to the first: %.2f ms\n", t1 - t0, t2 - t1);
    free(ms);
    trace_feed_free(&f);
    if (text) open_parts(text, len, n);
    free(text);
    return e1 && e2 ? 0 : 1;
}

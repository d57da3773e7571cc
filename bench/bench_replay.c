/* bench_replay — replay speed against cJSON, and seek latency (issue 5
 * "Benchmarks"). Records a 1,000,000-event run of benchlib's generated
 * 200-actor scenario, then, on the same bytes in memory:
 *   - cJSON per line: cJSON_ParseWithLength + cJSON_Delete of every event
 *     line (the peer: a generic JSON parser building a tree per line);
 *   - decode only (trace_decode_event);
 *   - decode + model_apply (the rules, no timeline);
 *   - replay: read() in 64 KiB chunks + LineBuf + decode + timeline_append,
 *     through TraceFeed as `syncscope replay --expect` and the window do;
 * each as events/s (median of --reps passes), the ratio of replay to cJSON
 * (target >= 4x), then the real `syncscope replay TRACE --expect` as a
 * process, and --seeks timeline_seek()s to seeded random points (target
 * <= 100 ms). Prints figures, judges nothing.
 *
 *   bench_replay [--tiny] [--events N] [--reps R] [--seeks K] */
#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "benchlib.h"
#include "core/model.h"

/* A small seeded generator: the same seek points on every run. */
static uint64_t rng_next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

typedef struct Text {
    const char *p;
    size_t len;
    size_t *st;      /* line starts, n_lines + 1 */
    size_t n_lines;  /* header included */
    size_t n_ev;     /* event lines measured: 1 .. n_ev */
} Text;

static size_t line_len(const Text *t, size_t i)
{
    /* without the '\n' (the last line may lack one) */
    size_t n = t->st[i + 1] - t->st[i];
    return n && t->p[t->st[i] + n - 1] == '\n' ? n - 1 : n;
}

/* One pass of cJSON over the event lines; ms, or -1 when a line fails. */
static double pass_cjson(const Text *t)
{
    double t0 = bench_now_ms();
    for (size_t i = 1; i <= t->n_ev; i++) {
        cJSON *j = cJSON_ParseWithLength(t->p + t->st[i], line_len(t, i));
        if (!j) return -1;
        cJSON_Delete(j);
    }
    return bench_now_ms() - t0;
}

/* One pass of decode (and model_apply when apply); ms, or -1 on a bad line. */
static double pass_decode(const Text *t, const Scenario *hdr, bool apply)
{
    Err e;
    memset(&e, 0, sizeof e);
    Model m;
    if (apply && !model_init(&m, hdr, &e)) return -1;
    Event ev;
    bool ok = true;
    double t0 = bench_now_ms();
    for (size_t i = 1; ok && i <= t->n_ev; i++)
        ok = trace_decode_event(hdr, t->p + t->st[i], line_len(t, i), &ev, &e) &&
             (!apply || model_apply(&m, &ev, &e));
    double ms = bench_now_ms() - t0;
    if (apply) model_free(&m);
    if (!ok) fprintf(stderr, "bench_replay: line %zu: %s\n", t->n_ev + 1, e.msg);
    return ok ? ms : -1;
}

/* The replay path, as the window and `replay` take a file: 64 KiB chunks
 * through TraceFeed (LineBuf + decode + timeline_append). The feed is
 * left to the caller (its timeline is what the seeks use). */
static double pass_feed(const Text *t, TraceFeed *f)
{
    trace_feed_init(f);
    f->max_events = t->n_ev;
    double t0 = bench_now_ms();
    bool ok = true;
    for (size_t a = 0; ok && a < t->len; a += 65536) {
        ok = trace_feed_bytes(f, t->p + a, t->len - a < 65536 ? t->len - a : 65536);
        if (f->tl && timeline_count(f->tl) >= t->n_ev) break;
    }
    double ms = bench_now_ms() - t0;
    if (!ok || !f->tl) {
        fprintf(stderr, "bench_replay: feed stopped at line %ld: %s\n", f->bad_line, f->bad_err.msg);
        return -1;
    }
    return ms;
}

/* `syncscope replay TRACE --expect` as a process: wall ms, exit code in rc. */
static double run_replay(const char *trace, int *rc)
{
    double t0 = bench_now_ms();
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) {
            dup2(null, STDOUT_FILENO);
            dup2(null, STDERR_FILENO);
        }
        const char *bin = bench_syncscope();
        execl(bin, bin, "replay", trace, "--expect", (char *)NULL);
        _exit(127);
    }
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR) return -1;
    *rc = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    return bench_now_ms() - t0;
}

static void usage(void)
{
    fprintf(stderr, "usage: bench_replay [--tiny] [--events N] [--reps R] [--seeks K]\n");
}

static void row(const char *name, double ms, size_t n, double peer_rate)
{
    double rate = ms > 0 ? (double)n / (ms / 1000.0) : 0;
    printf("  %-44s %9.1f ms %8.3f us/line %12.0f lines/s", name, ms, ms * 1000.0 / (double)n, rate);
    if (peer_rate > 0) printf("  %5.2fx cJSON", rate / peer_rate);
    printf("\n");
}

int main(int argc, char **argv)
{
    uint64_t want = 1000000;
    int reps = 3, seeks = 100, groups = 10, per = 20;
    bool tiny = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--tiny") == 0) {
            tiny = true;
            want = 5000;
            reps = 1;
            seeks = 20;
            groups = 2;
            per = 5;
        } else if (strcmp(argv[i], "--events") == 0 && i + 1 < argc) want = strtoull(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--reps") == 0 && i + 1 < argc) reps = atoi(argv[++i]);
        else if (strcmp(argv[i], "--seeks") == 0 && i + 1 < argc) seeks = atoi(argv[++i]);
        else { usage(); return 2; }
    }
    if (want < 1 || want > 100000000 || reps < 1 || reps > 100 || seeks < 1 || seeks > 100000) {
        usage();
        return 2;
    }
    int actors = groups * per;
    /* ~14 events per actor and round (benchlib.h); a little extra */
    int repeat = (int)((double)want * 1.1 / (14.0 * actors)) + 2;
    char dir[512], scen[600], trace[600];
    if (!bench_tmpdir(dir, sizeof dir)) { fprintf(stderr, "bench_replay: no temp folder\n"); return 1; }
    snprintf(scen, sizeof scen, "%s/replay.json", dir);
    snprintf(trace, sizeof trace, "%s/replay.jsonl", dir);
    double g0 = bench_now_ms();
    if (!bench_write_scenario(scen, groups, per, repeat, 4) || !bench_record(scen, trace, NULL)) {
        fprintf(stderr, "bench_replay: cannot record the trace with %s\n", bench_syncscope());
        bench_rmtree(dir);
        return 1;
    }
    double gen = bench_now_ms() - g0;
    Text t;
    memset(&t, 0, sizeof t);
    char *text = bench_read_file(trace, &t.len);
    t.p = text;
    t.st = text ? bench_line_starts(text, t.len, &t.n_lines) : NULL;
    if (!t.st || t.n_lines < 3) {
        fprintf(stderr, "bench_replay: cannot read the trace\n");
        free(text);
        free(t.st);
        bench_rmtree(dir);
        return 1;
    }
    /* the event lines only, the end line included only when all are taken */
    t.n_ev = t.n_lines - 1 < want ? t.n_lines - 1 : (size_t)want;
    Err e;
    memset(&e, 0, sizeof e);
    Scenario *hdr = trace_parse_header(text, line_len(&t, 0), &e);
    if (!hdr) {
        fprintf(stderr, "bench_replay: bad header: %s\n", e.msg);
        free(text);
        free(t.st);
        bench_rmtree(dir);
        return 1;
    }
    size_t ev_bytes = t.st[t.n_ev + 1] - t.st[1];
    printf("bench_replay: %d actors, %d resources; recorded %zu lines (%.1f MB) in %.1f s%s\n", actors,
           groups * 5, t.n_lines, (double)t.len / 1e6, gen / 1000.0, tiny ? " (tiny)" : "");
    printf("%zu event lines (%.1f MB, %.0f bytes a line), median of %d passes, from memory:\n", t.n_ev,
           (double)ev_bytes / 1e6, (double)ev_bytes / (double)t.n_ev, reps);

    double *cj = malloc((size_t)reps * sizeof *cj), *de = malloc((size_t)reps * sizeof *de);
    double *ap = malloc((size_t)reps * sizeof *ap), *fe = malloc((size_t)reps * sizeof *fe);
    TraceFeed f;
    bool have_feed = false, ok = cj && de && ap && fe;
    /* interleaved, so that a busy moment of the machine hits every row */
    for (int r = 0; ok && r < reps; r++) {
        cj[r] = pass_cjson(&t);
        de[r] = pass_decode(&t, hdr, false);
        ap[r] = pass_decode(&t, hdr, true);
        if (have_feed) trace_feed_free(&f);
        fe[r] = pass_feed(&t, &f);
        have_feed = true;
        ok = cj[r] >= 0 && de[r] >= 0 && ap[r] >= 0 && fe[r] >= 0;
    }
    if (!ok) fprintf(stderr, "bench_replay: a pass failed\n");
    int rc = 0;
    double proc_ms = ok ? run_replay(trace, &rc) : -1;
    bench_rmtree(dir);
    if (ok) {
        double mcj = bench_pct(cj, (size_t)reps, 50), mfe = bench_pct(fe, (size_t)reps, 50);
        double peer = (double)t.n_ev / (mcj / 1000.0);
        row("cJSON_ParseWithLength + cJSON_Delete", mcj, t.n_ev, 0);
        row("decode (trace_decode_event)", bench_pct(de, (size_t)reps, 50), t.n_ev, peer);
        row("decode + model_apply", bench_pct(ap, (size_t)reps, 50), t.n_ev, peer);
        row("replay: LineBuf + decode + timeline_append", mfe, t.n_ev, peer);
        printf("replay / cJSON-per-line: %.2fx (target >= 4x)\n", mcj / mfe);
        if (proc_ms >= 0)
            printf("`syncscope replay TRACE --expect` (%zu events, file read, exit %d): %.0f ms"
                   " (%.0f events/s)\n", t.n_lines - 1, rc, proc_ms,
                   (double)(t.n_lines - 1) / (proc_ms / 1000.0));
    }

    double *ms = ok ? malloc((size_t)seeks * sizeof *ms) : NULL;
    if (ms && have_feed) {
        uint64_t n = timeline_count(f.tl), s = 0x2545F4914F6CDD1Dull;
        double mx = 0;
        for (int i = 0; ok && i < seeks; i++) {
            uint64_t at = rng_next(&s) % n;
            double t0 = bench_now_ms();
            ok = timeline_seek(f.tl, at, &e) != NULL;
            ms[i] = bench_now_ms() - t0;
            if (ms[i] > mx) mx = ms[i];
        }
        if (ok)
            printf("%d seeks to random points of %llu events: p50 %.2f ms, p99 %.2f ms, max %.2f ms"
                   " (target <= 100 ms)\n", seeks, (unsigned long long)n, bench_pct(ms, (size_t)seeks, 50),
                   bench_pct(ms, (size_t)seeks, 99), mx);
        else fprintf(stderr, "bench_replay: a seek failed: %s\n", e.msg);
    }
    free(ms);
    if (have_feed) trace_feed_free(&f);
    free(cj);
    free(de);
    free(ap);
    free(fe);
    scenario_free(hdr);
    free(text);
    free(t.st);
    /* a replay that does not exit 0 (expect met) is a broken trace */
    return ok && rc == 0 ? 0 : 1;
}

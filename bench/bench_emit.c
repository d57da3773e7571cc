/* bench_emit — the cost of emitting one event (src/runtime/emit.c: number,
 * encode to a JSON line, batch, write) against an LTTng-UST tracepoint in
 * an active session (issue 5 "Benchmarks": target <= 2x LTTng).
 *
 * The parent sets LTTng up when it can: `lttng-sessiond` (started as a
 * child of ours when none answers, stopped at the end), a session writing
 * to a temp folder, a channel with big sub-buffers, the event
 * `bench_emit:event` enabled, tracing started. Then it runs itself again
 * (`--child`): a new process registers with the session daemon when it
 * starts, so the tracepoint is live from the first call. The child
 * measures, interleaved and REPS times each (median printed):
 *   emit() to a pipe         the runtime's emit on a World of a small
 *                            scenario, the pipe drained by a reader thread;
 *   emit() to /dev/null      the same without the pipe's cost;
 *   trace_encode_event       the JSON line alone (format);
 *   snprintf of a line       a stand-in: the same kind of line by printf;
 *   write(2) per event       a stand-in: one syscall per line, /dev/null;
 *   LTTng tracepoint         the same fields, binary, into the ring buffer.
 * The parent then stops the session, prints what LTTng says it discarded
 * (a full ring buffer drops events, which would flatter LTTng), destroys
 * it and ends the daemon it started. Without LTTng (not built with
 * liblttng-ust, no lttng-sessiond, or it cannot run here) it says why and
 * prints the stand-ins. --tiny: small counts and no session (the
 * tracepoint then costs only its disabled check).
 *
 *   bench_emit [--tiny] [--events N] [--reps R] [--no-lttng] */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "benchlib.h"
#include "runtime/world.h"

#ifdef BENCH_HAVE_LTTNG
#define LTTNG_UST_TRACEPOINT_DEFINE
#define LTTNG_UST_TRACEPOINT_CREATE_PROBES
#include "bench_emit_tp.h"
#endif

static const char SCEN[] =
    "{\"syncscope\":1,\"title\":\"Benchmark: emit\",\"cpus\":1,\"seed\":1,"
    "\"resources\":[{\"id\":\"lock\",\"type\":\"lock\",\"label\":\"Counter lock\"}],"
    "\"actors\":[{\"id\":\"t\",\"count\":2,\"label\":\"Thread {i}\",\"script\":["
    "{\"do\":\"acquire\",\"on\":\"lock\"},{\"do\":\"release\",\"on\":\"lock\"}]}]}";

/* ---- the child: measurements ---- */

static void *drain(void *p)
{
    int fd = *(int *)p;
    static char buf[65536];
    while (read(fd, buf, sizeof buf) > 0) {}
    return NULL;
}

enum { M_EMIT_PIPE, M_EMIT_NULL, M_ENCODE, M_SNPRINTF, M_WRITE, M_LTTNG, M_N };
static const char *const M_NAME[M_N] = {
    "emit() to a pipe (drained)", "emit() to /dev/null", "trace_encode_event (format only)",
    "snprintf of a line (stand-in)", "write(2) per event, /dev/null", "LTTng tracepoint"};

static volatile size_t g_sink; /* keeps the formatting loops from being optimised away */

static double measure(int m, World *w, int pipe_w, int null_fd, long long n)
{
    Event ev;
    event_init(&ev, EV_ACQUIRED);
    ev.actor = 0;
    ev.res = 0;
    char line[TRACE_EVENT_LINE_MAX];
    size_t sink = 0;
    double t0 = bench_now_ms();
    switch (m) {
    case M_EMIT_PIPE:
    case M_EMIT_NULL:
        /* the RtOptions is ours: point the World at the target for this row */
        ((RtOptions *)w->opt)->out_fd = m == M_EMIT_PIPE ? pipe_w : null_fd;
        for (long long i = 0; i < n; i++) {
            ev.kind = (i & 1) ? EV_RELEASED : EV_ACQUIRED;
            ev.actor = (int)(i & 1);
            w->now = i;
            emit(w, &ev);
        }
        emit_flush(w);
        break;
    case M_ENCODE:
        for (long long i = 0; i < n; i++) {
            ev.kind = (i & 1) ? EV_RELEASED : EV_ACQUIRED;
            ev.seq = (uint64_t)i;
            ev.t = i;
            sink += trace_encode_event(&w->hdr, &ev, line, sizeof line);
        }
        break;
    case M_SNPRINTF:
        for (long long i = 0; i < n; i++) {
            int k = snprintf(line, sizeof line, "{\"seq\":%lld,\"t\":%lld,\"ev\":\"%s\",\"actor\":\"%s\",\"res\":\"%s\"}\n",
                             i, i, (i & 1) ? "released" : "acquired", "t1", "lock");
            sink += (size_t)k;
        }
        break;
    case M_WRITE: {
        int k = snprintf(line, sizeof line, "{\"seq\":1,\"t\":1,\"ev\":\"acquired\",\"actor\":\"t1\",\"res\":\"lock\"}\n");
        for (long long i = 0; i < n; i++)
            if (write(null_fd, line, (size_t)k) > 0) sink++;
        break;
    }
    case M_LTTNG:
#ifdef BENCH_HAVE_LTTNG
        for (long long i = 0; i < n; i++)
            lttng_ust_tracepoint(bench_emit, event, (uint64_t)i, (int64_t)i, (i & 1) ? EV_RELEASED : EV_ACQUIRED,
                                 (int)(i & 1), 0, (i & 1) ? "released" : "acquired");
#endif
        break;
    default: break;
    }
    g_sink += sink;
    return (bench_now_ms() - t0) * 1e6 / (double)n;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int child_main(long long n, int reps, const char *lttng_state)
{
    ErrList errs;
    errlist_init(&errs);
    Scenario *sc = scenario_load_text("bench_emit.json", SCEN, sizeof SCEN - 1, &errs);
    errlist_free(&errs);
    if (!sc) { fprintf(stderr, "bench_emit: the built-in scenario does not load\n"); return 1; }
    int null_fd = open("/dev/null", O_WRONLY);
    int fds[2];
    if (null_fd < 0 || pipe(fds) != 0) { fprintf(stderr, "bench_emit: no pipe\n"); return 1; }
    static RtOptions opt;
    opt.out_fd = null_fd;
    opt.ctl_fd = -1;
    opt.instant = true;
    Err err = {0};
    World *w = world_new(sc, &opt, &err);
    if (!w) { fprintf(stderr, "bench_emit: world_new failed\n"); return 1; }
    pthread_t th;
    if (pthread_create(&th, NULL, drain, &fds[0]) != 0) return 1;
    bool have_lttng = false;
#ifdef BENCH_HAVE_LTTNG
    have_lttng = true;
#endif
    double v[M_N][16];
    if (reps > 16) reps = 16;
    for (int r = 0; r < reps; r++)
        for (int m = 0; m < M_N; m++)
            v[m][r] = (m == M_LTTNG && !have_lttng) ? 0 : measure(m, w, fds[1], null_fd, n);
    double med[M_N];
    for (int m = 0; m < M_N; m++) {
        qsort(v[m], (size_t)reps, sizeof v[m][0], cmp_d);
        med[m] = v[m][reps / 2];
    }
    bool enabled = false;
#ifdef BENCH_HAVE_LTTNG
    enabled = lttng_ust_tracepoint_enabled(bench_emit, event);
#endif
    printf("  %lld events a row, median of %d interleaved runs; LTTng: %s%s\n", n, reps, lttng_state,
           have_lttng ? (enabled ? " (tracepoint enabled in this process)" : " (tracepoint NOT enabled)") : "");
    printf("  %-36s %10s %12s\n", "what", "ns/event", enabled ? "vs LTTng" : "");
    for (int m = 0; m < M_N; m++) {
        if (m == M_LTTNG && !have_lttng) { printf("  %-36s %10s\n", M_NAME[m], "n/a"); continue; }
        if (m == M_LTTNG && !enabled) { /* no session: only the disabled check, no peer */
            printf("  %-36s %10.1f   (disabled: no session, not a peer)\n", M_NAME[m], med[m]);
            continue;
        }
        if (enabled && med[M_LTTNG] > 0)
            printf("  %-36s %10.1f %11.2fx\n", M_NAME[m], med[m], med[m] / med[M_LTTNG]);
        else
            printf("  %-36s %10.1f %12s\n", M_NAME[m], med[m], "");
    }
    printf("  a trace line is ~%.0f bytes (the last emitted: seq %llu)\n",
           (double)trace_encode_event(&w->hdr, &(Event){.kind = EV_ACQUIRED}, (char[TRACE_EVENT_LINE_MAX]){0},
                                      TRACE_EVENT_LINE_MAX),
           (unsigned long long)(w->seq ? w->seq - 1 : 0));
    close(fds[1]);
    pthread_join(th, NULL);
    close(fds[0]);
    close(null_fd);
    world_delete(w);
    scenario_free(sc);
    return 0;
}

/* ---- the parent: LTTng's session around the child ---- */

static char g_log[700];

/* Runs argv with its output appended to g_log; its exit status or -1. */
static int run_cmd(char *const argv[])
{
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        int fd = open(g_log, O_WRONLY | O_CREAT | O_APPEND, 0600);
        if (fd >= 0) { dup2(fd, STDOUT_FILENO); dup2(fd, STDERR_FILENO); }
        execvp(argv[0], argv);
        _exit(127);
    }
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR) return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

#ifdef BENCH_HAVE_LTTNG
static bool sessiond_answers(void)
{
    char *list[] = {"lttng", "list", NULL};
    return run_cmd(list) == 0;
}
#endif

static void print_log_tail(const char *grep_for)
{
    FILE *f = fopen(g_log, "r");
    if (!f) return;
    char line[1024];
    while (fgets(line, sizeof line, f))
        if (!grep_for || strstr(line, grep_for)) printf("    | %s", line);
    fclose(f);
}

int main(int argc, char **argv)
{
    long long n = 1000000;
    int reps = 5;
    bool tiny = false, no_lttng = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--child") == 0 && i + 3 < argc)
            return child_main(atoll(argv[i + 1]), atoi(argv[i + 2]), argv[i + 3]);
        if (strcmp(argv[i], "--tiny") == 0) tiny = true;
        else if (strcmp(argv[i], "--no-lttng") == 0) no_lttng = true;
        else if (strcmp(argv[i], "--events") == 0 && i + 1 < argc) n = atoll(argv[++i]);
        else if (strcmp(argv[i], "--reps") == 0 && i + 1 < argc) reps = atoi(argv[++i]);
        else { fprintf(stderr, "usage: bench_emit [--tiny] [--events N] [--reps R] [--no-lttng]\n"); return 2; }
    }
    if (tiny) { n = 20000; reps = 1; no_lttng = true; }
    if (n < 1000) n = 1000;
    if (reps < 1) reps = 1;
    char dir[512];
    if (!bench_tmpdir(dir, sizeof dir)) { fprintf(stderr, "bench_emit: no temp folder\n"); return 1; }
    snprintf(g_log, sizeof g_log, "%s/lttng.log", dir);
    printf("bench_emit: one emitted trace event vs an LTTng-UST tracepoint\n");

    const char *state = "not built in (liblttng-ust-dev was missing at configure time)";
    pid_t sessiond = -1;
    bool session = false;
    char name[64], out[700];
    snprintf(name, sizeof name, "syncscope-bench-%d", (int)getpid());
    snprintf(out, sizeof out, "--output=%s/trace", dir);
#ifdef BENCH_HAVE_LTTNG
    state = tiny ? "--tiny: no session (the tracepoint is disabled)" : "--no-lttng: no session";
    if (!no_lttng) {
        state = "no session";
        if (!sessiond_answers()) {
            sessiond = fork();
            if (sessiond == 0) {
                int fd = open(g_log, O_WRONLY | O_CREAT | O_APPEND, 0600);
                if (fd >= 0) { dup2(fd, STDOUT_FILENO); dup2(fd, STDERR_FILENO); }
                execlp("lttng-sessiond", "lttng-sessiond", (char *)NULL);
                _exit(127);
            }
            for (int i = 0; i < 50 && sessiond > 0 && !sessiond_answers(); i++) usleep(100 * 1000);
        }
        char *create[] = {"lttng", "create", name, out, NULL};
        char *chan[] = {"lttng", "enable-channel", "-u", "-s", name, "--subbuf-size=4M", "--num-subbuf=8", "bench", NULL};
        char *enable[] = {"lttng", "enable-event", "-u", "-s", name, "-c", "bench", "bench_emit:event", NULL};
        char *start[] = {"lttng", "start", name, NULL};
        if (!sessiond_answers())
            state = "unavailable: lttng-sessiond does not answer (see its output below)";
        else if (run_cmd(create) != 0 || run_cmd(chan) != 0 || run_cmd(enable) != 0 || run_cmd(start) != 0)
            state = "unavailable: the session could not be set up (see below)";
        else {
            session = true;
            state = sessiond > 0 ? "active session (lttng-sessiond started by this benchmark)"
                                 : "active session (the running lttng-sessiond)";
        }
    }
#endif
    (void)no_lttng;
    fflush(stdout);
    char nbuf[32], rbuf[32];
    snprintf(nbuf, sizeof nbuf, "%lld", n);
    snprintf(rbuf, sizeof rbuf, "%d", reps);
    pid_t kid = fork();
    if (kid == 0) {
        execl("/proc/self/exe", argv[0], "--child", nbuf, rbuf, state, (char *)NULL);
        _exit(127);
    }
    int st = 0;
    while (kid > 0 && waitpid(kid, &st, 0) < 0 && errno == EINTR) {}
    bool ok = kid > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0;
    if (session) {
        char *stop[] = {"lttng", "stop", name, NULL};
        char *list[] = {"lttng", "list", name, NULL};
        char *destroy[] = {"lttng", "destroy", name, NULL};
        run_cmd(stop);
        printf("  LTTng's own account after stop (from `lttng stop` / `lttng list`):\n");
        run_cmd(list);
        print_log_tail("iscarded");
        run_cmd(destroy);
    } else if (strncmp(state, "unavailable", 11) == 0) {
        printf("  LTTng output:\n");
        print_log_tail(NULL);
    }
    if (sessiond > 0) { /* ours: end it (and with it its consumer daemons) */
        kill(sessiond, SIGTERM);
        while (waitpid(sessiond, &st, 0) < 0 && errno == EINTR) {}
    }
    bench_rmtree(dir);
    return ok ? 0 : 1;
}

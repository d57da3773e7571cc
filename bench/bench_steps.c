/* bench_steps — a controlled (`cpus: 1`) run's steps/s against the raw
 * hand-off of a semaphore ping-pong between two threads under the same CPU
 * pinning (issue 5 "Benchmarks": target >= 50 % of the raw hand-off rate).
 *
 * The run: two actors alternating on two semaphores (a: release s2,
 * acquire s1; b: acquire s2, release s1), N rounds, `syncscope run
 * --instant -o /dev/null`, timed from fork to exit; a run of 1 round is
 * subtracted (process start, scenario load, thread start). Each round is
 * 4 steps, 10 events and, in the runtime, 4 thread switches (actor ->
 * scheduler -> other actor -> scheduler -> back; sched.c's keep_going
 * already saves the switches where nothing else could happen).
 * The peer: two threads, sem_post/sem_wait ping-pong; one hand-off = one
 * post that wakes the other thread, two per round.
 * Pinning: the raw pair unpinned and both pinned to one core; the runner
 * as started (rt_run pins itself and its actors to the core it starts on,
 * src/runtime/sched.c pin_begin) and under `taskset -c 0`.
 *
 *   bench_steps [--tiny] [--rounds N] [--seconds S] */
#define _GNU_SOURCE /* CPU affinity */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "benchlib.h"

/* ---- raw ping-pong ---- */

typedef struct Pong {
    sem_t to_b, to_a;
    atomic_bool stop;
    int cpu;                 /* pin both threads to this CPU, or -1 */
    long long rounds;
} Pong;

static void pin_to(int cpu)
{
    if (cpu < 0) return;
    cpu_set_t s;
    CPU_ZERO(&s);
    CPU_SET(cpu, &s);
    pthread_setaffinity_np(pthread_self(), sizeof s, &s);
}

static void *pong_b(void *p)
{
    Pong *g = p;
    pin_to(g->cpu);
    for (;;) {
        while (sem_wait(&g->to_b) != 0) {}
        if (atomic_load(&g->stop)) return NULL;
        sem_post(&g->to_a);
    }
}

/* ns per hand-off over about `seconds` (checked every 256 rounds). */
static double raw_pingpong(int cpu, double seconds, long long *rounds_out)
{
    Pong g;
    sem_init(&g.to_b, 0, 0);
    sem_init(&g.to_a, 0, 0);
    atomic_init(&g.stop, false);
    g.cpu = cpu;
    cpu_set_t saved;
    pthread_getaffinity_np(pthread_self(), sizeof saved, &saved);
    pin_to(cpu);
    pthread_t tb;
    if (pthread_create(&tb, NULL, pong_b, &g) != 0) return -1;
    /* a short warm-up, so that both threads are up and where they will stay */
    for (int i = 0; i < 100; i++) { sem_post(&g.to_b); while (sem_wait(&g.to_a) != 0) {} }
    long long n = 0;
    double t0 = bench_now_ms(), t = t0;
    while (t - t0 < seconds * 1e3) {
        for (int i = 0; i < 256; i++) { sem_post(&g.to_b); while (sem_wait(&g.to_a) != 0) {} }
        n += 256;
        t = bench_now_ms();
    }
    atomic_store(&g.stop, true);
    sem_post(&g.to_b);
    pthread_join(tb, NULL);
    pthread_setaffinity_np(pthread_self(), sizeof saved, &saved);
    sem_destroy(&g.to_b);
    sem_destroy(&g.to_a);
    *rounds_out = n;
    return (t - t0) * 1e6 / (double)(2 * n);
}

/* ---- the runtime ---- */

static bool write_pingpong(const char *path, long long rounds)
{
    FILE *f = fopen(path, "w");
    if (!f) return false;
    fprintf(f, "{\"syncscope\":1,\"title\":\"Benchmark: semaphore ping-pong\",\"cpus\":1,\"seed\":1,"
               "\"resources\":[{\"id\":\"s1\",\"type\":\"semaphore\",\"value\":0},"
               "{\"id\":\"s2\",\"type\":\"semaphore\",\"value\":0}],\"actors\":["
               "{\"id\":\"a\",\"script\":[{\"repeat\":%lld,\"steps\":[{\"do\":\"release\",\"on\":\"s2\"},"
               "{\"do\":\"acquire\",\"on\":\"s1\"}]}]},"
               "{\"id\":\"b\",\"script\":[{\"repeat\":%lld,\"steps\":[{\"do\":\"acquire\",\"on\":\"s2\"},"
               "{\"do\":\"release\",\"on\":\"s1\"}]}]}]}\n", rounds, rounds);
    return fclose(f) == 0;
}

/* Runs the scenario (under taskset -c 0 when pinned); wall and CPU ms. */
static bool run_once(const char *scen, bool taskset, double *wall_ms, double *cpu_ms)
{
    double t0 = bench_now_ms();
    pid_t pid = fork();
    if (pid < 0) return false;
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) { dup2(null, STDOUT_FILENO); dup2(null, STDERR_FILENO); }
        const char *bin = bench_syncscope();
        if (taskset)
            execlp("taskset", "taskset", "-c", "0", bin, "run", scen, "--instant", "-o", "/dev/null",
                   (char *)NULL);
        else
            execl(bin, bin, "run", scen, "--instant", "-o", "/dev/null", (char *)NULL);
        _exit(127);
    }
    int st;
    struct rusage ru;
    while (wait4(pid, &st, 0, &ru) < 0)
        if (errno != EINTR) return false;
    *wall_ms = bench_now_ms() - t0;
    *cpu_ms = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
              (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
    return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The median of reps runs of the big scenario minus that of the 1-round one. */
static bool runtime_row(const char *big, const char *small, bool taskset, int reps, double *net_ms,
                        double *cpu_net_ms)
{
    double w[8], c[8], w0[8], c0[8];
    for (int r = 0; r < reps; r++)
        if (!run_once(small, taskset, &w0[r], &c0[r]) || !run_once(big, taskset, &w[r], &c[r]))
            return false;
    qsort(w, (size_t)reps, sizeof w[0], cmp_d);
    qsort(c, (size_t)reps, sizeof c[0], cmp_d);
    qsort(w0, (size_t)reps, sizeof w0[0], cmp_d);
    qsort(c0, (size_t)reps, sizeof c0[0], cmp_d);
    *net_ms = w[reps / 2] - w0[reps / 2];
    *cpu_net_ms = c[reps / 2] - c0[reps / 2];
    if (*net_ms <= 0) *net_ms = w[reps / 2];
    return true;
}

int main(int argc, char **argv)
{
    long long rounds = 100000;
    double seconds = 1.0;
    int reps = 3;
    bool tiny = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--tiny") == 0) tiny = true;
        else if (strcmp(argv[i], "--rounds") == 0 && i + 1 < argc) rounds = atoll(argv[++i]);
        else if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) seconds = atof(argv[++i]);
        else { fprintf(stderr, "usage: bench_steps [--tiny] [--rounds N] [--seconds S]\n"); return 2; }
    }
    if (tiny) { rounds = 2000; seconds = 0.05; reps = 1; }
    if (rounds < 10) rounds = 10;
    char dir[512];
    if (!bench_tmpdir(dir, sizeof dir)) { fprintf(stderr, "bench_steps: no temp folder\n"); return 1; }
    char big[600], small[600];
    snprintf(big, sizeof big, "%s/pingpong.json", dir);
    snprintf(small, sizeof small, "%s/pingpong1.json", dir);
    if (!write_pingpong(big, rounds) || !write_pingpong(small, 1)) {
        fprintf(stderr, "bench_steps: cannot write the scenarios\n");
        bench_rmtree(dir);
        return 1;
    }
    int cpu = sched_getcpu();
    if (cpu < 0) cpu = 0;
    printf("bench_steps: a cpus:1 run's steps vs a raw semaphore ping-pong (2 threads)\n\n");
    long long n_un = 0, n_pin = 0;
    double un = raw_pingpong(-1, seconds, &n_un);
    double pin = raw_pingpong(cpu, seconds, &n_pin);
    printf("  %-44s %12s %14s\n", "raw ping-pong", "ns/hand-off", "hand-offs/s");
    printf("  %-44s %12.0f %14.0f   (%lld rounds)\n", "unpinned", un, un > 0 ? 1e9 / un : 0, n_un);
    printf("  %-44s %12.0f %14.0f   (%lld rounds, CPU %d)\n", "both threads pinned to one core", pin,
           pin > 0 ? 1e9 / pin : 0, n_pin, cpu);
    double steps = 4.0 * (double)rounds, events = 10.0 * (double)rounds;
    printf("\n  syncscope run --instant, %lld rounds = %.0f steps, %.0f events (%d run(s), median, "
           "minus a 1-round run)\n", rounds, steps, events, reps);
    printf("  %-44s %10s %12s %12s %10s %10s %10s\n", "runner", "ms", "ns/step", "steps/s", "events/s",
           "CPU ms", "vs pinned");
    bool ok = true;
    for (int t = 0; t < 2; t++) {
        double ms = 0, cpu_ms = 0;
        if (!runtime_row(big, small, t == 1, reps, &ms, &cpu_ms)) {
            printf("  %-44s failed\n", t ? "taskset -c 0" : "as started (rt_run pins itself)");
            ok = false;
            continue;
        }
        double ns = ms * 1e6 / steps;
        printf("  %-44s %10.1f %12.0f %12.0f %10.0f %10.1f %9.0f %%\n",
               t ? "taskset -c 0 (the whole runner on core 0)" : "as started (rt_run pins itself)", ms, ns,
               1e9 / ns, events / (ms / 1e3), cpu_ms, pin > 0 ? 100.0 * pin / ns : 0);
        if (t == 0)
            printf("  %-44s %10s %12s %12s %10s %10s %9.0f %%\n", "  (same, against the unpinned raw rate)", "",
                   "", "", "", "", un > 0 ? 100.0 * un / ns : 0);
    }
    printf("\n  per round: raw 2 hand-offs (2 thread switches); the runtime 4 steps over at least 4\n"
           "  switches (actor -> scheduler -> other actor -> scheduler), so steps/s vs hand-offs/s\n"
           "  compares one thread switch with one. `CPU ms` is the runner's own (wall on a busy machine\n"
           "  includes waiting for a core).\n");
    bench_rmtree(dir);
    return ok ? 0 : 1;
}

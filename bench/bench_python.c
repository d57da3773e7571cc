/* bench_python — `syncscope run LESSON --instant -o /dev/null` against a
 * Python script doing the same work with threading / multiprocessing and no
 * sleeps (bench/python/LESSON.py), for every bundled lesson in scenarios/,
 * plus the two counters: 100 threads decrementing a counter under a
 * Lock (lock_counter) and 100 multiprocessing processes doing it with a
 * multiprocessing Lock and Value (lock_counter --mode processes against
 * bench/python/mp_counter_lock.py). Each side runs --reps times, the two
 * interleaved; the table gives the median wall time and the median CPU
 * (user + sys of the process and every child it reaped, from wait4).
 *
 * Both sides must exit 0: syncscope when the lesson's expect is met, the
 * script when its own checks pass (each asserts the lesson's expect), so a
 * side that did not do the work is an error, not a fast row.
 *
 *   bench_python [--tiny] [--reps R] [--only LESSON]
 * $PYTHON names the interpreter (python3 by default). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "benchlib.h"

#define MAX_LESSONS 256
#define RUN_TIMEOUT_S 60 /* a script that hangs (a deadlock gone wrong) is killed */
#define PATH_CAP 1024

typedef struct Timed {
    double wall_ms, cpu_ms;
    int rc; /* exit code, or 128 + signal */
} Timed;

static volatile sig_atomic_t g_child;

static void on_alarm(int sig)
{
    (void)sig;
    /* the whole group: multiprocessing's or the runner's children too */
    if (g_child > 0) kill(-(pid_t)g_child, SIGKILL);
}

/* Runs argv with stdout/stderr to /dev/null, in its own process group;
 * wall time and the CPU of it and its reaped children. */
static bool timed_run(char *const argv[], Timed *out)
{
    double t0 = bench_now_ms();
    pid_t pid = fork();
    if (pid < 0) return false;
    if (pid == 0) {
        setpgid(0, 0);
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) {
            dup2(null, STDOUT_FILENO);
            dup2(null, STDERR_FILENO);
        }
        execvp(argv[0], argv);
        _exit(127);
    }
    setpgid(pid, pid); /* also here: no race with the alarm */
    g_child = pid;
    alarm(RUN_TIMEOUT_S);
    int st;
    struct rusage ru;
    pid_t w;
    while ((w = wait4(pid, &st, 0, &ru)) < 0 && errno == EINTR) {}
    alarm(0);
    g_child = 0;
    /* anything the child left in its group (an orphaned worker) goes too */
    kill(-pid, SIGKILL);
    if (w != pid) return false;
    out->wall_ms = bench_now_ms() - t0;
    /* Linux's wait4 counts the child's reaped descendants as well */
    out->cpu_ms = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
                  (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
    out->rc = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    return true;
}

typedef struct Row {
    char name[128];       /* shown */
    char scen[PATH_CAP];  /* scenarios/X.json */
    char py[PATH_CAP];    /* bench/python/X.py */
    const char *mode;     /* --mode override, or NULL */
} Row;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The lessons: every .json of scenarios/, sorted; names malloc'ed. */
static int list_lessons(const char *src, char **names, int cap)
{
    char dir[PATH_CAP];
    snprintf(dir, sizeof dir, "%s/scenarios", src);
    DIR *d = opendir(dir);
    if (!d) return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < cap) {
        size_t len = strlen(e->d_name);
        if (len > 5 && len < 100 && strcmp(e->d_name + len - 5, ".json") == 0) {
            names[n] = strndup(e->d_name, len - 5);
            if (names[n]) n++;
        }
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof *names, cmp_str);
    return n;
}

static bool file_exists(const char *p)
{
    struct stat sb;
    return stat(p, &sb) == 0 && S_ISREG(sb.st_mode);
}

static void row_init(Row *r, const char *src, const char *name, const char *lesson, const char *script,
                     const char *mode)
{
    snprintf(r->name, sizeof r->name, "%s", name);
    snprintf(r->scen, sizeof r->scen, "%s/scenarios/%s.json", src, lesson);
    snprintf(r->py, sizeof r->py, "%s/bench/python/%s.py", src, script);
    r->mode = mode;
}

/* Runs one row reps times, the sides interleaved; prints its line. False
 * when a side failed (its exit code is shown). */
static bool bench_row(const Row *r, int reps, const char *python, int *slower)
{
    const char *bin = bench_syncscope();
    char *ss[] = {(char *)bin, "run", (char *)r->scen, "--instant", "-o", "/dev/null", NULL, NULL, NULL};
    if (r->mode) {
        ss[6] = "--mode";
        ss[7] = (char *)r->mode;
    }
    char *py[] = {(char *)python, (char *)r->py, NULL};
    double sw[64], sc[64], pw[64], pc[64];
    int ss_rc = 0, py_rc = 0;
    for (int i = 0; i < reps; i++) {
        Timed a, b;
        if (!timed_run(ss, &a) || !timed_run(py, &b)) {
            fprintf(stderr, "bench_python: cannot run %s\n", r->name);
            return false;
        }
        sw[i] = a.wall_ms;
        sc[i] = a.cpu_ms;
        pw[i] = b.wall_ms;
        pc[i] = b.cpu_ms;
        if (a.rc) ss_rc = a.rc;
        if (b.rc) py_rc = b.rc;
    }
    double msw = bench_pct(sw, (size_t)reps, 50), msc = bench_pct(sc, (size_t)reps, 50);
    double mpw = bench_pct(pw, (size_t)reps, 50), mpc = bench_pct(pc, (size_t)reps, 50);
    bool slow = msw > mpw || msc > mpc;
    if (slow) (*slower)++;
    printf("%-34s %8.1f %8.1f | %8.1f %8.1f | %6.2fx %6.2fx  %s\n", r->name, msw, msc, mpw, mpc,
           msw > 0 ? mpw / msw : 0, msc > 0 ? mpc / msc : 0,
           ss_rc || py_rc ? "FAILED" : slow ? "syncscope SLOWER" : "");
    if (ss_rc) fprintf(stderr, "bench_python: %s: syncscope exited %d\n", r->name, ss_rc);
    if (py_rc) fprintf(stderr, "bench_python: %s: %s exited %d\n", r->name, r->py, py_rc);
    return !ss_rc && !py_rc;
}

/* The interpreter itself (sys.executable): `python3` may be a launcher
 * (a pyenv shim is a shell script costing ~100 ms a start) that must not be
 * counted against Python. out keeps python when that fails. */
static void resolve_python(const char *python, char *out, size_t cap)
{
    snprintf(out, cap, "%s", python);
    int fd[2];
    if (pipe(fd) != 0) return;
    pid_t pid = fork();
    if (pid < 0) { close(fd[0]); close(fd[1]); return; }
    if (pid == 0) {
        dup2(fd[1], STDOUT_FILENO);
        close(fd[0]);
        close(fd[1]);
        execlp(python, python, "-c", "import sys; print(sys.executable)", (char *)NULL);
        _exit(127);
    }
    close(fd[1]);
    char buf[PATH_CAP];
    size_t n = 0;
    ssize_t r;
    while (n + 1 < sizeof buf && (r = read(fd[0], buf + n, sizeof buf - 1 - n)) != 0) {
        if (r < 0) { if (errno == EINTR) continue; break; }
        n += (size_t)r;
    }
    close(fd[0]);
    int st;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR) {}
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r')) n--;
    buf[n] = '\0';
    if (WIFEXITED(st) && WEXITSTATUS(st) == 0 && n > 0 && file_exists(buf)) snprintf(out, cap, "%s", buf);
}

/* The interpreter's own start-up, the floor under every python row: an
 * empty program, and one that only imports what the scripts use. */
static void python_floor(const char *python, int reps)
{
    static const char *const progs[] = {"pass", "import threading, multiprocessing, queue"};
    for (int k = 0; k < 2; k++) {
        char *argv[] = {(char *)python, "-c", (char *)progs[k], NULL};
        double w[64], c[64];
        int bad = 0;
        for (int i = 0; i < reps; i++) {
            Timed t;
            if (!timed_run(argv, &t) || t.rc) { bad = 1; break; }
            w[i] = t.wall_ms;
            c[i] = t.cpu_ms;
        }
        if (bad) { printf("(%s -c \"%s\" failed)\n", python, progs[k]); continue; }
        printf("%-34s %8s %8s | %8.1f %8.1f |  python -c \"%s\"\n", k ? "(python start-up + imports)" :
               "(python start-up)", "", "", bench_pct(w, (size_t)reps, 50), bench_pct(c, (size_t)reps, 50),
               progs[k]);
    }
}

int main(int argc, char **argv)
{
    int reps = 5;
    bool tiny = false;
    const char *only = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--tiny") == 0) {
            tiny = true;
            reps = 1;
        } else if (strcmp(argv[i], "--reps") == 0 && i + 1 < argc) reps = atoi(argv[++i]);
        else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc) only = argv[++i];
        else {
            fprintf(stderr, "usage: bench_python [--tiny] [--reps R] [--only LESSON]\n");
            return 2;
        }
    }
    if (reps < 1 || reps > 64) {
        fprintf(stderr, "bench_python: --reps must be 1..64\n");
        return 2;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    const char *python = getenv("PYTHON");
    if (!python || !*python) python = "python3";
    static char python_exe[PATH_CAP];
    resolve_python(python, python_exe, sizeof python_exe);
    python = python_exe;
    const char *src = bench_src_dir();

    char *names[MAX_LESSONS];
    int n = list_lessons(src, names, MAX_LESSONS);
    if (n <= 0) {
        fprintf(stderr, "bench_python: no lessons under %s/scenarios\n", src);
        return 1;
    }
    static Row rows[MAX_LESSONS + 2];
    int nr = 0, missing = 0;
    /* the two counters first */
    row_init(&rows[nr++], src, "counter: 100 threads + Lock", "lock_counter", "lock_counter", NULL);
    row_init(&rows[nr++], src, "counter: 100 processes + Lock", "lock_counter", "mp_counter_lock",
             "processes");
    for (int i = 0; i < n; i++) {
        row_init(&rows[nr], src, names[i], names[i], names[i], NULL);
        /* every lesson has its script: a new lesson without one fails here */
        if (!file_exists(rows[nr].py)) {
            fprintf(stderr, "bench_python: lesson %s has no %s\n", names[i], rows[nr].py);
            missing++;
        }
        nr++;
    }
    printf("bench_python: %d lessons, %s vs `%s run LESSON --instant -o /dev/null`; median of %d%s\n", n,
           python, bench_syncscope(), reps, tiny ? " (tiny: two rows)" : "");
    printf("%-34s %8s %8s | %8s %8s | %7s %7s\n", "", "syncscope", "", "python", "", "wall", "cpu");
    printf("%-34s %8s %8s | %8s %8s | %7s %7s\n", "lesson", "wall ms", "cpu ms", "wall ms", "cpu ms",
           "py/ss", "py/ss");
    if (!only) python_floor(python, reps);
    int failed = 0, slower = 0, ran = 0;
    for (int i = 0; i < nr; i++) {
        if (only && strcmp(only, rows[i].name) != 0 && !strstr(rows[i].scen, only)) continue;
        if (!file_exists(rows[i].py)) continue;
        /* tiny: the threads and the processes counter, enough to not rot */
        if (tiny && i >= 2) break;
        if (!bench_row(&rows[i], reps, python, &slower)) failed++;
        ran++;
        fflush(stdout);
    }
    printf("%d rows, syncscope slower (wall or cpu) on %d, failed %d, lessons without a script %d\n", ran,
           slower, failed, missing);
    for (int i = 0; i < n; i++) free(names[i]);
    return failed || missing ? 1 : 0;
}

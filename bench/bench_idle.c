/* bench_idle — CPU use of an idle window: runs the real `syncscope view`
 * and reads its CPU time from /proc/PID/stat over a few seconds once
 * nothing moves, as a share of one core. Cases: a finished lesson trace, a
 * finished 200-actor trace (the idle redraw costs what a frame costs), and
 * a live pipe that has gone quiet (the run is paused or thinking).
 *
 * It uses whatever display the environment gives: SDL_VIDEODRIVER=dummy
 * (ctest), or a real/Xvfb display (`xvfb-run -a env -u SDL_VIDEODRIVER
 * bench_idle`). The display server's own CPU is not counted.
 *
 *   bench_idle [--tiny] [--seconds S] */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "benchlib.h"

typedef struct Case {
    const char *name;
    const char *trace;      /* a file, or NULL: a pipe on stdin */
    const char *pipe_text;  /* what is written to the pipe before it goes quiet */
    size_t pipe_len;
} Case;

/* utime + stime of pid in clock ticks; -1 when it is gone. */
static long long cpu_ticks(pid_t pid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    int fd = open(path, O_RDONLY);
    if (fd < 0) return -1;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) return -1;
    buf[n] = '\0';
    char *p = strrchr(buf, ')'); /* the name may hold spaces */
    if (!p) return -1;
    /* after ")": state is field 3; utime and stime are fields 14 and 15 */
    long long ut = 0, stt = 0;
    int field = 2;
    for (char *tok = strtok(p + 1, " "); tok; tok = strtok(NULL, " ")) {
        field++;
        if (field == 14) ut = atoll(tok);
        if (field == 15) { stt = atoll(tok); break; }
    }
    return ut + stt;
}

static void sleep_ms(double ms)
{
    double end = bench_now_ms() + ms;
    double left;
    while ((left = end - bench_now_ms()) > 0) usleep((useconds_t)(left * 1000.0));
}

static bool alive(pid_t pid, int *status)
{
    pid_t r = waitpid(pid, status, WNOHANG);
    return r == 0;
}

/* Runs one case; prints its line. False when the window did not stay open. */
static bool run_case(const Case *c, const char *dir, double warm_s, double meas_s)
{
    int pfd[2] = {-1, -1};
    if (!c->trace && pipe(pfd) != 0) return false;
    char exit_after[32];
    snprintf(exit_after, sizeof exit_after, "%.1f", warm_s + meas_s + 1.5);
    pid_t pid = fork();
    if (pid < 0) return false;
    if (pid == 0) {
        if (chdir(dir) != 0) _exit(127); /* a no-display fallback writes frames here */
        int out = open("view.log", O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (out >= 0) { dup2(out, STDOUT_FILENO); dup2(out, STDERR_FILENO); }
        if (pfd[0] >= 0) { dup2(pfd[0], STDIN_FILENO); close(pfd[0]); close(pfd[1]); }
        const char *bin = bench_syncscope();
        execl(bin, bin, "view", c->trace ? c->trace : "-", "--speed", "64", "--exit-after",
              exit_after, (char *)NULL);
        _exit(127);
    }
    if (pfd[0] >= 0) {
        close(pfd[0]);
        size_t off = 0;
        while (off < c->pipe_len) {
            ssize_t n = write(pfd[1], c->pipe_text + off, c->pipe_len - off);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;
            off += (size_t)n;
        }
        /* the write end stays open: a live source with nothing new */
    }
    int status = 0;
    sleep_ms(warm_s * 1000.0);
    long long u0 = alive(pid, &status) ? cpu_ticks(pid) : -1;
    double w0 = bench_now_ms();
    sleep_ms(meas_s * 1000.0);
    long long u1 = alive(pid, &status) ? cpu_ticks(pid) : -1;
    double w1 = bench_now_ms();
    if (pfd[1] >= 0) close(pfd[1]);
    /* done: close it (it has no children to pass SIGTERM on to; --exit-after
     * is the safety net if this process dies first), and reap it */
    kill(pid, SIGTERM);
    double deadline = bench_now_ms() + 3000.0;
    while (alive(pid, &status) && bench_now_ms() < deadline) usleep(20000);
    if (alive(pid, &status)) {
        kill(pid, SIGKILL);
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    }
    if (u0 < 0 || u1 < 0) {
        printf("%-34s the window did not stay open (no display? see a run by hand)\n", c->name);
        return false;
    }
    double cpu_s = (double)(u1 - u0) / (double)sysconf(_SC_CLK_TCK);
    double pct = cpu_s * 100.0 / ((w1 - w0) / 1000.0);
    printf("%-34s %6.2f %% of one core (%.2f s CPU in %.2f s)\n", c->name, pct, cpu_s,
           (w1 - w0) / 1000.0);
    fflush(stdout);
    return true;
}

int main(int argc, char **argv)
{
    bool tiny = false;
    double meas = 5;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--tiny") == 0) {
            tiny = true;
            meas = 0.4;
        } else if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) {
            meas = atof(argv[++i]);
        } else {
            fprintf(stderr, "usage: bench_idle [--tiny] [--seconds S]\n");
            return 2;
        }
    }
    if (meas <= 0 || meas > 600) { fprintf(stderr, "usage: bench_idle [--tiny] [--seconds S]\n"); return 2; }
    double warm = tiny ? 0.4 : 2;
    char dir[512], lesson[700], big[600], bigscen[600];
    if (!bench_tmpdir(dir, sizeof dir)) { fprintf(stderr, "bench_idle: no temp folder\n"); return 1; }
    snprintf(lesson, sizeof lesson, "%s/lesson.jsonl", dir);
    snprintf(big, sizeof big, "%s/big.jsonl", dir);
    snprintf(bigscen, sizeof bigscen, "%s/big.json", dir);
    char scen[600];
    snprintf(scen, sizeof scen, "%s/scenarios/semaphore_toilet.json", bench_src_dir());
    bool rec = bench_record(scen, lesson, NULL);
    if (!tiny) rec = rec && bench_write_scenario(bigscen, 10, 20, 1, 4) && bench_record(bigscen, big, NULL);
    size_t len = 0;
    char *text = rec ? bench_read_file(lesson, &len) : NULL;
    if (!text) {
        fprintf(stderr, "bench_idle: cannot record the traces with %s\n", bench_syncscope());
        bench_rmtree(dir);
        return 1;
    }
    /* the live case: the header and the first half of the events, no end */
    size_t n_lines = 0, *st = bench_line_starts(text, len, &n_lines);
    size_t cut = st && n_lines > 2 ? st[n_lines / 2] : 0;
    const char *drv = getenv("SDL_VIDEODRIVER"), *disp = getenv("DISPLAY");
    printf("bench_idle: `syncscope view` idle, video driver %s%s%s; %.1f s warm-up, %.1f s measured\n",
           drv && *drv ? drv : "default", disp && *disp ? ", DISPLAY=" : "", disp && *disp ? disp : "",
           warm, meas);
    Case cases[] = {
        {"finished lesson trace (toilet)", lesson, NULL, 0},
        {"finished trace, 200 actors", big, NULL, 0},
        {"live pipe gone quiet (toilet)", NULL, text, cut},
    };
    bool ok = true;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (tiny && i == 1) continue;
        if (cases[i].name && !run_case(&cases[i], dir, warm, meas)) ok = false;
    }
    free(st);
    free(text);
    bench_rmtree(dir);
    return ok ? 0 : 1;
}

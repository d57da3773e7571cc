/* test_proc — processes mode (SPEC §2 "mode", DESIGN "Process plumbing"):
 * every actor a forked process, the world in shared memory. The same
 * scenario gives the same trace as threads mode; many actors complete; an
 * actor killed with kill -9 is shown killed with its signal, keeps its
 * lock and makes the run a fault without a hang; terminate kills the
 * target's process, which keeps its lock; an interrupt reaches
 * actors that hold the baton; and after every run no child process (nor
 * zombie) of this process is left. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "runtime/runtime.h"
#include "scenario/scenario.h"
#include "runhelp.h"
#include "testlib.h"

/* Runs json in mode m into a temp file and reads the trace back. */
static Run run_mode(const char *json, Mode m, RtOptions opt) { return runhelp_run(json, (int)m, opt); }

static void run_free(Run *r) { runhelp_free(r); }

/* Children of this process (zombies included), from /proc. */
static int count_children(void)
{
    DIR *d = opendir("/proc");
    if (!d) return -1;
    int n = 0;
    pid_t me = getpid();
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
        char path[300], buf[512];
        snprintf(path, sizeof path, "/proc/%s/stat", e->d_name);
        FILE *f = fopen(path, "r");
        if (!f) continue;
        size_t k = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[k] = '\0';
        const char *p = strrchr(buf, ')'); /* the name may hold spaces */
        char state;
        int ppid;
        if (p && sscanf(p + 1, " %c %d", &state, &ppid) == 2 && ppid == me) n++;
    }
    closedir(d);
    return n;
}

/* The trace without its header line. */
static const char *events_of(const Run *r)
{
    const char *p = r->text ? strchr(r->text, '\n') : NULL;
    return p ? p + 1 : "";
}

static int count_of(const char *text, const char *needle)
{
    int n = 0;
    for (const char *p = text; (p = strstr(p, needle)); p += strlen(needle)) n++;
    return n;
}

static const char *TICKET_OFFICE =
    "{\"syncscope\":1,\"title\":\"ticket office\",\"cpus\":2,\"seed\":1,"
    "\"resources\":[{\"id\":\"counter\",\"type\":\"lock\"},"
    "{\"id\":\"tickets\",\"type\":\"variable\",\"value\":1},"
    "{\"id\":\"sold\",\"type\":\"variable\",\"value\":0}],"
    "\"actors\":[{\"id\":\"buyer\",\"count\":5,\"script\":["
    "{\"do\":\"sleep\",\"ms\":[100,400]},"
    "{\"with\":\"counter\",\"steps\":["
    "{\"do\":\"read\",\"var\":\"tickets\",\"into\":\"left\",\"say\":\"{left} left\"},"
    "{\"if\":{\"gt\":[{\"local\":\"left\"},0]},\"then\":["
    "{\"do\":\"sleep\",\"ms\":500},"
    "{\"do\":\"write\",\"var\":\"tickets\",\"value\":{\"add\":[{\"local\":\"left\"},-1]}},"
    "{\"do\":\"add\",\"var\":\"sold\",\"value\":1}],"
    "\"else\":[{\"do\":\"say\",\"text\":\"sold out\"}]}]}]}],"
    "\"expect\":{\"outcome\":\"completed\",\"vars\":{\"tickets\":0,\"sold\":1}}}";

TEST(ticket_office_as_processes_gives_the_same_events_as_threads)
{
    RtOptions opt = {.ctl_fd = -1, .instant = true};
    Run t = run_mode(TICKET_OFFICE, MODE_THREADS, opt);
    Run p = run_mode(TICKET_OFFICE, MODE_PROCESSES, opt);
    CHECK(t.ok && p.ok);
    CHECK(t.len > 0 && p.len > 0);
    CHECK_EQ_STR(events_of(&p), events_of(&t));
    CHECK(strstr(p.text, "\"mode\":\"processes\"") != NULL);
    CHECK_EQ_INT(p.res.outcome, OUT_COMPLETED);
    CHECK(p.res.expect.ok);
    CHECK_EQ_INT(rt_exit_code(&p.res), 0);
    CHECK_EQ_INT(count_children(), 0);
    run_free(&t);
    run_free(&p);
}

TEST(a_hundred_actors_as_processes_complete)
{
    const char *json =
        "{\"syncscope\":1,\"title\":\"many\",\"cpus\":4,\"seed\":3,"
        "\"resources\":[{\"id\":\"m\",\"type\":\"lock\"},{\"id\":\"x\",\"type\":\"variable\",\"value\":0}],"
        "\"actors\":[{\"id\":\"a\",\"count\":100,\"script\":["
        "{\"do\":\"sleep\",\"ms\":[0,50]},"
        "{\"with\":\"m\",\"steps\":[{\"do\":\"read\",\"var\":\"x\",\"into\":\"v\"},"
        "{\"do\":\"work\",\"ms\":1},"
        "{\"do\":\"write\",\"var\":\"x\",\"value\":{\"add\":[{\"local\":\"v\"},1]}}]}]}],"
        "\"expect\":{\"outcome\":\"completed\",\"vars\":{\"x\":100}}}";
    RtOptions opt = {.ctl_fd = -1, .instant = true};
    Run p = run_mode(json, MODE_PROCESSES, opt);
    Run t = run_mode(json, MODE_THREADS, opt);
    CHECK(p.ok);
    CHECK_EQ_INT(p.res.outcome, OUT_COMPLETED);
    CHECK(p.res.expect.ok);
    CHECK_EQ_INT(count_of(p.text, "\"ev\":\"done\""), 100);
    CHECK_EQ_STR(events_of(&p), events_of(&t));
    CHECK_EQ_INT(count_children(), 0);
    run_free(&p);
    run_free(&t);
}

TEST(pids_of_actor_processes_are_real_and_distinct)
{
    RtOptions opt = {.ctl_fd = -1, .instant = true, .pids = true};
    Run p = run_mode(TICKET_OFFICE, MODE_PROCESSES, opt);
    CHECK(p.ok);
    int seen = 0;
    long pids[8];
    for (const char *q = p.text; (q = strstr(q, "\"ev\":\"new\"")); q++) {
        const char *e = strchr(q, '\n');
        const char *k = strstr(q, "\"pid\":");
        if (!k || (e && k > e) || seen >= 8) continue;
        long pid = strtol(k + 6, NULL, 10);
        CHECK(pid > 0 && pid != (long)getpid());
        for (int i = 0; i < seen; i++) CHECK(pids[i] != pid);
        pids[seen++] = pid;
    }
    CHECK_EQ_INT(seen, 5);
    CHECK_EQ_INT(count_children(), 0);
    run_free(&p);
}

/* The killer: a helper process that reads the trace off a pipe into a
 * file, learns the pid of actor "holder", and kill -9s it once it holds
 * the lock. */
static void killer_main(int rfd, int out_fd)
{
    char buf[1 << 16];
    size_t have = 0;
    long pid = 0;
    bool killed = false;
    for (;;) {
        ssize_t n = read(rfd, buf + have, sizeof buf - 1 - have);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        if (write(out_fd, buf + have, (size_t)n) != n) _exit(3);
        have += (size_t)n;
        buf[have] = '\0';
        char *nl;
        while ((nl = strchr(buf, '\n'))) {
            *nl = '\0';
            if (strstr(buf, "\"ev\":\"new\"") && strstr(buf, "\"actor\":\"holder\"")) {
                const char *k = strstr(buf, "\"pid\":");
                if (k) pid = strtol(k + 6, NULL, 10);
            }
            if (!killed && pid > 0 && strstr(buf, "\"ev\":\"acquired\"") &&
                strstr(buf, "\"actor\":\"holder\"")) {
                kill((pid_t)pid, SIGKILL);
                killed = true;
            }
            size_t used = (size_t)(nl + 1 - buf);
            memmove(buf, nl + 1, have - used);
            have -= used;
            buf[have] = '\0';
        }
        if (have >= sizeof buf - 1) have = 0; /* an overlong line: not ours */
    }
    _exit(killed ? 0 : 2);
}

/* Runs json as processes while the killer kill -9s "holder" once it holds
 * its lock; the trace (malloc'd) and the result; secs: the wall time. */
static char *run_killing_holder(const char *json, RtResult *res, double *secs)
{
    Scenario *sc = runhelp_load(json);
    CHECK(sc != NULL);
    if (!sc) return NULL;
    sc->mode = MODE_PROCESSES;
    int p[2];
    CHECK(pipe(p) == 0);
    FILE *f = tmpfile();
    CHECK(f != NULL);
    if (!f) { scenario_free(sc); return NULL; }
    pid_t killer = fork();
    CHECK(killer >= 0);
    if (killer == 0) {
        close(p[1]);
        killer_main(p[0], fileno(f));
    }
    close(p[0]);
    RtOptions opt = {.ctl_fd = -1, .pids = true, .out_fd = p[1]};
    Err err;
    memset(&err, 0, sizeof err);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    bool ok = rt_run(sc, &opt, res, &err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    close(p[1]);
    int st = -1;
    waitpid(killer, &st, 0);
    CHECK(ok);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0); /* it saw the lock taken and killed */
    size_t len;
    char *text = runhelp_read_all(fileno(f), &len);
    fclose(f);
    scenario_free(sc);
    *secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    return text;
}

TEST(an_actor_killed_with_kill_9_while_holding_a_lock_is_shown_and_the_run_is_a_fault)
{
    const char *json =
        "{\"syncscope\":1,\"title\":\"kill\",\"cpus\":2,\"seed\":1,\"speed\":10,"
        "\"resources\":[{\"id\":\"m\",\"type\":\"lock\"}],"
        "\"actors\":["
        "{\"id\":\"holder\",\"script\":[{\"do\":\"acquire\",\"on\":\"m\"},"
        "{\"do\":\"sleep\",\"ms\":3000},{\"do\":\"release\",\"on\":\"m\"}]},"
        "{\"id\":\"waiter\",\"script\":[{\"do\":\"sleep\",\"ms\":100},"
        "{\"do\":\"acquire\",\"on\":\"m\"},{\"do\":\"release\",\"on\":\"m\"}]}]}";
    RtResult res;
    double secs = 0;
    char *text = run_killing_holder(json, &res, &secs);
    CHECK(text && strstr(text, "\"ev\":\"killed\",\"actor\":\"holder\"") != NULL);
    CHECK(text && strstr(text, "\"sig\":9") != NULL);
    CHECK(text && strstr(text, "signal 9 (SIGKILL)") != NULL);
    CHECK(text && strstr(text, "\"ev\":\"owner_dead\",\"actor\":\"holder\"") != NULL);
    CHECK(text && strstr(text, "\"ev\":\"released\",\"actor\":\"holder\"") == NULL);
    CHECK(text && strstr(text, "\"ev\":\"waits\",\"actor\":\"waiter\"") != NULL);
    CHECK(text && strstr(text, "\"outcome\":\"fault\"") != NULL);
    CHECK_EQ_INT(res.outcome, OUT_FAULT);
    CHECK_EQ_INT(rt_exit_code(&res), 4);
    /* noticed at once, not at the end of the 3 s (300 ms wall) sleep or later */
    CHECK(secs < 5.0);
    CHECK_EQ_INT(count_children(), 0);
    free(text);
}

/* The only non-daemon actor killed from outside has ended: no daemon is
 * said to be killed unless there is one. */
TEST(when_the_only_non_daemon_actor_is_killed_the_end_names_no_daemon_that_is_not_there)
{
    const char *alone =
        "{\"syncscope\":1,\"title\":\"alone\",\"speed\":10,"
        "\"resources\":[{\"id\":\"m\",\"type\":\"lock\"}],"
        "\"actors\":[{\"id\":\"holder\",\"script\":[{\"do\":\"acquire\",\"on\":\"m\"},"
        "{\"do\":\"sleep\",\"ms\":3000}]}]}";
    RtResult res;
    double secs = 0;
    char *text = run_killing_holder(alone, &res, &secs);
    CHECK_EQ_INT(res.outcome, OUT_FAULT);
    CHECK(strstr(res.reason, "then: every actor ended") != NULL);
    CHECK(strstr(res.reason, "daemon") == NULL);
    free(text);
    const char *with_daemon =
        "{\"syncscope\":1,\"title\":\"with a daemon\",\"speed\":10,"
        "\"resources\":[{\"id\":\"m\",\"type\":\"lock\"}],"
        "\"actors\":[{\"id\":\"holder\",\"script\":[{\"do\":\"acquire\",\"on\":\"m\"},"
        "{\"do\":\"sleep\",\"ms\":3000}]},"
        "{\"id\":\"d\",\"daemon\":true,\"script\":[{\"do\":\"sleep\",\"ms\":100000}]}]}";
    text = run_killing_holder(with_daemon, &res, &secs);
    CHECK_EQ_INT(res.outcome, OUT_FAULT);
    CHECK(strstr(res.reason, "then: every non-daemon actor ended; the daemons were killed") != NULL);
    CHECK(text && strstr(text, "\"ev\":\"killed\",\"actor\":\"d\",\"reason\":\"daemon\"") != NULL);
    CHECK_EQ_INT(count_children(), 0);
    free(text);
}

/* The os policy with every actor a process: they run freely, ordered by
 * one process-shared lock; a kill -9 is seen as under the baton. */
TEST(os_policy_as_processes_runs_fifty_actor_processes_freely_to_completion)
{
    char json[1024];
    snprintf(json, sizeof json,
             "{\"syncscope\":1,\"title\":\"os counter\",\"scheduler\":{\"policy\":\"os\"},"
             "\"resources\":[{\"id\":\"counter\",\"type\":\"variable\",\"value\":50}],"
             "\"actors\":[{\"id\":\"t\",\"count\":50,\"script\":["
             "{\"do\":\"read\",\"var\":\"counter\",\"into\":\"c\"},{\"do\":\"sleep\",\"ms\":1},"
             "{\"do\":\"write\",\"var\":\"counter\",\"value\":{\"add\":[{\"local\":\"c\"},-1]}}]}]}");
    RtOptions opt = {.ctl_fd = -1, .pids = true};
    Run r = run_mode(json, MODE_PROCESSES, opt);
    CHECK(r.ok);
    CHECK_EQ_INT(r.res.outcome, OUT_COMPLETED);
    CHECK(r.text && strstr(r.text, "\"mode\":\"processes\"") != NULL);
    CHECK_EQ_INT(count_of(events_of(&r), "\"ev\":\"write\""), 50);
    CHECK_EQ_INT(count_of(events_of(&r), "\"ev\":\"done\""), 50);
    /* a pid per actor, none of them this process */
    char mine[32];
    snprintf(mine, sizeof mine, "\"pid\":%ld}", (long)getpid());
    CHECK(r.text && strstr(r.text, mine) == NULL);
    CHECK_EQ_INT(count_of(events_of(&r), "\"pid\":"), 50);
    CHECK_EQ_INT(count_children(), 0);
    run_free(&r);
}

TEST(os_policy_as_processes_detects_a_deadlock_and_a_kill_9)
{
    RtOptions opt = {.ctl_fd = -1};
    Run r = run_mode("{\"syncscope\":1,\"title\":\"dl\",\"scheduler\":{\"policy\":\"os\"},"
                     "\"resources\":[{\"id\":\"a\",\"type\":\"lock\"},{\"id\":\"b\",\"type\":\"lock\"}],"
                     "\"actors\":["
                     "{\"id\":\"x\",\"script\":[{\"do\":\"acquire\",\"on\":\"a\"},{\"do\":\"sleep\",\"ms\":20},{\"do\":\"acquire\",\"on\":\"b\"}]},"
                     "{\"id\":\"y\",\"script\":[{\"do\":\"acquire\",\"on\":\"b\"},{\"do\":\"sleep\",\"ms\":20},{\"do\":\"acquire\",\"on\":\"a\"}]}]}",
                     MODE_PROCESSES, opt);
    CHECK_EQ_INT(r.res.outcome, OUT_DEADLOCK);
    CHECK(r.text && strstr(r.text, "\"ev\":\"waits\",\"actor\":\"x\",\"res\":\"b\",\"holders\":[\"y\"]") != NULL);
    CHECK_EQ_INT(count_children(), 0);
    run_free(&r);
    const char *kill_json =
        "{\"syncscope\":1,\"title\":\"os kill\",\"scheduler\":{\"policy\":\"os\"},\"speed\":10,"
        "\"resources\":[{\"id\":\"m\",\"type\":\"lock\"}],"
        "\"actors\":[{\"id\":\"holder\",\"script\":[{\"do\":\"acquire\",\"on\":\"m\"},"
        "{\"do\":\"work\",\"ms\":3000},{\"do\":\"release\",\"on\":\"m\"}]},"
        "{\"id\":\"waiter\",\"script\":[{\"do\":\"sleep\",\"ms\":50},{\"do\":\"acquire\",\"on\":\"m\"}]}]}";
    RtResult res;
    double secs = 0;
    char *text = run_killing_holder(kill_json, &res, &secs);
    CHECK_EQ_INT(res.outcome, OUT_FAULT);
    CHECK(text && strstr(text, "\"ev\":\"killed\",\"actor\":\"holder\",\"reason\":\"signal 9 (SIGKILL)\",\"sig\":9") != NULL);
    CHECK(text && strstr(text, "\"ev\":\"owner_dead\",\"actor\":\"holder\",\"res\":\"m\"") != NULL);
    CHECK(text && strstr(text, "\"ev\":\"waits\",\"actor\":\"waiter\"") != NULL); /* on the dead holder */
    CHECK(secs < 2.0); /* not at the end of its 300 ms-wall work... nor later */
    CHECK_EQ_INT(count_children(), 0);
    free(text);
}

TEST(terminate_kills_the_target_process_which_keeps_its_lock)
{
    const char *json =
        "{\"syncscope\":1,\"title\":\"terminate\",\"cpus\":2,\"seed\":1,\"mode\":\"processes\","
        "\"resources\":[{\"id\":\"m\",\"type\":\"lock\"}],"
        "\"actors\":["
        "{\"id\":\"boss\",\"script\":[{\"do\":\"sleep\",\"ms\":50},"
        "{\"do\":\"terminate\",\"actor\":\"worker\"},{\"do\":\"acquire\",\"on\":\"m\"}]},"
        "{\"id\":\"worker\",\"script\":[{\"with\":\"m\",\"steps\":[{\"do\":\"sleep\",\"ms\":1000}]}]}]}";
    RtOptions opt = {.ctl_fd = -1, .instant = true};
    Run a = run_mode(json, MODE_PROCESSES, opt);
    Run b = run_mode(json, MODE_PROCESSES, opt);
    CHECK(a.ok && b.ok);
    CHECK(a.len > 0 && a.len == b.len && a.text && b.text && memcmp(a.text, b.text, a.len) == 0);
    CHECK(a.text && strstr(a.text, "\"ev\":\"terminate\",\"actor\":\"boss\",\"target\":\"worker\"") != NULL);
    CHECK(a.text && strstr(a.text, "\"ev\":\"killed\",\"actor\":\"worker\",\"reason\":\"terminated\"}") != NULL);
    CHECK(a.text && strstr(a.text, "\"ev\":\"owner_dead\",\"actor\":\"worker\",\"res\":\"m\"") != NULL);
    CHECK_EQ_INT(a.res.outcome, OUT_DEADLOCK); /* the boss waits for the dead holder */
    CHECK_EQ_INT(count_children(), 0);
    run_free(&a);
    run_free(&b);
}

static atomic_int alarm_flag;

static void on_alarm(int sig)
{
    (void)sig;
    alarm_flag = 1;
}

/* An interrupt set while an actor process keeps the baton (a spin loop
 * under --instant) or while the runner paces a sleep reaches them all. */
static void interrupted_run(const char *json, bool instant)
{
    alarm_flag = 0;
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGALRM, &sa, &old);
    struct itimerval it = {.it_value = {.tv_sec = 0, .tv_usec = 200000}};
    setitimer(ITIMER_REAL, &it, NULL);
    RtOptions opt = {.ctl_fd = -1, .instant = instant, .interrupt = &alarm_flag};
    Run r = run_mode(json, MODE_PROCESSES, opt);
    struct itimerval off = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &off, NULL);
    sigaction(SIGALRM, &old, NULL);
    CHECK(r.ok);
    CHECK_EQ_INT(r.res.outcome, OUT_INTERRUPTED);
    CHECK_EQ_INT(rt_exit_code(&r.res), 5);
    CHECK(r.text && strstr(r.text, "\"outcome\":\"interrupted\"") != NULL);
    CHECK_EQ_INT(count_children(), 0);
    run_free(&r);
}

TEST(an_interrupt_reaches_an_actor_process_that_keeps_the_baton)
{
    interrupted_run("{\"syncscope\":1,\"title\":\"spin\",\"stop_after_ms\":100000000,"
                    "\"resources\":[{\"id\":\"x\",\"type\":\"variable\",\"value\":0}],"
                    "\"actors\":[{\"id\":\"spinner\",\"script\":[{\"loop\":["
                    "{\"do\":\"work\",\"ms\":1}]}]}]}",
                    true);
}

TEST(an_interrupt_ends_a_paced_run_in_processes_mode)
{
    interrupted_run("{\"syncscope\":1,\"title\":\"sleepy\","
                    "\"actors\":[{\"id\":\"s\",\"count\":3,\"script\":[{\"do\":\"sleep\",\"ms\":20000}]}]}",
                    false);
}

int main(void)
{
    RUN(ticket_office_as_processes_gives_the_same_events_as_threads);
    RUN(a_hundred_actors_as_processes_complete);
    RUN(pids_of_actor_processes_are_real_and_distinct);
    RUN(an_actor_killed_with_kill_9_while_holding_a_lock_is_shown_and_the_run_is_a_fault);
    RUN(when_the_only_non_daemon_actor_is_killed_the_end_names_no_daemon_that_is_not_there);
    RUN(os_policy_as_processes_runs_fifty_actor_processes_freely_to_completion);
    RUN(os_policy_as_processes_detects_a_deadlock_and_a_kill_9);
    RUN(terminate_kills_the_target_process_which_keeps_its_lock);
    RUN(an_interrupt_reaches_an_actor_process_that_keeps_the_baton);
    RUN(an_interrupt_ends_a_paced_run_in_processes_mode);
    return test_report();
}

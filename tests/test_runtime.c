/* test_runtime — the runtime on real threads (SPEC §4): small scenarios run
 * in-process with --instant into a temp file, and their traces checked for
 * the rules: mutual exclusion, FIFO hand-off, deadlock reports, rr quantum,
 * seeded randomness, endings, errors, and no thread left behind. */
#include <dirent.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/timeline.h"
#include "runtime/runtime.h"
#include "scenario/scenario.h"
#include "runhelp.h"
#include "testlib.h"
#include "trace/trace.h"

/* Runs json (with opt's seed override if has_seed) and reads the trace back. */
static Run run_opt(const char *json, RtOptions opt) { return runhelp_run(json, -1, opt); }

static Run run(const char *json)
{
    RtOptions opt = {.ctl_fd = -1, .instant = true};
    return run_opt(json, opt);
}

static Run run_seed(const char *json, uint64_t seed)
{
    RtOptions opt = {.ctl_fd = -1, .instant = true, .has_seed = true, .seed = seed};
    return run_opt(json, opt);
}

/* The n-th line (0 = header) or NULL; copied into a static buffer. */
static const char *line_at(const Run *r, int n)
{
    static char buf[8192];
    const char *p = r->text;
    for (int i = 0; p && i < n; i++) {
        p = strchr(p, '\n');
        if (p) p++;
    }
    if (!p || !*p) return NULL;
    const char *e = strchr(p, '\n');
    size_t len = e ? (size_t)(e - p) : strlen(p);
    if (len >= sizeof buf) len = sizeof buf - 1;
    memcpy(buf, p, len);
    buf[len] = '\0';
    return buf;
}

/* Event lines as an array (every line after the header), for scanning. */
typedef struct Lines {
    char **v;
    int n;
} Lines;

static Lines lines_of(const Run *r)
{
    Lines l = {0};
    for (int i = 1;; i++) {
        const char *s = line_at(r, i);
        if (!s) break;
        char **v = realloc(l.v, (size_t)(l.n + 1) * sizeof *v);
        if (!v) break;
        l.v = v;
        l.v[l.n++] = strdup(s);
    }
    return l;
}

static void lines_free(Lines *l)
{
    for (int i = 0; i < l->n; i++) free(l->v[i]);
    free(l->v);
}

static int find_from(const Lines *l, int from, const char *needle)
{
    for (int i = from; i < l->n; i++)
        if (strstr(l->v[i], needle)) return i;
    return -1;
}

static int count(const Lines *l, const char *needle)
{
    int n = 0;
    for (int i = 0; i < l->n; i++) n += strstr(l->v[i], needle) != NULL;
    return n;
}

static void run_free(Run *r) { free(r->text); }

/* seq contiguous from 0 and t never decreasing: checked on every trace here */
static void check_order(const Lines *l)
{
    long long t_prev = 0;
    for (int i = 0; i < l->n; i++) {
        long long seq = -1, t = -1;
        if (sscanf(l->v[i], "{\"seq\":%lld,\"t\":%lld,", &seq, &t) != 2) { CHECK(!"a line without seq and t"); return; }
        if (seq != i) { CHECK_EQ_INT(seq, i); return; }
        if (t < t_prev) { CHECK(t >= t_prev); return; }
        t_prev = t;
    }
}

static const char *LOCK3 =
    "{\"syncscope\":1,\"title\":\"lock\",\"cpus\":2,"
    "\"resources\":[{\"id\":\"door\",\"type\":\"lock\"}],"
    "\"actors\":[{\"id\":\"p\",\"count\":3,\"script\":["
    "{\"repeat\":2,\"steps\":[{\"with\":\"door\",\"steps\":[{\"do\":\"work\",\"ms\":10}]}]}]}],"
    "\"expect\":{\"outcome\":\"completed\"}}";

TEST(lock_gives_mutual_exclusion_and_hands_off_in_fifo_order)
{
    Run r = run(LOCK3);
    CHECK(r.ok);
    CHECK_EQ_INT(r.res.outcome, OUT_COMPLETED);
    CHECK_EQ_INT(rt_exit_code(&r.res), 0);
    Lines l = lines_of(&r);
    check_order(&l);
    int inside = 0, max_inside = 0;
    for (int i = 0; i < l.n; i++) {
        if (strstr(l.v[i], "\"ev\":\"acquired\"")) inside++;
        if (strstr(l.v[i], "\"ev\":\"released\"")) inside--;
        if (inside > max_inside) max_inside = inside;
    }
    CHECK_EQ_INT(max_inside, 1);
    CHECK_EQ_INT(count(&l, "\"ev\":\"acquired\""), 6);
    /* p.2 and p.3 blocked in that order, so they get the door in that order */
    int b2 = find_from(&l, 0, "\"ev\":\"blocked\",\"actor\":\"p.2\"");
    int b3 = find_from(&l, 0, "\"ev\":\"blocked\",\"actor\":\"p.3\"");
    CHECK(b2 >= 0 && b3 > b2);
    int rel = find_from(&l, 0, "\"ev\":\"released\",\"actor\":\"p.1\"");
    CHECK(rel > 0 && rel + 2 < l.n);
    if (rel > 0 && rel + 2 < l.n) {
        CHECK(strstr(l.v[rel + 1], "\"ev\":\"acquired\",\"actor\":\"p.2\"") != NULL);
        CHECK(strstr(l.v[rel + 2], "\"ev\":\"ready\",\"actor\":\"p.2\"") != NULL);
    }
    int a3 = find_from(&l, 0, "\"ev\":\"acquired\",\"actor\":\"p.3\"");
    int a2 = find_from(&l, 0, "\"ev\":\"acquired\",\"actor\":\"p.2\"");
    CHECK(a2 >= 0 && a3 > a2);
    lines_free(&l);
    run_free(&r);
}

static const char *PHILO =
    "{\"syncscope\":1,\"title\":\"philosophers\",\"cpus\":2,"
    "\"resources\":[{\"id\":\"fork1\",\"type\":\"lock\"},{\"id\":\"fork2\",\"type\":\"lock\"}],"
    "\"actors\":["
    "{\"id\":\"p1\",\"label\":\"Philosopher 1\",\"script\":[{\"with\":\"fork1\",\"steps\":[{\"do\":\"work\",\"ms\":5},"
    "{\"with\":\"fork2\",\"steps\":[{\"do\":\"work\",\"ms\":5}]}]}]},"
    "{\"id\":\"p2\",\"label\":\"Philosopher 2\",\"script\":[{\"with\":\"fork2\",\"steps\":[{\"do\":\"work\",\"ms\":5},"
    "{\"with\":\"fork1\",\"steps\":[{\"do\":\"work\",\"ms\":5}]}]}]}]}";

TEST(two_philosophers_deadlock_with_waits_naming_the_holders)
{
    Run r = run(PHILO);
    CHECK_EQ_INT(r.res.outcome, OUT_DEADLOCK);
    CHECK_EQ_INT(rt_exit_code(&r.res), 3); /* no expect names the deadlock */
    Lines l = lines_of(&r);
    check_order(&l);
    CHECK(find_from(&l, 0, "\"ev\":\"waits\",\"actor\":\"p1\",\"res\":\"fork2\",\"holders\":[\"p2\"]") >= 0);
    CHECK(find_from(&l, 0, "\"ev\":\"waits\",\"actor\":\"p2\",\"res\":\"fork1\",\"holders\":[\"p1\"]") >= 0);
    CHECK(l.n > 0 && strstr(l.v[l.n - 1], "\"outcome\":\"deadlock\"") != NULL);
    CHECK(l.n > 0 && strstr(l.v[l.n - 1], "\\\"Philosopher 1\\\" waits for fork2 held by \\\"Philosopher 2\\\"") != NULL);
    CHECK(l.n > 0 && strstr(l.v[l.n - 1], "\"expect\":null") != NULL);
    lines_free(&l);
    run_free(&r);
}

TEST(semaphore_of_two_never_lets_more_than_two_in)
{
    Run r = run("{\"syncscope\":1,\"title\":\"sem\",\"cpus\":4,"
                "\"resources\":[{\"id\":\"s\",\"type\":\"semaphore\",\"value\":2,\"bounded\":true}],"
                "\"actors\":[{\"id\":\"a\",\"count\":4,\"script\":[{\"repeat\":3,\"steps\":["
                "{\"with\":\"s\",\"steps\":[{\"do\":\"work\",\"ms\":[1,9]}]},{\"do\":\"sleep\",\"ms\":[0,3]}]}]}]}");
    CHECK_EQ_INT(r.res.outcome, OUT_COMPLETED);
    Lines l = lines_of(&r);
    check_order(&l);
    int inside = 0, max_inside = 0;
    for (int i = 0; i < l.n; i++) {
        if (strstr(l.v[i], "\"ev\":\"acquired\"")) inside++;
        if (strstr(l.v[i], "\"ev\":\"released\"")) inside--;
        if (inside > max_inside) max_inside = inside;
        CHECK(inside >= 0);
    }
    CHECK_EQ_INT(max_inside, 2);
    CHECK(count(&l, "\"op\":\"acquire\"") > 0);
    CHECK_EQ_INT(count(&l, "\"ev\":\"acquired\""), 12);
    lines_free(&l);
    run_free(&r);
}

TEST(event_set_wakes_every_waiter_in_queue_order)
{
    Run r = run("{\"syncscope\":1,\"title\":\"ev\",\"resources\":[{\"id\":\"light\",\"type\":\"event\"}],"
                "\"actors\":[{\"id\":\"car\",\"count\":3,\"script\":[{\"do\":\"wait\",\"on\":\"light\"},"
                "{\"do\":\"say\",\"text\":\"go {i}\"}]},"
                "{\"id\":\"lights\",\"script\":[{\"do\":\"sleep\",\"ms\":10},{\"do\":\"set\",\"on\":\"light\"},"
                "{\"do\":\"wait\",\"on\":\"light\"}]}]}");
    CHECK_EQ_INT(r.res.outcome, OUT_COMPLETED);
    Lines l = lines_of(&r);
    check_order(&l);
    CHECK_EQ_INT(count(&l, "\"op\":\"wait\""), 3); /* a wait on a set event does not block */
    int s = find_from(&l, 0, "\"ev\":\"set\",\"actor\":\"lights\"");
    CHECK(s > 0 && s + 3 < l.n);
    if (s > 0 && s + 3 < l.n) {
        CHECK(strstr(l.v[s + 1], "\"ev\":\"ready\",\"actor\":\"car.1\"") != NULL);
        CHECK(strstr(l.v[s + 2], "\"ev\":\"ready\",\"actor\":\"car.2\"") != NULL);
        CHECK(strstr(l.v[s + 3], "\"ev\":\"ready\",\"actor\":\"car.3\"") != NULL);
        CHECK(strstr(l.v[s], "\"t\":10000,") != NULL);
    }
    CHECK(find_from(&l, 0, "\"say\":\"go 2\"") > s);
    lines_free(&l);
    run_free(&r);
}

TEST(bounded_queue_blocks_the_producer_and_items_come_out_in_order)
{
    Run r = run("{\"syncscope\":1,\"title\":\"q\",\"resources\":[{\"id\":\"q\",\"type\":\"queue\",\"capacity\":1},"
                "{\"id\":\"sum\",\"type\":\"variable\",\"value\":0}],"
                "\"actors\":[{\"id\":\"prod\",\"script\":[{\"do\":\"let\",\"local\":\"k\",\"value\":1},{\"repeat\":3,\"steps\":[{\"do\":\"put\",\"on\":\"q\",\"item\":{\"add\":[{\"local\":\"k\"},0]}},"
                "{\"do\":\"let\",\"local\":\"k\",\"value\":{\"add\":[{\"local\":\"k\"},1]}}]}]},"
                "{\"id\":\"cons\",\"script\":[{\"do\":\"sleep\",\"ms\":100},{\"repeat\":3,\"steps\":["
                "{\"do\":\"get\",\"on\":\"q\",\"into\":\"x\",\"say\":\"got {x}\"},{\"do\":\"add\",\"var\":\"sum\",\"value\":{\"local\":\"x\"}}]}]}]}");
    Lines l = lines_of(&r);
    check_order(&l);
    if (!r.ok || l.n == 0) { CHECK(r.ok); lines_free(&l); run_free(&r); return; }
    CHECK(find_from(&l, 0, "\"ev\":\"blocked\",\"actor\":\"prod\",\"res\":\"q\",\"op\":\"put\"") >= 0);
    int g = find_from(&l, 0, "\"ev\":\"get\",\"actor\":\"cons\"");
    CHECK(g > 0 && g + 3 < l.n);
    if (g > 0 && g + 3 < l.n) {
        /* get, the getter's say, then the putter's put and its ready */
        CHECK(strstr(l.v[g + 1], "\"say\":\"got ") != NULL);
        CHECK(strstr(l.v[g + 2], "\"ev\":\"put\",\"actor\":\"prod\"") != NULL);
        CHECK(strstr(l.v[g + 3], "\"ev\":\"ready\",\"actor\":\"prod\"") != NULL);
    }
    CHECK_EQ_INT(r.res.outcome, OUT_COMPLETED);
    lines_free(&l);
    run_free(&r);
}

TEST(a_put_hands_its_item_to_a_blocked_getter)
{
    Run r = run("{\"syncscope\":1,\"title\":\"q\",\"resources\":[{\"id\":\"q\",\"type\":\"queue\"}],"
                "\"actors\":[{\"id\":\"cons\",\"script\":[{\"do\":\"get\",\"on\":\"q\",\"into\":\"x\",\"say\":\"got {x}\"}]},"
                "{\"id\":\"prod\",\"script\":[{\"do\":\"sleep\",\"ms\":1},{\"do\":\"put\",\"on\":\"q\",\"item\":\"bun\"}]}]}");
    Lines l = lines_of(&r);
    int p = find_from(&l, 0, "\"ev\":\"put\",\"actor\":\"prod\",\"res\":\"q\",\"item\":\"bun\"");
    CHECK(p > 0 && p + 3 < l.n);
    if (p > 0 && p + 3 < l.n) {
        CHECK(strstr(l.v[p + 1], "\"ev\":\"get\",\"actor\":\"cons\",\"res\":\"q\",\"item\":\"bun\"") != NULL);
        CHECK(strstr(l.v[p + 2], "\"say\":\"got bun\"") != NULL);
        CHECK(strstr(l.v[p + 3], "\"ev\":\"ready\",\"actor\":\"cons\"") != NULL);
    }
    CHECK_EQ_INT(r.res.outcome, OUT_COMPLETED);
    lines_free(&l);
    run_free(&r);
}

TEST(rr_quantum_preempts_a_long_work)
{
    Run r = run("{\"syncscope\":1,\"title\":\"rr\",\"scheduler\":{\"policy\":\"rr\",\"quantum_ms\":10},"
                "\"actors\":[{\"id\":\"a\",\"script\":[{\"do\":\"work\",\"ms\":35}]},"
                "{\"id\":\"b\",\"script\":[{\"do\":\"work\",\"ms\":15}]}]}");
    CHECK_EQ_INT(r.res.outcome, OUT_COMPLETED);
    Lines l = lines_of(&r);
    check_order(&l);
    /* a runs 10 ms, b 10 ms, a 10, b 5 and ends, a the rest */
    int ra = find_from(&l, 0, "\"t\":10000,\"ev\":\"ready\",\"actor\":\"a\"");
    CHECK(ra > 0);
    CHECK(find_from(&l, ra, "\"t\":10000,\"ev\":\"running\",\"actor\":\"b\"") > ra);
    CHECK(find_from(&l, 0, "\"t\":20000,\"ev\":\"ready\",\"actor\":\"b\"") > ra);
    CHECK(find_from(&l, 0, "\"t\":35000,\"ev\":\"done\",\"actor\":\"b\"") > 0);
    CHECK(find_from(&l, 0, "\"t\":50000,\"ev\":\"done\",\"actor\":\"a\"") > 0);
    CHECK(find_from(&l, 0, "\"busy_us\":50000,\"span_us\":50000,\"util\":1.000") > 0);
    lines_free(&l);
    run_free(&r);

    /* fifo: no preemption at all */
    r = run("{\"syncscope\":1,\"title\":\"fifo\",\"actors\":[{\"id\":\"a\",\"script\":[{\"do\":\"work\",\"ms\":35}]},"
            "{\"id\":\"b\",\"script\":[{\"do\":\"work\",\"ms\":15}]}]}");
    l = lines_of(&r);
    CHECK_EQ_INT(count(&l, "\"ev\":\"ready\""), 2);
    CHECK(find_from(&l, 0, "\"t\":35000,\"ev\":\"done\",\"actor\":\"a\"") > 0);
    lines_free(&l);
    run_free(&r);
}

TEST(rr_preempts_a_spin_loop_at_its_quantum_and_a_sleeper_wakes_on_time)
{
    Run r = run("{\"syncscope\":1,\"title\":\"spin\",\"scheduler\":{\"policy\":\"rr\",\"quantum_ms\":10},\"stop_after_ms\":100,"
                "\"resources\":[{\"id\":\"flag\",\"type\":\"variable\",\"value\":0}],"
                "\"actors\":[{\"id\":\"s\",\"count\":2,\"script\":[{\"while\":{\"eq\":[{\"var\":\"flag\"},0]},\"steps\":[{\"do\":\"let\",\"local\":\"x\",\"value\":1}]}]},"
                "{\"id\":\"w\",\"script\":[{\"do\":\"sleep\",\"ms\":25},{\"do\":\"write\",\"var\":\"flag\",\"value\":1}]}]}");
    CHECK_EQ_INT(r.res.outcome, OUT_COMPLETED);
    Lines l = lines_of(&r);
    check_order(&l);
    /* s.1 spins 0-10 ms, s.2 10-20, w sleeps at 20 until 45, s.1 20-30, s.2 30-40,
     * s.1 40-50 (w ready at 45, behind s.2), s.2 50-60, then w writes the flag */
    CHECK(find_from(&l, 0, "\"t\":10000,\"ev\":\"ready\",\"actor\":\"s.1\"") > 0);
    CHECK(find_from(&l, 0, "\"t\":20000,\"ev\":\"sleeping\",\"actor\":\"w\",\"until\":45000") > 0);
    CHECK(find_from(&l, 0, "\"t\":45000,\"ev\":\"ready\",\"actor\":\"w\"") > 0);
    CHECK(find_from(&l, 0, "\"t\":50000,\"ev\":\"running\",\"actor\":\"s.2\"") > 0);
    CHECK(find_from(&l, 0, "\"t\":60000,\"ev\":\"running\",\"actor\":\"w\"") > 0);
    CHECK(find_from(&l, 0, "\"t\":60000,\"ev\":\"write\",\"actor\":\"w\"") > 0);
    lines_free(&l);
    run_free(&r);
}

static const char *RANDOM5 =
    "{\"syncscope\":1,\"title\":\"random\",\"scheduler\":{\"policy\":\"random\"},"
    "\"actors\":[{\"id\":\"a\",\"count\":6,\"script\":[{\"do\":\"say\",\"text\":\"{i}\"},{\"do\":\"work\",\"ms\":1}]}]}";

/* The trace without its header (the header names the seed). */
static const char *body(const Run *r)
{
    const char *p = r->text ? strchr(r->text, '\n') : NULL;
    return p ? p : "";
}

TEST(random_policy_differs_by_seed_yet_repeats_per_seed)
{
    Run a = run_seed(RANDOM5, 1), b = run_seed(RANDOM5, 1);
    CHECK(a.len > 0 && a.len == b.len && memcmp(a.text, b.text, a.len) == 0);
    int differ = 0;
    for (uint64_t s = 2; s <= 6; s++) {
        Run c = run_seed(RANDOM5, s);
        differ += strcmp(body(&a), body(&c)) != 0;
        run_free(&c);
    }
    CHECK(differ > 0);
    run_free(&a);
    run_free(&b);
}

TEST(same_seed_gives_a_byte_identical_trace)
{
    const char *json =
        "{\"syncscope\":1,\"title\":\"repro\",\"cpus\":2,\"scheduler\":{\"policy\":\"rr\",\"quantum_ms\":3},\"seed\":42,"
        "\"resources\":[{\"id\":\"m\",\"type\":\"lock\"},{\"id\":\"n\",\"type\":\"variable\",\"value\":0}],"
        "\"actors\":[{\"id\":\"w\",\"count\":5,\"script\":[{\"repeat\":20,\"steps\":["
        "{\"do\":\"work\",\"ms\":[1,7]},{\"with\":\"m\",\"steps\":[{\"do\":\"read\",\"var\":\"n\",\"into\":\"x\"},"
        "{\"do\":\"work\",\"ms\":[0,2]},{\"do\":\"write\",\"var\":\"n\",\"value\":{\"add\":[{\"local\":\"x\"},1]}}]},"
        "{\"do\":\"sleep\",\"ms\":[0,4]}]}]}],\"expect\":{\"vars\":{\"n\":100}}}";
    Run a = run(json), b = run(json);
    CHECK(a.len > 1000);
    CHECK(a.len == b.len && memcmp(a.text, b.text, a.len) == 0);
    CHECK(a.res.expect.present && a.res.expect.ok);
    CHECK_EQ_INT(rt_exit_code(&a.res), 0);
    Lines l = lines_of(&a);
    check_order(&l);
    lines_free(&l);
    run_free(&a);
    run_free(&b);
}

TEST(stop_after_ms_ends_a_run_that_never_ends_as_stopped)
{
    Run r = run("{\"syncscope\":1,\"title\":\"spin\",\"stop_after_ms\":20,"
                "\"actors\":[{\"id\":\"a\",\"script\":[{\"loop\":[{\"do\":\"work\",\"ms\":3}]}]},"
                "{\"id\":\"s\",\"script\":[{\"loop\":[{\"do\":\"let\",\"local\":\"x\",\"value\":1}]}]}]}");
    CHECK_EQ_INT(r.res.outcome, OUT_STOPPED);
    CHECK_EQ_INT(r.res.end_t, 20000);
    CHECK_EQ_INT(rt_exit_code(&r.res), 0);
    Lines l = lines_of(&r);
    check_order(&l);
    CHECK(l.n > 0 && strstr(l.v[l.n - 1], "\"t\":20000,\"ev\":\"end\",\"outcome\":\"stopped\",\"reason\":\"stop_after_ms 20 reached\"") != NULL);
    lines_free(&l);
    run_free(&r);
}

TEST(a_daemon_is_killed_when_the_others_end)
{
    Run r = run("{\"syncscope\":1,\"title\":\"d\",\"actors\":["
                "{\"id\":\"tick\",\"daemon\":true,\"script\":[{\"loop\":[{\"do\":\"sleep\",\"ms\":1}]}]},"
                "{\"id\":\"main\",\"script\":[{\"do\":\"work\",\"ms\":5}]}],\"expect\":{\"outcome\":\"completed\"}}");
    CHECK_EQ_INT(r.res.outcome, OUT_COMPLETED);
    CHECK_EQ_INT(rt_exit_code(&r.res), 0);
    Lines l = lines_of(&r);
    check_order(&l);
    int d = find_from(&l, 0, "\"ev\":\"done\",\"actor\":\"main\"");
    int k = find_from(&l, 0, "\"ev\":\"killed\",\"actor\":\"tick\",\"reason\":\"daemon\"");
    CHECK(d > 0 && k > d);
    lines_free(&l);
    run_free(&r);
}

TEST(release_by_a_non_holder_ends_that_actor_in_error_and_the_run_goes_on)
{
    Run r = run("{\"syncscope\":1,\"title\":\"err\",\"resources\":[{\"id\":\"door\",\"type\":\"lock\"},"
                "{\"id\":\"s\",\"type\":\"semaphore\",\"value\":1,\"bounded\":true},{\"id\":\"v\",\"type\":\"variable\",\"value\":9007199254740990}],"
                "\"actors\":[{\"id\":\"car\",\"count\":2,\"script\":[{\"do\":\"work\",\"ms\":1},{\"do\":\"release\",\"on\":\"door\"}]},"
                "{\"id\":\"b\",\"script\":[{\"do\":\"release\",\"on\":\"s\"}]},"
                "{\"id\":\"o\",\"script\":[{\"do\":\"add\",\"var\":\"v\",\"value\":2}]},"
                "{\"id\":\"ok\",\"script\":[{\"with\":\"door\",\"steps\":[{\"do\":\"work\",\"ms\":1}]}]}]}");
    CHECK_EQ_INT(r.res.outcome, OUT_COMPLETED);
    Lines l = lines_of(&r);
    check_order(&l);
    CHECK(find_from(&l, 0, "\"ev\":\"error\",\"actor\":\"car.2\",\"msg\":\"actors[0].script[1]: release of lock \\\"door\\\" that \\\"car.2\\\" does not hold\"") >= 0);
    CHECK(find_from(&l, 0, "\"ev\":\"error\",\"actor\":\"b\",\"msg\":\"actors[1].script[0]: release of bounded semaphore") >= 0);
    CHECK(find_from(&l, 0, "\"ev\":\"error\",\"actor\":\"o\",\"msg\":\"actors[2].script[0]: integer overflow") >= 0);
    CHECK(find_from(&l, 0, "\"ev\":\"done\",\"actor\":\"ok\"") >= 0);
    CHECK_EQ_INT(count(&l, "\"ev\":\"error\""), 4);
    lines_free(&l);
    run_free(&r);
}

TEST(a_dead_holder_stays_the_holder_and_its_waiters_deadlock)
{
    Run r = run("{\"syncscope\":1,\"title\":\"dead\",\"resources\":[{\"id\":\"m\",\"type\":\"lock\"}],"
                "\"actors\":[{\"id\":\"a\",\"script\":[{\"do\":\"acquire\",\"on\":\"m\"}]},"
                "{\"id\":\"b\",\"script\":[{\"do\":\"acquire\",\"on\":\"m\"}]}]}");
    CHECK_EQ_INT(r.res.outcome, OUT_DEADLOCK);
    Lines l = lines_of(&r);
    CHECK(find_from(&l, 0, "\"ev\":\"done\",\"actor\":\"a\"") >= 0);
    CHECK(find_from(&l, 0, "\"ev\":\"waits\",\"actor\":\"b\",\"res\":\"m\",\"holders\":[\"a\"]") >= 0);
    lines_free(&l);
    run_free(&r);
}

TEST(control_flow_while_if_break_and_templates_work)
{
    Run r;
    r = run("{\"syncscope\":1,\"title\":\"cf\",\"resources\":[{\"id\":\"n\",\"type\":\"variable\",\"value\":0},"
            "{\"id\":\"m\",\"type\":\"lock\"}],"
            "\"actors\":[{\"id\":\"a\",\"count\":2,\"script\":["
            "{\"do\":\"let\",\"local\":\"k\",\"value\":0},"
            "{\"while\":{\"lt\":[{\"local\":\"k\"},10]},\"steps\":["
            "{\"do\":\"let\",\"local\":\"k\",\"value\":{\"add\":[{\"local\":\"k\"},1]}},"
            "{\"if\":{\"eq\":[{\"local\":\"k\"},3]},\"then\":[{\"do\":\"say\",\"text\":\"a{i} at {k} iter {iter}\"}],"
            "\"else\":[{\"do\":\"add\",\"var\":\"n\",\"value\":1}]}]},"
            "{\"loop\":[{\"with\":\"m\",\"steps\":[{\"do\":\"break\"}]}]},"
            "{\"do\":\"acquire\",\"on\":\"m\"},{\"do\":\"release\",\"on\":\"m\"}]}],"
            "\"expect\":{\"outcome\":\"completed\",\"vars\":{\"n\":18}}}");
    CHECK(r.ok);
    CHECK_EQ_INT(r.res.outcome, OUT_COMPLETED);
    CHECK(r.res.expect.ok);
    Lines l = lines_of(&r);
    check_order(&l);
    CHECK(find_from(&l, 0, "\"say\":\"a2 at 3 iter 3\"") >= 0);
    /* the break left the with block, which released the lock on its way out */
    CHECK_EQ_INT(count(&l, "\"ev\":\"released\""), 4);
    lines_free(&l);
    run_free(&r);
}

TEST(an_empty_loop_spins_on_the_clock_instead_of_hanging)
{
    Run r = run("{\"syncscope\":1,\"title\":\"spin\",\"stop_after_ms\":5,"
                "\"actors\":[{\"id\":\"b\",\"script\":[{\"loop\":[{\"repeat\":0,\"steps\":[{\"do\":\"say\",\"text\":\"x\"}]}]}]}]}");
    CHECK(r.ok);
    CHECK_EQ_INT(r.res.outcome, OUT_STOPPED);
    run_free(&r);
}

TEST(a_closed_reader_is_a_fault)
{
    Scenario *sc = runhelp_load(LOCK3);
    CHECK(sc != NULL);
    if (!sc) return;
    int p[2];
    CHECK(pipe(p) == 0);
    close(p[0]);
    RtOptions opt = {.out_fd = p[1], .ctl_fd = -1, .instant = true};
    RtResult res;
    Err err;
    CHECK(rt_run(sc, &opt, &res, &err));
    CHECK_EQ_INT(res.outcome, OUT_FAULT);
    CHECK(res.write_failed);
    CHECK_EQ_INT(rt_exit_code(&res), 4);
    close(p[1]);
    scenario_free(sc);
}

TEST(sigint_flag_and_a_closed_control_pipe_interrupt_the_run)
{
    atomic_int flag = 1;
    RtOptions opt = {.ctl_fd = -1, .instant = true, .interrupt = &flag};
    Run r = run_opt(LOCK3, opt);
    CHECK_EQ_INT(r.res.outcome, OUT_INTERRUPTED);
    CHECK_EQ_INT(rt_exit_code(&r.res), 5);
    CHECK(strstr(r.text ? r.text : "", "\"outcome\":\"interrupted\"") != NULL);
    run_free(&r);

    int p[2];
    CHECK(pipe(p) == 0);
    close(p[1]);
    RtOptions paced = {.ctl_fd = p[0], .instant = false};
    r = run_opt("{\"syncscope\":1,\"title\":\"slow\",\"actors\":[{\"id\":\"a\",\"script\":[{\"do\":\"sleep\",\"ms\":60000}]}]}", paced);
    CHECK_EQ_INT(r.res.outcome, OUT_INTERRUPTED);
    close(p[0]);
    run_free(&r);
}

TEST(pacing_waits_wall_time_scaled_by_speed)
{
    RtOptions opt = {.ctl_fd = -1, .has_speed = true, .speed = 10.0};
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    Run r = run_opt("{\"syncscope\":1,\"title\":\"slow\",\"actors\":[{\"id\":\"a\",\"script\":[{\"do\":\"sleep\",\"ms\":500}]}]}", opt);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    CHECK(s >= 0.045 && s < 2.0);
    CHECK_EQ_INT(r.res.outcome, OUT_COMPLETED);
    run_free(&r);
}

static double wall_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct CtlScript {
    int fd;
    const char *first, *second;
    int gap_ms;
} CtlScript;

static void *ctl_writer(void *p)
{
    CtlScript *c = p;
    if (write(c->fd, c->first, strlen(c->first)) < 0) return NULL;
    if (c->second) {
        struct timespec ts = {.tv_sec = c->gap_ms / 1000, .tv_nsec = (long)(c->gap_ms % 1000) * 1000000L};
        nanosleep(&ts, NULL);
        if (write(c->fd, c->second, strlen(c->second)) < 0) return NULL;
    }
    return NULL;
}

/* Runs a paced 200 ms sleep while a thread writes commands on the control pipe. */
static double paced_with_ctl(CtlScript c, Run *out)
{
    int p[2];
    if (pipe(p) != 0) return -1;
    c.fd = p[1];
    pthread_t th;
    double t0 = wall_now();
    pthread_create(&th, NULL, ctl_writer, &c);
    RtOptions opt = {.ctl_fd = p[0]};
    *out = run_opt("{\"syncscope\":1,\"title\":\"paced\",\"actors\":[{\"id\":\"a\",\"script\":[{\"do\":\"sleep\",\"ms\":200}]}]}", opt);
    double dt = wall_now() - t0;
    pthread_join(th, NULL);
    close(p[0]);
    close(p[1]);
    return dt;
}

TEST(pause_on_the_control_pipe_stops_the_world_until_resume)
{
    Run r;
    double dt = paced_with_ctl((CtlScript){.first = "pause\n", .second = "resume\n", .gap_ms = 600}, &r);
    CHECK_EQ_INT(r.res.outcome, OUT_COMPLETED);
    CHECK(dt >= 0.6); /* 600 ms paused, then the 200 ms sleep at least partly */
    run_free(&r);
}

TEST(speed_on_the_control_pipe_changes_the_pacing_not_the_trace)
{
    Run slow, fast;
    double dt = paced_with_ctl((CtlScript){.first = "speed 100\n"}, &fast);
    RtOptions opt = {.ctl_fd = -1, .instant = true};
    slow = run_opt("{\"syncscope\":1,\"title\":\"paced\",\"actors\":[{\"id\":\"a\",\"script\":[{\"do\":\"sleep\",\"ms\":200}]}]}", opt);
    CHECK(dt < 0.15);
    CHECK(fast.len > 0 && fast.len == slow.len && memcmp(fast.text, slow.text, fast.len) == 0);
    run_free(&slow);
    run_free(&fast);
}

static int count_tasks(void)
{
    DIR *d = opendir("/proc/self/task");
    if (!d) return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

TEST(no_thread_is_left_behind)
{
    int before = count_tasks();
    CHECK(before >= 1);
    Run a = run(PHILO);                  /* deadlock: two blocked threads */
    Run b = run("{\"syncscope\":1,\"title\":\"spin\",\"stop_after_ms\":3,\"actors\":[{\"id\":\"a\",\"count\":20,"
                "\"script\":[{\"loop\":[{\"do\":\"work\",\"ms\":1}]}]}]}"); /* stopped mid-run */
    CHECK_EQ_INT(a.res.outcome, OUT_DEADLOCK);
    CHECK_EQ_INT(b.res.outcome, OUT_STOPPED);
    CHECK_EQ_INT(count_tasks(), before);
    run_free(&a);
    run_free(&b);
}


/* ---- issue 3: the rest of the primitives ----------------------------------- */

/* Every needle is found, each after the one before: the events in that order. */
static bool in_order(const Lines *l, const char *const *needles)
{
    int at = 0;
    for (int i = 0; needles[i]; i++) {
        int k = find_from(l, at, needles[i]);
        if (k < 0) {
            fprintf(stderr, "  not found (in order): %s\n", needles[i]);
            return false;
        }
        at = k + 1;
    }
    return true;
}

/* The run of json is the same byte for byte twice (and gives its events). */
static Lines run_twice(const char *json, Run *out)
{
    Run a = run(json), b = run(json);
    CHECK(a.ok && b.ok);
    CHECK(a.len > 0 && a.len == b.len && memcmp(a.text, b.text, a.len) == 0);
    run_free(&b);
    Lines l = lines_of(&a);
    check_order(&l);
    *out = a;
    return l;
}

static const char *RLOCK_COND =
    "{\"syncscope\":1,\"title\":\"rlock\",\"resources\":[{\"id\":\"r\",\"type\":\"rlock\"},"
    "{\"id\":\"c\",\"type\":\"condition\",\"lock\":\"r\"}],\"actors\":["
    "{\"id\":\"w\",\"script\":[{\"do\":\"acquire\",\"on\":\"r\"},{\"do\":\"acquire\",\"on\":\"r\"},"
    "{\"do\":\"wait\",\"on\":\"c\",\"into\":\"got\",\"say\":\"got {got}\"},"
    "{\"do\":\"release\",\"on\":\"r\"},{\"do\":\"release\",\"on\":\"r\"}]},"
    "{\"id\":\"x\",\"count\":2,\"script\":[{\"with\":\"c\",\"steps\":[{\"do\":\"wait\",\"on\":\"c\","
    "\"timeout_ms\":50,\"into\":\"got\",\"say\":\"x got {got}\"}]}]},"
    "{\"id\":\"m\",\"script\":[{\"do\":\"sleep\",\"ms\":10},{\"with\":\"r\",\"steps\":["
    "{\"do\":\"notify\",\"on\":\"c\",\"n\":1}]}]},"
    "{\"id\":\"bad\",\"start_ms\":200,\"script\":[{\"do\":\"release\",\"on\":\"r\"}]}]}";

TEST(rlock_counts_depth_and_a_condition_wait_restores_it_after_notify)
{
    Run r;
    Lines l = run_twice(RLOCK_COND, &r);
    CHECK_EQ_INT(r.res.outcome, OUT_COMPLETED);
    static const char *const order[] = {
        "\"acquired\",\"actor\":\"w\",\"res\":\"r\",\"depth\":1",
        "\"acquired\",\"actor\":\"w\",\"res\":\"r\",\"depth\":2",
        "\"released\",\"actor\":\"w\",\"res\":\"r\",\"depth\":0",
        "\"blocked\",\"actor\":\"w\",\"res\":\"c\",\"op\":\"wait\"",
        "\"notify\",\"actor\":\"m\",\"res\":\"c\",\"n\":1",
        /* the first waiter only, FIFO, moves to the lock's queue */
        "\"blocked\",\"actor\":\"w\",\"res\":\"r\",\"op\":\"acquire\"",
        "\"released\",\"actor\":\"m\",\"res\":\"r\",\"depth\":0",
        "\"acquired\",\"actor\":\"w\",\"res\":\"r\",\"depth\":2",
        "\"say\":\"got 1\"",
        "\"released\",\"actor\":\"w\",\"res\":\"r\",\"depth\":1",
        "\"released\",\"actor\":\"w\",\"res\":\"r\",\"depth\":0", NULL};
    CHECK(in_order(&l, order));
    /* the other two were never notified: their waits time out, then re-acquire */
    static const char *const timeout[] = {
        "\"fail\",\"actor\":\"x.1\",\"res\":\"c\",\"why\":\"timeout\"",
        "\"acquired\",\"actor\":\"x.1\",\"res\":\"r\",\"depth\":1",
        "\"say\",\"actor\":\"x.1\",\"say\":\"x got 0\"", NULL};
    CHECK(in_order(&l, timeout));
    CHECK_EQ_INT(count(&l, "\"why\":\"timeout\""), 2);
    /* release by a non-owner is the actor's error, as Python's RuntimeError */
    CHECK(find_from(&l, 0, "\"error\",\"actor\":\"bad\"") >= 0);
    lines_free(&l);
    run_free(&r);
}

static const char *BARRIER_JQ =
    "{\"syncscope\":1,\"title\":\"barrier\",\"resources\":[{\"id\":\"b\",\"type\":\"barrier\",\"parties\":2},"
    "{\"id\":\"q\",\"type\":\"queue\",\"joinable\":true}],\"actors\":["
    "{\"id\":\"r\",\"count\":2,\"script\":[{\"repeat\":2,\"steps\":[{\"do\":\"wait\",\"on\":\"b\",\"into\":\"k\",\"say\":\"k={k}\"}]}]},"
    "{\"id\":\"p\",\"script\":[{\"do\":\"put\",\"on\":\"q\",\"item\":1},{\"do\":\"put\",\"on\":\"q\",\"item\":2},"
    "{\"do\":\"join\",\"on\":\"q\",\"into\":\"j\",\"say\":\"joined {j}\"}]},"
    "{\"id\":\"c\",\"script\":[{\"repeat\":3,\"steps\":[{\"do\":\"get\",\"on\":\"q\",\"blocking\":false,\"ok\":\"ok\"},"
    "{\"do\":\"task_done\",\"on\":\"q\"}]}]}]}";

TEST(barrier_releases_in_arrival_order_and_starts_over_and_join_waits_for_task_done)
{
    Run r;
    Lines l = run_twice(BARRIER_JQ, &r);
    static const char *const bar[] = {
        "\"arrive\",\"actor\":\"r.1\",\"res\":\"b\",\"value\":0",
        "\"blocked\",\"actor\":\"r.1\",\"res\":\"b\",\"op\":\"wait\"",
        "\"arrive\",\"actor\":\"r.2\",\"res\":\"b\",\"value\":1",
        "\"passed\",\"actor\":\"r.2\",\"res\":\"b\"",
        "\"ready\",\"actor\":\"r.1\"",
        /* reused: the next cycle counts from 0 again */
        "\"arrive\",\"actor\":\"r.2\",\"res\":\"b\",\"value\":0",
        "\"arrive\",\"actor\":\"r.1\",\"res\":\"b\",\"value\":1",
        "\"passed\",\"actor\":\"r.1\",\"res\":\"b\"", NULL};
    CHECK(in_order(&l, bar));
    static const char *const jq[] = {
        "\"blocked\",\"actor\":\"p\",\"res\":\"q\",\"op\":\"join\"",
        "\"task_done\",\"actor\":\"c\"", "\"task_done\",\"actor\":\"c\"",
        "\"say\",\"actor\":\"p\",\"say\":\"joined 1\"", "\"ready\",\"actor\":\"p\"",
        "\"fail\",\"actor\":\"c\",\"res\":\"q\",\"why\":\"empty\"",
        "\"error\",\"actor\":\"c\",\"msg\":\"actors[2].script[0].steps[1]: task_done() called too many times", NULL};
    CHECK(in_order(&l, jq));
    lines_free(&l);
    run_free(&r);
}

#define PIPE_JSON(CLOSE_W)                                                                          \
    "{\"syncscope\":1,\"title\":\"pipe\",\"resources\":[{\"id\":\"p\",\"type\":\"pipe\"}],\"actors\":["  \
    "{\"id\":\"w\",\"script\":[{\"do\":\"send\",\"on\":\"p\",\"item\":1},{\"do\":\"sleep\",\"ms\":1},"      \
    "{\"do\":\"send\",\"on\":\"p\",\"item\":2}]},"                                                    \
    "{\"id\":\"r\",\"script\":[" CLOSE_W "{\"loop\":[{\"do\":\"recv\",\"on\":\"p\",\"into\":\"x\",\"ok\":\"ok\"}," \
    "{\"if\":{\"eq\":[{\"local\":\"ok\"},0]},\"then\":[{\"do\":\"break\"}]}]}]}]}"

TEST(pipe_recv_sees_eof_only_once_every_write_end_is_closed)
{
    Run r;
    Lines l = run_twice(PIPE_JSON("{\"do\":\"close\",\"on\":\"p\",\"end\":\"write\"},"), &r);
    CHECK_EQ_INT(r.res.outcome, OUT_COMPLETED);
    static const char *const order[] = {
        "\"close\",\"actor\":\"r\",\"res\":\"p\",\"end\":\"write\"",
        "\"recv\",\"actor\":\"r\",\"res\":\"p\",\"item\":1,\"ok\":1,\"end\":\"read\"",
        "\"blocked\",\"actor\":\"r\",\"res\":\"p\"",
        "\"send\",\"actor\":\"w\",\"res\":\"p\",\"item\":2,\"end\":\"write\"",
        "\"recv\",\"actor\":\"r\",\"res\":\"p\",\"item\":2,\"ok\":1",
        "\"done\",\"actor\":\"w\"", /* its write end closes with it */
        "\"recv\",\"actor\":\"r\",\"res\":\"p\",\"item\":null,\"ok\":0", "\"done\",\"actor\":\"r\"", NULL};
    CHECK(in_order(&l, order));
    lines_free(&l);
    run_free(&r);
}

TEST(a_reader_that_forgets_to_close_its_own_write_end_hangs_and_it_is_a_deadlock)
{
    Run r;
    Lines l = run_twice(PIPE_JSON(""), &r);
    CHECK_EQ_INT(r.res.outcome, OUT_DEADLOCK);
    CHECK_EQ_INT(count(&l, "\"ok\":0"), 0);
    CHECK(find_from(&l, 0, "\"waits\",\"actor\":\"r\",\"res\":\"p\"") >= 0);
    lines_free(&l);
    run_free(&r);
}

#define RESULT "{\"do\":\"let\",\"local\":\"result\",\"value\":{\"add\":[{\"local\":\"x\"},100]}}"
static const char *POOL =
    "{\"syncscope\":1,\"title\":\"pool\",\"cpus\":3,\"resources\":[{\"id\":\"pl\",\"type\":\"pool\",\"workers\":2}],"
    "\"scripts\":{\"sq\":[{\"do\":\"work\",\"ms\":5}," RESULT "],\"slow\":[{\"do\":\"work\",\"ms\":9}," RESULT "],"
    "\"fast\":[{\"do\":\"work\",\"ms\":2}," RESULT "],\"cb\":[{\"do\":\"say\",\"text\":\"cb {result}\"}]},"
    "\"actors\":[{\"id\":\"m\",\"script\":["
    "{\"do\":\"submit\",\"on\":\"pl\",\"script\":\"sq\",\"args\":{\"x\":1},\"wait\":true,\"into\":\"r\",\"say\":\"r={r}\"},"
    "{\"do\":\"submit\",\"on\":\"pl\",\"script\":\"slow\",\"args\":{\"x\":2},\"callback\":\"cb\"},"
    "{\"do\":\"submit\",\"on\":\"pl\",\"script\":\"fast\",\"args\":{\"x\":3},\"callback\":\"cb\"},"
    "{\"do\":\"close\",\"on\":\"pl\"},{\"do\":\"join\",\"on\":\"pl\"},{\"do\":\"say\",\"text\":\"all done\"}]}]}";

TEST(pool_apply_blocks_for_its_result_and_apply_async_callbacks_run_in_completion_order)
{
    Run r;
    Lines l = run_twice(POOL, &r);
    CHECK_EQ_INT(r.res.outcome, OUT_COMPLETED);
    static const char *const order[] = {
        "\"submit\",\"actor\":\"m\",\"res\":\"pl\",\"task\":1,\"say\":\"sq\"",
        "\"blocked\",\"actor\":\"m\",\"res\":\"pl\"",
        "\"task_start\",\"actor\":\"pl.w1\",\"res\":\"pl\",\"task\":1",
        "\"task_end\",\"actor\":\"pl.w1\",\"res\":\"pl\",\"task\":1,\"item\":101",
        "\"say\",\"actor\":\"m\",\"say\":\"r=101\"",
        "\"submit\",\"actor\":\"m\",\"res\":\"pl\",\"task\":2",
        "\"submit\",\"actor\":\"m\",\"res\":\"pl\",\"task\":3",
        "\"close\",\"actor\":\"m\",\"res\":\"pl\"",
        "\"blocked\",\"actor\":\"m\",\"res\":\"pl\",\"op\":\"join\"",
        /* task 3 is shorter: it ends first, so its callback runs first */
        "\"res\":\"pl\",\"task\":3,\"item\":103",
        "\"callback\",\"actor\":\"pl.cb\",\"res\":\"pl\",\"task\":3",
        "\"say\",\"actor\":\"pl.cb\",\"say\":\"cb 103\"",
        "\"say\",\"actor\":\"pl.cb\",\"say\":\"cb 102\"",
        "\"say\",\"actor\":\"m\",\"say\":\"all done\"",
        "\"killed\",\"actor\":\"pl.w1\",\"reason\":\"daemon\"", NULL};
    CHECK(in_order(&l, order));
    lines_free(&l);
    run_free(&r);
}

static const char *LIFE =
    "{\"syncscope\":1,\"title\":\"life\",\"resources\":[{\"id\":\"l\",\"type\":\"lock\"}],\"actors\":["
    "{\"id\":\"p\",\"script\":[{\"do\":\"acquire\",\"on\":\"l\"},{\"do\":\"start\",\"actor\":\"late\"},"
    "{\"do\":\"join\",\"actor\":\"late\",\"timeout_ms\":3,\"into\":\"j\",\"say\":\"j={j}\"},"
    "{\"do\":\"release\",\"on\":\"l\"},{\"do\":\"join\",\"actor\":\"late\",\"into\":\"j\",\"say\":\"j={j}\"},"
    "{\"do\":\"start\",\"actor\":\"late\"}]},"
    "{\"id\":\"late\",\"autostart\":false,\"script\":[{\"do\":\"acquire\",\"on\":\"l\",\"blocking\":false,"
    "\"into\":\"g\",\"say\":\"g={g}\"},{\"with\":\"l\",\"steps\":[]}]},"
    "{\"id\":\"never\",\"autostart\":false,\"script\":[{\"do\":\"work\",\"ms\":1}]}]}";

TEST(start_join_with_timeout_and_start_twice_is_an_error)
{
    Run r;
    Lines l = run_twice(LIFE, &r);
    CHECK_EQ_INT(r.res.outcome, OUT_COMPLETED); /* a never-started actor is no deadlock */
    static const char *const order[] = {
        "\"start\",\"actor\":\"p\",\"target\":\"late\"", "\"ready\",\"actor\":\"late\"",
        "\"blocked\",\"actor\":\"p\",\"target\":\"late\",\"op\":\"join\"",
        "\"fail\",\"actor\":\"late\",\"res\":\"l\",\"why\":\"busy\"", "\"say\":\"g=0\"",
        "\"fail\",\"actor\":\"p\",\"target\":\"late\",\"why\":\"timeout\"", "\"say\":\"j=0\"",
        "\"released\",\"actor\":\"p\",\"res\":\"l\"", "\"done\",\"actor\":\"late\"", "\"say\":\"j=1\"",
        "\"error\",\"actor\":\"p\",\"msg\":\"actors[0].script[5]: start of actor \\\"late\\\" that was already started\"",
        NULL};
    CHECK(in_order(&l, order));
    CHECK_EQ_INT(count(&l, "\"actor\":\"never\""), 2); /* new and its stats: it stays new */
    lines_free(&l);
    run_free(&r);
}

static const char *PRIO =
    "{\"syncscope\":1,\"title\":\"prio\",\"scheduler\":{\"policy\":\"priority\"},\"actors\":["
    "{\"id\":\"lo\",\"priority\":1,\"script\":[{\"do\":\"work\",\"ms\":10}]},"
    "{\"id\":\"mid\",\"priority\":5,\"start_ms\":3,\"script\":[{\"do\":\"work\",\"ms\":2}]},"
    "{\"id\":\"hi\",\"priority\":9,\"start_ms\":4,\"script\":[{\"do\":\"work\",\"ms\":1}]},"
    "{\"id\":\"hi2\",\"priority\":9,\"start_ms\":4,\"script\":[{\"do\":\"work\",\"ms\":1}]}]}";

TEST(priority_preempts_the_lower_running_actor_which_keeps_its_work_left)
{
    Run r;
    Lines l = run_twice(PRIO, &r);
    static const char *const order[] = {
        "\"running\",\"actor\":\"lo\"",
        "{\"seq\":6,\"t\":3000,\"ev\":\"ready\",\"actor\":\"mid\"}",
        "\"t\":3000,\"ev\":\"ready\",\"actor\":\"lo\"", "\"t\":3000,\"ev\":\"running\",\"actor\":\"mid\"",
        "\"t\":4000,\"ev\":\"ready\",\"actor\":\"mid\"", "\"t\":4000,\"ev\":\"running\",\"actor\":\"hi\"",
        "\"t\":5000,\"ev\":\"running\",\"actor\":\"hi2\"", /* FIFO within a level */
        "\"t\":6000,\"ev\":\"running\",\"actor\":\"mid\"",
        "\"t\":7000,\"ev\":\"running\",\"actor\":\"lo\"",
        "\"t\":14000,\"ev\":\"done\",\"actor\":\"lo\"", NULL}; /* 3 ms + 7 ms of its 10 */
    CHECK(in_order(&l, order));
    lines_free(&l);
    run_free(&r);
}

/* ---- the os policy and the end-of-run report (runtime-2) -------------------- */

/* The model accepts the whole trace, end line included (replay). */
static bool replays(const Run *r)
{
    if (!r->text || r->len == 0) return false;
    const char *nl = strchr(r->text, '\n');
    if (!nl) return false;
    Err err;
    Scenario *hdr = trace_parse_header(r->text, (size_t)(nl - r->text), &err);
    if (!hdr) { err_print(&err, stderr); return false; }
    Timeline *tl = timeline_new(hdr, &err);
    bool ok = tl != NULL;
    for (const char *p = nl + 1; ok && *p;) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        Event ev;
        ok = trace_decode_event(hdr, p, len, &ev, &err) && timeline_append(tl, &ev, &err);
        if (!ok) err_print(&err, stderr);
        p = e ? e + 1 : p + len;
    }
    timeline_free(tl);
    scenario_free(hdr);
    return ok;
}

static Run run_os(const char *json)
{
    RtOptions opt = {.ctl_fd = -1};
    return run_opt(json, opt);
}

/* n threads: read, sleep 1 ms, write back counter - 1 (lost updates). */
static char *os_counter(int n)
{
    static char buf[1024];
    snprintf(buf, sizeof buf,
             "{\"syncscope\":1,\"title\":\"os counter\",\"scheduler\":{\"policy\":\"os\"},"
             "\"resources\":[{\"id\":\"counter\",\"type\":\"variable\",\"value\":%d}],"
             "\"actors\":[{\"id\":\"t\",\"count\":%d,\"script\":["
             "{\"do\":\"read\",\"var\":\"counter\",\"into\":\"c\"},{\"do\":\"sleep\",\"ms\":1},"
             "{\"do\":\"write\",\"var\":\"counter\",\"value\":{\"add\":[{\"local\":\"c\"},-1]}}]}],"
             "\"expect\":{\"outcome\":\"completed\"}}", n, n);
    return buf;
}

TEST(os_policy_runs_a_hundred_threads_freely_to_completion)
{
    Run r = run_os(os_counter(100));
    CHECK(r.ok);
    CHECK_EQ_INT(r.res.outcome, OUT_COMPLETED);
    CHECK(r.res.expect.ok);
    Lines l = lines_of(&r);
    CHECK_EQ_INT(count(&l, "\"ev\":\"write\""), 100);
    CHECK_EQ_INT(count(&l, "\"ev\":\"done\""), 100);
    CHECK(strstr(line_at(&r, 0), "\"cpus\":100") != NULL); /* one pseudo CPU per actor */
    CHECK(find_from(&l, 0, "\"ev\":\"running\",\"actor\":\"t.100\",\"cpu\":99") >= 0);
    /* t never goes back */
    long long last = -1;
    bool mono = true;
    for (int i = 0; i < l.n; i++) {
        const char *t = strstr(l.v[i], "\"t\":");
        long long v = t ? atoll(t + 4) : -1;
        if (v < last) mono = false;
        last = v;
    }
    CHECK(mono);
    lines_free(&l);
    run_free(&r);
}

TEST(an_os_trace_replays_under_the_model)
{
    /* 100 actors: 100 pseudo CPUs in the header, more than a scenario may ask for */
    Run r = run_os(os_counter(100));
    CHECK_EQ_INT(r.res.outcome, OUT_COMPLETED);
    CHECK(replays(&r));
    run_free(&r);
}

TEST(an_os_work_really_computes_for_ms_over_speed)
{
    double t0 = wall_now();
    Run r = run_os("{\"syncscope\":1,\"title\":\"w\",\"scheduler\":{\"policy\":\"os\"},\"speed\":2,"
                   "\"actors\":[{\"id\":\"a\",\"count\":2,\"script\":[{\"do\":\"work\",\"ms\":200}]}]}");
    double dt = wall_now() - t0;
    CHECK_EQ_INT(r.res.outcome, OUT_COMPLETED);
    CHECK(dt >= 0.095 && dt < 1.0); /* 200 ms at speed 2, the two in parallel */
    CHECK(r.res.end_t >= 200000);
    CHECK(replays(&r));
    run_free(&r);
}

TEST(an_os_deadlock_of_two_locks_in_opposite_order_is_detected)
{
    Run r = run_os("{\"syncscope\":1,\"title\":\"dl\",\"scheduler\":{\"policy\":\"os\"},"
                   "\"resources\":[{\"id\":\"a\",\"type\":\"lock\"},{\"id\":\"b\",\"type\":\"lock\"}],"
                   "\"actors\":["
                   "{\"id\":\"x\",\"label\":\"Alice\",\"script\":[{\"do\":\"acquire\",\"on\":\"a\"},{\"do\":\"sleep\",\"ms\":20},{\"do\":\"acquire\",\"on\":\"b\"}]},"
                   "{\"id\":\"y\",\"label\":\"Bob\",\"script\":[{\"do\":\"acquire\",\"on\":\"b\"},{\"do\":\"sleep\",\"ms\":20},{\"do\":\"acquire\",\"on\":\"a\"}]},"
                   "{\"id\":\"z\",\"script\":[{\"do\":\"sleep\",\"ms\":5},{\"do\":\"acquire\",\"on\":\"a\",\"timeout_ms\":40,\"into\":\"got\"}]}]}");
    CHECK_EQ_INT(r.res.outcome, OUT_DEADLOCK);
    Lines l = lines_of(&r);
    CHECK(find_from(&l, 0, "\"ev\":\"waits\",\"actor\":\"x\",\"res\":\"b\",\"holders\":[\"y\"]") >= 0);
    CHECK(find_from(&l, 0, "\"ev\":\"fail\",\"actor\":\"z\",\"res\":\"a\",\"why\":\"timeout\"") >= 0);
    CHECK(find_from(&l, 0, "\"ev\":\"done\",\"actor\":\"z\"") >= 0); /* its timed wait ended first */
    CHECK(strstr(r.res.reason, "\"Alice\" waits for b held by \"Bob\"") != NULL);
    CHECK(r.res.end_t >= 45000); /* not before z's timeout */
    CHECK(replays(&r));
    lines_free(&l);
    run_free(&r);
}

TEST(os_stop_after_ms_ends_a_spin_as_stopped_and_leaves_no_thread)
{
    int before = count_tasks();
    double t0 = wall_now();
    Run r = run_os("{\"syncscope\":1,\"title\":\"spin\",\"scheduler\":{\"policy\":\"os\"},\"stop_after_ms\":100,"
                   "\"actors\":[{\"id\":\"a\",\"count\":3,\"script\":[{\"loop\":[{\"do\":\"let\",\"local\":\"x\",\"value\":1}]}]},"
                   "{\"id\":\"w\",\"script\":[{\"loop\":[{\"do\":\"work\",\"ms\":7}]}]}]}");
    double dt = wall_now() - t0;
    CHECK_EQ_INT(r.res.outcome, OUT_STOPPED);
    CHECK(dt >= 0.09 && dt < 2.0);
    CHECK_EQ_INT(count_tasks(), before);
    run_free(&r);
}

TEST(os_pause_on_the_control_pipe_stops_the_world_and_its_clock)
{
    int p[2];
    CHECK(pipe(p) == 0);
    CtlScript c = {.fd = p[1], .first = "pause\n", .second = "resume\n", .gap_ms = 400};
    pthread_t th;
    double t0 = wall_now();
    pthread_create(&th, NULL, ctl_writer, &c);
    RtOptions opt = {.ctl_fd = p[0]};
    Run r = run_opt("{\"syncscope\":1,\"title\":\"os paced\",\"scheduler\":{\"policy\":\"os\"},"
                    "\"actors\":[{\"id\":\"a\",\"script\":[{\"do\":\"work\",\"ms\":100},{\"do\":\"sleep\",\"ms\":100}]}]}", opt);
    double dt = wall_now() - t0;
    pthread_join(th, NULL);
    close(p[0]);
    close(p[1]);
    CHECK_EQ_INT(r.res.outcome, OUT_COMPLETED);
    CHECK(dt >= 0.4 + 0.15); /* paused 400 ms, then the rest of 200 ms */
    CHECK(r.res.end_t < 350000); /* the paused time is not on the clock */
    run_free(&r);
}

TEST(os_interrupt_flag_ends_the_run_as_interrupted)
{
    static atomic_int flag = 1;
    RtOptions opt = {.ctl_fd = -1, .interrupt = &flag};
    Run r = run_opt("{\"syncscope\":1,\"title\":\"s\",\"scheduler\":{\"policy\":\"os\"},"
                    "\"actors\":[{\"id\":\"a\",\"script\":[{\"do\":\"sleep\",\"ms\":60000}]}]}", opt);
    CHECK_EQ_INT(r.res.outcome, OUT_INTERRUPTED);
    CHECK(strstr(r.text ? r.text : "", "\"outcome\":\"interrupted\"") != NULL);
    run_free(&r);
}

TEST(the_result_keeps_the_first_ten_errors_and_counts_them_all)
{
    Run r = run("{\"syncscope\":1,\"title\":\"errs\",\"resources\":[{\"id\":\"m\",\"type\":\"lock\"}],"
                "\"actors\":[{\"id\":\"b\",\"label\":\"Buyer {i}\",\"count\":12,\"script\":[{\"do\":\"say\",\"text\":\"hi\"},{\"do\":\"release\",\"on\":\"m\"}]}]}");
    CHECK_EQ_INT(r.res.outcome, OUT_COMPLETED);
    CHECK_EQ_INT(r.res.n_errors, 12);
    CHECK_EQ_INT(r.res.errors[0].actor, 0);
    CHECK_EQ_INT(r.res.errors[9].actor, 9);
    CHECK(strstr(r.res.errors[1].msg, "actors[0].script[1]: ") == r.res.errors[1].msg);
    CHECK(strstr(r.res.errors[1].msg, "\"b.2\"") != NULL);
    CHECK_EQ_STR(r.res.reason, "every actor ended");
    run_free(&r);
}

int main(void)
{
    RUN(lock_gives_mutual_exclusion_and_hands_off_in_fifo_order);
    RUN(two_philosophers_deadlock_with_waits_naming_the_holders);
    RUN(semaphore_of_two_never_lets_more_than_two_in);
    RUN(event_set_wakes_every_waiter_in_queue_order);
    RUN(bounded_queue_blocks_the_producer_and_items_come_out_in_order);
    RUN(a_put_hands_its_item_to_a_blocked_getter);
    RUN(rr_quantum_preempts_a_long_work);
    RUN(rr_preempts_a_spin_loop_at_its_quantum_and_a_sleeper_wakes_on_time);
    RUN(random_policy_differs_by_seed_yet_repeats_per_seed);
    RUN(same_seed_gives_a_byte_identical_trace);
    RUN(stop_after_ms_ends_a_run_that_never_ends_as_stopped);
    RUN(a_daemon_is_killed_when_the_others_end);
    RUN(release_by_a_non_holder_ends_that_actor_in_error_and_the_run_goes_on);
    RUN(a_dead_holder_stays_the_holder_and_its_waiters_deadlock);
    RUN(control_flow_while_if_break_and_templates_work);
    RUN(an_empty_loop_spins_on_the_clock_instead_of_hanging);
    RUN(a_closed_reader_is_a_fault);
    RUN(sigint_flag_and_a_closed_control_pipe_interrupt_the_run);
    RUN(pacing_waits_wall_time_scaled_by_speed);
    RUN(pause_on_the_control_pipe_stops_the_world_until_resume);
    RUN(speed_on_the_control_pipe_changes_the_pacing_not_the_trace);
    RUN(no_thread_is_left_behind);
    RUN(rlock_counts_depth_and_a_condition_wait_restores_it_after_notify);
    RUN(barrier_releases_in_arrival_order_and_starts_over_and_join_waits_for_task_done);
    RUN(pipe_recv_sees_eof_only_once_every_write_end_is_closed);
    RUN(a_reader_that_forgets_to_close_its_own_write_end_hangs_and_it_is_a_deadlock);
    RUN(pool_apply_blocks_for_its_result_and_apply_async_callbacks_run_in_completion_order);
    RUN(start_join_with_timeout_and_start_twice_is_an_error);
    RUN(priority_preempts_the_lower_running_actor_which_keeps_its_work_left);
    RUN(os_policy_runs_a_hundred_threads_freely_to_completion);
    RUN(an_os_trace_replays_under_the_model);
    RUN(an_os_work_really_computes_for_ms_over_speed);
    RUN(an_os_deadlock_of_two_locks_in_opposite_order_is_detected);
    RUN(os_stop_after_ms_ends_a_spin_as_stopped_and_leaves_no_thread);
    RUN(os_pause_on_the_control_pipe_stops_the_world_and_its_clock);
    RUN(os_interrupt_flag_ends_the_run_as_interrupted);
    RUN(the_result_keeps_the_first_ten_errors_and_counts_them_all);
    return test_report();
}

/* test_model — every rule of the pure model, accepted and rejected.
 *
 * Events are written in a tiny shorthand turned into trace lines and
 * decoded (so the decoder is exercised too): "running a 0", "put a q 3",
 * "@500 ready b" (at t=500), "#7 ready b" (with seq 7). */
#include <stdlib.h>
#include <string.h>

#include "core/model.h"
#include "testlib.h"
#include "trace/trace.h"

static char *header(const char *policy, int cpus)
{
    static char buf[4096];
    snprintf(buf, sizeof buf,
             "{\"syncscope_trace\":1,\"scenario\":{\"title\":\"t\",\"cpus\":%d,"
             "\"scheduler\":{\"policy\":\"%s\",\"quantum_ms\":100},"
             "\"resources\":[{\"id\":\"door\",\"type\":\"lock\"},"
             "{\"id\":\"s\",\"type\":\"semaphore\",\"value\":2,\"bounded\":true},"
             "{\"id\":\"u\",\"type\":\"semaphore\",\"value\":0},"
             "{\"id\":\"light\",\"type\":\"event\",\"set\":false},"
             "{\"id\":\"q\",\"type\":\"queue\",\"capacity\":2},"
             "{\"id\":\"n\",\"type\":\"variable\",\"value\":5}],"
             "\"actors\":[{\"id\":\"a\"},{\"id\":\"b\"},{\"id\":\"c\",\"priority\":5}],"
             "\"expect\":{\"outcome\":\"completed\",\"vars\":{\"n\":7}}}}",
             cpus, policy);
    return buf;
}

typedef struct World {
    Scenario *sc;
    Model m;
    int64_t t;
    Err err;
} World;

static void world(World *w, const char *policy, int cpus)
{
    memset(w, 0, sizeof *w);
    const char *h = header(policy, cpus);
    w->sc = trace_parse_header(h, strlen(h), &w->err);
    if (!w->sc) { fprintf(stderr, "header: %s\n", w->err.msg); abort(); }
    if (!model_init(&w->m, w->sc, &w->err)) abort();
}

static void world_free(World *w)
{
    model_free(&w->m);
    scenario_free(w->sc);
}

/* Shorthand -> JSON line. */
static void to_line(World *w, const char *spec, char *out, size_t cap)
{
    char buf[512], *tok[8] = {"?", "?", "?", "?", "?", "?", "?", "?"};
    int n = 0;
    snprintf(buf, sizeof buf, "%s", spec);
    long long seq = (long long)w->m.next_seq;
    for (char *p = strtok(buf, " "); p && n < 8; p = strtok(NULL, " ")) {
        if (p[0] == '@') w->t = atoll(p + 1);
        else if (p[0] == '#') seq = atoll(p + 1);
        else tok[n++] = p;
    }
    int k = snprintf(out, cap, "{\"seq\":%lld,\"t\":%lld,\"ev\":\"%s\"", seq, (long long)w->t, tok[0]);
    const char *ev = tok[0];
#define ADD(...) k += snprintf(out + k, cap - (size_t)k, __VA_ARGS__)
    if (strcmp(ev, "end") == 0) ADD(",\"outcome\":\"%s\",\"reason\":\"r\",\"expect\":null", tok[1]);
    else if (strcmp(ev, "stats") == 0 && n == 1) ADD(",\"cpus\":1,\"busy_us\":1,\"span_us\":2,\"util\":0.5");
    else {
        ADD(",\"actor\":\"%s\"", tok[1]);
        if (strcmp(ev, "running") == 0) ADD(",\"cpu\":%s", tok[2]);
        else if (strcmp(ev, "blocked") == 0) ADD(",\"res\":\"%s\",\"op\":\"%s\"", tok[2], tok[3]);
        else if (strcmp(ev, "sleeping") == 0) ADD(",\"until\":%s", n > 2 ? tok[2] : "-1");
        else if (strcmp(ev, "killed") == 0) ADD(",\"reason\":\"daemon\"");
        else if (strcmp(ev, "error") == 0) ADD(",\"msg\":\"boom\"");
        else if (strcmp(ev, "say") == 0) ADD(",\"say\":\"%s\"", tok[2]);
        else if (strcmp(ev, "put") == 0 || strcmp(ev, "get") == 0) ADD(",\"res\":\"%s\",\"item\":%s", tok[2], tok[3]);
        else if (strcmp(ev, "read") == 0 || strcmp(ev, "write") == 0) ADD(",\"res\":\"%s\",\"value\":%s", tok[2], tok[3]);
        else if (strcmp(ev, "add") == 0) ADD(",\"res\":\"%s\",\"value\":%s,\"by\":%s", tok[2], tok[3], tok[4]);
        else if (strcmp(ev, "fail") == 0) ADD(",\"res\":\"%s\",\"why\":\"empty\"", tok[2]);
        else if (strcmp(ev, "waits") == 0) ADD(",\"res\":\"%s\",\"holders\":[\"%s\"]", tok[2], tok[3]);
        else if (strcmp(ev, "stats") == 0) ADD(",\"ready_us\":1,\"turnaround_us\":2,\"response_us\":3");
        else if (n > 2) ADD(",\"res\":\"%s\"", tok[2]);
    }
    ADD("}");
#undef ADD
}

static bool ap(World *w, const char *spec)
{
    char line[1024];
    to_line(w, spec, line, sizeof line);
    Event ev;
    if (!trace_decode_event(w->sc, line, strlen(line), &ev, &w->err)) {
        fprintf(stderr, "decode %s: %s\n", line, w->err.msg);
        return false;
    }
    return model_apply(&w->m, &ev, &w->err);
}

/* Applies every spec; each must be accepted. */
static bool run_all(World *w, const char *const *specs)
{
    for (int i = 0; specs[i]; i++)
        if (!ap(w, specs[i])) {
            fprintf(stderr, "rejected \"%s\": %s\n", specs[i], w->err.msg);
            return false;
        }
    return true;
}

static char *dump(const Model *m)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    model_dump(m, f);
    fclose(f);
    return buf;
}

/* The last spec must be rejected with msg, and leave the model unchanged. */
static void rejected(World *w, const char *spec, const char *msg)
{
    char *before = dump(&w->m);
    uint64_t seq = w->m.next_seq;
    CHECK(!ap(w, spec));
    CHECK_EQ_STR(w->err.msg, msg);
    char *after = dump(&w->m);
    CHECK_EQ_STR(after, before);
    CHECK_EQ_INT(w->m.next_seq, seq);
    free(before);
    free(after);
}

static const char *const start_a[] = {"new a", "ready a", "running a 0", NULL};
static const char *const start_ab[] = {"new a", "new b", "ready a", "ready b", "running a 0", NULL};

TEST(a_lock_is_acquired_and_released_by_its_holder)
{
    World w;
    world(&w, "fifo", 1);
    CHECK(run_all(&w, start_a));
    CHECK(ap(&w, "acquired a door"));
    CHECK_EQ_INT(w.m.res[0].holders.n, 1);
    CHECK(ap(&w, "released a door"));
    CHECK_EQ_INT(w.m.res[0].holders.n, 0);
    world_free(&w);
}

TEST(lock_acquire_while_held_is_rejected)
{
    World w;
    world(&w, "rr", 2);
    const char *const s[] = {"new a", "new b", "ready a", "ready b", "running a 0", "running b 1",
                             "acquired a door", NULL};
    CHECK(run_all(&w, s));
    rejected(&w, "acquired b door", "seq 7: lock \"door\" is already held by \"a\"");
    world_free(&w);
}

TEST(lock_release_by_non_holder_is_rejected)
{
    World w;
    world(&w, "rr", 2);
    const char *const s[] = {"new a", "new b", "ready a", "ready b", "running a 0", "running b 1",
                             "acquired a door", NULL};
    CHECK(run_all(&w, s));
    rejected(&w, "released b door", "seq 7: \"b\" released lock \"door\" held by \"a\"");
    world_free(&w);
}

TEST(lock_hand_off_goes_to_the_first_waiter)
{
    World w;
    world(&w, "fifo", 1);
    const char *const s[] = {"new a", "new b", "new c", "ready b", "ready c", "running b 0",
                             "acquired b door", "ready b", "running c 0", "blocked c door acquire",
                             "running b 0", "ready a", NULL};
    CHECK(run_all(&w, s));
    rejected(&w, "acquired a door", "seq 12: \"a\" is not running (it is ready)");
    CHECK(ap(&w, "released b door"));
    CHECK(ap(&w, "acquired c door"));
    CHECK_EQ_INT(w.m.res[0].holders.v[0], 2);
    CHECK_EQ_INT(w.m.actors[2].state, AS_BLOCKED);
    CHECK(ap(&w, "ready c"));
    CHECK_EQ_INT(w.m.res[0].waiters.n, 0);
    world_free(&w);
}

TEST(hand_off_to_a_waiter_that_is_not_first_is_rejected)
{
    World w;
    world(&w, "fifo", 1);
    const char *const s[] = {"new a", "new b", "new c", "ready a", "ready b", "ready c", "running a 0",
                             "acquired a door", "ready a", "running b 0", "blocked b door acquire",
                             "running c 0", "blocked c door acquire", "running a 0",
                             "released a door", NULL};
    CHECK(run_all(&w, s));
    rejected(&w, "acquired c door",
             "seq 15: hand-off to \"c\", but \"b\" is first in the wait queue of lock \"door\"");
    world_free(&w);
}

TEST(blocking_on_a_free_lock_is_rejected)
{
    World w;
    world(&w, "fifo", 1);
    CHECK(run_all(&w, start_a));
    rejected(&w, "blocked a door acquire", "seq 3: \"a\" blocked on lock \"door\", which is free");
    world_free(&w);
}

TEST(semaphore_never_goes_below_zero)
{
    World w;
    world(&w, "fifo", 1);
    CHECK(run_all(&w, start_a));
    CHECK(ap(&w, "acquired a s"));
    CHECK(ap(&w, "acquired a s"));
    CHECK_EQ_INT(w.m.res[1].count, 0);
    rejected(&w, "acquired a s", "seq 5: bounded semaphore \"s\" below zero");
    rejected(&w, "acquired a u", "seq 5: semaphore \"u\" below zero");
    world_free(&w);
}

TEST(bounded_semaphore_over_release_is_rejected)
{
    World w;
    world(&w, "fifo", 1);
    CHECK(run_all(&w, start_a));
    rejected(&w, "released a s", "seq 3: bounded semaphore \"s\" released above its value 2");
    CHECK(ap(&w, "released a u")); /* unbounded: anyone may release */
    CHECK_EQ_INT(w.m.res[2].count, 1);
    world_free(&w);
}

TEST(blocking_on_a_semaphore_needs_it_empty)
{
    World w;
    world(&w, "fifo", 1);
    CHECK(run_all(&w, start_a));
    rejected(&w, "blocked a s acquire", "seq 3: \"a\" blocked on bounded semaphore \"s\", which has 2 permits");
    CHECK(ap(&w, "blocked a u acquire"));
    world_free(&w);
}

TEST(event_wait_blocks_only_while_clear_and_wakes_only_when_set)
{
    World w;
    world(&w, "fifo", 1);
    const char *const s[] = {"new a", "new b", "ready a", "ready b", "running a 0",
                             "blocked a light wait", "running b 0", NULL};
    CHECK(run_all(&w, s));
    rejected(&w, "ready a", "seq 7: \"a\" woke up while event \"light\" is clear");
    CHECK(ap(&w, "set b light"));
    CHECK(ap(&w, "ready a"));
    rejected(&w, "blocked b light wait", "seq 9: \"b\" blocked on event \"light\", which is set");
    CHECK(ap(&w, "clear b light"));
    CHECK(!w.m.res[3].flag);
    world_free(&w);
}

TEST(queue_keeps_items_in_order_and_get_must_take_the_head)
{
    World w;
    world(&w, "fifo", 1);
    CHECK(run_all(&w, start_a));
    CHECK(ap(&w, "put a q 1"));
    CHECK(ap(&w, "put a q \"two\""));
    rejected(&w, "put a q 3", "seq 5: put into full queue \"q\" (capacity 2)");
    rejected(&w, "get a q 2", "seq 5: get from queue \"q\" took 2, but its head is 1");
    CHECK(ap(&w, "get a q 1"));
    CHECK(ap(&w, "get a q \"two\""));
    rejected(&w, "get a q 1", "seq 7: get from empty queue \"q\"");
    world_free(&w);
}

TEST(queue_blocking_needs_empty_for_get_and_full_for_put)
{
    World w;
    world(&w, "fifo", 1);
    CHECK(run_all(&w, start_ab));
    rejected(&w, "blocked a q put", "seq 5: \"a\" blocked putting into queue \"q\", which is not full");
    CHECK(ap(&w, "blocked a q get"));
    CHECK(ap(&w, "running b 0"));
    CHECK(ap(&w, "put b q 9"));
    CHECK(ap(&w, "get a q 9")); /* the hand-off to the blocked getter */
    CHECK(ap(&w, "ready a"));
    CHECK(ap(&w, "put b q 1"));
    CHECK(ap(&w, "put b q 2"));
    CHECK(ap(&w, "blocked b q put"));
    CHECK(ap(&w, "running a 0"));
    CHECK(ap(&w, "get a q 1"));
    CHECK(ap(&w, "put b q 3")); /* the blocked putter's put completes */
    CHECK_EQ_INT(w.m.res[4].n_items, 2);
    world_free(&w);
}

TEST(variable_read_must_see_the_value_and_add_must_add_up)
{
    World w;
    world(&w, "fifo", 1);
    CHECK(run_all(&w, start_a));
    rejected(&w, "read a n 4", "seq 3: read of variable \"n\" saw 4, but it holds 5");
    CHECK(ap(&w, "read a n 5"));
    CHECK(ap(&w, "write a n 6"));
    rejected(&w, "add a n 8 1", "seq 5: add to variable \"n\": 6 + 1 is not 8");
    CHECK(ap(&w, "add a n 7 1"));
    CHECK_EQ_INT(w.m.res[5].value, 7);
    CHECK_EQ_INT(w.m.res[5].last_writer, 0);
    world_free(&w);
}

TEST(lost_update_is_a_valid_trace)
{
    World w;
    world(&w, "fifo", 1);
    const char *const s[] = {"new a", "new b", "ready a", "ready b", "running a 0", "read a n 5",
                             "sleeping a 10", "running b 0", "read b n 5", "write b n 6",
                             "done b", "@10 ready a", "running a 0", "write a n 6", "done a", NULL};
    CHECK(run_all(&w, s));
    CHECK_EQ_INT(w.m.res[5].value, 6);
    world_free(&w);
}

TEST(seq_must_be_contiguous_from_zero)
{
    World w;
    world(&w, "fifo", 1);
    rejected(&w, "#1 new a", "seq 1: expected seq 0 (gap)");
    CHECK(ap(&w, "new a"));
    CHECK(ap(&w, "new b"));
    rejected(&w, "#1 ready a", "seq 1: expected seq 2 (duplicate)");
    world_free(&w);
}

TEST(time_never_goes_back)
{
    World w;
    world(&w, "fifo", 1);
    CHECK(ap(&w, "@1300 new a"));
    rejected(&w, "@1200 new b", "seq 1: time goes back (1200 < 1300)");
    CHECK(ap(&w, "@1300 new b"));
    world_free(&w);
}

TEST(new_comes_once_and_first)
{
    World w;
    world(&w, "fifo", 1);
    rejected(&w, "ready a", "seq 0: \"a\" has no \"new\" event yet");
    CHECK(ap(&w, "new a"));
    rejected(&w, "new a", "seq 1: \"a\" has a second \"new\"");
    world_free(&w);
}

TEST(running_needs_ready_and_a_free_cpu_in_range)
{
    World w;
    world(&w, "random", 2);
    const char *const s[] = {"new a", "new b", "new c", "ready a", "ready b", "running a 1", NULL};
    CHECK(run_all(&w, s));
    rejected(&w, "running b 1", "seq 6: CPU 1 is busy with \"a\"");
    rejected(&w, "running b 2", "seq 6: CPU 2 does not exist (cpus 2)");
    rejected(&w, "running c 0", "seq 6: \"c\" cannot run: it is new, not ready");
    CHECK(ap(&w, "running b 0"));
    CHECK_EQ_INT(w.m.cpu_holder[0], 1);
    CHECK_EQ_INT(w.m.ready.n, 0);
    world_free(&w);
}

TEST(fifo_runs_the_head_of_the_ready_queue_random_any)
{
    World w;
    world(&w, "fifo", 1);
    const char *const s[] = {"new a", "new b", "ready a", "ready b", NULL};
    CHECK(run_all(&w, s));
    rejected(&w, "running b 0", "seq 4: \"b\" runs before \"a\", the head of the ready queue (fifo)");
    world_free(&w);
    world(&w, "random", 1);
    CHECK(run_all(&w, s));
    CHECK(ap(&w, "running b 0"));
    world_free(&w);
}

TEST(priority_runs_the_highest_first)
{
    World w;
    world(&w, "priority", 1);
    const char *const s[] = {"new a", "new c", "ready a", "ready c", NULL};
    CHECK(run_all(&w, s));
    rejected(&w, "running a 0", "seq 4: \"a\" runs before \"c\", first of the highest priority");
    CHECK(ap(&w, "running c 0"));
    world_free(&w);
}

TEST(rr_preemption_sends_the_runner_to_the_tail)
{
    World w;
    world(&w, "rr", 1);
    CHECK(run_all(&w, start_ab));
    CHECK(ap(&w, "@100 ready a"));
    CHECK_EQ_INT(w.m.cpu_holder[0], -1);
    CHECK_EQ_INT(w.m.ready.v[0], 1);
    CHECK_EQ_INT(w.m.ready.v[1], 0);
    CHECK(ap(&w, "running b 0"));
    world_free(&w);
}

TEST(actions_need_a_running_actor)
{
    World w;
    world(&w, "fifo", 1);
    const char *const s[] = {"new a", "new b", "ready a", "ready b", "running a 0", "blocked a u acquire", NULL};
    CHECK(run_all(&w, s));
    rejected(&w, "say a hi", "seq 6: \"a\" is not running (it is blocked)");
    rejected(&w, "set b light", "seq 6: \"b\" is not running (it is ready)");
    rejected(&w, "done b", "seq 6: \"b\" is not running (it is ready)");
    rejected(&w, "write a n 1", "seq 6: \"a\" is not running (it is blocked)");
    world_free(&w);
}

TEST(actions_on_the_wrong_kind_of_resource_are_rejected)
{
    World w;
    world(&w, "fifo", 1);
    CHECK(run_all(&w, start_a));
    rejected(&w, "set a door", "seq 3: \"set\" on lock \"door\"");
    rejected(&w, "put a n 1", "seq 3: \"put\" on variable \"n\"");
    rejected(&w, "acquired a q", "seq 3: \"acquired\" on queue \"q\"");
    world_free(&w);
}

TEST(leaving_running_frees_the_cpu_and_dead_holders_keep_their_locks)
{
    World w;
    world(&w, "fifo", 1);
    CHECK(run_all(&w, start_ab));
    CHECK(ap(&w, "acquired a door"));
    CHECK(ap(&w, "error a"));
    CHECK_EQ_INT(w.m.cpu_holder[0], -1);
    CHECK_EQ_INT(w.m.res[0].holders.v[0], 0);
    CHECK_EQ_STR(w.m.actors[0].error, "boom");
    rejected(&w, "ready a", "seq 7: \"a\" cannot become ready from error");
    CHECK(ap(&w, "running b 0"));
    CHECK(ap(&w, "blocked b door acquire"));
    CHECK(ap(&w, "waits b door a"));
    CHECK(ap(&w, "killed b"));
    CHECK_EQ_INT(w.m.res[0].waiters.n, 0);
    rejected(&w, "killed b", "seq 11: \"b\" cannot be killed: it is already killed");
    world_free(&w);
}

TEST(killed_from_ready_leaves_the_ready_queue)
{
    World w;
    world(&w, "fifo", 1);
    CHECK(run_all(&w, start_ab));
    CHECK(ap(&w, "killed b"));
    CHECK_EQ_INT(w.m.ready.n, 0);
    world_free(&w);
}

TEST(waits_must_name_what_the_actor_is_blocked_on)
{
    World w;
    world(&w, "fifo", 1);
    CHECK(run_all(&w, start_a));
    rejected(&w, "waits a door b", "seq 3: \"a\" waits for \"door\" but is not blocked on it");
    world_free(&w);
}

TEST(captions_stats_and_the_end_are_tracked)
{
    World w;
    world(&w, "fifo", 1);
    CHECK(run_all(&w, start_a));
    CHECK(ap(&w, "@7 say a hello"));
    CHECK_EQ_STR(w.m.actors[0].caption, "hello");
    CHECK_EQ_INT(w.m.actors[0].caption_t, 7);
    CHECK(ap(&w, "done a"));
    CHECK(ap(&w, "stats a"));
    CHECK(w.m.actors[0].has_stats);
    CHECK(ap(&w, "stats"));
    CHECK(w.m.has_overall_stats);
    CHECK(ap(&w, "end completed"));
    CHECK(w.m.ended);
    CHECK_EQ_INT(w.m.outcome, OUT_COMPLETED);
    CHECK_EQ_STR(w.m.reason, "r");
    rejected(&w, "stats a", "seq 8: event after the end line");
    world_free(&w);
}

TEST(copy_is_independent_of_the_original)
{
    World w;
    world(&w, "fifo", 1);
    CHECK(run_all(&w, start_ab));
    CHECK(ap(&w, "put a q 1"));
    CHECK(ap(&w, "acquired a door"));
    Model c;
    CHECK(model_copy(&c, &w.m, NULL));
    char *before = dump(&c);
    CHECK(ap(&w, "put a q 2"));
    CHECK(ap(&w, "released a door"));
    CHECK(ap(&w, "ready a"));
    char *after = dump(&c);
    CHECK_EQ_STR(after, before);
    CHECK_EQ_INT(c.res[4].n_items, 1);
    CHECK_EQ_INT(c.res[0].holders.n, 1);
    CHECK_EQ_INT(c.ready.n, 1);
    free(before);
    free(after);
    model_free(&c);
    world_free(&w);
}

TEST(expect_uses_the_model_outcome_and_variables)
{
    World w;
    world(&w, "fifo", 1);
    CHECK(run_all(&w, start_a));
    CHECK(ap(&w, "add a n 6 1"));
    ExpectResult ex;
    CHECK(ap(&w, "done a"));
    CHECK(ap(&w, "end completed"));
    model_expect(&w.m, &ex);
    CHECK(ex.present);
    CHECK(!ex.ok);
    CHECK_EQ_INT(ex.got_outcome, OUT_COMPLETED);
    CHECK_EQ_INT(ex.vars[0].got.i, 6);
    world_free(&w);
    world(&w, "fifo", 1);
    CHECK(run_all(&w, start_a));
    CHECK(ap(&w, "add a n 7 2"));
    CHECK(ap(&w, "done a"));
    CHECK(ap(&w, "end completed"));
    model_expect(&w.m, &ex);
    CHECK(ex.ok);
    world_free(&w);
}

TEST(dump_names_states_holders_and_waiters)
{
    World w;
    world(&w, "fifo", 1);
    const char *const s[] = {"new a", "new b", "ready a", "ready b", "running a 0", "acquired a door",
                             "say a inside", "ready a", "running b 0", "blocked b door acquire", NULL};
    CHECK(run_all(&w, s));
    char *d = dump(&w.m);
    CHECK(strstr(d, "b (b): blocked on lock door (acquire)") != NULL);
    CHECK(strstr(d, "lock door (door): held by a; waiting: b") != NULL);
    CHECK(strstr(d, "\"inside\"") != NULL);
    CHECK(strstr(d, "ready queue: a") != NULL);
    free(d);
    world_free(&w);
}

/* ---- issue 3: raw lines against a header with every new primitive ---------- */

static const char *HDR3 =
    "{\"syncscope_trace\":1,\"scenario\":{\"title\":\"t3\",\"cpus\":4,"
    "\"resources\":[{\"id\":\"m\",\"type\":\"rlock\"},{\"id\":\"cv\",\"type\":\"condition\",\"lock\":\"m\"},"
    "{\"id\":\"bar\",\"type\":\"barrier\",\"parties\":3},{\"id\":\"jq\",\"type\":\"queue\",\"joinable\":true},"
    "{\"id\":\"p\",\"type\":\"pipe\",\"duplex\":false},{\"id\":\"pool\",\"type\":\"pool\",\"workers\":1}],"
    "\"actors\":[{\"id\":\"a\"},{\"id\":\"b\"},{\"id\":\"c\"},"
    "{\"id\":\"pool.w1\",\"daemon\":true,\"role\":\"worker\",\"pool\":\"pool\"}],\"expect\":null}}";

/* Applies lines (NULL-terminated, seq and t filled in); returns how many were accepted. */
static int apply_raw(Model *m, const Scenario *sc, const char *const *lines, Err *err)
{
    int i = 0;
    for (; lines[i]; i++) {
        char line[1024];
        snprintf(line, sizeof line, "{\"seq\":%llu,\"t\":%llu,%s}", (unsigned long long)m->next_seq,
                 (unsigned long long)m->next_seq, lines[i]);
        Event ev;
        if (!trace_decode_event(sc, line, strlen(line), &ev, err) || !model_apply(m, &ev, err)) break;
    }
    return i;
}

static const char *const SETUP3[] = {
    "\"ev\":\"new\",\"actor\":\"a\"", "\"ev\":\"new\",\"actor\":\"b\"", "\"ev\":\"new\",\"actor\":\"c\"",
    "\"ev\":\"new\",\"actor\":\"pool.w1\"",
    "\"ev\":\"ready\",\"actor\":\"a\"", "\"ev\":\"ready\",\"actor\":\"b\"", "\"ev\":\"ready\",\"actor\":\"c\"",
    "\"ev\":\"ready\",\"actor\":\"pool.w1\"",
    "\"ev\":\"running\",\"actor\":\"a\",\"cpu\":0", "\"ev\":\"running\",\"actor\":\"b\",\"cpu\":1",
    "\"ev\":\"running\",\"actor\":\"c\",\"cpu\":2", "\"ev\":\"running\",\"actor\":\"pool.w1\",\"cpu\":3",
    NULL};

TEST(notify_all_sends_every_condition_waiter_to_the_lock)
{
    Err e = {0};
    Scenario *sc = trace_parse_header(HDR3, strlen(HDR3), &e);
    Model m;
    CHECK(sc && model_init(&m, sc, &e));
    CHECK_EQ_INT(apply_raw(&m, sc, SETUP3, &e), 12);
    static const char *const evs[] = {
        "\"ev\":\"acquired\",\"actor\":\"a\",\"res\":\"m\",\"depth\":1",
        "\"ev\":\"acquired\",\"actor\":\"a\",\"res\":\"m\",\"depth\":2",
        "\"ev\":\"released\",\"actor\":\"a\",\"res\":\"m\",\"depth\":0",
        "\"ev\":\"blocked\",\"actor\":\"a\",\"res\":\"cv\",\"op\":\"wait\"",
        "\"ev\":\"acquired\",\"actor\":\"b\",\"res\":\"m\",\"depth\":1",
        "\"ev\":\"released\",\"actor\":\"b\",\"res\":\"m\",\"depth\":0",
        "\"ev\":\"blocked\",\"actor\":\"b\",\"res\":\"cv\",\"op\":\"wait\"",
        "\"ev\":\"acquired\",\"actor\":\"c\",\"res\":\"m\",\"depth\":1",
        "\"ev\":\"notify\",\"actor\":\"c\",\"res\":\"cv\",\"n\":-1",
        "\"ev\":\"blocked\",\"actor\":\"a\",\"res\":\"m\",\"op\":\"acquire\"",
        "\"ev\":\"blocked\",\"actor\":\"b\",\"res\":\"m\",\"op\":\"acquire\"",
        "\"ev\":\"released\",\"actor\":\"c\",\"res\":\"m\",\"depth\":0",
        /* a gets back the depth 2 it gave up */
        "\"ev\":\"acquired\",\"actor\":\"a\",\"res\":\"m\",\"depth\":2",
        "\"ev\":\"ready\",\"actor\":\"a\"",
        NULL};
    int n = apply_raw(&m, sc, evs, &e);
    if (evs[n]) fprintf(stderr, "rejected %s: %s\n", evs[n], e.msg);
    CHECK(evs[n] == NULL);
    CHECK_EQ_INT(m.res[0].holders.n, 2);
    CHECK_EQ_INT(m.res[0].waiters.n, 1);
    CHECK_EQ_INT(m.res[1].waiters.n, 0);
    model_free(&m);
    scenario_free(sc);
}

TEST(a_copy_of_a_model_with_the_new_primitives_dumps_the_same_and_a_rejection_changes_nothing)
{
    Err e = {0};
    Scenario *sc = trace_parse_header(HDR3, strlen(HDR3), &e);
    Model m;
    CHECK(sc && model_init(&m, sc, &e));
    CHECK_EQ_INT(apply_raw(&m, sc, SETUP3, &e), 12);
    static const char *const evs[] = {
        "\"ev\":\"arrive\",\"actor\":\"a\",\"res\":\"bar\",\"value\":0",
        "\"ev\":\"blocked\",\"actor\":\"a\",\"res\":\"bar\",\"op\":\"wait\"",
        "\"ev\":\"put\",\"actor\":\"b\",\"res\":\"jq\",\"item\":1",
        "\"ev\":\"send\",\"actor\":\"b\",\"res\":\"p\",\"item\":\"x\",\"end\":\"write\"",
        "\"ev\":\"close\",\"actor\":\"b\",\"res\":\"p\",\"end\":\"read\"",
        "\"ev\":\"submit\",\"actor\":\"c\",\"res\":\"pool\",\"task\":1,\"say\":\"sq\"",
        "\"ev\":\"submit\",\"actor\":\"c\",\"res\":\"pool\",\"task\":2,\"say\":\"sq\"",
        "\"ev\":\"task_start\",\"actor\":\"pool.w1\",\"res\":\"pool\",\"task\":1",
        "\"ev\":\"task_end\",\"actor\":\"pool.w1\",\"res\":\"pool\",\"task\":1,\"item\":4",
        NULL};
    int n = apply_raw(&m, sc, evs, &e);
    if (evs[n]) fprintf(stderr, "rejected %s: %s\n", evs[n], e.msg);
    CHECK(evs[n] == NULL);
    Model c;
    CHECK(model_copy(&c, &m, &e));
    char *d1 = dump(&m), *d2 = dump(&c);
    CHECK_EQ_STR(d2, d1);
    CHECK(strstr(d1, "arrived a, missing 2 of 3") != NULL);
    CHECK(strstr(d1, "[1] 1, unbounded, 1 unfinished") != NULL);
    CHECK(strstr(d1, "[\"x\"]; read end held by a, c, pool.w1, write end held by a, b, c, pool.w1") != NULL);
    CHECK(strstr(d1, "tasks queued [2]; running: -; finished: task 1 = 4") != NULL);
    /* rejected: b closed its read end, and the head is "x" */
    static const char *const bad[] = {"\"ev\":\"recv\",\"actor\":\"b\",\"res\":\"p\",\"item\":\"x\",\"ok\":1,\"end\":\"read\"", NULL};
    static const char *const bad2[] = {"\"ev\":\"recv\",\"actor\":\"c\",\"res\":\"p\",\"item\":\"y\",\"ok\":1,\"end\":\"read\"", NULL};
    CHECK_EQ_INT(apply_raw(&m, sc, bad, &e), 0);
    CHECK_EQ_STR(e.msg, "seq 21: \"b\" uses end \"read\" of pipe \"p\", which it has closed");
    CHECK_EQ_INT(apply_raw(&m, sc, bad2, &e), 0);
    char *d3 = dump(&m);
    CHECK_EQ_STR(d3, d1);
    free(d1);
    free(d2);
    free(d3);
    model_free(&c);
    model_free(&m);
    scenario_free(sc);
}

int main(void)
{
    RUN(notify_all_sends_every_condition_waiter_to_the_lock);
    RUN(a_copy_of_a_model_with_the_new_primitives_dumps_the_same_and_a_rejection_changes_nothing);
    RUN(a_lock_is_acquired_and_released_by_its_holder);
    RUN(lock_acquire_while_held_is_rejected);
    RUN(lock_release_by_non_holder_is_rejected);
    RUN(lock_hand_off_goes_to_the_first_waiter);
    RUN(hand_off_to_a_waiter_that_is_not_first_is_rejected);
    RUN(blocking_on_a_free_lock_is_rejected);
    RUN(semaphore_never_goes_below_zero);
    RUN(bounded_semaphore_over_release_is_rejected);
    RUN(blocking_on_a_semaphore_needs_it_empty);
    RUN(event_wait_blocks_only_while_clear_and_wakes_only_when_set);
    RUN(queue_keeps_items_in_order_and_get_must_take_the_head);
    RUN(queue_blocking_needs_empty_for_get_and_full_for_put);
    RUN(variable_read_must_see_the_value_and_add_must_add_up);
    RUN(lost_update_is_a_valid_trace);
    RUN(seq_must_be_contiguous_from_zero);
    RUN(time_never_goes_back);
    RUN(new_comes_once_and_first);
    RUN(running_needs_ready_and_a_free_cpu_in_range);
    RUN(fifo_runs_the_head_of_the_ready_queue_random_any);
    RUN(priority_runs_the_highest_first);
    RUN(rr_preemption_sends_the_runner_to_the_tail);
    RUN(actions_need_a_running_actor);
    RUN(actions_on_the_wrong_kind_of_resource_are_rejected);
    RUN(leaving_running_frees_the_cpu_and_dead_holders_keep_their_locks);
    RUN(killed_from_ready_leaves_the_ready_queue);
    RUN(waits_must_name_what_the_actor_is_blocked_on);
    RUN(captions_stats_and_the_end_are_tracked);
    RUN(copy_is_independent_of_the_original);
    RUN(expect_uses_the_model_outcome_and_variables);
    RUN(dump_names_states_holders_and_waiters);
    return test_report();
}

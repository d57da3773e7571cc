/* test_encode — the exact trace lines the encoder writes (SPEC §3, the
 * shapes in core/event.h and trace/trace.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "trace/trace.h"

static Scenario *make_scenario(void)
{
    Scenario *sc = scenario_new();
    snprintf(sc->title, sizeof sc->title, "T \"q\"");
    sc->n_res = 5;
    sc->res = calloc((size_t)sc->n_res, sizeof *sc->res);
    const char *ids[] = {"lock", "light", "q", "tickets", "sem"};
    ResType types[] = {RES_LOCK, RES_EVENT, RES_QUEUE, RES_VARIABLE, RES_SEMAPHORE};
    for (int i = 0; i < sc->n_res; i++) {
        snprintf(sc->res[i].id, sizeof sc->res[i].id, "%s", ids[i]);
        snprintf(sc->res[i].label, sizeof sc->res[i].label, "%s", ids[i]);
        sc->res[i].type = types[i];
    }
    sc->res[1].set = true;
    sc->res[2].capacity = 3;
    sc->res[3].value = 1;
    sc->res[4].value = 2;
    sc->res[4].bounded = true;
    sc->n_actors = 2;
    sc->actors = calloc(2, sizeof *sc->actors);
    snprintf(sc->actors[0].id, SC_ID_MAX, "car.1");
    snprintf(sc->actors[0].label, SC_STR_MAX, "Car 1");
    snprintf(sc->actors[0].group, SC_ID_MAX, "car");
    sc->actors[0].vpid = 1;
    sc->actors[0].index = 1;
    snprintf(sc->actors[1].id, SC_ID_MAX, "b");
    snprintf(sc->actors[1].label, SC_STR_MAX, "B");
    snprintf(sc->actors[1].group, SC_ID_MAX, "b");
    sc->actors[1].vpid = 2;
    sc->actors[1].index = 1;
    sc->actors[0].autostart = sc->actors[1].autostart = true;
    sc->actors[1].daemon = true;
    sc->actors[1].start_ms = 5;
    return sc;
}

static char line[TRACE_EVENT_LINE_MAX];

static const char *enc(const Scenario *sc, const Event *ev)
{
    size_t n = trace_encode_event(sc, ev, line, sizeof line);
    if (n == 0) return "(failed)";
    if (line[n - 1] != '\n') return "(no newline)";
    line[n - 1] = '\0';
    return line;
}

static Event ev_of(EvKind k, uint64_t seq, int64_t t, int actor)
{
    Event e;
    event_init(&e, k);
    e.seq = seq;
    e.t = t;
    e.actor = actor;
    return e;
}

TEST(actor_state_events_have_the_documented_shape)
{
    Scenario *sc = make_scenario();
    Event e = ev_of(EV_NEW, 0, 0, 0);
    CHECK_EQ_STR(enc(sc, &e), "{\"seq\":0,\"t\":0,\"ev\":\"new\",\"actor\":\"car.1\"}");
    e.pid = 4242;
    CHECK_EQ_STR(enc(sc, &e), "{\"seq\":0,\"t\":0,\"ev\":\"new\",\"actor\":\"car.1\",\"pid\":4242}");
    e = ev_of(EV_READY, 1, 0, 0);
    CHECK_EQ_STR(enc(sc, &e), "{\"seq\":1,\"t\":0,\"ev\":\"ready\",\"actor\":\"car.1\"}");
    e = ev_of(EV_RUNNING, 2, 0, 0);
    e.cpu = 1;
    CHECK_EQ_STR(enc(sc, &e), "{\"seq\":2,\"t\":0,\"ev\":\"running\",\"actor\":\"car.1\",\"cpu\":1}");
    e = ev_of(EV_BLOCKED, 3, 1, 0);
    e.res = 1;
    snprintf(e.op, sizeof e.op, "wait");
    CHECK_EQ_STR(enc(sc, &e),
                 "{\"seq\":3,\"t\":1,\"ev\":\"blocked\",\"actor\":\"car.1\",\"res\":\"light\",\"op\":\"wait\"}");
    e = ev_of(EV_SLEEPING, 4, 2, 0);
    e.until = 1002;
    CHECK_EQ_STR(enc(sc, &e), "{\"seq\":4,\"t\":2,\"ev\":\"sleeping\",\"actor\":\"car.1\",\"until\":1002}");
    e = ev_of(EV_DONE, 5, 3, 0);
    CHECK_EQ_STR(enc(sc, &e), "{\"seq\":5,\"t\":3,\"ev\":\"done\",\"actor\":\"car.1\"}");
    e = ev_of(EV_KILLED, 6, 3, 1);
    snprintf(e.text, sizeof e.text, "daemon");
    CHECK_EQ_STR(enc(sc, &e), "{\"seq\":6,\"t\":3,\"ev\":\"killed\",\"actor\":\"b\",\"reason\":\"daemon\"}");
    e = ev_of(EV_ERROR, 7, 3, 1);
    snprintf(e.text, sizeof e.text, "boom");
    CHECK_EQ_STR(enc(sc, &e), "{\"seq\":7,\"t\":3,\"ev\":\"error\",\"actor\":\"b\",\"msg\":\"boom\"}");
    scenario_free(sc);
}

TEST(resource_events_have_the_documented_shape)
{
    Scenario *sc = make_scenario();
    Event e = ev_of(EV_ACQUIRED, 8, 4, 1);
    e.res = 0;
    CHECK_EQ_STR(enc(sc, &e), "{\"seq\":8,\"t\":4,\"ev\":\"acquired\",\"actor\":\"b\",\"res\":\"lock\"}");
    e.kind = EV_RELEASED;
    CHECK_EQ_STR(enc(sc, &e), "{\"seq\":8,\"t\":4,\"ev\":\"released\",\"actor\":\"b\",\"res\":\"lock\"}");
    e.kind = EV_SET;
    e.res = 1;
    CHECK_EQ_STR(enc(sc, &e), "{\"seq\":8,\"t\":4,\"ev\":\"set\",\"actor\":\"b\",\"res\":\"light\"}");
    e.kind = EV_CLEAR;
    CHECK_EQ_STR(enc(sc, &e), "{\"seq\":8,\"t\":4,\"ev\":\"clear\",\"actor\":\"b\",\"res\":\"light\"}");
    e = ev_of(EV_PUT, 11, 5, 1);
    e.res = 2;
    e.item = value_int(3);
    CHECK_EQ_STR(enc(sc, &e), "{\"seq\":11,\"t\":5,\"ev\":\"put\",\"actor\":\"b\",\"res\":\"q\",\"item\":3}");
    e.kind = EV_GET;
    e.item = value_null();
    CHECK_EQ_STR(enc(sc, &e), "{\"seq\":11,\"t\":5,\"ev\":\"get\",\"actor\":\"b\",\"res\":\"q\",\"item\":null}");
    e.item = value_str("bun \"1\"");
    CHECK_EQ_STR(enc(sc, &e),
                 "{\"seq\":11,\"t\":5,\"ev\":\"get\",\"actor\":\"b\",\"res\":\"q\",\"item\":\"bun \\\"1\\\"\"}");
    e = ev_of(EV_READ, 13, 6, 1);
    e.res = 3;
    e.value = 1;
    CHECK_EQ_STR(enc(sc, &e), "{\"seq\":13,\"t\":6,\"ev\":\"read\",\"actor\":\"b\",\"res\":\"tickets\",\"value\":1}");
    e.kind = EV_WRITE;
    e.value = -9007199254740991LL;
    CHECK_EQ_STR(enc(sc, &e),
                 "{\"seq\":13,\"t\":6,\"ev\":\"write\",\"actor\":\"b\",\"res\":\"tickets\",\"value\":-9007199254740991}");
    e.kind = EV_ADD;
    e.value = 5;
    e.by = -1;
    CHECK_EQ_STR(enc(sc, &e),
                 "{\"seq\":13,\"t\":6,\"ev\":\"add\",\"actor\":\"b\",\"res\":\"tickets\",\"value\":5,\"by\":-1}");
    e = ev_of(EV_SAY, 16, 7, 1);
    snprintf(e.text, sizeof e.text, "driving");
    CHECK_EQ_STR(enc(sc, &e), "{\"seq\":16,\"t\":7,\"ev\":\"say\",\"actor\":\"b\",\"say\":\"driving\"}");
    e = ev_of(EV_FAIL, 17, 7, 1);
    e.res = 2;
    snprintf(e.text, sizeof e.text, "empty");
    CHECK_EQ_STR(enc(sc, &e), "{\"seq\":17,\"t\":7,\"ev\":\"fail\",\"actor\":\"b\",\"res\":\"q\",\"why\":\"empty\"}");
    scenario_free(sc);
}

TEST(end_of_run_events_have_the_documented_shape)
{
    Scenario *sc = make_scenario();
    Event e = ev_of(EV_WAITS, 18, 9, 0);
    e.res = 0;
    e.holders[0] = 1;
    e.n_holders = 1;
    CHECK_EQ_STR(enc(sc, &e),
                 "{\"seq\":18,\"t\":9,\"ev\":\"waits\",\"actor\":\"car.1\",\"res\":\"lock\",\"holders\":[\"b\"]}");
    e.n_holders = 0;
    CHECK_EQ_STR(enc(sc, &e),
                 "{\"seq\":18,\"t\":9,\"ev\":\"waits\",\"actor\":\"car.1\",\"res\":\"lock\",\"holders\":[]}");
    e = ev_of(EV_STATS, 19, 9, 0);
    e.ready_us = 0;
    e.turnaround_us = 9;
    e.response_us = 2;
    CHECK_EQ_STR(enc(sc, &e),
                 "{\"seq\":19,\"t\":9,\"ev\":\"stats\",\"actor\":\"car.1\",\"ready_us\":0,\"turnaround_us\":9,\"response_us\":2}");
    e = ev_of(EV_STATS, 20, 9, -1);
    e.cpus = 2;
    e.busy_us = 9;
    e.span_us = 9;
    e.util = 0.5;
    CHECK_EQ_STR(enc(sc, &e),
                 "{\"seq\":20,\"t\":9,\"ev\":\"stats\",\"cpus\":2,\"busy_us\":9,\"span_us\":9,\"util\":0.500}");
    scenario_free(sc);
}

TEST(strings_are_escaped_and_control_bytes_become_u_escapes)
{
    Scenario *sc = make_scenario();
    Event e = ev_of(EV_SAY, 1, 1, 0);
    snprintf(e.text, sizeof e.text, "a\"b\\c\nd\te\x01" "f");
    CHECK_EQ_STR(enc(sc, &e),
                 "{\"seq\":1,\"t\":1,\"ev\":\"say\",\"actor\":\"car.1\",\"say\":\"a\\\"b\\\\c\\nd\\te\\u0001f\"}");
    scenario_free(sc);
}

TEST(an_event_naming_an_unknown_actor_or_resource_encodes_nothing)
{
    Scenario *sc = make_scenario();
    Event e = ev_of(EV_READY, 1, 1, 7);
    CHECK_EQ_INT(trace_encode_event(sc, &e, line, sizeof line), 0);
    e = ev_of(EV_ACQUIRED, 1, 1, 0);
    e.res = 99;
    CHECK_EQ_INT(trace_encode_event(sc, &e, line, sizeof line), 0);
    scenario_free(sc);
}

TEST(a_line_that_does_not_fit_returns_zero_and_a_longest_line_fits_pipe_buf)
{
    Scenario *sc = make_scenario();
    Event e = ev_of(EV_SAY, 1, 1, 0);
    memset(e.text, '"', EV_TEXT_MAX);   /* every byte doubles when escaped */
    e.text[EV_TEXT_MAX] = '\0';
    char small[64];
    CHECK_EQ_INT(trace_encode_event(sc, &e, small, sizeof small), 0);
    size_t n = trace_encode_event(sc, &e, line, sizeof line);
    CHECK(n > 2 * EV_TEXT_MAX && n <= TRACE_EVENT_LINE_MAX);
    memset(e.text, '\x01', EV_TEXT_MAX); /* every byte becomes \u0001 */
    n = trace_encode_event(sc, &e, line, sizeof line);
    CHECK(n > 6 * EV_TEXT_MAX && n <= TRACE_EVENT_LINE_MAX);
    scenario_free(sc);
}

TEST(header_holds_the_expanded_scenario_in_documented_key_order)
{
    Scenario *sc = make_scenario();
    sc->has_expect = true;
    sc->expect_outcome = OUT_DEADLOCK;
    sc->n_expect_vars = 1;
    sc->expect_vars = calloc(1, sizeof *sc->expect_vars);
    sc->expect_vars[0].res = 3;
    sc->expect_vars[0].want = value_int(0);
    size_t len = 0;
    char *h = trace_encode_header(sc, &len);
    CHECK(h != NULL);
    if (h) {
        CHECK_EQ_INT(len, strlen(h));
        CHECK(h[len - 1] == '\n');
        h[len - 1] = '\0';
        CHECK_EQ_STR(h,
            "{\"syncscope_trace\":1,\"scenario\":{\"title\":\"T \\\"q\\\"\",\"summary\":\"\",\"notes\":[],"
            "\"mode\":\"threads\",\"cpus\":1,\"scheduler\":{\"policy\":\"fifo\",\"quantum_ms\":100},"
            "\"seed\":1,\"speed\":1,\"stop_after_ms\":60000,\"resources\":["
            "{\"id\":\"lock\",\"type\":\"lock\",\"label\":\"lock\"},"
            "{\"id\":\"light\",\"type\":\"event\",\"label\":\"light\",\"set\":true},"
            "{\"id\":\"q\",\"type\":\"queue\",\"label\":\"q\",\"capacity\":3},"
            "{\"id\":\"tickets\",\"type\":\"variable\",\"label\":\"tickets\",\"value\":1},"
            "{\"id\":\"sem\",\"type\":\"semaphore\",\"label\":\"sem\",\"value\":2,\"bounded\":true}],"
            "\"actors\":["
            "{\"id\":\"car.1\",\"label\":\"Car 1\",\"vpid\":1,\"group\":\"car\",\"index\":1,\"daemon\":false,\"priority\":0,\"start_ms\":0},"
            "{\"id\":\"b\",\"label\":\"B\",\"vpid\":2,\"group\":\"b\",\"index\":1,\"daemon\":true,\"priority\":0,\"start_ms\":5}],"
            "\"expect\":{\"outcome\":\"deadlock\",\"vars\":{\"tickets\":0}}}}");
    }
    free(h);
    sc->has_expect = false;
    sc->speed = 2.5;
    h = trace_encode_header(sc, &len);
    CHECK(h && strstr(h, "\"speed\":2.5,") && strstr(h, "\"expect\":null}}\n"));
    free(h);
    scenario_free(sc);
}

TEST(end_line_carries_outcome_reason_and_expect_results)
{
    Scenario *sc = make_scenario();
    Event e = ev_of(EV_END, 21, 9, -1);
    e.outcome = OUT_DEADLOCK;
    snprintf(e.text, sizeof e.text, "\"Car 1\" waits for lock held by \"B\"");
    ExpectResult ex;
    memset(&ex, 0, sizeof ex);
    ex.present = true;
    ex.ok = true;
    ex.want_outcome = OUT_DEADLOCK;
    ex.got_outcome = OUT_DEADLOCK;
    ex.n_vars = 1;
    ex.vars[0].res = 3;
    ex.vars[0].want = value_int(0);
    ex.vars[0].got = value_int(0);
    size_t n = trace_encode_end(sc, &e, &ex, line, sizeof line);
    CHECK(n > 0 && line[n - 1] == '\n');
    line[n ? n - 1 : 0] = '\0';
    CHECK_EQ_STR(line,
        "{\"seq\":21,\"t\":9,\"ev\":\"end\",\"outcome\":\"deadlock\",\"reason\":\"\\\"Car 1\\\" waits for lock held by \\\"B\\\"\","
        "\"expect\":{\"ok\":true,\"outcome\":{\"want\":\"deadlock\",\"got\":\"deadlock\"},"
        "\"vars\":{\"tickets\":{\"want\":0,\"got\":0}}}}");
    ex.want_outcome = OUT_NONE;
    ex.ok = false;
    ex.vars[0].got = value_int(2);
    n = trace_encode_end(sc, &e, &ex, line, sizeof line);
    line[n ? n - 1 : 0] = '\0';
    CHECK(strstr(line, "\"expect\":{\"ok\":false,\"outcome\":null,\"vars\":{\"tickets\":{\"want\":0,\"got\":2}}}}") != NULL);
    n = trace_encode_end(sc, &e, NULL, line, sizeof line);
    line[n ? n - 1 : 0] = '\0';
    CHECK(strstr(line, ",\"expect\":null}") != NULL);
    /* encode_event on an end event is the line with no expect */
    CHECK(strstr(enc(sc, &e), "\"ev\":\"end\"") != NULL);
    scenario_free(sc);
}

/* The lines of docs/FORMAT.md "Events of the remaining primitives". */
static const char *const issue3_lines[] = {
    "{\"seq\":0,\"t\":1,\"ev\":\"notify\",\"actor\":\"car.1\",\"res\":\"light\",\"n\":-1}",
    "{\"seq\":1,\"t\":1,\"ev\":\"arrive\",\"actor\":\"car.1\",\"res\":\"light\",\"value\":0}",
    "{\"seq\":2,\"t\":1,\"ev\":\"passed\",\"actor\":\"car.1\",\"res\":\"light\"}",
    "{\"seq\":3,\"t\":1,\"ev\":\"task_done\",\"actor\":\"car.1\",\"res\":\"q\"}",
    "{\"seq\":4,\"t\":1,\"ev\":\"blocked\",\"actor\":\"car.1\",\"target\":\"b\",\"op\":\"join\"}",
    "{\"seq\":5,\"t\":1,\"ev\":\"send\",\"actor\":\"car.1\",\"res\":\"q\",\"item\":3,\"end\":\"write\"}",
    "{\"seq\":6,\"t\":1,\"ev\":\"recv\",\"actor\":\"car.1\",\"res\":\"q\",\"item\":null,\"ok\":0,\"end\":\"read\"}",
    "{\"seq\":7,\"t\":1,\"ev\":\"close\",\"actor\":\"car.1\",\"res\":\"q\",\"end\":\"a\"}",
    "{\"seq\":8,\"t\":1,\"ev\":\"close\",\"actor\":\"car.1\",\"res\":\"q\"}",
    "{\"seq\":9,\"t\":1,\"ev\":\"submit\",\"actor\":\"car.1\",\"res\":\"q\",\"task\":3,\"say\":\"square\"}",
    "{\"seq\":10,\"t\":1,\"ev\":\"task_start\",\"actor\":\"b\",\"res\":\"q\",\"task\":3}",
    "{\"seq\":11,\"t\":1,\"ev\":\"task_end\",\"actor\":\"b\",\"res\":\"q\",\"task\":3,\"item\":null}",
    "{\"seq\":12,\"t\":1,\"ev\":\"callback\",\"actor\":\"b\",\"res\":\"q\",\"task\":3}",
    "{\"seq\":13,\"t\":1,\"ev\":\"start\",\"actor\":\"car.1\",\"target\":\"b\"}",
    "{\"seq\":14,\"t\":1,\"ev\":\"terminate\",\"actor\":\"car.1\",\"target\":\"b\"}",
    "{\"seq\":15,\"t\":1,\"ev\":\"killed\",\"actor\":\"b\",\"reason\":\"signal 9 (SIGKILL)\",\"sig\":9}",
    "{\"seq\":16,\"t\":1,\"ev\":\"owner_dead\",\"actor\":\"b\",\"res\":\"lock\"}",
    "{\"seq\":17,\"t\":1,\"ev\":\"fail\",\"actor\":\"car.1\",\"res\":\"lock\",\"why\":\"timeout\"}",
    "{\"seq\":18,\"t\":1,\"ev\":\"fail\",\"actor\":\"car.1\",\"target\":\"b\",\"why\":\"timeout\"}",
    "{\"seq\":19,\"t\":1,\"ev\":\"acquired\",\"actor\":\"car.1\",\"res\":\"lock\",\"depth\":2}",
    "{\"seq\":20,\"t\":1,\"ev\":\"released\",\"actor\":\"car.1\",\"res\":\"lock\",\"depth\":0}",
    "{\"seq\":21,\"t\":1,\"ev\":\"get\",\"actor\":\"car.1\",\"res\":\"q\",\"item\":\"x\",\"ok\":1}",
};

TEST(issue3_events_have_the_documented_shape)
{
    Scenario *sc = make_scenario();
    Event e = ev_of(EV_NOTIFY, 0, 1, 0);
    e.res = 1;
    e.n = -1;
    CHECK_EQ_STR(enc(sc, &e), issue3_lines[0]);
    e = ev_of(EV_BLOCKED, 4, 1, 0);
    e.target = 1;
    snprintf(e.op, sizeof e.op, "join");
    CHECK_EQ_STR(enc(sc, &e), issue3_lines[4]);
    e = ev_of(EV_RECV, 6, 1, 0);
    e.res = 2;
    e.ok = 0;
    snprintf(e.end, sizeof e.end, "read");
    CHECK_EQ_STR(enc(sc, &e), issue3_lines[6]);
    e = ev_of(EV_CLOSE, 8, 1, 0);
    e.res = 2;
    CHECK_EQ_STR(enc(sc, &e), issue3_lines[8]);
    e = ev_of(EV_SUBMIT, 9, 1, 0);
    e.res = 2;
    e.task = 3;
    snprintf(e.text, sizeof e.text, "square");
    CHECK_EQ_STR(enc(sc, &e), issue3_lines[9]);
    e = ev_of(EV_KILLED, 15, 1, 1);
    e.sig = 9;
    snprintf(e.text, sizeof e.text, "signal 9 (SIGKILL)");
    CHECK_EQ_STR(enc(sc, &e), issue3_lines[15]);
    e = ev_of(EV_ACQUIRED, 19, 1, 0);
    e.res = 0;
    e.depth = 2;
    CHECK_EQ_STR(enc(sc, &e), issue3_lines[19]);
    /* a start needs its target */
    e = ev_of(EV_START, 13, 1, 0);
    CHECK_EQ_STR(enc(sc, &e), "(failed)");
    scenario_free(sc);
}

TEST(every_issue3_line_decodes_and_encodes_back_byte_for_byte)
{
    Scenario *sc = make_scenario();
    size_t hn;
    char *h = trace_encode_header(sc, &hn);
    Err e = {0};
    Scenario *back = h ? trace_parse_header(h, hn - 1, &e) : NULL;
    CHECK(back != NULL);
    for (size_t i = 0; back && i < sizeof issue3_lines / sizeof issue3_lines[0]; i++) {
        Event ev;
        bool ok = trace_decode_event(back, issue3_lines[i], strlen(issue3_lines[i]), &ev, &e);
        if (!ok) fprintf(stderr, "line %zu: %s\n", i, e.msg);
        CHECK(ok);
        if (ok) CHECK_EQ_STR(enc(back, &ev), issue3_lines[i]);
    }
    free(h);
    scenario_free(back);
    scenario_free(sc);
}

TEST(header_carries_the_issue3_fields_only_where_they_apply)
{
    Scenario *sc = scenario_new();
    sc->n_res = 5;
    sc->res = calloc(5, sizeof *sc->res);
    const char *ids[] = {"m", "cv", "bar", "p", "pool"};
    ResType types[] = {RES_RLOCK, RES_CONDITION, RES_BARRIER, RES_PIPE, RES_POOL};
    for (int i = 0; i < 5; i++) {
        snprintf(sc->res[i].id, SC_ID_MAX, "%s", ids[i]);
        snprintf(sc->res[i].label, SC_STR_MAX, "%s", ids[i]);
        sc->res[i].type = types[i];
    }
    sc->res[1].lock = 0;
    sc->res[2].parties = 3;
    sc->res[3].duplex = true;
    sc->res[4].workers = 2;
    sc->n_actors = 2;
    sc->actors = calloc(2, sizeof *sc->actors);
    snprintf(sc->actors[0].id, SC_ID_MAX, "main");
    snprintf(sc->actors[1].id, SC_ID_MAX, "pool.w1");
    snprintf(sc->actors[1].role, sizeof sc->actors[1].role, "worker");
    for (int i = 0; i < 2; i++) sc->actors[i].vpid = sc->actors[i].index = i + 1;
    sc->actors[0].pool = -1;
    sc->actors[1].pool = 4;
    sc->actors[1].autostart = true;
    size_t n;
    char *h = trace_encode_header(sc, &n);
    CHECK(h != NULL);
    if (h) {
        CHECK(strstr(h, "{\"id\":\"cv\",\"type\":\"condition\",\"label\":\"cv\",\"lock\":\"m\"}") != NULL);
        CHECK(strstr(h, "\"type\":\"barrier\",\"label\":\"bar\",\"parties\":3}") != NULL);
        CHECK(strstr(h, "\"type\":\"pipe\",\"label\":\"p\",\"duplex\":true}") != NULL);
        CHECK(strstr(h, "\"type\":\"pool\",\"label\":\"pool\",\"workers\":2}") != NULL);
        CHECK(strstr(h, "\"start_ms\":0,\"autostart\":false}") != NULL);
        CHECK(strstr(h, "\"start_ms\":0,\"role\":\"worker\",\"pool\":\"pool\"}") != NULL);
        Err e = {0};
        Scenario *back = trace_parse_header(h, n - 1, &e);
        if (!back) fprintf(stderr, "header: %s\n", e.msg);
        CHECK(back != NULL);
        if (back) {
            CHECK_EQ_INT(back->res[1].lock, 0);
            CHECK_EQ_INT(back->res[2].parties, 3);
            CHECK(back->res[3].duplex);
            CHECK_EQ_INT(back->res[4].workers, 2);
            CHECK(!back->actors[0].autostart);
            CHECK_EQ_INT(back->actors[0].pool, -1);
            CHECK_EQ_STR(back->actors[1].role, "worker");
            CHECK_EQ_INT(back->actors[1].pool, 4);
            scenario_free(back);
        }
    }
    free(h);
    scenario_free(sc);
}

int main(void)
{
    RUN(actor_state_events_have_the_documented_shape);
    RUN(resource_events_have_the_documented_shape);
    RUN(end_of_run_events_have_the_documented_shape);
    RUN(strings_are_escaped_and_control_bytes_become_u_escapes);
    RUN(an_event_naming_an_unknown_actor_or_resource_encodes_nothing);
    RUN(a_line_that_does_not_fit_returns_zero_and_a_longest_line_fits_pipe_buf);
    RUN(header_holds_the_expanded_scenario_in_documented_key_order);
    RUN(end_line_carries_outcome_reason_and_expect_results);
    RUN(issue3_events_have_the_documented_shape);
    RUN(every_issue3_line_decodes_and_encodes_back_byte_for_byte);
    RUN(header_carries_the_issue3_fields_only_where_they_apply);
    return test_report();
}

/* test_trace — the trace decoder (header, event lines, the end line's
 * expect) and the line splitter, on hand-written lines. */
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "trace/feed.h"
#include "trace/trace.h"

#define HDR "{\"syncscope_trace\":1,\"scenario\":{\"title\":\"t\",\"mode\":\"threads\",\"cpus\":2," \
    "\"scheduler\":{\"policy\":\"rr\",\"quantum_ms\":200},\"seed\":7,\"speed\":1,\"stop_after_ms\":30000," \
    "\"resources\":[{\"id\":\"door\",\"type\":\"lock\",\"label\":\"Door\"}," \
    "{\"id\":\"q\",\"type\":\"queue\",\"label\":\"Q\",\"capacity\":3}," \
    "{\"id\":\"n\",\"type\":\"variable\",\"label\":\"N\",\"value\":5}," \
    "{\"id\":\"s\",\"type\":\"semaphore\",\"label\":\"S\",\"value\":2,\"bounded\":true}," \
    "{\"id\":\"light\",\"type\":\"event\",\"label\":\"L\",\"set\":true}]," \
    "\"actors\":[{\"id\":\"car.1\",\"label\":\"Car 1\",\"vpid\":1,\"group\":\"car\",\"index\":1}," \
    "{\"id\":\"car.2\",\"label\":\"Car 2\",\"vpid\":2,\"group\":\"car\",\"index\":2}," \
    "{\"id\":\"d\",\"label\":\"D\",\"vpid\":3,\"daemon\":true}]," \
    "\"expect\":{\"outcome\":\"completed\",\"vars\":{\"n\":6}}}}"

static Scenario *hdr(void)
{
    Err e;
    Scenario *sc = trace_parse_header(HDR, strlen(HDR), &e);
    if (!sc) fprintf(stderr, "header: %s\n", e.msg);
    return sc;
}

static bool dec(const Scenario *sc, const char *line, Event *ev, Err *e)
{
    return trace_decode_event(sc, line, strlen(line), ev, e);
}

/* Decoding must fail with exactly this message. */
static void rejects(const char *line, const char *msg)
{
    Scenario *sc = hdr();
    Event ev;
    Err e = {0};
    bool ok = dec(sc, line, &ev, &e);
    CHECK(!ok);
    if (!ok) CHECK_EQ_STR(e.msg, msg);
    scenario_free(sc);
}

TEST(header_gives_the_expanded_scenario)
{
    Scenario *sc = hdr();
    CHECK(sc != NULL);
    if (!sc) return;
    CHECK_EQ_INT(sc->cpus, 2);
    CHECK_EQ_INT(sc->policy, POL_RR);
    CHECK_EQ_INT(sc->quantum_ms, 200);
    CHECK_EQ_INT(sc->n_res, 5);
    CHECK_EQ_INT(sc->n_actors, 3);
    CHECK_EQ_STR(sc->res[0].label, "Door");
    CHECK_EQ_INT(sc->res[1].capacity, 3);
    CHECK_EQ_INT(sc->res[2].value, 5);
    CHECK(sc->res[3].bounded);
    CHECK(sc->res[4].set);
    CHECK_EQ_STR(sc->actors[1].group, "car");
    CHECK_EQ_INT(sc->actors[1].group_size, 2);
    CHECK(sc->actors[2].daemon);
    CHECK(sc->actors[0].script == NULL);
    CHECK(sc->has_expect);
    CHECK_EQ_INT(sc->expect_outcome, OUT_COMPLETED);
    CHECK_EQ_INT(sc->n_expect_vars, 1);
    CHECK_EQ_INT(sc->expect_vars[0].want.i, 6);
    scenario_free(sc);
}

static void header_rejects(const char *line, const char *msg)
{
    Err e = {0};
    Scenario *sc = trace_parse_header(line, strlen(line), &e);
    CHECK(sc == NULL);
    if (!sc) {
        CHECK_EQ_STR(e.msg, msg);
        CHECK_EQ_INT(e.line, 1);
    }
    scenario_free(sc);
}

TEST(header_from_the_future_is_rejected)
{
    header_rejects("{\"syncscope_trace\":2,\"scenario\":{}}",
                   "trace format version 2 is newer than this syncscope (1)");
}

TEST(header_with_bad_content_is_rejected)
{
    header_rejects("{\"scenario\":{}}", "header: line 1 has no \"syncscope_trace\": not a syncscope trace");
    header_rejects("not json", "header: line 1 is not a JSON object: not a syncscope trace (a "
                               "scenario? make a trace of it first: syncscope run SCENARIO.json -o TRACE)");
    header_rejects("{\"syncscope\":1,\"title\":\"x\"}", "header: this is a scenario, not a trace: "
                   "make a trace of it first: syncscope run SCENARIO.json -o TRACE");
    header_rejects("{\"syncscope_trace\":1,\"scenario\":{\"cpus\":1025}}",
                   "header: \"cpus\" must be an integer in 1..1024"); /* os: one per actor */
    header_rejects("{\"syncscope_trace\":1,\"scenario\":{\"resources\":[{\"id\":\"a\",\"type\":\"lock\"},"
                   "{\"id\":\"a\",\"type\":\"lock\"}]}}",
                   "header: resources[1]: duplicate id \"a\"");
    header_rejects("{\"syncscope_trace\":1,\"scenario\":{\"resources\":[{\"id\":\"a\",\"type\":\"lok\"}]}}",
                   "header: resources[0]: unknown type \"lok\"");
    header_rejects("{\"syncscope_trace\":1,\"scenario\":{\"resources\":[{\"id\":\"a\",\"type\":\"lock\"}],"
                   "\"expect\":{\"vars\":{\"a\":1}}}}",
                   "header: expect.vars: not a variable: \"a\"");
    header_rejects("{\"syncscope_trace\":1,\"scenario\":{\"actors\":[{\"id\":"
                   "\"0123456789012345678901234567890123456789012345678901234567890123\"}]}}",
                   "header: actors[0]: \"id\" is longer than 63 bytes");
    header_rejects("{\"syncscope_trace\":1,\"scenario\":{\"title\":\"\xff\"}}", "header: not valid UTF-8 text");
}

TEST(every_event_kind_decodes)
{
    Scenario *sc = hdr();
    Event ev;
    Err e = {0};
    CHECK(dec(sc, "{\"seq\":0,\"t\":0,\"ev\":\"new\",\"actor\":\"car.2\",\"pid\":1234}", &ev, &e));
    CHECK_EQ_INT(ev.kind, EV_NEW);
    CHECK_EQ_INT(ev.actor, 1);
    CHECK_EQ_INT(ev.pid, 1234);
    CHECK(dec(sc, "{\"seq\":1,\"t\":0,\"ev\":\"ready\",\"actor\":\"car.1\"}", &ev, &e));
    CHECK_EQ_INT(ev.kind, EV_READY);
    CHECK_EQ_INT(ev.res, -1);
    CHECK(dec(sc, "{\"seq\":2,\"t\":0,\"ev\":\"running\",\"actor\":\"car.1\",\"cpu\":1}", &ev, &e));
    CHECK_EQ_INT(ev.cpu, 1);
    CHECK(dec(sc, "{\"seq\":3,\"t\":1,\"ev\":\"blocked\",\"actor\":\"car.1\",\"res\":\"light\",\"op\":\"wait\"}", &ev, &e));
    CHECK_EQ_INT(ev.res, 4);
    CHECK_EQ_STR(ev.op, "wait");
    CHECK(dec(sc, "{\"seq\":4,\"t\":2,\"ev\":\"sleeping\",\"actor\":\"car.1\",\"until\":1002}", &ev, &e));
    CHECK_EQ_INT(ev.until, 1002);
    CHECK(dec(sc, "{\"seq\":5,\"t\":3,\"ev\":\"done\",\"actor\":\"car.1\"}", &ev, &e));
    CHECK_EQ_INT(ev.kind, EV_DONE);
    CHECK(dec(sc, "{\"seq\":6,\"t\":3,\"ev\":\"killed\",\"actor\":\"d\",\"reason\":\"daemon\"}", &ev, &e));
    CHECK_EQ_STR(ev.text, "daemon");
    CHECK(dec(sc, "{\"seq\":7,\"t\":3,\"ev\":\"error\",\"actor\":\"d\",\"msg\":\"boom\"}", &ev, &e));
    CHECK_EQ_STR(ev.text, "boom");
    CHECK(dec(sc, "{\"seq\":8,\"t\":4,\"ev\":\"acquired\",\"actor\":\"d\",\"res\":\"door\"}", &ev, &e));
    CHECK_EQ_INT(ev.kind, EV_ACQUIRED);
    CHECK(dec(sc, "{\"seq\":9,\"t\":4,\"ev\":\"released\",\"actor\":\"d\",\"res\":\"door\"}", &ev, &e));
    CHECK(dec(sc, "{\"seq\":10,\"t\":5,\"ev\":\"set\",\"actor\":\"d\",\"res\":\"light\"}", &ev, &e));
    CHECK(dec(sc, "{\"seq\":10,\"t\":5,\"ev\":\"clear\",\"actor\":\"d\",\"res\":\"light\"}", &ev, &e));
    CHECK_EQ_INT(ev.kind, EV_CLEAR);
    CHECK(dec(sc, "{\"seq\":11,\"t\":5,\"ev\":\"put\",\"actor\":\"d\",\"res\":\"q\",\"item\":3}", &ev, &e));
    CHECK_EQ_INT(ev.item.kind, VAL_INT);
    CHECK_EQ_INT(ev.item.i, 3);
    CHECK(dec(sc, "{\"seq\":12,\"t\":5,\"ev\":\"get\",\"actor\":\"d\",\"res\":\"q\",\"item\":\"x\"}", &ev, &e));
    CHECK_EQ_STR(ev.item.s, "x");
    CHECK(dec(sc, "{\"seq\":12,\"t\":5,\"ev\":\"get\",\"actor\":\"d\",\"res\":\"q\",\"item\":null}", &ev, &e));
    CHECK_EQ_INT(ev.item.kind, VAL_NULL);
    CHECK(dec(sc, "{\"seq\":13,\"t\":6,\"ev\":\"read\",\"actor\":\"d\",\"res\":\"n\",\"value\":-1}", &ev, &e));
    CHECK_EQ_INT(ev.value, -1);
    CHECK(dec(sc, "{\"seq\":14,\"t\":6,\"ev\":\"write\",\"actor\":\"d\",\"res\":\"n\",\"value\":0}", &ev, &e));
    CHECK(dec(sc, "{\"seq\":15,\"t\":6,\"ev\":\"add\",\"actor\":\"d\",\"res\":\"n\",\"value\":5,\"by\":1}", &ev, &e));
    CHECK_EQ_INT(ev.by, 1);
    CHECK(dec(sc, "{\"seq\":16,\"t\":7,\"ev\":\"say\",\"actor\":\"d\",\"say\":\"driving\"}", &ev, &e));
    CHECK_EQ_STR(ev.text, "driving");
    CHECK(dec(sc, "{\"seq\":17,\"t\":7,\"ev\":\"fail\",\"actor\":\"d\",\"res\":\"q\",\"why\":\"empty\"}", &ev, &e));
    CHECK_EQ_STR(ev.text, "empty");
    CHECK(dec(sc, "{\"seq\":18,\"t\":9,\"ev\":\"waits\",\"actor\":\"car.1\",\"res\":\"door\",\"holders\":[\"car.2\",\"d\"]}", &ev, &e));
    CHECK_EQ_INT(ev.n_holders, 2);
    CHECK_EQ_INT(ev.holders[1], 2);
    CHECK(dec(sc, "{\"seq\":19,\"t\":9,\"ev\":\"stats\",\"actor\":\"d\",\"ready_us\":1,\"turnaround_us\":9,\"response_us\":2}", &ev, &e));
    CHECK_EQ_INT(ev.turnaround_us, 9);
    CHECK(dec(sc, "{\"seq\":20,\"t\":9,\"ev\":\"stats\",\"cpus\":2,\"busy_us\":9,\"span_us\":9,\"util\":0.5}", &ev, &e));
    CHECK_EQ_INT(ev.actor, -1);
    CHECK(ev.util == 0.5);
    CHECK(dec(sc, "{\"seq\":21,\"t\":9,\"ev\":\"end\",\"outcome\":\"deadlock\",\"reason\":\"cycle\","
                  "\"expect\":{\"ok\":false,\"outcome\":{\"want\":\"completed\",\"got\":\"deadlock\"},\"vars\":{}}}", &ev, &e));
    CHECK_EQ_INT(ev.outcome, OUT_DEADLOCK);
    CHECK_EQ_STR(ev.text, "cycle");
    CHECK_EQ_INT(ev.expect_ok, 0);
    CHECK(dec(sc, "{\"seq\":21,\"t\":9,\"ev\":\"end\",\"outcome\":\"completed\",\"reason\":\"\",\"expect\":null}", &ev, &e));
    CHECK_EQ_INT(ev.expect_ok, -1);
    scenario_free(sc);
}

TEST(keys_come_in_any_order_and_unknown_keys_are_skipped)
{
    Scenario *sc = hdr();
    Event ev;
    Err e = {0};
    CHECK(dec(sc, " { \"cpu\" : 0 , \"future\":{\"a\":[1,2,{\"b\":null}],\"c\":true}, \"actor\":\"car.2\","
                  "\"ev\":\"running\",\"t\":12,\"seq\":3 } ", &ev, &e));
    CHECK_EQ_INT(ev.seq, 3);
    CHECK_EQ_INT(ev.t, 12);
    CHECK_EQ_INT(ev.actor, 1);
    CHECK_EQ_INT(ev.cpu, 0);
    scenario_free(sc);
}

TEST(string_escapes_and_utf8_decode)
{
    Scenario *sc = hdr();
    Event ev;
    Err e = {0};
    CHECK(dec(sc, "{\"seq\":0,\"t\":0,\"ev\":\"say\",\"actor\":\"d\",\"say\":\"a\\\"b\\\\c\\/\\n\\t\\u00e9\\u20ac\\ud83d\\ude00 \xc3\xa9\"}", &ev, &e));
    CHECK_EQ_STR(ev.text, "a\"b\\c/\n\t\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80 \xc3\xa9");
    scenario_free(sc);
    rejects("{\"seq\":0,\"t\":0,\"ev\":\"say\",\"actor\":\"d\",\"say\":\"\\ud83d\"}", "\"say\": lone high surrogate in a string");
    rejects("{\"seq\":0,\"t\":0,\"ev\":\"say\",\"actor\":\"d\",\"say\":\"\\ude00\"}", "\"say\": lone low surrogate in a string");
    rejects("{\"seq\":0,\"t\":0,\"ev\":\"say\",\"actor\":\"d\",\"say\":\"\xc3\"}", "\"say\": invalid UTF-8 in a string");
    rejects("{\"seq\":0,\"t\":0,\"ev\":\"say\",\"actor\":\"d\",\"say\":\"\xc0\xaf\"}", "\"say\": invalid UTF-8 in a string");
    rejects("{\"seq\":0,\"t\":0,\"ev\":\"say\",\"actor\":\"d\",\"say\":\"\xed\xa0\x80\"}", "\"say\": invalid UTF-8 in a string");
    rejects("{\"seq\":0,\"t\":0,\"ev\":\"say\",\"actor\":\"d\",\"say\":\"\\u0000\"}", "\"say\": NUL character in a string");
    rejects("{\"seq\":0,\"t\":0,\"ev\":\"say\",\"actor\":\"d\",\"say\":\"\\x\"}", "\"say\": bad escape in a string");
    rejects("{\"seq\":0,\"t\":0,\"ev\":\"say\",\"actor\":\"d\",\"say\":\"a\tb\"}", "\"say\": control character in a string");
}

TEST(a_string_over_256_bytes_is_rejected)
{
    char line[1024];
    char big[300];
    memset(big, 'x', 257);
    big[257] = '\0';
    snprintf(line, sizeof line, "{\"seq\":0,\"t\":0,\"ev\":\"say\",\"actor\":\"d\",\"say\":\"%s\"}", big);
    rejects(line, "\"say\": string longer than 256 bytes");
    big[256] = '\0';
    snprintf(line, sizeof line, "{\"seq\":0,\"t\":0,\"ev\":\"say\",\"actor\":\"d\",\"say\":\"%s\"}", big);
    Scenario *sc = hdr();
    Event ev;
    Err e;
    CHECK(dec(sc, line, &ev, &e));
    CHECK_EQ_INT(strlen(ev.text), 256);
    scenario_free(sc);
}

TEST(unknown_actor_resource_and_ev_are_rejected)
{
    rejects("{\"seq\":0,\"t\":0,\"ev\":\"new\",\"actor\":\"x\"}", "unknown actor \"x\"");
    rejects("{\"seq\":0,\"t\":0,\"ev\":\"set\",\"actor\":\"d\",\"res\":\"nope\"}", "unknown resource \"nope\"");
    rejects("{\"seq\":0,\"t\":0,\"ev\":\"teleport\",\"actor\":\"d\"}", "unknown ev \"teleport\"");
    rejects("{\"seq\":0,\"t\":0,\"ev\":\"end\",\"outcome\":\"won\"}", "unknown outcome \"won\"");
    rejects("{\"seq\":0,\"t\":0,\"ev\":\"waits\",\"actor\":\"d\",\"res\":\"door\",\"holders\":[\"zz\"]}",
            "unknown actor \"zz\"");
}

TEST(missing_fields_are_rejected)
{
    rejects("{\"t\":0,\"ev\":\"new\",\"actor\":\"d\"}", "missing \"seq\"");
    rejects("{\"seq\":0,\"ev\":\"new\",\"actor\":\"d\"}", "missing \"t\"");
    rejects("{\"seq\":0,\"t\":0,\"actor\":\"d\"}", "missing \"ev\"");
    rejects("{\"seq\":0,\"t\":0,\"ev\":\"new\"}", "\"new\" needs \"actor\"");
    rejects("{\"seq\":0,\"t\":0,\"ev\":\"running\",\"actor\":\"d\"}", "\"running\" needs \"cpu\"");
    rejects("{\"seq\":0,\"t\":0,\"ev\":\"blocked\",\"actor\":\"d\",\"op\":\"acquire\"}", "\"blocked\" needs \"res\" or \"target\"");
    rejects("{\"seq\":0,\"t\":0,\"ev\":\"put\",\"actor\":\"d\",\"res\":\"q\"}", "\"put\" needs \"item\"");
    rejects("{\"seq\":0,\"t\":0,\"ev\":\"get\",\"actor\":\"d\",\"res\":\"q\"}", "\"get\" needs \"item\"");
    rejects("{\"seq\":0,\"t\":0,\"ev\":\"read\",\"actor\":\"d\",\"res\":\"n\"}", "\"read\" needs \"value\"");
    rejects("{\"seq\":0,\"t\":0,\"ev\":\"add\",\"actor\":\"d\",\"res\":\"n\",\"value\":1}", "\"add\" needs \"by\"");
    rejects("{\"seq\":0,\"t\":0,\"ev\":\"say\",\"actor\":\"d\"}", "\"say\" needs \"say\"");
    rejects("{\"seq\":0,\"t\":0,\"ev\":\"error\",\"actor\":\"d\"}", "\"error\" needs \"msg\"");
    rejects("{\"seq\":0,\"t\":0,\"ev\":\"killed\",\"actor\":\"d\"}", "\"killed\" needs \"reason\"");
    rejects("{\"seq\":0,\"t\":0,\"ev\":\"waits\",\"actor\":\"d\",\"res\":\"door\"}", "\"waits\" needs \"holders\"");
    rejects("{\"seq\":0,\"t\":0,\"ev\":\"end\"}", "\"end\" needs \"outcome\"");
}

TEST(bad_numbers_and_syntax_are_rejected)
{
    rejects("{\"seq\":9007199254740992,\"t\":0,\"ev\":\"new\",\"actor\":\"d\"}",
            "\"seq\" is out of range (beyond 2^53-1)");
    rejects("{\"seq\":0,\"t\":0,\"ev\":\"read\",\"actor\":\"d\",\"res\":\"n\",\"value\":-99999999999999999999}",
            "\"value\" is out of range (beyond 2^53-1)");
    rejects("{\"seq\":1.5,\"t\":0,\"ev\":\"new\",\"actor\":\"d\"}", "\"seq\" must be an integer");
    rejects("{\"seq\":-1,\"t\":0,\"ev\":\"new\",\"actor\":\"d\"}", "\"seq\" must not be negative");
    rejects("{\"seq\":01,\"t\":0,\"ev\":\"new\",\"actor\":\"d\"}", "\"seq\": number with a leading zero");
    rejects("{\"seq\":0,\"seq\":0,\"t\":0,\"ev\":\"new\",\"actor\":\"d\"}", "duplicate key \"seq\"");
    rejects("{\"seq\":0,\"t\":0,\"ev\":\"new\",\"actor\":\"d\"", "expected ',' or '}'");
    rejects("{\"seq\":0,\"t\":0,\"ev\":\"new\",\"actor\":\"d\"} x", "text after the event object");
    rejects("[1]", "an event line must be a JSON object");
    rejects("", "an event line must be a JSON object");
    char deep[400] = "{\"seq\":0,\"t\":0,\"ev\":\"new\",\"actor\":\"d\",\"x\":";
    for (int i = 0; i < 100; i++) strcat(deep, "[");
    rejects(deep, "nested deeper than 64");
    Scenario *sc = hdr();
    Event ev;
    Err e;
    CHECK(dec(sc, "{\"seq\":9007199254740991,\"t\":0,\"ev\":\"new\",\"actor\":\"d\"}", &ev, &e));
    CHECK_EQ_INT(ev.seq, 9007199254740991LL);
    scenario_free(sc);
}

TEST(end_line_expect_decodes)
{
    Scenario *sc = hdr();
    ExpectResult ex;
    Err e = {0};
    const char *line = "{\"seq\":5,\"t\":9,\"ev\":\"end\",\"outcome\":\"completed\",\"reason\":\"\","
                       "\"expect\":{\"ok\":true,\"outcome\":{\"want\":\"completed\",\"got\":\"completed\"},"
                       "\"vars\":{\"n\":{\"want\":6,\"got\":6}}}}";
    CHECK(trace_decode_end_expect(sc, line, strlen(line), &ex, &e));
    CHECK(ex.present);
    CHECK(ex.ok);
    CHECK_EQ_INT(ex.want_outcome, OUT_COMPLETED);
    CHECK_EQ_INT(ex.got_outcome, OUT_COMPLETED);
    CHECK_EQ_INT(ex.n_vars, 1);
    CHECK_EQ_INT(ex.vars[0].res, 2);
    CHECK_EQ_INT(ex.vars[0].got.i, 6);
    const char *none = "{\"seq\":5,\"t\":9,\"ev\":\"end\",\"outcome\":\"stopped\",\"reason\":\"\",\"expect\":null}";
    CHECK(trace_decode_end_expect(sc, none, strlen(none), &ex, &e));
    CHECK(!ex.present);
    CHECK_EQ_INT(ex.got_outcome, OUT_STOPPED);
    const char *bad = "{\"seq\":5,\"t\":9,\"ev\":\"end\",\"outcome\":\"stopped\",\"expect\":{\"ok\":true,"
                      "\"vars\":{\"door\":{\"want\":1,\"got\":1}}}}";
    CHECK(!trace_decode_end_expect(sc, bad, strlen(bad), &ex, &e));
    CHECK_EQ_STR(e.msg, "\"expect.vars\": \"door\" is not a variable");
    scenario_free(sc);
}

TEST(many_actors_resolve_through_the_index)
{
    /* 1000 actors: every id must map to its own index */
    size_t cap = 100000;
    char *line = malloc(cap);
    size_t n = (size_t)snprintf(line, cap, "{\"syncscope_trace\":1,\"scenario\":{\"actors\":[");
    for (int i = 0; i < 1000; i++)
        n += (size_t)snprintf(line + n, cap - n, "%s{\"id\":\"w.%d\"}", i ? "," : "", i + 1);
    n += (size_t)snprintf(line + n, cap - n, "]}}");
    Err e = {0};
    Scenario *sc = trace_parse_header(line, n, &e);
    CHECK(sc != NULL);
    int bad = 0;
    for (int i = 0; sc && i < 1000; i++) {
        char ev[128];
        Event x;
        snprintf(ev, sizeof ev, "{\"seq\":0,\"t\":0,\"ev\":\"new\",\"actor\":\"w.%d\"}", i + 1);
        if (!dec(sc, ev, &x, &e) || x.actor != i) bad++;
    }
    CHECK_EQ_INT(bad, 0);
    scenario_free(sc);
    free(line);
}

TEST(linebuf_joins_lines_fed_byte_by_byte)
{
    LineBuf lb;
    linebuf_init(&lb, 64);
    const char *text = "first\nsecond line\n\nlast";
    Err e;
    char got[4][32];
    int n = 0;
    for (const char *p = text; *p; p++) {
        CHECK(linebuf_feed(&lb, p, 1, &e));
        size_t len;
        const char *l;
        while ((l = linebuf_next(&lb, &len)) && n < 4) {
            memcpy(got[n], l, len);
            got[n][len] = '\0';
            n++;
        }
    }
    CHECK_EQ_INT(n, 3);
    CHECK_EQ_STR(got[0], "first");
    CHECK_EQ_STR(got[1], "second line");
    CHECK_EQ_STR(got[2], "");
    CHECK_EQ_INT(lb.lineno, 3);
    size_t len;
    const char *rest = linebuf_rest(&lb, &len);
    CHECK(rest != NULL);
    if (rest) CHECK_EQ_STR(rest, "last");
    CHECK_EQ_INT(len, 4);
    CHECK_EQ_INT(lb.lineno, 3); /* the rest is line 4 */
    linebuf_free(&lb);
}

TEST(linebuf_has_no_rest_when_the_last_line_ends)
{
    LineBuf lb;
    linebuf_init(&lb, 64);
    Err e;
    CHECK(linebuf_feed(&lb, "a\nb\n", 4, &e));
    size_t len;
    CHECK(linebuf_next(&lb, &len) != NULL);
    CHECK(linebuf_next(&lb, &len) != NULL);
    CHECK(linebuf_next(&lb, &len) == NULL);
    CHECK(linebuf_rest(&lb, &len) == NULL);
    linebuf_free(&lb);
}

TEST(linebuf_rejects_a_line_over_the_limit_but_keeps_the_lines_before)
{
    LineBuf lb;
    linebuf_init(&lb, 8);
    Err e = {0};
    CHECK(linebuf_feed(&lb, "12345678\nabc", 12, &e));
    CHECK(!linebuf_feed(&lb, "defghi", 6, &e));
    CHECK_EQ_STR(e.msg, "line longer than 8 bytes");
    size_t len;
    const char *l = linebuf_next(&lb, &len);
    CHECK(l != NULL);
    if (l) CHECK_EQ_STR(l, "12345678");
    CHECK(linebuf_next(&lb, &len) == NULL);
    CHECK_EQ_INT(lb.lineno + 1, 2); /* the bad line's number */
    CHECK(!linebuf_feed(&lb, "\n", 1, &e));
    linebuf_free(&lb);

    linebuf_init(&lb, 4);
    CHECK(!linebuf_feed(&lb, "ab\ncd\nefghij\nk\n", 15, &e));
    int n = 0;
    while (linebuf_next(&lb, &len)) n++;
    CHECK_EQ_INT(n, 2);
    linebuf_free(&lb);
}

TEST(issue3_fields_are_checked_and_foreign_ones_ignored)
{
    rejects("{\"seq\":0,\"t\":0,\"ev\":\"send\",\"actor\":\"d\",\"res\":\"q\",\"item\":1,\"end\":\"up\"}",
            "\"end\" must be \"read\", \"write\", \"a\" or \"b\"");
    rejects("{\"seq\":0,\"t\":0,\"ev\":\"send\",\"actor\":\"d\",\"res\":\"q\",\"item\":1}", "\"send\" needs \"end\"");
    rejects("{\"seq\":0,\"t\":0,\"ev\":\"recv\",\"actor\":\"d\",\"res\":\"q\",\"item\":1,\"end\":\"read\"}",
            "\"recv\" needs \"ok\"");
    rejects("{\"seq\":0,\"t\":0,\"ev\":\"start\",\"actor\":\"d\",\"target\":\"nobody\"}", "unknown actor \"nobody\"");
    rejects("{\"seq\":0,\"t\":0,\"ev\":\"start\",\"actor\":\"d\"}", "\"start\" needs \"target\"");
    rejects("{\"seq\":0,\"t\":0,\"ev\":\"fail\",\"actor\":\"d\",\"why\":\"timeout\"}",
            "\"fail\" needs \"res\" or \"target\"");
    rejects("{\"seq\":0,\"t\":0,\"ev\":\"killed\",\"actor\":\"d\",\"reason\":\"x\",\"sig\":0}", "\"sig\" 0 is out of range");
    rejects("{\"seq\":0,\"t\":0,\"ev\":\"submit\",\"actor\":\"d\",\"res\":\"q\",\"task\":0}", "\"task\" must be at least 1");
    rejects("{\"seq\":0,\"t\":0,\"ev\":\"notify\",\"actor\":\"d\",\"res\":\"q\",\"n\":-2}", "\"n\" -2 is out of range");
    rejects("{\"seq\":0,\"t\":0,\"ev\":\"acquired\",\"actor\":\"d\",\"res\":\"door\",\"depth\":-1}",
            "\"depth\" -1 is out of range");
    Scenario *sc = hdr();
    Event ev;
    Err e = {0};
    /* a key of another kind is dropped, as an unknown key is */
    CHECK(dec(sc, "{\"seq\":0,\"t\":0,\"ev\":\"set\",\"actor\":\"d\",\"res\":\"light\",\"depth\":3,\"target\":\"car.1\"}",
              &ev, &e));
    CHECK_EQ_INT(ev.depth, -1);
    CHECK_EQ_INT(ev.target, -1);
    CHECK(dec(sc, "{\"seq\":0,\"t\":0,\"ev\":\"blocked\",\"actor\":\"d\",\"target\":\"car.1\",\"op\":\"join\"}", &ev, &e));
    CHECK_EQ_INT(ev.target, 0);
    CHECK_EQ_INT(ev.res, -1);
    scenario_free(sc);
}

TEST(header_issue3_fields_are_checked)
{
    header_rejects("{\"syncscope_trace\":1,\"scenario\":{\"resources\":[{\"id\":\"n\",\"type\":\"variable\"},"
                   "{\"id\":\"cv\",\"type\":\"condition\",\"lock\":\"n\"}]}}",
                   "header: resources[1]: \"lock\" is not a lock or rlock: \"n\"");
    header_rejects("{\"syncscope_trace\":1,\"scenario\":{\"resources\":[{\"id\":\"cv\",\"type\":\"condition\"}]}}",
                   "header: resources[0]: a condition needs \"lock\"");
    header_rejects("{\"syncscope_trace\":1,\"scenario\":{\"resources\":[{\"id\":\"b\",\"type\":\"barrier\",\"parties\":0}]}}",
                   "header: resources[0]: \"parties\" must be an integer in 1..1024");
    header_rejects("{\"syncscope_trace\":1,\"scenario\":{\"resources\":[{\"id\":\"p\",\"type\":\"pool\"}],"
                   "\"actors\":[{\"id\":\"w\",\"role\":\"boss\",\"pool\":\"p\"}]}}",
                   "header: actors[0]: \"role\" must be \"worker\" or \"callback\", not \"boss\"");
    header_rejects("{\"syncscope_trace\":1,\"scenario\":{\"resources\":[{\"id\":\"p\",\"type\":\"pipe\"}],"
                   "\"actors\":[{\"id\":\"w\",\"role\":\"worker\",\"pool\":\"p\"}]}}",
                   "header: actors[0]: \"pool\" is not a pool: \"p\"");
}

static const char FEED_TRACE[] =
    "{\"syncscope_trace\":1,\"scenario\":{\"title\":\"f\",\"cpus\":1,\"resources\":[],"
    "\"actors\":[{\"id\":\"a\",\"label\":\"A\",\"vpid\":1}],\"expect\":null}}\n"
    "{\"seq\":0,\"t\":0,\"ev\":\"new\",\"actor\":\"a\"}\n"
    "{\"seq\":1,\"t\":0,\"ev\":\"ready\",\"actor\":\"a\"}\n";

TEST(feed_takes_a_trace_in_pieces_of_any_size)
{
    TraceFeed f;
    trace_feed_init(&f);
    for (size_t i = 0; FEED_TRACE[i]; i++) CHECK(trace_feed_bytes(&f, FEED_TRACE + i, 1));
    trace_feed_end(&f);
    CHECK(!f.bad);
    CHECK(f.tl != NULL);
    if (f.tl) CHECK_EQ_INT(timeline_count(f.tl), 2);
    trace_feed_free(&f);
}

TEST(feed_says_an_empty_trace_and_a_cut_last_line_are_bad)
{
    TraceFeed f;
    trace_feed_init(&f);
    trace_feed_end(&f);
    CHECK(f.bad);
    CHECK_EQ_INT(f.bad_line, 1);
    CHECK_EQ_STR(f.bad_err.msg, "the trace is empty: no header line came");
    trace_feed_free(&f);
    trace_feed_init(&f);
    CHECK(trace_feed_bytes(&f, FEED_TRACE, strlen(FEED_TRACE) - 1)); /* no final newline */
    trace_feed_end(&f);
    CHECK(f.bad);
    CHECK_EQ_INT(f.bad_line, 3);
    CHECK_EQ_STR(f.bad_err.msg, "the last line is cut short (no newline)");
    trace_feed_free(&f);
}

TEST(feed_keeps_every_event_before_a_bad_line_and_names_it)
{
    TraceFeed f;
    trace_feed_init(&f);
    CHECK(trace_feed_bytes(&f, FEED_TRACE, strlen(FEED_TRACE)));
    const char *gap = "{\"seq\":5,\"t\":0,\"ev\":\"done\",\"actor\":\"a\"}\n";
    CHECK(!trace_feed_bytes(&f, gap, strlen(gap)));
    CHECK(f.bad);
    CHECK_EQ_INT(f.bad_line, 4);
    if (f.tl) CHECK_EQ_INT(timeline_count(f.tl), 2);
    trace_feed_free(&f);
}

int main(void)
{
    RUN(feed_takes_a_trace_in_pieces_of_any_size);
    RUN(feed_says_an_empty_trace_and_a_cut_last_line_are_bad);
    RUN(feed_keeps_every_event_before_a_bad_line_and_names_it);
    RUN(header_gives_the_expanded_scenario);
    RUN(header_from_the_future_is_rejected);
    RUN(header_with_bad_content_is_rejected);
    RUN(every_event_kind_decodes);
    RUN(keys_come_in_any_order_and_unknown_keys_are_skipped);
    RUN(string_escapes_and_utf8_decode);
    RUN(a_string_over_256_bytes_is_rejected);
    RUN(unknown_actor_resource_and_ev_are_rejected);
    RUN(missing_fields_are_rejected);
    RUN(issue3_fields_are_checked_and_foreign_ones_ignored);
    RUN(header_issue3_fields_are_checked);
    RUN(bad_numbers_and_syntax_are_rejected);
    RUN(end_line_expect_decodes);
    RUN(many_actors_resolve_through_the_index);
    RUN(linebuf_joins_lines_fed_byte_by_byte);
    RUN(linebuf_has_no_rest_when_the_last_line_ends);
    RUN(linebuf_rejects_a_line_over_the_limit_but_keeps_the_lines_before);
    return test_report();
}

/* test_scenario — the scenario loader (load*.c), its JSON parser (jsonpos),
 * templates and did-you-mean, through scenario_load_text. */
#include <stdlib.h>
#include <string.h>

#include "scenario/jsonpos.h"
#include "scenario/scenario.h"
#include "scenario/suggest.h"
#include "scenario/template.h"
#include "testlib.h"

static ErrList errs;

static Scenario *load(const char *text)
{
    errlist_free(&errs);
    return scenario_load_text("t.json", text, strlen(text), &errs);
}

/* True when some error message contains needle. */
static bool has_err(const char *needle)
{
    for (int k = 0; k < errs.n; k++)
        if (strstr(errs.v[k].msg, needle)) return true;
    return false;
}

static void dump_errs(void)
{
    for (int k = 0; k < errs.n; k++) err_print(&errs.v[k], stderr);
}

#define HEAD "{\"syncscope\":1,\"title\":\"t\","

TEST(minimal_scenario_gets_every_default)
{
    Scenario *sc = load(HEAD "\"actors\":[{\"id\":\"a\",\"script\":[]}]}");
    CHECK(sc != NULL);
    if (!sc) { dump_errs(); return; }
    CHECK_EQ_INT(sc->cpus, 1);
    CHECK_EQ_INT(sc->policy, POL_FIFO);
    CHECK_EQ_INT(sc->quantum_ms, 100);
    CHECK_EQ_INT(sc->seed, 1);
    CHECK(sc->speed == 1.0);
    CHECK_EQ_INT(sc->stop_after_ms, 60000);
    CHECK_EQ_INT(sc->mode, MODE_THREADS);
    CHECK_EQ_INT(sc->n_actors, 1);
    CHECK_EQ_STR(sc->actors[0].id, "a");
    CHECK_EQ_STR(sc->actors[0].label, "a");
    CHECK_EQ_INT(sc->actors[0].index, 1);
    CHECK_EQ_INT(sc->actors[0].group_size, 1);
    CHECK(sc->actors[0].autostart);
    CHECK(!sc->has_expect);
    CHECK_EQ_INT(sc->expect_outcome, OUT_NONE);
    scenario_free(sc);
}

TEST(count_expands_ids_labels_and_vpids)
{
    Scenario *sc = load(HEAD "\"actors\":[{\"id\":\"boss\",\"script\":[]},"
                        "{\"id\":\"car\",\"count\":3,\"label\":\"Car {i} {{x}}\",\"script\":[]},"
                        "{\"id\":\"bus\",\"count\":2,\"script\":[]}]}");
    CHECK(sc != NULL);
    if (!sc) { dump_errs(); return; }
    CHECK_EQ_INT(sc->n_actors, 6);
    CHECK_EQ_STR(sc->actors[1].id, "car.1");
    CHECK_EQ_STR(sc->actors[3].id, "car.3");
    CHECK_EQ_STR(sc->actors[3].label, "Car 3 {x}");
    CHECK_EQ_STR(sc->actors[3].group, "car");
    CHECK_EQ_INT(sc->actors[3].index, 3);
    CHECK_EQ_INT(sc->actors[3].group_size, 3);
    CHECK_EQ_INT(sc->actors[3].vpid, 4);
    CHECK_EQ_STR(sc->actors[5].id, "bus.2");
    CHECK_EQ_STR(sc->actors[5].label, "bus.2");
    CHECK_EQ_INT(sc->actors[5].vpid, 6);
    CHECK(sc->actors[1].script == sc->actors[2].script);
    scenario_free(sc);
}

TEST(names_resolve_to_resource_indices)
{
    Scenario *sc = load(HEAD "\"resources\":[{\"id\":\"q\",\"type\":\"queue\",\"capacity\":2},"
                        "{\"id\":\"m\",\"type\":\"lock\",\"label\":\"Mutex\"},"
                        "{\"id\":\"s\",\"type\":\"semaphore\",\"value\":3,\"bounded\":true},"
                        "{\"id\":\"v\",\"type\":\"variable\",\"value\":-4}],"
                        "\"actors\":[{\"id\":\"a\",\"script\":["
                        "{\"with\":\"m\",\"steps\":[{\"do\":\"put\",\"on\":\"q\",\"item\":{\"var\":\"v\"}}]},"
                        "{\"do\":\"acquire\",\"on\":\"s\"},"
                        "{\"do\":\"get\",\"on\":\"q\",\"into\":\"x\",\"say\":\"got {x}\"},"
                        "{\"do\":\"add\",\"var\":\"v\",\"value\":{\"add\":[{\"local\":\"x\"},1]}}]}]}");
    CHECK(sc != NULL);
    if (!sc) { dump_errs(); return; }
    CHECK_EQ_INT(sc->n_res, 4);
    CHECK_EQ_INT(sc->res[0].capacity, 2);
    CHECK_EQ_STR(sc->res[0].label, "q");
    CHECK_EQ_STR(sc->res[1].label, "Mutex");
    CHECK_EQ_INT(sc->res[2].value, 3);
    CHECK(sc->res[2].bounded);
    CHECK_EQ_INT(sc->res[3].value, -4);
    const StepList *s = sc->actors[0].script;
    CHECK_EQ_INT(s->n, 4);
    CHECK_EQ_INT(s->v[0].kind, ST_WITH);
    CHECK_EQ_INT(s->v[0].res, 1);
    CHECK_EQ_INT(s->v[0].body.n, 1);
    CHECK_EQ_INT(s->v[0].body.v[0].kind, ST_PUT);
    CHECK_EQ_INT(s->v[0].body.v[0].res, 0);
    CHECK_EQ_INT(s->v[0].body.v[0].value->kind, EX_VAR);
    CHECK_EQ_INT(s->v[0].body.v[0].value->res, 3);
    CHECK_EQ_STR(s->v[0].body.v[0].path, "actors[0].script[0].steps[0]");
    CHECK_EQ_INT(s->v[1].res, 2);
    CHECK_EQ_STR(s->v[2].into, "x");
    CHECK(s->v[2].say && s->v[2].say->is_template);
    CHECK_EQ_INT(s->v[3].value->kind, EX_ADD);
    CHECK_EQ_INT(s->v[3].value->a->kind, EX_LOCAL);
    CHECK_EQ_STR(s->v[3].value->a->name, "x");
    CHECK_EQ_INT(s->v[3].value->b->lit.i, 1);
    scenario_free(sc);
}

TEST(scripts_by_name_are_shared_and_control_flow_compiles)
{
    Scenario *sc = load(HEAD "\"resources\":[{\"id\":\"e\",\"type\":\"event\",\"set\":true}],"
                        "\"scripts\":{\"w\":[{\"repeat\":3,\"steps\":[{\"do\":\"work\",\"ms\":[1,5],\"say\":\"{iter}\"}]},"
                        "{\"let\":1,\"do\":\"let\",\"local\":\"n\",\"value\":0}]},"
                        "\"actors\":[{\"id\":\"a\",\"script\":\"w\"},{\"id\":\"b\",\"script\":\"w\"},"
                        "{\"id\":\"c\",\"daemon\":true,\"start_ms\":5,\"script\":[{\"while\":{\"not\":{\"eq\":[1,2]}},"
                        "\"steps\":[{\"if\":{\"lt\":[1,2]},\"then\":[{\"do\":\"break\"}],\"else\":[]}]},"
                        "{\"loop\":[{\"do\":\"wait\",\"on\":\"e\"},{\"do\":\"break\"}]}]}]}");
    /* "let":1 is an unknown key: the step above is wrong on purpose */
    CHECK(sc == NULL);
    CHECK(has_err("scripts.w[1].let: unknown key"));
    sc = load(HEAD "\"resources\":[{\"id\":\"e\",\"type\":\"event\",\"set\":true}],"
              "\"scripts\":{\"w\":[{\"repeat\":3,\"steps\":[{\"do\":\"work\",\"ms\":[1,5],\"say\":\"{iter}\"}]},"
              "{\"do\":\"let\",\"local\":\"n\",\"value\":0}]},"
              "\"actors\":[{\"id\":\"a\",\"script\":\"w\"},{\"id\":\"b\",\"script\":\"w\"},"
              "{\"id\":\"c\",\"daemon\":true,\"start_ms\":5,\"script\":[{\"while\":{\"not\":{\"eq\":[1,2]}},"
              "\"steps\":[{\"if\":{\"lt\":[1,2]},\"then\":[{\"do\":\"break\"}],\"else\":[]}]},"
              "{\"loop\":[{\"do\":\"wait\",\"on\":\"e\"},{\"do\":\"break\"}]}]}]}");
    CHECK(sc != NULL);
    if (!sc) { dump_errs(); return; }
    CHECK(sc->res[0].set);
    CHECK(sc->actors[0].script == sc->actors[1].script);
    const StepList *w = sc->actors[0].script;
    CHECK_EQ_INT(w->v[0].kind, ST_REPEAT);
    CHECK_EQ_INT(w->v[0].repeat, 3);
    CHECK_EQ_INT(w->v[0].body.v[0].ms_min, 1);
    CHECK_EQ_INT(w->v[0].body.v[0].ms_max, 5);
    CHECK_EQ_STR(w->v[1].local, "n");
    const ScActor *c = &sc->actors[2];
    CHECK(c->daemon);
    CHECK_EQ_INT(c->start_ms, 5);
    CHECK_EQ_INT(c->script->v[0].kind, ST_WHILE);
    CHECK_EQ_INT(c->script->v[0].cond->kind, CD_NOT);
    CHECK_EQ_INT(c->script->v[0].cond->inner->kind, CD_EQ);
    CHECK_EQ_INT(c->script->v[0].body.v[0].kind, ST_IF);
    CHECK_EQ_INT(c->script->v[0].body.v[0].cond->kind, CD_LT);
    CHECK_EQ_INT(c->script->v[0].body.v[0].body.v[0].kind, ST_BREAK);
    CHECK_EQ_INT(c->script->v[1].kind, ST_LOOP);
    CHECK_EQ_INT(c->script->v[1].body.n, 2);
    scenario_free(sc);
}

TEST(expect_outcome_and_vars_are_read)
{
    Scenario *sc = load(HEAD "\"resources\":[{\"id\":\"n\",\"type\":\"variable\"}],"
                        "\"actors\":[{\"id\":\"a\",\"script\":[]}],"
                        "\"expect\":{\"outcome\":\"deadlock\",\"vars\":{\"n\":-3}}}");
    CHECK(sc != NULL);
    if (!sc) { dump_errs(); return; }
    CHECK(sc->has_expect);
    CHECK_EQ_INT(sc->expect_outcome, OUT_DEADLOCK);
    CHECK_EQ_INT(sc->n_expect_vars, 1);
    CHECK_EQ_INT(sc->expect_vars[0].res, 0);
    CHECK_EQ_INT(sc->expect_vars[0].want.i, -3);
    scenario_free(sc);
}

TEST(template_scan_lists_placeholders_and_rejects_malformed)
{
    Err e;
    CHECK(template_scan("a {i} b {{literal}} {x_1}", NULL, NULL, &e));
    CHECK(!template_scan("oops {", NULL, NULL, &e));
    CHECK(strstr(e.msg, "closing") != NULL);
    CHECK(!template_scan("{1x}", NULL, NULL, &e));
    CHECK(!template_scan("a } b", NULL, NULL, &e));
    CHECK(!template_scan("{}", NULL, NULL, &e));
    CHECK(template_has_placeholders("{{"));
    CHECK(!template_has_placeholders("plain"));
}

static int n_seen;
static char seen[8][64];
static void record(void *ctx, const char *name)
{
    (void)ctx;
    if (n_seen < 8) snprintf(seen[n_seen++], 64, "%s", name);
}

static bool lookup_x(void *ctx, const char *name, Value *out)
{
    (void)ctx;
    if (strcmp(name, "x") != 0) return false;
    *out = value_str("ex");
    return true;
}

TEST(template_scan_reports_names_in_order)
{
    Err e;
    n_seen = 0;
    CHECK(template_scan("{i}{{no}}{iter} {x}", record, NULL, &e));
    CHECK_EQ_INT(n_seen, 3);
    CHECK_EQ_STR(seen[0], "i");
    CHECK_EQ_STR(seen[1], "iter");
    CHECK_EQ_STR(seen[2], "x");
}

TEST(template_expand_fills_index_iter_locals_and_braces)
{
    char out[64];
    size_t n = template_expand("Car {i} lap {iter}: {x} {y} {{ok}}", 2, 7, lookup_x, NULL, out,
                               sizeof out);
    CHECK_EQ_STR(out, "Car 2 lap 7: ex null {ok}");
    CHECK_EQ_INT(n, strlen(out));
    /* a tiny buffer cuts, never overflows, and never splits UTF-8 */
    char small[5];
    template_expand("h\xC3\xA9llo", 1, 0, NULL, NULL, small, sizeof small);
    CHECK_EQ_STR(small, "h\xC3\xA9l");
    char two[3];
    template_expand("a\xC3\xA9", 1, 0, NULL, NULL, two, sizeof two);
    CHECK_EQ_STR(two, "a");
}

TEST(did_you_mean_picks_close_names_only)
{
    const char *c[] = {"lock", "light", "type", "tickets"};
    CHECK_EQ_STR(suggest_best("lok", c, 4), "lock");
    CHECK_EQ_STR(suggest_best("tpye", c, 4), "type");
    CHECK_EQ_STR(suggest_best("TICKETS", c, 4), "tickets");
    CHECK_EQ_STR(suggest_best("tikcets", c, 4), "tickets");
    CHECK(suggest_best("zebra", c, 4) == NULL);
    CHECK(suggest_best("x", c, 4) == NULL);
    CHECK_EQ_INT(suggest_distance("kitten", "sitting"), 3);
}

TEST(unknown_resource_suggests_among_right_type)
{
    Scenario *sc = load(HEAD "\"resources\":[{\"id\":\"lock\",\"type\":\"lock\"},{\"id\":\"lick\",\"type\":\"event\"}],"
                        "\"actors\":[{\"id\":\"a\",\"script\":[{\"do\":\"wait\",\"on\":\"lok\"}]}]}");
    CHECK(sc == NULL);
    CHECK_EQ_INT(errs.n, 1);
    CHECK(has_err("actors[0].script[0].on: unknown resource \"lok\" (did you mean \"lick\"?)"));
}

TEST(a_file_with_three_errors_reports_all_three_in_file_order)
{
    const char *text =
        "{\"syncscope\": 1, \"title\": \"t\",\n"
        " \"cpus\": 0,\n"
        " \"actors\": [{\"id\": \"a\", \"script\": [\n"
        "   {\"do\": \"wrok\", \"ms\": 1},\n"
        "   {\"do\": \"sleep\", \"ms\": -1}]}]}\n";
    Scenario *sc = load(text);
    CHECK(sc == NULL);
    CHECK_EQ_INT(errs.n, 3);
    if (errs.n != 3) { dump_errs(); return; }
    CHECK_EQ_INT(errs.v[0].line, 2);
    CHECK_EQ_INT(errs.v[0].col, 10);
    CHECK_EQ_STR(errs.v[0].msg, "cpus: must be between 1 and 64 (got 0)");
    CHECK_EQ_INT(errs.v[1].line, 4);
    CHECK_EQ_STR(errs.v[1].msg, "actors[0].script[0].do: unknown step \"wrok\" (did you mean \"work\"?)");
    CHECK_EQ_INT(errs.v[2].line, 5);
    CHECK_EQ_STR(errs.v[2].file, "t.json");
}

TEST(columns_count_characters_not_bytes)
{
    Scenario *sc = load("{\"title\": \"\xC3\xA9t\xC3\xA9\", \"syncscope\": 2}");
    CHECK(sc == NULL);
    CHECK_EQ_INT(errs.n, 2);   /* version, actors */
    CHECK_EQ_INT(errs.v[0].col, 1);
    CHECK_EQ_INT(errs.v[1].col, 31);   /* 33 if it counted bytes */
}

TEST(deep_nesting_is_a_located_error_not_a_crash)
{
    size_t n = 100000;
    char *text = malloc(2 * n + 1);
    memset(text, '[', n);
    memset(text + n, ']', n);
    text[2 * n] = '\0';
    Scenario *sc = load(text);
    CHECK(sc == NULL);
    CHECK_EQ_INT(errs.n, 1);
    CHECK(has_err("nested deeper than 64"));
    CHECK_EQ_INT(errs.v[0].line, 1);
    CHECK_EQ_INT(errs.v[0].col, 65);
    free(text);
}

TEST(long_strings_and_too_many_actors_are_located_errors)
{
    char text[2048];
    char lng[400];
    memset(lng, 'x', 300);
    lng[300] = '\0';
    snprintf(text, sizeof text, HEAD "\"summary\":\"%s\",\"actors\":[{\"id\":\"a\",\"count\":1000,"
             "\"script\":[]},{\"id\":\"b\",\"count\":25,\"script\":[]}]}", lng);
    Scenario *sc = load(text);
    CHECK(sc == NULL);
    CHECK_EQ_INT(errs.n, 2);
    CHECK(has_err("summary: string is too long: 300 bytes (the limit is 256)"));
    CHECK(has_err("actors[1].count: too many actors: 1025 after count (the limit is 1024)"));
}

TEST(too_many_steps_is_reported_once)
{
    size_t n = 10001;
    size_t cap = n * 32 + 200;
    char *text = malloc(cap);
    size_t len = (size_t)snprintf(text, cap, HEAD "\"actors\":[{\"id\":\"a\",\"script\":[");
    for (size_t k = 0; k < n; k++)
        len += (size_t)snprintf(text + len, cap - len, "%s{\"do\":\"work\",\"ms\":1}", k ? "," : "");
    snprintf(text + len, cap - len, "]}]}");
    Scenario *sc = load(text);
    CHECK(sc == NULL);
    CHECK_EQ_INT(errs.n, 1);
    CHECK(has_err("actors[0].script[10000]: too many steps: a scenario has at most 10000"));
    free(text);
}

TEST(errors_are_capped_at_100_with_a_final_note)
{
    char text[8192];
    size_t len = (size_t)snprintf(text, sizeof text, HEAD "\"actors\":[{\"id\":\"a\",\"script\":[");
    for (int k = 0; k < 150; k++)
        len += (size_t)snprintf(text + len, sizeof text - len, "%s{\"do\":\"break\"}", k ? "," : "");
    snprintf(text + len, sizeof text - len, "]}]}");
    CHECK(load(text) == NULL);
    CHECK_EQ_INT(errs.n, 101);
    CHECK_EQ_STR(errs.v[100].msg, "too many errors: 150 in all, only the first 100 are shown");
}

TEST(parser_rejects_nul_bad_utf8_and_duplicate_keys)
{
    const char nul[] = "{\"a\":\n \"x\0y\"}";
    errlist_free(&errs);
    CHECK(scenario_load_text("t.json", nul, sizeof nul - 1, &errs) == NULL);
    CHECK(has_err("NUL byte"));
    CHECK_EQ_INT(errs.v[0].line, 2);
    CHECK_EQ_INT(errs.v[0].col, 4);
    CHECK(load("{\"a\": \"\xC3\x28\"}") == NULL);
    CHECK(has_err("invalid UTF-8"));
    CHECK_EQ_INT(errs.v[0].col, 8);
    CHECK(load("{\"a\": \"\xED\xA0\x80\"}") == NULL);   /* an encoded surrogate */
    CHECK(has_err("invalid UTF-8"));
    CHECK(load("{\"a\": 1,\n \"b\": 2, \"a\": 3}") == NULL);
    CHECK(has_err("duplicate key \"a\" (the first one is at 1:2)"));
    CHECK_EQ_INT(errs.v[0].line, 2);
    CHECK_EQ_INT(errs.v[0].col, 10);
    CHECK(load("{\"a\": \"\\u0000\"}") == NULL);
    CHECK(has_err("NUL"));
}

TEST(control_characters_from_the_file_never_break_an_error_line)
{
    CHECK(load(HEAD "\"a\\nb\":1,\"actors\":[{\"id\":\"a\",\"script\":[{\"do\":\"w\\tx\"}]}]}") == NULL);
    CHECK_EQ_INT(errs.n, 2);
    CHECK(has_err("a?b: unknown key"));
    CHECK(has_err("unknown step \"w?x\""));
    for (int k = 0; k < errs.n; k++) CHECK(strchr(errs.v[k].msg, '\n') == NULL);
}

TEST(parser_gives_located_syntax_errors)
{
    CHECK(load("{\"a\": 1 \"b\": 2}") == NULL);
    CHECK(has_err("expected ',' or '}' after an object member"));
    CHECK_EQ_INT(errs.v[0].col, 9);
    CHECK(load("[1, 2,]") == NULL);
    CHECK(has_err("trailing comma"));
    CHECK(load("{\"a\": True}") == NULL);
    CHECK(has_err("unexpected word \"True\""));
    CHECK(load("{\"a\": 'x'}") == NULL);
    CHECK(has_err("double quotes"));
    CHECK(load("{\"a\": [1, 2}") == NULL);
    CHECK(has_err("expected ',' or ']'"));
    CHECK(load("{\"a\": 1} x") == NULL);
    CHECK(has_err("extra text"));
    CHECK(load("") == NULL);
    CHECK(has_err("empty"));
    CHECK(load("{\"a\": \"abc") == NULL);
    CHECK(has_err("not closed"));
    CHECK(load("{\"a\": 01}") == NULL);
    CHECK(load("{\"a\": 1e999}") == NULL);
    CHECK(has_err("out of range"));
}

TEST(jsonpos_decodes_escapes_and_surrogate_pairs)
{
    JDoc doc;
    Err e;
    const char *t = "{\"s\": \"a\\n\\u00e9\\ud83d\\ude00\\\"\"}";
    CHECK(jsonpos_parse(t, strlen(t), &doc, &e));
    const JNode *s = jsonpos_get(doc.root, "s");
    CHECK(s && s->type == JSON_STR);
    if (s) CHECK_EQ_STR(s->str, "a\n\xC3\xA9\xF0\x9F\x98\x80\"");
    jsonpos_free(&doc);
}

TEST(local_used_but_never_assigned_is_an_error)
{
    Scenario *sc = load(HEAD "\"actors\":[{\"id\":\"a\",\"script\":[{\"do\":\"say\",\"text\":\"{count}\"},"
                        "{\"do\":\"let\",\"local\":\"cont\",\"value\":{\"local\":\"cont\"}}]}]}");
    CHECK(sc == NULL);
    CHECK_EQ_INT(errs.n, 1);
    CHECK(has_err("local \"count\" is never assigned"));
    CHECK(has_err("(did you mean \"cont\"?)"));
}

TEST(reserved_and_iter_outside_loop_are_errors)
{
    Scenario *sc = load(HEAD "\"actors\":[{\"id\":\"a\",\"script\":[{\"do\":\"let\",\"local\":\"i\",\"value\":1},"
                        "{\"do\":\"say\",\"text\":\"{iter}\"},{\"repeat\":2,\"steps\":[{\"do\":\"say\",\"text\":\"{iter}\"}]}]}]}");
    CHECK(sc == NULL);
    CHECK_EQ_INT(errs.n, 2);
    CHECK(has_err("actors[0].script[0].local: \"i\" is reserved"));
    CHECK(has_err("actors[0].script[1].text: {iter} is used outside any loop"));
}

/* Loads text written with ' for " (readable JSON in C strings). */
static Scenario *load_q(const char *text)
{
    size_t n = strlen(text);
    char *t = malloc(n + 1);
    if (!t) return NULL;
    for (size_t k = 0; k <= n; k++) t[k] = text[k] == '\'' ? '"' : text[k];
    Scenario *sc = load(t);
    free(t);
    return sc;
}

#define QHEAD "{'syncscope':1,'title':'t',"

TEST(issue3_resources_load_with_defaults_and_a_condition_gets_its_own_lock)
{
    Scenario *sc = load_q(QHEAD "'mode':'processes','scheduler':{'policy':'priority'},"
                          "'resources':[{'id':'r','type':'rlock'},"
                          "{'id':'cv','type':'condition','label':'Not full'},"
                          "{'id':'m','type':'lock'},{'id':'cv2','type':'condition','lock':'r'},"
                          "{'id':'b','type':'barrier','parties':3},"
                          "{'id':'q','type':'queue','joinable':true},{'id':'p','type':'pipe'},"
                          "{'id':'d','type':'pipe','duplex':true},{'id':'pl','type':'pool'}],"
                          "'actors':[{'id':'a','script':[]}]}");
    CHECK(sc != NULL);
    if (!sc) { dump_errs(); return; }
    CHECK_EQ_INT(sc->mode, MODE_PROCESSES);
    CHECK_EQ_INT(sc->policy, POL_PRIORITY);
    CHECK_EQ_INT(sc->n_res, 10);
    CHECK_EQ_INT(sc->res[0].type, RES_RLOCK);
    CHECK_EQ_INT(sc->res[1].lock, 9);
    CHECK_EQ_STR(sc->res[9].id, "cv.lock");
    CHECK_EQ_STR(sc->res[9].label, "Not full lock");
    CHECK_EQ_INT(sc->res[9].type, RES_LOCK);
    CHECK_EQ_INT(sc->res[3].lock, 0);
    CHECK_EQ_INT(sc->res[2].lock, -1);
    CHECK_EQ_INT(sc->res[4].parties, 3);
    CHECK(sc->res[5].joinable);
    CHECK(!sc->res[6].duplex);
    CHECK(sc->res[7].duplex);
    CHECK_EQ_INT(sc->res[8].workers, 4);
    scenario_free(sc);
    sc = load_q(QHEAD "'scheduler':{'policy':'os'},'actors':[{'id':'a','script':[]}]}");
    CHECK(sc && sc->policy == POL_OS);
    scenario_free(sc);
}

TEST(a_pool_adds_daemon_workers_and_a_callback_runner_after_the_actors)
{
    Scenario *sc = load_q(QHEAD "'resources':[{'id':'pool','type':'pool','workers':2,'label':'Pool'}],"
                          "'actors':[{'id':'main','script':[]},{'id':'c','count':2,'script':[]}]}");
    CHECK(sc != NULL);
    if (!sc) { dump_errs(); return; }
    CHECK_EQ_INT(sc->n_actors, 6);
    CHECK_EQ_INT(sc->actors[0].pool, -1);
    CHECK_EQ_STR(sc->actors[0].role, "");
    CHECK_EQ_STR(sc->actors[3].id, "pool.w1");
    CHECK_EQ_STR(sc->actors[4].id, "pool.w2");
    CHECK_EQ_STR(sc->actors[4].label, "Pool worker 2");
    CHECK_EQ_STR(sc->actors[4].role, "worker");
    CHECK_EQ_INT(sc->actors[4].pool, 0);
    CHECK_EQ_INT(sc->actors[4].vpid, 5);
    CHECK(sc->actors[4].daemon);
    CHECK(sc->actors[4].script == NULL);
    CHECK_EQ_STR(sc->actors[5].id, "pool.cb");
    CHECK_EQ_STR(sc->actors[5].label, "Pool callbacks");
    CHECK_EQ_STR(sc->actors[5].role, "callback");
    CHECK_EQ_INT(sc->actors[5].vpid, 6);
    CHECK(sc->actors[5].daemon);
    scenario_free(sc);
}

TEST(pool_actors_count_in_the_actor_limit)
{
    Scenario *sc = load_q(QHEAD "'resources':[{'id':'pool','type':'pool','workers':64}],"
                          "'actors':[{'id':'a','count':1000,'script':[]}]}");
    CHECK(sc == NULL);
    CHECK_EQ_INT(errs.n, 1);
    CHECK(has_err("resources[0].workers: too many actors: 1065 with the workers and callback "
                  "runner of pool \"pool\" (the limit is 1024)"));
}

TEST(issue3_steps_compile_into_their_fields)
{
    Scenario *sc = load_q(QHEAD "'mode':'processes','resources':[{'id':'m','type':'lock'},"
        "{'id':'cv','type':'condition'},{'id':'q','type':'queue','joinable':true},"
        "{'id':'p','type':'pipe'},{'id':'d','type':'pipe','duplex':true},"
        "{'id':'pl','type':'pool','workers':1},{'id':'b','type':'barrier','parties':2}],"
        "'scripts':{'sq':[{'do':'let','local':'result','value':{'local':'x'}}],"
        "'cb':[{'do':'say','text':'{result}'}]},"
        "'actors':[{'id':'a','priority':5,'script':["
        "{'do':'acquire','on':'m','timeout_ms':20,'into':'got'},"
        "{'do':'acquire','on':'cv','blocking':false},"
        "{'do':'wait','on':'b','into':'idx'},"
        "{'do':'notify','on':'cv','n':3},{'do':'notify_all','on':'cv'},"
        "{'do':'put','on':'q','item':1,'blocking':false,'into':'put_ok'},"
        "{'do':'get','on':'q','into':'it','ok':'ok','timeout_ms':0},"
        "{'do':'task_done','on':'q'},{'do':'join','on':'q','timeout_ms':5,'into':'j'},"
        "{'do':'join','actor':'w','timeout_ms':7},"
        "{'do':'send','on':'d','item':'hi','end':'a'},"
        "{'do':'recv','on':'d','end':'b','into':'r','ok':'rok'},"
        "{'do':'close','on':'p'},{'do':'close','on':'p','end':'read'},{'do':'recv','on':'p'},"
        "{'do':'submit','on':'pl','script':'sq','wait':true,'args':{'x':{'local':'it'}},'into':'res'},"
        "{'do':'submit','on':'pl','script':'sq','callback':'cb','args':{'x':2}},"
        "{'do':'close','on':'pl'},{'do':'join','on':'pl'},"
        "{'do':'start','actor':'late'},{'do':'terminate','actor':'late'}]},"
        "{'id':'w','count':3,'script':[]},{'id':'late','autostart':false,'script':[]}]}");
    CHECK(sc != NULL);
    if (!sc) { dump_errs(); return; }
    CHECK_EQ_INT(sc->actors[0].priority, 5);
    CHECK(!sc->actors[4].autostart);
    const Step *s = sc->actors[0].script->v;
    CHECK_EQ_INT(s[0].timeout_ms, 20);
    CHECK_EQ_STR(s[0].into, "got");
    CHECK(s[0].blocking);
    CHECK_EQ_INT(s[1].res, 1);
    CHECK(!s[1].blocking);
    CHECK_EQ_INT(s[1].timeout_ms, -1);
    CHECK_EQ_STR(s[2].into, "idx");
    CHECK_EQ_INT(s[3].kind, ST_NOTIFY);
    CHECK_EQ_INT(s[3].n, 3);
    CHECK_EQ_INT(s[4].n, -1);
    CHECK_EQ_STR(s[5].into, "put_ok");
    CHECK(!s[5].blocking);
    CHECK_EQ_STR(s[6].ok, "ok");
    CHECK_EQ_INT(s[6].timeout_ms, 0);
    CHECK_EQ_INT(s[7].kind, ST_TASK_DONE);
    CHECK_EQ_INT(s[8].res, 2);
    CHECK_EQ_INT(s[8].target, -1);
    CHECK_EQ_STR(s[8].into, "j");
    CHECK_EQ_INT(s[9].res, -1);
    CHECK_EQ_INT(s[9].target, 1);
    CHECK_EQ_INT(s[9].n_targets, 3);
    CHECK_EQ_INT(s[9].timeout_ms, 7);
    CHECK_EQ_STR(s[10].end, "a");
    CHECK_EQ_STR(s[11].end, "b");
    CHECK_EQ_STR(s[11].ok, "rok");
    CHECK_EQ_STR(s[12].end, "write");
    CHECK_EQ_STR(s[13].end, "read");
    CHECK_EQ_STR(s[14].end, "read");
    CHECK_EQ_INT(s[15].kind, ST_SUBMIT);
    CHECK(s[15].wait);
    CHECK_EQ_STR(s[15].script_name, "sq");
    CHECK(s[15].script && s[15].script->n == 1);
    CHECK(s[15].callback == NULL);
    CHECK_EQ_INT(s[15].n_args, 1);
    CHECK_EQ_STR(s[15].arg_names[0], "x");
    CHECK_EQ_INT(s[15].arg_values[0]->kind, EX_LOCAL);
    CHECK_EQ_STR(s[15].into, "res");
    CHECK(!s[16].wait);
    CHECK(s[16].callback && s[16].callback->n == 1);
    CHECK_EQ_INT(s[16].arg_values[0]->lit.i, 2);
    CHECK_EQ_INT(s[17].res, 5);
    CHECK_EQ_INT(s[18].res, 5);
    CHECK_EQ_INT(s[19].target, 4);
    CHECK_EQ_INT(s[19].n_targets, 1);
    CHECK_EQ_INT(s[20].kind, ST_TERMINATE);
    CHECK_EQ_INT(s[20].target, 4);
    scenario_free(sc);
}

TEST(a_task_sees_its_args_and_result_and_a_callback_sees_result)
{
    Scenario *sc = load_q(QHEAD "'resources':[{'id':'pl','type':'pool'}],"
        "'scripts':{'t':[{'do':'say','text':'{x} {y}'}],'cb':[{'do':'say','text':'{result} {z}'}],"
        "'plain':[{'do':'say','text':'{result}'}]},"
        "'actors':[{'id':'a','script':[{'do':'submit','on':'pl','script':'t','callback':'cb',"
        "'args':{'x':1}}]},{'id':'b','script':'plain'}]}");
    CHECK(sc == NULL);
    CHECK_EQ_INT(errs.n, 3);
    CHECK(has_err("scripts.t[0].text: local \"y\" is never assigned in this script"));
    CHECK(has_err("scripts.cb[0].text: local \"z\" is never assigned in this script"));
    CHECK(has_err("scripts.plain[0].text: local \"result\" is never assigned in this script"));
}

TEST(actor_targets_are_checked_once_every_actor_is_known)
{
    Scenario *sc = load_q(QHEAD "'scripts':{'s':[{'do':'join','actor':'grp'}]},"
        "'actors':[{'id':'a','script':[{'do':'join','actor':'a'},{'do':'start','actor':'b'},"
        "{'do':'join','actor':'wrker'},{'do':'terminate','actor':'b'}]},"
        "{'id':'b','script':[]},{'id':'worker','autostart':false,'script':[]},"
        "{'id':'grp','count':2,'script':'s'}]}");
    CHECK(sc == NULL);
    CHECK_EQ_INT(errs.n, 5);
    CHECK(has_err("actors[0].script[0].actor: \"a\" is the actor running this step: joining "
                  "yourself waits for ever"));
    CHECK(has_err("actors[0].script[1].actor: \"b\" starts by itself"));
    CHECK(has_err("actors[0].script[2].actor: unknown actor \"wrker\" (did you mean \"worker\"?)"));
    CHECK(has_err("actors[0].script[3].do: terminate needs \"mode\": \"processes\" (a thread "
                  "cannot be killed)"));
    CHECK(has_err("scripts.s[0].actor: \"grp\" includes \"grp.1\", an actor running this step"));
}

TEST(wrong_step_fields_and_shapes_are_errors)
{
    Scenario *sc = load(HEAD "\"resources\":[{\"id\":\"m\",\"type\":\"lock\"}],"
                        "\"actors\":[{\"id\":\"a\",\"script\":[{\"do\":\"work\",\"ms\":5,\"on\":\"m\"},"
                        "{\"do\":\"sleep\",\"ms\":[5,2]},{\"loop\":[],\"do\":\"work\"},{\"repeat\":2000000,\"steps\":[]},"
                        "{\"do\":\"write\",\"var\":\"m\",\"value\":1.5}]}]}");
    CHECK(sc == NULL);
    CHECK(has_err("actors[0].script[0].on: unknown key for a \"work\" step"));
    CHECK(has_err("actors[0].script[1].ms: range [5, 2] has MIN greater than MAX"));
    CHECK(has_err("actors[0].script[2].do: a step has exactly one of"));
    CHECK(has_err("actors[0].script[3].repeat: must be between 0 and 1000000"));
    CHECK(has_err("actors[0].script[4].var: \"m\" is a lock, but \"write\" needs a variable"));
    CHECK(has_err("actors[0].script[4].value: must be a whole number"));
}

TEST(ids_are_checked_and_duplicates_rejected)
{
    Scenario *sc = load(HEAD "\"resources\":[{\"id\":\"m\",\"type\":\"lock\"},{\"id\":\"m\",\"type\":\"lock\"},"
                        "{\"id\":\"\",\"type\":\"lock\"}],"
                        "\"actors\":[{\"id\":\"car\",\"script\":[]},{\"id\":\"car\",\"count\":2,\"script\":[]},"
                        "{\"id\":\"car.1\",\"script\":[]}]}");
    CHECK(sc == NULL);
    CHECK(has_err("resources[1].id: duplicate resource id \"m\""));
    CHECK(has_err("resources[2].id: resource id is empty"));
    CHECK(has_err("actors[1].id: duplicate actor id \"car\""));
    CHECK(has_err("actors[2].id: actor id \"car.1\" contains a '.'"));
}

int main(void)
{
    errlist_init(&errs);
    RUN(minimal_scenario_gets_every_default);
    RUN(count_expands_ids_labels_and_vpids);
    RUN(names_resolve_to_resource_indices);
    RUN(scripts_by_name_are_shared_and_control_flow_compiles);
    RUN(expect_outcome_and_vars_are_read);
    RUN(template_scan_lists_placeholders_and_rejects_malformed);
    RUN(template_scan_reports_names_in_order);
    RUN(template_expand_fills_index_iter_locals_and_braces);
    RUN(did_you_mean_picks_close_names_only);
    RUN(unknown_resource_suggests_among_right_type);
    RUN(a_file_with_three_errors_reports_all_three_in_file_order);
    RUN(columns_count_characters_not_bytes);
    RUN(deep_nesting_is_a_located_error_not_a_crash);
    RUN(long_strings_and_too_many_actors_are_located_errors);
    RUN(too_many_steps_is_reported_once);
    RUN(errors_are_capped_at_100_with_a_final_note);
    RUN(parser_rejects_nul_bad_utf8_and_duplicate_keys);
    RUN(control_characters_from_the_file_never_break_an_error_line);
    RUN(parser_gives_located_syntax_errors);
    RUN(jsonpos_decodes_escapes_and_surrogate_pairs);
    RUN(local_used_but_never_assigned_is_an_error);
    RUN(reserved_and_iter_outside_loop_are_errors);
    RUN(issue3_resources_load_with_defaults_and_a_condition_gets_its_own_lock);
    RUN(a_pool_adds_daemon_workers_and_a_callback_runner_after_the_actors);
    RUN(pool_actors_count_in_the_actor_limit);
    RUN(issue3_steps_compile_into_their_fields);
    RUN(a_task_sees_its_args_and_result_and_a_callback_sees_result);
    RUN(actor_targets_are_checked_once_every_actor_is_known);
    RUN(wrong_step_fields_and_shapes_are_errors);
    RUN(ids_are_checked_and_duplicates_rejected);
    errlist_free(&errs);
    return test_report();
}

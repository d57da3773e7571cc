/* cmd_replay — `syncscope replay TRACE [--expect] [--at SEQ] [--dump]
 * [--frames DIR]` (SPEC §1): rebuilds the state from a recorded trace
 * headless, checking every event against the model's rules, and
 * optionally the scenario's `expect`, a state dump, or PNG frames.
 *
 * A bad line is reported as TRACE:LINE:1: error: MESSAGE (LINE is the
 * file's line, the header is 1) and gives exit 1, but --dump and --frames
 * still show what came before it. Exit codes with --expect follow SPEC §5.
 * No SDL here: frames come from gfx/frames.h. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cmds.h"
#include "core/model.h"
#include "core/timeline.h"
#include "gfx/frames.h"
#include "trace/trace.h"

static void replay_usage(FILE *f)
{
    fprintf(f,
        "usage: syncscope replay TRACE [--expect] [--at SEQ] [--dump] [--frames DIR]\n"
        "\n"
        "Rebuilds the state of a run from its trace (TRACE, or - for stdin) and checks\n"
        "every event against the rules of its primitives.\n"
        "\n"
        "      --expect      check the scenario's expect; exit 0 met, 1 not met,\n"
        "                    3 unexpected deadlock, 4 fault, 5 interrupted\n"
        "      --at SEQ      the state just after event SEQ (printed, as --dump, when\n"
        "                    neither --frames nor --expect is given)\n"
        "      --dump        print the state as text\n"
        "      --frames DIR  render the events to DIR/frame_00000.png, ...\n"
        "  -h, --help        show this help\n"
        "      --version     show the version\n");
}

typedef struct Replay {
    const char *name;          /* for messages: the path, or <stdin> */
    Scenario *hdr;
    Timeline *tl;
    bool failed;               /* a line was bad: exit 1 */
    bool have_claim;           /* the end line was read */
    ExpectResult claim;        /* what the end line says about expect */
    long end_line;
} Replay;

static void report(Replay *r, long line, const Err *e)
{
    Err loc = *e;
    snprintf(loc.file, sizeof loc.file, "%s", r->name);
    loc.line = (int)(line > 0 ? line : 1);
    loc.col = 1;
    err_print(&loc, stderr);
    r->failed = true;
}

static void report_msg(Replay *r, long line, const char *msg)
{
    Err e;
    err_set(&e, "%s", msg);
    report(r, line, &e);
}

/* One complete line; false once the replay cannot go on. */
static bool take_line(Replay *r, const char *line, size_t len, long lineno)
{
    Err e = {0};
    if (lineno == 1) {
        r->hdr = trace_parse_header(line, len, &e);
        if (!r->hdr) { report(r, 1, &e); return false; }
        r->tl = timeline_new(r->hdr, &e);
        if (!r->tl) { report(r, 1, &e); return false; }
        return true;
    }
    Event ev;
    if (!trace_decode_event(r->hdr, line, len, &ev, &e) || !timeline_append(r->tl, &ev, &e)) {
        report(r, lineno, &e);
        return false;
    }
    if (ev.kind == EV_END) {
        if (!trace_decode_end_expect(r->hdr, line, len, &r->claim, &e)) {
            report(r, lineno, &e);
            return false;
        }
        r->have_claim = true;
        r->end_line = lineno;
    }
    return true;
}

/* Reads the whole stream; stops at the first bad line. */
static void read_trace(Replay *r, FILE *in)
{
    LineBuf lb;
    linebuf_init(&lb, TRACE_BIG_LINE_MAX);
    static char chunk[1 << 16];
    bool go = true;
    for (;;) {
        size_t n = fread(chunk, 1, sizeof chunk, in);
        Err fe = {0};
        bool fed = n == 0 || linebuf_feed(&lb, chunk, n, &fe);
        const char *line;
        size_t len;
        while (go && (line = linebuf_next(&lb, &len))) go = take_line(r, line, len, lb.lineno);
        if (!go) break;
        if (!fed) { report(r, lb.lineno + 1, &fe); break; }
        if (n == 0) {
            if (ferror(in)) {
                Err e;
                err_set(&e, "read error: %s", strerror(errno));
                report(r, lb.lineno + 1, &e);
            } else if (linebuf_rest(&lb, &len)) report_msg(r, lb.lineno + 1, "truncated last line");
            else if (lb.lineno == 0) report_msg(r, 1, "empty file: not a syncscope trace");
            break;
        }
    }
    linebuf_free(&lb);
}

static const char *oname(Outcome o) { return o == OUT_NONE ? "any" : outcome_name(o); }

/* Prints the expect summary; returns the exit code of SPEC §5. */
static int expect_summary(const Model *m, const ExpectResult *ex)
{
    if (!ex->present) printf("outcome: got %s (the scenario has no expect)\n", outcome_name(ex->got_outcome));
    else {
        bool ok = ex->want_outcome == OUT_NONE || ex->want_outcome == ex->got_outcome;
        printf("outcome: want %s, got %s — %s\n", oname(ex->want_outcome), outcome_name(ex->got_outcome),
               ok ? "ok" : "FAILED");
        for (int i = 0; i < ex->n_vars; i++) {
            char w[2 * VALUE_STR_MAX + 8], g[2 * VALUE_STR_MAX + 8];
            value_to_json(&ex->vars[i].want, w, sizeof w);
            value_to_json(&ex->vars[i].got, g, sizeof g);
            printf("%s: want %s, got %s — %s\n", m->hdr->res[ex->vars[i].res].id, w, g,
                   value_eq(&ex->vars[i].want, &ex->vars[i].got) ? "ok" : "FAILED");
        }
        printf("expect: %s\n", ex->ok ? "ok" : "FAILED");
    }
    if (ex->got_outcome == OUT_FAULT) return EXIT_FAULT;
    if (ex->got_outcome == OUT_INTERRUPTED) return EXIT_INTERRUPTED;
    if (ex->got_outcome == OUT_DEADLOCK && ex->want_outcome != OUT_DEADLOCK) return EXIT_DEADLOCK;
    if (ex->present && !ex->ok) return EXIT_EXPECT;
    return EXIT_OK;
}

/* The end line's claim must match what the model computes. */
static bool claim_agrees(const Model *m, const ExpectResult *got, const ExpectResult *claim, Err *e)
{
    if (got->present != claim->present)
        return err_set(e, "the end line says the scenario %s an expect, but the header %s",
                       claim->present ? "has" : "has no", got->present ? "has one" : "has none");
    if (!got->present) return true;
    if (claim->ok != got->ok)
        return err_set(e, "the end line claims expect %s, but the trace gives %s",
                       claim->ok ? "ok" : "failed", got->ok ? "ok" : "failed");
    if (claim->want_outcome != got->want_outcome)
        return err_set(e, "the end line claims expect.outcome %s, but the header wants %s",
                       oname(claim->want_outcome), oname(got->want_outcome));
    for (int i = 0; i < got->n_vars; i++) {
        const ExpectVar *v = &got->vars[i];
        const ExpectVar *c = NULL;
        for (int k = 0; k < claim->n_vars; k++)
            if (claim->vars[k].res == v->res) c = &claim->vars[k];
        const char *id = m->hdr->res[v->res].id;
        if (!c) return err_set(e, "the end line does not report expected variable \"%s\"", id);
        if (!value_eq(&c->got, &v->got)) {
            char a[2 * VALUE_STR_MAX + 8], b[2 * VALUE_STR_MAX + 8];
            value_to_json(&c->got, a, sizeof a);
            value_to_json(&v->got, b, sizeof b);
            return err_set(e, "the end line claims \"%s\" got %s, but the trace gives %s", id, a, b);
        }
    }
    if (claim->n_vars != got->n_vars)
        return err_set(e, "the end line reports %d expected variables, the header has %d", claim->n_vars,
                       got->n_vars);
    return true;
}

/* Frames of the events up to and including seq (all when at < 0). */
static bool render(Replay *r, const char *dir, long long at, int *n, Err *e)
{
    if (at < 0 || (uint64_t)at + 1 >= timeline_count(r->tl))
        return frames_render_trace(r->tl, dir, 1280, 720, n, e);
    Timeline *part = timeline_new(r->hdr, e);
    if (!part) return false;
    bool ok = true;
    Event ev;
    for (uint64_t i = 0; ok && i <= (uint64_t)at; i++) ok = timeline_event(r->tl, i, &ev) && timeline_append(part, &ev, e);
    ok = ok && frames_render_trace(part, dir, 1280, 720, n, e);
    timeline_free(part);
    return ok;
}

int cmd_replay(int argc, char **argv)
{
    static const struct option opts[] = {
        {"expect", no_argument, NULL, 'e'},
        {"at", required_argument, NULL, 'a'},
        {"dump", no_argument, NULL, 'd'},
        {"frames", required_argument, NULL, 'f'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    bool want_expect = false, want_dump = false;
    long long at = -1;
    const char *frames = NULL;
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'e': want_expect = true; break;
        case 'd': want_dump = true; break;
        case 'f': frames = optarg; break;
        case 'a': {
            char *end;
            errno = 0;
            at = strtoll(optarg, &end, 10);
            if (errno || *end || end == optarg || at < 0) {
                fprintf(stderr, "syncscope replay: --at wants a seq (0, 1, 2, ...), not \"%s\"\n", optarg);
                return EXIT_USAGE;
            }
            break;
        }
        case 'h': replay_usage(stdout); return EXIT_OK;
        case 'V': printf("syncscope %s\n", SYNCSCOPE_VERSION); return EXIT_OK;
        default:
            if (optopt && optopt != 'a' && optopt != 'f')
                fprintf(stderr, "syncscope replay: unknown option '-%c'\n", optopt);
            else fprintf(stderr, "syncscope replay: bad option '%s'\n", argv[optind - 1]);
            replay_usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (optind + 1 != argc) {
        fprintf(stderr, "syncscope replay: %s\n", optind >= argc ? "no trace file given" : "one trace file only");
        replay_usage(stderr);
        return EXIT_USAGE;
    }
    const char *path = argv[optind];
    Replay r = {.name = strcmp(path, "-") == 0 ? "<stdin>" : path};
    FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!in) {
        fprintf(stderr, "%s: error: cannot open: %s\n", path, strerror(errno));
        return EXIT_EXPECT;
    }
    read_trace(&r, in);
    if (in != stdin) fclose(in);
    if (!r.tl) { scenario_free(r.hdr); return EXIT_EXPECT; }

    int code = r.failed ? EXIT_EXPECT : EXIT_OK;
    const Model *live = timeline_live(r.tl);
    Err e = {0};
    if (at >= 0 && (uint64_t)at >= timeline_count(r.tl)) {
        fprintf(stderr, "syncscope replay: --at %lld is past the last event (seq %lld)\n", at,
                (long long)timeline_count(r.tl) - 1);
        timeline_free(r.tl);
        scenario_free(r.hdr);
        return EXIT_USAGE;
    }
    /* --at alone means: show me the state there */
    if (at >= 0 && !frames && !want_expect) want_dump = true;
    const Model *shown = at >= 0 ? timeline_seek(r.tl, (uint64_t)at, &e) : live;
    if (!shown) { report(&r, 0, &e); shown = live; }
    if (want_dump) model_dump(shown, stdout);
    if (frames) {
        int n = 0;
        if (render(&r, frames, at, &n, &e)) printf("wrote %d frames to %s\n", n, frames);
        else {
            fprintf(stderr, "%s: error: %s\n", frames, e.msg);
            code = EXIT_EXPECT;
        }
    }
    if (!r.failed && !live->ended) {
        report_msg(&r, (long)timeline_count(r.tl) + 1, "the trace has no end line");
        code = EXIT_EXPECT;
    }
    if (!r.failed && want_expect) {
        ExpectResult ex;
        model_expect(live, &ex);
        code = expect_summary(live, &ex);
        if (r.have_claim && !claim_agrees(live, &ex, &r.claim, &e)) {
            report(&r, r.end_line, &e);
            code = EXIT_EXPECT;
        }
    }
    timeline_free(r.tl);
    scenario_free(r.hdr);
    return code;
}

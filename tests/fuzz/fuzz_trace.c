/* fuzz_trace — libFuzzer target: bytes -> the trace reader and the model,
 * as `syncscope replay --expect` does it (src/app/cmd_replay.c): split into
 * lines, line 1 the header, every other line decoded and applied to a
 * Timeline, the end line's expect claim decoded and compared, then the
 * model's expect, a dump, and seeks. The same bytes go once more through
 * the window's TraceFeed (trace/feed.h), fed in uneven chunks.
 *
 * Oracles beyond "no crash, no leak, no sanitizer report": the events the
 * timeline stores, applied to a fresh model, must give the live state and
 * what a seek to the middle gives (printed by model_dump); both readers must
 * agree on how many events a trace without blank lines holds. Also compiled
 * into test_fuzz_regress (FUZZ_NO_ENTRY). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/model.h"
#include "core/timeline.h"
#include "fuzz.h"
#include "trace/feed.h"
#include "trace/trace.h"

/* The state as text (model_dump), malloc'ed; NULL on OOM. */
static char *fuzz_dump(const Model *m, size_t *len)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    if (!f) return NULL;
    model_dump(m, f);
    fclose(f);
    return buf;
}

typedef struct FuzzReplay {
    Scenario *hdr;
    Timeline *tl;
    bool failed;
    bool have_claim;
    ExpectResult claim;
} FuzzReplay;

/* cmd_replay.c take_line(), line for line. */
static bool fuzz_take_line(FuzzReplay *r, const char *line, size_t len, long lineno)
{
    Err e = {0};
    if (lineno == 1) {
        r->hdr = trace_parse_header(line, len, &e);
        if (!r->hdr) return false;
        r->tl = timeline_new(r->hdr, &e);
        return r->tl != NULL;
    }
    Event ev;
    if (!trace_decode_event(r->hdr, line, len, &ev, &e) || !timeline_append(r->tl, &ev, &e)) return false;
    if (ev.kind == EV_END) {
        if (!trace_decode_end_expect(r->hdr, line, len, &r->claim, &e)) return false;
        r->have_claim = true;
    }
    return true;
}

/* What cmd_replay's claim_agrees() reads: every index must be in range. */
static void fuzz_check_claim(const Model *m, const ExpectResult *got, const ExpectResult *claim)
{
    if (claim->n_vars < 0 || claim->n_vars > EXPECT_VARS_MAX) abort();
    if (got->n_vars < 0 || got->n_vars > EXPECT_VARS_MAX) abort();
    for (int i = 0; i < got->n_vars; i++) {
        if (got->vars[i].res < 0 || got->vars[i].res >= m->hdr->n_res) abort();
        char a[2 * VALUE_STR_MAX + 8];
        value_to_json(&got->vars[i].got, a, sizeof a);
        for (int k = 0; k < claim->n_vars; k++)
            if (claim->vars[k].res == got->vars[i].res) {
                value_to_json(&claim->vars[k].got, a, sizeof a);
                (void)value_eq(&claim->vars[k].got, &got->vars[i].got);
            }
    }
}

/* Aborts unless a and b print the same (model_dump). */
static void fuzz_same_state(const Model *a, const Model *b, const char *what, uint64_t seq)
{
    size_t la = 0, lb = 0;
    char *da = fuzz_dump(a, &la), *db = fuzz_dump(b, &lb);
    if (da && db && (la != lb || memcmp(da, db, la) != 0)) {
        fprintf(stderr, "fuzz_trace: %s at seq %llu differs\n--- want\n%s--- got\n%s", what,
                (unsigned long long)seq, da, db);
        abort();
    }
    free(da);
    free(db);
}

/* The timeline keeps events compactly and seeks from snapshots: both must
 * give back exactly what was applied. A fresh model fed the stored events
 * (timeline_event) must print as a seek to the middle does, and at the end
 * as the live state, which was fed the decoded events themselves. */
static void fuzz_check_seeks(Timeline *tl, const Scenario *hdr)
{
    uint64_t n = timeline_count(tl);
    Err e = {0};
    if (!timeline_seek(tl, 0, &e)) return; /* OOM only */
    Model ref;
    if (!model_init(&ref, hdr, &e)) return;
    uint64_t mid = n / 2;
    Event ev;
    for (uint64_t i = 0; i < n; i++) {
        if (!timeline_event(tl, i, &ev)) abort();
        if (!model_apply(&ref, &ev, &e)) {
            fprintf(stderr, "fuzz_trace: stored event %llu no longer applies: %s\n", (unsigned long long)i, e.msg);
            abort();
        }
        if (i == mid && n > 2) {
            const Model *m = timeline_seek(tl, mid, &e);
            if (m) fuzz_same_state(&ref, m, "a seek", mid);
        }
    }
    if (n > 0) fuzz_same_state(timeline_live(tl), &ref, "the stored events replayed", n - 1);
    if (timeline_event(tl, n, &ev)) abort();
    model_free(&ref);
}

/* As cmd_replay's read_trace() then the rest of cmd_replay() with --expect
 * and --dump. Returns the number of events, -1 when there is no timeline. */
static long long fuzz_replay(const uint8_t *data, size_t size)
{
    FuzzReplay r = {0};
    LineBuf lb;
    linebuf_init(&lb, TRACE_BIG_LINE_MAX);
    Err fe = {0};
    bool fed = linebuf_feed(&lb, (const char *)data, size, &fe);
    const char *line;
    size_t len;
    bool go = true;
    while (go && (line = linebuf_next(&lb, &len))) go = fuzz_take_line(&r, line, len, lb.lineno);
    if (go && fed) (void)linebuf_rest(&lb, &len);
    linebuf_free(&lb);
    long long count = -1;
    if (r.tl) {
        const Model *live = timeline_live(r.tl);
        count = (long long)timeline_count(r.tl);
        ExpectResult ex;
        model_expect(live, &ex);
        if (r.have_claim) fuzz_check_claim(live, &ex, &r.claim);
        fuzz_check_seeks(r.tl, r.hdr);
        timeline_free(r.tl);
    }
    scenario_free(r.hdr);
    return count;
}

/* The window's way: TraceFeed, fed in chunks whose sizes come from the
 * bytes, so line splits land everywhere. */
static long long fuzz_feed(const uint8_t *data, size_t size)
{
    TraceFeed f;
    trace_feed_init(&f);
    size_t off = 0, step = 1;
    while (off < size && !f.bad) {
        size_t n = step < size - off ? step : size - off;
        trace_feed_bytes(&f, (const char *)data + off, n);
        off += n;
        step = 1 + (data[off - 1] % 61u) * 7u;
    }
    trace_feed_end(&f);
    long long count = f.tl ? (long long)timeline_count(f.tl) : -1;
    if (f.tl) fuzz_check_seeks(f.tl, f.hdr);
    trace_feed_free(&f);
    return count;
}

int fuzz_trace_input(const uint8_t *data, size_t size)
{
    long long a = fuzz_replay(data, size);
    long long b = fuzz_feed(data, size);
    /* without blank lines (which the feed skips and replay rejects) both
     * readers see the same lines, so they must apply the same events */
    bool blank = size > 0 && data[0] == '\n';
    for (size_t i = 1; i < size && !blank; i++) blank = data[i] == '\n' && data[i - 1] == '\n';
    if (!blank && a != b) {
        fprintf(stderr, "fuzz_trace: replay applied %lld events, the feed %lld\n", a, b);
        abort();
    }
    return 0;
}

#ifndef FUZZ_NO_ENTRY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_trace_input(data, size); }
#endif

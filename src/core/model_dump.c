/* model_dump — the whole state of a Model as readable text: what
 * `replay --dump` prints and what students read, and what the tests compare
 * (so it depends on the state only, never on pointers or allocation).
 * Must not depend on SDL, threads or clocks. */
#include <stdio.h>
#include <string.h>

#include "core/model.h"

static void ids(FILE *f, const Model *m, const IdList *l)
{
    if (l->n == 0) { fputs("-", f); return; }
    for (int i = 0; i < l->n; i++)
        fprintf(f, "%s%s", i ? ", " : "", l->v[i] >= 0 && l->v[i] < m->hdr->n_actors
                                              ? m->hdr->actors[l->v[i]].id : "?");
}

static void secs(FILE *f, int64_t us)
{
    fprintf(f, "%lld.%06lld s", (long long)(us / 1000000), (long long)(us % 1000000));
}

static void actor_line(FILE *f, const Model *m, int i)
{
    const ScActor *sa = &m->hdr->actors[i];
    const MActor *a = &m->actors[i];
    fprintf(f, "  %s (%s): ", sa->id, sa->label);
    if (!a->created) { fputs("not started\n", f); return; }
    fputs(actor_state_name(a->state), f);
    switch (a->state) {
    case AS_RUNNING: fprintf(f, " on CPU %d", a->cpu); break;
    case AS_READY: {
        int pos = idlist_find(&m->ready, i);
        fprintf(f, " (#%d in the ready queue)", pos + 1);
        break;
    }
    case AS_BLOCKED:
        if (a->res >= 0) {
            const ScResource *r = &m->hdr->res[a->res];
            fprintf(f, " on %s %s (%s)", res_type_name(r->type), r->id, a->op);
        }
        break;
    case AS_SLEEPING:
        if (a->until >= 0) { fputs(" until ", f); secs(f, a->until); }
        break;
    case AS_ERROR: fprintf(f, ": %s", a->error); break;
    case AS_KILLED: fprintf(f, " (%s)", a->error); break;
    default: break;
    }
    fputs(" since ", f);
    secs(f, a->since);
    if (a->caption[0]) fprintf(f, " \"%s\"", a->caption);
    if (a->has_stats)
        fprintf(f, " [ready %lld us, turnaround %lld us, response %lld us]", (long long)a->ready_us,
                (long long)a->turnaround_us, (long long)a->response_us);
    fputc('\n', f);
}

static void res_line(FILE *f, const Model *m, int i)
{
    const ScResource *sr = &m->hdr->res[i];
    const MResource *r = &m->res[i];
    char buf[2 * VALUE_STR_MAX + 8];
    fprintf(f, "  %s %s (%s): ", sr->type == RES_SEMAPHORE && sr->bounded ? "bounded semaphore"
                                                                     : res_type_name(sr->type),
            sr->id, sr->label);
    switch (sr->type) {
    case RES_LOCK: case RES_RLOCK:
        if (r->holders.n == 0) fputs("free", f);
        else {
            fputs("held by ", f);
            ids(f, m, &(IdList){r->holders.v, 1, 1});
            if (sr->type == RES_RLOCK) fprintf(f, " (depth %d)", r->holders.n);
        }
        break;
    case RES_SEMAPHORE:
        fprintf(f, "%lld of %lld free, taken by ", (long long)r->count, (long long)sr->value);
        ids(f, m, &r->holders);
        break;
    case RES_EVENT: fputs(r->flag ? "set" : "clear", f); break;
    case RES_QUEUE:
        fputc('[', f);
        for (int k = 0; k < r->n_items; k++) {
            value_to_json(&r->items[k], buf, sizeof buf);
            fprintf(f, "%s%s", k ? ", " : "", buf);
        }
        fputc(']', f);
        if (sr->capacity > 0) fprintf(f, " %d of %d", r->n_items, sr->capacity);
        else fprintf(f, " %d, unbounded", r->n_items);
        break;
    case RES_VARIABLE:
        fprintf(f, "%lld", (long long)r->value);
        if (r->last_writer >= 0) fprintf(f, " (last written by %s)", m->hdr->actors[r->last_writer].id);
        break;
    default: break;
    }
    fputs("; waiting: ", f);
    ids(f, m, &r->waiters);
    fputc('\n', f);
}

void model_dump(const Model *m, FILE *f)
{
    const Scenario *h = m->hdr;
    fputs("time: ", f);
    secs(f, m->t);
    if (m->next_seq) fprintf(f, " (t=%lld us), after seq %llu (%s)\n", (long long)m->t,
                             (unsigned long long)(m->next_seq - 1), event_kind_name(m->last.kind));
    else fputs(", before any event\n", f);
    fprintf(f, "scheduler: %s, %d CPU%s\n", policy_name(h->policy), h->cpus, h->cpus == 1 ? "" : "s");
    for (int c = 0; c < h->cpus; c++) {
        int a = m->cpu_holder[c];
        fprintf(f, "  CPU %d: %s\n", c, a >= 0 ? h->actors[a].id : "idle");
    }
    fputs("ready queue: ", f);
    ids(f, m, &m->ready);
    fputc('\n', f);
    fprintf(f, "actors (%d):\n", h->n_actors);
    for (int i = 0; i < h->n_actors; i++) actor_line(f, m, i);
    fprintf(f, "resources (%d):\n", h->n_res);
    for (int i = 0; i < h->n_res; i++) res_line(f, m, i);
    if (m->has_overall_stats) {
        fprintf(f, "cpu: busy %lld us of %lld us, utilisation %.3f\n", (long long)m->busy_us,
                (long long)m->span_us, m->util);
    }
    if (m->ended)
        fprintf(f, "outcome: %s%s%s\n", outcome_name(m->outcome), m->reason[0] ? " — " : "", m->reason);
    else
        fputs("outcome: (running)\n", f);
}

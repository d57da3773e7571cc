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
    case AS_RUNNING: fprintf(f, " on CPU %d", a->cpu + 1); break; /* 1-based, as drawn */
    case AS_READY: {
        int pos = idlist_find(&m->ready, i);
        fprintf(f, " (#%d in the ready queue)", pos + 1);
        break;
    }
    case AS_BLOCKED:
        if (a->res >= 0) {
            const ScResource *r = &m->hdr->res[a->res];
            fprintf(f, " on %s %s (%s)", res_type_name(r->type), r->id, a->op);
        } else if (a->target >= 0)
            fprintf(f, " joining %s", m->hdr->actors[a->target].id);
        if (a->pend_lock >= 0 && !a->timed_out) fprintf(f, ", notified: next to lock %s", m->hdr->res[a->pend_lock].id);
        if (a->timed_out) fputs(", timed out", f);
        else if (a->woken) fputs(", served", f);
        break;
    case AS_SLEEPING:
        if (a->until >= 0) { fputs(" until ", f); secs(f, a->until); }
        break;
    case AS_ERROR: fprintf(f, ": %s", a->error); break;
    case AS_KILLED:
        fprintf(f, " (%s)", a->error);
        if (a->sig > 0) fprintf(f, " by signal %d", a->sig);
        break;
    default: break;
    }
    if (a->task > 0) fprintf(f, ", running task %lld", (long long)a->task);
    if (!sa->autostart) fputs(a->started ? ", started" : ", waits for a start", f);
    if (sa->role[0] && sa->pool >= 0 && sa->pool < m->hdr->n_res)
        fprintf(f, ", %s of pool %s", sa->role, m->hdr->res[sa->pool].id);
    fputs(" since ", f);
    secs(f, a->since);
    if (a->caption[0]) fprintf(f, " \"%s\"", a->caption);
    if (a->has_stats)
        fprintf(f, " [ready %lld us, turnaround %lld us, response %lld us]", (long long)a->ready_us,
                (long long)a->turnaround_us, (long long)a->response_us);
    fputc('\n', f);
}

static void items(FILE *f, const Value *v, int n)
{
    char buf[2 * VALUE_STR_MAX + 8];
    fputc('[', f);
    for (int k = 0; k < n; k++) {
        value_to_json(&v[k], buf, sizeof buf);
        fprintf(f, "%s%s", k ? ", " : "", buf);
    }
    fputc(']', f);
}

/* Who still holds an end of a pipe (live actors only: an ended one dropped its ends). */
static void pipe_ends(FILE *f, const Model *m, const MResource *r, unsigned bit)
{
    int shown = 0;
    for (int a = 0; a < m->hdr->n_actors; a++) {
        if (!(r->ends[a] & bit)) continue;
        ActorState s = m->actors[a].state;
        if (s == AS_DONE || s == AS_KILLED || s == AS_ERROR) continue;
        fprintf(f, "%s%s", shown++ ? ", " : "", m->hdr->actors[a].id);
    }
    if (!shown) fputs("nobody", f);
}

static void pool_line(FILE *f, const Model *m, int i)
{
    const MResource *r = &m->res[i];
    char buf[2 * VALUE_STR_MAX + 8];
    fputs("tasks queued [", f);
    for (int k = 0; k < r->n_tasks; k++) fprintf(f, "%s%lld", k ? ", " : "", (long long)r->tasks[k]);
    fputs("]; running:", f);
    int running = 0;
    for (int a = 0; a < m->hdr->n_actors; a++)
        if (m->actors[a].task > 0 && m->hdr->actors[a].pool == i)
            fprintf(f, "%s %s task %lld", running++ ? "," : "", m->hdr->actors[a].id,
                    (long long)m->actors[a].task);
    if (!running) fputs(" -", f);
    fputs("; finished:", f);
    for (int k = 0; k < r->n_done; k++) {
        value_to_json(&r->done[k].result, buf, sizeof buf);
        fprintf(f, "%s task %lld = %s%s", k ? "," : "", (long long)r->done[k].task, buf,
                r->done[k].called_back ? " (called back)" : "");
    }
    if (!r->n_done) fputs(" -", f);
    if (r->closed) fputs("; closed", f);
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
        if (sr->joinable) fprintf(f, ", %lld unfinished", (long long)r->unfinished);
        break;
    case RES_CONDITION:
        if (sr->lock >= 0 && sr->lock < m->hdr->n_res) fprintf(f, "on lock %s", m->hdr->res[sr->lock].id);
        break;
    case RES_BARRIER:
        fputs("arrived ", f);
        ids(f, m, &r->arrived);
        fprintf(f, ", missing %d of %d (passed %lld times)", sr->parties - r->arrived.n, sr->parties,
                (long long)r->rounds);
        break;
    case RES_PIPE:
        if (sr->duplex) {
            fputs("a->b ", f);
            items(f, r->items, r->n_items);
            fputs(", b->a ", f);
            items(f, r->back, r->n_back);
            fputs("; end a held by ", f);
            pipe_ends(f, m, r, 1u);
            fputs(", end b held by ", f);
            pipe_ends(f, m, r, 2u);
        } else {
            items(f, r->items, r->n_items);
            fputs("; read end held by ", f);
            pipe_ends(f, m, r, 1u);
            fputs(", write end held by ", f);
            pipe_ends(f, m, r, 2u);
        }
        break;
    case RES_POOL: pool_line(f, m, i); break;
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
        fprintf(f, "  CPU %d: %s\n", c + 1, a >= 0 ? h->actors[a].id : "idle");
    }
    fputs("ready queue: ", f);
    ids(f, m, &m->ready);
    fputc('\n', f);
    fprintf(f, "actors (%d):\n", h->n_actors);
    for (int i = 0; i < h->n_actors; i++) actor_line(f, m, i);
    fprintf(f, "resources (%d):\n", h->n_res);
    for (int i = 0; i < h->n_res; i++) res_line(f, m, i);
    if (m->has_overall_stats) {
        /* busy is summed over every CPU: say so, or 2 CPUs read as 200% busy */
        fprintf(f, "cpu: %lld us of work on %d CPU%s in %lld us, utilisation %.1f%%\n",
                (long long)m->busy_us, m->hdr->cpus, m->hdr->cpus == 1 ? "" : "s",
                (long long)m->span_us, m->util * 100.0);
    }
    if (m->ended)
        fprintf(f, "outcome: %s%s%s\n", outcome_name(m->outcome), m->reason[0] ? " — " : "", m->reason);
    else
        fputs("outcome: (running)\n", f);
}

/* vmodel — see vmodel.h. Every index is checked: the view may be handed an
 * inconsistent model (a broken trace shown up to its bad line). */
#include "view/vmodel.h"

#include <stddef.h>
#include <string.h>

static bool res_ok(const Model *m, int r) { return r >= 0 && r < m->hdr->n_res; }
static bool actor_ok(const Model *m, int a) { return a >= 0 && a < m->hdr->n_actors; }

int vm_holder(const Model *m, int r)
{
    if (!res_ok(m, r) || m->res[r].holders.n <= 0) return -1;
    int a = m->res[r].holders.v[0];
    return actor_ok(m, a) ? a : -1;
}

int vm_depth(const Model *m, int r)
{
    if (vm_holder(m, r) < 0) return 0;
    /* an rlock's holder is listed once per level it holds */
    int a = m->res[r].holders.v[0], d = 0;
    for (int i = 0; i < m->res[r].holders.n; i++) d += m->res[r].holders.v[i] == a;
    return d < 1 ? 1 : d;
}

bool vm_dead(const Model *m, int a)
{
    if (!actor_ok(m, a)) return false;
    ActorState s = m->actors[a].state;
    return s == AS_KILLED || s == AS_ERROR;
}

/* Those still waiting at the barrier arrived too (the waiters of a round
 * that just passed leave through their "ready" events, in their places). */
int vm_arrived_n(const Model *m, int r)
{
    if (!res_ok(m, r)) return 0;
    int n = m->res[r].arrived.n, w = m->res[r].waiters.n;
    return n > w ? n : w;
}

int vm_arrived(const Model *m, int r, int k)
{
    if (!res_ok(m, r) || k < 0 || k >= vm_arrived_n(m, r)) return -1;
    const IdList *l = m->res[r].arrived.n >= m->res[r].waiters.n ? &m->res[r].arrived : &m->res[r].waiters;
    int a = l->v[k];
    return actor_ok(m, a) ? a : -1;
}

int64_t vm_unfinished(const Model *m, int r) { return res_ok(m, r) ? m->res[r].unfinished : -1; }

int vm_pipe_n(const Model *m, int r, int d)
{
    if (!res_ok(m, r) || d < 0 || d > 1) return 0;
    return d == 0 ? m->res[r].n_items : m->res[r].n_back;
}

const Value *vm_pipe_item(const Model *m, int r, int d, int k)
{
    if (k < 0 || k >= vm_pipe_n(m, r, d)) return NULL;
    return d == 0 ? &m->res[r].items[k] : &m->res[r].back[k];
}

bool vm_pipe_holds(const Model *m, int r, int a, int e)
{
    if (!res_ok(m, r) || !actor_ok(m, a) || !m->res[r].ends || e < 0 || e > 1) return false;
    /* an actor that ended closed its ends (SPEC §4), whatever bits remain */
    ActorState st = m->actors[a].state;
    if (st == AS_DONE || st == AS_KILLED || st == AS_ERROR) return false;
    return (m->res[r].ends[a] >> e) & 1u;
}

int vm_pool_workers_n(const Model *m, int r)
{
    int n = 0;
    for (int a = 0; a < m->hdr->n_actors; a++)
        n += m->hdr->actors[a].pool == r && strcmp(m->hdr->actors[a].role, "worker") == 0;
    return n;
}

int vm_pool_worker(const Model *m, int r, int j)
{
    for (int a = 0; a < m->hdr->n_actors; a++)
        if (m->hdr->actors[a].pool == r && strcmp(m->hdr->actors[a].role, "worker") == 0 && j-- == 0)
            return a;
    return -1;
}

bool vm_pool_closed(const Model *m, int r) { return res_ok(m, r) && m->res[r].closed; }

int vm_pool_queued_n(const Model *m, int r) { return res_ok(m, r) ? m->res[r].n_tasks : 0; }

int64_t vm_pool_queued(const Model *m, int r, int k)
{
    if (!res_ok(m, r) || k < 0 || k >= m->res[r].n_tasks) return 0;
    return m->res[r].tasks[k];
}

int vm_pool_done_n(const Model *m, int r) { return res_ok(m, r) ? m->res[r].n_done : 0; }

int64_t vm_pool_done(const Model *m, int r, int k, const Value **result, bool *called_back)
{
    *result = NULL;
    *called_back = false;
    if (!res_ok(m, r) || k < 0 || k >= m->res[r].n_done) return 0;
    const MTask *t = &m->res[r].done[k];
    *result = &t->result;
    *called_back = t->called_back;
    return t->task;
}

int64_t vm_worker_task(const Model *m, int a) { return actor_ok(m, a) ? m->actors[a].task : 0; }

int vm_join_target(const Model *m, int a)
{
    if (!actor_ok(m, a)) return -1;
    int t = m->actors[a].target;
    return actor_ok(m, t) ? t : -1;
}

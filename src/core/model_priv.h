/* model_priv — what model.c shares with the per-primitive rule files
 * (model_prims.c): message helpers and the checks both use. Private to
 * src/core/model*.c. */
#ifndef SYNCSCOPE_CORE_MODEL_PRIV_H
#define SYNCSCOPE_CORE_MODEL_PRIV_H

#include "core/model.h"

#define FAIL(...) err_set(err, __VA_ARGS__)

/* ids for messages (at most 63 bytes, from a checked header) */
static inline const char *aid(const Model *m, int a) { return m->hdr->actors[a].id; }
static inline const char *rid(const Model *m, int r) { return m->hdr->res[r].id; }
static inline bool live(ActorState s) { return s != AS_DONE && s != AS_KILLED && s != AS_ERROR; }

const char *model_rtype(const Model *m, int r);
bool model_need_running(const Model *m, const Event *ev, Err *err);
bool model_need_type(const Model *m, const Event *ev, ResType t, ResType t2, Err *err);
bool model_idlist_reserve(IdList *l, int n);

/* model_prims.c: the rules of the issue-3 primitives. */
/* The new kinds (notify ... owner_dead): check, then change. */
bool prims_check(Model *m, const Event *ev, Err *err);
void prims_change(Model *m, const Event *ev);
/* blocked on a barrier, condition, pipe, pool, joinable queue or an actor */
bool prims_check_blocked(Model *m, const Event *ev, Err *err);
/* ready of an actor blocked on one of those (or timed out) */
bool prims_check_wake(const Model *m, const Event *ev, Err *err);
/* Per-resource state the issue-3 primitives add: allocation and copies. */
bool prims_init_res(Model *m, int r);
void prims_free_res(MResource *r);
bool prims_copy_res(MResource *d, const MResource *s, int n_actors);

#endif

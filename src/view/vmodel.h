/* vmodel — what the view reads of the issue-3 state of a Model (rlock
 * depth, barrier arrivals, unfinished tasks, pipe buffers and open ends,
 * pool tasks and results, a worker's task), in one place.
 *
 * The drawing code asks these questions instead of reading MResource /
 * MActor fields itself, so how the model stores a primitive's state is
 * known in this file only. Out-of-range indices give safe defaults (the
 * view may show a model rebuilt from a broken trace). libc only. */
#ifndef SYNCSCOPE_VIEW_VMODEL_H
#define SYNCSCOPE_VIEW_VMODEL_H

#include <stdbool.h>
#include <stdint.h>

#include "core/model.h"

/* The actor holding lock/rlock r (first holder), or -1. */
int vm_holder(const Model *m, int r);
/* rlock r: its owner's depth (0 when free). */
int vm_depth(const Model *m, int r);
/* The actor is gone: killed or ended in error (it can no longer release). */
bool vm_dead(const Model *m, int a);

/* barrier r: how many have arrived this round, and the k-th of them (-1). */
int vm_arrived_n(const Model *m, int r);
int vm_arrived(const Model *m, int r, int k);

/* joinable queue r: tasks put and not yet task_done (-1: no such resource). */
int64_t vm_unfinished(const Model *m, int r);

/* pipe r, direction d (0: toward the read end, duplex: from "a" to "b";
 * 1: duplex only, from "b" to "a"): items in the tube, oldest first. */
int vm_pipe_n(const Model *m, int r, int d);
const Value *vm_pipe_item(const Model *m, int r, int d, int k);
/* Actor a still holds end e of pipe r open (e 0: "read" / "a"; 1: "write" / "b"). */
bool vm_pipe_holds(const Model *m, int r, int a, int e);

/* pool r: its workers (from the header: role "worker", pool r) */
int vm_pool_workers_n(const Model *m, int r);
int vm_pool_worker(const Model *m, int r, int j);     /* the j-th worker, or -1 */
bool vm_pool_closed(const Model *m, int r);
int vm_pool_queued_n(const Model *m, int r);          /* tasks waiting for a worker */
int64_t vm_pool_queued(const Model *m, int r, int k); /* their task numbers, FIFO */
int vm_pool_done_n(const Model *m, int r);            /* finished tasks, in order */
/* The k-th finished task: its number, its result, whether its callback ran. */
int64_t vm_pool_done(const Model *m, int r, int k, const Value **result, bool *called_back);
/* The task worker a runs now; 0 when idle (or unknown). */
int64_t vm_worker_task(const Model *m, int a);
/* Actor a, blocked joining another actor: that actor, or -1. */
int vm_join_target(const Model *m, int a);

#endif

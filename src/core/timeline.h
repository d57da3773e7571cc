/* timeline — every event of a run in order, with model snapshots, so that
 * the state at any seq is one snapshot copy plus a short re-apply.
 *
 * Used by the window (live and recorded) and by `replay --at`. Events are
 * kept in decoded form, compactly; a snapshot every TIMELINE_SNAP_EVERY
 * events bounds the cost of a seek. Pure: no SDL, no threads. */
#ifndef SYNCSCOPE_CORE_TIMELINE_H
#define SYNCSCOPE_CORE_TIMELINE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/err.h"
#include "core/event.h"
#include "core/model.h"

#define TIMELINE_SNAP_EVERY 1024
/* A snapshot is taken only once the events since the last one "weigh"
 * this many bytes each as much as a copy of the model: snapshot memory
 * stays a small multiple of the trace's. */
#define TIMELINE_SNAP_BYTES_PER_EVENT 64

typedef struct Timeline Timeline;

/* hdr is not owned and must outlive the timeline. */
Timeline *timeline_new(const Scenario *hdr, Err *err);
void timeline_free(Timeline *tl);
/* Applies ev to the live model and records it. On a broken rule returns
 * false and records nothing (the timeline still holds everything before). */
bool timeline_append(Timeline *tl, const Event *ev, Err *err);
/* Number of events recorded. */
uint64_t timeline_count(const Timeline *tl);
/* The state after the last recorded event. */
const Model *timeline_live(const Timeline *tl);
/* The state after applying events [0, seq] (seq clamped to the recorded
 * range; the state before any event when count is 0). The returned model
 * belongs to the timeline and stays valid until the next seek or append. */
const Model *timeline_seek(Timeline *tl, uint64_t seq, Err *err);
/* Copies event number i (0-based) into out; false if out of range. Events
 * are stored compactly, so this decodes rather than returns a pointer. */
bool timeline_event(const Timeline *tl, uint64_t i, Event *out);

#endif

/* narrate — the plain-words panels under the stage: the latest events
 * ("Car 2 waits for Traffic light", "Person 6 releases Stalls → Person 7"),
 * newest first, while a run goes; and at its end the results: the expect
 * checks in words ("expected sold = 1, got 5 — lost update") and a table of
 * each actor's scheduling figures.
 *
 * Words come from a Timeline's events (the history) and the names from the
 * model's header. No SDL: draw-list commands, and plain text for tests. */
#ifndef SYNCSCOPE_VIEW_NARRATE_H
#define SYNCSCOPE_VIEW_NARRATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/model.h"
#include "core/timeline.h"
#include "view/drawlist.h"
#include "view/lanes.h"
#include "view/layout.h"

/* The words for event i of tl into buf; false when the event is not told
 * (scheduling noise like "running", or a hand-off told with its release). */
bool narrate_event(const Model *m, const Timeline *tl, const Lanes *ln, uint64_t i, char *buf,
                   size_t cap);
/* The label of resource r ("?" when out of range). */
const char *narrate_res_name(const Model *m, int r);
/* What blocked actor a waits for now, from the model, with who holds it:
 * "waiting to acquire Fork 2, held by 2 Kant", "waiting for an item in
 * Tray 0", "waiting for Car 1 to finish". "" when a is not blocked. */
void narrate_wait(const Model *m, int a, char *buf, size_t cap);
/* The newest told event of actor a among the events before the model
 * shown (m->next_seq), looking back at most `scan` events: its words and
 * its time; false when none. */
bool narrate_last_of(const Model *m, const Timeline *tl, const Lanes *ln, int a, uint64_t scan,
                     char *buf, size_t cap, int64_t *t);

/* The narration panel: the newest told events up to the model shown. */
void narrate_draw(DrawList *dl, const Layout *L, const Model *m, const Timeline *tl,
                  const Lanes *ln, const VRect *box);

/* Line k of the expect results in words (k < results_expect_n()); *ok
 * says whether that check was met. */
int results_expect_n(const Model *m);
void results_expect_line(const Model *m, int k, char *buf, size_t cap, bool *ok);
/* The end panel: the expect lines, then one table row per actor (waited
 * ready, turnaround, response) and the overall CPU use. */
void results_draw(DrawList *dl, const Layout *L, const Model *m, const VRect *box);

#endif

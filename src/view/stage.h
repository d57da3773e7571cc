/* stage — one frame of the picture: lays out the model, animates the
 * tokens toward their places and builds the draw list (title bar, CPUs,
 * queues, resource cards, tokens with names and captions, legend).
 *
 * Used by the window every frame and by headless frames. Reads only the
 * Model and its header Scenario: no SDL, no clock (time comes in as dt). */
#ifndef SYNCSCOPE_VIEW_STAGE_H
#define SYNCSCOPE_VIEW_STAGE_H

#include <stdbool.h>

#include "core/model.h"
#include "core/timeline.h"
#include "view/anim.h"
#include "view/drawlist.h"
#include "view/lanes.h"
#include "view/layout.h"

typedef struct StageInfo {
    double speed;          /* shown as "speed x1" */
    bool paused;           /* shows PAUSED */
    bool show_keys;        /* key hints in the legend bar (the window) */
    const char *source;    /* "live", "replay", ... ; NULL for none */
    const char *banner;    /* a red error banner (e.g. "12: bad line"); NULL for none */
    bool has_clock;        /* show clock_us instead of the last event's time: the */
    int64_t clock_us;      /* live virtual clock between events (never below it) */
    /* The run's history, for the timeline strip and the narration under the
     * stage (NULL: no strip). The model drawn must be one of its states
     * (its live model or a seek): the strip shows events up to it. */
    const Timeline *tl;
    /* Added by "controls" (issue 4) for the stage engineer: where the
     * window's cursor is, e.g. "event 84 of 87 · seeking" (NULL: none).
     * The button bar has no room left of it for this at 1280x720: please
     * show it in the title bar or by the timeline's playhead. */
    const char *where;
    bool seeking;          /* controls: the picture shows the past, the world is paused */
    /* Scrolling (the window's wheel): lanes of the timeline and rows of
     * resource cards scrolled past; the stage clamps them (Stage.*_first). */
    int scroll_lanes;
    int scroll_cards;
    float legend_reserve;  /* px at the right of the legend bar kept for the window's buttons */
    float text_scale;      /* the back-row text scale (T, Ctrl +/-); 0 or 1: none */
} StageInfo;

typedef struct Stage {
    Layout L;
    Anim A;
    DrawList dl;
    Lanes lanes;           /* the timeline's lanes, read incrementally */
    /* Where the last frame put things, for the window's mouse: the
     * timeline's lanes (click or drag to seek, wheel to scroll; w == 0
     * when none), the cards' column (wheel to scroll), and the scroll
     * offsets as clamped. */
    VRect lanes_box;
    VRect cards_box;
    int lanes_first, cards_first;
} Stage;

void stage_init(Stage *st);
void stage_free(Stage *st);
/* Builds st->dl for m at w x h, dt_ms after the previous frame (a huge
 * dt snaps every token to its place). False on OOM. */
bool stage_frame(Stage *st, const Model *m, int w, int h, double dt_ms, const StageInfo *info);
/* The background colour the draw list assumes. */
VColor stage_background(void);

#endif

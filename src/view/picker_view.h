/* picker_view — the scenario picker `syncscope` opens with no arguments:
 * the list model (entries sorted by file name, a selection that moves
 * and wraps, hit-testing a click) and its draw list; plus the page that
 * lists a scenario's load errors (FILE:LINE:COL: error: …) in the window.
 *
 * Used by app/picker.c and tests/test_picker.c. No SDL, no file access:
 * app/picker.c reads the scenarios and fills the list. */
#ifndef SYNCSCOPE_VIEW_PICKER_VIEW_H
#define SYNCSCOPE_VIEW_PICKER_VIEW_H

#include <stdbool.h>

#include "scenario/scenario.h"
#include "view/drawlist.h"
#include "view/layout.h"

typedef struct PickEntry {
    char file[SC_STR_MAX + 1];     /* the file name, e.g. "semaphore_toilet.json" */
    char title[SC_STR_MAX + 1];
    char summary[SC_STR_MAX + 1];
} PickEntry;

typedef struct PickList {
    PickEntry *v;
    int n, cap;
    int sel;                       /* the selected entry; 0 when empty */
    int top;                       /* the first entry on screen (scrolling) */
} PickList;

void pick_init(PickList *pl);
void pick_free(PickList *pl);
/* Appends an entry (strings are cut to fit); false when out of memory. */
bool pick_add(PickList *pl, const char *file, const char *title, const char *summary);
/* Sorts by file name and selects the first. */
void pick_sort(PickList *pl);
/* Moves the selection by d entries, wrapping around at either end. */
void pick_move(PickList *pl, int d);

/* Where the rows go on a w x h frame; rows_visible is how many fit. */
typedef struct PickLayout {
    float x, y, w, row;            /* the first visible row's top-left, a row's width and height */
    int rows_visible;
    float ui;
} PickLayout;
void pick_layout(PickLayout *L, const PickList *pl, int w, int h, float text_scale);
/* Keeps the selection on screen (moves top). */
void pick_scroll(PickList *pl, const PickLayout *L);
/* The entry under (x, y), or -1. */
int pick_hit(const PickList *pl, const PickLayout *L, float x, float y);
void pick_draw(DrawList *dl, const PickList *pl, const PickLayout *L, int w, int h);

/* The error page: a heading naming the file, then each line of lines
 * (already formatted FILE:LINE:COL: error: …) wrapped to the width, from
 * wrapped row *first on: a long list scrolls. *first is clamped here (to
 * 0 when everything fits, else so that the last rows fill the page), and
 * "more above" / "more below" show what is scrolled away. Returns how many
 * rows the page shows (PgUp/PgDn move by one page less a row). */
int pick_draw_errors(DrawList *dl, const char *file, const char *const *lines, int n, int w, int h,
                     float text_scale, int *first);

#endif

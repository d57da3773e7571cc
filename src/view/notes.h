/* notes — the N overlay: the scenario's title, summary and teaching notes
 * in a panel big enough to read from the back of a classroom, the text
 * wrapped to the panel's width. Also notes_wrap, the word wrapper the
 * picker and the error list use too.
 *
 * Used by app/window.c and tests/test_picker.c. No SDL: widths are
 * estimated from the font size (gfx cuts anything that still overflows
 * with an ellipsis, so an estimate errs on the narrow side). */
#ifndef SYNCSCOPE_VIEW_NOTES_H
#define SYNCSCOPE_VIEW_NOTES_H

#include "scenario/scenario.h"
#include "view/drawlist.h"

#define NOTES_LINE_MAX (SC_STR_MAX + 8)

/* Splits text into lines of at most max_chars characters (UTF-8 code
 * points), breaking at spaces; a word longer than a line is cut. Writes
 * up to max_lines lines into lines and returns how many it wrote. */
int notes_wrap(const char *text, int max_chars, char (*lines)[NOTES_LINE_MAX], int max_lines);

/* Draws the notes panel over a w x h frame. */
void notes_draw(DrawList *dl, const Scenario *sc, int w, int h, float ui, float text_scale);

#endif

/* fonts — the faces labels are drawn with: the bundled DejaVu Sans (regular
 * and bold) first, then fallback fonts found at run time (fontfind.c) for
 * characters DejaVu lacks, such as the lessons' Chinese words (包子,
 * 消费者1). A line of text is split into runs by which face has each
 * character, each run is rendered with its face and the runs are placed
 * side by side on one baseline; measuring and ellipsis fitting go through
 * the same runs, so a mixed label is cut where it really overflows.
 *
 * A character no face has is drawn by DejaVu (its box), never dropped.
 * Fallbacks have no bold face: a bold run is emboldened by SDL_ttf.
 *
 * Depends on SDL2 and SDL2_ttf; the renderer is not needed (surfaces). */
#ifndef SYNCSCOPE_GFX_FONTS_H
#define SYNCSCOPE_GFX_FONTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <SDL.h>

#include "base/err.h"

#define FONTS_MIN_PX 6
#define FONTS_MAX_PX 160
#define FONTS_MAX_FACES 8        /* DejaVu + up to 7 fallbacks */

typedef struct Fonts Fonts;

/* Initialises SDL2_ttf if needed and finds DejaVu: $SYNCSCOPE_ASSETS, then
 * the bundled assets (dir), then the system's. NULL with err when none
 * opens. Fallbacks are looked for later, at the first character DejaVu
 * lacks. */
Fonts *fonts_open(const char *bundled_dir, Err *err);
void fonts_close(Fonts *fs);
/* Where DejaVu was found (for messages). */
const char *fonts_dir(const Fonts *fs);

/* Which face draws cp: 0 DejaVu, 1.. a fallback (loaded now if need be),
 * -1 none has it (DejaVu's box is drawn). */
int fonts_face_for(Fonts *fs, uint32_t cp);
/* The file of a face ("" for a bad index). */
const char *fonts_face_path(const Fonts *fs, int face);

/* The width in pixels of one line of UTF-8 text (0 on failure). */
int fonts_width(Fonts *fs, const char *text, int px, bool bold);
/* text, or its longest prefix (whole characters) followed by "…" that is
 * at most max_w pixels wide; max_w <= 0: no limit. */
void fonts_fit(Fonts *fs, const char *text, int px, bool bold, int max_w, char *out, size_t cap);

/* One line rendered (ARGB, transparent background). DejaVu's line box is
 * the reference: `line_h` is its height and `dy` where the surface's top
 * is relative to it (negative when a fallback's taller glyphs reach
 * above), so labels of mixed faces keep DejaVu's baseline. NULL when
 * nothing could be rendered. */
SDL_Surface *fonts_render(Fonts *fs, const char *text, int px, bool bold, SDL_Color c, int *dy,
                          int *line_h);

#endif

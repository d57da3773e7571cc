/* gfx — executes a view draw list on an SDL_Renderer: anti-aliased circles
 * and rounded corners from cached discs (one per radius and colour), thick
 * lines and triangles as geometry, text from cached label textures (fonts.c:
 * DejaVu, and fallback fonts for characters it lacks, e.g. Chinese). The
 * same code serves a window's renderer and a software renderer on a
 * surface (headless frames, screenshots).
 *
 * Depends on SDL2, SDL2_ttf, SDL2_image and view/ (never on app/). */
#ifndef SYNCSCOPE_GFX_GFX_H
#define SYNCSCOPE_GFX_GFX_H

#include <stdbool.h>

#include <SDL.h>

#include "base/err.h"
#include "view/drawlist.h"

typedef struct Gfx Gfx;

/* Binds to ren (not owned). Initialises SDL2_ttf if needed and finds the
 * fonts: $SYNCSCOPE_ASSETS, then the bundled assets, then the system's
 * DejaVu (fallbacks are found when a label needs one). NULL with err when
 * no font can be opened. */
Gfx *gfx_new(SDL_Renderer *ren, Err *err);
void gfx_free(Gfx *g);
/* Clears to bg and draws dl (does not present). False with err on an SDL
 * failure. */
bool gfx_draw(Gfx *g, const DrawList *dl, VColor bg, Err *err);
/* Where the fonts were found (for messages). */
const char *gfx_font_dir(const Gfx *g);

/* Reads ren's pixels (w x h) and writes them as a PNG (IMG_SavePNG). */
bool gfx_save_png(SDL_Renderer *ren, int w, int h, const char *path, Err *err);

#endif

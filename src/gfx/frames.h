/* frames — headless rendering of a trace to PNG frames (`replay --frames`),
 * with SDL's software renderer on a surface and the bundled font; no window,
 * no display needed. */
#ifndef SYNCSCOPE_GFX_FRAMES_H
#define SYNCSCOPE_GFX_FRAMES_H

#include <stdbool.h>

#include "base/err.h"
#include "core/timeline.h"

/* Writes DIR/frame_00000.png, … for the recorded events of tl (creating DIR
 * if needed), at width x height (1280x720 when 0). Returns false with err on
 * a rendering or write failure; *written (may be NULL) gets the count. */
bool frames_render_trace(Timeline *tl, const char *dir, int width, int height, int *written,
                         Err *err);

/* Writes one picture of m (at width x height, 1280x720 when 0) to the PNG
 * file path, every token at its place (for tests and screenshots). */
bool frames_render_model(const Model *m, const char *path, int width, int height, Err *err);

#endif

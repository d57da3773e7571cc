/* palette — the colours of the stage: one per actor state (Okabe-Ito,
 * colour-blind safe) and the few of the furniture, with the legend's
 * wording. Shared by the drawing and by the tests that look for these
 * colours in rendered pixels. libc only. */
#ifndef SYNCSCOPE_VIEW_PALETTE_H
#define SYNCSCOPE_VIEW_PALETTE_H

#include "core/model.h"
#include "view/drawlist.h"

#define PAL_BG        0xF4F3EEu
#define PAL_PANEL     0xFFFFFFu
#define PAL_EDGE      0xC9C6BCu
#define PAL_INK       0x1F2328u
#define PAL_MUTED     0x6B6F76u
#define PAL_TITLE_BG  0x22313Fu
#define PAL_BANNER    0xB3261Eu
#define PAL_SET       0x009E73u   /* event set: green */
#define PAL_CLEAR     0xD55E00u   /* event clear: vermillion */

/* Fill colour of a token in state s. */
VColor pal_state(ActorState s);
/* Legend words for a state ("running", ..., "not started"). */
const char *pal_state_word(ActorState s);

#endif

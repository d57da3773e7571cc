/* paint — see paint.h. */
#include "view/paint.h"

#include <stdio.h>

#include "view/palette.h"
#include "view/vmodel.h"

const char *paint_name(const Model *m, int a)
{
    if (a < 0 || a >= m->hdr->n_actors) return "?";
    const ScActor *sa = &m->hdr->actors[a];
    return sa->label[0] ? sa->label : sa->id;
}

void paint_dead_mark(DrawList *dl, const Layout *L, float cx, float cy, float rad)
{
    float d = rad * 0.72f, th = rad * 0.28f + 1.0f * L->s;
    VColor c = vcolor_hex(PAINT_DEAD);
    dl_line(dl, cx - d, cy - d, cx + d, cy + d, th, c);
    dl_line(dl, cx - d, cy + d, cx + d, cy - d, th, c);
}

void paint_mini_token(DrawList *dl, const Layout *L, const Model *m, int a, float cx, float cy,
                      float rad, bool name)
{
    if (a < 0 || a >= m->hdr->n_actors) return;
    dl_circle(dl, cx, cy, rad + 2.0f * L->s, vcolor_hex(PAL_INK));
    dl_circle(dl, cx, cy, rad, pal_state(m->actors[a].state));
    if (vm_dead(m, a)) paint_dead_mark(dl, L, cx, cy, rad);
    if (name)
        dl_text(dl, cx, cy + rad + (float)L->note_px * 0.7f, L->note_px, true, DL_CENTER,
                L->slot_w * 0.95f, vcolor_hex(PAL_INK), paint_name(m, a));
}

void paint_holder(const Model *m, int a, char *buf, size_t cap)
{
    const char *fate = "";
    if (vm_dead(m, a)) fate = " (dead)";
    else if (a >= 0 && a < m->hdr->n_actors && m->actors[a].state == AS_DONE) fate = " (finished)";
    snprintf(buf, cap, "%s%s", paint_name(m, a), fate);
}

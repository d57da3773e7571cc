/* drawlist — see drawlist.h. Appends never abort: on OOM the command is
 * dropped and `oom` set, so a frame degrades instead of crashing. */
#include "view/drawlist.h"

#include <stdlib.h>
#include <string.h>

VColor vcolor_hex(uint32_t rgb)
{
    VColor c = {(uint8_t)(rgb >> 16), (uint8_t)(rgb >> 8), (uint8_t)rgb, 255};
    return c;
}

void dl_init(DrawList *dl) { memset(dl, 0, sizeof *dl); }

void dl_free(DrawList *dl)
{
    free(dl->v);
    free(dl->pool);
    memset(dl, 0, sizeof *dl);
}

void dl_clear(DrawList *dl)
{
    dl->n = 0;
    dl->pool_len = 0;
    dl->oom = false;
}

const char *dl_text_of(const DrawList *dl, const DlCmd *c)
{
    if (!dl->pool || c->text >= dl->pool_len) return "";
    return dl->pool + c->text;
}

static DlCmd *push(DrawList *dl, DlKind k, VColor c)
{
    if (dl->n == dl->cap) {
        int cap = dl->cap ? dl->cap * 2 : 256;
        DlCmd *v = realloc(dl->v, (size_t)cap * sizeof *v);
        if (!v) { dl->oom = true; return NULL; }
        dl->v = v;
        dl->cap = cap;
    }
    DlCmd *cmd = &dl->v[dl->n++];
    memset(cmd, 0, sizeof *cmd);
    cmd->kind = k;
    cmd->c = c;
    return cmd;
}

void dl_rect(DrawList *dl, float x, float y, float w, float h, VColor c)
{
    DlCmd *k = push(dl, DL_RECT, c);
    if (!k) return;
    k->x = x; k->y = y; k->w = w; k->h = h;
}

void dl_rrect(DrawList *dl, float x, float y, float w, float h, float radius, VColor c)
{
    DlCmd *k = push(dl, DL_RRECT, c);
    if (!k) return;
    k->x = x; k->y = y; k->w = w; k->h = h; k->r = radius;
}

void dl_box(DrawList *dl, float x, float y, float w, float h, float radius, float border,
            VColor fill, VColor edge)
{
    dl_rrect(dl, x, y, w, h, radius, edge);
    float r2 = radius - border;
    dl_rrect(dl, x + border, y + border, w - 2 * border, h - 2 * border, r2 > 0 ? r2 : 0, fill);
}

void dl_circle(DrawList *dl, float cx, float cy, float radius, VColor c)
{
    DlCmd *k = push(dl, DL_CIRCLE, c);
    if (!k) return;
    k->x = cx; k->y = cy; k->r = radius;
}

void dl_tri(DrawList *dl, float x1, float y1, float x2, float y2, float x3, float y3, VColor c)
{
    DlCmd *k = push(dl, DL_TRI, c);
    if (!k) return;
    k->x = x1; k->y = y1; k->x2 = x2; k->y2 = y2; k->x3 = x3; k->y3 = y3;
}

void dl_line(DrawList *dl, float x1, float y1, float x2, float y2, float thick, VColor c)
{
    DlCmd *k = push(dl, DL_LINE, c);
    if (!k) return;
    k->x = x1; k->y = y1; k->x2 = x2; k->y2 = y2; k->r = thick;
}

void dl_text(DrawList *dl, float x, float y, int size, bool bold, DlAlign align, float max_w,
             VColor c, const char *text)
{
    if (!text || !*text) return;
    size_t n = strlen(text) + 1;
    if (dl->pool_len + n > dl->pool_cap) {
        size_t cap = dl->pool_cap ? dl->pool_cap : 4096;
        while (cap < dl->pool_len + n) cap *= 2;
        char *p = realloc(dl->pool, cap);
        if (!p) { dl->oom = true; return; }
        dl->pool = p;
        dl->pool_cap = cap;
    }
    DlCmd *k = push(dl, DL_TEXT, c);
    if (!k) return;
    memcpy(dl->pool + dl->pool_len, text, n);
    k->text = dl->pool_len;
    dl->pool_len += n;
    k->x = x; k->y = y; k->size = size; k->bold = bold; k->align = align; k->max_w = max_w;
}

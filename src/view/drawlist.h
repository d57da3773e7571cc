/* drawlist — the primitives the view asks the renderer to draw: filled
 * rects, rounded rects, circles, triangles, thick lines and text lines.
 *
 * The view (layout, animation) builds one per frame; gfx executes it with
 * SDL. Keeping this list plain data is what lets the layout be tested
 * without SDL and the same picture go to a window or a PNG.
 * libc only: no SDL, no fonts (text is measured and fitted by gfx). */
#ifndef SYNCSCOPE_VIEW_DRAWLIST_H
#define SYNCSCOPE_VIEW_DRAWLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct VColor {
    uint8_t r, g, b, a;
} VColor;

/* 0xRRGGBB, opaque. */
VColor vcolor_hex(uint32_t rgb);

typedef enum DlKind { DL_RECT = 0, DL_RRECT, DL_CIRCLE, DL_TRI, DL_LINE, DL_TEXT } DlKind;
typedef enum DlAlign { DL_LEFT = 0, DL_CENTER, DL_RIGHT } DlAlign;

typedef struct DlCmd {
    DlKind kind;
    VColor c;
    float x, y, w, h;      /* rect, rrect: box; circle: centre x,y */
    float r;               /* rrect: corner radius; circle: radius; line: thickness */
    float x2, y2, x3, y3;  /* line: x,y -> x2,y2; tri: 3 points */
    /* text: x anchors per align, y is the line's vertical centre */
    int size;              /* pixel height of the font */
    bool bold;
    DlAlign align;
    float max_w;           /* text wider than this is cut with an ellipsis; 0 = no limit */
    size_t text;           /* offset into the list's text pool */
} DlCmd;

typedef struct DrawList {
    DlCmd *v;
    int n, cap;
    char *pool;
    size_t pool_len, pool_cap;
    bool oom;              /* an append failed: the frame is incomplete */
} DrawList;

void dl_init(DrawList *dl);
void dl_free(DrawList *dl);
void dl_clear(DrawList *dl);
/* The text of a DL_TEXT command. */
const char *dl_text_of(const DrawList *dl, const DlCmd *c);

void dl_rect(DrawList *dl, float x, float y, float w, float h, VColor c);
void dl_rrect(DrawList *dl, float x, float y, float w, float h, float radius, VColor c);
/* A rounded box with a border of `border` px (two filled rrects). */
void dl_box(DrawList *dl, float x, float y, float w, float h, float radius, float border,
            VColor fill, VColor edge);
void dl_circle(DrawList *dl, float cx, float cy, float radius, VColor c);
void dl_tri(DrawList *dl, float x1, float y1, float x2, float y2, float x3, float y3, VColor c);
void dl_line(DrawList *dl, float x1, float y1, float x2, float y2, float thick, VColor c);
void dl_text(DrawList *dl, float x, float y, int size, bool bold, DlAlign align, float max_w,
             VColor c, const char *text);

#endif

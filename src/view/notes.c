/* notes — see notes.h. */
#include "view/notes.h"

#include <math.h>
#include <string.h>

#include "view/palette.h"

#define HEX(x) vcolor_hex(x)
#define NOTES_MAX_LINES 96
#define CHAR_W 0.52f /* an average glyph's width, in font sizes (a sans font) */

/* Bytes of the first n code points of s (n >= 0), stopping at its end. */
static size_t utf8_prefix(const char *s, int n)
{
    size_t i = 0;
    while (s[i] && n > 0) {
        i++;
        while ((s[i] & 0xC0) == 0x80) i++;
        n--;
    }
    return i;
}

static int utf8_len(const char *s, size_t bytes)
{
    int n = 0;
    for (size_t i = 0; i < bytes && s[i]; i++)
        if ((s[i] & 0xC0) != 0x80) n++;
    return n;
}

int notes_wrap(const char *text, int max_chars, char (*lines)[NOTES_LINE_MAX], int max_lines)
{
    if (!text || max_lines <= 0) return 0;
    if (max_chars < 4) max_chars = 4;
    int n = 0;
    const char *p = text;
    while (*p == ' ') p++;
    while (*p && n < max_lines) {
        size_t rest = strlen(p);
        size_t cut;
        if (utf8_len(p, rest) <= max_chars) {
            cut = rest;
        } else {
            size_t lim = utf8_prefix(p, max_chars);
            /* the last space that keeps the line within max_chars */
            cut = 0;
            for (size_t i = lim; i > 0; i--)
                if (p[i] == ' ') { cut = i; break; }
            if (cut == 0) cut = lim; /* one long word: cut it */
        }
        size_t len = cut < NOTES_LINE_MAX - 1 ? cut : NOTES_LINE_MAX - 1;
        while (len > 0 && p[len - 1] == ' ') len--;
        memcpy(lines[n], p, len);
        lines[n][len] = 0;
        n++;
        p += cut;
        while (*p == ' ') p++;
    }
    return n;
}

typedef struct NLine {
    char s[NOTES_LINE_MAX];
    int kind; /* 0 title, 1 summary, 2 note (first line gets a bullet), 3 note continued */
} NLine;

/* Wraps everything at font size px into a panel of text width tw. */
static int layout_lines(const Scenario *sc, NLine *out, float tw, float px)
{
    static char buf[NOTES_MAX_LINES][NOTES_LINE_MAX];
    int n = 0;
    int per = (int)(tw / (px * CHAR_W));
    int k = notes_wrap(sc->title, (int)(tw / (px * 1.25f * CHAR_W * 1.08f)), buf, NOTES_MAX_LINES - n);
    for (int i = 0; i < k; i++) { memcpy(out[n].s, buf[i], sizeof buf[i]); out[n++].kind = 0; }
    k = notes_wrap(sc->summary, per, buf, NOTES_MAX_LINES - n);
    for (int i = 0; i < k; i++) { memcpy(out[n].s, buf[i], sizeof buf[i]); out[n++].kind = 1; }
    for (int j = 0; j < sc->n_notes && n < NOTES_MAX_LINES; j++) {
        k = notes_wrap(sc->notes[j], per - 2, buf, NOTES_MAX_LINES - n);
        for (int i = 0; i < k; i++) { memcpy(out[n].s, buf[i], sizeof buf[i]); out[n++].kind = i == 0 ? 2 : 3; }
    }
    return n;
}

void notes_draw(DrawList *dl, const Scenario *sc, int w, int h, float ui, float text_scale)
{
    if (!sc) return;
    if (ui <= 0) ui = 1;
    if (text_scale < 1) text_scale = 1;
    static NLine L[NOTES_MAX_LINES];
    float bw = (float)w * 0.86f, pad = 28.0f * ui;
    float tw = bw - 2 * pad - 30.0f * ui;
    /* projector size first; smaller until everything fits the window */
    float px = 30.0f * ui * text_scale, row = 0, bh = 0;
    int n = 0;
    for (int tries = 0; tries < 30; tries++) {
        n = layout_lines(sc, L, tw, px);
        row = px * 1.45f;
        bh = 2 * pad + (float)n * row + (sc->n_notes > 0 ? row * 0.5f : 0) + row;
        if (bh <= (float)h - 20 || px < 9) break;
        px *= 0.9f;
    }
    if (bh > (float)h - 20) bh = (float)h - 20;
    dl_rect(dl, 0, 0, (float)w, (float)h, (VColor){0x1F, 0x23, 0x28, 0x99});
    float x = ((float)w - bw) / 2, y = ((float)h - bh) / 2;
    dl_box(dl, x, y, bw, bh, 12.0f * ui, 2.0f * ui, HEX(PAL_PANEL), HEX(PAL_EDGE));
    float cy = y + pad + row / 2;
    int ipx = (int)lroundf(px);
    bool gap_done = false;
    for (int i = 0; i < n; i++) {
        if (L[i].kind >= 2 && !gap_done) { cy += row * 0.5f; gap_done = true; }
        float tx = x + pad, mw = tw;
        if (L[i].kind == 0) {
            dl_text(dl, tx, cy, (int)lroundf(px * 1.25f), true, DL_LEFT, tw, HEX(PAL_INK), L[i].s);
        } else if (L[i].kind == 1) {
            dl_text(dl, tx, cy, ipx, false, DL_LEFT, tw, HEX(PAL_MUTED), L[i].s);
        } else {
            if (L[i].kind == 2) dl_circle(dl, tx + px * 0.3f, cy, px * 0.15f, HEX(PAL_INK));
            tx += px * 1.1f;
            mw -= px * 1.1f;
            dl_text(dl, tx, cy, ipx, false, DL_LEFT, mw, HEX(PAL_INK), L[i].s);
        }
        cy += row;
    }
    dl_text(dl, x + bw / 2, y + bh - row * 0.6f, (int)lroundf(px * 0.7f), false, DL_CENTER, bw - 20,
            HEX(PAL_MUTED), "N or Esc closes these notes");
}

/* fontfind — where on this machine a font file is that has a character the
 * bundled DejaVu lacks (the lessons' Chinese words, any other script).
 *
 * Two sources, asked in this order by fonts.c: the files of Debian's CJK
 * font packages at their known paths (the set-up command installs one;
 * cheap, predictable), then fontconfig, when built with it, for any
 * character in any installed font (other scripts, other distributions,
 * fonts a user added). Only file names come out: opening and checking the
 * glyph is the caller's (SDL_ttf).
 *
 * libc (+ fontconfig when SYNCSCOPE_HAVE_FONTCONFIG); no SDL. */
#ifndef SYNCSCOPE_GFX_FONTFIND_H
#define SYNCSCOPE_GFX_FONTFIND_H

#include <stdbool.h>
#include <stdint.h>

#define FONTFIND_PATH_MAX 1024

typedef struct FontFile {
    char path[FONTFIND_PATH_MAX];
    int index;               /* face in a collection (.ttc); 0 for a .ttf */
} FontFile;

/* The known CJK-capable font files that exist here, best first (at most
 * cap). Returns how many were written. */
int fontfind_known(FontFile *out, int cap);

/* Fonts fontconfig says have code point cp, best first (at most cap):
 * scalable TrueType/OpenType only, as SDL_ttf opens those. 0 when built
 * without fontconfig or when none has it. */
int fontfind_for_char(uint32_t cp, FontFile *out, int cap);

/* Whether this build can ask fontconfig. */
bool fontfind_has_fontconfig(void);

/* Each user (a Fonts) holds fontfind while it may search; at the last
 * release fontconfig, if it was started, is shut (FcFini: its start-up
 * allocations would otherwise show as leaks). Main thread only. */
void fontfind_hold(void);
void fontfind_release(void);

#endif

/* fonts — see fonts.h.
 *
 * Cost: a face is asked per character (TTF_GlyphIsProvided32, a cmap
 * look-up) only when a label is rendered or fitted, and gfx caches the
 * rendered labels, so this runs for new strings only. A search for a new
 * fallback (stat + open of known files, then fontconfig) happens only for
 * a character no loaded face has; characters that nothing has are
 * remembered so that their labels do not search again on every render. */
#include "gfx/fonts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <SDL_ttf.h>

#include "gfx/fontfind.h"

#define PROBE_PX 16              /* glyph coverage does not depend on size */
#define MISSING_CAP 256          /* remembered characters no face has */
#define LINE_MAX 1024            /* bytes of one line; longer text is cut */
#define RUNS_MAX 64

typedef struct Face {
    char path[2][FONTFIND_PATH_MAX];  /* [bold]; a fallback's two are one file */
    int index;
    bool synth_bold;                  /* a fallback: emboldened by SDL_ttf */
    TTF_Font *f[2][FONTS_MAX_PX + 1]; /* [bold][px], opened on demand */
} Face;

struct Fonts {
    char dir[1024];
    Face face[FONTS_MAX_FACES];
    int n_faces;
    uint32_t missing[MISSING_CAP];    /* open addressing; 0 = free slot */
    int n_missing;
    bool ttf_owned;
    bool holds_find;                  /* fontfind_hold() done */
};

static bool file_exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static bool try_dir(Fonts *fs, const char *dir)
{
    if (!dir || !*dir) return false;
    Face *f = &fs->face[0];
    int a = snprintf(f->path[0], sizeof f->path[0], "%s/DejaVuSans.ttf", dir);
    int b = snprintf(f->path[1], sizeof f->path[1], "%s/DejaVuSans-Bold.ttf", dir);
    if (a <= 0 || (size_t)a >= sizeof f->path[0] || b <= 0 || (size_t)b >= sizeof f->path[1])
        return false;
    if (!file_exists(f->path[0]) || !file_exists(f->path[1])) return false;
    int n = snprintf(fs->dir, sizeof fs->dir, "%s", dir);
    return n > 0 && (size_t)n < sizeof fs->dir;
}

Fonts *fonts_open(const char *bundled_dir, Err *err)
{
    Fonts *fs = calloc(1, sizeof *fs);
    if (!fs) { err_set(err, "out of memory"); return NULL; }
    if (!TTF_WasInit()) {
        if (TTF_Init() != 0) {
            err_set(err, "cannot start SDL_ttf: %s", TTF_GetError());
            free(fs);
            return NULL;
        }
        fs->ttf_owned = true;
    }
    if (!try_dir(fs, getenv("SYNCSCOPE_ASSETS")) && !try_dir(fs, bundled_dir) &&
        !try_dir(fs, "/usr/share/fonts/truetype/dejavu")) {
        err_set(err, "no font found: set SYNCSCOPE_ASSETS to a folder with DejaVuSans.ttf");
        fonts_close(fs);
        return NULL;
    }
    fs->n_faces = 1;
    fontfind_hold();
    fs->holds_find = true;
    return fs;
}

void fonts_close(Fonts *fs)
{
    if (!fs) return;
    for (int i = 0; i < FONTS_MAX_FACES; i++)
        for (int b = 0; b < 2; b++)
            for (int px = 0; px <= FONTS_MAX_PX; px++)
                if (fs->face[i].f[b][px]) TTF_CloseFont(fs->face[i].f[b][px]);
    if (fs->holds_find) fontfind_release();
    if (fs->ttf_owned) TTF_Quit();
    free(fs);
}

const char *fonts_dir(const Fonts *fs) { return fs->dir; }

const char *fonts_face_path(const Fonts *fs, int face)
{
    return face >= 0 && face < fs->n_faces ? fs->face[face].path[0] : "";
}

static int clamp_px(int px)
{
    return px < FONTS_MIN_PX ? FONTS_MIN_PX : px > FONTS_MAX_PX ? FONTS_MAX_PX : px;
}

static TTF_Font *face_font(Fonts *fs, int i, int px, bool bold)
{
    Face *fc = &fs->face[i];
    int b = bold ? 1 : 0;
    TTF_Font **f = &fc->f[b][clamp_px(px)];
    if (!*f) {
        *f = TTF_OpenFontIndex(fc->path[b], clamp_px(px), fc->index);
        if (*f && bold && fc->synth_bold) TTF_SetFontStyle(*f, TTF_STYLE_BOLD);
    }
    return *f;
}

static bool provides(Fonts *fs, int i, uint32_t cp)
{
    TTF_Font *f = face_font(fs, i, PROBE_PX, false);
    return f && TTF_GlyphIsProvided32(f, cp);
}

static bool same_file(const Face *f, const FontFile *ff)
{
    return f->index == ff->index && strcmp(f->path[0], ff->path) == 0;
}

/* Loads ff as the next fallback if it opens and has cp; its index or -1. */
static int add_face(Fonts *fs, const FontFile *ff, uint32_t cp)
{
    if (fs->n_faces >= FONTS_MAX_FACES) return -1;
    for (int i = 0; i < fs->n_faces; i++)
        if (same_file(&fs->face[i], ff)) return -1;   /* loaded, and lacks cp */
    int i = fs->n_faces;
    Face *f = &fs->face[i];
    memset(f, 0, sizeof *f);
    size_t len = strnlen(ff->path, sizeof ff->path);
    if (len >= sizeof f->path[0]) return -1; /* a path too long to keep */
    memcpy(f->path[0], ff->path, len);
    f->path[0][len] = 0;
    memcpy(f->path[1], f->path[0], len + 1);
    f->index = ff->index;
    f->synth_bold = true;
    if (provides(fs, i, cp)) {
        fs->n_faces++;
        return i;
    }
    if (f->f[0][PROBE_PX]) TTF_CloseFont(f->f[0][PROBE_PX]);
    memset(f, 0, sizeof *f);
    return -1;
}

static unsigned missing_slot(uint32_t cp) { return (cp * 2654435761u) % MISSING_CAP; }

static bool missing_has(const Fonts *fs, uint32_t cp)
{
    for (unsigned i = missing_slot(cp), n = 0; n < MISSING_CAP; i = (i + 1) % MISSING_CAP, n++) {
        if (fs->missing[i] == cp) return true;
        if (fs->missing[i] == 0) return false;
    }
    return false;
}

static void missing_add(Fonts *fs, uint32_t cp)
{
    if (fs->n_missing >= MISSING_CAP * 3 / 4) return;
    unsigned i = missing_slot(cp);
    while (fs->missing[i] != 0) i = (i + 1) % MISSING_CAP;
    fs->missing[i] = cp;
    fs->n_missing++;
}

static int search(Fonts *fs, uint32_t cp)
{
    if (cp == 0 || fs->n_faces >= FONTS_MAX_FACES || missing_has(fs, cp)) return -1;
    /* the set remembers up to 3/4 of its slots: past that (a label of
     * hundreds of undrawable characters) searching stops altogether */
    if (fs->n_missing >= MISSING_CAP * 3 / 4) return -1;
    FontFile ff[8];
    int n = fontfind_known(ff, 8);
    for (int k = 0; k < n; k++) {
        int i = add_face(fs, &ff[k], cp);
        if (i > 0) return i;
    }
    n = fontfind_for_char(cp, ff, 4);
    for (int k = 0; k < n; k++) {
        int i = add_face(fs, &ff[k], cp);
        if (i > 0) return i;
    }
    missing_add(fs, cp);
    return -1;
}

int fonts_face_for(Fonts *fs, uint32_t cp)
{
    for (int i = 0; i < fs->n_faces; i++)
        if (provides(fs, i, cp)) return i;
    return search(fs, cp);
}

/* The code point at s[*i] (U+FFFD for a bad byte, which DejaVu has);
 * advances *i past it. */
static uint32_t utf8_next(const char *s, size_t *i)
{
    const unsigned char *p = (const unsigned char *)s + *i;
    uint32_t c = p[0];
    int len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (len == 0) { (*i)++; return 0xFFFD; }
    if (len == 1) { (*i)++; return c; }
    c &= 0x7Fu >> len;
    for (int k = 1; k < len; k++) {
        if ((p[k] & 0xC0) != 0x80) { (*i)++; return 0xFFFD; }
        c = c << 6 | (p[k] & 0x3F);
    }
    *i += (size_t)len;
    return c;
}

static bool ignorable(uint32_t cp)
{
    return (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2060 && cp <= 0x206F) ||
           (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0100 && cp <= 0xE01EF) || cp == 0xFEFF;
}

typedef struct Run {
    size_t a, b;             /* bytes [a, b) of the line */
    int face;
} Run;

/* Splits s into runs of one face each; the count (at most RUNS_MAX: the
 * rest of a line with more joins the last run, boxes and all). */
static int split_runs(Fonts *fs, const char *s, Run *runs)
{
    int n = 0;
    size_t i = 0;
    while (s[i]) {
        size_t a = i;
        uint32_t cp = utf8_next(s, &i);
        /* a joiner or variation selector belongs to the character before
         * it: not worth a search, and alone it would be a run of no width */
        int face = ignorable(cp) ? (n > 0 ? runs[n - 1].face : 0) : fonts_face_for(fs, cp);
        if (face < 0) face = 0;
        if (n > 0 && (runs[n - 1].face == face || n == RUNS_MAX)) {
            runs[n - 1].b = i;
        } else {
            runs[n++] = (Run){a, i, face};
        }
    }
    return n;
}

static void run_text(const char *s, const Run *r, char *buf)
{
    memcpy(buf, s + r->a, r->b - r->a);
    buf[r->b - r->a] = 0;
}

/* Copies text into buf (LINE_MAX), cut at a character boundary. */
static void take_line(const char *text, char *buf)
{
    size_t n = strlen(text);
    if (n >= LINE_MAX) {
        n = LINE_MAX - 1;
        while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80) n--;
    }
    memcpy(buf, text, n);
    buf[n] = 0;
}

int fonts_width(Fonts *fs, const char *text, int px, bool bold)
{
    char line[LINE_MAX], buf[LINE_MAX];
    take_line(text, line);
    Run runs[RUNS_MAX];
    int n = split_runs(fs, line, runs), w = 0;
    for (int k = 0; k < n; k++) {
        TTF_Font *f = face_font(fs, runs[k].face, px, bold);
        int rw = 0, rh = 0;
        run_text(line, &runs[k], buf);
        if (!f || TTF_SizeUTF8(f, buf, &rw, &rh) != 0) return 0;
        w += rw;
    }
    return w;
}

void fonts_fit(Fonts *fs, const char *text, int px, bool bold, int max_w, char *out, size_t cap)
{
    snprintf(out, cap, "%s", text);
    if (max_w <= 0 || cap < 2) return;
    char line[LINE_MAX];
    take_line(text, line);
    if (fonts_width(fs, line, px, bold) <= max_w) return;
    /* where each character ends: ends[k] = bytes of the first k+1 */
    static const char ell[] = "…";
    size_t ends[LINE_MAX];
    int n = 0;
    for (size_t i = 0; line[i];) {
        utf8_next(line, &i);
        ends[n++] = i;
    }
    /* the widest prefix that fits with the ellipsis: a binary search, as
     * width grows with the prefix (kerning aside, which the check below
     * covers by measuring what is kept) */
    char tmp[LINE_MAX + sizeof ell];
    int lo = 1, hi = n - 1, best = 0;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        memcpy(tmp, line, ends[mid - 1]);
        memcpy(tmp + ends[mid - 1], ell, sizeof ell);
        if (fonts_width(fs, tmp, px, bold) <= max_w) {
            best = mid;
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    if (best == 0) {
        snprintf(out, cap, "%s", ell);
        return;
    }
    memcpy(tmp, line, ends[best - 1]);
    memcpy(tmp + ends[best - 1], ell, sizeof ell);
    if (strlen(tmp) < cap) {
        snprintf(out, cap, "%s", tmp);
    } else {
        snprintf(out, cap, "%s", ell);   /* out too small to hold the cut: say only that it is cut */
    }
}

SDL_Surface *fonts_render(Fonts *fs, const char *text, int px, bool bold, SDL_Color c, int *dy,
                          int *line_h)
{
    TTF_Font *pf = face_font(fs, 0, px, bold);
    if (!pf) return NULL;
    int asc0 = TTF_FontAscent(pf);
    *line_h = TTF_FontHeight(pf);
    *dy = 0;
    char line[LINE_MAX], buf[LINE_MAX];
    take_line(text, line);
    Run runs[RUNS_MAX];
    int n = split_runs(fs, line, runs);
    if (n == 0) return NULL;
    SDL_Surface *part[RUNS_MAX];
    int asc[RUNS_MAX], top = asc0, w = 0, h = 0, m = 0;
    for (int k = 0; k < n; k++) {
        TTF_Font *f = face_font(fs, runs[k].face, px, bold);
        run_text(line, &runs[k], buf);
        /* a run that renders nothing (no width) is left out, not the line */
        part[m] = f ? TTF_RenderUTF8_Blended(f, buf, c) : NULL;
        if (!part[m]) continue;
        asc[m] = TTF_FontAscent(f);
        if (asc[m] > top) top = asc[m];
        w += part[m]->w;
        m++;
    }
    if (m == 0) return NULL;
    if (m == 1) {              /* one face: its surface as it is */
        *dy = asc0 - asc[0];
        return part[0];
    }
    n = m;
    /* one baseline, `top` pixels below the surface's top */
    for (int k = 0; k < n; k++)
        if (top - asc[k] + part[k]->h > h) h = top - asc[k] + part[k]->h;
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (s) SDL_FillRect(s, NULL, 0);
    int x = 0;
    for (int k = 0; k < n; k++) {
        if (s) {
            /* runs do not overlap: copy, do not blend onto transparency */
            SDL_SetSurfaceBlendMode(part[k], SDL_BLENDMODE_NONE);
            SDL_Rect dst = {x, top - asc[k], part[k]->w, part[k]->h};
            SDL_BlitSurface(part[k], NULL, s, &dst);
        }
        x += part[k]->w;
        SDL_FreeSurface(part[k]);
    }
    *dy = asc0 - top;
    return s;
}

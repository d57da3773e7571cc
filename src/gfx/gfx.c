/* gfx — see gfx.h.
 *
 * Why textures for shapes: SDL_Renderer has no circles and no anti-
 * aliasing; a disc of each radius and colour, rendered once with smooth
 * edges, gives round tokens that read well on a projector. The discs are
 * made in their colour rather than white and colour-modulated: SDL's
 * software blitter is ~6x slower per pixel with modulation.
 *
 * Labels are cached by (text, size, weight, colour, width limit): a frame
 * has hundreds, and a TTF render costs tens of microseconds. When the
 * cache fills, the least recently drawn half goes, not all of it: labels
 * that change every frame (the clock, counts) fill it steadily, and
 * flushing everything would re-render a whole frame's labels at once (a
 * late frame every few seconds). */
#include "gfx/gfx.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL_image.h>

#include "gfx/fonts.h"

#ifndef SYNCSCOPE_ASSETS_DIR
#define SYNCSCOPE_ASSETS_DIR "assets"
#endif

#define MAX_RADIUS 256
#define TEXT_CACHE 4096          /* slots; trimmed to half when 3/4 full */
#define TEXT_KEY_MAX 320
#define DISC_CACHE 1024          /* slots of (radius, colour) discs; flushed when 3/4 full */

typedef struct TextEntry {
    bool used;
    uint32_t hash;
    int size, max_w;
    bool bold;
    VColor c;
    char text[TEXT_KEY_MAX];
    SDL_Texture *tex;
    int w, h;
    int dy, line_h;          /* placement against DejaVu's line box (fonts_render) */
    unsigned last;           /* the frame that last drew it */
} TextEntry;

typedef struct DiscEntry {
    int r;                   /* 0: free */
    VColor c;
    SDL_Texture *tex;
} DiscEntry;

struct Gfx {
    SDL_Renderer *ren;
    Fonts *fonts;
    DiscEntry *disc;
    int n_disc;
    TextEntry *cache;
    int n_cache;
    unsigned frame;
};

Gfx *gfx_new(SDL_Renderer *ren, Err *err)
{
    Gfx *g = calloc(1, sizeof *g);
    if (!g) { err_set(err, "out of memory"); return NULL; }
    g->ren = ren;
    g->cache = calloc(TEXT_CACHE, sizeof *g->cache);
    g->disc = calloc(DISC_CACHE, sizeof *g->disc);
    if (!g->cache || !g->disc) {
        gfx_free(g);
        err_set(err, "out of memory");
        return NULL;
    }
    g->fonts = fonts_open(SYNCSCOPE_ASSETS_DIR, err);
    if (!g->fonts) {
        gfx_free(g);
        return NULL;
    }
    SDL_SetRenderDrawBlendMode(ren, SDL_BLENDMODE_BLEND);
    return g;
}

static void flush_discs(Gfx *g)
{
    for (int i = 0; i < DISC_CACHE; i++)
        if (g->disc[i].tex) SDL_DestroyTexture(g->disc[i].tex);
    memset(g->disc, 0, DISC_CACHE * sizeof *g->disc);
    g->n_disc = 0;
}

void gfx_free(Gfx *g)
{
    if (!g) return;
    if (g->cache) {
        for (int i = 0; i < TEXT_CACHE; i++)
            if (g->cache[i].tex) SDL_DestroyTexture(g->cache[i].tex);
        free(g->cache);
    }
    if (g->disc) {
        flush_discs(g);
        free(g->disc);
    }
    fonts_close(g->fonts);
    free(g);
}

const char *gfx_font_dir(const Gfx *g) { return fonts_dir(g->fonts); }

static bool same_colour(VColor a, VColor b)
{
    return a.r == b.r && a.g == b.g && a.b == b.b && a.a == b.a;
}

/* A disc of radius r in colour c (alpha included) with a one-pixel smooth
 * edge. */
static SDL_Texture *disc(Gfx *g, int r, VColor c)
{
    if (r < 1) r = 1;
    if (r > MAX_RADIUS) r = MAX_RADIUS;
    uint32_t key = (uint32_t)r * 2654435761u ^ ((uint32_t)c.r << 24 | (uint32_t)c.g << 16 |
                                                 (uint32_t)c.b << 8 | c.a) * 40503u;
    unsigned i = key % DISC_CACHE;
    for (; g->disc[i].r; i = (i + 1) % DISC_CACHE)
        if (g->disc[i].r == r && same_colour(g->disc[i].c, c)) return g->disc[i].tex;
    if (g->n_disc >= DISC_CACHE * 3 / 4) {
        flush_discs(g);
        i = key % DISC_CACHE;
    }
    int d = 2 * r;
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, d, d, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!s) return NULL;
    uint32_t *px = s->pixels, rgb = (uint32_t)c.r << 16 | (uint32_t)c.g << 8 | c.b;
    for (int y = 0; y < d; y++)
        for (int x = 0; x < d; x++) {
            float dx = (float)x + 0.5f - (float)r, dy = (float)y + 0.5f - (float)r;
            float cov = (float)r - sqrtf(dx * dx + dy * dy) + 0.5f;
            if (cov < 0) cov = 0;
            if (cov > 1) cov = 1;
            uint32_t a = (uint32_t)lroundf(cov * (float)c.a);
            px[y * (s->pitch / 4) + x] = (a << 24) | rgb;
        }
    SDL_Texture *t = SDL_CreateTextureFromSurface(g->ren, s);
    SDL_FreeSurface(s);
    if (!t) return NULL;
    SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
    g->disc[i] = (DiscEntry){r, c, t};
    g->n_disc++;
    return t;
}

static void fill_rect(Gfx *g, int x, int y, int w, int h, VColor c)
{
    if (w <= 0 || h <= 0 || c.a == 0) return;
    SDL_SetRenderDrawColor(g->ren, c.r, c.g, c.b, c.a);
    if (c.a < 255) {
        SDL_SetRenderDrawBlendMode(g->ren, SDL_BLENDMODE_BLEND);
        SDL_RenderFillRect(g->ren, &(SDL_Rect){x, y, w, h});
        return;
    }
    /* Opaque: no blending (SDL's blended fill costs ~5 ns a pixel). SDL's
     * plain fill writes rows of 64+ bytes with streaming stores, which are
     * slow (~0.5 us a row) unless whole 64-byte lines are written: cut the
     * rect at 16-pixel columns so that the middle is whole lines and the
     * edges are narrow (plain stores). A card's box fills 20-40x faster. */
    SDL_SetRenderDrawBlendMode(g->ren, SDL_BLENDMODE_NONE);
    SDL_Rect v[3];
    int n = 0, x1 = x + w, a = (x + 15) & ~15, b = x1 & ~15;
    if (b - a < 16) {
        v[n++] = (SDL_Rect){x, y, w, h};
    } else {
        if (a > x) v[n++] = (SDL_Rect){x, y, a - x, h};
        v[n++] = (SDL_Rect){a, y, b - a, h};
        if (x1 > b) v[n++] = (SDL_Rect){b, y, x1 - b, h};
    }
    SDL_RenderFillRects(g->ren, v, n);
}

static void draw_circle(Gfx *g, float cx, float cy, float rad, VColor c)
{
    int r = (int)lroundf(rad);
    if (r < 1 || c.a == 0) return;
    SDL_Texture *t = disc(g, r, c);
    if (!t) return;
    int rr = r > MAX_RADIUS ? MAX_RADIUS : r;
    SDL_Rect src = {0, 0, 2 * rr, 2 * rr};
    SDL_Rect dst = {(int)lroundf(cx) - r, (int)lroundf(cy) - r, 2 * r, 2 * r};
    SDL_RenderCopy(g->ren, t, &src, &dst);
}

static void draw_rrect(Gfx *g, float fx, float fy, float fw, float fh, float rad, VColor c)
{
    int x = (int)lroundf(fx), y = (int)lroundf(fy);
    int w = (int)lroundf(fx + fw) - x, h = (int)lroundf(fy + fh) - y;
    if (w <= 0 || h <= 0) return;
    int r = (int)lroundf(rad);
    if (r > w / 2) r = w / 2;
    if (r > h / 2) r = h / 2;
    if (r > MAX_RADIUS) r = MAX_RADIUS;
    if (r < 2) { fill_rect(g, x, y, w, h, c); return; }
    fill_rect(g, x + r, y, w - 2 * r, h, c);
    fill_rect(g, x, y + r, r, h - 2 * r, c);
    fill_rect(g, x + w - r, y + r, r, h - 2 * r, c);
    SDL_Texture *t = disc(g, r, c);
    if (!t) return;
    /* the four quarters of the disc make the corners */
    SDL_Rect q[4][2] = {
        {{0, 0, r, r}, {x, y, r, r}},
        {{r, 0, r, r}, {x + w - r, y, r, r}},
        {{0, r, r, r}, {x, y + h - r, r, r}},
        {{r, r, r, r}, {x + w - r, y + h - r, r, r}},
    };
    for (int i = 0; i < 4; i++) SDL_RenderCopy(g->ren, t, &q[i][0], &q[i][1]);
}

static void geometry(Gfx *g, const float *xy, int n, const int *idx, int ni, VColor c)
{
    SDL_Vertex v[4];
    for (int i = 0; i < n && i < 4; i++) {
        v[i].position.x = xy[2 * i];
        v[i].position.y = xy[2 * i + 1];
        v[i].color = (SDL_Color){c.r, c.g, c.b, c.a};
        v[i].tex_coord.x = v[i].tex_coord.y = 0;
    }
    SDL_SetRenderDrawBlendMode(g->ren, SDL_BLENDMODE_BLEND);
    SDL_RenderGeometry(g->ren, NULL, v, n, idx, ni);
}

static void draw_line(Gfx *g, const DlCmd *k)
{
    float dx = k->x2 - k->x, dy = k->y2 - k->y, len = sqrtf(dx * dx + dy * dy);
    if (len < 0.01f) return;
    float t = k->r < 1 ? 0.5f : k->r / 2, nx = -dy / len * t, ny = dx / len * t;
    float xy[8] = {k->x + nx, k->y + ny, k->x2 + nx, k->y2 + ny,
                   k->x2 - nx, k->y2 - ny, k->x - nx, k->y - ny};
    static const int idx[6] = {0, 1, 2, 0, 2, 3};
    geometry(g, xy, 4, idx, 6, k->c);
}

static uint32_t hash_key(const char *s, int size, bool bold, VColor c, int max_w)
{
    uint32_t h = 2166136261u;
    for (; *s; s++) h = (h ^ (uint8_t)*s) * 16777619u;
    uint32_t extra[4] = {(uint32_t)size, bold, (uint32_t)c.r << 24 | (uint32_t)c.g << 16 |
                         (uint32_t)c.b << 8 | c.a, (uint32_t)max_w};
    for (int i = 0; i < 4; i++) h = (h ^ extra[i]) * 16777619u;
    return h;
}

static int by_recent(const void *a, const void *b)
{
    unsigned x = (*(TextEntry *const *)a)->last, y = (*(TextEntry *const *)b)->last;
    return x < y ? 1 : x > y ? -1 : 0;
}

/* Keeps the most recently drawn half of the labels (at least every label
 * of this frame) and rebuilds the table with them. */
static void trim_text(Gfx *g)
{
    TextEntry *old = g->cache;
    TextEntry **live = malloc((size_t)g->n_cache * sizeof *live);
    TextEntry *fresh = calloc(TEXT_CACHE, sizeof *fresh);
    if (!live || !fresh) {   /* no memory to sort: drop them all */
        free(live);
        free(fresh);
        for (int i = 0; i < TEXT_CACHE; i++) {
            if (old[i].tex) SDL_DestroyTexture(old[i].tex);
            memset(&old[i], 0, sizeof old[i]);
        }
        g->n_cache = 0;
        return;
    }
    int n = 0;
    for (int i = 0; i < TEXT_CACHE; i++)
        if (old[i].used) live[n++] = &old[i];
    qsort(live, (size_t)n, sizeof *live, by_recent);
    int keep = 0;
    for (int k = 0; k < n; k++) {
        TextEntry *e = live[k];
        if (keep < TEXT_CACHE / 2 || e->last == g->frame) {
            unsigned i = e->hash % TEXT_CACHE;
            while (fresh[i].used) i = (i + 1) % TEXT_CACHE;
            fresh[i] = *e;
            keep++;
        } else {
            SDL_DestroyTexture(e->tex);
        }
    }
    free(live);
    free(old);
    g->cache = fresh;
    g->n_cache = keep;
}

static TextEntry *text_entry(Gfx *g, const char *s, int size, bool bold, VColor c, int max_w)
{
    char key[TEXT_KEY_MAX];
    snprintf(key, sizeof key, "%s", s);
    /* a caption may hold a tab or a newline: the font has no glyph for
     * them (a box would show), and a label is one line */
    for (char *p = key; *p; p++)
        if ((unsigned char)*p < 0x20) *p = ' ';
    uint32_t h = hash_key(key, size, bold, c, max_w);
    unsigned i = h % TEXT_CACHE;
    for (;;) {
        TextEntry *e = &g->cache[i];
        if (!e->used) break;
        if (e->hash == h && e->size == size && e->bold == bold && e->max_w == max_w &&
            same_colour(e->c, c) && strcmp(e->text, key) == 0) {
            e->last = g->frame;
            return e;
        }
        i = (i + 1) % TEXT_CACHE;
    }
    if (g->n_cache >= TEXT_CACHE * 3 / 4) {
        trim_text(g);
        for (i = h % TEXT_CACHE; g->cache[i].used; i = (i + 1) % TEXT_CACHE) {}
    }
    char fitted[TEXT_KEY_MAX + 8];
    fonts_fit(g->fonts, key, size, bold, max_w, fitted, sizeof fitted);
    int dy = 0, line_h = 0;
    SDL_Surface *surf = fonts_render(g->fonts, fitted, size, bold, (SDL_Color){c.r, c.g, c.b, c.a},
                                     &dy, &line_h);
    if (!surf) return NULL;
    SDL_Texture *t = SDL_CreateTextureFromSurface(g->ren, surf);
    int w = surf->w, hh = surf->h;
    SDL_FreeSurface(surf);
    if (!t) return NULL;
    TextEntry *e = &g->cache[i];
    e->used = true;
    e->hash = h;
    e->size = size;
    e->bold = bold;
    e->c = c;
    e->max_w = max_w;
    snprintf(e->text, sizeof e->text, "%s", key);
    e->tex = t;
    e->w = w;
    e->h = hh;
    e->dy = dy;
    e->line_h = line_h;
    e->last = g->frame;
    g->n_cache++;
    return e;
}

static void draw_text(Gfx *g, const DrawList *dl, const DlCmd *k)
{
    const char *s = dl_text_of(dl, k);
    if (!*s) return;
    int size = k->size < FONTS_MIN_PX ? FONTS_MIN_PX : k->size > FONTS_MAX_PX ? FONTS_MAX_PX : k->size;
    int max_w = k->max_w > 0 ? (int)k->max_w : 0;
    if (k->max_w > 0 && max_w < 1) return;
    TextEntry *e = text_entry(g, s, size, k->bold, k->c, max_w);
    if (!e) return;
    int x = (int)lroundf(k->x);
    if (k->align == DL_CENTER) x -= e->w / 2;
    else if (k->align == DL_RIGHT) x -= e->w;
    SDL_Rect dst = {x, (int)lroundf(k->y) - e->line_h / 2 + e->dy, e->w, e->h};
    SDL_RenderCopy(g->ren, e->tex, NULL, &dst);
}

bool gfx_draw(Gfx *g, const DrawList *dl, VColor bg, Err *err)
{
    g->frame++;
    SDL_SetRenderDrawBlendMode(g->ren, SDL_BLENDMODE_NONE);
    SDL_SetRenderDrawColor(g->ren, bg.r, bg.g, bg.b, 255);
    if (SDL_RenderClear(g->ren) != 0) return err_set(err, "cannot draw: %s", SDL_GetError());
    for (int i = 0; i < dl->n; i++) {
        const DlCmd *k = &dl->v[i];
        switch (k->kind) {
        case DL_RECT: {
            int x = (int)lroundf(k->x), y = (int)lroundf(k->y);
            fill_rect(g, x, y, (int)lroundf(k->x + k->w) - x, (int)lroundf(k->y + k->h) - y, k->c);
            break;
        }
        case DL_RRECT: draw_rrect(g, k->x, k->y, k->w, k->h, k->r, k->c); break;
        case DL_CIRCLE: draw_circle(g, k->x, k->y, k->r, k->c); break;
        case DL_TRI: {
            float xy[6] = {k->x, k->y, k->x2, k->y2, k->x3, k->y3};
            geometry(g, xy, 3, NULL, 0, k->c);
            break;
        }
        case DL_LINE: draw_line(g, k); break;
        case DL_TEXT: draw_text(g, dl, k); break;
        }
    }
    SDL_SetRenderDrawBlendMode(g->ren, SDL_BLENDMODE_BLEND);
    return true;
}

bool gfx_save_png(SDL_Renderer *ren, int w, int h, const char *path, Err *err)
{
    if (w <= 0 || h <= 0) return err_set(err, "%s: nothing to save", path);
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!s) return err_set(err, "%s: %s", path, SDL_GetError());
    bool ok = SDL_RenderReadPixels(ren, NULL, SDL_PIXELFORMAT_ARGB8888, s->pixels, s->pitch) == 0;
    if (!ok) err_set(err, "%s: cannot read the picture: %s", path, SDL_GetError());
    /* the picture is opaque: drop any alpha the renderer left */
    if (ok) {
        for (int y = 0; y < h; y++) {
            uint32_t *row = (uint32_t *)((uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch);
            for (int x = 0; x < w; x++) row[x] |= 0xFF000000u;
        }
        if (IMG_SavePNG(s, path) != 0) ok = err_set(err, "%s: cannot write: %s", path, IMG_GetError());
    }
    SDL_FreeSurface(s);
    return ok;
}

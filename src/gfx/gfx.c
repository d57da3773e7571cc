/* gfx — see gfx.h.
 *
 * Why textures for shapes: SDL_Renderer has no circles and no anti-
 * aliasing; a white disc of each radius, rendered once with smooth edges
 * and then colour-modulated, gives round tokens that read well on a
 * projector at the cost of one texture per radius in use. Labels are
 * cached by (text, size, weight, colour, width limit): one TTF render
 * costs microseconds, and a frame has hundreds of labels. */
#include "gfx/gfx.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <SDL_image.h>
#include <SDL_ttf.h>

#ifndef SYNCSCOPE_ASSETS_DIR
#define SYNCSCOPE_ASSETS_DIR "assets"
#endif

#define MAX_RADIUS 256
#define MAX_FONT_PX 160
#define TEXT_CACHE 4096          /* slots; flushed when 3/4 full */
#define TEXT_KEY_MAX 320

typedef struct TextEntry {
    bool used;
    uint32_t hash;
    int size, max_w;
    bool bold;
    VColor c;
    char text[TEXT_KEY_MAX];
    SDL_Texture *tex;
    int w, h;
} TextEntry;

struct Gfx {
    SDL_Renderer *ren;
    char dir[1024];
    TTF_Font *font[2][MAX_FONT_PX + 1];   /* [bold][px], opened on demand */
    SDL_Texture *disc[MAX_RADIUS + 1];
    TextEntry *cache;
    int n_cache;
    bool ttf_owned;
};

static bool file_exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static bool try_dir(Gfx *g, const char *dir)
{
    char p[1100];
    if (!dir || !*dir) return false;
    snprintf(p, sizeof p, "%s/DejaVuSans.ttf", dir);
    if (!file_exists(p)) return false;
    snprintf(p, sizeof p, "%s/DejaVuSans-Bold.ttf", dir);
    if (!file_exists(p)) return false;
    int n = snprintf(g->dir, sizeof g->dir, "%s", dir);
    return n > 0 && (size_t)n < sizeof g->dir;
}

Gfx *gfx_new(SDL_Renderer *ren, Err *err)
{
    Gfx *g = calloc(1, sizeof *g);
    if (!g) { err_set(err, "out of memory"); return NULL; }
    g->ren = ren;
    g->cache = calloc(TEXT_CACHE, sizeof *g->cache);
    if (!g->cache) { free(g); err_set(err, "out of memory"); return NULL; }
    if (!TTF_WasInit()) {
        if (TTF_Init() != 0) {
            err_set(err, "cannot start SDL_ttf: %s", TTF_GetError());
            gfx_free(g);
            return NULL;
        }
        g->ttf_owned = true;
    }
    if (!try_dir(g, getenv("SYNCSCOPE_ASSETS")) && !try_dir(g, SYNCSCOPE_ASSETS_DIR) &&
        !try_dir(g, "/usr/share/fonts/truetype/dejavu")) {
        err_set(err, "no font found: set SYNCSCOPE_ASSETS to a folder with DejaVuSans.ttf");
        gfx_free(g);
        return NULL;
    }
    SDL_SetRenderDrawBlendMode(ren, SDL_BLENDMODE_BLEND);
    return g;
}

static void flush_text(Gfx *g)
{
    for (int i = 0; i < TEXT_CACHE; i++) {
        if (g->cache[i].tex) SDL_DestroyTexture(g->cache[i].tex);
        memset(&g->cache[i], 0, sizeof g->cache[i]);
    }
    g->n_cache = 0;
}

void gfx_free(Gfx *g)
{
    if (!g) return;
    if (g->cache) flush_text(g);
    free(g->cache);
    for (int i = 0; i <= MAX_RADIUS; i++)
        if (g->disc[i]) SDL_DestroyTexture(g->disc[i]);
    for (int b = 0; b < 2; b++)
        for (int i = 0; i <= MAX_FONT_PX; i++)
            if (g->font[b][i]) TTF_CloseFont(g->font[b][i]);
    if (g->ttf_owned) TTF_Quit();
    free(g);
}

const char *gfx_font_dir(const Gfx *g) { return g->dir; }

static TTF_Font *font(Gfx *g, int px, bool bold)
{
    if (px < 6) px = 6;
    if (px > MAX_FONT_PX) px = MAX_FONT_PX;
    TTF_Font **f = &g->font[bold ? 1 : 0][px];
    if (!*f) {
        char p[1100];
        snprintf(p, sizeof p, "%s/%s", g->dir, bold ? "DejaVuSans-Bold.ttf" : "DejaVuSans.ttf");
        *f = TTF_OpenFont(p, px);
    }
    return *f;
}

/* A white disc of radius r with a one-pixel smooth edge. */
static SDL_Texture *disc(Gfx *g, int r)
{
    if (r < 1) r = 1;
    if (r > MAX_RADIUS) r = MAX_RADIUS;
    if (g->disc[r]) return g->disc[r];
    int d = 2 * r;
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, d, d, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!s) return NULL;
    uint32_t *px = s->pixels;
    for (int y = 0; y < d; y++)
        for (int x = 0; x < d; x++) {
            float dx = (float)x + 0.5f - (float)r, dy = (float)y + 0.5f - (float)r;
            float cov = (float)r - sqrtf(dx * dx + dy * dy) + 0.5f;
            if (cov < 0) cov = 0;
            if (cov > 1) cov = 1;
            uint32_t a = (uint32_t)lroundf(cov * 255.0f);
            px[y * (s->pitch / 4) + x] = (a << 24) | 0xFFFFFFu;
        }
    SDL_Texture *t = SDL_CreateTextureFromSurface(g->ren, s);
    SDL_FreeSurface(s);
    if (t) SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
    g->disc[r] = t;
    return t;
}

static void modulate(SDL_Texture *t, VColor c)
{
    SDL_SetTextureColorMod(t, c.r, c.g, c.b);
    SDL_SetTextureAlphaMod(t, c.a);
}

static void fill_rect(Gfx *g, int x, int y, int w, int h, VColor c)
{
    if (w <= 0 || h <= 0) return;
    SDL_SetRenderDrawColor(g->ren, c.r, c.g, c.b, c.a);
    SDL_Rect r = {x, y, w, h};
    SDL_RenderFillRect(g->ren, &r);
}

static void draw_circle(Gfx *g, float cx, float cy, float rad, VColor c)
{
    int r = (int)lroundf(rad);
    if (r < 1) return;
    SDL_Texture *t = disc(g, r);
    if (!t) return;
    modulate(t, c);
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
    SDL_Texture *t = disc(g, r);
    if (!t) return;
    modulate(t, c);
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

/* Cuts s to fit max_w pixels, ending in an ellipsis (on UTF-8 boundaries). */
static void fit_text(TTF_Font *f, const char *s, int max_w, char *out, size_t cap)
{
    snprintf(out, cap, "%s", s);
    int w = 0, h = 0;
    if (max_w <= 0 || TTF_SizeUTF8(f, out, &w, &h) != 0 || w <= max_w) return;
    size_t n = strlen(out);
    while (n > 0) {
        do { n--; } while (n > 0 && ((unsigned char)out[n] & 0xC0) == 0x80);
        char tmp[TEXT_KEY_MAX + 8];
        memcpy(tmp, out, n);
        memcpy(tmp + n, "…", sizeof "…");
        if (TTF_SizeUTF8(f, tmp, &w, &h) == 0 && w <= max_w) {
            snprintf(out, cap, "%s", tmp);
            return;
        }
    }
    snprintf(out, cap, "…");
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
            memcmp(&e->c, &c, sizeof c) == 0 && strcmp(e->text, key) == 0)
            return e;
        i = (i + 1) % TEXT_CACHE;
    }
    if (g->n_cache >= TEXT_CACHE * 3 / 4) {
        flush_text(g);
        i = h % TEXT_CACHE;
    }
    TTF_Font *f = font(g, size, bold);
    if (!f) return NULL;
    char fitted[TEXT_KEY_MAX + 8];
    fit_text(f, key, max_w, fitted, sizeof fitted);
    SDL_Surface *surf = TTF_RenderUTF8_Blended(f, fitted, (SDL_Color){c.r, c.g, c.b, c.a});
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
    g->n_cache++;
    return e;
}

static void draw_text(Gfx *g, const DrawList *dl, const DlCmd *k)
{
    const char *s = dl_text_of(dl, k);
    if (!*s) return;
    int size = k->size < 6 ? 6 : k->size > MAX_FONT_PX ? MAX_FONT_PX : k->size;
    int max_w = k->max_w > 0 ? (int)k->max_w : 0;
    if (k->max_w > 0 && max_w < 1) return;
    TextEntry *e = text_entry(g, s, size, k->bold, k->c, max_w);
    if (!e) return;
    int x = (int)lroundf(k->x);
    if (k->align == DL_CENTER) x -= e->w / 2;
    else if (k->align == DL_RIGHT) x -= e->w;
    SDL_Rect dst = {x, (int)lroundf(k->y) - e->h / 2, e->w, e->h};
    SDL_RenderCopy(g->ren, e->tex, NULL, &dst);
}

bool gfx_draw(Gfx *g, const DrawList *dl, VColor bg, Err *err)
{
    SDL_SetRenderDrawBlendMode(g->ren, SDL_BLENDMODE_NONE);
    SDL_SetRenderDrawColor(g->ren, bg.r, bg.g, bg.b, 255);
    if (SDL_RenderClear(g->ren) != 0) return err_set(err, "cannot draw: %s", SDL_GetError());
    SDL_SetRenderDrawBlendMode(g->ren, SDL_BLENDMODE_BLEND);
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

/* frames — see frames.h. A software renderer on a surface: no window, no
 * video driver, the same gfx and stage code as the window. Tokens are
 * snapped to their places in every frame, so a frame shows exactly the
 * state at its instant and the same trace gives the same PNGs. */
#include "gfx/frames.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <SDL.h>
#include <SDL_image.h>

#include "gfx/gfx.h"
#include "view/stage.h"

#define FRAMES_MAX 600
#define SNAP_MS 1e9

typedef struct Headless {
    SDL_Surface *surf;
    SDL_Renderer *ren;
    Gfx *gfx;
    Stage stage;
    int w, h;
} Headless;

static void hl_close(Headless *hl)
{
    stage_free(&hl->stage);
    gfx_free(hl->gfx);
    if (hl->ren) SDL_DestroyRenderer(hl->ren);
    if (hl->surf) SDL_FreeSurface(hl->surf);
    memset(hl, 0, sizeof *hl);
}

static bool hl_open(Headless *hl, int w, int h, Err *err)
{
    memset(hl, 0, sizeof *hl);
    stage_init(&hl->stage);
    if (w <= 0 || h <= 0) { w = 1280; h = 720; }
    if (w > 8192 || h > 8192) return err_set(err, "picture size %dx%d is too large", w, h);
    hl->w = w;
    hl->h = h;
    hl->surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!hl->surf) { err_set(err, "cannot make a %dx%d picture: %s", w, h, SDL_GetError()); goto fail; }
    hl->ren = SDL_CreateSoftwareRenderer(hl->surf);
    if (!hl->ren) { err_set(err, "cannot start the software renderer: %s", SDL_GetError()); goto fail; }
    hl->gfx = gfx_new(hl->ren, err);
    if (!hl->gfx) goto fail;
    return true;
fail:
    hl_close(hl);
    return false;
}

static bool hl_draw(Headless *hl, const Model *m, const Timeline *tl, const char *path, Err *err)
{
    StageInfo info = {.speed = 0, .paused = false, .tl = tl};
    if (!stage_frame(&hl->stage, m, hl->w, hl->h, SNAP_MS, &info))
        return err_set(err, "out of memory drawing a frame");
    if (!gfx_draw(hl->gfx, &hl->stage.dl, stage_background(), err)) return false;
    SDL_RenderFlush(hl->ren);
    if (IMG_SavePNG(hl->surf, path) != 0)
        return err_set(err, "%s: cannot write: %s", path, IMG_GetError());
    return true;
}

bool frames_render_model(const Model *m, const char *path, int width, int height, Err *err)
{
    Headless hl;
    if (!hl_open(&hl, width, height, err)) return false;
    bool ok = hl_draw(&hl, m, NULL, path, err);
    hl_close(&hl);
    return ok;
}

/* Removes DIR/frame_NNNNN.png left by an earlier run, so that the folder
 * holds this trace's frames only (nothing else in DIR is touched). */
static void remove_old_frames(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d))) {
        const char *nm = e->d_name;
        size_t n = strlen(nm);
        if (n < 11 || strncmp(nm, "frame_", 6) != 0 || strcmp(nm + n - 4, ".png") != 0) continue;
        bool digits = true;
        for (size_t i = 6; i < n - 4; i++)
            if (nm[i] < '0' || nm[i] > '9') digits = false;
        if (!digits) continue;
        char path[4096];
        int len = snprintf(path, sizeof path, "%s/%s", dir, nm);
        if (len > 0 && (size_t)len < sizeof path) unlink(path);
    }
    closedir(d);
}

/* The settled states: before any event, then after the last event of each
 * virtual instant. Within one instant a hand-off is several events (the
 * release, the waiter's acquire, its ready); a frame between them would
 * show a state no one could see (a free permit while people wait). Fills
 * ks[] with event counts; returns how many. */
static uint64_t settled_points(Timeline *tl, uint64_t *ks)
{
    uint64_t n = timeline_count(tl), m = 0;
    ks[m++] = 0;
    Event cur, next;
    bool have = n > 0 && timeline_event(tl, 0, &cur);
    for (uint64_t i = 0; have && i < n; i++) {
        bool more = i + 1 < n && timeline_event(tl, i + 1, &next);
        if (!more || next.t > cur.t) ks[m++] = i + 1;
        if (more) cur = next;
    }
    return m;
}

bool frames_render_trace(Timeline *tl, const char *dir, int width, int height, int *written,
                         Err *err)
{
    if (written) *written = 0;
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return err_set(err, "%s: cannot create: %s", dir, strerror(errno));
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) return err_set(err, "%s: not a folder", dir);
    uint64_t n = timeline_count(tl);
    uint64_t *ks = malloc((size_t)(n + 1) * sizeof *ks);
    if (!ks) return err_set(err, "out of memory");
    uint64_t total = settled_points(tl, ks);
    Headless hl;
    if (!hl_open(&hl, width, height, err)) { free(ks); return false; }
    remove_old_frames(dir);
    /* sampled evenly when there are more than FRAMES_MAX */
    uint64_t frames = total < FRAMES_MAX ? total : FRAMES_MAX;
    bool ok = true;
    for (uint64_t f = 0; f < frames && ok; f++) {
        uint64_t k = ks[frames > 1 ? f * (total - 1) / (frames - 1) : 0]; /* events applied */
        const Model *m;
        Model empty;
        bool have_empty = false;
        if (k == 0) {
            /* seek(0) applies event 0; the state before it is a fresh model */
            if (!model_init(&empty, timeline_live(tl)->hdr, err)) { ok = false; break; }
            have_empty = true;
            m = &empty;
        } else {
            m = timeline_seek(tl, k - 1, err);
            if (!m) { ok = false; break; }
        }
        char path[4096];
        int len = snprintf(path, sizeof path, "%s/frame_%05llu.png", dir, (unsigned long long)f);
        if (len < 0 || (size_t)len >= sizeof path) {
            if (have_empty) model_free(&empty);
            ok = err_set(err, "%s: path too long", dir);
            break;
        }
        ok = hl_draw(&hl, m, tl, path, err);
        if (have_empty) model_free(&empty);
        if (ok && written) (*written)++;
    }
    hl_close(&hl);
    free(ks);
    return ok;
}

/* picker — see picker.h. The window is its own short SDL session: the
 * chosen scenario then runs in a fresh `play` window (cmd_play.c forks
 * its runner before SDL_Init, so SDL must be shut down by then). */
#include "app/cmds.h"
#include "app/picker.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <SDL.h>

#include "base/err.h"
#include "gfx/gfx.h"
#include "scenario/scenario.h"
#include "view/palette.h"
#include "view/picker_view.h"

#define ERR_LINES_MAX 40

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static bool ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), t = strlen(tail);
    return n >= t && strcmp(s + n - t, tail) == 0;
}

/* Every *.json of dir that loads; the others are left out of the list. */
static void scan(PickList *pl, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.' || !ends_with(de->d_name, ".json")) continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        ErrList errs;
        errlist_init(&errs);
        Scenario *sc = scenario_load(path, &errs);
        errlist_free(&errs);
        if (!sc) continue;
        pick_add(pl, de->d_name, sc->title, sc->summary);
        scenario_free(sc);
    }
    closedir(d);
    pick_sort(pl);
}

/* The error page's state: the file and its formatted errors. */
typedef struct ErrPage {
    bool on;
    char file[4096];
    char lines[ERR_LINES_MAX][ERR_MSG_MAX + ERR_FILE_MAX + 32];
    int n;
} ErrPage;

/* Loads path: true if it is a good scenario; else fills the error page. */
static bool try_open(const char *path, ErrPage *ep)
{
    ErrList errs;
    errlist_init(&errs);
    Scenario *sc = scenario_load(path, &errs);
    if (sc) {
        scenario_free(sc);
        errlist_free(&errs);
        return true;
    }
    ep->on = true;
    snprintf(ep->file, sizeof ep->file, "%s", path);
    ep->n = 0;
    for (int i = 0; i < errs.n && ep->n < ERR_LINES_MAX; i++) {
        err_format(&errs.v[i], ep->lines[ep->n], sizeof ep->lines[0]);
        err_print(&errs.v[i], stderr);
        ep->n++;
    }
    if (ep->n == 0) {
        snprintf(ep->lines[0], sizeof ep->lines[0], "%s: error: cannot load the scenario", path);
        ep->n = 1;
    }
    errlist_free(&errs);
    return false;
}

int picker_run(const PickerOptions *o, char *out, size_t cap)
{
    if (SDL_Init(SDL_INIT_VIDEO) != 0) return PICKER_NO_DISPLAY;
    SDL_Window *win = SDL_CreateWindow("syncscope — pick a scenario", SDL_WINDOWPOS_UNDEFINED,
                                       SDL_WINDOWPOS_UNDEFINED, 1280, 720, SDL_WINDOW_RESIZABLE);
    if (!win) {
        SDL_Quit();
        return PICKER_NO_DISPLAY;
    }
    SDL_Renderer *ren = SDL_CreateRenderer(win, -1, 0);
    if (!ren) ren = SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE);
    Err err;
    memset(&err, 0, sizeof err);
    Gfx *gfx = ren ? gfx_new(ren, &err) : NULL;
    if (!gfx) {
        err_print(&err, stderr);
        if (ren) SDL_DestroyRenderer(ren);
        SDL_DestroyWindow(win);
        SDL_Quit();
        return PICKER_NO_DISPLAY;
    }
    PickList pl;
    pick_init(&pl);
    scan(&pl, o->dir);
    /* SPEC §1: the window opens on the default scenario: it is the one
     * selected, so Enter runs it */
    const char *def = strrchr(app_default_scenario(), '/');
    for (int i = 0; def && i < pl.n; i++)
        if (strcmp(pl.v[i].file, def + 1) == 0) pl.sel = i;
    static ErrPage ep;
    memset(&ep, 0, sizeof ep);
    if (o->error_file) try_open(o->error_file, &ep);
    DrawList dl;
    dl_init(&dl);
    PickLayout L;
    int rc = PICKER_QUIT;
    bool quit = false;
    double start = now_ms();
    int w = 1280, h = 720;
    while (!quit) {
        SDL_GetRendererOutputSize(ren, &w, &h);
        pick_layout(&L, &pl, w, h, 1);
        char chosen[4096];
        chosen[0] = 0;
        SDL_Event e;
        if (SDL_WaitEventTimeout(&e, 50)) {
            do {
                if (e.type == SDL_QUIT) quit = true;
                else if (e.type == SDL_KEYDOWN) {
                    SDL_Keycode k = e.key.keysym.sym;
                    if (ep.on) {
                        if (k == SDLK_ESCAPE || k == SDLK_BACKSPACE || k == SDLK_RETURN) ep.on = false;
                    } else if (k == SDLK_ESCAPE || (k == SDLK_q && (e.key.keysym.mod & KMOD_CTRL))) {
                        quit = true;
                    } else if (k == SDLK_UP) pick_move(&pl, -1);
                    else if (k == SDLK_DOWN) pick_move(&pl, 1);
                    else if (k == SDLK_PAGEUP) pick_move(&pl, -L.rows_visible);
                    else if (k == SDLK_PAGEDOWN) pick_move(&pl, L.rows_visible);
                    else if ((k == SDLK_RETURN || k == SDLK_KP_ENTER || k == SDLK_SPACE) && pl.n > 0)
                        snprintf(chosen, sizeof chosen, "%s/%s", o->dir, pl.v[pl.sel].file);
                } else if (e.type == SDL_MOUSEBUTTONDOWN && e.button.button == SDL_BUTTON_LEFT) {
                    if (ep.on) ep.on = false;
                    else {
                        int ww = w, wh = h;
                        SDL_GetWindowSize(win, &ww, &wh);
                        float px = ww > 0 ? (float)e.button.x * (float)w / (float)ww : (float)e.button.x;
                        float py = wh > 0 ? (float)e.button.y * (float)h / (float)wh : (float)e.button.y;
                        int i = pick_hit(&pl, &L, px, py);
                        if (i >= 0) {
                            pl.sel = i;
                            snprintf(chosen, sizeof chosen, "%s/%s", o->dir, pl.v[i].file);
                        }
                    }
                } else if (e.type == SDL_MOUSEWHEEL) {
                    pick_move(&pl, e.wheel.y > 0 ? -1 : 1);
                } else if (e.type == SDL_DROPFILE) {
                    if (e.drop.file) snprintf(chosen, sizeof chosen, "%s", e.drop.file);
                    SDL_free(e.drop.file);
                }
            } while (SDL_PollEvent(&e));
        }
        if (chosen[0] && try_open(chosen, &ep)) {
            snprintf(out, cap, "%s", chosen);
            rc = PICKER_CHOSEN;
            quit = true;
        }
        if (o->exit_after > 0 && now_ms() - start >= o->exit_after * 1000) quit = true;
        if (o->stop && *o->stop) quit = true;
        pick_scroll(&pl, &L);
        dl_clear(&dl);
        if (ep.on) {
            const char *lines[ERR_LINES_MAX];
            for (int i = 0; i < ep.n; i++) lines[i] = ep.lines[i];
            pick_draw_errors(&dl, ep.file, lines, ep.n, w, h, 1);
        } else {
            pick_draw(&dl, &pl, &L, w, h);
        }
        if (!gfx_draw(gfx, &dl, vcolor_hex(PAL_BG), &err)) err_print(&err, stderr);
        if (quit && o->screenshot && rc != PICKER_CHOSEN) {
            if (gfx_save_png(ren, w, h, o->screenshot, &err))
                fprintf(stderr, "syncscope: screenshot written to %s\n", o->screenshot);
            else err_print(&err, stderr);
        }
        SDL_RenderPresent(ren);
    }
    dl_free(&dl);
    pick_free(&pl);
    gfx_free(gfx);
    SDL_DestroyRenderer(ren);
    SDL_DestroyWindow(win);
    SDL_Quit();
    return rc;
}

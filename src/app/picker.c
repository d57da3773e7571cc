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
#include "app/window.h"
#include "view/controls.h"
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
    int first;         /* the first wrapped row shown (a long list scrolls) */
    int page;          /* rows the page showed last */
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
    ep->first = 0;
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
    if (!window_sdl_init()) return PICKER_NO_DISPLAY;
    int w0, h0;
    window_fit_size(&w0, &h0);
    SDL_Window *win = SDL_CreateWindow("syncscope — pick a scenario", SDL_WINDOWPOS_UNDEFINED,
                                       SDL_WINDOWPOS_UNDEFINED, w0, h0,
                                       SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
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
    bool dirty = true;         /* the picture must be drawn again */
    float text_scale = 1;      /* T, Ctrl +/-: as in the play window */
    double start = now_ms();
    int w = 1280, h = 720;
    while (!quit) {
        if (!dirty) {
            /* nothing changed: sleep until input (never spin) */
            double left = 250;
            if (o->exit_after > 0 && start + o->exit_after * 1000 - now_ms() < left)
                left = start + o->exit_after * 1000 - now_ms();
            window_idle_wait(-1, left < 1 ? 1 : (int)left + 1);
        }
        SDL_GetRendererOutputSize(ren, &w, &h);
        pick_layout(&L, &pl, w, h, text_scale);
        char chosen[4096];
        chosen[0] = 0;
        SDL_Event e;
        while (SDL_PollEvent(&e)) {
            if (e.type == SDL_QUIT) quit = true;
            else if (e.type == SDL_KEYDOWN) {
                SDL_Keycode k = e.key.keysym.sym;
                CtlAction a = controls_action_for_key((int)k, (int)e.key.keysym.mod);
                dirty = true;
                if (a == CA_TEXT_BIGGER || a == CA_TEXT_SMALLER || a == CA_TEXT_CYCLE) {
                    text_scale = controls_text_scale(text_scale, a);
                    pick_layout(&L, &pl, w, h, text_scale);
                } else if (ep.on) {
                    int page = ep.page > 1 ? ep.page - 1 : 1;
                    if (k == SDLK_ESCAPE || k == SDLK_BACKSPACE || k == SDLK_RETURN) ep.on = false;
                    else if (k == SDLK_UP) ep.first--;
                    else if (k == SDLK_DOWN) ep.first++;
                    else if (k == SDLK_PAGEUP) ep.first -= page;
                    else if (k == SDLK_PAGEDOWN || k == SDLK_SPACE) ep.first += page;
                    else if (k == SDLK_HOME) ep.first = 0;
                    else if (k == SDLK_END) ep.first = 1 << 20; /* drawing clamps it */
                } else if (k == SDLK_ESCAPE || (k == SDLK_q && (e.key.keysym.mod & KMOD_CTRL))) {
                    quit = true;
                } else if (k == SDLK_UP) pick_move(&pl, -1);
                else if (k == SDLK_DOWN) pick_move(&pl, 1);
                else if (k == SDLK_PAGEUP) pick_move(&pl, -L.rows_visible);
                else if (k == SDLK_PAGEDOWN) pick_move(&pl, L.rows_visible);
                else if ((k == SDLK_RETURN || k == SDLK_KP_ENTER || k == SDLK_SPACE) && pl.n > 0)
                    snprintf(chosen, sizeof chosen, "%s/%s", o->dir, pl.v[pl.sel].file);
            } else if (e.type == SDL_MOUSEBUTTONDOWN && e.button.button == SDL_BUTTON_LEFT) {
                dirty = true;
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
                int dy = e.wheel.direction == SDL_MOUSEWHEEL_FLIPPED ? -e.wheel.y : e.wheel.y;
                dirty = true;
                /* away from the user: up the list, three rows of errors a notch */
                if (ep.on) ep.first -= 3 * dy;
                else if (dy) pick_move(&pl, dy > 0 ? -1 : 1);
            } else if (e.type == SDL_DROPFILE) {
                dirty = true;
                if (e.drop.file) snprintf(chosen, sizeof chosen, "%s", e.drop.file);
                SDL_free(e.drop.file);
            } else if (e.type == SDL_WINDOWEVENT) {
                dirty = true; /* resized or exposed */
            }
        }
        if (chosen[0] && try_open(chosen, &ep)) {
            snprintf(out, cap, "%s", chosen);
            rc = PICKER_CHOSEN;
            quit = true;
        }
        if (o->exit_after > 0 && now_ms() - start >= o->exit_after * 1000) quit = true;
        if (o->stop && *o->stop) quit = true;
        bool shot = quit && o->screenshot && rc != PICKER_CHOSEN;
        if (!dirty && !shot) continue;
        dirty = false;
        pick_scroll(&pl, &L);
        dl_clear(&dl);
        if (ep.on) {
            const char *lines[ERR_LINES_MAX];
            for (int i = 0; i < ep.n; i++) lines[i] = ep.lines[i];
            ep.page = pick_draw_errors(&dl, ep.file, lines, ep.n, w, h, text_scale, &ep.first);
        } else {
            pick_draw(&dl, &pl, &L, w, h);
        }
        if (!gfx_draw(gfx, &dl, vcolor_hex(PAL_BG), &err)) err_print(&err, stderr);
        if (shot) {
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

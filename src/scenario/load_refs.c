/* load_refs — what the loader can only check once every actor is expanded
 * and every submit is seen: the actor targets of start/join/terminate
 * (an actor id or a group id, did-you-mean, joining oneself, starting an
 * actor that starts by itself), and the locals of the named scripts (a
 * task sees its args and "result", a callback "result"). See loader.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/loader.h"
#include "scenario/suggest.h"

static void unknown_actor(Loader *L, const LoadActorRef *a)
{
    const Scenario *sc = L->sc;
    if (load_capped(L)) {            /* only counted: skip the hint */
        load_error(L, LOAD_AT(a->n), a->path, "unknown actor");
        return;
    }
    /* candidates: every id, and every group's id once */
    const char **c = malloc((size_t)(2 * sc->n_actors + 1) * sizeof *c);
    size_t nc = 0;
    for (int k = 0; c && k < sc->n_actors; k++) {
        c[nc++] = sc->actors[k].id;
        if (sc->actors[k].group_size > 1 && sc->actors[k].index == 1) c[nc++] = sc->actors[k].group;
    }
    char hint[128] = "";
    if (c) suggest_hint(a->n->str, c, nc, hint, sizeof hint);
    free(c);
    load_error(L, LOAD_AT(a->n), a->path, "unknown actor \"%s\"%s", a->n->str,
               hint[0] ? hint : " (an actor's id, or a group's id for all its members)");
}

static void resolve(Loader *L, const LoadActorRef *a)
{
    const Scenario *sc = L->sc;
    const char *name = a->n->str;
    Step *st = a->st;
    int t = scenario_find_actor(sc, name);
    if (t >= 0) {
        st->target = t;
        st->n_targets = 1;
    } else {
        for (int k = 0; k < sc->n_actors && t < 0; k++)
            if (strcmp(sc->actors[k].group, name) == 0) t = k;
        if (t < 0) { unknown_actor(L, a); return; }
        st->target = t;
        st->n_targets = sc->actors[t].group_size;
    }
    if (st->kind == ST_JOIN && a->root) {
        for (int k = st->target; k < st->target + st->n_targets; k++) {
            if (sc->actors[k].script != a->root) continue;
            if (st->n_targets == 1)
                load_error(L, LOAD_AT(a->n), a->path, "\"%s\" is the actor running this step: "
                           "joining yourself waits for ever", name);
            else
                load_error(L, LOAD_AT(a->n), a->path, "\"%s\" includes \"%s\", an actor running "
                           "this step: joining yourself waits for ever", name, sc->actors[k].id);
            break;
        }
    }
    if (st->kind == ST_START && sc->actors[st->target].autostart)
        load_error(L, LOAD_AT(a->n), a->path, "\"%s\" starts by itself (give it \"autostart\": "
                   "false to start it with a \"start\" step)", name);
}

void load_finish(Loader *L)
{
    if (L->sc->actors)  /* else the actors have errors of their own */
        for (int k = 0; k < L->n_arefs; k++) resolve(L, &L->arefs[k]);
    free(L->arefs);
    L->arefs = NULL;
    L->n_arefs = L->cap_arefs = 0;
    for (int k = 0; k < L->n_scripts; k++) load_script_end(L, &L->scripts[k].cx);
}

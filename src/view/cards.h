/* cards — one resource card of the stage: its frame, title, one-line
 * status ("held by A ×2", "2 of 3 arrived · 1 missing") and its wait
 * queue's label (cards.c), and its picture, drawn by the primitive's own
 * painter: synchronisation objects in card_sync.c, data carriers (queue,
 * pipe, pool, variable) in card_flow.c. Draw-list commands only. */
#ifndef SYNCSCOPE_VIEW_CARDS_H
#define SYNCSCOPE_VIEW_CARDS_H

#include <stddef.h>

#include "core/model.h"
#include "view/drawlist.h"
#include "view/layout.h"

/* Draws card i of L (the tokens waiting in it are drawn by the stage). */
void cards_draw(DrawList *dl, const Layout *L, const Model *m, int i);

/* Card i's one-line state ("held by A ×2", "0 of 3 free") into buf, and its
 * colour; and its type in words ("lock", "joinable queue"). Shared with
 * the hover details (hover.c), so both say the same. */
VColor card_status(const Model *m, int i, char *buf, size_t cap);
const char *card_type_word(const ScResource *r);

/* The painters of the card bodies (k is L->cards[i]). */
void card_lock(DrawList *dl, const Layout *L, const Model *m, int i, const VCard *k);
void card_semaphore(DrawList *dl, const Layout *L, const Model *m, int i, const VCard *k);
void card_event(DrawList *dl, const Layout *L, const Model *m, int i, const VCard *k);
void card_condition(DrawList *dl, const Layout *L, const Model *m, int i, const VCard *k);
void card_barrier(DrawList *dl, const Layout *L, const Model *m, int i, const VCard *k);
void card_queue(DrawList *dl, const Layout *L, const Model *m, int i, const VCard *k);
void card_pipe(DrawList *dl, const Layout *L, const Model *m, int i, const VCard *k);
void card_pool(DrawList *dl, const Layout *L, const Model *m, int i, const VCard *k);
void card_variable(DrawList *dl, const Layout *L, const Model *m, int i, const VCard *k);

/* A tray box: an item (filled) or an empty place. */
void card_box(DrawList *dl, const Layout *L, const VRect *c, bool full, const char *text);

#endif

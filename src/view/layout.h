/* layout — where everything goes on the stage: the title bar, the CPUs,
 * the ready queue, the sleeping / not-started / finished areas, one card
 * per resource (its picture and its wait queue), the legend; and for every
 * actor the centre of its token, chosen by its state.
 *
 * Sizes adapt to the window (a UI factor from 1280x720) and to the number
 * of actors (a token scale shrinks until every area fits). Recomputed each
 * frame from the model; pure arithmetic: no SDL, no fonts, no clock. */
#ifndef SYNCSCOPE_VIEW_LAYOUT_H
#define SYNCSCOPE_VIEW_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/model.h"

typedef struct VRect {
    float x, y, w, h;
} VRect;

/* The areas of the left column that hold tokens (besides the CPUs). */
typedef enum VArea { VA_READY = 0, VA_SLEEP, VA_NEW, VA_DONE, VA__COUNT } VArea;

/* Where a token is, and why. */
typedef enum VWhere { VW_CPU = 0, VW_READY, VW_WAIT, VW_SLEEP, VW_NEW, VW_DONE } VWhere;

typedef struct VCard {
    VRect box;         /* the whole card */
    VRect head;        /* its title line: label and type */
    VRect status;      /* one line saying its state ("held by Car 1", "2 of 5 free") */
    VRect body;        /* the resource's picture */
    VRect wait;        /* its wait queue (h == 0: nobody can wait, e.g. a variable) */
    int n_slots;       /* semaphore: stalls drawn; queue, pipe, pool: item boxes per
                          tray; barrier: its parties' places */
    VRect rows[3];     /* parts of the body: pipe: one tube per direction (with its
                          ends' line); pool: workers, task queue, results */
    int n_rows;
} VCard;

typedef struct Layout {
    int w, h;
    float ui;          /* 1 at 1280x720: fixed sizes (titles, margins) scale with it */
    float s;           /* token scale (ui times the shrink needed to fit) */
    float r;           /* token radius */
    float slot_w, slot_h; /* a token with its name and note below */
    int title_px, head_px, name_px, note_px;
    int card_px;       /* a resource card's title */
    VRect title, legend, left, right;
    /* The band under the stage for the timeline and the narration: set
     * want_strip (its height at 1280x720, 0 for none) before computing;
     * strip gets the band (h == 0 when none). */
    float want_strip;
    VRect strip;
    /* Also set before computing: the back-row text scale (T, Ctrl +/-: 1 =
     * none; names, notes, card and area titles grow, tokens do not) and the
     * rows of resource cards scrolled past (a crowd whose cards do not all
     * fit; clamped into cards_first). */
    float text_scale;
    int scroll_cards;
    int cards_first;   /* the first card row shown */
    int cards_rows;    /* card rows in all, and how many are shown */
    int cards_shown;
    bool names;        /* names and notes under the tokens (a crowd drops them:
                          hover tells who is who) */
    /* "+N" chips: where an area (or a wait queue) holds more tokens than it
     * shows, its last place holds a chip counting the hidden ones. */
    struct VChip { float x, y; int n; } *chips;
    int n_chips;
    VRect cpus;        /* the CPU section, its header included */
    VRect *cpu_box;    /* n_cpus (all empty under os_run) */
    int n_cpus;
    bool os_run;       /* policy os: no virtual CPUs, so the CPU section is one
                          "Running now: N" area holding the running tokens
                          (where_i: their place in it, in actor order) */
    int n_running;     /* os_run: how many run now */
    VRect area[VA__COUNT];   /* each with its header; w == 0 when not shown */
    VCard *cards;      /* one per resource */
    int n_cards;
    float *tx, *ty;    /* per actor: token centre */
    VWhere *where;     /* per actor */
    int *where_i;      /* per actor: cpu, position in its queue/area */
    bool *hidden;      /* per actor: not drawn (a crowd: beyond what its area
                          shows, counted in its "+N" chip, or in a card
                          scrolled out of view); its tx, ty are the chip's */
    int n_actors;
    float margin_, gap_, top_, bottom_; /* private: the column split's frame */
    bool fits;         /* false: even the smallest scale overflowed (clamped) */
    /* Stability (private): areas and wait queues are sized for the most
     * tokens they have held, and the chosen scale, card columns and column
     * split are kept while they still fit, so that tokens do not all move
     * whenever one of them changes place. Reset on a new size, a new
     * scenario, or a model earlier than the last one (a seek back). */
    int hw_area[VA__COUNT];
    int hw_running;    /* os_run: the most running at once */
    int *hw_wait;      /* per resource */
    bool chosen;
    int ch_s, ch_c, ch_f;
    int ch_crowd;      /* 0: areas sized for their tokens; 1..: a crowd's caps
                          (rows per area, rows per wait queue), 1 the loosest */
    int cap_area, cap_wait; /* the caps in force (0: none) */
    float ts_chosen;   /* the text scale the choice was made for */
    bool scroll_ok;    /* cards may scroll: only the rows that fit are shown */
    bool ch_new;       /* the choice made room for not-started actors */
    uint64_t hw_seq;
} Layout;

void layout_init(Layout *L);
void layout_free(Layout *L);
/* Lays out m at w x h. False only on OOM (L then holds nothing usable). */
bool layout_compute(Layout *L, const Model *m, int w, int h);

/* Height of a section header at L's UI factor. */
float layout_header_h(const Layout *L);
/* Room left and right of a queue's tray for its "out" and "in" ends. */
float layout_tray_margin(const Layout *L);
/* Box i of a card's row of stalls (semaphore) or tray (queue: tray true). */
VRect layout_cell(const Layout *L, const VCard *k, int i, bool tray);
/* Box i of a tray of n boxes laid in row (a pipe's tube, a pool's task queue). */
VRect layout_tray_cell(const Layout *L, const VRect *row, int n, int i);
/* Height of a tray of n boxes in a row w px wide. */
float layout_tray_h(const Layout *L, float w, int n);
/* Centre of worker j's small token in a pool card's workers row, and its radius. */
void layout_worker(const Layout *L, const VCard *k, int j, float *cx, float *cy, float *rad);
/* Centre of the k-th token slot of a flow area (slots wrap row by row). */
void layout_slot(const Layout *L, const VRect *content, int k, float *cx, float *cy);
/* The part of an area below its header, where its tokens go. */
VRect layout_content(const Layout *L, const VRect *area);

#endif

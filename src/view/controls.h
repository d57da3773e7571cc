/* controls — the window's controls as pure data: which key does what
 * (controls_action_for_key), the on-screen button bar in the right part
 * of the legend bar (controls_layout, controls_hit, controls_draw), the
 * `?` overlay listing every key (controls_draw_help), and the cursor
 * rules for moving through a run's events (controls_nav_apply).
 *
 * Used by app/window.c each frame and by tests/test_controls.c. No SDL:
 * key codes and modifiers come in as ints whose values equal SDL2's
 * (window.c checks that with static asserts). */
#ifndef SYNCSCOPE_VIEW_CONTROLS_H
#define SYNCSCOPE_VIEW_CONTROLS_H

#include <stdbool.h>
#include <stdint.h>

#include "view/drawlist.h"
#include "view/layout.h"

typedef enum CtlAction {
    CA_NONE = 0,
    CA_QUIT,
    CA_PAUSE,          /* pause / resume (a live run: the runner's clock) */
    CA_STEP_BACK,      /* one event back */
    CA_STEP_FWD,       /* one event forward */
    CA_HOME,           /* to the start */
    CA_END,            /* back to live (a file: to its last event) */
    CA_SLOWER,
    CA_FASTER,
    CA_HELP,           /* the overlay listing every key */
    CA_FULLSCREEN,
    CA_TEXT_BIGGER,
    CA_TEXT_SMALLER,
    CA_TEXT_CYCLE,     /* T: 1 -> 1.25 -> 1.5 -> 2 -> 1 */
    CA_SCREENSHOT,
    CA_NOTES,          /* N: the scenario's title, summary and notes */
    CA_RERUN,          /* R: run the scenario again with the next seed (play) */
    CA__COUNT
} CtlAction;

/* SDL2's key codes and modifier bits, as ints (SDL_keycode.h). */
#define CTL_SCANCODE_MASK (1 << 30)
#define CTL_KEY_ESCAPE 27
#define CTL_KEY_SPACE ' '
#define CTL_KEY_RIGHT (79 | CTL_SCANCODE_MASK)
#define CTL_KEY_LEFT (80 | CTL_SCANCODE_MASK)
#define CTL_KEY_HOME (74 | CTL_SCANCODE_MASK)
#define CTL_KEY_END (77 | CTL_SCANCODE_MASK)
#define CTL_KEY_F1 (58 | CTL_SCANCODE_MASK)
#define CTL_KEY_F11 (68 | CTL_SCANCODE_MASK)
#define CTL_KEY_F12 (69 | CTL_SCANCODE_MASK)
#define CTL_KEY_KP_MINUS (86 | CTL_SCANCODE_MASK)
#define CTL_KEY_KP_PLUS (87 | CTL_SCANCODE_MASK)
#define CTL_MOD_SHIFT 0x0003   /* KMOD_LSHIFT | KMOD_RSHIFT */
#define CTL_MOD_CTRL 0x00C0    /* KMOD_LCTRL | KMOD_RCTRL */
#define CTL_MOD_GUI 0x0C00     /* KMOD_LGUI | KMOD_RGUI: Cmd on a Mac */

/* The action of key (an SDL keycode) with modifiers mod; CA_NONE if none. */
CtlAction controls_action_for_key(int key, int mod);
/* "Space", "→", ... and what the action does: the help overlay's rows. */
const char *controls_action_words(CtlAction a);

/* The button bar: one button per action, right-aligned in the legend. */
#define CTL_MAX_BUTTONS 8
typedef struct CtlButton {
    CtlAction action;
    VRect r;
} CtlButton;

typedef struct CtlBar {
    VRect bar;         /* the part of the legend the buttons (and the label) take */
    VRect label;       /* left of the buttons: where the cursor is; w == 0 if no room */
    CtlButton b[CTL_MAX_BUTTONS];
    int n;
} CtlBar;

/* What the bar shows besides the buttons. */
typedef struct CtlView {
    bool paused;       /* the play/pause button shows "play" */
    bool seeking;      /* showing the past: the "to live" button is lit */
    bool help;         /* the help button is lit */
    float text_scale;  /* 1 normally; bigger for the back row */
    const char *where; /* the label: "event 120 / 512"; NULL for none */
} CtlView;

/* Lays the buttons out in the right part of legend at UI factor ui. */
void controls_layout(CtlBar *bar, VRect legend, float ui, float text_scale);
/* The action of the button under (x, y); CA_NONE if none. */
CtlAction controls_hit(const CtlBar *bar, float x, float y);
/* Draws the bar (its background hides what the legend drew under it). */
void controls_draw(DrawList *dl, const CtlBar *bar, const CtlView *v, float ui);
/* Draws the `?` overlay over a w x h frame. */
void controls_draw_help(DrawList *dl, int w, int h, float ui, float text_scale);

/* The cursor over a run's events.
 * cursor < 0: live (show all that came, or the file's playback position);
 * cursor >= 0: show events [0, cursor) — seeking, the world paused. */
typedef struct CtlNav {
    int64_t cursor;
    bool paused;
    bool runner;       /* a live run with a control pipe: pausing stops its clock */
    bool was_running;  /* the world ran when seeking began: End resumes it */
} CtlNav;

typedef enum CtlSend { CS_NONE = 0, CS_PAUSE, CS_RESUME } CtlSend;

void controls_nav_init(CtlNav *nav, bool runner);
/* Applies a pause or seek action with n events recorded and `shown` on
 * screen now; returns what the runner must be told. Other actions: no-op. */
CtlSend controls_nav_apply(CtlNav *nav, CtlAction a, uint64_t n, int64_t shown);
/* A seek to show `to` events of n (a click or drag on the timeline), with
 * `shown` on screen now: into the past like Left/Home (a running world is
 * paused first), back to live like End when to >= n. Returns what the
 * runner must be told. */
CtlSend controls_nav_seek(CtlNav *nav, int64_t to, uint64_t n, int64_t shown);
/* The events to show out of n (the cursor, clamped; n when live). */
int64_t controls_nav_shown(const CtlNav *nav, uint64_t n);

/* The next text scale for CA_TEXT_* (between 1 and 2.5). */
float controls_text_scale(float now, CtlAction a);

#endif

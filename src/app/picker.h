/* picker — the window `syncscope` opens with no scenario: the bundled
 * scenarios (each *.json of a folder that loads, by title and summary)
 * as a list to open with Up/Down/Enter, a click or by dropping a .json on
 * the window. A scenario that does not load shows its errors
 * (FILE:LINE:COL: error: …) in the window instead of opening; a long
 * list of them scrolls (wheel, arrows, PgUp/PgDn, Home/End). T and
 * Ctrl +/- change the text size of both pages, as in the play window.
 *
 * app/ only (SDL). The list model and drawing are view/picker_view.c. */
#ifndef SYNCSCOPE_APP_PICKER_H
#define SYNCSCOPE_APP_PICKER_H

#include <signal.h>
#include <stddef.h>

typedef struct PickerOptions {
    const char *dir;           /* the folder of scenarios to list */
    const char *error_file;    /* start on the error page of this file; NULL: the list */
    double exit_after;         /* seconds; <= 0: never */
    const char *screenshot;    /* PNG written on exit; NULL: none */
    const volatile sig_atomic_t *stop; /* set by a signal handler: close */
} PickerOptions;

enum { PICKER_QUIT = 0, PICKER_CHOSEN = 1, PICKER_NO_DISPLAY = -1 };

/* Runs the picker window until a scenario that loads is chosen (its path
 * in out, PICKER_CHOSEN), the window is closed (PICKER_QUIT) or there is
 * no display (PICKER_NO_DISPLAY). */
int picker_run(const PickerOptions *o, char *out, size_t cap);

#endif

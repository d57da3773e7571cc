/* test_picker — the notes panel and the scenario picker without a
 * window: the word wrapper, the notes' draw list, the picker's list
 * model (sorted by file name, a selection that wraps, hit-testing), the
 * error page (scrolling a long list) and both at a bigger text scale. */
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "view/controls.h"
#include "view/notes.h"
#include "view/picker_view.h"

static bool has_text(const DrawList *dl, const char *s)
{
    for (int i = 0; i < dl->n; i++)
        if (dl->v[i].kind == DL_TEXT && strcmp(dl_text_of(dl, &dl->v[i]), s) == 0) return true;
    return false;
}

static bool text_contains(const DrawList *dl, const char *s)
{
    for (int i = 0; i < dl->n; i++)
        if (dl->v[i].kind == DL_TEXT && strstr(dl_text_of(dl, &dl->v[i]), s)) return true;
    return false;
}

TEST(wrap_breaks_at_spaces_within_the_width_and_keeps_every_word)
{
    char lines[8][NOTES_LINE_MAX];
    const char *text = "the quick brown fox jumps over the lazy dog";
    int n = notes_wrap(text, 10, lines, 8);
    CHECK(n >= 4);
    char joined[256] = "";
    for (int i = 0; i < n; i++) {
        CHECK(strlen(lines[i]) <= 10);
        CHECK(lines[i][0] != ' ');
        if (i) strcat(joined, " ");
        strcat(joined, lines[i]);
    }
    CHECK_EQ_STR(joined, text);
}

TEST(wrap_cuts_a_word_longer_than_a_line_and_counts_utf8_as_one)
{
    char lines[8][NOTES_LINE_MAX];
    int n = notes_wrap("abcdefghijklmnop", 5, lines, 8);
    CHECK_EQ_INT(n, 4);
    CHECK_EQ_STR(lines[0], "abcde");
    CHECK_EQ_STR(lines[3], "p");
    n = notes_wrap("éééé ab", 6, lines, 8);
    CHECK_EQ_INT(n, 2);
    CHECK_EQ_STR(lines[0], "éééé");
    CHECK_EQ_INT(notes_wrap("", 10, lines, 8), 0);
    CHECK_EQ_INT(notes_wrap(NULL, 10, lines, 8), 0);
}

TEST(n_toggles_the_notes_and_r_reruns)
{
    CHECK_EQ_INT(controls_action_for_key('n', 0), CA_NOTES);
    CHECK_EQ_INT(controls_action_for_key('r', 0), CA_RERUN);
}

TEST(the_notes_panel_draws_the_title_summary_and_every_note)
{
    Scenario sc;
    memset(&sc, 0, sizeof sc);
    strcpy(sc.title, "Toilet semaphore");
    strcpy(sc.summary, "Two keys, five people");
    char notes[3][SC_STR_MAX + 1] = {"A semaphore counts.", "Wait takes a key.", "Post gives one back."};
    sc.notes = notes;
    sc.n_notes = 3;
    DrawList dl;
    dl_init(&dl);
    notes_draw(&dl, &sc, 1280, 720, 1, 1);
    CHECK(has_text(&dl, "Toilet semaphore"));
    CHECK(has_text(&dl, "Two keys, five people"));
    for (int i = 0; i < 3; i++) CHECK(has_text(&dl, notes[i]));
    for (int i = 0; i < dl.n; i++) {
        CHECK(dl.v[i].x >= 0 && dl.v[i].x <= 1280);
        CHECK(dl.v[i].y >= 0 && dl.v[i].y <= 720);
    }
    dl_free(&dl);
}

TEST(a_long_note_is_wrapped_into_several_lines_inside_the_panel)
{
    Scenario sc;
    memset(&sc, 0, sizeof sc);
    strcpy(sc.title, "T");
    char notes[1][SC_STR_MAX + 1];
    memset(notes[0], 0, sizeof notes[0]);
    for (int i = 0; i < 30; i++) strcat(notes[0], "word ");
    strcat(notes[0], "lastword");
    sc.notes = notes;
    sc.n_notes = 1;
    DrawList dl;
    dl_init(&dl);
    notes_draw(&dl, &sc, 640, 480, 1, 1);
    CHECK(text_contains(&dl, "lastword"));
    int lines = 0;
    for (int i = 0; i < dl.n; i++)
        if (dl.v[i].kind == DL_TEXT && strncmp(dl_text_of(&dl, &dl.v[i]), "word", 4) == 0) lines++;
    CHECK(lines >= 2);
    dl_free(&dl);
}

TEST(the_picker_sorts_by_file_name_and_the_selection_wraps)
{
    PickList pl;
    pick_init(&pl);
    CHECK(pick_add(&pl, "c.json", "C", "third"));
    CHECK(pick_add(&pl, "a.json", "A", "first"));
    CHECK(pick_add(&pl, "b.json", "B", "second"));
    pick_sort(&pl);
    CHECK_EQ_STR(pl.v[0].file, "a.json");
    CHECK_EQ_STR(pl.v[2].file, "c.json");
    CHECK_EQ_INT(pl.sel, 0);
    pick_move(&pl, -1);
    CHECK_EQ_INT(pl.sel, 2);
    pick_move(&pl, 1);
    CHECK_EQ_INT(pl.sel, 0);
    pick_move(&pl, 4);
    CHECK_EQ_INT(pl.sel, 1);
    pick_free(&pl);
    pick_move(&pl, 1); /* empty: stays 0 */
    CHECK_EQ_INT(pl.sel, 0);
}

TEST(a_click_on_a_row_picks_it_and_scrolling_keeps_the_selection_visible)
{
    PickList pl;
    pick_init(&pl);
    char f[32];
    for (int i = 0; i < 40; i++) {
        snprintf(f, sizeof f, "s%02d.json", i);
        CHECK(pick_add(&pl, f, f, "x"));
    }
    pick_sort(&pl);
    PickLayout L;
    pick_layout(&L, &pl, 1280, 720, 1);
    CHECK(L.rows_visible >= 3 && L.rows_visible < 40);
    CHECK_EQ_INT(pick_hit(&pl, &L, L.x + 10, L.y + L.row * 1.5f), 1);
    CHECK_EQ_INT(pick_hit(&pl, &L, L.x + 10, L.y - 5), -1);
    pick_move(&pl, -1);
    pick_scroll(&pl, &L);
    CHECK(pl.top <= 39 && pl.top + L.rows_visible > 39);
    CHECK_EQ_INT(pick_hit(&pl, &L, L.x + 10, L.y + 1), pl.top);
    DrawList dl;
    dl_init(&dl);
    pick_draw(&dl, &pl, &L, 1280, 720);
    CHECK(has_text(&dl, "s39.json"));
    CHECK(!has_text(&dl, "s00.json"));
    dl_free(&dl);
    pick_free(&pl);
}

TEST(the_error_page_lists_every_error_line)
{
    const char *lines[] = {"x.json:3:5: error: unknown field \"foo\"", "x.json:9:1: error: missing actors"};
    DrawList dl;
    dl_init(&dl);
    int first = 0;
    pick_draw_errors(&dl, "x.json", lines, 2, 1280, 720, 1, &first);
    CHECK(has_text(&dl, lines[0]));
    CHECK(has_text(&dl, lines[1]));
    CHECK(!text_contains(&dl, "more below"));
    CHECK(!text_contains(&dl, "more above"));
    CHECK_EQ_INT(first, 0);
    dl_free(&dl);
}

/* The command drawing text s, or NULL. */
static const DlCmd *text_cmd(const DrawList *dl, const char *s)
{
    for (int i = 0; i < dl->n; i++)
        if (dl->v[i].kind == DL_TEXT && strcmp(dl_text_of(dl, &dl->v[i]), s) == 0) return &dl->v[i];
    return NULL;
}

static char err_lines[30][64];
static const char *err_ptrs[30];

static void make_errors(void)
{
    for (int i = 0; i < 30; i++) {
        snprintf(err_lines[i], sizeof err_lines[i], "x.json:%d:1: error: problem number %d", i + 1, i + 1);
        err_ptrs[i] = err_lines[i];
    }
}

TEST(a_long_error_page_scrolls_and_clamps_at_both_ends)
{
    make_errors();
    DrawList dl;
    dl_init(&dl);
    int first = 0;
    int page = pick_draw_errors(&dl, "x.json", err_ptrs, 30, 1280, 720, 1, &first);
    CHECK(page > 3 && page < 30);
    CHECK(has_text(&dl, err_ptrs[0]));
    CHECK(!has_text(&dl, err_ptrs[29]));
    CHECK(text_contains(&dl, "more below"));
    CHECK(!text_contains(&dl, "more above"));
    for (int i = 0; i < dl.n; i++) CHECK(dl.v[i].y <= 720);
    /* one row down: the first line leaves, the next page's first comes in */
    dl_clear(&dl);
    first = 1;
    pick_draw_errors(&dl, "x.json", err_ptrs, 30, 1280, 720, 1, &first);
    CHECK(!has_text(&dl, err_ptrs[0]));
    CHECK(has_text(&dl, err_ptrs[1]));
    CHECK(has_text(&dl, err_ptrs[page]));
    CHECK(text_contains(&dl, "more above"));
    /* far past the end: the last rows fill the page, nothing is below */
    dl_clear(&dl);
    first = 1000;
    pick_draw_errors(&dl, "x.json", err_ptrs, 30, 1280, 720, 1, &first);
    CHECK_EQ_INT(first, 30 - page);
    CHECK(has_text(&dl, err_ptrs[29]));
    CHECK(has_text(&dl, err_ptrs[30 - page]));
    CHECK(!has_text(&dl, err_ptrs[29 - page]));
    CHECK(!text_contains(&dl, "more below"));
    /* above the top: back to the first row */
    dl_clear(&dl);
    first = -4;
    pick_draw_errors(&dl, "x.json", err_ptrs, 30, 1280, 720, 1, &first);
    CHECK_EQ_INT(first, 0);
    CHECK(has_text(&dl, err_ptrs[0]));
    dl_free(&dl);
}

TEST(the_error_page_and_the_picker_grow_with_the_text_scale)
{
    make_errors();
    DrawList dl;
    dl_init(&dl);
    int first = 0;
    int page1 = pick_draw_errors(&dl, "x.json", err_ptrs, 30, 1280, 720, 1, &first);
    const DlCmd *c = text_cmd(&dl, err_ptrs[0]);
    int px1 = c ? c->size : 0;
    dl_clear(&dl);
    int page2 = pick_draw_errors(&dl, "x.json", err_ptrs, 30, 1280, 720, 2, &first);
    c = text_cmd(&dl, err_ptrs[0]);
    CHECK(c != NULL);
    CHECK(c && c->size >= 2 * px1 - 1);
    CHECK(page2 < page1);
    dl_free(&dl);

    PickList pl;
    pick_init(&pl);
    char f[32];
    for (int i = 0; i < 20; i++) {
        snprintf(f, sizeof f, "s%02d.json", i);
        CHECK(pick_add(&pl, f, f, "x"));
    }
    pick_sort(&pl);
    PickLayout L1, L2;
    pick_layout(&L1, &pl, 1280, 720, 1);
    pick_layout(&L2, &pl, 1280, 720, 2);
    CHECK(L2.row > 1.9f * L1.row);
    CHECK(L2.rows_visible < L1.rows_visible && L2.rows_visible >= 1);
    /* a click hits the row drawn there at either scale */
    CHECK_EQ_INT(pick_hit(&pl, &L2, L2.x + 10, L2.y + L2.row * 1.5f), 1);
    dl_init(&dl);
    pick_draw(&dl, &pl, &L2, 1280, 720);
    c = text_cmd(&dl, "s00.json");
    CHECK(c != NULL);
    dl_free(&dl);
    pick_free(&pl);
}

int main(void)
{
    RUN(wrap_breaks_at_spaces_within_the_width_and_keeps_every_word);
    RUN(wrap_cuts_a_word_longer_than_a_line_and_counts_utf8_as_one);
    RUN(n_toggles_the_notes_and_r_reruns);
    RUN(the_notes_panel_draws_the_title_summary_and_every_note);
    RUN(a_long_note_is_wrapped_into_several_lines_inside_the_panel);
    RUN(the_picker_sorts_by_file_name_and_the_selection_wraps);
    RUN(a_click_on_a_row_picks_it_and_scrolling_keeps_the_selection_visible);
    RUN(the_error_page_lists_every_error_line);
    RUN(a_long_error_page_scrolls_and_clamps_at_both_ends);
    RUN(the_error_page_and_the_picker_grow_with_the_text_scale);
    return test_report();
}

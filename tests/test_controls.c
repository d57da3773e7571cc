/* test_controls — the window's controls without a window: the key →
 * action mapping, the button bar's layout and hit-testing, the cursor
 * rules for seeking a live run or a pipe, and the help overlay's draw list. */
#include <stdlib.h>
#include <string.h>

#include "testlib.h"
#include "view/controls.h"

static const VRect legend_1280 = {0, 680, 1280, 40};

TEST(arrow_keys_step_home_and_end_seek)
{
    CHECK_EQ_INT(controls_action_for_key(CTL_KEY_RIGHT, 0), CA_STEP_FWD);
    CHECK_EQ_INT(controls_action_for_key(CTL_KEY_LEFT, 0), CA_STEP_BACK);
    CHECK_EQ_INT(controls_action_for_key(CTL_KEY_HOME, 0), CA_HOME);
    CHECK_EQ_INT(controls_action_for_key(CTL_KEY_END, 0), CA_END);
    CHECK_EQ_INT(controls_action_for_key(CTL_KEY_SPACE, 0), CA_PAUSE);
    CHECK_EQ_INT(controls_action_for_key(CTL_KEY_ESCAPE, 0), CA_QUIT);
}

TEST(plus_and_minus_change_the_speed_but_with_ctrl_the_text_size)
{
    CHECK_EQ_INT(controls_action_for_key('=', CTL_MOD_SHIFT), CA_FASTER); /* + on a US keyboard */
    CHECK_EQ_INT(controls_action_for_key('+', 0), CA_FASTER);
    CHECK_EQ_INT(controls_action_for_key(CTL_KEY_KP_PLUS, 0), CA_FASTER);
    CHECK_EQ_INT(controls_action_for_key('-', 0), CA_SLOWER);
    CHECK_EQ_INT(controls_action_for_key(CTL_KEY_KP_MINUS, 0), CA_SLOWER);
    CHECK_EQ_INT(controls_action_for_key('=', 0x0040), CA_TEXT_BIGGER);  /* left Ctrl */
    CHECK_EQ_INT(controls_action_for_key('-', 0x0080), CA_TEXT_SMALLER); /* right Ctrl */
    CHECK_EQ_INT(controls_action_for_key('t', 0), CA_TEXT_CYCLE);
}

TEST(question_mark_f11_and_f12_toggle_help_full_screen_and_shoot)
{
    CHECK_EQ_INT(controls_action_for_key('/', 0x0001), CA_HELP); /* Shift+/ */
    CHECK_EQ_INT(controls_action_for_key('?', 0), CA_HELP);
    CHECK_EQ_INT(controls_action_for_key('/', 0), CA_NONE);
    CHECK_EQ_INT(controls_action_for_key(CTL_KEY_F11, 0), CA_FULLSCREEN);
    CHECK_EQ_INT(controls_action_for_key(CTL_KEY_F12, 0), CA_SCREENSHOT);
    CHECK_EQ_INT(controls_action_for_key('x', 0), CA_NONE);
}

TEST(every_key_action_has_words_for_the_help)
{
    for (int a = CA_QUIT; a < CA__COUNT; a++) CHECK(controls_action_words((CtlAction)a)[0] != 0);
}

TEST(the_buttons_sit_inside_the_right_part_of_the_legend_without_overlapping)
{
    CtlBar bar;
    controls_layout(&bar, legend_1280, 1, 1);
    CHECK_EQ_INT(bar.n, CTL_MAX_BUTTONS);
    CHECK(bar.bar.x > 640); /* the legend's swatches keep its left part */
    CHECK_EQ_INT(bar.label.w, 0); /* and the label gives way to them */
    for (int i = 0; i < bar.n; i++) {
        const VRect *r = &bar.b[i].r;
        CHECK(r->x >= bar.bar.x && r->x + r->w <= legend_1280.x + legend_1280.w);
        CHECK(r->y >= legend_1280.y && r->y + r->h <= legend_1280.y + legend_1280.h);
        CHECK(r->w >= 30 && r->h >= 28); /* big enough for a finger */
        if (i > 0) CHECK(r->x >= bar.b[i - 1].r.x + bar.b[i - 1].r.w);
    }
}

TEST(buttons_stay_inside_a_narrow_window)
{
    CtlBar bar;
    VRect legend = {0, 440, 400, 25};
    controls_layout(&bar, legend, 0.625f, 1);
    for (int i = 0; i < bar.n; i++) {
        CHECK(bar.b[i].r.x >= 0);
        CHECK(bar.b[i].r.x + bar.b[i].r.w <= 400);
    }
    CHECK_EQ_INT(bar.label.w, 0); /* no room for the label */
}

TEST(a_click_on_a_button_gives_its_action_and_elsewhere_none)
{
    CtlBar bar;
    controls_layout(&bar, legend_1280, 1, 1);
    static const CtlAction want[] = {CA_HOME, CA_STEP_BACK, CA_PAUSE, CA_STEP_FWD,
                                     CA_END,  CA_SLOWER,    CA_FASTER, CA_HELP};
    for (int i = 0; i < bar.n; i++) {
        const VRect *r = &bar.b[i].r;
        CHECK_EQ_INT(controls_hit(&bar, r->x + r->w / 2, r->y + r->h / 2), want[i]);
    }
    CHECK_EQ_INT(controls_hit(&bar, 10, 700), CA_NONE);
    CHECK_EQ_INT(controls_hit(&bar, 1000, 300), CA_NONE);
    /* between two buttons */
    CHECK_EQ_INT(controls_hit(&bar, bar.b[0].r.x + bar.b[0].r.w + 1, 700), CA_NONE);
}

TEST(seeking_back_in_a_live_run_pauses_it_and_end_resumes_it)
{
    CtlNav nav;
    controls_nav_init(&nav, true);
    CHECK_EQ_INT(controls_nav_shown(&nav, 100), 100);
    CHECK_EQ_INT(controls_nav_apply(&nav, CA_STEP_BACK, 100, 100), CS_PAUSE);
    CHECK(nav.paused);
    CHECK_EQ_INT(controls_nav_shown(&nav, 120), 99); /* more came in: the past stays shown */
    CHECK_EQ_INT(controls_nav_apply(&nav, CA_STEP_BACK, 120, 99), CS_NONE);
    CHECK_EQ_INT(controls_nav_shown(&nav, 120), 98);
    CHECK_EQ_INT(controls_nav_apply(&nav, CA_STEP_FWD, 120, 98), CS_NONE);
    CHECK_EQ_INT(controls_nav_shown(&nav, 120), 99);
    CHECK_EQ_INT(controls_nav_apply(&nav, CA_HOME, 120, 99), CS_NONE);
    CHECK_EQ_INT(controls_nav_shown(&nav, 120), 0);
    CHECK_EQ_INT(controls_nav_apply(&nav, CA_STEP_BACK, 120, 0), CS_NONE); /* not below 0 */
    CHECK_EQ_INT(controls_nav_shown(&nav, 120), 0);
    CHECK_EQ_INT(controls_nav_apply(&nav, CA_END, 120, 0), CS_RESUME);
    CHECK(!nav.paused);
    CHECK_EQ_INT(controls_nav_shown(&nav, 130), 130);
}

TEST(end_after_seeking_a_run_paused_by_hand_leaves_it_paused)
{
    CtlNav nav;
    controls_nav_init(&nav, true);
    CHECK_EQ_INT(controls_nav_apply(&nav, CA_PAUSE, 50, 50), CS_PAUSE);
    CHECK_EQ_INT(controls_nav_apply(&nav, CA_HOME, 50, 50), CS_NONE); /* already paused */
    CHECK_EQ_INT(controls_nav_apply(&nav, CA_END, 50, 0), CS_NONE);
    CHECK(nav.paused);
    CHECK_EQ_INT(controls_nav_shown(&nav, 50), 50);
    CHECK_EQ_INT(controls_nav_apply(&nav, CA_PAUSE, 50, 50), CS_RESUME);
}

TEST(stepping_forward_stops_at_the_last_event_and_live_has_none_after)
{
    CtlNav nav;
    controls_nav_init(&nav, true);
    CHECK_EQ_INT(controls_nav_apply(&nav, CA_STEP_FWD, 10, 10), CS_NONE);
    CHECK_EQ_INT(nav.cursor, -1);
    controls_nav_apply(&nav, CA_STEP_BACK, 10, 10);
    controls_nav_apply(&nav, CA_STEP_FWD, 10, 9);
    controls_nav_apply(&nav, CA_STEP_FWD, 10, 10);
    CHECK_EQ_INT(controls_nav_shown(&nav, 10), 10);
    CHECK_EQ_INT(nav.cursor, 10); /* still in the past's mode: paused */
    CHECK(nav.paused);
}

TEST(space_while_seeking_resumes_from_now)
{
    CtlNav nav;
    controls_nav_init(&nav, true);
    controls_nav_apply(&nav, CA_HOME, 40, 40);
    CHECK_EQ_INT(controls_nav_apply(&nav, CA_PAUSE, 40, 0), CS_RESUME);
    CHECK_EQ_INT(controls_nav_shown(&nav, 45), 45);
    CHECK(!nav.paused);
}

TEST(pausing_a_pipe_without_a_runner_freezes_the_picture)
{
    CtlNav nav;
    controls_nav_init(&nav, false);
    controls_nav_apply(&nav, CA_PAUSE, 30, 30);
    CHECK_EQ_INT(controls_nav_shown(&nav, 80), 30);
    controls_nav_apply(&nav, CA_PAUSE, 80, 30);
    CHECK_EQ_INT(controls_nav_shown(&nav, 80), 80);
}

TEST(text_scale_grows_shrinks_and_cycles_within_bounds)
{
    float s = 1;
    s = controls_text_scale(s, CA_TEXT_BIGGER);
    CHECK(s > 1.2f && s < 1.3f);
    for (int i = 0; i < 10; i++) s = controls_text_scale(s, CA_TEXT_BIGGER);
    CHECK(s <= 2.5f);
    for (int i = 0; i < 10; i++) s = controls_text_scale(s, CA_TEXT_SMALLER);
    CHECK(s == 1.0f);
    s = controls_text_scale(controls_text_scale(controls_text_scale(1, CA_TEXT_CYCLE), CA_TEXT_CYCLE),
                            CA_TEXT_CYCLE);
    CHECK(s == 2.0f);
    CHECK(controls_text_scale(s, CA_TEXT_CYCLE) == 1.0f);
}

static bool dl_has_text(const DrawList *dl, const char *s)
{
    for (int i = 0; i < dl->n; i++)
        if (dl->v[i].kind == DL_TEXT && strstr(dl_text_of(dl, &dl->v[i]), s)) return true;
    return false;
}

TEST(the_help_overlay_lists_every_key_and_fits_the_window)
{
    DrawList dl;
    dl_init(&dl);
    controls_draw_help(&dl, 1280, 720, 1, 2.5f); /* the biggest text still fits */
    CHECK(!dl.oom);
    const char *keys[] = {"Space", "Home", "End", "F11", "F12", "Esc", "Ctrl + =", "T"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) CHECK(dl_has_text(&dl, keys[i]));
    CHECK(dl_has_text(&dl, "one event back"));
    for (int i = 0; i < dl.n; i++) {
        const DlCmd *c = &dl.v[i];
        if (c->kind != DL_RECT && c->kind != DL_RRECT) continue;
        CHECK(c->x >= 0 && c->y >= 0 && c->x + c->w <= 1280.5f && c->y + c->h <= 720.5f);
    }
    dl_free(&dl);
}

TEST(the_bar_draws_a_box_per_button_and_its_label)
{
    CtlBar bar;
    VRect wide = {0, 680, 3000, 40}; /* room left of the buttons for the label */
    controls_layout(&bar, wide, 1, 1);
    CHECK(bar.label.w > 0);
    CHECK(bar.label.x + bar.label.w <= bar.b[0].r.x);
    DrawList dl;
    dl_init(&dl);
    CtlView v = {.paused = true, .seeking = true, .where = "event 3 / 9"};
    controls_draw(&dl, &bar, &v, 1);
    CHECK(dl_has_text(&dl, "event 3 / 9"));
    CHECK(dl_has_text(&dl, "?"));
    int boxes = 0;
    for (int i = 0; i < dl.n; i++)
        if (dl.v[i].kind == DL_RRECT && dl.v[i].y >= 680) boxes++;
    CHECK(boxes >= 2 * CTL_MAX_BUTTONS); /* a box is two rounded rects */
    dl_free(&dl);
}

TEST(a_seek_on_the_timeline_pauses_the_world_and_its_right_end_resumes_it)
{
    CtlNav nav;
    controls_nav_init(&nav, true);
    CHECK_EQ_INT(controls_nav_seek(&nav, 40, 100, 100), CS_PAUSE);
    CHECK_EQ_INT(controls_nav_shown(&nav, 100), 40);
    CHECK(nav.paused);
    /* dragging on: no second pause */
    CHECK_EQ_INT(controls_nav_seek(&nav, 70, 100, 40), CS_NONE);
    CHECK_EQ_INT(controls_nav_shown(&nav, 100), 70);
    CHECK_EQ_INT(controls_nav_seek(&nav, -3, 100, 70), CS_NONE);
    CHECK_EQ_INT(controls_nav_shown(&nav, 100), 0);
    /* the right end: live, running again */
    CHECK_EQ_INT(controls_nav_seek(&nav, 100, 100, 0), CS_RESUME);
    CHECK_EQ_INT(nav.cursor, -1);
    CHECK(!nav.paused);
    /* already live: nothing to tell */
    CHECK_EQ_INT(controls_nav_seek(&nav, 100, 100, 100), CS_NONE);
    /* paused by hand first: the seek does not resume it at the end */
    controls_nav_apply(&nav, CA_PAUSE, 100, 100);
    CHECK_EQ_INT(controls_nav_seek(&nav, 10, 100, 100), CS_NONE);
    CHECK_EQ_INT(controls_nav_seek(&nav, 100, 100, 10), CS_NONE);
    CHECK(nav.paused);
}

int main(void)
{
    RUN(arrow_keys_step_home_and_end_seek);
    RUN(plus_and_minus_change_the_speed_but_with_ctrl_the_text_size);
    RUN(question_mark_f11_and_f12_toggle_help_full_screen_and_shoot);
    RUN(every_key_action_has_words_for_the_help);
    RUN(the_buttons_sit_inside_the_right_part_of_the_legend_without_overlapping);
    RUN(buttons_stay_inside_a_narrow_window);
    RUN(a_click_on_a_button_gives_its_action_and_elsewhere_none);
    RUN(seeking_back_in_a_live_run_pauses_it_and_end_resumes_it);
    RUN(end_after_seeking_a_run_paused_by_hand_leaves_it_paused);
    RUN(stepping_forward_stops_at_the_last_event_and_live_has_none_after);
    RUN(space_while_seeking_resumes_from_now);
    RUN(pausing_a_pipe_without_a_runner_freezes_the_picture);
    RUN(text_scale_grows_shrinks_and_cycles_within_bounds);
    RUN(the_help_overlay_lists_every_key_and_fits_the_window);
    RUN(the_bar_draws_a_box_per_button_and_its_label);
    RUN(a_seek_on_the_timeline_pauses_the_world_and_its_right_end_resumes_it);
    return test_report();
}

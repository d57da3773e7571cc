/* controls — see controls.h. The button icons are drawn from triangles
 * and bars rather than glyphs (⏮ ⏯ ⏭ are missing from most fonts), so
 * they look the same with any font and in the golden images. */
#include "view/controls.h"

#include <math.h>
#include <stddef.h>

#include "view/palette.h"

#define HEX(x) vcolor_hex(x)

CtlAction controls_action_for_key(int key, int mod)
{
    bool ctrl = (mod & (CTL_MOD_CTRL | CTL_MOD_GUI)) != 0;
    bool shift = (mod & CTL_MOD_SHIFT) != 0;
    if (ctrl) {
        /* Ctrl+= / Ctrl++ / Ctrl+- as in a browser: the text size */
        if (key == '=' || key == '+' || key == CTL_KEY_KP_PLUS) return CA_TEXT_BIGGER;
        if (key == '-' || key == CTL_KEY_KP_MINUS) return CA_TEXT_SMALLER;
        if (key == 'q' || key == 'w') return CA_QUIT;
        return CA_NONE;
    }
    switch (key) {
    case CTL_KEY_ESCAPE: return CA_QUIT;
    case CTL_KEY_SPACE:
    case 'k': return CA_PAUSE;
    case CTL_KEY_RIGHT:
    case '.': return CA_STEP_FWD;
    case CTL_KEY_LEFT:
    case ',': return CA_STEP_BACK;
    case CTL_KEY_HOME: return CA_HOME;
    case CTL_KEY_END: return CA_END;
    case '+':
    case '=':                          /* + is Shift+= on most keyboards */
    case CTL_KEY_KP_PLUS: return CA_FASTER;
    case '-':
    case CTL_KEY_KP_MINUS: return CA_SLOWER;
    case '?':
    case 'h':
    case CTL_KEY_F1: return CA_HELP;
    case '/': return shift ? CA_HELP : CA_NONE; /* ? is Shift+/ on a US keyboard */
    case CTL_KEY_F11:
    case 'f': return CA_FULLSCREEN;
    case 't': return shift ? CA_TEXT_SMALLER : CA_TEXT_CYCLE;
    case CTL_KEY_F12: return CA_SCREENSHOT;
    case 'n': return CA_NOTES;
    case 'r': return CA_RERUN;
    default: return CA_NONE;
    }
}

const char *controls_action_words(CtlAction a)
{
    switch (a) {
    case CA_QUIT: return "quit";
    case CA_PAUSE: return "pause / resume";
    case CA_STEP_BACK: return "one event back (pauses a live run)";
    case CA_STEP_FWD: return "one event forward";
    case CA_HOME: return "to the start";
    case CA_END: return "back to live (a file: its last event)";
    case CA_SLOWER: return "half the speed";
    case CA_FASTER: return "double the speed";
    case CA_HELP: return "show / hide this list of keys";
    case CA_FULLSCREEN: return "full screen on / off";
    case CA_TEXT_BIGGER: return "bigger text (for the back row)";
    case CA_TEXT_SMALLER: return "smaller text";
    case CA_TEXT_CYCLE: return "text size 1 → 1.25 → 1.5 → 2";
    case CA_SCREENSHOT: return "screenshot (PNG)";
    case CA_NOTES: return "the scenario's notes on / off";
    case CA_RERUN: return "run it again with the next seed";
    default: return "";
    }
}

/* ---- the button bar -------------------------------------------------- */

static const CtlAction bar_order[CTL_MAX_BUTTONS] = {CA_HOME,   CA_STEP_BACK, CA_PAUSE,  CA_STEP_FWD,
                                                     CA_END,    CA_SLOWER,    CA_FASTER, CA_HELP};

void controls_layout(CtlBar *bar, VRect legend, float ui, float text_scale)
{
    if (ui <= 0) ui = 1;
    if (text_scale < 1) text_scale = 1;
    /* a touch board wants big targets: the buttons fill the bar's height */
    float pad = 4.0f * ui;
    float bh = legend.h - 2 * pad;
    if (bh < 8) bh = legend.h;
    float bw = bh * 1.25f, gap = 6.0f * ui, group = 14.0f * ui;
    (void)text_scale; /* the bar keeps the legend's height; only its text grows */
    float total = CTL_MAX_BUTTONS * bw + (CTL_MAX_BUTTONS - 1) * gap + 2 * group;
    float right = legend.x + legend.w - 10.0f * ui;
    float x0 = right - total;
    if (x0 < legend.x) {
        /* a very narrow window: shrink the buttons to fit */
        float k = (legend.w - 20.0f * ui) / total;
        if (k < 0.1f) k = 0.1f;
        bw *= k;
        gap *= k;
        group *= k;
        total *= k;
        x0 = right - total;
    }
    /* the label only where the legend's swatches (about 72% of it at any size) leave room */
    float lw = 150.0f * ui;
    bar->label = (VRect){0, 0, 0, 0};
    if (x0 - lw > legend.x + legend.w * 0.72f) {
        bar->label = (VRect){x0 - lw, legend.y, lw - 8.0f * ui, legend.h};
        x0 -= lw;
    }
    bar->bar = (VRect){x0 - 6.0f * ui, legend.y, right - x0 + 16.0f * ui, legend.h};
    if (bar->label.w > 0) x0 += lw;
    if (bar->bar.x + bar->bar.w > legend.x + legend.w) bar->bar.w = legend.x + legend.w - bar->bar.x;
    float x = x0, y = legend.y + (legend.h - bh) / 2;
    bar->n = 0;
    for (int i = 0; i < CTL_MAX_BUTTONS; i++) {
        /* gaps between the groups: seek | speed | help */
        if (bar_order[i] == CA_SLOWER || bar_order[i] == CA_HELP) x += group;
        bar->b[bar->n++] = (CtlButton){bar_order[i], {x, y, bw, bh}};
        x += bw + gap;
    }
}

CtlAction controls_hit(const CtlBar *bar, float x, float y)
{
    for (int i = 0; i < bar->n; i++) {
        const VRect *r = &bar->b[i].r;
        if (x >= r->x && x < r->x + r->w && y >= r->y && y < r->y + r->h) return bar->b[i].action;
    }
    return CA_NONE;
}

/* A triangle pointing left (dir -1) or right (+1) centred at cx, cy. */
static void tri(DrawList *dl, float cx, float cy, float s, int dir, VColor c)
{
    float d = (float)dir;
    dl_tri(dl, cx - d * s * 0.5f, cy - s * 0.6f, cx - d * s * 0.5f, cy + s * 0.6f, cx + d * s * 0.5f, cy, c);
}

static void bar_v(DrawList *dl, float cx, float cy, float s, VColor c)
{
    dl_rect(dl, cx - s * 0.11f, cy - s * 0.6f, s * 0.22f, s * 1.2f, c);
}

static void draw_icon(DrawList *dl, const CtlButton *b, const CtlView *v, float ui, VColor ink)
{
    float cx = b->r.x + b->r.w / 2, cy = b->r.y + b->r.h / 2;
    float s = b->r.h * 0.42f;
    switch (b->action) {
    case CA_HOME: /* |◀◀ */
        bar_v(dl, cx - s * 0.85f, cy, s, ink);
        tri(dl, cx - s * 0.2f, cy, s * 0.75f, -1, ink);
        tri(dl, cx + s * 0.5f, cy, s * 0.75f, -1, ink);
        break;
    case CA_STEP_BACK: /* ◀| */
        tri(dl, cx - s * 0.15f, cy, s, -1, ink);
        bar_v(dl, cx + s * 0.55f, cy, s, ink);
        break;
    case CA_PAUSE:
        if (v && v->paused) {
            tri(dl, cx + s * 0.1f, cy, s * 1.1f, 1, ink);
        } else {
            dl_rect(dl, cx - s * 0.5f, cy - s * 0.6f, s * 0.33f, s * 1.2f, ink);
            dl_rect(dl, cx + s * 0.17f, cy - s * 0.6f, s * 0.33f, s * 1.2f, ink);
        }
        break;
    case CA_STEP_FWD: /* |▶ */
        bar_v(dl, cx - s * 0.55f, cy, s, ink);
        tri(dl, cx + s * 0.15f, cy, s, 1, ink);
        break;
    case CA_END: /* ▶▶| */
        tri(dl, cx - s * 0.5f, cy, s * 0.75f, 1, ink);
        tri(dl, cx + s * 0.2f, cy, s * 0.75f, 1, ink);
        bar_v(dl, cx + s * 0.85f, cy, s, ink);
        break;
    case CA_SLOWER:
        dl_rect(dl, cx - s * 0.6f, cy - s * 0.12f, s * 1.2f, s * 0.24f, ink);
        break;
    case CA_FASTER:
        dl_rect(dl, cx - s * 0.6f, cy - s * 0.12f, s * 1.2f, s * 0.24f, ink);
        dl_rect(dl, cx - s * 0.12f, cy - s * 0.6f, s * 0.24f, s * 1.2f, ink);
        break;
    case CA_HELP: {
        int px = (int)lroundf(b->r.h * 0.7f);
        dl_text(dl, cx, cy, px, true, DL_CENTER, 0, ink, "?");
        break;
    }
    default: break;
    }
    (void)ui;
}

void controls_draw(DrawList *dl, const CtlBar *bar, const CtlView *v, float ui)
{
    if (ui <= 0) ui = 1;
    /* the legend's own colour: the bar reads as part of it */
    dl_rect(dl, bar->bar.x, bar->bar.y, bar->bar.w, bar->bar.h, HEX(0xE6E3DA));
    dl_rect(dl, bar->bar.x, bar->bar.y + 6.0f * ui, 1.5f * ui, bar->bar.h - 12.0f * ui, HEX(PAL_EDGE));
    if (v && v->where && v->where[0] && bar->label.w > 0) {
        float ts = v->text_scale < 1 ? 1 : v->text_scale;
        int px = (int)lroundf(16.0f * ui * (ts > 1.3f ? 1.3f : ts));
        dl_text(dl, bar->label.x + bar->label.w, bar->label.y + bar->label.h / 2, px, v->seeking, DL_RIGHT,
                bar->label.w, HEX(v->seeking ? 0xB35C00 : PAL_MUTED), v->where);
    }
    for (int i = 0; i < bar->n; i++) {
        const CtlButton *b = &bar->b[i];
        bool lit = v && ((b->action == CA_END && v->seeking) || (b->action == CA_HELP && v->help) ||
                         (b->action == CA_PAUSE && v->paused));
        VColor fill = lit ? HEX(0xE69F00) : HEX(PAL_PANEL);
        dl_box(dl, b->r.x, b->r.y, b->r.w, b->r.h, 6.0f * ui, 1.5f * ui, fill, HEX(PAL_EDGE));
        draw_icon(dl, b, v, ui, HEX(PAL_INK));
    }
}

/* ---- the help overlay ------------------------------------------------ */

typedef struct HelpRow {
    const char *keys;
    CtlAction a;
} HelpRow;

static const HelpRow help_rows[] = {
    {"Space", CA_PAUSE},
    {"→  or  .", CA_STEP_FWD},
    {"←  or  ,", CA_STEP_BACK},
    {"Home", CA_HOME},
    {"End", CA_END},
    {"+", CA_FASTER},
    {"−", CA_SLOWER},
    {"F11  or  F", CA_FULLSCREEN},
    {"Ctrl + =", CA_TEXT_BIGGER},
    {"Ctrl + −", CA_TEXT_SMALLER},
    {"T", CA_TEXT_CYCLE},
    {"F12", CA_SCREENSHOT},
    {"N", CA_NOTES},
    {"R", CA_RERUN},
    {"?  or  H  or  F1", CA_HELP},
    {"Esc", CA_QUIT},
};

void controls_draw_help(DrawList *dl, int w, int h, float ui, float text_scale)
{
    if (ui <= 0) ui = 1;
    if (text_scale < 1) text_scale = 1;
    int n = (int)(sizeof help_rows / sizeof help_rows[0]);
    float k = ui * text_scale;
    float row = 34.0f * k, head = 56.0f * k, foot = 44.0f * k;
    float bw = 720.0f * k, bh = head + (float)n * row + foot;
    /* never larger than the window: shrink rather than cut the list */
    float fit = 1;
    if (bw > (float)w - 20) fit = ((float)w - 20) / bw;
    if (bh * fit > (float)h - 20) fit = ((float)h - 20) / bh;
    if (fit < 0.2f) fit = 0.2f;
    k *= fit;
    row *= fit;
    head *= fit;
    foot *= fit;
    bw *= fit;
    bh *= fit;
    dl_rect(dl, 0, 0, (float)w, (float)h, (VColor){0x1F, 0x23, 0x28, 0x99});
    float x = ((float)w - bw) / 2, y = ((float)h - bh) / 2;
    dl_box(dl, x, y, bw, bh, 12.0f * k, 2.0f * k, HEX(PAL_PANEL), HEX(PAL_EDGE));
    int px = (int)lroundf(22.0f * k), hpx = (int)lroundf(28.0f * k);
    dl_text(dl, x + bw / 2, y + head / 2, hpx, true, DL_CENTER, bw - 20, HEX(PAL_INK), "Keys");
    float kx = x + 250.0f * k, ty = y + head;
    for (int i = 0; i < n; i++) {
        float cy = ty + row * ((float)i + 0.5f);
        if (i % 2 == 0) dl_rect(dl, x + 12.0f * k, cy - row / 2, bw - 24.0f * k, row, HEX(0xF4F3EE));
        dl_text(dl, kx - 20.0f * k, cy, px, true, DL_RIGHT, 220.0f * k, HEX(PAL_INK), help_rows[i].keys);
        dl_text(dl, kx, cy, px, false, DL_LEFT, bw - 270.0f * k, HEX(PAL_INK),
                controls_action_words(help_rows[i].a));
    }
    dl_text(dl, x + bw / 2, y + bh - foot / 2, (int)lroundf(19.0f * k), false, DL_CENTER, bw - 20,
            HEX(PAL_MUTED), "The buttons at the bottom right do the same with a mouse or a touch.");
}

/* ---- the cursor ------------------------------------------------------ */

void controls_nav_init(CtlNav *nav, bool runner)
{
    nav->cursor = -1;
    nav->paused = false;
    nav->runner = runner;
    nav->was_running = false;
}

int64_t controls_nav_shown(const CtlNav *nav, uint64_t n)
{
    if (nav->cursor < 0) return (int64_t)n;
    return (uint64_t)nav->cursor > n ? (int64_t)n : nav->cursor;
}

/* Starts seeking at `shown`: a running world is paused first. */
static CtlSend begin_seek(CtlNav *nav, int64_t shown)
{
    CtlSend s = CS_NONE;
    if (nav->cursor >= 0) return s;
    nav->cursor = shown < 0 ? 0 : shown;
    nav->was_running = !nav->paused;
    if (!nav->paused) {
        nav->paused = true;
        s = CS_PAUSE;
    }
    return s;
}

CtlSend controls_nav_apply(CtlNav *nav, CtlAction a, uint64_t n, int64_t shown)
{
    if (shown < 0) shown = 0;
    if ((uint64_t)shown > n) shown = (int64_t)n;
    switch (a) {
    case CA_PAUSE:
        if (nav->cursor >= 0) {
            /* resuming from the past goes back to now: the world runs on from there */
            nav->cursor = -1;
            nav->paused = false;
            return CS_RESUME;
        }
        nav->paused = !nav->paused;
        /* without a runner, a pause freezes the picture at what it shows */
        if (!nav->runner && nav->paused) {
            nav->cursor = shown;
            nav->was_running = true;
        }
        return nav->paused ? CS_PAUSE : CS_RESUME;
    case CA_STEP_BACK:
    case CA_HOME: {
        CtlSend s = begin_seek(nav, shown);
        nav->cursor = a == CA_HOME ? 0 : (nav->cursor > 0 ? nav->cursor - 1 : 0);
        return s;
    }
    case CA_STEP_FWD:
        /* live already shows everything: there is no later event to show */
        if (nav->cursor < 0) return CS_NONE;
        if ((uint64_t)nav->cursor < n) nav->cursor++;
        return CS_NONE;
    case CA_END:
        if (nav->cursor < 0) return CS_NONE;
        nav->cursor = -1;
        if (nav->was_running) {
            nav->paused = false;
            return CS_RESUME;
        }
        return CS_NONE;
    default: return CS_NONE;
    }
}

CtlSend controls_nav_seek(CtlNav *nav, int64_t to, uint64_t n, int64_t shown)
{
    if (to >= (int64_t)n) return controls_nav_apply(nav, CA_END, n, shown);
    if (shown < 0) shown = 0;
    if ((uint64_t)shown > n) shown = (int64_t)n;
    CtlSend s = begin_seek(nav, shown);
    nav->cursor = to < 0 ? 0 : to;
    return s;
}

float controls_text_scale(float now, CtlAction a)
{
    static const float steps[] = {1.0f, 1.25f, 1.5f, 2.0f, 2.5f};
    int n = (int)(sizeof steps / sizeof steps[0]), i = 0;
    while (i + 1 < n && steps[i] < now - 0.01f) i++;
    if (a == CA_TEXT_BIGGER && i + 1 < n) i++;
    else if (a == CA_TEXT_SMALLER && i > 0) i--;
    else if (a == CA_TEXT_CYCLE) i = steps[i] >= 2.0f - 0.01f ? 0 : i + 1;
    return steps[i];
}

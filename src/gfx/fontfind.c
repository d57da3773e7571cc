/* fontfind — see fontfind.h.
 *
 * Why both a path list and fontconfig: the list alone covers exactly the
 * packages it names, on Debian's paths; fontconfig knows every font the
 * machine has and which characters each covers, so it also serves a Thai
 * or Devanagari label, a font installed under ~/.fonts, or another
 * distribution's layout. Its cost (loading its cache, a few ms) is paid
 * only when a label has a character nothing loaded can draw. The list
 * comes first so that the font the set-up command installs is the one
 * used on every machine: the picture does not depend on what else is
 * installed. */
#include "gfx/fontfind.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#ifdef SYNCSCOPE_HAVE_FONTCONFIG
#include <fontconfig/fontconfig.h>
#endif

static bool file_exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* Debian packages' files. Noto CJK's collection holds JP, KR, SC, TC, HK
 * variants of the same ideographs: index 2 is Simplified Chinese, the
 * lessons' language. The first is what tools/setup.sh installs. */
static const FontFile KNOWN[] = {
    {"/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0},  /* fonts-droid-fallback */
    {"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0},             /* fonts-wqy-microhei */
    {"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0},               /* fonts-wqy-zenhei */
    {"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2},     /* fonts-noto-cjk */
    {"/usr/share/fonts/truetype/arphic/uming.ttc", 0},                 /* fonts-arphic-uming */
    {"/usr/share/fonts/truetype/arphic/ukai.ttc", 0},                  /* fonts-arphic-ukai */
    {"/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf", 0},     /* fonts-arphic-gbsn00lp */
};

int fontfind_known(FontFile *out, int cap)
{
    int n = 0;
    for (size_t i = 0; i < sizeof KNOWN / sizeof KNOWN[0] && n < cap; i++)
        if (file_exists(KNOWN[i].path)) out[n++] = KNOWN[i];
    return n;
}

static int users;

#ifdef SYNCSCOPE_HAVE_FONTCONFIG

static bool fc_started;

bool fontfind_has_fontconfig(void) { return true; }

void fontfind_hold(void) { users++; }

void fontfind_release(void)
{
    if (users > 0 && --users == 0 && fc_started) {
        FcFini();
        fc_started = false;
    }
}

/* FreeType opens Type 1 and bitmap fonts too, but SDL_ttf's metrics and
 * our glyph checks assume outline TrueType/CFF. */
static bool usable(FcPattern *font, uint32_t cp)
{
    FcCharSet *cs = NULL;
    FcBool scalable = FcFalse;
    FcChar8 *format = NULL;
    if (FcPatternGetCharSet(font, FC_CHARSET, 0, &cs) != FcResultMatch || !FcCharSetHasChar(cs, cp))
        return false;
    if (FcPatternGetBool(font, FC_SCALABLE, 0, &scalable) == FcResultMatch && !scalable) return false;
    if (FcPatternGetString(font, FC_FONTFORMAT, 0, &format) == FcResultMatch &&
        strcmp((const char *)format, "TrueType") != 0 && strcmp((const char *)format, "CFF") != 0)
        return false;
    return true;
}

int fontfind_for_char(uint32_t cp, FontFile *out, int cap)
{
    if (cap <= 0 || !FcInit()) return 0;
    fc_started = true;
    FcPattern *pat = FcPatternCreate();
    FcCharSet *cs = FcCharSetCreate();
    int n = 0;
    if (pat && cs && FcCharSetAddChar(cs, cp) &&
        FcPatternAddCharSet(pat, FC_CHARSET, cs) &&
        FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)"sans-serif") &&
        FcPatternAddBool(pat, FC_SCALABLE, FcTrue)) {
        FcConfigSubstitute(NULL, pat, FcMatchPattern);
        FcDefaultSubstitute(pat);
        FcResult res;
        /* sorted by closeness to "sans-serif with cp": the first usable
         * one is the font a desktop would pick for that character */
        FcFontSet *set = FcFontSort(NULL, pat, FcFalse, NULL, &res);
        for (int i = 0; set && i < set->nfont && n < cap; i++) {
            FcChar8 *file = NULL;
            int index = 0;
            if (!usable(set->fonts[i], cp) ||
                FcPatternGetString(set->fonts[i], FC_FILE, 0, &file) != FcResultMatch)
                continue;
            if (FcPatternGetInteger(set->fonts[i], FC_INDEX, 0, &index) != FcResultMatch) index = 0;
            int len = snprintf(out[n].path, sizeof out[n].path, "%s", (const char *)file);
            if (len <= 0 || (size_t)len >= sizeof out[n].path) continue;
            out[n].index = index;
            n++;
        }
        if (set) FcFontSetDestroy(set);
    }
    if (cs) FcCharSetDestroy(cs);
    if (pat) FcPatternDestroy(pat);
    return n;
}

#else

bool fontfind_has_fontconfig(void) { return false; }

void fontfind_hold(void) { users++; }

void fontfind_release(void)
{
    if (users > 0) users--;
}

int fontfind_for_char(uint32_t cp, FontFile *out, int cap)
{
    (void)cp;
    (void)out;
    (void)cap;
    return 0;
}

#endif

/* suggest — see suggest.h. */
#include "scenario/suggest.h"

#include <stdio.h>
#include <string.h>

#define SUG_MAX 64

static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c; }

int suggest_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > SUG_MAX) n = SUG_MAX;
    if (m > SUG_MAX) m = SUG_MAX;
    /* three rows suffice for the transposition rule */
    int rows[3][SUG_MAX + 1];
    int *pp = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= m; j++) prev[j] = (int)j;
    for (size_t i = 1; i <= n; i++) {
        cur[0] = (int)i;
        for (size_t j = 1; j <= m; j++) {
            int cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
            int d = prev[j] + 1;
            if (cur[j - 1] + 1 < d) d = cur[j - 1] + 1;
            if (prev[j - 1] + cost < d) d = prev[j - 1] + cost;
            if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1])
                && pp[j - 2] + 1 < d)
                d = pp[j - 2] + 1;
            cur[j] = d;
        }
        int *t = pp;
        pp = prev;
        prev = cur;
        cur = t;
    }
    return prev[m];
}

const char *suggest_best(const char *word, const char *const *cands, size_t n)
{
    int len = (int)strlen(word);
    int limit = len / 3 > 2 ? len / 3 : 2;
    const char *best = NULL;
    int best_d = 0;
    for (size_t k = 0; k < n; k++) {
        if (!cands[k]) continue;
        int d = suggest_distance(word, cands[k]);
        if (d > limit || d >= len) continue;
        if (!best || d < best_d) { best = cands[k]; best_d = d; }
    }
    return best;
}

char *suggest_hint(const char *word, const char *const *cands, size_t n, char *buf, size_t cap)
{
    const char *b = suggest_best(word, cands, n);
    if (cap == 0) return buf;
    if (b) snprintf(buf, cap, " (did you mean \"%s\"?)", b);
    else buf[0] = '\0';
    return buf;
}

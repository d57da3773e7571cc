/* suggest — "did you mean ...?" for misspelt keys, names and step kinds.
 *
 * Picks the candidate closest to a word by edit distance (case-insensitive,
 * a swap of two neighbours counts as one edit), if it is close enough to be
 * a plausible typo. libc only. */
#ifndef SYNCSCOPE_SCENARIO_SUGGEST_H
#define SYNCSCOPE_SCENARIO_SUGGEST_H

#include <stddef.h>

/* Edit distance (optimal string alignment), ignoring ASCII case. Words
 * longer than 64 bytes are compared by their first 64 bytes. */
int suggest_distance(const char *a, const char *b);
/* The best of cands[0..n) for word, or NULL if none is close: the distance
 * must be at most 2 or a third of the word's length, and less than the
 * word's length (so "x" does not become "on"). Ties go to the first. */
const char *suggest_best(const char *word, const char *const *cands, size_t n);
/* Formats " (did you mean \"X\"?)" into buf, or "" when there is no
 * suggestion; returns buf. */
char *suggest_hint(const char *word, const char *const *cands, size_t n, char *buf, size_t cap);

#endif

/* jsonpos — a strict JSON parser that remembers where every value and key is.
 *
 * The scenario loader needs line:col for every error, and cJSON keeps no
 * positions, stops at the first syntax error behind a global pointer, and
 * accepts NUL bytes, invalid UTF-8 and duplicate keys. This parser builds
 * its own tree (in an arena) and rejects all of those with a located error.
 * Lines and columns are 1-based; a column counts characters (UTF-8 code
 * points), not bytes, so it matches what an editor shows.
 *
 * Used by scenario/load.c only. Depends on base/ only (no cJSON). */
#ifndef SYNCSCOPE_SCENARIO_JSONPOS_H
#define SYNCSCOPE_SCENARIO_JSONPOS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/err.h"

#define JSONPOS_MAX_DEPTH 64          /* containers nested; the root is depth 1 */
#define JSONPOS_MAX_BYTES (1024 * 1024)

typedef enum JType { JSON_NULL = 0, JSON_BOOL, JSON_NUM, JSON_STR, JSON_ARR, JSON_OBJ } JType;

typedef struct JNode JNode;
struct JNode {
    JType type;
    int line, col;            /* where the value starts */
    const char *key;          /* member name when inside an object, else NULL */
    size_t key_len;
    int key_line, key_col;    /* where the key's opening quote is */
    bool b;                   /* JSON_BOOL */
    double num;               /* JSON_NUM */
    const char *str;          /* JSON_STR: decoded, NUL-terminated (no NUL inside) */
    size_t len;               /* JSON_STR: bytes */
    JNode *first, *next;      /* children (arrays, objects), in file order */
    int n;                    /* number of children */
};

typedef struct JDoc {
    Arena *arena;             /* owns every node and string */
    JNode *root;
} JDoc;

/* Parses text (len bytes, need not be NUL-terminated). On success fills doc
 * (free it with jsonpos_free) and returns true. On failure returns false,
 * frees everything, and sets err's msg, line and col (file left "": the
 * caller knows the name). A file larger than JSONPOS_MAX_BYTES fails with
 * line 0. */
bool jsonpos_parse(const char *text, size_t len, JDoc *doc, Err *err);
void jsonpos_free(JDoc *doc);

/* The member named key of an object; NULL when absent or obj is no object. */
const JNode *jsonpos_get(const JNode *obj, const char *key);
/* "null", "a boolean", "a number", "a string", "an array", "an object". */
const char *jsonpos_type_name(JType t);

#endif

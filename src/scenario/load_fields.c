/* load_fields — checked getters of the scenario loader: a JSON node in, a
 * field or a located, student-readable error out. See loader.h. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario/loader.h"
#include "scenario/suggest.h"

bool load_want_type(Loader *L, const JNode *n, const char *path, JType t)
{
    if (n->type == t) return true;
    load_error(L, LOAD_AT(n), path, "must be %s, not %s", jsonpos_type_name(t),
               jsonpos_type_name(n->type));
    return false;
}

static void range_text(char *buf, size_t cap, int64_t min, int64_t max)
{
    if (max >= VALUE_INT_MAX && min <= -VALUE_INT_MAX)
        snprintf(buf, cap, "within +-%" PRId64, VALUE_INT_MAX);
    else if (max >= VALUE_INT_MAX)
        snprintf(buf, cap, "at least %" PRId64, min);
    else
        snprintf(buf, cap, "between %" PRId64 " and %" PRId64, min, max);
}

bool load_int(Loader *L, const JNode *n, const char *path, int64_t min, int64_t max, int64_t *out)
{
    char range[96];
    range_text(range, sizeof range, min, max);
    if (n->type != JSON_NUM) {
        load_error(L, LOAD_AT(n), path, "must be an integer (%s), not %s", range,
                   jsonpos_type_name(n->type));
        return false;
    }
    if (n->num != floor(n->num)) {
        load_error(L, LOAD_AT(n), path, "must be a whole number (%s), not %g", range, n->num);
        return false;
    }
    if (n->num < (double)-VALUE_INT_MAX || n->num > (double)VALUE_INT_MAX) {
        load_error(L, LOAD_AT(n), path, "number is out of range: integers stay within +-%" PRId64
                   " (2^53-1)", VALUE_INT_MAX);
        return false;
    }
    int64_t v = (int64_t)n->num;
    if (v < min || v > max) {
        load_error(L, LOAD_AT(n), path, "must be %s (got %" PRId64 ")", range, v);
        return false;
    }
    *out = v;
    return true;
}

bool load_bool(Loader *L, const JNode *n, const char *path, bool *out)
{
    if (n->type != JSON_BOOL) {
        load_error(L, LOAD_AT(n), path, "must be true or false, not %s", jsonpos_type_name(n->type));
        return false;
    }
    *out = n->b;
    return true;
}

bool load_str(Loader *L, const JNode *n, const char *path, char out[SC_STR_MAX + 1])
{
    if (!load_want_type(L, n, path, JSON_STR)) return false;
    if (n->len > SC_STR_MAX) {
        load_error(L, LOAD_AT(n), path, "string is too long: %zu bytes (the limit is %d)", n->len,
                   SC_STR_MAX);
        return false;
    }
    memcpy(out, n->str, n->len + 1);
    return true;
}

static bool id_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
           || c == '-';
}

bool load_id(Loader *L, const JNode *n, const char *path, const char *what, char out[SC_ID_MAX])
{
    if (!load_want_type(L, n, path, JSON_STR)) return false;
    if (n->len == 0) {
        load_error(L, LOAD_AT(n), path, "%s is empty", what);
        return false;
    }
    if (n->len >= SC_ID_MAX) {
        load_error(L, LOAD_AT(n), path, "%s is too long: %zu bytes (the limit is %d)", what, n->len,
                   SC_ID_MAX - 1);
        return false;
    }
    for (size_t k = 0; k < n->len; k++) {
        if (id_char(n->str[k])) continue;
        if (n->str[k] == '.')
            load_error(L, LOAD_AT(n), path, "%s \"%s\" contains a '.' (dots are reserved for "
                       "group members such as \"car.1\"; use letters, digits, '_' or '-')",
                       what, n->str);
        else
            load_error(L, LOAD_AT(n), path, "%s \"%s\" may only use letters, digits, '_' and '-'",
                       what, n->str);
        return false;
    }
    memcpy(out, n->str, n->len + 1);
    return true;
}

bool load_local_name(Loader *L, const JNode *n, const char *path, char out[SC_ID_MAX])
{
    if (!load_want_type(L, n, path, JSON_STR)) return false;
    const char *s = n->str;
    bool ok = n->len > 0 && n->len < SC_ID_MAX
              && ((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') || s[0] == '_');
    for (size_t k = 1; ok && k < n->len; k++)
        ok = id_char(s[k]) && s[k] != '-';
    if (!ok) {
        if (n->len >= SC_ID_MAX)
            load_error(L, LOAD_AT(n), path, "local name is too long (the limit is %d bytes)",
                       SC_ID_MAX - 1);
        else
            load_error(L, LOAD_AT(n), path, "local name \"%s\" is not an identifier (letters, "
                       "digits and '_', not starting with a digit)", s);
        return false;
    }
    if (strcmp(s, "i") == 0 || strcmp(s, "iter") == 0) {
        load_error(L, LOAD_AT(n), path, "\"%s\" is reserved (%s) and cannot be a local", s,
                   s[1] ? "{iter} is the loop iteration" : "{i} is the actor index");
        return false;
    }
    memcpy(out, s, n->len + 1);
    return true;
}

bool load_require(Loader *L, const JNode *obj, const char *path, const char *key)
{
    if (jsonpos_get(obj, key)) return true;
    load_error(L, LOAD_AT(obj), path, "missing required key \"%s\"", key);
    return false;
}

bool load_in_list(const char *key, const char *const *list)
{
    for (; list && *list; list++)
        if (strcmp(key, *list) == 0) return true;
    return false;
}

static size_t list_len(const char *const *list)
{
    size_t n = 0;
    while (list && list[n]) n++;
    return n;
}

void load_check_keys(Loader *L, const JNode *obj, const char *path, const char *const *allowed,
                     const char *const *later, const char *what)
{
    char p[LOAD_PATH_MAX], hint[128];
    for (const JNode *m = obj->first; m; m = m->next) {
        if (load_in_list(m->key, allowed)) continue;
        load_path_key(p, path, m->key);
        if (load_in_list(m->key, later)) {
            load_error(L, LOAD_AT_KEY(m), p, "\"%s\" is not supported yet", m->key);
            continue;
        }
        suggest_hint(m->key, allowed, list_len(allowed), hint, sizeof hint);
        if (what && *what)
            load_error(L, LOAD_AT_KEY(m), p, "unknown key for %s%s", what, hint);
        else
            load_error(L, LOAD_AT_KEY(m), p, "unknown key%s", hint);
    }
}

/* "a lock", "an event": the article a type name takes. */
static const char *article(const char *word)
{
    return strchr("aeiou", word[0]) || strcmp(word, "rlock") == 0 ? "an" : "a";
}

int load_resource_ref(Loader *L, const JNode *n, const char *path, unsigned mask,
                      const char *op, const char *need)
{
    if (n->type != JSON_STR) {
        load_error(L, LOAD_AT(n), path, "must be a string (the id of %s), not %s", need,
                   jsonpos_type_name(n->type));
        return -1;
    }
    Scenario *sc = L->sc;
    int r = scenario_find_res(sc, n->str);
    if (r >= 0) {
        if (L->res_bad[r]) return -1;   /* its own error says what is wrong */
        if (mask & (1u << sc->res[r].type)) return r;
        const char *tn = res_type_name(sc->res[r].type);
        load_error(L, LOAD_AT(n), path, "\"%s\" is %s %s, but \"%s\" needs %s", n->str,
                   article(tn), tn, op, need);
        return -1;
    }
    if (load_capped(L)) {       /* only counted: skip the hint */
        load_error(L, LOAD_AT(n), path, "unknown resource");
        return -1;
    }
    /* suggest among resources of the right type only */
    const char **cands = malloc((size_t)(sc->n_res + 1) * sizeof *cands);
    size_t nc = 0;
    for (int k = 0; cands && k < sc->n_res; k++)
        if (mask & (1u << sc->res[k].type)) cands[nc++] = sc->res[k].id;
    char hint[128];
    if (cands) suggest_hint(n->str, cands, nc, hint, sizeof hint);
    else hint[0] = '\0';
    free(cands);
    if (!hint[0] && nc == 0)
        load_error(L, LOAD_AT(n), path, "unknown resource \"%s\" (\"%s\" needs %s, and "
                   "\"resources\" has none)", n->str, op, need);
    else
        load_error(L, LOAD_AT(n), path, "unknown resource \"%s\"%s", n->str, hint);
    return -1;
}

/* jsonpos — see jsonpos.h. A recursive-descent parser over validated UTF-8.
 * Recursion is bounded by JSONPOS_MAX_DEPTH, so hostile input cannot blow
 * the stack; every error stops the parse (one located message). */
#include "scenario/jsonpos.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct Parser {
    const char *s;
    size_t len, pos;
    int line, col;            /* of s[pos] */
    Arena *arena;
    Err *err;
    bool failed;
} Parser;

/* ---- cursor -------------------------------------------------------------- */

static int peek(const Parser *p) { return p->pos < p->len ? (unsigned char)p->s[p->pos] : -1; }

static void adv(Parser *p)
{
    if (p->pos >= p->len) return;
    unsigned char c = (unsigned char)p->s[p->pos++];
    if (c == '\n') { p->line++; p->col = 1; }
    else if ((c & 0xC0) != 0x80) p->col++;
    /* a continuation byte belongs to the character already counted */
}

static bool fail_at(Parser *p, int line, int col, const char *msg)
{
    if (!p->failed) {
        err_at(p->err, "", line, col, "%s", msg);
        p->failed = true;
    }
    return false;
}

static bool fail(Parser *p, const char *msg) { return fail_at(p, p->line, p->col, msg); }

static void skip_ws(Parser *p)
{
    for (;;) {
        int c = peek(p);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') adv(p);
        else return;
    }
}

/* ---- UTF-8 and NUL: checked once over the whole text ---------------------- */

/* Length of the valid UTF-8 sequence at s (RFC 3629: no overlongs, no
 * surrogates, nothing above U+10FFFF); 0 when invalid. */
static size_t utf8_seq(const unsigned char *s, size_t avail)
{
    unsigned char c = s[0];
    if (c < 0x80) return 1;
    size_t n;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) { n = 2; cp = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { n = 3; cp = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 4; cp = c & 0x07; }
    else return 0;
    if (avail < n) return 0;
    for (size_t k = 1; k < n; k++) {
        if ((s[k] & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (s[k] & 0x3F);
    }
    if (n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) return 0;
    if (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) return 0;
    return n;
}

static bool check_bytes(Parser *p)
{
    const unsigned char *s = (const unsigned char *)p->s;
    int line = 1, col = 1;
    for (size_t k = 0; k < p->len;) {
        if (s[k] == 0)
            return fail_at(p, line, col, "the file contains a NUL byte (is it a text file?)");
        size_t n = utf8_seq(s + k, p->len - k);
        if (n == 0)
            return fail_at(p, line, col, "invalid UTF-8 (save the file as UTF-8 text)");
        if (s[k] == '\n') { line++; col = 1; }
        else col++;
        k += n;
    }
    return true;
}

/* ---- nodes ---------------------------------------------------------------- */

static JNode *new_node(Parser *p, JType t, int line, int col)
{
    JNode *n = arena_alloc(p->arena, sizeof *n);
    if (!n) { fail(p, "out of memory"); return NULL; }
    n->type = t;
    n->line = line;
    n->col = col;
    return n;
}

static bool parse_value(Parser *p, JNode **out, int depth);

/* ---- strings -------------------------------------------------------------- */

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static bool read_hex4(Parser *p, uint32_t *out)
{
    uint32_t v = 0;
    for (int k = 0; k < 4; k++) {
        int h = hexval(peek(p));
        if (h < 0) return fail(p, "\\u needs four hex digits (like \\u00e9)");
        v = (v << 4) | (uint32_t)h;
        adv(p);
    }
    *out = v;
    return true;
}

static size_t put_utf8(char *o, uint32_t cp)
{
    if (cp < 0x80) { o[0] = (char)cp; return 1; }
    if (cp < 0x800) { o[0] = (char)(0xC0 | (cp >> 6)); o[1] = (char)(0x80 | (cp & 0x3F)); return 2; }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12)); o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18)); o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* At an opening quote. Decodes into arena memory; *out is NUL-terminated. */
static bool parse_string(Parser *p, const char **out, size_t *out_len)
{
    int sline = p->line, scol = p->col;
    adv(p); /* the quote */
    /* the decoded text is never longer than the raw text up to the end */
    size_t raw = 0;
    while (p->pos + raw < p->len && p->s[p->pos + raw] != '"') {
        if (p->s[p->pos + raw] == '\\') raw++;
        raw++;
    }
    char *buf = arena_alloc(p->arena, raw + 1);
    if (!buf) return fail(p, "out of memory");
    size_t n = 0;
    for (;;) {
        int c = peek(p);
        if (c < 0) return fail_at(p, sline, scol, "string is not closed (a '\"' is missing)");
        if (c == '"') { adv(p); break; }
        if (c == '\n') return fail_at(p, sline, scol, "string is not closed before the end of the line (a '\"' is missing; write \\n for a new line)");
        if (c < 0x20) return fail(p, "control character in a string (write \\t, \\n, ... instead)");
        if (c != '\\') {
            if (n < raw) buf[n++] = (char)c;
            adv(p);
            continue;
        }
        int eline = p->line, ecol = p->col;
        adv(p);
        int e = peek(p);
        uint32_t cp;
        switch (e) {
        case '"': case '\\': case '/': buf[n++] = (char)e; adv(p); continue;
        case 'b': buf[n++] = '\b'; adv(p); continue;
        case 'f': buf[n++] = '\f'; adv(p); continue;
        case 'n': buf[n++] = '\n'; adv(p); continue;
        case 'r': buf[n++] = '\r'; adv(p); continue;
        case 't': buf[n++] = '\t'; adv(p); continue;
        case 'u':
            adv(p);
            if (!read_hex4(p, &cp)) return false;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                uint32_t lo;
                if (peek(p) != '\\') return fail_at(p, eline, ecol, "\\u escape is half of a surrogate pair; the other half is missing");
                adv(p);
                if (peek(p) != 'u') return fail_at(p, eline, ecol, "\\u escape is half of a surrogate pair; the other half is missing");
                adv(p);
                if (!read_hex4(p, &lo)) return false;
                if (lo < 0xDC00 || lo > 0xDFFF) return fail_at(p, eline, ecol, "\\u escape is half of a surrogate pair; the other half is missing");
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                return fail_at(p, eline, ecol, "\\u escape is half of a surrogate pair; the other half is missing");
            }
            if (cp == 0) return fail_at(p, eline, ecol, "strings cannot contain NUL (\\u0000)");
            /* \uXXXX is 6 raw bytes, its UTF-8 at most 3; a pair is 12 for 4 */
            n += put_utf8(buf + n, cp);
            continue;
        default:
            return fail_at(p, eline, ecol, e < 0 ? "string is not closed (a '\"' is missing)"
                                                 : "invalid escape in a string (use \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX)");
        }
    }
    buf[n] = '\0';
    *out = buf;
    *out_len = n;
    return true;
}

/* ---- numbers and words ---------------------------------------------------- */

static bool is_digit(int c) { return c >= '0' && c <= '9'; }

static bool parse_number(Parser *p, JNode *node)
{
    size_t start = p->pos;
    const char *bad = "invalid number (JSON numbers look like 12, -3, 0.5 or 1e3)";
    if (peek(p) == '-') adv(p);
    if (peek(p) == '0') {
        adv(p);
        if (is_digit(peek(p))) return fail_at(p, node->line, node->col, "numbers cannot start with 0 (write 7, not 07)");
    } else if (is_digit(peek(p))) {
        while (is_digit(peek(p))) adv(p);
    } else {
        return fail_at(p, node->line, node->col, bad);
    }
    if (peek(p) == '.') {
        adv(p);
        if (!is_digit(peek(p))) return fail_at(p, node->line, node->col, bad);
        while (is_digit(peek(p))) adv(p);
    }
    if (peek(p) == 'e' || peek(p) == 'E') {
        adv(p);
        if (peek(p) == '+' || peek(p) == '-') adv(p);
        if (!is_digit(peek(p))) return fail_at(p, node->line, node->col, bad);
        while (is_digit(peek(p))) adv(p);
    }
    size_t n = p->pos - start;
    char buf[400];
    if (n >= sizeof buf) return fail_at(p, node->line, node->col, "number is too long");
    memcpy(buf, p->s + start, n);
    buf[n] = '\0';
    double d = strtod(buf, NULL);
    if (!isfinite(d)) /* 1e400: say the limit, as the loader does for 2^63 */
        return fail_at(p, node->line, node->col,
                       "number is out of range: integers stay within +-9007199254740991 (2^53-1)");
    node->num = d;
    return true;
}

static bool is_word_char(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_';
}

/* A bare word: true, false, null, or a friendly error for anything else. */
static bool parse_word(Parser *p, JNode *node)
{
    size_t start = p->pos;
    while (is_word_char(peek(p))) adv(p);
    size_t n = p->pos - start;
    const char *w = p->s + start;
    if (n == 4 && memcmp(w, "true", 4) == 0) { node->type = JSON_BOOL; node->b = true; return true; }
    if (n == 5 && memcmp(w, "false", 5) == 0) { node->type = JSON_BOOL; node->b = false; return true; }
    if (n == 4 && memcmp(w, "null", 4) == 0) { node->type = JSON_NULL; return true; }
    char msg[200];
    snprintf(msg, sizeof msg, "unexpected word \"%.*s\" (strings need double quotes; "
             "JSON writes true, false and null in lower case)", n > 40 ? 40 : (int)n, w);
    return fail_at(p, node->line, node->col, msg);
}

/* ---- containers ----------------------------------------------------------- */

static int cmp_members(const void *a, const void *b)
{
    const JNode *x = *(const JNode *const *)a, *y = *(const JNode *const *)b;
    size_t n = x->key_len < y->key_len ? x->key_len : y->key_len;
    int c = memcmp(x->key, y->key, n);
    if (c) return c;
    if (x->key_len != y->key_len) return x->key_len < y->key_len ? -1 : 1;
    /* equal keys: file order, so the later one is reported */
    if (x->key_line != y->key_line) return x->key_line < y->key_line ? -1 : 1;
    return (x->key_col > y->key_col) - (x->key_col < y->key_col);
}

/* Sorting finds duplicates in O(n log n): an object may have many members. */
static bool check_duplicates(Parser *p, JNode *obj)
{
    if (obj->n < 2) return true;
    JNode **v = malloc((size_t)obj->n * sizeof *v);
    if (!v) return fail(p, "out of memory");
    int k = 0;
    for (JNode *m = obj->first; m; m = m->next) v[k++] = m;
    qsort(v, (size_t)obj->n, sizeof *v, cmp_members);
    const JNode *dup = NULL;
    for (k = 1; k < obj->n; k++) {
        if (v[k]->key_len == v[k - 1]->key_len && memcmp(v[k]->key, v[k - 1]->key, v[k]->key_len) == 0) {
            const JNode *d = v[k];
            if (!dup || d->key_line < dup->key_line || (d->key_line == dup->key_line && d->key_col < dup->key_col))
                dup = d;
        }
    }
    bool ok = true;
    if (dup) {
        const JNode *first = NULL;
        for (k = 0; k < obj->n; k++)
            if (v[k] != dup && v[k]->key_len == dup->key_len && memcmp(v[k]->key, dup->key, dup->key_len) == 0) {
                first = v[k];
                break;
            }
        char msg[400];
        size_t shown = dup->key_len;
        if (shown > 64) {   /* show a long key's start, cut on a character boundary */
            shown = 64;
            while (shown > 0 && ((unsigned char)dup->key[shown] & 0xC0) == 0x80) shown--;
        }
        snprintf(msg, sizeof msg, "duplicate key \"%.*s\" (the first one is at %d:%d)",
                 (int)shown, dup->key, first ? first->key_line : 0, first ? first->key_col : 0);
        ok = fail_at(p, dup->key_line, dup->key_col, msg);
    }
    free(v);
    return ok;
}

static void append(JNode *parent, JNode **tail, JNode *child)
{
    if (*tail) (*tail)->next = child;
    else parent->first = child;
    *tail = child;
    parent->n++;
}

static bool parse_object(Parser *p, JNode *obj, int depth)
{
    adv(p); /* { */
    JNode *tail = NULL;
    skip_ws(p);
    if (peek(p) == '}') { adv(p); return true; }
    for (;;) {
        skip_ws(p);
        int c = peek(p);
        if (c != '"') {
            if (c == '}') return fail(p, "trailing comma before '}' (remove the last ',')");
            if (c < 0) return fail_at(p, obj->line, obj->col, "unexpected end of file: this object is not closed (a '}' is missing)");
            if (c == '\'') return fail(p, "keys need double quotes (\"), not single quotes");
            if (c == '/') return fail(p, "comments are not allowed in JSON");
            return fail(p, "expected a key in double quotes");
        }
        int kline = p->line, kcol = p->col;
        const char *key;
        size_t klen;
        if (!parse_string(p, &key, &klen)) return false;
        skip_ws(p);
        if (peek(p) != ':') return fail(p, "expected ':' after the key");
        adv(p);
        skip_ws(p);
        JNode *val = NULL;
        if (!parse_value(p, &val, depth)) return false;
        val->key = key;
        val->key_len = klen;
        val->key_line = kline;
        val->key_col = kcol;
        append(obj, &tail, val);
        skip_ws(p);
        c = peek(p);
        if (c == ',') { adv(p); continue; }
        if (c == '}') { adv(p); break; }
        if (c < 0) return fail_at(p, obj->line, obj->col, "unexpected end of file: this object is not closed (a '}' is missing)");
        if (c == '"') return fail(p, "expected ',' or '}' after an object member (is a ',' missing?)");
        return fail(p, "expected ',' or '}' after an object member");
    }
    return check_duplicates(p, obj);
}

static bool parse_array(Parser *p, JNode *arr, int depth)
{
    adv(p); /* [ */
    JNode *tail = NULL;
    skip_ws(p);
    if (peek(p) == ']') { adv(p); return true; }
    for (;;) {
        skip_ws(p);
        if (peek(p) == ']') return fail(p, "trailing comma before ']' (remove the last ',')");
        if (peek(p) < 0) return fail_at(p, arr->line, arr->col, "unexpected end of file: this array is not closed (a ']' is missing)");
        JNode *val = NULL;
        if (!parse_value(p, &val, depth)) return false;
        append(arr, &tail, val);
        skip_ws(p);
        int c = peek(p);
        if (c == ',') { adv(p); continue; }
        if (c == ']') { adv(p); return true; }
        if (c < 0) return fail_at(p, arr->line, arr->col, "unexpected end of file: this array is not closed (a ']' is missing)");
        return fail(p, "expected ',' or ']' after an array element");
    }
}

/* depth: containers already open around this value. */
static bool parse_value(Parser *p, JNode **out, int depth)
{
    skip_ws(p);
    int c = peek(p);
    JNode *n = new_node(p, JSON_NULL, p->line, p->col);
    if (!n) return false;
    *out = n;
    switch (c) {
    case -1: return fail(p, "unexpected end of file (a value is missing)");
    case '{': case '[':
        if (depth + 1 > JSONPOS_MAX_DEPTH)
            return fail(p, "nested deeper than 64 levels (the limit for a scenario)");
        if (c == '{') { n->type = JSON_OBJ; return parse_object(p, n, depth + 1); }
        n->type = JSON_ARR;
        return parse_array(p, n, depth + 1);
    case '"':
        n->type = JSON_STR;
        return parse_string(p, &n->str, &n->len);
    case '\'': return fail(p, "strings need double quotes (\"), not single quotes");
    case '/': return fail(p, "comments are not allowed in JSON");
    case ',': return fail(p, "expected a value before ','");
    case '}': case ']': return fail(p, "expected a value");
    default:
        if (c == '-' || is_digit(c)) { n->type = JSON_NUM; return parse_number(p, n); }
        if (is_word_char(c)) return parse_word(p, n);
        return fail(p, "expected a value (an object, array, string, number, true, false or null)");
    }
}

bool jsonpos_parse(const char *text, size_t len, JDoc *doc, Err *err)
{
    doc->arena = NULL;
    doc->root = NULL;
    if (len > JSONPOS_MAX_BYTES)
        return err_set(err, "the file is larger than 1 MiB (%zu bytes)", len);
    Parser p = {.s = text, .len = len, .line = 1, .col = 1, .err = err};
    if (!check_bytes(&p)) return false;
    /* a UTF-8 byte order mark is harmless: editors on Windows write one */
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) p.pos = 3;
    p.arena = arena_new();
    if (!p.arena) return err_set(err, "out of memory");
    skip_ws(&p);
    if (peek(&p) < 0) {
        arena_free(p.arena);
        return err_at(err, "", 1, 1, "the file is empty (a scenario is a JSON object: {...})");
    }
    JNode *root = NULL;
    bool ok = parse_value(&p, &root, 0);
    if (ok) {
        skip_ws(&p);
        if (peek(&p) >= 0) ok = fail(&p, "extra text after the end of the JSON value");
    }
    if (!ok) {
        arena_free(p.arena);
        return false;
    }
    doc->arena = p.arena;
    doc->root = root;
    return true;
}

void jsonpos_free(JDoc *doc)
{
    if (!doc) return;
    arena_free(doc->arena);
    doc->arena = NULL;
    doc->root = NULL;
}

const JNode *jsonpos_get(const JNode *obj, const char *key)
{
    if (!obj || obj->type != JSON_OBJ) return NULL;
    size_t n = strlen(key);
    for (const JNode *m = obj->first; m; m = m->next)
        if (m->key_len == n && memcmp(m->key, key, n) == 0) return m;
    return NULL;
}

const char *jsonpos_type_name(JType t)
{
    switch (t) {
    case JSON_NULL: return "null";
    case JSON_BOOL: return "a boolean";
    case JSON_NUM: return "a number";
    case JSON_STR: return "a string";
    case JSON_ARR: return "an array";
    case JSON_OBJ: return "an object";
    }
    return "?";
}

/* template — "{i}", "{iter}", "{x}" placeholders in scenario strings (see
 * template.h). The loader calls template_scan to validate, the runtime
 * template_expand to render. libc only: no JSON, no runtime state. */
#include "scenario/template.h"

#include <stdio.h>
#include <string.h>

#define TPL_NAME_MAX 64   /* = SC_ID_MAX; template.h must not include scenario.h */

static bool is_ident_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_ident_char(char c) { return is_ident_start(c) || (c >= '0' && c <= '9'); }

/* Reads "{name}" at s (s[0] == '{', s[1] != '{'). On success copies the name
 * and returns the length of the whole placeholder; 0 when malformed. */
static size_t read_placeholder(const char *s, char name[TPL_NAME_MAX])
{
    size_t n = 1;
    if (!is_ident_start(s[n])) return 0;
    while (is_ident_char(s[n])) n++;
    if (s[n] != '}') return 0;
    size_t len = n - 1;
    if (len >= TPL_NAME_MAX) return 0;
    memcpy(name, s + 1, len);
    name[len] = '\0';
    return n + 1;
}

bool template_scan(const char *s, void (*each)(void *ctx, const char *name), void *ctx,
                   Err *err)
{
    for (size_t k = 0; s[k];) {
        if (s[k] == '{') {
            if (s[k + 1] == '{') { k += 2; continue; }
            char name[TPL_NAME_MAX];
            size_t n = read_placeholder(s + k, name);
            if (n == 0) {
                /* say which of the usual mistakes it is, so the fix is obvious */
                const char *close = strchr(s + k, '}');
                if (!close)
                    return err_set(err, "template has a \"{\" without a closing \"}\" "
                                        "(write \"{{\" for a literal brace)");
                size_t len = (size_t)(close - (s + k)) - 1;
                if (len == 0)
                    return err_set(err, "template has an empty placeholder \"{}\" "
                                        "(write \"{{}}\" for literal braces)");
                if (len >= TPL_NAME_MAX)
                    return err_set(err, "template placeholder is longer than %d bytes",
                                   TPL_NAME_MAX - 1);
                return err_set(err, "template placeholder \"{%.*s}\" is not an identifier "
                                    "(letters, digits, _; not starting with a digit; "
                                    "write \"{{\" for a literal brace)",
                               (int)len, s + k + 1);
            }
            if (each) each(ctx, name);
            k += n;
        } else if (s[k] == '}') {
            if (s[k + 1] != '}')
                return err_set(err, "template has a lone \"}\" (write \"}}\" for a literal brace)");
            k += 2;
        } else {
            k++;
        }
    }
    return true;
}

bool template_has_placeholders(const char *s)
{
    return strchr(s, '{') != NULL || strchr(s, '}') != NULL;
}

/* Appends n bytes to out, never past cap-1, never splitting a UTF-8 sequence. */
static void put_bytes(char *out, size_t cap, size_t *len, bool *full, const char *p, size_t n)
{
    if (*full || cap == 0) return;
    size_t room = cap - 1 - *len;
    if (n > room) {
        n = room;
        while (n > 0 && ((unsigned char)p[n] & 0xC0) == 0x80) n--;
        *full = true;
    }
    memcpy(out + *len, p, n);
    *len += n;
    out[*len] = '\0';
}

size_t template_expand(const char *s, int index, int64_t iter, TemplateLookup lookup,
                       void *ctx, char *out, size_t cap)
{
    size_t len = 0;
    bool full = false;
    if (cap == 0) return 0;
    out[0] = '\0';
    for (size_t k = 0; s[k] && !full;) {
        if ((s[k] == '{' && s[k + 1] == '{') || (s[k] == '}' && s[k + 1] == '}')) {
            put_bytes(out, cap, &len, &full, s + k, 1);
            k += 2;
            continue;
        }
        char name[TPL_NAME_MAX];
        size_t n = s[k] == '{' ? read_placeholder(s + k, name) : 0;
        if (n == 0) {
            /* plain text (or malformed, which the loader rejects): copy one
             * whole UTF-8 character, so a cut never splits it */
            size_t c = 1;
            while (c < 4 && ((unsigned char)s[k + c] & 0xC0) == 0x80) c++;
            put_bytes(out, cap, &len, &full, s + k, c);
            k += c;
            continue;
        }
        char buf[VALUE_STR_MAX + 32];
        size_t bn;
        if (strcmp(name, "i") == 0) {
            int r = snprintf(buf, sizeof buf, "%d", index);
            bn = r > 0 ? (size_t)r : 0;
        } else if (strcmp(name, "iter") == 0) {
            int r = snprintf(buf, sizeof buf, "%lld", (long long)iter);
            bn = r > 0 ? (size_t)r : 0;
        } else {
            Value v = value_null();
            if (!lookup || !lookup(ctx, name, &v)) v = value_null();
            bn = value_to_text(&v, buf, sizeof buf);
            if (bn >= sizeof buf) bn = sizeof buf - 1;
        }
        put_bytes(out, cap, &len, &full, buf, bn);
        k += n;
    }
    return len;
}

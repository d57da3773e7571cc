/* template — string templates of SPEC §2: "{i}" (actor index, 1-based),
 * "{iter}" (innermost loop iteration, 1-based), "{x}" (local x); only
 * "{identifier}" is a placeholder; "{{" and "}}" are literal braces.
 *
 * The loader validates templates (template_scan); the runtime expands
 * them (template_expand). libc only. */
#ifndef SYNCSCOPE_SCENARIO_TEMPLATE_H
#define SYNCSCOPE_SCENARIO_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "core/value.h"

/* Calls each(ctx, name) for every placeholder, in order ("i" and "iter"
 * included). A malformed template ("{", "{1x}", a lone "}") fails with a
 * message in err (no location: the caller adds it). each may be NULL. */
bool template_scan(const char *s, void (*each)(void *ctx, const char *name), void *ctx,
                   Err *err);
/* True when s contains any placeholder or "{{"/"}}" (needs expanding). */
bool template_has_placeholders(const char *s);

/* Looks a local up; false if it was never assigned (expanded as "null"). */
typedef bool (*TemplateLookup)(void *ctx, const char *name, Value *out);

/* Expands s into out (always NUL-terminated, cut at cap-1 bytes on a UTF-8
 * boundary); index is {i}, iter is {iter} (0: outside any loop, expands as
 * "0"). Returns the length written. */
size_t template_expand(const char *s, int index, int64_t iter, TemplateLookup lookup,
                       void *ctx, char *out, size_t cap);

#endif

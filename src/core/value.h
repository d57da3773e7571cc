/* value — the values a scenario computes with: null, integer, string.
 *
 * Plain data, copied by assignment (strings are inline, at most
 * VALUE_STR_MAX bytes, as SPEC §2 limits every string to 256 bytes), so
 * model snapshots and queue items need no deep copies. libc only. */
#ifndef SYNCSCOPE_CORE_VALUE_H
#define SYNCSCOPE_CORE_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VALUE_STR_MAX 256
/* Integers stay within +-(2^53-1): cJSON stores doubles (SPEC §2). */
#define VALUE_INT_MAX INT64_C(9007199254740991)

typedef enum ValueKind { VAL_NULL = 0, VAL_INT, VAL_STR } ValueKind;

typedef struct Value {
    ValueKind kind;
    int64_t i;                   /* VAL_INT */
    char s[VALUE_STR_MAX + 1];   /* VAL_STR, NUL-terminated */
} Value;

Value value_null(void);
Value value_int(int64_t i);
/* Copies s, truncating at VALUE_STR_MAX bytes on a UTF-8 boundary. */
Value value_str(const char *s);
bool value_eq(const Value *a, const Value *b);
/* Orders ints numerically, strings bytewise, null < int < string. */
int value_cmp(const Value *a, const Value *b);
/* JSON text of v (null, 42, "esc\"aped") into buf; returns its length
 * (truncated to cap-1 like snprintf, never overflowing). */
size_t value_to_json(const Value *v, char *buf, size_t cap);
/* Human text: null -> "null", 42 -> "42", "x" -> x (no quotes). */
size_t value_to_text(const Value *v, char *buf, size_t cap);
/* Writes s as a JSON string literal (with quotes and escapes) into buf;
 * returns the length (truncated like snprintf). Shared by every encoder. */
size_t json_escape(const char *s, char *buf, size_t cap);

#endif

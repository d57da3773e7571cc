/* arena — many small allocations freed at once (scenario steps, exprs).
 * libc only. */
#ifndef SYNCSCOPE_BASE_ARENA_H
#define SYNCSCOPE_BASE_ARENA_H

#include <stddef.h>

typedef struct Arena Arena;

Arena *arena_new(void);
/* Zeroed, max-aligned memory; NULL on allocation failure. */
void *arena_alloc(Arena *a, size_t size);
void arena_free(Arena *a);

#endif

/* arena — see arena.h. A list of blocks; big requests get their own block. */
#include "base/arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK 65536

typedef struct Block {
    struct Block *next;
    size_t used, cap;
    alignas(max_align_t) unsigned char data[];
} Block;

struct Arena {
    Block *head;
};

Arena *arena_new(void) { return calloc(1, sizeof(Arena)); }

void *arena_alloc(Arena *a, size_t size)
{
    if (!a) return NULL;
    size_t al = alignof(max_align_t);
    size = (size + al - 1) / al * al;
    if (size == 0) size = al;
    Block *b = a->head;
    if (!b || b->cap - b->used < size) {
        size_t cap = size > ARENA_BLOCK ? size : ARENA_BLOCK;
        Block *nb = malloc(sizeof(Block) + cap);
        if (!nb) return NULL;
        nb->used = 0;
        nb->cap = cap;
        nb->next = a->head;
        a->head = nb;
        b = nb;
    }
    void *p = b->data + b->used;
    b->used += size;
    memset(p, 0, size);
    return p;
}

void arena_free(Arena *a)
{
    if (!a) return;
    for (Block *b = a->head; b;) {
        Block *n = b->next;
        free(b);
        b = n;
    }
    free(a);
}

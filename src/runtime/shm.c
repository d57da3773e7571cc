/* shm — the shared region of processes mode (see proc.h): one anonymous
 * shared mapping, reserved generously with MAP_NORESERVE (only touched
 * pages cost memory), and a bump allocator whose cursor lives in the
 * region itself, so every process allocates from the same place. The
 * cursor moves atomically: no lock is needed even if two processes were
 * to allocate at once. */
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#include "runtime/proc.h"

#define SHM_ALIGN 64 /* a cache line: semaphores and mutexes of two actors never share one */

struct ProcShm {
    size_t cap;              /* bytes mapped */
    _Atomic size_t used;     /* bytes handed out, this header included */
};

/* Each block starts with its size (for shm_realloc), padded to SHM_ALIGN. */
typedef struct Block {
    size_t size;
} Block;

static size_t round_up(size_t n)
{
    return (n + SHM_ALIGN - 1) / SHM_ALIGN * SHM_ALIGN;
}

ProcShm *shm_create(Err *err)
{
    /* 1 GiB reserved; smaller if the system refuses (strict overcommit) */
    static const size_t sizes[] = {(size_t)1 << 30, (size_t)256 << 20, (size_t)64 << 20};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        void *p = mmap(NULL, sizes[i], PROT_READ | PROT_WRITE,
                       MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (p == MAP_FAILED) continue;
        ProcShm *shm = p;
        shm->cap = sizes[i];
        atomic_init(&shm->used, round_up(sizeof *shm));
        return shm;
    }
    err_set(err, "cannot map the shared memory of processes mode");
    return NULL;
}

void *shm_alloc(ProcShm *shm, size_t bytes)
{
    size_t head = round_up(sizeof(Block));
    if (bytes > shm->cap) return NULL;
    size_t need = head + round_up(bytes ? bytes : 1);
    size_t at = atomic_fetch_add(&shm->used, need);
    if (at > shm->cap || need > shm->cap - at) return NULL; /* full: later calls fail too */
    char *base = (char *)shm + at;
    ((Block *)base)->size = bytes;
    return base + head; /* fresh pages of an anonymous mapping are zero */
}

void *shm_realloc(ProcShm *shm, void *p, size_t bytes)
{
    if (!p) return shm_alloc(shm, bytes);
    size_t old = ((Block *)((char *)p - round_up(sizeof(Block))))->size;
    if (bytes <= old) return p;
    void *q = shm_alloc(shm, bytes);
    if (q) memcpy(q, p, old);
    return q;
}

void shm_destroy(ProcShm *shm)
{
    if (shm) munmap(shm, shm->cap);
}

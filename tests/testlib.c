/* testlib — see testlib.h. */
#include "testlib.h"

#include <stdlib.h>

int test_failed_checks, test_passed, test_failed;
const char *test_current = "";

void test_run(const char *name, void (*fn)(void))
{
    int before = test_failed_checks;
    test_current = name;
    fn();
    if (test_failed_checks == before) { test_passed++; printf("ok   %s\n", name); }
    else { test_failed++; printf("FAIL %s\n", name); }
}

int test_report(void)
{
    printf("%d passed, %d failed\n", test_passed, test_failed);
    return test_failed ? 1 : 0;
}

char *test_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    if (!buf) { fclose(f); return NULL; }
    for (;;) {
        if (n + 4096 + 1 > cap) {
            char *nb = realloc(buf, cap *= 2);
            if (!nb) { free(buf); fclose(f); return NULL; }
            buf = nb;
        }
        size_t r = fread(buf + n, 1, 4096, f);
        n += r;
        if (r < 4096) break;
    }
    fclose(f);
    buf[n] = '\0';
    if (len) *len = n;
    return buf;
}

/* test_fuzz_regress — every reproducer the fuzzers found (and a few seeds
 * worth keeping) stays a regression test: each file of tests/fuzz/regress/
 * scenario/ goes through the scenario target's entry point, each of
 * tests/fuzz/regress/trace/ through the trace target's, in the normal build
 * (and, in CI, the ASan+UBSan one). A bug shows as a crash, a sanitizer
 * report or the entry point's abort() on a broken invariant. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/fuzz.h"
#include "testlib.h"

/* Runs fn on every regular file of dir; returns how many. */
static int replay_dir(const char *sub, int (*fn)(const uint8_t *, size_t))
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/tests/fuzz/regress/%s", TEST_SRC_DIR, sub);
    DIR *d = opendir(dir);
    CHECK(d != NULL);
    if (!d) return 0;
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.' || strcmp(de->d_name, "README") == 0) continue;
        char path[2048];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        size_t len = 0;
        char *buf = test_read_file(path, &len);
        CHECK(buf != NULL);
        if (!buf) continue;
        /* named first, so that a crash says which file did it */
        fprintf(stderr, "  %s/%s\n", sub, de->d_name);
        CHECK_EQ_INT(fn((const uint8_t *)buf, len), 0);
        free(buf);
        n++;
    }
    closedir(d);
    return n;
}

TEST(every_scenario_reproducer_loads_or_fails_cleanly)
{
    CHECK(replay_dir("scenario", fuzz_scenario_input) > 0);
}

TEST(every_trace_reproducer_replays_or_fails_cleanly)
{
    CHECK(replay_dir("trace", fuzz_trace_input) > 0);
}

int main(void)
{
    RUN(every_scenario_reproducer_loads_or_fails_cleanly);
    RUN(every_trace_reproducer_replays_or_fails_cleanly);
    return test_report();
}

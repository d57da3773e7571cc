/* testlib — tiny in-house test macros (in the spirit of Redis' testhelp.h).
 *
 *   TEST(lock_release_by_non_holder_is_rejected) { ... CHECK(x); CHECK_EQ_INT(a, b); }
 *   int main(void) { RUN(lock_release_by_non_holder_is_rejected); return test_report(); }
 *
 * A failed CHECK prints file:line and the expression, marks the test
 * failed, and goes on with the next check. The last line printed is
 * "N passed, N failed". */
#ifndef SYNCSCOPE_TESTLIB_H
#define SYNCSCOPE_TESTLIB_H

#include <stdio.h>
#include <string.h>

extern int test_failed_checks;
extern int test_passed, test_failed;
extern const char *test_current;

#define TEST(name) static void name(void)
#define RUN(name) test_run(#name, name)
#define CHECK(cond) do { if (!(cond)) { \
    fprintf(stderr, "%s:%d: %s: check failed: %s\n", __FILE__, __LINE__, test_current, #cond); \
    test_failed_checks++; } } while (0)
#define CHECK_EQ_INT(a, b) do { long long a_ = (long long)(a), b_ = (long long)(b); \
    if (a_ != b_) { fprintf(stderr, "%s:%d: %s: %s == %lld, want %s == %lld\n", __FILE__, __LINE__, \
    test_current, #a, a_, #b, b_); test_failed_checks++; } } while (0)
#define CHECK_EQ_STR(a, b) do { const char *a_ = (a), *b_ = (b); \
    if (!a_ || !b_ || strcmp(a_, b_) != 0) { fprintf(stderr, "%s:%d: %s: got  \"%s\"\n%*swant \"%s\"\n", \
    __FILE__, __LINE__, test_current, a_ ? a_ : "(null)", 0, "", b_ ? b_ : "(null)"); \
    test_failed_checks++; } } while (0)

void test_run(const char *name, void (*fn)(void));
int test_report(void);          /* prints "N passed, N failed"; returns exit code */
/* Reads a whole file (malloc'ed, NUL-terminated); NULL on error. */
char *test_read_file(const char *path, size_t *len);

#endif

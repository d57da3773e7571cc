/* err — the caller-owned error record every fallible function fills.
 *
 * Convention (house rule): a fallible function returns false/NULL and fills
 * the caller's Err; it never prints and never exits (only app/ does).
 * An Err with a location prints as "FILE:LINE:COL: error: MSG" (the form
 * editors and CI parse); without one as "error: MSG".
 * libc only. */
#ifndef SYNCSCOPE_BASE_ERR_H
#define SYNCSCOPE_BASE_ERR_H

#include <stdbool.h>
#include <stdio.h>

#define ERR_MSG_MAX 1024
#define ERR_FILE_MAX 512

typedef struct Err {
    char file[ERR_FILE_MAX]; /* "" when the error has no file */
    int line, col;           /* 1-based; 0 when unknown */
    char msg[ERR_MSG_MAX];   /* "PATH: message" for scenario errors */
} Err;

/* A list of errors, for `check`, which reports every error of a file. */
typedef struct ErrList {
    Err *v;
    int n, cap;
} ErrList;

/* Sets msg (printf-style) and clears the location. Always returns false,
 * so error paths stay one line: `return err_set(e, "bad %d", x);`.
 * e may be NULL (the error is then dropped). */
bool err_set(Err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Same, with a location. */
bool err_at(Err *e, const char *file, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Prefixes the existing message with "prefix: " (adds context going up). */
bool err_wrap(Err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints "FILE:LINE:COL: error: MSG\n" (or "error: MSG\n"). */
void err_print(const Err *e, FILE *f);
/* Formats the same line, without the newline, into buf. */
void err_format(const Err *e, char *buf, size_t cap);

void errlist_init(ErrList *l);
/* Appends a copy; on allocation failure the error is dropped (never aborts). */
void errlist_add(ErrList *l, const Err *e);
void errlist_free(ErrList *l);

#endif

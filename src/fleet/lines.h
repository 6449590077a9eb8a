/* lines: a stream read one line at a time, never more than a bound held — for standard input's reports. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct fleet;

struct linereader {
        FILE *f;
        size_t max;        /* the longest line returned whole */
        char *buf;         /* max + LINES_CHUNK + 1 bytes */
        size_t start, end; /* unread bytes */
        unsigned long lineno;
        bool eof;
};

/* A reader of F for lines of at most MAX bytes (the newline not counted). */
void linereader_init(struct linereader *r, FILE *f, size_t max);
void linereader_done(struct linereader *r);
/* The next line: 1 with it in *RET_LINE (NUL-terminated, in the reader's buffer, valid
 * until the next call) and its length, or 0 at the end of the stream. A line longer
 * than MAX is read through and dropped, never held: 1 with *RET_LINE NULL. -errno on a
 * read error. */
int linereader_next(struct linereader *r, char **ret_line, size_t *ret_len);

/* Every report in F, one a line as a log collector keeps a DaemonSet's output (a line's
 * report starts at {"schema":"nodeaudit/v1"; other lines are passed over), added to FL
 * under the names "PREFIX:LINE". A line over the fleet's report limit is set aside
 * unread. -errno on a read error. */
int fleet_read_lines(struct fleet *fl, FILE *f, const char *prefix);

/* lines: a fixed buffer over a stream; a line too long for it is skipped to its newline, chunk by chunk. */
#include "fleet/lines.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fleet/fleet.h"

#define LINES_CHUNK (64 * 1024)

void linereader_init(struct linereader *r, FILE *f, size_t max)
{
        *r = (struct linereader){.f = f, .max = max};
        r->buf = malloc(max + LINES_CHUNK + 1);
        if (!r->buf) {
                fputs("nodeaudit: out of memory\n", stderr);
                abort();
        }
}

void linereader_done(struct linereader *r)
{
        free(r->buf);
        r->buf = NULL;
}

/* Reads more after the unread bytes, moved to the front; 0 at the end of the stream. */
static int fill(struct linereader *r)
{
        if (r->eof)
                return 0;
        if (r->start > 0) {
                memmove(r->buf, r->buf + r->start, r->end - r->start);
                r->end -= r->start;
                r->start = 0;
        }
        size_t room = r->max + LINES_CHUNK - r->end;
        size_t n = fread(r->buf + r->end, 1, room < LINES_CHUNK ? room : LINES_CHUNK, r->f);
        if (n == 0) {
                if (ferror(r->f))
                        return -EIO;
                r->eof = true;
                return 0;
        }
        r->end += n;
        return 1;
}

/* The rest of a line too long to hold: read and dropped up to its newline. */
static int skip_line(struct linereader *r)
{
        for (;;) {
                char *nl = memchr(r->buf + r->start, '\n', r->end - r->start);
                if (nl) {
                        r->start = (size_t)(nl - r->buf) + 1;
                        return 0;
                }
                r->start = r->end = 0;
                int got = fill(r);
                if (got <= 0)
                        return got;
        }
}

int linereader_next(struct linereader *r, char **ret_line, size_t *ret_len)
{
        size_t scanned = 0; /* bytes of this line already searched for a newline */
        for (;;) {
                char *line = r->buf + r->start;
                char *nl = memchr(line + scanned, '\n', r->end - r->start - scanned);
                size_t len = nl ? (size_t)(nl - line) : r->end - r->start;
                if (len > r->max) {
                        r->lineno++;
                        int err = skip_line(r);
                        if (err < 0)
                                return err;
                        *ret_line = NULL;
                        *ret_len = 0;
                        return 1;
                }
                if (nl || (r->eof && len > 0)) {
                        r->lineno++;
                        line[len] = '\0'; /* the newline's byte, or the spare one at the end */
                        r->start += len + (nl ? 1 : 0);
                        *ret_line = line;
                        *ret_len = len;
                        return 1;
                }
                if (r->eof)
                        return 0;
                scanned = len;
                int got = fill(r);
                if (got < 0)
                        return got;
        }
}

int fleet_read_lines(struct fleet *fl, FILE *f, const char *prefix)
{
        static const char marker[] = "{\"schema\":\"nodeaudit/v1\"";
        struct linereader r;
        linereader_init(&r, f, FLEET_MAX_REPORT);
        char *line;
        size_t len;
        int got;
        while ((got = linereader_next(&r, &line, &len)) > 0) {
                char name[128];
                snprintf(name, sizeof(name), "%.64s:%lu", prefix, r.lineno);
                if (!line) {
                        fleet_set_aside(fl, name, 0, 0, "a line longer than %u bytes, not read",
                                        FLEET_MAX_REPORT);
                        continue;
                }
                const char *start = memmem(line, len, marker, sizeof(marker) - 1);
                if (start)
                        fleet_add(fl, start, len - (size_t)(start - line), name);
        }
        linereader_done(&r);
        return got;
}

/* diag: a caller-owned diagnostic, so parsers report file:line:column without printing. */
#pragma once

#include <stdarg.h>
#include <stdio.h>

struct diag {
        char file[512];
        unsigned line, column;
        char message[512];
};

static inline void diag_set(struct diag *d, const char *file, unsigned line, unsigned column,
                            const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static inline void diag_set(struct diag *d, const char *file, unsigned line, unsigned column,
                            const char *fmt, ...)
{
        if (!d)
                return;
        snprintf(d->file, sizeof(d->file), "%s", file ? file : "");
        d->line = line;
        d->column = column;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(d->message, sizeof(d->message), fmt, ap);
        va_end(ap);
}

/* "file:line:col: message" (line and column only when known). */
static inline void diag_format(const struct diag *d, char *buf, size_t size)
{
        if (d->line && d->column)
                snprintf(buf, size, "%s:%u:%u: %s", d->file, d->line, d->column, d->message);
        else if (d->line)
                snprintf(buf, size, "%s:%u: %s", d->file, d->line, d->message);
        else
                snprintf(buf, size, "%s: %s", d->file, d->message);
}

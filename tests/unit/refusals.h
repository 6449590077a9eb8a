/* refusals: the table-driven test of a definition parser's refusals — each
 * text must be refused as -EINVAL, naming FILE, the line, and words saying
 * what is wrong. Included by the cmocka tests (after cmocka.h). */
#pragma once

#include <errno.h>
#include <string.h>

#include "shared/diag.h"
#include "shared/arena.h"

struct refusal {
        const char *text;
        unsigned line;
        const char *words;
};

/* Parses TEXT as the file FILE; returns the parser's result. */
typedef int (*refusal_parse)(const char *text, const char *file, struct arena *a, struct diag *d);

static inline void expect_refusals(const struct refusal *cases, size_t n, const char *file,
                                   refusal_parse parse)
{
        for (size_t i = 0; i < n; i++) {
                struct arena *a = arena_new();
                struct diag d = {0};
                int err = parse(cases[i].text, file, a, &d);
                if (err != -EINVAL)
                        fail_msg("case %zu: %d, not refused", i, err);
                if (d.line != cases[i].line || !strstr(d.message, cases[i].words) ||
                    strcmp(d.file, file) != 0)
                        fail_msg("case %zu: %s:%u: \"%s\", wanted line %u and \"%s\"", i, d.file,
                                 d.line, d.message, cases[i].line, cases[i].words);
                arena_free(a);
        }
}

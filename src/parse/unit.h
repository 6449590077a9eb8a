/* unit: systemd unit files and drop-ins, read as systemd's config parser reads them. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "shared/arena.h"

struct unit_assignment {
        char *section; /* "Service" */
        char *key;     /* "IPAddressDeny" */
        char *value;   /* continuation lines joined with a space, trimmed */
        char *file;
        unsigned line;
};

struct unit_file {
        struct unit_assignment *assignments;
        size_t n, cap;
        char **problems; /* "file:line: what systemd ignores" */
        size_t n_problems, cap_problems;
};

/* Parses TEXT as the unit file FILE and appends its assignments to U (files
 * parsed in the order systemd applies them make one list). Lines systemd
 * would ignore with a warning (no "=", an assignment before any [Section],
 * an unterminated section header) are recorded in U->problems. */
void unit_parse(struct unit_file *u, const char *file, const char *text, size_t len,
                struct arena *a);

/* The effective value of a list directive (IPAddressDeny, ExecStartPre, ...):
 * every assignment appends its words, an empty assignment clears what came
 * before. *RET_LAST is the assignment that decided it (NULL when none).
 * Returns the words, space-separated ("" after a reset), or NULL when the
 * directive is never assigned. */
char *unit_list_value(const struct unit_file *u, const char *section, const char *key,
                      struct arena *a, const struct unit_assignment **ret_last);

/* baseline: a record of the node's critical files (path, type, mode, owner,
 * size, SHA-256), and what changed since one was saved. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model/critical-files.h"
#include "shared/diag.h"

struct arena;
struct idmap;

/* The baseline file: a header, then one line a file with its fields
 * space-separated and paths escaped (\ooo for bytes outside the printable
 * ASCII range, space and backslash). */
int baseline_write(FILE *f, const struct baseline *b);
int baseline_parse(const char *text, size_t len, const char *file, struct arena *a,
                   struct baseline **ret, struct diag *d);
int baseline_load(const char *path, struct arena *a, struct baseline **ret, struct diag *d);

enum change_kind {
        CHANGE_CREATED,
        CHANGE_REMOVED,
        CHANGE_RENAMED,
        CHANGE_MODIFIED,
        CHANGE_MODE,
        CHANGE_OWNER,
        _CHANGE_MAX,
};
const char *change_kind_to_string(enum change_kind k);

struct change {
        enum change_kind kind;
        const struct baseline_entry *was; /* NULL: created */
        const struct baseline_entry *now; /* NULL: removed */
        char *detail; /* "0600 -> 0644", "content (1234 -> 1240 bytes)" */
};

struct baseline_diff {
        struct change *items;
        size_t n;
        unsigned counts[_CHANGE_MAX];
};

/* What changed from WAS to NOW; IDS names owners (may be NULL). */
struct baseline_diff *baseline_compare(const struct baseline *was, const struct baseline *now,
                                       const struct idmap *ids, struct arena *a);
/* "file", "directory", "symlink", "special file" */
const char *baseline_type_word(char type);

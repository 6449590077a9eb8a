/* fields: a definition mapping read through a table of its fields — the keys a
 * mapping accepts and the keys that are read are one list, so they cannot drift. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct diag;
struct ynode;

enum field_kind {
        FIELD_STR,  /* const char *: a scalar (NULL when absent) */
        FIELD_BOOL, /* bool: true or false (left alone when absent) */
        FIELD_LIST, /* struct field_list: a scalar or a list of scalars */
        FIELD_NODE, /* const struct ynode *: read by the caller (NULL when absent) */
};

struct field_list {
        char **v;
        size_t n;
};

struct field {
        const char *key;
        enum field_kind kind;
        bool required;
        size_t offset; /* where in the caller's struct */
};

#define FIELD(key, kind, required, type, member) {(key), (kind), (required), offsetof(type, member)}

/* MAP (WHAT names it in messages: "a waiver") read as TABLE says into OUT: a
 * mapping, no key the table lacks, then each field in table order. The first
 * problem is the error, with file:line in D. */
int fields_read(const struct ynode *map, const struct field *table, size_t n, const char *what,
                const char *file, struct arena *a, void *out, struct diag *d);

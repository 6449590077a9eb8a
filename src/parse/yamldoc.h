/* yamldoc: a bounded YAML/JSON document tree over libyaml, with path lookup and line numbers. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "shared/diag.h"
#include "shared/arena.h"

#define YDOC_MAX_DEPTH 64
#define YDOC_MAX_NODES 200000
#define YDOC_MAX_ALIASES 100
/* "<<" merge keys, followed through: at most this many mappings brought into
 * one, nested at most this deep (a lookup follows no more). */
#define YDOC_MAX_MERGED 1000
#define YDOC_MAX_MERGE_DEPTH 8

enum ynode_type {
        YNODE_SCALAR,
        YNODE_MAP,
        YNODE_SEQ,
};

struct ynode {
        enum ynode_type type;
        char *value;  /* scalars: the text (may contain NUL: see len) */
        size_t len;
        bool plain;   /* unquoted and untagged: may be a bool, number or null */
        unsigned line, column;
        struct ynode **keys; /* maps: key scalars, in order */
        struct ynode **items; /* maps: values; sequences: items */
        size_t n;
        /* the reader's bookkeeping of merge keys (ydoc_parse bounds them) */
        unsigned merged;           /* mappings this one's merges bring in, itself included */
        unsigned char merge_depth; /* how deep its merges nest */
        unsigned char mark;        /* 1: being followed, 2: done; 4: walked */
};

/* Parses the first document of BUF. FILE names it in diagnostics. An empty
 * document gives an empty map. */
int ydoc_parse(const char *buf, size_t len, const char *file, struct arena *a,
               struct ynode **ret, struct diag *d);

/* Map lookup (the last duplicate wins; "<<" merge keys are followed). */
const struct ynode *ynode_get(const struct ynode *map, const char *key);
/* Dotted path ("authentication.anonymous.enabled"); NULL when absent. */
const struct ynode *ynode_path(const struct ynode *root, const char *path);
/* A plain scalar spelling null: "", "~", "null", "Null", "NULL". */
bool ynode_is_null(const struct ynode *n);
const char *ynode_type_name(const struct ynode *n);

/* Accessors for definition files: each failure fills D with file:line. */
int ydef_str(const struct ynode *map, const char *key, const char *file, bool required,
             const char **ret, struct diag *d);
int ydef_bool(const struct ynode *map, const char *key, const char *file, bool *ret,
              struct diag *d);
int ydef_int(const struct ynode *map, const char *key, const char *file, long min, long max,
             long *ret, struct diag *d);
/* A scalar or a sequence of scalars; arena-owned array. */
int ydef_strlist(const struct ynode *map, const char *key, const char *file, struct arena *a,
                 char ***ret, size_t *ret_n, struct diag *d);
int ydef_expect_map(const struct ynode *n, const char *file, const char *what, struct diag *d);
/* Fills D with FILE and N's line and column (0 without N) and a message;
 * returns -EINVAL, so that a check reads "return ydef_fail(...)". */
int ydef_fail(struct diag *d, const char *file, const struct ynode *n, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

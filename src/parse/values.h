/* values: one normal form for a setting, whether it came from a flag, a YAML scalar or a default. */
#pragma once

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>

#include "parse/yamldoc.h"
#include "shared/arena.h"

enum value_type {
        VT_STRING,
        VT_BOOL,
        VT_INT,
        VT_DURATION,
        VT_LIST,
        _VT_MAX,
        _VT_INVALID = -EINVAL,
};

enum value_type value_type_from_string(const char *s);
const char *value_type_to_string(enum value_type t);

/* A normalised value: booleans "true"/"false", integers in decimal,
 * durations in seconds, lists as items (and joined with ","). */
struct value {
        char *norm;
        char *raw; /* as written on the node */
        char **items;
        size_t n_items;
};

/* From a command-line string; on failure *ret_error says why. */
int value_from_string(enum value_type t, const char *s, struct arena *a, struct value *ret,
                      char **ret_error);
/* From a YAML node, as the components' strict decoder reads it. */
int value_from_ynode(enum value_type t, const struct ynode *n, struct arena *a,
                     struct value *ret, char **ret_error);
/* The zero value of the type, as Go would see it (false, 0, "", empty list). */
bool value_is_zero(enum value_type t, const struct value *v);

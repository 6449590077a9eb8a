/* operators: the operators a check file names, and what each one means — a
 * pure comparison of an observed value with the expectation (the engine
 * decides a result's status from it). */
#pragma once

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>

#include "shared/arena.h"

enum op {
        OP_EQ,
        OP_NE,
        OP_ONE_OF,
        OP_HAS,
        OP_NOT_HAS,
        OP_SUBSET_OF,
        OP_GE,
        OP_LE,
        OP_MODE_AT_MOST,
        OP_OWNER,
        OP_SET,
        OP_UNSET,
        OP_MATCHES, /* shell glob, any of the patterns */
        OP_BETWEEN, /* a number in [expected[0], expected[1]] */
        OP_FIELDS,  /* "a:b:c", each field against "<=N", ">=N" or "=N" */
        _OP_MAX,
        _OP_INVALID = -EINVAL,
};

enum op op_from_string(const char *s);
const char *op_to_string(enum op op);
/* Whether the operator needs an expected value. */
bool op_takes_expected(enum op op);

struct observed {
        bool has_value;   /* false: the setting is unset */
        const char *norm; /* normalised scalar */
        char *const *items; /* list items (lists) */
        size_t n_items;
        bool is_list;
};

enum op_verdict {
        OP_PASS,
        OP_FAIL,
        OP_CANNOT, /* the value cannot be compared (e.g. not a number) */
};

/* Compares; *ret_why explains a fail or a CANNOT (arena-owned, may be NULL). */
enum op_verdict op_eval(enum op op, const struct observed *v, char *const *expected,
                        size_t n_expected, struct arena *a, char **ret_why);
/* A reader's rendering of the expectation: "false", "not AlwaysAllow", "≤ 600". */
char *op_describe(enum op op, char *const *expected, size_t n_expected, struct arena *a);
/* Mode comparison: no permission bit outside MAX; *ret_extra gets the excess bits. */
bool op_mode_at_most(unsigned mode, unsigned max, unsigned *ret_extra);

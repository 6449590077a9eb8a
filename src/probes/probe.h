/* probe: the ways evidence is collected for a check — one file a probe, one
 * row a probe in table.c. A probe collects; the engine judges: a probe either
 * hands back values for the check's operator, or (a probe without operator,
 * or a skip or an error) a result it has decided. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "defs/catalog.h"

struct node;
struct profile_entry;
struct result;
struct setting_value;

enum evidence_kind {
        EVIDENCE_DECIDED,  /* the result is complete */
        EVIDENCE_VALUES,   /* values for the operator: all must pass (any, with the check's "any") */
        EVIDENCE_OBSERVED, /* one value for the operator; the result's actual is the probe's */
};

struct evidence {
        enum evidence_kind kind;
        size_t n;
        char *const *names;                 /* what each value is */
        const struct setting_value *values;
        const char *owner;                  /* whose built-in default an unset value is */
        const char *then;                   /* a reason to add after the verdict's */
};

struct probe_ops {
        const char *name; /* as check files spell it (defs/catalog.c's vocabulary: a unit
                             test holds the two tables to the same names) */
        /* Fills R (and RET, which comes as EVIDENCE_DECIDED) for entry E. */
        void (*collect)(struct node *node, const struct profile_entry *e, struct result *r,
                        struct evidence *ret);
};

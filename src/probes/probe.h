/* probe: the ways evidence is collected for a check — one file a probe, one
 * row a probe in table.c. A probe collects; the engine judges: a probe either
 * hands back values for the check's operator, or (a probe without operator,
 * or a skip or an error) a result it has decided. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "defs/catalog.h"
#include "probes/result.h"

struct component;
struct node;
struct profile_entry;
struct setting_value;

enum evidence_kind {
        EVIDENCE_DECIDED,  /* the result is complete */
        EVIDENCE_VALUES,   /* values for the operator: all must pass (any, with the check's "any") */
        EVIDENCE_OBSERVED, /* one value for the operator; the result's actual is the probe's */
};

struct evidence_instance;

struct evidence {
        enum evidence_kind kind;
        size_t n;
        char *const *names;                 /* what each value is */
        const struct setting_value *values;
        const char *owner;                  /* whose built-in default an unset value is */
        const char *then;                   /* a reason to add after the verdict's */
        /* A check's component runs more than once: one result and evidence an
         * instance, each judged as a single one would be; the verdict is the
         * worst of them (fail, then error, then pass, then skip). When set,
         * the fields above are unused. */
        size_t n_instances;
        struct evidence_instance *instances;
};

struct evidence_instance {
        const char *label;      /* "pid 1187", "pid 4242 (/tmp/kubelet, not a known kubelet executable)" */
        struct result result;   /* what the probe decided or set for this instance */
        struct evidence ev;     /* ... and its evidence */
};

struct probe_ops {
        const char *name; /* as check files spell it (defs/catalog.c's vocabulary: a unit
                             test holds the two tables to the same names) */
        /* Fills R (and RET, which comes as EVIDENCE_DECIDED) for entry E. */
        void (*collect)(struct node *node, const struct profile_entry *e, struct result *r,
                        struct evidence *ret);
};

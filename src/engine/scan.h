/* scan: evaluates a profile against one node, scores it, and decides the gate —
 * struct scan is all a reporter needs to include. */
#pragma once

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>

#include "model/node.h"
#include "probes/result.h"

struct node;
struct profile;

struct scan {
        struct node_info node;
        const struct profile *profile;
        struct result *results;
        size_t n_results;
        unsigned counts[_STATUS_MAX];
        double score;
        char started_at[32];
        double duration_ms;
};

/* ONLY/SKIP: slugs or benchmark numbers; unknown ones are the caller's error. */
int scan_run(struct node *node, const struct profile *p, char *const *only, size_t n_only,
             char *const *skip, size_t n_skip, struct scan **ret);

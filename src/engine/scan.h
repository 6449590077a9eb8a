/* scan: evaluates a profile against one node, scores it, and decides the gate. */
#pragma once

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>

#include "engine/result.h"

struct node;
struct profile;

/* ONLY/SKIP: slugs or benchmark numbers; unknown ones are the caller's error. */
int scan_run(struct node *node, const struct profile *p, char *const *only, size_t n_only,
             char *const *skip, size_t n_skip, struct scan **ret);
void scan_score(struct scan *s);

enum fail_on {
        FAIL_ON_FAIL,
        FAIL_ON_ERROR,
        FAIL_ON_NONE,
        _FAIL_ON_MAX,
        _FAIL_ON_INVALID = -EINVAL,
};
/* FAIL_ON, or _FAIL_ON_INVALID (-EINVAL). */
enum fail_on fail_on_from_string(const char *s);
/* Whether the gate trips: scored fails/errors per FAIL_ON, or a score below MIN_SCORE (< 0: none). */
bool scan_gate_tripped(const struct scan *s, enum fail_on f, double min_score);

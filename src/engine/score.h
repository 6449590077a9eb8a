/* score: a scan's score, its waivers, and whether the gate trips. */
#pragma once

#include <errno.h>
#include <stdbool.h>

struct scan;
struct waivers;

/* Counts S's statuses and scores its scored results (0 when none was evaluated). */
void scan_score(struct scan *s);
/* Applies W to S's results for node HOSTNAME on day TODAY (yyyymmdd): a
 * matching fail becomes waived until its waiver expires; then scores S again. */
void score_apply_waivers(const struct waivers *w, struct scan *s, const char *hostname, int today);

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

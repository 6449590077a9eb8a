/* result: one check's result — what a probe fills and the engine completes. */
#pragma once

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>

#include "model/evidence.h"
#include "model/node.h"

struct profile;
struct profile_entry;
struct waiver;

enum status {
        STATUS_PASS,
        STATUS_FAIL,
        STATUS_MANUAL,
        STATUS_SKIP,
        STATUS_ERROR,
        STATUS_WAIVED,
        _STATUS_MAX,
        _STATUS_INVALID = -EINVAL,
};
const char *status_to_string(enum status s);

struct result {
        const struct profile_entry *entry;
        enum status status;
        char *expected;
        char *actual;
        enum source_kind source;
        char *source_detail;
        char *reason;
        const struct waiver *waiver; /* the waiver that matched this fail, if any */
        bool waiver_expired;         /* ... and it had expired: the fail stands */
};

/* result: the names of the statuses, as reports spell them. */
#include "probes/result.h"

static const char *const status_names[_STATUS_MAX] = {
        [STATUS_PASS] = "pass",     [STATUS_FAIL] = "fail",   [STATUS_MANUAL] = "manual",
        [STATUS_SKIP] = "skip",     [STATUS_ERROR] = "error", [STATUS_WAIVED] = "waived",
};

const char *status_to_string(enum status s)
{
        return s >= 0 && s < _STATUS_MAX ? status_names[s] : "?";
}

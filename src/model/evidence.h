/* evidence: what the model hands up — where a value came from, and one setting's effective value. */
#pragma once

#include <stdbool.h>

#include "parse/values.h"

enum source_kind {
        SOURCE_NONE,
        SOURCE_FLAG,
        SOURCE_CONFIG,
        SOURCE_DROPIN,
        SOURCE_DEFAULT,
        SOURCE_FILE,
        SOURCE_PROC,
        SOURCE_ENV,
        SOURCE_MANIFEST,
        SOURCE_SSHD,
        SOURCE_MODPROBE,
        SOURCE_SYSCTL,
        _SOURCE_MAX,
};
const char *source_kind_to_string(enum source_kind k);

struct setting_value {
        bool ok;        /* false: could not be determined; see error */
        bool has_value; /* false: unset and no default */
        bool is_default;
        struct value value;
        enum source_kind source;
        char *detail; /* where: "--anonymous-auth=true", "/var/lib/kubelet/config.yaml:5 (key)" */
        char *note;   /* something a reader should know about how it was derived */
        char *error;
};

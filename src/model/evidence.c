/* evidence: the names of the sources a value can come from, as reports spell them. */
#include "model/evidence.h"

static const char *const source_names[_SOURCE_MAX] = {
        [SOURCE_NONE] = "none",       [SOURCE_FLAG] = "flag",       [SOURCE_CONFIG] = "config",
        [SOURCE_DROPIN] = "dropin",   [SOURCE_DEFAULT] = "default", [SOURCE_FILE] = "file",
        [SOURCE_PROC] = "proc",       [SOURCE_ENV] = "env",         [SOURCE_MANIFEST] = "manifest",
        [SOURCE_SSHD] = "sshd",       [SOURCE_MODPROBE] = "modprobe", [SOURCE_SYSCTL] = "sysctl",
};

const char *source_kind_to_string(enum source_kind k)
{
        return k >= 0 && k < _SOURCE_MAX ? source_names[k] : "none";
}

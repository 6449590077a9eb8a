/* privileges: the capabilities a read-only scan keeps, and the record of what it ran with. */
#pragma once

#include <stdbool.h>

#include "shared/arena.h"

struct privileges {
        unsigned uid;
        char *capabilities; /* effective set after the drop, libcap text ("=" when none) */
        bool no_new_privs;
        char *error; /* why the drop failed, NULL when it did not */
};

/* Keeps CAP_DAC_READ_SEARCH and CAP_SYS_PTRACE (when held), drops every
 * other capability from the effective, permitted, inheritable, ambient and
 * bounding sets, and sets no_new_privs. Unprivileged, it only sets
 * no_new_privs. Returns -errno when the drop could not be done. */
int privileges_drop(struct arena *a, struct privileges *ret);

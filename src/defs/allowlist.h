/* allowlist: the processes a node is expected to run. Each entry names an
 * executable path or an argv[0] (shell globs), optionally for some node roles;
 * every other process is reported with its pid, user and command line. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "shared/diag.h"
#include "shared/arena.h"

struct allow_entry {
        char *exe;   /* glob on the executable's path as the process sees it, or NULL */
        char *argv0; /* glob on argv[0] (without a slash: or on its basename), or NULL */
        char **roles; /* NULL: every role */
        size_t n_roles;
        unsigned line;
};

struct allowlist {
        char *file;
        bool containers; /* "scope: all": container processes count too (default: the host's) */
        struct allow_entry *items;
        size_t n;
};

#define ALLOWLIST_MAX_FILE (1024 * 1024)

/* A map with "allow" (a list of {exe | argv0, roles}) and optional
 * "scope: host | all". Errors name file:line in D. */
int allowlist_parse(const char *text, size_t len, const char *file, struct arena *a,
                    struct allowlist **ret, struct diag *d);
int allowlist_load(const char *path, struct arena *a, struct allowlist **ret, struct diag *d);
/* The entry that allows a process (EXE may be NULL when unreadable) on a node
 * of ROLE (NULL: unknown, so only entries for every role count), or NULL. */
const struct allow_entry *allowlist_match(const struct allowlist *l, const char *exe,
                                          const char *argv0, const char *role);

/* allowlist: the processes a node is expected to run. Each entry names an
 * executable path or an argv[0] (shell globs), optionally for some node roles;
 * every other process is reported with its pid, user and command line. A
 * process is always judged on its executable: argv[0] is the process's own
 * word, so an argv0 entry alone allows only a process whose executable is the
 * file its argv[0] names (the path itself, or NAME in a standard PATH
 * directory); "exe" beside it says where else, "any-exe: true" anywhere. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "shared/diag.h"
#include "shared/arena.h"

struct allow_entry {
        char *exe;   /* glob on the executable's path as the process sees it, or NULL */
        char *argv0; /* glob on argv[0] (without a slash: or on its basename), or NULL */
        bool any_exe; /* with argv0: whatever the executable (said explicitly) */
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

/* A map with "allow" (a list of {exe, argv0, any-exe, roles}: exe, argv0 or
 * both) and optional "scope: host | all". Errors name file:line in D. */
int allowlist_parse(const char *text, size_t len, const char *file, struct arena *a,
                    struct allowlist **ret, struct diag *d);
int allowlist_load(const char *path, struct arena *a, struct allowlist **ret, struct diag *d);
/* The entry that allows a process running EXE with ARGV0 on a node of ROLE
 * (NULL: unknown, so only entries for every role count), or NULL. An
 * unreadable executable (EXE NULL) or an empty argv[0] is allowed by none. */
const struct allow_entry *allowlist_match(const struct allowlist *l, const char *exe,
                                          const char *argv0, const char *role);

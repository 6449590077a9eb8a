/* select: the profile a scan runs, a named one or the one --profile auto picks for the node. */
#pragma once

#include <stddef.h>

struct arena;
struct catalog;
struct diag;
struct profile;
struct node;

/* The profiles of one directory, each file parsed once however often it is asked for. */
struct select_cache;

struct select_cache *select_cache_new(const char *dir, struct catalog *cat, struct arena *a);
/* NAME: a profile in the cache's directory, or a path to a profile file. */
int select_cache_load(struct select_cache *c, const char *name, struct profile **ret,
                      struct diag *d);

/* What the choice wants the user told, in order: sentences without the program's name. */
struct select_notes {
        char **v;
        size_t n, cap;
};

/* The profile to scan ENV's node with. NAME "auto" picks the benchmark of the
 * node's role (control-plane, else worker) for its Kubernetes version, merged
 * with the host baseline, or the host baseline alone when no Kubernetes
 * component runs; the node-state profile is merged with either. Any other
 * NAME is that profile. ROOT names the node in the notes.
 * Returns 0 and *RET; -ENOENT when auto finds nothing to check (the notes say
 * so); -EINVAL with *RET_ERROR when a profile is broken or merged ones clash.
 * NOTES is appended to in every case. */
int select_profile(struct select_cache *c, struct node *node, const char *name, const char *root,
                   struct select_notes *notes, struct profile **ret, char **ret_error);

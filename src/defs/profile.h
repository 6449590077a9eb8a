/* profile: which checks a benchmark selects, with their numbers, sections, levels and overrides. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "defs/catalog.h"

struct distro_change;

struct profile_entry {
        const struct check *check;
        char *number;        /* benchmark number, e.g. 4.2.1 */
        char *section;       /* "4.2 Kubelet" */
        int level;
        bool scored;
        double weight;
        enum op op;          /* the check's, or the profile's override */
        char **expected;
        size_t n_expected;
        char *skip;   /* set: the check does not apply on this node's distribution, why */
        const struct distro_change *skip_if; /* ... or not when this condition holds */
        char **paths; /* set: the check's paths or trees where the distribution keeps them */
        size_t n_paths;
};

struct profile_section {
        const char *id;
        const char *title;
};

struct profile {
        char *name;
        char *title;
        char *benchmark;
        char *role; /* worker, control-plane, host */
        struct profile_entry **entries;
        size_t n_entries;
        char *file;
        char *extends; /* the parents' names, as the file gives them, or NULL */
        char *k8s_range; /* "1.29-1.31": Kubernetes versions the benchmark covers, or NULL */
        int k8s_min, k8s_max; /* minor versions; k8s_max INT32_MAX: open-ended */
        struct profile_section *sections;
        size_t n_sections;
};

/* NAME is a profile name looked up in DIR, or a path to a profile file.
 * A profile may extend others ("extends: NAME" or a list, looked up beside the
 * file, then in DIR): it inherits the parents' entries and sections (for a
 * check in several parents, the last parent's entry), removes some
 * ("remove: [ID, ...]"), changes an inherited entry by naming its id with the
 * fields to change, and adds new ones. */
int profile_load(const char *dir, const char *name, struct catalog *cat, struct arena *a,
                 struct profile **ret, struct diag *d);
int profile_parse(const struct ynode *root, const char *file, struct catalog *cat,
                  struct arena *a, struct profile **ret, struct diag *d);
/* Names of the profiles in DIR, sorted. */
int profile_list(const char *dir, struct arena *a, char ***ret, size_t *ret_n);
/* P with only the entries of level MAX or below (a CIS Level 1 scan leaves
 * the Level 2 recommendations out; Level 2 includes Level 1). */
struct profile *profile_at_level(const struct profile *p, int max, struct arena *a);
/* A profile that evaluates A's entries, then B's (numbers must not clash). */
int profile_merge(const struct profile *pa, const struct profile *pb, struct arena *a,
                  struct profile **ret, char **ret_error);
/* An entry by check slug or benchmark number. */
const struct profile_entry *profile_find(const struct profile *p, const char *id);

/* distro: Kubernetes distributions — how to recognise one on a node, and
 * what changes for the checks there (not applicable, or other paths). */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "defs/catalog.h"
#include "defs/profile.h"

struct condition;


struct distro_change {
        const struct check *check;
        char *skip;   /* the check does not apply: why */
        struct condition *when; /* a skip only where this holds (NULL: always) */
        char *title;  /* the distribution's */
        char **paths; /* the check's paths or trees on this distribution */
        size_t n_paths;
};

/* A component that runs inside another process, and how that process builds
 * its command line. */
struct distro_embed {
        const struct component_spec *component;
        char *process;        /* the host process (k3s, kubelite) */
        char *when_arg;       /* only when the host's first argument is this (server) */
        char *unless_arg;     /* not when the host has this argument */
        char **args;          /* the distribution's own arguments for the component */
        size_t n_args;
        char *arg_flag;       /* the host's --FLAG=ARG adds --ARG (kubelet-arg) */
        char *config;         /* a YAML file of the host's flags; FILE.d/\*.yaml are merged */
        char *config_flag;    /* the host's flag naming another such file */
        char *args_file;      /* a file of arguments, one a line */
        char *args_file_flag; /* the host's flag naming another such file */
        char **vars;          /* NAME=value: ${NAME} in an args file */
        size_t n_vars;
};

/* Where a distribution installs a component's executable, as its process sees it. */
struct distro_exe {
        const struct component_spec *component;
        char **paths; /* globs */
        size_t n_paths;
};

struct distro {
        char *name;  /* "k3s" */
        char *title; /* "K3s" */
        char *file;
        int order;   /* recognised by files: lower orders are tried first */
        char **processes; /* a process of one of these names ... */
        size_t n_processes;
        char **binaries;  /* ... that runs one of these executables (globs, as it sees them) ... */
        size_t n_binaries;
        char **paths; /* ... where one of these paths exists in the node root; else the paths alone */
        size_t n_paths;
        struct distro_change *changes;
        size_t n_changes;
        struct distro_embed *embeds;
        size_t n_embeds;
        struct distro_exe *executables;
        size_t n_executables;
};

/* Every DIR/\*.yaml (a missing DIR: none). Bad files fail with D set. */
int distro_load_all(const char *dir, struct catalog *cat, struct arena *a, struct distro ***ret,
                    size_t *ret_n, struct diag *d);
int distro_parse(const struct ynode *root, const char *file, struct catalog *cat,
                 struct arena *a, struct distro **ret, struct diag *d);
const struct distro *distro_find(struct distro *const *all, size_t n, const char *name);
/* Where D (NULL: none) installs SPEC's executable: globs in *RET, how many returned. */
size_t distro_executables(const struct distro *d, const struct component_spec *spec, char *const **ret);
/* P as it applies on D: entries D changes are copied and changed. */
struct profile *distro_apply(const struct profile *p, const struct distro *d, struct arena *a);

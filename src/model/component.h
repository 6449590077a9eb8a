/* component: a Kubernetes component's effective configuration — defaults, config file, drop-ins, flags. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "io/rootfs.h"
#include "defs/component-spec.h"
#include "model/evidence.h"
#include "shared/diag.h"
#include "parse/flags.h"
#include "parse/values.h"
#include "parse/yamldoc.h"
#include "proc/proc.h"


enum component_state {
        COMPONENT_ABSENT,
        COMPONENT_RUNNING,
        COMPONENT_BROKEN, /* running, but its command line could not be read */
};

/* The most of --config-dir's drop-ins read, in number and in bytes all told:
 * parsing is what costs (a 68 KiB flow list is 34,000 nodes), and more than
 * this is no configuration anyone writes by hand. Beyond either, the settings
 * the drop-ins could give are an error that names the limit. */
#define COMPONENT_MAX_DROPINS 64
#define COMPONENT_MAX_DROPIN_BYTES (1024u * 1024)

struct config_doc {
        char *path; /* as the component sees it */
        size_t size; /* on disk, when it could be told */
        struct ynode *root;
        char *error; /* why it could not be used ("path:line:col: ...") */
};

struct component {
        const struct component_spec *spec;
        enum component_state state;
        char *reason; /* absent or broken: why */
        int pid;
        char **argv;
        size_t argc;
        struct flagset *flags;
        struct rootfs *root; /* the root its paths live in */
        bool own_root;
        char *cwd;
        char *cwd_error;
        char *manifest_path; /* the argv came from this static pod manifest */
        char **arg_origins;  /* embedded components: where each argument came from */
        char **environ;      /* KEY=VALUE, when the spec reads environment variables */
        size_t n_environ;
        char *environ_error;
        struct config_doc *config; /* NULL without --config */
        struct config_doc **dropins;
        size_t n_dropins;
        char *dropin_error;
};


/* MANIFEST_DIR: where static pod manifests live (the kubelet's staticPodPath). */
int component_load(const struct component_spec *spec, const struct proc_table *procs,
                   struct rootfs *node_root, const char *manifest_dir, struct arena *a,
                   struct component **ret);
/* A component that runs inside another process (k3s's kubelet, microk8s's
 * kubelite), with the command line its host builds for it: ARGV[0] its name,
 * ORIGINS[i] where ARGV[i] came from. Paths resolve in process PID's root. */
int component_load_embedded(const struct component_spec *spec, const struct proc_table *procs,
                            int pid, char **argv, char **origins, size_t argc,
                            struct rootfs *node_root, struct arena *a, struct component **ret);
void component_release(struct component *c);

/* The effective value of one setting. Never fails: problems are in ret->error. */
void component_setting(const struct component *c, const struct setting_spec *s,
                       struct arena *a, struct setting_value *ret);
/* A path as the component would open it: relative paths against its cwd. */
int component_resolve_path(const struct component *c, const char *path, struct arena *a,
                           char **ret, char **ret_error);

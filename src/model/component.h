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

/* The most running instances of one component read; more are an instance
 * of their own, broken, that says how many were left out. */
#define COMPONENT_MAX_INSTANCES 16

struct component {
        const struct component_spec *spec;
        enum component_state state;
        char *reason; /* absent or broken: why */
        int pid;
        /* Which instance this is, when a component runs more than once: its
         * pid, and its executable unless the distribution installs it there
         * ("pid 4242 (/tmp/kubelet, not a known kubelet executable)"). */
        char *label;
        char *exe;      /* the executable (of the host, when embedded), or NULL */
        bool exe_known; /* one of the distribution's paths for it */
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
/* Every process of SPEC, each loaded as component_load loads one: those
 * whose executable matches one of KNOWN (globs, the distribution's paths for
 * it) first, then the rest, each group by pid. Without any: one component,
 * absent or read from its manifest (none when MANIFEST_DIR is NULL). At
 * least one in *RET. */
int component_load_all(const struct component_spec *spec, const struct proc_table *procs,
                       struct rootfs *node_root, const char *manifest_dir, char *const *known,
                       size_t n_known, struct arena *a, struct component ***ret, size_t *ret_n);
/* Orders instances as component_load_all does: recognised ones first, then by pid. */
void component_sort_instances(struct component **items, size_t n);
/* "pid 1187", or the label given when there are several. */
const char *component_instance_name(const struct component *c, struct arena *a);
/* A component that runs inside another process (k3s's kubelet, microk8s's
 * kubelite), with the command line its host builds for it: ARGV[0] its name,
 * ORIGINS[i] where ARGV[i] came from. Paths resolve in process PID's root. */
int component_load_embedded(const struct component_spec *spec, const struct proc_table *procs,
                            int pid, char **argv, char **origins, size_t argc,
                            struct rootfs *node_root, struct arena *a, struct component **ret);
void component_release(struct component *c);

/* Every process of T named NAME — argv[0]'s basename, or hyperkube's
 * subcommand, as proc_table_find matches one — pids ascending, at most MAX
 * of them in *RET; *RET_TOTAL says how many there are (more than MAX: the
 * rest were not looked at). A NULL table has none. The one way the model
 * finds a component's (or a distribution's) processes. */
void component_pids_named(const struct proc_table *t, const char *name, size_t max,
                          struct arena *a, int **ret, size_t *ret_n, size_t *ret_total);
/* PID's executable as the process sees it, " (deleted)" dropped and said in
 * *RET_REPLACED (-ENXIO without a table). */
int component_read_exe(const struct proc_table *t, int pid, struct arena *a, char **ret,
                       bool *ret_replaced);

/* The effective value of one setting. Never fails: problems are in ret->error. */
void component_setting(const struct component *c, const struct setting_spec *s,
                       struct arena *a, struct setting_value *ret);
/* A path as the component would open it: relative paths against its cwd. */
int component_resolve_path(const struct component *c, const char *path, struct arena *a,
                           char **ret, char **ret_error);

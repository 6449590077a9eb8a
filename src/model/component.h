/* component: a Kubernetes component's effective configuration — defaults, config file, drop-ins, flags. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "io/rootfs.h"
#include "model/evidence.h"
#include "parse/diag.h"
#include "parse/flags.h"
#include "parse/values.h"
#include "parse/yamldoc.h"
#include "proc/proc.h"


/* One setting the component knows, from its component file. */
struct setting_spec {
        char *name;     /* config path, e.g. authentication.anonymous.enabled */
        char *flag;     /* command-line flag, or NULL */
        char *flag_key; /* for a map flag (--feature-gates): the key inside it */
        char *key;      /* its path in the config file (default: name) */
        char *env;      /* environment variable that sets it (etcd: ETCD_*) */
        char *remove_flag; /* a list flag whose items are taken out (--disable-admission-plugins) */
        bool flag_extends_default; /* the flag adds to the default list instead of replacing it */
        char *default_detail; /* how to describe the default, when not a built-in one */
        bool in_config; /* the config file can set it */
        bool flag_with_config; /* the flag still counts when --config is given */
        bool zero_is_unset;    /* plain field: a zero value in the file gets the default */
        bool is_path;          /* a file path, relative to the component's cwd */
        enum value_type type;
        char *def;        /* built-in default when a config file is used */
        char *legacy_def; /* built-in default with flags only (NULL: same as def) */
        char *file;       /* where it is defined */
        unsigned line;
};

/* A certificate a component is configured with: a setting naming the file
 * (and its key), or a kubeconfig whose user authenticates with one. */
struct cert_ref {
        const struct setting_spec *cert;
        const struct setting_spec *key;        /* NULL: no private key to match */
        const struct setting_spec *kubeconfig; /* instead of cert: a kubeconfig's client certificate */
        char *use;                             /* "serving certificate" */
        char **otherwise_cert; /* the setting unset: the first of these that exists, */
        char **otherwise_key;  /* ... with its key (NULL: in the same file) */
        size_t n_otherwise;
};

struct component_spec {
        char *name;  /* kubelet */
        char **processes; /* argv[0] basenames */
        size_t n_processes;
        char *config_flag;     /* names the config file */
        char *config_kind;     /* expected "kind:" of that file */
        char *config_dir_flag; /* names a drop-in directory */
        char *dropin_glob;
        bool flags_override_config; /* kubelet: yes; kube-proxy, etcd: flags (and env) are ignored */
        char *manifest; /* static pod manifest file name, read when the component does not run */
        struct flag_spec flags;
        struct setting_spec **settings;
        size_t n_settings;
        struct cert_ref *certs;
        size_t n_certs;
        char *file;
};

int component_spec_parse(const struct ynode *root, const char *file, struct arena *a,
                         struct component_spec **ret, struct diag *d);
const struct setting_spec *component_spec_setting(const struct component_spec *spec,
                                                  const char *name);

enum component_state {
        COMPONENT_ABSENT,
        COMPONENT_RUNNING,
        COMPONENT_BROKEN, /* running, but its command line could not be read */
};

struct config_doc {
        char *path; /* as the component sees it */
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

/* component-spec: what a component file says of a Kubernetes component. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "parse/flags.h"
#include "parse/values.h"

struct arena;
struct diag;
struct ynode;

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


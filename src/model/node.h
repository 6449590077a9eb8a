/* node: the node as it runs — its root, /proc, users, distribution and
 * components — opened once; each fact is read the first time it is asked for.
 * Above model/, nothing reads the node except through this. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct allowlist;
struct arena;
struct catalog;
struct cert_list;
struct component;
struct component_spec;
struct distro;
struct distro_cache;
struct idmap;
struct modules;
struct proc_table;
struct rootfs;
struct rootfs_dirent;
struct sshd_model;

/* A Kubernetes component or container runtime as it runs, for the record. */
struct node_process {
        const char *name;
        int pid;
        char *label;        /* AppArmor confinement, or NULL when unknown */
        char *capabilities; /* effective set, libcap names */
};

/* What a report says of the node. */
struct node_info {
        char *hostname;
        char *root;
        char *role;
        char *kernel;
        char *distribution;        /* "k3s", or NULL when none is recognised */
        char *distribution_source; /* what showed it */
        char *k8s_version;        /* "1.32.4", or NULL when nothing on the node says */
        char *k8s_version_source; /* where it was read */
        struct node_process *processes;
        size_t n_processes;
        /* what the scan ran with (set by the caller) */
        unsigned uid;
        char *capabilities;
        bool no_new_privs;
};

/* A directory's entries with their lstat, read once a scan. */
struct dir_listing {
        const struct rootfs *root;
        char *dir;
        struct rootfs_dirent *ents;
        size_t n;
        int err;
};

struct node {
        struct rootfs *root;
        struct rootfs *procfs; /* NULL: offline root without processes */
        char *proc_dir;        /* where it is, */
        bool proc_given;       /* ... and whether --proc named it */
        struct proc_table *procs;
        struct idmap *ids;
        char *ids_error;
        const struct catalog *cat;
        struct component **components; /* parallel to cat->components, loaded on demand */
        struct sshd_model *sshd;       /* loaded on demand */
        int sshd_err;
        bool sshd_loaded;
        const char *k8s_version;       /* --k8s-version: overrides detection */
        bool version_done;             /* detection ran (node_k8s_version) */
        char *version, *version_source; /* what it found */
        char *version_note;            /* why a binary did not tell */
        const struct distro *distro;   /* detected or given (node_set_distribution), */
        const char *distribution_source; /* ... and what showed it */
        struct distro_cache *distro_cache; /* its host processes and configs, read once */
        struct dir_listing *listings;  /* directories walked, for the next check that walks them */
        size_t n_listings, cap_listings;
        const struct allowlist *allowlist; /* --allowlist, or the distribution's default */
        struct cert_list *certs;       /* the components' certificates, read once a scan */
        struct modules *modules;       /* loaded on demand */
        char *modules_error;           /* why they could not be */
        struct arena *a;
};

/* Opens the directories ROOT and PROC (NULL: ROOT/proc, optional) and
 * nothing in them: a caller drops its privileges between this and node_load,
 * so that no byte of the node is read before. Returns -errno with
 * *ret_error set when the root or an explicitly given proc cannot be opened. */
int node_open(const char *root, const char *proc, const struct catalog *cat,
              struct arena *a, struct node **ret, char **ret_error);
/* Reads the process table and the node's users: the first read of the node. */
int node_load(struct node *node, char **ret_error);
void node_close(struct node *node);
/* The node's distribution (NULL: none) and what showed it. */
void node_set_distribution(struct node *node, const struct distro *d, const char *source);
/* SPEC as it runs here: in its own process, inside the distribution's, or
 * from its static pod manifest. Loaded once. */
struct component *node_component(struct node *node, const struct component_spec *spec);
/* Where COMPONENT's static pod manifest lives (the kubelet's staticPodPath,
 * else /etc/kubernetes/manifests), or NULL when it has none. */
const char *node_manifest_dir(struct node *node, const struct component_spec *spec);
/* "control-plane" when an API server runs, "worker" when a kubelet runs, else NULL. */
const char *node_role(struct node *node);
/* sshd's effective configuration: 0, -ENOENT without sshd_config, else -errno. Read once. */
int node_sshd(struct node *node, struct sshd_model **ret);
/* The kernel's modules and modprobe.d, as libkmod reads them. Opened once;
 * on failure *RET_ERROR says why (the same reason each time). */
int node_modules(struct node *node, struct modules **ret, char **ret_error);
/* DIR's entries with their lstat in ROOT (NULL: the node's), listed once a scan. */
const struct dir_listing *node_listing(struct node *node, struct rootfs *root, const char *dir);
/* Hostname, kernel, role, distribution, version and the watched processes. */
void node_describe(struct node *node, struct node_info *ret);
/* Whether the node has a /proc to read (false: an offline root). */
bool node_has_proc(const struct node *node);
/* What the caller knows better than the node's files: --k8s-version (NULL:
 * detect it) and the allowlist the process probe judges with. */
void node_set_k8s_version(struct node *node, const char *version);
void node_set_allowlist(struct node *node, const struct allowlist *l);

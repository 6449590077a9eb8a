/* scan: evaluates a profile against one node and scores it. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "engine/profile.h"
#include "io/passwd.h"
#include "model/sshd.h"

struct modules;

enum status {
        STATUS_PASS,
        STATUS_FAIL,
        STATUS_MANUAL,
        STATUS_SKIP,
        STATUS_ERROR,
        STATUS_WAIVED,
        _STATUS_MAX,
};
const char *status_to_string(enum status s);

struct waiver;

struct result {
        const struct profile_entry *entry;
        enum status status;
        char *expected;
        char *actual;
        enum source_kind source;
        char *source_detail;
        char *reason;
        const struct waiver *waiver; /* the waiver that matched this fail, if any */
        bool waiver_expired;         /* ... and it had expired: the fail stands */
};

/* A Kubernetes component or container runtime as it runs, for the record. */
struct node_process {
        const char *name;
        int pid;
        char *label;        /* AppArmor confinement, or NULL when unknown */
        char *capabilities; /* effective set, libcap names */
};

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

/* What probes read: the node's root, its processes, users, and the components. */
struct dir_listing {
        const struct rootfs *root;
        char *dir;
        struct rootfs_dirent *ents;
        size_t n;
        int err;
};

struct distro;
struct distro_cache;
struct allowlist;
struct cert_list;

struct scan_env {
        struct rootfs *root;
        struct rootfs *procfs; /* NULL: offline root without processes */
        struct proc_table *procs;
        struct idmap *ids;
        char *ids_error;
        const struct catalog *cat;
        struct component **components; /* parallel to cat->components, loaded on demand */
        struct sshd_model *sshd;       /* loaded on demand */
        int sshd_err;
        bool sshd_loaded;
        const char *k8s_version;       /* --k8s-version: overrides detection */
        bool version_done;             /* detection ran (scan_k8s_version) */
        char *version, *version_source; /* what it found */
        char *version_note;            /* why a binary did not tell */
        const struct distro *distro;   /* set by the caller: detected or given, */
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

/* Opens ROOT and PROC (NULL: ROOT/proc, optional). Returns -errno with
 * *ret_error set when the root or an explicitly given proc cannot be read. */
int scan_env_open(const char *root, const char *proc, const struct catalog *cat,
                  struct arena *a, struct scan_env **ret, char **ret_error);
void scan_env_close(struct scan_env *env);
struct component *scan_env_component(struct scan_env *env, const struct component_spec *spec);
/* The X.Y[.Z] of a Kubernetes image tag ("registry.k8s.io/kube-apiserver:v1.32.4",
 * digest and suffixes such as "-rc.1" or "+k3s1" dropped), for the images of
 * Kubernetes' own components (a last path element kube-*); else NULL. */
char *scan_version_of_image(const char *image, struct arena *a);
/* Valid for --k8s-version: 1.N or 1.N.M. */
bool scan_valid_k8s_version(const char *s);
/* The node's Kubernetes release ("1.30.2") and where it was read, or NULLs:
 * --k8s-version, else the static pods' image tags, kubeadm's stored
 * ClusterConfiguration, the API server's binary, the kubelet's binary.
 * Runs once per scan environment. */
void scan_k8s_version(struct scan_env *env, const char **ret_version, const char **ret_source);
/* The minor version of "1.30.2" (30), or -1. */
int scan_k8s_minor(const char *version);
/* Where COMPONENT's static pod manifest lives (the kubelet's staticPodPath,
 * else /etc/kubernetes/manifests), or NULL when it has none. */
const char *scan_manifest_dir(struct scan_env *env, const struct component_spec *spec);
/* "control-plane" when an API server runs, "worker" when a kubelet runs, else NULL. */
const char *scan_detect_role(struct scan_env *env);

struct scan {
        struct node_info node;
        const struct profile *profile;
        struct result *results;
        size_t n_results;
        unsigned counts[_STATUS_MAX];
        double score;
        char started_at[32];
        double duration_ms;
};

/* ONLY/SKIP: slugs or benchmark numbers; unknown ones are the caller's error. */
int scan_run(struct scan_env *env, const struct profile *p, char *const *only, size_t n_only,
             char *const *skip, size_t n_skip, struct scan **ret);
void scan_score(struct scan *s);

enum fail_on {
        FAIL_ON_FAIL,
        FAIL_ON_ERROR,
        FAIL_ON_NONE,
        _FAIL_ON_MAX,
        _FAIL_ON_INVALID = -1,
};
enum fail_on fail_on_from_string(const char *s);
/* Whether the gate trips: scored fails/errors per FAIL_ON, or a score below MIN_SCORE (< 0: none). */
bool scan_gate_tripped(const struct scan *s, enum fail_on f, double min_score);

/* The certificate probe (engine/certs.c). */
void probe_certificate(struct scan_env *env, const struct profile_entry *e, struct result *r);
/* The process allowlist probe (engine/allowlist.c). */
void probe_processes(struct scan_env *env, const struct profile_entry *e, struct result *r);
/* The listening-socket probe (engine/listen.c). */
void probe_listening(struct scan_env *env, const struct profile_entry *e, struct result *r);
/* One result for one entry (the probe dispatch). */
void probe_eval(struct scan_env *env, const struct profile_entry *e, struct result *r);

/* node: the node as it runs, opened once; each fact read the first time it is asked for. */
#include "model/node.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "defs/catalog.h"
#include "defs/distribution.h"
#include "io/passwd.h"
#include "io/rootfs.h"
#include "model/component.h"
#include "model/distro.h"
#include "model/modules.h"
#include "model/sshd.h"
#include "model/version.h"
#include "proc/proc.h"
#include "shared/strutil.h"

int node_open(const char *root, const char *proc, const struct catalog *cat,
                  struct arena *a, struct node **ret, char **ret_error)
{
        struct node *node = arena_alloc(a, sizeof(*node));
        node->a = a;
        node->cat = cat;
        int err = rootfs_open(root, &node->root);
        if (err < 0) {
                *ret_error = arena_printf(a, "cannot open the root \"%s\": %s", root,
                                          rootfs_strerror(err));
                return err;
        }
        const char *pdir = proc ? proc : arena_printf(a, "%s%sproc", root,
                                                      str_endswith(root, "/") ? "" : "/");
        node->proc_given = proc != NULL;
        node->proc_dir = arena_strdup(a, pdir);
        err = rootfs_open(pdir, &node->procfs);
        if (err < 0 && proc) {
                *ret_error = arena_printf(a, "cannot read the process directory \"%s\": %s", proc,
                                          rootfs_strerror(err));
                node_close(node);
                return err;
        }
        if (err < 0)
                node->procfs = NULL; /* an offline root (an image, a snapshot) has no processes */
        node->components = arena_alloc(a, (cat->n_components + 1) * sizeof(*node->components));
        *ret = node;
        return 0;
}

int node_load(struct node *node, char **ret_error)
{
        struct arena *a = node->a;
        int err = node->procfs ? proc_table_load(node->procfs, a, &node->procs) : 0;
        if (err < 0) {
                if (node->proc_given) {
                        *ret_error = arena_printf(a, "cannot read the process directory \"%s\": %s",
                                                  node->proc_dir, rootfs_strerror(err));
                        return err;
                }
                /* not a process directory after all: an offline root */
                rootfs_close(node->procfs);
                node->procfs = NULL;
                node->procs = NULL;
        }
        err = idmap_load(node->root, a, &node->ids);
        if (err < 0) {
                node->ids = NULL;
                node->ids_error = arena_strdup(a, rootfs_strerror(err));
        }
        return 0;
}

void node_close(struct node *node)
{
        if (!node)
                return;
        for (size_t i = 0; node->components && i < node->cat->n_components; i++)
                component_release(node->components[i]);
        modules_close(node->modules);
        rootfs_close(node->procfs);
        rootfs_close(node->root);
        node->procfs = node->root = NULL;
}

void node_set_distribution(struct node *node, const struct distro *d, const char *source)
{
        node->distro = d;
        node->distribution_source = source;
}

/* Static pods live in the kubelet's staticPodPath, else where kubeadm puts them. */
const char *node_manifest_dir(struct node *node, const struct component_spec *spec)
{
        const struct component_spec *kubelet = catalog_component(node->cat, "kubelet");
        if (!spec->manifest)
                return NULL;
        if (kubelet && kubelet != spec) {
                const struct setting_spec *sp = component_spec_setting(kubelet, "staticPodPath");
                struct component *k = node_component(node, kubelet);
                struct setting_value v;
                char *path, *why;
                if (sp && k->state == COMPONENT_RUNNING && !k->own_root) {
                        component_setting(k, sp, node->a, &v);
                        if (v.ok && v.has_value && *v.value.norm &&
                            component_resolve_path(k, v.value.norm, node->a, &path, &why) == 0)
                                return path;
                }
        }
        return "/etc/kubernetes/manifests";
}

struct component *node_component(struct node *node, const struct component_spec *spec)
{
        for (size_t i = 0; i < node->cat->n_components; i++) {
                if (node->cat->components[i] != spec)
                        continue;
                if (!node->components[i] &&
                    !distro_embedded(node, node->distro, spec, &node->components[i]))
                        component_load(spec, node->procs, node->root, node_manifest_dir(node, spec),
                                       node->a, &node->components[i]);
                return node->components[i];
        }
        return NULL; /* not reached: checks only name catalog components */
}

const char *node_role(struct node *node)
{
        int pid;
        if (proc_table_find(node->procs, "kube-apiserver", &pid) == 0)
                return "control-plane";
        if (proc_table_find(node->procs, "kubelet", &pid) == 0)
                return "worker";
        /* k3s, microk8s: the components run inside the distribution's process */
        const char *embedded = distro_role(node, node->distro);
        if (embedded)
                return embedded;
        /* Offline, or nothing runs: kubeadm's manifests still tell the role. */
        struct stat st;
        if (rootfs_stat(node->root, "/etc/kubernetes/manifests/kube-apiserver.yaml", &st) == 0 &&
            S_ISREG(st.st_mode))
                return "control-plane";
        return NULL;
}

int node_sshd(struct node *node, struct sshd_model **ret)
{
        if (!node->sshd_loaded) {
                node->sshd_err = sshd_model_load(node->root, node->a, &node->sshd);
                node->sshd_loaded = true;
        }
        *ret = node->sshd_err < 0 ? NULL : node->sshd;
        return node->sshd_err;
}

int node_modules(struct node *node, struct modules **ret, char **ret_error)
{
        char *why = node->modules_error;
        if (!node->modules && !why &&
            modules_open(node->root, node->procfs, node->a, &node->modules, &why) < 0)
                node->modules = NULL;
        if (!node->modules) {
                node->modules_error = why;
                *ret_error = why;
                return -ENOENT;
        }
        *ret = node->modules;
        return 0;
}

const struct dir_listing *node_listing(struct node *node, struct rootfs *root, const char *dir)
{
        if (!root)
                root = node->root;
        for (size_t i = 0; i < node->n_listings; i++)
                if (node->listings[i].root == root && streq(node->listings[i].dir, dir))
                        return &node->listings[i];
        node->listings = arena_grow_items(node->a, node->listings, node->n_listings,
                                          &node->cap_listings, sizeof(*node->listings));
        struct dir_listing *l = &node->listings[node->n_listings++];
        l->root = root;
        l->dir = arena_strdup(node->a, dir);
        l->err = rootfs_list_dir_stat(root, dir, node->a, &l->ents, &l->n);
        return l;
}

void node_describe(struct node *node, struct node_info *ni)
{
        struct arena *a = node->a;
        char *buf;
        size_t len;
        ni->root = arena_strdup(a, rootfs_path(node->root));
        if (rootfs_read_file(node->root, "/etc/hostname", 4096, a, &buf, &len) == 0 ||
            (node->procfs &&
             rootfs_read_file(node->procfs, "sys/kernel/hostname", 4096, a, &buf, &len) == 0)) {
                buf[strcspn(buf, "\r\n")] = '\0';
                ni->hostname = buf;
        }
        if (node->procfs &&
            rootfs_read_file(node->procfs, "sys/kernel/osrelease", 4096, a, &buf, &len) == 0) {
                buf[strcspn(buf, "\r\n")] = '\0';
                ni->kernel = buf;
        }
        const char *role = node_role(node);
        ni->role = arena_strdup(a, role ? role : "none");
        ni->distribution = node->distro ? arena_strdup(a, node->distro->name) : NULL;
        ni->distribution_source = node->distribution_source ? arena_strdup(a, node->distribution_source) : NULL;
        const char *version, *source;
        node_k8s_version(node, &version, &source);
        ni->k8s_version = (char *)version;
        ni->k8s_version_source = (char *)source;

        static const char *const watched[] = {"kubelet", "kube-proxy", "kube-apiserver",
                "kube-controller-manager", "kube-scheduler", "etcd", "containerd", "crio",
                "dockerd", "cri-dockerd"};
        int cap_last = -1;
        if (node->procfs &&
            rootfs_read_file(node->procfs, "sys/kernel/cap_last_cap", 64, a, &buf, &len) == 0) {
                int64_t v;
                buf[strcspn(buf, "\n")] = '\0';
                if (parse_int64(buf, &v) == 0)
                        cap_last = (int)v;
        }
        ni->processes = arena_alloc(a, ELEMENTSOF(watched) * sizeof(*ni->processes));
        for (size_t i = 0; i < ELEMENTSOF(watched); i++) {
                int pid;
                if (proc_table_find(node->procs, watched[i], &pid) < 0)
                        continue;
                struct node_process *p = &ni->processes[ni->n_processes++];
                p->name = watched[i];
                p->pid = pid;
                if (proc_read_label(node->procs, pid, a, &p->label) < 0)
                        p->label = NULL;
                if (proc_read_capabilities(node->procs, pid, cap_last, a, &p->capabilities) < 0)
                        p->capabilities = NULL;
        }
}


bool node_has_proc(const struct node *node)
{
        return node->procfs != NULL;
}

void node_set_k8s_version(struct node *node, const char *version)
{
        node->k8s_version = version;
}

void node_set_allowlist(struct node *node, const struct allowlist *l)
{
        node->allowlist = l;
}

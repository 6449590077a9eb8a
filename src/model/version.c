/* version: which Kubernetes release the node runs, from files alone — the
 * static pods' image tags, kubeadm's stored configuration, and the version
 * stamped into the kubelet's or API server's binary. Nothing is executed. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "defs/distribution.h"
#include "io/rootfs.h"
#include "proc/proc.h"
#include "model/node.h"
#include "shared/k8s-version.h"
#include "model/version.h"
#include "model/yamlfile.h"
#include "parse/elfver.h"
#include "shared/strutil.h"

/* The control plane's static pods: their kube-* image tags. */
static bool from_manifests(struct node *node)
{
        struct arena *a = node->a;
        for (size_t i = 0; i < node->cat->n_components; i++) {
                const struct component_spec *spec = node->cat->components[i];
                const char *dir = node_manifest_dir(node, spec);
                if (!dir)
                        continue;
                char *path = arena_printf(a, "%s/%s", dir, spec->manifest), *why;
                struct ynode *doc;
                if (yaml_file_read(node->root, path, ROOTFS_MAX_CONFIG, false, a, &doc, &why) < 0)
                        continue; /* a broken manifest is its component's checks' error */
                const struct ynode *cs = ynode_path(doc, "spec.containers");
                for (size_t k = 0; cs && cs->type == YNODE_SEQ && k < cs->n; k++) {
                        const struct ynode *img = ynode_get(cs->items[k], "image");
                        char *v = img && img->type == YNODE_SCALAR ? k8s_version_of_image(img->value, a) : NULL;
                        if (v) {
                                node->version = v;
                                node->version_source = arena_printf(a, "image %s in %s", img->value, path);
                                return true;
                        }
                }
        }
        return false;
}

static unsigned newlines(const char *from, const char *to)
{
        unsigned n = 0;
        for (; from < to; from++)
                n += *from == '\n';
        return n;
}

/* kubeadm's ClusterConfiguration, where the node keeps the file it was set up
 * with: its kubernetesVersion (a release, not a label such as stable-1.30). */
static bool from_kubeadm_config(struct node *node)
{
        static const char *const paths[] = {"/etc/kubernetes/kubeadm-config.yaml",
                                            "/etc/kubernetes/kubeadm.yaml"};
        struct arena *a = node->a;
        for (size_t i = 0; i < ELEMENTSOF(paths); i++) {
                char *buf;
                size_t len;
                if (rootfs_read_file(node->root, paths[i], ROOTFS_MAX_CONFIG, a, &buf, &len) < 0)
                        continue;
                /* one file, several documents: InitConfiguration, ClusterConfiguration, ... */
                for (char *doc = buf; doc;) {
                        char *next = strstr(doc, "\n---");
                        size_t n = next ? (size_t)(next - doc) + 1 : len - (size_t)(doc - buf);
                        struct ynode *root;
                        struct diag d = {0};
                        if (ydoc_parse(doc, n, paths[i], a, &root, &d) == 0 &&
                            root->type == YNODE_MAP) {
                                const struct ynode *kind = ynode_get(root, "kind");
                                const struct ynode *kv = ynode_get(root, "kubernetesVersion");
                                char *v = kind && kv && kind->type == YNODE_SCALAR &&
                                                          streq(kind->value, "ClusterConfiguration") &&
                                                          kv->type == YNODE_SCALAR
                                                  ? k8s_version_of_tag(kv->value, a)
                                                  : NULL;
                                if (v) {
                                        node->version = v;
                                        node->version_source = arena_printf(
                                                a, "kubernetesVersion %s in %s (line %u)", kv->value,
                                                paths[i], kv->line + newlines(buf, doc));
                                        return true;
                                }
                        }
                        doc = next ? next + 4 : NULL;
                        if (doc)
                                doc += strcspn(doc, "\n");
                }
        }
        return false;
}

/* The version stamped into a component's binary: the running process's
 * executable, else the usual install paths. */
static bool from_binary(struct node *node, const char *name)
{
        struct arena *a = node->a;
        static const char *const dirs[] = {"/usr/bin", "/usr/local/bin"};
        char *paths[4];
        size_t n = 0;
        struct rootfs *proot = NULL;
        int pid;
        char *note = NULL;
        if (node->procs && proc_table_find(node->procs, name, &pid) == 0) {
                char *exe = NULL, **argv;
                size_t argc;
                if (proc_read_exe(node->procs, pid, a, &exe) < 0 &&
                    proc_read_argv(node->procs, pid, a, &argv, &argc) == 0 && argc && argv[0][0] == '/')
                        exe = argv[0];
                if (exe && str_endswith(exe, " (deleted)")) {
                        exe[strlen(exe) - strlen(" (deleted)")] = '\0';
                        note = arena_printf(a, "; the running %s's binary was replaced since it "
                                               "started, so this is the version on disk",
                                            name);
                }
                if (exe) {
                        /* the process's own view of the file system; the node's
                         * root when that cannot be opened (a fixture's /proc) */
                        if (proc_open_root(node->procs, pid, &proot) < 0)
                                proot = NULL;
                        paths[n++] = exe;
                }
        }
        for (size_t i = 0; !n && i < ELEMENTSOF(dirs); i++)
                paths[n++] = arena_printf(a, "%s/%s", dirs[i], name);
        for (size_t i = 0; i < n; i++) {
                int fd;
                struct rootfs *r = proot ? proot : node->root;
                if (rootfs_open_regular(r, paths[i], &fd, NULL) < 0)
                        continue;
                char *version, *tag, *how = NULL;
                int err = elf_k8s_version(fd, a, &version, &tag, &how);
                close(fd);
                if (err == 0) {
                        node->version = version;
                        node->version_source = arena_printf(a, "%s in %s, from %s%s", tag, paths[i],
                                                           how, note ? note : "");
                        rootfs_close(proot);
                        return true;
                }
                if (err == -ENOTUNIQ)
                        node->version_note = arena_printf(a, "%s: %s", paths[i], how);
        }
        rootfs_close(proot);
        return false;
}

void node_k8s_version(struct node *node, const char **ret_version, const char **ret_source)
{
        if (!node->version_done) {
                node->version_done = true;
                if (node->k8s_version) {
                        node->version = arena_strdup(node->a, node->k8s_version);
                        node->version_source = arena_strdup(node->a, "--k8s-version");
                } else if (!from_manifests(node) && !from_kubeadm_config(node) &&
                           !from_binary(node, "kube-apiserver") && !from_binary(node, "kubelet")) {
                        /* k3s, kubelite: the process the components run inside */
                        for (size_t i = 0; node->distro && i < node->distro->n_embeds; i++)
                                if (from_binary(node, node->distro->embeds[i].process))
                                        break;
                }
        }
        *ret_version = node->version;
        *ret_source = node->version_source;
}

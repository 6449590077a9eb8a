/* version: which Kubernetes release the node runs, from files alone — the
 * static pods' image tags, kubeadm's stored configuration, and the version
 * stamped into the kubelet's or API server's binary. Nothing is executed. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "engine/distro.h"
#include "engine/scan.h"
#include "parse/elfver.h"
#include "shared/strutil.h"

static size_t digits(const char *s)
{
        size_t n = 0;
        while (s[n] >= '0' && s[n] <= '9')
                n++;
        return n;
}

bool scan_valid_k8s_version(const char *s)
{
        if (strncmp(s, "1.", 2) != 0 || digits(s + 2) == 0 || digits(s + 2) > 3)
                return false;
        s += 2 + digits(s + 2);
        if (*s == '.') {
                if (digits(s + 1) == 0 || digits(s + 1) > 4)
                        return false;
                s += 1 + digits(s + 1);
        }
        return *s == '\0';
}

/* "v1.32.4-rc.1+abc" or "1.32" -> "1.32.4" / "1.32"; NULL when it is no release. */
static char *version_of_tag(const char *tag, struct arena *a)
{
        if (*tag == 'v')
                tag++;
        size_t n = 0;
        if (strncmp(tag, "1.", 2) != 0 || !digits(tag + 2))
                return NULL;
        n = 2 + digits(tag + 2);
        if (tag[n] == '.' && digits(tag + n + 1))
                n += 1 + digits(tag + n + 1);
        if (tag[n] && tag[n] != '-' && tag[n] != '+' && tag[n] != '_')
                return NULL;
        char *v = arena_strndup(a, tag, n);
        return scan_valid_k8s_version(v) ? v : NULL;
}

char *scan_version_of_image(const char *image, struct arena *a)
{
        char *img = arena_strndup(a, image, strcspn(image, "@")); /* no digest */
        char *name = strrchr(img, '/');
        name = name ? name + 1 : img;
        char *colon = strchr(name, ':');
        if (!colon || strncmp(name, "kube-", 5) != 0)
                return NULL;
        return version_of_tag(colon + 1, a);
}

int scan_k8s_minor(const char *version)
{
        if (!version || strncmp(version, "1.", 2) != 0 || !digits(version + 2))
                return -1;
        int m = 0;
        for (const char *p = version + 2; *p >= '0' && *p <= '9'; p++)
                m = m * 10 + (*p - '0');
        return m;
}

/* The control plane's static pods: their kube-* image tags. */
static bool from_manifests(struct scan_env *env)
{
        struct arena *a = env->a;
        for (size_t i = 0; i < env->cat->n_components; i++) {
                const struct component_spec *spec = env->cat->components[i];
                const char *dir = scan_manifest_dir(env, spec);
                if (!dir)
                        continue;
                char *path = arena_printf(a, "%s/%s", dir, spec->manifest), *buf;
                size_t len;
                struct ynode *doc;
                struct diag d = {0};
                if (rootfs_read_file(env->root, path, ROOTFS_MAX_CONFIG, a, &buf, &len) < 0 ||
                    ydoc_parse(buf, len, path, a, &doc, &d) < 0)
                        continue; /* a broken manifest is its component's checks' error */
                const struct ynode *cs = ynode_path(doc, "spec.containers");
                for (size_t k = 0; cs && cs->type == YNODE_SEQ && k < cs->n; k++) {
                        const struct ynode *img = ynode_get(cs->items[k], "image");
                        char *v = img && img->type == YNODE_SCALAR ? scan_version_of_image(img->value, a) : NULL;
                        if (v) {
                                env->version = v;
                                env->version_source = arena_printf(a, "image %s in %s", img->value, path);
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
static bool from_kubeadm_config(struct scan_env *env)
{
        static const char *const paths[] = {"/etc/kubernetes/kubeadm-config.yaml",
                                            "/etc/kubernetes/kubeadm.yaml"};
        struct arena *a = env->a;
        for (size_t i = 0; i < ELEMENTSOF(paths); i++) {
                char *buf;
                size_t len;
                if (rootfs_read_file(env->root, paths[i], ROOTFS_MAX_CONFIG, a, &buf, &len) < 0)
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
                                                  ? version_of_tag(kv->value, a)
                                                  : NULL;
                                if (v) {
                                        env->version = v;
                                        env->version_source = arena_printf(
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
static bool from_binary(struct scan_env *env, const char *name)
{
        struct arena *a = env->a;
        static const char *const dirs[] = {"/usr/bin", "/usr/local/bin"};
        char *paths[4];
        size_t n = 0;
        struct rootfs *proot = NULL;
        int pid;
        char *note = NULL;
        if (env->procs && proc_table_find(env->procs, name, &pid) == 0) {
                char *exe = NULL, **argv;
                size_t argc;
                if (proc_read_exe(env->procs, pid, a, &exe) < 0 &&
                    proc_read_argv(env->procs, pid, a, &argv, &argc) == 0 && argc && argv[0][0] == '/')
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
                        if (proc_open_root(env->procs, pid, &proot) < 0)
                                proot = NULL;
                        paths[n++] = exe;
                }
        }
        for (size_t i = 0; !n && i < ELEMENTSOF(dirs); i++)
                paths[n++] = arena_printf(a, "%s/%s", dirs[i], name);
        for (size_t i = 0; i < n; i++) {
                int fd;
                struct rootfs *r = proot ? proot : env->root;
                if (rootfs_openat(r, paths[i], O_RDONLY, &fd) < 0)
                        continue;
                char *version, *tag, *how = NULL;
                int err = elf_k8s_version(fd, a, &version, &tag, &how);
                close(fd);
                if (err == 0) {
                        env->version = version;
                        env->version_source = arena_printf(a, "%s in %s, from %s%s", tag, paths[i],
                                                           how, note ? note : "");
                        rootfs_close(proot);
                        return true;
                }
                if (err == -ENOTUNIQ)
                        env->version_note = arena_printf(a, "%s: %s", paths[i], how);
        }
        rootfs_close(proot);
        return false;
}

void scan_k8s_version(struct scan_env *env, const char **ret_version, const char **ret_source)
{
        if (!env->version_done) {
                env->version_done = true;
                if (env->k8s_version) {
                        env->version = arena_strdup(env->a, env->k8s_version);
                        env->version_source = arena_strdup(env->a, "--k8s-version");
                } else if (!from_manifests(env) && !from_kubeadm_config(env) &&
                           !from_binary(env, "kube-apiserver") && !from_binary(env, "kubelet")) {
                        /* k3s, kubelite: the process the components run inside */
                        for (size_t i = 0; env->distro && i < env->distro->n_embeds; i++)
                                if (from_binary(env, env->distro->embeds[i].process))
                                        break;
                }
        }
        *ret_version = env->version;
        *ret_source = env->version_source;
}

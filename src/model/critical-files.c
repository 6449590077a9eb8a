/* critical-files: the node's critical files as they are now — path, type,
 * mode, owner, size and SHA-256 — walked once, hard links and all. */
#include "model/critical-files.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "defs/catalog.h"
#include "io/rootfs.h"
#include "model/component.h"
#include "model/crypto.h"
#include "model/node.h"
#include "model/sshd.h"
#include "parse/sshd-syntax.h"
#include "shared/inode-set.h"
#include "shared/strutil.h"

#define BASELINE_MAX_DEPTH 8
#define BASELINE_MAX_HASHED (1024ull * 1024 * 1024) /* larger files: size only */

/* The critical files: trees walked whole, and single files. */
static const char *const critical[] = {
        /* kubeadm and the components: manifests, kubeconfigs, PKI, configs */
        "/etc/kubernetes",
        "/var/lib/kubelet/config.yaml",
        "/var/lib/kubelet/kubeadm-flags.env",
        "/var/lib/kubelet/pki",
        "/etc/default/kubelet",
        "/etc/sysconfig/kubelet",
        "/etc/cni/net.d",
        /* the kubelet's units, wherever systemd reads them */
        "/etc/systemd/system/kubelet.service",
        "/etc/systemd/system/kubelet.service.d",
        "/run/systemd/system/kubelet.service.d",
        "/usr/lib/systemd/system/kubelet.service",
        "/usr/lib/systemd/system/kubelet.service.d",
        "/lib/systemd/system/kubelet.service",
        "/lib/systemd/system/kubelet.service.d",
        /* the distributions' own */
        "/etc/rancher",
        "/var/lib/rancher/k3s/server/manifests",
        "/var/lib/rancher/k3s/server/tls",
        "/var/lib/rancher/rke2/agent/pod-manifests",
        "/var/snap/microk8s/current/args",
        "/var/snap/microk8s/current/certs",
        /* sshd (its includes are added from the configuration) */
        "/etc/ssh/sshd_config",
        "/etc/ssh/sshd_config.d",
        /* kernel modules' configuration */
        "/etc/modprobe.d",
        "/run/modprobe.d",
        "/usr/lib/modprobe.d",
        "/lib/modprobe.d",
};

struct walker {
        struct node *node;
        struct baseline_entry *items;
        size_t n, cap;
        struct inode_set seen; /* a file reached twice (a hard link, a bind mount) is one */
        bool full;
};

/* SHA-256 of a regular file, read in chunks through the root resolver. */
static int hash_file(struct rootfs *root, const char *path, struct arena *a, char **ret,
                     char **why)
{
        struct stat st = {0};
        int fd, err = rootfs_open_regular(root, path, &fd, &st);
        if (err < 0) {
                *why = arena_printf(a, "%s: %s", path, rootfs_strerror(err));
                return err;
        }
        struct crypto_sha256 *h;
        if ((err = crypto_sha256_new(a, &h, why)) < 0) {
                close(fd);
                return err;
        }
        static char buf[65536];
        /* No more than the size the file says it has: a pseudo-file of /proc
         * or /sys says 0 and reads without end (/proc/self/pagemap). */
        uint64_t left = (uint64_t)st.st_size + 1;
        for (;;) {
                ssize_t n = read(fd, buf, left < sizeof(buf) ? (size_t)left : sizeof(buf));
                if (n < 0 && errno == EINTR)
                        continue;
                if (n < 0) {
                        err = -errno;
                        *why = arena_printf(a, "%s: %s", path, strerror(errno));
                        break;
                }
                if (n == 0)
                        break;
                left -= (uint64_t)n;
                if (!left) {
                        err = -EFBIG;
                        *why = arena_printf(a, "%s: reads more than its size (%jd bytes): a "
                                               "pseudo-file, or it grew while read",
                                            path, (intmax_t)st.st_size);
                        break;
                }
                crypto_sha256_update(h, buf, (size_t)n);
        }
        close(fd);
        char hex[65];
        if (!err && crypto_sha256_final(h, hex) == 0)
                *ret = arena_strdup(a, hex);
        crypto_sha256_free(h);
        return err;
}

static void walk(struct walker *w, const char *path, int depth)
{
        struct rootfs *root = w->node->root;
        struct arena *a = w->node->a;
        struct stat st;
        if (w->n >= BASELINE_MAX_ENTRIES) {
                w->full = true;
                return;
        }
        int err = rootfs_lstat(root, path, &st);
        if (err == -ENOENT || err == -ENOTDIR)
                return;
        if (err == 0 && !inode_set_add(&w->seen, st.st_dev, st.st_ino, w->node->a))
                return; /* /lib is /usr/lib on a merged-/usr system */
        w->items = arena_grow_items(a, w->items, w->n, &w->cap, sizeof(*w->items));
        struct baseline_entry *e = &w->items[w->n++];
        memset(e, 0, sizeof(*e));
        e->path = arena_strdup(a, path);
        if (err < 0) {
                e->type = 'o';
                e->error = arena_printf(a, "%s: %s", path, rootfs_strerror(err));
                return;
        }
        e->mode = st.st_mode & 07777;
        e->uid = st.st_uid;
        e->gid = st.st_gid;
        if (S_ISREG(st.st_mode)) {
                e->type = 'f';
                e->size = (uint64_t)st.st_size;
                if (e->size <= BASELINE_MAX_HASHED)
                        hash_file(root, path, a, &e->sha256, &e->error);
                else
                        e->error = arena_printf(a, "%s: larger than 1 GiB, size only", path);
        } else if (S_ISLNK(st.st_mode)) {
                e->type = 'l';
                if (rootfs_readlink(root, path, a, &e->target) < 0)
                        e->target = arena_strdup(a, "?");
        } else if (S_ISDIR(st.st_mode)) {
                e->type = 'd';
                if (depth >= BASELINE_MAX_DEPTH)
                        return;
                struct rootfs_dirent *ents;
                size_t n;
                if ((err = rootfs_list_dir_stat(root, path, a, &ents, &n)) < 0) {
                        e->error = arena_printf(a, "%s: %s", path, rootfs_strerror(err));
                        return;
                }
                for (size_t i = 0; i < n; i++)
                        walk(w, arena_printf(a, "%s/%s", streq(path, "/") ? "" : path, ents[i].name),
                             depth + 1);
        } else {
                e->type = 'o';
        }
}

static int cmp_entry(const void *x, const void *y)
{
        return strcmp(((const struct baseline_entry *)x)->path, ((const struct baseline_entry *)y)->path);
}

static void now_rfc3339(char buf[32])
{
        time_t t = time(NULL);
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int node_critical_files(struct node *node, struct baseline **ret, char **ret_error)
{
        struct arena *a = node->a;
        char *why;
        if (crypto_available(a, &why) < 0) {
                *ret_error = why;
                return -ENOENT;
        }
        struct walker w = {.node = node};
        for (size_t i = 0; i < ELEMENTSOF(critical); i++)
                walk(&w, critical[i], 0);
        /* sshd_config's includes, wherever they are */
        struct sshd_model *m;
        if (node_sshd(node, &m) == 0)
                for (size_t i = 0; i < m->cfg->n_files; i++)
                        walk(&w, m->cfg->files[i], BASELINE_MAX_DEPTH);
        /* each component's own config file, where it is in the node's root */
        for (size_t i = 0; i < node->cat->n_components; i++) {
                struct component *c = node_component(node, node->cat->components[i]);
                if (c->state == COMPONENT_RUNNING && c->config && !c->own_root &&
                    c->config->path[0] == '/')
                        walk(&w, c->config->path, BASELINE_MAX_DEPTH);
        }
        if (w.full) {
                *ret_error = arena_printf(a, "more than %d critical files", BASELINE_MAX_ENTRIES);
                return -E2BIG;
        }
        qsort(w.items, w.n, sizeof(*w.items), cmp_entry);
        struct baseline *b = arena_alloc(a, sizeof(*b));
        b->root = arena_strdup(a, rootfs_path(node->root));
        char at[32];
        now_rfc3339(at);
        b->saved_at = arena_strdup(a, at);
        b->items = w.items;
        b->n = w.n;
        *ret = b;
        return 0;
}


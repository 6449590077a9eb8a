/* modules: libkmod reads only files opened inside the root, passed as /proc/self/fd/N paths. */
#include "model/modules.h"

#include <errno.h>
#include <fcntl.h>
#include <libkmod.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/confdirs.h"
#include "io/rootfs.h"
#include "shared/dl.h"
#include "shared/strutil.h"

/* kmod's search order; a file in an earlier directory shadows a same-named later one. */
static const char *const config_dirs[] = {
        "/etc/modprobe.d", "/run/modprobe.d", "/usr/local/lib/modprobe.d", "/lib/modprobe.d",
        "/usr/lib/modprobe.d",
};

/* libkmod is opened when the first module check runs, not at program start:
 * it brings libcrypto, liblzma and libzstd, whose loading costs more than a
 * whole Kubernetes scan. The function table is filled once; the names match
 * libkmod's, with a sym_ prefix. */
#define KMOD_SYMBOLS(X)                                                                        \
        X(kmod_new) X(kmod_unref) X(kmod_set_log_priority) X(kmod_config_get_blacklists)      \
        X(kmod_config_iter_next) X(kmod_config_iter_get_key) X(kmod_config_iter_free_iter)    \
        X(kmod_module_new_from_lookup) X(kmod_list_next) X(kmod_module_get_module)            \
        X(kmod_module_get_path) X(kmod_module_get_install_commands) X(kmod_module_unref)      \
        X(kmod_module_unref_list)

#define KMOD_POINTER(name) static __typeof__(name) *sym_##name;
KMOD_SYMBOLS(KMOD_POINTER)
#undef KMOD_POINTER

static const char *const kmod_names[] = {KMOD_SYMBOLS(DL_NAME)};
static void **const kmod_slots[] = {KMOD_SYMBOLS(DL_SLOT)};
static struct dl_library libkmod = {"libkmod.so.2", kmod_names, kmod_slots, ELEMENTSOF(kmod_names)};

static int dlopen_libkmod(struct arena *a, char **why)
{
        return dl_load(&libkmod, a, why);
}

#define FD_BASE 100
#define MAX_CONFIG_FILES 800 /* fds 100..899 keep their names in lexical order */

struct modules {
        struct kmod_ctx *ctx;
        char *release;
        char **loaded, **builtin, **blacklist;
        size_t n_loaded, n_builtin, n_blacklist;
        int fds[MAX_CONFIG_FILES + 1];
        size_t n_fds;
};

char *modules_normalize(struct arena *a, const char *name)
{
        char *s = arena_strdup(a, name);
        for (char *p = s; *p; p++)
                if (*p == '-')
                        *p = '_';
        return s;
}

const char *modules_release(const struct modules *m)
{
        return m->release;
}

static int read_lines(struct rootfs *r, const char *path, struct arena *a, char ***ret, size_t *n)
{
        char *buf;
        size_t len;
        int err = rootfs_read_file(r, path, ROOTFS_MAX_CONFIG, a, &buf, &len);
        if (err < 0)
                return err;
        *n = str_split(a, buf, '\n', ret);
        return 0;
}

/* Takes FD to the fixed number WANT, so that libkmod sorts the files as kmod would. */
static int place_fd(int fd, int want)
{
        int r = fcntl(fd, F_DUPFD_CLOEXEC, want);
        close(fd);
        if (r < 0)
                return -errno;
        if (r != want) {
                close(r);
                return -EBUSY;
        }
        return r;
}

static int collect_config(struct modules *m, struct rootfs *root, struct arena *a, char ***ret,
                          char **why)
{
        static const struct confdirs_options opts = {
                .suffix = ".conf", .skip_hidden = true, .regular_only = true,
                .same_dir_once = true, .fail_on_error = true, .max = MAX_CONFIG_FILES,
        };
        struct conf_file *confs;
        size_t n;
        const char *dir;
        int err = confdirs_list(root, config_dirs, ELEMENTSOF(config_dirs), &opts, a, &confs, &n, &dir);
        if (err == -E2BIG) {
                *why = arena_printf(a, "more than %d modprobe.d files", MAX_CONFIG_FILES);
                return err;
        }
        if (err < 0) {
                *why = arena_printf(a, "%s: %s", dir, rootfs_strerror(err));
                return err;
        }
        char **paths = arena_alloc(a, (n + 1) * sizeof(char *));
        for (size_t i = 0; i < n; i++) {
                int fd;
                err = rootfs_openat(root, confs[i].path, O_RDONLY, &fd);
                if (err == 0)
                        err = place_fd(fd, FD_BASE + (int)i);
                if (err < 0) {
                        *why = arena_printf(a, "%s: %s", confs[i].path, rootfs_strerror(err));
                        return err;
                }
                m->fds[m->n_fds++] = err;
                paths[i] = arena_printf(a, "/proc/self/fd/%d", err);
        }
        *ret = paths;
        return 0;
}

static void first_words(char **lines, size_t n, struct arena *a, char ***ret, size_t *ret_n,
                        bool basename_ko)
{
        char **out = arena_alloc(a, (n + 1) * sizeof(char *));
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
                char *w = arena_strndup(a, lines[i], strcspn(lines[i], " \t"));
                if (basename_ko) {
                        /* kernel/fs/cramfs/cramfs.ko -> cramfs */
                        char *b = strrchr(w, '/');
                        w = b ? b + 1 : w;
                        char *ext = strstr(w, ".ko");
                        if (ext)
                                *ext = '\0';
                }
                if (*w)
                        out[k++] = modules_normalize(a, w);
        }
        *ret = out;
        *ret_n = k;
}

int modules_open(struct rootfs *root, struct rootfs *procfs, struct arena *a,
                 struct modules **ret, char **ret_error)
{
        struct modules *m = arena_alloc(a, sizeof(*m));
        char *buf;
        size_t len;
        int err;
        if (!procfs) {
                *ret_error = arena_strdup(a, "no /proc: the running kernel is unknown (offline scan)");
                return -ENOENT;
        }
        err = rootfs_read_file(procfs, "sys/kernel/osrelease", 4096, a, &buf, &len);
        if (err < 0) {
                *ret_error = arena_printf(a, "/proc/sys/kernel/osrelease: %s", rootfs_strerror(err));
                return err;
        }
        buf[strcspn(buf, "\n")] = '\0';
        if (!*buf || strchr(buf, '/') || streq(buf, "..") || streq(buf, ".")) {
                *ret_error = arena_printf(a, "/proc/sys/kernel/osrelease: \"%s\" is not a release", buf);
                return -EINVAL;
        }
        m->release = buf;
        char **lines;
        size_t n;
        err = read_lines(procfs, "modules", a, &lines, &n);
        if (err < 0 && err != -ENOENT) {
                *ret_error = arena_printf(a, "/proc/modules: %s", rootfs_strerror(err));
                return err;
        }
        if (err == 0)
                first_words(lines, n, a, &m->loaded, &m->n_loaded, false);
        char *dir = arena_printf(a, "/lib/modules/%s", m->release);
        err = read_lines(root, arena_printf(a, "%s/modules.builtin", dir), a, &lines, &n);
        if (err == 0)
                first_words(lines, n, a, &m->builtin, &m->n_builtin, true);

        /* libkmod opens by name: give it names that stay inside the root. */
        int dfd;
        err = rootfs_openat(root, dir, O_PATH | O_DIRECTORY, &dfd);
        if (err == -ENOENT) {
                *ret = m; /* no modules for this kernel at all: nothing is loadable */
                return 0;
        }
        if (err == 0)
                err = place_fd(dfd, FD_BASE - 1);
        if (err < 0) {
                *ret_error = arena_printf(a, "%s: %s", dir, rootfs_strerror(err));
                return err;
        }
        m->fds[m->n_fds++] = err;
        char *kdir = arena_printf(a, "/proc/self/fd/%d", err);
        char **paths;
        if ((err = collect_config(m, root, a, &paths, ret_error)) < 0) {
                modules_close(m);
                return err;
        }
        if ((err = dlopen_libkmod(a, ret_error)) < 0) {
                modules_close(m);
                return err;
        }
        m->ctx = sym_kmod_new(kdir, (const char *const *)paths);
        if (!m->ctx) {
                *ret_error = arena_strdup(a, "libkmod could not start");
                modules_close(m);
                return -ENOMEM;
        }
        sym_kmod_set_log_priority(m->ctx, 0);
        struct kmod_config_iter *it = sym_kmod_config_get_blacklists(m->ctx);
        size_t cap = 0;
        while (it && sym_kmod_config_iter_next(it)) {
                m->blacklist = (char **)arena_grow(a, (void **)m->blacklist, m->n_blacklist, &cap);
                m->blacklist[m->n_blacklist++] = modules_normalize(a, sym_kmod_config_iter_get_key(it));
        }
        sym_kmod_config_iter_free_iter(it);
        *ret = m;
        return 0;
}

void modules_close(struct modules *m)
{
        if (!m)
                return;
        if (m->ctx)
                sym_kmod_unref(m->ctx);
        m->ctx = NULL;
        while (m->n_fds)
                close(m->fds[--m->n_fds]);
}

static bool disabling(const char *cmd)
{
        static const char *const ok[] = {"/bin/false", "/bin/true", "/usr/bin/false", "/usr/bin/true"};
        for (size_t i = 0; i < ELEMENTSOF(ok); i++)
                if (streq(cmd, ok[i]))
                        return true;
        return false;
}

int modules_state(struct modules *m, const char *name, struct arena *a, struct module_state *ret,
                  char **ret_error)
{
        char *norm = modules_normalize(a, name);
        *ret = (struct module_state){0};
        ret->loaded = str_in_list(norm, m->loaded, m->n_loaded);
        ret->builtin = str_in_list(norm, m->builtin, m->n_builtin);
        ret->blacklisted = str_in_list(norm, m->blacklist, m->n_blacklist);
        ret->no_module_dir = !m->ctx;
        if (!m->ctx)
                return 0;
        struct kmod_list *list = NULL, *l;
        int err = sym_kmod_module_new_from_lookup(m->ctx, norm, &list);
        if (err < 0) {
                *ret_error = arena_printf(a, "libkmod lookup of %s: %s", name, strerror(-err));
                return err;
        }
        for (l = list; l; l = sym_kmod_list_next(list, l)) {
                struct kmod_module *mod = sym_kmod_module_get_module(l);
                const char *path = sym_kmod_module_get_path(mod);
                const char *install = sym_kmod_module_get_install_commands(mod);
                if (path && !ret->path) {
                        /* libkmod names it under /proc/self/fd/N: show it in the root */
                        const char *rel = strstr(path, "/kernel/") ? strstr(path, "/kernel/") : path;
                        ret->path = arena_printf(a, "/lib/modules/%s%s", m->release, rel);
                        if (!strstr(path, "/kernel/"))
                                ret->path = arena_strdup(a, path);
                }
                if (install && !ret->install) {
                        ret->install = arena_strdup(a, install);
                        char **w;
                        size_t nw = str_split(a, install, ' ', &w);
                        ret->disabled = nw >= 1 && disabling(w[0]);
                }
                sym_kmod_module_unref(mod);
        }
        sym_kmod_module_unref_list(list);
        return 0;
}

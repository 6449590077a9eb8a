/* modules: modprobe.d parsed by libkmod from descriptors opened in the root; indexes read here. */
#include "model/modules.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <libkmod.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/confdirs.h"
#include "io/rootfs.h"
#include "parse/modindex.h"
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
        X(kmod_new) X(kmod_unref) X(kmod_set_log_priority) X(kmod_set_log_fn)                 \
        X(kmod_config_get_blacklists) X(kmod_config_get_aliases) X(kmod_config_iter_next)     \
        X(kmod_config_iter_get_key) X(kmod_config_iter_free_iter)                             \
        X(kmod_module_new_from_lookup) X(kmod_module_new_from_name) X(kmod_list_next)         \
        X(kmod_module_get_module) X(kmod_module_get_name) X(kmod_module_get_install_commands) \
        X(kmod_module_unref) X(kmod_module_unref_list)

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
/* With modules.softdep, fds 100..900 keep their names in lexical order. */
#define MAX_CONFIG_FILES 800
#define MAX_INDEX (32u * 1024 * 1024) /* a distribution kernel's modules.alias.bin is 1-2 MiB */

/* An index read on first need: most scans never look past modules.dep.bin. */
struct lazy_index {
        const char *name;
        bool tried;
        int err; /* -ENOENT with why NULL: the file is not there, as kmod allows */
        char *why;
        struct modindex idx;
};

struct modules {
        struct kmod_ctx *ctx;
        struct rootfs *root;
        struct arena *a;
        char *release;
        char *dir; /* /lib/modules/RELEASE */
        char **loaded, **builtin, **blacklist, **aliases;
        size_t n_loaded, n_builtin, n_blacklist, n_aliases;
        struct modindex dep;
        struct lazy_index alias, symbols;
        int fds[MAX_CONFIG_FILES + 2];
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

static const char *file_kind(mode_t mode)
{
        return S_ISFIFO(mode)   ? "a FIFO"
               : S_ISSOCK(mode) ? "a socket"
               : S_ISCHR(mode)  ? "a character device"
               : S_ISBLK(mode)  ? "a block device"
               : S_ISDIR(mode)  ? "a directory"
                                : "not a file";
}

/* Words for ERR on PATH, looking again where that tells more: what a special
 * file is, and a link whose target is not in the root (as an absolute link
 * to the host's files is, read from the root). NULL when PATH is simply not
 * there. */
static char *explain(struct rootfs *root, const char *path, int err, struct arena *a)
{
        struct stat st;
        if (err == -ENOENT)
                return rootfs_lstat(root, path, &st) == 0 && S_ISLNK(st.st_mode)
                               ? arena_printf(a, "%s: a symbolic link that leads nowhere inside "
                                                 "the scanned root", path)
                               : NULL;
        if (err == -ROOTFS_ENOTREG && rootfs_stat(root, path, &st) == 0 && !S_ISREG(st.st_mode))
                return arena_printf(a, "%s: %s, not a regular file", path, file_kind(st.st_mode));
        return arena_printf(a, "%s: %s", path, rootfs_strerror(err));
}

/* A node file, explained on failure; -ENOENT with *WHY NULL when it is
 * simply not there. */
static int read_node_file(struct rootfs *root, const char *path, size_t max, struct arena *a,
                          char **ret_buf, size_t *ret_len, char **why)
{
        int err = rootfs_read_file(root, path, max, a, ret_buf, ret_len);
        if (err < 0)
                *why = explain(root, path, err, a);
        return err;
}

/* Opens PATH for libkmod: a regular file (judged on the descriptor libkmod
 * will read again through /proc/self/fd) of bounded size. */
static int open_config(struct rootfs *root, const char *path, struct arena *a, int *ret_fd,
                       char **why)
{
        struct stat st = {0};
        int fd;
        int err = rootfs_open_regular(root, path, &fd, &st);
        if (err == 0 && (size_t)st.st_size > ROOTFS_MAX_CONFIG) {
                close(fd);
                err = -EFBIG;
        }
        if (err < 0) {
                *why = explain(root, path, err, a);
                return err;
        }
        *ret_fd = fd;
        return 0;
}

static int read_index(struct modules *m, const char *name, struct modindex *ret, char **why)
{
        char *path = arena_printf(m->a, "%s/%s", m->dir, name);
        char *buf;
        size_t len;
        int err = read_node_file(m->root, path, MAX_INDEX, m->a, &buf, &len, why);
        if (err == -ENOENT && !*why)
                return err;
        if (err == 0 && (err = modindex_open(buf, len, ret)) < 0)
                *why = arena_printf(m->a, "%s: not a kmod module index", path);
        return err;
}

static int lazy_index_get(struct modules *m, struct lazy_index *li, struct modindex **ret,
                          char **ret_error)
{
        if (!li->tried) {
                li->err = read_index(m, li->name, &li->idx, &li->why);
                li->tried = true;
        }
        if (li->err < 0) {
                if (li->why)
                        *ret_error = li->why;
                return li->err;
        }
        *ret = &li->idx;
        return 0;
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

/* The modprobe.d files in kmod's order, and modules.softdep, which libkmod
 * reads as one more configuration file sorted among them by its name. */
static int collect_config(struct modules *m, struct arena *a, char ***ret, char **why)
{
        static const struct confdirs_options opts = {
                .suffix = ".conf", .skip_hidden = true, .regular_only = true,
                .same_dir_once = true, .fail_on_error = true, .max = MAX_CONFIG_FILES,
        };
        struct conf_file *confs;
        size_t n;
        const char *dir;
        int err = confdirs_list(m->root, config_dirs, ELEMENTSOF(config_dirs), &opts, a, &confs, &n,
                                &dir);
        if (err == -E2BIG) {
                *why = arena_printf(a, "more than %d modprobe.d files", MAX_CONFIG_FILES);
                return err;
        }
        if (err < 0) {
                *why = arena_printf(a, "%s: %s", dir, rootfs_strerror(err));
                return err;
        }
        const char *softdep = arena_printf(a, "%s/modules.softdep", m->dir);
        size_t at = 0;
        while (at < n && strcmp(confs[at].name, "modules.softdep") < 0)
                at++;
        char **paths = arena_alloc(a, (n + 2) * sizeof(char *));
        size_t k = 0;
        for (size_t i = 0; i <= n; i++) {
                const char *path = i == at ? softdep : confs[i < at ? i : i - 1].path;
                int fd;
                err = open_config(m->root, path, a, &fd, why);
                if (err == -ENOENT && !*why && i == at)
                        continue; /* modules.softdep is optional, as for kmod */
                if (err == 0)
                        err = place_fd(fd, FD_BASE + (int)k);
                if (err < 0) {
                        if (!*why)
                                *why = arena_printf(a, "%s: %s", path, rootfs_strerror(err));
                        return err;
                }
                m->fds[m->n_fds++] = err;
                paths[k++] = arena_printf(a, "/proc/self/fd/%d", err);
        }
        *ret = paths;
        return 0;
}

/* libkmod's module directory: a descriptor of an empty anonymous file, so
 * that every index libkmod would open under it fails at once with ENOTDIR,
 * whatever the node or the host holds. */
static int no_index_dir(struct modules *m, struct arena *a, char **ret, char **why)
{
        int fd = memfd_create("nodeaudit-no-module-index", MFD_CLOEXEC);
        int err = fd < 0 ? -errno : place_fd(fd, FD_BASE - 1);
        if (err < 0) {
                *why = arena_printf(a, "a descriptor for libkmod: %s", strerror(-err));
                return err;
        }
        m->fds[m->n_fds++] = err;
        *ret = arena_printf(a, "/proc/self/fd/%d", err);
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

static ssize_t discard_write(void *cookie, const char *buf, size_t size)
{
        (void)cookie;
        (void)buf;
        return (ssize_t)size;
}

static void discard_log(void *data, int priority, const char *file, int line, const char *fn,
                        const char *format, va_list args)
{
        (void)data, (void)priority, (void)file, (void)line, (void)fn, (void)format, (void)args;
}

/* kmod_new logs to the stderr of the moment while it parses the files (a bad
 * line's first word among what it says: node bytes, terminal escapes too),
 * before a log function can be set. For that call stderr is a stream that
 * keeps nothing (no descriptor, no write); then libkmod logs nowhere. */
static struct kmod_ctx *kmod_new_quiet(const char *dir, const char *const *paths)
{
        static const cookie_io_functions_t discard = {.write = discard_write};
        FILE *quiet = fopencookie(NULL, "w", discard);
        if (!quiet)
                return NULL;
        FILE *saved = stderr;
        stderr = quiet;
        struct kmod_ctx *ctx = sym_kmod_new(dir, paths);
        if (ctx) {
                sym_kmod_set_log_fn(ctx, discard_log, NULL);
                sym_kmod_set_log_priority(ctx, 0);
        }
        stderr = saved;
        fclose(quiet);
        return ctx;
}

static void config_keys(struct kmod_config_iter *it, struct arena *a, char ***ret, size_t *ret_n)
{
        size_t cap = 0;
        while (it && sym_kmod_config_iter_next(it)) {
                *ret = (char **)arena_grow(a, (void **)*ret, *ret_n, &cap);
                (*ret)[(*ret_n)++] = arena_strdup(a, sym_kmod_config_iter_get_key(it));
        }
        sym_kmod_config_iter_free_iter(it);
}

/* The release directory: absent (no modules for this kernel: 0 with
 * *RET_ABSENT), a directory, or an error that says why. */
static int check_release_dir(struct modules *m, bool *ret_absent, char **why)
{
        struct stat st;
        int err = rootfs_stat(m->root, m->dir, &st);
        if (err == 0 && !S_ISDIR(st.st_mode))
                err = -ENOTDIR;
        if (err < 0) {
                *why = explain(m->root, m->dir, err, m->a);
                *ret_absent = !*why;
                return *why ? err : 0;
        }
        *ret_absent = false;
        return 0;
}

static int open_kmod(struct modules *m, struct arena *a, char **why)
{
        bool absent;
        int err = check_release_dir(m, &absent, why);
        if (err < 0 || absent)
                return err;
        *why = NULL;
        err = read_index(m, "modules.dep.bin", &m->dep, why);
        if (err == -ENOENT && !*why)
                *why = arena_printf(a,
                                    "%s/modules.dep.bin: %s (modprobe finds no module without "
                                    "this index, which depmod writes)",
                                    m->dir, strerror(ENOENT));
        if (err < 0)
                return err;
        char **paths, *kdir;
        if ((err = collect_config(m, a, &paths, why)) < 0 ||
            (err = no_index_dir(m, a, &kdir, why)) < 0 || (err = dlopen_libkmod(a, why)) < 0)
                return err;
        m->ctx = kmod_new_quiet(kdir, (const char *const *)paths);
        if (!m->ctx) {
                *why = arena_strdup(a, "libkmod could not start");
                return -ENOMEM;
        }
        config_keys(sym_kmod_config_get_blacklists(m->ctx), a, &m->blacklist, &m->n_blacklist);
        for (size_t i = 0; i < m->n_blacklist; i++)
                m->blacklist[i] = modules_normalize(a, m->blacklist[i]);
        config_keys(sym_kmod_config_get_aliases(m->ctx), a, &m->aliases, &m->n_aliases);
        return 0;
}

int modules_open(struct rootfs *root, struct rootfs *procfs, struct arena *a,
                 struct modules **ret, char **ret_error)
{
        struct modules *m = arena_alloc(a, sizeof(*m));
        char *buf, *why = NULL;
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
        m->root = root;
        m->a = a;
        m->release = buf;
        m->dir = arena_printf(a, "/lib/modules/%s", m->release);
        m->alias.name = "modules.alias.bin";
        m->symbols.name = "modules.symbols.bin";
        char **lines;
        size_t n;
        err = read_lines(procfs, "modules", a, &lines, &n);
        if (err < 0 && err != -ENOENT) {
                *ret_error = arena_printf(a, "/proc/modules: %s", rootfs_strerror(err));
                return err;
        }
        if (err == 0)
                first_words(lines, n, a, &m->loaded, &m->n_loaded, false);
        err = read_node_file(root, arena_printf(a, "%s/modules.builtin", m->dir),
                             ROOTFS_MAX_CONFIG, a, &buf, &len, &why);
        if (err < 0 && why) {
                *ret_error = why;
                return err;
        }
        if (err == 0) {
                n = str_split(a, buf, '\n', &lines);
                first_words(lines, n, a, &m->builtin, &m->n_builtin, true);
        }
        if ((err = open_kmod(m, a, &why)) < 0) {
                *ret_error = why ? why : arena_printf(a, "%s: %s", m->dir, strerror(-err));
                modules_close(m);
                return err;
        }
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

static char *index_error(struct modules *m, const char *file, int err)
{
        return arena_printf(m->a, "%s/%s: %s", m->dir, file,
                            err == -E2BIG ? "too many matches in the index"
                                          : "a malformed kmod index (an offset, a string or a "
                                            "character out of bounds, or a loop)");
}

/* Module names for NAME from an index searched with wildcards, as libkmod's
 * alias lookups; 0 with *RET_N 0 when the index is not there or has none. */
static int wild_names(struct modules *m, struct lazy_index *li, const char *name, char ***ret,
                      size_t *ret_n, char **ret_error)
{
        struct modindex *idx = NULL;
        *ret_n = 0;
        int err = lazy_index_get(m, li, &idx, ret_error);
        if (err == -ENOENT && !li->why)
                return 0;
        if (err < 0)
                return err;
        err = modindex_search_wild(idx, name, m->a, ret, ret_n);
        if (err == -ENOENT)
                return 0;
        if (err < 0)
                *ret_error = index_error(m, li->name, err);
        return err < 0 ? err : 0;
}

/* NAME's line in modules.dep.bin; -ENOENT when it has none. */
static int dep_line(struct modules *m, const char *name, char **ret, char **ret_error)
{
        if (strchr(name, ':'))
                return -ENOENT; /* no module name has one: libkmod does not look */
        int err = modindex_search(&m->dep, name, m->a, ret);
        if (err < 0 && err != -ENOENT)
                *ret_error = index_error(m, "modules.dep.bin", err);
        return err;
}

/* The module file modules.dep.bin gives NAME, shown in the root as libkmod
 * joins it with the module directory; NULL when none. */
static int dep_path(struct modules *m, const char *name, char **ret, char **ret_error)
{
        char *line, *path;
        *ret = NULL;
        int err = dep_line(m, name, &line, ret_error);
        if (err == -ENOENT)
                return 0;
        if (err < 0)
                return err;
        if (modindex_dep_path(line, m->a, &path) < 0)
                return 0; /* a line without a file: libkmod has no path either */
        *ret = path[0] == '/' ? path : arena_printf(m->a, "%s/%s", m->dir, path);
        return 0;
}

/* libkmod's lookup order (kmod_module_new_from_lookup): modprobe.d aliases,
 * modules.dep.bin, modules.symbols.bin for "symbol:" names, install and
 * remove commands, modules.alias.bin. libkmod itself sees no index, so its
 * own lookup answers from modprobe.d alone (aliases, else commands); the
 * index steps are taken here, between. Builtins come from modules.builtin. */
/* *RET_N 0 with KMOD_ANSWER set: take libkmod's answer. */
static int lookup(struct modules *m, const char *norm, const struct kmod_list *kmod_answer,
                  char ***ret, size_t *ret_n, char **ret_error)
{
        char *line;
        *ret_n = 0;
        for (size_t i = 0; kmod_answer && i < m->n_aliases; i++)
                if (fnmatch(m->aliases[i], norm, 0) == 0)
                        return 0; /* the modprobe.d aliases answer */
        int err = dep_line(m, norm, &line, ret_error);
        if (err == 0) {
                *ret = arena_alloc(m->a, 2 * sizeof(char *));
                (*ret)[0] = (char *)norm;
                *ret_n = 1;
                return 0;
        }
        if (err != -ENOENT)
                return err;
        if (strncmp(norm, "symbol:", 7) == 0) {
                err = wild_names(m, &m->symbols, norm, ret, ret_n, ret_error);
                if (err < 0 || *ret_n)
                        return err;
        }
        if (kmod_answer)
                return 0; /* install or remove commands answer */
        return wild_names(m, &m->alias, norm, ret, ret_n, ret_error);
}

/* MOD's file and install command, where no earlier module of the lookup gave one. */
static int module_facts(struct modules *m, struct kmod_module *mod, struct module_state *ret,
                        char **ret_error)
{
        const char *install = sym_kmod_module_get_install_commands(mod);
        if (!ret->path) {
                int err = dep_path(m, sym_kmod_module_get_name(mod), &ret->path, ret_error);
                if (err < 0)
                        return err;
        }
        if (install && !ret->install) {
                ret->install = arena_strdup(m->a, install);
                char **w;
                size_t nw = str_split(m->a, install, ' ', &w);
                ret->disabled = nw >= 1 && disabling(w[0]);
        }
        return 0;
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
        char **names;
        size_t n;
        err = lookup(m, norm, list, &names, &n, ret_error);
        for (size_t i = 0; i < n && err == 0; i++) {
                struct kmod_module *mod;
                err = sym_kmod_module_new_from_name(m->ctx, names[i], &mod);
                if (err < 0) {
                        *ret_error = arena_printf(a, "libkmod module %s: %s", names[i],
                                                  strerror(-err));
                        break;
                }
                err = module_facts(m, mod, ret, ret_error);
                sym_kmod_module_unref(mod);
        }
        for (l = list; l && err == 0 && n == 0; l = sym_kmod_list_next(list, l)) {
                struct kmod_module *mod = sym_kmod_module_get_module(l);
                err = module_facts(m, mod, ret, ret_error);
                sym_kmod_module_unref(mod);
        }
        sym_kmod_module_unref_list(list);
        return err;
}

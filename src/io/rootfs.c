/* rootfs: root-confined resolution with openat2(RESOLVE_IN_ROOT) and a component walker fallback. */
#include "io/rootfs.h"

#include <dirent.h>
#include <fnmatch.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "shared/strutil.h"

#define MAX_SYMLINKS 40
#define MAX_DEPTH 256
#define MAX_PATH 4096

struct rootfs {
        int fd;
        char *path;
        bool fallback;
};

static bool openat2_missing; /* remembered once the kernel says ENOSYS */

int rootfs_open(const char *dir, struct rootfs **ret)
{
        int fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        struct rootfs *r = calloc(1, sizeof(*r));
        if (!r) {
                close(fd);
                return -ENOMEM;
        }
        r->fd = fd;
        r->path = strdup(dir);
        if (!r->path) {
                close(fd);
                free(r);
                return -ENOMEM;
        }
        *ret = r;
        return 0;
}

void rootfs_close(struct rootfs *r)
{
        if (!r)
                return;
        close(r->fd);
        free(r->path);
        free(r);
}

const char *rootfs_path(const struct rootfs *r)
{
        return r->path;
}

int rootfs_fd(const struct rootfs *r)
{
        return r->fd;
}

void rootfs_set_fallback(struct rootfs *r, bool fallback)
{
        r->fallback = fallback;
}

bool rootfs_uses_openat2(const struct rootfs *r)
{
        return !r->fallback && !openat2_missing;
}

const char *rootfs_strerror(int err)
{
        switch (err < 0 ? -err : err) {
        case ROOTFS_ENOTREG:
                return "not a regular file";
        case EFBIG:
                return "file exceeds the size limit";
        case ELOOP:
                return "too many levels of symbolic links, or a link that leaves the root";
        case ENAMETOOLONG:
                return "path too long";
        case EXDEV:
                return "path escapes the scanned root";
        default:
                return strerror(err < 0 ? -err : err);
        }
}

static int try_openat2(int dirfd, const char *path, int flags)
{
        struct open_how how = {
                .flags = (unsigned long long)flags,
                .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
        };
        for (int i = 0; i < 8; i++) {
                long fd = syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
                if (fd >= 0)
                        return (int)fd;
                if (errno != EAGAIN)
                        return -errno; /* EAGAIN: a concurrent rename; try again */
        }
        return -EAGAIN;
}

/* Splits PATH into components pushed on the front of QUEUE (a stack, last
 * element next). */
struct walk {
        char *comp[MAX_DEPTH * 2];
        size_t n;
};

static int walk_push_path(struct walk *w, const char *path)
{
        /* Push in reverse so the first component is popped first. */
        size_t len = strlen(path);
        size_t end = len;
        while (end > 0) {
                while (end > 0 && path[end - 1] == '/')
                        end--;
                size_t start = end;
                while (start > 0 && path[start - 1] != '/')
                        start--;
                if (start == end)
                        break;
                if (w->n >= ELEMENTSOF(w->comp))
                        return -ENAMETOOLONG;
                w->comp[w->n] = strndup(path + start, end - start);
                if (!w->comp[w->n])
                        return -ENOMEM;
                w->n++;
                end = start;
        }
        return 0;
}

static void walk_free(struct walk *w)
{
        for (size_t i = 0; i < w->n; i++)
                free(w->comp[i]);
        w->n = 0;
}

static void fds_close(int *fds, size_t *n)
{
        while (*n > 1)
                close(fds[--(*n)]);
}

/* User-space resolver: one component at a time with O_NOFOLLOW; symlink text
 * is resolved against the root, ".." never climbs above it. */
static int fallback_open(int rootfd, const char *path, int flags)
{
        int fds[MAX_DEPTH + 1];
        size_t nfds = 1;
        struct walk w = {0};
        int links = 0, r;

        fds[0] = rootfd;
        if (strlen(path) >= MAX_PATH)
                return -ENAMETOOLONG;
        r = walk_push_path(&w, path);
        if (r < 0)
                goto out;
        if (w.n == 0) {
                r = openat(rootfd, ".", flags);
                r = r < 0 ? -errno : r;
                goto out;
        }
        while (w.n > 0) {
                char *c = w.comp[--w.n];
                bool last = w.n == 0;
                int cur = fds[nfds - 1];
                if (streq(c, ".") || streq(c, "..")) {
                        if (streq(c, "..") && nfds > 1)
                                close(fds[--nfds]);
                        free(c);
                        if (last) {
                                r = openat(fds[nfds - 1], ".", flags);
                                r = r < 0 ? -errno : r;
                                goto out;
                        }
                        continue;
                }
                int fd = openat(cur, c, O_PATH | O_NOFOLLOW | O_CLOEXEC);
                if (fd < 0) {
                        r = -errno;
                        free(c);
                        goto out;
                }
                struct stat st;
                if (fstat(fd, &st) < 0) {
                        r = -errno;
                        close(fd);
                        free(c);
                        goto out;
                }
                if (S_ISLNK(st.st_mode) && last && (flags & O_NOFOLLOW) && (flags & O_PATH)) {
                        free(c);
                        r = fd; /* the link itself */
                        goto out;
                }
                if (S_ISLNK(st.st_mode)) {
                        char target[MAX_PATH];
                        ssize_t n = readlinkat(fd, "", target, sizeof(target) - 1);
                        close(fd);
                        free(c);
                        if (n < 0) {
                                r = -errno;
                                goto out;
                        }
                        target[n] = '\0';
                        if (++links > MAX_SYMLINKS) {
                                r = -ELOOP;
                                goto out;
                        }
                        if (target[0] == '/')
                                fds_close(fds, &nfds);
                        r = walk_push_path(&w, target);
                        if (r < 0)
                                goto out;
                        if (w.n == 0) { /* link to "/" as last component */
                                r = openat(fds[nfds - 1], ".", flags);
                                r = r < 0 ? -errno : r;
                                goto out;
                        }
                        continue;
                }
                if (last) {
                        close(fd);
                        r = openat(cur, c, flags | O_NOFOLLOW);
                        r = r < 0 ? -errno : r;
                        free(c);
                        goto out;
                }
                free(c);
                if (!S_ISDIR(st.st_mode)) {
                        close(fd);
                        r = -ENOTDIR;
                        goto out;
                }
                if (nfds > MAX_DEPTH) {
                        close(fd);
                        r = -ENAMETOOLONG;
                        goto out;
                }
                fds[nfds++] = fd;
        }
        r = -ENOENT;
out:
        walk_free(&w);
        fds_close(fds, &nfds);
        return r;
}

static int resolve_open(struct rootfs *rfs, const char *path, int flags)
{
        const char *rel = path;
        while (*rel == '/')
                rel++;
        if (!*rel)
                rel = ".";
        /* openat2 refuses O_PATH combined with anything but these. */
        if (flags & O_PATH)
                flags &= O_PATH | O_DIRECTORY | O_NOFOLLOW;
        else
                flags |= O_NOCTTY | O_NONBLOCK;
        flags |= O_CLOEXEC;
        if (!rfs->fallback && !openat2_missing) {
                int fd = try_openat2(rfs->fd, rel, flags);
                if (fd != -ENOSYS)
                        return fd;
                openat2_missing = true;
        }
        return fallback_open(rfs->fd, rel, flags);
}

int rootfs_openat(struct rootfs *r, const char *path, int flags, int *ret_fd)
{
        if (!path)
                return -EINVAL;
        int fd = resolve_open(r, path, flags);
        if (fd < 0)
                return fd;
        *ret_fd = fd;
        return 0;
}

int rootfs_stat(struct rootfs *r, const char *path, struct stat *ret)
{
        int fd;
        int err = rootfs_openat(r, path, O_PATH, &fd);
        if (err < 0)
                return err;
        err = fstat(fd, ret) < 0 ? -errno : 0;
        close(fd);
        return err;
}

int rootfs_lstat(struct rootfs *r, const char *path, struct stat *ret)
{
        int fd;
        int err = rootfs_openat(r, path, O_PATH | O_NOFOLLOW, &fd);
        if (err < 0)
                return err;
        err = fstat(fd, ret) < 0 ? -errno : 0;
        close(fd);
        return err;
}

int fd_read_all(int fd, size_t max, struct arena *a, char **ret_buf, size_t *ret_len)
{
        struct strbuf sb = {0};
        char chunk[16384];
        int err = 0;
        for (;;) {
                ssize_t n = read(fd, chunk, sizeof(chunk));
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        err = -errno;
                        break;
                }
                if (n == 0)
                        break;
                if (sb.len + (size_t)n > max) {
                        err = -EFBIG;
                        break;
                }
                strbuf_putn(&sb, chunk, (size_t)n);
        }
        if (err == 0) {
                *ret_buf = arena_strndup(a, sb.buf ? sb.buf : "", sb.len);
                *ret_len = sb.len;
        }
        strbuf_free(&sb);
        return err;
}

static bool no_proc_self_fd; /* the scanner's own /proc is not there */

int rootfs_open_regular(struct rootfs *r, const char *path, int *ret_fd, struct stat *ret_st)
{
        struct stat st, st2;
        int pfd, fd, err;
        /* Look first, on a descriptor that reads nothing (opening a FIFO or a
         * device for reading can have effects: a writer wakes up, a tape rewinds). */
        err = rootfs_openat(r, path, O_PATH, &pfd);
        if (err < 0)
                return err;
        if (fstat(pfd, &st) < 0) {
                err = -errno;
                close(pfd);
                return err;
        }
        if (!S_ISREG(st.st_mode)) {
                close(pfd);
                return -ROOTFS_ENOTREG;
        }
        /* Then open that very file, not whatever the path names by now: the
         * O_PATH descriptor reopened through /proc/self/fd is the same inode. */
        fd = -1;
        if (!no_proc_self_fd) {
                char self[64];
                snprintf(self, sizeof(self), "/proc/self/fd/%d", pfd);
                fd = open(self, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
                if (fd < 0 && errno == ENOENT)
                        no_proc_self_fd = true;
        }
        close(pfd);
        if (fd >= 0) {
                /* the descriptor looked at, reopened: its fstat holds */
                *ret_fd = fd;
                if (ret_st)
                        *ret_st = st;
                return 0;
        }
        err = rootfs_openat(r, path, O_RDONLY, &fd); /* O_NONBLOCK: a FIFO does not block */
        if (err < 0)
                return err;
        /* Judged on the descriptor that is read. */
        if (fstat(fd, &st2) < 0 || !S_ISREG(st2.st_mode) || st2.st_ino != st.st_ino ||
            st2.st_dev != st.st_dev) {
                close(fd);
                return -ROOTFS_ENOTREG; /* swapped under us */
        }
        *ret_fd = fd;
        if (ret_st)
                *ret_st = st2;
        return 0;
}

int rootfs_read_file(struct rootfs *r, const char *path, size_t max, struct arena *a,
                     char **ret_buf, size_t *ret_len)
{
        struct stat st = {0};
        int fd;
        int err = rootfs_open_regular(r, path, &fd, &st);
        if (err < 0)
                return err;
        if ((size_t)st.st_size > max) {
                close(fd);
                return -EFBIG;
        }
        err = fd_read_all(fd, max, a, ret_buf, ret_len);
        close(fd);
        return err;
}

static int split_parent(const char *path, char **ret_dir, const char **ret_base)
{
        const char *slash = strrchr(path, '/');
        if (!slash) {
                *ret_dir = strdup(".");
                *ret_base = path;
        } else {
                *ret_dir = strndup(path, (size_t)(slash - path) + 1);
                *ret_base = slash + 1;
        }
        if (!*ret_dir)
                return -ENOMEM;
        return **ret_base ? 0 : -EINVAL;
}

int rootfs_readlink(struct rootfs *r, const char *path, struct arena *a, char **ret)
{
        char *dir;
        const char *base;
        int err = split_parent(path, &dir, &base);
        if (err < 0) {
                free(dir);
                return err;
        }
        int dfd;
        err = rootfs_openat(r, dir, O_PATH | O_DIRECTORY, &dfd);
        free(dir);
        if (err < 0)
                return err;
        char buf[MAX_PATH];
        ssize_t n = readlinkat(dfd, base, buf, sizeof(buf) - 1);
        err = n < 0 ? -errno : 0;
        close(dfd);
        if (err < 0)
                return err;
        *ret = arena_strndup(a, buf, (size_t)n);
        return 0;
}

static int cmp_str(const void *x, const void *y)
{
        return strcmp(*(char *const *)x, *(char *const *)y);
}

static int cmp_dirent(const void *x, const void *y)
{
        return strcmp(((const struct rootfs_dirent *)x)->name, ((const struct rootfs_dirent *)y)->name);
}

/* The entries of PATH, sorted; with WITH_STAT each one's lstat, taken by
 * fstatat on the directory's own descriptor. */
static int list_dir(struct rootfs *r, const char *path, struct arena *a, bool with_stat,
                    struct rootfs_dirent **ret, size_t *ret_n)
{
        int fd;
        int err = rootfs_openat(r, path, O_RDONLY | O_DIRECTORY, &fd);
        if (err < 0)
                return err;
        DIR *d = fdopendir(fd);
        if (!d) {
                err = -errno;
                close(fd);
                return err;
        }
        struct rootfs_dirent *ents = NULL;
        size_t n = 0, cap = 0;
        struct dirent *de;
        while ((de = readdir(d))) {
                if (streq(de->d_name, ".") || streq(de->d_name, ".."))
                        continue;
                if (n >= ROOTFS_MAX_DIR_ENTRIES) {
                        err = -E2BIG;
                        break;
                }
                ents = arena_grow_items(a, ents, n, &cap, sizeof(*ents));
                struct rootfs_dirent *e = &ents[n++];
                e->name = arena_strdup(a, de->d_name);
                e->err = !with_stat ? -ENODATA
                         : fstatat(dirfd(d), de->d_name, &e->st, AT_SYMLINK_NOFOLLOW) < 0 ? -errno : 0;
        }
        closedir(d);
        if (err < 0)
                return err;
        if (n)
                qsort(ents, n, sizeof(*ents), cmp_dirent);
        *ret = ents;
        *ret_n = n;
        return 0;
}

int rootfs_list_dir_stat(struct rootfs *r, const char *path, struct arena *a,
                         struct rootfs_dirent **ret, size_t *ret_n)
{
        return list_dir(r, path, a, true, ret, ret_n);
}

int rootfs_list_dir(struct rootfs *r, const char *path, struct arena *a, char ***ret_names,
                    size_t *ret_n)
{
        struct rootfs_dirent *ents = NULL;
        size_t n = 0;
        int err = list_dir(r, path, a, false, &ents, &n);
        if (err < 0)
                return err;
        char **names = arena_alloc(a, (n + 1) * sizeof(*names));
        for (size_t i = 0; i < n; i++)
                names[i] = ents[i].name;
        *ret_names = names;
        *ret_n = n;
        return 0;
}

int rootfs_from_fd(int fd, const char *label, struct rootfs **ret)
{
        struct rootfs *r = calloc(1, sizeof(*r));
        if (!r)
                return -ENOMEM;
        r->fd = fd;
        r->path = strdup(label);
        if (!r->path) {
                free(r);
                return -ENOMEM;
        }
        *ret = r;
        return 0;
}


#define GLOB_MAX_RESULTS 1024
#define GLOB_MAX_LISTINGS 256 /* directories listed for one pattern */

static bool has_magic(const char *s)
{
        return strpbrk(s, "*?[") != NULL;
}

struct globber {
        struct rootfs *r;
        char **comps;
        size_t n;
        struct arena *a;
        char **items;
        size_t count, cap, listings;
        bool stopped; /* a limit was reached */
};

static void glob_rec(struct globber *g, const char *base, size_t i)
{
        if (g->stopped)
                return;
        if (g->count >= GLOB_MAX_RESULTS) {
                g->stopped = true;
                return;
        }
        if (i == g->n) {
                struct stat st;
                if (rootfs_stat(g->r, base, &st) == 0) {
                        g->items = (char **)arena_grow(g->a, (void **)g->items, g->count, &g->cap);
                        g->items[g->count++] = arena_strdup(g->a, base);
                }
                return;
        }
        const char *sep = str_endswith(base, "/") ? "" : "/";
        if (!has_magic(g->comps[i])) {
                glob_rec(g, arena_printf(g->a, "%s%s%s", base, sep, g->comps[i]), i + 1);
                return;
        }
        /* Links to "." make every level list the same directory again: the
         * work, not only the results, is bounded. */
        if (++g->listings > GLOB_MAX_LISTINGS) {
                g->stopped = true;
                return;
        }
        char **names = NULL;
        size_t nn = 0;
        if (rootfs_list_dir(g->r, base, g->a, &names, &nn) < 0)
                return;
        for (size_t j = 0; j < nn; j++)
                if (fnmatch(g->comps[i], names[j], FNM_PERIOD) == 0)
                        glob_rec(g, arena_printf(g->a, "%s%s%s", base, sep, names[j]), i + 1);
}

int rootfs_glob(struct rootfs *r, const char *pattern, struct arena *a, char ***ret,
                size_t *ret_n)
{
        struct globber g = {.r = r, .a = a};
        g.n = str_split(a, pattern, '/', &g.comps);
        glob_rec(&g, pattern[0] == '/' ? "/" : ".", 0);
        if (g.count)
                qsort(g.items, g.count, sizeof(*g.items), cmp_str);
        *ret = g.items;
        *ret_n = g.count;
        return g.stopped ? -E2BIG : 0;
}

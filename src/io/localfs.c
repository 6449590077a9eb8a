/* localfs: reading the scanner's own files, with a diagnostic naming the file. */
#include "io/localfs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/rootfs.h"
#include "security/caller.h"
#include "shared/diag.h"
#include "shared/strutil.h"

int localfs_read(const char *path, size_t max, struct arena *a, char **ret, size_t *ret_len,
                 struct diag *d)
{
        int err = local_read_file(path, max, a, ret, ret_len);
        if (err < 0)
                diag_set(d, path, 0, 0, "%s", rootfs_strerror(err));
        return err;
}

static int read_file(const char *path, size_t max, struct arena *a, char **ret_buf,
                     size_t *ret_len)
{
        int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
        if (fd < 0)
                return -errno;
        struct stat st;
        int err = fstat(fd, &st) < 0 ? -errno : 0;
        if (err == 0 && !S_ISREG(st.st_mode))
                err = -ROOTFS_ENOTREG;
        if (err == 0)
                err = fd_read_all(fd, max, a, ret_buf, ret_len);
        close(fd);
        return err;
}

static int cmp_str(const void *x, const void *y)
{
        return strcmp(*(char *const *)x, *(char *const *)y);
}

static int find_rec(const char *dir, const char *suffix, int depth, struct arena *a,
                    char ***items, size_t *n, size_t *cap)
{
        if (depth > 8)
                return -ELOOP;
        int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        DIR *d = fdopendir(fd);
        if (!d) {
                int err = -errno;
                close(fd);
                return err;
        }
        struct dirent *de;
        int err = 0;
        while ((de = readdir(d)) && err == 0) {
                if (de->d_name[0] == '.')
                        continue;
                char *p = arena_printf(a, "%s/%s", dir, de->d_name);
                struct stat st;
                if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
                        continue;
                /* A linked file counts; a linked directory is not walked (no loops). */
                if (S_ISLNK(st.st_mode) &&
                    (fstatat(dirfd(d), de->d_name, &st, 0) < 0 || S_ISDIR(st.st_mode)))
                        continue;
                if (S_ISDIR(st.st_mode))
                        err = find_rec(p, suffix, depth + 1, a, items, n, cap);
                else if (S_ISREG(st.st_mode) && str_endswith(de->d_name, suffix)) {
                        if (*n >= ROOTFS_MAX_DIR_ENTRIES)
                                err = -E2BIG;
                        else {
                                *items = (char **)arena_grow(a, (void **)*items, *n, cap);
                                (*items)[(*n)++] = p;
                        }
                }
        }
        closedir(d);
        return err;
}

static int find_files(const char *dir, const char *suffix, struct arena *a, char ***ret,
                      size_t *ret_n)
{
        char **items = NULL;
        size_t n = 0, cap = 0;
        int err = find_rec(dir, suffix, 0, a, &items, &n, &cap);
        if (err < 0)
                return err;
        if (n)
                qsort(items, n, sizeof(*items), cmp_str);
        *ret = items;
        *ret_n = n;
        return 0;
}

/* The caller's files, opened with the caller's rights (security/caller.h):
 * installed with file capabilities, the scanner reads for an unprivileged
 * caller nothing that caller could not read. */
int local_read_file(const char *path, size_t max, struct arena *a, char **ret_buf,
                    size_t *ret_len)
{
        caller_begin();
        int err = read_file(path, max, a, ret_buf, ret_len);
        caller_end();
        return err;
}

int local_find_files(const char *dir, const char *suffix, struct arena *a, char ***ret,
                     size_t *ret_n)
{
        caller_begin();
        int err = find_files(dir, suffix, a, ret, ret_n);
        caller_end();
        return err;
}

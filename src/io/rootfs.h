/* rootfs: every open, stat, readlink and directory listing of node files, confined to one root. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#include "shared/arena.h"

/* Size caps: every read is bounded. */
#define ROOTFS_MAX_CONFIG (4u * 1024 * 1024)
#define ROOTFS_MAX_DIR_ENTRIES 4096

/* Not a regular file where one is expected (FIFO, socket, device, directory). */
#define ROOTFS_ENOTREG EMEDIUMTYPE

struct rootfs;

/* Opens DIR as the root; every later path is resolved inside it. */
int rootfs_open(const char *dir, struct rootfs **ret);
void rootfs_close(struct rootfs *r);
const char *rootfs_path(const struct rootfs *r);
/* Test hook: resolve with the user-space walker even where openat2 exists. */
void rootfs_set_fallback(struct rootfs *r, bool fallback);
bool rootfs_uses_openat2(const struct rootfs *r);

/* Opens PATH (absolute or relative, both inside the root) following symlinks
 * inside the root. FLAGS is O_RDONLY, O_PATH or O_DIRECTORY combinations;
 * O_CLOEXEC, O_NOCTTY and O_NONBLOCK are always added. */
int rootfs_openat(struct rootfs *r, const char *path, int flags, int *ret_fd);
int rootfs_stat(struct rootfs *r, const char *path, struct stat *ret);
/* Like rootfs_stat, but a symlink as the last component is not followed. */
int rootfs_lstat(struct rootfs *r, const char *path, struct stat *ret);
/* Opens PATH for reading only when it is a regular file, judged on the
 * descriptor returned (never a FIFO, socket or device, even one swapped in
 * after a look): -ROOTFS_ENOTREG otherwise. *RET_ST (may be NULL): its fstat. */
int rootfs_open_regular(struct rootfs *r, const char *path, int *ret_fd, struct stat *ret_st);
/* Reads a regular file of at most MAX bytes; the buffer is NUL-terminated. */
int rootfs_read_file(struct rootfs *r, const char *path, size_t max, struct arena *a,
                     char **ret_buf, size_t *ret_len);
/* The text of the symlink PATH (its last component is not followed). */
int rootfs_readlink(struct rootfs *r, const char *path, struct arena *a, char **ret);
/* Sorted entry names of a directory, without "." and "..". */
struct rootfs_dirent {
        char *name;
        struct stat st; /* lstat: a symlink is described, not followed */
        int err;        /* the lstat's -errno (0: st is valid) */
};
/* The entries of PATH, sorted, each with its lstat taken relative to the
 * directory's own descriptor (a name without a slash, not followed): one
 * open for the directory and one fstatat a name. */
int rootfs_list_dir_stat(struct rootfs *r, const char *path, struct arena *a,
                         struct rootfs_dirent **ret, size_t *ret_n);
int rootfs_list_dir(struct rootfs *r, const char *path, struct arena *a, char ***ret_names,
                    size_t *ret_n);
/* The directory fd of the root itself (O_PATH). */
int rootfs_fd(const struct rootfs *r);

/* Words for an error returned by this module. */
const char *rootfs_strerror(int err);

/* Wraps an already-open directory fd (taken over) as a root labelled LABEL. */
int rootfs_from_fd(int fd, const char *label, struct rootfs **ret);

/* Reads FD to its end, at most MAX bytes (more: -EFBIG), NUL-terminated. */
int fd_read_all(int fd, size_t max, struct arena *a, char **ret_buf, size_t *ret_len);

/* Expands a glob(3)-style PATTERN (wildcards in any component, a leading dot
 * matched only literally) inside the root; sorted. No match: zero results.
 * -E2BIG (with the results so far) past 1,024 results or 256 directories
 * listed: links to "." cannot make a pattern walk without end. */
int rootfs_glob(struct rootfs *r, const char *pattern, struct arena *a, char ***ret,
                size_t *ret_n);

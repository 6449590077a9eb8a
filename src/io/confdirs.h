/* confdirs: ordered configuration directories — the one implementation of
 * "the same name in an earlier directory hides it in a later one, then the
 * files apply in name order" that systemd, kmod, sysctl and the kubelet share. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct rootfs;

struct confdirs_options {
        const char *suffix;  /* names end so (NULL: any name) */
        const char *glob;    /* ... or match this shell glob (NULL: any) */
        bool skip_hidden;    /* leave out names that start with '.' */
        bool regular_only;   /* only what stat (links followed) says is a regular file */
        bool skip_dirs;      /* leave out what stat says is a directory */
        bool same_dir_once;  /* a directory that is an earlier one (device and inode:
                                /lib is /usr/lib on merged-usr systems) is read once */
        bool fail_on_error;  /* a directory that exists but cannot be listed is an error
                                (else it is passed over, as a missing one always is) */
        size_t max;          /* more files than this: -E2BIG (0: no limit) */
};

struct conf_file {
        char *name; /* the file name, which orders and shadows */
        char *path; /* DIR/NAME */
};

/* The files of DIRS in ROOT as O says, each name once (the first directory
 * that has it wins), sorted by name. On failure *RET_DIR names the directory
 * (or is NULL for -E2BIG). */
int confdirs_list(struct rootfs *root, const char *const *dirs, size_t n_dirs,
                  const struct confdirs_options *o, struct arena *a, struct conf_file **ret,
                  size_t *ret_n, const char **ret_dir);

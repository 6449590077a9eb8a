/* confdirs: ordered configuration directories with same-name shadowing. */
#include "io/confdirs.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "io/rootfs.h"
#include "shared/inode-set.h"
#include "shared/strutil.h"

static int cmp_name(const void *x, const void *y)
{
        return strcmp(((const struct conf_file *)x)->name, ((const struct conf_file *)y)->name);
}

static bool wanted(const struct confdirs_options *o, const char *name)
{
        if (o->skip_hidden && name[0] == '.')
                return false;
        if (o->suffix && !str_endswith(name, o->suffix))
                return false;
        return !o->glob || fnmatch(o->glob, name, 0) == 0;
}

int confdirs_list(struct rootfs *root, const char *const *dirs, size_t n_dirs,
                  const struct confdirs_options *o, struct arena *a, struct conf_file **ret,
                  size_t *ret_n, const char **ret_dir)
{
        struct conf_file *files = NULL;
        size_t n = 0, cap = 0;
        struct inode_set seen = {0};
        *ret_dir = NULL;
        for (size_t d = 0; d < n_dirs; d++) {
                struct stat st;
                if (o->same_dir_once) {
                        if (rootfs_stat(root, dirs[d], &st) < 0 || !S_ISDIR(st.st_mode))
                                continue;
                        if (!inode_set_add(&seen, st.st_dev, st.st_ino, a))
                                continue;
                }
                char **names = NULL;
                size_t nn = 0;
                int err = rootfs_list_dir(root, dirs[d], a, &names, &nn);
                if (err == -ENOENT || (err < 0 && !o->fail_on_error))
                        continue;
                if (err < 0) {
                        *ret_dir = dirs[d];
                        return err;
                }
                for (size_t i = 0; i < nn; i++) {
                        if (!wanted(o, names[i]))
                                continue;
                        bool shadowed = false;
                        for (size_t j = 0; j < n && !shadowed; j++)
                                shadowed = streq(files[j].name, names[i]);
                        if (shadowed)
                                continue;
                        char *p = arena_printf(a, "%s%s%s", dirs[d],
                                               str_endswith(dirs[d], "/") ? "" : "/", names[i]);
                        if (o->regular_only &&
                            (rootfs_stat(root, p, &st) < 0 || !S_ISREG(st.st_mode)))
                                continue;
                        if (o->skip_dirs && rootfs_stat(root, p, &st) == 0 && S_ISDIR(st.st_mode))
                                continue;
                        if (o->max && n >= o->max)
                                return -E2BIG;
                        files = arena_grow_items(a, files, n, &cap, sizeof(*files));
                        files[n].name = names[i];
                        files[n++].path = p;
                }
        }
        if (n > 1)
                qsort(files, n, sizeof(*files), cmp_name);
        *ret = files;
        *ret_n = n;
        return 0;
}

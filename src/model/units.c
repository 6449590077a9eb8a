/* units: the files systemd reads for a unit, in the order it applies them. */
#include "model/units.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "io/confdirs.h"
#include "io/rootfs.h"
#include "model/node.h"
#include "shared/strutil.h"

static const char *const unit_dirs[] = {
        "/etc/systemd/system", "/run/systemd/system", "/usr/local/lib/systemd/system",
        "/usr/lib/systemd/system", "/lib/systemd/system",
};

void node_unit_files(struct node *node, const char *unit, char ***ret, size_t *ret_n)
{
        struct arena *a = node->a;
        const char *dot = strrchr(unit, '.');
        char *type_dir = arena_printf(a, "%s.d", dot ? dot + 1 : unit);
        char *unit_dir = arena_printf(a, "%s.d", unit);
        char *main = NULL;
        const char *dirs[2 * ELEMENTSOF(unit_dirs)];
        for (size_t i = 0; i < ELEMENTSOF(unit_dirs); i++) {
                struct stat st;
                char *u = arena_printf(a, "%s/%s", unit_dirs[i], unit);
                if (!main && rootfs_lstat(node->root, u, &st) == 0)
                        main = u;
                dirs[2 * i] = arena_printf(a, "%s/%s", unit_dirs[i], unit_dir);
                dirs[2 * i + 1] = arena_printf(a, "%s/%s", unit_dirs[i], type_dir);
        }
        static const struct confdirs_options opts = {.suffix = ".conf"};
        struct conf_file *files;
        size_t n;
        const char *failed;
        confdirs_list(node->root, dirs, ELEMENTSOF(dirs), &opts, a, &files, &n, &failed);
        char **out = arena_alloc(a, (n + 2) * sizeof(*out));
        size_t k = 0;
        if (main)
                out[k++] = main;
        for (size_t i = 0; i < n; i++)
                out[k++] = files[i].path;
        *ret = out;
        *ret_n = k;
}


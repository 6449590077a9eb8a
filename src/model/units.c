/* units: the files systemd reads for a unit, in the order it applies them. */
#include "model/units.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "io/rootfs.h"
#include "model/node.h"
#include "shared/strutil.h"

static const char *const unit_dirs[] = {
        "/etc/systemd/system", "/run/systemd/system", "/usr/local/lib/systemd/system",
        "/usr/lib/systemd/system", "/lib/systemd/system",
};

static int cmp_base(const void *x, const void *y)
{
        const char *a = strrchr(*(char *const *)x, '/'), *b = strrchr(*(char *const *)y, '/');
        return strcmp(a ? a + 1 : *(char *const *)x, b ? b + 1 : *(char *const *)y);
}

/* The files systemd reads for UNIT, in the order it applies them: the unit
 * file from the first unit directory that has one, then the drop-ins
 * (UNIT.d/\*.conf, and TYPE.d/\*.conf for every unit of its type) sorted by
 * file name, a name in an earlier directory hiding the same name later on.
 * systemd is the host's: units live in the node root. */
void node_unit_files(struct node *node, const char *unit, char ***ret, size_t *ret_n)
{
        struct arena *a = node->a;
        const char *dot = strrchr(unit, '.');
        char *type_dir = arena_printf(a, "%s.d", dot ? dot + 1 : unit);
        char *unit_dir = arena_printf(a, "%s.d", unit);
        char **files = NULL, *main = NULL;
        size_t n = 0, cap = 0;
        for (size_t i = 0; i < ELEMENTSOF(unit_dirs); i++) {
                struct stat st;
                char *u = arena_printf(a, "%s/%s", unit_dirs[i], unit);
                if (!main && rootfs_lstat(node->root, u, &st) == 0)
                        main = u;
                const char *dropin_dirs[] = {unit_dir, type_dir};
                for (size_t k = 0; k < ELEMENTSOF(dropin_dirs); k++) {
                        char **names = NULL;
                        size_t nn = 0;
                        char *dir = arena_printf(a, "%s/%s", unit_dirs[i], dropin_dirs[k]);
                        if (rootfs_list_dir(node->root, dir, a, &names, &nn) < 0)
                                continue;
                        for (size_t j = 0; j < nn; j++) {
                                if (!str_endswith(names[j], ".conf"))
                                        continue;
                                bool hidden = false;
                                for (size_t m = 0; m < n && !hidden; m++)
                                        hidden = streq(strrchr(files[m], '/') + 1, names[j]);
                                if (hidden)
                                        continue;
                                files = arena_grow_items(a, files, n, &cap, sizeof(*files));
                                files[n++] = arena_printf(a, "%s/%s", dir, names[j]);
                        }
                }
        }
        if (n)
                qsort(files, n, sizeof(*files), cmp_base);
        char **out = arena_alloc(a, (n + 2) * sizeof(*out));
        size_t k = 0;
        if (main)
                out[k++] = main;
        for (size_t i = 0; i < n; i++)
                out[k++] = files[i];
        *ret = out;
        *ret_n = k;
}


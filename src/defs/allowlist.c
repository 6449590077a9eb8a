/* allowlist: the processes a node is expected to run. */
#include "defs/allowlist.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "io/localfs.h"
#include "defs/fields.h"
#include "io/rootfs.h"
#include "parse/ydocpack.h"
#include "shared/strutil.h"

static int parse_entry(const struct ynode *n, const char *file, struct arena *a,
                       struct allow_entry *e, struct diag *d)
{
        static const char *const roles[] = {"worker", "control-plane", "host"};
        struct fields {
                const char *exe, *argv0;
                bool any_exe;
                struct field_list roles;
        } f = {0};
        static const struct field table[] = {
                FIELD("exe", FIELD_STR, false, struct fields, exe),
                FIELD("argv0", FIELD_STR, false, struct fields, argv0),
                FIELD("any-exe", FIELD_BOOL, false, struct fields, any_exe),
                FIELD("roles", FIELD_LIST, false, struct fields, roles),
        };
        int err = fields_read(n, table, ELEMENTSOF(table), "an allowlist entry", file, a, &f, d);
        if (err < 0)
                return err;
        const char *exe = f.exe, *argv0 = f.argv0;
        e->any_exe = f.any_exe;
        e->roles = f.roles.v;
        e->n_roles = f.roles.n;
        if (!exe && !argv0)
                return ydef_fail(d, file, n, "%s", "an entry names exe, argv0 or both");
        if (e->any_exe && (exe || !argv0))
                return ydef_fail(d, file, ynode_get(n, "any-exe"), "%s",
                                 "any-exe goes with argv0 alone (with exe, the exe glob says where)");
        if (exe && (!*exe || exe[0] != '/'))
                return ydef_fail(d, file, ynode_get(n, "exe"), "exe \"%s\" must be an absolute path",
                                 exe);
        if (argv0 && !*argv0)
                return ydef_fail(d, file, ynode_get(n, "argv0"), "%s", "argv0 is empty");
        if (ynode_get(n, "roles") && !e->n_roles)
                return ydef_fail(d, file, ynode_get(n, "roles"), "%s",
                                 "roles is empty: leave it out for every role");
        for (size_t i = 0; i < e->n_roles; i++)
                if (!str_in_list(e->roles[i], (char *const *)roles, ELEMENTSOF(roles)))
                        return ydef_fail(d, file, ynode_get(n, "roles"),
                                         "unknown role \"%s\" (worker, control-plane, host)",
                                         e->roles[i]);
        e->exe = arena_strdup(a, exe);
        e->argv0 = arena_strdup(a, argv0);
        e->line = n->line;
        return 0;
}

int allowlist_parse(const char *text, size_t len, const char *file, struct arena *a,
                    struct allowlist **ret, struct diag *d)
{
        struct ynode *root;
        struct {
                const char *scope;
                const struct ynode *allow;
        } top = {0};
        static const struct field top_table[] = {
                FIELD("scope", FIELD_STR, false, __typeof__(top), scope),
                FIELD("allow", FIELD_NODE, false, __typeof__(top), allow),
        };
        int err;
        if ((err = ydoc_parse_definition(text, len, file, a, &root, d)) < 0 ||
            (err = fields_read(root, top_table, ELEMENTSOF(top_table), "an allowlist", file, a, &top,
                               d)) < 0)
                return err;
        const char *scope = top.scope;
        if (scope && !streq(scope, "host") && !streq(scope, "all"))
                return ydef_fail(d, file, ynode_get(root, "scope"),
                                 "scope is host or all, not \"%s\"", scope);
        const struct ynode *list = ynode_get(root, "allow");
        if (!list || list->type != YNODE_SEQ || !list->n)
                return ydef_fail(d, file, list ? list : root, "%s",
                                 "\"allow\" must be a list of processes (an empty allowlist "
                                 "would report every process)");
        struct allowlist *l = arena_alloc(a, sizeof(*l));
        l->file = arena_strdup(a, file);
        l->containers = scope && streq(scope, "all");
        l->items = arena_alloc(a, list->n * sizeof(*l->items));
        for (size_t i = 0; i < list->n; i++) {
                if ((err = parse_entry(list->items[i], file, a, &l->items[i], d)) < 0)
                        return err;
                l->n++;
        }
        *ret = l;
        return 0;
}

int allowlist_load(const char *path, struct arena *a, struct allowlist **ret, struct diag *d)
{
        char *buf;
        size_t len;
        int err = localfs_read(path, ALLOWLIST_MAX_FILE, a, &buf, &len, d);
        return err < 0 ? err : allowlist_parse(buf, len, path, a, ret, d);
}

/* Where a program named by a bare argv[0] is found when it is started
 * through PATH: the directories every distribution's default PATH has. */
static const char *const standard_path[] = {
        "/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin",
};

/* Whether EXE is the file ARGV0 names: the path itself, or a bare name in a
 * standard PATH directory. A relative path names nothing certain. */
static bool exe_is_argv0(const char *exe, const char *argv0)
{
        if (argv0[0] == '/')
                return streq(exe, argv0);
        if (strchr(argv0, '/'))
                return false;
        const char *b = strrchr(exe, '/');
        if (!b || !streq(b + 1, argv0))
                return false;
        for (size_t i = 0; i < ELEMENTSOF(standard_path); i++)
                if (strlen(standard_path[i]) == (size_t)(b - exe) &&
                    strncmp(exe, standard_path[i], (size_t)(b - exe)) == 0)
                        return true;
        return false;
}

static bool argv0_matches(const char *pattern, const char *argv0)
{
        /* a pattern without a slash also matches the basename */
        const char *b = strrchr(argv0, '/');
        return str_glob(pattern, argv0) || (!strchr(pattern, '/') && b && str_glob(pattern, b + 1));
}

const struct allow_entry *allowlist_match(const struct allowlist *l, const char *exe,
                                          const char *argv0, const char *role)
{
        if (!exe || !*exe || !argv0 || !*argv0)
                return NULL;
        for (size_t i = 0; i < l->n; i++) {
                const struct allow_entry *e = &l->items[i];
                if (e->n_roles && (!role || !str_in_list(role, e->roles, e->n_roles)))
                        continue;
                if (e->exe && fnmatch(e->exe, exe, FNM_PATHNAME) != 0)
                        continue;
                if (e->argv0 && (!argv0_matches(e->argv0, argv0) ||
                                 (!e->exe && !e->any_exe && !exe_is_argv0(exe, argv0))))
                        continue;
                return e;
        }
        return NULL;
}

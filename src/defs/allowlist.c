/* allowlist: the processes a node is expected to run. */
#include "defs/allowlist.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "engine/scan.h"
#include "io/passwd.h"
#include "io/rootfs.h"
#include "proc/proc.h"
#include "parse/ydocpack.h"
#include "shared/strutil.h"

static int parse_entry(const struct ynode *n, const char *file, struct arena *a,
                       struct allow_entry *e, struct diag *d)
{
        static const char *const keys[] = {"exe", "argv0", "roles", NULL};
        static const char *const roles[] = {"worker", "control-plane", "host"};
        const char *exe, *argv0;
        int err;
        if ((err = ydef_expect_map(n, file, "an allowlist entry", d)) < 0 ||
            (err = ydef_known_keys(n, keys, file, d)) < 0 ||
            (err = ydef_str(n, "exe", file, false, &exe, d)) < 0 ||
            (err = ydef_str(n, "argv0", file, false, &argv0, d)) < 0 ||
            (err = ydef_strlist(n, "roles", file, a, &e->roles, &e->n_roles, d)) < 0)
                return err;
        if (!exe == !argv0)
                return ydef_fail(d, file, n, "%s", "an entry names exe or argv0 (one of them)");
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
        static const char *const keys[] = {"allow", "scope", NULL};
        struct ynode *root;
        const char *scope;
        int err;
        if ((err = ydoc_parse_definition(text, len, file, a, &root, d)) < 0 ||
            (err = ydef_expect_map(root, file, "an allowlist", d)) < 0 ||
            (err = ydef_known_keys(root, keys, file, d)) < 0 ||
            (err = ydef_str(root, "scope", file, false, &scope, d)) < 0)
                return err;
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
        int err = ydef_read_file(path, ALLOWLIST_MAX_FILE, a, &buf, &len, d);
        return err < 0 ? err : allowlist_parse(buf, len, path, a, ret, d);
}

const struct allow_entry *allowlist_match(const struct allowlist *l, const char *exe,
                                          const char *argv0, const char *role)
{
        for (size_t i = 0; i < l->n; i++) {
                const struct allow_entry *e = &l->items[i];
                if (e->n_roles && (!role || !str_in_list(role, e->roles, e->n_roles)))
                        continue;
                if (e->exe && exe && fnmatch(e->exe, exe, FNM_PATHNAME) == 0)
                        return e;
                if (e->argv0 && argv0) {
                        /* a pattern without a slash also matches the basename */
                        const char *b = strrchr(argv0, '/');
                        if (str_glob(e->argv0, argv0) ||
                            (!strchr(e->argv0, '/') && b && str_glob(e->argv0, b + 1)))
                                return e;
                }
        }
        return NULL;
}

/* ---- the probe ---- */

#define SHOWN_MAX 20    /* processes listed in the evidence */
#define CMDLINE_SHOWN 160

static char *shown_cmdline(char **argv, size_t argc, struct arena *a)
{
        struct strbuf sb = {0};
        for (size_t i = 0; i < argc && sb.len < CMDLINE_SHOWN; i++) {
                if (i)
                        strbuf_putc(&sb, ' ');
                for (const char *p = argv[i]; *p; p++)
                        strbuf_putc(&sb, (unsigned char)*p < 0x20 || *p == 0x7f ? '?' : *p);
        }
        char *out = arena_strndup(a, sb.buf ? sb.buf : "", sb.len > CMDLINE_SHOWN ? CMDLINE_SHOWN : sb.len);
        if (sb.len > CMDLINE_SHOWN)
                out = arena_printf(a, "%s...", out);
        strbuf_free(&sb);
        return out;
}

void probe_processes(struct node *node, const struct profile_entry *e, struct result *r)
{
        struct arena *a = node->a;
        const struct allowlist *l = node->allowlist;
        if (!l) {
                r->status = STATUS_SKIP;
                r->reason = arena_strdup(a, "no allowlist: --allowlist FILE names the processes this "
                                            "node may run (kubeadm nodes get the shipped "
                                            "allowlists/kubeadm.yaml)");
                return;
        }
        r->expected = arena_printf(a, "only the processes %s allows", l->file);
        if (!node->procfs) {
                r->status = STATUS_SKIP;
                r->reason = arena_strdup(a, "an offline root: no processes to look at");
                return;
        }
        const char *role = node_role(node);
        if (!role)
                role = "host";
        char *host_ns = NULL, *self = NULL;
        proc_read_mntns(node->procs, 1, a, &host_ns);
        /* the scanner itself, when it looks at its own pid namespace */
        int self_pid = -1;
        if (rootfs_readlink(node->procfs, "self", a, &self) == 0) {
                int64_t v;
                if (parse_int64(self, &v) == 0)
                        self_pid = (int)v;
        }
        struct strbuf out = {0};
        size_t n = proc_table_count(node->procs), n_host = 0, n_bad = 0, n_containers = 0;
        for (size_t i = 0; i < n; i++) {
                int pid = proc_table_pid(node->procs, i);
                if (pid == self_pid)
                        continue;
                char *ns = NULL;
                if (!l->containers && host_ns && proc_read_mntns(node->procs, pid, a, &ns) == 0 &&
                    !streq(ns, host_ns)) {
                        n_containers++;
                        continue;
                }
                n_host++;
                char *exe = NULL, **argv = NULL;
                size_t argc = 0;
                if (proc_read_exe(node->procs, pid, a, &exe) == 0 && str_endswith(exe, " (deleted)"))
                        exe[strlen(exe) - 10] = '\0'; /* replaced on disk since it started */
                if (proc_read_argv(node->procs, pid, a, &argv, &argc) < 0 || !argc)
                        continue; /* exited since the table was read */
                if (allowlist_match(l, exe, argv[0], role))
                        continue;
                n_bad++;
                if (n_bad > SHOWN_MAX)
                        continue;
                unsigned uid;
                const char *user = "user unknown";
                if (proc_read_uid(node->procs, pid, a, &uid) == 0) {
                        const char *name = node->ids ? idmap_user_name(node->ids, uid) : NULL;
                        user = name ? name : arena_printf(a, "uid %u", uid);
                }
                strbuf_printf(&out, "%spid %d (%s%s%s): %s", n_bad > 1 ? "; " : "", pid, user,
                              exe ? ", " : "", exe ? exe : "", shown_cmdline(argv, argc, a));
        }
        r->source = SOURCE_PROC;
        r->source_detail = arena_printf(a, "/proc/PID/exe, cmdline and status of %zu process%s; "
                                           "allowlist %s, role %s",
                                        n_host, n_host == 1 ? "" : "es", l->file, role);
        if (n_bad) {
                r->status = STATUS_FAIL;
                r->actual = n_bad > SHOWN_MAX ? arena_printf(a, "%s; and %zu more", out.buf, n_bad - SHOWN_MAX)
                                              : arena_strdup(a, out.buf);
                r->reason = arena_printf(a, "%zu process%s not on the allowlist", n_bad,
                                         n_bad == 1 ? " is" : "es are");
        } else {
                r->status = STATUS_PASS;
                r->actual = arena_printf(a, "%zu process%s, each on the allowlist", n_host,
                                         n_host == 1 ? "" : "es");
        }
        if (n_containers)
                r->reason = arena_printf(a, "%s%s%zu process%s left out (the allowlist's "
                                            "scope is the host; scope: all takes them in)",
                                         r->reason ? r->reason : "", r->reason ? "; " : "",
                                         n_containers, n_containers == 1 ? " in a container" : "es in containers");
        strbuf_free(&out);
}

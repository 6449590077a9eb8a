/* distro: what the node's distribution does as it runs — recognising it, the
 * components it runs inside its own process and the command lines it builds
 * for them, and whether a conditional skip applies here. */
#include "model/distro.h"

#include <errno.h>
#include <fnmatch.h>
#include <string.h>
#include <sys/stat.h>

#include "defs/catalog.h"
#include "defs/distribution.h"
#include "io/confdirs.h"
#include "io/rootfs.h"
#include "model/component.h"
#include "model/node.h"
#include "model/yamlfile.h"
#include "proc/proc.h"
#include "parse/ydocpack.h"
#include "shared/strutil.h"

/* The most processes of one name looked at, for recognition and as hosts. */
#define DISTRO_MAX_PROCESSES 16

static bool is_binary(const struct distro *d, const char *exe)
{
        for (size_t i = 0; exe && i < d->n_binaries; i++)
                if (fnmatch(d->binaries[i], exe, FNM_PATHNAME) == 0)
                        return true;
        return false;
}

/* What one distribution's processes and files show. */
struct sighting {
        int pid;             /* a process of its name running its binary, else -1 */
        int unread_pid;      /* else one whose executable could not be read, else -1 */
        bool named;          /* a process of one of its names runs */
        bool elsewhere;      /* one runs another executable */
        const char *unread_why;
        const char *process; /* the name of PID (or UNREAD_PID) */
        const char *files;   /* the first of its paths that exists, or NULL */
        struct strbuf doubts; /* each process of its names that is not it, said */
};

static void look_at_processes(struct node *node, const struct distro *d, struct sighting *s)
{
        struct arena *a = node->a;
        for (size_t k = 0; node->procs && k < d->n_processes; k++) {
                int *pids;
                size_t n, total;
                component_pids_named(node->procs, d->processes[k], DISTRO_MAX_PROCESSES, a, &pids, &n,
                                     &total);
                for (size_t i = 0; i < n; i++) {
                        char *exe;
                        bool replaced;
                        int err = component_read_exe(node->procs, pids[i], a, &exe, &replaced);
                        s->named = true;
                        if (err == 0 && is_binary(d, exe) && s->pid < 0) {
                                s->pid = pids[i];
                                s->process = d->processes[k];
                                continue;
                        }
                        if (err == 0 && is_binary(d, exe)) {
                                strbuf_printf(&s->doubts, "%sa second process named %s (pid %d) runs %s",
                                              s->doubts.len ? "; " : "", d->processes[k], pids[i], exe);
                                continue;
                        }
                        if (err < 0 && s->unread_pid < 0) {
                                /* said below only if it does not stand for the distribution */
                                s->unread_pid = pids[i];
                                s->unread_why = rootfs_strerror(err);
                                if (!s->process)
                                        s->process = d->processes[k];
                                continue;
                        }
                        s->elsewhere |= err == 0;
                        strbuf_printf(&s->doubts, "%sa process named %s (pid %d) %s",
                                      s->doubts.len ? "; " : "", d->processes[k], pids[i],
                                      err == 0 ? arena_printf(a, "runs %s, not one of %s's binaries",
                                                              exe, d->title)
                                               : arena_printf(a, "whose executable cannot be read (%s)",
                                                              rootfs_strerror(err)));
                }
                if (total > n)
                        strbuf_printf(&s->doubts, "%s%zu more processes named %s not looked at",
                                      s->doubts.len ? "; " : "", total - n, d->processes[k]);
        }
}

static void look_at_files(struct node *node, const struct distro *d, struct sighting *s)
{
        for (size_t k = 0; k < d->n_paths && !s->files; k++) {
                struct stat st;
                if (rootfs_stat(node->root, d->paths[k], &st) == 0)
                        s->files = d->paths[k];
        }
}

/* A distribution with a process of its name is that distribution only when
 * the process runs its binary (or one whose executable cannot be read, and
 * none runs another) and its files are there. */
static bool by_process(const struct sighting *s)
{
        return s->files && (s->pid >= 0 || (s->unread_pid >= 0 && !s->elsewhere));
}

const struct distro *distro_detect(struct node *node, struct distro *const *all, size_t n,
                                   char **ret_evidence)
{
        struct arena *a = node->a;
        struct sighting *seen = arena_alloc(a, (n + 1) * sizeof(*seen));
        struct strbuf rejected = {0};
        const struct distro *found = NULL;
        char *evidence = NULL;
        for (size_t i = 0; i < n; i++) {
                struct sighting *s = &seen[i];
                s->pid = s->unread_pid = -1;
                look_at_processes(node, all[i], s);
                look_at_files(node, all[i], s);
                if (s->named && by_process(s) && !found) {
                        found = all[i];
                        evidence = s->pid >= 0
                                ? arena_printf(a, "process %s (pid %d)", s->process, s->pid)
                                : arena_printf(a, "process %s (pid %d), whose executable cannot be "
                                                  "read, with %s", s->process, s->unread_pid, s->files);
                        if (s->pid >= 0 && s->unread_pid >= 0)
                                strbuf_printf(&s->doubts, "%sa process named %s (pid %d) whose "
                                                          "executable cannot be read (%s)",
                                              s->doubts.len ? "; " : "", s->process, s->unread_pid,
                                              s->unread_why);
                        if (s->doubts.len)
                                evidence = arena_printf(a, "%s; also %s", evidence, s->doubts.buf);
                } else if (s->named && !by_process(s)) {
                        /* its name, not its binary or not its files: said, and not taken */
                        strbuf_printf(&rejected, "%snot %s: ", rejected.len ? "; " : "", all[i]->title);
                        const char *sep = "";
                        if (s->pid >= 0) {
                                strbuf_printf(&rejected, "a process named %s (pid %d) runs its binary",
                                              s->process, s->pid);
                                sep = "; ";
                        }
                        if (s->unread_pid >= 0) {
                                strbuf_printf(&rejected, "%sa process named %s (pid %d) whose executable "
                                                         "cannot be read (%s)",
                                              sep, s->process, s->unread_pid, s->unread_why);
                                sep = "; ";
                        }
                        if (s->doubts.len) {
                                strbuf_printf(&rejected, "%s%s", sep, s->doubts.buf);
                                sep = "; ";
                        }
                        if (!s->files)
                                strbuf_printf(&rejected, "%sand none of %s exists", sep,
                                              str_join(a, all[i]->paths, all[i]->n_paths, ", "));
                }
        }
        /* By files, the more specific first (leftover directories outlive
         * uninstalls, so a process says more), never one whose name a process
         * took without being it. */
        size_t best = n;
        for (size_t j = 0; j < n && !found; j++)
                if (!seen[j].named && seen[j].files && (best == n || all[j]->order < all[best]->order))
                        best = j;
        if (best < n) {
                found = all[best];
                evidence = arena_printf(a, "%s exists", seen[best].files);
        }
        for (size_t i = 0; i < n; i++)
                strbuf_free(&seen[i].doubts);
        if (rejected.len)
                evidence = arena_printf(a, "%s; %s", evidence ? evidence : "none recognised", rejected.buf);
        strbuf_free(&rejected);
        if (evidence)
                *ret_evidence = evidence;
        return found;
}

/* ---- components inside another process ---- */

struct argbuild {
        char **argv, **origins;
        size_t n, cap;
        struct arena *a;
};

static void add_raw(struct argbuild *b, const char *arg, const char *origin)
{
        size_t cap = b->cap;
        b->argv = arena_grow_items(b->a, b->argv, b->n, &cap, sizeof(*b->argv));
        b->origins = arena_grow_items(b->a, b->origins, b->n, &b->cap, sizeof(*b->origins));
        b->argv[b->n] = arena_strdup(b->a, arg);
        b->origins[b->n++] = arena_strdup(b->a, origin);
}

/* A flag as the host passes it on: "kubelet-arg: --v=2" and "v=2" mean the same. */
static void add_arg(struct argbuild *b, const char *arg, const char *origin)
{
        while (*arg == '-')
                arg++;
        add_raw(b, arena_printf(b->a, "--%s", arg), origin);
}

/* ${NAME} and $NAME replaced by VARS' value for NAME ("NAME=value" items). */
static char *expand(struct arena *a, const char *s, char *const *vars, size_t n)
{
        struct strbuf out = {0};
        while (*s) {
                bool braced = strncmp(s, "${", 2) == 0;
                const char *name = s + (braced ? 2 : 1);
                size_t l = strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");
                size_t i = n;
                if (*s == '$' && l && (!braced || name[l] == '}'))
                        for (i = 0; i < n; i++)
                                if (strcspn(vars[i], "=") == l && strncmp(vars[i], name, l) == 0)
                                        break;
                if (i < n) {
                        strbuf_puts(&out, vars[i] + l + 1);
                        s = name + l + braced;
                } else {
                        strbuf_putc(&out, *s++);
                }
        }
        char *r = arena_strdup(a, out.buf ? out.buf : "");
        strbuf_free(&out);
        return r;
}

/* --flag="value" or --flag='value' as kubelite reads it: the quotes go. */
static char *unquote_value(char *arg)
{
        char *eq = strchr(arg, '=');
        size_t l = eq ? strlen(eq + 1) : 0;
        if (l >= 2 && (eq[1] == '"' || eq[1] == '\'') && eq[l] == eq[1]) {
                memmove(eq + 1, eq + 2, l - 2);
                eq[l - 1] = '\0';
        }
        return arg;
}

/* The values of the host's --NAME=V / --NAME V / -NAME V, in order. */
static size_t host_flag(char *const *argv, size_t argc, const char *name, struct arena *a,
                        char ***ret)
{
        char **vals = arena_alloc(a, (argc + 1) * sizeof(*vals));
        size_t n = 0, l = strlen(name);
        for (size_t i = 1; i < argc; i++) {
                const char *s = argv[i];
                if (streq(s, "--"))
                        break;
                if (s[0] != '-')
                        continue;
                s += s[1] == '-' ? 2 : 1;
                if (strncmp(s, name, l) != 0)
                        continue;
                if (s[l] == '=')
                        vals[n++] = (char *)s + l + 1;
                else if (!s[l] && i + 1 < argc)
                        vals[n++] = argv[++i];
        }
        *ret = vals;
        return n;
}

/* What the hosts and their config files hold, read once a scan: every
 * embedded component of a host needs its command line and its config. */
struct distro_cache {
        struct host_set {
                const char *process;
                struct host {
                        int pid;
                        char **argv;
                        size_t argc;
                        char *argv_error; /* the command line could not be read: why */
                        char *exe;        /* NULL: unreadable */
                        const char *exe_error;
                        bool binary;      /* the distribution's own */
                } *items;
                size_t n;
        } *hosts;
        size_t n_hosts, cap_hosts;
        struct host_config {
                const char *path;
                struct ynode *doc; /* NULL: missing, or see error */
                char *error;
                char **dropins; /* PATH.d/\*.yaml, in name order, once listed */
                size_t n_dropins;
                bool listed;
        } *configs;
        size_t n_configs, cap_configs;
};

static struct distro_cache *cache_of(struct node *node)
{
        if (!node->distro_cache)
                node->distro_cache = arena_alloc(node->a, sizeof(*node->distro_cache));
        return node->distro_cache;
}

/* Every running host process PROCESS of D: those that run D's binary first,
 * then the others by pid (each is a host: what runs inside a decoy is judged
 * too). */
static const struct host_set *hosts_of(struct node *node, const struct distro *d, const char *process)
{
        struct distro_cache *dc = cache_of(node);
        struct arena *a = node->a;
        for (size_t i = 0; i < dc->n_hosts; i++)
                if (streq(dc->hosts[i].process, process))
                        return &dc->hosts[i];
        dc->hosts = arena_grow_items(a, dc->hosts, dc->n_hosts, &dc->cap_hosts, sizeof(*dc->hosts));
        struct host_set *hs = &dc->hosts[dc->n_hosts++];
        hs->process = process;
        int *pids;
        size_t n, total;
        component_pids_named(node->procs, process, DISTRO_MAX_PROCESSES, a, &pids, &n, &total);
        hs->items = arena_alloc(a, (n + 1) * sizeof(*hs->items));
        for (size_t i = 0; i < n; i++) {
                struct host h = {.pid = pids[i]};
                bool replaced;
                int err = component_read_exe(node->procs, h.pid, a, &h.exe, &replaced);
                if (err < 0) {
                        h.exe = NULL;
                        h.exe_error = rootfs_strerror(err);
                }
                h.binary = is_binary(d, h.exe);
                err = proc_read_argv(node->procs, h.pid, a, &h.argv, &h.argc);
                if (err < 0 || h.argc == 0)
                        h.argv_error = arena_printf(a, "cannot read the command line of %s (pid %d): %s",
                                                    process, h.pid, err < 0 ? rootfs_strerror(err) : "empty");
                /* in place: the binary's first, pids ascending within each */
                size_t j = hs->n++;
                while (j > 0 && h.binary && !hs->items[j - 1].binary) {
                        hs->items[j] = hs->items[j - 1];
                        j--;
                }
                hs->items[j] = h;
        }
        return hs;
}

/* How an instance inside host H is named: "pid 812 (k3s)", or with the
 * executable when it is not the distribution's. */
static char *host_label(const struct distro *d, const char *process, const struct host *h,
                        struct arena *a)
{
        if (h->binary)
                return arena_printf(a, "pid %d (%s)", h->pid, process);
        if (!h->exe)
                return arena_printf(a, "pid %d (%s, executable unreadable: %s)", h->pid, process,
                                    h->exe_error);
        return arena_printf(a, "pid %d (%s, %s, not one of %s's binaries)", h->pid, process, h->exe,
                            d->title);
}

/* A host's YAML config file, parsed once. */
static const struct host_config *config_of(struct node *node, const char *path)
{
        struct distro_cache *dc = cache_of(node);
        struct arena *a = node->a;
        for (size_t i = 0; i < dc->n_configs; i++)
                if (streq(dc->configs[i].path, path))
                        return &dc->configs[i];
        dc->configs = arena_grow_items(a, dc->configs, dc->n_configs, &dc->cap_configs,
                                       sizeof(*dc->configs));
        struct host_config *hc = &dc->configs[dc->n_configs++];
        hc->path = arena_strdup(a, path);
        char *why;
        int err = yaml_file_read(node->root, path, ROOTFS_MAX_CONFIG, true, a, &hc->doc, &why);
        if (err < 0) {
                hc->doc = NULL;
                if (err != -ENOENT)
                        hc->error = why;
        }
        return hc;
}

/* The files of PATH.d/\*.yaml that come after PATH, in name order. */
static const struct host_config *with_dropins(struct node *node, const char *path)
{
        struct host_config *hc = (struct host_config *)config_of(node, path);
        if (hc->listed)
                return hc;
        hc->listed = true;
        static const struct confdirs_options opts = {.suffix = ".yaml"};
        const char *dir = arena_printf(node->a, "%s.d", path), *failed;
        struct conf_file *files;
        size_t n;
        if (confdirs_list(node->root, &dir, 1, &opts, node->a, &files, &n, &failed) < 0)
                return hc;
        hc->dropins = arena_alloc(node->a, (n + 1) * sizeof(*hc->dropins));
        for (size_t i = 0; i < n; i++)
                hc->dropins[hc->n_dropins++] = files[i].path;
        return hc;
}

/* KEY of a host's YAML config file: a string or a list of strings. "KEY+"
 * appends to what earlier files gave; KEY replaces it (from FROM on). */
static void config_args(struct node *node, const char *path, const char *key,
                        struct argbuild *b, size_t from, char **error)
{
        struct arena *a = node->a;
        const struct host_config *hc = config_of(node, path);
        const struct ynode *doc = hc->doc;
        if (hc->error)
                *error = hc->error;
        for (size_t k = 0; doc && k < doc->n; k++) {
                const char *name = doc->keys[k]->value;
                bool append = str_endswith(name, "+") && strncmp(name, key, strlen(key)) == 0 &&
                              strlen(name) == strlen(key) + 1;
                if (!streq(name, key) && !append)
                        continue;
                const struct ynode *v = doc->items[k];
                if (!append)
                        b->n = from;
                size_t nv = v->type == YNODE_SEQ ? v->n : 1;
                for (size_t i = 0; i < nv; i++) {
                        const struct ynode *it = v->type == YNODE_SEQ ? v->items[i] : v;
                        if (it->type != YNODE_SCALAR) {
                                *error = arena_printf(a, "%s:%u: %s must be strings", path, it->line, name);
                                return;
                        }
                        add_arg(b, it->value, arena_printf(a, "%s in %s:%u", name, path, it->line));
                }
        }
}

/* Whether the host's command line runs E: its first argument is when-arg,
 * and no argument is unless-arg. */
static bool host_runs(const struct distro_embed *e, char *const *argv, size_t argc)
{
        if (e->when_arg && (argc < 2 || !streq(argv[1], e->when_arg)))
                return false;
        return !e->unless_arg || !str_in_list(e->unless_arg, argv, argc);
}

/* SPEC as host H builds it. */
static struct component *embedded_in(struct node *node, const struct distro *dd,
                                     const struct distro_embed *e, const struct component_spec *spec,
                                     const struct host *h)
{
        struct arena *a = node->a;
        char *const *hargv = h->argv;
        size_t hargc = h->argc;
        int pid = h->pid;
        struct argbuild b = {.a = a};
        char *error = NULL;
        add_raw(&b, spec->name, ""); /* argv[0]: the name, not a flag */
        for (size_t i = 0; i < e->n_args; i++)
                add_arg(&b, e->args[i], arena_printf(a, "%s's own argument", dd->title));
        if (e->args_file) {
                char **v;
                size_t nv = e->args_file_flag ? host_flag(hargv, hargc, e->args_file_flag, a, &v) : 0;
                const char *path = nv ? v[nv - 1] : e->args_file;
                char *buf;
                size_t len;
                int err = rootfs_read_file(node->root, path, ROOTFS_MAX_CONFIG, a, &buf, &len);
                if (err < 0)
                        error = arena_printf(a, "%s: %s", path, rootfs_strerror(err));
                /* one argument a line; blank lines and # comments aside */
                unsigned lineno = 0;
                for (char *p = err < 0 ? NULL : buf; p && *p; lineno++) {
                        char *eol = strchr(p, '\n');
                        char *line = arena_strndup(a, p, eol ? (size_t)(eol - p) : strlen(p));
                        p = eol ? eol + 1 : NULL;
                        line += strspn(line, " \t");
                        line[strcspn(line, "\r")] = '\0';
                        size_t l = strlen(line);
                        while (l && (line[l - 1] == ' ' || line[l - 1] == '\t'))
                                line[--l] = '\0';
                        if (!l || line[0] == '#')
                                continue;
                        /* read as kubelite reads it: one argument a line, $SNAP_DATA
                         * expanded, quotes around the value dropped */
                        add_raw(&b, unquote_value(expand(a, line, e->vars, e->n_vars)),
                                arena_printf(a, "%s:%u", path, lineno + 1));
                }
        }
        if (e->config) {
                char **v;
                size_t nv = e->config_flag ? host_flag(hargv, hargc, e->config_flag, a, &v) : 0;
                const char *path = nv ? v[nv - 1] : e->config;
                size_t from = b.n; /* a later file's key replaces what files gave before */
                config_args(node, path, e->arg_flag, &b, from, &error);
                const struct host_config *hc = with_dropins(node, path);
                for (size_t i = 0; i < hc->n_dropins && !error; i++)
                        config_args(node, hc->dropins[i], e->arg_flag, &b, from, &error);
        }
        if (e->arg_flag) {
                char **v;
                size_t nv = host_flag(hargv, hargc, e->arg_flag, a, &v);
                for (size_t i = 0; i < nv; i++)
                        add_arg(&b, v[i], arena_printf(a, "--%s on the %s command line", e->arg_flag,
                                                       e->process));
        }
        struct component *c;
        component_load_embedded(spec, node->procs, pid, b.argv, b.origins, b.n, node->root, a, &c);
        if (error) {
                c->state = COMPONENT_BROKEN;
                c->reason = arena_printf(a, "%s runs inside %s (pid %d), whose arguments for it "
                                            "cannot be read: %s",
                                         spec->name, e->process, pid, error);
        }
        return c;
}

size_t distro_embedded(struct node *node, const struct distro *dd, const struct component_spec *spec,
                       struct component ***ret)
{
        struct arena *a = node->a;
        const struct distro_embed *e = NULL;
        for (size_t i = 0; dd && i < dd->n_embeds; i++)
                if (dd->embeds[i].component == spec)
                        e = &dd->embeds[i];
        if (!e || !node->procs)
                return 0;
        const struct host_set *hs = hosts_of(node, dd, e->process);
        struct component **items = arena_alloc(a, (hs->n + 1) * sizeof(*items));
        size_t n = 0;
        for (size_t i = 0; i < hs->n; i++) {
                const struct host *h = &hs->items[i];
                struct component *c;
                if (h->argv_error) {
                        /* whether it runs SPEC is unknown: never passed over */
                        c = arena_alloc(a, sizeof(*c));
                        c->spec = spec;
                        c->root = node->root;
                        c->pid = h->pid;
                        c->state = COMPONENT_BROKEN;
                        c->reason = h->argv_error;
                } else if (host_runs(e, h->argv, h->argc)) {
                        c = embedded_in(node, dd, e, spec, h);
                } else {
                        continue;
                }
                c->exe = h->exe;
                c->exe_known = h->binary;
                c->label = host_label(dd, e->process, h, a);
                items[n++] = c;
        }
        *ret = items;
        return n;
}

const char *distro_role(struct node *node, const struct distro *dd)
{
        const char *role = NULL;
        for (size_t i = 0; dd && node->procs && i < dd->n_embeds; i++) {
                const struct distro_embed *e = &dd->embeds[i];
                const struct host_set *hs = hosts_of(node, dd, e->process);
                for (size_t k = 0; k < hs->n; k++) {
                        const struct host *h = &hs->items[k];
                        if (h->argv_error || !host_runs(e, h->argv, h->argc))
                                continue;
                        if (streq(e->component->name, "kube-apiserver"))
                                return "control-plane";
                        if (streq(e->component->name, "kubelet"))
                                role = "worker";
                }
        }
        return role;
}

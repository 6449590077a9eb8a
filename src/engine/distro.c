/* distro: distribution files (profiles/distributions/NAME.yaml). */
#include "engine/distro.h"

#include <errno.h>
#include <string.h>

#include "engine/scan.h"
#include "io/rootfs.h"
#include "parse/ydocpack.h"
#include "shared/strutil.h"

static int parse_change(struct distro *dd, const struct ynode *n, const char *file,
                        struct catalog *cat, struct arena *a, struct diag *d)
{
        static const char *const keys[] = {"id", "skip", "paths", "when", NULL};
        const char *id, *skip;
        struct distro_change *ch = &dd->changes[dd->n_changes];
        int err;
        if ((err = ydef_expect_map(n, file, "a distribution change", d)) < 0 ||
            (err = ydef_known_keys(n, keys, file, d)) < 0 ||
            (err = ydef_str(n, "id", file, true, &id, d)) < 0 ||
            (err = ydef_str(n, "skip", file, false, &skip, d)) < 0 ||
            (err = ydef_strlist(n, "paths", file, a, &ch->paths, &ch->n_paths, d)) < 0 ||
            (err = catalog_need(cat, id, d)) < 0)
                return err;
        ch->check = catalog_find(cat, id);
        if (!ch->check)
                return ydef_fail(d, file, n, "unknown check \"%s\"", id);
        if (!skip == !ch->n_paths)
                return ydef_fail(d, file, n, "check \"%s\": give skip (a reason) or paths", id);
        const struct ynode *when = ynode_get(n, "when");
        if (when) {
                static const char *const wkeys[] = {"component", "setting", "prefix", NULL};
                const char *wc, *ws, *wp;
                if (!skip)
                        return ydef_fail(d, file, when, "\"when\" goes with skip");
                if ((err = ydef_expect_map(when, file, "\"when\"", d)) < 0 ||
                    (err = ydef_known_keys(when, wkeys, file, d)) < 0 ||
                    (err = ydef_str(when, "component", file, true, &wc, d)) < 0 ||
                    (err = ydef_str(when, "setting", file, true, &ws, d)) < 0 ||
                    (err = ydef_str(when, "prefix", file, true, &wp, d)) < 0)
                        return err;
                ch->when_component = catalog_component(cat, wc);
                if (!ch->when_component)
                        return ydef_fail(d, file, when, "unknown component \"%s\"", wc);
                ch->when_setting = component_spec_setting(ch->when_component, ws);
                if (!ch->when_setting)
                        return ydef_fail(d, file, when, "unknown setting \"%s\"", ws);
                ch->when_prefix = arena_strdup(a, wp);
        }
        ch->title = dd->title;
        if (ch->n_paths && ch->check->target != TARGET_PATHS && ch->check->target != TARGET_TREE)
                return ydef_fail(d, file, n, "check \"%s\" does not look at paths", id);
        for (size_t i = 0; i < ch->n_paths; i++)
                if (ch->paths[i][0] != '/')
                        return ydef_fail(d, file, ynode_get(n, "paths"), "path \"%s\" must be absolute",
                                         ch->paths[i]);
        for (size_t i = 0; i < dd->n_changes; i++)
                if (dd->changes[i].check == ch->check)
                        return ydef_fail(d, file, n, "check \"%s\" is listed twice", id);
        ch->skip = arena_strdup(a, skip);
        dd->n_changes++;
        return 0;
}

static int parse_embed(struct distro *dd, const struct ynode *n, const char *file,
                       struct catalog *cat, struct arena *a, struct diag *d)
{
        static const char *const keys[] = {"component", "process", "when-arg", "args", "arg-flag",
                                           "config", "config-flag", "args-file", "args-file-flag",
                                           "vars", "unless-arg", NULL};
        struct distro_embed *e = &dd->embeds[dd->n_embeds];
        const char *comp, *process, *when, *unless, *arg_flag, *config, *config_flag, *args_file, *af_flag;
        int err;
        if ((err = ydef_expect_map(n, file, "an embedded component", d)) < 0 ||
            (err = ydef_known_keys(n, keys, file, d)) < 0 ||
            (err = ydef_str(n, "component", file, true, &comp, d)) < 0 ||
            (err = ydef_str(n, "process", file, true, &process, d)) < 0 ||
            (err = ydef_str(n, "when-arg", file, false, &when, d)) < 0 ||
            (err = ydef_str(n, "unless-arg", file, false, &unless, d)) < 0 ||
            (err = ydef_strlist(n, "args", file, a, &e->args, &e->n_args, d)) < 0 ||
            (err = ydef_str(n, "arg-flag", file, false, &arg_flag, d)) < 0 ||
            (err = ydef_str(n, "config", file, false, &config, d)) < 0 ||
            (err = ydef_str(n, "config-flag", file, false, &config_flag, d)) < 0 ||
            (err = ydef_str(n, "args-file", file, false, &args_file, d)) < 0 ||
            (err = ydef_str(n, "args-file-flag", file, false, &af_flag, d)) < 0 ||
            (err = ydef_strlist(n, "vars", file, a, &e->vars, &e->n_vars, d)) < 0)
                return err;
        for (size_t i = 0; i < e->n_vars; i++)
                if (!strchr(e->vars[i], '='))
                        return ydef_fail(d, file, ynode_get(n, "vars"), "vars are NAME=value, not \"%s\"",
                                         e->vars[i]);
        e->component = catalog_component(cat, comp);
        if (!e->component)
                return ydef_fail(d, file, n, "unknown component \"%s\"", comp);
        if ((config && config[0] != '/') || (args_file && args_file[0] != '/'))
                return ydef_fail(d, file, n, "config and args-file must be absolute paths");
        if ((config_flag && !config) || (af_flag && !args_file))
                return ydef_fail(d, file, n, "config-flag needs config, args-file-flag args-file");
        if (config && !arg_flag)
                return ydef_fail(d, file, n, "config needs arg-flag: the key it is read under");
        for (size_t i = 0; i < dd->n_embeds; i++)
                if (dd->embeds[i].component == e->component)
                        return ydef_fail(d, file, n, "component \"%s\" is embedded twice", comp);
        e->process = arena_strdup(a, process);
        e->when_arg = arena_strdup(a, when);
        e->unless_arg = arena_strdup(a, unless);
        e->arg_flag = arena_strdup(a, arg_flag);
        e->config = arena_strdup(a, config);
        e->config_flag = arena_strdup(a, config_flag);
        e->args_file = arena_strdup(a, args_file);
        e->args_file_flag = arena_strdup(a, af_flag);
        dd->n_embeds++;
        return 0;
}

int distro_parse(const struct ynode *root, const char *file, struct catalog *cat,
                 struct arena *a, struct distro **ret, struct diag *d)
{
        static const char *const keys[] = {"distribution", "title", "order", "detect", "checks",
                                           "embedded", NULL};
        static const char *const dkeys[] = {"processes", "paths", NULL};
        const char *name, *title;
        long order = 100;
        int err;
        if ((err = ydef_expect_map(root, file, "a distribution", d)) < 0 ||
            (err = ydef_known_keys(root, keys, file, d)) < 0 ||
            (err = ydef_str(root, "distribution", file, true, &name, d)) < 0 ||
            (err = ydef_str(root, "title", file, true, &title, d)) < 0 ||
            (err = ydef_int(root, "order", file, 0, 1000, &order, d)) < 0)
                return err;
        struct distro *dd = arena_alloc(a, sizeof(*dd));
        dd->name = arena_strdup(a, name);
        dd->title = arena_strdup(a, title);
        dd->file = arena_strdup(a, file);
        dd->order = (int)order;
        const struct ynode *det = ynode_get(root, "detect");
        if (!det)
                return ydef_fail(d, file, root, "a distribution needs \"detect\"");
        if ((err = ydef_expect_map(det, file, "\"detect\"", d)) < 0 ||
            (err = ydef_known_keys(det, dkeys, file, d)) < 0 ||
            (err = ydef_strlist(det, "processes", file, a, &dd->processes, &dd->n_processes, d)) < 0 ||
            (err = ydef_strlist(det, "paths", file, a, &dd->paths, &dd->n_paths, d)) < 0)
                return err;
        if (!dd->n_processes && !dd->n_paths)
                return ydef_fail(d, file, det, "\"detect\" needs processes or paths");
        for (size_t i = 0; i < dd->n_paths; i++)
                if (dd->paths[i][0] != '/')
                        return ydef_fail(d, file, ynode_get(det, "paths"), "path \"%s\" must be absolute",
                                         dd->paths[i]);
        const struct ynode *cn = ynode_get(root, "checks");
        if (cn && cn->type != YNODE_SEQ && !ynode_is_null(cn))
                return ydef_fail(d, file, cn, "\"checks\" must be a list");
        size_t n = cn && cn->type == YNODE_SEQ ? cn->n : 0;
        dd->changes = arena_alloc(a, (n + 1) * sizeof(*dd->changes));
        for (size_t i = 0; i < n; i++)
                if ((err = parse_change(dd, cn->items[i], file, cat, a, d)) < 0)
                        return err;
        const struct ynode *en = ynode_get(root, "embedded");
        if (en && en->type != YNODE_SEQ && !ynode_is_null(en))
                return ydef_fail(d, file, en, "\"embedded\" must be a list");
        n = en && en->type == YNODE_SEQ ? en->n : 0;
        dd->embeds = arena_alloc(a, (n + 1) * sizeof(*dd->embeds));
        for (size_t i = 0; i < n; i++)
                if ((err = parse_embed(dd, en->items[i], file, cat, a, d)) < 0)
                        return err;
        *ret = dd;
        return 0;
}

int distro_load_all(const char *dir, struct catalog *cat, struct arena *a, struct distro ***ret,
                    size_t *ret_n, struct diag *d)
{
        char **files;
        size_t n;
        *ret = NULL;
        *ret_n = 0;
        int err = local_find_files(dir, ".yaml", a, &files, &n);
        if (err == -ENOENT)
                return 0;
        if (err < 0) {
                diag_set(d, dir, 0, 0, "%s", rootfs_strerror(err));
                return err;
        }
        struct distro **all = arena_alloc(a, (n + 1) * sizeof(*all));
        for (size_t i = 0; i < n; i++) {
                char *buf;
                size_t len;
                struct ynode *root;
                if ((err = local_read_file(files[i], CHECK_MAX_FILE, a, &buf, &len)) < 0) {
                        diag_set(d, files[i], 0, 0, "%s", rootfs_strerror(err));
                        return err;
                }
                if ((err = ydoc_parse_definition(buf, len, files[i], a, &root, d)) < 0 ||
                    (err = distro_parse(root, files[i], cat, a, &all[i], d)) < 0)
                        return err;
                for (size_t j = 0; j < i; j++)
                        if (streq(all[j]->name, all[i]->name)) {
                                diag_set(d, files[i], 0, 0, "distribution \"%s\" is also defined in %s",
                                         all[i]->name, all[j]->file);
                                return -EINVAL;
                        }
        }
        *ret = all;
        *ret_n = n;
        return 0;
}

const struct distro *distro_find(struct distro *const *all, size_t n, const char *name)
{
        for (size_t i = 0; i < n; i++)
                if (streq(all[i]->name, name))
                        return all[i];
        return NULL;
}

const struct distro *distro_detect(struct scan_env *env, struct distro *const *all, size_t n,
                                   char **ret_evidence)
{
        for (size_t i = 0; env->procs && i < n; i++)
                for (size_t k = 0; k < all[i]->n_processes; k++) {
                        int pid;
                        if (proc_table_find(env->procs, all[i]->processes[k], &pid) == 0) {
                                *ret_evidence = arena_printf(env->a, "process %s (pid %d)",
                                                             all[i]->processes[k], pid);
                                return all[i];
                        }
                }
        const struct distro *best = NULL;
        for (size_t i = 0; i < n; i++) {
                if (best && all[i]->order >= best->order)
                        continue;
                for (size_t k = 0; k < all[i]->n_paths; k++) {
                        struct stat st;
                        if (rootfs_stat(env->root, all[i]->paths[k], &st) == 0) {
                                best = all[i];
                                *ret_evidence = arena_printf(env->a, "%s exists", all[i]->paths[k]);
                                break;
                        }
                }
        }
        return best;
}

struct profile *distro_apply(const struct profile *p, const struct distro *dd, struct arena *a)
{
        struct profile *q = arena_alloc(a, sizeof(*q));
        *q = *p;
        q->entries = arena_alloc(a, (p->n_entries + 1) * sizeof(*q->entries));
        for (size_t i = 0; i < p->n_entries; i++) {
                struct profile_entry *e = p->entries[i];
                for (size_t k = 0; k < dd->n_changes; k++) {
                        const struct distro_change *ch = &dd->changes[k];
                        if (ch->check != e->check)
                                continue;
                        struct profile_entry *c = arena_alloc(a, sizeof(*c));
                        *c = *e;
                        if (ch->skip && ch->when_component)
                                c->skip_if = ch;
                        else if (ch->skip)
                                c->skip = arena_printf(a, "%s: %s", dd->title, ch->skip);
                        if (ch->n_paths) {
                                c->paths = ch->paths;
                                c->n_paths = ch->n_paths;
                        }
                        e = c;
                }
                q->entries[i] = e;
        }
        q->n_entries = p->n_entries;
        return q;
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
        struct host {
                const char *process;
                int pid; /* -1: not running */
                char **argv;
                size_t argc;
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

static struct distro_cache *cache_of(struct scan_env *env)
{
        if (!env->distro_cache)
                env->distro_cache = arena_alloc(env->a, sizeof(*env->distro_cache));
        return env->distro_cache;
}

/* The running host process PROCESS, or NULL. */
static const struct host *host_of(struct scan_env *env, const char *process)
{
        struct distro_cache *dc = cache_of(env);
        for (size_t i = 0; i < dc->n_hosts; i++)
                if (streq(dc->hosts[i].process, process))
                        return dc->hosts[i].pid < 0 ? NULL : &dc->hosts[i];
        dc->hosts = arena_grow_items(env->a, dc->hosts, dc->n_hosts, &dc->cap_hosts, sizeof(*dc->hosts));
        struct host *h = &dc->hosts[dc->n_hosts++];
        h->process = process;
        if (!env->procs || proc_table_find(env->procs, process, &h->pid) < 0 ||
            proc_read_argv(env->procs, h->pid, env->a, &h->argv, &h->argc) < 0 || h->argc == 0)
                h->pid = -1;
        return h->pid < 0 ? NULL : h;
}

/* A host's YAML config file, parsed once. */
static const struct host_config *config_of(struct scan_env *env, const char *path)
{
        struct distro_cache *dc = cache_of(env);
        struct arena *a = env->a;
        for (size_t i = 0; i < dc->n_configs; i++)
                if (streq(dc->configs[i].path, path))
                        return &dc->configs[i];
        dc->configs = arena_grow_items(a, dc->configs, dc->n_configs, &dc->cap_configs,
                                       sizeof(*dc->configs));
        struct host_config *hc = &dc->configs[dc->n_configs++];
        hc->path = arena_strdup(a, path);
        char *buf;
        size_t len;
        struct diag d = {0};
        int err = rootfs_read_file(env->root, path, ROOTFS_MAX_CONFIG, a, &buf, &len);
        if (err == -ENOENT)
                return hc;
        if (err < 0) {
                hc->error = arena_printf(a, "%s: %s", path, rootfs_strerror(err));
        } else if (ydoc_parse(buf, len, path, a, &hc->doc, &d) < 0 || hc->doc->type != YNODE_MAP) {
                char msg[1200];
                diag_format(&d, msg, sizeof(msg));
                hc->error = d.message[0] ? arena_strdup(a, msg) : arena_printf(a, "%s: not a map", path);
                hc->doc = NULL;
        }
        return hc;
}

/* The files of PATH.d/\*.yaml that come after PATH, in name order. */
static const struct host_config *with_dropins(struct scan_env *env, const char *path)
{
        struct host_config *hc = (struct host_config *)config_of(env, path);
        if (hc->listed)
                return hc;
        hc->listed = true;
        char **names = NULL;
        size_t nn = 0;
        if (rootfs_list_dir(env->root, arena_printf(env->a, "%s.d", path), env->a, &names, &nn) < 0)
                return hc;
        hc->dropins = arena_alloc(env->a, (nn + 1) * sizeof(*hc->dropins));
        for (size_t i = 0; i < nn; i++)
                if (str_endswith(names[i], ".yaml"))
                        hc->dropins[hc->n_dropins++] = arena_printf(env->a, "%s.d/%s", path, names[i]);
        return hc;
}

/* KEY of a host's YAML config file: a string or a list of strings. "KEY+"
 * appends to what earlier files gave; KEY replaces it (from FROM on). */
static void config_args(struct scan_env *env, const char *path, const char *key,
                        struct argbuild *b, size_t from, char **error)
{
        struct arena *a = env->a;
        const struct host_config *hc = config_of(env, path);
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

bool distro_embedded(struct scan_env *env, const struct distro *dd,
                     const struct component_spec *spec, struct component **ret)
{
        struct arena *a = env->a;
        const struct distro_embed *e = NULL;
        for (size_t i = 0; dd && i < dd->n_embeds; i++)
                if (dd->embeds[i].component == spec)
                        e = &dd->embeds[i];
        int pid;
        for (size_t i = 0; e && env->procs && i < spec->n_processes; i++)
                if (proc_table_find(env->procs, spec->processes[i], &pid) == 0)
                        return false; /* it runs on its own after all */
        const struct host *h = e ? host_of(env, e->process) : NULL;
        if (!h || !host_runs(e, h->argv, h->argc))
                return false;
        char *const *hargv = h->argv;
        size_t hargc = h->argc;
        pid = h->pid;
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
                int err = rootfs_read_file(env->root, path, ROOTFS_MAX_CONFIG, a, &buf, &len);
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
                config_args(env, path, e->arg_flag, &b, from, &error);
                const struct host_config *hc = with_dropins(env, path);
                for (size_t i = 0; i < hc->n_dropins && !error; i++)
                        config_args(env, hc->dropins[i], e->arg_flag, &b, from, &error);
        }
        if (e->arg_flag) {
                char **v;
                size_t nv = host_flag(hargv, hargc, e->arg_flag, a, &v);
                for (size_t i = 0; i < nv; i++)
                        add_arg(&b, v[i], arena_printf(a, "--%s on the %s command line", e->arg_flag,
                                                       e->process));
        }
        component_load_embedded(spec, env->procs, pid, b.argv, b.origins, b.n, env->root, a, ret);
        if (error) {
                (*ret)->state = COMPONENT_BROKEN;
                (*ret)->reason = arena_printf(a, "%s runs inside %s (pid %d), whose arguments for it "
                                                 "cannot be read: %s",
                                              spec->name, e->process, pid, error);
        }
        return true;
}

const char *distro_role(struct scan_env *env, const struct distro *dd)
{
        const char *role = NULL;
        for (size_t i = 0; dd && env->procs && i < dd->n_embeds; i++) {
                const struct distro_embed *e = &dd->embeds[i];
                const struct host *h = host_of(env, e->process);
                if (!h || !host_runs(e, h->argv, h->argc))
                        continue;
                if (streq(e->component->name, "kube-apiserver"))
                        return "control-plane";
                if (streq(e->component->name, "kubelet"))
                        role = "worker";
        }
        return role;
}

bool distro_skip_applies(struct scan_env *env, const struct distro_change *ch)
{
        struct component *c = scan_env_component(env, ch->when_component);
        if (c->state != COMPONENT_RUNNING)
                return false;
        struct setting_value v;
        component_setting(c, ch->when_setting, env->a, &v);
        if (!v.ok || !v.has_value)
                return false;
        size_t l = strlen(ch->when_prefix);
        for (size_t i = 0; i < v.value.n_items; i++)
                if (strncmp(v.value.items[i], ch->when_prefix, l) == 0)
                        return true;
        return v.value.norm && strncmp(v.value.norm, ch->when_prefix, l) == 0;
}

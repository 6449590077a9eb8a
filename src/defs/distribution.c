/* distro: distribution files (profiles/distributions/NAME.yaml). */
#include "io/localfs.h"
#include "defs/distribution.h"

#include <errno.h>
#include <string.h>

#include "defs/condition.h"
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
        if (when && !skip)
                return ydef_fail(d, file, when, "\"when\" goes with skip");
        if (when && (err = condition_parse(when, file, cat, a, &ch->when, d)) < 0)
                return err;
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

static int parse_executable(struct distro *dd, const struct ynode *n, const char *file,
                            struct catalog *cat, struct arena *a, struct diag *d)
{
        static const char *const keys[] = {"component", "paths", NULL};
        struct distro_exe *x = &dd->executables[dd->n_executables];
        const char *comp;
        int err;
        if ((err = ydef_expect_map(n, file, "a component's executables", d)) < 0 ||
            (err = ydef_known_keys(n, keys, file, d)) < 0 ||
            (err = ydef_str(n, "component", file, true, &comp, d)) < 0 ||
            (err = ydef_strlist(n, "paths", file, a, &x->paths, &x->n_paths, d)) < 0)
                return err;
        x->component = catalog_component(cat, comp);
        if (!x->component)
                return ydef_fail(d, file, n, "unknown component \"%s\"", comp);
        if (!x->n_paths)
                return ydef_fail(d, file, n, "%s", "executables need paths");
        for (size_t i = 0; i < x->n_paths; i++)
                if (x->paths[i][0] != '/')
                        return ydef_fail(d, file, ynode_get(n, "paths"), "path \"%s\" must be absolute",
                                         x->paths[i]);
        for (size_t i = 0; i < dd->n_executables; i++)
                if (dd->executables[i].component == x->component)
                        return ydef_fail(d, file, n, "component \"%s\" is listed twice", comp);
        dd->n_executables++;
        return 0;
}

size_t distro_executables(const struct distro *d, const struct component_spec *spec, char *const **ret)
{
        for (size_t i = 0; d && i < d->n_executables; i++)
                if (d->executables[i].component == spec) {
                        *ret = d->executables[i].paths;
                        return d->executables[i].n_paths;
                }
        *ret = NULL;
        return 0;
}

int distro_parse(const struct ynode *root, const char *file, struct catalog *cat,
                 struct arena *a, struct distro **ret, struct diag *d)
{
        static const char *const keys[] = {"distribution", "title", "order", "detect", "checks",
                                           "embedded", "executables", NULL};
        static const char *const dkeys[] = {"processes", "binaries", "paths", NULL};
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
            (err = ydef_strlist(det, "binaries", file, a, &dd->binaries, &dd->n_binaries, d)) < 0 ||
            (err = ydef_strlist(det, "paths", file, a, &dd->paths, &dd->n_paths, d)) < 0)
                return err;
        if (!dd->n_processes && !dd->n_paths)
                return ydef_fail(d, file, det, "\"detect\" needs processes or paths");
        /* A process name is anyone's to take: it counts only with the
         * distribution's executable and its files. */
        if (dd->n_processes && (!dd->n_binaries || !dd->n_paths))
                return ydef_fail(d, file, det, "%s",
                                 "\"detect\" processes need binaries (where the distribution's "
                                 "executable is) and paths (its files): a process name alone is no evidence");
        if (dd->n_binaries && !dd->n_processes)
                return ydef_fail(d, file, ynode_get(det, "binaries"), "%s",
                                 "binaries are the executables of the processes: give processes");
        char **const lists[] = {dd->paths, dd->binaries};
        const size_t counts[] = {dd->n_paths, dd->n_binaries};
        const char *const what[] = {"paths", "binaries"};
        for (size_t l = 0; l < 2; l++)
                for (size_t i = 0; i < counts[l]; i++)
                        if (lists[l][i][0] != '/')
                                return ydef_fail(d, file, ynode_get(det, what[l]),
                                                 "path \"%s\" must be absolute", lists[l][i]);
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
        const struct ynode *xn = ynode_get(root, "executables");
        if (xn && xn->type != YNODE_SEQ && !ynode_is_null(xn))
                return ydef_fail(d, file, xn, "\"executables\" must be a list");
        n = xn && xn->type == YNODE_SEQ ? xn->n : 0;
        dd->executables = arena_alloc(a, (n + 1) * sizeof(*dd->executables));
        for (size_t i = 0; i < n; i++)
                if ((err = parse_executable(dd, xn->items[i], file, cat, a, d)) < 0)
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
                        if (ch->skip && ch->when)
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

/* distro: distribution files (profiles/distributions/NAME.yaml). */
#include "io/localfs.h"
#include "defs/distribution.h"

#include <errno.h>
#include <string.h>

#include "defs/condition.h"
#include "defs/fields.h"
#include "io/rootfs.h"
#include "parse/ydocpack.h"
#include "shared/strutil.h"

static int parse_change(struct distro *dd, const struct ynode *n, const char *file,
                        struct catalog *cat, struct arena *a, struct diag *d)
{
        struct distro_change *ch = &dd->changes[dd->n_changes];
        struct fields {
                const char *id, *skip;
                struct field_list paths;
                const struct ynode *when;
        } f = {0};
        static const struct field table[] = {
                FIELD("id", FIELD_STR, true, struct fields, id),
                FIELD("skip", FIELD_STR, false, struct fields, skip),
                FIELD("paths", FIELD_LIST, false, struct fields, paths),
                FIELD("when", FIELD_NODE, false, struct fields, when),
        };
        int err = fields_read(n, table, ELEMENTSOF(table), "a distribution change", file, a, &f, d);
        if (err < 0 || (err = catalog_need(cat, f.id, d)) < 0)
                return err;
        const char *id = f.id, *skip = f.skip;
        ch->paths = f.paths.v;
        ch->n_paths = f.paths.n;
        ch->check = catalog_find(cat, id);
        if (!ch->check)
                return ydef_fail(d, file, n, "unknown check \"%s\"", id);
        if (!skip == !ch->n_paths)
                return ydef_fail(d, file, n, "check \"%s\": give skip (a reason) or paths", id);
        const struct ynode *when = f.when;
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
        struct distro_embed *e = &dd->embeds[dd->n_embeds];
        struct fields {
                const char *comp, *process, *when, *unless, *arg_flag, *config, *config_flag,
                        *args_file, *af_flag;
                struct field_list args, vars;
        } f = {0};
        static const struct field table[] = {
                FIELD("component", FIELD_STR, true, struct fields, comp),
                FIELD("process", FIELD_STR, true, struct fields, process),
                FIELD("when-arg", FIELD_STR, false, struct fields, when),
                FIELD("unless-arg", FIELD_STR, false, struct fields, unless),
                FIELD("args", FIELD_LIST, false, struct fields, args),
                FIELD("arg-flag", FIELD_STR, false, struct fields, arg_flag),
                FIELD("config", FIELD_STR, false, struct fields, config),
                FIELD("config-flag", FIELD_STR, false, struct fields, config_flag),
                FIELD("args-file", FIELD_STR, false, struct fields, args_file),
                FIELD("args-file-flag", FIELD_STR, false, struct fields, af_flag),
                FIELD("vars", FIELD_LIST, false, struct fields, vars),
        };
        int err = fields_read(n, table, ELEMENTSOF(table), "an embedded component", file, a, &f, d);
        if (err < 0)
                return err;
        const char *comp = f.comp, *process = f.process, *when = f.when, *unless = f.unless,
                   *arg_flag = f.arg_flag, *config = f.config, *config_flag = f.config_flag,
                   *args_file = f.args_file, *af_flag = f.af_flag;
        e->args = f.args.v;
        e->n_args = f.args.n;
        e->vars = f.vars.v;
        e->n_vars = f.vars.n;
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
        struct distro_exe *x = &dd->executables[dd->n_executables];
        struct fields {
                const char *comp;
                struct field_list paths;
        } f = {0};
        static const struct field table[] = {
                FIELD("component", FIELD_STR, true, struct fields, comp),
                FIELD("paths", FIELD_LIST, false, struct fields, paths),
        };
        int err = fields_read(n, table, ELEMENTSOF(table), "a component's executables", file, a, &f, d);
        if (err < 0)
                return err;
        const char *comp = f.comp;
        x->paths = f.paths.v;
        x->n_paths = f.paths.n;
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
        struct {
                const char *name, *title;
                const struct ynode *order, *detect, *checks, *embedded, *executables;
        } top = {0};
#define F(key, kind, req, member) FIELD(key, kind, req, __typeof__(top), member)
        const struct field top_table[] = {
                F("distribution", FIELD_STR, true, name),
                F("title", FIELD_STR, true, title),
                F("order", FIELD_NODE, false, order),
                F("detect", FIELD_NODE, false, detect),
                F("checks", FIELD_NODE, false, checks),
                F("embedded", FIELD_NODE, false, embedded),
                F("executables", FIELD_NODE, false, executables),
        };
#undef F
        long order = 100;
        int err = fields_read(root, top_table, ELEMENTSOF(top_table), "a distribution", file, a, &top, d);
        if (err < 0 || (err = ydef_int(root, "order", file, 0, 1000, &order, d)) < 0)
                return err;
        const char *name = top.name, *title = top.title;
        struct distro *dd = arena_alloc(a, sizeof(*dd));
        dd->name = arena_strdup(a, name);
        dd->title = arena_strdup(a, title);
        dd->file = arena_strdup(a, file);
        dd->order = (int)order;
        const struct ynode *det = ynode_get(root, "detect");
        if (!det)
                return ydef_fail(d, file, root, "a distribution needs \"detect\"");
        struct {
                struct field_list processes, binaries, paths;
        } df = {0};
#define F(key, member) FIELD(key, FIELD_LIST, false, __typeof__(df), member)
        const struct field detect_table[] = {
                F("processes", processes),
                F("binaries", binaries),
                F("paths", paths),
        };
#undef F
        if ((err = fields_read(det, detect_table, ELEMENTSOF(detect_table), "\"detect\"", file, a, &df,
                               d)) < 0)
                return err;
        dd->processes = df.processes.v;
        dd->n_processes = df.processes.n;
        dd->binaries = df.binaries.v;
        dd->n_binaries = df.binaries.n;
        dd->paths = df.paths.v;
        dd->n_paths = df.paths.n;
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

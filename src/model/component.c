/* component: finds a component's process and derives each setting with its source. */
#include "model/component.h"

#include <errno.h>
#include <fnmatch.h>
#include <string.h>

#include "shared/strutil.h"

static const char *const source_names[_SOURCE_MAX] = {
        [SOURCE_NONE] = "none",       [SOURCE_FLAG] = "flag",       [SOURCE_CONFIG] = "config",
        [SOURCE_DROPIN] = "dropin",   [SOURCE_DEFAULT] = "default", [SOURCE_FILE] = "file",
        [SOURCE_PROC] = "proc",
};

const char *source_kind_to_string(enum source_kind k)
{
        return k >= 0 && k < _SOURCE_MAX ? source_names[k] : "none";
}

/* ---- the component file ---- */

static int parse_setting(const struct ynode *n, const char *file, struct arena *a,
                         struct setting_spec **ret, struct diag *d)
{
        static const char *const keys[] = {"name", "flag", "flag-key", "config", "type",
                "default", "flags-only-default", "zero-is-unset", "flag-with-config", "path",
                NULL};
        const char *name, *flag, *flag_key, *type, *def, *legacy;
        int err;
        if ((err = ydef_expect_map(n, file, "a setting", d)) < 0 ||
            (err = ydef_known_keys(n, keys, file, d)) < 0 ||
            (err = ydef_str(n, "name", file, true, &name, d)) < 0 ||
            (err = ydef_str(n, "flag", file, false, &flag, d)) < 0 ||
            (err = ydef_str(n, "flag-key", file, false, &flag_key, d)) < 0 ||
            (err = ydef_str(n, "type", file, true, &type, d)) < 0 ||
            (err = ydef_str(n, "default", file, false, &def, d)) < 0 ||
            (err = ydef_str(n, "flags-only-default", file, false, &legacy, d)) < 0)
                return err;
        struct setting_spec *s = arena_alloc(a, sizeof(*s));
        s->name = arena_strdup(a, name);
        s->flag = arena_strdup(a, flag);
        s->flag_key = arena_strdup(a, flag_key);
        s->def = arena_strdup(a, def);
        s->legacy_def = arena_strdup(a, legacy);
        s->in_config = true;
        s->file = arena_strdup(a, file);
        s->line = n->line;
        if ((err = ydef_bool(n, "config", file, &s->in_config, d)) < 0 ||
            (err = ydef_bool(n, "zero-is-unset", file, &s->zero_is_unset, d)) < 0 ||
            (err = ydef_bool(n, "flag-with-config", file, &s->flag_with_config, d)) < 0 ||
            (err = ydef_bool(n, "path", file, &s->is_path, d)) < 0)
                return err;
        s->type = value_type_from_string(type);
        if (s->type == _VT_INVALID) {
                diag_set(d, file, n->line, n->column,
                         "setting \"%s\": unknown type \"%s\" (string, bool, int, duration, list)",
                         name, type);
                return -EINVAL;
        }
        if (!s->flag && !s->in_config) {
                diag_set(d, file, n->line, n->column,
                         "setting \"%s\" has neither a flag nor a config key", name);
                return -EINVAL;
        }
        /* Defaults must be valid values of the type. */
        const char *defs[] = {s->def, s->legacy_def};
        for (size_t i = 0; i < ELEMENTSOF(defs); i++) {
                struct value v;
                char *why;
                if (defs[i] && value_from_string(s->type, defs[i], a, &v, &why) < 0) {
                        diag_set(d, file, n->line, n->column, "setting \"%s\": default: %s",
                                 name, why);
                        return -EINVAL;
                }
        }
        *ret = s;
        return 0;
}

int component_spec_parse(const struct ynode *root, const char *file, struct arena *a,
                         struct component_spec **ret, struct diag *d)
{
        static const char *const keys[] = {"component", "processes", "config", "flags",
                                           "settings", NULL};
        static const char *const config_keys[] = {"flag", "kind", "dir-flag", "dir-pattern",
                                                  "flags-override", NULL};
        static const char *const flag_keys[] = {"booleans", "lists", "maps", "values", NULL};
        const char *name;
        int err;
        if ((err = ydef_known_keys(root, keys, file, d)) < 0 ||
            (err = ydef_str(root, "component", file, true, &name, d)) < 0)
                return err;
        struct component_spec *c = arena_alloc(a, sizeof(*c));
        c->name = arena_strdup(a, name);
        c->file = arena_strdup(a, file);
        c->flags_override_config = true;
        if ((err = ydef_strlist(root, "processes", file, a, &c->processes, &c->n_processes, d)) < 0)
                return err;
        if (c->n_processes == 0) {
                diag_set(d, file, root->line, root->column, "missing \"processes\"");
                return -EINVAL;
        }
        const struct ynode *cfg = ynode_get(root, "config");
        if (cfg) {
                const char *flag, *kind, *dflag, *glob;
                if ((err = ydef_expect_map(cfg, file, "\"config\"", d)) < 0 ||
                    (err = ydef_known_keys(cfg, config_keys, file, d)) < 0 ||
                    (err = ydef_str(cfg, "flag", file, true, &flag, d)) < 0 ||
                    (err = ydef_str(cfg, "kind", file, false, &kind, d)) < 0 ||
                    (err = ydef_str(cfg, "dir-flag", file, false, &dflag, d)) < 0 ||
                    (err = ydef_str(cfg, "dir-pattern", file, false, &glob, d)) < 0 ||
                    (err = ydef_bool(cfg, "flags-override", file, &c->flags_override_config, d)) < 0)
                        return err;
                c->config_flag = arena_strdup(a, flag);
                c->config_kind = arena_strdup(a, kind);
                c->config_dir_flag = arena_strdup(a, dflag);
                c->dropin_glob = arena_strdup(a, glob ? glob : "*");
        }
        const struct ynode *fl = ynode_get(root, "flags");
        if (fl) {
                if ((err = ydef_expect_map(fl, file, "\"flags\"", d)) < 0 ||
                    (err = ydef_known_keys(fl, flag_keys, file, d)) < 0 ||
                    (err = ydef_strlist(fl, "booleans", file, a, &c->flags.bools, &c->flags.n_bools, d)) < 0 ||
                    (err = ydef_strlist(fl, "lists", file, a, &c->flags.lists, &c->flags.n_lists, d)) < 0 ||
                    (err = ydef_strlist(fl, "maps", file, a, &c->flags.maps, &c->flags.n_maps, d)) < 0 ||
                    (err = ydef_strlist(fl, "values", file, a, &c->flags.scalars, &c->flags.n_scalars, d)) < 0)
                        return err;
        }
        const struct ynode *st = ynode_get(root, "settings");
        if (!st || st->type != YNODE_SEQ) {
                diag_set(d, file, st ? st->line : root->line, st ? st->column : root->column,
                         "\"settings\" must be a list");
                return -EINVAL;
        }
        c->settings = arena_alloc(a, (st->n + 1) * sizeof(*c->settings));
        for (size_t i = 0; i < st->n; i++) {
                struct setting_spec *s;
                if ((err = parse_setting(st->items[i], file, a, &s, d)) < 0)
                        return err;
                if (component_spec_setting(c, s->name)) {
                        diag_set(d, file, st->items[i]->line, st->items[i]->column,
                                 "setting \"%s\" is defined twice", s->name);
                        return -EINVAL;
                }
                c->settings[c->n_settings++] = s;
        }
        *ret = c;
        return 0;
}

const struct setting_spec *component_spec_setting(const struct component_spec *spec,
                                                  const char *name)
{
        for (size_t i = 0; spec && i < spec->n_settings; i++)
                if (streq(spec->settings[i]->name, name))
                        return spec->settings[i];
        return NULL;
}

/* ---- the running component ---- */

int component_resolve_path(const struct component *c, const char *path, struct arena *a,
                           char **ret, char **ret_error)
{
        if (path[0] == '/') {
                *ret = arena_strdup(a, path);
                return 0;
        }
        if (!c->cwd) {
                *ret_error = arena_printf(a,
                        "\"%s\" is relative and the working directory of pid %d is unknown (%s)",
                        path, c->pid, c->cwd_error ? c->cwd_error : "not read");
                return -ENOENT;
        }
        *ret = arena_printf(a, "%s%s%s", c->cwd, str_endswith(c->cwd, "/") ? "" : "/", path);
        return 0;
}

static struct config_doc *load_doc(const struct component *c, const char *path,
                                   struct arena *a)
{
        struct config_doc *doc = arena_alloc(a, sizeof(*doc));
        char *why;
        if (component_resolve_path(c, path, a, &doc->path, &why) < 0) {
                doc->path = arena_strdup(a, path);
                doc->error = why;
                return doc;
        }
        char *buf;
        size_t len;
        int err = rootfs_read_file(c->root, doc->path, ROOTFS_MAX_CONFIG, a, &buf, &len);
        if (err < 0) {
                doc->error = arena_printf(a, "%s: %s", doc->path, rootfs_strerror(err));
                return doc;
        }
        struct diag d = {0};
        char msg[1200];
        if (ydoc_parse(buf, len, doc->path, a, &doc->root, &d) < 0) {
                diag_format(&d, msg, sizeof(msg));
                doc->error = arena_strdup(a, msg);
                doc->root = NULL;
                return doc;
        }
        if (doc->root->type != YNODE_MAP) {
                doc->error = arena_printf(a, "%s:%u: expected a mapping, found %s", doc->path,
                                          doc->root->line, ynode_type_name(doc->root));
                doc->root = NULL;
                return doc;
        }
        const struct ynode *kind = ynode_get(doc->root, "kind");
        if (c->spec->config_kind && kind && kind->type == YNODE_SCALAR &&
            !streq(kind->value, c->spec->config_kind)) {
                doc->error = arena_printf(a, "%s:%u: kind is \"%s\", not %s", doc->path,
                                          kind->line, kind->value, c->spec->config_kind);
                doc->root = NULL;
        }
        return doc;
}

static void load_dropins(struct component *c, const char *dir, struct arena *a)
{
        char *path, *why;
        if (component_resolve_path(c, dir, a, &path, &why) < 0) {
                c->dropin_error = why;
                return;
        }
        char **names;
        size_t n;
        int err = rootfs_list_dir(c->root, path, a, &names, &n);
        if (err == -ENOENT)
                return; /* the kubelet accepts a missing drop-in directory */
        if (err < 0) {
                c->dropin_error = arena_printf(a, "%s: %s", path, rootfs_strerror(err));
                return;
        }
        c->dropins = arena_alloc(a, (n + 1) * sizeof(*c->dropins));
        for (size_t i = 0; i < n; i++) {
                if (names[i][0] == '.' || fnmatch(c->spec->dropin_glob, names[i], 0) != 0)
                        continue;
                char *p = arena_printf(a, "%s%s%s", path, str_endswith(path, "/") ? "" : "/",
                                       names[i]);
                struct stat st;
                if (rootfs_stat(c->root, p, &st) == 0 && S_ISDIR(st.st_mode))
                        continue;
                c->dropins[c->n_dropins++] = load_doc(c, p, a);
        }
}

int component_load(const struct component_spec *spec, const struct proc_table *procs,
                   struct rootfs *node_root, struct arena *a, struct component **ret)
{
        struct component *c = arena_alloc(a, sizeof(*c));
        c->spec = spec;
        c->root = node_root;
        *ret = c;
        int pid = -1;
        for (size_t i = 0; i < spec->n_processes && pid < 0; i++)
                if (proc_table_find(procs, spec->processes[i], &pid) < 0)
                        pid = -1;
        if (pid < 0) {
                c->state = COMPONENT_ABSENT;
                c->reason = procs ? arena_printf(a, "no %s process runs on this node", spec->name)
                                  : arena_printf(a, "no process table to look for %s (offline scan)",
                                                 spec->name);
                return 0;
        }
        c->pid = pid;
        int err = proc_read_argv(procs, pid, a, &c->argv, &c->argc);
        if (err < 0 || c->argc == 0) {
                c->state = COMPONENT_BROKEN;
                c->reason = arena_printf(a, "cannot read the command line of %s (pid %d): %s",
                                         spec->name, pid,
                                         err < 0 ? rootfs_strerror(err) : "empty");
                return 0;
        }
        c->state = COMPONENT_RUNNING;
        size_t first = 1;
        const char *b = strrchr(c->argv[0], '/');
        if (streq(b ? b + 1 : c->argv[0], "hyperkube"))
                first = 2;
        c->flags = flags_parse(&spec->flags, c->argv, c->argc, first, a);

        struct rootfs *own;
        if (proc_open_root(procs, pid, &own) == 0) {
                c->root = own;
                c->own_root = true;
        }
        char *cwd;
        err = proc_read_cwd(procs, pid, a, &cwd);
        if (err == 0 && cwd[0] == '/')
                c->cwd = cwd;
        else
                c->cwd_error = err < 0 ? arena_strdup(a, rootfs_strerror(err))
                                       : arena_printf(a, "\"%s\" is not absolute", cwd);

        const struct flag *f = spec->config_flag ? flags_get(c->flags, spec->config_flag) : NULL;
        if (f && f->value && *f->value)
                c->config = load_doc(c, f->value, a);
        f = spec->config_dir_flag ? flags_get(c->flags, spec->config_dir_flag) : NULL;
        if (f && f->value && *f->value)
                load_dropins(c, f->value, a);
        return 0;
}

void component_release(struct component *c)
{
        if (c && c->own_root) {
                rootfs_close(c->root);
                c->own_root = false;
        }
}

static bool from_flag(const struct component *c, const struct setting_spec *s,
                      struct arena *a, struct setting_value *ret)
{
        if (!s->flag)
                return false;
        const struct flag *f = flags_get(c->flags, s->flag);
        if (!f)
                return false;
        if (c->config && !c->spec->flags_override_config && !s->flag_with_config) {
                ret->note = arena_printf(a, "%s ignores %s because --%s is given", c->spec->name,
                                         f->arg, c->spec->config_flag);
                return false;
        }
        ret->source = SOURCE_FLAG;
        if (f->error) {
                ret->error = arena_printf(a, "%s would refuse its command line: %s",
                                          c->spec->name, f->error);
                return true;
        }
        const char *raw = f->value;
        if (s->flag_key) {
                raw = flag_map_get(f, s->flag_key);
                if (!raw)
                        return false;
                ret->detail = arena_printf(a, "%s (%s=%s)", f->arg, s->flag_key, raw);
        } else {
                ret->detail = arena_strdup(a, f->arg);
                if (f->count > 1)
                        ret->note = arena_printf(a, "--%s is given %u times; %s", s->flag,
                                                 f->count,
                                                 f->kind == FLAG_LIST || f->kind == FLAG_MAP
                                                         ? "the values accumulate"
                                                         : "the last one wins");
        }
        char *why;
        if (value_from_string(s->type, raw, a, &ret->value, &why) < 0) {
                ret->error = arena_printf(a, "%s: %s", f->arg, why);
                return true;
        }
        ret->ok = ret->has_value = true;
        return true;
}

/* Looks NAME up in one document. Returns false when the document does not set it. */
static bool from_doc(const struct config_doc *doc, const struct setting_spec *s,
                     enum source_kind kind, struct arena *a, struct setting_value *ret)
{
        const struct ynode *n = ynode_path(doc->root, s->name);
        if (!n || ynode_is_null(n))
                return false;
        ret->source = kind;
        ret->detail = arena_printf(a, "%s:%u: %s", doc->path, n->line, s->name);
        char *why;
        if (value_from_ynode(s->type, n, a, &ret->value, &why) < 0) {
                ret->error = arena_printf(a, "%s:%u:%u: %s: %s", doc->path, n->line, n->column,
                                          s->name, why);
                return true;
        }
        ret->ok = ret->has_value = true;
        return true;
}

void component_setting(const struct component *c, const struct setting_spec *s,
                       struct arena *a, struct setting_value *ret)
{
        *ret = (struct setting_value){0};
        if (from_flag(c, s, a, ret))
                return;
        if (s->in_config) {
                for (size_t i = c->n_dropins; i-- > 0;) {
                        const struct config_doc *doc = c->dropins[i];
                        if (doc->error) {
                                ret->error = arena_strdup(a, doc->error);
                                return;
                        }
                        if (from_doc(doc, s, SOURCE_DROPIN, a, ret))
                                return;
                }
                if (c->dropin_error) {
                        ret->error = arena_strdup(a, c->dropin_error);
                        return;
                }
                if (c->config && c->config->error) {
                        ret->error = arena_strdup(a, c->config->error);
                        return;
                }
                if (c->config && from_doc(c->config, s, SOURCE_CONFIG, a, ret)) {
                        if (!ret->ok || !s->zero_is_unset || !s->def ||
                            !value_is_zero(s->type, &ret->value))
                                return;
                        ret->note = arena_printf(a,
                                "%s sets %s to its zero value (%s), which %s treats as unset",
                                c->config->path, s->name,
                                *ret->value.raw ? ret->value.raw : "\"\"", c->spec->name);
                }
        }
        const char *def = c->config || !s->legacy_def ? s->def : s->legacy_def;
        ret->ok = true;
        ret->is_default = true;
        ret->source = SOURCE_DEFAULT;
        if (!def) {
                ret->has_value = false;
                ret->detail = arena_printf(a, "not set; %s has no default for %s", c->spec->name,
                                           s->name);
                return;
        }
        char *why;
        value_from_string(s->type, def, a, &ret->value, &why); /* validated at load */
        ret->has_value = true;
        ret->detail = arena_printf(a, "%s built-in default%s", c->spec->name,
                                   !s->legacy_def ? ""
                                   : c->config    ? " (with a config file)"
                                                  : " (flags only, no config file)");
}

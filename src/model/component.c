/* component: finds a component's process and derives each setting with its source. */
#include "model/component.h"

#include "io/confdirs.h"
#include "model/yamlfile.h"

#include <errno.h>
#include <string.h>

#include "shared/strutil.h"


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
        if (yaml_file_read(c->root, doc->path, ROOTFS_MAX_CONFIG, true, a, &doc->root, &doc->error) < 0) {
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
        const struct confdirs_options opts = {
                .glob = c->spec->dropin_glob, .skip_hidden = true, .skip_dirs = true,
                .fail_on_error = true,
        };
        struct conf_file *files;
        size_t n;
        const char *dirs[] = {path}, *failed;
        int err = confdirs_list(c->root, dirs, 1, &opts, a, &files, &n, &failed);
        if (err < 0) {
                c->dropin_error = arena_printf(a, "%s: %s", path, rootfs_strerror(err));
                return;
        }
        c->dropins = arena_alloc(a, (n + 1) * sizeof(*c->dropins));
        for (size_t i = 0; i < n; i++)
                c->dropins[c->n_dropins++] = load_doc(c, files[i].path, a);
}

/* The argv of a static pod: its container's command and args. */
static int load_manifest(struct component *c, struct rootfs *root, const char *path,
                         struct arena *a)
{
        struct ynode *doc;
        char *why;
        int err = yaml_file_read(root, path, ROOTFS_MAX_CONFIG, false, a, &doc, &why);
        if (err == -ENOENT)
                return err;
        c->manifest_path = arena_strdup(a, path);
        if (err < 0) {
                c->reason = why;
                return -EINVAL;
        }
        const struct ynode *cs = ynode_path(doc, "spec.containers");
        const struct ynode *ctr = NULL;
        for (size_t i = 0; cs && cs->type == YNODE_SEQ && i < cs->n; i++) {
                const struct ynode *nm = ynode_get(cs->items[i], "name");
                if (!ctr || (nm && streq(nm->value, c->spec->name)))
                        ctr = cs->items[i];
        }
        if (!ctr) {
                c->reason = arena_printf(a, "%s:%u: no spec.containers", path, doc->line);
                return -EINVAL;
        }
        const struct ynode *parts[] = {ynode_get(ctr, "command"), ynode_get(ctr, "args")};
        size_t n = 0;
        for (size_t p = 0; p < 2; p++)
                n += parts[p] && parts[p]->type == YNODE_SEQ ? parts[p]->n : 0;
        c->argv = arena_alloc(a, (n + 1) * sizeof(char *));
        for (size_t p = 0; p < 2; p++) {
                const struct ynode *l = parts[p];
                if (l && l->type != YNODE_SEQ && !ynode_is_null(l)) {
                        c->reason = arena_printf(a, "%s:%u: %s must be a list", path, l->line,
                                                 p ? "args" : "command");
                        return -EINVAL;
                }
                for (size_t i = 0; l && l->type == YNODE_SEQ && i < l->n; i++) {
                        if (l->items[i]->type != YNODE_SCALAR) {
                                c->reason = arena_printf(a, "%s:%u: arguments must be strings",
                                                         path, l->items[i]->line);
                                return -EINVAL;
                        }
                        c->argv[c->argc++] = l->items[i]->value;
                }
        }
        if (c->argc == 0) {
                c->reason = arena_printf(a, "%s:%u: the container has no command", path,
                                         ctr->line);
                return -EINVAL;
        }
        /* The container's literal environment (valueFrom cannot be known here). */
        const struct ynode *env = ynode_get(ctr, "env");
        c->environ = arena_alloc(a, ((env && env->type == YNODE_SEQ ? env->n : 0) + 1) * sizeof(char *));
        for (size_t i = 0; env && env->type == YNODE_SEQ && i < env->n; i++) {
                const struct ynode *nm = ynode_get(env->items[i], "name");
                const struct ynode *val = ynode_get(env->items[i], "value");
                if (nm && nm->type == YNODE_SCALAR && val && val->type == YNODE_SCALAR)
                        c->environ[c->n_environ++] = arena_printf(a, "%s=%s", nm->value, val->value);
        }
        return 0;
}

static bool spec_reads_env(const struct component_spec *spec)
{
        for (size_t i = 0; i < spec->n_settings; i++)
                if (spec->settings[i]->env)
                        return true;
        return false;
}

static void parse_flags(struct component *c, struct arena *a)
{
        size_t first = 1;
        const char *b = strrchr(c->argv[0], '/');
        if (streq(b ? b + 1 : c->argv[0], "hyperkube"))
                first = 2;
        c->flags = flags_parse(&c->spec->flags, c->argv, c->argc, first, a);
}

static void load_config(struct component *c, struct arena *a)
{
        const struct component_spec *spec = c->spec;
        const struct flag *f = spec->config_flag ? flags_get(c->flags, spec->config_flag) : NULL;
        const char *env_path = NULL;
        if (!f && spec->config_flag) {
                /* etcd also takes its config file from the environment */
                for (size_t i = 0; i < spec->n_settings; i++)
                        if (streq(spec->settings[i]->flag, spec->config_flag) &&
                            spec->settings[i]->env) {
                                size_t l = strlen(spec->settings[i]->env);
                                for (size_t j = 0; j < c->n_environ; j++)
                                        if (strncmp(c->environ[j], spec->settings[i]->env, l) == 0 &&
                                            c->environ[j][l] == '=')
                                                env_path = c->environ[j] + l + 1;
                        }
        }
        if (f && f->value && *f->value)
                c->config = load_doc(c, f->value, a);
        else if (env_path && *env_path)
                c->config = load_doc(c, env_path, a);
        f = spec->config_dir_flag ? flags_get(c->flags, spec->config_dir_flag) : NULL;
        if (f && f->value && *f->value)
                load_dropins(c, f->value, a);
}

/* A running component whose command line is known: its flags, its own root
 * and working directory (those of process C->pid), environment and config. */
static void load_running(struct component *c, const struct proc_table *procs, struct arena *a)
{
        const struct component_spec *spec = c->spec;
        int pid = c->pid, err;
        c->state = COMPONENT_RUNNING;
        parse_flags(c, a);

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
        if (spec_reads_env(spec)) {
                err = proc_read_environ(procs, pid, a, &c->environ, &c->n_environ);
                if (err < 0)
                        c->environ_error = arena_printf(a, "cannot read the environment of %s (pid %d): %s",
                                                        spec->name, pid, rootfs_strerror(err));
        }
        load_config(c, a);
}

int component_load(const struct component_spec *spec, const struct proc_table *procs,
                   struct rootfs *node_root, const char *manifest_dir, struct arena *a,
                   struct component **ret)
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
                if (!spec->manifest || !manifest_dir)
                        return 0;
                char *path = arena_printf(a, "%s/%s", manifest_dir, spec->manifest);
                int err = load_manifest(c, node_root, path, a);
                if (err == -ENOENT)
                        return 0;
                c->state = err < 0 ? COMPONENT_BROKEN : COMPONENT_RUNNING;
                if (err < 0)
                        return 0;
                c->cwd = arena_strdup(a, "/");
                parse_flags(c, a);
                load_config(c, a);
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
        load_running(c, procs, a);
        return 0;
}

int component_load_embedded(const struct component_spec *spec, const struct proc_table *procs,
                            int pid, char **argv, char **origins, size_t argc,
                            struct rootfs *node_root, struct arena *a, struct component **ret)
{
        struct component *c = arena_alloc(a, sizeof(*c));
        c->spec = spec;
        c->root = node_root;
        c->pid = pid;
        c->argv = argv;
        c->argc = argc;
        c->arg_origins = origins;
        *ret = c;
        load_running(c, procs, a);
        return 0;
}

void component_release(struct component *c)
{
        if (c && c->own_root) {
                rootfs_close(c->root);
                c->own_root = false;
        }
}

/* Where the argument ARG of an embedded component came from (the last one
 * written so), or NULL for a component with a command line of its own. */
static const char *arg_origin(const struct component *c, const char *arg)
{
        for (size_t i = c->arg_origins ? c->argc : 0; i-- > 0;)
                if (streq(c->argv[i], arg))
                        return c->arg_origins[i];
        return NULL;
}

/* How flag F was written, with where an embedded component's came from. */
static char *flag_text(const struct component *c, const struct flag *f, struct arena *a)
{
        const char *origin = arg_origin(c, f->arg);
        return origin ? arena_printf(a, "%s (%s)", f->arg, origin) : arena_strdup(a, f->arg);
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
        ret->source = c->manifest_path ? SOURCE_MANIFEST : SOURCE_FLAG;
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
                ret->detail = c->manifest_path ? arena_printf(a, "%s in %s", f->arg, c->manifest_path)
                                               : flag_text(c, f, a);
                if (f->count > 1 && !c->arg_origins) /* a host builds one value of each */
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
        if (c->flags->n_positional && !c->spec->flags.go_style)
                ret->note = arena_printf(a, "%s%sthe command line also holds the argument%s %s, which "
                                         "no flag took as its value", ret->note ? ret->note : "",
                                         ret->note ? "; " : "", c->flags->n_positional > 1 ? "s" : "",
                                         str_join(a, c->flags->positional, c->flags->n_positional, ", "));
        return true;
}

/* Looks NAME up in one document. Returns false when the document does not set it. */
static bool from_doc(const struct config_doc *doc, const struct setting_spec *s,
                     enum source_kind kind, struct arena *a, struct setting_value *ret)
{
        const struct ynode *n = ynode_path(doc->root, s->key);
        if (!n || ynode_is_null(n))
                return false;
        ret->source = kind;
        ret->detail = arena_printf(a, "%s:%u: %s", doc->path, n->line, s->key);
        char *why;
        if (value_from_ynode(s->type, n, a, &ret->value, &why) < 0) {
                ret->error = arena_printf(a, "%s:%u:%u: %s: %s", doc->path, n->line, n->column,
                                          s->key, why);
                return true;
        }
        ret->ok = ret->has_value = true;
        return true;
}

static bool from_env(const struct component *c, const struct setting_spec *s,
                     struct arena *a, struct setting_value *ret)
{
        if (!s->env)
                return false;
        size_t l = strlen(s->env);
        if (c->config && !c->spec->flags_override_config) {
                /* a config file replaces flags and environment */
                for (size_t i = 0; i < c->n_environ; i++)
                        if (strncmp(c->environ[i], s->env, l) == 0 && c->environ[i][l] == '=')
                                ret->note = arena_printf(a, "%s%s%s ignores %s because --%s is given",
                                                         ret->note ? ret->note : "", ret->note ? "; " : "",
                                                         c->spec->name, c->environ[i], c->spec->config_flag);
                return false;
        }
        if (c->environ_error) {
                ret->error = arena_strdup(a, c->environ_error);
                return true;
        }
        for (size_t i = 0; i < c->n_environ; i++) {
                if (strncmp(c->environ[i], s->env, l) != 0 || c->environ[i][l] != '=')
                        continue;
                const char *raw = c->environ[i] + l + 1;
                char *why;
                ret->source = SOURCE_ENV;
                ret->detail = arena_printf(a, "%s=%s", s->env, raw);
                if (value_from_string(s->type, raw, a, &ret->value, &why) < 0) {
                        ret->error = arena_printf(a, "%s: %s", s->env, why);
                        return true;
                }
                ret->ok = ret->has_value = true;
                return true;
        }
        return false;
}

/* A list the command line edits: the defaults, plus an extending flag, minus a removing flag. */
static void edited_list(const struct component *c, const struct setting_spec *s,
                        struct arena *a, struct setting_value *ret)
{
        const struct flag *add = s->flag ? flags_get(c->flags, s->flag) : NULL;
        const struct flag *del = s->remove_flag ? flags_get(c->flags, s->remove_flag) : NULL;
        char **base = NULL, **added = NULL, **removed = NULL;
        size_t n_base = 0, n_added = 0, n_removed = 0;
        if (s->def && (!add || s->flag_extends_default))
                n_base = str_split(a, s->def, ',', &base);
        /* The flags' items, even if the component file forgot to call them lists. */
        if (add)
                n_added = str_split(a, add->value ? add->value : "", ',', &added);
        if (del)
                n_removed = str_split(a, del->value ? del->value : "", ',', &removed);
        size_t n = 0;
        char **items = arena_alloc(a, (n_base + n_added + 1) * sizeof(char *));
        char *const *srcs[] = {base, added};
        size_t counts[] = {n_base, n_added};
        for (size_t k = 0; k < 2; k++)
                for (size_t i = 0; i < counts[k]; i++)
                        if (!str_in_list(srcs[k][i], items, n) &&
                            !str_in_list(srcs[k][i], removed, n_removed))
                                items[n++] = srcs[k][i];
        ret->ok = ret->has_value = true;
        ret->value.items = items;
        ret->value.n_items = n;
        ret->value.norm = str_join(a, items, n, ",");
        ret->value.raw = ret->value.norm;
        if (add || del) {
                ret->source = c->manifest_path ? SOURCE_MANIFEST : SOURCE_FLAG;
                ret->detail = arena_printf(a, "%s%s%s%s", add ? flag_text(c, add, a) : "",
                                           add && del ? " " : "", del ? flag_text(c, del, a) : "",
                                           s->flag_extends_default ? ", added to the defaults" : "");
        } else {
                ret->source = SOURCE_DEFAULT;
                ret->is_default = true;
                ret->detail = arena_printf(a, "%s built-in default", c->spec->name);
        }
        const struct flag *bad = add && add->error ? add : del && del->error ? del : NULL;
        if (bad)
                ret->error = arena_printf(a, "%s would refuse its command line: %s",
                                          c->spec->name, bad->error);
}

void component_setting(const struct component *c, const struct setting_spec *s,
                       struct arena *a, struct setting_value *ret)
{
        *ret = (struct setting_value){0};
        if (s->remove_flag || s->flag_extends_default) {
                edited_list(c, s, a, ret);
                return;
        }
        if (from_flag(c, s, a, ret))
                return;
        if (from_env(c, s, a, ret))
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
        if (s->default_detail) {
                ret->detail = arena_strdup(a, s->default_detail);
                return;
        }
        ret->detail = arena_printf(a, "%s built-in default%s", c->spec->name,
                                   !s->legacy_def ? ""
                                   : c->config    ? " (with a config file)"
                                                  : " (flags only, no config file)");
}

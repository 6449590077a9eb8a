/* component-spec: component files (checks/kubernetes/components/NAME.yaml) — the
 * settings a component knows, its flags, defaults and certificates. */
#include "defs/component-spec.h"

#include <errno.h>
#include <string.h>

#include "defs/fields.h"
#include "parse/yamldoc.h"
#include "shared/strutil.h"

static int parse_setting(const struct ynode *n, const char *file, bool has_config,
                         struct arena *a, struct setting_spec **ret, struct diag *d)
{
        struct fields {
                const char *name, *flag, *flag_key, *type, *def, *legacy, *key, *env, *remove,
                        *ddetail;
                bool config, zero_is_unset, flag_with_config, path, flag_extends_default;
        } f = {.config = has_config};
        static const struct field table[] = {
                FIELD("name", FIELD_STR, true, struct fields, name),
                FIELD("flag", FIELD_STR, false, struct fields, flag),
                FIELD("flag-key", FIELD_STR, false, struct fields, flag_key),
                FIELD("type", FIELD_STR, true, struct fields, type),
                FIELD("default", FIELD_STR, false, struct fields, def),
                FIELD("flags-only-default", FIELD_STR, false, struct fields, legacy),
                FIELD("key", FIELD_STR, false, struct fields, key),
                FIELD("env", FIELD_STR, false, struct fields, env),
                FIELD("remove-flag", FIELD_STR, false, struct fields, remove),
                FIELD("default-detail", FIELD_STR, false, struct fields, ddetail),
                FIELD("config", FIELD_BOOL, false, struct fields, config),
                FIELD("zero-is-unset", FIELD_BOOL, false, struct fields, zero_is_unset),
                FIELD("flag-with-config", FIELD_BOOL, false, struct fields, flag_with_config),
                FIELD("path", FIELD_BOOL, false, struct fields, path),
                FIELD("flag-extends-default", FIELD_BOOL, false, struct fields, flag_extends_default),
        };
        int err = fields_read(n, table, ELEMENTSOF(table), "a setting", file, a, &f, d);
        if (err < 0)
                return err;
        const char *name = f.name, *flag = f.flag, *flag_key = f.flag_key, *type = f.type,
                   *def = f.def, *legacy = f.legacy, *key = f.key, *env = f.env, *remove = f.remove,
                   *ddetail = f.ddetail;
        struct setting_spec *s = arena_alloc(a, sizeof(*s));
        s->name = arena_strdup(a, name);
        s->flag = arena_strdup(a, flag);
        s->flag_key = arena_strdup(a, flag_key);
        s->def = arena_strdup(a, def);
        s->legacy_def = arena_strdup(a, legacy);
        s->key = arena_strdup(a, key ? key : name);
        s->env = arena_strdup(a, env);
        s->remove_flag = arena_strdup(a, remove);
        s->default_detail = arena_strdup(a, ddetail);
        s->in_config = f.config;
        s->zero_is_unset = f.zero_is_unset;
        s->flag_with_config = f.flag_with_config;
        s->is_path = f.path;
        s->flag_extends_default = f.flag_extends_default;
        s->file = arena_strdup(a, file);
        s->line = n->line;
        s->type = value_type_from_string(type);
        if (s->type == _VT_INVALID) {
                diag_set(d, file, n->line, n->column,
                         "setting \"%s\": unknown type \"%s\" (string, bool, int, duration, list)",
                         name, type);
                return -EINVAL;
        }
        if ((s->remove_flag || s->flag_extends_default) && s->type != VT_LIST) {
                diag_set(d, file, n->line, n->column,
                         "setting \"%s\": remove-flag and flag-extends-default need type list", name);
                return -EINVAL;
        }
        if (!s->flag && !s->in_config && !s->env) {
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

/* A setting of C named by KEY in N that names a file, or an error. */
static int cert_setting(const struct component_spec *c, const struct ynode *n, const char *key,
                        const char *file, const struct setting_spec **ret, struct diag *d)
{
        const char *name;
        int err;
        *ret = NULL;
        if ((err = ydef_str(n, key, file, false, &name, d)) < 0 || !name)
                return err;
        *ret = component_spec_setting(c, name);
        if (!*ret || !(*ret)->is_path)
                return ydef_fail(d, file, ynode_get(n, key), "%s \"%s\" is not a path setting of %s",
                                 key, name, c->name);
        return 0;
}

static int parse_certs(struct component_spec *c, const struct ynode *list, const char *file,
                       struct arena *a, struct diag *d)
{
        /* cert, key and kubeconfig name settings (cert_setting reads them) */
        struct fields {
                const char *use;
                const struct ynode *cert, *key, *kubeconfig, *otherwise;
        } f;
        static const struct field table[] = {
                FIELD("use", FIELD_STR, true, struct fields, use),
                FIELD("cert", FIELD_NODE, false, struct fields, cert),
                FIELD("key", FIELD_NODE, false, struct fields, key),
                FIELD("kubeconfig", FIELD_NODE, false, struct fields, kubeconfig),
                FIELD("otherwise", FIELD_NODE, false, struct fields, otherwise),
        };
        struct fallback {
                const char *cert, *key;
        } fb;
        static const struct field fallback_table[] = {
                FIELD("cert", FIELD_STR, true, struct fallback, cert),
                FIELD("key", FIELD_STR, false, struct fallback, key),
        };
        int err;
        if (!list)
                return 0;
        if (list->type != YNODE_SEQ)
                return ydef_fail(d, file, list, "\"certificates\" must be a list%s", "");
        c->certs = arena_alloc(a, (list->n + 1) * sizeof(*c->certs));
        for (size_t i = 0; i < list->n; i++) {
                const struct ynode *n = list->items[i];
                struct cert_ref *r = &c->certs[c->n_certs++];
                f = (struct fields){0};
                if ((err = fields_read(n, table, ELEMENTSOF(table), "a certificate", file, a, &f, d)) < 0 ||
                    (err = cert_setting(c, n, "cert", file, &r->cert, d)) < 0 ||
                    (err = cert_setting(c, n, "key", file, &r->key, d)) < 0 ||
                    (err = cert_setting(c, n, "kubeconfig", file, &r->kubeconfig, d)) < 0)
                        return err;
                r->use = arena_strdup(a, f.use);
                if (!r->cert == !r->kubeconfig || (r->key && !r->cert))
                        return ydef_fail(d, file, n, "a certificate is cert (with an optional key) "
                                                     "or kubeconfig%s", "");
                const struct ynode *ow = f.otherwise;
                if (!ow)
                        continue;
                if (ow->type != YNODE_SEQ || !r->cert)
                        return ydef_fail(d, file, ow, "otherwise is a list of {cert, key} paths, "
                                                      "with cert%s", "");
                r->otherwise_cert = arena_alloc(a, (ow->n + 1) * sizeof(char *));
                r->otherwise_key = arena_alloc(a, (ow->n + 1) * sizeof(char *));
                for (size_t j = 0; j < ow->n; j++) {
                        fb = (struct fallback){0};
                        if ((err = fields_read(ow->items[j], fallback_table, ELEMENTSOF(fallback_table),
                                               "a fallback", file, a, &fb, d)) < 0)
                                return err;
                        const char *cp = fb.cert, *kp = fb.key;
                        if (cp[0] != '/' || (kp && kp[0] != '/'))
                                return ydef_fail(d, file, ow->items[j], "fallback paths must be "
                                                                        "absolute%s", "");
                        r->otherwise_cert[r->n_otherwise] = arena_strdup(a, cp);
                        r->otherwise_key[r->n_otherwise++] = arena_strdup(a, kp);
                }
        }
        return 0;
}

int component_spec_parse(const struct ynode *root, const char *file, struct arena *a,
                         struct component_spec **ret, struct diag *d)
{
        struct {
                const char *component, *manifest;
                struct field_list processes;
                const struct ynode *config, *flags, *settings, *certificates;
        } f = {0};
#define F(key, kind, req, member) FIELD(key, kind, req, __typeof__(f), member)
        const struct field table[] = {
                F("component", FIELD_STR, true, component),
                F("manifest", FIELD_STR, false, manifest),
                F("processes", FIELD_LIST, true, processes),
                F("config", FIELD_NODE, false, config),
                F("flags", FIELD_NODE, false, flags),
                F("settings", FIELD_NODE, false, settings),
                F("certificates", FIELD_NODE, false, certificates),
        };
#undef F
        /* a component file is a mapping: catalog_add_document said so */
        int err = fields_read(root, table, ELEMENTSOF(table), "a component file", file, a, &f, d);
        if (err < 0)
                return err;
        struct component_spec *c = arena_alloc(a, sizeof(*c));
        c->manifest = arena_strdup(a, f.manifest);
        c->name = arena_strdup(a, f.component);
        c->file = arena_strdup(a, file);
        c->flags_override_config = true;
        c->processes = f.processes.v;
        c->n_processes = f.processes.n;
        if (f.config) {
                struct {
                        const char *flag, *kind, *dflag, *glob;
                        bool override;
                } cf = {.override = true};
#define F(key, kind, req, member) FIELD(key, kind, req, __typeof__(cf), member)
                const struct field config_table[] = {
                        F("flag", FIELD_STR, true, flag),
                        F("kind", FIELD_STR, false, kind),
                        F("dir-flag", FIELD_STR, false, dflag),
                        F("dir-pattern", FIELD_STR, false, glob),
                        F("flags-override", FIELD_BOOL, false, override),
                };
#undef F
                if ((err = fields_read(f.config, config_table, ELEMENTSOF(config_table), "\"config\"",
                                       file, a, &cf, d)) < 0)
                        return err;
                c->flags_override_config = cf.override;
                c->config_flag = arena_strdup(a, cf.flag);
                c->config_kind = arena_strdup(a, cf.kind);
                c->config_dir_flag = arena_strdup(a, cf.dflag);
                c->dropin_glob = arena_strdup(a, cf.glob ? cf.glob : "*");
        }
        const struct ynode *fl = f.flags;
        if (fl) {
                struct {
                        struct field_list booleans, lists, maps, values;
                        const char *style;
                } ff = {0};
#define F(key, kind, req, member) FIELD(key, kind, req, __typeof__(ff), member)
                const struct field flag_table[] = {
                        F("booleans", FIELD_LIST, false, booleans),
                        F("lists", FIELD_LIST, false, lists),
                        F("maps", FIELD_LIST, false, maps),
                        F("values", FIELD_LIST, false, values),
                        F("style", FIELD_STR, false, style),
                };
#undef F
                if ((err = fields_read(fl, flag_table, ELEMENTSOF(flag_table), "\"flags\"", file, a,
                                       &ff, d)) < 0)
                        return err;
                c->flags.bools = ff.booleans.v;
                c->flags.n_bools = ff.booleans.n;
                c->flags.lists = ff.lists.v;
                c->flags.n_lists = ff.lists.n;
                c->flags.maps = ff.maps.v;
                c->flags.n_maps = ff.maps.n;
                c->flags.scalars = ff.values.v;
                c->flags.n_scalars = ff.values.n;
                const char *style = ff.style;
                if (style && !streq(style, "go") && !streq(style, "pflag")) {
                        const struct ynode *sn = ynode_get(fl, "style");
                        diag_set(d, file, sn->line, sn->column,
                                 "unknown flag style \"%s\" (pflag, go)", style);
                        return -EINVAL;
                }
                c->flags.go_style = streq(style, "go");
        }
        const struct ynode *st = f.settings;
        if (!st || st->type != YNODE_SEQ) {
                diag_set(d, file, st ? st->line : root->line, st ? st->column : root->column,
                         "\"settings\" must be a list");
                return -EINVAL;
        }
        c->settings = arena_alloc(a, (st->n + 1) * sizeof(*c->settings));
        for (size_t i = 0; i < st->n; i++) {
                struct setting_spec *s;
                if ((err = parse_setting(st->items[i], file, c->config_flag != NULL, a, &s, d)) < 0)
                        return err;
                if (component_spec_setting(c, s->name)) {
                        diag_set(d, file, st->items[i]->line, st->items[i]->column,
                                 "setting \"%s\" is defined twice", s->name);
                        return -EINVAL;
                }
                c->settings[c->n_settings++] = s;
        }
        if ((err = parse_certs(c, f.certificates, file, a, d)) < 0)
                return err;
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


/* checks: parses check definitions; each references a probe from a fixed table. */
#include "io/localfs.h"
#include "defs/catalog.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "io/rootfs.h"
#include "model/sshd.h"
#include "parse/ydocpack.h"
#include "defs/condition.h"
#include "defs/fields.h"
#include "shared/strutil.h"

/* The probes a check file may name: what each is called, whether its verdict
 * comes from an operator, and whether its settings are its own keys (sshd
 * keywords, sysctl names, modules, unit directives) rather than a component's.
 * probes/table.c holds the code of each, in the same order. */
static const struct {
        const char *name;
        bool has_operator;
        bool keyed;
} probe_kinds[_PROBE_MAX] = {
        [PROBE_SETTING] = {"setting", true, false},
        [PROBE_FILE_MODE] = {"file-mode", true, false},
        [PROBE_FILE_OWNER] = {"file-owner", true, false},
        [PROBE_MANUAL] = {"manual", false, false},
        [PROBE_ENCRYPTION] = {"encryption-provider", true, false},
        [PROBE_AUDIT_POLICY] = {"audit-policy", true, false},
        [PROBE_SSHD_OPTION] = {"sshd-option", true, true},
        [PROBE_SSHD_VALID] = {"sshd-config-valid", false, false},
        [PROBE_SYSCTL] = {"sysctl", true, true},
        [PROBE_FILE_CONTENT] = {"file-content", true, false},
        [PROBE_MODULE] = {"module", false, true},
        [PROBE_UNIT] = {"systemd-directive", true, true},
        [PROBE_CERT] = {"certificate", true, false},
        [PROBE_LISTEN] = {"listening", false, false},
        [PROBE_PROCESSES] = {"process-allowlist", false, false},
};

const char *probe_to_string(enum probe_id p)
{
        return p >= 0 && p < _PROBE_MAX ? probe_kinds[p].name : "?";
}

bool probe_has_operator(enum probe_id p)
{
        return p >= 0 && p < _PROBE_MAX && probe_kinds[p].has_operator;
}

static bool probe_keyed(enum probe_id p)
{
        return p >= 0 && p < _PROBE_MAX && probe_kinds[p].keyed;
}

static enum probe_id probe_from_string(const char *s)
{
        for (int i = 0; i < _PROBE_MAX; i++)
                if (streq(s, probe_kinds[i].name))
                        return (enum probe_id)i;
        return _PROBE_INVALID;
}

/* "setting, file-mode, ...": every probe's name, for messages. */
static const char *probe_names(struct arena *a)
{
        struct strbuf sb = {0};
        for (int i = 0; i < _PROBE_MAX; i++)
                strbuf_printf(&sb, "%s%s", i ? ", " : "", probe_kinds[i].name);
        char *s = arena_strdup(a, sb.buf);
        strbuf_free(&sb);
        return s;
}

static const char *const aspect_names[_CERT_ASPECT_MAX] = {
        [CERT_EXPIRY] = "expiry",
        [CERT_KEY_STRENGTH] = "key-strength",
        [CERT_SIGNATURE] = "signature",
        [CERT_KEY_MATCH] = "key-match",
};

enum cert_aspect cert_aspect_from_string(const char *s)
{
        for (int i = 0; i < _CERT_ASPECT_MAX; i++)
                if (s && streq(s, aspect_names[i]))
                        return (enum cert_aspect)i;
        return _CERT_ASPECT_INVALID;
}

const struct check *catalog_find(const struct catalog *cat, const char *id)
{
        for (size_t i = 0; i < cat->n_checks; i++)
                if (streq(cat->checks[i]->id, id))
                        return cat->checks[i];
        return NULL;
}

const struct component_spec *catalog_component(const struct catalog *cat, const char *name)
{
        for (size_t i = 0; i < cat->n_components; i++)
                if (streq(cat->components[i]->name, name))
                        return cat->components[i];
        return NULL;
}

int check_parse_expected(const struct ynode *map, const char *file, struct arena *a,
                         char ***ret, size_t *ret_n, struct diag *d)
{
        return ydef_strlist(map, "expected", file, a, ret, ret_n, d);
}

static bool valid_id(const char *id)
{
        if (!*id || strlen(id) > 128)
                return false;
        for (const char *p = id; *p; p++)
                if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '.' ||
                      *p == '-' || *p == '_'))
                        return false;
        return strchr(id, '.') != NULL;
}

/* What a check's mapping may hold: every key it accepts, read once, in this
 * order (the first problem is the one reported). */
struct check_fields {
        const char *id, *title, *description, *remediation, *component, *probe, *setting;
        struct field_list settings;
        const char *operator_, *owner, *missing;
        bool any, cis_accepts_unset, include_dirs;
        struct field_list mode_if_group, paths, trees, expected, ports;
        const char *target, *unit, *match, *aspect, *port_setting, *listen;
        const struct ynode *when;
};

static const struct field check_table[] = {
        FIELD("id", FIELD_STR, true, struct check_fields, id),
        FIELD("title", FIELD_STR, true, struct check_fields, title),
        FIELD("description", FIELD_STR, true, struct check_fields, description),
        FIELD("remediation", FIELD_STR, true, struct check_fields, remediation),
        FIELD("component", FIELD_STR, false, struct check_fields, component),
        FIELD("probe", FIELD_STR, true, struct check_fields, probe),
        FIELD("setting", FIELD_STR, false, struct check_fields, setting),
        FIELD("settings", FIELD_LIST, false, struct check_fields, settings),
        FIELD("operator", FIELD_STR, false, struct check_fields, operator_),
        FIELD("cis-accepts-unset", FIELD_BOOL, false, struct check_fields, cis_accepts_unset),
        FIELD("any", FIELD_BOOL, false, struct check_fields, any),
        FIELD("owner", FIELD_STR, false, struct check_fields, owner),
        FIELD("missing", FIELD_STR, false, struct check_fields, missing),
        FIELD("mode-if-group", FIELD_LIST, false, struct check_fields, mode_if_group),
        FIELD("when", FIELD_NODE, false, struct check_fields, when),
        FIELD("target", FIELD_STR, false, struct check_fields, target),
        FIELD("unit", FIELD_STR, false, struct check_fields, unit),
        FIELD("match", FIELD_STR, false, struct check_fields, match),
        FIELD("include-dirs", FIELD_BOOL, false, struct check_fields, include_dirs),
        FIELD("trees", FIELD_LIST, false, struct check_fields, trees),
        FIELD("paths", FIELD_LIST, false, struct check_fields, paths),
        FIELD("aspect", FIELD_STR, false, struct check_fields, aspect),
        FIELD("listen", FIELD_STR, false, struct check_fields, listen),
        FIELD("port-setting", FIELD_STR, false, struct check_fields, port_setting),
        FIELD("ports", FIELD_LIST, false, struct check_fields, ports),
        FIELD("expected", FIELD_LIST, false, struct check_fields, expected),
};

static int parse_target(struct check *c, const struct check_fields *cf, const struct ynode *n,
                        const char *file, struct arena *a, struct diag *d)
{
        const char *target = cf->target, *unit = cf->unit, *match = cf->match;
        char **trees = cf->trees.v;
        size_t n_trees = cf->trees.n;
        c->include_dirs = cf->include_dirs;
        c->paths = cf->paths.v;
        c->n_paths = cf->paths.n;
        int kinds = (target != NULL) + (unit != NULL) + (c->n_paths > 0) + (c->n_settings > 0) +
                    (n_trees > 0);
        if (kinds != 1)
                return ydef_fail(d, file, n,
                               "check \"%s\": a file probe needs exactly one of target: "
                               "config-file, setting, paths, trees or unit", c->id);
        if ((match || c->include_dirs) && !n_trees)
                return ydef_fail(d, file, n, "check \"%s\": match and include-dirs go with trees",
                               c->id);
        if (n_trees) {
                c->target = TARGET_TREE;
                c->paths = trees;
                c->n_paths = n_trees;
                c->match = arena_strdup(a, match);
        }
        if (target) {
                if (streq(target, "sshd-files")) {
                        c->target = TARGET_SSHD_FILES;
                        return 0;
                }
                if (!streq(target, "config-file"))
                        return ydef_fail(d, file, ynode_get(n, "target"),
                                       "unknown target \"%s\" (config-file, sshd-files)", target);
                if (!c->component || !c->component->config_flag)
                        return ydef_fail(d, file, n,
                                       "check \"%s\": target config-file needs a component with a config file",
                                       c->id);
                c->target = TARGET_CONFIG_FILE;
        } else if (unit) {
                c->target = TARGET_UNIT;
                c->unit = arena_strdup(a, unit);
        } else if (c->target == TARGET_TREE || c->n_paths) {
                if (c->target != TARGET_TREE)
                        c->target = TARGET_PATHS;
                for (size_t i = 0; i < c->n_paths; i++)
                        if (c->paths[i][0] != '/')
                                return ydef_fail(d, file,
                                               ynode_get(n, c->target == TARGET_TREE ? "trees" : "paths"),
                                               "path \"%s\" must be absolute", c->paths[i]);
        } else {
                if (c->n_settings != 1)
                        return ydef_fail(d, file, n, "check \"%s\": a file probe takes one setting",
                                       c->id);
                c->target = TARGET_SETTING;
        }
        return 0;
}

static int parse_check(struct catalog *cat, const struct ynode *n, const char *file,
                       struct arena *a, struct diag *d)
{
        struct check_fields cf = {0};
        int err = fields_read(n, check_table, ELEMENTSOF(check_table), "a check", file, a, &cf, d);
        if (err < 0)
                return err;
        const char *id = cf.id, *title = cf.title, *desc = cf.description, *rem = cf.remediation;
        const char *comp = cf.component, *probe = cf.probe, *setting = cf.setting, *op = cf.operator_;
        char **settings = cf.settings.v;
        size_t n_settings = cf.settings.n;
        if (!valid_id(id))
                return ydef_fail(d, file, ynode_get(n, "id"),
                               "invalid check id \"%s\" (lower-case area.name)", id);
        if (catalog_find(cat, id))
                return ydef_fail(d, file, ynode_get(n, "id"), "check \"%s\" is defined twice", id);
        struct check *c = arena_alloc(a, sizeof(*c));
        c->id = arena_strdup(a, id);
        c->title = arena_strdup(a, title);
        c->description = arena_strdup(a, desc);
        c->remediation = arena_strdup(a, rem);
        c->file = arena_strdup(a, file);
        c->line = n->line;
        const char *owner, *missing;
        char **allowance;
        size_t n_allowance;
        c->cis_accepts_unset = cf.cis_accepts_unset;
        c->any = cf.any;
        owner = cf.owner;
        missing = cf.missing;
        allowance = cf.mode_if_group.v;
        n_allowance = cf.mode_if_group.n;
        c->owner = arena_strdup(a, owner);
        if (n_allowance && n_allowance != 2)
                return ydef_fail(d, file, ynode_get(n, "mode-if-group"),
                               "mode-if-group takes [group, mode]%s", "");
        if (n_allowance) {
                unsigned mode;
                if (parse_mode(allowance[1], &mode) < 0)
                        return ydef_fail(d, file, ynode_get(n, "mode-if-group"),
                                       "\"%s\" is not an octal mode", allowance[1]);
                c->group_allowance[0] = arena_strdup(a, allowance[0]);
                c->group_allowance[1] = arena_strdup(a, allowance[1]);
        }
        if (missing && !streq(missing, "fail") && !streq(missing, "skip"))
                return ydef_fail(d, file, ynode_get(n, "missing"), "missing is fail or skip, not \"%s\"",
                               missing);
        c->missing_fails = streq(missing, "fail");
        const struct ynode *when = cf.when;
        if (when && (err = condition_parse(when, file, cat, a, &c->when, d)) < 0)
                return err;
        if (comp) {
                c->component = catalog_component(cat, comp);
                if (!c->component)
                        return ydef_fail(d, file, ynode_get(n, "component"),
                                       "unknown component \"%s\"", comp);
        }
        c->probe = probe_from_string(probe);
        if (c->probe == _PROBE_INVALID)
                return ydef_fail(d, file, ynode_get(n, "probe"),
                               "unknown probe \"%s\" (%s)", probe, probe_names(a));
        if (setting && n_settings)
                return ydef_fail(d, file, n, "check \"%s\": give setting or settings, not both", id);
        if (setting) {
                settings = arena_alloc(a, 2 * sizeof(char *));
                settings[0] = (char *)setting;
                n_settings = 1;
        }
        bool keyed = probe_keyed(c->probe);
        if (keyed) {
                if (!n_settings)
                        return ydef_fail(d, file, n, "check \"%s\": probe %s needs a setting", id, probe);
                for (size_t i = 0; i < n_settings; i++)
                        if (c->probe == PROBE_SSHD_OPTION && !sshd_keyword_modelled(settings[i]))
                                return ydef_fail(d, file, ynode_get(n, setting ? "setting" : "settings"),
                                               "sshd keyword \"%s\" is not modelled", settings[i]);
                        else if (c->probe == PROBE_UNIT &&
                                 (!strchr(settings[i], '.') || settings[i][0] == '.' ||
                                  str_endswith(settings[i], ".")))
                                return ydef_fail(d, file, ynode_get(n, setting ? "setting" : "settings"),
                                               "a systemd directive is Section.Key, not \"%s\"",
                                               settings[i]);
                c->keys = settings;
                c->n_keys = n_settings;
                n_settings = 0;
        }
        if (n_settings && !c->component)
                return ydef_fail(d, file, n, "check \"%s\": a setting needs a component", id);
        c->settings = arena_alloc(a, (n_settings + 1) * sizeof(*c->settings));
        for (size_t i = 0; i < n_settings; i++) {
                c->settings[i] = component_spec_setting(c->component, settings[i]);
                if (!c->settings[i])
                        return ydef_fail(d, file, ynode_get(n, setting ? "setting" : "settings"),
                                       "unknown setting \"%s\"", settings[i]);
        }
        c->n_settings = n_settings;

        /* keys only one probe reads */
        static const struct {
                const char *key;
                enum probe_id probe;
        } own_keys[] = {
                {"ports", PROBE_LISTEN}, {"port-setting", PROBE_LISTEN}, {"listen", PROBE_LISTEN},
                {"aspect", PROBE_CERT},
        };
        for (size_t i = 0; i < ELEMENTSOF(own_keys); i++)
                if (ynode_get(n, own_keys[i].key) && c->probe != own_keys[i].probe)
                        return ydef_fail(d, file, ynode_get(n, own_keys[i].key), "%s goes with probe %s",
                                         own_keys[i].key, probe_to_string(own_keys[i].probe));
        switch (c->probe) {
        case PROBE_SETTING:
        case PROBE_ENCRYPTION:
        case PROBE_AUDIT_POLICY:
                if (c->probe == PROBE_SETTING ? !n_settings : n_settings != 1)
                        return ydef_fail(d, file, n, "check \"%s\": probe %s needs %s", id, probe,
                                       c->probe == PROBE_SETTING ? "a setting"
                                                                 : "one setting naming the file");
                break;
        case PROBE_FILE_MODE:
        case PROBE_FILE_OWNER:
        case PROBE_FILE_CONTENT:
                if ((err = parse_target(c, &cf, n, file, a, d)) < 0)
                        return err;
                if (c->probe == PROBE_FILE_CONTENT && c->target != TARGET_PATHS)
                        return ydef_fail(d, file, n, "check \"%s\": file-content takes paths", id);
                if (c->owner && (c->probe != PROBE_FILE_MODE || !strchr(c->owner, ':')))
                        return ydef_fail(d, file, ynode_get(n, "owner"),
                                       "owner goes with file-mode, as user:group%s", "");
                break;
        case PROBE_CERT: {
                const char *aspect = cf.aspect;
                if (!aspect)
                        return ydef_fail(d, file, n, "missing \"aspect\"%s", "");
                c->aspect = cert_aspect_from_string(aspect);
                if (c->aspect == _CERT_ASPECT_INVALID)
                        return ydef_fail(d, file, ynode_get(n, "aspect"),
                                       "unknown aspect \"%s\" (expiry, key-strength, signature, "
                                       "key-match)", aspect);
                if (n_settings)
                        return ydef_fail(d, file, n, "check \"%s\": a certificate check takes no "
                                                     "setting (the components' files name theirs)", id);
                if (c->component && !c->component->n_certs)
                        return ydef_fail(d, file, ynode_get(n, "component"),
                                       "component %s has no certificates", c->component->name);
                break;
        }
        case PROBE_LISTEN: {
                const char *listen = cf.listen, *port_setting = cf.port_setting;
                char **ports = cf.ports.v;
                size_t n_ports = cf.ports.n;
                if (!listen)
                        return ydef_fail(d, file, n, "missing \"listen\"%s", "");
                if (!c->component || n_settings || !n_ports)
                        return ydef_fail(d, file, n, "check \"%s\": listening takes a component and "
                                                     "ports", id);
                if (!streq(listen, "none") && !streq(listen, "loopback"))
                        return ydef_fail(d, file, ynode_get(n, "listen"),
                                       "listen is none or loopback, not \"%s\"", listen);
                c->listen_none = streq(listen, "none");
                c->ports = arena_alloc(a, n_ports * sizeof(*c->ports));
                for (size_t i = 0; i < n_ports; i++) {
                        int64_t p;
                        if (parse_int64(ports[i], &p) < 0 || p < 1 || p > 65535)
                                return ydef_fail(d, file, ynode_get(n, "ports"),
                                               "\"%s\" is not a TCP port", ports[i]);
                        c->ports[c->n_ports++] = (unsigned)p;
                }
                if (port_setting) {
                        c->port_setting = component_spec_setting(c->component, port_setting);
                        if (!c->port_setting)
                                return ydef_fail(d, file, ynode_get(n, "port-setting"),
                                               "unknown setting \"%s\"", port_setting);
                }
                break;
        }
        case PROBE_UNIT: {
                const char *unit = cf.unit;
                if (!unit)
                        return ydef_fail(d, file, n, "missing \"unit\"%s", "");
                if (n_settings != 0 || c->n_keys != 1 || strchr(unit, '/') ||
                    !strchr(unit, '.'))
                        return ydef_fail(d, file, n,
                                       "check \"%s\": systemd-directive takes one unit name and "
                                       "one setting", id);
                c->unit = arena_strdup(a, unit);
                c->target = TARGET_UNIT;
                break;
        }
        default:
                break;
        }
        if (probe_has_operator(c->probe)) {
                if (!op)
                        return ydef_fail(d, file, n, "check \"%s\": missing \"operator\"", id);
                c->op = op_from_string(op);
                if (c->op == _OP_INVALID)
                        return ydef_fail(d, file, ynode_get(n, "operator"),
                                       "unknown operator \"%s\"", op);
                c->expected = cf.expected.v;
                c->n_expected = cf.expected.n;
                if (op_takes_expected(c->op) != (c->n_expected > 0))
                        return ydef_fail(d, file, n, "check \"%s\": operator %s \"expected\"", id,
                                       op_takes_expected(c->op) ? "needs" : "takes no");
                bool file_op = c->op == OP_MODE_AT_MOST || c->op == OP_OWNER;
                bool file_probe = c->probe == PROBE_FILE_MODE || c->probe == PROBE_FILE_OWNER;
                if ((c->probe == PROBE_FILE_MODE && c->op != OP_MODE_AT_MOST) ||
                    (c->probe == PROBE_FILE_OWNER && c->op != OP_OWNER) ||
                    (!file_probe && file_op))
                        return ydef_fail(d, file, ynode_get(n, "operator"),
                                       "operator \"%s\" does not fit this probe", op);
                unsigned mode;
                if (c->op == OP_MODE_AT_MOST && parse_mode(c->expected[0], &mode) < 0)
                        return ydef_fail(d, file, ynode_get(n, "expected"),
                                       "\"%s\" is not an octal mode", c->expected[0]);
                if (c->op == OP_OWNER && !strchr(c->expected[0], ':'))
                        return ydef_fail(d, file, ynode_get(n, "expected"),
                                       "owner \"%s\" must be user:group", c->expected[0]);
        }
        cat->checks = (struct check **)arena_grow(a, (void **)cat->checks, cat->n_checks,
                                                  &cat->cap_checks);
        cat->checks[cat->n_checks++] = c;
        return 0;
}

int catalog_add_document(struct catalog *cat, const struct ynode *root, const char *file,
                         bool components_pass, struct arena *a, struct diag *d)
{
        int err = ydef_expect_map(root, file, "a definition file", d);
        if (err < 0)
                return err;
        bool is_component = ynode_get(root, "component") != NULL;
        const struct ynode *checks = ynode_get(root, "checks");
        if (!is_component && !checks) {
                diag_set(d, file, root->line, root->column,
                         "neither a check file (\"checks:\") nor a component file (\"component:\")");
                return -EINVAL;
        }
        if (components_pass != is_component)
                return 0;
        if (is_component) {
                struct component_spec *spec;
                if ((err = component_spec_parse(root, file, a, &spec, d)) < 0)
                        return err;
                if (catalog_component(cat, spec->name)) {
                        diag_set(d, file, root->line, root->column,
                                 "component \"%s\" is defined twice", spec->name);
                        return -EINVAL;
                }
                cat->components = (struct component_spec **)arena_grow(
                        a, (void **)cat->components, cat->n_components, &cat->cap_components);
                cat->components[cat->n_components++] = spec;
                return 0;
        }
        struct {
                const struct ynode *checks;
        } top = {0};
        static const struct field top_table[] = {
                FIELD("checks", FIELD_NODE, true, __typeof__(top), checks),
        };
        if ((err = fields_read(root, top_table, ELEMENTSOF(top_table), "a check file", file, a, &top,
                               d)) < 0)
                return err;
        if (checks->type != YNODE_SEQ) {
                diag_set(d, file, checks->line, checks->column, "\"checks\" must be a list");
                return -EINVAL;
        }
        for (size_t i = 0; i < checks->n; i++)
                if ((err = parse_check(cat, checks->items[i], file, a, d)) < 0)
                        return err;
        return 0;
}

struct catalog_file {
        char *path;
        char *text;
        size_t len;
        char **ids; /* the ids its "- id:" lines name */
        size_t n_ids;
        bool parsed;
};

/* The value of a line "  - id: NAME" or "    id: NAME" (quotes removed), or NULL. */
static char *id_of_line(const char *line, size_t len, struct arena *a)
{
        size_t i = 0;
        while (i < len && line[i] == ' ')
                i++;
        if (i < len && line[i] == '-') {
                i++;
                while (i < len && line[i] == ' ')
                        i++;
        }
        if (len - i < 3 || strncmp(line + i, "id:", 3) != 0)
                return NULL;
        i += 3;
        while (i < len && line[i] == ' ')
                i++;
        size_t end = len;
        while (end > i && (line[end - 1] == ' ' || line[end - 1] == '\r'))
                end--;
        if (end - i >= 2 && (line[i] == '"' || line[i] == '\'') && line[end - 1] == line[i]) {
                i++;
                end--;
        }
        if (end <= i || memchr(line + i, '#', end - i) || memchr(line + i, '"', end - i) ||
            memchr(line + i, '\'', end - i))
                return NULL;
        return arena_strndup(a, line + i, end - i);
}

/* A check file whose ids a plain look lists: a top-level "checks:" line, no
 * top-level "component:" line, and its ids on lines of their own. Anything
 * else is parsed at once, so that laziness never changes what is loaded. */
static bool index_file(struct catalog_file *f, struct arena *a)
{
        bool checks = false;
        size_t cap = 0;
        for (size_t i = 0; i < f->len;) {
                const char *line = f->text + i;
                const char *nl = memchr(line, '\n', f->len - i);
                size_t len = nl ? (size_t)(nl - line) : f->len - i;
                i += len + 1;
                if (len >= 10 && strncmp(line, "component:", 10) == 0)
                        return false;
                if (len >= 7 && strncmp(line, "checks:", 7) == 0)
                        checks = true;
                char *id = id_of_line(line, len, a);
                if (id) {
                        f->ids = (char **)arena_grow(a, (void **)f->ids, f->n_ids, &cap);
                        f->ids[f->n_ids++] = id;
                }
        }
        return checks && f->n_ids > 0;
}

static int parse_file(struct catalog *cat, struct catalog_file *f, struct diag *d)
{
        struct ynode *doc;
        int err = ydoc_parse_definition(f->text, f->len, f->path, cat->a, &doc, d);
        if (err < 0)
                return err;
        for (int pass = 1; pass >= 0; pass--)
                if ((err = catalog_add_document(cat, doc, f->path, pass, cat->a, d)) < 0)
                        return err;
        f->parsed = true;
        return 0;
}

int catalog_open(const char *dir, struct arena *a, struct catalog **ret, struct diag *d)
{
        char **files;
        size_t n;
        int err = local_find_files(dir, ".yaml", a, &files, &n);
        if (err < 0) {
                diag_set(d, dir, 0, 0, "cannot read the checks directory: %s", rootfs_strerror(err));
                return err;
        }
        if (n == 0) {
                diag_set(d, dir, 0, 0, "no check definitions (*.yaml) found");
                return -ENOENT;
        }
        struct catalog *cat = arena_alloc(a, sizeof(*cat));
        cat->a = a;
        struct catalog_file *fs = arena_alloc(a, n * sizeof(*fs));
        bool *eager = arena_alloc(a, n * sizeof(*eager));
        struct ynode **docs = arena_alloc(a, n * sizeof(*docs));
        for (size_t i = 0; i < n; i++) {
                fs[i].path = files[i];
                err = local_read_file(files[i], CHECK_MAX_FILE, a, &fs[i].text, &fs[i].len);
                if (err < 0) {
                        diag_set(d, files[i], 0, 0, "%s", rootfs_strerror(err));
                        return err;
                }
                eager[i] = !index_file(&fs[i], a);
                if (eager[i] && (err = ydoc_parse_definition(fs[i].text, fs[i].len, files[i], a, &docs[i], d)) < 0)
                        return err;
        }
        /* Components first: checks refer to their settings. */
        for (int pass = 1; pass >= 0; pass--)
                for (size_t i = 0; i < n; i++)
                        if (eager[i] &&
                            (err = catalog_add_document(cat, docs[i], files[i], pass, a, d)) < 0)
                                return err;
        for (size_t i = 0; i < n; i++)
                fs[i].parsed = eager[i];
        cat->pending = fs;
        cat->n_pending = n;
        *ret = cat;
        return 0;
}

int catalog_need(struct catalog *cat, const char *id, struct diag *d)
{
        if (catalog_find(cat, id))
                return 0;
        for (size_t i = 0; i < cat->n_pending; i++) {
                struct catalog_file *f = &cat->pending[i];
                if (f->parsed)
                        continue;
                for (size_t k = 0; k < f->n_ids; k++)
                        if (streq(f->ids[k], id))
                                return parse_file(cat, f, d);
        }
        return 0;
}

int catalog_need_all(struct catalog *cat, struct diag *d)
{
        for (size_t i = 0; i < cat->n_pending; i++) {
                if (cat->pending[i].parsed)
                        continue;
                int err = parse_file(cat, &cat->pending[i], d);
                if (err < 0)
                        return err;
        }
        return 0;
}

int catalog_load(const char *dir, struct arena *a, struct catalog **ret, struct diag *d)
{
        struct catalog *cat;
        int err = catalog_open(dir, a, &cat, d);
        if (err < 0)
                return err;
        if ((err = catalog_need_all(cat, d)) < 0)
                return err;
        *ret = cat;
        return 0;
}

/* encryption-provider, audit-policy: the documents a component's setting names. */
#include <string.h>

#include "defs/profile.h"
#include "probes/result.h"
#include "io/rootfs.h"
#include "model/component.h"
#include "model/files.h"
#include "model/node.h"
#include "parse/yamldoc.h"
#include "probes/helpers.h"
#include "probes/table.h"
#include "shared/strutil.h"

/* One value for the check's operator; the result's actual is already set. */
static void observed(struct evidence *ret, const char *value, struct arena *a)
{
        struct setting_value *v = arena_alloc(a, sizeof(*v));
        *v = (struct setting_value){.ok = true, .has_value = true, .value = {.norm = (char *)value}};
        *ret = (struct evidence){.kind = EVIDENCE_OBSERVED, .n = 1, .values = v};
}

/* Reads and parses the file a setting names. Returns NULL after deciding R
 * (skip, error, or a fail for an unset setting). */
static const struct ynode *setting_document(struct node *node, const struct profile_entry *e,
                                            struct component *comp, struct result *r, char **ret_path)
{
        const struct check *c = e->check;
        struct arena *a = node->a;
        struct setting_value v;
        component_setting(comp, c->settings[0], a, &v);
        r->source = v.source;
        r->source_detail = v.detail;
        if (v.error) {
                probe_error(r, a, "%s", v.error);
                return NULL;
        }
        if (!v.has_value || !*v.value.norm) {
                r->status = STATUS_FAIL;
                r->actual = arena_strdup(a, "(not set)");
                r->reason = arena_printf(a, "%s has no %s", comp->spec->name,
                                         c->settings[0]->flag ? arena_printf(a, "--%s", c->settings[0]->flag)
                                                              : c->settings[0]->name);
                return NULL;
        }
        char *path, *why;
        if (component_resolve_path(comp, v.value.norm, a, &path, &why) < 0) {
                probe_error(r, a, "%s", why);
                return NULL;
        }
        r->source = SOURCE_FILE;
        r->source_detail = path;
        struct ynode *doc;
        if (node_read_yaml(node, comp->root, path, &doc, &why) < 0) {
                probe_error(r, a, "%s", why);
                return NULL;
        }
        *ret_path = path;
        return doc;
}

static bool kind_is(const struct ynode *doc, const char *kind, const char *path,
                    struct result *r, struct arena *a)
{
        const struct ynode *k = ynode_get(doc, "kind");
        if (k && k->type == YNODE_SCALAR && streq(k->value, kind))
                return true;
        probe_error(r, a, "%s:%u: kind is %s, not %s", path, k ? k->line : doc->line,
                  k && k->type == YNODE_SCALAR ? k->value : "missing", kind);
        return false;
}

/* Secrets are encrypted with the first provider of the first entry that covers them. */
static void encryption_of(struct node *node, const struct profile_entry *e, struct component *comp,
                          struct result *r, struct evidence *ret)
{
        struct arena *a = node->a;
        char *path;
        const struct ynode *doc = setting_document(node, e, comp, r, &path);
        if (!doc || !kind_is(doc, "EncryptionConfiguration", path, r, a))
                return;
        const struct ynode *res = ynode_get(doc, "resources");
        for (size_t i = 0; res && res->type == YNODE_SEQ && i < res->n; i++) {
                const struct ynode *names = ynode_get(res->items[i], "resources");
                bool covers = false;
                for (size_t j = 0; names && names->type == YNODE_SEQ && j < names->n; j++) {
                        const char *nm = names->items[j]->value;
                        covers |= names->items[j]->type == YNODE_SCALAR &&
                                  (streq(nm, "secrets") || streq(nm, "*.*") || streq(nm, "*."));
                }
                if (!covers)
                        continue;
                const struct ynode *prov = ynode_get(res->items[i], "providers");
                if (!prov || prov->type != YNODE_SEQ || prov->n == 0) {
                        probe_error(r, a, "%s:%u: no providers for secrets", path, res->items[i]->line);
                        return;
                }
                struct strbuf order = {0};
                for (size_t j = 0; j < prov->n; j++) {
                        const struct ynode *p = prov->items[j];
                        strbuf_printf(&order, "%s%s", j ? ", " : "",
                                      p->type == YNODE_MAP && p->n ? p->keys[0]->value : "?");
                }
                const struct ynode *first = prov->items[0];
                r->actual = arena_strdup(a, order.buf);
                r->source_detail = arena_printf(a, "%s:%u: providers for secrets", path, prov->line);
                strbuf_free(&order);
                if (first->type != YNODE_MAP || first->n == 0) {
                        probe_error(r, a, "%s:%u: a provider must be a mapping", path, first->line);
                        return;
                }
                observed(ret, first->keys[0]->value, a);
                return;
        }
        r->actual = arena_strdup(a, "(secrets not covered)");
        r->status = STATUS_FAIL;
        r->reason = arena_printf(a, "%s has no entry for secrets: they are stored unencrypted", path);
}

static void audit_policy_of(struct node *node, const struct profile_entry *e, struct component *comp,
                            struct result *r, struct evidence *ret)
{
        struct arena *a = node->a;
        char *path;
        const struct ynode *doc = setting_document(node, e, comp, r, &path);
        if (!doc || !kind_is(doc, "Policy", path, r, a))
                return;
        const struct ynode *api = ynode_get(doc, "apiVersion");
        if (!api || api->type != YNODE_SCALAR || strncmp(api->value, "audit.k8s.io/", 13) != 0) {
                probe_error(r, a, "%s:%u: apiVersion is not audit.k8s.io", path,
                          api ? api->line : doc->line);
                return;
        }
        const struct ynode *rules = ynode_get(doc, "rules");
        if (rules && rules->type != YNODE_SEQ && !ynode_is_null(rules)) {
                probe_error(r, a, "%s:%u: rules must be a list", path, rules->line);
                return;
        }
        size_t n = rules && rules->type == YNODE_SEQ ? rules->n : 0;
        r->actual = arena_printf(a, "%zu rule%s", n, n == 1 ? "" : "s");
        observed(ret, arena_printf(a, "%zu", n), a);
}

/* Every running instance of the component, or the one there is. */
static void collect_with(struct node *node, const struct profile_entry *e, struct result *r,
                         struct evidence *ret, probe_instance_fn *one)
{
        if (probe_each_instance(node, e, r, ret, one))
                return;
        struct component *comp = probe_need_component(node, e->check, r);
        if (comp)
                one(node, e, comp, r, ret);
}

static void collect_encryption(struct node *node, const struct profile_entry *e, struct result *r,
                               struct evidence *ret)
{
        collect_with(node, e, r, ret, encryption_of);
}

static void collect_audit_policy(struct node *node, const struct profile_entry *e, struct result *r,
                                 struct evidence *ret)
{
        collect_with(node, e, r, ret, audit_policy_of);
}

const struct probe_ops probe_encryption_ops = {
        .name = "encryption-provider",
        .collect = collect_encryption,
};

const struct probe_ops probe_audit_policy_ops = {
        .name = "audit-policy",
        .collect = collect_audit_policy,
};

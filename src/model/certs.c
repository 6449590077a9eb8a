/* certs: every certificate the node's components are configured with
 * (component files' "certificates:"), read where the component reads it,
 * collected once a scan and parsed once a file. */
#include "model/certs.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "defs/catalog.h"
#include "io/rootfs.h"
#include "model/component.h"
#include "model/crypto.h"
#include "model/node.h"
#include "model/yamlfile.h"
#include "shared/strutil.h"

#define CERT_MAX_FILE (1024 * 1024)

/* A file's identity: its device and inode where it can be looked at (one CA
 * file that several components name, each in its own root, counts once). */
static char *file_id(struct rootfs *root, const char *path, struct arena *a)
{
        struct stat st;
        if (path && rootfs_stat(root, path, &st) == 0)
                return arena_printf(a, "%ju:%ju", (uintmax_t)st.st_dev, (uintmax_t)st.st_ino);
        return arena_printf(a, "%s|%s", rootfs_path(root), path ? path : "");
}

/* A new item with these identities, or NULL when the component listed it already. */
static struct cert_item *new_item(struct cert_list *l, struct arena *a,
                                  const struct component_spec *spec, char *cert_id, char *pair_id,
                                  const char *label)
{
        char *id = arena_printf(a, "%s|%s", spec->name, pair_id);
        if (str_in_list(id, l->seen, l->n_seen))
                return NULL;
        l->seen = (char **)arena_grow(a, (void **)l->seen, l->n_seen, &l->cap_seen);
        l->seen[l->n_seen++] = id;
        l->items = arena_grow_items(a, l->items, l->n, &l->cap, sizeof(*l->items));
        struct cert_item *it = &l->items[l->n++];
        memset(it, 0, sizeof(*it));
        it->spec = spec;
        it->cert_id = cert_id;
        it->pair_id = pair_id;
        it->label = arena_strdup(a, label);
        return it;
}

static struct cert_item *add_item(struct cert_list *l, struct arena *a,
                                  const struct component_spec *spec, struct rootfs *root,
                                  const char *label, const char *key_label)
{
        char *cert_id = file_id(root, label, a);
        return new_item(l, a, spec, cert_id,
                        arena_printf(a, "%s|%s", cert_id, file_id(root, key_label, a)), label);
}

/* A certificate setting that cannot even be resolved to a file: an error
 * item, named by the setting and looked up nowhere. */
static void add_error(struct cert_list *l, struct arena *a, const struct component_spec *spec,
                      const char *label, char *configured, char *error)
{
        char *id = arena_printf(a, "error|%s", label);
        struct cert_item *it = new_item(l, a, spec, id, id, label);
        if (it) {
                it->configured = configured;
                it->error = error;
        }
}

/* A file that is configured but cannot be used: an item with the reason. */
static void add_item_error(struct cert_list *l, struct component *comp, const char *path,
                           const char *configured, char *error, struct arena *a)
{
        struct cert_item *it = add_item(l, a, comp->spec, comp->root, path, NULL);
        if (it) {
                it->configured = arena_strdup(a, configured);
                it->error = error;
        }
}

static char *read_in(struct rootfs *root, const char *path, struct arena *a, char **ret,
                     size_t *ret_len)
{
        int err = rootfs_read_file(root, path, CERT_MAX_FILE, a, ret, ret_len);
        return err < 0 ? arena_printf(a, "%s: %s", path, rootfs_strerror(err)) : NULL;
}

static bool exists_in(struct rootfs *root, const char *path)
{
        struct stat st;
        return rootfs_stat(root, path, &st) == 0;
}

/* The path a component's setting names, resolved as the component would. */
static int setting_path(struct component *comp, const struct setting_spec *s, struct arena *a,
                        char **ret_path, char **ret_detail, bool *ret_default, char **ret_error)
{
        struct setting_value v;
        component_setting(comp, s, a, &v);
        if (v.error) {
                *ret_error = v.error;
                return -EINVAL;
        }
        if (!v.has_value || !v.value.norm || !*v.value.norm)
                return -ENOENT;
        *ret_detail = v.detail;
        *ret_default = v.is_default;
        return component_resolve_path(comp, v.value.norm, a, ret_path, ret_error) < 0 ? -EINVAL : 0;
}

/* A kubeconfig's client certificate: the current context's user (or the only
 * user), with client-certificate(-data) and client-key(-data). Paths are
 * relative to the kubeconfig's directory, as client-go resolves them. */
static void from_kubeconfig(struct cert_list *l, struct component *comp, const char *path,
                            const char *configured, bool is_default, struct arena *a)
{
        struct ynode *doc;
        char *why;
        int err = yaml_file_read(comp->root, path, CERT_MAX_FILE, true, a, &doc, &why);
        if (err == -ENOENT && is_default)
                return; /* a default path that this node does not use */
        if (err < 0) {
                add_item_error(l, comp, path, configured, arena_printf(a, "kubeconfig %s", why), a);
                return;
        }
        const struct ynode *users = ynode_get(doc, "users"), *user = NULL;
        const struct ynode *cc = ynode_get(doc, "current-context"), *contexts = ynode_get(doc, "contexts");
        const char *uname = NULL;
        if (cc && cc->type == YNODE_SCALAR && contexts && contexts->type == YNODE_SEQ)
                for (size_t i = 0; i < contexts->n; i++) {
                        const struct ynode *nm = ynode_get(contexts->items[i], "name");
                        const struct ynode *u = ynode_path(contexts->items[i], "context.user");
                        if (nm && nm->type == YNODE_SCALAR && streq(nm->value, cc->value) && u &&
                            u->type == YNODE_SCALAR)
                                uname = u->value;
                }
        if (users && users->type == YNODE_SEQ) {
                for (size_t i = 0; i < users->n; i++) {
                        const struct ynode *nm = ynode_get(users->items[i], "name");
                        if (uname && nm && nm->type == YNODE_SCALAR && streq(nm->value, uname))
                                user = ynode_get(users->items[i], "user");
                }
                if (!uname && users->n == 1)
                        user = ynode_get(users->items[0], "user");
        }
        if (!user || user->type != YNODE_MAP)
                return; /* no user to authenticate as with a certificate */
        char *dir = arena_strdup(a, path);
        char *slash = strrchr(dir, '/');
        if (slash)
                *(slash == dir ? slash + 1 : slash) = '\0';
        const char *what[2] = {"client-certificate", "client-key"};
        char *labels[2] = {0}, *datas[2] = {0}, *errors[2] = {0};
        size_t lens[2] = {0};
        for (int k = 0; k < 2; k++) {
                const struct ynode *p = ynode_get(user, what[k]);
                const struct ynode *dn = ynode_get(user, arena_printf(a, "%s-data", what[k]));
                if (dn && dn->type == YNODE_SCALAR && *dn->value) {
                        labels[k] = arena_printf(a, "%s (%s-data)", path, what[k]);
                        if (str_base64_decode(a, dn->value, dn->len, &datas[k], &lens[k]) < 0)
                                errors[k] = arena_printf(a, "%s: %s-data is not base64", path, what[k]);
                } else if (p && p->type == YNODE_SCALAR && *p->value) {
                        labels[k] = p->value[0] == '/' ? arena_strdup(a, p->value)
                                                       : arena_printf(a, "%s/%s", dir, p->value);
                        errors[k] = read_in(comp->root, labels[k], a, &datas[k], &lens[k]);
                }
        }
        if (!labels[0])
                return; /* a token or an exec plugin: no certificate */
        struct cert_item *it = add_item(l, a, comp->spec, comp->root, labels[0], labels[1]);
        if (!it)
                return;
        it->configured = arena_printf(a, "%s, user %s", configured, uname ? uname : "(the only one)");
        it->data = datas[0];
        it->len = lens[0];
        it->error = errors[0];
        it->has_key = labels[1] != NULL;
        it->key_label = labels[1];
        it->key_data = datas[1];
        it->key_len = lens[1];
        it->key_error = errors[1];
}

static void collect(struct node *node, struct cert_list *l)
{
        struct arena *a = node->a;
        for (size_t i = 0; i < node->cat->n_components; i++) {
                const struct component_spec *spec = node->cat->components[i];
                if (!spec->n_certs)
                        continue;
                struct component *comp = node_component(node, spec);
                if (comp->state == COMPONENT_ABSENT)
                        continue;
                for (size_t j = 0; j < spec->n_certs; j++) {
                        const struct cert_ref *ref = &spec->certs[j];
                        char *path = NULL, *detail = NULL, *why = NULL;
                        bool is_default = false;
                        if (comp->state == COMPONENT_BROKEN) {
                                add_error(l, a, spec, spec->name, NULL,
                                          arena_printf(a, "%s: %s", spec->name, comp->reason));
                                break;
                        }
                        const struct setting_spec *s = ref->kubeconfig ? ref->kubeconfig : ref->cert;
                        int err = setting_path(comp, s, a, &path, &detail, &is_default, &why);
                        if (err == -EINVAL) {
                                char *named = arena_printf(a, "%s %s", spec->name, s->name);
                                add_error(l, a, spec, named, named, why);
                                continue;
                        }
                        char *configured = err == 0 ? arena_printf(a, "%s %s (%s)", spec->name,
                                                                   detail, ref->use)
                                                    : NULL;
                        if (ref->kubeconfig) {
                                if (err == 0)
                                        from_kubeconfig(l, comp, path, configured, is_default, a);
                                continue;
                        }
                        char *key = NULL;
                        if (err == -ENOENT) {
                                /* Unset: the first fallback that exists (the kubelet's own). */
                                for (size_t k = 0; k < ref->n_otherwise && !path; k++)
                                        if (exists_in(comp->root, ref->otherwise_cert[k])) {
                                                path = ref->otherwise_cert[k];
                                                key = ref->otherwise_key[k] ? ref->otherwise_key[k] : path;
                                                configured = arena_printf(a, "%s without %s: %s", spec->name,
                                                                          s->name, ref->use);
                                        }
                                if (!path)
                                        continue;
                        }
                        char *key_detail = NULL, *key_why = NULL;
                        bool kd = false;
                        int kerr = 0;
                        if (ref->key && !key) {
                                kerr = setting_path(comp, ref->key, a, &key, &key_detail, &kd, &key_why);
                                if (kerr == -ENOENT)
                                        key = NULL;
                        }
                        struct cert_item *it = add_item(l, a, spec, comp->root, path, key);
                        if (!it)
                                continue;
                        it->configured = configured;
                        it->error = read_in(comp->root, path, a, &it->data, &it->len);
                        if (kerr == -EINVAL) {
                                it->has_key = true;
                                it->key_label = arena_strdup(a, ref->key->name);
                                it->key_error = key_why;
                        } else if (key) {
                                it->has_key = true;
                                it->key_label = key;
                                it->key_error = read_in(comp->root, key, a, &it->key_data, &it->key_len);
                        }
                }
        }
}

const struct cert_list *node_certs(struct node *node)
{
        if (!node->certs) {
                node->certs = arena_alloc(node->a, sizeof(*node->certs));
                collect(node, node->certs);
        }
        return node->certs;
}

/* The certificates of ITEM, parsed the first time any check needs them (a
 * file another component names too is parsed once). */
void certs_parse_item(const struct cert_list *l, struct cert_item *it, struct arena *a)
{
        if (it->parsed)
                return;
        it->parsed = true;
        for (struct cert_item *o = l->items; o < it; o++)
                if (o->parsed && !o->error && streq(o->cert_id, it->cert_id)) {
                        it->certs = o->certs;
                        it->n_certs = o->n_certs;
                        it->parse_error = o->parse_error;
                        return;
                }
        char *why;
        if (crypto_read_certs(it->data, it->len, a, &it->certs, &it->n_certs, &why) < 0)
                it->parse_error = arena_printf(a, "%s: %s", it->label, why);
}

/* Whether ITEM's key is its certificate's, worked out once. */
void certs_match_item(struct cert_item *it, struct arena *a)
{
        if (it->matched)
                return;
        it->matched = true;
        char *why = it->key_error;
        if (!why && crypto_key_matches(it->data, it->len, it->key_data, it->key_len, a,
                                       &it->key_matches, &why) < 0)
                why = arena_printf(a, "%s with %s: %s", it->label, it->key_label, why);
        it->match_error = why;
}

/* Whether a component with certificates runs (ONLY: that one). */
bool certs_any_running(struct node *node, const struct component_spec *only)
{
        for (size_t i = 0; i < node->cat->n_components; i++) {
                const struct component_spec *spec = node->cat->components[i];
                if (spec->n_certs && (!only || only == spec) &&
                    node_component(node, spec)->state != COMPONENT_ABSENT)
                        return true;
        }
        return false;
}


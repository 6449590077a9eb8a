/* certs: the certificate probe. Every certificate the node's components are
 * configured with (component files' "certificates:"), read where the component
 * reads it, judged on one aspect: days to expiry, key strength, signature
 * digest, or whether the configured private key belongs to it. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine/scan.h"
#include "model/crypto.h"
#include "shared/strutil.h"

#define CERT_MAX_FILE (1024 * 1024)

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

/* One configured certificate file (or a kubeconfig's embedded certificate). */
struct cert_item {
        const struct component_spec *spec; /* configured by */
        char *cert_id;    /* the file's identity: a file several components name counts once */
        char *pair_id;    /* ... and with its key's */
        char *label;      /* the path, or "KUBECONFIG (client-certificate-data)" */
        char *configured; /* "kube-apiserver --tls-cert-file=/etc/kubernetes/pki/apiserver.crt" */
        char *data;
        size_t len;
        char *error;      /* the certificate cannot be read: why */
        bool has_key;
        char *key_label;
        char *key_data;
        size_t key_len;
        char *key_error;
        /* what the checks judge, worked out once a scan */
        bool parsed;
        struct cert_info *certs;
        size_t n_certs;
        char *parse_error;
        bool matched;
        bool key_matches;
        char *match_error;
};

/* Every certificate the running components are configured with, collected
 * once a scan: the four certificate checks judge the same files. */
struct cert_list {
        struct cert_item *items;
        size_t n, cap;
        char **seen; /* "component|file|key", to list each file once a component */
        size_t n_seen, cap_seen;
};

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
        char *buf;
        size_t len;
        int err = rootfs_read_file(comp->root, path, CERT_MAX_FILE, a, &buf, &len);
        if (err == -ENOENT && is_default)
                return; /* a default path that this node does not use */
        if (err < 0) {
                add_item_error(l, comp, path, configured,
                               arena_printf(a, "kubeconfig %s: %s", path, rootfs_strerror(err)), a);
                return;
        }
        struct ynode *doc;
        struct diag d = {0};
        if (ydoc_parse(buf, len, path, a, &doc, &d) < 0 || doc->type != YNODE_MAP) {
                add_item_error(l, comp, path, configured,
                               d.message[0] ? arena_printf(a, "%s:%u: %s", path, d.line, d.message)
                                            : arena_printf(a, "%s: not a kubeconfig", path), a);
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

static void collect(struct scan_env *env, struct cert_list *l)
{
        struct arena *a = env->a;
        for (size_t i = 0; i < env->cat->n_components; i++) {
                const struct component_spec *spec = env->cat->components[i];
                if (!spec->n_certs)
                        continue;
                struct component *comp = scan_env_component(env, spec);
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

static char *date_of(int64_t t, struct arena *a)
{
        if (t == INT64_MIN)
                return arena_strdup(a, "an unreadable date");
        time_t tt = (time_t)t;
        struct tm tm;
        char buf[32];
        if (!gmtime_r(&tt, &tm) || !strftime(buf, sizeof(buf), "%Y-%m-%d", &tm))
                return arena_strdup(a, "?");
        return arena_strdup(a, buf);
}

static char *lower(struct arena *a, const char *s)
{
        char *r = arena_strdup(a, s);
        for (char *p = r; *p; p++)
                if (*p >= 'A' && *p <= 'Z')
                        *p = (char)(*p - 'A' + 'a');
        return r;
}

struct tally {
        struct strbuf actual;
        char *fails, *errors, *notes;
        size_t n_values, n_pass, n_fail, n_error;
        enum source_kind source;
        char *detail;
        bool chosen_fail;
};

static void append(struct arena *a, char **list, const char *text)
{
        *list = *list ? arena_printf(a, "%s; %s", *list, text) : arena_strdup(a, text);
}

static void note_value(struct tally *t, struct arena *a, const char *label, const char *shown,
                       const char *configured, int verdict, const char *why)
{
        strbuf_printf(&t->actual, "%s%s=%s", t->n_values++ ? ", " : "", label, shown);
        if (verdict == OP_FAIL) {
                t->n_fail++;
                append(a, &t->fails, why);
        } else if (verdict == OP_CANNOT) {
                t->n_error++;
                append(a, &t->errors, why);
        } else {
                t->n_pass++;
        }
        if (!t->detail || (verdict == OP_FAIL && !t->chosen_fail)) {
                t->detail = arena_strdup(a, configured ? configured : label);
                t->chosen_fail = verdict == OP_FAIL;
        }
}

static void judge_cert(struct tally *t, const struct profile_entry *e, enum cert_aspect aspect,
                       const char *label, const char *configured, const struct cert_info *ci,
                       int64_t now, struct arena *a)
{
        char *norm, *shown, *why = NULL;
        switch (aspect) {
        case CERT_EXPIRY: {
                /* whole days left, rounded down (a second past notAfter is day -1) */
                int64_t left = ci->not_after == INT64_MIN ? INT64_MIN / 2 : ci->not_after - now;
                long long days = left >= 0 ? left / 86400 : -((-left + 86399) / 86400);
                norm = arena_printf(a, "%lld", days);
                shown = arena_printf(a, "until %s", date_of(ci->not_after, a));
                why = ci->not_after <= now
                              ? arena_printf(a, "%s expired on %s (%lld day%s ago)", label,
                                             date_of(ci->not_after, a), -days, -days == 1 ? "" : "s")
                              : arena_printf(a, "%s expires on %s, in %lld day%s", label,
                                             date_of(ci->not_after, a), days, days == 1 ? "" : "s");
                break;
        }
        case CERT_KEY_STRENGTH:
                norm = arena_printf(a, "%d", ci->security_bits);
                shown = arena_strdup(a, ci->key_detail);
                why = arena_printf(a, "%s: %s gives %d-bit security", label, ci->key_detail,
                                   ci->security_bits);
                break;
        case CERT_SIGNATURE:
                norm = ci->digest ? lower(a, ci->digest) : arena_strdup(a, "intrinsic");
                shown = arena_strdup(a, ci->signature);
                why = arena_printf(a, "%s is signed with %s", label, ci->signature);
                break;
        default:
                return;
        }
        struct observed o = {.has_value = true, .norm = norm};
        char *opwhy = NULL;
        enum op_verdict v = op_eval(e->op, &o, e->expected, e->n_expected, a, &opwhy);
        if (v == OP_CANNOT)
                why = arena_printf(a, "%s: %s", label, opwhy);
        if (v == OP_FAIL && aspect == CERT_SIGNATURE && ci->self_signed) {
                /* A trust anchor's own signature is never checked by a client. */
                v = OP_PASS;
                append(a, &t->notes, arena_printf(a, "%s is self-signed with %s: clients trust it "
                                                     "as it is, so its own signature does not count",
                                                  label, ci->signature));
        }
        note_value(t, a, label, shown, configured, v, why);
}

/* The certificates of ITEM, parsed the first time any check needs them (a
 * file another component names too is parsed once). */
static void parse_item(struct cert_list *l, struct cert_item *it, struct arena *a)
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
static void match_item(struct cert_item *it, struct arena *a)
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
static bool any_running(struct scan_env *env, const struct component_spec *only)
{
        for (size_t i = 0; i < env->cat->n_components; i++) {
                const struct component_spec *spec = env->cat->components[i];
                if (spec->n_certs && (!only || only == spec) &&
                    scan_env_component(env, spec)->state != COMPONENT_ABSENT)
                        return true;
        }
        return false;
}

void probe_certificate(struct scan_env *env, const struct profile_entry *e, struct result *r)
{
        const struct check *c = e->check;
        struct arena *a = env->a;
        char *why;
        if (!env->certs) {
                env->certs = arena_alloc(a, sizeof(*env->certs));
                collect(env, env->certs);
        }
        struct cert_list *l = env->certs;
        size_t n_mine = 0;
        for (size_t i = 0; i < l->n; i++)
                n_mine += !c->component || l->items[i].spec == c->component;
        if (!n_mine) {
                bool running = any_running(env, c->component);
                r->status = STATUS_SKIP;
                r->reason = running ? arena_strdup(a, "no component here is configured with a "
                                                      "certificate file")
                                    : c->component ? arena_printf(a, "%s does not run here",
                                                                  c->component->name)
                                                   : arena_strdup(a, "no Kubernetes component runs here");
                return;
        }
        if (crypto_available(a, &why) < 0) {
                r->status = STATUS_ERROR;
                r->reason = why;
                return;
        }
        static const char *const words[_CERT_ASPECT_MAX][2] = {
                [CERT_EXPIRY] = {"", " days of validity left"},
                [CERT_KEY_STRENGTH] = {"", "-bit security (RSA 2048 gives 112)"},
                [CERT_SIGNATURE] = {"a signature digest ", ""},
                [CERT_KEY_MATCH] = {"the configured private key is the certificate's: ", ""},
        };
        r->expected = arena_printf(a, "%s%s%s", words[c->aspect][0], r->expected ? r->expected : "",
                                   words[c->aspect][1]);
        int64_t now = (int64_t)time(NULL);
        struct tally t = {0};
        for (size_t i = 0; i < l->n; i++) {
                struct cert_item *it = &l->items[i];
                if ((c->component && it->spec != c->component) ||
                    (c->aspect == CERT_KEY_MATCH && !it->has_key))
                        continue;
                /* counted once: a certificate (with its key, for key-match)
                 * several components are configured with */
                bool again = false;
                for (size_t j = 0; j < i && !again; j++)
                        again = (!c->component || l->items[j].spec == c->component) &&
                                (c->aspect == CERT_KEY_MATCH
                                         ? l->items[j].has_key && streq(l->items[j].pair_id, it->pair_id)
                                         : streq(l->items[j].cert_id, it->cert_id));
                if (again)
                        continue;
                if (it->error) {
                        note_value(&t, a, it->label, "(unreadable)", it->configured, OP_CANNOT, it->error);
                        continue;
                }
                if (c->aspect == CERT_KEY_MATCH) {
                        match_item(it, a);
                        if (it->match_error) {
                                note_value(&t, a, it->label, "(unreadable)", it->configured, OP_CANNOT,
                                           it->match_error);
                                continue;
                        }
                        bool match = it->key_matches;
                        struct observed o = {.has_value = true, .norm = match ? "true" : "false"};
                        char *opwhy = NULL;
                        enum op_verdict v = op_eval(e->op, &o, e->expected, e->n_expected, a, &opwhy);
                        note_value(&t, a, it->label, match ? "matches its key" : "does not match its key",
                                   it->configured, v,
                                   v == OP_CANNOT ? opwhy
                                                  : arena_printf(a, "the private key in %s is not the "
                                                                    "key of %s", it->key_label, it->label));
                        continue;
                }
                parse_item(l, it, a);
                if (it->parse_error) {
                        note_value(&t, a, it->label, "(not a certificate)", it->configured, OP_CANNOT,
                                   it->parse_error);
                        continue;
                }
                struct cert_info *certs = it->certs;
                size_t n = it->n_certs;
                for (size_t k = 0; k < n; k++) {
                        char *label = n == 1 ? it->label
                                             : arena_printf(a, "%s #%zu (%s)", it->label, k + 1,
                                                            certs[k].subject);
                        judge_cert(&t, e, c->aspect, label, it->configured, &certs[k], now, a);
                }
        }
        if (!t.n_values) {
                r->status = STATUS_SKIP;
                r->reason = arena_strdup(a, "no certificate here is configured with its private key");
                strbuf_free(&t.actual);
                return;
        }
        r->source = SOURCE_FILE;
        r->source_detail = t.detail;
        r->actual = arena_strdup(a, t.actual.buf);
        strbuf_free(&t.actual);
        if (t.n_fail) {
                r->status = STATUS_FAIL;
                r->reason = t.fails;
                if (t.errors)
                        append(a, &r->reason, arena_printf(a, "also unreadable: %s", t.errors));
        } else if (t.n_error) {
                r->status = STATUS_ERROR;
                r->reason = t.errors;
        } else {
                r->status = STATUS_PASS;
                r->reason = t.notes;
                return;
        }
        if (t.notes)
                append(a, &r->reason, t.notes);
}

/* probes: the fixed table of ways to collect evidence; the operators judge it. */
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "engine/scan.h"
#include "shared/strutil.h"

static void set_error(struct result *r, struct arena *a, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
static void set_error(struct result *r, struct arena *a, const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        r->status = STATUS_ERROR;
        r->reason = arena_vprintf(a, fmt, ap);
        va_end(ap);
}

static void add_reason(struct result *r, struct arena *a, const char *text)
{
        if (!text || !*text)
                return;
        r->reason = r->reason ? arena_printf(a, "%s; %s", r->reason, text) : arena_strdup(a, text);
}

/* The component a check needs, or a skip/error result when it is not usable. */
static struct component *need_component(struct scan_env *env, const struct check *c,
                                         struct result *r)
{
        struct component *comp = scan_env_component(env, c->component);
        if (comp->state == COMPONENT_ABSENT) {
                r->status = STATUS_SKIP;
                r->reason = arena_strdup(env->a, comp->reason);
                return NULL;
        }
        if (comp->state == COMPONENT_BROKEN) {
                set_error(r, env->a, "%s", comp->reason);
                return NULL;
        }
        return comp;
}

static const char *display(const struct setting_value *v)
{
        if (!v->has_value)
                return "(not set)";
        if (v->value.raw && *v->value.raw)
                return v->value.raw;
        return v->value.norm && *v->value.norm ? v->value.norm : "\"\"";
}

static void probe_setting(struct scan_env *env, const struct profile_entry *e, struct result *r)
{
        const struct check *c = e->check;
        struct arena *a = env->a;
        struct component *comp = need_component(env, c, r);
        if (!comp)
                return;
        struct strbuf actual = {0};
        bool all_pass = true, chosen = false;
        for (size_t i = 0; i < c->n_settings; i++) {
                struct setting_value v;
                component_setting(comp, c->settings[i], a, &v);
                if (v.error) {
                        r->source = v.source;
                        r->source_detail = v.detail;
                        set_error(r, a, "%s", v.error);
                        strbuf_free(&actual);
                        return;
                }
                struct observed o = {
                        .has_value = v.has_value,
                        .norm = v.value.norm,
                        .items = v.value.items,
                        .n_items = v.value.n_items,
                        .is_list = c->settings[i]->type == VT_LIST,
                };
                char *why = NULL;
                enum op_verdict verdict = op_eval(e->op, &o, e->expected, e->n_expected, a, &why);
                if (verdict == OP_CANNOT) {
                        r->source = v.source;
                        r->source_detail = v.detail;
                        set_error(r, a, "%s", why);
                        strbuf_free(&actual);
                        return;
                }
                if (c->n_settings > 1)
                        strbuf_printf(&actual, "%s%s=%s", i ? ", " : "", c->settings[i]->name,
                                      display(&v));
                else
                        strbuf_puts(&actual, display(&v));
                /* The evidence shown is the first failing setting's, else the first. */
                if (!chosen || (verdict == OP_FAIL && all_pass)) {
                        r->source = v.source;
                        r->source_detail = v.detail;
                        chosen = true;
                }
                if (verdict == OP_FAIL) {
                        all_pass = false;
                        if (c->n_settings > 1)
                                add_reason(r, a, arena_printf(a, "%s: %s", c->settings[i]->name,
                                                              why ? why : "does not match"));
                        else
                                add_reason(r, a, why);
                        if (v.is_default && c->cis_accepts_unset)
                                add_reason(r, a, arena_printf(a,
                                        "the CIS audit accepts an unset value, but unset means "
                                        "%s's built-in default %s, which does not meet the "
                                        "expectation", comp->spec->name, display(&v)));
                }
                add_reason(r, a, v.note);
        }
        r->status = all_pass ? STATUS_PASS : STATUS_FAIL;
        r->actual = arena_strdup(a, actual.buf ? actual.buf : "");
        strbuf_free(&actual);
}

/* ---- files ---- */

struct target_file {
        char *path;
        struct stat st;
};

static const char *const unit_dirs[] = {
        "/etc/systemd/system", "/run/systemd/system", "/usr/local/lib/systemd/system",
        "/usr/lib/systemd/system", "/lib/systemd/system",
};

static void add_file(struct scan_env *env, struct rootfs *root, const char *path,
                     struct target_file *files, size_t *n, size_t max, struct strbuf *errors)
{
        struct stat st;
        int err = rootfs_stat(root, path, &st);
        if (err == -ENOENT || err == -ENOTDIR)
                return;
        if (err < 0) {
                strbuf_printf(errors, "%s%s: %s", errors->len ? "; " : "", path,
                              rootfs_strerror(err));
                return;
        }
        if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
                strbuf_printf(errors, "%s%s: %s", errors->len ? "; " : "", path,
                              S_ISFIFO(st.st_mode)   ? "a FIFO, not a regular file"
                              : S_ISSOCK(st.st_mode) ? "a socket, not a regular file"
                                                     : "a device, not a regular file");
                return;
        }
        for (size_t i = 0; i < *n; i++)
                if (files[i].st.st_dev == st.st_dev && files[i].st.st_ino == st.st_ino)
                        return; /* /lib and /usr/lib are often the same directory */
        if (*n < max) {
                files[*n].path = arena_strdup(env->a, path);
                files[*n].st = st;
                (*n)++;
        }
}

#define MAX_TARGETS 64

/* Collects the files a file probe looks at. Returns false when the result is
 * already decided (skip or error). */
static bool collect_targets(struct scan_env *env, const struct check *c, struct result *r,
                            struct target_file *files, size_t *n, struct strbuf *errors,
                            char **ret_looked)
{
        struct arena *a = env->a;
        struct rootfs *root = env->root;
        struct component *comp = NULL;
        char *path = NULL, *why;
        *n = 0;
        if (c->component) {
                comp = need_component(env, c, r);
                if (!comp)
                        return false;
                root = comp->root;
        }
        switch (c->target) {
        case TARGET_CONFIG_FILE:
                if (!comp->config) {
                        r->status = STATUS_SKIP;
                        r->reason = arena_printf(a, "%s runs without --%s", comp->spec->name,
                                                 comp->spec->config_flag);
                        return false;
                }
                path = comp->config->path;
                break;
        case TARGET_SETTING: {
                struct setting_value v;
                component_setting(comp, c->settings[0], a, &v);
                if (v.error) {
                        set_error(r, a, "%s", v.error);
                        return false;
                }
                if (!v.has_value || !v.value.norm || !*v.value.norm) {
                        r->status = STATUS_SKIP;
                        r->reason = arena_printf(a, "%s has no %s set", comp->spec->name,
                                                 c->settings[0]->name);
                        r->source = v.source;
                        r->source_detail = v.detail;
                        return false;
                }
                if (component_resolve_path(comp, v.value.norm, a, &path, &why) < 0) {
                        set_error(r, a, "%s", why);
                        return false;
                }
                break;
        }
        case TARGET_PATHS:
                for (size_t i = 0; i < c->n_paths; i++)
                        add_file(env, root, c->paths[i], files, n, MAX_TARGETS, errors);
                *ret_looked = str_join(a, c->paths, c->n_paths, ", ");
                return true;
        case TARGET_UNIT:
                /* systemd is the host's: units live in the node root. */
                for (size_t i = 0; i < ELEMENTSOF(unit_dirs); i++) {
                        char *u = arena_printf(a, "%s/%s", unit_dirs[i], c->unit);
                        add_file(env, env->root, u, files, n, MAX_TARGETS, errors);
                        char **names;
                        size_t nn;
                        char *dir = arena_printf(a, "%s.d", u);
                        if (rootfs_list_dir(env->root, dir, a, &names, &nn) < 0)
                                continue;
                        for (size_t j = 0; j < nn; j++)
                                if (str_endswith(names[j], ".conf"))
                                        add_file(env, env->root,
                                                 arena_printf(a, "%s/%s", dir, names[j]), files,
                                                 n, MAX_TARGETS, errors);
                }
                *ret_looked = arena_printf(a, "%s and its drop-ins in the systemd unit directories",
                                           c->unit);
                return true;
        default:
                set_error(r, a, "%s", "check has no file target");
                return false;
        }
        add_file(env, root, path, files, n, MAX_TARGETS, errors);
        *ret_looked = path;
        return true;
}

static char *owner_text(struct scan_env *env, uid_t uid, gid_t gid)
{
        const char *u = env->ids ? idmap_user_name(env->ids, uid) : NULL;
        const char *g = env->ids ? idmap_group_name(env->ids, gid) : NULL;
        char ubuf[16], gbuf[16];
        snprintf(ubuf, sizeof(ubuf), "%u", (unsigned)uid);
        snprintf(gbuf, sizeof(gbuf), "%u", (unsigned)gid);
        return arena_printf(env->a, "%s:%s", u ? u : ubuf, g ? g : gbuf);
}

/* Expected user:group as ids of the node. "root" is uid/gid 0 even without passwd. */
static int expected_ids(struct scan_env *env, const char *owner, uid_t *uid, gid_t *gid,
                        char **why)
{
        const char *colon = strchr(owner, ':');
        char *user = arena_strndup(env->a, owner, (size_t)(colon - owner));
        const char *group = colon + 1;
        if (!env->ids || idmap_user_id(env->ids, user, uid) < 0) {
                if (!streq(user, "root")) {
                        *why = arena_printf(env->a, "user %s is not in the node's /etc/passwd%s%s",
                                            user, env->ids_error ? ": " : "",
                                            env->ids_error ? env->ids_error : "");
                        return -ENOENT;
                }
                *uid = 0;
        }
        if (!env->ids || idmap_group_id(env->ids, group, gid) < 0) {
                if (!streq(group, "root")) {
                        *why = arena_printf(env->a, "group %s is not in the node's /etc/group",
                                            group);
                        return -ENOENT;
                }
                *gid = 0;
        }
        return 0;
}

static void probe_file(struct scan_env *env, const struct profile_entry *e, struct result *r)
{
        const struct check *c = e->check;
        struct arena *a = env->a;
        struct target_file files[MAX_TARGETS];
        size_t n;
        struct strbuf errors = {0}, actual = {0}, bad = {0};
        char *looked = NULL;
        if (!collect_targets(env, c, r, files, &n, &errors, &looked))
                goto out;
        r->source = SOURCE_FILE;
        if (errors.len) {
                r->source_detail = looked;
                set_error(r, a, "%s", errors.buf);
                goto out;
        }
        if (n == 0) {
                r->status = STATUS_SKIP;
                r->reason = arena_printf(a, "not present on this node: %s", looked);
                goto out;
        }
        uid_t uid = 0;
        gid_t gid = 0;
        char *why = NULL;
        if (c->probe == PROBE_FILE_OWNER && expected_ids(env, e->expected[0], &uid, &gid, &why) < 0) {
                set_error(r, a, "%s", why);
                goto out;
        }
        struct strbuf paths = {0};
        for (size_t i = 0; i < n; i++) {
                const struct stat *st = &files[i].st;
                char *value;
                bool ok;
                if (c->probe == PROBE_FILE_MODE) {
                        unsigned max = 0, extra;
                        parse_mode(e->expected[0], &max);
                        value = arena_printf(a, "%o", (unsigned)(st->st_mode & 07777));
                        ok = op_mode_at_most(st->st_mode, max, &extra);
                } else {
                        value = owner_text(env, st->st_uid, st->st_gid);
                        ok = st->st_uid == uid && st->st_gid == gid;
                }
                if (n == 1)
                        strbuf_puts(&actual, value);
                else
                        strbuf_printf(&actual, "%s%s=%s", i ? ", " : "", files[i].path, value);
                if (!ok)
                        strbuf_printf(&bad, "%s%s", bad.len ? ", " : "", files[i].path);
                strbuf_printf(&paths, "%s%s", i ? ", " : "", files[i].path);
        }
        const struct component *comp = c->component && c->target != TARGET_UNIT
                                               ? scan_env_component(env, c->component) : NULL;
        if (comp && comp->own_root)
                r->source_detail = arena_printf(a, "%s (in the root of %s, pid %d)", paths.buf,
                                                comp->spec->name, comp->pid);
        else
                r->source_detail = arena_strdup(a, paths.buf);
        strbuf_free(&paths);
        r->actual = arena_strdup(a, actual.buf);
        r->status = bad.len ? STATUS_FAIL : STATUS_PASS;
        if (bad.len && n > 1)
                r->reason = arena_printf(a, "does not meet the expectation: %s", bad.buf);
out:
        strbuf_free(&errors);
        strbuf_free(&actual);
        strbuf_free(&bad);
}

void probe_eval(struct scan_env *env, const struct profile_entry *e, struct result *r)
{
        const struct check *c = e->check;
        r->entry = e;
        r->source = SOURCE_NONE;
        if (c->probe != PROBE_MANUAL)
                r->expected = op_describe(e->op, e->expected, e->n_expected, env->a);
        switch (c->probe) {
        case PROBE_SETTING:
                probe_setting(env, e, r);
                break;
        case PROBE_FILE_MODE:
        case PROBE_FILE_OWNER:
                probe_file(env, e, r);
                break;
        case PROBE_MANUAL:
                r->status = STATUS_MANUAL;
                r->reason = arena_strdup(env->a, "needs a person to review; see the description");
                break;
        default:
                set_error(r, env->a, "%s", "unknown probe");
                break;
        }
}

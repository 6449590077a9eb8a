/* file-mode, file-owner: permission bits and ownership of the files a check names. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "defs/profile.h"
#include "defs/operators.h"
#include "probes/result.h"
#include "io/rootfs.h"
#include "model/component.h"
#include "model/files.h"
#include "model/node.h"
#include "model/sshd.h"
#include "model/units.h"
#include "parse/sshd-syntax.h"
#include "probes/helpers.h"
#include "probes/table.h"
#include "shared/inode-set.h"
#include "shared/strutil.h"

struct target_file {
        char *path;
        struct stat st;
};

#define MAX_TARGETS 4096

struct targets {
        struct target_file *files;
        size_t n, cap;
        bool truncated;
        struct inode_set seen;
};

static void add_stat(struct node *node, struct targets *t, const char *path,
                     const struct stat *st, struct strbuf *errors)
{
        if (!S_ISREG(st->st_mode) && !S_ISDIR(st->st_mode)) {
                strbuf_printf(errors, "%s%s: %s", errors->len ? "; " : "", path,
                              S_ISFIFO(st->st_mode)   ? "a FIFO, not a regular file"
                              : S_ISSOCK(st->st_mode) ? "a socket, not a regular file"
                                                      : "a device, not a regular file");
                return;
        }
        if (!inode_set_add(&t->seen, st->st_dev, st->st_ino, node->a))
                return; /* /lib and /usr/lib are often the same directory */
        if (t->n >= MAX_TARGETS) {
                t->truncated = true;
                return;
        }
        t->files = arena_grow_items(node->a, t->files, t->n, &t->cap, sizeof(*t->files));
        t->files[t->n].path = arena_strdup(node->a, path);
        t->files[t->n].st = *st;
        t->n++;
}

static void add_file(struct node *node, struct rootfs *root, const char *path,
                     struct targets *t, struct strbuf *errors)
{
        struct stat st;
        int err = node_stat(node, root, path, &st);
        if (err == -ENOENT || err == -ENOTDIR)
                return;
        if (err < 0) {
                strbuf_printf(errors, "%s%s: %s", errors->len ? "; " : "", path,
                              rootfs_strerror(err));
                return;
        }
        add_stat(node, t, path, &st, errors);
}

/* Everything under DIR (bounded depth); linked directories are not entered. */
static void walk_tree(struct node *node, struct rootfs *root, const char *dir,
                      const struct check *c, int depth, struct targets *t,
                      struct strbuf *errors)
{
        const struct dir_listing *l = node_listing(node, root, dir);
        if (l->err == -ENOENT || l->err == -ENOTDIR)
                return;
        if (l->err < 0) {
                strbuf_printf(errors, "%s%s: %s", errors->len ? "; " : "", dir,
                              rootfs_strerror(l->err));
                return;
        }
        for (size_t i = 0; i < l->n && !t->truncated; i++) {
                const struct rootfs_dirent *e = &l->ents[i];
                if (e->err < 0)
                        continue;
                char *p = arena_printf(node->a, "%s%s%s", dir, str_endswith(dir, "/") ? "" : "/",
                                       e->name);
                bool link = S_ISLNK(e->st.st_mode);
                struct stat st = e->st;
                if (link && node_stat(node, root, p, &st) < 0)
                        continue; /* dangling */
                if (S_ISDIR(st.st_mode)) {
                        if (c->include_dirs)
                                add_stat(node, t, p, &st, errors);
                        if (!link && depth < 8)
                                walk_tree(node, root, p, c, depth + 1, t, errors);
                        continue;
                }
                if (!c->match || str_glob(c->match, e->name))
                        add_stat(node, t, p, &st, errors);
        }
}

/* Collects the files a file probe looks at. Returns false when the result is
 * already decided (skip or error). */
static bool collect_targets(struct node *node, const struct check *c, struct component *comp,
                            struct result *r, struct targets *t, struct strbuf *errors,
                            char **ret_looked)
{
        struct arena *a = node->a;
        struct rootfs *root = NULL; /* the node's */
        char *path = NULL, *why;
        if (c->component) {
                if (!comp)
                        comp = probe_need_component(node, c, r);
                if (!comp)
                        return false;
                root = comp->root;
        }
        if (!comp && (c->target == TARGET_CONFIG_FILE || c->target == TARGET_SETTING)) {
                probe_error(r, a, "check %s names no component", c->id);
                return false;
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
                        probe_error(r, a, "%s", v.error);
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
                        probe_error(r, a, "%s", why);
                        return false;
                }
                break;
        }
        case TARGET_PATHS:
                for (size_t i = 0; i < c->n_paths; i++)
                        add_file(node, root, c->paths[i], t, errors);
                *ret_looked = str_join(a, c->paths, c->n_paths, ", ");
                return true;
        case TARGET_TREE:
                for (size_t i = 0; i < c->n_paths; i++) {
                        if (c->include_dirs)
                                add_file(node, root, c->paths[i], t, errors);
                        walk_tree(node, root, c->paths[i], c, 0, t, errors);
                }
                *ret_looked = arena_printf(a, "%s under %s", c->match ? c->match : "everything",
                                           str_join(a, c->paths, c->n_paths, ", "));
                return true;
        case TARGET_SSHD_FILES: {
                struct sshd_model *m = probe_need_sshd(node, r);
                if (!m)
                        return false;
                for (size_t i = 0; i < m->cfg->n_files; i++)
                        add_file(node, NULL, m->cfg->files[i], t, errors);
                *ret_looked = arena_strdup(a, "/etc/ssh/sshd_config and the files it includes");
                return true;
        }
        case TARGET_UNIT: {
                char **files;
                size_t n;
                node_unit_files(node, c->unit, &files, &n);
                for (size_t i = 0; i < n; i++)
                        add_file(node, NULL, files[i], t, errors);
                *ret_looked = arena_printf(a, "%s and its drop-ins in the systemd unit directories",
                                           c->unit);
                return true;
        }
        default:
                probe_error(r, a, "%s", "check has no file target");
                return false;
        }
        add_file(node, root, path, t, errors);
        *ret_looked = path;
        return true;
}

static char *owner_text(struct node *node, uid_t uid, gid_t gid)
{
        const char *u = node_user_name(node, uid);
        const char *g = node_group_name(node, gid);
        char ubuf[16], gbuf[16];
        snprintf(ubuf, sizeof(ubuf), "%u", (unsigned)uid);
        snprintf(gbuf, sizeof(gbuf), "%u", (unsigned)gid);
        return arena_printf(node->a, "%s:%s", u ? u : ubuf, g ? g : gbuf);
}

/* Expected user:group as ids of the node. "root" is uid/gid 0 even without
 * passwd; a name the node does not know matches no file (*ret_missing says so). */
static void expected_ids(struct node *node, const char *owner, uid_t *uid, gid_t *gid,
                         char **ret_missing)
{
        const char *colon = strchr(owner, ':');
        char *user = arena_strndup(node->a, owner, (size_t)(colon - owner));
        const char *group = colon + 1;
        *ret_missing = NULL;
        if (node_user_id(node, user, uid) < 0) {
                *uid = (uid_t)-1;
                if (streq(user, "root"))
                        *uid = 0;
                else
                        *ret_missing = arena_printf(node->a, "the node has no user %s%s%s", user,
                                                    node_ids_error(node) ? ": " : "",
                                                    node_ids_error(node) ? node_ids_error(node) : "");
        }
        if (node_group_id(node, group, gid) < 0) {
                *gid = (gid_t)-1;
                if (streq(group, "root"))
                        *gid = 0;
                else if (!*ret_missing)
                        *ret_missing = arena_printf(node->a, "the node has no group %s", group);
        }
}

/* With many files, the evidence is the offenders; with few, every file. */
#define LIST_ALL_UP_TO 8

/* The files of entry E (those of instance COMP, when given), judged one by one. */
static void collect_files(struct node *node, const struct profile_entry *e, struct component *comp,
                          struct result *r, struct evidence *ret)
{
        const struct check *c = e->check;
        struct check moved;
        if (e->n_paths) { /* where this node's distribution keeps the files */
                moved = *c;
                moved.paths = e->paths;
                moved.n_paths = e->n_paths;
                c = &moved;
        }
        struct arena *a = node->a;
        struct targets t = {0};
        struct strbuf errors = {0}, all = {0}, bad = {0}, paths = {0};
        char *looked = NULL;
        if (!collect_targets(node, c, comp, r, &t, &errors, &looked))
                goto out;
        r->source = SOURCE_FILE;
        if (errors.len) {
                r->source_detail = looked;
                probe_error(r, a, "%s", errors.buf);
                goto out;
        }
        if (t.n == 0) {
                r->status = STATUS_SKIP;
                r->reason = arena_printf(a, "not present on this node: %s", looked);
                goto out;
        }
        uid_t uid = 0;
        gid_t gid = 0;
        char *missing = NULL;
        if (c->probe == PROBE_FILE_OWNER || c->owner)
                expected_ids(node, c->owner ? c->owner : e->expected[0], &uid, &gid, &missing);
        gid_t allow_gid = (gid_t)-1;
        unsigned allow_mode = 0;
        if (c->group_allowance[0] &&
            node_group_id(node, c->group_allowance[0], &allow_gid) == 0)
                parse_mode(c->group_allowance[1], &allow_mode);
        unsigned max = 0;
        parse_mode(e->expected[0], &max);
        size_t n_bad = 0;
        for (size_t i = 0; i < t.n; i++) {
                const struct stat *st = &t.files[i].st;
                char *value;
                bool ok;
                if (c->probe == PROBE_FILE_MODE) {
                        value = arena_printf(a, "%o", (unsigned)(st->st_mode & 07777));
                        ok = op_mode_at_most(st->st_mode, max, NULL) ||
                             (st->st_gid == allow_gid && op_mode_at_most(st->st_mode, allow_mode, NULL));
                        if (c->owner) {
                                bool group_ok = st->st_gid == gid || st->st_gid == allow_gid;
                                value = arena_printf(a, "%s %s", value, owner_text(node, st->st_uid, st->st_gid));
                                ok = ok && st->st_uid == uid && group_ok;
                        }
                } else {
                        value = owner_text(node, st->st_uid, st->st_gid);
                        ok = st->st_uid == uid && st->st_gid == gid;
                }
                if (t.n == 1)
                        strbuf_puts(&all, value);
                else if (t.n <= LIST_ALL_UP_TO)
                        strbuf_printf(&all, "%s%s=%s", i ? ", " : "", t.files[i].path, value);
                if (!ok) {
                        strbuf_printf(&bad, "%s%s=%s", n_bad ? ", " : "", t.files[i].path, value);
                        n_bad++;
                }
                if (i < LIST_ALL_UP_TO)
                        strbuf_printf(&paths, "%s%s", i ? ", " : "", t.files[i].path);
        }
        if (t.n > LIST_ALL_UP_TO)
                strbuf_printf(&paths, " and %zu more (%s)", t.n - LIST_ALL_UP_TO, looked);
        if (!comp && c->component && c->target != TARGET_UNIT)
                comp = node_component(node, c->component);
        if (comp && comp->own_root)
                r->source_detail = arena_printf(a, "%s (in the root of %s, pid %d)", paths.buf,
                                                comp->spec->name, comp->pid);
        else
                r->source_detail = arena_strdup(a, paths.buf);
        r->status = n_bad ? STATUS_FAIL : STATUS_PASS;
        if (t.n <= LIST_ALL_UP_TO)
                r->actual = arena_strdup(a, all.buf);
        else if (n_bad)
                r->actual = arena_strdup(a, bad.buf);
        else
                r->actual = arena_printf(a, "%zu files, none beyond the expectation", t.n);
        if (n_bad && t.n > 1)
                r->reason = arena_printf(a, "%zu of %zu do not meet the expectation%s", n_bad, t.n,
                                         t.n <= LIST_ALL_UP_TO ? arena_printf(a, ": %s", bad.buf) : "");
        if (n_bad)
                probe_add_reason(r, a, missing);
        if (c->owner)
                r->expected = arena_printf(a, "%s, owned by %s%s", r->expected, c->owner,
                                           c->group_allowance[0]
                                                   ? arena_printf(a, " (or %s with group %s)",
                                                                  c->group_allowance[1],
                                                                  c->group_allowance[0])
                                                   : "");
        if (t.truncated)
                probe_add_reason(r, a, arena_printf(a, "only the first %d files were looked at", MAX_TARGETS));
out:
        strbuf_free(&errors);
        strbuf_free(&all);
        strbuf_free(&bad);
        strbuf_free(&paths);
}

/* A component's own file (its config, or one a setting names) is each
 * running instance's: a second kubelet's --config is judged too. */
static void collect(struct node *node, const struct profile_entry *e, struct result *r,
                    struct evidence *ret)
{
        const struct check *c = e->check;
        if (c->component && (c->target == TARGET_CONFIG_FILE || c->target == TARGET_SETTING) &&
            probe_each_instance(node, e, r, ret, collect_files))
                return;
        collect_files(node, e, NULL, r, ret);
}

const struct probe_ops probe_file_mode_ops = {
        .name = "file-mode",
        .collect = collect,
};

const struct probe_ops probe_file_owner_ops = {
        .name = "file-owner",
        .collect = collect,
};

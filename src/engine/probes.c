/* probes: the fixed table of ways to collect evidence; the operators judge it. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "defs/distribution.h"
#include "engine/scan.h"
#include "defs/catalog.h"
#include "defs/profile.h"
#include "io/passwd.h"
#include "io/rootfs.h"
#include "model/component.h"
#include "model/distro.h"
#include "model/node.h"
#include "model/sshd.h"
#include "parse/sshd-syntax.h"
#include "probes/probe.h"
#include "model/modules.h"
#include "parse/unit.h"
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
static struct component *need_component(struct node *node, const struct check *c,
                                         struct result *r)
{
        struct component *comp = node_component(node, c->component);
        if (comp->state == COMPONENT_ABSENT) {
                r->status = STATUS_SKIP;
                r->reason = arena_strdup(node->a, comp->reason);
                return NULL;
        }
        if (comp->state == COMPONENT_BROKEN) {
                set_error(r, node->a, "%s", comp->reason);
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

/* Where a keyed probe's values come from. */
typedef void (*value_getter)(struct node *node, const struct check *c, size_t i,
                             struct setting_value *ret);

static void component_getter(struct node *node, const struct check *c, size_t i,
                             struct setting_value *ret)
{
        component_setting(node_component(node, c->component), c->settings[i], node->a, ret);
}

/* Evaluates N values with the entry's operator: all must pass, or any with c->any.
 * The values come from GET, or from READ when the caller already has them. */
static void evaluate_values(struct node *node, const struct profile_entry *e, struct result *r,
                            size_t n, char *const *names, value_getter get,
                            const struct setting_value *read, const char *owner)
{
        const struct check *c = e->check;
        struct arena *a = node->a;
        struct strbuf actual = {0};
        size_t n_pass = 0;
        bool chosen = false, chosen_fail = false;
        char *fail_reasons = NULL, *notes = NULL;
        for (size_t i = 0; i < n; i++) {
                struct setting_value v;
                if (read)
                        v = read[i];
                else if (get)
                        get(node, c, i, &v);
                else
                        v = (struct setting_value){.error = arena_strdup(a, "nothing was read")};
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
                        .is_list = v.value.items != NULL && (c->n_settings == 0 ||
                                                             c->settings[i]->type == VT_LIST),
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
                if (n > 1)
                        strbuf_printf(&actual, "%s%s=%s", i ? ", " : "", names[i], display(&v));
                else
                        strbuf_puts(&actual, display(&v));
                /* The evidence shown is the first failing value's, else the first. */
                if (!chosen || (verdict == OP_FAIL && !chosen_fail)) {
                        r->source = v.source;
                        r->source_detail = v.detail;
                        chosen = true;
                        chosen_fail = verdict == OP_FAIL;
                }
                if (verdict == OP_PASS) {
                        n_pass++;
                } else {
                        char *text = n > 1 ? arena_printf(a, "%s: %s", names[i], why ? why : "does not match")
                                           : why;
                        if (v.is_default && c->cis_accepts_unset)
                                text = arena_printf(a, "%s%sthe CIS audit accepts an unset value, but "
                                                       "unset means %s's built-in default %s, which "
                                                       "does not meet the expectation",
                                                    text ? text : "", text ? "; " : "", owner, display(&v));
                        if (text)
                                fail_reasons = fail_reasons ? arena_printf(a, "%s; %s", fail_reasons, text) : text;
                }
                if (v.note)
                        notes = notes ? arena_printf(a, "%s; %s", notes, v.note) : v.note;
        }
        bool pass = c->any ? n_pass > 0 : n_pass == n;
        r->status = pass ? STATUS_PASS : STATUS_FAIL;
        if (!pass)
                add_reason(r, a, fail_reasons);
        if (pass && c->any && n > 1)
                add_reason(r, a, arena_printf(a, "%zu of %zu set", n_pass, n));
        add_reason(r, a, notes);
        r->actual = arena_strdup(a, actual.buf ? actual.buf : "");
        strbuf_free(&actual);
}

static void probe_setting(struct node *node, const struct profile_entry *e, struct result *r)
{
        const struct check *c = e->check;
        struct component *comp = need_component(node, c, r);
        if (!comp)
                return;
        char **names = arena_alloc(node->a, (c->n_settings + 1) * sizeof(char *));
        for (size_t i = 0; i < c->n_settings; i++)
                names[i] = c->settings[i]->name;
        evaluate_values(node, e, r, c->n_settings, names, component_getter, NULL, comp->spec->name);
}

/* ---- sshd ---- */

static struct sshd_model *need_sshd(struct node *node, struct result *r)
{
        if (!node->sshd_loaded) {
                node->sshd_err = sshd_model_load(node->root, node->a, &node->sshd);
                node->sshd_loaded = true;
        }
        if (node->sshd_err == -ENOENT) {
                r->status = STATUS_SKIP;
                r->reason = arena_strdup(node->a, "no /etc/ssh/sshd_config: sshd is not installed");
                return NULL;
        }
        if (node->sshd_err < 0) {
                set_error(r, node->a, "/etc/ssh/sshd_config: %s", rootfs_strerror(node->sshd_err));
                return NULL;
        }
        return node->sshd;
}

static void sshd_getter(struct node *node, const struct check *c, size_t i,
                        struct setting_value *ret)
{
        sshd_effective(node->sshd, c->keys[i], true, node->a, ret);
}

static void probe_sshd_option(struct node *node, const struct profile_entry *e, struct result *r)
{
        struct sshd_model *m = need_sshd(node, r);
        if (!m)
                return;
        evaluate_values(node, e, r, e->check->n_keys, e->check->keys, sshd_getter, NULL, "OpenSSH");
        if (m->cfg->n_problems)
                add_reason(r, node->a, arena_printf(node->a, "sshd refuses this configuration (%s)",
                                                   m->cfg->problems[0]));
}

static void probe_sshd_valid(struct node *node, const struct profile_entry *e, struct result *r)
{
        struct sshd_model *m = need_sshd(node, r);
        if (!m)
                return;
        r->source = SOURCE_SSHD;
        r->source_detail = str_join(node->a, m->cfg->files, m->cfg->n_files, ", ");
        r->status = m->cfg->n_problems ? STATUS_FAIL : STATUS_PASS;
        r->actual = m->cfg->n_problems ? str_join(node->a, m->cfg->problems, m->cfg->n_problems, "; ")
                                       : arena_printf(node->a, "%zu file%s, no problem", m->cfg->n_files,
                                                      m->cfg->n_files == 1 ? "" : "s");
        r->expected = arena_strdup(node->a, "accepted by sshd");
        if (m->cfg->n_problems)
                r->reason = arena_strdup(node->a, "sshd refuses to start with this configuration: it is "
                                                 "down, or still running an older one");
}

/* ---- kernel modules ---- */

static void probe_module(struct node *node, const struct profile_entry *e, struct result *r)
{
        struct arena *a = node->a;
        const char *name = e->check->keys[0];
        char *why = node->modules_error;
        if (!node->modules && !why && modules_open(node->root, node->procfs, a, &node->modules, &why) < 0)
                node->modules = NULL;
        if (!node->modules) {
                node->modules_error = why;
                if (!node->procfs) {
                        r->status = STATUS_SKIP;
                        r->reason = why;
                } else {
                        set_error(r, a, "%s", why);
                }
                return;
        }
        struct module_state st;
        if (modules_state(node->modules, name, a, &st, &why) < 0) {
                set_error(r, a, "%s", why);
                return;
        }
        r->expected = arena_strdup(a, "not loaded and not loadable");
        r->source = SOURCE_MODPROBE;
        r->source_detail = arena_printf(a, "/proc/modules, /lib/modules/%s and modprobe.d",
                                        modules_release(node->modules));
        if (st.loaded || st.builtin) {
                r->status = STATUS_FAIL;
                r->actual = arena_strdup(a, st.loaded ? "loaded" : "built into the kernel");
                r->reason = st.builtin ? arena_strdup(a, "a builtin module cannot be disabled") : NULL;
                return;
        }
        if (st.no_module_dir) {
                r->status = STATUS_SKIP;
                r->reason = arena_printf(a, "no /lib/modules/%s on this node: the running kernel's "
                                            "modules cannot be examined", modules_release(node->modules));
                return;
        }
        if (!st.path) {
                r->status = STATUS_PASS;
                r->actual = arena_printf(a, "no module file for kernel %s", modules_release(node->modules));
                return;
        }
        r->source_detail = st.path;
        if (st.disabled && st.blacklisted) {
                r->status = STATUS_PASS;
                r->actual = arena_printf(a, "disabled: install %s; blacklisted", st.install);
                return;
        }
        r->status = STATUS_FAIL;
        r->actual = arena_printf(a, "loadable: %s; %s; %s", st.path,
                                 st.install ? (st.disabled ? arena_printf(a, "install %s", st.install)
                                                           : arena_printf(a, "install runs \"%s\"", st.install))
                                            : "no install rule",
                                 st.blacklisted ? "blacklisted" : "not blacklisted");
        r->reason = arena_strdup(a, "a module is off only with both an install /bin/false (or /bin/true) "
                                    "rule and a blacklist line");
}

/* ---- kernel parameters and small files ---- */

static void sysctl_getter(struct node *node, const struct check *c, size_t i,
                          struct setting_value *ret)
{
        struct arena *a = node->a;
        *ret = (struct setting_value){.source = SOURCE_SYSCTL};
        char *rel = arena_printf(a, "sys/%s", c->keys[i]);
        for (char *p = rel + 4; *p; p++)
                if (*p == '.')
                        *p = '/';
        ret->detail = arena_printf(a, "/proc/%s", rel);
        char *buf;
        size_t len;
        int err = rootfs_read_file(node->procfs, rel, 4096, a, &buf, &len);
        if (err == -ENOENT) {
                ret->ok = true;
                ret->note = arena_printf(a, "%s does not exist in this kernel", c->keys[i]);
                return;
        }
        if (err < 0) {
                ret->error = arena_printf(a, "/proc/%s: %s", rel, rootfs_strerror(err));
                return;
        }
        /* "4096\t87380\n" -> "4096 87380" */
        char **words;
        size_t n = str_split(a, buf, '\n', &words);
        char *v = n ? words[0] : arena_strdup(a, "");
        for (char *p = v; *p; p++)
                if (*p == '\t')
                        *p = ' ';
        ret->ok = ret->has_value = true;
        ret->value.norm = ret->value.raw = v;
}

static void probe_sysctl(struct node *node, const struct profile_entry *e, struct result *r)
{
        if (!node->procfs) {
                r->status = STATUS_SKIP;
                r->reason = arena_strdup(node->a, "no /proc to read kernel parameters from (offline scan)");
                return;
        }
        /* Each parameter read once; one the kernel does not have is not applicable. */
        struct setting_value *read = arena_alloc(node->a, (e->check->n_keys + 1) * sizeof(*read));
        size_t present = 0;
        for (size_t i = 0; i < e->check->n_keys; i++) {
                sysctl_getter(node, e->check, i, &read[i]);
                present += read[i].has_value || read[i].error;
        }
        if (!present) {
                r->status = STATUS_SKIP;
                r->source = SOURCE_SYSCTL;
                r->reason = arena_printf(node->a, "%s does not exist in this kernel",
                                         str_join(node->a, e->check->keys, e->check->n_keys, ", "));
                return;
        }
        evaluate_values(node, e, r, e->check->n_keys, e->check->keys, sysctl_getter, read, "the kernel");
}

static void probe_file_content(struct node *node, const struct profile_entry *e, struct result *r)
{
        struct arena *a = node->a;
        const struct check *c = e->check;
        r->source = SOURCE_FILE;
        r->source_detail = c->paths[0];
        char *buf;
        size_t len;
        int err = rootfs_read_file(node->root, c->paths[0], 65536, a, &buf, &len);
        if (err == -ENOENT) {
                r->status = c->missing_fails ? STATUS_FAIL : STATUS_SKIP;
                r->actual = c->missing_fails ? arena_strdup(a, "(missing)") : NULL;
                r->reason = arena_printf(a, "%s does not exist", c->paths[0]);
                return;
        }
        if (err < 0) {
                set_error(r, a, "%s: %s", c->paths[0], rootfs_strerror(err));
                return;
        }
        buf[strcspn(buf, "\n")] = '\0';
        r->actual = buf;
        struct observed o = {.has_value = true, .norm = buf};
        char *why = NULL;
        enum op_verdict v = op_eval(e->op, &o, e->expected, e->n_expected, a, &why);
        r->status = v == OP_PASS ? STATUS_PASS : v == OP_FAIL ? STATUS_FAIL : STATUS_ERROR;
        add_reason(r, a, why);
}

/* ---- files ---- */

struct target_file {
        char *path;
        struct stat st;
};

#define MAX_TARGETS 4096

struct targets {
        struct target_file *files;
        size_t n, cap;
        bool truncated;
};

static const char *const unit_dirs[] = {
        "/etc/systemd/system", "/run/systemd/system", "/usr/local/lib/systemd/system",
        "/usr/lib/systemd/system", "/lib/systemd/system",
};

static int cmp_base(const void *x, const void *y)
{
        const char *a = strrchr(*(char *const *)x, '/'), *b = strrchr(*(char *const *)y, '/');
        return strcmp(a ? a + 1 : *(char *const *)x, b ? b + 1 : *(char *const *)y);
}

/* The files systemd reads for UNIT, in the order it applies them: the unit
 * file from the first unit directory that has one, then the drop-ins
 * (UNIT.d/\*.conf, and TYPE.d/\*.conf for every unit of its type) sorted by
 * file name, a name in an earlier directory hiding the same name later on.
 * systemd is the host's: units live in the node root. */
static void unit_files(struct node *node, const char *unit, char ***ret, size_t *ret_n)
{
        struct arena *a = node->a;
        const char *dot = strrchr(unit, '.');
        char *type_dir = arena_printf(a, "%s.d", dot ? dot + 1 : unit);
        char *unit_dir = arena_printf(a, "%s.d", unit);
        char **files = NULL, *main = NULL;
        size_t n = 0, cap = 0;
        for (size_t i = 0; i < ELEMENTSOF(unit_dirs); i++) {
                struct stat st;
                char *u = arena_printf(a, "%s/%s", unit_dirs[i], unit);
                if (!main && rootfs_lstat(node->root, u, &st) == 0)
                        main = u;
                const char *dropin_dirs[] = {unit_dir, type_dir};
                for (size_t k = 0; k < ELEMENTSOF(dropin_dirs); k++) {
                        char **names = NULL;
                        size_t nn = 0;
                        char *dir = arena_printf(a, "%s/%s", unit_dirs[i], dropin_dirs[k]);
                        if (rootfs_list_dir(node->root, dir, a, &names, &nn) < 0)
                                continue;
                        for (size_t j = 0; j < nn; j++) {
                                if (!str_endswith(names[j], ".conf"))
                                        continue;
                                bool hidden = false;
                                for (size_t m = 0; m < n && !hidden; m++)
                                        hidden = streq(strrchr(files[m], '/') + 1, names[j]);
                                if (hidden)
                                        continue;
                                files = arena_grow_items(a, files, n, &cap, sizeof(*files));
                                files[n++] = arena_printf(a, "%s/%s", dir, names[j]);
                        }
                }
        }
        if (n)
                qsort(files, n, sizeof(*files), cmp_base);
        char **out = arena_alloc(a, (n + 2) * sizeof(*out));
        size_t k = 0;
        if (main)
                out[k++] = main;
        for (size_t i = 0; i < n; i++)
                out[k++] = files[i];
        *ret = out;
        *ret_n = k;
}

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
        for (size_t i = 0; i < t->n; i++)
                if (t->files[i].st.st_dev == st->st_dev && t->files[i].st.st_ino == st->st_ino)
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
        int err = rootfs_stat(root, path, &st);
        if (err == -ENOENT || err == -ENOTDIR)
                return;
        if (err < 0) {
                strbuf_printf(errors, "%s%s: %s", errors->len ? "; " : "", path,
                              rootfs_strerror(err));
                return;
        }
        add_stat(node, t, path, &st, errors);
}

/* A directory's entries with their lstat, listed once a scan: the PKI tree is
 * walked by several checks. */
static const struct dir_listing *list_dir(struct node *node, struct rootfs *root,
                                          const char *dir)
{
        for (size_t i = 0; i < node->n_listings; i++)
                if (node->listings[i].root == root && streq(node->listings[i].dir, dir))
                        return &node->listings[i];
        node->listings = arena_grow_items(node->a, node->listings, node->n_listings, &node->cap_listings,
                                         sizeof(*node->listings));
        struct dir_listing *l = &node->listings[node->n_listings++];
        l->root = root;
        l->dir = arena_strdup(node->a, dir);
        l->err = rootfs_list_dir_stat(root, dir, node->a, &l->ents, &l->n);
        return l;
}

/* Everything under DIR (bounded depth); linked directories are not entered. */
static void walk_tree(struct node *node, struct rootfs *root, const char *dir,
                      const struct check *c, int depth, struct targets *t,
                      struct strbuf *errors)
{
        const struct dir_listing *l = list_dir(node, root, dir);
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
                if (link && rootfs_stat(root, p, &st) < 0)
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
static bool collect_targets(struct node *node, const struct check *c, struct result *r,
                            struct targets *t, struct strbuf *errors, char **ret_looked)
{
        struct arena *a = node->a;
        struct rootfs *root = node->root;
        struct component *comp = NULL;
        char *path = NULL, *why;
        if (c->component) {
                comp = need_component(node, c, r);
                if (!comp)
                        return false;
                root = comp->root;
        }
        if (!comp && (c->target == TARGET_CONFIG_FILE || c->target == TARGET_SETTING)) {
                set_error(r, a, "check %s names no component", c->id);
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
                struct sshd_model *m = need_sshd(node, r);
                if (!m)
                        return false;
                for (size_t i = 0; i < m->cfg->n_files; i++)
                        add_file(node, node->root, m->cfg->files[i], t, errors);
                *ret_looked = arena_strdup(a, "/etc/ssh/sshd_config and the files it includes");
                return true;
        }
        case TARGET_UNIT: {
                char **files;
                size_t n;
                unit_files(node, c->unit, &files, &n);
                for (size_t i = 0; i < n; i++)
                        add_file(node, node->root, files[i], t, errors);
                *ret_looked = arena_printf(a, "%s and its drop-ins in the systemd unit directories",
                                           c->unit);
                return true;
        }
        default:
                set_error(r, a, "%s", "check has no file target");
                return false;
        }
        add_file(node, root, path, t, errors);
        *ret_looked = path;
        return true;
}

/* ---- systemd units ---- */

/* A list directive of a unit (setting "Service.IPAddressDeny"), with its
 * drop-ins applied as systemd applies them. "0.0.0.0/0 ::/0" reads as "any". */
static void probe_unit(struct node *node, const struct profile_entry *e, struct result *r)
{
        struct arena *a = node->a;
        const struct check *c = e->check;
        char **files;
        size_t n;
        unit_files(node, c->unit, &files, &n);
        struct stat st;
        if (!n || rootfs_lstat(node->root, files[0], &st) < 0 ||
            !str_endswith(files[0], c->unit)) {
                r->status = STATUS_SKIP;
                r->reason = arena_printf(a, "no %s unit file in the systemd unit directories", c->unit);
                return;
        }
        char *target;
        if (S_ISLNK(st.st_mode) && rootfs_readlink(node->root, files[0], a, &target) == 0 &&
            streq(target, "/dev/null")) {
                r->status = STATUS_SKIP;
                r->reason = arena_printf(a, "%s is masked (%s links to /dev/null)", c->unit, files[0]);
                return;
        }
        struct unit_file u = {0};
        for (size_t i = 0; i < n; i++) {
                char *buf;
                size_t len;
                int err = rootfs_read_file(node->root, files[i], ROOTFS_MAX_CONFIG, a, &buf, &len);
                if (err < 0) {
                        r->source = SOURCE_FILE;
                        r->source_detail = files[i];
                        set_error(r, a, "%s: %s", files[i], rootfs_strerror(err));
                        return;
                }
                unit_parse(&u, files[i], buf, len, a);
        }
        const char *key = strchr(c->keys[0], '.');
        char *section = arena_strndup(a, c->keys[0], (size_t)(key - c->keys[0]));
        const struct unit_assignment *last;
        char *list = unit_list_value(&u, section, key + 1, a, &last);
        struct setting_value v = {.ok = true, .source = SOURCE_FILE};
        v.detail = last ? arena_printf(a, "%s:%u", last->file, last->line)
                        : arena_printf(a, "%s and %zu drop-in%s", files[0], n - 1, n == 2 ? "" : "s");
        if (list) {
                char **items;
                size_t ni = str_split(a, list, ' ', &items);
                bool v4 = str_in_list("0.0.0.0/0", items, ni), v6 = str_in_list("::/0", items, ni);
                if (v4 && v6 && !str_in_list("any", items, ni)) {
                        char **more = arena_alloc(a, (ni + 2) * sizeof(*more));
                        memcpy(more, items, ni * sizeof(*items));
                        more[ni++] = arena_strdup(a, "any");
                        items = more;
                }
                v.has_value = true;
                v.value = (struct value){.norm = list, .raw = *list ? list : arena_strdup(a, "(reset to empty)"),
                                         .items = items, .n_items = ni};
        }
        if (u.n_problems)
                v.note = arena_printf(a, "systemd ignores: %s", str_join(a, u.problems, u.n_problems, "; "));
        evaluate_values(node, e, r, 1, c->keys, NULL, &v, c->unit);
}

static char *owner_text(struct node *node, uid_t uid, gid_t gid)
{
        const char *u = node->ids ? idmap_user_name(node->ids, uid) : NULL;
        const char *g = node->ids ? idmap_group_name(node->ids, gid) : NULL;
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
        if (!node->ids || idmap_user_id(node->ids, user, uid) < 0) {
                *uid = (uid_t)-1;
                if (streq(user, "root"))
                        *uid = 0;
                else
                        *ret_missing = arena_printf(node->a, "the node has no user %s%s%s", user,
                                                    node->ids_error ? ": " : "",
                                                    node->ids_error ? node->ids_error : "");
        }
        if (!node->ids || idmap_group_id(node->ids, group, gid) < 0) {
                *gid = (gid_t)-1;
                if (streq(group, "root"))
                        *gid = 0;
                else if (!*ret_missing)
                        *ret_missing = arena_printf(node->a, "the node has no group %s", group);
        }
}

/* With many files, the evidence is the offenders; with few, every file. */
#define LIST_ALL_UP_TO 8

static void probe_file(struct node *node, const struct profile_entry *e, struct result *r)
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
        if (!collect_targets(node, c, r, &t, &errors, &looked))
                goto out;
        r->source = SOURCE_FILE;
        if (errors.len) {
                r->source_detail = looked;
                set_error(r, a, "%s", errors.buf);
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
        if (c->group_allowance[0] && node->ids &&
            idmap_group_id(node->ids, c->group_allowance[0], &allow_gid) == 0)
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
        const struct component *comp = c->component && c->target != TARGET_UNIT
                                               ? node_component(node, c->component) : NULL;
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
                add_reason(r, a, missing);
        if (c->owner)
                r->expected = arena_printf(a, "%s, owned by %s%s", r->expected, c->owner,
                                           c->group_allowance[0]
                                                   ? arena_printf(a, " (or %s with group %s)",
                                                                  c->group_allowance[1],
                                                                  c->group_allowance[0])
                                                   : "");
        if (t.truncated)
                add_reason(r, a, arena_printf(a, "only the first %d files were looked at", MAX_TARGETS));
out:
        strbuf_free(&errors);
        strbuf_free(&all);
        strbuf_free(&bad);
        strbuf_free(&paths);
}

/* ---- documents named by a setting: EncryptionConfiguration, audit Policy ---- */

/* Reads and parses the file a setting names. Returns NULL after deciding R
 * (skip, error, or a fail for an unset setting). */
static const struct ynode *setting_document(struct node *node, const struct profile_entry *e,
                                            struct result *r, char **ret_path)
{
        const struct check *c = e->check;
        struct arena *a = node->a;
        struct component *comp = need_component(node, c, r);
        if (!comp)
                return NULL;
        struct setting_value v;
        component_setting(comp, c->settings[0], a, &v);
        r->source = v.source;
        r->source_detail = v.detail;
        if (v.error) {
                set_error(r, a, "%s", v.error);
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
        char *path, *why, *buf;
        size_t len;
        if (component_resolve_path(comp, v.value.norm, a, &path, &why) < 0) {
                set_error(r, a, "%s", why);
                return NULL;
        }
        r->source = SOURCE_FILE;
        r->source_detail = path;
        int err = rootfs_read_file(comp->root, path, ROOTFS_MAX_CONFIG, a, &buf, &len);
        if (err < 0) {
                set_error(r, a, "%s: %s", path, rootfs_strerror(err));
                return NULL;
        }
        struct ynode *doc;
        struct diag d = {0};
        if (ydoc_parse(buf, len, path, a, &doc, &d) < 0) {
                char msg[1200];
                diag_format(&d, msg, sizeof(msg));
                set_error(r, a, "%s", msg);
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
        set_error(r, a, "%s:%u: kind is %s, not %s", path, k ? k->line : doc->line,
                  k && k->type == YNODE_SCALAR ? k->value : "missing", kind);
        return false;
}

static void judge(struct node *node, const struct profile_entry *e, struct result *r,
                  const struct observed *o)
{
        char *why = NULL;
        enum op_verdict v = op_eval(e->op, o, e->expected, e->n_expected, node->a, &why);
        r->status = v == OP_PASS ? STATUS_PASS : v == OP_FAIL ? STATUS_FAIL : STATUS_ERROR;
        add_reason(r, node->a, why);
}

/* Secrets are encrypted with the first provider of the first entry that covers them. */
static void probe_encryption(struct node *node, const struct profile_entry *e, struct result *r)
{
        struct arena *a = node->a;
        char *path;
        const struct ynode *doc = setting_document(node, e, r, &path);
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
                        set_error(r, a, "%s:%u: no providers for secrets", path, res->items[i]->line);
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
                        set_error(r, a, "%s:%u: a provider must be a mapping", path, first->line);
                        return;
                }
                struct observed o = {.has_value = true, .norm = first->keys[0]->value};
                judge(node, e, r, &o);
                return;
        }
        r->actual = arena_strdup(a, "(secrets not covered)");
        r->status = STATUS_FAIL;
        r->reason = arena_printf(a, "%s has no entry for secrets: they are stored unencrypted", path);
}

static void probe_audit_policy(struct node *node, const struct profile_entry *e, struct result *r)
{
        struct arena *a = node->a;
        char *path;
        const struct ynode *doc = setting_document(node, e, r, &path);
        if (!doc || !kind_is(doc, "Policy", path, r, a))
                return;
        const struct ynode *api = ynode_get(doc, "apiVersion");
        if (!api || api->type != YNODE_SCALAR || strncmp(api->value, "audit.k8s.io/", 13) != 0) {
                set_error(r, a, "%s:%u: apiVersion is not audit.k8s.io", path,
                          api ? api->line : doc->line);
                return;
        }
        const struct ynode *rules = ynode_get(doc, "rules");
        if (rules && rules->type != YNODE_SEQ && !ynode_is_null(rules)) {
                set_error(r, a, "%s:%u: rules must be a list", path, rules->line);
                return;
        }
        size_t n = rules && rules->type == YNODE_SEQ ? rules->n : 0;
        r->actual = arena_printf(a, "%zu rule%s", n, n == 1 ? "" : "s");
        struct observed o = {.has_value = true, .norm = arena_printf(a, "%zu", n)};
        judge(node, e, r, &o);
}

void probe_eval(struct node *node, const struct profile_entry *e, struct result *r)
{
        const struct check *c = e->check;
        r->entry = e;
        r->source = SOURCE_NONE;
        if (probe_has_operator(c->probe))
                r->expected = op_describe(e->op, e->expected, e->n_expected, node->a);
        if (e->skip) {
                r->status = STATUS_SKIP;
                r->reason = e->skip;
                return;
        }
        if (e->skip_if && distro_skip_applies(node, e->skip_if)) {
                r->status = STATUS_SKIP;
                r->reason = arena_printf(node->a, "%s: %s", e->skip_if->title, e->skip_if->skip);
                return;
        }
        if (c->when_component) {
                struct component *w = node_component(node, c->when_component);
                struct setting_value v;
                if (w->state != COMPONENT_RUNNING) {
                        r->status = STATUS_SKIP;
                        r->reason = arena_printf(node->a, "applies when %s runs with %s %s",
                                                 c->when_component->name, c->when_setting->name,
                                                 c->when_equals);
                        return;
                }
                component_setting(w, c->when_setting, node->a, &v);
                if (v.error) {
                        set_error(r, node->a, "%s", v.error);
                        return;
                }
                if (!v.has_value || !streq(v.value.norm, c->when_equals)) {
                        r->status = STATUS_SKIP;
                        r->reason = arena_printf(node->a, "applies when %s has %s %s; it has %s (%s)",
                                                 c->when_component->name, c->when_setting->name,
                                                 c->when_equals, display(&v), v.detail);
                        return;
                }
        }
        switch (c->probe) {
        case PROBE_SETTING:
                probe_setting(node, e, r);
                break;
        case PROBE_SSHD_OPTION:
                probe_sshd_option(node, e, r);
                break;
        case PROBE_SSHD_VALID:
                probe_sshd_valid(node, e, r);
                break;
        case PROBE_SYSCTL:
                probe_sysctl(node, e, r);
                break;
        case PROBE_FILE_CONTENT:
                probe_file_content(node, e, r);
                break;
        case PROBE_MODULE:
                probe_module(node, e, r);
                break;
        case PROBE_UNIT:
                probe_unit(node, e, r);
                break;
        case PROBE_CERT:
                probe_certificate(node, e, r);
                break;
        case PROBE_LISTEN:
                probe_listening(node, e, r);
                break;
        case PROBE_PROCESSES:
                probe_processes(node, e, r);
                break;
        case PROBE_FILE_MODE:
        case PROBE_FILE_OWNER:
                probe_file(node, e, r);
                break;
        case PROBE_ENCRYPTION:
                probe_encryption(node, e, r);
                break;
        case PROBE_AUDIT_POLICY:
                probe_audit_policy(node, e, r);
                break;
        case PROBE_MANUAL:
                r->status = STATUS_MANUAL;
                r->reason = arena_strdup(node->a, "needs a person to review; see the description");
                break;
        default:
                set_error(r, node->a, "%s", "unknown probe");
                break;
        }
}

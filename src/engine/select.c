/* select: the policy of --profile auto (role, Kubernetes version, fallbacks, added profiles). */
#include "engine/select.h"

#include <errno.h>
#include <stdarg.h>

#include "defs/profile.h"
#include "engine/scan.h"
#include "model/node.h"
#include "model/version.h"
#include "shared/k8s-version.h"
#include "shared/diag.h"
#include "shared/arena.h"
#include "shared/strutil.h"

struct cached_profile {
        char *name;
        struct profile *profile;
};

struct select_cache {
        struct arena *a;
        const char *dir;
        struct catalog *cat;
        struct cached_profile *items;
        size_t n, cap;
        bool all_loaded;
};

struct select_cache *select_cache_new(const char *dir, struct catalog *cat, struct arena *a)
{
        struct select_cache *c = arena_alloc(a, sizeof(*c));
        c->a = a;
        c->dir = dir;
        c->cat = cat;
        return c;
}

int select_cache_load(struct select_cache *c, const char *name, struct profile **ret,
                      struct diag *d)
{
        for (size_t i = 0; i < c->n; i++)
                if (streq(c->items[i].name, name)) {
                        *ret = c->items[i].profile;
                        return 0;
                }
        struct profile *p;
        int err = profile_load(c->dir, name, c->cat, c->a, &p, d);
        if (err < 0)
                return err;
        c->items = arena_grow_items(c->a, c->items, c->n, &c->cap, sizeof(*c->items));
        c->items[c->n++] = (struct cached_profile){arena_strdup(c->a, name), p};
        *ret = p;
        return 0;
}

static void note(struct select_cache *c, struct select_notes *notes, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
static void note(struct select_cache *c, struct select_notes *notes, const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        char *text = arena_vprintf(c->a, fmt, ap);
        va_end(ap);
        notes->v = (char **)arena_grow(c->a, (void **)notes->v, notes->n, &notes->cap);
        notes->v[notes->n++] = text;
}

/* As the CLI has always printed a definition error: "file:line:column: message". */
static char *diag_text(struct select_cache *c, const struct diag *d)
{
        char buf[1200];
        diag_format(d, buf, sizeof(buf));
        return arena_strdup(c->a, buf);
}

/* Every profile of the directory: auto chooses among all of them.
 * -ENOENT: the directory cannot be listed; -EINVAL: a profile is broken (D). */
static int load_all(struct select_cache *c, struct diag *d)
{
        if (c->all_loaded)
                return 0;
        char **names;
        size_t n;
        if (profile_list(c->dir, c->a, &names, &n) < 0)
                return -ENOENT;
        for (size_t i = 0; i < n; i++) {
                struct profile *p;
                if (select_cache_load(c, names[i], &p, d) < 0)
                        return -EINVAL;
        }
        c->all_loaded = true;
        return 0;
}

/* Among the profiles of ROLE: the benchmark whose "kubernetes" range covers
 * VERSION (the newest when it is unknown; the nearest when none covers it,
 * with a note). -ENOENT: no profile has ROLE. */
static int pick(struct select_cache *c, const char *role, const char *version,
                struct select_notes *notes, const char **ret_name, struct diag *d)
{
        int err = load_all(c, d);
        if (err < 0)
                return err;
        int minor = k8s_version_minor(version);
        const size_t none = (size_t)-1;
        size_t found = none, newest = none, oldest = none, last = none;
        for (size_t i = 0; i < c->n; i++) {
                const struct profile *p = c->items[i].profile;
                if (!streq(p->role, role))
                        continue;
                last = i;
                if (!p->k8s_range)
                        continue;
                if (minor >= p->k8s_min && minor <= p->k8s_max)
                        found = i;
                if (newest == none || p->k8s_max > c->items[newest].profile->k8s_max)
                        newest = i;
                if (oldest == none || p->k8s_min < c->items[oldest].profile->k8s_min)
                        oldest = i;
        }
        if (last == none)
                return -ENOENT;
        if (found == none && newest != none && minor >= 0) {
                found = minor < c->items[oldest].profile->k8s_min ? oldest : newest;
                note(c, notes, "no benchmark covers Kubernetes %s; using %s (for %s)", version,
                     c->items[found].name, c->items[found].profile->k8s_range);
        } else if (found == none && newest != none) {
                found = newest;
                if (!streq(role, "host"))
                        note(c, notes,
                             "the Kubernetes version is unknown; using the newest benchmark, %s "
                             "(--k8s-version or --profile to choose)",
                             c->items[found].name);
        }
        *ret_name = c->items[found != none ? found : last].name;
        return 0;
}

/* auto: the Kubernetes profile of the node's role (*RET_WITH_HOST: the host
 * baseline goes beside it), else the host baseline alone. */
static int pick_auto(struct select_cache *c, struct node *node, const char *root,
                     struct select_notes *notes, const char **ret_name, bool *ret_with_host,
                     struct diag *d)
{
        const char *role = node_role(node), *version = NULL, *source;
        if (role)
                node_k8s_version(node, &version, &source);
        const char *name = NULL;
        int err = role ? pick(c, role, version, notes, &name, d) : -ENOENT;
        if (err == -ENOENT && role && streq(role, "control-plane")) {
                note(c, notes,
                     "no control-plane profile is installed; checking this node's "
                     "kubelet with the worker profile");
                err = pick(c, "worker", version, notes, &name, d);
        }
        if (err == -EINVAL)
                return err;
        if (err == 0) {
                *ret_name = name;
                *ret_with_host = true;
                return 0;
        }
        if (role)
                note(c, notes, "no profile for a %s node in %s; checking the host only", role,
                     c->dir);
        else
                note(c, notes,
                     "no Kubernetes component found on %s (no kube-apiserver or "
                     "kubelet process); checking the host only",
                     root);
        err = pick(c, "host", NULL, notes, &name, d);
        if (err < 0) {
                /* A broken profile found on the way is said, and there is nothing to check. */
                if (err == -EINVAL)
                        note(c, notes, "%s", diag_text(c, d));
                note(c, notes, "no host profile in %s either; nothing to check", c->dir);
                return -ENOENT;
        }
        *ret_name = name;
        *ret_with_host = false;
        return 0;
}

int select_profile(struct select_cache *c, struct node *node, const char *name, const char *root,
                   struct select_notes *notes, struct profile **ret, char **ret_error)
{
        struct diag d = {0};
        bool is_auto = streq(name, "auto"), with_host = false;
        int err;
        if (is_auto && (err = pick_auto(c, node, root, notes, &name, &with_host, &d)) < 0) {
                if (err == -EINVAL)
                        *ret_error = diag_text(c, &d);
                return err;
        }
        struct profile *p;
        if (select_cache_load(c, name, &p, &d) < 0) {
                *ret_error = diag_text(c, &d);
                return -EINVAL;
        }
        /* auto: the host baseline beside the Kubernetes profile, and the
         * node's state (certificates, processes, listeners) beside either. */
        const char *const added[] = {with_host ? "host" : NULL, is_auto ? "state" : NULL};
        for (size_t i = 0; i < ELEMENTSOF(added); i++) {
                const char *added_name;
                if (!added[i] || pick(c, added[i], NULL, notes, &added_name, &d) < 0)
                        continue;
                struct profile *h, *merged;
                char *clash;
                if (select_cache_load(c, added_name, &h, &d) < 0) {
                        *ret_error = diag_text(c, &d);
                        return -EINVAL;
                }
                if (profile_merge(p, h, c->a, &merged, &clash) < 0) {
                        *ret_error = clash;
                        return -EINVAL;
                }
                p = merged;
        }
        *ret = p;
        return 0;
}

/* profile: profile files, validated against the catalog (unknown checks are errors). */
#include "engine/profile.h"

#include <errno.h>
#include <string.h>

#include "io/rootfs.h"
#include "parse/ydocpack.h"
#include "shared/strutil.h"

struct section {
        const char *id;
        const char *title;
};

static bool valid_number(const char *s)
{
        /* "4.2.1", or a prefixed numbering of nodeaudit's own ("H1.2") */
        while (*s >= 'A' && *s <= 'Z')
                s++;
        if (!*s || strlen(s) > 32 || *s == '.')
                return false;
        for (const char *p = s; *p; p++)
                if (!((*p >= '0' && *p <= '9') || (*p == '.' && p[1] && p[1] != '.')))
                        return false;
        return true;
}

static const struct section *section_of(const struct section *sections, size_t n,
                                        const char *number)
{
        const struct section *best = NULL;
        for (size_t i = 0; i < n; i++) {
                size_t l = strlen(sections[i].id);
                if (strncmp(number, sections[i].id, l) == 0 && number[l] == '.' &&
                    (!best || l > strlen(best->id)))
                        best = &sections[i];
        }
        return best;
}

static int parse_entry(struct profile *p, const struct ynode *n, const struct section *secs,
                       size_t n_secs, const char *file, struct catalog *cat,
                       struct arena *a, struct diag *d)
{
        static const char *const keys[] = {"id", "number", "level", "scored", "weight",
                                           "operator", "expected", NULL};
        const char *id, *number, *weight, *op;
        long level = 1;
        int err;
        if ((err = ydef_expect_map(n, file, "a profile entry", d)) < 0 ||
            (err = ydef_known_keys(n, keys, file, d)) < 0 ||
            (err = ydef_str(n, "id", file, true, &id, d)) < 0 ||
            (err = ydef_str(n, "number", file, true, &number, d)) < 0 ||
            (err = ydef_int(n, "level", file, 1, 2, &level, d)) < 0 ||
            (err = ydef_str(n, "weight", file, false, &weight, d)) < 0 ||
            (err = ydef_str(n, "operator", file, false, &op, d)) < 0)
                return err;
        if ((err = catalog_need(cat, id, d)) < 0)
                return err;
        struct profile_entry *e = arena_alloc(a, sizeof(*e));
        e->check = catalog_find(cat, id);
        if (!e->check) {
                diag_set(d, file, n->line, n->column, "unknown check \"%s\"", id);
                return -EINVAL;
        }
        if (!valid_number(number)) {
                diag_set(d, file, n->line, n->column, "invalid benchmark number \"%s\"", number);
                return -EINVAL;
        }
        for (size_t i = 0; i < p->n_entries; i++)
                if (p->entries[i]->check == e->check || streq(p->entries[i]->number, number)) {
                        diag_set(d, file, n->line, n->column, "check \"%s\" (%s) is listed twice",
                                 id, number);
                        return -EINVAL;
                }
        const struct section *s = section_of(secs, n_secs, number);
        if (!s) {
                diag_set(d, file, n->line, n->column, "no section holds number %s", number);
                return -EINVAL;
        }
        e->number = arena_strdup(a, number);
        e->section = arena_printf(a, "%s %s", s->id, s->title);
        e->level = (int)level;
        e->scored = true;
        e->weight = 1.0;
        if ((err = ydef_bool(n, "scored", file, &e->scored, d)) < 0)
                return err;
        if (weight && (parse_double(weight, &e->weight) < 0 || e->weight < 0 || e->weight > 1000)) {
                diag_set(d, file, n->line, n->column, "weight \"%s\" must be a number from 0 to 1000",
                         weight);
                return -EINVAL;
        }
        e->op = e->check->op;
        e->expected = e->check->expected;
        e->n_expected = e->check->n_expected;
        if (op) {
                e->op = op_from_string(op);
                if (e->op == _OP_INVALID || e->op == OP_MODE_AT_MOST || e->op == OP_OWNER ||
                    !probe_has_operator(e->check->probe) || e->check->probe == PROBE_FILE_MODE ||
                    e->check->probe == PROBE_FILE_OWNER) {
                        diag_set(d, file, n->line, n->column,
                                 "operator override \"%s\" does not fit check \"%s\"", op, id);
                        return -EINVAL;
                }
        }
        if (ynode_get(n, "expected")) {
                if ((err = check_parse_expected(n, file, a, &e->expected, &e->n_expected, d)) < 0)
                        return err;
                if (!probe_has_operator(e->check->probe)) {
                        diag_set(d, file, n->line, n->column, "check \"%s\" takes no expected value", id);
                        return -EINVAL;
                }
        }
        if (probe_has_operator(e->check->probe) && op_takes_expected(e->op) != (e->n_expected > 0)) {
                diag_set(d, file, n->line, n->column, "check \"%s\": operator %s %s", id,
                         op_to_string(e->op),
                         op_takes_expected(e->op) ? "needs an expected value" : "takes no expected value");
                return -EINVAL;
        }
        p->entries[p->n_entries++] = e;
        return 0;
}

int profile_parse(const struct ynode *root, const char *file, struct catalog *cat,
                  struct arena *a, struct profile **ret, struct diag *d)
{
        static const char *const keys[] = {"name", "title", "benchmark", "role", "sections",
                                           "checks", NULL};
        static const char *const roles[] = {"worker", "control-plane", "host"};
        const char *name, *title, *bench, *role;
        int err;
        if ((err = ydef_expect_map(root, file, "a profile", d)) < 0 ||
            (err = ydef_known_keys(root, keys, file, d)) < 0 ||
            (err = ydef_str(root, "name", file, true, &name, d)) < 0 ||
            (err = ydef_str(root, "title", file, true, &title, d)) < 0 ||
            (err = ydef_str(root, "benchmark", file, true, &bench, d)) < 0 ||
            (err = ydef_str(root, "role", file, true, &role, d)) < 0)
                return err;
        bool role_ok = false;
        for (size_t i = 0; i < ELEMENTSOF(roles); i++)
                role_ok |= streq(role, roles[i]);
        if (!role_ok) {
                const struct ynode *r = ynode_get(root, "role");
                diag_set(d, file, r->line, r->column,
                         "unknown role \"%s\" (worker, control-plane, host)", role);
                return -EINVAL;
        }
        const struct ynode *sn = ynode_get(root, "sections");
        const struct ynode *cn = ynode_get(root, "checks");
        if (!sn || sn->type != YNODE_SEQ || !cn || cn->type != YNODE_SEQ) {
                diag_set(d, file, root->line, root->column,
                         "a profile needs the lists \"sections\" and \"checks\"");
                return -EINVAL;
        }
        struct section *secs = arena_alloc(a, (sn->n + 1) * sizeof(*secs));
        static const char *const skeys[] = {"id", "title", NULL};
        for (size_t i = 0; i < sn->n; i++) {
                if ((err = ydef_expect_map(sn->items[i], file, "a section", d)) < 0 ||
                    (err = ydef_known_keys(sn->items[i], skeys, file, d)) < 0 ||
                    (err = ydef_str(sn->items[i], "id", file, true, &secs[i].id, d)) < 0 ||
                    (err = ydef_str(sn->items[i], "title", file, true, &secs[i].title, d)) < 0)
                        return err;
                if (!valid_number(secs[i].id)) {
                        diag_set(d, file, sn->items[i]->line, sn->items[i]->column,
                                 "invalid section id \"%s\"", secs[i].id);
                        return -EINVAL;
                }
        }
        struct profile *p = arena_alloc(a, sizeof(*p));
        p->name = arena_strdup(a, name);
        p->title = arena_strdup(a, title);
        p->benchmark = arena_strdup(a, bench);
        p->role = arena_strdup(a, role);
        p->file = arena_strdup(a, file);
        p->entries = arena_alloc(a, (cn->n + 1) * sizeof(*p->entries));
        for (size_t i = 0; i < cn->n; i++)
                if ((err = parse_entry(p, cn->items[i], secs, sn->n, file, cat, a, d)) < 0)
                        return err;
        *ret = p;
        return 0;
}

int profile_load(const char *dir, const char *name, struct catalog *cat, struct arena *a,
                 struct profile **ret, struct diag *d)
{
        const char *path = name;
        if (!strchr(name, '/') && !str_endswith(name, ".yaml"))
                path = arena_printf(a, "%s/%s.yaml", dir, name);
        char *buf;
        size_t len;
        int err = local_read_file(path, CHECK_MAX_FILE, a, &buf, &len);
        if (err == -ENOENT && path != name) {
                diag_set(d, path, 0, 0, "no profile named \"%s\" (see: nodeaudit profiles)", name);
                return err;
        }
        if (err < 0) {
                diag_set(d, path, 0, 0, "%s", rootfs_strerror(err));
                return err;
        }
        struct ynode *root;
        if ((err = ydoc_parse_definition(buf, len, path, a, &root, d)) < 0)
                return err;
        return profile_parse(root, path, cat, a, ret, d);
}

int profile_list(const char *dir, struct arena *a, char ***ret, size_t *ret_n)
{
        char **files;
        size_t n;
        int err = local_find_files(dir, ".yaml", a, &files, &n);
        if (err < 0)
                return err;
        for (size_t i = 0; i < n; i++) {
                const char *b = strrchr(files[i], '/');
                b = b ? b + 1 : files[i];
                files[i] = arena_strndup(a, b, strlen(b) - strlen(".yaml"));
        }
        *ret = files;
        *ret_n = n;
        return 0;
}

const struct profile_entry *profile_find(const struct profile *p, const char *id)
{
        for (size_t i = 0; i < p->n_entries; i++)
                if (streq(p->entries[i]->check->id, id) || streq(p->entries[i]->number, id))
                        return p->entries[i];
        return NULL;
}

int profile_merge(const struct profile *pa, const struct profile *pb, struct arena *a,
                  struct profile **ret, char **ret_error)
{
        struct profile *p = arena_alloc(a, sizeof(*p));
        p->name = arena_printf(a, "%s+%s", pa->name, pb->name);
        p->title = arena_printf(a, "%s, with %s", pa->title, pb->title);
        p->benchmark = arena_printf(a, "%s; %s", pa->benchmark, pb->benchmark);
        p->role = pa->role;
        p->file = pa->file;
        p->entries = arena_alloc(a, (pa->n_entries + pb->n_entries + 1) * sizeof(*p->entries));
        const struct profile *parts[] = {pa, pb};
        for (size_t k = 0; k < 2; k++)
                for (size_t i = 0; i < parts[k]->n_entries; i++) {
                        struct profile_entry *e = parts[k]->entries[i];
                        for (size_t j = 0; j < p->n_entries; j++)
                                if (p->entries[j]->check == e->check || streq(p->entries[j]->number, e->number)) {
                                        *ret_error = arena_printf(a, "%s and %s both have %s", pa->name,
                                                                  pb->name, e->number);
                                        return -EINVAL;
                                }
                        p->entries[p->n_entries++] = e;
                }
        *ret = p;
        return 0;
}

struct profile *profile_at_level(const struct profile *p, int max, struct arena *a)
{
        struct profile *q = arena_alloc(a, sizeof(*q));
        *q = *p;
        q->entries = arena_alloc(a, (p->n_entries + 1) * sizeof(*q->entries));
        q->n_entries = 0;
        for (size_t i = 0; i < p->n_entries; i++)
                if (p->entries[i]->level <= max)
                        q->entries[q->n_entries++] = p->entries[i];
        return q;
}

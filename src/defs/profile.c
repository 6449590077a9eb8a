/* profile: profile files, validated against the catalog (unknown checks are errors). */
#include "io/localfs.h"
#include "defs/profile.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "defs/fields.h"
#include "io/rootfs.h"
#include "parse/ydocpack.h"
#include "shared/strutil.h"

#define PROFILE_MAX_DEPTH 8

static int load_at_depth(const char *dir, const char *name, struct catalog *cat, struct arena *a,
                         struct profile **ret, struct diag *d, int depth);

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

static const struct profile_section *section_of(const struct profile_section *sections, size_t n,
                                                const char *number)
{
        const struct profile_section *best = NULL;
        for (size_t i = 0; i < n; i++) {
                size_t l = strlen(sections[i].id);
                if (strncmp(number, sections[i].id, l) == 0 && number[l] == '.' &&
                    (!best || l > strlen(best->id)))
                        best = &sections[i];
        }
        return best;
}

static int set_number(struct profile *p, struct profile_entry *e, const char *number,
                      const struct ynode *n, const char *file, struct arena *a, struct diag *d)
{
        if (!valid_number(number)) {
                return ydef_fail(d, file, n, "invalid benchmark number \"%s\"", number);
        }
        for (size_t i = 0; i < p->n_entries; i++)
                if (p->entries[i] != e && streq(p->entries[i]->number, number)) {
                        return ydef_fail(d, file, n, "number %s is already %s's", number,
                                 p->entries[i]->check->id);
                }
        const struct profile_section *s = section_of(p->sections, p->n_sections, number);
        if (!s) {
                return ydef_fail(d, file, n, "no section holds number %s", number);
        }
        e->number = arena_strdup(a, number);
        e->section = arena_printf(a, "%s %s", s->id, s->title);
        return 0;
}

/* One entry of "checks": a new one, or (INHERITED[i] set) a change to the
 * parent's entry for the same check. */
static int parse_entry(struct profile *p, const struct ynode *n, bool *inherited, const char *file,
                       struct catalog *cat, struct arena *a, struct diag *d)
{
        /* level, scored and expected change an inherited entry only where
         * given: the table says they may be there, and they are read below */
        struct fields {
                const char *id, *number, *weight, *op;
                const struct ynode *level, *scored, *expected;
        } f = {0};
        static const struct field table[] = {
                FIELD("id", FIELD_STR, true, struct fields, id),
                FIELD("number", FIELD_STR, false, struct fields, number),
                FIELD("level", FIELD_NODE, false, struct fields, level),
                FIELD("weight", FIELD_STR, false, struct fields, weight),
                FIELD("operator", FIELD_STR, false, struct fields, op),
                FIELD("scored", FIELD_NODE, false, struct fields, scored),
                FIELD("expected", FIELD_NODE, false, struct fields, expected),
        };
        int err = fields_read(n, table, ELEMENTSOF(table), "a profile entry", file, a, &f, d);
        if (err < 0)
                return err;
        const char *id = f.id, *number = f.number, *weight = f.weight, *op = f.op;
        long level = 1;
        if ((err = ydef_int(n, "level", file, 1, 2, &level, d)) < 0)
                return err;
        if ((err = catalog_need(cat, id, d)) < 0)
                return err;
        const struct check *chk = catalog_find(cat, id);
        if (!chk) {
                return ydef_fail(d, file, n, "unknown check \"%s\"", id);
        }
        struct profile_entry *e = NULL;
        for (size_t i = 0; i < p->n_entries; i++)
                if (p->entries[i]->check == chk) {
                        if (!inherited[i]) {
                                return ydef_fail(d, file, n, "check \"%s\" is listed twice", id);
                        }
                        inherited[i] = false; /* changed once: a second mention is a duplicate */
                        e = p->entries[i];
                }
        bool change = e != NULL;
        if (!change) {
                if (!number) {
                        return ydef_fail(d, file, n, "check \"%s\" needs a \"number\"", id);
                }
                e = arena_alloc(a, sizeof(*e));
                e->check = chk;
                e->level = 1;
                e->scored = true;
                e->weight = 1.0;
                e->op = chk->op;
                e->expected = chk->expected;
                e->n_expected = chk->n_expected;
        }
        if (number && (err = set_number(p, e, number, n, file, a, d)) < 0)
                return err;
        if (!change || f.level)
                e->level = (int)level;
        if ((err = ydef_bool(n, "scored", file, &e->scored, d)) < 0)
                return err;
        if (weight && (parse_double(weight, &e->weight) < 0 || e->weight < 0 || e->weight > 1000)) {
                return ydef_fail(d, file, n, "weight \"%s\" must be a number from 0 to 1000",
                         weight);
        }
        if (op) {
                e->op = op_from_string(op);
                if (e->op == _OP_INVALID || e->op == OP_MODE_AT_MOST || e->op == OP_OWNER ||
                    !probe_has_operator(chk->probe) || chk->probe == PROBE_FILE_MODE ||
                    chk->probe == PROBE_FILE_OWNER) {
                        return ydef_fail(d, file, n,
                                 "operator override \"%s\" does not fit check \"%s\"", op, id);
                }
        }
        if (f.expected) {
                if ((err = check_parse_expected(n, file, a, &e->expected, &e->n_expected, d)) < 0)
                        return err;
                if (!probe_has_operator(chk->probe)) {
                        return ydef_fail(d, file, n, "check \"%s\" takes no expected value", id);
                }
                unsigned mode;
                if (e->op == OP_MODE_AT_MOST &&
                    (e->n_expected != 1 || parse_mode(e->expected[0], &mode) < 0))
                        return ydef_fail(d, file, ynode_get(n, "expected"),
                                         "check \"%s\" expects one octal mode", id);
                if (e->op == OP_OWNER && (e->n_expected != 1 || !strchr(e->expected[0], ':')))
                        return ydef_fail(d, file, ynode_get(n, "expected"),
                                         "check \"%s\" expects one user:group", id);
        }
        if (probe_has_operator(chk->probe) && op_takes_expected(e->op) != (e->n_expected > 0)) {
                return ydef_fail(d, file, n, "check \"%s\": operator %s %s", id,
                         op_to_string(e->op),
                         op_takes_expected(e->op) ? "needs an expected value" : "takes no expected value");
        }
        if (!change) {
                inherited[p->n_entries] = false;
                p->entries[p->n_entries++] = e;
        }
        return 0;
}

/* Where "extends: NAME" points: beside FILE first, then in DIR. */
static const char *parent_path(const char *file, const char *dir, const char *name, struct arena *a)
{
        const char *slash = strrchr(file, '/');
        char *here = slash ? arena_strndup(a, file, (size_t)(slash - file)) : arena_strdup(a, ".");
        if (strchr(name, '/') || str_endswith(name, ".yaml"))
                return name[0] == '/' ? name : arena_printf(a, "%s/%s", here, name);
        char *beside = arena_printf(a, "%s/%s.yaml", here, name);
        if (access(beside, F_OK) == 0 || !dir)
                return beside;
        return arena_printf(a, "%s/%s.yaml", dir, name);
}

/* Benchmark order: an optional upper-case prefix ("H"), then the numbers
 * between the dots compared as numbers (4.2.9 before 4.2.10). */
static int cmp_number(const char *x, const char *y)
{
        size_t px = 0, py = 0;
        while (x[px] >= 'A' && x[px] <= 'Z')
                px++;
        while (y[py] >= 'A' && y[py] <= 'Z')
                py++;
        if (px != py || strncmp(x, y, px) != 0) {
                int c = strncmp(x, y, px < py ? px : py);
                return c ? c : (px < py ? -1 : 1);
        }
        x += px;
        y += py;
        while (*x && *y) {
                char *ex, *ey;
                unsigned long nx = strtoul(x, &ex, 10), ny = strtoul(y, &ey, 10);
                if (nx != ny)
                        return nx < ny ? -1 : 1;
                x = *ex == '.' ? ex + 1 : ex;
                y = *ey == '.' ? ey + 1 : ey;
        }
        return *x ? 1 : *y ? -1 : 0;
}

static void sort_entries(struct profile *p)
{
        /* insertion sort: stable, and profiles hold a few hundred entries at most */
        for (size_t i = 1; i < p->n_entries; i++) {
                struct profile_entry *e = p->entries[i];
                size_t j = i;
                while (j > 0 && cmp_number(p->entries[j - 1]->number, e->number) > 0) {
                        p->entries[j] = p->entries[j - 1];
                        j--;
                }
                p->entries[j] = e;
        }
}

/* "1.N" at *S: N, with *S moved past it; -1 when it is not there. */
static int minor_at(const char **s)
{
        const char *p = *s;
        if (p[0] != '1' || p[1] != '.' || p[2] < '0' || p[2] > '9')
                return -1;
        int m = 0;
        for (p += 2; *p >= '0' && *p <= '9'; p++)
                if ((m = m * 10 + (*p - '0')) > 999)
                        return -1;
        *s = p;
        return m;
}

/* "1.29-1.31", "1.28", "1.32-": the Kubernetes minor versions a benchmark covers. */
static int parse_k8s_range(const char *s, int *ret_min, int *ret_max)
{
        int lo = minor_at(&s), hi = lo;
        if (lo < 0)
                return -EINVAL;
        if (*s == '-') {
                s++;
                hi = *s ? minor_at(&s) : INT32_MAX;
                if (hi < lo)
                        return -EINVAL;
        }
        if (*s)
                return -EINVAL;
        *ret_min = lo;
        *ret_max = hi;
        return 0;
}

/* Adds PARENT's sections and entries to P: an entry for a check P already has
 * replaces it (a later parent wins), a new one is appended. */
static int inherit(struct profile *p, const struct profile *parent, bool *inherited,
                   const char *file, const struct ynode *at, struct arena *a, struct diag *d)
{
        for (size_t i = 0; i < parent->n_sections; i++) {
                size_t k = 0;
                while (k < p->n_sections && !streq(p->sections[k].id, parent->sections[i].id))
                        k++;
                p->sections[k] = parent->sections[i];
                if (k == p->n_sections)
                        p->n_sections++;
        }
        for (size_t i = 0; i < parent->n_entries; i++) {
                const struct profile_entry *pe = parent->entries[i];
                struct profile_entry *e = arena_alloc(a, sizeof(*e));
                *e = *pe; /* a copy: changing it leaves the parent alone */
                size_t k = 0;
                while (k < p->n_entries && p->entries[k]->check != pe->check)
                        k++;
                for (size_t j = 0; j < p->n_entries; j++)
                        if (j != k && streq(p->entries[j]->number, pe->number))
                                return ydef_fail(d, file, at, "%s has %s as %s, another parent as %s",
                                                 parent->name, pe->number, pe->check->id,
                                                 p->entries[j]->check->id);
                p->entries[k] = e;
                inherited[k] = true;
                if (k == p->n_entries)
                        p->n_entries++;
        }
        return 0;
}

static int parse_at_depth(const struct ynode *root, const char *file, const char *dir,
                          struct catalog *cat, struct arena *a, struct profile **ret,
                          struct diag *d, int depth)
{
        static const char *const roles[] = {"worker", "control-plane", "host", "state"};
        /* title, benchmark and role are required unless the profile extends
         * another (checked below); sections, checks and remove are read below */
        struct {
                struct field_list extends;
                const char *name, *title, *bench, *role, *k8s;
                const struct ynode *sections, *checks, *remove;
        } top = {0};
#define F(key, kind, req, member) FIELD(key, kind, req, __typeof__(top), member)
        const struct field top_table[] = {
                F("extends", FIELD_LIST, false, extends),
                F("name", FIELD_STR, true, name),
                F("title", FIELD_STR, false, title),
                F("benchmark", FIELD_STR, false, bench),
                F("role", FIELD_STR, false, role),
                F("kubernetes", FIELD_STR, false, k8s),
                F("sections", FIELD_NODE, false, sections),
                F("checks", FIELD_NODE, false, checks),
                F("remove", FIELD_NODE, false, remove),
        };
#undef F
        const char *name, *title, *bench, *role, *k8s;
        char **extends;
        size_t n_extends;
        int err;
        if ((err = ydef_expect_map(root, file, "a profile", d)) < 0 ||
            (err = fields_read(root, top_table, ELEMENTSOF(top_table), "a profile", file, a, &top,
                               d)) < 0)
                return err;
        extends = top.extends.v;
        n_extends = top.extends.n;
        const struct ynode *xn = ynode_get(root, "extends");
        if (xn && !n_extends)
                return ydef_fail(d, file, xn, "\"extends\" names no profile");
        if ((err = ydef_str(root, "name", file, true, &name, d)) < 0 ||
            (err = ydef_str(root, "title", file, !n_extends, &title, d)) < 0 ||
            (err = ydef_str(root, "benchmark", file, !n_extends, &bench, d)) < 0 ||
            (err = ydef_str(root, "role", file, !n_extends, &role, d)) < 0 ||
            (err = ydef_str(root, "kubernetes", file, false, &k8s, d)) < 0)
                return err;
        if (!xn)
                xn = root; /* not reached with parents: for the analyzers */
        struct profile **parents = arena_alloc(a, (n_extends + 1) * sizeof(*parents));
        size_t n_parent_secs = 0, n_parent = 0;
        for (size_t i = 0; i < n_extends; i++) {
                if (depth >= PROFILE_MAX_DEPTH) {
                        diag_set(d, file, xn->line, xn->column,
                                 "profiles extend each other more than %d deep (a cycle?)",
                                 PROFILE_MAX_DEPTH);
                        return -ELOOP;
                }
                const char *pp = parent_path(file, dir, extends[i], a);
                if (access(pp, F_OK) < 0) {
                        diag_set(d, file, xn->line, xn->column,
                                 "extends \"%s\": no profile of that name beside this file%s%s",
                                 extends[i], dir ? " or in " : "", dir ? dir : "");
                        return -ENOENT;
                }
                if ((err = load_at_depth(dir, pp, cat, a, &parents[i], d, depth + 1)) < 0)
                        return err;
                n_parent_secs += parents[i]->n_sections;
                n_parent += parents[i]->n_entries;
        }
        if (n_extends) {
                title = title ? title : parents[0]->title;
                bench = bench ? bench : parents[0]->benchmark;
                role = role ? role : parents[0]->role;
        } else if (ynode_get(root, "remove")) {
                const struct ynode *x = ynode_get(root, "remove");
                return ydef_fail(d, file, x, "\"remove\" needs \"extends\"");
        }
        bool role_ok = false;
        for (size_t i = 0; i < ELEMENTSOF(roles); i++)
                role_ok |= streq(role, roles[i]);
        if (!role_ok) {
                const struct ynode *r = ynode_get(root, "role");
                diag_set(d, file, r ? r->line : root->line, r ? r->column : root->column,
                         "unknown role \"%s\" (worker, control-plane, host, state)", role);
                return -EINVAL;
        }
        const struct ynode *sn = ynode_get(root, "sections");
        const struct ynode *cn = ynode_get(root, "checks");
        if ((!n_extends && (!sn || !cn)) || (sn && sn->type != YNODE_SEQ) ||
            (cn && cn->type != YNODE_SEQ)) {
                return ydef_fail(d, file, root,
                         n_extends ? "\"sections\" and \"checks\" must be lists"
                                   : "a profile needs the lists \"sections\" and \"checks\"");
        }
        struct profile *p = arena_alloc(a, sizeof(*p));
        if (k8s && parse_k8s_range(k8s, &p->k8s_min, &p->k8s_max) < 0)
                return ydef_fail(d, file, ynode_get(root, "kubernetes"),
                                 "kubernetes \"%s\": give the minor versions covered, as 1.29-1.31, "
                                 "1.28 or 1.32-", k8s);
        p->k8s_range = k8s ? arena_strdup(a, k8s) : NULL;
        size_t n_secs = sn ? sn->n : 0;
        p->sections = arena_alloc(a, (n_parent_secs + n_secs + 1) * sizeof(*p->sections));
        size_t n_new = cn ? cn->n : 0;
        p->entries = arena_alloc(a, (n_parent + n_new + 1) * sizeof(*p->entries));
        bool *inherited = arena_alloc(a, (n_parent + n_new + 1) * sizeof(*inherited));
        for (size_t i = 0; i < n_extends; i++)
                if ((err = inherit(p, parents[i], inherited, file, xn, a, d)) < 0)
                        return err;
        static const struct field section_table[] = {
                FIELD("id", FIELD_STR, true, struct profile_section, id),
                FIELD("title", FIELD_STR, true, struct profile_section, title),
        };
        for (size_t i = 0; i < n_secs; i++) {
                struct profile_section sec = {0};
                if ((err = fields_read(sn->items[i], section_table, ELEMENTSOF(section_table),
                                       "a section", file, a, &sec, d)) < 0)
                        return err;
                if (!valid_number(sec.id)) {
                        return ydef_fail(d, file, sn->items[i],
                                 "invalid section id \"%s\"", sec.id);
                }
                size_t k = 0;
                while (k < p->n_sections && !streq(p->sections[k].id, sec.id))
                        k++;
                p->sections[k] = sec; /* a parent's section of the same id is retitled */
                if (k == p->n_sections)
                        p->n_sections++;
        }
        p->name = arena_strdup(a, name);
        p->title = arena_strdup(a, title);
        p->benchmark = arena_strdup(a, bench);
        p->role = arena_strdup(a, role);
        p->file = arena_strdup(a, file);
        p->extends = n_extends ? str_join(a, extends, n_extends, ", ") : NULL;
        char **removes = NULL;
        size_t n_removes = 0;
        if ((err = ydef_strlist(root, "remove", file, a, &removes, &n_removes, d)) < 0)
                return err;
        for (size_t r = 0; r < n_removes; r++) {
                size_t i = 0;
                while (i < p->n_entries && !streq(p->entries[i]->check->id, removes[r]) &&
                       !streq(p->entries[i]->number, removes[r]))
                        i++;
                if (i == p->n_entries) {
                        const struct ynode *x = ynode_get(root, "remove");
                        return ydef_fail(d, file, x, "removes \"%s\", which %s does not have",
                                 removes[r], p->extends);
                }
                memmove(&p->entries[i], &p->entries[i + 1], (p->n_entries - i - 1) * sizeof(*p->entries));
                memmove(&inherited[i], &inherited[i + 1], (p->n_entries - i - 1) * sizeof(*inherited));
                p->n_entries--;
        }
        for (size_t i = 0; i < n_new; i++)
                if ((err = parse_entry(p, cn->items[i], inherited, file, cat, a, d)) < 0)
                        return err;
        if (n_extends)
                sort_entries(p);
        *ret = p;
        return 0;
}

int profile_parse(const struct ynode *root, const char *file, struct catalog *cat,
                  struct arena *a, struct profile **ret, struct diag *d)
{
        return parse_at_depth(root, file, NULL, cat, a, ret, d, 0);
}

static int load_at_depth(const char *dir, const char *name, struct catalog *cat, struct arena *a,
                         struct profile **ret, struct diag *d, int depth)
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
        return parse_at_depth(root, path, dir, cat, a, ret, d, depth);
}

int profile_load(const char *dir, const char *name, struct catalog *cat, struct arena *a,
                 struct profile **ret, struct diag *d)
{
        return load_at_depth(dir, name, cat, a, ret, d, 0);
}

int profile_list(const char *dir, struct arena *a, char ***ret, size_t *ret_n)
{
        char **files;
        size_t n;
        int err = local_find_files(dir, ".yaml", a, &files, &n);
        if (err < 0)
                return err;
        size_t k = 0, dl = strlen(dir);
        for (size_t i = 0; i < n; i++) {
                const char *b = strrchr(files[i], '/');
                if (b && (size_t)(b - files[i]) != dl)
                        continue; /* in a subdirectory (distributions/): not a profile */
                b = b ? b + 1 : files[i];
                files[k++] = arena_strndup(a, b, strlen(b) - strlen(".yaml"));
        }
        *ret = files;
        *ret_n = k;
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

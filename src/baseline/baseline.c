/* baseline: a record of the node's critical files, and what changed since. */
#include "baseline/baseline.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "defs/catalog.h"
#include "io/localfs.h"
#include "io/passwd.h"
#include "io/rootfs.h"
#include "shared/strutil.h"

/* ---- the file ---- */

static void put_escaped(FILE *f, const char *s)
{
        for (const unsigned char *p = (const unsigned char *)s; *p; p++)
                if (*p <= ' ' || *p >= 0x7f || *p == '\\')
                        fprintf(f, "\\%03o", *p);
                else
                        fputc(*p, f);
}

int baseline_write(FILE *f, const struct baseline *b)
{
        fprintf(f, "# nodeaudit baseline v1\n# root ");
        put_escaped(f, b->root);
        fprintf(f, "\n# saved %s\n# TYPE MODE UID GID SIZE SHA256|TARGET PATH\n", b->saved_at);
        for (size_t i = 0; i < b->n; i++) {
                const struct baseline_entry *e = &b->items[i];
                fprintf(f, "%c %04o %u %u ", e->type, e->mode, e->uid, e->gid);
                if (e->type == 'f')
                        fprintf(f, "%llu %s ", (unsigned long long)e->size, e->sha256 ? e->sha256 : "-");
                else if (e->type == 'l') {
                        fputs("- ", f);
                        put_escaped(f, e->target);
                        fputc(' ', f);
                } else
                        fputs("- - ", f);
                put_escaped(f, e->path);
                fputc('\n', f);
        }
        return ferror(f) ? -EIO : 0;
}

static char *unescape(const char *s, struct arena *a)
{
        char *out = arena_alloc(a, strlen(s) + 1), *o = out;
        for (const char *p = s; *p; p++) {
                if (*p != '\\') {
                        *o++ = *p;
                        continue;
                }
                if (p[1] < '0' || p[1] > '3' || p[2] < '0' || p[2] > '7' || p[3] < '0' || p[3] > '7')
                        return NULL;
                int v = (p[1] - '0') * 64 + (p[2] - '0') * 8 + (p[3] - '0');
                if (v == 0)
                        return NULL;
                *o++ = (char)v;
                p += 3;
        }
        *o = '\0';
        return out;
}

static bool is_hex64(const char *s)
{
        if (strlen(s) != 64)
                return false;
        for (const char *p = s; *p; p++)
                if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
                        return false;
        return true;
}

static int fail_at(struct diag *d, const char *file, unsigned line, const char *what)
{
        diag_set(d, file, line, 0, "%s", what);
        return -EINVAL;
}

int baseline_parse(const char *text, size_t len, const char *file, struct arena *a,
                   struct baseline **ret, struct diag *d)
{
        struct baseline *b = arena_alloc(a, sizeof(*b));
        size_t cap = 0;
        unsigned line = 0;
        const char *p = text, *end = text + len;
        if (memchr(text, '\0', len))
                return fail_at(d, file, 1, "a NUL byte: not a baseline file");
        while (p < end) {
                const char *nl = memchr(p, '\n', (size_t)(end - p));
                const char *eol = nl ? nl : end;
                char *l = arena_strndup(a, p, (size_t)(eol - p));
                p = nl ? nl + 1 : end;
                line++;
                if (line == 1) {
                        if (!streq(l, "# nodeaudit baseline v1"))
                                return fail_at(d, file, line, "not a nodeaudit baseline (the first line "
                                                              "is \"# nodeaudit baseline v1\")");
                        continue;
                }
                if (!*l)
                        continue;
                if (l[0] == '#') {
                        if (strncmp(l, "# root ", 7) == 0)
                                b->root = unescape(l + 7, a);
                        else if (strncmp(l, "# saved ", 8) == 0)
                                b->saved_at = arena_strdup(a, l + 8);
                        continue;
                }
                if (strstr(l, "  ") || l[0] == ' ' || str_endswith(l, " "))
                        return fail_at(d, file, line, "fields are separated by one space");
                char **f;
                size_t nf = str_split(a, l, ' ', &f);
                if (nf != 7)
                        return fail_at(d, file, line, "an entry has 7 fields: TYPE MODE UID GID SIZE "
                                                      "SHA256|TARGET PATH");
                struct baseline_entry e = {0};
                int64_t v;
                unsigned mode;
                if (strlen(f[0]) != 1 || !strchr("fdlo", f[0][0]))
                        return fail_at(d, file, line, "TYPE is f, d, l or o");
                e.type = f[0][0];
                if (strlen(f[1]) != 4 || parse_mode(f[1], &mode) < 0)
                        return fail_at(d, file, line, "MODE is four octal digits");
                e.mode = mode;
                if (parse_int64(f[2], &v) < 0 || v < 0 || v > UINT32_MAX)
                        return fail_at(d, file, line, "UID is a number");
                e.uid = (unsigned)v;
                if (parse_int64(f[3], &v) < 0 || v < 0 || v > UINT32_MAX)
                        return fail_at(d, file, line, "GID is a number");
                e.gid = (unsigned)v;
                if (e.type == 'f') {
                        if (parse_int64(f[4], &v) < 0 || v < 0)
                                return fail_at(d, file, line, "SIZE of a file is a number");
                        e.size = (uint64_t)v;
                        if (!streq(f[5], "-") && !is_hex64(f[5]))
                                return fail_at(d, file, line, "SHA256 is 64 lower-case hex digits or -");
                        e.sha256 = streq(f[5], "-") ? NULL : f[5];
                } else {
                        if (!streq(f[4], "-"))
                                return fail_at(d, file, line, "SIZE is - for anything but a file");
                        if (e.type == 'l' && !(e.target = unescape(f[5], a)))
                                return fail_at(d, file, line, "TARGET has a bad escape");
                        if (e.type != 'l' && !streq(f[5], "-"))
                                return fail_at(d, file, line, "SHA256 is - for anything but a file");
                }
                e.path = unescape(f[6], a);
                if (!e.path || e.path[0] != '/')
                        return fail_at(d, file, line, "PATH is absolute, with \\ooo escapes only");
                if (b->n && strcmp(b->items[b->n - 1].path, e.path) >= 0)
                        return fail_at(d, file, line, "paths are sorted and each is listed once");
                if (b->n >= BASELINE_MAX_ENTRIES)
                        return fail_at(d, file, line, "too many entries");
                b->items = arena_grow_items(a, b->items, b->n, &cap, sizeof(*b->items));
                b->items[b->n++] = e;
        }
        if (line == 0)
                return fail_at(d, file, 1, "empty: not a baseline file");
        if (!b->root)
                b->root = arena_strdup(a, "?");
        if (!b->saved_at)
                b->saved_at = arena_strdup(a, "?");
        *ret = b;
        return 0;
}

int baseline_load(const char *path, struct arena *a, struct baseline **ret, struct diag *d)
{
        char *buf;
        size_t len;
        int err = localfs_read(path, BASELINE_MAX_FILE, a, &buf, &len, d);
        return err < 0 ? err : baseline_parse(buf, len, path, a, ret, d);
}

/* ---- the comparison ---- */

static const char *const change_names[_CHANGE_MAX] = {
        [CHANGE_CREATED] = "created", [CHANGE_REMOVED] = "removed", [CHANGE_RENAMED] = "renamed",
        [CHANGE_MODIFIED] = "modified", [CHANGE_MODE] = "mode",     [CHANGE_OWNER] = "owner",
};

const char *change_kind_to_string(enum change_kind k)
{
        return k >= 0 && k < _CHANGE_MAX ? change_names[k] : "?";
}

const char *baseline_type_word(char t)
{
        return t == 'f' ? "file" : t == 'd' ? "directory" : t == 'l' ? "symlink" : "special file";
}

static char *owner_text(const struct idmap *ids, unsigned uid, unsigned gid, struct arena *a)
{
        const char *u = ids ? idmap_user_name(ids, uid) : NULL;
        const char *g = ids ? idmap_group_name(ids, gid) : NULL;
        return arena_printf(a, "%s:%s", u ? u : arena_printf(a, "%u", uid),
                            g ? g : arena_printf(a, "%u", gid));
}

static void add(struct baseline_diff *d, size_t *cap, struct arena *a, enum change_kind k,
                const struct baseline_entry *was, const struct baseline_entry *now, char *detail)
{
        d->items = arena_grow_items(a, d->items, d->n, cap, sizeof(*d->items));
        d->items[d->n++] = (struct change){.kind = k, .was = was, .now = now, .detail = detail};
        d->counts[k]++;
}

/* Mode (not a symlink's, which means nothing) and owner. */
static void compare_attributes(struct baseline_diff *d, size_t *cap, const struct baseline_entry *w,
                               const struct baseline_entry *n, const struct idmap *ids,
                               struct arena *a)
{
        if (w->mode != n->mode && w->type != 'l')
                add(d, cap, a, CHANGE_MODE, w, n, arena_printf(a, "%04o -> %04o", w->mode, n->mode));
        if (w->uid != n->uid || w->gid != n->gid)
                add(d, cap, a, CHANGE_OWNER, w, n,
                    arena_printf(a, "%s -> %s", owner_text(ids, w->uid, w->gid, a),
                                 owner_text(ids, n->uid, n->gid, a)));
}

static void compare_one(struct baseline_diff *d, size_t *cap, const struct baseline_entry *w,
                        const struct baseline_entry *n, const struct idmap *ids, struct arena *a)
{
        if (w->type != n->type) {
                add(d, cap, a, CHANGE_MODIFIED, w, n,
                    arena_printf(a, "a %s, now a %s", baseline_type_word(w->type), baseline_type_word(n->type)));
                return;
        }
        if (w->type == 'f' && w->sha256 && n->sha256 && !streq(w->sha256, n->sha256))
                add(d, cap, a, CHANGE_MODIFIED, w, n,
                    arena_printf(a, "content, %llu -> %llu bytes", (unsigned long long)w->size,
                                 (unsigned long long)n->size));
        else if (w->type == 'f' && (!w->sha256 || !n->sha256) && w->size != n->size)
                add(d, cap, a, CHANGE_MODIFIED, w, n,
                    arena_printf(a, "size, %llu -> %llu bytes (content unread)",
                                 (unsigned long long)w->size, (unsigned long long)n->size));
        if (w->type == 'l' && !streq(w->target, n->target))
                add(d, cap, a, CHANGE_MODIFIED, w, n,
                    arena_printf(a, "target, %s -> %s", w->target, n->target));
        compare_attributes(d, cap, w, n, ids, a);
}

static int cmp_inode(const void *x, const void *y)
{
        const struct baseline_entry *a = *(const struct baseline_entry *const *)x;
        const struct baseline_entry *b = *(const struct baseline_entry *const *)y;
        if (a->dev != b->dev)
                return a->dev < b->dev ? -1 : 1;
        if (a->ino != b->ino)
                return a->ino < b->ino ? -1 : 1;
        return strcmp(a->path, b->path);
}

/* The files of NOW with more than one name, by device and inode. */
static const struct baseline_entry **linked_files(const struct baseline *now, struct arena *a,
                                                  size_t *ret_n)
{
        const struct baseline_entry **v = arena_alloc(a, (now->n + 1) * sizeof(*v));
        size_t n = 0;
        for (size_t i = 0; i < now->n; i++)
                if (now->items[i].type == 'f' && now->items[i].nlink > 1)
                        v[n++] = &now->items[i];
        qsort(v, n, sizeof(*v), cmp_inode);
        *ret_n = n;
        return v;
}

static bool in_baseline(const struct baseline *b, const char *path)
{
        size_t lo = 0, hi = b->n;
        while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                int c = strcmp(b->items[mid].path, path);
                if (!c)
                        return true;
                if (c < 0)
                        lo = mid + 1;
                else
                        hi = mid;
        }
        return false;
}

/* ", hard link to X" for a created file that is another name of a critical
 * file (one that was recorded before, if any), or of a file elsewhere. */
static char *link_text(const struct baseline_entry *e, const struct baseline *was,
                       const struct baseline_entry **linked, size_t n_linked, struct arena *a)
{
        if (e->type != 'f' || e->nlink < 2)
                return "";
        size_t lo = 0, hi = n_linked;
        while (lo < hi) { /* the first of E's inode */
                size_t mid = lo + (hi - lo) / 2;
                const struct baseline_entry *m = linked[mid];
                if (m->dev < e->dev || (m->dev == e->dev && m->ino < e->ino))
                        lo = mid + 1;
                else
                        hi = mid;
        }
        const struct baseline_entry *other = NULL;
        size_t names = 0;
        for (size_t i = lo; i < n_linked && linked[i]->dev == e->dev && linked[i]->ino == e->ino; i++) {
                if (linked[i] == e)
                        continue;
                names++;
                if (!other || (!in_baseline(was, other->path) && in_baseline(was, linked[i]->path)))
                        other = linked[i];
        }
        uint64_t elsewhere = e->nlink - 1 > names ? e->nlink - 1 - names : 0;
        if (!other)
                return arena_printf(a, ", a hard link (%llu other name%s, none of them a critical file)",
                                    (unsigned long long)elsewhere, elsewhere == 1 ? "" : "s");
        uint64_t others = (uint64_t)names + elsewhere;
        return arena_printf(a, ", hard link to %s%s", other->path,
                            others > 1 ? arena_printf(a, " (%llu other names in all)",
                                                      (unsigned long long)others)
                                       : "");
}

struct baseline_diff *baseline_compare(const struct baseline *was, const struct baseline *now,
                                       const struct idmap *ids, struct arena *a)
{
        struct baseline_diff *d = arena_alloc(a, sizeof(*d));
        size_t cap = 0, i = 0, j = 0;
        /* removed and created first, to pair the renames among them */
        const struct baseline_entry **gone = arena_alloc(a, (was->n + 1) * sizeof(*gone));
        const struct baseline_entry **born = arena_alloc(a, (now->n + 1) * sizeof(*born));
        size_t n_gone = 0, n_born = 0;
        while (i < was->n || j < now->n) {
                int c = i == was->n ? 1 : j == now->n ? -1 : strcmp(was->items[i].path, now->items[j].path);
                if (c < 0)
                        gone[n_gone++] = &was->items[i++];
                else if (c > 0)
                        born[n_born++] = &now->items[j++];
                else
                        compare_one(d, &cap, &was->items[i++], &now->items[j++], ids, a);
        }
        bool *paired = arena_alloc(a, n_born + 1);
        for (size_t g = 0; g < n_gone; g++) {
                const struct baseline_entry *w = gone[g];
                size_t match = n_born;
                for (size_t k = 0; w->type == 'f' && w->sha256 && k < n_born && match == n_born; k++)
                        if (!paired[k] && born[k]->type == 'f' && born[k]->sha256 &&
                            streq(born[k]->sha256, w->sha256))
                                match = k;
                if (match < n_born) {
                        paired[match] = true;
                        add(d, &cap, a, CHANGE_RENAMED, w, born[match],
                            arena_printf(a, "%s -> %s", w->path, born[match]->path));
                        compare_attributes(d, &cap, w, born[match], ids, a);
                } else {
                        add(d, &cap, a, CHANGE_REMOVED, w, NULL,
                            arena_printf(a, "a %s", baseline_type_word(w->type)));
                }
        }
        size_t n_linked;
        const struct baseline_entry **linked = linked_files(now, a, &n_linked);
        for (size_t k = 0; k < n_born; k++)
                if (!paired[k])
                        add(d, &cap, a, CHANGE_CREATED, NULL, born[k],
                            born[k]->type == 'f'
                                    ? arena_printf(a, "a file, %04o %s, %llu bytes%s", born[k]->mode,
                                                   owner_text(ids, born[k]->uid, born[k]->gid, a),
                                                   (unsigned long long)born[k]->size,
                                                   link_text(born[k], was, linked, n_linked, a))
                                    : arena_printf(a, "a %s, %04o %s", baseline_type_word(born[k]->type),
                                                   born[k]->mode,
                                                   owner_text(ids, born[k]->uid, born[k]->gid, a)));
        return d;
}

/* passwd: a bounded parser for the node's passwd and group files. */
#include "io/passwd.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "shared/strutil.h"

#define IDMAP_MAX_ENTRIES 100000

struct ident {
        char *name;
        uint32_t id;
};

struct idtable {
        struct ident **items;
        size_t n, cap;
};

struct idmap {
        struct arena *arena;
        struct idtable users, groups;
};

struct idmap *idmap_new(struct arena *a)
{
        struct idmap *m = arena_alloc(a, sizeof(*m));
        m->arena = a;
        return m;
}

int idmap_parse(struct idmap *m, bool group, const char *text, size_t len)
{
        struct idtable *t = group ? &m->groups : &m->users;
        const char *p = text, *end = text + len;
        while (p < end) {
                const char *nl = memchr(p, '\n', (size_t)(end - p));
                const char *le = nl ? nl : end;
                /* name:passwd:id:... — skip comments, NIS "+" lines and junk */
                const char *c1 = memchr(p, ':', (size_t)(le - p));
                const char *c2 = c1 ? memchr(c1 + 1, ':', (size_t)(le - c1 - 1)) : NULL;
                if (c1 && c2 && c1 > p && *p != '#' && *p != '+' && *p != '-') {
                        const char *c3 = memchr(c2 + 1, ':', (size_t)(le - c2 - 1));
                        const char *idend = c3 ? c3 : le;
                        char num[16];
                        size_t nlen = (size_t)(idend - c2 - 1);
                        uint64_t id;
                        if (nlen > 0 && nlen < sizeof(num)) {
                                memcpy(num, c2 + 1, nlen);
                                num[nlen] = '\0';
                                if (parse_uint64(num, &id) == 0 && id <= UINT32_MAX) {
                                        if (t->n >= IDMAP_MAX_ENTRIES)
                                                return -E2BIG;
                                        struct ident *e = arena_alloc(m->arena, sizeof(*e));
                                        e->name = arena_strndup(m->arena, p, (size_t)(c1 - p));
                                        e->id = (uint32_t)id;
                                        t->items = (struct ident **)arena_grow(
                                                m->arena, (void **)t->items, t->n, &t->cap);
                                        t->items[t->n++] = e;
                                }
                        }
                }
                p = nl ? nl + 1 : end;
        }
        return 0;
}

int idmap_load(struct rootfs *root, struct arena *a, struct idmap **ret)
{
        struct idmap *m = idmap_new(a);
        static const char *const files[] = {"/etc/passwd", "/etc/group"};
        for (size_t i = 0; i < ELEMENTSOF(files); i++) {
                char *buf;
                size_t len;
                int err = rootfs_read_file(root, files[i], ROOTFS_MAX_CONFIG, a, &buf, &len);
                if (err == -ENOENT)
                        continue;
                if (err < 0)
                        return err;
                err = idmap_parse(m, i == 1, buf, len);
                if (err < 0)
                        return err;
        }
        *ret = m;
        return 0;
}

static const char *by_id(const struct idtable *t, uint32_t id)
{
        for (size_t i = 0; i < t->n; i++)
                if (t->items[i]->id == id)
                        return t->items[i]->name; /* first entry wins, as getpwuid */
        return NULL;
}

static int by_name(const struct idtable *t, const char *name, uint32_t *ret)
{
        for (size_t i = 0; i < t->n; i++)
                if (streq(t->items[i]->name, name)) {
                        *ret = t->items[i]->id;
                        return 0;
                }
        return -ENOENT;
}

const char *idmap_user_name(const struct idmap *m, uid_t uid)
{
        return by_id(&m->users, uid);
}

const char *idmap_group_name(const struct idmap *m, gid_t gid)
{
        return by_id(&m->groups, gid);
}

int idmap_user_id(const struct idmap *m, const char *name, uid_t *ret)
{
        uint32_t id;
        int err = by_name(&m->users, name, &id);
        if (err == 0)
                *ret = id;
        return err;
}

int idmap_group_id(const struct idmap *m, const char *name, gid_t *ret)
{
        uint32_t id;
        int err = by_name(&m->groups, name, &id);
        if (err == 0)
                *ret = id;
        return err;
}

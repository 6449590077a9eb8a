/* ydocpack: embedded trees of the shipped definition files (see ydocpack.h). */
#include "parse/ydocpack.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

uint64_t ydoc_hash(const void *buf, size_t len)
{
        /* FNV-1a: only picks the candidate; the texts are then compared whole. */
        const unsigned char *p = buf;
        uint64_t h = 0xcbf29ce484222325ULL;
        for (size_t i = 0; i < len; i++) {
                h ^= p[i];
                h *= 0x100000001b3ULL;
        }
        return h;
}

static int put(unsigned char **buf, size_t *len, size_t *cap, const void *data, size_t n)
{
        if (*len + n > *cap) {
                size_t ncap = *cap ? *cap * 2 : 4096;
                while (ncap < *len + n)
                        ncap *= 2;
                unsigned char *nb = realloc(*buf, ncap);
                if (!nb)
                        return -ENOMEM;
                *buf = nb;
                *cap = ncap;
        }
        memcpy(*buf + *len, data, n);
        *len += n;
        return 0;
}

static int put_varint(unsigned char **buf, size_t *len, size_t *cap, uint64_t v)
{
        unsigned char b[10];
        size_t n = 0;
        do {
                b[n] = (unsigned char)(v & 0x7f);
                v >>= 7;
                if (v)
                        b[n] |= 0x80;
                n++;
        } while (v);
        return put(buf, len, cap, b, n);
}

int ydoc_pack(const struct ynode *n, unsigned char **buf, size_t *len, size_t *cap)
{
        unsigned char tag = (unsigned char)(n->type | (n->plain ? 4 : 0));
        int err;
        if ((err = put(buf, len, cap, &tag, 1)) < 0 || (err = put_varint(buf, len, cap, n->line)) < 0 ||
            (err = put_varint(buf, len, cap, n->column)) < 0)
                return err;
        if (n->type == YNODE_SCALAR) {
                if ((err = put_varint(buf, len, cap, n->len)) < 0)
                        return err;
                return put(buf, len, cap, n->value, n->len);
        }
        if ((err = put_varint(buf, len, cap, n->n)) < 0)
                return err;
        for (size_t i = 0; i < n->n; i++) {
                if (n->type == YNODE_MAP && (err = ydoc_pack(n->keys[i], buf, len, cap)) < 0)
                        return err;
                if ((err = ydoc_pack(n->items[i], buf, len, cap)) < 0)
                        return err;
        }
        return 0;
}

const struct ydoc_packed *ydoc_packed_find(const char *buf, size_t len)
{
        uint64_t h = 0;
        bool hashed = false;
        for (size_t i = 0; i < ydoc_n_packed_docs; i++) {
                const struct ydoc_packed *p = &ydoc_packed_docs[i];
                if (p->len != len)
                        continue;
                if (!hashed) {
                        h = ydoc_hash(buf, len);
                        hashed = true;
                }
                if (p->hash == h && memcmp(p->text, buf, len) == 0)
                        return p;
        }
        return NULL;
}

struct reader {
        const unsigned char *p, *end;
        struct arena *a;
};

static int get_varint(struct reader *r, uint64_t *ret)
{
        uint64_t v = 0;
        for (unsigned shift = 0; shift < 64; shift += 7) {
                if (r->p >= r->end)
                        return -EINVAL;
                unsigned char b = *r->p++;
                v |= (uint64_t)(b & 0x7f) << shift;
                if (!(b & 0x80)) {
                        *ret = v;
                        return 0;
                }
        }
        return -EINVAL;
}

static int get_node(struct reader *r, unsigned depth, struct ynode **ret)
{
        if (r->p >= r->end || depth > YDOC_MAX_DEPTH)
                return -EINVAL;
        unsigned char tag = *r->p++;
        struct ynode *n = arena_alloc(r->a, sizeof(*n));
        n->type = (enum ynode_type)(tag & 3);
        n->plain = tag & 4;
        uint64_t line, column, count;
        int err;
        if (n->type > YNODE_SEQ || get_varint(r, &line) < 0 || get_varint(r, &column) < 0 ||
            get_varint(r, &count) < 0)
                return -EINVAL;
        n->line = (unsigned)line;
        n->column = (unsigned)column;
        if (n->type == YNODE_SCALAR) {
                if (count > (uint64_t)(r->end - r->p))
                        return -EINVAL;
                n->value = arena_strndup(r->a, (const char *)r->p, count);
                n->len = count;
                r->p += count;
                *ret = n;
                return 0;
        }
        if (count > (uint64_t)(r->end - r->p))
                return -EINVAL; /* every child takes a byte at least */
        n->n = count;
        n->items = arena_alloc(r->a, (count + 1) * sizeof(*n->items));
        if (n->type == YNODE_MAP)
                n->keys = arena_alloc(r->a, (count + 1) * sizeof(*n->keys));
        for (size_t i = 0; i < count; i++) {
                if (n->type == YNODE_MAP && (err = get_node(r, depth + 1, &n->keys[i])) < 0)
                        return err;
                if ((err = get_node(r, depth + 1, &n->items[i])) < 0)
                        return err;
        }
        *ret = n;
        return 0;
}

int ydoc_unpack(const unsigned char *tree, size_t len, struct arena *a, struct ynode **ret)
{
        struct reader r = {.p = tree, .end = tree + len, .a = a};
        int err = get_node(&r, 0, ret);
        if (err == 0 && r.p != r.end)
                err = -EINVAL;
        return err;
}

int ydoc_parse_definition(const char *buf, size_t len, const char *file, struct arena *a,
                          struct ynode **ret, struct diag *d)
{
        const struct ydoc_packed *p = ydoc_packed_find(buf, len);
        if (p && ydoc_unpack(p->tree, p->tree_len, a, ret) == 0)
                return 0;
        return ydoc_parse(buf, len, file, a, ret, d);
}

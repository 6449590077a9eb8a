/* modindex: kmod's binary module indexes, read from a buffer; nothing trusted but the bounds. */
#include "parse/modindex.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdbool.h>
#include <string.h>

#include "shared/arena.h"

/* The format (kmod's libkmod-index.c): big-endian words; a header of magic,
 * version and the root's offset word. An offset word's high nibble says which
 * parts its node has: a NUL-terminated prefix (the arc's remaining
 * characters), a child range [first, last] with one offset word a character,
 * and values (a count, then priority word and NUL-terminated string each). */
#define INDEX_MAGIC 0xB007F457u
#define INDEX_VERSION_MAJOR 0x0002u
#define NODE_PREFIX 0x80000000u
#define NODE_VALUES 0x40000000u
#define NODE_CHILDS 0x20000000u
#define NODE_MASK 0x0FFFFFFFu
#define CHILD_MAX 128 /* depmod writes arcs for 7-bit characters only */

struct node {
        const char *prefix;
        unsigned first, last; /* first > last: no children */
        size_t children;      /* offset of the child words */
        size_t values;        /* offset of the first value record */
        uint32_t n_values;
};

struct value {
        const char *s;
        uint32_t priority;
};

struct search {
        const struct modindex *idx;
        size_t budget; /* nodes that may still be read: a cycle or a shared subtree ends here */
        struct value *out;
        size_t n_out, cap_out;
        struct arena *a;
        char pattern[MODINDEX_MAX_KEY + 1]; /* the key from its first wildcard on */
        size_t plen;
};

static int read_word(const struct modindex *idx, size_t off, uint32_t *ret)
{
        if (off > idx->len || idx->len - off < 4)
                return -EBADMSG;
        const unsigned char *p = idx->buf + off;
        *ret = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
        return 0;
}

/* The NUL-terminated string at OFF; *RET_END is the offset past its NUL. */
static int read_string(const struct modindex *idx, size_t off, const char **ret, size_t *ret_end)
{
        if (off >= idx->len)
                return -EBADMSG;
        const unsigned char *nul = memchr(idx->buf + off, '\0', idx->len - off);
        if (!nul)
                return -EBADMSG;
        *ret = (const char *)idx->buf + off;
        *ret_end = (size_t)(nul - idx->buf) + 1;
        return 0;
}

int modindex_open(const void *buf, size_t len, struct modindex *ret)
{
        struct modindex idx = {buf, len, 0};
        uint32_t magic, version, root;
        if (read_word(&idx, 0, &magic) < 0 || read_word(&idx, 4, &version) < 0 ||
            read_word(&idx, 8, &root) < 0)
                return -EBADMSG;
        if (magic != INDEX_MAGIC || version >> 16 != INDEX_VERSION_MAJOR)
                return -EBADMSG;
        if ((root & NODE_MASK) > len)
                return -EBADMSG; /* an empty index's root, a node without parts, is at its end */
        idx.root = root;
        *ret = idx;
        return 0;
}

/* Reads the node of the offset word WORD; 0 with *RET_FOUND false for the
 * null offset (no such child). */
static int read_node(struct search *s, uint32_t word, struct node *ret, bool *ret_found)
{
        const struct modindex *idx = s->idx;
        size_t pos = word & NODE_MASK;
        *ret_found = false;
        if (pos == 0)
                return 0;
        if (s->budget == 0 || pos > idx->len)
                return -EBADMSG;
        s->budget--;
        struct node n = {.prefix = "", .first = CHILD_MAX, .last = 0};
        int err;
        if (word & NODE_PREFIX) {
                if ((err = read_string(idx, pos, &n.prefix, &pos)) < 0)
                        return err;
                if (strlen(n.prefix) > MODINDEX_MAX_KEY)
                        return -EBADMSG;
        }
        if (word & NODE_CHILDS) {
                if (pos > idx->len || idx->len - pos < 2)
                        return -EBADMSG;
                n.first = idx->buf[pos];
                n.last = idx->buf[pos + 1];
                if (n.first > n.last || n.last >= CHILD_MAX)
                        return -EBADMSG;
                n.children = pos + 2;
                pos = n.children + 4 * (size_t)(n.last - n.first + 1);
                if (pos > idx->len)
                        return -EBADMSG;
        }
        if (word & NODE_VALUES) {
                if ((err = read_word(idx, pos, &n.n_values)) < 0)
                        return err;
                n.values = pos + 4;
                /* a value takes at least five bytes: its priority and a NUL */
                if (n.values > idx->len || n.n_values > (idx->len - n.values) / 5)
                        return -EBADMSG;
        }
        *ret = n;
        *ret_found = true;
        return 0;
}

static int read_child(struct search *s, const struct node *n, unsigned char ch, struct node *ret,
                      bool *ret_found)
{
        uint32_t word;
        *ret_found = false;
        if (ch < n->first || ch > n->last)
                return 0;
        int err = read_word(s->idx, n->children + 4 * (size_t)(ch - n->first), &word);
        return err < 0 ? err : read_node(s, word, ret, ret_found);
}

/* Calls FN for each of N's values in the file's order. */
static int each_value(struct search *s, const struct node *n,
                      int (*fn)(struct search *s, const char *v, uint32_t priority))
{
        size_t pos = n->values;
        for (uint32_t i = 0; i < n->n_values; i++) {
                uint32_t priority;
                const char *v;
                int err = read_word(s->idx, pos, &priority);
                if (err == 0)
                        err = read_string(s->idx, pos + 4, &v, &pos);
                if (err == 0)
                        err = fn(s, v, priority);
                if (err < 0)
                        return err;
        }
        return 0;
}

static int first_value(struct search *s, const char *v, uint32_t priority)
{
        (void)priority;
        s->out = arena_alloc(s->a, sizeof(*s->out));
        s->out[0].s = v;
        s->n_out = 1;
        return -ECANCELED; /* one is all index_search takes */
}

int modindex_search(const struct modindex *idx, const char *key, struct arena *a, char **ret_value)
{
        struct search s = {.idx = idx, .budget = idx->len + 1, .a = a};
        struct node n;
        bool found;
        size_t i = 0;
        int err = read_node(&s, idx->root, &n, &found);
        while (err == 0 && found) {
                size_t plen = strlen(n.prefix);
                if (strncmp(n.prefix, key + i, plen) != 0)
                        return -ENOENT;
                i += plen;
                if (key[i] == '\0') {
                        err = each_value(&s, &n, first_value);
                        if (err < 0 && err != -ECANCELED)
                                return err;
                        if (s.n_out == 0)
                                return -ENOENT;
                        *ret_value = arena_strdup(a, s.out[0].s);
                        return 0;
                }
                err = read_child(&s, &n, (unsigned char)key[i++], &n, &found);
        }
        return err < 0 ? err : -ENOENT;
}

/* libkmod's add_value: before the first value of the same or a higher priority. */
static int add_value(struct search *s, const char *v, uint32_t priority)
{
        if (s->n_out >= MODINDEX_MAX_VALUES)
                return -E2BIG;
        s->out = arena_grow_items(s->a, s->out, s->n_out, &s->cap_out, sizeof(*s->out));
        size_t at = 0;
        while (at < s->n_out && s->out[at].priority < priority)
                at++;
        memmove(&s->out[at + 1], &s->out[at], (s->n_out - at) * sizeof(*s->out));
        s->out[at] = (struct value){v, priority};
        s->n_out++;
        return 0;
}

static int pattern_push(struct search *s, const char *chars, size_t n)
{
        if (n > MODINDEX_MAX_KEY - s->plen)
                return -EBADMSG;
        memcpy(s->pattern + s->plen, chars, n);
        s->plen += n;
        s->pattern[s->plen] = '\0';
        return 0;
}

/* Every key under N (whose prefix is taken from J on) is a pattern from the
 * first wildcard on: its values count when it matches SUBKEY, the rest of
 * the key searched for. Children first, then N's own values, as libkmod. */
static int wild_all(struct search *s, const struct node *n, size_t j, const char *subkey)
{
        size_t saved = s->plen;
        int err = pattern_push(s, n->prefix + j, strlen(n->prefix + j));
        for (unsigned ch = n->first; err == 0 && ch <= n->last; ch++) {
                struct node child;
                bool found;
                err = read_child(s, n, (unsigned char)ch, &child, &found);
                if (err == 0 && found) {
                        char c = (char)ch;
                        size_t before = s->plen;
                        err = pattern_push(s, &c, 1);
                        if (err == 0)
                                err = wild_all(s, &child, 0, subkey);
                        s->plen = before;
                        s->pattern[s->plen] = '\0';
                }
        }
        if (err == 0 && n->n_values && fnmatch(s->pattern, subkey, 0) == 0)
                err = each_value(s, n, add_value);
        s->plen = saved;
        s->pattern[s->plen] = '\0';
        return err;
}

/* The wildcard child of N labelled WILDCARD ('*', '?' or '['), against SUBKEY. */
static int wild_child(struct search *s, const struct node *n, char wildcard, const char *subkey)
{
        struct node child;
        bool found;
        int err = read_child(s, n, (unsigned char)wildcard, &child, &found);
        if (err < 0 || !found)
                return err;
        s->plen = 0;
        if ((err = pattern_push(s, &wildcard, 1)) == 0)
                err = wild_all(s, &child, 0, subkey);
        s->plen = 0;
        return err;
}

int modindex_search_wild(const struct modindex *idx, const char *key, struct arena *a,
                         char ***ret_values, size_t *ret_n)
{
        struct search s = {.idx = idx, .budget = idx->len + 1, .a = a};
        struct node n;
        bool found;
        size_t i = 0;
        if (strlen(key) > MODINDEX_MAX_KEY)
                return -ENOENT; /* no key of the index is longer */
        int err = read_node(&s, idx->root, &n, &found);
        while (err == 0 && found) {
                size_t j;
                bool wild = false;
                for (j = 0; n.prefix[j]; j++) {
                        char ch = n.prefix[j];
                        if (ch == '*' || ch == '?' || ch == '[') {
                                s.plen = 0;
                                err = wild_all(&s, &n, j, key + i + j);
                                wild = true;
                                break;
                        }
                        if (ch != key[i + j])
                                break;
                }
                if (wild || n.prefix[j])
                        break;
                i += j;
                for (const char *w = "*?["; err == 0 && *w; w++)
                        err = wild_child(&s, &n, *w, key + i);
                if (err < 0)
                        break;
                if (key[i] == '\0') {
                        err = each_value(&s, &n, add_value);
                        break;
                }
                err = read_child(&s, &n, (unsigned char)key[i++], &n, &found);
        }
        if (err < 0)
                return err;
        if (s.n_out == 0)
                return -ENOENT;
        char **values = arena_alloc(a, (s.n_out + 1) * sizeof(*values));
        for (size_t k = 0; k < s.n_out; k++)
                values[k] = arena_strdup(a, s.out[k].s);
        *ret_values = values;
        *ret_n = s.n_out;
        return 0;
}

int modindex_dep_path(const char *line, struct arena *a, char **ret_path)
{
        const char *colon = strchr(line, ':');
        if (!colon)
                return -EBADMSG;
        *ret_path = arena_strndup(a, line, (size_t)(colon - line));
        return 0;
}

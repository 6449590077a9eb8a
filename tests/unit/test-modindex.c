/* test-modindex: kmod's binary module indexes — exact and wildcard searches in
 * libkmod's order, the dependency line's file, and every malformed index the
 * reader must refuse rather than read out of bounds or loop on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/rootfs.h"
#include "parse/modindex.h"
#include "shared/arena.h"

#define F_PREFIX 0x80000000u
#define F_VALUES 0x40000000u
#define F_CHILDS 0x20000000u

/* An index written as depmod writes one: children before their parent, the
 * root's offset word patched into the header last. */
struct tb {
        unsigned char buf[65536];
        size_t len;
};

static void put32(struct tb *b, uint32_t v)
{
        for (int i = 3; i >= 0; i--)
                b->buf[b->len++] = (unsigned char)(v >> (8 * i));
}

static void puts0(struct tb *b, const char *s)
{
        memcpy(b->buf + b->len, s, strlen(s) + 1);
        b->len += strlen(s) + 1;
}

static void header(struct tb *b)
{
        b->len = 0;
        put32(b, 0xB007F457u);
        put32(b, 0x00020001u);
        put32(b, 0); /* the root, patched by set_root */
}

static void set_root(struct tb *b, uint32_t word)
{
        size_t len = b->len;
        b->len = 8;
        put32(b, word);
        b->len = len;
}

struct val {
        uint32_t priority;
        const char *s;
};

/* A node: PREFIX ("" for none), children for the characters FIRST..LAST
 * (KIDS[i] for FIRST + i; 0 for none; N_KIDS 0 for no child range), values. */
static uint32_t node(struct tb *b, const char *prefix, unsigned char first, const uint32_t *kids,
                     size_t n_kids, const struct val *vals, size_t n_vals)
{
        uint32_t word = (uint32_t)b->len;
        if (*prefix) {
                word |= F_PREFIX;
                puts0(b, prefix);
        }
        if (n_kids) {
                word |= F_CHILDS;
                b->buf[b->len++] = first;
                b->buf[b->len++] = (unsigned char)(first + n_kids - 1);
                for (size_t i = 0; i < n_kids; i++)
                        put32(b, kids[i]);
        }
        if (n_vals) {
                word |= F_VALUES;
                put32(b, (uint32_t)n_vals);
                for (size_t i = 0; i < n_vals; i++) {
                        put32(b, vals[i].priority);
                        puts0(b, vals[i].s);
                }
        }
        return word;
}

#define VALS(...)                                                                                  \
        (const struct val[]){__VA_ARGS__},                                                         \
                sizeof((const struct val[]){__VA_ARGS__}) / sizeof(struct val)
#define NOVALS NULL, 0
#define NOKIDS 0, NULL, 0

/* modules.dep.bin of two modules: "" -> c "ramfs", d "ccp". */
static void dep_index(struct tb *b)
{
        header(b);
        uint32_t cramfs = node(b, "ramfs", NOKIDS, VALS({0, "kernel/fs/cramfs/cramfs.ko:"}));
        uint32_t dccp = node(b, "ccp", NOKIDS, VALS({1, "kernel/net/dccp/dccp.ko: kernel/x.ko"}));
        uint32_t root = node(b, "", 'c', (uint32_t[]){cramfs, dccp}, 2, NOVALS);
        set_root(b, root);
}

static void exact_search(void **state)
{
        (void)state;
        struct arena *a = arena_new();
        struct tb b;
        struct modindex idx;
        char *v;
        dep_index(&b);
        assert_int_equal(modindex_open(b.buf, b.len, &idx), 0);
        assert_int_equal(modindex_search(&idx, "cramfs", a, &v), 0);
        assert_string_equal(v, "kernel/fs/cramfs/cramfs.ko:");
        assert_int_equal(modindex_search(&idx, "dccp", a, &v), 0);
        assert_string_equal(v, "kernel/net/dccp/dccp.ko: kernel/x.ko");
        /* a key that ends inside a prefix, runs past a leaf, or leaves the arcs */
        const char *none[] = {"", "c", "cram", "cramfsx", "dcc", "x", "\x80", "cramfs\x7f"};
        for (size_t i = 0; i < sizeof(none) / sizeof(*none); i++)
                assert_int_equal(modindex_search(&idx, none[i], a, &v), -ENOENT);
        /* the first value in the file is the one (libkmod's mapped index) */
        header(&b);
        set_root(&b, node(&b, "k", NOKIDS, VALS({5, "later"}, {1, "earlier"})));
        assert_int_equal(modindex_open(b.buf, b.len, &idx), 0);
        assert_int_equal(modindex_search(&idx, "k", a, &v), 0);
        assert_string_equal(v, "later");
        arena_free(a);
}

/* modules.alias.bin: fs_cramfs, fs_c*, fs_[cd]ramfs, f?_cramfs. */
static void alias_index(struct tb *b)
{
        header(b);
        uint32_t star = node(b, "", NOKIDS, VALS({0, "wildmod"}));
        uint32_t r = node(b, "amfs", NOKIDS, VALS({1, "cramfs"}));
        uint32_t kids_c['r' - '*' + 1] = {0};
        kids_c[0] = star;
        kids_c['r' - '*'] = r;
        uint32_t c = node(b, "", '*', kids_c, sizeof(kids_c) / sizeof(*kids_c), NOVALS);
        uint32_t range = node(b, "cd]ramfs", NOKIDS, VALS({2, "rangemod"}));
        uint32_t kids_s['c' - '[' + 1] = {0};
        kids_s[0] = range;
        kids_s['c' - '['] = c;
        uint32_t s = node(b, "_", '[', kids_s, sizeof(kids_s) / sizeof(*kids_s), NOVALS);
        uint32_t q = node(b, "_cramfs", NOKIDS, VALS({3, "qmod"}));
        uint32_t kids_f['s' - '?' + 1] = {0};
        kids_f[0] = q;
        kids_f['s' - '?'] = s;
        set_root(b, node(b, "f", '?', kids_f, sizeof(kids_f) / sizeof(*kids_f), NOVALS));
}

static void expect_values(const struct modindex *idx, const char *key, const char *want)
{
        struct arena *a = arena_new();
        char **v;
        size_t n;
        int err = modindex_search_wild(idx, key, a, &v, &n);
        if (!*want) {
                assert_int_equal(err, -ENOENT);
        } else {
                assert_int_equal(err, 0);
                char got[256] = "";
                for (size_t i = 0; i < n; i++) {
                        strcat(got, i ? " " : "");
                        strcat(got, v[i]);
                }
                assert_string_equal(got, want);
        }
        arena_free(a);
}

static void wildcard_search(void **state)
{
        (void)state;
        struct tb b;
        struct modindex idx;
        alias_index(&b);
        assert_int_equal(modindex_open(b.buf, b.len, &idx), 0);
        /* every pattern that matches, the exact key too, by priority */
        expect_values(&idx, "fs_cramfs", "wildmod cramfs rangemod qmod");
        expect_values(&idx, "fs_dramfs", "rangemod");
        expect_values(&idx, "fs_c", "wildmod");
        expect_values(&idx, "fx_cramfs", "qmod");
        expect_values(&idx, "fs_", "");
        expect_values(&idx, "nothing", "");
        expect_values(&idx, "", "");
        /* a wildcard inside a prefix: the pattern runs from it */
        header(&b);
        set_root(&b, node(&b, "pci:v*d0001", NOKIDS, VALS({0, "e1000"})));
        assert_int_equal(modindex_open(b.buf, b.len, &idx), 0);
        expect_values(&idx, "pci:v8086d0001", "e1000");
        expect_values(&idx, "pci:v8086d0002", "");
        expect_values(&idx, "pcx:v8086d0001", "");
        /* equal priorities: the later value first, as libkmod's add_value */
        header(&b);
        set_root(&b, node(&b, "k", NOKIDS, VALS({1, "first"}, {1, "second"}, {0, "zero"})));
        assert_int_equal(modindex_open(b.buf, b.len, &idx), 0);
        expect_values(&idx, "k", "zero second first");
        /* a key no index holds */
        char *huge = malloc(MODINDEX_MAX_KEY + 2);
        memset(huge, 'k', MODINDEX_MAX_KEY + 1);
        huge[MODINDEX_MAX_KEY + 1] = '\0';
        expect_values(&idx, huge, "");
        free(huge);
}

static void empty_index(void **state)
{
        (void)state;
        struct arena *a = arena_new();
        struct tb b;
        struct modindex idx;
        char *v;
        header(&b); /* depmod's empty index: a root without parts, at the end */
        set_root(&b, 12);
        assert_int_equal(modindex_open(b.buf, b.len, &idx), 0);
        assert_int_equal(modindex_search(&idx, "cramfs", a, &v), -ENOENT);
        expect_values(&idx, "cramfs", "");
        set_root(&b, 0); /* a null root */
        assert_int_equal(modindex_open(b.buf, b.len, &idx), 0);
        assert_int_equal(modindex_search(&idx, "cramfs", a, &v), -ENOENT);
        arena_free(a);
}

static void dep_path(void **state)
{
        (void)state;
        struct arena *a = arena_new();
        char *p;
        assert_int_equal(modindex_dep_path("kernel/fs/x.ko: kernel/a.ko kernel/b.ko", a, &p), 0);
        assert_string_equal(p, "kernel/fs/x.ko");
        assert_int_equal(modindex_dep_path("/opt/x.ko:", a, &p), 0);
        assert_string_equal(p, "/opt/x.ko");
        assert_int_equal(modindex_dep_path(": a.ko", a, &p), 0);
        assert_string_equal(p, "");
        p = NULL;
        assert_int_equal(modindex_dep_path("kernel/fs/x.ko", a, &p), -EBADMSG);
        assert_null(p);
        arena_free(a);
}

/* Each malformed index: opened or not, no search may return anything but
 * -EBADMSG (or -ENOENT where the search never reaches the damage). */
static void expect_refused(struct tb *b, const char *key)
{
        struct arena *a = arena_new();
        struct modindex idx;
        char *v, **vs;
        size_t n;
        if (modindex_open(b->buf, b->len, &idx) == 0) {
                assert_int_equal(modindex_search(&idx, key, a, &v), -EBADMSG);
                assert_int_equal(modindex_search_wild(&idx, key, a, &vs, &n), -EBADMSG);
        }
        arena_free(a);
}

static void refusals(void **state)
{
        (void)state;
        struct tb b;
        struct modindex idx;
        /* headers: short, wrong magic, another major version, a root past the end */
        dep_index(&b);
        assert_int_equal(modindex_open(b.buf, 11, &idx), -EBADMSG);
        b.buf[0] ^= 1;
        assert_int_equal(modindex_open(b.buf, b.len, &idx), -EBADMSG);
        dep_index(&b);
        b.buf[5] = 3;
        assert_int_equal(modindex_open(b.buf, b.len, &idx), -EBADMSG);
        dep_index(&b);
        set_root(&b, F_PREFIX | (uint32_t)(b.len + 1));
        assert_int_equal(modindex_open(b.buf, b.len, &idx), -EBADMSG);
        /* a prefix without its NUL at the end of the file */
        header(&b);
        set_root(&b, F_PREFIX | 12);
        memcpy(b.buf + 12, "cramfs", 6);
        b.len = 18;
        expect_refused(&b, "cramfs");
        /* a value without its NUL; a value count the file cannot hold */
        header(&b);
        set_root(&b, node(&b, "k", NOKIDS, VALS({0, "v"})));
        b.len--;
        expect_refused(&b, "k");
        header(&b);
        set_root(&b, F_PREFIX | F_VALUES | 12);
        puts0(&b, "k");
        put32(&b, 0x7fffffff);
        put32(&b, 0);
        puts0(&b, "v");
        expect_refused(&b, "k");
        /* child ranges: backwards, past 7-bit characters, cut short */
        header(&b);
        set_root(&b, F_CHILDS | 12);
        b.buf[b.len++] = 'z';
        b.buf[b.len++] = 'a';
        put32(&b, 0);
        expect_refused(&b, "k");
        header(&b);
        set_root(&b, F_CHILDS | 12);
        b.buf[b.len++] = 'a';
        b.buf[b.len++] = 0x80;
        expect_refused(&b, "k");
        header(&b);
        set_root(&b, F_CHILDS | 12);
        b.buf[b.len++] = 'a';
        b.buf[b.len++] = 'k';
        put32(&b, 0);
        expect_refused(&b, "k");
        /* a child past the end */
        header(&b);
        set_root(&b, node(&b, "", 'k', (uint32_t[]){F_PREFIX | 60000}, 1, NOVALS));
        expect_refused(&b, "kx");
}

static void loops_end(void **state)
{
        (void)state;
        struct arena *a = arena_new();
        struct tb b;
        struct modindex idx;
        char **vs;
        size_t n;
        /* a '*' arc back to its own node: the wildcard walk would never end */
        header(&b);
        uint32_t self = F_CHILDS | F_VALUES | 12;
        set_root(&b, self);
        b.buf[b.len++] = '*';
        b.buf[b.len++] = '*';
        put32(&b, self);
        put32(&b, 1);
        put32(&b, 0);
        puts0(&b, "loop");
        assert_int_equal(modindex_open(b.buf, b.len, &idx), 0);
        assert_int_equal(modindex_search_wild(&idx, "x", a, &vs, &n), -EBADMSG);
        /* one node shared by every arc, nested: a tree of 128^depth paths */
        header(&b);
        uint32_t leaf = node(&b, "", NOKIDS, VALS({0, "m"}));
        uint32_t kids[96];
        uint32_t level = leaf;
        for (int d = 0; d < 8; d++) {
                for (size_t i = 0; i < 96; i++)
                        kids[i] = level;
                level = node(&b, "", ' ', kids, 96, NOVALS);
        }
        uint32_t star = level;
        set_root(&b, node(&b, "", '*', &star, 1, NOVALS));
        assert_int_equal(modindex_open(b.buf, b.len, &idx), 0);
        assert_int_equal(modindex_search_wild(&idx, "x", a, &vs, &n), -EBADMSG);
        /* more values than a search may return */
        header(&b);
        set_root(&b, F_PREFIX | F_VALUES | 12);
        puts0(&b, "k");
        put32(&b, MODINDEX_MAX_VALUES + 1);
        for (int i = 0; i <= MODINDEX_MAX_VALUES; i++) {
                put32(&b, 0);
                puts0(&b, "v");
        }
        assert_int_equal(modindex_open(b.buf, b.len, &idx), 0);
        assert_int_equal(modindex_search_wild(&idx, "k", a, &vs, &n), -E2BIG);
        arena_free(a);
}

/* The same index read from a file, as the model reads it: through the root. */
static void from_file(void **state)
{
        (void)state;
        struct arena *a = arena_new();
        struct tb b;
        struct modindex idx;
        char dir[] = "/tmp/nodeaudit-modindex-XXXXXX", path[64], *buf, *v;
        size_t len;
        struct rootfs *r;
        assert_non_null(mkdtemp(dir));
        snprintf(path, sizeof(path), "%s/modules.dep.bin", dir);
        dep_index(&b);
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        assert_int_equal(fwrite(b.buf, 1, b.len, f), b.len);
        fclose(f);
        assert_int_equal(rootfs_open(dir, &r), 0);
        assert_int_equal(rootfs_read_file(r, "/modules.dep.bin", 1 << 20, a, &buf, &len), 0);
        assert_int_equal(modindex_open(buf, len, &idx), 0);
        assert_int_equal(modindex_search(&idx, "dccp", a, &v), 0);
        assert_string_equal(v, "kernel/net/dccp/dccp.ko: kernel/x.ko");
        rootfs_close(r);
        unlink(path);
        rmdir(dir);
        arena_free(a);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(exact_search), cmocka_unit_test(wildcard_search),
                cmocka_unit_test(empty_index),  cmocka_unit_test(dep_path),
                cmocka_unit_test(refusals),     cmocka_unit_test(loops_end),
                cmocka_unit_test(from_file),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}

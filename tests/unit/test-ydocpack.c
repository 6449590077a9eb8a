/* test-ydocpack: the embedded trees are exactly what ydoc_parse builds from
 * the shipped files, every shipped file is embedded, and anything else is
 * parsed as YAML. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/localfs.h"
#include "io/rootfs.h"
#include "parse/ydocpack.h"
#include "shared/strutil.h"

static void assert_same_tree(const struct ynode *x, const struct ynode *y, const char *file)
{
        if (x->type != y->type || x->plain != y->plain || x->line != y->line ||
            x->column != y->column || x->n != y->n)
                fail_msg("%s:%u:%u: trees differ", file, x->line, x->column);
        if (x->type == YNODE_SCALAR) {
                assert_int_equal(x->len, y->len);
                assert_memory_equal(x->value, y->value, x->len);
                assert_int_equal(y->value[y->len], '\0');
                return;
        }
        for (size_t i = 0; i < x->n; i++) {
                if (x->type == YNODE_MAP)
                        assert_same_tree(x->keys[i], y->keys[i], file);
                assert_same_tree(x->items[i], y->items[i], file);
        }
}

static const struct ydoc_packed *by_name(const char *name)
{
        for (size_t i = 0; i < ydoc_n_packed_docs; i++)
                if (streq(ydoc_packed_docs[i].name, name))
                        return &ydoc_packed_docs[i];
        return NULL;
}

static void test_shipped_files_embedded_as_parsed(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        const char *src = getenv("SOURCE_DIR");
        assert_non_null(src);
        size_t seen = 0;
        const char *dirs[] = {"checks", "profiles"};
        for (size_t k = 0; k < 2; k++) {
                char **files;
                size_t n;
                char *dir = arena_printf(a, "%s/%s", src, dirs[k]);
                assert_int_equal(local_find_files(dir, ".yaml", a, &files, &n), 0);
                for (size_t i = 0; i < n; i++) {
                        const char *rel = files[i] + strlen(src) + 1;
                        const struct ydoc_packed *p = by_name(rel);
                        if (!p)
                                fail_msg("%s is not embedded: add it to definition_files in meson.build", rel);
                        char *buf;
                        size_t len;
                        assert_int_equal(local_read_file(files[i], 1 << 24, a, &buf, &len), 0);
                        if (ydoc_packed_find(buf, len) != p)
                                fail_msg("%s changed since the build embedded it", rel);
                        struct ynode *parsed, *unpacked, *def;
                        struct diag d = {0};
                        assert_int_equal(ydoc_parse(buf, len, rel, a, &parsed, &d), 0);
                        assert_int_equal(ydoc_unpack(p->tree, p->tree_len, a, &unpacked), 0);
                        assert_same_tree(parsed, unpacked, rel);
                        assert_int_equal(ydoc_parse_definition(buf, len, rel, a, &def, &d), 0);
                        assert_same_tree(parsed, def, rel);
                        seen++;
                }
        }
        assert_int_equal(seen, ydoc_n_packed_docs);
}

static void test_other_text_is_parsed(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        assert_true(ydoc_n_packed_docs > 0);
        const struct ydoc_packed *p = &ydoc_packed_docs[0];
        /* the same length with one byte changed: not the embedded file */
        char *copy = arena_strndup(a, (const char *)p->text, p->len);
        copy[p->len - 2] = copy[p->len - 2] == 'x' ? 'y' : 'x';
        assert_null(ydoc_packed_find(copy, p->len));
        assert_null(ydoc_packed_find((const char *)p->text, p->len - 1));
        assert_ptr_equal(ydoc_packed_find((const char *)p->text, p->len), p);
        /* a definition that is not shipped goes through libyaml, errors included */
        struct ynode *root;
        struct diag d = {0};
        assert_int_equal(ydoc_parse_definition("a: [1, 2\n", 9, "x.yaml", a, &root, &d), -EINVAL);
        assert_string_equal(d.file, "x.yaml");
        assert_int_equal(ydoc_parse_definition("a: 'b'\n", 7, "x.yaml", a, &root, &d), 0);
        assert_false(root->items[0]->plain);
}

static void test_pack_round_trip_and_rejects(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        const char *text = "k: v\nlist: [1, \"two\", {x: ~}]\nempty: {}\nnested:\n  deep: [[]]\n"
                           "anchor: &A {p: 1}\nalias: *A\nlong: \"" /* a scalar over 127 bytes */
                           "0123456789012345678901234567890123456789012345678901234567890123456789"
                           "0123456789012345678901234567890123456789012345678901234567890123456789\"\n";
        struct ynode *root, *back;
        struct diag d = {0};
        assert_int_equal(ydoc_parse(text, strlen(text), "t.yaml", a, &root, &d), 0);
        unsigned char *buf = NULL;
        size_t len = 0, cap = 0;
        assert_int_equal(ydoc_pack(root, &buf, &len, &cap), 0);
        assert_int_equal(ydoc_unpack(buf, len, a, &back), 0);
        assert_same_tree(root, back, "t.yaml");
        /* every truncation is refused, never read past */
        for (size_t cut = 0; cut < len; cut++) {
                struct ynode *r;
                assert_int_equal(ydoc_unpack(buf, cut, a, &r), -EINVAL);
        }
        /* trailing bytes, a bad type and an over-long varint are refused */
        unsigned char *more = arena_alloc(a, len + 1);
        memcpy(more, buf, len);
        more[len] = 0;
        struct ynode *r;
        assert_int_equal(ydoc_unpack(more, len + 1, a, &r), -EINVAL);
        const unsigned char bad_type[] = {3, 1, 1, 0};
        assert_int_equal(ydoc_unpack(bad_type, sizeof(bad_type), a, &r), -EINVAL);
        const unsigned char long_varint[] = {0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                                             0xff, 0xff, 0xff, 0x01};
        assert_int_equal(ydoc_unpack(long_varint, sizeof(long_varint), a, &r), -EINVAL);
        /* a count larger than the bytes left */
        const unsigned char big_count[] = {1, 1, 1, 0x80, 0x80, 0x04};
        assert_int_equal(ydoc_unpack(big_count, sizeof(big_count), a, &r), -EINVAL);
        free(buf);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_shipped_files_embedded_as_parsed),
                cmocka_unit_test(test_other_text_is_parsed),
                cmocka_unit_test(test_pack_round_trip_and_rejects),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}

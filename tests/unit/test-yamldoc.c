/* test-yamldoc: the YAML/JSON layer — lookups, limits, and what it rejects with file:line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "defs/fields.h"
#include "parse/yamldoc.h"
#include "shared/strutil.h"

static struct ynode *parse_ok(struct arena *a, const char *text)
{
        struct ynode *n = NULL;
        struct diag d = {0};
        int err = ydoc_parse(text, strlen(text), "t.yaml", a, &n, &d);
        if (err < 0)
                fail_msg("unexpected error: %u:%u %s", d.line, d.column, d.message);
        return n;
}

static int parse_err(struct arena *a, const char *text, size_t len, struct diag *d)
{
        struct ynode *n;
        return ydoc_parse(text, len, "bad.yaml", a, &n, d);
}

static void test_lookup(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        struct ynode *r = parse_ok(a, "authentication:\n  anonymous:\n    enabled: false\n"
                                      "list: [a, b]\nquoted: \"true\"\nempty:\n");
        const struct ynode *n = ynode_path(r, "authentication.anonymous.enabled");
        assert_non_null(n);
        assert_string_equal(n->value, "false");
        assert_true(n->plain);
        assert_int_equal(n->line, 3);
        assert_int_equal(n->column, 14);
        assert_false(ynode_path(r, "quoted")->plain);
        assert_int_equal(ynode_get(r, "list")->type, YNODE_SEQ);
        assert_int_equal(ynode_get(r, "list")->n, 2);
        assert_true(ynode_is_null(ynode_get(r, "empty")));
        assert_null(ynode_path(r, "authentication.missing.enabled"));
        assert_null(ynode_path(r, "list.a"));
}

static void test_json(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        struct ynode *r = parse_ok(a, "{\n\t\"authentication\": {\"anonymous\": {\"enabled\": true}},\n"
                                      "\t\"readOnlyPort\": 10255, \"s\": \"a\\u00e9\"\n}");
        assert_string_equal(ynode_path(r, "authentication.anonymous.enabled")->value, "true");
        assert_string_equal(ynode_path(r, "readOnlyPort")->value, "10255");
        assert_string_equal(ynode_path(r, "s")->value, "a\xc3\xa9");
}

static void test_duplicates_and_merge(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        struct ynode *r = parse_ok(a, "base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\nk: 1\nk: 2\n");
        assert_string_equal(ynode_path(r, "m.x")->value, "1");
        assert_string_equal(ynode_path(r, "m.y")->value, "3");
        assert_string_equal(ynode_get(r, "k")->value, "2"); /* last duplicate wins */
}

static void test_empty_and_first_document(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        struct ynode *r = parse_ok(a, "");
        assert_int_equal(r->type, YNODE_MAP);
        assert_int_equal(r->n, 0);
        r = parse_ok(a, "---\na: 1\n---\na: 2\n");
        assert_string_equal(ynode_get(r, "a")->value, "1");
}

static void test_syntax_error(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        struct diag d = {0};
        const char *t = "a: 1\nb: [1, 2\nc: 3\n";
        assert_int_equal(parse_err(a, t, strlen(t), &d), -EINVAL);
        assert_string_equal(d.file, "bad.yaml");
        assert_true(d.line >= 2);
        assert_true(strlen(d.message) > 0);
        t = "a: 1\n\tb: 2\n";
        assert_int_equal(parse_err(a, t, strlen(t), &d), -EINVAL);
        assert_int_equal(d.line, 2);
}

static void test_rejects_nul_and_bad_utf8(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        struct diag d = {0};
        assert_int_equal(parse_err(a, "a: \0b", 5, &d), -EINVAL);
        assert_non_null(strstr(d.message, "NUL"));
        assert_int_equal(parse_err(a, "a: \xff\xfe\n", 6, &d), -EINVAL);
}

static void test_depth_limit(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        struct strbuf sb = {0};
        for (int i = 0; i < YDOC_MAX_DEPTH + 5; i++)
                strbuf_putc(&sb, '[');
        for (int i = 0; i < YDOC_MAX_DEPTH + 5; i++)
                strbuf_putc(&sb, ']');
        struct diag d = {0};
        assert_int_equal(parse_err(a, sb.buf, sb.len, &d), -E2BIG);
        assert_non_null(strstr(d.message, "nesting"));
        strbuf_free(&sb);
}

static void test_alias_bomb(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        /* billion laughs: 9 levels of 9 aliases = 81 aliases, never expanded */
        struct strbuf sb = {0};
        strbuf_puts(&sb, "a0: &a0 [lol]\n");
        for (int i = 1; i <= 9; i++) {
                strbuf_printf(&sb, "a%d: &a%d [", i, i);
                for (int j = 0; j < 9; j++)
                        strbuf_printf(&sb, "%s*a%d", j ? ", " : "", i - 1);
                strbuf_puts(&sb, "]\n");
        }
        struct ynode *r = parse_ok(a, sb.buf);
        assert_int_equal(ynode_get(r, "a9")->n, 9);
        /* beyond the alias cap: rejected */
        for (int i = 0; i < YDOC_MAX_ALIASES; i++)
                strbuf_printf(&sb, "x%d: *a0\n", i);
        struct diag d = {0};
        assert_int_equal(parse_err(a, sb.buf, sb.len, &d), -E2BIG);
        assert_non_null(strstr(d.message, "aliases"));
        strbuf_free(&sb);
}

static void test_merge_bounds(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        /* a chain of merges 8 deep still reads through to its end */
        struct strbuf sb = {0};
        strbuf_puts(&sb, "m0: &m0 {x: 1}\n");
        for (int i = 1; i <= YDOC_MAX_MERGE_DEPTH; i++)
                strbuf_printf(&sb, "m%d: &m%d {<<: *m%d, y%d: %d}\n", i, i, i - 1, i, i);
        struct ynode *r = parse_ok(a, sb.buf);
        char key[16];
        snprintf(key, sizeof(key), "m%d", YDOC_MAX_MERGE_DEPTH);
        assert_string_equal(ynode_get(ynode_get(r, key), "x")->value, "1");
        /* one more is refused, not silently cut short (a default would stand in) */
        strbuf_printf(&sb, "m%d: {<<: *m%d}\n", YDOC_MAX_MERGE_DEPTH + 1, YDOC_MAX_MERGE_DEPTH);
        struct diag d = {0};
        assert_int_equal(parse_err(a, sb.buf, sb.len, &d), -E2BIG);
        assert_non_null(strstr(d.message, "deeper"));
        strbuf_free(&sb);
        /* nine merges of nine merges ...: refused when read, before any lookup */
        struct strbuf fan = {0};
        strbuf_puts(&fan, "f0: &f0 {x: 1}\n");
        for (int i = 1; i <= 5; i++) {
                strbuf_printf(&fan, "f%d: &f%d {<<: [", i, i);
                for (int j = 0; j < 9; j++)
                        strbuf_printf(&fan, "%s*f%d", j ? ", " : "", i - 1);
                strbuf_puts(&fan, "]}\n");
        }
        d = (struct diag){0};
        assert_int_equal(parse_err(a, fan.buf, fan.len, &d), -E2BIG);
        assert_non_null(strstr(d.message, "more than"));
        assert_int_equal(d.line, 5); /* f4's merge key: 1 + 9 * 820 mappings */
        strbuf_free(&fan);
        /* a mapping that merges itself */
        const char *self = "a: &a\n  k: 1\n  <<: *a\n";
        d = (struct diag){0};
        assert_true(parse_err(a, self, strlen(self), &d) < 0);
}

static void test_unknown_alias_and_complex_key(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        struct diag d = {0};
        const char *t = "a: *nope\n";
        assert_int_equal(parse_err(a, t, strlen(t), &d), -EINVAL);
        t = "? [a, b]\n: 1\n";
        assert_int_equal(parse_err(a, t, strlen(t), &d), -EINVAL);
        assert_non_null(strstr(d.message, "key"));
}

static void test_definition_accessors(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        struct ynode *r = parse_ok(a, "s: x\nb: maybe\nl: [a, b]\nn: 7\nm: {k: v}\n");
        struct diag d = {0};
        const char *s;
        bool b;
        long n;
        char **items;
        size_t ni;
        assert_int_equal(ydef_str(r, "s", "f", true, &s, &d), 0);
        assert_string_equal(s, "x");
        assert_int_equal(ydef_str(r, "missing", "f", true, &s, &d), -EINVAL);
        assert_int_equal(ydef_str(r, "m", "f", false, &s, &d), -EINVAL);
        assert_int_equal(ydef_bool(r, "b", "f", &b, &d), -EINVAL);
        assert_int_equal(d.line, 2);
        assert_int_equal(ydef_strlist(r, "l", "f", a, &items, &ni, &d), 0);
        assert_int_equal(ni, 2);
        assert_int_equal(ydef_int(r, "n", "f", 1, 5, &n, &d), -EINVAL);
        /* a field table accepts its keys only: "m" is not in it */
        struct t {
                const char *s;
                bool b;
                struct field_list l;
                const struct ynode *n;
        } t = {0};
        static const struct field table[] = {
                FIELD("s", FIELD_STR, false, struct t, s),
                FIELD("b", FIELD_BOOL, false, struct t, b),
                FIELD("l", FIELD_LIST, false, struct t, l),
                FIELD("n", FIELD_NODE, false, struct t, n),
        };
        assert_int_equal(fields_read(r, table, 4, "a test map", "f", a, &t, &d), -EINVAL);
        assert_non_null(strstr(d.message, "unknown key \"m\""));
        assert_int_equal(d.line, 5);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_lookup),
                cmocka_unit_test(test_json),
                cmocka_unit_test(test_duplicates_and_merge),
                cmocka_unit_test(test_empty_and_first_document),
                cmocka_unit_test(test_syntax_error),
                cmocka_unit_test(test_rejects_nul_and_bad_utf8),
                cmocka_unit_test(test_depth_limit),
                cmocka_unit_test(test_alias_bomb),
                cmocka_unit_test(test_merge_bounds),
                cmocka_unit_test(test_unknown_alias_and_complex_key),
                cmocka_unit_test(test_definition_accessors),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}

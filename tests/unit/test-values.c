/* test-values: typing of flag strings and YAML scalars as the components' decoders do it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "parse/values.h"

static const struct ynode *node(struct arena *a, const char *text)
{
        struct ynode *r;
        struct diag d = {0};
        assert_int_equal(ydoc_parse(text, strlen(text), "t", a, &r, &d), 0);
        return ynode_get(r, "v");
}

static void test_from_string(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        struct value v;
        char *why;
        assert_int_equal(value_from_string(VT_BOOL, "True", a, &v, &why), 0);
        assert_string_equal(v.norm, "true");
        assert_string_equal(v.raw, "True");
        assert_int_equal(value_from_string(VT_DURATION, "4h0m0s", a, &v, &why), 0);
        assert_string_equal(v.norm, "14400");
        assert_int_equal(value_from_string(VT_INT, "-1", a, &v, &why), 0);
        assert_string_equal(v.norm, "-1");
        assert_int_equal(value_from_string(VT_LIST, "A, B", a, &v, &why), 0);
        assert_int_equal(v.n_items, 2);
        assert_string_equal(v.norm, "A,B");
        assert_true(value_from_string(VT_BOOL, "yes", a, &v, &why) < 0);
        assert_non_null(why);
        assert_true(value_from_string(VT_INT, "ten", a, &v, &why) < 0);
        assert_true(value_from_string(VT_DURATION, "10", a, &v, &why) < 0);
}

static void test_from_yaml(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        struct value v;
        char *why;
        assert_int_equal(value_from_ynode(VT_BOOL, node(a, "v: yes"), a, &v, &why), 0);
        assert_string_equal(v.norm, "true");
        assert_int_equal(value_from_ynode(VT_BOOL, node(a, "v: Off"), a, &v, &why), 0);
        assert_string_equal(v.norm, "false");
        /* a quoted "false" is a string: the kubelet's strict decoder refuses it */
        assert_true(value_from_ynode(VT_BOOL, node(a, "v: \"false\""), a, &v, &why) < 0);
        assert_non_null(strstr(why, "string"));
        assert_true(value_from_ynode(VT_INT, node(a, "v: \"0\""), a, &v, &why) < 0);
        assert_int_equal(value_from_ynode(VT_DURATION, node(a, "v: 0s"), a, &v, &why), 0);
        assert_string_equal(v.norm, "0");
        assert_true(value_is_zero(VT_DURATION, &v));
        assert_int_equal(value_from_ynode(VT_LIST, node(a, "v: [X, Y]"), a, &v, &why), 0);
        assert_int_equal(v.n_items, 2);
        assert_true(value_from_ynode(VT_LIST, node(a, "v: X"), a, &v, &why) < 0);
        assert_true(value_from_ynode(VT_LIST, node(a, "v: [[X]]"), a, &v, &why) < 0);
        assert_true(value_from_ynode(VT_STRING, node(a, "v: {a: b}"), a, &v, &why) < 0);
        assert_int_equal(value_from_ynode(VT_STRING, node(a, "v: \"\""), a, &v, &why), 0);
        assert_true(value_is_zero(VT_STRING, &v));
}

static void test_types(void **state)
{
        assert_int_equal(value_type_from_string("duration"), VT_DURATION);
        assert_int_equal(value_type_from_string("float"), _VT_INVALID);
        assert_string_equal(value_type_to_string(VT_LIST), "list");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_from_string),
                cmocka_unit_test(test_from_yaml),
                cmocka_unit_test(test_types),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test-operators: every operator, including unset values and what cannot be compared. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "defs/operators.h"
#include "shared/strutil.h"

static enum op_verdict ev(enum op op, const char *value, char **exp, size_t n)
{
        _cleanup_arena_ struct arena *a = arena_new();
        struct observed o = {.has_value = value != NULL, .norm = value};
        char *why;
        return op_eval(op, &o, exp, n, a, &why);
}

static void test_scalar_ops(void **state)
{
        char *f[] = {"false"}, *aa[] = {"AlwaysAllow"}, *z[] = {"0"};
        assert_int_equal(ev(OP_EQ, "false", f, 1), OP_PASS);
        assert_int_equal(ev(OP_EQ, "true", f, 1), OP_FAIL);
        assert_int_equal(ev(OP_EQ, NULL, f, 1), OP_FAIL);
        assert_int_equal(ev(OP_NE, "Webhook", aa, 1), OP_PASS);
        assert_int_equal(ev(OP_NE, "AlwaysAllow", aa, 1), OP_FAIL);
        assert_int_equal(ev(OP_NE, NULL, aa, 1), OP_PASS);
        char *one[] = {"a", "b"};
        assert_int_equal(ev(OP_ONE_OF, "b", one, 2), OP_PASS);
        assert_int_equal(ev(OP_ONE_OF, "c", one, 2), OP_FAIL);
        assert_int_equal(ev(OP_GE, "50", z, 1), OP_PASS);
        assert_int_equal(ev(OP_GE, "-1", z, 1), OP_FAIL);
        assert_int_equal(ev(OP_LE, "0.5", z, 1), OP_FAIL);
        assert_int_equal(ev(OP_GE, "abc", z, 1), OP_CANNOT);
        assert_int_equal(ev(OP_GE, NULL, z, 1), OP_FAIL);
        assert_int_equal(ev(OP_SET, "x", NULL, 0), OP_PASS);
        assert_int_equal(ev(OP_SET, "", NULL, 0), OP_FAIL);
        assert_int_equal(ev(OP_SET, NULL, NULL, 0), OP_FAIL);
        assert_int_equal(ev(OP_UNSET, NULL, NULL, 0), OP_PASS);
        assert_int_equal(ev(OP_UNSET, "host", NULL, 0), OP_FAIL);
        char *g[] = {"127.0.0.1", "127.0.0.1:*"};
        assert_int_equal(ev(OP_MATCHES, "127.0.0.1:10249", g, 2), OP_PASS);
        assert_int_equal(ev(OP_MATCHES, "0.0.0.0:10249", g, 2), OP_FAIL);
        char *range[] = {"1", "60"};
        assert_int_equal(ev(OP_BETWEEN, "60", range, 2), OP_PASS);
        assert_int_equal(ev(OP_BETWEEN, "0", range, 2), OP_FAIL);
        assert_int_equal(ev(OP_BETWEEN, "120", range, 2), OP_FAIL);
        assert_int_equal(ev(OP_BETWEEN, "x", range, 2), OP_CANNOT);
        char *ms[] = {"<=10", ">=30", "<=60"};
        assert_int_equal(ev(OP_FIELDS, "10:30:60", ms, 3), OP_PASS);
        assert_int_equal(ev(OP_FIELDS, "5:50:20", ms, 3), OP_PASS);
        assert_int_equal(ev(OP_FIELDS, "10:30:100", ms, 3), OP_FAIL);
        assert_int_equal(ev(OP_FIELDS, "10:20:60", ms, 3), OP_FAIL);
        assert_int_equal(ev(OP_FIELDS, "10:30", ms, 3), OP_CANNOT);
}

static void test_list_ops(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        char *items[] = {"Node", "RBAC"};
        struct observed o = {.has_value = true, .norm = "Node,RBAC", .items = items,
                             .n_items = 2, .is_list = true};
        char *rbac[] = {"RBAC"}, *aa[] = {"AlwaysAllow"}, *why;
        assert_int_equal(op_eval(OP_HAS, &o, rbac, 1, a, &why), OP_PASS);
        assert_int_equal(op_eval(OP_HAS, &o, aa, 1, a, &why), OP_FAIL);
        assert_non_null(why);
        assert_int_equal(op_eval(OP_NOT_HAS, &o, aa, 1, a, &why), OP_PASS);
        assert_int_equal(op_eval(OP_NOT_HAS, &o, rbac, 1, a, &why), OP_FAIL);
        char *allowed[] = {"Node", "RBAC", "Webhook"};
        assert_int_equal(op_eval(OP_SUBSET_OF, &o, allowed, 3, a, &why), OP_PASS);
        assert_int_equal(op_eval(OP_SUBSET_OF, &o, rbac, 1, a, &why), OP_FAIL);
        assert_string_equal(why, "not allowed: Node");
        struct observed empty = {.has_value = true, .norm = "", .is_list = true};
        assert_int_equal(op_eval(OP_SUBSET_OF, &empty, allowed, 3, a, &why), OP_FAIL);
        /* a scalar spelled as a comma list counts as items */
        struct observed csv = {.has_value = true, .norm = "Node,AlwaysAllow"};
        assert_int_equal(op_eval(OP_NOT_HAS, &csv, aa, 1, a, &why), OP_FAIL);
}

static void test_mode_owner(void **state)
{
        unsigned extra;
        assert_true(op_mode_at_most(0600, 0600, &extra));
        assert_true(op_mode_at_most(0400, 0644, &extra));
        assert_false(op_mode_at_most(0644, 0600, &extra));
        assert_int_equal(extra, 044);
        assert_false(op_mode_at_most(04600, 0600, &extra)); /* setuid counts */
        char *m[] = {"600"}, *o[] = {"root:root"};
        assert_int_equal(ev(OP_MODE_AT_MOST, "640", m, 1), OP_FAIL);
        assert_int_equal(ev(OP_MODE_AT_MOST, "400", m, 1), OP_PASS);
        assert_int_equal(ev(OP_MODE_AT_MOST, "rw", m, 1), OP_CANNOT);
        assert_int_equal(ev(OP_OWNER, "root:root", o, 1), OP_PASS);
        assert_int_equal(ev(OP_OWNER, "root:etcd", o, 1), OP_FAIL);
}

static void test_names(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        for (int i = 0; i < _OP_MAX; i++)
                assert_int_equal(op_from_string(op_to_string((enum op)i)), i);
        assert_int_equal(op_from_string(">="), _OP_INVALID);
        char *e[] = {"AlwaysAllow"};
        assert_string_equal(op_describe(OP_NE, e, 1, a), "not AlwaysAllow");
        assert_string_equal(op_describe(OP_UNSET, NULL, 0, a), "not set");
        assert_false(op_takes_expected(OP_SET));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_scalar_ops),
                cmocka_unit_test(test_list_ops),
                cmocka_unit_test(test_mode_owner),
                cmocka_unit_test(test_names),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}

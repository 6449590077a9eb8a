/* test-strutil: checked number, boolean, duration and mode parsing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>

#include "shared/strutil.h"

static void test_int(void **state)
{
        int64_t v;
        assert_int_equal(parse_int64("42", &v), 0);
        assert_int_equal(v, 42);
        assert_int_equal(parse_int64("-1", &v), 0);
        assert_int_equal(v, -1);
        assert_int_equal(parse_int64("", &v), -EINVAL);
        assert_int_equal(parse_int64("12abc", &v), -EINVAL);
        assert_int_equal(parse_int64(" 1", &v), -EINVAL);
        assert_int_equal(parse_int64("99999999999999999999", &v), -ERANGE);
        uint64_t u;
        assert_int_equal(parse_uint64("-1", &u), -EINVAL);
}

static void test_double(void **state)
{
        double d;
        assert_int_equal(parse_double("0.5", &d), 0);
        assert_true(d == 0.5);
        assert_int_equal(parse_double("nan", &d), -EINVAL);
        assert_int_equal(parse_double("inf", &d), -EINVAL);
        assert_int_equal(parse_double("0x10", &d), -EINVAL);
        assert_int_equal(parse_double("1e999", &d), -ERANGE);
}

static void test_go_bool(void **state)
{
        bool b;
        const char *yes[] = {"1", "t", "T", "TRUE", "true", "True"};
        const char *no[] = {"0", "f", "F", "FALSE", "false", "False"};
        for (size_t i = 0; i < ELEMENTSOF(yes); i++) {
                assert_int_equal(parse_go_bool(yes[i], &b), 0);
                assert_true(b);
                assert_int_equal(parse_go_bool(no[i], &b), 0);
                assert_false(b);
        }
        assert_int_equal(parse_go_bool("yes", &b), -EINVAL); /* pflag rejects yes */
        assert_int_equal(parse_go_bool("tRuE", &b), -EINVAL);
        assert_int_equal(parse_go_bool("", &b), -EINVAL);
}

static void test_duration(void **state)
{
        int64_t ns;
        assert_int_equal(parse_go_duration("4h0m0s", &ns), 0);
        assert_int_equal(ns, 4LL * 3600 * 1000000000);
        assert_int_equal(parse_go_duration("5m", &ns), 0);
        assert_int_equal(ns, 300LL * 1000000000);
        assert_int_equal(parse_go_duration("1h30m", &ns), 0);
        assert_int_equal(ns, 5400LL * 1000000000);
        assert_int_equal(parse_go_duration("300ms", &ns), 0);
        assert_int_equal(ns, 300000000);
        assert_int_equal(parse_go_duration("1.5s", &ns), 0);
        assert_int_equal(ns, 1500000000);
        assert_int_equal(parse_go_duration("0", &ns), 0);
        assert_int_equal(ns, 0);
        assert_int_equal(parse_go_duration("0s", &ns), 0);
        assert_int_equal(ns, 0);
        assert_int_equal(parse_go_duration("-5s", &ns), 0);
        assert_int_equal(ns, -5000000000LL);
        assert_int_equal(parse_go_duration("10", &ns), -EINVAL); /* unit required */
        assert_int_equal(parse_go_duration("5x", &ns), -EINVAL);
        assert_int_equal(parse_go_duration("", &ns), -EINVAL);
        assert_int_equal(parse_go_duration("h", &ns), -EINVAL);
        assert_int_equal(parse_go_duration("99999999999h", &ns), -ERANGE);
}

static void test_mode(void **state)
{
        unsigned m;
        assert_int_equal(parse_mode("600", &m), 0);
        assert_int_equal(m, 0600);
        assert_int_equal(parse_mode("0644", &m), 0);
        assert_int_equal(m, 0644);
        assert_int_equal(parse_mode("800", &m), -EINVAL);
        assert_int_equal(parse_mode("rw", &m), -EINVAL);
        assert_int_equal(parse_mode("177777", &m), -EINVAL);
}

static void test_split_join(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        char **items;
        size_t n = str_split(a, " a, b ,,c ", ',', &items);
        assert_int_equal(n, 3);
        assert_string_equal(items[0], "a");
        assert_string_equal(items[1], "b");
        assert_string_equal(items[2], "c");
        assert_string_equal(str_join(a, items, n, "+"), "a+b+c");
        assert_int_equal(str_split(a, "", ',', &items), 0);
        assert_string_equal(format_seconds(a, 14400LL * 1000000000), "14400");
        assert_string_equal(format_seconds(a, 500000000), "0.5");
}

static void test_base64(void **state)
{
        struct arena *a = arena_new();
        char *out;
        size_t n;
        assert_int_equal(str_base64_decode(a, "aGVsbG8=", 8, &out, &n), 0);
        assert_int_equal(n, 5);
        assert_string_equal(out, "hello");
        assert_int_equal(str_base64_decode(a, "aGVs\nbG8h", 9, &out, &n), 0); /* folded */
        assert_string_equal(out, "hello!");
        assert_int_equal(str_base64_decode(a, "", 0, &out, &n), 0);
        assert_int_equal(n, 0);
        assert_int_equal(str_base64_decode(a, "AP8=", 4, &out, &n), 0);
        assert_int_equal(n, 2);
        assert_int_equal((unsigned char)out[1], 0xff);
        assert_int_equal(str_base64_decode(a, "aGVsbG8", 7, &out, &n), -EBADMSG);    /* unpadded */
        assert_int_equal(str_base64_decode(a, "aGV*bG8=", 8, &out, &n), -EBADMSG);   /* not base64 */
        assert_int_equal(str_base64_decode(a, "aGVsbG8=aGVs", 12, &out, &n), -EBADMSG); /* after = */
        assert_int_equal(str_base64_decode(a, "a===", 4, &out, &n), -EBADMSG);
        arena_free(a);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_int),      cmocka_unit_test(test_double),
                cmocka_unit_test(test_go_bool),  cmocka_unit_test(test_duration),
                cmocka_unit_test(test_mode),     cmocka_unit_test(test_split_join), cmocka_unit_test(test_base64),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test-flags: pflag rules — "=" and next-argument values, bare booleans, lists, maps, "--". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "parse/flags.h"
#include "shared/strutil.h"

static char *bools[] = {"anonymous-auth", "rotate-certificates"};
static char *lists[] = {"tls-cipher-suites"};
static char *maps[] = {"feature-gates"};
static char *scalars[] = {"read-only-port", "config", "event-qps"};
static const struct flag_spec spec = {
        .bools = bools, .n_bools = 2, .lists = lists, .n_lists = 1,
        .maps = maps, .n_maps = 1, .scalars = scalars, .n_scalars = 3,
};

static struct flagset *parse(struct arena *a, char **argv, size_t argc)
{
        return flags_parse(&spec, argv, argc, 1, a);
}

static void test_forms(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        char *argv[] = {"kubelet", "--config=/etc/k.yaml", "--read-only-port", "0",
                        "--rotate-certificates", "--anonymous-auth=false", "-v=2"};
        struct flagset *fs = parse(a, argv, ELEMENTSOF(argv));
        assert_string_equal(flags_get(fs, "config")->value, "/etc/k.yaml");
        assert_string_equal(flags_get(fs, "read-only-port")->value, "0");
        assert_string_equal(flags_get(fs, "read-only-port")->arg, "--read-only-port 0");
        assert_string_equal(flags_get(fs, "rotate-certificates")->value, "true");
        assert_string_equal(flags_get(fs, "anonymous-auth")->value, "false");
        assert_string_equal(flags_get(fs, "v")->value, "2");
        assert_int_equal(fs->n_positional, 0);
}

static void test_bool_takes_no_next_arg(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        /* "--anonymous-auth false": pflag sets true and "false" is an argument */
        char *argv[] = {"kubelet", "--anonymous-auth", "false", "--config", "--weird"};
        struct flagset *fs = parse(a, argv, ELEMENTSOF(argv));
        assert_string_equal(flags_get(fs, "anonymous-auth")->value, "true");
        assert_int_equal(fs->n_positional, 1);
        assert_string_equal(fs->positional[0], "false");
        /* a known value flag takes the next argument even if it looks like a flag */
        assert_string_equal(flags_get(fs, "config")->value, "--weird");
}

static void test_bad_bool(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        char *argv[] = {"kubelet", "--anonymous-auth=yes"};
        struct flagset *fs = parse(a, argv, ELEMENTSOF(argv));
        assert_non_null(flags_get(fs, "anonymous-auth")->error);
}

static void test_repeats(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        char *argv[] = {"kubelet", "--event-qps=5", "--tls-cipher-suites=A,B",
                        "--event-qps", "-1", "--tls-cipher-suites", "C",
                        "--feature-gates=X=true,Y=false", "--feature-gates", "X=false"};
        struct flagset *fs = parse(a, argv, ELEMENTSOF(argv));
        const struct flag *q = flags_get(fs, "event-qps");
        assert_string_equal(q->value, "-1"); /* last wins */
        assert_int_equal(q->count, 2);
        const struct flag *c = flags_get(fs, "tls-cipher-suites");
        assert_int_equal(c->n_items, 3); /* lists accumulate */
        assert_string_equal(c->value, "A,B,C");
        const struct flag *g = flags_get(fs, "feature-gates");
        assert_string_equal(flag_map_get(g, "X"), "false");
        assert_string_equal(flag_map_get(g, "Y"), "false");
        assert_null(flag_map_get(g, "Z"));
}

static void test_terminator_and_positional(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        char *argv[] = {"kubelet", "pos", "--read-only-port=1", "--", "--read-only-port=2", "-"};
        struct flagset *fs = parse(a, argv, ELEMENTSOF(argv));
        assert_string_equal(flags_get(fs, "read-only-port")->value, "1");
        assert_int_equal(fs->n_positional, 3);
        assert_string_equal(fs->positional[1], "--read-only-port=2");
}

static void test_unknown_flags(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        char *argv[] = {"kubelet", "--unknown-a", "--unknown-b", "value", "--unknown-c",
                        "---bad", "--=x", "--read-only-port"};
        struct flagset *fs = parse(a, argv, ELEMENTSOF(argv));
        assert_string_equal(flags_get(fs, "unknown-a")->value, "true");
        assert_true(flags_get(fs, "unknown-a")->guessed);
        assert_string_equal(flags_get(fs, "unknown-b")->value, "value");
        assert_string_equal(flags_get(fs, "unknown-c")->value, "true");
        assert_int_equal(fs->n_positional, 2); /* ---bad and --=x are not flags */
        /* a value flag at the end without its value: the component would refuse */
        assert_non_null(flags_get(fs, "read-only-port")->error);
}

static void test_empty_value(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        char *argv[] = {"kubelet", "--config="};
        struct flagset *fs = parse(a, argv, ELEMENTSOF(argv));
        assert_string_equal(flags_get(fs, "config")->value, "");
        assert_null(flags_get(fs, "missing"));
}

static void test_go_style(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        struct flag_spec go = spec;
        go.go_style = true;
        char *argv[] = {"etcd", "-config", "/x.yml", "-anonymous-auth", "--read-only-port=1",
                        "-v4=2", "positional", "--event-qps=9", "-x"};
        struct flagset *fs = flags_parse(&go, argv, ELEMENTSOF(argv), 1, a);
        assert_string_equal(flags_get(fs, "config")->value, "/x.yml"); /* -name is --name */
        assert_string_equal(flags_get(fs, "anonymous-auth")->value, "true");
        assert_string_equal(flags_get(fs, "read-only-port")->value, "1");
        assert_non_null(flags_get(fs, "v4")); /* no shorthands in Go's flag package */
        assert_null(flags_get(fs, "event-qps")); /* parsing stops at the first argument */
        assert_int_equal(fs->n_positional, 3);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_forms),
                cmocka_unit_test(test_bool_takes_no_next_arg),
                cmocka_unit_test(test_bad_bool),
                cmocka_unit_test(test_repeats),
                cmocka_unit_test(test_terminator_and_positional),
                cmocka_unit_test(test_unknown_flags),
                cmocka_unit_test(test_empty_value),
                cmocka_unit_test(test_go_style),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test-unit: systemd unit files as systemd's parser reads them — sections,
 * comments, continuation lines, lines it ignores — and list directives as
 * systemd accumulates them across the unit and its drop-ins. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "parse/unit.h"
#include "shared/strutil.h"

static struct unit_file parse(struct arena *a, const char *file, const char *text)
{
        struct unit_file u = {0};
        unit_parse(&u, file, text, strlen(text), a);
        return u;
}

static void test_syntax(void **state)
{
        struct arena *a = arena_new();
        struct unit_file u = parse(a, "/x.service",
                                   "# comment\n"
                                   "; also a comment\n"
                                   "[Unit]\n"
                                   "Description = kubelet: The Kubernetes Node Agent  \n"
                                   "\n"
                                   "[Service]\r\n"
                                   "ExecStart=/usr/bin/kubelet \\\n"
                                   "  --config=/var/lib/kubelet/config.yaml \\\n"
                                   "# a comment inside a continuation is skipped\n"
                                   "  --v=2\n"
                                   "Environment=\"A=1\"\n"
                                   "  IPAddressDeny=any\n");
        assert_int_equal(u.n, 4);
        assert_int_equal(u.n_problems, 0);
        assert_string_equal(u.assignments[0].section, "Unit");
        assert_string_equal(u.assignments[0].key, "Description");
        assert_string_equal(u.assignments[0].value, "kubelet: The Kubernetes Node Agent");
        assert_int_equal(u.assignments[0].line, 4);
        assert_string_equal(u.assignments[1].section, "Service");
        assert_string_equal(u.assignments[1].key, "ExecStart");
        assert_string_equal(u.assignments[1].value,
                            "/usr/bin/kubelet    --config=/var/lib/kubelet/config.yaml    --v=2");
        assert_int_equal(u.assignments[1].line, 7);
        assert_string_equal(u.assignments[2].value, "\"A=1\""); /* quotes are the directive's business */
        assert_string_equal(u.assignments[3].key, "IPAddressDeny");
        assert_int_equal(u.assignments[3].line, 12);
        arena_free(a);
}

static void test_ignored_lines(void **state)
{
        struct arena *a = arena_new();
        struct unit_file u = parse(a, "/d.conf",
                                   "IPAddressDeny=any\n"   /* before any section */
                                   "[Service\n"            /* unterminated header */
                                   "IPAddressDeny=any\n"   /* so this has no section either */
                                   "[]\n"                  /* empty name */
                                   "[Service]\n"
                                   "no equals sign here\n"
                                   "IPAddressDeny=10.0.0.0/8\n"
                                   "[Service] trailing\n"
                                   "IPAddressAllow=any\n");
        assert_int_equal(u.n, 1);
        assert_string_equal(u.assignments[0].value, "10.0.0.0/8");
        assert_int_equal(u.n_problems, 7);
        assert_string_equal(u.problems[0], "/d.conf:1: assignment outside of any section, ignored");
        assert_non_null(strstr(u.problems[1], "/d.conf:2: invalid section header"));
        assert_non_null(strstr(u.problems[3], "/d.conf:4: invalid section header"));
        assert_string_equal(u.problems[4], "/d.conf:6: missing '=', ignored");
        assert_non_null(strstr(u.problems[5], "/d.conf:8: invalid section header"));
        assert_string_equal(u.problems[6], "/d.conf:9: assignment outside of any section, ignored");
        /* a backslash on the last line continues into nothing */
        struct unit_file v = parse(a, "/e.conf", "[Service]\nIPAddressDeny=any \\");
        assert_int_equal(v.n, 1);
        assert_string_equal(v.assignments[0].value, "any");
        arena_free(a);
}

static void test_list_value(void **state)
{
        struct arena *a = arena_new();
        struct unit_file u = {0};
        const char *unit = "[Service]\nIPAddressDeny=10.0.0.0/8\n[Install]\nIPAddressDeny=ignored\n";
        const char *d1 = "[Service]\nIPAddressDeny=192.168.0.0/16\tfe80::/10\n";
        const char *d2 = "[Service]\nIPAddressDeny=\n";
        const char *d3 = "[Service]\nIPAddressDeny=any\n";
        unit_parse(&u, "/lib/systemd/system/kubelet.service", unit, strlen(unit), a);
        const struct unit_assignment *last;
        char *v = unit_list_value(&u, "Service", "IPAddressDeny", a, &last);
        assert_string_equal(v, "10.0.0.0/8");
        unit_parse(&u, "/etc/systemd/system/kubelet.service.d/10.conf", d1, strlen(d1), a);
        v = unit_list_value(&u, "Service", "IPAddressDeny", a, &last);
        assert_string_equal(v, "10.0.0.0/8 192.168.0.0/16 fe80::/10");
        assert_string_equal(last->file, "/etc/systemd/system/kubelet.service.d/10.conf");
        assert_int_equal(last->line, 2);
        unit_parse(&u, "/etc/systemd/system/kubelet.service.d/20.conf", d2, strlen(d2), a);
        v = unit_list_value(&u, "Service", "IPAddressDeny", a, &last);
        assert_string_equal(v, ""); /* an empty assignment clears the list */
        unit_parse(&u, "/etc/systemd/system/kubelet.service.d/30.conf", d3, strlen(d3), a);
        assert_string_equal(unit_list_value(&u, "Service", "IPAddressDeny", a, NULL), "any");
        /* keys and sections are case-sensitive, as in systemd */
        assert_null(unit_list_value(&u, "service", "IPAddressDeny", a, &last));
        assert_null(last);
        assert_null(unit_list_value(&u, "Service", "IPAddressAllow", a, NULL));
        arena_free(a);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_syntax),
                cmocka_unit_test(test_ignored_lines),
                cmocka_unit_test(test_list_value),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}

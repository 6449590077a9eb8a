/* test-baseline: the baseline file (escapes, every field checked, what is
 * refused at which line) and the comparison (created, removed, renamed,
 * modified, mode, owner, a changed type or link target). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baseline/baseline.h"
#include "refusals.h"
#include "shared/strutil.h"

#define H1 "1111111111111111111111111111111111111111111111111111111111111111"
#define H2 "2222222222222222222222222222222222222222222222222222222222222222"
#define HEAD "# nodeaudit baseline v1\n# root /host\n# saved 2026-11-22T10:00:00Z\n"

static struct baseline *parse(struct arena *a, const char *text, struct diag *d)
{
        struct baseline *b = NULL;
        return baseline_parse(text, strlen(text), "b.txt", a, &b, d) < 0 ? NULL : b;
}

static void test_round_trip(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        struct baseline_entry items[] = {
                {.path = "/etc/a b\\c", .type = 'f', .mode = 0600, .uid = 0, .gid = 0, .size = 5, .sha256 = H1},
                {.path = "/etc/d", .type = 'd', .mode = 0755},
                {.path = "/etc/l\n", .type = 'l', .mode = 0777, .target = "t\xc3\xa9 x"},
                {.path = "/etc/u", .type = 'f', .mode = 0644, .uid = 1000, .gid = 1000, .size = 9},
        };
        struct baseline b = {.root = "/ho st", .saved_at = "2026-11-22T10:00:00Z", .items = items, .n = 4};
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        assert_int_equal(baseline_write(f, &b), 0);
        fclose(f);
        assert_non_null(strstr(buf, "f 0600 0 0 5 " H1 " /etc/a\\040b\\134c\n"));
        assert_non_null(strstr(buf, "l 0777 0 0 - t\\303\\251\\040x /etc/l\\012\n"));
        assert_non_null(strstr(buf, "f 0644 1000 1000 9 - /etc/u\n"));
        struct diag d = {0};
        struct baseline *r = parse(a, buf, &d);
        free(buf);
        if (!r) {
                fail_msg("%u: %s", d.line, d.message);
                return;
        }
        assert_int_equal(r->n, 4);
        assert_string_equal(r->root, "/ho st");
        assert_string_equal(r->items[0].path, "/etc/a b\\c");
        assert_string_equal(r->items[0].sha256, H1);
        assert_string_equal(r->items[2].path, "/etc/l\n");
        assert_string_equal(r->items[2].target, "t\xc3\xa9 x");
        assert_null(r->items[3].sha256);
        assert_int_equal(r->items[3].uid, 1000);
}

static int parse_baseline(const char *text, const char *file, struct arena *a, struct diag *d)
{
        struct baseline *b;
        return baseline_parse(text, strlen(text), file, a, &b, d);
}

static void test_refused(void **state)
{
        static const struct refusal cases[] = {
                {"", 1, "empty"},
                {"hello\n", 1, "not a nodeaudit baseline"},
                {HEAD "f 0600 0 0 5 " H1 "\n", 4, "7 fields"},
                {HEAD "x 0600 0 0 5 " H1 " /a\n", 4, "TYPE"},
                {HEAD "f 600 0 0 5 " H1 " /a\n", 4, "MODE"},
                {HEAD "f 0800 0 0 5 " H1 " /a\n", 4, "MODE"},
                {HEAD "f 0600 -1 0 5 " H1 " /a\n", 4, "UID"},
                {HEAD "f 0600 0 x 5 " H1 " /a\n", 4, "GID"},
                {HEAD "f 0600 0 0 - " H1 " /a\n", 4, "SIZE"},
                {HEAD "f 0600 0 0 5 ABC /a\n", 4, "SHA256"},
                {HEAD "d 0755 0 0 5 - /a\n", 4, "SIZE is -"},
                {HEAD "d 0755 0 0 - " H1 " /a\n", 4, "SHA256 is -"},
                {HEAD "f 0600 0 0 5 " H1 " a\n", 4, "absolute"},
                {HEAD "f 0600 0 0 5 " H1 " /a\\9\n", 4, "escapes"},
                {HEAD "f 0600 0 0 5 " H1 " /a\\000\n", 4, "escapes"},
                {HEAD "l 0777 0 0 - t\\x /a\n", 4, "TARGET"},
                {HEAD "f 0600 0 0 5 " H1 " /b\nf 0600 0 0 5 " H1 " /a\n", 5, "sorted"},
                {HEAD "f 0600 0 0 5 " H1 " /a\nf 0600 0 0 5 " H1 " /a\n", 5, "once"},
                {HEAD "f 0600 0 0 5 " H1 "  /a\n", 4, "one space"},
        };
        expect_refusals(cases, ELEMENTSOF(cases), "b.txt", parse_baseline);
        _cleanup_arena_ struct arena *a = arena_new();
        struct diag d = {0};
        struct baseline *b;
        assert_int_equal(baseline_parse("# nodeaudit baseline v1\n\0x", 26, "b.txt", a, &b, &d), -EINVAL);
}

static void test_compare(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        struct diag d = {0};
        struct baseline *was = parse(a, HEAD
                "f 0600 0 0 5 " H1 " /etc/k/admin.conf\n"
                "f 0644 0 0 7 " H2 " /etc/k/apiserver.crt\n"
                "d 0755 0 0 - - /etc/k/d\n"
                "l 0777 0 0 - a.pem /etc/k/link\n"
                "f 0600 0 0 3 " H1 "a /etc/k/gone\n", &d);
        assert_null(was); /* a 65-digit hash */
        was = parse(a, HEAD
                "f 0600 0 0 5 " H1 " /etc/k/admin.conf\n"
                "f 0644 0 0 7 " H2 " /etc/k/apiserver.crt\n"
                "d 0755 0 0 - - /etc/k/d\n"
                "f 0600 0 0 3 - /etc/k/gone\n"
                "l 0777 0 0 - a.pem /etc/k/link\n"
                "f 0600 0 0 5 " H1 " /etc/k/same\n", &d);
        struct baseline *now = parse(a, HEAD
                "f 0644 0 0 6 " H2 " /etc/k/admin.conf\n"
                "f 0644 0 0 7 " H2 " /etc/k/apiserver.old\n"
                "f 0600 0 0 1 " H1 " /etc/k/d\n"
                "f 0600 0 0 0 - /etc/k/evil.yaml\n"
                "l 0777 0 0 - b.pem /etc/k/link\n"
                "f 0600 1000 0 5 " H1 " /etc/k/same\n", &d);
        if (!was || !now) {
                fail_msg("%u: %s", d.line, d.message);
                return;
        }
        struct baseline_diff *diff = baseline_compare(was, now, NULL, a);
        struct strbuf sb = {0};
        for (size_t i = 0; i < diff->n; i++)
                strbuf_printf(&sb, "%s %s\n", change_kind_to_string(diff->items[i].kind),
                              diff->items[i].detail);
        assert_string_equal(sb.buf,
                "modified content, 5 -> 6 bytes\n"
                "mode 0600 -> 0644\n"
                "modified a directory, now a file\n"
                "modified target, a.pem -> b.pem\n"
                "owner 0:0 -> 1000:0\n"
                /* the content matches: a rename, not a removal and a creation */
                "renamed /etc/k/apiserver.crt -> /etc/k/apiserver.old\n"
                "removed a file\n"
                "created a file, 0600 0:0, 0 bytes\n");
        strbuf_free(&sb);
        assert_int_equal(diff->counts[CHANGE_RENAMED], 1);
        assert_int_equal(diff->counts[CHANGE_MODIFIED], 3);
        /* a file whose content could not be read is never called renamed */
        assert_int_equal(baseline_compare(was, was, NULL, a)->n, 0);
}

/* A created name of a file that has others says which: the recorded one
 * first, else another critical file, else how many names are elsewhere. */
static void test_hard_links(void **state)
{
        _cleanup_arena_ struct arena *a = arena_new();
        struct diag d = {0};
        struct baseline *was = parse(a, HEAD "f 0600 0 0 5 " H1 " /etc/k/kubelet.conf\n", &d);
        struct baseline *now = parse(a, HEAD
                "f 0600 0 0 5 " H1 " /etc/k/a-link.conf\n"
                "f 0600 0 0 5 " H1 " /etc/k/kubelet.conf\n"
                "f 0600 0 0 5 " H2 " /etc/k/pki/stolen\n"
                "f 0600 0 0 5 " H1 " /etc/k/z-link.conf\n", &d);
        if (!was || !now) {
                fail_msg("%u: %s", d.line, d.message);
                return;
        }
        for (size_t i = 0; i < now->n; i++) {
                now->items[i].dev = 8;
                now->items[i].ino = i == 2 ? 99 : 42;
                now->items[i].nlink = i == 2 ? 2 : 3;
        }
        struct baseline_diff *diff = baseline_compare(was, now, NULL, a);
        struct strbuf sb = {0};
        for (size_t i = 0; i < diff->n; i++)
                strbuf_printf(&sb, "%s %s: %s\n", change_kind_to_string(diff->items[i].kind),
                              diff->items[i].now->path, diff->items[i].detail);
        assert_string_equal(sb.buf,
                "created /etc/k/a-link.conf: a file, 0600 0:0, 5 bytes, hard link to /etc/k/kubelet.conf "
                "(2 other names in all)\n"
                "created /etc/k/pki/stolen: a file, 0600 0:0, 5 bytes, a hard link (1 other name, none "
                "of them a critical file)\n"
                "created /etc/k/z-link.conf: a file, 0600 0:0, 5 bytes, hard link to /etc/k/kubelet.conf "
                "(2 other names in all)\n");
        strbuf_free(&sb);
        /* loaded from a file, nothing is known of inodes: no link is claimed */
        diff = baseline_compare(was, parse(a, HEAD "f 0600 0 0 5 " H1 " /etc/k/a-link.conf\n"
                                              "f 0600 0 0 5 " H1 " /etc/k/kubelet.conf\n", &d), NULL, a);
        assert_int_equal(diff->n, 1);
        assert_null(strstr(diff->items[0].detail, "link"));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_round_trip),
                cmocka_unit_test(test_refused),
                cmocka_unit_test(test_compare),
                cmocka_unit_test(test_hard_links),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}

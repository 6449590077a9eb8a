/* test-json: JSON strings stay valid for any bytes a node holds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

static char *render(const char *s)
{
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        json_put_string(f, s);
        fclose(f);
        return buf;
}

static void check(const char *in, const char *out)
{
        char *got = render(in);
        assert_string_equal(got, out);
        free(got);
}

static void test_escapes(void **state)
{
        check("plain", "\"plain\"");
        check("q\"b\\", "\"q\\\"b\\\\\"");
        check("a\nb\tc\r", "\"a\\nb\\tc\\r\"");
        check("\x01\x1b[31m\x7f", "\"\\u0001\\u001b[31m\\u007f\"");
        check(NULL, "null");
}

static void test_utf8(void **state)
{
        check("caf\xc3\xa9", "\"caf\xc3\xa9\"");
        check("\xe2\x82\xac", "\"\xe2\x82\xac\"");
        check("\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\"");
        check("\xff", "\"\\ufffd\"");
        check("\xc3", "\"\\ufffd\"");           /* truncated */
        check("\xc0\xaf", "\"\\ufffd\\ufffd\""); /* overlong */
        check("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\""); /* surrogate */
        check("\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\""); /* > U+10FFFF */
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_escapes),
                cmocka_unit_test(test_utf8),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test-escape: what each output makes of controls, non-characters, reordering marks and bytes that are not UTF-8. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/escape.h"
#include "shared/strutil.h"

enum out { TEXT, JSON, XML, PROM, URI };

static char *render(enum out o, const char *s)
{
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        switch (o) {
        case TEXT: escape_text(f, s); break;
        case JSON: json_put_string(f, s); break;
        case XML: xml_put_string(f, s); break;
        case PROM: escape_prom_label(f, s); break;
        case URI: escape_uri_path(f, s, strlen(s)); break;
        }
        fclose(f);
        return buf;
}

static void check(enum out o, const char *in, const char *want)
{
        char *got = render(o, in);
        assert_string_equal(got, want);
        free(got);
}

static enum escape_class class_of(const char *s, uint32_t *cp, size_t *len)
{
        enum escape_class c;
        *len = escape_next(s, cp, &c);
        return c;
}

static void test_classes(void **state)
{
        static const struct {
                const char *s;
                uint32_t cp;
                size_t len;
                enum escape_class c;
        } cases[] = {
                {"a", 'a', 1, ESCAPE_PLAIN},
                {"~", '~', 1, ESCAPE_PLAIN},
                {"\t", '\t', 1, ESCAPE_CONTROL},
                {"\x1b", 0x1b, 1, ESCAPE_CONTROL},
                {"\x7f", 0x7f, 1, ESCAPE_CONTROL},
                {"\xc2\x80", 0x80, 2, ESCAPE_CONTROL},      /* first C1 */
                {"\xc2\x85", 0x85, 2, ESCAPE_CONTROL},      /* NEL */
                {"\xc2\x9b", 0x9b, 2, ESCAPE_CONTROL},      /* CSI */
                {"\xc2\x9f", 0x9f, 2, ESCAPE_CONTROL},      /* last C1 */
                {"\xc2\xa0", 0xa0, 2, ESCAPE_PLAIN},        /* no-break space */
                {"\xc3\xa9", 0xe9, 2, ESCAPE_PLAIN},
                {"\xef\xb7\x8f", 0xfdcf, 3, ESCAPE_PLAIN},
                {"\xef\xb7\x90", 0xfdd0, 3, ESCAPE_NONCHAR},
                {"\xef\xb7\xaf", 0xfdef, 3, ESCAPE_NONCHAR},
                {"\xef\xb7\xb0", 0xfdf0, 3, ESCAPE_PLAIN},
                {"\xef\xbf\xbd", 0xfffd, 3, ESCAPE_PLAIN},  /* the replacement character */
                {"\xef\xbf\xbe", 0xfffe, 3, ESCAPE_NONCHAR},
                {"\xef\xbf\xbf", 0xffff, 3, ESCAPE_NONCHAR},
                {"\xf0\x9f\xbf\xbe", 0x1fffe, 4, ESCAPE_NONCHAR},
                {"\xf4\x8f\xbf\xbf", 0x10ffff, 4, ESCAPE_NONCHAR},
                {"\xf0\x9f\x98\x80", 0x1f600, 4, ESCAPE_PLAIN},
                {"\xe2\x80\xae", 0x202e, 3, ESCAPE_FORMAT}, /* right-to-left override */
                {"\xe2\x81\xa6", 0x2066, 3, ESCAPE_FORMAT}, /* left-to-right isolate */
                {"\xe2\x80\xa8", 0x2028, 3, ESCAPE_FORMAT},
                {"\xe2\x80\x8b", 0x200b, 3, ESCAPE_FORMAT},
                {"\xef\xbb\xbf", 0xfeff, 3, ESCAPE_FORMAT},
                {"\xe2\x80\x8d", 0x200d, 3, ESCAPE_PLAIN},  /* zero-width joiner: emoji need it */
                {"\xff", 0xff, 1, ESCAPE_INVALID},
                {"\xc3", 0xc3, 1, ESCAPE_INVALID},          /* truncated */
                {"\xc0\xaf", 0xc0, 1, ESCAPE_INVALID},      /* overlong */
                {"\xed\xa0\x80", 0xed, 1, ESCAPE_INVALID},  /* surrogate */
                {"\xf4\x90\x80\x80", 0xf4, 1, ESCAPE_INVALID}, /* beyond U+10FFFF */
                {"\x80", 0x80, 1, ESCAPE_INVALID},          /* C1 as a raw byte is no UTF-8 */
        };
        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                uint32_t cp;
                size_t len;
                enum escape_class c = class_of(cases[i].s, &cp, &len);
                if (c != cases[i].c || cp != cases[i].cp || len != cases[i].len)
                        fail_msg("case %zu: class %d cp %#x len %zu, wanted %d %#x %zu", i, c,
                                 (unsigned)cp, len, cases[i].c, (unsigned)cases[i].cp, cases[i].len);
        }
}

static void test_text(void **state)
{
        check(TEXT, "worker-1", "worker-1");
        check(TEXT, "caf\xc3\xa9 \xf0\x9f\x98\x80", "caf\xc3\xa9 \xf0\x9f\x98\x80");
        check(TEXT, "a\tb\nc\r", "a\\tb\\nc\\r");
        check(TEXT, "\x1b]0;pwned\x07\x1b[2J", "\\x1b]0;pwned\\x07\\x1b[2J");
        check(TEXT, "\x7f", "\\x7f");
        check(TEXT, "evil\xc2\x80host\xc2\x9b" "31m", "evil\\u0080host\\u009b31m");
        check(TEXT, "\xef\xbf\xbe\xef\xb7\x90", "\\ufffe\\ufdd0");
        check(TEXT, "\xf4\x8f\xbf\xbf", "\\U0010ffff");
        check(TEXT, "admin\xe2\x80\xae" "fdp.exe", "admin\\u202efdp.exe");
        check(TEXT, "\xff\xc3", "\\xff\\xc3");
        check(TEXT, "sed 's/\\(a\\)/b/'", "sed 's/\\(a\\)/b/'"); /* backslashes stay */
        check(TEXT, NULL, "");

        struct strbuf sb = {0};
        escape_text_buf(&sb, "h\x1b");
        escape_text_buf(&sb, "\xc2\x80");
        assert_string_equal(sb.buf, "h\\x1b\\u0080");
        strbuf_free(&sb);
}

static void test_json(void **state)
{
        check(JSON, "plain", "\"plain\"");
        check(JSON, "q\"b\\", "\"q\\\"b\\\\\"");
        check(JSON, "a\nb\tc\r", "\"a\\nb\\tc\\r\"");
        check(JSON, "\x01\x1b[31m\x7f", "\"\\u0001\\u001b[31m\\u007f\"");
        check(JSON, "\xc2\x80\xc2\x9f", "\"\\u0080\\u009f\"");
        check(JSON, "\xef\xbf\xbe\xef\xbf\xbf\xef\xb7\x90", "\"\\ufffe\\uffff\\ufdd0\"");
        check(JSON, "\xf0\x9f\xbf\xbe", "\"\\ud83f\\udffe\""); /* U+1FFFE as a surrogate pair */
        check(JSON, "\xe2\x80\xae", "\"\\u202e\"");
        check(JSON, "\xff", "\"\\ufffd\"");
        check(JSON, "\xc0\xaf", "\"\\ufffd\\ufffd\"");
        check(JSON, "\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\"");
        check(JSON, NULL, "null");
}

static void test_xml(void **state)
{
        check(XML, "<a href=\"x\">&'", "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
        check(XML, "a\tb\nc", "a\tb\nc");
        check(XML, "\r\x1b\x7f", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
        check(XML, "host\xef\xbf\xbe", "host\xef\xbf\xbd");
        check(XML, "\xc2\x85\xef\xb7\xa0\xe2\x80\xae", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
        check(XML, "\xff", "\xef\xbf\xbd");
        check(XML, "caf\xc3\xa9", "caf\xc3\xa9");
        check(XML, NULL, "");
}

static void test_prom(void **state)
{
        check(PROM, "a\\b\"c\nd", "a\\\\b\\\"c\\nd");
        check(PROM, "\t\x1b\xc2\x80\xef\xbf\xbf\xff", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
        check(PROM, "caf\xc3\xa9", "caf\xc3\xa9");
}

static void test_uri(void **state)
{
        check(URI, "/etc/kubernetes/kubelet.conf", "/etc/kubernetes/kubelet.conf");
        check(URI, "/var/lib/my dir/#1%/a?b", "/var/lib/my%20dir/%231%25/a%3Fb");
        check(URI, "/x\"\\<\n", "/x%22%5C%3C%0A");
        check(URI, "/caf\xc3\xa9\xff", "/caf%C3%A9%FF");
        check(URI, "/a-b_c.d~e", "/a-b_c.d~e");
}

/* Nothing but ESCAPE_PLAIN (and XML's tab and newline) in what an output wrote. */
static void assert_clean(enum out o, const char *in)
{
        char *got = render(o, in);
        for (const char *p = got; *p;) {
                uint32_t cp;
                enum escape_class c;
                size_t n = escape_next(p, &cp, &c);
                if (c != ESCAPE_PLAIN && !(o == XML && (cp == '\n' || cp == '\t')))
                        fail_msg("output %d lets %#x (class %d) through", o, (unsigned)cp, c);
                p += n;
        }
        free(got);
}

/* Every code point, and every pair of bytes, through every output. */
static void test_nothing_unsafe_gets_through(void **state)
{
        struct strbuf sb = {0};
        for (uint32_t cp = 1; cp <= 0x10ffff; cp++) {
                char u[4];
                size_t n;
                if (cp >= 0xd800 && cp <= 0xdfff)
                        continue;
                if (cp < 0x80) {
                        u[0] = (char)cp, n = 1;
                } else if (cp < 0x800) {
                        u[0] = (char)(0xc0 | cp >> 6), u[1] = (char)(0x80 | (cp & 0x3f)), n = 2;
                } else if (cp < 0x10000) {
                        u[0] = (char)(0xe0 | cp >> 12), u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
                        u[2] = (char)(0x80 | (cp & 0x3f)), n = 3;
                } else {
                        u[0] = (char)(0xf0 | cp >> 18), u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
                        u[2] = (char)(0x80 | ((cp >> 6) & 0x3f)), u[3] = (char)(0x80 | (cp & 0x3f)), n = 4;
                }
                strbuf_putn(&sb, u, n);
        }
        for (unsigned a = 1; a < 256; a++)
                for (unsigned b = 1; b < 256; b++) {
                        char pair[2] = {(char)a, (char)b};
                        strbuf_putn(&sb, pair, 2);
                }
        for (enum out o = TEXT; o <= PROM; o++)
                assert_clean(o, sb.buf);
        strbuf_free(&sb);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_classes), cmocka_unit_test(test_text),
                cmocka_unit_test(test_json),    cmocka_unit_test(test_xml),
                cmocka_unit_test(test_prom),    cmocka_unit_test(test_uri),
                cmocka_unit_test(test_nothing_unsafe_gets_through),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}

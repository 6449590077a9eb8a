/* intake: JSON's tokens checked byte by byte, strings rewritten where libyaml would refuse or fold them. */
#include "fleet/intake.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "report/escape.h"
#include "shared/strutil.h"

struct cursor {
        const char *text, *name;
        size_t len, i;
        unsigned line, column; /* of text[i], from 1 */
        struct diag *d;
};

static int refuse(const struct cursor *c, const char *what)
{
        diag_set(c->d, c->name, c->line, c->column, "not JSON: %s", what);
        return -EINVAL;
}

static void advance(struct cursor *c, size_t n)
{
        for (size_t k = 0; k < n; k++, c->i++) {
                if (c->text[c->i] == '\n') {
                        c->line++;
                        c->column = 1;
                } else {
                        c->column++;
                }
        }
}

static int hex4(const struct cursor *c, size_t at, unsigned *ret)
{
        unsigned v = 0;
        if (at + 4 > c->len)
                return -EINVAL;
        for (size_t k = at; k < at + 4; k++) {
                char h = c->text[k];
                unsigned digit;
                if (h >= '0' && h <= '9')
                        digit = (unsigned)(h - '0');
                else if (h >= 'a' && h <= 'f')
                        digit = (unsigned)(h - 'a' + 10);
                else if (h >= 'A' && h <= 'F')
                        digit = (unsigned)(h - 'A' + 10);
                else
                        return -EINVAL;
                v = v << 4 | digit;
        }
        *ret = v;
        return 0;
}

/* A \u escape at c->i (the backslash): copied, or rewritten when libyaml would refuse it
 * (surrogates) or a C string would end at it (NUL). */
static int unicode_escape(struct cursor *c, struct strbuf *out)
{
        unsigned v, low;
        if (hex4(c, c->i + 2, &v) < 0)
                return refuse(c, "\\u without four hex digits");
        if (v >= 0xd800 && v <= 0xdbff && c->i + 12 <= c->len && c->text[c->i + 6] == '\\' &&
            c->text[c->i + 7] == 'u' && hex4(c, c->i + 8, &low) == 0 && low >= 0xdc00 &&
            low <= 0xdfff) {
                strbuf_printf(out, "\\U%08X", 0x10000 + ((v - 0xd800) << 10) + (low - 0xdc00));
                advance(c, 12);
                return 0;
        }
        if (v == 0 || (v >= 0xd800 && v <= 0xdfff))
                strbuf_puts(out, "\\uFFFD");
        else
                strbuf_putn(out, c->text + c->i, 6);
        advance(c, 6);
        return 0;
}

/* The string whose opening quote is at c->i, up to and with its closing quote. */
static int string(struct cursor *c, struct strbuf *out)
{
        strbuf_putc(out, '"');
        advance(c, 1);
        while (c->i < c->len) {
                unsigned char b = (unsigned char)c->text[c->i];
                if (b == '"') {
                        strbuf_putc(out, '"');
                        advance(c, 1);
                        return 0;
                }
                if (b == '\\') {
                        char e = c->i + 1 < c->len ? c->text[c->i + 1] : '\0';
                        if (e == 'u') {
                                int err = unicode_escape(c, out);
                                if (err < 0)
                                        return err;
                                continue;
                        }
                        if (!e || !strchr("\"\\/bfnrt", e))
                                return refuse(c, "an escape JSON does not have");
                        strbuf_putn(out, c->text + c->i, 2);
                        advance(c, 2);
                        continue;
                }
                if (b < 0x20)
                        return refuse(c, "a control character inside a string");
                /* Decode from a zero-filled copy: TEXT need not end in NUL. */
                char ch[5] = {0};
                size_t avail = c->len - c->i < 4 ? c->len - c->i : 4;
                memcpy(ch, c->text + c->i, avail);
                uint32_t cp;
                enum escape_class cls;
                size_t n = escape_next(ch, &cp, &cls);
                if (cls == ESCAPE_INVALID)
                        return refuse(c, "bytes that are not UTF-8");
                if (cls == ESCAPE_PLAIN)
                        strbuf_putn(out, ch, n);
                else if (cp <= 0xffff)
                        strbuf_printf(out, "\\u%04X", (unsigned)cp);
                else
                        strbuf_printf(out, "\\U%08X", (unsigned)cp);
                advance(c, n);
        }
        return refuse(c, "a string left open");
}

static size_t digits(const struct cursor *c, size_t at)
{
        size_t n = 0;
        while (at + n < c->len && c->text[at + n] >= '0' && c->text[at + n] <= '9')
                n++;
        return n;
}

/* The length of JSON's number at c->i: -?DIGITS(.DIGITS)?([eE][+-]?DIGITS)?, or 0. */
static size_t number(const struct cursor *c)
{
        size_t i = c->i + (c->text[c->i] == '-'), n = digits(c, i);
        if (n == 0)
                return 0;
        i += n;
        if (i < c->len && c->text[i] == '.') {
                if ((n = digits(c, i + 1)) == 0)
                        return 0;
                i += 1 + n;
        }
        if (i < c->len && (c->text[i] == 'e' || c->text[i] == 'E')) {
                i++;
                if (i < c->len && (c->text[i] == '+' || c->text[i] == '-'))
                        i++;
                if ((n = digits(c, i)) == 0)
                        return 0;
                i += n;
        }
        return i - c->i;
}

int intake_json(const char *text, size_t len, const char *name, struct strbuf *out,
                struct diag *d)
{
        struct cursor c = {.text = text, .name = name, .len = len, .line = 1, .column = 1, .d = d};
        if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
                c.i = 3;
        while (c.i < c.len) {
                char b = c.text[c.i];
                size_t n = 1;
                if (b == '"') {
                        int err = string(&c, out);
                        if (err < 0)
                                return err;
                        continue;
                }
                if (strchr(" \t\r\n{}[]:,", b) && b) {
                        n = 1;
                } else if ((b >= '0' && b <= '9') || b == '-') {
                        if ((n = number(&c)) == 0)
                                return refuse(&c, "a malformed number");
                } else if (c.len - c.i >= 4 && (memcmp(c.text + c.i, "true", 4) == 0 ||
                                                memcmp(c.text + c.i, "null", 4) == 0)) {
                        n = 4;
                } else if (c.len - c.i >= 5 && memcmp(c.text + c.i, "false", 5) == 0) {
                        n = 5;
                } else {
                        return refuse(&c, "a character outside a string that JSON does not have");
                }
                strbuf_putn(out, c.text + c.i, n);
                advance(&c, n);
        }
        if (!out->buf)
                strbuf_puts(out, "");
        return 0;
}

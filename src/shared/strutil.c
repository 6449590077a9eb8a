/* strutil: checked parsing helpers shared by every layer (never atoi). */
#include "shared/strutil.h"

#include <errno.h>
#include <fnmatch.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int parse_int64(const char *s, int64_t *ret)
{
        if (!s || !*s)
                return -EINVAL;
        char *end;
        errno = 0;
        long long v = strtoll(s, &end, 10);
        if (errno == ERANGE)
                return -ERANGE;
        if (end == s || *end || s[0] == ' ' || s[0] == '\t')
                return -EINVAL;
        *ret = v;
        return 0;
}

int parse_uint64(const char *s, uint64_t *ret)
{
        if (!s || !*s || *s == '-' || *s == ' ')
                return -EINVAL;
        char *end;
        errno = 0;
        unsigned long long v = strtoull(s, &end, 10);
        if (errno == ERANGE)
                return -ERANGE;
        if (end == s || *end)
                return -EINVAL;
        *ret = v;
        return 0;
}

int parse_double(const char *s, double *ret)
{
        if (!s || !*s || *s == ' ')
                return -EINVAL;
        for (const char *p = s; *p; p++)
                if (!strchr("0123456789+-.eE", *p))
                        return -EINVAL; /* no hex, inf or nan */
        char *end;
        errno = 0;
        double v = strtod(s, &end);
        if (errno == ERANGE || !isfinite(v))
                return -ERANGE;
        if (end == s || *end)
                return -EINVAL;
        *ret = v;
        return 0;
}

int parse_go_bool(const char *s, bool *ret)
{
        static const char *const t[] = {"1", "t", "T", "TRUE", "true", "True"};
        static const char *const f[] = {"0", "f", "F", "FALSE", "false", "False"};
        for (size_t i = 0; i < ELEMENTSOF(t); i++) {
                if (streq(s, t[i])) {
                        *ret = true;
                        return 0;
                }
                if (streq(s, f[i])) {
                        *ret = false;
                        return 0;
                }
        }
        return -EINVAL;
}

int parse_go_duration(const char *s, int64_t *ret_ns)
{
        static const struct {
                const char *unit;
                double ns;
        } units[] = {
                {"ns", 1}, {"us", 1e3}, {"\xc2\xb5s", 1e3}, {"\xce\xbcs", 1e3}, {"ms", 1e6},
                {"s", 1e9}, {"m", 60e9}, {"h", 3600e9},
        };
        if (!s || !*s)
                return -EINVAL;
        const char *p = s;
        bool neg = false;
        if (*p == '-' || *p == '+') {
                neg = *p == '-';
                p++;
        }
        if (streq(p, "0")) {
                *ret_ns = 0;
                return 0;
        }
        if (!*p)
                return -EINVAL;
        double total = 0;
        while (*p) {
                char *end;
                if (!strchr("0123456789.", *p))
                        return -EINVAL;
                errno = 0;
                double v = strtod(p, &end);
                if (end == p || errno)
                        return -EINVAL;
                p = end;
                size_t best = 0;
                double mult = 0;
                for (size_t i = 0; i < ELEMENTSOF(units); i++) {
                        size_t l = strlen(units[i].unit);
                        if (strncmp(p, units[i].unit, l) == 0 && l > best) {
                                /* "m" must not eat the "m" of "ms". */
                                best = l;
                                mult = units[i].ns;
                        }
                }
                if (!best)
                        return -EINVAL; /* Go requires a unit except for "0" */
                p += best;
                total += v * mult;
                if (total > 9.2e18)
                        return -ERANGE;
        }
        *ret_ns = (int64_t)(neg ? -total : total);
        return 0;
}

int parse_mode(const char *s, unsigned *ret)
{
        if (!s || !*s || strlen(s) > 5)
                return -EINVAL;
        unsigned v = 0;
        for (const char *p = s; *p; p++) {
                if (*p < '0' || *p > '7')
                        return -EINVAL;
                v = v * 8 + (unsigned)(*p - '0');
        }
        if (v > 07777)
                return -ERANGE;
        *ret = v;
        return 0;
}

char *format_seconds(struct arena *a, int64_t ns)
{
        if (ns % 1000000000 == 0)
                return arena_printf(a, "%lld", (long long)(ns / 1000000000));
        char *s = arena_printf(a, "%.9f", (double)ns / 1e9);
        size_t n = strlen(s);
        while (n > 0 && s[n - 1] == '0')
                s[--n] = '\0';
        return s;
}

static void strbuf_reserve(struct strbuf *sb, size_t extra)
{
        if (sb->len + extra + 1 <= sb->cap)
                return;
        size_t ncap = sb->cap ? sb->cap : 256;
        while (ncap < sb->len + extra + 1)
                ncap *= 2;
        char *p = realloc(sb->buf, ncap);
        if (!p) {
                fputs("nodeaudit: out of memory\n", stderr);
                abort();
        }
        sb->buf = p;
        sb->cap = ncap;
}

void strbuf_putn(struct strbuf *sb, const char *s, size_t n)
{
        strbuf_reserve(sb, n);
        memcpy(sb->buf + sb->len, s, n);
        sb->len += n;
        sb->buf[sb->len] = '\0';
}

void strbuf_puts(struct strbuf *sb, const char *s)
{
        strbuf_putn(sb, s, strlen(s));
}

void strbuf_putc(struct strbuf *sb, char c)
{
        strbuf_putn(sb, &c, 1);
}

void strbuf_printf(struct strbuf *sb, const char *fmt, ...)
{
        va_list ap, copy;
        va_start(ap, fmt);
        va_copy(copy, ap);
        int n = vsnprintf(NULL, 0, fmt, copy);
        va_end(copy);
        if (n > 0) {
                strbuf_reserve(sb, (size_t)n);
                vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
                sb->len += (size_t)n;
        }
        va_end(ap);
}

void strbuf_free(struct strbuf *sb)
{
        free(sb->buf);
        sb->buf = NULL;
        sb->len = sb->cap = 0;
}

size_t str_split(struct arena *a, const char *s, char sep, char ***ret_items)
{
        size_t n = 0, cap = 0;
        char **items = NULL;
        const char *p = s;
        while (p && *p) {
                const char *e = strchr(p, sep);
                size_t len = e ? (size_t)(e - p) : strlen(p);
                const char *b = p;
                while (len && (*b == ' ' || *b == '\t')) {
                        b++;
                        len--;
                }
                while (len && (b[len - 1] == ' ' || b[len - 1] == '\t'))
                        len--;
                if (len) {
                        items = (char **)arena_grow(a, (void **)items, n, &cap);
                        items[n++] = arena_strndup(a, b, len);
                }
                if (!e)
                        break;
                p = e + 1;
        }
        *ret_items = items;
        return n;
}

char *str_join(struct arena *a, char *const *items, size_t n, const char *sep)
{
        struct strbuf sb = {0};
        for (size_t i = 0; i < n; i++) {
                if (i)
                        strbuf_puts(&sb, sep);
                strbuf_puts(&sb, items[i]);
        }
        char *r = arena_strdup(a, sb.buf ? sb.buf : "");
        strbuf_free(&sb);
        return r;
}

bool str_in_list(const char *s, char *const *items, size_t n)
{
        for (size_t i = 0; i < n; i++)
                if (streq(s, items[i]))
                        return true;
        return false;
}

bool str_glob(const char *pattern, const char *s)
{
        return fnmatch(pattern, s, 0) == 0;
}

bool str_endswith(const char *s, const char *suffix)
{
        size_t a = strlen(s), b = strlen(suffix);
        return a >= b && memcmp(s + a - b, suffix, b) == 0;
}

int str_base64_decode(struct arena *a, const char *in, size_t len, char **ret, size_t *ret_len)
{
        char *out = arena_alloc(a, len / 4 * 3 + 4);
        size_t n = 0, pad = 0;
        unsigned acc = 0, bits = 0, chars = 0;
        for (size_t i = 0; i < len; i++) {
                unsigned char c = (unsigned char)in[i];
                int v;
                if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
                        continue;
                if (c == '=') {
                        pad++;
                        chars++;
                        continue;
                }
                if (pad)
                        return -EBADMSG; /* data after padding */
                if (c >= 'A' && c <= 'Z')
                        v = c - 'A';
                else if (c >= 'a' && c <= 'z')
                        v = c - 'a' + 26;
                else if (c >= '0' && c <= '9')
                        v = c - '0' + 52;
                else if (c == '+')
                        v = 62;
                else if (c == '/')
                        v = 63;
                else
                        return -EBADMSG;
                acc = (acc << 6) | (unsigned)v;
                bits += 6;
                chars++;
                if (bits >= 8) {
                        bits -= 8;
                        out[n++] = (char)((acc >> bits) & 0xff);
                }
        }
        if (pad > 2 || chars % 4 != 0)
                return -EBADMSG;
        out[n] = '\0';
        *ret = out;
        *ret_len = n;
        return 0;
}

uint64_t str_hash(const char *s)
{
        uint64_t h = 14695981039346656037ull;
        for (; *s; s++)
                h = (h ^ (unsigned char)*s) * 1099511628211ull;
        return h;
}

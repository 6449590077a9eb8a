/* escape: one decoder classifies every character; each output says what becomes of the unsafe ones. */
#include "report/escape.h"

#include <stdbool.h>

#include "shared/strutil.h"

size_t utf8_valid_len(const unsigned char *p)
{
        if (p[0] < 0x80)
                return 1;
        if (p[0] >= 0xc2 && p[0] <= 0xdf)
                return (p[1] & 0xc0) == 0x80 ? 2 : 0;
        if (p[0] >= 0xe0 && p[0] <= 0xef) {
                if ((p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
                        return 0;
                if (p[0] == 0xe0 && p[1] < 0xa0)
                        return 0; /* overlong */
                if (p[0] == 0xed && p[1] >= 0xa0)
                        return 0; /* surrogates */
                return 3;
        }
        if (p[0] >= 0xf0 && p[0] <= 0xf4) {
                if ((p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80 || (p[3] & 0xc0) != 0x80)
                        return 0;
                if ((p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] >= 0x90))
                        return 0;
                return 4;
        }
        return 0;
}

static enum escape_class classify(uint32_t cp)
{
        if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f))
                return ESCAPE_CONTROL;
        if ((cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe)
                return ESCAPE_NONCHAR;
        switch (cp) {
        case 0x061c: /* Arabic letter mark */
        case 0x200b: /* zero-width space */
        case 0x200e: /* left-to-right mark */
        case 0x200f: /* right-to-left mark */
        case 0x2028: /* line separator */
        case 0x2029: /* paragraph separator */
        case 0x2060: /* word joiner */
        case 0xfeff: /* byte order mark */
                return ESCAPE_FORMAT;
        default:
                break;
        }
        if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
                return ESCAPE_FORMAT; /* embeddings, overrides, isolates */
        return ESCAPE_PLAIN;
}

size_t escape_next(const char *s, uint32_t *ret_cp, enum escape_class *ret_class)
{
        const unsigned char *p = (const unsigned char *)s;
        uint32_t cp;
        switch (utf8_valid_len(p)) {
        case 1:
                cp = p[0];
                break;
        case 2:
                cp = (uint32_t)(p[0] & 0x1f) << 6 | (p[1] & 0x3f);
                break;
        case 3:
                cp = (uint32_t)(p[0] & 0x0f) << 12 | (uint32_t)(p[1] & 0x3f) << 6 | (p[2] & 0x3f);
                break;
        case 4:
                cp = (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3f) << 12 |
                     (uint32_t)(p[2] & 0x3f) << 6 | (p[3] & 0x3f);
                break;
        default:
                *ret_cp = p[0];
                *ret_class = ESCAPE_INVALID;
                return 1;
        }
        *ret_cp = cp;
        *ret_class = classify(cp);
        return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/* Where escaped text goes: a stream, or a buffer for padded columns. */
struct sink {
        FILE *f;
        struct strbuf *sb;
};

static void put(const struct sink *k, const char *s, size_t n)
{
        if (k->f)
                fwrite(s, 1, n, k->f);
        else
                strbuf_putn(k->sb, s, n);
}

static void put_text(const struct sink *k, const char *s)
{
        for (const char *p = s; p && *p;) {
                uint32_t cp;
                enum escape_class c;
                size_t n = escape_next(p, &cp, &c);
                char buf[16];
                if (c == ESCAPE_PLAIN) {
                        put(k, p, n);
                } else {
                        int len;
                        if (cp == '\t' || cp == '\n' || cp == '\r')
                                len = snprintf(buf, sizeof(buf), "\\%c", cp == '\t' ? 't' : cp == '\n' ? 'n' : 'r');
                        else if (c == ESCAPE_INVALID || cp < 0x80)
                                len = snprintf(buf, sizeof(buf), "\\x%02x", (unsigned)cp);
                        else if (cp <= 0xffff)
                                len = snprintf(buf, sizeof(buf), "\\u%04x", (unsigned)cp);
                        else
                                len = snprintf(buf, sizeof(buf), "\\U%08x", (unsigned)cp);
                        put(k, buf, (size_t)len);
                }
                p += n;
        }
}

void escape_text(FILE *f, const char *s)
{
        put_text(&(struct sink){.f = f}, s);
}

void escape_text_buf(struct strbuf *sb, const char *s)
{
        put_text(&(struct sink){.sb = sb}, s);
}

void json_put_string(FILE *f, const char *s)
{
        if (!s) {
                fputs("null", f);
                return;
        }
        fputc('"', f);
        for (const char *p = s; *p;) {
                uint32_t cp;
                enum escape_class c;
                size_t n = escape_next(p, &cp, &c);
                if (c == ESCAPE_PLAIN) {
                        if (cp == '"' || cp == '\\')
                                fputc('\\', f);
                        fwrite(p, 1, n, f);
                } else if (c == ESCAPE_INVALID) {
                        fputs("\\ufffd", f);
                } else if (cp == '\n' || cp == '\t' || cp == '\r') {
                        fputs(cp == '\n' ? "\\n" : cp == '\t' ? "\\t" : "\\r", f);
                } else if (cp > 0xffff) {
                        uint32_t v = cp - 0x10000;
                        fprintf(f, "\\u%04x\\u%04x", 0xd800 + (unsigned)(v >> 10),
                                0xdc00 + (unsigned)(v & 0x3ff));
                } else {
                        fprintf(f, "\\u%04x", (unsigned)cp);
                }
                p += n;
        }
        fputc('"', f);
}

void xml_put_string(FILE *f, const char *s)
{
        for (const char *p = s; p && *p;) {
                uint32_t cp;
                enum escape_class c;
                size_t n = escape_next(p, &cp, &c);
                p += n;
                switch (c == ESCAPE_CONTROL && (cp == '\n' || cp == '\t') ? ESCAPE_PLAIN : c) {
                case ESCAPE_PLAIN:
                        switch (cp) {
                        case '&': fputs("&amp;", f); break;
                        case '<': fputs("&lt;", f); break;
                        case '>': fputs("&gt;", f); break;
                        case '"': fputs("&quot;", f); break;
                        case '\'': fputs("&#39;", f); break;
                        default: fwrite(p - n, 1, n, f); break;
                        }
                        break;
                default:
                        fputs("\xef\xbf\xbd", f);
                        break;
                }
        }
}

void escape_prom_label(FILE *f, const char *s)
{
        for (const char *p = s; p && *p;) {
                uint32_t cp;
                enum escape_class c;
                size_t n = escape_next(p, &cp, &c);
                if (cp == '\\' || cp == '"') {
                        fputc('\\', f);
                        fputc((int)cp, f);
                } else if (cp == '\n' && c == ESCAPE_CONTROL) {
                        fputs("\\n", f);
                } else if (c == ESCAPE_PLAIN) {
                        fwrite(p, 1, n, f);
                } else {
                        fputs("\xef\xbf\xbd", f);
                }
                p += n;
        }
}

static bool uri_unreserved(unsigned char c)
{
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
}

void escape_uri_path(FILE *f, const char *s, size_t n)
{
        for (size_t i = 0; i < n && s[i]; i++) {
                unsigned char c = (unsigned char)s[i];
                if (uri_unreserved(c))
                        fputc(c, f);
                else
                        fprintf(f, "%%%02X", c);
        }
}

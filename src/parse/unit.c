/* unit: systemd's unit file syntax — [Section] headers, Key=Value, # and ; comments,
 * backslash continuation lines. */
#include "parse/unit.h"

#include <string.h>

#include "shared/strutil.h"

static bool blank(char c)
{
        return c == ' ' || c == '\t' || c == '\r';
}

static char *trim(struct arena *a, const char *s, size_t n)
{
        while (n && blank(*s))
                s++, n--;
        while (n && blank(s[n - 1]))
                n--;
        return arena_strndup(a, s, n);
}

static void problem(struct unit_file *u, struct arena *a, const char *file, unsigned line,
                    const char *what)
{
        u->problems = arena_grow_items(a, u->problems, u->n_problems, &u->cap_problems,
                                       sizeof(*u->problems));
        u->problems[u->n_problems++] = arena_printf(a, "%s:%u: %s", file, line, what);
}

void unit_parse(struct unit_file *u, const char *file, const char *text, size_t len,
                struct arena *a)
{
        char *section = NULL;
        unsigned lineno = 0;
        size_t pos = 0;
        while (pos < len) {
                /* One logical line: physical lines joined while they end in a
                 * backslash; comment lines inside a continuation are skipped. */
                struct strbuf logical = {0};
                unsigned first = lineno + 1;
                bool more = true, started = false;
                while (more && pos < len) {
                        size_t end = pos;
                        while (end < len && text[end] != '\n')
                                end++;
                        lineno++;
                        const char *l = text + pos;
                        size_t n = end - pos;
                        pos = end < len ? end + 1 : end;
                        while (n && blank(l[n - 1]))
                                n--;
                        size_t lead = 0;
                        while (lead < n && blank(l[lead]))
                                lead++;
                        if (started && lead < n && (l[lead] == '#' || l[lead] == ';'))
                                continue;
                        more = n && l[n - 1] == '\\';
                        if (more)
                                n--;
                        if (started)
                                strbuf_putc(&logical, ' ');
                        strbuf_putn(&logical, l, n);
                        started = true;
                }
                const char *s = logical.buf ? logical.buf : "";
                size_t n = logical.len;
                while (n && blank(*s))
                        s++, n--;
                if (!n || *s == '#' || *s == ';') {
                        strbuf_free(&logical);
                        continue;
                }
                if (*s == '[') {
                        if (n < 3 || s[n - 1] != ']' || memchr(s + 1, ']', n - 2)) {
                                problem(u, a, file, first, "invalid section header; the lines up to "
                                                           "the next section are not read");
                                section = NULL;
                        } else {
                                section = arena_strndup(a, s + 1, n - 2);
                        }
                        strbuf_free(&logical);
                        continue;
                }
                const char *eq = memchr(s, '=', n);
                if (!eq) {
                        problem(u, a, file, first, "missing '=', ignored");
                } else if (!section) {
                        problem(u, a, file, first, "assignment outside of any section, ignored");
                } else {
                        u->assignments = arena_grow_items(a, u->assignments, u->n, &u->cap,
                                                          sizeof(*u->assignments));
                        struct unit_assignment *as = &u->assignments[u->n++];
                        as->section = section;
                        as->key = trim(a, s, (size_t)(eq - s));
                        as->value = trim(a, eq + 1, n - (size_t)(eq + 1 - s));
                        as->file = arena_strdup(a, file);
                        as->line = first;
                }
                strbuf_free(&logical);
        }
}

char *unit_list_value(const struct unit_file *u, const char *section, const char *key,
                      struct arena *a, const struct unit_assignment **ret_last)
{
        struct strbuf out = {0};
        const struct unit_assignment *last = NULL;
        for (size_t i = 0; i < u->n; i++) {
                const struct unit_assignment *as = &u->assignments[i];
                if (!streq(as->section, section) || !streq(as->key, key))
                        continue;
                last = as;
                if (!*as->value) {
                        out.len = 0;
                        continue;
                }
                char *v = arena_strdup(a, as->value), **words;
                for (char *p = v; *p; p++)
                        if (*p == '\t')
                                *p = ' ';
                size_t nw = str_split(a, v, ' ', &words);
                for (size_t w = 0; w < nw; w++) {
                        if (out.len)
                                strbuf_putc(&out, ' ');
                        strbuf_puts(&out, words[w]);
                }
        }
        if (ret_last)
                *ret_last = last;
        if (!last) {
                strbuf_free(&out);
                return NULL;
        }
        char *r = arena_strndup(a, out.buf ? out.buf : "", out.len);
        strbuf_free(&out);
        return r;
}

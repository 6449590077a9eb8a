/* fuzz-merge: any bytes through merge's report reader — the bounded line reader, the JSON intake,
 * the fleet — and the merged view through its three writers, which must let nothing unsafe out. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fleet/fleet-output.h"
#include "fleet/fleet.h"
#include "fleet/intake.h"
#include "fleet/lines.h"
#include "parse/yamldoc.h"
#include "report/escape.h"
#include "shared/arena.h"
#include "shared/strutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The line reader, with a bound the first byte picks, against a plain split on '\n'. */
static void lines_match(const uint8_t *data, size_t size)
{
        size_t max = data[0] % 64;
        const char *text = (const char *)data + 1;
        size_t len = size - 1;
        if (len == 0)
                return;
        FILE *f = fmemopen((void *)text, len, "r");
        if (!f)
                abort();
        struct linereader r;
        linereader_init(&r, f, max);
        size_t at = 0;
        char *line;
        size_t n;
        while (linereader_next(&r, &line, &n) > 0) {
                if (at >= len)
                        abort(); /* a line that is not there */
                const char *nl = memchr(text + at, '\n', len - at);
                size_t want = nl ? (size_t)(nl - (text + at)) : len - at;
                if (want > max ? line != NULL : (!line || n != want || memcmp(line, text + at, n)))
                        abort();
                at += want + (nl ? 1 : 0);
        }
        if (at != len)
                abort(); /* a line left unread */
        linereader_done(&r);
        fclose(f);
}

/* Nothing in OUT but plain characters and the line breaks (and, where ALLOW_TAB, tabs). */
static void assert_safe(const char *out, bool allow_tab)
{
        for (const char *p = out; *p;) {
                uint32_t cp;
                enum escape_class c;
                size_t n = escape_next(p, &cp, &c);
                if (c != ESCAPE_PLAIN && cp != '\n' && !(allow_tab && cp == '\t'))
                        abort();
                p += n;
        }
}

static char *render(const struct fleet_summary *s, void (*w)(FILE *, const struct fleet_summary *))
{
        char *out = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&out, &len);
        w(f, s);
        fclose(f);
        if (strlen(out) != len)
                abort(); /* a NUL got out */
        return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        if (size == 0)
                return 0;
        lines_match(data, size);

        struct arena *a = arena_new();
        struct fleet *fl = fleet_new(a, 1800000000); /* 2027-01-15: a fixed clock */
        FILE *f = fmemopen((void *)data, size, "r");
        if (!f)
                abort();
        fleet_read_lines(fl, f, "stdin");
        fclose(f);
        fleet_add(fl, (const char *)data, size, "whole.json");
        const struct fleet_summary *s = fleet_summarize(fl);

        char *text = render(s, fleet_write_text);
        assert_safe(text, false);
        char *html = render(s, fleet_write_html);
        assert_safe(html, true);
        char *json = render(s, fleet_write_json);
        assert_safe(json, false);
        /* The merged JSON is JSON, and reads back. */
        struct strbuf sb = {0};
        struct diag d = {0};
        struct ynode *doc;
        if (intake_json(json, strlen(json), "merged.json", &sb, &d) < 0 ||
            ydoc_parse(sb.buf, sb.len, "merged.json", a, &doc, &d) < 0 || doc->type != YNODE_MAP)
                abort();
        strbuf_free(&sb);
        free(text);
        free(html);
        free(json);
        fleet_free(fl);
        arena_free(a);
        return 0;
}

/* html: one self-contained page — score, counts, sections with failures first, evidence and remediation. */
#include <string.h>

#include "report/report.h"

#include "defs/catalog.h"
#include "defs/profile.h"

static const char *const css =
        "body{font:15px/1.45 system-ui,sans-serif;margin:0;background:#f5f6f8;color:#1d2330}"
        "header{background:#1d2330;color:#fff;padding:24px 32px}header h1{margin:0 0 4px;font-size:22px}"
        "header p{margin:0;opacity:.8}.top{display:flex;gap:16px;padding:24px 32px;flex-wrap:wrap}"
        ".score{background:#fff;border-radius:8px;padding:16px 24px;min-width:160px;box-shadow:0 1px 3px #0002}"
        ".score b{display:block;font-size:44px}.count{background:#fff;border-radius:8px;padding:16px 20px;"
        "min-width:90px;box-shadow:0 1px 3px #0002}.count b{display:block;font-size:28px}"
        "section{margin:0 32px 24px;background:#fff;border-radius:8px;box-shadow:0 1px 3px #0002}"
        "section h2{font-size:17px;margin:0;padding:14px 20px;border-bottom:1px solid #e4e6ea}"
        ".r{padding:10px 20px;border-bottom:1px solid #f0f1f3}.r:last-child{border-bottom:0}"
        ".st{display:inline-block;width:64px;text-align:center;border-radius:4px;font-size:12px;"
        "font-weight:700;padding:2px 0;margin-right:10px;color:#fff}.pass{background:#2e8540}"
        ".fail{background:#c62828}.error{background:#8e24aa}.manual{background:#ef8f00}"
        ".skip,.waived{background:#8a94a6}.n{color:#5b6475;margin-right:8px}"
        "dl{margin:6px 0 0 74px;display:grid;grid-template-columns:110px 1fr;gap:2px 10px;font-size:13px}"
        "dt{color:#5b6475}dd{margin:0;word-break:break-all}.fix{background:#fff4e5}";

static void esc(FILE *f, const char *s)
{
        xml_put_string(f, s ? s : "");
}

static void row(FILE *f, const char *name, const char *value, const char *cls)
{
        if (!value)
                return;
        fprintf(f, "<dt>%s</dt><dd%s%s%s>", name, cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "");
        esc(f, value);
        fputs("</dd>", f);
}

static void result(FILE *f, const struct result *r)
{
        const struct profile_entry *e = r->entry;
        const char *st = status_to_string(r->status);
        fprintf(f, "<div class=\"r\" data-status=\"%s\"><span class=\"st %s\">%s</span><span class=\"n\">", st, st, st);
        esc(f, e->number);
        fputs("</span>", f);
        esc(f, e->check->title);
        if (!e->scored)
                fputs(" <small>(not scored)</small>", f);
        fputs("<dl>", f);
        row(f, "expected", r->expected, NULL);
        row(f, "actual", r->actual, NULL);
        if (r->source != SOURCE_NONE)
                row(f, source_kind_to_string(r->source), r->source_detail, NULL);
        row(f, "reason", r->reason, NULL);
        char w[8192];
        row(f, "waiver", report_waiver_text(r, w, sizeof(w)), NULL);
        if (r->status == STATUS_FAIL)
                row(f, "fix", e->check->remediation, "fix");
        fputs("</dl></div>\n", f);
}

static unsigned section_fails(const struct scan *s, const char *section)
{
        unsigned n = 0;
        for (size_t i = 0; i < s->n_results; i++)
                if (strcmp(s->results[i].entry->section, section) == 0)
                        n += s->results[i].status == STATUS_FAIL || s->results[i].status == STATUS_ERROR;
        return n;
}

static void html_footer(FILE *f, const struct scan *s, const struct report_options *o)
{
        fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
              "<meta name=\"viewport\" content=\"width=device-width\"><title>nodeaudit: ", f);
        esc(f, s->node.hostname ? s->node.hostname : "node");
        fprintf(f, "</title><style>%s</style></head><body>\n<header><h1>", css);
        esc(f, s->node.hostname ? s->node.hostname : "node");
        fputs(" &middot; ", f);
        esc(f, s->profile->title);
        fputs("</h1><p>role ", f);
        esc(f, s->node.role);
        fputs(", kernel ", f);
        esc(f, s->node.kernel ? s->node.kernel : "unknown");
        fputs(", scanned ", f);
        esc(f, s->started_at);
        fprintf(f, " by nodeaudit %s</p></header>\n<div class=\"top\"><div class=\"score\" id=\"score\">score<b>%.1f</b></div>",
                o->tool_version, s->score);
        for (int i = 0; i < _STATUS_MAX; i++)
                fprintf(f, "<div class=\"count\" id=\"count-%s\">%s<b>%u</b></div>", status_to_string((enum status)i),
                        status_to_string((enum status)i), s->counts[i]);
        fputs("</div>\n", f);
        /* Sections with failures or errors first, then the others, each in profile order. */
        for (int pass = 0; pass < 2; pass++)
                for (size_t i = 0; i < s->n_results; i++) {
                        const char *sec = s->results[i].entry->section;
                        if (i && strcmp(s->results[i - 1].entry->section, sec) == 0)
                                continue;
                        unsigned fails = section_fails(s, sec);
                        if ((pass == 0) != (fails > 0))
                                continue;
                        fputs("<section><h2>", f);
                        esc(f, sec);
                        if (fails)
                                fprintf(f, " &middot; %u to fix", fails);
                        fputs("</h2>\n", f);
                        for (size_t j = i; j < s->n_results && strcmp(s->results[j].entry->section, sec) == 0; j++)
                                result(f, &s->results[j]);
                        fputs("</section>\n", f);
                }
        fputs("</body></html>\n", f);
}

static void html_entry(FILE *f, const struct scan *s, const struct result *r, size_t index,
                       const struct report_options *o)
{
        /* the page is written whole by the footer, which needs every result first */
}

const struct reporter reporter_html = {
        .name = "html",
        .entry = html_entry,
        .footer = html_footer,
};

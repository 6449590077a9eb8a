/* sarif: SARIF 2.1.0 for code-scanning dashboards; one rule a check, one result a verdict. */
#include <string.h>

#include "report/report.h"

#include "defs/catalog.h"
#include "defs/profile.h"

/* The path at the start of a source detail: "PATH", "PATH:LINE: key", "PATH, PATH2",
 * "PATH (in the root of ...)". A path may hold spaces, so only ":" before a digit or a
 * space, ", " and " (" end it. */
static size_t path_len(const char *d)
{
        size_t i = 0;
        for (; d[i]; i++) {
                if (d[i] == ':' && ((d[i + 1] >= '0' && d[i + 1] <= '9') || d[i + 1] == ' '))
                        break;
                if ((d[i] == ',' || d[i] == ' ') && d[i + 1] == (d[i] == ',' ? ' ' : '('))
                        break;
        }
        return i;
}

static void sarif_header(FILE *f, const struct scan *s, const struct report_options *o)
{
        fputs("{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\","
              "\"runs\":[{\"tool\":{\"driver\":{\"name\":\"nodeaudit\",\"version\":", f);
        json_put_string(f, o->tool_version);
        fputs(",\"rules\":[", f);
        for (size_t i = 0; i < s->n_results; i++) {
                const struct profile_entry *e = s->results[i].entry;
                fputs(i ? ",{\"id\":" : "{\"id\":", f);
                json_put_string(f, e->check->id);
                fputs(",\"name\":", f);
                json_put_string(f, e->number);
                fputs(",\"shortDescription\":{\"text\":", f);
                json_put_string(f, e->check->title);
                fputs("},\"fullDescription\":{\"text\":", f);
                json_put_string(f, e->check->description);
                fputs("},\"help\":{\"text\":", f);
                json_put_string(f, e->check->remediation);
                fprintf(f, "},\"properties\":{\"benchmark_id\":");
                json_put_string(f, e->number);
                fputs(",\"section\":", f);
                json_put_string(f, e->section);
                fprintf(f, ",\"level\":%d,\"scored\":%s}}", e->level, e->scored ? "true" : "false");
        }
        fputs("]}},\"automationDetails\":{\"id\":", f);
        json_put_string(f, s->node.hostname ? s->node.hostname : "node");
        fputs("},\"results\":[", f);
}

static void sarif_entry(FILE *f, const struct scan *s, const struct result *r, size_t index,
                        const struct report_options *o)
{
        const char *kind = "pass", *level = "none";
        switch (r->status) {
        case STATUS_FAIL:
                kind = "fail";
                level = r->entry->scored ? "error" : "warning";
                break;
        case STATUS_ERROR:
                kind = "review";
                level = "warning";
                break;
        case STATUS_MANUAL:
                kind = "review";
                level = "note";
                break;
        case STATUS_WAIVED: /* a fail, reported with its suppression */
                kind = "fail";
                level = r->entry->scored ? "error" : "warning";
                break;
        case STATUS_SKIP:
                kind = "notApplicable";
                break;
        default:
                break;
        }
        fprintf(f, "%s{\"ruleId\":", index ? "," : "");
        json_put_string(f, r->entry->check->id);
        fprintf(f, ",\"ruleIndex\":%zu,\"kind\":\"%s\",\"level\":\"%s\",\"message\":{\"text\":", index, kind, level);
        char msg[2048];
        snprintf(msg, sizeof(msg), "%s: %s%s%s%s%s%s%s", r->entry->number, r->entry->check->title,
                 r->actual ? "; actual: " : "", r->actual ? r->actual : "",
                 r->expected ? "; expected: " : "", r->expected ? r->expected : "",
                 r->reason ? "; " : "", r->reason ? r->reason : "");
        json_put_string(f, msg);
        fputc('}', f);
        if (r->status == STATUS_WAIVED && r->waiver) {
                char w[8192];
                fputs(",\"suppressions\":[{\"kind\":\"external\",\"status\":\"accepted\",\"justification\":", f);
                json_put_string(f, report_waiver_text(r, w, sizeof(w)));
                fputs("}]", f);
        }
        /* A file the evidence names becomes the location. */
        const char *d = r->source_detail;
        if (d && d[0] == '/') {
                fputs(",\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"file://", f);
                escape_uri_path(f, d, path_len(d));
                fputs("\"}}}]", f);
        }
        fputc('}', f);
}

static void sarif_footer(FILE *f, const struct scan *s, const struct report_options *o)
{
        fputs("]}]}\n", f);
}

const struct reporter reporter_sarif = {
        .name = "sarif",
        .header = sarif_header,
        .entry = sarif_entry,
        .footer = sarif_footer,
};

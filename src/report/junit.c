/* junit: JUnit XML, one testsuite a section; fail is a failure, error an error, skip and manual skipped. */
#include <string.h>

#include "report/report.h"

#include "defs/catalog.h"
#include "defs/profile.h"

static void counts(const struct scan *s, const char *section, unsigned c[_STATUS_MAX])
{
        memset(c, 0, sizeof(unsigned) * _STATUS_MAX);
        for (size_t i = 0; i < s->n_results; i++)
                if (!section || strcmp(s->results[i].entry->section, section) == 0)
                        c[s->results[i].status]++;
}

static void junit_header(FILE *f, const struct scan *s, const struct report_options *o)
{
        unsigned c[_STATUS_MAX];
        counts(s, NULL, c);
        fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"", f);
        xml_put_string(f, s->profile->name);
        fprintf(f, "\" tests=\"%zu\" failures=\"%u\" errors=\"%u\" skipped=\"%u\" time=\"%.6f\">\n",
                s->n_results, c[STATUS_FAIL], c[STATUS_ERROR],
                c[STATUS_SKIP] + c[STATUS_MANUAL] + c[STATUS_WAIVED], s->duration_ms / 1000.0);
}

static void field(FILE *f, const char *name, const char *value)
{
        if (!value)
                return;
        fprintf(f, "%s: ", name);
        xml_put_string(f, value);
        fputc('\n', f);
}

static void junit_entry(FILE *f, const struct scan *s, const struct result *r, size_t index,
                        const struct report_options *o)
{
        const struct profile_entry *e = r->entry;
        if (index == 0 || strcmp(s->results[index - 1].entry->section, e->section) != 0) {
                unsigned c[_STATUS_MAX];
                counts(s, e->section, c);
                size_t n = 0;
                for (int i = 0; i < _STATUS_MAX; i++)
                        n += c[i];
                fputs("  <testsuite name=\"", f);
                xml_put_string(f, e->section);
                fputs("\" hostname=\"", f);
                xml_put_string(f, s->node.hostname ? s->node.hostname : "unknown");
                fprintf(f, "\" tests=\"%zu\" failures=\"%u\" errors=\"%u\" skipped=\"%u\" time=\"0\" timestamp=\"%.19s\">\n",
                        n, c[STATUS_FAIL], c[STATUS_ERROR],
                        c[STATUS_SKIP] + c[STATUS_MANUAL] + c[STATUS_WAIVED], s->started_at);
        }
        fputs("    <testcase classname=\"", f);
        xml_put_string(f, e->check->id);
        fputs("\" name=\"", f);
        xml_put_string(f, e->number);
        fputc(' ', f);
        xml_put_string(f, e->check->title);
        fputs("\" time=\"0\">\n", f);
        switch (r->status) {
        case STATUS_FAIL:
                fputs("      <failure type=\"fail\" message=\"", f);
                xml_put_string(f, r->reason ? r->reason : "does not meet the expectation");
                if (r->waiver) {
                        char w[8192];
                        fputs(" (", f);
                        xml_put_string(f, report_waiver_text(r, w, sizeof(w)));
                        fputs(")", f);
                }
                fputs("\">", f);
                field(f, "expected", r->expected);
                field(f, "actual", r->actual);
                field(f, "source", r->source_detail);
                field(f, "remediation", e->check->remediation);
                fputs("</failure>\n", f);
                break;
        case STATUS_ERROR:
                fputs("      <error type=\"error\" message=\"", f);
                xml_put_string(f, r->reason);
                fputs("\"/>\n", f);
                break;
        case STATUS_WAIVED: {
                char w[8192];
                fputs("      <skipped message=\"", f);
                xml_put_string(f, report_waiver_text(r, w, sizeof(w)));
                fputs("\"/>\n", f);
                break;
        }
        case STATUS_SKIP:
        case STATUS_MANUAL:
                fprintf(f, "      <skipped message=\"%s: ", status_to_string(r->status));
                xml_put_string(f, r->reason);
                fputs("\"/>\n", f);
                break;
        default:
                break;
        }
        if (r->actual || r->source_detail) {
                fputs("      <system-out>", f);
                field(f, "actual", r->actual);
                field(f, "source", r->source_detail);
                fputs("</system-out>\n", f);
        }
        fputs("    </testcase>\n", f);
        if (index + 1 == s->n_results || strcmp(s->results[index + 1].entry->section, e->section) != 0)
                fputs("  </testsuite>\n", f);
}

static void junit_footer(FILE *f, const struct scan *s, const struct report_options *o)
{
        fputs("</testsuites>\n", f);
}

const struct reporter reporter_junit = {
        .name = "junit",
        .header = junit_header,
        .entry = junit_entry,
        .footer = junit_footer,
};

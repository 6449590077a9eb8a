/* text: a report for a person — grouped by section, evidence under every verdict. */
#include <string.h>

#include "report/report.h"

#include "defs/catalog.h"
#include "defs/profile.h"

static const char *status_label(enum status s)
{
        static const char *const labels[_STATUS_MAX] = {
                [STATUS_PASS] = "PASS",   [STATUS_FAIL] = "FAIL",  [STATUS_MANUAL] = "MANUAL",
                [STATUS_SKIP] = "SKIP",   [STATUS_ERROR] = "ERROR", [STATUS_WAIVED] = "WAIVED",
        };
        return labels[s];
}

static const char *status_color(enum status s)
{
        switch (s) {
        case STATUS_PASS: return "\033[32m";
        case STATUS_FAIL: return "\033[31m";
        case STATUS_ERROR: return "\033[35m";
        case STATUS_MANUAL: return "\033[33m";
        default: return "\033[2m";
        }
}

static void text_header(FILE *f, const struct scan *s, const struct report_options *o)
{
        fprintf(f, "nodeaudit %s: ", o->tool_version);
        escape_text(f, s->profile->title);
        fputs(" (", f);
        escape_text(f, s->profile->name);
        fputs(")\nnode ", f);
        escape_text(f, s->node.hostname ? s->node.hostname : "(unknown)");
        fputs(", root ", f);
        escape_text(f, s->node.root);
        fprintf(f, ", role %s", s->node.role);
        if (s->node.distribution) {
                fputs(", distribution ", f);
                escape_text(f, s->node.distribution);
        }
        if (s->node.k8s_version) {
                fputs(", Kubernetes ", f);
                escape_text(f, s->node.k8s_version);
        }
        if (s->node.kernel) {
                fputs(", kernel ", f);
                escape_text(f, s->node.kernel);
        }
        fputc('\n', f);
}

static void field(FILE *f, const char *name, const char *value)
{
        if (!value)
                return;
        fprintf(f, "         %s: ", name);
        escape_text(f, value);
        fputc('\n', f);
}

static void text_entry(FILE *f, const struct scan *s, const struct result *r, size_t index,
                       const struct report_options *o)
{
        const struct profile_entry *e = r->entry;
        if (o->quiet && r->status != STATUS_FAIL && r->status != STATUS_ERROR)
                return;
        /* a section header before its first printed result */
        bool first = true;
        for (size_t i = index; i-- > 0 && strcmp(s->results[i].entry->section, e->section) == 0;)
                if (!o->quiet || s->results[i].status == STATUS_FAIL || s->results[i].status == STATUS_ERROR)
                        first = false;
        if (first) {
                fputc('\n', f);
                if (o->color)
                        fputs("\033[1m", f);
                escape_text(f, e->section);
                fputs(o->color ? "\033[0m\n" : "\n", f);
        }
        if (o->color)
                fprintf(f, "  %s[%-6s]\033[0m ", status_color(r->status), status_label(r->status));
        else
                fprintf(f, "  [%-6s] ", status_label(r->status));
        fprintf(f, "%-7s ", e->number);
        escape_text(f, e->check->title);
        fprintf(f, "%s\n", e->scored ? "" : " (not scored)");
        if (r->status == STATUS_PASS || r->status == STATUS_FAIL || r->status == STATUS_WAIVED)
                field(f, "expected", r->expected);
        field(f, "actual", r->actual);
        if (r->source != SOURCE_NONE && r->source_detail) {
                fprintf(f, "         source: %s, ", source_kind_to_string(r->source));
                escape_text(f, r->source_detail);
                fputc('\n', f);
        }
        field(f, "reason", r->reason);
        char wbuf[8192];
        field(f, "waiver", report_waiver_text(r, wbuf, sizeof(wbuf)));
        if (r->status == STATUS_FAIL)
                field(f, "fix", e->check->remediation);
}

static void text_footer(FILE *f, const struct scan *s, const struct report_options *o)
{
        fprintf(f, "\n%u pass, %u fail, %u manual, %u skip, %u error", s->counts[STATUS_PASS],
                s->counts[STATUS_FAIL], s->counts[STATUS_MANUAL], s->counts[STATUS_SKIP],
                s->counts[STATUS_ERROR]);
        if (s->counts[STATUS_WAIVED])
                fprintf(f, ", %u waived", s->counts[STATUS_WAIVED]);
        fprintf(f, "; score %.1f (scored checks, %.1f ms)\n", s->score, s->duration_ms);
}

const struct reporter reporter_text = {
        .name = "text",
        .header = text_header,
        .entry = text_entry,
        .footer = text_footer,
};

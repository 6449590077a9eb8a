/* prometheus: node_exporter textfile-collector metrics — a status series per check, score, counts, timing. */
#include <time.h>

#include "report/report.h"

#include "defs/catalog.h"
#include "defs/profile.h"

static void label(FILE *f, const char *name, const char *value, bool first)
{
        fprintf(f, "%s%s=\"", first ? "" : ",", name);
        escape_prom_label(f, value);
        fputc('"', f);
}

static void prom_header(FILE *f, const struct scan *s, const struct report_options *o)
{
        fputs("# HELP nodeaudit_check_status One series a check; the status label is its result.\n"
              "# TYPE nodeaudit_check_status gauge\n", f);
}

static void prom_entry(FILE *f, const struct scan *s, const struct result *r, size_t index,
                       const struct report_options *o)
{
        const struct profile_entry *e = r->entry;
        char level[8];
        snprintf(level, sizeof(level), "%d", e->level);
        fputs("nodeaudit_check_status{", f);
        label(f, "id", e->check->id, true);
        label(f, "benchmark_id", e->number, false);
        label(f, "section", e->section, false);
        label(f, "level", level, false);
        label(f, "scored", e->scored ? "true" : "false", false);
        label(f, "status", status_to_string(r->status), false);
        label(f, "profile", s->profile->name, false);
        fputs("} 1\n", f);
}

static void prom_footer(FILE *f, const struct scan *s, const struct report_options *o)
{
        fputs("# HELP nodeaudit_score Score of the scan: 100 x passed / (passed + failed + errors), scored checks.\n"
              "# TYPE nodeaudit_score gauge\nnodeaudit_score{", f);
        label(f, "profile", s->profile->name, true);
        fprintf(f, "} %.1f\n", s->score);
        fputs("# HELP nodeaudit_results Number of results by status.\n# TYPE nodeaudit_results gauge\n", f);
        for (int i = 0; i < _STATUS_MAX; i++) {
                fputs("nodeaudit_results{", f);
                label(f, "profile", s->profile->name, true);
                label(f, "status", status_to_string((enum status)i), false);
                fprintf(f, "} %u\n", s->counts[i]);
        }
        fprintf(f, "# HELP nodeaudit_scan_duration_seconds How long the scan took.\n"
                   "# TYPE nodeaudit_scan_duration_seconds gauge\n"
                   "nodeaudit_scan_duration_seconds %.6f\n", s->duration_ms / 1000.0);
        struct tm tm = {0};
        time_t t = 0;
        if (strptime(s->started_at, "%Y-%m-%dT%H:%M:%SZ", &tm))
                t = timegm(&tm);
        fprintf(f, "# HELP nodeaudit_last_scan_timestamp_seconds When the scan started, in seconds since the epoch.\n"
                   "# TYPE nodeaudit_last_scan_timestamp_seconds gauge\n"
                   "nodeaudit_last_scan_timestamp_seconds %lld\n", (long long)t);
}

const struct reporter reporter_prometheus = {
        .name = "prometheus",
        .header = prom_header,
        .entry = prom_entry,
        .footer = prom_footer,
};

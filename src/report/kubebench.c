/* kube-bench-json: the layout kube-bench prints, so dashboards and scripts built for it keep working. */
#include <string.h>

#include "report/report.h"

#include "defs/catalog.h"
#include "defs/profile.h"

/* kube-bench says PASS, FAIL, WARN (needs a look) and INFO (not applicable);
 * it has no word for an accepted fail: a waived one is INFO, with the waiver
 * as its reason. */
static const char *kb_status(enum status s)
{
        switch (s) {
        case STATUS_PASS: return "PASS";
        case STATUS_FAIL: return "FAIL";
        case STATUS_ERROR:
        case STATUS_MANUAL: return "WARN";
        default: return "INFO";
        }
}

static size_t prefix_len(const char *number, bool top)
{
        const char *dot = strchr(number, '.');
        if (top)
                return dot ? (size_t)(dot - number) : strlen(number);
        const char *last = strrchr(number, '.');
        return last ? (size_t)(last - number) : strlen(number);
}

static bool same_group(const struct result *a, const struct result *b, bool top)
{
        size_t la = prefix_len(a->entry->number, top), lb = prefix_len(b->entry->number, top);
        return la == lb && strncmp(a->entry->number, b->entry->number, la) == 0;
}

static void tally(const struct scan *s, size_t from, bool top, unsigned t[4])
{
        memset(t, 0, 4 * sizeof(unsigned));
        for (size_t i = from; i < s->n_results && same_group(&s->results[from], &s->results[i], top); i++) {
                const char *st = kb_status(s->results[i].status);
                t[st[0] == 'P' ? 0 : st[0] == 'F' ? 1 : st[0] == 'W' ? 2 : 3]++;
        }
}

static const char *control_text(const char *id, const char *fallback)
{
        static const char *const names[][2] = {
                {"1", "Control Plane Security Configuration"}, {"2", "Etcd Node Configuration"},
                {"3", "Control Plane Configuration"}, {"4", "Worker Node Security Configuration"},
                {"5", "Kubernetes Policies"},
        };
        for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
                if (strcmp(names[i][0], id) == 0)
                        return names[i][1];
        return fallback;
}

static const char *node_type(const char *id)
{
        return strcmp(id, "1") == 0 ? "master" : strcmp(id, "2") == 0 ? "etcd"
               : strcmp(id, "3") == 0 ? "controlplane" : strcmp(id, "4") == 0 ? "node" : "host";
}

static void kb_header(FILE *f, const struct scan *s, const struct report_options *o)
{
        fputs("{\"Controls\":[", f);
}

static void kb_entry(FILE *f, const struct scan *s, const struct result *r, size_t index,
                     const struct report_options *o)
{
        const struct profile_entry *e = r->entry;
        bool new_control = index == 0 || !same_group(&s->results[index - 1], r, true);
        bool new_section = new_control || !same_group(&s->results[index - 1], r, false);
        unsigned t[4];
        if (new_control) {
                char id[32];
                snprintf(id, sizeof(id), "%.*s", (int)prefix_len(e->number, true), e->number);
                tally(s, index, true, t);
                fputs(index ? "]}]}," : "", f);
                fputs("{\"id\":", f);
                json_put_string(f, id);
                fputs(",\"version\":", f);
                /* "cis-1.12-worker+host-baseline" -> "cis-1.12" */
                char version[64];
                const char *pn = s->profile->name;
                size_t vl = strcspn(pn, "+");
                if (strncmp(pn, "cis-", 4) == 0 && strchr(pn + 4, '-'))
                        vl = (size_t)(strchr(pn + 4, '-') - pn);
                snprintf(version, sizeof(version), "%.*s", (int)vl, pn);
                json_put_string(f, version);
                fputs(",\"detected_version\":\"\",\"text\":", f);
                json_put_string(f, control_text(id, e->section));
                fprintf(f, ",\"node_type\":\"%s\",\"total_pass\":%u,\"total_fail\":%u,"
                           "\"total_warn\":%u,\"total_info\":%u,\"tests\":[",
                        node_type(id), t[0], t[1], t[2], t[3]);
        } else if (new_section) {
                fputs("]},", f);
        }
        if (new_section) {
                tally(s, index, false, t);
                const char *sp = strchr(e->section, ' ');
                fputs("{\"section\":", f);
                char sec[32];
                snprintf(sec, sizeof(sec), "%.*s", (int)(sp ? sp - e->section : (long)strlen(e->section)), e->section);
                json_put_string(f, sec);
                fprintf(f, ",\"type\":\"\",\"pass\":%u,\"fail\":%u,\"warn\":%u,\"info\":%u,\"desc\":",
                        t[0], t[1], t[2], t[3]);
                json_put_string(f, sp ? sp + 1 : e->section);
                fputs(",\"results\":[", f);
        } else {
                fputc(',', f);
        }
        fputs("{\"test_number\":", f);
        json_put_string(f, e->number);
        fputs(",\"test_desc\":", f);
        json_put_string(f, e->check->title);
        fputs(",\"audit\":", f);
        json_put_string(f, r->source_detail ? r->source_detail : "");
        fputs(",\"AuditEnv\":\"\",\"AuditConfig\":\"\",\"type\":", f);
        json_put_string(f, e->check->probe == PROBE_MANUAL ? "manual" : "");
        fputs(",\"remediation\":", f);
        json_put_string(f, e->check->remediation);
        fputs(",\"test_info\":[", f);
        json_put_string(f, e->check->description);
        fputs("],\"status\":", f);
        json_put_string(f, kb_status(r->status));
        fputs(",\"actual_value\":", f);
        json_put_string(f, r->actual ? r->actual : "");
        fprintf(f, ",\"scored\":%s,\"IsMultiple\":false,\"expected_result\":", e->scored ? "true" : "false");
        json_put_string(f, r->expected ? r->expected : "");
        fputs(",\"reason\":", f);
        char w[8192];
        const char *wt = report_waiver_text(r, w, sizeof(w));
        json_put_string(f, wt ? wt : r->reason ? r->reason : "");
        fputc('}', f);
}

static void kb_footer(FILE *f, const struct scan *s, const struct report_options *o)
{
        unsigned t[4] = {0};
        for (size_t i = 0; i < s->n_results; i++) {
                const char *st = kb_status(s->results[i].status);
                t[st[0] == 'P' ? 0 : st[0] == 'F' ? 1 : st[0] == 'W' ? 2 : 3]++;
        }
        fprintf(f, "%s],\"Totals\":{\"total_pass\":%u,\"total_fail\":%u,\"total_warn\":%u,\"total_info\":%u}}\n",
                s->n_results ? "]}]}" : "", t[0], t[1], t[2], t[3]);
}

const struct reporter reporter_kube_bench = {
        .name = "kube-bench-json",
        .header = kb_header,
        .entry = kb_entry,
        .footer = kb_footer,
};

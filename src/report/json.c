/* json: the nodeaudit/v1 document; every string is valid JSON whatever bytes the node holds. */
#include <stdint.h>
#include <string.h>

#include "defs/waivers.h"
#include "report/report.h"

#include "defs/catalog.h"
#include "defs/profile.h"

void json_put_node(FILE *f, const struct scan *s)
{
        const struct {
                const char *key, *value;
        } fields[] = {
                {"hostname", s->node.hostname},
                {"root", s->node.root},
                {"role", s->node.role},
                {"distribution", s->node.distribution},
                {"distribution_source", s->node.distribution_source},
                {"kubernetes_version", s->node.k8s_version},
                {"kubernetes_version_source", s->node.k8s_version_source},
                {"kernel", s->node.kernel},
        };
        for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
                fprintf(f, "%c\"%s\":", i ? ',' : '{', fields[i].key);
                json_put_string(f, fields[i].value);
        }
        fputs(",\"processes\":[", f);
        for (size_t i = 0; i < s->node.n_processes; i++) {
                const struct node_process *p = &s->node.processes[i];
                fprintf(f, "%s{\"component\":", i ? "," : "");
                json_put_string(f, p->name);
                fprintf(f, ",\"pid\":%d,\"apparmor\":", p->pid);
                json_put_string(f, p->label);
                fputs(",\"capabilities\":", f);
                json_put_string(f, p->capabilities);
                fputc('}', f);
        }
        fprintf(f, "],\"privileges\":{\"uid\":%u,\"capabilities\":", s->node.uid);
        json_put_string(f, s->node.capabilities);
        fprintf(f, ",\"no_new_privs\":%s}}", s->node.no_new_privs ? "true" : "false");
}

static void json_put_profile(FILE *f, const struct scan *s)
{
        fputs("{\"name\":", f);
        json_put_string(f, s->profile->name);
        fputs(",\"benchmark\":", f);
        json_put_string(f, s->profile->benchmark);
        fputc('}', f);
}

static void json_header(FILE *f, const struct scan *s, const struct report_options *o)
{
        fputs("{\"schema\":\"nodeaudit/v1\",\"tool\":{\"name\":\"nodeaudit\",\"version\":", f);
        json_put_string(f, o->tool_version);
        fputs("},\"node\":", f);
        json_put_node(f, s);
        fputs(",\"profile\":", f);
        json_put_profile(f, s);
        fputs(",\"started_at\":", f);
        json_put_string(f, s->started_at);
        fprintf(f, ",\"duration_ms\":%.3f,\"results\":[", s->duration_ms);
}

void json_put_result_fields(FILE *f, const struct result *r)
{
        const struct profile_entry *e = r->entry;
        fputs("\"id\":", f);
        json_put_string(f, e->check->id);
        fputs(",\"benchmark_id\":", f);
        json_put_string(f, e->number);
        fputs(",\"title\":", f);
        json_put_string(f, e->check->title);
        fputs(",\"section\":", f);
        json_put_string(f, e->section);
        fprintf(f, ",\"level\":%d,\"scored\":%s,\"status\":", e->level,
                e->scored ? "true" : "false");
        json_put_string(f, status_to_string(r->status));
        fputs(",\"expected\":", f);
        json_put_string(f, r->expected);
        fputs(",\"actual\":", f);
        json_put_string(f, r->actual);
        fputs(",\"source\":", f);
        if (r->source == SOURCE_NONE) {
                fputs("null", f);
        } else {
                fputs("{\"kind\":", f);
                json_put_string(f, source_kind_to_string(r->source));
                fputs(",\"detail\":", f);
                json_put_string(f, r->source_detail);
                fputc('}', f);
        }
        fputs(",\"reason\":", f);
        json_put_string(f, r->reason);
        fputs(",\"remediation\":", f);
        json_put_string(f, e->check->remediation);
        if (r->waiver) {
                const struct waiver *w = r->waiver;
                fputs(",\"waiver\":{\"reason\":", f);
                json_put_string(f, w->reason);
                fputs(",\"expires\":", f);
                json_put_string(f, w->expires);
                fprintf(f, ",\"expired\":%s,\"nodes\":", r->waiver_expired ? "true" : "false");
                json_put_string(f, w->nodes);
                fprintf(f, ",\"from\":");
                char from[4200];
                snprintf(from, sizeof(from), "%s:%u", w->file, w->line);
                json_put_string(f, from);
                fputc('}', f);
        }
}

static void json_entry(FILE *f, const struct scan *s, const struct result *r, size_t index,
                       const struct report_options *o)
{
        fputs(index ? ",{" : "{", f);
        json_put_result_fields(f, r);
        fputc('}', f);
}

static void json_footer(FILE *f, const struct scan *s, const struct report_options *o)
{
        fprintf(f, "],\"summary\":{\"pass\":%u,\"fail\":%u,\"manual\":%u,\"skip\":%u,"
                   "\"error\":%u,\"waived\":%u,\"score\":%.1f}}\n",
                s->counts[STATUS_PASS], s->counts[STATUS_FAIL], s->counts[STATUS_MANUAL],
                s->counts[STATUS_SKIP], s->counts[STATUS_ERROR], s->counts[STATUS_WAIVED],
                s->score);
}

const struct reporter reporter_json = {
        .name = "json",
        .header = json_header,
        .entry = json_entry,
        .footer = json_footer,
};

/* jsonl: one object a result, node and profile folded in, for log pipelines. */
static void jsonl_entry(FILE *f, const struct scan *s, const struct result *r, size_t index,
                        const struct report_options *o)
{
        fputs("{\"schema\":\"nodeaudit/v1\",\"node\":", f);
        json_put_node(f, s);
        fputs(",\"profile\":", f);
        json_put_profile(f, s);
        fputs(",\"started_at\":", f);
        json_put_string(f, s->started_at);
        fputc(',', f);
        json_put_result_fields(f, r);
        fputs("}\n", f);
}

const struct reporter reporter_jsonl = {
        .name = "jsonl",
        .entry = jsonl_entry,
};

/* fleet-output: every string in a merged view came from a report, so every one goes through report/escape. */
#include "fleet/fleet-output.h"

#include "fleet/fleet.h"
#include "report/escape.h"
#include "shared/strutil.h"

static const char *flag_words(const char *flag)
{
        if (streq(flag, "duplicate_hostname"))
                return "several reports name it";
        if (streq(flag, "future_started_at"))
                return "dated in the future";
        return "a report dated in the future set beside";
}

static void text_node(FILE *f, const struct fleet_node *node)
{
        const struct fleet_report *r = node->stands;
        struct strbuf host = {0};
        escape_text_buf(&host, r->hostname);
        fprintf(f, "  %6.1f  %-32s %3u fail %3u error  ", r->score, host.buf ? host.buf : "", r->fail,
                r->error);
        escape_text(f, r->profile);
        fputs(fleet_node_flag(node, 0) ? "  [flagged]\n" : "\n", f);
        strbuf_free(&host);
}

static void text_check(FILE *f, const struct fleet_check *c, size_t n_nodes)
{
        struct strbuf number = {0};
        escape_text_buf(&number, c->number);
        fprintf(f, "  %3zu/%zu  %-8s ", c->n_nodes, n_nodes, number.buf ? number.buf : "");
        strbuf_free(&number);
        escape_text(f, c->id);
        fputs(": ", f);
        for (size_t j = 0; j < c->n_nodes; j++) {
                fputs(j ? ", " : "", f);
                escape_text(f, c->nodes[j]->stands->hostname);
        }
        fputc('\n', f);
}

static void text_flagged(FILE *f, const struct fleet_node *node)
{
        const struct fleet_report *r = node->stands;
        fputs("  ", f);
        escape_text(f, r->hostname);
        if (node->reports > 1)
                fprintf(f, ": %u reports name it%s", node->reports,
                        r->future ? ", all dated in the future; the latest stands, not trusted: "
                                  : "; the latest not dated in the future stands: ");
        else
                fputs(": its only report is dated in the future; it stands, not trusted: ", f);
        escape_text(f, r->source);
        fputs(", started ", f);
        escape_text(f, r->started_at);
        fputc('\n', f);
        for (size_t i = 0; i < node->n_beside; i++) {
                const struct fleet_beside *b = &node->beside[i];
                fputs("    set beside: ", f);
                escape_text(f, b->source);
                fputs(", started ", f);
                escape_text(f, b->started_at);
                fprintf(f, ", score %.1f%s\n", b->score,
                        b->future ? ": dated in the future, not trusted" : "");
        }
        size_t more = node->reports - 1 - node->n_beside;
        if (more)
                fprintf(f, "    and %zu more set beside\n", more);
}

void fleet_write_aside(FILE *f, const struct fleet_summary *s, const char *prefix)
{
        for (size_t i = 0; i < s->n_aside_listed; i++) {
                const struct fleet_aside *a = &s->aside[i];
                fputs(prefix, f);
                escape_text(f, a->source);
                if (a->line)
                        fprintf(f, ":%u", a->line);
                if (a->line && a->column)
                        fprintf(f, ":%u", a->column);
                fputs(": ", f);
                escape_text(f, a->reason);
                fputc('\n', f);
        }
        if (s->n_aside > s->n_aside_listed)
                fprintf(f, "%sand %zu more\n", prefix, s->n_aside - s->n_aside_listed);
}

void fleet_write_text(FILE *f, const struct fleet_summary *s)
{
        fprintf(f, "%zu node%s scanned, mean score %.1f\n\nNodes, worst first:\n", s->n_nodes,
                s->n_nodes == 1 ? "" : "s", s->mean);
        for (size_t i = 0; i < s->n_nodes; i++)
                text_node(f, s->nodes[i]);
        fprintf(f, "\nChecks that fail, most nodes first:\n");
        for (size_t i = 0; i < s->n_checks; i++)
                text_check(f, &s->checks[i], s->n_nodes);
        if (s->n_flagged) {
                fprintf(f, "\nFlagged, not taken at their word (%zu node%s):\n", s->n_flagged,
                        s->n_flagged == 1 ? "" : "s");
                for (size_t i = 0; i < s->n_nodes; i++)
                        if (fleet_node_flag(s->nodes[i], 0))
                                text_flagged(f, s->nodes[i]);
        }
        if (s->n_aside) {
                fprintf(f, "\nSet aside, not merged (%zu of %lu reports):\n", s->n_aside, s->reports);
                fleet_write_aside(f, s, "  ");
        }
}

static void json_node(FILE *f, const struct fleet_node *node, bool first)
{
        const struct fleet_report *r = node->stands;
        fputs(first ? "{\"hostname\":" : ",{\"hostname\":", f);
        json_put_string(f, r->hostname);
        fputs(",\"profile\":", f);
        json_put_string(f, r->profile);
        fputs(",\"started_at\":", f);
        json_put_string(f, r->started_at);
        fprintf(f, ",\"score\":%.1f,\"pass\":%u,\"fail\":%u,\"error\":%u,\"report\":", r->score, r->pass,
                r->fail, r->error);
        json_put_string(f, r->source);
        fprintf(f, ",\"reports\":%u,\"flags\":[", node->reports);
        for (size_t i = 0; fleet_node_flag(node, i); i++)
                fprintf(f, "%s\"%s\"", i ? "," : "", fleet_node_flag(node, i));
        fputs("],\"set_beside\":[", f);
        for (size_t i = 0; i < node->n_beside; i++) {
                const struct fleet_beside *b = &node->beside[i];
                fputs(i ? ",{\"report\":" : "{\"report\":", f);
                json_put_string(f, b->source);
                fputs(",\"started_at\":", f);
                json_put_string(f, b->started_at);
                fprintf(f, ",\"score\":%.1f,\"future\":%s}", b->score, b->future ? "true" : "false");
        }
        fputs("]}", f);
}

void fleet_write_json(FILE *f, const struct fleet_summary *s)
{
        fprintf(f, "{\"schema\":\"nodeaudit/fleet-v1\",\"nodes_scanned\":%zu,\"mean_score\":%.1f,"
                   "\"reports_read\":%lu,\"reports_set_aside\":%zu,\"nodes_flagged\":%zu,\"nodes\":[",
                s->n_nodes, s->mean, s->reports, s->n_aside, s->n_flagged);
        for (size_t i = 0; i < s->n_nodes; i++)
                json_node(f, s->nodes[i], i == 0);
        fputs("],\"checks\":[", f);
        for (size_t i = 0; i < s->n_checks; i++) {
                const struct fleet_check *c = &s->checks[i];
                fputs(i ? ",{\"id\":" : "{\"id\":", f);
                json_put_string(f, c->id);
                fputs(",\"benchmark_id\":", f);
                json_put_string(f, c->number);
                fputs(",\"title\":", f);
                json_put_string(f, c->title);
                fprintf(f, ",\"nodes_failing\":%zu,\"errors\":%u,\"nodes\":[", c->n_nodes, c->errors);
                for (size_t j = 0; j < c->n_nodes; j++) {
                        if (j)
                                fputc(',', f);
                        json_put_string(f, c->nodes[j]->stands->hostname);
                }
                fputs("]}", f);
        }
        fputs("],\"set_aside\":[", f);
        for (size_t i = 0; i < s->n_aside_listed; i++) {
                const struct fleet_aside *a = &s->aside[i];
                fputs(i ? ",{\"report\":" : "{\"report\":", f);
                json_put_string(f, a->source);
                fprintf(f, ",\"line\":%u,\"column\":%u,\"reason\":", a->line, a->column);
                json_put_string(f, a->reason);
                fputc('}', f);
        }
        fputs("]}\n", f);
}

static void html_flagged(FILE *f, const struct fleet_node *node)
{
        const struct fleet_report *r = node->stands;
        fputs("<tr><td>", f);
        xml_put_string(f, r->hostname);
        fputs("</td><td>", f);
        for (size_t i = 0; fleet_node_flag(node, i); i++) {
                fputs(i ? ", " : "", f);
                fputs(flag_words(fleet_node_flag(node, i)), f);
        }
        fprintf(f, "</td><td>%u</td><td>", node->reports);
        xml_put_string(f, r->source);
        fputs(" (", f);
        xml_put_string(f, r->started_at);
        fputs(r->future ? ", not trusted)" : ")", f);
        fputs("</td><td>", f);
        for (size_t i = 0; i < node->n_beside; i++) {
                fputs(i ? "<br>" : "", f);
                xml_put_string(f, node->beside[i].source);
                fputs(" (", f);
                xml_put_string(f, node->beside[i].started_at);
                fputs(node->beside[i].future ? ", in the future)" : ")", f);
        }
        fputs("</td></tr>\n", f);
}

static void html_tables(FILE *f, const struct fleet_summary *s)
{
        if (s->n_flagged) {
                fputs("<h2>Flagged, not taken at their word</h2>\n<table id=\"flagged\"><tr><th>node</th>"
                      "<th>why</th><th>reports</th><th>stands</th><th>set beside</th></tr>\n", f);
                for (size_t i = 0; i < s->n_nodes; i++)
                        if (fleet_node_flag(s->nodes[i], 0))
                                html_flagged(f, s->nodes[i]);
                fputs("</table>\n", f);
        }
        if (s->n_aside) {
                fprintf(f, "<h2>Set aside, not merged (%zu of %lu reports)</h2>\n<table id=\"set-aside\">"
                           "<tr><th>report</th><th>why</th></tr>\n", s->n_aside, s->reports);
                for (size_t i = 0; i < s->n_aside_listed; i++) {
                        fputs("<tr><td>", f);
                        xml_put_string(f, s->aside[i].source);
                        if (s->aside[i].line)
                                fprintf(f, ":%u", s->aside[i].line);
                        fputs("</td><td>", f);
                        xml_put_string(f, s->aside[i].reason);
                        fputs("</td></tr>\n", f);
                }
                fputs("</table>\n", f);
        }
}

void fleet_write_html(FILE *f, const struct fleet_summary *s)
{
        fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>nodeaudit fleet</title>"
                   "<style>body{font:15px/1.45 system-ui,sans-serif;margin:32px;color:#1d2330}"
                   "table{border-collapse:collapse;margin-bottom:28px}td,th{padding:6px 12px;border-bottom:1px solid #e4e6ea;text-align:left}"
                   ".bad{color:#c62828;font-weight:700}</style></head><body>\n"
                   "<h1>%zu nodes, mean score <span id=\"mean\">%.1f</span></h1>\n<h2>Nodes, worst first</h2>\n"
                   "<table id=\"nodes\"><tr><th>score</th><th>node</th><th>fail</th><th>error</th><th>profile</th><th>flagged</th></tr>\n",
                s->n_nodes, s->mean);
        for (size_t i = 0; i < s->n_nodes; i++) {
                const struct fleet_report *r = s->nodes[i]->stands;
                fprintf(f, "<tr><td>%.1f</td><td>", r->score);
                xml_put_string(f, r->hostname);
                fprintf(f, "</td><td%s>%u</td><td>%u</td><td>", r->fail ? " class=\"bad\"" : "", r->fail, r->error);
                xml_put_string(f, r->profile ? r->profile : "");
                fprintf(f, "</td><td>%s</td></tr>\n", fleet_node_flag(s->nodes[i], 0) ? "yes" : "");
        }
        fputs("</table>\n<h2>Checks that fail, most nodes first</h2>\n<table id=\"checks\"><tr><th>nodes</th><th>number</th><th>check</th><th>failing on</th></tr>\n", f);
        for (size_t i = 0; i < s->n_checks; i++) {
                const struct fleet_check *c = &s->checks[i];
                fprintf(f, "<tr><td>%zu/%zu</td><td>", c->n_nodes, s->n_nodes);
                xml_put_string(f, c->number);
                fputs("</td><td>", f);
                xml_put_string(f, c->id);
                fputs("<br><small>", f);
                xml_put_string(f, c->title);
                fputs("</small></td><td>", f);
                for (size_t j = 0; j < c->n_nodes; j++) {
                        fputs(j ? ", " : "", f);
                        xml_put_string(f, c->nodes[j]->stands->hostname);
                }
                fputs("</td></tr>\n", f);
        }
        fputs("</table>\n", f);
        html_tables(f, s);
        fputs("</body></html>\n", f);
}

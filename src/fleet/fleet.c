/* fleet: parses reports with the YAML/JSON layer, keeps each node's latest scan, orders worst first. */
#include "fleet/fleet.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "parse/yamldoc.h"
#include "report/report.h"
#include "shared/strutil.h"

struct fnode {
        char *hostname, *profile, *started_at, *source;
        double score;
        unsigned pass, fail, error;
        char **failing; /* check ids that fail or error on this node */
        char **failing_status;
        size_t n_failing;
};

struct fcheck {
        char *id, *number, *title;
        char **nodes;
        size_t n_nodes, cap;
        unsigned errors;
};

struct fleet {
        struct arena *a;
        struct fnode **nodes;
        size_t n_nodes, cap_nodes;
};

struct fleet *fleet_new(struct arena *a)
{
        struct fleet *fl = arena_alloc(a, sizeof(*fl));
        fl->a = a;
        return fl;
}

size_t fleet_nodes(const struct fleet *fl)
{
        return fl->n_nodes;
}

static const char *str(const struct ynode *n)
{
        return n && n->type == YNODE_SCALAR && !ynode_is_null(n) ? n->value : NULL;
}

static int bad(struct diag *d, const char *name, const struct ynode *n, const char *what)
{
        diag_set(d, name, n ? n->line : 0, n ? n->column : 0, "not a nodeaudit/v1 report: %s", what);
        return -EINVAL;
}

int fleet_add(struct fleet *fl, const char *text, size_t len, const char *name, struct diag *d)
{
        struct arena *a = fl->a;
        struct ynode *doc;
        int err = ydoc_parse(text, len, name, a, &doc, d);
        if (err < 0)
                return err;
        if (doc->type != YNODE_MAP || !streq(str(ynode_get(doc, "schema")), "nodeaudit/v1"))
                return bad(d, name, doc, "no \"schema\": \"nodeaudit/v1\"");
        const struct ynode *results = ynode_get(doc, "results");
        const struct ynode *summary = ynode_get(doc, "summary");
        if (!results || results->type != YNODE_SEQ || !summary || summary->type != YNODE_MAP)
                return bad(d, name, doc, "no results or summary");
        struct fnode *n = arena_alloc(a, sizeof(*n));
        const char *host = str(ynode_path(doc, "node.hostname"));
        n->hostname = arena_strdup(a, host ? host : name);
        n->profile = arena_strdup(a, str(ynode_path(doc, "profile.name")));
        n->started_at = arena_strdup(a, str(ynode_get(doc, "started_at")));
        n->source = arena_strdup(a, name);
        const char *score = str(ynode_get(summary, "score"));
        if (!score || parse_double(score, &n->score) < 0)
                return bad(d, name, summary, "summary.score is not a number");
        n->failing = arena_alloc(a, (results->n + 1) * sizeof(char *));
        n->failing_status = arena_alloc(a, (results->n + 1) * sizeof(char *));
        for (size_t i = 0; i < results->n; i++) {
                const struct ynode *r = results->items[i];
                const char *status = str(ynode_get(r, "status")), *id = str(ynode_get(r, "id"));
                if (!status || !id)
                        return bad(d, name, r, "a result without id or status");
                if (streq(status, "pass"))
                        n->pass++;
                if (streq(status, "fail") || streq(status, "error")) {
                        streq(status, "fail") ? n->fail++ : n->error++;
                        n->failing[n->n_failing] = arena_printf(a, "%s\t%s\t%s", id,
                                str(ynode_get(r, "benchmark_id")) ? str(ynode_get(r, "benchmark_id")) : "",
                                str(ynode_get(r, "title")) ? str(ynode_get(r, "title")) : "");
                        n->failing_status[n->n_failing++] = arena_strdup(a, status);
                }
        }
        /* A node's latest scan stands for it. */
        for (size_t i = 0; i < fl->n_nodes; i++)
                if (streq(fl->nodes[i]->hostname, n->hostname)) {
                        if (strcmp(n->started_at ? n->started_at : "", fl->nodes[i]->started_at ? fl->nodes[i]->started_at : "") >= 0)
                                fl->nodes[i] = n;
                        return 0;
                }
        fl->nodes = (struct fnode **)arena_grow(a, (void **)fl->nodes, fl->n_nodes, &fl->cap_nodes);
        fl->nodes[fl->n_nodes++] = n;
        return 0;
}

static int cmp_node(const void *x, const void *y)
{
        const struct fnode *a = *(struct fnode *const *)x, *b = *(struct fnode *const *)y;
        if (a->score != b->score)
                return a->score < b->score ? -1 : 1;
        return strcmp(a->hostname, b->hostname);
}

static int cmp_check(const void *x, const void *y)
{
        const struct fcheck *a = *(struct fcheck *const *)x, *b = *(struct fcheck *const *)y;
        if (a->n_nodes != b->n_nodes)
                return a->n_nodes > b->n_nodes ? -1 : 1;
        return strcmp(a->id, b->id);
}

/* Worst nodes first; checks failing on most nodes first. */
static size_t order(const struct fleet *fl, struct fcheck ***ret)
{
        struct arena *a = fl->a;
        qsort(fl->nodes, fl->n_nodes, sizeof(*fl->nodes), cmp_node);
        struct fcheck **checks = NULL;
        size_t n = 0, cap = 0;
        for (size_t i = 0; i < fl->n_nodes; i++) {
                const struct fnode *node = fl->nodes[i];
                for (size_t j = 0; j < node->n_failing; j++) {
                        char **f;
                        str_split(a, node->failing[j], '\t', &f);
                        struct fcheck *c = NULL;
                        for (size_t k = 0; k < n && !c; k++)
                                if (streq(checks[k]->id, f[0]))
                                        c = checks[k];
                        if (!c) {
                                c = arena_alloc(a, sizeof(*c));
                                c->id = f[0];
                                c->number = f[1] ? f[1] : "";
                                c->title = f[1] && f[2] ? f[2] : "";
                                checks = (struct fcheck **)arena_grow(a, (void **)checks, n, &cap);
                                checks[n++] = c;
                        }
                        c->nodes = (char **)arena_grow(a, (void **)c->nodes, c->n_nodes, &c->cap);
                        c->nodes[c->n_nodes++] = node->hostname;
                        c->errors += streq(node->failing_status[j], "error");
                }
        }
        if (n)
                qsort(checks, n, sizeof(*checks), cmp_check);
        *ret = checks;
        return n;
}

static double mean(const struct fleet *fl)
{
        double sum = 0;
        for (size_t i = 0; i < fl->n_nodes; i++)
                sum += fl->nodes[i]->score;
        return fl->n_nodes ? sum / (double)fl->n_nodes : 0;
}

void fleet_write_text(FILE *f, const struct fleet *fl)
{
        struct fcheck **checks;
        size_t n = order(fl, &checks);
        fprintf(f, "%zu node%s scanned, mean score %.1f\n\nNodes, worst first:\n", fl->n_nodes,
                fl->n_nodes == 1 ? "" : "s", mean(fl));
        for (size_t i = 0; i < fl->n_nodes; i++) {
                const struct fnode *node = fl->nodes[i];
                fprintf(f, "  %6.1f  %-32s %3u fail %3u error  %s\n", node->score, node->hostname,
                        node->fail, node->error, node->profile ? node->profile : "");
        }
        fprintf(f, "\nChecks that fail, most nodes first:\n");
        for (size_t i = 0; i < n; i++)
                fprintf(f, "  %3zu/%zu  %-8s %s: %s\n", checks[i]->n_nodes, fl->n_nodes, checks[i]->number,
                        checks[i]->id, str_join(fl->a, checks[i]->nodes, checks[i]->n_nodes, ", "));
}

void fleet_write_json(FILE *f, const struct fleet *fl)
{
        struct fcheck **checks;
        size_t n = order(fl, &checks);
        fprintf(f, "{\"schema\":\"nodeaudit/fleet-v1\",\"nodes_scanned\":%zu,\"mean_score\":%.1f,\"nodes\":[",
                fl->n_nodes, mean(fl));
        for (size_t i = 0; i < fl->n_nodes; i++) {
                const struct fnode *node = fl->nodes[i];
                fputs(i ? ",{\"hostname\":" : "{\"hostname\":", f);
                json_put_string(f, node->hostname);
                fputs(",\"profile\":", f);
                json_put_string(f, node->profile);
                fputs(",\"started_at\":", f);
                json_put_string(f, node->started_at);
                fprintf(f, ",\"score\":%.1f,\"pass\":%u,\"fail\":%u,\"error\":%u,\"report\":", node->score,
                        node->pass, node->fail, node->error);
                json_put_string(f, node->source);
                fputc('}', f);
        }
        fputs("],\"checks\":[", f);
        for (size_t i = 0; i < n; i++) {
                fputs(i ? ",{\"id\":" : "{\"id\":", f);
                json_put_string(f, checks[i]->id);
                fputs(",\"benchmark_id\":", f);
                json_put_string(f, checks[i]->number);
                fputs(",\"title\":", f);
                json_put_string(f, checks[i]->title);
                fprintf(f, ",\"nodes_failing\":%zu,\"errors\":%u,\"nodes\":[", checks[i]->n_nodes, checks[i]->errors);
                for (size_t j = 0; j < checks[i]->n_nodes; j++) {
                        if (j)
                                fputc(',', f);
                        json_put_string(f, checks[i]->nodes[j]);
                }
                fputs("]}", f);
        }
        fputs("]}\n", f);
}

void fleet_write_html(FILE *f, const struct fleet *fl)
{
        struct fcheck **checks;
        size_t n = order(fl, &checks);
        fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>nodeaudit fleet</title>"
                   "<style>body{font:15px/1.45 system-ui,sans-serif;margin:32px;color:#1d2330}"
                   "table{border-collapse:collapse;margin-bottom:28px}td,th{padding:6px 12px;border-bottom:1px solid #e4e6ea;text-align:left}"
                   ".bad{color:#c62828;font-weight:700}</style></head><body>\n"
                   "<h1>%zu nodes, mean score <span id=\"mean\">%.1f</span></h1>\n<h2>Nodes, worst first</h2>\n"
                   "<table id=\"nodes\"><tr><th>score</th><th>node</th><th>fail</th><th>error</th><th>profile</th></tr>\n",
                fl->n_nodes, mean(fl));
        for (size_t i = 0; i < fl->n_nodes; i++) {
                const struct fnode *node = fl->nodes[i];
                fprintf(f, "<tr><td>%.1f</td><td>", node->score);
                xml_put_string(f, node->hostname);
                fprintf(f, "</td><td%s>%u</td><td>%u</td><td>", node->fail ? " class=\"bad\"" : "", node->fail, node->error);
                xml_put_string(f, node->profile ? node->profile : "");
                fputs("</td></tr>\n", f);
        }
        fputs("</table>\n<h2>Checks that fail, most nodes first</h2>\n<table id=\"checks\"><tr><th>nodes</th><th>number</th><th>check</th><th>failing on</th></tr>\n", f);
        for (size_t i = 0; i < n; i++) {
                fprintf(f, "<tr><td>%zu/%zu</td><td>", checks[i]->n_nodes, fl->n_nodes);
                xml_put_string(f, checks[i]->number);
                fputs("</td><td>", f);
                xml_put_string(f, checks[i]->id);
                fputs("<br><small>", f);
                xml_put_string(f, checks[i]->title);
                fputs("</small></td><td>", f);
                xml_put_string(f, str_join(fl->a, checks[i]->nodes, checks[i]->n_nodes, ", "));
                fputs("</td></tr>\n", f);
        }
        fputs("</table></body></html>\n", f);
}

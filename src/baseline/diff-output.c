/* baseline: the text and JSON reports of a baseline diff (nodeaudit/baseline-diff-v1). */
#include <stdio.h>

#include "baseline/baseline.h"
#include "report/report.h"

static const char *path_of(const struct change *c)
{
        return c->now ? c->now->path : c->was->path;
}

void baseline_diff_text(FILE *f, const struct baseline_diff *d, const char *file,
                        const struct baseline *was, const struct baseline *now)
{
        /* Paths, link texts, owner names and the baseline's own header come from the node or
         * from a file on it: none reaches the terminal unescaped. */
        fputs("baseline ", f);
        escape_text(f, file);
        fputs(" (of ", f);
        escape_text(f, was->root);
        fputs(", saved ", f);
        escape_text(f, was->saved_at);
        fputs(") against ", f);
        escape_text(f, now->root);
        fputc('\n', f);
        for (size_t i = 0; i < d->n; i++) {
                const struct change *c = &d->items[i];
                fprintf(f, "  %-9s ", change_kind_to_string(c->kind));
                if (c->kind != CHANGE_RENAMED) {
                        escape_text(f, path_of(c));
                        fputs(": ", f);
                }
                escape_text(f, c->detail);
                fputc('\n', f);
        }
        if (!d->n) {
                fprintf(f, "no change: %zu critical files and directories as recorded\n", now->n);
                return;
        }
        fprintf(f, "%zu change%s:", d->n, d->n == 1 ? "" : "s");
        for (int k = 0; k < _CHANGE_MAX; k++)
                fprintf(f, "%s %u %s", k ? "," : "", d->counts[k], change_kind_to_string(k));
        fputc('\n', f);
}

void baseline_diff_json(FILE *f, const struct baseline_diff *d, const char *file,
                        const struct baseline *was, const struct baseline *now)
{
        fputs("{\"schema\":\"nodeaudit/baseline-diff-v1\",\"baseline\":{\"file\":", f);
        json_put_string(f, file);
        fputs(",\"root\":", f);
        json_put_string(f, was->root);
        fputs(",\"saved_at\":", f);
        json_put_string(f, was->saved_at);
        fputs("},\"root\":", f);
        json_put_string(f, now->root);
        fputs(",\"changes\":[", f);
        for (size_t i = 0; i < d->n; i++) {
                const struct change *c = &d->items[i];
                fprintf(f, "%s{\"kind\":\"%s\",\"path\":", i ? "," : "", change_kind_to_string(c->kind));
                json_put_string(f, path_of(c));
                fputs(",\"was\":", f);
                json_put_string(f, c->was ? c->was->path : NULL);
                fputs(",\"type\":", f);
                json_put_string(f, baseline_type_word((c->now ? c->now : c->was)->type));
                fputs(",\"detail\":", f);
                json_put_string(f, c->detail);
                fputs("}", f);
        }
        fputs("],\"summary\":{", f);
        for (int k = 0; k < _CHANGE_MAX; k++)
                fprintf(f, "%s\"%s\":%u", k ? "," : "", change_kind_to_string(k), d->counts[k]);
        fprintf(f, ",\"total\":%zu,\"entries\":%zu}}\n", d->n, now->n);
}

/* report: one reporter per output format behind a vtable (header, entry, footer). */
#pragma once

#include <stdbool.h>
#include <stdio.h>

#include "engine/scan.h"
/* Every writer escapes what a node or a report holds through it. */
#include "report/escape.h"

struct report_options {
        bool color;
        bool quiet; /* text: failures and errors only */
        const char *tool_version;
};

struct reporter {
        const char *name;
        void (*header)(FILE *f, const struct scan *s, const struct report_options *o);
        void (*entry)(FILE *f, const struct scan *s, const struct result *r, size_t index,
                      const struct report_options *o);
        void (*footer)(FILE *f, const struct scan *s, const struct report_options *o);
};

const struct reporter *reporter_find(const char *name);
/* The formats in their table's order: the I-th, NULL past the last. */
const struct reporter *reporter_at(size_t i);
/* The names of the formats, ", " between them, for --help and error messages. */
const char *reporter_names(void);
int report_write(const struct reporter *rep, FILE *f, const struct scan *s,
                 const struct report_options *o);

extern const struct reporter reporter_text;
extern const struct reporter reporter_json;
extern const struct reporter reporter_jsonl;
extern const struct reporter reporter_junit;
extern const struct reporter reporter_prometheus;
extern const struct reporter reporter_sarif;
extern const struct reporter reporter_kube_bench;
extern const struct reporter reporter_html;

/* The JSON fields every result carries (for json and jsonl). */
void json_put_result_fields(FILE *f, const struct result *r);
void json_put_node(FILE *f, const struct scan *s);

/* The waiver of R in a sentence ("waived until 2027-03-31: REASON (FILE:LINE)",
 * or "waiver expired on ..."), or NULL when no waiver matched. Arena-less:
 * BUF holds it. */
const char *report_waiver_text(const struct result *r, char *buf, size_t size);

struct baseline;
struct baseline_diff;
/* A baseline diff (baseline/diff-output.c): text, or one JSON line. */
void baseline_diff_text(FILE *f, const struct baseline_diff *d, const char *file,
                        const struct baseline *was, const struct baseline *now);
void baseline_diff_json(FILE *f, const struct baseline_diff *d, const char *file,
                        const struct baseline *was, const struct baseline *now);

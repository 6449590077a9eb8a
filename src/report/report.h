/* report: one reporter per output format behind a vtable (header, entry, footer). */
#pragma once

#include <stdbool.h>
#include <stdio.h>

#include "engine/scan.h"

struct report_options {
        bool color;
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
/* The names of the formats, for --help and error messages. */
const char *reporter_names(void);
int report_write(const struct reporter *rep, FILE *f, const struct scan *s,
                 const struct report_options *o);

extern const struct reporter reporter_text;
extern const struct reporter reporter_json;

/* A JSON string literal of any bytes: control characters escaped, invalid
 * UTF-8 replaced by U+FFFD, NULL written as null. */
void json_put_string(FILE *f, const char *s);

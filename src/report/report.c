/* report: the format table and the driver that walks the results once. */
#include "report/report.h"

#include <errno.h>

#include "shared/strutil.h"

static const struct reporter *const reporters[] = {
        &reporter_text,
        &reporter_json,
};

const struct reporter *reporter_find(const char *name)
{
        for (size_t i = 0; i < ELEMENTSOF(reporters); i++)
                if (streq(reporters[i]->name, name))
                        return reporters[i];
        return NULL;
}

const char *reporter_names(void)
{
        return "text, json";
}

int report_write(const struct reporter *rep, FILE *f, const struct scan *s,
                 const struct report_options *o)
{
        if (rep->header)
                rep->header(f, s, o);
        for (size_t i = 0; i < s->n_results; i++)
                rep->entry(f, s, &s->results[i], i, o);
        if (rep->footer)
                rep->footer(f, s, o);
        if (fflush(f) != 0 || ferror(f))
                return -EIO;
        return 0;
}

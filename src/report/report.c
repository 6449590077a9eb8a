/* report: the format table and the driver that walks the results once. */
#include "report/report.h"

#include "defs/catalog.h"
#include "defs/profile.h"

#include "defs/waivers.h"

#include <errno.h>
#include <stdio.h>

#include "shared/strutil.h"

static const struct reporter *const reporters[] = {
        &reporter_text,  &reporter_json,  &reporter_jsonl,      &reporter_junit,
        &reporter_prometheus, &reporter_sarif, &reporter_kube_bench, &reporter_html,
};

const struct reporter *reporter_find(const char *name)
{
        for (size_t i = 0; i < ELEMENTSOF(reporters); i++)
                if (streq(reporters[i]->name, name))
                        return reporters[i];
        return NULL;
}

const struct reporter *reporter_at(size_t i)
{
        return i < ELEMENTSOF(reporters) ? reporters[i] : NULL;
}

const char *reporter_names(void)
{
        static char names[256];
        if (!names[0])
                for (size_t i = 0, len = 0; i < ELEMENTSOF(reporters) && len < sizeof(names); i++)
                        len += (size_t)snprintf(names + len, sizeof(names) - len, "%s%s",
                                                i ? ", " : "", reporters[i]->name);
        return names;
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

const char *report_waiver_text(const struct result *r, char *buf, size_t size)
{
        const struct waiver *w = r->waiver;
        if (!w)
                return NULL;
        snprintf(buf, size, "%s %s%s%s: %s (%s:%u)",
                 r->waiver_expired ? "waiver expired on" : "waived until", w->expires,
                 w->nodes ? " for nodes " : "", w->nodes ? w->nodes : "", w->reason, w->file, w->line);
        return buf;
}

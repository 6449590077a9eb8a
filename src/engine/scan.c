/* scan: opens the node, evaluates each selected entry in profile order, scores and gates. */
#include "engine/scan.h"
#include "engine/score.h"

#include <errno.h>
#include <string.h>
#include <time.h>

#include "defs/distribution.h"
#include "defs/profile.h"
#include "model/node.h"
#include "engine/judge.h"
#include "model/modules.h"
#include "shared/strutil.h"



static bool selected(const struct profile_entry *e, char *const *ids, size_t n)
{
        for (size_t i = 0; i < n; i++)
                if (streq(ids[i], e->check->id) || streq(ids[i], e->number))
                        return true;
        return false;
}


int scan_run(struct node *node, const struct profile *p, char *const *only, size_t n_only,
             char *const *skip, size_t n_skip, struct scan **ret)
{
        struct timespec t0, t1, now;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        clock_gettime(CLOCK_REALTIME, &now);
        struct scan *s = arena_alloc(node->a, sizeof(*s));
        struct tm tm;
        gmtime_r(&now.tv_sec, &tm);
        strftime(s->started_at, sizeof(s->started_at), "%Y-%m-%dT%H:%M:%SZ", &tm);
        s->profile = p;
        node_describe(node, &s->node);
        s->results = arena_alloc(node->a, (p->n_entries + 1) * sizeof(*s->results));
        for (size_t i = 0; i < p->n_entries; i++) {
                const struct profile_entry *e = p->entries[i];
                if (n_only && !selected(e, only, n_only))
                        continue;
                if (n_skip && selected(e, skip, n_skip))
                        continue;
                judge_entry(node, e, &s->results[s->n_results++]);
        }
        scan_score(s);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        s->duration_ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
                         (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
        *ret = s;
        return 0;
}


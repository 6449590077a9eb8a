/* scan: opens the node, evaluates each selected entry in profile order, scores and gates. */
#include "engine/scan.h"

#include <errno.h>
#include <string.h>
#include <time.h>

#include "defs/distribution.h"
#include "defs/profile.h"
#include "model/node.h"
#include "engine/judge.h"
#include "model/modules.h"
#include "shared/strutil.h"

static const char *const status_names[_STATUS_MAX] = {
        [STATUS_PASS] = "pass",     [STATUS_FAIL] = "fail",   [STATUS_MANUAL] = "manual",
        [STATUS_SKIP] = "skip",     [STATUS_ERROR] = "error", [STATUS_WAIVED] = "waived",
};

const char *status_to_string(enum status s)
{
        return s >= 0 && s < _STATUS_MAX ? status_names[s] : "?";
}

enum fail_on fail_on_from_string(const char *s)
{
        if (streq(s, "fail"))
                return FAIL_ON_FAIL;
        if (streq(s, "error"))
                return FAIL_ON_ERROR;
        if (streq(s, "none"))
                return FAIL_ON_NONE;
        return _FAIL_ON_INVALID;
}

static bool selected(const struct profile_entry *e, char *const *ids, size_t n)
{
        for (size_t i = 0; i < n; i++)
                if (streq(ids[i], e->check->id) || streq(ids[i], e->number))
                        return true;
        return false;
}

void scan_score(struct scan *s)
{
        double num = 0, den = 0;
        memset(s->counts, 0, sizeof(s->counts));
        for (size_t i = 0; i < s->n_results; i++) {
                const struct result *r = &s->results[i];
                s->counts[r->status]++;
                if (!r->entry->scored)
                        continue;
                double w = r->entry->weight;
                if (r->status == STATUS_PASS)
                        num += w;
                if (r->status == STATUS_PASS || r->status == STATUS_FAIL ||
                    r->status == STATUS_ERROR)
                        den += w;
        }
        /* Nothing evaluated is no evidence of hardening: 0, not 100. */
        s->score = den > 0 ? 100.0 * num / den : 0.0;
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

bool scan_gate_tripped(const struct scan *s, enum fail_on f, double min_score)
{
        if (min_score >= 0 && s->score < min_score)
                return true;
        if (f == FAIL_ON_NONE)
                return false;
        for (size_t i = 0; i < s->n_results; i++) {
                const struct result *r = &s->results[i];
                if (!r->entry->scored)
                        continue;
                if (r->status == STATUS_ERROR || (f == FAIL_ON_FAIL && r->status == STATUS_FAIL))
                        return true;
        }
        return false;
}

/* score: the score, the waivers that turn fails into waived, and the gate. */
#include "engine/score.h"

#include <string.h>

#include "defs/catalog.h"
#include "defs/profile.h"
#include "defs/waivers.h"
#include "engine/scan.h"
#include "shared/strutil.h"

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

void score_apply_waivers(const struct waivers *w, struct scan *s, const char *hostname, int today)
{
        if (!w)
                return;
        for (size_t i = 0; i < s->n_results; i++) {
                struct result *r = &s->results[i];
                if (r->status != STATUS_FAIL)
                        continue;
                const struct profile_entry *e = r->entry;
                const struct waiver *expired = NULL;
                for (size_t k = 0; k < w->n; k++) {
                        const struct waiver *wv = &w->items[k];
                        if (!streq(wv->check, e->check->id) && !(e->number && streq(wv->check, e->number)))
                                continue;
                        if (wv->nodes && !str_glob(wv->nodes, hostname ? hostname : ""))
                                continue;
                        if (today > wv->expires_on) {
                                if (!expired)
                                        expired = wv;
                                continue;
                        }
                        r->status = STATUS_WAIVED;
                        r->waiver = wv;
                        r->waiver_expired = false;
                        break;
                }
                if (r->status == STATUS_FAIL && expired) {
                        r->waiver = expired;
                        r->waiver_expired = true;
                }
        }
        scan_score(s);
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

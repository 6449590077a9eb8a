/* judge: one result for one profile entry — the conditions under which it
 * applies, the probe's evidence, and the verdict of the entry's operator. */
#include "engine/judge.h"

#include <stdarg.h>
#include <string.h>

#include "defs/catalog.h"
#include "defs/condition.h"
#include "defs/distribution.h"
#include "defs/profile.h"
#include "engine/conditions.h"
#include "defs/operators.h"
#include "engine/scan.h"
#include "model/component.h"
#include "model/distro.h"
#include "model/node.h"
#include "probes/table.h"
#include "shared/strutil.h"

static void judge_error(struct result *r, struct arena *a, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
static void judge_error(struct result *r, struct arena *a, const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        r->status = STATUS_ERROR;
        r->reason = arena_vprintf(a, fmt, ap);
        va_end(ap);
}

static void judge_add_reason(struct result *r, struct arena *a, const char *text)
{
        if (!text || !*text)
                return;
        r->reason = r->reason ? arena_printf(a, "%s; %s", r->reason, text) : arena_strdup(a, text);
}

static const char *display(const struct setting_value *v)
{
        if (!v->has_value)
                return "(not set)";
        if (v->value.raw && *v->value.raw)
                return v->value.raw;
        return v->value.norm && *v->value.norm ? v->value.norm : "\"\"";
}

/* Judges N values with the entry's operator: all must pass, or any with c->any. */
static void judge_values(struct arena *a, const struct profile_entry *e, struct result *r,
                         size_t n, char *const *names, const struct setting_value *read,
                         const char *owner)
{
        const struct check *c = e->check;
        struct strbuf actual = {0};
        size_t n_pass = 0;
        bool chosen = false, chosen_fail = false;
        char *fail_reasons = NULL, *notes = NULL;
        for (size_t i = 0; i < n; i++) {
                struct setting_value v = read[i];
                if (v.error) {
                        r->source = v.source;
                        r->source_detail = v.detail;
                        judge_error(r, a, "%s", v.error);
                        strbuf_free(&actual);
                        return;
                }
                struct observed o = {
                        .has_value = v.has_value,
                        .norm = v.value.norm,
                        .items = v.value.items,
                        .n_items = v.value.n_items,
                        .is_list = v.value.items != NULL && (c->n_settings == 0 ||
                                                             c->settings[i]->type == VT_LIST),
                };
                char *why = NULL;
                enum op_verdict verdict = op_eval(e->op, &o, e->expected, e->n_expected, a, &why);
                if (verdict == OP_CANNOT) {
                        r->source = v.source;
                        r->source_detail = v.detail;
                        judge_error(r, a, "%s", why);
                        strbuf_free(&actual);
                        return;
                }
                if (n > 1)
                        strbuf_printf(&actual, "%s%s=%s", i ? ", " : "", names[i], display(&v));
                else
                        strbuf_puts(&actual, display(&v));
                /* The evidence shown is the first failing value's, else the first. */
                if (!chosen || (verdict == OP_FAIL && !chosen_fail)) {
                        r->source = v.source;
                        r->source_detail = v.detail;
                        chosen = true;
                        chosen_fail = verdict == OP_FAIL;
                }
                if (verdict == OP_PASS) {
                        n_pass++;
                } else {
                        char *text = n > 1 ? arena_printf(a, "%s: %s", names[i], why ? why : "does not match")
                                           : why;
                        if (v.is_default && c->cis_accepts_unset)
                                text = arena_printf(a, "%s%sthe CIS audit accepts an unset value, but "
                                                       "unset means %s's built-in default %s, which "
                                                       "does not meet the expectation",
                                                    text ? text : "", text ? "; " : "", owner, display(&v));
                        if (text)
                                fail_reasons = fail_reasons ? arena_printf(a, "%s; %s", fail_reasons, text) : text;
                }
                if (v.note)
                        notes = notes ? arena_printf(a, "%s; %s", notes, v.note) : v.note;
        }
        bool pass = c->any ? n_pass > 0 : n_pass == n;
        r->status = pass ? STATUS_PASS : STATUS_FAIL;
        if (!pass)
                judge_add_reason(r, a, fail_reasons);
        if (pass && c->any && n > 1)
                judge_add_reason(r, a, arena_printf(a, "%zu of %zu set", n_pass, n));
        judge_add_reason(r, a, notes);
        r->actual = arena_strdup(a, actual.buf ? actual.buf : "");
        strbuf_free(&actual);
}

/* One observed value (the result's actual is the probe's). */
static void judge_observed(struct arena *a, const struct profile_entry *e, struct result *r,
                           const struct setting_value *v)
{
        struct observed o = {.has_value = v->has_value, .norm = v->value.norm};
        char *why = NULL;
        enum op_verdict verdict = op_eval(e->op, &o, e->expected, e->n_expected, a, &why);
        r->status = verdict == OP_PASS ? STATUS_PASS : verdict == OP_FAIL ? STATUS_FAIL : STATUS_ERROR;
        judge_add_reason(r, a, why);
}

void judge_entry(struct node *node, const struct profile_entry *e, struct result *r)
{
        const struct check *c = e->check;
        r->entry = e;
        r->source = SOURCE_NONE;
        if (probe_has_operator(c->probe))
                r->expected = op_describe(e->op, e->expected, e->n_expected, node->a);
        if (e->skip) {
                r->status = STATUS_SKIP;
                r->reason = e->skip;
                return;
        }
        struct setting_value v;
        if (e->skip_if && condition_eval(node, e->skip_if->when, &v) == CONDITION_HOLDS) {
                r->status = STATUS_SKIP;
                r->reason = arena_printf(node->a, "%s: %s", e->skip_if->title, e->skip_if->skip);
                return;
        }
        if (c->when) {
                const struct condition *w = c->when;
                const char *wanted = w->test == CONDITION_EQUALS
                                             ? w->value
                                             : arena_printf(node->a, "starting with %s", w->value);
                switch (condition_eval(node, w, &v)) {
                case CONDITION_HOLDS:
                        break;
                case CONDITION_NOT_RUNNING:
                        r->status = STATUS_SKIP;
                        r->reason = arena_printf(node->a, "applies when %s runs with %s %s",
                                                 w->component->name, w->setting->name, wanted);
                        return;
                case CONDITION_UNKNOWN:
                        judge_error(r, node->a, "%s", v.error ? v.error : "the setting cannot be read");
                        return;
                case CONDITION_DOES_NOT_HOLD:
                        r->status = STATUS_SKIP;
                        r->reason = arena_printf(node->a, "applies when %s has %s %s; it has %s (%s)",
                                                 w->component->name, w->setting->name, wanted,
                                                 display(&v), v.detail);
                        return;
                }
        }
        struct evidence ev = {.kind = EVIDENCE_DECIDED};
        probe_ops(c->probe)->collect(node, e, r, &ev);
        switch (ev.kind) {
        case EVIDENCE_VALUES:
                judge_values(node->a, e, r, ev.n, ev.names, ev.values, ev.owner);
                break;
        case EVIDENCE_OBSERVED:
                judge_observed(node->a, e, r, &ev.values[0]);
                break;
        case EVIDENCE_DECIDED:
                break;
        }
        judge_add_reason(r, node->a, ev.then);
}

/* certificate: judges one aspect of every certificate the components are
 * configured with — days to expiry, key strength, signature digest, or
 * whether the configured private key belongs to it. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "defs/catalog.h"
#include "defs/profile.h"
#include "defs/operators.h"
#include "probes/result.h"
#include "model/certs.h"
#include "model/crypto.h"
#include "probes/table.h"
#include "shared/strutil.h"

static char *date_of(int64_t t, struct arena *a)
{
        if (t == INT64_MIN)
                return arena_strdup(a, "an unreadable date");
        time_t tt = (time_t)t;
        struct tm tm;
        char buf[32];
        if (!gmtime_r(&tt, &tm) || !strftime(buf, sizeof(buf), "%Y-%m-%d", &tm))
                return arena_strdup(a, "?");
        return arena_strdup(a, buf);
}

static char *lower(struct arena *a, const char *s)
{
        char *r = arena_strdup(a, s);
        for (char *p = r; *p; p++)
                if (*p >= 'A' && *p <= 'Z')
                        *p = (char)(*p - 'A' + 'a');
        return r;
}

struct tally {
        struct strbuf actual;
        char *fails, *errors, *notes;
        size_t n_values, n_pass, n_fail, n_error;
        enum source_kind source;
        char *detail;
        bool chosen_fail;
};

static void append(struct arena *a, char **list, const char *text)
{
        *list = *list ? arena_printf(a, "%s; %s", *list, text) : arena_strdup(a, text);
}

static void note_value(struct tally *t, struct arena *a, const char *label, const char *shown,
                       const char *configured, int verdict, const char *why)
{
        strbuf_printf(&t->actual, "%s%s=%s", t->n_values++ ? ", " : "", label, shown);
        if (verdict == OP_FAIL) {
                t->n_fail++;
                append(a, &t->fails, why);
        } else if (verdict == OP_CANNOT) {
                t->n_error++;
                append(a, &t->errors, why);
        } else {
                t->n_pass++;
        }
        if (!t->detail || (verdict == OP_FAIL && !t->chosen_fail)) {
                t->detail = arena_strdup(a, configured ? configured : label);
                t->chosen_fail = verdict == OP_FAIL;
        }
}

static void judge_cert(struct tally *t, const struct profile_entry *e, enum cert_aspect aspect,
                       const char *label, const char *configured, const struct cert_info *ci,
                       int64_t now, struct arena *a)
{
        char *norm, *shown, *why = NULL;
        switch (aspect) {
        case CERT_EXPIRY: {
                /* whole days left, rounded down (a second past notAfter is day -1) */
                int64_t left = ci->not_after == INT64_MIN ? INT64_MIN / 2 : ci->not_after - now;
                long long days = left >= 0 ? left / 86400 : -((-left + 86399) / 86400);
                norm = arena_printf(a, "%lld", days);
                shown = arena_printf(a, "until %s", date_of(ci->not_after, a));
                why = ci->not_after <= now
                              ? arena_printf(a, "%s expired on %s (%lld day%s ago)", label,
                                             date_of(ci->not_after, a), -days, -days == 1 ? "" : "s")
                              : arena_printf(a, "%s expires on %s, in %lld day%s", label,
                                             date_of(ci->not_after, a), days, days == 1 ? "" : "s");
                break;
        }
        case CERT_KEY_STRENGTH:
                norm = arena_printf(a, "%d", ci->security_bits);
                shown = arena_strdup(a, ci->key_detail);
                why = arena_printf(a, "%s: %s gives %d-bit security", label, ci->key_detail,
                                   ci->security_bits);
                break;
        case CERT_SIGNATURE:
                norm = ci->digest ? lower(a, ci->digest) : arena_strdup(a, "intrinsic");
                shown = arena_strdup(a, ci->signature);
                why = arena_printf(a, "%s is signed with %s", label, ci->signature);
                break;
        default:
                return;
        }
        struct observed o = {.has_value = true, .norm = norm};
        char *opwhy = NULL;
        enum op_verdict v = op_eval(e->op, &o, e->expected, e->n_expected, a, &opwhy);
        if (v == OP_CANNOT)
                why = arena_printf(a, "%s: %s", label, opwhy);
        if (v == OP_FAIL && aspect == CERT_SIGNATURE && ci->self_signed) {
                /* A trust anchor's own signature is never checked by a client. */
                v = OP_PASS;
                append(a, &t->notes, arena_printf(a, "%s is self-signed with %s: clients trust it "
                                                     "as it is, so its own signature does not count",
                                                  label, ci->signature));
        }
        note_value(t, a, label, shown, configured, v, why);
}

static void collect(struct node *node, const struct profile_entry *e, struct result *r,
                    struct evidence *ret)
{
        const struct check *c = e->check;
        struct arena *a = node->a;
        char *why;
        const struct cert_list *l = node_certs(node);
        size_t n_mine = 0;
        for (size_t i = 0; i < l->n; i++)
                n_mine += !c->component || l->items[i].spec == c->component;
        if (!n_mine) {
                bool running = certs_any_running(node, c->component);
                r->status = STATUS_SKIP;
                r->reason = running ? arena_strdup(a, "no component here is configured with a "
                                                      "certificate file")
                                    : c->component ? arena_printf(a, "%s does not run here",
                                                                  c->component->name)
                                                   : arena_strdup(a, "no Kubernetes component runs here");
                return;
        }
        if (crypto_available(a, &why) < 0) {
                r->status = STATUS_ERROR;
                r->reason = why;
                return;
        }
        static const char *const words[_CERT_ASPECT_MAX][2] = {
                [CERT_EXPIRY] = {"", " days of validity left"},
                [CERT_KEY_STRENGTH] = {"", "-bit security (RSA 2048 gives 112)"},
                [CERT_SIGNATURE] = {"a signature digest ", ""},
                [CERT_KEY_MATCH] = {"the configured private key is the certificate's: ", ""},
        };
        r->expected = arena_printf(a, "%s%s%s", words[c->aspect][0], r->expected ? r->expected : "",
                                   words[c->aspect][1]);
        int64_t now = (int64_t)time(NULL);
        struct tally t = {0};
        for (size_t i = 0; i < l->n; i++) {
                struct cert_item *it = &l->items[i];
                if ((c->component && it->spec != c->component) ||
                    (c->aspect == CERT_KEY_MATCH && !it->has_key))
                        continue;
                /* counted once: a certificate (with its key, for key-match)
                 * several components are configured with */
                bool again = false;
                for (size_t j = 0; j < i && !again; j++)
                        again = (!c->component || l->items[j].spec == c->component) &&
                                (c->aspect == CERT_KEY_MATCH
                                         ? l->items[j].has_key && streq(l->items[j].pair_id, it->pair_id)
                                         : streq(l->items[j].cert_id, it->cert_id));
                if (again)
                        continue;
                if (it->error) {
                        note_value(&t, a, it->label, "(unreadable)", it->configured, OP_CANNOT, it->error);
                        continue;
                }
                if (c->aspect == CERT_KEY_MATCH) {
                        certs_match_item(it, a);
                        if (it->match_error) {
                                note_value(&t, a, it->label, "(unreadable)", it->configured, OP_CANNOT,
                                           it->match_error);
                                continue;
                        }
                        bool match = it->key_matches;
                        struct observed o = {.has_value = true, .norm = match ? "true" : "false"};
                        char *opwhy = NULL;
                        enum op_verdict v = op_eval(e->op, &o, e->expected, e->n_expected, a, &opwhy);
                        note_value(&t, a, it->label, match ? "matches its key" : "does not match its key",
                                   it->configured, v,
                                   v == OP_CANNOT ? opwhy
                                                  : arena_printf(a, "the private key in %s is not the "
                                                                    "key of %s", it->key_label, it->label));
                        continue;
                }
                certs_parse_item(l, it, a);
                if (it->parse_error) {
                        note_value(&t, a, it->label, "(not a certificate)", it->configured, OP_CANNOT,
                                   it->parse_error);
                        continue;
                }
                struct cert_info *certs = it->certs;
                size_t n = it->n_certs;
                for (size_t k = 0; k < n; k++) {
                        char *label = n == 1 ? it->label
                                             : arena_printf(a, "%s #%zu (%s)", it->label, k + 1,
                                                            certs[k].subject);
                        judge_cert(&t, e, c->aspect, label, it->configured, &certs[k], now, a);
                }
        }
        if (!t.n_values) {
                r->status = STATUS_SKIP;
                r->reason = arena_strdup(a, "no certificate here is configured with its private key");
                strbuf_free(&t.actual);
                return;
        }
        r->source = SOURCE_FILE;
        r->source_detail = t.detail;
        r->actual = arena_strdup(a, t.actual.buf);
        strbuf_free(&t.actual);
        if (t.n_fail) {
                r->status = STATUS_FAIL;
                r->reason = t.fails;
                if (t.errors)
                        append(a, &r->reason, arena_printf(a, "also unreadable: %s", t.errors));
        } else if (t.n_error) {
                r->status = STATUS_ERROR;
                r->reason = t.errors;
        } else {
                r->status = STATUS_PASS;
                r->reason = t.notes;
                return;
        }
        if (t.notes)
                append(a, &r->reason, t.notes);
}

const struct probe_ops probe_certificate_ops = {
        .name = "certificate",
        .collect = collect,
};

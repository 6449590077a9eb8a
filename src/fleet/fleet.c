/* fleet: each report checked and reduced to what the merge shows, the one that stands for each
 * node chosen by date (a date in the future never wins), the rest set aside or beside with why. */
#include "fleet/fleet.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fleet/intake.h"
#include "parse/yamldoc.h"
#include "shared/diag.h"
#include "shared/strutil.h"

struct fleet {
        struct arena *a;
        time_t now;
        struct fleet_node **slots; /* by hostname: open addressing, a power of two */
        size_t n_slots;
        struct fleet_node **nodes; /* in the order they came */
        size_t n_nodes, cap_nodes;
        struct fleet_aside *aside;
        size_t n_aside_listed, n_aside, cap_aside;
        unsigned long reports;
        size_t kept;
        struct fleet_summary summary;
};

struct fleet *fleet_new(struct arena *a, time_t now)
{
        struct fleet *fl = arena_alloc(a, sizeof(*fl));
        fl->a = a;
        fl->now = now;
        return fl;
}

void fleet_free(struct fleet *fl)
{
        if (!fl)
                return;
        for (size_t i = 0; i < fl->n_nodes; i++) {
                free(fl->nodes[i]->stands);
                fl->nodes[i]->stands = NULL;
        }
        fl->n_nodes = 0;
}

size_t fleet_nodes(const struct fleet *fl)
{
        return fl->n_nodes;
}

static void aside_v(struct fleet *fl, const char *name, unsigned line, unsigned column,
                    const char *fmt, va_list ap) __attribute__((format(printf, 5, 0)));
static void aside_v(struct fleet *fl, const char *name, unsigned line, unsigned column,
                    const char *fmt, va_list ap)
{
        fl->n_aside++;
        if (fl->n_aside_listed >= FLEET_MAX_ASIDE_LISTED)
                return;
        fl->aside = arena_grow_items(fl->a, fl->aside, fl->n_aside_listed, &fl->cap_aside,
                                     sizeof(*fl->aside));
        fl->aside[fl->n_aside_listed++] = (struct fleet_aside){
                .source = arena_strdup(fl->a, name),
                .line = line,
                .column = column,
                .reason = arena_vprintf(fl->a, fmt, ap),
        };
}

/* A report fleet_add counted, set aside. */
static void aside(struct fleet *fl, const char *name, unsigned line, unsigned column,
                  const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void aside(struct fleet *fl, const char *name, unsigned line, unsigned column,
                  const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        aside_v(fl, name, line, column, fmt, ap);
        va_end(ap);
}

void fleet_set_aside(struct fleet *fl, const char *name, unsigned line, unsigned column,
                     const char *fmt, ...)
{
        va_list ap;
        fl->reports++;
        va_start(ap, fmt);
        aside_v(fl, name, line, column, fmt, ap);
        va_end(ap);
}

static int aside_diag(struct fleet *fl, const char *name, const struct diag *d)
{
        aside(fl, name, d->line, d->column, "%s", d->message);
        return -EINVAL;
}

/* --- reading one report ------------------------------------------------- */

static const char *str(const struct ynode *n)
{
        return n && n->type == YNODE_SCALAR && !ynode_is_null(n) ? n->value : NULL;
}

static int bad(struct diag *d, const char *name, const struct ynode *n, const char *what)
{
        diag_set(d, name, n ? n->line : 0, n ? n->column : 0, "not a nodeaudit/v1 report: %s", what);
        return -EINVAL;
}

static bool digits_at(const char *s, size_t n, int *ret)
{
        int v = 0;
        for (size_t i = 0; i < n; i++) {
                if (s[i] < '0' || s[i] > '9')
                        return false;
                v = v * 10 + (s[i] - '0');
        }
        *ret = v;
        return true;
}

/* "YYYY-MM-DDTHH:MM:SS[.fraction]Z", as the scan writes started_at; the fraction is dropped. */
static int parse_utc(const char *s, time_t *ret)
{
        struct tm tm = {0};
        int year, mon, day, hour, min, sec;
        if (strlen(s) < 20 || !digits_at(s, 4, &year) || s[4] != '-' || !digits_at(s + 5, 2, &mon) ||
            s[7] != '-' || !digits_at(s + 8, 2, &day) || s[10] != 'T' ||
            !digits_at(s + 11, 2, &hour) || s[13] != ':' || !digits_at(s + 14, 2, &min) ||
            s[16] != ':' || !digits_at(s + 17, 2, &sec))
                return -EINVAL;
        const char *p = s + 19;
        if (*p == '.') {
                size_t n = strspn(p + 1, "0123456789");
                if (n == 0 || n > 9)
                        return -EINVAL;
                p += 1 + n;
        }
        if (!streq(p, "Z") || year < 1970 || mon < 1 || mon > 12 || day < 1 || day > 31 ||
            hour > 23 || min > 59 || sec > 60)
                return -EINVAL;
        tm.tm_year = year - 1900;
        tm.tm_mon = mon - 1;
        tm.tm_mday = day;
        tm.tm_hour = hour;
        tm.tm_min = min;
        tm.tm_sec = sec == 60 ? 59 : sec;
        time_t t = timegm(&tm);
        if (t == (time_t)-1 || tm.tm_mday != day) /* timegm moved 31 April to 1 May */
                return -EINVAL;
        *ret = t;
        return 0;
}

static bool known_status(const char *s)
{
        static const char *const statuses[] = {"pass", "fail", "manual", "skip", "error", "waived"};
        for (size_t i = 0; i < ELEMENTSOF(statuses); i++)
                if (streq(s, statuses[i]))
                        return true;
        return false;
}

/* What a report says, pointing into its parsed tree, before it is copied. */
struct draft {
        const char *hostname, *profile, *started_at;
        time_t when;
        double score;
        unsigned pass, fail, error;
        const struct ynode **failing;
        size_t n_failing;
};

static int read_report(const struct ynode *doc, const char *name, struct arena *a, struct draft *r,
                       struct diag *d)
{
        if (doc->type != YNODE_MAP || !streq(str(ynode_get(doc, "schema")), "nodeaudit/v1"))
                return bad(d, name, doc, "no \"schema\": \"nodeaudit/v1\"");
        const struct ynode *results = ynode_get(doc, "results");
        const struct ynode *summary = ynode_get(doc, "summary");
        if (!results || results->type != YNODE_SEQ || !summary || summary->type != YNODE_MAP)
                return bad(d, name, doc, "no results or summary");
        const char *score = str(ynode_get(summary, "score"));
        if (!score || parse_double(score, &r->score) < 0 || !isfinite(r->score) || r->score < 0 ||
            r->score > 100)
                return bad(d, name, summary, "summary.score is not a number from 0 to 100");
        const struct ynode *started = ynode_get(doc, "started_at");
        r->started_at = str(started);
        if (!r->started_at || parse_utc(r->started_at, &r->when) < 0)
                return bad(d, name, started ? started : doc,
                           "started_at is not a UTC time (YYYY-MM-DDTHH:MM:SSZ)");
        r->hostname = str(ynode_path(doc, "node.hostname"));
        if (r->hostname && !r->hostname[0])
                r->hostname = NULL;
        r->profile = str(ynode_path(doc, "profile.name"));
        r->failing = arena_alloc(a, (results->n + 1) * sizeof(*r->failing));
        for (size_t i = 0; i < results->n; i++) {
                const struct ynode *res = results->items[i];
                const char *status = str(ynode_get(res, "status")), *id = str(ynode_get(res, "id"));
                if (res->type != YNODE_MAP || !id || !id[0])
                        return bad(d, name, res, "a result without an id");
                if (!status || !known_status(status))
                        return bad(d, name, res, "a result without a known status");
                r->pass += streq(status, "pass");
                r->fail += streq(status, "fail");
                r->error += streq(status, "error");
                if (streq(status, "fail") || streq(status, "error"))
                        r->failing[r->n_failing++] = res;
        }
        return 0;
}

/* Copies of the strings a report keeps, in one block with the report. */
struct packer {
        char *next;
        size_t need;
};

static char *pack(struct packer *p, const char *s)
{
        size_t n = strlen(s ? s : "") + 1;
        if (!p->next) {
                p->need += n;
                return NULL;
        }
        char *out = memcpy(p->next, s ? s : "", n);
        p->next += n;
        return out;
}

/* The report as it is kept: malloc'd once, freed when another report stands for its node. */
static struct fleet_report *keep(const struct draft *r, const char *name, bool future)
{
        struct fleet_report *k = NULL;
        struct packer p = {0};
        size_t head = sizeof(*k) + r->n_failing * sizeof(*k->failing);
        for (int pass = 0; pass < 2; pass++) {
                if (pass == 1) {
                        k = calloc(1, head + p.need);
                        if (!k) {
                                fputs("nodeaudit: out of memory\n", stderr);
                                abort();
                        }
                        k->failing = (struct fleet_failing *)(k + 1);
                        p.next = (char *)k + head;
                        k->size = head + p.need;
                }
                char *host = pack(&p, r->hostname ? r->hostname : name);
                char *profile = r->profile ? pack(&p, r->profile) : NULL;
                char *started = pack(&p, r->started_at), *source = pack(&p, name);
                for (size_t i = 0; i < r->n_failing; i++) {
                        const struct ynode *res = r->failing[i];
                        char *id = pack(&p, str(ynode_get(res, "id")));
                        char *number = pack(&p, str(ynode_get(res, "benchmark_id")));
                        char *title = pack(&p, str(ynode_get(res, "title")));
                        if (k)
                                k->failing[i] = (struct fleet_failing){
                                        .id = id,
                                        .number = number,
                                        .title = title,
                                        .error = streq(str(ynode_get(res, "status")), "error"),
                                };
                }
                if (k) {
                        k->hostname = host;
                        k->profile = profile;
                        k->started_at = started;
                        k->source = source;
                }
        }
        k->when = r->when;
        k->future = future;
        k->score = r->score;
        k->pass = r->pass;
        k->fail = r->fail;
        k->error = r->error;
        k->n_failing = r->n_failing;
        return k;
}

/* --- which report stands for a node ------------------------------------- */


static struct fleet_node **slot(struct fleet_node **slots, size_t n_slots, const char *host)
{
        size_t i = (size_t)str_hash(host) & (n_slots - 1);
        while (slots[i] && !streq(slots[i]->stands->hostname, host))
                i = (i + 1) & (n_slots - 1);
        return &slots[i];
}

static struct fleet_node *add_node(struct fleet *fl, struct fleet_report *k)
{
        if (2 * (fl->n_nodes + 1) > fl->n_slots) {
                size_t n = fl->n_slots ? 2 * fl->n_slots : 64;
                struct fleet_node **slots = arena_alloc(fl->a, n * sizeof(*slots));
                for (size_t i = 0; i < fl->n_nodes; i++)
                        *slot(slots, n, fl->nodes[i]->stands->hostname) = fl->nodes[i];
                fl->slots = slots;
                fl->n_slots = n;
        }
        struct fleet_node *node = arena_alloc(fl->a, sizeof(*node));
        node->stands = k;
        node->reports = 1;
        *slot(fl->slots, fl->n_slots, k->hostname) = node;
        fl->nodes = (struct fleet_node **)arena_grow(fl->a, (void **)fl->nodes, fl->n_nodes,
                                                     &fl->cap_nodes);
        fl->nodes[fl->n_nodes++] = node;
        return node;
}

/* A report not dated in the future beats one that is; then the later date; at the same
 * date, the one read last (a node scanned twice in a second is the same node). */
static bool beats(const struct fleet_report *x, const struct fleet_report *y)
{
        if (x->future != y->future)
                return !x->future;
        return x->when >= y->when;
}

static void set_beside(struct fleet *fl, struct fleet_node *node, struct fleet_report *k)
{
        node->future_beside |= k->future;
        if (node->n_beside < FLEET_MAX_BESIDE)
                node->beside[node->n_beside++] = (struct fleet_beside){
                        .source = arena_strdup(fl->a, k->source),
                        .started_at = arena_strdup(fl->a, k->started_at),
                        .score = k->score,
                        .future = k->future,
                };
        fl->kept -= k->size;
        free(k);
}

static int place(struct fleet *fl, struct fleet_report *k)
{
        struct fleet_node *node = fl->n_slots ? *slot(fl->slots, fl->n_slots, k->hostname) : NULL;
        bool stands = !node || beats(k, node->stands);
        if (stands && fl->kept + k->size > FLEET_MAX_KEPT) {
                aside(fl, k->source, 0, 0, "the merge holds %zu bytes of reports, its limit",
                                fl->kept);
                free(k);
                return -EFBIG;
        }
        if (!node && fl->n_nodes >= FLEET_MAX_NODES) {
                aside(fl, k->source, 0, 0, "more than %u nodes", FLEET_MAX_NODES);
                free(k);
                return -E2BIG;
        }
        fl->kept += k->size;
        if (!node) {
                add_node(fl, k);
                return 0;
        }
        node->reports++;
        if (stands) {
                struct fleet_report *old = node->stands;
                node->stands = k; /* same hostname: the slot stays right */
                set_beside(fl, node, old);
        } else {
                set_beside(fl, node, k);
        }
        return 0;
}

int fleet_add(struct fleet *fl, const char *text, size_t len, const char *name)
{
        struct diag d = {0};
        fl->reports++;
        if (len > FLEET_MAX_REPORT) {
                aside(fl, name, 0, 0, "larger than %u bytes", FLEET_MAX_REPORT);
                return -EFBIG;
        }
        struct strbuf json = {0};
        if (intake_json(text, len, name, &json, &d) < 0) {
                strbuf_free(&json);
                return aside_diag(fl, name, &d);
        }
        _cleanup_arena_ struct arena *scratch = arena_new();
        struct ynode *doc;
        int err = ydoc_parse(json.buf, json.len, name, scratch, &doc, &d);
        strbuf_free(&json);
        struct draft r = {0};
        if (err < 0 || read_report(doc, name, scratch, &r, &d) < 0)
                return aside_diag(fl, name, &d);
        return place(fl, keep(&r, name, r.when > fl->now + FLEET_FUTURE_SLACK_S));
}

/* --- the merged view ---------------------------------------------------- */

static int cmp_node(const void *x, const void *y)
{
        const struct fleet_report *a = (*(struct fleet_node *const *)x)->stands;
        const struct fleet_report *b = (*(struct fleet_node *const *)y)->stands;
        if (a->score != b->score)
                return a->score < b->score ? -1 : 1;
        int c = strcmp(a->hostname, b->hostname);
        return c ? c : strcmp(a->source, b->source);
}

/* One failing check of one node, with the node's place worst first. */
struct pair {
        const struct fleet_failing *f;
        size_t rank;
        const struct fleet_node *node;
};

static int cmp_pair(const void *x, const void *y)
{
        const struct pair *a = x, *b = y;
        int c = strcmp(a->f->id, b->f->id);
        if (c)
                return c;
        return a->rank < b->rank ? -1 : a->rank > b->rank;
}

static int cmp_check(const void *x, const void *y)
{
        const struct fleet_check *a = x, *b = y;
        if (a->n_nodes != b->n_nodes)
                return a->n_nodes > b->n_nodes ? -1 : 1;
        return strcmp(a->id, b->id);
}

static void summarize_checks(struct fleet *fl, struct fleet_summary *s,
                             struct fleet_node *const *nodes)
{
        size_t n_pairs = 0;
        for (size_t i = 0; i < fl->n_nodes; i++)
                n_pairs += nodes[i]->stands->n_failing;
        struct pair *pairs = arena_alloc(fl->a, (n_pairs + 1) * sizeof(*pairs));
        n_pairs = 0;
        for (size_t i = 0; i < fl->n_nodes; i++)
                for (size_t j = 0; j < nodes[i]->stands->n_failing; j++)
                        pairs[n_pairs++] = (struct pair){&nodes[i]->stands->failing[j], i, nodes[i]};
        if (n_pairs)
                qsort(pairs, n_pairs, sizeof(*pairs), cmp_pair);
        struct fleet_check *checks = arena_alloc(fl->a, (n_pairs + 1) * sizeof(*checks));
        size_t n = 0;
        for (size_t i = 0; i < n_pairs;) {
                size_t j = i;
                while (j < n_pairs && streq(pairs[j].f->id, pairs[i].f->id))
                        j++;
                struct fleet_check *c = &checks[n++];
                *c = (struct fleet_check){.id = pairs[i].f->id, .number = pairs[i].f->number,
                                          .title = pairs[i].f->title};
                c->nodes = arena_alloc(fl->a, (j - i) * sizeof(*c->nodes));
                for (size_t k = i; k < j; k++) {
                        /* a report that names a check twice counts its node once */
                        bool again = k > i && pairs[k].node == pairs[k - 1].node;
                        if (!again)
                                c->nodes[c->n_nodes++] = pairs[k].node;
                        if (pairs[k].f->error && (!again || !pairs[k - 1].f->error))
                                c->errors++;
                }
                i = j;
        }
        if (n)
                qsort(checks, n, sizeof(*checks), cmp_check);
        s->checks = checks;
        s->n_checks = n;
}

const struct fleet_summary *fleet_summarize(struct fleet *fl)
{
        struct fleet_summary *s = &fl->summary;
        struct fleet_node **nodes = arena_alloc(fl->a, (fl->n_nodes + 1) * sizeof(*nodes));
        if (fl->n_nodes)
                memcpy(nodes, fl->nodes, fl->n_nodes * sizeof(*nodes));
        if (fl->n_nodes)
                qsort(nodes, fl->n_nodes, sizeof(*nodes), cmp_node);
        double sum = 0;
        s->n_flagged = 0;
        for (size_t i = 0; i < fl->n_nodes; i++) {
                sum += nodes[i]->stands->score;
                s->n_flagged += fleet_node_flag(nodes[i], 0) != NULL;
        }
        s->nodes = (const struct fleet_node *const *)nodes;
        s->n_nodes = fl->n_nodes;
        s->mean = fl->n_nodes ? sum / (double)fl->n_nodes : 0;
        summarize_checks(fl, s, nodes);
        s->aside = fl->aside;
        s->n_aside_listed = fl->n_aside_listed;
        s->n_aside = fl->n_aside;
        s->reports = fl->reports;
        return s;
}

const char *fleet_node_flag(const struct fleet_node *n, size_t i)
{
        const char *flags[3];
        size_t k = 0;
        if (n->reports > 1)
                flags[k++] = "duplicate_hostname";
        if (n->stands->future)
                flags[k++] = "future_started_at";
        if (n->future_beside)
                flags[k++] = "future_report_set_beside";
        return i < k ? flags[i] : NULL;
}

/* waivers: accepted exceptions with a reason and an expiry (see waivers.h). */
#include "defs/waivers.h"

#include <errno.h>
#include <string.h>
#include <time.h>

#include "defs/profile.h"
#include "defs/fields.h"
#include "io/localfs.h"
#include "io/rootfs.h"
#include "parse/yamldoc.h"
#include "shared/strutil.h"

#define WAIVERS_MAX_FILE (4u * 1024 * 1024)

int waiver_date(const char *s, int *ret)
{
        static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
                return -EINVAL;
        for (int i = 0; i < 10; i++)
                if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
                        return -EINVAL;
        int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
        int m = (s[5] - '0') * 10 + (s[6] - '0');
        int d = (s[8] - '0') * 10 + (s[9] - '0');
        bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        if (y < 1970 || m < 1 || m > 12 || d < 1 || d > days[m - 1] || (m == 2 && d == 29 && !leap))
                return -EINVAL;
        *ret = y * 10000 + m * 100 + d;
        return 0;
}

int waiver_today(void)
{
        time_t now = time(NULL);
        struct tm tm;
        gmtime_r(&now, &tm);
        return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

static int parse_one(const struct ynode *n, const char *file, struct arena *a, struct waiver *w,
                     struct diag *d)
{
        struct fields {
                const char *check, *reason, *expires, *nodes;
        } f = {0};
        static const struct field table[] = {
                FIELD("check", FIELD_STR, true, struct fields, check),
                FIELD("reason", FIELD_STR, true, struct fields, reason),
                FIELD("expires", FIELD_STR, true, struct fields, expires),
                FIELD("nodes", FIELD_STR, false, struct fields, nodes),
        };
        int err = fields_read(n, table, ELEMENTSOF(table), "a waiver", file, a, &f, d);
        if (err < 0)
                return err;
        const char *check = f.check, *reason = f.reason, *expires = f.expires, *nodes = f.nodes;
        if (!*check)
                return ydef_fail(d, file, ynode_get(n, "check"), "a waiver needs a check id or number");
        if (!*reason)
                return ydef_fail(d, file, ynode_get(n, "reason"), "%s",
                               "a waiver needs a reason: say why the fail is accepted");
        if (waiver_date(expires, &w->expires_on) < 0)
                return ydef_fail(d, file, ynode_get(n, "expires"),
                               "\"%s\" is not a date (YYYY-MM-DD)", expires);
        if (nodes && !*nodes)
                return ydef_fail(d, file, ynode_get(n, "nodes"), "%s",
                               "\"nodes\" is empty: leave it out to match every node");
        w->check = arena_strdup(a, check);
        w->reason = arena_strdup(a, reason);
        w->expires = arena_strdup(a, expires);
        w->nodes = nodes ? arena_strdup(a, nodes) : NULL;
        w->file = arena_strdup(a, file);
        w->line = n->line;
        return 0;
}

int waivers_parse(const char *text, size_t len, const char *file, struct arena *a,
                  struct waivers **ret, struct diag *d)
{
        struct ynode *root;
        int err = ydoc_parse(text, len, file, a, &root, d);
        if (err < 0)
                return err;
        struct {
                const struct ynode *waivers;
        } top = {0};
        static const struct field top_table[] = {
                FIELD("waivers", FIELD_NODE, false, __typeof__(top), waivers),
        };
        if ((err = fields_read(root, top_table, ELEMENTSOF(top_table), "a waivers file", file, a,
                               &top, d)) < 0)
                return err;
        const struct ynode *list = ynode_get(root, "waivers");
        if (!list)
                return ydef_fail(d, file, root, "%s", "no \"waivers:\" list");
        struct waivers *ws = arena_alloc(a, sizeof(*ws));
        if (ynode_is_null(list)) {
                *ret = ws; /* "waivers:" with nothing under it: none */
                return 0;
        }
        if (list->type != YNODE_SEQ)
                return ydef_fail(d, file, list, "%s", "\"waivers\" must be a list");
        ws->items = arena_alloc(a, (list->n + 1) * sizeof(*ws->items));
        for (size_t i = 0; i < list->n; i++) {
                if ((err = parse_one(list->items[i], file, a, &ws->items[i], d)) < 0)
                        return err;
                ws->n++;
        }
        *ret = ws;
        return 0;
}

int waivers_load(const char *path, struct arena *a, struct waivers **ret, struct diag *d)
{
        char *buf;
        size_t len;
        int err = localfs_read(path, WAIVERS_MAX_FILE, a, &buf, &len, d);
        return err < 0 ? err : waivers_parse(buf, len, path, a, ret, d);
}

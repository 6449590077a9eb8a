/* systemd-directive: a list directive of a systemd unit, drop-ins applied. */
#include <string.h>
#include <sys/stat.h>

#include "defs/profile.h"
#include "probes/result.h"
#include "io/rootfs.h"
#include "model/files.h"
#include "model/node.h"
#include "model/units.h"
#include "parse/unit.h"
#include "probes/helpers.h"
#include "probes/table.h"
#include "shared/strutil.h"

/* A list directive of a unit (setting "Service.IPAddressDeny"), with its
 * drop-ins applied as systemd applies them. "0.0.0.0/0 ::/0" reads as "any". */
static void collect(struct node *node, const struct profile_entry *e, struct result *r,
                    struct evidence *ret)
{
        struct arena *a = node->a;
        const struct check *c = e->check;
        char **files;
        size_t n;
        node_unit_files(node, c->unit, &files, &n);
        struct stat st;
        if (!n || node_lstat(node, NULL, files[0], &st) < 0 ||
            !str_endswith(files[0], c->unit)) {
                r->status = STATUS_SKIP;
                r->reason = arena_printf(a, "no %s unit file in the systemd unit directories", c->unit);
                return;
        }
        char *target;
        if (S_ISLNK(st.st_mode) && node_readlink(node, NULL, files[0], &target) == 0 &&
            streq(target, "/dev/null")) {
                r->status = STATUS_SKIP;
                r->reason = arena_printf(a, "%s is masked (%s links to /dev/null)", c->unit, files[0]);
                return;
        }
        struct unit_file u = {0};
        for (size_t i = 0; i < n; i++) {
                char *buf;
                size_t len;
                int err = node_read_file(node, NULL, files[i], ROOTFS_MAX_CONFIG, &buf, &len);
                if (err < 0) {
                        r->source = SOURCE_FILE;
                        r->source_detail = files[i];
                        probe_error(r, a, "%s: %s", files[i], rootfs_strerror(err));
                        return;
                }
                unit_parse(&u, files[i], buf, len, a);
        }
        const char *key = strchr(c->keys[0], '.');
        char *section = arena_strndup(a, c->keys[0], (size_t)(key - c->keys[0]));
        const struct unit_assignment *last;
        char *list = unit_list_value(&u, section, key + 1, a, &last);
        struct setting_value v = {.ok = true, .source = SOURCE_FILE};
        v.detail = last ? arena_printf(a, "%s:%u", last->file, last->line)
                        : arena_printf(a, "%s and %zu drop-in%s", files[0], n - 1, n == 2 ? "" : "s");
        if (list) {
                char **items;
                size_t ni = str_split(a, list, ' ', &items);
                bool v4 = str_in_list("0.0.0.0/0", items, ni), v6 = str_in_list("::/0", items, ni);
                if (v4 && v6 && !str_in_list("any", items, ni)) {
                        char **more = arena_alloc(a, (ni + 2) * sizeof(*more));
                        memcpy(more, items, ni * sizeof(*items));
                        more[ni++] = arena_strdup(a, "any");
                        items = more;
                }
                v.has_value = true;
                v.value = (struct value){.norm = list, .raw = *list ? list : arena_strdup(a, "(reset to empty)"),
                                         .items = items, .n_items = ni};
        }
        if (u.n_problems)
                v.note = arena_printf(a, "systemd ignores: %s", str_join(a, u.problems, u.n_problems, "; "));
        struct setting_value *values = arena_alloc(a, sizeof(*values));
        *values = v;
        *ret = (struct evidence){.kind = EVIDENCE_VALUES, .n = 1, .names = c->keys,
                                 .values = values, .owner = c->unit};
}


const struct probe_ops probe_unit_ops = {
        .name = "systemd-directive",
        .collect = collect,
};

/* file-content: the first line of a small file (AppArmor's enabled flag, say). */
#include <errno.h>
#include <string.h>

#include "defs/profile.h"
#include "probes/result.h"
#include "io/rootfs.h"
#include "model/files.h"
#include "model/node.h"
#include "probes/helpers.h"
#include "probes/table.h"
#include "shared/strutil.h"

static void collect(struct node *node, const struct profile_entry *e, struct result *r,
                    struct evidence *ret)
{
        struct arena *a = node->a;
        const struct check *c = e->check;
        r->source = SOURCE_FILE;
        r->source_detail = c->paths[0];
        char *buf;
        size_t len;
        int err = node_read_file(node, NULL, c->paths[0], 65536, &buf, &len);
        if (err == -ENOENT) {
                r->status = c->missing_fails ? STATUS_FAIL : STATUS_SKIP;
                r->actual = c->missing_fails ? arena_strdup(a, "(missing)") : NULL;
                r->reason = arena_printf(a, "%s does not exist", c->paths[0]);
                return;
        }
        if (err < 0) {
                probe_error(r, a, "%s: %s", c->paths[0], rootfs_strerror(err));
                return;
        }
        buf[strcspn(buf, "\n")] = '\0';
        r->actual = buf;
        struct setting_value *v = arena_alloc(a, sizeof(*v));
        *v = (struct setting_value){.ok = true, .has_value = true, .value = {.norm = buf}};
        *ret = (struct evidence){.kind = EVIDENCE_OBSERVED, .n = 1, .values = v};
}

const struct probe_ops probe_file_content_ops = {
        .name = "file-content",
        .collect = collect,
};
